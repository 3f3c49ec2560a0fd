"""Synthetic WhatsApp databases: Android ``msgstore.db`` (legacy and current) + ``wa.db``, iOS
``ChatStorage.sqlite`` + ``ContactsV2.sqlite``.

Schemas (verbatim copies in ``ddl/``, source headers inside):

* ``whatsapp_android_msgstore_2018.sql`` -- legacy ``messages`` table, read from the real
  ``corpus/other/lab-whatsapp/msgstore.db``;
* ``whatsapp_android_msgstore_2021.sql`` -- the Dec 2021 *transitional* file
  (``corpus/other/Sqlite3-restore-deleted-records``): legacy ``messages`` beside the normalised
  ``message``/``chat``/``jid`` and side tables. ``schema="current"`` writes the normalised tables
  and leaves ``messages`` empty -- what a device looks like once its migration has finished;
* ``whatsapp_android_wa_db.sql`` (real ``wa.db`` of the lab device);
* ``whatsapp_ios_chatstorage_2022.sql`` (real iOS 15 device, schema only),
  ``whatsapp_ios_contactsv2.sql`` (mvt's ContactsV2 fixture) and ``whatsapp_ios_callhistory.sql``
  (the real ``CallHistory.sqlite`` of iLEAPP's iOS 15 test case, schema only).

Values follow what the real files and the parsers that read them show (see
``plugins/whatsapp_android.py`` and ``plugins/whatsapp_ios.py`` for the sources of each code):

* times in ms since 1970; -1 for "unset" in legacy rows (lab file); incoming ``timestamp`` is the
  server's whole second and ``received_timestamp`` the device's arrival time with ms, outgoing
  rows have ``receipt_server_timestamp`` on a whole second (both real files);
* the first row of ``messages``/``message`` is the placeholder (``key_remote_jid``/``key_id``
  ``-1``, ``chat_row_id`` -1) both real files start with;
* ``message_type``/``media_wa_type`` 0 text, 1 image, 2 audio, 3 video, 4 contact, 5 location,
  7 system (legacy: ``status`` 6 with the action in ``media_size``), 9 document, 15 deleted,
  16 live location; legacy calls are ``messages`` rows with ``status`` 6, ``media_wa_type`` 8 (10
  missed), ``key_id`` ``call:<id>``, ``media_caption`` audio/video, ``media_duration`` seconds
  (lab file, whapa); ``status`` 13 read, 5 delivered, 4 on the server, 8 played, 0 received,
  10 played by the owner; system actions 11 group created, 12 participant added, 1 subject
  changed, 5 left; add-on types 56 reaction, 74 edit; ``call_result`` 5 answered, 2 not
  answered, 4 rejected; participant results 5 and 2 (WAInsight);
* media paths relative to the WhatsApp folder (``Media/WhatsApp Images/IMG-20211227-WA0000.jpg``,
  ``Media/WhatsApp Images/Sent/...``, ``Media/WhatsApp Voice Notes/202101/PTT-...opus``,
  ``Media/.Statuses/<hex>.jpg`` -- all seen in the real files); legacy rows keep the path in
  ``thumb_image``, a Java-serialised ``com.whatsapp.MediaData``: written here as a minimal stream
  holding only the ``file`` field (``java.io.File`` with its ``path``), where the app writes ~30
  fields; ``message_media.file_hash`` is base64 SHA-256 of the file;
* group JIDs: legacy ``<creator number>-<unix seconds>@g.us`` (2018 DDL header), current
  ``120363...@g.us`` (WAInsight/mvt examples); ``jid.type`` 0 user, 1 group (WAInsight), 5
  ``status@broadcast`` (2021 file);
* iOS: Cocoa seconds (REAL); ``ZMESSAGETYPE`` 0 text, 1 image, 2 video, 3 audio, 4 contact,
  5 location, 6 system, 14 deleted (whapa ``whacodes``); ``ZSESSIONTYPE`` 0 individual, 1 group,
  3 status (DDL header); ``ZMEDIALOCALPATH`` relative to ``Message/`` (``Media/<jid>/<x>/<y>/<uuid>``,
  iLEAPP's glob); ContactsV2 text stored as UTF-8 BLOBs as in the mvt file. Core Data's ``Z_ENT``
  entity numbers and ``ZGROUPEVENTTYPE``/``ZMESSAGESTATUS`` codes have no source: left NULL.

Not written, for want of a source: an *edited* legacy message (the 2018 schema has no edit
record whose meaning is documented), reactions on iOS (a protobuf blob in ``ZWAMESSAGEINFO`` with no documented layout).

The summary of each builder gives counts, the row ids of the scripted special messages
(``special``), and ``media``: ``(path relative to the WhatsApp folder, bytes)`` for the first
``media_files`` media rows -- files an extraction may hold (the rest stay "not downloaded").
"""

from __future__ import annotations

import base64
import hashlib
import random
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import content as C
from .ddl_loader import Batches, build_db, check_columns, load

MSGSTORE_2018 = "whatsapp_android_msgstore_2018.sql"
MSGSTORE_2021 = "whatsapp_android_msgstore_2021.sql"
WA_DB = "whatsapp_android_wa_db.sql"
CHATSTORAGE_2022 = "whatsapp_ios_chatstorage_2022.sql"
CONTACTSV2 = "whatsapp_ios_contactsv2.sql"

WA_START_MS = 1677628800000  # 2023-03-01T00:00:00Z
LEGACY_START_MS = 1525132800000  # 2018-05-01T00:00:00Z, the lab file's era
OWNER_NUMBER = C.ANDROID_OWNER.lstrip("+")
IOS_OWNER_NUMBER = C.IOS_OWNER.lstrip("+")
STATUS_JID = "status@broadcast"
SERVER = "s.whatsapp.net"

ANDROID_PATH = "data/data/com.whatsapp/databases/msgstore.db"
WA_DB_PATH = "data/data/com.whatsapp/databases/wa.db"
ANDROID_MEDIA_ROOT = "sdcard/Android/media/com.whatsapp/WhatsApp/"
IOS_CONTAINER = "private/var/mobile/Containers/Shared/AppGroup/6C0B8A9E-4F1D-4C55-9B3E-2D7A1F0C9E11/"

# -- column lists (checked against the DDL before writing) ----------------------------------

LEGACY_COLS = ("_id", "key_remote_jid", "key_from_me", "key_id", "status", "needs_push", "data", "timestamp",
               "media_url", "media_mime_type", "media_wa_type", "media_size", "media_name", "media_caption",
               "media_hash", "media_duration", "origin", "latitude", "longitude", "thumb_image", "remote_resource",
               "received_timestamp", "send_timestamp", "receipt_server_timestamp", "receipt_device_timestamp",
               "read_device_timestamp", "played_device_timestamp", "recipient_count", "starred", "quoted_row_id",
               "edit_version", "media_enc_hash", "forwarded", "preview_type")
QUOTE_COLS = ("_id", "key_remote_jid", "key_from_me", "key_id", "status", "data", "timestamp", "media_wa_type",
              "remote_resource")
CHAT_LIST_COLS = ("_id", "key_remote_jid", "message_table_id", "subject", "creation", "last_read_message_table_id",
                  "sort_timestamp", "my_messages", "plaintext_disabled", "last_message_table_id",
                  "unseen_message_count", "unseen_missed_calls_count", "unseen_row_count")
GROUP_PARTICIPANTS_COLS = ("_id", "gjid", "jid", "admin", "pending", "sent_sender_key")
LEGACY_SPEC = {"messages": LEGACY_COLS, "messages_quotes": QUOTE_COLS, "chat_list": CHAT_LIST_COLS,
               "group_participants": GROUP_PARTICIPANTS_COLS}

MESSAGE_COLS = ("_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "status", "broadcast",
                "recipient_count", "origination_flags", "origin", "timestamp", "received_timestamp",
                "receipt_server_timestamp", "message_type", "text_data", "starred", "lookup_tables",
                "message_add_on_flags", "sort_id")
JID_COLS = ("_id", "user", "server", "agent", "device", "type", "raw_string")
CHAT_COLS = ("_id", "jid_row_id", "hidden", "subject", "created_timestamp", "display_message_row_id",
             "last_message_row_id", "last_read_message_row_id", "archived", "sort_timestamp", "unseen_message_count",
             "unseen_important_message_count", "group_type")
