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

import struct

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


# -- a general reader for small serialised objects ------------------------------------------------
# The grammar of the Java Object Serialization Specification, chapter 6.4 ("Grammar for the Stream
# Format"), for the objects apps keep in config files, such as WeChat's ``CompatibleInfo.cfg``
# and ``systemInfo.cfg`` (a ``java.util.HashMap`` of ``Integer`` keys). Objects become Python
# values: strings ``str``, boxed numbers their value, primitive arrays lists (``byte[]`` bytes),
# a ``HashMap``/``Hashtable``/``LinkedHashMap`` a ``dict`` (from the key/value pairs its
# ``writeObject`` appends), any other object a :class:`JavaObject`. Enums, proxies and
# ``Externalizable`` classes are refused with a :class:`JavaSerialError`.

TC = {"NULL": 0x70, "REFERENCE": 0x71, "CLASSDESC": 0x72, "OBJECT": 0x73, "STRING": 0x74, "ARRAY": 0x75,
      "CLASS": 0x76, "BLOCKDATA": 0x77, "ENDBLOCKDATA": 0x78, "RESET": 0x79, "BLOCKDATALONG": 0x7A,
      "EXCEPTION": 0x7B, "LONGSTRING": 0x7C, "PROXYCLASSDESC": 0x7D, "ENUM": 0x7E}
BASE_WIRE_HANDLE = 0x7E0000
SC_WRITE_METHOD, SC_EXTERNALIZABLE, SC_ENUM = 0x01, 0x04, 0x10
_PRIMITIVE = {"B": (1, "b"), "C": (2, "H"), "D": (8, "d"), "F": (4, "f"), "I": (4, "i"), "J": (8, "q"),
              "S": (2, "h"), "Z": (1, "?")}
_MAPS = {"java.util.HashMap", "java.util.Hashtable", "java.util.LinkedHashMap"}
_BOXES = {"java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Boolean",
          "java.lang.Double", "java.lang.Float", "java.lang.Character"}
MAX_DEPTH = 64
MAX_HANDLES = 100_000


class JavaObject(dict):
    """An object of a class without a special reading: its fields by name; ``classname`` and ``annotations``."""

    def __init__(self, classname: str):
        super().__init__()
        self.classname = classname
        self.annotations: list = []


class _Block(bytes):
    """Block data written by a class's ``writeObject`` (not an object of the stream)."""


class _ClassDesc:
    def __init__(self, name: str, flags: int, fields: list, superclass):
        self.name, self.flags, self.fields, self.superclass = name, flags, fields, superclass

    def chain(self) -> list:
        out, c = [], self
        while c is not None:
            out.append(c)
            c = c.superclass
            if len(out) > MAX_DEPTH:
                raise JavaSerialError("class hierarchy too deep")
        return out[::-1]


