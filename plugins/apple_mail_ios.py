"""Apple Mail on iOS: ``Library/Mail/Envelope Index`` with, from iOS 13 on, ``Library/Mail/Protected Index``
beside it, and the message bodies from Mail's ``<ROWID>.emlx`` files where the extraction has them.

Facts:

* **Files, the split and the time unit**: abrignoni/iLEAPP ``scripts/artifacts/mailprotect.py`` ("Supports iOS 13
  and later"; also its earlier version, commit 57f787a9): paths ``*/mobile/Library/Mail/* Index*``; it opens
  ``Envelope Index`` and ``ATTACH``es ``Protected Index`` of the same folder as ``PI``, joining ``main.messages``
  and ``main.mailboxes`` with ``PI.subjects`` (``messages.subject``), ``PI.addresses`` (``messages.sender``;
  ``address``, ``comment`` = the display name) and ``PI.summaries`` (``messages.summary``, the preview text);
  it reports ``read``, ``flagged``, ``deleted`` and ``mailboxes.url``. ``date_sent`` and ``date_received`` are
  converted with ``datetime(..., 'UNIXEPOCH')``: **seconds since 1970** (declared below, not inferred from
  values). Older stores (and Mail on macOS) keep subjects, addresses and summaries in the Envelope Index.
* **Tables and columns**: the ``.schema`` of a real Apple Mail ``Envelope Index`` (simsong, "Apple's Mail SQLite3
  Schema": ``recipients (ROWID, message_id, type, address_id, position)``, ``type`` 0 to, 1 cc, 2 bcc) and, for
  the current layout, the statements quoted in ``artefacts/synthetic/ddl/apple_mail_ios_envelope.sql``: iOS
  Message.framework's own ``messages`` statement (``+[MFMailMessageLibraryGlobalDataUpgradeStep
  _messagesTableDefinition]``: ``global_message_id`` references ``message_global_data(ROWID)``) and a schema dump
  of a real Mail 16.0 Envelope Index (``recipients (ROWID, message, address, type, position)``;
  ``message_global_data.message_id_header``: the Message-ID header). Both recipient column namings are read;
  ``message_id_header`` where the column exists. chrispatten.github.io/haven/reference/Envelope_Index_schema:
  a real V10 file's ``messages``. ``subject_prefix`` ("Re: ") is stored apart from the ``subjects`` row.
* **Mailbox URLs** (iphonedev.wiki, Message.framework): ``imap://user@imap.server.com/INBOX``,
  ``as://user@server.com/uuid/Mail:DEFAULT``: the account is the authority, the mailbox the last path segment.
* **Bodies**: Mail names a message's file after ``messages.ROWID`` (``<ROWID>.emlx``, or ``<ROWID>.partial.emlx``
  for a partly downloaded one) under the account's ``<mailbox>.mbox/.../Messages/`` (readers of Mail's store:
  mail-mcp-bridge's README, "messages.ROWID = filename (not remote_id)"; the emlx layout in
  ``plugins/mail_files.py``). Such a file under the same ``Library/Mail`` folder is read by
  ``plugins/mail_files.py``'s e-mail builder: its body, attachments (hashed), In-Reply-To, References,
  Received chain and Authentication-Results go into this event (``extra.emlx_path``; ``extra.body_source`` is
  ``emlx``, else ``summary``). The file is also an event of its own (``apple_mail_emlx``), which reports a
  damaged one; here that reader's error is kept in ``extra.emlx_error`` and the summary stands in.

One ``email`` event per ``messages`` row, timed by ``date_sent`` ("Sent Time", as the .emlx ``Date`` header;
the received time when no sent time is stored; ``date_received`` in ``extra``): sender, recipients (to, cc, bcc
in ``extra`` too), subject (with its prefix), Message-ID, mailbox URL, account and mailbox, read and flagged
state, ``deleted`` as the store marks it. The conversation is Mail's ``conversation_id``, else the file's
thread, else the Message-ID. The store keeps no direction: ``direction`` stays empty. The bits of ``flags``
are not documented by a source: kept raw. Attacker-controlled text (subjects, names, addresses, summaries) is
never evaluated and capped at :data:`MAX_TEXT_CHARS`.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from artefacts import hookimpl
from artefacts.context import sqlite_error_text
from artefacts.events import NOT_A_TIME, RECEIVED, SENT
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import MAX_HEADER_CHARS, cap_body, message_to_event as file_to_event, read_emlx
from artefacts.sqlmapping import sql_no_blob
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.1"

RECIPIENT_TYPES = {0: "to", 1: "cc", 2: "bcc"}
LOOKUPS = {"subjects": ("ROWID", "subject"), "addresses": ("ROWID", "address", "comment"),
           "summaries": ("ROWID", "summary")}
PROTECTED = "pi"
#: longest subject, address, name, URL kept (characters)
MAX_TEXT_CHARS = MAX_HEADER_CHARS
#: recipients listed per message
MAX_RECIPIENTS = 1000
#: what the message's .emlx adds to the event's ``extra`` (the keys of ``mail_files``)
EMLX_KEYS = ("in_reply_to", "references", "reply_to", "return_path", "x_mailer", "user_agent", "x_originating_ip",
             "received_spf", "received", "authentication_results", "date_offset", "body_type", "body_chars",
             "body_truncated", "emlx")
_EMLX_NAME = re.compile(r"(\d{1,19})(\.partial)?\.emlx", re.IGNORECASE)

MESSAGES_SQL = """
SELECT m.ROWID AS rid, m.date_sent, m.date_received, m.read, m.flagged, m.deleted, {prefix} AS subject_prefix,
       {size} AS size, {conversation} AS conversation_id, {flags} AS flags, {header} AS message_id_header,
       substr(s.subject, 1, {cap}) AS subject, substr(sa.address, 1, {cap}) AS sender_address,
       substr(sa.comment, 1, {cap}) AS sender_name, su.summary, substr(mb.url, 1, {cap}) AS mailbox_url,
       (SELECT json_group_array(json_array({r_type}, {r_addr})) FROM
          (SELECT * FROM recipients r0 WHERE r0.{r_message} = m.ROWID ORDER BY r0.type, r0.position LIMIT {limit}) r
          LEFT JOIN {addresses} a ON a.ROWID = r.{r_address}) AS recipients_json
