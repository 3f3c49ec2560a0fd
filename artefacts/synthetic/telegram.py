"""Synthetic Telegram for Android extraction: two accounts' ``cache4.db`` and their ``userconfig`` files.

``write_telegram_extraction(dest_dir, seed)`` writes an Android file-system style folder::

    data/data/org.telegram.messenger/files/cache4.db                 account 0
    data/data/org.telegram.messenger/files/account1/cache4.db        account 1
    data/data/org.telegram.messenger/shared_prefs/userconfing.xml    account 0 (sic), key "user"
    data/data/org.telegram.messenger/shared_prefs/userconfig1.xml    account 1
    data/media/0/Android/data/org.telegram.messenger/files/Telegram/Telegram Images/...jpg
    data/media/0/Android/data/org.telegram.messenger/files/Telegram/Telegram Documents/...pdf

and returns a manifest: every event the parser should produce (by source path and locator) with
its time, dialog, direction, sender, text and constructor, so tests compare against what was
written rather than against the parser's own output.

Facts used (sources in ``docs/telegram.md`` and ``plugins/telegram_android.py``):

* Tables come from ``ddl/telegram_android_cache4.sql`` (the project's reference DDL from
  ``MessagesStorage.java``, plus ``media_v4`` from formats.md 4.1); created with SQLite page size
  1024 (not the app's) so that two databases with all 36 tables stay small for the repository.
* ``data`` BLOBs are TL objects encoded from the constructor table of
  :mod:`artefacts.decoders.tl_schema` (official schema lines of layers 109, 138, 166, 192 and 200,
  and Telegram for Android's own ``TL_message_secret`` for secret chats). ``message`` objects are
  followed by the attach-path string ``writeAttachPath`` appends (a space when there is no file);
  ``messageService`` objects are written without it (not verified: see docs/telegram.md).
* Dialog ids: users ``id``, basic groups ``-id``, channels/supergroups ``-id``, secret chats
  ``0x4000000000000000 | id`` (``DialogObject.makeEncryptedDialogId``). Secret-chat messages get
  negative local ids. ``read_state`` bit 0 read, bit 1 media read; ``send_state`` 0 sent;
  ``out`` 1 outgoing; ``date`` Unix seconds; ``users.name``/``chats.name`` lower-case search strings.
* The own account is stored as base64 (76-character lines, Android ``Base64.DEFAULT``) of the
  TL ``User`` under key ``user`` of ``userconfing.xml`` (account 0) / ``userconfigN.xml``.

All content is invented; phone numbers come from ranges reserved for fiction (see ``content``).
"""

from __future__ import annotations

import base64
import sqlite3
import struct
from dataclasses import dataclass, field
from pathlib import Path

from artefacts.decoders import tl
from artefacts.timeconv import UNIX_SECONDS

from . import content as C
from .ddl_loader import check_columns, create, insert_sql

DDL = "telegram_android_cache4.sql"
APP = "data/data/org.telegram.messenger"
MEDIA_ROOT = "data/media/0/Android/data/org.telegram.messenger/files/Telegram"
DEVICE_MEDIA_ROOT = "/storage/emulated/0/Android/data/org.telegram.messenger/files/Telegram"
ENCRYPTED_DIALOG_FLAG = 0x4000000000000000
BASE_DATE = 1709251200  # 2024-03-01T00:00:00Z
FILE_MTIME = 1714564800  # 2024-05-01T12:00:00Z

MESSAGE_COLS = ("mid", "uid", "read_state", "send_state", "date", "data", "out", "ttl", "media", "imp",
                "mention", "forwards", "is_channel", "reply_to_message_id", "group_id")
SPEC = {
    "messages_v2": MESSAGE_COLS,
    "users": ("uid", "name", "status", "data"),
    "chats": ("uid", "name", "data"),
    "enc_chats": ("uid", "user", "name", "data", "g", "authkey", "ttl", "layer", "seq_in", "seq_out",
                  "use_count", "exchange_id", "key_date", "fprint", "fauthkey", "khash", "in_seq_no",
                  "admin_id", "mtproto_seq"),
    "dialogs": ("did", "date", "unread_count", "last_mid", "inbox_max", "outbox_max", "last_mid_i",
                "unread_count_i", "pts", "date_i", "pinned", "flags", "folder_id", "data"),
    "contacts": ("uid", "mutual"),
    "user_contacts_v7": ("key", "uid", "fname", "sname", "imported"),
    "user_phones_v7": ("key", "phone", "sphone", "deleted"),
    "media_v4": ("mid", "uid", "date", "type", "data"),
}


# ---------------------------------------------------------------------------------------------
# A table-driven TL encoder (the constructor table of artefacts.decoders.tl_schema)


def T(name: str, layer=None, **fields) -> dict:
    """A TL object to encode: constructor ``name`` of ``layer`` (needed when layers differ).

    ``_id=0x...`` picks the constructor by id instead (the app's pre-layer-47 classes carry no
    layer number: ``T("message", _id=0x22EB6ABA, ...)`` is ``TL_message_old``)."""
    return {"_": name, "_layer": layer, **fields}


#: the layer of nested objects written without one (the layer of most of the scenario)
DEFAULT_LAYER = 192


def _constructor(obj: dict) -> tl.TLConstructor:
    if obj.get("_id") is not None:
        con = tl.constructor(obj["_id"])
        if con is None or con.name != obj["_"]:
            raise KeyError(f"no constructor {obj['_']}#{obj['_id']:08x}")
        return con
    return tl.find(obj["_"], obj.get("_layer") or DEFAULT_LAYER)


def encode(obj: dict) -> bytes:
    """The boxed TL encoding of ``obj`` (flags computed from which optional fields are set)."""
    con = _constructor(obj)
    conditions = {f.flag for f in con.fields if f.flag is not None}  # "#" fields, or the oldest layers' "flags:int"
    flags: dict[str, int] = {f.name: int(obj.get(f.name) or 0) for f in con.fields
                             if f.type == "#" or f.name in conditions}
    for f in con.fields:
        if f.flag is None:
            continue
        value = obj.get(f.name)
        if (value is True) if f.type == "true" else (value is not None):
            flags[f.flag] |= 1 << f.bit
    out = [struct.pack("<I", con.id)]
    for f in con.fields:
        if f.name in flags:
            out.append(struct.pack("<I", flags[f.name]))
            continue
        if f.flag is not None and (f.type == "true" or not flags[f.flag] >> f.bit & 1):
            continue
        value = obj.get(f.name)
        if value is None:
            raise ValueError(f"{con.name}: field {f.name} is required")
        out.append(_value(f.type, value))
    return b"".join(out)


