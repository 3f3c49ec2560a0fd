"""A deliberately damaged SQLite file, for testing how parsers report unreadable databases.

Layout (file format: sqlite.org/fileformat2.html):

* bytes 0-99: a valid database header: ``"SQLite format 3\\0"``, page size, file format 1/1,
  payload fractions 64/32/32, change counter, page count matching the file size, schema cookie,
  schema format 4, UTF-8, ``user_version`` (57 = the mmssms.db helper version of the DDL source),
  version-valid-for, and a fixed "last written by" SQLite version (3022000, Android-era).
  ``file(1)`` and any header sniffing therefore identify it as a SQLite 3 database.
* page 1 (the ``sqlite_master`` b-tree root) has a plausible b-tree page header: interior table
  page (0x05) with a cell count, content offset and right-most child, but every cell's child
  pointer lies beyond the end of the file, and the cell bodies are random bytes.
* every other page is random bytes.

Observed with SQLite 3.40 (Python ``sqlite3``): ``sqlite3.connect()`` succeeds (it reads nothing),
``PRAGMA user_version`` returns the header value, and any statement that needs the schema --
``SELECT * FROM sqlite_master``, ``SELECT ... FROM sms``, ``PRAGMA integrity_check`` -- raises
``sqlite3.DatabaseError: database disk image is malformed`` (SQLITE_CORRUPT). It does *not*
raise "file is not a database" (that is SQLITE_NOTADB, for a bad header).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from .content import rng

ERROR_MESSAGE = "database disk image is malformed"


def corrupt_sqlite_bytes(*, seed: int | str = 0, page_size: int = 4096, n_pages: int = 12,
                         user_version: int = 57) -> bytes:
    r = rng(seed, "corrupt-sqlite")
    header = bytearray(100)
    header[0:16] = b"SQLite format 3\x00"
    struct.pack_into(">H", header, 16, page_size if page_size < 65536 else 1)
    header[18:24] = bytes((1, 1, 0, 64, 32, 32))  # write/read version, reserved, payload fractions
    change_counter = 3 + r.randrange(40)
    struct.pack_into(">II", header, 24, change_counter, n_pages)  # change counter, size in pages
    struct.pack_into(">II", header, 32, 0, 0)  # no freelist
    struct.pack_into(">II", header, 40, 1 + r.randrange(60), 4)  # schema cookie, schema format 4
    struct.pack_into(">II", header, 48, 0, 0)  # default cache size, no auto-vacuum root
    struct.pack_into(">II", header, 56, 1, user_version)  # UTF-8, user_version
    struct.pack_into(">II", header, 64, 0, 0)  # incremental vacuum, application id
    struct.pack_into(">II", header, 92, change_counter, 3022000)  # version-valid-for, SQLite version

    page1 = bytearray(r.randbytes(page_size))
    page1[:100] = header
    n_cells = 10 + r.randrange(20)
    content_start = page_size // 2
    # interior table b-tree page header: type, first freeblock, cells, content start, fragments,
    # right-most child pointer
    struct.pack_into(">BHHHBI", page1, 100, 0x05, 0, n_cells, content_start, 0, 0x7FFFFF00)
    for i in range(n_cells):
        cell = content_start + i * 16
        struct.pack_into(">H", page1, 112 + 2 * i, cell)
        struct.pack_into(">I", page1, cell, 0x7FFFFF01 + i)  # child page far past the end of file
    return bytes(page1) + r.randbytes(page_size * (n_pages - 1))


def write_corrupt_sqlite(path: str | os.PathLike, *, seed: int | str = 0, page_size: int = 4096,
                         n_pages: int = 12) -> Path:
    """Write a file with a real SQLite header whose b-tree pages are garbage (see module doc).

    Querying it raises ``sqlite3.DatabaseError("database disk image is malformed")``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(corrupt_sqlite_bytes(seed=seed, page_size=page_size, n_pages=n_pages))
    return path
