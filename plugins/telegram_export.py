"""Telegram Desktop's "Export Telegram data" in JSON: ``result.json`` and the media folders beside it.

A data export of the provider's app (``origin = "provider"``). Layout, from the writer itself (github
telegramdesktop/tdesktop ``Telegram/SourceFiles/export/output/export_output_json.cpp``):

* ``result.json`` (``JsonWriter::mainFileRelativePath``); a full export is an object with ``about``,
  ``personal_information`` (``user_id``, ``first_name``, ``last_name``, ``phone_number``, ``username``),
  ``contacts``, ``frequent_contacts``, ``sessions``, ... and ``chats`` / ``left_chats``, each
  ``{"about": ..., "list": [chat, ...]}``; a single-chat export (``onlySinglePeer``) is one chat object;
* a chat (``writeDialogStart``): ``name`` (absent for saved messages), ``type`` (``personal_chat``,
  ``bot_chat``, ``private_group``, ``private_supergroup``, ``public_supergroup``, ``private_channel``,
  ``public_channel``, ``saved_messages``, ``replies``), ``id``, then ``messages``;
* a message (``SerializeMessage``): ``id``, ``type`` (``message``, ``service``, ``unsupported``),
  ``date`` (local time, ``QDateTime::toString(Qt::ISODate)``, no zone), ``date_unixtime`` (the same
  instant, **seconds since 1970 UTC, as a string**), ``edited``/``edited_unixtime``; ordinary
  messages: ``from``, ``from_id`` (``user<id>``, ``channel<id>``, ``chat<id>``), ``author``
  (a channel post's signature), ``forwarded_from``, ``saved_from``, ``reply_to_message_id``,
  ``via_bot``; service messages: ``actor``, ``actor_id``, ``action`` (``create_group``,
  ``invite_members``, ``phone_call`` with ``duration_seconds`` and ``discard_reason``, ``pin_message``
  ...); media: ``photo`` or ``file`` (a path relative to the export folder, or a parenthesised
  "(File not included. ...)" when it was skipped), ``thumbnail``, ``media_type``, ``mime_type``,
  ``sticker_emoji``, ``duration_seconds``, ``width``, ``height``, ``contact_information``,
  ``location_information``, ``place_name``, ``address``, ``poll``; ``text`` (a string, or a list of
  strings and ``{"type", "text", ...}`` entities) and ``text_entities``.

The document is read a value at a time (``artefacts.decoders.jsonstream``): one message in memory,
each capped (:data:`MAX_MESSAGE_CHARS`), bodies capped at :data:`MAX_BODY`. ``direction`` is
``outgoing`` for messages ``from_id`` the exporting account (``personal_information.user_id``), else
``incoming``; a single-chat export does not name the account, so there it is null.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders.jsonstream import JsonStream, head_of, map_json_stream
from artefacts.events import CALL_START, INCOMING, NOT_A_TIME, OUTGOING, SENT
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

MAX_BODY = 1 << 20
#: the largest single message decoded (characters of JSON)
MAX_MESSAGE_CHARS = 16 << 20
HEAD_BYTES = 4096
#: message keys copied into ``extra`` as written
EXTRA_KEYS = (
    "author", "forwarded_from", "saved_from", "reply_to_message_id", "reply_to_peer_id", "via_bot", "media_type",
    "mime_type", "sticker_emoji", "duration_seconds", "width", "height", "contact_information",
    "location_information", "live_location_period_seconds", "place_name", "address", "poll", "action", "title",
    "members", "discard_reason", "message_id", "inviter", "self_destruct_period_seconds", "information_text",
    "game_title", "invoice_information",
)
CHAT_LISTS = ("chats", "left_chats")


def text_of(value) -> str | None:
    """The plain text of a ``text`` field: a string, or a list of strings and entity objects."""
    if value is None:
        return None
    if isinstance(value, str):
        return value[:MAX_BODY]
    if isinstance(value, list):
        parts = []
        for p in value:
            if isinstance(p, str):
                parts.append(p)
            elif isinstance(p, dict) and isinstance(p.get("text"), str):
                parts.append(p["text"])
        return "".join(parts)[:MAX_BODY]
    return str(value)[:MAX_BODY]


def _media_paths(msg: dict):
    for key in ("photo", "file"):
        value = msg.get(key)
        if isinstance(value, str) and value:
            yield key, value


def message_to_event(row: dict, ctx) -> dict:
    """One ``messages`` element (``row["message"]``) of chat ``row["chat"]`` as an event."""
    msg, chat = row["message"], row["chat"]
    raw = msg.get("date_unixtime")
    seconds = int(raw) if isinstance(raw, str) and raw.lstrip("-").isdigit() else None
    if raw is not None and seconds is None:
        ctx.warn(f"date_unixtime {raw!r} is not a number of seconds")
    ts = ctx.time(UNIX_SECONDS, seconds, column="date_unixtime") if seconds is not None else None
    mtype = msg.get("type")
    service = mtype == "service"
    action = msg.get("action")
    kind = "message"
    desc = SENT
    if service:
        kind = "call" if action in ("phone_call", "group_call") else "system"
        desc = CALL_START if kind == "call" else SENT
    elif mtype not in ("message", None):
        kind = "other"
    sender = msg.get("actor_id" if service else "from_id")
    sender_name = msg.get("actor" if service else "from")
    owner = ctx.lookups.get("owner")
    direction = None
    if owner and isinstance(sender, str):
        direction = OUTGOING if sender == owner else INCOMING
    extra = {k: msg[k] for k in EXTRA_KEYS if k in msg}
    extra.update(message_id=msg.get("id"), message_type=mtype, date_local=msg.get("date"), chat_type=chat.get("type"))
    if chat.get("list") == "left_chats":
        extra["left_chat"] = True
    edited = msg.get("edited_unixtime")
    if isinstance(edited, str) and edited.isdigit():
        extra["edited"] = ctx.time(UNIX_SECONDS, int(edited), column="edited_unixtime")
        extra["edited_raw"] = edited
    attachments = []
    folder = ctx.lookups.get("folder", "")
    for key, path in _media_paths(msg):
        if path.startswith("("):  # "(File not included. Change data exporting settings to download.)"
            extra[f"{key}_not_included"] = path
            continue
        name = path.rsplit("/", 1)[-1]
        attachments.append(ctx.attachment(folder + path, name=name, mime_type=msg.get("mime_type")))
    cid = chat.get("id")
    return {
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": desc if ts is not None else NOT_A_TIME,
        "kind": kind,
        "direction": direction,
        "conversation_id": None if cid is None else str(cid),
        "conversation_name": chat.get("name"),
        "sender": sender if isinstance(sender, str) else None,
        "sender_name": sender_name if isinstance(sender_name, str) else None,
        "body": text_of(msg.get("text")) or None,
        "attachments": attachments,
        "extra": extra,
        "source_locator": f"chat={cid}:message={msg.get('id')}",
    }


class TelegramExportParser(Parser):
    name = "telegram_export"
    app = "telegram"
    platform = "desktop"
    origin = "provider"
    description = ("Telegram Desktop's JSON data export (result.json): personal chats, groups, channels, service "
                   "messages and calls, media references hashed from the export folder; read as a stream")
    path_globs = ("**/result.json",)
    attachment_globs = ("**/photos/*", "**/files/*", "**/video_files/*", "**/voice_messages/*",
                        "**/round_video_messages/*", "**/stickers/*", "**/animations/*", "**/contacts/*")
    time_units = {"messages.date_unixtime": UNIX_SECONDS, "messages.edited_unixtime": UNIX_SECONDS}
    references = ("github telegramdesktop/tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp",)

    def check_file(self, ctx) -> str | None:
        head = head_of(ctx, HEAD_BYTES).decode("utf-8", "replace")
        if not head.lstrip("\ufeff \r\n\t").startswith("{"):
            return "not a JSON object"
        if '"personal_information"' not in head and not ('"messages"' in head and '"date_unixtime"' in head):
            return "not a Telegram Desktop export"
        return None

    def parse(self, ctx):
        ctx.lookups["folder"] = ctx.source.path.rsplit("/", 1)[0] + "/" if "/" in ctx.source.path else ""
        yield from map_json_stream(ctx, lambda stream: self._rows(stream, ctx), message_to_event, table="messages",
                                   id_column="key",
                                   max_value=MAX_MESSAGE_CHARS, what="result.json")

    def _rows(self, s: JsonStream, ctx):
        chat: dict = {}
        for key in s.object_keys():
            if key == "personal_information" and s.peek_kind() == "object":
                info = s.value()
                if isinstance(info, dict) and info.get("user_id") is not None:
                    ctx.lookups["owner"] = f"user{info['user_id']}"
            elif key in CHAT_LISTS and s.peek_kind() == "object":
                for sub in s.object_keys():
                    if sub == "list" and s.peek_kind() == "array":
                        for _ in s.array_items():
                            yield from self._chat(s, {"list": key})
            elif key == "messages" and s.peek_kind() == "array":  # a single-chat export
                yield from self._messages(s, chat)
            elif key in ("name", "type", "id"):
                chat[key] = s.value()

    def _chat(self, s: JsonStream, chat: dict):
        if s.peek_kind() != "object":
            return
        for key in s.object_keys():
            if key in ("name", "type", "id"):
                chat[key] = s.value()
            elif key == "messages" and s.peek_kind() == "array":
                yield from self._messages(s, chat)

    @staticmethod
    def _messages(s: JsonStream, chat: dict):
        for _ in s.array_items():
            msg = s.value()
            if isinstance(msg, dict):
                yield {"key": f"{chat.get('id')}:{msg.get('id')}", "message": msg, "chat": chat}


@hookimpl
def register_parsers(register):
    register(TelegramExportParser)
