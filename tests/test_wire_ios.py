"""Wire for iOS (``plugins/wire_ios.py``): ``store.wiredatabase`` (Core Data) with GenericMessage protobufs,
matched against the generator's manifest; damage, schema versions, encrypted-at-rest data, protobuf field numbers."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest

from artefacts.plugins.wire_ios import category_names, describe_generic
from artefacts.synthetic.wire_ios import build_store, cocoa, entity_numbers, write_ios_extraction
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wire"
COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)


def _iso_floor(raw: float) -> str:
    """The stored double to the microsecond, floored, computed from its exact binary value."""
    us = (Fraction(raw) * 1_000_000).__floor__()
    return (COCOA_EPOCH + timedelta(microseconds=us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith("ZMESSAGE:")]


def _check_against(tl, expected: dict) -> dict:
    got = {e["extra"]["z_pk"]: e for e in _messages(tl)}
    assert len(got) == len(expected["messages"])
    for m in expected["messages"]:
        e = got[m["pk"]]
        assert e["timestamp_raw"] == m["ZSERVERTIMESTAMP"] and e["timestamp"] == _iso_floor(m["ZSERVERTIMESTAMP"])
        ms = datetime.strptime(e["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        assert abs(ms.timestamp() * 1000 - m["server_ms"]) < 1, "within a millisecond of the server time"
        assert e["direction"] == ("outgoing" if m["outgoing"] else "incoming")
        assert e["conversation_id"] == m["conversation"] and e["sender"] == m["sender"], m
        assert e["conversation_name"] == expected["conversations"][m["conversation"]]
        assert e["sender_name"] == expected["users"][m["sender"]]
        assert e["extra"]["entity"] == m["entity"]
        assert e["deleted"] == m["deleted"]
        assert [a["name"] for a in e["attachments"]] == ([m["attachment"]] if m["attachment"] else [])
        assert e["extra"].get("expire_after_millis") == m["expire_after_millis"]
        if m["kind"] in ("missed_call", "call"):
            assert e["kind"] == "call" and e["extra"]["system_message_type"] == m["system_type"]
        elif m["kind"] == "added":
            assert e["kind"] == "system" and e["body"] == "Added: " + ", ".join(expected["users"][u] for u in m["users"])
            assert e["extra"]["users"] == m["users"] and e["extra"]["system_message_type_name"] == "participantsAdded"
        elif m["kind"] == "renamed":
            assert e["kind"] == "system" and e["body"] == f"Conversation renamed to {expected['conversations'][m['conversation']]}"
        else:
            assert e["kind"] == "message" and e["body"] == m["body"], m
    return got


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    expected = json.loads((SAMPLE / "manifest_ios.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    got = _check_against(tl, expected)
    kinds = {m["kind"] for m in expected["messages"]}
    assert {"text", "asset", "knock", "ephemeral", "missed_call", "location", "renamed", "call", "hidden", "added"} <= kinds
    assert all(e["source_path"] == expected["database"] for e in tl.events)
    knocks = [got[m["pk"]] for m in expected["messages"] if m["kind"] == "knock"]
    assert knocks and all(e["extra"]["knock"] and e["body"] is None and "knock" in e["extra"]["categories"] for e in knocks)
    calls = [got[m["pk"]] for m in expected["messages"] if m["kind"] == "call"]
    assert calls and all(e["extra"]["duration_s"] > 0 and e["body"].startswith("Call, ") for e in calls)
    eph = [got[m["pk"]] for m in expected["messages"] if m["kind"] == "ephemeral"]
    assert eph and all(e["extra"]["self_deleting"] and e["extra"]["destruction_date"] > e["timestamp"] for e in eph)
    assets = [got[m["pk"]] for m in expected["messages"] if m["kind"] == "asset"]
    assert {a["mime_type"] for e in assets for a in e["attachments"]} == {"image/jpeg", "application/pdf"}
    group = [e for e in _messages(tl) if e["conversation_name"] == "Weekend Trip"]
    assert group and all(len(e["recipients"]) == 3 and e["sender"] not in e["recipients"] for e in group)
    users = [e for e in tl.events if e["kind"] == "contact"]
    assert {e["conversation_id"] for e in users} == set(expected["users"])
    assert [e["extra"].get("self") for e in users if e["conversation_id"] == expected["self"]] == [True]


def test_generator_is_deterministic_and_numbers_entities_like_core_data(tmp_path):
    a = write_ios_extraction(tmp_path / "a", n_messages=10, seed=4)
    b = write_ios_extraction(tmp_path / "b", n_messages=10, seed=4)
    assert a["database"] == b["database"] and (tmp_path / "a" / a["database"]).read_bytes() == \
        (tmp_path / "b" / b["database"]).read_bytes()
    assert f"/AccountData/{a['account_uuid']}/store/store.wiredatabase" in a["database"]
    ents = entity_numbers()
    message = ents["Message"][0]
    assert ents["AssetClientMessage"] == (message + 1, message) and ents["UnknownMessage"] == (message + 7, message)
    assert ents["MessageConfirmation"] == (message + 8, 0)
    from artefacts.synthetic.ddl_loader import columns
    from artefacts.synthetic.wire_ios import USERS_JOIN, USERS_JOIN_MESSAGE, USERS_JOIN_USER

    sysm, user = ents["SystemMessage"][0], ents["User"][0]
    assert (USERS_JOIN, USERS_JOIN_MESSAGE, USERS_JOIN_USER) == (f"Z_{sysm}USERS", f"Z_{sysm}SYSTEMMESSAGES",
                                                                 f"Z_{user}USERS1")
    assert columns("wire_ios.sql")[USERS_JOIN] == (USERS_JOIN_MESSAGE, USERS_JOIN_USER)


def test_generic_message_field_numbers():
    """Bytes written by hand from messages.proto's numbers: GenericMessage.text = 2, Text.content = 1;
    ephemeral = 18 with expire_after_millis = 1 and its text = 2; asset = 11, Asset.original = 1 (mime 1, size 2,
    name 3); location = 13 (longitude 1 and latitude 2 as float, name 3)."""
    text = b"\x0a\x03abc" + b"\x12\x04\x0a\x02hi"
    assert describe_generic(text) == {"nonce": "abc", "content": "text", "body": "hi"}
    eph = b"\x92\x01\x08\x08\xe8\x07\x12\x03\x0a\x01x"  # field 18, len 8: {1: 1000, 2: {1: "x"}}
    assert describe_generic(eph) == {"nonce": None, "expire_after_millis": 1000, "content": "text", "body": "x"}
    original = b"\x0a\x0aimage/jpeg" + b"\x10\x05" + b"\x1a\x05a.jpg"
    asset = b"\x5a" + bytes([len(original) + 2]) + b"\x0a" + bytes([len(original)]) + original
    got = describe_generic(asset)
    assert got["content"] == "asset" and got["attachment"] == {"name": "a.jpg", "mime_type": "image/jpeg", "size": 5}
    import struct

    loc = b"\x0d" + struct.pack("<f", 13.5) + b"\x15" + struct.pack("<f", 52.25) + b"\x1a\x01P"
    got = describe_generic(b"\x6a" + bytes([len(loc)]) + loc)
    assert got["location"]["latitude"] == 52.25 and got["location"]["longitude"] == 13.5 and got["body"] == "Location: P (52.25, 13.5)"
    assert describe_generic(b"\x22\x02\x08\x00")["knock"] is True  # field 4
    assert category_names(2048 | 8) == ["image", "system message"]


@pytest.fixture
def phone(tmp_path) -> tuple[Path, dict]:
    s = write_ios_extraction(tmp_path / "phone", n_messages=14, seed=7)
    return tmp_path / "phone", s


def test_synthetic_store_matches(parse, phone):
    root, s = phone
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    expected = {"messages": s["messages"], "conversations": {c["id"]: c["display"] for c in s["conversations"]},
                "users": {u["id"]: u["name"] for u in s["users"]}}
    _check_against(tl, expected)


def test_encrypted_at_rest_and_damaged_protobuf(parse, phone):
    root, s = phone
    db = root / s["database"]
    text = next(m for m in s["messages"] if m["kind"] == "text")
    other = next(m for m in s["messages"] if m["kind"] == "text" and m["pk"] != text["pk"])
    con = sqlite3.connect(db)
    con.execute("UPDATE ZGENERICMESSAGEDATA SET ZNONCE = X'00112233445566778899AABB', ZDATA = X'DEADBEEF' "
                "WHERE ZMESSAGE = ?", (text["pk"],))
    con.execute("UPDATE ZGENERICMESSAGEDATA SET ZDATA = X'12FF01' WHERE ZMESSAGE = ?", (other["pk"],))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    got = {e["extra"]["z_pk"]: e for e in _messages(tl)}
    enc = got[text["pk"]]
    assert enc["extra"]["encrypted_at_rest"] and enc["body"] == text["body"].lower()
    assert enc["extra"]["body_from"].startswith("ZNORMALIZEDTEXT")
    bad = got[other["pk"]]
    assert bad["extra"]["generic_message_errors"][0].startswith("DecodeError")
    assert bad["body"] == other["body"].lower() and bad["extra"]["body_from"].startswith("ZNORMALIZEDTEXT")
    assert "encrypted_at_rest" not in bad["extra"]
    assert len(got) == len(s["messages"])


def test_unknown_schema_and_damaged_store(parse, phone, tmp_path):
    root, s = phone
    db = root / s["database"]
    other = tmp_path / "phone/data/data/com.android.providers.contacts/databases/calllog.db"
    other.parent.mkdir(parents=True)
    from artefacts.synthetic import build_calllog

    build_calllog(other, n_calls=5, seed=1)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE ZMESSAGE RENAME COLUMN ZSERVERTIMESTAMP TO ZTIMESTAMP")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and not _messages(tl)
    [w] = tl.warnings
    assert w["source_path"] == s["database"] and "unknown schema version" in w["message"] and "ZSERVERTIMESTAMP" in w["message"]
    assert len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 5
    build_store(db, n_messages=14, seed=7)
    data = bytearray(db.read_bytes())
    db.write_bytes(bytes(data[: len(data) // 2 + 100]))
    tl = parse(root)
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == s["database"] for w in tl.warnings)
    assert len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 5


def test_unknown_entity_and_system_type_are_kept(parse, phone):
    root, s = phone
    db = root / s["database"]
    call = next(m for m in s["messages"] if m["kind"] == "missed_call")
    con = sqlite3.connect(db)
    con.execute("UPDATE ZMESSAGE SET ZSYSTEMMESSAGETYPE = 99 WHERE Z_PK = ?", (call["pk"],))
    con.execute("UPDATE ZMESSAGE SET Z_ENT = 77 WHERE Z_PK = 1")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and len(_messages(tl)) == len(s["messages"])
    got = {e["extra"]["z_pk"]: e for e in _messages(tl)}
    assert got[call["pk"]]["kind"] == "system" and got[call["pk"]]["extra"]["system_message_type"] == 99
    assert "system_message_type_name" not in got[call["pk"]]["extra"]
    assert got[1]["extra"]["entity"] == "entity 77"


def test_cocoa_conversion_of_the_generator():
    assert cocoa(978_307_200_000) == 0.0 and cocoa(978_307_201_500) == 1.5
