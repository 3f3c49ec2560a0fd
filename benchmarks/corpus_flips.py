"""The long campaign of truncated and byte-flipped copies of every real corpus file.

    python benchmarks/corpus_flips.py --per-file 40            # every corpus input, 40 offsets each
    python benchmarks/corpus_flips.py --minutes 15 --per-file 200

Each variant (see ``tests/flip_campaign.py``) runs through the whole host in this process under a
per-run time limit (``--hang-seconds``, default 60). Prints runs, exit codes, failures (an
exception escaping, a warning not naming the file, a changed input), hangs, seconds and peak RSS;
checks at the end that no corpus file changed. Exit status 1 when anything failed or hung.
Figures of the recorded runs are in ``docs/hostile_inputs.md``.
"""

from __future__ import annotations

import argparse
import collections
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import CORPUS  # noqa: E402
from flip_campaign import run_variant, sha256, variants  # noqa: E402
from test_real_coverage import _corpus_inputs  # noqa: E402


class Hang(BaseException):
    pass


def _alarm(signum, frame):
    raise Hang()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-file", type=int, default=40, help="offsets per file (each gives a flip and a cut)")
    ap.add_argument("--minutes", type=float, default=None, help="stop after this long")
    ap.add_argument("--hang-seconds", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}")
        return 2
    files = [CORPUS / f for f in _corpus_inputs()]
    before = {f: sha256(f) for f in files}
    todo = variants(files, args.per_file, args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    codes: collections.Counter = collections.Counter()
    failures, hangs = [], []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="artefacts-flips-") as tmp:
        for i, v in enumerate(todo):
            if args.minutes is not None and time.monotonic() - started > args.minutes * 60:
                break
            signal.setitimer(signal.ITIMER_REAL, args.hang_seconds)
            try:
                code, _ = run_variant(v, Path(tmp), keys=["android_backup=123456"])
                codes[code] += 1
            except Hang:
                hangs.append(v.label)
            except AssertionError as exc:
                failures.append(str(exc)[:300])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if (i + 1) % 500 == 0:
                print(f"{i + 1:,} runs, {time.monotonic() - started:.0f} s", flush=True)
    runs = sum(codes.values()) + len(failures) + len(hangs)
    changed = [str(f) for f in files if sha256(f) != before[f]]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files {len(files)}, runs {runs:,} of {len(todo):,} planned, in {time.monotonic() - started:.0f} s")
    print("exit codes: " + ", ".join(f"{c}: {n:,}" for c, n in sorted(codes.items())))
    print(f"failures {len(failures)}, hangs {len(hangs)} (limit {args.hang_seconds:g} s), corpus files changed {len(changed)}")
    print(f"peak RSS {peak:.1f} MiB")
    for f in failures[:20] + hangs[:20] + changed:
        print("   ", f)
    return 1 if failures or hangs or changed else 0


if __name__ == "__main__":
    sys.exit(main())
