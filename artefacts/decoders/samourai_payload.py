"""Samourai Wallet for Android: the JSON envelope of its files and the AES cipher of their payload.

Facts from ``Samourai-Wallet/samourai-wallet-android`` (mirror ``Archive-Samourai-Wallet/samourai-wallet-android``):

* ``app/src/main/java/com/samourai/wallet/payload/PayloadUtil.java``: every file the app writes in its
  private folder ``app_wallet`` (``context.getDir("wallet")``: ``samourai.dat`` and its copy ``samourai.sav``,
  ``samourai.multi``, ``samourai.utxo``, ``samourai.paynyms``, the fee and exchange-rate caches) and the
  external backup ``samourai.txt`` is the envelope ``putPayload``: ``{"version": 1, "payload": <text>,
  "external": false}``. ``payload`` is the JSON text itself when the file is written without a password, else
  ``AESUtil.encrypt`` of it. A file without the envelope (``deserialize``: "not a json stream, assume v0")
  is the payload alone.
* envelope ``version`` 1 (``app/src/main/java/com/samourai/wallet/crypto/AESUtil.java`` ``decrypt``): "AES 256
  PBKDF2 CBC iso10126": base64 of a random 16-byte IV followed by the AES-256-CBC ciphertext; the key is
  PBKDF2 (Bouncy Castle ``PKCS5S2ParametersGenerator``, whose default digest is HMAC-SHA1) over the
  password's UTF-8 bytes, with the IV as salt, ``DefaultPBKDF2Iterations`` = **5,000** iterations, 256 bits;
  padding ISO 10126-2 (random filler bytes, the last byte the padding length 1-16).
* envelope ``version`` 2, written by the later app (``Archive-Samourai-Wallet/samourai-wallet-android``
  ``PayloadUtil.java``: ``putPayload`` version 2, ``serialize``/``serializeAux`` with ``AESUtil.encryptSHA256``,
  read back by ``decryptSHA256`` when the version is 2): ``Archive-Samourai-Wallet/extlibj``
  ``java/com/samourai/wallet/crypto/AESUtil.java`` (``DefaultPBKDF2HMACSHA256Iterations`` = **15,000**) and
  ``KOpenSSL.kt``, the ``openssl enc -aes-256-cbc -pbkdf2`` layout: base64 (a line break after every 64
  characters) of ``Salted__``, an 8-byte salt and the ciphertext; PBKDF2-HMAC-SHA256 of the password and
  the salt gives 48 bytes, the key (32) then the IV (16); PKCS#5 padding. ``KOpenSSL.kt``'s own example
  (``Hello World!`` under ``password``, 25,000 iterations) is checked in ``tests/test_samourai.py``.
  The scheme is told by the payload itself (``KOpenSSL.isSalted``), whatever the envelope says.

A wrong password almost always breaks the padding; when the padding happens to fit, the text is not
UTF-8 JSON: either way :class:`WrongPassword`. Lengths are capped: a hostile file cannot make the
reader allocate more than :data:`MAX_TEXT` characters.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ITERATIONS = 5_000
#: ``AESUtil.DefaultPBKDF2HMACSHA256Iterations`` (version 2)
ITERATIONS_V2 = 15_000
SALTED = b"Salted__"
IV_BYTES = 16
KEY_BYTES = 32
#: the largest file or payload text read (a wallet with many thousands of transactions is a few MB)
MAX_TEXT = 64 * 1024 * 1024
_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]+\Z")


class PayloadError(ValueError):
    """The file is not a Samourai payload that can be read, whatever the password."""


class WrongPassword(PayloadError):
    pass


def envelope(text: str) -> dict:
    """``{"version", "payload", "external", "wrapped"}`` of a file's text.

    ``wrapped`` is False for a file without the envelope (version 0: the text is the payload).
    """
    if len(text) > MAX_TEXT:
        raise PayloadError(f"{len(text)} characters, more than the {MAX_TEXT} read")
    stripped = text.strip()
    if not stripped:
        raise PayloadError("the file is empty")
    try:
        obj = json.loads(stripped)
    except (ValueError, RecursionError):
        obj = None
    if isinstance(obj, dict) and "payload" in obj:
        payload = obj["payload"]
        if not isinstance(payload, str):
            raise PayloadError(f"the envelope's payload is a {type(payload).__name__}, not text")
        return {"version": obj.get("version"), "payload": payload, "external": obj.get("external"), "wrapped": True}
    if isinstance(obj, dict) and "version" in obj and "external" in obj:
        raise PayloadError("the envelope has no payload")
    return {"version": 0, "payload": stripped, "external": None, "wrapped": False}


def looks_encrypted(payload: str) -> bool:
    """The payload is base64 text, not JSON: ``AESUtil`` ciphertext, or a damaged one (:func:`decrypt` says what is wrong)."""
    body = payload.strip()
    return bool(body) and not body.startswith(("{", "[")) and _BASE64.match(body) is not None


def is_encrypted(payload: str) -> bool:
    """The payload is ``AESUtil`` ciphertext (base64 of IV + whole AES blocks), not a JSON text."""
    body = payload.strip()
    if not looks_encrypted(body):
        return False
    try:
        raw = base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) >= IV_BYTES + 16 and (len(raw) - IV_BYTES) % 16 == 0


def plain_json(payload: str):
    """The JSON value of a payload written without a password."""
    try:
        return json.loads(payload)
    except RecursionError:
        raise PayloadError("the payload's JSON is nested too deeply") from None
    except ValueError as exc:
        raise PayloadError(f"the payload is neither JSON nor AES ciphertext ({exc})") from None


def derive_key(password: str, iv: bytes, iterations: int = ITERATIONS) -> bytes:
    """Version 1 (``AESUtil.decrypt``): PBKDF2-HMAC-SHA1 over the UTF-8 password, the IV as salt, 256 bits."""
    return hashlib.pbkdf2_hmac("sha1", password.encode("utf-8"), iv, iterations, KEY_BYTES)


def derive_key_iv(password: str, salt: bytes, iterations: int = ITERATIONS_V2) -> tuple[bytes, bytes]:
    """Version 2 (``KOpenSSL``): PBKDF2-HMAC-SHA256 over the password and the 8-byte salt, 48 bytes: key, then IV."""
    out = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, KEY_BYTES + 16)
    return out[:KEY_BYTES], out[KEY_BYTES:]


def _raw(payload: str) -> bytes:
    try:
        raw = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise PayloadError("the encrypted payload is not base64") from None
    if len(raw) < IV_BYTES + 16 or (len(raw) - IV_BYTES) % 16:
        raise PayloadError(f"the encrypted payload has {len(raw)} bytes, not a 16-byte IV or salt header and "
                           "whole AES blocks")
    return raw


def scheme(payload: str) -> str:
    """``"openssl"`` (version 2: ``Salted__`` + salt, ``KOpenSSL.isSalted``) or ``"aesutil"`` (version 1: IV first)."""
    return "openssl" if _raw(payload).startswith(SALTED) else "aesutil"


def _aes_cbc(key: bytes, iv: bytes, data: bytes, encrypt: bool = False) -> bytes:
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def decrypt_bytes(payload: str, password: str, iterations: int | None = None) -> bytes:
    """The plaintext bytes of an encrypted payload, either scheme, padding removed and checked;
    :class:`WrongPassword` when the padding does not fit (``iterations``: the scheme's own by default)."""
    raw = _raw(payload)
    if raw.startswith(SALTED):
        key, iv = derive_key_iv(password, raw[8:16], iterations or ITERATIONS_V2)
        padded = _aes_cbc(key, iv, raw[16:])
        n = padded[-1]
        if not 1 <= n <= 16 or padded[-n:] != bytes([n]) * n:  # PKCS#5
            raise WrongPassword("wrong password")
        return padded[:-n]
    iv = raw[:IV_BYTES]
    padded = _aes_cbc(derive_key(password, iv, iterations or ITERATIONS), iv, raw[IV_BYTES:])
    n = padded[-1]
    if not 1 <= n <= 16:  # ISO 10126-2: only the last byte is defined
        raise WrongPassword("wrong password")
    return padded[:-n]


def decrypt(payload: str, password: str):
    """The JSON value of an encrypted payload; :class:`WrongPassword` when ``password`` does not open it."""
    return open_payload(payload, password)[1]


def open_payload(payload: str, password: str) -> tuple[str, object]:
    """``(plaintext, its JSON value)`` of an encrypted payload; :class:`WrongPassword` when ``password`` does not open it."""
    try:
        text = decrypt_bytes(payload, password).decode("utf-8")
    except UnicodeDecodeError:  # the padding fitted by chance
        raise WrongPassword("wrong password") from None
    try:
        return text, json.loads(text)
    except RecursionError:
        raise PayloadError("the decrypted payload's JSON is nested too deeply") from None
    except ValueError:  # not JSON: the padding fitted by chance
        raise WrongPassword("wrong password") from None


def encrypt(plaintext: str, password: str, *, iv: bytes, filler: bytes | None = None,
            iterations: int = ITERATIONS) -> str:
    """Version 1, ``AESUtil.encrypt``, with a given IV and padding filler (for generated samples: deterministic)."""
    if len(iv) != IV_BYTES:
        raise ValueError("the IV must be 16 bytes")
    clear = plaintext.encode("utf-8")
    n = 16 - len(clear) % 16
    pad = (filler or bytes(15))[: n - 1].ljust(n - 1, b"\0") + bytes([n])
    return base64.b64encode(iv + _aes_cbc(derive_key(password, iv, iterations), iv, clear + pad, True)).decode("ascii")


def encrypt_v2(plaintext: str, password: str, *, salt: bytes, iterations: int = ITERATIONS_V2) -> str:
    """Version 2, ``AESUtil.encryptSHA256`` (``KOpenSSL.encrypt_AES256CBC_PBKDF2_HMAC_SHA256``) with a given salt:
    base64 of ``Salted__`` + salt + ciphertext (PKCS#5), a line break after every 64 characters."""
    if len(salt) != 8:
        raise ValueError("the salt must be 8 bytes")
    key, iv = derive_key_iv(password, salt, iterations)
    clear = plaintext.encode("utf-8")
    n = 16 - len(clear) % 16
    text = base64.b64encode(SALTED + salt + _aes_cbc(key, iv, clear + bytes([n]) * n, True)).decode("ascii")
    return re.sub("(.{64})", "\\1\n", text)


def footprint(build: dict, version: int = 4) -> str:
    """``FootprintUtil``: the hex RIPEMD-160 the app appends to its GUID, of ``guid_version``

    * 4 (``getFootprintV4``, the app since it writes version 4): the ``fp`` string of its preferences, which it
      set once to MANUFACTURER + BRAND + MODEL + SERIAL;
    * 3 (``getFootprintV3``): BOARD + MANUFACTURER + BRAND + MODEL + SERIAL + the telephony device id (IMEI);
    * 2 (``getFootprint``): ``BOARD|CPU_ABI,MANUFACTURER:BRAND;MODEL/DEVICE+PRODUCT#SERIAL§`` + device id.

    ``build`` keys: ``fp`` (or ``MANUFACTURER``, ``BRAND``, ``MODEL``, ``SERIAL``) for 4; ``BOARD``, ``MANUFACTURER``,
    ``BRAND``, ``MODEL``, ``SERIAL``, ``device_id`` for 3, and ``CPU_ABI``, ``DEVICE``, ``PRODUCT`` for 2. Java
    writes a null device id as ``null``."""
    from embit import hashes

    b = {k: ("null" if v is None else str(v)) for k, v in build.items()}
    if version == 4:
        text = b["fp"] if b.get("fp") else b["MANUFACTURER"] + b["BRAND"] + b["MODEL"] + b["SERIAL"]
    elif version == 3:
        text = b["BOARD"] + b["MANUFACTURER"] + b["BRAND"] + b["MODEL"] + b["SERIAL"] + b["device_id"]
    elif version == 2:
        text = (f"{b['BOARD']}|{b['CPU_ABI']},{b['MANUFACTURER']}:{b['BRAND']};{b['MODEL']}/{b['DEVICE']}+"
                f"{b['PRODUCT']}#{b['SERIAL']}\u00a7{b['device_id']}")
    else:
        raise ValueError("the footprint has versions 2, 3 and 4")
    return hashes.ripemd160(text.encode("utf-8")).hex()


def app_password(guid: str, pin: str, build: dict | None = None, guid_version: int = 4) -> str:
    """The password of ``samourai.dat`` / ``.multi`` / ``.paynyms``: ``AccessFactory.getGUID() + getPIN()``, the GUID
    of the app's preferences (``guid``), its device footprint for ``guid_version`` 2 to 4, then the PIN."""
    if guid_version in (2, 3, 4):
        if build is None:
            raise ValueError("guid_version 2 to 4 append the device footprint: give the Build fields (or fp)")
        return guid + footprint(build, guid_version) + pin
    return guid + pin


def password_prefix(prefs: dict) -> tuple[str | None, str]:
    """``(GUID + footprint, how)`` from the app's preferences (``PrefsUtil``: ``guid``, ``guid_version``, ``fp``),
    what the app puts before the PIN; ``(None, why not)`` when the preferences do not hold all of it."""
    guid = prefs.get("guid")
    if not isinstance(guid, str) or not guid:
        return None, "the preferences hold no guid"
    version = prefs.get("guid_version")
    if version == 4:
        fp = prefs.get("fp")
        if not isinstance(fp, str) or not fp:
            return None, "guid_version 4 without the fp entry"
        return guid + footprint({"fp": fp}, 4), "guid and fp (guid_version 4)"
    if version in (2, 3):
        return None, (f"guid_version {version}: the footprint needs the device's Build fields and IMEI, "
                      "which the preferences do not hold")
    return guid, "guid (no footprint before guid_version 2)"


def sniff(path) -> bool:
    """The file is the app's envelope around an encrypted payload (for ``artefacts decrypt``)."""
    with open(path, "rb") as fh:
        head = fh.read(1)
        if head != b"{" or fh.seek(0, 2) > MAX_TEXT:
            return False
    try:
        with open(path, encoding="utf-8") as fh:
            env = envelope(fh.read())
    except (UnicodeDecodeError, PayloadError):
        return False
    return env["wrapped"] and is_encrypted(env["payload"])


def decrypt_file(path, password: str, out) -> dict:
    """Write the decrypted payload (the JSON text the app encrypted) of the file at ``path`` to ``out``."""
    from ..atomic import atomic_output

    with open(path, encoding="utf-8") as fh:
        text, value = open_payload(envelope(fh.read())["payload"], password)
    data = text.encode("utf-8")
    with atomic_output(out) as part:
        with open(part, "wb") as fh:
            fh.write(data)
    kind = "wallet API response" if isinstance(value, dict) and "txs" in value else (
        "wallet payload" if isinstance(value, dict) and "wallet" in value else "other JSON")
    return {"plaintext_sha256": hashlib.sha256(data).hexdigest(), "plaintext_size": len(data), "content": kind,
            "kdf": "PBKDF2-HMAC-SHA1", "iterations": ITERATIONS}


def file_text(payload: str, version: int = 1) -> str:
    """The file the app writes around a payload (``PayloadUtil.putPayload``; Android's ``JSONObject.toString``
    escapes ``/`` as ``\\/``, which the base64 alphabet contains)."""
    body = json.dumps({"version": version, "payload": payload, "external": False}, separators=(",", ":"))
    return body.replace("/", "\\/")
