"""The timeline's FTS5 full-text index, built beside it in a thread, grafted in at the end.

SQLite lets one connection write a database at a time, so an index filled by the writer
adds its whole cost (about 2 s per million events, measured) to the writer's own work. The
:class:`SideIndex` builds the same FTS5 index in a scratch database of its own, in a thread
with its own connection: SQLite runs without the GIL, so the indexing overlaps the copying of
events and the building of the B-tree indexes on the other core. When the timeline is
complete, the index's shadow tables (``<name>_data``, ``_idx``, ``_config``; ``_docsize`` when
column sizes are stored, which the timeline's ``columnsize=0`` table does not) are
copied into the timeline's empty FTS5 table of the same definition: the result is the index
SQLite would have built in place, row for row (the tests run FTS5's ``integrity-check``
against the events table). Where shadow tables cannot be written (SQLite built in
"defensive" mode), the index is rebuilt in place instead.

Work arrives in order as

* stores: a finished unit's scratch SQLite file with an ``events`` table whose rows were just
  appended to the timeline (its row ``k`` became timeline row ``offset + k``); the file is
  handed over and deleted once indexed;
* rows: ``(rowid, column values ...)`` tuples of events the writer inserted itself.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import weakref
from pathlib import Path

#: shadow tables of an FTS5 table (see https://sqlite.org/fts5.html, "shadow tables")
SHADOW_TABLES = ("data", "idx", "docsize", "config")
#: work items waiting for the thread at most (each a batch of rows or one store file)
QUEUE_SIZE = 8


#: nice value of the FTS thread: it takes the cores the parsers leave idle (measured: see the commit)
THREAD_NICE = 19


def _lower_priority() -> None:
    """Lower this thread's scheduling priority (Linux: a thread is a task with its own nice value)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), THREAD_NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: same result, less overlap
        pass


#: indexes whose thread may be inside SQLite; a fork waits until each is between two statements
_ACTIVE: "weakref.WeakSet[SideIndex]" = weakref.WeakSet()
_HELD: list = []


def _before_fork() -> None:
    """Worker processes are forked from the writer: a fork taken while the FTS thread is inside
    SQLite would copy SQLite's mutexes locked into the child, which could then hang on its first
    allocation. So the fork waits for the thread to finish its statement."""
    for index in list(_ACTIVE):
        index._busy.acquire()
        _HELD.append(index._busy)


def _after_fork_in_parent() -> None:
    while _HELD:
        _HELD.pop().release()


def _after_fork_in_child() -> None:
    """The child has no FTS thread: nothing of the parent's to wait for if it forks in turn."""
    _HELD.clear()
    _ACTIVE.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)


def _drop(item) -> None:
    """A work item that will not be indexed: a store's file is deleted (it was handed over)."""
    if item and item[0] == "store":
        try:
            Path(item[1]).unlink(missing_ok=True)
        except OSError:  # a failing disk: the store lies in the working folder, removed after the run
            pass


class SideIndex:
    """The FTS5 table ``table`` (``create_sql``: its definition in the timeline, indexing ``columns``
    of an external content table) built in ``path`` by a thread, copied into the timeline by :meth:`graft`."""

    def __init__(self, path: Path, create_sql: str, table: str, columns: list[str]):
        self.path = Path(path)
        self.create_sql = create_sql
        self.table = table
        self.columns = list(columns)
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
        self._error: BaseException | None = None
        #: held by the thread while it is inside SQLite (see ``_before_fork``)
        self._busy = threading.Lock()
        _ACTIVE.add(self)
        self.path.unlink(missing_ok=True)
        self._thread = threading.Thread(target=self._run, name="artefacts-fts", daemon=True)
        self._thread.start()

    # -- writer side ---------------------------------------------------------------------
    def add_rows(self, rows: list[tuple]) -> None:
        """Index ``(rowid, *column values)`` tuples."""
        if rows:
            self._put(("rows", rows))

    def add_store(self, store: Path, offset: int) -> None:
        """Index the ``events`` of ``store`` (row ``k`` is timeline row ``offset + k``); the file is deleted after."""
        self._put(("store", str(store), offset))

    def _put(self, item) -> None:
        if self._error is None:
            self._queue.put(item)
        else:
            _drop(item)

    def finish(self) -> None:
        """Wait until everything handed over is indexed; raises what the thread met."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def graft(self, con: sqlite3.Connection) -> None:
        """Copy the built index into ``con``'s empty FTS5 table (outside a transaction)."""
        con.execute("ATTACH DATABASE ? AS artefacts_fts", (str(self.path),))
        try:
            con.execute("BEGIN")
            present = {r[0] for r in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
            for suffix in SHADOW_TABLES:
                if f"{self.table}_{suffix}" not in present:  # no _docsize with columnsize=0
                    continue
                name = f"[{self.table}_{suffix}]"
                con.execute(f"DELETE FROM main.{name}")
                con.execute(f"INSERT INTO main.{name} SELECT * FROM artefacts_fts.{name}")
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.execute("DETACH DATABASE artefacts_fts")

    def discard(self) -> None:
        """Stop the thread (if still running) and delete the scratch file."""
        if self._thread.is_alive():
            self._error = self._error or RuntimeError("discarded")
            while True:  # unblock a full queue, then stop
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                _drop(item)
            self._queue.put(None)
            self._thread.join()
        self.path.unlink(missing_ok=True)

    # -- the thread ------------------------------------------------------------------------
    def _run(self) -> None:
        con = None
        _lower_priority()
        try:
            with self._busy:
                con = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
                con.execute("PRAGMA journal_mode=OFF")
                con.execute("PRAGMA synchronous=OFF")
                con.execute(self.create_sql)
                con.execute("BEGIN")
            cols = ", ".join(f"[{c}]" for c in self.columns)
            insert_rows = (f"INSERT INTO [{self.table}] (rowid, {cols}) "
                           f"VALUES ({', '.join('?' for _ in range(len(self.columns) + 1))})")
            insert_store = f"INSERT INTO [{self.table}] (rowid, {cols}) SELECT ? + rowid, {cols} FROM unit.events"
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if self._error is not None:
                    _drop(item)
                    continue
                try:
                    with self._busy:
                        self._index(con, item, insert_rows, insert_store)
                except BaseException as exc:  # kept for finish(); later items are dropped
                    self._error = exc
                    _drop(item)
            with self._busy:
                if con.in_transaction:
                    con.execute("COMMIT")
        except BaseException as exc:
            self._error = self._error or exc
        finally:
            if con is not None:
                with self._busy:
                    con.close()
            _ACTIVE.discard(self)

    @staticmethod
    def _index(con: sqlite3.Connection, item: tuple, insert_rows: str, insert_store: str) -> None:
        if item[0] == "rows":
            con.executemany(insert_rows, item[1])
            return
        _, store, offset = item
        con.execute("COMMIT")
        con.execute("ATTACH DATABASE ? AS unit", (store,))
        try:
            con.execute("BEGIN")
            con.execute(insert_store, (offset,))
            con.execute("COMMIT")
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.execute("DETACH DATABASE unit")
            os.unlink(store)
        con.execute("BEGIN")
