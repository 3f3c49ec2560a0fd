"""Meta "Download Your Information" (JSON): Messenger and Instagram message threads,
``messages/<folder>/<thread>/message_<n>.json``.

A provider's data export (``origin = "provider"``). Layout and fields, from public parsers and the
real-shaped files in their test suites (Meta publishes no schema):

* github mlomb/chat-analytics ``pipeline/parse/parsers/Messenger.d.ts`` and ``MessengerParser.ts``:
  one thread per folder, its messages split into ``message_1.json``, ``message_2.json`` ... (at most
  10 000 each, newest first); ``participants`` (``name``), ``messages``, ``title``,
  ``is_still_participant``, ``thread_type``, ``thread_path``, ``magic_words``; a message has
  ``sender_name``, ``timestamp_ms`` (**milliseconds since 1970 UTC**), ``content``, ``is_unsent``,
  ``share``, ``files``, ``photos``, ``audio_files``;
* github joweich/chat-miner ``test/instagram/testlog.json`` (Instagram: ``videos``, ``photos``,
  ``audio_files`` with ``uri`` relative to the export root and ``creation_timestamp``, ``share.link``
  / ``share_text``, ``reactions`` (``reaction``, ``actor``), ``users``, ``image``, ``joinable_mode``)
  and ``test/facebookMessenger/testlog.json`` (Messenger: ``type`` ``Generic``);
* the **mojibake**: every string is UTF-8 whose bytes were written as Latin-1 code points
  (``"J\\u00e2\\u009d\\u00a4\\u00ef\\u00b8\\u008fhn"`` in chat-miner's test file is ``J❤️hn``): each
  string that is made only of code points below 256 and whose Latin-1 bytes are valid UTF-8 is
  repaired; ``extra.mojibake_repaired`` says so. A string that does not fit (already correct text) is
  kept as written.

App: ``instagram`` when the file's path has ``instagram`` in a folder name (``your_instagram_activity``)
or the thread's ``joinable_mode.link`` is an ``ig.me`` link, else ``messenger``. The thread file is read
whole (Meta caps it at 10 000 messages) up to :data:`MAX_FILE_BYTES`; a larger file gives a warning.
``direction`` is null: the thread files do not say which participant exported them.
"""

from __future__ import annotations

import json
import os

from artefacts import hookimpl
from artefacts.decoders.jsonstream import head_of
from artefacts.events import NOT_A_TIME, SENT
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

MAX_FILE_BYTES = 256 << 20
MAX_BODY = 1 << 20
MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs")


