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
    from .index import Summary

    summary = Summary()
    for r in rows:
        summary.add(r)
    return summary.values()
