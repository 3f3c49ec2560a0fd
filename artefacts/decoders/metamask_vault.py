"""The MetaMask mobile vault: ``KeyringController.vault``, the keyrings encrypted with the wallet password.

Facts from ``MetaMask/metamask-mobile`` ``app/core/Encryptor/`` (``Encryptor.ts``, ``constants.ts``,
``lib/aes-native.ts``, ``lib/quick-crypto.ts``, ``lib/quick-crypto.parity.test.ts``):

* the vault is a JSON text ``{"cipher", "iv", "salt", "lib", "keyMetadata"}`` (``Encryptor.encrypt``);
  ``keyMetadata`` is ``{"algorithm": "PBKDF2", "params": {"iterations": N}}``; a vault without it
  was written with the legacy options, **5,000** iterations (``LEGACY_DERIVATION_OPTIONS``); newer
  ones use 600,000 (``OWASP2023Minimum``) or 900,000 (``OWASP2023Default``);
* ``lib`` ``"original"`` (react-native-aes-crypto ``Aes``) and ``"quick-crypto"``
  (react-native-quick-crypto) derive the key the same way: **PBKDF2-HMAC-SHA512** over the UTF-8
  password with the **salt string itself** (the base64 text, its UTF-8 bytes, not decoded) as salt,
  **256 bits** (``SHA256_DIGEST_LENGTH``, truncated SHA-512 output), and encrypt with
  **AES-256-CBC, PKCS#7 padding**; ``iv`` is 16 bytes as hex, ``cipher`` is base64. The known-answer
  vector of ``quick-crypto.parity.test.ts`` (password ``CorrectHorseBatteryStaple``, salt
  ``dGVzdC1zYWx0LWJhc2U2NA==``, 5,000 iterations -> key ``VEEeAacoKJ8HlDDeg04c4cWIjUD4wyGo3WlBTtylGs4=``;
  ``hello world`` under IV ``00112233445566778899aabbccddeeff`` -> ``JbrhXC9V+eG3kiRRAWQMFw==``) is
  checked in ``tests/test_metamask.py``;
* a vault without ``lib`` was written by the forked native library (``AesForked``) whose key
  derivation is hard-coded in native code not in that repository: it is reported, not guessed;
* the plaintext is ``JSON.stringify`` of the serialized keyrings (``Encryptor.encryptWithKey``).

A wrong password almost always breaks the padding; when the padding happens to fit, the text is
not JSON: either way :class:`WrongPassword`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

LEGACY_ITERATIONS = 5_000
#: ``lib`` values whose key derivation and cipher are known (see the module docstring)
KNOWN_LIBS = ("original", "quick-crypto")
KEY_BYTES = 32
#: refuse a vault asking for more iterations than this (a damaged or hostile file must not hang the run)
MAX_ITERATIONS = 10_000_000


class VaultError(Exception):
    """The vault cannot be decrypted whatever the password: damaged or of an unsupported kind."""


class WrongPassword(VaultError):
    pass


def parse_vault(text: str) -> dict:
    """The vault's JSON fields, checked; :class:`VaultError` when it is not a vault this module can open."""
    try:
        vault = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise VaultError(f"the vault is not JSON: {exc}") from None
    if not isinstance(vault, dict):
        raise VaultError("the vault is not a JSON object")
    if "data" in vault and "cipher" not in vault:
        raise VaultError("the vault has the browser-passworder layout (data/iv/salt) of the MetaMask extension, "
                         "not the mobile app's")
    missing = [k for k in ("cipher", "iv", "salt") if not isinstance(vault.get(k), str)]
    if missing:
        raise VaultError(f"the vault lacks {', '.join(missing)}")
    lib = vault.get("lib")
    if lib is None:
        raise VaultError("the vault was written by the legacy forked AES library (no 'lib'), whose key derivation "
                         "is not published")
    if lib not in KNOWN_LIBS:
        raise VaultError(f"unknown encryption library {lib!r}")
    return vault


def iterations_of(vault: dict) -> int:
    meta = vault.get("keyMetadata")
    if meta is None:
        return LEGACY_ITERATIONS
    if not isinstance(meta, dict) or meta.get("algorithm") != "PBKDF2":
        raise VaultError(f"unsupported key derivation {meta!r}")
    n = (meta.get("params") or {}).get("iterations") if isinstance(meta.get("params"), dict) else None
    if not isinstance(n, int) or isinstance(n, bool) or not 0 < n <= MAX_ITERATIONS:
        raise VaultError(f"invalid PBKDF2 iteration count {n!r}")
    return n


def derive_key(password: str, salt: str, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt.encode("utf-8"), iterations, KEY_BYTES)


def _iv_and_cipher(vault: dict) -> tuple[bytes, bytes]:
    try:
        iv = bytes.fromhex(vault["iv"])
    except ValueError:
        raise VaultError("the vault's iv is not hex") from None
    if len(iv) != 16:
        raise VaultError(f"the vault's iv has {len(iv)} bytes, not 16")
    try:
        data = base64.b64decode(vault["cipher"], validate=True)
    except (binascii.Error, ValueError):
        raise VaultError("the vault's cipher is not base64") from None
    if not data or len(data) % 16:
        raise VaultError(f"the vault's cipher has {len(data)} bytes, not a positive multiple of 16")
    return iv, data


def aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    """AES-CBC with PKCS#7 padding; ``ValueError`` when the padding is wrong."""
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = d.update(data) + d.finalize()
    u = padding.PKCS7(128).unpadder()
    return u.update(padded) + u.finalize()


def aes_cbc_encrypt(key: bytes, iv: bytes, plain: bytes) -> bytes:
    p = padding.PKCS7(128).padder()
    e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return e.update(p.update(plain) + p.finalize()) + e.finalize()


def decrypt(text: str, password: str):
    """The decrypted keyrings (the JSON value) of a vault text."""
    vault = parse_vault(text)
    iterations = iterations_of(vault)
    iv, data = _iv_and_cipher(vault)
    key = derive_key(password, vault["salt"], iterations)
    try:
        plain = aes_cbc_decrypt(key, iv, data)
        return json.loads(plain.decode("utf-8"))
    except ValueError:  # padding, UTF-8 or JSON: the key is not the one
        raise WrongPassword("wrong password") from None


def describe(text: str) -> dict:
    """What can be said of a vault without the password (library, iterations); raises :class:`VaultError`."""
    vault = parse_vault(text)
    return {"lib": vault["lib"], "kdf": "PBKDF2-SHA512", "iterations": iterations_of(vault), "cipher": "AES-256-CBC"}


def encrypt(value, password: str, *, salt: str, iv: bytes, iterations: int | None = LEGACY_ITERATIONS,
            lib: str = "original") -> str:
    """A vault text as the app writes it (for generated samples; salt and IV given so that output is deterministic)."""
    key = derive_key(password, salt, iterations or LEGACY_ITERATIONS)
    cipher = aes_cbc_encrypt(key, iv, json.dumps(value, separators=(",", ":")).encode("utf-8"))
    # the key order of Encryptor.encrypt: encryptWithKey's {cipher, iv, keyMetadata, lib}, then salt
    vault = {"cipher": base64.b64encode(cipher).decode("ascii"), "iv": iv.hex()}
    if iterations is not None:
        vault["keyMetadata"] = {"algorithm": "PBKDF2", "params": {"iterations": iterations}}
    vault.update(lib=lib, salt=salt)
    return json.dumps(vault, separators=(",", ":"))
