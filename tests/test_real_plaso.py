"""Differential tests on plaso's real test databases (``corpus/plaso``), row by row.

For every plaso file a parser of this project claims, the host runs as a user would (the file
given alone, or its folder as an extraction) and every event is compared with plaso's own
asserted values (``plaso_test``), plaso's run (``plaso_run``) and the full message and call lists
of ``expected.json`` (``expected``). Every difference is explained in ``docs/differences.md``,
section "plaso test databases".
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timezone

import pytest

from conftest import claimed, corpus_file, iso_from_us

#: the plaso files a parser of this project claims, each compared below
COMPARED = {
    "mmssms.db": ["android_sms"],
    "contacts2.db": ["android_calls"],
    "imessage_chat.db": ["ios_messages"],
    "derived/mmssms_wal/mmssms.db": ["android_sms"],
    # compared row by row in test_real_plaso_chat_apps.py
    "kik.sqlite": ["kik_ios"],
    "skype_main.db": ["skype_desktop"],
    "babel.db": ["hangouts"],
    "IMODb2.sqlite": ["imo_ios"],
    # compared in test_real_plaso_messengers.py
    "tango_android_tc.db": ["tango_android"],
    "tango_profile.db": ["tango_android_profiles"],
    "viber_data": ["viber_android"],
    "twitter_android.db": ["twitter_android"],
    "twitter_ios.db": ["twitter_ios"],
    "burners.sqlite": ["burner_android"],
    # compared in test_real_discord.py
    "23AAD8D4-D632-4F99-8E44-152AAB8FA9D6": ["discord_ios"],
    # compared in test_real_instagram.py
    "9368974384.db": ["instagram_ios"],
    # compared in test_real_chrome.py
    "chrome/History-57.0.2987.133": ["chromium_history"],
    "chrome/History-58.0.3029.96": ["chromium_history"],
    "chrome/History-59.0.3071.86": ["chromium_history"],
    # compared in test_real_webview.py
    "webview.db": ["android_webview"],
    "webviewCache.db": ["android_webviewcache"],
}
#: claimed given alone but not in the folder run: their parsers' path globs name the app's folder
#: (``Library/SMS``, ``Skype/<name>``, ``com.google.android.talk``), or their names there are not the
#: apps' own (``tc.db``, ``viber_data`` in ``com.viber.voip/databases``, ...)
NOT_IN_FOLDER = {"imessage_chat.db", "skype_main.db", "babel.db", "tango_android_tc.db", "tango_profile.db",
                 "viber_data", "twitter_android.db", "twitter_ios.db", "burners.sqlite",
                 "23AAD8D4-D632-4F99-8E44-152AAB8FA9D6", "9368974384.db", "chrome/History-57.0.2987.133",
                 "chrome/History-58.0.3029.96", "chrome/History-59.0.3071.86", "webview.db", "webviewCache.db"}
NOT_INPUTS = {"SHA256SUMS", "expected.json"}


def _db(name: str) -> dict:
    data = json.loads(corpus_file("plaso", "expected.json").read_text(encoding="utf-8"))
    return next(d for d in data["databases"] if d["file"] == name)


def _plaso_iso(value: str) -> str:
    """plaso's ISO string (``2013-10-29T16:56:28.038+00:00``) in the timeline's form."""
    return datetime.fromisoformat(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _run_clean(parse, event_validator, path, parser: str):
    tl = parse(path)
    assert tl.exit_code == 0 and tl.warnings == []
    assert list(claimed(tl).values()) == [[parser]]
    for event in tl.events:
        event_validator.validate(event)
    return tl


def _compared(parse, event_validator, name: str, parser: str, rows_key: str, count: int):
    """Run the host on one plaso file; counts first: plaso's test, plaso's run (event data), expected rows, ours."""
    db = _db(name)
    tl = _run_clean(parse, event_validator, corpus_file("plaso", name), parser)
    rows = db["expected"][rows_key]
    assert db["plaso_test"]["asserted_event_data_count"] == db["plaso_run"]["event_data_containers"] == len(rows) == count
    assert len(tl.events) == count
    return db, tl, rows


def _counterpart(event: dict, address: str) -> None:
    """The other party: the sender of an incoming record, the one recipient of an outgoing one."""
    if event["direction"] == "incoming":
        assert event["sender"] == address and event["recipients"] == []
    else:
        assert event["direction"] == "outgoing"
        assert event["sender"] is None and event["recipients"] == [address]


# -- mmssms.db (plaso sqlite/android_sms) -----------------------------------------------------

SMS_STATUS = {1: "received", 2: "sent"}  # plaso's sms_type map: 1 RECEIVED, 2 SENT


def _check_sms(event: dict, exp: dict) -> None:
    assert event["kind"] == "message" and event["app"] == "sms" and event["platform"] == "android"
    assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
    assert event["timestamp_raw"] * 1000 == exp["timestamp_us"]  # ms as stored
    assert event["body"] == exp["body"]
    assert event["direction"] == exp["direction"]
    _counterpart(event, exp["address"])
    assert event["conversation_id"] == str(exp["thread_id"])
    assert event["status"] == SMS_STATUS[exp["sms_type"]]
    assert event["extra"]["read"] == exp["read"]
    if exp["date_sent_ms"]:
        assert event["extra"]["date_sent_raw"] == exp["date_sent_ms"]
        assert event["extra"]["date_sent_time"] == iso_from_us(exp["date_sent_ms"] * 1000)
    else:
        assert "date_sent_raw" not in event["extra"]  # 0 = not set


def test_mmssms_every_row_as_plaso(parse, event_validator):
    db, tl, expected = _compared(parse, event_validator, "mmssms.db", "android_sms", "messages", 9)
    assert db["plaso_run"]["events_json_line"] == 9  # one date-time attribute per row
    assert [e["source_locator"] for e in tl.events] == [f"sms:_id={m['row_id']}" for m in expected]
    for exp in expected:
        _check_sms(tl.by_locator(f"sms:_id={exp['row_id']}"), exp)
    # plaso's own assertion (tests/parsers/sqlite_plugins/android_sms.py, event data 0)
    [checked] = db["plaso_test"]["checked_event_data"]
    values, first = checked["values"], tl.events[checked["event_data_index"]]
    assert first["recipients"] == [values["address"]]  # sms_type 2: sent, the address is the recipient
    assert first["timestamp"] == _plaso_iso(values["creation_time"])
    assert first["body"] == values["message_body"]
    assert first["status"] == SMS_STATUS[values["sms_type"]] and first["extra"]["read"] == values["sms_read"]


def test_mmssms_with_wal_folder_has_the_wal_only_row(parse, event_validator, tmp_path):
    """The derived WAL fixture as an extraction: 9 rows of the database + 1 row only in the WAL."""
    db = _db("derived/mmssms_wal/mmssms.db")
    folder = corpus_file("plaso", "derived", "mmssms_wal")
    tl = _run_clean(parse, event_validator, folder, "android_sms")
    roles = {s["path"]: s["role"] for s in tl.sources}
    assert roles == {"mmssms.db": "database", "mmssms.db-wal": "wal"}
    # plaso emits 19 events (9 from the database alone, 10 again with the WAL); a row is one event here
    assert db["plaso_run"]["events_json_line"] == db["expected"]["event_count_plaso"] == 19
    assert db["expected"]["messages_with_wal"] == len(tl.events) == 10
    for exp in _db("mmssms.db")["expected"]["messages"]:  # the 9 rows the WAL leaves unchanged
        _check_sms(tl.by_locator(f"sms:_id={exp['row_id']}"), exp)
    wal_only = db["expected"]["wal_only_message"]
    # thread and date_sent of the WAL-only row (not in expected.json): from a copy opened with its WAL
    for name in ("mmssms.db", "mmssms.db-wal"):
        shutil.copyfile(folder / name, tmp_path / name)
    with sqlite3.connect(tmp_path / "mmssms.db") as con:
        thread_id, date_sent = con.execute("SELECT thread_id, date_sent FROM sms WHERE _id = ?", (wal_only["row_id"],)).fetchone()
    event = tl.by_locator(f"sms:_id={wal_only['row_id']}")
    _check_sms(event, {**wal_only, "thread_id": thread_id, "date_sent_ms": date_sent})
    assert event["recovered"] is False  # a committed WAL frame is live data, not carved


def test_mmssms_alone_reads_the_wal_beside_it(parse):
    """Given by its path alone, the database takes its -wal along (the host missed it before issue 12)."""
    tl = parse(corpus_file("plaso", "derived", "mmssms_wal", "mmssms.db"))
    assert tl.exit_code == 0 and len(tl.events) == 10
    assert tl.by_locator("sms:_id=10")["body"] == "WAL-only message"


# -- contacts2.db (plaso sqlite/android_calls) ------------------------------------------------

def test_contacts2_every_call_as_plaso(parse, event_validator):
    db, tl, calls = _compared(parse, event_validator, "contacts2.db", "android_calls", "calls", 3)
    # plaso: 6 events (Start Time and End Time of each call); here one event per call, the end in extra
    assert db["plaso_run"]["events_by_data_type_and_timestamp_desc"]["android:event:call"] == {"End Time": 3, "Start Time": 3}
    for exp in calls:
        event = tl.by_locator(f"calls:_id={exp['row_id']}")
        assert event["kind"] == "call" and event["app"] == "phone"
        assert event["timestamp"] == iso_from_us(exp["start_us"]) == _plaso_iso(exp["start_iso"])
        end_us = exp["start_us"] + exp["duration_s"] * 1_000_000
        assert event["extra"]["end_time"] == iso_from_us(end_us) == _plaso_iso(exp["end_iso"])
        assert event["extra"]["duration_s"] == exp["duration_s"]
        assert event["direction"] == exp["direction"]
        assert event["status"] == exp["call_type_name"].lower()
        assert event["conversation_id"] == exp["number"] and event["conversation_name"] == exp["name"]
        _counterpart(event, exp["number"])
    [checked] = db["plaso_test"]["checked_event_data"]
    values, first = checked["values"], tl.events[checked["event_data_index"]]
    assert first["timestamp"] == _plaso_iso(values["start_time"])
    assert first["extra"]["end_time"] == _plaso_iso(values["end_time"])
    assert first["extra"]["duration_s"] == values["duration"] and first["conversation_id"] == values["number"]
    assert first["status"] == "missed" and values["call_type"] == 3


# -- imessage_chat.db (plaso sqlite/imessage) -------------------------------------------------

def test_imessage_chat_every_row_as_plaso(parse, event_validator):
    db, tl, expected = _compared(parse, event_validator, "imessage_chat.db", "ios_messages", "messages", 10)
    assert db["plaso_run"]["events_json_line"] == 10
    for exp in expected:
        event = tl.by_locator(f"message:ROWID={exp['row_id']}")
        assert event["kind"] == "message"
        # Cocoa seconds: plaso and we agree to the microsecond (whole seconds in this file)
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["body"] == exp["body"]
        assert event["direction"] == exp["direction"]
        _counterpart(event, exp["address"])
        assert event["extra"]["service"] == exp["service"] and event["app"] == "imessage"
        assert event["extra"]["is_read"] == exp["is_read"]
        assert event["attachments"] == [] and exp["attachment"] is None
    [checked] = db["plaso_test"]["checked_event_data"]
    values = checked["values"]
    event = tl.events[checked["event_data_index"]]
    assert event["timestamp"] == _plaso_iso(values["creation_time"])
    assert event["sender"] == values["imessage_id"] and event["body"] == values["text"]
    assert event["direction"] == ("outgoing" if values["message_type"] else "incoming")
    assert event["extra"]["is_read"] == values["read_receipt"] and event["extra"]["service"] == values["service"]


# -- which plaso files are claimed ------------------------------------------------------------

def test_viber_call_log_is_not_the_android_call_log(parse):
    """Viber's ``calls`` table (plaso's android_viber_call data) is Viber's parser's, not the phone's call log."""
    tl = parse(corpus_file("plaso", "viber_data"))
    assert tl.warnings == [] and claimed(tl) == {"viber_data": ["viber_android"]}
    assert {e["app"] for e in tl.events} == {"viber"} and {e["parser"].split("/")[0] for e in tl.events} == {"viber_android"}


def test_claimed_plaso_files_are_exactly_those_compared(parse):
    """Each plaso file given alone, and the folder as an extraction: only the compared files are claimed."""
    folder = corpus_file("plaso")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in NOT_INPUTS
                   and not p.name.endswith(("-wal", "-shm")))
    found = {}
    for path in files:
        tl = parse(path)
        for parsers in claimed(tl).values():
            found[path.relative_to(folder).as_posix()] = parsers
    assert found == COMPARED
    tl = parse(folder)
    assert claimed(tl) == {k: v for k, v in COMPARED.items() if k not in NOT_IN_FOLDER}  # e.g. no Library/SMS path
