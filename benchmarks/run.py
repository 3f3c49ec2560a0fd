"""Speed and scale: ``artefacts parse`` against the plain-``sqlite3`` floor, in one process run.

Generates (or reuses) a large synthetic Android extraction on the real schemas —
WhatsApp ``msgstore.db`` (current schema) + ``wa.db``, ``mmssms.db``, ``calllog.db`` —
and an iOS one — ``sms.db`` (iOS 13 schema) and WhatsApp ``ChatStorage.sqlite`` (2022) +
``ContactsV2.sqlite`` —, all deterministic, sizes set by flags. For the Android extraction it
times, each in a child process whose peak memory is read with ``wait4``:

(a) the floor: plain Python ``sqlite3`` reading the same messages (WhatsApp with one join,
    SMS) and writing them to a new SQLite table with ``executemany`` in one transaction;
(b) ``artefacts parse`` to SQLite (with indexes and full-text search);
(c) ``artefacts parse`` to JSON Lines; (b) and (c) again with ``--no-indicators`` (the scan's cost);
(d) ``artefacts parse`` of the same extraction packed as ``.tar.gz``, to SQLite;
(e) ``--jobs 1`` and ``--jobs 2`` to JSON Lines, compared byte for byte.

It prints wall time, events per second, peak memory and the ratio to the floor for each,
and the same for an extraction ten times smaller (memory must stay flat). The iOS extraction
is timed to SQLite and JSON Lines against its own floor (the same plain copy of ``message``
joined with ``handle`` and of ``ZWAMESSAGE``); its messages take the Python mappings.

    python benchmarks/run.py                          # 1,000,000 WhatsApp + 200,000 SMS
    python benchmarks/run.py --whatsapp 100000 --sms 20000 --no-small
    python benchmarks/run.py --repeat 3          # the median of three runs of each variant
    python benchmarks/run.py --ios-sms 0 --ios-whatsapp 0   # Android only

It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure as measure_once  # noqa: E402

#: how many times each variant runs; the median wall time and the largest peak memory are reported
REPEAT = 1


def measure(cmd: list[str], before=None) -> tuple[float, float, int]:
    """``measure_once`` ``REPEAT`` times (``before()`` ahead of each): median wall, largest peak, last exit code."""
    walls, peaks, code = [], [], 0
    for _ in range(REPEAT):
        if before is not None:
            before()
        wall, rss, code = measure_once(cmd)
        walls.append(wall)
        peaks.append(rss)
    return statistics.median(walls), max(peaks), code

IOS_SMS = "private/var/mobile/Library/SMS/sms.db"
IOS_WHATSAPP = "private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000001"
MSGSTORE = "data/data/com.whatsapp/databases/msgstore.db"
WADB = "data/data/com.whatsapp/databases/wa.db"
MMSSMS = "data/data/com.android.providers.telephony/databases/mmssms.db"
CALLLOG = "data/data/com.android.providers.contacts/databases/calllog.db"

#: the floor: plain sqlite3, ``executemany`` in one transaction; argv: OUT, then (database, query) pairs
FLOOR = r'''
import sqlite3, sys
out, *pairs = sys.argv[1:]
dst = sqlite3.connect(out)
dst.execute("CREATE TABLE events (id INTEGER, ts INTEGER, from_me INTEGER, chat TEXT, body TEXT)")
dst.execute("BEGIN")
for src, sql in zip(pairs[::2], pairs[1::2]):
    dst.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", sqlite3.connect(src).execute(sql))
dst.execute("COMMIT")
dst.close()
'''
#: what the floor copies: WhatsApp messages with one join, and SMS
ANDROID_FLOOR = (
    (MSGSTORE, "SELECT m._id, m.timestamp, m.from_me, c.subject, m.text_data FROM message m JOIN chat c ON c._id = m.chat_row_id"),
    (MMSSMS, "SELECT _id, date, type = 2, address, body FROM sms"),
)
IOS_FLOOR = (
    (IOS_SMS, "SELECT m.ROWID, m.date, m.is_from_me, h.id, m.text FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id"),
    (IOS_WHATSAPP + "/ChatStorage.sqlite", "SELECT Z_PK, ZMESSAGEDATE, ZISFROMME, ZFROMJID, ZTEXT FROM ZWAMESSAGE"),
)


def floor_command(root: Path, out: Path, copies) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(out), *(x for rel, sql in copies for x in (str(root / rel), sql))]


def build_ios(root: Path, n_sms: int, n_whatsapp: int, seed: int = 7) -> None:
    from artefacts.synthetic.ios import build_ios_sms
    from artefacts.synthetic.whatsapp import build_chatstorage, build_contactsv2, write_media

    (root / IOS_SMS).parent.mkdir(parents=True, exist_ok=True)
    build_ios_sms(root / IOS_SMS, n_messages=n_sms, seed=seed)
    folder = root / IOS_WHATSAPP
    folder.mkdir(parents=True, exist_ok=True)
    chats, groups = max(10, n_whatsapp // 2000), max(2, n_whatsapp // 20000)
    wa = build_chatstorage(folder / "ChatStorage.sqlite", n_messages=n_whatsapp, n_chats=chats, n_groups=groups, seed=seed)
    build_contactsv2(folder / "ContactsV2.sqlite", n_chats=chats, n_groups=groups, seed=seed)
    write_media(wa, folder / "Message")


#: ``artefacts parse`` in a child interpreter of this Python
EXE = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def measure_floor(root: Path, tmp: Path, copies) -> tuple[tuple, int]:
    """The floor's ``measure`` result, and how many rows it copied."""
    out = tmp / "floor.sqlite"
    result = measure(floor_command(root, out, copies), before=lambda: out.unlink(missing_ok=True))
    rows = count_events(out)
    out.unlink()
    return result, rows


