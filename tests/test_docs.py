"""The docs stay honest: the plugin example in docs/writing-plugins.md runs, the README's option table
covers every option, and every docs page is linked from the README."""

from __future__ import annotations

import re
import sqlite3

from conftest import REPO


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_plugin_guide_example_runs(parse, tmp_path):
    guide = (REPO / "docs" / "writing-plugins.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(# my_app\.py.*?)```", guide, re.S)
    assert block, "docs/writing-plugins.md lost its plugin example"
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "my_app.py").write_text(block.group(1), encoding="utf-8")
    db = tmp_path / "ext/data/data/com.example.myapp/databases/chat.db"
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, chat_id INTEGER, sent_at INTEGER, from_me INTEGER, text TEXT)")
    con.executemany("INSERT INTO messages VALUES (?, ?, ?, ?, ?)", [(1, 7, 1383065788038, 1, "hello"), (2, 7, 1383065790000, 0, "hi")])
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", plugins_dirs=[plugins], parsers=["myapp_android"])
    assert tl.exit_code == 0, tl.warnings
    assert [(e["body"], e["direction"], e["timestamp"]) for e in tl.events] == [
        ("hello", "outgoing", "2013-10-29T16:56:28.038000Z"),
        ("hi", "incoming", "2013-10-29T16:56:30.000000Z"),
    ]
    assert tl.events[0]["source_locator"] == "messages:id=1" and tl.events[0]["parser"] == "myapp_android/0.1"


def test_readme_lists_every_parse_option():
    from artefacts.cli import cli

    readme = _readme()
    for param in cli.commands["parse"].params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt not in ("--help",):
                assert f"`{opt}" in readme or f" {opt}" in readme, f"README does not document {opt}"


def test_readme_lists_every_parser():
    from artefacts.registry import load_registry

    readme = _readme()
    for name in load_registry().parsers:
        assert f"`{name}`" in readme, f"README parser table lacks {name}"


def test_every_docs_page_is_linked_from_the_readme():
    readme = _readme()
    pages = sorted(p.name for p in (REPO / "docs").glob("*.md"))
    assert pages
    for name in pages:
        assert f"(docs/{name})" in readme, f"README does not link docs/{name}"
