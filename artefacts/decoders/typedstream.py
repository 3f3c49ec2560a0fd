"""Apple NSArchiver "typedstream" data, as stored in ``message.attributedBody`` of ``sms.db``/``chat.db``.

Since iOS 16 / macOS 13 the Messages app often leaves ``message.text`` NULL and keeps the text
only in ``attributedBody``: an ``NSAttributedString`` (or ``NSMutableAttributedString``) archived
with ``NSArchiver``. This module reads that format properly (header, tags, shared string table,
object table, type encodings, class chains, objects) rather than searching for byte patterns.

Format facts (sources: dgelessus/python-typedstream ``stream.py``, which follows the NeXTSTEP
``typedstream.h`` constants; ReagentX/imessage-exporter and its ``crabstep`` reader; the
project notes ``formats.md`` section 5; checked byte by byte against real ``attributedBody``
blobs of plaso's ``imessage_chat.db``):

* Header: streamer version (one byte, 4; 3 is an old NeXTSTEP form not used by Apple since),
  a length-prefixed signature, ``streamtyped`` for little-endian and ``typedstream`` for
  big-endian data, then the system version as a tagged integer (1000 on Mac OS X and later).
* A *head* byte, read as signed, is a literal small integer unless it falls in the tag range
  -128..-111 (0x80..0x91): 0x81 (-127) an int16 follows, 0x82 (-126) an int32 follows, 0x83
  (-125) a float (4 bytes) or double (8 bytes) follows, 0x84 (-124) a new literal string,
  class or object follows, 0x85 (-123) nil, 0x86 (-122) end of an object. Values from 0x92
  (-110) upwards are reference numbers: index = value + 110, into the table that fits the
  context.
* Two tables: *shared strings* (type encodings, class names and the bytes of C strings) and
  *objects* (objects, classes and C strings, numbered in the order they are first read; an
  object is numbered when its 0x84 is read, before its class chain).
* Values come in groups: a shared string with the Objective-C type encodings (``@`` object,
  ``#`` class, ``*`` C string, ``+`` unshared byte string, ``i``/``I``/``q`` ... integers,
  ``f``/``d`` floats, ``c``/``C`` raw bytes, ``[Nt]`` arrays, ``{name=...}`` structs), then
  one value per encoding.
* A literal class is its name (shared string), its version (integer), then its superclass,
  until nil or a reference ends the chain. A literal object is its class, then value groups
  until 0x86.
* ``NSString``/``NSMutableString`` hold one ``+`` group (UTF-8 bytes). ``NSAttributedString``
  holds the string, then ``iI`` groups (attribute-dictionary number, run length in UTF-16
  units), each new dictionary number followed by an ``@`` group with the ``NSDictionary``
  (an ``i`` count, then alternating key and value groups). ``NSNumber`` holds a ``*`` group
  with its own type encoding, then a group with the number; ``NSURL`` a ``c`` flag then its
  string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import construct
from construct import Float32b, Float32l, Float64b, Float64l, Int8ub, Int16sb, Int16sl, Int32sb, Int32sl, PascalString, Struct

__all__ = [
    "TypedStreamError",
    "TypedStreamReader",
    "TSClass",
    "TSObject",
    "CString",
    "AttributedBody",
    "decode_attributed_body",
    "decode_attributed_body_details",
]

STREAMER_VERSION = 4
SIGNATURES = {b"streamtyped": "little", b"typedstream": "big"}

#: every value but ``!`` (ignored) and ``{}`` takes at least one byte, so a stream of n bytes holds at
#: most n values plus a few of these; more is a damaged length (found by fuzzing, docs/fuzzing.md)
ZERO_SIZE_VALUES_MAX = 4096

TAG_INT16 = -127  # 0x81
TAG_INT32 = -126  # 0x82
TAG_FLOAT = -125  # 0x83
TAG_NEW = -124  # 0x84
TAG_NIL = -123  # 0x85
TAG_END = -122  # 0x86
FIRST_TAG, LAST_TAG = -128, -111
FIRST_REFERENCE = LAST_TAG + 1  # 0x92 (-110) is reference number 0

#: Nested objects deeper than this are refused (a real attributedBody nests a few levels).
MAX_DEPTH = 64

_HEADER = Struct("streamer_version" / Int8ub, "signature" / PascalString(Int8ub, "latin-1"))
_INT16 = {"little": Int16sl, "big": Int16sb}
_INT32 = {"little": Int32sl, "big": Int32sb}
_FLOAT = {"little": Float32l, "big": Float32b}
_DOUBLE = {"little": Float64l, "big": Float64b}

_QUALIFIERS = b"rnNoORV"  # const, in, inout, out, bycopy, byref, oneway: no data of their own


class TypedStreamError(ValueError):
    """The data is not a typedstream, is truncated, or uses a construct this reader does not know."""


@dataclass(eq=False)
class TSClass:
    """A class as archived: name, version and superclass (``None`` for a root class)."""

    name: str
    version: int
    superclass: "TSClass | None" = None

    def chain(self) -> list[str]:
        """This class's name, then its superclasses' names."""
        names, cls, seen = [], self, set()
        while cls is not None and id(cls) not in seen:
            seen.add(id(cls))
            names.append(cls.name)
            cls = cls.superclass
        return names

    def __repr__(self) -> str:
        return f"TSClass({self.name!r} v{self.version})"


@dataclass(eq=False)
class TSObject:
    """An archived object: its class and its value groups (each a list of values)."""

    cls: TSClass | None
    groups: list[list[Any]] = field(default_factory=list)

    @property
    def class_name(self) -> str | None:
        return self.cls.name if self.cls is not None else None

    def is_a(self, name: str) -> bool:
        return self.cls is not None and name in self.cls.chain()

    def __repr__(self) -> str:
        return f"TSObject({self.class_name}, {len(self.groups)} groups)"


@dataclass(frozen=True)
class CString:
    """A C string value (``*``): bytes without a terminating zero."""

    value: bytes


class TypedStreamReader:
    """Reads one typedstream held in memory.

    ``TypedStreamReader(data).read_all()`` returns the top-level value groups; object, class
    and C string references come back as the very objects they refer to. Every problem raises
    :class:`TypedStreamError` with the offset where it was found.
    """

    def __init__(self, data: bytes):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypedStreamError(f"typedstream data must be bytes, not {type(data).__name__}")
        self.data = bytes(data)
        self.pos = 0
        self.shared_strings: list[bytes] = []
        self.objects: list[Any] = []
        self._depth = 0
        self._values_left = len(self.data) + ZERO_SIZE_VALUES_MAX
        self._read_header()

    @classmethod
    def _at(cls, data: bytes, pos: int, byte_order: str) -> "TypedStreamReader":
        """A reader at ``pos`` of ``data`` whose header is already known (not copied, header not parsed)."""
        reader = cls.__new__(cls)
        reader.data, reader.pos, reader.byte_order = data, pos, byte_order
        reader.shared_strings, reader.objects, reader._depth = [], [], 0
        reader._values_left = len(data) + ZERO_SIZE_VALUES_MAX
        return reader

    # -- low level ----------------------------------------------------------------------
    def _fail(self, message: str) -> TypedStreamError:
        return TypedStreamError(f"{message} (offset {self.pos} of {len(self.data)})")

    def _take(self, n: int) -> bytes:
        if n < 0:
            raise self._fail(f"negative length {n}")
        end = self.pos + n
        if end > len(self.data):
            raise self._fail(f"truncated: {n} bytes wanted, {len(self.data) - self.pos} left")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def _fixed(self, fmt, size: int):
        raw = self._take(size)
        try:
            return fmt.parse(raw)
        except construct.ConstructError as exc:  # pragma: no cover - a fixed-size parse of exact bytes
            raise self._fail(f"bad fixed-size field: {exc}") from None

    def _head(self) -> int:
        # the most frequent read (one per value): inlined rather than through _take
        pos = self.pos
        if pos >= len(self.data):
            raise self._fail("truncated: 1 bytes wanted, 0 left")
        self.pos = pos + 1
        b = self.data[pos]
        return b - 256 if b > 127 else b

    def _read_header(self) -> None:
        for sig, order in SIGNATURES.items():  # the usual header, without a construct parse per blob
            if self.data.startswith(bytes((STREAMER_VERSION, len(sig))) + sig):
                self.streamer_version, self.byte_order = STREAMER_VERSION, order
                self.pos = 2 + len(sig)
                self.system_version = self._integer(signed=False)
                return
        try:
            hdr = _HEADER.parse(self.data)
        except (construct.ConstructError, UnicodeDecodeError) as exc:
            raise TypedStreamError(f"not a typedstream: header unreadable ({type(exc).__name__})") from None
        if hdr.streamer_version != STREAMER_VERSION:
            raise TypedStreamError(f"not a typedstream: streamer version {hdr.streamer_version}, expected {STREAMER_VERSION}")
        sig = hdr.signature.encode("latin-1")
        if sig not in SIGNATURES:
            raise TypedStreamError(f"not a typedstream: signature {sig!r}")
        self.streamer_version = hdr.streamer_version
        self.byte_order = SIGNATURES[sig]
        self.pos = 2 + len(sig)
        self.system_version = self._integer(signed=False)

    def _integer(self, head: int | None = None, *, signed: bool = True) -> int:
        if head is None:
            head = self._head()
        if not FIRST_TAG <= head <= LAST_TAG:
            return head if signed else head & 0xFF
        if head == TAG_INT16:
            value = self._fixed(_INT16[self.byte_order], 2)
            return value if signed else value & 0xFFFF
        if head == TAG_INT32:
            value = self._fixed(_INT32[self.byte_order], 4)
            return value if signed else value & 0xFFFFFFFF
        raise self._fail(f"tag 0x{head & 0xFF:02x} where an integer was expected")

    def _reference(self, head: int, table: list, what: str):
        number = self._integer(head, signed=True)
        index = number - FIRST_REFERENCE
        if not 0 <= index < len(table):
            raise self._fail(f"{what} reference #{index} outside the table of {len(table)}")
        return table[index]

    def _unshared_string(self, head: int | None = None) -> bytes | None:
        if head is None:
            head = self._head()
        if head == TAG_NIL:
            return None
        length = self._integer(head, signed=False)
        return self._take(length)

    def _shared_string(self, head: int | None = None) -> bytes | None:
        if head is None:
            head = self._head()
        if head == TAG_NIL:
            return None
        if head == TAG_NEW:
            value = self._unshared_string()
            if value is None:
                raise self._fail("new shared string is nil")
            self.shared_strings.append(value)
            return value
        return self._reference(head, self.shared_strings, "shared string")

    def _c_string(self, head: int | None = None) -> CString | None:
        if head is None:
            head = self._head()
        if head == TAG_NIL:
            return None
        if head == TAG_NEW:
            value = self._shared_string()
            if value is None:
                raise self._fail("new C string is nil")
            cstr = CString(value)
            self.objects.append(cstr)
            return cstr
        ref = self._reference(head, self.objects, "C string")
        if not isinstance(ref, CString):
            raise self._fail(f"C string reference points at {type(ref).__name__}")
        return ref

    def _class(self, head: int | None = None) -> TSClass | None:
        if head is None:
            head = self._head()
        first: TSClass | None = None
        last: TSClass | None = None
        while head == TAG_NEW:
            name = self._shared_string()
            if name is None:
                raise self._fail("class name is nil")
            version = self._integer(signed=True)
            cls = TSClass(name.decode("utf-8", "backslashreplace"), version)
            self.objects.append(cls)
            if last is None:
                first = cls
            else:
                last.superclass = cls
            last = cls
            head = self._head()
        if head == TAG_NIL:
            tail = None
        else:
            tail = self._reference(head, self.objects, "class")
            if not isinstance(tail, TSClass):
                raise self._fail(f"class reference points at {type(tail).__name__}")
        if last is None:
            return tail
        last.superclass = tail
        return first

    def _object(self, head: int | None = None) -> TSObject | None:
        if head is None:
            head = self._head()
        if head == TAG_NIL:
            return None
        if head != TAG_NEW:
            ref = self._reference(head, self.objects, "object")
            if not isinstance(ref, TSObject):
                raise self._fail(f"object reference points at {type(ref).__name__}")
            return ref
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self._fail(f"objects nested deeper than {MAX_DEPTH}")
        obj = TSObject(None)
        self.objects.append(obj)
        obj.cls = self._class()
        while True:
            head = self._head()
            if head == TAG_END:
                break
            obj.groups.append(self._group(head))
        self._depth -= 1
        return obj

    # -- type encodings -----------------------------------------------------------------
    @staticmethod
    def split_encodings(enc: bytes) -> tuple[bytes, ...]:
        """Split a type encoding string into single types (``b"iI"`` -> ``(b"i", b"I")``)."""
        return _split_encodings(bytes(enc))

    def _value(self, enc: bytes):
        self._values_left -= 1
        if self._values_left < 0:  # e.g. ``[99999999!]``: an array of values that take no bytes
            raise self._fail(f"more values than {len(self.data)} bytes can hold")
        t = enc[:1]
        if t in (b"c", b"C"):
            b = self._take(1)[0]
            return b - 256 if t == b"c" and b > 127 else b
        if t == b"B":
            b = self._take(1)[0]
            if b not in (0, 1):
                raise self._fail(f"boolean value {b}")
            return bool(b)
        if t in (b"s", b"i", b"l", b"q"):
            return self._integer(signed=True)
        if t in (b"S", b"I", b"L", b"Q"):
            return self._integer(signed=False)
        if t in (b"f", b"d"):
            head = self._head()
            if head == TAG_FLOAT:
                if t == b"f":
                    return self._fixed(_FLOAT[self.byte_order], 4)
                return self._fixed(_DOUBLE[self.byte_order], 8)
            return float(self._integer(head, signed=True))
        if t == b"*":
            return self._c_string()
        if t == b"+":
            return self._unshared_string()
        if t in (b"%", b":"):
            return self._shared_string()
        if t == b"#":
            return self._class()
        if t == b"@":
            return self._object()
        if t == b"!":
            return None
        if t == b"[":
            count, elem = _array_encoding(enc)
            if elem in (b"c", b"C"):
                return self._take(count)
            return [self._value(elem) for _ in range(count)]
        if t == b"{":
            return tuple(self._value(f) for f in _struct_fields(enc))
        raise self._fail(f"unsupported type encoding {enc!r}")

    def _group(self, head: int | None = None) -> list[Any]:
        encoding = self._shared_string(head)
        if not encoding:
            raise self._fail("empty or nil type encoding")
        types = _split_encodings(encoding)
        return [self._value(t) for t in types]

    # -- public -------------------------------------------------------------------------
    def read_all(self) -> list[list[Any]]:
        """Every top-level value group, to the end of the data."""
        groups = []
        while self.pos < len(self.data):
            groups.append(self._group())
        if not groups:
            raise self._fail("no values after the header")
        return groups

    def read_root(self) -> Any:
        """The first top-level value (an archive holds one root object); bytes after it are left unread."""
        if self.pos >= len(self.data):
            raise self._fail("no values after the header")
        return self._group()[0]

    @property
    def remaining(self) -> int:
        """Bytes not read yet."""
        return len(self.data) - self.pos


@lru_cache(maxsize=512)
def _split_encodings(enc: bytes) -> tuple[bytes, ...]:
    """Split a type encoding string into single types; qualifiers (``r``, ``n`` ...) dropped."""
    out = []
    i = 0
    while i < len(enc):
        start = i
        while i < len(enc) and enc[i] in _QUALIFIERS:
            i += 1
        if i >= len(enc):
            raise TypedStreamError(f"type encoding {enc!r} ends with a qualifier")
        i = _end_of_type(enc, i)
        out.append(enc[start:i].lstrip(_QUALIFIERS))
    return tuple(out)


def _end_of_type(enc: bytes, i: int) -> int:
    """Index just past the single type starting at ``enc[i]``."""
    c = enc[i : i + 1]
    if c in (b"[", b"{", b"("):
        close = {b"[": ord("]"), b"{": ord("}"), b"(": ord(")")}[c]
        opening = enc[i]
        depth = 0
        j = i
        while j < len(enc):
            if enc[j] in (ord("["), ord("{"), ord("(")):
                depth += 1
            elif enc[j] in (ord("]"), ord("}"), ord(")")):
                depth -= 1
                if depth == 0:
                    if enc[j] != close:
                        raise TypedStreamError(f"type encoding {enc!r}: mismatched {chr(opening)}")
                    return j + 1
            j += 1
        raise TypedStreamError(f"type encoding {enc!r}: unclosed {chr(opening)}")
    if c == b"^":
        return _end_of_type(enc, i + 1)
    return i + 1


def _array_encoding(enc: bytes) -> tuple[int, bytes]:
    body = enc[1:-1]
    n = 0
    while n < len(body) and 48 <= body[n] <= 57:
        n += 1
    if n == 0 or n == len(body):
        raise TypedStreamError(f"array type encoding {enc!r} without a length or element type")
    return int(body[:n]), body[n:]


def _struct_fields(enc: bytes) -> list[bytes]:
    body = enc[1:-1]
    eq = body.find(b"=")
    if eq >= 0:
        # a struct name never contains a type's opening bracket; the '=' after it ends the name
        head = body[:eq]
        if not any(ch in head for ch in b"[{("):
            body = body[eq + 1 :]
    return list(_split_encodings(body)) if body else []


# -- attributed strings ----------------------------------------------------------------


@dataclass
class AttributedBody:
    """What an archived (mutable) attributed string holds: text and attribute runs."""

    text: str | None
    #: ``(start, length, {key: value})`` per run; start and length in UTF-16 code units.
    runs: list[tuple[int, int, dict]] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """Every attribute key used, sorted."""
        return sorted({k for _, _, attrs in self.runs for k in attrs})


def _string_of(obj: Any) -> str | None:
    """The text of an archived NSString/NSMutableString."""
    if not isinstance(obj, TSObject):
        return None
    for group in obj.groups:
        for value in group:
            if isinstance(value, (bytes, bytearray)):
                return bytes(value).decode("utf-8", "backslashreplace")
    return None


def _plain(value: Any) -> Any:
    """A JSON-friendly form of an attribute value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, CString):
        return value.value.decode("utf-8", "backslashreplace")
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    if isinstance(value, TSObject):
        if value.is_a("NSString"):
            return _string_of(value)
        if value.is_a("NSNumber") and len(value.groups) >= 2 and value.groups[1]:
            return _plain(value.groups[1][0])
        if value.is_a("NSURL"):
            for group in value.groups:
                for v in group:
                    if isinstance(v, TSObject) and v.is_a("NSString"):
                        return _string_of(v)
        if value.is_a("NSData") and len(value.groups) >= 2 and value.groups[1]:
            data = value.groups[1][0]
            if isinstance(data, (bytes, bytearray)):
                return f"<{value.class_name} {len(data)} bytes>"
        return f"<{value.class_name}>"
    if isinstance(value, TSClass):
        return f"<class {value.name}>"
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return repr(value)


