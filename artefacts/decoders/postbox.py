"""Telegram for iOS (and macOS) Postbox: keys, value encoding and message entries.

Telegram's Swift apps keep their account data in ``postbox/db/db_sqlite``, a SQLCipher 4 database
of key/value tables ``t<id>``. Every fact here is read from the app's own source
(TelegramMessenger/Telegram-iOS), cited by path:

* **Tables** (``submodules/Postbox/Sources/Postbox.swift``, the ``tableSpec(n)`` of each table):
  ``t0`` metadata, ``t2`` peers (``PeerTable``: int64 keys), ``t6`` message media
  (``MessageMediaTable.swift``: media shared by several messages, keyed by media id), ``t7`` message
  history (``MessageHistoryTable``: binary keys). ``SqliteValueBox.swift`` creates binary-key tables as
  ``CREATE TABLE t<n> (key BLOB PRIMARY KEY, value BLOB)`` and int64-key tables as
  ``(key INTEGER PRIMARY KEY, value BLOB)``.
* **Encryption** (``SqliteValueBox.swift``): ``PRAGMA cipher_plaintext_header_size=32`` and
  ``PRAGMA key="x'<hex of 32-byte key + 16-byte salt>'"`` (a raw key with its salt; the first 32
  bytes of the file stay plain). The key: iOS ``telegram-data/.tempkey``, 48 bytes (key then salt,
  ``submodules/BuildConfig/Sources/BuildConfig.m`` ``deviceSpecificEncryptionParameters``); macOS
  ``.tempkeyEncrypted``: AES-256-CBC of key + salt + a murmur3 check (int32, little-endian) + zero
  padding, the AES key the first 32 and the IV the last 16 bytes of SHA-512 of the local passcode,
  ``no-matter-key`` when none is set (stek29's notes on the macOS app; confirmed by the tools built
  on them).
* **Value encoding** (``submodules/Postbox/Sources/Coding.swift``, ``PostboxEncoder``): an object is
  a sequence of fields, each a key (int8 length + UTF-8), a value type byte (``ValueType``: 0 Int32,
  1 Int64, 2 Bool (1 byte), 3 Double, 4 String (int32 length + UTF-8), 5 Object (int32 type hash,
  int32 length, the object's fields), 6 Int32Array, 7 Int64Array (int32 count + values), 8
  ObjectArray (int32 count, each type hash + length + fields), 9 ObjectDictionary (int32 count, each
  key object then value object, both type hash + length + fields), 10 Bytes (int32 length + bytes),
  11 Nil, 12 StringArray, 13 BytesArray (int32 count, each int32 length + bytes)), little-endian. A
  root object is one field named ``_``. The type hash is ``murMurHashString32`` of the Swift type
  name: MurmurHash3 x86_32 with seed -137723950 (``submodules/MurMurHash32/Sources/MurMurHash32.m``).
* **Message entries** (``MessageHistoryTable.swift``: ``storeIntermediateMessage`` writes,
  ``readIntermediateEntry`` reads): the key is peer id (int64), namespace (int32), timestamp (int32,
  Unix seconds) and message id (int32), big-endian (``extractKey``); the value is described by
  :data:`MESSAGE_ENTRY` below.
* **Peer ids** (``submodules/Postbox/Sources/Peer.swift``, ``PeerId.init(_ n: Int64)``): namespace in
  bits 32-34, the id's low 32 bits in bits 0-31 and its high bits from bit 35; namespace 3 (secret
  chats) keeps a signed 32-bit id. Older apps packed namespace and id as two int32 halves: both read
  the same way for the ids those apps could hold.

Everything read from a file is hostile: lengths and counts are checked against what is left,
nesting is capped, and a value this decoder cannot read is a :class:`PostboxError` naming what
and where, never an exception of another kind.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field

from construct import (
    ConstructError, GreedyBytes, If, Int8sl, Int8ul, Int32sb, Int32sl, Int32ul, Int64sb, Int64sl, Prefixed,
    PrefixedArray, Struct, Terminated, this,
)

__all__ = [
    "MURMUR_SEED", "PostboxError", "PostboxObject", "MessageEntry", "murmur3_32", "type_hash", "type_name",
    "decode_root", "decode_fields", "parse_message_key", "parse_message", "split_peer_id", "tempkey_plain",
    "media_key", "parse_media_entry",
    "tempkey_encrypted", "TEMPKEY_DEFAULT_PASSCODE", "sqlcipher_raw_key",
]

#: ``murMurHash32Impl(..., -137723950, ...)`` (MurMurHash32.m)
MURMUR_SEED = -137723950
#: the passcode the macOS app encrypts ``.tempkeyEncrypted`` with when the user set none
TEMPKEY_DEFAULT_PASSCODE = b"no-matter-key"
#: nesting of objects inside objects; the app's own values nest a few levels
MAX_DEPTH = 32


class PostboxError(ValueError):
    """A Postbox value or key this decoder cannot read (damaged, truncated or of an unknown layout)."""


def murmur3_32(data: bytes, seed: int = MURMUR_SEED) -> int:
    """MurmurHash3 x86_32 of ``data`` as a signed 32-bit integer (the app stores it as ``Int32``)."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed & mask
    n = len(data) // 4
    for (k,) in struct.iter_unpack("<I", data[: n * 4]):
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
        h = ((h << 13) | (h >> 19)) & mask
        h = (h * 5 + 0xE6546B64) & mask
    tail = data[n * 4:]
    if tail:
        k = 0
        for i, b in enumerate(tail):
            k |= b << (8 * i)
        k = (k * c1) & mask
        k = ((k << 15) | (k >> 17)) & mask
        k = (k * c2) & mask
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def type_hash(name: str) -> int:
    """The type hash ``PostboxEncoder`` writes for a Swift type called ``name``."""
    return murmur3_32(name.encode("utf-8"))


