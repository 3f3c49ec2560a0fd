"""The generated Microsoft Teams for Android sample (``sample_data/teams/android``) and the parser's edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/teams.py`` from its own values), and rebuilding gives the committed bytes.
Then: the deleted message, the calls (answered, never connected), the users, a database without the
``Message`` table (one warning), one without the optional tables or topics, and a damaged call record.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed

from artefacts.synthetic import teams as gen



def _manifest() -> dict:
    return json.loads((SAMPLE_DATA / "teams" / "MANIFEST.json").read_text(encoding="utf-8"))


def _rows(sql: str) -> list:
    con = sqlite3.connect(f"file:{SAMPLE_DATA / 'teams' / 'android' / gen.DB}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _alter(db, *statements: str) -> None:
    con = sqlite3.connect(db)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "android"
    shutil.copytree(SAMPLE_DATA / "teams" / "android", dest)
    return dest, dest / gen.DB


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE_DATA / "teams" / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {manifest["path"]: ["teams_android"]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    for event in tl.events:
        event_validator.validate(event)
        assert event["parser"] == "teams_android/1.0" and event["app"] == "teams"
    assert_events_match(tl, manifest)
    assert {e["kind"] for e in manifest["events"]} == {"message", "contact", "call"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = gen.generic_manifest(tmp_path)
    assert manifest == _manifest()
    assert (tmp_path / manifest["path"]).read_bytes() == (SAMPLE_DATA / "teams" / "android" / manifest["path"]).read_bytes()
    assert (tmp_path / manifest["path"]).stat().st_size <= 60 * 1024


def test_deleted_message_topic_and_author(parse):
    tl = parse(SAMPLE_DATA / "teams" / "android")
    [(mid, arrival, deleted_ms, author, topic)] = _rows(
        "SELECT m.messageId, m.arrivalTime, m.deleteTime, m.userDisplayName, c.displayName FROM Message m "
        "JOIN Conversation c USING (conversationId) WHERE m.deleteTime != 0")
    event = tl.by_locator(f"Message:messageId={mid}")
    assert event["deleted"] is True and event["extra"]["deleted_raw"] == deleted_ms > arrival
    assert event["extra"]["deleted_time"] > event["timestamp"]
    assert event["sender_name"] == author and event["conversation_name"] == topic
    assert sum(e["deleted"] for e in tl.events) == 1


def test_calls(parse):
    tl = parse(SAMPLE_DATA / "teams" / "android")
    records = [json.loads(v) for (v,) in _rows("SELECT attributeValue FROM MessagePropertyAttribute "
                                               "WHERE propertyId = 'CallLog' ORDER BY rowid")]
    calls = [e for e in tl.events if e["kind"] == "call"]
    assert len(calls) == len(records) == 2
    answered, unanswered = calls
    rec = records[0]
    assert answered["timestamp_raw"] == rec["connectTimeMillis"] and answered["timestamp_desc"] == "Call Start Time"
    assert answered["extra"]["duration_s"] == (rec["endTimeMillis"] - rec["connectTimeMillis"]) / 1000 == 187.0
    assert answered["body"].endswith("3 min 7 s") and answered["recipients"] == [rec["target"]]
    assert answered["extra"]["callDirection"] == rec["callDirection"] and answered["direction"] is None
    assert answered["sender_name"] == rec["originatorDisplayName"]
    # never connected: connectTimeMillis 0 is no time (as ALEAPP blanks it), the end time is kept
    assert records[1]["connectTimeMillis"] == 0 and unanswered["timestamp"] is None
    assert unanswered["extra"]["end_raw"] == records[1]["endTimeMillis"] and "duration_s" not in unanswered["extra"]


def test_users_are_contacts(parse):
    tl = parse(SAMPLE_DATA / "teams" / "android")
    users = _rows("SELECT mri, displayName, email, lastSyncTime FROM User ORDER BY rowid")
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    assert [(e["sender"], e["sender_name"], e["extra"]["email"], e["extra"]["last_sync_raw"]) for e in contacts] == users
    assert all(e["extra"]["isSkypeTeamsUser"] is True for e in contacts)


def test_database_without_message_table_gives_one_warning(parse, copy):
    root, db = copy
    _alter(db, "ALTER TABLE Message RENAME TO Message_old")
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == gen.DB and "Message" in warning["message"]


def test_optional_tables_missing_still_parses_messages(parse, copy):
    root, db = copy
    _alter(db, "DELETE FROM Conversation", "DROP TABLE User", "DROP TABLE MessagePropertyAttribute")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert {e["kind"] for e in tl.events} == {"message"} and len(tl.events) == len(gen.TEXTS)
    assert all(e["conversation_name"] is None for e in tl.events)


def test_damaged_call_record_warns_and_the_rest_parses(parse, copy):
    root, db = copy
    _alter(db, "UPDATE MessagePropertyAttribute SET attributeValue = '{\"callId\": ' WHERE rowid = 1")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"]) - 1
    [warning] = tl.warnings
    assert warning["source_path"] == gen.DB and "CallLog:rowid=1" in str(warning)
