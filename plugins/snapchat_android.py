"""Snapchat for Android (``com.snapchat.android``): chat messages and missed calls of ``databases/arroyo.db``,
friends of ``databases/main.db``. The iOS app keeps the same ``arroyo.db`` (``plugins/snapchat_ios.py``).

Where the facts come from:

* Schema: the CREATE statements of a real ``arroyo.db`` (Snapchat 11.12.0) as dumped by Ogg3/CheckArroyo,
  ``versions/iPhone/11.12.0/arroyo_structure``, with the developers' own column comments (copied into
  ``artefacts/synthetic/ddl/snapchat_arroyo.sql``). ``Friend`` of ``main.db``: ``FriendModel.CREATE_TABLE`` of
  the decompiled Snapchat Android source (``com/snap/core/db/record/FriendModel.java``, stored public code;
  ``artefacts/synthetic/ddl/snapchat_main.sql``). Paths and the columns read: ALEAPP
  ``scripts/artifacts/snapchat.py`` (``get_snapchat_arroyo_messages``, ``get_snapchat_friends``), iLEAPP
  ``scripts/artifacts/snapchat.py`` (``snapchatMessages``); ``/work/shared/reference/apps.md`` "Snapchat arroyo.db".
* Times: ``conversation_message.creation_timestamp`` and ``read_timestamp`` ("timestamp when the message is
  first marked read by any participants", schema comment) and ``Friend.addedTimestamp`` /
  ``reverseAddedTimestamp`` are milliseconds since 1970 (ALEAPP ``_ms_to_utc`` on each); 0 = not set.
* ``message_content`` is a protobuf message without a published ``.proto``. It is read with the host's wire
  decoder (``artefacts.decoders.protowire``) at the field paths ALEAPP and iLEAPP established on real files:
  the text at 4 > 4 > 2 > 1, only when ``content_type`` is 1; 2 > 1 the 16 bytes of ``sender_id``; 4 > 2
  ``content_type`` (used when an older generation lacks the ``sender_id`` / ``content_type`` columns, iLEAPP:
  "iOS 12 and 13 era files lack sender_id and content_type"). Participants of a conversation: repeated field 3
  of ``conversation.conversation_metadata``, 1 > 1 the 16 bytes of each user id (ALEAPP
  ``_participants``). Every other content type is kept, with its bytes in ``extra.message_content_hex``.
* ``content_type`` names: the ``ContentType`` enum of rhunk/SnapEnhance ``core/.../data/SnapEnums.kt`` (SNAP 0,
  CHAT 1, ..., STATUS_CALL_MISSED_VIDEO 11, STATUS_CALL_MISSED_AUDIO 12, ...). A missed call is a status message
  sent by the caller who abandons the call (SnapEnhance ``NotificationType`` ``ABANDON_AUDIO`` / ``ABANDON_VIDEO``
  go with those two types): content types 11 and 12 become ``call`` events, status ``missed``; the app logs no
  other call and no duration.
* State: ``is_saved`` (saved in chat: "set to true iff message_content.metadata().saved_by_size() > 0"),
  ``is_viewed_by_user``, ``message_state_type`` (PREPARING, SENDING, COMMITTED, FAILED, ...), ``release_state``
  are kept in ``extra`` as stored. A message whose ``read_timestamp`` is set has status ``read``.
* A conversation with ``tombstoned_at_timestamp`` ("when this conversation was locally left by user", schema
  comment; milliseconds, as ALEAPP converts it) gives a ``system`` event at that time.
* ``is_released_by_user`` ("true iff message is released by user") and ``content_read_release_policy`` are
  kept as stored: no source says which policy makes a message disappear after viewing.
* Direction: the account is the one sender of the rows created on this device, ``created_on_device = 1`` where
  that column exists (ALEAPP), else ``local_message_content_id IS NOT NULL`` ("nullable if message wasn't created
  on this device", schema comment; iLEAPP). With no such single sender the direction is left empty.
* Names: the ``Friend`` row of the ``main.db`` beside the ``arroyo.db`` (``userId`` -> ``displayName``, else
  ``username``), as ALEAPP resolves senders.

Left out: rows only present before the write-ahead log is applied (ALEAPP's "Recovered" rows; the host's
recovery covers freed pages), cached media (``cache_controller.db``), memories, the shared preferences
(``user_session_shared_pref.xml key_user_id``, which ALEAPP prefers for the account) and ``core.db``
(preferences only, no friend list in any source).
"""

