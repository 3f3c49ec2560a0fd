"""SQLite timeline through sqlite-utils: tables ``events``, ``sources``, ``warnings`` and ``run``.

Lists and objects are stored as JSON text, booleans as 0/1. Rows are loaded in
large transactions (one for a run in one process; one per finished part, copied
inside SQLite, with ``--jobs``) with the journal off: the file is a scratch file
moved into place only when complete. Indexes (time, app, conversation, event id) and the FTS5
full-text index on body and names are built after the rows are in, which is
several times faster than maintaining them row by row; the FTS5 index is built beside
the timeline by a thread (see ``fts``), so that it overlaps the rest. The delivered file is a
single database in rollback-journal mode, so its hash does not depend on a
``-wal`` sidecar and it opens from write-blocked media.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from ..events import FIELDS
from .base import Exporter, dumps, row_form
from ..case import GROUP_COLUMNS, GROUPS_TABLE, group_into
from ..indicators.index import FOUND_COLUMNS, FOUND_TABLE, MARKED_SQL, MARKED_TABLE, scan_into
from ..indicators.scanner import has_marker, markers_sql
from .fts import SideIndex

_COLUMN_TYPES = {"deleted": "INTEGER", "recovered": "INTEGER", "timestamp_raw": ""}
BATCH = 5000
#: page size of the timeline and of the workers' stores. Events are about 800 bytes; measured on
#: 1.2 M of them: copying a store 1.05 -> 0.60 s, the four indexes 1.85 -> 1.52 s, the file
#: 1100 -> 1028 MiB, against the default 4096 (65536 copies faster still but indexes slower).
PAGE_SIZE = 16384
#: sources and warnings are inserted in batches of this many rows
SIDE_BATCH = 1000
_FIELD_LIST = ", ".join(f"[{f}]" for f in FIELDS)
_EVENT_ID, _EXTRA = FIELDS.index("event_id"), FIELDS.index("extra")
FTS_COLUMNS = ["body", "conversation_name", "sender", "sender_name"]

SOURCE_COLUMNS = {
    "evidence_id": str,
    "path": str,
    "role": str,
    "size": int,
    "mtime": str,
    "sha256": str,
    "parsers": str,
    "status": str,
    "rows": int,
    "events": int,
    "skipped": int,
    "warnings": int,
    "note": str,
}
WARNING_COLUMNS = {
    "evidence_id": str,
    "source_path": str,
    "parser": str,
    "locator": str,
    "message": str,
}


# Declared types: TEXT for strings and JSON, INTEGER for flags, and no type for
# timestamp_raw so that integers, reals and text keep the type they had in the source.
EVENTS_SQL = "CREATE TABLE events ({})".format(", ".join(f"[{f}] {_COLUMN_TYPES.get(f, 'TEXT')}".rstrip() for f in FIELDS))
#: the full-text index over the events table (external content; see ``open`` on columnsize=0)
FTS_SQL = (f"CREATE VIRTUAL TABLE [events_fts] USING FTS5 ({', '.join(f'[{c}]' for c in FTS_COLUMNS)}, "
           "content=[events], columnsize=0)")
#: the indexes on ``events`` (name, columns), built once the rows are in
EVENT_INDEXES = (("events_timestamp", "timestamp"), ("events_app", "app, timestamp"),
                 ("events_conversation", "conversation_id"), ("events_event_id", "event_id"))


def create_event_indexes(conn: sqlite3.Connection, names=None) -> None:
    """The indexes of a timeline's ``events`` table, or those ``names`` (those already there are kept)."""
    # one sorter helper thread: the indexes are built after the parsers are done, so a core is
    # free (1.2 M events, three alternated runs each: median wall 10.35 -> 10.13 s, peak 61.6 ->
    # 65.7 MiB, 64.5 MiB at ten times fewer events; two helpers: 10.08 s but 69.8 MiB)
    conn.execute("PRAGMA threads=1")
    for name, columns in EVENT_INDEXES:
        if names is None or name in names:
            conn.execute(f"CREATE INDEX IF NOT EXISTS [{name}] ON [events] ({columns})")


