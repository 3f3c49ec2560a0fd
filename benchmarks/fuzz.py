"""The long fuzzing campaign over every decoder (targets in ``tests/fuzz_targets.py``).

    python benchmarks/fuzz.py --minutes 12            # all targets, time shared equally
    python benchmarks/fuzz.py --minutes 2 --target tl  # one target

For each target, hypothesis generates arbitrary bytes, mutations of valid seeds and (where the
target has them) structured inputs, in rounds until the target's share of the time is spent. Each
input runs under a per-input time limit (``--hang-seconds``, default 5): one that takes longer is a
hang. The process runs under an address-space limit (``--memory-mib``, default 4096), so an input
that makes a decoder allocate without bound ends as MemoryError, a crash. Prints, per target:
inputs tried, seconds, crashes, hangs; then the process's peak RSS. Exit status 1 when anything
crashed or hung. Figures of the recorded runs are in ``docs/fuzzing.md``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_targets import TARGETS, HangError, check, mutate, structured_inputs  # noqa: E402


def _strategies(name: str) -> dict:
    target = TARGETS[name]
    seeds = target.seeds()
    out = {"arbitrary": st.binary(max_size=1 << 16)}
    if seeds:
        ops = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 1 << 24), st.integers(0, 255)), min_size=1, max_size=12)
        out["mutated"] = st.builds(lambda i, o: mutate(seeds[i % len(seeds)], o), st.integers(0, 1 << 16), ops)
    structured = structured_inputs(name)
    if structured is not None:
        out["structured"] = structured
    return out


def fuzz_target(name: str, seconds: float, hang_seconds: float, rounds_of: int = 500) -> dict:
    target = TARGETS[name]
    stats = {"inputs": 0, "crashes": [], "hangs": 0, "hang_inputs": []}
    strategies = _strategies(name)
    deadline = time.monotonic() + seconds
    per_kind = seconds / len(strategies)
    for kind, strategy in strategies.items():
        kind_deadline = min(deadline, time.monotonic() + per_kind)

        @settings(max_examples=rounds_of, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(data=strategy)
        def one(data):
            if time.monotonic() > kind_deadline:
                return
            stats["inputs"] += 1
            check(target, data, hang_seconds)  # raises HangError past the per-input limit

        while time.monotonic() < kind_deadline:
            try:
                one()
            except HangError as exc:
                stats["hangs"] += 1
                stats["hang_inputs"].append(str(exc).splitlines()[0][:300])
            except AssertionError as exc:
                stats["crashes"].append(str(exc).splitlines()[0][:300])
            except Exception:  # hypothesis itself, or a MemoryError while generating
                stats["crashes"].append(traceback.format_exc(limit=3).strip().splitlines()[-1][:300])
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=12.0, help="total time (default 12)")
    ap.add_argument("--target", action="append", choices=sorted(TARGETS), help="only these targets")
    ap.add_argument("--hang-seconds", type=float, default=5.0)
    ap.add_argument("--memory-mib", type=int, default=4096)
    args = ap.parse_args(argv)
    limit = args.memory_mib << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    names = args.target or sorted(TARGETS)
    share = args.minutes * 60 / len(names)
    started = time.monotonic()
    totals = {"inputs": 0, "crashes": 0, "hangs": 0}
    print(f"{'target':26} {'inputs':>9} {'seconds':>8} {'crashes':>8} {'hangs':>6}")
    for name in names:
        t0 = time.monotonic()
        s = fuzz_target(name, share, args.hang_seconds)
        n_crash = len(s["crashes"])
        print(f"{name:26} {s['inputs']:9,} {time.monotonic() - t0:8.1f} {n_crash:8} {s['hangs']:6}", flush=True)
        for c in sorted(set(s["crashes"])):
            print(f"    crash: {c}")
        for h in sorted(set(s["hang_inputs"])):
            print(f"    {h}")
        totals["inputs"] += s["inputs"]
        totals["crashes"] += n_crash
        totals["hangs"] += s["hangs"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total':26} {totals['inputs']:9,} {time.monotonic() - started:8.1f} {totals['crashes']:8} {totals['hangs']:6}")
    print(f"peak RSS {peak:.1f} MiB (address-space limit {args.memory_mib} MiB, per-input limit {args.hang_seconds:g} s)")
    return 1 if totals["crashes"] or totals["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