from __future__ import annotations

import sqlite3
import uuid

from artefacts import hookimpl
from artefacts.decoders import protowire
from artefacts.events import CREATED, INCOMING, MODIFIED, OUTGOING, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

#: rhunk/SnapEnhance SnapEnums.kt ContentType
CONTENT_TYPES = {
    0: "SNAP", 1: "CHAT", 2: "EXTERNAL_MEDIA", 3: "SHARE", 4: "NOTE", 5: "STICKER", 6: "STATUS", 7: "LOCATION",
    8: "STATUS_SAVE_TO_CAMERA_ROLL", 9: "STATUS_CONVERSATION_CAPTURE_SCREENSHOT",
    10: "STATUS_CONVERSATION_CAPTURE_RECORD", 11: "STATUS_CALL_MISSED_VIDEO", 12: "STATUS_CALL_MISSED_AUDIO",
    13: "LIVE_LOCATION_SHARE", 14: "CREATIVE_TOOL_ITEM", 15: "FAMILY_CENTER_INVITE", 16: "FAMILY_CENTER_ACCEPT",
    17: "FAMILY_CENTER_LEAVE", 18: "STATUS_PLUS_GIFT",
}
CHAT = 1
MISSED_CALLS = {11: True, 12: False}  # content type -> video
#: protobuf paths of message_content / conversation_metadata (see the module docstring)
TEXT_PATH, SENDER_PATH, CONTENT_TYPE_PATH = (4, 4, 2, 1), (2, 1), (4, 2)
PARTICIPANTS_FIELD, PARTICIPANT_ID_PATH = 3, (1, 1)
#: a message_content larger than this is neither decoded nor copied (real ones are a few hundred bytes)
MAX_CONTENT = 1 << 20
#: at most this many bytes of an undecoded message_content are copied into ``extra`` (as hex)
MAX_KEPT = 1 << 16

MESSAGE_TIMES = {"conversation_message.creation_timestamp": UNIX_MILLISECONDS,
                 "conversation_message.read_timestamp": UNIX_MILLISECONDS,
                 "conversation.tombstoned_at_timestamp": UNIX_MILLISECONDS}
#: conversation_message columns read when the file's generation has them
MESSAGE_OPTIONAL = ("server_message_id", "read_timestamp", "sender_id", "content_type", "message_state_type",
                    "is_saved", "is_viewed_by_user", "remote_media_count", "release_state", "created_on_device",
                    "replies_count", "quoted_server_message_id", "local_message_content_id",
                    "content_read_release_policy", "is_released_by_user")
EXTRA_COLUMNS = (("server_message_id", "server_message_id"), ("message_state_type", "message_state"),
                 ("remote_media_count", "remote_media_count"), ("release_state", "release_state"),
                 ("replies_count", "replies_count"), ("quoted_server_message_id", "quoted_server_message_id"),
                 ("content_read_release_policy", "read_release_policy"))
FLAG_COLUMNS = (("is_saved", "saved"), ("is_viewed_by_user", "viewed_by_user"),
                ("is_released_by_user", "released_by_user"), ("created_on_device", "created_on_device"))


def path_value(data: bytes, path: tuple[int, ...]):
    """The value at ``path`` (field numbers, the first occurrence at each level) of a protobuf message, or None.

    Raises :class:`protowire.WireError` when a level on the way is not a protobuf message.
    """
    value = data
    for number in path:
        if not isinstance(value, bytes):
            return None
        field = next((f for f in protowire.decode(value) if f.number == number), None)
        if field is None:
            return None
        value = field.value
    return value


def uuid_text(value) -> str | None:
    """16 raw bytes as the canonical UUID text the SQL columns hold."""
    if isinstance(value, bytes) and len(value) == 16:
        return str(uuid.UUID(bytes=value))
    return None


