"""The cryptography of encrypted iTunes/Finder backups (iOS 10.2 and later, and older), pure functions.

Written from the format as documented in ``docs/ios_backups.md`` (sources there):

* ``Manifest.plist`` ``BackupKeyBag``: TLV blocks (4-byte tag, 4-byte big-endian length, value);
  4-byte values are big-endian integers. Head tags (``VERS``, ``TYPE``, ``UUID``, ``HMCK``, ``WRAP``,
  ``SALT``, ``ITER``, ``DPWT``, ``DPIC``, ``DPSL``) then one group per class key, each opened by a
  ``UUID`` (``CLAS``, ``WRAP``, ``KTYP``, ``WPKY``, ``PBKY``).
* key derivation: iOS 10.2+ (``DPSL``/``DPIC`` present) ``PBKDF2-HMAC-SHA256(password, DPSL, DPIC)``
  then ``PBKDF2-HMAC-SHA1(that, SALT, ITER)``; older backups only the second round on the password.
  The result (32 bytes) is the backup's *derived key*.
* class keys whose ``WRAP`` has bit 2 are AES key wrapped (RFC 3394) with the derived key; bit 1
  means the device's hardware key (key 0x835) is needed as well, which a backup never holds: those
  are the ``...ThisDeviceOnly`` keychain classes.
* files and ``Manifest.db``: a 4-byte little-endian class then an RFC 3394 wrapped key (40 bytes);
  data AES-256-CBC with a zero IV, PKCS#7 padded.
* keychain items (``keychain-backup.plist`` ``v_Data``): version and class (little-endian u32 each),
  for versions 2 and 3 a wrapped-key length (LE u32) and the wrapped key, then AES-256-GCM
  ciphertext with an *empty* IV (the legacy corecrypto mode: J0 = 0) and a 16-byte tag. Version 2
  plaintext is a binary plist, version 3 a DER set of (key, value) sequences.
"""

from __future__ import annotations

import hashlib
import hmac
import plistlib
import struct
from dataclasses import dataclass, field
from typing import BinaryIO

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

__all__ = [
    "KeybagError",
    "WrongKeyError",
    "Keybag",
    "parse_keybag",
    "derive_key",
    "unlock",
    "unwrap_for_class",
    "CBCDecryptReader",
    "cbc_encrypt",
    "gcm_zero_iv",
    "decrypt_keychain_item",
    "encrypt_keychain_item",
    "PROTECTION_CLASSES",
    "WRAP_DEVICE",
    "WRAP_PASSCODE",
]

WRAP_DEVICE = 1
WRAP_PASSCODE = 2
#: real backups: 10,000,000 (DPIC) and 10,000 (ITER); refuse absurd values from a damaged keybag
MAX_ITERATIONS = 50_000_000
PROTECTION_CLASSES = {
    1: "NSFileProtectionComplete",
    2: "NSFileProtectionCompleteUnlessOpen",
    3: "NSFileProtectionCompleteUntilFirstUserAuthentication",
    4: "NSFileProtectionNone",
    6: "kSecAttrAccessibleWhenUnlocked",
    7: "kSecAttrAccessibleAfterFirstUnlock",
    8: "kSecAttrAccessibleAlways",
    9: "kSecAttrAccessibleWhenUnlockedThisDeviceOnly",
    10: "kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly",
    11: "kSecAttrAccessibleAlwaysThisDeviceOnly",
}
_CLASS_TAGS = {b"CLAS", b"WRAP", b"WPKY", b"KTYP", b"PBKY"}


class KeybagError(ValueError):
    """The keybag (or a wrapped key) is truncated or malformed."""


class WrongKeyError(ValueError):
    """The password or derived key does not unwrap the class keys."""


@dataclass
class Keybag:
    attrs: dict[bytes, object] = field(default_factory=dict)
    #: class number -> {tag: value}
    classes: dict[int, dict[bytes, object]] = field(default_factory=dict)

    @property
    def double_round(self) -> bool:
        """iOS 10.2+: a SHA-256 round (DPSL/DPIC) before the SHA-1 round."""
        return b"DPSL" in self.attrs and b"DPIC" in self.attrs


def _tlv(blob: bytes):
    i = 0
    while i < len(blob):
        if i + 8 > len(blob):
            raise KeybagError(f"keybag truncated at byte {i} (a block header needs 8 bytes)")
        tag, length = blob[i : i + 4], struct.unpack(">I", blob[i + 4 : i + 8])[0]
        if i + 8 + length > len(blob):
            raise KeybagError(f"keybag truncated: block {tag!r} at byte {i} claims {length} bytes")
        if not tag.isalnum():
            raise KeybagError(f"keybag damaged: no tag at byte {i} ({tag!r})")
        yield tag, blob[i + 8 : i + 8 + length]
        i += 8 + length


