"""Apple Mail on iOS (``plugins/apple_mail_ios.py``): the generated Envelope Index + Protected Index parse into
exactly their manifest (the Protected Index of the same folder read and hashed as a source); an older store
with everything in the Envelope Index; a missing Protected Index is one warning and the messages are kept."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime, timezone

from conftest import SAMPLE_DATA, altered_copy, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.apple_mail_ios import MAIL, write_sample

SAMPLE = SAMPLE_DATA / "apple_mail"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    protected = SAMPLE / "ios" / MAIL / "Protected Index"
    [source] = [s for s in tl.sources if s["path"] == f"{MAIL}/Protected Index"]
    assert source["sha256"] == hashlib.sha256(protected.read_bytes()).hexdigest()


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path)
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "ios", f"{MAIL}/Envelope Index", f"{MAIL}/Protected Index")


def test_without_its_protected_index_one_warning_and_every_message(parse, tmp_path):
    root = tmp_path / "extraction"
    shutil.copytree(SAMPLE / "ios", root)
    (root / MAIL / "Protected Index").unlink()
    tl = parse(root)
    [w] = tl.warnings
    assert "no Protected Index" in w["message"] and w["source_path"] == f"{MAIL}/Envelope Index"
    assert len(tl.events) == len(_manifest()["events"])
    assert all(e["sender"] is None and e["body"] is None for e in tl.events)


def test_an_older_store_keeps_its_lookups_in_the_envelope_index(parse, tmp_path):
    # the real macOS-era schema: subjects and addresses in the same file, recipients(message, address) in others
    root = tmp_path / "extraction" / MAIL
    root.mkdir(parents=True)
    con = sqlite3.connect(root / "Envelope Index")
    con.executescript("""
        CREATE TABLE messages (ROWID INTEGER PRIMARY KEY, sender INTEGER, subject INTEGER, summary INTEGER,
          date_sent INTEGER, date_received INTEGER, mailbox INTEGER, read, flagged, deleted INTEGER DEFAULT 0);
        CREATE TABLE mailboxes (ROWID INTEGER PRIMARY KEY, url);
        CREATE TABLE subjects (ROWID INTEGER PRIMARY KEY, subject);
        CREATE TABLE addresses (ROWID INTEGER PRIMARY KEY, address, comment);
        CREATE TABLE summaries (ROWID INTEGER PRIMARY KEY, summary);
        CREATE TABLE recipients (ROWID INTEGER PRIMARY KEY, message INTEGER, address INTEGER, type INTEGER, position INTEGER);
        INSERT INTO mailboxes VALUES (1, 'imap://acct/INBOX');
        INSERT INTO subjects VALUES (1, 'Hello');
        INSERT INTO addresses VALUES (1, 'a@example.org', 'A'), (2, 'b@example.org', '');
        INSERT INTO summaries VALUES (1, 'hi there');
        INSERT INTO messages VALUES (7, 1, 1, 1, 1700000000, 1700000005, 1, 0, 0, 0);
        INSERT INTO recipients VALUES (1, 7, 2, 1, 0);
    """)
    con.commit()
    con.close()
    tl = parse(tmp_path / "extraction")
    assert tl.warnings == []
    [e] = tl.events
    assert (e["sender"], e["sender_name"], e["recipients"], e["body"], e["timestamp"]) == (
        "a@example.org", "A", ["b@example.org"], "hi there", "2023-11-14T22:13:20.000000Z")
    assert e["extra"]["cc"] == ["b@example.org"] and e["extra"]["subject"] == "Hello"


# -- the current layout (sample_data/mail_ios): Message-ID headers, recipients(message, address), .emlx bodies ------

CURRENT = SAMPLE_DATA / "mail_ios"
CURRENT_MANIFEST = json.loads((CURRENT / "MANIFEST.json").read_text(encoding="utf-8"))
EMLX = sorted(e["path"] for e in CURRENT_MANIFEST["events"] if e["path"].endswith(".emlx"))


def _envelope(tl) -> dict:
    return {e["source_locator"]: e for e in tl.events if e["parser"].startswith("apple_mail_ios/")}


def test_current_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(CURRENT / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, CURRENT_MANIFEST, validator=event_validator)
    assert len(_envelope(tl)) == 5 and len(EMLX) == 3 and len(tl.events) == 8
    assert {e["app"] for e in tl.events} == {"apple_mail", "ios_mail"}  # the .emlx files: apple_mail_emlx's app


def test_current_generator_rebuilds_the_committed_sample(tmp_path):
    from artefacts.synthetic.apple_mail_ios_current import DB, PROTECTED_DB, write_sample as write_current

    built = write_current(tmp_path)
    assert_rebuilds(built, CURRENT_MANIFEST, tmp_path, CURRENT / "ios", DB, PROTECTED_DB, *EMLX)


def test_current_generated_schema_is_the_ddl(tmp_path):
    """The files carry exactly the tables of the DDL files (and SQLite's own sqlite_sequence), no invented one."""
    from artefacts.synthetic.apple_mail_ios_current import DB, PROTECTED_DB, write_sample as write_current

    write_current(tmp_path)
    tables = {}
    for rel in (DB, PROTECTED_DB):
        con = sqlite3.connect(tmp_path / rel)
        tables[rel] = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        con.close()
    assert tables[DB] == {"messages", "mailboxes", "recipients", "message_global_data", "sqlite_sequence"}
    assert tables[PROTECTED_DB] == {"addresses", "subjects", "summaries", "sqlite_sequence"}


def test_email_fields_from_the_envelope_and_the_emlx(parse):
    ev = _envelope(parse(CURRENT / "ios"))
    first, reply = ev["messages:rid=1"], ev["messages:rid=2"]
    # date_sent is seconds since 1970 (iLEAPP: datetime(date_sent, 'UNIXEPOCH'))
    sent = datetime(2024, 5, 6, 8, 15, tzinfo=timezone.utc)
    assert first["timestamp_raw"] == int(sent.timestamp()) and first["timestamp"] == "2024-05-06T08:15:00.000000Z"
    assert first["timestamp_desc"] == "Sent Time" and first["extra"]["date_received_raw"] == int(sent.timestamp()) + 5
    assert (first["sender"], first["sender_name"]) == ("alex@example.net", "Alex Roe")
    assert first["recipients"] == ["kim@example.org", "orders@shop.example.com"]
    assert first["extra"]["to"] == ["kim@example.org"] and first["extra"]["cc"] == ["orders@shop.example.com"]
    assert first["extra"]["message_id"] == "<ios1.7919@mail.example.net>"  # message_global_data.message_id_header
    assert (first["extra"]["mailbox"], first["extra"]["account"]) == ("INBOX", "kim@imap.example.org")
    # the reply: prefix + subject, In-Reply-To and References from its .emlx, the same Mail conversation
    assert reply["extra"]["subject"] == "Re: Friday" and reply["conversation_name"] == "Re: Friday"
    assert reply["extra"]["in_reply_to"] == reply["extra"]["references"] == first["extra"]["message_id"]
    assert reply["conversation_id"] == first["conversation_id"] == "7001"
    assert reply["extra"]["mailbox"] == "Sent Messages" and reply["extra"]["mailbox_url"].endswith("/Sent%20Messages")
    assert reply["extra"]["body_source"] == "emlx" and reply["body"] == "Yes. Bring the keys.\n"
    assert reply["extra"]["emlx_path"].endswith("/Sent Messages.mbox/Messages/2.emlx")


def test_summary_flags_deleted_and_the_received_time(parse):
    ev = _envelope(parse(CURRENT / "ios"))
    shop = ev["messages:rid=3"]
    assert shop["extra"]["body_source"] == "summary" and shop["body"].endswith("https://shop.example.com/t/5521")
    assert (shop["extra"]["read"], shop["extra"]["flagged"]) == (False, True) and "emlx_path" not in shop["extra"]
    gone = ev["messages:rid=4"]
    assert gone["deleted"] is True and gone["extra"]["mailbox"] == "Deleted Messages" and gone["sender_name"] is None
    assert gone["conversation_id"] == gone["extra"]["message_id"]  # conversation_id 0: the message's own id
    late = ev["messages:rid=5"]  # no date_sent: the time received
    assert late["timestamp_desc"] == "Received Time" and late["timestamp_raw"] == late["extra"]["date_received_raw"]
    assert late["extra"]["emlx_path"].endswith("/5.partial.emlx")
    [att] = late["attachments"]
    assert att["name"] == "invoice-5.pdf" and att["size"] == 103
    assert att["sha256"] == hashlib.sha256(b"%PDF-1.4\n% generated sample attachment\n" + bytes(range(64))).hexdigest()


def _copy_current(tmp_path, db=None, sql=None, params=()):
    return altered_copy(CURRENT / "ios", tmp_path / "x", db and f"{MAIL}/{db}", sql, params)


def test_a_protected_index_without_the_tables_is_one_warning(parse, tmp_path):
    tl = parse(_copy_current(tmp_path, "Protected Index", "ALTER TABLE summaries RENAME TO summaries_old"))
    assert tl.exit_code == 3 and len(tl.events) == 8
    [w] = tl.warnings
    assert w["source_path"] == f"{MAIL}/Envelope Index" and "summaries" in w["message"] and "Protected Index" in w["message"]
    ev = _envelope(tl)
    assert ev["messages:rid=3"]["body"] is None and ev["messages:rid=3"]["sender"] == "orders@shop.example.com"
    assert ev["messages:rid=1"]["body"].startswith("Are we still on")  # the .emlx still gives its body


def test_a_damaged_emlx_is_reported_once_and_the_summary_stands_in(parse, tmp_path):
    root = _copy_current(tmp_path)
    (root / [p for p in EMLX if p.endswith("/1.emlx")][0]).write_bytes(b"99999\nFrom: x\n")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == 7
    first = _envelope(tl)["messages:rid=1"]
    assert first["extra"]["body_source"] == "summary" and first["body"] == "Are we still on for Friday?"
    assert first["extra"]["emlx_path"].endswith("/1.emlx") and "shorter" in first["extra"]["emlx_error"]
    [w] = tl.warnings  # once, by the parser of the file itself
    assert w["source_path"].endswith("/1.emlx") and w["parser"] == "apple_mail_emlx"


def test_missing_mailboxes_is_an_unknown_schema_version(parse, tmp_path):
    tl = parse(_copy_current(tmp_path, "Envelope Index", "DROP TABLE mailboxes"))
    assert tl.exit_code == 3 and _envelope(tl) == {}
    assert any("mailboxes" in w["message"] and w["source_path"] == f"{MAIL}/Envelope Index" for w in tl.warnings)


def test_hostile_text_is_capped(parse, tmp_path):
    from artefacts.plugins.apple_mail_ios import MAX_TEXT_CHARS

    hostile = "<script>alert(1)</script>" + "A" * (3 * MAX_TEXT_CHARS)
    tl = parse(_copy_current(tmp_path, "Protected Index", "UPDATE subjects SET subject = ? WHERE subject = 'Friday'",
                             (hostile,)))
    assert tl.exit_code == 0
    assert _envelope(tl)["messages:rid=1"]["extra"]["subject"] == hostile[:MAX_TEXT_CHARS]


def test_the_protected_index_comes_first_and_a_damaged_one_is_one_warning(parse, tmp_path):
    """iLEAPP reads subjects, addresses and summaries from the Protected Index on iOS 13+: an Envelope Index that also
    has (empty) tables of those names does not hide them; a Protected Index that is not a database is one warning."""
    script = "".join(f"CREATE TABLE {t} (ROWID INTEGER PRIMARY KEY, {c});" for t, c in
                     (("subjects", "subject"), ("addresses", "address, comment"), ("summaries", "summary")))
    root = _copy_current(tmp_path)
    con = sqlite3.connect(root / MAIL / "Envelope Index")
    con.executescript(script)
    con.close()
    tl = parse(root)
    assert tl.warnings == [] and _envelope(tl)["messages:rid=3"]["sender"] == "orders@shop.example.com"
    (root / MAIL / "Protected Index").write_bytes(b"not a database" * 100)
    tl = parse(root)
    [w] = [w for w in tl.warnings if w["source_path"] == f"{MAIL}/Envelope Index"]
    assert "Protected Index" in w["message"] and "cannot be read" in w["message"]
    assert len(_envelope(tl)) == 5 and _envelope(tl)["messages:rid=3"]["sender"] is None
