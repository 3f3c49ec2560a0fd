"""Signal Android full backups: ``signal-YYYY-MM-DD-HH-MM-SS.backup`` (the 30-digit passphrase format).

The app writes its whole ``signal.db`` as SQL statements, its preferences, key-value store,
attachments, avatars and stickers into one file of *frames*. This module reads that file, checks
every MAC before decrypting, and can replay it into a plain SQLite database.

Format (the project's reference notes, formats.md section 2, read against the app's own code:
``FullBackupBase.java``, ``BackupFrameOutputStream.java``, ``BackupRecordInputStream.java``,
``FullBackupImporter.java``, ``BackupVersions.kt`` of signalapp/Signal-Android):

Passphrase
    30 digits, shown as six groups of five. Spaces are removed (the app does
    ``passphrase.replace(" ", "")``); anything else is refused here with :class:`InvalidPassphraseError`.
Key derivation
    ``h = SHA-512(salt || p || p)``, then ``h = SHA-512(h || p)`` until 250,000 digests were made
    (``p`` = the 30 ASCII digits, ``salt`` = ``Header.salt``); the backup key is ``h[:32]``.
    ``HKDF-SHA256(backup key, salt = none, info = "Backup Export", 64 bytes)`` gives the AES
    key (first 32 bytes) and the HMAC-SHA256 key (last 32).
Frame 0
    ``u32 BE length`` + a plaintext ``BackupFrame`` holding ``Header{iv (16 bytes), salt, version}``.
Frames 1..n
    every frame (and every attachment data stream) is AES-256-CTR under its own IV:
    ``u32 BE counter || iv[4:16]``, the counter starting at ``iv[0:4]`` and incremented after each
    use (mod 2**32, as the app's Java ``int`` does). A frame is ``length (4) || ciphertext || MAC (10)``
    where ``length`` counts ciphertext + MAC.

    * header version 0 (absent): the length is in clear; MAC = HMAC(ciphertext)[:10];
    * header version 1: the length is encrypted as the first 4 bytes of the frame's key stream
      (the body continues at stream offset 4); MAC = HMAC(encrypted length || ciphertext)[:10].

    The plaintext is a ``BackupFrame`` (``schemas/signal_backups.proto``) with one field set:
    ``statement`` (SQL with typed ``?`` parameters), ``preference``, ``keyValue``, ``version``
    (``PRAGMA user_version``), ``end``, or ``attachment`` / ``avatar`` / ``sticker``, each of which is
    followed by its data: ``length`` bytes of AES-CTR under the next IV, then
    ``HMAC(IV || ciphertext)[:10]``. The app writes (and reads) that MAC even for ``length`` 0.

A frame's MAC is always checked before its body is decrypted (only the 4-byte encrypted length of
a version-1 frame is decrypted first, as the app does, to know how many bytes the MAC covers); a
mismatch raises :class:`FrameMacError` naming the frame and its offset. Attachment data is MACed
in a first pass over the file and decrypted in a second one, so no unverified byte is written.
The file has no key check value: a wrong passphrase shows as a bad MAC on the first frame (or,
with encrypted lengths, an impossible length). To tell a wrong passphrase from a damaged first frame, the frame after it is tried: if
that one verifies, the passphrase was right and frame 1 is damaged.

Public API::

    normalise_passphrase(text) -> str                     # the 30 digits
    derive_keys(passphrase, salt) -> (cipher_key, mac_key)
    read_header(path) -> BackupHeader
    read_backup(path, passphrase, *, name=None, strict=False) -> Iterator[Frame]
    restore_backup(path, passphrase, out_db, media_dir, *, name=None) -> RestoreResult
    sniff(path) -> bool                                   # starts with a Signal backup header?

Restoring replays only ``CREATE TABLE`` / ``CREATE [UNIQUE] INDEX`` / ``CREATE VIEW`` and
``INSERT`` statements, with their parameters bound, into a fresh SQLite file; an SQLite
authorizer refuses any other action while they run. Triggers (they would run SQL of their own on
every INSERT), virtual tables (search indexes the app rebuilds) and their shadow tables are
skipped and counted. Attachment, avatar and sticker data go to ``media_dir`` named after their ids
(``attachment-<rowId>[-<attachmentId>]``, ``avatar-<recipientId>``, ``sticker-<rowId>``) and are
hashed while written.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from google.protobuf.message import DecodeError

from ..protos import load_schema

__all__ = [
    "SCHEMA_NAME",
    "SignalBackupError",
    "InvalidPassphraseError",
    "NotASignalBackupError",
    "UnsupportedBackupError",
    "WrongPassphraseError",
    "FrameMacError",
    "TruncatedBackupError",
    "UnknownFrameError",
    "BackupHeader",
    "Frame",
    "DataStream",
    "RestoredFile",
    "RestoreResult",
    "normalise_passphrase",
    "backup_key",
    "hkdf_sha256",
    "derive_keys",
    "read_header",
    "read_backup",
    "restore_backup",
    "sniff",
]

SCHEMA_NAME = "signal_backups.proto"

#: SHA-512 digests of the passphrase key derivation (FullBackupBase.DIGEST_ROUNDS)
DIGEST_ROUNDS = 250_000
#: HKDF info of the backup keys (BackupFrameOutputStream / BackupRecordInputStream)
HKDF_INFO = b"Backup Export"
PASSPHRASE_DIGITS = 30
IV_SIZE = 16
MAC_SIZE = 10
#: header versions the app reads (BackupVersions.MINIMUM_VERSION..CURRENT_VERSION)
HEADER_VERSIONS = (0, 1)
#: a frame length outside (MAC_SIZE, MAX_FRAME] cannot be real; signalbackup-tools takes lengths
#: outside [11, 110 MiB] for a wrong passphrase (formats.md 2.2)
MAX_FRAME = 110 * 1024 * 1024
#: the plaintext header frame is a few dozen bytes; anything this large is not a Signal backup
MAX_HEADER = 4096
CHUNK = 1 << 20

#: BackupFrame fields in the order the app's importer tests them (FullBackupImporter)
FRAME_KINDS = (
    ("end", "end"),
    ("version", "version"),
    ("statement", "statement"),
    ("preference", "preference"),
    ("attachment", "attachment"),
    ("sticker", "sticker"),
    ("avatar", "avatar"),
    ("keyValue", "key_value"),
)
DATA_KINDS = ("attachment", "avatar", "sticker")


# ---------------------------------------------------------------------------------------------
# Errors


class SignalBackupError(Exception):
    """A Signal backup that cannot be read; the message names the file."""

    def __init__(self, message: str, name: str | None = None):
        self.name = name
        self.reason = message
        super().__init__(f"{name}: {message}" if name else message)


class InvalidPassphraseError(SignalBackupError, ValueError):
    """The passphrase is not 30 digits (spaces allowed)."""


class NotASignalBackupError(SignalBackupError):
    """The file does not start with a Signal backup header frame."""


class UnsupportedBackupError(SignalBackupError):
    """A header version this reader does not know."""


class WrongPassphraseError(SignalBackupError):
    """The first frame does not verify under the key derived from the passphrase."""


class _FrameError(SignalBackupError):
    def __init__(self, message: str, name: str | None, frame_index: int, offset: int):
        self.frame_index = frame_index
        self.offset = offset
        super().__init__(message, name)


class FrameMacError(_FrameError):
    """A frame (or its attachment data) whose MAC does not match: damaged or altered."""


class TruncatedBackupError(_FrameError):
    """The file ends inside a frame, or before the End frame."""


class UnknownFrameError(_FrameError):
    """A verified frame with none of the known BackupFrame fields set (a newer format?)."""


# ---------------------------------------------------------------------------------------------
# Keys


def normalise_passphrase(text) -> str:
    """The 30 digits of a backup passphrase; spaces (the app shows 6 groups of 5) are removed.

    Anything else (hyphens, letters, a different number of digits) raises
    :class:`InvalidPassphraseError`: the app would derive a different key from it, so a guess at
    what was meant could only produce a misleading "wrong passphrase".
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("ascii")
        except UnicodeDecodeError:
            raise InvalidPassphraseError("a backup passphrase is 30 digits (spaces allowed); got non-ASCII bytes") from None
    if not isinstance(text, str):
        raise InvalidPassphraseError(f"a backup passphrase is 30 digits (spaces allowed), not {type(text).__name__}")
    digits = text.strip().replace(" ", "")
    if not (len(digits) == PASSPHRASE_DIGITS and digits.isascii() and digits.isdigit()):
        shown = len(digits) if digits.isascii() and digits.isdigit() else "not only"
        raise InvalidPassphraseError(
            f"a backup passphrase is {PASSPHRASE_DIGITS} digits (spaces allowed); this one has {shown} digits"
        )
    return digits


