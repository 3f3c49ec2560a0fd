"""Mail files (``plugins/mail_files.py``): a Google Takeout mbox, a loose .eml and an iOS Mail .emlx parse
into exactly the generator's manifest; hostile and damaged input warns once and the run goes on."""

from __future__ import annotations

import hashlib
import json

import pytest

from artefacts.synthetic.mail import EML, IOS_MAIL, TAKEOUT_MBOX, write_mail_sample
from artefacts.synthetic.messengers import expected_events
from conftest import SAMPLE_DATA, assert_events_match, rebuilds_committed_sample

SAMPLE = SAMPLE_DATA / "mail" / "files"


def _by_key(tl):
    return {(e["source_path"], e["source_locator"]): e for e in tl.events}


def _check_manifest(tl, manifest, event_validator):
    expected = expected_events(manifest)
    got = assert_events_match(tl, expected, validator=event_validator)
    for exp in expected:
        e = got[exp["path"], exp["locator"]]
        assert e["kind"] == "email" and e["origin"] == exp["origin"], exp["locator"]
        assert [a["size"] for a in e["attachments"]] == exp["extra"]["attachment_sizes"]
        for key, value in exp["extra"].items():
            if key == "attachment_sizes":
                continue
            if value is None:
                assert key not in e["extra"], key
            else:
                assert e["extra"][key] == value, (exp["locator"], key)


def test_sample_parses_into_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE_DATA / "mail" / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == 6
    _check_manifest(tl, manifest, event_validator)


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "mail", "files", write_mail_sample,
                              [TAKEOUT_MBOX, EML, f"{IOS_MAIL}/1207.emlx"])


def test_specific_messages(parse):
    tl = parse(SAMPLE)
    got = _by_key(tl)
    reply = got[TAKEOUT_MBOX, "message:index=2"]
    # Tue, 05 Mar 2024 19:30:15 -0500 is the next day in UTC; the header stays as written
    assert reply["timestamp"] == "2024-03-06T00:30:15.000000Z"
    assert reply["timestamp_raw"] == "Tue, 05 Mar 2024 19:30:15 -0500"
    assert reply["timestamp_desc"] == "Sent Time" and reply["app"] == "mail" and reply["platform"] == "desktop"
    assert reply["extra"]["x_gmail_labels"] == "Sent" and reply["direction"] == "outgoing"
    assert reply["extra"]["cc"] == ["Shop <orders@shop.example.com>"]
    assert reply["extra"]["from_line"].startswith("1790000000000000001@xxx ")
    anon = got[TAKEOUT_MBOX, "message:index=4"]
    assert anon["extra"]["subject"] == "Schlüssel 🔑"  # an RFC 2047 encoded word in the file, decoded
    assert len(anon["extra"]["received"]) == 2 and anon["extra"]["received"][1].startswith("from [203.0.113.99]")
    assert "dmarc=fail" in anon["extra"]["authentication_results"][0]
    assert anon["body"].startswith("<p>Your code") and anon["extra"]["body_type"] == "text/html"
    invoice = got[TAKEOUT_MBOX, "message:index=3"]
    [att] = invoice["attachments"]
    assert att["name"] == "invoice-2024-117.pdf" and att["mime_type"] == "application/pdf"
    emlx = got[f"{IOS_MAIL}/1207.emlx", "message:index=1"]
    assert emlx["app"] == "ios_mail" and emlx["platform"] == "ios" and emlx["parser"].startswith("apple_mail_emlx/")
    assert emlx["extra"]["emlx"]["date-received"] == 1709888404 and emlx["conversation_id"] == "4471"
    eml = got[EML, "message:index=1"]
    assert eml["origin"] == "device" and eml["conversation_id"] == "<order-5521@shop.example.com>"


def test_threads_without_a_store_id_follow_references(parse, tmp_path):
    root = tmp_path / "x"
    root.mkdir()
    head = b"From: a@example.org\nTo: b@example.org\nDate: Mon, 01 Jan 2024 00:00:00 +0000\n"
    (root / "1.eml").write_bytes(head + b"Message-ID: <root@x>\nSubject: s\n\nhi\n")
    (root / "2.eml").write_bytes(head + b"Message-ID: <r1@x>\nIn-Reply-To: <root@x>\nSubject: Re: s\n\nyo\n")
    (root / "3.eml").write_bytes(head + b"Message-ID: <r2@x>\nIn-Reply-To: <r1@x>\n"
                                        b"References: <root@x> <r1@x>\nSubject: Re: s\n\nok\n")
    tl = parse(root)
    assert tl.warnings == [] and {e["conversation_id"] for e in tl.events} == {"<root@x>"} and len(tl.events) == 3


