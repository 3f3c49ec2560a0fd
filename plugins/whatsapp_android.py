"""WhatsApp for Android: ``msgstore.db`` (messages, calls) with contact names from ``wa.db``.

Three generations of ``msgstore.db`` exist, all read by this parser:

* **legacy** (to 2019-2021): one wide ``messages`` table keyed by ``key_remote_jid`` (the chat
  JID). Facts from the real 2018 file ``corpus/other/lab-whatsapp/msgstore.db`` (DDL and notes in
  ``reference/ddl/whatsapp_android_msgstore_2018.sql``): every time column is ms since 1970 with
  -1/0 meaning "unset", ``media_duration`` is seconds, the first row (``key_remote_jid = '-1'``)
  is a placeholder, ``media_wa_type`` is TEXT.
* **transitional** (Dec 2021, real file ``corpus/other/Sqlite3-restore-deleted-records``; DDL
  ``whatsapp_android_msgstore_2021.sql``): the legacy ``messages`` table still holds the messages
  while the normalised ``message`` + ``chat`` + ``jid`` tables and the side tables
  (``message_media``, ``message_system``, ``receipt_user`` ...) exist; in that file the side
  tables are keyed by the legacy ``messages._id`` and ``message`` holds only the placeholder row.
* **current**: ``message`` holds the messages, ``messages`` is empty or gone.

**Generation rule (each message once).** Both tables share their row ids: the real 2021 DDL's
trigger ``messages_bd_for_message_trigger`` deletes ``message WHERE _id = old._id`` and its view
``message_view`` maps ``messages._id AS _id``. So every row of ``message`` is read, and a row of
``messages`` only when ``message`` has no row with the same ``_id`` and ``key_id`` (a legacy row
not migrated yet). Side tables are joined by row id for both. Legacy call rows
(``media_wa_type`` 8) are skipped when ``call_log`` holds the same call id (with or without the
``call:`` prefix the legacy key id carries); placeholder rows (``key_remote_jid = '-1'``, chat
``-1``, key id ``-1``) and call-log messages linked to a ``call_log`` row are not events (the
mapping returns ``None`` and the host counts them as skipped).

Codes, each kept raw in ``extra`` beside its reading:

* ``message.message_type`` / ``messages.media_wa_type``: the 2018/2021 DDL headers (read from the
  real files), ALEAPP ``WhatsApp.py`` (0 text, 1 picture, 2 audio, 3 video, 5 static location,
  7 system, 9 document, 16 live location) and whapa ``libs/whacodes.py`` (after F. Arenaz Benito,
  "Análisis forense de la aplicación WhatsApp", Univ. Salamanca: 4 contact, 10 missed call,
  13 GIF, 15 deleted for everyone, 20 sticker, 64 deleted by a group admin, 90 call; legacy
  8 call, 10 missed call, 11 waiting for message, 14 contact cards).
* ``status``: whapa ``whacodes.STATUS_SENT`` (0/1 not yet sent, 4 on the server, 5 delivered,
  8 played, 13 read), ``STATUS_RECEIVED`` (0 received, 9/10 played, 17 opened on a linked
  device) and 6 = system message (whapa; WhatsApp-Chat-Exporter ``android_handler.py``).
* system events: legacy rows have ``status`` 6 with the action in ``media_size`` (whapa
  ``whapa.py``), current rows ``message_system.action_type``; readings from whapa
  ``whacodes.SYSTEM_ACTION_TYPE`` and WhatsApp-Chat-Exporter ``utility.determine_metadata``
  (``SYSTEM_ACTIONS`` below). Other values: "system event (action N)".
* deleted: ``message_type`` 15/64, ``media_wa_type`` 15, legacy ``edit_version`` 7 ("deleted for
  all participants", whapa), a ``message_revoked`` row (ALEAPP ``whatsAppExtended.py``).
* add-ons: ``message_add_on_type`` 56 reaction (ALEAPP, whacodes), 74 edited message (whacodes);
  ``message_edit_info`` (newer databases, ALEAPP) also marks an edit.
* ``call_log.call_result``: whacodes ``CALL_RESULT`` (2 not answered, 4 rejected, 5 answered,
  8 joined a voice chat) and WAInsight ``models/enums.py`` (3 unavailable, 7 busy); ``video_call``
  and ``duration`` (seconds) as ALEAPP reads them. Legacy call rows keep ``media_caption``
  ("audio"/"video") and ``media_duration`` (seconds) as whapa reads them.

Media files: ``message_media.file_path`` is relative to WhatsApp's folder (``Media/WhatsApp
Images/...``); legacy rows keep it in ``thumb_image``, a Java-serialised ``com.whatsapp.MediaData``
whose ``file`` field is a ``java.io.File`` (as seen in both real files). The relative path is
looked up by suffix in the extraction (``WhatsApp/``, ``Android/media/com.whatsapp/WhatsApp/``).
"""

from __future__ import annotations

import itertools
import sqlite3


from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, SENT, duration_text
from artefacts.parser import SQLiteParser
from artefacts.exporters.base import dumps
from artefacts.rows import attach_children
from artefacts.sqlmapping import (
    SQLMapping, json_object, rest_only, sql_case, sql_literal, sql_text_ok, sql_time, sql_time_ok,
)
from artefacts.timeconv import UNIX_MILLISECONDS
from artefacts.values import as_text

__version__ = "1.0"

STATUS_JID = "status@broadcast"
GROUP_SERVER = "@g.us"

#: message.message_type (current) -> reading
MESSAGE_TYPES = {
    0: "text", 1: "image", 2: "audio", 3: "video", 4: "contact", 5: "location", 7: "system",
    9: "document", 10: "missed call", 13: "gif", 15: "deleted", 16: "live location", 20: "sticker",
    42: "view-once image", 43: "view-once video", 64: "deleted by admin", 66: "poll",
    81: "video note", 82: "view-once voice", 90: "call", 99: "album",
}
#: messages.media_wa_type (legacy) -> reading
LEGACY_TYPES = {
    0: "text", 1: "image", 2: "audio", 3: "video", 4: "contact", 5: "location", 8: "call",
    9: "document", 10: "missed call", 11: "waiting for message", 13: "gif", 14: "contacts",
    15: "deleted", 16: "live location", 20: "sticker",
}
MEDIA_TYPES = {1, 2, 3, 9, 13, 20, 42, 43, 81, 82}
LOCATION_TYPES = {5, 16}
CONTACT_TYPES = {4, 14}
DELETED_TYPES = {15, 64}
TYPE_SYSTEM = 7
LEGACY_CALL, MISSED_CALL, CALL_MESSAGE = 8, 10, 90
STATUS_SYSTEM = 6
EDIT_VERSION_DELETED_FOR_ALL = 7

STATUS_OUT = {0: "pending", 1: "pending", 4: "sent", 5: "delivered", 8: "played", 13: "read"}
STATUS_IN = {0: "received", 9: "played", 10: "played", 17: "read"}

#: message_system.action_type / legacy media_size of a status-6 row
SYSTEM_ACTIONS = {
    1: "changed the group subject",
    2: "created the group",
    4: "was added",
    5: "left",
    6: "changed the group icon",
    7: "was removed from the broadcast list",
    9: "created a broadcast list",
    10: "changed their phone number",
    11: "created the group",
    12: "added a participant",
    13: "left",
    14: "removed a participant",
    15: "made an admin",
    18: "security code changed",
    19: "messages in this chat are end-to-end encrypted",
    20: "joined using an invite link",
    27: "changed the group description",
    28: "changed their phone number",
    29: "only admins can edit the group settings",
    30: "all members can edit the group settings",
    31: "only admins can send messages",
    32: "all members can send messages",
    56: "disappearing message timer changed",
    58: "contact blocked or unblocked",
    59: "disappearing messages turned off",
    67: "end-to-end encryption notice",
}

ADD_ON_REACTION, ADD_ON_EDIT = 56, 74

CALL_RESULTS = {2: "unanswered", 3: "unavailable", 4: "rejected", 5: "answered", 7: "busy", 8: "joined voice chat"}

#: columns whose value "unset" is stored as -1 or 0 (2018 DDL header)
UNSET = (None, 0, -1)


# -- small helpers ---------------------------------------------------------------------------

def _int(value):
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _put_time(extra: dict, ctx, name: str, raw, column: str) -> None:
    """``extra[name]`` (ISO) and ``extra[name_raw]`` for a ms time that is set."""
    if raw in UNSET:
        return
    extra[name] = ctx.time(UNIX_MILLISECONDS, raw, column=column)
    extra[f"{name}_raw"] = raw


def _main_time(ctx, raw, column: str):
    return None if raw in UNSET else ctx.time(UNIX_MILLISECONDS, raw, column=column)


