"""A parse run: extractions in, one timeline out.

``run_parse`` is the Python API behind ``artefacts parse``. For each extraction
it builds the file index once, lets every selected parser declare what it wants,
copies (and hashes) just those files into the private workspace in one pass,
then runs each (parser, file) pair inside its own error boundary and streams the
events to the exporter. Whatever goes wrong with one file or parser becomes a
warning naming the file and the reason; everything else is kept, and the exit
code says the run was partial.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import __version__
from .context import ParseContext, RunSettings, SourceFile
from .evidence import Access, EvidenceError, EvidenceKeyError, Extraction, Prefetch, Workspace, glob_matches, open_extraction
from .evidence.extraction import SIDECAR_SUFFIXES
from .evidence.layouts import recognise as recognise_layout
from .exporters.base import Exporter
from .parallel import run_units_parallel
from .parser import Parser
from .registry import Registry, load_registry
from .indicators.index import IndicatorOptions
from .schema import timeline_schema
from .units import Outcome, Sink, Unit, execute_unit

EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3

#: Row-level warnings kept in full per (file, parser); the rest are counted.
MAX_WARNINGS_PER_FILE = 200

_ARCHIVE_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".zip", ".ufdr")
#: default --parser-timeout in seconds: generous, only there to stop a pathological file
DEFAULT_PARSER_TIMEOUT = 3600.0


def effective_jobs(requested: int | None) -> int:
    """Worker processes to use: parallel parsing forks, so platforms without fork run in one process."""
    import multiprocessing

    jobs = max(1, requested or 1)
    return jobs if jobs == 1 or "fork" in multiprocessing.get_all_start_methods() else 1


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _DirectSink(Sink):
    """``--jobs 1``: a unit's output goes straight to the writer."""

    def __init__(self, on_events, on_warning, on_file, exporter: Exporter | None = None, scratch=None):
        self.events = on_events
        self.warn = on_warning
        self.file = on_file
        self._exporter = exporter
        self._scratch = scratch
        self._paths: dict[int, Path] = {}

    def sql_store_available(self) -> bool:
        return self._exporter is not None and self._exporter.unit_stores

    def sql_store(self):
        """A unit store in the workspace, merged into the output when the query is done."""
        path = self._scratch("sql-events")
        store = self._exporter.unit_store(path)
        self._paths[id(store)] = path
        return store

    def sql_store_done(self, store) -> None:
        path = self._paths.pop(id(store))
        store.close()
        try:
            self._exporter.merge_unit_store(path)
        finally:
            path.unlink(missing_ok=True)


def _recognisable(parser: Parser, name: str) -> bool:
    """Whether ``parser`` should be tried on a single file called ``name`` (see :meth:`Run._plan`)."""
    if parser.signatures or getattr(parser, "required_tables", None):
        return True
    base = name.rsplit("/", 1)[-1]
    return any(glob_matches(glob.rstrip("/").rsplit("/", 1)[-1], base) for glob in parser.path_globs)


def _note_origin(state, ext: Extraction, warn: Callable[[str], None] | None = None) -> None:
    origin = ext.origin(state.path)
    if origin:
        state.notes.append(f"stored in the backup as {origin}")
    notes, problem = ext.check_source(state.path, state.sha256)
    state.notes.extend(notes)
    if problem and warn is not None:
        warn(problem)


def _refuse_writing_into_evidence(options: RunOptions) -> None:
    """The output and the working folder must not be inside (or be) an extraction."""
    import tempfile

    workdir = options.workdir if options.workdir is not None else Path(tempfile.gettempdir())
    for inp in options.inputs:
        root = Path(inp).resolve()
        for what, target in (("output", options.output), ("working folder", workdir)):
            t = Path(target).resolve()
            if t == root or (root.is_dir() and t.is_relative_to(root)):
                hint = "" if what == "output" or options.workdir is not None else " (choose one with --workdir)"
                raise UsageError(f"the {what} {target} is inside the extraction {inp}: evidence is never written to{hint}")


