"""Wire for Android, legacy Scala app (``plugins/wire_legacy_android.py``): the per-account database
``com.wire/databases/<user uuid>``, matched against the generator's manifest; damage, schema versions, content forms."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.plugins.wire_legacy_android import content_parts
from artefacts.synthetic.wire_legacy import write_legacy_extraction
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wire"


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith("Messages:")]


def _check_against(tl, expected: dict) -> dict:
    got = {e["extra"]["message_id"]: e for e in _messages(tl)}
    assert len(got) == len(expected["messages"])
    for m in expected["messages"]:
        e = got[m["id"]]
        assert e["timestamp"] == _iso(m["time"]) and e["timestamp_raw"] == m["time"]
        assert e["direction"] == ("outgoing" if m["outgoing"] else "incoming")
        assert e["conversation_id"] == m["conv"] and e["sender"] == m["user_id"]
        assert e["conversation_name"] == expected["conversations"][m["conv"]]
        assert e["sender_name"] == expected["users"][m["user_id"]]
        assert e["extra"]["msg_type"] == m["msg_type"]
        assert [a["name"] for a in e["attachments"]] == ([m["attachment"]] if m["attachment"] else [])
        assert e["deleted"] == (m["msg_type"] == "Recalled")
        kind = m["kind"]
        if kind in ("MissedCall", "SuccessfulCall"):
            assert e["kind"] == "call" and e["extra"].get("duration_ms") == m["duration"]
        elif kind == "Rename":
            assert e["kind"] == "system" and e["body"] == f"Conversation renamed to {m['name']}"
        elif kind == "MemberJoin":
            assert e["kind"] == "system" and e["body"] == f"Added: {expected['users'][m['members']]}"
        else:
            assert e["kind"] == "message" and e["body"] == m["body"], m
        assert e["extra"].get("ephemeral_ms") == m["ephemeral"]
    return got


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    expected = json.loads((SAMPLE / "manifest_legacy.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "legacy")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    got = _check_against(tl, expected)
    kinds = {m["kind"] for m in expected["messages"]}
    assert {"Text", "Asset", "AnyAsset", "Knock", "MissedCall", "SuccessfulCall", "Location", "Rename", "MemberJoin",
            "Recalled", "ephemeral"} <= kinds
    knocks = [got[m["id"]] for m in expected["messages"] if m["kind"] == "Knock"]
    assert knocks and all(e["extra"]["knock"] and e["body"] is None for e in knocks)
    assets = [got[m["id"]] for m in expected["messages"] if m["attachment"]]
    assert {a["mime_type"] for e in assets for a in e["attachments"]} == {"image/jpeg", "application/pdf"}
    assert all(a["size"] > 0 for e in assets for a in e["attachments"])
    group = [e for e in _messages(tl) if e["conversation_name"] == "Book Club"]
    assert group and all(len(e["recipients"]) == 3 and e["sender"] not in e["recipients"] for e in group)
    users = [e for e in tl.events if e["kind"] == "contact"]
    assert {e["conversation_id"] for e in users} == set(expected["users"])
    assert [e["extra"].get("self") for e in users if e["conversation_id"] == expected["self"]] == [True]
    assert expected["database"].endswith("/com.wire/databases/" + expected["self"])
    likes = [e for e in tl.events if e["kind"] == "reaction"]
    assert len(likes) == len(expected["likings"]) == 3
    for lk, e in zip(sorted(expected["likings"], key=lambda x: x["timestamp"]), likes):
        assert e["timestamp"] == _iso(lk["timestamp"]) and e["sender"] == lk["user_id"] and e["conversation_id"] == lk["conv"]
        assert e["extra"]["reaction_to"] == lk["message_id"] and e["extra"]["action"] == lk["action"]
        assert e["body"] == ("Liked a message" if lk["action"] == 1 else "Took back a like")
        assert e["direction"] == ("outgoing" if lk["user_id"] == expected["self"] else "incoming")


def test_generator_is_deterministic(tmp_path):
    a = write_legacy_extraction(tmp_path / "a", n_messages=8, seed=3)
    b = write_legacy_extraction(tmp_path / "b", n_messages=8, seed=3)
    assert a["database"] == b["database"] and (tmp_path / "a" / a["database"]).read_bytes() == \
        (tmp_path / "b" / b["database"]).read_bytes()


@pytest.fixture
def phone(tmp_path) -> tuple[Path, dict]:
    s = write_legacy_extraction(tmp_path / "phone", n_messages=14, seed=9)
    return tmp_path / "phone", s


def test_synthetic_database_matches(parse, phone):
    root, s = phone
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    _check_against(tl, {"messages": s["messages"], "conversations": {c["id"]: c["display"] for c in s["conversations"]},
                        "users": {u["id"]: u["name"] for u in s["users"]}})


def test_content_forms_and_bad_rows(parse, phone):
    """Text from the content JSON when protos are absent (ALEAPP's [0].content), RichMedia parts joined, a row
    whose content is not JSON is one warning naming the row and the others are kept."""
    root, s = phone
    db = root / s["database"]
    texts = [m for m in s["messages"] if m["kind"] == "Text"]
    con = sqlite3.connect(db)
    con.execute("UPDATE Messages SET protos = NULL WHERE _id = ?", (texts[0]["id"],))
    con.execute("UPDATE Messages SET protos = NULL, msg_type = 'RichMedia', content = ? WHERE _id = ?",
                (json.dumps([{"type": "Text", "content": "see"}, {"type": "YouTube", "content": "https://example.com/v"}]),
                 texts[1]["id"]))
    con.execute("UPDATE Messages SET content = '{broken' WHERE _id = ?", (texts[2]["id"],))
    con.commit()
    con.close()
    tl = parse(root)
    got = {e["extra"]["message_id"]: e for e in _messages(tl)}
    assert got[texts[0]["id"]]["body"] == texts[0]["body"]
    assert got[texts[1]["id"]]["body"] == "see https://example.com/v"
    assert texts[2]["id"] not in got and len(got) == len(s["messages"]) - 1
    [w] = tl.warnings
    assert tl.exit_code == 3 and w["source_path"] == s["database"] and texts[2]["id"] in (w["locator"] or "")
    assert content_parts(None) == [] and content_parts('[{"type": "Text", "content": "x"}, 3]') == [
        {"type": "Text", "content": "x"}]
    with pytest.raises(ValueError):
        content_parts('{"type": "Text"}')


def test_unknown_schema_and_damaged_database(parse, phone):
    root, s = phone
    db = root / s["database"]
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE Messages RENAME COLUMN time TO server_time")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and not _messages(tl)
    [w] = tl.warnings
    assert w["source_path"] == s["database"] and "unknown schema version" in w["message"] and "time" in w["message"]
    write_legacy_extraction(root, n_messages=14, seed=9)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])
    tl = parse(root)
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == s["database"] for w in tl.warnings)


def test_kalium_database_beside_it_is_not_taken(parse, phone, tmp_path):
    """The current app's user-db-<uuid>-<domain> lives in the same folder: the legacy glob must not claim it."""
    root, s = phone
    kalium = root / "data/data/com.wire/databases" / f"user-db-{s['self']}-wirecom"
    kalium.write_bytes(b"\x00" * 4096)  # an encrypted-looking file
    tl = parse(root)
    assert not any(w["parser"] == "wire_legacy_android" for w in tl.warnings)
    assert len(_messages(tl)) == len(s["messages"])