def _value(ftype: str, value) -> bytes:
    if ftype == "int":
        return struct.pack("<i", value)
    if ftype == "long":
        return struct.pack("<q", value)
    if ftype == "double":
        return struct.pack("<d", value)
    if ftype == "string":
        return tl.TLString.build(value.encode("utf-8"))
    if ftype == "bytes":
        return tl.TLString.build(bytes(value))
    if ftype == "Bool":
        return struct.pack("<I", tl.BOOL_TRUE_ID if value else tl.BOOL_FALSE_ID)
    if ftype.startswith("Vector<"):
        inner = ftype[7:-1]
        return struct.pack("<Ii", tl.VECTOR_ID, len(value)) + b"".join(_value(inner, v) for v in value)
    if ftype[:1].isupper():
        return encode(value)
    raise ValueError(f"cannot encode type {ftype}")


def fill(name: str, layer, **known) -> dict:
    """A ``T(name, layer)`` with ``known`` fields and every other required field filled with the
    smallest value of its type at that layer (0, "", empty vector, the type's ``...Empty``
    constructor or its constructor with fewest required fields): any layer's object from one call."""
    obj = T(name, layer, **known)
    con = _constructor(obj) if known.get("_id") is not None else tl.find(name, layer)
    for f in con.fields:
        if f.flag is not None or f.type == "#" or f.name in known:
            continue
        obj[f.name] = _smallest(f.type, layer)
    return obj


def _smallest(ftype: str, layer):
    if ftype in ("int", "long"):
        return 0
    if ftype == "double":
        return 0.0
    if ftype == "string":
        return ""
    if ftype == "bytes":
        return b""
    if ftype == "Bool":
        return False
    if ftype.startswith(("Vector<", "vector<")):
        return []
    candidates = []
    for name in sorted({c.name for c in tl.table().values() if c.result == ftype}):
        try:
            con = tl.find(name, layer)
        except KeyError:
            continue
        required = sum(1 for f in con.fields if f.flag is None and f.type != "#" and f.type[:1].isupper())
        candidates.append((not name.endswith("Empty"), required, name))
    if not candidates:
        raise ValueError(f"no constructor of {ftype} at layer {layer}")
    return fill(min(candidates)[2], layer)


def attach_trailer(path: str | None, *, secret: bool = False) -> bytes:
    """The string ``writeAttachPath`` appends: the path, else a space (secret chats: empty)."""
    return tl.TLString.build((path or ("" if secret else " ")).encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# People, chats and accounts


@dataclass
class Person:
    id: int
    first: str | None
    last: str | None
    phone: str | None = None  # as Telegram stores it: digits, no '+'
    username: str | None = None
    layer: int = 192
    empty: bool = False

    @property
    def name(self) -> str | None:
        if self.empty:
            return None
        n = " ".join(p for p in (self.first, self.last) if p)
        return n or (("@" + self.username) if self.username else None)

    def tl(self) -> dict:
        if self.empty:
            return T("userEmpty", self.layer, id=self.id)
        status = T("userStatusOffline", was_online=BASE_DATE - 3600)
        fields = dict(id=self.id, access_hash=0x1234567 + self.id, first_name=self.first, last_name=self.last,
                      username=self.username, phone=self.phone, status=status, contact=self.phone is not None)
        return T("user", self.layer, **fields)


@dataclass
class Group:
    id: int
    title: str
    kind: str  # chat, channel, megagroup, chat_forbidden, channel_forbidden, chat_empty
    layer: int = 192
    username: str | None = None

    def tl(self) -> dict:
        photo_empty = T("chatPhotoEmpty")
        if self.kind == "chat":
            return T("chat", self.layer, id=self.id, title=self.title, photo=photo_empty, participants_count=4,
                     date=BASE_DATE - 86400 * 30, version=3)
        if self.kind == "chat_forbidden":
            return T("chatForbidden", self.layer, id=self.id, title=self.title)
        if self.kind == "chat_empty":
            return T("chatEmpty", self.layer, id=self.id)
        if self.kind == "channel_forbidden":
            return T("channelForbidden", self.layer, broadcast=True, id=self.id, access_hash=0xABCDEF + self.id,
                     title=self.title, until_date=None)
        fields = dict(id=self.id, access_hash=0x7777 + self.id, title=self.title, username=self.username,
                      photo=photo_empty, date=BASE_DATE - 86400 * 60, broadcast=self.kind == "channel",
                      megagroup=self.kind == "megagroup", participants_count=None)
        if self.layer == 109:
            fields["version"] = 0
        return T("channel", self.layer, **fields)

    @property
    def dialog(self) -> int:
        return -self.id


@dataclass
class Account:
    index: int
    own: Person
    people: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    secret: dict = field(default_factory=dict)  # enc chat id -> partner Person
    rows: dict = field(default_factory=lambda: {t: [] for t in SPEC})
    expected: list = field(default_factory=list)
    last_mid: dict = field(default_factory=dict)

    @property
    def db_path(self) -> str:
        return f"{APP}/files/cache4.db" if self.index == 0 else f"{APP}/files/account{self.index}/cache4.db"

    @property
    def prefs_path(self) -> str:
        return f"{APP}/shared_prefs/userconfing.xml" if self.index == 0 else f"{APP}/shared_prefs/userconfig{self.index}.xml"

    def name_of(self, uid: int) -> str:
        if uid == self.own.id:
            return self.own.name
        p = self.people.get(uid)
        return (p.name if p else None) or f"user {uid}"

    def dialog_name(self, uid: int) -> str | None:
        if uid & ENCRYPTED_DIALOG_FLAG and uid > 0:
            partner = self.secret[uid & 0xFFFFFFFF]
            return partner.name
        if uid > 0:
            return self.people[uid].name if uid in self.people else None
        g = self.groups.get(-uid)
        return g.title if g else None

    # -- rows and expectations -------------------------------------------------------------
    def add(self, uid: int, obj: dict, date: int, *, out: bool, expect: dict, attach: str | None = None,
            read_state: int = 3, send_state: int = 0, ttl: int = 0, media_type: int | None = None,
            table: str = "messages_v2", mid: int | None = None, media_index: bool = False) -> None:
        mid = obj.get("id") if mid is None else mid
        blob = encode(obj)
        name = obj["_"]
        if name == "message":
            blob += attach_trailer(attach)
        elif name == "message_secret":
            blob += attach_trailer(attach, secret=True)
        group = self.groups.get(-uid) if uid < 0 else None
        is_channel = 1 if group is not None and group.kind in ("channel", "megagroup", "channel_forbidden") else 0
        media = 0 if not obj.get("media") or obj["media"]["_"] == "messageMediaEmpty" else 1
        if table == "messages_v2":
            self.rows["messages_v2"].append((mid, uid, read_state, send_state, date, blob, 1 if out else 0, ttl,
                                             media, 0, 0, 0, is_channel, None, 0))
            if media_index:
                self.rows["media_v4"].append((mid, uid, date, media_type or 0, blob))
            prev = self.last_mid.get(uid)
            if prev is None or date >= prev[1]:
                self.last_mid[uid] = (mid, date)
        else:
            self.rows["media_v4"].append((mid, uid, date, media_type or 0, blob))
        exp = {
            "source_path": self.db_path,
            "locator": f"{table}:mid={mid},uid={uid}",
            "timestamp": UNIX_SECONDS.iso(date),
            "conversation_id": str(uid),
            "conversation_name": self.dialog_name(uid),
            "direction": "outgoing" if out else "incoming",
            "constructor": name,
            "layer": obj.get("_layer"),
        }
        exp.update(expect)
        self.expected.append(exp)


# ---------------------------------------------------------------------------------------------
# The scenario


def int32(value: int) -> int:
    """``(int) value`` in Java: the low 32 bits as a signed int (how Android writes a long id into an int)."""
    return struct.unpack("<i", struct.pack("<I", value & 0xFFFFFFFF))[0]


def _peer(kind: str, ident: int, layer: int = 192) -> dict:
    return T({"user": "peerUser", "chat": "peerChat", "channel": "peerChannel"}[kind], layer,
             **{f"{kind}_id": ident})


def _msg(layer, mid, peer, date, text, *, out=False, from_id=None, **kw) -> dict:
    fields = dict(out=out, id=mid, date=date, message=text, **kw)
    if layer == 109:
        fields.update(from_id=from_id, to_id=peer)
    else:
        fields.update(from_id=from_id, peer_id=peer)
    return T("message", layer, **fields)


def _service(layer, mid, peer, date, action, *, out=False, from_id=None, **kw) -> dict:
    fields = dict(out=out, id=mid, date=date, action=action, **kw)
    if layer == 109:
        fields.update(from_id=from_id, to_id=peer)
    else:
        fields.update(from_id=from_id, peer_id=peer)
    return T("messageService", layer, **fields)


def _fake_jpeg(r, n: int) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(r.getrandbits(8) for _ in range(n)) + b"\xff\xd9"


def _fake_pdf(r) -> bytes:
    body = "".join(r.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(600))
    return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + body + "\n%%EOF\n").encode("ascii")


