"""Recovered rows for the host: the rows of one table, keyed by column name, for a plugin's mapping.

The host gives a *copy* of a database (the workspace copy it already makes) and a table name;
:meth:`RecoveredDatabase.rows` yields one dict per recovered record of that table with every
column of the table as a key -- the shape of a row from ``SELECT * FROM table`` -- so a plugin's
row-to-event function (e.g. ``sms_to_event(row, ctx)``) runs on it unchanged:

* values are the raw SQLite values (``int``, ``float``, ``str``, ``bytes``, ``None``), not the
  JSON encoding of ``artefacts recover``; the rowid-alias column holds the rowid when it is known;
* a column whose value did not survive is ``None`` and is named in ``_recovery["missing"]``;
* ``_recovery`` says where and how the row was found: ``status`` (``deleted``,
  ``previous_version``, ``freed``), ``rowid``, ``region``, ``area``, ``page``, ``offset``, ``wal``
  (frame, salts, committed), ``journal``, ``confidence``, ``partial``, ``method`` and
  ``source_locator`` -- a string for the event's ``source_locator`` (e.g.
  ``sms:rowid=12 recovered@wal_frame,frame=3,salt1=...,page=5,offset=310``).

The carving runs once per database, on first use; every table is then served from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .carve import MISSING
from .database import Recovery, recover_database

STATUSES = ("deleted", "freed", "previous_version")
_CONFIDENCE = {"low": 0, "medium": 1, "high": 2}


class RecoveredDatabase:
    """Recovery of one database copy, served table by table."""

    def __init__(self, path, wal="auto", journal="auto"):
        self.path = Path(path)
        self._wal, self._journal = wal, journal
        self._recovery: Recovery | None = None

    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = recover_database(self.path, wal=self._wal, journal=self._journal)
        return self._recovery

    @property
    def problems(self) -> list[str]:
        """Why the file could not be fully processed (for one warning naming the file); empty if it could."""
        return self.recovery.problems

    def tables(self) -> list[str]:
        """Names of the tables that have recovered rows."""
        return sorted({c.table.name for c, _s, _n in self.recovery.found})

    def evidence(self, table: str) -> list[dict]:
        """Deletion evidence without content for ``table`` (rowid gaps below ``sqlite_sequence``)."""
        return [e for e in self.recovery.evidence if e["table"] == table]

    def rows(self, table: str, statuses=STATUSES, min_confidence: str = "low",
             complete_only: bool = False, columns=()) -> Iterator[dict]:
        """Recovered rows of ``table`` (case-insensitive name), each with a ``_recovery`` dict.

        ``columns``: names a plugin's query selects that the table may lack (its
        ``ctx.column_or_null`` columns): they are keys with ``None`` when the table has no such
        column, as the query would give them.
        """
        want = table.lower()
        floor = _CONFIDENCE[min_confidence]
        for (c, status, copies), record in zip(self.recovery.found, self.recovery.records):
            if c.table.name.lower() != want or status not in statuses:
                continue
            if _CONFIDENCE[c.confidence] < floor or (complete_only and c.partial):
                continue
            row = {col.name: (None if v is MISSING else v) for col, v in zip(c.table.columns, c.values)}
            for name in columns:
                row.setdefault(name, None)
            row["_recovery"] = {
                "status": status,
                "rowid": c.rowid,
                "table": c.table.name,
                "region": c.region,
                "area": c.area,
                "page": c.page,
                "offset": c.offset,
                "wal": record.get("wal"),
                "journal": record.get("journal"),
                "confidence": c.confidence,
                "method": c.method,
                "partial": c.partial,
                "missing": c.missing,
                "copies": copies,
                "source_locator": record["locator"],
            }
            yield row


def recovered_rows(path, table: str, **options) -> Iterator[dict]:
    """One-off form of :meth:`RecoveredDatabase.rows` (carves ``path`` for this call)."""
    yield from RecoveredDatabase(path).rows(table, **options)
