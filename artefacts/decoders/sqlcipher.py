"""SQLCipher databases (versions 1 to 4 and app-specific settings), in pure Python on ``cryptography``.

Layout (the project's reference notes, formats.md section 3, verified against the upstream
``sqlcipher-resources`` test databases; ``src/sqlcipher.c`` for the details):

* The file is a SQLite database whose pages are encrypted one by one with AES-256-CBC (no padding).
  Each page of ``page_size`` bytes ends in ``reserve`` bytes: IV (16) | HMAC (0/20/32/64) | random
  filler, rounded up to a multiple of 16. Page 1 starts with the 16-byte KDF salt in place of
  ``"SQLite format 3\\0"`` (or, with ``plaintext_header_size`` N, keeps its first N bytes in the clear
  and the salt is not stored in the file at all).
* Page n (1-based): ``body = page[off : P - reserve]`` (``off`` = 16 or N on page 1, else 0),
  ``iv = page[P - reserve : +16]``, ``mac = page[P - reserve + 16 : +hmac_size]``;
  ``mac == HMAC(hmac_key, body || iv || u32(n))`` with ``n`` little-endian (big-endian for the
  "2.0 big-endian" builds); ``plaintext = AES-256-CBC-decrypt(key, iv, body)``.
* Keys: a passphrase goes through PBKDF2-HMAC-``kdf_algorithm`` (``kdf_iter`` rounds, the file
  salt); ``x'<64 hex>'`` is the raw 32-byte key, ``x'<64 hex><32 hex>'`` a raw key and salt,
  ``x'<64 hex key><64 hex HMAC key><32 hex salt>'`` all three. The HMAC key is
  PBKDF2-HMAC-``kdf_algorithm`` (password = encryption key, salt = file salt XOR
  ``hmac_salt_mask`` (0x3a), ``fast_kdf_iter`` (2) rounds) unless given.
* ``-wal`` files: the WAL header and the frame headers are plain, each frame's page image has
  gone through the same page transform with the frame's page number (page 1 frames carry the
  salt too); the WAL checksums cover the encrypted bytes.

What :func:`decrypt_database` writes: a plain SQLite file, page for page, with
``"SQLite format 3\\0"`` in front of page 1 and the reserve area zeroed (the header's byte 20
still records the reserve size, so SQLite opens the result as it is). Every page's HMAC is
verified. A page-1 failure means the key or the settings are wrong (:class:`WrongKeyError`);
a failure on a later page is damage: the page is **kept as decrypted** (AES-CBC confines a
changed byte to two 16-byte blocks, so most of the page is still right), counted in
``hmac_failures``, listed in ``failed_pages`` and named in ``warnings``;
``zero_failed_pages=True`` writes zeros instead. A page that is all zeros on disk (never
written, sparse file) is written as zeros and counted in ``blank_pages``.

WAL replay (the rules of SQLite's own WAL recovery, file format section 4): the WAL header must
have a known magic, the database's page size and a valid checksum; frames are read in order
while their salts equal the header's and their cumulative checksum (over the frame header's
first 8 bytes and the page image *as stored*, i.e. encrypted) verifies; only frames up to the
last valid commit frame (non-zero "database size after commit") are applied, the latest frame
of each page wins, and the output gets that commit's database size in pages. Frames after the
last commit (an open transaction), after a checksum break or from an older salt generation are
ignored and counted.

Auto-detection (``settings=None``): the candidates of :func:`variants` are tried **on page 1
only**, each with its derived keys cached per (key, salt, KDF) so that variants sharing a KDF cost
one derivation: a candidate matches when page 1's HMAC verifies, or, for settings without HMAC,
when the decrypted page 1 has a valid SQLite header (page size and reserve bytes equal the
settings', read/write versions 1 or 2, payload fractions 64/32/32, b-tree page type 0x0D or
0x05 at byte 100). Candidates whose page size does not divide the file size are tried last.
Worst case (no match) costs one PBKDF2 of each distinct KDF: SHA1 x4000, SHA1 x64000,
SHA512 x256000, SHA1 x1, SHA512 x1 (about 0.3 s), then HMACs of one page.

Public API::

    SQLCipherSettings, VERSIONS, APP_SETTINGS, variants()
    parse_key(key) -> SQLCipherKey;  derive_keys(key, salt, settings) -> (key, hmac_key | None)
    decrypt_database(src, dst, key, *, settings=None, wal=None) -> SQLCipherResult
    encrypt_database(src_plain, dst, key, settings, *, salt=None, seed=None, wal=None)
    new_plain_database(path, settings)      # empty plain database laid out for ``settings``
    looks_plain_sqlite(path) -> bool;  sniff(path) -> bool;  explain(path) -> str
    SQLCipherError > WrongKeyError, NotEncryptedError, SQLCipherFormatError
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import sqlite3
import struct
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Sequence
from urllib.request import pathname2url

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..atomic import atomic_output

__all__ = [
    "SQLCipherError",
    "WrongKeyError",
    "NotEncryptedError",
    "SQLCipherFormatError",
    "SQLCipherSettings",
    "SQLCipherKey",
    "SQLCipherResult",
    "VERSIONS",
    "APP_SETTINGS",
    "variants",
    "parse_key",
    "derive_keys",
    "decrypt_database",
    "encrypt_database",
    "new_plain_database",
    "looks_plain_sqlite",
    "sniff",
    "explain",
    "SQLITE_MAGIC",
]

SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_SIZE = 16
KEY_SIZE = 32
IV_SIZE = 16
BLOCK = 16
HMAC_SIZES = {"sha1": 20, "sha256": 32, "sha512": 64}
KDF_ALGORITHMS = ("sha1", "sha256", "sha512")

WAL_MAGIC_LE = 0x377F0682
WAL_MAGIC_BE = 0x377F0683
WAL_HEADER = 32
WAL_FRAME_HEADER = 24

MAX_LISTED_FAILURES = 1000
_RAW_KEY_RE = re.compile(r"^[xX]'([0-9a-fA-F]*)'$")


# ---------------------------------------------------------------------------------------------
# Errors


class SQLCipherError(Exception):
    """Base class: the database cannot be decrypted; the message says why."""


class WrongKeyError(SQLCipherError):
    """The key does not open the database with any of the settings tried (page 1 does not verify)."""


class NotEncryptedError(SQLCipherError):
    """The file is a plain SQLite database: there is nothing to decrypt."""


class SQLCipherFormatError(SQLCipherError):
    """The file cannot be a complete SQLCipher database (empty, truncated, size not a multiple of the page size ...)."""


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class SQLCipherSettings:
    """The parameters that decide a SQLCipher file's layout and keys.

    ``name`` is a label only (it is not compared): the four versions, the known variants and the
    app settings carry theirs; custom settings get a description of their parameters. Use
    ``dataclasses.replace(VERSIONS[4], kdf_iter=1, name="...")`` for a variant.
    """

    page_size: int
    kdf_iter: int
    kdf_algorithm: str
    hmac_algorithm: str | None
    plaintext_header_size: int = 0
    hmac_salt_mask: int = 0x3A
    fast_kdf_iter: int = 2
    page_number_big_endian: bool = False
    name: str = field(default="", compare=False)

    def __post_init__(self):
        ps = self.page_size
        if not isinstance(ps, int) or ps < 512 or ps > 65536 or ps & (ps - 1):
            raise ValueError(f"page size must be a power of two from 512 to 65536, not {ps!r}")
        if not isinstance(self.kdf_iter, int) or self.kdf_iter < 1:
            raise ValueError(f"kdf_iter must be a positive integer, not {self.kdf_iter!r}")
        if self.kdf_algorithm not in KDF_ALGORITHMS:
            raise ValueError(f"kdf_algorithm must be one of {', '.join(KDF_ALGORITHMS)}, not {self.kdf_algorithm!r}")
        if self.hmac_algorithm is not None and self.hmac_algorithm not in HMAC_SIZES:
            raise ValueError(f"hmac_algorithm must be one of {', '.join(HMAC_SIZES)} or None, not {self.hmac_algorithm!r}")
        if not isinstance(self.fast_kdf_iter, int) or self.fast_kdf_iter < 1:
            raise ValueError(f"fast_kdf_iter must be a positive integer, not {self.fast_kdf_iter!r}")
        if not isinstance(self.hmac_salt_mask, int) or not 0 <= self.hmac_salt_mask <= 255:
            raise ValueError(f"hmac_salt_mask must be a byte value, not {self.hmac_salt_mask!r}")
        phs = self.plaintext_header_size
        if not isinstance(phs, int) or phs < 0 or phs % BLOCK or phs >= ps - self.reserve:
            raise ValueError(
                f"plaintext_header_size must be 0 or a multiple of 16 below the page's usable size, not {phs!r}"
            )
        if not self.name:
            object.__setattr__(self, "name", "custom (" + self.describe() + ")")

    @property
    def hmac_size(self) -> int:
        return HMAC_SIZES[self.hmac_algorithm] if self.hmac_algorithm else 0

    @property
    def reserve(self) -> int:
        """Bytes at the end of every page: IV + HMAC, rounded up to a multiple of 16."""
        r = IV_SIZE + self.hmac_size
        return -(-r // BLOCK) * BLOCK

    def describe(self) -> str:
        parts = [
            f"page {self.page_size}",
            f"PBKDF2-HMAC-{self.kdf_algorithm.upper()} x{self.kdf_iter}",
            f"HMAC-{self.hmac_algorithm.upper()}" if self.hmac_algorithm else "no HMAC",
        ]
        if self.hmac_algorithm and self.page_number_big_endian:
            parts.append("big-endian page numbers")
        if self.hmac_algorithm and (self.hmac_salt_mask != 0x3A or self.fast_kdf_iter != 2):
            parts.append(f"HMAC salt mask 0x{self.hmac_salt_mask:02x}, fast_kdf_iter {self.fast_kdf_iter}")
        if self.plaintext_header_size:
            parts.append(f"plaintext header {self.plaintext_header_size}")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["reserve"] = self.reserve
        return d


VERSIONS: dict[int, SQLCipherSettings] = {
    1: SQLCipherSettings(1024, 4000, "sha1", None, name="SQLCipher 1"),
    2: SQLCipherSettings(1024, 4000, "sha1", "sha1", name="SQLCipher 2"),
    3: SQLCipherSettings(1024, 64000, "sha1", "sha1", name="SQLCipher 3"),
    4: SQLCipherSettings(4096, 256000, "sha512", "sha512", name="SQLCipher 4"),
}

#: 2.0.0-2.0.6 builds on big-endian machines put the page number into the HMAC big-endian
V2_BIG_ENDIAN = replace(VERSIONS[2], page_number_big_endian=True, name="SQLCipher 2.0 (big-endian page numbers)")
#: 2.0 beta: no HMAC salt mask, HMAC key derived with 4000 rounds
V2_BETA = replace(VERSIONS[2], hmac_salt_mask=0, fast_kdf_iter=4000, name="SQLCipher 2.0 beta")

#: formats.md 3.3
APP_SETTINGS: dict[str, SQLCipherSettings] = {
    # signal.db: cipher_compatibility 3 with kdf_iter 1 and page size 4096; password = 64 hex ASCII
    "signal-android": replace(VERSIONS[3], page_size=4096, kdf_iter=1, name="Signal Android"),
    # db.sqlite: SQLCipher 4 defaults, opened with the raw key x'<config.json key>'
    "signal-desktop": replace(VERSIONS[4], name="Signal Desktop"),
    # threema4.db: SQLCipher 4 with kdf_iter 1 (password x"<hex>" is a passphrase string)
    "threema": replace(VERSIONS[4], kdf_iter=1, name="Threema"),
    # EnMicroMsg.db: cipher_compatibility 1
    "wechat": replace(VERSIONS[1], name="WeChat"),
    # Session Android session.db: net.zetetic sqlcipher-android (SQLCipher 4) with "PRAGMA kdf_iter = 1" and
    # "PRAGMA cipher_page_size = 4096" (session-android SQLCipherOpenHelper.java); password = 64 hex ASCII.
    # The same parameters as Threema's, so variants() tries them once.
    "session-android": replace(VERSIONS[4], kdf_iter=1, name="Session Android"),
    # Telegram iOS postbox/db/db_sqlite: SQLCipher 4 with a 32-byte plaintext header, raw key + salt
    # (Telegram-iOS submodules/Postbox/Sources/SqliteValueBox.swift)
    "telegram-ios": replace(VERSIONS[4], plaintext_header_size=32, name="Telegram iOS (Postbox)"),
}


def variants() -> list[SQLCipherSettings]:
    """The settings tried, in order, when none are given (equal settings are tried once)."""
    return [
        VERSIONS[4],
        VERSIONS[3],
        VERSIONS[2],
        VERSIONS[1],
        V2_BIG_ENDIAN,
        V2_BETA,
        APP_SETTINGS["signal-android"],
        APP_SETTINGS["signal-desktop"],
        APP_SETTINGS["threema"],
        APP_SETTINGS["wechat"],
    ]


# ---------------------------------------------------------------------------------------------
# Keys


@dataclass(frozen=True)
class SQLCipherKey:
    """Key material as SQLCipher reads it (``sqlcipher_cipher_ctx_key_derive``)."""

    #: "passphrase" | "raw key" | "raw key and salt" | "raw key, HMAC key and salt"
    form: str
    #: the passphrase bytes, or the 32-byte raw key
    secret: bytes = field(repr=False)
    hmac_key: bytes | None = field(default=None, repr=False)
    salt: bytes | None = None

    @property
    def is_raw(self) -> bool:
        return self.form != "passphrase"


def parse_key(key) -> SQLCipherKey:
    """``"passphrase"``, ``"x'<64 hex>'"``, ``"x'<64 hex><32 hex>'"``, ``"x'<64><64><32>'"``, or bytes.

    Only single-quoted ``x'...'`` with exactly those lengths is a raw key (as in SQLCipher);
    anything else, ``x"..."`` included, is a passphrase. ``bytes`` of length 32 are a raw key,
    other bytes a passphrase.
    """
    if isinstance(key, SQLCipherKey):
        return key
    if isinstance(key, (bytes, bytearray, memoryview)):
        data = bytes(key)
        if not data:
            raise ValueError("empty key")
        if len(data) == KEY_SIZE:
            return SQLCipherKey("raw key", data)
        return SQLCipherKey("passphrase", data)
    if not isinstance(key, str):
        raise TypeError(f"a SQLCipher key is a string or bytes, not {type(key).__name__}")
    if not key:
        raise ValueError("empty key")
    m = _RAW_KEY_RE.match(key)
    if m:
        hx = m.group(1)
        n = len(hx)
        if n == 2 * KEY_SIZE:
            return SQLCipherKey("raw key", bytes.fromhex(hx))
        if n == 2 * (KEY_SIZE + SALT_SIZE):
            return SQLCipherKey("raw key and salt", bytes.fromhex(hx[:64]), salt=bytes.fromhex(hx[64:]))
        if n == 2 * (2 * KEY_SIZE + SALT_SIZE):
            return SQLCipherKey(
                "raw key, HMAC key and salt",
                bytes.fromhex(hx[:64]),
                hmac_key=bytes.fromhex(hx[64:128]),
                salt=bytes.fromhex(hx[128:]),
            )
    return SQLCipherKey("passphrase", key.encode("utf-8"))


def _pbkdf2(algorithm: str, password: bytes, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac(algorithm, password, salt, iterations, KEY_SIZE)


def _hmac_salt(salt: bytes, mask: int) -> bytes:
    return bytes(b ^ mask for b in salt)


def derive_keys(key, salt: bytes | None, settings: SQLCipherSettings) -> tuple[bytes, bytes | None]:
    """The AES key and the HMAC key (None without HMAC) for ``key`` on a file with ``salt``.

    A salt inside the key (``x'<key><salt>'``) takes precedence over ``salt``.
    """
    return _KeyCache(parse_key(key)).get(salt, settings)


class _KeyCache:
    """Derived keys of one key for one call, shared by settings with the same KDF parameters."""

    def __init__(self, spec: SQLCipherKey):
        self.spec = spec
        self._enc: dict[tuple, bytes] = {}
        self._mac: dict[tuple, bytes] = {}

    def salt_for(self, salt: bytes | None) -> bytes:
        s = self.spec.salt if self.spec.salt is not None else salt
        if s is None or len(s) != SALT_SIZE:
            raise SQLCipherError(
                "no 16-byte salt: the file does not store one (plaintext header) and the key does not "
                "carry one; give the key as x'<64 hex key><32 hex salt>' or pass the salt"
            )
        return bytes(s)

    def get(self, salt: bytes | None, settings: SQLCipherSettings) -> tuple[bytes, bytes | None]:
        spec = self.spec
        salt = self.salt_for(salt)
        if spec.is_raw:
            enc = spec.secret
        else:
            k = (salt, settings.kdf_algorithm, settings.kdf_iter)
            enc = self._enc.get(k)
            if enc is None:
                enc = self._enc[k] = _pbkdf2(settings.kdf_algorithm, spec.secret, salt, settings.kdf_iter)
        if settings.hmac_algorithm is None:
            return enc, None
        if spec.hmac_key is not None:
            return enc, spec.hmac_key
        k = (enc, salt, settings.kdf_algorithm, settings.hmac_salt_mask, settings.fast_kdf_iter)
        mac = self._mac.get(k)
        if mac is None:
            mac = self._mac[k] = _pbkdf2(
                settings.kdf_algorithm, enc, _hmac_salt(salt, settings.hmac_salt_mask), settings.fast_kdf_iter
            )
        return enc, mac


# ---------------------------------------------------------------------------------------------
# The page transform


class _PageCodec:
    def __init__(self, settings: SQLCipherSettings, enc_key: bytes, hmac_key: bytes | None):
        self.settings = settings
        self.P = settings.page_size
        self.reserve = settings.reserve
        self.size = self.P - self.reserve  # end of the encrypted body
        self.phs = settings.plaintext_header_size
        self.aes = algorithms.AES(enc_key)
        self.mac_len = settings.hmac_size
        self._mac = hmac.new(hmac_key, digestmod=settings.hmac_algorithm) if settings.hmac_algorithm else None
        self._pgno = struct.Struct(">I" if settings.page_number_big_endian else "<I")
        self._zero_reserve = bytes(self.reserve)

    @property
    def has_hmac(self) -> bool:
        return self._mac is not None

    def offset(self, pgno: int) -> int:
        return (self.phs or SALT_SIZE) if pgno == 1 else 0

    def _digest(self, data, pgno: int) -> bytes:
        h = self._mac.copy()
        h.update(data)
        h.update(self._pgno.pack(pgno))
        return h.digest()

    def verify(self, page, pgno: int) -> bool | None:
        """HMAC check of an encrypted page; None without HMAC."""
        if self._mac is None:
            return None
        off = self.offset(pgno)
        end = self.size + IV_SIZE
        return hmac.compare_digest(self._digest(page[off:end], pgno), bytes(page[end : end + self.mac_len]))

    def decrypt(self, page, pgno: int) -> bytes:
        off = self.offset(pgno)
        iv = bytes(page[self.size : self.size + IV_SIZE])
        body = Cipher(self.aes, modes.CBC(iv)).decryptor().update(page[off : self.size])
        if pgno == 1:
            head = bytes(page[:off]) if self.phs else SQLITE_MAGIC
            return head + body + self._zero_reserve
        return body + self._zero_reserve

    def encrypt(self, plain, pgno: int, salt: bytes, filler: bytes) -> bytes:
        """``filler``: ``reserve`` random bytes (the IV is its first 16, the rest stays after the HMAC)."""
        off = self.offset(pgno)
        iv = filler[:IV_SIZE]
        body = Cipher(self.aes, modes.CBC(iv)).encryptor().update(plain[off : self.size])
        head = (bytes(plain[:off]) if self.phs else salt) if pgno == 1 else b""
        out = head + body + iv
        if self._mac is not None:
            out += self._digest(out[off:], pgno)
        return out + filler[len(out) - self.size :]


def _header_problem(page1: bytes, settings: SQLCipherSettings) -> str | None:
    """Why a decrypted page 1 is not a SQLite header for these settings (None: it is)."""
    if len(page1) < 108 or page1[:16] != SQLITE_MAGIC:
        return "no SQLite header"
    ps = struct.unpack(">H", page1[16:18])[0]
    ps = 65536 if ps == 1 else ps
    if ps != settings.page_size:
        return f"header page size {ps} is not {settings.page_size}"
    if page1[18] not in (1, 2) or page1[19] not in (1, 2):
        return "header file format versions are not 1 or 2"
    if page1[20] != settings.reserve:
        return f"header reserve {page1[20]} is not {settings.reserve}"
    if page1[21:24] != b"\x40\x20\x20":
        return "header payload fractions are not 64/32/32"
    if page1[100] not in (0x0D, 0x05):
        return f"page 1 is not a table b-tree page (type 0x{page1[100]:02x})"
    return None


# ---------------------------------------------------------------------------------------------
# Sniffing


def _read_head(path, n: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def _plain_head(head: bytes) -> bool:
    return head[:16] == SQLITE_MAGIC and len(head) > 100 and head[100] in (0x0D, 0x05)


def looks_plain_sqlite(path) -> bool:
    """The file is a plain SQLite database: the magic, and page 1 is a table b-tree page.

    A SQLCipher file with a plaintext header also starts with the magic, but its byte 100 is
    encrypted; that case is not plain.
    """
    try:
        return _plain_head(_read_head(path, 101))
    except OSError:
        return False


def _plaintext_header_layout(head: bytes) -> tuple[int, int] | None:
    """(page size, reserve) of a SQLCipher file with a plaintext header, else None."""
    if head[:16] != SQLITE_MAGIC or _plain_head(head) or len(head) < 24:
        return None
    ps = struct.unpack(">H", head[16:18])[0]
    ps = 65536 if ps == 1 else ps
    if ps < 512 or ps & (ps - 1) or head[20] not in (16, 32, 48, 80) or head[21:24] != b"\x40\x20\x20":
        return None
    return ps, head[20]


_OTHER_MAGICS = (
    b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"\xfd7zXZ", b"BZh", b"\x28\xb5\x2f\xfd", b"%PDF",
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"bplist", b"\xac\xed",
)


def _sniff_reason(path) -> str | None:
    """None when the file looks like a SQLCipher database, else why not."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        return "the file is empty"
    head = _read_head(path, 1024)
    if _plain_head(head):
        return "it is a plain SQLite database (not encrypted): nothing to decrypt"
    if _plaintext_header_layout(head) is not None:
        return None
    if size < 512 or size % 512:
        return f"its size ({size} bytes) is not a multiple of 512, as a SQLCipher database's is"
    try:
        from . import whatsapp_crypt as wc

        if wc.sniff(path) is not None:
            return "it is a WhatsApp backup"
    except Exception:  # pragma: no cover - the WhatsApp decoder is optional here
        pass
    if head.startswith(_OTHER_MAGICS):
        return f"it starts with the signature of another file type ({head[:4].hex(' ')})"
    # a length-prefixed protobuf (Signal .backup): 4-byte big-endian length, then field 1
    if struct.unpack(">I", head[:4])[0] < 4096 and head[4:5] == b"\x0a":
        return "it starts like a length-prefixed protobuf frame (a Signal backup?), not a salt"
    sample = head[: min(len(head), 1024)]
    distinct = len(set(sample))
    if distinct < (220 if len(sample) >= 1024 else 180):
        return f"its first page is not random-looking ({distinct} distinct byte values in {len(sample)} bytes)"
    return None


