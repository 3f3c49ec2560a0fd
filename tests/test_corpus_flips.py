"""Truncations and byte flips of every real corpus file a parser claims (see ``tests/flip_campaign.py``).

A bounded, deterministic sample runs here; ``python benchmarks/corpus_flips.py`` runs the long
campaign (figures in ``docs/hostile_inputs.md``). The corpus files themselves are never written:
each variant is a copy, and their hashes are checked at the end.
"""

from __future__ import annotations

import pytest

from conftest import CORPUS
from flip_campaign import run_variant, sha256, variants
from test_real_coverage import CLAIMED

KEYS = ["android_backup=123456"]


def claimed_files():
    if not CORPUS.exists():
        return []
    return sorted({CORPUS / name.split("!", 1)[0] for name in CLAIMED})


FILES = claimed_files()


@pytest.fixture(scope="module")
def corpus_hashes():
    if not FILES:
        pytest.skip("corpus not available")
    before = {f: sha256(f) for f in FILES}
    yield before
    assert {f: sha256(f) for f in FILES} == before, "a corpus file changed"


@pytest.mark.parametrize("path", FILES, ids=[f.relative_to(CORPUS).as_posix() for f in FILES] if FILES else None)
def test_cut_and_flipped_copies_never_crash(path, tmp_path, corpus_hashes):
    outcomes = {0: 0, 1: 0, 3: 0}
    for v in variants([path], per_file=6, seed=13):
        code, _ = run_variant(v, tmp_path, keys=KEYS)
        outcomes[code] += 1
    assert sum(outcomes.values()) >= 6
