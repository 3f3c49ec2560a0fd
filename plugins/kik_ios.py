"""Kik Messenger for iOS: the Core Data store ``kik.sqlite`` (messages, chats, users).

Where the facts come from:

* The schema: the real ``kik.sqlite`` of plaso's test data (``test_data/ios/kik.sqlite``, copied
  in ``../shared/corpus/plaso/``; its DDL in ``artefacts/synthetic/ddl/kik_ios.sql``). Core Data
  names: ``ZKIKMESSAGE`` (entity ``KikMessage``), ``ZKIKUSER`` (``KikUser``), ``ZKIKCHAT``
  (``KikChat``), ``ZKIKATTACHMENT`` (``KikAttachment``); ``Z_PRIMARYKEY`` gives each entity's
  number, and the chat-to-message many-to-many table is ``Z_<chat>MESSAGES`` with columns
  ``Z_<chat>CHAT`` and ``Z_<message>MESSAGES`` (``Z_3MESSAGES(Z_3CHAT, Z_5MESSAGES)`` in the real
  file, where ``KikChat`` is entity 3 and ``KikMessage`` 5).
* ``ZKIKMESSAGE.ZUSER`` is the ``Z_PK`` of the ``ZKIKUSER`` row of the other party: iLEAPP
  ``scripts/artifacts/kikMessages.py`` joins ``ZKIKMESSAGE.ZUSER = ZKIKUSER.Z_PK``. (plaso's
  ``plaso/parsers/sqlite_plugins/ios_kik.py`` joins ``ZKIKUSER.ZEXTRA = ZKIKMESSAGE.ZUSER``
  instead, which names the wrong user where ``ZEXTRA`` differs from ``Z_PK``: see
  ``docs/differences.md``.)
* ``ZRECEIVEDTIMESTAMP`` and ``ZTIMESTAMP`` are Cocoa seconds (REAL) since 2001-01-01 (plaso
  ``CocoaTime``, "Received Time"; iLEAPP adds 978307200). ``ZKIKUSER.ZPPTIMESTAMP`` (profile
  picture) is milliseconds since 1970 stored as text (iLEAPP ``kikUsers``: ``/1000, 'unixepoch'``).
* ``ZTYPE``: 1 received, 2 sent, 3 "message to group admin", 4 "message to group" (plaso's
  formatter; iLEAPP: Group Admin, Group Message). In the real file the 3 and 4 rows are the group
  lines Kik writes itself ("You started a group", "X has joined the chat"): kind ``system``.
* ``ZSTATE`` (plaso's formatter): 0 unread, 2 not sent, 6 sent to Kik server, 14 delivered,
  16 read, 30 read after immediate delivery, 38 not a member of the group, 66 delay in reaching
  Kik server, 70 push notification sent, 78 delivered after offline, 94 read after offline.
* ``ZKIKATTACHMENT(ZMESSAGE, ZCONTENT)``: ``ZCONTENT`` is the content id of the media, which the
  message's ``ZBODY`` then also holds (real file, messages 20 and 26). The media files lie in the
  account folder beside ``kik.sqlite``: iLEAPP collects
  ``*/mobile/Containers/Shared/AppGroup/*/cores/private/*/content_manager/data_cache/*`` and finds a
  message's file by its content id (``check_in_media(ZCONTENT)``). A file named by the content id
  in ``content_manager/data_cache/`` beside the database is hashed as the attachment; without it
  the content id stays the attachment's name.
"""

from __future__ import annotations

import posixpath

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, RECEIVED, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS, UNIX_MILLISECONDS

__version__ = "1.0"

MESSAGE_TYPES = {1: "received", 2: "sent", 3: "message to group admin", 4: "message to group"}
DIRECTIONS = {1: INCOMING, 2: OUTGOING}
STATES = {
    0: "unread", 2: "not sent", 6: "sent to kik server", 14: "delivered", 16: "read",
    30: "read after immediate delivery", 38: "not a member of the group", 66: "delay in reaching kik server",
    70: "push notification sent", 78: "delivered after offline", 94: "read after offline",
}
SEP = "\x1f"


def _address(username, jid):
    """A user's address: the JID (``<username>_<suffix>@talk.kik.com``, groups ``...@groups.kik.com``)."""
    return jid or username or None


