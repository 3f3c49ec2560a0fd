"""Odd and hostile rows in Tango, Viber, Twitter/X and Burner databases: one clear warning naming the
file and the reason, the run goes on (exit code 3 when something was not read), never a traceback;
values no source explains are kept as stored, not guessed."""

from __future__ import annotations

import shutil
import sqlite3

from conftest import SAMPLE_DATA

from artefacts.plugins.twitter import length_prefixed_text, owner_of

TANGO_TC = "data/data/com.sgiggle.production/files/tc.db"
TANGO_PROFILE = "data/data/com.sgiggle.production/files/profile.db"


def _copy(app: str, tmp_path, device: str = "android"):
    dest = tmp_path / app
    shutil.copytree(SAMPLE_DATA / app / device, dest)
    return dest


def _sql(path, *statements):
    con = sqlite3.connect(path)
    with con:
        for s in statements:
            con.execute(s)
    con.close()


def test_tango_payload_that_is_not_base64_protobuf(parse, tmp_path):
    root = _copy("tango", tmp_path)
    _sql(root / TANGO_TC,
         "UPDATE messages SET payload = 'not base64 at all!' WHERE msg_id = 16777216",
         "UPDATE messages SET payload = 'AAAA' WHERE msg_id = 16777217",  # base64 of 3 zero bytes: field number 0
         "UPDATE messages SET payload = x'ff00' WHERE msg_id = 16777218")  # bytes that are not ASCII
    tl = parse(root)
    assert tl.exit_code == 3
    assert len(tl.warnings) == 3
    for w in tl.warnings:
        assert w["source_path"].endswith("tc.db") and "messages.payload not decoded" in w["message"]
    for msg_id in (16777216, 16777217, 16777218):  # the rows are kept, with their times and direction
        event = tl.by_locator(f"messages:msg_id={msg_id}")
        assert event["body"] is None and event["timestamp"] is not None and event["extra"]["payload"] == []


def test_tango_profile_name_that_is_not_base64(parse, tmp_path):
    root = _copy("tango", tmp_path)
    _sql(root / TANGO_PROFILE, "UPDATE profiletable SET itemFirstName = '<b>x</b>' WHERE rowid = 2",
         "UPDATE profiletable SET itemLastName = '/w==' WHERE rowid = 3")  # base64 of the byte 0xff: not UTF-8
    tl = parse(root)
    assert tl.exit_code == 3
    messages = sorted(w["message"] for w in tl.warnings)
    assert len(messages) == 2 and "itemFirstName is not base64" in messages[0] and "itemLastName is not UTF-8" in messages[1]
    names = [e["extra"]["first_name"] for e in tl.events if e["kind"] == "contact"]
    assert "<b>x</b>" in names  # kept as stored (escaping is the exporters' job)
    assert any(e["extra"].get("last_name") == "\\xff" for e in tl.events if e["kind"] == "contact")


def test_viber_call_type_without_a_source(parse, tmp_path):
    root = _copy("viber", tmp_path)
    _sql(root / "data/data/com.viber.voip/databases/viber_data", "UPDATE calls SET type = 5, viber_call_type = 9 WHERE _id = 1")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    event = tl.by_locator("calls:_id=1")
    assert event["direction"] is None and event["status"] == "type 5" and event["extra"]["video"] is False
    # the other party, as for the phone's call log (events.number_call_event): the recipient unless incoming
    assert event["body"] == "Viber call, type 5" and event["sender"] is None and event["recipients"] == [event["conversation_id"]]


def test_burner_unknown_direction_and_type(parse, tmp_path):
    root = _copy("burner", tmp_path)
    _sql(root / "data/data/com.adhoclabs.burner/databases/burners.db",
         "UPDATE messages SET direction = 7, message_type = 9 WHERE _id = 1",
         "UPDATE messages SET date_created = 'yesterday' WHERE _id = 2")
    tl = parse(root)
    odd = tl.by_locator("messages:_id=1")
    assert odd["kind"] == "other" and odd["direction"] is None and odd["sender"] is None and odd["recipients"] == []
    assert odd["extra"]["direction_raw"] == 7 and odd["extra"]["message_type"] == 9
    bad_time = tl.by_locator("messages:_id=2")
    assert bad_time["timestamp"] is None and bad_time["timestamp_raw"] == "yesterday"
    [warning] = tl.warnings
    assert "messages.date_created" in warning["message"] and warning["source_path"].endswith("burners.db")
    assert tl.exit_code == 3


def test_twitter_blob_text_and_owner():
    assert length_prefixed_text(bytes.fromhex("491d09") + b"\x05hello" + b"\x02hi") == "hello"
    assert length_prefixed_text(b"\x03ab") is None  # the length runs past the end
    assert length_prefixed_text(b"\x02\xff\xfe\x01a") == "a"  # not UTF-8: skipped
    assert length_prefixed_text(b"\x03a\x00b") is None  # control characters are not text
    assert length_prefixed_text(b"") is None
    assert owner_of("data/data/com.twitter.android/databases/4354196549-61.db") == "4354196549"
    assert owner_of("twitter.db") is None and owner_of("x/global.db") is None


def test_twitter_entry_of_another_type_and_a_huge_blob(parse, tmp_path):
    root = tmp_path / "tw"
    shutil.copytree(SAMPLE_DATA / "twitter" / "android", root)
    [db] = list(root.rglob("*-61.db"))
    _sql(db, "UPDATE conversation_entries SET entry_type = 4 WHERE _id = 1",
         "UPDATE conversation_entries SET data = zeroblob(1048577) WHERE _id = 2")
    tl = parse(root)
    assert tl.by_locator("conversation_entries:_id=1")["kind"] == "other"
    big = tl.by_locator("conversation_entries:_id=2")
    assert big["body"] is None and "data_hex" not in big["extra"]
    [warning] = tl.warnings
    assert "not read" in warning["message"] and warning["source_path"].endswith("-61.db")
