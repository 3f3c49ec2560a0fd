"""WhatsApp Android encrypted backups: ``msgstore*.db.crypt12`` / ``.crypt14`` / ``.crypt15``.

Layouts (the project's reference notes, formats.md section 1, verified against the
ElDavoo/wa-crypt-tools test vectors; field numbers of the crypt14/15 header in
``schemas/whatsapp_backup.proto``):

Key material
    ``files/key`` (crypt12/14): Java-serialised ``byte[131]``: cipher version (2), key version (1),
    server salt (32), google-id salt (16), SHA-256 of the google-id salt (32), zero IV slot (16),
    AES-256 key (32). ``files/encrypted_backup.key`` (crypt15): Java-serialised ``byte[32]``, the
    end-to-end *root key*, also shown to the user as 64 hex digits. The crypt15 AES key is
    HKDF-SHA256(root, salt none, info ``b"backup encryption"``, 32 bytes).

crypt12
    ``00 01``, key version (1), server salt (32), google-id salt (16), IV (16) | AES-256-GCM
    ciphertext | tag (16) | MD5 of everything before it (16) | ``"--NN"`` (last two digits of the
    owner's number).

crypt14 / crypt15
    header length L (1 byte) | optional ``0x01`` feature-table byte | ``BackupPrefix`` protobuf
    (L bytes) | AES-256-GCM ciphertext | tag (16) | MD5 of everything before it (16). Multi-file
    backups (ZIP plaintext) have no MD5 footer: the last 16 bytes are the tag.

The GCM plaintext is a zlib stream that inflates to the SQLite database (a ZIP for multi-file
backups, written out as is).

Everything streams: the file is read once in chunks, decrypted, inflated and hashed on the way to
the output, which appears under its name only once the GCM tag (and the MD5 footer) verified.
Failures raise a :class:`WhatsAppBackupError` subclass whose message says what is wrong in words an
examiner can act on.

Public API::

    load_key(material) -> WhatsAppKey           # key file path, 64 hex digits, or raw bytes
    looks_like_hex_key(text) -> bool
    parse_key_bytes(data, source="") -> WhatsAppKey
    read_header(path, hint=None) -> BackupHeader
    sniff(path, hint=None) -> "crypt12" | "crypt14" | "crypt15" | None
    format_from_name(name) -> "crypt14" | ... | None
    decrypt_backup(path, key, out) -> DecryptResult
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import string
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from google.protobuf.message import DecodeError

from ..atomic import atomic_output
from .javaser import JavaSerialError, parse_byte_array
from ..protos import load_schema

__all__ = [
    "WhatsAppBackupError",
    "NotABackupError",
    "TruncatedBackupError",
    "WrongKeyError",
    "CorruptBackupError",
    "ChecksumError",
    "UnsupportedBackupError",
    "KeyFileError",
    "WhatsAppKey",
    "BackupHeader",
    "DecryptResult",
    "load_key",
    "parse_key_bytes",
    "crypt15_aes_key",
    "looks_like_hex_key",
    "read_header",
    "sniff",
    "format_from_name",
    "decrypt_backup",
    "SCHEMA_NAME",
]

SCHEMA_NAME = "whatsapp_backup.proto"

CRYPT12, CRYPT14, CRYPT15 = "crypt12", "crypt14", "crypt15"
FORMATS = (CRYPT12, CRYPT14, CRYPT15)

KEY14_PAYLOAD = 131
ROOT_KEY_SIZE = 32
HKDF_INFO = b"backup encryption"

CRYPT12_HEADER = 67  # 2 + 1 + 32 + 16 + 16
CRYPT12_TRAILER = 36  # tag 16 + md5 16 + "--NN" 4
TAG = 16
MD5 = 16
CHUNK = 1 << 20
INFLATE_LIMIT = 1 << 22  # bound the output of one inflate step (zlib bombs, memory)

KIND_KEY14 = "key file (crypt12/14)"
KIND_ROOT = "root key (crypt15)"

_HEX_CLEAN = re.compile(r"[\s:-]")
_EXT_RE = re.compile(r"\.crypt(\d+)$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Errors


class WhatsAppBackupError(Exception):
    """Base class: the backup cannot be decrypted; the message says why."""


class NotABackupError(WhatsAppBackupError):
    """The file is not a WhatsApp crypt12/14/15 backup."""


class TruncatedBackupError(WhatsAppBackupError):
    """The file ends before its footer (copy interrupted, carved, partial download)."""


class WrongKeyError(WhatsAppBackupError):
    """The key does not open this backup (GCM tag fails on an intact file, or the salts differ)."""


class CorruptBackupError(WhatsAppBackupError):
    """The file is damaged: the GCM tag fails and the MD5 footer does not match either."""


class ChecksumError(WhatsAppBackupError):
    """The content authenticates but the MD5 footer does not match the file."""


class UnsupportedBackupError(WhatsAppBackupError):
    """A backup this decoder cannot open (password/passkey protected, old crypt versions ...)."""


class KeyFileError(WhatsAppBackupError):
    """The key material is not a WhatsApp key (file, 64 hex digits)."""


# ---------------------------------------------------------------------------------------------
# Keys


@dataclass(frozen=True)
class WhatsAppKey:
    """Key material, parsed. ``kind`` is :data:`KIND_KEY14` or :data:`KIND_ROOT`."""

    kind: str
    source: str
    #: crypt12/14: the AES-256 key; crypt15: HKDF(root, "backup encryption")
    aes_key: bytes = field(repr=False)
    root_key: bytes | None = field(default=None, repr=False)
    server_salt: bytes | None = None
    google_id_salt: bytes | None = None
    key_version: int | None = None
    cipher_version: bytes | None = None
    #: crypt12/14 key file: the stored SHA-256 of the google-id salt matches (an integrity hint only)
    hash_ok: bool | None = None

    @property
    def description(self) -> str:
        return f"{self.kind} from {self.source}" if self.source else self.kind


def crypt15_aes_key(root_key: bytes) -> bytes:
    """The crypt15 AES-256 key: HKDF-SHA256(IKM=root key, salt none, info "backup encryption", 32)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(bytes(root_key))


