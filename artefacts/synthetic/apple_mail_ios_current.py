"""Apple Mail on iOS, the current layout, on the statements of ``ddl/apple_mail_ios_envelope.sql`` and
``ddl/apple_mail_ios_protected.sql`` (facts in ``plugins/apple_mail_ios.py``; ``apple_mail_ios.py`` builds the older
layout of simsong's schema): ``Library/Mail/Envelope Index`` with ``message_global_data`` (the Message-ID header)
and ``recipients (message, address, type, position)``, ``Protected Index`` beside it holding ``subjects``,
``addresses`` and ``summaries`` (iOS 13 and later); three of the five messages have their ``<ROWID>.emlx`` file
(one a ``.partial.emlx`` with an attachment) under the account's mailbox folders.

One IMAP account with the mailboxes ``INBOX``, ``Sent Messages`` and ``Deleted Messages`` (URLs as
iphonedev.wiki's Message.framework page shows them: ``imap://user@host/INBOX``, percent-encoded). Times are seconds
since 1970 (iLEAPP ``mailprotect.py``); the subject prefix ("Re: ") is kept apart from the ``subjects`` row;
a reply shares the ``conversation_id`` of its original; ``recipients.type`` 0 is To, 1 Cc. Addresses are
example.org/example.net (RFC 2606); nobody's real data.

:func:`write_sample` returns the generic manifest: the Envelope Index events (computed here, times with
:mod:`datetime`, ``extra`` values in ``check``) and the events ``apple_mail_emlx`` gives for the .emlx files themselves.
"""

from __future__ import annotations

import hashlib
import plistlib
from datetime import datetime, timedelta, timezone
from email.policy import default as DEFAULT_POLICY
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .mail import _expected, _facts, _message
from .messengers import iso

DDL = "apple_mail_ios_envelope.sql"
PROTECTED_DDL = "apple_mail_ios_protected.sql"
MAIL = "private/var/mobile/Library/Mail"
DB = f"{MAIL}/Envelope Index"
PROTECTED_DB = f"{MAIL}/Protected Index"
ACCOUNT = "kim@imap.example.org"
ACCOUNT_DIR = f"{MAIL}/IMAP-{ACCOUNT}"
MSG_COLS = ("ROWID", "message_id", "global_message_id", "remote_id", "sender", "subject_prefix", "subject", "summary",
            "date_sent", "date_received", "mailbox", "flags", "read", "flagged", "deleted", "size", "conversation_id",
            "date_last_viewed")
BOX_COLS = ("ROWID", "url", "total_count", "unread_count", "deleted_count")
RCPT_COLS = ("ROWID", "message", "address", "type", "position")
GLOBAL_COLS = ("ROWID", "message_id", "message_id_header")

ME = ("Kim Doe", "kim@example.org")
ALEX = ("Alex Roe", "alex@example.net")
SHOP = ("Shop", "orders@shop.example.com")
ANON = ("", "nobody@remailer.example.net")
ADDRESSES = [ME, ALEX, SHOP, ANON]
#: (ROWID, url, mailbox folder of its files)
MAILBOXES = [(1, f"imap://{ACCOUNT}/INBOX", "INBOX.mbox"),
             (2, f"imap://{ACCOUNT}/Sent%20Messages", "Sent Messages.mbox"),
             (3, f"imap://{ACCOUNT}/Deleted%20Messages", "Deleted Messages.mbox")]
START = datetime(2024, 5, 6, 8, 15, 0, tzinfo=timezone.utc)
DOC = b"%PDF-1.4\n% generated sample attachment\n" + bytes(range(64))
#: (ROWID, mailbox, sender, To, Cc, subject prefix, subject, summary, minutes after START, read, flagged, deleted,
#:  conversation id, file: None / "emlx" / "partial", body of the file)
MESSAGES = [
    (1, 1, ALEX, [ME], [SHOP], None, "Friday", "Are we still on for Friday?", 0, 1, 0, 0, 7001, "emlx",
     "Are we still on for Friday?\nSame place as last time.\n"),
    (2, 2, ME, [ALEX], [], "Re: ", "Friday", "Yes. Bring the keys.", 35, 1, 0, 0, 7001, "emlx",
     "Yes. Bring the keys.\n"),
    (3, 1, SHOP, [ME], [], None, "Order 5521 shipped", "Your order 5521 is on its way: track it at "
     "https://shop.example.com/t/5521", 180, 0, 1, 0, 7002, None, None),
    (4, 3, ANON, [ME], [], None, "your code", "7741", 1440, 1, 0, 1, 0, None, None),
    (5, 1, ALEX, [ME], [], None, "invoice", "The invoice is attached.", 2000, 0, 0, 0, 7003, "partial",
     "The invoice is attached.\n"),
]


def _msgid(rowid: int) -> str:
    return f"<ios{rowid}.{rowid * 7919}@mail.example.net>"


def _subject(prefix, subject) -> str:
    return (prefix or "") + subject


