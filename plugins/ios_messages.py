"""Apple Messages: iOS ``Library/SMS/sms.db`` and macOS ``Library/Messages/chat.db`` (iMessage, SMS, RCS).

Where the schema facts come from:

* Tables and columns: real databases and real schema dumps - plaso's ``imessage_chat.db``
  (OS X 10.11 era, ``_ClientVersion`` 9005, DDL in the project's reference notes
  ``apple_messages_chat_db_2015.sql``), richinfante/iphonebackuptools
  ``schemas/messages/iOS10.2.sql`` and ``iOS11.2.sql`` (dumps of real iOS backups), the iOS 13
  ``sms.db`` of a public 2020 CTF image (``ios_sms_db_2020.sql``) and the iOS 14-era ``sms.db``
  of the mvt test backup. ``message`` joins ``handle`` (``handle_id``, ``other_handle``),
  ``chat`` (through ``chat_message_join``), the chat's participants (``chat_handle_join``) and
  ``attachment`` (through ``message_attachment_join``). Later columns (``date_edited``,
  ``date_retracted``, ``associated_message_emoji``, ``thread_originator_guid`` ...) and the iOS
  16 ``chat_recoverable_message_join`` ("Recently Deleted") are read when present.
* ``is_from_me`` 1 = sent by the owner (plaso formatter: 0 Received, 1 Sent). ``handle.id`` is
  the other party's phone number or e-mail. ``service`` is ``iMessage``, ``SMS`` or ``RCS``; when
  ``message.service`` is NULL (as in the mvt test backup's ``sms.db``) the handle's ``service`` is
  used: a handle is one address on one service (``handle`` is ``UNIQUE (id, service)``, ``service
  NOT NULL`` in the iOS 13 DDL and in that file) and ``extra["service_source"]`` says so.
* Text: ``message.text``; when it is NULL (iOS 16+ / macOS 13+) the text is decoded from
  ``attributedBody`` (an NSArchiver typedstream, see ``artefacts.decoders.typedstream``). The
  blob is decoded whenever present: real data (plaso's file, ROWID 6 and 10) shows ``text``
  and ``attributedBody`` can disagree, and the event says so.
* ``attachment.filename`` is a device path such as ``~/Library/SMS/Attachments/ab/11/<GUID>/x.jpg``
  (``~`` = the mobile user's home); ``transfer_name``, ``mime_type``, ``total_bytes`` as named.
* Tapbacks (ReagentX/imessage-exporter ``Message::get_tapback``): ``associated_message_type``
  2000-2007 added (loved, liked, disliked, laughed, emphasized, questioned, emoji, sticker),
  3000-3007 the same removed, 1000 sticker; ``associated_message_guid`` is ``p:N/GUID`` (part N)
  or ``bp:GUID``.
* Group and other non-message rows (imessage-exporter ``GroupAction``/``Message``):
  ``item_type`` 1 participant added (``group_action_type`` 0; the number changed when
  ``other_handle`` = ``handle_id``) or removed (1), 2 group renamed to ``group_title``, 3
  participant left (0), group photo changed (1) or removed (2), chat background changed (4) or
  removed (6), 4 location sharing started (``share_status`` 0) or stopped (1), 5 an audio
  message was kept, 6 SharePlay/FaceTime. Other ``item_type`` values are kept as kind "other".
* Outgoing ``date_read`` is when the recipient read the message (BlackBag, "Interpreting
  Dates in the sms.db", 2015); ``date_delivered`` when it was delivered.
* The owner: ``message.destination_caller_id`` (iOS 11+) is the owner's own address a message
  went through, the number or Apple ID e-mail (imessage-database ``Message.destination_caller_id``,
  "Address that received the message"; imessage-exporter ``Config::who`` names the sender of an
  ``is_from_me`` message by it under ``--use-caller-id``), so it is the sender of outgoing messages;
  without it (older schemas, NULL) they have no sender.

The date unit (decided once per database, never from a value's size):
``message.date``, ``date_read``, ``date_delivered``, ``date_played``, ``date_edited``,
``date_retracted`` and ``attachment.created_date`` are Cocoa **seconds** since 2001-01-01 in
databases written before iOS 11 / macOS 10.13 and Cocoa **nanoseconds** since then (the
project's plaso notes on its imessage plugin, "macOS 10.13+/iOS 11+"; the real 2020 iOS 13 DDL
header and the mvt iOS 14 values; smarterforensics.com, "Time is NOT on our side when it comes
to messages in iOS 11", 2017). The real schema dumps show what the iOS 11 release added: ``message``
columns ``ck_sync_state``, ``ck_record_id``, ``ck_record_change_tag``,
``destination_caller_id``, the column ``chat_message_join.message_date`` and the tables
``kvtable``, ``sync_deleted_messages``, ``sync_deleted_chats``, ``sync_deleted_attachments`` and
``message_processing_task`` (all absent from the iOS 10.2 dump and from plaso's 2015
``chat.db``; all present in the iOS 11.2 dump, the iOS 13 schema and, for the ``message``
columns, the mvt iOS 14 ``sms.db``). Rule: no marker present -> seconds; markers present ->
nanoseconds; markers only partly present (a column of a table that exists is missing) ->
nanoseconds with one warning. ``_SqliteDatabaseProperties._ClientVersion`` is recorded but not
used: no source maps its values to OS versions (plaso's 2015 file has 9005, seconds).
"""

