"""The generated Mastodon, MeWe, Truth Social and X/Twitter iOS DM samples (``sample_data/<app>/ios``)
and the parsers' edge cases.

Each sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
its generator in ``artefacts/synthetic`` from its own values, on the real DDL of iLEAPP's test
stores), and rebuilding gives the committed bytes. Then: a store without a table the parser needs,
an unknown DM-cache model version and a damaged cache each give one warning naming the file;
deleted and unsent rows, reactions, calls and the account holder are checked on the samples.
"""

from __future__ import annotations

import json
import plistlib
import shutil
import sqlite3
from importlib import import_module

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed

SAMPLES = {  # sample folder -> (generator module, parser)
    "mastodon": ("mastodon", "mastodon_ios"),
    "mewe": ("mewe", "mewe_ios"),
    "truthsocial": ("truthsocial", "truthsocial_ios"),
    "twitter_dm": ("twitter_ios_dm", "twitter_ios_dm"),
    "clubhouse": ("clubhouse", "clubhouse_ios"),
}


def _manifest(folder: str) -> dict:
    return json.loads((SAMPLE_DATA / folder / "MANIFEST.json").read_text(encoding="utf-8"))


def _copy(folder: str, tmp_path):
    dest = tmp_path / folder
    shutil.copytree(SAMPLE_DATA / folder / "ios", dest)
    return dest, dest / _manifest(folder)["path"]


