"""Instagram Android ``direct.db`` (parser ``instagram_android``).

No real ``direct.db`` and no ``CREATE TABLE`` statement of it is in the corpus or a findable source,
so there is no generator on a real DDL and no committed sample (see the parser's docstring). The
database here is built with ONLY the tables and columns ALEAPP's ``instagram.py`` queries, left
untyped (nothing about their declared types is assumed), and message JSON with the fields ALEAPP
and HPI read. Expected values are written out here, times computed with :mod:`datetime`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

from conftest import claimed

PATH = "data/data/com.instagram.android/databases/direct.db"
OWNER, TESS, UMA = "5550100001", "5550100002", "5550100003"
START = datetime(2024, 2, 1, 9, 0, 0, 123456, tzinfo=timezone.utc)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _us(when: datetime) -> int:
    return (when - EPOCH) // timedelta(microseconds=1)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _at(i: int) -> datetime:
    return START + timedelta(minutes=i, microseconds=i)


THREADS = [
    ("340282366841710300949128200000000000001",
     {"recipients": [{"id": int(TESS), "username": "tess.ng", "full_name": "Tess Ng"}]}),
    ("340282366841710300949128200000000000002",
     {"thread_title": "Band practice", "users": [{"pk": UMA, "username": "uma.vo", "full_name": ""}],
      "inviter": {"pk_id": OWNER, "username": "sam.owner", "full_name": "Sam Owner"}}),
]
URL = "https://media.example.com/direct/v/clip.mp4"
MESSAGES = [  # (thread index, message_type, text column, message JSON)
    (0, "text", "Are you coming tonight?", {"user_id": int(TESS), "item_id": "i1", "item_type": "text",
                                             "text": "Are you coming tonight?"}),
    (0, "text", "Yes <b>!</b>", {"user_id": int(OWNER), "item_id": "i2", "item_type": "text"}),
    (0, "media", None, {"user_id": int(OWNER), "item_id": "i3", "item_type": "media", "content_type": "media",
                        "media": {"video_versions": [{"url": URL}], "taken_at": 1706778000,
                                  "user": {"username": "sam.owner"}}}),
    (0, "video_call_event", None, {"user_id": int(TESS), "item_id": "i4", "video_call_event": {
        "action": "video_call_started", "description": "tess.ng started a video chat", "did_join": False,
        "vc_id": 18200000000000001}}),
    (1, "reel_share", None, {"user_id": int(UMA), "item_id": "i5", "item_type": "reel_share",
                             "reel_share": {"text": "look at this"}}),
    (1, "action_log", "Uma liked a message", {"user_id": int(UMA), "item_id": "i6", "item_type": "action_log"}),
]


def _build(tmp_path, *, session=True, threads=True):
    path = tmp_path / "ext" / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    with con:
        con.execute("CREATE TABLE messages (timestamp, thread_id, message_type, text, message)")
        if threads:
            con.execute("CREATE TABLE threads (thread_id, thread_info, last_activity_time)")
            for tid, info in THREADS:
                con.execute("INSERT INTO threads VALUES (?, ?, ?)", (tid, json.dumps(info), _us(_at(9))))
        if session:
            con.execute("CREATE TABLE session (user_id)")
            con.execute("INSERT INTO session VALUES (?)", (OWNER,))
        for i, (t, mtype, text, message) in enumerate(MESSAGES, 1):
            con.execute("INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
                        (_us(_at(i)), THREADS[t][0], mtype, text, json.dumps({**message, "timestamp": str(_us(_at(i)))})))
    con.close()
    return path


def test_direct_db_messages_calls_and_users(parse, event_validator, tmp_path):
    _build(tmp_path)
    tl = parse(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {PATH: ["instagram_android"]}
    for event in tl.events:
        event_validator.validate(event)
    got = [(e["source_locator"], e["kind"], e["timestamp"], e["direction"], e["sender"], e["recipients"], e["body"])
           for e in tl.events if e["source_locator"].startswith("messages:")]
    t1, t2 = THREADS[0][0], THREADS[1][0]
    assert got == [
        ("messages:rowid=1", "message", _iso(_at(1)), "incoming", TESS, [OWNER], "Are you coming tonight?"),
        ("messages:rowid=2", "message", _iso(_at(2)), "outgoing", OWNER, [TESS], "Yes <b>!</b>"),
        ("messages:rowid=3", "message", _iso(_at(3)), "outgoing", OWNER, [TESS], None),
        ("messages:rowid=4", "call", _iso(_at(4)), "incoming", TESS, [OWNER], "tess.ng started a video chat"),
        ("messages:rowid=5", "message", _iso(_at(5)), "incoming", UMA, [OWNER], "look at this"),
        ("messages:rowid=6", "system", _iso(_at(6)), "incoming", UMA, [OWNER], "Uma liked a message"),
    ]
    assert [e["conversation_id"] for e in tl.events if e["source_locator"].startswith("messages:")] == [t1] * 4 + [t2] * 2
    assert tl.by_locator("messages:rowid=1")["conversation_name"] == "Tess Ng"
    assert tl.by_locator("messages:rowid=5")["conversation_name"] == "Band practice"
    assert tl.by_locator("messages:rowid=5")["sender_name"] == "uma.vo"  # empty full name: the user name
    media = tl.by_locator("messages:rowid=3")
    assert [a["path"] for a in media["attachments"]] == [URL]
    assert media["extra"]["media_owner"] == "sam.owner"
    assert media["extra"]["media_taken_at_time"] == "2024-02-01T09:00:00.000000Z"
    call = tl.by_locator("messages:rowid=4")
    assert call["extra"]["call_id"] == 18200000000000001 and call["extra"]["did_join"] is False
    assert call["extra"]["action"] == "video_call_started" and call["timestamp_raw"] == _us(_at(4))
    contacts = {e["sender"]: (e["sender_name"], e["source_locator"]) for e in tl.events if e["kind"] == "contact"}
    assert contacts == {TESS: ("Tess Ng", f"threads:rowid=1/user={TESS}"), UMA: ("uma.vo", f"threads:rowid=2/user={UMA}"),
                        OWNER: ("Sam Owner", f"threads:rowid=2/user={OWNER}")}


def test_without_session_no_direction_is_guessed(parse, tmp_path):
    _build(tmp_path, session=False)
    tl = parse(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.warnings == []
    messages = [e for e in tl.events if e["source_locator"].startswith("messages:")]
    assert len(messages) == 6 and {e["direction"] for e in messages} == {None}
    assert all(e["recipients"] == [] for e in messages)


def test_bad_json_costs_one_warning_never_the_row(parse, tmp_path):
    path = _build(tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE messages SET message = '{not json' WHERE rowid = 1")
        con.execute("UPDATE messages SET message = '[1, 2]' WHERE rowid = 2")
        con.execute("UPDATE threads SET thread_info = 'x' WHERE rowid = 2")
    con.close()
    tl = parse(tmp_path / "ext")
    assert tl.exit_code == 3 and len(tl.warnings) == 3
    assert all(w["source_path"].endswith("direct.db") for w in tl.warnings)
    assert sorted(w["message"].split(":")[0] for w in tl.warnings) == [
        "messages.message could not be decoded", "messages.message could not be decoded",
        "threads.thread_info could not be decoded"]
    first = tl.by_locator("messages:rowid=1")
    assert first["body"] == "Are you coming tonight?" and first["sender"] is None and first["extra"]["json_error"]
    assert first["timestamp"] == _iso(_at(1))
    assert len([e for e in tl.events if e["source_locator"].startswith("messages:")]) == 6


def test_without_threads_table_is_an_unknown_version(parse, tmp_path):
    _build(tmp_path, threads=False)
    tl = parse(tmp_path / "ext")
    assert tl.events == [] and tl.exit_code == 3
    [w] = tl.warnings
    assert "threads" in w["message"] and w["source_path"].endswith("direct.db")
