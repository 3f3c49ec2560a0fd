"""Facebook Messenger for Android ``threads_db2`` (``plugins/facebook_messenger_android.py``).

The committed sample (``sample_data/facebook_messenger/``) parses with zero warnings into exactly its
``MANIFEST.json`` (written by ``artefacts/synthetic/facebook_messenger.py`` from its own values) and is
rebuilt byte for byte; calls, unsent messages, reactions, odd rows and a split run are checked on copies.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

from conftest import SAMPLE_DATA, assert_events_match, claimed
from test_plaso_messengers_odd import _copy as copy_sample, _sql

from artefacts.synthetic.facebook_messenger import (DB, MSYS, OWNER, UID_FILE, build_msys, build_threads_db2,
                                                    write_facebook_messenger_extraction)

APP = SAMPLE_DATA / "facebook_messenger"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _iso(ms: int) -> str:
    return (EPOCH + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _manifest() -> dict:
    return json.loads((APP / "MANIFEST.json").read_text(encoding="utf-8"))


def _rows(db, sql, *args):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def _copy(tmp_path):
    return copy_sample("facebook_messenger", tmp_path)


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(APP / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {DB: ["facebook_messenger_android"], MSYS: ["facebook_messenger_android_msys"]}
    got = assert_events_match(tl, manifest, validator=event_validator)
    for (path, _), event in got.items():
        parser = "facebook_messenger_android_msys" if path == MSYS else "facebook_messenger_android"
        assert event["app"] == "facebook_messenger" and event["parser"] == f"{parser}/1.0"
    kinds = {p: sorted({e["kind"] for e in manifest["events"] if e.get("path", DB) == p}) for p in (DB, MSYS)}
    assert kinds == {DB: ["call", "contact", "message"], MSYS: ["call", "contact", "message", "system"]}
    assert any(e.get("deleted") for e in manifest["events"]) and any(e.get("attachments") for e in manifest["events"])
    for f in (APP / "android").rglob("*"):
        assert not f.is_file() or f.stat().st_size <= 60 * 1024, f


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = write_facebook_messenger_extraction(tmp_path, seed=2024)
    assert (tmp_path / DB).read_bytes() == (APP / "android" / DB).read_bytes()
    assert (tmp_path / UID_FILE).read_bytes() == (APP / "android" / UID_FILE).read_bytes()
    assert (tmp_path / MSYS).read_bytes() == (APP / "android" / MSYS).read_bytes()
    assert json.loads(json.dumps(manifest)) == _manifest()


def test_rows_read_from_the_database_itself(parse):
    """Each event against its own row, read here with SQL: times, sender JSON, unsent, reactions, shares."""
    db = APP / "android" / DB
    tl = parse(APP / "android")
    rows = _rows(db, "SELECT * FROM messages ORDER BY rowid")
    seen = {"unsent": 0, "reaction": 0, "share": 0, "picture": 0}
    for row in rows:
        event = tl.by_locator(f"messages:msg_id={row['msg_id']}")
        sender = json.loads(row["sender"])
        assert event["sender"] == sender["user_key"].split(":", 1)[1] and event["sender_name"] == sender["name"]
        assert event["direction"] == ("outgoing" if event["sender"] == OWNER else "incoming")
        assert event["extra"]["msg_type"] == row["msg_type"]
        if row["generic_admin_message_extensible_data"]:
            continue
        assert event["timestamp"] == _iso(row["timestamp_ms"]) and event["timestamp_raw"] == row["timestamp_ms"]
        if row["timestamp_sent_ms"]:
            assert event["extra"]["sent_time"] == _iso(row["timestamp_sent_ms"])
        if row["unsent_timestamp_ms"]:
            seen["unsent"] += 1
            assert event["deleted"] is True and event["extra"]["unsent"] is True
            assert event["extra"]["unsent_time"] == _iso(row["unsent_timestamp_ms"])
        else:
            assert event["deleted"] is False and "unsent" not in event["extra"]
        reactions = _rows(db, "SELECT reaction, reaction_timestamp FROM message_reactions WHERE msg_id = ?", row["msg_id"])
        if reactions:
            seen["reaction"] += 1
            assert event["extra"]["reactions"] == [{"reaction": r["reaction"], "time": _iso(r["reaction_timestamp"]),
                                                    "time_raw": r["reaction_timestamp"]} for r in reactions]
        if row["shares"]:
            seen["share"] += 1
            assert event["extra"]["shares"] == json.loads(row["shares"])
        if row["attachments"]:
            seen["picture"] += 1
            (a,) = json.loads(row["attachments"])
            assert [(x["name"], x["mime_type"], x["size"]) for x in event["attachments"]] == \
                [(a["filename"], a["mime_type"], a["file_size"])]
    assert all(seen.values()), seen
    users = _rows(db, "SELECT * FROM thread_users ORDER BY rowid")
    for u in users:
        event = tl.by_locator(f"thread_users:user_key={u['user_key']}")
        assert event["kind"] == "contact" and event["sender_name"] == u["name"]
        assert event["extra"]["is_friend"] == u["is_friend"]
        assert event["extra"]["profile_pic_url"] == json.loads(u["profile_pic_square"])[0]["url"]


def test_calls_start_before_their_record(parse):
    """A call record is written at the call's end: start = timestamp_ms - call_duration seconds."""
    db = APP / "android" / DB
    tl = parse(APP / "android")
    calls = _rows(db, "SELECT * FROM messages WHERE generic_admin_message_extensible_data IS NOT NULL ORDER BY rowid")
    assert {c["msg_type"] for c in calls} == {9, 203}
    videos = set()
    for row in calls:
        data = json.loads(row["generic_admin_message_extensible_data"])
        event = tl.by_locator(f"messages:msg_id={row['msg_id']}")
        assert event["kind"] == "call" and event["timestamp_desc"] == "Call Start Time"
        assert event["timestamp"] == _iso(row["timestamp_ms"] - data["call_duration"] * 1000)
        assert event["extra"]["end_time"] == _iso(row["timestamp_ms"])
        assert event["extra"]["duration_s"] == data["call_duration"] and event["extra"]["video"] is data["video"]
        assert event["extra"]["group_call"] is (row["msg_type"] == 203)
        assert event["body"].startswith("Video call" if data["video"] else "Audio call")
        videos.add(data["video"])
    assert videos == {True, False}


