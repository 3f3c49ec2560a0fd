"""The schema-less protobuf wire reader: exact fields of valid messages, a clear error for anything else."""

from __future__ import annotations

import pytest

from artefacts.decoders import protowire
from artefacts.decoders.protowire import WireError


def test_every_wire_type_read_as_stored():
    # field 1 varint 150 (the encoding guide's example 08 96 01), field 2 "testing" (12 07 ...),
    # field 3 fixed64, field 4 fixed32, field 5 a nested message
    data = bytes.fromhex("089601") + b"\x12\x07testing" + b"\x19" + (1).to_bytes(8, "little") + \
        b"\x25" + (7).to_bytes(4, "little") + b"\x2a\x02\x08\x01"
    fields = protowire.decode(data)
    assert [(f.number, f.wire_type, f.value) for f in fields] == [
        (1, 0, 150), (2, 2, b"testing"), (3, 1, 1), (4, 5, 7), (5, 2, b"\x08\x01")]
    assert [f.offset for f in fields] == [0, 3, 12, 21, 26]
    assert protowire.to_json(fields)[1] == {"field": 2, "wire_type": 2, "text": "testing"}
    assert protowire.to_json(fields)[4] == {"field": 5, "wire_type": 2, "hex": "0801"}


@pytest.mark.parametrize("data, message", [
    (b"\x08", "truncated varint at offset 1"),
    (b"\x08" + b"\xff" * 10 + b"\x01", "varint longer than 10 bytes at offset 1"),
    (b"\x12\x05abc", "length 5 past the end at offset 0"),
    (b"\x19\x00\x00", "truncated 64-bit field at offset 0"),
    (b"\x25\x00", "truncated 32-bit field at offset 0"),
    (b"\x0b", "wire type 3 (groups and reserved types are not read) at offset 0"),
    (b"\x00\x01", "field number 0 out of range at offset 0"),
])
def test_not_a_message_is_refused_with_its_offset(data, message):
    with pytest.raises(WireError) as err:
        protowire.decode(data)
    assert str(err.value) == message


def test_field_count_is_capped():
    with pytest.raises(WireError, match="more than 3 fields"):
        protowire.decode(b"\x08\x01" * 4, max_fields=3)
    assert len(protowire.decode(b"\x08\x01" * 3, max_fields=3)) == 3


def test_canonical_base64_only():
    assert protowire.from_base64("COrlxKIGEAE=") == bytes.fromhex("08eae5c4a2061001")
    assert protowire.from_base64("COrlxKIG") == bytes.fromhex("08eae5c4a206")
    assert protowire.from_base64("Anna") is None  # shorter than the minimum
    assert protowire.from_base64("COrlxKIGEAE") is None  # length not a multiple of four
    assert protowire.from_base64("COrlxKIG EA=") is None  # not the alphabet
    assert protowire.from_base64("COrlxKIGEAF=") is None  # non-canonical padding bits
    assert protowire.as_text(b"ok\n") == "ok\n" and protowire.as_text(b"\x00a") is None
    assert protowire.as_text(b"\xff") is None
