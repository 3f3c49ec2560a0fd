"""``artefacts new-plugin NAME``: a ready plugin package, installable with ``pip`` and tested as made.

The package holds a parser module (a declarative :class:`~artefacts.parser.SQLiteParser` and a
row-to-event function), the ``CREATE TABLE`` statements of the app's database in ``schema.sql``, a
test that builds a small database from those statements and runs the host on it through the
project's pytest fixtures, a ``pyproject.toml`` declaring the ``artefacts`` entry point, and a
README. The templates are the files of ``template/`` (package data); ``{{name}}`` and
``{{version}}`` are the only substitutions, so what is written is what a reader sees there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["ScaffoldError", "NAME_RULE", "new_plugin"]

NAME_RULE = re.compile(r"[a-z][a-z0-9_]{1,39}")
#: template file -> path in the package ("{name}" replaced)
FILES = {
    "pyproject.toml.tmpl": "pyproject.toml",
    "README.md.tmpl": "README.md",
    "parser.py.tmpl": "artefacts_{name}/__init__.py",
    "schema.sql.tmpl": "artefacts_{name}/schema.sql",
    "test_parser.py.tmpl": "tests/test_{name}.py",
}


class ScaffoldError(ValueError):
    """A name that cannot be a plugin's, or a destination that exists."""


@dataclass(frozen=True)
class Scaffold:
    root: Path
    files: tuple[Path, ...]


def new_plugin(name: str, dest: Path, *, version: str = "0.1.0") -> Scaffold:
    """Write the package ``artefacts-<name>`` into ``dest`` (a new folder ``dest/artefacts-<name>``)."""
    if not NAME_RULE.fullmatch(name):
        raise ScaffoldError(f"{name!r} is not a plugin name: 2-40 characters, a-z, 0-9 and _, starting with a letter")
    root = Path(dest) / f"artefacts-{name.replace('_', '-')}"
    if root.exists():
        raise ScaffoldError(f"{root} exists; choose another --dir or name")
    written = []
    template = resources.files(__package__) / "template"
    for src, rel in FILES.items():
        text = (template / src).read_text(encoding="utf-8")
        text = text.replace("{{name}}", name).replace("{{dist}}", name.replace("_", "-")).replace("{{version}}", version)
        path = root / rel.format(name=name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return Scaffold(root, tuple(written))
