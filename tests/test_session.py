"""Session (``plugins/session_ios.py``): the iOS ``Session.sqlite`` (SQLCipher 4, 32-byte plaintext header,
96-digit keychain key spec) matched against the generator's manifest; keys, damage, schema versions,
``artefacts decrypt``, the keychain item of an iTunes backup."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.synthetic.session_ios import build_session_ios_db, key_spec_for, write_session_ios_container
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "session"
CONTAINER = "private/var/mobile/Containers/Shared/AppGroup/0A0B0C0D-0000-4000-8000-000000000001"
DB = f"{CONTAINER}/database/Session.sqlite"


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms // 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000 * 1000:06d}Z"


def _rows(tl, table: str) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith(f"{table}:")]


def _interactions(tl) -> list[dict]:
    return _rows(tl, "interaction")


def _key(app: str) -> str:
    return re.search(rf"--key {app}=([0-9a-f]+)", (SAMPLE / "KEYS.txt").read_text()).group(1)


def _sample_key() -> str:
    return _key("session_ios")


def _parse_sample(parse, event_validator, platform: str, app: str, table: str) -> tuple[dict, dict, object]:
    """The sample of ``platform`` parsed with its key from KEYS.txt: clean and schema-valid; (manifest, rows by id, timeline)."""
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))[platform]
    tl = parse(SAMPLE / platform, keys=[f"{app}={_key(app)}"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    return manifest, {int(e["source_locator"].split("=")[1]): e for e in _rows(tl, table)}, tl


def test_ios_sample_matches_its_manifest(parse, event_validator):
    manifest, got, tl = _parse_sample(parse, event_validator, "ios", "session_ios", "interaction")
    assert len(got) == len(manifest["messages"]) == 24
    names = {sid: c["nickname"] or c["name"] for sid, c in manifest["contacts"].items()}
    for m in manifest["messages"]:
        e = got[m["id"]]
        assert e["timestamp"] == _iso(m["timestamp_ms"]) and e["timestamp_raw"] == m["timestamp_ms"], m
        assert e["body"] == m["body"] and e["direction"] == m["direction"], m
        assert e["conversation_id"] == m["conversation"]
        assert e["conversation_name"] == manifest["conversations"][m["conversation"]]["name"]
        assert e["extra"]["variant"] == m["variant"]
        if m["variant"] == 1000:  # info messages: authorId is the owner, no sender is claimed
            assert e["kind"] == "system" and e["sender"] is None
        else:
            assert e["kind"] == "message" and e["sender"] == m["sender"]
            assert e["sender_name"] == ("Owner" if m["sender"] == manifest["self"] else names[m["sender"]])
        assert sorted(e["recipients"]) == sorted(m["recipients"]), m
        assert e["deleted"] == (m["variant"] == 3)
        assert [a["name"] for a in e["attachments"]] == [a["name"] for a in m["attachments"]]
        for a, want in zip(e["attachments"], m["attachments"]):
            assert a["sha256"] == want["sha256"]
            if want["state"] == "present":
                assert a["path"] == f"{manifest['database'].rsplit('/', 2)[0]}/Attachments/{want['path']}"
        assert e["extra"]["decrypted_from"]["key_source"] == "--key session_ios #1"
    cases = manifest["cases"]
    assert got[cases["failed"]]["status"] == "failed" and got[cases["failed"]]["extra"]["failure_text"] == "Network error"
    assert got[cases["outgoing"]]["status"] == "read" and got[cases["unread"]]["status"] == "unread"
    quote = got[cases["quote"]]["extra"]["quote"]
    assert quote["author"] == got[cases["incoming"]]["sender"] and quote["text"] == got[cases["incoming"]]["body"]
    assert quote["time"] == got[cases["incoming"]]["timestamp"]
    assert got[cases["expiring"]]["extra"]["expires_in_s"] == 86400
    assert got[cases["community_incoming"]]["extra"]["thread_variant"] == "community"
    assert got[cases["community_incoming"]]["extra"]["open_group_server_message_id"] > 0
    assert got[cases["group_outgoing"]]["extra"]["thread_variant"] == "legacyGroup"
    assert [d["state"] for d in got[cases["attachment_pending"]]["extra"]["attachment_details"]] == ["pendingDownload"]
    assert got[cases["attachment_missing"]]["attachments"][0]["sha256"] is None
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    assert {e["sender"]: e["sender_name"] for e in contacts} == names
    assert all(re.fullmatch(r"05[0-9a-f]{64}", e["sender"]) for e in contacts)


def test_generator_is_deterministic(tmp_path):
    spec = key_spec_for(4)
    a = write_session_ios_container(tmp_path / "a", n_messages=18, seed=4, key_spec=spec)
    b = write_session_ios_container(tmp_path / "b", n_messages=18, seed=4, key_spec=spec)
    assert Path(a["path"]).read_bytes() == Path(b["path"]).read_bytes()
    head = Path(a["path"]).read_bytes()[:101]
    assert head[:16] == b"SQLite format 3\x00" and head[100] not in (0x0D, 0x05), "32-byte plaintext header only"


@pytest.fixture
def phone(tmp_path) -> tuple[Path, dict, str]:
    spec = key_spec_for(6)
    s = write_session_ios_container(tmp_path / "phone" / CONTAINER, n_messages=20, seed=6, key_spec=spec)
    return tmp_path / "phone", s, spec


def test_key_forms_and_missing_key(parse, phone):
    root, s, spec = phone
    tl = parse(root, keys=[f"session_ios=x'{spec.upper()}'"])
    assert tl.exit_code == 0 and len(_interactions(tl)) == 20
    without = parse(root)
    assert without.exit_code == 3 and not without.events
    [w] = without.warnings
    assert "--key session_ios=" in w["message"] and "96 hex" in w["message"] and w["source_path"] == DB
    short = parse(root, keys=[f"session_ios={spec[:64]}"])
    [w] = short.warnings
    assert short.exit_code == 3 and "96-digit key spec (key + salt) is needed" in w["message"]


def test_wrong_key_is_one_warning_and_the_rest_is_kept(parse, phone):
    root, s, spec = phone
    calls = root / "data/data/com.android.providers.contacts/databases/calllog.db"
    calls.parent.mkdir(parents=True)
    from artefacts.synthetic import build_calllog

    build_calllog(calls, n_calls=7, seed=1)
    wrong = "00" * 48
    tl = parse(root, keys=[f"session_ios={wrong}", "session_ios=not-a-key"])
    assert tl.exit_code == 3 and len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 7
    [w] = tl.warnings
    assert w["source_path"] == DB
    assert "--key session_ios #1: wrong key" in w["message"] and "--key session_ios #2 is not 64 or 96 hex" in w["message"]
    assert wrong not in w["message"] and spec not in w["message"]


def test_truncated_and_damaged_store(parse, phone):
    root, s, spec = phone
    db = root / DB
    data = bytearray(db.read_bytes())
    db.write_bytes(bytes(data[: len(data) // 2 + 100]))
    tl = parse(root, keys=[f"session_ios={spec}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == DB for w in tl.warnings)
    data[4096 * 5 + 50: 4096 * 5 + 90] = bytes(40)  # a page in the middle: its HMAC fails
    db.write_bytes(bytes(data))
    tl = parse(root, keys=[f"session_ios={spec}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == DB for w in tl.warnings)
    assert any("HMAC" in w["message"] or "page" in w["message"] for w in tl.warnings)


def test_unknown_schema_and_unknown_variant(parse, tmp_path):
    db = tmp_path / "phone" / DB
    db.parent.mkdir(parents=True)
    s = build_session_ios_db(db, n_messages=16, seed=2)  # plain: an acquisition tool decrypted it already
    con = sqlite3.connect(db)
    con.execute("UPDATE interaction SET variant = 9999 WHERE id = ?", (s["cases"]["incoming"],))
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and len(_interactions(tl)) == 16
    new = next(e for e in _interactions(tl) if e["source_locator"] == f"interaction:id={s['cases']['incoming']}")
    assert new["kind"] == "other" and new["extra"]["variant"] == 9999 and new["body"] == s["messages"][0]["body"]
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE interaction RENAME COLUMN timestampMs TO sentAt")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 3 and not _interactions(tl)
    [w] = tl.warnings
    assert w["message"].startswith("unknown schema version: no Session table interaction(") and "timestampMs" in w["message"]
    assert w["source_path"] == DB


def _decrypt_sample(tmp_path, platform: str, app: str, name: str, tables: tuple[str, ...], wrong: str,
                    settings_name: str):
    """``artefacts decrypt``'s API on a copy of the sample store: the message rows of ``tables`` come out; ``wrong`` is refused
    with one message and nothing written. Returns the copy."""
    from artefacts.decrypt import DecryptError, decrypt_file

    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))[platform]
    src = tmp_path / name
    shutil.copyfile(SAMPLE / platform / manifest["database"], src)
    out = decrypt_file(src, [f"{app}={_key(app)}"], tmp_path / "plain.db")
    assert out.details["settings"] == settings_name
    con = sqlite3.connect(out.output)
    count = " + ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    assert con.execute(f"SELECT {count}").fetchone()[0] == len(manifest["messages"])
    con.close()
    with pytest.raises(DecryptError, match="does not open"):
        decrypt_file(src, [f"{app}={wrong}"], tmp_path / "wrong.db")
    assert not (tmp_path / "wrong.db").exists()
    return src


def test_decrypt_command_opens_the_sample_and_refuses_a_wrong_key(tmp_path):
    from artefacts.decrypt import DecryptUsageError, decrypt_file

    src = _decrypt_sample(tmp_path, "ios", "session_ios", "Session.sqlite", ("interaction",), "11" * 48,
                          "Session iOS")
    with pytest.raises(DecryptUsageError, match="a Session iOS key spec is 96 hex digits"):
        decrypt_file(src, ["session_ios=" + "11" * 32], tmp_path / "bad.db")


def test_parsers_listing_names_globs_tables_and_units():
    from click.testing import CliRunner

    from artefacts.cli import cli

    out = CliRunner().invoke(cli, ["parsers"]).output
    block = out[out.index("session_ios "):].split("\n\n")[0]
    assert "**/database/Session.sqlite" in block and "interaction.timestampMs = unix_ms" in block
    assert "interaction (" in block and "timestampMs" in block


def test_legacy_keychain_item_of_an_itunes_backup_is_offered_as_the_session_key(tmp_path):
    from artefacts.evidence import Access, open_extraction
    from artefacts.synthetic.itunes_backup import KeychainSpec, encrypt_backup
    from conftest import corpus_file

    spec = bytes.fromhex(key_spec_for(8))
    dest = tmp_path / "backup"
    encrypt_backup(corpus_file("other", "mvt", "ios_backup"), dest, "pw", dpic=1_000, iterations=100, keychain_items=[
        KeychainSpec("TSKeyChainService", "GRDBDatabaseCipherKeySpec", spec, protection_class=7)])
    ext = open_extraction(dest, access=Access(keys={"itunes": ["pw"]}))
    try:
        assert ext.found_keys["session_ios"] == [spec.hex()]
        assert "signal_ios" not in ext.found_keys
    finally:
        ext.close()


def test_messages_only_in_the_encrypted_wal_are_read(parse, phone, tmp_path):
    """GRDB opens Session.sqlite as a DatabasePool (WAL mode): the newest rows may be only in ``-wal``."""
    from dataclasses import replace

    from artefacts.decoders import sqlcipher as sc

    root, s, spec = phone
    settings = replace(sc.VERSIONS[4], plaintext_header_size=32)
    plain, before, wal = tmp_path / "plain.sqlite", tmp_path / "before.sqlite", tmp_path / "copied-wal"
    sc.decrypt_database(root / DB, plain, f"x'{spec}'", settings=settings, wal=False)
    con = sqlite3.connect(plain, isolation_level=None)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    con.execute("PRAGMA wal_autocheckpoint=0")
    shutil.copyfile(plain, before)
    con.execute("INSERT INTO interaction (threadId, authorId, variant, body, timestampMs, receivedAtTimestampMs, state) "
                "SELECT threadId, authorId, 0, 'only in the WAL', 1712345678901, 1712345679000, 100 "
                "FROM interaction WHERE variant = 0 ORDER BY id LIMIT 1")
    shutil.copyfile(f"{plain}-wal", wal)  # before close() checkpoints it away
    con.close()
    sc.encrypt_database(before, root / DB, f"x'{spec[:64]}'", settings, salt=bytes.fromhex(spec[64:]), seed="wal", wal=wal)
    tl = parse(root, keys=[f"session_ios={spec}"])
    assert tl.exit_code == 0 and len(_interactions(tl)) == 21
    [new] = [e for e in _interactions(tl) if e["body"] == "only in the WAL"]
    assert new["timestamp"] == "2024-04-05T19:34:38.901000Z" and new["direction"] == "incoming"
    assert new["extra"]["decrypted_from"]["wal_frames_applied"] > 0


# ---------------------------------------------------------------------------------------------
# Android (plugins/session_android.py)

ANDROID_DB = "data/data/network.loki.messenger/databases/session.db"


def _sms(tl) -> list[dict]:
    return _rows(tl, "sms")


def _android_key() -> str:
    return _key("session")


def test_android_sample_matches_its_manifest(parse, event_validator):
    manifest, _, tl = _parse_sample(parse, event_validator, "android", "session", "sms")
    got = {e["source_locator"]: e for e in tl.events}
    assert len(got) == len(manifest["messages"]) == 20
    assert {m["table"] for m in manifest["messages"]} == {"sms", "mms"}
    for m in manifest["messages"]:
        e = got[f"{m['table']}:_id={m['row_id']}"]
        assert e["timestamp"] == _iso(m["date_sent"]) and e["timestamp_raw"] == m["date_sent"], m
        assert e["direction"] == m["direction"] and e["kind"] == m["kind"] and e["deleted"] == m["deleted"]
        assert e["body"] == m["body"] if m["kind"] == "message" else e["body"].startswith("Call, ")
        assert e["extra"]["type_raw"] == m["type"]
        assert e["conversation_id"] == m["conversation"]
        assert e["conversation_name"] == manifest["conversations"][m["conversation"]]
        assert e["sender"] == m["sender"]
        assert e["sender_name"] == manifest["names"].get(m["sender"])
        assert sorted(e["recipients"]) == sorted(m["recipients"])
        assert manifest["self"] not in e["recipients"]
        assert [(a["name"], a["mime_type"], a["size"]) for a in e["attachments"]] == \
            [(a["name"], a["mime_type"], a["size"]) for a in m["attachments"]]
        for a, want in zip(e["attachments"], m["attachments"]):
            assert (a["sha256"] is not None) == want["present"]
            assert a["path"] == (want["device_path"].replace("/data/user/0/", "data/data/") if want["present"]
                                 else want["device_path"])
        if m["quote"]:
            assert e["extra"]["quote"]["timestamp_raw"] == m["quote"]["id"]
            assert e["extra"]["quote"]["author"] == m["quote"]["author"]
        assert e["extra"]["decrypted_from"]["key_source"] == "--key session #1"
        assert e["extra"]["decrypted_from"]["settings"].startswith("Session Android")
    by_id = {m["id"]: got[f"{m['table']}:_id={m['row_id']}"] for m in manifest["messages"]}
    cases = manifest["cases"]
    assert by_id[cases["outgoing_read"]]["status"] == "read" and by_id[cases["failed"]]["status"] == "failed"
    assert by_id[cases["unread"]]["status"] == "unread"
    assert by_id[cases["call_missed"]]["body"] == "Call, missed" and by_id[cases["call_outgoing"]]["direction"] == "outgoing"
    assert by_id[cases["expiring"]]["extra"]["expires_in_ms"] == 86_400_000
    assert by_id[cases["group_outgoing"]]["conversation_id"].startswith("__textsecure_group__!05")
    quote = by_id[cases["mms_quote"]]["extra"]["quote"]
    assert quote["text"] == by_id[cases["incoming"]]["body"] and quote["time"] == by_id[cases["incoming"]]["timestamp"]
    assert quote["quoted_locator"] == by_id[cases["incoming"]]["source_locator"]


@pytest.fixture
def android(tmp_path) -> tuple[Path, dict, str]:
    from artefacts.synthetic.session_android import database_secret_for, write_session_android_extraction

    secret = database_secret_for(3)
    s = write_session_android_extraction(tmp_path / "phone", n_messages=14, seed=3, secret=secret)
    return tmp_path / "phone", s, secret


def test_android_keys_missing_wrong_and_from_the_preferences(parse, android, tmp_path):
    root, s, secret = android
    without = parse(root)
    [w] = without.warnings
    assert without.exit_code == 3 and not without.events and w["source_path"] == ANDROID_DB
    assert "cannot decrypt" in w["message"] and "--key session=" in w["message"]
    wrong = parse(root, keys=["session=" + "ab" * 32, "session=xyz"])
    [w] = wrong.warnings
    assert wrong.exit_code == 3 and not wrong.events and w["source_path"] == ANDROID_DB
    assert "--key session #1: wrong key" in w["message"] and "--key session #2 is not a 64-hex-digit" in w["message"]
    assert "ab" * 32 not in w["message"] and secret not in w["message"]
    from artefacts.synthetic.session_android import write_session_android_extraction

    old = write_session_android_extraction(tmp_path / "old", n_messages=14, seed=3, secret=secret, secret_in_prefs=True)
    tl = parse(tmp_path / "old")
    assert tl.exit_code == 0 and len(_sms(tl)) + len(_rows(tl, "mms")) == 14 == len(old["messages"])
    assert {e["extra"]["decrypted_from"]["key_source"] for e in _sms(tl)} == {"shared_prefs pref_database_unencrypted_secret"}


def test_android_damaged_store_and_unknown_schema(parse, android, tmp_path):
    root, s, secret = android
    db = root / ANDROID_DB
    data = bytearray(db.read_bytes())
    data[4096 + 200: 4096 + 260] = bytes(60)
    db.write_bytes(bytes(data))
    tl = parse(root, keys=[f"session={secret}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == ANDROID_DB for w in tl.warnings)
    db.write_bytes(bytes(data[:6000]))  # truncated inside page 2
    tl = parse(root, keys=[f"session={secret}"])
    assert tl.exit_code == 3 and tl.warnings and all(w["source_path"] == ANDROID_DB for w in tl.warnings)

    from artefacts.synthetic.session_android import build_session_android_db

    plain = tmp_path / "plainphone" / ANDROID_DB
    build_session_android_db(plain, n_messages=12, seed=4)
    con = sqlite3.connect(plain)
    con.execute("ALTER TABLE sms RENAME COLUMN date_sent TO sent_at")
    con.commit()
    con.close()
    tl = parse(tmp_path / "plainphone")
    [w] = tl.warnings
    assert tl.exit_code == 3 and not _sms(tl) and w["source_path"] == ANDROID_DB
    assert w["message"].startswith("unknown schema version: no Session tables sms(") and "date_sent" in w["message"]


def test_android_decrypt_command(tmp_path):
    from artefacts.decrypt import DecryptUsageError, decrypt_file

    src = _decrypt_sample(tmp_path, "android", "session", "session.db", ("sms", "mms"), "12" * 32, "Session Android")
    with pytest.raises(DecryptUsageError, match="a Session Android key is the DatabaseSecret's 64 hex digits"):
        decrypt_file(src, ["session=abc"], tmp_path / "bad.db")
    assert src.read_bytes()[:16] != b"SQLite format 3\x00", "encrypted from byte 0 (no plaintext header on Android)"
