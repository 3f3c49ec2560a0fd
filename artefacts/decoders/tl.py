"""Telegram TL ("Type Language") binary objects, as Telegram for Android stores them in ``cache4.db``.

The ``data`` BLOBs of ``messages_v2``, ``users``, ``chats``, ``enc_chats`` ... are TL objects
serialised by the app's own ``TLRPC`` classes. This module reads them with a constructor table
that is pure data (:mod:`artefacts.decoders.tl_schema`: schema lines of several layers), so a
new layer is one more block of lines, not new code.

Wire format (facts: the project notes ``formats.md`` section 4.2; Telethon ``binaryreader.py``;
each checked byte by byte in ``tests/test_tl.py``), everything little-endian:

* a boxed object is its constructor id (``u32``) followed by its fields in schema order;
* ``int`` 4 bytes, ``long`` 8, ``double`` 8 (IEEE), ``int128``/``int256`` 16/32 raw bytes;
* ``string``/``bytes``: one length byte ``L`` (0..253) and ``L`` bytes, or the byte 254 and a
  3-byte length, then padding to a multiple of 4 counted from the length byte; strings are UTF-8;
* ``Bool`` is the boxed constructor ``boolTrue#997275b5`` or ``boolFalse#bc799737``;
* ``Vector<T>`` is ``vector#1cb5c415``, an ``int`` count and the items (boxed items carry their own
  constructor ids, primitive items do not); ``vector<T>`` (lower case) is the same without the id;
* ``name:#`` is a ``u32`` bit field; ``name:flags.N?T`` (or ``flags2.N?T``) is present only when
  bit N of that field is set; ``flags.N?true`` is a boolean that takes no bytes at all (the oldest
  layers wrote the bit field as ``flags:int``; an ``int`` field works as a condition field too).

Telegram for Android appends data of its own after the object (``TLRPC.Message.writeAttachPath``):
a TL string with the local file path of the media (a single space when there is none, and
``||key|=|value||...||path`` when it carries parameters), then for forwarded messages with a local
(negative) id an ``int`` ``fwd_msg_id``. :func:`decode` never treats bytes after the object as an
error: they are kept in :attr:`TLObject.trailing`, and :func:`attach_path` reads them.

API::

    obj = decode(blob)              # TLObject: a dict with "_" (name), "_id", "_layer" and the fields
    obj.trailing                    # bytes after the object
    attach_path(obj)                # AttachPath(path, params, fwd_msg_id) or None

Errors are :class:`TLUnknownConstructor` (``.constructor_id``, ``.offset``) and
:class:`TLDecodeError` (``.reason``, ``.offset``), both :class:`TLError`; both carry ``.partial``,
the top-level object with the fields read before the problem (forensic value: a message whose
reactions use an unknown constructor still has its date and text).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import construct
from construct import Float64l, Int32sl, Int32ul, Int64sl


__all__ = [
    "TLError",
    "TLDecodeError",
    "TLUnknownConstructor",
    "TLField",
    "TLConstructor",
    "TLObject",
    "AttachPath",
    "VECTOR_ID",
    "BOOL_TRUE_ID",
    "BOOL_FALSE_ID",
    "table",
    "constructor",
    "find",
    "decode",
    "attach_path",
    "read_attach_path",
    "infer_id",
    "parse_line",
    "TLString",
    "iter_constructors",
]

VECTOR_ID = 0x1CB5C415
BOOL_TRUE_ID = 0x997275B5
BOOL_FALSE_ID = 0xBC799737

#: nested objects deeper than this are refused (a real message nests well under 10 levels)
MAX_DEPTH = 32

_PRIMITIVE_SIZE = {"int": 4, "long": 8, "double": 8, "int128": 16, "int256": 32, "string": 4, "bytes": 4, "Bool": 4}


# ---------------------------------------------------------------------------------------------
# Errors


class TLError(ValueError):
    """Base class: the data is not a TL object this table can read."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset
        #: the top-level object as far as it was read (fields before the problem), or None
        self.partial: "TLObject | None" = None


class TLDecodeError(TLError):
    """The data is truncated or inconsistent (bad vector id, impossible length, bad UTF-8 ...)."""

    def __init__(self, reason: str, offset: int):
        super().__init__(f"{reason} (offset {offset})", offset)
        self.reason = reason


