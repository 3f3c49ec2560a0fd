"""Google Voice for iOS (``threadingStore.sqlite``, ``plugins/googlevoice_ios.py``): the generated sample parses
with zero warnings into exactly its manifest and is rebuilt byte for byte; times are kept as stored because no
source gives their unit, and the file's record says so; item types no source names are kept and said."""

from __future__ import annotations

import sqlite3

from conftest import SAMPLE_DATA, assert_events_match, claimed, rebuilds_committed_sample
from manifest_checks import sample_manifest
from sample_dirs import copy_sample

from artefacts.synthetic.googlevoice_ios import DB, generic_manifest


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    manifest = sample_manifest("googlevoice_ios")
    tl = parse(SAMPLE_DATA / "googlevoice_ios" / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, manifest, validator=event_validator)
    assert claimed(tl) == {DB: ["googlevoice_ios"]} and len(got) == 11
    assert sorted(e["kind"] for e in tl.events).count("call") == 4


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "googlevoice_ios", "ios", generic_manifest, [DB])


def test_times_are_kept_as_stored_and_the_source_record_says_why(parse):
    tl = parse(SAMPLE_DATA / "googlevoice_ios" / "ios")
    items = [e for e in tl.events if e["source_locator"].startswith("ThreadItem:")]
    assert items and all(e["timestamp"] is None and e["timestamp_desc"] == "Not a time" for e in items)
    assert all(isinstance(e["timestamp_raw"], int) for e in items)
    [source] = [s for s in tl.sources if s["path"].endswith("threadingStore.sqlite")]
    assert source["status"] == "parsed" and "ThreadItem.timestamp: no source states its unit" in source["note"]
    voicemail = tl.by_locator("ThreadItem:rid=6")
    assert voicemail["body"] == "call me back on the other phone" and voicemail["extra"]["transcript_confidence"] == 0.83
    sent = tl.by_locator("ThreadItem:rid=8")
    assert sent["deleted"] is True and sent["recipients"] == ["+12025550144", "+12025550167"]


def test_an_item_type_no_source_names_is_kept_and_said(parse, tmp_path):
    root, db = copy_sample(tmp_path, "googlevoice_ios", "ios", DB)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE ThreadItem SET itemType = 'RcsIn' WHERE rowid = 1")
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["locator"] == "ThreadItem:rid=1" and "'RcsIn'" in w["message"]
    kept = tl.by_locator("ThreadItem:rid=1")
    assert kept["kind"] == "other" and kept["body"] == "new number, text here"
