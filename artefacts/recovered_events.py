"""Deleted records in the timeline: each parser's own mapping run on the rows carved from its database.

After a parser has read a database's live rows, the host carves the same working copy
(:mod:`artefacts.recovery`: freeblocks, unallocated space, freelist pages, WAL frames of every
generation, rollback-journal page images). For the tables whose rows the parser maps to events (the
tables it names to ``ctx.map_rows``) it makes temporary tables of the same name holding the
recovered rows only (SQLite reads an unqualified name from ``temp`` first), and runs the parser
again over the same connection: every query, join and mapping of the plugin runs unchanged, the
recovered rows joined to the live rows of the tables it reads for lookups (a recovered message to
its live chat and contact), with nothing written per plugin. Of that run, only the events of
recovered rows are kept (an event names its row in its ``source_locator``, ``table:column=id``); they
get ``recovered: true``, the recovered record's locator (region, page, offset, WAL frame and salts)
as their ``source_locator`` (and so their own ``event_id``), and ``extra.recovery`` (status
``deleted``, ``previous_version`` or ``freed``, region, confidence, missing columns).

Two recovered rows of one table with the same row id (a deleted row and an older version of it)
go to separate runs. A row whose id was lost with its cell header gets a negative id of its own.
Recovered rows that the plugin's mapping skips, or that no event names, are counted in the file's
``sources`` note, never invented into events. Deletion evidence without content (row ids missing
below an AUTOINCREMENT table's ``sqlite_sequence``) becomes one ``other`` event per table, saying
how many rows are gone and that their content is not recoverable.

The working copy is opened read-only (``mode=ro``) by every parser, so no connection checkpoints its
``-wal`` into it: the carving sees the file and its WAL as they came from the extraction.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from pathlib import Path

from .context import temp_writes

#: what a recovered event's ``extra.recovery`` carries of the record's origin
RECOVERY_FIELDS = ("status", "region", "area", "page", "offset", "wal", "journal", "confidence", "method",
                   "partial", "missing")
_LOCATOR = re.compile(r"^([^:\s]+):([^=\s]+)=(-?\d+)$")
#: recovered rows per table served at most (a WAL of a busy app can hold many old versions)
MAX_ROWS_PER_TABLE = 200_000


def _generations(tables: dict[str, list[dict]]) -> list[dict[str, list[tuple[int, dict]]]]:
    """Split each table's recovered rows into runs where every row id is unique: ``[{table: [(id, row)]}]``."""
    runs: list[dict[str, list[tuple[int, dict]]]] = []
    for table, rows in tables.items():
        seen: dict[int, int] = defaultdict(int)
        synthetic = 0
        for row in rows:
            rowid = row["_recovery"]["rowid"]
            if not isinstance(rowid, int):
                synthetic -= 1
                rowid = synthetic
            g = seen[rowid]
            seen[rowid] += 1
            while len(runs) <= g:
                runs.append({})
            runs[g].setdefault(table, []).append((rowid, row))
    return runs


def _shadow(con: sqlite3.Connection, table: str, rows: list[tuple[int, dict]], alias: str | None) -> list[str]:
    """Create ``temp.<table>`` with the live table's columns and ``rows`` (row id = their id)."""
    columns = [r[1] for r in con.execute(f'PRAGMA main.table_info("{table}")')]
    con.execute(f'CREATE TEMP TABLE "{table}" AS SELECT * FROM main."{table}" WHERE 0')
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    con.executemany(f'INSERT INTO temp."{table}" (rowid, {names}) VALUES (?, {marks})', (
        (rowid, *[(rowid if alias is not None and c == alias else row.get(c)) for c in columns]) for rowid, row in rows))
    return columns


def _alias(con: sqlite3.Connection, table: str) -> str | None:
    """The table's INTEGER PRIMARY KEY column (an alias of the row id), if it has one."""
    pks = [(r[1], (r[2] or "").upper()) for r in con.execute(f'PRAGMA main.table_info("{table}")') if r[5]]
    if len(pks) == 1 and pks[0][1] == "INTEGER":
        return pks[0][0]
    return None