def measure_parse(inputs, out: Path, work: Path, *extra: str) -> tuple[float, float, int]:
    """``artefacts parse INPUTS -o OUT`` measured (the output removed before each run)."""
    return measure([*EXE, "parse", *map(str, inputs), "-o", str(out), "-q", "--workdir", str(work), "--force", *extra],
                   before=lambda: out.unlink(missing_ok=True))


def run_ios(root: Path, tmp: Path) -> None:
    floor, rows = measure_floor(root, tmp, IOS_FLOOR)
    results = {"floor": floor}
    for name, out in (("sqlite", tmp / "t.sqlite"), ("jsonl", tmp / "t.jsonl")):
        results[name] = measure_parse([root], out, tmp / "work")
        if name == "sqlite":
            events = count_events(out)
        out.unlink()
    print_table("iOS", events, rows, results)


def print_table(label: str, events: int, floor_rows: int, results: dict) -> None:
    """Wall time, events/s, peak memory and ratio to ``results["floor"]`` for each measured variant."""
    print(f"\n{label}: {events:,} events; floor copied {floor_rows:,} rows")
    print(f"  {'variant':<18} {'wall s':>8} {'events/s':>10} {'peak MiB':>9} {'x floor':>8}")
    for name, (wall, rss, _) in results.items():
        print(f"  {name:<18} {wall:8.2f} {events / wall:10,.0f} {rss:9.1f} {wall / results['floor'][0]:8.2f}")


