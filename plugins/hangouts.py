"""Google Hangouts for Android: ``com.google.android.talk/databases/babel*.db`` (messages, participants).

Where the facts come from:

* The schema: the real ``babel.db`` of plaso's test data (``test_data/android/babel.db``, copied in
  ``../shared/corpus/plaso/``; the DDL of the tables read here in
  ``artefacts/synthetic/ddl/hangouts_babel.sql``). One database per signed-in account:
  ``babel0.db``, ``babel1.db`` ... (plaso's plugin docstring: "There can be multiple babel.db
  databases"; the account number is in the name).
* plaso ``plaso/parsers/sqlite_plugins/android_hangouts.py`` and its test
  ``tests/parsers/sqlite_plugins/android_hangouts.py``: ``messages`` joined to ``participants`` on
  ``messages.author_chat_id = participants.chat_id``; ``messages.timestamp`` is microseconds since
  1970 (``PosixTimeInMicroseconds``, "Creation Time"); ``type`` 1 SENT, 2 RECEIVED; ``status``
  0 UNREAD, 4 READ (its formatter); ``text`` kept as stored (the real rows store HTML entities
  such as ``&#39;``).
* ``conversations(conversation_id, name, generated_name)`` names the conversation;
  ``conversation_participants(conversation_id, participant_row_id)`` lists its members
  (``participants._id``); ``participants.blocked`` and ``blocked_people`` mark blocked people.
  The attachment columns ``local_url``, ``remote_url``, ``attachment_content_type`` and
  ``attachment_name`` are read when set. In the real file all of these hold exactly what the
  names say (e.g. the blocked participant is also the one row of ``blocked_people``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, attachment, contact_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MICROSECONDS

__version__ = "1.0"

TYPES = {1: OUTGOING, 2: INCOMING}
STATUS = {0: "unread", 4: "read"}
SEP = "\x1f"
MESSAGE_OPTIONAL = ("message_id", "message_type", "author_gaia_id", "local_url", "remote_url",
                    "attachment_content_type", "attachment_name", "transport_type", "expiration_timestamp")


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row with its author, conversation and the conversation's members (see ``parse``)."""
    direction = TYPES.get(row["type"])
    author = row["author_chat_id"] or None
    members = [m for m in (row["members"] or "").split(SEP) if m]
    extra = {"type": row["type"], "status": row["status"]}
    for k in ("message_id", "message_type", "author_gaia_id", "transport_type"):
        if row[k] is not None:
            extra[k] = row[k]
    if row["expiration_timestamp"]:
        extra["expiration_time"] = ctx.time(UNIX_MICROSECONDS, row["expiration_timestamp"],
                                            column="messages.expiration_timestamp")
        extra["expiration_time_raw"] = row["expiration_timestamp"]
    files = []
    if row["local_url"] or row["remote_url"] or row["attachment_name"]:
        files.append(attachment(name=row["attachment_name"], mime_type=row["attachment_content_type"],
                                path=row["local_url"] or row["remote_url"]))
        if row["remote_url"]:
            extra["remote_url"] = row["remote_url"]
    return {
        "timestamp": ctx.time(UNIX_MICROSECONDS, row["timestamp"], column="messages.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": row["conversation_id"],
        "conversation_name": row["conv_name"] or row["generated_name"],
        "sender": author,
        "sender_name": row["full_name"],
        "recipients": [m for m in members if m != author],
        "body": row["text"],
        "attachments": files,
        "status": STATUS.get(row["status"], f"status {row['status']}"),
        "extra": extra,
    }


def participant_to_event(row, ctx) -> dict:
    extra = {k: row[k] for k in ("gaia_id", "phone_id", "first_name", "fallback_name", "participant_type", "blocked",
                                 "profile_photo_url") if row[k] not in (None, "")}
    address = row["chat_id"] or row["gaia_id"] or row["phone_id"]
    name = row["full_name"] or row["fallback_name"]
    return contact_event(address, name, name or address, extra, f"participants:_id={row['_id']}")


class HangoutsParser(SQLiteParser):
    name = "hangouts"
    version = __version__
    app = "hangouts"
    platform = "android"
    description = "Google Hangouts Android (babel*.db: messages, participants)"
    path_globs = ("**/com.google.android.talk/databases/babel*.db",)
    required_tables = {
        "messages": {"_id", "conversation_id", "author_chat_id", "text", "timestamp", "status", "type"},
        "participants": {"_id", "chat_id", "full_name"},
        "conversations": {"conversation_id"},
    }
    time_units = {"messages.timestamp": UNIX_MICROSECONDS, "messages.expiration_timestamp": UNIX_MICROSECONDS}
    references = (
        "plaso test_data/android/babel.db, plaso/parsers/sqlite_plugins/android_hangouts.py and its test",
    )

    def parse(self, ctx):
        opt = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        conv = ", ".join(ctx.column_or_null("conversations", c, alias=a, prefix="c")
                         for c, a in (("name", "conv_name"), ("generated_name", "generated_name")))
        members = "NULL"
        if ctx.has_columns("conversation_participants", "conversation_id", "participant_row_id"):
            members = ("(SELECT group_concat(x.chat_id, char(31)) FROM (SELECT p2.chat_id FROM conversation_participants cp "
                       "JOIN participants p2 ON p2._id = cp.participant_row_id WHERE cp.conversation_id = m.conversation_id "
                       "ORDER BY cp._id) x)")
        sql = (f"SELECT m._id, m.conversation_id, m.author_chat_id, m.text, m.timestamp, m.status, m.type, {opt}, "
               f"(SELECT p.full_name FROM participants p WHERE p.chat_id = m.author_chat_id ORDER BY p._id LIMIT 1) AS full_name, "
               f"{conv}, {members} AS members FROM messages m "
               f"LEFT JOIN conversations c ON c.conversation_id = m.conversation_id ORDER BY m._id")
        yield from ctx.map_rows(sql, message_to_event, table="messages", id_column="_id")
        yield from ctx.map_table("participants", participant_to_event, id_column="_id", columns=("_id", "chat_id", "full_name"),
                                 optional=("gaia_id", "phone_id", "first_name", "fallback_name", "participant_type",
                                           "blocked", "profile_photo_url"))


@hookimpl
def register_parsers(register):
    register(HangoutsParser)