def _is_group(jid) -> bool:
    return isinstance(jid, str) and jid.endswith(GROUP_SERVER)


def _java_utf(raw: bytes) -> str:
    """Java's modified UTF-8 (surrogate pairs for characters beyond the BMP) as text."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "surrogatepass")
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def mediadata_file_path(blob) -> str | None:
    """The ``file`` path kept in a legacy ``thumb_image`` (Java-serialised ``com.whatsapp.MediaData``).

    Java Object Serialization: the ``java.io.File`` class description ends with
    TC_ENDBLOCKDATA (0x78) and a null superclass (0x70); the object's one field, ``path``,
    follows as TC_STRING (0x74), a 2-byte length and modified UTF-8. ``None`` when there is none.
    """
    if not isinstance(blob, (bytes, bytearray)) or not blob.startswith(b"\xac\xed\x00\x05"):
        return None
    i = blob.find(b"\x00\x0cjava.io.File")
    if i < 0:
        return None
    j = blob.find(b"\x78\x70\x74", i)
    if j < 0:
        return None
    n = int.from_bytes(blob[j + 3 : j + 5], "big")
    raw = bytes(blob[j + 5 : j + 5 + n])
    if len(raw) != n or not n:
        return None
    return _java_utf(raw)


def _location_body(place, address, lat, lon, live: bool) -> str:
    label = "Live location" if live else "Location"
    where = ", ".join(str(p) for p in (place, address) if p)
    coords = f"{lat}, {lon}" if lat is not None and lon is not None else ""
    text = f"{label}: {where}" if where else label
    return f"{text} ({coords})" if coords else text


def _system_body(action, actor, text, participants, old_data, old_jid, new_jid) -> str:
    reading = SYSTEM_ACTIONS.get(action) if action is not None else None
    body = reading if reading else f"system event (action {action})"
    if actor and action not in (18, 19, 67, 29, 30, 31, 32):
        body = f"{actor} {body}"
    if participants:
        body += ": " + ", ".join(participants)
    if action in (10, 28) and (old_jid or new_jid):
        body += f": {old_jid or '?'} -> {new_jid or '?'}"
    if action in (1, 11, 27) and text:
        body += f': "{text}"'
    if action == 1 and old_data:
        body += f' (was "{old_data}")'
    return body


# -- rows -> events --------------------------------------------------------------------------

def _common(row, ctx, *, chat_jid, from_me, sender_jid, status_raw, mtype, mtype_label, legacy: bool):
    """Fields every message-table event shares: direction, conversation, parties, status, raw codes."""
    group = _is_group(chat_jid)
    status_chat = chat_jid == STATUS_JID
    names = row["_names"]
    incoming = not from_me
    if incoming:
        sender = sender_jid if (group or status_chat) and sender_jid else (chat_jid if not status_chat else sender_jid)
    else:
        sender = None
    if from_me:
        if group:
            recipients = list(row["_members"]) or [chat_jid]
        elif chat_jid and not status_chat:
            recipients = [chat_jid]
        else:
            recipients = []
    else:
        recipients = []
    if status_chat:
        conversation_name = "Status"
    elif group:
        conversation_name = row["_subject"]
    else:
        conversation_name = names.get(chat_jid)
    status_word = None
    if status_raw is not None and status_raw != STATUS_SYSTEM:
        table = STATUS_OUT if from_me else STATUS_IN
        status_word = table.get(status_raw, f"status {status_raw}")
    extra = {
        "key_id": row["key_id"],
        "from_me": from_me,
        "chat_type": "status" if status_chat else "group" if group else "individual",
        "message_type": mtype,
        "message_type_label": mtype_label,
        "status_raw": status_raw,
        "table": "messages" if legacy else "message",
    }
    return {
        "direction": OUTGOING if from_me else INCOMING,
        "conversation_id": chat_jid,
        "conversation_name": conversation_name,
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": recipients,
        "status": status_word,
        "extra": extra,
    }


def _attachment(ctx, path, name, mime, size) -> dict:
    """The attachment entry of a media file: hashed when the extraction holds it (suffix match)."""
    device_path, kw = _attachment_args(path, name, mime, size)
    return ctx.attachment(device_path, **kw)


def _attachment_args(path, name, mime, size) -> tuple:
    """``ctx.attachment`` arguments of a media row: its path and name, MIME type, integer size.

    A path stored as a number (a damaged row) is kept as its text, so the message is not lost.
    """
    if isinstance(path, (int, float)):
        path = str(path)
    base = name or (path.rsplit("/", 1)[-1] if path else None)
    return path or None, {"name": base, "mime_type": mime, "size": size if isinstance(size, int) else None}


def _side_tables(row, ctx, extra: dict) -> bool:
    """Quoted, forwarded, revoked, edited and receipts from the side tables into ``extra``; True when revoked."""
    if row["quoted_key_id"] is not None:
        quoted = {
            "key_id": row["quoted_key_id"],
            "from_me": row["quoted_from_me"],
            "sender": row["quoted_sender"],
            "text": row["quoted_text"],
            "timestamp_raw": row["quoted_timestamp"],
        }
        if row["quoted_timestamp"] not in UNSET:
            quoted["timestamp"] = ctx.time(UNIX_MILLISECONDS, row["quoted_timestamp"], column="message_quoted.timestamp")
        extra["quoted"] = quoted
    if row["forwarded_row"] is not None:
        extra["forwarded"] = True
        if row["forward_score"] is not None:
            extra["forward_score"] = row["forward_score"]
    revoked = row["revoked_key_id"] is not None
    if revoked:
        extra["revoked"] = True
        extra["revoked_key_id"] = row["revoked_key_id"]
        if row["revoke_admin"]:
            extra["revoked_by_admin"] = row["revoke_admin"]
        _put_time(extra, ctx, "revoke_time", row["revoke_timestamp"], "message_revoked.revoke_timestamp")
    if row["edited_timestamp"] is not None or row["edit_original_key_id"] is not None:
        extra["edited"] = True
        _put_time(extra, ctx, "edited_time", row["edited_timestamp"], "message_edit_info.edited_timestamp")
        _put_time(extra, ctx, "edit_sender_time", row["edit_sender_timestamp"], "message_edit_info.sender_timestamp")
        if row["edit_original_key_id"]:
            extra["original_key_id"] = row["edit_original_key_id"]
    edits = row.get("edits") or ()
    if edits:
        extra["edited"] = True
        last = edits[-1]
        _put_time(extra, ctx, "edited_time", last["timestamp"], "message_add_on.timestamp")
        extra["edit_count"] = len(edits)
    receipts = row.get("receipts") or ()
    if receipts:
        out = []
        for r in receipts:
            item = {"jid": r["jid"]}
            for col in ("receipt_timestamp", "read_timestamp", "played_timestamp"):
                _put_time(item, ctx, col.replace("_timestamp", "_time"), r[col], f"receipt_user.{col}")
            out.append(item)
        extra["receipts"] = out
    return revoked


def message_to_event(row, ctx) -> dict | None:
    """One ``message`` row (current schema) with its side tables -> one event."""
    chat_jid = row["chat_jid"]
    if row["chat_row_id"] == -1 or row["key_id"] == "-1":
        return None  # the placeholder row every msgstore.db starts with
    if row["call_log_row_id"] is not None:
        return None  # the call itself is an event from call_log
    mtype = _int(row["message_type"])
    from_me = bool(row["from_me"])
    common = _common(
        row, ctx, chat_jid=chat_jid, from_me=from_me, sender_jid=row["sender_jid"],
        status_raw=_int(row["status"]), mtype=mtype, mtype_label=MESSAGE_TYPES.get(mtype), legacy=False,
    )
    extra = common["extra"]
    for col in ("recipient_count", "origination_flags", "broadcast"):
        if row[col]:
            extra[col] = row[col]
    if row["starred"]:
        extra["starred"] = True
    _put_time(extra, ctx, "received_time", row["received_timestamp"], "message.received_timestamp")
    _put_time(extra, ctx, "receipt_server_time", row["receipt_server_timestamp"], "message.receipt_server_timestamp")
    revoked = _side_tables(row, ctx, extra)
    deleted = revoked or mtype in DELETED_TYPES
    text = row["text_data"]
    attachments = []
    kind = "status" if chat_jid == STATUS_JID else "message"
    desc = SENT
    body = text
    if mtype == TYPE_SYSTEM or row["action_type"] is not None:
        kind, desc = "system", CREATED
        common.update(direction=None, status=None, recipients=[])
        participants = [p["jid"] for p in row.get("participants") or () if p["jid"]]
        action = row["action_type"]
        extra["action_type"] = action
        if row["is_me_joined"] is not None:
            extra["is_me_joined"] = row["is_me_joined"]
        actor = "You" if from_me else (common["sender_name"] or common["sender"])
        if row["system_old_data"] is not None:
            extra["old_data"] = row["system_old_data"]
        if row["old_jid"] or row["new_jid"]:
            extra["old_jid"], extra["new_jid"] = row["old_jid"], row["new_jid"]
        if participants:
            extra["participants"] = participants
        body = _system_body(action, actor, text, participants, row["system_old_data"], row["old_jid"], row["new_jid"])
    elif mtype == MISSED_CALL or mtype == CALL_MESSAGE:
        kind, desc = "call", CALL_START
        video = row["missed_video_call"]
        if video is not None:
            extra["video"] = bool(video)
        status = "missed" if mtype == MISSED_CALL else None
        common["status"] = status
        body = ("Video call" if video else "Voice call" if video is not None else "Call") + (", missed" if status else "")
    elif mtype in LOCATION_TYPES or row["latitude"] is not None:
        live = mtype == 16
        lat, lon = row["latitude"], row["longitude"]
        extra.update(latitude=lat, longitude=lon)
        for col in ("place_name", "place_address", "url", "live_location_share_duration",
                    "live_location_final_latitude", "live_location_final_longitude"):
            if row[col] is not None:
                extra[col] = row[col]
        _put_time(extra, ctx, "live_location_final_time", row["live_location_final_timestamp"],
                  "message_location.live_location_final_timestamp")
        body = _location_body(row["place_name"], row["place_address"], lat, lon, live)
        if text:
            body += f"\n{text}"
    elif mtype in CONTACT_TYPES:
        vcards = [v["vcard"] for v in row.get("vcards") or () if v["vcard"]]
        body = text or ("\n".join(vcards) if vcards else None)
    if row["media_path"] is not None or row["media_row"] is not None:
        caption = row["media_caption"] if row["media_caption"] is not None else text
        if kind == "message" or kind == "status":
            body = caption
        attachments.append(_attachment(ctx, row["media_path"], row["media_name"], row["media_mime"], row["media_size"]))
        if row["media_duration"]:
            extra["media_duration_s"] = row["media_duration"]
        if row["media_file_hash"]:
            extra["media_file_hash"] = row["media_file_hash"]
    return {
        "timestamp": _main_time(ctx, row["timestamp"], "message.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": desc,
        "kind": kind,
        **common,
        "body": body,
        "attachments": attachments,
        "deleted": deleted,
        "source_locator": f"message:_id={row['_id']}",
    }


def legacy_message_to_event(row, ctx) -> dict | None:
    """One legacy ``messages`` row (2018 / transitional schema) -> one event."""
    chat_jid = row["key_remote_jid"]
    if chat_jid == "-1" or row["key_id"] == "-1":
        return None  # placeholder row
    if row["in_call_log"]:
        return None  # this call is an event from call_log
    mtype = _int(row["media_wa_type"])
    status_raw = _int(row["status"])
    from_me = bool(row["key_from_me"])
    sender_jid = row["remote_resource"] or None
    common = _common(
        row, ctx, chat_jid=chat_jid, from_me=from_me, sender_jid=sender_jid,
        status_raw=status_raw, mtype=mtype, mtype_label=LEGACY_TYPES.get(mtype), legacy=True,
    )
    extra = common["extra"]
    for col in ("recipient_count", "forwarded", "edit_version", "origin"):
        if row[col]:
            extra[col] = row[col]  # legacy ``forwarded`` is kept raw: its values are not documented
    if row["starred"]:
        extra["starred"] = True
    for col in ("received_timestamp", "send_timestamp", "receipt_server_timestamp", "receipt_device_timestamp",
                "read_device_timestamp", "played_device_timestamp"):
        _put_time(extra, ctx, col.replace("_timestamp", "_time"), row[col], f"messages.{col}")
    if row["lq_key_id"] is not None:
        quoted = {"key_id": row["lq_key_id"], "from_me": row["lq_from_me"],
                  "sender": row["lq_remote_resource"] or None, "text": row["lq_data"],
                  "timestamp_raw": row["lq_timestamp"]}
        if row["lq_timestamp"] not in UNSET:
            quoted["timestamp"] = ctx.time(UNIX_MILLISECONDS, row["lq_timestamp"], column="messages_quotes.timestamp")
        extra["quoted"] = quoted
    revoked = _side_tables(row, ctx, extra)
    deleted = revoked or mtype == 15 or _int(row["edit_version"]) == EDIT_VERSION_DELETED_FOR_ALL
    if mtype == 15 and _int(row["edit_version"]) == EDIT_VERSION_DELETED_FOR_ALL:
        extra["deleted_for_everyone"] = True
    text = row["data"]
    kind = "status" if chat_jid == STATUS_JID else "message"
    desc = SENT
    body = text
    attachments = []
    if mtype in (LEGACY_CALL, MISSED_CALL):
        kind, desc = "call", CALL_START
        video = (row["media_caption"] or "").lower() == "video"
        duration = _int(row["media_duration"])
        extra.update(video=video, duration_s=duration)
        for col in ("media_name", "media_size", "media_url"):
            if row[col] not in (None, ""):
                extra[col] = row[col]
        missed = mtype == MISSED_CALL
        common["status"] = "missed" if missed else None
        label = "Video call" if video else "Voice call"
        body = f"{label}, missed" if missed else f"{label}, {duration_text(duration)}"
        if isinstance(row["timestamp"], int) and isinstance(duration, int):
            extra["end_time"] = ctx.time(UNIX_MILLISECONDS, row["timestamp"] + duration * 1000, column="messages.timestamp+media_duration")
    elif status_raw == STATUS_SYSTEM or row["action_type"] is not None:
        kind, desc = "system", CREATED
        common.update(direction=None, status=None, recipients=[])
        extra["message_type_label"] = "system"
        action = row["action_type"] if row["action_type"] is not None else _int(row["media_size"])
        extra["action_type"] = action
        participants = [p["jid"] for p in row.get("participants") or () if p["jid"]]
        if participants:
            extra["participants"] = participants
        actor = "You" if from_me and not sender_jid else (common["sender_name"] or sender_jid)
        body = _system_body(action, actor, text, participants, row["system_old_data"], row["old_jid"], row["new_jid"])
        common["sender"] = sender_jid
        common["sender_name"] = row["_names"].get(sender_jid) if sender_jid else None
    elif mtype in LOCATION_TYPES:
        lat, lon = row["latitude"], row["longitude"]
        place = row["media_name"] or row["place_name"]
        extra.update(latitude=lat, longitude=lon)
        if row["media_url"]:
            extra["url"] = row["media_url"]
        if place:
            extra["place_name"] = place
        if mtype == 16 and row["media_duration"]:
            extra["live_location_share_duration"] = row["media_duration"]
        body = _location_body(place, row["place_address"], lat, lon, mtype == 16)
        if row["media_caption"]:
            body += f"\n{row['media_caption']}"
    elif mtype in CONTACT_TYPES:
        if row["media_name"]:
            extra["contact_name"] = row["media_name"]
    elif mtype in MEDIA_TYPES:
        path = row["media_path"] or mediadata_file_path(row["thumb_image"])
        size = row["media_size"] if isinstance(row["media_size"], int) and row["media_size"] >= 0 else None
        attachments.append(_attachment(ctx, path, row["media_name"], row["media_mime_type"] or row["media_mime"], size))
        body = row["media_caption"] or text
        if row["media_duration"]:
            extra["media_duration_s"] = row["media_duration"]
        if row["media_url"]:
            extra["media_url"] = row["media_url"]
    return {
        "timestamp": _main_time(ctx, row["timestamp"], "messages.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": desc,
        "kind": kind,
        **common,
        "body": body,
        "attachments": attachments,
        "deleted": deleted,
        "source_locator": f"messages:_id={row['_id']}",
    }


def call_to_event(row, ctx) -> dict:
    """One ``call_log`` row with its ``call_log_participant_v2`` rows -> one call event."""
    names = row["_names"]
    from_me = bool(row["from_me"])
    video = bool(row["video_call"])
    duration = _int(row["duration"])
    result = _int(row["call_result"])
    group_jid = row["group_jid"] if row["group_jid_row_id"] else None
    peer = row["jid"]
    status = CALL_RESULTS.get(result, f"call_result {result}" if result is not None else None)
    if result == 2 and not from_me:
        status = "missed"
    participants = [{"jid": p["jid"], "call_result": p["call_result"]} for p in row["participants"]]
    extra = {"duration_s": duration, "video": video, "call_result": result, "group_call": bool(group_jid or len(participants) > 1)}
    for col in ("call_id", "bytes_transferred", "is_joinable_group_call", "transaction_id"):
        if row[col] is not None:
            extra[col] = row[col]
    if row["creator_device_jid"]:
        extra["call_creator_device_jid"] = row["creator_device_jid"]
    if participants:
        extra["participants"] = participants
    start = row["timestamp"]
    if isinstance(start, int) and isinstance(duration, int) and start not in UNSET:
        extra["end_time"] = ctx.time(UNIX_MILLISECONDS, start + duration * 1000, column="call_log.timestamp+duration")
    label = ("Video call" if video else "Voice call") + (" (group)" if extra["group_call"] else "") + f", {status}"
    if result == 5:
        label += f", {duration_text(duration)}"
    if from_me:
        recipients = [p["jid"] for p in participants if p["jid"]] or ([peer] if peer else [])
        sender = None
    else:
        recipients = []
        sender = peer
    conv = group_jid or peer
    return {
        "timestamp": _main_time(ctx, start, "call_log.timestamp"),
        "timestamp_raw": start,
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": OUTGOING if from_me else INCOMING,
        "conversation_id": conv,
        "conversation_name": row["group_subject"] if group_jid else names.get(peer),
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": recipients,
        "body": label,
        "status": status,
        "extra": extra,
        "source_locator": f"call_log:_id={row['_id']}",
    }


def reaction_to_event(row, ctx) -> dict:
    """One ``message_add_on`` reaction (with ``message_add_on_reaction``) -> one reaction event."""
    names = row["_names"]
    chat_jid = row["chat_jid"]
    from_me = bool(row["from_me"])
    sender = None
    if not from_me:
        sender = row["sender_jid"] if _is_group(chat_jid) else chat_jid
    extra = {
        "key_id": row["key_id"],
        "add_on_type": row["message_add_on_type"],
        "parent_message_row_id": row["parent_message_row_id"],
        "parent_key_id": row["parent_key_id"],
    }
    if row["parent_text"] is not None:
        extra["parent_text"] = row["parent_text"]
    _put_time(extra, ctx, "sender_time", row["sender_timestamp"], "message_add_on_reaction.sender_timestamp")
    return {
        "timestamp": _main_time(ctx, row["timestamp"], "message_add_on.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT,
        "kind": "reaction",
        "direction": OUTGOING if from_me else INCOMING,
        "conversation_id": chat_jid,
        "conversation_name": row["chat_subject"] if _is_group(chat_jid) else names.get(chat_jid),
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": [chat_jid] if from_me and chat_jid else [],
        "body": row["reaction"],
        "extra": extra,
        "source_locator": f"message_add_on:_id={row['_id']}",
    }


# -- the parser ------------------------------------------------------------------------------

CURRENT_COLUMNS = ("_id", "chat_row_id", "from_me", "key_id", "sender_jid_row_id", "timestamp", "message_type",
                   "text_data")
LEGACY_COLUMNS = ("_id", "key_remote_jid", "key_from_me", "key_id", "timestamp", "data")
MESSAGE_OPTIONAL = ("status", "received_timestamp", "receipt_server_timestamp", "starred",
                    "recipient_count", "origination_flags", "broadcast")
LEGACY_OPTIONAL = ("status", "media_url", "media_mime_type", "media_wa_type", "media_size", "media_name",
                   "media_caption", "media_duration", "latitude", "longitude", "remote_resource",
                   "received_timestamp", "send_timestamp", "receipt_server_timestamp", "receipt_device_timestamp",
                   "read_device_timestamp", "played_device_timestamp", "recipient_count", "starred",
                   "quoted_row_id", "forwarded", "edit_version", "origin")


class WhatsAppAndroidParser(SQLiteParser):
    name = "whatsapp_android"
    version = __version__
    app = "whatsapp"
    platform = "android"
    description = "WhatsApp for Android (msgstore.db: legacy, transitional and current schema; names from wa.db)"
    path_globs = ("**/com.whatsapp/databases/msgstore.db", "**/com.whatsapp.w4b/databases/msgstore.db")
    related_globs = {"wa": ("**/com.whatsapp/databases/wa.db", "**/com.whatsapp.w4b/databases/wa.db")}
    attachment_globs = (
        "**/WhatsApp/Media/**",
        "**/WhatsApp Business/Media/**",
        "**/com.whatsapp/files/Media/**",
    )
    #: ``props`` is the one table every generation has (2018 and 2021 real files); the generation
    #: itself is told by :meth:`check_file` and in :meth:`parse` from the tables present.
    required_tables = {"props": {"key", "value"}}
    time_units = {
        "messages.timestamp": UNIX_MILLISECONDS,
        "messages.received_timestamp": UNIX_MILLISECONDS,
        "messages.send_timestamp": UNIX_MILLISECONDS,
        "messages.receipt_server_timestamp": UNIX_MILLISECONDS,
        "messages.receipt_device_timestamp": UNIX_MILLISECONDS,
        "messages.read_device_timestamp": UNIX_MILLISECONDS,
        "messages.played_device_timestamp": UNIX_MILLISECONDS,
        "messages_quotes.timestamp": UNIX_MILLISECONDS,
        "message.timestamp": UNIX_MILLISECONDS,
        "message.received_timestamp": UNIX_MILLISECONDS,
        "message.receipt_server_timestamp": UNIX_MILLISECONDS,
        "message_quoted.timestamp": UNIX_MILLISECONDS,
        "message_location.live_location_final_timestamp": UNIX_MILLISECONDS,
        "message_revoked.revoke_timestamp": UNIX_MILLISECONDS,
        "message_edit_info.edited_timestamp": UNIX_MILLISECONDS,
        "message_edit_info.sender_timestamp": UNIX_MILLISECONDS,
        "message_add_on.timestamp": UNIX_MILLISECONDS,
        "message_add_on_reaction.sender_timestamp": UNIX_MILLISECONDS,
        "receipt_user.receipt_timestamp": UNIX_MILLISECONDS,
        "receipt_user.read_timestamp": UNIX_MILLISECONDS,
        "receipt_user.played_timestamp": UNIX_MILLISECONDS,
        "call_log.timestamp": UNIX_MILLISECONDS,
    }
    references = (
        "real files: corpus/other/lab-whatsapp (2018 legacy), corpus/other/Sqlite3-restore-deleted-records (2021)",
        "reference/ddl/whatsapp_android_msgstore_2018.sql, whatsapp_android_msgstore_2021.sql, whatsapp_android_wa_db.sql",
        "ALEAPP scripts/artifacts/WhatsApp.py, whatsAppExtended.py",
        "whapa libs/whacodes.py (after Arenaz Benito, Univ. Salamanca) and whapa.py (legacy status-6 codes)",
        "WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/android_handler.py, utility.py (determine_metadata)",
        "WAInsight backend/app/models/enums.py (call results 3, 7)",
    )

    def check_file(self, ctx):
        reason = super().check_file(ctx)
        if reason is not None:
            return reason
        if not _current_schema(ctx) \
                and not ctx.has_columns("messages", *LEGACY_COLUMNS):
            return "neither a legacy messages table nor message/chat/jid tables"
        return None

    def partitions(self, ctx, jobs):
        """Large current-schema stores split by ``message._id`` ranges; everything else runs in the last part."""
        if _current_schema(ctx):
            return ctx.id_ranges("message", "_id", jobs)
        return None

    def parse(self, ctx):
        names = _wa_names(ctx)
        subjects, members = _chats(ctx)
        current = _current_schema(ctx)
        if current:
            yield from self._current(ctx, names, subjects, members)
        if not ctx.last_part:
            return
        if ctx.has_columns("messages", *LEGACY_COLUMNS):
            yield from self._legacy(ctx, names, subjects, members, current)
        if ctx.has_columns("message_add_on", "_id", "parent_message_row_id", "message_add_on_type", "timestamp") \
                and ctx.has_columns("message_add_on_reaction", "message_add_on_row_id", "reaction") and current:
            yield from self._reactions(ctx, names)
        if ctx.has_columns("call_log", "_id", "jid_row_id", "from_me", "timestamp", "duration") and ctx.has_table("jid"):
            yield from self._calls(ctx, names, subjects)

    # -- message rows ------------------------------------------------------------------------
    def _side_joins(self, ctx, base: str, only=None, joined=None) -> tuple[list[str], list[str]]:
        """Columns and LEFT JOINs of the per-message side tables (absent tables give NULLs).

        ``only``: just these side tables (their columns and joins, nothing for the others);
        ``joined``: a list that receives the names of the side tables joined.
        """
        cols, joins = [], []

        def wanted(table):
            return only is None or table in only

        def opt(table, alias, on, columns):
            if not wanted(table):
                return False
            present = ctx.has_rows(table)  # an empty side table contributes NULLs without a join
            if present:
                joins.append(f"LEFT JOIN {table} {alias} ON {on}")
                if joined is not None:
                    joined.append(table)
            for col, name in columns:
                cols.append(ctx.column_or_null(table, col, name, alias) if present else f"NULL AS {name}")
            return present

        opt("message_media", "mm", f"mm.message_row_id = {base}._id", [
            ("message_row_id", "media_row"), ("file_path", "media_path"), ("mime_type", "media_mime"),
            ("file_size", "media_file_size"), ("media_name", "mm_media_name"), ("media_duration", "mm_media_duration"),
            ("media_caption", "mm_media_caption"), ("file_hash", "media_file_hash")])
        opt("message_location", "lo", f"lo.message_row_id = {base}._id", [
            ("latitude", "lo_latitude"), ("longitude", "lo_longitude"), ("place_name", "place_name"),
            ("place_address", "place_address"), ("url", "url"),
            ("live_location_share_duration", "live_location_share_duration"),
            ("live_location_final_latitude", "live_location_final_latitude"),
            ("live_location_final_longitude", "live_location_final_longitude"),
            ("live_location_final_timestamp", "live_location_final_timestamp")])
        opt("message_system", "sy", f"sy.message_row_id = {base}._id", [("action_type", "action_type")])
        opt("message_system_value_change", "sv", f"sv.message_row_id = {base}._id", [("old_data", "system_old_data")])
        opt("message_system_group", "sg", f"sg.message_row_id = {base}._id", [("is_me_joined", "is_me_joined")])
        if not wanted("message_system_number_change"):
            pass
        elif ctx.has_columns("message_system_number_change", "message_row_id", "old_jid_row_id", "new_jid_row_id"):
            if joined is not None:
                joined.append("message_system_number_change")
            joins.append(f"LEFT JOIN message_system_number_change sn ON sn.message_row_id = {base}._id "
                         "LEFT JOIN jid oj ON oj._id = sn.old_jid_row_id LEFT JOIN jid nj ON nj._id = sn.new_jid_row_id")
            cols += ["oj.raw_string AS old_jid", "nj.raw_string AS new_jid"]
        else:
            cols += ["NULL AS old_jid", "NULL AS new_jid"]
        if not wanted("message_revoked"):
            pass
        elif opt("message_revoked", "rv", f"rv.message_row_id = {base}._id",
               [("revoked_key_id", "revoked_key_id"), ("revoke_timestamp", "revoke_timestamp")]) \
                and ctx.has_columns("message_revoked", "admin_jid_row_id"):
            joins.append("LEFT JOIN jid aj ON aj._id = rv.admin_jid_row_id")
            cols.append("aj.raw_string AS revoke_admin")
        else:
            cols.append("NULL AS revoke_admin")
        if not wanted("message_quoted"):
            pass
        elif opt("message_quoted", "q", f"q.message_row_id = {base}._id", [
                ("key_id", "quoted_key_id"), ("from_me", "quoted_from_me"), ("text_data", "quoted_text"),
                ("timestamp", "quoted_timestamp")]) and ctx.has_columns("message_quoted", "sender_jid_row_id"):
            joins.append("LEFT JOIN jid qj ON qj._id = q.sender_jid_row_id")
            cols.append("qj.raw_string AS quoted_sender")
        else:
            cols.append("NULL AS quoted_sender")
        opt("message_forwarded", "fw", f"fw.message_row_id = {base}._id",
            [("message_row_id", "forwarded_row"), ("forward_score", "forward_score")])
        opt("message_edit_info", "ei", f"ei.message_row_id = {base}._id", [
            ("edited_timestamp", "edited_timestamp"), ("sender_timestamp", "edit_sender_timestamp"),
            ("original_key_id", "edit_original_key_id")])
        opt("missed_call_logs", "mc", f"mc.message_row_id = {base}._id", [("video_call", "missed_video_call")])
        opt("message_call_log", "mcl", f"mcl.message_row_id = {base}._id", [("call_log_row_id", "call_log_row_id")])
        return cols, joins

    def _children(self, ctx, within=None) -> dict:
        """Per-message child rows (several per message), each ordered by message row id.

        ``within(column)`` gives an SQL condition restricting them to the current part.
        """
        within = within or (lambda column: "1")
        children = {}
        if ctx.has_columns("receipt_user", "message_row_id", "receipt_user_jid_row_id", "receipt_timestamp",
                           "read_timestamp", "played_timestamp"):
            children["receipts"] = (ctx.db.execute(
                "SELECT r.message_row_id, j.raw_string AS jid, r.receipt_timestamp, r.read_timestamp, r.played_timestamp "
                "FROM receipt_user r LEFT JOIN jid j ON j._id = r.receipt_user_jid_row_id "
                f"WHERE {within('r.message_row_id')} "
                "ORDER BY r.message_row_id, r.receipt_user_jid_row_id"), "message_row_id")
        if ctx.has_columns("message_system_chat_participant", "message_row_id", "user_jid_row_id"):
            children["participants"] = (ctx.db.execute(
                "SELECT p.message_row_id, j.raw_string AS jid FROM message_system_chat_participant p "
                f"LEFT JOIN jid j ON j._id = p.user_jid_row_id WHERE {within('p.message_row_id')} "
                "ORDER BY p.message_row_id, p.rowid"), "message_row_id")
        if ctx.has_columns("message_vcard", "message_row_id", "vcard"):
            children["vcards"] = (ctx.db.execute(
                f"SELECT message_row_id, vcard FROM message_vcard WHERE {within('message_row_id')} "
                "ORDER BY message_row_id, _id"), "message_row_id")
        if ctx.has_columns("message_add_on", "parent_message_row_id", "message_add_on_type", "timestamp"):
            children["edits"] = (ctx.db.execute(
                "SELECT parent_message_row_id, timestamp FROM message_add_on WHERE message_add_on_type = ? "
                f"AND {within('parent_message_row_id')} "
                "ORDER BY parent_message_row_id, timestamp", (ADD_ON_EDIT,)), "parent_message_row_id")
        return children

    def _compose(self, ctx, parents, children, names, subjects, members, chat_key: str):
        rows = attach_children(parents, "_id", children) if children else parents
        for row in rows:
            chat = row[chat_key]
            row["_names"] = names
            row["_subject"] = row.get("chat_subject") or subjects.get(chat)
            row["_members"] = members.get(chat, ()) if _is_group(chat) else ()
            yield row

    def _message_select(self, ctx, only=None, joined=None) -> str:
        """The query of current-schema message rows with their side tables (see ``_side_joins``)."""
        side, joins = self._side_joins(ctx, "m", only, joined)
        return (
            f"SELECT {_message_columns(ctx)}, "
            "cj.raw_string AS chat_jid, c.subject AS chat_subject, sj.raw_string AS sender_jid"
            + "".join(", " + c for c in side)
            + " FROM message m LEFT JOIN chat c ON c._id = m.chat_row_id LEFT JOIN jid cj ON cj._id = c.jid_row_id "
            "LEFT JOIN jid sj ON sj._id = m.sender_jid_row_id AND m.sender_jid_row_id > 0 "
            + " ".join(joins)
        )

    def _current(self, ctx, names, subjects, members):
        joined: list[str] = []
        base = self._message_select(ctx, joined=joined)
        part = ctx.in_partition("r._id")

        def python_rows(only):
            sql = f"SELECT * FROM ({base}) r WHERE {part} AND {only('r._id')} ORDER BY r._id"
            children = self._children(ctx, lambda column: f"{ctx.in_partition(column)} AND {only(column)}")
            rows = self._compose(ctx, ctx.dict_rows(sql), children, names, subjects, members, "chat_jid")
            return ctx.map_rows((_current_fields(r) for r in rows), message_to_event, table="message", id_column="_id")

        lean = self._message_select(ctx, only=SQL_SIDE_TABLES)
        other_sides = [t for t in joined if t not in SQL_SIDE_TABLES]
        own = f"SELECT {_message_columns(ctx)} FROM message m"
        mapping = current_sql_mapping(ctx, lean, own, other_sides, ctx.in_partition, names, subjects, members)
        yield from ctx.sql_mapped(mapping, python_rows)

    def _legacy(self, ctx, names, subjects, members, current: bool):
        own = ", ".join(ctx.column_or_null("messages", c, c, "m") for c in LEGACY_OPTIONAL)
        thumb = ("CASE WHEN CAST(m.media_wa_type AS INTEGER) IN (1, 2, 3, 9, 13, 20) THEN m.thumb_image END AS thumb_image"
                 if ctx.has_columns("messages", "thumb_image", "media_wa_type") else "NULL AS thumb_image")
        side, joins = self._side_joins(ctx, "m")
        if ctx.has_columns("messages_quotes", "_id", "key_id", "key_from_me", "data", "timestamp", "remote_resource") \
                and ctx.has_columns("messages", "quoted_row_id"):
            joins.append("LEFT JOIN messages_quotes lq ON lq._id = m.quoted_row_id AND m.quoted_row_id > 0")
            side += ["lq.key_id AS lq_key_id", "lq.key_from_me AS lq_from_me", "lq.remote_resource AS lq_remote_resource",
                     "lq.data AS lq_data", "lq.timestamp AS lq_timestamp"]
        else:
            side += ["NULL AS lq_key_id", "NULL AS lq_from_me", "NULL AS lq_remote_resource", "NULL AS lq_data",
                     "NULL AS lq_timestamp"]
        if ctx.has_columns("call_log", "call_id") and ctx.has_columns("messages", "media_wa_type"):
            side.append("(CAST(m.media_wa_type AS INTEGER) = 8 AND EXISTS (SELECT 1 FROM call_log cl "
                        "WHERE cl.call_id = m.key_id OR 'call:' || cl.call_id = m.key_id)) AS in_call_log")
        else:
            side.append("0 AS in_call_log")
        where = ""
        if current:
            where = " WHERE NOT EXISTS (SELECT 1 FROM message n WHERE n._id = m._id AND n.key_id = m.key_id)"
        sql = (f"SELECT m._id, m.key_remote_jid, m.key_from_me, m.key_id, m.timestamp, m.data, {own}, {thumb}, "
               + ", ".join(side) + " FROM messages m " + " ".join(joins) + where + " ORDER BY m._id")
        rows = self._compose(ctx, ctx.dict_rows(sql), self._children(ctx), names, subjects, members, "key_remote_jid")
        yield from ctx.map_rows((_legacy_fields(r) for r in rows), legacy_message_to_event, table="messages",
                                id_column="_id")

    # -- reactions and calls -----------------------------------------------------------------
    def _reactions(self, ctx, names):
        sender = "sj.raw_string" if ctx.has_columns("message_add_on", "sender_jid_row_id") else "NULL"
        sender_join = ("LEFT JOIN jid sj ON sj._id = a.sender_jid_row_id AND a.sender_jid_row_id > 0"
                       if sender != "NULL" else "")
        sql = (
            "SELECT a._id, a.chat_row_id, a.from_me, a.key_id, a.parent_message_row_id, a.timestamp, "
            f"a.message_add_on_type, r.reaction, {ctx.column_or_null('message_add_on_reaction', 'sender_timestamp', 'sender_timestamp', 'r')}, "
            f"{sender} AS sender_jid, cj.raw_string AS chat_jid, c.subject AS chat_subject, "
            "p.key_id AS parent_key_id, p.text_data AS parent_text "
            "FROM message_add_on a JOIN message_add_on_reaction r ON r.message_add_on_row_id = a._id "
            "LEFT JOIN chat c ON c._id = a.chat_row_id LEFT JOIN jid cj ON cj._id = c.jid_row_id "
            f"{sender_join} LEFT JOIN message p ON p._id = a.parent_message_row_id "
            "ORDER BY a._id"
        )
        rows = (dict(r, _names=names) for r in ctx.rows(sql))
        yield from ctx.map_rows(rows, reaction_to_event, table="message_add_on", id_column="_id")

    def _calls(self, ctx, names, subjects):
        opt = ", ".join(ctx.column_or_null("call_log", c, c, "cl") for c in (
            "call_id", "transaction_id", "video_call", "call_result", "bytes_transferred", "group_jid_row_id",
            "is_joinable_group_call"))
        group = ctx.has_columns("call_log", "group_jid_row_id")
        creator = ctx.has_columns("call_log", "call_creator_device_jid_row_id")
        sql = (
            f"SELECT cl._id, cl.jid_row_id, cl.from_me, cl.timestamp, cl.duration, {opt}, j.raw_string AS jid, "
            + ("gj.raw_string AS group_jid, " if group else "NULL AS group_jid, ")
            + ("dj.raw_string AS creator_device_jid " if creator else "NULL AS creator_device_jid ")
            + "FROM call_log cl LEFT JOIN jid j ON j._id = cl.jid_row_id "
            + ("LEFT JOIN jid gj ON gj._id = cl.group_jid_row_id AND cl.group_jid_row_id > 0 " if group else "")
            + ("LEFT JOIN jid dj ON dj._id = cl.call_creator_device_jid_row_id AND cl.call_creator_device_jid_row_id > 0 "
               if creator else "")
            + "ORDER BY cl._id"
        )
        children = {}
        if ctx.has_columns("call_log_participant_v2", "call_log_row_id", "jid_row_id", "call_result"):
            children["participants"] = (ctx.db.execute(
                "SELECT p.call_log_row_id, j.raw_string AS jid, p.call_result FROM call_log_participant_v2 p "
                "LEFT JOIN jid j ON j._id = p.jid_row_id ORDER BY p.call_log_row_id, p._id"), "call_log_row_id")
        else:
            children["participants"] = ((), "call_log_row_id")
        rows = attach_children(ctx.dict_rows(sql), "_id", children)

        def compose():
            for row in rows:
                row["_names"] = names
                row["group_subject"] = subjects.get(row["group_jid"]) if row["group_jid"] else None
                yield row

        yield from ctx.map_rows(compose(), call_to_event, table="call_log", id_column="_id")


def _current_schema(ctx) -> bool:
    """Whether the store has the current schema's ``message``, ``chat`` and ``jid`` tables."""
    return ctx.has_columns("message", *CURRENT_COLUMNS) and ctx.has_table("chat") and ctx.has_table("jid")


