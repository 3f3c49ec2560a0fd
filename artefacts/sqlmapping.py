"""SQL mappings: the events of a query's ordinary rows computed inside SQLite.

A parser's mapping is a Python function of one row (see :meth:`ParseContext.map_rows`);
it is the reference, and the only mapping for carved or unusual rows. For large tables a
parser may add an :class:`SQLMapping`: SQL expressions that give, for the rows its
``plain`` condition selects, exactly the event fields the Python mapping gives. Those rows
never reach Python: SQLite computes their events and writes them straight into the
exporter's store (WhatsApp messages: about 7 µs each with joins, JSON and event id, against
about 25 in Python). The other rows (system events, anything unusual or out of range) go
through the Python mapping, and the two streams are merged in row-id order, so the output is the same,
byte for byte, as with the Python mapping alone (``--no-sql-mapping``; the tests compare the
two on every data set).

Rules for the SQL a parser writes:

* ``plain`` must be false for every row whose Python mapping warns, skips, returns more
  than one event, or produces a value the SQL cannot reproduce exactly (floats, times out
  of range, anything of an unexpected storage class); those rows take the Python path.
* Field expressions give the *row form* of the event: text, integers or NULL for scalar
  fields, JSON text for ``recipients``, ``attachments`` and ``extra`` (build it with
  :func:`json_object`, :func:`json_list`, :func:`json_value`), 0/1 for ``deleted`` and
  ``recovered``. Times come from :func:`sql_time` in their declared unit.
* Provenance, ``source_locator`` and ``event_id`` are the host's, as on the Python path.

* Every value copied into ``extra`` as someone wrote it is named in ``free_text``: the indicator
  scan reads the ``extra`` of the Python-mapped rows only, and those rows take the Python path when
  one of these values holds a marker of what the scan looks for there (see
  ``artefacts.indicators``); the tests compare the indicators of both paths.
* Every text column the fields copy is checked with :func:`sql_text_ok` in ``plain``: SQLite
  copies text as stored, bytes that are not UTF-8 included, where the Python path reads them
  with ``\\xNN`` escapes; such rows (damaged or crafted text) take the Python path, so the
  output stays valid UTF-8 and the same on both paths.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping

from . import stops
from .events import DEFAULTS, FIELDS, event_id_of
from .exporters.base import JSON_FIELDS, pack_json, row_form
from .indicators.scanner import markers_sql
from .timeconv import _MAX_US, TimeUnit

__all__ = [
    "SQLMapping",
    "SQLEvents",
    "event_id_of",
    "json_list",
    "json_object",
    "json_value",
    "row_form",
    "sql_case",
    "sql_no_blob",
    "sql_literal",
    "sql_time",
    "sql_text_ok",
    "sql_time_ok",
    "sql_available",
]

#: host-provided fields a parser's SQL must not set
HOST_FIELDS = ("event_id", "app", "platform", "origin", "evidence_id", "source_path", "source_sha256", "source_locator", "parser")
#: UDF that hashes a composed key into an event id (see :func:`event_id_of`)
EVENT_ID_FUNCTION = "artefacts_event_id"
#: UDF: 1 when every argument (a BLOB, or NULL) is valid UTF-8 (see :func:`sql_text_ok`)
TEXT_OK_FUNCTION = "artefacts_utf8_ok"


def _utf8_ok(*values) -> int:
    for value in values:
        if type(value) is bytes and not value.isascii():
            try:
                value.decode()
            except UnicodeDecodeError:
                return 0
    return 1


def register_functions(con: sqlite3.Connection) -> None:
    """The functions SQL mappings use, on a connection (every working copy gets them when opened)."""
    con.create_function(EVENT_ID_FUNCTION, 1, event_id_of, deterministic=True)
    con.create_function(TEXT_OK_FUNCTION, -1, _utf8_ok, deterministic=True)


def sql_no_blob(expr: str) -> str:
    """SQL giving ``expr``, a BLOB as its hex text: SQLite's JSON functions refuse BLOBs, which a damaged or crafted
    store may hold where the app keeps text (``expr`` is evaluated twice: give a column, not a subquery)."""
    return f"(CASE WHEN typeof({expr}) = 'blob' THEN hex({expr}) ELSE {expr} END)"


def sql_text_ok(*exprs: str) -> str:
    """SQL condition: no expression is a BLOB and the text of every one is valid UTF-8 (true for NULL and numbers).

    SQLite copies text as stored; the Python mapping writes bytes that are not UTF-8 as ``\\xNN``
    escapes, so a row whose copied text is not valid UTF-8 must take the Python path. A BLOB where
    text belongs (damage, a crafted store) takes it too: SQLite's JSON functions refuse BLOBs, and
    the host makes such values text and says so. About 0.4 µs per row (measured on 1 M rows),
    against 7 µs for the SQL-mapped event.
    """
    not_blob = " AND ".join(f"typeof({e}) <> 'blob'" for e in exprs)
    return f"({not_blob} AND {TEXT_OK_FUNCTION}({', '.join(f'CAST({e} AS BLOB)' for e in exprs)}))"


# -- SQL builders --------------------------------------------------------------------------

def sql_literal(value) -> str:
    """A Python constant (str, int, None, bool) as an SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def sql_case(expr: str, table: Mapping, default: str = "NULL") -> str:
    """``CASE expr WHEN k THEN v ... ELSE default END`` from a Python dict of codes (the mapping's own table)."""
    whens = " ".join(f"WHEN {sql_literal(k)} THEN {sql_literal(v)}" for k, v in table.items())
    return f"(CASE {expr} {whens} ELSE {default} END)"


