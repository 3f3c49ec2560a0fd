"""Apple Mail on iOS (``plugins/apple_mail_ios.py``): the generated Envelope Index + Protected Index parse into
exactly their manifest (the Protected Index of the same folder read and hashed as a source); an older store
with everything in the Envelope Index; a missing Protected Index is one warning and the messages are kept."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match
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
