"""Android SMS/MMS parser on plaso's real mmssms.db and on generated databases."""

from __future__ import annotations

import json
import sqlite3


from artefacts.timeconv import format_us
from conftest import REPO, corpus_file


def _expected(name: str) -> dict:
    data = json.loads(corpus_file("plaso", "expected.json").read_text())
    return next(d for d in data["databases"] if d["file"] == name)


def test_plaso_mmssms_nine_sms(parse, event_validator):
    path = corpus_file("plaso", "mmssms.db")
    tl = parse(path)
    assert tl.exit_code == 0
    assert tl.warnings == []
    assert len(tl.events) == 9
    first = tl.events[0]
    assert first["body"] == "Yo Fred this is my new number."
    assert first["timestamp"] == "2013-10-29T16:56:28.038000Z"
    assert first["timestamp_raw"] == 1383065788038
    assert first["direction"] == "outgoing"
    assert first["recipients"] == ["1 555-521-5554"]
    assert first["app"] == "sms" and first["platform"] == "android" and first["kind"] == "message"
    assert first["source_sha256"] == "0e2cadfa9d68fb1769c01ceb5d75e4dfc4872dfdde7c6db37b75e896e31e283f"
    assert first["source_locator"] == "sms:_id=1"
    for event in tl.events:
        event_validator.validate(event)


def test_plaso_mmssms_every_message_as_expected(parse):
    expected = _expected("mmssms.db")["expected"]["messages"]
    tl = parse(corpus_file("plaso", "mmssms.db"))
    assert len(expected) == len(tl.events) == 9
    for exp in expected:
        ev = tl.by_locator(f"sms:_id={exp['row_id']}")
        assert ev["timestamp"] == format_us(exp["timestamp_us"])
        assert ev["body"] == exp["body"]
        assert ev["direction"] == exp["direction"]
        counterpart = ev["sender"] if ev["direction"] == "incoming" else ev["recipients"][0]
        assert counterpart == exp["address"]
        assert ev["conversation_id"] == str(exp["thread_id"])
        if exp["date_sent_ms"]:
            assert ev["extra"]["date_sent_raw"] == exp["date_sent_ms"]
        else:
            assert "date_sent_raw" not in ev["extra"]


def test_sms_rows_with_bad_values_are_kept(parse, tmp_path):
    """A row whose time cannot be converted still becomes an event, with a warning."""
    src = corpus_file("plaso", "mmssms.db")
    copy = tmp_path / "ext" / "data" / "data" / "com.android.providers.telephony" / "databases" / "mmssms.db"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(src.read_bytes())
    con = sqlite3.connect(copy)
    con.execute("UPDATE sms SET date = 99999999999999999 WHERE _id = 3")
    con.execute("UPDATE sms SET date = 'yesterday' WHERE _id = 4")
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext")
    assert tl.exit_code == 3
    assert len(tl.events) == 9
    bad = tl.by_locator("sms:_id=3")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == 99999999999999999
    assert tl.by_locator("sms:_id=4")["timestamp_raw"] == "yesterday"
    assert len(tl.warnings) == 2
    assert {w["locator"] for w in tl.warnings} == {"sms:_id=3", "sms:_id=4"}
    assert all(w["source_path"].endswith("databases/mmssms.db") for w in tl.warnings)
    src_rec = next(s for s in tl.sources if s["path"].endswith("mmssms.db"))
    assert src_rec["status"] == "partial" and src_rec["warnings"] == 2


def test_mms_with_parts_and_addresses(parse, tmp_path):
    """MMS: seconds, FROM/TO addresses, text and media parts, attachment found and hashed."""

    root = tmp_path / "ext"
    db = root / "data/data/com.android.providers.telephony/databases/mmssms.db"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    schema = (REPO / "artefacts" / "synthetic" / "ddl" / "android_mmssms.sql").read_text()
    con.executescript("\n".join(l for l in schema.splitlines() if not l.startswith("CREATE TRIGGER")))
    con.execute("INSERT INTO canonical_addresses (_id, address) VALUES (1, '+15550001'), (2, '+15550002')")
    con.execute("INSERT INTO threads (_id, recipient_ids) VALUES (7, '1 2')")
    con.execute("INSERT INTO pdu (_id, thread_id, date, date_sent, msg_box, read, m_type) VALUES (1, 7, 1383066000, 1383065990, 1, 1, 132)")
    con.execute("INSERT INTO pdu (_id, thread_id, date, date_sent, msg_box, read, m_type) VALUES (2, 7, 1383066100, 0, 2, 1, 128)")
    con.executemany(
        "INSERT INTO addr (msg_id, address, type, charset) VALUES (?, ?, ?, 106)",
        [(1, "+15550001", 137), (1, "+15559999", 151), (1, "+15550002", 151),
         (2, "insert-address-token", 137), (2, "+15550001", 151), (2, "+15550002", 130)],
    )
    part_data = "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1383066000_image.jpg"
    con.executemany(
        "INSERT INTO part (mid, seq, ct, name, cl, _data, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(1, -1, "application/smil", None, "smil.xml", None, "<smil/>"),
         (1, 0, "text/plain", None, "text_0.txt", None, "Look 👀 at this"),
         (1, 1, "image/jpeg", "image.jpg", "image.jpg", part_data, None),
         (2, 0, "text/plain", None, "text_0.txt", None, "Nice"),
         (2, 1, "image/jpeg", "missing.jpg", "missing.jpg", "/data/user_de/0/com.android.providers.telephony/app_parts/PART_2.jpg", None)],
    )
    con.commit()
    con.close()
    image = root / "data/user_de/0/com.android.providers.telephony/app_parts/PART_1383066000_image.jpg"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"x" * 100)
    tl = parse(root)
    assert tl.exit_code == 0, tl.warnings
    assert len(tl.events) == 2
    incoming = tl.by_locator("pdu:_id=1")
    assert incoming["timestamp"] == "2013-10-29T17:00:00.000000Z"
    assert incoming["timestamp_desc"] == "Received Time"
    assert incoming["direction"] == "incoming"
    assert incoming["sender"] == "+15550001"
    assert incoming["recipients"] == ["+15559999", "+15550002"]
    assert incoming["body"] == "Look 👀 at this"
    assert incoming["conversation_name"] == "+15550001, +15550002"
    [att] = incoming["attachments"]
    assert att["path"] == "data/user_de/0/com.android.providers.telephony/app_parts/PART_1383066000_image.jpg"
    assert att["mime_type"] == "image/jpeg" and att["size"] == 104
    import hashlib

    assert att["sha256"] == hashlib.sha256(image.read_bytes()).hexdigest()
    assert incoming["extra"]["date_sent_raw"] == 1383065990
    outgoing = tl.by_locator("pdu:_id=2")
    assert outgoing["direction"] == "outgoing" and outgoing["sender"] is None
    assert outgoing["recipients"] == ["+15550001", "+15550002"]
    [missing] = outgoing["attachments"]
    assert missing["sha256"] is None and missing["path"].endswith("PART_2.jpg")
    roles = {s["path"]: s["role"] for s in tl.sources}
    assert roles[att["path"]] == "attachment"


