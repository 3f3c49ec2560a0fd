"""Generated Telegram iOS Postbox stores (``db_sqlite``), written as the app writes them.

The writer follows the Swift writers field by field, not this project's decoder: ``PostboxEncoder``
(``submodules/Postbox/Sources/Coding.swift``: ``encodeKey``, ``encodeInt32`` ... ``encodeObject``,
``encodeObjectArray``, ``encodeRootObject``), ``MessageHistoryTable.storeIntermediateMessage``
(the message value), ``MessageHistoryTable.key`` / ``extractKey`` (big-endian key), ``PeerTable``
(int64 keys, root-encoded peers), the peer and media classes' ``encode(_:)`` in TelegramCore
``SyncCore_TelegramUser.swift`` (i, ah, aht, fn, ln, un, p, ph, bi, ri, fl, emjs),
``SyncCore_TelegramGroup.swift`` (i, t, ph, pc, rv, m, fl ...), ``SyncCore_TelegramMediaAction.swift``
(``_rawValue`` 14 = phoneCall with i, dr, d, vc), ``SyncCore_TelegramMediaMap.swift`` (la, lo ...),
``SyncCore_TelegramMediaFile.swift`` (mt, s64, at; file-name attribute t, fn). Tables as
``SqliteValueBox.createTable`` makes them; the file is encrypted as ``SqliteValueBox`` opens it:
SQLCipher 4, a 32-byte plaintext header, raw key + salt from ``.tempkey``.
Fields this generator does not need are left out, as the app leaves out nil optionals; the
objects the app always writes (a user's ``ph``, ``bi`` ...) are written.
"""

from __future__ import annotations

import json
import random
import sqlite3
import struct
import tempfile
from pathlib import Path

from ..decoders.postbox import FLAG_INCOMING, MESSAGE_ENTRY, encode_tempkey_encrypted, type_hash

ACCOUNT_ID = 123456789
FIRST_TIME = 1_700_000_000


class Encoder:
    """``PostboxEncoder``: fields appended in call order."""

    def __init__(self):
        self.buf = bytearray()

    def key(self, key: str) -> None:
        raw = key.encode()
        self.buf += struct.pack("<b", len(raw)) + raw

    def int32(self, key, v):
        self.key(key)
        self.buf += b"\x00" + struct.pack("<i", v)

    def int64(self, key, v):
        self.key(key)
        self.buf += b"\x01" + struct.pack("<q", v)

    def bool(self, key, v):
        self.key(key)
        self.buf += b"\x02" + struct.pack("<b", 1 if v else 0)

    def double(self, key, v):
        self.key(key)
        self.buf += b"\x03" + struct.pack("<d", v)

    def string(self, key, v: str):
        raw = v.encode()
        self.key(key)
        self.buf += b"\x04" + struct.pack("<i", len(raw)) + raw

    def nil(self, key):
        self.key(key)
        self.buf += b"\x0b"

    def object(self, key, type_name: str, inner: "Encoder"):
        self.key(key)
        self.buf += b"\x05" + struct.pack("<ii", type_hash(type_name), len(inner.buf)) + inner.buf

    def object_array(self, key, items: list[tuple[str, "Encoder"]]):
        self.key(key)
        self.buf += b"\x08" + struct.pack("<i", len(items))
        for name, inner in items:
            self.buf += struct.pack("<ii", type_hash(name), len(inner.buf)) + inner.buf

    def root(self, type_name: str, inner: "Encoder") -> bytes:
        self.object("_", type_name, inner)
        return bytes(self.buf)


def peer_int64(namespace: int, pid: int) -> int:
    """``PeerId.toInt64()`` (Peer.swift ``_toInt64``) for ids below 2**32."""
    low = pid & 0xFFFFFFFF
    data = ((namespace & 0x7) << 32) | low
    return data - (1 << 64) if data & (1 << 63) else data


def user(pid: int, first: str | None, last: str | None, username: str | None, phone: str | None) -> bytes:
    e = Encoder()
    e.int64("i", peer_int64(0, pid))
    e.int64("ah", 0x1234_5678_9ABC ^ pid)
    e.int32("aht", 0)
    if first is not None:
        e.string("fn", first)
    if last is not None:
        e.string("ln", last)
    if username is not None:
        e.string("un", username)
    if phone is not None:
        e.string("p", phone)
    e.object_array("ph", [])
    e.nil("bi")
    e.nil("ri")
    e.int32("fl", 0)
    e.nil("emjs")
    return Encoder().root("TelegramUser", e)


def group(pid: int, title: str, members: int) -> bytes:
    e = Encoder()
    e.int64("i", peer_int64(1, pid))
    e.string("t", title)
    e.object_array("ph", [])
    e.int32("pc", members)
    return Encoder().root("TelegramGroup", e)


