"""Safari on iOS (``plugins/safari_ios.py``): the generated History.db, BrowserState.db and Bookmarks.db parse
into exactly their manifest; redirects, iCloud origin, failed loads, cleared-history tombstones, private tabs,
deleted bookmarks; the generator rebuilds the bytes; a deleted visit comes back from the free space."""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match, delete_as_sqlite_does
from manifest_checks import assert_rebuilds

from artefacts.synthetic.safari_ios import SAFARI, write_sample

SAMPLE = SAMPLE_DATA / "safari"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    assert {(e["app"], e["platform"]) for e in tl.events} == {("safari", "ios")}
    assert {e["parser"].split("/")[0] for e in tl.events} == {"safari_history", "safari_tabs", "safari_bookmarks"}


def test_redirects_origin_failures_tombstones_and_private_tabs(parse):
    tl = parse(SAMPLE / "ios")
    by = {e["source_locator"]: e for e in tl.events}
    redirect = by["history_visits:id=3"]
    assert redirect["extra"]["redirect_source_url"] == "http://t.example.net/r/91"
    assert by["history_visits:id=2"]["extra"]["redirect_destination_url"] == redirect["body"]
    assert by["history_visits:id=4"]["status"] == "failed"
    assert by["history_visits:id=5"]["extra"]["origin_label"] == "icloud_synced_device"
    # Cocoa seconds as REAL: sub-second digits kept to the microsecond
    assert (by["history_visits:id=2"]["timestamp_raw"], by["history_visits:id=2"]["timestamp"]) == (
        790555308.375, "2026-01-19T22:41:48.375000Z")
    cleared = by["history_tombstones:id=2"]
    assert cleared["deleted"] and cleared["kind"] == "other" and "all history" in cleared["body"]
    assert cleared["extra"]["end_time"] == "2026-01-20T01:26:07.500000Z"
    assert by["tabs:id=3"]["status"] == "private" and by["tabs:id=3"]["extra"]["private_browsing"] is True
    assert by["bookmarks:id=8"]["deleted"] is True and by["bookmarks:id=6"]["extra"]["folder"] == "Markets"
    assert not any(e["source_locator"] in ("bookmarks:id=1", "bookmarks:id=5") for e in tl.events)  # folders


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path)
    paths = sorted({e["path"] for e in built["events"]})
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "ios", *paths)


def test_a_deleted_visit_comes_back_with_its_live_url(parse, tmp_path):
    root = tmp_path / "extraction"
    shutil.copytree(SAMPLE / "ios", root)
    delete_as_sqlite_does(root / SAFARI / "History.db", "DELETE FROM history_visits WHERE id = 1")
    tl = parse(root, recover=True)
    [event] = [e for e in tl.events if e["recovered"]]
    assert event["kind"] == "visit" and event["body"] == "https://duckduckgo.com/?q=monero+escrow+vendor"
    assert event["timestamp"] == "2026-01-19T22:41:07.250000Z"


def test_an_unknown_history_layout_is_one_warning(parse, tmp_path):
    root = tmp_path / "extraction"
    (root / SAFARI).mkdir(parents=True)
    con = sqlite3.connect(root / SAFARI / "History.db")
    con.execute("CREATE TABLE history_items (id INTEGER PRIMARY KEY, url TEXT)")
    con.commit()
    con.close()
    tl = parse(root)
    [w] = tl.warnings
    assert "unknown schema version" in w["message"] and w["source_path"].endswith("Safari/History.db")
    assert tl.events == [] and tl.exit_code == 3