def build(root: Path, n_whatsapp: int, n_sms: int, seed: int = 7) -> dict:
    from artefacts.synthetic import build_calllog, build_mmssms
    from artefacts.synthetic.whatsapp import build_msgstore, build_wa_db, write_media

    for rel in (MSGSTORE, MMSSMS, CALLLOG):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
    wa = build_msgstore(root / MSGSTORE, n_messages=n_whatsapp, n_chats=max(10, n_whatsapp // 2000),
                        n_groups=max(2, n_whatsapp // 20000), n_calls=max(10, n_whatsapp // 100), seed=seed)
    build_wa_db(root / WADB, seed=seed)
    build_mmssms(root / MMSSMS, n_sms=n_sms, n_mms=0, seed=seed, index_words=False)
    build_calllog(root / CALLLOG, n_calls=max(10, n_sms // 100), seed=seed)
    write_media(wa, root / "sdcard/WhatsApp")
    return wa


def count_events(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def run_size(label: str, root: Path, tmp: Path, jobs: int, with_tar: bool) -> dict:
    floor, floor_rows = measure_floor(root, tmp, ANDROID_FLOOR)
    results = {"floor": floor}

    def parse(name, inputs, out, *extra):
        results[name] = measure_parse(inputs, out, tmp / "work", *extra)
        return out

    out = parse("sqlite", [root], tmp / "t.sqlite", "--jobs", str(jobs))
    events = count_events(out)
    out.unlink()
    # the indicator scan's share: the same runs without it
    parse("sqlite --no-indicators", [root], tmp / "t-noind.sqlite", "--jobs", str(jobs), "--no-indicators").unlink()
    parse("jsonl", [root], tmp / "t.jsonl", "--jobs", str(jobs))
    parse("jsonl --no-indicators", [root], tmp / "t-noind.jsonl", "--jobs", str(jobs), "--no-indicators").unlink()
    if with_tar:
        tgz = tmp / "extraction.tar.gz"
        if not tgz.exists():
            t0 = time.perf_counter()
            with tarfile.open(tgz, "w:gz", compresslevel=1) as tf:
                tf.add(root, arcname="Dump")
            print(f"  packed {tgz.stat().st_size / 2**20:.0f} MiB .tar.gz in {time.perf_counter() - t0:.1f} s", flush=True)
        out = parse("tar.gz -> sqlite", [tgz], tmp / "t-tar.sqlite", "--jobs", str(jobs))
        out.unlink()
        j1 = parse("jsonl --jobs 1", [root], tmp / "j1.jsonl", "--jobs", "1")
        j2 = parse("jsonl --jobs 2", [root], tmp / "j2.jsonl", "--jobs", "2")
        same = hashlib.sha256(j1.read_bytes()).digest() == hashlib.sha256(j2.read_bytes()).digest()
        results["identical"] = same
        for p in (j1, j2, tmp / "t.jsonl"):
            p.unlink(missing_ok=True)
    print_table(label, events, floor_rows, {k: v for k, v in results.items() if k != "identical"})
    if "identical" in results:
        print(f"  --jobs 1 and --jobs 2 JSON Lines byte-identical: {results['identical']}")
    results["events"] = events
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description="artefacts speed and memory against the plain sqlite3 floor")
    ap.add_argument("--whatsapp", type=int, default=1_000_000)
    ap.add_argument("--sms", type=int, default=200_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-small", action="store_true", help="skip the ten-times-smaller run")
    ap.add_argument("--ios-sms", type=int, default=100_000, help="iMessages/SMS in the iOS sms.db (0 with 0 WhatsApp: no iOS run)")
    ap.add_argument("--ios-whatsapp", type=int, default=100_000, help="messages in the iOS WhatsApp ChatStorage.sqlite")
    ap.add_argument("--dir", type=Path, help="where to build (kept and reused); default: a temp folder")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each variant this many times and report the median (a shared machine varies by 10 %% or more)")
    args = ap.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
          f"median of {REPEAT} run(s) each")
    base = args.dir or Path(tempfile.mkdtemp(prefix="artefacts-bench-"))
    try:
        sizes = [("large", args.whatsapp, args.sms, True)]
        if not args.no_small:
            sizes.append(("small (1/10)", args.whatsapp // 10, args.sms // 10, False))
        summary = {}
        for label, n_wa, n_sms, with_tar in sizes:
            root = base / f"ext-{n_wa}-{n_sms}"
            if not (root / MSGSTORE).exists():
                t0 = time.perf_counter()
                build(root, n_wa, n_sms)
                print(f"built {label}: {n_wa:,} WhatsApp messages + {n_sms:,} SMS in {time.perf_counter() - t0:.1f} s", flush=True)
            tmp = base / f"tmp-{n_wa}"
            tmp.mkdir(exist_ok=True)
            summary[label] = run_size(label, root, tmp, args.jobs, with_tar)
        if len(summary) == 2:
            big, small = summary["large"], summary["small (1/10)"]
            print(f"\npeak memory, large vs 1/10: sqlite {big['sqlite'][1]:.1f} vs {small['sqlite'][1]:.1f} MiB "
                  f"({(big['sqlite'][1] / small['sqlite'][1] - 1) * 100:+.1f} %)")
        big = summary["large"]
        print(f"ratio to floor: sqlite {big['sqlite'][0] / big['floor'][0]:.2f}; "
              f"tar.gz vs folder: {big['tar.gz -> sqlite'][0] / big['sqlite'][0]:.2f}")
        if args.ios_sms or args.ios_whatsapp:
            root = base / f"ios-{args.ios_sms}-{args.ios_whatsapp}"
            if not (root / IOS_SMS).exists():
                t0 = time.perf_counter()
                build_ios(root, args.ios_sms, args.ios_whatsapp)
                print(f"built iOS: {args.ios_sms:,} sms.db messages + {args.ios_whatsapp:,} WhatsApp messages "
                      f"in {time.perf_counter() - t0:.1f} s", flush=True)
            tmp = base / "tmp-ios"
            tmp.mkdir(exist_ok=True)
            run_ios(root, tmp)
    finally:
        if args.dir is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
