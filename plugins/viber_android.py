"""Viber for Android (``com.viber.voip``): calls and contacts of ``databases/viber_data``, messages of
``databases/viber_messages``.

Where the facts come from:

* Schema: the real ``viber_data`` of plaso's test data (``test_data/android/viber_data``, plaso @
  4ea03ef9, ``PRAGMA user_version`` 235; DDL in ``artefacts/synthetic/ddl/viber_android_data.sql``).
* Calls (plaso ``plaso/parsers/sqlite_plugins/android_viber_call.py`` and its test; ALEAPP
  ``scripts/artifacts/Viber.py``; the project's reference notes): ``calls.date`` milliseconds since
  1970 (call start), ``duration`` seconds (plaso's end time = ``date + duration * 1000``), ``type``
  1 incoming, 2 outgoing, ``viber_call_type`` 1 audio, 4 video. Other ``type`` values have no source:
  they are kept as ``type N`` with no direction.
* Contacts (ALEAPP ``Viber.py``: ``phonebookcontact`` joined to ``phonebookdata`` on
  ``contact_id``, the number being ``coalesce(data2, data1, data3)``): one contact event per
  ``phonebookcontact`` row, with every distinct number of its ``phonebookdata`` rows (the real file
  holds each number several times, once per raw contact). In the real file ``data2`` is the number
  in the same E.164 form as ``calls.canonized_number`` and ``vibernumbers.canonized_number``; the
  parser matches them on that form to name a call's other party and to mark which contacts are Viber
  members (``vibernumbers``: ``member_id``, ``viber_name``). A ``vibernumbers`` row whose number is in
  no phonebook contact is a contact event of its own. ``phonebookcontact.viber`` is copied as
  stored; ``joined_date`` and ``recently_joined_date`` are kept raw only (no source gives their
  unit, although the real value 1660691493950 reads as milliseconds).

Messages (parser ``viber_android_messages``): ``databases/viber_messages``, of which no real file
is public. Facts (the DDL file ``artefacts/synthetic/ddl/viber_android_messages.sql`` names each
column's source):

* ALEAPP ``scripts/artifacts/Viber.py``: ``messages.msg_date`` milliseconds since 1970,
  ``send_type`` 1 outgoing, otherwise incoming (``/work/shared/reference/apps.md``: 0 incoming,
  1 outgoing; another value is kept with no direction), ``unread`` the read state (an incoming
  message's ``status``: read / unread; kept raw in ``extra`` for every row), ``extra_uri`` the
  attached file's URI, ``body`` the text. A message's sender is the number (``participants_info``)
  of its ``participant_id`` (a ``participants`` row of the conversation); its recipients are the
  numbers of the conversation's other participants (ALEAPP's ``FROM_RESULT``/``TO_RESULT`` join).
* ``participants_info.participant_type`` 0 is the device's owner (a public Viber reader:
  ``itsme = participant_type == 0``): the owner's number is the sender of outgoing messages.
* ``conversations(_id, conversation_type, name)``, ``participants.active``,
  ``participants_info(contact_name, display_name, viber_name)``, ``messages(deleted, extra_mime,
  msg_info, order_key)`` are the columns a public Viber-database viewer for Android reads
  (``mbv06/ViberDBViewer``: ``app/src/main/java/com/mbv/viberdbviewer/data/ViberDatabaseRepository.kt``,
  ``data/AndroidViberDatabaseReader.kt``, ``ViberDatabaseValues.kt``, ``docs/viber-database.md``), whose
  constants give their values: ``messages.deleted`` 0 visible, 1 deleted (``AndroidMessageState``);
  ``extra_mime`` (``AndroidMessageType``) 0 text, 1 image, 3 video, 4 sticker, 5 location,
  7 business, 8 link (its data in ``msg_info``), 9 contact, 10 file, 1005 GIF, 1007 reaction,
  1008 deleted, 1009 audio, 1010 instant video; ``conversation_type`` (``AndroidConversationType``)
  0 direct, 1 group, 5 community, 6 self (notes to oneself); ``participants.active`` 1 active.
  A reaction row is a ``reaction`` event (the viewer leaves them out of the chat; no sourced column
  names the message it reacts to); a row with ``deleted`` 1 or ``extra_mime`` 1008 is ``deleted``.
  Other ``extra_mime`` values are kept raw; ``msg_info`` is kept raw in ``extra``.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import (CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event,
                              duration_text, number_call_event)
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

CALL_TYPES = {1: ("incoming", INCOMING), 2: ("outgoing", OUTGOING)}
VIBER_CALL_TYPES = {1: "audio", 4: "video"}
SEP = "\x1f"
CALL_OPTIONAL = ("canonized_number", "viber_call_type", "call_id", "end_reason", "start_reason", "conference_info",
                 "group_id", "flags", "looked")
CONTACT_OPTIONAL = ("phonetic_name", "starred", "viber", "contact_lookup_key", "joined_date", "recently_joined_date",
                    "deleted", "native_id")


def call_to_event(row, ctx) -> dict:
    """One ``calls`` row (with ``contact_name`` and ``viber_name`` looked up) -> one call event."""
    ctype, start, duration = row["type"], row["date"], row["duration"]
    status, direction = CALL_TYPES.get(ctype, (f"type {ctype}", None))
    media = VIBER_CALL_TYPES.get(row["viber_call_type"])
    number = row["number"] or None
    name = row["contact_name"] or row["viber_name"] or None
    extra: dict = {"duration_s": duration, "type": ctype, "video": media == "video"}
    for col in CALL_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    if isinstance(start, int) and isinstance(duration, int):
        extra["end_time"] = ctx.time(UNIX_MILLISECONDS, start + duration * 1000, column="calls.date+duration")
    label = f"{(media or 'Viber').capitalize()} call, {status}"
    if direction is not None:
        label += f", {duration_text(duration)}"
    return number_call_event(ctx, UNIX_MILLISECONDS, start, "calls.date", number, name, direction, label, status,
                             extra)


def contact_to_event(row, ctx) -> dict:
    """One ``phonebookcontact`` row (its numbers and Viber member ids attached) -> one contact event."""
    numbers = [n for n in (row["numbers"] or "").split(SEP) if n]
    members = [m for m in (row["member_ids"] or "").split(SEP) if m]
    name = row["display_name"] or None
    extra: dict = {"numbers": numbers}
    for col in CONTACT_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    if members:
        extra["viber_member_ids"] = members
    address = numbers[0] if numbers else None
    body = name or address or f"phonebook contact {row['_id']}"
    if numbers:
        body = f"{body} ({', '.join(numbers)})"
    return contact_event(address, name, body, extra, f"phonebookcontact:_id={row['_id']}")


def member_to_event(row, ctx) -> dict:
    """One ``vibernumbers`` row whose number is in no phonebook contact -> one contact event."""
    number = row["canonized_number"]
    name = row["viber_name"] or None
    extra = {k: row[k] for k in ("member_id", "encrypted_member_id", "viber_id", "date_of_birth") if row[k]}
    extra["viber_member"] = True
    return contact_event(number, name, f"{name or number} (Viber member)", extra, f"vibernumbers:_id={row['_id']}")


class ViberDataParser(SQLiteParser):
    name = "viber_android"
    version = __version__
    app = "viber"
    platform = "android"
    description = "Viber for Android viber_data: calls (audio/video) and phonebook contacts"
    path_globs = ("**/com.viber.voip/databases/viber_data",)
    required_tables = {"calls": {"_id", "number", "date", "duration", "type", "viber_call_type"}}
    time_units = {"calls.date": UNIX_MILLISECONDS}
    references = (
        "plaso plaso/parsers/sqlite_plugins/android_viber_call.py and test_data/android/viber_data",
        "ALEAPP scripts/artifacts/Viber.py (calls, phonebookcontact/phonebookdata)",
        "artefacts/synthetic/ddl/viber_android_data.sql",
    )

    def parse(self, ctx):
        phonebook = ctx.has_columns("phonebookdata", "contact_id", "data2") and ctx.has_columns(
            "phonebookcontact", "_id", "display_name")
        members = ctx.has_columns("vibernumbers", "canonized_number", "viber_name", "member_id")
        key = "calls.canonized_number" if ctx.has_columns("calls", "canonized_number") else "calls.number"
        contact_name = "NULL"
        if phonebook:
            contact_name = (f"(SELECT c.display_name FROM phonebookdata d JOIN phonebookcontact c ON c._id = d.contact_id"
                            f" WHERE d.data2 = {key} ORDER BY c._id LIMIT 1)")
        viber_name = f"(SELECT v.viber_name FROM vibernumbers v WHERE v.canonized_number = {key} LIMIT 1)" if members else "NULL"
        cols = ", ".join(("_id", "number", "date", "duration", "type", *(ctx.column_or_null("calls", c) for c in CALL_OPTIONAL)))
        yield from ctx.map_rows(f"SELECT {cols}, {contact_name} AS contact_name, {viber_name} AS viber_name "
                                "FROM calls ORDER BY _id", call_to_event, table="calls", id_column="_id")
        if phonebook:
            numbers = ("(SELECT group_concat(n, char(31)) FROM (SELECT DISTINCT d.data2 AS n FROM phonebookdata d"
                       " WHERE d.contact_id = c._id AND d.data2 <> '' ORDER BY d.data2))")
            member_ids = "NULL"
            if members:
                member_ids = ("(SELECT group_concat(m, char(31)) FROM (SELECT DISTINCT v.member_id AS m FROM vibernumbers v"
                              " JOIN phonebookdata d ON d.data2 = v.canonized_number WHERE d.contact_id = c._id ORDER BY m))")
            opt = ", ".join(ctx.column_or_null("phonebookcontact", col, prefix="c") for col in CONTACT_OPTIONAL)
            yield from ctx.map_rows(f"SELECT c._id, c.display_name, {opt}, {numbers} AS numbers, {member_ids} AS member_ids "
                                    "FROM phonebookcontact c ORDER BY c._id", contact_to_event,
                                    table="phonebookcontact", id_column="_id")
        if members:
            unmatched = "1"
            if phonebook:
                unmatched = "NOT EXISTS (SELECT 1 FROM phonebookdata d WHERE d.data2 = v.canonized_number)"
            opt = ", ".join(ctx.column_or_null("vibernumbers", col, prefix="v")
                            for col in ("encrypted_member_id", "viber_id", "date_of_birth"))
            yield from ctx.map_rows(f"SELECT v._id, v.canonized_number, v.viber_name, v.member_id, {opt} FROM vibernumbers v "
                                    f"WHERE {unmatched} ORDER BY v._id", member_to_event, table="vibernumbers", id_column="_id")


SEND_TYPES = {0: INCOMING, 1: OUTGOING}
MESSAGE_TYPES = {0: "text", 1: "image", 3: "video", 4: "sticker", 5: "location", 7: "business", 8: "link", 9: "contact",
                 10: "file", 1005: "gif", 1007: "reaction", 1008: "deleted", 1009: "audio", 1010: "instant video"}
REACTION, DELETED_TYPE = 1007, 1008
CONVERSATION_TYPES = {0: "direct", 1: "group", 5: "community", 6: "self"}
MESSAGE_OPTIONAL = ("unread", "deleted", "extra_uri", "extra_mime", "msg_info", "order_key")


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row with its sender's and the conversation's other participants' numbers."""
    direction = SEND_TYPES.get(row["send_type"])
    sender = row["sender_number"] or None
    others = [n for n in (row["others"] or "").split(SEP) if n]
    extra: dict = {"send_type": row["send_type"], "participant_id": row["participant_id"]}
    for col in MESSAGE_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    for col in ("conversation_type", "conversation_name"):
        if row[col] not in (None, ""):
            extra[col] = row[col]
    mime = row["extra_mime"]
    if mime in MESSAGE_TYPES:
        extra["message_type"] = MESSAGE_TYPES[mime]
    if row["conversation_type"] in CONVERSATION_TYPES:
        extra["conversation_type_name"] = CONVERSATION_TYPES[row["conversation_type"]]
    uri = row["extra_uri"]
    attachments = [attachment(name=uri.rsplit("/", 1)[-1] or uri)] if uri else []
    status = None  # the device user's read state: of incoming messages only (kept raw in extra for all)
    if row["unread"] is not None and direction == INCOMING:
        status = "unread" if row["unread"] else "read"
    name = row["conversation_name"] or (row["other_name"] if len(others) == 1 else None)
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["msg_date"], column="messages.msg_date"),
        "timestamp_raw": row["msg_date"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED if direction == INCOMING else CREATED,
        "kind": "reaction" if mime == REACTION else "message",
        "direction": direction,
        "conversation_id": str(row["conversation_id"]) if row["conversation_id"] is not None else None,
        "conversation_name": name,
        "sender": sender,
        "sender_name": row["sender_name"] or None,
        "recipients": others,
        "body": row["body"],
        "attachments": attachments,
        "deleted": row["deleted"] == 1 or mime == DELETED_TYPE,
        "status": status,
        "extra": extra,
    }