def test_calls_plaso_contacts2(parse, event_validator):
    expected = _expected("contacts2.db")["expected"]["calls"]
    tl = parse(corpus_file("plaso", "contacts2.db"))
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == 3
    for exp in expected:
        ev = tl.by_locator(f"calls:_id={exp['row_id']}")
        event_validator.validate(ev)
        assert ev["kind"] == "call" and ev["timestamp_desc"] == "Call Start Time"
        assert ev["timestamp"] == format_us(exp["start_us"])
        assert ev["extra"]["end_time"] == format_us(exp["start_us"] + exp["duration_s"] * 1_000_000)
        assert ev["extra"]["end_time"][:23] == exp["end_iso"][:23]
        assert ev["extra"]["duration_s"] == exp["duration_s"]
        assert ev["direction"] == exp["direction"]
        assert ev["status"] == exp["call_type_name"].lower()
        assert ev["conversation_id"] == exp["number"] and ev["conversation_name"] == exp["name"]


def _mmssms(tmp_path):
    from artefacts.synthetic.ddl_loader import create

    path = tmp_path / "ext" / "data" / "data" / "com.android.providers.telephony" / "databases" / "mmssms.db"
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    create(con, "android_mmssms.sql", "tables")
    return path, con


def test_samsung_spam_sms_rows_are_messages_marked_as_filtered(parse, tmp_path, event_validator):
    """Samsung's spam_sms: the columns ALEAPP's smsmms.py reads from it with its sms query (ms times)."""
    path, con = _mmssms(tmp_path)
    con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                "(1, 1, '+15550001', 1383065788038, 1, 'hello')")
    con.execute("CREATE TABLE spam_sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, "
                "date INTEGER, date_sent INTEGER, read INTEGER, type INTEGER, body TEXT, service_center TEXT, "
                "error_code INTEGER)")
    con.execute("INSERT INTO spam_sms (_id, thread_id, address, date, date_sent, read, type, body, service_center) "
                "VALUES (1, 7, '+15550999', 1383065799123, 1383065790000, 0, 1, 'cheap pills', '+15550100')")
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=["android_sms"])
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 2
    spam = tl.by_locator("spam_sms:_id=1")
    event_validator.validate(spam)
    assert spam["timestamp"] == "2013-10-29T16:56:39.123000Z" and spam["timestamp_raw"] == 1383065799123
    assert spam["direction"] == "incoming" and spam["sender"] == "+15550999" and spam["body"] == "cheap pills"
    assert spam["extra"]["samsung_spam"] is True and spam["extra"]["service_center"] == "+15550100"
    assert spam["extra"]["date_sent_time"] == "2013-10-29T16:56:30.000000Z"
    assert "samsung_spam" not in tl.by_locator("sms:_id=1")["extra"]


def test_lg_extended_types_on_both_paths(parse, tmp_path):
    """LG's sms.type 7, 8 and 19 (ALEAPP's lgElectronicsExtendedTypes) when the file has LG's lgeSiid column; the
    same statuses with and without the SQL mapping."""
    path, con = _mmssms(tmp_path)
    con.execute("ALTER TABLE sms ADD COLUMN lgeSiid INTEGER")
    for i, box in enumerate((1, 7, 8, 19, 42), 1):
        con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES (?, 1, '+15550001', ?, ?, ?)",
                    (i, 1383065788038 + i, box, f"m{i}"))
    con.commit()
    con.close()
    for sql in (True, False):
        tl = parse(tmp_path / "ext", parsers=["android_sms"], sql_mapping=sql)
        got = {e["source_locator"]: (e["status"], e["direction"]) for e in tl.events}
        assert got == {"sms:_id=1": ("received", "incoming"), "sms:_id=2": ("blocked", None),
                       "sms:_id=3": ("scheduled", None), "sms:_id=4": ("broadcast alert", None),
                       "sms:_id=5": ("type 42", None)}, sql
