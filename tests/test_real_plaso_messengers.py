"""Differential tests of the Tango, Viber, Twitter/X and Burner parsers on plaso's real test databases.

Each file is given alone, as a user would; counts first (plaso's test, plaso's run, the rows of
``expected.json``, ours), then every row of ``expected.json`` and the values plaso's own tests assert.
Every difference is explained in ``docs/differences.md`` ("plaso test databases: Tango, Viber,
Twitter/X, Burner").
"""

from __future__ import annotations

import base64
import shutil
from datetime import datetime, timezone

from conftest import corpus_file, iso_from_us, sqlite_ro
from test_real_plaso import _db, _plaso_iso, _run_clean

from artefacts.decoders import protowire


def _by_kind(tl) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for e in tl.events:
        out.setdefault(e["kind"], []).append(e)
    return out


# -- tango_android_tc.db (plaso sqlite/tango_android_tc) ----------------------------------------------

#: rows whose payload has no text in field 4 but a notice in field 76 (docs/differences.md)
TANGO_NOTICES = {
    16777228: "(571) 221-7366 liked the video.\n(For full experience, upgrade Tango http://install.tango.net)",
    16777232: "Hank liked the message.",
    16777234: "(571) 221-7366 liked the music.\n(For full experience, upgrade Tango http://install.tango.net)",
}


def test_tango_messages_every_row(parse, event_validator):
    db = _db("tango_android_tc.db")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "tango_android_tc.db"), "tango_android")
    expected = db["expected"]["messages"]
    # plaso: 25 event data = 7 conversations ("Not a time") + 18 messages; 43 events (18 x 2 times + 7)
    assert db["plaso_test"]["asserted_event_data_count"] == 25 == db["conversation_rows"]["count"] + len(expected)
    assert db["plaso_run"]["events_json_line"] == 43
    assert db["message_rows"]["count"] == len(expected) == len(tl.events) == 18
    assert [e["source_locator"] for e in tl.events] == [f"messages:msg_id={m['message_identifier']}" for m in expected]
    for exp in expected:
        event = tl.by_locator(f"messages:msg_id={exp['message_identifier']}")
        assert event["kind"] == "message" and event["app"] == "tango"
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_desc"] == "Creation Time"
        assert event["extra"]["sent_time"] == _plaso_iso(exp["sent_iso"])
        assert event["direction"] == exp["direction"] and event["extra"]["direction_raw"] == exp["direction_raw"]
        assert event["conversation_id"] == exp["conversation_id"]
        assert event["extra"]["type"] == exp["msg_type"] and event["extra"]["status"] == exp["status"]
        if exp["message_identifier"] in TANGO_NOTICES:
            assert event["body"] == TANGO_NOTICES[exp["message_identifier"]] and event["extra"]["body_field"] == 76
            assert exp["body_decoded_here"] in ("", None)
        else:
            assert event["body"] == exp["body_decoded_here"]
    # plaso's checked event data 14: message 16777224 (outgoing, a picture)
    checked = next(c["values"] for c in db["plaso_test"]["checked_event_data"] if c["event_data_index"] == 14)
    event = tl.by_locator(f"messages:msg_id={checked['message_identifier']}")
    assert event["timestamp"] == _plaso_iso(checked["creation_time"])
    assert event["extra"]["sent_time"] == _plaso_iso(checked["sent_time"])
    assert event["extra"]["direction_raw"] == checked["direction"] == 2 and event["direction"] == "outgoing"
    [picture] = event["attachments"]
    assert picture["path"].endswith("TCStorageManagerMediaCache_v2/88693890412e8f7d92b00b246af76424")
    assert picture["sha256"] is None  # the media cache is not in plaso's test data
    # the conversation plaso checks (its event data 2) is a conversation of our messages
    conv = next(c["values"] for c in db["plaso_test"]["checked_event_data"] if c["event_data_index"] == 2)
    assert conv["conversation_identifier"] in {e["conversation_id"] for e in tl.events}


def test_tango_payload_fields_agree_with_the_columns():
    """Why fields 2, 3, 22, 23 and 29 are read as they are: on every real row they equal the columns."""
    with sqlite_ro(corpus_file("plaso", "tango_android_tc.db")) as con:
        rows = con.execute("SELECT msg_id, conv_id, type, create_time, send_time, payload FROM messages").fetchall()
    assert len(rows) == 18
    for row in rows:
        fields = protowire.decode(base64.b64decode(row["payload"], validate=True))
        first = {}
        for f in fields:
            first.setdefault(f.number, f.value)
        assert first[2].decode() == row["conv_id"] and first[3] == row["type"] and first[23] == row["msg_id"]
        assert first[29] == row["create_time"] and first[22] == row["send_time"]


