"""Orbot for Android (``plugins/orbot.py``): presence from its preferences, tor data folder and hosted
onion services, matched against the sample's manifest; a damaged preferences file warns once."""

from __future__ import annotations

import json

from artefacts.synthetic.tor_browser import ORBOT_DIR, write_orbot_extraction
from conftest import SAMPLE_DATA


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE_DATA / "orbot" / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / "orbot" / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    presence = tl.by_locator("presence")
    assert presence["kind"] == "other" and presence["timestamp"] is None
    assert presence["body"] == ("Orbot (org.torproject.android) present: preferences (4 entries), "
                                "tor data folder (3 files), 1 hosted onion service")
    assert presence["extra"]["preferences"] == manifest["preferences"]
    assert presence["extra"]["tordata_files"] == manifest["tordata_files"]
    assert presence["extra"]["onion_services"] == manifest["onion_services"]
    [host] = manifest["onion_services"]
    service = tl.by_locator("onion_service:shop")
    assert service["body"] == f"Onion service hosted by Orbot: {host}" and len(tl.events) == 2


def test_generator_writes_the_committed_manifest(tmp_path):
    committed = json.loads((SAMPLE_DATA / "orbot" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert write_orbot_extraction(tmp_path) == committed


def test_damaged_preferences_warn_once_and_presence_stays(parse, tmp_path):
    root = tmp_path / "phone"
    write_orbot_extraction(root)
    prefs = root / ORBOT_DIR / "shared_prefs" / "org.torproject.android_preferences.xml"
    prefs.write_bytes(prefs.read_bytes()[:90])
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("org.torproject.android_preferences.xml") and "SharedPreferences" in w["message"]
    presence = tl.by_locator("presence")
    assert "preferences (unreadable)" in presence["body"] and "preferences" not in presence["extra"]
    assert len(tl.events) == 2


def test_another_users_orbot_folder_is_not_mixed_in(parse, tmp_path):
    """Companion files come from the same app folder only (not another Android user's Orbot)."""
    root = tmp_path / "phone"
    write_orbot_extraction(root)
    other = root / "data/user/10/org.torproject.android/tordata"
    other.mkdir(parents=True)
    (other / "state").write_bytes(b"")
    tl = parse(root)
    assert tl.by_locator("presence")["extra"]["tordata_files"] == ["cached-microdesc-consensus", "lock", "state"]