def _account0(r, base: int, files: dict) -> Account:
    own = Person(5000000001, "Alex", "Example", "447700900001", "alex_example")
    acc = Account(0, own)
    u1 = Person(5000000101, "Zoë", "Müller", "493023125101")
    u2 = Person(5000000102, "José", "Álvarez", "16175550102", "jose_a")
    u3 = Person(5000000103, "Анна", "Иванова", None, "anna_iv")
    u4 = Person(5000000104, None, None, empty=True)
    u5 = Person(5000000105, "Søren", "Ødegård", "4930231251 07".replace(" ", ""), layer=166)
    old = Person(123456789, "Old", "Friend", "447700900123", layer=109)
    for p in (own, u1, u2, u3, u4, u5, old):
        acc.people[p.id] = p
    book = Group(4000000201, "Book club 📚", "chat")
    legacy = Group(300000205, "Legacy group", "chat", layer=109)
    gone = Group(4000000202, "Old group", "chat_forbidden")
    news = Group(1700000301, "Daily News 📰", "channel", username="dailynews_example")
    hood = Group(1700000302, "Neighbours", "megagroup", layer=166)
    closed = Group(1700000303, "Closed channel", "channel_forbidden")
    oldchan = Group(1100000304, "Old channel", "channel", layer=109)
    climb = Group(1700000305, "Climbing crew", "megagroup", layer=200)
    empty = Group(4000000299, "", "chat_empty")
    for g in (book, legacy, gone, news, hood, closed, oldchan, climb, empty):
        acc.groups[g.id] = g
    acc.secret[91] = u2

    t = base
    def tick(seconds=97):  # noqa: E306 - a small clock
        nonlocal t
        t += seconds
        return t

    me = own.id
    P = lambda uid, layer=192: _peer("user", uid, layer)  # noqa: E731
    sname = own.name

    # ---- private chat with Zoë (layer 192 messages, every media type) ----------------------
    d = u1.id
    acc.add(d, _msg(192, 1, P(d), tick(), "Hi Alex! Are we still on for Friday? 🍕"), t, out=False,
            expect=dict(kind="message", body="Hi Alex! Are we still on for Friday? 🍕", sender=str(d), sender_name=u1.name))
    acc.add(d, _msg(192, 2, P(d), tick(), "Yes! 7pm at Luigi's.", out=True, from_id=P(me),
                    reply_to=T("messageReplyHeader", 192, reply_to_msg_id=1)), t, out=True,
            expect=dict(kind="message", body="Yes! 7pm at Luigi's.", sender=str(me), sender_name=sname, reply_to_msg_id=1))
    photo_name = "IMG_20240301_101500_123.jpg"
    files[f"{MEDIA_ROOT}/Telegram Images/{photo_name}"] = _fake_jpeg(r, 1500)
    photo = T("photo", 192, id=6001, access_hash=77, file_reference=b"\x02\x10ref", date=t, dc_id=4,
              sizes=[T("photoStrippedSize", type="i", bytes=b"\x01\x28\x1e\x00\x11"),
                     T("photoSize", 192, type="m", w=320, h=240, size=15234),
                     T("photoSizeProgressive", 192, type="y", w=1280, h=960, sizes=[10000, 40000, 98765])])
    acc.add(d, _msg(192, 3, P(d), tick(), "Look at this view", out=True, from_id=P(me),
                    media=T("messageMediaPhoto", 192, photo=photo)), t, out=True, media_index=True, media_type=0,
            attach=f"{DEVICE_MEDIA_ROOT}/Telegram Images/{photo_name}",
            expect=dict(kind="message", body="Look at this view", sender=str(me), sender_name=sname, media_type="photo",
                        attachment=photo_name, attachment_sha256=True))
    pdf = "Rechnung_2024.pdf"
    files[f"{MEDIA_ROOT}/Telegram Documents/{pdf}"] = _fake_pdf(r)
    doc = T("document", 192, id=7001, access_hash=88, file_reference=b"\x02ref", date=t, mime_type="application/pdf",
            size=48213, dc_id=4, attributes=[T("documentAttributeFilename", file_name=pdf)])
    acc.add(d, _msg(192, 4, P(d), tick(), "", out=True, from_id=P(me),
                    media=T("messageMediaDocument", 192, document=doc)), t, out=True, media_index=True, media_type=1,
            attach=f"{DEVICE_MEDIA_ROOT}/Telegram Documents/{pdf}",
            expect=dict(kind="message", body=None, sender=str(me), sender_name=sname, media_type="document",
                        attachment=pdf, attachment_sha256=True))
    voice = T("document", 192, id=7002, access_hash=89, file_reference=b"", date=t, mime_type="audio/ogg", size=20480,
              dc_id=2, attributes=[T("documentAttributeAudio", voice=True, duration=12, waveform=b"\x00\x11\x22")])
    acc.add(d, _msg(192, 5, P(d), tick(), "", media_unread=True,
                    media=T("messageMediaDocument", 192, voice=True, document=voice)), t, out=False, read_state=1,
            expect=dict(kind="message", body=None, sender=str(d), sender_name=u1.name, media_type="voice"))
    acc.add(d, _msg(192, 6, P(d), tick(), "Your parcel 4711 is on its way",
                    fwd_from=T("messageFwdHeader", 192, from_name="Parcel Service", date=base - 7200)), t, out=False,
            expect=dict(kind="message", body="Your parcel 4711 is on its way", sender=str(d), sender_name=u1.name,
                        forwarded_from_name="Parcel Service"))
    sent = tick()
    acc.add(d, _msg(192, 7, P(d), sent, "See you at 7:30 (edited)", out=True, from_id=P(me), edit_date=sent + 120),
            sent, out=True, expect=dict(kind="message", body="See you at 7:30 (edited)", sender=str(me), sender_name=sname,
                                         edit_date=UNIX_SECONDS.iso(sent + 120)))
    geo = T("geoPoint", 192, long=13.404954, lat=52.520008, access_hash=5, accuracy_radius=None)
    acc.add(d, _msg(192, 8, P(d), tick(), "", media=T("messageMediaGeo", geo=geo)), t, out=False,
            expect=dict(kind="message", body="[Location] 52.520008, 13.404954", sender=str(d), sender_name=u1.name,
                        media_type="location"))
    venue = T("messageMediaVenue", geo=T("geoPoint", 192, long=2.294481, lat=48.858370, access_hash=6),
              title="Tour Eiffel", address="Champ de Mars, Paris", provider="foursquare", venue_id="4adcda", venue_type="")
    acc.add(d, _msg(192, 9, P(d), tick(), "", out=True, from_id=P(me), media=venue), t, out=True,
            expect=dict(kind="message", body="[Venue] Tour Eiffel, Champ de Mars, Paris (48.858370, 2.294481)",
                        sender=str(me), sender_name=sname, media_type="venue"))
    contact = T("messageMediaContact", 192, phone_number="+16175550142", first_name="Dr.", last_name="Who?",
                vcard="BEGIN:VCARD\nVERSION:3.0\nFN:Dr. Who?\nTEL:+16175550142\nEND:VCARD", user_id=0)
    acc.add(d, _msg(192, 10, P(d), tick(), "", media=contact), t, out=False,
            expect=dict(kind="message", body="[Contact] Dr. Who?, +16175550142", sender=str(d), sender_name=u1.name,
                        media_type="contact"))
    url = "https://example.org/menu"
    text = f"Menu is here: {url}"
    page = T("webPage", id=9001, url=url, display_url="example.org/menu", hash=0, type="article",
             site_name="Example", title="Luigi's menu", description="Pizza and pasta")
    acc.add(d, _msg(192, 11, P(d), tick(), text, entities=[T("messageEntityUrl", offset=14, length=len(url))],
                    media=T("messageMediaWebPage", 192, webpage=page)), t, out=False,
            expect=dict(kind="message", body=text, sender=str(d), sender_name=u1.name, media_type="link preview"))
    q = T("textWithEntities", text="Which day?", entities=[])
    poll = T("poll", 192, id=555, question=q, answers=[
        T("pollAnswer", 192, text=T("textWithEntities", text="Friday", entities=[]), option=b"0"),
        T("pollAnswer", 192, text=T("textWithEntities", text="Saturday", entities=[]), option=b"1")])
    results = T("pollResults", 192, results=[T("pollAnswerVoters", chosen=True, option=b"0", voters=2),
                                             T("pollAnswerVoters", option=b"1", voters=1)], total_voters=3)
    acc.add(d, _msg(192, 12, P(d), tick(), "", out=True, from_id=P(me), media=T("messageMediaPoll", poll=poll, results=results)),
            t, out=True, expect=dict(kind="message", body="[Poll] Which day? (Friday / Saturday)", sender=str(me),
                                     sender_name=sname, media_type="poll"))
    acc.add(d, _msg(192, 13, P(d), tick(), "", media=T("messageMediaDice", value=4, emoticon="🎲")), t, out=False,
            expect=dict(kind="message", body="[Dice] 🎲 4", sender=str(d), sender_name=u1.name, media_type="dice"))
    acc.add(d, _msg(192, 14, P(d), tick(), "", media=T("messageMediaStory", 192, peer=P(d), id=17)), t, out=False,
            expect=dict(kind="message", body="[Story] 17", sender=str(d), sender_name=u1.name, media_type="story"))
    live = T("messageMediaGeoLive", 192, geo=T("geoPoint", 192, long=-0.1276, lat=51.5072, access_hash=7), period=900)
    acc.add(d, _msg(192, 15, P(d), tick(), "", media=live), t, out=False,
            expect=dict(kind="message", body="[Live location] 51.507200, -0.127600", sender=str(d), sender_name=u1.name,
                        media_type="live location"))
    call = T("messageActionPhoneCall", call_id=0x1122334455, reason=T("phoneCallDiscardReasonHangup"), duration=125)
    acc.add(d, _service(192, 16, P(d), tick(), call, out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="call", body="Voice call, outgoing, 2 min 5 s", sender=str(me), sender_name=sname,
                        status="answered", duration_s=125))
    call = T("messageActionPhoneCall", call_id=0x1122334466, reason=T("phoneCallDiscardReasonMissed"))
    acc.add(d, _service(192, 17, P(d), tick(3600), call, from_id=P(d)), t, out=False, read_state=0,
            expect=dict(kind="call", body="Voice call, incoming, missed", sender=str(d), sender_name=u1.name, status="missed"))
    call = T("messageActionPhoneCall", video=True, call_id=0x1122334477, reason=T("phoneCallDiscardReasonHangup"), duration=61)
    acc.add(d, _service(192, 18, P(d), tick(), call, from_id=P(d)), t, out=False,
            expect=dict(kind="call", body="Video call, incoming, 1 min 1 s", sender=str(d), sender_name=u1.name,
                        status="answered", duration_s=61))
    long_text = ("This is a long message to check the 254-prefixed TL string form. " * 6).strip()
    assert len(long_text.encode()) > 253
    acc.add(d, _msg(192, 19, P(d), tick(), long_text,
                    reactions=T("messageReactions", 192, results=[
                        T("reactionCount", 192, reaction=T("reactionEmoji", emoticon="👍"), count=2)])), t, out=False,
            expect=dict(kind="message", body=long_text, sender=str(d), sender_name=u1.name))
    acc.add(d, _msg(200, 20, P(d), tick(), "Sent from the newest app (layer 200) ✔️", offline=True), t, out=False,
            expect=dict(kind="message", body="Sent from the newest app (layer 200) ✔️", sender=str(d), sender_name=u1.name))
    call = T("messageActionPhoneCall", call_id=0x1122334488, reason=T("phoneCallDiscardReasonBusy"))
    acc.add(d, _service(200, 21, P(d), tick(), call, out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="call", body="Voice call, outgoing, busy", sender=str(me), sender_name=sname, status="busy"))
    # a photo message that is only left in the shared-media index
    orphan = T("photo", 192, id=6002, access_hash=78, file_reference=b"", date=base - 86400, dc_id=4,
               sizes=[T("photoSize", 192, type="x", w=800, h=600, size=51234)])
    acc.add(d, _msg(192, 9999, P(d), base - 86400, "Holiday picture", media=T("messageMediaPhoto", 192, photo=orphan)),
            base - 86400, out=False, table="media_v4", media_type=0,
            expect=dict(kind="message", body="Holiday picture", sender=str(d), sender_name=u1.name, media_type="photo"))

    # ---- private chat with José: an empty message slot ------------------------------------
    d = u2.id
    acc.add(d, _msg(192, 1, P(d), tick(), "¿Llegas a tiempo? 😅"), t, out=False,
            expect=dict(kind="message", body="¿Llegas a tiempo? 😅", sender=str(d), sender_name=u2.name))
    acc.add(d, T("messageEmpty", 192, id=2, peer_id=P(d)), tick(), out=False,
            expect=dict(kind="other", body=None, sender=str(d), sender_name=u2.name))

    # ---- private chat with Анна: layers 166 and 138 ---------------------------------------
    d = u3.id
    acc.add(d, _msg(166, 1, P(d), tick(), "Привет! Как дела?", from_id=P(d)), t, out=False,
            expect=dict(kind="message", body="Привет! Как дела?", sender=str(d), sender_name=u3.name))
    video = T("document", 166, id=7101, access_hash=90, file_reference=b"r", date=t, mime_type="video/mp4", size=1048576,
              dc_id=2, attributes=[T("documentAttributeVideo", 166, supports_streaming=True, duration=14.5, w=720, h=1280),
                                   T("documentAttributeFilename", file_name="VID_20240302.mp4")])
    acc.add(d, _msg(166, 2, P(d), tick(), "Смотри!", from_id=P(d), media=T("messageMediaDocument", 166, document=video),
                    reply_to=T("messageReplyHeader", 166, reply_to_msg_id=1),
                    reactions=T("messageReactions", 166, results=[
                        T("reactionCount", 166, reaction=T("reactionEmoji", emoticon="❤️"), count=1)])),
            t, out=False, expect=dict(kind="message", body="Смотри!", sender=str(d), sender_name=u3.name,
                                      media_type="video", attachment="VID_20240302.mp4", reply_to_msg_id=1))
    call = T("messageActionPhoneCall", video=True, call_id=0x99, reason=T("phoneCallDiscardReasonDisconnect"), duration=5)
    acc.add(d, _service(166, 3, P(d), tick(), call, out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="call", body="Video call, outgoing, disconnected", sender=str(me), sender_name=sname,
                        status="disconnected"))
    mp3 = T("document", 138, id=7201, access_hash=91, file_reference=b"", date=t, mime_type="audio/mpeg", size=3456789,
            dc_id=2, attributes=[T("documentAttributeAudio", duration=215, title="Song", performer="Band"),
                                 T("documentAttributeFilename", file_name="song.mp3")])
    acc.add(d, _msg(138, 4, P(d, 138), tick(), "Песня", from_id=P(d, 138), media=T("messageMediaDocument", 138, document=mp3),
                    reply_to=T("messageReplyHeader", 138, reply_to_msg_id=2)), t, out=False,
            expect=dict(kind="message", body="Песня", sender=str(d), sender_name=u3.name, media_type="audio",
                        attachment="song.mp3", reply_to_msg_id=2))

    # ---- private chat with an old friend: layer 109 (32-bit ids, to_id) ---------------------
    d = old.id
    acc.add(d, _msg(109, 1, P(d, 109), tick(), "Long time no see!", from_id=d), t, out=False,
            expect=dict(kind="message", body="Long time no see!", sender=str(d), sender_name=old.name))
    ophoto = T("photo", 109, id=6101, access_hash=79, file_reference=b"", date=t, dc_id=2,
               sizes=[T("photoSize", 109, type="s", location=T("fileLocationToBeDeprecated", volume_id=1, local_id=2),
                        w=90, h=67, size=1234)])
    acc.add(d, _msg(109, 2, P(d, 109), tick(), "Old photo", from_id=d, media=T("messageMediaPhoto", 109, photo=ophoto),
                    fwd_from=T("messageFwdHeader", 109, from_id=d, date=base - 86400 * 400)), t, out=False,
            expect=dict(kind="message", body="Old photo", sender=str(d), sender_name=old.name, media_type="photo",
                        forwarded_from_name=old.name))
    acc.add(d, _msg(109, 3, P(d, 109), tick(), "Here is the song", out=True, from_id=int32(me),
                    media=T("messageMediaDocument", 109, document=T(
                        "document", 109, id=7301, access_hash=92, file_reference=b"", date=t, mime_type="audio/mpeg",
                        size=12345, dc_id=2, attributes=[T("documentAttributeFilename", file_name="old_song.mp3")]))),
            t, out=True, expect=dict(kind="message", body="Here is the song", sender=str(me), sender_name=sname,
                                     media_type="document", attachment="old_song.mp3"))
    call = T("messageActionPhoneCall", call_id=0x77, reason=T("phoneCallDiscardReasonMissed"))
    acc.add(d, _service(109, 4, P(d, 109), tick(), call, from_id=d), t, out=False,
            expect=dict(kind="call", body="Voice call, incoming, missed", sender=str(d), sender_name=old.name, status="missed"))

    # ---- basic group (layer 192 service actions) --------------------------------------------
    g = book.dialog
    C_ = lambda: _peer("chat", book.id)  # noqa: E731
    acc.add(g, _service(192, 1, C_(), tick(), T("messageActionChatCreate", 192, title=book.title, users=[u1.id, u2.id]),
                        out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="system", body=f"{sname} created the group «{book.title}» with {u1.name}, {u2.name}",
                        sender=str(me), sender_name=sname))
    acc.add(g, _msg(192, 2, C_(), tick(), "Welcome everyone! 📖", from_id=P(u1.id)), t, out=False,
            expect=dict(kind="message", body="Welcome everyone! 📖", sender=str(u1.id), sender_name=u1.name))
    acc.add(g, _service(192, 3, C_(), tick(), T("messageActionChatEditTitle", title="Book club 📚 2024"), from_id=P(u2.id)),
            t, out=False, expect=dict(kind="system", body=f"{u2.name} changed the group name to «Book club 📚 2024»",
                                      sender=str(u2.id), sender_name=u2.name))
    acc.add(g, _service(192, 4, C_(), tick(), T("messageActionChatAddUser", 192, users=[u3.id]), out=True, from_id=P(me)),
            t, out=True, expect=dict(kind="system", body=f"{sname} added {u3.name}", sender=str(me), sender_name=sname))
    acc.add(g, _service(192, 5, C_(), tick(), T("messageActionChatJoinedByLink", 192, inviter_id=me), from_id=P(u5.id)),
            t, out=False, expect=dict(kind="system", body=f"{u5.name} joined the group via an invite link of {sname}",
                                      sender=str(u5.id), sender_name=u5.name))
    acc.add(g, _service(192, 6, C_(), tick(), T("messageActionChatDeleteUser", 192, user_id=u3.id), from_id=P(u3.id)),
            t, out=False, expect=dict(kind="system", body=f"{u3.name} left the group", sender=str(u3.id), sender_name=u3.name))
    acc.add(g, _service(192, 7, C_(), tick(), T("messageActionChatDeleteUser", 192, user_id=u4.id), out=True, from_id=P(me)),
            t, out=True, expect=dict(kind="system", body=f"{sname} removed user {u4.id}", sender=str(me), sender_name=sname))
    acc.add(g, _service(192, 8, C_(), tick(), T("messageActionPinMessage"), from_id=P(u1.id),
                        reply_to=T("messageReplyHeader", 192, reply_to_msg_id=2)), t, out=False,
            expect=dict(kind="system", body=f"{u1.name} pinned message 2", sender=str(u1.id), sender_name=u1.name))
    acc.add(g, _msg(192, 9, C_(), tick(), "Next book: Solaris", out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="message", body="Next book: Solaris", sender=str(me), sender_name=sname))

    # ---- legacy group (layer 109: Vector<int> users) ---------------------------------------
    g = legacy.dialog
    L_ = lambda: _peer("chat", legacy.id, 109)  # noqa: E731
    acc.add(g, _service(109, 1, L_(), tick(), T("messageActionChatCreate", 109, title=legacy.title, users=[old.id]),
                        from_id=old.id), t, out=False,
            expect=dict(kind="system", body=f"{old.name} created the group «{legacy.title}» with {old.name}",
                        sender=str(old.id), sender_name=old.name))
    acc.add(g, _service(109, 2, L_(), tick(), T("messageActionChatAddUser", 109, users=[old.id]), from_id=old.id), t,
            out=False, expect=dict(kind="system", body=f"{old.name} joined the group", sender=str(old.id), sender_name=old.name))
    acc.add(g, _msg(109, 3, L_(), tick(), "Anyone still here?", from_id=old.id), t, out=False,
            expect=dict(kind="message", body="Anyone still here?", sender=str(old.id), sender_name=old.name))
    acc.add(g, _service(109, 4, L_(), tick(), T("messageActionChatDeleteUser", 109, user_id=old.id), from_id=old.id), t,
            out=False, expect=dict(kind="system", body=f"{old.name} left the group", sender=str(old.id), sender_name=old.name))

    # ---- broadcast channel -----------------------------------------------------------------
    g = news.dialog
    N_ = lambda: _peer("channel", news.id)  # noqa: E731
    acc.add(g, _service(192, 1, N_(), tick(), T("messageActionChannelCreate", title=news.title), post=True), t, out=False,
            expect=dict(kind="system", body=f"Channel «{news.title}» created", sender=f"-{news.id}", sender_name=news.title))
    markup = T("replyInlineMarkup", rows=[T("keyboardButtonRow", buttons=[
        T("keyboardButtonUrl", text="Read more", url="https://example.com/news/1")])])
    acc.add(g, _msg(192, 2, N_(), tick(), "Breaking: local library extends opening hours", post=True, views=1532,
                    forwards=12, post_author="Editor", reply_markup=markup), t, out=False,
            expect=dict(kind="message", body="Breaking: local library extends opening hours", sender=f"-{news.id}",
                        sender_name=news.title))
    acc.add(g, _msg(192, 3, N_(), tick(), "Weather tomorrow: sunny ☀️", post=True, views=880, forwards=3), t, out=False,
            expect=dict(kind="message", body="Weather tomorrow: sunny ☀️", sender=f"-{news.id}", sender_name=news.title))

    # ---- supergroup (layer 166 objects) ----------------------------------------------------
    g = hood.dialog
    H_ = lambda: _peer("channel", hood.id)  # noqa: E731
    acc.add(g, _msg(166, 1, H_(), tick(), "Lost cat near the bakery 🐈", from_id=P(u5.id)), t, out=False,
            expect=dict(kind="message", body="Lost cat near the bakery 🐈", sender=str(u5.id), sender_name=u5.name))
    acc.add(g, _msg(166, 2, H_(), tick(), "I saw it this morning!", out=True, from_id=P(me),
                    reply_to=T("messageReplyHeader", 166, reply_to_msg_id=1)), t, out=True,
            expect=dict(kind="message", body="I saw it this morning!", sender=str(me), sender_name=sname, reply_to_msg_id=1))
    acc.add(g, _service(166, 3, H_(), tick(), T("messageActionPinMessage"), from_id=P(u5.id),
                        reply_to=T("messageReplyHeader", 166, reply_to_msg_id=1)), t, out=False,
            expect=dict(kind="system", body=f"{u5.name} pinned message 1", sender=str(u5.id), sender_name=u5.name))

    # ---- supergroup of layer 200 and an old layer-109 channel ------------------------------
    g = climb.dialog
    acc.add(g, _msg(200, 1, _peer("channel", climb.id), tick(), "Bouldering on Sunday?", from_id=P(u1.id)), t, out=False,
            expect=dict(kind="message", body="Bouldering on Sunday?", sender=str(u1.id), sender_name=u1.name))
    acc.add(g, _service(200, 2, _peer("channel", climb.id), tick(),
                        T("messageActionChatAddUser", 192, users=[me]), out=True, from_id=P(me)), t, out=True,
            expect=dict(kind="system", body=f"{sname} joined the group", sender=str(me), sender_name=sname))
    g = oldchan.dialog
    acc.add(g, _msg(109, 1, _peer("channel", oldchan.id, 109), tick(), "Archive post from 2019", post=True, views=42), t,
            out=False, expect=dict(kind="message", body="Archive post from 2019", sender=f"-{oldchan.id}",
                                   sender_name=oldchan.title))

    # ---- secret chat with José (Android's TL_message_secret) -------------------------------
    sd = ENCRYPTED_DIALOG_FLAG | 91
    acc.add(sd, T("message_secret", "android", out=True, id=-1, ttl=15, from_id=int32(me), peer_id=P(u2.id),
                  date=tick(), message="This chat self-destructs 🔒", media=T("messageMediaEmpty"), entities=[]),
            t, out=True, ttl=15, expect=dict(kind="message", body="This chat self-destructs 🔒", sender=str(me),
                                             sender_name=sname, self_destruct_s=15))
    acc.add(sd, T("message_secret", "android", id=-2, ttl=15, from_id=int32(u2.id), peer_id=P(me), date=tick(),
                  message="Understood.", media=T("messageMediaEmpty"), entities=[]),
            t, out=False, ttl=15, expect=dict(kind="message", body="Understood.", sender=str(u2.id), sender_name=u2.name,
                                              self_destruct_s=15))

    # ---- contacts and the phone book --------------------------------------------------------
    acc.rows["contacts"] += [(u1.id, 1), (u2.id, 0), (old.id, 1)]
    for uid in (u1.id, u2.id, old.id):
        p = acc.people[uid]
        phone = "+" + p.phone
        acc.expected.append({"source_path": acc.db_path, "locator": f"contacts:uid={uid}", "kind": "contact",
                             "timestamp": None, "sender": phone, "sender_name": p.name, "body": f"{p.name} ({phone})"})
    book_rows = [("1", u1.id, "Zoë", "Müller", 1, [("+49 30 23125101", "493023125101", 0)]),
                 ("2", 0, "Pizza 🍕", "", 0, [("+1 (212) 555-0142", "12125550142", 0), ("030 23125999", "493023125999", 1)]),
                 ("3", u2.id, "José", "Álvarez", 1, [("(617) 555-0102", "16175550102", 0)])]
    for key, uid, fname, sname2, imported, phones in book_rows:
        acc.rows["user_contacts_v7"].append((key, uid, fname, sname2, imported))
        for ph, sph, deleted in phones:
            acc.rows["user_phones_v7"].append((key, ph, sph, deleted))
        live_phones = [ph for ph, _s, dl in phones if not dl]
        name = " ".join(p for p in (fname, sname2) if p)
        acc.expected.append({"source_path": acc.db_path, "locator": f"user_contacts_v7:key={key}", "kind": "contact",
                             "timestamp": None, "sender": live_phones[0], "sender_name": name,
                             "body": f"{name} ({', '.join(live_phones)})"})
    return acc