class TLUnknownConstructor(TLError):
    """A constructor id the table does not know (a newer or an unlisted layer)."""

    def __init__(self, constructor_id: int, offset: int, expected: str | None = None):
        where = f" where a {expected} was expected" if expected else ""
        super().__init__(f"unknown constructor 0x{constructor_id:08x}{where} (offset {offset})", offset)
        self.constructor_id = constructor_id
        self.expected = expected


# ---------------------------------------------------------------------------------------------
# The constructor table (parsed from tl_schema)


@dataclass(frozen=True)
class TLField:
    """One field of a constructor: ``name:type`` or ``name:flags.N?type``."""

    name: str
    type: str
    flag: str | None = None  # the '#' field that holds the condition bit (flags, flags2)
    bit: int | None = None

    @property
    def is_true_flag(self) -> bool:
        return self.flag is not None and self.type == "true"

    def __str__(self) -> str:
        cond = f"{self.flag}.{self.bit}?" if self.flag is not None else ""
        return f"{self.name}:{cond}{self.type}"


@dataclass
class TLConstructor:
    """A constructor id with its name, result type, fields and the layers whose schema lists it."""

    id: int
    name: str
    result: str
    fields: tuple[TLField, ...]
    layers: tuple = ()
    lines: dict = field(default_factory=dict)  # label -> schema line as copied
    notes: tuple = ()  # for the app's own classes: the class and file each line was read from

    @property
    def api(self) -> bool:
        """True for a constructor of the public API schema (its id is the CRC of its line)."""
        return any(isinstance(label, int) or label == "secret" for label in self.layers)

    @property
    def layer_range(self) -> tuple[int, int] | None:
        """``(first, last)`` schema layer listing this constructor (None for the app's own classes)."""
        nums = [x for x in self.layers if isinstance(x, int)]
        return (min(nums), max(nums)) if nums else None


_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*)#([0-9a-fA-F]{1,8})\s*(.*?)\s*=\s*([\w.<>%]+)\s*;\s*$")
_COND = re.compile(r"^(\w+)\.(\d+)\?(.+)$")


def parse_line(line: str) -> tuple[int, str, tuple[TLField, ...], str]:
    """``(id, name, fields, result type)`` of one TL schema line."""
    m = _LINE.match(line)
    if not m:
        raise ValueError(f"not a TL constructor line: {line!r}")
    name, hexid, params, result = m.groups()
    fields = []
    for token in params.split():
        if token.startswith("{") or token in ("#", "[", "]", "t"):
            continue  # type parameters / the vector builtin's own notation
        fname, _, ftype = token.partition(":")
        if not ftype:
            raise ValueError(f"bad field {token!r} in {line!r}")
        cond = _COND.match(ftype)
        if cond:
            fields.append(TLField(fname, cond.group(3), cond.group(1), int(cond.group(2))))
        else:
            fields.append(TLField(fname, ftype))
    return int(hexid, 16), name, tuple(fields), result


def infer_id(line: str) -> int:
    """The constructor id Telegram's generators derive from a schema line (CRC32 of its normal form).

    The normal form drops the ``#id`` and the final ``;``, writes ``bytes`` as ``string``, turns
    ``Vector<T>`` into ``Vector T``, drops braces and every ``flags.N?true`` field (Telethon
    ``tlobject.py`` ``infer_id``). Used by the tests to prove every table line is copied exactly.
    """
    m = _LINE.match(line)
    if not m:
        raise ValueError(f"not a TL constructor line: {line!r}")
    name, _hex, params, result = m.groups()
    rep = f"{name} {params} = {result}" if params else f"{name} = {result}"
    rep = " ".join(rep.split()) + " "
    rep = rep.replace(":bytes ", ":string ").replace("?bytes ", "?string ")
    rep = rep.replace("<", " ").replace(">", "").replace("{", "").replace("}", "")
    rep = re.sub(r" \w+:flags\d*\.\d+\?true", "", rep).strip()
    return zlib.crc32(rep.encode("ascii"))


def _merge(old: TLConstructor, fields: tuple[TLField, ...], label, line: str) -> None:
    """Add one more layer's line for an id already in the table (only ``true`` flags may differ)."""
    def wire(fs):
        return [(f.name, "string" if f.type == "bytes" else f.type, f.flag, f.bit) for f in fs if not f.is_true_flag]

    if wire(old.fields) != wire(fields):
        raise ValueError(f"constructor 0x{old.id:08x} ({old.name}) has different fields in layer {label}")
    have = {f.name for f in old.fields}
    merged = list(old.fields)
    for f in fields:
        if f.is_true_flag and f.name not in have:
            pos = next((i + 1 for i, g in enumerate(merged) if g.name == f.flag), len(merged))
            merged.insert(pos, f)
            have.add(f.name)
    old.fields = tuple(merged)


