"""SQLCipher: the pure-Python decoder (versions 1-4, variants, app settings, WAL replay), its
encoder, and ``artefacts decrypt`` on SQLCipher databases.

The upstream compatibility databases (sqlcipher/sqlcipher sqlcipher-resources, copied to
../shared/corpus/crypto/sqlcipher/) and a WeChat EnMicroMsg.db are used when present; everything
else runs on databases made by the project's encoder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from artefacts.decoders import sqlcipher as sq
from artefacts.decrypt import DecryptError, decrypt_file, detect_format, sqlcipher_settings

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SQLCIPHER = CORPUS / "crypto" / "sqlcipher"
WECHAT = CORPUS / "other" / "EnMicroMsg.db-Password-Cracker" / "EnMicroMsg.db"
ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]

CORPUS_CASES = [
    # file, rows in t1, the settings that open it
    ("sqlcipher-4.0-testkey.db", 78536, sq.VERSIONS[4]),
    ("sqlcipher-3.0-testkey.db", 78536, sq.VERSIONS[3]),
    ("sqlcipher-2.0-le-testkey.db", 78536, sq.VERSIONS[2]),
    ("sqlcipher-2.0-be-testkey.db", 78536, sq.V2_BIG_ENDIAN),
    ("sqlcipher-2.0-beta-testkey.db", 38768, sq.V2_BETA),
    ("sqlcipher-1.1.8-testkey.db", 75709, sq.VERSIONS[1]),
]


def corpus(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def run_cli(*args) -> tuple[int, str, str]:
    proc = subprocess.run([*ARTEFACTS, "decrypt", *map(str, args)], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def query(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(out.name)]


def small_db(path: Path, rows: int = 60) -> Path:
    """A plain database (reserve 0) with the things a chat database has."""
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE thread (_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
        CREATE TABLE message (_id INTEGER PRIMARY KEY, thread_id INTEGER, date INTEGER, body TEXT, data BLOB);
        CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID;
        CREATE TABLE norowid_alias (a TEXT, b INTEGER);
        CREATE INDEX message_thread ON message(thread_id, date);
        CREATE VIEW last_message AS SELECT thread_id, max(date) AS date FROM message GROUP BY thread_id;
        CREATE TRIGGER message_touch AFTER INSERT ON message BEGIN UPDATE thread SET name = name WHERE _id = new.thread_id; END;
        PRAGMA user_version = 42;
        """
    )
    con.executemany("INSERT INTO thread(name) VALUES (?)", [("Alice",), ("Bob ✓",), ("群聊",)])
    con.executemany(
        "INSERT INTO message VALUES (?, ?, ?, ?, ?)",
        [(i, i % 3 + 1, 1_700_000_000_000 + i * 1000, f"message {i} – ünïcødé " * (1 + i % 7), bytes([i % 256]) * (i % 50)) for i in range(1, rows + 1)],
    )
    con.executemany("INSERT INTO kv VALUES (?, ?)", [("a", 1), ("b", "two"), ("c", None)])
    con.executemany("INSERT INTO norowid_alias VALUES (?, ?)", [("x", 1), ("y", 2), ("z", 3)])
    con.execute("DELETE FROM norowid_alias WHERE a = 'y'")  # a gap in the implicit rowids
    con.commit()
    con.close()
    return path


# ---------------------------------------------------------------------------------------------
# Settings and keys


