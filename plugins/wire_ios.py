"""Wire for iOS: ``AccountData/<account uuid>/store/store.wiredatabase`` in the app group container.

The Core Data store of one account (path: ``CoreDataStack.accountDataFolder`` = ``<app group>/AccountData/
<uuidString>`` and ``appendingPersistentStoreLocation`` = ``store/store.wiredatabase``, wireapp/wire-ios
``wire-ios-data-model/Source/ManagedObjectContext/CoreDataStack.swift``). Plain SQLite (iOS Data Protection
only). Schema: the Core Data model ``wire-ios-data-model/Resources/zmessaging.xcdatamodeld/
zmessaging2.132.0.xcdatamodel/contents``, assembled into ``artefacts/synthetic/ddl/wire_ios.sql`` (its header
names the naming rules and the readers of real stores that confirm the column names).

* ``ZMESSAGE``: one table for the whole ``Message`` hierarchy; ``Z_ENT`` is resolved to the entity name through
  ``Z_PRIMARYKEY`` (``ClientMessage``, ``AssetClientMessage``, ``SystemMessage``, ``KnockMessage``, ``TextMessage``,
  ``ImageMessage``, ``UnknownMessage``). ``ZSERVERTIMESTAMP``: Cocoa seconds (a double, iLEAPP
  ``scripts/artifacts/wire.py``; LukasForst/wire-android-backup reads it as a double). ``ZSENDER`` -> ``ZUSER``;
  ``ZVISIBLEINCONVERSATION`` / ``ZHIDDENINCONVERSATION`` -> ``ZCONVERSATION`` (hidden = deleted on this device, the
  row kept). ``ZDESTRUCTIONDATE`` (Cocoa) is the end of a self-deleting message; ``ZISOBFUSCATED`` marks one whose
  timer ran out on the sender's side. ``ZCACHEDCATEGORY`` is the ``MessageCategory`` bit set
  (``ZMMessage+Categorization.swift``: 1 undefined, 2 text, 4 link, 8 image, 16 GIF, 32 file, 64 audio,
  128 video, 256 location, 512 reacted, 1024 knock, 2048 system message, 4096 excluded from collection,
  8192 link preview), kept in ``extra`` with its names.
* ``ZGENERICMESSAGEDATA.ZDATA`` (``ZMESSAGE`` for a ``ClientMessage``, ``ZASSET`` for an ``AssetClientMessage``):
  the serialized ``GenericMessage`` protobuf, decoded with ``schemas/wire_messages.proto`` (field numbers of
  wireapp/generic-message-proto ``proto/messages.proto``: text 2, image 3, knock 4, asset 11, location 13,
  edited 15, ephemeral 18 ...). When ``ZNONCE`` is set the data is encrypted at rest (``ZMGenericMessageData``:
  "The nonce used to encrypt `data`"; the key is in the keychain) and cannot be read: the event says so, and
  the body falls back to ``ZNORMALIZEDTEXT`` (a lower-cased search form of the text), marked ``body_from``.
* ``SystemMessage`` rows: ``ZSYSTEMMESSAGETYPE`` = ``ZMSystemMessageType`` (``wire-ios-data-model/Source/Public/
  ZMMessage.h``, current enum with ``FailedToAddParticipants`` = 2; builds before that value existed number the
  later values one lower - the raw number is kept); missed (7) and performed (18) calls are ``call`` events
  (``ZDURATION`` seconds), the rest ``system``; ``ZTEXT`` holds a conversation's new name; the users a system
  message names (participants added / removed) come from Core Data's join table ``Z_<SystemMessage>USERS``
  (``Z_<n>SYSTEMMESSAGES``, ``Z_<m>USERS1``, as LukasForst/wire-android-backup ``SystemMessagesRelatedUsers.kt``
  reads it), the entity numbers taken from ``Z_PRIMARYKEY``.
* ``ZUSER`` (``ZNAME``, ``ZHANDLE``, ``ZEMAILADDRESS``, ``ZDOMAIN``, ``ZREMOTEIDENTIFIER_DATA`` = the 16 bytes of the
  user's UUID) gives ids as ``<uuid>@<domain>``, the form of the Kalium plugin (``wire_android``). The account's
  own user is ``ZSESSION.ZSELFUSER``. ``ZCONVERSATION``: ``ZUSERDEFINEDNAME``, ``ZCONVERSATIONTYPE``
  (``ZMConversationType``, ZMConversation.h: 1 self, 2 one-to-one, 3 group, 4 connection), ``ZONEONONEUSER``;
  members from ``ZPARTICIPANTROLE`` (``ZCONVERSATION``, ``ZUSER``).
"""

