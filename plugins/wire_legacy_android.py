"""Wire for Android, legacy app (Scala zmessaging, before Kalium): ``com.wire/databases/<user uuid>``.

One plain SQLite database per account, named by the account's user id (zmessaging ``class ZmsDatabase(user:
UserId, ...)`` opens ``new ZMessagingDB(context, user.str, ...)``), so the file name is the account's own id
and decides the direction. Tables (DDL and sources: ``artefacts/synthetic/ddl/wire_legacy_android.sql``):

* ``Messages`` (MessageData.scala ``MessageDataDao``): ``time`` = server time in ms since 1970
  (``remoteTimestamp``, stored ``toEpochMilli``), ``msg_type`` the ``MessageTypeCodec`` name (``Text``,
  ``Asset``, ``AnyAsset``, ``VideoAsset``, ``AudioAsset``, ``Knock``, ``Location``, ``RichMedia``, ``MissedCall``,
  ``SuccessfulCall``, ``Rename``, ``MemberJoin``, ``MemberLeave``, ``Recalled``, ``OtrFailed`` ...), ``content``
  the JSON array of ``MessageContent`` (``type``, ``content``, ``asset``, ``width``, ``height``; ALEAPP reads
  ``[0].content``), ``protos`` the ``GenericMessage`` protobufs written back to back
  (``DbTranslator.protoSeqTranslator``: parsed as one message, the last one's fields win, as protobuf merges
  them), ``ephemeral`` the self-deleting timer and ``duration`` a call's length (ms, ``FiniteDurationTranslator``),
  ``expiry_time`` (local ms), ``edit_time`` (ms, 0 = never), ``name`` a conversation's new name (``Rename``),
  ``members`` comma-separated user ids (``MemberJoin`` / ``MemberLeave``), ``asset_id`` -> ``Assets2._id``.
  Message text: the protobuf's ``Text`` (MessageData ``contentString``), else the ``content`` parts (joined with
  a space for ``RichMedia``, the first part otherwise).
* ``Users`` (UserData.scala): ``_id``, ``name``, ``handle``, ``email``, ``phone``, ``deleted``.
* ``Conversations`` (ConversationData.scala): ``_id`` (a one-to-one conversation's id is the other user's),
  ``name`` or ``generated_name``, ``conv_type`` (IConversation.Type); ``ConversationMembers(user_id, conv_id)``.
* ``Assets2`` (AssetStorageImpl.scala ``AssetDao``): ``name``, ``mime``, ``size`` of an attachment.
* ``Likings`` (Liking.scala ``LikingDao``: ``message_id``, ``user_id``, ``timestamp`` ms, ``action`` 0 unlike /
  1 like): one ``reaction`` event per row, in the liked message's conversation.
"""

from __future__ import annotations

import json
import re

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, duration_text
from artefacts.parser import SQLiteParser
from artefacts.plugins.wire_ios import describe_generic, user_contact
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = "[0-9a-f]"
#: the file name: a user id (a UUID, 8-4-4-4-12 hex digits), nothing else (not Kalium's user-db-<uuid>-<domain>)
_UUID_GLOB = "-".join(_HEX * n for n in (8, 4, 4, 4, 12))
CALL_TYPES = {"MissedCall", "SuccessfulCall"}
#: MessageTypeCodec names that are not user content (MessageData.isSystemMessage and the OTR/device notices)
SYSTEM_TYPES = {"MemberJoin", "MemberLeave", "Rename", "ConnectRequest", "ConnectAccepted", "OtrFailed", "OtrFixed",
                "OtrIdentityChanged", "SessionReset", "OtrVerified", "OtrUnverified", "OtrDeviceAdded",
                "OtrMemberAdded", "StartedUsingDevice", "HistoryLost", "MessageTimer", "ReadReceiptsOn",
                "ReadReceiptsOff"}
MESSAGE_OPTIONAL = ("content", "protos", "members", "name", "msg_state", "ephemeral", "expiry_time", "expired",
                    "duration", "edit_time", "quote", "asset_id", "client_id", "error_code")


def content_parts(text) -> list[dict]:
    """The ``content`` JSON array (``[]`` for NULL); a value that is not a JSON array raises ``ValueError``."""
    if text in (None, ""):
        return []
    parts = json.loads(text)
    if not isinstance(parts, list):
        raise ValueError("content is not a JSON array")
    return [p for p in parts if isinstance(p, dict)]


