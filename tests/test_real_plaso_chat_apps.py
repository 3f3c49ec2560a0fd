"""Kik iOS, Skype desktop, Google Hangouts and imo iOS on plaso's real test databases, row by row.

Each file (``kik.sqlite``, ``skype_main.db``, ``babel.db``, ``IMODb2.sqlite`` in ``corpus/plaso``)
is given to the host alone; counts first (plaso's test, plaso's run, ``expected.json``'s rows,
ours), then every message of ``expected.json`` and each event plaso's own test checks. Joins and
codes are re-derived here with plain SQL on the read-only file, not taken from the parsers. Every
difference from plaso is explained in ``docs/differences.md`` ("Kik, Skype, Hangouts, imo").
"""

from __future__ import annotations

from conftest import claimed, corpus_file, iso_from_us, sqlite_ro
from test_real_plaso import _db, _plaso_iso


def _run(parse, event_validator, name: str, parser: str, total: int):
    tl = parse(corpus_file("plaso", name))
    assert tl.exit_code == 0 and tl.warnings == []
    assert list(claimed(tl).values()) == [[parser]]
    assert len(tl.events) == total
    for event in tl.events:
        event_validator.validate(event)
    return tl


def _of_table(tl, table: str) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith(f"{table}:")]


def _messages(parse, event_validator, name: str, parser: str, total: int, table: str, count: int):
    """Run one file: all events, then the message rows: plaso's test, plaso's run, expected.json and ours agree."""
    db = _db(name)
    tl = _run(parse, event_validator, name, parser, total)
    messages = _of_table(tl, table)
    expected = db["expected"]["messages"]
    assert db["plaso_test"]["asserted_event_data_count"] == db["plaso_run"]["event_data_containers"] == len(expected) \
        == len(messages) == count
    return db, tl, messages, expected


# -- kik.sqlite (plaso sqlite/kik_ios) ----------------------------------------------------------