def test_bad_date_warns_once_and_keeps_the_message(parse, tmp_path):
    root = tmp_path / "x"
    root.mkdir()
    (root / "odd.eml").write_bytes(b"From: a@example.org\nDate: the day after tomorrow\nSubject: s\n\nbody\n")
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("odd.eml") and "Date header" in w["message"]
    [e] = tl.events
    assert e["timestamp"] is None and e["timestamp_raw"] == "the day after tomorrow" and e["body"] == "body\n"


def test_minus_zero_zone_and_zone_names_are_utc():
    from artefacts.plugins.mail_files import date_seconds

    assert date_seconds("Mon, 01 Jan 2024 12:00:00 -0000") == (1704110400, "-0000")
    assert date_seconds("Mon, 01 Jan 2024 12:00:00 GMT") == (1704110400, None)
    assert date_seconds("Mon, 01 Jan 2024 12:00:00 +0530 (IST)") == (1704110400 - 19800, "+0530")
    with pytest.raises(ValueError):
        date_seconds("yesterday")


def test_oversized_mbox_message_is_cut_with_one_warning(parse, tmp_path, monkeypatch):
    from artefacts.plugins import mail_files

    monkeypatch.setattr(mail_files, "MAX_MESSAGE_BYTES", 200)
    root = tmp_path / "x"
    root.mkdir()
    big = b"From: a@example.org\nSubject: big\n\n" + b"A" * 70 + b"\n" + b"B" * 70 + b"\n" + b"C" * 70 + b"\n"
    small = b"From: b@example.org\nSubject: small\n\nfine\n"
    (root / "box.mbox").write_bytes(b"From x Mon Jan  1 00:00:00 2024\n" + big + b"\nFrom y Mon Jan  1 00:00:00 2024\n"
                                    + small)
    (root / "other.mbox").write_bytes(b"From z Mon Jan  1 00:00:00 2024\n" + small)  # a file of its own: no warning
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == 3
    [w] = [w for w in tl.warnings if w["source_path"].endswith("box.mbox")]
    assert "larger than 200 bytes" in w["message"] and len(tl.warnings) == 1
    box = {e["source_locator"]: e for e in tl.events if e["source_path"].endswith("box.mbox")}
    first = box["message:index=1"]
    assert first["body"] == "A" * 70 + "\n" + "B" * 70 + "\n" and first["extra"]["truncated_at_bytes"] == 200
    assert box["message:index=2"]["body"] == "fine\n"


def test_damaged_emlx_warns_once(parse, tmp_path):
    src = SAMPLE / IOS_MAIL / "1207.emlx"
    root = tmp_path / "x"
    dest = root / IOS_MAIL / "1207.emlx"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(src.read_bytes()[:-40])  # the property list cut short
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["source_path"].endswith("1207.emlx") and "emlx" in w["message"]


def test_other_files_are_not_claimed(parse, tmp_path):
    root = tmp_path / "x"
    root.mkdir()
    (root / "photo.eml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / "notes.mbox").write_bytes(b"just some text\n")
    tl = parse(root)
    assert tl.events == [] and tl.warnings == []


def test_hostile_parts_are_capped(parse, tmp_path, monkeypatch):
    from artefacts.plugins import mail_files

    monkeypatch.setattr(mail_files, "MAX_PARTS", 5)
    monkeypatch.setattr(mail_files, "MAX_BODY_CHARS", 10)
    parts = b"".join(b"--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
                     b"filename=f%d.bin\n\nxx\n" % i for i in range(10))
    msg = (b"From: a@example.org\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           b"--b\nContent-Type: text/plain\n\n" + b"0123456789abcdef\n" + parts + b"--b--\n")
    root = tmp_path / "x"
    root.mkdir()
    (root / "m.eml").write_bytes(msg)
    tl = parse(root)
    [e] = tl.events
    assert e["body"] == "0123456789" and e["extra"]["body_truncated"] is True and e["extra"]["body_chars"] == 16  # the newline before a boundary is the boundary's
    assert [a["name"] for a in e["attachments"]] == ["f0.bin", "f1.bin", "f2.bin"]
    assert all(a["sha256"] == hashlib.sha256(b"xx").hexdigest() for a in e["attachments"])
    [w] = tl.warnings
    assert "MIME parts" in w["message"]
