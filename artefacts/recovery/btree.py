"""Pages of a database image (the main file, optionally with WAL frames laid over it) and b-tree walks.

The layouts are those of sqlite.org ``fileformat2.html`` (b-tree pages, cells, overflow chains),
implemented in :mod:`artefacts.recovery.format`. Everything is read from an ``mmap`` or bytes
opened read-only: the input is never written.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .format import (
    INTERIOR_INDEX,
    INTERIOR_TABLE,
    LEAF_INDEX,
    LEAF_TABLE,
    DbInfo,
    Malformed,
    local_payload,
    parse_page,
    varint,
)


class PageSource:
    """Page images by number (1-based) of one version of a database."""

    def __init__(self, info: DbInfo, getter, n_pages: int):
        self.info = info
        self._get = getter
        self.n_pages = n_pages

    def page(self, number: int) -> bytes | None:
        if number < 1 or number > self.n_pages:
            return None
        return self._get(number)


def file_pages(info: DbInfo, buf) -> PageSource:
    ps = info.page_size

    def get(n):
        data = buf[(n - 1) * ps:n * ps]
        return bytes(data) if len(data) == ps else None

    return PageSource(info, get, len(buf) // ps)


def overlay(base: PageSource, versions: dict[int, bytes], n_pages: int | None = None) -> PageSource:
    """``base`` with some pages replaced (a WAL's committed frames): the database as SQLite sees it."""
    def get(n):
        v = versions.get(n)
        return v() if callable(v) else (v if v is not None else base.page(n))

    return PageSource(base.info, get, n_pages or max([base.n_pages, *versions]))


@dataclass
class Payload:
    data: bytes
    cell_end: int  # offset on the page just past the cell (overflow pointer included)
    overflow: list[int] = field(default_factory=list)
    complete: bool = True


def read_payload(src: PageSource, page: bytes, pos: int, size: int, table_leaf: bool,
                 end: int, avoid: set[int] | frozenset = frozenset()) -> Payload:
    """The ``size``-byte payload whose local part starts at ``pos`` on ``page`` (bounded by ``end``).

    Overflow pages are followed while they exist, are not in ``avoid`` (pages that belong to
    live b-trees: a deleted record's freed overflow page may have been reused) and do not loop;
    the chain is capped by the bytes still missing. A broken chain gives ``complete=False``.
    """
    usable = src.info.usable
    local = local_payload(size, usable, table_leaf)
    if local >= size:
        if pos + size > end:
            raise Malformed("payload runs past its region")
        return Payload(bytes(page[pos:pos + size]), pos + size)
    if pos + local + 4 > end:
        raise Malformed("payload runs past its region")
    parts = [bytes(page[pos:pos + local])]
    have = local
    nxt = struct.unpack_from(">I", page, pos + local)[0]
    pages: list[int] = []
    seen: set[int] = set()
    max_pages = (size - local) // (usable - 4) + 1
    complete = True
    while have < size:
        if not nxt or nxt in seen or nxt in avoid or len(pages) >= max_pages:
            complete = False
            break
        data = src.page(nxt)
        if data is None:
            complete = False
            break
        seen.add(nxt)
        pages.append(nxt)
        take = min(usable - 4, size - have)
        parts.append(data[4:4 + take])
        have += take
        nxt = struct.unpack_from(">I", data, 0)[0]
    return Payload(b"".join(parts), pos + local + 4, pages, complete)


@dataclass
class Cell:
    rowid: int
    payload: Payload
    offset: int


def leaf_cells(src: PageSource, page, avoid=frozenset()):
    """The cells of a table-leaf :class:`~artefacts.recovery.format.Page` (bad cells skipped)."""
    usable = src.info.usable
    for off in page.cells:
        if off < page.pointer_end or off >= usable:
            continue
        try:
            size, p = varint(page.data, off, usable)
            rowid, p = varint(page.data, p, usable)
            if rowid >= 1 << 63:
                rowid -= 1 << 64
            if size > src.n_pages * usable:
                continue
            yield Cell(rowid, read_payload(src, page.data, p, size, True, usable, avoid), off)
        except Malformed:
            continue


class Walk:
    """Every live b-tree page reachable from the roots, with its owner, and the overflow pages.

    Bounded: a page is visited once (loops and shared pages in a damaged file are cut), and
    the depth is capped.
    """

    MAX_DEPTH = 64

    def __init__(self, src: PageSource):
        self.src = src
        self.owner: dict[int, str] = {}  # page number -> b-tree name (table or index)
        self.overflow: set[int] = set()
        self.problems: list[str] = []

    def tree_pages(self, root: int, name: str):
        """Yield parsed pages of the b-tree at ``root`` (table or index), leaves in key order."""
        stack = [(root, 0)]
        while stack:
            number, depth = stack.pop()
            if number in self.owner or depth > self.MAX_DEPTH:
                if number in self.owner and self.owner[number] != name:
                    self.problems.append(f"page {number} is claimed by two b-trees")
                continue
            data = self.src.page(number)
            if data is None:
                self.problems.append(f"b-tree '{name}' points to page {number}, past the end of the file")
                continue
            try:
                page = parse_page(number, data, self.src.info.usable)
            except Malformed as exc:
                self.problems.append(f"b-tree '{name}' page {number}: {exc}")
                continue
            self.owner[number] = name
            if page.type in (INTERIOR_TABLE, INTERIOR_INDEX):
                children = []
                for off in page.cells:
                    if off + 4 <= self.src.info.usable:
                        children.append(struct.unpack_from(">I", data, off)[0])
                if page.right_child:
                    children.append(page.right_child)
                for child in reversed(children):
                    stack.append((child, depth + 1))
                if page.type == INTERIOR_INDEX:
                    yield page
            else:
                yield page

    def mark(self, root: int, name: str, sample: int = 0) -> list[bytes]:
        """Walk a b-tree for its pages and overflow pages only (no payload copied).

        Returns the first ``sample`` bytes-prefixes of table-leaf payloads (for type statistics).
        """
        usable = self.src.info.usable
        heads: list[bytes] = []
        for page in self.tree_pages(root, name):
            table_leaf = page.type == LEAF_TABLE
            data = page.data
            # a payload of at most this many bytes never spills (the local maximum of its page kind)
            fits = usable - 35 if table_leaf else ((usable - 12) * 64 // 255) - 23
            quick = len(heads) >= sample
            for off in page.cells:
                if quick and page.type != INTERIOR_INDEX and off + 1 < usable:
                    b0 = data[off]
                    if b0 < 0x80 or (data[off + 1] < 0x80 and ((b0 & 0x7F) << 7 | data[off + 1]) <= fits):
                        continue  # a one- or two-byte payload size that fits on the page: no overflow
                try:
                    p = off + (4 if page.type == INTERIOR_INDEX else 0)
                    size, p = varint(page.data, p, usable)
                    if table_leaf:
                        _rowid, p = varint(page.data, p, usable)
                    local = local_payload(size, usable, table_leaf)
                    if table_leaf and len(heads) < sample:
                        heads.append(bytes(page.data[p:p + min(local, 64)]))
                        quick = len(heads) >= sample
                    if local < size and p + local + 4 <= usable:
                        self._mark_chain(struct.unpack_from(">I", page.data, p + local)[0], size - local)
                except Malformed:
                    continue
        return heads

    def _mark_chain(self, first: int, remaining: int) -> None:
        per_page = self.src.info.usable - 4
        nxt, n = first, 0
        while nxt and remaining > 0 and n <= remaining // per_page + 1 and nxt not in self.overflow:
            data = self.src.page(nxt)
            if data is None:
                break
            self.overflow.add(nxt)
            remaining -= per_page
            n += 1
            nxt = struct.unpack_from(">I", data, 0)[0]

    def table_rows(self, root: int, name: str):
        """``Cell`` of every live row of the table b-tree at ``root``, in rowid order."""
        for page in self.tree_pages(root, name):
            if page.type == LEAF_TABLE:
                for cell in leaf_cells(self.src, page):
                    self.overflow.update(cell.payload.overflow)
                    yield cell
            elif page.type in (LEAF_INDEX, INTERIOR_INDEX):
                # index cells can spill too: their overflow pages are live
                for off in page.cells:
                    try:
                        p = off + (4 if page.type == INTERIOR_INDEX else 0)
                        size, p = varint(page.data, p, self.src.info.usable)
                        pl = read_payload(self.src, page.data, p, size, False, self.src.info.usable)
                        self.overflow.update(pl.overflow)
                    except Malformed:
                        continue