def backup_key(passphrase, salt: bytes | None) -> bytes:
    """The 32-byte backup key: 250,000 chained SHA-512 digests of salt and passphrase."""
    p = normalise_passphrase(passphrase).encode("ascii")
    sha512 = hashlib.sha512
    h = sha512((salt or b"") + p + p).digest()
    for _ in range(DIGEST_ROUNDS - 1):
        h = sha512(h + p).digest()
    return h[:32]


def hkdf_sha256(ikm: bytes, info: bytes, length: int = 64, salt: bytes | None = None) -> bytes:
    """RFC 5869 HKDF with SHA-256 (``salt=None`` = 32 zero bytes, as libsignal's ``HKDF.deriveSecrets``)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def derive_keys(passphrase, salt: bytes | None) -> tuple[bytes, bytes]:
    """``(cipher_key, mac_key)`` of a backup with this header salt."""
    return _derive_keys(normalise_passphrase(passphrase), bytes(salt) if salt is not None else None)


@functools.lru_cache(maxsize=16)
def _derive_keys(digits: str, salt: bytes | None) -> tuple[bytes, bytes]:
    # cached: the same backup is often opened more than once (header check, restore, each test)
    okm = hkdf_sha256(backup_key(digits, salt), HKDF_INFO, 64)
    return okm[:32], okm[32:]


# ---------------------------------------------------------------------------------------------
# Frames


def _proto():
    return load_schema(SCHEMA_NAME)


@dataclass
class BackupHeader:
    version: int
    iv: bytes
    salt: bytes | None
    #: bytes of frame 0 (length field included)
    size: int


@dataclass
class Frame:
    """One frame of a backup, in file order (the header is frame 0)."""

    index: int
    #: file offset of the frame's 4-byte length field
    offset: int
    #: ciphertext + MAC bytes (the value of the length field)
    length: int
    #: header, statement, preference, key_value, version, attachment, avatar, sticker, end, unknown
    kind: str
    #: the decoded ``BackupFrame`` (None for an undecodable frame)
    message: object = None
    #: the attachment/avatar/sticker data that follows the frame (MAC already verified)
    data: "DataStream | None" = None
    #: for ``unknown`` frames: why (an :class:`UnknownFrameError`, not raised unless ``strict``)
    error: UnknownFrameError | None = None

    @property
    def payload(self):
        """The sub-message of the frame's kind (``frame.message.statement`` ...)."""
        if self.message is None or self.kind in ("unknown", "end"):
            return None
        return getattr(self.message, "header" if self.kind == "header" else dict(
            (k, f) for f, k in FRAME_KINDS)[self.kind])


