"""Cases from separate runs: ``artefacts merge A.sqlite B.sqlite ... -o case.sqlite``.

Timelines of separate ``parse`` runs (other devices, or the same extraction again with more keys)
become one case file that equals what a single run over all their extractions would have written:

* **Inputs are checked first.** Each must be a timeline whose own hash verifies against the
  ``TIMELINE.sha256`` its run wrote beside it (:mod:`artefacts.verify`; a timeline without that file
  cannot be verified and is refused too), whose ``events`` have this tool's columns, and whose events
  name only source files with the hash its ``sources`` table records. A timeline altered after its
  run fails one of these and is refused with the reason; ``--force`` only replaces the output.
  Each input is opened read-only, and refused if it changes while it is read.
* **One event once.** Event ids are stable (:func:`artefacts.events.make_event_id`: evidence id, file
  in the extraction, row, kind, time description), and so is an extraction's evidence id (its name, or
  the ``--evidence-id`` given), so the same record read by two runs has the same id in both. Events are
  copied input after input, inside SQLite (``INSERT ... SELECT`` from the ATTACHed input), leaving out
  every id already in the case: a re-run with more keys adds what it alone could read. An id whose
  other fields differ between inputs is kept once, as first merged, and named in a warning.
* **One evidence id, one extraction.** Two inputs may share an evidence id only when they read the
  same extraction: the same container hash, or the same input path, or a source file at the same path
  with the same hash. Otherwise (two phones both called ``android``), or when a file at the same path
  has another hash, the merge is refused.
* **Every run's record is kept.** ``run`` gets each input run's row (the same run given twice: once)
  under a ``run_id``, and a row for the merge itself (``operation = 'merge'``, tool version, command,
  each input timeline with its SHA-256 and what it added). ``sources`` and ``warnings`` keep parse's
  columns plus ``run_ids``, the JSON list of the runs that recorded the row: rows identical in two runs
  appear once, rows that differ (a database ``failed`` without its key, ``parsed`` with it) stay
  distinguishable.
* **Derived tables are rebuilt** from the merged events by :func:`artefacts.case_tables.rebuild_derived`,
  the function ``parse`` calls too (full-text index, indicators).

The output is written like ``parse``'s: a scratch file renamed into place when complete
(:func:`artefacts.atomic.atomic_output`), in rollback-journal mode, hashed into ``OUT.sha256``.
A JSON Lines timeline is verified as it is, then read line by line into a scratch SQLite file beside
the output and merged from there; a single JSON document is refused (it would be read whole).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import sqlite_utils

from . import __version__
from .atomic import atomic_output
from .case_tables import rebuild_derived
from .engine import EXIT_OK, EXIT_PARTIAL, MAX_WARNINGS_PER_FILE, UsageError, environment, utc_now, write_digests
from .events import FIELDS
from .exporters.base import OutputExistsError, dumps, row_form
from .exporters.sqlite import (BATCH, EVENTS_SQL, FTS_SQL, PAGE_SIZE, SOURCE_COLUMNS, WARNING_COLUMNS,
                               create_event_indexes, run_row, seal)
from .indicators.index import IndicatorOptions
from .registry import Registry, load_registry
from .schema import timeline_schema
from .verify import digest_file, recorded_digests, run_extractions, verify

#: the column of ``sources`` and ``warnings`` naming the runs that recorded a row (``run.run_id``)
RUN_IDS = "run_ids"
#: tables merged row by row, with their columns as ``parse`` writes them
SIDE_TABLES = {"sources": SOURCE_COLUMNS, "warnings": WARNING_COLUMNS}
TIMELINE_TABLES = ("events", "sources", "warnings", "run")
JSON_LINES = (".jsonl", ".ndjson")
ID_LIST_FUNCTION = "artefacts_run_id_list"


class MergeRefused(UsageError):
    """An input cannot be merged: it does not verify, is not a timeline of this tool, or clashes with another."""


@dataclass
class MergeOptions:
    inputs: list[Path]
    output: Path
    force: bool = False
    command_line: str = ""
    case_number: str | None = None
    examiner: str | None = None
    notes: str | None = None
    #: rescan the merged events for indicators (as ``parse`` does unless ``--no-indicators``)
    indicators: bool = True
    #: region of phone numbers without a country code (``--default-region``); None: the one the runs recorded
    phone_region: str | None = None


@dataclass
class MergeResult:
    exit_code: int
    run: dict
    output: Path
    events: int
    duplicates: int
    conflicts: int
    warnings: int
    digests: dict = field(default_factory=dict)


@dataclass
class _Input:
    path: Path
    sha256: str
    stat: tuple
    #: the SQLite timeline read: the input itself, or a JSON Lines input's events and manifest as one
    db: Path
    #: rows of its ``run`` table in order, ``_rowid`` their row id there
    runs: list[dict]
    #: written by merge: its ``sources``/``warnings`` name their runs in ``run_ids``
    merged: bool
    events: int
    added: int = 0
    duplicates: int = 0
    conflicts: int = 0
    run_ids: list[int] = field(default_factory=list)


def _stat(path: Path) -> tuple:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns, st.st_ino


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _columns(con: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA [{schema}].table_info([{table}])")]


def _as_sqlite(path: Path, dest: Path) -> None:
    """A JSON Lines timeline (events, ``.manifest.json``) written as the tables of a SQLite timeline: each
    line becomes the row the SQLite output stores for that event (:func:`~artefacts.exporters.base.row_form`)."""
    try:
        manifest = json.loads(path.with_name(path.name + ".manifest.json").read_text(encoding="utf-8"))
        con = sqlite3.connect(dest)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute(EVENTS_SQL)
            db = sqlite_utils.Database(con)
            for table, cols in SIDE_TABLES.items():
                db[table].create(cols)
                db[table].insert_all(({c: (dumps(v) if isinstance(v := r.get(c), (list, dict)) else v) for c in cols}
                                      for r in manifest[table]), batch_size=1000)
            db["run"].insert(run_row(manifest["run"]), alter=True)
            insert = f"INSERT INTO events VALUES ({', '.join('?' for _ in FIELDS)})"
            with open(path, encoding="utf-8") as lines:
                while batch := [row_form(json.loads(line)) for _, line in zip(range(BATCH), lines)]:
                    con.executemany(insert, batch)
            con.commit()
        finally:
            con.close()
    except (OSError, ValueError, KeyError, TypeError, sqlite3.Error) as exc:
        raise MergeRefused(f"{path}: cannot be read as a JSON Lines timeline ({type(exc).__name__}: {exc})") from exc


def check_input(path: Path, scratch: Path | None = None) -> _Input:
    """Verify one input timeline (hash, schema, events against sources); what the merge needs of it.

    A JSON Lines timeline is verified as it is, then read into a SQLite file in ``scratch``."""
    path = Path(path)
    if path.suffix.lower() == ".json" or (path.suffix.lower() in JSON_LINES and scratch is None):
        raise MergeRefused(f"{path}: only SQLite and JSON Lines timelines can be merged (parse the extractions again "
                           "with -o NAME.sqlite)")
    digests = recorded_digests(path)
    if digests is None or path.name not in digests:
        raise MergeRefused(f"{path}: its content cannot be verified, refused: {digest_file(path).name}, written by its run "
                           "beside it, is missing or does not list it")
    before = _stat(path)
    report = verify(path, {})
    if not report.ok:
        raise MergeRefused(f"{path} does not verify, refused: " + "; ".join(report.problems))
    db = path
    if path.suffix.lower() in JSON_LINES:
        fd, name = tempfile.mkstemp(suffix=".sqlite", dir=scratch)
        os.close(fd)
        db = Path(name)
        _as_sqlite(path, db)
    try:
        con = _open_read_only(db)
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path}: cannot be opened as SQLite ({exc})") from exc
    try:
        con.row_factory = sqlite3.Row
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in TIMELINE_TABLES if t not in tables]
        if missing:
            raise MergeRefused(f"{path}: not a timeline of artefacts (no table {', '.join(missing)})")
        if tuple(_columns(con, "events")) != FIELDS:
            raise MergeRefused(f"{path}: its events have other columns than this version writes "
                               f"(timeline schema version {timeline_schema().get('version')}); parse it again")
        merged = RUN_IDS in _columns(con, "sources")
        for table, expected in SIDE_TABLES.items():
            cols = set(_columns(con, table))
            if cols - {RUN_IDS} != set(expected) or (RUN_IDS in cols) != merged:
                raise MergeRefused(f"{path}: its {table} table has other columns than this version writes")
        runs = [dict(r) for r in con.execute("SELECT rowid AS _rowid, * FROM run ORDER BY rowid")]
        if not runs or (not merged and len(runs) != 1):
            raise MergeRefused(f"{path}: a timeline written by parse has one run record, this one has {len(runs)}")
        # every event names its source file and that file's hash; the run listed both in sources
        stray = con.execute("SELECT DISTINCT evidence_id, source_path, source_sha256 FROM events "
                            "EXCEPT SELECT evidence_id, path, sha256 FROM sources LIMIT 1").fetchone()
        if stray is not None:
            raise MergeRefused(f"{path}: events name {stray[0]} {stray[1]} with SHA-256 {stray[2]}, which its sources "
                               "table does not record: altered after its run, refused")
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise MergeRefused(f"{path}: cannot be read as a timeline ({exc})") from exc
    finally:
        con.close()
    return _Input(path, digests[path.name], before, db, runs, merged, events)


def _check_containers(inputs: list[_Input]) -> dict[str, list[tuple[int, dict]]]:
    """Refuse inputs that give one evidence id to extractions with different container hashes;
    ``{evidence id: [(input index, extraction)]}`` of the ids held by more than one input."""
    holders: dict[str, list[tuple[int, dict]]] = {}
    for k, inp in enumerate(inputs):
        for run in inp.runs:
            for ext in run_extractions(run.get("inputs")):
                holders.setdefault(ext["evidence_id"], []).append((k, ext))
    shared = {}
    for eid, held in holders.items():
        if len({k for k, _ in held}) < 2:
            continue
        hashes = {ext.get("sha256") for _, ext in held} - {None}
        if len(hashes) > 1:
            raise MergeRefused(f"evidence id {eid!r} names extractions with different SHA-256 ({', '.join(sorted(hashes))}) "
                               "in the inputs: parse them with distinct --evidence-id")
        shared[eid] = held
    return shared


def _runs_region(inputs: list[_Input]) -> str | None:
    """The default region of phone numbers (``--default-region``) the input runs recorded (runs of older
    versions did not: no ``indicator_scan``); refused when they differ: the case is built with one."""
    regions = {}
    for inp in inputs:
        for run in inp.runs:
            if run.get("indicator_scan") is not None:
                regions.setdefault(run.get("default_region"), inp.path.name)
    if len(regions) > 1:
        said = ", ".join(f"{r or 'none'} ({name})" for r, name in regions.items())
        raise MergeRefused(f"the runs read phone numbers with different --default-region ({said}): "
                           "give the case's with --default-region")
    return next(iter(regions), None)


class _Case:
    """The case file being written (a scratch file, renamed into place by the caller)."""

    def __init__(self, path: Path):
        self.con = sqlite3.connect(path.resolve().as_uri(), uri=True, isolation_level=None)
        con = self.con
        con.execute(f"PRAGMA page_size={PAGE_SIZE}")
        con.execute("PRAGMA journal_mode=OFF")  # a scratch file, renamed only when complete
        con.execute("PRAGMA synchronous=OFF")
        con.create_function(ID_LIST_FUNCTION, 1, _id_list, deterministic=True)
        con.execute(EVENTS_SQL)
        con.execute(FTS_SQL)
        db = sqlite_utils.Database(con)
        for table, cols in SIDE_TABLES.items():
            db[table].create({**cols, RUN_IDS: str})
            staged = ", ".join(f"[{c}]" for c in cols)
            con.execute(f"CREATE TEMP TABLE [staged_{table}] (seq INTEGER PRIMARY KEY, input INTEGER, run_id INTEGER, "
                        f"dup INTEGER, {staged})")
        con.execute("CREATE INDEX temp.staged_sources_path ON [staged_sources] (evidence_id, path)")
        con.execute("CREATE TABLE run (run_id INTEGER PRIMARY KEY)")
        con.execute("CREATE TEMP TABLE runmap (input INTEGER, old INTEGER, new INTEGER, PRIMARY KEY (input, old))")
        self.db = db
        self._runs: dict[str, int] = {}

    # -- inputs ------------------------------------------------------------------------------
    def attach(self, inp: _Input) -> None:
        self.con.execute("ATTACH DATABASE ? AS src", (inp.db.resolve().as_uri() + "?mode=ro",))

    def detach(self) -> None:
        self.con.execute("DETACH DATABASE src")

    def add_runs(self, k: int, inp: _Input) -> None:
        """Copy the input's run rows (a run already copied from another input keeps its id)."""
        for row in inp.runs:
            row = dict(row)
            old = row.pop("_rowid")
            row.pop("run_id", None)
            # the same run read from a parse timeline or from a case (where columns of other runs are NULL)
            key = json.dumps({c: v for c, v in row.items() if v is not None}, sort_keys=True, default=str)
            if key not in self._runs:
                self._runs[key] = self.next_run_id()
                self.db["run"].insert({"run_id": self._runs[key], **row}, alter=True)
            new = self._runs[key]
            self.con.execute("INSERT INTO temp.runmap VALUES (?, ?, ?)", (k, old, new))
            if new not in inp.run_ids:
                inp.run_ids.append(new)

    def next_run_id(self) -> int:
        return (self.con.execute("SELECT max(run_id) FROM run").fetchone()[0] or 0) + 1

    def stage_side(self, k: int, inp: _Input) -> None:
        """Stage the input's sources and warnings, one row per (row, run that recorded it), numbered
        among identical rows of the same run (``dup``) so that repeats within a run are kept."""
        for table, cols in SIDE_TABLES.items():
            names = ", ".join(f"[{c}]" for c in cols)
            picked = ", ".join(f"s.[{c}]" for c in cols)
            if inp.merged:
                source = (f"src.[{table}] AS s JOIN json_each(s.{RUN_IDS}) AS j "
                          f"JOIN temp.runmap AS m ON m.input = {k} AND m.old = j.value")
                run, partition, order = "m.new", f"m.new, {picked}", "s.rowid, m.new"
            else:  # a parse run: every row is its one run's
                source, run, partition, order = f"src.[{table}] AS s", str(inp.run_ids[0]), picked, "s.rowid"
            self.con.execute(
                f"INSERT INTO temp.[staged_{table}] (input, run_id, dup, {names}) "
                f"SELECT {k}, {run}, row_number() OVER (PARTITION BY {partition} ORDER BY s.rowid), {picked} "
                f"FROM {source} ORDER BY {order}")

    def check_files(self, inputs: list[_Input], shared: dict) -> None:
        """Refuse a file that has two hashes under one evidence id, and an evidence id that two inputs give
        to extractions nothing ties together (see the module's docstring)."""
        clash = self.con.execute(
            "SELECT evidence_id, path, group_concat(DISTINCT sha256) FROM temp.staged_sources GROUP BY evidence_id, path "
            "HAVING count(DISTINCT sha256) > 1 AND count(DISTINCT input) > 1 LIMIT 1").fetchone()
        if clash is not None:
            raise MergeRefused(f"evidence id {clash[0]!r}: {clash[1]} has different SHA-256 in the inputs ({clash[2]}): "
                               "they are not the same extraction (parse them with distinct --evidence-id) or it changed")
        for eid, held in shared.items():
            first, ext = held[0]
            for k, other in held[1:]:
                if k == first or (ext.get("sha256") and ext.get("sha256") == other.get("sha256")):
                    continue
                if ext.get("path") and ext.get("path") == other.get("path"):
                    continue
                tied = self.con.execute(
                    "SELECT 1 FROM temp.staged_sources AS a JOIN temp.staged_sources AS b USING (evidence_id, path, sha256) "
                    "WHERE a.evidence_id = ? AND a.input = ? AND b.input = ? LIMIT 1", (eid, first, k)).fetchone()
                if tied is None:
                    raise MergeRefused(
                        f"evidence id {eid!r} names two extractions, {ext.get('path')} in {inputs[first].path} and "
                        f"{other.get('path')} in {inputs[k].path}, with no hash or source file in common: "
                        "parse them with distinct --evidence-id")

    def add_events(self, inp: _Input, warnings: list[dict]) -> None:
        """Copy the input's events whose ids are not in the case yet; differing ones become ``warnings``."""
        con = self.con
        if con.execute("SELECT NOT EXISTS (SELECT 1 FROM main.events)").fetchone()[0]:
            before = con.total_changes
            con.execute("INSERT INTO main.events SELECT * FROM src.events")  # SQLite's transfer: records as they are
            inp.added = con.total_changes - before
        else:
            self._conflicts(inp, warnings)
            before = con.total_changes
            con.execute("INSERT INTO main.events SELECT * FROM src.events AS s WHERE NOT EXISTS "
                        "(SELECT 1 FROM main.events AS m WHERE m.event_id = s.event_id) ORDER BY s.rowid")
            inp.added = con.total_changes - before
        inp.duplicates = inp.events - inp.added - inp.conflicts
        create_event_indexes(con, ("events_event_id",))

    def _conflicts(self, inp: _Input, warnings: list[dict]) -> None:
        others = [f for f in FIELDS if f != "event_id"]
        flags = ", ".join(f"m.[{f}] IS NOT s.[{f}]" for f in others)
        differs = " OR ".join(f"m.[{f}] IS NOT s.[{f}]" for f in others)
        cur = self.con.execute(
            f"SELECT DISTINCT s.rowid, s.event_id, s.evidence_id, s.source_path, s.source_locator, {flags} "
            f"FROM src.events AS s JOIN main.events AS m ON m.event_id = s.event_id WHERE {differs} ORDER BY s.rowid")
        for row in cur:
            inp.conflicts += 1
            if inp.conflicts > MAX_WARNINGS_PER_FILE:
                continue
            cols = [f for f, flag in zip(others, row[5:]) if flag]
            message = (f"event {row[1]} differs between the inputs ({', '.join(cols)}): the one merged first is kept, "
                       f"the one in {inp.path.name} left out")
            if inp.conflicts == MAX_WARNINGS_PER_FILE:
                message += " (further events that differ in this input are counted in the merge record, not listed)"
            warnings.append({"evidence_id": row[2], "source_path": row[3], "parser": None, "locator": row[4],
                             "message": message})

    def stage_warnings(self, k: int, run_id: int, warnings: list[dict]) -> None:
        cols = SIDE_TABLES["warnings"]
        self.con.execute("BEGIN")
        self.con.executemany(
            f"INSERT INTO temp.staged_warnings (input, run_id, dup, {', '.join(cols)}) VALUES (?, ?, ?, "
            f"{', '.join('?' for _ in cols)})",
            [(k, run_id, i, *(w[c] for c in cols)) for i, w in enumerate(warnings)])
        self.con.execute("COMMIT")

    def write_side(self) -> dict[str, int]:
        """Sources and warnings from the staged rows: one row per distinct content (and repeat), in the
        order first seen, with the runs that recorded it."""
        counts = {}
        for table, cols in SIDE_TABLES.items():
            names = ", ".join(f"[{c}]" for c in cols)
            before = self.con.total_changes
            self.con.execute(
                f"INSERT INTO main.[{table}] ({names}, {RUN_IDS}) SELECT {names}, {ID_LIST_FUNCTION}(group_concat(run_id)) "
                f"FROM temp.[staged_{table}] GROUP BY {names}, dup ORDER BY min(seq)")
            counts[table] = self.con.total_changes - before
        return counts

    def close(self) -> None:
        self.con.close()


