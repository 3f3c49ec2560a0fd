"""Deterministic WhatsApp Android encrypted backups (crypt15, crypt14, crypt12) and key files.

An encoder that follows the documented layout exactly (the project's reference notes, formats.md
section 1; header field numbers from ``schemas/whatsapp_backup.proto``), for sample data and tests:

crypt15 / crypt14
    header length L (1 byte) | ``0x01`` feature-table byte (``feature_byte=True``, the default) |
    ``BackupPrefix`` protobuf (L bytes: key type, the IV, and ``info`` with app version, jid suffix
    and the msgstore feature flags) | AES-256-GCM(zlib level 1 of the database) | tag (16) |
    MD5 of every preceding byte (16).
crypt12
    ``00 01`` | key version | server salt (32) | google-id salt (16) | IV (16) | ciphertext | tag |
    MD5 of every preceding byte | ``"--NN"``.

The IV comes from ``seed`` (or is given), so the same input gives the same bytes. With the IV and
header of the ElDavoo/wa-crypt-tools test vector the crypt15 writer reproduces that file byte for
byte (with classic zlib; zlib-ng compresses differently). The database is streamed: read, compressed,
encrypted, hashed and written in chunks.

Public API::

    write_crypt15(plain_db_path, out_path, root_key, seed=0, *, iv=None, ...) -> dict
    write_crypt14(plain_db_path, out_path, key_payload, seed=0, *, iv=None, feature_byte=True, ...) -> dict
    write_crypt12(plain_db_path, out_path, key_payload, seed=0, *, iv=None, jid_suffix="67") -> dict
    write_key_file(path, payload) -> Path                 # Java-serialised byte[] (files/key, encrypted_backup.key)
    crypt14_key_payload(seed=0, *, aes_key=None, ...) -> bytes   # the 131-byte files/key payload
    root_key_for(seed) -> bytes                           # a 32-byte crypt15 root key
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..decoders.javaser import build_byte_array
from ..protos import load_schema
from ..decoders.whatsapp_crypt import KEY14_PAYLOAD, ROOT_KEY_SIZE, SCHEMA_NAME, crypt15_aes_key
from .content import rng

CHUNK = 1 << 20
ZLIB_LEVEL = 1

#: ``BackupExpiry`` of the wa-crypt-tools test vector (WhatsApp 2.22.5.13): the msgstore feature flags
DEFAULT_FEATURES = {
    "backup_version": 0,
    "call_log": True, "labeled_jid": False, "message_fts": True, "blank_me_jid": True,
    "message_link": False, "message_main": False, "message_text": False, "missed_calls": False,
    "receipt_user": True, "message_media": True, "message_vcard": False, "message_future": False,
    "message_quoted": False, "message_system": False, "receipt_device": True, "message_mention": False,
    "message_revoked": False, "broadcast_me_jid": True, "message_frequent": False,
    "message_location": False, "participant_user": True, "message_thumbnail": False,
    "message_send_count": False, "migration_jid_store": True, "payment_transaction": False,
    "migration_chat_store": True, "quoted_order_message": True, "media_migration_fixer": True,
    "quoted_order_message_v2": False, "message_main_verification": False,
    "quoted_ui_elements_reply_message": False,
    "alter_message_ephemeral_to_message_ephemeral_remove_column": True,
    "alter_message_ephemeral_setting_to_message_ephemeral_setting_remove_column": True,
}


def _random_bytes(seed, stream: str, n: int) -> bytes:
    return rng(seed, stream).randbytes(n)


def root_key_for(seed: int | str = 0) -> bytes:
    """A deterministic 32-byte crypt15 root key."""
    return _random_bytes(seed, "whatsapp-root-key", ROOT_KEY_SIZE)


def crypt14_key_payload(
    seed: int | str = 0,
    *,
    aes_key: bytes | None = None,
    server_salt: bytes | None = None,
    google_id_salt: bytes | None = None,
    key_version: int = 2,
) -> bytes:
    """The 131-byte payload of ``files/key``: cipher version 00 01, key version, salts, SHA-256, zero IV slot, AES key."""
    server_salt = server_salt if server_salt is not None else _random_bytes(seed, "whatsapp-server-salt", 32)
    google_id_salt = google_id_salt if google_id_salt is not None else _random_bytes(seed, "whatsapp-google-id", 16)
    aes_key = aes_key if aes_key is not None else _random_bytes(seed, "whatsapp-aes-key", 32)
    if len(server_salt) != 32 or len(google_id_salt) != 16 or len(aes_key) != 32:
        raise ValueError("server salt 32, google-id salt 16 and AES key 32 bytes")
    payload = (
        b"\x00\x01"
        + bytes([key_version])
        + server_salt
        + google_id_salt
        + hashlib.sha256(google_id_salt).digest()
        + b"\x00" * 16
        + aes_key
    )
    assert len(payload) == KEY14_PAYLOAD
    return payload


def write_key_file(path: str | Path, payload: bytes) -> Path:
    """A key file as Android writes it: ``ObjectOutputStream.writeObject(byte[])``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_byte_array(payload))
    return path


def _info(app_version: str, jid_suffix: str, features: dict | None):
    proto = load_schema(SCHEMA_NAME)
    info = proto.message("BackupExpiry")(app_version=app_version, jidSuffix=jid_suffix)
    for name, value in (DEFAULT_FEATURES if features is None else features).items():
        setattr(info, name, value)
    return info


