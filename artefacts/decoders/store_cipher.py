"""The matrix-rust-sdk ``StoreCipher``: how Element X encrypts the values of its SQLite stores.

Facts from matrix-org/matrix-rust-sdk ``crates/matrix-sdk-store-encryption/src/lib.rs`` (@ 0630c1f2):

* A store cipher is two random 32-byte keys: ``encryption_key`` (XChaCha20-Poly1305 for values)
  and ``mac_key_seed`` (keyed BLAKE3 for table keys).
* It is kept in the store's own ``kv`` table under the key ``cipher`` (``get_or_create_store_cipher``,
  ``crates/matrix-sdk-sqlite/src/utils.rs``) as ``rmp_serde::to_vec_named(EncryptedStoreCipher)``:
  ``{"kdf_info": {"Pbkdf2ToChaCha20Poly1305": {"rounds": u32, "kdf_salt": [32 bytes]}},
  "ciphertext_info": {"ChaCha20Poly1305": {"nonce": [24 bytes], "ciphertext": [bytes]}}}``
  (an older export is the same structure as JSON; ``import`` tries MessagePack first). The
  passphrase is expanded with PBKDF2-HMAC-SHA256 (``KDF_ROUNDS`` 200 000, 32-byte salt) into the
  key that XChaCha20-Poly1305-decrypts the 64 bytes ``encryption_key || mac_key_seed``.
  ``kdf_info`` ``HkdfSha256``/``None`` mean a store opened with a raw 32-byte key instead of a
  passphrase (``export_with_key``); such an export is refused with that reason (not supported here).
* A value is ``encode_value`` (``utils.rs``): ``rmp_serde::to_vec_named(EncryptedValue)`` =
  ``{"version": 1, "ciphertext": bin (serde_bytes), "nonce": [24 bytes]}``, XChaCha20-Poly1305 of
  the plaintext with ``encryption_key``, no associated data.
* A key is ``encode_key(table, key)`` = ``hash_key``: ``blake3::keyed_hash(derive_key(table,
  mac_key_seed), key)`` (32 bytes); without a cipher the key is stored as is.

XChaCha20 = HChaCha20 subkey (draft-irtf-cfrg-xchacha-03 section 2.2, with its test vector in the
tests) + the IETF ChaCha20-Poly1305 of ``cryptography`` with nonce ``0000 || nonce[16:24]``.
BLAKE3 and the small MessagePack subset are implemented here (no extra dependency); the tests
cross-check them with the ``blake3`` and ``msgpack`` packages when those are installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

VERSION = 1
KDF_ROUNDS = 200_000
#: more PBKDF2 rounds than this (5 times the SDK's) is taken as a damaged export, not hours of hashing
MAX_KDF_ROUNDS = 1_000_000
KDF_SALT_SIZE = 32
XNONCE_SIZE = 24


class StoreCipherError(ValueError):
    """The store cipher or a value cannot be decoded (damaged, unknown format)."""


class WrongPassphrase(StoreCipherError):
    """The passphrase does not decrypt the store cipher (authentication failed)."""


# -- ChaCha20 / HChaCha20 / XChaCha20-Poly1305 -------------------------------------------------

_M32 = 0xFFFFFFFF


def _rotl(v: int, c: int) -> int:
    return ((v << c) & _M32) | (v >> (32 - c))


def _quarter(s: list, a: int, b: int, c: int, d: int) -> None:
    s[a] = (s[a] + s[b]) & _M32
    s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & _M32
    s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & _M32
    s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & _M32
    s[b] = _rotl(s[b] ^ s[c], 7)


def hchacha20(key: bytes, nonce16: bytes) -> bytes:
    """HChaCha20 (draft-irtf-cfrg-xchacha section 2.2): a 32-byte subkey from a key and 16 nonce bytes."""
    if len(key) != 32 or len(nonce16) != 16:
        raise ValueError("HChaCha20 takes a 32-byte key and a 16-byte nonce")
    s = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, *struct.unpack("<8I", key), *struct.unpack("<4I", nonce16)]
    for _ in range(10):
        _quarter(s, 0, 4, 8, 12)
        _quarter(s, 1, 5, 9, 13)
        _quarter(s, 2, 6, 10, 14)
        _quarter(s, 3, 7, 11, 15)
        _quarter(s, 0, 5, 10, 15)
        _quarter(s, 1, 6, 11, 12)
        _quarter(s, 2, 7, 8, 13)
        _quarter(s, 3, 4, 9, 14)
    return struct.pack("<8I", *s[0:4], *s[12:16])


def _xaead(key: bytes, nonce: bytes) -> tuple[ChaCha20Poly1305, bytes]:
    if len(nonce) != XNONCE_SIZE:
        raise StoreCipherError(f"nonce of {len(nonce)} bytes, expected {XNONCE_SIZE}")
    return ChaCha20Poly1305(hchacha20(key, nonce[:16])), b"\x00" * 4 + nonce[16:]


def xchacha20poly1305_decrypt(key: bytes, nonce: bytes, ciphertext: bytes, aad: bytes | None = None) -> bytes:
    """Decrypt and authenticate; :class:`cryptography.exceptions.InvalidTag` when the key is wrong."""
    aead, n = _xaead(key, nonce)
    return aead.decrypt(n, ciphertext, aad)


def xchacha20poly1305_encrypt(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes | None = None) -> bytes:
    aead, n = _xaead(key, nonce)
    return aead.encrypt(n, plaintext, aad)


# -- BLAKE3 (keyed_hash, derive_key) --------------------------------------------------------

_IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
_PERM = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
CHUNK_START, CHUNK_END, PARENT, ROOT, KEYED_HASH, DERIVE_KEY_CONTEXT, DERIVE_KEY_MATERIAL = 1, 2, 4, 8, 16, 32, 64
_BLOCK, _CHUNK = 64, 1024


def _g(s: list, a: int, b: int, c: int, d: int, x: int, y: int) -> None:
    s[a] = (s[a] + s[b] + x) & _M32
    s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & _M32
    s[b] = _rotl(s[b] ^ s[c], 20)
    s[a] = (s[a] + s[b] + y) & _M32
    s[d] = _rotl(s[d] ^ s[a], 24)
    s[c] = (s[c] + s[d]) & _M32
    s[b] = _rotl(s[b] ^ s[c], 25)


def _compress(cv, block: bytes, counter: int, block_len: int, flags: int) -> list:
    m = list(struct.unpack("<16I", block.ljust(_BLOCK, b"\x00")))
    s = [*cv, *_IV[:4], counter & _M32, (counter >> 32) & _M32, block_len, flags]
    for r in range(7):
        _g(s, 0, 4, 8, 12, m[0], m[1])
        _g(s, 1, 5, 9, 13, m[2], m[3])
        _g(s, 2, 6, 10, 14, m[4], m[5])
        _g(s, 3, 7, 11, 15, m[6], m[7])
        _g(s, 0, 5, 10, 15, m[8], m[9])
        _g(s, 1, 6, 11, 12, m[10], m[11])
        _g(s, 2, 7, 8, 13, m[12], m[13])
        _g(s, 3, 4, 9, 14, m[14], m[15])
        if r < 6:
            m = [m[i] for i in _PERM]
    for i in range(8):
        s[i] ^= s[i + 8]
        s[i + 8] ^= cv[i]
    return s


def _chunk_output(key, chunk: bytes, counter: int, flags: int):
    """(chaining value input, last block, its length, flags) of one chunk, before its last compression."""
    cv = list(key)
    blocks = [chunk[i:i + _BLOCK] for i in range(0, len(chunk), _BLOCK)] or [b""]
    for i, block in enumerate(blocks[:-1]):
        cv = _compress(cv, block, counter, _BLOCK, flags | (CHUNK_START if i == 0 else 0))[:8]
    last = blocks[-1]
    return cv, last, counter, len(last), flags | (CHUNK_START if len(blocks) == 1 else 0) | CHUNK_END


def _blake3(data: bytes, key, flags: int, out_len: int = 32) -> bytes:
    chunks = [data[i:i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [b""]
    outputs = [_chunk_output(key, c, n, flags) for n, c in enumerate(chunks)]
    # reduce the tree: a left subtree is always the largest power-of-two number of chunks
    def node(lo: int, hi: int):
        if hi - lo == 1:
            return outputs[lo]
        left = 1 << ((hi - lo - 1).bit_length() - 1)
        lcv, rcv = cv_of(node(lo, lo + left)), cv_of(node(lo + left, hi))
        return list(key), struct.pack("<16I", *lcv, *rcv), 0, _BLOCK, flags | PARENT

    def cv_of(out):
        return _compress(out[0], out[1], out[2], out[3], out[4])[:8]

    cv, block, _counter, blen, fl = node(0, len(outputs))
    result = b""
    counter = 0
    while len(result) < out_len:
        result += struct.pack("<16I", *_compress(cv, block, counter, blen, fl | ROOT))
        counter += 1
    return result[:out_len]


def blake3_hash(data: bytes) -> bytes:
    return _blake3(data, _IV, 0)


def blake3_keyed_hash(key: bytes, data: bytes) -> bytes:
    return _blake3(data, struct.unpack("<8I", key), KEYED_HASH)


def blake3_derive_key(context: str, material: bytes) -> bytes:
    ctx_key = _blake3(context.encode("utf-8"), _IV, DERIVE_KEY_CONTEXT)
    return _blake3(material, struct.unpack("<8I", ctx_key), DERIVE_KEY_MATERIAL)


# -- MessagePack (the subset rmp_serde writes for these structures) ---------------------------

def mp_unpack(data: bytes):
    """Decode one MessagePack value that fills ``data``; :class:`StoreCipherError` otherwise."""
    try:
        value, end = _mp(data, 0)
    except (IndexError, struct.error, UnicodeDecodeError, RecursionError, TypeError) as exc:
        # TypeError: a map key that is a list or map (unhashable)
        raise StoreCipherError(f"not MessagePack: {type(exc).__name__}") from None
    if end != len(data):
        raise StoreCipherError(f"not MessagePack: {len(data) - end} bytes after the value")
    return value


def _mp(b: bytes, i: int):
    t = b[i]
    i += 1
    if t <= 0x7F:
        return t, i
    if t >= 0xE0:
        return t - 0x100, i
    if 0x80 <= t <= 0x8F:
        return _mp_map(b, i, t & 0x0F)
    if 0x90 <= t <= 0x9F:
        return _mp_arr(b, i, t & 0x0F)
    if 0xA0 <= t <= 0xBF:
        n = t & 0x1F
        return b[i:i + n].decode("utf-8"), i + n
    simple = {0xC0: None, 0xC2: False, 0xC3: True}
    if t in simple:
        return simple[t], i
    fixed = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h", 0xD2: ">i", 0xD3: ">q",
             0xCA: ">f", 0xCB: ">d"}
    if t in fixed:
        fmt = fixed[t]
        n = struct.calcsize(fmt)
        return struct.unpack_from(fmt, b, i)[0], i + n
    sized = {0xC4: (">B", bytes), 0xC5: (">H", bytes), 0xC6: (">I", bytes), 0xD9: (">B", str), 0xDA: (">H", str),
             0xDB: (">I", str), 0xDC: (">H", list), 0xDD: (">I", list), 0xDE: (">H", dict), 0xDF: (">I", dict)}
    if t in sized:
        fmt, kind = sized[t]
        n = struct.unpack_from(fmt, b, i)[0]
        i += struct.calcsize(fmt)
        if kind is list:
            return _mp_arr(b, i, n)
        if kind is dict:
            return _mp_map(b, i, n)
        if i + n > len(b):
            raise IndexError("truncated")
        raw = b[i:i + n]
        return (raw.decode("utf-8") if kind is str else bytes(raw)), i + n
    raise StoreCipherError(f"MessagePack type 0x{t:02x} not expected here")


def _mp_arr(b, i, n):
    out = []
    for _ in range(n):
        v, i = _mp(b, i)
        out.append(v)
    return out, i


def _mp_map(b, i, n):
    out = {}
    for _ in range(n):
        k, i = _mp(b, i)
        v, i = _mp(b, i)
        out[k] = v
    return out, i


def mp_pack(v) -> bytes:
    """MessagePack as rmp_serde writes it (smallest int form; ``bytes`` as bin)."""
    if v is None:
        return b"\xc0"
    if v is True or v is False:
        return b"\xc3" if v else b"\xc2"
    if isinstance(v, int):
        if 0 <= v <= 0x7F:
            return bytes([v])
        if -32 <= v < 0:
            return struct.pack(">b", v)
        for lo, hi, code, fmt in ((0, 0xFF, 0xCC, ">B"), (0, 0xFFFF, 0xCD, ">H"), (0, _M32, 0xCE, ">I"),
                                  (0, 2**64 - 1, 0xCF, ">Q"), (-128, 127, 0xD0, ">b"), (-2**15, 2**15 - 1, 0xD1, ">h"),
                                  (-2**31, 2**31 - 1, 0xD2, ">i"), (-2**63, 2**63 - 1, 0xD3, ">q")):
            if lo <= v <= hi:
                return bytes([code]) + struct.pack(fmt, v)
        raise ValueError("integer out of MessagePack range")
    if isinstance(v, str):
        raw = v.encode("utf-8")
        n = len(raw)
        head = bytes([0xA0 | n]) if n < 32 else (b"\xd9" + struct.pack(">B", n) if n < 256 else
                                                  b"\xda" + struct.pack(">H", n) if n < 65536 else b"\xdb" + struct.pack(">I", n))
        return head + raw
    if isinstance(v, (bytes, bytearray)):
        n = len(v)
        head = b"\xc4" + struct.pack(">B", n) if n < 256 else (b"\xc5" + struct.pack(">H", n) if n < 65536 else
                                                               b"\xc6" + struct.pack(">I", n))
        return head + bytes(v)
    if isinstance(v, (list, tuple)):
        n = len(v)
        head = bytes([0x90 | n]) if n < 16 else (b"\xdc" + struct.pack(">H", n) if n < 65536 else b"\xdd" + struct.pack(">I", n))
        return head + b"".join(mp_pack(x) for x in v)
    if isinstance(v, dict):
        n = len(v)
        head = bytes([0x80 | n]) if n < 16 else (b"\xde" + struct.pack(">H", n) if n < 65536 else b"\xdf" + struct.pack(">I", n))
        return head + b"".join(mp_pack(k) + mp_pack(x) for k, x in v.items())
    raise TypeError(f"cannot pack {type(v).__name__}")


def _as_bytes(v, what: str, size: int | None = None) -> bytes:
    if isinstance(v, (bytes, bytearray)):
        out = bytes(v)
    elif isinstance(v, list) and all(isinstance(x, int) and 0 <= x <= 255 for x in v):
        out = bytes(v)
    else:
        raise StoreCipherError(f"{what} is not a byte string")
    if size is not None and len(out) != size:
        raise StoreCipherError(f"{what} has {len(out)} bytes, expected {size}")
    return out


# -- the cipher ----------------------------------------------------------------------------------

class StoreCipher:
    """An imported store cipher: decrypts values and hashes table keys."""

    def __init__(self, encryption_key: bytes, mac_key_seed: bytes):
        self.encryption_key = encryption_key
        self.mac_key_seed = mac_key_seed
        self._table_keys: dict[str, bytes] = {}

    # import ------------------------------------------------------------------------------
    @staticmethod
    def parse_export(export: bytes) -> dict:
        """The ``EncryptedStoreCipher`` structure of a ``kv`` ``cipher`` value (MessagePack, else JSON)."""
        try:
            value = mp_unpack(export)
        except StoreCipherError:
            try:
                value = json.loads(export)
            except (ValueError, UnicodeDecodeError):
                raise StoreCipherError("the stored cipher is neither MessagePack nor JSON") from None
        if not isinstance(value, dict) or "kdf_info" not in value or "ciphertext_info" not in value \
                or not isinstance(value["kdf_info"], (dict, str)):
            raise StoreCipherError("the stored cipher has no kdf_info/ciphertext_info")
        return value

    @classmethod
    def import_passphrase(cls, passphrase: str, export: bytes) -> "StoreCipher":
        value = cls.parse_export(export)
        kdf = value["kdf_info"]
        if isinstance(kdf, dict) and "Pbkdf2ToChaCha20Poly1305" in kdf:
            info = kdf["Pbkdf2ToChaCha20Poly1305"]
            try:
                rounds = info["rounds"]
                salt = _as_bytes(info["kdf_salt"], "kdf_salt", KDF_SALT_SIZE)
            except (KeyError, TypeError) as exc:
                raise StoreCipherError(f"kdf_info is damaged: {type(exc).__name__} {exc}") from None
            if type(rounds) is not int or not 1 <= rounds <= MAX_KDF_ROUNDS:
                raise StoreCipherError(f"kdf_info is damaged: {rounds!r} PBKDF2 rounds")
            key = hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, rounds, 32)
        elif kdf in ("HkdfSha256", "None") or (isinstance(kdf, dict) and set(kdf) <= {"HkdfSha256", "None"} and kdf):
            name = kdf if isinstance(kdf, str) else next(iter(kdf))
            raise StoreCipherError(f"the store cipher was exported with a raw key (kdf_info {name}), not a passphrase")
        else:
            raise StoreCipherError("unknown kdf_info of the store cipher")
        return cls._import(key, value)

    @classmethod
    def _import(cls, key: bytes, value: dict) -> "StoreCipher":
        info = value["ciphertext_info"]
        if not isinstance(info, dict) or not isinstance(info.get("ChaCha20Poly1305"), dict):
            raise StoreCipherError("unknown ciphertext_info of the store cipher")
        try:
            nonce = _as_bytes(info["ChaCha20Poly1305"]["nonce"], "nonce", XNONCE_SIZE)
            ct = _as_bytes(info["ChaCha20Poly1305"]["ciphertext"], "ciphertext")
        except (KeyError, TypeError) as exc:
            raise StoreCipherError(f"ciphertext_info is damaged: {exc}") from None
        try:
            keys = xchacha20poly1305_decrypt(key, nonce, ct)
        except InvalidTag:
            raise WrongPassphrase("wrong passphrase: the store cipher does not authenticate with it") from None
        if len(keys) != 64:
            raise StoreCipherError(f"the store cipher holds {len(keys)} bytes, expected 64")
        return cls(keys[:32], keys[32:])

    # use ---------------------------------------------------------------------------------
    def decrypt_value(self, stored: bytes) -> bytes:
        """A stored value (``encode_value``) -> its plaintext bytes."""
        value = mp_unpack(bytes(stored))
        if not isinstance(value, dict):
            raise StoreCipherError("the value is not an EncryptedValue")
        if value.get("version") != VERSION:
            raise StoreCipherError(f"unsupported ciphertext version {value.get('version')!r}, expected {VERSION}")
        nonce = _as_bytes(value.get("nonce"), "nonce", XNONCE_SIZE)
        ct = _as_bytes(value.get("ciphertext"), "ciphertext")
        try:
            return xchacha20poly1305_decrypt(self.encryption_key, nonce, ct)
        except InvalidTag:
            raise StoreCipherError("the value does not authenticate (damaged)") from None

    def hash_key(self, table: str, key: bytes | str) -> bytes:
        if isinstance(key, str):
            key = key.encode("utf-8")
        mac = self._table_keys.get(table)
        if mac is None:
            mac = self._table_keys[table] = blake3_derive_key(table, self.mac_key_seed)
        return blake3_keyed_hash(mac, key)

    # the writing side (synthetic stores) ----------------------------------------------------
    def encrypt_value(self, plaintext: bytes, nonce: bytes | None = None) -> bytes:
        nonce = nonce or os.urandom(XNONCE_SIZE)
        ct = xchacha20poly1305_encrypt(self.encryption_key, nonce, plaintext)
        return mp_pack({"version": VERSION, "ciphertext": ct, "nonce": list(nonce)})

    def export(self, passphrase: str, *, salt: bytes, nonce: bytes, rounds: int = KDF_ROUNDS) -> bytes:
        key = hashlib.pbkdf2_hmac("sha256", passphrase.encode("utf-8"), salt, rounds, 32)
        ct = xchacha20poly1305_encrypt(key, nonce, self.encryption_key + self.mac_key_seed)
        return mp_pack({"kdf_info": {"Pbkdf2ToChaCha20Poly1305": {"rounds": rounds, "kdf_salt": list(salt)}},
                        "ciphertext_info": {"ChaCha20Poly1305": {"nonce": list(nonce), "ciphertext": list(ct)}}})


# -- a whole store file (``artefacts decrypt``) -------------------------------------------------

def read_store_kv(path) -> dict | None:
    """The ``kv`` table of a plain SQLite file (read-only), or None when it has none."""
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return {r[0]: r[1] for r in con.execute("SELECT key, value FROM kv")}
    except sqlite3.Error:
        return None
    finally:
        con.close()


def is_encrypted_store(path) -> bool:
    """A plain SQLite file with a ``kv`` table holding a ``cipher`` entry: a matrix-rust-sdk store with a cipher."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
    except OSError:
        return False
    kv = read_store_kv(path)
    return kv is not None and "cipher" in kv