def test_settings_versions_and_variants():
    assert [sq.VERSIONS[v].reserve for v in (1, 2, 3, 4)] == [16, 48, 48, 80]
    assert [sq.VERSIONS[v].page_size for v in (1, 2, 3, 4)] == [1024, 1024, 1024, 4096]
    assert [sq.VERSIONS[v].kdf_iter for v in (1, 2, 3, 4)] == [4000, 4000, 64000, 256000]
    assert sq.VERSIONS[1].hmac_algorithm is None and sq.VERSIONS[4].hmac_algorithm == "sha512"
    assert sq.VERSIONS[4].name == "SQLCipher 4"
    names = [s.name for s in sq.variants()]
    assert names[:4] == ["SQLCipher 4", "SQLCipher 3", "SQLCipher 2", "SQLCipher 1"]
    assert {"Signal Android", "Signal Desktop", "Threema", "WeChat", "SQLCipher 2.0 beta"} <= set(names)
    signal = sq.APP_SETTINGS["signal-android"]
    assert (signal.page_size, signal.kdf_iter, signal.kdf_algorithm, signal.hmac_algorithm, signal.reserve) == (4096, 1, "sha1", "sha1", 48)
    threema = sq.APP_SETTINGS["threema"]
    assert (threema.page_size, threema.kdf_iter, threema.kdf_algorithm) == (4096, 1, "sha512")
    # the name is a label: equal parameters are equal settings
    assert sq.APP_SETTINGS["wechat"] == sq.VERSIONS[1] and sq.APP_SETTINGS["signal-desktop"] == sq.VERSIONS[4]
    assert hash(sq.APP_SETTINGS["wechat"]) == hash(sq.VERSIONS[1])
    assert sq.V2_BETA.hmac_salt_mask == 0 and sq.V2_BETA.fast_kdf_iter == 4000
    custom = sq.SQLCipherSettings(2048, 10, "sha256", "sha256")
    assert custom.reserve == 48 and "page 2048" in custom.name
    for bad in (
        dict(page_size=1000),
        dict(kdf_iter=0),
        dict(kdf_algorithm="md5"),
        dict(hmac_algorithm="md5"),
        dict(plaintext_header_size=20),
    ):
        with pytest.raises(ValueError):
            replace(sq.VERSIONS[4], **bad)


def test_parse_key_forms():
    key, hkey, salt = bytes(range(32)), bytes(range(32, 64)), bytes(range(100, 116))
    assert sq.parse_key("testkey") == sq.SQLCipherKey("passphrase", b"testkey")
    assert sq.parse_key(f"x'{key.hex()}'").form == "raw key" and sq.parse_key(f"X'{key.hex().upper()}'").secret == key
    k = sq.parse_key(f"x'{key.hex()}{salt.hex()}'")
    assert (k.form, k.secret, k.salt) == ("raw key and salt", key, salt)
    k = sq.parse_key(f"x'{key.hex()}{hkey.hex()}{salt.hex()}'")
    assert (k.secret, k.hmac_key, k.salt) == (key, hkey, salt)
    # only single-quoted x'' of the exact lengths is raw; Threema's x"..." is a passphrase
    assert sq.parse_key(f'x"{key.hex()}"').form == "passphrase"
    assert sq.parse_key("x'abcd'").form == "passphrase"
    assert sq.parse_key(key).form == "raw key" and sq.parse_key(b"pass").form == "passphrase"
    with pytest.raises(ValueError):
        sq.parse_key("")


def test_derive_keys_match_pbkdf2():
    salt = bytes(range(16))
    s = sq.VERSIONS[3]
    enc, mac = sq.derive_keys("testkey", salt, s)
    assert enc == hashlib.pbkdf2_hmac("sha1", b"testkey", salt, 64000, 32)
    assert mac == hashlib.pbkdf2_hmac("sha1", enc, bytes(b ^ 0x3A for b in salt), 2, 32)
    raw = bytes(range(32))
    assert sq.derive_keys(f"x'{raw.hex()}'", salt, s)[0] == raw
    assert sq.derive_keys(raw, salt, sq.VERSIONS[1]) == (raw, None)
    enc_b, mac_b = sq.derive_keys("testkey", salt, sq.V2_BETA)
    assert mac_b == hashlib.pbkdf2_hmac("sha1", enc_b, salt, 4000, 32)


# ---------------------------------------------------------------------------------------------
# Corpus: the upstream compatibility databases


