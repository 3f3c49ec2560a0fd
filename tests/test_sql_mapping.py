"""SQL mappings (``artefacts.sqlmapping``): the SQL builders give exactly what their Python
counterparts give, and a parse with SQL mapping is byte for byte the parse without it
(``--no-sql-mapping``) on the sample data, synthetic stores (partitioned too), hand-made
edge cases and the real corpus; in every output format, with one and two jobs.
"""

from __future__ import annotations

import json
import random
import sqlite3
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, MMSSMS, MSGSTORE, SAMPLE_DATA, _build_extraction
from artefacts import sqlmapping
from artefacts.exporters.base import dumps
from artefacts.sqlmapping import json_list, json_object, json_value, sql_literal, sql_time, sql_time_ok
from artefacts.timeconv import UNITS, TimeUnit, TimeValueError, format_us

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


# ------------------------------------------------------------------------------------------
# 1. the SQL builders against Python, on an in-memory SQLite
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def con():
    c = sqlite3.connect(":memory:")
    yield c
    c.close()


def _raw_of(unit, us: int) -> int:
    """The raw value of ``unit`` whose microseconds are (about) ``us``."""
    return (us - unit.epoch_offset_us) * unit.den // unit.num


def _time_values(unit) -> list[int]:
    """Raw integers of ``unit`` that ``sql_time_ok`` should accept: bounds, typical, sub-second, random."""
    lo, hi = sqlmapping._raw_bounds(unit)
    top = min(hi, INT64_MAX)  # SQLite integers stop at 2**63-1 (unix_ns and cocoa_ns bounds lie beyond)
    r = random.Random(f"sql-time-{unit.name}")
    values = {lo, lo + 1, lo + 2, top - 1, top}
    modern = _raw_of(unit, 1675699562266123)  # 2023-02-06T16:06:02.266123Z
    values |= {modern + d for d in range(-1001, 1002, 7)}
    values |= {1675699562266, 1675699562999, 1675699562001, 1675699562000, 1675699562, 697392362,
               697392362266123456, 1675699562266123456, 13320173162266123}
    # whole and fractional seconds around midnights and around the top of the range
    for us in (0, 86_400_000_000, 951_782_400_000_000, 4_107_542_400_000_000, 253402214400_000_000):
        raw = _raw_of(unit, us)
        values |= {raw + d for d in (-1001, -1000, -999, -1, 0, 1, 999, 1000, 1001)}
    a, b = _raw_of(unit, 946_684_800_000_000), _raw_of(unit, 2_208_988_800_000_000)  # years 2000-2040
    values |= {r.randint(a, b) for _ in range(3000)}
    values |= {r.randint(lo, top) for _ in range(2000)}
    values |= {r.randint(lo, min(top, lo + 10**r.randint(1, 18))) for _ in range(1000)}
    return sorted(v for v in values if lo <= v <= top)


#: the units of stored numbers: the text units (ISO 8601, Takeout's dates) have no SQL form
NUMERIC_UNITS = sorted(name for name, unit in UNITS.items() if type(unit) is TimeUnit)


@pytest.mark.parametrize("name", NUMERIC_UNITS)
def test_sql_time_equals_format_us(con, name):
    """``sql_time`` gives the text of ``format_us(unit.to_us(raw))`` for every raw integer ``sql_time_ok`` accepts."""
    unit = UNITS[name]
    values = _time_values(unit)
    lo, _ = sqlmapping._raw_bounds(unit)
    values.append(0)  # 0 is accepted where the unit's range starts at or before raw 0
    rows = con.execute(
        f"SELECT v, {sql_time_ok(unit, 'v')}, {sql_time(unit, 'v')}, typeof({sql_time(unit, 'v')}) "
        f"FROM (SELECT value AS v FROM json_each(?))", (json.dumps(values),)
    ).fetchall()
    assert [r[0] for r in rows] == values and len(values) > 5000
    assert all(ok == 1 for v, ok, _, _ in rows if v != 0), [v for v, ok, _, _ in rows if not ok][:5]
    assert rows[-1][1] == (1 if lo == 0 else 0)
    wrong = [(v, got, format_us(unit.to_us(v))) for v, ok, got, kind in rows
             if ok and (kind != "text" or got != format_us(unit.to_us(v)))]
    assert not wrong, f"{name}: {len(wrong)} values differ, e.g. (raw, SQL, Python) {wrong[:5]}"


@pytest.mark.parametrize("name", NUMERIC_UNITS)
def test_sql_time_ok_rejects_outside_bounds_and_other_storage_classes(con, name):
    """``_raw_bounds`` is exact; ``sql_time_ok`` is false just outside it and for REAL, TEXT and BLOB, true for NULL."""
    unit = UNITS[name]
    lo, hi = sqlmapping._raw_bounds(unit)
    format_us(unit.to_us(lo))
    format_us(unit.to_us(hi))
    with pytest.raises(TimeValueError):
        format_us(unit.to_us(hi + 1))
    # below lo: before 1970, or a negative raw value (SQLite's division truncates where Python floors)
    assert lo - 1 < 0 or unit.to_us(lo - 1) < 0
    modern = _raw_of(unit, 1675699562266123)
    cases = [
        (lo - 1, 0), (-1, 0), (INT64_MIN, 0), (None, 1), (modern, 1),
        (float(modern), 0), (modern + 0.5, 0), (0.0, 0), (1.5, 0), (-0.0, 0), (float("inf"), 0),
        (str(modern), 0), ("123", 0), ("", 0), ("abc", 0), (" 123", 0),
        (str(modern).encode(), 0), (b"123", 0), (b"", 0), (b"\x00", 0),
    ]
    if hi + 1 <= INT64_MAX:
        cases.append((hi + 1, 0))
    else:
        cases.append((INT64_MAX, 1))  # every stored integer above lo is in range
    for value, expected in cases:
        got, text = con.execute(f"SELECT {sql_time_ok(unit, '?1')}, {sql_time(unit, '?1')}", (value,)).fetchone()
        assert got == expected, f"{name}: sql_time_ok({value!r}) = {got}"
        if value is None:
            assert text is None


TRICKY_STRINGS = [chr(c) for c in range(0x80)] + [
    "", " ", '"', "\\", '\\"', "'", "''", "%", "%%", "%s", "%d", "%05.2f", "%z", "%!", "%q", "%Q", "%w", "a%sb%",
    "é", "中文", "🇩🇪", "\u2028", "\u2029", "\ufeff", "\u00a0", "a\x00b", "\x00", "\x7f\x80\x9f",
    "\"quoted\" \\ back % pct \n\t é 中文 🇩🇪 \u2028 '", "null", "true", "[1]", "{}", "x" * 5000,
]
TRICKY_INTS = [0, 1, -1, 42, -42, 2**31, -(2**31) - 1, 2**53 + 1, 2**62, -(2**62), INT64_MAX, INT64_MIN]


def _one(con, sql: str, params=()) -> object:
    return con.execute(f"SELECT {sql}", params).fetchone()[0]


