"""Checks shared by the tests of the apps registered in ``artefacts/synthetic/messengers.py``: a parse
gives exactly a generic manifest's events, every field the manifest gives."""

from __future__ import annotations

import json

from conftest import SAMPLE_DATA, assert_events_match  # noqa: F401  (the one comparison, re-exported)


def sample_manifest(app: str, name: str = "MANIFEST.json") -> dict:
    """``sample_data/<app>/MANIFEST.json`` (or another manifest file of the app)."""
    return json.loads((SAMPLE_DATA / app / name).read_text(encoding="utf-8"))


def parse_clean_sample(parse, event_validator, folder, manifest: dict):
    """Parse a committed sample folder: no warning, every event valid, exactly ``manifest``'s events."""
    tl = parse(folder)
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    return tl


def assert_rebuilds(built: dict, committed: dict, tmp_path, sample_dir, *paths: str) -> None:
    """A generator run gave the committed manifest and the committed bytes of each store, each ≤ 60 KB."""
    assert json.loads(json.dumps(built)) == committed
    for rel in paths:
        assert (tmp_path / rel).read_bytes() == (sample_dir / rel).read_bytes(), rel
        assert (sample_dir / rel).stat().st_size <= 60 * 1024, rel


def events_by_locator(tl) -> dict:
    """A timeline's events by ``source_locator`` (for a sample whose locators are unique across its stores)."""
    return {e["source_locator"]: e for e in tl.events}
