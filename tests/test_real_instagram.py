"""Instagram iOS direct messages on plaso's real ``9368974384.db`` (``corpus/plaso``), row by row.

The file is given to the host alone. Counts first (plaso's test, plaso's run, ``expected.json``'s
rows, ours), then every message of ``expected.json`` and each event plaso's own test checks, then
what plaso leaves out (calls, the action line, reactions, users, the rows the host carves from the
freelist). Archive contents are re-read here with :mod:`plistlib` on the read-only file, not through
the parser's decoder. Differences from plaso: ``docs/differences.md`` ("Instagram iOS").
"""

from __future__ import annotations

import plistlib
from collections import Counter
from decimal import Decimal

from conftest import claimed, corpus_file, iso_from_us, sqlite_ro
from test_real_plaso import _db, _plaso_iso

NAME = "9368974384.db"
OWNER = "9368974384"  # the file name and every thread's viewer_id


def _archived(blob: bytes):
    """The NSKeyedArchiver ``$objects`` of a blob and its root object (plain plistlib, no decoding)."""
    data = plistlib.loads(blob)
    objects = data["$objects"]
    return objects, objects[data["$top"]["root"].data]


def _run(parse, event_validator, **options):
    tl = parse(corpus_file("plaso", NAME), **options)
    assert tl.exit_code == 0 and tl.warnings == []
    assert list(claimed(tl).values()) == [["instagram_ios"]]
    for event in tl.events:
        event_validator.validate(event)
    return tl


def _live(tl) -> dict[str, dict]:
    """The events of the live ``messages`` rows by message id."""
    return {e["extra"]["message_id"]: e for e in tl.events
            if e["source_locator"].startswith("messages:row_id=") and not e["recovered"]}


def test_instagram_every_message_as_plaso(parse, event_validator):
    db = _db(NAME)
    with sqlite_ro(corpus_file("plaso", NAME)) as con:
        rows = {r["message_id"]: r for r in con.execute(
            "SELECT m.row_id, m.message_id, m.thread_id, t.viewer_id FROM messages m JOIN threads t USING (thread_id)")}
    tl = _run(parse, event_validator)
    live = _live(tl)
    expected = db["expected"]["messages"]
    assert db["plaso_test"]["asserted_event_data_count"] == db["plaso_run"]["event_data_containers"] == len(expected) \
        == len(rows) == len(live) == 75
    assert {r["viewer_id"] for r in rows.values()} == {OWNER}
    for exp in expected:
        event = live[exp["message_id"]]
        assert event["source_locator"] == f"messages:row_id={rows[exp['message_id']]['row_id']}"
        assert event["conversation_id"] == exp["thread_id"]
        # Cocoa seconds as REAL: the exact binary value floored to the microsecond (plaso's ISO string)
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] == exp["raw_cocoa_seconds"] and event["timestamp_desc"] == "Sent Time"
        assert event["sender"] == exp["sender_identifier"] and event["direction"] == exp["direction"]
        if exp["direction"] == "outgoing":
            assert event["sender"] == OWNER and OWNER not in event["recipients"] and len(event["recipients"]) == 1
        else:
            assert event["recipients"] == [OWNER]
        if exp["username"] is not None:  # plaso: fullName; we fall back to userName where it is empty
            assert event["sender_name"] == exp["username"]
        if exp["video_chat_title"] is not None:  # a VOIP announcement: a call, its title as the body
            assert event["kind"] == "call" and event["body"] == exp["video_chat_title"]
            assert event["extra"]["call_id"] == exp["video_chat_call_identifier"] and exp["body"] is None
        elif event["kind"] == "system":  # the action line: plaso has no text for it, we give its actionLogTitle
            assert exp["body"] is None and event["body"] == "Liked a message"
        else:
            assert event["body"] == exp["body"] and "call_id" not in event["extra"]
        if exp["shared_media_identifier"] is not None:
            [att] = event["attachments"]
            url = exp["shared_media_url"]  # plaso's run keeps the NSURL object: its NS.relative
            assert (att["name"], att["path"]) == (exp["shared_media_identifier"], url["NS.relative"])
            assert url["NS.base"] is None and url["$classname"] == "NSURL"
        else:
            assert event["attachments"] == []
        assert event["deleted"] is False
    for checked in db["plaso_test"]["checked_event_data"]:
        v = checked["values"]
        event = live[expected[checked["event_data_index"]]["message_id"]]
        assert event["timestamp"] == _plaso_iso(v["sent_time"]) and event["sender"] == v["sender_identifier"]
        assert event["sender_name"] == v["username"] or (v["username"] is None and event["sender_name"] == "Instagram User")
        assert [a["path"] for a in event["attachments"]] == ([v["shared_media_url"]] if v["shared_media_url"] else [])
        assert event["body"] == (v["message_body"] or v["video_chat_title"])