def test_json_value_equals_dumps(con):
    """``json_value`` of text (every ASCII character, NUL included), integers and NULL; kinds bool and json."""
    for s in TRICKY_STRINGS:
        assert _one(con, json_value(":v"), {"v": s}) == dumps(s), repr(s)
    for i in TRICKY_INTS:
        assert _one(con, json_value(":v"), {"v": i}) == dumps(i)
    assert _one(con, json_value(":v"), {"v": None}) == dumps(None) == "null"
    for v in (0, 1, 2, -1, 2**62, None):
        assert _one(con, json_value(":v", "bool"), {"v": v}) == dumps(bool(v))
    nested = {"a": [1, "x\"y", None, True], "b": {"c": "中文"}}
    assert _one(con, json_value(":v", "json"), {"v": dumps(nested)}) == dumps(nested)
    with pytest.raises(ValueError):
        json_value("1", "float")


def test_nul_in_text_survives(con):
    """What SQLite does with NUL: the text is stored whole, ``json_quote`` escapes it, printf never sees it raw.

    (``length()`` stops at the NUL, but the builders never use it on values.)
    """
    assert _one(con, "length(:v)", {"v": "a\x00b"}) == 1
    assert _one(con, "json_quote(:v)", {"v": "a\x00b"}) == '"a\\u0000b"'
    assert _one(con, json_object([("k", ":v")]), {"v": "a\x00b"}) == dumps({"k": "a\x00b"})
    assert _one(con, json_object([("k", ":v", "value", ":w")]), {"v": "a\x00b", "w": 1}) == dumps({"k": "a\x00b"})
    assert _one(con, json_object([("k\x00", ":v")]), {"v": "\x00"}) == dumps({"k\x00": "\x00"})


def test_json_object_and_list_of_tricky_strings(con):
    """Each tricky string as a value and as a key of ``json_object``, and as an element of ``json_list``."""
    for s in TRICKY_STRINGS:
        assert _one(con, json_object([("k", ":v")]), {"v": s}) == dumps({"k": s}), repr(s)
        assert _one(con, json_object([(s, ":v")]), {"v": "x%s"}) == dumps({s: "x%s"}), repr(s)
        assert _one(con, json_object([("key-a", ":v"), (s, ":v", "value", ":w")]), {"v": s, "w": 1}) == dumps({"key-a": s, s: s})
        assert _one(con, json_object([(s, ":v", "value", ":w"), ("key-b", ":v")]), {"v": s, "w": 1}) == dumps({s: s, "key-b": s})
        assert _one(con, json_list([(":v",)]), {"v": s}) == dumps([s]), repr(s)
        assert _one(con, json_list([(":v",), (":v", "value", ":w")]), {"v": s, "w": 1}) == dumps([s, s])
    for i in TRICKY_INTS:
        assert _one(con, json_object([("n", ":v"), ("m", ":v")]), {"v": i}) == dumps({"n": i, "m": i})
        assert _one(con, json_list([(":v",)]), {"v": i}) == dumps([i])
    assert _one(con, json_object([])) == "{}" and _one(con, json_list([])) == "[]"


def _members_case(con, members, keyed: bool):
    """Build ``json_object``/``json_list`` of ``members`` and its Python equivalent; return (SQL text, Python text).

    ``members``: ``(key, value, kind, when)``; ``value`` a Python value (a dict/list for the
    json kinds, ``None`` for an absent ``json?``); ``when`` ``None`` (always) or a Python truth
    (``None``/0 absent, as SQL's CASE WHEN NULL).
    """
    items, params, expected_obj, expected_list = [], {}, {}, []
    for i, (key, value, kind, when) in enumerate(members):
        v = f":v{i}"
        params[f"v{i}"] = dumps(value) if kind in ("json", "json?") and value is not None else value
        rest = (kind,) if when is None else (kind, f":w{i}")
        if when is not None:
            params[f"w{i}"] = when
        items.append(((key, v) if keyed else (v,)) + rest)
        if when is not None and not when:
            continue
        if kind == "json?" and value is None:
            continue
        py = bool(value) if kind == "bool" else value
        expected_obj[key] = py
        expected_list.append(py)
    if keyed:
        return _one(con, json_object(items), params), dumps(expected_obj)
    return _one(con, json_list(items), params), dumps(expected_list)


def test_json_members_optional_and_kinds(con):
    """Optional members (``when``, ``json?``) present and absent, first, last and all of them, with every kind."""
    nested = {"x": "é\"%s", "y": [1, None]}
    cases = [
        [("a", "x", "value", None)],
        [("a", "x", "value", 1)],
        [("a", "x", "value", 0)],
        [("a", "x", "value", None), ("b", "y", "value", 0)],
        [("a", "x", "value", 0), ("b", "y", "value", None)],  # the first member absent
        [("a", "x", "value", 1), ("b", "y", "value", None)],  # the first member optional, present
        [("a", "x", "value", 0), ("b", "y", "value", 0)],  # every member absent
        [("a", None, "json?", None)],
        [("a", nested, "json?", None)],
        [("a", None, "json?", None), ("b", 5, "value", None)],
        [("a", nested, "json?", None), ("b", 5, "value", None)],
        [("b", 5, "value", None), ("a", None, "json?", None)],
        [("a", nested, "json?", 0), ("b", True, "bool", None)],
        [("a", nested, "json?", 1), ("b", 0, "bool", 1), ("c", 2, "bool", None)],
        [("t", 1, "bool", None), ("f", 0, "bool", None), ("n", None, "bool", None), ("m", -1, "bool", None)],
        [("j", nested, "json", None), ("l", [1, "2", None], "json", None), ("e", {}, "json", None)],
        [("w", "x", "value", None)],  # when NULL: absent (as CASE WHEN NULL)
    ]
    cases[-1] = [("w", "x", "value", None), ("v", "y", "value", 0)]
    for members in cases:
        for keyed in (True, False):
            got, expected = _members_case(con, members, keyed)
            assert got == expected, (members, keyed)
    # a NULL condition leaves the member out
    assert _one(con, json_object([("a", "1", "value", "NULL"), ("b", "2")])) == dumps({"b": 2})


def test_json_members_random_combinations(con):
    """Random member lists (seeded) of every kind, present or absent, against ``dumps`` of the Python dict/list."""
    r = random.Random(20240301)
    pool_values = TRICKY_STRINGS[::3] + TRICKY_INTS + [None]
    nested_pool = [{}, [], {"a": 1}, ["x", None], {"k": {"l": ["é", 2**62]}}, {"%s": "%d"}]
    for n in range(600):
        members = []
        for i in range(r.randint(0, 7)):
            kind = r.choice(["value", "value", "bool", "json", "json?"])
            if kind == "value":
                value = r.choice(pool_values)
            elif kind == "bool":
                value = r.choice([0, 1, 2, -1, None])
            elif kind == "json":
                value = r.choice(nested_pool)
            else:
                value = r.choice(nested_pool + [None, None])
            when = r.choice([None, None, 0, 1, None])
            members.append((f"k{i}" + r.choice(["", "%", "é", '"', "'"]), value, kind, when))
        for keyed in (True, False):
            got, expected = _members_case(con, members, keyed)
            assert got == expected, (n, members, keyed)