# -- tango_profile.db (plaso sqlite/tango_android_profile) ---------------------------------------------

def test_tango_profiles_every_row(parse, event_validator):
    db = _db("tango_profile.db")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "tango_profile.db"), "tango_android_profiles")
    assert db["plaso_test"]["asserted_event_data_count"] == db["contact_rows"]["count"] == len(tl.events) == 57
    assert db["plaso_run"]["events_json_line"] == 171  # 3 times per row, "Not Set" ones included
    assert {e["kind"] for e in tl.events} == {"contact"}
    with sqlite_ro(corpus_file("plaso", "tango_profile.db")) as con:
        rows = con.execute("SELECT rowid, * FROM profiletable ORDER BY rowid").fetchall()
        me = con.execute("SELECT value FROM profiles WHERE key = 'keyCurrentUserId'").fetchone()[0]
    assert [e["sender"] for e in tl.events] == [r["itemUserId"] for r in rows]
    for row, event in zip(rows, tl.events):
        first = base64.b64decode(row["itemFirstName"]).decode() or None
        assert event["extra"]["first_name"] == first
        assert event["extra"]["last_active_raw"] == row["itemLastActiveTime"] if row["itemLastActiveTime"] else \
            "last_active_raw" not in event["extra"]
        if row["itemFriendRequestTime"]:
            assert event["extra"]["friend_request_time"] == iso_from_us(row["itemFriendRequestTime"] * 1000)
        else:  # 0 = not set (plaso: NotSet)
            assert "friend_request_time" not in event["extra"]
        assert event["extra"]["is_current_user"] is (row["itemUserId"] == me)
    assert [e["sender_name"] for e in tl.events if e["extra"]["is_current_user"]] == ["Hank Fresh"]
    # plaso's checked event data 2
    [checked] = db["plaso_test"]["checked_event_data"]
    values, event = checked["values"], tl.events[checked["event_data_index"]]
    assert event["sender_name"] == f"{values['first_name']} {values['last_name']}" == "Rouel Henry"
    x = event["extra"]
    assert (x["first_name"], x["last_name"], x["birthday"], x["gender"], x["status"], x["distance"]) == (
        values["first_name"], values["last_name"], values["birthday"], values["gender"], values["status"],
        values["distance"])
    assert x["friend_request_message"] == values["friend_request_message"]
    assert x["friend_request_type"] == values["friend_request_type"] and x["is_friend"] is values["is_friend"]
    assert x["friend_request_time"] == _plaso_iso(values["friend_request_time"])
    assert x["last_active_time"] == _plaso_iso(values["last_active_time"])


# -- viber_data (plaso sqlite/android_viber_call) ------------------------------------------------------

def test_viber_calls_every_row_and_contacts(parse, event_validator):
    db = _db("viber_data")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "viber_data"), "viber_android")
    kinds = _by_kind(tl)
    calls = db["expected"]["calls"]
    assert db["plaso_test"]["asserted_event_data_count"] == db["call_rows"]["count"] == len(calls) == 4
    assert db["plaso_run"]["events_json_line"] == 8  # start and end of each call
    assert len(kinds["call"]) == 4 and len(kinds["contact"]) == 5 and len(tl.events) == 9
    for exp in calls:
        event = tl.by_locator(f"calls:_id={exp['row_id']}")
        assert event["app"] == "viber" and event["timestamp_desc"] == "Call Start Time"
        assert event["timestamp"] == iso_from_us(exp["start_us"]) == _plaso_iso(exp["start_iso"])
        assert event["extra"]["end_time"] == _plaso_iso(exp["end_iso"])
        assert event["extra"]["duration_s"] == exp["duration_s"] and event["extra"]["type"] == exp["call_type"]
        assert event["direction"] == exp["direction"] and event["status"] == exp["direction"]
        assert event["extra"]["video"] is (exp["viber_call_type"] == 4)
        assert event["body"].startswith("Video call" if exp["viber_call_type"] == 4 else "Audio call")
        assert event["conversation_id"] == exp["number"] and event["conversation_name"] == "This Is DFIR Two"
        if exp["direction"] == "incoming":
            assert event["sender"] == exp["number"] and event["recipients"] == []
        else:
            assert event["sender"] is None and event["recipients"] == [exp["number"]]
    [checked] = db["plaso_test"]["checked_event_data"]
    values, event = checked["values"], tl.events[checked["event_data_index"]]
    assert event["timestamp"] == _plaso_iso(values["start_time"])
    assert event["extra"]["end_time"] == _plaso_iso(values["end_time"])
    assert event["extra"]["duration_s"] == values["duration"] and event["conversation_id"] == values["phone_number"]
    assert event["extra"]["viber_call_type"] == values["viber_call_type"] == 4
    # contacts: 5 phonebook contacts, their distinct numbers (10 phonebookdata rows), the one Viber member
    contacts = {e["sender_name"]: e for e in kinds["contact"]}
    assert sorted(contacts) == sorted(["Josh Hickman", "Liz", "This Is DFIR Two", "Thom De'Fer", "ThisIs DFIRThree"])
    assert contacts["Josh Hickman"]["extra"]["numbers"] == ["+19193912507", "+19195790479"]
    assert contacts["This Is DFIR Two"]["sender"] == "+19198887386"
    assert contacts["This Is DFIR Two"]["extra"]["viber_member_ids"] == ["MAnQGEYEn/E="]
    assert contacts["ThisIs DFIRThree"]["extra"]["numbers"] == [] and contacts["ThisIs DFIRThree"]["sender"] is None
    assert sum("viber_member_ids" in e["extra"] for e in kinds["contact"]) == 1