def _account1(r, base: int, files: dict) -> Account:
    own = Person(5000000002, "Sam", "Sample", "447700900002", "sam_sample")
    acc = Account(1, own)
    jose = Person(5000000102, "José", "Álvarez", "16175550102", "jose_a")
    zoe = Person(5000000101, "Zoë", "Müller", "493023125101")
    for p in (own, jose, zoe):
        acc.people[p.id] = p
    fam = Group(4000000401, "Family 👨‍👩‍👧", "chat")
    acc.groups[fam.id] = fam
    me, sname = own.id, own.name
    t = base + 86400 * 3
    P = lambda uid: _peer("user", uid)  # noqa: E731
    d = jose.id
    acc.add(d, _msg(192, 1, P(d), t + 10, "Sam, do you have the keys?"), t + 10, out=False,
            expect=dict(kind="message", body="Sam, do you have the keys?", sender=str(d), sender_name=jose.name))
    acc.add(d, _msg(192, 2, P(d), t + 70, "Yes, under the mat.", out=True, from_id=P(me)), t + 70, out=True, read_state=1,
            expect=dict(kind="message", body="Yes, under the mat.", sender=str(me), sender_name=sname))
    call = T("messageActionPhoneCall", call_id=0xABC, reason=T("phoneCallDiscardReasonHangup"), duration=45)
    acc.add(d, _service(192, 3, P(d), t + 200, call, from_id=P(d)), t + 200, out=False,
            expect=dict(kind="call", body="Voice call, incoming, 45 s", sender=str(d), sender_name=jose.name,
                        status="answered", duration_s=45))
    g = fam.dialog
    acc.add(g, _service(192, 1, _peer("chat", fam.id), t + 300,
                        T("messageActionChatCreate", 192, title=fam.title, users=[jose.id, zoe.id]), out=True, from_id=P(me)),
            t + 300, out=True, expect=dict(kind="system", body=f"{sname} created the group «{fam.title}» with {jose.name}, {zoe.name}",
                                           sender=str(me), sender_name=sname))
    acc.add(g, _msg(192, 2, _peer("chat", fam.id), t + 360, "Dinner at 8 🍝", from_id=P(zoe.id)), t + 360, out=False,
            expect=dict(kind="message", body="Dinner at 8 🍝", sender=str(zoe.id), sender_name=zoe.name))
    acc.rows["contacts"].append((jose.id, 1))
    acc.expected.append({"source_path": acc.db_path, "locator": f"contacts:uid={jose.id}", "kind": "contact",
                         "timestamp": None, "sender": "+" + jose.phone, "sender_name": jose.name,
                         "body": f"{jose.name} (+{jose.phone})"})
    return acc