@pytest.mark.parametrize("folder", sorted(SAMPLES))
def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator, folder):
    manifest = _manifest(folder)
    tl = parse(SAMPLE_DATA / folder / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {manifest["path"]: [SAMPLES[folder][1]]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    for event in tl.events:
        event_validator.validate(event)
        assert event["parser"] == f"{SAMPLES[folder][1]}/1.0"
    assert_events_match(tl, manifest)
    assert any(e["kind"] == "contact" for e in manifest["events"])
    assert folder == "clubhouse" or any(e["kind"] == "message" for e in manifest["events"])


@pytest.mark.parametrize("folder", sorted(SAMPLES))
def test_generator_rebuilds_the_committed_sample(tmp_path, folder):
    manifest = import_module(f"artefacts.synthetic.{SAMPLES[folder][0]}").generic_manifest(tmp_path)
    assert manifest == _manifest(folder)
    assert (tmp_path / manifest["path"]).read_bytes() == (SAMPLE_DATA / folder / "ios" / manifest["path"]).read_bytes()
    assert (tmp_path / manifest["path"]).stat().st_size <= 60 * 1024


@pytest.mark.parametrize("folder, table", [("mastodon", "ZSTATUS"), ("mewe", "ZCHATMESSAGE"),
                                           ("truthsocial", "ZMANAGEDEVENTBASE")])
def test_store_without_a_needed_table_gives_one_warning(parse, tmp_path, folder, table):
    root, db = _copy(folder, tmp_path)
    con = sqlite3.connect(db)
    con.execute(f"DROP TABLE {table}")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == _manifest(folder)["path"] and table in warning["message"]


def test_mastodon_deleted_status_public_posts_and_holder(parse):
    tl = parse(SAMPLE_DATA / "mastodon" / "ios")
    db = SAMPLE_DATA / "mastodon" / "ios" / _manifest("mastodon")["path"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    deleted = con.execute("SELECT Z_PK FROM ZSTATUS WHERE ZDELETEDAT IS NOT NULL").fetchall()
    public = [pk for (pk,) in con.execute("SELECT Z_PK FROM ZSTATUS WHERE ZVISIBILITYRAW = 'public'")]
    con.close()
    [(pk,)] = deleted
    event = tl.by_locator(f"ZSTATUS:Z_PK={pk}")
    assert event["deleted"] is True and event["extra"]["deleted_time"] > event["timestamp"]
    assert public and not any(e["source_locator"] in {f"ZSTATUS:Z_PK={p}" for p in public} for e in tl.events)
    [holder] = [e for e in tl.events if e["extra"].get("account_holder")]
    assert holder["sender"] == "@casefile" and holder["extra"]["instance_domain"] == "social.example.com"
    # the holder follows and is followed by @river.m (Z_8FOLLOWING), follows the owl only
    river = next(e for e in tl.events if e["sender"] == "@river.m" and e["kind"] == "contact")
    owl = next(e for e in tl.events if e["sender"] == "@owl@mastodon.example.org" and e["kind"] == "contact")
    assert river["extra"]["follows_holder"] and river["extra"]["followed_by_holder"]
    assert owl["extra"]["followed_by_holder"] and "follows_holder" not in owl["extra"]
    media = [e for e in tl.events if e["attachments"]]
    assert len(media) == 1 and media[0]["extra"]["attachments"][0]["kind"] == "image"


def test_mewe_unsent_location_photo_and_holder(parse):
    tl = parse(SAMPLE_DATA / "mewe" / "ios")
    unsent = [e for e in tl.events if e["deleted"]]
    assert [e["source_locator"] for e in unsent] == ["ZCHATMESSAGE:Z_PK=9"]
    location = tl.by_locator("ZCHATMESSAGE:Z_PK=4")
    assert location["body"].startswith("https://www.openstreetmap.org/?mlat=40.")
    assert str(location["extra"]["latitude"]) in location["body"] and str(location["extra"]["longitude"]) in location["body"]
    photo = tl.by_locator("ZCHATMESSAGE:Z_PK=6")
    assert photo["extra"]["attachments"][0]["type"] == "photo" and photo["extra"]["attachments"][0]["url"].startswith("/api/v2/photo/")
    [holder] = [e for e in tl.events if e["extra"].get("account_holder")]
    assert holder["extra"]["primaryphone"] == "+12025550148" and holder["sender_name"] == "Dana Reyes"
    assert all(e["direction"] == ("outgoing" if e["sender"] == holder["sender"] else "incoming")
               for e in tl.events if e["kind"] == "message")
    [group] = [e for e in tl.events if e["extra"].get("group")]
    assert group["sender_name"] == "Neighbourhood Watch" and group["extra"]["memberscount"] == 120


def test_truthsocial_reaction_system_events_and_holder(parse):
    tl = parse(SAMPLE_DATA / "truthsocial" / "ios")
    reacted = [e for e in tl.events if e["extra"].get("reactions")]
    assert len(reacted) == 1 and reacted[0]["extra"]["reactions"] == [{"reaction": "\U0001F44D", "count": 1, "mine": True}]
    system = [e for e in tl.events if e["kind"] == "system"]
    assert [e["body"] for e in system] == ["chatCreated", "memberJoined"]
    assert system[1]["extra"]["member_account_id"] == system[1]["sender"] == "108000000000000017"
    picture = next(e for e in tl.events if e["attachments"])
    assert picture["body"] == "" and picture["extra"]["html"] == "<p></p>"
    assert picture["extra"]["attachments"][0]["type"] == "image"
    holder = tl.by_locator("ZMANAGEDCHAT:ZOWNEDBYACCOUNTID=109000000000000042")
    assert holder["extra"] == {"account_holder": True}
    assert all(e["extra"]["message_expiration_s"] == 7_776_000 for e in tl.events if e["kind"] == "message")


def test_twitter_calls_reactions_and_holder(parse):
    tl = parse(SAMPLE_DATA / "twitter_dm" / "ios")
    calls = [e for e in tl.events if e["kind"] == "call"]
    assert len(calls) == 2
    for call in calls:
        x = call["extra"]
        assert x["duration_s"] == 95.375 and x["end_time"] > call["timestamp"] and x["entry_time"] > x["end_time"]
        assert (x["call_type"], x["end_reason"]) == (1, 1) and call["body"] == "Call, 1 min 35 s"
        assert call["timestamp_desc"] == "Call Start Time" and len(call["recipients"]) == 2
    reactions = [e for e in tl.events if e["kind"] == "reaction"]
    assert len(reactions) == 2 and all(e["body"] == "\u2764\ufe0f" and e["extra"]["reaction_key"] == "like" for e in reactions)
    messages = {e["extra"]["entry_id"]: e for e in tl.events if e["kind"] == "message"}
    assert all(r["extra"]["reacted_to_message_id"] in messages for r in reactions)
    [holder] = [e for e in tl.events if e["extra"].get("account_holder")]
    assert holder["extra"]["username"] == "caseuser"
    assert all(e["extra"]["account_id"] == "caseuser-700000000000001" for e in tl.events if e["kind"] != "contact")


def _rewrite_archive(path, edit) -> None:
    data = plistlib.loads(path.read_bytes())
    edit(data)
    path.write_bytes(plistlib.dumps(data, fmt=plistlib.FMT_BINARY, sort_keys=False))


def test_twitter_unknown_model_version_warns_and_parses(parse, tmp_path):
    root, cache = _copy("twitter_dm", tmp_path)

    def bump(data):
        for i, obj in enumerate(data["$objects"]):
            if obj == 317:
                data["$objects"][i] = 999
    _rewrite_archive(cache, bump)
    tl = parse(root)
    assert tl.exit_code == 3
    [warning] = tl.warnings
    assert warning["source_path"] == _manifest("twitter_dm")["path"] and "directMessageModelVersion 999" in warning["message"]
    assert len(tl.events) == len(_manifest("twitter_dm")["events"])


def test_twitter_damaged_cache_gives_one_warning(parse, tmp_path):
    root, cache = _copy("twitter_dm", tmp_path)
    cache.write_bytes(cache.read_bytes()[:2000])
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == _manifest("twitter_dm")["path"] and "could not be decoded" in warning["message"]


def test_clubhouse_account_and_invites(parse):
    tl = parse(SAMPLE_DATA / "clubhouse" / "ios")
    account = tl.by_locator("plist:account")
    x = account["extra"]
    assert x["account_holder"] is True and account["sender_name"] == "Case User" and x["phone_number"] == "+12025550199"
    assert x["last_sync_time"] == "2024-07-07T18:31:16.576084Z" and x["following_user_ids"] == ["660000001"]
    invites = [e for e in tl.events if e["source_locator"].startswith("suggestedInvites:")]
    assert [e["sender_name"] for e in invites] == ["Ari Moss", "Bea Lund", "Cy North", "Dee Vance"]
    assert [e["extra"]["on_clubhouse"] for e in invites] == [True, False, False, True]
    assert all(e["extra"]["uploaded_time"] == "2024-07-06T23:06:40.250000Z" for e in invites)


def test_clubhouse_damaged_plist_and_bad_invites(parse, tmp_path):
    root, plist = _copy("clubhouse", tmp_path)
    data = plistlib.loads(plist.read_bytes())
    data["contact-upload-store-suggested-invites"] = b"{not json"
    plist.write_bytes(plistlib.dumps(data, fmt=plistlib.FMT_BINARY))
    tl = parse(root)
    assert tl.exit_code == 3 and [e["source_locator"] for e in tl.events] == ["plist:account"]
    [warning] = tl.warnings
    assert "contact-upload-store-suggested-invites is not the JSON expected" in warning["message"]
    plist.write_bytes(b"bplist00" + b"\x00" * 40)
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == [] and "damaged property list" in tl.warnings[0]["message"]
