"""Encrypted iTunes/Finder backups: mvt's real backup re-encrypted by the synthetic encoder.

The encrypted copy must give exactly the events of the plain one; a wrong password stops the run
(exit 1, one line, nothing written); the derived key skips the KDF; damaged keybags and manifests
give one clear message; the keychain is decrypted and its items reach parsers as keys.
"""

from __future__ import annotations

import json
import plistlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import corpus_file

from artefacts.decoders import ios_backup_crypto as crypto
from artefacts.engine import EXIT_FATAL
from artefacts.evidence import Access, EvidenceError, EvidenceKeyError, open_extraction
from artefacts.synthetic.itunes_backup import KeychainSpec, encrypt_backup, keybag_blob

PASSWORD = "correct horse"
SIGNAL_SPEC = bytes(range(48))
ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]
#: what legitimately differs between the plain and the encrypted run of one backup
PROVENANCE = {"evidence_id", "id"}


def _plain() -> Path:
    return corpus_file("other", "mvt", "ios_backup")


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("itunes") / "backup"
    info = encrypt_backup(_plain(), dest, PASSWORD, dpic=20_000, iterations=1_000, keychain_items=[
        KeychainSpec("GRDBKeyChainService", "GRDBDatabaseCipherKeySpec", SIGNAL_SPEC, protection_class=7),
        KeychainSpec("com.example.app", "token", b"not on another device", protection_class=10),
    ])
    return dest, info


def _events(tl) -> list[dict]:
    return [{k: v for k, v in e.items() if k not in PROVENANCE} for e in tl.events]


def test_encrypted_backup_gives_the_events_of_the_plain_one(parse, encrypted):
    backup, info = encrypted
    before = {p: p.read_bytes() for p in backup.rglob("*") if p.is_file()}
    plain = parse(_plain(), evidence_ids=["phone"])
    enc = parse(backup, evidence_ids=["phone"], keys=[f"itunes={PASSWORD}"])
    assert {p: p.read_bytes() for p in backup.rglob("*") if p.is_file()} == before  # nothing written next to it
    assert enc.events and _events(enc) == _events(plain)
    assert {e["source_sha256"] for e in enc.events} == {e["source_sha256"] for e in plain.events}  # plaintext hashed
    notes = {s["path"]: s["note"] for s in enc.sources}
    note = notes["HomeDomain/Library/SMS/sms.db"]
    assert note.startswith("stored in the backup as 3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28 (AES-256 encrypted")
    assert "decrypted" in note
    messages = [w["message"] for w in enc.warnings]
    assert not any("ThisDeviceOnly" in m for m in messages), messages  # true of every backup: a note, not a warning
    [entry] = enc.run["inputs"]
    assert any("ThisDeviceOnly" in n and "1 item(s)" in n for n in entry["notes"]), entry
    assert not any("Digest" in m or "decrypted" in m and "states" in m for m in messages), messages
    assert "correct horse" not in json.dumps(enc.run)


def test_derived_key_opens_the_backup_without_the_kdf(encrypted):
    backup, info = encrypted
    t0 = time.monotonic()
    by_password = open_extraction(backup, access=Access(keys={"itunes": [PASSWORD]}))
    t_password = time.monotonic() - t0
    t0 = time.monotonic()
    by_key = open_extraction(backup, access=Access(keys={"itunes": [info["derived_key"].upper()]}))
    t_key = time.monotonic() - t0
    assert [e.path for e in by_key.entries] == [e.path for e in by_password.entries]
    assert by_key.kdf_seconds == 0 and by_password.kdf_seconds > 0  # the KDF is skipped
    assert t_key < t_password + 0.5  # wall time is noisy on a shared machine; the real KDF alone takes ~2.5 s
    by_key.close()
    by_password.close()


def test_keychain_items_are_offered_as_keys(encrypted):
    backup, _ = encrypted
    ext = open_extraction(backup, access=Access(keys={"itunes": ["wrong", PASSWORD]}))  # the second one opens it
    assert [(i.attributes["svce"], i.protection_class) for i in ext.keychain] == [("GRDBKeyChainService", 7)]
    assert ext.found_keys["signal_ios"] == [SIGNAL_SPEC.hex()]
    assert ext.found_keys["ios_keychain:GRDBKeyChainService:GRDBDatabaseCipherKeySpec"] == [SIGNAL_SPEC.hex()]
    assert ext.device_bound_classes == [9, 10, 11]
    ext.close()


def test_missing_key_is_one_warning(parse, encrypted):
    backup, _ = encrypted
    tl = parse(backup)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert "encrypted iTunes/Finder backup: give --key itunes=PASSWORD" in w["message"]


