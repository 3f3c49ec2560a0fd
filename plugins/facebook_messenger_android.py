"""Facebook Messenger for Android (``com.facebook.orca``): messages, calls and people of ``databases/threads_db2``
and of the newer ``databases/msys_database_<id>``.

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

msys (``msys_database_<id>``, DDL ``artefacts/synthetic/ddl/facebook_messenger_android_msys.sql``), from ALEAPP
``FacebookMessenger.py`` (get_fb_msys_*): ``messages(message_id, thread_key, sender_id, text, timestamp_ms ms,
is_admin_message 1 = an admin line -> ``system``)``; ``contacts(id, name, ...)`` names senders and, joined on
``contacts.id = thread_key`` (ALEAPP's call-log join), a one-to-one thread (its key is the other person's id; the
recipient of an outgoing message, the owner of an incoming one; a group's members are not in any sourced
table, so its recipients stay empty); ``attachments`` (``title_text``, ``subtitle_text``, ``filename``,
``playable_url_mime_type``, ``playable_url``), ``attachment_ctas.native_url`` and ``reactions``
(``reaction``, ``reaction_creation_timestamp_ms``) by ``message_id``; ``call_log(call_timestamp_ms,
call_duration s, call_direction 1 outgoing / 2 incoming, call_media_type 2 video, has_been_seen raw,
thread_key)`` - no source says whether the time is the call's start or end, so it is a "Creation Time";
``contacts.friendship_status`` 0 self, 1 friends, 2 request received, 3 request sent, 4 not friends,
``birthday_timestamp`` s; ``blocked_by_viewer_status`` 2 owner user, 1 unknown and
``blocked_since_timestamp_ms`` (org.ftn.messengerforensics). The owner's id comes from ``threads_db2-uid``
as in ALEAPP. The ``<id>`` suffix of the file name is not interpreted.

Not read (no public source of their layout): msys thread participants and secure (E2EE) tables; missed-call
state and read receipts are not in the columns above; iOS ``lightspeed-*.db`` is not parsed.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, SENT, attachment, contact_event, duration_text, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

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


def call_label(video, direction, duration, group: bool = False) -> str:
    """``Video call, group, outgoing, 1 min 5 s``: the parts that are known."""
    media = "Video" if video is True else "Audio" if video is False else "Messenger"
    parts = [f"{media} call", "group" if group else "", direction or ""]
    if isinstance(duration, int) and not isinstance(duration, bool):
        parts.append(duration_text(duration))
    return ", ".join(p for p in parts if p)


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
    label = call_label(video, event["direction"], duration, group=extra["group_call"])
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

    needed = MESSAGE_REQUIRED
    stem = "threads_db2"

    def check_file(self, ctx) -> str | None:
        """A file of Messenger's own name is Messenger's: without the tables it is an unknown version, warned
        about in :meth:`parse`; any other file must have them."""
        schema = ctx.schema  # raises a database error for a damaged file
        leaf = ctx.source.path.rsplit("/", 1)[-1]
        if schema is not None and (leaf == self.stem or (self.stem.endswith("_") and leaf.startswith(self.stem))):
            return None
        return super().check_file(ctx)

    def _known(self, ctx) -> bool:
        if ctx.has_columns("messages", *self.needed):
            return True
        have = ", ".join(sorted(ctx.schema)) or "none"
        ctx.warn_file(f"unknown schema version: no messages table with {', '.join(self.needed)} (tables: {have}); "
                      "nothing read")
        return False

    def partitions(self, ctx, jobs):
        """Large stores split by ``messages`` rowid ranges (the message ids are text); other tables in the last part."""
        if not ctx.has_columns("messages", *self.needed):
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
        if not self._known(ctx):
            return
        owner = self._owner(ctx)
        # side tables read once into indexed temporary tables, then looked up per message inside SQLite (a
        # query per message, or a scan of the side table per message, made the parse quadratic or slow)
        participants = reactions = "NULL"
        if ctx.has_columns("thread_participants", "thread_key", "user_key"):
            table = ctx.temp_table("artefacts_fb_participants", "SELECT p.rowid AS pos, p.thread_key, "
                                   f"substr(p.user_key, {len(USER_KEY_PREFIX) + 1}) AS u FROM thread_participants p "
                                   f"WHERE p.user_key LIKE '{USER_KEY_PREFIX}%'", ("thread_key", "pos"))
            participants = (f"(SELECT group_concat(u, char(31)) FROM (SELECT DISTINCT u FROM {table} "
                            "WHERE thread_key = m.thread_key ORDER BY pos))")
        reaction_time = next((c for c in REACTION_TIMES if ctx.has_columns("message_reactions", c)), None)
        if ctx.has_columns("message_reactions", "msg_id", "reaction"):
            rtime = f"r.{reaction_time}" if reaction_time else "NULL"
            table = ctx.temp_table("artefacts_fb_reactions", "SELECT r.rowid AS pos, r.msg_id, r.reaction, "
                                   f"{rtime} AS t FROM message_reactions r", ("msg_id", "pos"))
            reactions = (f"(SELECT json_group_array(json_array(reaction, t)) FROM (SELECT reaction, t FROM {table} "
                         "WHERE msg_id = m.msg_id ORDER BY pos))")
        opt = ", ".join(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)
        sql = (f"SELECT m.rowid AS _rowid, m.msg_id, m.thread_key, m.text, m.sender, m.timestamp_ms, {opt}, "
               f"{participants} AS participants, {reactions} AS reactions_json FROM messages m "
               f"WHERE {ctx.in_partition('m.rowid')} ORDER BY m.rowid")

        def rows():
            for row in ctx.dict_rows(sql):
                row["owner"] = owner
                found = row.pop("reactions_json")
                row["reactions"] = [tuple(r) for r in json.loads(found)] if found and found != "[]" else []
                yield row

        yield from ctx.map_rows(rows(), message_to_event, table="messages", id_column="msg_id")
        if ctx.last_part and ctx.has_columns("thread_users", "user_key"):
            opt = ", ".join(ctx.column_or_null("thread_users", c) for c in USER_OPTIONAL)
            yield from ctx.map_rows(f"SELECT user_key, {opt} FROM thread_users ORDER BY rowid", user_to_event,
                                    table="thread_users", id_column="user_key")


# -- msys_database_<id> (newer versions) -----------------------------------------------------------------

MSYS_REQUIRED = ("message_id", "thread_key", "sender_id", "text", "timestamp_ms")
CALL_DIRECTIONS = {1: OUTGOING, 2: INCOMING}
VIDEO_MEDIA_TYPE = 2
FRIENDSHIP = {0: "self", 1: "friends", 2: "friend request received", 3: "friend request sent", 4: "not friends"}
BLOCKED_BY = {1: "unknown", 2: "owner user"}
MSYS_CONTACT_OPTIONAL = ("normalized_name_for_search", "username", "profile_picture_url", "profile_picture_large_url",
                         "email_address", "phone_number", "is_messenger_user", "friendship_status", "birthday_timestamp",
                         "work_company_name", "blocked_by_viewer_status", "blocked_since_timestamp_ms")
ATTACHMENT_FIELDS = ("title_text", "subtitle_text", "filename", "playable_url_mime_type", "playable_url")


def _id(value):
    """A Facebook id as text (msys stores them as integers)."""
    return None if value in (None, "") else str(value)


def msys_message_to_event(row, ctx) -> dict:
    """One msys ``messages`` row (``attachments``, ``ctas``, ``reactions``, ``contact_thread``, ``owner`` attached)."""
    sender, thread, owner = _id(row["sender_id"]), _id(row["thread_key"]), row["owner"]
    extra: dict = {"message_id": row["message_id"], "is_admin_message": row["is_admin_message"]}
    direction, recipients = None, []
    if owner and sender:
        direction = OUTGOING if sender == owner else INCOMING
    if row["contact_thread"]:  # a one-to-one thread: its key is the other person's id
        recipients = [thread] if direction == OUTGOING else [owner] if direction == INCOMING else []
    if row["reactions"]:
        extra["reactions"] = [{"reaction": r, "time": ctx.time(UNIX_MILLISECONDS, t, column="reactions.reaction_creation_timestamp_ms")
                               if t else None, "time_raw": t} for r, t in row["reactions"]]
    attachments = []
    details = []
    for a in row["attachments"]:
        detail = {k: v for k, v in zip(ATTACHMENT_FIELDS, a) if v not in (None, "")}
        details.append(detail)
        if detail.get("filename") or detail.get("playable_url"):
            attachments.append(attachment(name=detail.get("filename"), mime_type=detail.get("playable_url_mime_type")))
    if details:
        extra["attachment_details"] = details
    if row["ctas"]:
        extra["cta_urls"] = list(row["ctas"])
    admin = row["is_admin_message"] == 1
    ts = row["timestamp_ms"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts, column="messages.timestamp_ms"),
        "timestamp_raw": ts,
        "timestamp_desc": CREATED if admin or direction != OUTGOING else SENT,
        "kind": "system" if admin else "message",
        "direction": None if admin else direction,
        "conversation_id": thread,
        "conversation_name": row["contact_name"] if row["contact_thread"] else None,
        "sender": sender,
        "sender_name": row["sender_name"],
        "recipients": [] if admin else recipients,
        "body": row["text"],
        "attachments": attachments,
        "deleted": False,
        "extra": extra,
    }


def msys_call_to_event(row, ctx) -> dict:
    """One ``call_log`` row -> one call event (``thread_key``: the other person of a one-to-one call)."""
    direction = CALL_DIRECTIONS.get(row["call_direction"])
    other, owner, duration = _id(row["thread_key"]), row["owner"], row["call_duration"]
    media = row["call_media_type"]
    extra = {"duration_s": duration, "call_direction": row["call_direction"], "call_media_type": media,
             "video": media == VIDEO_MEDIA_TYPE if media is not None else None, "has_been_seen": row["has_been_seen"]}
    label = call_label(extra["video"], direction or f"direction {row['call_direction']}", duration)
    ts = row["call_timestamp_ms"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts, column="call_log.call_timestamp_ms"),
        "timestamp_raw": ts,
        "timestamp_desc": CREATED,
        "kind": "call",
        "direction": direction,
        "conversation_id": other,
        "conversation_name": row["name"],
        "sender": owner if direction == OUTGOING else other if direction == INCOMING else None,
        "sender_name": row["name"] if direction == INCOMING else None,
        "recipients": ([other] if direction == OUTGOING else [owner] if direction == INCOMING and owner else []),
        "body": label,
        "attachments": [],
        "deleted": False,
        "extra": extra,
    }


def msys_contact_to_event(row, ctx) -> dict:
    uid, name = _id(row["id"]), row["name"] or None
    extra: dict = {}
    for col in MSYS_CONTACT_OPTIONAL:
        if row[col] not in (None, "") and col not in ("birthday_timestamp", "blocked_since_timestamp_ms"):
            extra[col] = row[col]
    if row["friendship_status"] in FRIENDSHIP:
        extra["friendship"] = FRIENDSHIP[row["friendship_status"]]
    if row["blocked_by_viewer_status"] in BLOCKED_BY:
        extra["blocked_by"] = BLOCKED_BY[row["blocked_by_viewer_status"]]
    time_pair(ctx, extra, "birthday", row["birthday_timestamp"], "contacts.birthday_timestamp", UNIX_SECONDS)
    time_pair(ctx, extra, "blocked_since", row["blocked_since_timestamp_ms"], "contacts.blocked_since_timestamp_ms",
              UNIX_MILLISECONDS)
    return contact_event(uid, name, f"{name} ({uid})" if name else uid, extra, f"contacts:id={row['id']}")


class FacebookMessengerMsysParser(FacebookMessengerThreadsParser):
    name = "facebook_messenger_android_msys"
    description = ("Facebook Messenger for Android msys_database (newer versions): messages (attachments, links, "
                   "reactions, admin lines), call log, contacts")
    path_globs = (f"**/{PACKAGE}/databases/msys_database_*",)
    required_tables = {"messages": set(MSYS_REQUIRED)}
    time_units = {"messages.timestamp_ms": UNIX_MILLISECONDS, "reactions.reaction_creation_timestamp_ms": UNIX_MILLISECONDS,
                  "call_log.call_timestamp_ms": UNIX_MILLISECONDS, "contacts.birthday_timestamp": UNIX_SECONDS,
                  "contacts.blocked_since_timestamp_ms": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/FacebookMessenger.py (msys chats, calls, contacts; threads_db2-uid)",
        "org.ftn.messengerforensics MessengerDataSourceIngestModule (msys contacts: blocked_by_viewer_status)",
        "artefacts/synthetic/ddl/facebook_messenger_android_msys.sql",
    )
    needed = MSYS_REQUIRED
    stem = "msys_database_"

    def parse(self, ctx):
        if not self._known(ctx):
            return
        owner = self._owner(ctx)
        contacts = ctx.has_columns("contacts", "id", "name")
        name_of = "(SELECT c.name FROM contacts c WHERE c.id = {} LIMIT 1)" if contacts else "NULL"
        is_contact = "EXISTS (SELECT 1 FROM contacts c WHERE c.id = m.thread_key)" if contacts else "0"
        sql = (f"SELECT m.rowid AS _rowid, m.message_id, m.thread_key, m.sender_id, m.text, m.timestamp_ms, "
               f"{ctx.column_or_null('messages', 'is_admin_message', prefix='m')}, {name_of.format('m.sender_id')} AS sender_name, "
               f"{name_of.format('m.thread_key')} AS contact_name, {is_contact} AS contact_thread "
               f"FROM messages m WHERE {ctx.in_partition('m.rowid')} ORDER BY m.rowid")
        side = {
            "attachments": (f"SELECT {', '.join(ctx.column_or_null('attachments', c) for c in ATTACHMENT_FIELDS)} "
                            "FROM attachments WHERE message_id = ? ORDER BY rowid") if ctx.has_columns("attachments", "message_id") else None,
            "ctas": "SELECT native_url FROM attachment_ctas WHERE message_id = ? AND native_url IS NOT NULL ORDER BY rowid"
            if ctx.has_columns("attachment_ctas", "message_id", "native_url") else None,
            "reactions": (f"SELECT reaction, {ctx.column_or_null('reactions', 'reaction_creation_timestamp_ms')} FROM reactions "
                          "WHERE message_id = ? ORDER BY rowid") if ctx.has_columns("reactions", "message_id", "reaction") else None,
        }

        def rows():
            for row in ctx.dict_rows(sql):
                row["owner"] = owner
                for key, query in side.items():
                    row[key] = [r if key != "ctas" else r[0] for r in ctx.db.execute(query, (row["message_id"],))] if query else []
                yield row

        yield from ctx.map_rows(rows(), msys_message_to_event, table="messages", id_column="message_id")
        if not ctx.last_part:
            return
        if ctx.has_columns("call_log", "call_timestamp_ms", "thread_key"):
            opt = ", ".join(ctx.column_or_null("call_log", c, prefix="l")
                            for c in ("call_duration", "call_direction", "call_media_type", "has_been_seen"))
            name = name_of.format("l.thread_key")

            def calls():
                for row in ctx.dict_rows(f"SELECT l.rowid AS rowid, l.call_timestamp_ms, l.thread_key, {opt}, {name} AS name "
                                         "FROM call_log l ORDER BY l.rowid"):
                    row["owner"] = owner
                    yield row
            yield from ctx.map_rows(calls(), msys_call_to_event, table="call_log", id_column="rowid")
        if contacts:
            opt = ", ".join(ctx.column_or_null("contacts", c) for c in MSYS_CONTACT_OPTIONAL)
            yield from ctx.map_rows(f"SELECT id, name, {opt} FROM contacts ORDER BY rowid", msys_contact_to_event,
                                    table="contacts", id_column="id")


@hookimpl
def register_parsers(register):
    register(FacebookMessengerThreadsParser)
    register(FacebookMessengerMsysParser)
