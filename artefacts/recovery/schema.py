"""Table schemas for carving: ``sqlite_master`` rows (live, and residue of dropped tables) and their columns.

* ``sqlite_master`` (a.k.a. ``sqlite_schema``) is the table b-tree rooted at page 1 with the
  columns ``type, name, tbl_name, rootpage, sql`` (sqlite.org ``fileformat2.html`` section 2.6).
* Column affinity follows the five rules of sqlite.org ``datatype3.html`` section 3.1 (INT ->
  INTEGER; CHAR/CLOB/TEXT -> TEXT; BLOB or no type -> BLOB; REAL/FLOA/DOUB -> REAL; else NUMERIC);
  a column declared exactly ``INTEGER PRIMARY KEY`` (not DESC as a column constraint) aliases the
  rowid and is stored as NULL (``lang_createtable.html``, "ROWID and the INTEGER PRIMARY KEY").
* Which serial types a column may hold, per affinity, as the carvers FQLite and bring2lite use
  (see ``/work/shared/reference/sqlite-recovery.md`` section 6, "Reconstruction recipe"), with
  one correction from ``datatype3.html`` section 3: a REAL column stores integral values as
  integers on disk.

The CREATE TABLE text is attacker-controlled: it is tokenised here, never executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

INTEGER, TEXT, BLOB, REAL, NUMERIC = "INTEGER", "TEXT", "BLOB", "REAL", "NUMERIC"

_INTS = frozenset((1, 2, 3, 4, 5, 6, 8, 9))
_CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
                     "REFERENCES", "GENERATED", "AS"}
_TABLE_CONSTRAINTS = {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"}
MASTER_COLUMNS = ("type", "name", "tbl_name", "rootpage", "sql")


def affinity(decl: str) -> str:
    d = decl.upper()
    if "INT" in d:
        return INTEGER
    if "CHAR" in d or "CLOB" in d or "TEXT" in d:
        return TEXT
    if "BLOB" in d or not d.strip():
        return BLOB
    if "REAL" in d or "FLOA" in d or "DOUB" in d:
        return REAL
    return NUMERIC


@dataclass(frozen=True)
class Column:
    name: str
    decl: str
    affinity: str
    notnull: bool = False
    rowid_alias: bool = False

    def allows(self, stype: int) -> bool:
        """May a record hold serial type ``stype`` in this column?"""
        if stype in (10, 11):
            return False
        if self.rowid_alias:
            return stype == 0
        if stype == 0:
            return not self.notnull
        aff = self.affinity
        if aff == INTEGER:
            return stype in _INTS
        if aff == REAL:
            return stype <= 9
        if aff == TEXT:
            return stype >= 12
        return True  # NUMERIC and BLOB hold anything

    def sizes(self) -> list[tuple[int, int]]:
        """``(serial type, body size)`` for the fixed-size types this column allows (for a lost type byte)."""
        return [(t, s) for t, s in ((0, 0), (8, 0), (9, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 6), (6, 8), (7, 8))
                if self.allows(t)]


@dataclass
class Table:
    name: str
    columns: list[Column]
    root: int | None = None
    sql: str = ""
    origin: str = "live"  # live | residue (carved from free space: a dropped or older table)
    without_rowid: bool = False
    first_page: int | None = None  # where residue was found

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def alias_index(self) -> int | None:
        for i, c in enumerate(self.columns):
            if c.rowid_alias:
                return i
        return None

    def matches(self, types: list[int], allow_fewer: bool) -> bool:
        """Do these serial types fit the columns (fewer only for columns added later by ALTER TABLE)?"""
        n = len(self.columns)
        if len(types) > n or not types or (len(types) < n and not allow_fewer):
            return False
        cols = self.columns
        for i, t in enumerate(types):
            if not cols[i].allows(t):
                return False
        return True


# -- a tokenizer for CREATE TABLE ----------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s+|--[^\n]*|/\*.*?(?:\*/|$)
    |(?P<q>"(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|'(?:[^']|'')*')
    |(?P<w>[A-Za-z_\x80-\U0010ffff][\w$\x80-\U0010ffff]*)
    |(?P<n>[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)
    |(?P<p>.)""",
    re.S | re.X,
)


@dataclass
class Tok:
    text: str  # unquoted
    quoted: bool
    kind: str
    start: int = 0
    end: int = 0

    @property
    def up(self) -> str:
        return "" if self.quoted else self.text.upper()


def tokens(sql: str) -> list[Tok]:
    out = []
    for m in _TOKEN.finditer(sql[:200_000]):
        if m.group("q"):
            q = m.group("q")
            inner = q[1:-1]
            if q[0] in "\"'`":
                inner = inner.replace(q[0] * 2, q[0])
            out.append(Tok(inner, True, "w", m.start(), m.end()))
        elif m.group("w"):
            out.append(Tok(m.group("w"), False, "w", m.start(), m.end()))
        elif m.group("n"):
            out.append(Tok(m.group("n"), False, "n", m.start(), m.end()))
        elif m.group("p"):
            out.append(Tok(m.group("p"), False, "p", m.start(), m.end()))
    return out