# -- twitter_android.db (plaso sqlite/twitter_android) -------------------------------------------------

def test_twitter_android_direct_message_and_users(parse, event_validator):
    db = _db("twitter_android.db")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "twitter_android.db"), "twitter_android")
    kinds = _by_kind(tl)
    assert db["message_rows"]["count"] == len(db["expected"]["messages"]) == len(kinds["message"]) == 1
    assert db["user_rows"]["count"] == len(kinds["contact"]) == 242 and len(tl.events) == 243
    # plaso: 506 event data = 242 users + 263 statuses + 1 search; tweets and searches are left out here
    assert db["plaso_test"]["asserted_event_data_count"] == 242 + db["status_rows"]["count"] + db["search_rows"]["count"]
    [exp] = db["expected"]["messages"]
    [dm] = kinds["message"]
    assert dm["source_locator"] == f"conversation_entries:_id={exp['row_id']}"
    assert dm["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
    assert dm["conversation_id"] == exp["conversation_id"] and dm["sender"] == str(exp["sender_user_id"])
    assert dm["sender_name"] == "Manuel Schoenthaler" and dm["extra"]["sender_username"] == "ManuelS_SANS"
    assert dm["recipients"] == ["4354196549"]
    assert dm["extra"]["data_hex"].startswith(exp["data_blob_prefix_hex"])
    assert dm["body"] == ("Hey! Thnx for the follow. See https://t.co/syj7UmxniM for events in Germany. "
                          "Looking forward to some interaction!")
    assert dm["direction"] is None  # the file name does not give the account (see the next test)
    # plaso's checked contact: event data 323 = users _id 62
    checked = next(c["values"] for c in db["plaso_test"]["checked_event_data"]
                   if c["values"]["data_type"] == "android:twitter:contact")
    event = tl.by_locator(f"users:_id={checked['identifier']}")
    assert event["sender"] == str(checked["user_identifier"]) and event["sender_name"] == checked["name"]
    x = event["extra"]
    assert (x["username"], x["description"], x["location"], x["web_url"], x["image_url"]) == (
        checked["username"], checked["description"], checked["location"], checked["web_url"], checked["image_url"])
    assert (x["followers"], x["friends"], x["statuses"]) == (checked["followers"], checked["friends"], checked["statuses"])
    assert x["created_time"] == _plaso_iso(checked["creation_time"])
    assert x["updated_time"] == _plaso_iso(checked["modification_time"])
    assert x["friendship_time"] == _plaso_iso(checked["friendship_time"])
    # profile_created = -1 ("not loaded"): no time (plaso gives 1969-12-31T23:59:59.999)
    with sqlite_ro(corpus_file("plaso", "twitter_android.db")) as con:
        unset = con.execute("SELECT count(*) FROM users WHERE profile_created <= 0").fetchone()[0]
    assert unset == sum("created_time" not in e["extra"] for e in kinds["contact"]) > 0


def test_twitter_android_owner_from_the_file_name(parse, tmp_path):
    """In an extraction, ``<user id>-<n>.db`` names the account: the one DM is then incoming."""
    folder = tmp_path / "ext" / "data" / "data" / "com.twitter.android" / "databases"
    folder.mkdir(parents=True)
    shutil.copyfile(corpus_file("plaso", "twitter_android.db"), folder / "4354196549-61.db")
    tl = parse(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.warnings == []
    [dm] = [e for e in tl.events if e["kind"] == "message"]
    assert dm["direction"] == "incoming" and dm["timestamp_desc"] == "Sent Time"


# -- twitter_ios.db (plaso sqlite/twitter_ios) ---------------------------------------------------------

def _floor_second(iso: str) -> str:
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(microsecond=0, tzinfo=timezone.utc).isoformat()


def test_twitter_ios_users(parse, event_validator):
    db = _db("twitter_ios.db")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "twitter_ios.db"), "twitter_ios")
    assert db["user_rows"]["count"] == len(tl.events) == 25 and {e["kind"] for e in tl.events} == {"contact"}
    assert db["message_rows"]["count"] == 0 and db["expected"]["messages"] == []
    assert db["plaso_test"]["asserted_event_data_count"] == 25 + db["status_rows"]["count"]  # tweets left out here
    checked = next(c for c in db["plaso_test"]["checked_event_data"] if c["values"]["data_type"] == "ios:twitter:contact")
    values, event = checked["values"], tl.events[checked["event_data_index"]]
    assert event["sender_name"] == values["name"]
    x = event["extra"]
    assert (x["screenName"], x["description"], x["location"], x["url"], x["profileImageUrl"]) == (
        values["screen_name"], values["description"], values["location"], values["url"], values["profile_url"])
    assert (x["following"], x["followersCount"], x["followingCount"]) == (
        values["following"], values["followers_count"], values["following_count"])
    # plaso truncates the REAL seconds to whole seconds; we keep the fraction (updatedAt 1449070544.333328 as stored)
    assert _floor_second(x["created_time"]) == values["creation_time"]
    assert _floor_second(x["updated_time"]) == values["modification_time"]
    assert x["updated_time"] == "2015-12-02T15:35:44.333328Z" and x["updated_raw"] == 1449070544.333328


