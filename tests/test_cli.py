"""The command line: exit codes, warnings on stderr, overwrite protection, listing commands."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path


from conftest import corpus_file

ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def run_cli(*args, cwd=None):
    return subprocess.run([*ARTEFACTS, *map(str, args)], capture_output=True, text=True, cwd=cwd or Path(__file__).parent)


def damaged_copy(src: Path, dest: Path) -> Path:
    """A copy of a real database whose schema page is overwritten: SQLite reports it malformed."""
    data = bytearray(src.read_bytes())
    data[100:1024] = bytes((i * 37 + 11) % 256 for i in range(924))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(bytes(data))
    return dest


def _extraction_with_one_damaged_db(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    damaged_copy(corpus_file("plaso", "mmssms.db"), root / "data/data/com.android.providers.telephony/databases/mmssms.db")
    healthy = root / "data/data/com.android.providers.contacts/databases/contacts2.db"
    healthy.parent.mkdir(parents=True)
    healthy.write_bytes(corpus_file("plaso", "contacts2.db").read_bytes())
    return root


def test_damaged_and_healthy_database(tmp_path):
    root = _extraction_with_one_damaged_db(tmp_path)
    out = tmp_path / "timeline.sqlite"
    proc = run_cli("parse", root, "-o", out)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr
    warning_lines = [l for l in proc.stderr.splitlines() if l.startswith("warning:")]
    assert len(warning_lines) == 1
    assert "databases/mmssms.db" in warning_lines[0]
    assert "malformed" in warning_lines[0] or "not a database" in warning_lines[0]
    db = sqlite3.connect(out)
    # every call of the healthy one, and the deletion evidence its call log holds (row ids missing below its
    # sqlite_sequence: the phone trimmed its log; no content recovered, none invented)
    assert db.execute("SELECT count(*) FROM events WHERE json_extract(extra, '$.deletion_evidence') IS NULL").fetchone()[0] == 3
    assert db.execute("SELECT body FROM events WHERE kind = 'other'").fetchall() == [
        ("714 rows of calls deleted (row ids 1-713, 716 missing below its sqlite_sequence 717); content not recoverable",)]
    assert db.execute("SELECT count(*) FROM events WHERE kind = 'call'").fetchone()[0] == 3
    (path, message) = db.execute("SELECT source_path, message FROM warnings").fetchone()
    assert path.endswith("databases/mmssms.db") and ("malformed" in message or "not a database" in message)
    statuses = dict(db.execute("SELECT path, status FROM sources WHERE role = 'database'").fetchall())
    assert statuses == {
        "data/data/com.android.providers.contacts/databases/contacts2.db": "parsed",
        "data/data/com.android.providers.telephony/databases/mmssms.db": "failed",
    }
    run = db.execute("SELECT status, exit_code FROM run").fetchone()
    assert run == ("partial", 3)


def test_clean_run_exit_zero_and_no_overwrite(tmp_path):
    src = corpus_file("plaso", "mmssms.db")
    out = tmp_path / "t.jsonl"
    proc = run_cli("parse", src, "-o", out, "--case-number", "2026-042", "--examiner", "E. Xaminer")
    assert proc.returncode == 0, proc.stderr
    assert "9 events" in proc.stderr
    first = out.read_text().splitlines()
    manifest = json.loads((tmp_path / "t.jsonl.manifest.json").read_text())
    assert manifest["run"]["case_number"] == "2026-042" and manifest["run"]["examiner"] == "E. Xaminer"
    again = run_cli("parse", src, "-o", out)
    assert again.returncode == 2 and "exists" in again.stderr
    assert out.read_text().splitlines() == first
    forced = run_cli("parse", src, "-o", out, "--force")
    assert forced.returncode == 0
    # the same input gives the same events in the same order
    assert out.read_text().splitlines() == first
    manifest = json.loads((tmp_path / "t.jsonl.manifest.json").read_text())
    assert "--force" in manifest["run"]["command"]


def test_usage_errors(tmp_path):
    src = corpus_file("plaso", "mmssms.db")
    assert run_cli("parse", src, "-o", tmp_path / "x.db", "--parsers", "nope").returncode == 2
    assert run_cli("parse", tmp_path / "missing", "-o", tmp_path / "y.db").returncode == 2
    assert run_cli("parse", src, "-o", tmp_path / "z.db", "--format", "xml").returncode == 2
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "z.db").exists()


def test_listing_commands():
    plugins = json.loads(run_cli("plugins", "--json").stdout)
    names = {p["name"]: p for p in plugins}
    assert names["android_sms"]["status"] == "loaded" and names["android_sms"]["parsers"] == ["android_sms"]
    parsers = json.loads(run_cli("parsers", "--json").stdout)
    sms = next(p for p in parsers if p["name"] == "android_sms")
    assert sms["time_units"]["sms.date"] == "unix_ms" and sms["time_units"]["pdu.date"] == "unix_s"
    assert "**/mmssms.db" in sms["path_globs"]
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "artefacts timeline event"


def test_format_chosen_by_extension(tmp_path):
    src = corpus_file("plaso", "contacts2.db")
    for name, check in (
        ("t.json", lambda p: len(json.loads(p.read_text())["events"]) == 3),
        ("t.db", lambda p: sqlite3.connect(p).execute("SELECT count(*) FROM events").fetchone()[0] == 3),
        ("t.out", lambda p: sqlite3.connect(p).execute("SELECT count(*) FROM events").fetchone()[0] == 3),
    ):
        out = tmp_path / name
        assert run_cli("parse", src, "-o", out, "--no-recover").returncode == 0
        assert check(out), name


def test_refuses_to_write_into_the_evidence(tmp_path):
    root = tmp_path / "evidence"
    (root / "data").mkdir(parents=True)
    (root / "data" / "mmssms.db").write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    proc = run_cli("parse", root, "-o", root / "timeline.sqlite")
    assert proc.returncode == 2 and "inside the extraction" in proc.stderr
    proc = run_cli("parse", root, "-o", tmp_path / "t.sqlite", "--workdir", root / "data" / "work")
    assert proc.returncode == 2 and "working folder" in proc.stderr
    assert sorted(p.name for p in root.rglob("*")) == ["data", "mmssms.db"]
    single = root / "data" / "mmssms.db"
    assert run_cli("parse", single, "-o", single, "--force").returncode == 2


def test_verify_detects_changes_to_timeline_and_evidence(tmp_path):
    root = tmp_path / "evidence"
    db = root / "data/data/com.android.providers.telephony/databases/mmssms.db"
    db.parent.mkdir(parents=True)
    db.write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    for out in (tmp_path / "t.sqlite", tmp_path / "t.jsonl"):
        assert run_cli("parse", root, "-o", out).returncode == 0
        ok = run_cli("verify", out, "--extraction", root)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        # the timeline's files (SQLite: one; JSON Lines: lines, manifest, indicators) and the one source
        assert "0 problems" in ok.stdout and f"{2 if out.suffix == '.sqlite' else 4} files checked" in ok.stdout
    # the evidence changes after the run
    data = bytearray(db.read_bytes())
    data[-1] ^= 1
    db.write_bytes(bytes(data))
    bad = run_cli("verify", tmp_path / "t.sqlite", "--extraction", f"evidence={root}")
    assert bad.returncode == 1 and "mmssms.db SHA-256" in bad.stdout
    # the timeline changes after delivery
    with open(tmp_path / "t.jsonl", "a") as fh:
        fh.write("\n")
    bad = run_cli("verify", tmp_path / "t.jsonl")
    assert bad.returncode == 1 and "t.jsonl: SHA-256" in bad.stdout
