"""Finding records in free space and old page versions, matched against table schemas.

What is carved (see ``docs/recovery.md``), each a *region* of a page image:

* ``freeblock`` -- the freeblock chain of a b-tree page. When SQLite frees a cell it writes the
  4-byte freeblock header (next offset, size) over the cell's first bytes: the payload-size and
  rowid varints, the record-header length and sometimes the first serial type. Adjacent freed
  cells merge into one freeblock whose size is exact, so the cells it holds *tile* it: the carver
  searches for a sequence of records (intact cells, or cells with the first 4 bytes lost) that
  fills the freeblock to within 3 fragment bytes, and only falls back to a truncated last record
  (a freeblock whose tail a later insert took) when no tiling exists.
* ``unallocated`` -- the gap between the cell-pointer array and the cell-content area: a freed
  cell at the start of the content area is released by moving the content-start pointer and
  stays intact; scanned byte by byte for complete cells.
* ``freelist`` / ``unused`` -- freelist leaf pages (and pages no b-tree or freelist claims) keep
  whatever page they were: parsed as b-tree pages (every cell) when their header is one, else
  scanned byte by byte; freelist trunk pages after their 8 + 4L header bytes.
* ``wal_frame`` / ``journal`` / ``superseded`` -- page images in a ``-wal`` file (every frame,
  every salt generation, committed or not), in a rollback journal, and main-file pages that
  the WAL replaces: every cell, freeblock and gap.

A candidate record must fit a table: its number of serial types equals the column count (fewer
only on a page the table owns: columns added by ALTER TABLE), each serial type is one the
column's affinity and NOT NULL allow (:meth:`artefacts.recovery.schema.Column.allows`), the
payload size equals header plus body, the body fits the region, and text decodes in the
database encoding. This is the schema-signature method of FQLite and bring2lite
(``/work/shared/reference/sqlite-recovery.md`` sections 4 and 6), written anew here.
"""

from __future__ import annotations

import heapq
import re
import struct
from dataclasses import dataclass, field

from .btree import PageSource, read_payload
from .format import (
    INTERIOR_TABLE,
    LEAF_TABLE,
    Malformed,
    Page,
    body_size,
    decode_body,
    decode_value,
    local_payload,
    parse_page,
    record_header,
    serial_size,
    types_header_len,
    varint,
)
from .schema import Table

MISSING = object()  #: a column whose value did not survive

#: C0 control characters other than tab, newline and carriage return
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: at most this many candidate records per database (hostile input: a file of repeated cells)
MAX_CANDIDATES = 2_000_000


def _substance(values) -> int:
    """Evidence a header-lost reading carries: 1 per value other than NULL/0/1/empty, 2 for text or a BLOB of 4+."""
    score = 0
    for v in values:
        if v is MISSING or v in (None, 0, 1, "", b""):
            continue
        score += 2 if isinstance(v, (str, bytes)) and len(v) >= 4 else 1
    return score


@dataclass
class Candidate:
    table: Table
    rowid: int | None
    values: list  # one per column; MISSING where lost
    region: str
    area: str  # cell | freeblock | unallocated | page
    page: int | None
    offset: int
    length: int
    confidence: str  # high (complete cell) | medium (header bytes lost, tiled) | low (truncated or guessed)
    method: str  # cell | header_lost | truncated
    overflow: list[int] = field(default_factory=list)
    source: str = "db"  # db | wal | journal
    frame: object = None  # WalFrame
    journal_record: int | None = None
    tables: list[str] = field(default_factory=list)  # every table whose schema fits (ambiguous shapes)

    @property
    def partial(self) -> bool:
        return any(v is MISSING for v in self.values)

    @property
    def missing(self) -> list[str]:
        return [c.name for c, v in zip(self.table.columns, self.values) if v is MISSING]


@dataclass
class Origin:
    """Where a page image comes from, stamped on every candidate found in it."""

    region: str
    source: str = "db"
    frame: object = None
    journal_record: int | None = None


