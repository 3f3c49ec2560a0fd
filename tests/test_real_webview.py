"""plaso's real legacy Android WebView files (``corpus/plaso/webview.db``, ``webviewCache.db``, both of the
Skype Android app) against plaso's asserted values, row by row; the form data plaso does not read."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from conftest import claimed, corpus_file


def _expected(name: str) -> dict:
    data = json.loads(corpus_file("plaso", "expected.json").read_text(encoding="utf-8"))
    return next(d for d in data["databases"] if d["file"] == name)


def _iso(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _run(parse, event_validator, name: str, parser: str):
    tl = parse(corpus_file("plaso", name))
    assert tl.exit_code == 0 and tl.warnings == []
    assert list(claimed(tl).values()) == [[parser]]
    for event in tl.events:
        event_validator.validate(event)
    return tl


def test_webview_cookies_as_plaso_and_the_form_data(parse, event_validator):
    db = _expected("webview.db")
    tl = _run(parse, event_validator, "webview.db", "android_webview")
    cookies = [e for e in tl.events if e["kind"] == "cookie"]
    assert len(cookies) == db["plaso_test"]["asserted_event_data_count"] == db["cookies_rows"]["count"] == 8
    want = db["plaso_test"]["checked_event_data"][0]["values"]
    first = cookies[0]
    assert first["timestamp"] == _iso(want["expiration_time"]) and first["timestamp_desc"] == "Expiration Time"
    assert (first["extra"]["name"], first["extra"]["value"], first["extra"]["host"], first["extra"]["path"],
            first["extra"]["secure"]) == (want["cookie_name"], want["data"], want["hostname"], want["path"],
                                          want["secure"])
    assert first["body"] == "http://skype.com/" and first["extra"]["domain"] == ".skype.com"
    # plaso: no expiry -> "Infinity"; here no time and a session cookie (rows 2-6)
    assert [e["source_locator"] for e in cookies if e["timestamp"] is None] == [f"cookies:_id={i}" for i in range(2, 7)]
    assert all(e["extra"]["session_cookie"] and e["timestamp_desc"] == "Not a time"
               for e in cookies if e["timestamp"] is None)
    assert next(e for e in cookies if e["source_locator"] == "cookies:_id=2")["body"] == "https://skype.com/"  # secure
    forms = [e for e in tl.events if e["kind"] == "other"]
    assert [(e["extra"]["fieldname"], e["extra"]["value"]) for e in forms] == [
        ("email", "hanklivingston11@gmail.com"), ("email", "livingstonhank11@gmail.com")]
    assert len(tl.events) == 10


def test_webview_cache_as_plaso(parse, event_validator):
    db = _expected("webviewCache.db")
    tl = _run(parse, event_validator, "webviewCache.db", "android_webviewcache")
    assert len(tl.events) == db["plaso_test"]["asserted_event_data_count"] == 10
    want = db["plaso_test"]["checked_event_data"][0]["values"]
    first = tl.events[0]
    assert (first["body"], first["timestamp"], first["extra"]["contentlength"]) == (
        want["url"], _iso(want["expiration_time"]), want["content_length"])
    assert want["last_modified_time"] is None and "lastmodify" not in first["extra"]
    assert first["extra"]["mimetype"] == "text/css" and first["extra"]["httpstatus"] == 200
    assert all(e["kind"] == "other" and e["timestamp_desc"] == "Expiration Time" for e in tl.events)