def parse_keybag(blob: bytes) -> Keybag:
    """Parse a ``BackupKeyBag``; raises :class:`KeybagError` when it cannot be a usable backup keybag."""
    kb = Keybag()
    current: dict | None = None
    for tag, value in _tlv(bytes(blob)):
        val: object = struct.unpack(">I", value)[0] if len(value) == 4 else value
        if tag == b"UUID" and b"UUID" in kb.attrs:  # every later UUID opens a class key
            current = {}
            current[b"UUID"] = value
            kb.classes.setdefault(-len(kb.classes) - 1, current)
        elif tag in _CLASS_TAGS and current is not None:
            current[tag] = val
        else:
            kb.attrs.setdefault(tag, val)
    classes = {}
    for ck in kb.classes.values():
        if not isinstance(ck.get(b"CLAS"), int):
            raise KeybagError("keybag damaged: a class key without its class number")
        classes[ck[b"CLAS"] & 0xF] = ck
    kb.classes = classes
    for tag in (b"SALT", b"ITER"):
        if tag not in kb.attrs:
            raise KeybagError(f"keybag has no {tag.decode()} (not a backup keybag?)")
    for tag in (b"SALT", b"DPSL"):  # PBKDF2 salts: data (Apple writes 20 bytes), never a 4-byte integer
        v = kb.attrs.get(tag)
        if v is not None and not isinstance(v, bytes):
            raise KeybagError(f"keybag {tag.decode()} holds 4 bytes (read as the integer {v}), not a salt")
    for tag in (b"ITER", b"DPIC"):
        v = kb.attrs.get(tag)
        if v is not None and (not isinstance(v, int) or not 1 <= v <= MAX_ITERATIONS):
            raise KeybagError(f"keybag {tag.decode()} iteration count {v!r} is not plausible")
    if not any(b"WPKY" in ck for ck in kb.classes.values()):
        raise KeybagError("keybag holds no wrapped class keys")
    return kb


def derive_key(kb: Keybag, password: str | bytes) -> bytes:
    """The backup's derived key (32 bytes) from its password: the slow part (see ``docs/ios_backups.md``)."""
    pw = password.encode("utf-8") if isinstance(password, str) else bytes(password)
    if kb.double_round:
        pw = hashlib.pbkdf2_hmac("sha256", pw, kb.attrs[b"DPSL"], kb.attrs[b"DPIC"], 32)
    return hashlib.pbkdf2_hmac("sha1", pw, kb.attrs[b"SALT"], kb.attrs[b"ITER"], 32)


def unlock(kb: Keybag, derived: bytes) -> tuple[dict[int, bytes], list[int]]:
    """Unwrap the class keys: ``({class: key}, [classes bound to the device])``.

    Raises :class:`WrongKeyError` when a passcode-wrapped key does not unwrap (RFC 3394 check value).
    """
    keys: dict[int, bytes] = {}
    device_bound: list[int] = []
    for clas, ck in sorted(kb.classes.items()):
        wrapped, wrap = ck.get(b"WPKY"), ck.get(b"WRAP", 0)
        if not isinstance(wrapped, bytes) or not isinstance(wrap, int):
            continue
        if not wrap & WRAP_PASSCODE:
            continue
        try:
            key = aes_key_unwrap(derived, wrapped)
        except InvalidUnwrap:
            raise WrongKeyError("the class keys do not unwrap with this key") from None
        except ValueError as exc:
            raise KeybagError(f"class key {clas} is malformed ({exc})") from None
        if wrap & WRAP_DEVICE:
            device_bound.append(clas)
        else:
            keys[clas] = key
    if not keys and not device_bound:
        raise KeybagError("keybag holds no passcode-wrapped class keys")
    return keys, device_bound


def unwrap_for_class(class_keys: dict[int, bytes], clas: int, wrapped: bytes) -> bytes:
    """A file's or item's own key from its class and wrapped key (KeybagError when it cannot be)."""
    key = class_keys.get(clas & 0xF)
    if key is None:
        raise KeybagError(f"no key for protection class {clas} ({PROTECTION_CLASSES.get(clas & 0xF, 'unknown')})")
    try:
        return aes_key_unwrap(key, bytes(wrapped))
    except (InvalidUnwrap, ValueError) as exc:
        raise KeybagError(f"wrapped key of class {clas} does not unwrap ({type(exc).__name__})") from None


