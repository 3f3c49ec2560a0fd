"""Facebook Messenger for Android (``com.facebook.orca``): messages, calls and people of ``databases/threads_db2``.

Where the facts come from (the DDL read here, with the same sources, is
``artefacts/synthetic/ddl/facebook_messenger_android.sql``):

* ALEAPP ``scripts/artifacts/FacebookMessenger.py`` (abrignoni/ALEAPP): the globs ``*/*threads_db2`` and
  ``*/*threads_db2-uid`` (the logged-in user's id, one line); ``messages.timestamp_ms`` ms since 1970;
  ``sender`` a JSON object whose ``name`` is the sender's name and ``user_key`` ``FACEBOOK:<id>``;
  the first ``attachments[].filename``, ``shares[].name/description/href``; ``message_reactions`` joined on
  ``msg_id`` (``reaction``, and a time in ms whose column is spelt ``reaction_timestamp``,
  ``reaction_timestamp_ms``, ``reaction_creation_timestamp_ms`` or ``reaction_creation_time_ms``); calls are
  the rows with ``generic_admin_message_extensible_data`` (JSON ``call_duration`` seconds, ``caller_id``,
  ``video``), the call having started ``call_duration`` before ``timestamp_ms``; contacts from
  ``thread_users`` (``user_key``, ``first_name``, ``last_name``, ``username``, ``profile_pic_square[0].url``,
  ``is_messenger_user``, ``is_friend`` 0/1, ``friendship_status``, ``contact_relationship_status``, raw).
  ALEAPP leaves out ``msg_type`` -1 rows without naming them: they are kept here as ``other`` events.
* sleuthkit/autopsy ``InternalPythonModules/android/fbmessenger.py``: the recipients of a message are the
  ``thread_participants.user_key`` of its ``thread_key`` other than the sender, names in
  ``thread_users.name``; ``snippet`` is the app's text when ``text`` is empty; a message is outgoing when
  its sender is the device's user. A Messenger forensic module of the public corpus
  (``org.ftn.messengerforensics``): ``msg_type`` 9 is a one-to-one call (one record at its end), 203 a
  group call, whose ``admin_text_thread_rtc_event = 'group_call_ended'`` record holds the call (the start
  record is kept here as a ``system`` event); ``attachments`` entries hold ``id``, ``fbid``,
  ``mime_type``, ``filename``, ``file_size``.
* Messenger's own ``MessageCursorUtil`` (decompiled ``com.facebook.messaging.database.threads``, public):
  the ``messages`` columns, among them ``timestamp_sent_ms``, ``unsent_timestamp_ms`` (a message its
  sender unsent: ``deleted`` true, the time in ``extra``), ``admin_text_thread_rtc_is_video_call``.

Not read (no public source of their layout): ``msys_database_*`` of newer versions are left to a later
parser; missed-call state and read receipts are not in the columns above.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, SENT, attachment, contact_event, duration_text, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

PACKAGE = "com.facebook.orca"
ONE_TO_ONE_CALL, GROUP_CALL, HIDDEN = 9, 203, -1
GROUP_CALL_ENDED = "group_call_ended"
USER_KEY_PREFIX = "FACEBOOK:"
SEP = "\x1f"
MESSAGE_REQUIRED = ("msg_id", "thread_key", "text", "sender", "timestamp_ms")
MESSAGE_OPTIONAL = ("timestamp_sent_ms", "msg_type", "attachments", "shares", "sticker_id", "offline_threading_id",
                    "admin_text_thread_rtc_event", "admin_text_thread_rtc_is_video_call", "unsent_timestamp_ms",
                    "generic_admin_message_extensible_data", "snippet")
REACTION_TIMES = ("reaction_timestamp", "reaction_timestamp_ms", "reaction_creation_timestamp_ms",
                  "reaction_creation_time_ms")
USER_OPTIONAL = ("first_name", "last_name", "name", "username", "profile_pic_square", "is_messenger_user", "is_friend",
                 "friendship_status", "contact_relationship_status")
MAX_JSON = 1 << 20  # a JSON column larger than this is kept raw, not decoded


def user_id(user_key):
    """``FACEBOOK:123`` -> ``123`` (the id form of the sender JSON and of ``threads_db2-uid``)."""
    if not isinstance(user_key, str) or not user_key:
        return None
    return user_key[len(USER_KEY_PREFIX):] if user_key.startswith(USER_KEY_PREFIX) else user_key


def _json(value, ctx, column: str):
    """A JSON column decoded, or ``None`` (a bad value is a warning naming the row, and stays raw in ``extra``)."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > MAX_JSON:
        ctx.warn(f"{column}: a value that is not JSON text was kept raw")
        return None
    try:
        return json.loads(value)
    except ValueError:
        ctx.warn(f"{column}: a value that is not valid JSON was kept raw")
        return None