MEDIA_COLS = ("message_row_id", "chat_row_id", "autotransfer_retry_enabled", "media_job_uuid", "transferred",
              "transcoded", "file_path", "file_size", "media_key", "media_key_timestamp", "width", "height",
              "direct_path", "message_url", "mime_type", "file_length", "media_name", "file_hash", "media_duration",
              "page_count", "enc_file_hash")
LOCATION_COLS = ("message_row_id", "chat_row_id", "latitude", "longitude", "place_name", "place_address", "url",
                 "live_location_share_duration", "live_location_sequence_number", "live_location_final_latitude",
                 "live_location_final_longitude", "live_location_final_timestamp")
SYSTEM_COLS = ("message_row_id", "action_type")
SYSTEM_PARTICIPANT_COLS = ("message_row_id", "user_jid_row_id")
VALUE_CHANGE_COLS = ("message_row_id", "old_data")
REVOKED_COLS = ("message_row_id", "revoked_key_id")
QUOTED_COLS = ("message_row_id", "chat_row_id", "parent_message_chat_row_id", "from_me", "sender_jid_row_id",
               "key_id", "timestamp", "message_type", "origin", "text_data", "lookup_tables")
FORWARDED_COLS = ("message_row_id", "forward_score")
ADD_ON_COLS = ("_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "parent_message_row_id", "timestamp",
               "status", "message_add_on_type")
REACTION_COLS = ("message_add_on_row_id", "reaction", "sender_timestamp")
RECEIPT_COLS = ("_id", "message_row_id", "receipt_user_jid_row_id", "receipt_timestamp", "read_timestamp",
                "played_timestamp")
VCARD_COLS = ("_id", "message_row_id", "vcard")
GROUP_USER_COLS = ("_id", "group_jid_row_id", "user_jid_row_id", "rank", "pending")
CALL_COLS = ("_id", "jid_row_id", "from_me", "call_id", "transaction_id", "timestamp", "video_call", "duration",
             "call_result", "bytes_transferred", "group_jid_row_id", "is_joinable_group_call",
             "call_creator_device_jid_row_id")
CALL_PARTICIPANT_COLS = ("_id", "call_log_row_id", "jid_row_id", "call_result")
CURRENT_SPEC = {"message": MESSAGE_COLS, "jid": JID_COLS, "chat": CHAT_COLS, "message_media": MEDIA_COLS,
                "message_location": LOCATION_COLS, "message_system": SYSTEM_COLS,
                "message_system_chat_participant": SYSTEM_PARTICIPANT_COLS,
                "message_system_value_change": VALUE_CHANGE_COLS, "message_revoked": REVOKED_COLS,
                "message_quoted": QUOTED_COLS, "message_forwarded": FORWARDED_COLS, "message_add_on": ADD_ON_COLS,
                "message_add_on_reaction": REACTION_COLS, "receipt_user": RECEIPT_COLS, "message_vcard": VCARD_COLS,
                "group_participant_user": GROUP_USER_COLS, "call_log": CALL_COLS,
                "call_log_participant_v2": CALL_PARTICIPANT_COLS}

WA_CONTACT_COLS = ("_id", "jid", "is_whatsapp_user", "status", "status_timestamp", "number", "raw_contact_id",
                   "display_name", "phone_type", "given_name", "family_name", "wa_name", "sort_name",
                   "is_sidelist_synced", "is_business_synced")
WA_SPEC = {"wa_contacts": WA_CONTACT_COLS, "android_metadata": ("locale",)}

ZMESSAGE_COLS = ("Z_PK", "Z_OPT", "ZISFROMME", "ZMESSAGETYPE", "ZSORT", "ZSTARRED", "ZCHATSESSION", "ZGROUPMEMBER",
                 "ZMEDIAITEM", "ZMESSAGEDATE", "ZSENTDATE", "ZFROMJID", "ZTOJID", "ZPUSHNAME", "ZSTANZAID", "ZTEXT")
ZMEDIA_COLS = ("Z_PK", "Z_OPT", "ZFILESIZE", "ZMOVIEDURATION", "ZMESSAGE", "ZLATITUDE", "ZLONGITUDE",
               "ZMEDIALOCALPATH", "ZMEDIAURL", "ZTITLE", "ZVCARDNAME", "ZVCARDSTRING")
ZSESSION_COLS = ("Z_PK", "Z_OPT", "ZARCHIVED", "ZHIDDEN", "ZMESSAGECOUNTER", "ZREMOVED", "ZSESSIONTYPE",
                 "ZUNREADCOUNT", "ZGROUPINFO", "ZLASTMESSAGE", "ZLASTMESSAGEDATE", "ZCONTACTJID", "ZLASTMESSAGETEXT",
                 "ZPARTNERNAME")
ZGROUPINFO_COLS = ("Z_PK", "Z_OPT", "ZCHATSESSION", "ZCREATIONDATE", "ZCREATORJID", "ZSUBJECTOWNERJID",
                   "ZSUBJECTTIMESTAMP")
ZMEMBER_COLS = ("Z_PK", "Z_OPT", "ZISACTIVE", "ZISADMIN", "ZCHATSESSION", "ZCONTACTNAME", "ZFIRSTNAME", "ZMEMBERJID")
ZPUSHNAME_COLS = ("Z_PK", "Z_OPT", "ZJID", "ZPUSHNAME")
IOS_SPEC = {"ZWAMESSAGE": ZMESSAGE_COLS, "ZWAMEDIAITEM": ZMEDIA_COLS, "ZWACHATSESSION": ZSESSION_COLS,
            "ZWAGROUPINFO": ZGROUPINFO_COLS, "ZWAGROUPMEMBER": ZMEMBER_COLS, "ZWAPROFILEPUSHNAME": ZPUSHNAME_COLS}
CONTACTSV2_COLS = ("Z_PK", "Z_OPT", "ZFULLNAME", "ZGIVENNAME", "ZLASTNAME", "ZPHONENUMBER", "ZLOCALIZEDPHONENUMBER",
                   "ZWHATSAPPID", "ZABOUTTEXT", "ZLASTUPDATED")

# -- content ---------------------------------------------------------------------------------

PLACES = [  # (name, address, latitude, longitude): public landmarks
    ("Brandenburger Tor", "Pariser Platz, 10117 Berlin", 52.516275, 13.377704),
    ("Café de Flore", "172 Bd Saint-Germain, 75006 Paris", 48.854060, 2.332570),
    ("Big Ben", "Westminster, London SW1A 0AA", 51.500729, -0.124625),
    ("Sydney Opera House", "Bennelong Point, Sydney NSW 2000", -33.856784, 151.215297),
    ("Times Square", "Manhattan, NY 10036", 40.758896, -73.985130),
]
REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"]
DOC_NAMES = ["Rechnung März.pdf", "Itinerary – Lisbon.pdf", "contrat_signé.pdf", "notes 📝.pdf"]
ABOUT = "Hey there! I am using WhatsApp."  # the default "about" text seen in mvt's ContactsV2

TEXT, IMAGE, AUDIO, VIDEO, CONTACT, LOCATION, SYSTEM, DOCUMENT, DELETED, LIVE = 0, 1, 2, 3, 4, 5, 7, 9, 15, 16
MIME = {IMAGE: "image/jpeg", AUDIO: "audio/ogg; codecs=opus", VIDEO: "video/mp4", DOCUMENT: "application/pdf"}
LEGACY_CALL, LEGACY_MISSED_CALL = 8, 10
ACT_SUBJECT, ACT_LEFT, ACT_CREATED, ACT_ADDED = 1, 5, 11, 12
ADD_ON_REACTION, ADD_ON_EDIT = 56, 74
ST_RECEIVED, ST_SERVER, ST_DELIVERED, ST_SYSTEM, ST_PLAYED, ST_READ, ST_PLAYED_BY_ME = 0, 4, 5, 6, 8, 13, 10


def default_contacts(n_chats: int, n_groups: int) -> int:
    return max(n_chats + 2 * n_groups + 4, 8)


def jid_of(person: C.Person) -> str:
    return person.e164.lstrip("+") + "@" + SERVER