def _root_key(root: bytes, source: str) -> WhatsAppKey:
    return WhatsAppKey(kind=KIND_ROOT, source=source, aes_key=crypt15_aes_key(root), root_key=bytes(root))


def _key14(payload: bytes, source: str) -> WhatsAppKey:
    google_id = payload[35:51]
    return WhatsAppKey(
        kind=KIND_KEY14,
        source=source,
        aes_key=payload[99:131],
        cipher_version=payload[0:2],
        key_version=payload[2],
        server_salt=payload[3:35],
        google_id_salt=google_id,
        hash_ok=hashlib.sha256(google_id).digest() == payload[51:83],
    )


def parse_key_bytes(data: bytes, source: str = "") -> WhatsAppKey:
    """A key from a key file's bytes: Java-serialised ``byte[131]`` / ``byte[32]``, raw, or 64 hex digits as text."""
    data = bytes(data)
    if data[:2] == b"\xac\xed":
        try:
            payload = parse_byte_array(data, expected_length=(KEY14_PAYLOAD, ROOT_KEY_SIZE))
        except JavaSerialError as exc:
            raise KeyFileError(f"{source or 'key'}: not a WhatsApp key file: {exc}") from None
    else:
        text = _hex_text(data)
        if text is not None:
            return _root_key(bytes.fromhex(text), source)
        payload = data
    if len(payload) == KEY14_PAYLOAD:
        return _key14(payload, source)
    if len(payload) == ROOT_KEY_SIZE:
        return _root_key(payload, source)
    raise KeyFileError(
        f"{source or 'key'}: not a WhatsApp key file ({len(data)} bytes; expected files/key, "
        "files/encrypted_backup.key, or 64 hex digits)"
    )


def _hex_text(data: bytes) -> str | None:
    try:
        text = _HEX_CLEAN.sub("", data.decode("ascii"))
    except UnicodeDecodeError:
        return None
    if text.lower().startswith("0x"):
        text = text[2:]
    if len(text) == 2 * ROOT_KEY_SIZE and all(c in string.hexdigits for c in text):
        return text
    return None


