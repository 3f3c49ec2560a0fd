"""Exports: SQLite (tables, indexes, FTS5, types), JSON Lines and one JSON document agree."""

from __future__ import annotations

import json
import sqlite3

from artefacts.engine import RunOptions, run_parse
from artefacts.events import FIELDS
from conftest import corpus_file


def _run(tmp_path, name, *inputs, **kw):
    """(The formats are tested on the live rows: deleted-record recovery has its own tests.)"""
    out = tmp_path / name
    kw.setdefault("recover", False)
    result = run_parse(RunOptions(inputs=list(inputs), output=out, workdir=tmp_path / "w", **kw))
    return out, result


def test_sqlite_export(tmp_path):
    sms, calls = corpus_file("plaso", "mmssms.db"), corpus_file("plaso", "contacts2.db")
    out, result = _run(tmp_path, "t.sqlite", sms, calls, case_number="C-1", examiner="Ex", evidence_ids=["phone-a", "phone-b"])
    assert result.exit_code == 0
    db = sqlite3.connect(out)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"events", "sources", "warnings", "run", "events_fts"} <= tables
    cols = [r[1] for r in db.execute("PRAGMA table_info(events)")]
    assert tuple(cols) == FIELDS
    indexes = {r[1] for r in db.execute("PRAGMA index_list(events)")}
    assert {"events_timestamp", "events_app", "events_conversation", "events_event_id"} <= indexes
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 12
    # full-text search over bodies
    hits = db.execute(
        "SELECT e.body FROM events_fts f JOIN events e ON e.rowid = f.rowid WHERE events_fts MATCH 'bowling'"
    ).fetchall()
    assert hits == [("Are we going bowling after the water buffalo meeting tonight?",)]
    # raw values keep their stored type, lists and objects are JSON
    raw_type, recipients, extra, deleted = db.execute(
        "SELECT typeof(timestamp_raw), recipients, extra, deleted FROM events WHERE source_locator='sms:_id=1'"
    ).fetchone()
    assert raw_type == "integer" and json.loads(recipients) == ["1 555-521-5554"] and json.loads(extra)["read"] == 1
    assert deleted == 0
    assert {r[0] for r in db.execute("SELECT DISTINCT evidence_id FROM events")} == {"phone-a", "phone-b"}
    run = db.execute("SELECT case_number, examiner, status, counts, inputs FROM run").fetchone()
    assert run[:3] == ("C-1", "Ex", "complete")
    assert json.loads(run[3])["events"] == 12
    inputs = json.loads(run[4])
    assert [i["sha256"] for i in inputs] == [
        "0e2cadfa9d68fb1769c01ceb5d75e4dfc4872dfdde7c6db37b75e896e31e283f",
        "b37699f86515cff66f71a1a8d9b48c7392a83fc6f9fab35c6abd8f5435221591",
    ]
    srcs = db.execute("SELECT evidence_id, path, sha256, events FROM sources ORDER BY evidence_id").fetchall()
    assert srcs == [
        ("phone-a", "mmssms.db", inputs[0]["sha256"], 9),
        ("phone-b", "contacts2.db", inputs[1]["sha256"], 3),
    ]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list(tmp_path.glob(".t.sqlite.partial*"))


def test_formats_hold_the_same_events(tmp_path):
    sms = corpus_file("plaso", "mmssms.db")
    jl, _ = _run(tmp_path, "a.jsonl", sms)
    js, _ = _run(tmp_path, "b.json", sms)
    sq, _ = _run(tmp_path, "c.sqlite", sms)
    from_jsonl = [json.loads(l) for l in jl.read_text().splitlines()]
    doc = json.loads(js.read_text())
    assert list(doc) == ["run", "sources", "warnings", "events", "indicators", "indicator_summary", "indicator_devices"]
    assert doc["events"] == from_jsonl
    db = sqlite3.connect(sq)
    db.row_factory = sqlite3.Row
    from_sqlite = []
    for r in db.execute("SELECT * FROM events ORDER BY rowid"):
        ev = dict(r)
        for f in ("recipients", "attachments", "extra"):
            ev[f] = json.loads(ev[f])
        for f in ("deleted", "recovered"):
            ev[f] = bool(ev[f])
        from_sqlite.append(ev)
    assert from_sqlite == from_jsonl
    # event ids are stable across runs and formats, and unique
    assert len({e["event_id"] for e in from_jsonl}) == 9


def test_formats_hold_the_same_indicators(tmp_path):
    """The sample iPhone (e-mail addresses and phone numbers in iMessage): the same findings in every format."""
    from conftest import SAMPLE_DATA

    jl, _ = _run(tmp_path, "a.jsonl", SAMPLE_DATA / "ios")
    js, _ = _run(tmp_path, "b.json", SAMPLE_DATA / "ios")
    sq, _ = _run(tmp_path, "c.sqlite", SAMPLE_DATA / "ios")
    doc = json.loads(js.read_text())
    side = [json.loads(l) for l in jl.with_name("a.jsonl.indicators.jsonl").read_text().splitlines()]
    assert doc["indicators"] == side and len(side) > 20
    assert {r["kind"] for r in side} >= {"email", "url"}
    manifest = json.loads(jl.with_name("a.jsonl.manifest.json").read_text())
    assert manifest["indicator_summary"] == doc["indicator_summary"] and manifest["run"]["counts"]["indicators"] == len(side)
    db = sqlite3.connect(sq)
    rows = db.execute("SELECT event_id, field, kind, normalised, start, \"end\" FROM indicators ORDER BY rowid").fetchall()
    summary = db.execute("SELECT kind, normalised, evidence_id, app, conversation_id, occurrences FROM indicator_summary "
                         "ORDER BY 1, 2, 3, 4, 5").fetchall()
    db.close()
    assert rows == [(r["event_id"], r["field"], r["kind"], r["normalised"], r["start"], r["end"]) for r in side]
    assert summary == sorted((s["kind"], s["normalised"], s["evidence_id"], s["app"], s["conversation_id"], s["occurrences"])
                             for s in doc["indicator_summary"])