from __future__ import annotations

from dataclasses import dataclass

from artefacts import hookimpl
from artefacts.decoders.typedstream import TypedStreamError, decode_attributed_body_details
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, SENT
from artefacts.evidence.globs import compile_glob
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.timeconv import COCOA_NANOSECONDS, COCOA_SECONDS, UNITS, TimeUnit

__version__ = "1.1"

#: Columns the iOS 11 / macOS 10.13 generation added to ``message`` (iOS10.2.sql vs iOS11.2.sql).
NS_MESSAGE_MARKERS = ("ck_sync_state", "ck_record_id", "ck_record_change_tag", "destination_caller_id")
#: Tables of that generation (positive evidence only: reduced copies may drop whole tables).
NS_TABLE_MARKERS = ("kvtable", "sync_deleted_messages", "sync_deleted_chats", "sync_deleted_attachments", "message_processing_task")
NS_JOIN_MARKER = ("chat_message_join", "message_date")

SMS_SERVICES = {"SMS", "RCS"}
MACOS_DB = compile_glob("**/Library/Messages/chat.db")

#: associated_message_type -> (action, tapback) (imessage-exporter Message::get_tapback)
_TAPBACK_NAMES = ("loved", "liked", "disliked", "laughed", "emphasized", "questioned", "emoji", "sticker")
TAPBACKS = {
    1000: ("added", "sticker"),
    **{2000 + n: ("added", name) for n, name in enumerate(_TAPBACK_NAMES)},
    **{3000 + n: ("removed", name) for n, name in enumerate(_TAPBACK_NAMES)},
}

#: (item_type, group_action_type) -> description (imessage-exporter GroupAction::from_message)
GROUP_ACTIONS = {
    (3, 0): "left the group",
    (3, 1): "changed the group photo",
    (3, 2): "removed the group photo",
    (3, 4): "changed the chat background",
    (3, 6): "removed the chat background",
}

MESSAGE_OPTIONAL = (
    "guid", "attributedBody", "handle_id", "service", "account", "account_guid", "subject", "error",
    "date_read", "date_delivered", "date_played", "date_edited", "date_retracted",
    "is_sent", "is_delivered", "is_read", "is_finished", "is_audio_message", "is_played",
    "cache_has_attachments", "item_type", "group_title", "group_action_type", "other_handle",
    "share_status", "share_direction", "associated_message_guid", "associated_message_type",
    "associated_message_emoji", "balloon_bundle_id", "expressive_send_style_id",
    "thread_originator_guid", "reply_to_guid", "destination_caller_id", "was_downgraded", "is_spam",
)
#: message columns copied into ``extra`` as stored (when not NULL)
EXTRA_COLUMNS = (
    "guid", "service", "account", "account_guid", "subject", "handle_id", "destination_caller_id",
    "error", "is_sent", "is_delivered", "is_read", "is_finished", "is_audio_message", "is_played",
    "cache_has_attachments", "item_type", "group_title", "group_action_type", "other_handle",
    "share_status", "share_direction", "associated_message_guid", "associated_message_type",
    "associated_message_emoji", "balloon_bundle_id", "expressive_send_style_id",
    "thread_originator_guid", "reply_to_guid", "was_downgraded", "is_spam",
)
#: further time columns of ``message`` (same unit as ``message.date``; 0 = not set)
EXTRA_TIMES = ("date_read", "date_delivered", "date_played", "date_edited", "date_retracted")
ATTACHMENT_OPTIONAL = (
    "guid", "filename", "mime_type", "transfer_name", "total_bytes", "uti", "created_date",
    "transfer_state", "is_outgoing", "is_sticker", "hide_attachment",
)
CHAT_OPTIONAL = ("guid", "chat_identifier", "display_name", "style", "service_name", "room_name")
PARTICIPANT_SEP = "\x1f"


