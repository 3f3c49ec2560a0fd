"""Meta "Download Your Information" message threads (``plugins/meta_dyi.py``): the committed Messenger and
Instagram sample against its manifest, the mojibake repair, damaged files."""

from __future__ import annotations

import json

from artefacts.synthetic.meta_dyi import mojibake, write_meta_dyi
from conftest import SAMPLE_DATA
from artefacts.plugins.meta_dyi import unmojibake

SAMPLE = SAMPLE_DATA / "meta_dyi"


def _manifest():
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_mojibake_is_repaired_and_correct_text_is_left_alone():
    assert unmojibake("caf\u00c3\u00a9") == "café"
    assert unmojibake("J\u00e2\u009d\u00a4\u00ef\u00b8\u008fhn") == "J❤️hn"  # chat-miner test/instagram
    assert unmojibake("café") == "café" and unmojibake("Trip 🚐") == "Trip 🚐" and unmojibake("ascii") == "ascii"
    assert unmojibake(mojibake("größer Tisch ☕")) == "größer Tisch ☕"


def test_sample_matches_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse(SAMPLE / "export")
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(m["events"]) == 7
    by = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    for want in m["events"]:
        e = by[(want["file"], f"messages:index={want['index']}")]
        event_validator.validate(e)
        assert e["origin"] == "provider" and e["app"] == want["app"]
        for key in ("timestamp", "timestamp_raw", "sender", "body", "conversation_id", "conversation_name", "deleted"):
            assert e[key] == want[key], (key, want)
        assert bool(e["extra"].get("mojibake_repaired")) is want["mojibake"]
        assert e["extra"].get("reactions") == want["reactions"]
        if want["attachment"]:
            (a,) = e["attachments"]
            assert a["path"] == want["attachment"]["uri"] and a["sha256"] == want["attachment"]["sha256"]
        else:
            assert e["attachments"] == []
    group = [e for e in tl.events if e["conversation_name"] == "Trip crew 🚐"]
    assert sorted(group[0]["recipients"] + [group[0]["sender"]]) == ["Noor Owner", "Sam Test", "Öz Example"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert write_meta_dyi(tmp_path) == _manifest()
    for want in _manifest()["events"]:
        assert (tmp_path / want["file"]).read_bytes() == (SAMPLE / "export" / want["file"]).read_bytes()


def test_damaged_thread_file_warns_once(parse, tmp_path):
    d = tmp_path / "dyi" / "messages" / "inbox" / "x_1"
    d.mkdir(parents=True)
    (d / "message_1.json").write_text('{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", ',
                                      encoding="utf-8")
    tl = parse(tmp_path / "dyi")
    assert tl.events == [] and len(tl.warnings) == 1 and "JSON" in tl.warnings[0]["message"]
