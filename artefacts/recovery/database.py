"""Recovery of one database file (with its ``-wal`` and ``-journal`` when present): the driver.

Order of work:

1. the database as SQLite sees it: the main file with the WAL's last committed frame of each page
   laid over it; its ``sqlite_master`` (live schema), every live b-tree page with its owner, the
   live overflow pages, the freelist (trunk and leaf pages, loops cut);
2. schema residue: deleted ``sqlite_master`` records in the free space of page 1 and in every
   older image of page 1 (WAL frames, journal, the main file's own page 1 when the WAL replaces
   it) give the columns of dropped and earlier tables;
3. carving (:mod:`artefacts.recovery.carve`): the free space of every live table page, every
   freelist and unused page, every WAL frame and journal page image, every superseded main-file page;
4. de-duplication against the live rows (:mod:`artefacts.recovery.dedup`);
5. deletion evidence without content: rowid gaps below ``sqlite_sequence`` (AUTOINCREMENT tables).

Everything is read from read-only memory maps; a damaged structure gives a *problem* (one line
naming the reason) and the run goes on with the rest.
"""

from __future__ import annotations

import base64
from collections import Counter
import math
import mmap
import os
import struct
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .btree import PageSource, Walk, file_pages, overlay
from .carve import MISSING, Candidate, Carver, Origin, trunk_header_len
from .dedup import classify
from .format import (
    INTERIOR_TABLE,
    LEAF_TABLE,
    Malformed,
    decode_body,
    journal_pages,
    lock_byte_page,
    parse_page,
    ptrmap_pages,
    read_db_header,
    record_header,
    varint,
    wal_frames,
)
from .schema import MASTER, Schema, Table, tables_from_master

#: ranges of missing rowids listed per table in deletion evidence (the count is always complete)
MAX_GAP_RANGES = 1000
#: live rows per table read for the usual serial type of the first column (a hint for lost type bytes)
HINT_SAMPLE = 500


@dataclass
class Recovery:
    """The outcome of :func:`recover_database`: records (dicts), problems (strings), counts."""

    path: str
    records: list[dict] = field(default_factory=list)
    found: list[tuple] = field(default_factory=list)  # (Candidate, status, copies), parallel to records
    evidence: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def _map(path: Path, stack: ExitStack):
    f = stack.enter_context(open(path, "rb"))
    size = os.fstat(f.fileno()).st_size
    if size == 0:
        return b""
    return stack.enter_context(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))