# ---------------------------------------------------------------------------------------------
# Writing


def _finish_rows(acc: Account) -> None:
    """users, chats, enc_chats and dialogs rows for what the account's messages use."""
    for p in sorted(acc.people.values(), key=lambda p: p.id):
        search = " ".join(x for x in (p.first, p.last) if x).lower()
        if p.username:
            search += ";;;" + p.username.lower()
        acc.rows["users"].append((p.id, search, 0 if p.empty else BASE_DATE - 3600, encode(p.tl())))
    for g in sorted(acc.groups.values(), key=lambda g: g.id):
        acc.rows["chats"].append((g.id, g.title.lower(), encode(g.tl())))
    for chat_id, partner in sorted(acc.secret.items()):
        enc = T("encryptedChat", 192, id=chat_id, access_hash=0x5151, date=BASE_DATE, admin_id=acc.own.id,
                participant_id=partner.id, g_a_or_b=bytes(range(32)), key_fingerprint=0x0BADF00D)
        acc.rows["enc_chats"].append((chat_id, partner.id, (partner.name or "").lower(), encode(enc), b"", bytes(256),
                                      15, 144, 2, 3, 0, 0, BASE_DATE, 0x0BADF00D, None, None, 1, acc.own.id, 0))
    for uid, (mid, date) in sorted(acc.last_mid.items()):
        acc.rows["dialogs"].append((uid, date, 0, mid, mid, mid, mid, 0, 0, date, 0, 0, 0, None))


