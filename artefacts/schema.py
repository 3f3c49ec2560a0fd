"""The unified timeline schema, loaded from ``schemas/timeline.schema.json``.

The JSON Schema is the single definition of an event: the field order of every
export, the SQLite column list and the documentation all follow from it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

SCHEMA_NAME = "timeline.schema.json"


def schema_path() -> Path:
    """Where the installed schema file lives (``artefacts/schemas`` maps the repo's ``schemas/``)."""
    try:
        candidate = resources.files("artefacts.schemas") / SCHEMA_NAME
        if candidate.is_file():
            return Path(str(candidate))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "schemas" / SCHEMA_NAME


@lru_cache(maxsize=None)
def timeline_schema() -> dict:
    """The parsed JSON Schema of one timeline event."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


def event_fields() -> tuple[str, ...]:
    """Event field names in export order."""
    return tuple(timeline_schema()["required"])
