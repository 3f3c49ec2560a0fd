"""Evidence access: one index, case-insensitive globs anywhere, archives read in one pass, nothing touched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pytest

from artefacts.evidence import Prefetch, Workspace, glob_matches, open_extraction
from artefacts.evidence import extraction as extraction_mod


@pytest.mark.parametrize(
    "glob, path, expected",
    [
        ("**/mmssms.db", "mmssms.db", True),
        ("**/mmssms.db", "Dump/data/data/com.android.providers.telephony/databases/mmssms.db", True),
        ("**/mmssms.db", "data/MMSSMS.DB", True),
        ("**/mmssms.db", "data/xmmssms.db", False),
        ("**/mmssms.db", "data/mmssms.db-wal", False),
        ("**/Library/SMS/sms.db", "private/var/mobile/Library/SMS/sms.db", True),
        ("**/Library/SMS/sms.db", "mobile/library/sms/SMS.db", True),
        ("**/Library/SMS/sms.db", "Library/SMS/Drafts/sms.db", False),
        ("**/databases/msgstore.db.crypt1?", "sdcard/WhatsApp/Databases/msgstore.db.crypt14", True),
        ("**/databases/msgstore.db.crypt1?", "sdcard/WhatsApp/Databases/msgstore.db.crypt9", False),
        ("**/app_parts/*", "data/user_de/0/com.android.providers.telephony/app_parts/PART_1.jpg", True),
        ("**/app_parts/*", "data/app_parts/sub/PART_1.jpg", False),
        ("**/files/**/cache4.db", "data/data/org.telegram.messenger/files/account1/cache4.db", True),
        ("**/files/**/cache4.db", "data/data/org.telegram.messenger/files/cache4.db", True),
        ("**/msgstore-[0-9]*.db", "WhatsApp/Databases/msgstore-2024-01-01.1.db", True),
    ],
)
def test_globs(glob, path, expected):
    assert glob_matches(glob, path) is expected


def _make_tree(root: Path) -> dict[str, bytes]:
    files = {
        "data/data/com.android.providers.telephony/databases/mmssms.db": b"SQLite format 3\x00" + b"\x01" * 100,
        "data/data/com.android.providers.telephony/databases/mmssms.db-wal": b"wal" * 10,
        "data/data/com.android.providers.telephony/databases/mmssms.db-journal": b"journal",
        "data/user_de/0/com.android.providers.telephony/app_parts/PART_1.jpg": b"\xff\xd8\xff\xe0jpeg",
        "sdcard/DCIM/photo.jpg": os.urandom(4096),
    }
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return files


def _archive(kind: str, src: Path, dest: Path) -> Path:
    if kind == "zip":
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(src.rglob("*")):
                if p.is_file():
                    zf.write(p, p.relative_to(src).as_posix())
    else:
        mode = {"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2"}[kind]
        with tarfile.open(dest, mode) as tf:
            tf.add(src, arcname="Dump")
    return dest


@pytest.mark.parametrize("kind", ["dir", "zip", "tar", "tar.gz", "tar.bz2"])
def test_index_match_and_copy_with_siblings(tmp_path, kind):
    src = tmp_path / "src"
    files = _make_tree(src)
    target = src if kind == "dir" else _archive(kind, src, tmp_path / f"ext.{kind}")
    ext = open_extraction(target)
    assert ext.kind == {"dir": "directory", "zip": "zip"}.get(kind, "tar")
    assert len(ext.entries) == len(files)
    [db] = ext.find("**/Com.Android.Providers.Telephony/databases/MMSSMS.db")
    sibs = ext.siblings(db)
    assert sorted(s.path.rsplit("-", 1)[-1] for s in sibs) == ["journal", "wal"]
    ws = Workspace(tmp_path / "work")
    records = ext.materialize([db, *sibs], [], lambda e: ws.path_for(0, e.path))
    for rec in records.values():
        rel = rec.path[len("Dump/") :] if rec.path.startswith("Dump/") else rec.path
        assert rec.local_path.read_bytes() == files[rel]
        assert rec.sha256 == hashlib.sha256(files[rel]).hexdigest()
        assert rec.local_path.is_relative_to(ws.root)
    part = ext.find_by_suffix("/data/user_de/0/com.android.providers.telephony/app_parts/PART_1.jpg")
    assert part is not None and part.path.endswith("app_parts/PART_1.jpg")
    if ext.random_access:
        assert ext.hash_entry(part).sha256 == hashlib.sha256(files[part.path.removeprefix("Dump/")]).hexdigest()
    if kind != "dir":
        assert ext.container_sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    ext.close()
    ws.cleanup()
    assert not ws.root.exists()


def _counting_tar_open(monkeypatch) -> list:
    opened = []
    real_open = tarfile.open

    def counting_open(*args, **kwargs):
        opened.append(kwargs.get("mode"))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(tarfile, "open", counting_open)
    return opened


def test_compressed_tar_is_read_sequentially_twice_at_most(tmp_path, monkeypatch):
    """List once, then extract every wanted member in a single forward pass."""
    src = tmp_path / "src"
    _make_tree(src)
    target = _archive("tar.gz", src, tmp_path / "ext.tar.gz")
    opened = _counting_tar_open(monkeypatch)
    ext = open_extraction(target)
    assert not ext.random_access
    wanted = ext.entries  # every member, in reverse order of request
    ws = Workspace(tmp_path / "work")
    records = ext.materialize(list(reversed(wanted)), [], lambda e: ws.path_for(0, e.path))
    assert len(records) == len(wanted)
    assert opened == ["r|*", "r|*"], "one listing pass and one extraction pass, both streaming"


SMS_GLOB = "**/com.android.providers.telephony/databases/mmssms.db"
PARTS_GLOB = "**/com.android.providers.telephony/app_parts/*"


def test_prefetch_decides_per_member_path():
    pf = Prefetch([SMS_GLOB, "**/Library/SMS/sms.db"], [PARTS_GLOB], lambda e: None)
    assert pf.want("Dump/data/data/com.android.providers.telephony/databases/mmssms.db") == "copy"
    assert pf.want("Dump/data/data/com.android.providers.telephony/databases/MMSSMS.db-wal") == "copy"
    assert pf.want("data/data/com.android.providers.telephony/databases/mmssms.db-journal") == "copy"
    assert pf.want("Dump/data/user_de/0/com.android.providers.telephony/app_parts/PART_1.jpg") == "hash"
    assert pf.want("Dump/sdcard/DCIM/photo.jpg") is None
    assert pf.want("Dump/data/data/com.android.providers.telephony/databases/mmssms.db-backup") is None
    assert pf.want("private/var/mobile/Library/SMS/sms.db") == "copy"


def test_compressed_tar_with_prefetch_is_read_once(tmp_path, monkeypatch):
    """Members a prefetch wants are copied and hashed while the archive is listed: no second pass."""
    src = tmp_path / "src"
    files = _make_tree(src)
    target = _archive("tar.gz", src, tmp_path / "ext.tar.gz")
    opened = _counting_tar_open(monkeypatch)
    ws = Workspace(tmp_path / "work")
    dest_for = lambda e: ws.path_for(0, e.path)  # noqa: E731
    ext = open_extraction(target, prefetch=Prefetch([SMS_GLOB], [PARTS_GLOB], dest_for))
    [db] = ext.find(SMS_GLOB)
    parts = ext.find(PARTS_GLOB)
    records = ext.materialize([db, *ext.siblings(db)], parts, dest_for)
    assert opened == ["r|*"], "only the listing pass"
    assert len(records) == 4 and len(parts) == 1
    for rec in records.values():
        data = files[rec.path.removeprefix("Dump/")]
        assert rec.sha256 == hashlib.sha256(data).hexdigest() and rec.size == len(data)
        if rec.path.endswith("PART_1.jpg"):
            assert rec.local_path is None  # hashed, not copied
        else:
            assert rec.local_path.read_bytes() == data
    assert ext.hash_entry(parts[0]).sha256 == records[parts[0].path].sha256
    # a member the prefetch did not take is read in a second sequential pass
    [photo] = ext.find("**/DCIM/photo.jpg")
    more = ext.materialize([db, photo], [], dest_for)
    assert opened == ["r|*", "r|*"]
    assert more[photo.path].local_path.read_bytes() == files["sdcard/DCIM/photo.jpg"]
    assert more[db.path] == records[db.path]


def test_tar_gz_extraction_gives_the_folder_timeline_in_one_pass(parse, tmp_path, monkeypatch):
    """A whole run on a .tar.gz of the sample Android extraction: one pass, the same events and sources."""
    src = Path(__file__).resolve().parent.parent / "sample_data" / "whatsapp" / "android"
    target = tmp_path / "android.tar.gz"
    with tarfile.open(target, "w:gz") as tf:
        tf.add(src, arcname="Dump")
    folder = parse(src)
    opened = _counting_tar_open(monkeypatch)
    packed = parse(target)
    assert opened.count("r|*") == 1
    assert folder.exit_code == packed.exit_code == 0

    def events(timeline):  # paths inside the archive start with Dump/
        out = []
        for e in timeline.events:
            e = {k: v for k, v in e.items() if k not in ("event_id", "evidence_id", "source_path")}
            e["attachments"] = [{**a, "path": a["path"] and a["path"].removeprefix("Dump/")} for a in e["attachments"]]
            out.append(e)
        return out

    assert events(packed) == events(folder) and len(events(folder)) > 100
    assert [s["path"].removeprefix("Dump/") for s in packed.sources] == [s["path"] for s in folder.sources]
    assert [s["sha256"] for s in packed.sources] == [s["sha256"] for s in folder.sources]


def test_truncated_tar_keeps_what_was_listed(tmp_path):
    src = tmp_path / "src"
    _make_tree(src)
    target = _archive("tar", src, tmp_path / "ext.tar")
    data = target.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) * 2 // 3])
    ext = open_extraction(cut)
    assert 0 < len(ext.entries) <= 5
    assert any("truncated" in p for p in ext.problems)


def test_single_file_and_missing(tmp_path):
    db = tmp_path / "x.db"
    sqlite3.connect(db).execute("CREATE TABLE t (a)").connection.close()
    ext = open_extraction(db)
    assert ext.kind == "file" and [e.path for e in ext.entries] == ["x.db"]
    with pytest.raises(extraction_mod.EvidenceError):
        open_extraction(tmp_path / "nope")


def test_single_database_keeps_its_wal(parse, tmp_path):
    """A database given by its path takes its -wal along (plaso's derived mmssms.db: 9 rows, 10 with the WAL)."""
    from conftest import corpus_file

    src = corpus_file("plaso", "derived", "mmssms_wal", "mmssms.db")
    folder = tmp_path / "given"
    folder.mkdir()
    for f in src.parent.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    ext = open_extraction(folder / "mmssms.db")
    assert [e.path for e in ext.entries] == ["mmssms.db", "mmssms.db-wal"]
    before = _snapshot(folder)
    tl = parse(folder / "mmssms.db", parsers=["android_sms"])
    assert _snapshot(folder) == before
    assert tl.exit_code == 0 and len(tl.events) == 10
    assert tl.by_locator("sms:_id=10")["body"] == "WAL-only message"
    assert [s["role"] for s in tl.sources] == ["database", "wal"]


def test_workspace_paths_stay_inside(tmp_path):
    ws = Workspace(tmp_path / "w")
    p = ws.path_for(0, "../../etc/passwd")
    assert p.is_relative_to(ws.root)
    p = ws.path_for(1, "a/b:c/d?.db")
    assert p.is_relative_to(ws.root) and ":" not in p.name + p.parent.name
    assert oct(ws.root.stat().st_mode & 0o777) == "0o700"


def _snapshot(root: Path) -> dict:
    snap = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
            snap[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns, st.st_mode, digest)
    return snap


def test_evidence_folder_is_not_changed_by_a_run(parse, tmp_path):
    """Hash every file of the input folder and its listing before and after a run: nothing changes.

    The folder holds SQLite databases with a WAL and a hot journal, the situation in which opening
    a database in place (even read-only) would create files or checkpoint.
    """
    from conftest import corpus_file

    root = tmp_path / "evidence"
    tele = root / "data/data/com.android.providers.telephony/databases"
    tele.mkdir(parents=True)
    (tele / "mmssms.db").write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    wal_src = corpus_file("plaso", "derived", "mmssms_wal")
    calls = root / "data/data/com.android.providers.contacts/databases"
    calls.mkdir(parents=True)
    # a database with a live WAL next to it
    walroot = root / "data/user/10/com.android.providers.telephony/databases"
    walroot.mkdir(parents=True)
    for f in sorted(wal_src.iterdir()):
        (walroot / f.name).write_bytes(f.read_bytes())
    (calls / "contacts2.db").write_bytes(corpus_file("plaso", "contacts2.db").read_bytes())
    os.utime(root / "data", (1_000_000_000, 1_000_000_000))
    before = _snapshot(root)
    tl = parse(root)
    after = _snapshot(root)
    assert before == after
    assert len(tl.events) == 9 + 10 + 3  # the WAL copy shows its 10th row
    assert {s["role"] for s in tl.sources} >= {"database", "wal"}


def test_itunes_backup_is_read_through_its_manifest(parse, event_validator):
    """mvt's real iTunes backup: hashed file names resolved through Manifest.db (with its WAL)."""
    from conftest import corpus_file

    backup = corpus_file("other", "mvt", "ios_backup")
    before = _snapshot(backup)
    tl = parse(backup)
    assert _snapshot(backup) == before
    by_app = {}
    for e in tl.events:
        event_validator.validate(e)
        by_app.setdefault(e["app"], []).append(e)
    kinds = [e["kind"] for e in by_app["whatsapp"]]
    assert kinds == ["message"] * 3 + ["contact"] * 2  # ContactsV2: 2 contacts
    assert len(by_app["sms"]) == 1  # the handle's service: SMS
    first = by_app["whatsapp"][0]
    assert first["timestamp"] == "2025-08-27T15:06:40.000000Z" and first["sender_name"] == "Alice Example"
    assert first["source_path"] == "AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite"
    sms = by_app["sms"][0]
    assert sms["source_path"] == "HomeDomain/Library/SMS/sms.db"
    notes = {s["path"]: s["note"] for s in tl.sources}
    assert notes["HomeDomain/Library/SMS/sms.db"] == "stored in the backup as 3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28"
    # the fixture is trimmed: files listed in Manifest.db but absent are reported, not ignored
    assert tl.exit_code == 3 and "not in the backup folder" in tl.warnings[0]["message"]


def test_encrypted_itunes_backup_is_refused_clearly(parse, tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "Info.plist").write_bytes(b"<?xml version='1.0'?><plist><dict/></plist>")
    (backup / "Manifest.db").write_bytes(os.urandom(4096))
    tl = parse(backup)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert "encrypted iTunes/Finder backup" in w["message"] and "password" in w["message"]


def test_damaged_zip_member_is_reported_and_the_rest_parsed(parse, tmp_path):
    """A member whose compressed data is damaged gives one warning; the other databases are parsed."""
    from conftest import corpus_file

    target = tmp_path / "ext.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data/data/com.android.providers.telephony/databases/mmssms.db", corpus_file("plaso", "mmssms.db").read_bytes())
        zf.writestr("data/data/com.android.providers.contacts/databases/contacts2.db", corpus_file("plaso", "contacts2.db").read_bytes())
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as zf:
        info = zf.getinfo("data/data/com.android.providers.telephony/databases/mmssms.db")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 200, start + 260):
        data[i] ^= 0xFF  # damage the deflate stream (CRC or inflate fails)
    target.write_bytes(bytes(data))
    tl = parse(target)
    assert tl.exit_code == 3
    assert len(tl.events) == 3 and all(e["kind"] == "call" for e in tl.events)
    messages = [w["message"] for w in tl.warnings]
    assert any("mmssms.db: cannot be read" in m for m in messages), messages


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(parse, tmp_path):
    from conftest import corpus_file

    root = tmp_path / "ext" / "data/data/com.android.providers.telephony/databases"
    root.mkdir(parents=True)
    db = root / "mmssms.db"
    db.write_bytes(corpus_file("plaso", "mmssms.db").read_bytes())
    db.chmod(0)
    try:
        tl = parse(tmp_path / "ext")
    finally:
        db.chmod(0o644)
    assert tl.exit_code == 3 and "cannot be read" in tl.warnings[0]["message"]


def test_file_that_cannot_be_opened_is_reported(parse, tmp_path, monkeypatch):
    """The same path for root (who reads any file): opening one member fails with a permission error."""
    from conftest import corpus_file

    root = tmp_path / "ext"
    for sub, name in (("com.android.providers.telephony", "mmssms.db"), ("com.android.providers.contacts", "contacts2.db")):
        d = root / "data/data" / sub / "databases"
        d.mkdir(parents=True)
        (d / name).write_bytes(corpus_file("plaso", name).read_bytes())
    real = extraction_mod.DirectoryExtraction.open_entry

    def deny(self, entry):
        if entry.path.endswith("mmssms.db"):
            raise PermissionError(13, "Permission denied", entry.key)
        return real(self, entry)

    monkeypatch.setattr(extraction_mod.DirectoryExtraction, "open_entry", deny)
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == 3
    assert any("mmssms.db: cannot be read" in w["message"] and "Permission denied" in w["message"] for w in tl.warnings)