def message_to_event(row, ctx) -> dict:
    """One ``ZKIKMESSAGE`` row with its user, chat user and attachments (see the query in ``parse``)."""
    mtype = row["ZTYPE"]
    direction = DIRECTIONS.get(mtype)
    user = _address(row["user_name"], row["user_jid"])
    chat = _address(row["chat_name"], row["chat_jid"])
    extra = {"type": mtype, "type_name": MESSAGE_TYPES.get(mtype), "state": row["ZSTATE"]}
    for col, key in (("ZSTANZAID", "stanza_id"), ("ZSYSTEMSTATE", "system_state"), ("ZUSER", "user_pk"),
                     ("user_name", "username"), ("chat_pks", "chat_pks")):
        if row[col] is not None:
            extra[key] = row[col]
    time_pair(ctx, extra, "timestamp", row["ZTIMESTAMP"], "ZKIKMESSAGE.ZTIMESTAMP", COCOA_SECONDS)
    contents = [c for c in (row["contents"] or "").split(SEP) if c]
    cache = posixpath.join(posixpath.dirname(ctx.source.path), "content_manager", "data_cache")
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZRECEIVEDTIMESTAMP"], column="ZKIKMESSAGE.ZRECEIVEDTIMESTAMP"),
        "timestamp_raw": row["ZRECEIVEDTIMESTAMP"],
        "timestamp_desc": RECEIVED,
        "kind": "message" if direction else "system",
        "direction": direction,
        "conversation_id": chat,
        "conversation_name": row["chat_display"] or chat,
        "sender": user if direction == INCOMING else None,
        "sender_name": row["user_display"] if direction == INCOMING else None,
        "recipients": [user] if direction == OUTGOING and user else [],
        "body": row["ZBODY"],
        "attachments": [_media(ctx, cache, c) for c in contents],
        "status": STATES.get(row["ZSTATE"], f"state {row['ZSTATE']}"),
        "extra": extra,
    }


def _media(ctx, cache: str, content: str) -> dict:
    """The attachment of a content id: the file of that name in the account's data cache, when it is there."""
    if "/" not in content and "\\" not in content and content not in (".", ".."):
        path = posixpath.join(cache, content)
        if ctx.extraction.lookup(path) is not None:
            return ctx.attachment(path, name=content)
    return attachment(name=content)


def user_to_event(row, ctx) -> dict:
    """One ``ZKIKUSER`` row -> a contact (a person or a group: its JID ends ``@groups.kik.com``)."""
    extra = {"username": row["ZUSERNAME"], "pk": row["Z_PK"]}
    for col in ("ZFIRSTNAME", "ZLASTNAME", "ZEMAIL", "ZPPURL", "ZSTATUS", "ZTYPE", "ZFLAGS"):
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = row[col]
    pp = row["ZPPTIMESTAMP"]
    if pp not in (None, "", 0, "0"):
        raw = int(pp) if isinstance(pp, str) and pp.isdigit() else pp
        extra["profile_picture_time"] = ctx.time(UNIX_MILLISECONDS, raw, column="ZKIKUSER.ZPPTIMESTAMP")
        extra["profile_picture_time_raw"] = pp
    address = _address(row["ZUSERNAME"], row["ZJID"])
    return contact_event(address, row["ZDISPLAYNAME"], row["ZDISPLAYNAME"] or address, extra, f"ZKIKUSER:Z_PK={row['Z_PK']}")


def _entity(ctx, name: str):
    if not ctx.has_table("Z_PRIMARYKEY"):
        return None
    row = ctx.db.execute("SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = ?", (name,)).fetchone()
    return row[0] if row else None


