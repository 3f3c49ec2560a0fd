"""Discord for iOS: message lists the app's HTTP cache keeps as JSON (``fsCachedData/<UUID>``).

The iOS app's ``NSURLCache`` stores the bodies of API responses as files named by a UUID in
``*/Library/Caches/com.hammerandchisel.discord/fsCachedData/``; a channel's message page is a JSON
list of message objects. The file has no account, so the direction of a message is not known
(``direction`` is None; ``extra.author_*`` keep who wrote it).

Where the facts come from:

* The real file ``23AAD8D4-D632-4F99-8E44-152AAB8FA9D6`` of plaso's test data
  (``../shared/corpus/plaso/``, 26 messages of one channel) and plaso
  ``plaso/parsers/ios_discord.py`` (``log2timeline/plaso``: a JSON list starting ``[{``, every
  message with ``attachments``, ``author``, ``channel_id``, ``content`` and ``timestamp``; files over
  16 MiB refused; ``timestamp`` an ISO 8601 string with ``+00:00``, read to the microsecond).
* iLEAPP ``scripts/artifacts/discordChats.py`` (``abrignoni/iLEAPP``: the path
  ``*/com.hammerandchisel.discord/fsCachedData/*``; ``author.{id, username, bot}``,
  ``edited_timestamp``, ``content``, ``channel_id``, ``attachments[].{proxy_url, width, height}``,
  ``embeds[].{url, description, author.name}``).
* The message object of Discord's API, which these files are (Discord developer documentation,
  "Message Object"; the same fields in the real file): ``id``, ``type`` (0 default, 3 a call),
  ``pinned``, ``mentions[].id``, ``message_reference.message_id`` (a reply), ``attachments[].
  {filename, size, content_type, url}``, ``reactions[].{emoji.name, count}`` and ``call``
  (``participants`` user ids, ``ended_timestamp``) on a call message. Message ids and author ids are
  snowflakes kept as the strings stored.

The file is attacker-controlled: it is read only up to plaso's 16 MiB, parsed by :func:`json.loads`
(never evaluated), and a too deeply nested document is a warning, not a crash.
"""

from __future__ import annotations

import json
import os

from artefacts import hookimpl
from artefacts.events import CALL_START, SENT, attachment, duration_text
from artefacts.parser import Parser
from artefacts.timeconv import ISO_TEXT, TimeValueError

__version__ = "1.0"

MAX_BYTES = 16 << 20  # plaso's limit; the real file is 16 KB
REQUIRED_KEYS = frozenset({"attachments", "author", "channel_id", "content", "timestamp"})
CACHE_DIR = "com.hammerandchisel.discord/fscacheddata/"




def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _text(value) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _attachments(message: dict) -> tuple[list[dict], list[dict]]:
    """The event's attachments and their URLs (for ``extra``)."""
    out, urls = [], []
    for item in _list(message.get("attachments")):
        item = _dict(item)
        size = item.get("size")
        out.append(attachment(name=_text(item.get("filename")), mime_type=_text(item.get("content_type")),
                              size=size if isinstance(size, int) and not isinstance(size, bool) else None))
        urls.append({k: item[k] for k in ("id", "url", "proxy_url", "width", "height") if item.get(k) is not None})
    return out, urls


