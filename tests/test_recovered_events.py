"""Deleted records in the timeline (``artefacts/recovered_events.py``): rows carved from a database go
through the parser's own mapping, joined to the live rows of its lookup tables, and come out as events
with ``recovered: true`` and the region they were found in; nothing is invented where the free space was
wiped; deletion evidence without content is reported as such."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from artefacts.cli import cli
from conftest import CORPUS

MMSSMS = "data/data/com.android.providers.telephony/databases/mmssms.db"
MSGSTORE = "data/data/com.whatsapp/databases/msgstore.db"


def _parse(inputs, out: Path, *options: str) -> list[dict]:
    r = CliRunner().invoke(cli, ["parse", *map(str, inputs), "-o", str(out), "-q", "--force", *options])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    con.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in con.execute("SELECT * FROM events ORDER BY rowid")]
    finally:
        con.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deleted_sms_come_back_through_the_sms_mapping(tmp_path, jobs):
    from artefacts.synthetic.deleted import build_deleted_sms

    root = tmp_path / "phone"
    (root / MMSSMS).parent.mkdir(parents=True)
    summary = build_deleted_sms(root / MMSSMS)
    events = _parse([root], tmp_path / "t.sqlite", "--jobs", jobs)
    live = [e for e in events if not e["recovered"]]
    recovered = [e for e in events if e["recovered"]]
    assert len(live) == summary["live"]
    # every deleted message, with its text, time (ms since 1970, the column's declared unit) and thread
    # (a long body on overflow pages may be lost with them: then the event says the column is missing)
    expected = {(r["date"], str(r["thread_id"])): r["body"] for r in summary["deleted"]}
    got = {(e["timestamp_raw"], e["conversation_id"]): e for e in recovered}
    assert got.keys() == expected.keys() and len(recovered) == len(summary["deleted"])
    lost = 0
    for key, body in expected.items():
        e = got[key]
        if e["body"] is None:
            lost += 1
            assert len(body) > 1000 and "body" in json.loads(e["extra"])["recovery"]["missing"]
        else:
            assert e["body"] == body
    assert lost < len(summary["long_ids"])
    for e in recovered:
        extra = json.loads(e["extra"])
        assert e["kind"] == "message" and e["app"] == "sms" and e["timestamp"].endswith("Z")
        assert e["source_locator"].startswith("sms") and "recovered@" in e["source_locator"]
        assert extra["recovery"]["region"] and extra["recovery"]["status"] in ("deleted", "freed")
    # own event ids, distinct from every live event's
    assert len({e["event_id"] for e in events}) == len(events)
    without = _parse([root], tmp_path / "off.sqlite", "--no-recover", "--jobs", jobs)
    assert [e["event_id"] for e in without] == [e["event_id"] for e in live]


def test_secure_delete_gives_no_invented_message(tmp_path):
    from artefacts.synthetic.deleted import build_deleted_sms

    root = tmp_path / "phone"
    (root / MMSSMS).parent.mkdir(parents=True)
    summary = build_deleted_sms(root / MMSSMS, secure_delete=True)
    events = _parse([root], tmp_path / "t.sqlite")
    assert len(events) == summary["live"] and not any(e["recovered"] for e in events)


def _delete_whatsapp_messages(db: Path, every: int = 11) -> list[dict]:
    """Delete every ``every``-th text message of a generated msgstore (secure_delete off); their rows."""
    con = sqlite3.connect(db, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA secure_delete = 0")
        rows = [dict(r) for r in con.execute(
            "SELECT m._id, m.key_id, m.text_data, m.timestamp, j.raw_string AS chat_jid FROM message m "
            "JOIN chat c ON c._id = m.chat_row_id JOIN jid j ON j._id = c.jid_row_id "
            "WHERE m.message_type = 0 AND m.text_data IS NOT NULL ORDER BY m._id")][::every]
        con.execute("BEGIN")
        for r in rows:
            con.execute("DELETE FROM message WHERE _id = ?", (r["_id"],))
        con.execute("COMMIT")
    finally:
        con.close()
    return rows


def test_deleted_whatsapp_messages_keep_their_conversation_and_time(tmp_path):
    from artefacts.synthetic.whatsapp import build_msgstore

    root = tmp_path / "phone"
    (root / MSGSTORE).parent.mkdir(parents=True)
    build_msgstore(root / MSGSTORE, n_messages=400, seed=3, media_files=0)
    deleted = _delete_whatsapp_messages(root / MSGSTORE)
    assert len(deleted) >= 10
    events = _parse([root], tmp_path / "t.sqlite")
    recovered = [e for e in events if e["recovered"] and e["kind"] == "message"]
    got = {(json.loads(e["extra"]).get("key_id"), e["body"], e["timestamp_raw"], e["conversation_id"]) for e in recovered}
    expected = {(r["key_id"], r["text_data"], r["timestamp"], r["chat_jid"]) for r in deleted}
    assert expected <= got, expected - got
    # nothing but the deleted messages (and older versions of rows, marked so) is recovered
    statuses = {json.loads(e["extra"])["recovery"]["status"] for e in events if e["recovered"]}
    assert statuses <= {"deleted", "freed", "previous_version"}
    live_ids = {e["event_id"] for e in events if not e["recovered"]}
    assert live_ids.isdisjoint(e["event_id"] for e in recovered)


@pytest.mark.skipif(not (CORPUS / "plaso" / "imessage_chat.db").exists(), reason="third-party corpus not present")
def test_imessage_deletion_evidence_without_invented_messages(tmp_path):
    """plaso's ``imessage_chat.db``: its freelist pages are zeroed; 226 message rows are missing below its
    ``sqlite_sequence``: reported as deletion evidence, no message invented."""
    root = tmp_path / "phone" / "private/var/mobile/Library/SMS"
    root.mkdir(parents=True)
    shutil.copy(CORPUS / "plaso" / "imessage_chat.db", root / "sms.db")
    events = _parse([tmp_path / "phone"], tmp_path / "t.sqlite")
    evidence = [e for e in events if e["kind"] == "other" and e["app"] == "imessage"]
    assert len(evidence) == 1
    extra = json.loads(evidence[0]["extra"])
    assert extra["table"] == "message" and extra["missing_rowids"] == 226 and extra["deletion_evidence"] == "rowid_gap"
    assert "226 rows of message deleted" in evidence[0]["body"] and evidence[0]["deleted"] == 1
    assert not any(e["recovered"] and e["kind"] == "message" for e in events)


def test_wal_versions_and_deleted_rows_come_back_with_their_frame(tmp_path):
    """A WAL-mode ``mmssms.db`` whose last commits live only in its ``-wal``: the live events are the WAL's
    (read, not checkpointed away: the parsers open the working copy read-only), the rows the WAL deleted
    come back from the main file's older page, and the earlier versions of edited rows come back as
    previous versions."""
    from artefacts.synthetic.deleted import build_wal_sms

    root = tmp_path / "phone"
    (root / MMSSMS).parent.mkdir(parents=True)
    summary = build_wal_sms((root / MMSSMS).parent)
    events = _parse([root], tmp_path / "t.sqlite")
    live = {e["body"] for e in events if not e["recovered"]}
    assert {r["body"] for r in summary["final"].values()} == live
    recovered = [e for e in events if e["recovered"]]
    by_body = {e["body"]: json.loads(e["extra"])["recovery"] for e in recovered}
    for row in summary["deleted"]:
        assert by_body[row["body"]]["status"] in ("deleted", "freed")
    earlier = [v["body"] for versions in summary["edited"].values() for v in versions]
    assert any(by_body.get(body, {}).get("status") == "previous_version" for body in earlier)
    assert all(info["region"] for info in by_body.values())
    without = _parse([root], tmp_path / "off.sqlite", "--no-recover")
    assert [e["event_id"] for e in without] == [e["event_id"] for e in events if not e["recovered"]]
