"""The protobuf schemas: ``schemas/*.proto`` compiled by ``protoc`` into ``artefacts/protos``.

The committed modules are exactly what ``protoc`` (the ``grpcio-tools`` pinned in the ``test``
extra) makes of the ``.proto`` files; every schema loads; unknown fields survive a parse.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from artefacts.protos import load_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted(p.name for p in (ROOT / "schemas").glob("*.proto"))


def _compiler():
    spec = importlib.util.spec_from_file_location("compile_protos", ROOT / "schemas" / "compile_protos.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_modules_are_what_protoc_makes_of_the_schemas(tmp_path):
    compiler = _compiler()
    fresh = {p.name: p.read_bytes() for p in compiler.compile_into(tmp_path)}
    committed = {p.name: p.read_bytes() for p in (ROOT / "artefacts" / "protos").glob("*_pb2.py")}
    assert sorted(fresh) == sorted(f"{n[:-len('.proto')]}_pb2.py" for n in SCHEMAS)
    assert committed == fresh  # regenerate with: python schemas/compile_protos.py
    assert compiler.main(["--check"]) == 0


def test_check_fails_on_a_stale_module(tmp_path, monkeypatch):
    compiler = _compiler()
    stale = tmp_path / "protos"
    stale.mkdir()
    for p in (ROOT / "artefacts" / "protos").glob("*_pb2.py"):
        (stale / p.name).write_bytes(p.read_bytes())
    victim = stale / "wire_messages_pb2.py"
    victim.write_bytes(victim.read_bytes().replace(b"# source:", b"# edited by hand; source:"))
    monkeypatch.setattr(compiler, "PROTOS", stale)
    assert compiler.main(["--check"]) == 1


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_loads_and_names_its_messages(name):
    schema = load_schema(name)
    assert schema.source == name and schema.message_names
    for message in schema.message_names:
        assert schema.message(message).DESCRIPTOR.file.name == name


def test_unknown_fields_are_kept_and_unknown_names_refused():
    proto = load_schema("signal_backups.proto")
    Frame = proto.message("BackupFrame")
    data = Frame(end=True).SerializeToString() + b"\xa8\x06\x01"  # field 101, varint 1: not in the schema
    assert Frame.FromString(data).SerializeToString().endswith(b"\xa8\x06\x01")
    with pytest.raises(KeyError, match="defines no message"):
        proto.message("NoSuchMessage")
    with pytest.raises(KeyError, match="defines no message"):  # a message of another schema
        proto.message("artefacts.whatsapp.BackupPrefix")
    with pytest.raises(ValueError):
        load_schema("../setup.cfg")


def test_parse_does_not_need_protoc():
    """The runtime imports only the generated modules: grpc_tools is a development-time dependency."""
    import subprocess

    code = ("import sys; import artefacts.protos as p; p.load_schema('whatsapp_backup.proto'); "
            "import artefacts.decoders.signal_backup, artefacts.decoders.whatsapp_crypt; "
            "assert 'grpc_tools' not in sys.modules")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
