"""Deterministic Wire for iOS extractions: ``store.wiredatabase`` on the Core Data schema of ``ddl/wire_ios.sql``.

Path: ``private/var/mobile/Containers/Shared/AppGroup/<container>/AccountData/<account uuid>/store/store.wiredatabase``
(``CoreDataStack.accountDataFolder`` + ``appendingPersistentStoreLocation``, see the DDL header).
Message content is what the app stores: a serialized ``GenericMessage`` (``schemas/wire_messages.proto``, field
numbers of wireapp/generic-message-proto) in ``ZGENERICMESSAGEDATA.ZDATA``; system messages (calls, renames,
members added) carry ``ZSYSTEMMESSAGETYPE`` and no protobuf. Entity numbers (``Z_ENT``) are given as Core Data
gives them (entities by name, each sub-entity right after its parent); the parser reads them from
``Z_PRIMARYKEY`` and never relies on the numbers. Nothing here is a real person's data.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from pathlib import Path

from ..protos import load_schema
from .ddl_loader import create

DDL = "wire_ios.sql"
DOMAIN = "wire.com"
COCOA_OFFSET_S = 978_307_200
START_MS = 1_714_000_000_000  # 2024-04-24T23:06:40Z
#: the 2.132.0 model's entities (zmessaging2.132.0.xcdatamodel/contents); sub-entities of Message nested
ENTITIES = ("Action", "AddressBookEntry", "ButtonState", "Connection", "Conversation", "Feature", "GenericMessageData",
            "Label", "MLSGroup", "Member",
            ("Message", ("AssetClientMessage", "ClientMessage", "ImageMessage", "KnockMessage", "SystemMessage",
                         "TextMessage", "UnknownMessage")),
            "MessageConfirmation", "ParticipantRole", "Reaction", "Role", "Session", "Team", "User", "UserClient",
            "WireCellsLocalAsset", "WireCellsMessageAttachmentDraft")
#: MessageCategory bits (ZMMessage+Categorization.swift)
CAT_TEXT, CAT_IMAGE, CAT_FILE, CAT_LOCATION, CAT_KNOCK, CAT_SYSTEM = 1 << 1, 1 << 3, 1 << 5, 1 << 8, 1 << 10, 1 << 11
#: ZMSystemMessageType values used here (ZMMessage.h, current enum)
SYS_PARTICIPANTS_ADDED, SYS_NAME_CHANGED, SYS_MISSED_CALL, SYS_PERFORMED_CALL = 1, 4, 7, 18
CONV_ONE_ON_ONE, CONV_GROUP = 2, 3  # ZMConversationType
#: SystemMessage.users <-> User.systemMessages, a many-to-many relationship: Core Data's join table
#: Z_<SystemMessage ent>USERS(Z_<ent>SYSTEMMESSAGES, Z_<User ent>USERS1) (names as in the DDL, which uses the
#: entity numbers of entity_numbers())
USERS_JOIN, USERS_JOIN_MESSAGE, USERS_JOIN_USER = "Z_16USERS", "Z_16SYSTEMMESSAGES", "Z_25USERS1"


def entity_numbers() -> dict[str, tuple[int, int]]:
    """Entity name -> (Z_ENT, Z_SUPER), numbered depth-first in name order as Core Data does."""
    out: dict[str, tuple[int, int]] = {}
    n = 0
    for item in ENTITIES:
        name, subs = (item, ()) if isinstance(item, str) else item
        n += 1
        out[name] = (n, 0)
        parent = n
        for sub in subs:
            n += 1
            out[sub] = (n, parent)
    return out


def cocoa(ms: int) -> float:
    """A server time in ms since 1970 as Core Data stores a Date: seconds since 2001 (double)."""
    return (ms - COCOA_OFFSET_S * 1000) / 1000


def _uuid(r: random.Random) -> uuid.UUID:
    return uuid.UUID(int=r.getrandbits(128), version=4)


def fresh_file(path) -> Path:
    """``path`` as a Path whose folder exists and where no earlier file is left."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    return path


