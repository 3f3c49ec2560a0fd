"""Differential tests on the real WhatsApp Android databases, row by row against the raw rows.

No other tool's output exists for these files: each event is compared with the row read here by
plain ``sqlite3`` and a minimal query of this test's own (time from the declared unit, ms since
1970; body; ``key_from_me`` -> direction; the chat JID -> conversation and sender; call duration).
The files:

* ``other/lab-whatsapp/msgstore.db`` (2018, legacy ``messages`` schema, 47 rows) and ``wa.db``
  (11 contacts): each given alone, and both in an Android layout (names from ``wa.db``);
* ``other/Sqlite3-restore-deleted-records/msgstore.db`` (Dec 2021, transitional schema, 20 rows);
* ``crypto/whatsapp/``: the plaintext ``msgstore.db`` (transitional, 10 rows) and its four
  encrypted backups (crypt12, crypt14 with and without the feature byte, crypt15), run with the
  key files there: every event equals the plaintext's.

Where ALEAPP's ``WhatsApp.py`` would differ is said in ``docs/differences.md``, section "WhatsApp
Android real databases".
"""

from __future__ import annotations

import shutil

import pytest

from conftest import MSGSTORE, WADB, claimed, corpus_file, iso_from_us, sqlite_ro

LAB = ("other", "lab-whatsapp")
RESTORE = ("other", "Sqlite3-restore-deleted-records")
CRYPTO = ("crypto", "whatsapp")
UNSET = (0, -1)  # "not set" in every ms column (the 2018 DDL header)

#: whapa libs/whacodes.py STATUS_SENT / STATUS_RECEIVED; other codes are kept as "status N"
STATUS_OUT = {5: "delivered", 8: "played", 13: "read"}
STATUS_IN = {0: "received", 10: "played"}
#: the system actions in these files (status 6, the action in media_size) and their readings
SYSTEM_BODY = {19: "messages in this chat are end-to-end encrypted", 67: "end-to-end encryption notice"}
CALL, MISSED_CALL, MEDIA = 8, 10, {1, 2, 3, 9, 13, 20}

RAW_SQL = (
    "SELECT _id, key_remote_jid AS jid, key_from_me, status, data, timestamp, received_timestamp, "
    "CAST(media_wa_type AS INTEGER) AS type, media_size, media_name, media_mime_type, media_caption, "
    "media_duration, remote_resource FROM messages WHERE key_remote_jid <> '-1' ORDER BY _id"
)


def _raw_messages(path):
    with sqlite_ro(path) as con:
        return con.execute(RAW_SQL).fetchall()


def _raw_names(path) -> dict:
    """wa.db: the name the timeline shows for a JID (address-book name, else the WhatsApp name)."""
    with sqlite_ro(path) as con:
        return {r["jid"]: r["display_name"] or r["wa_name"]
                for r in con.execute("SELECT jid, display_name, wa_name FROM wa_contacts")}


def _ms_iso(ms):
    return None if ms in UNSET else iso_from_us(ms * 1000)


def _check_message(event: dict, row, names: dict) -> None:
    """One event against its raw legacy ``messages`` row."""
    jid, from_me = row["jid"], bool(row["key_from_me"])
    assert event["source_locator"] == f"messages:_id={row['_id']}"
    assert event["app"] == "whatsapp" and event["platform"] == "android"
    assert event["timestamp_raw"] == row["timestamp"] and event["timestamp"] == _ms_iso(row["timestamp"])
    assert event["extra"].get("received_time") == _ms_iso(row["received_timestamp"])
    assert event["conversation_id"] == jid
    assert event["extra"]["status_raw"] == row["status"] and event["deleted"] is False
    status_chat = jid == "status@broadcast"
    if row["type"] in (CALL, MISSED_CALL):
        assert event["kind"] == "call" and event["status"] == ("missed" if row["type"] == MISSED_CALL else None)
        assert event["extra"]["duration_s"] == row["media_duration"]
        assert event["extra"]["video"] is (row["media_caption"] == "video")
        assert event["extra"]["end_time"] == iso_from_us((row["timestamp"] + row["media_duration"] * 1000) * 1000)
    elif row["status"] == 6:  # a system row: no direction, the action code in media_size
        assert event["kind"] == "system" and event["direction"] is None and event["recipients"] == []
        assert event["extra"]["action_type"] == row["media_size"]
        assert event["body"] == SYSTEM_BODY[row["media_size"]]
        assert event["sender"] == (row["remote_resource"] or None)
        return
    else:
        assert event["kind"] == ("status" if status_chat else "message")
        assert event["body"] == (row["media_caption"] or row["data"])
        table = STATUS_OUT if from_me else STATUS_IN
        assert event["status"] == table.get(row["status"], f"status {row['status']}")
    if row["type"] in MEDIA:
        [attachment] = event["attachments"]
        assert attachment["size"] == row["media_size"] and attachment["mime_type"] == row["media_mime_type"]
        if row["media_name"]:
            assert attachment["name"] == row["media_name"]
    else:
        assert event["attachments"] == []
    assert event["direction"] == ("outgoing" if from_me else "incoming")
    if from_me:
        assert event["sender"] is None and event["recipients"] == [jid]
    else:
        assert event["recipients"] == []
        assert event["sender"] == (row["remote_resource"] if status_chat else jid)
    assert event["conversation_name"] == ("Status" if status_chat else names.get(jid))
    assert event["sender_name"] == (names.get(event["sender"]) if event["sender"] else None)


