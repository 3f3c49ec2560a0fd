"""Apple Messages parser: plaso's real chat.db, mvt's real sms.db, and sms.db files built from real DDL."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from artefacts.timeconv import COCOA_EPOCH_OFFSET_S, format_us, parse_iso
from artefacts.plugins.ios_messages import decide_date_unit
from test_typedstream import PLASO_ROW3, PLASO_ROW3_TEXT

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PARSERS = ["ios_messages"]


def _corpus(*parts: str) -> Path:
    path = SHARED.joinpath("corpus", *parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def _ddl(name: str) -> str:
    """Real DDL: the project's copy in artefacts/synthetic/ddl, else the shared reference notes."""
    for folder in (REPO / "artefacts" / "synthetic" / "ddl", SHARED / "reference" / "ddl"):
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    pytest.skip(f"DDL {name} not available")


def _expected(name: str) -> dict:
    data = json.loads(_corpus("plaso", "expected.json").read_text(encoding="utf-8"))
    return next(d for d in data["databases"] if d["file"] == name)


def cocoa_ns(iso: str) -> int:
    """Nanoseconds since 2001-01-01 for a timeline timestamp."""
    return (parse_iso(iso) - COCOA_EPOCH_OFFSET_S * 1_000_000) * 1000


def _schema_of(ddl: str) -> dict[str, set[str]]:
    con = sqlite3.connect(":memory:")
    con.executescript(ddl)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t.lower(): {r[1].lower() for r in con.execute(f'PRAGMA table_info("{t}")')} for t in tables}


# -- real data -------------------------------------------------------------------------------


def test_plaso_chat_db_ten_messages_no_warnings(parse, event_validator):
    tl = parse(_corpus("plaso", "imessage_chat.db"), parsers=PARSERS)
    assert tl.exit_code == 0
    assert tl.warnings == []
    assert len(tl.events) == 10
    ev = tl.by_locator("message:ROWID=8")
    assert ev["body"] == "Did you try to send me a message?"
    assert ev["timestamp"] == "2015-11-30T10:48:40.000000Z"
    assert ev["timestamp_raw"] == 470573320
    assert ev["direction"] == "incoming"
    assert ev["sender"] == "xxxxxx2015@icloud.com"
    assert ev["extra"]["service"] == "iMessage"
    assert ev["app"] == "imessage" and ev["platform"] == "ios" and ev["kind"] == "message"
    assert ev["status"] == "read"
    assert ev["conversation_id"] == "jondoh2015@icloud.com"  # chat 2 (chat_message_join), as stored
    assert ev["source_sha256"] == "2931db3b556e33728867726f5bfd56464c4c2955cbe2e795660bda2ad631127d"
    for event in tl.events:
        event_validator.validate(event)
        assert event["extra"]["time_unit"] == "cocoa_s"
        assert event["extra"]["client_version"] == "9005"


def test_plaso_chat_db_every_message_as_expected(parse):
    expected = _expected("imessage_chat.db")["expected"]["messages"]
    tl = parse(_corpus("plaso", "imessage_chat.db"), parsers=PARSERS)
    assert len(expected) == len(tl.events) == 10
    for exp in expected:
        ev = tl.by_locator(f"message:ROWID={exp['row_id']}")
        assert ev["timestamp"] == format_us(exp["timestamp_us"])
        assert ev["timestamp"][:19] == exp["timestamp_iso"][:19]
        assert ev["body"] == exp["body"]
        assert ev["direction"] == exp["direction"]
        counterpart = ev["sender"] if ev["direction"] == "incoming" else ev["recipients"][0]
        assert counterpart == exp["address"]
        assert ev["extra"]["service"] == exp["service"]
        assert ev["extra"]["is_read"] == exp["is_read"]
        assert ev["attachments"] == []  # the one attachment row belongs to a deleted message (21)


def test_plaso_text_and_attributed_body_disagree_on_two_rows(parse):
    """Real data: in plaso's file ``text`` of ROWID 6 and 10 says "Open Office", the archived string "Microsoft Office"."""
    tl = parse(_corpus("plaso", "imessage_chat.db"), parsers=PARSERS)
    differing = sorted(e["source_locator"] for e in tl.events if e["extra"].get("attributed_body_differs"))
    assert differing == ["message:ROWID=10", "message:ROWID=6"]
    ev = tl.by_locator("message:ROWID=10")
    assert "Open Office" in ev["body"] and ev["extra"]["body_source"] == "text"
    assert "Microsoft Office" in ev["extra"]["attributed_body_text"]
    link = tl.by_locator("message:ROWID=1")["extra"]["attributed_body_keys"]
    assert "__kIMLinkAttributeName" in link


