"""Chromium's ``OSCrypt`` "v10" obfuscation: how Chromium browsers on Android (and ChromeOS, Fuchsia) store
saved passwords (``Login Data`` ``logins.password_value``), cookie values (``Cookies``
``cookies.encrypted_value``) and card numbers (``Web Data`` ``credit_cards.card_number_encrypted``).

From the Chromium source, ``components/os_crypt/sync/os_crypt_posix.cc``: "an obfuscation layer that does not
provide any genuine confidentiality", used "on OSes that already provide protection for data at rest some
other way (Android, CrOS, and Fuchsia)". A value is the prefix ``v10`` followed by AES-128-CBC (PKCS #7
padding) of the text, under the fixed key PBKDF2-HMAC-SHA1 (1 iteration, password ``peanuts``, salt
``saltysalt``, 16 bytes; the source writes the key out as ``kV10Key``) and an IV of 16 spaces; an empty text
is stored as an empty value. A value without the prefix is not one Chromium decrypts (``DecryptString``
returns false): it is kept as stored. Chrome on iOS and desktop builds that keep their key in the
platform's key store (Keychain, libsecret, DPAPI: prefixes ``v10``/``v11``/``v20`` under another key) need
that key; they fail here with :class:`OSCryptError`, never with a guess.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PREFIX = b"v10"
#: PBKDF2-HMAC-SHA1(1 iteration, "peanuts", "saltysalt"), 16 bytes: os_crypt_posix.cc kV10Key
KEY = hashlib.pbkdf2_hmac("sha1", b"peanuts", b"saltysalt", 1, 16)
IV = b" " * 16
#: the largest value decrypted (a password or a cookie value is bytes to kilobytes)
MAX_VALUE = 1 << 20


class OSCryptError(ValueError):
    """Not a v10 value, or one that does not decrypt under the fixed key (the message says which)."""


def decrypt(value: bytes) -> bytes:
    """The text of a ``v10`` value (``b""`` for an empty one)."""
    if not value:
        return b""
    if not value.startswith(PREFIX):
        raise OSCryptError(f"no {PREFIX.decode()} prefix (starts {value[:3]!r})")
    body = value[len(PREFIX):]
    if len(body) > MAX_VALUE:
        raise OSCryptError(f"a value of {len(body)} bytes is larger than the {MAX_VALUE} decrypted")
    if not body or len(body) % 16:
        raise OSCryptError(f"{len(body)} bytes after the prefix is not a whole number of AES blocks")
    decryptor = Cipher(algorithms.AES(KEY), modes.CBC(IV)).decryptor()
    padded = decryptor.update(body) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise OSCryptError("bad padding: not encrypted under Chromium's fixed v10 key (a platform key store's "
                           "key is needed)") from None


def encrypt(text: bytes) -> bytes:
    """``text`` as Chromium's ``OSCrypt::EncryptString`` writes it on Android (for test data)."""
    if not text:
        return b""
    padder = padding.PKCS7(128).padder()
    padded = padder.update(text) + padder.finalize()
    encryptor = Cipher(algorithms.AES(KEY), modes.CBC(IV)).encryptor()
    return PREFIX + encryptor.update(padded) + encryptor.finalize()