def _cpu_seconds() -> float | None:
    """User + system CPU time of this process and its finished workers (wall and CPU time differ with --jobs)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return round(total, 3)


def _rec_dict(rec) -> dict:
    return {"path": rec.path, "size": rec.size, "mtime": rec.mtime, "sha256": rec.sha256}


class UsageError(Exception):
    """The request cannot be run as given (unknown parser or format, output exists ...)."""


@dataclass
class RunOptions:
    inputs: list[Path]
    output: Path
    format: str | None = None
    parsers: list[str] | None = None
    case_number: str | None = None
    examiner: str | None = None
    notes: str | None = None
    evidence_ids: list[str] | None = None
    plugins_dirs: list[Path] = field(default_factory=list)
    force: bool = False
    workdir: Path | None = None
    keep_workdir: bool = False
    command_line: str = ""
    #: ``app=value`` key material: a key file path, hex key or passphrase (``--key``)
    keys: list[str] = field(default_factory=list)
    #: parser worker processes; 1 runs everything in this process
    jobs: int = 1
    #: seconds one parser may spend on one file before it is stopped
    parser_timeout: float | None = DEFAULT_PARSER_TIMEOUT
    #: let parsers map ordinary rows inside SQLite (same output; see ``artefacts.sqlmapping``)
    sql_mapping: bool = True
    #: carve deleted records from every database a parser reads and map them (``--no-recover`` turns it off)
    recover: bool = True
    #: scan every event for indicators (``--no-indicators`` turns it off; see ``artefacts.indicators``)
    indicators: bool = True
    #: region of phone numbers written without a country code (``--phone-region DE``)
    phone_region: str | None = None
    #: IANA time zone of the phone that wrote a user's export (``--timezone``): chat-export times are
    #: that phone's local time (see ``plugins/whatsapp_export.py``); None keeps them raw
    timezone: str | None = None


@dataclass
class RunResult:
    exit_code: int
    run: dict
    outputs: list[Path]
    events: int
    warnings: int
    sources: int
    #: SHA-256 of every output file, also written beside the first as ``OUT.sha256``
    digests: dict = field(default_factory=dict)


def write_digests(outputs: list[Path], timeline: Path | None = None) -> dict:
    """Hash the delivered files and write them, ``sha256sum`` style, to ``<timeline>.sha256`` (the
    timeline defaults to the first output; a Parquet timeline is a folder of files), each named by its
    path from the timeline's folder."""
    from .evidence.extraction import copy_and_hash

    digests = {}
    for path in outputs:
        with open(path, "rb") as fh:
            digests[str(path)] = copy_and_hash(fh, None)[0]
    if outputs:
        timeline = Path(timeline or outputs[0])
        lines = "".join(f"{d}  {Path(os.path.relpath(p, timeline.parent)).as_posix()}\n" for p, d in digests.items())
        Path(str(timeline) + ".sha256").write_text(lines, encoding="utf-8")
    return digests


def environment() -> dict:
    """Where a run ran, for its record: Python, SQLite and system versions."""
    return {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version, "system": platform.platform()}


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def evidence_id_for(path: Path) -> str:
    name = path.name or str(path)
    lower = name.lower()
    for suffix in _ARCHIVE_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def redact_key(value: str) -> str:
    """``APP=KEY`` as records and logs show it: ``APP=<redacted>`` (key material never leaves the run)."""
    return f"{value.partition('=')[0]}=<redacted>"


def parse_keys(values) -> dict[str, list[str]]:
    """``["whatsapp=/path/key", "signal=123..."]`` -> ``{"whatsapp": [...], "signal": [...]}``."""
    keys: dict[str, list[str]] = {}
    for value in values or ():
        app, sep, material = value.partition("=")
        if not sep or not app.strip() or not material:
            raise UsageError(f"--key takes APP=KEY (a key file, hex key or passphrase), not {value!r}")
        keys.setdefault(app.strip().lower(), []).append(material)
    return keys


