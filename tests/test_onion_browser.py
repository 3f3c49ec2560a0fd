"""Onion Browser for iOS (``plugins/onion_browser.py``): bookmarks.plist matched against the sample's
manifest; another app's bookmarks.plist is not claimed; a damaged one warns once."""

from __future__ import annotations

import json
import plistlib

from artefacts.synthetic.tor_browser import ONION_BROWSER_DOCS, write_onion_browser_extraction
from artefacts.timeconv import UNIX_SECONDS
from conftest import SAMPLE_DATA


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE_DATA / "onion_browser" / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / "onion_browser" / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(manifest["bookmarks"]) == 3
    for i, b in enumerate(manifest["bookmarks"]):
        e = tl.by_locator(f"bookmarks:index={i}")
        event_validator.validate(e)
        assert e["kind"] == "bookmark" and e["body"] == b["url"] and e["extra"]["title"] == b["name"]
        assert e["timestamp"] is None and e["timestamp_desc"] == "Not a time"
        assert e["platform"] == "ios" and e["app"] == "onion_browser"
        if b["last_updated"]:
            assert e["extra"]["icon_last_updated"] == UNIX_SECONDS.iso(b["last_updated"])
            assert e["extra"]["icon_last_updated_raw"] == b["last_updated"]
        else:
            assert "icon_last_updated" not in e["extra"] and e["extra"]["icon"] is None


def test_generator_writes_the_committed_manifest(tmp_path):
    committed = json.loads((SAMPLE_DATA / "onion_browser" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert write_onion_browser_extraction(tmp_path) == committed


def test_another_apps_bookmarks_plist_is_not_claimed(parse, tmp_path):
    docs = tmp_path / "phone" / ONION_BROWSER_DOCS
    docs.mkdir(parents=True)
    (docs / "bookmarks.plist").write_bytes(plistlib.dumps({"Children": [{"URLString": "https://example.org/"}]}))
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and tl.warnings == [] and tl.events == []


def test_damaged_bookmarks_plist_warns_once(parse, tmp_path):
    root = tmp_path / "phone"
    write_onion_browser_extraction(root)
    path = root / ONION_BROWSER_DOCS / "bookmarks.plist"
    path.write_bytes(path.read_bytes()[:200])
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["source_path"].endswith("Documents/bookmarks.plist") and "damaged property list" in w["message"]


def test_a_bookmark_that_is_not_a_dict_is_one_row_warning(parse, tmp_path):
    root = tmp_path / "phone"
    manifest = write_onion_browser_extraction(root)
    path = root / ONION_BROWSER_DOCS / "bookmarks.plist"
    data = plistlib.loads(path.read_bytes())
    data["bookmarks"].insert(1, "not a bookmark")
    path.write_bytes(plistlib.dumps(data))
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(manifest["bookmarks"])
    [w] = tl.warnings
    assert w["locator"] == "bookmarks:index=1" and "bookmark is a str, not a dict" in w["message"]