class KikIosParser(SQLiteParser):
    name = "kik_ios"
    version = __version__
    app = "kik"
    platform = "ios"
    description = "Kik Messenger iOS (kik.sqlite: messages, chats, users)"
    path_globs = ("**/kik.sqlite",)
    attachment_globs = ("**/cores/private/*/content_manager/data_cache/*",)
    required_tables = {
        "ZKIKMESSAGE": {"Z_PK", "ZTYPE", "ZSTATE", "ZUSER", "ZRECEIVEDTIMESTAMP", "ZBODY"},
        "ZKIKUSER": {"Z_PK", "ZUSERNAME", "ZDISPLAYNAME", "ZJID"},
    }
    time_units = {
        "ZKIKMESSAGE.ZRECEIVEDTIMESTAMP": COCOA_SECONDS,
        "ZKIKMESSAGE.ZTIMESTAMP": COCOA_SECONDS,
        "ZKIKUSER.ZPPTIMESTAMP": UNIX_MILLISECONDS,
    }
    references = (
        "plaso test_data/ios/kik.sqlite and plaso/parsers/sqlite_plugins/ios_kik.py (+ its formatter maps)",
        "iLEAPP scripts/artifacts/kikMessages.py (ZUSER = ZKIKUSER.Z_PK, attachments, ZPPTIMESTAMP ms)",
    )

    def parse(self, ctx):
        opt = {c: ctx.column_or_null("ZKIKMESSAGE", c, prefix="m") for c in ("ZTIMESTAMP", "ZSTANZAID", "ZSYSTEMSTATE")}
        chat_ent, msg_ent = _entity(ctx, "KikChat"), _entity(ctx, "KikMessage")
        join = f"Z_{chat_ent}MESSAGES"
        chat_col, msg_col = f"Z_{chat_ent}CHAT", f"Z_{msg_ent}MESSAGES"
        if chat_ent and msg_ent and ctx.has_columns(join, chat_col, msg_col) and ctx.has_columns("ZKIKCHAT", "Z_PK", "ZUSER"):
            # the chat the message belongs to: the one with the message's user, else the first
            chats = (f"(SELECT group_concat(j.{chat_col}) FROM {join} j WHERE j.{msg_col} = m.Z_PK)")
            pick = f"(SELECT c.ZUSER FROM {join} j JOIN ZKIKCHAT c ON c.Z_PK = j.{chat_col} WHERE j.{msg_col} = m.Z_PK"
            chat_user = f"COALESCE({pick} AND c.ZUSER = m.ZUSER LIMIT 1), {pick} ORDER BY c.Z_PK LIMIT 1), m.ZUSER)"
        else:
            chats, chat_user = "NULL", "m.ZUSER"
        contents = "NULL"
        if ctx.has_columns("ZKIKATTACHMENT", "ZMESSAGE", "ZCONTENT"):
            # rows of one message come in (ZMESSAGE, rowid) order through ZKIKATTACHMENT_ZMESSAGE_INDEX
            contents = "(SELECT group_concat(a.ZCONTENT, char(31)) FROM ZKIKATTACHMENT a WHERE a.ZMESSAGE = m.Z_PK)"
        inner = (
            "SELECT m.Z_PK, m.ZTYPE, m.ZSTATE, m.ZUSER, m.ZRECEIVEDTIMESTAMP, m.ZBODY, "
            f"{opt['ZTIMESTAMP']}, {opt['ZSTANZAID']}, {opt['ZSYSTEMSTATE']}, "
            f"{chats} AS chat_pks, {contents} AS contents, {chat_user} AS chat_user FROM ZKIKMESSAGE m"
        )
        sql = (
            "SELECT m.*, u.ZUSERNAME AS user_name, u.ZDISPLAYNAME AS user_display, u.ZJID AS user_jid, "
            "cu.ZUSERNAME AS chat_name, cu.ZDISPLAYNAME AS chat_display, cu.ZJID AS chat_jid "
            f"FROM ({inner}) m LEFT JOIN ZKIKUSER u ON u.Z_PK = m.ZUSER "
            "LEFT JOIN ZKIKUSER cu ON cu.Z_PK = m.chat_user ORDER BY m.Z_PK"
        )
        yield from ctx.map_rows(sql, message_to_event, table="ZKIKMESSAGE", id_column="Z_PK")
        yield from ctx.map_table(
            "ZKIKUSER", user_to_event, id_column="Z_PK", columns=("Z_PK", "ZUSERNAME", "ZDISPLAYNAME", "ZJID"),
            optional=("ZFIRSTNAME", "ZLASTNAME", "ZEMAIL", "ZPPURL", "ZPPTIMESTAMP", "ZSTATUS", "ZTYPE", "ZFLAGS"))


@hookimpl
def register_parsers(register):
    register(KikIosParser)
