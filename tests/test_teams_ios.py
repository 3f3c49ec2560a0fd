"""The generated Microsoft Teams for iOS sample (``sample_data/teams_ios/ios``) and the parser's edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/teams.py`` from its own values), and rebuilding gives the committed bytes.
Then: direction from ``ZTS_ISSENTBYME``, thread topics, the two call records (NSKeyedArchiver and plain
plist, answered and never connected), contacts, a store without ``ZSMESSAGE`` (one warning), one without
the optional tables or topics, a property list that is not a call, and a damaged call record.
"""

from __future__ import annotations

import json
import plistlib
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed, rebuilds_committed_sample

from artefacts.synthetic import teams as gen

SAMPLE = SAMPLE_DATA / "teams_ios" / "ios"
COCOA = datetime(2001, 1, 1, tzinfo=timezone.utc)


def _manifest() -> dict:
    return json.loads((SAMPLE_DATA / "teams_ios" / "MANIFEST.json").read_text(encoding="utf-8"))


def _rows(sql: str, db=SAMPLE / gen.IOS_DB) -> list:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _alter(db, *statements, params=()) -> None:
    con = sqlite3.connect(db)
    for sql in statements:
        con.execute(sql, params) if params else con.execute(sql)
    con.commit()
    con.close()


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "ios"
    shutil.copytree(SAMPLE, dest)
    return dest, dest / gen.IOS_DB


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE)  # the folder is not named after the app (teams/ holds Android): checked here, not by generic_sample
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    assert claimed(tl) == {manifest["path"]: ["teams_ios"]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    assert {e["parser"] for e in tl.events} == {"teams_ios/1.0"} and {e["app"] for e in tl.events} == {"teams"}
    assert {e["kind"] for e in manifest["events"]} == {"message", "contact", "call"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "teams_ios", "ios", gen.ios_manifest, [gen.IOS_DB])


def test_messages_direction_topic_and_times(parse):
    tl = parse(SAMPLE)
    rows = _rows("SELECT m.Z_PK, m.ZARRIVALTIME, m.ZTS_ISSENTBYME, m.ZFROM, m.ZIMDISPLAYNAME, m.ZCOMPOSETIME, "
                 "t.ZTHREADTOPIC FROM ZSMESSAGE m LEFT JOIN ZTHREAD t ON t.ZTSID = m.ZTHREADID ORDER BY m.Z_PK")
    assert len(rows) == 10
    for pk, arrival, sent, sender, name, compose, topic in rows:
        event = tl.by_locator(f"ZSMESSAGE:Z_PK={pk}")
        assert event["timestamp"] == _iso(COCOA + timedelta(seconds=arrival)) and event["timestamp_raw"] == arrival
        assert event["direction"] == ("outgoing" if sent == 1 else "incoming")
        assert event["sender"] == sender and event["sender_name"] == name
        assert event["conversation_name"] == topic
        assert event["extra"]["compose_raw"] == compose
        assert event["extra"]["compose_time"] == _iso(datetime.fromisoformat(compose))
    assert {e["conversation_name"] for e in tl.events if e["kind"] == "message"} == {"Site visit", None}


def test_calls_from_both_plist_forms(parse):
    tl = parse(SAMPLE)
    blobs = _rows("SELECT ZPROPERTIES FROM ZMESSAGEPROPERTIES ORDER BY Z_PK")
    assert [plistlib.loads(b).get("$archiver") for (b,) in blobs] == ["NSKeyedArchiver", None]
    records = [json.loads(plistlib.loads(blobs[1][0])["call-log"])]
    calls = [e for e in tl.events if e["kind"] == "call"]
    assert len(calls) == 2
    answered, missed = calls
    assert answered["extra"]["duration_s"] == 22.5 and answered["body"] == "audio call, 22 s"
    assert answered["extra"]["callState"] == "accepted" and answered["direction"] is None
    assert answered["extra"]["connect_time"] < answered["extra"]["end_time"]
    rec = records[0]
    assert missed["timestamp"] == _iso(datetime.fromisoformat(rec["startTime"]))
    assert missed["timestamp_raw"] == rec["startTime"] and rec["connectTime"] == ""
    assert "duration_s" not in missed["extra"] and "connect_time" not in missed["extra"]
    assert missed["sender"] == rec["originator"] and missed["recipients"] == [rec["target"]]
    assert missed["sender_name"] == rec["originatorParticipant"]["displayName"]
    assert missed["extra"]["target_name"] == rec["targetParticipant"]["displayName"]


def test_contacts(parse):
    tl = parse(SAMPLE)
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    device = _rows("SELECT ZDISPLAYNAME, ZEMAIL, ZPHONENUMBER FROM ZDEVICECONTACTHASH ORDER BY Z_PK")
    users = _rows("SELECT ZDISPLAYNAME, ZTELEPHONENUMBER, ZTS_LASTSYNCEDAT FROM ZUSER ORDER BY Z_PK")
    assert [(e["sender_name"], e["extra"].get("email"), e["sender"]) for e in contacts[:2]] == device
    assert [(e["sender_name"], e["sender"], e["extra"]["last_sync_raw"]) for e in contacts[2:]] == users
    assert contacts[2]["extra"]["last_sync_time"] == _iso(COCOA + timedelta(seconds=users[0][2]))


def test_store_without_message_table_gives_one_warning(parse, copy):
    root, db = copy
    _alter(db, "ALTER TABLE ZSMESSAGE RENAME TO ZSMESSAGE_OLD")
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == gen.IOS_DB and "ZSMESSAGE" in warning["message"]


def test_optional_tables_missing_still_parses_messages(parse, copy):
    root, db = copy
    _alter(db, "DELETE FROM ZTHREAD", "DROP TABLE ZUSER", "DROP TABLE ZMESSAGEPROPERTIES", "DROP TABLE ZDEVICECONTACTHASH")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert {e["kind"] for e in tl.events} == {"message"} and len(tl.events) == 10
    assert all(e["conversation_name"] is None for e in tl.events)


def test_properties_without_a_call_are_skipped(parse, copy):
    root, db = copy
    _alter(db, "INSERT INTO ZMESSAGEPROPERTIES (Z_PK, Z_ENT, Z_OPT, ZTSID, ZPROPERTIES) VALUES (9, 7, 1, 'x', ?)",
           params=(plistlib.dumps({"cards": "[]"}, fmt=plistlib.FMT_BINARY),))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(_manifest()["events"])


@pytest.mark.parametrize("blob", [b"not a plist", plistlib.dumps({"call-log": "{\"startTime\": "}, fmt=plistlib.FMT_BINARY),
                                  plistlib.dumps({"call-log": "[1, 2]"}, fmt=plistlib.FMT_BINARY)])
def test_damaged_call_record_warns_and_the_rest_parses(parse, copy, blob):
    root, db = copy
    _alter(db, "UPDATE ZMESSAGEPROPERTIES SET ZPROPERTIES = ? WHERE Z_PK = 1", params=(blob,))
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"]) - 1
    [warning] = tl.warnings
    assert warning["source_path"] == gen.IOS_DB and "ZMESSAGEPROPERTIES:Z_PK=1" in str(warning)
