"""Events per second and peak memory of ``artefacts parse`` on generated Android SMS extractions.

Builds an extraction folder holding one ``mmssms.db`` with N SMS (real AOSP schema, see
``artefacts.synthetic``), runs ``artefacts parse`` on it in a child process for each output
format, and prints wall time, events per second and the child's peak resident memory. Then
does the same with ten times as many SMS: memory must stay flat, because events stream from
the database to the output.

    python benchmarks/sms_scaling.py                # 100,000 and 1,000,000 SMS
    python benchmarks/sms_scaling.py --sms 20000 --factor 10

This is a measurement, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402


def build(root: Path, n_sms: int) -> Path:
    from artefacts.synthetic import build_mmssms

    db = root / "data/data/com.android.providers.telephony/databases/mmssms.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    build_mmssms(db, n_sms=n_sms, n_mms=0, seed=1, index_words=False)
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sms", type=int, default=100_000)
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--formats", default="sqlite,jsonl")
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    args = ap.parse_args()
    exe = [sys.executable, "-c", "from artefacts.cli import main; main()"]
    tmp = Path(tempfile.mkdtemp(prefix="artefacts-bench-"))
    results = {}
    try:
        for n in (args.sms, args.sms * args.factor):
            t0 = time.perf_counter()
            ext = build(tmp / f"sms{n}", n)
            print(f"built {n:,} SMS in {time.perf_counter() - t0:.1f} s", flush=True)
            for fmt in args.formats.split(","):
                out = tmp / f"out{n}.{fmt}"
                wall, rss, code = measure([*exe, "parse", str(ext), "-o", str(out), "-q", "--workdir", str(tmp / "w")])
                results[(n, fmt)] = (wall, rss)
                print(f"{fmt:>6} {n:>10,} events  {wall:7.2f} s  {n / wall:>10,.0f} events/s  peak {rss:6.1f} MiB  exit {code}", flush=True)
                out.unlink(missing_ok=True)
            shutil.rmtree(ext)
        for fmt in args.formats.split(","):
            small, large = results[(args.sms, fmt)][1], results[(args.sms * args.factor, fmt)][1]
            print(f"{fmt}: peak memory x{args.factor} events: {small:.1f} -> {large:.1f} MiB (ratio {large / small:.2f})")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