def secret_chat(pid: int, regular: int, created: int) -> bytes:
    """``TelegramSecretChat.encode`` (SyncCore_TelegramSecretChat.swift): i, r, h, d, o, s, at."""
    e = Encoder()
    e.int64("i", peer_int64(3, pid))
    e.int64("r", peer_int64(0, regular))
    e.int64("h", 0x0BADC0DE ^ pid)
    e.int32("d", created)
    e.int32("o", 0)
    e.int32("s", 2)
    e.nil("at")
    return Encoder().root("TelegramSecretChat", e)


def media_file(name: str, mime: str, size: int) -> bytes:
    attr = Encoder()
    attr.int32("t", 0)
    attr.string("fn", name)
    e = Encoder()
    e.string("mt", mime)
    e.int64("s64", size)
    e.object_array("at", [("TelegramMediaFileAttribute", attr)])
    return Encoder().root("TelegramMediaFile", e)


def media_map(lat: float, lon: float) -> bytes:
    e = Encoder()
    e.double("la", lat)
    e.double("lo", lon)
    return Encoder().root("TelegramMediaMap", e)


def media_call(call_id: int, duration: int | None, video: bool) -> bytes:
    e = Encoder()
    e.int32("_rawValue", 14)
    e.int64("i", call_id)
    e.nil("dr")
    if duration is None:
        e.nil("d")
    else:
        e.int32("d", duration)
    e.int32("vc", 1 if video else 0)
    return Encoder().root("TelegramMediaAction", e)


def reply_attribute(peer: int, namespace: int, mid: int) -> bytes:
    """``ReplyMessageAttribute.encode`` (SyncCore_ReplyMessageAttribute.swift): i, p, qu (nil), iq."""
    e = Encoder()
    e.int64("i", namespace | (mid << 32))
    e.int64("p", peer)
    e.nil("qu")
    e.bool("iq", False)
    return Encoder().root("ReplyMessageAttribute", e)


def message_key(peer: int, namespace: int, timestamp: int, mid: int) -> bytes:
    return struct.pack(">qiii", peer, namespace, timestamp, mid)


def message_value(stable_id: int, flags: int, author: int | None, text: str, media: list[bytes],
                  forward: dict | None = None, attributes: tuple[bytes, ...] = (), referenced: list = ()) -> bytes:
    return MESSAGE_ENTRY.build(dict(
        type=0, stable_id=stable_id, stable_version=0, data_flags=0, globally_unique_id=None, global_tags=None,
        grouping_key=None, group_info=None, local_tags=None, thread_id=None, flags=flags, tags=0,
        forward_flags=(1 if forward else 0), forward=forward and dict(author_id=forward["author"], date=forward["date"],
                                                                       source_id=None, source_message=None,
                                                                       author_signature=None, psa_type=None, flags=None),
        has_author=1 if author is not None else 0, author_id=author, text=text.encode(),
        attributes=list(attributes), embedded_media=media,
        referenced_media=[dict(namespace=ns, id=i) for ns, i in referenced], rest=b"",
    ))


PEOPLE = [
    (700001, "Marek", "Nowak", "marek_n", "48600100200"),
    (700002, "Ines", None, None, "34611222333"),
    (700003, "Tomás", "Ribeiro", "tribeiro", None),
]
GROUP = (880001, "Lieferung Nord", 4)
#: a secret chat with the second person (its own peer id in namespace 3)
SECRET = (41, 700002)
TEXTS = ["wann kommst du?", "20 min", "ok, bring das Paket", "Adresse wie immer", "🙂 passt", "Geld ist da",
         "nicht am Telefon", "morgen gleiche Zeit"]