def test_mvt_sms_db_one_message_in_nanoseconds(parse, event_validator):
    path = _corpus("other", "mvt", "ios_backup", "3d", "3d0d7e5fb2ce288813306e4d4636395e047a3d28")
    tl = parse(path, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == 1
    ev = tl.events[0]
    event_validator.validate(ev)
    assert ev["timestamp_raw"] == 588813210539788032
    assert ev["timestamp"] == "2019-08-29T23:13:30.539788Z"
    assert ev["extra"]["time_unit"] == "cocoa_ns"
    assert ev["extra"]["date_read_time"] == "2019-08-29T23:13:30.539900Z"
    assert ev["body"] == "Please click here https://badbadbad.example.org/"
    assert ev["sender"] == "apple" and ev["direction"] == "incoming"
    assert ev["conversation_id"] is None  # this copy has only the handle and message tables


# -- the date unit rule ----------------------------------------------------------------------


def test_date_unit_from_real_schemas():
    old = decide_date_unit(_schema_of(_ddl("apple_messages_chat_db_2015.sql")))
    assert old.unit.name == "cocoa_s" and not old.ambiguous
    new = decide_date_unit(_schema_of(_ddl("ios_sms_db_2020.sql")))
    assert new.unit.name == "cocoa_ns" and not new.ambiguous
    assert "chat_message_join.message_date" in new.evidence and "table kvtable" in new.evidence
    mvt = decide_date_unit(_schema_of(_ddl("ios_sms_db.sql")))  # handle + message only
    assert mvt.unit.name == "cocoa_ns" and not mvt.ambiguous


def test_partial_markers_warn_once_and_assume_nanoseconds(parse, tmp_path):
    db = tmp_path / "ext" / "mobile" / "Library" / "SMS" / "sms.db"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.executescript(_ddl("apple_messages_chat_db_2015.sql"))
    con.execute("ALTER TABLE message ADD COLUMN ck_sync_state INTEGER DEFAULT 0")
    con.execute("INSERT INTO handle (ROWID, id, service) VALUES (1, '+15550001111', 'iMessage')")
    for rowid in (1, 2):
        con.execute(
            "INSERT INTO message (ROWID, guid, text, handle_id, service, date, is_from_me) VALUES (?, ?, 'hi', 1, 'iMessage', ?, 0)",
            (rowid, f"G-{rowid}", cocoa_ns("2018-05-01T12:00:00.000000Z")),
        )
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert len(tl.events) == 2
    assert len(tl.warnings) == 1
    assert "only partly present" in tl.warnings[0]["message"] and "assumed Cocoa nanoseconds" in tl.warnings[0]["message"]
    assert tl.warnings[0]["locator"] is None
    assert all(e["timestamp"] == "2018-05-01T12:00:00.000000Z" for e in tl.events)


# -- a generated iOS 13 sms.db ---------------------------------------------------------------

T0 = "2020-03-14T15:09:26.535897Z"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64))


