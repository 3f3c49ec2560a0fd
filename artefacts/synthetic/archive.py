"""Byte-deterministic zip and tar writing for synthetic extractions.

Same members in, same bytes out: members are written in sorted order, every entry gets the same
fixed timestamp (``EXTRACTION_TIME``), fixed Unix permissions (0644 files) and owner (0/0, no
names), and compression uses a fixed level. Only the bytes of the members themselves vary. (The
deflate output depends on the zlib build; it is stable for a given Python/zlib.)

A member value is either ``bytes`` or a filesystem path whose content is streamed in.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import zipfile
from pathlib import Path
from typing import Mapping, Union

Member = Union[bytes, str, os.PathLike]

# A fixed, plausible acquisition time for every archive entry: 2024-05-01 12:00:00.
EXTRACTION_TIME = (2024, 5, 1, 12, 0, 0)
EXTRACTION_EPOCH = 1714564800  # the same instant as a Unix timestamp (UTC)

_FILE_MODE = 0o100644


def _open_member(value: Member):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(value)), len(value)
    p = Path(value)
    return p.open("rb"), p.stat().st_size


def write_zip(dest: str | os.PathLike, members: Mapping[str, Member], *, compresslevel: int = 6) -> Path:
    """Write ``members`` (archive path -> bytes or file path) to the zip file ``dest``."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name.lstrip("/"), date_time=EXTRACTION_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr holds st_mode
            info.external_attr = _FILE_MODE << 16
            for attr in ("compress_level", "_compresslevel"):  # 3.13+ / 3.7-3.12 spelling
                try:
                    setattr(info, attr, compresslevel)
                    break
                except AttributeError:
                    continue
            src, size = _open_member(members[name])
            info.file_size = size
            with src, zf.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as out:
                shutil.copyfileobj(src, out, 1 << 20)
    return dest


def write_tar(dest: str | os.PathLike, members: Mapping[str, Member]) -> Path:
    """Write ``members`` to an uncompressed POSIX (pax) tar file ``dest``."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as tf:
        for name in sorted(members):
            src, size = _open_member(members[name])
            info = tarfile.TarInfo(name.lstrip("/"))
            info.size = size
            info.mtime = EXTRACTION_EPOCH
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with src:
                tf.addfile(info, src)
    return dest
