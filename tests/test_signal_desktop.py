"""Signal Desktop parser on generated data folders (real migration DDL), plain and SQLCipher 4 encrypted."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from artefacts.registry import Registry, registry_with
from artefacts.synthetic.signal_desktop import (
    build_signal_desktop_db,
    database_key_for,
    write_signal_config,
    write_signal_desktop_folder,
)
from artefacts.timeconv import format_us
from artefacts.testing import Timeline, make_runner

LINUX_SIGNAL = "home/alice/.config/Signal"
MAC_SIGNAL = "Users/alice/Library/Application Support/Signal"
WIN_SIGNAL = "Users/alice/AppData/Roaming/Signal"


def _registry() -> Registry:
    """The output formats and this plugin only (other plugins cannot interfere)."""
    return registry_with("artefacts.plugins.signal_desktop")


@pytest.fixture
def run(tmp_path):
    runner = make_runner(tmp_path, registry=_registry())
    return lambda extraction, keys=(): runner(extraction, keys=list(keys))


def _sqlcipher():
    return pytest.importorskip("artefacts.decoders.sqlcipher", reason="artefacts.decoders.sqlcipher is not available")


def _by_message(tl: Timeline) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for ev in tl.events:
        mid = ev["extra"].get("message_id") or ev["extra"].get("reacted_to_message_id")
        if mid:
            out.setdefault(mid, []).append(ev)
    return out


def _one(events: dict, mid: str, kind: str = "message") -> dict:
    found = [e for e in events[mid] if e["kind"] == kind]
    assert len(found) == 1, found
    return found[0]


def _sent_at(db: Path, mid: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT sent_at FROM messages WHERE id = ?", (mid,)).fetchone()[0]
    finally:
        con.close()


def _plain_folder(tmp_path, schema_version, root=LINUX_SIGNAL):
    signal = tmp_path / "ext" / root
    summary = write_signal_desktop_folder(signal, n_messages=40, seed=7, schema_version=schema_version)
    return tmp_path / "ext", signal, summary


@pytest.mark.parametrize("schema_version", [1360, 39])
def test_plain_database_every_case(run, tmp_path, event_validator, schema_version):
    ext, signal, s = _plain_folder(tmp_path, schema_version)
    db = signal / "sql" / "db.sqlite"
    tl = run(ext)
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    for ev in tl.events:
        event_validator.validate(ev)
        assert ev["app"] == "signal" and ev["platform"] == "desktop" and ev["parser"].startswith("signal_desktop/")
        assert ev["source_path"] == f"{LINUX_SIGNAL}/sql/db.sqlite"
    assert {e["source_locator"].split(":")[0] for e in tl.events} <= {"messages", "callsHistory"}
    cases, convs = s["cases"], s["conversations"]
    events = _by_message(tl)
    p0, p2 = convs["p0"], convs["p2"]

    inc = _one(events, cases["incoming_private"])
    sent = _sent_at(db, cases["incoming_private"])
    assert inc["timestamp"] == format_us(sent * 1000) and inc["timestamp_raw"] == sent
    assert inc["timestamp_desc"] == "Sent Time"
    assert (inc["direction"], inc["sender"], inc["sender_name"]) == ("incoming", p0["e164"], p0["title"])
    assert inc["conversation_id"] == p0["id"] and inc["conversation_name"] == p0["title"]
    assert inc["recipients"] == [s["owner_e164"]]
    assert inc["body"] == "Are we still on for tonight? 🍕" and inc["status"] == "read"
    assert inc["extra"]["conversation_type"] == "private"

    out = _one(events, cases["outgoing_private"])
    assert (out["direction"], out["sender"], out["recipients"], out["status"]) == (
        "outgoing", s["owner_e164"], [p0["e164"]], "read")

    group = convs["g0"]
    ginc = _one(events, cases["incoming_group"])
    assert ginc["conversation_name"] == group["title"] and ginc["extra"]["conversation_type"] == "group"
    assert ginc["sender"] == convs["p1"]["e164"] and ginc["status"] == "unread"
    gout = _one(events, cases["outgoing_group"])
    members = [c["e164"] for c in convs.values() if c.get("aci") in group["members"] and c is not convs["owner"]]
    assert sorted(gout["recipients"]) == sorted(members) and len(members) == 3
    assert gout["status"] == "read"  # the best send status over the members (Read > Delivered)

    quote = _one(events, cases["quote"])["extra"]["quote"]
    assert quote["quoted_message_id"] == cases["quoted"]
    assert quote["id"] == _sent_at(db, cases["quoted"])
    assert quote["author"] == p0["aci"] and quote["text"] == "Are we still on for tonight? 🍕"

    reactions = sorted((e for e in events[cases["reactions"]] if e["kind"] == "reaction"), key=lambda e: e["source_locator"])
    assert [r["body"] for r in reactions] == ["❤️", "😂"]
    assert [r["direction"] for r in reactions] == ["outgoing", "incoming"]
    assert reactions[0]["sender"] == s["owner_e164"] and reactions[1]["sender"] == p2["e164"]
    assert reactions[0]["source_locator"] == f"messages:id={cases['reactions']}:reactions[0]"
    target = _sent_at(db, cases["reactions"])
    assert reactions[0]["timestamp"] == format_us((target + 300_000) * 1000)
    assert reactions[0]["extra"]["target_timestamp_raw"] == target

    present = _one(events, cases["attachment_present"])
    (att,) = present["attachments"]
    assert att["sha256"] == s["attachment_present"]["sha256"]
    assert att["path"] == f"{LINUX_SIGNAL}/attachments.noindex/{s['attachment_present']['path']}"
    assert (att["name"], att["mime_type"], att["size"]) == ("beach.jpg", "image/jpeg", s["attachment_present"]["size"])
    assert present["extra"]["attachment_details"][0]["encrypted_at_rest"] is True
    src = {x["path"]: x for x in tl.sources}
    assert src[att["path"]]["role"] == "attachment"
    assert src[att["path"]]["sha256"] == hashlib.sha256((signal / "attachments.noindex" / s["attachment_present"]["path"]).read_bytes()).hexdigest()
    (gone,) = _one(events, cases["attachment_missing"])["attachments"]
    assert gone["sha256"] is None and gone["path"] == s["attachment_missing"]["path"] and gone["name"] == "lost.jpg"

    deleted = _one(events, cases["deleted"])
    assert deleted["deleted"] is True and deleted["body"] is None
    assert deleted["extra"]["deleted_for_everyone_time"] is not None
    assert not any(e["deleted"] for e in tl.events if e is not deleted)

    exp = _one(events, cases["expiring"])["extra"]
    assert exp["expire_timer_s"] == 3600
    assert exp["expires_at_raw"] - exp["expiration_start_raw"] == 3600 * 1000
    assert _one(events, cases["view_once"])["extra"]["view_once"] is True
    assert _one(events, cases["system"], "system")["extra"]["type"] == "group-v2-change"

    calls = sorted((e for e in tl.events if e["kind"] == "call"), key=lambda e: e["timestamp_raw"])
    assert len(calls) == 2
    expected = sorted(s["calls"], key=lambda c: c["time_ms"])
    for ev, exp_call in zip(calls, expected):
        assert ev["timestamp_raw"] == exp_call["time_ms"]
        assert ev["timestamp"] == format_us(exp_call["time_ms"] * 1000)
        assert (ev["direction"], ev["status"]) == (exp_call["direction"], exp_call["status"])
        assert ev["body"].startswith("Video call" if exp_call["video"] else "Audio call")
    missed, outgoing = calls
    assert missed["sender"] == convs["p5"]["e164"] and missed["conversation_name"] == convs["p5"]["title"]
    assert outgoing["recipients"] == [convs["p6"]["e164"]]
    if schema_version >= 89:
        assert all(c["source_locator"].startswith("callsHistory:callId=") for c in calls)
        # the call-history messages are the same calls: skipped, not duplicated
        db_src = src[f"{LINUX_SIGNAL}/sql/db.sqlite"]
        assert db_src["skipped"] == 2
    else:
        assert outgoing["extra"]["duration_ms"] == 125_000

    messages = [e for e in tl.events if e["kind"] in ("message", "system")]
    assert len(messages) == s["messages"] - 2  # every row but the two calls
    for ev in messages:
        if ev["direction"] == "incoming":
            assert isinstance(ev["sender"], str) and ev["sender"].startswith("+")


def test_legacy_source_column_lost_its_plus_sign(run, tmp_path):
    """Schema <= 39 declares source STRING (NUMERIC affinity): the column holds an integer, the JSON the text."""
    ext, signal, s = _plain_folder(tmp_path, 39)
    con = sqlite3.connect(signal / "sql" / "db.sqlite")
    stored = con.execute("SELECT source FROM messages WHERE id = ?", (s["cases"]["incoming_private"],)).fetchone()[0]
    con.close()
    assert isinstance(stored, int)
    tl = run(ext)
    ev = next(e for e in tl.events if e["extra"].get("message_id") == s["cases"]["incoming_private"])
    assert ev["sender"] == s["conversations"]["p0"]["e164"]


def test_not_a_signal_database_is_not_applicable(run, tmp_path):
    db = tmp_path / "ext" / LINUX_SIGNAL / "sql" / "db.sqlite"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE other(x)")
    con.commit()
    con.close()
    tl = run(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.events == [] and tl.warnings == []
    assert tl.sources[0]["status"] == "not applicable"


# ---------------------------------------------------------------------------------------------
# Encrypted databases


def _encrypted_folder(tmp_path, root=LINUX_SIGNAL, **kwargs):
    _sqlcipher()
    key = database_key_for(11)
    signal = tmp_path / "ext" / root
    s = write_signal_desktop_folder(signal, n_messages=30, seed=11, key=key, encrypt=True, **kwargs)
    head = (signal / "sql" / "db.sqlite").read_bytes()[:16]
    assert head != b"SQLite format 3\x00"
    return tmp_path / "ext", signal, s, key


def _plain_reference(tmp_path, run, **kwargs):
    plain = tmp_path / "plain"
    write_signal_desktop_folder(plain / LINUX_SIGNAL, n_messages=30, seed=11, **kwargs)
    return run(plain)


def _same_content(a: Timeline, b: Timeline) -> None:
    keys = ("timestamp", "kind", "direction", "sender", "recipients", "body", "status", "deleted", "source_locator")
    assert [tuple(str(e[k]) for k in keys) for e in a.events] == [tuple(str(e[k]) for k in keys) for e in b.events]


@pytest.mark.parametrize("root", [MAC_SIGNAL, WIN_SIGNAL])
def test_encrypted_with_config_json_key_found_in_extraction(run, tmp_path, event_validator, root):
    ext, signal, s, key = _encrypted_folder(tmp_path, root)
    tl = run(ext)
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    _same_content(tl, _plain_reference(tmp_path, run))
    db_sha = hashlib.sha256((signal / "sql" / "db.sqlite").read_bytes()).hexdigest()
    for ev in tl.events:
        event_validator.validate(ev)
        assert ev["source_path"] == f"{root}/sql/db.sqlite" and ev["source_sha256"] == db_sha
        prov = ev["extra"]["decrypted_from"]
        assert prov["key_source"] == f"{root}/config.json 'key'"
        assert prov["database_sha256"] == db_sha and len(prov["plaintext_sha256"]) == 64
    assert f"{root}/config.json" in {x["path"] for x in tl.sources}


def test_encrypted_with_key_on_the_command_line(run, tmp_path):
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False)
    assert not (signal / "config.json").exists()
    tl = run(ext, keys=[f"signal_desktop=x'{key.upper()}'"])
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(_plain_reference(tmp_path, run).events) > 30
    assert {e["extra"]["decrypted_from"]["key_source"] for e in tl.events} == {"--key signal_desktop #1"}


def test_key_on_the_command_line_may_be_a_config_json(run, tmp_path):
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False)
    cfg = write_signal_config(tmp_path / "elsewhere" / "config.json", key=key)
    tl = run(ext, keys=[f"signal={cfg}"])
    assert tl.exit_code == 0 and tl.warnings == [] and tl.events


def test_no_key_anywhere_one_warning(run, tmp_path):
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False)
    tl = run(ext)
    assert tl.exit_code == 3 and tl.events == []
    (w,) = tl.warnings
    assert "no key was found" in w["message"] and "--key signal_desktop=" in w["message"]


def test_encrypted_key_only_needs_the_keystore_secret(run, tmp_path):
    """config.json with only an Electron safeStorage 'encryptedKey' and no secret: one clear warning."""
    blob = _safe_storage(database_key_for(11), "the-keyring-secret", b"v11", 1)
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False, encrypted_key=blob)
    tl = run(ext)
    assert tl.exit_code == 3
    assert tl.events == []
    (w,) = tl.warnings
    assert w["source_path"] == f"{LINUX_SIGNAL}/sql/db.sqlite" and w["parser"] == "signal_desktop"
    msg = w["message"]
    assert "encryptedKey" in msg and "keystore secret is needed" in msg and "v11" in msg
    assert "--key signal_desktop=" in msg and "--key signal_desktop_secret=" in msg


def _safe_storage(plaintext_hex: str, secret: str, prefix: bytes, iterations: int) -> str:
    """Electron safeStorage (Linux/macOS) as formats.md 3.3 documents it, written out here independently."""
    from cryptography.hazmat.primitives import hashes, padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    aes_key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=16, salt=b"saltysalt", iterations=iterations).derive(
        secret.encode())
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext_hex.encode()) + padder.finalize()
    enc = Cipher(algorithms.AES(aes_key), modes.CBC(b"\x20" * 16)).encryptor()
    return (prefix + enc.update(padded) + enc.finalize()).hex()


@pytest.mark.parametrize(
    ("prefix", "iterations", "variant"),
    [(b"v11", 1, "Linux v11"), (b"v10", 1003, "macOS v10"), (b"v10", 1, "Linux v10")],
)
def test_safe_storage_encrypted_key_round_trip(run, tmp_path, prefix, iterations, variant):
    secret = "Zm9vYmFyYmF6cXV4"
    blob = _safe_storage(database_key_for(11), secret, prefix, iterations)
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False, encrypted_key=blob)
    assert json.loads((signal / "config.json").read_text()) == {"encryptedKey": blob}
    tl = run(ext, keys=[f"signal_desktop_secret={secret}"])
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    assert tl.events
    assert {e["extra"]["decrypted_from"]["key_source"] for e in tl.events} == {
        f"{LINUX_SIGNAL}/config.json 'encryptedKey' ({variant})"}
    wrong = run(ext, keys=["signal_desktop_secret=not-the-secret"])
    assert wrong.exit_code == 3 and wrong.events == [] and len(wrong.warnings) == 1
    assert "keystore secret is needed" in wrong.warnings[0]["message"]


def test_linux_v10_chromium_fallback_password_needs_no_secret(run, tmp_path):
    blob = _safe_storage(database_key_for(11), "peanuts", b"v10", 1)
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False, encrypted_key=blob)
    tl = run(ext)
    assert tl.exit_code == 0 and tl.warnings == [] and tl.events
    assert "Chromium fallback password" in tl.events[0]["extra"]["decrypted_from"]["key_source"]


def test_windows_encrypted_key_with_unprotected_local_state_key(run, tmp_path):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    state_key = bytes(range(32))
    nonce = bytes(range(100, 112))
    blob = (b"v10" + nonce + AESGCM(state_key).encrypt(nonce, database_key_for(11).encode(), None)).hex()
    ext, signal, s, key = _encrypted_folder(tmp_path, root=WIN_SIGNAL, write_key=False, encrypted_key=blob)
    tl = run(ext, keys=[f"signal_desktop_secret={state_key.hex()}"])
    assert tl.exit_code == 0 and tl.warnings == [] and tl.events
    assert "Windows v10" in tl.events[0]["extra"]["decrypted_from"]["key_source"]


@pytest.mark.parametrize("where", ["config", "command line"])
def test_wrong_key_one_warning_no_events(run, tmp_path, where):
    wrong = database_key_for(99)
    ext, signal, s, key = _encrypted_folder(tmp_path, write_key=False)
    if where == "config":
        write_signal_config(signal / "config.json", key=wrong)
        tl = run(ext)
    else:
        tl = run(ext, keys=[f"signal_desktop={wrong}"])
    assert tl.exit_code == 3 and tl.events == []
    (w,) = tl.warnings
    assert "cannot decrypt" in w["message"] and "wrong key" in w["message"]


def test_builder_is_deterministic(tmp_path):
    a = build_signal_desktop_db(tmp_path / "a.sqlite", n_messages=20, seed=3)
    b = build_signal_desktop_db(tmp_path / "b.sqlite", n_messages=20, seed=3)
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()
    assert a["cases"] == b["cases"]
