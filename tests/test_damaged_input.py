"""Damaged and hostile databases: one bad file never costs the others, and a user never sees a traceback.

Issue 13: a byte flip that made a table name in ``sqlite_master`` invalid UTF-8 ended the whole
run (``UnicodeDecodeError`` escaped ``check_file``); with ``--jobs 2`` the worker died with a
traceback. Every plugin hook now runs inside the unit's error boundary, and a damaged schema is
read with SQLite's schema checks relaxed.
"""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import pytest

from artefacts.synthetic import whatsapp as W
from artefacts.synthetic.android import build_mmssms
from artefacts.synthetic.ddl_loader import create

GROUP = Path("private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000003/"
             "group.net.whatsapp.WhatsApp.shared")
MMSSMS = Path("data/data/com.android.providers.telephony/databases/mmssms.db")


def _flip_create_statement(db: Path, table: str) -> None:
    """Make the table name in the ``CREATE TABLE`` text of ``table`` invalid UTF-8: SQLite cannot parse that entry."""
    data = bytearray(db.read_bytes())
    at = data.find(f"CREATE TABLE {table} ".encode())
    assert at > 0
    data[at + len("CREATE TABLE ") + 1] = 0xC8
    db.write_bytes(bytes(data))


def _flip_schema_name(db: Path, table: str) -> None:
    """Make the ``sqlite_master.name`` of ``table`` invalid UTF-8 (0xC8 where a letter was), as a byte flip does."""
    data = bytearray(db.read_bytes())
    record = f"table{table}{table}".encode()
    at = data.find(record)
    assert at > 0
    data[at + len("table") + 4] = 0xC8
    db.write_bytes(bytes(data))


def _extraction(tmp_path: Path) -> tuple[Path, int]:
    root = tmp_path / "ext"
    s = W.build_chatstorage(root / GROUP / "ChatStorage.sqlite", n_messages=60, n_chats=3, n_groups=1, seed=3)
    (root / MMSSMS).parent.mkdir(parents=True)
    sms = build_mmssms(root / MMSSMS, n_sms=40, n_mms=0, seed=3)
    return root, s["messages"] + sms["sms"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_invalid_utf8_table_name_is_read_with_one_warning(parse, tmp_path, capfd, jobs):
    root, expected = _extraction(tmp_path)
    healthy = parse(root, jobs=jobs)
    assert healthy.exit_code == 0 and len(healthy.events) == expected
    _flip_schema_name(root / GROUP / "ChatStorage.sqlite", "ZWACHATSESSION")
    with pytest.raises((sqlite3.DatabaseError, UnicodeDecodeError)):
        con = sqlite3.connect(root / GROUP / "ChatStorage.sqlite")
        try:
            con.execute("SELECT count(*) FROM ZWAMESSAGE").fetchone()  # SQLite itself refuses the schema
        finally:
            con.close()
    tl = parse(root, jobs=jobs)
    assert tl.exit_code == 3
    [warning] = tl.warnings
    assert warning["source_path"].endswith("ChatStorage.sqlite") and "damaged schema" in warning["message"]
    # every table is still read: the same events as before the flip
    strip = lambda events: [(e["source_locator"], e["body"], e["timestamp"], e["sender"]) for e in events]  # noqa: E731
    assert strip(tl.events) == strip(healthy.events)
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_damaged_name_of_a_required_table_is_a_warning_not_a_silent_skip(parse, tmp_path, capfd, jobs):
    root, _ = _extraction(tmp_path)
    healthy = parse(root, jobs=jobs)
    whatsapp = [e for e in healthy.events if not e["source_path"].endswith("mmssms.db")]
    assert healthy.exit_code == 0 and len(whatsapp) < len(healthy.events)
    _flip_create_statement(root / MMSSMS, "sms")  # "CREATE TABLE s\xc8s (": the table the parser needs is gone
    tl = parse(root, jobs=jobs)
    assert tl.exit_code == 3
    [warning] = tl.warnings
    assert warning["source_path"].endswith("mmssms.db")
    assert "damaged schema" in warning["message"] and "sms" in warning["message"]
    [source] = [s for s in tl.sources if s["path"].endswith("mmssms.db")]
    assert source["status"] == "failed"
    # the healthy file beside it is read in full
    strip = lambda events: [(e["source_locator"], e["body"], e["timestamp"]) for e in events]  # noqa: E731
    assert strip(tl.events) == strip(whatsapp)
    assert "Traceback" not in capfd.readouterr().err


HOOKS = {
    "check_signature": "def check_signature(self, head):\n        raise KeyError('sig boom')",
    "check_file": "def check_file(self, ctx):\n        raise UnicodeDecodeError('utf-8', b'\\\\xc8', 0, 1, 'check boom')",
    "partitions": "def partitions(self, ctx, jobs):\n        raise RuntimeError('partition boom')",
    "parse": "def parse(self, ctx):\n        raise RuntimeError('parse boom')\n        yield",
}


FAULTY = '''
from artefacts import hookimpl
from artefacts.parser import SQLiteParser


class Faulty(SQLiteParser):
    name = "faulty"
    app = "sms"
    platform = "android"
    path_globs = ("**/mmssms.db",)
    required_tables = {{"sms": {{"_id"}}}}

    def parse(self, ctx):
        yield from ()

{hook}


@hookimpl
def register_parsers(register):
    register(Faulty)
'''


@pytest.mark.parametrize("hook", sorted(HOOKS))
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_from_any_hook_costs_only_that_parser(parse, tmp_path, capfd, hook, jobs):
    root, expected = _extraction(tmp_path)
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "faulty.py").write_text(FAULTY.format(hook=textwrap.indent(HOOKS[hook], "    ")))
    tl = parse(root, jobs=jobs, plugins_dirs=[plugins])
    assert len(tl.events) == expected  # every built-in parser's events are there
    err = capfd.readouterr().err
    assert "Traceback" not in err
    if hook == "partitions":  # asked only to split work: the file is then parsed whole
        assert tl.exit_code == 0 and tl.warnings == []
        return
    assert tl.exit_code == 3
    [warning] = [w for w in tl.warnings if w["parser"] == "faulty"]
    assert warning["source_path"].endswith("mmssms.db") and "boom" in warning["message"]
    assert all(w["parser"] == "faulty" for w in tl.warnings)


