"""Apple Mail on iOS: ``Library/Mail/Envelope Index`` with, from iOS 13 on, ``Library/Mail/Protected Index``
beside it.

Facts (iLEAPP ``scripts/artifacts/mailprotect.py``, "Supports iOS 13 and later"; the ``.schema`` of a real
Apple Mail ``Envelope Index``, quoted in ``artefacts/synthetic/ddl/apple_mail_ios.sql``):

* ``messages``: ``ROWID``, ``sender`` (-> ``addresses.ROWID``), ``subject_prefix``, ``subject``
  (-> ``subjects.ROWID``), ``summary`` (-> ``summaries.ROWID``, the message's preview text), ``date_sent``,
  ``date_received``, ``mailbox`` (-> ``mailboxes.ROWID``), ``read``, ``flagged``, ``deleted``, ``size``,
  ``conversation_id``; ``mailboxes``: ``ROWID``, ``url`` (the account and folder, e.g.
  ``imap://<account>/INBOX``); ``recipients``: the message, the address, ``type`` (0 to, 1 cc, 2 bcc) and
  ``position`` (``message_id``/``address_id`` in the real schema, ``message``/``address`` in others: both read).
* From iOS 13 on ``subjects``, ``addresses`` (``address``, ``comment``: the display name) and ``summaries`` live
  in ``Protected Index`` (iLEAPP ``ATTACH``es it as ``PI``); older stores keep them in ``Envelope Index``. The
  parser reads them from the file that has them: the Protected Index of the same folder is attached read-only
  to the working copy's connection.
* ``date_sent`` and ``date_received`` are seconds since 1970 (iLEAPP: ``datetime(date_sent, 'UNIXEPOCH')``).

One ``email`` event per ``messages`` row, timed by ``date_sent`` (``date_received`` in ``extra``; the received
time when no sent time is stored): sender, recipients (to, cc, bcc in ``extra`` too), subject (with its prefix),
the summary as ``body``, mailbox URL, read and flagged state; ``deleted`` as the store marks it. The store keeps
no direction: ``direction`` stays empty. Bodies are in ``.emlx`` files, which ``mail_files`` parses as their own
events; the conversation id is Mail's ``conversation_id``.
"""

from __future__ import annotations

from urllib.parse import unquote

from artefacts import hookimpl
from artefacts.events import RECEIVED, SENT
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import cap_body
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

RECIPIENT_TYPES = {0: "to", 1: "cc", 2: "bcc"}
LOOKUPS = ("subjects", "addresses", "summaries")
PROTECTED = "pi"
#: stand-ins for the lookup tables when neither file has them (the messages are still listed)
EMPTY_LOOKUPS = {"subjects": "(SELECT NULL AS ROWID, NULL AS subject)",
                 "addresses": "(SELECT NULL AS ROWID, NULL AS address, NULL AS comment)",
                 "summaries": "(SELECT NULL AS ROWID, NULL AS summary)"}

MESSAGES_SQL = """
SELECT m.ROWID AS rid, m.date_sent, m.date_received, m.read, m.flagged, m.deleted, {prefix} AS subject_prefix,
       {size} AS size, {conversation} AS conversation_id, s.subject, sa.address AS sender_address,
       sa.comment AS sender_name, su.summary, mb.url AS mailbox_url,
       (SELECT json_group_array(json_array(r.type, a.address, a.comment)) FROM
          (SELECT * FROM recipients r0 WHERE r0.{r_message} = m.ROWID ORDER BY r0.type, r0.position) r
          LEFT JOIN {addresses} a ON a.ROWID = r.{r_address}) AS recipients_json
FROM messages m
LEFT JOIN {subjects} s ON s.ROWID = m.subject
LEFT JOIN {addresses} sa ON sa.ROWID = m.sender
LEFT JOIN {summaries} su ON su.ROWID = m.summary
LEFT JOIN mailboxes mb ON mb.ROWID = m.mailbox
ORDER BY m.ROWID
"""


def _mailbox(url) -> str | None:
    if not isinstance(url, str) or "/" not in url:
        return None
    return unquote(url.rstrip("/").rsplit("/", 1)[-1])