class CBCDecryptReader:
    """A read-only stream of the plaintext of an AES-256-CBC (zero IV), PKCS#7 padded file.

    ``size``: the plaintext size the manifest states; the output is cut to it (``None``: padding
    alone decides). After the end, :attr:`stored_sha1` and :attr:`plain_sha1` are the SHA-1 of the
    stored (encrypted) and of the delivered bytes,
    :attr:`padded_size` the decrypted size before the cut and :attr:`problem` what did not agree.
    """

    CHUNK = 1 << 20

    def __init__(self, raw: BinaryIO, key: bytes, size: int | None = None, on_end=None):
        self._raw = raw
        self._dec = Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16)).decryptor()
        self._size = size
        self._held = b""  # the last decrypted block: it may be padding
        self._out = b""
        self._done = False
        self._sha1 = hashlib.sha1()
        self._plain_sha1 = hashlib.sha1()
        self._given = 0
        self._on_end = on_end
        self.stored_size = 0
        self.padded_size = 0
        self.problem: str | None = None

    @property
    def stored_sha1(self) -> str:
        return self._sha1.hexdigest()

    @property
    def plain_sha1(self) -> str:
        return self._plain_sha1.hexdigest()

    def _fill(self) -> None:
        data = self._raw.read(self.CHUNK)
        if data:
            self._sha1.update(data)
            self.stored_size += len(data)
            plain = self._held + self._dec.update(data)
            self._held, plain = plain[-16:], plain[:-16]
            self._emit(plain)
            return
        self._done = True
        try:
            tail = self._held + self._dec.finalize()
        except ValueError:  # a partial last block: nothing of it can be decrypted
            tail = self._held
            self.problem = f"stored size {self.stored_size} is not a multiple of the AES block (file cut short?)"
        if tail and not self.problem:
            pad = tail[-1]
            if 1 <= pad <= 16 and tail.endswith(bytes([pad]) * pad):
                tail = tail[:-pad]
            else:
                self.problem = "no valid PKCS#7 padding at the end (wrong key or damaged file)"
        self._emit(tail)
        if self._size is not None and self.padded_size < self._size:
            self.problem = self.problem or f"decrypted {self.padded_size} bytes, Manifest.db states {self._size}"
        elif self._size is not None and self.padded_size - self._size >= 16:
            self.problem = self.problem or f"decrypted {self.padded_size} bytes, Manifest.db states {self._size}"
        if self._on_end is not None:
            self._on_end(self)

    def _emit(self, plain: bytes) -> None:
        self.padded_size += len(plain)
        if self._size is not None:
            plain = plain[: max(0, self._size - self._given)]
        self._given += len(plain)
        self._plain_sha1.update(plain)
        self._out += plain

    def read(self, n: int = -1) -> bytes:
        while not self._done and (n < 0 or len(self._out) < n):
            self._fill()
        if n < 0:
            n = len(self._out)
        data, self._out = self._out[:n], self._out[n:]
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def cbc_encrypt(key: bytes, data: bytes) -> bytes:
    """AES-256-CBC, zero IV, PKCS#7 padding (what a backup stores; for the test encoder)."""
    pad = 16 - len(data) % 16
    enc = Cipher(algorithms.AES(key), modes.CBC(b"\x00" * 16)).encryptor()
    return enc.update(data + bytes([pad]) * pad) + enc.finalize()


# -- keychain items --------------------------------------------------------------------------
def _gf_mult(x: int, y: int) -> int:
    r = 0xE1 << 120
    z = 0
    for i in range(127, -1, -1):
        if (y >> i) & 1:
            z ^= x
        x = (x >> 1) ^ r if x & 1 else x >> 1
    return z


def _ghash(h: int, data: bytes) -> int:
    y = 0
    for i in range(0, len(data), 16):
        block = data[i : i + 16].ljust(16, b"\x00")
        y = _gf_mult(y ^ int.from_bytes(block, "big"), h)
    return y


