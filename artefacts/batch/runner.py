"""Running a batch: skip what is done and verifies, submit the rest, record every outcome."""

from __future__ import annotations

import os
import shlex
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..engine import EXIT_OK, EXIT_PARTIAL, UsageError, redact_key, utc_now
from .cluster import TLS, check_transport, connect
from .manifest import Extraction, load_manifest, output_name
from .record import load_record, save_record
from .tasks import clean_leftovers, parse_extraction

SUFFIX = {"sqlite": ".sqlite", "parquet": ".parquet"}


@dataclass
class BatchOptions:
    manifest: Path
    casedir: Path
    scheduler: str | None = None
    workers: int = 0
    fmt: str = "sqlite"
    tls: TLS = field(default_factory=TLS)
    allow_insecure_keys: bool = False
    command_line: str = ""


@dataclass
class BatchResult:
    exit_code: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    warned: int = 0
    events: int = 0
    record: dict = field(default_factory=dict)


def _verified(casedir: Path, entry: dict | None, output: Path) -> bool:
    """A finished extraction: recorded done, its output present and matching its recorded hashes."""
    from ..verify import verify

    if not entry or entry.get("state") not in ("done", "skipped") or not output.exists():
        return False
    recorded = entry.get("outputs") or {}
    report = verify(output, {})
    return report.ok and report.checked == len(recorded) and not report.notes


def _spec(e: Extraction, output: Path, fmt: str) -> dict:
    cmd = ["artefacts", "parse", str(e.path), "-o", str(output), "--evidence-id", e.evidence_id]
    for k in e.keys:
        cmd += ["--key", redact_key(k)]
    for option, value in (("--default-region", e.default_region), ("--timezone", e.timezone)):
        if value:
            cmd += [option, value]
    return {"evidence_id": e.evidence_id, "path": str(Path(e.path).resolve()), "output": str(output),
            "keys": list(e.keys), "case_number": e.case_number, "examiner": e.examiner, "notes": e.notes,
            "default_region": e.default_region, "timezone": e.timezone, "fmt": fmt, "jobs": 1, "command_line": shlex.join(cmd)}


def run_batch(opts: BatchOptions, on_progress: Callable[[str], None] | None = None,
              on_outcome: Callable[[str, dict], None] | None = None) -> BatchResult:
    if opts.fmt not in SUFFIX:
        raise UsageError(f"batch writes sqlite or parquet, not {opts.fmt!r}")
    manifest = load_manifest(opts.manifest)
    note = check_transport(opts.scheduler, opts.tls, manifest.has_keys, opts.allow_insecure_keys)
    casedir = Path(opts.casedir).resolve()
    casedir.mkdir(parents=True, exist_ok=True)
    for e in manifest.extractions:
        if casedir == Path(e.path).resolve() or casedir.is_relative_to(Path(e.path).resolve()):
            raise UsageError(f"the case folder {casedir} is inside the extraction {e.path}: refused")
    clean_leftovers(casedir)
    record = load_record(casedir)
    previous = record.get("extractions", {})
    record = {"batch": {"manifest": str(opts.manifest), "casedir": str(casedir), "format": opts.fmt,
                        "scheduler": opts.scheduler or "local", "workers": opts.workers or None,
                        "command_line": opts.command_line, "started": utc_now(), "finished": None,
                        **({"insecure_keys": note} if note else {})},
              "extractions": {}}
    result = BatchResult(EXIT_OK, record=record)
    todo = []
    for e in manifest.extractions:
        output = casedir / output_name(e.evidence_id, SUFFIX[opts.fmt])
        entry = previous.get(e.evidence_id)
        if _verified(casedir, entry, output):
            record["extractions"][e.evidence_id] = {**entry, "state": "skipped", "input": e.redacted(),
                                                     "skipped_at": utc_now()}
            result.skipped += 1
            result.events += entry.get("events") or 0
            result.warned += bool(entry.get("warnings"))
        else:
            record["extractions"][e.evidence_id] = {"state": "pending", "input": e.redacted()}
            todo.append((e, output))
    save_record(casedir, record)
    if todo:
        _submit(opts, todo, record, result, casedir, on_progress, on_outcome)
    record["batch"]["finished"] = utc_now()
    clean_leftovers(casedir)
    save_record(casedir, record)
    if result.failed or result.warned:
        result.exit_code = EXIT_PARTIAL
    return result


def _submit(opts, todo, record, result, casedir, on_progress, on_outcome) -> None:
    from distributed import as_completed

    workers = opts.workers or os.cpu_count() or 1
    client, cluster = connect(opts.scheduler, workers, opts.tls)
    try:
        futures = {}
        for e, output in todo:
            # the task's name carries no key material (it shows in the dashboard and the logs)
            key = f"artefacts-parse-{e.index}-{output_name(e.evidence_id, '')}"
            futures[client.submit(parse_extraction, _spec(e, output, opts.fmt), key=key, pure=False, retries=0)] = e
        running = len(futures)
        t0 = time.monotonic()
        for future in as_completed(futures):
            e = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # KilledWorker after Dask's own reruns, a lost scheduler ...
                outcome = {"state": "failed", "reason": f"{type(exc).__name__}: {exc}", "finished": utc_now()}
            running -= 1
            entry = record["extractions"][e.evidence_id]
            entry.update(outcome)
            if outcome.get("state") == "done":
                result.done += 1
                result.events += outcome.get("events") or 0
                result.warned += bool(outcome.get("warnings"))
            else:
                result.failed += 1
            save_record(casedir, record)
            if on_outcome:
                on_outcome(e.evidence_id, entry)
            if on_progress:
                on_progress(f"{result.done + result.skipped} done, {running} running, {result.failed} failed, "
                            f"{result.events:,} events, {time.monotonic() - t0:.0f} s")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
