"""Differential tests on mvt's test artefacts (``corpus/other/mvt``), row by row.

``ios_backup/`` is run as the iTunes-style backup it is (the host reads ``Manifest.db``); every
event is compared with the raw row read here by plain ``sqlite3`` and with what mvt's own tests
assert on the same files (mvt-project/mvt ``tests/ios_backup/test_sms.py`` at 9d857807,
``test_whatsapp.py`` at 07066feb, ``test_whatsapp_contacts.py`` at 5c6bd654). The Android backups
(``android_backup/backup*.ab``, ``androidqf/backup.ab``) are read as the ``.ab`` files they are; every
SMS/MMS is compared with the raw JSON of mvt's unpacked telephony files and with what mvt's tests
assert (``tests/android/test_backup_parser.py`` and ``test_backup_module.py`` at 0622357a,
``tests/android_androidqf/test_sms.py``). Differences are explained in ``docs/differences.md``,
section "mvt fixtures".
"""

from __future__ import annotations

import pytest

from conftest import claimed, corpus_file, iso_from_us, sqlite_ro

COCOA_OFFSET_S = 978_307_200  # 2001-01-01 - 1970-01-01, seconds
SMS_DB = "HomeDomain/Library/SMS/sms.db"
CHAT_STORAGE = "AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite"
CONTACTS_V2 = "AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite"
BROWSER_STATE = "HomeDomain/Library/Safari/BrowserState.db"
STORED_AS = {SMS_DB: "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28",
             BROWSER_STATE: "3a/3a47b0981ed7c10f3e2800aa66bac96a3b5db28e",
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


def test_backup_claims_sms_db_chat_storage_and_safari_tabs_only(backup):
    tl, folder = backup
    assert claimed(tl) == {SMS_DB: ["ios_messages"], CHAT_STORAGE: ["whatsapp_ios"], CONTACTS_V2: ["whatsapp_ios_contacts"],
                           BROWSER_STATE: ["safari_tabs"]}
    roles = {s["path"]: s["role"] for s in tl.sources}
    assert roles == {SMS_DB: "database", CHAT_STORAGE: "database", CONTACTS_V2: "database", BROWSER_STATE: "database"}
    # the fixture's Manifest.db lists 1,089 files, 10 of them are in the folder: said once, exit code 3
    with sqlite_ro(folder / "Manifest.db") as con:
        listed = [r[0] for r in con.execute("SELECT fileID FROM Files WHERE flags = 1")]
    missing = sum(not (folder / f[:2] / f).exists() for f in listed)
    assert (len(listed), missing) == (1089, 1079)
    assert [w["message"] for w in tl.warnings] == [f"{missing} files listed in Manifest.db are not in the backup folder"]
    assert tl.exit_code == 3
    assert len(tl.events) == 1 + 3 + 2 + 1


def test_safari_browser_state_tab_as_mvt(backup):
    """mvt test_safari_browserstate: 1 result, 1 timeline entry, tab_url the NSO Group page; every field
    against the raw row."""
    tl, folder = backup
    [tab] = [e for e in tl.events if e["source_path"] == BROWSER_STATE]
    with _raw(folder, BROWSER_STATE) as con:
        [row] = con.execute("SELECT * FROM tabs").fetchall()
    assert tab["body"] == row["url"] == "https://en.wikipedia.org/wiki/NSO_Group"
    assert tab["timestamp_raw"] == row["last_viewed_time"] == 654598606.156382
    # the REAL's exact binary value is just below .156382 s: floored to the microsecond as every Cocoa REAL is
    assert tab["timestamp"] == _cocoa_s_iso(row["last_viewed_time"]) == "2021-09-29T08:56:46.156381Z"
    assert (tab["kind"], tab["status"], tab["extra"]["open_tab"], tab["extra"]["title"]) == (
        "visit", "open", True, "NSO is bad")
    assert tab["extra"]["tab_uuid"] == row["uuid"] and tab["extra"]["private_browsing"] is False
    assert tab["source_locator"] == "tabs:id=1" and (tab["app"], tab["platform"]) == ("safari", "ios")


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


# -- Android backups ----------------------------------------------------------------------------
TELEPHONY_FILES = "data/user_de/0/com.android.providers.telephony/files/"
UNPACKED = ("other", "mvt", "android_backup", "apps", "com.android.providers.telephony", "d_f")
SMS_FILE, MMS_FILE = "000000_sms_backup", "000001_mms_backup"
#: mvt tests/android/test_backup_parser.py (at 0622357a): each backup's tar (SHA-256 after decryption
#: and inflation), the telephony files in it, and the link of mvt's first result; androidqf/backup.ab is
#: the same file as android_backup/backup.ab (mvt tests/android_androidqf/test_sms.py: 2 results)
MVT_BACKUPS = {
    ("android_backup", "backup.ab"): (None, "ce1ac5009fea5187a9f546b51e1446ba450243ae91d31dc779233ec0937b5d18",
                                      [MMS_FILE, SMS_FILE], "http://google.com"),
    ("android_backup", "backup2.ab"): ("123456", "f365ace1effbc4902c6aeba241ca61544f8a96ad456c1861808ea87b7dd03896",
                                       [SMS_FILE], "https://google.com/"),
    ("android_backup", "backup3.ab"): (None, "33e73df2ede9798dcb3a85c06200ee41c8f52dd2f2e50ffafcceb0407bc13e3a",
                                       [SMS_FILE], "https://google.com/"),
    ("androidqf", "backup.ab"): (None, "ce1ac5009fea5187a9f546b51e1446ba450243ae91d31dc779233ec0937b5d18",
                                 [MMS_FILE, SMS_FILE], "http://google.com"),
}


def _unpacked(name: str):
    """mvt's unpacked copy of a telephony backup file, its SHA-256 and its JSON (inflated here)."""
    import hashlib
    import json
    import zlib

    data = corpus_file(*UNPACKED, name).read_bytes()
    return hashlib.sha256(data).hexdigest(), json.loads(zlib.decompress(data))


def _mvt_isodate(seconds: float) -> str:
    """mvt's ``convert_unix_to_iso(int(date) / 1000)``, as a timeline timestamp."""
    from datetime import datetime, timezone

    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check_telephony_event(event, name: str, index: int, sha: str, raw: dict) -> None:
    """One event against its raw JSON object, field by field."""
    assert event["source_sha256"] == sha and event["source_locator"] == f"{name[7:]}:index={index}"
    assert event["parser"].startswith("android_sms_backup/") and event["app"] == "sms"
    assert event["conversation_id"] == event["conversation_name"] == ", ".join(raw["recipients"])
    if name == SMS_FILE:
        assert event["timestamp_raw"] == int(raw["date"])
        assert event["timestamp"] == iso_from_us(int(raw["date"]) * 1000)  # ms
        assert event["timestamp"] == _mvt_isodate(int(raw["date"]) / 1000)  # mvt's isodate of an SMS agrees
        assert raw["type"] == "6" and event["status"] == "queued" and event["direction"] == "outgoing"
        assert event["sender"] is None and event["recipients"] == [raw["address"]]
        assert event["body"] == raw["body"]
        assert raw["date_sent"] == "0" and event["extra"] == {
            "read": int(raw["read"]), "status": int(raw["status"]), "recipients": raw["recipients"]}
    else:
        assert event["timestamp_raw"] == int(raw["date"])
        assert event["timestamp"] == iso_from_us(int(raw["date"]) * 1_000_000)  # seconds
        # mvt divides every date by 1000: its MMS isodate falls in January 1970
        assert _mvt_isodate(int(raw["date"]) / 1000).startswith("1970-01-19")
        assert raw["msg_box"] == "1" and event["status"] == "received" and event["direction"] == "incoming"
        addresses = {a["type"]: a["address"] for a in raw["mms_addresses"]}
        assert event["sender"] == addresses[137] and event["recipients"] == [addresses[151]]
        assert event["body"] == raw["mms_body"]
        assert event["extra"] == {
            "read": int(raw["read"]), "m_type": int(raw["m_type"]),
            "date_sent_time": iso_from_us(int(raw["date_sent"]) * 1_000_000), "date_sent_raw": int(raw["date_sent"]),
            "v": raw["v"], "recipients": raw["recipients"], "tr_id": raw["tr_id"], "mms_charset": raw["mms_charset"]}


@pytest.mark.parametrize("folder, name", sorted(MVT_BACKUPS))
def test_android_backup_messages_as_mvt(parse, event_validator, folder, name):
    """Each .ab: mvt's tar hash, its number of results and links; every event against the raw JSON."""
    import hashlib

    from artefacts.evidence import android_backup as ab

    password, tar_sha, files, first_link = MVT_BACKUPS[(folder, name)]
    path = corpus_file("other", "mvt", folder, name)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    tl = parse(path, keys=[f"android_backup={password}"] if password else [])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert tl.exit_code == 0 and tl.warnings == []
    # the tar the host streams is the one mvt's test hashes
    with open(path, "rb") as fh:
        header = ab.Header(fh, path)
        master = header.master_key([password] if password else [], path)
        tar = ab._Body(fh, master, header.compressed, ab.expansion_cap(path.stat().st_size)).read()
    assert hashlib.sha256(tar).hexdigest() == tar_sha
    assert claimed(tl) == {TELEPHONY_FILES + f: ["android_sms_backup"] for f in files}
    notes = {s["path"]: s["note"] for s in tl.sources}
    for f in files:
        assert notes[TELEPHONY_FILES + f] == f"stored in the backup as apps/com.android.providers.telephony/d_f/{f}"
    assert len(tl.events) == len(files)  # mvt: one result per file (each holds one message, with a link)
    by_file = {}
    for event in tl.events:
        event_validator.validate(event)
        by_file[event["source_path"].rsplit("/", 1)[-1]] = event
    for f in files:
        sha, [raw] = _unpacked(f)
        _check_telephony_event(by_file[f], f, 0, sha, raw)
    # mvt's first result is the tar's first telephony file: its link is in that message's body
    assert first_link in by_file[files[0]]["body"]


def test_android_backup_folder_as_mvt(parse, event_validator):
    """mvt test_backup_module.test_module_folder: 2 results from the unpacked files, the first linking to google."""
    root = corpus_file("other", "mvt", "android_backup")
    tl = parse(root)
    unpacked = "apps/com.android.providers.telephony/d_f/"
    assert tl.exit_code == 0 and tl.warnings == []
    # the .ab files in the folder are files of it, not opened as backups (give a backup itself)
    assert claimed(tl) == {unpacked + SMS_FILE: ["android_sms_backup"], unpacked + MMS_FILE: ["android_sms_backup"]}
    assert len(tl.events) == 2
    for event in tl.events:
        event_validator.validate(event)
    sms, mms = tl.events
    assert "https://google.com/" in sms["body"]
    for event, f in ((sms, SMS_FILE), (mms, MMS_FILE)):
        sha, [raw] = _unpacked(f)
        _check_telephony_event(event, f, 0, sha, raw)
    # each unpacked file alone is recognised by its name and content
    for f in (SMS_FILE, MMS_FILE):
        alone = parse(root.joinpath("apps", "com.android.providers.telephony", "d_f", f))
        assert claimed(alone) == {f: ["android_sms_backup"]} and len(alone.events) == 1


def test_androidqf_folder_claims_nothing(parse):
    """androidqf's outputs: its backup.ab is compared above; the text and JSON outputs are not parsed."""
    root = corpus_file("other", "mvt", "androidqf")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.events == [] and claimed(tl) == {} and tl.warnings == []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".ab"):
        alone = parse(path)
        assert alone.events == [] and claimed(alone) == {}
        assert [w["message"][:33] for w in alone.warnings] == ["no parser recognises this file: a"]
