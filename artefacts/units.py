"""One unit of work: one parser on one file, inside its own error boundary.

``execute_unit`` is what a run does for every (file, parser) pair, in the main
process (``--jobs 1``) or in a worker process: check the signature and the
declarations, parse, complete each event with its provenance and stable id,
pack it for the exporter and hand it to a *sink*. It returns an
:class:`Outcome` that the run folds into the file's ``sources`` record.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass, field

from . import stops
from .context import ParseContext, RunSettings, SourceFile, sqlite_error_text
from .events import DEFAULTS, FIELDS, make_event_id, make_writable, needs_text
from .parser import Parser, SQLiteParser
from .sqlmapping import HOST_FIELDS, SQLEvents, SQLSetupError, python_only, run_sql_events, sql_available

_N_FIELDS = len(FIELDS)
#: how many events between two looks at the clock (deadline, and flushing a batch that waited)
CLOCK_EVERY = 64
#: a batch is handed on when it is full or has waited this long (seconds)
FLUSH_AFTER = 0.2


class UnitTimeout(Exception):
    """The unit ran past ``--parser-timeout``."""


@dataclass
class Unit:
    """A parser to run on a file. Everything here must be picklable (it goes to worker processes)."""

    index: int
    evidence_id: str
    parser_name: str
    source: SourceFile
    head: bytes
    single: bool
    related: dict = field(default_factory=dict)
    #: the part of the file (see Parser.partitions); when the file cannot be parsed at all, only
    #: the first part says so, so that a file is reported once
    partition: object = None
    part_index: int = 0
    part_count: int = 1


@dataclass
class Outcome:
    """What became of a unit (folded into the file's ``sources`` row)."""

    applied: bool = False
    status: str = "not applicable"
    note: str | None = None
    rows: int = 0
    events: int = 0
    skipped: int = 0
    warnings: int = 0
    failed: bool = False  # the parser raised or timed out


class Sink:
    """Where a unit's output goes: packed events, warnings and files it hashed."""

    def events(self, packed: list) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def warn(self, record: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def file(self, record: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def sql_store_available(self) -> bool:
        return False

    def sql_store(self):
        """A store that SQL-mapped events are appended to (see ``sqlmapping``), or ``None``."""
        return None

    def sql_store_done(self, store) -> None:
        """The SQL-mapped events of one query are in ``store``."""


def execute_unit(
    unit: Unit,
    parser: Parser,
    *,
    extraction,
    keys: dict,
    scratch,
    pack,
    sink: Sink,
    timeout: float | None = None,
    batch: int = 2000,
    sql_mapping: bool = True,
    recover: bool = True,
    settings: RunSettings | None = None,
) -> Outcome:
    """Run ``parser`` on ``unit.source``; never raises for anything the parser or the file does.

    Every plugin hook (signature check, file check, parse) runs inside this boundary: an
    exception from any of them becomes one warning naming the file, the parser and the reason,
    and the run goes on with the other files.
    """
    out = Outcome()
    source = unit.source
    pname = parser.name
    eid = unit.evidence_id

    def warn(message, locator=None):
        sink.warn({"evidence_id": eid, "source_path": source.path, "parser": pname, "locator": locator, "message": message})

    try:
        return _execute(unit, parser, out, warn, extraction, keys, scratch, pack, sink, timeout, batch, sql_mapping, recover,
                        settings)
    except Exception as exc:  # a hook outside the parse loop raised (the loop has its own boundary)
        if stops.is_disk_full(exc):
            raise stops.DiskFull(str(exc)) from exc
        out.status, out.failed = ("partial" if out.events else "failed"), True
        out.note = f"{pname}: {type(exc).__name__}: {exc}"
        if not unit.part_index or out.applied:
            warn(f"parser failed: {type(exc).__name__}: {exc}")
            out.warnings += 1
        return out


def _has_any_table(ctx: ParseContext, tables) -> bool:
    """Whether the file has one of ``tables``; False for a file that is not SQLite at all (a parser whose glob
    takes files by a name pattern refuses those in its own ``check_file``, and they are not its store)."""
    try:
        return any(ctx.has_table(t) for t in tables)
    except sqlite3.DatabaseError:
        return False


def _execute(unit: Unit, parser: Parser, out: Outcome, warn, extraction, keys, scratch, pack, sink, timeout, batch,
             sql_mapping, recover, settings) -> Outcome:
    source = unit.source
    pname = parser.name
    eid = unit.evidence_id
    reason = parser.check_signature(unit.head)
    if reason is not None:
        out.note = f"{pname}: {reason}"
        if not unit.single and not unit.part_index:
            warn(f"cannot be parsed: {reason} (damaged, encrypted or not a database)")
            out.status, out.warnings = "failed", 1
        return out

    ctx = ParseContext(
        parser=parser,
        source=source,
        extraction=extraction,
        evidence_id=eid,
        warn=warn,
        record_file=sink.file,
        keys=keys,
        related=unit.related,
        scratch=scratch,
        settings=settings,
    )
    deadline = time.monotonic() + timeout if timeout else None
    ctx.deadline = deadline
    ctx.sql_enabled = sql_mapping
    ctx.partition, ctx.part_index, ctx.part_count = unit.partition, unit.part_index, unit.part_count
    try:
        try:
            reason = parser.check_file(ctx)
        except sqlite3.DatabaseError as exc:
            text = sqlite_error_text(exc)
            if not unit.part_index:
                ctx.warn(f"cannot be opened as SQLite: {text}")
            out.applied, out.status, out.note = True, "failed", f"{pname}: {text}"
            out.warnings = ctx.stats.warnings
            return out
        if reason is not None:
            out.note = f"{pname}: {reason}"
            if (
                not unit.single
                and not unit.part_index
                and isinstance(parser, SQLiteParser)
                and _has_any_table(ctx, parser.required_tables)
            ):
                ctx.warn(f"unknown schema version: {reason}")
                out.applied, out.status = True, "failed"
            elif not unit.single and not unit.part_index and ctx.schema_problem:
                # A damaged sqlite_master entry can hide the very table the parser needs: the file
                # matched this parser's globs, so this is damage, not a file of another app.
                ctx.warn_file(f"{ctx.schema_problem}; {reason}")
                out.applied, out.status = True, "failed"
            out.warnings = ctx.stats.warnings
            return out
        out.applied = True
        if ctx.schema_problem:
            ctx.warn_file(ctx.schema_problem)
        if ctx.sql_enabled:
            ctx.sql_enabled = sink.sql_store_available() and sql_available()
        _emit(parser, ctx, unit, pack, sink, out, deadline, batch)
        if recover and unit.part_index == unit.part_count - 1 and not out.failed:
            if isinstance(parser, SQLiteParser) and unit.head.startswith(SQLITE_HEADER):
                _recover(parser, ctx, ctx, set(getattr(parser, "required_tables", None) or ()), None, None, unit, pack,
                         sink, out, deadline, batch)
            for store in ctx.derived_stores:  # decrypted copies: carved the same way, parsed by their own function
                _recover(parser, ctx, store.ctx, set(store.required), store.parse, store.provenance, unit, pack, sink,
                         out, deadline, batch, what="the decrypted copy's deleted records")
    finally:
        ctx.close()
    return out


SQLITE_HEADER = b"SQLite format 3\x00"


def _recover(parser: Parser, ctx: ParseContext, target: ParseContext, required: set[str], parse, provenance, unit: Unit,
             pack, sink: Sink, out: Outcome, deadline, batch: int, what: str = "deleted records") -> None:
    """Deleted records of ``target``'s working copy (the unit's database, or a decrypted copy of it) through the
    parser's own mapping: ``parse(ctx)``, by default ``parser.parse`` (see :mod:`artefacts.recovered_events`);
    ``provenance``: the decrypted copy's ``extra.decrypted_from``. Problems are reported on the unit's file (``ctx``)."""
    from .recovered_events import Recovered

    rec = Recovered(target.source.local_path, required)
    try:
        problems = rec.problems()
    except Exception as exc:  # the carver on a file it cannot read: the live rows are parsed already
        ctx.warn_file(f"{what} not carved: {type(exc).__name__}: {exc}")
        return
    if problems:
        ctx.warn_file(f"{what} not fully carved: " + "; ".join(problems))
    mapping_problems: list[str] = []
    rctx = target.again(lambda message, locator=None: mapping_problems.append(message))
    added = 0
    try:
        evidence = rec.deletion_evidence()
        if provenance:
            evidence = [{**e, "extra": {**e["extra"], "decrypted_from": dict(provenance)}} for e in evidence]
        if evidence:
            part = Outcome()
            _emit(parser, rctx, unit, pack, sink, part, deadline, batch, events=evidence)
            added += part.events
        for fix in rec.runs(rctx.db, target.mapped_tables):
            part = Outcome()
            _emit(parser, rctx, unit, pack, sink, part, deadline, batch, transform=fix,
                  events=None if parse is None else parse(rctx))
            added += part.events
    except sqlite3.Error as exc:
        mapping_problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        rctx.close()
    out.events += added
    notes = [n for n in (out.note, rec.note()) if n]
    if mapping_problems:
        notes.append(f"{len(mapping_problems)} problems mapping carved rows (first: {mapping_problems[0]})")
    out.note = "; ".join(notes) or None


def _emit(parser: Parser, ctx: ParseContext, unit: Unit, pack, sink: Sink, out: Outcome, deadline, batch_size: int,
          events=None, transform=None) -> None:
    """Write the events of ``parser.parse(ctx)`` (or ``events``), each through ``transform`` when given
    (``None`` from it: not an event), with provenance and id, to ``sink``; counts into ``out``."""
    source = unit.source
    eid = unit.evidence_id
    base = dict(DEFAULTS)
    base.update(
        app=parser.app,
        platform=parser.platform,
        origin=parser.origin,
        evidence_id=eid,
        source_path=source.path,
        source_sha256=source.sha256,
        parser=f"{parser.name}/{parser.version}",
    )
    ctx.host_fields = {k: base[k] for k in HOST_FIELDS if k in base and k != "event_id"}
    count = 0
    status = "parsed"
    batch: list = []
    flushed = time.monotonic()

    def complete(ev: dict):
        """The event with its provenance and id, packed for the output; None (and a warning) if it cannot be."""
        full = base.copy()
        full.update(ev)
        if len(full) != _N_FIELDS:
            full = _fix_fields(full, ctx)
        if needs_text(full):
            _keep_writable(full, ctx)
        full["event_id"] = make_event_id(eid, source.path, full["source_locator"] or "", full["kind"], full["timestamp_desc"])
        try:
            return pack(full)
        except (TypeError, ValueError):  # e.g. a BLOB in extra, an infinite number: made text, the row kept
            pass
        _keep_writable(full, ctx)
        try:
            return pack(full)
        except (TypeError, ValueError) as exc:
            ctx.warn(f"event cannot be written to this output format: {type(exc).__name__}: {exc}", full["source_locator"])
            return None

    def stream():
        """The events to pack: the parser's (through ``transform``); an SQL mapping's job is written here, and
        when SQLite refuses its SQL, its rows come back through the Python mapping, the reference (the same
        events, slower), under the same time limit and flushing as any event."""
        nonlocal batch, count, flushed
        for ev in (parser.parse(ctx) if events is None else events):
            if type(ev) is not SQLEvents:
                if transform is not None:
                    ev = transform(ev)
                    if ev is None:
                        continue
                yield ev
                continue
            if batch:
                sink.events(batch)
                batch = []
            store = sink.sql_store()
            given = _recording_warnings(ctx)
            try:
                count += run_sql_events(ev, ctx, complete, store)
                fallback = None
            except SQLSetupError as exc:
                stops.check()  # never a fallback for a run the user stopped
                fallback = exc
            finally:
                sink.sql_store_done(store)
                given.stop()
            flushed = time.monotonic()
            if fallback is not None:
                out.note = "; ".join(filter(None, (out.note, f"mapped in Python: the SQL mapping could not run "
                                                             f"({fallback})")))
                with given.not_again():  # the rows mapped before the failure warn once
                    yield from ev.python_rows(python_only)

    events_in = stream()
    try:
        for ev in events_in:
            packed = complete(ev)
            if packed is None:
                continue
            batch.append(packed)
            count += 1
            if len(batch) >= batch_size:
                sink.events(batch)
                batch = []
                flushed = time.monotonic()
            elif not count % CLOCK_EVERY:
                now = time.monotonic()
                if deadline is not None and now > deadline:
                    raise UnitTimeout()
                if now - flushed > FLUSH_AFTER:
                    sink.events(batch)
                    batch = []
                    flushed = now
    except UnitTimeout:
        status = "partial" if count else "failed"
        out.failed = True
        ctx.warn(f"parser stopped by the time limit after {count} events", None)
    except sqlite3.OperationalError as exc:
        stops.check()  # a query cut short by the user's stop is no parser failure
        if stops.is_disk_full(exc):
            raise stops.DiskFull(str(exc)) from exc
        status = "partial" if count else "failed"
        out.failed = True
        if deadline is not None and time.monotonic() > deadline:
            ctx.warn(f"parser stopped by the time limit after {count} events", None)
        else:
            ctx.warn(f"parser stopped after {count} events: {type(exc).__name__}: {exc}", None)
    except Exception as exc:
        if stops.is_disk_full(exc):
            raise stops.DiskFull(str(exc)) from exc
        status = "partial" if count else "failed"
        out.failed = True
        ctx.warn(f"parser stopped after {count} events: {type(exc).__name__}: {exc}", None)
    finally:
        events_in.close()  # a fallback's warning filter ends with it
        if batch:
            sink.events(batch)
        st = ctx.stats
        out.rows, out.events, out.skipped, out.warnings = st.rows, count, st.skipped, st.warnings
        if st.notes:
            out.note = "; ".join(filter(None, (out.note, *st.notes)))
        if st.warnings and status == "parsed":
            status = "partial" if count else "failed"  # nothing came out of it, and something went wrong
        out.status = status


class _recording_warnings:
    """The warnings ``ctx`` gives while recording (from creation to :meth:`stop`); :meth:`not_again` then keeps the
    same (message, row) from being given a second time, for a mapping run again after a failed attempt."""

    def __init__(self, ctx: ParseContext):
        self.ctx, self.given, self._inner = ctx, set(), ctx._warn

        def record(message, locator=None):
            self.given.add((message, locator))
            self._inner(message, locator)

        ctx._warn = record

    def stop(self) -> None:
        self.ctx._warn = self._inner

    @contextlib.contextmanager
    def not_again(self):
        ctx, given, inner = self.ctx, self.given, self._inner

        def once(message, locator=None):
            if (message, locator) in given:
                ctx.stats.warnings -= 1  # counted by ctx.warn already
                return
            inner(message, locator)

        ctx._warn = once
        try:
            yield
        finally:
            ctx._warn = inner


def _keep_writable(full: dict, ctx: ParseContext) -> None:
    """Values no output holds as the schema says (bytes where text belongs ...) made text, with one warning."""
    changed = make_writable(full)
    if changed:
        ctx.warn(f"values of a type the timeline cannot hold there, kept as text (extra.coerced): "
                 f"{'; '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}", full["source_locator"])


def _fix_fields(full: dict, ctx: ParseContext) -> dict:
    unknown = [k for k in full if k not in DEFAULTS]
    extra = dict(full.get("extra") or {})
    for k in unknown:
        extra[k] = full.pop(k)
    full["extra"] = extra
    ctx.warn(f"parser returned fields outside the schema, kept in extra: {', '.join(unknown)}")
    return full
