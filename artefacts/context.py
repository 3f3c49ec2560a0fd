"""What a parser sees while it runs: its working copy, the database, warnings, time and attachments."""

from __future__ import annotations

import functools
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from . import stops
from .events import attachment as make_attachment, unmapped_row_event
from .evidence.extraction import EvidenceError
from .sqlmapping import SQLEvents, SQLMapping, python_only, register_functions
from .timeconv import TimeUnit, TimeValueError, format_us

if TYPE_CHECKING:  # pragma: no cover
    from .evidence import Extraction
    from .parser import Parser


#: a part of a partitioned file holds at least this many rows (smaller files run in one piece)
PARTITION_MIN_ROWS = 100_000
#: ranges per worker when a file is split (load balance; see ParseContext.id_ranges)
PARTS_PER_WORKER = 2


@dataclass(frozen=True)
class RunSettings:
    """The run-wide settings a parser may read, beside the key material (``ParseContext.settings``).

    Given once per run by the host (command-line options, a batch manifest's entry) and handed to every
    parser in every worker process with the file it parses."""

    #: IANA time zone of the phone that wrote a user's export (``--timezone``): chat-export times are that
    #: phone's local time (see ``plugins/whatsapp_export.py``); None keeps them raw
    timezone: str | None = None


@dataclass
class SourceFile:
    """A file of the extraction that a parser runs on, and its working copy."""

    path: str
    sha256: str
    size: int
    mtime: str | None
    local_path: Path
    siblings: list[str] = field(default_factory=list)
    #: what the file is when it is not the evidence file itself (e.g. "decrypted from ...")
    derived_from: str | None = None


@dataclass
class DerivedStore:
    """A file made from the evidence file (a decrypted copy) whose deleted records the host carves after the
    live parse (see :meth:`ParseContext.carve_derived`)."""

    #: the context its live rows were parsed through (its working copy, the tables it mapped)
    ctx: "ParseContext"
    #: ``parse(ctx) -> events`` of the file: the function that gave its live events
    parse: Callable[["ParseContext"], Iterable[dict]]
    #: the tables the app's parser requires (deleted-row evidence below their ``sqlite_sequence``)
    required: frozenset = frozenset()
    #: how the copy was made (``extra.decrypted_from`` of its events), also given to its deletion-evidence events
    provenance: dict | None = None


@dataclass
class ParseStats:
    rows: int = 0
    events: int = 0
    skipped: int = 0
    warnings: int = 0
    #: what the file's record in ``sources`` should say of how it was read (not a problem: see :meth:`note`)
    notes: list = field(default_factory=list)


@contextmanager
def temp_writes(con: sqlite3.Connection):
    """Lift ``query_only`` on a working copy's connection for writes to its temporary database (temporary
    tables, the SQL mappings' staging), and restore it however the block ends. The working copy itself is
    opened read-only: only ``temp`` can be written."""
    con.execute("PRAGMA query_only=0")
    try:
        yield con
    finally:
        con.execute("PRAGMA query_only=1")