def _current_fields(row: dict) -> dict:
    """Name the current row's side-table columns the way the mappings read them."""
    row["latitude"] = row.pop("lo_latitude")
    row["longitude"] = row.pop("lo_longitude")
    row["media_name"] = row.pop("mm_media_name")
    row["media_duration"] = row.pop("mm_media_duration")
    row["media_caption"] = row.pop("mm_media_caption")
    row["media_size"] = row.pop("media_file_size")
    return row


def _legacy_fields(row: dict) -> dict:
    """A legacy row: the wide table's own columns win over the side tables' (kept when absent)."""
    if row["latitude"] in (None, 0.0) and row["lo_latitude"] is not None:
        row["latitude"], row["longitude"] = row["lo_latitude"], row["lo_longitude"]
    if row["media_name"] is None and row["mm_media_name"] is not None:
        row["media_name"] = row["mm_media_name"]
    if row["media_caption"] is None and row["mm_media_caption"] is not None:
        row["media_caption"] = row["mm_media_caption"]
    if not row["media_duration"] and row["mm_media_duration"]:
        row["media_duration"] = row["mm_media_duration"]
    for key in ("lo_latitude", "lo_longitude", "mm_media_name", "mm_media_caption", "mm_media_duration",
                "media_file_size"):
        row.pop(key)
    return row


