"""Kik for Android (``kik.android``): messages, contacts and groups of ``databases/kikDatabase.db``
(recent versions prefix the account's core id: ``<core id>.kikDatabase.db``).

Where the facts come from (no real Kik Android database is public; the DDL file
``artefacts/synthetic/ddl/kik_android.sql`` holds exactly the sourced columns):

* ALEAPP ``scripts/artifacts/kikMessenger.py`` (paths ``*/kik.android/databases/*kikDatabase.db*``):
  ``messagesTable.timestamp`` milliseconds since 1970; ``was_me`` 1 = sent by the device's user
  (ALEAPP: "published Kik research describes [it] as marking the party that sent the message"),
  0 = received (another value: no direction); ``partner_jid`` the other party, joined to
  ``KIKcontactsTable.jid``; ``bin_id`` the chat id; ``read_state`` kept as the stored integer (as
  ALEAPP reports it); ``stat_msg`` and ``sys_msg`` the status and system texts; ``content_id`` the
  attachment, whose properties are ``KIKContentTable`` rows (``content_name`` ``file-name``,
  ``file-size``, ``file-url``, ``app-name``, ... with ``content_string`` the value).
* ``/work/shared/reference/apps.md`` (Kik): the same tables and units.

Mapping: a row with a body is a ``message``; a row without one but with ``sys_msg``/``stat_msg`` is a
``system`` event with that text. The sender of an incoming message is ``partner_jid`` (ALEAPP's
"Sender"); the recipient of an outgoing one is ``partner_jid``. The device user's own name is in
another database (``kikCoreDatabase.db`` ``CoreTable.username``), not read here: outgoing messages
have the account's user name as sender when ``kikCoreDatabase.db`` is beside the database (ALEAPP's
``kik_local_account``: ``CoreTable.username``, the active row first; where the file name carries a
core id, the ``CoreTable`` row of that ``core_id`` first), else no sender. That database's rows are
the account's ``contact`` events (parser ``kik_android_account``, ``extra.owner``).
``messagesTable`` has no sourced id column: rows are located by ``rowid``.
Attachments carry the file name and size of ``KIKContentTable``. The file itself: ALEAPP collects
``*/[Dd][Cc][Ii][Mm]/Kik/*``, ``*/kik.android/*/cache/chatPics*/*`` and
``*/Android/data/kik.android/cache/temp/*`` and matches a file to a content id by its name without
extension (36 characters, four dashes); the same here: a matching file is the attachment (path,
SHA-256), without one the attachment has no path.
``KIKcontactsTable`` rows are ``contact`` events (``is_group`` marks a group; ``photo_timestamp``
milliseconds since 1970, ALEAPP ``_ms``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

WAS_ME = {1: OUTGOING, 0: INCOMING}
MESSAGE_OPTIONAL = ("read_state", "bin_id", "content_id", "app_id", "uid", "stat_msg", "sys_msg")
CONTACT_OPTIONAL = ("user_name", "local_name", "is_group", "group_size", "group_hashtag", "in_roster", "is_blocked",
                    "is_ignored", "is_stub", "verified", "user_type", "user_permission_level", "is_user_admin",
                    "is_user_removed", "description", "photo_url")


def _size(value):
    return int(value) if isinstance(value, str) and value.isdigit() else value


MEDIA_GLOBS = ("**/DCIM/Kik/*", "**/kik.android/*/cache/chatPics*/*", "**/Android/data/kik.android/cache/temp/*")


def media_index(ctx) -> dict[str, str]:
    """Content id -> path of the media files in the extraction named by a content id (ALEAPP's rule)."""
    index: dict[str, str] = {}
    for glob in MEDIA_GLOBS:
        for entry in ctx.extraction.find(glob):
            stem = entry.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if len(stem) == 36 and stem.count("-") == 4:
                index.setdefault(stem.lower(), entry.path)
    return index


def message_to_event(row, ctx) -> dict:
    """One ``messagesTable`` row with its partner's and chat's names and its attachment's properties."""
    direction = WAS_ME.get(row["was_me"])
    partner = row["partner_jid"] or None
    chat = row["bin_id"] or partner
    extra: dict = {"was_me": row["was_me"]}
    for col in MESSAGE_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    attachments = []
    if row["content_id"]:
        name = row["file_name"] or row["content_id"]
        path = ctx.lookups.get("kik_media", {}).get(str(row["content_id"]).lower())
        if path:
            attachments.append(ctx.attachment(path, name=name))
        else:
            attachments.append(attachment(name=name, size=_size(row["file_size"])))
        for col in ("file_url", "app_name"):
            if row[col]:
                extra[col] = row[col]
    account = ctx.lookups.get("kik_account")
    body = row["body"]
    kind = "message"
    if body is None and not attachments and (row["sys_msg"] or row["stat_msg"]):
        kind, body = "system", row["sys_msg"] or row["stat_msg"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp"], column="messagesTable.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED if direction == INCOMING else CREATED,
        "kind": kind,
        "direction": direction,
        "conversation_id": chat,
        "conversation_name": row["chat_name"] or None,
        "sender": partner if direction == INCOMING else account if direction == OUTGOING else None,
        "sender_name": (row["partner_name"] or None) if direction == INCOMING else account if direction == OUTGOING else None,
        "recipients": [partner] if direction == OUTGOING and partner else [],
        "body": body,
        "attachments": attachments,
        "extra": extra,
    }


def contact_to_event(row, ctx) -> dict:
    """One ``KIKcontactsTable`` row -> a contact (a person or, ``is_group``, a group)."""
    jid = row["jid"]
    name = row["display_name"] or row["user_name"] or None
    extra = {c: row[c] for c in CONTACT_OPTIONAL if row[c] not in (None, "")}
    time_pair(ctx, extra, "photo", row["photo_timestamp"], "KIKcontactsTable.photo_timestamp", UNIX_MILLISECONDS)
    return contact_event(jid, name, f"{name} ({jid})" if name else jid, extra, f"KIKcontactsTable:jid={jid}")


def account_name(ctx):
    """The account's user name from ``kikCoreDatabase.db`` beside the database (``None`` without it)."""
    core_id = ctx.source.path.rsplit("/", 1)[-1][: -len(".kikDatabase.db")] or None

    def read(con, source):
        have = {r[1] for r in con.execute("PRAGMA table_info(CoreTable)")}
        if not {"username", "is_active"} <= have:
            ctx.warn_file(f"Kik core database ({source.path}): no CoreTable(username, is_active)")
            return None
        by_id = "core_id = ? DESC, " if "core_id" in have else ""
        params = (core_id,) if by_id else ()
        row = con.execute(f"SELECT username FROM CoreTable WHERE username <> '' ORDER BY {by_id}is_active DESC, rowid "
                          "LIMIT 1", params).fetchone()
        return row[0] if row else None

    return ctx.read_related("core", "the Kik core database kikCoreDatabase.db", read)


def account_to_event(row, ctx) -> dict:
    """One ``CoreTable`` row -> a contact event of the device's own Kik account."""
    extra = {"owner": True, "is_active": row["is_active"]}
    if row["core_id"]:
        extra["core_id"] = row["core_id"]
    name = row["username"] or None
    return contact_event(name, name, f"Kik account {name}", extra, f"CoreTable:_rowid={row['_rowid']}")


class KikAndroidAccountParser(SQLiteParser):
    name = "kik_android_account"
    version = __version__
    app = "kik"
    platform = "android"
    description = "Kik for Android kikCoreDatabase.db: the device's Kik accounts"
    path_globs = ("**/kik.android/databases/kikCoreDatabase.db",)
    required_tables = {"CoreTable": {"username", "is_active"}}
    references = ("ALEAPP scripts/artifacts/kikMessenger.py (kik_local_account)", "artefacts/synthetic/ddl/kik_android.sql")

    def parse(self, ctx):
        core = ctx.column_or_null("CoreTable", "core_id")
        yield from ctx.map_rows(f"SELECT rowid AS _rowid, username, is_active, {core} FROM CoreTable ORDER BY rowid",
                                account_to_event, table="CoreTable", id_column="_rowid")


class KikAndroidParser(SQLiteParser):
    name = "kik_android"
    version = __version__
    app = "kik"
    platform = "android"
    description = "Kik for Android kikDatabase.db: messages, attachments, contacts and groups"
    path_globs = ("**/kik.android/databases/kikDatabase.db", "**/kik.android/databases/*.kikDatabase.db")
    attachment_globs = MEDIA_GLOBS
    related_globs = {"core": ("**/kik.android/databases/kikCoreDatabase.db",)}
    required_tables = {"messagesTable": {"timestamp", "was_me", "partner_jid", "body"}}
    time_units = {"messagesTable.timestamp": UNIX_MILLISECONDS, "KIKcontactsTable.photo_timestamp": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/kikMessenger.py (messagesTable, KIKcontactsTable, KIKContentTable)",
        "artefacts/synthetic/ddl/kik_android.sql",
    )

    def parse(self, ctx):
        ctx.lookups["kik_media"] = media_index(ctx)
        ctx.lookups["kik_account"] = account_name(ctx)
        contacts = ctx.has_columns("KIKcontactsTable", "jid", "display_name")
        name_of = "(SELECT NULLIF(c.display_name, '') FROM KIKcontactsTable c WHERE c.jid = {0} LIMIT 1)"
        prop = "NULL"
        if ctx.has_columns("KIKContentTable", "content_id", "content_name", "content_string"):
            prop = ("(SELECT p.content_string FROM KIKContentTable p WHERE p.content_id = m.content_id "
                    "AND p.content_name = '{0}' LIMIT 1)")
        opt = ", ".join(ctx.column_or_null("messagesTable", c, prefix="m") for c in MESSAGE_OPTIONAL)
        partner = name_of.format("m.partner_jid") if contacts else "NULL"
        chat = name_of.format("COALESCE(NULLIF(m.bin_id, ''), m.partner_jid)") if contacts else "NULL"
        props = ", ".join(f"{prop.format(p) if prop != 'NULL' else 'NULL'} AS {p.replace('-', '_')}"
                          for p in ("file-name", "file-size", "file-url", "app-name"))
        sql = (f"SELECT m.rowid AS _rowid, m.timestamp, m.was_me, m.partner_jid, m.body, {opt}, {partner} AS partner_name, "
               f"{chat} AS chat_name, {props} FROM messagesTable m ORDER BY m.rowid")
        yield from ctx.map_rows(sql, message_to_event, table="messagesTable", id_column="_rowid")
        if contacts:
            opt = ", ".join(ctx.column_or_null("KIKcontactsTable", c) for c in (*CONTACT_OPTIONAL, "photo_timestamp"))
            yield from ctx.map_rows(f"SELECT jid, display_name, {opt} FROM KIKcontactsTable ORDER BY rowid",
                                    contact_to_event, table="KIKcontactsTable", id_column="jid")


@hookimpl
def register_parsers(register):
    register(KikAndroidParser)
    register(KikAndroidAccountParser)