def _parties(lk, sender, conv) -> dict:
    """Direction, conversation, sender and recipients of a row by ``sender`` in ``conv`` (the file name is the owner)."""
    own = lk.get("own")
    return {
        "direction": None if own is None else OUTGOING if sender == own else INCOMING,
        "conversation_id": conv,
        "conversation_name": lk["conversations"].get(conv),
        "sender": sender,
        "sender_name": lk["names"].get(sender),
        "recipients": [m for m in lk["members"].get(conv, []) if m != sender],
    }


def _names(lk, ids) -> str:
    return ", ".join(lk["names"].get(i) or i for i in ids)


def message_to_event(row, ctx) -> dict:
    lk = ctx.lookups
    mtype = row["msg_type"]
    sender = row["user_id"]
    conv = row["conv_id"]
    extra: dict = {"msg_type": mtype, "message_id": row["_id"]}
    if row["msg_state"]:
        extra["msg_state"] = row["msg_state"]
    parts = content_parts(row["content"])
    generic: dict = {}
    if row["protos"]:
        try:
            generic = describe_generic(row["protos"])
        except Exception as exc:  # a damaged blob: the row keeps its other columns
            extra["protos_error"] = f"{type(exc).__name__}: {exc}"
    for key in ("expire_after_millis", "quoted_message_id", "location", "asset_dimensions", "asset_duration_ms",
                "knock"):
        if key in generic:
            extra[key] = generic[key]
    if row["ephemeral"]:
        extra["ephemeral_ms"] = row["ephemeral"]
        extra["self_deleting"] = True
    if row["expiry_time"] is not None:
        extra["expiry_time"] = ctx.time(UNIX_MILLISECONDS, row["expiry_time"], column="Messages.expiry_time")
        extra["expiry_time_raw"] = row["expiry_time"]
    if row["edit_time"]:
        extra["edit_time"] = ctx.time(UNIX_MILLISECONDS, row["edit_time"], column="Messages.edit_time")
        extra["edit_time_raw"] = row["edit_time"]
    for col in ("quote", "client_id", "error_code"):
        if row[col] not in (None, ""):
            extra[col] = row[col]
    kind, body, atts = "message", None, []
    if mtype in CALL_TYPES:
        kind = "call"
        if mtype == "MissedCall":
            body, extra["missed_call"] = "Missed call", True
        else:
            extra["duration_ms"] = row["duration"]
            body = f"Call, {duration_text((row['duration'] or 0) / 1000)}"
    elif mtype in SYSTEM_TYPES:
        kind = "system"
        members = [m for m in (row["members"] or "").split(",") if m]
        if members:
            extra["members"] = members
        if mtype == "Rename" and row["name"]:
            body = f"Conversation renamed to {row['name']}"
        elif mtype in ("MemberJoin", "MemberLeave") and members:
            body = f"{'Added' if mtype == 'MemberJoin' else 'Removed'}: {_names(lk, members)}"
    else:
        if generic.get("content") == "text":
            body = generic["body"]
        elif parts and any(p.get("content") for p in parts):
            texts = [p.get("content") or "" for p in parts]
            body = " ".join(texts) if mtype == "RichMedia" else texts[0]
        elif "body" in generic:
            body = generic["body"]
        asset = lk["assets"].get(row["asset_id"]) if row["asset_id"] else None
        if asset is not None:
            atts.append(attachment(name=asset[0], mime_type=asset[1], size=asset[2]))
            extra["asset_id"] = row["asset_id"]
        elif "attachment" in generic:
            atts.append(attachment(**generic["attachment"]))
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["time"], column="Messages.time"),
        "timestamp_raw": row["time"],
        "timestamp_desc": SENT,
        "kind": kind,
        **_parties(lk, sender, conv),
        "body": body,
        "attachments": atts,
        "deleted": mtype == "Recalled" or row["msg_state"] == "DELETED",
        "extra": extra,
    }


#: Liking.Action serials (Liking.scala)
LIKING_ACTIONS = {0: "unlike", 1: "like"}


def liking_to_event(row, ctx) -> dict:
    """A ``Likings`` row: a user liked (action 1) or took back a like (0) of a message, at ``timestamp`` (ms)."""
    user = row["user_id"]
    action = LIKING_ACTIONS.get(row["action"])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp"], column="Likings.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT,
        "kind": "reaction",
        **_parties(ctx.lookups, user, row["conv_id"]),
        "body": {"like": "Liked a message", "unlike": "Took back a like"}.get(action),
        "extra": {"reaction_to": row["message_id"], "action": row["action"], "action_name": action},
        "source_locator": f"Likings:message_id={row['message_id']},user_id={user}",
    }


def user_to_event(row, ctx) -> dict:
    uid = row["_id"]
    extra = {k: row[k] for k in ("handle", "email", "phone") if row[k] not in (None, "")}
    if row["deleted"]:
        extra["deleted"] = True
    return user_contact(uid, row["name"], row["handle"], extra, uid == ctx.lookups.get("own"), f"Users:_id={uid}")