# -- the SQL form of message_to_event (see artefacts.sqlmapping) ------------------------------

def _sql_set(expr: str, values) -> str:
    return f"{expr} IN ({', '.join(sql_literal(v) for v in sorted(values))})"


def _sql_unset(expr: str) -> str:
    """The SQL of ``raw in UNSET``."""
    return f"({expr} IS NULL OR {expr} IN (0, -1))"


def _sql_time_ok(expr: str) -> str:
    return f"({_sql_unset(expr)} OR {sql_time_ok(UNIX_MILLISECONDS, expr)})"


def _sql_put_time(name: str, expr: str) -> list[tuple]:
    """The members ``_put_time`` adds: ``name`` (ISO) and ``name_raw`` when the time is set."""
    when = f"NOT {_sql_unset(expr)}"
    return [(name, sql_time(UNIX_MILLISECONDS, expr), "value", when), (f"{name}_raw", expr, "value", when)]


def _typed(expr: str, *types: str) -> str:
    """SQL condition: ``expr`` is of one of ``types``; text must be valid UTF-8 (see ``sql_text_ok``)."""
    typed = f"typeof({expr}) IN ({', '.join(sql_literal(t) for t in types)})"
    return f"({typed} AND {sql_text_ok(expr)})" if "text" in types else typed