def looks_like_hex_key(value: str) -> bool:
    """64 hex digits (spaces, dashes and colons between groups allowed)."""
    return _hex_text(value.encode("ascii", "replace")) is not None


def load_key(material) -> WhatsAppKey:
    """A key from a key file path, a 64-hex-digit string, raw key-file bytes, or a :class:`WhatsAppKey`."""
    if isinstance(material, WhatsAppKey):
        return material
    if isinstance(material, (bytes, bytearray, memoryview)):
        return parse_key_bytes(bytes(material), "key bytes")
    if isinstance(material, os.PathLike) or isinstance(material, str):
        text = os.fspath(material)
        path = Path(text)
        if isinstance(material, str) and not path.is_file():
            hx = _hex_text(text.encode("utf-8"))
            if hx is not None:
                return _root_key(bytes.fromhex(hx), "64 hex digits")
        if path.is_file():
            size = path.stat().st_size
            if size > 4096:
                raise KeyFileError(f"{path}: not a WhatsApp key file ({size} bytes; key files are under 200 bytes)")
            return parse_key_bytes(path.read_bytes(), str(path))
        if isinstance(material, str) and re.fullmatch(r"[0-9a-fA-F\s:-]+", text):
            n = len(_HEX_CLEAN.sub("", text))
            raise KeyFileError(f"a hex key must have 64 hex digits (32 bytes), this one has {n}")
        raise KeyFileError(
            f"{text!r} is neither a key file nor 64 hex digits (a backup password cannot be used offline: "
            "the 64-digit key of a password-protected backup is released by WhatsApp's servers)"
        )
    raise TypeError(f"key material must be a path, a string or bytes, not {type(material).__name__}")


# ---------------------------------------------------------------------------------------------
# Header


@dataclass(frozen=True)
class BackupHeader:
    format: str
    size: int
    #: offset of the ciphertext (the end of the header)
    data_offset: int
    iv: bytes
    key_type: int | None = None
    key_type_name: str | None = None
    key_type_new: int | None = None
    feature_byte: bool | None = None
    server_salt: bytes | None = None
    google_id_salt: bytes | None = None
    key_version: int | None = None
    cipher_version: bytes | None = None
    app_version: str | None = None
    jid_suffix: str | None = None
    passkey: bool = False
    prefix: object = field(default=None, repr=False, compare=False)

    @property
    def password_protected(self) -> bool:
        """The header says the root key comes from a password or passkey (via WhatsApp's HSM)."""
        return self.passkey or self.key_type_new in (2, 4)


def format_from_name(name: str | os.PathLike) -> str | None:
    """``crypt14`` for ``msgstore-2024-01-01.1.db.crypt14`` (any ``cryptN``), else None. A hint only."""
    m = _EXT_RE.search(os.fspath(name))
    return f"crypt{int(m.group(1))}" if m else None


def _proto():
    return load_schema(SCHEMA_NAME)


def read_header(path: str | os.PathLike, hint: str | None = None) -> BackupHeader:
    """Identify the backup by its content and read its header.

    ``hint`` (usually :func:`format_from_name`) only sharpens error messages and accepts a crypt12
    whose ``--NN`` trailer is unusual; the content decides the format.
    """
    path = Path(path)
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(512)
        if size >= 4:
            fh.seek(size - 4)
            tail4 = fh.read(4)
        else:
            tail4 = b""
    if hint is None:
        hint = format_from_name(path.name)
    if not head:
        raise (TruncatedBackupError if hint in FORMATS else NotABackupError)("the file is empty")

    # crypt12: fixed header 00 01 <key version>
    if head[:2] == b"\x00\x01" and len(head) >= 3 and 1 <= head[2] <= 9:
        if size < CRYPT12_HEADER + CRYPT12_TRAILER:
            if hint == CRYPT12:
                raise TruncatedBackupError(f"crypt12 backup of only {size} bytes: it ends before its footer")
        elif tail4[:2] == b"--" or hint == CRYPT12:
            jid = tail4[2:].decode("ascii", "replace") if tail4[:2] == b"--" else None
            return BackupHeader(
                format=CRYPT12,
                size=size,
                data_offset=CRYPT12_HEADER,
                iv=head[51:67],
                key_type=0,
                key_type_name="WA_PROVIDED",
                cipher_version=head[0:2],
                key_version=head[2],
                server_salt=head[3:35],
                google_id_salt=head[35:51],
                jid_suffix=jid,
            )

    # crypt14/15: L | [0x01] | BackupPrefix(L) | ciphertext | tag | md5
    header = _read_prefix(head, size, hint)
    if header is not None:
        return header

    what = _describe_content(head)
    if hint in FORMATS:
        raise NotABackupError(f"not a WhatsApp {hint} backup despite its name: {what}")
    if hint is not None:
        raise UnsupportedBackupError(f"{hint} backups are not supported (only crypt12, crypt14 and crypt15); {what}")
    raise NotABackupError(f"not a WhatsApp backup: {what}")