def test_kik_every_message_as_plaso(parse, event_validator):
    path = corpus_file("plaso", "kik.sqlite")
    with sqlite_ro(path) as con:
        n_users = con.execute("SELECT count(*) FROM ZKIKUSER").fetchone()[0]
        by_pk = {r["Z_PK"]: r for r in con.execute(
            "SELECT m.Z_PK, m.ZTYPE, m.ZRECEIVEDTIMESTAMP, m.ZTIMESTAMP, u.ZJID, u.ZUSERNAME, u.ZDISPLAYNAME "
            "FROM ZKIKMESSAGE m JOIN ZKIKUSER u ON u.Z_PK = m.ZUSER")}
        # the rows where plaso's join (ZKIKUSER.ZEXTRA = ZKIKMESSAGE.ZUSER) names another user
        extra_join = {r[0] for r in con.execute(
            "SELECT m.Z_PK FROM ZKIKMESSAGE m JOIN ZKIKUSER x ON x.ZEXTRA = m.ZUSER WHERE x.Z_PK <> m.ZUSER")}
    db, tl, messages, expected = _messages(parse, event_validator, "kik.sqlite", "kik_ios", 60 + n_users, "ZKIKMESSAGE", 60)
    assert len(by_pk) == 60
    assert len(_of_table(tl, "ZKIKUSER")) == n_users == 25
    assert extra_join == {1}
    for exp in expected:
        event = tl.by_locator(f"ZKIKMESSAGE:Z_PK={exp['row_id']}")
        row = by_pk[exp["row_id"]]
        # Cocoa seconds as REAL: the exact binary value floored to the microsecond, as plaso's ISO string
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] == exp["raw_cocoa_seconds"] == row["ZRECEIVEDTIMESTAMP"]
        assert event["timestamp_desc"] == "Received Time"
        assert event["body"] == exp["body"]
        assert event["extra"]["state"] == exp["message_status"] and event["extra"]["type"] == exp["message_type"]
        if exp["message_type"] in (1, 2):
            assert event["kind"] == "message" and event["direction"] == exp["direction"]
        else:  # group lines Kik writes itself; expected.json says "outgoing", see docs/differences.md
            assert event["kind"] == "system" and event["direction"] is None and exp["direction"] == "outgoing"
        assert event["extra"]["username"] == row["ZUSERNAME"]
        if exp["row_id"] not in extra_join:
            assert (row["ZUSERNAME"], row["ZDISPLAYNAME"]) == (exp["username"], exp["display_name"])
        if event["direction"] == "incoming":
            assert event["sender"] == row["ZJID"] and event["sender_name"] == row["ZDISPLAYNAME"]
        elif event["direction"] == "outgoing":
            assert event["sender"] is None and event["recipients"] == [row["ZJID"]]
    # row 1: the Kik Team's welcome; plaso's join names the account jon.doh2015 instead
    first = tl.by_locator("ZKIKMESSAGE:Z_PK=1")
    assert (first["sender"], first["sender_name"]) == ("kikteam@talk.kik.com", "Kik Team")
    assert (expected[0]["username"], expected[0]["display_name"]) == ("jon.doh2015", "Andy Murraymints")
    assert first["extra"]["timestamp_time"] == "2015-06-29T08:46:12.023999Z"  # ZTIMESTAMP 457260372.024 floored
    # plaso's checked event (index 1 = Z_PK 2)
    [checked] = db["plaso_test"]["checked_event_data"]
    values = checked["values"]
    event = messages[checked["event_data_index"]]
    assert event["source_locator"] == "ZKIKMESSAGE:Z_PK=2"
    assert event["timestamp"] == _plaso_iso(values["received_time"]) == "2015-06-29T12:26:11.584833Z"
    assert event["body"] == values["message_body"] and event["extra"]["state"] == values["message_status"]
    assert event["direction"] == "outgoing" and values["message_type"] == 2
    assert event["extra"]["username"] == values["username"] and event["conversation_name"] == values["application_display_name"]
    # the two photos: the content id in the body and as the attachment's name
    for pk, content in ((20, "a7160843-c595-4afb-a359-4151dcd79157"), (26, "b98fc1f4-8862-48fd-9cba-cc0fc4d12037")):
        photo = tl.by_locator(f"ZKIKMESSAGE:Z_PK={pk}")
        assert photo["body"] == content and [a["name"] for a in photo["attachments"]] == [content]
    # a message in the group: the group's JID is the conversation, the member the sender
    group = tl.by_locator("ZKIKMESSAGE:Z_PK=11")
    assert group["conversation_id"] == "1100024090445_g@groups.kik.com" and group["conversation_name"] == "EveryoneButRoss"
    assert group["sender"] == "sbabadi61_jet@talk.kik.com" and group["body"] == "Hi there"


# -- skype_main.db (plaso sqlite/skype) ---------------------------------------------------------

