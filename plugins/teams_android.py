"""Microsoft Teams for Android: ``com.microsoft.teams/databases/SkypeTeams.db``.

Where the facts come from: ALEAPP ``scripts/artifacts/teams.py`` (``abrignoni/ALEAPP``), the only
public description of this database found, and the app's own ``User`` model (decompiled DBFlow
``@Column`` fields: ``lastSyncTime`` a long, ``isSkypeTeamsUser``/``isPrivateChatEnabled`` booleans).
No real ``SkypeTeams.db`` is in the corpus; the generator's DDL (``artefacts/synthetic/ddl/
teams_android.sql``) declares exactly the columns ALEAPP reads.

* ``Message`` (``messageId``, ``conversationId``, ``arrivalTime`` ms since 1970, ``userDisplayName``,
  ``content``, ``deleteTime`` ms, 0 when not deleted: ALEAPP blanks the 1970 value) joined to
  ``Conversation`` (``conversationId``, ``displayName`` the topic): one ``message`` event each. The
  table names the author only by display name and holds no account id, so ``direction`` and
  ``sender`` stay empty (``sender_name`` is the display name); a row with a ``deleteTime`` is
  ``deleted``, its time in ``extra``. ``content`` is kept as stored (Teams keeps HTML there).
* ``User`` (``mri`` the user's address, names, e-mails, phones, ``lastSyncTime`` ms, flags): one
  ``contact`` event each.
* ``MessagePropertyAttribute`` rows with ``propertyId`` ``CallLog``: ``attributeValue`` is a JSON call
  record (``connectTimeMillis``, ``endTimeMillis`` ms, ``callState``, ``callType``,
  ``originatorDisplayName``, ``callDirection``, ``sessionType``, ``callId``, ``target`` an mri): one
  ``call`` event each, started at ``connectTimeMillis`` (0 = never connected: no time, as ALEAPP),
  ``target`` the recipient, the duration from the two times. ``callDirection``, ``callState`` and
  ``callType`` are kept as stored in ``extra`` and not interpreted (no source lists their values), so
  ``direction`` and a missed flag are not set.

Not read: ``ActivityFeed`` and ``FileInfo`` (ALEAPP lists them; they are notifications and file
metadata, not communications).
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.events import CALL_START, SENT, contact_event, duration_text, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS, TimeValueError

__version__ = "1.0"

MAX_JSON = 1 << 20  # a call record is a few hundred bytes; a larger value is not decoded
USER_TEXT = ("givenName", "surname", "email", "secondaryEmail", "alternativeEmail", "telephoneNumber",
             "homeNumber", "type", "userType")
USER_FLAGS = ("accountEnabled", "isSkypeTeamsUser", "isPrivateChatEnabled")
CALL_TEXT = ("callId", "callState", "callType", "callDirection", "sessionType", "originatorDisplayName")


def message_to_event(row, ctx) -> dict:
    """One ``Message`` row (with its conversation's ``displayName``) -> a message event."""
    extra: dict = {}
    deleted = bool(row["deleteTime"])
    if deleted:
        extra["deleted_time"] = ctx.time(UNIX_MILLISECONDS, row["deleteTime"], column="Message.deleteTime")
        extra["deleted_raw"] = row["deleteTime"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["arrivalTime"], zero_is_null=True, column="Message.arrivalTime"),
        "timestamp_raw": row["arrivalTime"],
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": None,
        "conversation_id": row["conversationId"],
        "conversation_name": row["topic"],
        "sender": None,
        "sender_name": row["userDisplayName"],
        "recipients": [],
        "body": row["content"],
        "attachments": [],
        "deleted": deleted,
        "extra": extra,
    }


def user_to_event(row, ctx) -> dict:
    """One ``User`` row -> a contact addressed by its mri."""
    extra: dict = {k: row[k] for k in USER_TEXT if row[k] not in (None, "")}
    for flag in USER_FLAGS:
        if row[flag] is not None:
            extra[flag] = bool(row[flag])
    if row["lastSyncTime"]:
        extra["last_sync_time"] = ctx.time(UNIX_MILLISECONDS, row["lastSyncTime"], column="User.lastSyncTime")
        extra["last_sync_raw"] = row["lastSyncTime"]
    name = row["displayName"] or None
    return contact_event(row["mri"], name, name or row["mri"], extra, f"User:rowid={row['rowid']}")