def unmojibake(text: str) -> str:
    """``"caf\\u00c3\\u00a9"`` -> ``"café"``; text that is not such mojibake is returned unchanged."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def repair(value, changed: list):
    """``value`` with every string repaired (``changed`` gets a mark when one was)."""
    if isinstance(value, str):
        fixed = unmojibake(value)
        if fixed != value:
            changed.append(True)
        return fixed
    if isinstance(value, list):
        return [repair(v, changed) for v in value]
    if isinstance(value, dict):
        return {repair(k, changed): repair(v, changed) for k, v in value.items()}
    return value


def message_to_event(row: dict, ctx) -> dict:
    """One element of ``messages`` (``row["message"]``, already repaired) of thread ``row["thread"]``."""
    msg, thread = row["message"], row["thread"]
    raw = msg.get("timestamp_ms")
    ts = ctx.time(UNIX_MILLISECONDS, raw, column="timestamp_ms") if isinstance(raw, (int, float)) else None
    if raw is not None and not isinstance(raw, (int, float)):
        ctx.warn(f"timestamp_ms {raw!r} is not a number")
    sender = msg.get("sender_name")
    extra = {k: msg[k] for k in ("type", "reactions", "users", "share", "sticker", "is_unsent", "call_duration")
             if k in msg}
    extra.update(thread_path=thread.get("thread_path"), thread_type=thread.get("thread_type"),
                 file=row["file"], index=row["index"])
    if row["repaired"]:
        extra["mojibake_repaired"] = True
    attachments = []
    for key in MEDIA_KEYS:
        for item in msg.get(key) or ():
            if isinstance(item, dict) and isinstance(item.get("uri"), str):
                uri = item["uri"]
                attachments.append(ctx.attachment(uri, name=uri.rsplit("/", 1)[-1]))
    sticker = msg.get("sticker")
    if isinstance(sticker, dict) and isinstance(sticker.get("uri"), str):
        attachments.append(ctx.attachment(sticker["uri"], name=sticker["uri"].rsplit("/", 1)[-1]))
    body = msg.get("content")
    share = msg.get("share")
    if body is None and isinstance(share, dict) and isinstance(share.get("link"), str):
        body = share["link"]
    participants = thread.get("participants") or []
    names = [p.get("name") for p in participants if isinstance(p, dict) and isinstance(p.get("name"), str)]
    return {
        "app": thread["app"],
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": SENT if ts is not None else NOT_A_TIME,
        "kind": "message",
        "conversation_id": thread.get("thread_path") or row["folder"],
        "conversation_name": thread.get("title"),
        "sender": sender,
        "sender_name": sender,
        "recipients": [n for n in names if n != sender],
        "body": body[:MAX_BODY] if isinstance(body, str) else None,
        "attachments": attachments,
        "deleted": bool(msg.get("is_unsent")),
        "extra": extra,
        "source_locator": f"messages:index={row['index']}",
    }


class MetaDyiMessagesParser(Parser):
    name = "meta_dyi_messages"
    app = "messenger"
    platform = "desktop"
    origin = "provider"
    description = ("Meta 'Download Your Information' JSON message threads of Messenger and Instagram "
                   "(messages/<folder>/<thread>/message_N.json), mojibake repaired, media hashed")
    path_globs = ("**/messages/*/*/message_*.json",)
    attachment_globs = ("**/messages/*/*/photos/*", "**/messages/*/*/videos/*", "**/messages/*/*/audio/*",
                        "**/messages/*/*/files/*", "**/messages/*/*/gifs/*")
    time_units = {"messages.timestamp_ms": UNIX_MILLISECONDS}
    references = (
        "github mlomb/chat-analytics pipeline/parse/parsers/Messenger.d.ts, MessengerParser.ts",
        "github joweich/chat-miner test/instagram/testlog.json, test/facebookMessenger/testlog.json",
    )

    def check_file(self, ctx) -> str | None:
        head = head_of(ctx)
        if not head.lstrip().startswith(b"{") or (b'"participants"' not in head and b'"messages"' not in head):
            return "not a Meta message thread file"
        return None

    def parse(self, ctx):
        size = os.path.getsize(ctx.source.local_path)
        if size > MAX_FILE_BYTES:
            ctx.warn_file(f"thread file of {size} bytes is larger than {MAX_FILE_BYTES}: not read")
            return
        try:
            with open(ctx.source.local_path, encoding="utf-8-sig") as fh:
                doc = json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            ctx.warn_file(f"not valid JSON: {exc}")
            return
        if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
            ctx.warn_file("no 'messages' list: unknown thread file layout")
            return
        thread = {k: repair(doc.get(k), []) for k in ("participants", "title", "thread_path", "thread_type")}
        link = (doc.get("joinable_mode") or {}).get("link") if isinstance(doc.get("joinable_mode"), dict) else None
        path = ctx.source.path.lower()
        insta = "instagram" in path.rsplit("/", 1)[0] or (isinstance(link, str) and "ig.me/" in link)
        thread["app"] = "instagram" if insta else "messenger"
        parts = ctx.source.path.split("/")
        folder = parts[-2] if len(parts) > 1 else ""
        yield from ctx.map_rows(self._rows(doc["messages"], thread, parts[-1], folder), message_to_event,
                                table="messages", id_column="index")

    @staticmethod
    def _rows(messages, thread, file, folder):
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict):
                continue
            changed: list = []
            fixed = repair(msg, changed)
            yield {"index": i, "message": fixed, "thread": thread, "file": file, "folder": folder,
                   "repaired": bool(changed)}


@hookimpl
def register_parsers(register):
    register(MetaDyiMessagesParser)
