"""WhatsApp Android encrypted backups: key files, crypt12/14/15 decryption, errors, the encoder,
the ``decrypt`` command and the ``whatsapp_backup`` parser.

Real test vectors (ElDavoo/wa-crypt-tools tests/res, copied to ../shared/corpus/crypto/whatsapp/)
are used when present; every failure case also runs on synthetic backups made by the project's
encoder, so the suite says something on a clone without the corpus.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import types
import zlib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from artefacts.decoders import whatsapp_crypt as wc
from artefacts.decoders.javaser import JavaSerialError, build_byte_array, parse_byte_array
from artefacts.protos import load_schema
from artefacts.decrypt import DecryptError, DecryptUsageError, decrypt_file, register
from artefacts.synthetic.whatsapp_backup import (
    crypt14_key_payload,
    root_key_for,
    write_crypt12,
    write_crypt14,
    write_crypt15,
    write_key_file,
)

WA = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "crypto" / "whatsapp"
PLAIN_SHA256 = "1425b944a2e3885fc936a7bb82f6548c5cc09523a2f61f02aa836c4ed8bbd16e"
ROOT_HEX = "6730a595a1484d0c39c101dc0ac82ec5e401bb6f0e1b8ee2dc104a6b3687f017"
ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def wa_file(name: str) -> Path:
    path = WA / name
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    return path


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.parent.iterdir() if p.name.startswith(out.name)]


def small_db(path: Path, n: int = 40) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE message (_id INTEGER PRIMARY KEY, chat_row_id INTEGER, from_me INTEGER, timestamp INTEGER, text_data TEXT)")
    db.executemany(
        "INSERT INTO message VALUES (?, ?, ?, ?, ?)",
        [(i, i % 3, i % 2, 1_700_000_000_000 + i * 60_000, f"message {i} – ünïcødé") for i in range(1, n + 1)],
    )
    db.commit()
    db.close()
    return path


# ---------------------------------------------------------------------------------------------
# The decrypt command: the real CLI once the lead has wired it, else the click command on its own


def _cli_has_decrypt() -> bool:
    try:
        from artefacts.cli import cli

        return "decrypt" in cli.commands
    except Exception:
        return False


def run_decrypt(*args) -> tuple[int, str]:
    """Run ``artefacts decrypt ARGS``; (exit code, stdout + stderr)."""
    args = [str(a) for a in args]
    if _cli_has_decrypt():
        proc = subprocess.run([*ARTEFACTS, "decrypt", *args], capture_output=True, text=True)
        return proc.returncode, proc.stdout + proc.stderr
    group = click.Group("artefacts")
    register(group)
    result = CliRunner().invoke(group, ["decrypt", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


# ---------------------------------------------------------------------------------------------
# Corpus: every test vector decrypts to the known database

CORPUS_CASES = [
    ("msgstore.db.crypt12", "key", "crypt12"),
    ("msgstore.db.crypt14", "key", "crypt14"),
    ("msgstore-noexpiry.db.crypt14", "key", "crypt14"),
    ("msgstore.db.crypt15", "encrypted_backup.key", "crypt15"),
    ("msgstore.db.crypt15", "hex", "crypt15"),
]


def _corpus_key(name: str) -> str:
    return ROOT_HEX if name == "hex" else str(wa_file(name))


@pytest.mark.parametrize("backup,key,fmt", CORPUS_CASES)
def test_corpus_decrypts_through_api(tmp_path, backup, key, fmt):
    out = tmp_path / "msgstore.db"
    result = wc.decrypt_backup(wa_file(backup), _corpus_key(key), out)
    assert sha256(out) == PLAIN_SHA256 == result.plaintext_sha256
    assert result.plaintext_size == out.stat().st_size == 1273856
    assert result.format == fmt
    assert result.jid_suffix == "67"
    assert result.md5_checked and not result.multi_file
    if fmt != "crypt12":
        assert result.app_version == "2.22.5.13"
    assert result.key_type == ("HSM_CONTROLLED" if fmt == "crypt15" else "WA_PROVIDED")
    assert leftovers(out) == [out]


@pytest.mark.parametrize("backup,key,fmt", CORPUS_CASES)
def test_corpus_decrypts_through_cli(tmp_path, backup, key, fmt):
    out = tmp_path / "plain.db"
    code, text = run_decrypt(wa_file(backup), "--key", _corpus_key(key), "-o", out)
    assert code == 0, text
    assert sha256(out) == PLAIN_SHA256
    assert fmt in text and PLAIN_SHA256 in text


def test_corpus_key_forms(tmp_path):
    out = tmp_path / "a.db"
    # APP=KEY as `artefacts parse` takes it, and the hex key written in groups
    grouped = " ".join(ROOT_HEX[i : i + 4] for i in range(0, 64, 4))
    code, text = run_decrypt(wa_file("msgstore.db.crypt15"), "--key", f"whatsapp={grouped}", "-o", out)
    assert code == 0, text
    # several keys: the wrong one is skipped, the right one opens it
    out2 = tmp_path / "b.db"
    outcome = decrypt_file(wa_file("msgstore.db.crypt14"), ["00" * 32, f"whatsapp={wa_file('key')}"], out2)
    assert outcome.plaintext_sha256 == PLAIN_SHA256 and sha256(out2) == PLAIN_SHA256


def test_corpus_headers():
    h12 = wc.read_header(wa_file("msgstore.db.crypt12"))
    assert (h12.format, h12.iv.hex(), h12.jid_suffix, h12.data_offset) == ("crypt12", "f4e9a6dc0b6f0d8986af6c7180f02356", "67", 67)
    h14 = wc.read_header(wa_file("msgstore.db.crypt14"))
    assert h14.format == "crypt14" and h14.feature_byte is True and h14.iv.hex() == "ea53ceae36ecab50bc331aeb62491625"
    assert h14.server_salt.hex() == "cd788b1b4625f50d3fccdeac94e1ff638899733b77a224ff614918363901f044"
    assert h14.key_version == 2
    h14n = wc.read_header(wa_file("msgstore-noexpiry.db.crypt14"))
    assert h14n.format == "crypt14" and h14n.feature_byte is False and h14n.iv == h14.iv
    h15 = wc.read_header(wa_file("msgstore.db.crypt15"))
    assert h15.format == "crypt15" and h15.feature_byte is True and h15.iv.hex() == "c395ee009cf8b68ac0ea760550f6559c"
    assert (h15.app_version, h15.jid_suffix, h15.key_type_name) == ("2.22.5.13", "67", "HSM_CONTROLLED")
    assert h15.prefix.info.call_log is True  # feature flags decoded through schemas/whatsapp_backup.proto


def test_corpus_key_files():
    k14 = wc.load_key(wa_file("key"))
    assert k14.kind == wc.KIND_KEY14 and k14.hash_ok
    assert k14.aes_key.hex() == "3a146d9bbd8b6311d962c71619c0c2cce3ce694ea4a0f3f600e271380e1226c6"
    assert k14.server_salt.hex() == "cd788b1b4625f50d3fccdeac94e1ff638899733b77a224ff614918363901f044"
    assert k14.google_id_salt.hex() == "92683e735c88727eef9486911f3ac6fa"
    assert (k14.key_version, k14.cipher_version) == (2, b"\x00\x01")
    k15 = wc.load_key(wa_file("encrypted_backup.key"))
    assert k15.kind == wc.KIND_ROOT and k15.root_key.hex() == ROOT_HEX
    assert k15.aes_key.hex() == "17ec312152f6f84fd13a3ec6b9c9279aac60bb84405f0685d1fae27293757bc7"
    assert wc.load_key(ROOT_HEX.upper()).aes_key == k15.aes_key


@pytest.mark.skipif(hasattr(zlib, "ZLIBNG_VERSION"), reason="zlib-ng deflates differently from classic zlib")
def test_encoder_reproduces_corpus_files_byte_for_byte(tmp_path):
    plain = wa_file("msgstore.db")
    payload = parse_byte_array(wa_file("key").read_bytes())
    write_crypt15(plain, tmp_path / "x.crypt15", bytes.fromhex(ROOT_HEX), iv=bytes.fromhex("c395ee009cf8b68ac0ea760550f6559c"))
    write_crypt14(plain, tmp_path / "x.crypt14", payload, iv=bytes.fromhex("ea53ceae36ecab50bc331aeb62491625"))
    write_crypt14(plain, tmp_path / "y.crypt14", payload, iv=bytes.fromhex("ea53ceae36ecab50bc331aeb62491625"), feature_byte=False)
    write_crypt12(plain, tmp_path / "x.crypt12", payload, iv=bytes.fromhex("f4e9a6dc0b6f0d8986af6c7180f02356"))
    assert (tmp_path / "x.crypt15").read_bytes() == wa_file("msgstore.db.crypt15").read_bytes()
    assert (tmp_path / "x.crypt14").read_bytes() == wa_file("msgstore.db.crypt14").read_bytes()
    assert (tmp_path / "y.crypt14").read_bytes() == wa_file("msgstore-noexpiry.db.crypt14").read_bytes()
    assert (tmp_path / "x.crypt12").read_bytes() == wa_file("msgstore.db.crypt12").read_bytes()
    assert write_key_file(tmp_path / "key", payload).read_bytes() == wa_file("key").read_bytes()


# ---------------------------------------------------------------------------------------------
# Failure cases: on the corpus vectors and on synthetic backups


@pytest.fixture(params=["corpus", "synthetic"])
def vectors(request, tmp_path_factory):
    """crypt12/14/15 backups with their keys: {"crypt15": path, "root": bytes, "crypt14": ..., "key": path, ...}."""
    if request.param == "corpus":
        return {
            "crypt12": wa_file("msgstore.db.crypt12"),
            "crypt14": wa_file("msgstore.db.crypt14"),
            "crypt15": wa_file("msgstore.db.crypt15"),
            "key": wa_file("key"),
            "root": bytes.fromhex(ROOT_HEX),
            "plain_sha256": PLAIN_SHA256,
        }
    d = tmp_path_factory.mktemp("synthetic")
    plain = small_db(d / "plain.db", n=400)
    payload = crypt14_key_payload(seed=7)
    root = root_key_for(7)
    return {
        "crypt12": write_crypt12(plain, d / "msgstore.db.crypt12", payload, seed=7)["path"],
        "crypt14": write_crypt14(plain, d / "msgstore.db.crypt14", payload, seed=7)["path"],
        "crypt15": write_crypt15(plain, d / "msgstore.db.crypt15", root, seed=7)["path"],
        "key": write_key_file(d / "key", payload),
        "root": root,
        "plain_sha256": sha256(plain),
    }


def _key_for(vectors, fmt):
    return vectors["root"].hex() if fmt == "crypt15" else vectors["key"]


def _damaged(vectors, fmt, tmp_path, how) -> Path:
    data = bytearray(vectors[fmt].read_bytes())
    footer = 36 if fmt == "crypt12" else 32
    start = wc.read_header(vectors[fmt]).data_offset
    if how == "cut_middle":
        data = data[: len(data) // 2]
    elif how == "cut_footer":
        data = data[: len(data) - footer + 8]  # inside the tag / MD5 footer
    elif how == "flip_ciphertext":
        data[start + (len(data) - start - footer) // 2] ^= 0x01
    elif how == "md5":
        data[len(data) - (20 if fmt == "crypt12" else 16) + 3] ^= 0xFF
    path = tmp_path / vectors[fmt].name
    path.write_bytes(bytes(data))
    return path


def assert_fails(path, key, tmp_path, exc_type, words):
    out = tmp_path / "out" / "plain.db"
    out.parent.mkdir(exist_ok=True)
    with pytest.raises(exc_type) as info:
        wc.decrypt_backup(path, key, out)
    assert words in str(info.value)
    assert not out.exists() and leftovers(out) == []
    # the same through the command: exit 1, the file and the reason named, no traceback, no output
    code, text = run_decrypt(path, "--key", key, "-o", out)
    assert code == 1, text
    assert str(path) in text and words in text and "Traceback" not in text
    assert not out.exists() and leftovers(out) == []


@pytest.mark.parametrize("fmt", ["crypt12", "crypt14", "crypt15"])
def test_decrypts(vectors, tmp_path, fmt):
    out = tmp_path / "plain.db"
    result = wc.decrypt_backup(vectors[fmt], _key_for(vectors, fmt), out)
    assert result.plaintext_sha256 == vectors["plain_sha256"] == sha256(out)


def test_wrong_root_key_crypt15(vectors, tmp_path):
    wrong = root_key_for("some other phone").hex()
    assert_fails(vectors["crypt15"], wrong, tmp_path, wc.WrongKeyError, "the key does not open this backup")


def test_crypt14_key_with_other_salt(vectors, tmp_path):
    payload = bytearray(parse_byte_array(Path(vectors["key"]).read_bytes()))
    payload[3:35] = hashlib.sha256(b"another server salt").digest()
    other = write_key_file(tmp_path / "other" / "key", bytes(payload))
    assert_fails(vectors["crypt14"], other, tmp_path, wc.WrongKeyError, "the key does not open this backup")
    with pytest.raises(wc.WrongKeyError, match="server salt"):
        wc.decrypt_backup(vectors["crypt14"], other, tmp_path / "x.db")


def test_wrong_kind_of_key(vectors, tmp_path):
    with pytest.raises(wc.WrongKeyError, match="encrypted_backup.key"):
        wc.decrypt_backup(vectors["crypt15"], vectors["key"], tmp_path / "x.db")
    # a 32-byte key on a crypt14 backup is tried as its AES key: the GCM tag refuses it
    assert_fails(vectors["crypt14"], vectors["root"].hex(), tmp_path, wc.WrongKeyError, "the key does not open this backup")


@pytest.mark.parametrize("fmt", ["crypt12", "crypt14", "crypt15"])
@pytest.mark.parametrize(
    "how,exc_type,words",
    [
        ("cut_middle", wc.TruncatedBackupError, "truncated"),
        ("cut_footer", wc.TruncatedBackupError, "truncated"),
        ("flip_ciphertext", wc.CorruptBackupError, "GCM tag fails"),
        ("md5", wc.ChecksumError, "MD5 footer does not match"),
    ],
)
def test_damaged_backups(vectors, tmp_path, fmt, how, exc_type, words):
    path = _damaged(vectors, fmt, tmp_path, how)
    assert_fails(path, str(_key_for(vectors, fmt)), tmp_path, exc_type, words)


def test_not_a_backup(tmp_path):
    plain = small_db(tmp_path / "msgstore.db.crypt15")
    with pytest.raises(wc.NotABackupError, match="plain SQLite database"):
        wc.read_header(plain)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("nothing to see here\n" * 10)
    with pytest.raises(wc.NotABackupError, match="not a WhatsApp backup"):
        wc.read_header(text_file)
    assert wc.sniff(text_file) is None and wc.sniff(plain) is None
    for path in (plain, text_file):
        out = tmp_path / "o.db"
        code, text = run_decrypt(path, "--key", "00" * 32, "-o", out)
        assert code == 1 and str(path) in text and "Traceback" not in text, text
        assert not out.exists()
    with pytest.raises(DecryptError, match="not an encrypted store"):
        decrypt_file(text_file, "00" * 32, tmp_path / "o.db")
    empty = tmp_path / "msgstore.db.crypt14"
    empty.write_bytes(b"")
    with pytest.raises(wc.TruncatedBackupError):
        wc.read_header(empty)


def test_truncated_inside_header(vectors, tmp_path):
    short = tmp_path / "msgstore.db.crypt15"
    short.write_bytes(vectors["crypt15"].read_bytes()[:40])
    with pytest.raises(wc.TruncatedBackupError):
        wc.read_header(short)
    code, text = run_decrypt(short, "--key", vectors["root"].hex(), "-o", tmp_path / "o.db")
    assert code == 1 and "ends" in text, text


def test_password_as_key_is_refused(tmp_path):
    with pytest.raises(wc.KeyFileError, match="password"):
        wc.load_key("my backup password")
    with pytest.raises(wc.KeyFileError, match="64 hex digits"):
        wc.load_key("abcdef")


def test_password_protected_header_is_reported_unsupported(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    backup = tmp_path / "msgstore.db.crypt15"
    write_crypt15(plain, backup, root_key_for(1), seed=1)
    # mark the header as a password-protected backup (key_type_new = E2EE_PASSWORD)
    data = bytearray(backup.read_bytes())
    header = wc.read_header(backup)
    prefix = header.prefix
    prefix.key_type_new = 2
    body = prefix.SerializeToString(deterministic=True)
    new = bytes([len(body)]) + b"\x01" + body + bytes(data[header.data_offset : -16])
    backup.write_bytes(new + hashlib.md5(new).digest())
    assert wc.read_header(backup).password_protected
    with pytest.raises(wc.UnsupportedBackupError, match="HSM"):
        wc.decrypt_backup(backup, root_key_for(2), tmp_path / "o.db")
    assert wc.decrypt_backup(backup, root_key_for(1), tmp_path / "o.db").plaintext_sha256 == sha256(plain)


def test_multi_file_backup_without_md5(tmp_path):
    """A ZIP plaintext has no MD5 footer: the tag is the last 16 bytes."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    zip_bytes = b"PK\x03\x04" + bytes(range(256)) * 4
    root = root_key_for(3)
    ref = tmp_path / "ref.crypt15"
    write_crypt15(small_db(tmp_path / "p.db"), ref, root, seed=3)
    header = ref.read_bytes()[: wc.read_header(ref).data_offset]
    iv = wc.read_header(ref).iv
    enc = Cipher(algorithms.AES(wc.crypt15_aes_key(root)), modes.GCM(iv)).encryptor()
    ct = enc.update(zip_bytes) + enc.finalize()
    backup = tmp_path / "stickers.zip.crypt15"
    backup.write_bytes(header + ct + enc.tag)
    result = wc.decrypt_backup(backup, root, tmp_path / "stickers.zip")
    assert result.multi_file and not result.md5_checked
    assert (tmp_path / "stickers.zip").read_bytes() == zip_bytes


