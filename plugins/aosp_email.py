"""AOSP Email for Android (``com.android.email``): ``EmailProvider.db`` messages and mailboxes, with their
bodies from ``EmailProviderBody.db`` beside it.

Where the facts come from (aosp-mirror/platform_packages_apps_email):

* ``src/com/android/email/provider/DBHelper.java`` (``DATABASE_VERSION`` 124, ``BODY_DATABASE_VERSION``
  100): ``createMessageTable``, ``createMailboxTable``, ``createBodyTable``: the tables and column order
  (copied into ``artefacts/synthetic/ddl/aosp_email.sql`` and ``aosp_email_body.sql``). The body lives
  in a separate database ("the Body is stored in a separate database, and trigger cannot operate on
  attached databases"). Version 30: "Use CSV of RFC822 addresses instead of 'packed' values" (the
  address lists are read as RFC 822 address lists; an older packed value is kept raw in ``extra``).
* ``emailcommon/src/com/android/emailcommon/provider/EmailContent.java``: ``MessageColumns``
  (``timeStamp``: "The time (millis) as shown to the user in a message list"; ``flagRead``;
  ``flagLoaded``: ``FLAG_LOADED_UNLOADED`` 0, ``COMPLETE`` 1, ``PARTIAL`` 2, ``DELETED`` 3;
  ``flagFavorite``; ``flagAttachment``; ``messageId`` "the message-id in the message's header";
  ``mailboxKey``, ``accountKey``; ``fromList``, ``toList``, ``ccList``, ``bccList``, ``replyToList``;
  ``snippet``), ``SyncColumns`` (``syncServerId``, ``syncServerTimeStamp``), ``BodyColumns``
  (``messageKey``, ``htmlContent``, ``textContent`` ...), ``MailboxColumns`` (``displayName``, ``type``).
* ``emailcommon/.../provider/Mailbox.java``: mailbox types ``TYPE_INBOX`` 0, ``MAIL`` 1, ``PARENT`` 2,
  ``DRAFTS`` 3, ``OUTBOX`` 4, ``SENT`` 5, ``TRASH`` 6, ``JUNK`` 7, ``SEARCH`` 8.

One ``email`` event per ``Message`` row: the time is ``timeStamp`` (ms); messages in a drafts, outbox
or sent mailbox are outgoing ("Sent Time"), those in an inbox or mail folder incoming ("Received
Time"); trash, junk and search results keep no direction. ``flagLoaded`` 3 (deleted locally, not
yet synced) marks the event deleted. The body is the ``Body`` row's text (else its HTML), else the
message's ``snippet``; ``extra.body_source`` says which. The store keeps no thread id and no
In-Reply-To, so ``conversation_id`` is the message's own Message-ID.
"""

from __future__ import annotations

import sqlite3
from email.utils import getaddresses

from artefacts import hookimpl
from artefacts.context import open_sqlite, sqlite_error_text
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, time_pair
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import cap_body
from artefacts.rows import attach_children
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

MAILBOX_TYPES = {0: "inbox", 1: "mail", 2: "parent", 3: "drafts", 4: "outbox", 5: "sent", 6: "trash", 7: "junk",
                 8: "search"}
OUTGOING_TYPES = {3, 4, 5}
INCOMING_TYPES = {0, 1}
FLAG_LOADED_DELETED = 3
MAX_ADDRESS_CHARS = 65_536

MESSAGE_SQL = ("SELECT m._id, m.syncServerId, m.syncServerTimeStamp, m.displayName, m.timeStamp, m.subject, m.flagRead, "
               "m.flagLoaded, m.flagFavorite, m.flagAttachment, m.flags, m.messageId, m.mailboxKey, m.accountKey, "
               "m.fromList, m.toList, m.ccList, m.bccList, m.replyToList, m.snippet, b.displayName AS mailboxName, "
               "b.type AS mailboxType FROM Message m LEFT JOIN Mailbox b ON b._id = m.mailboxKey ORDER BY m._id")
BODY_SQL = "SELECT messageKey, textContent, htmlContent FROM Body ORDER BY messageKey"


def addresses(text) -> list[tuple[str, str]]:
    """``(name, address)`` pairs of a stored RFC 822 address list (capped; a packed pre-v30 value gives none)."""
    if not isinstance(text, str) or not text or "\x01" in text or "\x02" in text:
        return []
    return [(n, a) for n, a in getaddresses([text[:MAX_ADDRESS_CHARS]]) if a]


