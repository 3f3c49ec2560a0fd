"""Tango for Android (``com.sgiggle.production``): messages of ``files/tc.db`` and the profile cache.

Where the facts come from:

* Schemas: the real ``tc.db`` and profile database of plaso's test data (``test_data/
  tango_android_tc.db`` and ``test_data/android/tango_profile.db``, plaso @ 4ea03ef9; their DDL is in
  ``artefacts/synthetic/ddl/tango_android_tc.sql`` and ``tango_android_profile.sql``), the same
  statements as plaso's ``plaso/parsers/sqlite_plugins/android_tango.py`` (``SCHEMAS``), whose
  ``REQUIRED_STRUCTURE`` this parser's ``required_tables`` follow.
* Paths: ALEAPP ``scripts/artifacts/tangomessage.py`` and iLEAPP-style module lists
  (``*/com.sgiggle.production/files/tc.db*``). The profile database's file name is in no source found
  (plaso's copy is called ``tango_profile.db``): any ``*.db`` of the app's ``files`` folder that has
  ``profiletable`` is read.
* ``messages.create_time`` and ``send_time`` are milliseconds since 1970 (plaso: JavaTime, "Creation
  Time" / "Sent Time"); ``direction`` 1 = incoming, 2 = outgoing (plaso's value map; Autopsy's
  ``TangoMessageAnalyzer``: "1 incoming, 2 outgoing"). The event's time is ``create_time``, as plaso's
  creation event; ``send_time`` is kept in ``extra``.
* ``messages.payload`` is the base64 text of a protobuf message (plaso: "a base64 encoded binary
  blob"; the project's reference notes). Its ``.proto`` is not published. It is read without a
  schema (``artefacts.decoders.protowire``) and every field is kept in ``extra.payload``. Which field
  holds what is taken from the real file, where every row says it: field 2 equals ``conv_id``, 3
  ``type``, 23 ``msg_id``, 29 ``create_time`` and 22 ``send_time`` on all 18 rows (checked by the
  real-data test). Field 4 is the message text: the corpus notes decode it so, and Autopsy's
  ``TangoMessageAnalyzer.decodeMessage`` takes the text that follows the conversation id in the
  decoded payload, which is these bytes. Fields 7 and 15 hold device paths of the app's media cache
  (``.../TCStorageManagerMediaCache_v2/<md5>[.jpg|.mp4]``; Android-forensics write-ups on Tango name
  ``/sdcard/Android/data/com.sgiggle.production/files/storage/appdata/TCStorageManagerMediaCache_v2/`` as
  the folder of the pictures sent and received) and become attachments; field 5 is the media's download URL
  and field 76 the notice text of a "liked" row ("Hank liked the message."), used as the body when
  field 4 is absent or empty. No other field is interpreted, and ``messages.type`` is kept as a number
  (no source names its values).
* Profiles (``profiletable``): ``itemFirstName``, ``itemLastName``, ``itemStatus`` and
  ``itemFriendRequestMessage`` are base64 of UTF-8 (plaso decodes them); ``itemLastActiveTime``,
  ``itemLastLocalAccessTime`` and ``itemFriendRequestTime`` are milliseconds since 1970, 0 = not set
  (plaso JavaTime, ``NotSet`` for 0). The account's own id is the profile database's
  ``profiles`` value ``keyCurrentUserId`` (it names a ``profiletable`` row in the real file): that
  row's contact says ``extra.is_current_user``.

Left out: ``conversations`` rows (plaso makes a "Not a time" event of each; here the conversation id
is on every message, and the conversation payload holds no more than the id), ``receipts``,
``likes`` (their ``msg_id`` is the liking row itself, already a message) and ``games``/``sms`` (empty
in the real file, no source for their columns' meaning).
"""

from __future__ import annotations

import base64
import binascii

from artefacts import hookimpl
from artefacts.decoders import protowire
from artefacts.events import CREATED, INCOMING, OUTGOING, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

DIRECTIONS = {1: INCOMING, 2: OUTGOING}
#: protobuf fields of ``messages.payload`` used here (see the module docstring)
F_TEXT, F_MEDIA_URL, F_MEDIA_PATH, F_MEDIA_PATH2, F_NOTICE = 4, 5, 7, 15, 76
#: a payload larger than this is not decoded (the real ones are under 1.3 KB)
MAX_PAYLOAD = 1 << 20
APP_FILES = "**/com.sgiggle.production/files/"

