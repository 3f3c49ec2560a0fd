"""iTunes / Finder backups, plain or encrypted (``--key itunes=PASSWORD`` or the derived key in hex).

Each file of ``Manifest.db`` ``Files`` (``flags`` 1 = file) is stored as ``<fileID[:2]>/<fileID>``.
It is indexed under a path made from its backup domain and relative path:
``HomeDomain/Library/SMS/sms.db``, and, for domains named ``Kind-identifier``,
``AppDomainGroup/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite``. No device path is
invented; the parsers' globs match these paths wherever their last components agree, and the
stored file's name is kept for the sources table (:meth:`ITunesBackupExtraction.origin`).

An encrypted backup (``Manifest.db`` not SQLite) is opened with the keys given for ``itunes``:
``Manifest.plist``'s ``BackupKeyBag`` is unlocked, ``Manifest.db`` decrypted into the private
working folder, and every file decrypted while it is read (:meth:`open_entry` streams plaintext;
the host copies and hashes it as it does any file). The keychain (``KeychainDomain/
keychain-backup.plist``) is decrypted too and its items offered to parsers through
:attr:`Extraction.found_keys`. Format and sources: ``docs/ios_backups.md``.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import sqlite3
import stat
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..decoders import ios_backup_crypto as crypto
from .extraction import Access, EvidenceError, EvidenceKeyError, Entry, Extraction, _open_noatime, _utc_iso

#: how to give the key; said whenever it is missing
KEY_HINT = "give --key itunes=PASSWORD (the backup password, or its derived key as 64 hex digits)"
KEYCHAIN_PATH = "KeychainDomain/keychain-backup.plist"
#: keychain items whose secret an existing parser takes with ``--key``: (service, account) -> app
KNOWN_KEYCHAIN_ITEMS = {
    ("GRDBKeyChainService", "GRDBDatabaseCipherKeySpec"): "signal_ios",  # Signal-iOS GRDBDatabaseStorageAdapter.swift
    # Session iOS before its KeychainStorage migration (session-ios Storage.swift: legacyKey
    # "GRDBDatabaseCipherKeySpec", legacyService "TSKeyChainService")
    ("TSKeyChainService", "GRDBDatabaseCipherKeySpec"): "session_ios",
}


@dataclass
class KeychainItem:
    """One decrypted item of the backup's keychain."""

    table: str  # genp, inet, cert, keys
    protection_class: int
    attributes: dict

    @property
    def secret(self) -> bytes | None:
        v = self.attributes.get("v_Data")
        return bytes(v) if isinstance(v, (bytes, bytearray)) else (v.encode("utf-8") if isinstance(v, str) else None)


@dataclass
class _Stored:
    """Where an entry's bytes are and, in an encrypted backup, how they are encrypted."""

    full: str
    protection_class: int | None = None
    wrapped_key: bytes | None = None
    size: int | None = None
    digest: bytes | None = None


