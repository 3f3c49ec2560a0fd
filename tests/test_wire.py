"""Wire for Android, Kalium (``plugins/wire_android.py``): the SQLCipher 4 user database opened with
``--key wire=``, messages matched against the generator's manifest, keys, damage, schema versions,
``artefacts decrypt``."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.plugins.wire_android import parse_secret
from artefacts.synthetic.wire import build_user_db, write_wire_extraction
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wire"


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith("Message:")]


def _sample_key() -> str:
    return re.search(r"--key wire=([0-9a-f]{64})", (SAMPLE / "KEYS.txt").read_text()).group(1)


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "android", keys=[f"wire={_sample_key()}"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    got = {e["extra"]["message_id"]: e for e in _messages(tl)}
    assert len(got) == len(manifest["messages"]) == 40
    for m in manifest["messages"]:
        e = got[m["id"]]
        assert e["timestamp"] == _iso(m["creation_date"]) and e["timestamp_raw"] == m["creation_date"]
        assert e["body"] == m["body"] or (m["content_type"] == "LOCATION" and e["body"].startswith("Location: Meeting point (")) \
            or (m["content_type"] == "CONVERSATION_RENAMED" and e["body"] == "Conversation renamed to Project Falcon"), m
        assert e["direction"] == ("outgoing" if m["outgoing"] else "incoming")
        assert e["conversation_id"] == m["conversation"] and e["sender"] == m["sender"]
        assert e["conversation_name"] == manifest["conversations"][m["conversation"]]
        assert e["sender_name"] == manifest["users"][m["sender"]]
        assert e["extra"]["content_type"] == m["content_type"]
        assert [a["name"] for a in e["attachments"]] == ([m["attachment"]] if m["attachment"] else [])
        assert e["deleted"] == (m["visibility"] == "DELETED")
        assert e["extra"].get("expire_after_millis") == m["expire_after_millis"]
        assert e["extra"]["decrypted_from"]["key_source"] == "--key wire #1"
    by_type = {}
    for e in _messages(tl):
        by_type.setdefault(e["extra"]["content_type"], []).append(e)
    assert {"TEXT", "ASSET", "KNOCK", "MISSED_CALL", "LOCATION", "CONVERSATION_RENAMED"} <= set(by_type)
    assert all(e["kind"] == "call" and e["extra"]["caller_id"] == e["sender"] for e in by_type["MISSED_CALL"])
    assert all(e["kind"] == "system" for e in by_type["CONVERSATION_RENAMED"])
    assert all(e["body"] is None and e["extra"]["knock"] for e in by_type["KNOCK"])
    assert any(e["extra"].get("self_deleting") for e in by_type["TEXT"]), "the sample has self-deleting messages"
    assert any(e["deleted"] for e in by_type["TEXT"]), "the sample has a message deleted for everyone"
    assert {a["mime_type"] for e in by_type["ASSET"] for a in e["attachments"]} == {"image/jpeg", "application/pdf"}
    users = [e for e in tl.events if e["kind"] == "contact"]
    assert {e["conversation_id"]: e["extra"].get("handle") for e in users}.keys() == manifest["users"].keys()
    group = [e for e in _messages(tl) if e["conversation_name"] == "Project Falcon"]
    assert group and all(len(e["recipients"]) == 4 and e["sender"] not in e["recipients"] for e in group)


def test_generator_is_deterministic(tmp_path):
    a = write_wire_extraction(tmp_path / "a", n_messages=8, seed=3)
    b = write_wire_extraction(tmp_path / "b", n_messages=8, seed=3)
    assert Path(a["database"]).name == f"user-db-{a['self_uuid']}-wirecom", "FileNameUtil.filterFileName drops the dot"
    assert a["key"] == b["key"] and (tmp_path / "a" / a["database"]).read_bytes() == (tmp_path / "b" / b["database"]).read_bytes()


@pytest.fixture
def phone(tmp_path) -> tuple[Path, dict]:
    s = write_wire_extraction(tmp_path / "phone", n_messages=12, seed=5)
    return tmp_path / "phone", s


def test_key_forms_and_missing_key(parse, phone):
    root, s = phone
    secret = bytes.fromhex(s["key"])
    import base64

    assert parse_secret(s["key"].upper()) == secret and parse_secret(base64.b64encode(secret).decode()) == secret
    assert parse_secret("abc") is None and parse_secret(base64.b64encode(b"x" * 16).decode()) is None
    tl = parse(root, keys=[f"wire={base64.b64encode(secret).decode()}"])
    assert tl.exit_code == 0 and len(_messages(tl)) == 12
    without = parse(root)
    assert without.exit_code == 3 and not without.events
    [w] = without.warnings
    assert "cannot decrypt" in w["message"] and "--key wire=" in w["message"] and w["source_path"] == s["database"]


def test_wrong_key_is_one_warning_and_the_rest_is_kept(parse, phone):
    root, s = phone
    calls = root / "data/data/com.android.providers.contacts/databases/calllog.db"
    calls.parent.mkdir(parents=True)
    from artefacts.synthetic import build_calllog

    build_calllog(calls, n_calls=12, seed=1)
    wrong = "00" * 32
    tl = parse(root, keys=[f"wire={wrong}", "wire=not-a-key"])
    assert tl.exit_code == 3 and len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 12
    [w] = tl.warnings
    assert w["source_path"] == s["database"]
    assert "--key wire #1: wrong key" in w["message"] and "--key wire #2: not 64 hex digits" in w["message"]
    assert wrong not in w["message"] and s["key"] not in w["message"]


def test_truncated_and_damaged_store(parse, phone):
    root, s = phone
    db = root / s["database"]
    data = bytearray(db.read_bytes())
    db.write_bytes(bytes(data[: len(data) // 2 + 100]))
    tl = parse(root, keys=[f"wire={s['key']}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == s["database"] for w in tl.warnings)
    data[4096 * 3 + 50: 4096 * 3 + 90] = bytes(40)  # a page in the middle: its HMAC fails
    db.write_bytes(bytes(data))
    tl = parse(root, keys=[f"wire={s['key']}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == s["database"] for w in tl.warnings)


def test_unknown_schema_and_unknown_content_type(parse, tmp_path):
    db = tmp_path / "phone/data/data/com.wire/databases/user-db-00000000-0000-4000-8000-000000000001-wirecom"
    s = build_user_db(db, n_messages=6, seed=2)  # plain: an acquisition tool decrypted it already
    con = sqlite3.connect(db)
    con.execute("UPDATE Message SET content_type = 'SOMETHING_NEW' WHERE id = ?", (s["messages"][0]["id"],))
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and len(_messages(tl)) == 6
    new = next(e for e in _messages(tl) if e["extra"]["message_id"] == s["messages"][0]["id"])
    assert new["kind"] == "message" and new["extra"]["content_type"] == "SOMETHING_NEW"
    assert all(e["direction"] == "incoming" for e in _messages(tl)), "the file name's uuid is not the self user here"
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE Message RENAME COLUMN creation_date TO date")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 3 and not _messages(tl)
    [w] = tl.warnings
    assert w["message"].startswith("unknown schema version: no Kalium Message table") and "creation_date" in w["message"]


def test_decrypt_command_opens_the_sample_and_refuses_a_wrong_key(tmp_path):
    from artefacts.decrypt import DecryptError, DecryptUsageError, decrypt_file

    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    src = tmp_path / Path(manifest["database"]).name
    shutil.copyfile(SAMPLE / "android" / manifest["database"], src)
    out = decrypt_file(src, [f"wire={_sample_key()}"], tmp_path / "plain.db")
    con = sqlite3.connect(out.output)
    assert con.execute("SELECT count(*) FROM Message").fetchone()[0] == len(manifest["messages"])
    con.close()
    with pytest.raises(DecryptError, match="the key does not open this database"):
        decrypt_file(src, ["wire=" + "11" * 32], tmp_path / "wrong.db")
    assert not (tmp_path / "wrong.db").exists()
    with pytest.raises(DecryptUsageError, match="a Wire key is 64 hex digits"):
        decrypt_file(src, ["wire=abc"], tmp_path / "bad.db")
