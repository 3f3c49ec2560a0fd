"""Score the recovery engine on the SQLite Forensic Corpus v1.0 (Nemetz, Schmitt, Freiling, DFRWS EU 2018).

    python benchmarks/recovery_score.py [CORPUS_DIR] [--json]

CORPUS_DIR defaults to ``../shared/corpus/sqlite_forensic_corpus/v1.0`` beside the repository.
Every ``NN-MM.db`` is carved with :func:`artefacts.recovery.recover_database`; its ``NN-MM.xml``
answer key lists every row of every table, ``deleted="1"`` on the deleted ones.

Figures, per folder and overall (folders 0A 0B 0C 0D 0E; every other folder is only checked to
run without a crash, its warnings listed):

* **recoverable** -- a deleted row whose record body is still on disk: the bytes SQLite would have
  written for its values (serial types from the values, text in the database encoding; for a
  row that spilled, each piece of the body as the spill rule cuts it into the page and its
  overflow pages) all occur in the database file. Rows of 0B/0D that later inserts overwrote
  are not recoverable by any tool, so recall is counted against these rows (the corpus README
  and ``/work/shared/reference/sqlite-recovery.md`` section 3 ask for this).
* **recall** -- recoverable deleted rows matched by a complete recovered record (every column,
  values equal; REAL within 1e-9 relative) of the same table, over the recoverable rows;
  ``recall_all`` is over every deleted row.
* **precision** -- recovered records whose known values all equal those of a deleted row of the
  same table, over every recovered record. A record matching no deleted row (a live row read
  again, or bytes mistaken for a record) is a phantom and counts against it. Records of
  ``sqlite_master`` itself (schema residue of dropped tables, which the engine reports and uses to
  read those tables) are not rows of the answer key and are left out of both counts.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import struct
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from artefacts.recovery import recover_database  # noqa: E402
from artefacts.recovery.format import local_payload, read_db_header  # noqa: E402

SCORED = ("0A", "0B", "0C", "0D", "0E")
DEFAULT = REPO.parent / "shared" / "corpus" / "sqlite_forensic_corpus" / "v1.0"

_ELEMENT = re.compile(r"<element>(.*?)</element>", re.S)
_ROW = re.compile(r"<row( deleted=\"1\")?\s*>(.*?)</row>", re.S)
_COL = re.compile(r"<column>\s*<name>(.*?)</name>\s*(?:<content>(.*?)</content>|<content\s*/>)?\s*</column>", re.S)
_COLDEF = re.compile(r"<columnDefinition>.*?<name>(.*?)</name>.*?<columnTypeName>(.*?)</columnTypeName>", re.S)


def answer_key(xml: str) -> list[dict]:
    """Tables of an answer key: name, column types, rows ``(deleted, {column: text or None})``.

    Every row of a table the key marks ``<deleted>True</deleted>`` (dropped) counts as deleted.
    A regular-expression reader: some of the corpus's XML files are not well-formed.
    """
    out = []
    for el in _ELEMENT.finditer(xml):
        body = el.group(1)
        meta = re.search(r"<meta>\s*<type>(.*?)</type>\s*<name>(.*?)</name>", body, re.S)
        if not meta or meta.group(1).strip() != "table":
            continue
        types = {html.unescape(n): t.strip().upper() for n, t in _COLDEF.findall(body)}
        dropped = re.search(r"<deleted>\s*True\s*</deleted>", body) is not None
        rows = []
        for r in _ROW.finditer(body):
            cols = {html.unescape(n): (None if c is None else html.unescape(c)) for n, c in _COL.findall(r.group(2))}
            rows.append((bool(r.group(1)) or dropped, cols))
        out.append({"name": html.unescape(meta.group(2)), "types": types, "rows": rows})
    return out


def typed(text: str | None, type_name: str):
    """The value SQLite stored for the key's text in a column of this type (affinity)."""
    if text is None:
        return None
    if type_name in ("INTEGER", "REAL", "NUMERIC"):
        try:
            v = float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            return text
        if type_name == "REAL":
            return float(v)
        return v
    return text


def _serial(v, encoding: str) -> tuple[int, bytes]:
    if v is None:
        return 0, b""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 2**63:  # a REAL stored with an integral value goes to disk as an int
            return _serial(int(v), encoding)
        return 7, struct.pack(">d", v)
    if isinstance(v, int):
        if v in (0, 1):
            return 8 + v, b""
        for t, n in ((1, 1), (2, 2), (3, 3), (4, 4), (5, 6), (6, 8)):
            if -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
                return t, v.to_bytes(n, "big", signed=True)
    raw = v.encode(encoding)
    return 13 + 2 * len(raw), raw


def _varint(v: int) -> bytes:
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append(0x80 | (v & 0x7F))
        v >>= 7
    return bytes(reversed(out))


