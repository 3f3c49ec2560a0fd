"""Deleted-record recovery (``artefacts.recovery``, ``artefacts recover``).

Generated databases (``artefacts.synthetic.deleted``: the real Android ``mmssms.db`` schema) with
known deleted rows, edited rows and WAL commits; then the real files: the SQLite Forensic Corpus
(recall and precision floors, every database without a crash), plaso's WAL database, plaso's
iMessage ``chat.db`` (zeroed freelist: nothing to invent), and the WAL databases of iLEAPP's
Mastodon and Truth Social cases, whose older row versions are checked against SQLite's own
reading of the same copy. Corpus tests skip when ``../shared`` is absent.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, corpus_file

from artefacts.recovery import recover_database
from artefacts.recovery.format import local_payload, serial_size, varint, wal_checksum
from artefacts.recovery.schema import parse_create_table
from artefacts.synthetic import ddl_loader
from artefacts.synthetic.android import SMS_COLS
from artefacts.synthetic.deleted import build_deleted_sms, build_wal_sms

ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]
SFC = CORPUS / "sqlite_forensic_corpus" / "v1.0"


def _score_module():
    spec = importlib.util.spec_from_file_location("recovery_score", REPO / "benchmarks" / "recovery_score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _agrees(record: dict, row: dict) -> bool:
    """Every value the record kept equals the row's (the record may have lost some columns)."""
    return bool(record["values"]) and all(row.get(k) == v for k, v in record["values"].items())


# -- file-format pieces, against the values the format documents -----------------------------------

def test_varint_and_serial_types():
    assert varint(b"\x7f", 0, 1) == (127, 1)
    assert varint(b"\x81\x00", 0, 2) == (128, 2)
    assert varint(b"\xff" * 8 + b"\x01", 0, 9) == ((1 << 64) - 255, 9)  # the 9th byte gives all 8 bits
    assert [serial_size(t) for t in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)] == [0, 1, 2, 3, 4, 6, 8, 8, 0, 0]
    assert serial_size(10) is None and serial_size(11) is None
    assert serial_size(12) == 0 and serial_size(13) == 0 and serial_size(31) == 9 and serial_size(30) == 9


def test_spill_rule():
    # page size 4096, no reserved bytes: everything local up to U - 35; else M = 489 or K
    assert local_payload(4061, 4096, True) == 4061
    assert local_payload(4062, 4096, True) == 489  # K = 489 + 3573 = 4062 > 4061: M
    assert local_payload(4681, 4096, True) == 589  # K = 489 + (4681 - 489) % 4092 = 589
    assert local_payload(20, 4096, False) == 20


def test_wal_checksum_against_a_real_wal():
    wal = corpus_file("plaso", "wal_database.db-wal").read_bytes()
    s0, s1 = wal_checksum(wal[:24], 0, 0, big_endian=wal[3] == 0x83)
    assert (s0, s1) == (int.from_bytes(wal[24:28], "big"), int.from_bytes(wal[28:32], "big"))


def test_create_table_parser_agrees_with_sqlite():
    """Every table of the project's real DDL files: our columns and declared types equal PRAGMA table_info."""
    checked = 0
    for ddl in sorted(ddl_loader.DDL_DIR.glob("*.sql")):
        try:
            statements = ddl_loader.statements(ddl.name)
        except ValueError:
            continue  # a migration script (ALTER TABLE ...), not a schema dump
        con = sqlite3.connect(":memory:")
        for st in statements:
            if st.kind != "table":
                continue
            con.execute(st.sql)
            if "VIRTUAL" in st.sql.upper().split("(")[0]:
                assert parse_create_table(st.sql) is None
                continue
            table = parse_create_table(st.sql, st.name)
            info = con.execute(f'SELECT name, type, "notnull", pk FROM pragma_table_info("{st.name}")').fetchall()
            assert [(c.name, c.decl.upper(), int(c.notnull)) for c in table.columns] == [(n, t.upper(), nn) for n, t, nn, _ in info]
            checked += 1
        con.close()
    assert checked > 50


