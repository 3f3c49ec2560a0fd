"""WeChat for Android (``plugins/wechat_android.py``): EnMicroMsg.db decrypted with the key of its
uin and device id, messages matched against the generator's manifest, keys, damage, the real
corpus file."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.plugins.wechat_android import FALLBACK_DEVICE_ID, account_folder, wechat_key
from artefacts.synthetic.ddl_loader import create
from artefacts.synthetic.wechat import build_enmicromsg, write_wechat_extraction
from conftest import SAMPLE_DATA, sample_with_manifest, corpus_file

UIN = 987654321
IMEI = "490154203237518"  # a reserved-looking test IMEI (checksum-valid example number), not a real phone


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _messages(tl) -> list[dict]:
    return [e for e in tl.events if e["source_locator"].startswith("message:")]


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "wechat")
    got = {int(e["source_locator"].split("=")[1]): e for e in _messages(tl)}
    assert len(got) == len(manifest["messages"]) == 60
    for m in manifest["messages"]:
        e = got[m["msgId"]]
        assert e["timestamp"] == _iso(m["createTime"]) and e["timestamp_raw"] == m["createTime"]
        assert e["body"] == m["body"], m
        assert e["direction"] == ("outgoing" if m["outgoing"] else "incoming")
        assert e["conversation_id"] == m["conversation"] and e["sender"] == m["sender"]
        assert e["extra"]["decrypted_from"]["key_source"].startswith(f"uin {manifest['uin']} (system_config_prefs.xml")
    images = [e for e in _messages(tl) if e["extra"]["wechat_type"] == 3]
    found = {a["path"]: a["sha256"] for e in images for a in e["attachments"] if a["sha256"]}
    assert sorted(found) == sorted(manifest["thumbnails"]) and len(images) == len(found) + 1
    for rel, digest in found.items():
        assert digest == hashlib.sha256((SAMPLE_DATA / "wechat" / "android" / rel).read_bytes()).hexdigest()
    [missing] = [e for e in images if not e["attachments"][0]["sha256"]]
    assert missing["attachments"][0]["path"].endswith(missing["extra"]["imgPath"].rsplit("th_", 1)[1])
    # voice notes and videos: their files in voice2/ and video/, found and hashed
    media = [e for e in _messages(tl) if e["extra"]["wechat_type"] in (34, 43)]
    found = {a["path"]: a["sha256"] for e in media for a in e["attachments"] if a["sha256"]}
    assert len(media) >= 8 and sorted(found) == sorted(manifest["media_files"]) and len(found) == len(media)
    for rel, digest in found.items():
        assert digest == hashlib.sha256((SAMPLE_DATA / "wechat" / "android" / rel).read_bytes()).hexdigest()
        assert "/voice2/" in rel and rel.endswith(".amr") or "/video/" in rel and rel.endswith(".mp4")
    kinds = {e["kind"] for e in _messages(tl)}
    assert kinds == {"message", "system"}
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    assert len(contacts) == 6 and any(e["conversation_id"].endswith("@chatroom") and len(e["extra"]["members"]) == 5
                                      for e in contacts)


@pytest.fixture
def imei_phone(tmp_path) -> tuple[Path, dict]:
    s = write_wechat_extraction(tmp_path / "phone", uin=UIN, device_id=IMEI, n_messages=24, seed=5)
    return tmp_path / "phone", s


def test_key_from_the_device_id_and_the_uin_in_the_extraction(parse, imei_phone):
    root, s = imei_phone
    assert s["key"] == wechat_key(IMEI, str(UIN)) and Path(s["database"]).parent.name == account_folder(str(UIN))
    without = parse(root)
    assert without.exit_code == 3 and not _messages(without)
    [w] = without.warnings
    assert "cannot decrypt" in w["message"] and "--key wechat=" in w["message"] and w["source_path"].endswith("EnMicroMsg.db")
    assert f"uin {UIN}" in w["message"] and FALLBACK_DEVICE_ID in w["message"], "the keys tried are named"
    assert s["key"] not in w["message"], "key values never appear in warnings"
    with_imei = parse(root, keys=[f"wechat={IMEI}"])
    assert with_imei.exit_code == 0 and len(_messages(with_imei)) == 24
    direct = parse(root, keys=[f"wechat={s['key']}"])
    assert direct.exit_code == 0 and len(_messages(direct)) == 24
    assert {e["extra"]["decrypted_from"]["key_source"] for e in _messages(direct)} == {"--key wechat #1"}


def test_device_id_from_compatible_info(parse, tmp_path):
    s = write_wechat_extraction(tmp_path / "phone", uin=UIN, device_id=IMEI, n_messages=12, seed=6, compatible_info=True)
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and len(_messages(tl)) == 12
    assert {e["extra"]["decrypted_from"]["key_source"] for e in _messages(tl)} == {
        f"uin {UIN} (system_config_prefs.xml default_uin) with CompatibleInfo.cfg key 258 (device id)"}
    assert s["key"] == wechat_key(IMEI, str(UIN))


def test_wrong_key_is_one_warning_and_the_rest_is_kept(parse, imei_phone, tmp_path):
    root, s = imei_phone
    (root / "data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml").unlink()
    calls = root / "data/data/com.android.providers.contacts/databases/calllog.db"
    calls.parent.mkdir(parents=True)
    from artefacts.synthetic import build_calllog

    build_calllog(calls, n_calls=12, seed=1)
    tl = parse(root, keys=["wechat=abcdef0"])
    assert tl.exit_code == 3 and len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 12
    [w] = tl.warnings
    assert "--key wechat #1: wrong key" in w["message"] and "no uin" in w["message"]


def test_group_messages_take_their_sender_from_the_content_prefix(parse, tmp_path):
    db = tmp_path / "phone/data/data/com.tencent.mm/MicroMsg/0123456789abcdef0123456789abcdef/EnMicroMsg.db"
    s = build_enmicromsg(db, n_messages=40, seed=2)  # plain: an extraction tool decrypted it already
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0
    group = s["group"]["username"]
    received = [m for m in s["messages"] if m["talker"] == group and not m["outgoing"] and m["type"] == 1]
    assert received, "the generator gives received group texts"
    events = {int(e["source_locator"].split("=")[1]): e for e in _messages(tl)}
    for m in received:
        e = events[m["msgId"]]
        assert m["content"].startswith(m["sender"] + ":\n")
        assert e["sender"] == m["sender"] and e["body"] == m["body"] and ":\n" not in e["body"][:40]
        assert e["conversation_name"] == "Weekend plans" and m["sender"] not in e["recipients"]
    loc = next(e for e in _messages(tl) if e["extra"]["wechat_type"] == 48)
    assert loc["body"].startswith("Location: Meeting point (") and set(loc["extra"]["location"]) == {"x", "y", "label", "poiname"}
    link = next(e for e in _messages(tl) if e["extra"]["wechat_type"] == 49)
    assert link["extra"]["url"].startswith("https://example.org/item/") and link["body"].startswith("Listing & price ")
    image = next(e for e in _messages(tl) if e["extra"]["wechat_type"] == 3)
    assert image["body"] is None and image["attachments"][0]["name"].startswith("THUMBNAIL_DIRPATH://th_")


def test_unknown_schema_and_unknown_type(parse, tmp_path):
    root = tmp_path / "phone/data/data/com.tencent.mm/MicroMsg/0123456789abcdef0123456789abcdef"
    root.mkdir(parents=True)
    con = sqlite3.connect(root / "EnMicroMsg.db")
    create(con, "wechat_android_enmicromsg.sql", "tables")
    con.execute("INSERT INTO message (msgId, type, isSend, createTime, talker, content) VALUES "
                "(1, 123456, 0, 1709280000123, 'wxid_a', 'something new')")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    [e] = _messages(tl)
    assert tl.exit_code == 0 and e["body"] == "something new" and e["extra"]["type_name"] == "unknown"
    assert e["extra"]["wechat_type"] == 123456
    con = sqlite3.connect(root / "EnMicroMsg.db")
    con.execute("ALTER TABLE message RENAME COLUMN talker TO talker_v2")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 3 and not _messages(tl)
    [w] = tl.warnings
    assert w["message"].startswith("unknown schema version: no WeChat message table") and "talker" in w["message"]


def test_truncated_encrypted_store_is_one_warning(parse, imei_phone):
    root, s = imei_phone
    db = root / s["database"]
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])
    tl = parse(root, keys=[f"wechat={IMEI}"])
    assert tl.exit_code == 3
    assert len(tl.warnings) >= 1 and all(w["source_path"] == s["database"] for w in tl.warnings)


def test_real_corpus_file_opens_with_its_passphrase():
    """chg-hou/EnMicroMsg.db-Password-Cracker's EnMicroMsg.db: a real SQLCipher file written with WeChat's
    settings and the passphrase 00001ef (create_test_db.py), holding one empty ``test_table``."""
    path = corpus_file("other", "EnMicroMsg.db-Password-Cracker", "EnMicroMsg.db")
    from artefacts.testing import make_runner
    import tempfile

    run = make_runner(Path(tempfile.mkdtemp()))
    tl = run(path)
    [w] = tl.warnings
    assert tl.exit_code == 3 and "cannot decrypt" in w["message"]
    tl = run(path, keys=["wechat=00001ef"])
    [w] = tl.warnings
    assert tl.events == [] and w["message"] == (
        "decrypted (WeChat: page 1024, PBKDF2-HMAC-SHA1 x4000, no HMAC; key: --key wechat #1), but unknown schema "
        "version: no WeChat message table (message with msgId, type, isSend, createTime, talker, content); "
        "tables: test_table")
