"""The documentation site stays true: its reference pages are what the code generates, it builds
with ``mkdocs build --strict``, every page is in its navigation, the plugin guide's examples run, and
the README stays short, starts with the two set-up commands and links the site's main pages."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import yaml

from conftest import CORPUS, REPO

DOCS = REPO / "docs"


def _gen():
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_pages_are_what_the_code_generates():
    fresh = _gen().pages()
    assert sorted(fresh) == ["apps.md", "cli.md", "output.md"]
    for name, text in fresh.items():
        assert (DOCS / "reference" / name).read_text(encoding="utf-8") == text, (
            f"docs/reference/{name} is stale: run python docs/gen_reference.py")


def test_reference_pages_cover_every_command_option_parser_and_field():
    import json

    from artefacts.cli import cli
    from artefacts.registry import load_registry

    cli_page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for name, cmd in cli.commands.items():
        assert f"## `artefacts {name}`" in cli_page
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-"):
                    assert f"`{opt}`" in cli_page, f"{name} {opt}"
    apps = (DOCS / "reference" / "apps.md").read_text(encoding="utf-8")
    for name in load_registry().parsers:
        assert f"\n## {name}\n" in apps
    output = (DOCS / "reference" / "output.md").read_text(encoding="utf-8")
    for field in json.loads((REPO / "schemas" / "timeline.schema.json").read_text(encoding="utf-8"))["properties"]:
        assert f"| `{field}` |" in output
    for table in ("events", "sources", "warnings", "run", "indicators", "participants", "conversations"):
        assert f"### `{table}` (table)" in output


def test_site_builds_strict(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                          cwd=REPO, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "reference" / "apps" / "index.html").exists()


def _nav_pages(nav) -> set[str]:
    out = set()
    for item in nav:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                out |= _nav_pages(value) if isinstance(value, list) else {value}
    return out


def test_every_page_is_in_the_navigation():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages and _nav_pages(config["nav"]) == pages


def test_readme_is_short_starts_with_the_two_commands_and_links_the_site():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 120
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1).splitlines()
    assert len(first_block) == 2
    assert first_block[0].startswith("python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/artefacts parse sample_data/")
    assert "-o timeline.sqlite" in first_block[0]
    assert first_block[1] == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest -q"
    for page in ("examiner.md", "investigator.md", "writing-plugins.md", "differences.md", "speed.md",
                 "reference/cli.md", "reference/output.md", "reference/apps.md", "reference/decoders.md"):
        assert f"(docs/{page})" in readme, page


def test_plugin_guide_includes_the_example_package_files():
    guide = (DOCS / "writing-plugins.md").read_text(encoding="utf-8")
    included = re.findall(r'--8<-- "([^"]+)"', guide)
    assert "examples/artefacts-deltachat/artefacts_deltachat/__init__.py" in included
    assert all((REPO / path).is_file() for path in included)


def test_plugin_guide_differential_example_runs(tmp_path):
    """The guide's check against iLEAPP runs as a third party's test would (skips without the corpus)."""
    guide = (DOCS / "writing-plugins.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(from artefacts\.testing import corpus_file.*?)```", guide, re.S)
    assert block, "the guide lost its differential example"
    (tmp_path / "test_guide_example.py").write_text(block.group(1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "ARTEFACTS_CORPUS": str(CORPUS)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ("1 passed" in proc.stdout) is CORPUS.exists(), proc.stdout