def participant_to_event(row, ctx) -> dict:
    """One ``participants_info`` row -> a contact (``extra.owner`` for the device's own account)."""
    number = row["number"] or None
    name = row["contact_name"] or row["display_name"] or row["viber_name"] or None
    extra = {k: row[k] for k in ("participant_type", "contact_name", "display_name", "viber_name") if row[k] not in (None, "")}
    if row["participant_type"] == 0:
        extra["owner"] = True
    body = f"{name} ({number})" if name and number else name or number or f"participant {row['_id']}"
    return contact_event(number, name, body, extra, f"participants_info:_id={row['_id']}")


class ViberMessagesParser(SQLiteParser):
    name = "viber_android_messages"
    version = __version__
    app = "viber"
    platform = "android"
    description = "Viber for Android viber_messages: messages with their conversations and participants"
    path_globs = ("**/com.viber.voip/databases/viber_messages",)
    required_tables = {
        "messages": {"_id", "conversation_id", "participant_id", "msg_date", "send_type", "body"},
        "participants": {"_id", "conversation_id", "participant_info_id"},
        "participants_info": {"_id", "number"},
    }
    time_units = {"messages.msg_date": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/Viber.py (messages, participants, participants_info)",
        "artefacts/synthetic/ddl/viber_android_messages.sql (every column's source)",
    )

    def parse(self, ctx):
        info = {c: ctx.column_or_null("participants_info", c, prefix="i")
                for c in ("participant_type", "contact_name", "display_name", "viber_name")}
        name_of = "COALESCE(NULLIF(i.contact_name, ''), NULLIF(i.display_name, ''), NULLIF(i.viber_name, ''))"
        if not all(ctx.has_columns("participants_info", c) for c in ("contact_name", "display_name", "viber_name")):
            name_of = "NULL"
        conv = ("(SELECT c.{0} FROM conversations c WHERE c._id = m.conversation_id)"
                if ctx.has_columns("conversations", "_id", "name", "conversation_type") else "NULL")
        others = ("(SELECT group_concat(n, char(31)) FROM (SELECT i.number AS n FROM participants p JOIN participants_info i "
                  "ON i._id = p.participant_info_id WHERE p.conversation_id = m.conversation_id AND p._id <> m.participant_id "
                  "AND i.number <> '' ORDER BY p._id))")
        not_me = ("COALESCE(i.participant_type, 1) <> 0" if ctx.has_columns("participants_info", "participant_type")
                  else "p._id <> m.participant_id")
        other_name = (f"(SELECT {name_of} FROM participants p JOIN participants_info i ON i._id = p.participant_info_id "
                      f"WHERE p.conversation_id = m.conversation_id AND {not_me} ORDER BY p._id LIMIT 1)")
        opt = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        sql = (f"SELECT m._id, m.conversation_id, m.participant_id, m.msg_date, m.send_type, m.body, {opt}, "
               f"i.number AS sender_number, {name_of} AS sender_name, {others} AS others, {other_name} AS other_name, "
               f"{conv.format('name')} AS conversation_name, {conv.format('conversation_type')} AS conversation_type "
               "FROM messages m LEFT JOIN participants sp ON sp._id = m.participant_id "
               "LEFT JOIN participants_info i ON i._id = sp.participant_info_id ORDER BY m._id")
        yield from ctx.map_rows(sql, message_to_event, table="messages", id_column="_id")
        yield from ctx.map_rows(f"SELECT i._id, i.number, {', '.join(info.values())} FROM participants_info i ORDER BY i._id",
                                participant_to_event, table="participants_info", id_column="_id")


@hookimpl
def register_parsers(register):
    register(ViberDataParser)
    register(ViberMessagesParser)