def _read_prefix(head: bytes, size: int, hint: str | None) -> BackupHeader | None:
    if len(head) < 2 or head[0] == 0:
        return None
    length = head[0]
    feature = head[1] == 0x01
    start = 2 if feature else 1
    end = start + length
    if end > len(head):
        if size < end and hint in (CRYPT14, CRYPT15):
            raise TruncatedBackupError(f"{hint} backup of only {size} bytes: it ends inside its {length}-byte header")
        return None
    proto = _proto()
    try:
        prefix = proto.message("BackupPrefix").FromString(head[start:end])
    except (DecodeError, RuntimeError, ValueError):
        return None
    passkey = prefix.HasField("passkey_encryption_metadata")
    if prefix.HasField("c15_iv"):
        fmt, iv = CRYPT15, prefix.c15_iv.IV
    elif prefix.HasField("c14_cipher"):
        fmt, iv = CRYPT14, prefix.c14_cipher.IV
    elif passkey:
        raise UnsupportedBackupError(
            "passkey-protected end-to-end backup: its root key is released by WhatsApp's servers after "
            "the passkey and cannot be derived offline"
        )
    else:
        return None
    if len(iv) != 16:
        return None
    if size < end + TAG + MD5:
        raise TruncatedBackupError(f"{fmt} backup of only {size} bytes: it ends before its GCM tag and MD5 footer")
    info = prefix.info if prefix.HasField("info") else None
    c14 = prefix.c14_cipher if fmt == CRYPT14 else None
    key_version = None
    if c14 is not None and c14.key_version:
        kv = c14.key_version
        key_version = int(kv) if kv.isdigit() else kv[0]
    return BackupHeader(
        format=fmt,
        size=size,
        data_offset=end,
        iv=bytes(iv),
        key_type=prefix.key_type,
        key_type_name=proto.enum_name("Key_Type", prefix.key_type),
        key_type_new=prefix.key_type_new or None,
        feature_byte=feature,
        server_salt=bytes(c14.server_salt) if c14 is not None else None,
        google_id_salt=bytes(c14.google_id) if c14 is not None else None,
        key_version=key_version,
        cipher_version=bytes(c14.cipher_version) if c14 is not None else None,
        app_version=(info.app_version or None) if info is not None else None,
        jid_suffix=(info.jidSuffix or None) if info is not None else None,
        passkey=passkey,
        prefix=prefix,
    )


def _describe_content(head: bytes) -> str:
    if head.startswith(b"SQLite format 3\x00"):
        return "it is a plain SQLite database (not encrypted)"
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive"
    return f"unrecognised header {head[:8].hex(' ')}"


def sniff(path: str | os.PathLike, hint: str | None = None) -> str | None:
    """The backup format when the file's content is a crypt12/14/15 backup, else None (never raises)."""
    try:
        return read_header(path, hint).format
    except (WhatsAppBackupError, OSError):
        return None


# ---------------------------------------------------------------------------------------------
# Decryption


@dataclass(frozen=True)
class DecryptResult:
    format: str
    #: the header's key type (WA_PROVIDED for crypt12/14, HSM_CONTROLLED ... for crypt15)
    key_type: str | None
    #: which key material opened it (kind and where it came from)
    key_source: str
    app_version: str | None
    jid_suffix: str | None
    plaintext_sha256: str
    plaintext_size: int
    output: Path
    backup_size: int
    md5_checked: bool
    multi_file: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        d["output"] = str(self.output)
        return d


