"""Safari on iOS, iCloud Tabs (``plugins/safari_ios_extra.py``): the generated ``CloudTabs.db`` parses into exactly
its manifest (each tab with its device, pinned and Reader flags, Cocoa times to the microsecond, a never-viewed
tab untimed); an older store without ``last_viewed_time`` / ``device_type_identifier`` (the schema iLEAPP's tests
call old) still parses; the generator rebuilds the bytes; an unknown layout is one warning."""

from __future__ import annotations

import json
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.ddl_loader import columns
from artefacts.synthetic.safari_extra import CLOUD_TABS, write_sample

SAMPLE = SAMPLE_DATA / "safari_extra"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, _manifest(), validator=event_validator)
    assert {(e["app"], e["platform"], e["parser"].split("/")[0]) for e in tl.events} == {
        ("safari", "ios", "safari_cloud_tabs")}


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
    assert tl.warnings == [] and len(tl.events) == 4
    assert all(e["timestamp"] is None and "device_type_identifier" not in e["extra"] for e in tl.events)
    assert {e["extra"]["remote_device"] for e in tl.events} == {"Office MacBook", "Home iPad"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "ios", CLOUD_TABS)


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