def build_store(path, *, n_messages: int = 24, seed: int | str = 0) -> dict:
    """Write a plain ``store.wiredatabase``; returns the account, users, conversations and one dict per message."""
    proto = load_schema("wire_messages.proto")
    GenericMessage = proto.message("GenericMessage")
    ents = entity_numbers()
    r = random.Random(f"wire-ios-{seed}")
    people = [("Sam Owner", "sam.owner"), ("Lena Example", "lena.e"), ("Marco Sample", "marco_s"),
              ("Ava Test", "ava")]
    users = []
    for pk, (name, handle) in enumerate(people, 1):
        u = _uuid(r)
        users.append({"pk": pk, "uuid": u, "id": f"{u}@{DOMAIN}", "name": name, "handle": handle,
                      "email": f"{handle.replace('.', '')}@example.com"})
    me = users[0]
    convs = []
    for pk, other in enumerate(users[1:3], 1):
        c = _uuid(r)
        convs.append({"pk": pk, "uuid": c, "id": f"{c}@{DOMAIN}", "type": CONV_ONE_ON_ONE, "name": None,
                      "display": other["name"], "other": other["pk"], "members": [me["pk"], other["pk"]]})
    g = _uuid(r)
    convs.append({"pk": 3, "uuid": g, "id": f"{g}@{DOMAIN}", "type": CONV_GROUP, "name": "Weekend Trip",
                  "display": "Weekend Trip", "other": None, "members": [u["pk"] for u in users]})
    texts = ["Are you around later?", "Yes, after 6 \u2615", "Bis morgen \U0001F44B", "Line one\nline two",
             "OK \U0001F44D", "<b>not html</b> & \"quotes\"", "\u0645\u0631\u062d\u0628\u0627", "Train at 9:40"]
    kinds = ["text", "text", "asset", "added", "knock", "ephemeral", "missed_call", "location", "text", "asset",
             "text", "renamed", "call", "hidden"]
    messages = []
    t = START_MS
    by_pk = {u["pk"]: u for u in users}
    for i in range(n_messages):
        t += r.randrange(20_000, 3_600_000)
        conv = convs[i % len(convs)]
        kind = kinds[i % len(kinds)]
        if kind in ("renamed", "added") and conv["type"] != CONV_GROUP:
            kind = "text"
        outgoing = r.random() < 0.45
        sender = me["pk"] if outgoing else r.choice([m for m in conv["members"] if m != me["pk"]])
        nonce = _uuid(r)
        m = {"pk": i + 1, "kind": kind, "conversation": conv["id"], "conv_pk": conv["pk"], "sender": by_pk[sender]["id"],
             "sender_pk": sender, "outgoing": sender == me["pk"], "server_ms": t, "ZSERVERTIMESTAMP": cocoa(t),
             "nonce": str(nonce), "body": None, "attachment": None, "expire_after_millis": None, "deleted": False,
             "entity": "ClientMessage", "category": CAT_TEXT, "system_type": None, "duration": None, "text": None,
             "generic": None, "users": []}
        gm = GenericMessage(message_id=str(nonce))
        if kind in ("text", "hidden"):
            m["body"] = texts[i % len(texts)]
            gm.text.content = m["body"]
            m["deleted"] = kind == "hidden"  # deleted for me: kept, hidden from the conversation
        elif kind == "ephemeral":
            m["body"] = "This disappears in a minute"
            m["expire_after_millis"] = 60_000
            gm.ephemeral.expire_after_millis = 60_000
            gm.ephemeral.text.content = m["body"]
        elif kind == "knock":
            gm.knock.hot_knock = False
            m["category"] = CAT_KNOCK
        elif kind == "location":
            gm.location.latitude, gm.location.longitude = 52.515625, 13.375
            gm.location.name, gm.location.zoom = "Meeting point", 15
            m["body"] = "Location: Meeting point (52.515625, 13.375)"
            m["category"] = CAT_LOCATION
        elif kind == "asset":
            image = i % 2 == 0
            name = f"IMG_{1000 + i}.jpg" if image else f"tickets-{i}.pdf"
            m["entity"] = "AssetClientMessage"
            m["attachment"] = name
            m["category"] = CAT_IMAGE if image else CAT_FILE
            gm.asset.original.mime_type = "image/jpeg" if image else "application/pdf"
            gm.asset.original.size = r.randrange(20_000, 900_000)
            gm.asset.original.name = name
            if image:
                gm.asset.original.image.width, gm.asset.original.image.height = 1024, 768
            gm.asset.uploaded.otr_key = r.randbytes(32)
            gm.asset.uploaded.sha256 = r.randbytes(32)
            gm.asset.uploaded.asset_id = f"3-2-{_uuid(r)}"
            m["mime_type"], m["size"] = gm.asset.original.mime_type, gm.asset.original.size
        else:
            m["entity"], m["category"], gm = "SystemMessage", CAT_SYSTEM, None
            if kind == "missed_call":
                m["system_type"] = SYS_MISSED_CALL
            elif kind == "call":
                m["system_type"], m["duration"] = SYS_PERFORMED_CALL, float(r.randrange(30, 900))
            elif kind == "renamed":
                m["system_type"], m["text"] = SYS_NAME_CHANGED, conv["name"]
            elif kind == "added":  # the users of a system message: the Z_<SystemMessage>USERS join table
                m["system_type"], m["users"] = SYS_PARTICIPANTS_ADDED, [users[3]["id"]]
        if gm is not None:
            m["generic"] = gm.SerializeToString()
        messages.append(m)
    con = sqlite3.connect(fresh_file(path))
    try:
        create(con, DDL, "tables")
        maxima = {"User": len(users), "Conversation": len(convs), "Session": 1, "Message": len(messages),
                  "GenericMessageData": sum(1 for m in messages if m["generic"]),
                  "ParticipantRole": sum(len(c["members"]) for c in convs)}
        for name, (ent, sup) in ents.items():
            con.execute("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)",
                        (ent, name, sup, maxima.get(name, 0)))
        con.execute("INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, NULL)", (str(_uuid(r)).upper(),))
        for u in users:
            con.execute("INSERT INTO ZUSER (Z_PK, Z_ENT, Z_OPT, ZACCENTCOLORVALUE, ZISACCOUNTDELETED, ZDOMAIN, "
                        "ZEMAILADDRESS, ZHANDLE, ZNAME, ZNORMALIZEDNAME, ZREMOTEIDENTIFIER_DATA) "
                        "VALUES (?, ?, 1, ?, 0, ?, ?, ?, ?, ?, ?)",
                        (u["pk"], ents["User"][0], u["pk"] % 7, DOMAIN, u["email"], u["handle"], u["name"],
                         u["name"].lower(), u["uuid"].bytes))
        con.execute("INSERT INTO ZSESSION (Z_PK, Z_ENT, Z_OPT, ZSELFUSER) VALUES (1, ?, 1, ?)",
                    (ents["Session"][0], me["pk"]))
        role_pk = 0
        for c in convs:
            con.execute("INSERT INTO ZCONVERSATION (Z_PK, Z_ENT, Z_OPT, ZCONVERSATIONTYPE, ZINTERNALISARCHIVED, "
                        "ZMESSAGEPROTOCOL, ZCREATOR, ZONEONONEUSER, ZLASTMODIFIEDDATE, ZLASTSERVERTIMESTAMP, ZDOMAIN, "
                        "ZNORMALIZEDUSERDEFINEDNAME, ZUSERDEFINEDNAME, ZREMOTEIDENTIFIER_DATA) "
                        "VALUES (?, ?, 1, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (c["pk"], ents["Conversation"][0], c["type"], me["pk"], c["other"], cocoa(t), cocoa(t), DOMAIN,
                         c["name"].lower() if c["name"] else None, c["name"], c["uuid"].bytes))
            for member in c["members"]:
                role_pk += 1
                con.execute("INSERT INTO ZPARTICIPANTROLE (Z_PK, Z_ENT, Z_OPT, ZCONVERSATION, ZUSER) VALUES (?, ?, 1, ?, ?)",
                            (role_pk, ents["ParticipantRole"][0], c["pk"], member))
        data_pk = 0
        for m in messages:
            visible, hidden = (None, m["conv_pk"]) if m["deleted"] else (m["conv_pk"], None)
            destruction = cocoa(m["server_ms"] + m["expire_after_millis"]) if m["expire_after_millis"] else None
            conv = next(c for c in convs if c["pk"] == m["conv_pk"])
            con.execute(
                "INSERT INTO ZMESSAGE (Z_PK, Z_ENT, Z_OPT, ZCACHEDCATEGORY, ZDELIVERED, ZISEXPIRED, ZISOBFUSCATED, "
                "ZSHOULDEXPIRE, ZHIDDENINCONVERSATION, ZSENDER, ZVISIBLEINCONVERSATION, ZSYSTEMMESSAGETYPE, "
                "ZDESTRUCTIONDATE, ZSERVERTIMESTAMP, ZDURATION, ZCONVERSATIONDOMAIN, ZNORMALIZEDTEXT, ZSENDERCLIENTID, "
                "ZSENDERDOMAIN, ZTEXT, ZCONVERSATIONID, ZNONCE_DATA, ZSENDERID) "
                "VALUES (?, ?, 2, ?, 1, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (m["pk"], ents[m["entity"]][0], m["category"], hidden, m["sender_pk"], visible, m["system_type"],
                 destruction, m["ZSERVERTIMESTAMP"], m["duration"], DOMAIN,
                 m["body"].lower() if m["body"] and m["kind"] != "location" else None,
                 None if m["entity"] == "SystemMessage" else f"{r.getrandbits(64):x}", DOMAIN, m["text"],
                 conv["uuid"].bytes, uuid.UUID(m["nonce"]).bytes, by_pk[m["sender_pk"]]["uuid"].bytes))
            by_id = {u["id"]: u["pk"] for u in users}
            for user in m["users"]:
                con.execute(f"INSERT INTO {USERS_JOIN} ({USERS_JOIN_MESSAGE}, {USERS_JOIN_USER}) VALUES (?, ?)",
                            (m["pk"], by_id[user]))
            if m["generic"]:
                data_pk += 1
                owner = "ZASSET" if m["entity"] == "AssetClientMessage" else "ZMESSAGE"
                con.execute(f"INSERT INTO ZGENERICMESSAGEDATA (Z_PK, Z_ENT, Z_OPT, {owner}, Z_FOK_{owner[1:]}, ZDATA) "
                            "VALUES (?, ?, 1, ?, 1, ?)", (data_pk, ents["GenericMessageData"][0], m["pk"], m["generic"]))
        create(con, DDL, "after")
        con.commit()
    finally:
        con.close()
    for m in messages:
        m.pop("generic")
    return {"self": me["id"], "account_uuid": str(me["uuid"]).upper(), "users": users, "conversations": convs,
            "messages": messages}


def write_ios_extraction(dest, *, n_messages: int = 24, seed: int | str = 0) -> dict:
    """A Wire iOS app group folder under ``dest``; returns the summary with ``database`` (relative path)."""
    dest = Path(dest)
    r = random.Random(f"wire-ios-container-{seed}")
    container = str(_uuid(r)).upper()
    with_account = random.Random(f"wire-ios-{seed}")
    account = str(_uuid(with_account)).upper()  # the self user's uuid: the first drawn by build_store
    rel = (f"private/var/mobile/Containers/Shared/AppGroup/{container}/AccountData/{account}/store/"
           "store.wiredatabase")
    summary = build_store(dest / rel, n_messages=n_messages, seed=seed)
    assert summary["account_uuid"] == account
    summary["database"] = rel
    return summary
