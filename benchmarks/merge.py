"""``artefacts merge``: time and peak memory of merging two runs, against one run over both extractions.

Builds two synthetic Android extractions (``run.build``: WhatsApp, SMS, call log; different seeds),
parses each into its own timeline and both into one, then measures, each in a child process
whose own peak memory is read (``_measure``):

* ``merge A B``: two devices, every event added;
* ``merge A A'``: A with a second run over the same extraction, every event already there;

and checks that ``merge A B`` holds the single run's events in its order. The same again at a
tenth of the size: the peak memory must not grow with the events.

    python benchmarks/merge.py                       # 300,000 WhatsApp + 60,000 SMS per device
    python benchmarks/merge.py --whatsapp 50000 --sms 10000

It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import EXE, build, count_events, measure, measure_parse  # noqa: E402


def merge_command(inputs, out: Path) -> list[str]:
    return [*EXE, "merge", *map(str, inputs), "-o", str(out), "-q", "--force"]


def same_events(a: Path, b: Path) -> bool:
    con = sqlite3.connect(a)
    try:
        con.execute("ATTACH DATABASE ? AS b", (str(b),))
        differ = con.execute("SELECT count(*) FROM main.events AS x LEFT JOIN b.events AS y ON y.rowid = x.rowid "
                             "WHERE y.event_id IS NOT x.event_id").fetchone()[0]
        return differ == 0 and count_events(a) == count_events(b)
    finally:
        con.close()


def run_size(label: str, tmp: Path, n_whatsapp: int, n_sms: int) -> None:
    roots = [tmp / "phone-a", tmp / "phone-b"]
    for seed, root in enumerate(roots, start=7):
        build(root, n_whatsapp, n_sms, seed=seed)
    a, a2, b, both = (tmp / n for n in ("a.sqlite", "a2.sqlite", "b.sqlite", "both.sqlite"))
    results = {
        "parse A": measure_parse([roots[0]], a, tmp / "work"),
        "parse B": measure_parse([roots[1]], b, tmp / "work"),
        "parse A and B": measure_parse(roots, both, tmp / "work"),
    }
    measure_parse([roots[0]], a2, tmp / "work")
    case, again = tmp / "case.sqlite", tmp / "again.sqlite"
    results["merge A B"] = measure(merge_command([a, b], case))
    results["merge A A'"] = measure(merge_command([a, a2], again))
    events = count_events(both)
    print(f"\n{label}: {count_events(a):,} + {count_events(b):,} events; merge A B equals parse A and B: {same_events(case, both)}; "
          f"merge A A' holds {count_events(again):,}")
    print(f"  {'variant':<16} {'wall s':>8} {'events/s':>10} {'peak MiB':>9}")
    for name, (wall, rss, code) in results.items():
        print(f"  {name:<16} {wall:8.2f} {events / wall:10,.0f} {rss:9.1f}" + (f"  exit {code}" if code not in (0, 3) else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--whatsapp", type=int, default=300_000, help="WhatsApp messages per device")
    ap.add_argument("--sms", type=int, default=60_000, help="SMS per device")
    ap.add_argument("--no-small", action="store_true", help="skip the run at a tenth of the size")
    args = ap.parse_args()
    sizes = [("full", args.whatsapp, args.sms)] + ([] if args.no_small else [("tenth", args.whatsapp // 10, args.sms // 10)])
    for label, n_wa, n_sms in sizes:
        with tempfile.TemporaryDirectory(prefix="artefacts-merge-bench-") as tmp:
            run_size(label, Path(tmp), n_wa, n_sms)


if __name__ == "__main__":
    main()