def test_create_table_parser_on_the_corpus_names():
    """Folders 01-03 of the SQLite Forensic Corpus: weird names, encapsulated definitions, keywords."""
    dbs = sorted(p for f in ("01", "02", "03") for p in (SFC / f).glob("*.db"))
    if not dbs:
        pytest.skip("SQLite Forensic Corpus not available")
    for db in dbs:
        con = sqlite3.connect(db.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        for name, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
            table = parse_create_table(sql, name)
            info = con.execute('SELECT name, type, "notnull" FROM pragma_table_info(?)', (name,)).fetchall()
            assert [(c.name, c.decl, int(c.notnull)) for c in table.columns] == info, (db.name, name)
        con.close()


def test_rowid_alias_and_without_rowid():
    t = parse_create_table("CREATE TABLE m (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL)")
    assert [c.rowid_alias for c in t.columns] == [True, False] and t.columns[1].notnull
    assert not parse_create_table("CREATE TABLE d (x INTEGER PRIMARY KEY DESC, y)").columns[0].rowid_alias
    assert not parse_create_table("CREATE TABLE i (x INT PRIMARY KEY, y)").columns[0].rowid_alias
    w = parse_create_table("CREATE TABLE w (a INTEGER, b TEXT, PRIMARY KEY (a)) WITHOUT ROWID")
    assert w.without_rowid and not w.columns[0].rowid_alias


# -- generated databases ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def deleted_sms(tmp_path_factory):
    path = tmp_path_factory.mktemp("recovery") / "mmssms.db"
    info = build_deleted_sms(path)
    before = _sha(path)
    rec = recover_database(path)
    assert _sha(path) == before  # the input is only read
    return info, rec


def test_deleted_messages_come_back_with_their_values(deleted_sms):
    info, rec = deleted_sms
    assert rec.problems == []
    sms = [r for r in rec.records if r["table"] == "sms"]
    short = [row for row in info["deleted"] if row["_id"] not in info["long_ids"]]
    assert len(short) >= 4
    for row in short:
        whole = [r for r in sms if not r["missing"] and all(r["values"][c] == row[c] for c in SMS_COLS)]
        freed = [r for r in sms if r["missing"] == ["_id"] and _agrees(r, row)]
        assert whole or freed, row["_id"]
        for r in whole:
            assert r["status"] == "deleted" and r["rowid"] == row["_id"]
        for r in freed:  # the cell header (with the rowid) was lost to the freeblock header
            assert r["status"] == "freed" and r["rowid"] is None and r["method"] == "header_lost"


def test_nothing_invented_from_the_free_space(deleted_sms):
    """Every recovered message is a deleted row or an earlier version of a row (before its long body)."""
    info, rec = deleted_sms
    known = info["deleted"] + info["earlier"]
    for r in rec.records:
        if r["table"] == "sms":
            assert any(_agrees(r, row) for row in known), r


def test_deleted_overflow_rows(deleted_sms):
    """Long bodies spill to an overflow page; the first freed one becomes the freelist trunk."""
    info, rec = deleted_sms
    long_rows = [row for row in info["deleted"] if row["_id"] in info["long_ids"]]
    assert len(long_rows) == 3
    whole = 0
    for row in long_rows:
        hits = [r for r in rec.records if r["table"] == "sms" and _agrees(r, row)]
        assert hits, row["_id"]
        for r in hits:
            if "body" in r["values"]:
                assert r["overflow_pages"] and len(r["values"]["body"]) > 4061 - 100
                whole += 1
            else:
                # its overflow page is the trunk now (first bytes overwritten): the body is not guessed
                assert "body" in r["missing"] and r["partial"]
    assert whole >= 2


def test_secure_delete_leaves_nothing_to_invent(tmp_path):
    path = tmp_path / "mmssms.db"
    info = build_deleted_sms(path, secure_delete=True)
    assert info["deleted"]
    rec = recover_database(path)
    assert rec.problems == []
    assert [r for r in rec.records if r["table"] == "sms"] == []


def test_wal_commits_give_previous_versions_with_frames(tmp_path):
    info = build_wal_sms(tmp_path)
    db = Path(info["path"])
    assert Path(str(db) + "-wal").stat().st_size > 32
    rec = recover_database(db)
    assert rec.problems == []
    sms = [r for r in rec.records if r["table"] == "sms"]
    for rowid, versions in info["edited"].items():
        for old in versions:
            hits = [r for r in sms if r["rowid"] == rowid and r["values"]["body"] == old["body"]]
            assert hits and all(r["status"] == "previous_version" for r in hits), (rowid, old["body"])
    # the version written by the first commit exists only in WAL frame(s): it carries the frame and salts
    edited_once = info["edited"][min(info["edited"])][-1]
    frames = [r for r in sms if r["values"]["body"] == edited_once["body"]]
    assert frames and all(r["region"] == "wal_frame" and r["wal"]["frame"] >= 1 and r["wal"]["committed"] for r in frames)
    for row in info["deleted"]:
        hits = [r for r in sms if r["rowid"] == row["_id"]]
        assert hits and all(r["status"] == "deleted" and r["values"]["body"] == row["body"] for r in hits)
    for r in sms:  # no live row reported
        live = info["final"].get(r["rowid"])
        assert live is None or any(live[k] != v for k, v in r["values"].items())


def test_damaged_databases_never_raise(tmp_path):
    """Seeded byte flips over a generated database with free space: a result, never an exception."""
    src = tmp_path / "src.db"
    build_deleted_sms(src, n_sms=60, n_long=1)
    data = src.read_bytes()
    r = random.Random(17)
    for i in range(60):
        buf = bytearray(data)
        for _ in range(40):
            buf[r.randrange(100, len(buf))] = r.randrange(256)
        if i % 5 == 0:  # a freeblock that points to itself, a freelist trunk that loops
            page = 4096 * r.randrange(1, len(buf) // 4096)
            buf[page + 1:page + 3] = (200).to_bytes(2, "big")
            buf[page + 200:page + 204] = (200).to_bytes(2, "big") + (8).to_bytes(2, "big")
            buf[32:36] = (2).to_bytes(4, "big")
            buf[4096:4100] = (2).to_bytes(4, "big")
        p = tmp_path / f"m{i}.db"
        p.write_bytes(bytes(buf))
        rec = recover_database(p)
        # damage is reported as a reason; an unexpected exception (caught as "carving stopped") is a bug
        assert not [m for m in rec.problems if m.startswith("carving stopped")], rec.problems
    (tmp_path / "short.db").write_bytes(data[:150])
    assert recover_database(tmp_path / "short.db").problems


# -- the command -------------------------------------------------------------------------------------

def test_cli_writes_json_lines(tmp_path, deleted_sms):
    info, _ = deleted_sms
    out = tmp_path / "out.jsonl"
    res = subprocess.run([*ARTEFACTS, "recover", info["path"], "-o", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all(x["database"] == info["path"] for x in lines)
    rec = [x for x in lines if x["kind"] == "record"][0]
    for key in ("table", "rowid", "values", "status", "region", "page", "offset", "confidence", "partial", "locator"):
        assert key in rec
    again = subprocess.run([*ARTEFACTS, "recover", info["path"], "-o", str(out)], capture_output=True, text=True)
    assert again.returncode == 2  # no silent overwrite


def test_cli_warns_once_and_exits_3(tmp_path):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"hello, this is no database" * 10)
    res = subprocess.run([*ARTEFACTS, "recover", str(bad)], capture_output=True, text=True)
    assert res.returncode == 3 and res.stdout == ""
    warnings = [x for x in res.stderr.splitlines() if x.startswith("warning:")]
    assert len(warnings) == 1 and str(bad) in warnings[0] and "SQLite" in warnings[0]
    assert "Traceback" not in res.stderr


def test_blobs_are_base64(tmp_path):
    db = tmp_path / "b.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA secure_delete = 0")  # some builds of SQLite default to on
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL, n INTEGER)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [(i, f"name {i}", bytes([i, 0, 255, 7]) * 5, i * 1000) for i in range(1, 40)])
    con.commit()
    con.execute("DELETE FROM t WHERE id = 39")  # the last cell: at the content start, released into the gap
    con.commit()
    con.close()
    rec = recover_database(db)
    hit = [r for r in rec.records if r["values"].get("name") == "name 39"]
    assert len(hit) == 1 and hit[0]["values"]["data"] == {"base64": base64.b64encode(bytes([39, 0, 255, 7]) * 5).decode()}
    assert hit[0]["values"]["n"] == 39000 and hit[0]["region"] == "unallocated"
    # its first 4 bytes (payload size, rowid, header length, first serial type) became a freeblock header
    assert hit[0]["missing"] == ["id"] and hit[0]["status"] == "freed"
    assert len(rec.records) == 1