def gcm_zero_iv(key: bytes, data: bytes, tag: bytes | None = None) -> tuple[bytes, bytes]:
    """AES-GCM with an empty IV and no AAD (J0 = 0): ``(output, tag)``.

    Encrypts when ``tag`` is None; otherwise decrypts and raises :class:`WrongKeyError` when the tag
    does not match. ``cryptography``'s GCM refuses IVs under 8 bytes, so the mode is built from CTR
    and GHASH (keychain items are small).
    """
    ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    h = int.from_bytes(ecb.update(b"\x00" * 16), "big")
    ek_j0 = ecb.update(b"\x00" * 16)  # E(K, J0), J0 = 0
    ctr = Cipher(algorithms.AES(key), modes.CTR(b"\x00" * 15 + b"\x01")).encryptor()
    out = ctr.update(data) + ctr.finalize()
    ciphertext = data if tag is not None else out
    pad = (-len(ciphertext)) % 16
    s = _ghash(h, ciphertext + b"\x00" * pad + struct.pack(">QQ", 0, len(ciphertext) * 8))
    computed = (s ^ int.from_bytes(ek_j0, "big")).to_bytes(16, "big")
    if tag is not None and not hmac.compare_digest(computed[: len(tag)], tag):
        raise WrongKeyError("keychain item tag does not match")
    return out, computed


def _der(data: bytes, i: int = 0):
    """One DER element at ``i``: ``(tag, value, next index)``."""
    if i + 2 > len(data):
        raise KeybagError("DER truncated")
    tag, ln = data[i], data[i + 1]
    i += 2
    if ln & 0x80:
        n = ln & 0x7F
        ln = int.from_bytes(data[i : i + n], "big")
        i += n
    if i + ln > len(data):
        raise KeybagError("DER truncated")
    return tag, data[i : i + ln], i + ln


def _der_value(tag: int, value: bytes):
    if tag == 0x0C:  # UTF8String
        return value.decode("utf-8", "replace")
    if tag == 0x02:  # INTEGER
        return int.from_bytes(value, "big", signed=True)
    if tag == 0x01:  # BOOLEAN
        return value != b"\x00"
    if tag == 0x18:  # GeneralizedTime
        return value.decode("ascii", "replace")
    return bytes(value)  # OCTET STRING and anything else: the bytes


def _der_attributes(der: bytes) -> dict:
    tag, body, _ = _der(der)
    if tag != 0x31:
        raise KeybagError("keychain item is not a DER set")
    attrs, i = {}, 0
    while i < len(body):
        stag, seq, i = _der(body, i)
        ktag, kval, j = _der(seq)
        vtag, vval, _ = _der(seq, j)
        attrs[_der_value(ktag, kval)] = _der_value(vtag, vval)
    return attrs


def decrypt_keychain_item(class_keys: dict[int, bytes], blob: bytes) -> tuple[int, dict]:
    """``(class, attributes)`` of one ``v_Data`` blob; the secret is ``attributes["v_Data"]``.

    Raises :class:`KeybagError` when its class key is not available (device-bound) or the blob is
    not a version 2/3 item, :class:`WrongKeyError` when its tag does not verify.
    """
    blob = bytes(blob)
    if len(blob) < 12 + 40 + 16:
        raise KeybagError("keychain item too short")
    version, clas = struct.unpack("<II", blob[:8])
    clas &= 0xF
    if version not in (2, 3):
        raise KeybagError(f"keychain item version {version} is not supported")
    ln = struct.unpack("<I", blob[8:12])[0]
    if 12 + ln + 16 > len(blob):
        raise KeybagError("keychain item truncated")
    key = unwrap_for_class(class_keys, clas, blob[12 : 12 + ln])
    plain, _ = gcm_zero_iv(key, blob[12 + ln : -16], blob[-16:])
    if version == 2:
        try:
            return clas, dict(plistlib.loads(plain))
        except Exception as exc:  # plistlib raises several types on garbage
            raise KeybagError(f"keychain item is not a property list ({exc})") from None
    return clas, _der_attributes(plain)


def _der_encode(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        return bytes([tag, n]) + value
    ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(ln)]) + ln + value


def encrypt_keychain_item(class_key: bytes, clas: int, attrs: dict, item_key: bytes) -> bytes:
    """A version 3 ``v_Data`` blob (for the test encoder): str values as UTF8String, bytes as OCTET STRING."""
    body = b""
    for k, v in attrs.items():
        val = _der_encode(0x0C, v.encode("utf-8")) if isinstance(v, str) else _der_encode(0x04, bytes(v))
        body += _der_encode(0x30, _der_encode(0x0C, k.encode("utf-8")) + val)
    ciphertext, tag = gcm_zero_iv(item_key, _der_encode(0x31, body))
    wrapped = aes_key_wrap(class_key, item_key)
    return struct.pack("<III", 3, clas, len(wrapped)) + wrapped + ciphertext + tag
