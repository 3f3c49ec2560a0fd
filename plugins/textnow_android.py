"""TextNow for Android (``com.enflick.android.TextNow``): texts, calls, contacts and groups.

TextNow gives the user a free second phone number over VoIP; ``databases/textnow_data.db`` keeps the
texts and the call log of that number.

Where the facts come from:

* Path and queries: ALEAPP (``abrignoni/ALEAPP``) ``scripts/artifacts/textnow.py``
  (``*/com.enflick.android.TextNow/databases/textnow_data.db``) and Autopsy's ``TextNowAnalyzer``
  (``sleuthkit/autopsy`` ``InternalPythonModules/android/textnow.py``, TextNow 6.41.0.2).
* Schema: the app's own ``SQLiteOpenHelper`` create statements (decompiled ``textnow.v.a``, database
  version 7) and the ``messages`` columns of a real TextNow 20.21.0.1 database (copied with their
  sources into ``artefacts/synthetic/ddl/textnow_android.sql``).
* ``messages``: ``date`` milliseconds since 1970 (both tools divide by 1000); ``message_direction``
  1 incoming, 2 outgoing (ALEAPP: "established through testing"; other values kept as stored);
  ``message_type`` 100 and 102 are calls ("audio, video" in Autopsy's docstring, in that order),
  every other type a message; ``contact_value`` the other party's number (or a group's id, see
  below), ``contact_name`` its name, ``message_text`` the text, ``read``, ``attach`` an attachment's
  path or URL. For a call, ``message_text`` holds what Autopsy reads as the call's duration in
  seconds (its end time = start + that value); ALEAPP notes that this reading is not established, so
  the value is kept raw in ``extra.duration`` with that caveat, and no end time is computed.
* ``groups`` / ``group_members``: a group conversation's ``contact_value`` is a ``groups`` row; its
  members are the ``group_members`` rows of that ``contact_value`` (``member_contact_value``,
  ``member_display_name``). Both tools make the members the recipients of an outgoing group text;
  neither can tell who sent an incoming one (no column holds it), so its sender stays empty.
* ``contacts`` (``contact_value``, ``contact_name``; as ALEAPP and Autopsy read it): one ``contact``
  event each.

Not read: the user's own TextNow number. Neither ALEAPP nor Autopsy reads it and no source found
names where the app keeps it (the shared preferences are not documented), so it is not guessed.
``conversations`` and ``proxy`` (a per-contact proxy number) are left out: no source describes them
beyond their columns.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

DIRECTIONS = {1: INCOMING, 2: OUTGOING}
CALL_TYPES = {100: "audio", 102: "video"}
DURATION_LABEL = "message_text of a call: seconds per Autopsy's TextNow parser; ALEAPP: not established as a duration"
MESSAGE_OPTIONAL = ("message_id", "contact_type", "contact_name", "read", "state", "attach", "message_source", "all_emoji")


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row (with its group's members, when it is a group's) -> a message or call event."""
    direction = DIRECTIONS.get(row["message_direction"])
    mtype = row["message_type"]
    other = row["contact_value"] or None
    name = row["group_title"] or row["contact_name"] or None
    members = [m for m in (row["members"] or "").split("\x1f") if m]
    extra: dict = {"message_direction": row["message_direction"], "message_type": mtype}
    for col in MESSAGE_OPTIONAL:
        if row[col] not in (None, "") and col not in ("attach", "contact_name"):
            extra[col] = row[col]
    if row["group_title"] is not None:
        extra["group"] = True
        extra["group_members"] = members
    if direction == OUTGOING:
        sender, recipients, desc = None, members or ([other] if other else []), SENT
    elif direction == INCOMING:
        sender, recipients, desc = (None if row["group_title"] is not None else other), [], RECEIVED
    else:
        sender, recipients, desc = None, [], CREATED
    event = {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["date"], column="messages.date"),
        "timestamp_raw": row["date"],
        "kind": "message",
        "direction": direction,
        "conversation_id": other,
        "conversation_name": name,
        "sender": sender,
        "sender_name": name if sender else None,
        "recipients": recipients,
        "body": row["message_text"],
        "attachments": [attachment(name=row["attach"].rsplit("/", 1)[-1] or row["attach"])] if row["attach"] else [],
        "extra": extra,
    }
    if mtype in CALL_TYPES:
        extra["call_type"] = CALL_TYPES[mtype]
        extra["duration"] = row["message_text"]
        extra["duration_unit"] = DURATION_LABEL
        event.update(kind="call", timestamp_desc=CALL_START, body=f"{CALL_TYPES[mtype].capitalize()} call, "
                     f"{direction or 'direction ' + str(row['message_direction'])}", attachments=[])
    else:
        event["timestamp_desc"] = desc
    return event


def contact_to_event(row, ctx) -> dict:
    """One ``contacts`` row -> a contact event."""
    number = row["contact_value"] or None
    name = row["contact_name"] or None
    body = f"{name} ({number})" if name and number and name != number else (name or number)
    return contact_event(number, name, body, {}, f"contacts:rowid={row['rowid']}")


class TextNowAndroidParser(SQLiteParser):
    name = "textnow_android"
    version = __version__
    app = "textnow"
    platform = "android"
    description = "TextNow for Android textnow_data.db: texts and calls of the TextNow number, contacts, groups"
    path_globs = ("**/com.enflick.android.TextNow/databases/textnow_data.db",)
    required_tables = {
        "messages": {"_id", "contact_value", "message_direction", "message_type", "message_text", "date"},
    }
    time_units = {"messages.date": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/textnow.py (calls: message_type 100/102; direction 1/2; date ms)",
        "Autopsy InternalPythonModules/android/textnow.py (TextNow 6.41.0.2; calls audio/video, message_text as duration)",
        "TextNow app textnow.v.a (decompiled SQLiteOpenHelper, database version 7)",
        "artefacts/synthetic/ddl/textnow_android.sql",
    )

    def parse(self, ctx):
        title, members = "NULL", "NULL"
        if ctx.has_columns("groups", "contact_value", "title"):
            title = "(SELECT coalesce(g.title, '') FROM groups g WHERE g.contact_value = m.contact_value LIMIT 1)"
        if ctx.has_columns("group_members", "_id", "contact_value", "member_contact_value"):
            members = ("(SELECT group_concat(member_contact_value, char(31)) FROM (SELECT gm.member_contact_value "
                       "FROM group_members gm WHERE gm.contact_value = m.contact_value ORDER BY gm._id))")
        opt = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        sql = (f"SELECT m._id, m.contact_value, m.message_direction, m.message_type, m.message_text, m.date, {opt}, "
               f"{title} AS group_title, {members} AS members FROM messages m ORDER BY m._id")
        yield from ctx.map_rows(sql, message_to_event, table="messages", id_column="_id")
        if ctx.has_columns("contacts", "contact_value", "contact_name"):
            yield from ctx.map_rows("SELECT rowid, contact_value, contact_name FROM contacts ORDER BY rowid",
                                    contact_to_event, table="contacts", id_column="rowid")


@hookimpl
def register_parsers(register):
    register(TextNowAndroidParser)