def test_skype_every_message_as_plaso(parse, event_validator):
    db = _db("skype_main.db")
    tl = _run(parse, event_validator, "skype_main.db", "skype_desktop", 22)
    messages, sms = _of_table(tl, "Messages"), _of_table(tl, "SMSes")
    calls, transfers = _of_table(tl, "CallMembers"), _of_table(tl, "Transfers")
    people = _of_table(tl, "Accounts") + _of_table(tl, "Contacts")
    expected = db["expected"]["messages"]
    assert db["message_rows"]["count"] == len(expected) == len(messages) == 15
    assert db["message_rows"]["sms_rows"] == len(db["expected"]["sms"]) == len(sms) == 1
    assert (len(calls), len(transfers), len(people)) == (1, 2, 3)
    # plaso: 20 event data = 15 chat + 1 account + 1 SMS + 2 transfers + 1 call; we add the 2 Contacts rows
    assert db["plaso_test"]["asserted_event_data_count"] == 20 == len(tl.events) - 2
    for exp in expected:
        event = tl.by_locator(f"Messages:id={exp['row_id']}")
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] * 1_000_000 == exp["timestamp_us"]
        assert event["body"] == exp["body"]  # body_xml as stored, entities included
        assert f"{event['sender_name']} <{event['sender']}>" == exp["sender"] and event["sender"] == exp["author"]
        assert ", ".join(event["recipients"]) == exp["to"]
        assert event["extra"]["chat_title"] == exp["title"] and event["extra"]["chatname"] == exp["chatname"]
        assert event["direction"] == ("outgoing" if exp["author"] == "gen.beringer" else "incoming")
    # the out-of-range row: converted as declared (as plaso), the linked SMS's own time beside it
    odd = tl.by_locator("Messages:id=61")
    assert odd["timestamp"] == "2404-12-30T06:23:40.000000Z" and odd["timestamp_raw"] == 13727168620
    [exp_sms] = db["expected"]["sms"]
    assert odd["extra"]["sms_id"] == exp_sms["row_id"] == 145
    assert odd["extra"]["sms_time"] == _plaso_iso(exp_sms["timestamp_iso"]) and odd["extra"]["sms_raw"] * 10 == 13727168620
    [event] = sms
    assert event["timestamp"] == _plaso_iso(exp_sms["timestamp_iso"]) and event["body"] == exp_sms["body"]
    assert event["recipients"] == [exp_sms["number"]] and event["direction"] == "outgoing"
    checked = {c["event_data_index"]: c["values"] for c in db["plaso_test"]["checked_event_data"]}
    # 1: a chat message
    v = checked[1]
    m = messages[1]
    assert m["timestamp"] == _plaso_iso(v["recorded_time"]) and m["body"] == v["text"]
    assert f"{m['sender_name']} <{m['sender']}>" == v["from_account"] and ", ".join(m["recipients"]) == v["to_account"]
    assert m["extra"]["chat_title"] == v["title"]
    # 15: the account
    v = checked[15]
    account = tl.by_locator("Accounts:id=1")
    assert account["kind"] == "contact" and account["sender"] == "gen.beringer"
    assert account["extra"]["profile_time"] == _plaso_iso(v["profile_change_time"])
    assert (account["extra"]["fullname"], account["extra"]["emails"], account["extra"]["country"]) == (
        v["fullname"], v["email"], v["country"])
    # 16: the SMS
    v = checked[16]
    assert event["timestamp"] == _plaso_iso(v["recorded_time"]) and event["body"] == v["text"]
    assert event["recipients"] == [v["number"]]
    # 17: the file offer
    v = checked[17]
    offer = tl.by_locator("Transfers:id=1090")
    assert offer["timestamp"] == _plaso_iso(v["start_time"]) and v["accept_time"] is None and v["end_time"] is None
    assert (offer["sender"], offer["sender_name"]) == (v["sender"], v["sender_display_name"])
    assert offer["recipients"] == [v["receiver"]] and offer["extra"]["status"] == v["transfer_status"]
    [att] = offer["attachments"]
    assert (att["name"], att["path"], att["size"]) == (v["transferred_filename"], v["transferred_file_path"],
                                                       v["transferred_file_size"])
    done = tl.by_locator("Transfers:id=1094")
    assert done["extra"]["accepted_time"] == "2013-10-24T21:49:35.000000Z"
    assert done["extra"]["finished_time"] == "2013-10-24T21:49:37.000000Z"
    assert done["sender"] == "gen.beringer" and done["recipients"] == ["european.bbq.competitor"]
    # 19: the call (plaso's Attempt, Start and End times; user_start_call: see docs/differences.md)
    v = checked[19]
    [call] = calls
    assert call["kind"] == "call" and call["timestamp"] == _plaso_iso(v["attempt_time"])
    assert call["extra"]["answered_time"] == _plaso_iso(v["start_time"])
    assert call["extra"]["end_time"] == _plaso_iso(v["end_time"]) and call["extra"]["duration_s"] == 646
    assert call["sender"] == v["src_call"] and call["recipients"] == [v["dst_call"]]
    assert call["extra"]["video"] is v["video_conference"] is False
    assert call["direction"] == "outgoing" and v["user_start_call"] is False