def _split_top(toks: list[Tok]) -> list[list[Tok]]:
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.kind == "p" and t.text == "(":
            depth += 1
        elif t.kind == "p" and t.text == ")":
            depth -= 1
        if depth == 0 and t.kind == "p" and t.text == ",":
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def parse_create_table(sql: str, name: str | None = None) -> Table | None:
    """The columns of a ``CREATE TABLE`` statement; ``None`` when it has no column list (AS SELECT, virtual)."""
    toks = tokens(sql)
    ups = [t.up for t in toks]
    try:
        i = ups.index("TABLE")
    except ValueError:
        return None
    if "VIRTUAL" in ups[:i]:
        return None
    try:
        open_at = next(j for j in range(i, len(toks)) if toks[j].kind == "p" and toks[j].text == "(")
    except StopIteration:
        return None
    header = [t for t in toks[i + 1:open_at] if not (t.kind == "p" and t.text == ".")]
    header = [t for t in header if t.up not in ("IF", "NOT", "EXISTS")]
    tname = name or (header[-1].text if header else "")
    depth, close_at = 0, None
    for j in range(open_at, len(toks)):
        if toks[j].kind == "p" and toks[j].text == "(":
            depth += 1
        elif toks[j].kind == "p" and toks[j].text == ")":
            depth -= 1
            if depth == 0:
                close_at = j
                break
    if close_at is None:
        return None
    tail = ups[close_at + 1:]
    without_rowid = "WITHOUT" in tail and "ROWID" in tail
    columns: list[Column] = []
    pk_cols: list[str] = []
    col_pk: list[str] = []
    for part in _split_top(toks[open_at + 1:close_at]):
        if not part:
            continue
        first = part[0]
        if first.up in _TABLE_CONSTRAINTS:
            pu = [t.up for t in part]
            if "PRIMARY" in pu:
                k = pu.index("PRIMARY")
                inner = [t for t in part[k + 2:] if t.kind == "w" and t.up not in ("ASC", "DESC", "COLLATE")]
                pk_cols = [t.text for t in inner]
            continue
        cname = first.text
        j = 1
        while j < len(part) and not (part[j].kind == "w" and part[j].up in _CONSTRAINT_WORDS):
            j += 1
        if j == 2 and part[1].quoted:
            decl = part[1].text  # a lone quoted type name is taken unquoted, as SQLite does
        else:
            decl = " ".join(sql[part[1].start:part[j - 1].end].split()) if j > 1 else ""
        rest = [t.up for t in part[j:]]
        generated = "AS" in rest and "STORED" not in rest
        if generated:
            continue  # a virtual generated column is not stored in the record
        notnull = any(rest[k] == "NOT" and k + 1 < len(rest) and rest[k + 1] == "NULL" for k in range(len(rest)))
        alias = False
        if "PRIMARY" in rest:
            col_pk.append(cname)
            k = rest.index("PRIMARY")
            desc = k + 2 < len(rest) and rest[k + 2] == "DESC"
            alias = decl.upper() == "INTEGER" and not desc
        columns.append(Column(cname, decl, affinity(decl), notnull, alias))
    if len(pk_cols) == 1:
        for k, c in enumerate(columns):
            if c.name.lower() == pk_cols[0].lower() and c.decl.upper() == "INTEGER":
                columns[k] = Column(c.name, c.decl, c.affinity, c.notnull, True)
    if without_rowid:
        pk = {c.lower() for c in pk_cols + col_pk}
        columns = [Column(c.name, c.decl, c.affinity, c.notnull or c.rowid_alias or c.name.lower() in pk, False)
                   for c in columns]
    if not columns:
        return None
    return Table(tname, columns, sql=sql, without_rowid=without_rowid)


MASTER = Table("sqlite_master", [Column(n, d, affinity(d)) for n, d in
                                 zip(MASTER_COLUMNS, ("text", "text", "text", "int", "text"))], root=1)


def tables_from_master(rows, origin: str = "live") -> list[Table]:
    """Tables of ``sqlite_master`` rows (``type, name, tbl_name, rootpage, sql``); indexes are left out."""
    out = []
    for row in rows:
        if len(row) < 5:
            continue
        typ, name, _tbl, root, sql = row[:5]
        if typ != "table" or not isinstance(sql, str) or not isinstance(name, str):
            continue
        t = parse_create_table(sql, name)
        if t is None:
            continue
        t.root = root if isinstance(root, int) and root > 0 else None
        t.origin = origin
        out.append(t)
    return out


@dataclass
class Schema:
    tables: dict[str, Table] = field(default_factory=dict)  # live tables by name
    residue: list[Table] = field(default_factory=list)  # dropped or earlier definitions
    indexes: dict[str, int] = field(default_factory=dict)  # index name -> root page

    def all(self) -> list[Table]:
        return [*self.tables.values(), *self.residue]

    def add_residue(self, table: Table) -> bool:
        live = self.tables.get(table.name)
        if live is not None and live.names == table.names:
            return False
        if any(r.name == table.name and r.names == table.names for r in self.residue):
            return False
        table.origin = "residue"
        self.residue.append(table)
        return True