class DataStream:
    """The encrypted data after an attachment, avatar or sticker frame.

    Its MAC was verified when the frame was read. Decrypt it with :meth:`read`, :meth:`chunks` or
    :meth:`write_to` while the frame is the current one of the iterator (the file is shared).
    """

    def __init__(self, fh: BinaryIO, cipher_key: bytes, iv: bytes, offset: int, length: int):
        self._fh = fh
        self._key = cipher_key
        self.iv = iv
        self.offset = offset
        self.length = length

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        dec = Cipher(algorithms.AES(self._key), modes.CTR(self.iv)).decryptor()
        self._fh.seek(self.offset)
        left = self.length
        while left > 0:
            block = self._fh.read(min(size, left))
            if not block:
                raise OSError("file changed while it was read")
            left -= len(block)
            yield dec.update(block)
        tail = dec.finalize()
        if tail:
            yield tail

    def read(self) -> bytes:
        return b"".join(self.chunks())

    def write_to(self, path: Path) -> tuple[str, int]:
        """Decrypt into ``path``; ``(sha256 hex, size)`` of the plaintext."""
        digest = hashlib.sha256()
        size = 0
        with open(path, "wb") as out:
            for block in self.chunks():
                digest.update(block)
                size += len(block)
                out.write(block)
        return digest.hexdigest(), size


