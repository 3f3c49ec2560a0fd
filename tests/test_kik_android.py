"""Kik for Android (``kikDatabase.db``, parser ``kik_android``): the committed sample, its generator, and
the rows the sources leave odd (system lines, unknown ``was_me``, the core-id file name, older schemas)."""

from __future__ import annotations

import hashlib


from conftest import SAMPLE_DATA, iso_from_us
from manifest_checks import assert_rebuilds, parse_clean_sample, sample_manifest
from test_plaso_messengers_odd import _copy, _sql

from artefacts.synthetic.kik import CORE_DB, DB, write_kik_android

SAMPLE = SAMPLE_DATA / "kik" / "android"


def test_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = sample_manifest("kik", "MANIFEST.android.json")
    tl = parse_clean_sample(parse, event_validator, SAMPLE, {"app": "kik", "path": DB, "events": manifest["events"]})
    assert {e["parser"] for e in tl.events} == {"kik_android/1.0", "kik_android_account/1.0"}
    account = tl.by_locator("CoreTable:_rowid=1")
    assert account["kind"] == "contact" and account["extra"]["owner"] is True and account["sender"] == manifest["account"]
    assert all(e["sender"] == manifest["account"] for e in tl.events if e["direction"] == "outgoing")
    for m in manifest["messages"]:
        e = tl.by_locator(f"messagesTable:_rowid={m['rowid']}")
        assert e["timestamp"] == iso_from_us(m["timestamp"] * 1000) and e["timestamp_raw"] == m["timestamp"]
        assert e["extra"]["read_state"] == (500 if m["direction"] == "outgoing" else 400)
    [system] = [m for m in manifest["messages"] if m["kind"] == "system"]
    assert "has joined" in tl.by_locator(f"messagesTable:_rowid={system['rowid']}")["body"]
    on_phone, missing = ([m for m in manifest["messages"] if m["attachment"] and bool(m["sha256"]) is has]
                         for has in (True, False))
    assert len(on_phone) == len(missing) == 1
    att = tl.by_locator(f"messagesTable:_rowid={on_phone[0]['rowid']}")["attachments"][0]
    assert att["path"] == on_phone[0]["file"] and att["size"] == (SAMPLE / on_phone[0]["file"]).stat().st_size
    assert att["sha256"] == hashlib.sha256((SAMPLE / on_phone[0]["file"]).read_bytes()).hexdigest()
    event = tl.by_locator(f"messagesTable:_rowid={missing[0]['rowid']}")
    assert event["attachments"][0]["path"] is None and event["attachments"][0]["size"] > 0
    assert event["extra"]["app_name"] == "Gallery"
    assert sorted(s["path"] for s in tl.sources if s["path"].endswith(".jpg")) == [on_phone[0]["file"]]
    group = [c for c in manifest["contacts"] if c["group"]]
    assert len(group) == 1 and tl.by_locator(f"KIKcontactsTable:jid={group[0]['jid']}")["extra"]["is_group"] == 1
    named = [e for e in tl.events if e["kind"] == "message" and e["conversation_id"] == group[0]["jid"]]
    assert named and all(e["conversation_name"] == group[0]["name"] for e in named)


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = write_kik_android(tmp_path, seed=2024)
    files = [m["file"] for m in manifest["messages"] if m["file"]]
    assert_rebuilds(manifest, sample_manifest("kik", "MANIFEST.android.json"), tmp_path, SAMPLE, DB, CORE_DB, *files)


def test_core_id_file_name_unknown_was_me_and_old_schema(parse, tmp_path):
    root = _copy("kik", tmp_path)
    db = root / DB
    _sql(db, "UPDATE messagesTable SET was_me = 5 WHERE rowid = 1", "DROP TABLE KIKContentTable",
         "ALTER TABLE messagesTable DROP COLUMN app_id")
    db.rename(db.with_name("a1b2c3d4.kikDatabase.db"))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("messagesTable:_rowid=1")
    assert e["direction"] is None and e["extra"]["was_me"] == 5 and e["sender"] is None and e["recipients"] == []
    out = [x for x in tl.events if x["direction"] == "outgoing"]
    assert out and all(x["sender"] == "sam.k_1994" for x in out)  # the core database is found beside the renamed file
    pic = [x for x in tl.events if x["extra"].get("content_id")]
    assert pic and pic[0]["attachments"][0]["name"] == pic[0]["extra"]["content_id"]  # no properties: the content id


def test_account_of_the_core_id_and_no_core_database(parse, tmp_path):
    root = _copy("kik", tmp_path)
    core = root / CORE_DB
    _sql(core, "UPDATE CoreTable SET is_active = 0",
         "INSERT INTO CoreTable (core_id, username, is_active) VALUES ('feedface', 'other.account', 1)")
    (root / DB).rename((root / DB).with_name("feedface.kikDatabase.db"))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    out = [x for x in tl.events if x["direction"] == "outgoing" and x["parser"].startswith("kik_android/")]
    assert out and all(x["sender"] == "other.account" for x in out)
    assert len([e for e in tl.events if e["extra"].get("owner")]) == 2
    core.unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert all(x["sender"] is None for x in tl.events if x["direction"] == "outgoing")


def test_core_database_without_its_table(parse, tmp_path):
    root = _copy("kik", tmp_path)
    _sql(root / CORE_DB, "ALTER TABLE CoreTable DROP COLUMN username")
    tl = parse(root)
    assert tl.exit_code == 3
    assert all(w["source_path"].endswith(("kikDatabase.db", "kikCoreDatabase.db")) for w in tl.warnings)
    assert any("CoreTable" in w["message"] for w in tl.warnings)
    assert all(x["sender"] is None for x in tl.events if x["direction"] == "outgoing")


def test_missing_table_and_bad_time(parse, tmp_path):
    root = _copy("kik", tmp_path)
    _sql(root / DB, "UPDATE messagesTable SET timestamp = 'later' WHERE rowid = 2")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "messagesTable.timestamp" in tl.warnings[0]["message"]
    assert tl.warnings[0]["source_path"].endswith("kikDatabase.db")
    _sql(root / DB, "ALTER TABLE messagesTable DROP COLUMN was_me")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "was_me" in tl.warnings[0]["message"]