#: side tables of a message row that the SQL form maps; a row in any other makes it not plain
SQL_SIDE_TABLES = ("message_quoted", "message_forwarded", "message_media")


def _message_columns(ctx) -> str:
    """The ``message`` table's own columns of the current-schema query (``m``)."""
    own = ", ".join(ctx.column_or_null("message", c, c, "m") for c in MESSAGE_OPTIONAL)
    return ("m._id, m.chat_row_id, m.from_me, m.key_id, m.sender_jid_row_id, m.timestamp, m.message_type, "
            f"m.text_data, {own}")


def current_sql_mapping(ctx, base: str, own: str, other_sides: list, part_of, names: dict, subjects: dict,
                        members: dict) -> SQLMapping:
    """The SQL form of :func:`message_to_event` for plain message rows of the current schema.

    Plain: a message whose type needs no special body (not system, call, location or contact),
    with no row in a side table other than ``SQL_SIDE_TABLES`` (media to hash, system details,
    revoked, edited ...), and every value of the storage class the Python mapping expects
    (integers for codes and times, times in range). Everything else takes the Python mapping.
    ``base`` is the message query with only the ``SQL_SIDE_TABLES`` joined, ``own`` the query of the
    message table's own columns; ``part_of(column)`` the condition that keeps this run's part of the
    message ids.
    """
    chat, sender_jid, from_me = "r.chat_jid", "r.sender_jid", "r.from_me"
    # compared as bytes: text functions stop at a NUL, str.endswith does not
    group = f"coalesce(substr(CAST({chat} AS BLOB), -{len(GROUP_SERVER)}) = X'{GROUP_SERVER.encode().hex()}', 0)"
    status_chat = f"coalesce({chat} = {sql_literal(STATUS_JID)}, 0)"
    name_of = "(SELECT name FROM temp.wa_names WHERE jid = {})".format
    sender = (f"(CASE WHEN {from_me} THEN NULL WHEN ({group} OR {status_chat}) AND coalesce({sender_jid}, '') != '' "
              f"THEN {sender_jid} WHEN NOT {status_chat} THEN {chat} ELSE {sender_jid} END)")
    one = "('[' || json_quote({}) || ']')".format
    recipients = (f"(CASE WHEN NOT {from_me} THEN '[]' "
                  f"WHEN {group} THEN coalesce((SELECT list FROM temp.wa_members WHERE jid = {chat}), {one(chat)}) "
                  f"WHEN coalesce({chat}, '') != '' AND NOT {status_chat} THEN {one(chat)} ELSE '[]' END)")
    conversation_name = (f"(CASE WHEN {status_chat} THEN 'Status' "
                         f"WHEN {group} THEN coalesce(nullif(r.chat_subject, ''), (SELECT subject FROM temp.wa_subjects WHERE jid = {chat})) "
                         f"ELSE {name_of(chat)} END)")
    status = (f"(CASE WHEN r.status IS NULL OR r.status = {STATUS_SYSTEM} THEN NULL "
              f"WHEN {from_me} THEN {sql_case('r.status', STATUS_OUT, chr(39) + 'status ' + chr(39) + ' || r.status')} "
              f"ELSE {sql_case('r.status', STATUS_IN, chr(39) + 'status ' + chr(39) + ' || r.status')} END)")
    receipts = None
    receipts_plain = "1"
    derived = {}
    # lookups keyed by message id, joined both by the fields' query and by the pass listing Python rows
    by_message: list[str] = []
    if ctx.has_columns("receipt_user", "message_row_id", "receipt_user_jid_row_id", "receipt_timestamp",
                       "read_timestamp", "played_timestamp"):
        # one pass over receipt_user for the part: each message's receipts as JSON, and whether all are
        # of the storage classes the SQL reproduces. A message_row_id stored as a whole REAL matches its
        # message as in the Python join; text or a fraction matches none.
        cols = ("receipt_timestamp", "read_timestamp", "played_timestamp")
        # (a BLOB jid cannot go into JSON: such a message is not plain, its receipts are read in Python)
        item = json_object([("jid", "(CASE WHEN typeof(j.raw_string) = 'blob' THEN NULL ELSE j.raw_string END)")] + [
            member for col in cols for member in _sql_put_time(col.replace("_timestamp", "_time"), f"u.{col}")])
        ok = " AND ".join([_typed("j.raw_string", "text", "null")] + [_sql_time_ok(f"u.{c}") for c in cols])
        derived["wa_receipts"] = (
            "message_row_id INTEGER PRIMARY KEY, list, ok",
            f"SELECT id, '[' || group_concat(item, ',') || ']', min(ok) FROM ("
            f"SELECT CAST(u.message_row_id AS INTEGER) AS id, {item} AS item, ({ok}) AS ok FROM receipt_user u "
            "LEFT JOIN jid j ON j._id = u.receipt_user_jid_row_id "
            "WHERE typeof(u.message_row_id) IN ('integer', 'real') AND u.message_row_id = CAST(u.message_row_id AS INTEGER) "
            f"AND {part_of('u.message_row_id')} ORDER BY u.message_row_id, u.receipt_user_jid_row_id) GROUP BY id",
        )
        by_message.append("LEFT JOIN temp.wa_receipts rc ON rc.message_row_id = r._id")
        receipts = "rc.list"
        receipts_plain = "coalesce(rc.ok, 1)"
    # media: each media row's attachment resolved in Python (file found and hashed) once, in a lookup;
    # the SQL-mapped rows' files are recorded when they are known (rows with a problem take the
    # Python mapping, which reports it)
    by_message.append("LEFT JOIN temp.wa_media md ON md.message_row_id = r._id")
    has_media = "md.message_row_id IS NOT NULL"
    quoted = json_object([
        ("key_id", "r.quoted_key_id"), ("from_me", "r.quoted_from_me"), ("sender", "r.quoted_sender"),
        ("text", "r.quoted_text"), ("timestamp_raw", "r.quoted_timestamp"),
        ("timestamp", sql_time(UNIX_MILLISECONDS, "r.quoted_timestamp"), "value", f"NOT {_sql_unset('r.quoted_timestamp')}"),
    ])
    extra_items = [
        ("key_id", "r.key_id"),
        ("from_me", from_me, "bool"),
        ("chat_type", f"(CASE WHEN {status_chat} THEN 'status' WHEN {group} THEN 'group' ELSE 'individual' END)"),
        ("message_type", "r.message_type"),
        ("message_type_label", sql_case("r.message_type", MESSAGE_TYPES, "NULL")),
        ("status_raw", "r.status"),
        ("table", "'message'"),
        *[(col, f"r.{col}", "value", f"r.{col}") for col in ("recipient_count", "origination_flags", "broadcast")],
        ("starred", "1", "bool", "r.starred"),
        *_sql_put_time("received_time", "r.received_timestamp"),
        *_sql_put_time("receipt_server_time", "r.receipt_server_timestamp"),
        ("quoted", quoted, "json", "r.quoted_key_id IS NOT NULL"),
        ("forwarded", "1", "bool", "r.forwarded_row IS NOT NULL"),
        ("forward_score", "r.forward_score", "value", "r.forwarded_row IS NOT NULL AND r.forward_score IS NOT NULL"),
    ]
    if receipts:
        extra_items.append(("receipts", receipts, "json?"))
    extra_items += [
        ("media_duration_s", "r.mm_media_duration", "value", f"{has_media} AND r.mm_media_duration"),
        ("media_file_hash", "r.media_file_hash", "value", f"{has_media} AND r.media_file_hash != ''"),
    ]
    kind = f"(CASE WHEN {status_chat} THEN 'status' ELSE 'message' END)"
    # messages with a row in a side table the SQL does not map: one lookup of their ids, collected
    # once per part, instead of one NOT IN per table (7 tables: 1 M messages listed in 1.2 -> see the
    # commit); per table when a table holds ids that are not integers
    integer_ids = all(_holds_for_all(ctx, t, "message_row_id IS NULL OR typeof(message_row_id) = 'integer'")
                      for t in other_sides)
    if other_sides and integer_ids:
        derived["wa_other_sides"] = ("id INTEGER PRIMARY KEY", " UNION ".join(
            f"SELECT message_row_id FROM [{t}] WHERE message_row_id IS NOT NULL AND {part_of('message_row_id')}"
            for t in other_sides))
        by_message.append("LEFT JOIN temp.wa_other_sides os ON os.id = r._id")
        sides_plain = ["os.id IS NULL"]
    else:
        sides_plain = [f"r._id NOT IN (SELECT message_row_id FROM {t} WHERE message_row_id IS NOT NULL)" for t in other_sides]
    special = {TYPE_SYSTEM, MISSED_CALL, CALL_MESSAGE} | LOCATION_TYPES | CONTACT_TYPES
    # checks of values from joined tables: each is made once on the (small) table; only where it does
    # not hold for every row there is it made per message. When none is, the pass that lists the Python
    # rows reads the message table alone (1 M messages: 2.2 -> see the commit).
    media_checks = [(col, expr, types) for col, expr, types in (
        ("media_caption", "r.mm_media_caption", ("text", "null")), ("media_duration", "r.mm_media_duration", ("integer", "null")),
        ("file_hash", "r.media_file_hash", ("text", "null"))) if ctx.has_columns("message_media", col)]
    joined_checks = [
        ("jid", _typed("raw_string", "text", "null"), [_typed(e, "text", "null") for e in (chat, sender_jid, "r.quoted_sender")]),
        ("chat", _typed("subject", "text", "null"), [_typed("r.chat_subject", "text", "null")]),
        ("message_forwarded", _typed("forward_score", "integer", "null"), [_typed("r.forward_score", "integer", "null")]),
        # (the current schema has no message_media.media_caption: the caption is message.text_data)
        ("message_media", " AND ".join([_typed(col, *types) for col, _, types in media_checks] or ["1"]),
         [_typed(expr, *types) for _, expr, types in media_checks]),
        ("message_quoted", " AND ".join([_typed("from_me", "integer", "null"), _typed("key_id", "text", "null"),
                                         _typed("text_data", "text", "null"), _sql_time_ok("timestamp")]),
         [_typed("r.quoted_from_me", "integer", "null"), _typed("r.quoted_key_id", "text", "null"),
          _typed("r.quoted_text", "text", "null"), _sql_time_ok("r.quoted_timestamp")]),
    ]
    per_row = [c for table, whole, each in joined_checks if not _holds_for_all(ctx, table, whole) for c in each]
    plain = [
        "r.chat_row_id IS NOT -1", "r.key_id IS NOT '-1'",
        _typed("r.message_type", "integer"), f"NOT {_sql_set('r.message_type', special)}",
        *sides_plain,
        _typed(from_me, "integer"), _typed("r.status", "integer", "null"), _typed("r.key_id", "text", "null"),
        _typed("r.text_data", "text", "null"),
        *[_typed(f"r.{c}", "integer", "null") for c in ("recipient_count", "origination_flags", "broadcast", "starred")],
        *[_sql_time_ok(f"r.{c}") for c in ("timestamp", "received_timestamp", "receipt_server_timestamp")],
        *per_row,
        receipts_plain,
        "coalesce(md.ok, 1)",
    ]
    if ctx.has_columns("message_add_on", "parent_message_row_id", "message_add_on_type"):
        plain.append(f"r._id NOT IN (SELECT parent_message_row_id FROM message_add_on WHERE message_add_on_type = {ADD_ON_EDIT} "
                     "AND parent_message_row_id IS NOT NULL)")
    fields = {
        "timestamp": f"(CASE WHEN {_sql_unset('r.timestamp')} THEN NULL ELSE {sql_time(UNIX_MILLISECONDS, 'r.timestamp')} END)",
        "timestamp_raw": "r.timestamp",
        "timestamp_desc": sql_literal(SENT),
        "kind": kind,
        "direction": f"(CASE WHEN {from_me} THEN {sql_literal(OUTGOING)} ELSE {sql_literal(INCOMING)} END)",
        "conversation_id": chat,
        "conversation_name": conversation_name,
        "sender": sender,
        "sender_name": f"(CASE WHEN coalesce({sender}, '') != '' THEN {name_of(sender)} END)",
        "recipients": recipients,
        "body": f"(CASE WHEN {has_media} THEN coalesce(r.mm_media_caption, r.text_data) ELSE r.text_data END)",
        "attachments": "coalesce(md.attachments, '[]')",
        "status": status,
        "deleted": f"({_sql_set('r.message_type', DELETED_TYPES)})",
        "extra": json_object(extra_items),
    }
    group_members = {jid: dumps(jids) for jid, jids in members.items() if jids}
    return SQLMapping(
        table="message", id_column="_id", id_sql="r._id", from_sql=" ".join([f"({base}) r", *by_message]),
        where=part_of("r._id"),
        plain=" AND ".join(f"({c})" for c in plain), fields=fields,
        lookups={
            "wa_names": (("jid", "name"), names.items()),
            "wa_subjects": (("jid", "subject"), subjects.items()),
            "wa_members": (("jid", "list"), group_members.items()),
            "wa_media": (MEDIA_LOOKUP, _media_lookup(ctx, part_of), "INTEGER"),
        },
        on_rest_listed=lambda con: _record_media_files(ctx, con),
        derived=derived,
        rest_from=None if per_row else " ".join([f"({own}) r", *by_message]),
        # the one value extra copies as someone wrote it: the text of the quoted message
        free_text=(("message_quoted", "message_row_id", "text_data"),) if ctx.has_columns(
            "message_quoted", "message_row_id", "text_data") else (),
    )