def sniff(path) -> bool:
    """The file looks like a SQLCipher database (never raises). Without the key this is a guess:
    encrypted pages look random, the size is a multiple of 512, and it is no other known format."""
    try:
        return _sniff_reason(path) is None
    except OSError:
        return False


def explain(path) -> str:
    """Why :func:`sniff` refused a file."""
    try:
        return _sniff_reason(path) or "it looks like a SQLCipher database"
    except OSError as exc:
        return exc.strerror or str(exc)


# ---------------------------------------------------------------------------------------------
# WAL


def _wal_checksum(data, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    n = len(data) // 4
    vals = struct.unpack(f"{'>' if big_endian else '<'}{n}I", data)
    it = iter(vals)
    for x0, x1 in zip(it, it):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return s0, s1


@dataclass
class _WalPlan:
    path: Path | None = None
    #: page number -> offset of its latest committed page image in the WAL
    pages: dict = field(default_factory=dict)
    #: database size in pages after the last commit (None: no valid commit)
    db_pages: int | None = None
    frames_applied: int = 0
    frames_in_file: int = 0
    warnings: list = field(default_factory=list)


def _plan_wal(wal: Path, page_size: int) -> _WalPlan:
    plan = _WalPlan(path=wal)
    size = wal.stat().st_size
    if size == 0:
        return plan
    frame_size = WAL_FRAME_HEADER + page_size
    with open(wal, "rb", buffering=1 << 20) as fh:
        hdr = fh.read(WAL_HEADER)
        if len(hdr) < WAL_HEADER:
            plan.warnings.append(f"{wal.name}: shorter than a WAL header ({size} bytes): not applied")
            return plan
        magic, _version, wal_ps, _ckpt, salt1, salt2, c1, c2 = struct.unpack(">8I", hdr)
        if magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE):
            plan.warnings.append(f"{wal.name}: not a WAL file (magic {magic:#010x}): not applied")
            return plan
        big = magic == WAL_MAGIC_BE
        if wal_ps != page_size:
            plan.warnings.append(f"{wal.name}: WAL page size {wal_ps} differs from the database's {page_size}: not applied")
            return plan
        if _wal_checksum(hdr[:24], 0, 0, big) != (c1, c2):
            plan.warnings.append(f"{wal.name}: the WAL header checksum does not verify: not applied")
            return plan
        plan.frames_in_file = (size - WAL_HEADER) // frame_size
        s0, s1 = c1, c2
        pending: dict[int, int] = {}
        index = 0
        offset = WAL_HEADER
        stop = None
        while True:
            fhdr = fh.read(WAL_FRAME_HEADER)
            data = fh.read(page_size)
            if len(fhdr) < WAL_FRAME_HEADER or len(data) < page_size:
                if fhdr:
                    stop = "a partial frame at the end"
                break
            pgno, commit, fs1, fs2, fc1, fc2 = struct.unpack(">6I", fhdr)
            if (fs1, fs2) != (salt1, salt2):
                stop = f"frame {index + 1} belongs to an older WAL generation (salt)"
                break
            t0, t1 = _wal_checksum(fhdr[:8], s0, s1, big)
            t0, t1 = _wal_checksum(data, t0, t1, big)
            if (t0, t1) != (fc1, fc2) or pgno == 0:
                stop = f"frame {index + 1} fails its checksum"
                break
            s0, s1 = t0, t1
            index += 1
            pending[pgno] = offset + WAL_FRAME_HEADER
            if commit:
                plan.pages.update(pending)
                pending.clear()
                plan.db_pages = commit
                plan.frames_applied = index
            offset += frame_size
    ignored = plan.frames_in_file - plan.frames_applied
    if ignored:
        why = []
        if index > plan.frames_applied:
            why.append(f"{index - plan.frames_applied} valid frame(s) after the last commit (an open transaction)")
        if stop:
            why.append(f"replay stops where {stop}")
        plan.warnings.append(
            f"{wal.name}: {ignored} of {plan.frames_in_file} WAL frame(s) not applied ({'; '.join(why) or 'not committed'})"
        )
    return plan