# -- burners.sqlite (plaso sqlite/android_communication_information) -----------------------------------

def test_burner_every_message_call_contact_and_number(parse, event_validator):
    db = _db("burners.sqlite")
    tl = _run_clean(parse, event_validator, corpus_file("plaso", "burners.sqlite"), "burner_android")
    kinds = _by_kind(tl)
    expected = db["expected"]["messages"]
    assert db["message_rows"]["count"] == len(expected) == len(kinds["message"]) + len(kinds["call"]) == 16
    assert len(kinds["call"]) == 2 and len(kinds["contact"]) == db["contact_rows"]["count"] + 1 == 5
    assert len(tl.events) == 21
    own = "+19102484781"
    for exp in expected:
        event = tl.by_locator(f"messages:_id={exp['row_id']}")
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["extra"]["message_id"] == exp["message_id"]
        assert event["kind"] == {1: "call", 2: "message"}[exp["message_type"]]
        direction = {1: "incoming", 2: "outgoing"}[exp["direction_raw"]]
        assert event["direction"] == direction
        if direction == "incoming":
            assert event["sender"] == exp["address"] and event["recipients"] == [own]
        else:
            assert event["sender"] == own and event["recipients"] == [exp["address"]]
        assert event["conversation_id"] == exp["address"] and event["conversation_name"] == "This Is DFIR Two"
        if exp["message_type"] == 2:
            assert event["body"] == exp["body"]
        else:
            assert event["body"] == f"Call, {direction}" and exp["body"] == ""
        assert event["extra"]["state"] == exp["state"] and event["extra"]["read"] == exp["read"]
        assert event["extra"]["duration"] == exp["duration"]
    pictures = {e["source_locator"]: [a["name"] for a in e["attachments"]] for e in kinds["message"] if e["attachments"]}
    assert pictures == {"messages:_id=13": ["248d9fad-db20-417e-87be-2c09a83d4ef6.jpg"],
                        "messages:_id=16": ["2d19a270-4502-42e0-8d8c-ce757f10dec6.jpg"]}
    # the number the account holds: plaso's only event data
    [owned] = [e for e in kinds["contact"] if e["extra"].get("owned")]
    [checked] = db["plaso_test"]["checked_event_data"]
    values = checked["values"]
    assert owned["sender"] == values["phone_number"] == own and owned["sender_name"] == values["name"]
    x = owned["extra"]
    assert x["created_time"] == _plaso_iso(values["creation_time"])
    assert x["expiration_time"] == _plaso_iso(values["expiration_time"])
    assert x["last_updated_time"] == _plaso_iso(values["last_updated_time"])
    assert x["total_minutes"] == values["total_minutes"] and x["user_id"] == values["user_identifier"]
    assert "alias" not in x and "voicemail_url" not in x and values["alias"] is None and values["voicemail_url"] is None
    assert db["plaso_run"]["events_json_line"] == 3  # plaso: those three times of that one row
