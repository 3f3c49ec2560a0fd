"""TextNow for iOS (the account store ``Documents/<account id><username>``, ``plugins/textnow_ios.py``): the generated
sample parses with zero warnings into exactly its manifest and is rebuilt byte for byte; messages and calls split
on ``ZCALLID``; the account's own number; codes no source explains kept as stored; the store is claimed by its
content (not its name) and read with its ``-wal``; a deleted message comes back with ``recover=True``."""

from __future__ import annotations

import shutil
import sqlite3

from conftest import SAMPLE_DATA, claimed, delete_as_sqlite_does, rebuilds_committed_sample
from manifest_checks import parse_clean_sample, sample_manifest
from sample_dirs import copy_sample

from artefacts.synthetic.textnow_ios import DB, OWN, PICTURE, generic_manifest

FOLDER = SAMPLE_DATA / "textnow_ios" / "ios"


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    tl = parse_clean_sample(parse, event_validator, FOLDER, sample_manifest("textnow_ios"))
    assert claimed(tl) == {DB: ["textnow_ios"]}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "textnow_ios", "ios", generic_manifest, [DB])


def test_messages_and_calls_split_on_the_call_id(parse):
    tl = parse(FOLDER)
    rows = {e["source_locator"]: e for e in tl.events if e["source_locator"].startswith("ZTMOINTERACTION:")}
    calls = {loc for loc, e in rows.items() if e["kind"] == "call"}
    assert calls == {"ZTMOINTERACTION:Z_PK=6", "ZTMOINTERACTION:Z_PK=7"}
    assert all(e["kind"] == "message" for loc, e in rows.items() if loc not in calls)
    out = rows["ZTMOINTERACTION:Z_PK=6"]
    # the start is the Core Data time inside ZCALLID; the row's own time (40 s later) is kept beside it
    assert out["timestamp_desc"] == "Call Start Time" and out["direction"] == "outgoing"
    assert out["extra"]["call_id"].startswith("+12025550118-") and out["extra"]["duration_s"] == 37.25
    assert out["extra"]["recorded_at_time"] > out["timestamp"] and out["body"] is None
    # sub-seconds of the REAL Core Data seconds are kept
    assert rows["ZTMOINTERACTION:Z_PK=1"]["timestamp"] == "2024-06-02T05:56:51.375000Z"


def test_the_accounts_own_number(parse):
    tl = parse(FOLDER)
    account = tl.by_locator("ZTMOACCOUNTINFO:Z_PK=1")
    assert account["kind"] == "contact" and account["sender"] == OWN and account["extra"]["owned"] is True
    assert "not-a-real-secret" not in str(account) and account["extra"]["sip_password_stored"] is True
    sent = tl.by_locator("ZTMOINTERACTION:Z_PK=2")
    assert sent["sender"] == OWN and sent["recipients"] == ["+12025550118"]
    received = tl.by_locator("ZTMOINTERACTION:Z_PK=1")
    assert received["sender"] == "+12025550118" and received["recipients"] == [OWN]
    assert tl.by_locator("ZTMOCONTACTVALUE:Z_PK=1")["extra"]["owned"] is True
    assert "owned" not in tl.by_locator("ZTMOCONTACTVALUE:Z_PK=2")["extra"]


def test_codes_no_source_explains_are_kept_as_stored(parse, tmp_path):
    root, db = copy_sample(tmp_path, "textnow_ios", "ios", DB)
    with sqlite3.connect(db) as con:
        con.execute("UPDATE ZTMOINTERACTION SET ZDIRECTION = 7, ZSTATUS1 = 93, ZREAD = 5 WHERE Z_PK = 1")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    odd = tl.by_locator("ZTMOINTERACTION:Z_PK=1")
    assert odd["direction"] is None and odd["recipients"] == []
    assert (odd["extra"]["direction_code"], odd["extra"]["status1"], odd["extra"]["read"]) == (7, 93, 5)
    marked = tl.by_locator("ZTMOINTERACTION:Z_PK=5")  # ZDELETEDSTATE 2: kept raw, not made the deleted flag
    assert marked["extra"]["deleted_state"] == 2 and marked["deleted"] is False and marked["body"] == "wrong number"
    picture = tl.by_locator("ZTMOINTERACTION:Z_PK=3")
    assert picture["body"] == PICTURE and picture["extra"]["image_type"] == 1