# -- real files -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_scores():
    if not SFC.is_dir():
        pytest.skip("SQLite Forensic Corpus not available")
    mod = _score_module()
    return {db: mod.score_db(db) for db in sorted(SFC.glob("*/*.db"))}


def _figures(scores: dict, folders) -> tuple[float, float]:
    items = [s for db, s in scores.items() if db.parent.name in folders]
    recall = sum(s["found_recoverable"] for s in items) / sum(s["recoverable"] for s in items)
    precision = sum(s["true_records"] for s in items) / sum(s["records"] for s in items)
    return recall, precision


def test_corpus_every_database_processed(corpus_scores):
    assert len(corpus_scores) == 77  # score_db raises on a crash: every one came back


def test_corpus_deleted_records_0C(corpus_scores):
    recall, precision = _figures(corpus_scores, {"0C"})
    assert recall >= 0.90 and precision >= 0.95


def test_corpus_deletion_folders_overall(corpus_scores):
    recall, precision = _figures(corpus_scores, {"0A", "0B", "0C", "0D", "0E"})
    assert recall >= 0.80 and precision >= 0.95
    items = [s for db, s in corpus_scores.items() if db.parent.name in {"0A", "0B", "0C", "0D", "0E"}]
    assert sum(s["deleted"] for s in items) == 278  # the corpus paper's count of deleted records