#: Swift type names whose objects the plugin reads (TelegramCore ``SyncCore_*.swift``); the hash of
#: any other type is kept as a number
KNOWN_TYPES = (
    "TelegramUser", "TelegramGroup", "TelegramChannel", "TelegramSecretChat",
    "TelegramMediaImage", "TelegramMediaFile", "TelegramMediaAction", "TelegramMediaMap",
    "TelegramMediaContact", "TelegramMediaWebpage", "TelegramMediaPoll", "TelegramMediaFileAttribute",
    "ReplyMessageAttribute", "TextEntitiesMessageAttribute", "EditedMessageAttribute",
    "ForwardSourceInfoAttribute", "AutoremoveTimeoutMessageAttribute", "ViewCountMessageAttribute",
)
_NAMES = {type_hash(n): n for n in KNOWN_TYPES}


def type_name(h: int) -> str | None:
    return _NAMES.get(h)


@dataclass
class PostboxObject:
    """One encoded object: its type hash (and name, when known) and its fields by key."""

    type_hash: int
    fields: dict = field(default_factory=dict)

    @property
    def type_name(self) -> str | None:
        return type_name(self.type_hash)

    def get(self, key: str, default=None):
        return self.fields.get(key, default)

    def as_json(self) -> dict:
        """A JSON-ready form: ``{"type": name or hash, fields...}`` with bytes as hex."""
        out = {"type": self.type_name or self.type_hash}
        for k, v in self.fields.items():
            out[k] = _jsonable(v)
        return out


def _jsonable(v):
    if isinstance(v, PostboxObject):
        return v.as_json()
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    return v


class _Reader:
    __slots__ = ("data", "pos", "end", "where")

    def __init__(self, data: bytes, start: int, end: int, where: str):
        self.data, self.pos, self.end, self.where = data, start, end, where

    def take(self, n: int, what: str) -> bytes:
        if n < 0 or self.pos + n > self.end:
            raise PostboxError(f"{self.where}: {what} runs past the end of the value (offset {self.pos}, "
                               f"{n} bytes, {self.end - self.pos} left)")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt: str, what: str):
        size = struct.calcsize(fmt)
        return struct.unpack(fmt, self.take(size, what))[0]

    def count(self, what: str, min_item: int) -> int:
        n = self.unpack("<i", what + " count")
        if n < 0 or n * min_item > self.end - self.pos:
            raise PostboxError(f"{self.where}: {what} count {n} does not fit the {self.end - self.pos} bytes left")
        return n


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "backslashreplace")


def _object(r: _Reader, depth: int, what: str) -> PostboxObject:
    h = r.unpack("<i", what + " type hash")
    n = r.unpack("<i", what + " length")
    body = r.take(n, what)
    return PostboxObject(h, decode_fields(body, depth=depth + 1, where=f"{r.where}/{type_name(h) or h}"))


