"""Carved records against the live rows, and against each other.

Rules (``docs/recovery.md``):

* a carved record with the rowid and the values of a live row is a stale copy, not a recovery;
* a carved record whose rowid is live with other values is a ``previous_version`` of that row;
* a carved record whose rowid is known and not live is ``deleted``;
* a carved record whose rowid was lost with the cell header and whose values match no live row is
  ``freed``: its row was deleted, or updated to other values (without the rowid nobody can tell);
* a header-lost or truncated reading at the page and offset where another image of the page (a
  WAL frame, the main file, a journal) holds a complete cell is the remains of that cell: dropped;
* the same record found in several places (a freeblock and a WAL frame, two WAL frames) is
  reported once, at its first location, with ``copies`` counting the others; a partial record
  whose surviving values all agree with a complete carved record of the same table is a copy too.

The live rows are streamed once per table that has candidates; only the rowids and value tuples
the candidates ask about are kept, so memory follows the carved records, not the table.
"""

from __future__ import annotations

import math
from collections import defaultdict

from .carve import MISSING, Candidate


def _norm(v):
    if isinstance(v, float) and math.isnan(v):
        return ("nan",)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def _key(values, idx) -> tuple:
    return tuple(_norm(values[i]) for i in idx)


def classify(cands: list[Candidate], live_rows) -> list[tuple[Candidate, str, int]]:
    """``(candidate, status, copies)`` for every candidate that is a recovery.

    ``live_rows(table)`` yields ``(rowid, values)`` of the live table (nothing for a dropped one).
    """
    # a cell read whole in one image of a page is the better reading of the same bytes in another
    # image where its header was lost (the same slot, freed or half overwritten later)
    whole_slots = {(c.page, c.offset) for c in cands if c.method == "cell" and c.page is not None}
    by_table: dict[int, list[Candidate]] = defaultdict(list)
    tables = {}
    for c in cands:
        if c.method != "cell" and (c.page, c.offset) in whole_slots:
            continue
        by_table[id(c.table)].append(c)
        tables[id(c.table)] = c.table
    out = []
    for tid, group in by_table.items():
        table = tables[tid]
        n = len(table.columns)
        full = tuple(range(n))
        # 1. copies among the carved records
        first: dict[tuple, list] = {}
        order = []
        for c in group:
            idx = tuple(i for i in full if c.values[i] is not MISSING)
            k = (c.rowid, idx, _key(c.values, idx))
            if k in first:
                first[k][1] += 1
                continue
            first[k] = [c, 0]
            order.append(k)
        complete = [first[k][0] for k in order if len(k[1]) == n]
        kept = []
        for k in order:
            c, copies = first[k]
            if len(k[1]) < n:
                idx = k[1]
                if any((c.rowid is None or o.rowid == c.rowid) and _key(o.values, idx) == k[2]
                       for o in complete[:10000]):
                    continue
            kept.append((c, copies, k))
        # 2. against the live rows of the same table
        want_rowids = {c.rowid for c, _, _ in kept if c.rowid is not None}
        want_proj: dict[tuple, set] = defaultdict(set)
        for c, _, k in kept:
            if c.rowid is None:
                want_proj[k[1]].add(k[2])
        live_by_rowid = {}
        live_proj: dict[tuple, set] = defaultdict(set)
        if table.origin == "live" and (want_rowids or want_proj):
            for rowid, values in live_rows(table):
                if rowid in want_rowids:
                    live_by_rowid[rowid] = _key(values, full) if len(values) == n else None
                for idx, keys in want_proj.items():
                    if len(values) == n:
                        kk = _key(values, idx)
                        if kk in keys:
                            live_proj[idx].add(kk)
        for c, copies, k in kept:
            if c.rowid is not None and c.rowid in live_by_rowid:
                live = live_by_rowid[c.rowid]
                if live is not None and tuple(live[i] for i in k[1]) == k[2]:
                    continue
                out.append((c, "previous_version", copies))
            elif c.rowid is None and k[2] in live_proj.get(k[1], ()):
                continue
            elif c.rowid is None:
                out.append((c, "freed", copies))
            else:
                out.append((c, "deleted", copies))
    return out
