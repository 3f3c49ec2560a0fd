"""What a parse loads: never the test-data generators (``artefacts.synthetic``), the plugin scaffold or
``protoc`` (``grpc_tools``): they are the plugin authors' kit and development tools, not the runtime."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import REPO, SAMPLE_DATA

KIT = ("artefacts.synthetic", "artefacts.scaffold", "grpc_tools")


def test_a_parse_of_every_sample_imports_no_kit_module(tmp_path):
    inputs = [str(p) for p in sorted(SAMPLE_DATA.iterdir()) if p.is_dir() or p.suffix == ".zip"]
    code = ("import sys, pathlib\nfrom artefacts.engine import RunOptions, run_parse\n"
            f"run_parse(RunOptions(inputs=[pathlib.Path(p) for p in {inputs!r}], output=pathlib.Path({str(tmp_path / 't.sqlite')!r}),"
            f" workdir=pathlib.Path({str(tmp_path / 'w')!r}), jobs=1))\n"
            f"loaded = sorted(m for m in sys.modules if m.startswith({KIT!r}))\n"
            "assert not loaded, loaded\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_no_runtime_module_imports_the_kit():
    runtime = [p for p in (REPO / "artefacts").rglob("*.py")
               if not p.relative_to(REPO / "artefacts").parts[0] in ("synthetic", "scaffold", "testing.py")]
    runtime += sorted((REPO / "plugins").glob("*.py"))
    offenders = []
    for path in runtime:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            for name in names:
                if any(k in name for k in ("synthetic", "scaffold", "grpc_tools")):
                    offenders.append(f"{path.relative_to(REPO)}: {name}")
    # the new-plugin command loads the scaffold when it runs, and only then
    assert offenders == ["artefacts/cli.py: .scaffold"]