def test_a_store_is_claimed_by_its_content_not_its_name(parse, tmp_path):
    root, db = copy_sample(tmp_path, "textnow_ios", "ios", DB)
    other = db.with_name("4815162342otherapp")
    with sqlite3.connect(other) as con:  # another app's store at the same shape of path
        con.execute("CREATE TABLE ZTMOINTERACTION (Z_PK INTEGER PRIMARY KEY, ZLOCALTIMESTAMP TIMESTAMP, "
                    "ZDIRECTION INTEGER, ZCALLID VARCHAR)")
        con.execute("INSERT INTO ZTMOINTERACTION VALUES (1, 739000000.0, 1, NULL)")
    (db.parent / "1234567890.plist").write_bytes(b"bplist00 not a database")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {DB: ["textnow_ios"]}
    assert not [e for e in tl.events if "otherapp" in e["source_path"]]


def test_the_rows_are_read_from_the_write_ahead_log(parse, tmp_path):
    """As on the real stores: the database file alone holds none of the app's rows, its -wal holds them all."""
    root, db = copy_sample(tmp_path, "textnow_ios", "ios", DB)
    con = sqlite3.connect(db, isolation_level=None)
    rows = {t: con.execute(f"SELECT * FROM {t}").fetchall()
            for t in ("ZTMOINTERACTION", "ZTMOCONTACTVALUE", "ZTMOCONVERSATION", "ZTMOACCOUNTINFO")}
    for table in rows:
        con.execute(f"DELETE FROM {table}")
    con.execute("VACUUM")  # no trace of the rows left in the database file itself
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("BEGIN")
    for table, values in rows.items():
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(values[0]))})", values)
    con.execute("COMMIT")
    shutil.copyfile(db, tmp_path / "db")
    shutil.copyfile(str(db) + "-wal", tmp_path / "wal")
    con.close()  # checkpoints and removes the log: put back the pair as it was
    shutil.copyfile(tmp_path / "db", db)
    shutil.copyfile(tmp_path / "wal", str(db) + "-wal")
    with sqlite3.connect(tmp_path / "db") as alone:
        assert alone.execute("SELECT count(*) FROM ZTMOINTERACTION").fetchone() == (0,)
    tl = parse(root)
    assert tl.warnings == [] and claimed(tl) == {DB: ["textnow_ios"]}
    assert len(tl.events) == len(sample_manifest("textnow_ios")["events"])
    assert tl.by_locator("ZTMOINTERACTION:Z_PK=8")["body"] == "Bring the rest tomorrow"


def test_a_deleted_message_is_recovered(parse, tmp_path):
    root, db = copy_sample(tmp_path, "textnow_ios", "ios", DB)
    delete_as_sqlite_does(db, "DELETE FROM ZTMOINTERACTION WHERE Z_PK = 1")
    tl = parse(root, recover=True)
    assert not [e for e in tl.events if e["source_locator"] == "ZTMOINTERACTION:Z_PK=1"]
    [event] = [e for e in tl.events if e["recovered"]]
    assert event["kind"] == "message" and event["body"] == "new number, save it"
    assert event["timestamp"] == "2024-06-02T05:56:51.375000Z" and event["extra"]["recovery"]["status"] == "freed"
    assert event["sender"] == "+12025550118" and event["recipients"] == [OWN]
    assert event["conversation_id"] == "+12025550118" and event["conversation_name"] == "Dana Whitfield"
