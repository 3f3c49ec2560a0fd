"""The review UI on a large case: how long Datasette with the artefacts plugin takes per page.

Builds (or reuses, with ``--dir``) the synthetic Android extraction of ``benchmarks/run.py``
(WhatsApp ``msgstore.db`` + ``wa.db``, ``mmssms.db``, ``calllog.db`` on their real schemas), parses
it once into a SQLite timeline, and times each page through Datasette's own client, the server
set up as ``artefacts serve`` sets it up (``artefacts.review.server``):

    python benchmarks/review.py                         # 1,000,000 WhatsApp + 200,000 SMS
    python benchmarks/review.py --whatsapp 100000 --sms 20000

It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MSGSTORE, build  # noqa: E402


async def timed(ds, path: str) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    response = await ds.client.get(path)
    return time.perf_counter() - t0, response.status_code, len(response.content)


async def measure(timeline: Path, tz: str) -> None:
    from artefacts.review.server import make_datasette

    t0 = time.perf_counter()
    ds = make_datasette(timeline, tz)
    await ds.invoke_startup()
    await ds.client.get("/")  # Datasette counts the rows of an immutable database's tables once
    print(f"  {'start and first page':<44} {time.perf_counter() - t0:8.2f} s")
    db = timeline.stem
    con = sqlite3.connect(timeline)
    evidence_id, app, conversation_id, _ = con.execute(
        "SELECT evidence_id, app, conversation_id, count(*) AS n FROM events WHERE kind = 'message' "
        "GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1").fetchone()
    (word,) = con.execute("SELECT body FROM events WHERE body IS NOT NULL AND kind = 'message' LIMIT 1").fetchone()
    (middle,) = con.execute("SELECT event_id FROM events WHERE conversation_id = ? AND evidence_id = ? "
                            "ORDER BY timestamp LIMIT 1 OFFSET 1000", (conversation_id, evidence_id)).fetchone()
    (day,) = con.execute("SELECT substr(timestamp, 1, 10) FROM events WHERE timestamp IS NOT NULL "
                         "ORDER BY timestamp LIMIT 1 OFFSET 500").fetchone()
    (identity,) = con.execute("SELECT identity_id FROM identities ORDER BY events DESC LIMIT 1").fetchone() or (0,)
    (participant,) = con.execute("SELECT participant_id FROM participants ORDER BY events DESC LIMIT 1").fetchone() or (0,)
    con.close()
    term = next((w for w in word.split() if w.isalpha() and len(w) > 3), word.split()[0])
    conv = urlencode({"evidence_id": evidence_id, "app": app, "conversation_id": conversation_id})
    pages = [
        ("events, newest first, with the facets", f"/{db}/events"),
        ("events, full-text search", f"/{db}/events?" + urlencode({"_search": term})),
        ("events of one app and direction", f"/{db}/events?app={app}&direction=incoming"),
        ("transcript, first page (largest conversation)", f"/-/artefacts/conversation?{conv}"),
        ("transcript at its 1,001st event", f"/-/artefacts/conversation?{conv}&at={middle}"),
        ("conversation query (JSON, first 1,000 rows)", f"/{db}/conversation.json?{conv}"),
        ("messages per day (all)", f"/{db}/messages_per_day.json?evidence_id=&app="),
        ("around a date (24 h)", f"/{db}/around_date.json?date={day}&hours="),
        ("indicators in common", f"/{db}/indicators_in_common.json"),
        ("identities in common between devices", f"/{db}/identities_between_devices.json?device_a=&device_b="),
        ("all events of the busiest identity", f"/{db}/identity_events.json?identity_id={identity}"),
        ("events of one participant (filter + facets)", f"/{db}/events?_participant={participant}"),
        ("events with the participant facet asked for", f"/{db}/events?_facet_participant=event_id"),
        ("events per day chart, UTC", "/-/artefacts/activity?tz=UTC"),
        (f"events per day chart, {tz}", "/-/artefacts/activity"),
    ]
    for label, path in pages:
        seconds, status, size = await timed(ds, path)
        print(f"  {label:<44} {seconds:8.2f} s  HTTP {status}  {size / 1024:8.1f} KiB")


def main() -> None:
    ap = argparse.ArgumentParser(description="time the review UI's pages on a large synthetic case")
    ap.add_argument("--whatsapp", type=int, default=1_000_000)
    ap.add_argument("--sms", type=int, default=200_000)
    ap.add_argument("--timezone", default="Europe/Berlin")
    ap.add_argument("--dir", type=Path, help="where to build (kept and reused); default: a temp folder")
    args = ap.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="artefacts-review-bench-"))
    root = base / f"ext-{args.whatsapp}-{args.sms}"
    if not (root / MSGSTORE).exists():
        t0 = time.perf_counter()
        build(root, args.whatsapp, args.sms)
        print(f"built {args.whatsapp:,} WhatsApp messages + {args.sms:,} SMS in {time.perf_counter() - t0:.1f} s")
    timeline = base / f"case-{args.whatsapp}-{args.sms}.sqlite"
    if not timeline.exists():
        subprocess.run([sys.executable, "-m", "artefacts", "parse", str(root), "-o", str(timeline), "-q",
                        "--workdir", str(base)], check=False)
    con = sqlite3.connect(timeline)
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    print(f"{timeline}: {events:,} events")
    asyncio.run(measure(timeline, args.timezone))


if __name__ == "__main__":
    main()