def _read_header(fh: BinaryIO, name: str) -> tuple[BackupHeader, object]:
    raw = fh.read(4)
    if len(raw) < 4:
        raise NotASignalBackupError("too short to be a Signal backup (no header frame)", name)
    n = struct.unpack(">I", raw)[0]
    if not 0 < n <= MAX_HEADER:
        raise NotASignalBackupError(f"not a Signal backup: header frame length {n} is implausible", name)
    body = fh.read(n)
    if len(body) < n:
        raise NotASignalBackupError("not a Signal backup: the file ends inside the header frame", name)
    BackupFrame = _proto().message("BackupFrame")
    try:
        frame = BackupFrame.FromString(body)
    except DecodeError:
        raise NotASignalBackupError("not a Signal backup: the header frame is not a BackupFrame protobuf", name) from None
    if not frame.HasField("header"):
        raise NotASignalBackupError("not a Signal backup: the first frame holds no Header", name)
    header = frame.header
    if len(header.iv) != IV_SIZE:
        raise NotASignalBackupError(f"not a Signal backup: header IV has {len(header.iv)} bytes, not {IV_SIZE}", name)
    version = header.version if header.HasField("version") else 0
    if version not in HEADER_VERSIONS:
        raise UnsupportedBackupError(
            f"header version {version} is not supported (known: {', '.join(map(str, HEADER_VERSIONS))})", name)
    salt = header.salt if header.HasField("salt") else None
    return BackupHeader(version, bytes(header.iv), salt, 4 + n), frame


def read_header(path, *, name: str | None = None) -> BackupHeader:
    """The plaintext header of a backup (no passphrase needed)."""
    name = name or str(path)
    with open(path, "rb") as fh:
        return _read_header(fh, name)[0]


def sniff(path) -> bool:
    """Whether the file starts with a Signal backup header frame."""
    try:
        read_header(path)
        return True
    except (SignalBackupError, OSError):
        return False