class Matcher:
    """Decodes records at a position of a page image against a set of tables."""

    def __init__(self, src: PageSource, avoid: set[int]):
        self.src = src
        self.usable = src.info.usable
        self.encoding = src.info.encoding
        self.max_payload = max(src.n_pages, 1) * self.usable
        self.avoid = avoid

    # -- a complete cell: payload size, rowid, record --------------------------------------------
    def cell(self, buf, pos: int, end: int, tables: list[Table], owned: bool):
        """``(table, rowid, values, cell end, overflow, matches)`` of a complete table-leaf cell at ``pos``."""
        try:
            size, p = varint(buf, pos, end)
            if size < 2 or size > self.max_payload:
                return None
            rowid, p = varint(buf, p, end)
            if rowid >= 1 << 63:
                rowid -= 1 << 64
            types, bstart = record_header(buf, p, min(end, p + size))
        except Malformed:
            return None
        matches = [t for t in tables if t.matches(types, owned)]
        if not matches:
            return None
        bs = body_size(types)
        if bs is None or (bstart - p) + bs != size:
            return None
        try:
            pl = read_payload(self.src, buf, p, size, True, end, self.avoid)
            values = self._values(types, pl, bstart - p)
        except Malformed:
            return None
        return matches, rowid, self._pad(matches[0], values), pl.cell_end, pl.overflow

    def _values(self, types, pl, start: int) -> list:
        """The record's values; when its overflow chain broke, those wholly before the break (the rest MISSING)."""
        if pl.complete:
            return decode_body(types, pl.data, start, len(pl.data), self.encoding)[0]
        values, pos = [], start
        for t in types:
            n = serial_size(t)
            if n is None or pos + n > len(pl.data):
                break
            values.append(self._value(t, pl.data, pos))
            pos += n
        if not any(v is not None for v in values):
            raise Malformed("nothing survives before the broken overflow chain")
        return values + [MISSING] * (len(types) - len(values))

    # -- a freed cell whose first 4 bytes are the freeblock header ------------------------------
    def header_lost(self, buf, pos: int, end: int, tables: list[Table], owned: bool):
        """Every reading of a cell at ``pos`` whose first 4 bytes were overwritten.

        The lost bytes held the payload size, the rowid, the header length and, when those took
        only 3 bytes, the first serial type. ``skip`` (0-2) is how many surviving bytes of the
        rowid / header-length varints precede the serial types; ``lost`` (0 or 1) whether the
        first column's serial type is gone (its size is then tried from the column's fixed-size
        types, or taken from the end of the region for text and blobs).
        """
        out = []
        if pos + 4 > end:
            return out
        # the 4 bytes are the freeblock header written when this cell was freed: the next
        # freeblock (0 or further up the page) and a size covering at least this cell
        nxt_fb, fb_size = struct.unpack_from(">HH", buf, pos)
        if (nxt_fb and nxt_fb <= pos) or fb_size < 4 or pos + fb_size > self.usable:
            return out
        for table in tables:
            cols = table.columns
            n = len(cols)
            if n < (2 if owned else 3):
                continue  # one or two serial types are too little evidence without the cell header
            for skip in (0, 1, 2):
                hp = pos + 4 + skip
                for lost in (0, 1):
                    if lost and skip > 1:
                        continue
                    types: list[int] = []
                    p = hp
                    ok = True
                    for i in range(lost, n):
                        try:
                            t, p = varint(buf, p, end)
                        except Malformed:
                            ok = False
                            break
                        if not cols[i].allows(t):
                            ok = False
                            break
                        types.append(t)
                    if not ok:
                        continue
                    if not lost:
                        if skip and buf[hp - 1] != types_header_len(types):
                            continue
                        out.extend(r for r in self._finish(buf, pos, p, end, table, types, None, 0)
                                   if r[3] - pos <= fb_size)
                        continue
                    rest = body_size(types)
                    if rest is None:
                        continue
                    firsts = list(cols[0].sizes())
                    if cols[0].affinity != "INTEGER" and not cols[0].rowid_alias:
                        # variable-size text / blob: only the end of the region can tell its size
                        tail = end - p - rest
                        if tail > 0:
                            for t0 in (13 + 2 * tail, 12 + 2 * tail):  # text first
                                if cols[0].allows(t0):
                                    firsts.append((t0, tail))
                    for t0, _s0 in firsts:
                        out.extend(r for r in self._finish(buf, pos, p, end, table, [t0, *types], 1, skip)
                                   if r[3] - pos <= fb_size)
        # readings whose length is the stored freeblock size exactly come first
        out.sort(key=lambda r: r[3] - pos != fb_size)
        return out

    def _finish(self, buf, pos, bstart, end, table, types, lost_first, skip):
        """Decode the body of a header-lost cell (following its overflow chain when it spilled)."""
        bs = body_size(types)
        if bs is None:
            return []
        hlen = types_header_len(types)
        size = hlen + bs
        local = local_payload(size, self.usable, True)
        try:
            if local < size:
                # the local part ends ``local - hlen`` bytes into the body, then the overflow pointer
                lend = bstart + (local - hlen)
                if lend + 4 > end or lend < bstart:
                    return []
                fake = bytes(hlen) + bytes(buf[bstart:lend]) + bytes(buf[lend:lend + 4])
                pl = read_payload(self.src, fake, 0, size, True, len(fake), self.avoid)
                values = self._values(types, pl, hlen)
                cend, ovf = lend + 4, pl.overflow
            else:
                values, cend = decode_body(types, buf, bstart, end, self.encoding)
                ovf = []
        except Malformed:
            return []
        if _substance(values) < 2:
            return []  # zeroed or stray bytes read as NULLs and small numbers are no evidence of a record
        if any(isinstance(v, str) and _CONTROL.search(v) for v in values):
            return []  # text with control characters: bytes of something else read as a record
        if any(c.affinity == "TEXT" and t >= 12 and not t & 1 for c, t in zip(table.columns, types)):
            return []  # a BLOB in a TEXT column: possible, but too weak without the cell header
        for t, v in zip(types, values):
            if t >= 20 and isinstance(v, bytes) and v.count(0) * 4 > len(v) * 3:
                return []  # a BLOB of 4+ bytes, mostly zeros: a zeroed area read as a value, not a record
        if lost_first:
            c0 = table.columns[0]
            if types[0] in (0, 8, 9) and not c0.rowid_alias and sum(c0.allows(t) for t in (0, 8, 9)) > 1:
                # a zero-length first column: NULL, 0 or 1, which one is lost
                values[0] = MISSING
        values = self._pad(table, values)
        alias = table.alias_index
        if alias is not None and alias < len(values) and values[alias] is None:
            values[alias] = MISSING  # the rowid it stands for was in the lost bytes
        return [(table, None, values, cend, ovf, bool(lost_first), types[0] if types else None)]

    def truncated(self, buf, pos: int, end: int, tables: list[Table]):
        """A header-lost cell whose body runs past ``end`` (a later insert took the freeblock's tail)."""
        best = None
        for table in tables:
            cols = table.columns
            n = len(cols)
            if n < 3:
                continue
            for skip in (0, 1, 2):
                p = pos + 4 + skip
                types = []
                try:
                    for i in range(n):
                        t, p = varint(buf, p, end)
                        if not cols[i].allows(t):
                            raise Malformed("type")
                        types.append(t)
                except Malformed:
                    continue
                if skip and buf[pos + 3 + skip] != types_header_len(types):
                    continue
                values = []
                q = p
                for t in types:
                    s = serial_size(t)
                    if s is None or q + s > end:
                        break
                    try:
                        values.append(self._value(t, buf, q))
                    except Malformed:
                        break
                    q += s
                if len(values) == n or not any(v not in (None, MISSING) for v in values):
                    continue
                values += [MISSING] * (n - len(values))
                if best is None or sum(v is not MISSING for v in values) > sum(v is not MISSING for v in best[2]):
                    best = (table, None, values, end, [], True)
        return best

    def _value(self, t, buf, q):
        return decode_value(t, buf, q, self.encoding)

    @staticmethod
    def _pad(table: Table, values: list) -> list:
        n = len(table.columns)
        if len(values) < n:
            # columns added by ALTER TABLE after the record was written: their default, not stored
            values = values + [None] * (n - len(values))
        return values