@dataclass(frozen=True)
class DateUnitDecision:
    """The unit of this database's message times, and why."""

    unit: TimeUnit
    evidence: str
    ambiguous: bool = False


def decide_date_unit(schema: dict[str, set[str]]) -> DateUnitDecision:
    """Cocoa seconds or nanoseconds, from the schema (``{table: {columns}}`` in lower case)."""
    present, absent = [], []
    message = schema.get("message", set())
    for col in NS_MESSAGE_MARKERS:
        (present if col in message else absent).append(f"message.{col}")
    table, col = NS_JOIN_MARKER
    if table in schema:
        (present if col in schema[table] else absent).append(f"{table}.{col}")
    present.extend(f"table {t}" for t in NS_TABLE_MARKERS if t in schema)
    if not present:
        return DateUnitDecision(
            COCOA_SECONDS, "schema before iOS 11 / macOS 10.13: none of the markers " + ", ".join(absent) + " present"
        )
    if not absent:
        return DateUnitDecision(COCOA_NANOSECONDS, "schema of iOS 11 / macOS 10.13 or later: " + ", ".join(present))
    return DateUnitDecision(
        COCOA_NANOSECONDS,
        "date unit uncertain: iOS 11 / macOS 10.13 schema markers only partly present (present: "
        + ", ".join(present)
        + "; absent: "
        + ", ".join(absent)
        + "); assumed Cocoa nanoseconds",
        ambiguous=True,
    )


def _time_extra(extra: dict, name: str, raw, unit: TimeUnit, ctx, column: str) -> None:
    if raw is None or raw == 0:
        return
    extra[f"{name}_time"] = ctx.time(unit, raw, column=column)
    extra[f"{name}_raw"] = raw


def _participants(chat) -> list[str]:
    text = chat["participants"] if chat is not None else None
    if not text:
        return []
    return sorted({p for p in text.split(PARTICIPANT_SEP) if p})


def _tapback_target(guid: str | None) -> tuple[int | None, str | None]:
    """``p:N/GUID`` -> (N, GUID); ``bp:GUID`` -> (0, GUID); anything else -> (None, guid)."""
    if not guid:
        return None, None
    if guid.startswith("p:") and "/" in guid:
        part, _, target = guid[2:].partition("/")
        return (int(part) if part.isdigit() else None), target
    if guid.startswith("bp:"):
        return 0, guid[3:]
    return None, guid


def _system_description(row) -> str | None:
    """What a non-message row (``item_type`` != 0) records, when the sources say."""
    item_type = row["item_type"]
    action = row["group_action_type"] or 0
    other = row["other_handle_address"]
    who = other or (f"handle {row['other_handle']}" if row["other_handle"] else "someone")
    if item_type == 1:
        if action == 0 and row["other_handle"] and row["other_handle"] == row["handle_id"]:
            return f"{who} changed their phone number"
        if action == 0:
            return f"added {who} to the group"
        if action == 1:
            return f"removed {who} from the group"
        return None
    if item_type == 2:
        return f"renamed the group to {row['group_title']!r}" if row["group_title"] is not None else "renamed the group"
    if item_type == 3:
        return GROUP_ACTIONS.get((3, action))
    if item_type == 4 and action == 0:
        return "stopped sharing location" if row["share_status"] else "started sharing location"
    if item_type == 5:
        return "kept an audio message"
    if item_type == 6:
        return "SharePlay / FaceTime"
    return None


def _status(row, from_me: bool) -> str:
    if from_me:
        if row["error"]:
            return "failed"
        if row["is_read"] or row["date_read"]:
            return "read"
        if row["is_delivered"]:
            return "delivered"
        if row["is_sent"]:
            return "sent"
        return "not sent"
    return "read" if row["is_read"] else "received"