def _id_list(text) -> str:
    """``"3,1,3"`` (group_concat of run ids) -> ``"[1,3]"``."""
    return json.dumps(sorted({int(x) for x in str(text or "").split(",") if x}), separators=(",", ":"))


def _refuse_output(options: MergeOptions) -> None:
    out = Path(options.output)
    for inp in options.inputs:
        if out.resolve() == Path(inp).resolve() or (out.exists() and os.path.samefile(out, inp)):
            raise MergeRefused(f"the output {out} is one of the inputs")
    if out.exists() and not options.force:
        raise OutputExistsError(f"{out} exists; use --force to replace it")


def run_merge(options: MergeOptions, *, registry: Registry | None = None,
              on_warning: Callable[[dict], None] | None = None,
              on_progress: Callable[[str], None] | None = None) -> MergeResult:
    """Merge the timelines ``options.inputs`` into the case ``options.output`` (see the module's docstring)."""
    progress = on_progress or (lambda msg: None)
    started, t0 = utc_now(), time.monotonic()
    _refuse_output(options)
    output = Path(options.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # JSON Lines inputs are read into SQLite files here, beside the output (as large as the inputs)
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.inputs-", dir=output.parent) as scratch:
        inputs = []
        for path in options.inputs:
            progress(f"verifying {path}")
            inputs.append(check_input(Path(path), Path(scratch)))
        return _write_case(options, inputs, registry, on_warning, progress, started, t0)


def _write_case(options: MergeOptions, inputs: list[_Input], registry: Registry | None, on_warning, progress,
                started: str, t0: float) -> MergeResult:
    shared = _check_containers(inputs)
    registry = registry if registry is not None else load_registry()
    region = options.phone_region or _runs_region(inputs)
    indicators = IndicatorOptions(enabled=options.indicators, region=region, detectors=dict(registry.indicator_detectors))
    output = Path(options.output)
    digest_file(output).unlink(missing_ok=True)  # a stale digest must not outlive its file
    merge_warnings: list[dict] = []
    with atomic_output(output) as tmp:
        case = _Case(tmp)
        try:
            for k, inp in enumerate(inputs):
                case.add_runs(k, inp)
            for k, inp in enumerate(inputs):
                case.attach(inp)
                try:
                    case.stage_side(k, inp)
                finally:
                    case.detach()
            case.check_files(inputs, shared)
            for inp in inputs:
                progress(f"merging the events of {inp.path}")
                case.attach(inp)
                try:
                    case.add_events(inp, merge_warnings)
                finally:
                    case.detach()
            merge_id = case.next_run_id()
            case.stage_warnings(len(inputs), merge_id, merge_warnings)
            for w in merge_warnings:
                if on_warning is not None:
                    on_warning(w)
            counts = case.write_side()
            progress("building the indexes and derived tables")
            create_event_indexes(case.con)
            case.con.execute("BEGIN")
            counts.update(rebuild_derived(case.con, indicators=indicators, region=region, fts=True))
            case.con.execute("COMMIT")
            events = case.con.execute("SELECT count(*) FROM events").fetchone()[0]
            exit_code = EXIT_PARTIAL if counts["warnings"] else EXIT_OK
            record = {
                "run_id": merge_id,
                "tool": "artefacts",
                "version": __version__,
                "schema_version": timeline_schema().get("version", 1),
                "operation": "merge",
                "command": options.command_line,
                "started": started,
                "finished": utc_now(),
                "seconds": round(time.monotonic() - t0, 3),
                "status": "complete" if exit_code == EXIT_OK else "partial",
                "exit_code": exit_code,
                "case_number": options.case_number,
                "examiner": options.examiner,
                "notes": options.notes,
                "inputs": [{"path": str(inp.path.resolve()), "sha256": inp.sha256, "runs": inp.run_ids, "events": inp.events,
                            "added": inp.added, "duplicates": inp.duplicates, "conflicts": inp.conflicts}
                           for inp in inputs],
                "output_format": "sqlite",
                "time_zone": "all timestamps are UTC",
                "indicator_scan": indicators.enabled,
                "default_region": region,
                "plugins": [p.as_dict() for p in registry.plugins.values()],
                "counts": {"runs": merge_id - 1, "events": events, **counts,
                           "duplicates": sum(i.duplicates for i in inputs), "conflicts": sum(i.conflicts for i in inputs)},
                **environment(),
            }
            case.db["run"].insert(run_row(record), alter=True)
            seal(case.con)
        finally:
            case.close()
        for inp in inputs:
            if _stat(inp.path) != inp.stat:
                raise MergeRefused(f"{inp.path} changed while it was merged: nothing written")
    digests = write_digests([output])
    return MergeResult(exit_code, record, output, events, record["counts"]["duplicates"], record["counts"]["conflicts"],
                       counts["warnings"], digests)
