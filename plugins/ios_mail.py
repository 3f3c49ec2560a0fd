"""iOS Mail (the built-in Mail app): ``Library/Mail/Envelope Index`` with the ``Protected Index`` beside it, and
the message bodies from Mail's ``.emlx`` files where the extraction has them.

Where the facts come from:

* **Files and the split**: abrignoni/iLEAPP ``scripts/artifacts/mailprotect.py`` (both the current version and
  commit 57f787a9): the paths ``*/mobile/Library/Mail/* Index*``; on iOS 13 and later it opens
  ``Envelope Index`` and attaches ``Protected Index`` from the same folder, joining ``main.messages`` and
  ``main.mailboxes`` with ``PI.subjects`` (``messages.subject`` = ``subjects.ROWID``), ``PI.addresses``
  (``messages.sender`` = ``addresses.ROWID``; ``address``, ``comment`` = the display name) and
  ``PI.summaries`` (``messages.summary``); it reports ``messages.read``, ``flagged``, ``deleted`` and
  ``mailboxes.url``. Ian Whiffin, "iOS Mail" (doubleblak.com/iosmail, 2020): the Envelope Index holds the
  mailbox metadata, the Protected Index "much more evidential data including actual message content".
* **Time unit**: iLEAPP ``mailprotect.py`` converts ``messages.date_sent`` and ``messages.date_received`` with
  ``datetime(..., 'UNIXEPOCH')``: **seconds since 1970-01-01 UTC** (declared below; never inferred from the
  values). ``date_last_viewed`` has no sourced unit: it is kept raw (``extra.date_last_viewed_raw``) and not
  converted.
* **Tables and columns** (``artefacts/synthetic/ddl/ios_mail_envelope.sql`` and ``ios_mail_protected.sql``,
  with their sources in the headers): ``messages`` as Apple's iOS Message.framework creates it
  (``+[MFMailMessageLibraryGlobalDataUpgradeStep _messagesTableDefinition]``: ``global_message_id`` references
  ``message_global_data(ROWID)``); ``mailboxes``, ``recipients`` (``message``, ``address`` = an
  ``addresses.ROWID``, ``type``, ``position``), ``message_global_data`` (``message_id_header``: the
  Message-ID header, read where the column exists), ``subjects``, ``summaries``, ``addresses`` as in a
  schema dump of a real Mail 16.0 Envelope Index (macOS; same tables); chrispatten.github.io/haven/reference/
  Envelope_Index_schema (a real V10 file's ``messages``). ``subject_prefix`` is the prefix ("Re: ") kept
  apart from the ``subjects`` row; the subject shown is the two together.
* **Mailbox URLs** (iphonedev.wiki, Message.framework): each mailbox has a URL such as
  ``imap://user@imap.server.com/INBOX`` or ``as://user@server.com/uuid/Mail:DEFAULT``; the account is the
  URL's authority, the mailbox its (percent-decoded) path.
* **Bodies**: Mail names a message's file after ``messages.ROWID``: ``<ROWID>.emlx`` or ``<ROWID>.partial.emlx``
  under the account's ``<mailbox>.mbox/.../Messages/`` (readers of Mail's store: mail-mcp-bridge's README,
  "messages.ROWID = filename (not remote_id)"; the emlx layout is in ``plugins/mail_files.py``). A file of that
  name under the same ``Library/Mail`` folder is read with ``plugins/mail_files.py`` (the one e-mail
  builder): its body, attachments, To/Cc/Bcc, In-Reply-To, References, Received chain and
  Authentication-Results go into this event. Without a file the body is the ``summaries`` text
  (``extra.body_source`` says which). The file itself is also parsed as a file by ``apple_mail_emlx``, which
  reports a damaged one; here its reader's error is kept in ``extra.emlx_error`` and the summary stands in.

One ``email`` event per ``messages`` row: ``timestamp`` is ``date_sent`` ("Sent Time", as the ``Date`` header of
the .emlx), else ``date_received`` ("Received Time"); ``date_received`` is also in ``extra``. ``deleted`` is the
``deleted`` column. The conversation is Mail's ``conversation_id`` (non-zero), else the message's thread from its
file, else its Message-ID. Not sourced, so not interpreted: ``recipients.type`` (kept per recipient in
``extra.recipients_raw``; the To/Cc/Bcc split comes from the .emlx headers when the file is there), the bits
of ``flags`` (kept raw), and the direction (the store has no sent flag that a source documents: ``None``).
Before iOS 13 the Protected Index held a ``messages`` table of its own (iLEAPP's iOS 11-12 branch); such a
file, without ``subjects``/``addresses``/``summaries`` anywhere, gives one warning and events without them.
Everything from a message is attacker controlled: never evaluated, text capped (:data:`MAX_TEXT_CHARS`).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from artefacts import hookimpl
from artefacts.context import sqlite_error_text
from artefacts.events import NOT_A_TIME, RECEIVED, SENT, time_pair
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import MAX_HEADER_CHARS, cap_body, message_to_event, read_emlx
from artefacts.rows import attach_children
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

#: longest subject, address, name, URL kept (characters)
MAX_TEXT_CHARS = MAX_HEADER_CHARS
#: recipients kept per message
MAX_RECIPIENTS = 1000
#: the tables iOS 13+ keeps in the Protected Index (iLEAPP mailprotect.py), with the columns read
SPLIT_TABLES = {"subjects": ("ROWID", "subject"), "addresses": ("ROWID", "address", "comment"),
                "summaries": ("ROWID", "summary")}
#: the file keys copied from the .emlx's own event (mail_files) into the envelope event's extra
EMLX_KEYS = ("in_reply_to", "references", "reply_to", "return_path", "x_mailer", "user_agent", "x_originating_ip",
             "received_spf", "received", "authentication_results", "from", "to", "cc", "bcc", "date_offset",
             "body_type", "body_chars", "body_truncated", "emlx")
_EMLX_NAME = re.compile(r"(\d{1,19})(\.partial)?\.emlx", re.IGNORECASE)


def _text(value, limit: int = MAX_TEXT_CHARS):
    return value[:limit] if isinstance(value, str) else value


def mailbox_parts(url) -> tuple[str | None, str | None]:
    """``(account, mailbox)`` of a mailbox URL (``imap://user@host/INBOX`` -> ``user@host``, ``INBOX``)."""
    if not isinstance(url, str) or "://" not in url:
        return None, None
    try:
        parts = urlsplit(url[:MAX_TEXT_CHARS])
    except ValueError:
        return None, None
    return unquote(parts.netloc) or None, unquote(parts.path.lstrip("/")) or None


def envelope_to_event(row, ctx) -> dict:
    """The ``email`` event of one ``messages`` row; ``row`` also carries ``recipients`` (its ``recipients`` rows
    with their address) and, where the message's file was found, ``emlx_path``/``emlx_data``/``emlx_plist``."""
    account, box = mailbox_parts(row["mailbox_url"])
    subject = row["subject_text"]
    if isinstance(subject, str) and isinstance(row["subject_prefix"], str):
        subject = row["subject_prefix"] + subject
    extra: dict = {
        "subject": _text(subject), "subject_prefix": row["subject_prefix"],
        "message_id": _text(row["message_id_header"]), "mailbox": _text(box), "account": _text(account),
        "mailbox_url": _text(row["mailbox_url"]), "read": row["read"], "flagged": row["flagged"],
        "deleted": row["deleted"], "flags": row["flags"], "size": row["size"], "remote_id": row["remote_id"],
        "conversation_id_raw": row["conversation_id"], "global_message_id": row["global_message_id"],
        "summary": _text(row["summary_text"]),
    }
    time_pair(ctx, extra, "date_received", row["date_received"], "messages.date_received", UNIX_SECONDS)
    if row["date_last_viewed"] not in (None, 0):
        extra["date_last_viewed_raw"] = row["date_last_viewed"]
    recipients: list[str] = []
    raw_recipients = []
    for r in row["recipients"][:MAX_RECIPIENTS]:
        address = _text(r["address"])
        raw_recipients.append({"address": address, "name": _text(r["comment"]) or None, "type": r["type"],
                               "position": r["position"]})
        if address and address not in recipients:
            recipients.append(address)
    extra["recipients_raw"] = raw_recipients

    body, source, files, thread = None, None, [], None
    if row.get("emlx_path"):
        extra["emlx_path"] = row["emlx_path"]
    if row.get("emlx_error"):
        extra["emlx_error"] = row["emlx_error"]
    if row.get("emlx_data") is not None:
        file_event = message_to_event({"data": row["emlx_data"], "plist": row.get("emlx_plist"),
                                       "truncated": row.get("emlx_truncated")}, ctx)
        body, files, thread = file_event["body"], file_event["attachments"], file_event["conversation_id"]
        source = "emlx" if body is not None else None
        fx = file_event["extra"]
        extra.update({k: fx[k] for k in EMLX_KEYS if k in fx})
        if not extra["message_id"] and fx.get("message_id"):
            extra["message_id"] = fx["message_id"]
        if not recipients:
            recipients = file_event["recipients"]
    if body is None and row["summary_text"]:
        body, source = cap_body(row["summary_text"], extra), "summary"
    extra["body_source"] = source

    sent, received = row["date_sent"], row["date_received"]
    if sent not in (None, 0):
        raw, column, desc = sent, "messages.date_sent", SENT
    elif received not in (None, 0):
        raw, column, desc = received, "messages.date_received", RECEIVED
    else:
        raw, column, desc = sent, "messages.date_sent", NOT_A_TIME
    timestamp = ctx.time(UNIX_SECONDS, raw, zero_is_null=True, column=column) if raw is not None else None
    conversation = str(row["conversation_id"]) if row["conversation_id"] else thread or extra["message_id"]
    return {
        "timestamp": timestamp,
        "timestamp_raw": raw,
        "timestamp_desc": desc if timestamp else NOT_A_TIME,
        "kind": "email",
        "direction": None,
        "conversation_id": conversation,
        "conversation_name": extra["subject"],
        "sender": _text(row["sender_address"]),
        "sender_name": _text(row["sender_comment"]) or None,
        "recipients": recipients,
        "body": body,
        "attachments": files,
        "deleted": bool(row["deleted"]),
        "extra": extra,
    }


class IosMailParser(SQLiteParser):
    name = "ios_mail"
    version = __version__
    app = "ios_mail"
    platform = "ios"
    description = ("iOS Mail: Envelope Index messages with subjects, senders, recipients and summaries from the "
                   "Protected Index (iOS 13+), mailboxes, read/flagged/deleted, bodies from the .emlx files")
    path_globs = ("**/Library/Mail/Envelope Index",)
    related_globs = {"protected": ("**/Library/Mail/Protected Index",), "emlx": ("**/Library/Mail/**/*.emlx",)}
    required_tables = {
        "messages": {"ROWID", "global_message_id", "sender", "subject_prefix", "subject", "summary", "date_sent",
                     "date_received", "mailbox", "flags", "read", "flagged", "deleted", "conversation_id"},
        "mailboxes": {"ROWID", "url"},
    }
    time_units = {"messages.date_sent": UNIX_SECONDS, "messages.date_received": UNIX_SECONDS}
    references = (
        "abrignoni/iLEAPP scripts/artifacts/mailprotect.py (Envelope Index + Protected Index of iOS 13+: "
        "PI.subjects, PI.addresses, PI.summaries; date_sent/date_received with 'UNIXEPOCH')",
        "iOS Message.framework +[MFMailMessageLibraryGlobalDataUpgradeStep _messagesTableDefinition] (messages)",
        "Schema dump of a real Mail 16.0 Envelope Index (mailboxes, recipients, message_global_data, subjects, "
        "summaries, addresses); chrispatten.github.io/haven/reference/Envelope_Index_schema (messages, V10)",
        "doubleblak.com/iosmail (Ian Whiffin, iOS Mail); iphonedev.wiki Message.framework (mailbox URLs)",
        "emlx files named <messages.ROWID>.emlx (mail-mcp-bridge README); layout in plugins/mail_files.py",
    )

    def _attach_protected(self, ctx) -> set[str]:
        """Attach the Protected Index of the same folder as ``pi``; the split tables it has (or none)."""
        folder = ctx.source.path.rsplit("/", 1)[0] + "/"
        for source in ctx.related("protected"):
            if source.path.rsplit("/", 1)[0] + "/" != folder:
                continue
            try:
                ctx.db.execute("ATTACH DATABASE ? AS pi", (Path(source.local_path).resolve().as_uri() + "?mode=ro",))
                names = {r[0].lower() for r in ctx.db.execute("SELECT name FROM pi.sqlite_master WHERE type = 'table'")}
            except sqlite3.Error as exc:
                ctx.warn_file(f"Protected Index ({source.path}) cannot be read: {sqlite_error_text(exc)}; subjects, "
                              "senders and summaries only from the Envelope Index")
                return set()
            have = set()
            for table, cols in SPLIT_TABLES.items():
                if table in names:
                    found = {r[1].lower() for r in ctx.db.execute(f"PRAGMA pi.table_info({table})")}
                    if {c.lower() for c in cols} <= found:
                        have.add(table)
            return have
        return set()

    def _split_sources(self, ctx) -> dict[str, str]:
        """Where each split table is read: ``pi.<table>``, ``main.<table>``, or an empty stand-in (one warning)."""
        in_pi = self._attach_protected(ctx)
        where, missing = {}, []
        for table, cols in SPLIT_TABLES.items():
            if table in in_pi:
                where[table] = f"pi.{table}"
            elif ctx.has_columns(table, *cols):
                where[table] = f"main.{table}"
            else:
                where[table] = "(SELECT " + ", ".join(f"NULL AS {c}" for c in cols) + " WHERE 0)"
                missing.append(table)
        if missing:
            ctx.warn_file(f"neither the Envelope Index nor a Protected Index beside it has the table(s) "
                          f"{', '.join(missing)} (unknown schema version, or the Protected Index was not extracted): "
                          "those fields are empty")
        return where

    def _emlx_files(self, ctx) -> dict[int, object]:
        """``{ROWID: source}`` of the .emlx files under the same ``Library/Mail`` folder (a full file before a partial)."""
        path = ctx.source.path
        cut = path.lower().rfind("/library/mail/")
        mail_root = path[: cut + len("/library/mail/")].lower()
        found: dict[int, tuple[bool, object]] = {}
        for source in ctx.related("emlx"):
            if not source.path.lower().startswith(mail_root):
                continue
            m = _EMLX_NAME.fullmatch(source.path.rsplit("/", 1)[-1])
            if not m:
                continue
            rowid, partial = int(m.group(1)), bool(m.group(2))
            if rowid not in found or (found[rowid][0] and not partial):
                found[rowid] = (partial, source)
        return {k: v[1] for k, v in found.items()}

    def parse(self, ctx):
        where = self._split_sources(ctx)
        optional = {c: ctx.column_or_null("messages", c, prefix="m") for c in ("remote_id", "size", "date_last_viewed")}
        header = ctx.column_or_null("message_global_data", "message_id_header", prefix="g") \
            if ctx.has_table("message_global_data") else "NULL AS message_id_header"
        join_global = "LEFT JOIN message_global_data g ON g.ROWID = m.global_message_id " \
            if ctx.has_table("message_global_data") else ""
        message_sql = (
            "SELECT m.ROWID, m.global_message_id, m.sender, m.subject_prefix, m.date_sent, m.date_received, m.mailbox, "
            f"m.flags, m.read, m.flagged, m.deleted, m.conversation_id, {optional['remote_id']}, {optional['size']}, "
            f"{optional['date_last_viewed']}, "
            "b.url AS mailbox_url, s.subject AS subject_text, a.address AS sender_address, a.comment AS sender_comment, "
            f"su.summary AS summary_text, {header} "
            "FROM messages m LEFT JOIN mailboxes b ON b.ROWID = m.mailbox "
            f"LEFT JOIN {where['subjects']} s ON s.ROWID = m.subject "
            f"LEFT JOIN {where['addresses']} a ON a.ROWID = m.sender "
            f"LEFT JOIN {where['summaries']} su ON su.ROWID = m.summary "
            f"{join_global}ORDER BY m.ROWID")
        children = {}
        if ctx.has_columns("recipients", "message", "address", "type", "position"):
            recipient_sql = (f"SELECT r.message, r.type, r.position, a.address, a.comment FROM recipients r "
                             f"LEFT JOIN {where['addresses']} a ON a.ROWID = r.address "
                             "ORDER BY r.message, r.type, r.position, r.ROWID")
            children["recipients"] = (ctx.dict_rows(recipient_sql), "message")
        else:
            children["recipients"] = ((), "message")
        files = self._emlx_files(ctx)
        rows = attach_children(ctx.dict_rows(message_sql), "ROWID", children)
        yield from ctx.map_rows((self._with_file(ctx, r, files) for r in rows), envelope_to_event,
                                table="messages", id_column="ROWID")

    @staticmethod
    def _with_file(ctx, row: dict, files: dict) -> dict:
        """``row`` with its .emlx file's message and property list. A file that cannot be read is named in
        ``emlx_error`` (not warned here: ``apple_mail_emlx`` reports the same file once, with the same reader)."""
        source = files.get(row["ROWID"])
        if source is None:
            return row
        try:
            with open(source.local_path, "rb") as fh:
                data, plist, truncated = read_emlx(fh)
        except Exception as exc:  # plistlib raises several types for damage
            return {**row, "emlx_path": source.path, "emlx_error": f"{type(exc).__name__}: {exc}"[:1024]}
        return {**row, "emlx_path": source.path, "emlx_data": data, "emlx_plist": plist, "emlx_truncated": truncated}


@hookimpl
def register_parsers(register):
    register(IosMailParser)