def conversation_participants(metadata) -> list[str]:
    """The user ids of a ``conversation_metadata`` blob (repeated field 3, 1 > 1), in stored order."""
    ids: list[str] = []
    for field in protowire.decode(bytes(metadata)):
        if field.number == PARTICIPANTS_FIELD and field.wire_type == protowire.LENGTH:
            user = uuid_text(path_value(field.value, PARTICIPANT_ID_PATH))
            if user and user not in ids:
                ids.append(user)
    return ids


def ms_event(ctx, row, column: str, desc: str, kind: str) -> dict:
    """The time fields of an event at the millisecond ``table.column`` of ``row``, and its kind."""
    raw = row[column.split(".", 1)[1]]
    return {"timestamp": ctx.time(UNIX_MILLISECONDS, raw, column=column), "timestamp_raw": raw,
            "timestamp_desc": desc, "kind": kind}


def message_to_event(row, ctx, names: dict, participants: dict, account: str | None) -> dict:
    """One ``conversation_message`` row (by column name) -> one message event, or a call event for a missed call."""
    blob = row["message_content"]
    extra: dict = {"client_message_id": row["client_message_id"]}
    content = bytes(blob) if isinstance(blob, (bytes, bytearray, memoryview)) else None
    sender, content_type, text = row["sender_id"], row["content_type"], None
    if content is not None and len(content) > MAX_CONTENT:
        ctx.warn(f"message_content of {len(content)} bytes is larger than {MAX_CONTENT}: not decoded")
        content = None
    elif content is not None:
        try:
            if sender is None:
                sender = uuid_text(path_value(content, SENDER_PATH))
            if content_type is None:
                stored = path_value(content, CONTENT_TYPE_PATH)
                content_type = stored if isinstance(stored, int) else None
            if content_type == CHAT:
                raw = path_value(content, TEXT_PATH)
                text = protowire.as_text(raw) if isinstance(raw, bytes) else None
                if isinstance(raw, bytes) and text is None:
                    text = raw.decode("utf-8", errors="backslashreplace")
        except protowire.WireError as exc:
            ctx.warn(f"message_content is not a protobuf message ({exc}): kept as stored")
    extra["content_type"] = content_type
    if content_type in CONTENT_TYPES:
        extra["content_type_name"] = CONTENT_TYPES[content_type]
    if text is None and content is not None:  # a type without text, kept as stored
        extra["message_content_hex"] = content[:MAX_KEPT].hex()
        if len(content) > MAX_KEPT:
            extra["message_content_size"] = len(content)
    for col, key in EXTRA_COLUMNS:
        if row[col] is not None:
            extra[key] = row[col]
    for col, key in FLAG_COLUMNS:
        if row[col] is not None:
            extra[key] = bool(row[col])
    time_pair(ctx, extra, "read", row["read_timestamp"], "conversation_message.read_timestamp", UNIX_MILLISECONDS)
    direction = None
    if account and sender:
        direction = OUTGOING if sender == account else INCOMING
    conv = row["client_conversation_id"]
    members = participants.get(conv, ())
    event = ms_event(ctx, row, "conversation_message.creation_timestamp", CREATED, "message") | {
        "direction": direction,
        "conversation_id": conv,
        "sender": sender,
        "sender_name": names.get(sender),
        "recipients": [m for m in members if m != sender],
        "body": text,
        "deleted": False,
        "attachments": [],
        "status": "read" if row["read_timestamp"] else None,
        "extra": extra,
    }
    if content_type in MISSED_CALLS:
        video = MISSED_CALLS[content_type]
        extra["video"] = video
        event.update(kind="call", status="missed", body=f"Missed {'video' if video else 'audio'} call")
    return event


def left_to_event(row, ctx, participants: dict) -> dict:
    """A ``conversation`` row with ``tombstoned_at_timestamp`` ("when this conversation was locally left by user",
    schema comment) -> one system event."""
    conv = row["client_conversation_id"]
    return ms_event(ctx, row, "conversation.tombstoned_at_timestamp", MODIFIED, "system") | {
        "conversation_id": conv,
        "recipients": participants.get(conv, []),
        "body": "Conversation left on this device",
        "extra": {"send_state": row["send_state_type"]},
    }


