"""Compile the ``.proto`` files of ``schemas/`` into the Python modules of ``artefacts/protos/``.

    python schemas/compile_protos.py            # rewrite artefacts/protos/*_pb2.py
    python schemas/compile_protos.py --check    # exit 1 if a committed module differs

The ``.proto`` files are the source; the generated modules are committed so that ``protoc`` is
needed only by whoever changes a schema. ``protoc`` comes from ``grpcio-tools`` (the ``test``
extra pins the version whose output is committed; the generated code states the protobuf runtime
it needs, which ``setup.cfg`` requires).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent
PROTOS = SCHEMAS.parent / "artefacts" / "protos"


def compile_into(dest: Path) -> list[Path]:
    """Run ``protoc`` on every ``schemas/*.proto``; the generated files in ``dest``."""
    from grpc_tools import protoc

    sources = sorted(p.name for p in SCHEMAS.glob("*.proto"))
    code = protoc.main(["protoc", f"-I{SCHEMAS}", f"--python_out={dest}", *sources])
    if code != 0:
        raise SystemExit(f"protoc failed ({code})")
    return sorted(dest.glob("*_pb2.py"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the committed modules, write nothing")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = {p.name: p.read_bytes() for p in compile_into(Path(tmp))}
    committed = {p.name: p.read_bytes() for p in PROTOS.glob("*_pb2.py")}
    if args.check:
        stale = sorted(n for n in fresh.keys() | committed.keys() if fresh.get(n) != committed.get(n))
        for name in stale:
            print(f"stale: artefacts/protos/{name}", file=sys.stderr)
        return 1 if stale else 0
    for name in committed.keys() - fresh.keys():
        (PROTOS / name).unlink()
    for name, data in fresh.items():
        (PROTOS / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