def test_instagram_kinds_calls_and_action_line(parse, event_validator):
    tl = _run(parse, event_validator)
    live = list(_live(tl).values())
    assert Counter(e["kind"] for e in live) == {"message": 49, "call": 25, "system": 1}
    calls = [e for e in live if e["kind"] == "call"]
    # iLEAPP's "Instagram Threads Calls": the rows with a VOIP title (hickman_ios15: 25 rows)
    assert Counter(e["body"] for e in calls) == {
        "Video chat ended": 9, "You started a video chat": 4, "Video chat started": 1, "dfirtwo started a video chat": 3,
        "You started an audio call": 2, "Audio call ended": 4, "dfirtwo started an audio call": 2}
    for e in calls:
        assert e["extra"]["video"] is (not e["extra"]["audio_only"])
        assert ("audio call" in e["body"].lower()) is e["extra"]["audio_only"]
    first = tl.by_locator("messages:row_id=1594")  # plaso's event data 0
    assert first["kind"] == "call" and first["direction"] == "outgoing" and first["extra"]["call_id"] == "18135614113062170"
    assert first["extra"]["voip_event_type"] == 4 and first["extra"]["did_join"] is True
    [action] = [e for e in live if e["kind"] == "system"]
    assert action["body"] == "Liked a message" and action["extra"]["activity_subtype"] == "SUBTYPE_ACTION"
    assert action["sender"] == "49849116416" and action["sender_name"] == "This Is DFIRTwo"


def test_instagram_reactions_as_stored(parse, event_validator):
    with sqlite_ro(corpus_file("plaso", NAME)) as con:
        stored = {}
        for row in con.execute("SELECT row_id, archive FROM messages"):
            objects, root = _archived(row["archive"])
            listed = objects[root["NSArray<IGDirectMessageReaction *>*reactions"].data]["NS.objects"]
            for uid in listed:
                reaction = objects[uid.data]
                when = objects[reaction["USER_BASED_REACTION_SERVER_TIMESTAMP"].data]["NS.time"]
                stored.setdefault(row["row_id"], []).append(
                    (objects[reaction["USER_BASED_REACTION_EMOJI_UNICODE"].data],
                     objects[reaction["USER_BASED_REACTION_USER_ID"].data], when))
    assert stored  # the real file has reacted messages
    tl = _run(parse, event_validator)
    for row_id, reactions in stored.items():
        got = tl.by_locator(f"messages:row_id={row_id}")["extra"]["reactions"]
        assert [(r["emoji"], r["sender"], r["time_raw"]) for r in got] == reactions
        assert all(r["time"].startswith("20") and r["time"].endswith("Z") for r in got)
    unreacted = [e for e in _live(tl).values() if e["source_locator"].split("=")[1] not in map(str, stored)]
    assert all("reactions" not in e["extra"] for e in unreacted)


def test_instagram_users_and_carved_rows(parse, event_validator):
    tl = _run(parse, event_validator, recover=True)
    contacts = {e["sender"]: e for e in tl.events if e["kind"] == "contact"}
    assert {pk: (c["sender_name"], c["extra"].get("username")) for pk, c in contacts.items()} == {
        "9368974384": ("ThisIsDFIR", "thisisdfir"),
        "22824420": ("Instagram User", "Instagram User"),  # fullName empty: the user name
        "49849116416": ("This Is DFIRTwo", "dfirtwo"),
        "42293925776": ("ThisIsDfirTwo", "thisisdfirtwo"),
    }
    # the host carves two deleted message rows from the freelist and runs this parser's mapping on them
    carved = {e["source_locator"].split(" ")[0]: e for e in tl.events if e["recovered"]}
    assert set(carved) == {"messages:rowid=1477", "messages:rowid=1533"}
    assert carved["messages:rowid=1533"]["body"].startswith("Not well. It’s already down to 45%.")
    assert carved["messages:rowid=1533"]["direction"] == "outgoing"
    text = carved["messages:rowid=1533"]
    us = int((Decimal(text["timestamp_raw"]) + 978307200) * 1_000_000)  # the exact binary value, floored
    assert text["timestamp"] == iso_from_us(us) and text["timestamp"].startswith("2021-02-12T02:38:01.3868")
    assert carved["messages:rowid=1477"]["kind"] == "call" and carved["messages:rowid=1477"]["body"] == "Video chat ended"
    assert len(tl.events) == 75 + 4 + 2 + 1  # + the note of the 1593 rows deleted below sqlite_sequence