class _Reader:
    def __init__(self, fh: BinaryIO, passphrase, name: str):
        self.fh = fh
        self.name = name
        self.size = os.fstat(fh.fileno()).st_size
        self.header, self.header_frame = _read_header(fh, name)
        self.cipher_key, self.mac_key = derive_keys(passphrase, self.header.salt)
        self.counter = int.from_bytes(self.header.iv[:4], "big")
        self.iv_tail = self.header.iv[4:]
        self.BackupFrame = _proto().message("BackupFrame")

    def iv_at(self, counter: int) -> bytes:
        return struct.pack(">I", counter & 0xFFFFFFFF) + self.iv_tail

    def next_iv(self) -> bytes:
        iv = self.iv_at(self.counter)
        self.counter = (self.counter + 1) & 0xFFFFFFFF
        return iv

    def _length(self, raw: bytes, dec) -> int:
        if self.header.version >= 1:
            return int.from_bytes(dec.update(raw), "big")
        return int.from_bytes(raw, "big")

    def _frame_mac(self, raw_len: bytes, ct: bytes) -> bytes:
        m = hmac.new(self.mac_key, digestmod=hashlib.sha256)
        if self.header.version >= 1:
            m.update(raw_len)
        m.update(ct)
        return m.digest()[:MAC_SIZE]

    #: how far past frame 1 a verifying frame 2 is looked for (frame 1 is the few-byte DatabaseVersion frame)
    PROBE_WINDOW = 1 << 16

    def _frame2_verifies(self, offset: int, counter: int) -> bool:
        """Whether a frame that verifies starts somewhere in the window after frame 1.

        Frame 1 failed its MAC. With the right passphrase, frame 2 (next IV) verifies wherever it
        starts, so a hit proves frame 1 damaged rather than the passphrase wrong. Frame 2's IV does
        not depend on its position, so its length key stream is computed once.
        """
        self.fh.seek(offset)
        window = self.fh.read(self.PROBE_WINDOW + 4)
        stream = Cipher(algorithms.AES(self.cipher_key), modes.CTR(self.iv_at(counter))).encryptor().update(b"\0" * 4)
        ks = int.from_bytes(stream, "big") if self.header.version >= 1 else 0
        for pos in range(0, max(0, len(window) - 4)):
            raw = window[pos:pos + 4]
            length = int.from_bytes(raw, "big") ^ ks
            start = offset + pos
            if not MAC_SIZE < length <= MAX_FRAME or start + 4 + length > self.size:
                continue
            if pos + 4 + length <= len(window):
                body = window[pos + 4:pos + 4 + length]
            else:
                self.fh.seek(start + 4)
                body = self.fh.read(length)
            if hmac.compare_digest(self._frame_mac(raw, body[:-MAC_SIZE]), body[-MAC_SIZE:]):
                return True
        return False

    def frames(self, strict: bool) -> Iterator[Frame]:
        yield Frame(0, 0, self.header.size - 4, "header", self.header_frame)
        fh = self.fh
        offset = self.header.size
        index = 0
        while True:
            index += 1
            fh.seek(offset)
            raw = fh.read(4)
            if not raw:
                raise TruncatedBackupError(
                    f"the file ends after frame {index - 1} (offset {offset}) without an End frame", self.name,
                    index, offset)
            if len(raw) < 4:
                raise TruncatedBackupError(
                    f"the file ends inside the length field of frame {index} (offset {offset})", self.name, index, offset)
            counter = self.counter
            dec = Cipher(algorithms.AES(self.cipher_key), modes.CTR(self.next_iv())).decryptor()
            length = self._length(raw, dec)
            if index == 1 and (not MAC_SIZE <= length <= MAX_FRAME or offset + 4 + length > self.size):
                if self._frame2_verifies(offset + 4 + MAC_SIZE, counter + 1):
                    raise FrameMacError(
                        f"frame 1 at offset {offset}: length field {length} is impossible (damaged or altered; a "
                        f"later frame verifies, so the passphrase is right)", self.name, index, offset)
            if not MAC_SIZE <= length <= MAX_FRAME:
                if index == 1:
                    raise WrongPassphraseError(
                        f"wrong passphrase: the first frame's length decodes to {length} bytes"
                        + (" (its length field is encrypted)" if self.header.version >= 1 else " (or the file is damaged)"),
                        self.name)
                raise FrameMacError(
                    f"frame {index} at offset {offset}: length field {length} is impossible (damaged or altered)",
                    self.name, index, offset)
            if offset + 4 + length > self.size:
                if index == 1 and self.header.version >= 1:
                    raise WrongPassphraseError(
                        f"wrong passphrase: the first frame's (encrypted) length decodes to {length} bytes, "
                        f"more than the file holds (or the file is truncated)", self.name)
                raise TruncatedBackupError(
                    f"frame {index} at offset {offset} declares {length} bytes but only {self.size - offset - 4} remain "
                    f"(file truncated, or its length field damaged)", self.name, index, offset)
            body = fh.read(length)
            ct, mac = body[:-MAC_SIZE], body[-MAC_SIZE:]
            if not hmac.compare_digest(self._frame_mac(raw, ct), mac):
                if index == 1:
                    if self._frame2_verifies(offset + 4 + MAC_SIZE, counter + 1):
                        raise FrameMacError(
                            f"frame 1 at offset {offset}: MAC mismatch (damaged or altered; frame 2 verifies, so "
                            f"the passphrase is right)", self.name, index, offset)
                    raise WrongPassphraseError(
                        "wrong passphrase: the first frame's MAC does not match (and no frame after it verifies)",
                        self.name)
                raise FrameMacError(f"frame {index} at offset {offset}: MAC mismatch (damaged or altered)",
                                    self.name, index, offset)
            plain = dec.update(ct) + dec.finalize()
            next_offset = offset + 4 + length
            frame = self._decode(index, offset, length, plain)
            if frame.kind == "unknown" and strict:
                raise frame.error
            if frame.kind in DATA_KINDS:
                n = getattr(frame.payload, "length")
                data_iv = self.next_iv()
                data_offset = next_offset
                if data_offset + n + MAC_SIZE > self.size:
                    raise TruncatedBackupError(
                        f"the {frame.kind} data of frame {index} (offset {data_offset}, {n} bytes + MAC) runs past "
                        f"the end of the file", self.name, index, data_offset)
                self._check_data_mac(data_iv, data_offset, n, index)
                frame.data = DataStream(fh, self.cipher_key, data_iv, data_offset, n)
                next_offset = data_offset + n + MAC_SIZE
            yield frame
            if frame.kind == "end":
                self.trailing = self.size - next_offset
                return
            offset = next_offset

    def _check_data_mac(self, iv: bytes, offset: int, n: int, index: int) -> None:
        m = hmac.new(self.mac_key, iv, hashlib.sha256)
        self.fh.seek(offset)
        left = n
        while left > 0:
            block = self.fh.read(min(CHUNK, left))
            m.update(block)
            left -= len(block)
        theirs = self.fh.read(MAC_SIZE)
        if not hmac.compare_digest(m.digest()[:MAC_SIZE], theirs):
            raise FrameMacError(
                f"frame {index}: MAC mismatch in its attachment data at offset {offset} (damaged or altered)",
                self.name, index, offset)

    def _decode(self, index: int, offset: int, length: int, plain: bytes) -> Frame:
        try:
            msg = self.BackupFrame.FromString(plain)
        except DecodeError as exc:
            err = UnknownFrameError(
                f"frame {index} at offset {offset} verifies but is not a BackupFrame protobuf ({exc}); skipped",
                self.name, index, offset)
            return Frame(index, offset, length, "unknown", None, error=err)
        for fieldname, kind in FRAME_KINDS:
            if msg.HasField(fieldname):
                if kind == "end" and not msg.end:
                    continue
                return Frame(index, offset, length, kind, msg)
        unknown = sorted({num for num, _ in _unknown_fields(msg)})
        what = ("only fields " + ", ".join(map(str, unknown)) + " unknown to this reader") if unknown else "no field set"
        if msg.HasField("header"):
            what = "a second Header"
        err = UnknownFrameError(f"frame {index} at offset {offset} verifies but holds {what}; skipped",
                                self.name, index, offset)
        return Frame(index, offset, length, "unknown", msg, error=err)