#: columns of the media lookup: the message's attachments (JSON), whether SQL may map it, the file record
MEDIA_LOOKUP = ("message_row_id", "attachments", "ok", "path", "size", "mtime", "sha256")


def _media_lookup(ctx, part_of):
    """Rows of the ``wa_media`` lookup: each media row of the part's messages, in message order.

    The attachment is resolved as :func:`message_to_event` resolves it; ``ok`` is 0 when that met a
    problem (a file that cannot be read), raised, or the message has more than one media row.
    """
    if not ctx.has_rows("message_media"):
        return
    cols = ", ".join(ctx.column_or_null("message_media", c, c, "mm") for c in ("file_path", "media_name", "mime_type", "file_size"))
    rows = ctx.db.execute(f"SELECT m._id, {cols} FROM message m JOIN message_media mm ON mm.message_row_id = m._id "
                          f"WHERE {part_of('m._id')} ORDER BY m._id")
    for mid, group in itertools.groupby(rows, key=lambda r: r[0]):
        group = list(group)
        entry = record = problem = None
        try:
            if len(group) == 1:
                _, path, name, mime, size = group[0]
                device_path, kw = _attachment_args(path, name, mime, size)
                entry, record, problem = ctx.resolve_attachment(device_path, **kw)
        except Exception:  # the Python mapping meets it again and reports it for the row
            entry = None
        if entry is None or problem is not None:
            yield mid, None, 0, None, None, None, None
            continue
        rec = record or {}
        yield mid, dumps([entry]), 1, rec.get("path"), rec.get("size"), rec.get("mtime"), rec.get("sha256")