def _label_key(label):
    return (0, label, "") if isinstance(label, int) else (1, 0, str(label))


@lru_cache(maxsize=None)
def table() -> dict[int, TLConstructor]:
    """Constructor id -> :class:`TLConstructor`, built once (on first use) from :mod:`tl_schema`.

    ``tl_schema.LINES`` holds each distinct schema line once with the labels of the sources that
    list it; lines of one id differ only in ``flags.N?true`` fields and are merged here.
    """
    from . import tl_schema

    out: dict[int, TLConstructor] = {}
    for row in tl_schema.LINES.splitlines():
        if not row.strip():
            continue
        line, labels_text, *notes = row.split("\t")
        cid, name, fields, result = parse_line(line)
        labels = tuple(int(x) if x.isdigit() else x for x in labels_text.split(","))
        con = out.get(cid)
        if con is None:
            con = out[cid] = TLConstructor(cid, name, result, fields, (), {})
        else:
            _merge(con, fields, labels[0], line)
        con.layers = tuple(sorted(set(con.layers) | set(labels), key=_label_key))
        for label in labels:
            con.lines[label] = line
        if notes:
            con.notes = con.notes + tuple(notes[0].split(" | "))
    return out


def constructor(cid: int) -> TLConstructor | None:
    return table().get(cid)


def find(name: str, layer=None) -> TLConstructor:
    """The constructor called ``name`` at ``layer`` (needed when layers define it differently).

    A layer no stored source lists (the sources are snapshots) gets the constructor in force then:
    the one listed by the latest source at or before it (or, before every source listing the name,
    its earliest stored form).
    """
    found = [c for c in table().values() if c.name == name]
    if layer is not None:
        exact = [c for c in found if layer in c.layers]
        if not exact and isinstance(layer, int):
            listed = [(max(x for x in c.layers if isinstance(x, int) and x <= layer), c)
                      for c in found if any(isinstance(x, int) and x <= layer for x in c.layers)]
            if not listed:  # older than every source listing it: its earliest stored form
                listed = [(-min(x for x in c.layers if isinstance(x, int)), c)
                          for c in found if any(isinstance(x, int) for x in c.layers)]
            if listed:
                best = max(k for k, _c in listed)
                exact = [c for k, c in listed if k == best]
        found = exact
    if not found:
        raise KeyError(f"no constructor {name!r}" + (f" at layer {layer}" if layer is not None else ""))
    if len(found) > 1:
        raise KeyError(f"{name!r} has {len(found)} constructors; give a layer: {[c.layers for c in found]}")
    return found[0]


# ---------------------------------------------------------------------------------------------
# Decoded objects


class TLObject(dict):
    """A decoded object: ``{"_": name, "_id": id, "_layer": (layers...), field: value, ...}``.

    Absent optional fields are ``None``; ``flags.N?true`` fields are ``True``/``False``; nested
    objects are :class:`TLObject`, vectors are lists. ``start``/``end`` are the object's byte
    range in the data and ``trailing`` the bytes after it (set on the top-level object only).
    """

    start: int = 0
    end: int = 0
    trailing: bytes = b""

    @property
    def name(self) -> str:
        return self["_"]

    @property
    def id(self) -> int:
        return self["_id"]


# ---------------------------------------------------------------------------------------------
# TL strings as a construct (used to build test data and by the reader's length rules)


class _TLBytes(construct.Construct):
    """TL ``bytes``: 1-byte length (< 254) or 254 + 3-byte length, data, zero padding to 4."""

    def _parse(self, stream, context, path):
        first = construct.stream_read(stream, 1, path)[0]
        if first < 254:
            n, head = first, 1
        elif first == 254:
            n, head = int.from_bytes(construct.stream_read(stream, 3, path), "little"), 4
        else:
            raise construct.ExplicitError(f"length byte {first} (255 is not a TL length)", path=path)
        data = construct.stream_read(stream, n, path)
        construct.stream_read(stream, (-(head + n)) % 4, path)
        return data

    def _build(self, obj, stream, context, path):
        data = bytes(obj)
        if len(data) < 254:
            head = bytes([len(data)])
        elif len(data) < 1 << 24:
            head = b"\xfe" + len(data).to_bytes(3, "little")
        else:
            raise construct.ExplicitError("TL bytes longer than 16 MiB", path=path)
        out = head + data
        construct.stream_write(stream, out + b"\x00" * ((-len(out)) % 4), len(out) + (-len(out)) % 4, path)
        return obj