def _unknown_fields(msg):
    try:
        from google.protobuf.unknown_fields import UnknownFieldSet

        return [(f.field_number, f.wire_type) for f in UnknownFieldSet(msg)]
    except Exception:  # older protobuf
        try:
            return [(f.field_number, f.wire_type) for f in msg.UnknownFields()]
        except Exception:
            return []


def read_backup(path, passphrase, *, name: str | None = None, strict: bool = False) -> Iterator[Frame]:
    """The frames of a backup, header first, each verified before it is decrypted.

    ``name`` is how errors name the file (default: ``path``). A frame with no known field is
    yielded as kind ``unknown`` with its :class:`UnknownFrameError` in ``frame.error`` (raised
    instead when ``strict``). Raises :class:`InvalidPassphraseError`, :class:`NotASignalBackupError`,
    :class:`UnsupportedBackupError`, :class:`WrongPassphraseError`, :class:`FrameMacError`,
    :class:`TruncatedBackupError`.
    """
    name = name or str(path)
    normalise_passphrase(passphrase)  # refuse a malformed passphrase before reading anything
    with open(path, "rb") as fh:
        reader = _Reader(fh, passphrase, name)
        yield from reader.frames(strict)


# ---------------------------------------------------------------------------------------------
# Restore


@dataclass
class RestoredFile:
    """An attachment, avatar or sticker written out of a backup."""

    kind: str  # attachment, avatar, sticker
    frame: int
    path: Path
    size: int
    sha256: str
    row_id: int | None = None
    attachment_id: int | None = None
    recipient_id: str | None = None
    name: str | None = None
    declared_length: int | None = None


@dataclass
class RestoreResult:
    source: str
    database: Path
    media_dir: Path
    header_version: int = 0
    database_version: int | None = None
    #: frames read, per kind (header included)
    frames: dict = field(default_factory=dict)
    #: statements executed / skipped / failed
    statements: dict = field(default_factory=lambda: {"executed": 0, "skipped": 0, "failed": 0})
    attachments: list = field(default_factory=list)
    avatars: list = field(default_factory=list)
    stickers: list = field(default_factory=list)
    preferences: list = field(default_factory=list)
    key_values: list = field(default_factory=list)
    #: statements not replayed on purpose (triggers, virtual tables, SQLite's own tables ...):
    #: normal in every backup (the first 20 of each kind listed)
    skipped: list = field(default_factory=list)
    #: what could not be restored: failed statements, unknown frames (the first 20 of each kind)
    warnings: list = field(default_factory=list)
    #: the End frame was reached
    complete: bool = False
    trailing_bytes: int = 0

    def attachment_for(self, row_id, attachment_id=None) -> RestoredFile | None:
        for f in self.attachments:
            if f.row_id == row_id and (attachment_id is None or f.attachment_id in (None, attachment_id)):
                return f
        return None


_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
_CREATE = re.compile(
    r"^CREATE\s+(?P<temp>TEMP(?:ORARY)?\s+)?(?P<unique>UNIQUE\s+)?(?P<what>VIRTUAL\s+TABLE|TABLE|INDEX|VIEW|TRIGGER)\b"
    r"(?:\s+IF\s+NOT\s+EXISTS)?\s+(?P<name>\"(?:[^\"]|\"\")+\"|`[^`]+`|\[[^\]]+\]|[\w$]+)",
    re.I,
)
_INSERT = re.compile(
    r"^INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?P<name>\"(?:[^\"]|\"\")+\"|`[^`]+`|\[[^\]]+\]|[\w$]+)", re.I)
MAX_LISTED_WARNINGS = 20

