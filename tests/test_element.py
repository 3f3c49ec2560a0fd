"""Element X (plugins/element_x.py): the sample session against its manifest, plain stores, a wrong or missing
passphrase, damaged values and stores, an unknown schema version, and the classic Realm store warning."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import datetime, timezone

import pytest

from artefacts.decoders.store_cipher import StoreCipher
from artefacts.synthetic.element import write_element_extraction
from tests.conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "element"


def _passphrase() -> str:
    return re.search(r"--key element=(\S+)", (SAMPLE / "KEYS.txt").read_text()).group(1)


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _copy_sample(tmp_path):
    dest = tmp_path / "ex"
    shutil.copytree(SAMPLE / "android", dest)
    return dest


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse(SAMPLE / "android", keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    by_id = {e["extra"]["event_id"]: e for e in tl.events}
    assert len(tl.events) == len(by_id) == len(m["events"]) == 15
    for want in m["events"]:
        e = by_id[want["event_id"]]
        assert e["source_path"] == m["event_cache"] and e["parser"].startswith("element_x/")
        assert e["timestamp_raw"] == want["origin_server_ts"]
        assert e["timestamp"] == _iso(want["origin_server_ts"])
        assert e["kind"] == want["kind"]
        assert e["body"] == want["body"]
        assert e["direction"] == ("outgoing" if want["outgoing"] else "incoming")
        assert (want["sender"] == m["self"]) == want["outgoing"]
        assert e["conversation_id"] == want["room"]
        assert e["conversation_name"] == m["rooms"][want["room"]]
        assert e["sender"] == want["sender"] and e["sender_name"] == m["people"][want["sender"]]
        assert e["deleted"] == want["deleted"]
        assert e["extra"]["event_type"] == want["type"] and e["extra"]["timeline_event"] == want["form"]
        assert e["platform"] == "android" and e["app"] == "element"
        if want["attachment"]:
            [a] = e["attachments"]
            assert [a["name"], a["mime_type"], a["size"]] == want["attachment"]
        else:
            assert e["attachments"] == []
    kinds = {e["extra"]["event_type"] for e in tl.events}
    assert {"m.room.message", "m.room.redaction", "m.call.invite", "m.call.hangup", "m.reaction",
            "m.room.encrypted", "m.room.member"} <= kinds
    [utd] = [e for e in tl.events if e["extra"]["event_type"] == "m.room.encrypted"]
    assert utd["body"] is None and utd["extra"]["encrypted"] is True and "still encrypted" in utd["extra"]["note"]
    [red] = [e for e in tl.events if e["extra"]["event_type"] == "m.room.redaction"]
    [gone] = [e for e in tl.events if e["deleted"]]
    assert red["extra"]["redacts"] == gone["extra"]["event_id"] and gone["extra"]["redacted_by"] == red["extra"]["event_id"]
    group = [e for e in tl.events if e["conversation_name"] == "Project Falcon"]
    assert group and all(set(e["recipients"]) | {e["sender"]} == set(m["people"]) for e in group)


def test_sample_is_encrypted_as_the_sdk_writes_it():
    m = _manifest()
    root = SAMPLE / "android"
    con = sqlite3.connect(f"file:{root / m['event_cache']}?mode=ro", uri=True)
    kv = dict(con.execute("SELECT key, value FROM kv"))
    assert kv["version"] == bytes([14])
    cipher = StoreCipher.import_passphrase(_passphrase(), kv["cipher"])
    room = next(iter(m["rooms"]))
    rows = con.execute("SELECT room_id, event_type, content FROM events").fetchall()
    assert all(len(r[0]) == 32 and len(r[1]) == 32 for r in rows)  # hashed keys, no room id or type in clear
    assert any(r[0] == cipher.hash_key("linked_chunks", room) for r in rows)
    assert all(b"origin_server_ts" not in bytes(r[2]) for r in rows)
    assert any(r[1] == cipher.hash_key("events", "m.reaction") for r in rows)
    con.close()


def test_no_passphrase_and_a_wrong_one_are_one_clear_warning(parse):
    m = _manifest()
    for keys, reason in (([], "no passphrase was given"), (["element=not-it"], "--key element #1: wrong passphrase")):
        tl = parse(SAMPLE / "android", keys=keys)
        assert tl.exit_code == 3 and tl.events == []
        [w] = tl.warnings
        assert w["source_path"] == m["event_cache"] and reason in w["message"]
        assert "--key element=PASSPHRASE" in w["message"] and w["locator"] == "kv:key=cipher"


def test_a_wrong_passphrase_before_the_right_one_is_skipped(parse):
    tl = parse(SAMPLE / "android", keys=["element=not-it", f"element={_passphrase()}"])
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 15


def test_plain_stores_without_a_passphrase(parse, tmp_path):
    s = write_element_extraction(tmp_path / "plain", seed=7)
    tl = parse(tmp_path / "plain")
    assert tl.exit_code == 0 and tl.warnings == []
    assert sorted(e["timestamp_raw"] for e in tl.events) == sorted(x["event"]["origin_server_ts"] for x in s["events"])
    con = sqlite3.connect(tmp_path / "plain" / s["event_cache"])
    assert dict(con.execute("SELECT key, value FROM kv")).keys() == {"version"}  # no cipher
    con.close()
    outgoing = {e["extra"]["event_id"] for e in tl.events if e["direction"] == "outgoing"}
    assert outgoing == {x["event"]["event_id"] for x in s["events"] if x["outgoing"]}


def test_a_damaged_value_is_one_row_warning_and_the_rest_is_kept(parse, tmp_path):
    m = _manifest()
    root = _copy_sample(tmp_path)
    victim = m["events"][0]["event_id"]
    con = sqlite3.connect(root / m["event_cache"])
    (content,) = con.execute("SELECT content FROM events WHERE event_id = ?", (victim,)).fetchone()
    damaged = bytearray(content)
    damaged[-20] ^= 0x01
    con.execute("UPDATE events SET content = ? WHERE event_id = ?", (bytes(damaged), victim))
    con.commit()
    con.close()
    tl = parse(root, keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 3 and len(tl.events) == 14
    [w] = tl.warnings
    assert w["locator"] == f"events:event_id={victim}" and "does not authenticate" in w["message"]
    assert w["source_path"] == m["event_cache"]


def test_a_truncated_event_cache_is_a_warning_not_a_traceback(parse, tmp_path):
    m = _manifest()
    root = _copy_sample(tmp_path)
    path = root / m["event_cache"]
    path.write_bytes(path.read_bytes()[:5000])
    tl = parse(root, keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 3 and tl.events == []
    assert [w["source_path"] for w in tl.warnings] == [m["event_cache"]]
    assert "Traceback" not in json.dumps(tl.warnings)


def test_a_damaged_state_store_leaves_the_timeline(parse, tmp_path):
    m = _manifest()
    root = _copy_sample(tmp_path)
    con = sqlite3.connect(root / m["state_store"])
    con.execute("UPDATE kv SET value = ? WHERE key = 'cipher'", (b"\x93\x01\x02",))
    con.commit()
    con.close()
    tl = parse(root, keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 3 and len(tl.events) == 15
    [w] = tl.warnings
    assert m["state_store"] in w["message"] and "store cipher" in w["message"]
    assert all(e["conversation_name"] is None and e["extra"]["room_not_in_state_store"] for e in tl.events)
    assert {e["direction"] for e in tl.events} == {"incoming", "outgoing"}  # the crypto store still gives the account


def test_an_unknown_schema_version_is_one_warning(parse, tmp_path):
    m = _manifest()
    root = _copy_sample(tmp_path)
    con = sqlite3.connect(root / m["event_cache"])
    con.execute("UPDATE kv SET value = ? WHERE key = 'version'", (bytes([99]),))
    con.commit()
    con.close()
    tl = parse(root, keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 3 and len(tl.events) == 15
    [w] = tl.warnings
    assert w["locator"] == "kv:key=version" and "unknown schema version 99" in w["message"]
    assert "read by column names" in w["message"]


def test_an_unknown_layout_is_not_read(parse, tmp_path):
    path = tmp_path / "ex" / "matrix-sdk-event-cache.sqlite3"
    path.parent.mkdir()
    con = sqlite3.connect(path)
    con.execute('CREATE TABLE "kv" ("key" TEXT PRIMARY KEY NOT NULL, "value" BLOB NOT NULL)')
    con.execute("INSERT INTO kv VALUES ('version', ?)", (bytes([3]),))
    con.execute('CREATE TABLE "events" ("chunk_id" INTEGER NOT NULL, "room_id" BLOB NOT NULL)')
    con.commit()
    con.close()
    tl = parse(tmp_path / "ex")
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert "unknown schema version 3" in w["message"] and "not read" in w["message"]


def test_own_account_comes_from_the_crypto_store(parse, tmp_path):
    m = _manifest()
    root = _copy_sample(tmp_path)
    (root / m["crypto_store"]).unlink()
    tl = parse(root, keys=[f"element={_passphrase()}"])
    assert tl.exit_code == 0 and len(tl.events) == 15
    assert {e["direction"] for e in tl.events} == {None}


def test_timeline_event_v0_format_is_read(parse, tmp_path):
    s = write_element_extraction(tmp_path / "v0", seed=3)
    path = tmp_path / "v0" / s["event_cache"]
    con = sqlite3.connect(path)
    eid, content = con.execute("SELECT event_id, content FROM events ORDER BY event_id LIMIT 1").fetchone()
    v1 = json.loads(content)
    raw = next(iter(v1["kind"].values()))["event"]
    con.execute("UPDATE events SET content = ? WHERE event_id = ?", (json.dumps({"event": raw}).encode(), eid))
    con.commit()
    con.close()
    tl = parse(tmp_path / "v0")
    assert tl.exit_code == 0
    [e] = [e for e in tl.events if e["extra"]["event_id"] == eid]
    assert e["timestamp_raw"] == raw["origin_server_ts"] and e["extra"]["timeline_event"] == "PlainText"


def test_classic_element_realm_store_is_named_as_not_supported(parse, tmp_path):
    realm = tmp_path / "ex" / "data/data/im.vector.app/files/0123456789abcdef0123456789abcdef/disk_store.realm"
    realm.parent.mkdir(parents=True)
    realm.write_bytes(bytes(range(256)) * 16)
    tl = parse(tmp_path / "ex")
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["source_path"].endswith("im.vector.app/files/0123456789abcdef0123456789abcdef/disk_store.realm")
    assert "not supported" in w["message"] and w["parser"] == "element_android_realm"


def test_parser_description_lists_globs_tables_and_units():
    from artefacts.plugins.element_x import ElementXParser

    d = ElementXParser.describe()
    assert "**/matrix-sdk-event-cache.sqlite3" in d["path_globs"]
    assert d["time_units"] == {"events.content.origin_server_ts": "unix_ms"}
    assert set(d["related_globs"]) == {"state", "crypto"}


def test_an_account_value_that_is_not_a_map_is_a_warning(parse, tmp_path):
    s = write_element_extraction(tmp_path / "p", seed=5)
    con = sqlite3.connect(tmp_path / "p" / s["crypto_store"])
    con.execute("UPDATE kv SET value = ? WHERE key = 'account'", (b"\xc1",))
    con.commit()
    con.close()
    tl = parse(tmp_path / "p")
    assert tl.exit_code == 3 and len(tl.events) == len(s["events"])
    [w] = tl.warnings
    assert s["crypto_store"] in w["message"] and "cannot be read" in w["message"]


def test_ios_layout_one_session_folder(parse, tmp_path):
    s = write_element_extraction(tmp_path / "ios", seed=9, passphrase="pw", rounds=1000, layout="ios")
    assert "/Library/Caches/Sessions/" in s["event_cache"]
    tl = parse(tmp_path / "ios", keys=["element=pw"])
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == len(s["events"])
    assert {e["platform"] for e in tl.events} == {"ios"}
    assert {e["conversation_name"] for e in tl.events} == {r["display"] for r in s["rooms"].values()}


def test_the_state_store_of_the_same_session_is_preferred(parse, tmp_path):
    a = write_element_extraction(tmp_path / "ex", seed=11)
    b = write_element_extraction(tmp_path / "ex", seed=12)  # a second session of another account
    assert a["session"] != b["session"]
    tl = parse(tmp_path / "ex")
    assert tl.exit_code == 0 and tl.warnings == []
    for s in (a, b):
        mine = [e for e in tl.events if e["source_path"] == s["event_cache"]]
        assert len(mine) == len(s["events"])
        assert {e["conversation_id"] for e in mine} == set(s["rooms"])
        assert not any(e["extra"].get("room_not_in_state_store") for e in mine)
        assert {e["conversation_name"] for e in mine} == {r["display"] for r in s["rooms"].values()}


def test_decrypt_command_writes_plain_values_and_refuses_a_wrong_passphrase(tmp_path, parse):
    from artefacts.decrypt import DecryptError, decrypt_file

    m = _manifest()
    src = SAMPLE / "android" / m["event_cache"]
    out = decrypt_file(src, [f"element={_passphrase()}"], tmp_path / "plain.sqlite3")
    assert out.format == "matrix-sdk-store" and out.details["values_decrypted"] == len(m["events"])
    con = sqlite3.connect(tmp_path / "plain.sqlite3")
    assert "cipher" not in dict(con.execute("SELECT key, value FROM kv"))
    contents = {json.loads(c)["kind"].popitem()[1]["event"]["event_id"] for (c,) in con.execute("SELECT content FROM events")}
    con.close()
    assert contents == {e["event_id"] for e in m["events"]}
    with pytest.raises(DecryptError, match="wrong passphrase"):
        decrypt_file(src, ["element=not-it"], tmp_path / "nope.sqlite3")
    assert not (tmp_path / "nope.sqlite3").exists()
    # the plain copy parses on its own (rooms stay hashed keys: no state store beside it)
    tl = parse(tmp_path / "plain.sqlite3")
    assert tl.exit_code == 0 and len(tl.events) == len(m["events"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["conversation_id"]) for e in tl.events)


def test_a_cipher_entry_that_is_not_a_blob_is_one_warning(parse, tmp_path):
    s = write_element_extraction(tmp_path / "p", seed=6)
    con = sqlite3.connect(tmp_path / "p" / s["event_cache"])
    con.execute("INSERT INTO kv VALUES ('cipher', 'text, not a cipher')")
    con.commit()
    con.close()
    tl = parse(tmp_path / "p", keys=["element=pw"])
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["locator"] == "kv:key=cipher" and "not a BLOB" in w["message"]