class WireLegacyAndroidParser(SQLiteParser):
    name = "wire_legacy_android"
    version = __version__
    app = "wire"
    platform = "android"
    description = ("Wire for Android, legacy Scala app: per-account database com.wire/databases/<user uuid> "
                   "(Messages, Users, Conversations, ConversationMembers, Assets2, Likings): messages, assets, "
                   "pings, locations, calls, renames, member changes, recalled and self-deleting messages, likes, "
                   "users")
    path_globs = ("**/com.wire/databases/" + _UUID_GLOB,)
    required_tables = {"Messages": {"_id", "conv_id", "msg_type", "user_id", "time"}}
    time_units = {"Messages.time": UNIX_MILLISECONDS, "Messages.expiry_time": UNIX_MILLISECONDS,
                  "Messages.edit_time": UNIX_MILLISECONDS, "Likings.timestamp": UNIX_MILLISECONDS}
    references = (
        "artefacts/synthetic/ddl/wire_legacy_android.sql (wireapp/wire-android_legacy zmessaging .../model/"
        "MessageData.scala @ 0122e33e, content/AssetStorageImpl.scala; wireapp/wire-android-sync-engine .../model/"
        "UserData.scala, ConversationData.scala @ 0e2bc387; db/Col.scala, db/DbTranslator.scala for types and ms)",
        "wireapp/generic-message-proto proto/messages.proto (schemas/wire_messages.proto) for the protos column",
        "ALEAPP Wire facts in the project's reference notes (apps.md: time ms, content [0].content, duration ms)",
    )

    def check_file(self, ctx) -> str | None:
        name = ctx.source.path.rsplit("/", 1)[-1]
        if not _UUID.match(name):
            return "not a legacy Wire account database name (<user uuid>)"
        return super().check_file(ctx)

    def parse(self, ctx):
        lk = ctx.lookups
        lk["own"] = ctx.source.path.rsplit("/", 1)[-1].lower()
        lk["names"], lk["conversations"], lk["members"], lk["assets"] = {}, {}, {}, {}
        has_users = ctx.has_columns("Users", "_id", "name")
        if has_users:
            for r in ctx.rows("SELECT _id, name FROM Users"):
                if r["name"]:
                    lk["names"][r["_id"]] = r["name"]
        if ctx.has_columns("ConversationMembers", "user_id", "conv_id"):
            for r in ctx.rows("SELECT user_id, conv_id FROM ConversationMembers ORDER BY rowid"):
                lk["members"].setdefault(r["conv_id"], []).append(r["user_id"])
        if ctx.has_columns("Conversations", "_id"):
            cols = ", ".join(ctx.column_or_null("Conversations", c) for c in ("name", "generated_name"))
            for r in ctx.rows(f"SELECT _id, {cols} FROM Conversations"):
                name = r["name"] or r["generated_name"] or lk["names"].get(r["_id"])
                if name:
                    lk["conversations"][r["_id"]] = name
        if ctx.has_columns("Assets2", "_id"):
            cols = ", ".join(ctx.column_or_null("Assets2", c) for c in ("name", "mime", "size"))
            for r in ctx.rows(f"SELECT _id, {cols} FROM Assets2"):
                lk["assets"][r["_id"]] = (r["name"], r["mime"], r["size"])
        cols = ["_id", "conv_id", "msg_type", "user_id", "time"]
        cols += [ctx.column_or_null("Messages", c) for c in MESSAGE_OPTIONAL]
        sql = f"SELECT {', '.join(cols)} FROM Messages ORDER BY time, rowid"
        yield from ctx.map_rows(sql, message_to_event, table="Messages", id_column="_id")
        if ctx.has_columns("Likings", "message_id", "user_id", "timestamp", "action"):
            sql = ("SELECT l.rowid AS rid, l.message_id, l.user_id, l.timestamp, l.action, m.conv_id FROM Likings l "
                   "LEFT JOIN Messages m ON m._id = l.message_id ORDER BY l.timestamp, l.rowid")
            yield from ctx.map_rows(sql, liking_to_event, table="Likings", id_column="rid")
        if has_users:
            opt = ", ".join(ctx.column_or_null("Users", c) for c in ("handle", "email", "phone", "deleted"))
            yield from ctx.map_rows(f"SELECT _id, name, {opt} FROM Users ORDER BY _id", user_to_event,
                                    table="Users", id_column="_id")


@hookimpl
def register_parsers(register):
    register(WireLegacyAndroidParser)