def call_record_event(ctx, record, unit, *, start_key: str, connect_key: str, end_key: str, table: str,
                      sender_name, text_keys=CALL_TEXT) -> dict:
    """A Teams call-log JSON record (Android ``CallLog`` attribute, iOS ``call-log`` property) -> a call event.

    Both platforms keep the same record: ``callDirection``, ``callState``, ``callType`` (kept raw in
    ``extra``: no source lists their values), ``target`` (the other party's mri, the recipient) and times
    in ``unit`` under ``start_key`` (the event's time), ``connect_key`` and ``end_key``; the duration runs
    from the connect time to the end time. A time 0 or empty is no time.
    """
    if not isinstance(record, dict):
        raise ValueError(f"call record is a JSON {type(record).__name__}, not an object")
    extra: dict = {k: record[k] for k in text_keys if isinstance(record.get(k), (str, int, float)) and record[k] != ""}

    def raw(key):
        value = record.get(key)
        return None if value in (None, "", 0) else value

    for name, key in (("connect", connect_key), ("end", end_key)):
        if key != start_key:
            time_pair(ctx, extra, name, raw(key), f"{table}.{key}", unit)
    duration = None
    connected, ended = raw(connect_key), raw(end_key)
    if connected is not None and ended is not None:
        try:
            span = unit.to_us(ended) - unit.to_us(connected)
        except TimeValueError:
            span = -1  # the unreadable time is already a warning of ctx.time
        if span >= 0:
            duration = extra["duration_s"] = span / 1_000_000
    target = record.get("target") if isinstance(record.get("target"), str) else None
    label = " ".join(str(x) for x in (record.get("callType"), "call") if x)
    start = raw(start_key)
    return {
        "timestamp": ctx.time(unit, start, column=f"{table}.{start_key}") if start is not None else None,
        "timestamp_raw": record.get(start_key),
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": None,  # callDirection is kept raw: no source lists its values
        "conversation_id": target,
        "sender": None,
        "sender_name": sender_name,
        "recipients": [target] if target else [],
        "body": f"{label}, {duration_text(duration)}" if duration is not None else label,
        "attachments": [],
        "deleted": False,
        "extra": extra,
    }


def call_to_event(row, ctx) -> dict:
    """One ``CallLog`` attribute (JSON, capped) -> a call event, started at ``connectTimeMillis`` (0 = never connected)."""
    text = row["attributeValue"]
    if not isinstance(text, (str, bytes)) or len(text) > MAX_JSON:
        raise ValueError("attributeValue is not a call record of a readable size")
    record = json.loads(text)
    sender = record.get("originatorDisplayName") if isinstance(record, dict) else None
    return call_record_event(ctx, record, UNIX_MILLISECONDS, start_key="connectTimeMillis",
                             connect_key="connectTimeMillis", end_key="endTimeMillis", table="CallLog",
                             sender_name=sender)


class TeamsAndroidParser(SQLiteParser):
    name = "teams_android"
    version = __version__
    app = "teams"
    platform = "android"
    description = "Microsoft Teams for Android SkypeTeams.db: messages (deleted ones marked), users, call log"
    path_globs = ("**/com.microsoft.teams/databases/SkypeTeams.db",)
    # ALEAPP reads the two together (messages joined to their conversation's topic)
    required_tables = {"Message": {"messageId", "conversationId", "arrivalTime", "content"},
                       "Conversation": {"conversationId", "displayName"}}
    time_units = {"Message.arrivalTime": UNIX_MILLISECONDS, "Message.deleteTime": UNIX_MILLISECONDS,
                  "User.lastSyncTime": UNIX_MILLISECONDS, "CallLog.connectTimeMillis": UNIX_MILLISECONDS,
                  "CallLog.endTimeMillis": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/teams.py (Message, Conversation, User, MessagePropertyAttribute CallLog; ms times)",
        "Teams app User model (decompiled DBFlow @Column fields: lastSyncTime long, boolean flags)",
        "artefacts/synthetic/ddl/teams_android.sql",
    )

    def parse(self, ctx):
        opt = ", ".join(ctx.column_or_null("Message", c, prefix="m") for c in ("userDisplayName", "deleteTime"))
        topic = "(SELECT c.displayName FROM Conversation c WHERE c.conversationId = m.conversationId LIMIT 1)"
        sql = (f"SELECT m.rowid AS rowid, m.messageId, m.conversationId, m.arrivalTime, m.content, {opt}, "
               f"{topic} AS topic FROM Message m ORDER BY m.rowid")
        yield from ctx.map_rows(sql, message_to_event, table="Message", id_column="messageId")
        if ctx.has_columns("User", "mri", "displayName"):
            cols = ", ".join(ctx.column_or_null("User", c) for c in (*USER_TEXT, *USER_FLAGS, "lastSyncTime"))
            yield from ctx.map_rows(f"SELECT rowid, mri, displayName, {cols} FROM User ORDER BY rowid",
                                    user_to_event, table="User", id_column="rowid")
        if ctx.has_columns("MessagePropertyAttribute", "propertyId", "attributeValue"):
            yield from ctx.map_rows("SELECT rowid, attributeValue FROM MessagePropertyAttribute "
                                    "WHERE propertyId = 'CallLog' ORDER BY rowid",
                                    call_to_event, table="CallLog", id_column="rowid")


@hookimpl
def register_parsers(register):
    register(TeamsAndroidParser)
