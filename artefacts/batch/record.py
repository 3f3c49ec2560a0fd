"""The batch record ``CASEDIR/batch.json``: every extraction with its state and hashes.

``{"batch": {...}, "extractions": {evidence_id: {...}}}``; an extraction's entry holds its state
(``done``, ``failed`` with the reason, ``skipped`` when a rerun found it done and verified), the
input (path, container SHA-256), the output files with their SHA-256, the worker, start and end,
events, warnings and exit code. Key material never appears (``Extraction.redacted``). Written
atomically (a temporary file moved into place) after every finished task, so a batch stopped at
any point leaves a record of what it finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

NAME = "batch.json"


def record_path(casedir: Path) -> Path:
    return Path(casedir) / NAME


def load_record(casedir: Path) -> dict:
    path = record_path(casedir)
    if not path.exists():
        return {"batch": {}, "extractions": {}}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"batch": {}, "extractions": {}}
    if not isinstance(doc, dict) or not isinstance(doc.get("extractions"), dict):
        return {"batch": {}, "extractions": {}}
    return doc


def save_record(casedir: Path, doc: dict) -> None:
    path = record_path(casedir)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False), encoding="utf-8")
    os.replace(tmp, path)