def _record_media_files(ctx, con) -> None:
    """Record the files of the media rows SQL maps (the Python mapping records its own)."""
    for path, size, mtime, sha256 in con.execute(
            "SELECT path, size, mtime, sha256 FROM temp.wa_media WHERE path IS NOT NULL "
            f"AND NOT {rest_only('message_row_id')} ORDER BY message_row_id"):
        ctx.record_file({"path": path, "size": size, "mtime": mtime, "sha256": sha256})


def _holds_for_all(ctx, table: str, condition: str) -> bool:
    """Whether ``condition`` (on ``table``'s own columns) holds for every row of ``table`` (False if unknown)."""
    try:
        return bool(ctx.db.execute(f"SELECT NOT EXISTS (SELECT 1 FROM [{table}] WHERE NOT ({condition}))").fetchone()[0])
    except sqlite3.Error:  # no such table or column: the joined value is NULL, checked per row anyway
        return False


def _wa_names(ctx) -> dict[str, str]:
    """JID -> display name from the closest ``wa.db`` (address-book name, else the WhatsApp name)."""

    def read(con, source):
        cols = {r[1] for r in con.execute("PRAGMA table_info(wa_contacts)")}
        if not {"jid", "display_name", "wa_name"} <= cols:
            ctx.warn_file(f"wa.db ({source.path}) has no wa_contacts(jid, display_name, wa_name) table")
            return None
        names = {}
        for jid, display, wa_name in con.execute("SELECT jid, display_name, wa_name FROM wa_contacts"):
            name = display or wa_name
            if jid and name and jid not in names:
                names[jid] = name
        return names

    return ctx.read_related("wa", "wa.db", read) or {}