from __future__ import annotations

import struct
import uuid

from artefacts import hookimpl
from artefacts.protos import load_schema
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, contact_event, duration_text
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

#: MessageCategory bits (ZMMessage+Categorization.swift)
CATEGORIES = {1: "undefined", 2: "text", 4: "link", 8: "image", 16: "GIF", 32: "file", 64: "audio", 128: "video",
              256: "location", 512: "reacted", 1024: "knock", 2048: "system message", 4096: "excluded from collection",
              8192: "link preview"}
#: ZMSystemMessageType (ZMMessage.h), in order from 0
SYSTEM_TYPES = (
    "invalid", "participantsAdded", "failedToAddParticipants", "participantsRemoved", "conversationNameChanged",
    "connectionRequest", "connectionUpdate", "missedCall", "newClient", "ignoredClient", "conversationIsSecure",
    "potentialGap", "decryptionFailed", "decryptionFailed_RemoteIdentityChanged", "newConversation",
    "reactivatedDevice", "usingNewDevice", "messageDeletedForEveryone", "performedCall", "teamMemberLeave",
    "messageTimerUpdate", "readReceiptsEnabled", "readReceiptsDisabled", "readReceiptsOn", "legalHoldEnabled",
    "legalHoldDisabled", "sessionReset", "decryptionFailedResolved", "domainsStoppedFederating",
    "conversationIsVerified", "conversationIsDegraded", "mlsMigrationFinalized", "mlsMigrationJoinAfterwards",
    "mlsMigrationOngoingCall", "mlsMigrationStarted", "mlsMigrationUpdateVersion", "mlsMigrationPotentialGap",
    "mlsNotSupportedSelfUser", "mlsNotSupportedOtherUser")
MISSED_CALL, PERFORMED_CALL = SYSTEM_TYPES.index("missedCall"), SYSTEM_TYPES.index("performedCall")
CONVERSATION_TYPES = {0: "invalid", 1: "self", 2: "oneOnOne", 3: "group", 4: "connection"}
MESSAGE_OPTIONAL = ("ZHIDDENINCONVERSATION", "ZCACHEDCATEGORY", "ZSYSTEMMESSAGETYPE", "ZDURATION", "ZTEXT",
                    "ZNORMALIZEDTEXT", "ZDESTRUCTIONDATE", "ZUPDATEDTIMESTAMP", "ZISOBFUSCATED", "ZSENDERCLIENTID",
                    "ZNONCE_DATA", "ZDELIVERED")


def _proto():
    return load_schema("wire_messages.proto")


def category_names(value) -> list[str]:
    if not isinstance(value, int) or isinstance(value, bool):
        return []
    return [name for bit, name in CATEGORIES.items() if value & bit]


def uuid_text(blob) -> str | None:
    """A Core Data UUID / ``remoteIdentifier_data`` value (16 bytes) as text; other values as stored."""
    if isinstance(blob, (bytes, bytearray)) and len(blob) == 16:
        return str(uuid.UUID(bytes=bytes(blob)))
    return None if blob is None else str(blob)


def _qualified(uid, domain) -> str | None:
    return None if uid is None else f"{uid}@{domain}" if domain else uid


def float32_text(value: float) -> str:
    """The shortest text that reads back as the same 32-bit float (Location's latitude/longitude are ``float``)."""
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == value:
            return text
    return repr(value)