def test_plaso_wal_database(tmp_path):
    for name in ("wal_database.db", "wal_database.db-wal"):
        (tmp_path / name).write_bytes(corpus_file("plaso", name).read_bytes())
    rec = recover_database(tmp_path / "wal_database.db")
    assert rec.problems == []
    got = {(r["values"].get("Field1"), r["rowid"]): r["status"] for r in rec.records if r["table"] == "MyTable"}
    assert got[("Deleted Text 1", 3)] == "deleted"
    assert got[("Deleted Text 2", 6)] == "deleted"
    assert got[("Committed Text 3", 4)] == "previous_version"
    # the live rows as SQLite reads them (the WAL applied) are not reported
    con = sqlite3.connect(tmp_path / "wal_database.db")
    live = {(f1, rowid) for rowid, f1 in con.execute("SELECT rowid, Field1 FROM MyTable")}
    con.close()
    assert not live & set(got)


def test_imessage_zeroed_freelist(tmp_path):
    db = tmp_path / "chat.db"
    db.write_bytes(corpus_file("plaso", "imessage_chat.db").read_bytes())
    rec = recover_database(db)
    assert rec.stats["freelist_pages"] == 100
    assert [r for r in rec.records if r["table"] == "message"] == []
    gaps = {e["table"]: e for e in rec.evidence if e["evidence"] == "rowid_gap"}
    assert gaps["message"]["missing_rowids"] == 226 and gaps["message"]["ranges"] == [[11, 236]]
    assert gaps["message"]["content_recovered"] == 0


@pytest.mark.parametrize("case, db_name", [("mastodon", "shared.sqlite"), ("truthSocial", "ChatModel.sqlite")])
def test_ileapp_wal_databases(tmp_path, case, db_name):
    zips = sorted((CORPUS / "ileapp" / "cases").glob(f"{case}.*.zip")) if CORPUS.is_dir() else []
    if not zips:
        pytest.skip(f"iLEAPP case {case} not available")
    with zipfile.ZipFile(zips[0]) as z:
        for info in z.infolist():
            if Path(info.filename).name in (db_name, db_name + "-wal"):
                (tmp_path / Path(info.filename).name).write_bytes(z.read(info))
    db = tmp_path / db_name
    assert (tmp_path / (db_name + "-wal")).stat().st_size > 1_000_000
    rec = recover_database(db)
    assert rec.problems == [] and rec.stats["wal_frames"] > 500
    older = [r for r in rec.records if r["status"] == "previous_version"]
    assert older
    for r in rec.records:
        if r["region"] == "wal_frame":
            assert r["wal"]["frame"] >= 1 and r["wal"]["salt1"] is not None
    # checked against SQLite's own reading of a copy (WAL applied): previous versions have a live row
    # with other values; deleted rows have none
    copy = tmp_path / "copy"
    copy.mkdir()
    for p in tmp_path.glob(db_name + "*"):
        (copy / p.name).write_bytes(p.read_bytes())
    con = sqlite3.connect(copy / db_name)
    for r in rec.records:
        if r["rowid"] is None or r["table"] == "sqlite_master":
            continue
        cols = list(r["values"])
        row = con.execute(f'SELECT {", ".join(f"[{c}]" for c in cols)} FROM "{r["table"]}" WHERE rowid = ?',
                          (r["rowid"],)).fetchone()
        if r["status"] == "previous_version":
            assert row is not None and list(row) != [r["values"][c] for c in cols]
        else:
            assert row is None
    con.close()


