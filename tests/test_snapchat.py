"""Snapchat (``plugins/snapchat_android.py``, ``plugins/snapchat_ios.py``): the committed sample parses with zero
warnings into exactly its manifest, the generator rebuilds its bytes, and the edge cases of the store (older
generations, undecodable protobufs, missing companion tables, unnamed content types, missed calls)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import SAMPLE_DATA, assert_events_match, iso_from_us

from artefacts.decoders.protowire import encode
from artefacts.synthetic.messengers import expected_events
from artefacts.synthetic.snapchat import generic_manifest, message_content, write_snapchat_extraction

SAMPLE = SAMPLE_DATA / "snapchat"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_sample_gives_exactly_its_manifest(parse, event_validator, platform):
    expected = expected_events(_manifest()[platform])
    tl = parse(SAMPLE / platform)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, expected, validator=event_validator)
    for exp in expected:
        event = got[exp["path"], exp["locator"]]
        assert event["app"] == "snapchat" and event["platform"] == platform
        assert event["parser"].split("/")[0] == ("snapchat_ios" if platform == "ios" else
                                                 "snapchat_android_friends" if exp["kind"] == "contact" else
                                                 "snapchat_android")


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_sample_rows_in_detail(tmp_path, parse, platform):
    m = write_snapchat_extraction(tmp_path / "x", seed=2024, platform=platform)
    tl = parse(tmp_path / "x")
    assert tl.warnings == []
    kinds = {t: [x for x in m["messages"] if x["content_type"] == t] for t in (0, 1, 5, 11, 12, 77)}
    assert all(kinds.values())  # the sample holds every case below
    for x in m["messages"]:
        e = tl.by_locator(f"conversation_message:message_key={x['conversation_id']}/{x['client_message_id']}")
        assert e["timestamp"] == iso_from_us(x["creation_timestamp"] * 1000)
        assert e["extra"]["content_type"] == x["content_type"]
        if x["read_timestamp"]:
            assert e["extra"]["read_time"] == iso_from_us(x["read_timestamp"] * 1000) and e["status"] in ("read", "missed")
        else:
            assert "read_time" not in e["extra"] and e["status"] in (None, "missed")
        assert e["extra"]["saved"] is x["saved"]
        if x["content_type"] == 1:
            assert e["kind"] == "message" and e["body"] == x["body"] and e["extra"]["content_type_name"] == "CHAT"
            assert "message_content_hex" not in e["extra"]
        elif x["content_type"] in (11, 12):
            video = x["content_type"] == 11
            assert (e["kind"], e["status"], e["extra"]["video"]) == ("call", "missed", video)
            assert e["body"] == ("Missed video call" if video else "Missed audio call")
        else:  # a snap, a sticker and a type no source names: kept with the stored bytes, no text invented
            assert e["kind"] == "message" and e["body"] is None
            assert bytes.fromhex(e["extra"]["message_content_hex"]) == message_content(
                *_ids(x), x["content_type"], None, x["creation_timestamp"], x["read_timestamp"])
            assert ("content_type_name" in e["extra"]) is (x["content_type"] != 77)
    names = {e["sender_name"] for e in tl.events if e["kind"] in ("message", "call")}
    assert names == ({None} if platform == "ios" else {"Sam", "Mara V", "Jonas", "Ines O"})
    assert [e for e in tl.events if e["kind"] == "system"] == [tl.by_locator(
        f"conversation:client_conversation_id={x['conversation_id']}") for x in m["left"]]
    assert len(m["left"]) == 1
    for x in m["left"]:  # the group left on this device
        e = tl.by_locator(f"conversation:client_conversation_id={x['conversation_id']}")
        assert (e["timestamp"], e["timestamp_raw"]) == (iso_from_us(x["tombstoned_at"] * 1000), x["tombstoned_at"])
        assert e["body"] == "Conversation left on this device" and len(x["participants"]) == 3
    for f in m["friends"]:
        e = tl.by_locator(f"Friend:_id={f['_id']}")
        assert (e["sender"], e["sender_name"], e["extra"]["username"]) == (f["user_id"], f["display_name"], f["username"])
        if f["added"]:
            assert e["extra"]["added_time"] == iso_from_us(f["added"] * 1000)
            assert e["extra"]["reverse_added_time"] == iso_from_us(f["reverse_added"] * 1000)
        else:  # the account's own row: 0 = never added
            assert "added_time" not in e["extra"] and f["user_id"] == m["owner"]


def _ids(x):
    import uuid

    return uuid.UUID(x["sender"]), uuid.UUID(x["conversation_id"])


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = {p: generic_manifest(tmp_path / p, p, seed=2024) for p in ("android", "ios")}
    assert manifest == _manifest()
    committed = sorted(p.relative_to(SAMPLE) for p in SAMPLE.rglob("*") if p.is_file() and p.name != "MANIFEST.json")
    assert committed == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for rel in committed:
        assert (tmp_path / rel).read_bytes() == (SAMPLE / rel).read_bytes(), rel


def _arroyo(tmp_path: Path, platform: str = "android") -> tuple[dict, Path]:
    m = write_snapchat_extraction(tmp_path / "x", seed=7, platform=platform)
    return m, tmp_path / "x" / m["arroyo_db"]


def _execute(db: Path, *statements: str, params=()) -> None:
    con = sqlite3.connect(db)
    with con:
        for sql in statements:
            con.execute(sql, params)
    con.close()


def _set_content(db: Path, x: dict, blob: bytes) -> None:
    _execute(db, "UPDATE conversation_message SET message_content = ? WHERE client_conversation_id = ? AND "
             "client_message_id = ?", params=(blob, x["conversation_id"], x["client_message_id"]))


def test_older_generation_without_sender_and_content_type_columns(tmp_path, parse):
    m, db = _arroyo(tmp_path, "ios")
    _execute(db, "ALTER TABLE conversation_message DROP COLUMN sender_id",
             "ALTER TABLE conversation_message DROP COLUMN content_type")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 3
    assert len(tl.warnings) == 1 and "lacks sender_id, content_type" in tl.warnings[0]["message"]
    assert m["arroyo_db"] in json.dumps(tl.warnings[0])
    for x in m["messages"]:  # both read from message_content 2>1 and 4>2
        e = tl.by_locator(f"conversation_message:message_key={x['conversation_id']}/{x['client_message_id']}")
        assert (e["sender"], e["extra"]["content_type"], e["direction"]) == (x["sender"], x["content_type"], x["direction"])
        assert e["body"] == (x["body"] if x["content_type"] == 1 else "Missed video call" if x["content_type"] == 11
                             else "Missed audio call" if x["content_type"] == 12 else None)


def test_undecodable_message_content_is_one_warning_and_the_row_is_kept(tmp_path, parse):
    m, db = _arroyo(tmp_path)
    x = next(x for x in m["messages"] if x["content_type"] == 1)
    garbage = b"\x0a\xff\xff\xff\xff\x0f" + b"not protobuf"
    _set_content(db, x, garbage)
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    locator = f"conversation_message:message_key={x['conversation_id']}/{x['client_message_id']}"
    assert "not a protobuf message" in tl.warnings[0]["message"] and tl.warnings[0]["locator"] == locator
    e = tl.by_locator(locator)
    assert e["body"] is None and e["sender"] == x["sender"] and e["extra"]["message_content_hex"] == garbage.hex()
    assert len([e for e in tl.events if e["kind"] in ("message", "call")]) == len(m["messages"])


def test_missing_conversation_table_and_friend_table(tmp_path, parse):
    m, db = _arroyo(tmp_path)
    _execute(db, "DROP TABLE conversation")
    _execute(tmp_path / "x" / m["main_db"], "ALTER TABLE Friend RENAME TO FriendOld")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 3
    messages = sorted(w["message"] for w in tl.warnings)
    assert len(messages) == 2
    assert "no conversation table" in messages[0] or "no conversation table" in messages[1]
    assert any("main.db has no Friend table" in w for w in messages)
    events = [e for e in tl.events if e["kind"] in ("message", "call")]
    assert len(events) == len(m["messages"]) and not any(e["kind"] == "contact" for e in tl.events)
    assert all(e["recipients"] == [] and e["sender_name"] is None for e in events)
    assert [e["direction"] for e in events].count(None) == 0  # the account still known from its own rows


def test_no_direction_without_rows_created_on_this_device(tmp_path, parse):
    m, db = _arroyo(tmp_path)
    _execute(db, "UPDATE conversation_message SET local_message_content_id = NULL")
    tl = parse(tmp_path / "x")
    assert tl.warnings == []
    assert {e["direction"] for e in tl.events if e["kind"] in ("message", "call")} == {None}


def test_an_arroyo_db_without_conversation_message_is_not_parsed_as_one(tmp_path, parse):
    m, db = _arroyo(tmp_path)
    _execute(db, "DROP TABLE conversation_message")
    tl = parse(tmp_path / "x")
    assert not [e for e in tl.events if e["parser"].startswith("snapchat_android/")]
    assert [e["kind"] for e in tl.events] == ["contact"] * len(m["friends"]) and tl.warnings == []
    arroyo = next(s for s in tl.sources if s["path"] == m["arroyo_db"])  # the host's record says why
    assert arroyo["status"] == "not applicable" and arroyo["note"] == "snapchat_android: no table conversation_message"


def test_text_path_is_4_4_2_1_only_for_chat(tmp_path, parse):
    """A non-chat row that happens to carry bytes at 4>4>2>1 gets no body (ALEAPP: text only when content_type is 1)."""
    m, db = _arroyo(tmp_path)
    x = next(x for x in m["messages"] if x["content_type"] == 5)
    blob = encode([(2, encode([(1, _ids(x)[0].bytes)])),
                   (4, encode([(2, 5), (4, encode([(2, encode([(1, "sticker pack")]))]))]))])
    _set_content(db, x, blob)
    tl = parse(tmp_path / "x")
    e = tl.by_locator(f"conversation_message:message_key={x['conversation_id']}/{x['client_message_id']}")
    assert tl.warnings == [] and e["body"] is None and e["extra"]["message_content_hex"] == blob.hex()


def test_large_undecoded_content_is_kept_capped(tmp_path, parse):
    """A non-chat message_content is kept as hex up to 64 KiB, with its size; over 1 MiB it is not read (a warning)."""
    from artefacts.plugins.snapchat_android import MAX_CONTENT, MAX_KEPT

    m, db = _arroyo(tmp_path)
    snap, other = [x for x in m["messages"] if x["content_type"] == 0][:2]
    big = encode([(2, encode([(1, _ids(snap)[0].bytes)])), (4, encode([(2, 0)])), (9, b"\x00" * (MAX_KEPT * 2))])
    _set_content(db, snap, big)
    _set_content(db, other, b"\x00" * (MAX_CONTENT + 1))
    tl = parse(tmp_path / "x")
    e = tl.by_locator(f"conversation_message:message_key={snap['conversation_id']}/{snap['client_message_id']}")
    assert e["extra"]["message_content_hex"] == big[:MAX_KEPT].hex() and e["extra"]["message_content_size"] == len(big)
    assert len(tl.warnings) == 1 and f"larger than {MAX_CONTENT}" in tl.warnings[0]["message"]
    e = tl.by_locator(f"conversation_message:message_key={other['conversation_id']}/{other['client_message_id']}")
    assert "message_content_hex" not in e["extra"] and e["sender"] == other["sender"]
