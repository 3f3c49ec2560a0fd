"""Google Messages for Android (``bugle_db``): the committed sample gives exactly its manifest, the generator
rebuilds it byte for byte, the stored codes read as AOSP Messaging defines them (checked here on the
database's own rows, not on the parser's tables), odd rows give one clear warning, and a split across
workers gives the same timeline as one process."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from conftest import SAMPLE_DATA
from test_plaso_messengers_odd import _copy as _copy_sample
from test_plaso_messengers_odd import _sql

from artefacts.synthetic.google_messages import DB, build_bugle_db, write_sample

SAMPLE = SAMPLE_DATA / "google_messages"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# MessageData.BUGLE_STATUS_* (AOSP Messaging) as the timeline's status words
STATUS_WORDS = {1: "sent", 2: "delivered", 3: "draft", 8: "failed", 100: "received", 101: "awaiting download"}
PROTOCOL_NAMES = {-1: "unknown", 0: "SMS", 1: "MMS", 2: "MMS notification"}


def _iso(ms: int) -> str:
    return (EPOCH + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _copy(tmp_path):
    return _copy_sample("google_messages", tmp_path)


def _file_warning(tl) -> dict:
    """The run's one warning, which names the bugle_db (the run went on: exit code 3)."""
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    w = tl.warnings[0]
    assert w["source_path"].endswith("bugle_db") and "Traceback" not in w["message"]
    return w


def _rows(path, sql):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


def test_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(manifest["events"]) == 36
    for exp in manifest["events"]:
        event = tl.by_locator(exp["locator"])
        event_validator.validate(event)
        assert event["source_path"] == manifest["path"] and event["parser"].startswith("google_messages_android/")
        for field in ("kind", "timestamp", "direction", "conversation_id", "sender", "recipients", "body", "deleted"):
            if field in exp:
                assert event[field] == exp[field], (exp["locator"], field)
        if "attachments" in exp:
            assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = write_sample(tmp_path, seed=2024)
    assert manifest == json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    assert (tmp_path / DB).read_bytes() == (SAMPLE / "android" / DB).read_bytes()


def test_codes_times_and_parts_read_from_the_rows(parse):
    """Every message against its own row: ms times, protocol, status, direction from the sender's sub_id, parts."""
    db = SAMPLE / "android" / DB
    tl = parse(SAMPLE / "android")
    messages = _rows(db, "SELECT m.*, p.sub_id, p.normalized_destination, p.full_name FROM messages m "
                         "JOIN participants p ON p._id = m.sender_id ORDER BY m._id")
    parts = _rows(db, "SELECT * FROM parts ORDER BY _id")
    seen_protocols, seen_status = set(), set()
    for m in messages:
        e = tl.by_locator(f"messages:_id={m['_id']}")
        assert e["timestamp"] == _iso(m["received_timestamp"]) and e["timestamp_raw"] == m["received_timestamp"]
        if m["sent_timestamp"]:
            assert e["extra"]["sent_time"] == _iso(m["sent_timestamp"])
        else:
            assert "sent_time" not in e["extra"]
        assert e["extra"]["protocol"] == PROTOCOL_NAMES[m["message_protocol"]]
        assert e["status"] == STATUS_WORDS[m["message_status"]]
        assert e["direction"] == ("incoming" if m["sub_id"] == -2 else "outgoing")
        if e["direction"] == "incoming":
            assert e["sender"] == m["normalized_destination"] and e["sender_name"] == m["full_name"]
        own = [p for p in parts if p["message_id"] == m["_id"]]
        media = [p for p in own if p["uri"]]
        assert [a["mime_type"] for a in e["attachments"]] == [p["content_type"] for p in media]
        texts = [p["text"] for p in own if not p["uri"]]
        assert e["body"] == ("\n".join(texts) if texts else m["mms_subject"])
        seen_protocols.add(m["message_protocol"])
        seen_status.add(m["message_status"])
    assert seen_protocols == {-1, 0, 1, 2}  # the sample holds every AOSP protocol
    assert {2, 3, 8, 100, 101} <= seen_status
    group = [e for e in tl.events if e["kind"] == "message" and e["extra"].get("group")]
    assert group and all(len(e["recipients"]) == 3 for e in group if e["direction"] == "outgoing")
    assert any(e["extra"].get("mms_reports_info") for e in group)
    notification = next(e for e in tl.events if e["extra"].get("protocol") == "MMS notification")
    assert notification["extra"]["mms_content_location"].startswith("http://mms.example.com/")
    assert notification["extra"]["mms_expiry_time"] > notification["timestamp"]


def test_participants_are_contacts_with_the_own_sim_marked(parse):
    tl = parse(SAMPLE / "android")
    rows = _rows(SAMPLE / "android" / DB, "SELECT * FROM participants ORDER BY _id")
    for r in rows:
        e = tl.by_locator(f"participants:_id={r['_id']}")
        assert e["kind"] == "contact" and e["sender"] == r["normalized_destination"]
        assert e["extra"]["self"] is (r["sub_id"] != -2) and e["extra"]["blocked"] == r["blocked"]
    assert sum(1 for r in rows if r["sub_id"] != -2) == 1 and any(r["blocked"] for r in rows)