class _Stream:
    def __init__(self, data: bytes):
        self.d, self.pos, self.handles, self.depth = data, 0, [], 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.d):
            raise JavaSerialError(f"truncated: {n} bytes wanted at offset {self.pos}, {len(self.d) - self.pos} left")
        b = self.d[self.pos:self.pos + n]
        self.pos += n
        return b

    def u8(self) -> int:
        return self.take(1)[0]

    def num(self, code: str):
        size, fmt = _PRIMITIVE[code]
        return struct.unpack(">" + fmt, self.take(size))[0]

    def utf(self, long: bool = False) -> str:
        """A string in Java's modified UTF-8 (NUL as C0 80, characters beyond U+FFFF as two 3-byte surrogates)."""
        n = int.from_bytes(self.take(8 if long else 2), "big")
        raw = self.take(n).replace(b"\xc0\x80", b"\x00")
        try:
            text = raw.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "backslashreplace")
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

    def new_handle(self, value) -> int:
        if len(self.handles) >= MAX_HANDLES:
            raise JavaSerialError(f"more than {MAX_HANDLES} objects")
        self.handles.append(value)
        return len(self.handles) - 1

    def ref(self):
        h = int.from_bytes(self.take(4), "big") - BASE_WIRE_HANDLE
        if not 0 <= h < len(self.handles):
            raise JavaSerialError(f"reference to unknown handle {h + BASE_WIRE_HANDLE:#x}")
        return self.handles[h]

    def class_desc(self):
        tc = self.u8()
        if tc == TC["NULL"]:
            return None
        if tc == TC["REFERENCE"]:
            desc = self.ref()
            if not isinstance(desc, _ClassDesc):
                raise JavaSerialError("a class descriptor reference points at something else")
            return desc
        if tc == TC["PROXYCLASSDESC"]:
            raise JavaSerialError("proxy classes are not read")
        if tc != TC["CLASSDESC"]:
            raise JavaSerialError(f"expected a class descriptor, found {tc:#x} at offset {self.pos - 1}")
        name = self.utf()
        self.take(8)  # serialVersionUID
        desc = _ClassDesc(name, 0, [], None)
        self.new_handle(desc)
        desc.flags = self.u8()
        if desc.flags & (SC_EXTERNALIZABLE | SC_ENUM):
            raise JavaSerialError(f"{name}: externalizable and enum classes are not read")
        count = int.from_bytes(self.take(2), "big")
        for _ in range(count):
            code = chr(self.u8())
            fname = self.utf()
            if code in ("L", "["):
                self.content()  # the field's type name (a string or a reference to one)
            elif code not in _PRIMITIVE:
                raise JavaSerialError(f"{name}.{fname}: unknown field type {code!r}")
            desc.fields.append((code, fname))
        self.annotations()  # classAnnotation
        desc.superclass = self.class_desc()
        return desc

    def annotations(self) -> list:
        out = []
        while True:
            if self.pos >= len(self.d):
                raise JavaSerialError("truncated: no end of block data")
            tc = self.d[self.pos]
            if tc == TC["ENDBLOCKDATA"]:
                self.pos += 1
                return out
            out.append(self.content())

    def content(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise JavaSerialError("objects nested too deeply")
        try:
            tc = self.u8()
            if tc == TC["NULL"]:
                return None
            if tc == TC["REFERENCE"]:
                return self.ref()
            if tc in (TC["STRING"], TC["LONGSTRING"]):
                s = self.utf(long=tc == TC["LONGSTRING"])
                self.new_handle(s)
                return s
            if tc == TC["BLOCKDATA"]:
                return _Block(self.take(self.u8()))
            if tc == TC["BLOCKDATALONG"]:
                return _Block(self.take(int.from_bytes(self.take(4), "big")))
            if tc == TC["ARRAY"]:
                return self.array()
            if tc == TC["OBJECT"]:
                return self.obj()
            if tc == TC["CLASS"]:
                desc = self.class_desc()
                self.new_handle(desc)
                return desc
            if tc == TC["CLASSDESC"]:
                self.pos -= 1
                return self.class_desc()
            raise JavaSerialError(f"unsupported stream element {tc:#x} at offset {self.pos - 1}")
        finally:
            self.depth -= 1

    def array(self):
        desc = self.class_desc()
        if desc is None or not desc.name.startswith("["):
            raise JavaSerialError("array without an array class")
        n = int.from_bytes(self.take(4), "big", signed=True)
        if n < 0 or n > len(self.d) - self.pos:
            raise JavaSerialError(f"array length {n} does not fit in the stream")
        handle = self.new_handle(None)
        code = desc.name[1]
        if code == "B":
            value = self.take(n)
        elif code in _PRIMITIVE:
            value = [self.num(code) for _ in range(n)]
        else:
            value = [self.content() for _ in range(n)]
        self.handles[handle] = value
        return value

    def obj(self):
        desc = self.class_desc()
        if desc is None:
            raise JavaSerialError("object without a class")
        handle = self.new_handle(None)
        out = JavaObject(desc.name)
        self.handles[handle] = out
        for cls in desc.chain():
            for code, fname in cls.fields:
                out[fname] = self.num(code) if code in _PRIMITIVE else self.content()
            if cls.flags & SC_WRITE_METHOD:
                out.annotations.extend(self.annotations())
        value = _simplify(out)
        self.handles[handle] = value
        return value


def _simplify(obj: JavaObject):
    if obj.classname in _BOXES and "value" in obj:
        return obj["value"]
    if obj.classname in _MAPS:
        items = [a for a in obj.annotations if not isinstance(a, _Block)]
        if len(items) % 2:
            raise JavaSerialError(f"{obj.classname} with an odd number of keys and values")
        out = {}
        for k, v in zip(items[::2], items[1::2]):
            out[k if isinstance(k, (str, int, float, bool, type(None))) else repr(k)] = v
        return out
    return obj


def read_object(data: bytes):
    """The first object of a Java serialisation stream, as Python values (see above).

    Raises :class:`JavaSerialError` for anything that is not such a stream or uses what is not read.
    """
    data = bytes(data)
    if data[:2] != STREAM_MAGIC or len(data) < 5:
        raise JavaSerialError("not a Java serialisation stream (no AC ED magic)")
    if int.from_bytes(data[2:4], "big") != STREAM_VERSION:
        raise JavaSerialError(f"stream version {int.from_bytes(data[2:4], 'big')}, expected 5")
    s = _Stream(data)
    s.pos = 4
    return s.content()


_HASHMAP_SUID = 0x0507DAC1C31660D1
_INTEGER_SUID = 0x12E2A0A4F7818738
_NUMBER_SUID = 0x86AC951D0B94E08B


def build_int_string_map(values: dict[int, str]) -> bytes:
    """``ObjectOutputStream.writeObject(new HashMap<Integer, String>(values))`` as OpenJDK writes it.

    Used by the synthetic WeChat ``CompatibleInfo.cfg``; ``tests/test_javaser.py`` compares its
    output byte for byte with OpenJDK's (a committed file, and a live ``javac`` run when available).
    Entries follow HashMap's iteration order (bucket ``hash & (capacity - 1)``, Integer hash
    ``h ^ (h >>> 16)``), for a map filled by ``put`` in ascending key order.
    """
    def utf(s: str) -> bytes:
        b = s.encode("utf-8")
        return len(b).to_bytes(2, "big") + b

    capacity = 16
    while len(values) > capacity * 0.75:
        capacity *= 2
    threshold = int(capacity * 0.75)

    def bucket(k: int) -> int:
        h = k & 0xFFFFFFFF
        return (h ^ (h >> 16)) & (capacity - 1)

    order = sorted(sorted(values), key=bucket)  # ties: insertion (ascending) order within a bucket
    out = bytearray(STREAM_MAGIC + STREAM_VERSION.to_bytes(2, "big"))
    out += bytes([TC["OBJECT"], TC["CLASSDESC"]]) + utf("java.util.HashMap") + _HASHMAP_SUID.to_bytes(8, "big")
    out += bytes([0x03]) + (2).to_bytes(2, "big") + b"F" + utf("loadFactor") + b"I" + utf("threshold")
    out += bytes([TC["ENDBLOCKDATA"], TC["NULL"]])
    handles = 2  # 0: HashMap's descriptor, 1: the map
    out += struct.pack(">fi", 0.75, threshold)
    out += bytes([TC["BLOCKDATA"], 8]) + struct.pack(">ii", capacity, len(values))
    integer_desc = None
    for k in order:
        out.append(TC["OBJECT"])
        if integer_desc is None:
            integer_desc = handles
            out += bytes([TC["CLASSDESC"]]) + utf("java.lang.Integer") + _INTEGER_SUID.to_bytes(8, "big")
            out += bytes([0x02]) + (1).to_bytes(2, "big") + b"I" + utf("value") + bytes([TC["ENDBLOCKDATA"]])
            out += bytes([TC["CLASSDESC"]]) + utf("java.lang.Number") + _NUMBER_SUID.to_bytes(8, "big")
            out += bytes([0x02]) + (0).to_bytes(2, "big") + bytes([TC["ENDBLOCKDATA"], TC["NULL"]])
            handles += 2
        else:
            out += bytes([TC["REFERENCE"]]) + (BASE_WIRE_HANDLE + integer_desc).to_bytes(4, "big")
        out += struct.pack(">i", k)
        handles += 1
        out += bytes([TC["STRING"]]) + utf(values[k])
        handles += 1
    out.append(TC["ENDBLOCKDATA"])
    return bytes(out)