FROM messages m
LEFT JOIN {subjects} s ON s.ROWID = m.subject
LEFT JOIN {addresses} sa ON sa.ROWID = m.sender
LEFT JOIN {summaries} su ON su.ROWID = m.summary
LEFT JOIN mailboxes mb ON mb.ROWID = m.mailbox
{join_global}ORDER BY m.ROWID
"""


def _mailbox(url) -> str | None:
    if not isinstance(url, str) or "/" not in url:
        return None
    return unquote(url.rstrip("/").rsplit("/", 1)[-1])


def _account(url) -> str | None:
    if not isinstance(url, str) or "://" not in url:
        return None
    try:
        return unquote(urlsplit(url).netloc) or None
    except ValueError:
        return None


def message_to_event(row, ctx) -> dict:
    """The ``email`` event of one ``messages`` row (with its recipients as JSON and, where found, its .emlx)."""
    import json

    recipients, by_type = [], {}
    for rtype, address in json.loads(row["recipients_json"] or "[]"):
        if not address:
            continue
        by_type.setdefault(RECIPIENT_TYPES.get(rtype, f"type {rtype}"), []).append(address)
        if address not in recipients:
            recipients.append(address)
    subject = ((row["subject_prefix"] or "") + (row["subject"] or "")) or None
    extra = {"subject": subject, "mailbox_url": row["mailbox_url"], "mailbox": _mailbox(row["mailbox_url"]),
             "account": _account(row["mailbox_url"]), "read": bool(row["read"]), "flagged": bool(row["flagged"]),
             "message_rowid": row["rid"], **{k: v for k, v in by_type.items()}}
    for key in ("size", "flags", "message_id_header"):
        if row[key] is not None:
            extra["message_id" if key == "message_id_header" else key] = row[key]
    received = ctx.time(UNIX_SECONDS, row["date_received"], zero_is_null=True, column="messages.date_received")
    extra["date_received"], extra["date_received_raw"] = received, row["date_received"]
    sent_raw = row["date_sent"]
    sent = ctx.time(UNIX_SECONDS, sent_raw, zero_is_null=True, column="messages.date_sent") if sent_raw else None

    body, source, files, thread = None, None, [], None
    for key in ("emlx_path", "emlx_error"):
        if row.get(key):
            extra[key] = row[key]
    if row.get("emlx_data") is not None:
        file_event = file_to_event({"data": row["emlx_data"], "plist": row["emlx_plist"],
                                    "truncated": row["emlx_truncated"]}, ctx)
        body, files, thread = file_event["body"], file_event["attachments"], file_event["conversation_id"]
        source = "emlx" if body is not None else None
        fx = file_event["extra"]
        extra.update({k: fx[k] for k in EMLX_KEYS if k in fx})
        extra.setdefault("message_id", fx.get("message_id"))
        if not recipients:
            recipients = file_event["recipients"]
            extra.update({k: fx[k] for k in ("to", "cc", "bcc") if k in fx})
    if body is None and row["summary"]:
        body, source = cap_body(row["summary"], extra), "summary"
    extra["body_source"] = source
    conversation = row["conversation_id"]
    timestamp = sent or received
    return {
        "timestamp": timestamp,
        "timestamp_raw": sent_raw if sent else row["date_received"],
        "timestamp_desc": (SENT if sent else RECEIVED) if timestamp else NOT_A_TIME,
        "kind": "email",
        "conversation_id": str(conversation) if conversation not in (None, -1, 0) else (
            thread or extra.get("message_id")),
        "conversation_name": subject,
        "sender": row["sender_address"],
        "sender_name": row["sender_name"] or None,
        "recipients": recipients,
        "body": body or None,
        "attachments": files,
        "deleted": bool(row["deleted"]),
        "extra": extra,
    }


class AppleMailIosParser(SQLiteParser):
    name = "apple_mail_ios"
    version = __version__
    app = "apple_mail"
    platform = "ios"
    description = ("Apple Mail (iOS): Envelope Index messages with sender, recipients, subject and summary from "
                   "the Protected Index beside it (iOS 13+), Message-ID, mailbox, read, flagged and deleted state; "
                   "bodies, attachments and headers from the message's <ROWID>.emlx file")
    path_globs = ("**/Library/Mail/Envelope Index",)
    related_globs = {"protected": ("**/Library/Mail/Protected Index",), "emlx": ("**/Library/Mail/**/*.emlx",)}
    required_tables = {"messages": {"ROWID", "sender", "subject", "summary", "date_sent", "date_received", "mailbox",
                                    "read", "flagged", "deleted"},
                       "mailboxes": {"ROWID", "url"}}
    time_units = {"messages.date_sent": UNIX_SECONDS, "messages.date_received": UNIX_SECONDS}
    references = (
        "iLEAPP scripts/artifacts/mailprotect.py (iOS 13+: Envelope Index + ATTACHed Protected Index; columns read; "
        "date_sent/date_received with 'UNIXEPOCH')",
        "simsong, Apple's Mail SQLite3 Schema (the .schema of a real Envelope Index: messages, subjects, addresses, "
        "recipients(message_id, type, address_id, position), mailboxes)",
        "iOS Message.framework +[MFMailMessageLibraryGlobalDataUpgradeStep _messagesTableDefinition] (messages); a "
        "schema dump of a real Mail 16.0 Envelope Index (recipients(message, address), message_global_data."
        "message_id_header); chrispatten.github.io/haven/reference/Envelope_Index_schema (messages, V10)",
        "iphonedev.wiki Message.framework (mailbox URLs); doubleblak.com/iosmail (Envelope and Protected Index)",
        "emlx files named <messages.ROWID>.emlx (mail-mcp-bridge README); emlx layout in plugins/mail_files.py",
    )

    def _lookups(self, ctx) -> dict[str, str]:
        """Where ``subjects``, ``addresses``, ``summaries`` are read: the Protected Index of the same folder (attached
        read-only; iLEAPP reads them there on iOS 13+) where it has them, else this file, else empty stand-ins (one
        warning)."""
        tables: dict[str, str] = {}
        folder = ctx.source.path.rsplit("/", 1)[0] + "/"
        protected = next((s for s in ctx.related("protected") if s.path.rsplit("/", 1)[0] + "/" == folder), None)
        problem, unreadable = "no Protected Index is beside it", False
        if protected is not None:
            problem = f"the Protected Index beside it ({protected.path}) lacks them (unknown schema version)"
            try:
                ctx.db.execute(f"ATTACH DATABASE ? AS {PROTECTED}",
                               (Path(protected.local_path).resolve().as_uri() + "?mode=ro",))
                for table, cols in LOOKUPS.items():
                    have = {r[1].lower() for r in ctx.db.execute(f"PRAGMA {PROTECTED}.table_info({table})")}
                    if {c.lower() for c in cols} <= have:
                        tables[table] = f"{PROTECTED}.{table}"
            except sqlite3.Error as exc:
                problem = f"the Protected Index beside it ({protected.path}) cannot be read: {sqlite_error_text(exc)}"
                unreadable = True
        for table, cols in LOOKUPS.items():
            if table not in tables and ctx.has_columns(table, *cols):
                tables[table] = f"main.{table}"
        missing = [t for t in LOOKUPS if t not in tables]
        if missing:
            ctx.warn_file(f"{', '.join(missing)} are not in this Envelope Index and {problem}: messages are listed "
                          "without them")
            for t in missing:
                tables[t] = "(SELECT " + ", ".join(f"NULL AS {c}" for c in LOOKUPS[t]) + ")"
        elif unreadable:
            ctx.warn_file(f"{problem}: subjects, addresses and summaries read from this Envelope Index")
        return tables

    def _emlx_files(self, ctx) -> dict:
        """``{ROWID: source}`` of the .emlx files under the same ``Library/Mail`` folder (a full file before a partial)."""
        path = ctx.source.path
        mail_root = path[: path.lower().rfind("/library/mail/") + len("/library/mail/")].lower()
        found: dict[int, tuple[bool, object]] = {}
        for source in ctx.related("emlx"):
            m = _EMLX_NAME.fullmatch(source.path.rsplit("/", 1)[-1])
            if not m or not source.path.lower().startswith(mail_root):
                continue
            rowid, partial = int(m.group(1)), bool(m.group(2))
            if rowid not in found or (found[rowid][0] and not partial):
                found[rowid] = (partial, source)
        return {k: v[1] for k, v in found.items()}

    def parse(self, ctx):
        tables = self._lookups(ctx)
        r_message = "message_id" if ctx.has_columns("recipients", "message_id") else "message"
        r_address = "address_id" if ctx.has_columns("recipients", "address_id") else "address"
        optional = {k: (f"m.{c}" if ctx.has_columns("messages", c) else "NULL")
                    for k, c in (("prefix", "subject_prefix"), ("size", "size"), ("conversation", "conversation_id"),
                                 ("flags", "flags"))}
        has_global = ctx.has_columns("message_global_data", "ROWID", "message_id_header") and \
            ctx.has_columns("messages", "global_message_id")
        sql = MESSAGES_SQL.format(
            r_message=r_message, r_address=r_address, cap=MAX_TEXT_CHARS, limit=MAX_RECIPIENTS, **tables, **optional,
            r_type=sql_no_blob("r.type"), r_addr=sql_no_blob(f"substr(a.address, 1, {MAX_TEXT_CHARS})"),
            header="substr(g.message_id_header, 1, 1000)" if has_global else "NULL",
            join_global="LEFT JOIN message_global_data g ON g.ROWID = m.global_message_id\n" if has_global else "")
        if not ctx.has_columns("recipients", r_message, r_address, "type", "position"):
            sql = sql[:sql.index("(SELECT json_group_array")] + "NULL" + sql[sql.index(" AS recipients_json"):]
        files = self._emlx_files(ctx)
        rows = (_with_file(r, files) for r in ctx.dict_rows(sql))
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="rid")


def _with_file(row: dict, files: dict) -> dict:
    """``row`` with the message and property list of its .emlx file, or the reader's error for a damaged one."""
    source = files.get(row["rid"])
    if source is None:
        return row
    row["emlx_path"] = source.path
    try:
        with open(source.local_path, "rb") as fh:
            row["emlx_data"], row["emlx_plist"], row["emlx_truncated"] = read_emlx(fh)
    except Exception as exc:  # plistlib raises several types for damage
        row["emlx_error"] = f"{type(exc).__name__}: {exc}"[:1024]
    return row


@hookimpl
def register_parsers(register):
    register(AppleMailIosParser)