def check_timezone(name: str) -> str:
    """``name`` when it is an IANA time zone this Python knows (``Europe/Berlin``), else a usage error."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"--timezone takes an IANA time zone such as Europe/Berlin, not {name!r}") from exc
    return name


def _offered_keys(keys: dict[str, list[str]], ext: Extraction) -> dict[str, list[str]]:
    """The ``--key`` values, then the key material found in the extraction (``Extraction.found_keys``)."""
    if not ext.found_keys:
        return keys
    merged = {app: list(values) for app, values in keys.items()}
    for app, values in ext.found_keys.items():
        merged.setdefault(app, []).extend(v for v in values if v not in merged[app])
    return merged


def _closeness(a: str, b: str) -> int:
    """How many leading folders two extraction paths share."""
    n = 0
    for x, y in zip(a.lower().split("/")[:-1], b.lower().split("/")[:-1]):
        if x != y:
            break
        n += 1
    return n


def choose_exporter(registry: Registry, output: Path, fmt: str | None) -> type[Exporter]:
    if fmt:
        if fmt not in registry.exporters:
            raise UsageError(f"unknown format {fmt!r}; known: {', '.join(sorted(registry.exporters))}")
        return registry.exporters[fmt]
    name = output.name.lower()
    matches = [(len(ext), cls) for cls in registry.exporters.values() for ext in cls.extensions if name.endswith(ext)]
    if matches:
        return max(matches, key=lambda m: m[0])[1]  # the most specific: x.timesketch.jsonl is not plain JSON Lines
    return registry.exporters["sqlite"]  # the default timeline format


class Reporter:
    """Collects warnings and file records, forwards them to the exporter and the console."""

    def __init__(self, exporter: Exporter, on_warning: Callable[[dict], None] | None):
        self.exporter = exporter
        self.on_warning = on_warning
        self.count = 0
        self._per_key: dict[tuple, int] = {}

    def warn(self, evidence_id: str, source_path: str | None, parser: str | None, message: str, locator: str | None = None):
        self.count += 1
        key = (evidence_id, source_path, parser)
        n = self._per_key[key] = self._per_key.get(key, 0) + 1
        if n > MAX_WARNINGS_PER_FILE:
            return
        if n == MAX_WARNINGS_PER_FILE:
            message = f"{message} (further warnings for this file are counted, not listed)"
        record = {
            "evidence_id": evidence_id,
            "source_path": source_path,
            "parser": parser,
            "locator": locator,
            "message": message,
        }
        self.exporter.write_warning(record)
        if self.on_warning is not None:
            self.on_warning(record)

    def suppressed(self) -> int:
        return sum(max(0, n - MAX_WARNINGS_PER_FILE) for n in self._per_key.values())


@dataclass
class _FileState:
    path: str
    role: str
    size: int
    mtime: str | None
    sha256: str
    parsers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = "parsed"
    rows: int = 0
    events: int = 0
    skipped: int = 0
    warnings: int = 0

    def as_source(self, evidence_id: str) -> dict:
        return {
            "evidence_id": evidence_id,
            "path": self.path,
            "role": self.role,
            "size": self.size,
            "mtime": self.mtime,
            "sha256": self.sha256,
            "parsers": self.parsers,
            "status": self.status,
            "rows": self.rows,
            "events": self.events,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "note": "; ".join(self.notes) or None,
        }


_STATUS_RANK = {"hashed": 0, "not applicable": 1, "parsed": 2, "partial": 3, "failed": 4}


def _worse(a: str, b: str) -> str:
    return a if _STATUS_RANK.get(a, 0) >= _STATUS_RANK.get(b, 0) else b


class Run:
    def __init__(self, options: RunOptions, registry: Registry | None, on_warning=None, on_progress=None):
        self.options = options
        self.registry = registry if registry is not None else load_registry(options.plugins_dirs)
        self.on_warning = on_warning
        self.on_progress = on_progress or (lambda msg: None)
        self.parsers = self._select_parsers()
        exporter_cls = choose_exporter(self.registry, options.output, options.format)
        _refuse_writing_into_evidence(options)
        self.exporter = exporter_cls(options.output, force=options.force)
        self.reporter = Reporter(self.exporter, on_warning)
        self.keys = parse_keys(options.keys)
        self.settings = RunSettings(timezone=check_timezone(options.timezone) if options.timezone else None)
        self.events = 0
        self.sources = 0
        self.parser_failures = 0
        self.inputs: list[dict] = []

    def _select_parsers(self) -> list[Parser]:
        reg = self.registry
        names = self.options.parsers
        if names:
            unknown = [n for n in names if n not in reg.parsers]
            if unknown:
                raise UsageError(f"unknown parser(s): {', '.join(unknown)}; see 'artefacts parsers'")
            chosen = sorted(set(names))
        else:
            chosen = sorted(reg.parsers)
        return [reg.parsers[n]() for n in chosen]

    # -- the run ---------------------------------------------------------------------------
    def execute(self) -> RunResult:
        started = utc_now()
        t0 = time.monotonic()
        opts = self.options
        evidence_ids = self._evidence_ids()
        workspace = Workspace(opts.workdir, keep=opts.keep_workdir)
        # before any unit runs: unit stores are scanned by the workers that fill them
        self.exporter.indicators = IndicatorOptions(enabled=opts.indicators, region=opts.phone_region,
                                                    detectors=dict(self.registry.indicator_detectors))
        self.exporter.region = opts.phone_region
        self.exporter.open()
        try:
            for plugin in self.registry.failed():
                self.reporter.warn("", None, plugin.name, f"plugin {plugin.name} failed to load: {plugin.error}")
            for idx, (path, eid) in enumerate(zip(opts.inputs, evidence_ids)):
                self._run_extraction(idx, Path(path), eid, workspace)
            finished = utc_now()
            partial = self.reporter.count > 0
            exit_code = EXIT_PARTIAL if partial else EXIT_OK
            run = self._run_record(started, finished, time.monotonic() - t0, exit_code, workspace)
            outputs = self.exporter.finish(run)
        except BaseException:
            self.exporter.abort()
            raise
        finally:
            workspace.cleanup()
        digests = write_digests(outputs, self.options.output)
        return RunResult(exit_code, run, outputs, self.events, self.reporter.count, self.sources, digests)

    def _evidence_ids(self) -> list[str]:
        opts = self.options
        if opts.evidence_ids:
            if len(opts.evidence_ids) != len(opts.inputs):
                raise UsageError("give one --evidence-id per extraction")
            ids = list(opts.evidence_ids)
        else:
            ids = [evidence_id_for(Path(p)) for p in opts.inputs]
            # inputs with the same name (whatsapp/android, signal/android): name them by their folder too
            clashes = {i for i in ids if ids.count(i) > 1}
            ids = [
                f"{Path(p).resolve().parent.name}-{i}" if i in clashes and Path(p).resolve().parent.name else i
                for p, i in zip(opts.inputs, ids)
            ]
        seen: dict[str, int] = {}
        out = []
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
            out.append(i if seen[i] == 1 else f"{i}-{seen[i]}")
        return out

    def _run_extraction(self, idx: int, path: Path, eid: str, workspace: Workspace) -> None:
        info = {"path": str(path.resolve()), "evidence_id": eid, "kind": None, "sha256": None, "files": 0}
        self.inputs.append(info)
        try:
            ext = open_extraction(path, prefetch=self._prefetch(idx, workspace),
                                  access=Access(keys=self.keys, scratch=workspace.scratch))
        except EvidenceKeyError:  # the key given does not open it: stop, write nothing
            raise
        except (EvidenceError, OSError) as exc:
            self.reporter.warn(eid, str(path), None, f"extraction cannot be read: {exc}")
            return
        layout = recognise_layout(ext)
        info.update(kind=ext.kind, sha256=ext.container_sha256, files=len(ext.entries), layout=layout.name,
                    layout_note=layout.note)
        if getattr(ext, "metadata", None):
            info["metadata"] = ext.metadata  # what the acquisition tool recorded (a UFDR's case and device)
        if ext.notes:
            info["notes"] = list(ext.notes)
        self.on_progress(f"{eid}: indexed {len(ext.entries)} files ({ext.kind}); {layout.note}")
        try:
            for problem in ext.problems:
                self.reporter.warn(eid, None, None, problem)
            self._parse_extraction(idx, ext, eid, workspace)
        finally:
            ext.close()

    def _prefetch(self, idx: int, workspace: Workspace) -> Prefetch:
        """What a compressed archive copies while it is listed: everything :meth:`_materialize` may want."""
        copy = [g for p in self.parsers for g in (*p.path_globs, *(g for gs in p.related_globs.values() for g in gs))]
        hashed = [g for p in self.parsers for g in p.attachment_globs]
        return Prefetch(copy, hashed, lambda e: workspace.path_for(idx, e.path))

    def _plan(self, ext: Extraction) -> dict[str, list[Parser]]:
        """Which parsers want which file.

        In an extraction, by path globs. A single file given alone has lost its folders: every
        parser that can recognise its format by content (a signature or required tables) is
        tried; a parser that cannot (an encrypted store) only when the file's name matches the
        last part of one of its globs, so that it does not claim every file that is not SQLite.
        """
        plan: dict[str, list[Parser]] = {}
        paths = None
        for parser in self.parsers:
            if ext.kind == "file":  # the file given; the -wal/-shm/-journal listed after it are its siblings
                matched = [e for e in ext.entries[:1] if _recognisable(parser, e.path)]
            else:
                seen: dict[str, object] = {}
                for glob in parser.path_globs:
                    for entry in ext.find(glob):
                        # the -wal/-shm/-journal of a database a glob such as "bigTopDataDB.*" also matches
                        # belong to that database, not to the parser as files of their own
                        sidecar = next((s for s in SIDECAR_SUFFIXES if entry.path.endswith(s)), None)
                        if sidecar and not glob.endswith(sidecar):
                            paths = paths if paths is not None else {e.path for e in ext.entries}
                            if entry.path[: -len(sidecar)] in paths:
                                continue
                        seen[entry.path] = entry
                matched = list(seen.values())
            for entry in matched:
                plan.setdefault(entry.path, []).append(parser)
        return dict(sorted(plan.items()))

    def _parse_extraction(self, idx: int, ext: Extraction, eid: str, workspace: Workspace) -> None:
        plan = self._plan(ext)
        records, related = self._materialize(idx, ext, eid, plan, workspace)
        files: dict[str, _FileState] = {}

        def warn_file(path: str) -> Callable[[str], None]:
            return lambda message: self.reporter.warn(eid, path, None, message)

        def record_file(rec: dict, role: str = "attachment") -> None:
            if rec["path"] not in files:
                files[rec["path"]] = state = _FileState(rec["path"], role, rec["size"], rec["mtime"], rec["sha256"], status="hashed")
                _note_origin(state, ext, warn_file(state.path))

        jobs = effective_jobs(self.options.jobs)
        units = self._make_units(ext, eid, plan, records, related, files, record_file, jobs, warn_file)

        applied: dict[str, bool] = {}
        total = len(units)
        done = [0]

        def on_outcome(unit: Unit, outcome: Outcome) -> None:
            state = files[unit.source.path]
            if outcome.applied:
                if unit.parser_name not in state.parsers:
                    state.parsers.append(unit.parser_name)
                applied[unit.source.path] = True
            if outcome.note and outcome.note not in state.notes:
                state.notes.append(outcome.note)
            state.rows += outcome.rows
            state.events += outcome.events
            state.skipped += outcome.skipped
            state.warnings += outcome.warnings
            state.status = _worse(outcome.status, state.status)
            self.events += outcome.events
            self.parser_failures += outcome.failed
            done[0] += 1
            self.on_progress(f"[{done[0]}/{total}] {unit.parser_name}: {unit.source.path}: {state.events} events, {state.warnings} warnings")

        def on_warning(record: dict) -> None:
            self.reporter.warn(record["evidence_id"], record["source_path"], record["parser"], record["message"], record["locator"])

        write = self.exporter.write_packed

        def on_events(batch: list) -> None:
            for packed in batch:
                write(packed)

        by_name = {p.name: p for p in self.parsers}
        pack = self.exporter.pack
        keys = _offered_keys(self.keys, ext)
        scratch = workspace.scratch
        timeout = self.options.parser_timeout
        sql_mapping = self.options.sql_mapping
        recover = self.options.recover
        settings = self.settings

        def run_unit(unit: Unit, parser: Parser, sink: Sink) -> Outcome:
            return execute_unit(unit, parser, extraction=ext, keys=keys, scratch=scratch, pack=pack, sink=sink, timeout=timeout,
                                sql_mapping=sql_mapping, recover=recover, settings=settings)

        if jobs == 1 or len(units) < 2:
            sink = _DirectSink(on_events, on_warning, record_file, self.exporter, scratch)
            for unit in units:
                on_outcome(unit, run_unit(unit, by_name[unit.parser_name], sink))
        else:
            run_units_parallel(
                units,
                by_name,
                jobs=jobs,
                spill_dir=workspace.root / "spill" / f"e{idx}",
                run_unit=run_unit,
                on_events=on_events,
                on_warning=on_warning,
                on_file=record_file,
                on_outcome=on_outcome,
                timeout=timeout,
                unit_store=self.exporter.unit_store if self.exporter.unit_stores else None,
                merge_store=self.exporter.merge_unit_store,
            )

        if ext.kind == "file":
            for path, state in files.items():
                if state.role == "database" and not applied.get(path):
                    self.reporter.warn(eid, path, None, "no parser recognises this file: " + "; ".join(state.notes))
        # databases in plan order, then attachments by path: the order does not depend on which rows
        # were mapped in SQL or in Python, nor on the number of jobs
        for state in sorted(files.values(), key=lambda st: (st.role == "attachment", st.path if st.role == "attachment" else "")):
            self.exporter.write_source(state.as_source(eid))
            self.sources += 1

    def _make_units(self, ext, eid, plan, records, related, files, record_file, jobs, warn_file) -> list[Unit]:
        """One unit per (file, parser), or per part of a file a parser splits; files recorded on the way."""
        units: list[Unit] = []
        for path, parsers in plan.items():
            rec = records.get(path)
            if rec is None:
                self.reporter.warn(eid, path, None, "file listed in the extraction but could not be read from it")
                continue
            entry = ext.lookup(path)
            if path not in files:
                _note_origin(files.setdefault(path, _FileState(path, "database", rec.size, rec.mtime, rec.sha256, status="hashed")), ext,
                             warn_file(path))
            state = files[path]
            state.role = "database"
            siblings = ext.siblings(entry)
            for sib in siblings:
                srec = records.get(sib.path)
                if srec is not None:
                    record_file(_rec_dict(srec), role=sib.path[len(entry.path) + 1 :])
            source = SourceFile(path, rec.sha256, rec.size, rec.mtime, rec.local_path, [s.path for s in siblings])
            with open(rec.local_path, "rb") as fh:
                head = fh.read(512)
            for parser in parsers:
                rel = {}
                for rname in parser.related_globs:
                    found = sorted(related.get((parser.name, rname), ()), key=lambda e: (-_closeness(e.path, path), e.path))
                    rel[rname] = []
                    for e in found:
                        rrec = records.get(e.path)
                        if rrec is None or e.path == path:
                            continue
                        record_file(_rec_dict(rrec), role="related")
                        sibs = [s.path for s in ext.siblings(e)]
                        rel[rname].append(SourceFile(rrec.path, rrec.sha256, rrec.size, rrec.mtime, rrec.local_path, sibs))
                parts = self._partitions(parser, source, ext, eid, head, rel) if jobs > 1 else None
                for i, part in enumerate(parts or [None]):
                    units.append(
                        Unit(len(units), eid, parser.name, source, head, ext.kind == "file", rel, part, i, len(parts or [None]))
                    )

        return units

    def _partitions(self, parser: Parser, source: SourceFile, ext, eid: str, head: bytes, related: dict) -> list | None:
        """Ask a parser that can split its work how to split this file (in this process, cheaply)."""
        if type(parser).partitions is Parser.partitions:
            return None
        ctx = ParseContext(parser=parser, source=source, extraction=ext, evidence_id=eid, warn=lambda *a: None,
                           keys=self.keys, related=related, settings=self.settings)
        try:
            if parser.check_signature(head) is not None or parser.check_file(ctx) is not None:
                return None
            parts = parser.partitions(ctx, effective_jobs(self.options.jobs))
            return parts if parts and len(parts) > 1 else None
        except Exception:  # the real run will report whatever is wrong with the file
            return None
        finally:
            ctx.close()

    def _materialize(self, idx, ext, eid, plan, workspace):
        """Copy the planned files, their siblings and the parsers' companion files in one pass."""
        to_copy = []
        for path in plan:
            entry = ext.lookup(path)
            to_copy.append(entry)
            to_copy.extend(ext.siblings(entry))
        related: dict[tuple[str, str], list] = {}  # (parser, name) -> entries
        planned = {p.name for ps in plan.values() for p in ps}
        for parser in self.parsers:
            if parser.name not in planned:
                continue
            for rname, globs in parser.related_globs.items():
                found = {e.path: e for g in globs for e in ext.find(g)}
                related[(parser.name, rname)] = list(found.values())
                for entry in found.values():
                    to_copy.append(entry)
                    to_copy.extend(ext.siblings(entry))
        hash_only = []
        if not ext.random_access:
            copy_paths = {e.path for e in to_copy}
            for parser in self.parsers:
                for glob in parser.attachment_globs:
                    hash_only.extend(e for e in ext.find(glob) if e.path not in copy_paths)
        problems_before = len(ext.problems)
        records = ext.materialize(to_copy, hash_only, lambda e: workspace.path_for(idx, e.path))
        for problem in ext.problems[problems_before:]:
            self.reporter.warn(eid, None, None, problem)
        return records, related

    def _run_record(self, started: str, finished: str, seconds: float, exit_code: int, workspace: Workspace) -> dict:
        opts = self.options
        reg = self.registry
        return {
            "tool": "artefacts",
            "version": __version__,
            "schema_version": timeline_schema().get("version", 1),
            "command": opts.command_line,
            "started": started,
            "finished": finished,
            "seconds": round(seconds, 3),
            "cpu_seconds": _cpu_seconds(),
            "status": "complete" if exit_code == EXIT_OK else "partial",
            "exit_code": exit_code,
            "case_number": opts.case_number,
            "examiner": opts.examiner,
            "notes": opts.notes,
            "inputs": self.inputs,
            "output_format": self.exporter.name,
            "time_zone": "all timestamps are UTC",
            # how the derived tables were built, for a merge of this run with others (artefacts.merge)
            "indicator_scan": opts.indicators,
            "default_region": opts.phone_region,
            **({"export_timezone": opts.timezone} if opts.timezone else {}),
            "plugins": [p.as_dict() for p in reg.plugins.values()],
            "parsers": [
                {"name": p.name, "version": p.version, "plugin": reg.parser_plugin.get(p.name)} for p in self.parsers
            ],
            "counts": {
                "events": self.events,
                "sources": self.sources,
                "warnings": self.reporter.count,
                "warnings_not_listed": self.reporter.suppressed(),
                "parser_failures": self.parser_failures,
            },
            "workspace": str(workspace.root) if workspace.keep else None,
            **environment(),
        }


def run_parse(
    options: RunOptions,
    *,
    registry: Registry | None = None,
    on_warning: Callable[[dict], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> RunResult:
    """Parse the extractions in ``options.inputs`` into ``options.output``."""
    return Run(options, registry, on_warning, on_progress).execute()

