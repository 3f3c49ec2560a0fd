"""Android backups (``adb backup`` ``.ab``) and the telephony provider's SMS/MMS backup files.

Synthetic backups (``artefacts.synthetic.android_backup``) test what the real fixtures cannot: every
header variant, wrong passwords, truncation, hostile member names and decompression bombs; mvt's
real ``.ab`` fixtures are compared field by field in ``test_real_mvt.py``. Every run hashes its
input before and after: the evidence is never changed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib

import pytest

from artefacts.evidence import Access, EvidenceError, open_extraction
from artefacts.evidence import android_backup as ab
from artefacts.evidence import caps
from artefacts.synthetic.android_backup import telephony_backup, write_android_backup
from conftest import corpus_file

TELEPHONY = "com.android.providers.telephony"
SMS_MEMBER = f"apps/{TELEPHONY}/d_f/000000_sms_backup"
MMS_MEMBER = f"apps/{TELEPHONY}/d_f/000001_mms_backup"
SMS_PATH = f"data/user_de/0/{TELEPHONY}/files/000000_sms_backup"
MMS_PATH = f"data/user_de/0/{TELEPHONY}/files/000001_mms_backup"
KEY_HINT = "--key android_backup=PASSWORD"

SMS = [
    {"self_phone": "+15550000001", "address": "+15550000002", "body": "incoming one", "date": "1450893518140",
     "date_sent": "1450893514000", "status": "-1", "type": "1", "read": "1", "recipients": ["+15550000002"]},
    {"address": "+15550000003", "body": "sent two", "date": "1451328022316", "date_sent": "0", "status": "-1",
     "type": "2", "read": "1", "recipients": ["+15550000003", "+15550000004"], "archived": True},
]
MMS = [
    {"self_phone": "+15550000001", "date": "1451322716", "date_sent": "0", "m_type": "128", "v": "18",
     "msg_box": "2", "mms_addresses": [{"type": 137, "address": "insert-address-token", "charset": 106},
                                       {"type": 151, "address": "someone@example.com", "charset": 106}],
     "mms_body": "Mms to email", "mms_charset": 106},
    {"sub": "MMS subject", "date": "1451322955", "date_sent": "1451322950", "m_type": "132", "v": "17",
     "msg_box": "1", "ct_l": "http://promms/servlets/NOK5BBqgUHAqugrQNM",
     "mms_addresses": [{"type": 137, "address": "+15550000005", "charset": 106},
                       {"type": 151, "address": "+15550000001", "charset": 106}],
     "mms_body": "Mms\nBody\r\n", "attachments": [{"mime_type": "image/jpeg", "filename": "image000000.jpg"}],
     "smil": "<smil/>", "mms_charset": 106, "sub_cs": "106"},
]
MEMBERS = [(f"apps/{TELEPHONY}/_manifest", b"1\n"), (SMS_MEMBER, telephony_backup(SMS)),
           (MMS_MEMBER, telephony_backup(MMS))]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def run(parse):
    """``run(path, **options)``: the host's run, and the input's hash is the same after it."""

    def _run(path, **kwargs):
        before = _sha(path)
        tl = parse(path, **kwargs)
        assert _sha(path) == before, "the input changed"
        return tl

    return _run


def _messages(tl):
    return [(e["source_path"], e["source_locator"], e["body"]) for e in tl.events]


# -- member names ------------------------------------------------------------------------------
@pytest.mark.parametrize("member, expected, safe", [
    ("apps/com.x/db/msgstore.db", "data/data/com.x/databases/msgstore.db", True),
    ("apps/com.x/f/key", "data/data/com.x/files/key", True),
    ("apps/com.x/sp/prefs.xml", "data/data/com.x/shared_prefs/prefs.xml", True),
    ("apps/com.x/r/app_webview/Cookies", "data/data/com.x/app_webview/Cookies", True),
    ("apps/com.x/c/img", "data/data/com.x/cache/img", True),
    ("apps/com.x/nb/a", "data/data/com.x/no_backup/a", True),
    (SMS_MEMBER, SMS_PATH, True),
    ("apps/com.x/d_db/a.db", "data/user_de/0/com.x/databases/a.db", True),
    ("apps/com.x/d_sp/p.xml", "data/user_de/0/com.x/shared_prefs/p.xml", True),
    ("apps/com.x/d_r/x", "data/user_de/0/com.x/x", True),
    ("apps/com.x/ef/Media/a.jpg", "storage/emulated/0/Android/data/com.x/files/Media/a.jpg", True),
    ("apps/com.x/_manifest", "apps/com.x/_manifest", True),
    ("apps/com.x/a/base.apk", "apps/com.x/a/base.apk", True),
    ("apps/com.x/k/key", "apps/com.x/k/key", True),
    ("shared/0/DCIM/a.jpg", "shared/0/DCIM/a.jpg", True),
    ("../../etc/passwd", "../../etc/passwd", False),
    ("apps/../../db/x", "apps/../../db/x", False),
    ("/etc/shadow", "/etc/shadow", False),
])
def test_members_are_indexed_under_their_device_paths(member, expected, safe):
    assert ab.device_path(member) == (expected, safe)


# -- header variants ---------------------------------------------------------------------------
@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("password", [None, "pass wörd"])
def test_every_version_compression_and_encryption(tmp_path, version, compress, password):
    path = write_android_backup(tmp_path / "b.ab", MEMBERS, version=version, compress=compress, password=password,
                                rounds=1000, seed=version)
    keys = {"android_backup": [password]} if password else {}
    ext = open_extraction(path, access=Access(keys=keys))
    assert ext.kind == "android_backup" and ext.problems == []
    assert [e.path for e in ext.entries] == [f"apps/{TELEPHONY}/_manifest", SMS_PATH, MMS_PATH]
    assert ext.origin(SMS_PATH) == SMS_MEMBER and ext.origin(f"apps/{TELEPHONY}/_manifest") is None
    assert ext.container_sha256 == _sha(path)
    # every member is hashed while the backup is listed
    assert ext.hash_entry(ext.lookup(SMS_PATH)).sha256 == hashlib.sha256(MEMBERS[1][1]).hexdigest()


def test_master_key_checksum_quirk_on_the_real_encrypted_fixture():
    """mvt's backup2.ab (version 5): its master key has bytes >= 0x80, so only the Java-char UTF-8 checksum opens it."""
    path = corpus_file("other", "mvt", "android_backup", "backup2.ab")
    with open(path, "rb") as fh:
        header = ab.Header(fh, path)
    assert header.version == 5 and header.crypto[2] == 10000
    key, iv = ab.unlock_master_key("123456", 5, *header.crypto)
    assert len(key) == 32 and len(iv) == 16 and any(b >= 0x80 for b in key)
    # as version 1 (the raw key bytes in the checksum), the same blob does not check
    assert ab.unlock_master_key("123456", 1, *header.crypto) is None
    assert ab.unlock_master_key("1234567", 5, *header.crypto) is None


