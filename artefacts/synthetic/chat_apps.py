"""Deterministic small stores of four messengers whose real databases are in plaso's test data:
Kik iOS ``kik.sqlite``, Skype desktop ``main.db``, Google Hangouts ``babel*.db`` and imo iOS
``IMODb2.sqlite``.

Tables come from the real files' own ``CREATE`` statements, copied in ``ddl/kik_ios.sql``,
``ddl/skype_main.sql``, ``ddl/hangouts_babel.sql`` and ``ddl/imo_ios.sql`` (sources in their
headers); every column written is checked against them. Values are stored as the real files store
them: Kik times as Cocoa seconds (REAL), Skype times as Unix seconds, Hangouts as Unix
microseconds, imo as Unix nanoseconds; Kik's Core Data entity numbers and join table
(``Z_3MESSAGES``) as in the real file. Each builder returns the manifest of the events a parser
should make of it (times computed here with :mod:`datetime`, independently of
``artefacts.timeconv``). Nothing here is a real person's data.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, insert_sql
from .signal_ios import keyed_archive
from .messengers import iso

KIK_DDL, SKYPE_DDL, HANGOUTS_DDL, IMO_DDL = "kik_ios.sql", "skype_main.sql", "hangouts_babel.sql", "imo_ios.sql"
KIK_PATH = ("private/var/mobile/Containers/Shared/AppGroup/5B2F4E1A-0C3D-4E5F-8A9B-1C2D3E4F5A6B/"
            "cores/private/3f1e0c2a9b8d4e7f/kik.sqlite")
SKYPE_PATH = "Users/sam/Library/Application Support/Skype/sam.owner/main.db"
HANGOUTS_PATH = "data/data/com.google.android.talk/databases/babel0.db"
IMO_PATH = "private/var/mobile/Containers/Data/Application/8C7D6E5F-4A3B-2C1D-0E9F-8A7B6C5D4E3F/Documents/IMODb2.sqlite"

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
COCOA = datetime(2001, 1, 1, tzinfo=timezone.utc)
START = datetime(2021, 3, 1, 10, 0, 0, tzinfo=timezone.utc)


def _insert(con: sqlite3.Connection, ddl: str, table: str, row: dict) -> None:
    check_columns(ddl, {table: list(row)})
    con.execute(insert_sql(table, list(row)), list(row.values()))


def _event(locator, kind, when, direction, conversation, sender, recipients, body, attachments=(), deleted=False) -> dict:
    """One expected event; ``attachments`` are ``(name, sha256 or None)`` pairs."""
    return {"locator": locator, "kind": kind, "timestamp": iso(when) if when else None, "direction": direction,
            "conversation_id": conversation, "sender": sender, "recipients": list(recipients), "body": body,
            "deleted": deleted, "attachments": [{"name": n, "sha256": h} for n, h in attachments]}


def _contact(locator, address, name) -> dict:
    return _event(locator, "contact", None, None, address, address, [], name)


# -- Kik iOS -------------------------------------------------------------------------------------

KIK_ENTITIES = ("KikAttachment", "KikAttachmentExtra", "KikChat", "KikChatExtra", "KikMessage", "KikUser", "KikUserExtra")


def build_kik(path) -> dict:
    """``kik.sqlite``: three people and a group, their chats, ten messages (two group lines, one photo).

    The photo's file is written, named by its content id, in ``content_manager/data_cache/`` beside the database.
    """
    users = [  # Z_PK, username, display name, JID; ZEXTRA of 1 and 2 swapped, as in the real file
        (1, "alice.k", "Alice Kay", "alice.k_x1q@talk.kik.com", 2),
        (2, "bo_b", "Bob Bee", "bo_b_7hz@talk.kik.com", 1),
        (3, "cara99", "Cara Dee", "cara99_m2p@talk.kik.com", 3),
        (4, "", "Weekend plans", "1100099990001_g@groups.kik.com", 4),
    ]
    jid = {u[0]: u[3] for u in users}
    content = "5d0c1e2f-3a4b-4c5d-8e9f-0a1b2c3d4e5f"
    photo_bytes = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64)) + b"\xff\xd9"  # a token JPEG-framed file
    media = Path(path).parent / "content_manager" / "data_cache" / content
    # (chat user, ZTYPE, ZUSER, body, ZSTATE, attachment)
    spec = [
        (1, 1, 1, "Hey, are you around later?", 16, False),
        (1, 2, 1, "Yes after 6 \U0001F44D", 30, False),
        (2, 2, 2, "Did you get the tickets?", 94, False),
        (2, 1, 2, "Got them & a spare <3", 16, False),
        (4, 3, 4, "You started a group", 0, False),
        (4, 2, 4, "Welcome all", 30, False),
        (4, 1, 3, "Thanks! 'quotes' \"too\"", 16, False),
        (4, 1, 2, content, 16, True),
        (4, 4, 3, "Cara Dee has left the chat", 0, False),
        (3, 2, 3, "see you", 2, False),
    ]
    events = []
    with build_db(path, KIK_DDL, page_size=1024) as con:
        for ent, name in enumerate(KIK_ENTITIES, 1):
            _insert(con, KIK_DDL, "Z_PRIMARYKEY", {"Z_ENT": ent, "Z_NAME": name, "Z_SUPER": 0,
                                                   "Z_MAX": {"KikMessage": len(spec), "KikUser": 4, "KikUserExtra": 4,
                                                             "KikChat": 4, "KikAttachment": 1}.get(name, 0)})
        for pk, username, display, j, extra in users:
            _insert(con, KIK_DDL, "ZKIKUSER", {"Z_PK": pk, "Z_ENT": 6, "Z_OPT": 1, "ZFLAGS": 9 if pk == 4 else 257,
                                               "ZTYPE": 1, "ZEXTRA": extra, "ZDISPLAYNAME": display,
                                               "ZDISPLAYNAMEASCII": display.upper(), "ZJID": j, "ZUSERNAME": username,
                                               "ZFIRSTNAME": display.split()[0] if pk != 4 else None,
                                               "ZPPTIMESTAMP": str(int((START - EPOCH).total_seconds() * 1000) + pk)})
            _insert(con, KIK_DDL, "ZKIKUSEREXTRA", {"Z_PK": extra, "Z_ENT": 7, "Z_OPT": 1, "ZUSER": pk})
            _insert(con, KIK_DDL, "ZKIKCHAT", {"Z_PK": pk, "Z_ENT": 3, "Z_OPT": 1, "ZFLAGS": 18, "ZUSER": pk})
            events.append(_contact(f"ZKIKUSER:Z_PK={pk}", j, display))
        for member in (2, 3):
            _insert(con, KIK_DDL, "Z_6MEMBERS", {"Z_6MEMBERSINVERSE": 4, "Z_6MEMBERS": member})
        msg_events = []
        for i, (chat, mtype, user, body, state, photo) in enumerate(spec, 1):
            received = START + timedelta(seconds=i * 137 + i / 64)  # k/64 s: exact in binary floating point
            _insert(con, KIK_DDL, "ZKIKMESSAGE", {
                "Z_PK": i, "Z_ENT": 5, "Z_OPT": 2, "ZFLAGS": 0, "ZINTERNALID": 0, "ZSTATE": state, "ZSYSTEMSTATE": 0,
                "ZTYPE": mtype, "ZUSER": user, "ZRECEIVEDTIMESTAMP": (received - COCOA).total_seconds(),
                "ZTIMESTAMP": (received - COCOA).total_seconds() - 0.5, "ZBODY": body,
                "ZSTANZAID": f"00000000-0000-4000-8000-{i:012d}"})
            _insert(con, KIK_DDL, "Z_3MESSAGES", {"Z_3CHAT": chat, "Z_5MESSAGES": i})
            if photo:
                _insert(con, KIK_DDL, "ZKIKATTACHMENT", {"Z_PK": 1, "Z_ENT": 1, "Z_OPT": 1, "ZFLAGS": 4, "ZTYPE": 6,
                                                         "ZMESSAGE": i, "ZCONTENT": content,
                                                         "ZTIMESTAMP": (received - COCOA).total_seconds()})
            direction = {1: "incoming", 2: "outgoing"}.get(mtype)
            msg_events.append(_event(
                f"ZKIKMESSAGE:Z_PK={i}", "message" if direction else "system", received, direction, jid[chat],
                jid[user] if direction == "incoming" else None, [jid[user]] if direction == "outgoing" else [], body,
                [(content, hashlib.sha256(photo_bytes).hexdigest())] if photo else []))
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_bytes(photo_bytes)
    return {"app": "kik", "path": KIK_PATH, "events": msg_events + events}


# -- Skype desktop -----------------------------------------------------------------------------

def _unix(dt: datetime) -> int:
    return int((dt - EPOCH).total_seconds())


def build_skype(path) -> dict:
    """``main.db`` of the account ``sam.owner``: two chats, an SMS, two calls, a file transfer, two contacts."""
    t = [START + timedelta(minutes=7 * i) for i in range(20)]
    events, people = [], []
    with build_db(path, SKYPE_DDL, page_size=1024) as con:
        _insert(con, SKYPE_DDL, "Accounts", {"id": 1, "is_permanent": 1, "skypename": "sam.owner", "fullname": "Sam Owner",
                                             "emails": "sam@example.org", "country": "gb", "profile_timestamp": _unix(t[0])})
        people.append(_contact("Accounts:id=1", "sam.owner", "Sam Owner"))
        for cid, name, full in ((5, "lena.example", "Lena Example"), (6, "marco.sample", "Marco Sample")):
            _insert(con, SKYPE_DDL, "Contacts", {"id": cid, "is_permanent": 1, "skypename": name, "fullname": full,
                                                 "displayname": full, "profile_timestamp": _unix(t[0])})
            people.append(_contact(f"Contacts:id={cid}", name, full))
        group = "#lena.example/$sam.owner;9f8e7d6c5b4a3921"
        _insert(con, SKYPE_DDL, "Conversations", {"id": 10, "is_permanent": 1, "identity": "lena.example", "type": 1,
                                                  "displayname": "Lena Example", "creation_timestamp": _unix(t[0])})
        _insert(con, SKYPE_DDL, "Conversations", {"id": 11, "is_permanent": 1, "identity": group, "type": 2,
                                                  "displayname": "Trip", "creation_timestamp": _unix(t[0])})
        dialog = "#sam.owner/$lena.example;1a2b3c4d5e6f7081"
        chats = {dialog: ("lena.example sam.owner", "Lena Example", "lena.example", 10, "lena.example"),
                 group: ("lena.example marco.sample sam.owner", "Trip", None, 11, group)}
        for n, (name, (participants, friendly, partner, conv, _)) in enumerate(chats.items()):
            _insert(con, SKYPE_DDL, "Chats", {"id": 20 + n, "is_permanent": 1, "name": name, "friendlyname": friendly,
                                              "dialog_partner": partner, "participants": participants,
                                              "type": 2 if partner else 4, "timestamp": _unix(t[0]), "conv_dbid": conv})
        names = {"sam.owner": "Sam Owner", "lena.example": "Lena Example", "marco.sample": "Marco Sample"}
        msgs = [  # id, chat, author, minute index, type, body_xml
            (100, dialog, "lena.example", 1, 61, "hi Sam"),
            (101, dialog, "sam.owner", 2, 61, "Hi Lena &amp; welcome"),
            (102, dialog, "lena.example", 3, 61, '<a href="https://example.org/doc">https://example.org/doc</a>'),
            (103, dialog, "sam.owner", 4, 64, '<sms alt="Running late"><type>2</type></sms>'),
            (104, group, "marco.sample", 5, 61, "Trip on Friday?"),
            (105, group, "sam.owner", 6, 61, "count me in \u2708"),
        ]
        for mid, chat, author, k, mtype, body in msgs:
            participants, _, partner, conv, conv_id = chats[chat]
            _insert(con, SKYPE_DDL, "Messages", {
                "id": mid, "is_permanent": 1, "convo_id": conv, "chatname": chat, "author": author,
                "from_dispname": names[author], "dialog_partner": partner, "timestamp": _unix(t[k]), "type": mtype,
                "sending_status": 2 if author == "sam.owner" else None, "chatmsg_type": 7 if mtype == 64 else 3,
                "body_xml": body})
            outgoing = author == "sam.owner"
            events.append(_event(f"Messages:id={mid}", "message", t[k], "outgoing" if outgoing else "incoming", conv_id,
                                 author, [p for p in participants.split() if p != author], body))
        _insert(con, SKYPE_DDL, "SMSes", {"id": 300, "is_permanent": 1, "type": 2, "status": 6, "timestamp": _unix(t[4]),
                                          "target_numbers": "+44 7700 900123", "body": "Running late", "chatmsg_id": 103})
        events.append(_event("SMSes:id=300", "message", t[4], "outgoing", "+447700900123", "sam.owner",
                             ["+447700900123"], "Running late"))
        # an incoming video call that was answered, an outgoing call that was not
        _insert(con, SKYPE_DDL, "Calls", {"id": 400, "is_permanent": 1, "begin_timestamp": _unix(t[8]), "is_incoming": 1,
                                          "host_identity": "lena.example", "name": "1-1614593280"})
        _insert(con, SKYPE_DDL, "CallMembers", {"id": 500, "is_permanent": 1, "identity": "lena.example",
                                                "dispname": "Lena Example", "call_duration": 75, "videostatus": 3,
                                                "start_timestamp": _unix(t[8]) + 5, "call_db_id": 400, "type": 1,
                                                "guid": "lena.example-sam.owner-1614593280-1"})
        events.append(_event("CallMembers:id=500", "call", t[8], "incoming", "lena.example", "lena.example", ["sam.owner"],
                             "Video call, incoming, 1 min 15 s"))
        _insert(con, SKYPE_DDL, "Calls", {"id": 401, "is_permanent": 1, "begin_timestamp": _unix(t[9]), "is_incoming": 0,
                                          "host_identity": "sam.owner", "name": "1-1614593700"})
        _insert(con, SKYPE_DDL, "CallMembers", {"id": 501, "is_permanent": 1, "identity": "marco.sample",
                                                "dispname": "Marco Sample", "call_db_id": 401, "type": 1,
                                                "guid": "sam.owner-marco.sample-1614593700-1"})
        events.append(_event("CallMembers:id=501", "call", t[9], "outgoing", "marco.sample", "sam.owner",
                             ["marco.sample"], "Voice call, outgoing, not answered"))
        # a file offered by the owner (pk_id 7001) and its receiving side (parent_id 7001)
        common = {"is_permanent": 1, "type": 2, "filepath": "/Users/sam/Documents/plan.pdf", "filename": "plan.pdf",
                  "filesize": "20480", "convo_id": 10}
        _insert(con, SKYPE_DDL, "Transfers", {"id": 600, **common, "partner_handle": "sam.owner",
                                              "partner_dispname": "Sam Owner", "status": 2, "starttime": _unix(t[10]),
                                              "finishtime": 0, "pk_id": 7001, "bytestransferred": "0"})
        _insert(con, SKYPE_DDL, "Transfers", {"id": 601, **common, "partner_handle": "lena.example",
                                              "partner_dispname": "Lena Example", "status": 8,
                                              "starttime": _unix(t[10]) + 3, "accepttime": _unix(t[10]) + 3,
                                              "finishtime": _unix(t[10]) + 9, "parent_id": 7001, "pk_id": 7002,
                                              "bytestransferred": "20480"})
        for tid, when in ((600, t[10]), (601, t[10] + timedelta(seconds=3))):
            events.append(_event(f"Transfers:id={tid}", "message", when, "outgoing", "lena.example", "sam.owner",
                                 ["lena.example"], "File transfer: plan.pdf", [("plan.pdf", None)]))
    return {"app": "skype", "path": SKYPE_PATH, "events": events + people}


# -- Google Hangouts Android -------------------------------------------------------------------

def build_hangouts(path) -> dict:
    """``babel0.db``: the owner, two others (one blocked), a one-to-one and a group conversation."""
    people = [(1, "100000000000000000001", "Pat Owner", 0), (2, "100000000000000000002", "Quinn Roe", 0),
              (3, "100000000000000000003", "Rae Sol", 1)]
    chat = {pk: cid for pk, cid, _, _ in people}
    convs = {"UgwOneToOneAAAAAAAAAAAA4AaABAQ": (1, None, "Quinn Roe", (1, 2)),
             "UgwGroupAAAAAAAAAAAAAAA4AaABAQ": (2, "Book club", "Quinn Roe, Rae Sol", (1, 2, 3))}
    msgs = [  # conversation, author pk, text (stored as Hangouts stores it), status, attachment
        ("UgwOneToOneAAAAAAAAAAAA4AaABAQ", 2, "Are we still on for tonight?", 4, None),
        ("UgwOneToOneAAAAAAAAAAAA4AaABAQ", 1, "Yes! It&#39;s at 8", 4, None),
        ("UgwOneToOneAAAAAAAAAAAA4AaABAQ", 2, None, 4, ("image/jpeg", "https://lh3.googleusercontent.com/abc123")),
        ("UgwOneToOneAAAAAAAAAAAA4AaABAQ", 1, "nice photo", 4, None),
        ("UgwGroupAAAAAAAAAAAAAAA4AaABAQ", 3, "Chapter 3 done \U0001F4DA", 0, None),
        ("UgwGroupAAAAAAAAAAAAAAA4AaABAQ", 1, "Not yet...", 4, None),
        ("UgwGroupAAAAAAAAAAAAAAA4AaABAQ", 2, "<b>spoilers</b> & more", 0, None),
        ("UgwGroupAAAAAAAAAAAAAAA4AaABAQ", 1, "see you Thursday", 4, None),
    ]
    events = []
    with build_db(path, HANGOUTS_DDL, page_size=1024) as con:
        for pk, cid, name, blocked in people:
            _insert(con, HANGOUTS_DDL, "participants", {"_id": pk, "participant_type": 1, "gaia_id": cid, "chat_id": cid,
                                                        "full_name": name, "first_name": name.split()[0],
                                                        "fallback_name": name, "blocked": blocked})
            if blocked:
                _insert(con, HANGOUTS_DDL, "blocked_people", {"gaia_id": cid, "chat_id": cid, "name": name})
        n = 0
        for conv_id, (ctype, name, generated, members) in convs.items():
            _insert(con, HANGOUTS_DDL, "conversations", {"conversation_id": conv_id, "conversation_type": ctype,
                                                         "name": name, "generated_name": generated, "transport_type": 1})
            for pk in members:
                n += 1
                _insert(con, HANGOUTS_DDL, "conversation_participants", {"_id": n, "participant_row_id": pk,
                                                                         "conversation_id": conv_id, "sequence": 1,
                                                                         "active": 1, "invitation_status": 2})
        for i, (conv_id, author, text, status, media) in enumerate(msgs, 1):
            when = START + timedelta(seconds=i * 611, microseconds=i * 123457)
            row = {"_id": i, "message_id": f"8V0000000000{i:010d}", "conversation_id": conv_id,
                   "author_chat_id": chat[author], "author_gaia_id": chat[author], "text": text,
                   "timestamp": (when - EPOCH) // timedelta(microseconds=1), "status": status,
                   "type": 1 if author == 1 else 2, "transport_type": 1}
            if media:
                row.update(attachment_content_type=media[0], remote_url=media[1])
            _insert(con, HANGOUTS_DDL, "messages", row)
            members = convs[conv_id][3]
            events.append(_event(f"messages:_id={i}", "message", when, "outgoing" if author == 1 else "incoming", conv_id,
                                 chat[author], [chat[m] for m in members if m != author], text,
                                 [(None, None)] if media else []))
        for pk, cid, name, _ in people:
            events.append(_contact(f"participants:_id={pk}", cid, name))
    return {"app": "hangouts", "path": HANGOUTS_PATH, "events": events}


# -- imo iOS -----------------------------------------------------------------------------------

IMO_ENTITIES = ("IMOChatMsg", "IMOContact", "IMOKeyVal", "IMOMediaLocalInfo", "IMOMediaStream", "IMORecentCall",
                "IMORecentChat")


def build_imo(path) -> dict:
    """``IMODb2.sqlite``: two contacts and eight messages with them, one a photo, one deleted (``ZIMDATA``)."""
    contacts = [(1, "2000000000000001", "Tess Ng", "(555) 010-0001"), (2, "2000000000000002", "Uma Vo", None)]
    texts = ["hi from imo", "hello Tess", "call later?", "sure \U0001F4DE", "uploaded photo: https://cdn.imoim.us/s/object/"
             ".40AAAAexample01/", "ok", "This message was deleted", "\u05e9\u05dc\u05d5\u05dd"]
    imdata = {  # as in the real file's rows 5 and 15
        5: {"objects": [{"type_specific_params": {"original_height": 640, "original_width": 480, "mime": "image/webp",
                                                  "type": "image"},
                         "filename": "beach.webp", "object_id": ".40AAAAexample01", "type": "image"}],
            "type": "photo_uploaded", "photo_urls": ["/o/.40AAAAexample01"]},
        7: {"type": "__deleted_im"},
    }
    events = []
    with build_db(path, IMO_DDL, page_size=1024) as con:
        for ent, name in enumerate(IMO_ENTITIES, 1):
            _insert(con, IMO_DDL, "Z_PRIMARYKEY", {"Z_ENT": ent, "Z_NAME": name, "Z_SUPER": 0,
                                                   "Z_MAX": {"IMOChatMsg": len(texts), "IMOContact": 2}.get(name, 0)})
        for pk, buid, name, phone in contacts:
            _insert(con, IMO_DDL, "ZIMOCONTACT", {"Z_PK": pk, "Z_ENT": 2, "Z_OPT": 1, "ZBLOCK_STATE": 0, "ZIS_GROUP": 0,
                                                  "ZALIAS": name, "ZBUID": buid, "ZDISPLAY": name, "ZPHONE": phone})
        for i, text in enumerate(texts, 1):
            pk, buid, name, _ = contacts[(i - 1) // 4]
            sent = i % 2 == 0
            when = START + timedelta(seconds=i * 97, microseconds=i * 1000)
            ns = (when - EPOCH) // timedelta(microseconds=1) * 1000 + 321  # below a microsecond: dropped, kept raw
            _insert(con, IMO_DDL, "ZIMOCHATMSG", {
                "Z_PK": i, "Z_ENT": 1, "Z_OPT": 2, "ZISSENT": int(sent), "ZNUM_RETRIES": 0, "ZSENDERTS": ns - 3_000_000,
                "ZSTATE": 3 if sent else 4, "ZTS": ns, "ZTYPE": 0, "ZA_UID": None if sent else buid,
                "ZALIAS": None if sent else name, "ZBUID": buid, "ZCONTACT_ALIAS": name, "ZTEXT": text,
                "ZIMDATA": keyed_archive(imdata[i]) if i in imdata else None})
            events.append(_event(f"ZIMOCHATMSG:Z_PK={i}", "message", when, "outgoing" if sent else "incoming", buid,
                                 None if sent else buid, [buid] if sent else [], text,
                                 [("beach.webp", None)] if i == 5 else [], deleted=i == 7))
        for pk, buid, name, _ in contacts:
            events.append(_contact(f"ZIMOCONTACT:Z_PK={pk}", buid, name))
    return {"app": "imo", "path": IMO_PATH, "events": events}


BUILDERS = {"kik": build_kik, "skype": build_skype, "hangouts": build_hangouts, "imo": build_imo}


def write_sample(dest, app: str) -> dict:
    """Build ``app``'s store at its device path under ``dest`` (an extraction folder); its manifest."""
    builder = BUILDERS[app]
    path = {"kik": KIK_PATH, "skype": SKYPE_PATH, "hangouts": HANGOUTS_PATH, "imo": IMO_PATH}[app]
    manifest = builder(Path(dest) / path)
    return manifest