def _chats(ctx) -> tuple[dict, dict]:
    """Group subjects (JID -> subject) and group members (group JID -> [member JIDs])."""
    subjects: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    if ctx.has_columns("chat_list", "key_remote_jid", "subject"):
        for jid, subject in ctx.rows("SELECT key_remote_jid, subject FROM chat_list WHERE subject IS NOT NULL"):
            subjects[as_text(jid)] = as_text(subject)
    if ctx.has_columns("chat", "jid_row_id", "subject") and ctx.has_columns("jid", "_id", "raw_string"):
        for jid, subject in ctx.rows(
                "SELECT j.raw_string, c.subject FROM chat c JOIN jid j ON j._id = c.jid_row_id WHERE c.subject IS NOT NULL"):
            subjects.setdefault(as_text(jid), as_text(subject))
    if ctx.has_columns("group_participant_user", "group_jid_row_id", "user_jid_row_id") and ctx.has_table("jid"):
        for gjid, ujid in ctx.rows(
                "SELECT g.raw_string, u.raw_string FROM group_participant_user p JOIN jid g ON g._id = p.group_jid_row_id "
                "JOIN jid u ON u._id = p.user_jid_row_id ORDER BY p._id"):
            if gjid and ujid:
                members.setdefault(as_text(gjid), []).append(as_text(ujid))
    if not members and ctx.has_columns("group_participants", "gjid", "jid"):
        for gjid, jid in ctx.rows("SELECT gjid, jid FROM group_participants ORDER BY _id"):
            if gjid and jid:
                members.setdefault(as_text(gjid), []).append(as_text(jid))
    return subjects, members


@hookimpl
def register_parsers(register):
    register(WhatsAppAndroidParser)