# ---------------------------------------------------------------------------------------------
# Decryption


@dataclass(frozen=True)
class SQLCipherResult:
    settings: SQLCipherSettings
    #: pages written to the output
    pages: int
    #: pages whose HMAC does not verify (database pages and applied WAL frames), kept as decrypted
    hmac_failures: int
    #: WAL frames replayed: every valid frame up to the last commit frame
    wal_frames_applied: int
    plaintext_sha256: str
    output: Path
    plaintext_size: int
    #: "passphrase", "raw key", ...
    key_form: str
    #: output page numbers that failed their HMAC (at most the first 1000)
    failed_pages: tuple = ()
    #: pages that were all zeros on disk, written as zeros
    blank_pages: int = 0
    wal: Path | None = None
    #: distinct pages taken from the WAL
    wal_pages: int = 0
    wal_frames_ignored: int = 0
    warnings: tuple = ()
    format: str = "sqlcipher"

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "settings": self.settings.name,
            "settings_detail": self.settings.as_dict(),
            "pages": self.pages,
            "hmac_failures": self.hmac_failures,
            "failed_pages": list(self.failed_pages),
            "blank_pages": self.blank_pages,
            "wal": str(self.wal) if self.wal else None,
            "wal_frames_applied": self.wal_frames_applied,
            "wal_pages": self.wal_pages,
            "wal_frames_ignored": self.wal_frames_ignored,
            "key_form": self.key_form,
            "plaintext_sha256": self.plaintext_sha256,
            "plaintext_size": self.plaintext_size,
            "output": str(self.output),
            "warnings": list(self.warnings),
        }