def test_nested_builders(con):
    """A ``json_object`` holding a ``json_object`` and a ``json_list`` (kind json), both with optional members."""
    inner = json_object([("x", ":s", "value", ":w"), ("y", ":i")])
    lst = json_list([(":s",), (":i", "value", ":w"), (":b", "bool")])
    sql = json_object([("o", inner, "json"), ("l", lst, "json"), ("o2", inner, "json?", ":w"), ("%s", ":s")])
    for s, i, b, w in [("a\"%s\\", 2**62, 1, 1), ("", -1, 0, 0), ("🇩🇪\u2028", 0, None, None)]:
        o = ({"x": s} if w else {}) | {"y": i}
        expected = {"o": o, "l": [s, *([i] if w else []), bool(b)]}
        if w:
            expected["o2"] = o
        expected["%s"] = s
        assert _one(con, sql, {"s": s, "i": i, "b": b, "w": w}) == dumps(expected)


def test_sql_literal(con):
    """``sql_literal`` round-trips through SQLite."""
    for v in [s for s in TRICKY_STRINGS if "\x00" not in s] + TRICKY_INTS[:-1] + [None]:  # no NUL in SQL text
        assert _one(con, sql_literal(v)) == v
    assert _one(con, sql_literal(True)) == 1 and _one(con, sql_literal(False)) == 0
    with pytest.raises(TypeError):
        sql_literal(1.5)


# ------------------------------------------------------------------------------------------
# 2. end to end: with and without SQL mapping, byte for byte
# ------------------------------------------------------------------------------------------

SUFFIX = {"jsonl": ".jsonl", "sqlite": ".sqlite", "json": ".json", "timesketch": ".timesketch.jsonl"}


@pytest.fixture
def sql_calls(monkeypatch):
    """Count (in this process) the SQL-mapped queries: ``artefacts.units.run_sql_events`` wrapped."""
    import artefacts.units as units

    calls = []
    real = units.run_sql_events

    def counting(job, ctx, *args, **kwargs):
        n = real(job, ctx, *args, **kwargs)
        calls.append((ctx.source.path, job.mapping.table, n))
        return n

    monkeypatch.setattr(units, "run_sql_events", counting)
    return calls


def _run(inputs, out: Path, **options):
    from artefacts.engine import RunOptions, run_parse

    return run_parse(RunOptions(inputs=[Path(p) for p in inputs], output=out,
                                workdir=out.parent / (out.name + ".work"), **options))


def _first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.split(b"\n"), b.split(b"\n")
    sizes = f"{len(la) - 1} lines with SQL mapping, {len(lb) - 1} without"
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return (f"{sizes}; first difference at line {i + 1}:\n  SQL:    {x.decode('utf-8', 'replace')}\n"
                    f"  Python: {y.decode('utf-8', 'replace')}")
    return sizes


def _table(path: Path, table: str) -> list:
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        c.text_factory = bytes
        return c.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    finally:
        c.close()


def _assert_same(fmt: str, sql_out: Path, py_out: Path, label: str) -> int:
    """The two outputs are the same; return the number of events."""
    if fmt == "sqlite":
        a, b = _table(sql_out, "events"), _table(py_out, "events")
        if a != b:
            diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            detail = (f"row {diff + 1}:\n  SQL:    {a[diff]}\n  Python: {b[diff]}" if diff < min(len(a), len(b))
                      else f"{len(a)} rows with SQL mapping, {len(b)} without")
            pytest.fail(f"{label}: events tables differ at {detail}")
        # indicators too: the scan reads the extra of SQL-mapped rows only through SQLMapping.free_text
        for side in ("sources", "warnings", "indicators"):
            assert _table(sql_out, side) == _table(py_out, side), f"{label}: {side} differ"
        return len(a)
    a, b = sql_out.read_bytes(), py_out.read_bytes()
    if fmt == "json":  # the run record (timings) comes first; sources, warnings and events follow
        a, b = a[a.index(b'\n"sources":'):], b[b.index(b'\n"sources":'):]
        assert a == b, f"{label}: {_first_difference(a, b)}"
        return len(json.loads(b'{' + a[1:])["events"])
    assert a == b, f"{label}: {_first_difference(a, b)}"
    ma, mb = (json.loads(Path(str(p) + ".manifest.json").read_text(encoding="utf-8")) for p in (sql_out, py_out))
    assert ma["sources"] == mb["sources"], f"{label}: sources differ"
    assert ma["warnings"] == mb["warnings"], f"{label}: warnings differ"
    return a.count(b"\n")


def _python_rows(monkeypatch, module, mapping: str) -> list:
    """The ``_id`` of every row the Python mapping ``module.mapping`` is called with, as the run goes."""
    seen = []
    real = getattr(module, mapping)
    monkeypatch.setattr(module, mapping, lambda row, ctx: seen.append(row["_id"]) or real(row, ctx))
    return seen


def same_output(inputs, tmp: Path, *, formats=("jsonl", "sqlite"), jobs=(1, 2), keys=()) -> int:
    """Parse ``inputs`` with and without SQL mapping in each format and job count; assert equal outputs.

    Returns the number of events (the same in every run: one and two jobs are compared too).
    """
    counts = set()
    for fmt in formats:
        reference = None
        for j in jobs:
            outs = {}
            for sql in (True, False):
                out = tmp / f"{fmt}-j{j}-{'sql' if sql else 'python'}{SUFFIX[fmt]}"
                result = _run(inputs, out, jobs=j, sql_mapping=sql, keys=list(keys))
                outs[sql] = (result, out)
            (rs, os_), (rp, op) = outs[True], outs[False]
            label = f"{fmt}, jobs={j}"
            n = _assert_same(fmt, os_, op, label)
            assert (rs.exit_code, rs.events, rs.warnings) == (rp.exit_code, rp.events, rp.warnings), label
            counts.add(n)
            if reference is None:
                reference = op
            elif fmt == "jsonl":
                assert op.read_bytes() == reference.read_bytes(), f"{label}: jobs=1 and jobs={j} differ"
    assert len(counts) == 1, counts
    return counts.pop()


def test_sample_data_same_with_and_without_sql_mapping(tmp_path, sql_calls):
    """The whole ``sample_data/`` folder (and its ``android.zip``, which a folder input does not open): same JSONL
    bytes and events rows, jobs 1 and 2; the SQL path did run for WhatsApp messages and SMS."""
    n = same_output([SAMPLE_DATA, SAMPLE_DATA / "android.zip"], tmp_path)
    assert n > 1000
    tables = {table for _, table, k in sql_calls if k}
    assert {"message", "sms"} <= tables, sql_calls


# -- a synthetic WhatsApp (and SMS) extraction (fixtures ``synthetic``, ``partitions``: conftest) ------

def test_synthetic_whatsapp_same_with_and_without_sql_mapping(tmp_path, synthetic, partitions, sql_calls):
    """Synthetic WhatsApp + SMS, partitioned with two jobs: same output with and without SQL mapping."""
    n = same_output([synthetic], tmp_path)
    split = {(path.rsplit("/", 1)[-1], table): ranges for path, table, ranges in partitions}
    assert split[("msgstore.db", "message")] and len(split[("msgstore.db", "message")]) >= 2, split
    assert split[("mmssms.db", "sms")] and len(split[("mmssms.db", "sms")]) >= 2, split
    assert n > 3000 + 2000
    assert any(table == "message" and k > 1000 for _, table, k in sql_calls), sql_calls