def test_odd_rows_are_kept_and_bad_json_warns(parse, tmp_path):
    root = _copy(tmp_path)
    db = root / DB
    first, second, third = (r["msg_id"] for r in _rows(db, "SELECT msg_id FROM messages ORDER BY rowid LIMIT 3"))
    _sql(db, f"UPDATE messages SET sender = '{{not json' WHERE msg_id = '{first}'",
         f"UPDATE messages SET msg_type = -1 WHERE msg_id = '{second}'",
         f"UPDATE messages SET msg_type = 203, admin_text_thread_rtc_event = 'group_call_started', "
         f"generic_admin_message_extensible_data = '{{\"video\":false}}' WHERE msg_id = '{third}'")
    tl = parse(root)
    assert tl.exit_code == 3
    (warning,) = tl.warnings
    assert warning["source_path"].endswith("threads_db2") and "messages.sender" in warning["message"]
    assert warning["locator"] == f"messages:msg_id={first}"
    bad = tl.by_locator(f"messages:msg_id={first}")
    assert bad["sender"] is None and bad["direction"] is None and bad["body"] is not None
    assert tl.by_locator(f"messages:msg_id={second}")["kind"] == "other"
    started = tl.by_locator(f"messages:msg_id={third}")
    assert started["kind"] == "system" and started["extra"]["admin_text_thread_rtc_event"] == "group_call_started"
    assert len(tl.events) == len(_manifest()["events"])


def test_without_the_uid_file_or_side_tables(parse, tmp_path):
    root = _copy(tmp_path)
    (root / UID_FILE).unlink()
    _sql(root / DB, "DROP TABLE thread_participants", "DROP TABLE message_reactions", "DROP TABLE thread_users")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert all(e["direction"] is None for e in tl.events if e["kind"] == "message")  # no owner id: unknown
    threads = [e for e in tl.events if e["source_path"] == DB]
    assert {e["kind"] for e in threads} == {"message", "call"}
    assert all(e["recipients"] == [] for e in threads)


def test_missing_messages_table_warns(parse, tmp_path):
    root = _copy(tmp_path)
    _sql(root / DB, "ALTER TABLE messages RENAME TO messages_old")
    tl = parse(root)
    assert tl.exit_code == 3 and [e for e in tl.events if e["source_path"] == DB] == []
    assert len(tl.warnings) == 1 and tl.warnings[0]["source_path"] == DB
    assert "unknown schema version" in tl.warnings[0]["message"] and "messages_old" in tl.warnings[0]["message"]


