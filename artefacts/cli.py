"""The ``artefacts`` command line: a thin layer over :mod:`artefacts.engine` and the plugin registry."""

from __future__ import annotations

import json
import shlex
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, stops
from .engine import DEFAULT_PARSER_TIMEOUT, EXIT_FATAL, EXIT_USAGE, RunOptions, UsageError, default_jobs, redact_key, run_parse
from .exporters.base import OutputExistsError
from .evidence import EvidenceKeyError
from .registry import load_registry
from .schema import timeline_schema

_REGISTRY = None


def _registry(plugins_dirs=()):
    """The plugin registry, loaded once per process (again only when --plugins-dir adds plugins)."""
    global _REGISTRY
    if plugins_dirs:
        return load_registry(plugins_dirs)
    if _REGISTRY is None:
        _REGISTRY = load_registry()
    return _REGISTRY


class _Console:
    """Warnings and progress on stderr; a live status line only when stderr is a terminal."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self._status_len = 0

    def _clear(self):
        if self._status_len:
            sys.stderr.write("\r" + " " * self._status_len + "\r")
            self._status_len = 0

    def progress(self, msg: str) -> None:
        if self.quiet or not self.tty:
            return
        self._clear()
        line = msg[:150]
        sys.stderr.write(line)
        sys.stderr.flush()
        self._status_len = len(line)

    def warning(self, w: dict) -> None:
        self._clear()
        where = " ".join(x for x in (w.get("evidence_id"), w.get("source_path")) if x)
        parser = f" [{w['parser']}]" if w.get("parser") else ""
        locator = f" ({w['locator']})" if w.get("locator") else ""
        click.echo(f"warning: {where}{parser}{locator}: {w['message']}", err=True)

    def done(self) -> None:
        self._clear()


@contextmanager
def _stopping(console: _Console, debug: bool, nothing: str, cleaned: str):
    """Install the signal handlers and turn what stops a command into one line and its exit code: 2 for
    a usage error, 1 for an interruption or a fatal error (``nothing``: what was not written; ``cleaned``:
    that and what was removed)."""
    stops.install()
    try:
        yield
    except (UsageError, OutputExistsError) as exc:
        console.done()
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, stops.Interrupted) as exc:
        console.done()
        how = f" ({exc})" if isinstance(exc, stops.Interrupted) else ""
        click.echo(f"interrupted{how}: {cleaned}", err=True)
        sys.exit(EXIT_FATAL)
    except EvidenceKeyError as exc:  # a wrong key: the examiner's to fix, no traceback to read
        console.done()
        click.echo(f"fatal: {exc} ({nothing})", err=True)
        sys.exit(EXIT_FATAL)
    except Exception as exc:
        console.done()
        if debug:
            raise
        if stops.is_disk_full(exc):
            click.echo(f"fatal: the disk is full ({exc}): {cleaned}", err=True)
        else:
            click.echo(f"fatal: {type(exc).__name__}: {exc} ({nothing}; --debug shows details)", err=True)
        sys.exit(EXIT_FATAL)
    except stops.DiskFull as exc:
        console.done()
        click.echo(f"fatal: the disk is full ({exc}): {cleaned}", err=True)
        sys.exit(EXIT_FATAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="artefacts")
def cli():
    """Turn the chat databases and message stores of phone extractions into one timeline."""


def _redacted_command_line() -> str:
    """The command line for the run record, with key material replaced (it must not leak into reports)."""
    args = list(sys.argv[1:])
    out = []
    skip = False
    for a in args:
        if skip:
            out.append(redact_key(a))
            skip = False
        elif a == "--key":
            out.append(a)
            skip = True
        elif a.startswith("--key="):
            out.append(f"--key={redact_key(a[6:])}")
        else:
            out.append(a)
    return shlex.join(["artefacts", *out])


def _split_names(values) -> list[str] | None:
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    return names or None


@cli.command()
@click.argument("extractions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="Timeline file (.sqlite, .jsonl, .json).")
@click.option("--format", "fmt", help="Output format (sqlite, jsonl, json, timesketch, parquet); default from the output's extension, else sqlite.")
@click.option("--parsers", multiple=True, help="Only these parsers (comma-separated or repeated).")
@click.option("--case-number", help="Case number, written into the run record.")
@click.option("--examiner", help="Examiner's name, written into the run record.")
@click.option("--notes", help="Free text for the run record.")
@click.option("--evidence-id", "evidence_ids", multiple=True, help="Evidence id per extraction (repeat in input order); default: the input's name.")
@click.option("--key", "keys", multiple=True, metavar="APP=KEY", help="Key material for an app's encrypted stores: a key file, hex key or passphrase (repeatable).")
@click.option("--plugins-dir", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Load loose .py plugins from this folder.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Parser worker processes (default: the number of cores).")
@click.option("--parser-timeout", type=click.FloatRange(min=1), default=DEFAULT_PARSER_TIMEOUT, show_default=True, help="Seconds one parser may spend on one file before it is stopped.")
@click.option("--no-sql-mapping", "no_sql_mapping", is_flag=True, help="Map every row in Python (slower; the output is the same).")
@click.option("--no-recover", "no_recover", is_flag=True,
              help="Do not carve deleted records (free space, freelists, WAL frames, journals) into the timeline.")
@click.option("--no-indicators", "no_indicators", is_flag=True,
              help="Do not scan the events for indicators (crypto addresses, onion services, PGP keys, e-mail, URLs, phones).")
@click.option("--default-region", "--phone-region", "phone_region", metavar="CC", default=None,
              help="Region of phone numbers written without a country code, e.g. DE: participants in E.164 and "
                   "phone indicators (default: only +/00 numbers are read as numbers; others are kept as written).")
@click.option("--timezone", "timezone", metavar="ZONE", default=None,
              help="IANA time zone of the phone that wrote a chat export (e.g. Europe/Berlin): export times are its "
                   "local time; without it they are kept raw and their timestamp is null. The same for the local "
                   "wall-clock times some app stores keep (DuckDuckGo for Android's history and tabs), and the times "
                   "Google Takeout's MyActivity.html pages write with a zone name other than UTC.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), help="Where the private working folder is made (default: system temp).")
@click.option("--keep-workdir", is_flag=True, help="Keep the working copies after the run.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; warnings still go to stderr.")
@click.option("--debug", is_flag=True, help="Show a traceback for fatal errors.")
def parse(extractions, output, fmt, parsers, case_number, examiner, notes, evidence_ids, keys, plugins_dir, jobs, parser_timeout, no_sql_mapping, no_recover, no_indicators, phone_region, timezone, workdir, keep_workdir, force, quiet, debug):
    """Parse EXTRACTIONS (folders, .zip, .tar/.tar.gz, or single database files) into one timeline.

    Exit codes: 0 clean, 1 fatal error, 2 usage error, 3 finished but a parser
    failed or warned (the output still holds everything else).
    """
    console = _Console(quiet)
    options = RunOptions(
        inputs=list(extractions),
        output=output,
        format=fmt,
        parsers=_split_names(parsers),
        case_number=case_number,
        examiner=examiner,
        notes=notes,
        evidence_ids=list(evidence_ids) or None,
        plugins_dirs=list(plugins_dir),
        force=force,
        workdir=workdir,
        keep_workdir=keep_workdir,
        command_line=_redacted_command_line(),
        keys=list(keys),
        jobs=jobs or default_jobs(),
        parser_timeout=parser_timeout,
        sql_mapping=not no_sql_mapping,
        recover=not no_recover,
        indicators=not no_indicators,
        phone_region=phone_region.upper() if phone_region else None,
        timezone=timezone,
    )
    with _stopping(console, debug, "no timeline written", "no timeline written, the working folder removed"):
        result = run_parse(
            options, registry=_registry(options.plugins_dirs), on_warning=console.warning, on_progress=console.progress
        )
    console.done()
    if not quiet:
        counts = result.run["counts"]
        click.echo(
            f"{len(result.run['parsers'])} parsers, {counts['sources']} files, {counts['events']} events, "
            f"{counts['warnings']} warnings in {result.run['seconds']:.1f} s"
            + (f" ({result.run['cpu_seconds']:.1f} s CPU)" if result.run.get("cpu_seconds") is not None else "")
            + f" -> {', '.join(map(str, result.outputs))}",
            err=True,
        )
        for path, digest in result.digests.items():
            click.echo(f"sha256 {digest}  {path}", err=True)
        if result.exit_code:
            click.echo("finished with warnings: the timeline is complete except for what the warnings name", err=True)
    sys.exit(result.exit_code)


@cli.command()
@click.argument("timelines", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The case file (SQLite).")
@click.option("--case-number", help="Case number, written into the merge record.")
@click.option("--examiner", help="Examiner's name, written into the merge record.")
@click.option("--notes", help="Free text for the merge record.")
@click.option("--no-indicators", "no_indicators", is_flag=True, help="Do not scan the merged events for indicators.")
@click.option("--default-region", "--phone-region", "phone_region", metavar="CC", default=None,
              help="Region of phone numbers written without a country code (default: the one the runs recorded).")
@click.option("--force", is_flag=True, help="Replace an existing output file (inputs are verified all the same).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; warnings still go to stderr.")
@click.option("--debug", is_flag=True, help="Show a traceback for fatal errors.")
def merge(timelines, output, case_number, examiner, notes, no_indicators, phone_region, force, quiet, debug):
    """Merge the TIMELINES (SQLite or JSON Lines) of separate runs into one SQLite case, each event once.

    Every input must verify against the TIMELINE.sha256 its run wrote. Exit codes: 0 clean,
    1 fatal error, 2 usage error or an input refused, 3 finished, with warnings in the case.
    """
    from .merge import MergeOptions, run_merge

    console = _Console(quiet)
    options = MergeOptions(inputs=list(timelines), output=output, force=force, command_line=_redacted_command_line(),
                           case_number=case_number, examiner=examiner, notes=notes, indicators=not no_indicators,
                           phone_region=phone_region.upper() if phone_region else None)
    with _stopping(console, debug, "no case written", "no case written"):
        result = run_merge(options, registry=_registry(), on_warning=console.warning, on_progress=console.progress)
    console.done()
    if not quiet:
        counts = result.run["counts"]
        click.echo(f"{len(timelines)} timelines, {counts['runs']} runs: {result.events} events ({result.duplicates} already "
                   f"merged, {result.conflicts} differing), {counts['sources']} sources, {result.warnings} warnings "
                   f"-> {result.output}", err=True)
        for path, digest in result.digests.items():
            click.echo(f"sha256 {digest}  {path}", err=True)
        if result.exit_code:
            click.echo("finished with warnings: the warnings table says what", err=True)
    sys.exit(result.exit_code)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--plugins-dir", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
def plugins(as_json, plugins_dir):
    """List loaded plugins, their versions, status and errors."""
    reg = _registry(plugins_dir)
    items = [p.as_dict() for p in reg.plugins.values()]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for p in items:
        line = f"{p['name']:<28} {p['version'] or '-':<10} {p['status']:<7} parsers: {', '.join(p['parsers']) or '-'}"
        click.echo(line)
        if p["error"]:
            click.echo(f"    error: {p['error']}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--plugins-dir", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
def parsers(as_json, plugins_dir):
    """List every parser with what it matches and the time units it declares."""
    reg = _registry(plugins_dir)
    items = [dict(reg.parsers[n].describe(), plugin=reg.parser_plugin[n]) for n in sorted(reg.parsers)]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for p in items:
        click.echo(f"{p['name']} {p['version']} ({p['app']}, {p['platform']}) - {p['description']}")
        for g in p["path_globs"]:
            click.echo(f"    path: {g}")
        for t, cols in p["required_tables"].items():
            click.echo(f"    table: {t} ({', '.join(cols)})")
        for col, unit in p["time_units"].items():
            click.echo(f"    time: {col} = {unit}")


@cli.command()
@click.argument("timeline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kinds", multiple=True, help="Only these kinds (bitcoin, ethereum, monero, onion, pgp_public_key, email, phone ...).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV instead of a table.")
@click.option("--rows", "rows", is_flag=True, help="Every finding with its event, not the summary.")
def indicators(timeline, kinds, as_csv, rows):
    """List the indicators of a timeline: each value with its count, devices, apps and first/last seen."""
    from .indicators.report import load_indicators, summary_rows

    try:
        found = load_indicators(timeline)
    except (OSError, ValueError, KeyError, sqlite3.Error) as exc:
        raise click.ClickException(f"{timeline}: no indicators to list ({exc})") from exc
    if kinds:
        found = [r for r in found if r["kind"] in kinds]
    table = found if rows else summary_rows(found)
    cols = (["kind", "normalised", "field", "event_id", "evidence_id", "app", "conversation_id", "timestamp", "validated"]
            if rows else ["kind", "normalised", "occurrences", "events", "devices", "apps", "first_seen", "last_seen", "validated"])
    if as_csv:
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for r in table:
            w.writerow([r.get(c) for c in cols])
        return
    for r in table:
        click.echo("\t".join("" if r.get(c) is None else str(r.get(c)) for c in cols))
    click.echo(f"{len(table)} {'findings' if rows else 'values'}", err=True)


@cli.command()
@click.argument("timeline", type=click.Path(exists=True, path_type=Path))
@click.option("--extraction", "extractions", multiple=True, metavar="[EVIDENCE_ID=]PATH",
              help="Re-hash the source files this extraction gave the run (repeatable).")
def verify(timeline, extractions):
    """Check a timeline's own hashes (TIMELINE.sha256) and, with --extraction, the evidence it names.

    TIMELINE is a SQLite, JSON Lines or JSON file, or a Parquet dataset folder.

    Exit codes: 0 everything matches, 1 a mismatch or a missing file, 2 usage error.
    """
    from .verify import verify as run_verify

    targets = {}
    for value in extractions:
        eid, sep, path = value.rpartition("=")
        targets[eid if sep else None] = Path(path)
    try:
        report = run_verify(timeline, targets)
    except Exception as exc:
        click.echo(f"error: cannot verify {timeline}: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for problem in report.problems:
        click.echo(f"MISMATCH: {problem}")
    click.echo(f"{report.checked} files checked, {len(report.problems)} problems")
    sys.exit(0 if report.ok else EXIT_FATAL)


@cli.command()
@click.argument("timeline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes the case to the network).")
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port (0: any free one).")
@click.option("--timezone", "tz", default="UTC", show_default=True, metavar="ZONE",
              help="Time zone of the transcripts and the chart, e.g. Europe/Berlin (the offset is always shown).")
def serve(timeline, host, port, tz):
    """Review TIMELINE (a SQLite timeline) in the browser with Datasette, read-only (docs/review.md).

    Needs the 'review' extra: pip install 'artefacts[review]'.
    """
    from .review.server import serve as run_serve

    sys.exit(run_serve(timeline, host=host, port=port, timezone=tz))


@cli.command()
@click.argument("databases", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="JSON Lines file (default: standard output).")
@click.option("--wal", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The -wal file (default: DB-wal beside DB, if any).")
@click.option("--journal", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The rollback journal (default: DB-journal beside DB, if any).")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
def recover(databases, output, wal, journal, force):
    """Carve deleted records out of SQLite DATABASES (free space, freelist, WAL frames, journal).

    Writes one JSON object a line: each recovered record (table, rowid, values by column with
    BLOBs as {"base64": ...}, status, region, page, offset, WAL frame and salts ...), then the
    deletion evidence without content (rowid gaps below sqlite_sequence). The inputs are only
    read. Exit codes: 0 clean, 2 usage error, 3 a file could not be fully processed (one warning
    names it and the reason; everything else is written).
    """
    from .recovery import recover_files

    if output is not None and output.exists() and not force:
        click.echo(f"error: {output} exists (use --force to replace it)", err=True)
        sys.exit(EXIT_USAGE)
    if (wal or journal) and len(databases) > 1:
        click.echo("error: --wal and --journal need a single database", err=True)
        sys.exit(EXIT_USAGE)
    try:
        out = open(output, "w", encoding="utf-8") if output is not None else sys.stdout
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        summary = recover_files(databases, out, wal=wal or "auto", journal=journal or "auto",
                                on_warning=lambda msg: click.echo(f"warning: {msg}", err=True))
    finally:
        if output is not None:
            out.close()
    click.echo(f"{summary['records']} recovered records, {summary['evidence']} deletion evidence "
               f"from {summary['files']} files", err=True)
    sys.exit(3 if summary["warned"] else 0)


@cli.command()
@click.argument("timeline", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of the report.")
@click.option("--timezone", "timezone", metavar="ZONE", help="Show times in this IANA zone (e.g. Europe/Berlin); default UTC.")
@click.option("--force", is_flag=True, help="Replace an existing report folder.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary.")
def report(timeline, output, timezone, force, quiet):
    """Write a static HTML report of a SQLite TIMELINE that opens from disk (see docs/report.md).

    Exit codes: 0 written, 1 the timeline cannot be reported (nothing written), 2 usage error.
    """
    from .report import ReportError, build_report

    console = _Console(quiet)
    try:
        result = build_report(timeline, output, timezone=timezone, force=force, on_progress=console.progress)
    except ReportError as exc:
        console.done()
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    except (OSError, sqlite3.Error) as exc:
        console.done()
        click.echo(f"error: {timeline}: cannot write the report ({type(exc).__name__}: {exc}); nothing written", err=True)
        sys.exit(EXIT_FATAL)
    console.done()
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if not quiet:
        click.echo(f"{result.events:,} events, {result.conversations:,} conversations -> {result.output}/index.html "
                   f"({result.files:,} files, {result.bytes / 2**20:.1f} MiB) in {result.seconds:.1f} s", err=True)


@cli.command()
@click.argument("manifest", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "casedir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The case folder: one timeline per extraction and batch.json.")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://HOST:PORT or tls://...); "
              "default: a local cluster on this machine.")
@click.option("--workers", type=click.IntRange(1, 1024), default=None, help="Worker processes of the local cluster "
              "(default: the number of cores).")
@click.option("--format", "fmt", type=click.Choice(["sqlite", "parquet"]), default="sqlite", show_default=True,
              help="Each extraction's timeline format.")
@click.option("--tls-ca-file", type=click.Path(exists=True, dir_okay=False), help="TLS: the cluster's CA certificate.")
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), help="TLS: this client's certificate.")
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), help="TLS: this client's private key.")
@click.option("--allow-insecure-keys", is_flag=True, help="Send the manifest's keys to a scheduler without TLS "
              "(noted in batch.json).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary.")
def batch(manifest, casedir, scheduler, workers, fmt, tls_ca_file, tls_cert, tls_key, allow_insecure_keys, quiet):
    """Parse every extraction of MANIFEST (a TOML file or a folder of extractions) as one batch on Dask.

    Each extraction becomes CASEDIR/<evidence id>.sqlite, exactly as `artefacts parse` of it alone;
    CASEDIR/batch.json records every extraction's state, hashes, worker and times. A rerun skips
    what is done and still verifies. See docs/batch.md. Exit codes: 0 all done and clean,
    1 fatal, 2 usage error, 3 an extraction failed or warned (the others are done).
    """
    try:
        from .batch import BatchOptions, run_batch
        from .batch.cluster import TLS
    except ImportError as exc:
        click.echo(f"error: artefacts batch needs the batch extra: pip install 'artefacts[batch]' ({exc})", err=True)
        sys.exit(EXIT_FATAL)
    console = _Console(quiet)

    def outcome(eid, entry):
        if entry.get("state") == "failed":
            console.done()
            click.echo(f"failed: {eid}: {entry.get('reason')}", err=True)
        elif entry.get("warnings"):
            console.done()
            click.echo(f"warnings: {eid}: {entry['warnings']} (see its timeline's warnings table)", err=True)

    opts = BatchOptions(manifest=manifest, casedir=casedir, scheduler=scheduler, workers=workers or 0, fmt=fmt,
                        tls=TLS(tls_ca_file, tls_cert, tls_key), allow_insecure_keys=allow_insecure_keys,
                        command_line=_redacted_command_line())
    try:
        result = run_batch(opts, on_progress=console.progress, on_outcome=outcome)
    except UsageError as exc:
        console.done()
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except (OSError, TimeoutError) as exc:
        console.done()
        click.echo(f"fatal: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    console.done()
    if not quiet:
        click.echo(f"{result.done} parsed, {result.skipped} already done, {result.failed} failed, "
                   f"{result.events:,} events -> {casedir}/ (batch.json)", err=True)
    sys.exit(result.exit_code)


@cli.command("new-plugin")
@click.argument("name")
@click.option("--dir", "dest", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the package folder artefacts-NAME.")
def new_plugin(name, dest):
    """Write a ready parser-plugin package for the app NAME (see docs/writing-plugins.md).

    The package has a parser module, the app database's CREATE TABLE file, a test that builds a
    database from it and parses it, a pyproject.toml with the entry point, and a README:
    `pip install -e 'artefacts-NAME[test]'`, then `pytest` in it, then `artefacts plugins` lists it.
    Exit codes: 0 written, 2 a bad name or an existing folder (nothing written).
    """
    from .scaffold import ScaffoldError, new_plugin as _new_plugin

    try:
        made = _new_plugin(name, dest)
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"error: cannot write into {dest}: {exc}", err=True)
        sys.exit(2)
    for path in made.files:
        click.echo(str(path))


@cli.command()
def schema():
    """Print the JSON Schema of a timeline event."""
    click.echo(json.dumps(timeline_schema(), indent=2, ensure_ascii=False))


from .decrypt import register as _register_decrypt  # noqa: E402  (the host's own decrypt command)

_register_decrypt(cli)


def _register_plugin_commands():
    try:
        reg = _registry()
        for impl in reg.pm.hook.register_commands.get_hookimpls():
            try:
                impl.function(cli=cli)
            except Exception as exc:  # a broken plugin command must not break the CLI
                click.echo(f"warning: plugin {impl.plugin_name} could not add commands: {exc}", err=True)
    except Exception:
        pass


def main():
    _register_plugin_commands()
    cli()


if __name__ == "__main__":
    main()