# -- hand-made edge cases ---------------------------------------------------------------------------

def _untype(db: Path, *tables: str) -> None:
    """Drop the declared types (and NOT NULL) of ``tables``' columns, so any storage class can be stored.

    Done by rewriting the table's CREATE statement in ``sqlite_master`` (the record format does
    not depend on declared types): an INTEGER column would otherwise turn the text ``'123'``
    into the integer 123.
    """
    c = sqlite3.connect(db)
    try:
        version = c.execute("PRAGMA schema_version").fetchone()[0]
        c.execute("PRAGMA writable_schema=ON")
        for table in tables:
            cols = c.execute(f"PRAGMA table_info({table})").fetchall()
            original = c.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
            auto = " AUTOINCREMENT" if "AUTOINCREMENT" in original.upper() else ""
            defs = ", ".join(f"{col[1]} INTEGER PRIMARY KEY{auto}" if col[5] else col[1] for col in cols)
            c.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                      (f"CREATE TABLE {table} ({defs})", table))
        c.execute(f"PRAGMA schema_version={version + 1}")
        c.execute("PRAGMA writable_schema=OFF")
        c.commit()
    finally:
        c.close()
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        c.close()


EDGE_TEXTS = [
    "".join(chr(c) for c in range(1, 0x20)) + "\x7f", 'say "hi" \\ back\\slash \\u0041', "100% %s %d %% %z %",
    "🇩🇪 é 中文 \u2028 \u2029 \ufeff", "", None, "a\x00b", "'single' ''quotes''", "x" * 3000, "null", " ",
]
#: message.timestamp values; ms since 1970
EDGE_TIMES = [0, -1, None, -5000, 1675699562266.5, 1675699562266.0, 0.0, "123", "1675699562266", " 1675699562266",
              "abc", "", 10**17, 253402300799999, 253402300800000, INT64_MAX, INT64_MIN, 1, 999, 1000]


def _insert(c, table: str, row: dict) -> int:
    cols = ", ".join(row)
    cur = c.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in row)})", tuple(row.values()))
    return cur.lastrowid


