"""The tables of a SQLite timeline that are derived from its events, rebuilt in one place.

A timeline's ``events`` (with ``sources``, ``warnings`` and ``run``) are what the parsers read;
everything else in the file is computed from them: the full-text index ``events_fts`` and the
indicators (``indicators`` with the views ``indicator_summary`` and ``indicator_devices``).
:func:`rebuild_derived` is the one host function that (re)builds them: ``artefacts parse`` calls it
when its events are written, ``artefacts merge`` once the events of every input are in, so a case
merged from separate runs holds the derived tables a single run over the same extractions would.
Builds of further derived tables (participants, identities, conversations) belong here too.
"""

from __future__ import annotations

import sqlite3

from .indicators.index import IndicatorOptions, index_sqlite

#: what the indicator build creates (dropped first when it is rebuilt)
INDICATOR_OBJECTS = (("view", "indicator_summary"), ("view", "indicator_devices"), ("table", "indicators"))


def rebuild_derived(con: sqlite3.Connection, *, indicators: IndicatorOptions | None = None, fts: bool = True) -> dict:
    """(Re)build the derived tables of the timeline open on ``con`` from its ``events``; the counts to record.

    ``fts``: rebuild ``events_fts`` from the events (``parse`` builds it beside the run instead, see
    ``exporters.fts``, and passes False). ``indicators``: scan the events (none, or not enabled: no
    ``indicators`` table, as ``--no-indicators`` asks). Runs inside the caller's transaction, if any.
    """
    counts: dict = {}
    if fts:
        con.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    if indicators is not None and indicators.enabled:
        for kind, name in INDICATOR_OBJECTS:
            con.execute(f"DROP {kind.upper()} IF EXISTS [{name}]")
        counts["indicators"] = index_sqlite(con, indicators)
    return counts
