"""The plugin authors' kit, as a new author uses it: ``artefacts new-plugin`` writes a package that
installs with pip, whose tests pass as generated, that ``artefacts plugins`` lists and whose events
``artefacts parse`` gives with full provenance; the example package ``examples/artefacts-deltachat``
installs and its own tests pass; its parser module stays within 60 lines."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artefacts.testing import build_database

CLI = [sys.executable, "-c", "from artefacts.cli import main; main()"]


def _run(cmd, env=None, cwd=None):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "artefacts-deltachat"


def _pip_install(package: Path, tmp: Path) -> dict:
    """``pip install`` the package (its build in ``tmp``, into a folder put on PYTHONPATH); the environment."""
    build = tmp / "src"
    shutil.copytree(package, build)  # pip builds in place: keep the repository's folder clean
    site = tmp / "site"
    pip = _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target",
                str(site), str(build)])
    assert pip.returncode == 0, pip.stderr
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}


def _own_tests(package: Path, env: dict) -> str:
    proc = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")], env=env,
                cwd=package)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``artefacts new-plugin night_owl`` installed; (package, env)."""
    tmp = tmp_path_factory.mktemp("new-plugin")
    made = _run([*CLI, "new-plugin", "night_owl", "--dir", str(tmp)])
    assert made.returncode == 0, made.stderr
    package = tmp / "artefacts-night-owl"
    assert sorted(str(Path(p).relative_to(package)) for p in made.stdout.split()) == [
        "README.md", "artefacts_night_owl/__init__.py", "artefacts_night_owl/schema.sql", "pyproject.toml",
        "tests/test_night_owl.py"]
    return package, _pip_install(package, tmp)


def test_generated_tests_pass_as_generated(installed):
    package, env = installed
    assert "2 passed" in _own_tests(package, env)


def test_example_package_installs_and_its_tests_pass(tmp_path):
    env = _pip_install(EXAMPLE, tmp_path)
    assert "2 passed" in _own_tests(EXAMPLE, env)
    listed = _run([*CLI, "parsers"], env=env)
    assert any(line.split()[:1] == ["deltachat"] for line in listed.stdout.splitlines()), listed.stdout


def test_example_parser_module_is_at_most_60_lines():
    assert len((EXAMPLE / "artefacts_deltachat" / "__init__.py").read_text(encoding="utf-8").splitlines()) <= 60


def test_plugins_lists_it_and_parse_gives_its_events_with_provenance(installed, tmp_path):
    package, env = installed
    listed = _run([*CLI, "plugins"], env=env)
    assert listed.returncode == 0
    assert any(line.split()[:3] == ["night_owl", "0.1.0", "loaded"] for line in listed.stdout.splitlines()), listed.stdout
    db = build_database(tmp_path / "ext/data/data/com.example.night_owl/databases/night_owl.db",
                        package / "artefacts_night_owl/schema.sql",
                        {"messages": [{"chat_id": "c", "sender": "x", "sent_at": 1_700_000_000_123, "from_me": 0,
                                       "text": "hi"}]})
    out = tmp_path / "t.jsonl"
    proc = _run([*CLI, "parse", str(tmp_path / "ext"), "-o", str(out), "-q", "--workdir", str(tmp_path / "w")], env=env)
    assert proc.returncode == 0, proc.stderr
    (event,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert event["parser"] == "night_owl/0.1.0" and event["body"] == "hi"
    assert event["timestamp"] == "2023-11-14T22:13:20.123000Z"
    assert event["source_sha256"] == hashlib.sha256(db.read_bytes()).hexdigest()
    assert event["source_path"] == "data/data/com.example.night_owl/databases/night_owl.db"
    assert event["source_locator"] == "messages:id=1"


@pytest.mark.parametrize("name", ["Bad", "1app", "a", "x-y", "../up"])
def test_bad_names_are_refused(tmp_path, name):
    proc = _run([*CLI, "new-plugin", name, "--dir", str(tmp_path)])
    assert proc.returncode == 2 and "not a plugin name" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_not_overwritten(tmp_path):
    (tmp_path / "artefacts-owl").mkdir()
    (tmp_path / "artefacts-owl" / "mine.txt").write_text("keep")
    proc = _run([*CLI, "new-plugin", "owl", "--dir", str(tmp_path)])
    assert proc.returncode == 2 and "exists" in proc.stderr
    assert [p.name for p in (tmp_path / "artefacts-owl").iterdir()] == ["mine.txt"]


def test_build_database_keeps_to_the_schema(tmp_path):
    with pytest.raises(ValueError, match="no column"):
        build_database(tmp_path / "a.db", "CREATE TABLE t (a INTEGER);", {"t": [{"b": 1}]})
    with pytest.raises(ValueError, match="no table"):
        build_database(tmp_path / "b.db", "CREATE TABLE t (a INTEGER);", {"u": [{"a": 1}]})
