"""Differential tests on mvt's test artefacts (``corpus/other/mvt``), row by row.

``ios_backup/`` is run as the iTunes-style backup it is (the host reads ``Manifest.db``); every
event is compared with the raw row read here by plain ``sqlite3`` and with what mvt's own tests
assert on the same files (mvt-project/mvt ``tests/ios_backup/test_sms.py`` at 9d857807,
``test_whatsapp.py`` at 07066feb, ``test_whatsapp_contacts.py`` at 5c6bd654). ``android_backup/``
and ``androidqf/`` hold nothing a parser of this project claims. Differences are explained in
``docs/differences.md``, section "mvt fixtures".
"""

from __future__ import annotations

import pytest

from conftest import claimed, corpus_file, iso_from_us, sqlite_ro

COCOA_OFFSET_S = 978_307_200  # 2001-01-01 - 1970-01-01, seconds
SMS_DB = "HomeDomain/Library/SMS/sms.db"
CHAT_STORAGE = "AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite"
CONTACTS_V2 = "AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite"
STORED_AS = {SMS_DB: "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28",
             CHAT_STORAGE: "7c/7c7fba66680ef796b916b067077cc246adacf01d",
             CONTACTS_V2: "b8/b8548dc30aa1030df0ce18ef08b882cf7ab5212f"}


@pytest.fixture
def backup(parse, event_validator):
    """The host's run on mvt's backup folder, and the folder."""
    folder = corpus_file("other", "mvt", "ios_backup")
    tl = parse(folder)
    for event in tl.events:
        event_validator.validate(event)
    return tl, folder


def _raw(folder, path: str):
    return sqlite_ro(folder.joinpath(*STORED_AS[path].split("/")))


