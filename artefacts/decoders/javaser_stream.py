"""A reader of general Java serialisation streams, enough for the maps Android apps write.

WeChat keeps its configuration as a serialised ``java.util.HashMap`` (``MicroMsg/CompatibleInfo.cfg``:
key 258 = the device id the database key is derived from; ``systemInfo.cfg``: key 1 = the uin;
ppwwyyxx/wechat-dump ``decrypt-db.py`` reads them with ``javaobj.loads(...).get(258)``). This module
reads the grammar of the Java Object Serialization Specification, chapter 6.4 ("Grammar for the
Stream Format"): ``TC_OBJECT``, ``TC_CLASSDESC`` (fields, class annotation, super class),
``TC_REFERENCE`` (handles from ``0x7E0000``), ``TC_STRING`` / ``TC_LONGSTRING``, ``TC_ARRAY``,
``TC_NULL``, ``TC_BLOCKDATA`` / ``TC_BLOCKDATALONG`` and ``TC_ENDBLOCKDATA``; class data is read
per class from the top super class down: the declared fields, then, for a class flagged
``SC_WRITE_METHOD``, its annotation up to ``TC_ENDBLOCKDATA``. ``java.util.HashMap`` writes
(OpenJDK ``HashMap.writeObject``): ``loadFactor`` and ``threshold`` fields, a block of two ints
(bucket count, size), then ``size`` key/value objects.

    read_stream(data) -> value        # JavaObject, str, list, bytes, None
    parse_hashmap(data) -> dict       # keys/values unboxed (Integer, Long, Boolean, String ...)
    build_hashmap(mapping) -> bytes   # HashMap<Integer, String|Integer|Long|Boolean> (test data)

Every failure is a :class:`JavaSerialError` saying what was found at which offset.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .javaser import JavaSerialError

MAGIC = b"\xac\xed"
VERSION = 5
BASE_HANDLE = 0x7E0000
TC_NULL, TC_REFERENCE, TC_CLASSDESC, TC_OBJECT = 0x70, 0x71, 0x72, 0x73
TC_STRING, TC_ARRAY, TC_BLOCKDATA, TC_ENDBLOCKDATA = 0x74, 0x75, 0x77, 0x78
TC_BLOCKDATALONG, TC_LONGSTRING = 0x7A, 0x7C
SC_WRITE_METHOD, SC_SERIALIZABLE = 0x01, 0x02
PRIMITIVES = {"B": ">b", "C": ">H", "D": ">d", "F": ">f", "I": ">i", "J": ">q", "S": ">h", "Z": ">?"}
MAX_DEPTH = 64
BOXED = {"java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Boolean",
         "java.lang.Float", "java.lang.Double", "java.lang.Character"}

# serialVersionUIDs of the classes build_hashmap writes (their declared values in the JDK sources)
SUID = {
    "java.util.HashMap": 362498820763181265,
    "java.lang.Integer": 1360826667806852920,
    "java.lang.Long": 4290774380558885855,
    "java.lang.Boolean": -3665804199014368530,
    "java.lang.Number": -8742448824652078965,
}


@dataclass
class ClassDesc:
    name: str
    flags: int
    fields: list  # [(typecode, name)]
    superclass: "ClassDesc | None"


@dataclass
class JavaObject:
    class_name: str
    fields: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)  # class name -> [contents]


class _Reader:
    def __init__(self, data: bytes):
        self.data = bytes(data)
        self.pos = 0
        self.handles: list = []

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise JavaSerialError(f"truncated Java serialisation stream: {what} at offset {self.pos} needs {n} "
                                  f"bytes, {len(self.data) - self.pos} left")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def unpack(self, fmt: str, what: str):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def utf(self, long: bool = False) -> str:
        n = self.unpack(">q" if long else ">H", "string length")
        return self.take(n, "string").decode("utf-8", errors="surrogateescape")

    def new_handle(self, obj) -> int:
        self.handles.append(obj)
        return len(self.handles) - 1

    def reference(self):
        h = self.unpack(">i", "handle") - BASE_HANDLE
        if not 0 <= h < len(self.handles):
            raise JavaSerialError(f"reference to unknown handle 0x{h + BASE_HANDLE:x} at offset {self.pos - 4}")
        return self.handles[h]

    def class_desc(self, depth: int) -> ClassDesc | None:
        tc = self.unpack(">B", "class descriptor")
        if tc == TC_NULL:
            return None
        if tc == TC_REFERENCE:
            ref = self.reference()
            if not isinstance(ref, ClassDesc):
                raise JavaSerialError(f"reference at offset {self.pos - 5} is not a class descriptor")
            return ref
        if tc != TC_CLASSDESC:
            raise JavaSerialError(f"unsupported class descriptor 0x{tc:02x} at offset {self.pos - 1}")
        name = self.utf()
        self.take(8, "serialVersionUID")
        desc = ClassDesc(name, 0, [], None)
        self.new_handle(desc)
        desc.flags = self.unpack(">B", "class flags")
        for _ in range(self.unpack(">H", "field count")):
            code = chr(self.unpack(">B", "field type"))
            fname = self.utf()
            if code in ("L", "["):
                self.content(depth + 1)  # the field's class name (a string or a reference)
            elif code not in PRIMITIVES:
                raise JavaSerialError(f"unknown field type {code!r} of {name}.{fname}")
            desc.fields.append((code, fname))
        self.annotation(depth + 1)
        desc.superclass = self.class_desc(depth + 1)
        return desc

    def annotation(self, depth: int) -> list:
        items = []
        while True:
            if self.pos >= len(self.data):
                raise JavaSerialError("truncated Java serialisation stream: no TC_ENDBLOCKDATA")
            if self.data[self.pos] == TC_ENDBLOCKDATA:
                self.pos += 1
                return items
            items.append(self.content(depth + 1))

    def content(self, depth: int = 0):
        if depth > MAX_DEPTH:
            raise JavaSerialError(f"objects nested deeper than {MAX_DEPTH}")
        start = self.pos
        tc = self.unpack(">B", "type code")
        if tc == TC_NULL:
            return None
        if tc == TC_REFERENCE:
            return self.reference()
        if tc in (TC_STRING, TC_LONGSTRING):
            s = self.utf(long=tc == TC_LONGSTRING)
            self.new_handle(s)
            return s
        if tc == TC_BLOCKDATA:
            return self.take(self.unpack(">B", "block length"), "block data")
        if tc == TC_BLOCKDATALONG:
            return self.take(self.unpack(">i", "block length"), "block data")
        if tc == TC_ARRAY:
            desc = self.class_desc(depth)
            if desc is None or not desc.name.startswith("["):
                raise JavaSerialError(f"array at offset {start} without an array class")
            handle = self.new_handle(None)
            n = self.unpack(">i", "array length")
            elem = desc.name[1:2]
            if n < 0 or n > len(self.data) - self.pos:
                raise JavaSerialError(f"array length {n} at offset {self.pos - 4} exceeds the stream")
            if elem == "B":
                value = self.take(n, "byte[]")
            elif elem in PRIMITIVES:
                value = [self.unpack(PRIMITIVES[elem], "array element") for _ in range(n)]
            else:
                value = [self.content(depth + 1) for _ in range(n)]
            self.handles[handle] = value
            return value
        if tc == TC_OBJECT:
            desc = self.class_desc(depth)
            if desc is None:
                raise JavaSerialError(f"object at offset {start} without a class")
            obj = JavaObject(desc.name)
            self.new_handle(obj)
            chain = []
            d = desc
            while d is not None:
                chain.append(d)
                d = d.superclass
            for d in reversed(chain):
                if not d.flags & SC_SERIALIZABLE:
                    raise JavaSerialError(f"class {d.name} is not Serializable (flags 0x{d.flags:02x}; "
                                          "Externalizable is not supported)")
                for code, fname in d.fields:
                    if code in PRIMITIVES:
                        obj.fields[fname] = self.unpack(PRIMITIVES[code], f"field {d.name}.{fname}")
                    else:
                        obj.fields[fname] = self.content(depth + 1)
                if d.flags & SC_WRITE_METHOD:
                    obj.annotations[d.name] = self.annotation(depth + 1)
            return obj
        raise JavaSerialError(f"unsupported type code 0x{tc:02x} at offset {start}")


def read_stream(data: bytes):
    """The first object of a Java serialisation stream."""
    r = _Reader(data)
    if r.take(2, "magic") != MAGIC:
        raise JavaSerialError(f"not a Java serialisation stream: starts {bytes(data[:2]).hex()}, expected aced")
    version = r.unpack(">H", "version")
    if version != VERSION:
        raise JavaSerialError(f"Java serialisation stream version {version}, expected {VERSION}")
    return r.content()


def unbox(value):
    """A boxed primitive (``Integer``, ``Long``, ``Boolean`` ...) as its Python value; others unchanged."""
    if isinstance(value, JavaObject) and value.class_name in BOXED and "value" in value.fields:
        return value.fields["value"]
    return value


def parse_hashmap(data: bytes) -> dict:
    """A serialised ``java.util.HashMap`` (or ``Hashtable``-free subclass) as a dict, keys and values unboxed."""
    obj = read_stream(data)
    if not isinstance(obj, JavaObject) or obj.class_name != "java.util.HashMap":
        got = obj.class_name if isinstance(obj, JavaObject) else type(obj).__name__
        raise JavaSerialError(f"not a serialised java.util.HashMap: {got}")
    items = obj.annotations.get("java.util.HashMap")
    if not items or not isinstance(items[0], bytes) or len(items[0]) < 8:
        raise JavaSerialError("HashMap without its bucket count and size block")
    size = struct.unpack(">i", items[0][4:8])[0]
    pairs = items[1:]
    if size < 0 or len(pairs) != 2 * size:
        raise JavaSerialError(f"HashMap declares {size} entries but holds {len(pairs) // 2}")
    out = {}
    for i in range(0, len(pairs), 2):
        k = unbox(pairs[i])
        try:
            out[k] = unbox(pairs[i + 1])
        except TypeError:  # an unhashable key (a list): keep it as text
            out[repr(k)] = unbox(pairs[i + 1])
    return out


# ---------------------------------------------------------------------------------------------
# Writer (synthetic test data)


class _Writer:
    def __init__(self):
        self.out = bytearray(MAGIC + struct.pack(">H", VERSION))
        self.handles: dict = {}
        self.next = 0

    def handle(self, key):
        self.handles[key] = self.next
        self.next += 1

    def utf(self, s: str):
        b = s.encode("utf-8")
        self.out += struct.pack(">H", len(b)) + b

    def class_desc(self, name: str, flags: int, fields: list, superclass):
        if ("class", name) in self.handles:
            self.out += bytes([TC_REFERENCE]) + struct.pack(">i", BASE_HANDLE + self.handles[("class", name)])
            return
        self.out += bytes([TC_CLASSDESC])
        self.utf(name)
        self.out += struct.pack(">q", SUID[name])
        self.handle(("class", name))
        self.out += bytes([flags]) + struct.pack(">H", len(fields))
        for code, fname in fields:
            self.out += code.encode()
            self.utf(fname)
        self.out += bytes([TC_ENDBLOCKDATA])
        if superclass is None:
            self.out += bytes([TC_NULL])
        else:
            superclass()

    def number(self):
        self.class_desc("java.lang.Number", SC_SERIALIZABLE, [], None)

    def value(self, v):
        if isinstance(v, str):
            self.out += bytes([TC_STRING])
            self.utf(v)
            self.next += 1
            return
        if isinstance(v, bool):
            self.out += bytes([TC_OBJECT])
            self.class_desc("java.lang.Boolean", SC_SERIALIZABLE, [("Z", "value")], None)
            self.next += 1
            self.out += struct.pack(">?", v)
            return
        if isinstance(v, int):
            name, fmt = ("java.lang.Integer", ">i") if -2**31 <= v < 2**31 else ("java.lang.Long", ">q")
            self.out += bytes([TC_OBJECT])
            self.class_desc(name, SC_SERIALIZABLE, [("I" if fmt == ">i" else "J", "value")], self.number)
            self.next += 1
            self.out += struct.pack(fmt, v)
            return
        raise TypeError(f"cannot serialise {type(v).__name__}")


def build_hashmap(mapping: dict) -> bytes:
    """``ObjectOutputStream.writeObject(new HashMap<>(mapping))`` for Integer/Long/Boolean/String keys and values."""
    w = _Writer()
    w.out += bytes([TC_OBJECT])
    w.class_desc("java.util.HashMap", SC_WRITE_METHOD | SC_SERIALIZABLE, [("F", "loadFactor"), ("I", "threshold")], None)
    w.next += 1
    capacity = 16
    while capacity * 0.75 < len(mapping):
        capacity *= 2
    w.out += struct.pack(">f", 0.75) + struct.pack(">i", int(capacity * 0.75))
    w.out += bytes([TC_BLOCKDATA, 8]) + struct.pack(">ii", capacity, len(mapping))
    for k, v in mapping.items():
        w.value(k)
        w.value(v)
    w.out += bytes([TC_ENDBLOCKDATA])
    return bytes(w.out)
