"""Facebook Messenger for iOS: the msys ("lightspeed") mailbox ``lightspeed-userDatabases/<account id>.db``.

The store lives in the app group ``group.com.facebook.Messenger`` (``Library/Application Support/
lightspeed-userDatabases/<account id>.db``); the Facebook app keeps a copy of the same mailbox at
``cask/<account id>/FBMessagingMailboxCaskStore/<n>/fb-msys-<account id>.db``. Only some of the databases in that
folder hold the ``thread_messages`` view; the others are not this parser's and are left alone quietly.

Where the facts come from (iLEAPP, ``abrignoni/iLEAPP``, ``scripts/artifacts/facebookMessenger.py`` and its older
``FacebookMessenger.py``; the tables are listed with their columns in
``artefacts/synthetic/ddl/facebook_messenger_ios.sql``):

* Messages: ``thread_messages(message_id, thread_key, sender_id, text, timestamp_ms, has_attachment)`` (a view),
  the sender's name from ``contacts(id, name)``. ``timestamp_ms`` is milliseconds since 1970 (the older module
  divides by 1000). Direction: the sender is the account (``_user_info.facebook_user_id``) -> outgoing, anyone
  else -> incoming (iLEAPP's "Sent"/"Received").
* Attachments: ``attachments(message_id, filename, filesize, title_text, subtitle_text)`` and
  ``attachment_items(message_id, title_text, subtitle_text)`` (e.g. "Location sharing ended"), reported as stored.
* Calls: a message whose ``attachments.title_text`` is "Audio Call" or "Video Chat" (older module) or contains
  "call" (current module) is a ``call`` event; its ``subtitle_text`` is the duration as text ("Call
  Duration/Subtitle"), kept raw: no source gives its format, so no duration is computed and neither missed nor
  answered is claimed.
* Secret conversations: ``secure_messages(timestamp_ms, thread_key, sender_id, text,
  secure_message_attachments_encrypted)``; the text is stored encrypted, so the body is empty and the stored value
  is kept in ``extra`` (hex, capped).
* End-to-end encrypted client threads: ``client_messages(pk, thread_pk, sender_contact_pk, text, display_ts_ms,
  message_content_type)`` (``2`` an image), ``client_attachments(message_pk, filename, filesize, content_token)``,
  ``client_attachment_store_keys(content_token, persisted_path)``; the text is stored unencrypted. The sender is a
  client contact key, mapped to the Facebook user id by ``fb_transport_contacts(client_contact_pk,
  server_contact_id)`` where a row exists (the current module's notes), else kept as stored.
* Contacts: ``contacts(id, name, normalized_name_for_search, profile_picture_url, is_messenger_user)`` (read by
  the Android msys parser's contact mapping, the same columns).
* Threads: ``threads(thread_key, last_activity_timestamp_ms)`` with the participants' names from
  ``thread_participant_detail(thread_key, name)`` (iLEAPP's "Conversation Groups"): one ``system`` event each.

Not read: reactions, unsent state and the thread's participants' ids: iLEAPP reads no such columns on iOS and no
other public source names them for this store.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CALL_START, INCOMING, MODIFIED, OUTGOING, SENT, attachment
from artefacts.parser import SQLiteParser
from artefacts.plugins.facebook_messenger_android import MSYS_CONTACT_OPTIONAL, _id, msys_contact_to_event
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

SEP = "\x1f"
MESSAGE_REQUIRED = ("message_id", "thread_key", "sender_id", "text", "timestamp_ms")
CALL_TITLES = ("audio call", "video chat")  # the older module's two titles; the current one matches "%call%"
MAX_HEX = 4096  # bytes of an encrypted value kept in extra


def is_call_title(title) -> bool:
    return isinstance(title, str) and (title.lower() in CALL_TITLES or "call" in title.lower())


def _direction(sender, owners) -> str | None:
    if not owners or sender is None:
        return None
    return OUTGOING if sender in owners else INCOMING


def _split(value) -> list:
    return [] if value is None else str(value).split(SEP)


def message_to_event(row, ctx) -> dict:
    """One ``thread_messages`` row (attachments and items folded in) -> a ``message`` or ``call`` event."""
    sender = _id(row["sender_id"])
    extra: dict = {"message_id": row["message_id"]}
    if row["has_attachment"] is not None:
        extra["has_attachment"] = row["has_attachment"]
    names, sizes, titles, subtitles = (_split(row[c]) for c in ("att_names", "att_sizes", "att_titles", "att_subtitles"))
    attachments = [attachment(name=n or None, size=int(s) if s.isdigit() else None)
                   for n, s in zip(names, sizes) if n]
    for key in ("item_title", "item_subtitle"):
        if row[key] not in (None, ""):
            extra[key] = row[key]
    event = {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp_ms"], column="thread_messages.timestamp_ms"),
        "timestamp_raw": row["timestamp_ms"],
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": _direction(sender, ctx.lookups["fb_owners"]),
        "conversation_id": _id(row["thread_key"]),
        "sender": sender,
        "sender_name": row["sender_name"] or None,
        "recipients": [],
        "body": row["text"] or None,
        "attachments": attachments,
        "deleted": False,
        "extra": extra,
    }
    calls = [(t, s) for t, s in zip(titles, subtitles) if is_call_title(t)]
    if calls:
        title, subtitle = calls[0]
        extra["call_type"] = title
        extra["call_subtitle"] = subtitle or None  # the duration as text, kept as stored
        event.update(kind="call", timestamp_desc=CALL_START, attachments=[],
                     body=f"{title}, {subtitle}" if subtitle else title)
    return event


def secure_to_event(row, ctx) -> dict:
    """One ``secure_messages`` row: a secret-conversation message whose text is stored encrypted."""
    sender = _id(row["sender_id"])
    extra: dict = {"secret_conversation": True}
    for col, key in (("text", "encrypted_text"), ("secure_message_attachments_encrypted", "encrypted_attachments")):
        value = row[col]
        if isinstance(value, bytes):
            extra[key] = value[:MAX_HEX].hex()
            if len(value) > MAX_HEX:
                extra[f"{key}_bytes"] = len(value)
        elif value not in (None, ""):
            extra[key] = value
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp_ms"], column="secure_messages.timestamp_ms"),
        "timestamp_raw": row["timestamp_ms"], "timestamp_desc": SENT, "kind": "message",
        "direction": _direction(sender, ctx.lookups["fb_owners"]), "conversation_id": _id(row["thread_key"]),
        "sender": sender, "sender_name": row["sender_name"] or None, "recipients": [], "body": None,
        "attachments": [], "deleted": False, "extra": extra,
    }


def client_to_event(row, ctx) -> dict:
    """One ``client_messages`` row of an end-to-end encrypted thread (its text stored unencrypted)."""
    sender = _id(row["server_contact_id"]) or _id(row["sender_contact_pk"])
    extra: dict = {"client_thread": True, "sender_contact_pk": row["sender_contact_pk"],
                   "message_content_type": row["message_content_type"]}
    if row["persisted_path"]:
        extra["persisted_path"] = row["persisted_path"]
    size = row["filesize"]
    attachments = ([attachment(name=row["filename"], size=size if isinstance(size, int) else None)]
                   if row["filename"] else [])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["display_ts_ms"], column="client_messages.display_ts_ms"),
        "timestamp_raw": row["display_ts_ms"], "timestamp_desc": SENT, "kind": "message",
        "direction": _direction(sender, ctx.lookups["fb_owners"]), "conversation_id": _id(row["thread_pk"]),
        "sender": sender, "sender_name": row["sender_name"] or None, "recipients": [], "body": row["text"] or None,
        "attachments": attachments, "deleted": False, "extra": extra,
    }


def thread_to_event(row, ctx) -> dict:
    """One ``threads`` row with its participants' names: the thread's last activity, a ``system`` event."""
    names = [n for n in _split(row["names"]) if n]
    key = _id(row["thread_key"])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["last_activity_timestamp_ms"],
                              column="threads.last_activity_timestamp_ms"),
        "timestamp_raw": row["last_activity_timestamp_ms"], "timestamp_desc": MODIFIED, "kind": "system",
        "conversation_id": key, "body": f"Thread {key} last activity" + (f"; participants: {', '.join(names)}" if names else ""),
        "extra": {"participant_names": names},
    }


class FacebookMessengerIosParser(SQLiteParser):
    name = "facebook_messenger_ios"
    version = __version__
    app = "facebook_messenger"
    platform = "ios"
    description = ("Facebook Messenger for iOS lightspeed-userDatabases/<id>.db (msys): messages, attachments, calls, "
                   "secret-conversation rows (encrypted), end-to-end encrypted client messages, contacts, threads")
    path_globs = ("**/lightspeed-userDatabases/*.db", "**/FBMessagingMailboxCaskStore/*/fb-msys-*.db")
    required_tables = {"thread_messages": set(MESSAGE_REQUIRED)}
    time_units = {"thread_messages.timestamp_ms": UNIX_MILLISECONDS, "secure_messages.timestamp_ms": UNIX_MILLISECONDS,
                  "client_messages.display_ts_ms": UNIX_MILLISECONDS,
                  "threads.last_activity_timestamp_ms": UNIX_MILLISECONDS}
    references = (
        "iLEAPP scripts/artifacts/facebookMessenger.py (thread_messages, attachments, calls, secure_messages, "
        "client_messages, fb_transport_contacts, contacts, threads; direction from _user_info)",
        "iLEAPP scripts/artifacts/FacebookMessenger.py (older: timestamp_ms / 1000; 'Audio Call' / 'Video Chat')",
        "artefacts/synthetic/ddl/facebook_messenger_ios.sql",
    )

    def partitions(self, ctx, jobs):
        """Large mailboxes split by ``thread_messages.timestamp_ms`` ranges (the view has no rowid; the parts follow
        the order the messages are read in); the other tables in the last part."""
        return ctx.id_ranges("thread_messages", "timestamp_ms", jobs)

    def _in_part(self, ctx) -> str:
        """This part's messages; a message without a time sorts first, so the first part holds it."""
        cond = ctx.in_partition("m.timestamp_ms")
        if ctx.partition is not None and ctx.partition[0] is None:
            cond = f"({cond} OR m.timestamp_ms IS NULL)"
        return cond

    def parse(self, ctx):
        owners: set = set()
        if ctx.has_columns("_user_info", "facebook_user_id"):
            owners = {_id(r[0]) for r in ctx.db.execute("SELECT facebook_user_id FROM _user_info") if r[0] is not None}
        ctx.lookups["fb_owners"] = owners
        contacts = ctx.has_columns("contacts", "id", "name")
        # side tables read once into indexed temporary tables (a lookup per message would scan them per row)
        names = (ctx.temp_table("artefacts_fbios_names", "SELECT id, name FROM contacts WHERE rowid IN "
                                "(SELECT min(rowid) FROM contacts GROUP BY id)", ("id",)) if contacts else None)
        name_of = f"(SELECT c.name FROM {names} c WHERE c.id = {{}})" if names else "NULL"
        joins, cols = [], ["NULL AS att_names", "NULL AS att_sizes", "NULL AS att_titles", "NULL AS att_subtitles",
                           "NULL AS item_title", "NULL AS item_subtitle"]
        if ctx.has_columns("attachments", "message_id", "filename", "filesize", "title_text", "subtitle_text"):
            att = ctx.temp_table("artefacts_fbios_att", (
                "SELECT message_id, " + ", ".join(f"group_concat(coalesce({c}, ''), char(31)) AS {c}" for c in
                                                  ("filename", "filesize", "title_text", "subtitle_text")) +
                " FROM (SELECT * FROM attachments ORDER BY rowid) GROUP BY message_id"), ("message_id",))
            joins.append(f"LEFT JOIN {att} a ON a.message_id = m.message_id")
            cols[:4] = ["a.filename AS att_names", "a.filesize AS att_sizes", "a.title_text AS att_titles",
                        "a.subtitle_text AS att_subtitles"]
        if ctx.has_columns("attachment_items", "message_id", "title_text", "subtitle_text"):
            items = ctx.temp_table("artefacts_fbios_items", (
                "SELECT message_id, title_text, subtitle_text FROM attachment_items WHERE rowid IN "
                "(SELECT min(rowid) FROM attachment_items GROUP BY message_id)"), ("message_id",))
            joins.append(f"LEFT JOIN {items} i ON i.message_id = m.message_id")
            cols[4:] = ["i.title_text AS item_title", "i.subtitle_text AS item_subtitle"]
        sql = (f"SELECT m.message_id, m.thread_key, m.sender_id, m.text, m.timestamp_ms, "
               f"{ctx.column_or_null('thread_messages', 'has_attachment', prefix='m')}, "
               f"{name_of.format('m.sender_id')} AS sender_name, {', '.join(cols)} "
               f"FROM thread_messages m {' '.join(joins)} WHERE {self._in_part(ctx)} "
               "ORDER BY m.timestamp_ms, m.message_id")
        yield from ctx.map_rows(sql, message_to_event, table="thread_messages", id_column="message_id")
        if not ctx.last_part:
            return
        if ctx.has_columns("secure_messages", "timestamp_ms", "thread_key", "sender_id", "text"):
            yield from ctx.map_rows(
                f"SELECT s.rowid, s.timestamp_ms, s.thread_key, s.sender_id, s.text, "
                f"{ctx.column_or_null('secure_messages', 'secure_message_attachments_encrypted', prefix='s')}, "
                f"{name_of.format('s.sender_id')} AS sender_name FROM secure_messages s ORDER BY s.rowid",
                secure_to_event, table="secure_messages", id_column="rowid")
        if ctx.has_columns("client_messages", "pk", "thread_pk", "sender_contact_pk", "text", "display_ts_ms"):
            mapped = ctx.has_columns("fb_transport_contacts", "client_contact_pk", "server_contact_id")
            server = ("(SELECT f.server_contact_id FROM fb_transport_contacts f WHERE f.client_contact_pk = "
                      "m.sender_contact_pk LIMIT 1)") if mapped else "NULL"
            catt = ctx.has_columns("client_attachments", "message_pk", "filename", "filesize", "content_token")
            keys = catt and ctx.has_columns("client_attachment_store_keys", "content_token", "persisted_path")

            def first(expr):
                return (f"(SELECT {expr} FROM client_attachments ca WHERE ca.message_pk = m.pk ORDER BY ca.rowid LIMIT 1)"
                        if catt else "NULL")
            path = first("(SELECT k.persisted_path FROM client_attachment_store_keys k WHERE k.content_token = "
                         "ca.content_token LIMIT 1)") if keys else "NULL"
            yield from ctx.map_rows(
                f"SELECT m.pk, m.thread_pk, m.sender_contact_pk, m.text, m.display_ts_ms, "
                f"{ctx.column_or_null('client_messages', 'message_content_type', prefix='m')}, {server} AS server_contact_id, "
                f"{name_of.format(server if mapped else 'm.sender_contact_pk')} AS sender_name, "
                f"{first('ca.filename')} AS filename, {first('ca.filesize')} AS filesize, {path} AS persisted_path "
                f"FROM client_messages m ORDER BY m.display_ts_ms, m.pk",
                client_to_event, table="client_messages", id_column="pk")
        if contacts:
            opt = ", ".join(ctx.column_or_null("contacts", c) for c in MSYS_CONTACT_OPTIONAL)
            yield from ctx.map_rows(f"SELECT id, name, {opt} FROM contacts ORDER BY id", msys_contact_to_event,
                                    table="contacts", id_column="id")
        if ctx.has_columns("threads", "thread_key", "last_activity_timestamp_ms"):
            names = ("(SELECT group_concat(p.name, char(31)) FROM thread_participant_detail p "
                     "WHERE p.thread_key = t.thread_key)") if ctx.has_columns(
                         "thread_participant_detail", "thread_key", "name") else "NULL"
            yield from ctx.map_rows(f"SELECT t.thread_key, t.last_activity_timestamp_ms, {names} AS names "
                                    "FROM threads t ORDER BY t.last_activity_timestamp_ms, t.thread_key", thread_to_event, table="threads",
                                    id_column="thread_key")


@hookimpl
def register_parsers(register):
    register(FacebookMessengerIosParser)
