"""Telegram for iOS (``plugins/telegram_ios.py``): the encrypted Postbox store opened with the extraction's
``.tempkey`` (or a key or passcode given), its messages matched against the generator's manifest; wrong key,
damage, unknown schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
from datetime import datetime, timezone

from artefacts.decoders import postbox as pb
from artefacts.synthetic import telegram_ios as T
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "telegram_ios" / "ios"
MANIFEST = json.loads((SAMPLE_DATA / "telegram_ios" / "MANIFEST.json").read_text(encoding="utf-8"))


def _iso(s: int) -> str:
    return datetime.fromtimestamp(s, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> list:
    return [e for e in tl.events if e["source_locator"].startswith("t7:")]


def test_sample_matches_its_manifest(parse, event_validator):
    tl = parse(SAMPLE)
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    got = {e["extra"]["key"]: e for e in _messages(tl)}
    assert len(got) == len(MANIFEST["messages"]) == 24
    kinds = set()
    for m in MANIFEST["messages"]:
        e = got[m["locator_key"]]
        assert e["timestamp"] == _iso(m["timestamp_raw"]) and e["timestamp_raw"] == m["timestamp_raw"]
        assert (e["kind"], e["direction"], e["body"]) == (m["kind"], m["direction"], m["body"])
        assert (e["conversation_id"], e["conversation_name"]) == (m["conversation_id"], m["conversation_name"])
        assert (e["sender"], e["sender_name"]) == (m["sender"], m["sender_name"])
        if m["attachment"]:
            [a] = e["attachments"]
            assert {k: a[k] for k in ("name", "mime_type", "size")} == m["attachment"]
        assert e["extra"]["decrypted_from"]["key_source"].endswith("telegram-data/.tempkey")
        kinds.add(e["kind"])
        if m["secret"]:
            assert e["conversation_id"].startswith("secret:") and e["extra"]["secret_chat"] == {"with": "700002"}
            assert e["recipients"] == ([] if m["direction"] == "incoming" else ["700002"])
        else:
            assert "secret_chat" not in e["extra"]
        if m["reply_to"]:
            assert e["extra"]["reply_to"] == {"conversation_id": m["conversation_id"], "namespace": 0,
                                              "message_id": m["reply_to"]}
        else:
            assert "reply_to" not in e["extra"]
        if m["location"]:
            assert [e["extra"]["location"]["latitude"], e["extra"]["location"]["longitude"]] == m["location"]
        else:
            assert "location" not in e["extra"]
    assert kinds == {"message", "call"} and any(m["location"] for m in MANIFEST["messages"])
    assert sum(m["secret"] for m in MANIFEST["messages"]) >= 2 and sum(bool(m["reply_to"]) for m in MANIFEST["messages"]) >= 2
    calls = [e for e in _messages(tl) if e["kind"] == "call"]
    assert calls and all(e["extra"]["call"]["duration_s"] > 0 and e["status"] == "answered" for e in calls)
    contacts = {e["conversation_id"]: e for e in tl.events if e["kind"] == "contact"}
    assert contacts["700001"]["extra"]["username"] == "marek_n" and contacts["700002"]["extra"]["phone"] == "34611222333"


def _copy_sample(tmp_path):
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE, root)
    [tempkey] = root.rglob(".tempkey")
    [db] = root.rglob("db_sqlite")
    return root, tempkey, db


def test_without_the_tempkey_one_warning_then_with_a_key_or_a_passcode(parse, tmp_path):
    root, tempkey, db = _copy_sample(tmp_path)
    data = tempkey.read_bytes()
    tempkey.unlink()
    tl = parse(root)
    assert tl.exit_code == 3 and _messages(tl) == []
    [w] = tl.warnings
    assert w["source_path"].endswith("db_sqlite") and "no key was given" in w["message"] and ".tempkey" in w["message"]
    # the 96 hex digits of key and salt
    tl = parse(root, keys=[f"telegram_ios={data.hex()}"])
    assert tl.exit_code == 0 and len(_messages(tl)) == 24
    # a wrong key: one warning naming what was tried, no key material in it
    wrong = bytes(b ^ 1 for b in data).hex()
    tl = parse(root, keys=[f"telegram_ios={wrong}"])
    assert tl.exit_code == 3 and _messages(tl) == []
    [w] = tl.warnings
    assert "wrong key" in w["message"] and wrong not in w["message"]
    # the macOS layout: .tempkeyEncrypted under a passcode
    (tempkey.parent / ".tempkeyEncrypted").write_bytes(pb.encode_tempkey_encrypted(data[:32], data[32:], b"4711"))
    tl = parse(root)
    assert tl.exit_code == 3 and "needs the user's passcode" in tl.warnings[0]["message"]
    tl = parse(root, keys=["telegram_ios=4711"])
    assert tl.exit_code == 0 and len(_messages(tl)) == 24
    assert all("opened with --key telegram_ios #1" in e["extra"]["decrypted_from"]["key_source"] for e in _messages(tl))


def _plain_store(tmp_path):
    root = tmp_path / "plain"
    db = root / "telegram-data/account-1/postbox/db/db_sqlite"
    T.build_postbox(db, seed=3)
    return root, db


def test_plain_store_damaged_message_is_one_warning_naming_the_row(parse, tmp_path):
    root, db = _plain_store(tmp_path)
    con = sqlite3.connect(db)
    rowid, value = con.execute("SELECT rowid, value FROM t7 ORDER BY rowid LIMIT 1 OFFSET 4").fetchone()
    con.execute("UPDATE t7 SET value = ? WHERE rowid = ?", (value[:20], rowid))  # cut inside the header
    unknown_type = struct.pack("<ii", 12345, 0)
    rid2, v2 = con.execute("SELECT rowid, value FROM t7 WHERE rowid > ? ORDER BY rowid LIMIT 1", (rowid,)).fetchone()
    entry = pb.parse_message(con.execute("SELECT key FROM t7 WHERE rowid = ?", (rid2,)).fetchone()[0], v2)
    con.execute("UPDATE t7 SET value = ? WHERE rowid = ?", (
        T.message_value(entry.stable_id, entry.flags, entry.author_id, entry.text,
                        [bytes([1]) + b"_" + b"\x05" + unknown_type]), rid2))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3
    assert len(_messages(tl)) == 23  # the cut entry is lost, the other kept (its unknown media as a number)
    [cut] = [w for w in tl.warnings if w["locator"] == f"t7:rowid={rowid}"]
    assert "message entry not decoded" in cut["message"]
    [kept] = [e for e in _messages(tl) if e["source_locator"] == f"t7:rowid={rid2}"]
    assert kept["extra"]["media"] == [{"type": 12345}] and kept["body"] == (entry.text or None)
    assert len(tl.warnings) == 1


def test_unknown_schema_version(parse, tmp_path):
    root, db = _plain_store(tmp_path)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE t7 RENAME TO t7_old")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and _messages(tl) == []
    [w] = tl.warnings
    assert "unknown schema version" in w["message"] and "t7_old" in w["message"]


def test_decrypt_command_opens_the_store(tmp_path):
    from click.testing import CliRunner

    from artefacts.cli import cli

    root, tempkey, db = _copy_sample(tmp_path)
    key = tempkey.read_bytes().hex()
    out = tmp_path / "plain.sqlite"
    r = CliRunner().invoke(cli, ["decrypt", str(db), "--key", f"telegram_ios={key}", "-o", str(out)])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    assert con.execute("SELECT count(*) FROM t7").fetchone()[0] == 24
    con.close()
    r = CliRunner().invoke(cli, ["decrypt", str(db), "--key", f"telegram_ios={'00' * 48}", "-o", str(tmp_path / "x")])
    assert r.exit_code == 1 and "does not open" in r.output and not (tmp_path / "x").exists()


def test_sample_is_what_the_generator_writes(tmp_path):
    """The committed sample is the generator's output: same manifest, same rows once decrypted."""
    from artefacts.decoders.sqlcipher import APP_SETTINGS, decrypt_database

    dest = tmp_path / "gen"
    manifest = T.write_sample(dest, seed=2024)  # sample_data/generate.py SEED
    assert json.loads(T.manifest_json(manifest)) == MANIFEST

    def rows(root):
        [db] = root.rglob("db_sqlite")
        out = tmp_path / f"{root.name}.plain"
        decrypt_database(db, out, f"x'{MANIFEST['tempkey']}'", settings=APP_SETTINGS["telegram-ios"])
        con = sqlite3.connect(out)
        try:
            return [con.execute(f"SELECT key, value FROM {t} ORDER BY key").fetchall() for t in ("t2", "t7")]
        finally:
            con.close()

    assert rows(dest) == rows(SAMPLE)


