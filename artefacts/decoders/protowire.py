"""Protobuf wire format without a schema: the fields of a message as stored, nothing guessed.

Apps keep protobuf messages in database columns whose ``.proto`` is not published (WhatsApp iOS
``ZWAMESSAGE.ZPUSHNAME`` on 2023 builds, ``ZWAMEDIAITEM.ZMETADATA``, ...). Where no schema is
known, an examiner still wants to see what the bytes hold: field numbers, wire types and values.
:func:`decode` reads exactly that, strictly (protobuf encoding: https://protobuf.dev/programming-
guides/encoding/): every byte must belong to a field, varints are at most 10 bytes, lengths must
fit in the buffer, wire types 3 and 4 (groups) and 6-7 are refused. Anything else raises
:class:`WireError` naming the offset, so a caller can tell an encoded value from text that merely
looks like one.

It is hostile input: the number of fields read is capped (``max_fields``) and nothing is
allocated beyond slices of the given buffer. Length-delimited values are returned as bytes; a
caller decides whether they are text or nested messages (:func:`as_text`).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import NamedTuple

__all__ = ["WireError", "Field", "decode", "as_text", "from_base64", "to_json", "encode"]

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
#: the largest field number protobuf allows (2^29 - 1)
MAX_FIELD_NUMBER = (1 << 29) - 1


class WireError(ValueError):
    """The bytes are not a complete protobuf message; ``offset`` is where reading stopped."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} at offset {offset}")
        self.offset = offset


class Field(NamedTuple):
    number: int
    wire_type: int
    value: int | bytes  # varint and fixed values as unsigned integers, length-delimited as bytes
    offset: int  # where the field's tag starts


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    start = pos
    while True:
        if pos >= len(data):
            raise WireError("truncated varint", start)
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            raise WireError("varint longer than 10 bytes", start)


def decode(data: bytes, max_fields: int = 10_000) -> list[Field]:
    """The fields of one protobuf message, in stored order; :class:`WireError` if it is not one."""
    data = bytes(data)
    fields: list[Field] = []
    pos = 0
    end = len(data)
    while pos < end:
        if len(fields) >= max_fields:
            raise WireError(f"more than {max_fields} fields", pos)
        start = pos
        tag, pos = _varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if not 1 <= number <= MAX_FIELD_NUMBER:
            raise WireError(f"field number {number} out of range", start)
        if wire == VARINT:
            value, pos = _varint(data, pos)
        elif wire == FIXED64:
            if pos + 8 > end:
                raise WireError("truncated 64-bit field", start)
            value, pos = int.from_bytes(data[pos:pos + 8], "little"), pos + 8
        elif wire == FIXED32:
            if pos + 4 > end:
                raise WireError("truncated 32-bit field", start)
            value, pos = int.from_bytes(data[pos:pos + 4], "little"), pos + 4
        elif wire == LENGTH:
            length, pos = _varint(data, pos)
            if pos + length > end:
                raise WireError(f"length {length} past the end", start)
            value, pos = data[pos:pos + length], pos + length
        else:
            raise WireError(f"wire type {wire} (groups and reserved types are not read)", start)
        fields.append(Field(number, wire, value, start))
    return fields


def as_text(value: bytes) -> str | None:
    """A length-delimited value as text when it is valid UTF-8 without control characters, else None."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 0x20 and ch not in "\t\n\r" for ch in text):
        return None
    return text


def from_base64(text: str, min_length: int = 8) -> bytes | None:
    """The bytes of ``text`` when it is canonical standard base64 of at least ``min_length`` characters.

    Canonical: only the base64 alphabet, a length that is a multiple of four, padding only at the
    end, and re-encoding the bytes gives the same text. Ordinary words rarely pass all of that;
    callers still check that the bytes are what they expect (e.g. :func:`decode` succeeds).
    """
    if not isinstance(text, str) or len(text) < min_length or len(text) % 4 or not _BASE64.fullmatch(text):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode("ascii") == text else None


def to_json(fields: list[Field]) -> list[dict]:
    """Fields as JSON-ready dicts: ``{"field": n, "wire_type": w, "value": ...}``.

    Length-delimited values are given as ``text`` when :func:`as_text` accepts them, else as
    ``hex``; integers as stored (unsigned).
    """
    out = []
    for f in fields:
        item: dict = {"field": f.number, "wire_type": f.wire_type}
        if f.wire_type == LENGTH:
            text = as_text(f.value)
            if text is not None:
                item["text"] = text
            else:
                item["hex"] = f.value.hex()
        else:
            item["value"] = f.value
        out.append(item)
    return out


def _encode_varint(value: int) -> bytes:
    if value < 0:
        value &= (1 << 64) - 1  # protobuf writes negative int64 as ten-byte two's complement
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def encode(fields) -> bytes:
    """The wire bytes of ``(number, value)`` pairs, in order: an ``int`` as a varint, ``str`` (UTF-8) or
    ``bytes`` as a length-delimited value (the inverse of :func:`decode` for wire types 0 and 2; used by
    the sample-data generators)."""
    out = bytearray()
    for number, value in fields:
        if isinstance(value, bool) or not isinstance(value, (int, str, bytes)):
            raise TypeError(f"field {number}: cannot encode {type(value).__name__}")
        if isinstance(value, int):
            out += _encode_varint(number << 3 | VARINT) + _encode_varint(value)
        else:
            data = value.encode("utf-8") if isinstance(value, str) else value
            out += _encode_varint(number << 3 | LENGTH) + _encode_varint(len(data)) + data
    return bytes(out)
