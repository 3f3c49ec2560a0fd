"""``origin``: every event says whether it was read from a seized device, a provider's return or a
user's export, as its parser declares; device stores default to ``device``."""

from __future__ import annotations

import json
import subprocess
import sys

from artefacts.testing import build_database
from conftest import SAMPLE_DATA

PLUGIN = '''
from artefacts import hookimpl
from artefacts.parser import SQLiteParser
from artefacts.sqlmapping import SQLMapping
from artefacts.timeconv import UNIX_SECONDS


def row_to_event(row, ctx):
    return {"timestamp": ctx.time(UNIX_SECONDS, row["t"], column="m.t"), "kind": "message", "body": row["b"]}


class ExportParser(SQLiteParser):
    name = "test_export"
    app = "testexport"
    platform = "android"
    origin = "export"
    path_globs = ("**/export.db",)
    required_tables = {"m": {"id", "t", "b"}}
    time_units = {"m.t": UNIX_SECONDS}

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT id, t, b FROM m ORDER BY id", row_to_event, table="m", id_column="id")


@hookimpl
def register_parsers(register):
    register(ExportParser)
'''


def test_a_parser_declares_the_origin_of_its_events(tmp_path, parse, event_validator):
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "export_plugin.py").write_text(PLUGIN, encoding="utf-8")
    build_database(tmp_path / "ext" / "export.db", "CREATE TABLE m (id INTEGER PRIMARY KEY, t INTEGER, b TEXT);",
                   {"m": [{"t": 1_700_000_000, "b": "hi"}, {"t": 1_700_000_060, "b": "there"}]})
    tl = parse(tmp_path / "ext", SAMPLE_DATA / "kik" / "ios", plugins_dirs=[tmp_path / "plugins"])
    assert tl.exit_code == 0 and tl.warnings == []
    origins = {e["app"]: e["origin"] for e in tl.events}
    assert origins == {"testexport": "export", "kik": "device"}
    for e in tl.events:
        event_validator.validate(e)
    listed = subprocess.run([sys.executable, "-c", "from artefacts.cli import main; main()", "parsers", "--json",
                             "--plugins-dir", str(tmp_path / "plugins")], capture_output=True, text=True)
    by_name = {p["name"]: p for p in json.loads(listed.stdout)}
    assert by_name["test_export"]["origin"] == "export" and by_name["kik_ios"]["origin"] == "device"


SQL_PLUGIN = PLUGIN.replace("class ExportParser", "class _Unused").replace("register(ExportParser)", "register(ProviderParser)") + '''

class ProviderParser(SQLiteParser):
    name = "test_provider"
    app = "testprovider"
    platform = "android"
    origin = "provider"
    path_globs = ("**/export.db",)
    required_tables = {"m": {"id", "t", "b"}}
    time_units = {"m.t": UNIX_SECONDS}

    def parse(self, ctx):
        from artefacts.sqlmapping import sql_time, sql_time_ok

        mapping = SQLMapping(table="m", id_column="id", id_sql="m.id", from_sql="m",
                             plain=sql_time_ok(UNIX_SECONDS, "m.t") + " AND m.b NOT LIKE '%odd%'",
                             fields={"timestamp": sql_time(UNIX_SECONDS, "m.t"), "timestamp_raw": "m.t",
                                     "kind": "'message'", "body": "m.b"})

        def python_rows(only):
            yield from ctx.map_rows(f"SELECT id, t, b FROM m WHERE {only('m.id')} ORDER BY id", row_to_event,
                                    table="m", id_column="id")

        yield from ctx.sql_mapped(mapping, python_rows)
'''


def test_sql_mapped_events_carry_the_origin_too(tmp_path, parse):
    """Rows an SQL mapping computes inside SQLite get the parser's origin as a host field, like the
    rows mapped in Python."""
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "provider_plugin.py").write_text(SQL_PLUGIN, encoding="utf-8")
    build_database(tmp_path / "ext" / "export.db", "CREATE TABLE m (id INTEGER PRIMARY KEY, t INTEGER, b TEXT);",
                   {"m": [{"t": 1_700_000_000 + i, "b": "odd" if i % 2 else "plain"} for i in range(6)]})
    for sql_mapping in (True, False):
        tl = parse(tmp_path / "ext", plugins_dirs=[tmp_path / "plugins"], parsers=["test_provider"],
                   sql_mapping=sql_mapping)
        assert tl.exit_code == 0 and len(tl.events) == 6
        assert {e["origin"] for e in tl.events} == {"provider"}