def decrypt_store_file(src, passphrase: str, out) -> dict:
    """Write a copy of the store ``src`` whose encrypted values are replaced by their plaintext.

    Every non-key column value that is an ``EncryptedValue`` authenticating with the store cipher is
    decrypted; anything else (the keyed BLAKE3 hashes of keys, plain values, a damaged value) is kept
    as stored and counted. The ``kv`` ``cipher`` entry is removed from the copy. Keys stay hashed (a
    one-way transformation). Raises :class:`WrongPassphrase` or :class:`StoreCipherError`.
    """
    import sqlite3
    from pathlib import Path

    from ..atomic import atomic_output

    kv = read_store_kv(src)
    if kv is None or "cipher" not in kv:
        raise StoreCipherError("not a matrix-rust-sdk store with a store cipher (no kv 'cipher')")
    cipher = StoreCipher.import_passphrase(passphrase, bytes(kv["cipher"]))
    counts = {"values_decrypted": 0, "values_damaged": 0}

    def plain(value):
        if not isinstance(value, bytes) or len(value) < 40 or value[:1] not in (b"\x83", b"\xde"):
            return value  # not a MessagePack map of three fields: not an EncryptedValue
        try:
            decoded = mp_unpack(value)
        except StoreCipherError:
            return value
        if not (isinstance(decoded, dict) and set(decoded) == {"version", "ciphertext", "nonce"}):
            return value
        try:
            out_value = cipher.decrypt_value(value)
        except StoreCipherError:
            counts["values_damaged"] += 1
            return value
        counts["values_decrypted"] += 1
        return out_value

    src_con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        with atomic_output(out) as part:
            dst = sqlite3.connect(part)
            try:
                src_con.backup(dst)
                dst.create_function("store_plain", 1, plain, deterministic=True)
                tables = [r[0] for r in dst.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                    "AND name NOT LIKE 'sqlite_%'")]
                for table in tables:
                    cols = [r[1] for r in dst.execute(f'PRAGMA table_info("{table}")') if not r[5]]
                    if table == "kv":
                        dst.execute("DELETE FROM kv WHERE key = 'cipher'")
                    if cols:
                        sets = ", ".join(f'"{c}" = store_plain("{c}")' for c in cols)
                        dst.execute(f'UPDATE "{table}" SET {sets}')
                dst.commit()
            finally:
                dst.close()
            data = Path(part).read_bytes()
    finally:
        src_con.close()
    return {"format": "matrix-sdk-store", "plaintext_sha256": hashlib.sha256(data).hexdigest(),
            "plaintext_size": len(data), **counts,
            "note": "values decrypted; keys stay keyed BLAKE3 hashes; kv 'cipher' removed"}