def describe_generic(data: bytes) -> dict:
    """What a ``GenericMessage`` holds: ``content`` kind, ``body``, ``attachment`` fields, ``expire_after_millis``..."""
    gm = _proto().message("GenericMessage").FromString(bytes(data))
    out: dict = {"nonce": gm.message_id or None}
    content = gm.WhichOneof("content")
    inner = gm
    if content == "ephemeral":
        out["expire_after_millis"] = gm.ephemeral.expire_after_millis
        inner = gm.ephemeral
        content = gm.ephemeral.WhichOneof("content")
    elif content == "edited":
        out["replacing_message_id"] = gm.edited.replacing_message_id
        inner = gm.edited
        content = gm.edited.WhichOneof("content")
    out["content"] = content
    if content == "text":
        out["body"] = inner.text.content
        if inner.text.HasField("quote"):
            out["quoted_message_id"] = inner.text.quote.quoted_message_id
    elif content == "location":
        loc = inner.location
        out["location"] = {"latitude": loc.latitude, "longitude": loc.longitude, "name": loc.name or None,
                           "zoom": loc.zoom if loc.HasField("zoom") else None}
        out["body"] = f"Location: {loc.name + ' ' if loc.name else ''}({float32_text(loc.latitude)}, {float32_text(loc.longitude)})"
    elif content == "asset":
        orig = inner.asset.original
        out["attachment"] = {"name": orig.name or None, "mime_type": orig.mime_type or None,
                             "size": orig.size if orig.HasField("size") else None}
        meta = orig.WhichOneof("meta_data")
        if meta == "image":
            out["asset_dimensions"] = [orig.image.width, orig.image.height]
        elif meta in ("video", "audio"):
            out["asset_duration_ms"] = getattr(orig, meta).duration_in_millis
        status = inner.asset.WhichOneof("status")
        if status == "uploaded":
            out["asset_id"] = inner.asset.uploaded.asset_id or None
        elif status == "not_uploaded":
            out["asset_not_uploaded"] = _proto().enum_name("Asset.NotUploaded", inner.asset.not_uploaded)
    elif content == "image":
        img = inner.image
        out["attachment"] = {"name": None, "mime_type": img.mime_type or None, "size": img.size or None}
    elif content == "knock":
        out["knock"] = True
    elif content == "reaction":
        out["body"] = gm.reaction.emoji or None
        out["reaction_to"] = gm.reaction.message_id
    elif content == "deleted":
        out["deletes_message_id"] = gm.deleted.message_id
    return out


def _merge_generic(rows, extra: dict) -> dict:
    """The content of a message's data rows (in stored order; later rows add what earlier ones lack)."""
    merged: dict = {}
    for row in rows:
        if row["ZNONCE"] is not None:
            extra["encrypted_at_rest"] = True
            continue
        data = row["ZDATA"]
        if data is None:
            continue
        try:
            got = describe_generic(data)
        except Exception as exc:  # a damaged blob: the row stays an event without content
            extra.setdefault("generic_message_errors", []).append(f"{type(exc).__name__}: {exc}")
            continue
        for key, value in got.items():
            if value is not None and merged.get(key) in (None, ""):
                merged[key] = value
    return merged


