"""What the optional stages of ``artefacts parse`` cost on the 1.2 M-event benchmark extraction.

Runs ``artefacts parse`` to SQLite (``--jobs 2``) on the extraction of ``benchmarks/run.py`` in four
variants, alternated, ``--repeat`` times each: everything on, ``--no-indicators``, ``--no-recover``, and
both off. For each it prints the median wall time, the children's user+system CPU, and the peak memory;
then the share of each stage: the indicator scan's wall time against the whole parse (the issue's
"at most 10 % of the time of artefacts parse") and the time deleted-record recovery adds to a parse
without it ("at most 30 %"). Memory is compared with an extraction ten times smaller (flat).

    python benchmarks/shares.py --dir /tmp/bench          # builds the extraction there once, reuses it
    python benchmarks/shares.py --dir /tmp/bench --repeat 3

It measures; it asserts nothing. Other processes on the machine inflate every figure: read the
shares from alternated runs, and the load average it prints.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MSGSTORE, build  # noqa: E402

VARIANTS = {
    "all on": [],
    "--no-indicators": ["--no-indicators"],
    "--no-recover": ["--no-recover"],
    "both off": ["--no-indicators", "--no-recover"],
}
EXE = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def run_once(root: Path, out: Path, extra: list[str]) -> tuple[float, float, float]:
    """Wall seconds, children's CPU seconds, peak RSS (MiB) of one parse."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    launcher = ("import os, sys, resource\npid = os.fork()\nif pid == 0:\n    os.execvp(sys.argv[1], sys.argv[1:])\n"
                "_, status, usage = os.wait4(pid, 0)\nsys.stderr.write('\\n@@maxrss_kib=%d\\n' % usage.ru_maxrss)\n"
                "sys.exit(os.waitstatus_to_exitcode(status))\n")
    proc = subprocess.run([sys.executable, "-c", launcher, *EXE, "parse", str(root), "-o", str(out), "--force", "-q",
                           "--jobs", "2", "--workdir", str(out.parent / "work"), *extra],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss = next((int(line.split("=", 1)[1]) for line in proc.stderr.splitlines() if line.startswith("@@maxrss_kib=")), 0)
    if proc.returncode not in (0, 3):
        print(proc.stderr, file=sys.stderr)
    out.unlink(missing_ok=True)
    return wall, cpu, rss / 1024


def measure(root: Path, tmp: Path, repeat: int) -> dict:
    runs: dict[str, list] = {k: [] for k in VARIANTS}
    for _ in range(repeat):
        for name, extra in VARIANTS.items():
            runs[name].append(run_once(root, tmp / "t.sqlite", extra))
    return {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v), max(r[2] for r in v))
            for k, v in runs.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, required=True, help="where the extraction is built (kept and reused)")
    ap.add_argument("--whatsapp", type=int, default=1_000_000)
    ap.add_argument("--sms", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-small", action="store_true", help="skip the ten-times-smaller extraction (memory)")
    args = ap.parse_args()
    sizes = [(args.whatsapp, args.sms)] + ([] if args.no_small else [(args.whatsapp // 10, args.sms // 10)])
    for n_wa, n_sms in sizes:
        root = args.dir / f"ext-{n_wa}-{n_sms}"
        if not (root / MSGSTORE).exists():
            build(root, n_wa, n_sms)
        tmp = args.dir / f"shares-{n_wa}"
        tmp.mkdir(parents=True, exist_ok=True)
        res = measure(root, tmp, args.repeat)
        print(f"\n{n_wa:,} WhatsApp messages + {n_sms:,} SMS, --jobs 2, median of {args.repeat} (load average "
              f"{os.getloadavg()[0]:.1f}):")
        print(f"  {'variant':<18}{'wall s':>9}{'CPU s':>9}{'peak MiB':>10}")
        for name, (wall, cpu, rss) in res.items():
            print(f"  {name:<18}{wall:>9.1f}{cpu:>9.1f}{rss:>10.1f}")
        full, noind, norec = res["all on"][0], res["--no-indicators"][0], res["--no-recover"][0]
        print(f"  indicator scan: {(full - noind) / full * 100:+.1f} % of the whole parse's wall time "
              f"({(full - noind) / noind * 100:+.1f} % over --no-indicators)")
        print(f"  recovery: {(full - norec) / norec * 100:+.1f} % over --no-recover")


if __name__ == "__main__":
    main()
