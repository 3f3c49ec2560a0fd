"""Java serialisation of a single ``byte[]`` (``ObjectOutputStream.writeObject(new byte[N])``).

Android apps keep raw key material this way; WhatsApp's ``files/key`` (crypt12/14) and
``files/encrypted_backup.key`` (crypt15) are examples. The stream is a fixed 27-byte prefix
followed by the array (Java Object Serialization Specification, chapter 6 "Object
Serialization Stream Protocol"; layout checked against the WhatsApp key files described in the
project's reference notes, formats.md section 1.1):

====  ====  ===========================  ==========================================
 off   len  value                        meaning
====  ====  ===========================  ==========================================
   0     2  ``AC ED``                    STREAM_MAGIC
   2     2  ``00 05``                    STREAM_VERSION
   4     1  ``75``                       TC_ARRAY
   5     1  ``72``                       TC_CLASSDESC
   6     2  ``00 02``                    class name length (modified UTF-8)
   8     2  ``5B 42``                    ``"[B"`` (array of byte)
  10     8  ``AC F3 17 F8 06 08 54 E0``  serialVersionUID of ``byte[]``
  18     1  ``02``                       flags: SC_SERIALIZABLE
  19     2  ``00 00``                    field count
  21     1  ``78``                       TC_ENDBLOCKDATA (no class annotation)
  22     1  ``70``                       TC_NULL (no super class)
  23     4  int32 big-endian N           array length
  27     N  the bytes
====  ====  ===========================  ==========================================

Anything else (another class, a back-reference, trailing objects) is refused with a
:class:`JavaSerialError` that says what was found where.
"""

from __future__ import annotations

from construct import (
    Bytes,
    Const,
    ConstructError,
    Int8ub,
    Int16ub,
    Int32sb,
    Int64ub,
    PaddedString,
    Struct,
    Terminated,
    this,
)

STREAM_MAGIC = b"\xac\xed"
STREAM_VERSION = 5
TC_ARRAY = 0x75
TC_CLASSDESC = 0x72
TC_ENDBLOCKDATA = 0x78
TC_NULL = 0x70
BYTE_ARRAY_CLASS = "[B"
BYTE_ARRAY_SUID = 0xACF317F8060854E0
SC_SERIALIZABLE = 0x02
PREFIX_SIZE = 27

#: The 27 bytes before the array: fixed class descriptor of ``byte[]`` and the length.
JavaByteArrayHeader = Struct(
    "magic" / Const(STREAM_MAGIC),
    "version" / Const(STREAM_VERSION, Int16ub),
    "tc_array" / Const(TC_ARRAY, Int8ub),
    "tc_classdesc" / Const(TC_CLASSDESC, Int8ub),
    "class_name_length" / Const(len(BYTE_ARRAY_CLASS), Int16ub),
    "class_name" / Const(BYTE_ARRAY_CLASS, PaddedString(len(BYTE_ARRAY_CLASS), "ascii")),
    "serial_version_uid" / Const(BYTE_ARRAY_SUID, Int64ub),
    "flags" / Const(SC_SERIALIZABLE, Int8ub),
    "field_count" / Const(0, Int16ub),
    "tc_endblockdata" / Const(TC_ENDBLOCKDATA, Int8ub),
    "tc_null" / Const(TC_NULL, Int8ub),
    "length" / Int32sb,
)

#: ``byte[]`` as written by ``ObjectOutputStream``: header, then exactly ``length`` bytes.
JavaByteArray = Struct(
    *JavaByteArrayHeader.subcons,
    "data" / Bytes(this.length),
    Terminated,
)

_FIELD_MEANING = {
    "magic": "stream magic AC ED (offset 0)",
    "version": "stream version 5 (offset 2)",
    "tc_array": "TC_ARRAY 0x75 (offset 4)",
    "tc_classdesc": "TC_CLASSDESC 0x72 (offset 5)",
    "class_name_length": "class name length 2 (offset 6)",
    "class_name": 'class name "[B" (offset 8)',
    "serial_version_uid": "byte[] serialVersionUID ACF317F8060854E0 (offset 10)",
    "flags": "flags SC_SERIALIZABLE (offset 18)",
    "field_count": "field count 0 (offset 19)",
    "tc_endblockdata": "TC_ENDBLOCKDATA 0x78 (offset 21)",
    "tc_null": "TC_NULL 0x70 (offset 22)",
    "length": "array length (offset 23)",
    "data": "array bytes (offset 27)",
}


class JavaSerialError(ValueError):
    """The bytes are not a Java-serialised ``byte[]``."""


def parse_byte_array(data: bytes, *, expected_length: int | tuple[int, ...] | None = None) -> bytes:
    """The payload of a Java-serialised ``byte[]``.

    ``expected_length`` (one length or several) refuses arrays of any other size.
    Raises :class:`JavaSerialError` naming the first field that does not fit.
    """
    data = bytes(data)
    if len(data) < PREFIX_SIZE:
        if not data.startswith(STREAM_MAGIC[: len(data)]) or not data:
            raise JavaSerialError(f"not a Java serialisation stream ({len(data)} bytes, no AC ED magic)")
        raise JavaSerialError(f"truncated Java serialisation stream: {len(data)} bytes, the byte[] header alone needs {PREFIX_SIZE}")
    if data[:2] != STREAM_MAGIC:
        raise JavaSerialError(f"not a Java serialisation stream: starts {data[:2].hex()}, expected the stream magic aced")
    length = int.from_bytes(data[23:27], "big", signed=True)
    if length < 0:
        raise JavaSerialError(f"negative byte[] length {length}")
    try:
        JavaByteArrayHeader.parse(data[:PREFIX_SIZE])  # the fixed header first, for a precise message
    except ConstructError as exc:
        raise JavaSerialError(_describe(exc)) from None
    have = len(data) - PREFIX_SIZE
    if have < length:
        raise JavaSerialError(f"truncated byte[]: declares {length} bytes, only {have} present")
    if have > length:
        raise JavaSerialError(f"{have - length} extra byte(s) after the byte[] of {length} bytes (not a single byte[])")
    try:
        parsed = JavaByteArray.parse(data)
    except ConstructError as exc:
        raise JavaSerialError(_describe(exc)) from None
    payload = bytes(parsed.data)
    if expected_length is not None:
        allowed = (expected_length,) if isinstance(expected_length, int) else tuple(expected_length)
        if len(payload) not in allowed:
            want = " or ".join(str(n) for n in allowed)
            raise JavaSerialError(f"byte[] of {len(payload)} bytes, expected {want}")
    return payload


def build_byte_array(payload: bytes) -> bytes:
    """``ObjectOutputStream.writeObject(payload)`` for a ``byte[]`` (used by the synthetic key files)."""
    return JavaByteArray.build({"length": len(payload), "data": bytes(payload)})


def _describe(exc: ConstructError) -> str:
    path = getattr(exc, "path", "") or ""
    field = path.rsplit("->", 1)[-1].strip() if path else ""
    meaning = _FIELD_MEANING.get(field)
    if meaning:
        return f"not a serialised byte[]: bad {meaning}"
    return f"not a serialised byte[]: {exc}"