def message_to_event(row, ctx) -> dict:
    lk = ctx.lookups
    entity = lk["entities"].get(row["Z_ENT"], f"entity {row['Z_ENT']}")
    sender_pk = row["ZSENDER"]
    sender = lk["users"].get(sender_pk, (None, None))
    own = lk.get("own")
    conv_pk = row["ZVISIBLEINCONVERSATION"] if row["ZVISIBLEINCONVERSATION"] is not None else row["ZHIDDENINCONVERSATION"]
    conv_id, conv_name = lk["conversations"].get(conv_pk, (None, None))
    extra: dict = {"entity": entity, "z_pk": row["Z_PK"]}
    category = row["ZCACHEDCATEGORY"]
    if category is not None:
        extra["cached_category"] = category
        extra["categories"] = category_names(category)
    nonce = uuid_text(row["ZNONCE_DATA"])
    if nonce:
        extra["message_id"] = nonce
    if row["ZSENDERCLIENTID"]:
        extra["sender_client_id"] = row["ZSENDERCLIENTID"]
    for col, key in (("ZDESTRUCTIONDATE", "destruction_date"), ("ZUPDATEDTIMESTAMP", "updated")):
        if row[col] is not None:
            extra[key] = ctx.time(COCOA_SECONDS, row[col], column=f"ZMESSAGE.{col}")
            extra[f"{key}_raw"] = row[col]
    if row["ZISOBFUSCATED"]:
        extra["obfuscated"] = True
    kind, body, atts = "message", None, []
    content = _merge_generic(row["data"], extra)
    if entity == "SystemMessage":
        stype = row["ZSYSTEMMESSAGETYPE"]
        name = SYSTEM_TYPES[stype] if isinstance(stype, int) and 0 <= stype < len(SYSTEM_TYPES) else None
        extra["system_message_type"] = stype
        if name:
            extra["system_message_type_name"] = name
        kind = "call" if stype in (MISSED_CALL, PERFORMED_CALL) else "system"
        if stype == MISSED_CALL:
            body, extra["missed_call"] = "Missed call", True
        elif stype == PERFORMED_CALL:
            duration = row["ZDURATION"]
            extra["duration_s"] = duration
            body = f"Call, {duration_text(duration)}"
        elif name in ("participantsAdded", "participantsRemoved") and row["users"]:
            ids = [lk["users"].get(pk, (None, None)) for pk in row["users"]]
            extra["users"] = [i for i, _ in ids]
            verb = "Added" if name == "participantsAdded" else "Removed"
            body = f"{verb}: {', '.join(n or i or '?' for i, n in ids)}"
        elif name == "conversationNameChanged" and row["ZTEXT"]:
            body = f"Conversation renamed to {row['ZTEXT']}"
        elif row["ZTEXT"]:
            body = row["ZTEXT"]
    else:
        if content.get("nonce") and content["nonce"] != extra.get("message_id"):
            extra["generic_message_id"] = content["nonce"]
        for key in ("content", "expire_after_millis", "quoted_message_id", "replacing_message_id",
                    "location", "asset_id", "asset_dimensions", "asset_duration_ms", "asset_not_uploaded", "knock",
                    "reaction_to", "deletes_message_id"):
            if key in content:
                extra[key] = content[key]
        if "expire_after_millis" in content:
            extra["self_deleting"] = True
        body = content.get("body")
        if body is None and row["ZNORMALIZEDTEXT"] and not content:
            body, extra["body_from"] = row["ZNORMALIZEDTEXT"], "ZNORMALIZEDTEXT (normalized for search)"
        if "attachment" in content:
            atts.append(attachment(**content["attachment"]))
    members = lk["members"].get(conv_pk, [])
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZSERVERTIMESTAMP"], column="ZMESSAGE.ZSERVERTIMESTAMP"),
        "timestamp_raw": row["ZSERVERTIMESTAMP"],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": None if own is None or sender_pk is None else OUTGOING if sender_pk == own else INCOMING,
        "conversation_id": conv_id,
        "conversation_name": conv_name,
        "sender": sender[0],
        "sender_name": sender[1],
        "recipients": [lk["users"][m][0] for m in members if m != sender_pk and m in lk["users"]],
        "body": body,
        "attachments": atts,
        "deleted": row["ZVISIBLEINCONVERSATION"] is None and row["ZHIDDENINCONVERSATION"] is not None,
        "extra": extra,
    }


def user_contact(uid, name, handle, extra: dict, is_self: bool, locator: str) -> dict:
    """A Wire user as a contact event (also used by the legacy Android plugin): "Name (@handle)"."""
    if is_self:
        extra["self"] = True
    body = name or uid
    if handle:
        body = f"{body} (@{handle})"
    return contact_event(uid, name, body, extra, locator)