def test_wrong_password_exits_1_with_one_line_and_writes_nothing(encrypted, tmp_path):
    backup, _ = encrypted
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([*ARTEFACTS, "parse", str(backup), "-o", str(out), "--key", "itunes=hunter2", "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == EXIT_FATAL
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "wrong password" in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert "hunter2" not in proc.stderr
    assert not list(tmp_path.iterdir())


def _damaged_copy(backup: Path, dest: Path, manifest=None, db=None) -> Path:
    import shutil

    shutil.copytree(backup, dest)
    if manifest is not None:
        plist = plistlib.loads((backup / "Manifest.plist").read_bytes())
        manifest(plist)
        (dest / "Manifest.plist").write_bytes(plistlib.dumps(plist, fmt=plistlib.FMT_BINARY))
    if db is not None:
        (dest / "Manifest.db").write_bytes(db((backup / "Manifest.db").read_bytes()))
    return dest


@pytest.mark.parametrize("damage, expected", [
    (dict(manifest=lambda p: p.update(BackupKeyBag=p["BackupKeyBag"][:-30])), "BackupKeyBag cannot be read: keybag truncated"),
    (dict(manifest=lambda p: p.update(BackupKeyBag=b"\x00\x01garbage" * 20)), "BackupKeyBag cannot be read"),
    (dict(manifest=lambda p: p.pop("BackupKeyBag")), "Manifest.plist has no usable 'BackupKeyBag'"),
    (dict(manifest=lambda p: p.update(ManifestKey=p["ManifestKey"][:20])), "ManifestKey is 20 bytes"),
    (dict(db=lambda b: b[:4096] + bytes(len(b) - 4096)), "Manifest.db"),
    (dict(db=lambda b: b[:-7]), "Manifest.db does not decrypt"),
])
def test_damaged_keybag_or_manifest_is_one_clear_message(encrypted, tmp_path, damage, expected):
    backup, info = encrypted
    copy = _damaged_copy(backup, tmp_path / "copy", **damage)
    with pytest.raises(EvidenceKeyError) as exc:
        open_extraction(copy, access=Access(keys={"itunes": [info["derived_key"]]}))
    message = str(exc.value)
    assert "encrypted iTunes/Finder backup" in message and expected in message, message
    assert "\n" not in message


def test_damaged_manifest_exits_1_through_the_cli(encrypted, tmp_path):
    backup, info = encrypted
    copy = _damaged_copy(backup, tmp_path / "copy", manifest=lambda p: p.update(BackupKeyBag=p["BackupKeyBag"][:50]))
    proc = subprocess.run([*ARTEFACTS, "parse", str(copy), "-o", str(tmp_path / "o.jsonl"), "--key",
                           f"itunes={info['derived_key']}", "-q"], capture_output=True, text=True)
    assert proc.returncode == EXIT_FATAL and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "o.jsonl").exists()


def _salt_of_4_bytes(keybag: bytes) -> bytes:
    i = keybag.index(b"SALT\x00\x00\x00\x14")
    return keybag[:i] + b"SALT\x00\x00\x00\x04" + keybag[i + 8:i + 12] + keybag[i + 28:]


def test_keybag_salt_of_4_bytes_is_one_clear_message_with_a_password(encrypted, tmp_path):
    """Found by the fuzzing campaign (docs/fuzzing.md): a 4-byte SALT read as an integer crashed PBKDF2."""
    backup, _ = encrypted
    copy = _damaged_copy(backup, tmp_path / "copy", manifest=lambda p: p.update(BackupKeyBag=_salt_of_4_bytes(p["BackupKeyBag"])))
    proc = subprocess.run([*ARTEFACTS, "parse", str(copy), "-o", str(tmp_path / "o.jsonl"), "--key",
                           f"itunes={PASSWORD}", "-q"], capture_output=True, text=True)
    assert proc.returncode == EXIT_FATAL and "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "BackupKeyBag cannot be read: keybag SALT holds 4 bytes" in line and str(copy) in line, line


def test_single_round_keybag_of_older_backups(tmp_path):
    backup = tmp_path / "old"
    info = encrypt_backup(_plain(), backup, PASSWORD, iterations=500, double_round=False, seed=3)
    kb = crypto.parse_keybag(plistlib.loads((backup / "Manifest.plist").read_bytes())["BackupKeyBag"])
    assert not kb.double_round and crypto.derive_key(kb, PASSWORD).hex() == info["derived_key"]
    ext = open_extraction(backup, access=Access(keys={"itunes": [PASSWORD]}))
    assert ext.lookup("HomeDomain/Library/SMS/sms.db") is not None
    ext.close()


def test_stored_file_that_does_not_match_its_record_is_reported(encrypted, tmp_path):
    """A stored file cut short: its padding and size no longer agree with Manifest.db (a warning, not a stop)."""
    backup, info = encrypted
    copy = _damaged_copy(backup, tmp_path / "copy")
    stored = copy / "3d" / "3d0d7e5fb2ce288813306e4d4636395e047a3d28"
    data = stored.read_bytes()
    stored.chmod(0o644)
    stored.write_bytes(data[:-32])
    ext = open_extraction(copy, access=Access(keys={"itunes": [info["derived_key"]]}))
    entry = ext.lookup("HomeDomain/Library/SMS/sms.db")
    with ext.open_entry(entry) as fh:
        fh.read()
    problems = [p for p in ext.problems if p.startswith("HomeDomain/Library/SMS/sms.db")]
    assert len(problems) == 2 and "Digest" in problems[1], problems
    ext.close()


def test_crypto_primitives_round_trip():
    kb_blob = keybag_blob([(b"VERS", 3), (b"TYPE", 1), (b"UUID", b"u" * 16), (b"SALT", b"s" * 20), (b"ITER", 10)],
                          [[(b"UUID", b"c" * 16), (b"CLAS", 4), (b"WRAP", 2), (b"KTYP", 0), (b"WPKY", b"w" * 40)]])
    kb = crypto.parse_keybag(kb_blob)
    assert kb.classes[4][b"WRAP"] == 2 and kb.attrs[b"ITER"] == 10
    with pytest.raises(crypto.WrongKeyError):
        crypto.unlock(kb, b"k" * 32)
    key = bytes(range(32))
    for n in (0, 1, 15, 16, 17, 3 * (1 << 20) + 5):  # across the reader's chunks
        data = bytes(i % 251 for i in range(n))
        import io

        reader = crypto.CBCDecryptReader(io.BytesIO(crypto.cbc_encrypt(key, data)), key, n)
        assert reader.read(1000) + reader.read() == data and reader.problem is None


def test_checked_against_the_maintained_library(encrypted, tmp_path):
    """iphone_backup_decrypt (jsharkey13) decrypts the encoder's output to the fixture's bytes, as we do."""
    lib = pytest.importorskip("iphone_backup_decrypt")
    backup, info = encrypted
    theirs = lib.EncryptedBackup(backup_directory=str(backup), passphrase=PASSWORD)
    ours = open_extraction(backup, access=Access(keys={"itunes": [PASSWORD]}))
    assert theirs.test_decryption()
    assert theirs.keybag.passphrase_key.hex() == info["derived_key"]  # the same derived key
    checked = 0
    plain = _plain()
    for relative, domain in [("Library/SMS/sms.db", "HomeDomain"), ("ChatStorage.sqlite", "AppDomainGroup-group.net.whatsapp.WhatsApp.shared"),
                             ("ContactsV2.sqlite", "AppDomainGroup-group.net.whatsapp.WhatsApp.shared"),
                             ("Library/Preferences/.GlobalPreferences.plist", "HomeDomain")]:
        data = theirs.extract_file_as_bytes(relative, domain_like=domain)
        kind, _, ident = domain.partition("-")
        with ours.open_entry(ours.lookup(f"{kind}/{ident}/{relative}" if ident else f"{domain}/{relative}")) as fh:
            assert fh.read() == data
        checked += 1
    assert checked == 4
    sms = (plain / "3d" / "3d0d7e5fb2ce288813306e4d4636395e047a3d28").read_bytes()
    assert theirs.extract_file_as_bytes("Library/SMS/sms.db", domain_like="HomeDomain") == sms
    ours.close()


def test_plain_backup_without_manifest_plist_is_still_plain():
    ext = open_extraction(_plain())
    assert ext.kind == "itunes" and not ext.encrypted and ext.found_keys == {}
    ext.close()


def test_random_manifest_without_key_is_refused_clearly(tmp_path):
    backup = tmp_path / "b"
    backup.mkdir()
    (backup / "Info.plist").write_bytes(b"<?xml version='1.0'?><plist><dict/></plist>")
    (backup / "Manifest.db").write_bytes(bytes(4096))
    with pytest.raises(EvidenceError) as exc:
        open_extraction(backup)
    assert not isinstance(exc.value, EvidenceKeyError) and "--key itunes=PASSWORD" in str(exc.value)


def test_found_keys_are_offered_after_the_given_ones(encrypted):
    from artefacts.engine import _offered_keys

    backup, _ = encrypted
    ext = open_extraction(backup, access=Access(keys={"itunes": [PASSWORD]}))
    given = {"signal_ios": ["ab" * 48], "itunes": [PASSWORD]}
    offered = _offered_keys(given, ext)
    assert offered["signal_ios"] == ["ab" * 48, SIGNAL_SPEC.hex()] and given["signal_ios"] == ["ab" * 48]
    assert offered["ios_keychain:GRDBKeyChainService:GRDBDatabaseCipherKeySpec"] == [SIGNAL_SPEC.hex()]
    ext.close()