def run_row(run: dict) -> dict:
    """A run record as a row of the ``run`` table (lists and objects as JSON text)."""
    return {k: (dumps(v) if isinstance(v, (dict, list)) else v) for k, v in run.items()}


def seal(conn: sqlite3.Connection) -> None:
    """Make a complete timeline the delivered file: one database in rollback-journal mode, with statistics."""
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA analysis_limit=1000")  # sampled statistics: enough for the planner
    conn.execute("ANALYZE")


class SQLiteExporter(Exporter):
    unit_stores = True
    name = "sqlite"
    extensions = (".sqlite", ".db", ".sqlite3")
    description = "SQLite database with events, sources, warnings and run tables, indexes and FTS5"

    def open(self) -> None:
        self.db = sqlite_utils.Database(str(self.tmp_path), recreate=True)
        conn = self.db.conn
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        conn.execute("PRAGMA journal_mode=OFF")  # a fresh scratch file, renamed only when complete
        conn.execute("PRAGMA synchronous=OFF")
        self._create_sql = EVENTS_SQL
        self.db.execute(self._create_sql)
        # The FTS5 index (external content: the events table) is built beside the timeline by a
        # thread as rows arrive, and copied in at the end (see ``fts``). Column sizes are not stored
        # (columnsize=0): the _docsize table is a B-tree row per event, and without it the index
        # takes 40 % less to build (300,000 events in isolation: 0.39 -> 0.23 s; in the 1.2 M-event
        # benchmark, three alternated runs: user 16.3 -> 15.7 s, wall unchanged within the noise, as
        # the thread runs on the core the parsers leave idle); bm25/rank then measures the matched
        # rows' text when asked.
        conn.execute(FTS_SQL)
        self._fts = SideIndex(self.tmp_path.with_name(self.tmp_path.name + ".fts"), FTS_SQL, "events_fts", FTS_COLUMNS)
        self._fts_at = [FIELDS.index(c) for c in FTS_COLUMNS]
        self._rows = 0  # rows in events: rowids are 1..rows (append only)
        #: ranges of timeline rows whose indicators their unit store found (see :meth:`_take_findings`)
        self._scanned: list[tuple[int, int]] = []
        #: ranges of timeline rows whose case groups their unit store made (see :mod:`artefacts.case`)
        self._grouped: list[tuple[int, int]] = []
        self._side_rows: dict[str, list[dict]] = {}
        self.db["sources"].create(SOURCE_COLUMNS)
        self.db["warnings"].create(WARNING_COLUMNS)
        placeholders = ", ".join("?" for _ in FIELDS)
        self._insert_sql = f"INSERT INTO events ({', '.join(f'[{f}]' for f in FIELDS)}) VALUES ({placeholders})"
        self._batch: list[list] = []
        conn.execute("BEGIN")

    def pack(self, event: dict) -> list:
        return row_form(event)

    def write_packed(self, row: list) -> None:
        self._batch.append(row)
        if len(self._batch) >= BATCH:
            self._flush()
        self.events_written += 1

    def _flush(self) -> None:
        if self._batch:
            self.db.conn.executemany(self._insert_sql, self._batch)
            at, first = self._fts_at, self._rows + 1
            self._fts.add_rows([(first + i, *[row[k] for k in at]) for i, row in enumerate(self._batch)])
            self._rows += len(self._batch)
            self._batch.clear()

    def unit_store(self, path: Path) -> "RowStore":
        return RowStore(path, self._create_sql, self._insert_sql, self._scan_options())

    def _scan_options(self):
        """The indicator options when the scan is on (set by the host before any unit runs), else None."""
        return self.indicators if self.indicators is not None and self.indicators.enabled else None

    def merge_unit_store(self, path: Path) -> int:
        """Bulk-copy a unit's rows, in order, inside SQLite (no Python work per row).

        ``INSERT ... SELECT *`` from a table of the same definition into one without indexes is
        SQLite's transfer optimisation: records are copied as they are, in rowid order, and get
        the next rowids (measured on 1.2 M events: 2.9 s, against 4.3 s with ``ORDER BY rowid``,
        which turns it off). ATTACH is not allowed inside a transaction, so the load commits here;
        with the journal off and the file renamed into place only at the end, that changes
        neither speed nor what a reader can ever see. The store then goes to the FTS thread.
        """
        self._flush()
        conn = self.db.conn
        if conn.in_transaction:
            conn.execute("COMMIT")
        conn.execute("ATTACH DATABASE ? AS unit", (str(path),))
        try:
            conn.execute("BEGIN")
            before = conn.total_changes
            conn.execute("INSERT INTO main.events SELECT * FROM unit.events")
            n = conn.total_changes - before
            lo, hi = conn.execute("SELECT min(rowid), max(rowid) FROM unit.events").fetchone()
            if n and hi - lo + 1 == n and self._take_findings(conn, self._rows + 1 - lo):
                self._scanned.append((self._rows + 1, self._rows + n))
            if n and self._take_groups(conn):
                self._grouped.append((self._rows + 1, self._rows + n))
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE unit")
            conn.execute("BEGIN")
        first = self._rows + 1
        self._rows += n
        self.events_written += n
        if n and hi - lo + 1 == n:  # the store's rows are lo..hi: timeline rows first..
            handed = path.with_name(path.name + ".fts")
            os.replace(path, handed)
            self._fts.add_store(handed, first - lo)
        elif n:  # not contiguous (never written that way): index the rows from the timeline
            cur = conn.execute(f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM events WHERE rowid >= ?", (first,))
            while rows := cur.fetchmany(BATCH):
                self._fts.add_rows(rows)
        return n

    def _take_findings(self, conn: sqlite3.Connection, offset: int) -> bool:
        """Copy the indicators a unit store's worker found (row ``k`` is timeline row ``offset + k``)
        into the timeline's staging table; False when the store was not scanned."""
        if self._scan_options() is None:
            return False
        cols = ", ".join(f'"{c}"' for c in FOUND_COLUMNS)
        return _stage(conn, FOUND_TABLE, f"CREATE TEMP TABLE IF NOT EXISTS {FOUND_TABLE} ({cols})",
                      f"SELECT ? + event_rowid, {cols.split(', ', 1)[1]} FROM unit.{FOUND_TABLE} ORDER BY rowid", (offset,))

    def _take_groups(self, conn: sqlite3.Connection) -> bool:
        """Copy a unit store's case groups into the timeline's staging table; False when it has none."""
        return _stage(conn, GROUPS_TABLE, f"CREATE TEMP TABLE IF NOT EXISTS {GROUPS_TABLE} ({GROUP_COLUMNS})",
                      f"SELECT * FROM unit.{GROUPS_TABLE}")

    def write_source(self, source: dict) -> None:
        row = dict(source)
        if isinstance(row.get("parsers"), (list, tuple)):
            row["parsers"] = dumps(row["parsers"])
        self._side_rows.setdefault("sources", []).append(row)
        if len(self._side_rows["sources"]) >= SIDE_BATCH:
            self._flush_side()

    def write_warning(self, warning: dict) -> None:
        self._side_rows.setdefault("warnings", []).append(warning)
        if len(self._side_rows["warnings"]) >= SIDE_BATCH:
            self._flush_side()

    def _flush_side(self) -> None:
        for table, rows in self._side_rows.items():
            if rows:
                self.db[table].insert_all(rows, alter=True)
                rows.clear()

    def finish(self, run: dict) -> list[Path]:
        self._flush()
        self._flush_side()
        from ..case_tables import rebuild_derived

        create_event_indexes(self.db.conn)
        # the unit stores' findings and groups are staged (see merge_unit_store); the FTS index is
        # not rebuilt here: the side index (see ``fts``) is grafted in below
        derived = rebuild_derived(self.db.conn, indicators=self._scan_options(), region=self.region, fts=False,
                                  rows=self._rows, scanned=self._scanned, grouped=self._grouped)
        run = dict(run, counts=dict(run.get("counts") or {}, **derived))
        self.db["run"].insert(run_row(run), alter=True)
        self.db.conn.execute("COMMIT")
        self._fts_into_timeline()
        seal(self.db.conn)
        self.db.close()
        self._commit()
        return [self.path]

    def _fts_into_timeline(self) -> None:
        """Wait for the FTS thread and graft its index; rebuild in place if that cannot be done."""
        try:
            self._fts.finish()
            self._fts.graft(self.db.conn)
        except Exception:  # e.g. shadow tables write-protected (defensive mode), a failed thread
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            self.db.conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
            self.db.conn.commit()
        finally:
            self._fts.discard()

    def abort(self) -> None:
        self._fts.discard()
        try:
            self.db.close()
        except Exception:
            pass
        super().abort()


def _stage(conn: sqlite3.Connection, table: str, create_sql: str, select_sql: str, params=()) -> bool:
    """Copy what a worker left in its unit store's ``table`` (attached as ``unit``) into ``temp.<table>``
    (``create_sql`` makes it); False when the store has no such table."""
    if not conn.execute("SELECT 1 FROM unit.sqlite_master WHERE name = ?", (table,)).fetchone():
        return False
    conn.execute(create_sql)
    conn.execute(f"INSERT INTO temp.{table} {select_sql}", params)
    return True


class RowStore:
    """A unit's packed rows in a scratch SQLite file, written by a worker process.

    Each batch is committed (rollback journal, no fsync), so a worker stopped mid-unit leaves
    every batch it had handed on readable.
    """

    def __init__(self, path: Path, create_sql: str, insert_sql: str, indicators=None):
        self.path = path
        #: the indicator options: the store's events are scanned when it is closed, in the worker
        self.indicators = indicators
        self._con = sqlite3.connect(str(path))
        self._con.execute(f"PRAGMA page_size={PAGE_SIZE}")
        self._con.execute("PRAGMA synchronous=OFF")
        self._con.execute(create_sql)
        if indicators is not None:
            self._con.execute(MARKED_SQL)
        self._insert_sql = insert_sql

    def add(self, batch: list) -> None:
        with self._con:
            self._con.executemany(self._insert_sql, batch)
            if self.indicators is not None:
                # the events whose extra holds an indicator marker: the scan reads no other event's extra
                self._con.executemany(f"INSERT OR IGNORE INTO {MARKED_TABLE} VALUES (?)", [
                    (row[_EVENT_ID],) for row in batch if row[_EXTRA] and has_marker(row[_EXTRA])])

    #: a packed event parked for :meth:`add_sql` is its row
    pending_width = len(FIELDS)

    @staticmethod
    def pending_row(packed: list) -> list:
        return packed

    def add_sql(self, con: sqlite3.Connection, select: str, params, pending: str) -> int:
        """Append, in ``_seq, _ord`` order, the rows of ``select`` (event fields, run on ``con``) and of ``pending``."""
        con.execute("ATTACH DATABASE ? AS artefacts_store", (str(self.path),))
        try:
            before = con.total_changes
            con.execute(f"INSERT INTO artefacts_store.events SELECT {_FIELD_LIST} FROM "
                        f"({select} UNION ALL SELECT * FROM {pending} ORDER BY 1, 2)", params)
            written = con.total_changes - before
            if self.indicators is not None:
                # the rows mapped in Python; the SQL-mapped ones hold no marker (SQLMapping.free_text)
                con.execute(f"INSERT OR IGNORE INTO artefacts_store.{MARKED_TABLE} SELECT c{_EVENT_ID} FROM {pending} "
                            f"WHERE {markers_sql(f'c{_EXTRA}')}")
            con.commit()
            return written
        finally:
            if con.in_transaction:
                con.rollback()
            con.execute("DETACH DATABASE artefacts_store")

    def close(self) -> None:
        """Group the events for the case tables and scan them for indicators (when asked), then close. A
        worker does this for its own units, so it runs on every core, on rows still in the page cache,
        instead of over the finished timeline."""
        try:
            with self._con:
                group_into(self._con)
            if self.indicators is not None:
                with self._con:
                    scan_into(self._con, self.indicators, marked=MARKED_TABLE)
        finally:
            self._con.close()