_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_INSERT,
    sqlite3.SQLITE_CREATE_TABLE,
    sqlite3.SQLITE_CREATE_INDEX,
    sqlite3.SQLITE_CREATE_VIEW,
    sqlite3.SQLITE_REINDEX,  # CREATE INDEX fills the new index
    sqlite3.SQLITE_FUNCTION,  # CHECK / DEFAULT / index expressions (LIKE, coalesce ...)
    sqlite3.SQLITE_READ,  # columns named by CHECK constraints and new indexes
}


def _allow_all(action, arg1, arg2, dbname, source):
    """Lifts :func:`_authorizer` for our own statements (``set_authorizer(None)`` needs Python 3.11)."""
    return sqlite3.SQLITE_OK


def _authorizer(action, arg1, arg2, dbname, source):
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    # CREATE statements write their definition into the schema table
    if action in (sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE) and (arg1 or "").lower() in (
            "sqlite_master", "sqlite_schema", "sqlite_sequence"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _unquote(name: str) -> str:
    if name[:1] in "\"`[":
        name = name[1:-1]
    return name.replace('""', '"')


def _classify(sql: str, shadow_prefixes: list[str]) -> tuple[str, str | None, str | None]:
    """``(action, table, reason)``: action ``run`` or ``skip``."""
    text = _COMMENTS.sub("", sql, count=1)
    m = _CREATE.match(text)
    if m:
        what = " ".join(m.group("what").upper().split())
        name = _unquote(m.group("name"))
        if m.group("temp"):
            return "skip", name, "temporary object"
        if what == "TRIGGER":
            return "skip", name, "trigger (would run SQL of its own on replay)"
        if what == "VIRTUAL TABLE":
            shadow_prefixes.append(name.lower() + "_")
            return "skip", name, "virtual table (search index; the app rebuilds it)"
        if what == "TABLE":
            low = name.lower()
            if low.startswith("sqlite_"):
                return "skip", name, "SQLite internal table"
            if any(low.startswith(p) for p in shadow_prefixes):
                return "skip", name, "shadow table of a virtual table"
        return "run", name, None
    m = _INSERT.match(text)
    if m:
        name = _unquote(m.group("name"))
        low = name.lower()
        if low.startswith("sqlite_"):
            return "skip", name, "row of an SQLite internal table"
        if any(low.startswith(p) for p in shadow_prefixes):
            return "skip", name, "row of a shadow table"
        return "run", name, None
    first = text.split(None, 1)[0].upper() if text.strip() else "(empty)"
    return "skip", None, f"{first} statement (only CREATE and INSERT are replayed)"


def _params(statement) -> list | None:
    out = []
    for p in statement.parameters:
        if p.HasField("stringParamter"):
            out.append(p.stringParamter)
        elif p.HasField("integerParameter"):
            v = p.integerParameter
            out.append(v - (1 << 64) if v >= 1 << 63 else v)
        elif p.HasField("doubleParameter"):
            out.append(p.doubleParameter)
        elif p.HasField("blobParameter"):
            out.append(bytes(p.blobParameter))
        elif p.HasField("nullparameter"):
            out.append(None)
        else:
            return None
    return out


_SAFE = re.compile(r"[^A-Za-z0-9._+-]")


def _media_name(base: str, media_dir: Path, index: int) -> Path:
    base = _SAFE.sub("_", base)[:120] or f"frame-{index}"
    path = media_dir / base
    if path.exists():
        path = media_dir / f"{base}.frame-{index}"
    return path


def restore_backup(path, passphrase, out_db, media_dir, *, name: str | None = None) -> RestoreResult:
    """Replay a backup into a fresh SQLite database ``out_db`` and write its media to ``media_dir``.

    Raises like :func:`read_backup`. When the error comes after some frames were replayed, the
    exception carries ``partial``: the :class:`RestoreResult` of what was restored (committed to
    ``out_db``; every one of those frames verified).
    """
    name = name or str(path)
    out_db = Path(out_db)
    media_dir = Path(media_dir)
    if out_db.exists():
        raise FileExistsError(f"{out_db} exists; restore_backup writes a fresh database")
    media_dir.mkdir(parents=True, exist_ok=True)
    result = RestoreResult(source=name, database=out_db, media_dir=media_dir)
    frames = read_backup(path, passphrase, name=name)
    first = next(frames)  # the header (a malformed passphrase or a non-backup raises here)
    result.header_version = first.message.header.version if first.message.header.HasField("version") else 0
    result.frames["header"] = 1
    out_db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(out_db), isolation_level=None)
    shadow: list[str] = []
    listed: dict[str, int] = {}

    def note(key: str, message: str) -> None:
        target = result.skipped if key == "skipped statements" else result.warnings
        n = listed[key] = listed.get(key, 0) + 1
        if n <= MAX_LISTED_WARNINGS:
            target.append(message)
        elif n == MAX_LISTED_WARNINGS + 1:
            target.append(f"further {key} are counted, not listed")

    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        conn.set_authorizer(_authorizer)  # for every replayed statement; lifted for our own PRAGMA / COMMIT
        for frame in frames:
            result.frames[frame.kind] = result.frames.get(frame.kind, 0) + 1
            kind = frame.kind
            if kind == "statement":
                _replay(conn, frame, shadow, result, note)
            elif kind == "version":
                result.database_version = frame.message.version.version
                conn.set_authorizer(_allow_all)
                conn.execute(f"PRAGMA user_version={int(result.database_version)}")
                conn.set_authorizer(_authorizer)
            elif kind == "preference":
                p = frame.message.preference
                entry = {"file": p.file, "key": p.key}
                if p.HasField("value"):
                    entry["value"] = p.value
                elif p.HasField("booleanValue"):
                    entry["value"] = p.booleanValue
                elif p.isStringSetValue:
                    entry["value"] = list(p.stringSetValue)
                result.preferences.append(entry)
            elif kind == "key_value":
                kv = frame.message.keyValue
                entry = {"key": kv.key}
                for f in ("blobValue", "booleanValue", "floatValue", "integerValue", "longValue", "stringValue"):
                    if kv.HasField(f):
                        v = getattr(kv, f)
                        entry["value"] = bytes(v).hex() if f == "blobValue" else v
                        entry["type"] = f
                        break
                result.key_values.append(entry)
            elif kind in DATA_KINDS:
                _write_media(frame, media_dir, result)
            elif kind == "unknown":
                note("unknown frames", str(frame.error.reason if frame.error else f"frame {frame.index}: unknown"))
            elif kind == "end":
                result.complete = True
        conn.set_authorizer(_allow_all)
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.set_authorizer(_allow_all)
        if conn.in_transaction:
            conn.execute("COMMIT")
        if isinstance(exc, SignalBackupError):
            exc.partial = result
        raise
    finally:
        conn.close()
        frames.close()
    return result


