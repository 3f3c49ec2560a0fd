"""Apple call history parser on CallHistory.storedata files built from the real iOS 11.2 DDL."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DDL = REPO / "artefacts" / "synthetic" / "ddl" / "ios_callhistory.sql"
PARSERS = ["ios_calls"]
COCOA_EPOCH = datetime(2001, 1, 1)


def _iso(cocoa_seconds: float) -> str:
    """Independent conversion for the expected values (float seconds since 2001, to µs)."""
    return (COCOA_EPOCH + timedelta(seconds=cocoa_seconds)).isoformat(timespec="microseconds") + "Z"


# Z_PK, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED, ZCALLTYPE, ZADDRESS, ZNAME, ZSERVICE_PROVIDER, ZDISCONNECTED_CAUSE
CALLS = [
    (1, 605_000_000.25, 65.5, 0, 1, 1, b"+15550001111", "Alice", "com.apple.Telephony", 0),
    (2, 605_000_600.0, 0.0, 0, 0, 1, b"+15550002222", None, "com.apple.Telephony", None),
    (3, 605_001_200.5, 125.0, 1, 1, 1, b"+15550003333", "Bob", "com.apple.Telephony", 0),
    (4, 605_001_800.0, 30.0, 0, 1, 8, "friend@example.com", None, "com.apple.FaceTime", 0),
    (5, 605_002_400.0, 12.0, 1, 1, 16, b"friend@example.com", None, "com.apple.FaceTime", 0),
    (6, 605_003_000.0, 0.0, 0, 0, 1, b"+15550004444", None, "com.apple.Telephony", 6),
]


def _build(root: Path, rows=CALLS) -> Path:
    if not DDL.exists():
        pytest.skip(f"DDL not available: {DDL}")
    db = root / "private" / "var" / "mobile" / "Library" / "CallHistoryDB" / "CallHistory.storedata"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.executescript(DDL.read_text(encoding="utf-8"))
    con.executemany(
        "INSERT INTO ZCALLRECORD (Z_PK, Z_ENT, Z_OPT, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED, ZCALLTYPE, ZADDRESS, "
        "ZNAME, ZSERVICE_PROVIDER, ZDISCONNECTED_CAUSE, ZISO_COUNTRY_CODE, ZLOCATION, ZREAD, ZUNIQUE_ID) "
        "VALUES (?, 2, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'us', 'California', 1, ?)",
        [r + (f"UID-{r[0]:04d}",) for r in rows],
    )
    con.commit()
    con.close()
    return db


@pytest.fixture
def calls(parse, tmp_path):
    _build(tmp_path / "ext")
    return parse(tmp_path / "ext", parsers=PARSERS)


def test_every_call_is_an_event_that_validates(calls, event_validator):
    assert calls.exit_code == 0 and calls.warnings == []
    assert len(calls.events) == len(CALLS)
    for ev in calls.events:
        event_validator.validate(ev)
        assert ev["kind"] == "call" and ev["platform"] == "ios" and ev["timestamp_desc"] == "Call Start Time"
        assert ev["source_path"] == "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata"


def test_incoming_answered_phone_call(calls):
    ev = calls.by_locator("ZCALLRECORD:Z_PK=1")
    assert ev["timestamp"] == _iso(605_000_000.25) == "2020-03-04T07:33:20.250000Z"
    assert ev["timestamp_raw"] == 605_000_000.25
    assert ev["app"] == "phone" and ev["direction"] == "incoming" and ev["status"] == "answered"
    assert ev["sender"] == "+15550001111" and ev["sender_name"] == "Alice"  # BLOB address decoded as UTF-8
    assert ev["recipients"] == [] and ev["conversation_id"] == "+15550001111"
    assert ev["body"] == "Phone call, answered, 1 min 5 s"
    x = ev["extra"]
    assert x["duration_s"] == 65.5 and x["answered"] is True and x["call_type"] == 1 and x["video"] is False
    assert x["end_time"] == _iso(605_000_000.25 + 65.5)
    assert x["service_provider"] == "com.apple.Telephony" and x["iso_country_code"] == "us"
    assert x["location"] == "California" and x["unique_id"] == "UID-0001" and x["disconnected_cause_label"] == "ended"


def test_missed_rejected_and_outgoing(calls):
    missed = calls.by_locator("ZCALLRECORD:Z_PK=2")
    assert missed["status"] == "missed" and missed["direction"] == "incoming" and missed["body"] == "Phone call, missed"
    rejected = calls.by_locator("ZCALLRECORD:Z_PK=6")
    assert rejected["status"] == "rejected" and rejected["extra"]["disconnected_cause"] == 6
    out = calls.by_locator("ZCALLRECORD:Z_PK=3")
    assert out["direction"] == "outgoing" and out["status"] == "outgoing"
    assert out["sender"] is None and out["sender_name"] is None and out["recipients"] == ["+15550003333"]
    assert out["conversation_name"] == "Bob" and out["body"] == "Phone call, outgoing, 2 min 5 s"
    assert out["timestamp"] == _iso(605_001_200.5)


def test_facetime_calls(calls):
    video = calls.by_locator("ZCALLRECORD:Z_PK=4")
    assert video["app"] == "facetime" and video["extra"]["video"] is True
    assert video["sender"] == "friend@example.com"  # ZADDRESS stored as TEXT
    assert video["body"] == "FaceTime video call, answered, 30 s"
    audio = calls.by_locator("ZCALLRECORD:Z_PK=5")
    assert audio["app"] == "facetime" and audio["extra"]["video"] is False and audio["direction"] == "outgoing"
    assert audio["recipients"] == ["friend@example.com"] and audio["extra"]["call_type_label"] == "FaceTime audio call"


def test_bad_date_is_kept_with_a_warning(parse, tmp_path):
    rows = [CALLS[0], (7, float("1e300"), 1.0, 0, 1, 1, b"+15550009999", None, "com.apple.Telephony", 0)]
    _build(tmp_path / "ext", rows)
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert len(tl.events) == 2 and tl.exit_code == 3
    bad = tl.by_locator("ZCALLRECORD:Z_PK=7")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == 1e300
    assert {w["locator"] for w in tl.warnings} == {"ZCALLRECORD:Z_PK=7"}


def test_other_database_is_not_applicable(parse, tmp_path):
    """A single file without ZCALLRECORD is left alone (no events, no warnings)."""
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE ZOTHER (Z_PK INTEGER PRIMARY KEY, ZDATE TIMESTAMP)")
    con.commit()
    con.close()
    tl = parse(db, parsers=PARSERS)
    assert tl.events == [] and [w for w in tl.warnings if w["parser"] == "ios_calls"] == []


def test_parser_is_registered():
    from artefacts.registry import load_registry

    reg = load_registry()
    desc = reg.parsers["ios_calls"].describe()
    assert desc["time_units"] == {"ZCALLRECORD.ZDATE": "cocoa_s"}
    assert "**/Library/CallHistoryDB/CallHistory.storedata" in desc["path_globs"]
