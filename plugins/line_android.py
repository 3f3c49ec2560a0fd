"""LINE for Android (``jp.naver.line.android``): messages, chats, contacts and groups of
``databases/naver_line``; calls of ``databases/call_history``.

Where the facts come from (no real LINE database is public; the DDL file
``artefacts/synthetic/ddl/line_android.sql`` names each column's source):

* Paths and queries: ALEAPP ``scripts/artifacts/line.py`` (``*/jp.naver.line.android/databases/**``,
  files ``naver_line`` and ``call_history``); ``/work/shared/reference/apps.md`` (Line).
* Column names and types: a Django ``inspectdb`` model of a real ``naver_line`` (stored public code):
  ``chat_history.created_time`` and ``delivered_time`` are TEXT columns; ALEAPP and that model read
  ``created_time`` as milliseconds since 1970 (``created_time/1000``, ``int(created_time) / 1000``).
  ``delivered_time`` has no source for its unit: kept raw.
* ``chat_history.status``: 1 incoming, 2 outgoing (ALEAPP's newer query; its older one reads every
  value but 1 as outgoing); another value is kept with no direction. ``from_mid`` is the sender of
  an incoming message; ``chat_id`` is the other party's mid (``contacts.m_id``) in a one-to-one chat
  or the group's id (``membership.id``, ``groups.id``), whose members (``membership.m_id``) are the
  recipients of an outgoing message (ALEAPP's ``contact_book_w_groups``). The device owner's own mid
  is in no sourced column: an outgoing message has no sender.
* ``attachement_type`` [sic] and ``attachement_local_uri``: ALEAPP leaves rows of type 6 out of the
  messages without saying what they are; here they are ``system`` events (type kept in ``extra``).
  The local URI is the attachment (ALEAPP drops ``content:`` URIs from its report; kept here as the
  attachment's name). Other ``attachement_type`` values have no published table: kept raw.
* ``contacts(m_id, name, server_name, custom_name, ...)`` (ALEAPP: ``m_id``, ``server_name``) and
  ``groups(id, name, creator)`` with ``membership``: ``contact`` events. Their ``created_time`` /
  ``updated_time`` have no sourced unit: kept raw.
* ``call_history`` (ALEAPP): ``start_time``, ``end_time`` milliseconds since 1970; ``call_type``
  whose last letter ``O`` is outgoing (else incoming); ``caller_mid`` the other party (or group);
  ``voip_type`` ``V`` video, ``A`` audio, ``G`` group call whose media is ``voip_gc_media_type``.
  Missed calls are not told apart by any source: no ``missed`` flag is set. As ALEAPP (which attaches
  ``naver_line`` to ``call_history``), the other party is named from ``naver_line`` beside it: a
  contact's name, or a group's.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import (CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event, duration_text,
                              number_call_event, time_pair)
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

STATUS = {1: INCOMING, 2: OUTGOING}
EXCLUDED_TYPE = 6  # ALEAPP line.py: WHERE attachement_type != 6
VOIP_TYPES = {"V": "video", "A": "audio", "G": "group"}
SEP = "\x1f"
MESSAGE_OPTIONAL = ("server_id", "type", "delivered_time", "read_count", "sent_count", "location_name",
                    "location_address", "location_phone", "location_latitude", "location_longitude", "attachement_type",
                    "attachement_local_uri", "parameter")
CONTACT_OPTIONAL = ("name", "server_name", "custom_name", "addressbook_name", "status_msg", "relation", "status",
                    "contact_kind", "contact_type", "hidden", "favorite", "created_time", "updated_time")


def _ms(raw):
    """``created_time`` is TEXT in the real schema: digits are milliseconds, anything else goes through as is
    (and becomes a warning in ``ctx.time``)."""
    return int(raw) if isinstance(raw, str) and raw.isdigit() else raw


def message_to_event(row, ctx) -> dict:
    """One ``chat_history`` row with its chat's name, members and the sender's name."""
    direction = STATUS.get(row["status"])
    raw = row["created_time"]
    members = [m for m in (row["members"] or "").split(SEP) if m]
    chat = row["chat_id"]
    extra: dict = {"status": row["status"]}
    for col in MESSAGE_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    uri = row["attachement_local_uri"]
    recipients = []
    if direction == OUTGOING:
        recipients = members or ([chat] if chat else [])
    system = row["attachement_type"] == EXCLUDED_TYPE
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, _ms(raw), column="chat_history.created_time"),
        "timestamp_raw": raw,
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED if direction == INCOMING else CREATED,
        "kind": "system" if system else "message",
        "direction": direction,
        "conversation_id": chat,
        "conversation_name": row["chat_name"] or None,
        "sender": row["from_mid"] if direction == INCOMING else None,
        "sender_name": row["sender_name"] if direction == INCOMING else None,
        "recipients": recipients,
        "body": row["content"],
        "attachments": [attachment(name=uri.rsplit("/", 1)[-1] or uri)] if uri else [],
        "extra": extra,
    }


def contact_to_event(row, ctx) -> dict:
    """One ``contacts`` row -> a contact event (the address is the user's mid)."""
    name = row["custom_name"] or row["name"] or row["server_name"] or None
    extra = {c: row[c] for c in CONTACT_OPTIONAL if row[c] not in (None, "")}
    return contact_event(row["m_id"], name, f"{name} ({row['m_id']})" if name else row["m_id"], extra,
                         f"contacts:m_id={row['m_id']}")


def group_to_event(row, ctx) -> dict:
    """One ``groups`` row with its members -> a contact event of the group."""
    members = [m for m in (row["members"] or "").split(SEP) if m]
    extra = {"group": True, "members": members}
    for col in ("creator", "status", "created_time", "updated_time"):
        if row[col] not in (None, ""):
            extra[col] = row[col]
    name = row["name"] or None
    return contact_event(row["id"], name, f"Group {name or row['id']} ({len(members)} members)", extra,
                         f"groups:id={row['id']}")


class LineAndroidParser(SQLiteParser):
    name = "line_android"
    version = __version__
    app = "line"
    platform = "android"
    description = "LINE for Android naver_line: messages, chats, contacts, groups"
    path_globs = ("**/jp.naver.line.android/databases/naver_line",)
    required_tables = {"chat_history": {"id", "chat_id", "from_mid", "content", "created_time", "status"}}
    time_units = {"chat_history.created_time": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/line.py (chat_history, membership, contacts; status 1 in / 2 out)",
        "artefacts/synthetic/ddl/line_android.sql (every column's source)",
    )

    def parse(self, ctx):
        members = "NULL"
        if ctx.has_columns("membership", "id", "m_id"):
            members = ("(SELECT group_concat(m_id, char(31)) FROM (SELECT ms.m_id FROM membership ms "
                       "WHERE ms.id = h.chat_id ORDER BY ms.m_id))")
        contact_name = ("(SELECT COALESCE(NULLIF(c.custom_name, ''), NULLIF(c.name, ''), NULLIF(c.server_name, '')) "
                        "FROM contacts c WHERE c.m_id = {0})")
        have_contacts = ctx.has_columns("contacts", "m_id", "name", "server_name", "custom_name")
        names = [f"NULLIF(ch.chat_name, '')" if ctx.has_columns("chat", "chat_id", "chat_name") else "NULL"]
        if ctx.has_columns("groups", "id", "name"):
            names.append("(SELECT NULLIF(g.name, '') FROM groups g WHERE g.id = h.chat_id)")
        if have_contacts:
            names.append(contact_name.format("h.chat_id"))
        chat_join = "LEFT JOIN chat ch ON ch.chat_id = h.chat_id" if ctx.has_columns("chat", "chat_id", "chat_name") else ""
        opt = ", ".join(ctx.column_or_null("chat_history", c, prefix="h") for c in MESSAGE_OPTIONAL)
        sender = contact_name.format("h.from_mid") if have_contacts else "NULL"
        sql = (f"SELECT h.id, h.chat_id, h.from_mid, h.content, h.created_time, h.status, {opt}, "
               f"COALESCE({', '.join(names)}, NULL) AS chat_name, {members} AS members, {sender} AS sender_name "
               f"FROM chat_history h {chat_join} ORDER BY h.id")
        yield from ctx.map_rows(sql, message_to_event, table="chat_history", id_column="id")
        if ctx.has_columns("contacts", "m_id"):
            yield from ctx.map_table("contacts", contact_to_event, id_column="m_id", columns=("m_id",),
                                     optional=CONTACT_OPTIONAL)
        if ctx.has_columns("groups", "id", "name"):
            opt = ", ".join(ctx.column_or_null("groups", c, prefix="g") for c in ("creator", "status", "created_time",
                                                                                  "updated_time"))
            members = members.replace("h.chat_id", "g.id")
            yield from ctx.map_rows(f"SELECT g.id, g.name, {opt}, {members} AS members FROM groups g ORDER BY g.id",
                                    group_to_event, table="groups", id_column="id")


def call_to_event(row, ctx) -> dict:
    """One ``call_history`` row -> a call event (the other party is ``caller_mid``)."""
    ctype = row["call_type"] or ""
    direction = OUTGOING if ctype.endswith("O") else INCOMING
    voip = row["voip_type"]
    media = VOIP_TYPES.get(voip)
    if voip == "G":
        media = f"group {row['voip_gc_media_type']}".strip() if row["voip_gc_media_type"] else "group"
    start, end = row["start_time"], row["end_time"]
    extra: dict = {"call_type": row["call_type"], "voip_type": voip, "video": voip == "V" or (
        voip == "G" and str(row["voip_gc_media_type"] or "").upper().startswith("V"))}
    if row["voip_gc_media_type"] not in (None, ""):
        extra["voip_gc_media_type"] = row["voip_gc_media_type"]
    time_pair(ctx, extra, "end", end, "call_history.end_time", UNIX_MILLISECONDS)
    duration = None
    if isinstance(start, int) and isinstance(end, int) and end >= start:
        duration = (end - start) / 1000
        extra["duration_s"] = duration
    other = row["caller_mid"] or None
    label = f"LINE {media or 'call'} call, {direction}" + (f", {duration_text(duration)}" if duration is not None else "")
    name = ctx.lookups.get("line_names", {}).get(other)
    return number_call_event(ctx, UNIX_MILLISECONDS, start, "call_history.start_time", other, name, direction, label,
                             None, extra)


def line_names(ctx) -> dict:
    """mid -> name of the contacts and groups of the ``naver_line`` beside ``call_history`` (empty without it)."""
    def read(con, source):
        names = {}
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "groups" in tables:
            names.update(con.execute("SELECT id, name FROM groups WHERE name <> ''").fetchall())
        if "contacts" in tables:
            names.update(con.execute("SELECT m_id, COALESCE(NULLIF(custom_name, ''), NULLIF(name, ''), server_name) "
                                     "FROM contacts").fetchall())
        return names

    return ctx.read_related("naver_line", "LINE's naver_line", read) or {}


class LineAndroidCallsParser(SQLiteParser):
    name = "line_android_calls"
    version = __version__
    app = "line"
    platform = "android"
    description = "LINE for Android call_history: audio, video and group calls"
    path_globs = ("**/jp.naver.line.android/databases/call_history",)
    required_tables = {"call_history": {"caller_mid", "call_type", "voip_type", "start_time", "end_time"}}
    time_units = {"call_history.start_time": UNIX_MILLISECONDS, "call_history.end_time": UNIX_MILLISECONDS}
    related_globs = {"naver_line": LineAndroidParser.path_globs}
    references = ("ALEAPP scripts/artifacts/line.py (get_line_calls)", "artefacts/synthetic/ddl/line_android.sql")

    def parse(self, ctx):
        ctx.lookups["line_names"] = line_names(ctx)
        media = ctx.column_or_null("call_history", "voip_gc_media_type")
        yield from ctx.map_rows(f"SELECT rowid AS _rowid, caller_mid, call_type, voip_type, start_time, end_time, {media} "
                                "FROM call_history ORDER BY rowid", call_to_event, table="call_history", id_column="_rowid")


@hookimpl
def register_parsers(register):
    register(LineAndroidParser)
    register(LineAndroidCallsParser)