def _candidates(settings) -> list[SQLCipherSettings]:
    if settings is None:
        cands = variants()
    elif isinstance(settings, SQLCipherSettings):
        cands = [settings]
    elif isinstance(settings, int) and not isinstance(settings, bool):
        if settings not in VERSIONS:
            raise ValueError(f"SQLCipher versions are 1 to 4, not {settings}")
        cands = [VERSIONS[settings]]
    else:
        cands = list(settings)
        if not cands or not all(isinstance(s, SQLCipherSettings) for s in cands):
            raise TypeError("settings: a SQLCipherSettings, a version number, a sequence of SQLCipherSettings or None")
    return cands


def _dedupe(cands: list[SQLCipherSettings]) -> list[tuple[SQLCipherSettings, list[str]]]:
    out: list[tuple[SQLCipherSettings, list[str]]] = []
    for s in cands:
        for first, names in out:
            if first == s:
                if s.name not in names:
                    names.append(s.name)
                break
        else:
            out.append((s, [s.name]))
    return out


def _names(names: list[str]) -> str:
    return names[0] + (f" (= {', '.join(names[1:])})" if len(names) > 1 else "")


def decrypt_database(
    src,
    dst,
    key,
    *,
    settings: SQLCipherSettings | Sequence[SQLCipherSettings] | int | None = None,
    wal=None,
    salt: bytes | None = None,
    zero_failed_pages: bool = False,
    allow_truncated: bool = False,
) -> SQLCipherResult:
    """Decrypt the SQLCipher database ``src`` into the plain SQLite file ``dst``.

    ``key``: passphrase, ``x'..'`` raw key form, or bytes (see :func:`parse_key`). ``settings``:
    one :class:`SQLCipherSettings` (or a version number 1-4), a sequence of candidates, or None
    for :func:`variants`. ``wal``: the encrypted ``-wal`` file to replay (default ``src-wal`` when
    it exists; ``False`` for none). ``salt``: for files with a plaintext header, whose salt is
    not in the file (or give the key as ``x'<key><salt>'``). ``allow_truncated``: decrypt the
    whole pages of a file whose size is not a multiple of the page size instead of refusing it.

    ``dst`` appears only when decryption succeeded (written as ``dst.part``, then renamed; an
    existing ``dst`` is replaced). Raises :class:`WrongKeyError`, :class:`NotEncryptedError`,
    :class:`SQLCipherFormatError` (all :class:`SQLCipherError`).
    """
    src = Path(src)
    dst = Path(dst)
    spec = parse_key(key)
    keys = _KeyCache(spec)
    size = src.stat().st_size
    if size == 0:
        raise SQLCipherFormatError("the file is empty")
    head = _read_head(src, 65536)
    if _plain_head(head):
        raise NotEncryptedError("the file is a plain SQLite database (not encrypted): nothing to decrypt")

    cands = _candidates(settings)
    layout = _plaintext_header_layout(head)
    if layout is not None and all(c.plaintext_header_size == 0 for c in cands):
        if settings is not None:
            raise SQLCipherFormatError(
                "the file starts with a plain SQLite header but page 1 is encrypted: a SQLCipher database with a "
                "plaintext header; give the plaintext header size (usually 32) and the salt"
            )
        ps, reserve = layout
        cands = [
            replace(c, plaintext_header_size=32, name=f"{c.name} with a 32-byte plaintext header")
            for c in cands
            if c.page_size == ps and c.reserve == reserve
        ]
        if not cands:
            raise WrongKeyError(
                f"the file looks like a SQLCipher database with a plaintext header (page {ps}, reserve {reserve}) "
                "but no known SQLCipher settings have that layout"
            )
    file_salt = None if layout is not None or any(c.plaintext_header_size for c in cands) else head[:SALT_SIZE]
    if file_salt is None and salt is None and spec.salt is None:
        raise SQLCipherError(
            "the database has a plaintext header, so its salt is not in the file: give the key as "
            "x'<64 hex key><32 hex salt>' or pass the salt"
        )
    if salt is not None:
        file_salt = bytes(salt)
        if len(file_salt) != SALT_SIZE:
            raise ValueError("the salt has 16 bytes")

    groups = _dedupe(cands)
    groups.sort(key=lambda g: size % g[0].page_size != 0)  # consistent page sizes first (stable)

    match = None
    tried: list[str] = []
    too_small: list[str] = []
    for s, names in groups:
        if size < s.page_size:
            too_small.append(_names(names))
            continue
        enc, mk = keys.get(file_salt, s)
        codec = _PageCodec(s, enc, mk)
        page1 = head[: s.page_size]
        if codec.has_hmac:
            ok = codec.verify(page1, 1)
        else:
            ok = _header_problem(codec.decrypt(page1, 1), s) is None
        if ok:
            match = (s, codec)
            break
        tried.append(_names(names))

    if match is None:
        # page 1 may be damaged while the key is right: look at page 2 with the same keys
        for s, names in groups:
            if size < 2 * s.page_size:
                continue
            enc, mk = keys.get(file_salt, s)
            codec = _PageCodec(s, enc, mk)
            if codec.has_hmac:
                with open(src, "rb") as fh:
                    fh.seek(s.page_size)
                    if codec.verify(fh.read(s.page_size), 2):
                        raise SQLCipherFormatError(
                            f"page 1 is damaged: its HMAC does not verify, but page 2's does with {_names(names)} "
                            "settings (the key is right; SQLite cannot open the database without page 1)"
                        )
        what = "the given settings" if settings is not None else "any known SQLCipher settings"
        msg = (
            f"the key does not open this database: page 1 HMAC / header does not verify with {what} "
            f"(tried {'; '.join(tried) or 'none'}"
        )
        if too_small:
            msg += f"; not tried, the file is smaller than their page: {'; '.join(too_small)}"
        msg += f"; key used as a {spec.form})"
        if settings is None:
            msg += ", or the file is not a SQLCipher database"
        raise WrongKeyError(msg)

    s, codec = match
    warnings: list[str] = []
    P = s.page_size
    if size % P:
        if not allow_truncated:
            raise SQLCipherFormatError(
                f"the file is truncated or damaged: its size ({size} bytes) is not a multiple of the page size "
                f"{P} of the {s.name} settings that open it ({size % P} bytes of a last page)"
            )
        warnings.append(f"the file ends with {size % P} bytes of an incomplete page: not decrypted")
    n_main = size // P

    # the header of a page 1 that authenticated is only cross-checked
    if codec.has_hmac:
        problem = _header_problem(codec.decrypt(head[:P], 1), s)
        if problem:
            warnings.append(f"page 1 authenticates but its SQLite header is unusual: {problem}")

    # WAL
    plan = _WalPlan()
    wal_path = None
    if wal is None:
        cand = src.with_name(src.name + "-wal")
        wal_path = cand if cand.is_file() else None
    elif wal is not False:
        wal_path = Path(wal)
        if not wal_path.is_file():
            raise SQLCipherError(f"WAL file not found: {wal_path}")
    if wal_path is not None:
        plan = _plan_wal(wal_path, P)
        warnings.extend(plan.warnings)
    journal = src.with_name(src.name + "-journal")
    if journal.is_file() and journal.stat().st_size > 0:
        warnings.append(
            f"{journal.name} exists: a rollback journal is not applied (the database may hold pages of an interrupted transaction)"
        )

    n_out = plan.db_pages if plan.db_pages is not None else n_main
    zero_page = bytes(P)
    failed: list[int] = []
    n_failed = 0
    blank = 0
    missing = 0
    sha = hashlib.sha256()
    with atomic_output(dst) as tmp:
        with open(src, "rb", buffering=1 << 20) as fh, open(tmp, "wb", buffering=1 << 20) as out:
            wfh = open(wal_path, "rb") if plan.pages else None
            try:
                for pgno in range(1, n_out + 1):
                    page = fh.read(P) if pgno <= n_main else None
                    woff = plan.pages.get(pgno)
                    if woff is not None:
                        wfh.seek(woff)
                        page = wfh.read(P)
                    if page is None:
                        missing += 1
                        plain = zero_page
                    elif page == zero_page:
                        blank += 1
                        plain = zero_page
                    else:
                        good = codec.verify(page, pgno)
                        plain = codec.decrypt(page, pgno)
                        if good is False:
                            n_failed += 1
                            if len(failed) < MAX_LISTED_FAILURES:
                                failed.append(pgno)
                            if zero_failed_pages:
                                plain = zero_page
                    out.write(plain)
                    sha.update(plain)
            finally:
                if wfh is not None:
                    wfh.close()

    if n_failed:
        shown = ", ".join(map(str, failed[:20])) + (" ..." if n_failed > 20 else "")
        warnings.append(
            f"{n_failed} page(s) fail their HMAC (damaged or altered): {shown}; "
            + ("written as zeros" if zero_failed_pages else "kept as decrypted, their content is unreliable")
        )
    if blank:
        warnings.append(f"{blank} page(s) are all zeros on disk (never written): written as zeros")
    if missing:
        warnings.append(f"{missing} page(s) of the committed database size are neither in the file nor in the WAL: written as zeros")
    return SQLCipherResult(
        settings=s,
        pages=n_out,
        hmac_failures=n_failed,
        wal_frames_applied=plan.frames_applied,
        plaintext_sha256=sha.hexdigest(),
        output=dst,
        plaintext_size=n_out * P,
        key_form=spec.form,
        failed_pages=tuple(failed),
        blank_pages=blank,
        wal=wal_path,
        wal_pages=len(plan.pages),
        wal_frames_ignored=plan.frames_in_file - plan.frames_applied,
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------
# Encryption (test databases and sample data)


class _Filler:
    """Random bytes: os.urandom, or a deterministic stream from a seed."""

    def __init__(self, seed):
        if seed is None:
            self.seed = None
        elif isinstance(seed, (bytes, bytearray)):
            self.seed = bytes(seed)
        else:
            self.seed = repr(seed).encode("utf-8")
        self.counter = 0

    def bytes(self, n: int, label: bytes) -> bytes:
        if self.seed is None:
            return os.urandom(n)
        out = b""
        while len(out) < n:
            self.counter += 1
            out += hashlib.sha256(b"sqlcipher-test|" + self.seed + b"|" + label + b"|" + str(self.counter).encode()).digest()
        return out[:n]


def _empty_page1(page_size: int, reserve: int) -> bytes:
    page = bytearray(page_size)
    page[0:16] = SQLITE_MAGIC
    struct.pack_into(">H", page, 16, 1 if page_size == 65536 else page_size)
    page[18] = 1
    page[19] = 1
    page[20] = reserve
    page[21:24] = b"\x40\x20\x20"
    struct.pack_into(">I", page, 24, 1)  # file change counter
    struct.pack_into(">I", page, 28, 1)  # database size in pages
    struct.pack_into(">I", page, 92, 1)  # version-valid-for = change counter
    struct.pack_into(">I", page, 96, sqlite3.sqlite_version_info[0] * 1000000 + sqlite3.sqlite_version_info[1] * 1000 + sqlite3.sqlite_version_info[2])
    page[100] = 0x0D  # empty table b-tree leaf (sqlite_schema)
    usable = page_size - reserve
    struct.pack_into(">H", page, 105, usable & 0xFFFF)  # cell content area starts at the end
    return bytes(page)


def new_plain_database(path, settings: SQLCipherSettings | int) -> Path:
    """Write an empty plain SQLite database whose page size and reserve bytes fit ``settings``.

    SQLite keeps both for the file's life, so a database filled from this one (tables, rows,
    WAL mode ...) has page images :func:`encrypt_database` encrypts as they are (its WAL too).
    """
    s = VERSIONS[settings] if isinstance(settings, int) else settings
    path = Path(path)
    path.write_bytes(_empty_page1(s.page_size, s.reserve))
    return path


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _relayout(src: Path, dst: Path, settings: SQLCipherSettings) -> None:
    """Copy a plain database into a fresh one with the page size and reserve of ``settings``."""
    new_plain_database(dst, settings)
    con = sqlite3.connect("file:" + pathname2url(str(dst.resolve())), uri=True, isolation_level=None)
    con.execute("ATTACH DATABASE ? AS src", ("file:" + pathname2url(str(src.resolve())) + "?mode=ro",))
    try:
        con.execute("BEGIN")
        entries = con.execute("SELECT type, name, tbl_name, sql FROM src.sqlite_master ORDER BY rowid").fetchall()

        def exists(name: str) -> bool:
            return con.execute("SELECT 1 FROM main.sqlite_master WHERE name = ? COLLATE NOCASE", (name,)).fetchone() is not None

        tables = [e for e in entries if e[0] == "table"]
        virtual = {e[1] for e in tables if e[3] and e[3].lstrip().upper().startswith("CREATE VIRTUAL")}
        for _t, name, _tbl, sql in tables:
            if name.startswith("sqlite_") or sql is None or exists(name):
                continue
            con.execute(sql)
        for _t, name, _tbl, sql in tables:
            if name in virtual or name.startswith("sqlite_") or sql is None:
                continue
            info = con.execute(f"PRAGMA src.table_xinfo({_quote(name)})").fetchall()
            cols = [r[1] for r in info if r[6] == 0]
            pks = [r for r in info if r[5]]
            without_rowid = bool(re.search(r"\)\s*WITHOUT\s+ROWID\s*;?\s*$", sql, re.IGNORECASE))
            alias = len(pks) == 1 and (pks[0][2] or "").upper() == "INTEGER"
            names = [_quote(c) for c in cols]
            if not without_rowid and not alias:
                rid = next((r for r in ("rowid", "_rowid_", "oid") if r not in {c.lower() for c in cols}), None)
                if rid:
                    names = [rid] + names
            q = _quote(name)
            con.execute(f"DELETE FROM main.{q}")  # shadow tables of virtual tables start with rows
            collist = ", ".join(names)
            con.execute(f"INSERT INTO main.{q} ({collist}) SELECT {collist} FROM src.{q}")
        names_src = {e[1] for e in tables}
        if "sqlite_sequence" in names_src:
            if exists("sqlite_sequence"):
                con.execute("DELETE FROM main.sqlite_sequence")
                con.execute("INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence")
        if "sqlite_stat1" in names_src:
            con.execute("ANALYZE main")
            con.execute("DELETE FROM main.sqlite_stat1")
            con.execute("INSERT INTO main.sqlite_stat1 SELECT * FROM src.sqlite_stat1")
        for kind in ("index", "view", "trigger"):
            for t, name, _tbl, sql in entries:
                if t == kind and sql is not None and not exists(name):
                    con.execute(sql)
        for pragma in ("user_version", "application_id"):
            value = con.execute(f"PRAGMA src.{pragma}").fetchone()[0]
            con.execute(f"PRAGMA main.{pragma} = {int(value)}")
        con.execute("COMMIT")
        con.execute("DETACH DATABASE src")
    finally:
        con.close()


def _encrypt_wal(src_wal: Path, dst_wal: Path, codec: _PageCodec, salt: bytes, filler: _Filler) -> None:
    """Encrypt every frame's page image and recompute the checksum chain (valid or not, all frames)."""
    P = codec.P
    data = src_wal.read_bytes()
    if len(data) < WAL_HEADER:
        raise ValueError(f"{src_wal}: shorter than a WAL header")
    magic, _v, wal_ps = struct.unpack(">3I", data[:12])
    if magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE):
        raise ValueError(f"{src_wal}: not a WAL file")
    if wal_ps != P:
        raise ValueError(f"{src_wal}: WAL page size {wal_ps}, the settings' is {P}")
    big = magic == WAL_MAGIC_BE
    out = bytearray(data[:WAL_HEADER])
    s0, s1 = struct.unpack(">2I", data[24:32])
    frame_size = WAL_FRAME_HEADER + P
    pos = WAL_HEADER
    n = 0
    while pos + frame_size <= len(data):
        fhdr = bytearray(data[pos : pos + WAL_FRAME_HEADER])
        page = data[pos + WAL_FRAME_HEADER : pos + frame_size]
        pgno = struct.unpack(">I", fhdr[:4])[0]
        n += 1
        enc = codec.encrypt(page, pgno, salt, filler.bytes(codec.reserve, b"wal-%d" % n))
        s0, s1 = _wal_checksum(bytes(fhdr[:8]), s0, s1, big)
        s0, s1 = _wal_checksum(enc, s0, s1, big)
        struct.pack_into(">2I", fhdr, 16, s0, s1)
        out += fhdr + enc
        pos += frame_size
    out += data[pos:]  # a partial frame stays as it is
    tmp = dst_wal.with_name(dst_wal.name + ".part")
    tmp.write_bytes(out)
    os.replace(tmp, dst_wal)


