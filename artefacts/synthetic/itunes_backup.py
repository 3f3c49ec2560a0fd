"""Encrypted iTunes/Finder backups for tests: re-encrypt a plain backup folder with a password.

Follows the format described in ``docs/ios_backups.md`` (and decoded by
:mod:`artefacts.decoders.ios_backup_crypto`): a ``BackupKeyBag`` (TLV, version 3, type 1 = backup)
with one random key per protection class 1-4 and 6-11, each RFC 3394 wrapped with the key derived
from the password (PBKDF2-SHA256 over ``DPSL``/``DPIC``, then PBKDF2-SHA1 over ``SALT``/``ITER``;
``double_round=False`` writes a pre-10.2 keybag without ``DPSL``/``DPIC``); classes 9-11
(``...ThisDeviceOnly``) carry ``WRAP`` 3 as on a device, so that a reader must say it cannot use
them. Every stored file is encrypted AES-256-CBC (zero IV, PKCS#7) with its own random key, wrapped
with its class key into the ``MBFile`` ``EncryptionKey`` (4-byte little-endian class + 40 bytes);
``Size`` becomes the plaintext size and ``Digest`` (where the record has one) the SHA-1 of the stored
bytes. ``Manifest.db`` (the source's, with its WAL applied) is encrypted with ``ManifestKey``
(class 4). ``keychain_items`` adds ``KeychainDomain/keychain-backup.plist`` with version 3 items.

Iteration counts are small by default: a real backup uses DPIC 10,000,000 (seconds to derive).

Public API::

    encrypt_backup(src, dest, password, *, dpic=1000, iterations=100, double_round=True, seed=0,
                   keychain_items=()) -> dict   # {"derived_key": hex, "files": n, ...}
    KeychainSpec(service, account, secret, protection_class=7, table="genp")
"""

from __future__ import annotations

import hashlib
import plistlib
import random
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.keywrap import aes_key_wrap

from ..decoders.ios_backup_crypto import Keybag, cbc_encrypt, derive_key, encrypt_keychain_item

__all__ = ["encrypt_backup", "KeychainSpec", "keybag_blob"]

CLASSES = (1, 2, 3, 4, 6, 7, 8, 9, 10, 11)
DEVICE_BOUND = (9, 10, 11)


@dataclass
class KeychainSpec:
    service: str
    account: str
    secret: bytes
    protection_class: int = 7  # kSecAttrAccessibleAfterFirstUnlock
    table: str = "genp"
    access_group: str = "apple"


def _tlv(tag: bytes, value: bytes | int) -> bytes:
    if isinstance(value, int):
        value = struct.pack(">I", value)
    return tag + struct.pack(">I", len(value)) + value


def keybag_blob(attrs: list[tuple[bytes, bytes | int]], classes: list[list[tuple[bytes, bytes | int]]]) -> bytes:
    """A keybag from its head blocks and one block list per class key (each starting with UUID)."""
    return b"".join(_tlv(t, v) for t, v in attrs) + b"".join(_tlv(t, v) for ck in classes for t, v in ck)