def message_to_event(row, ctx) -> dict:
    """One message object of the list (``row["message"]``) -> a ``message`` or ``call`` event."""
    message = row["message"]
    if not isinstance(message, dict):
        raise ValueError(f"list item is a {type(message).__name__}, not a message object")
    author = _dict(message.get("author"))
    raw = message.get("timestamp")
    attachments, urls = _attachments(message)
    extra: dict = {"message_id": row["id"], "type": message.get("type"),
                   "author_username": _text(author.get("username"))}
    for key in ("global_name", "discriminator"):
        if _text(author.get(key)):
            extra[f"author_{key}"] = author[key]
    if author.get("bot"):
        extra["author_bot"] = True
    edited = message.get("edited_timestamp")
    if edited is not None:
        extra["edited_time"] = ctx.time(ISO_TEXT, edited, column="edited_timestamp")
        extra["edited_raw"] = edited
    if message.get("pinned"):
        extra["pinned"] = True
    mentions = [m["id"] for m in map(_dict, _list(message.get("mentions"))) if _text(m.get("id"))]
    if mentions:
        extra["mentions"] = mentions
    reply = _dict(message.get("message_reference")).get("message_id")
    if reply:
        extra["in_reply_to_id"] = reply
    if urls:
        extra["attachments"] = urls
    embeds = [{k: e[k] for k in ("url", "description") if _text(e.get(k))} for e in map(_dict, _list(message.get("embeds")))]
    if any(embeds):
        extra["embeds"] = embeds
    reactions = [{"emoji": _dict(r.get("emoji")).get("name"), "count": r.get("count")}
                 for r in map(_dict, _list(message.get("reactions")))]
    if reactions:
        extra["reactions"] = reactions
    sender = _text(author.get("id"))
    event = {
        "timestamp": ctx.time(ISO_TEXT, raw, column="timestamp"),
        "timestamp_raw": raw,
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": None,  # the cache file names no account
        "conversation_id": _text(message.get("channel_id")),
        "sender": sender,
        "sender_name": _text(author.get("global_name")) or _text(author.get("username")),
        "recipients": [],
        "body": _text(message.get("content")),  # an attachment-only message has "" (None here, as plaso)
        "attachments": attachments,
        "deleted": False,
        "extra": extra,
    }
    call = message.get("call")
    if isinstance(call, dict):
        participants = [p for p in _list(call.get("participants")) if _text(p)]
        event.update(kind="call", timestamp_desc=CALL_START, recipients=[p for p in participants if p != sender])
        extra["participants"] = participants
        ended = call.get("ended_timestamp")
        duration = None
        if ended is not None:
            extra["end_time"] = ctx.time(ISO_TEXT, ended, column="call.ended_timestamp")
            extra["end_raw"] = ended
            try:
                duration = (ISO_TEXT.to_us(ended) - ISO_TEXT.to_us(raw)) / 1e6
            except TimeValueError:
                duration = None
        if duration is not None:
            extra["duration_s"] = duration
        event["body"] = event["body"] or (f"Call, {duration_text(duration)}" if duration is not None else "Call")
    return event


def _looks_like_messages(path) -> bool:
    """Whether the file's first 4 KB name every key a message must have (for a file that does not decode)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    return all(f'"{key}"'.encode() in head for key in REQUIRED_KEYS)


def _read(path) -> list:
    """The file's JSON list; raises ``ValueError`` with the reason."""
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise ValueError(f"{size} bytes, more than the {MAX_BYTES} read")
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(value, list):
        raise ValueError(f"a JSON {type(value).__name__}, not a list of messages")
    return value


class DiscordIosParser(Parser):
    name = "discord_ios"
    version = __version__
    app = "discord"
    platform = "ios"
    description = "Discord iOS message pages cached as JSON (fsCachedData): messages, attachments, calls"
    path_globs = ("**/com.hammerandchisel.discord/fsCachedData/*",)
    # no ``signatures``: the cache folder holds every kind of response (images, other JSON), which
    # check_file leaves alone quietly; a failed signature would be a warning there
    tables = {"messages[]": set(REQUIRED_KEYS)}
    time_units = {"messages[].timestamp": ISO_TEXT, "messages[].edited_timestamp": ISO_TEXT,
                  "messages[].call.ended_timestamp": ISO_TEXT}
    references = (
        "plaso plaso/parsers/ios_discord.py (JSON list, required keys, 16 MiB limit, ISO 8601 times)",
        "iLEAPP scripts/artifacts/discordChats.py (fsCachedData path, author, attachments, embeds)",
        "Discord developer documentation, Message Object (type 3 call, call.participants/ended_timestamp)",
        "real file 23AAD8D4-D632-4F99-8E44-152AAB8FA9D6 of plaso's test data (26 messages)",
    )

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            if fh.read(2) != b"[{":  # plaso's first test: a list of objects
                return "not a JSON list of objects"
        try:
            data = _read(ctx.source.local_path)
        except (OSError, ValueError) as exc:
            # the cache folder holds every kind of API response; a damaged or oversized one that
            # starts with a message's keys is a message page (parse() says so), any other is not
            if CACHE_DIR in ctx.source.path.replace("\\", "/").lower() and _looks_like_messages(ctx.source.local_path):
                return None
            return f"not a Discord message list ({exc})"
        if not data or not isinstance(data[0], dict) or not REQUIRED_KEYS <= data[0].keys():
            return "JSON list whose first item is not a Discord message"
        return None

    def parse(self, ctx):
        try:
            data = _read(ctx.source.local_path)
        except (OSError, ValueError) as exc:
            ctx.warn_file(f"Discord message cache could not be read: {exc}")
            return
        rows = ({"message": m, "id": _dict(m).get("id", f"#{i}")} for i, m in enumerate(data))
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="id")


@hookimpl
def register_parsers(register):
    register(DiscordIosParser)
