"""WeChat Android ``EnMicroMsg.db``: SQLCipher 1, key md5(device id + uin)[:7], through host runs.

The extraction is built on the real DDL (``artefacts/synthetic/ddl/wechat_android_enmicromsg.sql``)
by ``artefacts.synthetic.wechat``, encrypted with the app's settings under the key derived from the
uin (in ``shared_prefs/system_config_prefs.xml``) and a device id; its summary lists every message
as the manifest does. The corpus file (``../shared/corpus/other/EnMicroMsg.db-Password-Cracker``)
is used when present.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from artefacts.engine import RunOptions, run_parse
from artefacts.registry import registry_with
from artefacts.synthetic import wechat as syn
from artefacts.plugins import wechat_android as wa

from conftest import SAMPLE_DATA, corpus_file

SEED = 11


def run(inputs, out: Path, keys=()):
    inputs = inputs if isinstance(inputs, list) else [inputs]
    result = run_parse(RunOptions(inputs=[Path(i) for i in inputs], output=out, keys=list(keys),
                                  workdir=out.parent / "work"), registry=registry_with("artefacts.plugins.wechat_android"))
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest


def iso_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def warnings_of(manifest) -> list[str]:
    return [w["message"] for w in manifest.get("warnings", [])]


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    d = tmp_path_factory.mktemp("wechat") / "phone"
    summary = syn.write_extraction(d, n_messages=40, seed=SEED)
    return d, summary


@pytest.fixture(scope="module")
def keyed_run(extraction, tmp_path_factory):
    d, summary = extraction
    out = tmp_path_factory.mktemp("out") / "t.jsonl"
    return run(d, out, keys=[f"wechat={summary['device_id']}"])


def test_key_derivation_matches_the_source_formula():
    # decrypt-db.py get_key: md5(imei + uin).hexdigest()[:7]; the user folder md5("mm" + uin)
    assert wa.wechat_key("1234567890ABCDEF", "1583567084") == hashlib.md5(b"1234567890ABCDEF1583567084").hexdigest()[:7]
    assert wa.account_dir("123") == hashlib.md5(b"mm123").hexdigest()
    assert syn.key_for("1234567890ABCDEF", "1583567084") == wa.wechat_key("1234567890ABCDEF", "1583567084")


def test_messages_match_the_generator(keyed_run, extraction):
    _d, summary = extraction
    result, events, manifest = keyed_run
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("message:")}
    assert len(msgs) == len(summary["messages"]) == 40
    for m in summary["messages"]:
        ev = msgs[f"message:msgId={m['msgId']}"]
        assert ev["timestamp"] == iso_ms(m["createTime"]) and ev["timestamp_raw"] == m["createTime"]
        assert ev["body"] == m["body"], m
        assert ev["direction"] == m["direction"]
        assert ev["conversation_id"] == m["talker"] and ev["conversation_name"] == m["conversation_name"]
        assert ev["sender"] == m["sender"]
        assert ev["kind"] == ("system" if m["type"] in (10000, 10002) else "message")
        assert ev["extra"]["type"] == m["type"]
        assert ev["extra"].get("imgPath") == m["imgPath"]
        prov = ev["extra"]["decrypted_from"]
        assert prov["settings"].startswith("WeChat: page 1024, PBKDF2-HMAC-SHA1 x4000, no HMAC")
        assert "device id" in prov["key_source"] and "system_config_prefs.xml" in prov["key_source"]
    # all six kinds of record the builder writes are there
    assert {m["type"] for m in summary["messages"]} == {1, 3, 34, 48, 10000, 10002}


def test_names_direction_and_group_members(keyed_run, extraction):
    _d, summary = extraction
    _r, events, _m = keyed_run
    msgs = [e for e in events if e["source_locator"].startswith("message:")]
    out_group = [e for e in msgs if e["conversation_id"] == syn.GROUP and e["direction"] == "outgoing"]
    in_group = [e for e in msgs if e["conversation_id"] == syn.GROUP and e["direction"] == "incoming"]
    assert out_group and in_group
    members = [m for m in summary["group_members"] if m != syn.OWNER]
    for e in out_group:
        assert e["sender"] == syn.OWNER and e["recipients"] == members and e["timestamp_desc"] == "Sent Time"
    for e in in_group:
        assert e["sender"] in members and e["recipients"] == [syn.OWNER]
        assert e["body"] is None or not e["body"].startswith("wxid_")  # the "wxid:\n" prefix is removed
    remark = next(e for e in msgs if e["sender"] == "wxid_an8x2z")
    assert remark["sender_name"] == "Anna (supplier)"  # conRemark before nickname


def test_contacts_and_groups(keyed_run, extraction):
    _d, summary = extraction
    _r, events, _m = keyed_run
    contacts = [e for e in events if e["kind"] == "contact"]
    assert len(contacts) == summary["contacts"] + summary["groups"] == 6
    group = next(e for e in contacts if e["conversation_id"] == syn.GROUP)
    assert group["conversation_name"] == syn.GROUP_NAME and group["recipients"] == summary["group_members"]
    assert [m["username"] for m in group["extra"]["members"]] == summary["group_members"]
    zk = next(e for e in contacts if e["conversation_id"] == "wxid_zk41pq")
    assert zk["body"] == "张凯" and zk["timestamp"] is None


def test_attachments_resolved_with_hashes(keyed_run, extraction):
    d, summary = extraction
    _r, events, manifest = keyed_run
    files = {f"sdcard/tencent/MicroMsg/{summary['account_dir']}/{rel}": data for rel, data in summary["media"]}
    seen = {}
    for e in events:
        for a in e["attachments"]:
            seen[a["path"]] = a["sha256"]
    assert set(seen) == set(files)
    for path, data in files.items():
        assert seen[path] == hashlib.sha256(data).hexdigest()
    msgs = [e for e in events if e["source_locator"].startswith("message:")]
    images = [e for e in msgs if e["extra"]["type"] == 3]
    assert images and all(len(e["attachments"]) == 2 for e in images)
    voices = [e for e in msgs if e["extra"]["type"] == 34]
    assert voices and all(e["attachments"][0]["mime_type"] == "audio/amr" for e in voices)


def test_key_from_the_default_device_id_without_any_key(tmp_path):
    d = tmp_path / "phone"
    summary = syn.write_extraction(d, n_messages=8, seed=3, device_id=wa.DEFAULT_DEVICE_ID)
    result, events, manifest = run(d, tmp_path / "t.jsonl")
    assert result.exit_code == 0 and warnings_of(manifest) == []
    assert len([e for e in events if e["kind"] in ("message", "system")]) == 8
    assert "default device id" in events[0]["extra"]["decrypted_from"]["key_source"]
    assert summary["key"] == wa.wechat_key(wa.DEFAULT_DEVICE_ID, summary["uin"])


def test_key_from_the_config_files_without_any_key(tmp_path):
    # no shared_prefs: the uin from systemInfo.cfg (key 1), the device id from CompatibleInfo.cfg (key 258)
    d = tmp_path / "phone"
    summary = syn.write_extraction(d, n_messages=6, seed=4, prefs=False, config_files=True)
    assert not (d / "data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml").exists()
    result, events, manifest = run(d, tmp_path / "t.jsonl")
    assert result.exit_code == 0 and warnings_of(manifest) == []
    assert len([e for e in events if e["source_locator"].startswith("message:")]) == 6
    src = events[0]["extra"]["decrypted_from"]["key_source"]
    assert "CompatibleInfo.cfg (key 258)" in src and "systemInfo.cfg (key 1)" in src


def test_damaged_config_file_is_named(tmp_path):
    d = tmp_path / "phone"
    syn.write_extraction(d, n_messages=3, seed=4, prefs=False, config_files=True)
    cfg = d / "data/data/com.tencent.mm/MicroMsg/CompatibleInfo.cfg"
    cfg.write_bytes(cfg.read_bytes()[:30])
    result, events, manifest = run(d, tmp_path / "t.jsonl")
    w = warnings_of(manifest)
    assert result.exit_code == 3 and events == [] and len(w) == 1
    assert "CompatibleInfo.cfg cannot be read (truncated Java serialisation stream" in w[0]


def test_hashmap_reader_round_trip():
    from artefacts.decoders.javaser import JavaSerialError
    from artefacts.decoders.javaser_stream import build_hashmap, parse_hashmap

    data = build_hashmap({258: "351546992756262", 1: 1157845820, 7: 2**40, 9: True})
    # java.util.HashMap's class descriptor as ObjectOutputStream writes it (serialVersionUID 0x0507dac1c31660d1)
    assert data.startswith(bytes.fromhex("aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d1"
                                         "03000246000a6c6f6164466163746f724900097468726573686f6c6478"))
    assert parse_hashmap(data) == {258: "351546992756262", 1: 1157845820, 7: 2**40, 9: True}
    for n in range(len(data)):
        with pytest.raises(JavaSerialError):
            parse_hashmap(data[:n])


def test_seven_digit_key_and_wrong_key(extraction, tmp_path):
    d, summary = extraction
    result, events, manifest = run(d, tmp_path / "a.jsonl", keys=[f"wechat={summary['key']}"])
    assert result.exit_code == 0 and len(events) == 46
    wrong = "0000000" if summary["key"] != "0000000" else "0000001"
    result, events, manifest = run(d, tmp_path / "b.jsonl", keys=[f"wechat={wrong}"])
    w = warnings_of(manifest)
    assert result.exit_code == 3 and events == [] and len(w) == 1
    assert "wrong key" in w[0] and "--key wechat #1" in w[0] and wrong not in w[0]


def test_damaged_stores_warn_and_the_rest_is_kept(extraction, tmp_path):
    d, summary = extraction
    db = d / summary["database"]
    truncated = tmp_path / "truncated" / "EnMicroMsg.db"
    truncated.parent.mkdir()
    truncated.write_bytes(db.read_bytes()[:1500])
    result, events, manifest = run([d, truncated], tmp_path / "t.jsonl", keys=[f"wechat={summary['key']}"])
    w = warnings_of(manifest)
    assert result.exit_code == 3 and len(w) == 1 and len(events) == 46
    assert manifest["warnings"][0]["source_path"].endswith("EnMicroMsg.db")
    assert "truncated or damaged" in w[0]
    # damaged pages: SQLCipher 1 has no HMAC, so the key opens page 1 and SQLite finds the damage
    import random

    damaged = tmp_path / "damaged" / "EnMicroMsg.db"
    damaged.parent.mkdir()
    data = bytearray(db.read_bytes())
    rng = random.Random(1)
    for page in range(3, len(data) // 1024, 3):
        data[page * 1024:(page + 1) * 1024] = rng.randbytes(1024)
    damaged.write_bytes(bytes(data))
    result, events, manifest = run([d, damaged], tmp_path / "d.jsonl", keys=[f"wechat={summary['key']}"])
    w = warnings_of(manifest)
    assert result.exit_code == 3 and len(w) == 1 and len(events) == 46
    assert "malformed" in w[0] and "Traceback" not in w[0]


def test_unknown_schema_version(tmp_path):
    import sqlite3

    from artefacts.decoders.sqlcipher import APP_SETTINGS, encrypt_database

    plain = tmp_path / "plain.db"
    con = sqlite3.connect(plain)
    con.execute("CREATE TABLE message (msgId INTEGER PRIMARY KEY, body TEXT)")
    con.commit()
    con.close()
    enc = tmp_path / "in" / "EnMicroMsg.db"
    enc.parent.mkdir()
    encrypt_database(plain, enc, "1a2b3c4", APP_SETTINGS["wechat"], seed=1)
    result, events, manifest = run(enc, tmp_path / "t.jsonl", keys=["wechat=1a2b3c4"])
    w = warnings_of(manifest)
    assert result.exit_code == 3 and events == [] and len(w) == 1
    assert "unknown schema version" in w[0] and "tables: message" in w[0] and "decrypted with --key wechat #1" in w[0]


def test_decrypt_command(extraction, tmp_path):
    d, summary = extraction
    db = d / summary["database"]
    cmd = [sys.executable, "-m", "artefacts", "decrypt", str(db), "--key", summary["key"], "-o", str(tmp_path / "p.db")]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    import sqlite3

    con = sqlite3.connect(tmp_path / "p.db")
    assert con.execute("SELECT count(*) FROM message").fetchone() == (40,)
    con.close()
    cmd[cmd.index(summary["key"])] = "abcdef0" if summary["key"] != "abcdef0" else "abcdef1"
    cmd[-1] = str(tmp_path / "w.db")
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode != 0 and not (tmp_path / "w.db").exists() and "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if line.strip()]) == 1


def test_parsers_listing():
    from artefacts.plugins.wechat_android import WeChatAndroidParser

    desc = WeChatAndroidParser.describe()
    assert desc["path_globs"] == ["**/com.tencent.mm/MicroMsg/*/EnMicroMsg.db"]
    assert desc["time_units"] == {"message.createTime": "unix_ms"}
    assert "message" in desc["required_tables"]


def test_sample_data_matches_its_manifest(tmp_path):
    root = SAMPLE_DATA / "wechat"
    if not (root / "manifest.json").exists():
        pytest.skip("sample_data/wechat not generated")
    expected = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    keys = (root / "KEYS.txt").read_text(encoding="utf-8")
    device_id = keys.split("--key wechat=", 1)[1].split()[0]
    result, events, manifest = run(root / "android", tmp_path / "t.jsonl", keys=[f"wechat={device_id}"])
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("message:")}
    assert len(msgs) == len(expected["messages"])
    for m in expected["messages"]:
        ev = msgs[f"message:msgId={m['msgId']}"]
        assert (ev["timestamp"], ev["body"], ev["direction"], ev["conversation_id"], ev["sender"]) == (
            iso_ms(m["createTime"]), m["body"], m["direction"], m["talker"], m["sender"])


def test_corpus_enmicromsg(tmp_path):
    src = corpus_file("other", "EnMicroMsg.db-Password-Cracker", "EnMicroMsg.db")
    local = tmp_path / "in" / "EnMicroMsg.db"
    local.parent.mkdir()
    shutil.copyfile(src, local)
    result, events, manifest = run(local, tmp_path / "t.jsonl", keys=["wechat=00001ef"])
    w = warnings_of(manifest)
    # one empty table (test_table): no events; the warning says it was decrypted, how, and what it holds
    assert events == [] and result.exit_code == 3 and len(w) == 1
    assert "decrypted with --key wechat #1 (WeChat: page 1024, PBKDF2-HMAC-SHA1 x4000, no HMAC" in w[0]
    assert "tables: test_table" in w[0]
    result, events, manifest = run(local, tmp_path / "w.jsonl", keys=["wechat=00001ee"])
    w = warnings_of(manifest)
    assert events == [] and result.exit_code == 3 and len(w) == 1 and "wrong key" in w[0]


# -- iOS: MM.sqlite + WCDB_Contact.sqlite ------------------------------------------------------


def run_ios(inputs, out: Path):
    inputs = inputs if isinstance(inputs, list) else [inputs]
    result = run_parse(RunOptions(inputs=[Path(i) for i in inputs], output=out, workdir=out.parent / "work"),
                       registry=registry_with("artefacts.plugins.wechat_ios"))
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest


@pytest.fixture(scope="module")
def ios(tmp_path_factory):
    d = tmp_path_factory.mktemp("wechat-ios") / "iphone"
    summary = syn.write_ios_extraction(d, n_messages=30, seed=SEED)
    result, events, manifest = run_ios(d, d.parent / "t.jsonl")
    return d, summary, result, events, manifest


def test_ios_messages_match_the_generator(ios):
    _d, summary, result, events, manifest = ios
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("Chat_")}
    assert len(msgs) == len(summary["messages"]) == 30
    for m in summary["messages"]:
        ev = msgs[f"{m['table']}:MesLocalID={m['MesLocalID']}"]
        assert ev["timestamp"] == iso_ms(m["CreateTime"] * 1000) and ev["timestamp_raw"] == m["CreateTime"]
        assert (ev["body"], ev["direction"], ev["conversation_id"], ev["conversation_name"], ev["sender"]) == (
            m["body"], m["direction"], m["talker"], m["conversation_name"], m["sender"]), m
        assert ev["kind"] == ("system" if m["type"] == 10000 else "message")
    assert {m["type"] for m in summary["messages"]} == {1, 3, 34, 48, 10000}


def test_ios_contacts_and_attachments(ios):
    _d, summary, _r, events, _m = ios
    contacts = {e["conversation_id"]: e for e in events if e["kind"] == "contact"}
    assert len(contacts) == summary["contacts"] == 5
    assert contacts["wxid_an8x2z"]["body"] == "Anna" and contacts["wxid_an8x2z"]["extra"]["alias"] == "anna_w"
    assert contacts[syn.GROUP]["conversation_name"] == syn.GROUP_NAME
    files = {f"{summary['account_dir']}/{rel}": hashlib.sha256(data).hexdigest() for rel, data in summary["media"]}
    seen = {a["path"]: a["sha256"] for e in events for a in e["attachments"]}
    assert seen == files


def test_ios_remark_protobuf_fields():
    from artefacts.plugins.wechat_ios import chat_hash, remark_fields

    assert remark_fields(syn.remark_blob("李明", "li_ming")) == {1: "李明", 2: "li_ming"}
    assert remark_fields(b"") == {}
    assert chat_hash("wxid_li3m9a") == hashlib.md5(b"wxid_li3m9a").hexdigest()


def test_ios_damaged_and_unknown_schema(ios, tmp_path):
    import sqlite3

    d, summary, *_ = ios
    mm = next(d.rglob("MM.sqlite"))
    bad = tmp_path / "bad" / mm.relative_to(d)
    bad.parent.mkdir(parents=True)
    bad.write_bytes(mm.read_bytes()[:100] + b"\x00" * 200)
    result, events, manifest = run_ios([d, tmp_path / "bad"], tmp_path / "t.jsonl")
    w = warnings_of(manifest)
    assert result.exit_code == 3 and len(w) == 1 and "MM.sqlite" in manifest["warnings"][0]["source_path"]
    assert len([e for e in events if e["kind"] != "contact"]) == 30  # the healthy extraction is kept
    odd = tmp_path / "odd" / mm.relative_to(d)
    odd.parent.mkdir(parents=True)
    con = sqlite3.connect(odd)
    con.execute("CREATE TABLE Chat_0123456789abcdef0123456789abcdef (MesLocalID INTEGER PRIMARY KEY, Body TEXT)")
    con.commit()
    con.close()
    result, events, manifest = run_ios(tmp_path / "odd", tmp_path / "o.jsonl")
    w = warnings_of(manifest)
    assert result.exit_code == 3 and events == [] and len(w) == 1 and "unknown schema version" in w[0]


def test_ios_sample_data_matches_its_manifest(tmp_path):
    root = SAMPLE_DATA / "wechat"
    if not (root / "manifest_ios.json").exists():
        pytest.skip("sample_data/wechat not generated")
    expected = json.loads((root / "manifest_ios.json").read_text(encoding="utf-8"))
    result, events, manifest = run_ios(root / "ios", tmp_path / "t.jsonl")
    assert result.exit_code == 0 and warnings_of(manifest) == []
    msgs = {e["source_locator"]: e for e in events if e["source_locator"].startswith("Chat_")}
    assert len(msgs) == len(expected["messages"]) == 40
    for m in expected["messages"]:
        ev = msgs[f"{m['table']}:MesLocalID={m['MesLocalID']}"]
        assert (ev["timestamp"], ev["body"], ev["direction"], ev["conversation_id"], ev["sender"]) == (
            iso_ms(m["CreateTime"] * 1000), m["body"], m["direction"], m["talker"], m["sender"])