# -- phase 2: rows for a plugin's mapping --------------------------------------------------------------

class _MappingContext:
    """The two things ``sms_to_event`` asks of its context: times in a declared unit, and lookups."""

    def __init__(self):
        self.lookups = {"threads": {}}

    def time(self, unit, raw, *, zero_is_null=False, column=""):
        return None if raw is None or (zero_is_null and raw == 0) else unit.iso(raw)


def test_recovered_rows_run_through_a_plugin_mapping(deleted_sms):
    from artefacts.plugins.android_sms import SMS_OPTIONAL, sms_to_event
    from artefacts.recovery.integration import RecoveredDatabase

    info, _ = deleted_sms
    rdb = RecoveredDatabase(info["path"])
    assert "sms" in rdb.tables() and rdb.problems == []
    rows = list(rdb.rows("sms", columns=SMS_OPTIONAL))  # optional columns as the plugin's query names them
    assert rows and all(set(SMS_COLS) | set(SMS_OPTIONAL) <= set(r) and "_recovery" in r for r in rows)
    events = []
    for row in rows:
        event = sms_to_event(row, _MappingContext())  # the plugin's own function, unchanged
        event["recovered"] = True
        event["source_locator"] = row["_recovery"]["source_locator"]
        events.append((row, event))
    for deleted in info["deleted"]:
        if deleted["_id"] in info["long_ids"]:
            continue
        match = [e for row, e in events if e["body"] == deleted["body"] and e["timestamp_raw"] == deleted["date"]]
        assert match, deleted["_id"]
        e = match[0]
        assert e["conversation_id"] == str(deleted["thread_id"]) and e["timestamp"].endswith("Z")
        assert e["source_locator"].startswith("sms") and "recovered@" in e["source_locator"]
    for row, _ in events:
        meta = row["_recovery"]
        assert meta["status"] in ("deleted", "freed", "previous_version")
        for col in meta["missing"]:
            assert row[col] is None
        if meta["rowid"] is not None:
            assert row["_id"] == meta["rowid"]  # the rowid alias holds the rowid


def test_recovered_rows_filters(deleted_sms):
    from artefacts.recovery.integration import RecoveredDatabase, recovered_rows

    info, _ = deleted_sms
    rdb = RecoveredDatabase(info["path"])
    every = list(rdb.rows("SMS"))  # table names as SQLite compares them
    complete = list(rdb.rows("sms", complete_only=True))
    high = list(rdb.rows("sms", min_confidence="high"))
    assert every and len(complete) < len(every) and not any(r["_recovery"]["partial"] for r in complete)
    assert all(r["_recovery"]["confidence"] == "high" for r in high)
    assert list(rdb.rows("no_such_table")) == []
    assert len(list(recovered_rows(info["path"], "sms"))) == len(every)


def test_sqlite_dissect_chinook_wal_and_journal(tmp_path):
    """A row the WAL deletes comes back from the page it supersedes; the journal's page images are read."""
    for suffix in ("", "-wal", "-journal"):
        (tmp_path / f"chinook.sqlite{suffix}").write_bytes(corpus_file("other", "sqlite-dissect", f"chinook.sqlite{suffix}").read_bytes())
    rec = recover_database(tmp_path / "chinook.sqlite")
    assert rec.problems == [] and rec.stats["wal_frames"] == 1 and rec.stats["journal_pages"] == 2
    artist = [r for r in rec.records if r["table"] == "Artist"]
    assert [(r["rowid"], r["values"]["Name"], r["status"], r["region"]) for r in artist] == [
        (275, "Philip Glass Ensemble", "deleted", "superseded")]
    # SQLite agrees: without the WAL the row is there, with it (as the engine reads the file) it is gone
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "chinook.sqlite").write_bytes((tmp_path / "chinook.sqlite").read_bytes())
    con = sqlite3.connect(alone / "chinook.sqlite")
    assert con.execute("SELECT Name FROM Artist WHERE ArtistId = 275").fetchone() == ("Philip Glass Ensemble",)
    con.close()
    con = sqlite3.connect(tmp_path / "chinook.sqlite")
    assert con.execute("SELECT Name FROM Artist WHERE ArtistId = 275").fetchone() is None
    con.close()


