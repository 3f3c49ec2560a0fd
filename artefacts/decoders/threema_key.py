"""Threema for Android's master key file ``files/key.dat`` and the database password made from it.

Layout (threema-ch/threema-android ``app/src/main/java/ch/threema/localcrypto/MasterKey.java``):

====  ====  =====================================================================
 off   len  field
====  ====  =====================================================================
   0     1  protection type: 0 unprotected, 1 passphrase via PBKDF2, 2 passphrase via scrypt
   1    32  the key, XOR the fixed ``DEPRECATED_OBFUSCATION_KEY``; for types 1 and 2 the
            de-obfuscated value is the master key XOR the passphrase key
  33     8  salt (zero when unprotected)
  41     4  verification: the first 4 bytes of SHA-1(master key)
====  ====  =====================================================================

Passphrase keys: PBKDF2-HMAC-SHA1(passphrase, salt, 10,000 iterations, 32 bytes) for type 1;
scrypt(passphrase as UTF-8, salt, N=65536, r=8, p=1, 32 bytes) for type 2 (the app upgrades type 1
files to type 2 when the passphrase is next entered).

The SQLCipher password of ``databases/threema4.db`` is the *string* ``x"<lower-case hex of the
master key>"`` (``ThreemaApplication``: ``"x\\"" + Utils.byteArrayToHexString(masterKey.getKey()) +
"\\""``; ``Utils.byteArrayToHexString`` is lower case), used as a passphrase with SQLCipher 4
defaults and ``kdf_iter`` 1 (``DatabaseService``: ``PRAGMA cipher_default_kdf_iter = 1``):
``artefacts.decoders.sqlcipher.APP_SETTINGS["threema"]``.
"""

from __future__ import annotations

import hashlib

OBFUSCATION_KEY = bytes.fromhex("950d267a88ea77109c50e73f47e06972dac4397c99ea7e67affddd32da35f70c")
KEY_LENGTH, SALT_LENGTH, VERIFICATION_LENGTH = 32, 8, 4
FILE_LENGTH = 1 + KEY_LENGTH + SALT_LENGTH + VERIFICATION_LENGTH
UNPROTECTED, PBKDF2, SCRYPT = 0, 1, 2
PBKDF2_ITERATIONS = 10_000
SCRYPT_N, SCRYPT_R, SCRYPT_P = 65536, 8, 1


class ThreemaKeyError(ValueError):
    """key.dat is damaged, or its passphrase is missing or wrong (the message says which)."""


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def _verification(master: bytes) -> bytes:
    return hashlib.sha1(master).digest()[:VERIFICATION_LENGTH]


def passphrase_key(passphrase: str, salt: bytes, protection: int) -> bytes:
    data = passphrase.encode("utf-8")
    if protection == PBKDF2:
        return hashlib.pbkdf2_hmac("sha1", data, salt, PBKDF2_ITERATIONS, KEY_LENGTH)
    if protection == SCRYPT:
        return hashlib.scrypt(data, salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_LENGTH,
                              maxmem=256 * 1024 * 1024)
    raise ThreemaKeyError(f"unknown protection type {protection}")


def protection_of(data: bytes) -> int:
    if len(data) != FILE_LENGTH:
        raise ThreemaKeyError(f"key.dat has {len(data)} bytes, not {FILE_LENGTH}")
    if data[0] not in (UNPROTECTED, PBKDF2, SCRYPT):
        raise ThreemaKeyError(f"key.dat protection type {data[0]} is not known (0, 1 or 2)")
    return data[0]


def master_key(data: bytes, passphrases=()) -> bytes:
    """The 32-byte master key of a ``key.dat``; ``passphrases`` are tried when it is protected."""
    protection = protection_of(bytes(data))
    stored = _xor(data[1:1 + KEY_LENGTH], OBFUSCATION_KEY)
    salt = data[1 + KEY_LENGTH:1 + KEY_LENGTH + SALT_LENGTH]
    verification = data[-VERIFICATION_LENGTH:]
    if protection == UNPROTECTED:
        if _verification(stored) != verification:
            raise ThreemaKeyError("key.dat is damaged: its verification bytes do not match the key")
        return stored
    if not passphrases:
        raise ThreemaKeyError("key.dat is protected by a passphrase ("
                              + ("PBKDF2" if protection == PBKDF2 else "scrypt") + "): give --key threema=PASSPHRASE")
    for passphrase in passphrases:
        master = _xor(stored, passphrase_key(passphrase, salt, protection))
        if _verification(master) == verification:
            return master
    raise ThreemaKeyError(f"key.dat: the passphrase given is wrong ({len(passphrases)} tried)")


def database_password(master: bytes) -> str:
    """The SQLCipher password of threema4.db for this master key."""
    return 'x"' + master.hex() + '"'


def build_key_file(master: bytes, *, passphrase: str | None = None, protection: int = SCRYPT,
                   salt: bytes = b"") -> bytes:
    """A ``key.dat`` as ``MasterKey.writeFile`` writes it (for the synthetic extractions)."""
    if passphrase is None:
        protection, salt, protected = UNPROTECTED, bytes(SALT_LENGTH), master
    else:
        if len(salt) != SALT_LENGTH:
            raise ValueError("salt must be 8 bytes")
        protected = _xor(master, passphrase_key(passphrase, salt, protection))
    return bytes([protection]) + _xor(protected, OBFUSCATION_KEY) + salt + _verification(master)