def json_value(v):
    """A column value for JSON: bytes as ``{"base64": ...}``, non-finite floats as text."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"base64": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return v


def decode_row(table: Table, payload: bytes, encoding: str) -> list:
    types, bstart = record_header(payload, 0, len(payload))
    values, _ = decode_body(types, payload, bstart, len(payload), encoding)
    n = len(table.columns)
    if len(values) < n:
        values += [None] * (n - len(values))
    return values[:n]


class _Db:
    """The views of one database: main file, WAL frames, journal pages, live structure."""

    def __init__(self, path: Path, wal: Path | None, journal: Path | None, stack: ExitStack, problems: list):
        self.problems = problems
        self.buf = _map(path, stack)
        self.info = read_db_header(bytes(self.buf[:100]), len(self.buf))
        self.main = file_pages(self.info, self.buf)
        self.frames = []
        self.wal_header = None
        self.wal = None
        versions: dict[int, object] = {}
        n_pages = self.main.n_pages
        if wal is not None:
            self.wal = _map(wal, stack)
            if len(self.wal):
                try:
                    self.wal_header, self.frames = wal_frames(self.wal, self.info.page_size)
                    if self.wal_header["page_size"] != self.info.page_size:
                        problems.append(f"{wal.name}: WAL page size {self.wal_header['page_size']} differs from "
                                        f"the database's {self.info.page_size}: WAL not used")
                        self.frames = []
                except Malformed as exc:
                    problems.append(f"{wal.name}: {exc}: WAL not used")
            cur_salts = (self.wal_header or {}).get("salt1"), (self.wal_header or {}).get("salt2")
            for f in self.frames:
                if f.committed and (f.salt1, f.salt2) == cur_salts:
                    versions[f.page] = self._frame_getter(f)
                    n_pages = f.commit_size or n_pages
        self.versions = versions
        self.current = overlay(self.main, versions, n_pages) if versions else self.main
        self.journal = None
        self.journal_pages = []
        if journal is not None:
            self.journal = _map(journal, stack)
            if len(self.journal) >= 512:
                try:
                    _h, self.journal_pages = journal_pages(self.journal, self.info.page_size)
                except (Malformed, struct.error) as exc:
                    problems.append(f"{journal.name}: {exc}: journal not used")

    def _frame_getter(self, f):
        ps = self.info.page_size
        off = f.offset + 24
        return lambda: bytes(self.wal[off:off + ps])

    def frame_data(self, f) -> bytes:
        return self._frame_getter(f)()

    def journal_data(self, j) -> bytes:
        return bytes(self.journal[j.offset:j.offset + self.info.page_size])


def _master_rows(walk: Walk, encoding: str, problems: list):
    rows = []
    for cell in walk.table_rows(1, "sqlite_master"):
        try:
            rows.append(decode_row(MASTER, cell.payload.data, encoding))
        except Malformed as exc:
            problems.append(f"sqlite_master row {cell.rowid}: {exc}")
    return rows


def _freelist(src: PageSource, problems: list) -> tuple[set[int], set[int], dict[int, int]]:
    """Trunk and leaf pages of the freelist (loops and out-of-range pages cut); trunk -> header length."""
    info = src.info
    trunks, leaves, headers = set(), set(), {}
    first = struct.unpack_from(">I", src.page(1) or bytes(100), 32)[0]
    nxt = first
    while nxt:
        if nxt in trunks or nxt > src.n_pages or len(trunks) > src.n_pages:
            problems.append(f"freelist trunk chain broken at page {nxt}")
            break
        data = src.page(nxt)
        if data is None:
            break
        trunks.add(nxt)
        headers[nxt] = trunk_header_len(data, info.usable)
        n = (headers[nxt] - 8) // 4
        for i in range(n):
            leaf = struct.unpack_from(">I", data, 8 + 4 * i)[0]
            if 0 < leaf <= src.n_pages:
                leaves.add(leaf)
        nxt = struct.unpack_from(">I", data, 0)[0]
    return trunks, leaves, headers


def recover_database(path, wal="auto", journal="auto") -> Recovery:
    """Carve one SQLite database (and its ``-wal`` / ``-journal``; ``"auto"`` finds them beside it).

    Returns a :class:`Recovery`; never raises for bad input (a problem names the reason).
    """
    path = Path(path)
    rec = Recovery(str(path))
    if wal == "auto":
        wal = path.with_name(path.name + "-wal")
        wal = wal if wal.is_file() else None
    if journal == "auto":
        journal = path.with_name(path.name + "-journal")
        journal = journal if journal.is_file() else None
    with ExitStack() as stack:
        try:
            db = _Db(path, Path(wal) if wal else None, Path(journal) if journal else None, stack, rec.problems)
        except Malformed as exc:
            rec.problems.append(str(exc))
            return rec
        except OSError as exc:
            rec.problems.append(f"cannot read: {exc.strerror or exc}")
            return rec
        try:
            _recover(db, rec)
        except Malformed as exc:
            rec.problems.append(str(exc))
        except RecursionError:
            rec.problems.append("structure nested too deeply")
        except Exception as exc:  # noqa: BLE001 -- hostile input must end in a warning, never a traceback
            rec.problems.append(f"carving stopped: {type(exc).__name__}: {exc}")
    return rec


def _recover(db: _Db, rec: Recovery) -> None:
    info, src = db.info, db.current
    problems = rec.problems
    if db.info.encoding not in ("utf-8", "utf-16-le", "utf-16-be"):
        problems.append("unknown text encoding")
    # 1. live structure
    walk = Walk(src)
    schema = Schema()
    master = _master_rows(walk, info.encoding, problems)
    for t in tables_from_master(master):
        schema.tables[t.name] = t
    for row in master:
        if row[0] == "index" and isinstance(row[3], int):
            schema.indexes[str(row[1])] = row[3]
    hints: dict[str, int] = {}
    for t in schema.tables.values():
        if t.root:
            heads = walk.mark(t.root, t.name, sample=0 if t.without_rowid else HINT_SAMPLE)
            first_types = Counter(_first_type(h) for h in heads)
            first_types.pop(None, None)
            if first_types:
                hints[t.name] = first_types.most_common(1)[0][0]
    for name, root in schema.indexes.items():
        if root:
            walk.mark(root, name)
    for row in master:  # b-trees of other objects with a root (virtual-table shadows are tables)
        if isinstance(row[3], int) and row[3] > 0 and row[3] not in walk.owner:
            walk.mark(row[3], str(row[1]))
    problems.extend(p for p in walk.problems if "past the end" in p)
    trunks, leaves, trunk_hdr = _freelist(src, problems)
    live_pages = set(walk.owner) | walk.overflow
    skip = ptrmap_pages(info) | {lock_byte_page(info)}
    tables_by_page = {p: schema.tables.get(name) for p, name in walk.owner.items()}

    cands: list[Candidate] = []
    # a freed overflow page that became a freelist trunk lost its first 8 + 4L bytes: a chain stops there
    carver = Carver(src, live_pages | trunks, cands.append)
    carver.hints = hints

    # 2. schema residue from page 1 (free space now, and every older image of it)
    page1_images = []
    if src.page(1):
        page1_images.append(("current", src.page(1), Origin("free_space")))
    if 1 in db.versions:
        page1_images.append(("main", db.main.page(1), Origin("superseded")))
    for f in db.frames:
        if f.page == 1:
            page1_images.append(("wal", db.frame_data(f), Origin("wal_frame", "wal", f)))
    for j in db.journal_pages:
        if j.page == 1:
            page1_images.append(("journal", db.journal_data(j), Origin("journal", "journal", None, j.index)))
    master_cands: list[Candidate] = []
    mcarver = Carver(src, live_pages, master_cands.append)
    for kind, data, origin in page1_images:
        try:
            page = parse_page(1, data, info.usable)
        except Malformed:
            continue
        mcarver.btree_page(page, [MASTER], True, origin, cells=kind != "current")
    for c in master_cands:
        if c.partial:
            continue
        for t in tables_from_master([c.values], origin="residue"):
            t.first_page = c.page
            schema.add_residue(t)
    cands.extend(master_cands)
    # former owners of free pages: the b-trees of dropped tables, walked through free pages only
    former: dict[int, Table] = {}
    for t in schema.residue:
        if t.root and t.root not in live_pages:
            former.setdefault(t.root, t)  # even when its header is gone (a freelist trunk now)
            w = Walk(src)
            for _page in w.tree_pages(t.root, t.name):
                pass  # the walk records each page's owner
            for p in w.owner:
                if p not in live_pages:
                    former.setdefault(p, t)
    all_tables = [t for t in schema.all() if not t.without_rowid]

    def tables_for(owner: Table | None) -> tuple[list[Table], bool]:
        if owner is not None and not owner.without_rowid:
            return [owner], True
        return all_tables, False

    # 3. carving
    def guarded(what: str, fn, *args, **kw):
        try:
            fn(*args, **kw)
        except Malformed as exc:
            if "carving stopped" in str(exc):
                raise
            problems.append(f"{what}: {exc}")
        except (struct.error, IndexError, ValueError, OverflowError) as exc:
            problems.append(f"{what}: unreadable ({type(exc).__name__})")

    for number in range(1, src.n_pages + 1):
        if number in skip:
            continue
        data = src.page(number)
        if data is None:
            continue
        if number in walk.owner:
            owner = tables_by_page.get(number)
            if number == 1 or owner is None:
                continue  # sqlite_master (done above) or an index page
            try:
                page = parse_page(number, data, info.usable)
            except Malformed:
                continue
            tabs, owned = tables_for(owner)
            guarded(f"page {number}", carver.btree_page, page, tabs, owned, Origin("free_space"), False)
        elif number in walk.overflow:
            continue
        elif number in trunks:
            tabs, owned = tables_for(former.get(number))
            guarded(f"freelist trunk page {number}", carver.image, number, data, tabs, owned,
                    Origin("freelist"), trunk_hdr[number])
        else:
            region = "freelist" if number in leaves else "unused"
            tabs, owned = tables_for(former.get(number))
            guarded(f"{region} page {number}", carver.image, number, data, tabs, owned, Origin(region))
    # older images: main-file pages the WAL replaces, every WAL frame, every journal page
    def old_image(number, data, origin):
        if number == 1:
            return
        owner = tables_by_page.get(number) or former.get(number)
        tabs, owned = tables_for(owner)
        try:
            page = parse_page(number, data, info.usable)
        except Malformed:
            page = None
        if page is not None and page.type not in (LEAF_TABLE, INTERIOR_TABLE):
            return
        if page is None:
            return  # a freelist trunk or overflow image: nothing old to read as records
        guarded(f"{origin.region} image of page {number}", carver.btree_page, page, tabs, owned, origin, True)

    for number in sorted(db.versions):
        data = db.main.page(number)
        if data is not None:
            old_image(number, data, Origin("superseded"))
    for f in db.frames:
        old_image(f.page, db.frame_data(f), Origin("wal_frame", "wal", f))
    for j in db.journal_pages:
        if 0 < j.page:
            old_image(j.page, db.journal_data(j), Origin("journal", "journal", None, j.index))

    # 4. de-duplication against the live rows
    def live_rows(table: Table):
        w = Walk(src)
        for cell in w.table_rows(table.root, table.name):
            try:
                yield cell.rowid, _with_alias(table, cell.rowid, decode_row(table, cell.payload.data, info.encoding))
            except Malformed:
                continue

    for c in cands:
        if c.rowid is not None:
            c.values = _with_alias(c.table, c.rowid, c.values)
    for c, status, copies in classify(cands, live_rows):
        rec.records.append(_record(c, status, copies))
        rec.found.append((c, status, copies))
    # 5. deletion evidence without content
    rec.evidence.extend(_sequence_gaps(schema, src, walk, info.encoding, rec.records))
    rec.stats = {
        "pages": src.n_pages, "page_size": info.page_size, "freelist_pages": len(trunks) + len(leaves),
        "wal_frames": len(db.frames), "journal_pages": len(db.journal_pages),
        "tables": len(schema.tables), "residue_tables": len(schema.residue), "candidates": len(cands),
        "records": len(rec.records),
    }


def _first_type(head: bytes) -> int | None:
    """The first serial type of a record (from the start of its payload)."""
    try:
        hlen, p = varint(head, 0, len(head))
        return varint(head, p, len(head))[0] if hlen > p else None
    except Malformed:
        return None


def _with_alias(table: Table, rowid, values: list) -> list:
    """The rowid-alias column (stored as NULL) gets the rowid, as SQLite returns it."""
    i = table.alias_index
    if i is not None and rowid is not None and i < len(values) and values[i] is None:
        values = list(values)
        values[i] = rowid
    return values


def _record(c: Candidate, status: str, copies: int) -> dict:
    out = {
        "kind": "record",
        "status": status,
        "table": c.table.name,
        "table_origin": c.table.origin,
        "rowid": c.rowid,
        "values": {col.name: json_value(v) for col, v in zip(c.table.columns, c.values) if v is not MISSING},
        "missing": c.missing,
        "partial": c.partial,
        "confidence": c.confidence,
        "method": c.method,
        "source": c.source,
        "region": c.region,
        "area": c.area,
        "page": c.page,
        "offset": c.offset,
        "length": c.length,
    }
    if c.overflow:
        out["overflow_pages"] = c.overflow
    if len(c.tables) > 1:
        out["tables"] = c.tables
    if c.frame is not None:
        f = c.frame
        out["wal"] = {"frame": f.index, "salt1": f.salt1, "salt2": f.salt2, "valid": f.valid, "committed": f.committed}
    if c.journal_record is not None:
        out["journal"] = {"record": c.journal_record}
    if copies:
        out["copies"] = copies
    out["locator"] = locator(out)
    return out


def locator(r: dict) -> str:
    """A ``source_locator`` for a recovered record: table, rowid, and where it was carved."""
    where = [r["region"]]
    if r.get("wal"):
        where.append(f"frame={r['wal']['frame']}")
        where.append(f"salt1={r['wal']['salt1']}")
    if r.get("journal"):
        where.append(f"record={r['journal']['record']}")
    if r.get("page") is not None:
        where.append(f"page={r['page']}")
    where.append(f"offset={r['offset']}")
    row = f"{r['table']}:rowid={r['rowid']}" if r.get("rowid") is not None else f"{r['table']}"
    return f"{row} recovered@{','.join(where)}"


def _sequence_gaps(schema: Schema, src: PageSource, walk: Walk, encoding: str, records: list[dict]):
    """Rowids at or below an AUTOINCREMENT table's ``sqlite_sequence`` value that no live row has."""
    seq_table = schema.tables.get("sqlite_sequence")
    if seq_table is None or not seq_table.root:
        return []
    seqs = {}
    for cell in Walk(src).table_rows(seq_table.root, "sqlite_sequence"):
        try:
            name, value = decode_row(seq_table, cell.payload.data, encoding)[:2]
        except (Malformed, ValueError):
            continue
        if isinstance(name, str) and isinstance(value, int):
            seqs[name] = value
    out = []
    recovered = {}
    for r in records:
        if r["rowid"] is not None:
            recovered.setdefault(r["table"], set()).add(r["rowid"])
    for name, seq in sorted(seqs.items()):
        t = schema.tables.get(name)
        if t is None or not t.root or seq <= 0:
            continue
        missing, ranges, expect, live = 0, [], 1, 0
        for cell in Walk(src).table_rows(t.root, name):
            live += 1
            r = cell.rowid
            if r > seq:
                break
            if r > expect:
                missing += r - expect
                if len(ranges) < MAX_GAP_RANGES:
                    ranges.append([expect, r - 1])
            expect = max(expect, r + 1)
        if expect <= seq:
            missing += seq - expect + 1
            if len(ranges) < MAX_GAP_RANGES:
                ranges.append([expect, seq])
        if missing:
            back = sum(1 for x in recovered.get(name, ()) if any(a <= x <= b for a, b in ranges))
            out.append({
                "kind": "deletion_evidence", "evidence": "rowid_gap", "table": name, "sqlite_sequence": seq,
                "missing_rowids": missing, "ranges": ranges, "content_recovered": back,
                "locator": f"{name}:sqlite_sequence={seq}",
            })
    return out