class ITunesBackupExtraction(Extraction):
    """An iTunes / Finder backup folder: files stored under hashed names, listed in ``Manifest.db``."""

    kind = "itunes"

    def __init__(self, source: Path, access: Access | None = None):
        super().__init__(source)
        access = access or Access()
        self._origin: dict[str, str] = {}
        self._tmp: Path | None = None
        self.encrypted = False
        self.class_keys: dict[int, bytes] = {}
        self.device_bound_classes: list[int] = []
        self.keychain: list[KeychainItem] = []
        #: seconds spent deriving the key from the password (0 when the derived key was given)
        self.kdf_seconds = 0.0
        manifest = source / "Manifest.db"
        with _open_noatime(str(manifest)) as fh:
            head = fh.read(16)
        if head == b"SQLite format 3\x00":
            rows = _read_manifest(source, manifest, siblings=True)
        else:
            self.encrypted = True
            rows = self._open_encrypted(source, manifest, access)
        root = str(source)
        for name in ("Info.plist", "Manifest.plist", "Status.plist", "Manifest.db"):
            full = os.path.join(root, name)
            if os.path.isfile(full):
                st = os.stat(full)
                self._add(name, st.st_size, _utc_iso(st.st_mtime), _Stored(full))
        missing = 0
        for file_id, domain, relative, blob in rows:
            full = os.path.join(root, file_id[:2], file_id)
            try:
                st = os.lstat(full)
            except FileNotFoundError:
                missing += 1
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            stored = _Stored(full)
            size = st.st_size
            if self.encrypted:
                stored = _file_record(full, blob)
                if stored.wrapped_key is None:  # an empty file: nothing was encrypted
                    stored.size = 0
                size = stored.size if stored.size is not None else st.st_size
            kind, dash, ident = domain.partition("-")
            virtual = f"{kind}/{ident}/{relative}" if dash and ident else f"{domain}/{relative}"
            entry = self._add(virtual, size, _utc_iso(st.st_mtime), stored)
            if entry is not None:
                name = f"{file_id[:2]}/{file_id}"
                self._origin[entry.path] = (
                    f"{name} (AES-256 encrypted, protection class {stored.protection_class}; decrypted with the backup "
                    "keybag while copied)" if self.encrypted and stored.wrapped_key else name
                )
        if missing:
            self.problems.append(f"{missing} files listed in Manifest.db are not in the backup folder")
        if self.encrypted:
            self._read_keychain()

    # -- encrypted backups -------------------------------------------------------------------
    def _open_encrypted(self, source: Path, manifest: Path, access: Access) -> list:
        materials = list(access.keys.get("itunes", ()))
        if not materials:
            raise EvidenceError(f"{source}: encrypted iTunes/Finder backup: {KEY_HINT}")
        fail = lambda msg: EvidenceKeyError(f"{source}: encrypted iTunes/Finder backup: {msg}")  # noqa: E731
        try:
            with _open_noatime(str(source / "Manifest.plist")) as fh:
                plist = plistlib.load(fh)
            keybag = crypto.parse_keybag(plist["BackupKeyBag"])
            mk = bytes(plist["ManifestKey"])
            if len(mk) != 44:
                raise crypto.KeybagError(f"ManifestKey is {len(mk)} bytes, not 4 + 40")
        except FileNotFoundError:
            raise fail("Manifest.plist is missing: without its keybag the backup cannot be decrypted") from None
        except (KeyError, TypeError) as exc:
            raise fail(f"Manifest.plist has no usable {exc} (BackupKeyBag and ManifestKey are needed)") from None
        except crypto.KeybagError as exc:
            raise fail(f"Manifest.plist BackupKeyBag cannot be read: {exc}") from None
        except Exception as exc:  # plistlib raises several types on a damaged file
            raise fail(f"Manifest.plist cannot be read ({type(exc).__name__}: {exc})") from None
        self.class_keys, self.device_bound_classes = self._unlock(keybag, materials, fail)
        clas = struct.unpack("<I", mk[:4])[0]
        try:
            key = crypto.unwrap_for_class(self.class_keys, clas, mk[4:])
        except crypto.KeybagError as exc:
            raise fail(f"Manifest.db key does not unwrap: {exc}") from None
        dest = self._scratch(access, "Manifest.db")
        with _open_noatime(str(manifest)) as raw, crypto.CBCDecryptReader(raw, key) as reader, open(dest, "wb") as out:
            shutil.copyfileobj(reader, out, crypto.CBCDecryptReader.CHUNK)
        with open(dest, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00" or reader.problem:
                raise fail("Manifest.db does not decrypt to a SQLite database (damaged file?)"
                           + (f": {reader.problem}" if reader.problem else ""))
        try:
            return _read_manifest(source, dest, siblings=False)
        except EvidenceError as exc:
            raise fail(str(exc).split(": ", 1)[-1]) from None

    def _unlock(self, keybag: crypto.Keybag, materials: list[str], fail):
        tried = []
        for n, material in enumerate(materials, 1):
            material = material.strip()
            candidates = []
            hexish = material.lower().removeprefix("0x")
            if len(hexish) == 64 and all(c in "0123456789abcdef" for c in hexish):
                candidates.append(("derived key", bytes.fromhex(hexish)))
            candidates.append(("password", None))
            for what, derived in candidates:
                if derived is None:
                    t0 = time.monotonic()
                    derived = crypto.derive_key(keybag, material)
                    self.kdf_seconds += time.monotonic() - t0
                try:
                    return crypto.unlock(keybag, derived)
                except crypto.WrongKeyError:
                    tried.append(f"#{n} as {what}")
                except crypto.KeybagError as exc:
                    raise fail(f"Manifest.plist BackupKeyBag cannot be read: {exc}") from None
        raise fail(f"wrong password: --key itunes {', '.join(tried)} does not unlock the backup keybag")

    def _scratch(self, access: Access, name: str) -> Path:
        if access.scratch is not None:
            path = access.scratch(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            return path
        self._tmp = Path(tempfile.mkdtemp(prefix="artefacts-itunes-"))
        return self._tmp / name

    def _read_keychain(self) -> None:
        entry = self.lookup(KEYCHAIN_PATH)
        if entry is None:
            return
        try:
            with self.open_entry(entry) as fh:
                plist = plistlib.loads(fh.read())
        except Exception as exc:  # a damaged file: say so, the rest of the backup stands
            self.problems.append(f"{KEYCHAIN_PATH}: cannot be decrypted or read ({type(exc).__name__}: {exc})")
            return
        device_bound = failed = 0
        for table in ("genp", "inet", "cert", "keys"):
            for item in plist.get(table, []) if isinstance(plist, dict) else []:
                blob = item.get("v_Data") if isinstance(item, dict) else None
                if not isinstance(blob, bytes):
                    continue
                clas = struct.unpack("<I", blob[4:8])[0] & 0xF if len(blob) >= 8 else 0
                if clas in self.device_bound_classes:
                    device_bound += 1
                    continue
                try:
                    clas, attrs = crypto.decrypt_keychain_item(self.class_keys, blob)
                except (crypto.KeybagError, crypto.WrongKeyError):
                    failed += 1
                    continue
                self.keychain.append(KeychainItem(table, clas, attrs))
        if device_bound:  # true of every backup, not a failure: noted in the run record, not a warning
            self.notes.append(
                f"{KEYCHAIN_PATH}: {device_bound} item(s) are ...ThisDeviceOnly (classes "
                f"{', '.join(map(str, self.device_bound_classes))}): their keys need the device's hardware key, "
                "which a backup does not hold; they are not decrypted")
        if failed:
            self.problems.append(f"{KEYCHAIN_PATH}: {failed} item(s) cannot be decrypted (unsupported version or damaged)")
        for item in self.keychain:
            secret = item.secret
            svce, acct = item.attributes.get("svce"), item.attributes.get("acct")
            if item.table != "genp" or secret is None or not isinstance(svce, str):
                continue
            acct = acct.decode("utf-8", "replace") if isinstance(acct, bytes) else acct
            self.found_keys.setdefault(f"ios_keychain:{svce}:{acct or ''}", []).append(secret.hex())
            app = KNOWN_KEYCHAIN_ITEMS.get((svce, acct))
            if app:
                self.found_keys.setdefault(app, []).append(secret.hex())

    # -- reading -------------------------------------------------------------------------------
    def origin(self, path: str) -> str | None:
        return self._origin.get(path)

    def open_entry(self, entry: Entry) -> BinaryIO:
        stored: _Stored = entry.key
        raw = _open_noatime(stored.full)
        if stored.wrapped_key is None:
            return raw
        try:
            key = crypto.unwrap_for_class(self.class_keys, stored.protection_class, stored.wrapped_key)
        except crypto.KeybagError as exc:
            raw.close()
            why = ("needs the device's hardware key, which a backup does not hold"
                   if stored.protection_class in self.device_bound_classes else str(exc))
            raise OSError(f"encrypted file cannot be decrypted: {why}") from None
        return crypto.CBCDecryptReader(raw, key, stored.size, on_end=lambda r: self._check(entry, r))

    def _check(self, entry: Entry, reader: crypto.CBCDecryptReader) -> None:
        stored: _Stored = entry.key
        if reader.problem:
            self.problems.append(f"{entry.path}: {reader.problem}")
        digest = stored.digest.hex() if stored.digest is not None and len(stored.digest) == 20 else None
        if digest is not None and digest not in (reader.stored_sha1, reader.plain_sha1):
            self.problems.append(f"{entry.path}: Manifest.db's Digest {digest} is the SHA-1 of neither the stored "
                                 f"file ({reader.stored_sha1}) nor its decrypted content ({reader.plain_sha1})")

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


def _file_record(full: str, blob: bytes | None) -> _Stored:
    """Class, wrapped key, size and digest of a file from its ``Files.file`` NSKeyedArchiver ``MBFile``.

    The blob comes from the backup: anything that is not the expected shape (not a plist, no
    ``$objects`` list, references out of range, values of other types) leaves the field unknown.
    """
    stored = _Stored(full)
    try:
        archive = plistlib.loads(blob)
    except Exception:  # not an MBFile (plistlib raises several types): read it as stored
        return stored
    objects = archive.get("$objects") if isinstance(archive, dict) else None
    top = archive.get("$top") if isinstance(archive, dict) else None
    if not isinstance(objects, list) or not isinstance(top, dict):
        return stored

    def deref(v):
        if isinstance(v, plistlib.UID):
            v = objects[v.data] if 0 <= v.data < len(objects) else None
        return v.get("NS.data") if isinstance(v, dict) else v

    ref = top.get("root")
    root = objects[ref.data] if isinstance(ref, plistlib.UID) and 0 <= ref.data < len(objects) else None
    if not isinstance(root, dict):
        return stored
    ek = deref(root.get("EncryptionKey"))
    if isinstance(ek, bytes) and len(ek) == 44:
        stored.wrapped_key = ek[4:]
        clas = root.get("ProtectionClass")
        stored.protection_class = clas if isinstance(clas, int) and not isinstance(clas, bool) else struct.unpack("<I", ek[:4])[0]
    size = root.get("Size")
    stored.size = size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None
    digest = deref(root.get("Digest"))
    stored.digest = digest if isinstance(digest, bytes) else None
    return stored


def _read_manifest(source: Path, manifest: Path, *, siblings: bool) -> list[tuple[str, str, str, bytes | None]]:
    """``(fileID, domain, relativePath, file)`` of every file in ``Manifest.db`` (read from a private copy)."""
    tmp = Path(tempfile.mkdtemp(prefix="artefacts-manifest-"))
    try:
        for suffix in ("", "-wal", "-shm") if siblings else ("",):
            src = manifest.with_name(manifest.name + suffix)
            if src.is_file():
                with _open_noatime(str(src)) as fh, open(tmp / src.name, "wb") as out:
                    shutil.copyfileobj(fh, out)
        con = sqlite3.connect(str(tmp / manifest.name))
        try:
            return [
                (r[0], r[1] or "", r[2] or "", r[3])
                for r in con.execute("SELECT fileID, domain, relativePath, file FROM Files WHERE flags = 1 "
                                     "ORDER BY domain, relativePath")
                if r[0] and len(r[0]) >= 3
            ]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise EvidenceError(f"{source}: Manifest.db cannot be read ({exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