def _edge_msgstore(db: Path) -> None:
    """Add rows at the plain / not-plain boundary to a synthetic current-schema msgstore.db."""
    _untype(db, "message", "receipt_user", "message_quoted", "message_forwarded", "call_log", "message_media")
    c = sqlite3.connect(db)
    r = random.Random(5)
    jid = {row[1]: row[0] for row in c.execute("SELECT _id, raw_string FROM jid")}
    person = [i for s, i in jid.items() if s and s.endswith("@s.whatsapp.net")]
    groups = [row[0] for row in c.execute(
        "SELECT c._id FROM chat c JOIN jid j ON j._id = c.jid_row_id WHERE j.raw_string LIKE '%@g.us' "
        "AND EXISTS (SELECT 1 FROM group_participant_user p WHERE p.group_jid_row_id = j._id)")]
    chat_of = {row[1]: row[0] for row in c.execute("SELECT _id, jid_row_id FROM chat")}
    individual = next(chat_of[p] for p in person if p in chat_of)
    status = chat_of[jid["status@broadcast"]]

    users = iter(range(10**6))

    def new_jid(raw, server="s.whatsapp.net"):
        return _insert(c, "jid", {"user": f"edge{next(users)}", "server": server, "agent": 0, "device": 0, "type": 0, "raw_string": raw})

    def new_chat(jid_row, subject):
        return _insert(c, "chat", {"jid_row_id": jid_row, "subject": subject})

    empty_jid, null_jid = new_jid(""), new_jid(None)
    chats = {
        "individual": individual,
        "unnamed": new_chat(new_jid("4915100000001@s.whatsapp.net"), None),
        "individual_subject": new_chat(new_jid("4915100000002@s.whatsapp.net"), "ignored subject"),
        "group": groups[0],
        "group_nobody": new_chat(new_jid("120363000000000001@g.us", server="g.us"), "Nobody 🙈 %s \"q\""),
        "group_null_subject": new_chat(new_jid("120363000000000002@g.us", server="g.us"), None),
        "group_empty_subject": new_chat(new_jid("120363000000000003@g.us", server="g.us"), ""),
        "status": status,
        "null_jid": new_chat(null_jid, None),
        "empty_jid": new_chat(empty_jid, None),
        "missing": 99999,
        "dangling_jid": new_chat(777777, "dangling"),
        "row_id_as_text": str(individual),
        "placeholder": -1,
    }
    senders = [None, 0, -1, person[1], person[2], empty_jid, null_jid, new_jid(None), 88888]
    key = iter(range(10**6))
    base_ts = 1675699562266

    def message(**kw) -> int:
        i = next(key)
        row = {"chat_row_id": individual, "from_me": 0, "key_id": f"EDGE{i:06d}", "sender_jid_row_id": 0,
               "status": 0, "broadcast": 0, "recipient_count": 0, "origination_flags": 0, "origin": 0,
               "timestamp": base_ts + i * 1001, "received_timestamp": base_ts + i * 1001 + 250,
               "receipt_server_timestamp": -1, "message_type": 0, "text_data": f"edge {i}", "starred": 0,
               "lookup_tables": 0, "message_add_on_flags": 0, "sort_id": 0}
        row.update(kw)
        return _insert(c, "message", row)

    # every chat kind x direction x sender, with a tricky text
    for name, chat in chats.items():
        for from_me in (0, 1):
            for sender in senders:
                message(chat_row_id=chat, from_me=from_me, sender_jid_row_id=sender, text_data=r.choice(EDGE_TEXTS),
                        status=r.choice([0, 4, 5, 8, 13, 10, None]))
    for t in EDGE_TIMES:
        message(timestamp=t)
        message(timestamp=t, from_me=1, chat_row_id=chats["group"])
        message(received_timestamp=t)
        message(receipt_server_timestamp=t, from_me=1)
    for text in EDGE_TEXTS:
        message(text_data=text)
        message(text_data=text, chat_row_id=chats["status"], sender_jid_row_id=person[3])
    message(key_id="-1")
    message(key_id=None)
    message(key_id="")
    message(key_id=12345)
    for from_me in (2, -1, "1", "0", "", 1.0, None):
        message(from_me=from_me, chat_row_id=chats["group"], sender_jid_row_id=person[1])
    for st in (None, 6, 99, -1, "5", 5.0, 2**62):
        message(status=st)
        message(status=st, from_me=1)
    for mt in (0, "0", None, 99, 15, 64, 1, 2, 9, 20, 7, 5, 16, 4, 10, 90, "abc", 2**62, 0.0, -1):
        message(message_type=mt)
        message(message_type=mt, from_me=1, chat_row_id=chats["group_nobody"])
    for col, values in (("recipient_count", (0, 3, None, -1, "3", 2.5)), ("origination_flags", (1, None, "x")),
                        ("broadcast", (1, 2, None, "1")), ("starred", (1, 2, None, "1", 0.5))):
        for v in values:
            message(**{col: v})
    # receipts with odd times, for outgoing messages
    receipt_times = [0, -1, None, 1.5, 1675699562266.0, 10**17, "123", "abc", 1675699563000, 253402300799999,
                     253402300800000, INT64_MIN]
    for t in receipt_times:
        mid = message(from_me=1, status=13)
        for j, who in enumerate((person[4], person[1], 77777)):
            _insert(c, "receipt_user", {"message_row_id": mid, "receipt_user_jid_row_id": who,
                                        "receipt_timestamp": t if j == 0 else 1675699563000,
                                        "read_timestamp": t if j == 1 else None, "played_timestamp": t})
    mid = message(from_me=1, status=13)
    _insert(c, "receipt_user", {"message_row_id": mid, "receipt_user_jid_row_id": senders[6],
                                "receipt_timestamp": 1675699563000, "read_timestamp": None, "played_timestamp": None})
    # receipts whose message_row_id is not stored as an integer (untyped column): a whole REAL matches
    # its message like an integer does; text and a fractional REAL match none
    for as_stored in (float, str, lambda m: m + 0.5):
        mid = message(from_me=1, status=13)
        for who in (person[1], person[4]):
            _insert(c, "receipt_user", {"message_row_id": as_stored(mid), "receipt_user_jid_row_id": who,
                                        "receipt_timestamp": 1675699563000, "read_timestamp": None, "played_timestamp": None})
    # quoted and forwarded messages
    for t in [0, -1, None, 1.5, 1675699562266, 10**17, "123"]:
        for text in (None, 'quoted "%s" \\ 🇩🇪', "\x01\x1f"):
            for sender, from_me in ((None, 0), (person[1], 1), (0, 2), (88888, "1")):
                mid = message(chat_row_id=chats["group"], sender_jid_row_id=person[2])
                _insert(c, "message_quoted", {"message_row_id": mid, "chat_row_id": chats["group"],
                                              "parent_message_chat_row_id": chats["group"], "from_me": from_me,
                                              "sender_jid_row_id": sender, "key_id": r.choice(["QKEY", None, "", 7]),
                                              "timestamp": t, "message_type": 0, "origin": 0, "text_data": text,
                                              "lookup_tables": 0})
    for score in (None, 0, 5, -3, 1.5, "x", 2**62):
        mid = message(from_me=1)
        _insert(c, "message_forwarded", {"message_row_id": mid, "forward_score": score})
    # add-ons: an edit (not plain) and reactions on edge messages
    add_on_cols = "chat_row_id, from_me, key_id, sender_jid_row_id, parent_message_row_id, timestamp, status, message_add_on_type"
    edited = message(text_data="edited")
    c.execute(f"INSERT INTO message_add_on ({add_on_cols}) VALUES (?, 1, 'EDITKEY', 0, ?, ?, 0, 74)",
              (individual, edited, base_ts + 5000))
    for t in (0, -1, None, 1.5, base_ts):
        parent = message(chat_row_id=chats["group"], sender_jid_row_id=person[1])
        cur = c.execute(f"INSERT INTO message_add_on ({add_on_cols}) VALUES (?, 0, ?, ?, ?, ?, 0, 56)",
                        (chats["group"], f"REACT{t}", person[2], parent, t))
        c.execute("INSERT INTO message_add_on_reaction (message_add_on_row_id, reaction, sender_timestamp) VALUES (?, ?, ?)",
                  (cur.lastrowid, "👍🏽", t))
    # call_log rows with odd times
    for t in (0, -1, None, 1.5, 10**17, "123"):
        _insert(c, "call_log", {"jid_row_id": person[1], "from_me": 0, "call_id": f"CALL{t}", "transaction_id": 1,
                                "timestamp": t, "video_call": 0, "duration": 3, "call_result": 5, "bytes_transferred": 0,
                                "group_jid_row_id": 0, "is_joinable_group_call": 0, "call_creator_device_jid_row_id": 0})
    # media rows: captions, durations, hashes, paths, names and sizes of every storage class; a file
    # present in the extraction (see the fixture) and one that is not
    present = "Media/WhatsApp Images/IMG-EDGE-0001.jpg"
    for caption, duration, file_hash, path, name, size in [
        (None, None, None, present, None, 12), ("cap", 0, "", present, "named.jpg", "12"), ("", 3, "H4SH", None, None, None),
        (5, 2.5, b"\x01", "Media/missing.jpg", "", 1.5), ("🇩🇪 %s", "7", 0, 7, 3, None), (None, -1, "h", "", None, 2**62),
        ("c", 1, "h", "/storage/emulated/0/WhatsApp/" + present, "x", 10),
    ]:
        for mt in (1, 2, 9, 0):  # (the caption of a current-schema media message is its text_data)
            mid = message(message_type=mt, text_data=r.choice([caption, None]))
            _insert(c, "message_media", {"message_row_id": mid, "chat_row_id": individual, "file_path": path,
                                         "media_name": name, "mime_type": "image/jpeg", "file_size": size,
                                         "media_duration": duration, "file_hash": file_hash})
    # rows after all the edge rows, so that the plain rows merge around them
    for i in range(50):
        message(text_data=f"tail {i}")
    c.commit()
    c.close()


def _expected_whatsapp_events(db: Path) -> int:
    """Events the whatsapp_android parser gives: messages (not placeholders, not call-linked), calls, reactions."""
    c = sqlite3.connect(db)
    try:
        messages = c.execute("SELECT count(*) FROM message WHERE NOT (chat_row_id IS -1 OR key_id IS '-1')").fetchone()[0]
        calls = c.execute("SELECT count(*) FROM call_log").fetchone()[0]
        reactions = c.execute("SELECT count(*) FROM message_add_on a "
                              "JOIN message_add_on_reaction r ON r.message_add_on_row_id = a._id").fetchone()[0]
        return messages + calls + reactions
    finally:
        c.close()