def encrypt_backup(src: str | Path, dest: str | Path, password: str, *, dpic: int = 1000, iterations: int = 100,
                   double_round: bool = True, seed: int = 0, keychain_items=()) -> dict:
    src, dest = Path(src), Path(dest)
    rnd = random.Random(seed)
    rb = rnd.randbytes
    head = [(b"VERS", 3), (b"TYPE", 1), (b"UUID", rb(16)), (b"HMCK", rb(40)), (b"WRAP", 0),
            (b"SALT", rb(20)), (b"ITER", iterations)]
    if double_round:
        head += [(b"DPWT", 1), (b"DPIC", dpic), (b"DPSL", rb(20))]
    kb = Keybag(attrs={t: v for t, v in head})
    derived = derive_key(kb, password)
    class_keys = {c: rb(32) for c in CLASSES}
    classes = [[(b"UUID", rb(16)), (b"CLAS", c), (b"WRAP", 3 if c in DEVICE_BOUND else 2), (b"KTYP", 0),
                (b"WPKY", aes_key_wrap(derived, class_keys[c]))] for c in CLASSES]

    def new_key(clas: int) -> tuple[bytes, bytes]:
        """A fresh file key and its ``EncryptionKey`` / ``ManifestKey`` form (class + wrapped key)."""
        key = rb(32)
        return key, struct.pack("<I", clas) + aes_key_wrap(class_keys[clas], key)

    dest.mkdir(parents=True, exist_ok=False)
    tmp = Path(tempfile.mkdtemp(prefix="artefacts-itunes-enc-"))
    try:
        for suffix in ("", "-wal", "-shm"):
            f = src / f"Manifest.db{suffix}"
            if f.is_file():
                shutil.copyfile(f, tmp / f.name)
        con = sqlite3.connect(str(tmp / "Manifest.db"))
        con.execute("PRAGMA journal_mode=DELETE")  # applies the WAL: one file to encrypt
        if keychain_items:
            _add_keychain(con, src, tmp, keychain_items, class_keys, rnd)
        files = 0
        for file_id, blob in con.execute("SELECT fileID, file FROM Files WHERE flags = 1").fetchall():
            stored = src / file_id[:2] / file_id
            if not stored.is_file():
                stored = tmp / file_id[:2] / file_id  # the keychain added above
                if not stored.is_file():
                    continue
            plain = stored.read_bytes()
            archive = plistlib.loads(blob)
            objects = archive["$objects"]
            top = objects[archive["$top"]["root"].data]
            clas = top.get("ProtectionClass", 4)
            key, wrapped = new_key(clas)
            data = cbc_encrypt(key, plain)
            objects[top["EncryptionKey"].data]["NS.data"] = wrapped
            top["Size"] = len(plain)
            if "Digest" in top:
                objects[top["Digest"].data] = hashlib.sha1(data).digest()
            out = dest / file_id[:2] / file_id
            out.parent.mkdir(exist_ok=True)
            out.write_bytes(data)
            con.execute("UPDATE Files SET file = ? WHERE fileID = ?",
                        (plistlib.dumps(archive, fmt=plistlib.FMT_BINARY, sort_keys=False), file_id))
            files += 1
        con.commit()
        con.execute("VACUUM")
        con.close()
        key, manifest_key = new_key(4)
        (dest / "Manifest.db").write_bytes(cbc_encrypt(key, (tmp / "Manifest.db").read_bytes()))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for name in ("Info.plist", "Status.plist"):
        if (src / name).is_file():
            shutil.copyfile(src / name, dest / name)
    manifest = {
        "BackupKeyBag": keybag_blob(head, classes),
        "ManifestKey": manifest_key,
        "IsEncrypted": True,
        "Version": "10.0",
        "WasPasscodeSet": False,
    }
    (dest / "Manifest.plist").write_bytes(plistlib.dumps(manifest, fmt=plistlib.FMT_BINARY))
    return {"derived_key": derived.hex(), "files": files, "class_keys": {c: k.hex() for c, k in class_keys.items()}}


def _add_keychain(con, src: Path, tmp: Path, items, class_keys: dict[int, bytes], rnd: random.Random) -> None:
    """``KeychainDomain/keychain-backup.plist`` with version 3 items, listed in Manifest.db."""
    tables: dict[str, list] = {}
    for spec in items:
        blob = encrypt_keychain_item(class_keys[spec.protection_class], spec.protection_class,
                                     {"svce": spec.service, "acct": spec.account, "agrp": spec.access_group,
                                      "v_Data": spec.secret}, rnd.randbytes(32))
        tables.setdefault(spec.table, []).append({"v_Data": blob, "v_PersistentRef": spec.table.encode() + bytes(8)})
    plain = plistlib.dumps(tables, fmt=plistlib.FMT_BINARY)
    file_id = hashlib.sha1(b"KeychainDomain-keychain-backup.plist").hexdigest()
    (tmp / file_id[:2]).mkdir(exist_ok=True)
    (tmp / file_id[:2] / file_id).write_bytes(plain)
    archive = {
        "$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
        "$objects": ["$null",
                     {"$class": plistlib.UID(4), "RelativePath": plistlib.UID(2), "EncryptionKey": plistlib.UID(3),
                      "ProtectionClass": 3, "Size": len(plain), "Mode": 33188, "Flags": 0, "UserID": 501,
                      "GroupID": 501, "LastModified": 1638559900, "Birth": 1638559900, "LastStatusChange": 1638559900},
                     "keychain-backup.plist",
                     {"NS.data": b"", "$class": plistlib.UID(5)},
                     {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]},
                     {"$classname": "NSMutableData", "$classes": ["NSMutableData", "NSData", "NSObject"]}],
    }
    con.execute("INSERT OR REPLACE INTO Files (fileID, domain, relativePath, flags, file) VALUES (?, ?, ?, 1, ?)",
                (file_id, "KeychainDomain", "keychain-backup.plist", plistlib.dumps(archive, fmt=plistlib.FMT_BINARY)))