def test_wal_slack_of_an_earlier_log(tmp_path):
    """After a checkpoint the log restarts with new salts; frames past its end keep the old ones."""
    from artefacts.recovery.format import wal_frames
    from artefacts.synthetic.deleted import build_wal_slack_sms

    info = build_wal_slack_sms(tmp_path)
    header, frames = wal_frames(Path(info["path"] + "-wal").read_bytes())
    old = [f for f in frames if f.salt1 != header["salt1"]]
    assert old and all(f.salt1 == (header["salt1"] - 1) & 0xFFFFFFFF and f.valid for f in old)
    rec = recover_database(info["path"])
    assert rec.problems == []
    got = {r["values"]["body"]: r for r in rec.records if r["table"] == "sms" and r["rowid"] == info["id"]}
    v1, v2, v3, v4 = info["bodies"]
    assert v1 not in got and v4 not in got  # v1's frames were reused by the restarted log; v4 is live
    assert got[v2]["status"] == "previous_version" and got[v2]["region"] == "wal_frame"
    assert got[v2]["wal"]["salt1"] == old[0].salt1 and got[v2]["wal"]["frame"] in {f.index for f in old}
    assert got[v3]["status"] == "previous_version" and got[v3]["region"] == "superseded"


@pytest.mark.parametrize("encoding", ["UTF-16le", "UTF-16be"])
def test_utf16_databases(tmp_path, encoding):
    """Text is decoded in the database's own encoding (header offset 56)."""
    db = tmp_path / "u.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA encoding = '{encoding}'")
    con.execute("PRAGMA secure_delete = 0")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT, stamp INTEGER)")
    rows = [(i, f"Titel {i} – äöü", f"Inhalt {i} 🙂 " * 3, 1_700_000_000 + i) for i in range(1, 30)]
    con.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.execute("DELETE FROM notes WHERE id IN (4, 5, 17)")
    con.commit()
    con.close()
    rec = recover_database(db)
    assert rec.problems == []
    for _id, title, body, stamp in (rows[3], rows[4], rows[16]):
        hits = [r for r in rec.records if r["values"].get("title") == title]
        assert hits and hits[0]["values"]["body"] == body and hits[0]["values"]["stamp"] == stamp
    assert all(any(r["values"].get("title") == row[1] for row in rows) for r in rec.records)


def test_rollback_journal_keeps_what_secure_delete_zeroed(tmp_path):
    """journal_mode=PERSIST zeroes only the journal header: the page images before the DELETE remain."""
    db = tmp_path / "j.db"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = PERSIST")
    con.execute("PRAGMA secure_delete = 1")
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, stamp INTEGER)")
    con.execute("BEGIN")
    con.executemany("INSERT INTO notes VALUES (?, ?, ?)", [(i, f"note number {i}", 1_700_000_000 + i) for i in range(1, 40)])
    con.execute("COMMIT")
    con.execute("DELETE FROM notes WHERE id IN (3, 9)")
    con.close()
    journal = tmp_path / "j.db-journal"
    assert journal.stat().st_size > 4096 and journal.read_bytes()[:8] == bytes(8)  # header zeroed at commit
    for i in (3, 9):  # secure_delete zeroed the records (title then stamp) in the main file
        assert f"note number {i}".encode() + (1_700_000_000 + i).to_bytes(4, "big") not in db.read_bytes()
    rec = recover_database(db)
    assert rec.problems == [] and rec.stats["journal_pages"] >= 1
    got = sorted((r["rowid"], r["values"]["title"], r["status"], r["region"]) for r in rec.records)
    assert got == [(3, "note number 3", "deleted", "journal"), (9, "note number 9", "deleted", "journal")]
    assert all(r["journal"]["record"] >= 1 for r in rec.records)


def test_the_fast_page_header_reads_as_the_declared_layout():
    """``parse_page`` reads page headers with ``struct``; the construct declaration is the layout of record."""
    import random

    from artefacts.recovery.format import PAGE_HEADER, PAGE_HEADER_FAST

    r = random.Random(1)
    for _ in range(500):
        raw = bytes(r.randrange(256) for _ in range(8))
        h = PAGE_HEADER.parse(raw)
        assert PAGE_HEADER_FAST.unpack_from(raw) == (h.type, h.first_freeblock, h.cells, h.content_start, h.fragmented)