# -- the run -------------------------------------------------------------------------------------
def test_backup_gives_the_sms_and_mms_of_its_telephony_files(run, tmp_path, event_validator):
    path = write_android_backup(tmp_path / "phone.ab", MEMBERS, password="secret", rounds=1000)
    tl = run(path, keys=["android_backup=secret"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    assert _messages(tl) == [
        (SMS_PATH, "sms_backup:index=0", "incoming one"), (SMS_PATH, "sms_backup:index=1", "sent two"),
        (MMS_PATH, "mms_backup:index=0", "Mms to email"), (MMS_PATH, "mms_backup:index=1", "Mms\nBody\r\n"),
    ]
    s1, s2, m1, m2 = tl.events
    assert (s1["timestamp"], s1["timestamp_desc"], s1["direction"], s1["sender"], s1["recipients"], s1["status"]) == (
        "2015-12-23T17:58:38.140000Z", "Received Time", "incoming", "+15550000002", [], "received")
    assert s1["timestamp_raw"] == 1450893518140
    assert s1["extra"] == {"date_sent_time": "2015-12-23T17:58:34.000000Z", "date_sent_raw": 1450893514000,
                           "read": 1, "status": -1, "self_phone": "+15550000001", "recipients": ["+15550000002"]}
    assert s1["conversation_id"] == s1["conversation_name"] == "+15550000002"
    assert (s2["direction"], s2["sender"], s2["recipients"], s2["status"]) == ("outgoing", None, ["+15550000003"], "sent")
    assert s2["conversation_id"] == "+15550000003, +15550000004" and s2["extra"]["archived"] is True
    assert "date_sent_time" not in s2["extra"]  # 0: not known
    # MMS dates are seconds; the owner's placeholder address is no sender
    assert (m1["timestamp"], m1["timestamp_raw"], m1["direction"], m1["sender"], m1["recipients"]) == (
        "2015-12-28T17:11:56.000000Z", 1451322716, "outgoing", None, ["someone@example.com"])
    assert m1["extra"]["m_type"] == 128 and m1["extra"]["v"] == "18" and m1["extra"]["mms_charset"] == 106
    assert (m2["direction"], m2["sender"], m2["recipients"], m2["status"]) == ("incoming", "+15550000005",
                                                                              ["+15550000001"], "received")
    assert m2["extra"]["sub"] == "MMS subject" and m2["extra"]["date_sent_time"] == "2015-12-28T17:15:50.000000Z"
    assert m2["extra"]["ct_l"].startswith("http://promms") and m2["extra"]["smil"] == "<smil/>"
    assert m2["attachments"] == [{"name": "image000000.jpg", "mime_type": "image/jpeg", "size": None, "path": None,
                                  "sha256": None}]
    notes = {s["path"]: s.get("note") for s in tl.sources}
    assert notes[SMS_PATH] == f"stored in the backup as {SMS_MEMBER}"
    assert tl.run["inputs"][0]["kind"] == "android_backup" and tl.run["inputs"][0]["sha256"] == _sha(path)


def test_same_rows_as_android_sms_reads_from_mmssms_db(run, tmp_path):
    """plaso's mmssms.db written as the backup agent writes it: the same events but for ids and threads."""
    db = corpus_file("plaso", "mmssms.db")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    threads = {t["_id"]: t["recipient_ids"] for t in con.execute("SELECT _id, recipient_ids FROM threads")}
    canon = {c["_id"]: c["address"] for c in con.execute("SELECT _id, address FROM canonical_addresses")}
    objects = []
    for row in con.execute("SELECT address, body, date, date_sent, status, type, read, thread_id FROM sms ORDER BY _id"):
        obj = {k: str(row[k]) for k in ("address", "body", "date", "date_sent", "status", "type", "read")
               if row[k] is not None}
        ids = str(threads.get(row["thread_id"]) or "").split()
        if ids:
            obj["recipients"] = [canon[int(i)] for i in ids]
        objects.append(obj)
    con.close()
    path = write_android_backup(tmp_path / "b.ab", [(SMS_MEMBER, telephony_backup(objects))])
    from_backup = run(path).events
    from_db = run(db).events
    assert len(from_backup) == len(from_db) == 9
    fields = ("timestamp", "timestamp_raw", "timestamp_desc", "direction", "sender", "recipients", "body", "status",
              "conversation_name")
    for b, d in zip(from_backup, from_db):
        assert {f: b[f] for f in fields} == {f: d[f] for f in fields}
        extra_db = {k: v for k, v in d["extra"].items() if k in ("read", "status", "date_sent_time", "date_sent_raw")}
        assert {k: v for k, v in b["extra"].items() if k != "recipients"} == extra_db


def test_the_mmssms_db_in_a_backup_is_parsed_under_its_device_path(run, tmp_path):
    db = corpus_file("plaso", "mmssms.db")
    path = write_android_backup(tmp_path / "b.ab", [(f"apps/{TELEPHONY}/db/mmssms.db", db.read_bytes())])
    tl = run(path)
    assert tl.exit_code == 0 and len(tl.events) == 9
    assert {e["source_path"] for e in tl.events} == {f"data/data/{TELEPHONY}/databases/mmssms.db"}
    assert {e["source_sha256"] for e in tl.events} == {_sha(db)}


# -- passwords ----------------------------------------------------------------------------------
def test_encrypted_backup_without_password_says_which_key_to_give(run, tmp_path):
    path = write_android_backup(tmp_path / "locked.ab", MEMBERS, password="123456", rounds=1000)
    tl = run(path)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert str(path) in w["message"] and "no password given" in w["message"] and KEY_HINT in w["message"]


def test_wrong_password_stops_the_run_and_the_right_one_among_several_opens(run, tmp_path):
    """As for iTunes backups (the host's policy): a key that does not open the backup is exit 1, nothing written."""
    from artefacts.evidence import EvidenceKeyError

    path = write_android_backup(tmp_path / "locked.ab", MEMBERS, password="123456", rounds=1000)
    with pytest.raises(EvidenceKeyError, match="password given is wrong") as err:
        run(path, keys=["android_backup=654321"])
    assert str(path) in str(err.value) and KEY_HINT in str(err.value) and "654321" not in str(err.value)
    with pytest.raises(EvidenceKeyError, match=r"\(2 tried\)"):
        open_extraction(path, access=Access(keys={"android_backup": ["a", "b"]}))
    tl = run(path, keys=["android_backup=nope", "android_backup=123456"])
    assert tl.exit_code == 0 and len(tl.events) == 4


def test_cli_missing_and_wrong_password_no_traceback(tmp_path):
    from click.testing import CliRunner

    from artefacts.cli import cli

    path = write_android_backup(tmp_path / "locked.ab", MEMBERS, password="123456", rounds=1000)
    before = _sha(path)
    res = CliRunner().invoke(cli, ["parse", str(path), "-o", str(tmp_path / "t.jsonl"), "-q"])
    assert res.exit_code == 3 and "Traceback" not in res.output
    assert KEY_HINT in res.output
    out = tmp_path / "wrong" / "t.jsonl"
    out.parent.mkdir()
    res = CliRunner().invoke(cli, ["parse", str(path), "-o", str(out), "-q", "--key", "android_backup=hunter2"])
    assert res.exit_code == 1 and "Traceback" not in res.output and "hunter2" not in res.output
    assert [line for line in res.output.splitlines() if line.strip()] == [
        f"fatal: {path}: encrypted Android backup (AES-256): the password given is wrong; give the backup password "
        f"with {KEY_HINT} (no timeline written)"]
    assert not list(out.parent.iterdir())
    assert _sha(path) == before


@pytest.mark.parametrize("password", [None, "123456"])
def test_mvt_encrypted_fixture_needs_its_password(run, password):
    path = corpus_file("other", "mvt", "android_backup", "backup2.ab")
    tl = run(path, keys=[f"android_backup={password}"] if password else [])
    if password is None:
        assert tl.exit_code == 3 and tl.events == [] and KEY_HINT in tl.warnings[0]["message"]
    else:
        assert tl.exit_code == 0 and [e["body"] for e in tl.events] == [
            "Hi this is a test message to https://google.com/"]


# -- damage ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("password", [None, "pw"])
@pytest.mark.parametrize("compress", [True, False])
def test_truncated_backup_keeps_the_members_before_the_cut(run, tmp_path, compress, password):
    big = bytes(range(256)) * 4096  # 1 MiB that does not compress: the cut falls inside it
    members = [(SMS_MEMBER, telephony_backup(SMS)), (f"apps/{TELEPHONY}/f/big.bin", big),
               (MMS_MEMBER, telephony_backup(MMS))]
    full = write_android_backup(tmp_path / "full.ab", members, compress=compress, password=password, rounds=1000)
    cut = tmp_path / "cut.ab"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    keys = [f"android_backup={password}"] if password else []
    tl = run(cut, keys=keys)
    assert tl.exit_code == 3
    assert _messages(tl) == [(SMS_PATH, "sms_backup:index=0", "incoming one"),
                             (SMS_PATH, "sms_backup:index=1", "sent two")]
    [w] = tl.warnings
    assert "truncated or damaged" in w["message"] and f"apps/{TELEPHONY}/f/big.bin" in w["message"]
    ext = open_extraction(cut, access=Access(keys={"android_backup": [password]} if password else {}))
    assert [e.path for e in ext.entries] == [SMS_PATH]  # the member cut off is not indexed


@pytest.mark.parametrize("keep", [0, 5, 20, 40])
def test_truncated_header_or_empty_body_cannot_be_read(run, tmp_path, keep):
    full = write_android_backup(tmp_path / "full.ab", MEMBERS, password="pw", rounds=1000)
    cut = tmp_path / "cut.ab"
    cut.write_bytes(full.read_bytes()[:keep] if keep else b"ANDROID BACKUP\n5\n1\nnone\n")
    tl = run(cut, keys=["android_backup=pw"])
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["message"].startswith("extraction cannot be read") or "no parser recognises" in w["message"]


def test_unknown_header_values_are_refused(tmp_path):
    for header, reason in ((b"ANDROID BACKUP\n9\n1\nnone\n", "version"), (b"ANDROID BACKUP\n5\n2\nnone\n", "compression"),
                           (b"ANDROID BACKUP\n5\n1\nDES\n", "encryption")):
        path = tmp_path / "x.ab"
        path.write_bytes(header + b"\0" * 1024)
        with pytest.raises(EvidenceError, match=reason):
            open_extraction(path)


def test_hostile_member_names_never_choose_where_a_file_is_written(run, tmp_path):
    db = corpus_file("plaso", "mmssms.db").read_bytes()
    path = write_android_backup(tmp_path / "evil.ab", [
        ("../../../escaped/mmssms.db", db), ("/tmp/absolute-android-backup-test/mmssms.db", db),
        (f"apps/../../{TELEPHONY}/db/mmssms.db", db)])
    workdir = tmp_path / "deep" / "work"
    tl = run(path, workdir=workdir)
    assert len(tl.events) == 3 * 9
    unsafe = [w["message"] for w in tl.warnings if "unsafe name" in w["message"]]
    assert len(unsafe) == 3 and tl.exit_code == 3
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "deep" / "escaped").exists()
    assert not (tmp_path.parent / "escaped").exists()
    import pathlib

    assert not pathlib.Path("/tmp/absolute-android-backup-test").exists()
    assert {s["path"] for s in tl.sources} == {"../../../escaped/mmssms.db", "tmp/absolute-android-backup-test/mmssms.db",
                                               f"apps/../../{TELEPHONY}/db/mmssms.db"}


def test_decompression_bomb_stops_at_the_cap_naming_the_member(run, tmp_path, monkeypatch):
    """A member of zeros inflating ~1000:1: the run stops at the cap, keeps what came before, names the member."""
    monkeypatch.setattr(caps, "MIN_EXPANSION_CAP", 8 << 20)
    bomb = f"apps/{TELEPHONY}/f/bomb"
    path = write_android_backup(tmp_path / "bomb.ab", [(SMS_MEMBER, telephony_backup(SMS)), (bomb, bytes(64 << 20)),
                                                       (MMS_MEMBER, telephony_backup(MMS))])
    assert path.stat().st_size < 200_000  # 64 MiB of zeros in well under 1 % of it
    assert ab.expansion_cap(path.stat().st_size) == 8 << 20
    tl = run(path)
    assert tl.exit_code == 3
    assert [e["body"] for e in tl.events] == ["incoming one", "sent two"]
    [w] = tl.warnings
    assert "beyond the cap of 8,388,608 bytes" in w["message"] and repr(bomb) in w["message"]


def test_default_cap():
    assert ab.expansion_cap(1000) == 1 << 30 and ab.expansion_cap(100 << 20) == 100 * (100 << 20)


def test_telephony_file_bomb_is_not_inflated_past_its_cap(run, tmp_path, monkeypatch):
    import artefacts.plugins.android_sms_backup as plugin

    monkeypatch.setattr(plugin, "MAX_JSON_BYTES", 1 << 20)
    bomb = tmp_path / "000000_sms_backup"
    bomb.write_bytes(zlib.compress(b"[" + b" " * (16 << 20) + b"]", 9))
    tl = run(bomb)
    assert tl.events == [] and tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"] == "000000_sms_backup" and "inflates beyond 1,048,576 bytes" in w["message"]


def test_damaged_telephony_files_are_warnings(run, tmp_path):
    for name, content, reason in (
        ("000000_sms_backup", zlib.compress(b'{"a": 1}'), "does not inflate to a JSON array"),
        ("000002_sms_backup", zlib.compress(json.dumps(SMS).encode())[:-8], "not a readable telephony backup"),
        ("000004_mms_backup", zlib.compress(b'[1, {"msg_box": "1", "date": "x", "mms_body": "t"}]'), None),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        tl = run(path)
        assert tl.exit_code == 3
        if reason:
            assert tl.events == [] and reason in tl.warnings[0]["message"]
        else:  # a row that is no object is a row warning; a bad date a warning, the event kept
            assert [e["body"] for e in tl.events] == ["t"] and tl.events[0]["timestamp"] is None
            assert any("not a JSON object" in w["message"] for w in tl.warnings)


def test_a_file_named_like_a_backup_that_is_not_one_is_not_claimed(run, tmp_path):
    path = tmp_path / "000000_sms_backup"
    path.write_bytes(bytes(range(256)) * 4)
    tl = run(path)
    assert tl.events == [] and "android_sms_backup: not zlib-deflated" in tl.warnings[0]["message"]


@pytest.mark.parametrize("password", [None, "pw"])
def test_members_not_taken_while_listing_are_read_in_a_second_forward_pass(tmp_path, password):
    """Without a prefetch nothing is copied while listing: materialize streams the body again, in order."""
    big = bytes(range(256)) * 8192  # 2 MiB: spans several inflated chunks
    members = [*MEMBERS, (f"apps/{TELEPHONY}/f/big.bin", big)]
    path = write_android_backup(tmp_path / "b.ab", members, password=password, rounds=1000)
    ext = open_extraction(path, access=Access(keys={"android_backup": [password]} if password else {}))
    wanted = [ext.lookup(f"data/data/{TELEPHONY}/files/big.bin"), ext.lookup(SMS_PATH)]
    records = ext.materialize(wanted, [], lambda e: tmp_path / "out" / e.path.rsplit("/", 1)[-1])
    assert (tmp_path / "out" / "big.bin").read_bytes() == big
    assert (tmp_path / "out" / "000000_sms_backup").read_bytes() == MEMBERS[1][1]
    assert records[SMS_PATH].sha256 == ext.hash_entry(wanted[1]).sha256 and ext.problems == []