@dataclass
class _Chat:
    index: int
    kind: str  # individual | group | status
    jid: str
    person: int | None = None
    members: list = field(default_factory=list)  # person indices
    subject: str | None = None
    old_subject: str | None = None
    created_ms: int = 0
    last_id: int = 0
    last_ms: int = 0
    last_text: str | None = None
    count: int = 0


@dataclass
class _Plan:
    people: list
    chats: list
    individual: list
    groups: list
    status: _Chat


def _plan(seed, n_chats: int, n_groups: int, n_contacts: int | None, start_ms: int, modern: bool,
          owner_number: str, people: list | None = None) -> _Plan:
    n_chats = max(1, n_chats)
    if people is None:
        people = C.make_people(seed, n_contacts or default_contacts(n_chats, n_groups))
    r = C.rng(seed, "wa-chats")
    chats: list[_Chat] = []
    for i in range(n_chats):
        chats.append(_Chat(len(chats), "individual", jid_of(people[i]), person=i))
    individual = list(chats)
    groups = []
    for g in range(n_groups):
        k = min(len(people), 3 + int(r.random() * 4))
        members = sorted(r.sample(range(len(people)), k))
        name = C.GROUP_NAMES[g % len(C.GROUP_NAMES)]
        subject = name if g < len(C.GROUP_NAMES) else f"{name} {g // len(C.GROUP_NAMES) + 1}"
        created = start_ms - int((3 + r.random() * 20) * C.DAY * 1000)
        if modern:
            gid = f"120363{r.randrange(10 ** 11, 10 ** 12)}@g.us"
        else:
            gid = f"{owner_number}-{created // 1000}@g.us"
        chat = _Chat(len(chats), "group", gid, members=members, subject=subject, created_ms=created,
                     old_subject=C.GROUP_NAMES[(g + 3) % len(C.GROUP_NAMES)])
        chats.append(chat)
        groups.append(chat)
    status = _Chat(len(chats), "status", STATUS_JID)
    chats.append(status)
    return _Plan(people, chats, individual, groups, status)


def _hex(r: random.Random, nbytes: int = 16) -> str:
    return f"{r.getrandbits(8 * nbytes):0{2 * nbytes}X}"


def _media_bytes(r: random.Random, mtype: int, label: str) -> bytes:
    """Small deterministic files with the right magic bytes (not playable media)."""
    filler = r.randbytes(120 + int(r.random() * 400))
    if mtype == IMAGE:
        return C.fake_jpeg(r, label)
    if mtype == VIDEO:
        return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + filler
    if mtype == AUDIO:
        return b"OggS\x00\x02" + bytes(20) + b"OpusHead\x01\x01" + filler
    return b"%PDF-1.4\n% artefacts synthetic " + label.encode() + b"\n" + filler.hex().encode() + b"\n%%EOF\n"


def _java_mediadata(path: str) -> bytes:
    """A minimal Java serialisation of ``com.whatsapp.MediaData`` holding only ``file`` (a java.io.File)."""
    def utf(s: str) -> bytes:
        b = s.encode("utf-8")
        return len(b).to_bytes(2, "big") + b
    out = bytearray(b"\xac\xed\x00\x05")  # STREAM_MAGIC, STREAM_VERSION
    out += b"\x73\x72" + utf("com.whatsapp.MediaData") + bytes.fromhex("fff496ede1a23006") + b"\x02"
    out += b"\x00\x01" + b"L" + utf("file") + b"\x74" + utf("Ljava/io/File;") + b"\x78\x70"
    out += b"\x73\x72" + utf("java.io.File") + bytes.fromhex("042da4450e0de4ff") + b"\x03"
    out += b"\x00\x01" + b"L" + utf("path") + b"\x74" + utf("Ljava/lang/String;") + b"\x78\x70"
    out += b"\x74" + utf(path) + b"\x77\x02\x00\x2f\x78"  # the path, then writeObject's separator char '/'
    return bytes(out)


