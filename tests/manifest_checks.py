"""Checks shared by the tests of the apps registered in ``artefacts/synthetic/messengers.py``: a parse
gives exactly a generic manifest's events, every field the manifest gives."""

from __future__ import annotations

import json

from conftest import SAMPLE_DATA

from artefacts.synthetic.messengers import EVENT_FIELDS, expected_events

COMPARED = tuple(f for f in EVENT_FIELDS if f not in ("locator", "attachments"))


def assert_events_match(tl, manifest: dict, root_prefix: str = "") -> None:
    """Every event of ``tl`` is one of the manifest's (path, locator) and equal on each field it gives."""
    expected = expected_events(manifest)
    got = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    assert len(got) == len(tl.events)
    assert sorted(got) == sorted((root_prefix + x["path"], x["locator"]) for x in expected)
    for exp in expected:
        event = got[root_prefix + exp["path"], exp["locator"]]
        fields = [k for k in COMPARED if k in exp]
        assert {k: event[k] for k in fields} == {k: exp[k] for k in fields}, exp["locator"]
        if "attachments" in exp:
            assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]


def sample_manifest(app: str, name: str = "MANIFEST.json") -> dict:
    """``sample_data/<app>/MANIFEST.json`` (or another manifest file of the app)."""
    return json.loads((SAMPLE_DATA / app / name).read_text(encoding="utf-8"))


def parse_clean_sample(parse, event_validator, folder, manifest: dict):
    """Parse a committed sample folder: no warning, every event valid, exactly ``manifest``'s events."""
    tl = parse(folder)
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    assert_events_match(tl, manifest)
    return tl


def assert_rebuilds(built: dict, committed: dict, tmp_path, sample_dir, *paths: str) -> None:
    """A generator run gave the committed manifest and the committed bytes of each store, each ≤ 60 KB."""
    assert json.loads(json.dumps(built)) == committed
    for rel in paths:
        assert (tmp_path / rel).read_bytes() == (sample_dir / rel).read_bytes(), rel
        assert (sample_dir / rel).stat().st_size <= 60 * 1024, rel