def local_account(ctx) -> str | None:
    """The sender of every row created on this device, when there is exactly one (see the module docstring).

    Where the generation lacks ``sender_id`` the senders are those of the rows' ``message_content`` (2 > 1).
    """
    if ctx.has_columns("conversation_message", "created_on_device"):
        where = "created_on_device = 1"
    elif ctx.has_columns("conversation_message", "local_message_content_id"):
        where = "local_message_content_id IS NOT NULL"
    else:
        return None
    if ctx.has_columns("conversation_message", "sender_id"):
        senders = {r[0] for r in ctx.rows(f"SELECT DISTINCT sender_id FROM conversation_message "
                                          f"WHERE {where} AND sender_id IS NOT NULL LIMIT 2")}
    else:
        senders = set()
        for (blob,) in ctx.rows(f"SELECT message_content FROM conversation_message WHERE {where}"):
            try:
                sender = uuid_text(path_value(bytes(blob), SENDER_PATH)) if isinstance(blob, bytes) else None
            except protowire.WireError:
                continue  # the row's own mapping says so
            if sender:
                senders.add(sender)
            if len(senders) > 1:
                break
    return senders.pop() if len(senders) == 1 else None


def participants_of(ctx) -> dict[str, list[str]]:
    """``client_conversation_id`` -> participant user ids, from ``conversation.conversation_metadata``."""
    if not ctx.has_columns("conversation", "client_conversation_id", "conversation_metadata"):
        ctx.warn_file("no conversation table with conversation_metadata: message recipients not known")
        return {}
    out: dict[str, list[str]] = {}
    for conv, metadata in ctx.rows("SELECT client_conversation_id, conversation_metadata FROM conversation"):
        if not isinstance(metadata, (bytes, bytearray, memoryview)) or len(metadata) > MAX_CONTENT:
            continue
        try:
            out[conv] = conversation_participants(metadata)
        except protowire.WireError as exc:
            ctx.warn(f"conversation.conversation_metadata is not a protobuf message ({exc})",
                     f"conversation:client_conversation_id={conv}")
    return out


def friend_names(ctx) -> dict[str, str]:
    """``userId`` -> display name (else username) of the ``main.db`` beside the database, when there is one."""
    def read(con: sqlite3.Connection, source):
        cols = {r[1].lower() for r in con.execute("PRAGMA table_info(Friend)")}
        if not {"userid", "username", "displayname"} <= cols:
            ctx.warn_file(f"{source.path} has no Friend table with userId, username, displayName: senders unnamed")
            return None
        return {uid: display or user for uid, user, display in
                con.execute("SELECT userId, username, displayName FROM Friend WHERE userId IS NOT NULL")}

    if not ctx.related("main"):
        return {}
    return ctx.read_related("main", "Snapchat friend list main.db", read) or {}


