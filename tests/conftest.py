"""Shared fixtures: where the real corpus lives, and running the host on an input."""

from __future__ import annotations

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


@pytest.fixture
def parse(tmp_path):
    """``parse(*inputs, **options)`` runs the host into a JSONL timeline (see ``artefacts.testing``)."""
    from artefacts.testing import make_runner

    return make_runner(tmp_path)


@pytest.fixture(scope="session")
def event_validator(event_schema_validator):
    """A jsonschema validator for timeline events (``artefacts.testing``)."""
    return event_schema_validator