def _replay(conn, frame, shadow, result, note) -> None:
    st = frame.message.statement
    sql = st.statement
    action, table, reason = _classify(sql, shadow)
    if action == "skip":
        result.statements["skipped"] += 1
        note("skipped statements", f"frame {frame.index}: skipped {reason}" + (f": {table}" if table else ""))
        return
    params = _params(st)
    if params is None:
        result.statements["failed"] += 1
        note("failed statements", f"frame {frame.index}: a parameter has no value; statement not run ({sql[:80]})")
        return
    try:
        conn.execute(sql, params)
        result.statements["executed"] += 1
    except (sqlite3.Error, sqlite3.Warning, ValueError, OverflowError) as exc:  # Warning: stacked statements (Python < 3.12)
        result.statements["failed"] += 1
        note("failed statements", f"frame {frame.index}: {type(exc).__name__}: {exc} ({sql[:80]})")


def _write_media(frame: Frame, media_dir: Path, result: RestoreResult) -> None:
    p = frame.payload
    if frame.kind == "attachment":
        row = p.rowId if p.HasField("rowId") else None
        att = p.attachmentId if p.HasField("attachmentId") else None
        base = f"attachment-{row}" + (f"-{att}" if att is not None else "")
        target = result.attachments
        extra = {"row_id": row, "attachment_id": att}
    elif frame.kind == "sticker":
        row = p.rowId if p.HasField("rowId") else None
        base = f"sticker-{row}"
        target = result.stickers
        extra = {"row_id": row}
    else:
        rid = p.recipientId if p.HasField("recipientId") else None
        nm = p.name if p.HasField("name") else None
        base = f"avatar-{rid if rid is not None else nm}"
        target = result.avatars
        extra = {"recipient_id": rid, "name": nm}
    out = _media_name(base, media_dir, frame.index)
    digest, size = frame.data.write_to(out)
    target.append(RestoredFile(kind=frame.kind, frame=frame.index, path=out, size=size, sha256=digest,
                               declared_length=p.length, **extra))
