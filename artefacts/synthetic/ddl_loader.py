"""Load the real DDL files in ``ddl/`` and open fast build connections.

The ``.sql`` files are verbatim copies of ``shared/reference/ddl`` (each keeps its source header),
plus ``ios_callhistory.sql``, written from richinfante/iphonebackuptools (see its header). Every
table and column a builder writes comes from these files: a builder never creates a table itself.

Build order (why ``phase`` exists): tables first, then the rows, then indexes and triggers. The
real triggers must not fire while synthetic rows are loaded: ``mmssms.db`` triggers stamp
``threads.date`` with ``strftime('%s','now')`` (wall-clock time would break determinism) and
recount a whole thread per insert (quadratic). Creating them afterwards leaves ``sqlite_master``
exactly as the DDL defines it.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

DDL_DIR = Path(__file__).resolve().parent / "ddl"

MMSSMS = "android_mmssms.sql"
CONTACTS2 = "android_contacts2_calls.sql"
IOS_SMS = "ios_sms_db_2020.sql"
IOS_CALLHISTORY = "ios_callhistory.sql"

_KIND = re.compile(
    r"^\s*CREATE\s+(?:(VIRTUAL\s+TABLE)|(TABLE)|(?:UNIQUE\s+)?(INDEX)|(TRIGGER)|(VIEW))\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?[\"`\[]?(\w+)",
    re.IGNORECASE,
)
_ON_TABLE = re.compile(r"\bON\s+[\"`\[]?(\w+)", re.IGNORECASE)
_USER_VERSION = re.compile(r"PRAGMA user_version of the source file:\s*(\d+)")


@dataclass(frozen=True)
class Statement:
    kind: str  # "table", "index", "trigger" or "view"
    name: str
    table: str  # the table it belongs to (itself for tables)
    sql: str


def ddl_path(name: str) -> Path:
    return DDL_DIR / name


@lru_cache(maxsize=None)
def statements(name: str) -> tuple[Statement, ...]:
    """Split a DDL file into its CREATE statements (comments dropped, text otherwise unchanged)."""
    out: list[Statement] = []
    buf: list[str] = []
    for line in ddl_path(name).read_text(encoding="utf-8").splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf.append(line)
        text = "".join(buf)
        if sqlite3.complete_statement(text):
            buf = []
            m = _KIND.match(text)
            if not m:
                raise ValueError(f"{name}: unexpected statement {text[:60]!r}")
            kind = "table" if (m.group(1) or m.group(2)) else "index" if m.group(3) else (
                "trigger" if m.group(4) else "view")
            obj = m.group(6)
            table = obj
            if kind in ("index", "trigger"):
                on = _ON_TABLE.search(text)
                table = on.group(1) if on else obj
            out.append(Statement(kind, obj, table, text.strip()))
    if buf and "".join(buf).strip():
        raise ValueError(f"{name}: trailing incomplete statement")
    return tuple(out)


def source_user_version(name: str) -> int | None:
    """``PRAGMA user_version`` recorded in the DDL header, if the header gives one."""
    m = _USER_VERSION.search(ddl_path(name).read_text(encoding="utf-8"))
    return int(m.group(1)) if m else None


def create(conn: sqlite3.Connection, name: str, phase: str,
           tables: Iterable[str] | None = None) -> None:
    """Run the DDL of ``name``: ``phase="tables"`` or ``phase="after"`` (indexes, triggers, views).

    ``tables`` restricts the run to objects belonging to those tables (used for ``calllog.db``,
    which takes only ``calls`` and ``android_metadata`` from the contacts2 DDL).
    """
    wanted = None if tables is None else set(tables)
    for st in statements(name):
        if wanted is not None and st.table not in wanted:
            continue
        if (phase == "tables") == (st.kind == "table"):
            conn.execute(st.sql)


@lru_cache(maxsize=None)
def columns(name: str) -> dict[str, tuple[str, ...]]:
    """Table -> column names, as SQLite itself parses the DDL file (in memory)."""
    conn = sqlite3.connect(":memory:")
    try:
        for st in statements(name):
            if st.kind == "table":
                conn.execute(st.sql)
        result = {}
        for st in statements(name):
            if st.kind == "table":
                result[st.name] = tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{st.name}")'))
        return result
    finally:
        conn.close()


def check_columns(name: str, spec: dict[str, Sequence[str]]) -> None:
    """Raise if ``spec`` (table -> columns a builder writes) names anything not in the DDL."""
    real = columns(name)
    for table, cols in spec.items():
        if table not in real:
            raise KeyError(f"{name}: no table {table!r}")
        missing = [c for c in cols if c not in real[table]]
        if missing:
            raise KeyError(f"{name}: {table} has no column(s) {missing}")


def insert_sql(table: str, cols: Sequence[str]) -> str:
    return 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        table, ", ".join(f'"{c}"' for c in cols), ", ".join("?" * len(cols)))


@contextmanager
def build_db(path: str | Path, ddl: str, tables: Iterable[str] | None = None,
             page_size: int | None = None) -> Iterator[sqlite3.Connection]:
    """Create a fresh database at ``path`` from ``ddl`` and yield a connection for bulk loading.

    One transaction, ``journal_mode=OFF`` and ``synchronous=OFF`` while loading; indexes and
    triggers are created after the rows (see module docstring). Any existing file (and stale
    ``-journal``/``-wal``/``-shm`` companions) at ``path`` is replaced. ``page_size`` (bytes) keeps
    small committed samples small.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        if p.exists():
            p.unlink()
    tables = None if tables is None else tuple(tables)
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        if page_size:
            conn.execute(f"PRAGMA page_size={int(page_size)}")
        uv = source_user_version(ddl)
        if uv:
            conn.execute(f"PRAGMA user_version={uv}")
        conn.execute("BEGIN")
        create(conn, ddl, "tables", tables)
        yield conn
        create(conn, ddl, "after", tables)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def load(conn: sqlite3.Connection, table: str, cols: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``executemany`` an iterable (usually a generator) of row tuples into ``table``."""
    conn.executemany(insert_sql(table, cols), rows)


class Batches:
    """Buffers rows for several tables and flushes them with ``executemany`` in chunks.

    Used where one generated item (an MMS) yields rows for several tables at once.
    """

    def __init__(self, conn: sqlite3.Connection, spec: dict[str, Sequence[str]], chunk: int = 20000):
        self.conn = conn
        self.sql = {t: insert_sql(t, c) for t, c in spec.items()}
        self.rows: dict[str, list] = {t: [] for t in spec}
        self.counts: dict[str, int] = {t: 0 for t in spec}
        self.chunk = chunk

    def add(self, table: str, row: Sequence) -> None:
        buf = self.rows[table]
        buf.append(row)
        self.counts[table] += 1
        if len(buf) >= self.chunk:
            self.conn.executemany(self.sql[table], buf)
            buf.clear()

    def flush(self) -> None:
        for table, buf in self.rows.items():
            if buf:
                self.conn.executemany(self.sql[table], buf)
                buf.clear()


def build_database(path, schema, rows: dict) -> Path:
    """Create the SQLite database ``path`` from ``schema`` (a ``.sql`` file's path, or SQL text) and
    insert ``rows`` (table -> list of dicts by column name). A row naming a column the schema does not
    have is refused, so test data keeps to the app's real schema. Returns ``path``."""
    path = Path(path)
    ddl = schema.read_text(encoding="utf-8") if isinstance(schema, Path) else str(schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise FileExistsError(path)
    con = sqlite3.connect(path)
    try:
        con.executescript(ddl)
        for table, table_rows in rows.items():
            columns = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
            if not columns:
                raise ValueError(f"the schema has no table {table!r}")
            for row in table_rows:
                unknown = sorted(set(row) - columns)
                if unknown:
                    raise ValueError(f"{table} has no column {unknown} in the schema")
                con.execute(insert_sql(table, list(row)), list(row.values()))
        con.commit()
    finally:
        con.close()
    return path