def encrypt_database(
    src_plain,
    dst,
    key,
    settings: SQLCipherSettings | int,
    *,
    salt: bytes | None = None,
    seed=None,
    wal=None,
) -> None:
    """Encrypt the plain SQLite database ``src_plain`` into the SQLCipher file ``dst`` (the inverse).

    ``seed`` makes the output deterministic (salt, IVs and reserve filler derived from it);
    ``salt`` fixes the salt (also taken from an ``x'<key><salt>'`` key). When the plain file's
    page size or reserve bytes differ from the settings', its schema and rows are copied into a
    fresh database with the right layout first (tables with their rowids, indexes, views,
    triggers, sqlite_sequence, FTS shadow tables, user_version, application_id; free pages and
    deleted records are not carried over). ``wal``: a plain ``-wal`` file to encrypt as
    ``dst-wal`` (default: ``src_plain-wal`` when it exists and is not empty; False: none); it
    needs the database already laid out for the settings (see :func:`new_plain_database`).
    """
    s = VERSIONS[settings] if isinstance(settings, int) else settings
    if not isinstance(s, SQLCipherSettings):
        raise TypeError("settings: a SQLCipherSettings or a version number")
    src = Path(src_plain)
    dst = Path(dst)
    spec = parse_key(key)
    filler = _Filler(seed)
    if salt is None:
        salt = spec.salt if spec.salt is not None else filler.bytes(SALT_SIZE, b"salt")
    salt = bytes(salt)
    if len(salt) != SALT_SIZE:
        raise ValueError("the salt has 16 bytes")
    if spec.salt is not None and spec.salt != salt:
        raise ValueError("the salt given differs from the salt in the key")
    head = _read_head(src, 100)
    if head[:16] != SQLITE_MAGIC:
        raise ValueError(f"{src}: not a plain SQLite database")
    ps = struct.unpack(">H", head[16:18])[0]
    ps = 65536 if ps == 1 else ps
    wal_src = None
    if wal is None:
        cand = src.with_name(src.name + "-wal")
        if cand.is_file() and cand.stat().st_size > 0:
            wal_src = cand
    elif wal is not False:
        wal_src = Path(wal)
    tmp_plain = None
    if ps != s.page_size or head[20] != s.reserve:
        if wal is not None and wal is not False:
            raise ValueError(
                f"{src}: page size {ps} / reserve {head[20]} differ from the settings' ({s.page_size} / {s.reserve}); "
                "a WAL can only be encrypted for a database created with new_plain_database()"
            )
        tmp_plain = dst.with_name(dst.name + ".relayout.tmp")
        if tmp_plain.exists():
            tmp_plain.unlink()
        _relayout(src, tmp_plain, s)
        src = tmp_plain
        wal_src = None  # the copy read through the WAL
    enc_key, hmac_key = derive_keys(spec, salt, s)
    codec = _PageCodec(s, enc_key, hmac_key)
    P = s.page_size
    try:
        size = src.stat().st_size
        if size % P:
            raise ValueError(f"{src}: size {size} is not a multiple of the page size {P}")
        with atomic_output(dst) as tmp:
            with open(src, "rb", buffering=1 << 20) as fh, open(tmp, "wb", buffering=1 << 20) as out:
                for pgno in range(1, size // P + 1):
                    page = fh.read(P)
                    out.write(codec.encrypt(page, pgno, salt, filler.bytes(codec.reserve, b"page-%d" % pgno)))
        dst_wal = dst.with_name(dst.name + "-wal")
        if wal_src is not None:
            _encrypt_wal(wal_src, dst_wal, codec, salt, filler)
        elif dst_wal.exists():
            dst_wal.unlink()  # a stale WAL next to the new file would be replayed into it
    finally:
        if tmp_plain is not None:
            for p in (tmp_plain, tmp_plain.with_name(tmp_plain.name + "-journal")):
                if p.exists():
                    p.unlink()