@pytest.fixture(scope="module")
def edge_extraction(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edge") / "ext"
    _build_extraction(root, 300, seed=3)
    _edge_msgstore(root / MSGSTORE)
    media = root / "sdcard/WhatsApp/Media/WhatsApp Images/IMG-EDGE-0001.jpg"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(b"\xff\xd8\xff edge media")
    return root


def test_edge_case_msgstore_same_with_and_without_sql_mapping(tmp_path, edge_extraction, partitions, monkeypatch):
    """Rows at the plain / not-plain boundary (odd times, storage classes, codes, chats, side tables) give the same output."""
    import artefacts.context as context
    import artefacts.plugins.whatsapp_android as wa

    monkeypatch.setattr(context, "PARTITION_MIN_ROWS", 150)
    python_mapped = _python_rows(monkeypatch, wa, "message_to_event")

    n = same_output([edge_extraction], tmp_path, formats=("jsonl", "sqlite"), jobs=(1, 2))
    lines = (tmp_path / "jsonl-j1-python.jsonl").read_bytes().split(b"\n")[:-1]
    assert len(lines) == n
    ours = sum(1 for line in lines if json.loads(line)["parser"].startswith("whatsapp_android/"))
    # every message is an event, those whose media hash is a BLOB too (JSON cannot hold bytes: the hash is kept
    # as text, extra.coerced says so, one warning each)
    manifest = json.loads((tmp_path / "jsonl-j1-python.jsonl.manifest.json").read_text(encoding="utf-8"))
    coerced = [w for w in manifest["warnings"] if w["parser"] == "whatsapp_android" and "kept as text" in w["message"]]
    # 4 media hashes stored as BLOBs, 4 media names stored as integers (the schema wants text): kept, said
    assert all(w["locator"].startswith("message:_id=") for w in coerced)
    assert sorted("bytes" in w["message"] for w in coerced) == [False] * 4 + [True] * 4, [
        (w["locator"], w["message"]) for w in coerced]
    assert all("attachments[0].name: int as text" in w["message"] for w in coerced if "bytes" not in w["message"])
    assert not [w for w in manifest["warnings"] if "cannot be written" in w["message"]]
    assert ours == _expected_whatsapp_events(edge_extraction / MSGSTORE)
    kept = [json.loads(line) for line in lines]
    kept = [e for e in kept if e["source_locator"] in {w["locator"] for w in coerced}]
    assert len(kept) == 8 and all(e["extra"].get("coerced") for e in kept), [e["extra"].get("coerced") for e in kept]
    assert any(table == "message" and ranges and len(ranges) >= 2 for _, table, ranges in partitions)
    # with jobs=1 both paths ran in this process: the edge rows went through Python, the rest did not
    c = sqlite3.connect(edge_extraction / MSGSTORE)
    total = c.execute("SELECT count(*) FROM message").fetchone()[0]
    c.close()
    assert 0 < len(python_mapped) - total * 2 < total  # 2 Python runs see every row, 2 SQL runs only some


def test_edge_events_keep_their_odd_values(tmp_path, edge_extraction):
    """The edge rows reach the timeline (not all dropped as warnings): a few spot checks, SQL mapping on."""
    out = tmp_path / "t.jsonl"
    _run([edge_extraction], out, jobs=1)
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    bodies = {e["body"] for e in events}
    for text in EDGE_TEXTS:
        if text is not None:
            assert text in bodies, repr(text)
    raws = [e["timestamp_raw"] for e in events]
    assert "123" in raws and 1675699562266.5 in raws and 10**17 in raws
    labels = {e["status"] for e in events}
    assert "status 99" in labels


# -- SMS edge cases --------------------------------------------------------------------------------

def _edge_mmssms(db: Path) -> None:
    """Add ``sms`` rows with odd values (times, types, addresses, bodies, optional columns)."""
    _untype(db, "sms")
    c = sqlite3.connect(db)
    threads = [row[0] for row in c.execute("SELECT _id FROM threads")]
    cols = {row[1] for row in c.execute("PRAGMA table_info(sms)")}

    def sms(**kw):
        row = {"thread_id": threads[0], "address": "+4915100000001", "date": 1675699562266, "date_sent": 0,
               "type": 1, "body": "sms edge", "read": 1, "seen": 1, "status": -1, "locked": 0}
        row.update(kw)
        _insert(c, "sms", {k: v for k, v in row.items() if k in cols})

    for t in EDGE_TIMES:
        sms(date=t)
        sms(date_sent=t, type=2)
    for text in EDGE_TEXTS:
        sms(body=text)
        sms(address=text, type=2)
        sms(address=text, type=1)
    for box in (None, 0, 1, 2, 3, 4, 5, 6, 7, 99, "1", 2.0, -1):
        sms(type=box)
    for thread in (None, 999999, "1", str(threads[0]), 1.5, -1):
        sms(thread_id=thread)
    for col in ("read", "seen", "status", "subject", "service_center", "error_code", "protocol", "locked", "person",
                "sub_id", "creator"):
        if col in cols:
            for v in (None, 0, 1, "text %s é", 2**62, 1.5, ""):
                sms(**{col: v})
    c.commit()
    c.close()


@pytest.fixture(scope="module")
def sms_extraction(tmp_path_factory) -> Path:
    from artefacts.synthetic import build_mmssms

    root = tmp_path_factory.mktemp("sms") / "ext"
    (root / MMSSMS).parent.mkdir(parents=True)
    build_mmssms(root / MMSSMS, n_sms=300, n_mms=10, seed=4, index_words=False)
    _edge_mmssms(root / MMSSMS)
    return root


def test_edge_case_mmssms_same_with_and_without_sql_mapping(tmp_path, sms_extraction, partitions, sql_calls, monkeypatch):
    """SMS rows with odd values give the same output with and without SQL mapping (jobs 1 and 2, partitioned)."""
    import artefacts.context as context
    import artefacts.plugins.android_sms as sms

    monkeypatch.setattr(context, "PARTITION_MIN_ROWS", 100)
    python_mapped = _python_rows(monkeypatch, sms, "sms_to_event")
    n = same_output([sms_extraction], tmp_path)
    c = sqlite3.connect(sms_extraction / MMSSMS)
    expected, total = c.execute("SELECT (SELECT count(*) FROM sms) + (SELECT count(*) FROM pdu), "
                                "(SELECT count(*) FROM sms)").fetchone()
    c.close()
    assert n == expected
    assert any(ranges and len(ranges) >= 2 for path, table, ranges in partitions if table == "sms")
    # jobs=1, jsonl and sqlite: 2 Python runs see every sms row, 2 SQL runs only the odd ones
    assert any(table == "sms" and k for _, table, k in sql_calls)
    assert 0 < len(python_mapped) - 2 * total < total


# -- the real corpus ----------------------------------------------------------------------------------

CORPUS_FILES = [
    ("other", "lab-whatsapp", "msgstore.db"),
    ("other", "Sqlite3-restore-deleted-records", "msgstore.db"),
    ("crypto", "whatsapp", "msgstore.db"),
    ("plaso", "mmssms.db"),
    ("plaso", "derived", "mmssms_wal", "mmssms.db"),
]


@pytest.mark.parametrize("parts", CORPUS_FILES, ids=["/".join(p) for p in CORPUS_FILES])
def test_corpus_file_same_with_and_without_sql_mapping(tmp_path, parts):
    """Each real msgstore.db / mmssms.db of the corpus (a single file) parses the same with and without SQL mapping."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file not available: {path}")
    n = same_output([path], tmp_path, jobs=(1,))
    assert n > 0


def test_corpus_lab_whatsapp_folder(tmp_path):
    """The lab WhatsApp folder (msgstore.db with its wa.db) as an extraction, partitioned or not."""
    folder = CORPUS / "other" / "lab-whatsapp"
    if not folder.exists():
        pytest.skip(f"corpus folder not available: {folder}")
    root = tmp_path / "ext"
    for name in ("msgstore.db", "wa.db"):
        if (folder / name).exists():
            (root / MSGSTORE).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, (root / MSGSTORE).parent / name)
    assert same_output([root], tmp_path / "out") > 0


# -- rows found to differ (kept as found; see the docstrings) -----------------------------------------

def _small_whatsapp(root: Path) -> sqlite3.Connection:
    _build_extraction(root, 100, seed=3)
    _untype(root / MSGSTORE, "message")
    return sqlite3.connect(root / MSGSTORE)


def _probe_message(c, chat: int, key: str, **kw) -> int:
    row = {"chat_row_id": chat, "from_me": 0, "key_id": key, "sender_jid_row_id": 0, "status": 0,
           "timestamp": 1675699562266, "received_timestamp": 0, "receipt_server_timestamp": -1, "message_type": 0,
           "text_data": "probe", "starred": 0, "sort_id": 0}
    row.update(kw)
    return _insert(c, "message", row)


def test_jid_with_nul_character_same_with_and_without_sql_mapping(tmp_path):
    """Chat JIDs holding a NUL character (damaged or carved data) are read the same way by both paths.

    Python's ``jid.endswith("@g.us")`` sees the whole text; the SQL form's ``substr(jid, -5)``
    counts characters only up to the first NUL, so ``"1203630\\x00@g.us"`` is a group for Python
    and not for SQL, and ``"120363000099@g.us\\x00"`` the other way round (chat_type,
    conversation_name, recipients differ).
    """
    root = tmp_path / "ext"
    c = _small_whatsapp(root)
    for i, raw in enumerate(("1203630\x00@g.us", "120363000099@g.us\x00")):
        j = _insert(c, "jid", {"user": f"nul{i}", "server": "g.us", "agent": 0, "device": 0, "type": 1, "raw_string": raw})
        chat = _insert(c, "chat", {"jid_row_id": j, "subject": f"NUL group {i}"})
        _probe_message(c, chat, f"NUL{i}IN")
        _probe_message(c, chat, f"NUL{i}OUT", from_me=1)
    c.commit()
    c.close()
    same_output([root], tmp_path / "out", jobs=(1,))


def test_row_whose_event_cannot_be_written_same_with_and_without_sql_mapping(tmp_path):
    """A row with a BLOB in ``message.text_data`` (no JSON can hold bytes) is kept on both paths and in both
    formats, its text read from the bytes, with one warning naming the row; every other event is kept."""
    root = tmp_path / "ext"
    c = _small_whatsapp(root)
    individual = c.execute("SELECT c._id FROM chat c JOIN jid j ON j._id = c.jid_row_id "
                           "WHERE j.raw_string LIKE '%@s.whatsapp.net' LIMIT 1").fetchone()[0]
    blob_id = _probe_message(c, individual, "BLOBTEXT", text_data=b"\x00\x01 not text")
    for i in range(5):
        _probe_message(c, individual, f"AFTER{i}", text_data=f"after {i}")
    c.commit()
    c.close()
    n_lines = same_output([root], tmp_path / "out", formats=("jsonl",), jobs=(1, 2))
    n_rows = same_output([root], tmp_path / "out", formats=("sqlite",), jobs=(1, 2))
    assert n_rows == n_lines
    for sql in (True, False):
        result = _run([root], tmp_path / f"w-{sql}.jsonl", jobs=1, sql_mapping=sql)
        assert result.exit_code == 3 and result.warnings == 1
        manifest = json.loads((tmp_path / f"w-{sql}.jsonl.manifest.json").read_text())
        (warning,) = manifest["warnings"]
        assert warning["locator"] == f"message:_id={blob_id}"
        assert "kept as text" in warning["message"]
        events = [json.loads(line) for line in (tmp_path / f"w-{sql}.jsonl").read_text().splitlines()]
        assert sum((e["body"] or "").startswith("after ") for e in events) == 5
        (kept,) = [e for e in events if e["source_locator"] == f"message:_id={blob_id}"]
        assert kept["body"] == "\x00\x01 not text" and kept["extra"]["coerced"] == ["body: UTF-8 bytes as text"]


def _set_bad_text(c, table: str, column: str, rowid: int, prefix: str) -> None:
    """Store text that is not valid UTF-8 (a byte flip or a crafted value) in one cell."""
    bad = prefix.encode() + b" \xc8\xff caf\xc3"  # a lone lead byte, an invalid byte, a cut sequence
    c.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE rowid = ?", (bad, rowid))


def test_text_that_is_not_utf8_same_with_and_without_sql_mapping(tmp_path, sql_calls):
    """Text columns holding bytes that are not UTF-8 (message body, chat JID, group subject, quoted text,
    SMS body and address) give the same events on both paths, as ``\\xNN`` escapes: SQLite copies such
    text as stored, so those rows take the Python path, and every output stays valid UTF-8."""
    root = tmp_path / "ext"
    c = _small_whatsapp(root)
    individual, group = (c.execute("SELECT c._id FROM chat c JOIN jid j ON j._id = c.jid_row_id "
                                   f"WHERE j.raw_string LIKE '%{server}' LIMIT 1").fetchone()[0]
                         for server in ("@s.whatsapp.net", "@g.us"))
    _set_bad_text(c, "message", "text_data", _probe_message(c, individual, "BADBODY"), "body")
    _set_bad_text(c, "chat", "subject", group, "subject")
    _probe_message(c, group, "INBADGROUP", sender_jid_row_id=c.execute(
        "SELECT _id FROM jid WHERE raw_string LIKE '%@s.whatsapp.net' LIMIT 1").fetchone()[0])
    j = _insert(c, "jid", {"user": "bad", "server": "s.whatsapp.net", "agent": 0, "device": 0, "type": 0,
                           "raw_string": "bad@s.whatsapp.net"})
    _set_bad_text(c, "jid", "raw_string", j, "4915")
    _probe_message(c, _insert(c, "chat", {"jid_row_id": j}), "BADJID")
    if c.execute("SELECT count(*) FROM message_quoted").fetchone()[0]:
        _set_bad_text(c, "message_quoted", "text_data", c.execute("SELECT min(rowid) FROM message_quoted").fetchone()[0],
                      "quoted")
    for i in range(5):
        _probe_message(c, individual, f"PLAIN{i}", text_data=f"plain {i}")
    c.commit()
    c.close()
    (root / MMSSMS).parent.mkdir(parents=True)
    from artefacts.synthetic import build_mmssms

    build_mmssms(root / MMSSMS, n_sms=30, n_mms=0, seed=6, index_words=False)
    s = sqlite3.connect(root / MMSSMS)
    _set_bad_text(s, "sms", "body", 3, "sms")
    _set_bad_text(s, "sms", "address", 5, "+49")
    s.commit()
    s.close()
    n = same_output([root], tmp_path / "out", jobs=(1, 2))
    assert n > 100
    assert {"message", "sms"} <= {table for _, table, k in sql_calls if k}  # the SQL path ran for the other rows
    out = tmp_path / "out" / "jsonl-j1-sql.jsonl"
    events = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]  # strict UTF-8
    bodies = {e["body"] for e in events}
    assert "body \\xc8\\xff caf\\xc3" in bodies and "sms \\xc8\\xff caf\\xc3" in bodies
    assert any(e["sender"] == "+49 \\xc8\\xff caf\\xc3" or "+49 \\xc8\\xff caf\\xc3" in e["recipients"] for e in events)
    assert any(e["conversation_name"] == "subject \\xc8\\xff caf\\xc3" for e in events)
    assert any(e["conversation_id"] == "4915 \\xc8\\xff caf\\xc3" for e in events)


def test_message_with_two_media_rows_same_with_and_without_sql_mapping(tmp_path, monkeypatch):
    """A variant ``message_media`` without its primary key, holding two rows for one message (the real
    schema cannot: ``message_row_id`` is the key): the SQL form leaves that message to Python, which
    gives what it gives without SQL mapping; every other media message is still mapped in SQL."""
    import artefacts.plugins.whatsapp_android as wa

    root = tmp_path / "ext"
    c = _small_whatsapp(root)
    cols = [r[1] for r in c.execute("PRAGMA table_info(message_media)")]
    c.execute(f"CREATE TABLE mm_copy AS SELECT {', '.join(cols)} FROM message_media")
    c.execute("DROP TABLE message_media")
    c.execute(f"CREATE TABLE message_media ({', '.join(cols)})")  # no primary key
    c.execute("INSERT INTO message_media SELECT * FROM mm_copy ORDER BY message_row_id")
    c.execute("DROP TABLE mm_copy")
    media = [r[0] for r in c.execute("SELECT message_row_id FROM message_media ORDER BY message_row_id")]
    assert len(media) >= 3
    twice = media[len(media) // 2]
    c.execute(f"INSERT INTO message_media ({', '.join(cols)}) SELECT {', '.join(cols)} FROM message_media "
              "WHERE message_row_id = ?", (twice,))
    c.execute("UPDATE message_media SET file_path = 'Media/second.jpg' WHERE rowid = (SELECT max(rowid) FROM message_media)")
    c.commit()
    c.close()
    same_output([root], tmp_path / "out", jobs=(1, 2))
    # the doubled message is mapped in Python; the other media messages are not
    python_mapped = _python_rows(monkeypatch, wa, "message_to_event")
    _run([root], tmp_path / "probe.jsonl", jobs=1)
    assert twice in python_mapped
    assert not (set(media) - {twice}) & set(python_mapped)  # every other media message mapped in SQL
    lines = [json.loads(line) for line in (tmp_path / "probe.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = [a.get("path") for e in lines if e["source_locator"] == f"message:_id={twice}" for a in e["attachments"]]
    assert any(p and p.endswith("second.jpg") for p in paths), paths


# ------------------------------------------------------------------------------------------
# 3. the SQL path is really taken
# ------------------------------------------------------------------------------------------

def test_sql_path_is_taken_only_when_enabled(tmp_path, synthetic, sql_calls, monkeypatch):
    """jobs=1: with SQL mapping most message rows never reach ``message_to_event``; without it, all do."""
    import artefacts.plugins.whatsapp_android as wa

    mapped = _python_rows(monkeypatch, wa, "message_to_event")
    c = sqlite3.connect(synthetic / MSGSTORE)
    total = c.execute("SELECT count(*) FROM message").fetchone()[0]
    media = {r[0] for r in c.execute("SELECT m._id FROM message m JOIN message_media mm ON mm.message_row_id = m._id")}
    c.close()

    with_sql = _run([synthetic], tmp_path / "a.jsonl", jobs=1, sql_mapping=True, parsers=["whatsapp_android"])
    assert with_sql.exit_code == 0
    sql_rows = sum(n for path, table, n in sql_calls if table == "message")
    assert len(sql_calls) >= 1 and sql_rows >= total - 1
    python_rows = len(mapped)
    assert 0 < python_rows < total // 3, (python_rows, total)
    # media messages are mapped in SQL too, with their files found and hashed
    assert len(media) > 100 and len(media & set(mapped)) < len(media) // 10, (len(media), len(media & set(mapped)))
    events = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    hashed_in_sql = [e for e in events if e["source_locator"].startswith("message:") and e["attachments"]
                     and e["attachments"][0]["sha256"] and int(e["source_locator"].split("=")[1]) not in mapped]
    assert hashed_in_sql, "no SQL-mapped media message with a hashed file"

    sql_calls.clear()
    mapped.clear()
    without = _run([synthetic], tmp_path / "b.jsonl", jobs=1, sql_mapping=False, parsers=["whatsapp_android"])
    assert sql_calls == []
    assert len(mapped) == total
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert with_sql.events == without.events


# ------------------------------------------------------------------------------------------
# 4. formats without a row store fall back to Python for every row
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "timesketch"])
def test_formats_without_row_store_same_output(tmp_path, synthetic, edge_extraction, sql_calls, fmt):
    """``.json`` and ``.timesketch.jsonl``: same file with and without SQL mapping (jobs 1 and 2), no SQL-mapped query."""
    n = same_output([synthetic], tmp_path / "synthetic", formats=(fmt,))
    assert n > 3000
    assert same_output([edge_extraction], tmp_path / "edge", formats=(fmt,)) > 500
    assert sql_calls == []


def test_side_tables_listed_per_table_when_their_ids_are_not_all_integers(tmp_path, edge_extraction, monkeypatch):
    """The per-table NOT IN form (used when a side table holds ids that are not integers) gives the same output."""
    import artefacts.plugins.whatsapp_android as wa

    real = wa._holds_for_all
    asked = []

    def odd_ids(ctx, table, condition):
        if "typeof(message_row_id)" in condition:
            asked.append(table)
            return False
        return real(ctx, table, condition)

    monkeypatch.setattr(wa, "_holds_for_all", odd_ids)
    same_output([edge_extraction], tmp_path, formats=("jsonl",), jobs=(1,))
    assert asked  # the check was made, and said no: the per-table form ran


@pytest.mark.parametrize("stage", ["prepare", "write"])
def test_sql_that_cannot_run_sends_the_file_to_the_python_mapping(parse, tmp_path, monkeypatch, stage):
    """When SQLite refuses the mapping's SQL (a value its JSON functions cannot hold, in a table prepared before the
    rows or in a row the plain test let through), the file is mapped in Python, the reference: the same events
    and warnings as without SQL mapping, each warning once, and the run record says why."""
    import artefacts.sqlmapping as sm
    from conftest import SAMPLE_DATA, altered_copy

    db = "data/data/com.whatsapp/databases/msgstore.db"
    # a damaged row that warns on the Python path, to see that its warning is given once
    root = altered_copy(SAMPLE_DATA / "whatsapp" / "android", tmp_path / "x", db,
                        "UPDATE message SET timestamp = 'soon' WHERE _id = (SELECT max(_id) FROM message)")
    without = parse(root, jobs=1, sql_mapping=False)

    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("JSON cannot hold BLOB values")

    if stage == "prepare":
        monkeypatch.setattr(sm, "register_functions", refuse)
    else:
        from artefacts.exporters.jsonl import LinesStore

        monkeypatch.setattr(LinesStore, "add_sql", refuse)
    with_sql = parse(root, jobs=1)
    assert not [w for w in with_sql.warnings if "stopped" in w["message"]]
    strip = lambda events: sorted(json.dumps(e, sort_keys=True) for e in events)  # noqa: E731
    assert len(with_sql.events) == len(without.events) > 100
    assert strip(with_sql.events) == strip(without.events)
    assert sorted((w["locator"], w["message"]) for w in with_sql.warnings) == sorted(
        (w["locator"], w["message"]) for w in without.warnings) and without.warnings
    [note] = [s["note"] for s in with_sql.sources if s["path"].endswith("msgstore.db")]
    assert "mapped in Python: the SQL mapping could not run (OperationalError: JSON cannot hold BLOB values)" in note