def message_to_event(row, ctx) -> dict:
    box_name, box_type = row["mailboxName"], row["mailboxType"]
    direction = OUTGOING if box_type in OUTGOING_TYPES else INCOMING if box_type in INCOMING_TYPES else None
    sender = addresses(row["fromList"])
    recipients: list[str] = []
    for column in ("toList", "ccList", "bccList"):
        recipients += [a for _, a in addresses(row[column]) if a not in recipients]
    extra = {"subject": row["subject"], "message_id": row["messageId"], "mailbox": box_name,
             "mailbox_type": MAILBOX_TYPES.get(box_type, box_type), "mailbox_type_raw": box_type,
             "account_key": row["accountKey"], "server_id": row["syncServerId"], "flag_read": row["flagRead"],
             "flag_favorite": row["flagFavorite"], "flag_attachment": row["flagAttachment"],
             "flag_loaded": row["flagLoaded"], "flags": row["flags"], "display_name": row["displayName"],
             "snippet": row["snippet"]}
    for column, key in (("fromList", "from_list"), ("toList", "to_list"), ("ccList", "cc_list"),
                        ("bccList", "bcc_list"), ("replyToList", "reply_to_list")):
        if row[column]:
            extra[key] = row[column][:MAX_ADDRESS_CHARS] if isinstance(row[column], str) else row[column]
    time_pair(ctx, extra, "server", row["syncServerTimeStamp"], "Message.syncServerTimeStamp", UNIX_MILLISECONDS)
    body, source = None, None
    for b in row["body"]:
        body, source = (b["textContent"], "text") if b["textContent"] else (b["htmlContent"], "html")
        if body:
            break
    if not body and row["snippet"]:
        body, source = row["snippet"], "snippet"
    body = cap_body(body, extra)
    extra["body_source"] = source
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timeStamp"], zero_is_null=True, column="Message.timeStamp"),
        "timestamp_raw": row["timeStamp"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED,
        "kind": "email",
        "direction": direction,
        "conversation_id": row["messageId"] or None,
        "conversation_name": row["subject"],
        "sender": sender[0][1] if sender else None,
        "sender_name": (sender[0][0] or None) if sender else None,
        "recipients": recipients,
        "body": body or None,
        "deleted": row["flagLoaded"] == FLAG_LOADED_DELETED,
        "extra": extra,
    }


class AospEmailParser(SQLiteParser):
    name = "aosp_email"
    version = __version__
    app = "email"
    platform = "android"
    description = ("AOSP Email for Android: EmailProvider.db messages (addresses, subject, mailbox, flags) with "
                   "bodies from EmailProviderBody.db")
    path_globs = ("**/databases/EmailProvider.db",)
    related_globs = {"body": ("**/databases/EmailProviderBody.db",)}
    required_tables = {
        "Message": {"_id", "timeStamp", "subject", "flagRead", "flagLoaded", "messageId", "mailboxKey", "fromList",
                    "toList", "ccList", "bccList", "snippet"},
        "Mailbox": {"_id", "displayName", "type"},
    }
    time_units = {"Message.timeStamp": UNIX_MILLISECONDS, "Message.syncServerTimeStamp": UNIX_MILLISECONDS}
    references = (
        "aosp-mirror/platform_packages_apps_email src/com/android/email/provider/DBHelper.java (version 124, body "
        "version 100: Message, Mailbox, Body tables)",
        "aosp-mirror/platform_packages_apps_email emailcommon/.../provider/EmailContent.java (MessageColumns, "
        "SyncColumns, BodyColumns, MailboxColumns, FLAG_LOADED_*), Mailbox.java (TYPE_*)",
    )

    def _bodies(self, ctx, opened: list):
        """The Body rows of the ``EmailProviderBody.db`` in the same folder, ordered by messageKey (or none)."""
        folder = ctx.source.path.rsplit("/", 1)[0] + "/"
        for source in ctx.related("body"):
            if not source.path.startswith(folder):
                continue
            try:
                con, problem = open_sqlite(f"file:{source.local_path}?mode=ro", uri=True)
            except sqlite3.Error as exc:
                ctx.warn_file(f"EmailProviderBody.db ({source.path}) cannot be opened: {sqlite_error_text(exc)}")
                return ()
            opened.append(con)
            if problem:
                ctx.warn_file(f"EmailProviderBody.db ({source.path}): {problem}")
            cols = {r[1] for r in con.execute("PRAGMA table_info(Body)")}
            if not {"messageKey", "textContent", "htmlContent"} <= cols:
                ctx.warn_file(f"EmailProviderBody.db ({source.path}) has no Body table with messageKey, textContent, "
                              "htmlContent (unknown schema version): bodies not read")
                return ()
            con.row_factory = sqlite3.Row
            return con.execute(BODY_SQL)
        return ()

    def parse(self, ctx):
        opened: list = []
        try:
            rows = attach_children(ctx.dict_rows(MESSAGE_SQL), "_id", {"body": (self._bodies(ctx, opened), "messageKey")})
            yield from ctx.map_rows(rows, message_to_event, table="Message", id_column="_id")
        finally:
            for con in opened:
                con.close()


@hookimpl
def register_parsers(register):
    register(AospEmailParser)