def _aes_key_for(key: WhatsAppKey, header: BackupHeader) -> bytes:
    if header.format == CRYPT15:
        if key.kind != KIND_ROOT:
            raise WrongKeyError(
                "the key does not open this backup: a crypt15 backup needs the 64-digit key or the device's "
                f"files/encrypted_backup.key, not a crypt12/14 key file ({key.description})"
            )
        return key.aes_key
    if key.kind == KIND_KEY14:
        if header.server_salt is not None and key.server_salt != header.server_salt:
            raise WrongKeyError(
                f"the key does not open this backup: the server salt of the key file ({key.description}) differs "
                "from the backup's (the key belongs to another account or installation)"
            )
        return key.aes_key
    # a bare 32-byte key on a crypt12/14 backup: used as the AES key itself
    return key.root_key


class _Sink:
    """GCM plaintext -> output file: inflated (zlib) or as is (multi-file ZIP), hashed on the way."""

    def __init__(self, fh):
        self.fh = fh
        self.sha = hashlib.sha256()
        self.size = 0
        self.mode: str | None = None  # "zlib" | "raw"
        self.inflater = None
        self.error: str | None = None
        self.trailing = 0

    def _write(self, data: bytes) -> None:
        if data:
            self.fh.write(data)
            self.sha.update(data)
            self.size += len(data)

    def feed(self, data: bytes) -> None:
        if self.error is not None or not data:
            return
        if self.mode is None:
            self.mode = "raw" if data[:4] == b"PK\x03\x04" else "zlib"
            if self.mode == "zlib":
                self.inflater = zlib.decompressobj()
        if self.mode == "raw":
            self._write(data)
            return
        d = self.inflater
        if d.eof:
            self.trailing += len(data)
            return
        try:
            while True:
                out = d.decompress(data, INFLATE_LIMIT)
                self._write(out)
                if d.eof:
                    self.trailing += len(d.unused_data)
                    return
                data = d.unconsumed_tail
                if not data and len(out) < INFLATE_LIMIT:
                    return
        except zlib.error as exc:
            self.error = str(exc)

    def finish(self) -> None:
        if self.mode == "zlib" and self.error is None and not self.inflater.eof:
            try:
                self._write(self.inflater.flush())
            except zlib.error as exc:
                self.error = str(exc)

    @property
    def complete(self) -> bool:
        return self.mode == "raw" or (self.mode == "zlib" and self.error is None and self.inflater.eof)

    @property
    def ended_early(self) -> bool:
        """The compressed stream was intact so far but stopped before its end (a cut file)."""
        return self.mode == "zlib" and self.error is None and not self.inflater.eof


