"""A caseload through ``artefacts batch``: sequential, a local cluster, and a TCP cluster.

Generates a caseload of ``--extractions`` extractions (default 12) on the real schemas, of mixed
layouts and sizes: Android full file systems as folders, zips and tars (SMS/MMS and call logs),
Android WhatsApp folders (msgstore.db + wa.db), iOS folders (sms.db + call history). Then times:

1. sequential: ``artefacts parse`` of each extraction alone, one after the other (``--jobs 1``);
2. ``artefacts batch`` on the default local cluster (``--workers N``);
3. ``artefacts batch --scheduler tcp://127.0.0.1:PORT`` against a separately started
   ``dask scheduler`` and N ``dask worker`` processes (one thread each).

For each it prints wall time, events per second, the peak memory of every worker process (from
``batch.json``: each task records its worker's peak), and the scheduler's overhead per task: the
batch wall time minus the time the tasks themselves took divided by the workers, per task. It checks
that every timeline of the two batches holds exactly the events of the sequential run (event ids
and content).

    python benchmarks/batch.py                         # 12 extractions, 2 workers
    python benchmarks/batch.py --extractions 24 --scale 4 --workers 2

It measures; it asserts nothing but the identity of the outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

CLI = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def build_caseload(root: Path, n: int, scale: int) -> dict[str, Path]:
    from artefacts.synthetic import build_calllog, build_mmssms, write_android_extraction, write_ios_extraction
    from artefacts.synthetic.whatsapp import build_msgstore, build_wa_db

    out = {}
    for i in range(n):
        size = scale * (1 + i % 4) * 2_000  # four sizes, repeating
        kind = ("android-folder", "android-zip", "whatsapp", "ios", "android-tar")[i % 5]
        name = f"phone{i:02d}-{kind}"
        if kind in ("android-zip", "android-tar"):
            path = root / (name + (".zip" if kind == "android-zip" else ".tar"))
            write_android_extraction(path, n_sms=size, n_mms=size // 50, n_calls=size // 10, seed=i, index_words=False)
        elif kind == "android-folder":
            path = root / name
            build_mmssms(path / "data/data/com.android.providers.telephony/databases/mmssms.db", n_sms=size, n_mms=0,
                         seed=i, index_words=False)
            build_calllog(path / "data/data/com.android.providers.contacts/databases/calllog.db", n_calls=size // 10, seed=i)
        elif kind == "whatsapp":
            path = root / name
            db = path / "data/data/com.whatsapp/databases/msgstore.db"
            db.parent.mkdir(parents=True, exist_ok=True)
            build_msgstore(db, n_messages=size, n_chats=12, n_groups=3, n_calls=size // 100, seed=i, media_files=0)
            build_wa_db(db.with_name("wa.db"), n_chats=12, n_groups=3, seed=i)
        else:
            path = root / name
            write_ios_extraction(path, n_messages=size, n_calls=size // 10, seed=i)
        out[name] = path
    return out


def content(timeline: Path) -> list:
    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        cols = [r[1] for r in con.execute("PRAGMA table_info(events)")]
        return sorted((r[0], hashlib.sha256(json.dumps(r, default=repr).encode()).hexdigest())
                      for r in con.execute(f"SELECT {', '.join(cols)} FROM events"))
    finally:
        con.close()


def _seconds(a: str, b: str) -> float:
    parse = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
    return (parse(b) - parse(a)).total_seconds()


def summarise(label: str, wall: float, casedir: Path, workers: int, reference: dict) -> None:
    record = json.loads((casedir / "batch.json").read_text(encoding="utf-8"))["extractions"]
    events = sum(r.get("events") or 0 for r in record.values())
    busy = sum(_seconds(r["started"], r["finished"]) for r in record.values())
    peaks: dict[str, float] = {}
    for r in record.values():
        peaks[r["worker"]] = max(peaks.get(r["worker"], 0), r.get("worker_peak_mib") or 0)
    overhead = (wall - busy / workers) / len(record)
    same = all(content(casedir / f"{name}.sqlite") == reference[name] for name in record)
    print(f"{label:<22} {wall:8.1f} s {events / wall:10,.0f} events/s  overhead/task {overhead * 1000:7.0f} ms  "
          f"worker peaks {', '.join(f'{v:.0f}' for v in sorted(peaks.values()))} MiB  identical: {same}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extractions", type=int, default=12)
    ap.add_argument("--scale", type=int, default=2, help="size factor (messages per extraction: 2,000 x scale x 1-4)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="artefacts-batch-bench-"))
    try:
        t0 = time.perf_counter()
        caseload = build_caseload(tmp / "caseload", args.extractions, args.scale)
        print(f"# caseload: {len(caseload)} extractions, {sum(f.stat().st_size for p in caseload.values() for f in ([p] if p.is_file() else p.rglob('*')) if f.is_file()) / 2**20:.0f} MiB, built in {time.perf_counter() - t0:.0f} s", flush=True)
        manifest = tmp / "manifest.toml"
        manifest.write_text("".join(f'[[extraction]]\npath = "{p}"\nevidence_id = "{n}"\n\n' for n, p in caseload.items()))
        # 1. sequential
        t0 = time.perf_counter()
        reference, events = {}, 0
        for name, path in caseload.items():
            out = tmp / "seq" / f"{name}.sqlite"
            subprocess.run([*CLI, "parse", str(path), "-o", str(out), "--evidence-id", name, "--jobs", "1", "-q",
                            "--workdir", str(tmp / "w")], check=False)
            reference[name] = content(out)
            events += len(reference[name])
        wall = time.perf_counter() - t0
        print(f"{'sequential parse':<22} {wall:8.1f} s {events / wall:10,.0f} events/s", flush=True)
        # 2. the local cluster
        t0 = time.perf_counter()
        subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp / "local"), "--workers", str(args.workers), "-q"])
        summarise(f"local cluster x{args.workers}", time.perf_counter() - t0, tmp / "local", args.workers, reference)
        # 3. a scheduler and workers started separately, over TCP
        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                                   str(port), "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        procs += [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                    "--no-dashboard", "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL) for _ in range(args.workers)]
        try:
            from distributed import Client

            with Client(address, timeout="60s") as client:
                client.wait_for_workers(args.workers, timeout=120)
            t0 = time.perf_counter()
            subprocess.run([*CLI, "batch", str(manifest), "-o", str(tmp / "tcp"), "--scheduler", address, "-q"])
            summarise(f"TCP cluster x{args.workers}", time.perf_counter() - t0, tmp / "tcp", args.workers, reference)
        finally:
            for p in procs:
                p.kill()
                p.wait()
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    main()
