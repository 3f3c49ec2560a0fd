"""On-disk structures of SQLite files, read from bytes (never through the SQLite library).

Sources of every constant and layout here (facts, re-implemented):

* the SQLite file format, sqlite.org ``fileformat2.html`` (database header, b-tree pages, cells,
  varints, serial types, the spill rule for overflow, freeblocks, the freelist, pointer maps,
  the rollback journal) and ``walformat.html`` / ``fileformat2.html`` section 4 (WAL header,
  frame header, the cumulative checksum);
* our summary of both in ``/work/shared/reference/sqlite-recovery.md`` section 6;
* cross-checked against the reference readers of DC3 sqlite-dissect
  (dod-cyber-crime-center/sqlite-dissect, ``sqlite_dissect/constants.py``,
  ``sqlite_dissect/file/wal/header.py``) and FQLite (pawlaszczyk/fqlite).

Every reader here takes untrusted bytes: lengths are bounded by the buffer they come from,
overflow chains by the number of pages and a visited set, and a malformed structure raises
:class:`Malformed` (a ``ValueError``), never an ``IndexError`` deep inside.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from construct import Bytes, Const, Int8ub, Int16ub, Int32sb, Int32ub, Padding, Struct

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGIC_LE = 0x377F0682  # checksum words little-endian
WAL_MAGIC_BE = 0x377F0683  # checksum words big-endian
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")

#: b-tree page types (byte 0 of the page header)
INTERIOR_INDEX, INTERIOR_TABLE, LEAF_INDEX, LEAF_TABLE = 0x02, 0x05, 0x0A, 0x0D
BTREE_TYPES = (INTERIOR_INDEX, INTERIOR_TABLE, LEAF_INDEX, LEAF_TABLE)

#: text encodings of header offset 56
ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}

DB_HEADER = Struct(
    "magic" / Const(SQLITE_MAGIC),
    "page_size" / Int16ub,
    "write_version" / Int8ub,
    "read_version" / Int8ub,
    "reserved" / Int8ub,
    "max_payload_fraction" / Int8ub,
    "min_payload_fraction" / Int8ub,
    "leaf_payload_fraction" / Int8ub,
    "change_counter" / Int32ub,
    "db_pages" / Int32ub,
    "freelist_trunk" / Int32ub,
    "freelist_count" / Int32ub,
    "schema_cookie" / Int32ub,
    "schema_format" / Int32ub,
    "cache_size" / Int32ub,
    "largest_root" / Int32ub,
    "encoding" / Int32ub,
    "user_version" / Int32ub,
    "incremental_vacuum" / Int32ub,
    "application_id" / Int32ub,
    Padding(20),
    "version_valid_for" / Int32ub,
    "sqlite_version" / Int32ub,
)

PAGE_HEADER = Struct(
    "type" / Int8ub,
    "first_freeblock" / Int16ub,
    "cells" / Int16ub,
    "content_start" / Int16ub,
    "fragmented" / Int8ub,
).compile()
#: the same eight bytes for the walk over every page of a store (a million-row store: 69,000 pages read
#: twice; construct's compiled parser takes about 4 µs a page, ``struct`` 0.3); tests check they agree
PAGE_HEADER_FAST = struct.Struct(">BHHHB")

WAL_HEADER = Struct(
    "magic" / Int32ub,
    "version" / Int32ub,
    "page_size" / Int32ub,
    "checkpoint_seq" / Int32ub,
    "salt1" / Int32ub,
    "salt2" / Int32ub,
    "checksum1" / Int32ub,
    "checksum2" / Int32ub,
)
WAL_HEADER_SIZE = 32

FRAME_HEADER = Struct(
    "page" / Int32ub,
    "commit_size" / Int32ub,
    "salt1" / Int32ub,
    "salt2" / Int32ub,
    "checksum1" / Int32ub,
    "checksum2" / Int32ub,
)
FRAME_HEADER_SIZE = 24

JOURNAL_HEADER = Struct(
    "magic" / Const(JOURNAL_MAGIC),
    "page_count" / Int32sb,
    "nonce" / Int32ub,
    "initial_pages" / Int32ub,
    "sector_size" / Int32ub,
    "page_size" / Int32ub,
    "rest" / Bytes(0),
)
JOURNAL_HEADER_SIZE = 28


class Malformed(ValueError):
    """A structure that does not follow the file format (hostile or damaged input)."""


# -- varints and serial types ------------------------------------------------------------------

def varint(buf, pos: int, end: int) -> tuple[int, int]:
    """``(value, next position)`` of the varint at ``pos``; :class:`Malformed` past ``end``."""
    value = 0
    for i in range(8):
        if pos + i >= end:
            raise Malformed("varint runs past its region")
        b = buf[pos + i]
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, pos + i + 1
    if pos + 8 >= end:
        raise Malformed("varint runs past its region")
    return (value << 8) | buf[pos + 8], pos + 9


def varint_len(value: int) -> int:
    """Bytes the varint encoding of a non-negative ``value`` takes."""
    if value < 0 or value > 0x00FFFFFFFFFFFFFF:
        return 9
    n = 1
    while value >= 0x80:
        value >>= 7
        n += 1
    return n


_INT_SIZES = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}


def serial_size(stype: int) -> int | None:
    """Body bytes of a serial type; ``None`` for the reserved types 10 and 11."""
    if stype >= 12:
        return (stype - 12) >> 1
    return _INT_SIZES.get(stype)


def decode_value(stype: int, body, pos: int, encoding: str):
    """The Python value of one column (ints signed big-endian, REAL as double, TEXT decoded strictly).

    Raises :class:`Malformed` for text that is not valid in the database encoding, which makes
    the decoder itself a filter against random bytes posing as records.
    """
    if stype == 0:
        return None
    if stype == 8:
        return 0
    if stype == 9:
        return 1
    if 1 <= stype <= 6:
        n = _INT_SIZES[stype]
        return int.from_bytes(bytes(body[pos:pos + n]), "big", signed=True)
    if stype == 7:
        return struct.unpack(">d", bytes(body[pos:pos + 8]))[0]
    n = (stype - 12) >> 1
    raw = bytes(body[pos:pos + n])
    if stype & 1:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise Malformed("text is not valid in the database encoding") from exc
    return raw


def local_payload(payload: int, usable: int, table_leaf: bool) -> int:
    """Bytes of a payload of ``payload`` bytes kept on the b-tree page (the rest spills to overflow)."""
    max_local = usable - 35 if table_leaf else ((usable - 12) * 64 // 255) - 23
    if payload <= max_local:
        return payload
    min_local = ((usable - 12) * 32 // 255) - 23
    k = min_local + (payload - min_local) % (usable - 4)
    return k if k <= max_local else min_local


# -- headers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DbInfo:
    page_size: int
    usable: int
    encoding: str
    pages: int
    freelist_trunk: int
    freelist_count: int
    schema_format: int
    largest_root: int
    wal_mode: bool


def read_db_header(head: bytes, file_size: int) -> DbInfo:
    """The facts of the 100-byte database header the carver needs."""
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        raise Malformed("not an SQLite 3 database (no 'SQLite format 3' header)")
    h = DB_HEADER.parse(head[:100])
    page_size = 65536 if h.page_size == 1 else h.page_size
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise Malformed(f"page size {h.page_size} is not a power of two between 512 and 65536")
    usable = page_size - h.reserved
    if usable < 480:
        raise Malformed(f"{h.reserved} reserved bytes leave a usable page size of {usable} (< 480)")
    encoding = ENCODINGS.get(h.encoding, "utf-8") if h.encoding else "utf-8"
    return DbInfo(page_size, usable, encoding, file_size // page_size, h.freelist_trunk, h.freelist_count,
                  h.schema_format, h.largest_root, h.write_version == 2 or h.read_version == 2)


def ptrmap_pages(info: DbInfo) -> set[int]:
    """Page numbers of the pointer-map pages of an auto-vacuum database (none otherwise)."""
    if not info.largest_root:
        return set()
    step = info.usable // 5 + 1
    out, p = set(), 2
    while p <= info.pages:
        out.add(p)
        p += step
    return out


def lock_byte_page(info: DbInfo) -> int:
    """The page holding the lock bytes at offset 1 GiB (never b-tree data)."""
    return 0x40000000 // info.page_size + 1


# -- b-tree pages --------------------------------------------------------------------------------

@dataclass
class Page:
    """A b-tree page image: header fields, cell offsets, free areas. ``data`` is the whole page."""

    number: int
    data: bytes
    type: int
    hdr: int  # offset of the page header (100 on page 1)
    first_freeblock: int
    cells: list[int]
    content_start: int
    right_child: int | None
    usable: int

    @property
    def pointer_end(self) -> int:
        return self.hdr + (12 if self.type in (INTERIOR_INDEX, INTERIOR_TABLE) else 8) + 2 * len(self.cells)

    def freeblocks(self) -> list[tuple[int, int]]:
        """``(offset, size)`` of the freeblock chain, in order; stops at a loop, a backward link or the page end."""
        out = []
        off, seen = self.first_freeblock, set()
        while off and off not in seen and len(out) < self.usable // 4:
            seen.add(off)
            if off < self.pointer_end or off + 4 > self.usable:
                break
            nxt, size = struct.unpack_from(">HH", self.data, off)
            if size < 4 or off + size > self.usable:
                break
            out.append((off, size))
            if nxt and nxt <= off:
                break
            off = nxt
        return out

    def gap(self) -> tuple[int, int]:
        """The unallocated area between the cell-pointer array and the cell-content area."""
        return self.pointer_end, max(self.pointer_end, min(self.content_start, self.usable))


def parse_page(number: int, data: bytes, usable: int) -> Page:
    """Read a page as a b-tree page; :class:`Malformed` if its header is not one."""
    hdr = 100 if number == 1 else 0
    if len(data) < hdr + 8:
        raise Malformed("page too short")
    ptype, first_freeblock, n, content_start, _fragmented = PAGE_HEADER_FAST.unpack_from(data, hdr)
    if ptype not in BTREE_TYPES:
        raise Malformed(f"page type {ptype:#x} is not a b-tree page")
    interior = ptype in (INTERIOR_INDEX, INTERIOR_TABLE)
    right = struct.unpack_from(">I", data, hdr + 8)[0] if interior else None
    ptr = hdr + (12 if interior else 8)
    if ptr + 2 * n > usable:
        raise Malformed(f"{n} cells do not fit on the page")
    cells = list(struct.unpack_from(f">{n}H", data, ptr)) if n else []
    content = content_start or 65536
    return Page(number, data, ptype, hdr, first_freeblock, cells, content, right, usable)


# -- records -------------------------------------------------------------------------------------

def record_header(buf, pos: int, end: int) -> tuple[list[int], int]:
    """Serial types of the record at ``pos`` and where its body starts (header length checked)."""
    hlen, p = varint(buf, pos, end)
    hend = pos + hlen
    if hlen < 1 or hend > end or hend <= pos:
        raise Malformed("record header runs past its region")
    types = []
    while p < hend:
        t, p = varint(buf, p, hend)
        types.append(t)
    if p != hend:
        raise Malformed("record header length does not match its serial types")
    return types, hend


def decode_body(types: list[int], body, pos: int, end: int, encoding: str) -> tuple[list, int]:
    """Values of a record body starting at ``pos``; :class:`Malformed` if it does not fit before ``end``."""
    values = []
    for t in types:
        n = serial_size(t)
        if n is None:
            raise Malformed(f"reserved serial type {t}")
        if pos + n > end:
            raise Malformed("record body runs past its region")
        values.append(decode_value(t, body, pos, encoding))
        pos += n
    return values, pos


def body_size(types) -> int | None:
    total = 0
    for t in types:
        n = serial_size(t)
        if n is None:
            return None
        total += n
    return total


def types_header_len(types) -> int:
    """The record header length (its own varint included) for these serial types."""
    n = sum(varint_len(t) for t in types)
    h = n + 1
    return h if varint_len(h) == 1 else n + varint_len(n + varint_len(n))


# -- WAL -----------------------------------------------------------------------------------------

def wal_checksum(data, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    """Fold ``data`` (a multiple of 8 bytes) into the running WAL checksum."""
    n = len(data) // 4
    words = struct.unpack((">" if big_endian else "<") + f"{n}I", data[:n * 4])
    for i in range(0, n - 1, 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


@dataclass(frozen=True)
class WalFrame:
    index: int  # 1-based frame number in the file
    offset: int  # of the frame header in the -wal file
    page: int
    commit_size: int
    salt1: int
    salt2: int
    valid: bool  # salts of the header and checksum chain both match
    committed: bool  # valid and at or before the last valid commit frame of its salt generation


def wal_frames(wal, page_size_hint: int | None = None) -> tuple[dict, list[WalFrame]]:
    """The WAL header and every frame (valid or not, every salt generation) of a ``-wal`` image.

    A frame is *valid* when its salts equal the header's and the running checksum matches; the
    valid log ends at its last valid commit frame (later valid frames are uncommitted). Frames
    past the first invalid one keep older salts (WAL slack): they are grouped by their own salt
    pair and each group's chain is checked from the group's first frame, its checksum seeded from
    that frame's stored values (the header that started it is gone).
    """
    if len(wal) < WAL_HEADER_SIZE:
        raise Malformed("WAL file shorter than its 32-byte header")
    h = WAL_HEADER.parse(bytes(wal[:WAL_HEADER_SIZE]))
    if h.magic not in (WAL_MAGIC_LE, WAL_MAGIC_BE):
        raise Malformed("no WAL magic number")
    page_size = h.page_size if h.page_size else (page_size_hint or 0)
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        raise Malformed(f"WAL page size {h.page_size} is not valid")
    big = h.magic == WAL_MAGIC_BE
    s0, s1 = wal_checksum(bytes(wal[:24]), 0, 0, big)
    header = dict(h)
    header.pop("_io", None)
    header["header_checksum_ok"] = (s0, s1) == (h.checksum1, h.checksum2)
    frame_size = FRAME_HEADER_SIZE + page_size
    n = (len(wal) - WAL_HEADER_SIZE) // frame_size
    raw = []
    chain_ok = header["header_checksum_ok"]
    cur = (s0, s1)
    cur_salts = (h.salt1, h.salt2)
    for i in range(n):
        off = WAL_HEADER_SIZE + i * frame_size
        fh = FRAME_HEADER.parse(bytes(wal[off:off + FRAME_HEADER_SIZE]))
        salts = (fh.salt1, fh.salt2)
        if salts != cur_salts:
            # a new salt generation (slack of an earlier log): its chain starts here
            cur_salts, chain_ok = salts, True
            cur = None
        if cur is None:
            valid = True  # the first frame of a slack generation: its seed is lost, accepted on salts
            cur = (fh.checksum1, fh.checksum2)
        else:
            c = wal_checksum(bytes(wal[off:off + 8]), cur[0], cur[1], big)
            c = wal_checksum(bytes(wal[off + FRAME_HEADER_SIZE:off + frame_size]), c[0], c[1], big)
            valid = chain_ok and c == (fh.checksum1, fh.checksum2)
            cur = c if valid else cur
            if not valid:
                chain_ok = False
        raw.append([i + 1, off, fh.page, fh.commit_size, fh.salt1, fh.salt2, valid and fh.page > 0])
    frames = []
    # committed: valid frames up to the last valid commit frame of their generation
    last_commit = {}
    for f in raw:
        if f[6] and f[3]:
            last_commit[(f[4], f[5])] = f[0]
    for f in raw:
        lc = last_commit.get((f[4], f[5]), 0)
        frames.append(WalFrame(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[6] and f[0] <= lc))
    header["page_size"] = page_size
    return header, frames


# -- rollback journal ----------------------------------------------------------------------------

@dataclass(frozen=True)
class JournalPage:
    index: int
    offset: int  # of the page image in the journal
    page: int


def journal_pages(journal, db_page_size: int) -> tuple[dict, list[JournalPage]]:
    """Page images of a rollback journal (header zeroed or not: 'persist' mode keeps the records).

    Records are u32 page number, the page as it was before the transaction, u32 checksum; they
    start one sector after each header. A zeroed header leaves the sector and page sizes unknown:
    the database's page size and the usual 512-byte sector are assumed.
    """
    header: dict = {"magic_ok": bytes(journal[:8]) == JOURNAL_MAGIC}
    if header["magic_ok"] and len(journal) >= JOURNAL_HEADER_SIZE:
        h = JOURNAL_HEADER.parse(bytes(journal[:JOURNAL_HEADER_SIZE]))
        header.update(page_count=h.page_count, nonce=h.nonce, initial_pages=h.initial_pages,
                      sector_size=h.sector_size, page_size=h.page_size)
    sector = header.get("sector_size") or 512
    if sector < 32 or sector > 65536 or sector & (sector - 1):
        sector = 512
    page_size = header.get("page_size") or db_page_size
    if page_size != db_page_size:
        page_size = db_page_size
    rec = 4 + page_size + 4
    pages = []
    off = sector
    i = 0
    while off + rec <= len(journal) and i < len(journal) // rec + 1:
        pgno = struct.unpack_from(">I", journal, off)[0]
        if pgno == 0 and not any(journal[off + 4:off + 4 + 64]):
            # a zeroed area (a later header sector or padding): look past it
            off += sector
            continue
        if bytes(journal[off:off + 8]) == JOURNAL_MAGIC:
            off += sector  # the header of a further segment
            continue
        i += 1
        pages.append(JournalPage(i, off + 4, pgno))
        off += rec
    return header, pages
