"""``artefacts batch``: a caseload as one batch of tasks on Dask, local or a real TCP cluster.

Every per-extraction timeline must hold exactly what ``artefacts parse`` of that extraction alone
gives (event ids and content); a worker killed mid-task must not lose, duplicate or half-write an
extraction; a rerun must do no work for finished extractions; keys never leave in clear or in the
record.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE_DATA

pytest.importorskip("distributed")

from artefacts.batch import BatchOptions, run_batch  # noqa: E402
from artefacts.batch.cluster import TLS, check_transport, connect  # noqa: E402
from artefacts.batch.manifest import load_manifest, output_name  # noqa: E402
from artefacts.engine import RunOptions, UsageError, run_parse  # noqa: E402

CLI = [sys.executable, "-c", "from artefacts.cli import main; main()"]
SMALL = {"kik": SAMPLE_DATA / "kik" / "ios", "hangouts": SAMPLE_DATA / "hangouts" / "android",
         "phone A": SAMPLE_DATA / "android.zip", "wa": SAMPLE_DATA / "whatsapp" / "android"}


def _manifest(tmp: Path, extractions: dict, keys: dict | None = None, name="manifest.toml") -> Path:
    lines = ['case_number = "2026-0042"', 'examiner = "Test Examiner"', ""]
    for eid, path in extractions.items():
        lines += ["[[extraction]]", f"path = {json.dumps(str(path))}", f"evidence_id = {json.dumps(eid)}"]
        if keys and eid in keys:
            lines.append(f"keys = {json.dumps(keys[eid])}")
        lines.append("")
    path = tmp / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _content(timeline: Path) -> list[tuple[str, str]]:
    """(event id, SHA-256 of every column) of every event: what must not change."""
    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
        return sorted((row[0], hashlib.sha256(json.dumps(row, default=repr).encode()).hexdigest())
                      for row in con.execute(f"SELECT {', '.join(cols)} FROM events"))
    finally:
        con.close()


def _alone(tmp: Path, eid: str, path: Path, **kw) -> list:
    out = tmp / "alone" / output_name(eid)
    run_parse(RunOptions(inputs=[path], output=out, evidence_ids=[eid], case_number="2026-0042",
                         examiner="Test Examiner", workdir=tmp / "alone-work", **kw))
    return _content(out)


def _record(casedir: Path) -> dict:
    return json.loads((casedir / "batch.json").read_text(encoding="utf-8"))["extractions"]


def test_local_cluster_batch_equals_parse_alone_and_resumes(tmp_path):
    manifest = _manifest(tmp_path, SMALL)
    case = tmp_path / "case"
    result = run_batch(BatchOptions(manifest, case, workers=2))
    assert (result.exit_code, result.done, result.failed, result.skipped) == (0, 4, 0, 0)
    record = _record(case)
    for eid, path in SMALL.items():
        out = case / output_name(eid)
        assert _content(out) == _alone(tmp_path, eid, path), eid
        entry = record[eid]
        assert entry["state"] == "done" and entry["events"] == len(_content(out)) > 0
        assert entry["outputs"] == {out.name: hashlib.sha256(out.read_bytes()).hexdigest()}
    assert (case / "phone A.sqlite").exists()  # the evidence id names the file, encoded where needed
    mtimes = {p.name: p.stat().st_mtime_ns for p in case.iterdir()}
    again = run_batch(BatchOptions(manifest, case, workers=2))
    assert (again.done, again.skipped, again.exit_code) == (0, 4, 0)
    assert {k: v["state"] for k, v in _record(case).items()} == dict.fromkeys(SMALL, "skipped")
    assert all(p.stat().st_mtime_ns == mtimes[p.name] for p in case.iterdir() if p.name != "batch.json")
    # an output that no longer verifies is parsed again, and only it
    victim = case / "kik.sqlite"
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")
    third = run_batch(BatchOptions(manifest, case, workers=1))
    assert (third.done, third.skipped) == (1, 3) and _record(case)["kik"]["state"] == "done"
    assert _content(victim) == _alone(tmp_path / "again", "kik", SMALL["kik"])
    assert sorted(p.name for p in case.iterdir() if p.name.startswith(".")) == []


def test_a_failing_extraction_is_reported_and_the_others_finish(tmp_path):
    manifest = _manifest(tmp_path, {"kik": SMALL["kik"], "gone": tmp_path / "no-such-phone.zip"})
    proc = subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp_path / "case"), "--workers", "2"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 3, proc.stderr
    assert "failed: gone: FileNotFoundError" in proc.stderr and "Traceback" not in proc.stderr
    record = _record(tmp_path / "case")
    assert record["kik"]["state"] == "done" and record["gone"]["state"] == "failed"
    assert "no-such-phone.zip does not exist" in record["gone"]["reason"]
    assert sorted(p.name for p in (tmp_path / "case").iterdir()) == ["batch.json", "kik.sqlite", "kik.sqlite.sha256"]


def test_manifest_errors_are_usage_errors(tmp_path):
    (tmp_path / "dup.toml").write_text('[[extraction]]\npath = "a"\nevidence_id = "x"\n[[extraction]]\npath = "b"\n'
                                       'evidence_id = "x"\n', encoding="utf-8")
    (tmp_path / "field.toml").write_text('[[extraction]]\npath = "a"\npasword = "x"\n', encoding="utf-8")
    (tmp_path / "key.toml").write_text('[[extraction]]\npath = "a"\nkeys = ["no equals sign"]\n', encoding="utf-8")
    (tmp_path / "bad.toml").write_text('[[extraction\n', encoding="utf-8")
    (tmp_path / "zone.toml").write_text('timezone = "Mars/Olympus"\n[[extraction]]\npath = "a"\n', encoding="utf-8")
    for name, words in (("dup", "twice"), ("field", "unknown fields"), ("key", "APP=KEY"), ("bad", "not a readable"),
                        ("zone", "IANA time zone")):
        with pytest.raises(UsageError, match=words):
            load_manifest(tmp_path / f"{name}.toml")
        proc = subprocess.run([*CLI, "batch", str(tmp_path / f"{name}.toml"), "-o", str(tmp_path / "c")],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr and words in proc.stderr


def test_a_manifest_timezone_reaches_the_parse_of_its_extraction(tmp_path):
    # a witness's WhatsApp chat export: its times are the exporting phone's local time
    export = SAMPLE_DATA / "whatsapp_export" / "android_en_gb"
    manifest = tmp_path / "m.toml"
    manifest.write_text(f'case_number = "2026-0042"\nexaminer = "Test Examiner"\ntimezone = "America/New_York"\n'
                        f'[[extraction]]\npath = {json.dumps(str(export))}\nevidence_id = "W"\n'
                        f'[[extraction]]\npath = {json.dumps(str(export))}\nevidence_id = "W-utc"\ntimezone = "UTC"\n',
                        encoding="utf-8")
    case = tmp_path / "case"
    result = run_batch(BatchOptions(manifest, case, workers=1))
    assert (result.exit_code, result.done) == (0, 2)
    record = _record(case)
    assert record["W"]["warnings"] == 0 and record["W"]["input"]["timezone"] == "America/New_York"
    assert _content(case / "W.sqlite") == _alone(tmp_path, "W", export, timezone="America/New_York")
    assert _content(case / "W-utc.sqlite") == _alone(tmp_path / "utc", "W-utc", export, timezone="UTC")
    con = sqlite3.connect(f"file:{case / 'W.sqlite'}?mode=ro", uri=True)
    first = con.execute("SELECT timestamp, timestamp_raw FROM events WHERE source_locator = 'line=1'").fetchone()
    command = con.execute("SELECT command FROM run").fetchone()[0]
    con.close()
    assert first == ("2021-03-14T13:05:00.000000Z", "14/03/2021, 09:05")  # EDT, UTC-4 that morning
    assert "--timezone America/New_York" in command


def test_a_folder_manifest_names_extractions_as_parse_does(tmp_path):
    folder = tmp_path / "phones"
    folder.mkdir()
    (folder / "A.zip").write_bytes((SAMPLE_DATA / "android.zip").read_bytes())
    (folder / "B").symlink_to(SAMPLE_DATA / "kik" / "ios")
    (folder / ".DS_Store").write_text("x")
    manifest = load_manifest(folder)
    assert [(e.evidence_id, e.path.name) for e in manifest.extractions] == [("A", "A.zip"), ("B", "B")]
    assert output_name("../x") == "%2E.%2Fx.sqlite" and output_name(".hidden") == "%2Ehidden.sqlite"


def test_keys_never_travel_in_clear_or_into_the_record(tmp_path):
    key = "signal=4bb04cf63b16651faa3e2a75678d12eeba448d91c493347b11acd3c16f2b25f5"
    manifest = _manifest(tmp_path, {"sig": SAMPLE_DATA / "signal" / "android"}, keys={"sig": [key]})
    with pytest.raises(UsageError, match="not reached over TLS"):
        check_transport("tcp://10.0.0.5:8786", TLS(), has_keys=True, allow_insecure_keys=False)
    assert "without TLS" in check_transport("tcp://10.0.0.5:8786", TLS(), True, True)
    assert check_transport("tcp://10.0.0.5:8786", TLS(), has_keys=False, allow_insecure_keys=False) is None
    with pytest.raises(UsageError, match="needs --tls-ca-file"):
        check_transport("tls://10.0.0.5:8786", TLS(), False, False)
    proc = subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp_path / "c"), "--scheduler", "tcp://127.0.0.1:9"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "TLS" in proc.stderr
    proc = subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp_path / "case"), "--workers", "1"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    secret = key.split("=", 1)[1]
    record = (tmp_path / "case" / "batch.json").read_text(encoding="utf-8")
    assert secret not in record and "signal=<redacted>" in record and secret not in proc.stderr
    con = sqlite3.connect(tmp_path / "case" / "sig.sqlite")
    run = con.execute("SELECT command, inputs FROM run").fetchone()
    assert secret not in run[0] and "signal=<redacted>" in run[0] and secret not in run[1]
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0  # the key did reach the task


def test_the_local_cluster_listens_on_localhost_only():
    import shutil

    client, cluster = connect(None, 1, TLS())
    try:
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        assert all(a.startswith("tcp://127.0.0.1:") for a in client.scheduler_info()["workers"])
        if shutil.which("ss"):  # every listening socket of the scheduler and worker processes
            pids = {os.getpid(), *client.run(os.getpid).values()}
            listening = [line.split()[3] for line in subprocess.run(["ss", "-ltnp"], capture_output=True, text=True).stdout
                         .splitlines() if any(f"pid={p}," in line for p in pids)]
            assert len(listening) >= 3 and all(a.startswith("127.0.0.1:") for a in listening), listening
    finally:
        client.close()
        cluster.close()


# -- a real cluster: a dask scheduler and two dask workers, over TCP -------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tcp_cluster(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], stdout=subprocess.DEVNULL,
                              stderr=open(tmp_path / "scheduler.log", "w"), env=env)]
    for i in range(2):
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                       "--no-nanny", "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}"],
                                      stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"worker{i}.log", "w"), env=env))
    from distributed import Client

    client = Client(address, timeout="60s")
    client.wait_for_workers(2, timeout=120)
    try:
        yield address, client
    finally:
        client.close()
        for p in procs:
            p.kill()
            p.wait()


def test_tcp_cluster_batch_equals_parse_alone(tmp_path, tcp_cluster):
    address, _ = tcp_cluster
    manifest = _manifest(tmp_path, SMALL)
    proc = subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp_path / "case"), "--scheduler", address],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    record = _record(tmp_path / "case")
    assert {r["worker"].split(":")[0] for r in record.values()} and len({r["worker"] for r in record.values()}) >= 1
    for eid, path in SMALL.items():
        assert record[eid]["state"] == "done"
        assert _content(tmp_path / "case" / output_name(eid)) == _alone(tmp_path, eid, path), eid


def _big_extraction(root: Path, n_sms: int) -> Path:
    from artefacts.synthetic import build_mmssms

    db = root / "data/data/com.android.providers.telephony/databases/mmssms.db"
    db.parent.mkdir(parents=True)
    build_mmssms(db, n_sms=n_sms, n_mms=0, seed=3, index_words=False)
    return root


def test_a_worker_killed_mid_task_loses_nothing(tmp_path, tcp_cluster):
    address, client = tcp_cluster
    extractions = {"big": _big_extraction(tmp_path / "big", 150_000), "kik": SMALL["kik"], "hangouts": SMALL["hangouts"]}
    manifest = _manifest(tmp_path, extractions)
    case = tmp_path / "case"
    batch = subprocess.Popen([*CLI, "batch", str(manifest), "-o", str(case), "--scheduler", address, "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and batch.poll() is None:
        for worker, keys in client.processing().items():
            if any("-big" in str(k) for k in keys):
                victim = worker
        time.sleep(0.05)
    assert victim is not None, "the big task was never seen running"
    time.sleep(0.5)  # well inside the task: it parses 150,000 messages
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    out, err = batch.communicate(timeout=900)
    assert batch.returncode == 0, err
    record = _record(case)
    assert {k: v["state"] for k, v in record.items()} == dict.fromkeys(extractions, "done")
    assert record["big"]["worker"].split(":")[1] != str(pid)  # finished by the surviving worker
    assert sorted(p.name for p in case.iterdir()) == sorted(
        ["batch.json", *(f for e in extractions for f in (f"{e}.sqlite", f"{e}.sqlite.sha256"))])
    assert _content(case / "big.sqlite") == _alone(tmp_path, "big", extractions["big"])
    assert record["big"]["events"] == 150_000
    mtimes = {p.name: p.stat().st_mtime_ns for p in case.iterdir() if p.name != "batch.json"}
    again = subprocess.run([*CLI, "batch", str(manifest), "-o", str(case), "--scheduler", address],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "0 parsed, 3 already done" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in case.iterdir() if p.name != "batch.json"} == mtimes


def test_parquet_case_folder_answers_the_guides_queries(tmp_path):
    """The two-device sample case as a Parquet batch; the DuckDB queries of docs/batch.md run on it
    and agree with the SQLite timelines of the same extractions."""
    import re

    duckdb = pytest.importorskip("duckdb")
    keys = {"android": ["signal=c7690b3e8660dfc9e78a201d6843d2e43d11e92f0bfe848ecbc75ccde7a66516"],
            "ios": ["signal_ios=f0d048853e8dfb0c74f85a5d4a404866524d4a866c10db7c638540674a775ea9a1631d5c0261437ecab10ba6b648a"
                    "56b"]}
    manifest = _manifest(tmp_path, {"android": SAMPLE_DATA / "case" / "android.zip",
                                    "ios": SAMPLE_DATA / "case" / "ios.zip"}, keys=keys)
    case = tmp_path / "case"
    result = run_batch(BatchOptions(manifest, case, workers=2, fmt="parquet"))
    assert result.exit_code == 0 and result.done == 2
    assert sorted(p.name for p in case.iterdir()) == ["android.parquet", "android.parquet.sha256", "batch.json",
                                                      "ios.parquet", "ios.parquet.sha256"]
    assert run_batch(BatchOptions(manifest, case, workers=1, fmt="parquet")).skipped == 2
    guide = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    queries = [q.replace("/cases/2026-0042", str(case)) for q in re.findall(r"```sql\n(.*?)```", guide, re.S)]
    assert len(queries) == 2
    con = duckdb.connect()
    per_day = con.execute(queries[0]).fetchall()
    sqlite_counts = {}
    for eid in ("android", "ios"):
        out = tmp_path / "alone" / f"{eid}.sqlite"
        run_parse(RunOptions(inputs=[SAMPLE_DATA / "case" / f"{eid}.zip"], output=out, evidence_ids=[eid], keys=keys[eid],
                             workdir=tmp_path / "w"))
        sqlite_counts[eid] = sqlite3.connect(out).execute("SELECT count(*) FROM events").fetchone()[0]
    assert {e: sum(n for eid, _, n in per_day if eid == e) for e in ("android", "ios")} == sqlite_counts
    common = con.execute(queries[1]).fetchall()
    manifest_doc = json.loads((SAMPLE_DATA / "case" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert common and all(devices == 2 and which == ["android", "ios"] for _, devices, which in common)
    assert len(common) >= len(manifest_doc.get("shared", manifest_doc.get("shared_people", []))) > 0
