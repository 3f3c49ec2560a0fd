"""Threema for Android (``plugins/threema_android.py``): threema4.db decrypted with the master key of
``files/key.dat`` (unprotected, or behind a passphrase), messages matched against the generator's
manifest, keys, damage, schema."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from artefacts.decoders.threema_key import (PBKDF2, SCRYPT, ThreemaKeyError, build_key_file, database_password,
                                            master_key)
from artefacts.synthetic.ddl_loader import create
from artefacts.synthetic.threema import write_threema_extraction
from conftest import SAMPLE_DATA, sample_with_manifest


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> dict:
    return {tuple(e["source_locator"].split(":id=")): e for e in tl.events
            if ":id=" in e["source_locator"] and not e["source_locator"].startswith("ballot")}


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "threema")
    got = _messages(tl)
    assert len(got) == len(manifest["messages"]) == 50
    kinds = set()
    for m in manifest["messages"]:
        e = got[(m["table"], str(m["id"]))]
        outgoing = m["outbox"] == 1
        expected_ms = m["createdAtUtc"] if outgoing or m["postedAtUtc"] is None else m["postedAtUtc"]
        assert e["timestamp"] == _iso(expected_ms) and e["timestamp_raw"] == expected_ms
        assert e["direction"] == ("outgoing" if outgoing else "incoming")
        assert e["body"] == (m["body"] if m["type_name"] == "TEXT" else m["caption"]), m
        group = m["table"] == "m_group_message"
        if m["table"] == "distribution_list_message":
            assert e["conversation_id"] == f"distribution_list:{m['distributionListId']}"
            assert e["conversation_name"] == "Customers" and e["recipients"] == manifest["distribution_list"]["members"]
        else:
            assert e["conversation_id"] == (f"group:{m['groupId']}" if group else m["identity"])
        assert e["sender"] == (None if outgoing else m["identity"])
        if group:
            assert e["conversation_name"] == "Delivery crew"
        kinds.add((m["type_name"], e["kind"]))
        assert e["extra"]["decrypted_from"]["key_source"] == manifest["key_file"]
    assert {m["table"] for m in manifest["messages"]} == {"message", "m_group_message", "distribution_list_message"}
    assert kinds == {("TEXT", "message"), ("FILE", "message"), ("VOIP_STATUS", "call"), ("STATUS", "system")}
    [poll] = [e for e in tl.events if e["source_locator"] == "ballot:id=1"]
    assert poll["body"] == "Poll: Meet on Friday? [Yes / No]" and poll["conversation_id"] == "group:1"
    assert [c["name"] for c in poll["extra"]["choices"]] == manifest["ballot"]["choices"]
    votes = [e for e in tl.events if e["source_locator"].startswith("ballot_vote:")]
    assert [(e["sender"], e["body"]) for e in votes] == [tuple(v) for v in manifest["ballot"]["votes"]]
    assert all(e["kind"] == "reaction" and e["extra"]["target"] == "ballot:id=1" for e in votes)
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    assert len(contacts) == 4 and all(len(e["extra"]["publicKey"]) == 64 for e in contacts)


def test_key_file_round_trip_and_errors():
    master = bytes(range(32))
    plain = build_key_file(master)
    assert plain[0] == 0 and master_key(plain) == master and plain[1:33] != master, "stored obfuscated"
    assert database_password(master) == 'x"' + master.hex() + '"' and database_password(master).islower()
    for protection in (PBKDF2, SCRYPT):
        f = build_key_file(master, passphrase="correct horse", protection=protection, salt=b"saltsalt")
        assert f[0] == protection and master_key(f, ["wrong", "correct horse"]) == master
        with pytest.raises(ThreemaKeyError, match="protected by a passphrase"):
            master_key(f)
        with pytest.raises(ThreemaKeyError, match="wrong"):
            master_key(f, ["nope"])
    damaged = bytearray(plain)
    damaged[-1] ^= 1
    with pytest.raises(ThreemaKeyError, match="damaged"):
        master_key(bytes(damaged))
    with pytest.raises(ThreemaKeyError, match="45"):
        master_key(plain[:-1])


def test_passphrase_protected_key_file(parse, tmp_path):
    s = write_threema_extraction(tmp_path / "phone", n_messages=8, seed=3, passphrase="hunter2 \u00e9")
    without = parse(tmp_path / "phone")
    [w] = without.warnings
    assert without.exit_code == 3 and not _messages(without)
    assert "protected by a passphrase (scrypt)" in w["message"] and "--key threema=PASSPHRASE" in w["message"]
    wrong = parse(tmp_path / "phone", keys=["threema=hunter3"])
    [w] = wrong.warnings
    assert "the passphrase given is wrong" in w["message"]
    right = parse(tmp_path / "phone", keys=["threema=hunter2 \u00e9"])
    assert right.exit_code == 0 and len(_messages(right)) == 8
    by_master = parse(tmp_path / "phone", keys=[f"threema={s['master_key']}"])
    assert by_master.exit_code == 0 and len(_messages(by_master)) == 8


def test_without_key_file_and_with_a_wrong_master_key(parse, tmp_path):
    write_threema_extraction(tmp_path / "phone", n_messages=6, seed=4)
    (tmp_path / "phone/data/data/ch.threema.app/files/key.dat").unlink()
    tl = parse(tmp_path / "phone")
    [w] = tl.warnings
    assert "no key was given or found" in w["message"] and "files/key.dat from the same phone" in w["message"]
    tl = parse(tmp_path / "phone", keys=["threema=" + "ab" * 32])
    [w] = tl.warnings
    assert tl.exit_code == 3 and "--key threema #1 (master key): wrong key" in w["message"]


def test_unknown_schema_version_and_type(parse, tmp_path):
    db = tmp_path / "phone/data/data/ch.threema.app/databases/threema4.db"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    create(con, "threema_android.sql", "tables")
    con.execute("INSERT INTO message (id, identity, outbox, type, body, createdAtUtc) VALUES (1, 'ECHOECHO', 0, 42, 'x', 1)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    [e] = list(_messages(tl).values())
    assert tl.exit_code == 0 and e["extra"]["type_name"] == "unknown" and e["body"] == "x"
    assert e["timestamp_desc"] == "Creation Time", "an incoming row without postedAtUtc falls back to createdAtUtc"
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE message RENAME COLUMN body TO body_v2")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    [w] = tl.warnings
    assert tl.exit_code == 3 and w["message"].startswith("unknown schema version: no Threema message table")


def test_truncated_store_is_one_file_warning(parse, tmp_path):
    s = write_threema_extraction(tmp_path / "phone", n_messages=30, seed=5)
    db = tmp_path / "phone" / s["database"]
    db.write_bytes(db.read_bytes()[:4096 + 100])
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == s["database"] for w in tl.warnings)