def _value(r: _Reader, vtype: int, depth: int, key: str):
    if vtype == 0:
        return r.unpack("<i", key)
    if vtype == 1:
        return r.unpack("<q", key)
    if vtype == 2:
        return r.unpack("<b", key) != 0
    if vtype == 3:
        return r.unpack("<d", key)
    if vtype == 4:
        return _text(r.take(r.unpack("<i", key + " length"), key))
    if vtype == 5:
        return _object(r, depth, key)
    if vtype == 6:
        n = r.count(key, 4)
        return list(struct.unpack(f"<{n}i", r.take(4 * n, key)))
    if vtype == 7:
        n = r.count(key, 8)
        return list(struct.unpack(f"<{n}q", r.take(8 * n, key)))
    if vtype == 8:
        return [_object(r, depth, key) for _ in range(r.count(key, 8))]
    if vtype == 9:
        return [(_object(r, depth, key + " key"), _object(r, depth, key + " value")) for _ in range(r.count(key, 16))]
    if vtype == 10:
        return r.take(r.unpack("<i", key + " length"), key)
    if vtype == 11:
        return None
    if vtype in (12, 13):
        items = [r.take(r.unpack("<i", key + " item length"), key) for _ in range(r.count(key, 4))]
        return [_text(i) for i in items] if vtype == 12 else items
    raise PostboxError(f"{r.where}: field {key!r} has value type {vtype}, which Postbox does not define")


def decode_fields(data: bytes, *, depth: int = 0, where: str = "value") -> dict:
    """The fields of one encoded object (its body, after type hash and length), by key.

    A key met twice keeps its last value (``PostboxDecoder`` finds the first; the app never writes
    one twice).
    """
    if depth > MAX_DEPTH:
        raise PostboxError(f"{where}: objects nested deeper than {MAX_DEPTH} levels")
    r = _Reader(data, 0, len(data), where)
    out: dict = {}
    while r.pos < r.end:
        klen = r.unpack("<b", "key length")
        if klen < 0:
            raise PostboxError(f"{where}: negative key length {klen} at offset {r.pos - 1}")
        key = _text(r.take(klen, "key"))
        vtype = r.unpack("<b", f"value type of {key!r}")
        out[key] = _value(r, vtype, depth, key)
    return out


def decode_root(data: bytes, where: str = "value") -> PostboxObject:
    """The root object of a value (``encodeRootObject``: one Object field named ``_``)."""
    fields = decode_fields(data, where=where)
    root = fields.get("_")
    if not isinstance(root, PostboxObject) or len(fields) != 1:
        raise PostboxError(f"{where}: not a root object (fields: {', '.join(map(repr, fields)) or 'none'})")
    return root


# -- message history (t7) --------------------------------------------------------------------------

MESSAGE_KEY = Struct("peer_id" / Int64sb, "namespace" / Int32sb, "timestamp" / Int32sb, "id" / Int32sb, Terminated)

_FORWARD = Struct(
    "author_id" / Int64sl,
    "date" / Int32sl,
    "source_id" / If(this._.forward_flags & 2, Int64sl),
    "source_message" / If(this._.forward_flags & 4, Struct("peer_id" / Int64sl, "namespace" / Int32sl, "id" / Int32sl)),
    "author_signature" / If(this._.forward_flags & 8, Prefixed(Int32sl, GreedyBytes)),
    "psa_type" / If(this._.forward_flags & 16, Prefixed(Int32sl, GreedyBytes)),
    "flags" / If(this._.forward_flags & 32, Int32sl),
)

#: the value of a message entry (``storeIntermediateMessage`` / ``readIntermediateEntry``)
MESSAGE_ENTRY = Struct(
    "type" / Int8sl,  # 0: a message (anything else is not a message entry)
    "stable_id" / Int32ul,
    "stable_version" / Int32ul,
    "data_flags" / Int8ul,  # MessageDataFlags
    "globally_unique_id" / If(this.data_flags & 1, Int64sl),
    "global_tags" / If(this.data_flags & 2, Int32ul),
    "grouping_key" / If(this.data_flags & 4, Int64sl),
    "group_info" / If(this.data_flags & 8, Int32ul),
    "local_tags" / If(this.data_flags & 16, Int32ul),
    "thread_id" / If(this.data_flags & 32, Int64sl),
    "flags" / Int32ul,  # MessageFlags
    "tags" / Int32ul,  # MessageTags
    "forward_flags" / Int8sl,
    "forward" / If(this.forward_flags != 0, _FORWARD),
    "has_author" / Int8sl,
    "author_id" / If(this.has_author == 1, Int64sl),
    "text" / Prefixed(Int32sl, GreedyBytes),
    "attributes" / PrefixedArray(Int32sl, Prefixed(Int32sl, GreedyBytes)),
    "embedded_media" / PrefixedArray(Int32sl, Prefixed(Int32sl, GreedyBytes)),
    "referenced_media" / PrefixedArray(Int32sl, Struct("namespace" / Int32sl, "id" / Int64sl)),
    "rest" / GreedyBytes,
)