class ParseContext:
    """Handed to :meth:`Parser.parse`; one per (parser, file)."""

    def __init__(
        self,
        *,
        parser: "Parser",
        source: SourceFile,
        extraction: "Extraction",
        evidence_id: str,
        warn: Callable[[str, str | None], None],
        record_file: Callable[[dict], None] | None = None,
        keys: Mapping[str, list[str]] | None = None,
        related: Mapping[str, list[SourceFile]] | None = None,
        scratch: Callable[[str], Path] | None = None,
        settings: RunSettings | None = None,
    ):
        self.parser = parser
        self.source = source
        self.extraction = extraction
        self.evidence_id = evidence_id
        self.stats = ParseStats()
        self._warn = warn
        self._record_file = record_file
        self._keys = keys or {}
        self._related = related or {}
        self._scratch = scratch
        #: the run-wide settings (``--timezone`` ...)
        self.settings = settings or RunSettings()
        self._db: sqlite3.Connection | None = None
        #: what was wrong with the file's schema when it had to be read with relaxed checks (see ``db``)
        self.schema_problem: str | None = None
        self._schema: dict[str, set[str]] | None = None
        self.locator: str | None = None
        #: per-file lookup tables a parser builds before mapping rows (thread names, contacts ...);
        #: mappings read them from here so that they stay functions of (row, ctx)
        self.lookups: dict = {}
        #: ``time.monotonic()`` value after which queries are interrupted (``--parser-timeout``)
        self.deadline: float | None = None
        #: the part of the file this run parses (see :meth:`Parser.partitions`); None = all of it
        self.partition = None
        #: the tables whose rows :meth:`map_rows` has mapped to events (deleted-record recovery shadows them)
        self.mapped_tables: set[str] = set()
        #: decrypted copies to carve after the live parse (:meth:`carve_derived`); shared with derived contexts
        self.derived_stores: list[DerivedStore] = []
        self.part_index = 0
        self.part_count = 1
        #: the id of the row being mapped (``map_rows``); orders SQL-mapped and Python-mapped events
        self.row_key = None
        #: whether :meth:`sql_mapped` may hand rows to SQLite (set by the host)
        self.sql_enabled = False
        #: the host fields of this file's events (set by the host; see ``sqlmapping``)
        self.host_fields: dict = {}

    # -- keys, companion files, derived files -----------------------------------------------
    def keys(self, app: str) -> list[str]:
        """Key material given on the command line for ``app`` (``--key app=VALUE``), in order."""
        return list(self._keys.get(app, ()))

    @property
    def timezone(self) -> str | None:
        """The IANA zone given with ``--timezone`` (the local zone of the phone that wrote an export), or None."""
        return self.settings.timezone

    def related(self, name: str) -> list[SourceFile]:
        """Working copies of the companion files the parser declared in ``related_globs[name]``.

        Ordered by closeness to this file (the longest shared folder prefix first), so that the
        ``wa.db`` next to a ``msgstore.db`` comes before one of another user profile.
        """
        return list(self._related.get(name, ()))

    def read_related(self, name: str, what: str, read: Callable[[sqlite3.Connection, SourceFile], object],
                     prefer: Callable[[SourceFile], bool] | None = None):
        """Open each related SQLite file of ``related_globs[name]`` (closest first) and ``read`` it.

        ``prefer(source)``: files for which it is true come first (closest first among them).

        ``read(connection, source)`` returns a value, or ``None`` to try the next file (after warning
        itself with :meth:`warn_file`, e.g. about a missing table). A file that cannot be opened or
        read is a warning naming ``what`` and the file. Returns the first value, or ``None``.
        """
        sources = self.related(name)
        if prefer is not None:
            sources.sort(key=lambda s: not prefer(s))
        for source in sources:
            try:
                con, problem = open_sqlite(f"file:{source.local_path}?mode=ro", uri=True)
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                self.warn_file(f"{what} ({source.path}) cannot be opened: {sqlite_error_text(exc)}")
                continue
            try:
                if problem:
                    self.warn_file(f"{what} ({source.path}): {problem}")
                result = read(con, source)
                if result is not None:
                    return result
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                self.warn_file(f"{what} ({source.path}) cannot be read: {sqlite_error_text(exc)}")
            finally:
                con.close()
        return None

    def scratch(self, name: str) -> Path:
        """A fresh path in the private workspace (for a decrypted or rebuilt database)."""
        if self._scratch is None:
            raise RuntimeError("no workspace for scratch files")
        return self._scratch(name)

    def again(self, warn: Callable[..., None]) -> "ParseContext":
        """A fresh context on the same working copy, for a second pass of the parser (deleted-record
        recovery: see ``artefacts.recovered_events``): own connection, counts and lookups, problems to
        ``warn(message, locator)``, no partition, no SQL mapping."""
        child = ParseContext(parser=self.parser, source=self.source, extraction=self.extraction,
                             evidence_id=self.evidence_id, warn=warn, record_file=self._record_file, keys=self._keys,
                             related=self._related, scratch=self._scratch, settings=self.settings)
        child.deadline = self.deadline
        return child

    def derive(self, local_path: Path, note: str) -> "ParseContext":
        """A context on a file made from this one (a decrypted copy, a rebuilt database).

        Events parsed through it keep this file as their ``source_path`` and ``source_sha256``
        (the evidence), while ``source.derived_from`` says what was done. Warnings and counts
        go to this context's file.
        """
        src = SourceFile(
            path=self.source.path,
            sha256=self.source.sha256,
            size=self.source.size,
            mtime=self.source.mtime,
            local_path=Path(local_path),
            siblings=[],
            derived_from=note,
        )
        child = ParseContext(
            parser=self.parser,
            source=src,
            extraction=self.extraction,
            evidence_id=self.evidence_id,
            warn=self._warn,
            record_file=self._record_file,
            keys=self._keys,
            related=self._related,
            scratch=self._scratch,
            settings=self.settings,
        )
        child.stats = self.stats
        child.lookups = self.lookups
        child.derived_stores = self.derived_stores
        return child

    def carve_derived(self, child: "ParseContext", parse: Callable[["ParseContext"], Iterable[dict]],
                      required: Iterable[str] = (), provenance: dict | None = None) -> None:
        """Have the host carve ``child``'s file (a decrypted copy of this one, from :meth:`derive`) for deleted
        records once the live parse is over, and feed them through ``parse`` (the function that parsed its
        live rows, provenance and all), as it does for a plain database: the events are marked recovered and
        keep this file as their source. ``provenance`` (``extra.decrypted_from`` of its events) also marks
        the deletion-evidence events of its tables. A copy rebuilt from a logical dump (a Signal ``.backup``)
        holds no deleted records of the device and is not handed here."""
        self.derived_stores.append(DerivedStore(child, parse, frozenset(required), provenance))

    # -- SQLite ----------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        """The working copy opened as SQLite (never the evidence file).

        A damaged schema (see :func:`open_sqlite`) is read with SQLite's schema checks relaxed;
        :attr:`schema_problem` then says what was wrong, and the host warns once for the file.
        """
        if self._db is None:
            con, self.schema_problem = open_sqlite(Path(self.source.local_path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA query_only=1")
            self.watch(con)
            self._db = con
        return self._db

    def temp_table(self, name: str, select: str, index: tuple[str, ...] = ()) -> str:
        """Materialise ``select`` (over the working copy) as ``temp.<name>``, replacing an older one, with an
        index on ``index``; the name to query. For side tables a parser looks up per row: read once and
        indexed, instead of a query per row from Python or a scan of the side table per row. Only the
        connection's temporary database is written (the working copy stays read-only)."""
        if not name.isidentifier():
            raise ValueError(f"not a table name: {name!r}")
        with temp_writes(self.db) as con:
            con.execute(f"DROP TABLE IF EXISTS temp.[{name}]")
            con.execute(f"CREATE TEMP TABLE [{name}] AS {select}")
            if index:
                con.execute(f"CREATE INDEX temp.[{name}_index] ON [{name}] ({', '.join(f'[{c}]' for c in index)})")
        return f"temp.[{name}]"

    def watch(self, con: sqlite3.Connection) -> None:
        """Interrupt ``con``'s queries once the unit's time limit has passed."""
        if self.deadline is not None:
            deadline = self.deadline
            con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 20000)

    @property
    def schema(self) -> dict[str, set[str]]:
        """``{table: {column, ...}}`` in lower case, read from the database."""
        if self._schema is None:
            schema: dict[str, set[str]] = {}
            names = _table_names(self.db)
            for name in names:
                cols = {r[1].lower() for r in self.db.execute(f'PRAGMA table_info("{name.replace(chr(34), chr(34) * 2)}")')}
                schema[name.lower()] = cols
            self._schema = schema
        return self._schema

    def has_table(self, table: str) -> bool:
        return table.lower() in self.schema

    def has_rows(self, table: str) -> bool:
        """Whether ``table`` exists and holds at least one row (empty side tables need no join)."""
        cache = self.lookups.setdefault("_has_rows", {})
        key = table.lower()
        if key not in cache:
            cache[key] = self.has_table(table) and self.db.execute(
                f'SELECT EXISTS (SELECT 1 FROM "{table.replace(chr(34), chr(34) * 2)}")'
            ).fetchone()[0] == 1
        return cache[key]

    def has_columns(self, table: str, *columns: str) -> bool:
        have = self.schema.get(table.lower())
        return have is not None and all(c.lower() in have for c in columns)

    def column_or_null(self, table: str, column: str, alias: str | None = None, prefix: str | None = None) -> str:
        """``prefix.column AS alias`` when the column exists, else ``NULL AS alias`` (schema tolerance)."""
        alias = alias or column
        if self.has_columns(table, column):
            return f"{prefix or table}.{column} AS {alias}"
        return f"NULL AS {alias}"

    def map_table(self, table: str, mapping, *, id_column: str, columns: Iterable[str], optional: Iterable[str] = ()):
        """Every row of ``table``, in ``id_column`` order, through ``mapping`` (see :meth:`map_rows`).

        ``columns`` must exist (the parser's ``required_tables``); ``optional`` ones read as NULL
        when this version of the schema lacks them. For the parsers that map one table as it is.
        """
        cols = [*columns, *(self.column_or_null(table, c) for c in optional)]
        sql = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {id_column}"
        return self.map_rows(sql, mapping, table=table, id_column=id_column)

    def rows(self, sql: str, params: Iterable = ()) -> Iterator[sqlite3.Row]:
        """Stream the rows of a query (never fetchall)."""
        return self.db.execute(sql, tuple(params))

    def dict_rows(self, sql: str, params: Iterable = ()) -> Iterator[dict]:
        """Stream the rows of a query as plain dicts (column name -> value).

        For wide rows that are composed further (children attached, fields added), this is
        several times cheaper than ``dict(sqlite3.Row)`` (measured: 5.7 vs 27 µs for 70 columns).
        """
        cur = self.db.cursor()
        cur.row_factory = None
        cur.execute(sql, tuple(params))
        names = [d[0] for d in cur.description]
        return (dict(zip(names, row)) for row in cur)

    # -- partitions ------------------------------------------------------------------------
    @property
    def last_part(self) -> bool:
        """Whether this run parses the file's last part (or the whole file)."""
        return self.part_index == self.part_count - 1

    def id_ranges(self, table: str, column: str, parts: int, min_rows: int | None = None) -> list | None:
        """Split ``table`` into ranges of ``column`` of at least ``min_rows`` rows each, for ``parts`` workers.

        ``PARTS_PER_WORKER`` ranges per worker at most (2: the writer copies the first parts while the workers
        compute the last ones; measured 11.4-11.7 s -> 11.1 s on 1.2 M events, 2 cores).

        Returns ``[(lo, hi), ...]`` (``lo`` inclusive, ``hi`` exclusive, ``None`` = open) or ``None``
        when the table is too small to be worth splitting. ``column`` may be ``rowid`` (tables keyed by text).
        """
        min_rows = PARTITION_MIN_ROWS if min_rows is None else min_rows
        if parts < 2 or (column != "rowid" and not self.has_columns(table, column)):
            return None
        n = self.db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        k = min(parts * PARTS_PER_WORKER, n // max(1, min_rows))
        if k < 2:
            return None
        bounds = [
            self.db.execute(f'SELECT "{column}" FROM "{table}" ORDER BY "{column}" LIMIT 1 OFFSET ?', (n * i // k,)).fetchone()[0]
            for i in range(1, k)
        ]
        if any(not isinstance(b, int) for b in bounds) or len(set(bounds)) != len(bounds):
            return None
        edges = [None, *bounds, None]
        return [(edges[i], edges[i + 1]) for i in range(k)]

    def in_partition(self, column: str) -> str:
        """An SQL condition that keeps the rows of this run's part (``1`` when not partitioned)."""
        if self.partition is None:
            return "1"
        lo, hi = self.partition
        conds = []
        if lo is not None:
            conds.append(f"{column} >= {int(lo)}")
        if hi is not None:
            conds.append(f"{column} < {int(hi)}")
        return " AND ".join(conds) or "1"

    def map_rows(
        self,
        sql: "str | Iterable[Mapping]",
        mapping: Callable[[Mapping, "ParseContext"], dict | Iterable[dict] | None],
        *,
        table: str,
        id_column: str,
        params: Iterable = (),
    ) -> Iterator[dict]:
        """Feed every row of ``sql`` (a query, or rows already composed) through ``mapping``.

        Each row runs inside its own error boundary.

        The mapping returns an event dict, several, or ``None`` for a row that is
        deliberately not an event (counted as skipped). A row whose mapping raises
        becomes a counted warning naming the row, and the next row follows.
        ``source_locator`` defaults to ``table:id_column=value``.
        """
        stats = self.stats
        self.mapped_tables.add(table.lower())
        rows = self.rows(sql, params) if isinstance(sql, str) else sql
        for row in rows:
            stats.rows += 1
            self.row_key = key = row[id_column]
            locator = f"{table}:{id_column}={key}"
            self.locator = locator
            try:
                result = mapping(row, self)
                if result is not None and not isinstance(result, dict):
                    result = list(result)  # a generator's failure belongs to this row too
            except Exception as exc:  # a bad row must not end the file
                stops.check()  # but the user's stop, surfacing from a query as an error, ends the run
                if isinstance(exc, (TypeError, AttributeError)):
                    # a value of a storage class the mapping did not expect (damage, a crafted store): the row
                    # is kept as it is stored, so that nothing the parser read is lost
                    self.warn(f"row could not be decoded: {type(exc).__name__}: {exc}; its stored values are "
                              "kept in an event of kind other (extra.unmapped_row)", locator)
                    yield unmapped_row_event(row, exc, locator)
                else:
                    self.warn(f"row could not be decoded: {type(exc).__name__}: {exc}", locator)
                continue
            if result is None:
                stats.skipped += 1
                continue
            if isinstance(result, dict):
                if "source_locator" not in result:
                    result["source_locator"] = locator
                yield result
            else:
                for ev in result:
                    if "source_locator" not in ev:
                        ev["source_locator"] = locator
                    yield ev
        self.locator = None

    def sql_mapped(self, mapping: SQLMapping, python_rows: Callable[[Callable[[str], str]], Iterator[dict]]) -> Iterator:
        """The events of one query, its plain rows mapped inside SQLite (see :mod:`artefacts.sqlmapping`).

        ``python_rows(only)`` returns the query's events through the Python mapping
        (:meth:`map_rows`), in ``mapping.id_sql`` order, for the rows where the SQL condition
        ``only(column)`` holds (``column``: an SQL expression of the row id; child-row queries
        can use it too). Without SQL mapping (``--no-sql-mapping``, an output format without a
        row store, an SQLite without JSON functions) ``only`` is always true.
        """
        if self.sql_enabled:
            yield SQLEvents(mapping, python_rows)
        else:
            yield from python_rows(python_only)

    def sql_constants(self) -> dict:
        """The host fields of this file's events and the start of their id keys, for SQL mappings."""
        return dict(self.host_fields, _id_prefix=f"{self.evidence_id}\x1f{self.source.path}\x1f")

    # -- warnings, time, files ------------------------------------------------------------
    def warn(self, message: str, locator: str | None = None) -> None:
        """Record a problem with this file (and row, when ``locator`` is given); the run goes on."""
        self.stats.warnings += 1
        self._warn(message, locator if locator is not None else self.locator)

    def note(self, text: str) -> None:
        """Say, in the file's record in ``sources`` (``note``), something of how it was read that is no problem
        with the file (a column kept as stored because no source gives its unit ...): unlike a warning, it does
        not make the run partial."""
        if text not in self.stats.notes:
            self.stats.notes.append(text)

    def warn_file(self, message: str) -> None:
        """A problem with the file as a whole or with a companion file (not with a row).

        Every part of a split file meets it, so only the first part says it: the warnings are the
        same whatever the number of jobs.
        """
        if not self.part_index:
            self.warn(message, None)

    def time(self, unit: TimeUnit, raw, *, zero_is_null: bool = False, column: str = "") -> str | None:
        """The timeline timestamp of a stored value in its declared unit.

        ``None`` for a null value (and for 0 when the column uses 0 for "not set").
        A value that is not a time, or out of range, gives ``None`` and a warning.
        """
        if raw is None or (zero_is_null and raw == 0):
            return None
        try:
            if type(raw) is int:  # the common case, without the general conversion's checks
                return format_us(raw * unit.num // unit.den + unit.epoch_offset_us)
            return unit.iso(raw)
        except TimeValueError as exc:
            self.warn(f"{column or 'time value'}: {exc} ({unit.name})")
            return None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def attachment(self, device_path: str | None, *, name=None, mime_type=None, size=None) -> dict:
        """An attachment entry; when the file is in the extraction, its path there, size and SHA-256.

        The file is recorded among the run's sources; a file that is there but cannot be read is a
        warning (the reference is kept).
        """
        entry, record, problem = self.resolve_attachment(device_path, name=name, mime_type=mime_type, size=size)
        if problem is not None:
            self.warn(problem)
        if record is not None:
            self.record_file(record)
        return entry

    def resolve_attachment(self, device_path: str | None, *, name=None, mime_type=None, size=None) -> tuple:
        """``(entry, file record or None, problem or None)`` of :meth:`attachment`, without recording or warning.

        For an SQL mapping's lookup of attachments: the file is recorded (``record_file``) only for the
        rows the SQL maps, and rows with a problem are left to the Python mapping, which reports it.
        """
        found = self.extraction.find_by_suffix(device_path) if device_path else None
        if found is None:
            return make_attachment(name=name, mime_type=mime_type, size=size, path=device_path, sha256=None), None, None
        problem = None
        try:
            rec = self.extraction.hash_entry(found)
        except EvidenceError as exc:  # the file is there but cannot be read: say so, keep the reference
            problem, rec = f"attachment {exc}", None
        record = None if rec is None else {"path": rec.path, "size": rec.size, "mtime": rec.mtime, "sha256": rec.sha256}
        entry = make_attachment(
            name=name or found.path.rsplit("/", 1)[-1],
            mime_type=mime_type,
            size=rec.size if rec is not None else found.size,
            path=found.path,
            sha256=rec.sha256 if rec is not None else None,
        )
        return entry, record, problem

    def record_file(self, record: dict) -> None:
        """Record a file the parse used (an attachment found in the extraction) among the run's sources."""
        if self._record_file is not None:
            self._record_file(record)


#: Decode TEXT as UTF-8, keeping undecodable bytes visible (``\\xNN``) instead of failing the query.
_decode_text = functools.partial(str, encoding="utf-8", errors="backslashreplace")


def _table_names(con: sqlite3.Connection) -> list[str]:
    """The tables and views of the main schema as SQLite parsed them.

    ``PRAGMA table_list`` (SQLite 3.37+) gives the names from the parsed ``CREATE`` statements, so
    a table whose ``sqlite_master.name`` is damaged (read with relaxed checks) is still found
    under its real name; older SQLite falls back to ``sqlite_master``.
    """
    try:
        rows = con.execute("PRAGMA main.table_list").fetchall()
    except sqlite3.OperationalError:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")]
    return [r[1] for r in rows if r[1] not in ("sqlite_schema", "sqlite_master")]


def sqlite_error_text(exc: BaseException) -> str:
    """What a SQLite failure says. Python's ``sqlite3`` raises ``UnicodeDecodeError`` instead of
    the database error when SQLite's message quotes damaged text (a table name that is not UTF-8)."""
    if isinstance(exc, UnicodeDecodeError):
        return "SQLite refused the file with a message that is not valid UTF-8 (damaged text in the schema)"
    return str(exc)


def open_sqlite(database: str, **connect) -> tuple[sqlite3.Connection, str | None]:
    """Open a working copy; returns the connection and the schema problem found (None when healthy).

    Text is decoded as UTF-8 with ``\\xNN`` escapes for bytes that are not UTF-8. When SQLite
    refuses the schema itself (a damaged ``sqlite_master`` row: "malformed database schema", or
    a name that is not UTF-8), the file is opened again with ``PRAGMA writable_schema=ON``: SQLite
    then skips the schema entries it cannot parse and reads every other table. Nothing is
    written (the connection is read-only or ``query_only``, and it is a private copy). Any other
    failure (not a database, encrypted) is raised as :class:`sqlite3.DatabaseError`.
    """
    con = sqlite3.connect(database, **connect)
    con.text_factory = _decode_text
    register_functions(con)
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con, None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        con.close()
        if not (isinstance(exc, UnicodeDecodeError) or "malformed database schema" in str(exc)):
            raise
        problem = sqlite_error_text(exc)
    con = sqlite3.connect(database, **connect)
    con.text_factory = _decode_text
    register_functions(con)
    try:
        con.execute("PRAGMA writable_schema=ON")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except UnicodeDecodeError as exc:
        con.close()
        raise sqlite3.DatabaseError(sqlite_error_text(exc)) from exc
    except BaseException:
        con.close()
        raise
    return con, (f"damaged schema ({problem}); read with SQLite's schema checks relaxed: "
                 "the entries SQLite cannot parse are skipped, every other table is read")