def test_event_ids_depend_on_evidence(tmp_path):
    sms = corpus_file("plaso", "mmssms.db")
    a, _ = _run(tmp_path, "a.jsonl", sms, evidence_ids=["one"])
    b, _ = _run(tmp_path, "b.jsonl", sms, evidence_ids=["two"])
    ids_a = [json.loads(l)["event_id"] for l in a.read_text().splitlines()]
    ids_b = [json.loads(l)["event_id"] for l in b.read_text().splitlines()]
    assert not set(ids_a) & set(ids_b)


def test_outputs_are_hashed(tmp_path):
    import hashlib

    out, result = _run(tmp_path, "t.jsonl", corpus_file("plaso", "mmssms.db"))
    manifest = out.with_name("t.jsonl.manifest.json")
    lines = (tmp_path / "t.jsonl.sha256").read_text().splitlines()
    assert lines == [
        f"{hashlib.sha256(out.read_bytes()).hexdigest()}  t.jsonl",
        f"{hashlib.sha256(manifest.read_bytes()).hexdigest()}  t.jsonl.manifest.json",
        f"{hashlib.sha256(out.with_name('t.jsonl.indicators.jsonl').read_bytes()).hexdigest()}  t.jsonl.indicators.jsonl",
    ]
    assert result.digests[str(out)] == hashlib.sha256(out.read_bytes()).hexdigest()


def test_timesketch_export(tmp_path):
    """Every line has Timesketch's required fields; untimed events are counted, not written."""
    out, result = _run(tmp_path, "t.timesketch.jsonl", corpus_file("plaso", "contacts2.db"), corpus_file("plaso", "mmssms.db"))
    assert result.exit_code == 0
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    assert len(lines) == 12
    for line in lines:
        assert {"message", "datetime", "timestamp", "timestamp_desc"} <= set(line)
        assert line["datetime"].endswith("+00:00") and isinstance(line["timestamp"], int)
    sms = next(l for l in lines if l["source_locator"] == "sms:_id=1")
    assert sms["timestamp"] == 1383065788038000 and sms["datetime"] == "2013-10-29T16:56:28.038000+00:00"
    assert sms["message"] == "sms message outgoing to 1 555-521-5554 in 1 555-521-5554: Yo Fred this is my new number."
    assert sms["extra_read"] == 1 and "extra" not in sms and sms["artefacts_event_id"]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text())
    assert manifest["run"]["output_format"] == "timesketch"
    assert manifest["run"]["timesketch"] == {"events_without_time_not_written": 0}


def test_timesketch_counts_events_without_time(tmp_path):
    src = corpus_file("plaso", "mmssms.db")
    copy = tmp_path / "mmssms.db"
    copy.write_bytes(src.read_bytes())
    con = sqlite3.connect(copy)
    con.execute("UPDATE sms SET date = NULL WHERE _id IN (2, 5)")
    con.commit()
    con.close()
    out, result = _run(tmp_path, "u.timesketch.jsonl", copy)
    assert len(out.read_text().splitlines()) == 7
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text())
    assert manifest["run"]["timesketch"] == {"events_without_time_not_written": 2}
    assert manifest["run"]["counts"]["events"] == 9


def test_spooled_sources_and_warnings_are_written_as_json_dumps_would(tmp_path):
    """The JSON formats keep sources and warnings in a scratch file, not in memory; the lists they
    write are byte for byte those of ``json.dumps`` (compact, and indented inside the manifest)."""
    import io

    from artefacts.exporters.base import SpooledRecords

    samples = [
        [],
        [{"path": "a.db", "size": 3, "parsers": ["x", "y"], "note": None}],
        [{"message": "ünïcode 🇩🇪 \"q\" \\ \n", "n": 1.5, "nested": {"k": [1, {"z": []}], "e": {}}}, {"a": True}] * 3,
    ]
    for i, records in enumerate(samples):
        spool = SpooledRecords(tmp_path / f"s{i}")
        for r in records:
            spool.append(r)
        compact, nested = io.StringIO(), io.StringIO()
        spool.write_array(compact)
        spool.write_array(nested, indent=2, level=1)
        assert compact.getvalue() == json.dumps(records, ensure_ascii=False)
        whole = json.dumps({"run": {"a": [1, 2]}, "sources": records}, ensure_ascii=False, indent=2)
        streamed = ('{\n  "run": ' + json.dumps({"a": [1, 2]}, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                    + ',\n  "sources": ' + nested.getvalue() + "\n}")
        assert streamed == whole
        spool.discard()
        assert not spool.path.exists()


def test_json_formats_leave_no_scratch_files(tmp_path):
    sms = corpus_file("plaso", "mmssms.db")
    for name in ("a.jsonl", "b.json"):
        _run(tmp_path, name, sms)
    left = sorted(p.name for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith(".sha256"))
    assert left == ["a.jsonl", "a.jsonl.indicators.jsonl", "a.jsonl.manifest.json", "b.json"]
