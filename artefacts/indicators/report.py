"""Reading the indicators of a delivered timeline back (``artefacts indicators``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def load_indicators(timeline: Path) -> list[dict]:
    """Every indicator row of a SQLite timeline, a JSON Lines timeline (its ``.indicators.jsonl``) or a JSON document."""
    suffix = timeline.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        side = timeline.with_name(timeline.name + ".indicators.jsonl")
        with open(side, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    if suffix == ".json":
        return list(json.loads(timeline.read_text(encoding="utf-8"))["indicators"])
    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute("SELECT * FROM indicators ORDER BY rowid")]
    finally:
        con.close()
    for r in rows:
        r["validated"] = bool(r["validated"])
        r["details"] = json.loads(r["details"]) if r.get("details") else {}
    return rows


def summary_rows(rows: list[dict]) -> list[dict]:
    """Each (kind, normalised value): occurrences, events, devices, apps, first and last seen; most devices first."""
    by: dict = {}
    for r in rows:
        s = by.setdefault((r["kind"], r["normalised"]), {"kind": r["kind"], "normalised": r["normalised"], "occurrences": 0,
                                                         "events": set(), "devices": set(), "apps": set(),
                                                         "first_seen": None, "last_seen": None, "validated": False})
        s["occurrences"] += 1
        s["events"].add(r["event_id"])
        s["devices"].add(r["evidence_id"])
        s["apps"].add(r["app"])
        s["validated"] = s["validated"] or bool(r["validated"])
        ts = r.get("timestamp")
        if ts:
            s["first_seen"] = ts if s["first_seen"] is None else min(s["first_seen"], ts)
            s["last_seen"] = ts if s["last_seen"] is None else max(s["last_seen"], ts)
    out = []
    for s in by.values():
        out.append(dict(s, events=len(s["events"]), devices=",".join(sorted(s["devices"])),
                        apps=",".join(sorted(a for a in s["apps"] if a))))
    out.sort(key=lambda s: (-s["devices"].count(",") - 1 if s["devices"] else 0, s["kind"], s["normalised"]))
    return out