#: MessageFlags (submodules/Postbox/Sources/Message.swift)
FLAG_UNSENT, FLAG_FAILED, FLAG_INCOMING, FLAG_COUNTED_AS_INCOMING = 1, 2, 4, 256


@dataclass
class MessageEntry:
    peer_id: int
    namespace: int
    timestamp: int
    id: int
    stable_id: int
    flags: int
    tags: int
    author_id: int | None
    text: str
    forward: dict | None
    thread_id: int | None
    grouping_key: int | None
    globally_unique_id: int | None
    attributes: list = field(default_factory=list)
    embedded_media: list = field(default_factory=list)
    referenced_media: list = field(default_factory=list)
    #: problems met inside attributes or media (each also left out of the lists above)
    problems: list = field(default_factory=list)
    trailing: int = 0

    @property
    def incoming(self) -> bool:
        return bool(self.flags & (FLAG_INCOMING | FLAG_COUNTED_AS_INCOMING))


def parse_message_key(key: bytes) -> tuple[int, int, int, int]:
    """``(peer id, namespace, timestamp, message id)`` of a ``t7`` key."""
    try:
        k = MESSAGE_KEY.parse(bytes(key))
    except ConstructError as exc:
        raise PostboxError(f"message key of {len(key)} bytes, not 20 (peer id, namespace, timestamp, id)") from exc
    return k.peer_id, k.namespace, k.timestamp, k.id


def parse_message(key: bytes, value: bytes) -> MessageEntry:
    """A ``t7`` row as a :class:`MessageEntry`; a value that is not a message entry raises PostboxError."""
    peer_id, namespace, timestamp, mid = parse_message_key(key)
    value = bytes(value)
    if not value:
        raise PostboxError("empty message value")
    if value[0] != 0:
        raise PostboxError(f"entry type {value[0]} is not a message (MessageHistoryTable writes 0)")
    try:
        e = MESSAGE_ENTRY.parse(value)
    except ConstructError as exc:
        raise PostboxError(f"message value of {len(value)} bytes cannot be read: {str(exc).splitlines()[0]}") from exc
    forward = None
    if e.forward is not None:
        f = e.forward
        forward = {"author_id": f.author_id or None, "date": f.date}
        if f.source_id is not None:
            forward["source_id"] = f.source_id
        if f.source_message is not None:
            forward["source_message"] = {"peer_id": f.source_message.peer_id, "namespace": f.source_message.namespace,
                                         "id": f.source_message.id}
        if f.author_signature is not None:
            forward["author_signature"] = _text(f.author_signature)
        if f.psa_type is not None:
            forward["psa_type"] = _text(f.psa_type)
        if f.flags is not None:
            forward["flags"] = f.flags
    out = MessageEntry(
        peer_id=peer_id, namespace=namespace, timestamp=timestamp, id=mid, stable_id=e.stable_id, flags=e.flags,
        tags=e.tags, author_id=e.author_id, text=_text(e.text), forward=forward, thread_id=e.thread_id,
        grouping_key=e.grouping_key, globally_unique_id=e.globally_unique_id,
        referenced_media=[(m.namespace, m.id) for m in e.referenced_media], trailing=len(e.rest),
    )
    for what, blobs, target in (("attribute", e.attributes, out.attributes),
                                ("embedded media", e.embedded_media, out.embedded_media)):
        for n, blob in enumerate(blobs):
            try:
                target.append(decode_root(blob, where=f"{what} {n + 1}"))
            except PostboxError as exc:
                out.problems.append(str(exc))
    return out


# -- message media (t6) ----------------------------------------------------------------------------