#: construct for TL ``bytes`` (``TLString.build(b"...")``)
TLString = _TLBytes()

_U32 = Int32ul
_I32 = Int32sl
_I64 = Int64sl
_F64 = Float64l


# ---------------------------------------------------------------------------------------------
# The reader


class _Reader:
    def __init__(self, data: bytes, start: int):
        self.data = data
        self.pos = start
        self.depth = 0
        self.root: TLObject | None = None
        self.table = table()

    def take(self, n: int, what: str) -> bytes:
        end = self.pos + n
        if n < 0 or end > len(self.data):
            raise TLDecodeError(f"truncated: {what} needs {n} bytes, {len(self.data) - self.pos} left", self.pos)
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def fixed(self, fmt, n: int, what: str):
        return fmt.parse(self.take(n, what))

    def u32(self, what: str = "constructor id") -> int:
        return self.fixed(_U32, 4, what)

    def tl_bytes(self, what: str) -> bytes:
        start = self.pos
        first = self.take(1, f"{what} length")[0]
        if first < 254:
            n, head = first, 1
        elif first == 254:
            n, head = int.from_bytes(self.take(3, f"{what} length"), "little"), 4
        else:
            raise TLDecodeError(f"{what}: length byte 255 is not a TL length", start)
        if n > len(self.data) - self.pos:
            raise TLDecodeError(f"truncated: {what} of {n} bytes, {len(self.data) - self.pos} left", start)
        value = self.take(n, what)
        pad = (-(head + n)) % 4
        self.take(pad, f"{what} padding")
        return value

    def value(self, ftype: str, what: str) -> Any:
        if ftype == "int":
            return self.fixed(_I32, 4, what)
        if ftype == "long":
            return self.fixed(_I64, 8, what)
        if ftype == "double":
            return self.fixed(_F64, 8, what)
        if ftype == "int128":
            return self.take(16, what)
        if ftype == "int256":
            return self.take(32, what)
        if ftype == "#":
            return self.u32(what)
        if ftype == "bytes":
            return self.tl_bytes(what)
        if ftype == "string":
            raw = self.tl_bytes(what)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                # keep the text; mark the bytes that are not UTF-8 instead of failing the object
                return raw.decode("utf-8", "backslashreplace")
        if ftype == "Bool":
            at = self.pos
            cid = self.u32(what)
            if cid == BOOL_TRUE_ID:
                return True
            if cid == BOOL_FALSE_ID:
                return False
            raise TLUnknownConstructor(cid, at, "Bool")
        if ftype.startswith("Vector<") and ftype.endswith(">"):
            at = self.pos
            vid = self.u32(f"{what} vector id")
            if vid != VECTOR_ID:
                raise TLDecodeError(f"{what}: expected vector#1cb5c415, found 0x{vid:08x}", at)
            return self.items(ftype[7:-1], what)
        if ftype.startswith("vector<") and ftype.endswith(">"):
            return self.items(ftype[7:-1], what)
        if ftype[:1].isupper():
            return self.boxed(ftype)
        raise TLDecodeError(f"{what}: type {ftype!r} is not supported by this reader", self.pos)

    def items(self, itype: str, what: str) -> list:
        at = self.pos
        count = self.fixed(_I32, 4, f"{what} count")
        minimum = _PRIMITIVE_SIZE.get(itype, 4)
        if count < 0 or count * minimum > len(self.data) - self.pos:
            raise TLDecodeError(f"{what}: vector of {count} items cannot fit in {len(self.data) - self.pos} bytes", at)
        return [self.value(itype, f"{what}[{i}]") for i in range(count)]

    def boxed(self, expected: str | None) -> TLObject:
        at = self.pos
        cid = self.u32(f"{expected or 'object'} constructor id")
        con = self.table.get(cid)
        if con is None:
            raise TLUnknownConstructor(cid, at, expected)
        if expected is not None and con.result != expected and expected not in ("Object", "TLObject"):
            raise TLDecodeError(f"constructor {con.name}#{cid:08x} is a {con.result}, not a {expected}", at)
        return self.fields(con, at)

    def fields(self, con: TLConstructor, at: int) -> TLObject:
        if self.depth >= MAX_DEPTH:
            raise TLDecodeError(f"objects nested deeper than {MAX_DEPTH}", at)
        obj = TLObject(_=con.name, _id=con.id, _layer=con.layers)
        obj.start = at
        if self.root is None:
            self.root = obj
        self.depth += 1
        flags: dict[str, int] = {}
        for f in con.fields:
            if f.flag is not None:
                word = flags.get(f.flag)
                if word is None:
                    raise TLDecodeError(f"{con.name}.{f.name}: condition field {f.flag!r} not read", self.pos)
                present = bool(word >> f.bit & 1)
                if f.type == "true":
                    obj[f.name] = present
                    continue
                if not present:
                    obj[f.name] = None
                    continue
            if f.type == "#":
                flags[f.name] = obj[f.name] = self.u32(f"{con.name}.{f.name}")
                continue
            obj[f.name] = self.value(f.type, f"{con.name}.{f.name}")
            if f.type == "int":
                # the oldest layers wrote the bit field as "flags:int" (the CRC of their lines needs "int")
                flags[f.name] = obj[f.name] & 0xFFFFFFFF
        self.depth -= 1
        obj.end = self.pos
        return obj


