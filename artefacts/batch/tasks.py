"""One task of a batch: parse one extraction into ``CASEDIR/<evidence id>.sqlite``, on a Dask worker.

The task calls :func:`artefacts.engine.run_parse` with exactly the options ``artefacts parse`` of
that extraction alone would get, so the timeline is the same (same event ids and content). The
exporter writes under a temporary name and moves the file into place only when it is complete;
the digest file follows. The task never raises: a failure (a missing path, a corrupt archive, an
unreadable key file ...) is returned with its reason, so one bad extraction does not stop the
others and its reason reaches the batch record. Its working folder is its own and removed at the
end; a worker killed mid-task leaves only files the runner removes (:func:`clean_leftovers`).
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from pathlib import Path

WORK = ".work"


def parse_extraction(spec: dict) -> dict:
    """``spec``: evidence_id, path, output, keys, case_number, examiner, notes, default_region, timezone,
    fmt, command_line (keys redacted). Returns the outcome for the batch record."""
    from ..engine import RunOptions, run_parse, utc_now

    started = utc_now()
    out = Path(spec["output"])
    work = out.parent / WORK / f"{out.stem}-{uuid.uuid4().hex[:12]}"
    outcome = {"worker": f"{socket.gethostname()}:{os.getpid()}", "started": started}
    try:
        path = Path(spec["path"])
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist (is it on storage this worker sees?)")
        result = run_parse(RunOptions(
            inputs=[path], output=out, format=spec.get("fmt"), evidence_ids=[spec["evidence_id"]],
            keys=list(spec.get("keys") or ()), case_number=spec.get("case_number"), examiner=spec.get("examiner"),
            notes=spec.get("notes"), phone_region=spec.get("default_region"),
            timezone=spec.get("timezone"), force=True, workdir=work,
            jobs=int(spec.get("jobs") or 1), command_line=spec.get("command_line", "")))
    except Exception as exc:  # reported, never raised: the batch goes on
        outcome.update(state="failed", reason=f"{type(exc).__name__}: {exc}", finished=utc_now())
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)
    inputs = result.run.get("inputs") or [{}]
    outcome.update(state="done", exit_code=result.exit_code, worker_peak_mib=_peak_mib(), events=result.events, warnings=result.warnings,
                   input_sha256=inputs[0].get("sha256"), layout=inputs[0].get("layout"),
                   outputs={os.path.relpath(p, out.parent): d for p, d in result.digests.items()}, finished=utc_now())
    return outcome


def _peak_mib() -> float | None:
    """The worker process's peak resident memory so far (MiB), for the batch record."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def clean_leftovers(casedir: Path) -> list[str]:
    """Remove what killed tasks left: working folders and partial outputs; the names removed."""
    removed = []
    work = Path(casedir) / WORK
    if work.exists():
        shutil.rmtree(work, ignore_errors=True)
        removed.append(WORK)
    for p in Path(casedir).glob(".*.partial-*"):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        removed.append(p.name)
    return removed
