"""Schema-less protobuf blobs through ``bbpb`` (``artefacts.decoders.protoblob``): a typed field tree
addressed by path, types fixed where the parser knows them, malformed input as one clear error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artefacts.decoders.protoblob import FieldTree, ProtoBlobError, decode, decode_into
from artefacts.protos import load_schema


def _frame_bytes() -> bytes:
    """A message encoded by the protobuf runtime from a compiled schema (an independent encoder)."""
    proto = load_schema("signal_backups.proto")
    frame = proto.message("BackupFrame")()
    frame.header.iv = b"\x01" * 16
    frame.header.salt = b"\x02" * 32
    frame.statement.statement = "INSERT INTO sms VALUES (?, ?)"
    p = frame.statement.parameters.add()
    p.stringParamter = "héllo"
    p = frame.statement.parameters.add()
    p.integerParameter = 1_700_000_000_123
    return frame.SerializeToString(), proto


def test_a_runtime_encoded_message_reads_back_by_field_path():
    data, proto = _frame_bytes()
    numbers = {f.name: f.number for f in proto.message("BackupFrame").DESCRIPTOR.fields}
    stmt = numbers["statement"]
    sql = proto.message("SqlStatement").DESCRIPTOR.fields_by_name
    params = sql["parameters"].number
    text = proto.message("SqlStatement.SqlParameter").DESCRIPTOR.fields_by_name["stringParamter"].number
    integer = proto.message("SqlStatement.SqlParameter").DESCRIPTOR.fields_by_name["integerParameter"].number
    tree = decode(data, types={f"{stmt}.{sql['statement'].number}": "string",
                               f"{stmt}.{params}.{text}": "string"})
    assert tree.get(f"{stmt}.{sql['statement'].number}") == "INSERT INTO sms VALUES (?, ?)"
    assert tree.all(f"{stmt}.{params}.{text}") == ["héllo"]
    assert tree.all(f"{stmt}.{params}.{integer}") == [1_700_000_000_123]
    assert tree.type_of(f"{stmt}.{params}") == "message" and tree.type_of(f"{stmt}.{params}.{text}") == "string"
    assert tree.get("99.1") is None and tree.all("99") == []


def test_a_type_hint_overrides_the_guess():
    blob = bytes.fromhex("12060801120268" "69")  # field 2 = {1: 1, 2: b"hi"}; "hi" also parses as a message
    guessed = decode(blob)
    assert guessed.type_of("2.2") == "message"
    told = decode(blob, types={"2.2": "string"})
    assert told.get("2.2") == "hi" and told.type_of("2.2") == "string"
    assert told.to_json() == {"2": {"1": 1, "2": "hi"}}


@pytest.mark.parametrize("blob, reason", [
    (b"\xff\xff\xff", "varint"),
    (b"\x0a\x05ab", None),
    (b"\x0b", None),  # wire type 3 (group start) without an end
])
def test_malformed_blobs_are_one_error(blob, reason):
    with pytest.raises(ProtoBlobError, match=reason):
        decode(blob)


def test_oversized_and_deeply_nested_blobs_are_refused():
    with pytest.raises(ProtoBlobError, match="more than"):
        decode(b"\x08\x01" * 10, max_bytes=8)
    nested = b"\x08\x01"
    for _ in range(3000):  # each level: field 1, length-delimited
        n = len(nested)
        length = bytes([n & 0x7F | 0x80, n >> 7]) if n >= 0x80 else bytes([n])
        nested = b"\x0a" + length + nested
    try:
        tree = decode(nested)
    except ProtoBlobError:
        return  # too deep for the decoder: one error, no crash
    assert isinstance(tree, FieldTree)


class _Ctx:
    def __init__(self):
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


def test_decode_into_warns_once_and_keeps_the_raw_blob():
    ctx, extra = _Ctx(), {}
    assert decode_into(ctx, b"\xff\xff\xff", extra, "content", column="conversation_message.message_content") is None
    assert len(ctx.warnings) == 1 and "conversation_message.message_content" in ctx.warnings[0]
    assert extra == {"content_raw": "ffffff"}
    assert decode_into(ctx, None, extra, "content", column="c") is None and len(ctx.warnings) == 1
    tree = decode_into(ctx, b"\x08\x2a", extra, "content", column="c")
    assert tree.get("1") == 42 and len(ctx.warnings) == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes_decode_or_give_protoblob_error(data):
    try:
        tree = decode(data)
    except ProtoBlobError:
        return
    tree.to_json()
