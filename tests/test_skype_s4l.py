"""The generated Skype 8+ ``s4l-<account>.db`` sample (``sample_data/skype_s4l/android``) and the parser's edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/skype_s4l.py`` from its own values), and rebuilding gives the committed bytes. Then:
messages against their JSON documents (direction from ``_isMyMessage``, recipients from the conversation's
members, topics), the calls (answered with its duration, never connected), contacts and the account, an unknown
or missing schema version (one warning, still parsed; a version stored as text is read), the older ``conversationsv13`` table, a file without ``messagesv12``
(one warning), and damaged JSON documents (one warning each, the rest parses).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from conftest import SAMPLE_DATA, assert_events_match, claimed, rebuilds_committed_sample

from artefacts.synthetic import skype_s4l as gen

SAMPLE = SAMPLE_DATA / "skype_s4l" / "android"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _manifest() -> dict:
    return json.loads((SAMPLE_DATA / "skype_s4l" / "MANIFEST.json").read_text(encoding="utf-8"))


def _docs(table: str) -> list[tuple[str, dict]]:
    con = sqlite3.connect(f"file:{SAMPLE / gen.DB}?mode=ro", uri=True)
    try:
        return [(pk, json.loads(data)) for pk, data in con.execute(f"SELECT nsp_pk, nsp_data FROM {table} ORDER BY rowid")]
    finally:
        con.close()


def _alter(db, sql: str, params=()) -> None:
    con = sqlite3.connect(db)
    con.execute(sql, params)
    con.commit()
    con.close()


def _iso_ms(ms: int) -> str:
    return (EPOCH + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.fixture
def copy(tmp_path):
    dest = tmp_path / "android"
    shutil.copytree(SAMPLE, dest)
    return dest, dest / gen.DB


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE)  # the folder is not named after the app (skype/ holds the desktop main.db)
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    assert claimed(tl) == {manifest["path"]: ["skype_s4l"]}
    assert {e["parser"] for e in tl.events} == {"skype_s4l/1.0"} and {e["app"] for e in tl.events} == {"skype"}
    assert {e["kind"] for e in manifest["events"]} == {"message", "contact", "call"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "skype_s4l", "android", gen.generic_manifest, [gen.DB])


def test_messages_against_their_documents(parse):
    tl = parse(SAMPLE)
    convs = {d["conv"]["id"]: d["conv"] for _, d in _docs("conversationsv14")}
    docs = _docs("messagesv12")
    assert len(docs) == 8
    for pk, doc in docs:
        event = tl.by_locator(f"messagesv12:nsp_pk={pk}")
        assert event["timestamp"] == _iso_ms(doc["createdTime"]) and event["timestamp_raw"] == doc["createdTime"]
        assert event["direction"] == ("outgoing" if doc["_isMyMessage"] == 1 else "incoming")
        assert event["body"] == doc["content"] and event["sender"] == doc["creator"]
        conv = convs[doc["conversationId"]]
        assert event["recipients"] == [m["id"] for m in conv["_threadMembers"] if m["id"] != doc["creator"]]
        assert event["conversation_name"] == conv.get("_threadProps", {}).get("topic")
    assert sorted({e["conversation_name"] or "" for e in tl.events if e["kind"] == "message"}) == ["", "Weekend"]


def test_calls(parse):
    tl = parse(SAMPLE)
    (pk1, answered_rec), (pk2, missed_rec) = _docs("calllogs")
    answered, missed = tl.by_locator(f"calllogs:nsp_pk={pk1}"), tl.by_locator(f"calllogs:nsp_pk={pk2}")
    connect, end = (datetime.fromisoformat(answered_rec[k]) for k in ("connectTime", "endTime"))
    assert answered["extra"]["duration_s"] == (end - connect).total_seconds() == 91.25
    assert answered["body"] == "twoParty call, 1 min 31 s" and answered["kind"] == "call"
    assert answered["timestamp"] == datetime.fromisoformat(answered_rec["startTime"]).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert answered["extra"]["thread_id"] == answered_rec["threadId"]
    assert answered["sender_name"] == answered_rec["originatorParticipant"]["displayName"]
    assert missed_rec["connectTime"] == "" and "duration_s" not in missed["extra"]
    assert missed["extra"]["callState"] == missed_rec["callState"] and missed["direction"] is None
    assert missed["sender"] == missed_rec["originator"] and missed["recipients"] == [missed_rec["target"]]


def test_contacts_and_account(parse):
    tl = parse(SAMPLE)
    for pk, doc in _docs("profilecachev8"):
        event = tl.by_locator(f"profilecachev8:nsp_pk={pk}")
        assert event["sender"] == doc["mri"] and event["sender_name"] == doc["fullName"]
        assert event["extra"]["phones"] == [p["number"] for p in doc["phones"]]
        assert event["extra"].get("emails", []) == doc["emails"]
        assert event["extra"]["fetched_time"] == _iso_ms(doc["fetchedDate"])
    [(_, prefs)] = _docs("internaldata")
    account = tl.by_locator("internaldata:nsp_pk=Cpriv_prefs_v2")
    assert account["sender"] == prefs["value"]["skypeName"] and account["extra"]["account_holder"] is True
    assert account["extra"]["timezone"] == prefs["value"]["timezone"]


@pytest.mark.parametrize("sql, warned", [
    ("UPDATE metadata SET value = 91 WHERE name = 'schemaVersion'", "unknown schema version 91"),
    ("DELETE FROM metadata", "unknown schema version none"),
    ("UPDATE metadata SET value = '84' WHERE name = 'schemaVersion'", None),  # stored as text: read as Mobius does
])
def test_schema_version(parse, copy, sql, warned):
    root, db = copy
    _alter(db, sql)
    tl = parse(root)
    assert len(tl.events) == len(_manifest()["events"])  # parsed as far as the tables go, whatever the version
    assert [w["message"] for w in tl.warnings if warned and warned in w["message"] and w["source_path"] == gen.DB] \
        == [w["message"] for w in tl.warnings]
    assert len(tl.warnings) == (1 if warned else 0) and tl.exit_code == (3 if warned else 0)


def test_older_conversations_table(parse, copy):
    root, db = copy
    _alter(db, "ALTER TABLE conversationsv14 RENAME TO conversationsv13")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert "Weekend" in {e["conversation_name"] for e in tl.events}


def test_file_without_messages_table_gives_one_warning(parse, copy):
    root, db = copy
    _alter(db, "DROP TABLE messagesv12")
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert warning["source_path"] == gen.DB and "messagesv12" in warning["message"]


@pytest.mark.parametrize("table", ["messagesv12", "calllogs", "profilecachev8"])
@pytest.mark.parametrize("data", ["{\"cuid\": ", "[1, 2]"])
def test_damaged_document_warns_and_the_rest_parses(parse, copy, table, data):
    root, db = copy
    [(pk,)] = sqlite3.connect(db).execute(f"SELECT nsp_pk FROM {table} ORDER BY rowid LIMIT 1").fetchall()
    _alter(db, f"UPDATE {table} SET nsp_data = ? WHERE nsp_pk = ?", (data, pk))
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"]) - 1
    [warning] = tl.warnings
    assert warning["source_path"] == gen.DB and f"{table}:nsp_pk={pk}" in str(warning)


def test_damaged_conversation_loses_only_its_name(parse, copy):
    root, db = copy
    _alter(db, "UPDATE conversationsv14 SET nsp_data = 'not json' WHERE nsp_data LIKE '%Weekend%'")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"])
    [warning] = tl.warnings
    assert warning["source_path"] == gen.DB and "conversationsv14:nsp_pk=" in str(warning)
    messages = [e for e in tl.events if e["kind"] == "message"]
    assert len(messages) == 8 and all(e["conversation_name"] is None for e in messages)
    assert sum(e["recipients"] == [] for e in messages) == 3  # the group's messages lost their members
