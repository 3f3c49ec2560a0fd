"""Google Takeout Chrome history (``plugins/takeout_chrome.py``): the committed sample against its
manifest, the real file's shape, a truncated file."""

from __future__ import annotations

import json

from artefacts.synthetic.takeout import write_takeout
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "takeout"


def _manifest():
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_matches_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse(SAMPLE / "export", parsers=["takeout_chrome_history"])
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(m["visits"]) == 4
    for v in m["visits"]:
        e = tl.by_locator(f"Browser History:index={v['index']}")
        event_validator.validate(e)
        assert e["origin"] == "provider" and e["kind"] == "visit" and e["app"] == "chrome"
        assert e["body"] == v["url"] and e["extra"]["title"] == v["title"]
        assert e["extra"]["page_transition"] == v["page_transition"]
        assert e["timestamp"] == v["timestamp"] and e["timestamp_raw"] == v["time_usec"]
        assert e["extra"]["client_id"] == "c3ludGhldGljLWNsaWVudA=="


def test_hangouts_sample_matches_its_manifest(parse, event_validator):
    m = _manifest()["hangouts"]
    tl = parse(SAMPLE / "export", parsers=["takeout_hangouts"])
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == len(m["events"]) == 3
    for want in m["events"]:
        e = tl.by_locator(want["locator"])
        event_validator.validate(e)
        assert e["origin"] == "provider" and e["app"] == "hangouts"
        for key in ("timestamp", "timestamp_raw", "kind", "sender", "sender_name", "conversation_id", "body"):
            assert e[key] == want[key], (key, want)
    assert tl.by_locator("conversations:index=0:event=1")["recipients"] == ["104000000000000000001"]


def test_a_real_takeout_entry_by_hand(parse, tmp_path):
    # the first element of history-report's sample BrowserHistory.json, as published
    d = tmp_path / "Takeout" / "Chrome"
    d.mkdir(parents=True)
    (d / "BrowserHistory.json").write_text(
        '{\n    "Browser History": [\n        {\n            "favicon_url": "https://assets-cdn.github.com/favicon.ico",\n'
        '            "page_transition": "LINK",\n            "title": "MichaelCurrin (Michael Currin)",\n'
        '            "url": "https://github.com/MichaelCurrin",\n'
        '            "client_id": "XXXXXXXXXXXXXXXXXXXXXX\\u003d\\u003d",\n            "time_usec": 1544297280585907\n'
        '        }\n    ]\n}', encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    (e,) = tl.events
    assert e["timestamp"] == "2018-12-08T19:28:00.585907Z" and e["body"] == "https://github.com/MichaelCurrin"
    assert e["extra"]["client_id"] == "XXXXXXXXXXXXXXXXXXXXXX=="


def test_truncated_file_keeps_the_visits_read(parse, tmp_path):
    text = (SAMPLE / "export" / "Takeout" / "Chrome" / "BrowserHistory.json").read_text(encoding="utf-8")
    cut = text[: text.index('"Timetable"')]
    d = tmp_path / "Takeout" / "Chrome"
    d.mkdir(parents=True)
    (d / "BrowserHistory.json").write_text(cut, encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and len(tl.events) == 1


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert write_takeout(tmp_path) == _manifest()
    for rel in ("Takeout/Chrome/BrowserHistory.json", "Takeout/Hangouts/Hangouts.json"):
        assert (tmp_path / rel).read_bytes() == (SAMPLE / "export" / rel).read_bytes()
