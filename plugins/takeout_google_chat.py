"""Google Takeout, Google Chat: ``Google Chat/Groups/<group>/messages.json`` with ``group_info.json`` beside it,
``Google Chat/Users/<user>/user_info.json`` and the attached files in each group's folder.

A provider's data export (``origin = "provider"``). Layout, from the schema notes of a public reader of real
Takeout exports (the "Google Chat Messages Schema" document quoted in the project's search results) and the
readers that parse the same files (a Node.js reader of ``data/Google Chat/Groups/DM .../messages.json``; the
Python ``GoogleChatDirectoryLoader``; both quoted there):

* ``messages.json`` is one object whose ``messages`` array holds a message per element: ``creator``
  (``name``, ``email``, ``user_type`` -- ``Human`` or a bot's), ``created_date``, ``text`` (absent for a
  file-only message), ``topic_id`` (the thread), ``message_id``, ``attached_files`` (``original_name``,
  ``export_name``) and ``annotations`` (``url_metadata.url.private_do_not_access_or_else_safe_url_wrapped_value``,
  ``youtube_metadata``, ``drive_metadata``).
* ``created_date`` is a text such as ``Thursday, November 3, 2016 at 11:59:50 AM UTC``: the English day
  and month names, ``at``, a 12-hour clock with seconds, ``AM``/``PM`` and the zone ``UTC``; newer exports
  write a narrow no-break space (U+202F) before ``AM``/``PM`` (the Node.js reader replaces it). It is read
  with :data:`artefacts.timeconv.TAKEOUT_TEXT` (English names, the zone ``UTC`` as written); a date in
  another language or with another zone is a warning naming the value, a null ``timestamp`` and the text
  kept in ``timestamp_raw``.
* ``group_info.json``: ``name`` (a Space's; absent for a DM) and ``members`` (``name``, ``email``,
  ``user_type``). The group folder's name (``DM k6oxHQAAAAE``, ``Space AAAAFyOfy4w``) is the group id that
  ``user_info.json``'s ``membership_info[].group_id`` names.
* ``user_info.json``: ``user`` (``name``, ``email``) is the account that asked for the export: its messages
  are outgoing, the others incoming.
* An attached file is stored in the group's folder under its ``export_name``; a ``?`` in that name is
  written ``_`` on disk (``File-4926929847130562072?account_id=3.png`` is
  ``File-4926929847130562072_account_id=3.png``).

Each message is a ``message`` event (``conversation_id`` the group folder's name, ``sender`` the creator's
e-mail, ``recipients`` the other members'), streamed one at a time (each at most 1 M characters of JSON),
bodies capped at :data:`MAX_BODY` characters; ``extra`` keeps ids, the creator's ``user_type``, the
annotations' URLs and the attached files' original names.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.decoders.jsonstream import JsonStream, head_of, map_json_stream
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, RECEIVED, SENT
from artefacts.parser import Parser
from artefacts.timeconv import TAKEOUT_TEXT

__version__ = "1.0"

MAX_MESSAGE_CHARS = 1 << 20
MAX_BODY = 100_000
MAX_INFO_BYTES = 4 << 20
URL_KEY = "private_do_not_access_or_else_safe_url_wrapped_value"


def on_disk_name(export_name: str) -> str:
    """The file name an attachment has in the export folder (``?`` is written ``_``)."""
    return export_name.replace("?", "_")


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _links(annotations) -> list[str]:
    out = []
    for a in annotations if isinstance(annotations, list) else ():
        url = ((a.get("url_metadata") or {}).get("url") or {}) if isinstance(a, dict) else {}
        if isinstance(url, dict) and isinstance(url.get(URL_KEY), str):
            out.append(url[URL_KEY])
    return out


def message_to_event(row: dict, ctx) -> dict:
    """One ``messages`` element (``row["message"]``) of the group ``row["group"]`` as an event."""
    msg, group = row["message"], row["group"]
    creator = msg.get("creator") if isinstance(msg.get("creator"), dict) else {}
    sender = _text(creator.get("email"))
    raw = msg.get("created_date")
    ts = ctx.time(TAKEOUT_TEXT, raw, column="created_date") if raw is not None else None
    owner = group.get("owner")
    direction = None
    if owner and sender:
        direction = OUTGOING if sender.lower() == owner.lower() else INCOMING
    body = _text(msg.get("text"))
    extra = {"message_id": msg.get("message_id"), "topic_id": msg.get("topic_id"),
             "user_type": creator.get("user_type")}
    if body is not None and len(body) > MAX_BODY:
        ctx.warn(f"message text of {len(body):,} characters cut to {MAX_BODY:,}")
        extra["body_truncated_from"] = len(body)
        body = body[:MAX_BODY]
    links = _links(msg.get("annotations"))
    if links:
        extra["links"] = links
    attachments = []
    for f in msg.get("attached_files") or ():
        if isinstance(f, dict) and isinstance(f.get("export_name"), str):
            path = group["folder"] + on_disk_name(f["export_name"])
            attachments.append(ctx.attachment(path, name=_text(f.get("original_name")) or f["export_name"]))
    return {
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": NOT_A_TIME if ts is None else SENT if direction != INCOMING else RECEIVED,
        "kind": "message",
        "direction": direction,
        "conversation_id": group["id"],
        "conversation_name": group.get("name"),
        "sender": sender,
        "sender_name": _text(creator.get("name")),
        "recipients": [m for m in group.get("members", ()) if m != sender],
        "body": body,
        "attachments": attachments,
        "extra": extra,
        "source_locator": f"messages:index={row['index']}",
    }


def _read_info(ctx, source, what: str):
    """A small JSON companion file as a dict, or ``None`` after one warning naming it."""
    try:
        with open(source.local_path, "rb") as fh:
            data = fh.read(MAX_INFO_BYTES + 1)
        if len(data) > MAX_INFO_BYTES:
            raise ValueError(f"larger than {MAX_INFO_BYTES:,} bytes")
        value = json.loads(data.decode("utf-8-sig"))
        if not isinstance(value, dict):
            raise ValueError("not a JSON object")
        return value
    except (OSError, ValueError) as exc:
        ctx.warn_file(f"{what} {source.path} cannot be read: {exc}")
        return None


class TakeoutGoogleChatParser(Parser):
    name = "takeout_google_chat"
    app = "google_chat"
    platform = "desktop"
    origin = "provider"
    description = ("Google Takeout Google Chat: every DM's and Space's messages.json (sender, members from "
                   "group_info.json, the account's own messages from user_info.json, attached files hashed), streamed")
    path_globs = ("**/Google Chat/Groups/*/messages.json",)
    related_globs = {"group_info": ("**/Google Chat/Groups/*/group_info.json",),
                     "user_info": ("**/Google Chat/Users/*/user_info.json",)}
    attachment_globs = ("**/Google Chat/Groups/*/File-*",)
    time_units = {"messages.created_date": TAKEOUT_TEXT}
    references = ("Google Chat Messages Schema (notes on real Takeout exports, quoted in the project's search results)",
                  "Node.js and Python readers of Google Chat/Groups/*/messages.json (created_date, U+202F)")

    def check_file(self, ctx) -> str | None:
        return None if b'"messages"' in head_of(ctx) else "no \"messages\" list"

    def parse(self, ctx):
        folder = ctx.source.path.rsplit("/", 1)[0]
        group = {"id": folder.rsplit("/", 1)[-1], "folder": folder + "/", "members": []}
        info = next((s for s in ctx.related("group_info") if s.path.rsplit("/", 1)[0] == folder), None)
        data = _read_info(ctx, info, "group_info.json") if info is not None else None
        if data is not None:
            group["name"] = _text(data.get("name"))
            group["members"] = [m["email"] for m in data.get("members") or ()
                                if isinstance(m, dict) and isinstance(m.get("email"), str)]
        users = ctx.related("user_info")
        user = _read_info(ctx, users[0], "user_info.json") if users else None
        if user is not None and isinstance(user.get("user"), dict):
            group["owner"] = _text(user["user"].get("email"))
        yield from map_json_stream(ctx, lambda s: self._rows(s, group), message_to_event, table="messages",
                                   id_column="index", max_value=MAX_MESSAGE_CHARS, what="messages.json")

    @staticmethod
    def _rows(s: JsonStream, group: dict):
        for key in s.object_keys():
            if key == "messages" and s.peek_kind() == "array":
                for i in s.array_items():
                    msg = s.value()
                    if isinstance(msg, dict):
                        yield {"index": i, "message": msg, "group": group}


@hookimpl
def register_parsers(register):
    register(TakeoutGoogleChatParser)
