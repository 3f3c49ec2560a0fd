"""Shared fixtures: where the real corpus lives, and running the host on an input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLE_DATA = REPO / "sample_data"


def corpus_file(*parts: str) -> Path:
    """A file of ../shared/corpus, or a clean skip when the corpus is absent (a user's clone)."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


class Timeline:
    """The result of a run written as JSON Lines: events, sources, warnings and run record."""

    def __init__(self, result, path: Path):
        self.result = result
        self.path = path
        with open(path, encoding="utf-8") as fh:
            self.events = [json.loads(line) for line in fh]
        manifest = json.loads(path.with_name(path.name + ".manifest.json").read_text(encoding="utf-8"))
        self.run = manifest["run"]
        self.sources = manifest["sources"]
        self.warnings = manifest["warnings"]

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    def by_locator(self, locator: str) -> dict:
        found = [e for e in self.events if e["source_locator"] == locator]
        assert len(found) == 1, f"{len(found)} events at {locator}"
        return found[0]


@pytest.fixture
def parse(tmp_path):
    """``parse(*inputs, **options)`` runs the host into a JSONL timeline and returns a :class:`Timeline`."""
    from artefacts.engine import RunOptions, run_parse

    counter = {"n": 0}

    def _parse(*inputs, **kwargs) -> Timeline:
        counter["n"] += 1
        out = tmp_path / f"timeline{counter['n']}.jsonl"
        options = RunOptions(inputs=[Path(p) for p in inputs], output=out, workdir=tmp_path / "work", **kwargs)
        result = run_parse(options)
        return Timeline(result, out)

    return _parse


@pytest.fixture(scope="session")
def event_validator():
    """A jsonschema validator for timeline events."""
    jsonschema = pytest.importorskip("jsonschema")
    from artefacts.schema import timeline_schema

    schema = timeline_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)