def write_sample(root: Path) -> dict:
    """Write the Envelope Index, the Protected Index and the .emlx files under ``root``; the manifest."""
    root = Path(root)
    check_columns(DDL, {"messages": MSG_COLS, "mailboxes": BOX_COLS, "recipients": RCPT_COLS,
                        "message_global_data": GLOBAL_COLS})
    check_columns(PROTECTED_DDL, {"addresses": ("ROWID", "address", "comment"), "subjects": ("ROWID", "subject"),
                                  "summaries": ("ROWID", "summary")})
    address_id = {a: i for i, a in enumerate(ADDRESSES, 1)}
    subjects: dict[str, int] = {}
    msg_rows, rcpt_rows, global_rows, summaries, events = [], [], [], [], []
    box_folder = {b[0]: b[2] for b in MAILBOXES}
    for (rowid, box, sender, to, cc, prefix, subject, summary, minutes, read, flagged, deleted, conv, file,
         body) in MESSAGES:
        sent = START + timedelta(minutes=minutes)
        received = sent + timedelta(seconds=4 + rowid)
        sent_s, received_s = int(sent.timestamp()), int(received.timestamp())
        subjects.setdefault(subject, len(subjects) + 1)
        summaries.append((rowid, summary))
        global_rows.append((rowid, rowid, _msgid(rowid)))
        for kind, people in ((0, to), (1, cc)):
            for position, person in enumerate(people):
                rcpt_rows.append((len(rcpt_rows) + 1, rowid, address_id[person], kind, position))
        # date_sent of message 5 is not stored: the event falls back to date_received
        msg_rows.append((rowid, rowid, rowid, 100 + rowid, address_id[sender], prefix, subjects[subject], rowid,
                         None if rowid == 5 else sent_s, received_s, box, 0, read, flagged, deleted,
                         900 + 37 * rowid, conv, received_s + 60 if read else None))
        full_subject = _subject(prefix, subject)
        extra = {"subject": full_subject, "message_id": _msgid(rowid), "mailbox": box_folder[box][:-5],
                 "account": ACCOUNT, "date_received": iso(received), "date_received_raw": received_s,
                 "read": bool(read), "flagged": bool(flagged), "to": [p[1] for p in to]}
        if cc:
            extra["cc"] = [p[1] for p in cc]
        recipients = [p[1] for p in (*to, *cc)]
        atts = []
        if file:
            in_reply_to = _msgid(1) if prefix else None
            atts = [("invoice-5.pdf", "application/pdf", DOC)] if file == "partial" else []
            msg = _message(sender=sender, to=to, cc=cc, subject=full_subject, when=sent, msgid=_msgid(rowid),
                           body=body, in_reply_to=in_reply_to, references=(in_reply_to,) if in_reply_to else (),
                           attachments=atts)
            data = msg.as_bytes(policy=DEFAULT_POLICY)
            plist = {"conversation-id": conv, "date-received": received_s, "flags": 1 if read else 0,
                     "remote-id": str(100 + rowid)}
            name = f"{rowid}.partial.emlx" if file == "partial" else f"{rowid}.emlx"
            path = f"{ACCOUNT_DIR}/{box_folder[box]}/Messages/{name}"
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(f"{len(data)}\n".encode() + data + plistlib.dumps(plist))
            facts = _facts(sender=sender, to=to, cc=cc, when=sent, body=body, thread=str(conv), atts=atts,
                           subject=full_subject, msgid=_msgid(rowid), in_reply_to=in_reply_to)
            facts["extra"]["date_received_time"] = iso(received)
            events.append({**_expected("message:index=1", path, facts), "origin": "device"})
            extra.update({"body_source": "emlx", "emlx_path": path, "in_reply_to": in_reply_to})
        else:
            body = summary
            extra["body_source"] = "summary"
        events.append({
            "locator": f"messages:rid={rowid}", "path": DB, "kind": "email",
            "timestamp": iso(received if rowid == 5 else sent), "direction": None,
            "conversation_id": str(conv) if conv else _msgid(rowid), "sender": sender[1], "recipients": recipients,
            "body": body, "deleted": bool(deleted), "attachments": [
                {"name": n, "sha256": hashlib.sha256(d).hexdigest()} for n, _, d in atts],
            "check": extra,
        })
    with build_db(root / DB, DDL, page_size=1024) as con:
        load(con, "mailboxes", BOX_COLS, [(i, url, sum(1 for m in MESSAGES if m[1] == i),
                                           sum(1 for m in MESSAGES if m[1] == i and not m[9]),
                                           sum(1 for m in MESSAGES if m[1] == i and m[11])) for i, url, _ in MAILBOXES])
        load(con, "message_global_data", GLOBAL_COLS, global_rows)
        load(con, "messages", MSG_COLS, msg_rows)
        load(con, "recipients", RCPT_COLS, rcpt_rows)
    with build_db(root / PROTECTED_DB, PROTECTED_DDL, page_size=1024) as con:
        load(con, "addresses", ("ROWID", "address", "comment"), [(i, a[1], a[0]) for a, i in address_id.items()])
        load(con, "subjects", ("ROWID", "subject"), [(i, s) for s, i in subjects.items()])
        load(con, "summaries", ("ROWID", "summary"), summaries)
    return {"app": "apple_mail", "path": None, "events": events}