def user_to_event(row, ctx) -> dict:
    uid = _qualified(uuid_text(row["ZREMOTEIDENTIFIER_DATA"]), row["ZDOMAIN"])
    extra = {k: row[c] for c, k in (("ZHANDLE", "handle"), ("ZEMAILADDRESS", "email"), ("ZDOMAIN", "domain"))
             if row[c] not in (None, "")}
    return user_contact(uid, row["ZNAME"], row["ZHANDLE"], extra, row["Z_PK"] == ctx.lookups.get("own"),
                        f"ZUSER:Z_PK={row['Z_PK']}")


class WireIOSParser(SQLiteParser):
    name = "wire_ios"
    version = __version__
    app = "wire"
    platform = "ios"
    description = ("Wire for iOS store.wiredatabase (Core Data): messages (text, assets, pings, locations, "
                   "self-deleting, calls and system messages from the GenericMessage protobuf and ZMESSAGE), "
                   "conversations, users")
    path_globs = ("**/AccountData/*/store/store.wiredatabase", "**/store.wiredatabase")
    required_tables = {"ZMESSAGE": {"Z_PK", "Z_ENT", "ZSERVERTIMESTAMP", "ZSENDER", "ZVISIBLEINCONVERSATION"},
                       "Z_PRIMARYKEY": {"Z_ENT", "Z_NAME"}}
    time_units = {"ZMESSAGE.ZSERVERTIMESTAMP": COCOA_SECONDS, "ZMESSAGE.ZDESTRUCTIONDATE": COCOA_SECONDS,
                  "ZMESSAGE.ZUPDATEDTIMESTAMP": COCOA_SECONDS}
    references = (
        "artefacts/synthetic/ddl/wire_ios.sql (wireapp/wire-ios wire-ios-data-model/Resources/zmessaging.xcdatamodeld/"
        "zmessaging2.132.0.xcdatamodel/contents; CoreDataStack.swift for the path)",
        "wireapp/generic-message-proto proto/messages.proto (schemas/wire_messages.proto)",
        "wireapp/wire-ios wire-ios-data-model/Source/Public/ZMMessage.h (ZMSystemMessageType), "
        "Source/Model/Message/ZMMessage+Categorization.swift (MessageCategory)",
        "LukasForst/wire-android-backup src/main/kotlin/pw/forst/wire/backups/ios/database/model/*.kt; "
        "iLEAPP scripts/artifacts/wire.py",
    )

    @staticmethod
    def _system_message_users(ctx) -> dict[int, list[int]]:
        """SystemMessage.users: message Z_PK -> user Z_PKs, from Core Data's join table Z_<s>USERS(Z_<s>SYSTEMMESSAGES,
        Z_<u>USERS1), with s and u the SystemMessage and User entity numbers of Z_PRIMARYKEY."""
        ents = {name: ent for ent, name in ctx.lookups["entities"].items()}
        s, u = ents.get("SystemMessage"), ents.get("User")
        table, msg_col, user_col = f"Z_{s}USERS", f"Z_{s}SYSTEMMESSAGES", f"Z_{u}USERS1"
        out: dict[int, list[int]] = {}
        if s is None or u is None or not ctx.has_columns(table, msg_col, user_col):
            return out
        for r in ctx.rows(f"SELECT {msg_col} AS m, {user_col} AS u FROM {table} ORDER BY {msg_col}, {user_col}"):
            out.setdefault(r["m"], []).append(r["u"])
        return out

    def parse(self, ctx):
        lk = ctx.lookups
        lk["entities"] = {r["Z_ENT"]: r["Z_NAME"] for r in ctx.rows("SELECT Z_ENT, Z_NAME FROM Z_PRIMARYKEY")}
        lk["users"], lk["conversations"], lk["members"] = {}, {}, {}
        has_users = ctx.has_columns("ZUSER", "Z_PK", "ZREMOTEIDENTIFIER_DATA")
        if has_users:
            opt = ", ".join(ctx.column_or_null("ZUSER", c) for c in ("ZNAME", "ZHANDLE", "ZEMAILADDRESS", "ZDOMAIN"))
            for r in ctx.rows(f"SELECT Z_PK, ZREMOTEIDENTIFIER_DATA, {opt} FROM ZUSER"):
                lk["users"][r["Z_PK"]] = (_qualified(uuid_text(r["ZREMOTEIDENTIFIER_DATA"]), r["ZDOMAIN"]), r["ZNAME"])
        if ctx.has_columns("ZSESSION", "ZSELFUSER"):
            for r in ctx.rows("SELECT ZSELFUSER FROM ZSESSION WHERE ZSELFUSER IS NOT NULL ORDER BY Z_PK LIMIT 1"):
                lk["own"] = r["ZSELFUSER"]
        if ctx.has_columns("ZPARTICIPANTROLE", "ZCONVERSATION", "ZUSER"):
            for r in ctx.rows("SELECT ZCONVERSATION, ZUSER FROM ZPARTICIPANTROLE ORDER BY Z_PK"):
                lk["members"].setdefault(r["ZCONVERSATION"], []).append(r["ZUSER"])
        if ctx.has_columns("ZCONVERSATION", "Z_PK", "ZREMOTEIDENTIFIER_DATA"):
            opt = ", ".join(ctx.column_or_null("ZCONVERSATION", c) for c in
                            ("ZUSERDEFINEDNAME", "ZCONVERSATIONTYPE", "ZONEONONEUSER", "ZDOMAIN"))
            for r in ctx.rows(f"SELECT Z_PK, ZREMOTEIDENTIFIER_DATA, {opt} FROM ZCONVERSATION"):
                name = r["ZUSERDEFINEDNAME"]
                if not name and r["ZONEONONEUSER"] is not None:
                    name = lk["users"].get(r["ZONEONONEUSER"], (None, None))[1]
                lk["conversations"][r["Z_PK"]] = (_qualified(uuid_text(r["ZREMOTEIDENTIFIER_DATA"]), r["ZDOMAIN"]), name)
        cols = ["Z_PK", "Z_ENT", "ZSERVERTIMESTAMP", "ZSENDER", "ZVISIBLEINCONVERSATION"]
        cols += [ctx.column_or_null("ZMESSAGE", c) for c in MESSAGE_OPTIONAL]
        messages = ctx.rows(f"SELECT {', '.join(cols)} FROM ZMESSAGE ORDER BY Z_PK")
        children = {}
        if ctx.has_columns("ZGENERICMESSAGEDATA", "ZDATA"):
            owners = [c for c in ("ZMESSAGE", "ZASSET") if ctx.has_columns("ZGENERICMESSAGEDATA", c)]
            owner = f"COALESCE({', '.join(owners)})" if owners else "NULL"
            order = ", ".join(f"Z_FOK_{c[1:]}" for c in owners if ctx.has_columns("ZGENERICMESSAGEDATA", f"Z_FOK_{c[1:]}"))
            nonce = ctx.column_or_null("ZGENERICMESSAGEDATA", "ZNONCE")
            data = ctx.rows(f"SELECT {owner} AS owner, ZDATA, {nonce} FROM ZGENERICMESSAGEDATA "
                            f"WHERE {owner} IS NOT NULL ORDER BY owner{', ' + order if order else ''}, Z_PK")
            children["data"] = (data, "owner")
        system_users = self._system_message_users(ctx)
        rows = attach_children(messages, "Z_PK", children) if children else (
            {**dict(r), "data": ()} for r in messages)
        rows = ({**r, "users": system_users.get(r["Z_PK"], ())} for r in rows)
        yield from ctx.map_rows(rows, message_to_event, table="ZMESSAGE", id_column="Z_PK")
        if has_users:
            opt = ", ".join(ctx.column_or_null("ZUSER", c) for c in ("ZNAME", "ZHANDLE", "ZEMAILADDRESS", "ZDOMAIN"))
            sql = f"SELECT Z_PK, ZREMOTEIDENTIFIER_DATA, {opt} FROM ZUSER ORDER BY Z_PK"
            yield from ctx.map_rows(sql, user_to_event, table="ZUSER", id_column="Z_PK")


@hookimpl
def register_parsers(register):
    register(WireIOSParser)