def _build_ios13(root: Path) -> Path:
    """An extraction with sms.db (real iOS 13 DDL) and one attachment file present."""
    sms = root / "private" / "var" / "mobile" / "Library" / "SMS"
    att_dir = sms / "Attachments" / "ab" / "11" / "0F1E2D3C-AAAA-BBBB-CCCC-000000000001"
    att_dir.mkdir(parents=True)
    (att_dir / "IMG_0001.jpeg").write_bytes(JPEG)
    db = sms / "sms.db"
    con = sqlite3.connect(db)
    con.executescript(_ddl("ios_sms_db_2020.sql"))
    con.executemany(
        "INSERT INTO handle (ROWID, id, country, service) VALUES (?, ?, 'us', ?)",
        [(1, "+15550001111", "iMessage"), (2, "+15550002222", "iMessage"), (3, "friend@example.com", "iMessage"),
         (4, "+15550003333", "SMS")],
    )
    con.executemany(
        "INSERT INTO chat (ROWID, guid, style, chat_identifier, service_name, room_name, display_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(1, "iMessage;+;chat123456", None, "chat123456", "iMessage", "chat123456", "Climbing crew"),
         (2, "SMS;-;+15550003333", 45, "+15550003333", "SMS", None, "")],
    )
    con.executemany("INSERT INTO chat_handle_join (chat_id, handle_id) VALUES (?, ?)", [(1, 1), (1, 2), (1, 3), (2, 4)])
    t = cocoa_ns(T0)
    s = 1_000_000_000
    cols = (
        "ROWID, guid, text, attributedBody, handle_id, other_handle, service, account, date, date_read, date_delivered, "
        "is_from_me, is_sent, is_delivered, is_read, error, item_type, group_title, group_action_type, "
        "associated_message_guid, associated_message_type, is_audio_message"
    )
    rows = [
        # ROWID guid text attributedBody handle other service account date date_read date_delivered
        #   from_me sent delivered read error item_type group_title group_action assoc_guid assoc_type audio
        (1, "MSG-1", "Who's in for Saturday?", None, 1, 0, "iMessage", "p:+15559990000", t, t + 60 * s, 0,
         0, 0, 0, 1, 0, 0, None, 0, None, 0, 0),
        (2, "MSG-2", "Me!", None, 0, 0, "iMessage", "p:+15559990000", t + 120 * s, 0, t + 121 * s,
         1, 1, 1, 0, 0, 0, None, 0, None, 0, 0),
        (3, "MSG-3", None, PLASO_ROW3, 2, 0, "iMessage", "p:+15559990000", t + 180 * s, 0, 0,
         0, 0, 0, 0, 0, 0, None, 0, None, 0, 0),
        (4, "MSG-4", "Liked \u201cMe!\u201d", None, 1, 0, "iMessage", "p:+15559990000", t + 240 * s, 0, 0,
         0, 0, 0, 1, 0, 0, None, 0, "p:0/MSG-2", 2001, 0),
        (5, "MSG-5", None, None, 0, 0, "iMessage", "p:+15559990000", t + 300 * s, 0, 0,
         1, 1, 0, 0, 0, 2, "Crag crew", 0, None, 0, 0),
        (6, "MSG-6", None, None, 1, 3, "iMessage", "p:+15559990000", t + 360 * s, 0, 0,
         0, 0, 0, 1, 0, 1, None, 0, None, 0, 0),
        (7, "MSG-7", "\ufffc", None, 4, 0, "SMS", "P:+15559990000", t + 420 * s, t + 425 * s, 0,
         0, 0, 0, 1, 0, 0, None, 0, None, 0, 0),
        (8, "MSG-8", "\ufffcHere is the video", None, 0, 0, "SMS", "P:+15559990000", t + 480 * s, 0, 0,
         1, 1, 0, 0, 0, 0, None, 0, None, 0, 0),
        (9, "MSG-9", "Did this go?", None, 1, 0, "iMessage", "p:+15559990000", t + 540 * s, 0, 0,
         1, 0, 0, 0, 22, 0, None, 0, None, 0, 0),
        (10, "MSG-10", "bad date", None, 1, 0, "iMessage", "p:+15559990000", 1e25, 0, 0,
         0, 0, 0, 0, 0, 0, None, 0, None, 0, 1),
    ]
    con.executemany(f"INSERT INTO message ({cols}) VALUES ({', '.join('?' * len(rows[0]))})", rows)
    con.executemany(
        "INSERT INTO chat_message_join (chat_id, message_id, message_date) VALUES (?, ?, ?)",
        [(1, m, t) for m in (1, 2, 3, 4, 5, 6, 9, 10)] + [(2, 7, t), (2, 8, t)],
    )
    con.executemany(
        "INSERT INTO attachment (ROWID, guid, original_guid, created_date, filename, uti, mime_type, transfer_name, "
        "total_bytes, is_outgoing, transfer_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 5)",
        [
            (1, "AT-1", "AT-1", t + 419 * s,
             "~/Library/SMS/Attachments/ab/11/0F1E2D3C-AAAA-BBBB-CCCC-000000000001/IMG_0001.jpeg",
             "public.jpeg", "image/jpeg", "IMG_0001.jpeg", 999, 0),
            (2, "AT-2", "AT-2", t + 479 * s,
             "~/Library/SMS/Attachments/cd/12/0F1E2D3C-AAAA-BBBB-CCCC-000000000002/trip_video_4417.mov",
             "com.apple.quicktime-movie", "video/quicktime", "trip_video_4417.mov", 123456, 1),
        ],
    )
    con.executemany("INSERT INTO message_attachment_join (message_id, attachment_id) VALUES (?, ?)", [(7, 1), (8, 2)])
    con.commit()
    con.close()
    return db