def message_to_event(row, ctx) -> dict:
    """One ``message`` row -> one event.

    ``row`` is a dict by column name, composed by :meth:`IosMessagesParser.parse`: the message
    columns, ``handle_address``/``other_handle_address``, the child lists ``chats``,
    ``attachments`` and ``recoverable``, and the database's ``date_unit`` (a unit name),
    ``date_unit_evidence`` and ``client_version``.
    """
    unit = UNITS[row["date_unit"]]
    from_me = bool(row["is_from_me"])
    direction = OUTGOING if from_me else INCOMING
    chats = row.get("chats") or []
    chat = chats[0] if chats else None
    participants = _participants(chat)
    handle = row["handle_address"] or None
    if from_me:
        sender = row["destination_caller_id"] or None
        recipients = participants or ([handle] if handle else [])
    else:
        sender = handle
        recipients = [p for p in participants if p != handle] if len(participants) > 1 else []

    extra: dict = {"time_unit": unit.name, "time_unit_evidence": row["date_unit_evidence"]}
    if row.get("client_version") is not None:
        extra["client_version"] = row["client_version"]
    for col in EXTRA_COLUMNS:
        if row[col] is not None:
            extra[col] = row[col]
    if handle:
        extra["handle"] = handle
    if row["other_handle_address"]:
        extra["other_handle_address"] = row["other_handle_address"]
    for col in EXTRA_TIMES:
        _time_extra(extra, col, row[col], unit, ctx, f"message.{col}")

    # text, else the archived attributed string
    text = row["text"]
    blob = row["attributedBody"]
    decoded = None
    if blob is not None:
        if isinstance(blob, str):
            blob = blob.encode("utf-8", "surrogateescape")
        try:
            decoded = decode_attributed_body_details(blob)
        except TypedStreamError as exc:
            ctx.warn(f"attributedBody could not be decoded: {exc}")
            extra["attributed_body_error"] = str(exc)
        except Exception as exc:  # a decoder bug must not cost the row
            ctx.warn(f"attributedBody could not be decoded: {type(exc).__name__}: {exc}")
            extra["attributed_body_error"] = f"{type(exc).__name__}: {exc}"
    body = text
    extra["body_source"] = "text" if text is not None else None
    if decoded is not None:
        keys = decoded.keys
        if keys:
            extra["attributed_body_keys"] = keys
        if text is None and decoded.text is not None:
            body = decoded.text
            extra["body_source"] = "attributedBody"
        elif text is not None and decoded.text is not None and decoded.text != text:
            extra["attributed_body_differs"] = True
            extra["attributed_body_text"] = decoded.text

    # chat
    conversation_id = conversation_name = None
    if chat is not None:
        conversation_id = chat["chat_identifier"] or chat["chat_guid"]
        conversation_name = chat["display_name"] or chat["chat_identifier"] or None
        for key in ("chat_guid", "chat_style", "chat_service", "chat_room_name"):
            if chat[key] is not None:
                extra[key] = chat[key]
        extra["chat_id"] = chat["chat_id"]
        if participants:
            extra["chat_participants"] = participants
        if len(chats) > 1:
            extra["other_chats"] = [c["chat_identifier"] or c["chat_guid"] or c["chat_id"] for c in chats[1:]]

    # attachments
    attachments, attachment_info = [], []
    for a in row.get("attachments") or ():
        attachments.append(
            ctx.attachment(a["filename"], name=a["transfer_name"] or None, mime_type=a["mime_type"], size=a["total_bytes"] or None)
        )
        info = {k: a[k] for k in ("guid", "filename", "uti", "transfer_state", "is_outgoing", "is_sticker", "hide_attachment", "total_bytes") if a[k] is not None}
        _time_extra(info, "created_date", a["created_date"], unit, ctx, "attachment.created_date")
        attachment_info.append(info)
    if attachment_info:
        extra["attachment_info"] = attachment_info

    # what the row is
    kind = "message"
    status = _status(row, from_me)
    timestamp_desc = SENT if from_me else RECEIVED
    item_type = row["item_type"] or 0
    tapback = TAPBACKS.get(row["associated_message_type"] or 0)
    if item_type != 0:
        description = _system_description(row)
        kind = "system" if description is not None else "other"
        status = None
        timestamp_desc = CREATED
        if description is not None:
            extra["system_event"] = description
            if body is None:
                body = description
    elif tapback is not None:
        kind = "reaction"
        action, name = tapback
        extra["tapback"] = name
        extra["tapback_action"] = action
        part, target = _tapback_target(row["associated_message_guid"])
        if target:
            extra["tapback_target_guid"] = target
        if part is not None:
            extra["tapback_target_part"] = part
        if body is None:
            body = f"{name} ({action})"

    deleted = False
    recoverable = row.get("recoverable")
    if recoverable:
        deleted = True
        extra["recently_deleted_from_chat"] = [r["chat_id"] for r in recoverable]
    if row["date_retracted"]:
        deleted = True

    service = row["service"]
    if service is None and row["handle_service"] is not None:
        service = extra["service"] = row["handle_service"]
        extra["service_source"] = "handle.service"
    event = {
        "timestamp": ctx.time(unit, row["date"], column="message.date"),
        "timestamp_raw": row["date"],
        "timestamp_desc": timestamp_desc,
        "app": "sms" if (service or "").upper() in SMS_SERVICES else "imessage",
        "platform": "desktop" if MACOS_DB.search(ctx.source.path) else "ios",
        "kind": kind,
        "direction": direction,
        "conversation_id": conversation_id,
        "conversation_name": conversation_name,
        "sender": sender,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "status": status,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"message:ROWID={row['ROWID']}",
    }
    return event