def _prefix_bytes(prefix, feature_byte: bool, explicit_key_type: bool) -> bytes:
    body = prefix.SerializeToString(deterministic=True)
    if explicit_key_type and prefix.key_type == 0:
        body = b"\x08\x00" + body  # WhatsApp writes key_type even when it is 0 (proto3 would omit it)
    if len(body) > 255:
        raise ValueError(f"backup header of {len(body)} bytes does not fit the one-byte length")
    return bytes([len(body)]) + (b"\x01" if feature_byte else b"") + body


def _encrypt_stream(plain_db_path: Path, out_path: Path, header: bytes, aes_key: bytes, iv: bytes, trailer: bytes = b"") -> dict:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    enc = Cipher(algorithms.AES(aes_key), modes.GCM(iv)).encryptor()
    comp = zlib.compressobj(ZLIB_LEVEL)
    md5 = hashlib.md5(header)
    plain_sha = hashlib.sha256()
    plain_size = 0
    with open(plain_db_path, "rb") as src, open(out_path, "wb") as out:
        out.write(header)

        def emit(data: bytes) -> None:
            if data:
                ct = enc.update(data)
                md5.update(ct)
                out.write(ct)

        while True:
            chunk = src.read(CHUNK)
            if not chunk:
                break
            plain_sha.update(chunk)
            plain_size += len(chunk)
            emit(comp.compress(chunk))
        emit(comp.flush())
        tail = enc.finalize()
        md5.update(tail)
        out.write(tail)
        md5.update(enc.tag)
        out.write(enc.tag)
        out.write(md5.digest())
        out.write(trailer)
    return {
        "path": out_path,
        "iv": iv.hex(),
        "plaintext_sha256": plain_sha.hexdigest(),
        "plaintext_size": plain_size,
        "size": out_path.stat().st_size,
    }


def write_crypt15(
    plain_db_path: str | Path,
    out_path: str | Path,
    root_key: bytes,
    seed: int | str = 0,
    *,
    iv: bytes | None = None,
    app_version: str = "2.22.5.13",
    jid_suffix: str = "67",
    features: dict | None = None,
    feature_byte: bool = True,
    key_type: int = 1,
) -> dict:
    """Encrypt ``plain_db_path`` as ``msgstore.db.crypt15`` under the 32-byte ``root_key``."""
    if len(root_key) != ROOT_KEY_SIZE:
        raise ValueError("a crypt15 root key has 32 bytes")
    iv = iv if iv is not None else _random_bytes(seed, "whatsapp-crypt15-iv", 16)
    proto = load_schema(SCHEMA_NAME)
    prefix = proto.message("BackupPrefix")(key_type=key_type)
    prefix.c15_iv.IV = iv
    prefix.info.CopyFrom(_info(app_version, jid_suffix, features))
    header = _prefix_bytes(prefix, feature_byte, explicit_key_type=True)
    result = _encrypt_stream(Path(plain_db_path), Path(out_path), header, crypt15_aes_key(root_key), iv)
    result["format"] = "crypt15"
    return result


def write_crypt14(
    plain_db_path: str | Path,
    out_path: str | Path,
    key_payload: bytes,
    seed: int | str = 0,
    *,
    iv: bytes | None = None,
    app_version: str = "2.22.5.13",
    jid_suffix: str = "67",
    features: dict | None = None,
    feature_byte: bool = True,
) -> dict:
    """Encrypt ``plain_db_path`` as ``msgstore.db.crypt14`` with a ``files/key`` payload (131 bytes)."""
    if len(key_payload) != KEY14_PAYLOAD:
        raise ValueError("a files/key payload has 131 bytes")
    iv = iv if iv is not None else _random_bytes(seed, "whatsapp-crypt14-iv", 16)
    proto = load_schema(SCHEMA_NAME)
    prefix = proto.message("BackupPrefix")()
    c14 = prefix.c14_cipher
    c14.cipher_version = key_payload[0:2]
    c14.key_version = str(key_payload[2]).encode("ascii")
    c14.server_salt = key_payload[3:35]
    c14.google_id = key_payload[35:51]
    c14.IV = iv
    if feature_byte:
        prefix.info.CopyFrom(_info(app_version, jid_suffix, features))
    else:  # the "noexpiry" form: version and jid only
        prefix.info.CopyFrom(_info(app_version, jid_suffix, {}))
    header = _prefix_bytes(prefix, feature_byte, explicit_key_type=True)
    result = _encrypt_stream(Path(plain_db_path), Path(out_path), header, key_payload[99:131], iv)
    result["format"] = "crypt14"
    return result


def write_crypt12(
    plain_db_path: str | Path,
    out_path: str | Path,
    key_payload: bytes,
    seed: int | str = 0,
    *,
    iv: bytes | None = None,
    jid_suffix: str = "67",
) -> dict:
    """Encrypt ``plain_db_path`` as ``msgstore.db.crypt12`` with a ``files/key`` payload (131 bytes)."""
    if len(key_payload) != KEY14_PAYLOAD:
        raise ValueError("a files/key payload has 131 bytes")
    if len(jid_suffix) != 2:
        raise ValueError("the crypt12 trailer holds two characters")
    iv = iv if iv is not None else _random_bytes(seed, "whatsapp-crypt12-iv", 16)
    header = key_payload[0:3] + key_payload[3:35] + key_payload[35:51] + iv
    result = _encrypt_stream(
        Path(plain_db_path), Path(out_path), header, key_payload[99:131], iv, trailer=b"--" + jid_suffix.encode("ascii")
    )
    result["format"] = "crypt12"
    return result