def json_value(expr: str, kind: str = "value") -> str:
    """SQL giving the JSON text of one value.

    ``kind``: ``"value"`` (text, integer or NULL; as Python's ``json.dumps`` writes them),
    ``"bool"`` (SQL truth -> ``true``/``false``), ``"json"`` (already JSON text), ``"json?"``
    (JSON text, or NULL for "leave the key out": only as an object member).
    """
    if kind == "value":
        return f"json_quote({expr})"
    if kind == "bool":
        return f"(CASE WHEN {expr} THEN 'true' ELSE 'false' END)"
    if kind in ("json", "json?"):
        return f"({expr})"
    raise ValueError(kind)


def _members(items: Iterable[tuple], keyed: bool) -> tuple[list[str], list[str], bool]:
    """printf pieces and arguments of JSON members; whether the first member may be absent."""
    fmt, args = [], []
    first_optional = False
    for i, item in enumerate(items):
        if keyed:
            key, expr, rest = item[0], item[1], item[2:]
            label = json.dumps(key, ensure_ascii=False) + ":"
        else:
            key, expr, rest = None, item[0], item[1:]
            label = ""
        kind = rest[0] if rest else "value"
        when = rest[1] if len(rest) > 1 else None
        value = json_value(expr, kind)
        if when is None and kind != "json?":
            fmt.append(("," if i else "") + label.replace("%", "%%") + "%s")
            args.append(value)
            continue
        piece = f"{sql_literal(',' + label)} || {value}"
        if kind == "json?":
            piece = f"coalesce({piece}, '')"
        if when is not None:
            piece = f"(CASE WHEN {when} THEN {piece} ELSE '' END)"
        fmt.append("%s")
        args.append(piece)
        first_optional = first_optional or i == 0
    return fmt, args, first_optional


def _printf(open_: str, close: str, items, keyed: bool) -> str:
    fmt, args, first_optional = _members(items, keyed)
    if not fmt:
        return sql_literal(open_ + close)
    if first_optional:  # every piece starts with a comma: drop the first one
        inner = f"substr(printf({sql_literal(''.join(fmt))}, {', '.join(args)}), 2)"
        return f"({sql_literal(open_)} || {inner} || {sql_literal(close)})"
    return f"printf({sql_literal(open_.replace('%', '%%') + ''.join(fmt) + close)}, {', '.join(args)})"