@pytest.mark.parametrize("name,rows,settings", CORPUS_CASES)
def test_corpus_cli_autodetects(tmp_path, name, rows, settings):
    src = corpus(SQLCIPHER / name)
    out = tmp_path / "plain.db"
    code, stdout, stderr = run_cli(src, "--key", "testkey", "-o", out)
    assert code == 0, stderr
    assert f"settings {settings.name}" in stdout
    assert query(out, "SELECT count(*) FROM t1") == [(rows,)]
    assert query(out, "PRAGMA integrity_check") == [("ok",)]
    assert out.read_bytes()[:16] == b"SQLite format 3\x00"
    assert leftovers(out) == [out]


@pytest.mark.parametrize("name,rows,settings", CORPUS_CASES)
def test_corpus_api_explicit_settings(tmp_path, name, rows, settings):
    src = corpus(SQLCIPHER / name)
    out = tmp_path / "plain.db"
    result = sq.decrypt_database(src, out, "testkey", settings=settings)
    assert result.settings == settings and result.hmac_failures == 0 and result.failed_pages == ()
    assert result.pages * settings.page_size == src.stat().st_size == out.stat().st_size == result.plaintext_size
    assert result.plaintext_sha256 == sha256(out)
    assert result.wal is None and result.wal_frames_applied == 0 and result.key_form == "passphrase"
    data = out.read_bytes()
    assert data[20] == settings.reserve  # SQLite's "reserved bytes per page" records the reserve
    assert all(data[i * settings.page_size - settings.reserve : i * settings.page_size] == bytes(settings.reserve) for i in (1, 2, result.pages))
    assert query(out, "SELECT count(*) FROM t1") == [(rows,)]
    assert query(out, "PRAGMA integrity_check") == [("ok",)]
    distinct = set(query(out, "SELECT DISTINCT * FROM t1"))
    if "beta" in name:
        assert distinct == {("test-0-0", "test-0-1"), ("test-1-0", "test-1-1")}
    else:
        assert {(1, 1), ("one", "one"), (1, 2), ("one", "two")} <= distinct


def test_corpus_wrong_settings_and_variants(tmp_path):
    src = corpus(SQLCIPHER / "sqlcipher-2.0-be-testkey.db")
    with pytest.raises(sq.WrongKeyError, match="SQLCipher 2"):
        sq.decrypt_database(src, tmp_path / "o.db", "testkey", settings=sq.VERSIONS[2])  # little-endian page numbers
    # a list of candidates is tried in order
    r = sq.decrypt_database(src, tmp_path / "o.db", "testkey", settings=[sq.VERSIONS[4], sq.V2_BIG_ENDIAN])
    assert r.settings == sq.V2_BIG_ENDIAN and not (tmp_path / "o.db.part").exists()


def test_corpus_raw_key_forms(tmp_path):
    """The key derived from the passphrase, given as x'..' (and with salt / HMAC key), opens the file."""
    src = corpus(SQLCIPHER / "sqlcipher-4.0-testkey.db")
    salt = src.read_bytes()[:16]
    enc, mac = sq.derive_keys("testkey", salt, sq.VERSIONS[4])
    want = sq.decrypt_database(src, tmp_path / "p.db", "testkey", settings=sq.VERSIONS[4]).plaintext_sha256
    for key in (f"x'{enc.hex()}'", f"x'{enc.hex()}{salt.hex()}'", f"x'{enc.hex()}{mac.hex()}{salt.hex()}'", enc):
        r = sq.decrypt_database(src, tmp_path / "r.db", key)
        assert r.plaintext_sha256 == want and r.key_form.startswith("raw key") and r.settings == sq.VERSIONS[4]
    code, stdout, stderr = run_cli(src, "--key", f"sqlcipher=x'{enc.hex()}'", "-o", tmp_path / "cli.db")
    assert code == 0 and sha256(tmp_path / "cli.db") == want, stderr


def test_corpus_wrong_password_cli(tmp_path):
    src = corpus(SQLCIPHER / "sqlcipher-3.0-testkey.db")
    out = tmp_path / "plain.db"
    code, stdout, stderr = run_cli(src, "--key", "not-the-key", "-o", out)
    assert code == 1
    assert str(src) in stderr and "does not open" in stderr and "SQLCipher 3" in stderr and "Signal Android" in stderr
    assert "Traceback" not in stderr + stdout
    assert not out.exists() and leftovers(out) == []
    # several keys: the second opens it
    code, stdout, stderr = run_cli(src, "--key", "wrong", "--key", "testkey", "-o", out)
    assert code == 0 and query(out, "SELECT count(*) FROM t1") == [(78536,)]


