"""The generated Discord for Android kv-storage sample (``sample_data/discord_android/android``) and edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/discord.py`` from its own values), and rebuilding gives the committed bytes. Then:
the same store on iOS (``discord_ios_kv``), directions from the account folder, the call, a blob without the leading byte, a store in a folder not
named after an account (no direction), a file without ``messages0`` (not claimed) and damaged blobs (one
warning each, the rest parses).
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed, rebuilds_committed_sample

from artefacts.synthetic import discord as gen

SAMPLE = SAMPLE_DATA / "discord_android" / "android"


def _manifest() -> dict:
    return json.loads((SAMPLE_DATA / "discord_android" / "MANIFEST.json").read_text(encoding="utf-8"))


def _alter(db, sql: str, params=()) -> None:
    con = sqlite3.connect(db)
    con.execute(sql, params)
    con.commit()
    con.close()


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "android"
    shutil.copytree(SAMPLE, dest)
    return dest, dest / _manifest()["path"]


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE)  # the folder is not named after the app (discord/ holds the iOS cache)
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    assert claimed(tl) == {manifest["path"]: ["discord_android"]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    assert {e["parser"] for e in tl.events} == {"discord_android/1.0"}
    assert {e["kind"] for e in manifest["events"]} == {"message", "call"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "discord_android", "android", gen.kv_manifest, [_manifest()["path"]])


def test_ios_store_is_read_by_the_ios_parser(parse, tmp_path):
    manifest = gen.kv_manifest(tmp_path / "ios", "ios")
    assert "/Library/Caches/kv-storage/@account." in manifest["path"]
    tl = parse(tmp_path / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {manifest["path"]: ["discord_ios_kv"]}
    assert_events_match(tl, manifest)
    assert {e["platform"] for e in tl.events} == {"ios"}


def test_directions_follow_the_account_folder(parse):
    tl = parse(SAMPLE)
    account = _manifest()["path"].split("@account.")[1].split("/")[0]
    con = sqlite3.connect(f"file:{SAMPLE / _manifest()['path']}?mode=ro", uri=True)
    blobs = [b for (b,) in con.execute("SELECT data FROM messages0 ORDER BY rowid")]
    con.close()
    assert all(b[:1] == gen.ANDROID_PREFIX for b in blobs)
    docs = [json.loads(b[1:]) for b in blobs]
    for event, doc in zip(tl.events, docs):
        assert event["sender"] == doc["message"]["author"]["id"]
        assert event["direction"] == ("outgoing" if doc["message"]["author"]["id"] == account else "incoming")
        assert event["conversation_id"] == doc["channelId"] and event["extra"]["message_id"] == doc["id"]
    assert {e["direction"] for e in tl.events} == {"outgoing", "incoming"}
    [call] = [e for e in tl.events if e["kind"] == "call"]
    assert call["extra"]["duration_s"] == 125.0 and call["body"] == "Call, 2 min 5 s"


def test_blob_without_leading_byte_and_folder_without_account(parse, tmp_path):
    manifest = _manifest()
    src = SAMPLE / manifest["path"]
    dest = tmp_path / "x" / "data/data/com.discord/files/kv-storage/other/a"
    dest.parent.mkdir(parents=True)
    shutil.copy(src, dest)
    _alter(dest, "UPDATE messages0 SET data = substr(data, 2) WHERE rowid = 1")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == len(manifest["events"])
    assert {e["direction"] for e in tl.events} == {None}
    assert tl.events[0]["body"] == manifest["events"][0]["body"]


def test_file_without_messages0_is_not_claimed(parse, copy):
    root, db = copy
    _alter(db, "ALTER TABLE messages0 RENAME TO other0")
    tl = parse(root)
    assert tl.events == [] and claimed(tl) == {}


@pytest.mark.parametrize("blob", [b"\x01{\"message\": ", b"\x01[1, 2]", b"\x01{\"id\": \"1\"}", "\x01" + "[" * 100_000])
def test_damaged_blob_warns_and_the_rest_parses(parse, copy, blob):
    root, db = copy
    _alter(db, "UPDATE messages0 SET data = ? WHERE rowid = 2", (blob,))
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"]) - 1
    [warning] = tl.warnings
    assert warning["source_path"] == _manifest()["path"] and "messages0:rowid=2" in str(warning)
