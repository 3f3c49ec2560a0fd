"""Instagram direct messages for Android: ``com.instagram.android/databases/direct.db``.

Where the facts come from (no real ``direct.db`` and no ``CREATE TABLE`` statement of it is in the
corpus or in a findable source: only the tables, columns and JSON fields below, which the two
readers of real files use, are relied on; nothing else of the schema is assumed):

* ALEAPP ``scripts/artifacts/instagram.py`` (``instagramDirectMessages``, ``instagramDirectCalls``,
  ``instagramDirectThreads``; path ``*/com.instagram.android/databases/direct.db*``):
  ``messages(timestamp, thread_id, message_type, text, message)``, ``timestamp`` epoch
  microseconds; ``message`` a JSON copy of the message whose ``user_id`` is the sender,
  ``item_id`` the item's id, ``content_type`` stored as is; a ``message_type`` of
  ``video_call_event`` is a call row whose JSON ``video_call_event`` holds ``action``,
  ``description`` (the app's wording, "You started a video chat"), ``did_join`` and ``vc_id``
  ("an event row is not a call log; start and end appear as separate rows"); a media row's JSON
  ``media`` holds ``image_versions2.candidates`` or ``video_versions`` (URL lists, the first
  ``url`` reported), ``taken_at`` (epoch seconds) and ``user.username`` (the media's owner).
  ``threads(thread_id, thread_info, last_activity_time)``, ``thread_info`` JSON with
  ``recipients`` (or ``users``) and ``inviter``, each with ``pk``/``pk_id``/``id``, ``username``,
  ``full_name``, and ``thread_title``; ``last_activity_time`` epoch microseconds.
  ``session(user_id)``: the signed-in account; a message whose JSON ``user_id`` equals it is
  outgoing, any other incoming.
* karlicoss/HPI ``my/instagram/android.py`` (reads real ``direct.db`` exports): the message JSON's
  ``item_type`` (``text`` with ``text``, ``reel_share`` with ``reel_share.text``, ``action_log``
  for lines such as "X liked a message": kind ``system`` here), ``thread_key.thread_id``,
  ``timestamp`` (microseconds); ``thread_info.recipients`` entries with ``id``, ``username``,
  ``full_name``.
* No unsent/removed mark and no reaction field is documented by either source: none is read.
  Each thread's users (recipients and inviter) are ``contact`` events.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, time_pair
from artefacts.parser import SQLiteParser
from artefacts.plugins.instagram_ios import ThreadUsers, _get, _text
from artefacts.timeconv import UNIX_MICROSECONDS, UNIX_SECONDS

__version__ = "1.0"

CALL_TYPE = "video_call_event"
ACTION_TYPE = "action_log"
MAX_JSON = 4 * 1024 * 1024  # a message JSON larger than this is not decoded (hostile input)


def _json(raw) -> tuple[dict, str | None]:
    """A JSON object column: ``(value, None)``, or ``({}, reason)`` when it is not one."""
    if raw is None:
        return {}, None
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str) or len(raw) > MAX_JSON:
        return {}, "not JSON text of a sane size"
    try:
        value = json.loads(raw)
    except ValueError as exc:
        return {}, f"not JSON: {exc}"
    return (value, None) if isinstance(value, dict) else ({}, f"JSON {type(value).__name__}, not an object")


def _pk(user: dict) -> str | None:
    for key in ("pk", "pk_id", "id"):
        if user.get(key) not in (None, ""):
            return str(user[key])
    return None


def thread_users(info: dict) -> list[dict]:
    """The users of a ``thread_info`` object: the recipients (or users), then the inviter."""
    users = []
    for key in ("recipients", "users"):
        if isinstance(info.get(key), list):
            users += info[key]
    if isinstance(info.get("inviter"), dict):
        users.append(info["inviter"])
    out = []
    for user in users:
        pk = _pk(user) if isinstance(user, dict) else None
        if pk:
            out.append({"pk": pk, "username": _text(user.get("username")), "full_name": _text(user.get("full_name"))})
    return out


def _media_url(media) -> str | None:
    for key in ("image_versions2", "video_versions"):
        value = _get(media, key)
        candidates = value.get("candidates") if isinstance(value, dict) else value
        url = _text(_get(candidates, 0, "url"))
        if url:
            return url
    return None


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row with the account's ``owner`` id and its thread's ``title``, ``members`` and ``names``."""
    message, error = _json(row["message"])
    if error:
        ctx.warn(f"messages.message could not be decoded: {error}")
    sender = str(message["user_id"]) if message.get("user_id") not in (None, "") else None
    owner = row["owner"]
    direction = None if sender is None or owner is None else (OUTGOING if sender == owner else INCOMING)
    mtype = row["message_type"]
    item_type = _text(message.get("item_type"))
    extra = {"message_type": mtype}
    for key, value in (("item_id", message.get("item_id")), ("item_type", item_type),
                       ("content_type", message.get("content_type")), ("json_error", error)):
        if value not in (None, ""):
            extra[key] = value
    body = _text(row["text"]) or _text(message.get("text")) or _text(_get(message, "reel_share", "text"))
    kind = "message"
    if mtype == CALL_TYPE:
        call = message.get(CALL_TYPE) if isinstance(message.get(CALL_TYPE), dict) else {}
        kind, body = "call", _text(call.get("description"))
        extra.update(action=call.get("action"), did_join=call.get("did_join"), call_id=call.get("vc_id"))
    elif ACTION_TYPE in (mtype, item_type):
        kind = "system"
    media = message.get("media") if isinstance(message.get("media"), dict) else None
    files = []
    if media is not None:
        files = [attachment(path=_media_url(media))]
        owner_name = _text(_get(media, "user", "username"))
        if owner_name:
            extra["media_owner"] = owner_name
        time_pair(ctx, extra, "media_taken_at", media.get("taken_at"), "messages.message:media.taken_at", UNIX_SECONDS)
    members, names = row["members"], row["names"]
    others = [pk for pk in members if pk != owner]
    return {
        "timestamp": ctx.time(UNIX_MICROSECONDS, row["timestamp"], column="messages.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": direction,
        "conversation_id": row["thread_id"],
        "conversation_name": row["title"] or ", ".join(names.get(pk) or pk for pk in others) or None,
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": others if direction == OUTGOING else ([owner] if direction == INCOMING else []),
        "body": body,
        "attachments": files,
        "deleted": False,
        "status": None,
        "extra": extra,
    }


class InstagramAndroidParser(SQLiteParser):
    name = "instagram_android"
    version = __version__
    app = "instagram"
    platform = "android"
    description = "Instagram Android direct messages (direct.db: messages, call events, thread users)"
    path_globs = ("**/com.instagram.android/databases/direct.db",)
    required_tables = {
        "messages": {"timestamp", "thread_id", "message_type", "message"},
        "threads": {"thread_id", "thread_info"},
    }
    time_units = {"messages.timestamp": UNIX_MICROSECONDS, "messages.message:media.taken_at": UNIX_SECONDS}
    references = (
        "ALEAPP scripts/artifacts/instagram.py (tables, columns, JSON fields, units, direction by session.user_id)",
        "karlicoss/HPI my/instagram/android.py (item_type, thread_info.recipients)",
    )

    def parse(self, ctx):
        owner = None
        if ctx.has_columns("session", "user_id"):
            row = ctx.db.execute("SELECT user_id FROM session LIMIT 1").fetchone()
            owner = str(row[0]) if row and row[0] not in (None, "") else None
        titles: dict[str, str | None] = {}
        threads = ThreadUsers()
        for row in ctx.rows("SELECT rowid, thread_id, thread_info FROM threads ORDER BY rowid"):
            info, error = _json(row["thread_info"])
            if error:
                ctx.warn(f"threads.thread_info could not be decoded: {error}", f"threads:rowid={row['rowid']}")
            titles[str(row["thread_id"])] = _text(info.get("thread_title"))
            threads.add(str(row["thread_id"]), f"threads:rowid={row['rowid']}", thread_users(info))
        names = threads.names()
        text = ctx.column_or_null("messages", "text", prefix="m")
        sql = (f"SELECT m.rowid AS rowid, m.timestamp, m.thread_id, m.message_type, {text}, m.message "
               "FROM messages m ORDER BY m.rowid")
        rows = ({**dict(r), "owner": owner, "title": titles.get(str(r["thread_id"])),
                 "members": threads.members.get(str(r["thread_id"]), []), "names": names} for r in ctx.rows(sql))
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="rowid")
        yield from threads.contacts()


@hookimpl
def register_parsers(register):
    register(InstagramAndroidParser)