def message_to_event(row, ctx) -> dict:
    import json

    recipients, by_type = [], {}
    for rtype, address, _name in json.loads(row["recipients_json"] or "[]"):
        if not address:
            continue
        by_type.setdefault(RECIPIENT_TYPES.get(rtype, f"type {rtype}"), []).append(address)
        if address not in recipients:
            recipients.append(address)
    subject = ((row["subject_prefix"] or "") + (row["subject"] or "")) or None
    extra = {"subject": subject, "mailbox_url": row["mailbox_url"], "mailbox": _mailbox(row["mailbox_url"]),
             "read": bool(row["read"]), "flagged": bool(row["flagged"]), "message_rowid": row["rid"],
             **{k: v for k, v in by_type.items()}}
    if row["size"] is not None:
        extra["size"] = row["size"]
    received = ctx.time(UNIX_SECONDS, row["date_received"], zero_is_null=True, column="messages.date_received")
    extra["date_received"], extra["date_received_raw"] = received, row["date_received"]
    sent_raw = row["date_sent"]
    sent = ctx.time(UNIX_SECONDS, sent_raw, zero_is_null=True, column="messages.date_sent") if sent_raw else None
    body = cap_body(row["summary"], extra)
    conversation = row["conversation_id"]
    return {
        "timestamp": sent or received,
        "timestamp_raw": sent_raw if sent else row["date_received"],
        "timestamp_desc": SENT if sent else RECEIVED,
        "kind": "email",
        "conversation_id": str(conversation) if conversation not in (None, -1, 0) else None,
        "conversation_name": subject,
        "sender": row["sender_address"],
        "sender_name": row["sender_name"] or None,
        "recipients": recipients,
        "body": body or None,
        "deleted": bool(row["deleted"]),
        "extra": extra,
    }


class AppleMailIosParser(SQLiteParser):
    name = "apple_mail_ios"
    version = __version__
    app = "apple_mail"
    platform = "ios"
    description = ("Apple Mail (iOS): Envelope Index messages with sender, recipients, subject and summary from "
                   "the Protected Index beside it (iOS 13+), mailbox, read, flagged and deleted state")
    path_globs = ("**/Library/Mail/Envelope Index",)
    related_globs = {"protected": ("**/Library/Mail/Protected Index",)}
    required_tables = {"messages": {"ROWID", "sender", "subject", "summary", "date_sent", "date_received", "mailbox",
                                    "read", "flagged", "deleted"},
                       "mailboxes": {"ROWID", "url"}}
    time_units = {"messages.date_sent": UNIX_SECONDS, "messages.date_received": UNIX_SECONDS}
    references = (
        "iLEAPP scripts/artifacts/mailprotect.py (iOS 13+: Envelope Index + ATTACHed Protected Index; columns read; "
        "date_sent/date_received with 'UNIXEPOCH')",
        "simsong, Apple's Mail SQLite3 Schema (the .schema of a real Envelope Index: messages, subjects, addresses, "
        "recipients(message_id, type, address_id, position), mailboxes)",
    )

    def parse(self, ctx):
        tables = {t: f"main.{t}" for t in LOOKUPS}
        if not all(ctx.has_table(t) for t in LOOKUPS):
            folder = ctx.source.path.rsplit("/", 1)[0] + "/"
            protected = next((s for s in ctx.related("protected") if s.path.startswith(folder)), None)
            if protected is None:
                ctx.warn_file("subjects, addresses and summaries are not in this Envelope Index and no Protected Index "
                              "is beside it: messages are listed without them")
                tables = dict(EMPTY_LOOKUPS)
            else:
                ctx.db.execute(f"ATTACH DATABASE ? AS {PROTECTED}",
                               (protected.local_path.resolve().as_uri() + "?mode=ro",))
                tables = {t: f"{PROTECTED}.{t}" for t in LOOKUPS}
        r_message = "message_id" if ctx.has_columns("recipients", "message_id") else "message"
        r_address = "address_id" if ctx.has_columns("recipients", "address_id") else "address"
        optional = {k: (f"m.{c}" if ctx.has_columns("messages", c) else "NULL")
                    for k, c in (("prefix", "subject_prefix"), ("size", "size"), ("conversation", "conversation_id"))}
        sql = MESSAGES_SQL.format(r_message=r_message, r_address=r_address, **tables, **optional)
        if not ctx.has_columns("recipients", r_message, r_address, "type", "position"):
            sql = sql[:sql.index("(SELECT json_group_array")] + "NULL" + sql[sql.index(" AS recipients_json"):]
        yield from ctx.map_rows(sql, message_to_event, table="messages", id_column="rid")


@hookimpl
def register_parsers(register):
    register(AppleMailIosParser)