class IosMessagesParser(SQLiteParser):
    name = "ios_messages"
    version = __version__
    app = "imessage"
    platform = "ios"
    description = "Apple Messages: iMessage, SMS and RCS (iOS sms.db, macOS chat.db)"
    path_globs = ("**/Library/SMS/sms.db", "**/Library/Messages/chat.db")
    attachment_globs = ("**/Library/SMS/Attachments/**", "**/Library/Messages/Attachments/**")
    required_tables = {"message": {"ROWID", "date", "is_from_me", "text"}, "handle": {"ROWID", "id"}}
    time_units = {
        "message.date [schema of iOS 11 / macOS 10.13 or later]": COCOA_NANOSECONDS,
        "message.date [earlier schema]": COCOA_SECONDS,
        "message.date_read, date_delivered, date_played, date_edited, date_retracted, attachment.created_date": COCOA_NANOSECONDS,
        "the same columns [earlier schema]": COCOA_SECONDS,
    }
    references = (
        "log2timeline/plaso test_data/imessage_chat.db and plaso/parsers/sqlite_plugins/imessage.py",
        "richinfante/iphonebackuptools schemas/messages/iOS10.2.sql, iOS11.2.sql (real schema dumps)",
        "mvt-project/mvt test backup sms.db (3d0d7e5f...), iOS 14-era schema",
        "ReagentX/imessage-exporter imessage-database (tapbacks, item_type/group actions, columns)",
        "ReagentX/imessage-exporter imessage-exporter/src/app/runtime.rs Config::who (destination_caller_id: the owner)",
        "abrignoni/iLEAPP scripts/artifacts/sms.py (tables, attributedBody)",
        "smarterforensics.com 2017-09 'Time is NOT on our side when it comes to messages in iOS 11'",
    )

    def partitions(self, ctx, jobs):
        """Stores of more than 2 x ``PART_MIN_ROWS`` messages split by ``message.ROWID`` ranges."""
        return ctx.id_ranges("message", "ROWID", jobs, min_rows=PART_MIN_ROWS)

    def parse(self, ctx):
        decision = decide_date_unit(ctx.schema)
        if decision.ambiguous:
            ctx.warn_file(decision.evidence)
        client_version = self._client_version(ctx)
        rows = self._messages(ctx)
        children = {
            "chats": self._chats(ctx),
            "attachments": self._attachments(ctx),
            "recoverable": self._recoverable(ctx),
        }
        per_db = {"date_unit": decision.unit.name, "date_unit_evidence": decision.evidence, "client_version": client_version}
        def composed():
            for row in attach_children(rows, "ROWID", children):  # plain dicts (dict_rows), extended in place
                row.update(per_db)
                yield row

        yield from ctx.map_rows(composed(), message_to_event, table="message", id_column="ROWID")

    @staticmethod
    def _client_version(ctx):
        if not ctx.has_columns("_SqliteDatabaseProperties", "key", "value"):
            return None
        for (value,) in ctx.rows("SELECT value FROM _SqliteDatabaseProperties WHERE key = '_ClientVersion'"):
            return value
        return None

    @staticmethod
    def _messages(ctx):
        cols = ", ".join(ctx.column_or_null("message", c, prefix="m") for c in MESSAGE_OPTIONAL)
        joins = []
        if ctx.has_columns("message", "handle_id"):
            joins.append("LEFT JOIN handle h ON h.ROWID = m.handle_id")
            handle_col = f"h.id AS handle_address, {ctx.column_or_null('handle', 'service', 'handle_service', prefix='h')}"
        else:
            handle_col = "NULL AS handle_address, NULL AS handle_service"
        if ctx.has_columns("message", "other_handle"):
            joins.append("LEFT JOIN handle oh ON oh.ROWID = m.other_handle")
            other_col = "oh.id AS other_handle_address"
        else:
            other_col = "NULL AS other_handle_address"
        sql = (
            f"SELECT m.ROWID AS ROWID, m.date AS date, m.is_from_me AS is_from_me, m.text AS text, {cols}, "
            f"{handle_col}, {other_col} FROM message m {' '.join(joins)} WHERE {ctx.in_partition('m.ROWID')} ORDER BY m.ROWID"
        )
        return ctx.dict_rows(sql)  # wide rows composed further: plain dicts (see ParseContext.dict_rows)

    @staticmethod
    def _chats(ctx):
        if not ctx.has_columns("chat_message_join", "chat_id", "message_id"):
            return ((), "message_id")
        if ctx.has_columns("chat", "ROWID"):
            names = {"guid": "chat_guid", "style": "chat_style", "service_name": "chat_service", "room_name": "chat_room_name"}
            cols = ", ".join(ctx.column_or_null("chat", c, names.get(c, c), prefix="c") for c in CHAT_OPTIONAL)
            join = "LEFT JOIN chat c ON c.ROWID = j.chat_id"
        else:
            cols = "NULL AS chat_guid, NULL AS chat_identifier, NULL AS display_name, NULL AS chat_style, NULL AS chat_service, NULL AS chat_room_name"
            join = ""
        if ctx.has_columns("chat_handle_join", "chat_id", "handle_id"):
            participants = (
                "(SELECT group_concat(h.id, char(31)) FROM chat_handle_join chj JOIN handle h ON h.ROWID = chj.handle_id "
                "WHERE chj.chat_id = j.chat_id) AS participants"
            )
        else:
            participants = "NULL AS participants"
        sql = (
            f"SELECT j.message_id AS message_id, j.chat_id AS chat_id, {cols}, {participants} "
            f"FROM chat_message_join j {join} WHERE {ctx.in_partition('j.message_id')} ORDER BY j.message_id, j.chat_id"
        )
        return (ctx.rows(sql), "message_id")

    @staticmethod
    def _attachments(ctx):
        if not (ctx.has_columns("message_attachment_join", "message_id", "attachment_id") and ctx.has_columns("attachment", "ROWID")):
            return ((), "message_id")
        cols = ", ".join(ctx.column_or_null("attachment", c, prefix="a") for c in ATTACHMENT_OPTIONAL)
        sql = (
            f"SELECT j.message_id AS message_id, a.ROWID AS attachment_rowid, {cols} FROM message_attachment_join j "
            f"JOIN attachment a ON a.ROWID = j.attachment_id WHERE {ctx.in_partition('j.message_id')} "
            "ORDER BY j.message_id, j.attachment_id"
        )
        return (ctx.rows(sql), "message_id")

    @staticmethod
    def _recoverable(ctx):
        if not ctx.has_columns("chat_recoverable_message_join", "chat_id", "message_id"):
            return ((), "message_id")
        sql = (f"SELECT message_id, chat_id FROM chat_recoverable_message_join WHERE {ctx.in_partition('message_id')} "
               "ORDER BY message_id, chat_id")
        return (ctx.rows(sql), "message_id")


#: smallest part of a split sms.db: a message costs about 60 µs here (the ``attributedBody``
#: typedstream decoded in Python), so parts pay off far below the host's default
PART_MIN_ROWS = 10_000


@hookimpl
def register_parsers(register):
    register(IosMessagesParser)