def test_utf16_database_and_text_that_is_not_utf8(parse, tmp_path, event_validator):
    """SQLite allows UTF-16 databases; a UTF-8 database may hold bytes that are not UTF-8 in TEXT values."""
    root = tmp_path / "ext"
    for name, encoding in (("utf16", "UTF-16le"), ("utf8", "UTF-8")):
        db = root / name / MMSSMS
        db.parent.mkdir(parents=True)
        con = sqlite3.connect(db)
        con.execute(f"PRAGMA encoding = '{encoding}'")
        create(con, "android_mmssms.sql", "tables")
        con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                    "(1, 1, '+15550001', 1383065788038, 1, 'Grüße 👋')")
        con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                    "(2, 1, '+15550001', 1383065790000, 2, CAST(x'41ff42' AS TEXT))")
        con.commit()
        assert con.execute("PRAGMA encoding").fetchone()[0] == encoding
        con.close()
    tl = parse(root, parsers=["android_sms"], sql_mapping=False)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 4
    for e in tl.events:
        event_validator.validate(e)
    bodies = sorted((e["source_path"].split("/")[0], e["source_locator"], e["body"]) for e in tl.events)
    assert bodies[0] == ("utf16", "sms:_id=1", "Grüße 👋")
    assert bodies[2] == ("utf8", "sms:_id=1", "Grüße 👋")
    assert bodies[3] == ("utf8", "sms:_id=2", "A\\xffB")  # kept as escapes, never dropped


def test_column_name_that_is_not_utf8_costs_only_that_file(parse, tmp_path):
    """A flip inside a column name in ``sqlite_master.sql``: the table no longer has the column the parser needs."""
    root = tmp_path / "ext"
    (root / MMSSMS).parent.mkdir(parents=True)
    build_mmssms(root / MMSSMS, n_sms=20, n_mms=0, seed=4)
    calls = root / "data/data/com.android.providers.contacts/databases/calllog.db"
    from artefacts.synthetic import build_calllog

    calls.parent.mkdir(parents=True)
    build_calllog(calls, n_calls=15, seed=4)
    data = bytearray((root / MMSSMS).read_bytes())
    at = data.find(b"body TEXT")
    assert at > 0
    data[at + 1] = 0xC8  # "b\xc8dy": not UTF-8, and no longer the column "body"
    (root / MMSSMS).write_bytes(bytes(data))
    tl = parse(root)
    assert tl.exit_code == 3
    assert len([e for e in tl.events if e["source_path"].endswith("calllog.db")]) == 15
    [w] = tl.warnings
    assert w["source_path"].endswith("mmssms.db") and "lacks body" in w["message"]
    assert not [e for e in tl.events if e["source_path"].endswith("mmssms.db") and e["body"]]