def test_split_run_equals_one_piece(parse, tmp_path, partitions):
    root = tmp_path / "big"
    build_threads_db2(root / DB, n_messages=1500, seed=7)
    build_msys(root / MSYS, n_messages=1200, seed=7)
    (root / UID_FILE).write_text(OWNER + "\n", encoding="utf-8")
    one = parse(root, jobs=1)
    two = parse(root, jobs=2)
    assert one.warnings == [] == two.warnings
    split = {p.rsplit("/", 1)[-1]: r for p, t, r in partitions if t == "messages" and r}
    assert set(split) == {"threads_db2", MSYS.rsplit("/", 1)[-1]} and all(len(r) >= 2 for r in split.values())
    assert sorted(one.events, key=lambda e: e["event_id"]) == sorted(two.events, key=lambda e: e["event_id"])
    assert len([e for e in one.events if e["source_path"] == DB]) == 1500 + 4
    calls = 2 * (1200 // 17) + sum(1 for i in range(1200 - 1200 % 17, 1200) if i % 17 in (7, 14))
    assert len([e for e in one.events if e["source_path"] == MSYS]) == 1200 + calls + 4


def test_msys_rows_read_from_the_database_itself(parse):
    """msys events against their rows: sender and thread ids, admin lines, attachments, links, reactions, calls, contacts."""
    db = APP / "android" / MSYS
    tl = parse(APP / "android")
    got = {e["source_locator"]: e for e in tl.events if e["source_path"] == MSYS}
    contacts = {c["id"]: c for c in _rows(db, "SELECT * FROM contacts")}
    seen = set()
    for row in _rows(db, "SELECT * FROM messages ORDER BY rowid"):
        event = got[f"messages:message_id={row['message_id']}"]
        assert event["timestamp"] == _iso(row["timestamp_ms"]) and event["sender"] == str(row["sender_id"])
        assert event["sender_name"] == contacts[row["sender_id"]]["name"] and event["conversation_id"] == str(row["thread_key"])
        if row["is_admin_message"]:
            seen.add("admin")
            assert event["kind"] == "system" and event["direction"] is None and event["body"] == row["text"]
            continue
        assert event["direction"] == ("outgoing" if str(row["sender_id"]) == OWNER else "incoming")
        if row["thread_key"] in contacts:  # one-to-one: the thread key is the other person
            other = str(row["thread_key"])
            assert event["recipients"] == ([other] if event["direction"] == "outgoing" else [OWNER])
        else:
            assert event["recipients"] == []
        atts = _rows(db, "SELECT * FROM attachments WHERE message_id = ?", row["message_id"])
        if any(a["filename"] for a in atts):
            seen.add("file")
            assert [(a["name"], a["mime_type"]) for a in event["attachments"]] == \
                [(a["filename"], a["playable_url_mime_type"]) for a in atts]
        ctas = _rows(db, "SELECT native_url FROM attachment_ctas WHERE message_id = ?", row["message_id"])
        if ctas:
            seen.add("link")
            assert event["extra"]["cta_urls"] == [c["native_url"] for c in ctas]
        reactions = _rows(db, "SELECT * FROM reactions WHERE message_id = ?", row["message_id"])
        if reactions:
            seen.add("reaction")
            assert [r["time"] for r in event["extra"]["reactions"]] == \
                [_iso(r["reaction_creation_timestamp_ms"]) for r in reactions]
    for i, row in enumerate(_rows(db, "SELECT * FROM call_log ORDER BY rowid"), 1):
        event = got[f"call_log:rowid={i}"]
        seen.add(("call", row["call_direction"], row["call_media_type"]))
        assert event["kind"] == "call" and event["timestamp"] == _iso(row["call_timestamp_ms"])
        assert event["direction"] == {1: "outgoing", 2: "incoming"}[row["call_direction"]]
        assert event["extra"]["video"] is (row["call_media_type"] == 2)
        assert event["extra"]["duration_s"] == row["call_duration"] and event["conversation_id"] == str(row["thread_key"])
        assert event["conversation_name"] == contacts[row["thread_key"]]["name"]
    for cid, row in contacts.items():
        event = got[f"contacts:id={cid}"]
        assert event["kind"] == "contact" and event["sender"] == str(cid) and event["sender_name"] == row["name"]
        assert event["extra"]["friendship_status"] == row["friendship_status"]
        assert event["extra"]["birthday_time"] == (EPOCH + timedelta(seconds=row["birthday_timestamp"])).strftime(
            "%Y-%m-%dT%H:%M:%S.%fZ")
        if row["blocked_by_viewer_status"] == 2:
            seen.add("blocked")
            assert event["extra"]["blocked_by"] == "owner user"
            assert event["extra"]["blocked_since_time"] == _iso(row["blocked_since_timestamp_ms"])
    assert {"admin", "file", "link", "reaction", "blocked", ("call", 1, 2), ("call", 2, 1)} <= seen, seen


def test_msys_unknown_version_warns(parse, tmp_path):
    root = _copy(tmp_path)
    _sql(root / MSYS, "ALTER TABLE messages RENAME COLUMN sender_id TO author_id")
    tl = parse(root)
    assert tl.exit_code == 3 and [e for e in tl.events if e["source_path"] == MSYS] == []
    (w,) = tl.warnings
    assert w["source_path"] == MSYS and "unknown schema version" in w["message"] and "sender_id" in w["message"]