def _read_exact(fh, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise TruncatedBackupError("the file became shorter while it was read")
    return data


def decrypt_backup(path: str | os.PathLike, key, out: str | os.PathLike, *, header: BackupHeader | None = None) -> DecryptResult:
    """Decrypt (and inflate) a crypt12/14/15 backup into ``out``.

    ``key`` is a :class:`WhatsAppKey` or anything :func:`load_key` takes. ``out`` is written only
    when the GCM tag and the MD5 footer verify (through ``out.part``, renamed at the end); an
    existing ``out`` is replaced. Raises a :class:`WhatsAppBackupError` subclass otherwise.
    """
    path = Path(path)
    out = Path(out)
    hdr = header or read_header(path)
    k = load_key(key)
    aes_key = _aes_key_for(k, hdr)
    size = hdr.size
    if path.stat().st_size != size:
        raise WhatsAppBackupError("the file changed size since its header was read")
    start = hdr.data_offset

    with open(path, "rb") as fh:
        # layout: where the ciphertext ends, where the tag and the MD5 footer are
        if hdr.format == CRYPT12:
            ct_end, md5_end, multi = size - CRYPT12_TRAILER, size - CRYPT12_TRAILER + TAG, False
        else:
            ct_end, md5_end = size - TAG - MD5, size - MD5
            # multi-file backups (ZIP inside) have no MD5 footer: peek at the first plaintext block
            fh.seek(start)
            peek = Cipher(algorithms.AES(aes_key), modes.GCM(hdr.iv)).decryptor().update(fh.read(16))
            multi = peek[:4] == b"PK\x03\x04"
            if multi:
                ct_end, md5_end = size - TAG, None
        fh.seek(ct_end)
        tag = _read_exact(fh, TAG)
        stored_md5 = _read_exact(fh, MD5) if md5_end is not None else None

        decryptor = Cipher(algorithms.AES(aes_key), modes.GCM(hdr.iv, tag)).decryptor()
        md5 = hashlib.md5()
        with atomic_output(out) as tmp:
            with open(tmp, "wb") as ofh:
                sink = _Sink(ofh)
                fh.seek(0)
                md5.update(_read_exact(fh, start))
                remaining = ct_end - start
                while remaining:
                    chunk = _read_exact(fh, min(CHUNK, remaining))
                    remaining -= len(chunk)
                    md5.update(chunk)
                    sink.feed(decryptor.update(chunk))
                if md5_end is not None:
                    md5.update(_read_exact(fh, md5_end - ct_end))
                try:
                    decryptor.finalize()
                    tag_ok = True
                except InvalidTag:
                    tag_ok = False
                sink.finish()
            md5_ok = None if stored_md5 is None else hmac.compare_digest(md5.digest(), stored_md5)
            _judge(hdr, k, tag_ok, md5_ok, sink, multi)

    return DecryptResult(
        format=hdr.format,
        key_type=hdr.key_type_name,
        key_source=k.description,
        app_version=hdr.app_version,
        jid_suffix=hdr.jid_suffix,
        plaintext_sha256=sink.sha.hexdigest(),
        plaintext_size=sink.size,
        output=out,
        backup_size=size,
        md5_checked=md5_ok is not None,
        multi_file=multi,
    )


def _judge(hdr: BackupHeader, key: WhatsAppKey, tag_ok: bool, md5_ok: bool | None, sink: _Sink, multi: bool) -> None:
    """Raise the error that explains a failed decryption (nothing when it worked)."""
    if tag_ok:
        if md5_ok is False:
            raise ChecksumError(
                "the MD5 footer does not match the file, although the encrypted content authenticates "
                "(the footer bytes were altered)"
            )
        if multi or sink.complete:
            if sink.trailing:
                raise CorruptBackupError(f"{sink.trailing} unexpected bytes after the end of the compressed database")
            return
        if sink.error is not None:
            raise CorruptBackupError(f"decrypted and authenticated, but the content is not a zlib stream ({sink.error})")
        raise CorruptBackupError("decrypted and authenticated, but the compressed database is incomplete")
    # the GCM tag failed
    if md5_ok is not False and not sink.complete:
        if hdr.password_protected:
            raise UnsupportedBackupError(
                "the key does not open this password-protected end-to-end backup: its 64-digit root key is "
                "released by WhatsApp's servers (HSM) after the password and cannot be derived offline"
            )
        if md5_ok:
            hint = ""
            if hdr.format == CRYPT15:
                hint = (
                    " (a crypt15 backup opens with its 64-digit key or the device's files/encrypted_backup.key; "
                    "a password-protected backup needs the key WhatsApp's servers release)"
                )
            elif key.kind == KIND_ROOT:
                hint = " (a crypt12/14 backup opens with the device's files/key)"
            raise WrongKeyError(f"the key does not open this backup: the GCM tag fails on an intact file{hint}")
        # no MD5 footer to tell key from damage (multi-file backups)
        raise WrongKeyError("the key does not open this backup, or the file is damaged (the GCM tag fails; no MD5 footer to tell)")
    if sink.ended_early:
        raise TruncatedBackupError("the file is truncated: the compressed database stops before its end and the footer is missing")
    if sink.complete:
        raise CorruptBackupError("the GCM tag does not verify although the content inflates (the tag bytes are damaged)")
    raise CorruptBackupError(
        "the file is damaged: the GCM tag fails and the MD5 footer does not match (bytes of the encrypted content changed)"
    )