def _cocoa_s_iso(value: float) -> str:
    """Cocoa seconds (REAL) -> timeline ISO, floored to the microsecond from the exact binary value."""
    from fractions import Fraction

    return iso_from_us(int((Fraction(value) + COCOA_OFFSET_S) * 1_000_000 // 1))


def test_backup_claims_sms_db_and_chat_storage_only(backup):
    tl, folder = backup
    assert claimed(tl) == {SMS_DB: ["ios_messages"], CHAT_STORAGE: ["whatsapp_ios"], CONTACTS_V2: ["whatsapp_ios_contacts"]}
    roles = {s["path"]: s["role"] for s in tl.sources}
    assert roles == {SMS_DB: "database", CHAT_STORAGE: "database", CONTACTS_V2: "database"}
    # the fixture's Manifest.db lists 1,089 files, 10 of them are in the folder: said once, exit code 3
    with sqlite_ro(folder / "Manifest.db") as con:
        listed = [r[0] for r in con.execute("SELECT fileID FROM Files WHERE flags = 1")]
    missing = sum(not (folder / f[:2] / f).exists() for f in listed)
    assert (len(listed), missing) == (1089, 1079)
    assert [w["message"] for w in tl.warnings] == [f"{missing} files listed in Manifest.db are not in the backup folder"]
    assert tl.exit_code == 3
    assert len(tl.events) == 1 + 3 + 2


def test_sms_db_row_as_mvt(backup):
    """mvt test_sms: 1 result, 2 timeline entries (received and read); every field against the raw row."""
    tl, folder = backup
    events = [e for e in tl.events if e["source_path"] == SMS_DB]
    with _raw(folder, SMS_DB) as con:
        rows = con.execute("SELECT m.ROWID, m.date, m.date_read, m.text, m.is_from_me, h.id, h.service "
                           "FROM message m JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.ROWID").fetchall()
    assert len(rows) == len(events) == 1  # mvt: len(m.results) == 1
    for row, event in zip(rows, events):
        assert event["source_locator"] == f"message:ROWID={row['ROWID']}"
        # iOS 11+ schema: Cocoa nanoseconds, floored to the microsecond
        assert event["timestamp_raw"] == row["date"]
        assert event["timestamp"] == iso_from_us(COCOA_OFFSET_S * 1_000_000 + row["date"] // 1000)
        # mvt keeps the first 9 digits of an 18-digit value (whole seconds): equal to the second
        mvt_seconds = int(str(row["date"])[:9]) + COCOA_OFFSET_S
        assert event["timestamp"][:19] == iso_from_us(mvt_seconds * 1_000_000)[:19]
        # mvt's second timeline entry (sms_read) is date_read: kept in extra here
        assert event["extra"]["date_read_time"] == iso_from_us(COCOA_OFFSET_S * 1_000_000 + row["date_read"] // 1000)
        assert event["body"] == row["text"]
        assert event["direction"] == ("outgoing" if row["is_from_me"] else "incoming")  # mvt: "received"
        assert event["sender"] == row["id"] and event["recipients"] == []  # mvt's phone_number
        assert event["app"] == "sms" and row["service"] == "SMS"  # message.service is NULL: the handle's


def test_whatsapp_chat_storage_rows_as_mvt(backup):
    """mvt test_whatsapp: 3 messages in 2 sessions; every field against the raw rows and ContactsV2."""
    tl, folder = backup
    events = [e for e in tl.events if e["source_path"] == CHAT_STORAGE]
    with _raw(folder, CHAT_STORAGE) as con:
        rows = con.execute(
            "SELECT m.Z_PK, m.ZMESSAGEDATE, m.ZTEXT, m.ZISFROMME, m.ZFROMJID, m.ZTOJID, s.ZCONTACTJID, "
            "s.ZPARTNERNAME, s.ZSESSIONTYPE FROM ZWAMESSAGE m JOIN ZWACHATSESSION s ON s.Z_PK = m.ZCHATSESSION "
            "ORDER BY m.Z_PK").fetchall()
        sessions = con.execute("SELECT ZPARTNERNAME FROM ZWACHATSESSION ORDER BY Z_PK").fetchall()
    with _raw(folder, CONTACTS_V2) as con:
        names = {bytes(r[0]).decode(): bytes(r[1]).decode()
                 for r in con.execute("SELECT ZWHATSAPPID, ZFULLNAME FROM ZWAADDRESSBOOKCONTACT")}
    assert len(rows) == len(events) == 3  # mvt: 3 messages
    assert [s[0] for s in sessions] == ["Alice Example", "Example Group"]  # mvt: 2 sessions
    assert len(names) == 2  # mvt test_whatsapp_contacts: 2 results, Alice and Bob
    for row, event in zip(rows, events):
        assert event["source_locator"] == f"ZWAMESSAGE:Z_PK={row['Z_PK']}"
        assert event["timestamp_raw"] == row["ZMESSAGEDATE"]
        assert event["timestamp"] == _cocoa_s_iso(row["ZMESSAGEDATE"])
        assert event["body"] == row["ZTEXT"]
        assert event["conversation_id"] == row["ZCONTACTJID"]  # as stored (the LID for Alice's chat)
        assert event["conversation_name"] == row["ZPARTNERNAME"]
        if row["ZISFROMME"]:
            assert event["direction"] == "outgoing" and event["sender"] is None
            assert event["recipients"] == [row["ZTOJID"]]
        else:
            assert event["direction"] == "incoming" and event["recipients"] == []
            assert event["sender"] == row["ZFROMJID"] and event["sender_name"] == names[row["ZFROMJID"]]
    # mvt's asserted dates ("2025-08-27 15:06:40.000000" ...) are the first and last message times
    stamps = [e["timestamp"].replace("T", " ").rstrip("Z") for e in events]
    assert stamps == ["2025-08-27 15:06:40.000000", "2025-08-28 18:53:20.000000", "2025-08-29 22:40:00.000000"]
    assert "https://example.org/news" in events[1]["body"]  # mvt: the one message with links


def test_whatsapp_contacts_v2_rows_as_mvt(backup):
    """mvt test_whatsapp_contacts: 2 results (Alice and Bob); every field against the raw rows (text stored as BLOBs)."""
    tl, folder = backup
    events = [e for e in tl.events if e["source_path"] == CONTACTS_V2]
    with _raw(folder, CONTACTS_V2) as con:
        rows = con.execute("SELECT Z_PK, ZWHATSAPPID, ZFULLNAME, ZPHONENUMBER, ZABOUTTEXT, ZLID "
                           "FROM ZWAADDRESSBOOKCONTACT ORDER BY Z_PK").fetchall()
    assert len(rows) == len(events) == 2  # mvt: 2 results

    def text(value):
        return None if value is None else bytes(value).decode()

    for row, event in zip(rows, events):
        assert event["kind"] == "contact" and event["timestamp"] is None
        assert event["source_locator"] == f"ZWAADDRESSBOOKCONTACT:Z_PK={row['Z_PK']}"
        assert event["sender"] == event["conversation_id"] == text(row["ZWHATSAPPID"])
        assert event["sender_name"] == text(row["ZFULLNAME"])
        assert event["extra"].get("phonenumber") == text(row["ZPHONENUMBER"])
        assert event["extra"].get("abouttext") == text(row["ZABOUTTEXT"])
        assert event["extra"].get("lid") == text(row["ZLID"])
    assert [e["sender_name"] for e in events] == ["Alice Example", "Bob Example"]


@pytest.mark.parametrize("folder", ["android_backup", "androidqf"])
def test_android_backup_and_androidqf_not_claimed(parse, folder):
    """Android backups (.ab) and androidqf outputs: no parser of this project claims anything there."""
    root = corpus_file("other", "mvt", folder)
    tl = parse(root)
    assert tl.exit_code == 0 and tl.events == [] and claimed(tl) == {} and tl.warnings == []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        alone = parse(path)
        assert alone.events == [] and claimed(alone) == {}
        assert [w["message"][:33] for w in alone.warnings] == ["no parser recognises this file: a"]
