"""Plugin discovery and isolation: a broken plugin or parser never takes the others down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from artefacts import hookimpl
from artefacts.registry import load_registry
from artefacts.hookspecs import register_commands, register_exporters, register_parsers
from conftest import REPO, corpus_file

GOOD = '''
from artefacts import hookimpl
from artefacts.parser import SQLiteParser

__version__ = "0.3"


def row_to_event(row, ctx):
    return {"kind": "message", "body": row["body"], "timestamp_desc": "Creation Time"}


class Echo(SQLiteParser):
    name = "echo_sms"
    app = "sms"
    platform = "android"
    path_globs = ("**/mmssms.db",)
    required_tables = {"sms": {"_id", "body"}}

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT _id, body FROM sms ORDER BY _id", row_to_event, table="sms", id_column="_id")


@hookimpl
def register_parsers(register):
    register(Echo)
'''

BROKEN_IMPORT = "import this_module_does_not_exist\n"

BROKEN_HOOK = '''
from artefacts import hookimpl

@hookimpl
def register_parsers(register):
    raise RuntimeError("boom in register_parsers")
'''

EXPLODING_PARSER = '''
from artefacts import hookimpl
from artefacts.parser import SQLiteParser


class Exploding(SQLiteParser):
    name = "exploding"
    app = "sms"
    platform = "android"
    path_globs = ("**/mmssms.db",)
    required_tables = {"sms": {"_id"}}

    def parse(self, ctx):
        for row in ctx.rows("SELECT _id FROM sms ORDER BY _id"):
            if row["_id"] == 4:
                raise ValueError("parser bug at row 4")
            yield {"kind": "message", "source_locator": f"sms:_id={row['_id']}"}


@hookimpl
def register_parsers(register):
    register(Exploding)
'''

DUPLICATE = '''
from artefacts import hookimpl
from artefacts.plugins.android_sms import AndroidSmsParser


class Impostor(AndroidSmsParser):
    name = "android_sms"


@hookimpl
def register_parsers(register):
    register(Impostor)
'''

MISSPELLED = '''
from artefacts import hookimpl

@hookimpl
def register_parserz(register):
    pass
'''


@pytest.fixture
def plugins_dir(tmp_path):
    d = tmp_path / "plugins"
    d.mkdir()
    for name, body in {
        "good": GOOD,
        "broken_import": BROKEN_IMPORT,
        "broken_hook": BROKEN_HOOK,
        "exploding": EXPLODING_PARSER,
        "duplicate": DUPLICATE,
        "misspelled": MISSPELLED,
    }.items():
        (d / f"{name}.py").write_text(textwrap.dedent(body))
    return d


def test_builtins_come_through_entry_points():
    reg = load_registry()
    for name in ("android_sms", "android_calls"):
        assert reg.plugins[name].status == "loaded"
        assert reg.plugins[name].source.startswith("entry point")
        assert name in reg.parsers


def test_broken_plugins_are_recorded_and_others_load(plugins_dir):
    reg = load_registry([plugins_dir])
    p = reg.plugins
    assert p["local_good"].status == "loaded" and p["local_good"].version == "0.3"
    assert p["local_broken_import"].status == "failed" and "this_module_does_not_exist" in p["local_broken_import"].error
    assert p["local_broken_hook"].status == "failed" and "boom in register_parsers" in p["local_broken_hook"].error
    assert p["local_duplicate"].status == "failed" and "already registered" in p["local_duplicate"].error
    assert p["local_misspelled"].status == "failed" and "register_parserz" in p["local_misspelled"].error
    assert {"echo_sms", "exploding", "android_sms", "android_calls"} <= set(reg.parsers)
    assert reg.parsers["android_sms"].__module__ == "artefacts.plugins.android_sms"


def test_parser_exception_is_contained(parse, plugins_dir, tmp_path):
    src = corpus_file("plaso", "mmssms.db")
    root = tmp_path / "ext" / "data" / "data" / "com.android.providers.telephony" / "databases"
    root.mkdir(parents=True)
    (root / "mmssms.db").write_bytes(src.read_bytes())
    tl = parse(tmp_path / "ext", plugins_dirs=[plugins_dir])
    assert tl.exit_code == 3
    by_parser = {}
    for e in tl.events:
        by_parser.setdefault(e["parser"].split("/")[0], []).append(e)
    assert len(by_parser["android_sms"]) == 9
    assert len(by_parser["echo_sms"]) == 9
    assert len(by_parser["exploding"]) == 3  # rows 1-3, then the bug: kept, and reported
    messages = [w["message"] for w in tl.warnings]
    assert any("parser bug at row 4" in m and "after 3 events" in m for m in messages)
    assert any("broken_import" in m for m in messages)
    assert tl.run["counts"]["parser_failures"] == 1


def test_selecting_parsers(parse):
    tl = parse(corpus_file("plaso", "mmssms.db"), parsers=["android_calls"])
    assert tl.events == [] and tl.exit_code == 3  # a single file no chosen parser recognises
    assert "no parser recognises" in tl.warnings[0]["message"]


def test_load_plugins_env_empty_loads_no_parsers():
    env = dict(os.environ, ARTEFACTS_LOAD_PLUGINS="")
    out = subprocess.run([sys.executable, "-c", "from artefacts.cli import main; main()", "plugins", "--json"], capture_output=True, text=True, env=env)
    names = [p["name"] for p in json.loads(out.stdout)]
    assert names == ["artefacts.exporters"]
    env["ARTEFACTS_LOAD_PLUGINS"] = "android_calls"
    out = subprocess.run([sys.executable, "-c", "from artefacts.cli import main; main()", "parsers", "--json"], capture_output=True, text=True, env=env)
    assert [p["name"] for p in json.loads(out.stdout)] == ["android_calls"]


def test_every_hook_is_documented_in_the_plugin_guide():
    readme = (REPO / "docs" / "writing-plugins.md").read_text(encoding="utf-8")
    for hook in (register_parsers, register_exporters, register_commands):
        assert hook.__doc__ and len(hook.__doc__) > 80
        assert f"`{hook.__name__}" in readme, f"docs/writing-plugins.md does not document hook {hook.__name__}"


def test_in_process_registration():
    from artefacts.registry import Registry

    class Plugin:
        @hookimpl
        def register_parsers(self, register):
            from artefacts.plugins.android_calls import AndroidCallsParser

            register(AndroidCallsParser)

    reg = Registry()
    reg.register_plugin(Plugin(), name="inline")
    reg.collect()
    assert list(reg.parsers) == ["android_calls"] and reg.plugins["inline"].parsers == ["android_calls"]


def test_single_file_is_offered_only_to_parsers_that_can_recognise_it(parse, tmp_path):
    """A lone non-SQLite file is not claimed as an encrypted store by every parser without a signature."""
    blob = tmp_path / "notes.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    tl = parse(blob)
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert w["message"].startswith("no parser recognises this file")
    assert "signal_desktop" not in w["message"] and "signal_ios" not in w["message"]
    # the same bytes under the name the Signal Desktop parser expects are its to judge
    named = tmp_path / "db.sqlite"
    named.write_bytes(blob.read_bytes())
    tl = parse(named)
    assert any(w["parser"] == "signal_desktop" for w in tl.warnings)


def test_pytest_plugin_for_plugin_authors(artefacts_run, event_schema_validator):
    """The fixtures shipped through the pytest11 entry point work as documented."""
    tl = artefacts_run(corpus_file("plaso", "mmssms.db"))
    assert tl.exit_code == 0 and len(tl.events) == 9
    event_schema_validator.validate(tl.by_locator("sms:_id=1"))