def test_referenced_media_missing_from_t6_is_a_warning_and_the_message_is_kept(parse, tmp_path):
    root, db = _plain_store(tmp_path)
    con = sqlite3.connect(db)
    [(key,)] = con.execute("SELECT key FROM t6").fetchall()
    users = con.execute("SELECT count(*) FROM t7").fetchone()[0]
    con.execute("DELETE FROM t6")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and len(_messages(tl)) == users
    ns, mid = struct.unpack(">iq", key)
    assert len(tl.warnings) == 2 and all(f"referenced media {ns}:{mid} is not in t6" in w["message"] for w in tl.warnings)
    for w in tl.warnings:
        [e] = [e for e in _messages(tl) if e["source_locator"] == w["locator"]]
        assert e["extra"]["referenced_media"] == [{"namespace": ns, "id": mid}] and e["attachments"] == []


def test_parsers_listing_names_globs_tables_and_units():
    from click.testing import CliRunner

    from artefacts.cli import cli

    r = CliRunner().invoke(cli, ["parsers", "--json"])
    assert r.exit_code == 0
    [p] = [p for p in json.loads(r.output) if p["name"] == "telegram_ios"]
    assert p["path_globs"] == ["**/telegram-data/account-*/postbox/db/db_sqlite"]
    assert p["required_tables"] == {"t2": ["key", "value"], "t7": ["key", "value"]}
    assert p["time_units"] == {"t7.key.timestamp": "unix_s", "t7.forward.date": "unix_s"}