class Carver:
    """Carves the regions of page images into :class:`Candidate` records."""

    def __init__(self, src: PageSource, avoid: set[int], sink):
        self.m = Matcher(src, avoid)
        self.src = src
        self.usable = src.info.usable
        self.sink = sink  # called with each Candidate
        self.count = 0
        self.hints: dict[str, int] = {}  # table -> the serial type most live rows have in column 0

    def _emit(self, found, origin: Origin, page: int | None, area: str, offset: int, confidence: str, method: str):
        matches, rowid, values, end, ovf = found[0], found[1], found[2], found[3], found[4]
        if isinstance(matches, Table):
            matches = [matches]
        self.count += 1
        if self.count > MAX_CANDIDATES:
            raise Malformed(f"more than {MAX_CANDIDATES} candidate records: carving stopped")
        region = area if origin.region == "free_space" else origin.region
        self.sink(Candidate(matches[0], rowid, values, region, area, page, offset, end - offset, confidence,
                            method, list(ovf), origin.source, origin.frame, origin.journal_record,
                            [t.name for t in matches]))

    # -- regions ---------------------------------------------------------------------------------
    def btree_page(self, page: Page, tables: list[Table], owned: bool, origin: Origin, cells: bool):
        """Cells (when ``cells``), freeblocks and the gap of a table-leaf page image.

        Of a table-interior page only the gap: a page that was a leaf before a balance made it an
        interior page keeps the old cells below its few new ones.
        """
        if page.type == INTERIOR_TABLE:
            g0, g1 = page.gap()
            if g1 - g0 >= 4:
                self.gap(page.data, g0, g1, tables, owned, origin, page.number, "unallocated")
            return
        if page.type != LEAF_TABLE:
            return
        buf = page.data
        if cells:
            for off in page.cells:
                if off < page.pointer_end or off >= self.usable:
                    continue
                found = self.m.cell(buf, off, self.usable, tables, owned)
                if found:
                    self._emit(found, origin, page.number, "cell", off, "high", "cell")
        for off, size in page.freeblocks():
            self.freeblock(buf, off, off + size, tables, owned, origin, page.number)
        g0, g1 = page.gap()
        if g1 - g0 >= 4:
            self.gap(buf, g0, g1, tables, owned, origin, page.number, "unallocated")

    def gap(self, buf, g0: int, g1: int, tables, owned, origin, page_no, area: str):
        """The unallocated area: freed cells released into it end exactly at the content start.

        Cells freed at the start of the content area (and, when a page empties, every cell of
        it) are released by moving the content-start pointer: they tile ``[s, g1)`` for some
        ``s``. A reverse search finds the lowest ``s`` from which records reach ``g1`` exactly;
        below it, complete cells are scanned for byte by byte.
        """
        chain: dict[int, tuple] = {g1: None}
        lowest = None
        for pos in range(g1 - 4, g0 - 1, -1):
            if not (buf[pos] or buf[pos + 1] or buf[pos + 2] or buf[pos + 3]):
                continue  # four zero bytes start neither a cell nor a freeblock header
            for found, lost in self._readings(buf, pos, g1, tables, owned):
                if found[3] in chain and found[3] > pos:
                    chain[pos] = (found, lost)
                    lowest = pos
                    break
        if lowest is not None:
            pos = lowest
            while pos != g1:
                found, lost = chain[pos]
                self._emit(found, origin, page_no, area, pos, "medium" if lost else "high",
                           "header_lost" if lost else "cell")
                pos = found[3]
            g1 = lowest
        if g1 - g0 >= 4:
            self.scan(buf, g0, g1, tables, owned, origin, page_no, area)

    def freeblock(self, buf, start: int, end: int, tables, owned, origin, page_no):
        path = self._tile(buf, start, end, tables, owned)
        if path is not None:
            for off, found, lost in path:
                conf = "high" if not lost else "medium"
                self._emit(found, origin, page_no, "freeblock", off, conf, "header_lost" if lost else "cell")
            return
        # no tiling (a later insert took the freeblock's tail): the records that chain from the
        # start, then a truncated one
        pos = self.follow(buf, start, end, tables, owned, origin, page_no, "freeblock")
        if pos < end - 4:
            tr = self.m.truncated(buf, pos, end, tables)
            if tr:
                self._emit(tr, origin, page_no, "freeblock", pos, "low", "truncated")
            else:
                self.scan(buf, pos + 4, end, tables, owned, origin, page_no, "freeblock")

    def follow(self, buf, pos: int, end: int, tables, owned, origin, page_no, area: str) -> int:
        """Emit the records that chain from ``pos`` (cells lie side by side); where the chain stops."""
        while pos < end - 3:
            step = self._pick(buf, pos, end, tables, owned)
            if step is None:
                break
            found, lost = step
            self._emit(found, origin, page_no, area, pos, "low" if lost else "high", "header_lost" if lost else "cell")
            pos = found[3]
        return pos

    def _readings(self, buf, pos, end, tables, owned):
        c = self.m.cell(buf, pos, end, tables, owned)
        if c:
            yield c, False
        for r in self.m.header_lost(buf, pos, end, tables, owned):
            yield r, True

    def _pick(self, buf, pos, end, tables, owned):
        """The one reading at ``pos`` that stands without a tiling to confirm it, or ``None``.

        A complete cell; else a header-lost reading whose length is its stored freeblock size;
        else the only one whose serial types all survived; else the only one whose lost first
        serial type is the one most live rows of the table have in that column (``hints``).
        """
        readings = list(self._readings(buf, pos, end, tables, owned))
        if not readings:
            return None
        if not readings[0][1]:
            return readings[0]
        fb_size = struct.unpack_from(">H", buf, pos + 2)[0]
        exact = [r for r in readings if r[0][3] - pos == fb_size]
        if len({r[0][3] for r in exact}) == 1:
            return exact[0]
        whole = [r for r in readings if not r[0][5]]
        if len({r[0][3] for r in whole}) == 1:
            return whole[0]
        hinted = [r for r in readings if r[0][5] and self.hints.get(r[0][0].name) == r[0][6]]
        if len({r[0][3] for r in hinted}) == 1:
            return hinted[0]
        return None

    def _tile(self, buf, start: int, end: int, tables, owned):
        """Records that exactly fill ``[start, end)`` (up to 3 fragment bytes at the end), or ``None``."""
        prev: dict[int, tuple] = {start: None}
        heap = [start]
        done = set()
        budget = 4 * (end - start) + 64
        while heap and budget > 0:
            pos = heapq.heappop(heap)
            if pos in done:
                continue
            done.add(pos)
            if pos >= end - 3:
                continue
            for found, lost in self._readings(buf, pos, end, tables, owned):
                budget -= 1
                nxt = found[3]
                if nxt <= pos or nxt > end:
                    continue
                if nxt not in prev:
                    prev[nxt] = (pos, found, lost)
                    heapq.heappush(heap, nxt)
        # an exact fit first; else up to 3 fragment bytes left at the end
        goal = next((g for g in (end, end - 1, end - 2, end - 3) if g > start and g in prev), None)
        if goal is None:
            return None
        path = []
        pos = goal
        while prev[pos] is not None:
            p, found, lost = prev[pos]
            path.append((p, found, lost))
            pos = p
        path.reverse()
        return path

    def scan(self, buf, start: int, end: int, tables, owned, origin, page_no, area: str):
        """Complete cells anywhere in ``[start, end)``, byte by byte, each with the freed cells that follow it."""
        pos = start
        while pos < end - 3:
            if not buf[pos]:
                pos += 1  # a payload size starts with a non-zero byte
                continue
            found = self.m.cell(buf, pos, end, tables, owned)
            if found:
                self._emit(found, origin, page_no, area, pos, "high", "cell")
                pos = self.follow(buf, found[3], end, tables, owned, origin, page_no, area)
            else:
                pos += 1

    def image(self, number: int, data: bytes, tables: list[Table], owned: bool, origin: Origin, start: int = 0):
        """A whole page image of unknown standing: as a table leaf if it is one, else scanned."""
        try:
            page = parse_page(number, data, self.usable)
        except Malformed:
            page = None
        if page is not None and page.type in (LEAF_TABLE, INTERIOR_TABLE):
            self.btree_page(page, tables, owned, origin, cells=True)
            return
        if page is not None:
            return  # an interior or index page: no table records
        self.gap(data, start, self.usable, tables, owned, origin, number, "page")


def trunk_header_len(data: bytes, usable: int) -> int:
    """Bytes at the start of a freelist trunk page that its own header took (8 + 4 per leaf)."""
    n = struct.unpack_from(">I", data, 4)[0]
    return min(usable, 8 + 4 * min(n, (usable - 8) // 4))