class SnapchatArroyoParser(SQLiteParser):
    name = "snapchat_android"
    version = __version__
    app = "snapchat"
    platform = "android"
    description = ("Snapchat for Android chats (databases/arroyo.db conversation_message): text from the "
                   "message_content protobuf, sender and participants, saved/viewed/read state, missed calls")
    path_globs = ("**/com.snapchat.android/databases/arroyo.db",)
    related_globs = {"main": ("**/com.snapchat.android/databases/main.db",)}
    required_tables = {"conversation_message": {"client_conversation_id", "client_message_id", "creation_timestamp",
                                                "message_content"}}
    time_units = MESSAGE_TIMES
    references = (
        "Ogg3/CheckArroyo versions/iPhone/11.12.0/arroyo_structure (arroyo.db CREATE statements with the "
        "developers' column comments); artefacts/synthetic/ddl/snapchat_arroyo.sql",
        "ALEAPP scripts/artifacts/snapchat.py (get_snapchat_arroyo_messages: paths, protobuf paths 4>4>2>1, 2>1, "
        "conversation_metadata 3>1>1; ms times); iLEAPP scripts/artifacts/snapchat.py (snapchatMessages)",
        "rhunk/SnapEnhance core/src/main/kotlin/me/rhunk/snapenhance/data/SnapEnums.kt (ContentType, missed calls)",
    )

    def parse(self, ctx):
        have = ctx.schema.get("conversation_message", set())
        lacking = [c for c in ("sender_id", "content_type", "read_timestamp") if c not in have]
        if lacking:
            ctx.warn_file(f"conversation_message lacks {', '.join(lacking)} (an older arroyo.db generation): "
                          "sender and content type read from message_content")
        names = friend_names(ctx)
        participants = participants_of(ctx)
        account = local_account(ctx)
        cols = ", ".join(("client_conversation_id", "client_message_id", "creation_timestamp", "message_content",
                          *(ctx.column_or_null("conversation_message", c) for c in MESSAGE_OPTIONAL)))
        sql = (f"SELECT client_conversation_id || '/' || client_message_id AS message_key, {cols} "
               "FROM conversation_message ORDER BY client_conversation_id, client_message_id")
        yield from ctx.map_rows(sql, lambda row, c: message_to_event(row, c, names, participants, account),
                                table="conversation_message", id_column="message_key")
        if ctx.has_columns("conversation", "client_conversation_id", "tombstoned_at_timestamp", "send_state_type"):
            yield from ctx.map_rows("SELECT client_conversation_id, tombstoned_at_timestamp, send_state_type "
                                    "FROM conversation WHERE tombstoned_at_timestamp > 0 ORDER BY client_conversation_id",
                                    lambda row, c: left_to_event(row, c, participants),
                                    table="conversation", id_column="client_conversation_id")


FRIEND_OPTIONAL = ("phone", "birthday", "friendLinkType", "streakLength", "isOfficial", "isPopular")
FRIEND_TIMES = (("addedTimestamp", "added"), ("reverseAddedTimestamp", "reverse_added"))


def friend_to_event(row, ctx) -> dict:
    """One ``Friend`` row -> one contact event ("Not a time"; when each side added the other in ``extra``)."""
    name = row["displayName"] or row["username"]
    extra: dict = {"username": row["username"], "display_name": row["displayName"]}
    for col, key in (("phone", "phone"), ("birthday", "birthday"), ("friendLinkType", "friend_link_type"),
                     ("streakLength", "streak_length")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    for col, key in (("isOfficial", "official"), ("isPopular", "popular")):
        if row[col] is not None:
            extra[key] = bool(row[col])
    for col, key in FRIEND_TIMES:
        time_pair(ctx, extra, key, row[col], f"Friend.{col}", UNIX_MILLISECONDS)
    address = row["userId"] or row["username"]
    body = f"{name} ({row['username']})" if row["displayName"] else row["username"]
    return contact_event(address, name, body, extra, f"Friend:_id={row['_id']}")


class SnapchatFriendsParser(SQLiteParser):
    name = "snapchat_android_friends"
    version = __version__
    app = "snapchat"
    platform = "android"
    description = "Snapchat for Android friends (databases/main.db Friend): user id, username, display name, when added"
    path_globs = ("**/com.snapchat.android/databases/main.db",)
    required_tables = {"Friend": {"_id", "username", "userId", "displayName", "addedTimestamp",
                                  "reverseAddedTimestamp"}}
    time_units = {f"Friend.{c}": UNIX_MILLISECONDS for c, _ in FRIEND_TIMES}
    references = (
        "decompiled Snapchat Android com/snap/core/db/record/FriendModel.java (CREATE_TABLE); "
        "artefacts/synthetic/ddl/snapchat_main.sql",
        "ALEAPP scripts/artifacts/snapchat.py (get_snapchat_friends: path, columns, ms times)",
    )

    def parse(self, ctx):
        yield from ctx.map_table("Friend", friend_to_event, id_column="_id",
                                 columns=sorted(self.required_tables["Friend"]), optional=FRIEND_OPTIONAL)


@hookimpl
def register_parsers(register):
    register(SnapchatArroyoParser)
    register(SnapchatFriendsParser)
