"""Speed per message of the large message stores, next to WhatsApp's: ``artefacts parse`` on one
generated store at a time, ``--jobs 1`` and ``--jobs 2``, to SQLite.

Each store is built by its generator in ``artefacts.synthetic`` on the app's real schema with N
messages (the same N for every store), in a folder of its own laid out as on the phone. For each
store and job count it prints wall time, microseconds per message, events per second and the
peak memory of the parsing process (read with ``wait4``, see ``_measure.py``).

    python benchmarks/per_message.py                      # 200,000 messages per store
    python benchmarks/per_message.py --messages 50000 --stores whatsapp
    python benchmarks/per_message.py --repeat 3           # the median of three runs

It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402


def _whatsapp(root: Path, n: int) -> None:
    from artefacts.synthetic.whatsapp import build_msgstore, build_wa_db

    db = root / "data/data/com.whatsapp/databases/msgstore.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    n_chats, n_groups = max(6, n // 300), max(2, n // 1000)
    build_msgstore(db, n_messages=n, n_chats=n_chats, n_groups=n_groups, n_calls=0, seed=1, media_files=0)
    build_wa_db(db.with_name("wa.db"), n_chats=n_chats, n_groups=n_groups, seed=1)


def _google_messages(root: Path, n: int) -> None:
    from artefacts.synthetic.google_messages import DB, build_bugle_db

    build_bugle_db(root / DB, n_messages=n, seed=1)


def _facebook_messenger(root: Path, n: int) -> None:
    from artefacts.synthetic.facebook_messenger import DB, OWNER, UID_FILE, build_threads_db2

    build_threads_db2(root / DB, n_messages=n, seed=1)
    (root / UID_FILE).write_text(OWNER + "\n", encoding="utf-8")


def _facebook_messenger_ios(root: Path, n: int) -> None:
    from artefacts.synthetic.facebook_messenger import IOS_DB, build_messenger_ios

    (root / IOS_DB).parent.mkdir(parents=True, exist_ok=True)
    build_messenger_ios(root / IOS_DB, n_messages=n, seed=1)


#: store name -> builder(extraction root, number of messages); each writes one app's store
STORES = {
    "whatsapp": _whatsapp,
    "google_messages": _google_messages,
    "facebook_messenger": _facebook_messenger,
    "facebook_messenger_ios": _facebook_messenger_ios,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--stores", default=",".join(STORES), help=f"comma-separated, of: {', '.join(STORES)}")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    args = ap.parse_args()
    exe = [sys.executable, "-c", "from artefacts.cli import main; main()"]
    tmp = Path(tempfile.mkdtemp(prefix="artefacts-per-message-"))
    n = args.messages
    print(f"{'store':<16} {'jobs':>4} {'wall s':>8} {'µs/message':>11} {'events/s':>10} {'peak MiB':>9}")
    try:
        for name in args.stores.split(","):
            root = tmp / name
            t0 = time.perf_counter()
            STORES[name](root, n)
            print(f"# built {name}: {n:,} messages in {time.perf_counter() - t0:.1f} s", flush=True)
            for jobs in args.jobs.split(","):
                runs = []
                for _ in range(args.repeat):
                    out = tmp / f"{name}.sqlite"
                    out.unlink(missing_ok=True)
                    runs.append(measure([*exe, "parse", str(root), "-o", str(out), "-q", "--jobs", jobs,
                                         "--workdir", str(tmp / "w")]))
                    shutil.rmtree(tmp / "w", ignore_errors=True)
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                codes = sorted({r[2] for r in runs})
                print(f"{name:<16} {jobs:>4} {wall:8.2f} {wall / n * 1e6:11.1f} {n / wall:10,.0f} {rss:9.1f}"
                      + ("" if codes == [0] else f"  exit {codes}"), flush=True)
            if not args.keep:
                shutil.rmtree(root)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
