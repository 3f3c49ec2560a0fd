"""The generated Tango, Viber, Burner and Twitter/X samples (``sample_data/<app>/``) parse with zero
warnings and give exactly the records of their ``MANIFEST.json`` (written by the generators of
``artefacts/synthetic``, on the real schemas copied in ``artefacts/synthetic/ddl``)."""

from __future__ import annotations

import json

from conftest import SAMPLE_DATA, iso_from_us, sample_with_manifest
from test_real_plaso_messengers import _by_kind as _kinds


def test_tango_sample(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "tango")
    kinds = _kinds(tl)
    assert len(kinds["message"]) == len(manifest["messages"]) and len(kinds["contact"]) == len(manifest["profiles"])
    assert len(tl.events) == len(manifest["messages"]) + len(manifest["profiles"])
    for m in manifest["messages"]:
        e = tl.by_locator(f"messages:msg_id={m['msg_id']}")
        assert e["timestamp"] == iso_from_us(m["create_time"] * 1000)
        assert e["extra"]["sent_time"] == iso_from_us(m["send_time"] * 1000)
        assert (e["direction"], e["conversation_id"], e["body"]) == (m["direction"], m["conv_id"], m["body"])
        if m["media_path"]:
            assert [a["path"] for a in e["attachments"]] == [m["media_path"]]
        else:
            assert e["attachments"] == []
    assert any(m["media_path"] for m in manifest["messages"])
    for p in manifest["profiles"]:
        e = tl.by_locator(f"profiletable:itemUserId={p['user_id']}")
        assert e["sender_name"] == p["name"] and e["extra"].get("status") == p["status"]
        assert e["extra"]["is_current_user"] is p["owner"] is (p["user_id"] == manifest["owner"])
        assert e["extra"]["last_active_time"] == iso_from_us(p["last_active_time"] * 1000)
        if p["friend_request_time"]:
            assert e["extra"]["friend_request_time"] == iso_from_us(p["friend_request_time"] * 1000)
        else:
            assert "friend_request_time" not in e["extra"]


def test_viber_sample(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "viber")
    data = [e for e in tl.events if e["source_path"] == manifest["database"]]  # viber_messages: tests/test_viber.py
    kinds = {k: [e for e in v if e["source_path"] == manifest["database"]] for k, v in _kinds(tl).items()}
    assert len(kinds["call"]) == len(manifest["calls"]) and len(kinds["contact"]) == len(manifest["contacts"])
    assert len(data) == len(manifest["calls"]) + len(manifest["contacts"])
    for c in manifest["calls"]:
        e = tl.by_locator(f"calls:_id={c['_id']}")
        assert e["timestamp"] == iso_from_us(c["date"] * 1000)
        assert e["extra"]["end_time"] == iso_from_us((c["date"] + c["duration"] * 1000) * 1000)
        assert (e["direction"], e["conversation_id"], e["conversation_name"]) == (c["direction"], c["number"], c["name"])
        assert e["extra"]["video"] is c["video"]
    for c in manifest["contacts"]:
        e = tl.by_locator(f"phonebookcontact:_id={c['_id']}")
        assert e["sender_name"] == c["name"] and e["extra"]["numbers"] == c["numbers"]
        assert ("viber_member_ids" in e["extra"]) is c["viber_member"]


def test_burner_sample(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "burner")
    kinds = _kinds(tl)
    owned = [e for e in kinds["contact"] if e["extra"].get("owned")]
    assert sorted(e["sender"] for e in owned) == sorted(b["number"] for b in manifest["burners"])
    assert len(kinds["contact"]) == len(manifest["burners"]) + len(manifest["contacts"])
    assert len(kinds.get("message", [])) + len(kinds.get("call", [])) == len(manifest["messages"])
    for m in manifest["messages"]:
        e = tl.by_locator(f"messages:_id={m['_id']}")
        assert e["kind"] == m["kind"] and e["timestamp"] == iso_from_us(m["date_created"] * 1000)
        assert e["direction"] == m["direction"] and e["conversation_id"] == m["other"]
        own, other = m["burner_number"], m["other"]
        assert (e["sender"], e["recipients"]) == ((own, [other]) if m["direction"] == "outgoing" else (other, [own]))
        assert e["conversation_name"] == m["contact_name"]
        if m["kind"] == "message":
            assert e["body"] == m["body"]
        assert [a["name"] for a in e["attachments"]] == ([m["asset_url"].rsplit("/", 1)[-1]] if m["asset_url"] else [])


def test_twitter_sample(parse, event_validator):
    manifest = json.loads((SAMPLE_DATA / "twitter" / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / "twitter")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    kinds = _kinds(tl)
    assert len(kinds["message"]) == len(manifest["messages"])
    assert len(kinds["contact"]) == len(manifest["android_users"]) + len(manifest["ios_users"])
    for m in manifest["messages"]:
        e = tl.by_locator(f"conversation_entries:_id={m['_id']}")
        assert e["timestamp"] == iso_from_us(m["created"] * 1000) and e["body"] == m["body"]
        assert (e["direction"], e["sender"], e["conversation_id"]) == (m["direction"], m["sender"], m["conversation_id"])
        assert e["source_path"] == manifest["android_db"] and e["platform"] == "android"
    ios = {e["sender"]: e for e in kinds["contact"] if e["platform"] == "ios"}
    assert sorted(ios) == sorted(u["id"] for u in manifest["ios_users"])
    for u in manifest["ios_users"]:
        assert ios[u["id"]]["sender_name"] == u["name"] and ios[u["id"]]["extra"]["screenName"] == u["screen_name"]
        assert ios[u["id"]]["extra"]["created_time"] == iso_from_us(round(u["created"] * 1_000_000))
    android = {e["sender"]: e for e in kinds["contact"] if e["platform"] == "android"}
    assert sorted(android) == sorted(u["user_id"] for u in manifest["android_users"])
    assert "created_time" not in android[manifest["owner"]]["extra"]  # profile_created -1: not set