MESSAGE_OPTIONAL = ("type", "media_id", "share_id", "status", "del_status", "conv_id")


def decode_payload(raw) -> list[protowire.Field]:
    """The protobuf fields of a ``payload`` value (base64 text, or its bytes); ``ValueError`` if it is not one."""
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = bytes(raw).decode("ascii")  # UnicodeDecodeError is a ValueError
    if not isinstance(raw, str):
        raise ValueError(f"payload is {type(raw).__name__}, not base64 text")
    if len(raw) > MAX_PAYLOAD:
        raise ValueError(f"payload of {len(raw)} characters is larger than {MAX_PAYLOAD}")
    data = protowire.from_base64(raw, min_length=0)
    if data is None:
        raise ValueError("payload is not canonical base64")
    return protowire.decode(data)


def _text(fields, number: int) -> str | None:
    for f in fields:
        if f.number == number and f.wire_type == protowire.LENGTH:
            return protowire.as_text(f.value)
    return None


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row (by column name) -> one message event."""
    direction = DIRECTIONS.get(row["direction"])
    extra: dict = {"direction_raw": row["direction"]}
    for col in ("type", "media_id", "share_id", "status", "del_status"):
        if row[col] is not None:
            extra[col] = row[col]
    time_pair(ctx, extra, "sent", row["send_time"], "messages.send_time", UNIX_MILLISECONDS)
    body = None
    attachments = []
    if row["payload"] is not None:
        try:
            fields = decode_payload(row["payload"])
        except ValueError as exc:
            ctx.warn(f"messages.payload not decoded: {exc}")
            fields = []
        extra["payload"] = protowire.to_json(fields)
        body = _text(fields, F_TEXT)
        if not body:
            notice = _text(fields, F_NOTICE)
            if notice:
                body, extra["body_field"] = notice, F_NOTICE
        url = _text(fields, F_MEDIA_URL)
        if url:
            extra["media_url"] = url
        for number in (F_MEDIA_PATH, F_MEDIA_PATH2):
            path = _text(fields, number)
            if path:
                attachments.append(ctx.attachment(path, name=path.rsplit("/", 1)[-1]))
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["create_time"], column="messages.create_time"),
        "timestamp_raw": row["create_time"],
        "timestamp_desc": CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": row["conv_id"],
        "body": body,
        "attachments": attachments,
        "extra": extra,
    }


def _b64_text(value, ctx, column: str) -> str | None:
    """A base64-of-UTF-8 column of ``profiletable`` as text ('' and NULL: None)."""
    if not value:
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        ctx.warn(f"profiletable.{column} is not base64: kept as stored")
        return value
    try:
        return data.decode("utf-8") or None
    except UnicodeDecodeError:
        ctx.warn(f"profiletable.{column} is not UTF-8: undecodable bytes escaped")
        return data.decode("utf-8", errors="backslashreplace")


PROFILE_TIMES = (("itemLastActiveTime", "last_active"), ("itemLastLocalAccessTime", "last_access"),
                 ("itemFriendRequestTime", "friend_request"))
PROFILE_COPIED = (
    ("itemBirthday", "birthday"), ("itemGender", "gender"), ("itemDistance", "distance"), ("itemCity", "city"),
    ("itemGeoCountryCode", "country_code"), ("itemFriendRequestType", "friend_request_type"),
    ("itemProfileType", "profile_type"), ("itemAvatarUrl", "avatar_url"),
)
PROFILE_FLAGS = (("itemIsFriend", "is_friend"), ("itemIsBlocked", "is_blocked"))
PROFILE_OPTIONAL = tuple(c for c, _ in PROFILE_COPIED + PROFILE_FLAGS if c not in ("itemBirthday", "itemGender", "itemDistance",
                                                                                    "itemIsFriend", "itemFriendRequestType"))


def profile_to_event(row, ctx) -> dict:
    """One ``profiletable`` row -> one contact event ("Not a time"; its times in ``extra``)."""
    first = _b64_text(row["itemFirstName"], ctx, "itemFirstName")
    last = _b64_text(row["itemLastName"], ctx, "itemLastName")
    name = " ".join(p for p in (first, last) if p) or None
    extra: dict = {"first_name": first, "last_name": last}
    status = _b64_text(row["itemStatus"], ctx, "itemStatus")
    request = _b64_text(row["itemFriendRequestMessage"], ctx, "itemFriendRequestMessage")
    if status:
        extra["status"] = status
    if request:
        extra["friend_request_message"] = request
    for col, key in PROFILE_COPIED:
        if row[col] not in (None, ""):
            extra[key] = row[col]
    for col, key in PROFILE_FLAGS:
        if row[col] is not None:
            extra[key] = bool(row[col])
    for col, key in PROFILE_TIMES:
        time_pair(ctx, extra, key, row[col], f"profiletable.{col}", UNIX_MILLISECONDS)
    extra["is_current_user"] = row["itemUserId"] == row["current_user_id"]
    body = name or row["itemUserId"]
    if status:
        body = f"{body}: {status}"
    return contact_event(row["itemUserId"], name, body, extra, f"profiletable:itemUserId={row['itemUserId']}")


class TangoMessagesParser(SQLiteParser):
    name = "tango_android"
    version = __version__
    app = "tango"
    platform = "android"
    description = "Tango for Android messages (files/tc.db): text from the base64 protobuf payload, media paths"
    path_globs = (APP_FILES + "tc.db",)
    required_tables = {
        "conversations": {"conv_id", "payload"},
        "messages": {"create_time", "send_time", "msg_id", "payload", "direction"},
        "likes": {"msg_id"},
    }
    time_units = {"messages.create_time": UNIX_MILLISECONDS, "messages.send_time": UNIX_MILLISECONDS}
    attachment_globs = ("**/com.sgiggle.production/files/storage/appdata/TCStorageManagerMediaCache_v2/*",)
    references = (
        "plaso plaso/parsers/sqlite_plugins/android_tango.py (AndroidTangoTCPlugin) and test_data/tango_android_tc.db",
        "ALEAPP scripts/artifacts/tangomessage.py (path); Autopsy InternalPythonModules/android/tangomessage.py",
        "artefacts/synthetic/ddl/tango_android_tc.sql",
    )

    def parse(self, ctx):
        cols = ", ".join(("msg_id", "create_time", "send_time", "direction", "payload",
                          *(ctx.column_or_null("messages", c) for c in MESSAGE_OPTIONAL)))
        yield from ctx.map_rows(f"SELECT {cols} FROM messages ORDER BY msg_id", message_to_event,
                                table="messages", id_column="msg_id")


class TangoProfilesParser(SQLiteParser):
    name = "tango_android_profiles"
    version = __version__
    app = "tango"
    platform = "android"
    description = "Tango for Android profile cache (profiletable): names, status, friend requests"
    path_globs = (APP_FILES + "*.db",)
    required_tables = {
        "profiletable": {"itemUserId", "itemFirstName", "itemLastName", "itemStatus", "itemBirthday", "itemGender",
                         "itemDistance", "itemIsFriend", "itemFriendRequestType", "itemFriendRequestMessage",
                         "itemLastActiveTime", "itemLastLocalAccessTime", "itemFriendRequestTime"},
    }
    time_units = {f"profiletable.{c}": UNIX_MILLISECONDS for c, _ in PROFILE_TIMES}
    references = (
        "plaso plaso/parsers/sqlite_plugins/android_tango.py (AndroidTangoProfilePlugin) and "
        "test_data/android/tango_profile.db",
        "artefacts/synthetic/ddl/tango_android_profile.sql",
    )

    def parse(self, ctx):
        current = "NULL"
        if ctx.has_columns("profiles", "key", "value"):
            current = "(SELECT value FROM profiles WHERE key = 'keyCurrentUserId')"
        required = sorted(self.required_tables["profiletable"])
        cols = ", ".join([*required, *(ctx.column_or_null("profiletable", c) for c in PROFILE_OPTIONAL)])
        sql = f"SELECT {cols}, {current} AS current_user_id FROM profiletable ORDER BY rowid"  # stored order, as plaso reads it
        yield from ctx.map_rows(sql, profile_to_event, table="profiletable", id_column="itemUserId")


@hookimpl
def register_parsers(register):
    register(TangoMessagesParser)
    register(TangoProfilesParser)