def _day(ms: int) -> str:
    return time.strftime("%Y%m%d", time.gmtime(ms // 1000))


def _week(ms: int) -> str:
    return time.strftime("%Y%U", time.gmtime(ms // 1000))


# -- the message plan (shared by both Android generations and iOS) ---------------------------

def _messages(plan: _Plan, seed, n_messages: int, start_ms: int, span_ms: int, media_files: int,
              scripted: bool = True, lines: list | None = None):
    """Yield one dict per message row, in row-id order starting at 2 (row 1 is the placeholder); with
    ``lines`` (``content.Line``) exactly those texts, each in its person's individual chat."""
    r = C.rng(seed, "wa-messages")
    people = plan.people
    t = float(start_ms)
    gap2 = 2.0 * span_ms / max(n_messages, 1)
    n_ind = len(plan.individual)
    media_n = [0]
    state = {"media_files": 0}

    def media(m, mtype, outgoing, chat):
        media_n[0] += 1
        n = media_n[0]
        day = _day(m["t"])
        if chat.kind == "status":
            path = f"Media/.Statuses/{_hex(r).lower()}.{'mp4' if mtype == VIDEO else 'jpg'}"
        elif mtype == IMAGE:
            path = f"Media/WhatsApp Images/{'Sent/' if outgoing else ''}IMG-{day}-WA{n % 10000:04d}.jpg"
        elif mtype == VIDEO:
            path = f"Media/WhatsApp Video/{'Sent/' if outgoing else ''}VID-{day}-WA{n % 10000:04d}.mp4"
        elif mtype == AUDIO:
            path = f"Media/WhatsApp Voice Notes/{_week(m['t'])}/PTT-{day}-WA{n % 10000:04d}.opus"
        else:
            name = DOC_NAMES[n % len(DOC_NAMES)]
            path = f"Media/WhatsApp Documents/{'Sent/' if outgoing else ''}{name}"
            m["media_name"] = name
        data = None
        if state["media_files"] < media_files:
            state["media_files"] += 1
            data = _media_bytes(r, mtype, f"wa-media-{n}")
            size = len(data)
            digest = hashlib.sha256(data).digest()
        else:
            size = 2000 + int(r.random() * 3_000_000)
            digest = r.randbytes(32)
        m.update(path=path, data=data, size=size, file_hash=base64.b64encode(digest).decode(),
                 enc_hash=base64.b64encode(r.randbytes(32)).decode(), mime=MIME[mtype],
                 duration=(1 + int(r.random() * 90)) if mtype in (AUDIO, VIDEO) else 0,
                 width=1600 if mtype in (IMAGE, VIDEO) else 0, height=1200 if mtype in (IMAGE, VIDEO) else 0)

    def base(mid, chat, from_me, sender, mtype, text=None):
        m = {"id": mid, "chat": chat, "from_me": from_me, "sender": sender, "type": mtype, "text": text,
             "key_id": _hex(r), "t": int(t)}
        return m

    def pick_sender(chat):
        if chat.kind == "individual":
            return chat.person
        return chat.members[int(r.random() * len(chat.members))]

    if lines is not None:
        chat_of = {id(plan.people[c.person]): c for c in plan.individual}
        for i, line in enumerate(sorted(lines, key=lambda x: x.ms)):
            t = float(line.ms)
            chat = chat_of[id(line.peer)]
            m = base(i + 2, chat, line.outgoing, None if line.outgoing else chat.person, TEXT, line.text)
            m["what"] = "text"
            chat.last_id, chat.last_ms, chat.last_text, chat.last_key = m["id"], m["t"], m["text"], m["key_id"]
            chat.count += 1
            yield m
        return

    script = []
    if scripted:
        c0 = plan.individual[0]
        c1 = plan.individual[1 % n_ind]
        g0 = plan.groups[0] if plan.groups else None
        if g0 is not None:
            script += [("system", g0, True, ACT_CREATED), ("system", g0, True, ACT_ADDED)]
        script += [
            ("text", c0, False, None), ("text", c0, True, None),
            ("media", c0, True, IMAGE), ("media", c0, False, IMAGE), ("media", c0, False, AUDIO),
            ("media", c1, True, VIDEO), ("media", c1, False, DOCUMENT),
            ("location", c0, False, LOCATION), ("location", c1, True, LIVE), ("contact", c0, False, CONTACT),
            ("quote", c0, True, None), ("forward", c1, False, None), ("star", c0, False, None),
            ("revoke", c0, False, None), ("edit", c0, True, None), ("react", c0, False, None),
            ("status", plan.status, False, IMAGE), ("status", plan.status, False, TEXT),
        ]
        if g0 is not None:
            script += [("text", g0, False, None), ("text", g0, True, None), ("media", g0, False, IMAGE),
                       ("system", g0, False, ACT_SUBJECT), ("react", g0, False, None), ("text", g0, False, None),
                       ("system", g0, False, ACT_LEFT)]
    for i in range(n_messages):
        t += r.random() * gap2 + 1
        mid = i + 2
        if i < len(script):
            what, chat, from_me, arg = script[i]
        else:
            x = r.random()
            if plan.groups and x < 0.22:
                chat = plan.groups[int(r.random() * len(plan.groups))]
            elif x < 0.225:
                chat = plan.status
            else:
                chat = plan.individual[int(n_ind * r.random() ** 2)]
            from_me = chat.kind != "status" and r.random() < 0.45
            y = r.random()
            what, arg = "text", None
            if chat.kind == "status":
                what, arg = "status", IMAGE if y < 0.7 else TEXT
            elif y < 0.05:
                what, arg = "media", IMAGE
            elif y < 0.065:
                what, arg = "media", AUDIO
            elif y < 0.072:
                what, arg = "media", VIDEO
            elif y < 0.078:
                what, arg = "media", DOCUMENT
            elif y < 0.082:
                what, arg = "location", LOCATION
            elif y < 0.10:
                what = "quote"
            elif y < 0.11:
                what = "forward"
            elif y < 0.115:
                what = "star"
            elif y < 0.125:
                what = "react"
        sender = None if from_me else pick_sender(chat) if chat.kind != "status" else int(r.random() * len(people))
        if what == "system":
            if arg in (ACT_CREATED, ACT_ADDED):
                t = min(t, float(chat.created_ms + (60_000 if arg == ACT_ADDED else 0)))
            m = base(mid, chat, from_me, sender, SYSTEM)
            m["action"] = arg
            if arg == ACT_CREATED:
                m["text"] = chat.subject
            elif arg == ACT_ADDED:
                m["participants"] = list(chat.members)
            elif arg == ACT_SUBJECT:
                m["text"], m["old"] = chat.subject, chat.old_subject
            elif arg == ACT_LEFT:
                m["sender"] = chat.members[-1]
        elif what == "status":
            m = base(mid, chat, False, sender, arg, C.text(r) if arg == TEXT else None)
            if arg == IMAGE:
                media(m, IMAGE, False, chat)
                if r.random() < 0.5:
                    m["caption"] = C.text(r)
        elif what == "media":
            m = base(mid, chat, from_me, sender, arg)
            media(m, arg, from_me, chat)
            if arg in (IMAGE, VIDEO) and r.random() < 0.5:
                m["caption"] = C.text(r)
        elif what == "location":
            m = base(mid, chat, from_me, sender, arg)
            m["place"] = PLACES[int(r.random() * len(PLACES))]
            if arg == LIVE:
                m["live_duration"] = 900
        elif what == "contact":
            m = base(mid, chat, from_me, sender, CONTACT)
            p = people[int(r.random() * len(people))]
            m["vcard"], m["contact_name"] = C.vcard(p).decode(), p.name
        else:
            m = base(mid, chat, from_me, sender, TEXT, C.text(r))
            if what == "quote" and chat.last_id:
                m["quote"] = (chat.last_id, chat.last_ms, chat.last_text, chat.last_key, chat.last_from_me,
                              chat.last_sender, chat.last_type)
            elif what == "forward":
                m["forward"] = 1 + int(r.random() * 3)
            elif what == "star":
                m["star"] = True
            elif what == "revoke":
                m["type"], m["text"] = DELETED, None
                m["revoked_key"] = _hex(r)
            elif what == "edit":
                m["edit_ms"] = m["t"] + 60_000 + int(r.random() * 600_000)
            elif what == "react" and chat.last_id:
                reactor_me = chat.kind == "group" and r.random() < 0.3
                m["reaction"] = (chat.last_id, REACTIONS[int(r.random() * len(REACTIONS))],
                                 m["t"] + 30_000 + int(r.random() * 300_000), _hex(r),
                                 None if (reactor_me or chat.kind == "individual") else pick_sender(chat),
                                 reactor_me or (chat.kind == "individual" and not chat.last_from_me))
        m["what"] = what
        if m["type"] != SYSTEM:
            chat.last_id, chat.last_ms, chat.last_text, chat.last_key = mid, m["t"], m["text"], m["key_id"]
            chat.last_from_me, chat.last_sender, chat.last_type = m["from_me"], m["sender"], m["type"]
        chat.count += 1
        yield m


def _calls(plan: _Plan, seed, n_calls: int, start_ms: int, span_ms: int, allow_group: bool = True):
    """Call plans in time order: (ms, chat, from_me, video, result, duration, participants)."""
    r = C.rng(seed, "wa-calls")
    t = float(start_ms)
    gap2 = 2.0 * span_ms / max(n_calls, 1)
    n_ind = len(plan.individual)
    for i in range(n_calls):
        t += r.random() * gap2 + 1
        group = bool(allow_group and plan.groups) and (i == 1 or r.random() < 0.15)
        chat = plan.groups[int(r.random() * len(plan.groups))] if group else plan.individual[int(n_ind * r.random() ** 2)]
        from_me = r.random() < 0.5
        video = i == 0 or r.random() < 0.3
        x = r.random()
        result = 5 if (i < 2 or x < 0.65) else 2 if x < 0.9 else 4
        duration = 5 + int(r.random() * 1800) if result == 5 else 0
        parts = []
        if group:
            for p in chat.members:
                parts.append((p, 5 if r.random() < 0.7 else 2))
        yield {"t": int(t), "chat": chat, "from_me": from_me, "video": video, "result": result, "duration": duration,
               "participants": parts, "call_id": _hex(r), "transaction_id": r.getrandbits(31),
               "bytes": duration * (40_000 if video else 6_000)}


# -- Android: msgstore.db --------------------------------------------------------------------

def build_msgstore(path, *, n_messages: int = 200, n_chats: int = 8, n_groups: int = 2, n_calls: int = 20,
                   seed: int | str = 0, schema: str = "current", n_contacts: int | None = None,
                   media_files: int = 200, start_ms: int | None = None, span_days: float = 60.0,
                   receipt_share: float = 0.5, scripted: bool = True, people: list | None = None,
                   lines: list | None = None) -> dict:
    """Build a WhatsApp Android ``msgstore.db`` on the real DDL: ``schema="current"`` (2021 DDL,
    normalised tables, legacy ``messages`` empty) or ``"legacy"`` (2018 DDL, one ``messages`` table).

    ``n_messages`` counts message rows (chat messages, system events and status updates) besides the
    placeholder row; legacy calls are further ``messages`` rows, current ones ``call_log`` rows.

    ``people`` (``content.Person``) replaces the generated contacts; ``lines`` (``content.Line``, current schema)
    replaces the generated messages: exactly those, one individual chat per person, no groups and no calls.
    """
    if schema not in ("current", "legacy"):
        raise ValueError("schema must be 'current' or 'legacy'")
    if lines is not None:
        if schema != "current" or people is None:
            raise ValueError("lines need the current schema and their people")
        n_chats, n_groups, n_calls, n_messages = len(people), 0, 0, len(lines)
    modern = schema == "current"
    start = start_ms if start_ms is not None else (WA_START_MS if modern else LEGACY_START_MS)
    span = int(span_days * C.DAY * 1000)
    plan = _plan(seed, n_chats, n_groups, n_contacts, start, modern, OWNER_NUMBER, people)
    if modern:
        counts = _write_current(path, plan, seed, n_messages, n_calls, start, span, media_files, receipt_share, scripted,
                                lines)
    else:
        counts = _write_legacy(path, plan, seed, n_messages, n_calls, start, span, media_files, scripted)
    counts.update(path=str(path), schema=schema, messages=n_messages, calls=n_calls, contacts=len(plan.people),
                  chats=len(plan.individual), groups=len(plan.groups),
                  group_jids=[g.jid for g in plan.groups], chat_jids=[c.jid for c in plan.individual])
    return counts


def _status_out(r, mtype) -> int:
    x = r.random()
    if mtype == AUDIO and x < 0.5:
        return ST_PLAYED
    return ST_READ if x < 0.6 else ST_DELIVERED if x < 0.9 else ST_SERVER


def _summary_add(summary, m):
    what = m["what"]
    special = summary["special"]
    if what == "media":
        key = f"media_{m['type']}_{'out' if m['from_me'] else 'in'}"
    elif what == "location":
        key = "location" if m["type"] == LOCATION else "live_location"
    elif what == "system":
        key = f"system_{m['action']}"
    elif what == "status":
        key = "status_image" if m["type"] == IMAGE else "status_text"
    else:
        key = what
    if key not in special:
        special[key] = m["id"]
    if m.get("data") is not None:
        summary["media"].append((m["path"], m["data"]))
    if m.get("path"):
        summary["media_rows"] += 1
    if m["type"] == SYSTEM:
        summary["system_events"] += 1
    if m["chat"].kind == "status":
        summary["status_updates"] += 1


def _write_current(path, plan, seed, n_messages, n_calls, start, span, media_files, receipt_share, scripted,
                   lines=None) -> dict:
    check_columns(MSGSTORE_2021, CURRENT_SPEC)
    r = C.rng(seed, "wa-current-rows")
    people = plan.people
    # jid rows: people, groups, status@broadcast
    jid_rows = []
    person_jid = {}
    for i, p in enumerate(people):
        jid_rows.append((len(jid_rows) + 1, p.e164.lstrip("+"), SERVER, 0, 0, 0, jid_of(p)))
        person_jid[i] = len(jid_rows)
    chat_jid_row = {}
    for g in plan.groups:
        jid_rows.append((len(jid_rows) + 1, g.jid.split("@")[0], "g.us", 0, 0, 1, g.jid))
        chat_jid_row[g.index] = len(jid_rows)
    jid_rows.append((len(jid_rows) + 1, "status", "broadcast", 0, 0, 5, STATUS_JID))
    chat_jid_row[plan.status.index] = len(jid_rows)
    for c in plan.individual:
        chat_jid_row[c.index] = person_jid[c.person]
    summary = {"special": {}, "media": [], "media_rows": 0, "system_events": 0, "status_updates": 0,
               "reactions": 0, "edits": 0, "receipts": 0, "group_calls": 0, "video_calls": 0}
    with build_db(path, MSGSTORE_2021) as conn:
        b = Batches(conn, CURRENT_SPEC)
        b.add("message", (1, -1, 0, "-1") + (None,) * (len(MESSAGE_COLS) - 5) + (0,))  # the placeholder row
        add_on_id = receipt_id = vcard_id = 0
        for m in _messages(plan, seed, n_messages, start, span, media_files, scripted, lines):
            chat = m["chat"]
            cid = chat.index + 1
            mid = m["id"]
            group = chat.kind == "group"
            from_me = m["from_me"]
            sender_row = person_jid[m["sender"]] if (m["sender"] is not None and chat.kind != "individual") else 0
            t = m["t"]
            mtype = m["type"]
            if mtype == SYSTEM:
                status = ST_SYSTEM
                ts, recv, server = t, 0, -1
            elif from_me:
                status = _status_out(r, mtype)
                ts, recv, server = t, 0, (t // 1000 + 1) * 1000
            else:
                status = ST_PLAYED_BY_ME if (mtype == AUDIO and r.random() < 0.5) else ST_RECEIVED
                ts, recv, server = (t // 1000) * 1000, t + 200 + int(r.random() * 3000), -1
            text = m.get("caption") if mtype in (IMAGE, VIDEO) else m["text"]
            recipients = len(chat.members) if group else 0
            b.add("message", (mid, cid, int(from_me), m["key_id"], sender_row, status, 0, recipients, 0, 0, ts, recv,
                              server, mtype, text, int(bool(m.get("star"))), 0, 0, mid))
            if m.get("path"):
                b.add("message_media", (mid, cid, 1, _uuid(r), 1, 0, m["path"], m["size"], r.randbytes(32), ts,
                                        m["width"], m["height"], f"/v/t62.7118-24/{r.getrandbits(60)}_n.enc",
                                        f"https://mmg.whatsapp.net/d/f/{_hex(r)}.enc", m["mime"], m["size"],
                                        m.get("media_name"), m["file_hash"], m["duration"], 0, m["enc_hash"]))
            if "place" in m:
                name, address, lat, lon = m["place"]
                live = m.get("live_duration")
                b.add("message_location", (mid, cid, lat, lon, None if live else name, None if live else address,
                                           None, live or 0, 0 if not live else 1, lat if live else None,
                                           lon if live else None, t + live * 1000 if live else None))
            if mtype == SYSTEM:
                b.add("message_system", (mid, m["action"]))
                for p in m.get("participants", ()):
                    b.add("message_system_chat_participant", (mid, person_jid[p]))
                if m.get("old"):
                    b.add("message_system_value_change", (mid, m["old"]))
            if "revoked_key" in m:
                b.add("message_revoked", (mid, m["revoked_key"]))
            if "quote" in m:
                qid, qms, qtext, qkey, qme, qsender, qtype = m["quote"]
                b.add("message_quoted", (mid, cid, cid, int(qme), person_jid[qsender] if (qsender is not None and group) else 0,
                                         qkey, qms, qtype, 0, qtext, 0))
            if "forward" in m:
                b.add("message_forwarded", (mid, m["forward"]))
            if "vcard" in m:
                vcard_id += 1
                b.add("message_vcard", (vcard_id, mid, m["vcard"]))
            if "edit_ms" in m:
                add_on_id += 1
                b.add("message_add_on", (add_on_id, cid, int(from_me), _hex(r), 0 if from_me else sender_row or -1,
                                         mid, m["edit_ms"], 0, ADD_ON_EDIT))
                summary["edits"] += 1
            if "reaction" in m:
                parent, emoji, rms, rkey, reactor, me = m["reaction"]
                add_on_id += 1
                sender_jid = -1 if (me or chat.kind == "individual") else person_jid[reactor]
                b.add("message_add_on", (add_on_id, cid, int(bool(me)), rkey, sender_jid, parent, rms, 0, ADD_ON_REACTION))
                b.add("message_add_on_reaction", (add_on_id, emoji, rms - 400))
                summary["reactions"] += 1
                summary["special"].setdefault("reacted", parent)
                summary["special"].setdefault("reaction", add_on_id)
            if from_me and mtype != SYSTEM and status in (ST_DELIVERED, ST_READ, ST_PLAYED) and r.random() < receipt_share:
                for p in (chat.members if group else [chat.person]):
                    receipt_id += 1
                    got = t + 800 + int(r.random() * 5000)
                    read = got + int(r.random() * 600_000) if status in (ST_READ, ST_PLAYED) else None
                    played = read if status == ST_PLAYED else None
                    b.add("receipt_user", (receipt_id, mid, person_jid[p], got, read, played))
                    summary["receipts"] += 1
            chat.last_ms = max(chat.last_ms, t)
            chat.last_row = mid
            _summary_add(summary, m)
        cl_id = part_id = 0
        for c in _calls(plan, seed, n_calls, start, span):
            cl_id += 1
            chat = c["chat"]
            group = chat.kind == "group"
            peer = chat.members[0] if group else chat.person
            b.add("call_log", (cl_id, person_jid[peer], int(c["from_me"]), c["call_id"], c["transaction_id"], c["t"],
                               int(c["video"]), c["duration"], c["result"], c["bytes"],
                               chat_jid_row[chat.index] if group else 0, 0, 0))
            for p, res in c["participants"]:
                part_id += 1
                b.add("call_log_participant_v2", (part_id, cl_id, person_jid[p], res))
            summary["group_calls"] += group
            summary["video_calls"] += c["video"]
            summary["special"].setdefault("group_call" if group else ("video_call" if c["video"] else "voice_call"), cl_id)
        b.flush()
        load(conn, "jid", JID_COLS, jid_rows)
        chat_rows = []
        for c in plan.chats:
            last = getattr(c, "last_row", None)
            chat_rows.append((c.index + 1, chat_jid_row[c.index], 1 if c.kind == "status" else 0, c.subject,
                              c.created_ms if c.kind == "group" else None, last, last, last, 0,
                              c.last_ms or None, 0, 0, 0))
        load(conn, "chat", CHAT_COLS, chat_rows)
        gpu = []
        for g in plan.groups:
            for p in g.members:
                gpu.append((len(gpu) + 1, chat_jid_row[g.index], person_jid[p], 0, 0))
        load(conn, "group_participant_user", GROUP_USER_COLS, gpu)
    return summary


def _uuid(r: random.Random) -> str:
    h = f"{r.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def _write_legacy(path, plan, seed, n_messages, n_calls, start, span, media_files, scripted) -> dict:
    check_columns(MSGSTORE_2018, LEGACY_SPEC)
    r = C.rng(seed, "wa-legacy-rows")
    people = plan.people
    summary = {"special": {}, "media": [], "media_rows": 0, "system_events": 0, "status_updates": 0,
               "call_rows": [], "quotes": 0}
    calls = iter(_calls(plan, seed, n_calls, start, span, allow_group=False))
    next_call = next(calls, None)
    with build_db(path, MSGSTORE_2018) as conn:
        b = Batches(conn, LEGACY_SPEC)
        b.add("messages", _legacy_row(1, "-1", 0, "-1", -1, None, 0, media_wa_type="-1", media_size=-1,
                                      received=-1, server=-1))
        row_id = 1
        quote_id = 0
        chat_last = {}

        def add_call(c):
            nonlocal row_id
            row_id += 1
            chat = c["chat"]
            missed = c["result"] != 5 and not c["from_me"]
            remote = chat.jid
            b.add("messages", _legacy_row(row_id, remote, int(c["from_me"]), "call:" + c["call_id"], ST_SYSTEM, None,
                                          c["t"], media_wa_type=str(LEGACY_MISSED_CALL if missed else LEGACY_CALL),
                                          media_caption="video" if c["video"] else "audio",
                                          media_duration=c["duration"], received=c["t"] + 100, server=-1))
            summary["call_rows"].append(row_id)
            summary["special"].setdefault("video_call" if c["video"] else "voice_call", row_id)
            chat_last[chat.index] = (row_id, c["t"])

        for m in _messages(plan, seed, n_messages, start, span, media_files, scripted):
            while next_call is not None and next_call["t"] <= m["t"]:
                add_call(next_call)
                next_call = next(calls, None)
            row_id += 1
            m["id"] = row_id
            chat = m["chat"]
            from_me = m["from_me"]
            t = m["t"]
            mtype = m["type"]
            remote = jid_of(people[m["sender"]]) if (m["sender"] is not None and chat.kind != "individual") else None
            if chat.kind == "individual" and not from_me:
                remote = ""
            kw = {}
            if mtype == SYSTEM:
                status, ts, recv, server = ST_SYSTEM, t, t + 50, -1
                kw.update(media_size=m["action"])
                if from_me:
                    remote = None
            elif from_me:
                status = _status_out(r, mtype)
                ts, recv, server = t, t + 20 + int(r.random() * 80), (t // 1000 + 1) * 1000
                kw.update(device=server + 1000 + int(r.random() * 20_000) if status in (ST_DELIVERED, ST_READ, ST_PLAYED) else -1)
                if status == ST_READ:
                    kw["read"] = kw["device"] + int(r.random() * 60_000)
                if status == ST_PLAYED:
                    kw["played"] = kw["device"] + int(r.random() * 60_000)
            else:
                status = ST_PLAYED_BY_ME if (mtype == AUDIO and r.random() < 0.5) else ST_RECEIVED
                ts, recv, server = (t // 1000) * 1000, t + 200 + int(r.random() * 3000), -1
            data = m["text"]
            if m.get("path"):
                kw.update(media_url=f"https://mmg.whatsapp.net/d/f/{_hex(r)}.enc", media_mime_type=m["mime"],
                          media_size=m["size"], media_name=m.get("media_name") or m["path"].rsplit("/", 1)[1],
                          media_caption=m.get("caption"), media_hash=m["file_hash"], media_enc_hash=m["enc_hash"],
                          media_duration=m["duration"], thumb_image=_java_mediadata(m["path"]))
                data = None
            if "place" in m:
                name, address, lat, lon = m["place"]
                kw.update(latitude=lat, longitude=lon, media_name=name if mtype == LOCATION else None,
                          media_duration=m.get("live_duration") or 0)
            if "vcard" in m:
                data = m["vcard"]
                kw["media_name"] = m["contact_name"]
            if mtype == DELETED:
                kw["edit_version"] = 7
            if "quote" in m:
                qid, qms, qtext, qkey, qme, qsender, qtype = m["quote"]
                quote_id += 1
                b.add("messages_quotes", (quote_id, chat.jid, int(qme), qkey, ST_READ if qme else ST_RECEIVED, qtext,
                                          qms, str(qtype),
                                          jid_of(people[qsender]) if (qsender is not None and chat.kind == "group") else None))
                kw["quoted_row_id"] = quote_id
                summary["quotes"] += 1
            if m.get("star"):
                kw["starred"] = 1
            if "edit_ms" in m:
                m["what"] = "text"  # no documented legacy edit record: a plain text message
            if "reaction" in m:
                m["what"] = "text"  # reactions did not exist in the legacy schema
            b.add("messages", _legacy_row(row_id, chat.jid, int(from_me), m["key_id"], status, data, ts, remote=remote,
                                          media_wa_type=str(mtype), received=recv, server=server,
                                          recipient_count=len(chat.members) if chat.kind == "group" else 0, **kw))
            chat_last[chat.index] = (row_id, t)
            _summary_add(summary, m)
        while next_call is not None:
            add_call(next_call)
            next_call = next(calls, None)
        b.flush()
        rows = []
        for c in plan.chats:
            last_id, last_ms = chat_last.get(c.index, (None, None))
            if last_id is None:
                continue
            rows.append((len(rows) + 1, c.jid, last_id, c.subject, c.created_ms if c.kind == "group" else None,
                         last_id, last_ms, 1, 1, last_id, 0, 0, 0))
        load(conn, "chat_list", CHAT_LIST_COLS, rows)
        gp = []
        for g in plan.groups:
            gp.append((len(gp) + 1, g.jid, "", 1, 0, 0))  # the owner's own row has an empty jid
            for p in g.members:
                gp.append((len(gp) + 1, g.jid, jid_of(people[p]), 0, 0, 0))
        load(conn, "group_participants", GROUP_PARTICIPANTS_COLS, gp)
    return summary


def _legacy_row(rid, jid, from_me, key_id, status, data, ts, *, remote=None, media_wa_type="0", media_url=None,
                media_mime_type=None, media_size=0, media_name=None, media_caption=None, media_hash=None,
                media_duration=0, latitude=0.0, longitude=0.0, thumb_image=None, received=-1, server=-1,
                device=-1, read=None, played=None, recipient_count=0, starred=None, quoted_row_id=0,
                edit_version=0, media_enc_hash=None):
    return (rid, jid, from_me, key_id, status, 0, data, ts, media_url, media_mime_type, media_wa_type, media_size,
            media_name, media_caption, media_hash, media_duration, 0, latitude, longitude, thumb_image, remote,
            received, -1, server, device, read, played, recipient_count, starred, quoted_row_id, edit_version,
            media_enc_hash, 0, 0)


def write_media(summary: dict, folder) -> None:
    """Write the media files a builder's summary lists (``summary["media"]``: path under ``folder``, bytes)."""
    for rel, data in summary.get("media", ()):
        dest = Path(folder) / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def build_wa_db(path, *, n_chats: int = 8, n_groups: int = 2, n_contacts: int | None = None,
                seed: int | str = 0, people: list | None = None) -> dict:
    """Build ``wa.db`` (``wa_contacts``) for the people of :func:`build_msgstore` with the same arguments
    (``people``: these instead of the generated ones; ``number`` is the national form, as the address book has it)."""
    check_columns(WA_DB, WA_SPEC)
    if people is None:
        people = C.make_people(seed, n_contacts or default_contacts(max(1, n_chats), n_groups))
    r = C.rng(seed, "wa-contacts")
    rows = []
    for i, p in enumerate(people):
        push = p.first if r.random() < 0.7 else f"{p.first} {'✨' if r.random() < 0.5 else '🌍'}"
        if p.saved:
            given, _, family = p.name.partition(" ")
            rows.append((i + 1, jid_of(p), 1, ABOUT if r.random() < 0.5 else None, -1, p.national.replace(" ", ""),
                         i + 1, p.name, 2, given, family or None, push, p.name, 0, 1))
        else:
            rows.append((i + 1, jid_of(p), 1, None, 0, None, None, None, None, None, None, push, None, 0, 0))
    rows.append((len(rows) + 1, STATUS_JID, 1, None, 0, None, None, None, None, None, None, None, None, 0, 0))
    with build_db(path, WA_DB) as conn:
        load(conn, "android_metadata", ("locale",), [("en_GB",)])
        load(conn, "wa_contacts", WA_CONTACT_COLS, rows)
    names = {row[1]: row[7] or row[11] for row in rows if row[7] or row[11]}
    return {"path": str(path), "contacts": len(rows), "names": names}


# -- iOS: ChatStorage.sqlite + ContactsV2.sqlite ---------------------------------------------

IOS_TYPES = {TEXT: 0, IMAGE: 1, VIDEO: 2, AUDIO: 3, CONTACT: 4, LOCATION: 5, LIVE: 5, SYSTEM: 6, DOCUMENT: 8,
             DELETED: 14}


def build_chatstorage(path, *, n_messages: int = 200, n_chats: int = 8, n_groups: int = 2, seed: int | str = 0,
                      n_contacts: int | None = None, media_files: int = 200, start_ms: int | None = None,
                      span_days: float = 60.0, scripted: bool = True, people: list | None = None,
                      lines: list | None = None) -> dict:
    """Build an iOS ``ChatStorage.sqlite`` on the 2022 DDL (Cocoa seconds, Core Data tables); ``people`` and
    ``lines`` as for :func:`build_msgstore`."""
    check_columns(CHATSTORAGE_2022, IOS_SPEC)
    if lines is not None:
        if people is None:
            raise ValueError("lines need their people")
        n_chats, n_groups, n_messages = len(people), 0, len(lines)
    start = start_ms if start_ms is not None else WA_START_MS
    span = int(span_days * C.DAY * 1000)
    plan = _plan(seed, n_chats, n_groups, n_contacts, start, True, IOS_OWNER_NUMBER, people)
    people = plan.people
    r = C.rng(seed, "wa-ios-rows")
    summary = {"special": {}, "media": [], "media_rows": 0, "system_events": 0, "status_updates": 0}
    member_pk: dict[tuple[int, int], int] = {}
    member_rows = []
    for g in plan.groups:
        for p in g.members:
            member_rows.append((len(member_rows) + 1, 1, 1, 0, g.index + 1, people[p].name if people[p].saved else None,
                                people[p].first, jid_of(people[p])))
            member_pk[(g.index, p)] = len(member_rows)

    def cocoa(ms: int) -> float:
        return ms / 1000.0 - C.UNIX_TO_COCOA

    with build_db(path, CHATSTORAGE_2022) as conn:
        b = Batches(conn, IOS_SPEC)
        media_pk = 0
        for m in _messages(plan, seed, n_messages, start, span, media_files, scripted, lines):
            mid = m["id"] - 1  # Core Data primary keys start at 1
            m["id"] = mid
            chat = m["chat"]
            from_me = m["from_me"]
            mtype = m["type"]
            ztype = IOS_TYPES[mtype]
            group = chat.kind == "group"
            sender = m["sender"]
            member = member_pk.get((chat.index, sender)) if (group and sender is not None) else None
            if from_me:
                from_jid, to_jid = None, chat.jid
            elif chat.kind == "individual":
                from_jid, to_jid = chat.jid, None
            else:  # group or status: the chat's JID, the member in ZGROUPMEMBER / ZPUSHNAME
                from_jid, to_jid = chat.jid if group else jid_of(people[sender]), None
            push = people[sender].first if (sender is not None and chat.kind != "individual") else None
            text = m.get("caption") if mtype in (IMAGE, VIDEO) else m["text"]
            if m.get("caption"):
                text = None  # on iOS the caption is the media item's ZTITLE
            media_ref = None
            if m.get("path") or "place" in m or "vcard" in m:
                media_pk += 1
                media_ref = media_pk
                local = title = vname = vstring = lat = lon = url = None
                size = dur = None
                if m.get("path"):
                    h = _hex(r, 2).lower()
                    ext = m["path"].rsplit(".", 1)[-1]
                    local = f"Media/{chat.jid}/{h[0]}/{h[1]}/{_uuid(r)}.{ext}"
                    m["path"] = local
                    size, dur, title = m["size"], m["duration"] or None, m.get("caption")
                    url = f"https://mmg.whatsapp.net/v/t62.7118-24/{r.getrandbits(60)}_n.enc"
                if "place" in m:
                    title, _, lat, lon = m["place"]
                if "vcard" in m:
                    vname, vstring = m["contact_name"], m["vcard"]
                b.add("ZWAMEDIAITEM", (media_pk, 1, size, dur, mid, lat, lon, local, url, title, vname, vstring))
            date = cocoa(m["t"])
            b.add("ZWAMESSAGE", (mid, 1, int(from_me), ztype, mid, int(bool(m.get("star"))), chat.index + 1, member,
                                 media_ref, date, date if from_me else None, from_jid, to_jid, push, _hex(r), text))
            chat.last_row, chat.last_ms = mid, m["t"]
            chat.last_text = text
            _summary_add(summary, m)
        b.flush()
        sessions, infos = [], []
        for c in plan.chats:
            stype = {"individual": 0, "group": 1, "status": 3}[c.kind]
            info = None
            if c.kind == "group":
                infos.append((len(infos) + 1, 1, c.index + 1, cocoa(c.created_ms), IOS_OWNER_NUMBER + "@" + SERVER,
                              IOS_OWNER_NUMBER + "@" + SERVER, cocoa(c.created_ms)))
                info = len(infos)
            partner = c.subject if c.kind == "group" else (people[c.person].name if c.kind == "individual" else None)
            last = getattr(c, "last_row", None)
            sessions.append((c.index + 1, 1, 0, 0, c.count, 0, stype, 0, info, last,
                             cocoa(c.last_ms) if c.last_ms else None, c.jid, c.last_text, partner))
        load(conn, "ZWACHATSESSION", ZSESSION_COLS, sessions)
        load(conn, "ZWAGROUPINFO", ZGROUPINFO_COLS, infos)
        load(conn, "ZWAGROUPMEMBER", ZMEMBER_COLS, member_rows)
        load(conn, "ZWAPROFILEPUSHNAME", ZPUSHNAME_COLS,
             [(i + 1, 1, jid_of(p), p.first) for i, p in enumerate(people)])
    summary.update(path=str(path), messages=n_messages, contacts=len(people), chats=len(plan.individual),
                   groups=len(plan.groups), group_jids=[g.jid for g in plan.groups],
                   chat_jids=[c.jid for c in plan.individual])
    return summary


def build_contactsv2(path, *, n_chats: int = 8, n_groups: int = 2, n_contacts: int | None = None,
                     seed: int | str = 0, people: list | None = None) -> dict:
    """Build ``ContactsV2.sqlite`` (``ZWAADDRESSBOOKCONTACT``) for the people of :func:`build_chatstorage`
    (``people``: these instead of the generated ones; ``ZPHONENUMBER`` is the E.164 form)."""
    check_columns(CONTACTSV2, {"ZWAADDRESSBOOKCONTACT": CONTACTSV2_COLS})
    if people is None:
        people = C.make_people(seed, n_contacts or default_contacts(max(1, n_chats), n_groups))
    rows = []
    for i, p in enumerate(people):
        if not p.saved:
            continue
        given, _, family = p.name.partition(" ")
        enc = (lambda s: s.encode("utf-8") if s is not None else None)
        rows.append((len(rows) + 1, 1, enc(p.name), enc(given), enc(family or None), enc(p.e164), enc(p.national),
                     enc(jid_of(p)), enc(ABOUT), 700_000_000.0 + i))
    with build_db(path, CONTACTSV2) as conn:
        load(conn, "ZWAADDRESSBOOKCONTACT", CONTACTSV2_COLS, rows)
    return {"path": str(path), "contacts": len(rows),
            "names": {jid_of(p): p.name for p in people if p.saved}}


# -- iOS CallHistory.sqlite ---------------------------------------------------------------------

CALLHISTORY = "whatsapp_ios_callhistory.sql"
CALLHISTORY_SPEC = {
    "ZWAAGGREGATECALLEVENT": ("Z_PK", "Z_ENT", "Z_OPT", "ZINCOMING", "ZMISSED", "ZMISSEDREASON", "ZVIDEO", "ZFIRSTDATE"),
    "ZWACDCALLEVENT": ("Z_PK", "Z_ENT", "Z_OPT", "ZBYTESRECEIVED", "ZBYTESSENT", "ZOUTCOME", "Z1CALLEVENTS",
                       "Z_FOK_1CALLEVENTS", "ZDATE", "ZDURATION", "ZGROUPCALLCREATORUSERJIDSTRING", "ZGROUPJIDSTRING"),
    "ZWACDCALLEVENTPARTICIPANT": ("Z_PK", "Z_ENT", "Z_OPT", "ZOUTCOME", "Z1PARTICIPANTS", "Z_FOK_1PARTICIPANTS",
                                  "ZJIDSTRING"),
    "ZWAJOINABLECALLEVENT": ("Z_PK", "Z_ENT", "Z_OPT", "ZVIDEO", "ZDATE", "ZDURATION", "ZCALLCREATORJIDSTRING",
                             "ZCALLIDSTRING", "ZGROUPJIDSTRING", "ZCURRENTOUTCOME"),
    "ZWAJOINABLECALLEVENTPARTICIPANT": ("Z_PK", "Z_ENT", "Z_OPT", "ZJOINED", "Z4PARTICIPANTS", "Z_FOK_4PARTICIPANTS",
                                        "ZJIDSTRING"),
    "ZWAUPCOMINGCALLEVENT": ("Z_PK", "Z_ENT", "Z_OPT", "ZCALLTYPE", "ZSTATUS", "ZUNIXTIMEMS", "ZCHATJIDSTRING",
                             "ZCREATORJIDSTRING", "ZTITLE"),
    "Z_PRIMARYKEY": ("Z_ENT", "Z_NAME", "Z_SUPER", "Z_MAX"),
}
#: Z_PRIMARYKEY of the real file: entity number -> name
CALLHISTORY_ENTITIES = {1: "WAAggregateCallEvent", 2: "WACDCallEvent", 3: "WACDCallEventParticipant",
                        4: "WAJoinableCallEvent", 5: "WAJoinableCallEventParticipant", 6: "WAUpcomingCallEvent"}
#: ZWACDCALLEVENT.ZOUTCOME values iLEAPP reads (0 ended, 1 missed, 4 rejected)
OUTCOME_ENDED, OUTCOME_MISSED, OUTCOME_REJECTED = 0, 1, 4


def build_callhistory(path, *, n_calls: int = 12, n_chats: int = 8, n_groups: int = 2, seed: int | str = 0,
                      n_contacts: int | None = None, start_ms: int | None = None, span_days: float = 60.0,
                      joinable: int = 1, upcoming: int = 1) -> dict:
    """Build WhatsApp iOS ``CallHistory.sqlite`` on the real DDL of an iOS 15 device (2023).

    Values as on the real file: ``ZDATE`` Cocoa seconds with µs, ``ZDURATION`` a float32-sized
    REAL, one aggregate per call (``Z1CALLEVENTS``) holding ``ZINCOMING``/``ZMISSED``/``ZVIDEO``,
    ``ZMISSEDREASON`` 1 and ``Z_FOK_*`` 2048 as stored there, the caller's JID in
    ``ZGROUPCALLCREATORUSERJIDSTRING`` (the owner on outgoing calls). Every fourth call is missed
    (outcome 1, no duration), every seventh rejected (outcome 4), every fifth a video call, one in
    six a group call with three participants (``ZGROUPJIDSTRING`` set). Joinable and scheduled
    calls (no real row exists) fill only the columns whose meaning is evident from their names.
    """
    start = start_ms if start_ms is not None else WA_START_MS
    span = int(span_days * C.DAY * 1000)
    plan = _plan(seed, n_chats, n_groups, n_contacts, start, True, IOS_OWNER_NUMBER)
    owner = IOS_OWNER_NUMBER + "@" + SERVER
    r = C.rng(seed, "wa-ios-calls")
    summary = {"calls": [], "joinable": [], "upcoming": []}
    rows = {t: [] for t in CALLHISTORY_SPEC}
    participant_pk = 0
    times = sorted(start + int(r.random() * span) for _ in range(n_calls))
    for i, t in enumerate(times, start=1):
        group = plan.groups[i % len(plan.groups)] if plan.groups and i % 6 == 0 else None
        if group:
            peers = [jid_of(plan.people[p]) for p in group.members[:3]]
        else:
            peers = [plan.individual[i % len(plan.individual)].jid]
        incoming = bool(r.random() < 0.5)
        outcome = OUTCOME_MISSED if i % 4 == 0 else OUTCOME_REJECTED if i % 7 == 0 else OUTCOME_ENDED
        video = i % 5 == 0
        duration = 0.0 if outcome != OUTCOME_ENDED else struct.unpack("<f", struct.pack("<f", 5 + r.random() * 900))[0]
        cocoa = round(t / 1000.0 - C.UNIX_TO_COCOA + r.randrange(10 ** 6) / 10 ** 6, 6)
        creator = peers[0] if incoming else owner
        missed = outcome == OUTCOME_MISSED
        rows["ZWAAGGREGATECALLEVENT"].append((i, 1, 1, int(incoming), int(missed), 1, int(video), cocoa))
        sent = 0 if missed else r.randrange(10 ** 4, 10 ** 7)
        rows["ZWACDCALLEVENT"].append((i, 2, 1, 0 if missed else r.randrange(10 ** 4, 10 ** 7), sent, outcome, i, 2048,
                                       cocoa, duration, creator, group.jid if group else None))
        for jid in peers:
            participant_pk += 1
            rows["ZWACDCALLEVENTPARTICIPANT"].append((participant_pk, 3, 1, outcome, i, 2048, jid))
        summary["calls"].append({"pk": i, "date": cocoa, "duration": duration, "incoming": incoming, "outcome": outcome,
                                 "video": video, "peers": peers, "group": group.jid if group else None,
                                 "creator": creator})
    joined_pk = 0
    for j in range(1, joinable + 1):
        group = plan.groups[j % len(plan.groups)] if plan.groups else plan.individual[0]
        members = [jid_of(plan.people[p]) for p in getattr(group, "members", [0, 1])[:2]]
        cocoa = round((start + span // 2) / 1000.0 - C.UNIX_TO_COCOA + j, 6)
        rows["ZWAJOINABLECALLEVENT"].append((j, 4, 1, 0, cocoa, 42.5, members[0], _hex(r), group.jid, 0))
        for k, jid in enumerate(members):
            joined_pk += 1
            rows["ZWAJOINABLECALLEVENTPARTICIPANT"].append((joined_pk, 5, 1, int(k == 0), j, 2048, jid))
        summary["joinable"].append({"pk": j, "date": cocoa, "group": group.jid, "creator": members[0],
                                    "participants": members})
    for u in range(1, upcoming + 1):
        chat = plan.groups[0] if plan.groups else plan.individual[0]
        ms = start + span + u * 3_600_000
        rows["ZWAUPCOMINGCALLEVENT"].append((u, 6, 1, None, None, ms, chat.jid, owner, f"Weekly call {u}"))
        summary["upcoming"].append({"pk": u, "ms": ms, "chat": chat.jid, "title": f"Weekly call {u}"})
    maxima = {1: n_calls, 2: n_calls, 3: participant_pk, 4: joinable, 5: joined_pk, 6: upcoming}
    rows["Z_PRIMARYKEY"] = [(e, name, 0, maxima[e]) for e, name in CALLHISTORY_ENTITIES.items()]
    with build_db(path, CALLHISTORY) as conn:
        for table, cols in CALLHISTORY_SPEC.items():
            load(conn, table, cols, rows[table])
    summary.update(path=str(path), owner=owner, names={jid_of(p): p.name for p in plan.people if p.saved})
    return summary