#: MessageMediaTable.swift ``MediaEntryType``: Direct (the media, then a reference count), or
#: MessageReference (the media is embedded in that message)
MEDIA_DIRECT, MEDIA_MESSAGE_REFERENCE = 0, 1


def media_key(namespace: int, media_id: int) -> bytes:
    """The ``t6`` key of a media id (``MessageMediaTable.key``: namespace int32, id int64, big-endian)."""
    return struct.pack(">iq", namespace, media_id)


def parse_media_entry(value: bytes) -> PostboxObject | None:
    """The media of a ``t6`` Direct entry; None for a MessageReference entry (the media is embedded in
    the message it names)."""
    value = bytes(value)
    if not value:
        raise PostboxError("empty media entry")
    if value[0] == MEDIA_MESSAGE_REFERENCE:
        return None
    if value[0] != MEDIA_DIRECT:
        raise PostboxError(f"media entry type {value[0]} (MessageMediaTable writes 0 or 1)")
    r = _Reader(value, 1, len(value), "media entry")
    n = r.unpack("<i", "media length")
    return decode_root(r.take(n, "media"), where="media entry")


# -- peers ---------------------------------------------------------------------------------------

#: peer namespaces (TelegramCore SyncCore_Namespaces.swift ``Namespaces.Peer``)
PEER_NAMESPACES = {0: "user", 1: "group", 2: "channel", 3: "secret"}


def split_peer_id(n: int) -> tuple[int, int]:
    """``(namespace, id)`` of a packed peer id (``PeerId.init(_ n: Int64)``)."""
    data = n & 0xFFFFFFFFFFFFFFFF
    low = data & 0xFFFFFFFF
    if (data >> 32) == 0x7FFFFFFF and low == 0:
        return 0x7FFFFFFF, 0
    namespace = (data >> 32) & 0x7
    high = ((data >> 35) & 0xFFFFFFFF) << 32
    if high == 0 and namespace == 3:
        return namespace, low - (1 << 32) if low & 0x80000000 else low
    return namespace, high | low


# -- keys ----------------------------------------------------------------------------------------

TEMPKEY_SIZE = 32 + 16


def tempkey_plain(data: bytes) -> tuple[bytes, bytes]:
    """Key and salt from an iOS ``.tempkey`` (48 bytes: key, then salt)."""
    if len(data) != TEMPKEY_SIZE:
        raise PostboxError(f".tempkey holds {len(data)} bytes, not 48 (32-byte key and 16-byte salt)")
    return bytes(data[:32]), bytes(data[32:])


def tempkey_encrypted(data: bytes, passcode: bytes = TEMPKEY_DEFAULT_PASSCODE) -> tuple[bytes, bytes]:
    """Key and salt from a macOS ``.tempkeyEncrypted``, checked by its murmur hash; PostboxError if the
    passcode is wrong or the file damaged."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if len(data) < 64 or len(data) % 16:
        raise PostboxError(f".tempkeyEncrypted holds {len(data)} bytes, not a whole number of AES blocks of at least 64")
    digest = hashlib.sha512(passcode).digest()
    dec = Cipher(algorithms.AES(digest[:32]), modes.CBC(digest[-16:])).decryptor()
    plain = dec.update(bytes(data)) + dec.finalize()
    key, salt = plain[:32], plain[32:48]
    (check,) = struct.unpack("<i", plain[48:52])
    if check != murmur3_32(key + salt):
        raise PostboxError(".tempkeyEncrypted does not open with this passcode (its murmur3 check does not match)")
    return key, salt


def sqlcipher_raw_key(key: bytes, salt: bytes) -> str:
    """The ``PRAGMA key`` value the app gives SQLCipher: a raw key with its salt."""
    return f"x'{(key + salt).hex()}'"


def encode_tempkey_encrypted(key: bytes, salt: bytes, passcode: bytes = TEMPKEY_DEFAULT_PASSCODE) -> bytes:
    """The inverse of :func:`tempkey_encrypted` (for generated test data)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    plain = key + salt + struct.pack("<i", murmur3_32(key + salt))
    plain += bytes(-len(plain) % 16)
    digest = hashlib.sha512(passcode).digest()
    enc = Cipher(algorithms.AES(digest[:32]), modes.CBC(digest[-16:])).encryptor()
    return enc.update(plain) + enc.finalize()

