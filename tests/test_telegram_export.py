"""Telegram Desktop JSON export (``plugins/telegram_export.py``) and the streaming JSON reader it uses
(``artefacts/decoders/jsonstream.py``): the committed sample against its manifest, a single-chat export,
a truncated file and an oversized message."""

from __future__ import annotations

import io
import json

import pytest

from artefacts.decoders.jsonstream import JsonStream, JsonStreamError, JsonTooLarge
from artefacts.synthetic.telegram_export import write_telegram_export
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "telegram_export"


def _manifest():
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_matches_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse(SAMPLE / "desktop")
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(m["events"]) == 9
    for want in m["events"]:
        e = tl.by_locator(want["locator"])
        event_validator.validate(e)
        assert e["origin"] == "provider" and e["app"] == "telegram" and e["platform"] == "desktop"
        for key in ("timestamp", "kind", "sender", "direction", "conversation_id", "conversation_name", "body"):
            assert e[key] == want[key], (key, want)
        assert e["timestamp_raw"] is not None
        assert bool(e["extra"].get("left_chat")) is want["left_chat"]
        if want["attachment"]:
            (a,) = e["attachments"]
            assert a["path"].endswith(want["attachment"]["path"]) and a["sha256"] == want["attachment"]["sha256"]
        else:
            assert e["attachments"] == []


def test_specific_rows(parse):
    tl = parse(SAMPLE / "desktop")
    call = tl.by_locator("chat=5000000002:message=14")
    assert call["kind"] == "call" and call["extra"]["duration_seconds"] == 73
    assert call["extra"]["discard_reason"] == "hangup"
    edited = tl.by_locator("chat=5000000002:message=13")
    assert edited["extra"]["edited"] == "2023-11-16T01:59:59.000000Z" and edited["extra"]["reply_to_message_id"] == 11
    voice = tl.by_locator("chat=5000000002:message=15")
    assert voice["attachments"] == [] and voice["extra"]["file_not_included"].startswith("(File not included")
    assert tl.by_locator("chat=1900000004:message=7")["extra"]["author"] == "Desk"


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert write_telegram_export(tmp_path) == _manifest()
    rel = "Telegram Desktop/DataExport_2023-11-20/result.json"
    assert (tmp_path / rel).read_bytes() == (SAMPLE / "desktop" / rel).read_bytes()


def _single_chat(tmp_path, text: str):
    d = tmp_path / "ChatExport_2023-11-20"
    d.mkdir()
    (d / "result.json").write_text(text, encoding="utf-8")
    return d


SINGLE = {"name": "Eli Example", "type": "personal_chat", "id": 5000000002, "messages": [
    {"id": 1, "type": "message", "date": "2023-11-15T00:13:20", "date_unixtime": "1700000000", "from": "Eli Example",
     "from_id": "user5000000002", "text": "one"},
    {"id": 2, "type": "message", "date": "2023-11-15T00:13:21", "date_unixtime": "1700000001", "from": "Eli Example",
     "from_id": "user5000000002", "text": "two"}]}


def test_single_chat_export_has_no_direction(parse, tmp_path):
    tl = parse(_single_chat(tmp_path, json.dumps(SINGLE, indent=1)))
    assert tl.warnings == [] and [e["body"] for e in tl.events] == ["one", "two"]
    assert all(e["direction"] is None and e["conversation_id"] == "5000000002" for e in tl.events)


def test_truncated_export_keeps_what_was_read_and_warns_once(parse, tmp_path):
    text = json.dumps(SINGLE, indent=1)
    cut = text[: text.index('"two"') + 3]
    tl = parse(_single_chat(tmp_path, cut))
    assert tl.exit_code == 3 and [e["body"] for e in tl.events] == ["one"]
    (w,) = tl.warnings
    assert "cannot be read further" in w["message"]


def test_stream_walks_across_chunk_boundaries():
    doc = {"a": [1, 22, 333, {"b": "x" * 50}], "skip": {"deep": [[1], {"z": None}]}, "n": 12345678901234}
    s = JsonStream(io.StringIO(json.dumps(doc)), chunk=3)
    got = {}
    for key in s.object_keys():
        if key == "a":
            got["a"] = [s.value() for _ in s.array_items()]
        elif key == "n":
            got["n"] = s.value()
    assert got == {"a": doc["a"], "n": 12345678901234}


def test_a_peeked_but_unread_value_is_skipped():
    s = JsonStream(io.StringIO('{"a": "text", "b":  [1, {"c": 2}], "d": 3}'))
    seen = {}
    for key in s.object_keys():
        if s.peek_kind() == "scalar" and key == "d":
            seen[key] = s.value()
    assert seen == {"d": 3}


def test_stream_caps_a_value_and_reports_bad_json():
    s = JsonStream(io.StringIO(json.dumps(["x" * 1000])), max_value=100, chunk=16)
    with pytest.raises(JsonTooLarge):
        for _ in s.array_items():
            s.value()
    s = JsonStream(io.StringIO('{"a" 1}'))
    with pytest.raises(JsonStreamError):
        list(s.object_keys())
