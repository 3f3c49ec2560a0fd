"""The committed sample data: every event validates against the schema; counts match the databases."""

from __future__ import annotations

import sqlite3
import zipfile
from collections import Counter

import pytest

from conftest import SAMPLE_DATA


def _count(db_path, sql) -> int:
    con = sqlite3.connect(f"file:{db_path}?mode=ro&immutable=1", uri=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_timeline(tmp_path_factory):
    from artefacts.engine import RunOptions, run_parse
    import json

    tmp = tmp_path_factory.mktemp("sample")
    inputs = [
        SAMPLE_DATA / "android.zip",
        SAMPLE_DATA / "ios",
        SAMPLE_DATA / "damaged",
        SAMPLE_DATA / "whatsapp" / "android",
        SAMPLE_DATA / "whatsapp" / "android_legacy",
        SAMPLE_DATA / "whatsapp" / "ios",
    ]
    for p in inputs:
        if not p.exists():
            pytest.skip(f"sample data missing: {p} (run python sample_data/generate.py)")
    out = tmp / "t.jsonl"
    result = run_parse(RunOptions(inputs=inputs, output=out, workdir=tmp / "w", jobs=2))
    events = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads((tmp / "t.jsonl.manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest, tmp


def test_every_event_validates(sample_timeline, event_validator):
    _, events, _, _ = sample_timeline
    assert events
    for ev in events:
        event_validator.validate(ev)


def test_sample_counts_match_the_databases(sample_timeline):
    result, events, manifest, tmp = sample_timeline
    per_source = Counter((e["evidence_id"], e["source_path"]) for e in events)
    with zipfile.ZipFile(SAMPLE_DATA / "android.zip") as zf:
        zf.extractall(tmp / "android")
    sms_db = tmp / "android/data/data/com.android.providers.telephony/databases/mmssms.db"
    calls_db = tmp / "android/data/data/com.android.providers.contacts/databases/calllog.db"
    assert per_source[("sample_data-android", "data/data/com.android.providers.telephony/databases/mmssms.db")] == _count(
        sms_db, "SELECT (SELECT count(*) FROM sms) + (SELECT count(*) FROM pdu)"
    )
    assert per_source[("sample_data-android", "data/data/com.android.providers.contacts/databases/calllog.db")] == _count(
        calls_db, "SELECT count(*) FROM calls"
    )
    ios_sms = SAMPLE_DATA / "ios/private/var/mobile/Library/SMS/sms.db"
    assert per_source[("sample_data-ios", "private/var/mobile/Library/SMS/sms.db")] == _count(ios_sms, "SELECT count(*) FROM message")
    calls = SAMPLE_DATA / "ios/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata"
    assert per_source[("sample_data-ios", "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata")] == _count(
        calls, "SELECT count(*) FROM ZCALLRECORD"
    )


def test_sample_damaged_database_is_reported(sample_timeline):
    result, events, manifest, _ = sample_timeline
    assert result.exit_code == 3
    [warning] = manifest["warnings"]
    assert warning["evidence_id"] == "damaged" and warning["source_path"].endswith("mmssms.db")
    damaged_calls = [e for e in events if e["evidence_id"] == "damaged"]
    calls_db = SAMPLE_DATA / "damaged/data/data/com.android.providers.contacts/databases/calllog.db"
    assert len(damaged_calls) == _count(calls_db, "SELECT count(*) FROM calls") > 0


def test_sample_content_features(sample_timeline):
    _, events, manifest, _ = sample_timeline
    android = [e for e in events if e["evidence_id"] == "sample_data-android"]
    mms_with_files = [e for e in android if e["source_locator"].startswith("pdu:") and any(a["sha256"] for a in e["attachments"])]
    assert mms_with_files, "sample MMS attachments are found and hashed"
    assert any(len(e["recipients"]) > 1 for e in android if e["source_locator"].startswith("pdu:")), "group MMS"
    assert any(any(ord(c) > 0xFFFF for c in (e["body"] or "")) for e in android), "emoji survive"
    ios = [e for e in events if e["evidence_id"] == "sample_data-ios"]
    assert any(e["extra"].get("body_source") == "attributedBody" and e["body"] for e in ios), (
        "iMessages whose text lives only in attributedBody are decoded"
    )
    ios_sources = {s["path"]: s for s in manifest["sources"] if s["evidence_id"] == "sample_data-ios"}
    assert any(s["role"] == "attachment" for s in ios_sources.values())


def test_sample_whatsapp(sample_timeline):
    _, events, manifest, _ = sample_timeline
    android = [e for e in events if e["evidence_id"] == "whatsapp-android"]  # android.zip is "sample_data-android"
    live = [e for e in android if e["parser"].startswith("whatsapp_android/")]
    backup = [e for e in android if e["parser"].startswith("whatsapp_backup/")]
    assert live and len(live) == len(backup), "the crypt15 backup opens with the key file found in the extraction"
    assert all(e["source_path"].endswith("msgstore.db.crypt15") and e["extra"]["decrypted_from"]["format"] == "crypt15" for e in backup)
    assert [e["body"] for e in live] == [e["body"] for e in backup]
    assert any(a["sha256"] for e in live for a in e["attachments"]), "media files are found and hashed"
    assert {e["kind"] for e in live} >= {"message", "call", "system"}
    legacy = [e for e in events if e["evidence_id"] == "android_legacy" and e["parser"].startswith("whatsapp_android/")]
    assert legacy and all(e["source_locator"].startswith("messages:") for e in legacy), "read from the legacy table"
    contacts = [e for e in events if e["evidence_id"] == "whatsapp-android" and e["kind"] == "contact"]
    assert contacts and all(e["parser"].startswith("whatsapp_contacts/") and e["sender_name"] for e in contacts)
    ios = [e for e in events if e["evidence_id"] == "whatsapp-ios"]
    assert ios and all(e["app"] == "whatsapp" and e["platform"] == "ios" for e in ios)


def test_sample_signal_with_its_keys(parse, event_validator):
    keys_file = SAMPLE_DATA / "signal" / "KEYS.txt"
    if not keys_file.exists():
        pytest.skip("signal sample data missing")
    keys = [line.split("--key ", 1)[1].strip().strip("'") for line in keys_file.read_text().splitlines() if "--key " in line]
    assert len(keys) == 2
    tl = parse(SAMPLE_DATA / "signal" / "android", SAMPLE_DATA / "signal" / "backup", keys=keys)
    assert tl.exit_code == 0, tl.warnings
    live = [e for e in tl.events if e["parser"].startswith("signal_android/")]
    restored = [e for e in tl.events if e["parser"].startswith("signal_backup/")]
    assert live and len(live) == len(restored)
    assert [e["body"] for e in live] == [e["body"] for e in restored]
    for e in tl.events:
        event_validator.validate(e)
    without = parse(SAMPLE_DATA / "signal" / "android")
    assert without.exit_code == 3 and without.events == [] and len(without.warnings) == 1
    assert "--key signal=" in without.warnings[0]["message"]