def build_cache4(path: Path, acc: Account) -> None:
    """Create ``cache4.db`` at ``path`` from the DDL and the account's rows (page size 1024)."""
    check_columns(DDL, SPEC)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        if p.exists():
            p.unlink()
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA page_size=1024")
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("BEGIN")
        create(conn, DDL, "tables")
        for table, cols in SPEC.items():
            conn.executemany(insert_sql(table, cols), acc.rows[table])
        create(conn, DDL, "after")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()


def userconfig_xml(own: Person) -> bytes:
    """``shared_prefs/userconfing.xml``: the own ``User`` as Android ``Base64.DEFAULT`` text."""
    b64 = base64.b64encode(encode(own.tl())).decode("ascii")
    wrapped = "\n".join(b64[i : i + 76] for i in range(0, len(b64), 76)) + "\n"
    return (
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
        f'    <string name="user">{wrapped}</string>\n'
        '    <int name="lastSendMessageId" value="-210000" />\n'
        '    <boolean name="registeredForPush" value="true" />\n'
        "</map>\n"
    ).encode("utf-8")


def write_telegram_extraction(dest_dir, seed: int = 0) -> dict:
    """Write the extraction folder under ``dest_dir``; returns the manifest of expected events."""
    import os

    dest = Path(dest_dir)
    r = C.rng(seed, "telegram")
    base = BASE_DATE + r.randrange(0, 14) * 86400
    files: dict[str, bytes] = {}
    accounts = [_account0(r, base, files), _account1(r, base, files)]
    for acc in accounts:
        _finish_rows(acc)
        build_cache4(dest / acc.db_path, acc)
        files[acc.prefs_path] = userconfig_xml(acc.own)
    for rel, data in sorted(files.items()):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel in [a.db_path for a in accounts] + sorted(files):
        os.utime(dest / rel, (FILE_MTIME, FILE_MTIME))
    events = [e for acc in accounts for e in acc.expected]
    return {
        "seed": seed,
        "databases": [acc.db_path for acc in accounts],
        "accounts": {acc.db_path: {"user_id": acc.own.id, "name": acc.own.name, "phone": "+" + acc.own.phone,
                                   "prefs": acc.prefs_path} for acc in accounts},
        "files": sorted(files),
        "events": events,
        "counts": {
            "messages": sum(1 for e in events if e["kind"] == "message"),
            "system": sum(1 for e in events if e["kind"] == "system"),
            "calls": sum(1 for e in events if e["kind"] == "call"),
            "contacts": sum(1 for e in events if e["kind"] == "contact"),
            "other": sum(1 for e in events if e["kind"] == "other"),
        },
    }


def main(argv=None) -> None:
    """``python -m artefacts.synthetic.telegram DEST [SEED]``: write the extraction, print the counts."""
    import shutil
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        raise SystemExit("usage: python -m artefacts.synthetic.telegram DEST_DIR [SEED]")
    dest = Path(args[0])
    seed = int(args[1]) if len(args) > 1 else 2024
    if dest.exists():
        shutil.rmtree(dest)
    manifest = write_telegram_extraction(dest, seed)
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"{dest}: {manifest['counts']}, {size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