def _dictionary(obj: Any) -> dict:
    """An archived NSDictionary as ``{key: plain value}`` (keys as text)."""
    if not isinstance(obj, TSObject) or not obj.is_a("NSDictionary") or not obj.groups:
        return {}
    count = obj.groups[0][0] if obj.groups[0] else 0
    if not isinstance(count, int) or isinstance(count, bool):
        return {}
    items = [g[0] if g else None for g in obj.groups[1:]]
    out = {}
    for n in range(min(count, len(items) // 2)):
        key, value = items[2 * n], items[2 * n + 1]
        k = _plain(key)
        out[str(k)] = _plain(value)
    return out


def decode_attributed_body_details(data: bytes) -> AttributedBody:
    """Text and attribute runs of an archived ``NSAttributedString``/``NSString``.

    Raises :class:`TypedStreamError` for data that is not a well-formed typedstream.

    Messages archive their text in a few layouts that differ only in the string: a blob whose
    bytes before and after its string are those of a blob decoded before takes that blob's
    attribute runs with its own string (see :func:`_split_text`); any other is decoded in full.
    """
    parts = _split_text(data)
    if parts is not None:
        runs = _SAME_LAYOUT.get((parts[0], parts[2]))
        if runs is not None:
            return AttributedBody(parts[1].decode("utf-8", "backslashreplace"), [(a, n, dict(d)) for a, n, d in runs])
    try:
        body = _attributed_body(data)
    except TypedStreamError:
        raise
    except (TypeError, ValueError, AttributeError, IndexError, KeyError, RecursionError) as exc:
        raise TypedStreamError(f"unexpected structure: {type(exc).__name__}: {exc}") from None
    if parts is not None and body.text is not None and body.text == parts[1].decode("utf-8", "backslashreplace"):
        if len(_SAME_LAYOUT) >= SAME_LAYOUT_MAX:
            _SAME_LAYOUT.clear()
        _SAME_LAYOUT[(parts[0], parts[2])] = [(a, n, dict(d)) for a, n, d in body.runs]
    return body


#: (bytes before the string, bytes after it) -> the attribute runs that layout decodes to
_SAME_LAYOUT: dict[tuple[bytes, bytes], list] = {}
#: layouts remembered at most (a few hundred in a real sms.db: one per string length and attribute set)
SAME_LAYOUT_MAX = 4096
_STRING_VALUE = b"\x84\x01+"  # the start of an NSString's value: a one-type group, '+' (bytes)


def _split_text(data: bytes) -> tuple[bytes, bytes, bytes] | None:
    """``(prefix, string bytes, suffix)`` around the first NSString's value, or ``None``.

    The reader is deterministic: its state after a prefix depends on the prefix's bytes alone, a
    ``+`` value is read as a length and that many bytes and is referenced by nothing, and what
    follows is read from that state. So two blobs with the same prefix and suffix decode to the
    same attribute runs, and differ only in the string (whose length is read with it; the runs'
    UTF-16 lengths are in the suffix). A layout is remembered only once a full decode gave
    exactly these string bytes as its text (a guessed position that was wrong is never used).
    """
    if type(data) is not bytes:
        return None
    order = _HEADER_ORDER.get(data[:13])
    at = data.find(b"NSString")
    if order is None or at < 0:
        return None
    mark = data.find(_STRING_VALUE, at)
    if mark < 0:
        return None
    reader = TypedStreamReader._at(data, mark + len(_STRING_VALUE), order)
    try:
        text = reader._unshared_string()
    except TypedStreamError:  # a tag that is not a length, or truncated: decoded in full, which says so
        return None
    if text is None:
        return None
    return data[: mark + len(_STRING_VALUE)], text, data[reader.pos :]


#: the usual header (streamer version 4, signature) -> byte order
_HEADER_ORDER = {bytes((STREAMER_VERSION, len(sig))) + sig: order for sig, order in SIGNATURES.items()}


def _attributed_body(data: bytes) -> AttributedBody:
    reader = TypedStreamReader(data)
    root = reader.read_root()
    if not isinstance(root, TSObject):
        return AttributedBody(None)
    if root.is_a("NSString"):
        return AttributedBody(_string_of(root))
    if not root.is_a("NSAttributedString"):
        return AttributedBody(None)
    if not root.groups or not root.groups[0]:
        return AttributedBody(None)
    text = _string_of(root.groups[0][0])
    runs = []
    dicts: dict[int, dict] = {}
    start = 0
    pending: tuple[int, int] | None = None
    for group in root.groups[1:]:
        if len(group) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in group):
            if pending is not None:
                runs.append((start, pending[1], dicts.get(pending[0], {})))
                start += pending[1]
            pending = (group[0], group[1])
        elif len(group) == 1 and isinstance(group[0], TSObject) and pending is not None:
            dicts.setdefault(pending[0], _dictionary(group[0]))
    if pending is not None:
        runs.append((start, pending[1], dicts.get(pending[0], {})))
    return AttributedBody(text, runs)


def decode_attributed_body(data: bytes) -> str | None:
    """The text of a ``message.attributedBody`` blob; ``None`` when it holds no string.

    Raises :class:`TypedStreamError` on malformed data (bad header, truncation, unknown types).
    """
    return decode_attributed_body_details(data).text