def test_corpus_cli_settings_options(tmp_path):
    src = corpus(SQLCIPHER / "sqlcipher-1.1.8-testkey.db")
    out = tmp_path / "o.db"
    code, stdout, stderr = run_cli(src, "--key", "testkey", "--sqlcipher-version", "1", "-o", out)
    assert code == 0 and "settings SQLCipher 1" in stdout, stderr
    code, stdout, stderr = run_cli(
        src, "--key", "testkey", "--page-size", "1024", "--kdf-iter", "4000", "--kdf-algorithm", "sha1",
        "--hmac-algorithm", "none", "-o", out, "--force",
    )
    assert code == 0 and query(out, "SELECT count(*) FROM t1") == [(75709,)], stderr
    code, stdout, stderr = run_cli(src, "--key", "testkey", "--sqlcipher-version", "4", "-o", tmp_path / "x.db")
    assert code == 1 and "tried SQLCipher 4" in stderr and not (tmp_path / "x.db").exists()
    code, stdout, stderr = run_cli(src, "--key", "testkey", "--plaintext-header-size", "20", "-o", tmp_path / "x.db")
    assert code == 2 and "Traceback" not in stderr


def test_wechat_enmicromsg(tmp_path):
    src = corpus(WECHAT)
    out = tmp_path / "EnMicroMsg.plain.db"
    r = sq.decrypt_database(src, out, "00001ef")
    assert r.settings == sq.VERSIONS[1] and r.pages == 3 and r.hmac_failures == 0
    assert query(out, "PRAGMA integrity_check") == [("ok",)]
    tables = [row[0] for row in query(out, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert len(tables) == 1 and query(out, f'SELECT count(*) FROM "{tables[0]}"') == [(0,)]
    code, stdout, stderr = run_cli(src, "--key", "wechat=00001ef", "-o", tmp_path / "cli.db")
    assert code == 0 and sha256(tmp_path / "cli.db") == r.plaintext_sha256, stderr
    with pytest.raises(sq.WrongKeyError):
        sq.decrypt_database(src, tmp_path / "w.db", "00001ee")


def test_corpus_sniff(tmp_path):
    for name, _rows, _s in CORPUS_CASES:
        src = corpus(SQLCIPHER / name)
        assert sq.sniff(src) and not sq.looks_plain_sqlite(src)
        assert detect_format(src).name == "sqlcipher"


# ---------------------------------------------------------------------------------------------
# Round trips through the encoder

ROUND_TRIP = [sq.VERSIONS[1], sq.VERSIONS[2], sq.VERSIONS[3], sq.VERSIONS[4], sq.APP_SETTINGS["signal-android"]]


@pytest.mark.parametrize("settings", ROUND_TRIP, ids=lambda s: s.name)
def test_round_trip_autodetects(tmp_path, settings):
    plain = small_db(tmp_path / "plain.db")
    enc = tmp_path / "enc.db"
    key = "a5" * 32 if settings.name == "Signal Android" else "correct horse"
    sq.encrypt_database(plain, enc, key, settings, seed=7)
    data = enc.read_bytes()
    assert data[:16] != b"SQLite format 3\x00" and len(data) % settings.page_size == 0
    assert sq.sniff(enc) and not sq.looks_plain_sqlite(enc)
    out = tmp_path / "out.db"
    r = sq.decrypt_database(enc, out, key)
    assert r.settings == settings and r.settings.name == settings.name and r.hmac_failures == 0
    assert dump(out) == dump(plain)
    assert query(out, "PRAGMA integrity_check") == [("ok",)] and query(out, "PRAGMA user_version") == [(42,)]
    # the encoder is deterministic with a seed, random without
    sq.encrypt_database(plain, tmp_path / "again.db", key, settings, seed=7)
    assert (tmp_path / "again.db").read_bytes() == data
    sq.encrypt_database(plain, tmp_path / "random.db", key, settings)
    assert (tmp_path / "random.db").read_bytes()[:16] != data[:16]


def test_round_trip_signal_android_cli(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    secret = hashlib.sha256(b"database secret").hexdigest()  # Signal's password: 64 lowercase hex, a passphrase
    enc = tmp_path / "signal.db"
    sq.encrypt_database(plain, enc, secret, sq.APP_SETTINGS["signal-android"], seed=1)
    out = tmp_path / "signal.plain.db"
    code, stdout, stderr = run_cli(enc, "--key", f"signal={secret}", "-o", out)
    assert code == 0 and "Signal Android" in stdout, stderr
    assert dump(out) == dump(plain)
    code, stdout, stderr = run_cli(
        enc, "--key", secret, "--sqlcipher-version", "3", "--kdf-iter", "1", "--page-size", "4096", "-o", tmp_path / "o2.db"
    )
    assert code == 0 and dump(tmp_path / "o2.db") == dump(plain), stderr


def test_round_trip_raw_key_and_custom_settings(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    raw = bytes(range(1, 33))
    enc = tmp_path / "desktop.sqlite"
    sq.encrypt_database(plain, enc, f"x'{raw.hex()}'", sq.VERSIONS[4], seed=3)  # Signal Desktop: v4 + raw key
    r = sq.decrypt_database(enc, tmp_path / "o.db", f"x'{raw.hex()}'")
    assert r.key_form == "raw key" and r.settings == sq.VERSIONS[4] and dump(tmp_path / "o.db") == dump(plain)
    with pytest.raises(sq.WrongKeyError):
        sq.decrypt_database(enc, tmp_path / "w.db", f"x'{bytes(32).hex()}'")
    # custom settings are not auto-detected, but open when given
    custom = sq.SQLCipherSettings(2048, 100, "sha256", "sha256", name="custom")
    enc2 = tmp_path / "custom.db"
    sq.encrypt_database(plain, enc2, "pw", custom, seed=4)
    with pytest.raises(sq.WrongKeyError):
        sq.decrypt_database(enc2, tmp_path / "c.db", "pw")
    r = sq.decrypt_database(enc2, tmp_path / "c.db", "pw", settings=custom)
    assert dump(tmp_path / "c.db") == dump(plain)
    code, stdout, stderr = run_cli(
        enc2, "--key", "pw", "--page-size", "2048", "--kdf-iter", "100", "--kdf-algorithm", "sha256",
        "--hmac-algorithm", "sha256", "-o", tmp_path / "c2.db",
    )
    assert code == 0 and sha256(tmp_path / "c2.db") == r.plaintext_sha256, stderr


def test_plaintext_header(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    s = replace(sq.VERSIONS[4], plaintext_header_size=32, name="v4 plaintext header")
    raw, salt = bytes(range(32)), bytes(range(16, 32))
    enc = tmp_path / "ios.db"
    sq.encrypt_database(plain, enc, f"x'{raw.hex()}{salt.hex()}'", s, seed=5)
    head = enc.read_bytes()[:32]
    assert head[:16] == b"SQLite format 3\x00" and head[20] == 80
    assert not sq.looks_plain_sqlite(enc) and sq.sniff(enc)
    r = sq.decrypt_database(enc, tmp_path / "o.db", f"x'{raw.hex()}{salt.hex()}'", settings=s)
    assert dump(tmp_path / "o.db") == dump(plain)
    r2 = sq.decrypt_database(enc, tmp_path / "o2.db", f"x'{raw.hex()}'", salt=salt)  # auto: plaintext header seen
    assert r2.settings.plaintext_header_size == 32 and r2.plaintext_sha256 == r.plaintext_sha256
    with pytest.raises(sq.SQLCipherError, match="salt"):
        sq.decrypt_database(enc, tmp_path / "o3.db", f"x'{raw.hex()}'")
    code, stdout, stderr = run_cli(
        enc, "--key", f"x'{raw.hex()}'", "--salt", salt.hex(), "--plaintext-header-size", "32",
        "--sqlcipher-version", "4", "-o", tmp_path / "o4.db",
    )
    assert code == 0 and sha256(tmp_path / "o4.db") == r.plaintext_sha256, stderr


def test_new_plain_database_layout(tmp_path):
    for s in (sq.VERSIONS[1], sq.VERSIONS[4], sq.APP_SETTINGS["signal-android"]):
        p = sq.new_plain_database(tmp_path / f"{s.page_size}-{s.reserve}.db", s)
        con = sqlite3.connect(p)
        con.execute("CREATE TABLE t (x)")
        con.executemany("INSERT INTO t VALUES (?)", [("y" * 300,)] * 50)
        con.commit()
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA page_size").fetchone() == (s.page_size,)
        con.close()
        assert p.read_bytes()[20] == s.reserve


# ---------------------------------------------------------------------------------------------
# WAL replay


def _wal_frames(wal: Path, page_size: int) -> list[tuple[int, int]]:
    data = wal.read_bytes()
    size = 24 + page_size
    return [struct.unpack(">II", data[32 + i * size : 40 + i * size]) for i in range((len(data) - 32) // size)]


def _build_wal_db(folder: Path, settings) -> tuple[Path, int]:
    """A plain WAL-mode database copied while a connection is open: 50 rows checkpointed into the
    main file, transaction 1 (100 rows) committed in the WAL, transaction 2 (100 rows) after it
    with its commit marker removed (an open transaction). Returns (db, frames of transaction 1)."""
    live = sq.new_plain_database(folder / "live.db", settings)
    con = sqlite3.connect(live, isolation_level=None)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO m(body) VALUES (?)", [(f"base {i}",) for i in range(50)])
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    frame = 24 + settings.page_size
    con.execute("BEGIN")
    con.executemany("INSERT INTO m(body) VALUES (?)", [(f"committed {i} " + "x" * 200,) for i in range(100)])
    con.execute("COMMIT")
    t1 = (os.path.getsize(f"{live}-wal") - 32) // frame
    con.execute("BEGIN")
    con.executemany("INSERT INTO m(body) VALUES (?)", [(f"uncommitted {i} " + "y" * 200,) for i in range(100)])
    con.execute("COMMIT")
    db = folder / "plain.db"
    shutil.copyfile(live, db)
    shutil.copyfile(f"{live}-wal", f"{db}-wal")
    con.close()
    frames = _wal_frames(Path(f"{db}-wal"), settings.page_size)
    assert frames[t1 - 1][1] != 0 and frames[-1][1] != 0 and len(frames) > t1 + 1
    # remove transaction 2's commit marker (the encoder recomputes the checksums)
    wal = bytearray(Path(f"{db}-wal").read_bytes())
    last = 32 + (len(frames) - 1) * frame
    wal[last + 4 : last + 8] = b"\x00\x00\x00\x00"
    Path(f"{db}-wal").write_bytes(wal)
    return db, t1


@pytest.mark.parametrize("settings", [sq.VERSIONS[4], sq.VERSIONS[3]], ids=lambda s: s.name)
def test_wal_replay_committed_frames_only(tmp_path, settings):
    plain, t1 = _build_wal_db(tmp_path, settings)
    enc = tmp_path / "enc.db"
    sq.encrypt_database(plain, enc, "walkey", settings, seed=11)
    enc_wal = Path(f"{enc}-wal")
    assert enc_wal.exists() and enc_wal.stat().st_size == Path(f"{plain}-wal").stat().st_size
    out = tmp_path / "out.db"
    r = sq.decrypt_database(enc, out, "walkey")
    assert r.wal == enc_wal and r.wal_frames_applied == t1 and r.wal_frames_ignored > 0
    assert r.hmac_failures == 0 and any("open transaction" in w for w in r.warnings)
    bodies = [b for (b,) in query(out, "SELECT body FROM m")]
    assert sum(b.startswith("base") for b in bodies) == 50
    assert sum(b.startswith("committed") for b in bodies) == 100
    assert not any(b.startswith("uncommitted") for b in bodies)
    assert query(out, "PRAGMA integrity_check") == [("ok",)]
    # without the WAL: only what was checkpointed into the main file
    r0 = sq.decrypt_database(enc, tmp_path / "nowal.db", "walkey", wal=False)
    assert r0.wal is None and query(tmp_path / "nowal.db", "SELECT count(*) FROM m") == [(50,)]
    # the command line replays it too
    code, stdout, stderr = run_cli(enc, "--key", "walkey", "-o", tmp_path / "cli.db")
    assert code == 0 and f"{t1} WAL frames applied" in stdout and sha256(tmp_path / "cli.db") == r.plaintext_sha256, stderr
    code, stdout, stderr = run_cli(enc, "--key", "walkey", "--no-wal", "-o", tmp_path / "cli2.db")
    assert code == 0 and sha256(tmp_path / "cli2.db") == r0.plaintext_sha256, stderr


def test_wal_checksum_break_stops_replay(tmp_path):
    settings = sq.VERSIONS[4]
    plain, t1 = _build_wal_db(tmp_path, settings)
    enc = tmp_path / "enc.db"
    sq.encrypt_database(plain, enc, "walkey", settings, seed=12)
    wal = bytearray(Path(f"{enc}-wal").read_bytes())
    frame = 24 + settings.page_size
    wal[32 + 1 * frame + 24 + 100] ^= 0x01  # page image of frame 2, inside transaction 1
    Path(f"{enc}-wal").write_bytes(wal)
    r = sq.decrypt_database(enc, tmp_path / "out.db", "walkey")
    assert r.wal_frames_applied == 0 and any("checksum" in w for w in r.warnings)
    assert query(tmp_path / "out.db", "SELECT count(*) FROM m") == [(50,)]
    # a WAL of another page size or a damaged header is ignored with a warning
    Path(f"{enc}-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(28))
    r = sq.decrypt_database(enc, tmp_path / "out2.db", "walkey")
    assert r.wal_frames_applied == 0 and r.warnings and query(tmp_path / "out2.db", "SELECT count(*) FROM m") == [(50,)]


# ---------------------------------------------------------------------------------------------
# Damage


def _v4_db(tmp_path) -> tuple[Path, Path]:
    plain = small_db(tmp_path / "plain.db", rows=200)
    enc = tmp_path / "enc.db"
    sq.encrypt_database(plain, enc, "k", sq.VERSIONS[2], seed=2)  # cheap KDF, 1024-byte pages
    assert enc.stat().st_size >= 5 * 1024
    return plain, enc


def test_tampered_page_is_counted_and_reported(tmp_path):
    plain, enc = _v4_db(tmp_path)
    data = bytearray(enc.read_bytes())
    data[2 * 1024 + 200] ^= 0x40  # page 3
    enc.write_bytes(data)
    out = tmp_path / "out.db"
    r = sq.decrypt_database(enc, out, "k")
    assert r.hmac_failures == 1 and r.failed_pages == (3,)
    assert any("fail their HMAC" in w and "kept as decrypted" in w for w in r.warnings)
    # kept: only the two CBC blocks around the flipped byte differ from the intact decryption
    good = tmp_path / "good.db"
    data[2 * 1024 + 200] ^= 0x40
    intact = tmp_path / "intact.db"
    intact.write_bytes(data)
    sq.decrypt_database(intact, good, "k")
    a, b = out.read_bytes(), good.read_bytes()
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    assert diff and 2 * 1024 + 192 - 16 <= min(diff) and max(diff) < 2 * 1024 + 224
    # zeroed on request
    r = sq.decrypt_database(enc, tmp_path / "z.db", "k", zero_failed_pages=True)
    assert (tmp_path / "z.db").read_bytes()[2048:3072] == bytes(1024) and "written as zeros" in " ".join(r.warnings)
    # the command reports it and still exits 0
    code, stdout, stderr = run_cli(enc, "--key", "k", "-o", tmp_path / "cli.db")
    assert code == 0 and "1 pages fail their HMAC" in stdout and "warning:" in stderr and "3" in stderr


def test_damaged_page1_is_not_a_wrong_key(tmp_path):
    _plain, enc = _v4_db(tmp_path)
    data = bytearray(enc.read_bytes())
    data[500] ^= 0x01
    enc.write_bytes(data)
    with pytest.raises(sq.SQLCipherFormatError, match="page 1 is damaged"):
        sq.decrypt_database(enc, tmp_path / "o.db", "k")
    assert not (tmp_path / "o.db").exists()


def test_truncated_file(tmp_path):
    _plain, enc = _v4_db(tmp_path)
    data = enc.read_bytes()
    enc.write_bytes(data[:-100])
    out = tmp_path / "o.db"
    with pytest.raises(sq.SQLCipherFormatError, match="not a multiple of the page size"):
        sq.decrypt_database(enc, out, "k")
    assert leftovers(out) == []
    r = sq.decrypt_database(enc, out, "k", allow_truncated=True)
    assert r.pages == len(data) // 1024 - 1 and any("incomplete page" in w for w in r.warnings)
    code, stdout, stderr = run_cli(enc, "--key", "k", "-o", tmp_path / "cli.db")
    assert code == 1 and str(enc) in stderr and "truncated" in stderr and "Traceback" not in stderr
    # the size says it is not SQLCipher at all when nothing is left of page 1
    enc.write_bytes(data[:300])
    with pytest.raises(sq.SQLCipherError):
        sq.decrypt_database(enc, out, "k")
    enc.write_bytes(b"")
    with pytest.raises(sq.SQLCipherFormatError, match="empty"):
        sq.decrypt_database(enc, out, "k")


def test_plain_and_foreign_files(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    assert sq.looks_plain_sqlite(plain) and not sq.sniff(plain)
    with pytest.raises(sq.NotEncryptedError):
        sq.decrypt_database(plain, tmp_path / "o.db", "k")
    code, stdout, stderr = run_cli(plain, "--key", "k", "-o", tmp_path / "o.db")
    assert code == 1 and "plain SQLite" in stderr and not (tmp_path / "o.db").exists()
    with pytest.raises(DecryptError, match="plain SQLite"):
        decrypt_file(plain, "k", tmp_path / "o.db")
    text = tmp_path / "notes.db"
    text.write_bytes((b"hello world, not random at all. " * 64)[:2048])
    assert not sq.sniff(text) and "random" in sq.explain(text)
    odd = tmp_path / "odd.bin"
    odd.write_bytes(os.urandom(1000))
    assert not sq.sniff(odd)
    # random bytes of a page-multiple size cannot be told from SQLCipher without the key
    rnd = tmp_path / "random.db"
    rnd.write_bytes(hashlib.sha512(b"x").digest() * 64)
    with pytest.raises(sq.WrongKeyError, match="not a SQLCipher database"):
        sq.decrypt_database(rnd, tmp_path / "r.db", "k")


def test_whatsapp_backup_is_not_claimed(tmp_path):
    from artefacts.synthetic.whatsapp_backup import root_key_for, write_crypt15

    plain = small_db(tmp_path / "plain.db")
    backup = write_crypt15(plain, tmp_path / "msgstore.db.crypt15", root_key_for(3), seed=3)["path"]
    assert not sq.sniff(backup) and detect_format(backup).name == "whatsapp"


def test_sqlcipher_settings_helper():
    assert sqlcipher_settings() is None
    assert sqlcipher_settings(3) == sq.VERSIONS[3]
    s = sqlcipher_settings(3, kdf_iter=1, page_size=4096)
    assert s == sq.APP_SETTINGS["signal-android"]
    cands = sqlcipher_settings(hmac_algorithm="none")
    assert isinstance(cands, list) and all(c.hmac_algorithm is None for c in cands)
    with pytest.raises(ValueError):
        sqlcipher_settings(4, plaintext_header_size=7)
