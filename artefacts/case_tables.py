"""The tables of a SQLite timeline that are derived from its events, (re)built in one place.

A timeline's ``events`` (with ``sources``, ``warnings`` and ``run``) are what the parsers read;
everything else in the file is computed from them: the full-text index ``events_fts``, the
indicators (``indicators`` with the views ``indicator_summary`` and ``indicator_devices``) and the
case tables (participants, identities, conversations: :mod:`artefacts.case`).
:func:`rebuild_derived` is the one host function that builds them: ``artefacts parse`` calls it once
its events are written, ``artefacts merge`` once the events of every input are in, so a case merged
from separate runs holds the derived tables a single run over the same extractions would.

``parse`` does part of the work while it copies the workers' unit stores: their indicator findings
and case groups are staged in the temporary tables :data:`~artefacts.indicators.index.FOUND_TABLE`
and :data:`~artefacts.case.GROUPS_TABLE`, and it names the rows they cover (``scanned``,
``grouped``); the other rows are scanned and grouped here. ``merge`` stages nothing: every row is.
"""

from __future__ import annotations

import sqlite3
from typing import Iterable, Iterator

from .case import GROUPS_TABLE, group_into
from .case import build as build_case
from .indicators.index import FOUND_TABLE, IndicatorOptions, scan_into, write_indicators

#: what the indicator build creates (dropped first when it is rebuilt)
INDICATOR_OBJECTS = (("view", "indicator_summary"), ("view", "indicator_devices"), ("table", "indicators"))


def gaps(done: Iterable[tuple[int, int]], rows: int) -> Iterator[tuple[int, int]]:
    """The ranges of rows 1..``rows`` outside the ranges ``done`` (given in order)."""
    start = 1
    for first, last in [*done, (rows + 1, rows + 1)]:
        if first > start:
            yield start, first - 1
        start = last + 1


def rebuild_derived(con: sqlite3.Connection, *, indicators: IndicatorOptions | None = None, region: str | None = None,
                    fts: bool = True, rows: int | None = None, scanned: Iterable[tuple[int, int]] = (),
                    grouped: Iterable[tuple[int, int]] = ()) -> dict:
    """(Re)build the derived tables of the timeline open on ``con`` from its ``events``; the counts to record.

    ``fts``: rebuild ``events_fts`` from the events (``parse`` builds it beside the run, see
    ``exporters.fts``, and passes False). ``indicators``: scan the events (None, or not enabled: no
    ``indicators`` table, as ``--no-indicators`` asks). ``region``: the default region of phone numbers
    (participants in E.164). ``rows``: the events' last row id (default: the largest); ``scanned`` and
    ``grouped``: the row ranges whose findings and groups are already staged (see the module's docstring).
    Runs inside the caller's transaction, if any.
    """
    counts: dict = {}
    if fts:
        con.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    if rows is None:
        rows = con.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
    if indicators is not None and indicators.enabled:
        for kind, name in INDICATOR_OBJECTS:
            con.execute(f"DROP {kind.upper()} IF EXISTS [{name}]")
        found = f"temp.{FOUND_TABLE}"
        for gap in gaps(scanned, rows):
            scan_into(con, indicators, found, rowids=gap)
        scan_into(con, indicators, found, rowids=(1, 0))  # creates the table when nothing was scanned
        counts["indicators"] = write_indicators(con, found)
    table = f"temp.{GROUPS_TABLE}"
    group_into(con, table, rowids=(1, 0))  # creates it when nothing was grouped
    for gap in gaps(grouped, rows):
        group_into(con, table, rowids=gap)
    counts.update(build_case(con, region, table))
    return counts
