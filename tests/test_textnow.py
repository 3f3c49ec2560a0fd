"""TextNow for Android (``textnow_data.db``): the generated sample parses with zero warnings into exactly
its manifest; the generator rebuilds the committed bytes; calls, group texts, attachments, contacts and
odd rows are read as the sources say (``plugins/textnow_android.py``)."""

from __future__ import annotations

import shutil

from conftest import SAMPLE_DATA, claimed, generic_sample, rebuilds_committed_sample
from test_plaso_messengers_odd import _sql

from artefacts.synthetic.textnow import DB, write_textnow_extraction

CALL_LABELS = {100: "audio", 102: "video"}


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    manifest, tl = generic_sample(parse, event_validator, "textnow", "android")
    assert claimed(tl) == {DB: ["textnow_android"]}
    kinds = sorted({e["kind"] for e in tl.events})
    assert kinds == ["call", "contact", "message"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    from artefacts.synthetic.textnow import generic_manifest

    rebuilds_committed_sample(tmp_path, "textnow", "android", generic_manifest, [DB])


def test_calls_groups_attachments_and_contacts(parse, tmp_path):
    m = write_textnow_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    calls = [x for x in m["messages"] if x["kind"] == "call"]
    assert {x["call_type"] for x in calls} == {"audio", "video"}
    for x in calls:
        e = tl.by_locator(f"messages:_id={x['_id']}")
        assert e["kind"] == "call" and e["timestamp_desc"] == "Call Start Time"
        assert e["extra"]["call_type"] == x["call_type"]
        # the value Autopsy reads as seconds is kept as stored, with the sources' caveat; no end time is made up
        assert e["extra"]["duration"] == x["text"] and "ALEAPP" in e["extra"]["duration_unit"]
        assert "end_time" not in e["extra"]
        assert e["body"] == f"{x['call_type'].capitalize()} call, {x['direction']}"
    groups = [x for x in m["messages"] if x["group"]]
    assert groups
    for x in groups:
        e = tl.by_locator(f"messages:_id={x['_id']}")
        assert e["conversation_id"] == m["group"] and e["conversation_name"] == "Crew"
        assert e["extra"]["group"] is True and e["extra"]["group_members"] == m["group_members"]
        if x["direction"] == "outgoing":
            assert e["recipients"] == m["group_members"] and e["sender"] is None
        else:  # no column says which member sent it
            assert e["sender"] is None and e["recipients"] == []
    [pic] = [x for x in m["messages"] if x["attach"]]
    e = tl.by_locator(f"messages:_id={pic['_id']}")
    assert [a["name"] for a in e["attachments"]] == [pic["attach"].rsplit("/", 1)[-1]] and e["body"] == ""
    for i, c in enumerate(m["contacts"], 1):
        e = tl.by_locator(f"contacts:rowid={i}")
        assert (e["kind"], e["sender"], e["sender_name"]) == ("contact", c["number"], c["name"] or None)
    unnamed = [x for x in m["messages"] if x["number"] == "+12025550176" and not x["group"] and x["kind"] == "message"]
    for x in unnamed:  # contact_name holds the number itself when the contact has no name
        assert tl.by_locator(f"messages:_id={x['_id']}")["conversation_name"] == x["number"]


def _copy(tmp_path):
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE_DATA / "textnow" / "android", root)
    return root, root / DB


def test_unknown_direction_and_bad_time_are_kept_raw(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "UPDATE messages SET message_direction = 7 WHERE _id = 1",
         "UPDATE messages SET date = 'yesterday' WHERE _id = 2")
    tl = parse(root)
    odd = tl.by_locator("messages:_id=1")
    assert odd["direction"] is None and odd["sender"] is None and odd["recipients"] == []
    assert odd["extra"]["message_direction"] == 7 and odd["timestamp_desc"] == "Creation Time"
    bad = tl.by_locator("messages:_id=2")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "yesterday"
    [warning] = tl.warnings
    assert "messages.date" in warning["message"] and warning["source_path"].endswith("textnow_data.db")
    assert tl.exit_code == 3


def test_missing_optional_tables_and_an_unknown_schema(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "DROP TABLE groups", "DROP TABLE group_members", "DROP TABLE contacts")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert {e["kind"] for e in tl.events} == {"message", "call"}
    assert all("group" not in e["extra"] for e in tl.events)

    root2, db2 = _copy(tmp_path / "b")
    _sql(db2, "ALTER TABLE messages RENAME COLUMN message_type TO kind")
    tl = parse(root2)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert "unknown schema version" in warning["message"] and "message_type" in warning["message"]
    assert warning["source_path"].endswith("textnow_data.db")
