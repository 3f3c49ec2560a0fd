"""The generated Discord iOS sample (``sample_data/discord/ios``) and the parser's edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/discord.py`` from its own values, in the layout of plaso's real file), and
rebuilding gives the committed bytes. Then: the call, the reply, the edit and the reaction; other
API responses of the cache folder left alone; a damaged page, a hostile nesting and a bad item each
give one warning naming the file, and the run goes on.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed

from artefacts.synthetic import discord as gen



def _manifest() -> dict:
    return json.loads((SAMPLE_DATA / "discord" / "MANIFEST.json").read_text(encoding="utf-8"))


def _raw() -> list:
    return json.loads((SAMPLE_DATA / "discord" / "ios" / gen.PATH).read_text(encoding="utf-8"))


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "ios"
    shutil.copytree(SAMPLE_DATA / "discord" / "ios", dest)
    return dest, dest / gen.PATH


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE_DATA / "discord" / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {manifest["path"]: ["discord_ios"]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    for event in tl.events:
        event_validator.validate(event)
        assert event["parser"] == "discord_ios/1.0" and event["app"] == "discord"
    assert_events_match(tl, manifest)
    assert {e["kind"] for e in manifest["events"]} == {"message", "call"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = gen.generic_manifest(tmp_path)
    assert manifest == _manifest()
    assert (tmp_path / manifest["path"]).read_bytes() == (SAMPLE_DATA / "discord" / "ios" / manifest["path"]).read_bytes()
    assert (tmp_path / manifest["path"]).stat().st_size <= 60 * 1024


def test_ids_are_snowflakes_of_their_times():
    """The generator's ids decode to their own times, as every id of plaso's real file does."""
    from datetime import datetime

    for m in _raw():
        ms = (int(m["id"]) >> 22) + 1_420_070_400_000
        assert datetime.fromisoformat(m["timestamp"]).timestamp() * 1000 == pytest.approx(ms, abs=0.5)


def test_call_reply_edit_reaction(parse):
    tl = parse(SAMPLE_DATA / "discord" / "ios")
    raw = {m["id"]: m for m in _raw()}
    [call] = [e for e in tl.events if e["kind"] == "call"]
    stored = raw[call["extra"]["message_id"]]
    assert stored["type"] == 3 and call["extra"]["type"] == 3 and call["timestamp_desc"] == "Call Start Time"
    assert call["extra"]["participants"] == stored["call"]["participants"]
    assert call["recipients"] == [p for p in stored["call"]["participants"] if p != call["sender"]]
    assert call["extra"]["duration_s"] == 125.0 and "missed" not in call["extra"]  # no source says which call was missed
    assert call["extra"]["end_raw"] == stored["call"]["ended_timestamp"] and call["body"] == "Call, 2 min 5 s"
    [reply] = [m for m in raw.values() if "message_reference" in m]
    assert tl.by_locator(f"messages:id={reply['id']}")["extra"]["in_reply_to_id"] == reply["message_reference"]["message_id"]
    [edited] = [m for m in raw.values() if m["edited_timestamp"]]
    event = tl.by_locator(f"messages:id={edited['id']}")
    assert event["extra"]["edited_raw"] == edited["edited_timestamp"] and event["extra"]["edited_time"] > event["timestamp"]
    [liked] = [m for m in raw.values() if "reactions" in m]
    assert tl.by_locator(f"messages:id={liked['id']}")["extra"]["reactions"] == [{"emoji": "\U0001f44d", "count": 1}]
    [photo] = [e for e in tl.events if e["attachments"]]
    assert photo["body"] is None and photo["attachments"][0]["mime_type"] == "image/jpeg"


def test_other_api_responses_of_the_cache_are_left_alone(parse, copy):
    root, page = copy
    folder = page.parent
    # a channel list (GET /users/@me/channels) and an image are other responses of the same cache
    (folder / "0A0A0A0A-0000-4000-8000-000000000001").write_text(
        json.dumps([{"id": "1237024400998400007", "type": 1, "recipients": [], "last_message_id": None}]))
    (folder / "0A0A0A0A-0000-4000-8000-000000000002").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {gen.PATH: ["discord_ios"]} and len(tl.events) == len(_manifest()["events"])


@pytest.mark.parametrize("damage", ["truncated", "nested", "not_utf8"])
def test_damaged_page_gives_one_warning(parse, copy, damage):
    root, page = copy
    text = page.read_text(encoding="utf-8")
    if damage == "truncated":
        page.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "nested":  # hostile: a message page whose tail nests deeper than any parser recurses
        page.write_text(text[:-1] + ", " + "[" * 200_000 + "]" * 200_000 + "]", encoding="utf-8")
    else:
        page.write_bytes(page.read_bytes()[:2000] + b"\xff\xfe" + page.read_bytes()[2000:])
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == gen.PATH and "Discord message cache could not be read" in warning["message"]
    reason = {"truncated": "(char ", "nested": "nested too deeply", "not_utf8": "not UTF-8"}[damage]
    assert reason in warning["message"]


def test_bad_item_and_bad_time_warn_and_the_rest_parses(parse, copy):
    root, page = copy
    data = json.loads(page.read_text(encoding="utf-8"))
    data[1]["timestamp"] = "yesterday"
    data.insert(2, "not a message")
    page.write_text(json.dumps(data), encoding="utf-8")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(data) - 1
    assert len(tl.warnings) == 2 and all(w["source_path"] == gen.PATH for w in tl.warnings)
    assert tl.by_locator(f"messages:id={data[1]['id']}")["timestamp"] is None
    assert any("not a message object" in w["message"] for w in tl.warnings)
    assert any("timestamp" in w["message"] and "yesterday" in w["message"] for w in tl.warnings)


def test_a_file_given_alone_that_is_not_discord_is_not_claimed(parse, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps([{"id": 1, "name": "x"}]))
    tl = parse(other)
    assert tl.events == [] and "discord_ios" not in str(claimed(tl))