def body_pieces(values: list, encoding: str, usable: int) -> list[bytes]:
    """The pieces of a row's record body as they lie on disk (one piece unless the payload spilled)."""
    serials = [_serial(v, encoding) for v in values]
    header = b"".join(_varint(t) for t, _ in serials)
    header = _varint(len(header) + 1) + header
    body = b"".join(b for _, b in serials)
    payload = header + body
    local = local_payload(len(payload), usable, True)
    pieces = [payload[len(header):local]]
    pos = local
    while pos < len(payload):
        pieces.append(payload[pos:pos + usable - 4])
        pos += usable - 4
    return [p for p in pieces if p]


def _equal(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            fa, fb = float(a), float(b)
        except (TypeError, ValueError):
            return False
        return fa == fb or abs(fa - fb) <= 1e-9 * max(abs(fa), abs(fb))
    if isinstance(a, dict) and "base64" in a:
        return False
    return a == b


def _matches(record: dict, row: dict) -> bool:
    known = record["values"]
    return bool(known) and all(k in row and _equal(v, row[k]) for k, v in known.items())


def score_db(db: Path) -> dict:
    key = answer_key(db.with_suffix(".xml").read_text(encoding="utf-8", errors="replace"))
    data = db.read_bytes()
    info = read_db_header(data[:100], len(data))
    t0 = time.perf_counter()
    rec = recover_database(db, wal=None, journal=None)
    seconds = time.perf_counter() - t0
    deleted = []  # (table, typed row)
    for table in key:
        for is_del, cols in table["rows"]:
            if is_del:
                row = {n: typed(v, table["types"].get(n, "")) for n, v in cols.items()}
                pieces = body_pieces(list(row.values()), info.encoding, info.usable)
                deleted.append((table["name"], row, all(p in data for p in pieces)))
    records = [r for r in rec.records if r["table"] != "sqlite_master"]
    found = [False] * len(deleted)
    tp = 0
    for r in records:
        names = set(r.get("tables") or [r["table"]])
        hit = False
        for i, (tname, row, _ok) in enumerate(deleted):
            if tname in names and _matches(r, row):
                hit = True
                if not r["missing"]:
                    found[i] = True
        tp += hit
    recoverable = [i for i, d in enumerate(deleted) if d[2]]
    return {
        "db": db.name, "deleted": len(deleted), "recoverable": len(recoverable),
        "found": sum(found), "found_recoverable": sum(found[i] for i in recoverable),
        "records": len(records), "true_records": tp, "problems": rec.problems, "seconds": seconds,
    }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    per_folder: dict[str, list[dict]] = defaultdict(list)
    crashes, warned = [], []
    for db in sorted(args.corpus.glob("*/*.db")):
        try:
            s = score_db(db)
        except Exception as exc:  # the point of the run: every file without a crash
            crashes.append(f"{db.name}: {type(exc).__name__}: {exc}")
            continue
        per_folder[db.parent.name].append(s)
        if s["problems"]:
            warned.append(f"{db.name}: {'; '.join(s['problems'][:3])}")
    rows = []
    tot = defaultdict(int)
    for folder in SCORED:
        items = per_folder.get(folder, [])
        f = {k: sum(s[k] for s in items) for k in ("deleted", "recoverable", "found", "found_recoverable", "records", "true_records")}
        for k, v in f.items():
            tot[k] += v
        rows.append((folder, len(items), f))
    rows.append(("overall", sum(r[1] for r in rows), dict(tot)))
    n_dbs = sum(len(v) for v in per_folder.values())
    result = {
        "databases": n_dbs, "crashes": crashes, "warnings": warned,
        "folders": {
            name: {**f, "dbs": n, "recall": _ratio(f["found_recoverable"], f["recoverable"]),
                   "recall_all": _ratio(f["found"], f["deleted"]), "precision": _ratio(f["true_records"], f["records"])}
            for name, n, f in rows
        },
        "seconds": round(sum(s["seconds"] for v in per_folder.values() for s in v), 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{'folder':<8} {'dbs':>3} {'deleted':>7} {'recov.':>6} {'found':>5} {'recall':>6} {'rec.all':>7} "
              f"{'records':>7} {'true':>5} {'prec.':>6}")
        for name, n, f in rows:
            d = result["folders"][name]
            fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
            print(f"{name:<8} {n:>3} {f['deleted']:>7} {f['recoverable']:>6} {f['found_recoverable']:>5} "
                  f"{fmt(d['recall']):>6} {fmt(d['recall_all']):>7} {f['records']:>7} {f['true_records']:>5} "
                  f"{fmt(d['precision']):>6}")
        print(f"{n_dbs} databases processed, {len(crashes)} crashes, {len(warned)} with warnings, "
              f"{result['seconds']} s carving")
        for w in warned:
            print(f"  warning: {w}")
        for c in crashes:
            print(f"  CRASH: {c}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
