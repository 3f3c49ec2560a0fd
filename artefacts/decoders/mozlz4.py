"""Mozilla's LZ4 file framing (``.jsonlz4``, ``.baklz4``, ``.mozlz4``): session store, search settings.

Layout (mozilla-central ``toolkit/components/lz4/lz4.js``: ``MAGIC_NUMBER`` = bytes 109 111 122 76 122
52 48 0, ``BYTES_IN_SIZE_HEADER = ctypes.uint32_t.size``, ``compressFileContent`` /
``decompressFileContent``): the 8-byte magic ``mozLz40\\0``, the decompressed size as an unsigned
32-bit little-endian integer, then one LZ4 *block* (not an LZ4 frame). The size-then-block part is
exactly the layout of the ``lz4`` package's ``lz4.block`` with ``store_size=True``, which decodes it.

The declared size is checked against a cap before anything is allocated (a session store of a
phone is a few hundred kilobytes; a 4 GiB claim is damage or a bomb), and the block must decode to
exactly that many bytes.
"""

from __future__ import annotations

import struct

MAGIC = b"mozLz40\0"
#: the most a decompressed file may claim (session stores are kilobytes to a few megabytes)
MAX_DECOMPRESSED = 64 << 20


class MozLz4Error(ValueError):
    """Not a mozLz4 file, or a damaged one (the message says which)."""


def _block():
    try:
        import lz4.block
    except ImportError as exc:  # pragma: no cover - lz4 is an install requirement
        raise MozLz4Error("the lz4 package is not installed (pip install lz4)") from exc
    return lz4.block


def decompress(data: bytes, limit: int = MAX_DECOMPRESSED) -> bytes:
    """The decompressed content of a mozLz4 file's bytes; :class:`MozLz4Error` when it is not one."""
    if data[:8] != MAGIC:
        raise MozLz4Error("no mozLz40 magic (not a Mozilla LZ4 file)")
    if len(data) < 12:
        raise MozLz4Error("truncated: no decompressed-size field")
    (size,) = struct.unpack_from("<I", data, 8)
    if size > limit:
        raise MozLz4Error(f"declares {size:,} decompressed bytes, more than the {limit:,} allowed")
    block = _block()
    try:
        out = block.decompress(data[8:])
    except Exception as exc:  # lz4.block.LZ4BlockError and friends
        raise MozLz4Error(f"damaged LZ4 block ({exc})") from None
    if len(out) != size:
        raise MozLz4Error(f"decoded {len(out):,} bytes where the header declares {size:,}")
    return out


def compress(content: bytes) -> bytes:
    """The mozLz4 file for ``content`` (used by the synthetic sample builders)."""
    return MAGIC + _block().compress(content, store_size=True)