@pytest.mark.parametrize("fmt", ["jsonl", "sqlite"])
@pytest.mark.parametrize("sql_mapping", [True, False])
def test_a_blob_where_text_belongs_is_kept_as_text_and_said(parse, tmp_path, event_validator, fmt, sql_mapping):
    """A BLOB in a text column (damage, a carved row, a crafted store) used to cost the whole event ("cannot be
    written to this output format"); the row is kept, the bytes as UTF-8 text or hex, and the event says so."""
    import json

    from artefacts.engine import RunOptions, run_parse

    root = tmp_path / "ext"
    db = root / MMSSMS
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    create(con, "android_mmssms.sql", "tables")
    con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                "(1, 1, '+15550001', 1383065788038, 1, 'plain text')")
    con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                "(2, 1, x'2b3135353530303032', 1383065790000, 2, x'ff00fe')")
    con.execute("INSERT INTO sms (_id, thread_id, address, date, type, body) VALUES "
                "(3, 1, '+15550001', 1383065791000, 1, CAST('Grüße' AS BLOB))")
    con.commit()
    con.close()
    out = tmp_path / f"t.{fmt}"
    result = run_parse(RunOptions(inputs=[root], output=out, recover=False, sql_mapping=sql_mapping,
                                  parsers=["android_sms"], workdir=tmp_path / "work"))
    assert result.exit_code == 3
    if fmt == "jsonl":
        events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        warnings = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))["warnings"]
    else:
        con = sqlite3.connect(out)
        con.row_factory = sqlite3.Row
        events = [dict(r) for r in con.execute("SELECT * FROM events")]
        for e in events:
            for k in ("recipients", "attachments", "extra"):
                e[k] = json.loads(e[k])
            for k in ("deleted", "recovered"):
                e[k] = bool(e[k])
        warnings = [dict(r) for r in con.execute("SELECT * FROM warnings")]
        assert con.execute("SELECT count(*) FROM events WHERE typeof(body) = 'blob' OR typeof(sender) = 'blob'"
                           ).fetchone()[0] == 0
        con.close()
    by = {e["source_locator"]: e for e in events}
    assert sorted(by) == ["sms:_id=1", "sms:_id=2", "sms:_id=3"]
    for e in events:
        event_validator.validate(e)
    assert by["sms:_id=1"]["body"] == "plain text" and "coerced" not in by["sms:_id=1"]["extra"]
    hexed = by["sms:_id=2"]
    assert hexed["body"] == "ff00fe" and "body: bytes as hex" in hexed["extra"]["coerced"]
    assert "+15550002" in json.dumps(hexed)  # the address bytes are UTF-8: read as the text they are
    assert by["sms:_id=3"]["body"] == "Grüße" and "body: UTF-8 bytes as text" in by["sms:_id=3"]["extra"]["coerced"]
    coerced = [w for w in warnings if "kept as text" in w["message"]]
    assert sorted(w["locator"] for w in coerced) == ["sms:_id=2", "sms:_id=3"] and len(warnings) == 2


def test_a_row_its_mapping_cannot_read_is_kept_as_stored(parse, tmp_path, event_validator):
    """Text where the app writes a time (a damaged or crafted row): the mapping's comparison fails; the row is not
    lost but kept with every stored value in an event of kind other, and said once."""
    from conftest import SAMPLE_DATA, altered_copy

    from artefacts.plugins.twitter import ANDROID_USER_TIMES

    db = "android/data/data/com.twitter.android/databases/3019024262-61.db"
    baseline = parse(SAMPLE_DATA / "twitter" / "android")
    column = ANDROID_USER_TIMES[0][0]
    root = altered_copy(SAMPLE_DATA / "twitter", tmp_path / "x", db,
                        f"UPDATE users SET {column} = 'soon', description = x'ff00' WHERE _id = 1")
    tl = parse(root / "android")
    assert tl.exit_code == 3 and len(tl.events) == len(baseline.events)
    [w] = tl.warnings
    assert w["locator"] == "users:_id=1" and "TypeError" in w["message"] and "extra.unmapped_row" in w["message"]
    kept = tl.by_locator("users:_id=1")
    event_validator.validate(kept)
    assert kept["kind"] == "other" and kept["timestamp"] is None and kept["timestamp_desc"] == "Not a time"
    stored = kept["extra"]["unmapped_row"]
    assert stored[column] == "soon" and stored["description"] == "ff00"
    before = baseline.by_locator("users:_id=1")
    assert stored["username"] == before["body"].split("(@")[1].split(")")[0]
    assert kept["extra"]["mapping_error"].startswith("TypeError")