def test_google_only_part_columns_and_unsourced_protocol(parse, tmp_path):
    """parts.file_size_bytes / local_cache_path (ALEAPP; -1 = unknown) are read when present; a protocol value
    no source explains (Google's RCS values) is kept raw and read as "unknown", without a warning."""
    root = _copy(tmp_path)
    media = _rows(root / DB, "SELECT _id, message_id FROM parts WHERE uri IS NOT NULL ORDER BY _id LIMIT 2")
    (a, b) = media
    _sql(root / DB, "ALTER TABLE parts ADD COLUMN file_size_bytes INT", "ALTER TABLE parts ADD COLUMN local_cache_path TEXT",
         f"UPDATE parts SET file_size_bytes = 48213, local_cache_path = '/data/user/0/x/cache/p1.jpg' WHERE _id = {a['_id']}",
         f"UPDATE parts SET file_size_bytes = -1 WHERE _id = {b['_id']}",
         "UPDATE messages SET message_protocol = 3 WHERE _id = 1")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    first = tl.by_locator(f"messages:_id={a['message_id']}")
    att = next(x for x in first["attachments"] if x["size"] is not None)
    assert att["size"] == 48213
    assert any(p.get("local_cache_path") == "/data/user/0/x/cache/p1.jpg" for p in first["extra"]["media_parts"])
    second = tl.by_locator(f"messages:_id={b['message_id']}")
    assert all(x["size"] is None for x in second["attachments"])
    odd = tl.by_locator("messages:_id=1")
    assert odd["extra"]["message_protocol"] == 3 and odd["extra"]["protocol"] == "unknown"


def test_sender_without_a_participant_row_has_no_direction(parse, tmp_path):
    root = _copy(tmp_path)
    _sql(root / DB, "UPDATE messages SET sender_id = NULL WHERE _id = 2")
    tl = parse(root)
    assert tl.exit_code == 0
    e = tl.by_locator("messages:_id=2")
    assert e["direction"] is None and e["sender"] is None and e["timestamp_desc"] == "Creation Time"


def test_bad_time_is_one_warning_naming_the_file_and_column(parse, tmp_path):
    root = _copy(tmp_path)
    _sql(root / DB, "UPDATE messages SET received_timestamp = 'yesterday' WHERE _id = 4")
    tl = parse(root)
    assert "messages.received_timestamp" in _file_warning(tl)["message"]
    assert tl.by_locator("messages:_id=4")["timestamp"] is None  # the row is kept
    assert len(tl.events) == 36


def test_missing_table_is_one_warning_and_no_traceback(parse, tmp_path):
    root = _copy(tmp_path)
    _sql(root / DB, "DROP TABLE parts")
    tl = parse(root)
    assert "parts" in _file_warning(tl)["message"]
    assert tl.events == []


@pytest.mark.parametrize("jobs", [2, 3])
def test_split_across_workers_gives_the_same_timeline(parse, tmp_path, monkeypatch, jobs):
    import artefacts.context
    from artefacts.context import ParseContext, SourceFile
    from artefacts.plugins.google_messages_android import GoogleMessagesAndroidParser

    root = tmp_path / "ext"
    db = root / DB
    summary = build_bugle_db(db, n_messages=1500, seed=7)
    assert summary["messages"] == 1500
    monkeypatch.setattr(artefacts.context, "PARTITION_MIN_ROWS", 200)
    one = parse(root, jobs=1)
    many = parse(root, jobs=jobs)
    assert one.exit_code == many.exit_code == 0 and one.warnings == []
    assert one.path.read_bytes() == many.path.read_bytes()
    assert len(one.events) == 1500 + summary["participants"]
    ctx = ParseContext(parser=GoogleMessagesAndroidParser(), source=SourceFile("b", "0" * 64, 0, None, db),
                       extraction=None, evidence_id="e", warn=lambda *a: None)
    assert len(GoogleMessagesAndroidParser().partitions(ctx, jobs)) == jobs * artefacts.context.PARTS_PER_WORKER
    ctx.close()


def test_deleted_message_leaves_a_rowid_gap_event(parse, tmp_path):
    """AOSP bugle_db has no deleted flag: a message the user deleted is gone with its parts (ON DELETE CASCADE);
    its AUTOINCREMENT row id below sqlite_sequence is reported by the host's gap check (content not recoverable)."""
    root = _copy(tmp_path)
    part_ids = [r["_id"] for r in _rows(root / DB, "SELECT _id FROM parts WHERE message_id = 5")]
    _sql(root / DB, "DELETE FROM parts WHERE message_id = 5", "DELETE FROM messages WHERE _id = 5")
    tl = parse(root, recover=True)
    assert tl.exit_code == 0
    assert not [e for e in tl.events if e["source_locator"] == "messages:_id=5"]
    gaps = {e["extra"]["table"]: e for e in tl.events if e["kind"] == "other"}
    assert gaps["messages"]["deleted"] is True and gaps["messages"]["extra"]["ranges"] == [[5, 5]]
    assert [i for a, b in gaps["parts"]["extra"]["ranges"] for i in range(a, b + 1)] == part_ids