def json_object(items: Iterable[tuple]) -> str:
    """SQL building a JSON object in the key order given, as the Python mappings' dicts do.

    Each item is ``(key, expr)``, ``(key, expr, kind)`` or ``(key, expr, kind, when)``: with
    ``when`` (an SQL condition) the key is present only for rows where it holds, as with
    ``if ...: extra[key] = ...`` in Python. ``kind`` as for :func:`json_value`. The text is
    made by one ``printf`` (a chain of ``||`` copies the growing string at every step).
    """
    return _printf("{", "}", items, keyed=True)


def json_list(items: Iterable[tuple]) -> str:
    """SQL building a JSON array of a fixed number of values: items as for :func:`json_object` without keys."""
    return _printf("[", "]", items, keyed=False)


def _raw_bounds(unit: TimeUnit) -> tuple[int, int]:
    """Integer raw values whose microseconds fall in [1970-01-01, 9999-12-31] (exact)."""
    # us = raw * num // den + offset; smallest raw with us >= 0, largest with us <= _MAX_US
    lo = -((unit.epoch_offset_us * unit.den) // unit.num)
    while lo * unit.num // unit.den + unit.epoch_offset_us < 0:
        lo += 1
    while (lo - 1) * unit.num // unit.den + unit.epoch_offset_us >= 0:
        lo -= 1
    hi = ((_MAX_US - unit.epoch_offset_us) * unit.den) // unit.num
    while hi * unit.num // unit.den + unit.epoch_offset_us > _MAX_US:
        hi -= 1
    while (hi + 1) * unit.num // unit.den + unit.epoch_offset_us <= _MAX_US:
        hi += 1
    return max(lo, 0), hi


def sql_time_ok(unit: TimeUnit, expr: str) -> str:
    """SQL condition: ``expr`` is an integer that :func:`sql_time` converts exactly (or NULL)."""
    lo, hi = _raw_bounds(unit)
    return f"({expr} IS NULL OR (typeof({expr}) = 'integer' AND {expr} BETWEEN {lo} AND {hi}))"


def sql_time(unit: TimeUnit, expr: str) -> str:
    """SQL giving the timeline timestamp of an integer ``expr`` in ``unit`` (NULL for NULL).

    Same text as :func:`artefacts.timeconv.format_us` for the values :func:`sql_time_ok`
    accepts (non-negative microseconds, so SQLite's truncating division equals Python's floor).
    """
    identity = (unit.num, unit.den, unit.epoch_offset_us) == (1, 1, 0)
    us = f"({expr})" if identity else f"({expr} * {unit.num} / {unit.den} + {unit.epoch_offset_us})"
    if unit.den == 1 and unit.num % 1_000_000 == 0 and unit.epoch_offset_us % 1_000_000 == 0:
        seconds = f"({expr} * {unit.num // 1_000_000} + {unit.epoch_offset_us // 1_000_000})"
        return (f"(strftime('%Y-%m-%dT%H:%M:%S', {seconds}, 'unixepoch') || '.000000Z')")
    if unit.den == 1 and unit.num == 1000 and unit.epoch_offset_us % 1_000_000 == 0:
        seconds = f"({expr} / 1000 + {unit.epoch_offset_us // 1_000_000})"
        return (f"(strftime('%Y-%m-%dT%H:%M:%S', {seconds}, 'unixepoch') || printf('.%03d000Z', {expr} % 1000))")
    return f"(strftime('%Y-%m-%dT%H:%M:%S', {us} / 1000000, 'unixepoch') || printf('.%06dZ', {us} % 1000000))"


# -- the mapping -----------------------------------------------------------------------------

@dataclass
class SQLMapping:
    """The SQL form of one query's row mapping.

    ``from_sql`` is the FROM clause (tables and joins, without ``FROM``); ``where`` the
    query's own condition (its part of the table); ``plain`` the rows the ``fields``
    reproduce exactly; ``id_sql`` the row id that orders the query and names the row in
    ``source_locator`` (``table:id_column=id``). ``lookups`` are small tables the SQL may
    join, built in Python once per file: ``{name: (columns, rows)}``, created as
    ``temp.name`` with the first column as primary key (``(columns, rows, key type)`` streams
    the rows, for lookups as long as the table they come from). ``derived`` are tables built by SQL
    before the query, ``{name: (column definitions, SELECT)}``: a side table aggregated once
    per row id and joined, instead of a correlated subquery run for every row (measured on the
    WhatsApp receipts: one pass instead of two lookups per message).
    """

    table: str
    id_column: str
    id_sql: str
    from_sql: str
    plain: str
    fields: Mapping[str, str]
    where: str = "1"
    lookups: Mapping[str, tuple] = field(default_factory=dict)
    derived: Mapping[str, tuple] = field(default_factory=dict)
    #: a lighter FROM clause for listing the Python rows, when ``plain`` needs fewer joins than the fields
    rest_from: str | None = None
    #: where the fields copy a value into ``extra`` as someone wrote it (a quoted message's text, a
    #: subject): ``(table, id column, text column)``, the id column holding the mapped row's ``id_sql``.
    #: Rows whose value there holds an indicator marker (``://``, ``.onion`` ...) take the Python path;
    #: the other rows' ``extra`` (ids, digests, times, labels) is not read by the indicator scan
    free_text: tuple[tuple[str, str, str], ...] = ()
    #: called with the connection once the rows left to Python are listed (``temp.artefacts_rest``):
    #: e.g. to record the files the SQL-mapped rows use
    on_rest_listed: Callable[[sqlite3.Connection], None] | None = None

    def __post_init__(self):
        bad = [f for f in self.fields if f not in DEFAULTS or f in HOST_FIELDS]
        if bad:
            raise ValueError(f"SQLMapping sets fields it cannot set: {', '.join(bad)}")

    def select(self, constants: Mapping[str, object], rows: str | None = None) -> tuple[str, list]:
        """``SELECT _seq, _ord, <row form>`` of the rows where ``rows`` holds (default: ``plain``).

        ``constants``: the host fields (``app`` ... ``parser``) and ``_id_prefix``, the start
        of every event id key (evidence id and source path).
        """
        params: list = []
        cols = []
        locator = f"({sql_literal(f'{self.table}:{self.id_column}=')} || {self.id_sql})"
        for f in FIELDS:
            if f == "event_id":
                kind = self.fields.get("kind", sql_literal(DEFAULTS["kind"]))
                desc = self.fields.get("timestamp_desc", sql_literal(DEFAULTS["timestamp_desc"]))
                cols.append(f"{EVENT_ID_FUNCTION}(? || {locator} || char(31) || {kind} || char(31) || {desc})")
                params.append(constants["_id_prefix"])
            elif f == "source_locator":
                cols.append(locator)
            elif f in HOST_FIELDS:
                cols.append("?")
                params.append(constants[f])
            elif f in self.fields:
                cols.append(self.fields[f])
            else:
                default = DEFAULTS[f]
                if f in JSON_FIELDS:
                    cols.append(sql_literal(pack_json(default)))
                else:
                    cols.append(sql_literal(default))
        named = ", ".join(f"{c} AS [{f}]" for c, f in zip(cols, FIELDS))
        sql = (f"SELECT {self.id_sql} AS _seq, 0 AS _ord, {named} FROM {self.from_sql} "
               f"WHERE ({self.where}) AND ({rows or self.plain})")
        return sql, params

    def rest_sql(self) -> str:
        """The ids of the rows the Python mapping handles (``plain`` false or NULL), in one pass."""
        plain = self.plain
        if self.free_text:
            plain = f"({plain}) AND {self.id_sql} NOT IN (SELECT id FROM temp.{FREE_TEXT_TABLE})"
        return (f"SELECT {self.id_sql} AS id FROM {self.rest_from or self.from_sql} "
                f"WHERE ({self.where}) AND CASE WHEN {plain} THEN 0 ELSE 1 END")

    def free_text_sql(self) -> str:
        """The ids of the rows whose free text in ``extra`` holds an indicator marker (see ``free_text``)."""
        return " UNION ".join(f"SELECT [{column}] FROM [{table}] WHERE {markers_sql(f'[{text}]')}"
                              for table, column, text in self.free_text)


#: temporary table of the row ids a mapping leaves to Python
REST_TABLE = "artefacts_rest"
#: temporary table of the row ids whose free text in ``extra`` holds an indicator marker
FREE_TEXT_TABLE = "artefacts_free_text"


def python_only(column: str) -> str:
    """The ``only`` condition of a query without SQL mapping: every row."""
    return "1"


def rest_only(column: str) -> str:
    """The ``only`` condition of the Python half of an SQL-mapped query."""
    return f"{column} IN (SELECT id FROM temp.{REST_TABLE})"


@dataclass
class SQLEvents:
    """Yielded by :meth:`ParseContext.sql_mapped`; the host runs it (see ``units``)."""

    mapping: SQLMapping
    #: ``python_rows(only)``: the query's events through the Python mapping, for the rows where
    #: the SQL condition ``only(column)`` holds (``column``: an SQL expression of the row id)
    python_rows: Callable[[Callable[[str], str]], Iterator[dict]]


@functools.lru_cache(maxsize=None)
def sql_available() -> bool:
    """Whether this SQLite library has what SQL mappings use (JSON functions, ``printf``).

    A property of the library, asked of an in-memory database: the file being parsed may not be
    SQLite at all (an encrypted backup whose parser decrypts it first)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("SELECT json_quote('x'), printf('%03d', 1)").fetchone()
        return True
    except sqlite3.Error:
        return False
    finally:
        con.close()


# -- running one mapping ---------------------------------------------------------------------

def _key_type(keys: list) -> str:
    """The declared type of a lookup table's key column, from its Python keys.

    Declared like the column it is compared with, so that SQLite can search the key: an
    untyped key compared with an INTEGER column is compared after conversion and cannot use
    its index (measured: 4 µs per lookup by scanning, 0.2 µs with INTEGER PRIMARY KEY).
    """
    if keys and all(type(k) is int for k in keys):
        return "INTEGER"
    if keys and all(type(k) is str for k in keys):
        return "TEXT"
    return ""


def _lookup_table(con: sqlite3.Connection, name: str, columns: tuple, rows, key_type: str | None = None) -> None:
    if key_type is None:
        rows = list(rows)
        key_type = _key_type([r[0] for r in rows])
    cols = ", ".join(f"[{c}]" for c in columns[1:])
    key = " ".join(filter(None, (f"[{columns[0]}]", key_type, "PRIMARY KEY")))
    con.execute(f"CREATE TEMP TABLE [{name}] ({key}{', ' + cols if cols else ''})")
    con.executemany(f"INSERT OR IGNORE INTO [{name}] VALUES ({', '.join('?' for _ in columns)})", rows)


def run_sql_events(job: SQLEvents, ctx, complete, store, *, batch: int = 2000) -> int:
    """Write the events of ``job`` to ``store`` in row-id order; return how many.

    On the working copy's connection (``query_only`` lifted for temporary tables and the
    store by :func:`artefacts.context.temp_writes`, restored after): the ids of the rows outside ``plain`` are listed once; those rows
    are mapped in Python (``complete(event)`` gives the store's packed form, with provenance
    and id) and parked in a temporary table; then one statement merges them, by row id, with
    the other rows' events computed by SQLite, into the store (``store.add_sql``).
    """
    m = job.mapping
    con = ctx.db
    temps = [REST_TABLE, PENDING_TABLE, FREE_TEXT_TABLE, *m.lookups, *m.derived]
    from .context import temp_writes  # (context imports this module)

    with temp_writes(con):
        try:
            try:
                for name in temps:
                    con.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
                register_functions(con)
                for name, (columns, rows, *key_type) in m.lookups.items():
                    _lookup_table(con, name, columns, rows, *key_type)
                for name, (columns, select) in m.derived.items():
                    con.execute(f"CREATE TEMP TABLE [{name}] ({columns})")
                    con.execute(f"INSERT INTO temp.[{name}] {select}")
                if m.free_text:
                    con.execute(f"CREATE TEMP TABLE {FREE_TEXT_TABLE} (id PRIMARY KEY)")
                    con.execute(f"INSERT OR IGNORE INTO temp.{FREE_TEXT_TABLE} {m.free_text_sql()}")
                con.execute(f"CREATE TEMP TABLE {REST_TABLE} AS {m.rest_sql()}")
                if m.on_rest_listed is not None:
                    m.on_rest_listed(con)
            except (sqlite3.OperationalError, sqlite3.IntegrityError, TypeError, ValueError) as exc:
                # before any row is mapped: a value SQLite's functions refuse (a BLOB in JSON ...); the caller
                # maps the file in Python, the reference, which reads what SQL cannot. A query cut short by the
                # user's stop (a signal inside one of our SQL functions surfaces as an OperationalError) stops.
                stops.check()
                if isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc):
                    raise
                raise SQLSetupError(f"{type(exc).__name__}: {exc}") from exc
            width = store.pending_width
            con.execute(f"CREATE TEMP TABLE {PENDING_TABLE} (_seq, _ord, {', '.join(f'c{i}' for i in range(width))})")
            insert = f"INSERT INTO temp.{PENDING_TABLE} VALUES (?, ?, {', '.join('?' for _ in range(width))})"
            pending: list = []
            mapped = 0
            last_key, order = object(), 0
            as_row = store.pending_row
            for ev in job.python_rows(rest_only):
                packed = complete(ev)
                if packed is None:
                    continue
                key = ctx.row_key
                order = order + 1 if key == last_key else 0
                last_key = key
                pending.append((key, order, *as_row(packed)))
                mapped += 1
                if len(pending) >= batch:
                    con.executemany(insert, pending)
                    pending.clear()
            if pending:
                con.executemany(insert, pending)
            con.commit()
            # the plain rows: those not listed for Python (the plain test is not run twice)
            select, params = m.select(ctx.sql_constants(), f"NOT {rest_only(m.id_sql)}")
            try:
                written = store.add_sql(con, select, params, f"temp.{PENDING_TABLE}")
            except sqlite3.OperationalError as exc:  # a value of a row the plain test let through (a BLOB in JSON)
                stops.check()
                if "interrupt" in str(exc):
                    raise
                raise SQLSetupError(f"{type(exc).__name__}: {exc}", mapped=True) from exc
            ctx.stats.rows += written - mapped
            return written
        finally:
            if con.in_transaction:
                con.rollback()
            for name in temps:
                try:
                    con.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
                except sqlite3.OperationalError:  # still read by a statement cut short: gone with the connection
                    pass


class SQLSetupError(Exception):
    """The SQL of a mapping could not run (a value SQLite's functions refuse): map the file in Python, the reference.
    ``mapped``: the rows outside ``plain`` were mapped (and their warnings given) before it failed; the store
    received nothing (one statement writes it)."""

    def __init__(self, message: str, mapped: bool = False):
        super().__init__(message)
        self.mapped = mapped


PENDING_TABLE = "artefacts_pending"