@pytest.fixture
def ios13(parse, tmp_path):
    _build_ios13(tmp_path / "ext")
    return parse(tmp_path / "ext", parsers=PARSERS)


def _iso_plus(seconds: int) -> str:
    return format_us(parse_iso(T0) + seconds * 1_000_000)


def test_generated_all_rows_become_events_and_validate(ios13, event_validator):
    assert len(ios13.events) == 10
    for ev in ios13.events:
        event_validator.validate(ev)
        assert ev["extra"]["time_unit"] == "cocoa_ns"
        assert ev["source_path"] == "private/var/mobile/Library/SMS/sms.db"


def test_generated_out_of_range_date_is_kept_with_one_warning(ios13):
    bad = ios13.by_locator("message:ROWID=10")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == 1e25
    assert bad["body"] == "bad date" and bad["extra"]["is_audio_message"] == 1
    assert ios13.exit_code == 3
    assert len(ios13.warnings) == 1
    assert ios13.warnings[0]["locator"] == "message:ROWID=10" and "message.date" in ios13.warnings[0]["message"]
    src = next(s for s in ios13.sources if s["path"].endswith("sms.db"))
    assert src["status"] == "partial" and src["warnings"] == 1 and src["events"] == 10


def test_generated_group_incoming_and_outgoing(ios13):
    first = ios13.by_locator("message:ROWID=1")
    assert first["timestamp"] == T0 and first["timestamp_desc"] == "Received Time"
    assert first["direction"] == "incoming" and first["sender"] == "+15550001111"
    assert first["recipients"] == ["+15550002222", "friend@example.com"]
    assert first["conversation_id"] == "chat123456" and first["conversation_name"] == "Climbing crew"
    assert first["status"] == "read"
    assert first["extra"]["date_read_time"] == _iso_plus(60)
    assert first["extra"]["date_read_raw"] == cocoa_ns(T0) + 60 * 10**9
    assert "date_delivered_time" not in first["extra"]  # 0 = not set
    mine = ios13.by_locator("message:ROWID=2")
    assert mine["direction"] == "outgoing" and mine["sender"] is None and mine["timestamp_desc"] == "Sent Time"
    assert mine["recipients"] == ["+15550001111", "+15550002222", "friend@example.com"]
    assert mine["status"] == "delivered" and mine["extra"]["date_delivered_time"] == _iso_plus(121)
    failed = ios13.by_locator("message:ROWID=9")
    assert failed["status"] == "failed" and failed["extra"]["error"] == 22


def test_generated_attributed_body_only_message(ios13):
    ev = ios13.by_locator("message:ROWID=3")
    assert ev["body"] == PLASO_ROW3_TEXT
    assert ev["extra"]["body_source"] == "attributedBody"
    assert ev["extra"]["attributed_body_keys"] == ["__kIMMessagePartAttributeName"]
    assert ev["sender"] == "+15550002222"


def test_generated_tapback_and_group_events(ios13):
    tap = ios13.by_locator("message:ROWID=4")
    assert tap["kind"] == "reaction"
    assert tap["extra"]["tapback"] == "liked" and tap["extra"]["tapback_action"] == "added"
    assert tap["extra"]["tapback_target_guid"] == "MSG-2" and tap["extra"]["tapback_target_part"] == 0
    assert tap["extra"]["associated_message_type"] == 2001
    rename = ios13.by_locator("message:ROWID=5")
    assert rename["kind"] == "system" and rename["body"] == "renamed the group to 'Crag crew'"
    assert rename["extra"]["group_title"] == "Crag crew" and rename["status"] is None
    added = ios13.by_locator("message:ROWID=6")
    assert added["kind"] == "system" and added["body"] == "added friend@example.com to the group"
    assert added["extra"]["other_handle_address"] == "friend@example.com"


