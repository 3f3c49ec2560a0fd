"""Samsung Messages (``com.samsung.android.messaging``): ``databases/message_content.db``, the app's own copy of
the messages it shows. The SMS and MMS themselves are in the telephony provider's ``mmssms.db`` (parsed by
``android_sms``, with Samsung's ``spam_sms``); this store is where Samsung's app differs, and it can hold what
the provider's file no longer does.

Facts, and where they come from (no ``CREATE TABLE`` and no vendor document is public):

* file name: the app's own code opens ``message_content.db`` (decompiled Samsung Messages smali in the
  project's search results: a ``SQLiteOpenHelper`` with that name, version 452, write-ahead log on);
* tables and columns: a practitioner's published query over real files (github
  LongRangeBehaviorModificationSpecialist/SQL_Queries ``Android/android_message_content-db.sql``, commit
  f2fc005): ``messages`` (``_id``, ``conversation_id``, ``recipients``: a phone number as stored, the query's
  "recipient of the message"; ``message_box_type``, ``created_timestamp``, ``sent_timestamp``,
  ``updated_timestamp``, ``remote_message_uri``, ``message_type``, ``message_size``, ``is_read``, ``creator``,
  ``remote_creator``, ``req_app_id``), ``parts`` (``message_id``, ``text``, ``content_uri``, ``content_type``,
  ``file_name``, ``size``) and ``recipients`` (``_id``, ``cache_name``), joined as that query joins them
  (``parts.message_id = messages._id``, ``recipients._id = messages.conversation_id``); ``message_status``
  and ``scheduled_timestamp`` are named by the app's own query of ``messages`` (same smali) and read when
  present;
* units: ``created_timestamp``, ``sent_timestamp``, ``updated_timestamp`` are **milliseconds since 1970** (the
  query divides them by 1000 for ``'UNIXEPOCH'``; 0 in the last two means none);
* codes: ``message_box_type`` 100 incoming, 102 outgoing (the same query). No source names the other values,
  ``message_type``, ``message_status`` or the unit of ``scheduled_timestamp``: they are kept as stored.

Events: one ``message`` per ``messages`` row, timed by ``created_timestamp`` (the only time every row has),
``body`` the texts of its parts in row order, each part with a content URI or file name an attachment (the URI
as the app recorded it: the file is the provider's, not in this store). The other party: the query shows
``recipients`` as the message's recipient; it is the recipient of an outgoing message and, for every message,
the conversation's name when ``recipients.cache_name`` gives none. An incoming message's sender is not stated
by any source and is left empty (the number stays in ``extra.recipients``). ``extra.remote_message_uri`` (a
``content://`` URI of the provider, where present) ties the event to its ``mmssms.db`` row.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, time_pair
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.timeconv import UNIX_MILLISECONDS
from artefacts.values import as_text

__version__ = "1.0"

BOX_DIRECTION = {100: INCOMING, 102: OUTGOING}
BOX_TIME_DESC = {100: RECEIVED, 102: SENT}
MESSAGE_OPTIONAL = ("recipients", "message_box_type", "message_status", "sent_timestamp", "updated_timestamp",
                    "scheduled_timestamp", "remote_message_uri", "message_type", "message_size", "is_read", "creator",
                    "remote_creator", "req_app_id")
#: ms columns kept in extra (as ``<name>_time`` and ``<name>_raw``); 0 means none
MS_TIMES = ("sent_timestamp", "updated_timestamp")
PART_COLUMNS = ("message_id", "text", "content_uri", "content_type", "file_name", "size")


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row with its ``parts`` rows and its ``recipients.cache_name``."""
    box = row["message_box_type"]
    direction = BOX_DIRECTION.get(box)
    extra = {}
    for col in MESSAGE_OPTIONAL:
        value = row[col]
        if value is not None and col not in MS_TIMES:
            extra[col] = value
    for col in MS_TIMES:
        time_pair(ctx, extra, col.replace("_timestamp", ""), row[col], f"messages.{col}", UNIX_MILLISECONDS)
    texts, files = [], []
    for part in row["parts"]:
        if part["text"] not in (None, ""):
            texts.append(as_text(part["text"]))
        if part["content_uri"] or part["file_name"]:
            files.append(attachment(name=part["file_name"], mime_type=part["content_type"],
                                    size=part["size"] if type(part["size"]) is int else None,
                                    path=part["content_uri"]))
    number = row["recipients"]
    if row["cache_name"]:
        extra["cache_name"] = row["cache_name"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["created_timestamp"], column="messages.created_timestamp"),
        "timestamp_raw": row["created_timestamp"],
        "timestamp_desc": BOX_TIME_DESC.get(box, CREATED),
        "kind": "message",
        "direction": direction,
        "conversation_id": None if row["conversation_id"] is None else str(row["conversation_id"]),
        "conversation_name": row["cache_name"] or number or None,
        "sender": None,
        "recipients": [number] if direction == OUTGOING and number else [],
        "body": "\n".join(texts) if texts else None,
        "attachments": files,
        "status": None if direction else f"message_box_type {box}",
        "extra": extra,
    }


class SamsungMessagesParser(SQLiteParser):
    name = "samsung_messages"
    version = __version__
    app = "samsung_messages"
    platform = "android"
    description = ("Samsung Messages' own store message_content.db: its copy of the messages (texts, parts, "
                   "conversation names), tied to mmssms.db by the provider URI")
    path_globs = ("**/com.samsung.android.messaging/databases/message_content.db",)
    required_tables = {"messages": {"_id", "conversation_id", "created_timestamp"}}
    time_units = {"messages.created_timestamp": UNIX_MILLISECONDS, "messages.sent_timestamp": UNIX_MILLISECONDS,
                  "messages.updated_timestamp": UNIX_MILLISECONDS}
    references = (
        "github LongRangeBehaviorModificationSpecialist/SQL_Queries Android/android_message_content-db.sql "
        "(tables, columns, joins, ms units, message_box_type 100/102)",
        "decompiled Samsung Messages smali (message_content.db, message_status, scheduled_timestamp)",
    )

    def parse(self, ctx):
        cols = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        name = "NULL AS cache_name"
        if ctx.has_columns("recipients", "_id", "cache_name"):
            name = "(SELECT r.cache_name FROM recipients r WHERE r._id = m.conversation_id) AS cache_name"
        messages = ctx.rows(f"SELECT m._id, m.conversation_id, m.created_timestamp, {cols}, {name} "
                            "FROM messages m ORDER BY m._id")
        parts = ()
        if ctx.has_columns("parts", "message_id"):
            part_cols = ", ".join(ctx.column_or_null("parts", c) for c in PART_COLUMNS[1:])
            parts = ctx.db.execute(f"SELECT message_id, {part_cols} FROM parts WHERE typeof(message_id) = 'integer' "
                                   "ORDER BY message_id, rowid")
        rows = attach_children(messages, "_id", {"parts": (parts, "message_id")})
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="_id")


@hookimpl
def register_parsers(register):
    register(SamsungMessagesParser)