def _list_of_dicts(value) -> list:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row (``participants``, ``reactions`` and ``owner`` attached) -> message, call, system or other."""
    sender_json = _json(row["sender"], ctx, "messages.sender")
    sender_json = sender_json if isinstance(sender_json, dict) else {}
    sender = user_id(sender_json.get("user_key"))
    sender_name = sender_json.get("name") if isinstance(sender_json.get("name"), str) else None
    owner = row["owner"] or None
    participants = [p for p in (row["participants"] or "").split(SEP) if p]
    recipients = [p for p in participants if p != sender]
    direction = None
    if owner and sender:
        direction = OUTGOING if sender == owner else INCOMING
    mtype = row["msg_type"]
    extra: dict = {"msg_id": row["msg_id"], "msg_type": mtype}
    for col in ("sticker_id", "offline_threading_id", "admin_text_thread_rtc_event", "admin_text_thread_rtc_is_video_call"):
        if row[col] not in (None, ""):
            extra[col] = row[col]
    time_pair(ctx, extra, "sent", row["timestamp_sent_ms"], "messages.timestamp_sent_ms", UNIX_MILLISECONDS)
    time_pair(ctx, extra, "unsent", row["unsent_timestamp_ms"], "messages.unsent_timestamp_ms", UNIX_MILLISECONDS)
    unsent = row["unsent_timestamp_ms"] not in (None, 0)
    if unsent:
        extra["unsent"] = True
    reactions = [{"reaction": r, "time": ctx.time(UNIX_MILLISECONDS, t, column="message_reactions.time") if t else None,
                  "time_raw": t} for r, t in row["reactions"]]
    if reactions:
        extra["reactions"] = reactions
    attachments = []
    for a in _list_of_dicts(_json(row["attachments"], ctx, "messages.attachments")):
        size = a.get("file_size")
        attachments.append(attachment(name=a.get("filename"), mime_type=a.get("mime_type"),
                                      size=size if isinstance(size, int) else None))
        if a.get("fbid"):
            extra.setdefault("attachment_fbids", []).append(a["fbid"])
    if row["attachments"] and not attachments:
        extra["attachments_raw"] = row["attachments"]
    shares = [{k: s.get(k) for k in ("name", "description", "href") if s.get(k) is not None}
              for s in _list_of_dicts(_json(row["shares"], ctx, "messages.shares"))]
    if shares:
        extra["shares"] = shares
    elif row["shares"]:
        extra["shares_raw"] = row["shares"]
    body = row["text"]
    if body in (None, "") and row["snippet"]:
        body = row["snippet"]
        extra["body_from"] = "snippet"
    ts = row["timestamp_ms"]
    event = {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts, column="messages.timestamp_ms"),
        "timestamp_raw": ts,
        "timestamp_desc": SENT if direction == OUTGOING else CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": row["thread_key"],
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "deleted": unsent,
        "extra": extra,
    }
    admin = row["generic_admin_message_extensible_data"]
    if mtype == HIDDEN:
        event["kind"] = "other"
    elif admin is not None or mtype in (ONE_TO_ONE_CALL, GROUP_CALL):
        data = _json(admin, ctx, "messages.generic_admin_message_extensible_data")
        data = data if isinstance(data, dict) else {}
        if admin is not None and not data:
            extra["admin_data_raw"] = admin
        is_call = mtype == ONE_TO_ONE_CALL or (mtype == GROUP_CALL and row["admin_text_thread_rtc_event"] == GROUP_CALL_ENDED) \
            or (mtype not in (ONE_TO_ONE_CALL, GROUP_CALL) and "call_duration" in data)
        if not is_call:
            event.update(kind="system", direction=None, recipients=[])
            if data:
                extra["admin_data"] = data
            return event
        _to_call(event, data, row, ctx)
    return event


def _to_call(event: dict, data: dict, row, ctx) -> None:
    """The call of a call record (logged at the call's end): start = ``timestamp_ms`` - ``call_duration`` s."""
    extra = event["extra"]
    duration = data.get("call_duration")
    duration = duration if isinstance(duration, int) and not isinstance(duration, bool) else None
    video = data.get("video")
    caller = data.get("caller_id")
    extra.update(duration_s=duration, video=video if isinstance(video, bool) else None,
                 group_call=row["msg_type"] == GROUP_CALL)
    if caller is not None:
        extra["caller_id"] = str(caller)
    ts = row["timestamp_ms"]
    time_pair(ctx, extra, "end", ts, "messages.timestamp_ms", UNIX_MILLISECONDS)
    start = ts - duration * 1000 if isinstance(ts, int) and duration is not None else ts
    media = "Video" if video is True else "Audio" if video is False else "Messenger"
    label = f"{media} call" + (", group" if extra["group_call"] else "")
    if event["direction"]:
        label += f", {event['direction']}"
    if duration is not None:
        label += f", {duration_text(duration)}"
    event.update(kind="call", timestamp=ctx.time(UNIX_MILLISECONDS, start, column="messages.timestamp_ms-call_duration"),
                 timestamp_raw=ts, timestamp_desc=CALL_START, body=label, attachments=[])


def user_to_event(row, ctx) -> dict:
    """One ``thread_users`` row -> one contact event."""
    uid = user_id(row["user_key"])
    name = row["name"] or " ".join(x for x in (row["first_name"], row["last_name"]) if x) or None
    extra: dict = {"user_key": row["user_key"]}
    for col in USER_OPTIONAL:
        if row[col] not in (None, "") and col not in ("name", "profile_pic_square"):
            extra[col] = row[col]
    pics = _list_of_dicts(_json(row["profile_pic_square"], ctx, "thread_users.profile_pic_square"))
    if pics and isinstance(pics[0].get("url"), str):
        extra["profile_pic_url"] = pics[0]["url"]
    body = f"{name} ({uid})" if name else uid
    return contact_event(uid, name, body, extra, f"thread_users:user_key={row['user_key']}")


class FacebookMessengerThreadsParser(SQLiteParser):
    name = "facebook_messenger_android"
    version = __version__
    app = "facebook_messenger"
    platform = "android"
    description = ("Facebook Messenger for Android threads_db2: messages (attachments, shared links, reactions, "
                   "unsent), one-to-one and group calls, thread users")
    path_globs = (f"**/{PACKAGE}/databases/threads_db2",)
    related_globs = {"uid": (f"**/{PACKAGE}/databases/threads_db2-uid",)}
    required_tables = {"messages": set(MESSAGE_REQUIRED)}
    time_units = {"messages.timestamp_ms": UNIX_MILLISECONDS, "messages.timestamp_sent_ms": UNIX_MILLISECONDS,
                  "messages.unsent_timestamp_ms": UNIX_MILLISECONDS, "message_reactions.time": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/FacebookMessenger.py (threads_db2 chats, calls, contacts; threads_db2-uid)",
        "sleuthkit/autopsy InternalPythonModules/android/fbmessenger.py (thread_participants, thread_users, snippet)",
        "org.ftn.messengerforensics MessengerDataSourceIngestModule (msg_type 9 / 203 group_call_ended calls)",
        "Messenger MessageCursorUtil (decompiled; messages columns incl. unsent_timestamp_ms)",
        "artefacts/synthetic/ddl/facebook_messenger_android.sql",
    )

    def check_file(self, ctx) -> str | None:
        """A file named ``threads_db2`` is Messenger's own: without the tables it is an unknown version, warned
        about in :meth:`parse`; any other file must have them."""
        schema = ctx.schema  # raises a database error for a damaged file
        if ctx.source.path.rsplit("/", 1)[-1] == "threads_db2" and schema is not None:
            return None
        return super().check_file(ctx)

    def partitions(self, ctx, jobs):
        """Large stores split by ``messages`` rowid ranges (``msg_id`` is text); thread users in the last part."""
        if not ctx.has_columns("messages", *MESSAGE_REQUIRED):
            return None
        return ctx.id_ranges("messages", "rowid", jobs)

    def _owner(self, ctx):
        folder = ctx.source.path.rsplit("/", 1)[0] + "/"
        for source in ctx.related("uid"):
            if source.path.startswith(folder):
                try:
                    with open(source.local_path, encoding="utf-8", errors="replace") as fh:
                        return next((line.strip() for line in fh if line.strip()), None)
                except OSError as exc:
                    ctx.warn_file(f"{source.path}: cannot read the user id ({exc}); directions left unknown")
        return None

    def parse(self, ctx):
        if not ctx.has_columns("messages", *MESSAGE_REQUIRED):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn_file(f"unknown schema version: no messages table with {', '.join(MESSAGE_REQUIRED)} "
                          f"(tables: {have}); nothing read")
            return
        owner = self._owner(ctx)
        participants = "NULL"
        if ctx.has_columns("thread_participants", "thread_key", "user_key"):
            participants = ("(SELECT group_concat(u, char(31)) FROM (SELECT DISTINCT substr(p.user_key, "
                            f"{len(USER_KEY_PREFIX) + 1}) AS u FROM thread_participants p WHERE p.thread_key = m.thread_key "
                            f"AND p.user_key LIKE '{USER_KEY_PREFIX}%' ORDER BY p.rowid))")
        reaction_time = next((c for c in REACTION_TIMES if ctx.has_columns("message_reactions", c)), None)
        reactions = ctx.has_columns("message_reactions", "msg_id", "reaction")
        opt = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        sql = (f"SELECT m.rowid AS _rowid, m.msg_id, m.thread_key, m.text, m.sender, m.timestamp_ms, {opt}, "
               f"{participants} AS participants FROM messages m WHERE {ctx.in_partition('m.rowid')} ORDER BY m.rowid")
        rtime = f"r.{reaction_time}" if reaction_time else "NULL"

        def rows():
            for row in ctx.dict_rows(sql):
                row["owner"] = owner
                row["reactions"] = list(ctx.db.execute(
                    f"SELECT r.reaction, {rtime} FROM message_reactions r WHERE r.msg_id = ? ORDER BY r.rowid",
                    (row["msg_id"],))) if reactions else []
                yield row

        yield from ctx.map_rows(rows(), message_to_event, table="messages", id_column="msg_id")
        if ctx.last_part and ctx.has_columns("thread_users", "user_key"):
            opt = ", ".join(ctx.column_or_null("thread_users", c) for c in USER_OPTIONAL)
            yield from ctx.map_rows(f"SELECT user_key, {opt} FROM thread_users ORDER BY rowid", user_to_event,
                                    table="thread_users", id_column="user_key")


@hookimpl
def register_parsers(register):
    register(FacebookMessengerThreadsParser)