# -- babel.db (plaso sqlite/hangouts_messages) --------------------------------------------------

def test_hangouts_every_message_as_plaso(parse, event_validator):
    db, tl, messages, expected = _messages(parse, event_validator, "babel.db", "hangouts", 16, "messages", 14)
    assert [e["sender_name"] for e in _of_table(tl, "participants")] == ["Hallym Betty", "John Macron"]
    for exp in expected:
        event = tl.by_locator(f"messages:_id={exp['row_id']}")
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] == exp["timestamp_us"]
        assert event["body"] == exp["body"] and event["sender_name"] == exp["sender"]
        assert event["direction"] == exp["direction"] == {1: "outgoing", 2: "incoming"}[exp["message_type"]]
        assert event["status"] == {0: "unread", 4: "read"}[exp["message_status"]]
        assert event["conversation_id"] == exp["conversation_id"]
        assert len(event["recipients"]) == 1 and event["sender"] not in event["recipients"]
    [checked] = db["plaso_test"]["checked_event_data"]
    v = checked["values"]
    event = messages[checked["event_data_index"]]
    assert event["timestamp"] == _plaso_iso(v["creation_time"]) and event["body"] == v["message_body"]
    assert event["sender_name"] == v["sender"] and event["extra"]["status"] == v["message_status"]
    assert event["extra"]["type"] == v["message_type"] and event["direction"] == "incoming"
    blocked = tl.by_locator("participants:_id=2")
    assert blocked["extra"]["blocked"] == 1 and blocked["sender"] == "108778762612058411235"


# -- IMODb2.sqlite (plaso sqlite/ios_imohdchat_message) -----------------------------------------

def test_imo_every_message_as_plaso(parse, event_validator):
    db, tl, messages, expected = _messages(parse, event_validator, "IMODb2.sqlite", "imo_ios", 20, "ZIMOCHATMSG", 16)
    assert len(_of_table(tl, "ZIMOCONTACT")) == 4
    for exp in expected:
        event = tl.by_locator(f"ZIMOCHATMSG:Z_PK={exp['row_id']}")
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] == exp["timestamp_ns"]
        assert event["body"] == exp["body"] and event["direction"] == exp["direction"]
        assert event["sender_name"] == exp["alias"]  # NULL on sent messages, in plaso too
        assert event["conversation_id"] == exp["buid"]
        if exp["is_sent"]:
            assert event["sender"] is None and event["recipients"] == [exp["buid"]]
        else:
            assert event["sender"] == exp["buid"] and event["recipients"] == []
    [checked] = db["plaso_test"]["checked_event_data"]
    v = checked["values"]
    event = messages[checked["event_data_index"]]
    assert event["timestamp"] == _plaso_iso(v["recorded_time"][:26] + v["recorded_time"][29:])
    assert v["recorded_time"][26:29] == "000"  # plaso's nanoseconds below the microsecond: none here
    assert event["body"] == v["text"] and event["sender_name"] == v["alias"] and event["extra"]["is_sent"] == v["status"]
    # ZIMDATA: the photo of row 5 (object id as in ZTEXT's URL) and the deleted row 15
    photo = tl.by_locator("ZIMOCHATMSG:Z_PK=5")
    [att] = photo["attachments"]
    assert (att["name"], att["mime_type"]) == ("0AK3-QnxEc0.webp", "image/webp")
    assert photo["body"] == "uploaded photo: " + att["path"] and photo["extra"]["imdata_type"] == "photo_uploaded"
    gone = tl.by_locator("ZIMOCHATMSG:Z_PK=15")
    assert gone["deleted"] is True and gone["body"] == "This message was deleted" and gone["attachments"] == []
    assert [e["source_locator"] for e in messages if e["deleted"]] == ["ZIMOCHATMSG:Z_PK=15"]