# ---------------------------------------------------------------------------------------------
# The encoder, key files, Java serialisation, the .proto loader


def test_encoder_round_trip(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    root = root_key_for(42)
    a = write_crypt15(plain, tmp_path / "a.crypt15", root, seed=42)
    b = write_crypt15(plain, tmp_path / "b.crypt15", root, seed=42)
    c = write_crypt15(plain, tmp_path / "c.crypt15", root, seed=43)
    assert a["path"].read_bytes() == b["path"].read_bytes()  # deterministic
    assert a["iv"] != c["iv"]
    out = tmp_path / "back.db"
    result = wc.decrypt_backup(a["path"], root, out)
    assert out.read_bytes() == plain.read_bytes()
    assert result.plaintext_sha256 == a["plaintext_sha256"] and result.format == "crypt15"
    raw = a["path"].read_bytes()
    assert raw[1] == 0x01 and raw[2:4] == b"\x08\x01"  # feature byte, key_type = 1
    body = Cipher_plain(root, wc.read_header(a["path"]).iv, raw[wc.read_header(a["path"]).data_offset : -32])
    assert body[:2] == b"\x78\x01"  # zlib, level 1
    assert hashlib.md5(raw[:-16]).digest() == raw[-16:]
    # crypt14 with its key file, with and without the feature byte
    payload = crypt14_key_payload(seed=5)
    key = write_key_file(tmp_path / "files" / "key", payload)
    for fb in (True, False):
        p = write_crypt14(plain, tmp_path / f"m{fb}.crypt14", payload, seed=5, feature_byte=fb)["path"]
        assert wc.read_header(p).feature_byte is fb
        assert wc.decrypt_backup(p, key, tmp_path / f"m{fb}.db").plaintext_sha256 == sha256(plain)


def Cipher_plain(root: bytes, iv: bytes, ct: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    return Cipher(algorithms.AES(wc.crypt15_aes_key(root)), modes.GCM(iv)).decryptor().update(ct)


def test_java_byte_array_parser():
    payload = bytes(range(32))
    data = build_byte_array(payload)
    assert len(data) == 27 + 32 and data[:4] == b"\xac\xed\x00\x05"
    assert parse_byte_array(data) == payload
    with pytest.raises(JavaSerialError, match="magic"):
        parse_byte_array(b"\xac\xee" + data[2:])
    with pytest.raises(JavaSerialError, match="serialVersionUID"):
        parse_byte_array(data[:10] + b"\x00" + data[11:])
    with pytest.raises(JavaSerialError, match="truncated"):
        parse_byte_array(data[:-1])
    with pytest.raises(JavaSerialError, match="extra"):
        parse_byte_array(data + b"\x00")
    with pytest.raises(JavaSerialError, match="expected 131"):
        parse_byte_array(data, expected_length=131)
    assert issubclass(JavaSerialError, ValueError)


def test_key_file_rejects_wrong_magic_and_length(tmp_path):
    bad_magic = tmp_path / "key"
    bad_magic.write_bytes(b"\xca\xfe" + build_byte_array(bytes(131))[2:])
    with pytest.raises(wc.KeyFileError, match="not a WhatsApp key file"):
        wc.load_key(bad_magic)
    bad_length = tmp_path / "encrypted_backup.key"
    bad_length.write_bytes(build_byte_array(bytes(31)))
    with pytest.raises(wc.KeyFileError, match="expected 131 or 32"):
        wc.load_key(bad_length)
    code, text = run_decrypt(Path(__file__), "--key", "not a key", "-o", tmp_path / "o.db")
    assert code == 2 and "Traceback" not in text


def test_whatsapp_schema_from_schemas_folder():
    mod = load_schema("whatsapp_backup.proto")
    assert {"BackupPrefix", "C14_cipher", "C15_IV", "BackupExpiry"} <= set(mod.message_names)
    BackupPrefix = mod.message("BackupPrefix")
    field_numbers = {f.name: f.number for f in BackupPrefix.DESCRIPTOR.fields}
    assert field_numbers["key_type"] == 1 and field_numbers["c14_cipher"] == 2 and field_numbers["c15_iv"] == 3
    assert field_numbers["info"] == 4
    assert mod.enum_name("Key_Type", 1) == "HSM_CONTROLLED" and mod.enum_name("Key_Type", 99) == "99"


# ---------------------------------------------------------------------------------------------
# The decrypt command's usage errors


def test_cli_usage_errors(tmp_path):
    plain = small_db(tmp_path / "plain.db")
    root = root_key_for(9)
    backup = write_crypt15(plain, tmp_path / "msgstore.db.crypt15", root, seed=9)["path"]
    out = tmp_path / "out.db"
    out.write_bytes(b"existing")
    code, text = run_decrypt(backup, "--key", root.hex(), "-o", out)
    assert code == 2 and "exists" in text and out.read_bytes() == b"existing"
    code, text = run_decrypt(backup, "--key", root.hex(), "-o", out, "--force")
    assert code == 0 and out.read_bytes() == plain.read_bytes(), text
    code, text = run_decrypt(backup, "-o", tmp_path / "x.db")
    assert code == 2  # --key missing
    code, text = run_decrypt(backup, "--key", "abc123", "-o", tmp_path / "x.db")
    assert code == 2 and "64 hex digits" in text
    code, text = run_decrypt(backup, "--key", str(tmp_path / "no-such-key"), "-o", tmp_path / "x.db")
    assert code == 2 and "neither" in text
    # a failed decryption leaves an existing output alone, even with --force
    code, text = run_decrypt(backup, "--key", root_key_for(10).hex(), "-o", out, "--force")
    assert code == 1 and out.read_bytes() == plain.read_bytes()
    code, text = run_decrypt(backup, "--key", root.hex(), "-o", tmp_path / "j.db", "--json")
    assert code == 0 and json.loads(text[text.index("{") :])["plaintext_sha256"] == sha256(plain)
    with pytest.raises(DecryptUsageError):
        decrypt_file(backup, [], tmp_path / "y.db")


# ---------------------------------------------------------------------------------------------
# The whatsapp_backup parser, run by the host


def _stub_delegate(monkeypatch, seen: list):
    """A stand-in for artefacts.plugins.whatsapp_android: one event per `message` row, contacts from wa.db."""
    from artefacts.parser import SQLiteParser

    def row_to_event(row, ctx):
        return {"kind": "message", "timestamp_raw": row["timestamp"], "body": row["text_data"], "extra": {"chat": row["chat_row_id"]}}

    class WhatsAppAndroidParser(SQLiteParser):
        name = "whatsapp_android"
        app = "whatsapp"
        platform = "android"
        required_tables = {"message": {"_id", "text_data"}}

        def parse(self, ctx):
            seen.append({"wa": [sf.path for sf in ctx.related("wa")], "derived_from": ctx.source.derived_from})
            yield from ctx.map_rows("SELECT * FROM message ORDER BY _id", row_to_event, table="message", id_column="_id")

    module = types.ModuleType("artefacts.plugins.whatsapp_android")
    module.WhatsAppAndroidParser = WhatsAppAndroidParser
    monkeypatch.setitem(sys.modules, "artefacts.plugins.whatsapp_android", module)


def _registry():
    import artefacts.exporters
    from artefacts.plugins import whatsapp_backup
    from artefacts.registry import Registry

    reg = Registry()
    reg.register_plugin(artefacts.exporters, name="artefacts.exporters")
    reg.register_plugin(whatsapp_backup, name="whatsapp_backup")
    reg.collect()
    return reg


def _run(tmp_path, root, keys=()):
    from artefacts.engine import RunOptions, run_parse

    out = tmp_path / f"timeline{len(list(tmp_path.glob('timeline*.jsonl')))}.jsonl"
    result = run_parse(RunOptions(inputs=[root], output=out, workdir=tmp_path / "work", keys=list(keys)), registry=_registry())
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest["warnings"]


def _extraction(tmp_path, *, with_keys=True):
    root = tmp_path / "evidence"
    plain = small_db(tmp_path / "plain.db", n=12)
    backups = root / "sdcard/WhatsApp/Databases"
    files = root / "data/data/com.whatsapp/files"
    payload = crypt14_key_payload(seed=11)
    rootkey = root_key_for(11)
    write_crypt15(plain, backups / "msgstore.db.crypt15", rootkey, seed=11)
    write_crypt14(plain, backups / "msgstore-2024-01-01.1.db.crypt14", payload, seed=12)
    if with_keys:
        write_key_file(files / "key", payload)
        write_key_file(files / "encrypted_backup.key", rootkey)
    wa = root / "data/data/com.whatsapp/databases/wa.db"
    wa.parent.mkdir(parents=True)
    sqlite3.connect(wa).execute("CREATE TABLE wa_contacts (jid TEXT)").connection.close()
    return root, rootkey, payload


def test_parser_decrypts_with_the_extractions_key_files(tmp_path, monkeypatch):
    seen = []
    _stub_delegate(monkeypatch, seen)
    root, rootkey, _ = _extraction(tmp_path)
    result, events, warnings = _run(tmp_path, root)
    assert warnings == [] and result.exit_code == 0
    assert len(events) == 24
    by_source = {}
    for ev in events:
        by_source.setdefault(ev["source_path"], []).append(ev)
    assert set(by_source) == {
        "sdcard/WhatsApp/Databases/msgstore.db.crypt15",
        "sdcard/WhatsApp/Databases/msgstore-2024-01-01.1.db.crypt14",
    }
    for path, evs in by_source.items():
        backup_sha = sha256(root / path)
        for ev in evs:
            assert ev["source_sha256"] == backup_sha
            assert ev["extra"]["decrypted_from"]["format"] == path.rsplit(".", 1)[-1]
            assert ev["extra"]["decrypted_from"]["backup_sha256"] == backup_sha
            assert ev["extra"]["chat"] is not None  # the delegate's own extra is kept
            assert ev["parser"].startswith("whatsapp_backup/") and ev["app"] == "whatsapp"
        assert [e["source_locator"] for e in evs][:2] == ["message:_id=1", "message:_id=2"]
    assert seen and all(s["wa"] == ["data/data/com.whatsapp/databases/wa.db"] for s in seen)
    assert {s["derived_from"] for s in seen} == {"decrypted from crypt15 backup", "decrypted from crypt14 backup"}


def test_parser_uses_command_line_keys_first(tmp_path, monkeypatch):
    seen = []
    _stub_delegate(monkeypatch, seen)
    root, rootkey, payload = _extraction(tmp_path, with_keys=False)
    keyfile = write_key_file(tmp_path / "examiner" / "key", payload)
    result, events, warnings = _run(tmp_path, root, keys=[f"whatsapp={'00' * 32}", f"whatsapp={rootkey.hex()}", f"whatsapp={keyfile}"])
    assert warnings == [] and len(events) == 24


def test_parser_warns_once_without_a_key_or_with_a_wrong_one(tmp_path, monkeypatch):
    seen = []
    _stub_delegate(monkeypatch, seen)
    root, _, _ = _extraction(tmp_path, with_keys=False)
    result, events, warnings = _run(tmp_path, root)
    assert events == [] and result.exit_code == 3
    assert len(warnings) == 2 and all("no key" in w["message"] for w in warnings)
    result, events, warnings = _run(tmp_path, root, keys=[f"whatsapp={root_key_for('wrong').hex()}"])
    assert events == []
    by_path = {w["source_path"].rsplit("/", 1)[-1]: w["message"] for w in warnings}
    assert len(warnings) == 2
    assert "the key does not open this backup" in by_path["msgstore.db.crypt15"] and "--key whatsapp #1" in by_path["msgstore.db.crypt15"]
    assert root_key_for("wrong").hex() not in json.dumps(warnings)  # key material never lands in the report
    assert not seen


def test_parser_reports_a_damaged_backup(tmp_path, monkeypatch):
    seen = []
    _stub_delegate(monkeypatch, seen)
    root, _, _ = _extraction(tmp_path)
    backup = root / "sdcard/WhatsApp/Databases/msgstore.db.crypt15"
    backup.write_bytes(backup.read_bytes()[:-20])
    result, events, warnings = _run(tmp_path, root)
    assert len(events) == 12  # the crypt14 still decrypts
    assert len(warnings) == 1 and "truncated" in warnings[0]["message"]
    assert warnings[0]["source_path"].endswith("msgstore.db.crypt15")


def test_parser_with_the_real_whatsapp_android_parser(tmp_path):
    root = tmp_path / "evidence"
    (root / "sdcard/WhatsApp/Databases").mkdir(parents=True)
    (root / "sdcard/WhatsApp/Databases/msgstore.db.crypt15").write_bytes(wa_file("msgstore.db.crypt15").read_bytes())
    result, events, warnings = _run(tmp_path, root, keys=[f"whatsapp={ROOT_HEX}"])
    assert not any("cannot decrypt" in w["message"] or "decrypted the" in w["message"] for w in warnings), warnings
    assert events, "the decrypted corpus database gives events"
    backup_sha = sha256(wa_file("msgstore.db.crypt15"))
    for e in events:
        assert e["source_path"] == "sdcard/WhatsApp/Databases/msgstore.db.crypt15" and e["source_sha256"] == backup_sha
        assert e["extra"]["decrypted_from"] == {"format": "crypt15", "backup_sha256": backup_sha, "plaintext_sha256": PLAIN_SHA256}