class Recovered:
    """The recovered rows of one working copy, and the events the parser's mapping makes of them."""

    def __init__(self, path: Path, required: set[str]):
        from .recovery.integration import RecoveredDatabase

        self.db = RecoveredDatabase(path)
        self.required = {t.lower() for t in required}
        self.rows = 0
        self.mapped: set[tuple[str, int]] = set()

    def problems(self) -> list[str]:
        return list(self.db.problems)

    def runs(self, con: sqlite3.Connection, event_tables: set[str]):
        """Yield, for each run, the ``fix(event) -> event | None`` of its events, once its rows are shadowed in
        ``con`` (the temporary tables are dropped when the next run starts and after the last).

        ``event_tables``: the tables whose rows the parser maps to events (``ParseContext.mapped_tables``).
        Only they are shadowed, every one of them in every run (empty when it has no recovered rows of that
        run), so that the run maps recovered rows only, while the tables the parser reads for lookups
        (a chat's name, a thread's address) stay live."""
        event_tables = {t.lower() for t in event_tables}
        live = {r[0].lower(): r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
        event_tables &= set(live)
        tables = {}
        for table in self.db.tables():
            if table.lower() not in event_tables:
                continue
            rows = []
            for row in self.db.rows(table):
                rows.append(row)
                if len(rows) >= MAX_ROWS_PER_TABLE:
                    break
            if rows:
                tables[table] = rows
                self.rows += len(rows)
        shadowed = [live[t] for t in sorted(event_tables)]
        alias = {t: _alias(con, t) for t in shadowed}
        for run in _generations(tables):
            by_id = {}
            with temp_writes(con):
                for table in shadowed:
                    rows = next((r for name, r in run.items() if name.lower() == table.lower()), [])
                    _shadow(con, table, rows, alias[table])
                    for rowid, row in rows:
                        by_id[(table.lower(), rowid)] = row["_recovery"]
            yield self._fixer(by_id)
            with temp_writes(con):
                for table in shadowed:
                    con.execute(f'DROP TABLE IF EXISTS temp."{table}"')

    def _fixer(self, by_id: dict):
        def fix(ev: dict) -> dict | None:
            m = _LOCATOR.match(str(ev.get("source_locator") or ""))
            if not m:
                return None
            key = (m.group(1).lower(), int(m.group(3)))
            info = by_id.get(key)
            if info is None:
                return None
            self.mapped.add((key[0], info["source_locator"]))
            ev = dict(ev)
            ev["recovered"] = True
            ev["source_locator"] = info["source_locator"]
            extra = ev.get("extra")
            extra = dict(extra) if isinstance(extra, dict) else ({} if extra is None else {"extra": extra})
            extra["recovery"] = {k: info.get(k) for k in RECOVERY_FIELDS if info.get(k) not in (None, [], False)}
            ev["extra"] = extra
            return ev
        return fix

    def deletion_evidence(self) -> list[dict]:
        """One ``other`` event per table the parser reads with row ids missing below its ``sqlite_sequence``."""
        events = []
        for table in sorted(self.required):
            for e in self.db.evidence(table):
                ranges = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in e["ranges"])
                body = (f"{e['missing_rowids']} rows of {e['table']} deleted (row ids {ranges} missing below its "
                        f"sqlite_sequence {e['sqlite_sequence']}); content not recoverable"
                        + (f" except {e['content_recovered']} carved" if e.get("content_recovered") else ""))
                events.append({
                    "timestamp": None, "timestamp_desc": "Not a time", "kind": "other", "deleted": True,
                    "body": body, "source_locator": e["locator"],
                    "extra": {"deletion_evidence": e["evidence"], "table": e["table"], "missing_rowids": e["missing_rowids"],
                              "ranges": e["ranges"], "sqlite_sequence": e["sqlite_sequence"],
                              "content_recovered": e.get("content_recovered", 0)},
                })
        return events

    def note(self) -> str | None:
        if not self.rows:
            return None
        unmapped = self.rows - len(self.mapped)
        text = f"recovered: {self.rows} carved rows, {len(self.mapped)} as events"
        if unmapped:
            text += f"; {unmapped} not events (the parser's mapping skipped them or reads other tables)"
        return text
