"""Samsung Messages' own store (``message_content.db``, ``plugins/samsung_messages.py``): the generated sample
parses with zero warnings into exactly its manifest and is rebuilt byte for byte; direction only from the two
box types a source names; parts joined in order; times in ms; a store of a later app version with columns the
sources do not name still parses."""

from __future__ import annotations

import sqlite3

from conftest import claimed, generic_sample, rebuilds_committed_sample
from sample_dirs import copy_sample

from artefacts.synthetic.samsung_messages import DB, generic_manifest


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    manifest, tl = generic_sample(parse, event_validator, "samsung_messages", "android")
    assert claimed(tl) == {DB: ["samsung_messages"]} and len(tl.events) == 6


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "samsung_messages", "android", generic_manifest, [DB])


def test_directions_parts_and_times(parse):
    from conftest import SAMPLE_DATA

    tl = parse(SAMPLE_DATA / "samsung_messages" / "android")
    two_parts = tl.by_locator("messages:_id=3")
    assert two_parts["body"] == "first part\nsecond part" and two_parts["direction"] == "outgoing"
    assert two_parts["recipients"] == ["+12025550177"] and two_parts["timestamp_desc"] == "Sent Time"
    # sent 1 s after it was created, in ms like the creation time
    assert two_parts["extra"]["sent_time"][:19] == "2024-11-01T13:50:01" and two_parts["extra"]["sent_raw"] % 1000 == 51
    picture = tl.by_locator("messages:_id=4")
    assert picture["direction"] == "incoming" and picture["sender"] is None and picture["recipients"] == []
    assert picture["attachments"] == [{"name": "IMG_20241101.jpg", "mime_type": "image/jpeg", "size": 48213,
                                       "path": "content://mms/part/41", "sha256": None}]
    unnamed = tl.by_locator("messages:_id=6")  # box type 104: no source names it
    assert unnamed["direction"] is None and unnamed["status"] == "message_box_type 104"
    assert unnamed["timestamp_desc"] == "Creation Time" and unnamed["extra"]["message_box_type"] == 104
    assert tl.by_locator("messages:_id=5")["conversation_name"] == "Crew <b>chat</b>"


def test_a_later_store_with_more_columns_and_no_parts_table(parse, tmp_path):
    root, db = copy_sample(tmp_path, "samsung_messages", "android", DB)
    with sqlite3.connect(db) as con:
        con.execute("ALTER TABLE messages ADD COLUMN future_flag INTEGER")
        con.execute("DROP TABLE parts")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 6
    assert all(e["body"] is None and e["attachments"] == [] for e in tl.events)
