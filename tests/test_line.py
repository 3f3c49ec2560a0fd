"""LINE for Android (``naver_line``, parsers ``line_android`` and ``line_android_calls``): the committed
sample, its generator, calls, and the rows the sources leave odd."""

from __future__ import annotations

from conftest import SAMPLE_DATA, iso_from_us
from manifest_checks import assert_rebuilds, parse_clean_sample, sample_manifest
from test_plaso_messengers_odd import _copy, _sql

from artefacts.synthetic.line import CALLS_DB, DB, IOS_DB, write_line_android, write_line_ios

SAMPLE = SAMPLE_DATA / "line" / "android"


def test_android_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = sample_manifest("line")
    tl = parse_clean_sample(parse, event_validator, SAMPLE,
                            {"app": "line", "path": manifest["database"], "events": manifest["events"]})
    assert {e["parser"].split("/")[0] for e in tl.events} == {"line_android", "line_android_calls"}


def test_android_messages(parse):
    manifest = sample_manifest("line")
    tl = parse(SAMPLE)
    names = {c["m_id"]: c["name"] for c in manifest["contacts"]}
    for m in manifest["messages"]:
        e = tl.by_locator(f"chat_history:id={m['id']}")
        assert e["timestamp_raw"] == str(m["created_time"])  # TEXT in the real schema, kept as stored
        assert e["timestamp"] == iso_from_us(m["created_time"] * 1000)
        assert e["conversation_name"] == m["chat_name"]
        assert e["sender_name"] == (names[m["sender"]] if m["sender"] else None)
    system = [m for m in manifest["messages"] if m["kind"] == "system"]
    assert len(system) == 1 and tl.by_locator(f"chat_history:id={system[0]['id']}")["extra"]["attachement_type"] == 6
    group = tl.by_locator(f"groups:id={manifest['group']['id']}")
    assert group["extra"]["members"] == manifest["group"]["members"] and group["sender_name"] == "Night shift"


def test_android_calls(parse):
    manifest = sample_manifest("line")
    tl = parse(SAMPLE)
    calls = [e for e in tl.events if e["kind"] == "call"]
    names = {c["m_id"]: c["name"] for c in manifest["contacts"]} | {manifest["group"]["id"]: manifest["group"]["name"]}
    assert len(calls) == len(manifest["calls"]) == 6
    for c in manifest["calls"]:
        e = tl.by_locator(f"call_history:_rowid={c['rowid']}")
        assert e["source_path"] == CALLS_DB
        assert e["extra"]["end_time"] == iso_from_us(c["end_time"] * 1000)
        assert e["extra"]["duration_s"] == (c["end_time"] - c["start_time"]) / 1000
        assert e["extra"]["video"] is (c["voip_type"] == "V")
        assert ("group" in e["body"]) is (c["voip_type"] == "G")
        assert e["conversation_name"] == names[c["other"]]
    assert {c["voip_type"] for c in manifest["calls"]} == {"A", "V", "G"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_line_android(tmp_path, seed=2024), sample_manifest("line"), tmp_path, SAMPLE, DB, CALLS_DB)


def test_unknown_status_old_schema_and_odd_call_type(parse, tmp_path):
    root = _copy("line", tmp_path)
    _sql(root / DB, "UPDATE chat_history SET status = 9 WHERE id = 2", "DROP TABLE membership", "DROP TABLE chat",
         "ALTER TABLE chat_history DROP COLUMN attachement_local_uri")
    _sql(root / CALLS_DB, "UPDATE call_history SET call_type = NULL, end_time = NULL WHERE rowid = 1")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("chat_history:id=2")
    assert e["direction"] is None and e["extra"]["status"] == 9 and e["sender"] is None
    out = [x for x in tl.events if x["kind"] == "message" and x["direction"] == "outgoing"]
    assert out and all(x["attachments"] == [] for x in out)
    call = tl.by_locator("call_history:_rowid=1")
    assert call["direction"] == "incoming" and "duration_s" not in call["extra"] and "end_time" not in call["extra"]
    (root / DB).unlink()  # call_history alone: no names, no warning
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert [e["conversation_name"] for e in tl.events] == [None] * 6


def test_missing_table_and_bad_time(parse, tmp_path):
    root = _copy("line", tmp_path)
    _sql(root / DB, "UPDATE chat_history SET created_time = 'soon' WHERE id = 3")
    _sql(root / CALLS_DB, "ALTER TABLE call_history DROP COLUMN start_time")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 2
    by_file = {w["source_path"].rsplit("/", 1)[-1]: w["message"] for w in tl.warnings}
    assert "start_time" in by_file["call_history"] and "chat_history.created_time" in by_file["naver_line"]
    assert tl.by_locator("chat_history:id=3")["timestamp"] is None


# -- LINE iOS (Line.sqlite, parser line_ios) ----------------------------------------------------------------

IOS = SAMPLE_DATA / "line" / "ios"


def test_ios_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = sample_manifest("line", "MANIFEST.ios.json")
    tl = parse_clean_sample(parse, event_validator, IOS, {"app": "line", "path": IOS_DB, "events": manifest["events"]})
    assert {e["parser"] for e in tl.events} == {"line_ios/1.0"}
    names = {u["Z_PK"]: u["name"] for u in manifest["users"]}
    for m in manifest["messages"]:
        e = tl.by_locator(f"ZMESSAGE:Z_PK={m['Z_PK']}")
        assert e["timestamp"] == iso_from_us(m["ms"] * 1000) and e["timestamp_raw"] == m["ms"]
        assert e["sender_name"] == names.get(m["sender"]) and e["extra"].get("user_pk") == m["sender"]
    assert {e["direction"] for e in tl.events if e["kind"] == "message"} == {"incoming", "outgoing"}


def test_ios_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_line_ios(tmp_path, seed=2024), sample_manifest("line", "MANIFEST.ios.json"), tmp_path, IOS,
                    IOS_DB)


def test_ios_unknown_user_missing_table_bad_time(parse, tmp_path):
    root = _copy("line", tmp_path, "ios")
    _sql(root / IOS_DB, "UPDATE ZMESSAGE SET ZSENDER = 99 WHERE Z_PK = 1", "UPDATE ZMESSAGE SET ZTIMESTAMP = 'x' WHERE Z_PK = 2")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "ZMESSAGE.ZTIMESTAMP" in tl.warnings[0]["message"]
    e = tl.by_locator("ZMESSAGE:Z_PK=1")
    assert e["direction"] == "incoming" and e["sender"] is None and e["extra"]["user_pk"] == 99
    _sql(root / IOS_DB, "DROP TABLE ZUSER")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "ZUSER" in tl.warnings[0]["message"]
    assert tl.warnings[0]["source_path"].endswith("Line.sqlite")