def decode(data: bytes, *, offset: int = 0, expect: str | None = None) -> TLObject:
    """Decode the boxed TL object at ``offset``; bytes after it are kept in ``.trailing``.

    ``expect`` (a result type such as ``"Message"``) makes a constructor of another type an error.
    Raises :class:`TLUnknownConstructor` or :class:`TLDecodeError`, with ``.partial`` set.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"TL data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    reader = _Reader(data, offset)
    try:
        obj = reader.boxed(expect)
    except TLError as exc:
        exc.partial = reader.root
        raise
    except construct.ConstructError as exc:  # pragma: no cover - fixed-size parses of exact bytes
        err = TLDecodeError(f"bad fixed-size field: {exc}", reader.pos)
        err.partial = reader.root
        raise err from None
    obj.trailing = data[reader.pos :]
    return obj


# ---------------------------------------------------------------------------------------------
# Telegram for Android's trailing data


@dataclass(frozen=True)
class AttachPath:
    """The string ``TLRPC.Message.writeAttachPath`` appends after a message.

    ``raw`` is the string as stored; ``path`` the local file path (``None`` for the placeholder
    ``" "``); ``params`` the ``key|=|value`` pairs of the ``||...||path`` form; ``fwd_msg_id`` the
    ``int`` written after it for forwarded messages with a local (negative) id; ``rest`` any bytes
    after all that.
    """

    raw: str
    path: str | None
    params: dict
    fwd_msg_id: int | None = None
    rest: bytes = b""


def read_attach_path(trailing: bytes, *, fwd_msg_id_follows: bool = False) -> AttachPath | None:
    """Read the attach-path string at the start of ``trailing``; ``None`` if there is no valid one."""
    if not trailing:
        return None
    reader = _Reader(bytes(trailing), 0)
    try:
        raw_bytes = reader.tl_bytes("attach path")
        raw = raw_bytes.decode("utf-8")
    except (TLError, UnicodeDecodeError):
        return None
    params: dict[str, str] = {}
    path = raw
    if raw.startswith("||"):
        parts = raw.split("||")
        for part in parts[1:-1]:
            kv = part.split("|=|")
            if len(kv) == 2:
                params[kv[0]] = kv[1]
        path = parts[-1]
    path = path.strip() or None
    fwd = None
    if fwd_msg_id_follows and len(trailing) - reader.pos >= 4:
        fwd = reader.fixed(_I32, 4, "fwd_msg_id")
    return AttachPath(raw, path, params, fwd, bytes(trailing[reader.pos :]))


def attach_path(obj: TLObject) -> AttachPath | None:
    """The attach path appended after a decoded message (``None`` when there is none)."""
    fwd = bool((obj.get("flags") or 0) & 4) and isinstance(obj.get("id"), int) and obj["id"] < 0
    return read_attach_path(obj.trailing, fwd_msg_id_follows=fwd)


def iter_constructors(names: Iterable[str] | None = None) -> Iterable[TLConstructor]:
    """Every constructor in the table (optionally only those with the given names), by id."""
    wanted = None if names is None else set(names)
    for cid in sorted(table()):
        con = table()[cid]
        if wanted is None or con.name in wanted:
            yield con

