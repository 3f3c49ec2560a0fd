"""Electrum wallet files: plain JSON (with appended JSON patches) and password-encrypted storage.

Facts, from spesmilo/electrum:

* ``electrum/storage.py`` (``WalletStorage``): the file is text. Encrypted storage is base64 of
  ``magic || ephemeral public key (33 bytes, compressed) || ciphertext || HMAC (32 bytes)``; the magic
  ``BIE1`` marks a user password (``StorageEncryptionVersion.USER_PASSWORD``), ``BIE2`` a key derived
  from a hardware device's xpub (``XPUB_PASSWORD``); anything else is plaintext. The password's
  private key is ``ECPrivkey.from_arbitrary_size_secret(pbkdf2_hmac('sha512', password.encode('utf-8'),
  b'', iterations=1024))``, and the plaintext is ``zlib.decompress`` of what ``decrypt_message`` gives.
* ``electrum/ecc.py`` (``normalize_secret_bytes``): the secret is the 64-byte PBKDF2 output read as a
  big-endian number modulo the curve order (zero is invalid).
* ``electrum/crypto.py`` (``ecies_decrypt_message``): at least 85 bytes after base64; ECDH point =
  ephemeral public key times the private scalar, compressed; ``key = sha512(point)``,
  ``iv, key_e, key_m = key[0:16], key[16:32], key[32:]``; the HMAC-SHA256 with ``key_m`` over
  everything before the MAC must match, else ``InvalidPassword``; then AES-128-CBC (PKCS#7) with
  ``key_e`` and ``iv``.
* ``electrum/json_db.py`` (``JsonDB.load_data``, ``_append_pending_changes``): a plain file is one JSON
  object, optionally followed by ``",\\n" + patch`` for every change written since (RFC 6902 JSON
  patches, applied with ``jsonpatch``), read as ``json.loads('[' + s + ']')``.

The EC arithmetic is ``coincurve`` (libsecp256k1), the patches ``jsonpatch``; nothing else is
hand-written but the framing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import zlib

MAGIC_PASSWORD = b"BIE1"
MAGIC_HW = b"BIE2"
PBKDF2_ITERATIONS = 1024
CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
MIN_CIPHERTEXT = 85


class ElectrumFileError(ValueError):
    """The file is not an Electrum wallet, or it is damaged."""


class WrongPasswordError(ElectrumFileError):
    """The MAC does not match: not this wallet's password."""


def encryption_magic(text: str) -> bytes | None:
    """``BIE1`` / ``BIE2`` for encrypted storage, None for a plaintext file (``_init_encryption_version``)."""
    try:
        magic = base64.b64decode(text[:8])[:4]
    except (binascii.Error, ValueError):
        return None
    return magic if magic in (MAGIC_PASSWORD, MAGIC_HW) else None


def password_secret(password: str) -> bytes:
    """The 32-byte private key of a storage password (``get_eckey_from_password``)."""
    secret = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), b"", iterations=PBKDF2_ITERATIONS)
    scalar = int.from_bytes(secret, "big") % CURVE_ORDER
    if scalar == 0:
        raise ElectrumFileError("invalid EC private key scalar: zero")
    return scalar.to_bytes(32, "big")


def _keys(point: bytes) -> tuple[bytes, bytes, bytes]:
    key = hashlib.sha512(point).digest()
    return key[0:16], key[16:32], key[32:]


def decrypt_storage(text: str, password: str, magic: bytes = MAGIC_PASSWORD) -> str:
    """The wallet JSON text of encrypted storage; :class:`WrongPasswordError` when the MAC does not match."""
    import coincurve
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        data = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ElectrumFileError(f"the encrypted storage is not valid base64 ({exc})") from None
    if len(data) < MIN_CIPHERTEXT:
        raise ElectrumFileError(f"the encrypted storage is too short ({len(data)} bytes)")
    if data[:4] != magic:
        raise ElectrumFileError(f"the encrypted storage has magic {data[:4]!r}, not {magic!r}")
    try:
        ephemeral = coincurve.PublicKey(data[4:37])
    except ValueError:
        raise ElectrumFileError("the encrypted storage's ephemeral public key is not a valid point") from None
    point = ephemeral.multiply(password_secret(password)).format(compressed=True)
    iv, key_e, key_m = _keys(point)
    if not hmac.compare_digest(data[-32:], hmac.new(key_m, data[:-32], hashlib.sha256).digest()):
        raise WrongPasswordError("wrong password (the storage's MAC does not match)")
    ciphertext = data[37:-32]
    if len(ciphertext) % 16:
        raise ElectrumFileError("the encrypted storage's ciphertext is not a whole number of AES blocks")
    dec = Cipher(algorithms.AES(key_e), modes.CBC(iv)).decryptor()
    padded = dec.update(ciphertext) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        compressed = unpadder.update(padded) + unpadder.finalize()
        return zlib.decompress(compressed).decode("utf-8")
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise ElectrumFileError(f"the decrypted storage is damaged ({exc})") from None


def encrypt_storage(plaintext: str, password: str, ephemeral_secret: bytes, magic: bytes = MAGIC_PASSWORD) -> str:
    """Electrum's ``encrypt_before_writing`` with a given ephemeral key (for making samples)."""
    import coincurve
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    public = coincurve.PublicKey.from_secret(password_secret(password))
    point = public.multiply(ephemeral_secret).format(compressed=True)
    iv, key_e, key_m = _keys(point)
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(key_e), modes.CBC(iv)).encryptor()
    compressed = zlib.compress(plaintext.encode("utf-8"))
    ciphertext = enc.update(padder.update(compressed) + padder.finalize()) + enc.finalize()
    body = magic + coincurve.PublicKey.from_secret(ephemeral_secret).format(compressed=True) + ciphertext
    return base64.b64encode(body + hmac.new(key_m, body, hashlib.sha256).digest()).decode("ascii")


def load_wallet_json(text: str) -> tuple[dict, int]:
    """The wallet dict of a plaintext file and the number of appended patches applied to it."""
    import jsonpatch

    if not text.strip():
        raise ElectrumFileError("the file is empty")
    try:
        parts = json.loads("[" + text + "]")
    except ValueError as exc:
        raise ElectrumFileError(f"not valid wallet JSON ({exc})") from None
    except RecursionError:
        raise ElectrumFileError("not valid wallet JSON (nested too deeply)") from None
    data, patches = parts[0], parts[1:]
    if not isinstance(data, dict):
        raise ElectrumFileError("not an Electrum wallet (the JSON is not an object)")
    if patches:
        try:
            data = jsonpatch.JsonPatch(patches).apply(data)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError, KeyError) as exc:
            raise ElectrumFileError(f"an appended JSON patch cannot be applied ({exc})") from None
        if not isinstance(data, dict):
            raise ElectrumFileError("not an Electrum wallet (an appended patch replaced the object)")
    return data, len(patches)