def build_postbox(path: Path, *, n_messages: int = 24, seed: int = 7) -> dict:
    """A plain ``db_sqlite`` with peers and messages; returns the manifest of every message."""
    r = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=4")
    con.execute("CREATE TABLE __meta_fulltext_tables (name INTEGER)")
    con.execute("CREATE TABLE t2 (key INTEGER PRIMARY KEY, value BLOB)")
    con.execute("CREATE TABLE t6 (key BLOB PRIMARY KEY, value BLOB)")
    con.execute("CREATE TABLE t7 (key BLOB PRIMARY KEY, value BLOB)")
    # one document shared by two messages (MessageMediaTable.set: a Direct entry with its reference count)
    shared = media_file("Preisliste.pdf", "application/pdf", 48_213)
    shared_id = (0, 5_550_001)
    con.execute("INSERT INTO t6 VALUES (?, ?)", (struct.pack(">iq", *shared_id),
                                                 b"\x00" + struct.pack("<i", len(shared)) + shared + struct.pack("<i", 2)))
    names = {}
    con.execute("INSERT INTO t2 VALUES (?, ?)", (peer_int64(0, ACCOUNT_ID),
                                                 user(ACCOUNT_ID, "Ich", None, "me_account", "4915100000000")))
    for pid, first, last, un, phone in PEOPLE:
        con.execute("INSERT INTO t2 VALUES (?, ?)", (peer_int64(0, pid), user(pid, first, last, un, phone)))
        names[pid] = " ".join(x for x in (first, last) if x)
    gid, title, members = GROUP
    con.execute("INSERT INTO t2 VALUES (?, ?)", (peer_int64(1, gid), group(gid, title, members)))
    sid, regular = SECRET
    con.execute("INSERT INTO t2 VALUES (?, ?)", (peer_int64(3, sid), secret_chat(sid, regular, FIRST_TIME)))
    messages = []
    last_in_chat: dict = {}
    t = FIRST_TIME
    for n in range(n_messages):
        t += r.randint(30, 4000)
        in_group = n % 4 == 3
        in_secret = n % 10 in (1, 6) and not in_group
        person = PEOPLE[n % len(PEOPLE)][0]
        chat_ns, chat = (1, gid) if in_group else (0, person)
        if in_secret:
            person = regular
            chat_ns, chat = 3, sid
        incoming = r.random() < 0.55
        author = person if incoming else ACCOUNT_ID
        kind, text, media = "message", r.choice(TEXTS), []
        attachment = location = None
        if n % 7 == 5:
            text = ""
            media = [media_file(f"IMG_{4000 + n}.jpg", "image/jpeg", 1000 + n)]
            attachment = {"name": f"IMG_{4000 + n}.jpg", "mime_type": "image/jpeg", "size": 1000 + n}
        elif n % 11 == 9:
            text = ""
            location = [52.52 + n / 1000, 13.405]
            media = [media_map(*location)]
        elif n % 9 == 8 and not in_group:
            text = ""
            media = [media_call(9_000_000 + n, 30 + n, False)]
            kind = "call"
        mid = n + 1
        chat_peer = peer_int64(chat_ns, chat)
        reply_to = last_in_chat.get(chat_peer) if text and n % 3 == 2 else None
        attrs = (reply_attribute(chat_peer, 0, reply_to),) if reply_to else ()
        last_in_chat[chat_peer] = mid
        referenced = [shared_id] if n in (13, 22) else []
        if referenced:
            attachment = {"name": "Preisliste.pdf", "mime_type": "application/pdf", "size": 48_213}
        con.execute("INSERT INTO t7 VALUES (?, ?)", (
            message_key(chat_peer, 0, t, mid),
            message_value(1000 + n, FLAG_INCOMING if incoming else 0, author, text, media, attributes=attrs,
                          referenced=referenced)))
        messages.append({
            "locator_key": message_key(peer_int64(chat_ns, chat), 0, t, mid).hex(), "timestamp_raw": t, "kind": kind,
            "direction": "incoming" if incoming else "outgoing", "body": text or None,
            "conversation_id": (f"-{gid}" if in_group else f"secret:{sid}" if in_secret else str(person)),
            "conversation_name": title if in_group else names[person], "secret": in_secret,
            "sender": str(author), "sender_name": names.get(author, "Ich"), "attachment": attachment,
            "location": location, "reply_to": reply_to,
        })
    con.commit()
    con.close()
    return {"account_id": ACCOUNT_ID, "messages": messages}


def write_sample(root: Path, *, seed: int = 7) -> dict:
    """An iOS extraction: ``telegram-data/.tempkey`` and the encrypted ``account-*/postbox/db/db_sqlite``."""
    from ..decoders.sqlcipher import APP_SETTINGS, encrypt_database

    r = random.Random(seed)
    key, salt = bytes(r.randrange(256) for _ in range(32)), bytes(r.randrange(256) for _ in range(16))
    base = root / "private/var/mobile/Containers/Shared/AppGroup/6E5B1C2D-7A1B-4C8E-9F00-00000000A001/telegram-data"
    db = base / f"account-{ACCOUNT_ID * 1000 + 17}/postbox/db/db_sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "db_sqlite"
        manifest = build_postbox(plain, seed=seed)
        db.parent.mkdir(parents=True, exist_ok=True)
        encrypt_database(plain, db, f"x'{(key + salt).hex()}'", APP_SETTINGS["telegram-ios"], seed=seed)
    (base / ".tempkey").write_bytes(key + salt)
    manifest["database"] = str(db.relative_to(root))
    manifest["tempkey"] = (key + salt).hex()
    manifest["tempkey_encrypted_default"] = encode_tempkey_encrypted(key, salt).hex()
    return manifest


def manifest_json(manifest: dict) -> str:
    return json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
