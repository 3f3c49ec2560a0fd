"""Test helpers for plugin authors (a pytest plugin, loaded through the ``pytest11`` entry point).

    def test_my_parser(artefacts_run, tmp_path):
        tl = artefacts_run(tmp_path / "extraction", plugins_dirs=[MY_PLUGIN_DIR])
        assert tl.exit_code == 0 and tl.warnings == []
        assert len(tl.events) == 12
        assert tl.by_locator("messages:id=3")["body"] == "hello"

``artefacts_run(*inputs, **RunOptions fields)`` runs the host exactly as ``artefacts parse``
does (into JSON Lines in the test's temporary folder) and returns a :class:`Timeline`.
``event_schema_validator`` validates events against the timeline schema (needs ``jsonschema``).
:func:`build_database` makes a test database from an app's own ``CREATE TABLE`` statements.

Checking a parser against another tool on real files (the project's own differential tests use the
same helpers): :func:`corpus_file` finds a real file of a test corpus or skips the test cleanly when
the corpus is absent; :func:`ileapp_rows` reads iLEAPP's output for a case (its JSON: ``headers``,
``data``, ``metadata.number_of_rows``) as dicts by header; :func:`unix_seconds` floors an event's
time to the whole seconds such tools print.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .synthetic.ddl_loader import build_database  # the test-data kit's builder, for plugin authors' tests

__all__ = ["Timeline", "build_database", "corpus_file", "ileapp_rows", "make_runner", "unix_seconds"]


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
        """The one event at ``locator`` (e.g. ``sms:_id=3``)."""
        found = [e for e in self.events if e["source_locator"] == locator]
        assert len(found) == 1, f"{len(found)} events at {locator}"
        return found[0]


#: where :func:`corpus_file` looks when no root is given: ``$ARTEFACTS_CORPUS``, else ``../shared/corpus``
CORPUS_ENV = "ARTEFACTS_CORPUS"


def corpus_file(*parts: str, root=None) -> Path:
    """The real file ``root/parts...`` of a test corpus, or a clean ``pytest.skip`` when it is absent
    (a clone without the corpus runs every other test). ``root`` defaults to ``$ARTEFACTS_CORPUS``,
    else ``../shared/corpus`` from the current folder."""
    base = Path(root) if root is not None else Path(os.environ.get(CORPUS_ENV) or Path.cwd().parent / "shared" / "corpus")
    path = base.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def ileapp_rows(path) -> list[dict]:
    """The rows of one iLEAPP output file (``headers`` + ``data``) as dicts by header; the count must be
    the one iLEAPP's own ``metadata.number_of_rows`` states."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = [dict(zip(doc["headers"], row)) for row in doc["data"]]
    if len(rows) != doc["metadata"]["number_of_rows"]:
        raise AssertionError(f"{path}: {len(rows)} rows, metadata says {doc['metadata']['number_of_rows']}")
    return rows


def unix_seconds(iso: str | None) -> int | None:
    """An event time (ISO 8601 UTC, microseconds) floored to Unix seconds, as tools that print whole
    seconds show it; ``None`` stays ``None``."""
    from .timeconv import parse_iso

    return None if iso is None else parse_iso(iso) // 1_000_000


def make_runner(tmp_path: Path, registry=None):
    """A function running the host on inputs into JSON Lines under ``tmp_path``.

    ``registry`` (e.g. :func:`artefacts.registry.registry_with`) limits the run to chosen plugins.
    Deleted-record recovery is off unless asked for (``recover=True``): a plugin's tests check the
    events it maps from the live rows of its test databases, whatever free space they hold.
    """
    from .engine import RunOptions, run_parse

    counter = {"n": 0}

    def _run(*inputs, **kwargs) -> Timeline:
        counter["n"] += 1
        out = tmp_path / f"timeline{counter['n']}.jsonl"
        kwargs.setdefault("workdir", tmp_path / "work")
        kwargs.setdefault("recover", False)
        result = run_parse(RunOptions(inputs=[Path(p) for p in inputs], output=out, **kwargs), registry=registry)
        return Timeline(result, out)

    return _run


@pytest.fixture
def artefacts_run(tmp_path):
    """``artefacts_run(*inputs, **options)``: run the host and return a :class:`Timeline`."""
    return make_runner(tmp_path)


@pytest.fixture(scope="session")
def event_schema_validator():
    """A ``jsonschema`` validator for timeline events (skips the test when jsonschema is absent)."""
    jsonschema = pytest.importorskip("jsonschema")
    from .schema import timeline_schema

    schema = timeline_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)
