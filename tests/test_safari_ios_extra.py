"""Safari on iOS, iCloud Tabs and downloads (``plugins/safari_ios_extra.py``): the generated ``CloudTabs.db``
parses into exactly its manifest (each tab with its device, pinned and Reader flags, Cocoa times to the
microsecond, a never-viewed tab untimed); an older store without ``last_viewed_time`` / ``device_type_identifier``
(the schema iLEAPP's tests call old) still parses; the generator rebuilds the bytes; an unknown layout is one
warning. Downloads.plist: URL, sizes, added and finished times; hostile entries capped or one warning; a damaged
file one warning."""

from __future__ import annotations

import json
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.ddl_loader import columns
from artefacts.synthetic.safari_extra import CLOUD_TABS, DOWNLOADS, write_sample

SAMPLE = SAMPLE_DATA / "safari_extra"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, _manifest(), validator=event_validator)
    assert {(e["app"], e["platform"], e["parser"].split("/")[0]) for e in tl.events} == {
        ("safari", "ios", "safari_cloud_tabs"), ("safari", "ios", "safari_downloads")}


def test_devices_flags_and_cocoa_times(parse):
    by = {e["source_locator"]: e for e in parse(SAMPLE / "ios").events}
    pinned = by["cloud_tabs:rowid=1"]
    # last_viewed_time: Cocoa seconds (REAL) 2026-01-21T07:30:45.5 UTC + 8800.5 s
    assert (pinned["timestamp_raw"], pinned["timestamp"]) == (790682246.0, "2026-01-21T09:57:26.000000Z")
    assert pinned["extra"]["is_pinned"] is True and pinned["extra"]["remote_device"] == "Office MacBook"
    assert by["cloud_tabs:rowid=3"]["extra"]["is_showing_reader"] is True
    assert by["cloud_tabs:rowid=3"]["extra"]["title"] == "How to <i>mix</i> coins"  # kept as text, escaped on output
    never = by["cloud_tabs:rowid=4"]
    assert never["timestamp"] is None and never["timestamp_raw"] == 0 and never["timestamp_desc"] == "Not a time"
    assert never["extra"]["device_type_identifier"] == "iPad14,1"


def test_the_parser_reads_the_stores_columns():
    from artefacts.plugins.safari_ios_extra import SafariCloudTabsParser

    ddl = {t: set(c) for t, c in columns("safari_cloudtabs.sql").items()}
    for table, cols in SafariCloudTabsParser.required_tables.items():
        assert cols <= ddl[table], table
    assert {"last_viewed_time", "scene_id"} <= ddl["cloud_tabs"]
    assert {"device_type_identifier", "is_ephemeral_device"} <= ddl["cloud_tab_devices"]


def test_an_older_store_without_the_newer_columns(parse, tmp_path):
    root = tmp_path / "x"
    write_sample(root)
    con = sqlite3.connect(root / CLOUD_TABS)
    con.execute("ALTER TABLE cloud_tabs DROP COLUMN last_viewed_time")
    con.execute("ALTER TABLE cloud_tab_devices DROP COLUMN device_type_identifier")
    con.commit()
    con.close()
    tl = parse(root)
    tl.events = [e for e in tl.events if e["kind"] == "visit"]
    assert tl.warnings == [] and len(tl.events) == 4
    assert all(e["timestamp"] is None and "device_type_identifier" not in e["extra"] for e in tl.events)
    assert {e["extra"]["remote_device"] for e in tl.events} == {"Office MacBook", "Home iPad"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "ios", CLOUD_TABS, DOWNLOADS)


def test_an_unknown_layout_is_one_warning(parse, tmp_path):
    path = tmp_path / "x" / CLOUD_TABS
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE cloud_tab_devices (device_uuid TEXT PRIMARY KEY, device_name TEXT)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "x")
    [w] = tl.warnings
    assert w["source_path"].endswith("Safari/CloudTabs.db") and tl.events == [] and tl.exit_code == 3


def test_downloads_plist_values(parse):
    by = {e["source_locator"]: e for e in parse(SAMPLE / "ios").events if e["kind"] == "download"}
    assert sorted(by) == ["DownloadHistory:index=0", "DownloadHistory:index=1"]
    done, halfway = by["DownloadHistory:index=0"], by["DownloadHistory:index=1"]
    # DownloadEntryDateAddedKey: a binary plist date, 2026-01-21T07:30:45.5 UTC + 9100.25 s
    assert done["timestamp"] == "2026-01-21T10:02:25.750000Z" and done["timestamp_raw"] == 1768989745750000
    assert done["extra"]["finished_time"] == "2026-01-21T10:02:38.250000Z"
    assert done["extra"]["received_bytes"] == done["extra"]["total_bytes"] == 2_097_152
    assert halfway["extra"]["received_bytes"] == 4096 and "finished_time" not in halfway["extra"]
    assert halfway["body"] == "https://market.example.org/export/keys.txt"
    assert done["source_path"].endswith("Library/Safari/Downloads/Downloads.plist")


def _rewrite_downloads(root, history) -> None:
    import plistlib

    (root / DOWNLOADS).write_bytes(plistlib.dumps({"DownloadHistory": history}, fmt=plistlib.FMT_BINARY))


def test_hostile_download_entries(parse, tmp_path):
    import plistlib

    root = tmp_path / "x"
    write_sample(root)
    history = plistlib.loads((root / DOWNLOADS).read_bytes())["DownloadHistory"]
    history[0]["DownloadEntryURL"] = "https://e.example/" + "a" * 100_000
    history[0]["UnknownKey"] = 1
    _rewrite_downloads(root, [*history, "not a dictionary"])
    tl = parse(root)
    downloads = [e for e in tl.events if e["kind"] == "download"]
    assert len(downloads) == 2 and len(downloads[0]["body"]) == 8192
    assert downloads[0]["extra"]["other_keys"] == ["UnknownKey"]
    [w] = tl.warnings
    assert w["source_path"].endswith("Downloads.plist") and tl.exit_code == 3


def test_a_damaged_downloads_plist_is_one_warning(parse, tmp_path):
    root = tmp_path / "x"
    write_sample(root)
    (root / DOWNLOADS).write_bytes(b"bplist00\x00\x01garbage")
    tl = parse(root)
    [w] = tl.warnings
    assert "damaged property list" in w["message"] and w["source_path"].endswith("Downloads.plist")
    assert len([e for e in tl.events if e["kind"] == "visit"]) == 4 and tl.exit_code == 3