def test_generated_sms_and_attachments(ios13):
    present = ios13.by_locator("message:ROWID=7")
    assert present["app"] == "sms" and present["extra"]["service"] == "SMS"
    assert present["conversation_id"] == "+15550003333" and present["conversation_name"] == "+15550003333"
    [att] = present["attachments"]
    assert att["path"] == "private/var/mobile/Library/SMS/Attachments/ab/11/0F1E2D3C-AAAA-BBBB-CCCC-000000000001/IMG_0001.jpeg"
    assert att["sha256"] == hashlib.sha256(JPEG).hexdigest()
    assert att["size"] == len(JPEG)  # the file's size, not total_bytes
    assert att["name"] == "IMG_0001.jpeg" and att["mime_type"] == "image/jpeg"
    assert present["extra"]["attachment_info"][0]["created_date_time"] == _iso_plus(419)
    assert any(s["path"] == att["path"] and s["sha256"] == att["sha256"] for s in ios13.sources)

    missing = ios13.by_locator("message:ROWID=8")
    assert missing["app"] == "sms" and missing["direction"] == "outgoing" and missing["status"] == "sent"
    assert missing["recipients"] == ["+15550003333"]
    [gone] = missing["attachments"]
    assert gone["sha256"] is None and gone["size"] == 123456
    assert gone["path"] == "~/Library/SMS/Attachments/cd/12/0F1E2D3C-AAAA-BBBB-CCCC-000000000002/trip_video_4417.mov"
    imessage = ios13.by_locator("message:ROWID=1")
    assert imessage["app"] == "imessage"


def test_undecodable_attributed_body_keeps_the_row(parse, tmp_path):
    db = _build_ios13(tmp_path / "ext")
    con = sqlite3.connect(db)
    con.execute("UPDATE message SET attributedBody = ? WHERE ROWID = 3", (PLASO_ROW3[:120],))
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert len(tl.events) == 10
    ev = tl.by_locator("message:ROWID=3")
    assert ev["body"] is None and ev["extra"]["body_source"] is None
    assert "truncated" in ev["extra"]["attributed_body_error"]
    assert {w["locator"] for w in tl.warnings} == {"message:ROWID=3", "message:ROWID=10"}
    assert any("attributedBody could not be decoded" in w["message"] for w in tl.warnings)


def test_later_columns_and_recently_deleted_when_present(parse, tmp_path):
    """iOS 16 additions read when they exist: date_edited/date_retracted (imessage-exporter reads
    ``date_edited``; ``date_retracted`` is the unsend time) and ``chat_recoverable_message_join``
    (imessage-exporter joins it on ``message_id`` and reads ``chat_id``: "Recently Deleted").
    The real iOS 13 DDL has none of them; only the columns those sources name are added here."""
    db = _build_ios13(tmp_path / "ext")
    t = cocoa_ns(T0)
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE message ADD COLUMN date_edited INTEGER DEFAULT 0")
    con.execute("ALTER TABLE message ADD COLUMN date_retracted INTEGER DEFAULT 0")
    con.execute("CREATE TABLE chat_recoverable_message_join (chat_id INTEGER, message_id INTEGER)")
    con.execute("UPDATE message SET date_edited = ? WHERE ROWID = 2", (t + 130 * 10**9,))
    con.execute("UPDATE message SET date_retracted = ? WHERE ROWID = 9", (t + 600 * 10**9,))
    con.execute("INSERT INTO chat_recoverable_message_join (chat_id, message_id) VALUES (1, 1)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert len(tl.events) == 10
    edited = tl.by_locator("message:ROWID=2")
    assert edited["extra"]["date_edited_time"] == _iso_plus(130) and edited["deleted"] is False
    retracted = tl.by_locator("message:ROWID=9")
    assert retracted["deleted"] is True and retracted["extra"]["date_retracted_time"] == _iso_plus(600)
    recoverable = tl.by_locator("message:ROWID=1")
    assert recoverable["deleted"] is True and recoverable["extra"]["recently_deleted_from_chat"] == [1]
    assert [e["deleted"] for e in tl.events].count(True) == 2


def test_macos_chat_db_path_is_desktop(parse, tmp_path):
    dest = tmp_path / "mac" / "Users" / "ken" / "Library" / "Messages" / "chat.db"
    dest.parent.mkdir(parents=True)
    shutil.copyfile(_corpus("plaso", "imessage_chat.db"), dest)
    tl = parse(tmp_path / "mac", parsers=PARSERS)
    assert len(tl.events) == 10 and tl.warnings == []
    assert {e["platform"] for e in tl.events} == {"desktop"}


def test_parser_is_registered_with_both_units_declared():
    from artefacts.registry import load_registry

    reg = load_registry()
    desc = reg.parsers["ios_messages"].describe()
    assert set(desc["time_units"].values()) == {"cocoa_s", "cocoa_ns"}
    assert "**/Library/SMS/sms.db" in desc["path_globs"]
