"""iOS Mail (``plugins/ios_mail.py``): the generated ``Envelope Index`` + ``Protected Index`` + ``.emlx`` files parse
into exactly their manifest, the e-mail fields come from the right tables and files, and an incomplete or
foreign store gives one clear warning while the run goes on."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime, timezone

from artefacts.synthetic.ios_mail import DB, PROTECTED_DB, write_sample
from conftest import SAMPLE_DATA, assert_events_match, rebuilds_committed_sample

SAMPLE = SAMPLE_DATA / "mail_ios" / "ios"
MANIFEST = json.loads((SAMPLE_DATA / "mail_ios" / "MANIFEST.json").read_text(encoding="utf-8"))
EMLX = sorted(e["path"] for e in MANIFEST["events"] if e["path"].endswith(".emlx"))


def _envelope(tl) -> dict:
    return {e["source_locator"]: e for e in tl.events if e["parser"].startswith("ios_mail/")}


def test_sample_parses_into_its_manifest(parse, event_validator):
    tl = parse(SAMPLE)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, MANIFEST, validator=event_validator)
    for exp in MANIFEST["events"]:
        event = got[exp["path"], exp["locator"]]
        for key, value in exp["extra"].items():
            if key == "attachment_sizes":  # the .emlx events' attachments, by size
                assert [a["size"] for a in event["attachments"]] == value, exp["path"]
            else:
                assert event["extra"].get(key) == value, (exp["path"], exp["locator"], key)
    assert len(_envelope(tl)) == 5 and len(EMLX) == 3 and len(tl.events) == 8
    assert {e["app"] for e in tl.events} == {"ios_mail"} and {e["platform"] for e in tl.events} == {"ios"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "mail_ios", "ios", write_sample, [DB, PROTECTED_DB, *EMLX])


def test_generated_schema_is_the_ddl(tmp_path):
    """The files carry exactly the tables of the DDL files (and SQLite's own sqlite_sequence), no invented one."""
    write_sample(tmp_path)
    tables = {}
    for rel in (DB, PROTECTED_DB):
        con = sqlite3.connect(tmp_path / rel)
        tables[rel] = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        con.close()
    assert tables[DB] == {"messages", "mailboxes", "recipients", "message_global_data", "sqlite_sequence"}
    assert tables[PROTECTED_DB] == {"addresses", "subjects", "summaries", "sqlite_sequence"}


def test_email_fields(parse):
    ev = _envelope(parse(SAMPLE))
    first, reply = ev["messages:ROWID=1"], ev["messages:ROWID=2"]
    # date_sent is seconds since 1970 (iLEAPP: datetime(date_sent, 'UNIXEPOCH'))
    sent = datetime(2024, 5, 6, 8, 15, tzinfo=timezone.utc)
    assert first["timestamp_raw"] == int(sent.timestamp()) and first["timestamp"] == "2024-05-06T08:15:00.000000Z"
    assert first["timestamp_desc"] == "Sent Time"
    assert first["extra"]["date_received_raw"] == int(sent.timestamp()) + 5
    assert first["sender"] == "alex@example.net" and first["sender_name"] == "Alex Roe"
    assert first["recipients"] == ["kim@example.org", "orders@shop.example.com"]
    assert first["extra"]["cc"] == ["Shop <orders@shop.example.com>"] and first["extra"]["to"] == ["Kim Doe <kim@example.org>"]
    assert [(r["address"], r["type"], r["position"]) for r in first["extra"]["recipients_raw"]] == [
        ("kim@example.org", 0, 0), ("orders@shop.example.com", 1, 0)]
    assert first["extra"]["mailbox"] == "INBOX" and first["extra"]["account"] == "kim@imap.example.org"
    # the reply: prefix + subject, In-Reply-To from its .emlx, the same Mail conversation
    assert reply["extra"]["subject"] == "Re: Friday" and reply["extra"]["subject_prefix"] == "Re: "
    assert reply["extra"]["in_reply_to"] == first["extra"]["message_id"] == "<ios1.7919@mail.example.net>"
    assert reply["conversation_id"] == first["conversation_id"] == "7001"
    assert reply["extra"]["mailbox"] == "Sent Messages" and reply["extra"]["mailbox_url"].endswith("/Sent%20Messages")
    assert reply["extra"]["body_source"] == "emlx" and reply["body"] == "Yes. Bring the keys.\n"


def test_summary_flags_deleted_and_fallback_time(parse):
    ev = _envelope(parse(SAMPLE))
    shop = ev["messages:ROWID=3"]
    assert shop["extra"]["body_source"] == "summary" and shop["body"].endswith("https://shop.example.com/t/5521")
    assert (shop["extra"]["read"], shop["extra"]["flagged"]) == (0, 1) and "emlx_path" not in shop["extra"]
    gone = ev["messages:ROWID=4"]
    assert gone["deleted"] is True and gone["extra"]["mailbox"] == "Deleted Messages"
    assert gone["conversation_id"] == gone["extra"]["message_id"]  # conversation_id 0: the message's own id
    assert gone["sender_name"] is None
    late = ev["messages:ROWID=5"]  # no date_sent: the time received
    assert late["timestamp_desc"] == "Received Time" and late["timestamp_raw"] == late["extra"]["date_received_raw"]
    assert late["extra"]["emlx_path"].endswith("/5.partial.emlx")
    [att] = late["attachments"]
    assert att["name"] == "invoice-5.pdf" and att["size"] == 103
    assert att["sha256"] == hashlib.sha256(b"%PDF-1.4\n% generated sample attachment\n" + bytes(range(64))).hexdigest()


def _copy(tmp_path):
    root = tmp_path / "x"
    shutil.copytree(SAMPLE, root)
    return root


def test_without_the_protected_index_one_warning(parse, tmp_path):
    root = _copy(tmp_path)
    (root / PROTECTED_DB).unlink()
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == 8
    [w] = tl.warnings
    assert "Envelope Index" in w["source_path"] and "subjects, addresses, summaries" in w["message"]
    ev = _envelope(tl)
    assert ev["messages:ROWID=3"]["sender"] is None and ev["messages:ROWID=3"]["body"] is None
    # the .emlx still gives the body of a message that has one
    assert ev["messages:ROWID=1"]["body"].startswith("Are we still on")


def test_tables_in_the_envelope_index_itself(parse, tmp_path):
    """A store that keeps subjects, addresses and summaries in the Envelope Index (as Mail on macOS does, and iOS
    before the split) reads them there, with no warning."""
    root = _copy(tmp_path)
    con = sqlite3.connect(root / DB)
    con.execute("ATTACH DATABASE ? AS pi", (str(root / PROTECTED_DB),))
    for table in ("addresses", "subjects", "summaries"):
        con.execute(f"CREATE TABLE main.{table} AS SELECT * FROM pi.{table}")
    con.commit()
    con.close()
    (root / PROTECTED_DB).unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    reference = _envelope(parse(SAMPLE))
    for locator, event in _envelope(tl).items():
        assert {k: event[k] for k in ("sender", "recipients", "body", "conversation_name")} == \
            {k: reference[locator][k] for k in ("sender", "recipients", "body", "conversation_name")}


def test_missing_mailboxes_is_an_unknown_schema_version(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / DB)
    con.execute("DROP TABLE mailboxes")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and _envelope(tl) == {}
    assert any("mailboxes" in w["message"] and "Envelope Index" in (w["source_path"] or "") for w in tl.warnings)


def test_a_damaged_emlx_is_reported_once_and_the_summary_stands_in(parse, tmp_path):
    root = _copy(tmp_path)
    bad = root / [p for p in EMLX if p.endswith("/1.emlx")][0]
    bad.write_bytes(b"99999\nFrom: x\n")
    tl = parse(root)
    assert tl.exit_code == 3
    first = _envelope(tl)["messages:ROWID=1"]
    assert first["extra"]["body_source"] == "summary" and first["body"] == "Are we still on for Friday?"
    assert first["extra"]["emlx_path"].endswith("/1.emlx") and "shorter" in first["extra"]["emlx_error"]
    [w] = tl.warnings  # once, by the parser of the file itself
    assert w["source_path"].endswith("/1.emlx") and w["parser"] == "apple_mail_emlx"
    assert len(tl.events) == 7


def test_hostile_text_is_capped(parse, tmp_path):
    from artefacts.plugins.ios_mail import MAX_TEXT_CHARS

    root = _copy(tmp_path)
    con = sqlite3.connect(root / PROTECTED_DB)
    con.execute("UPDATE subjects SET subject = ? WHERE subject = 'Friday'",
                ("<script>alert(1)</script>" + "A" * (3 * MAX_TEXT_CHARS),))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0
    subject = _envelope(tl)["messages:ROWID=1"]["extra"]["subject"]
    assert subject.startswith("<script>") and len(subject) == MAX_TEXT_CHARS
