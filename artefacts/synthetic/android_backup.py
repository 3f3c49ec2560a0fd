"""Synthetic ``adb backup`` files (``.ab``) and telephony backup files, for tests.

:func:`write_android_backup` writes the format :mod:`artefacts.evidence.android_backup` reads
(header, optional AES-256 with a password, optional zlib, a tar of ``apps/<package>/<token>/...``
members), deterministically for a seed. Member names are written as given, including hostile
ones (``../x``, ``/abs``), so that tests can check they never choose where a file goes.
:func:`telephony_backup` deflates a JSON array the way ``TelephonyBackupAgent`` does.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import tarfile
import zlib
from pathlib import Path
from typing import Iterable

from ..evidence.android_backup import MAGIC, _java_utf8
from .archive import EXTRACTION_EPOCH


def telephony_backup(messages: list) -> bytes:
    """``NNNNNN_sms_backup`` / ``_mms_backup`` content: a deflated UTF-8 JSON array."""
    return zlib.compress(json.dumps(messages, ensure_ascii=False).encode("utf-8"))


def backup_tar(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A tar of ``(name, content)`` in the given order (names as given, fixed times and owner)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, content in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = EXTRACTION_EPOCH
            info.mode = 0o600
            tf.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def _cbc(key: bytes, iv: bytes, plain: bytes) -> bytes:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(padded) + enc.finalize()


def write_android_backup(dest: str | os.PathLike, members: Iterable[tuple[str, bytes]], *, version: int = 5,
                         compress: bool = True, password: str | None = None, rounds: int = 10_000,
                         seed: int | str = 0, body: bytes | None = None) -> Path:
    """Write an ``.ab`` holding ``members`` (or the tar ``body`` given as is); encrypted when ``password`` is set."""
    r = random.Random(f"android-backup-{seed}")
    tar = backup_tar(members) if body is None else body
    data = zlib.compress(tar, 9) if compress else tar
    lines = [MAGIC.rstrip(b"\n"), str(version).encode(), b"1" if compress else b"0"]
    if password is None:
        lines.append(b"none")
    else:
        user_salt, ck_salt = r.randbytes(64), r.randbytes(64)
        user_iv, master_iv, master_key = r.randbytes(16), r.randbytes(16), r.randbytes(32)
        secret = bytes(ord(c) & 0xFF for c in password) if version == 1 else password.encode("utf-8")
        user_key = hashlib.pbkdf2_hmac("sha1", secret, user_salt, rounds, 32)
        checksum = hashlib.pbkdf2_hmac("sha1", _java_utf8(master_key) if version >= 2 else master_key,
                                       ck_salt, rounds, 32)
        blob = _cbc(user_key, user_iv, bytes([16]) + master_iv + bytes([32]) + master_key + bytes([32]) + checksum)
        lines += [b"AES-256", user_salt.hex().upper().encode(), ck_salt.hex().upper().encode(),
                  str(rounds).encode(), user_iv.hex().upper().encode(), blob.hex().upper().encode()]
        data = _cbc(master_key, master_iv, data)
    path = Path(dest)
    path.write_bytes(b"\n".join(lines) + b"\n" + data)
    return path