def _compare_msgstore(tl, path, names=None) -> None:
    rows = _raw_messages(path)
    events = [e for e in tl.events if e["source_locator"].startswith("messages:")]
    assert len(events) == len(rows)  # counts first: every row but the placeholder
    assert [e["source_locator"] for e in events] == [f"messages:_id={r['_id']}" for r in rows]
    for event, row in zip(events, rows):
        _check_message(event, row, names or {})


def _run_alone(parse, event_validator, path, parser: str):
    tl = parse(path)
    assert tl.exit_code == 0 and tl.warnings == [] and claimed(tl) == {path.name: [parser]}
    for event in tl.events:
        event_validator.validate(event)
    return tl


# -- each file given alone ----------------------------------------------------------------------

@pytest.mark.parametrize("where, rows, events", [(LAB, 47, 46), (RESTORE, 20, 19), (CRYPTO, 10, 9)])
def test_msgstore_alone_every_row(parse, event_validator, where, rows, events):
    path = corpus_file(*where, "msgstore.db")
    tl = _run_alone(parse, event_validator, path, "whatsapp_android")
    with sqlite_ro(path) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone()[0] == rows
        if con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'message'").fetchone()[0]:
            # transitional: ``message`` holds only the placeholder row, the messages are in ``messages``
            assert [tuple(r) for r in con.execute("SELECT _id, chat_row_id, key_id FROM message")] == [(1, -1, "-1")]
    assert len(tl.events) == events
    _compare_msgstore(tl, path)
    assert tl.sources[0]["rows"] == rows and tl.sources[0]["skipped"] == 1  # the placeholder row


def test_lab_wa_db_alone_every_contact(parse, event_validator):
    path = corpus_file(*LAB, "wa.db")
    tl = _run_alone(parse, event_validator, path, "whatsapp_contacts")
    with sqlite_ro(path) as con:
        rows = con.execute("SELECT _id, jid, display_name, wa_name, status, number FROM wa_contacts "
                           "WHERE jid <> 'status@broadcast' ORDER BY _id").fetchall()
        assert con.execute("SELECT count(*) FROM wa_contacts").fetchone()[0] == 11
    assert len(tl.events) == len(rows) == 10  # the status@broadcast row is WhatsApp's channel, not a contact
    for event, row in zip(tl.events, rows):
        name = row["display_name"] or row["wa_name"]
        assert event["source_locator"] == f"wa_contacts:_id={row['_id']}"
        assert event["kind"] == "contact" and event["timestamp"] is None
        assert event["conversation_id"] == row["jid"] and event["conversation_name"] == name
        assert event["body"].startswith(name)
        assert event["extra"].get("status") == row["status"] and event["extra"].get("number") == row["number"]


# -- as an extraction -----------------------------------------------------------------------------

def test_lab_extraction_names_from_wa_db(parse, event_validator, tmp_path):
    """Both lab files in their Android folders: the same rows, with contact names from wa.db."""
    root = tmp_path / "ext"
    for src, dest in ((corpus_file(*LAB, "msgstore.db"), MSGSTORE), (corpus_file(*LAB, "wa.db"), WADB)):
        (root / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, root / dest)
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {MSGSTORE: ["whatsapp_android"], WADB: ["whatsapp_contacts"]}
    for event in tl.events:
        event_validator.validate(event)
    names = _raw_names(root / WADB)
    _compare_msgstore(tl, root / MSGSTORE, names)
    assert {e["conversation_name"] for e in tl.events if e["kind"] in ("message", "call")} == {"Leonardo Nery", "Marcelo"}
    assert len(tl.events) == 46 + 10


def test_encrypted_backups_equal_the_plaintext(parse, event_validator):
    """crypt12, crypt14 (with and without the feature byte), crypt15 with the key files: the plaintext's events."""
    folder = corpus_file(*CRYPTO)
    keys = [f"whatsapp={folder / 'key'}", f"whatsapp={folder / 'encrypted_backup.key'}"]
    tl = parse(folder, keys=keys)
    assert tl.exit_code == 0 and tl.warnings == []
    backups = ["msgstore-noexpiry.db.crypt14", "msgstore.db.crypt12", "msgstore.db.crypt14", "msgstore.db.crypt15"]
    assert claimed(tl) == {name: ["whatsapp_backup"] for name in backups}  # the plaintext msgstore.db: no path
    plain = parse(folder / "msgstore.db")
    source_fields = {"event_id", "source_path", "source_sha256", "evidence_id", "parser"}
    for name in backups:
        events = [e for e in tl.events if e["source_path"] == name]
        assert len(events) == len(plain.events) == 9
        for event, reference in zip(events, plain.events):
            event_validator.validate(event)
            assert event["parser"] == "whatsapp_backup/1.0" and event["source_path"] == name
            decrypted = event["extra"].pop("decrypted_from")
            assert decrypted["format"] == name.rsplit(".", 1)[1]
            assert decrypted["plaintext_sha256"] == plain.sources[0]["sha256"]
            assert {k: v for k, v in event.items() if k not in source_fields} == \
                   {k: v for k, v in reference.items() if k not in source_fields}
