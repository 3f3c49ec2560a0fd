"""Synthetic Apple Mail (iOS 13+) stores on the sourced schema (``ddl/apple_mail_ios.sql``; facts in
``plugins/apple_mail_ios.py``): ``Library/Mail/Envelope Index`` (messages, recipients, mailboxes) and
``Library/Mail/Protected Index`` (subjects, addresses, summaries). Times are seconds since 1970; the manifest
(``artefacts.synthetic.messengers`` form) is computed here with :mod:`datetime`, each event with ``check``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso

DDL = "apple_mail_ios.sql"
MAIL = "private/var/mobile/Library/Mail"
START = datetime(2026, 2, 3, 7, 45, 12, tzinfo=timezone.utc)
ACCOUNT = "imap://9A3C1E5F-2B7D-4C8E-A1F0-6D5B4C3A2E19"
PAGE_SIZE = 1024


def write_sample(root: Path) -> dict:
    root = Path(root) / MAIL
    mailboxes = [(1, f"{ACCOUNT}/INBOX"), (2, f"{ACCOUNT}/Sent%20Messages"), (3, f"{ACCOUNT}/Deleted%20Messages")]
    addresses = [(1, "orders@exchange.example.com", "Exchange Orders"), (2, "owner@example.org", "Sam Owner"),
                 (3, "courier@example.net", ""), (4, "audit@example.com", "Audit Team")]
    subjects = [(1, "Your withdrawal of 0.42 BTC"), (2, "Pickup tomorrow"), (3, "Invoice 8841"), (4, "Old thread")]
    summaries = [(1, "Withdrawal confirmed to bc1qexample... If this was not you, contact support."),
                 (2, "Meet at the usual place at 9."), (3, "Please find the invoice attached <b>now</b>."),
                 (4, "Deleted message preview")]
    # (rowid, sender, subject, prefix, summary, sent s, received s, mailbox, read, flagged, deleted, conversation,
    #  recipients [(type, address id)])
    messages = [
        (1, 1, 1, None, 1, 0, 4, 1, 1, 0, 0, 101, [(0, 2)]),
        (2, 2, 2, "Re: ", 2, 600, 601, 2, 1, 1, 0, 102, [(0, 3), (1, 4)]),
        (3, 4, 3, None, 3, 1800, 1805, 1, 0, 1, 0, 103, [(0, 2), (2, 3)]),
        (4, 3, 4, None, 4, None, 3600, 3, 1, 0, 1, -1, [(0, 2)]),
    ]
    addr = {a[0]: a for a in addresses}
    subj = dict((s[0], s[1]) for s in subjects)
    summ = dict((s[0], s[1]) for s in summaries)
    box = dict(mailboxes)
    events = []
    recipient_rows = []
    for rid, sender, sub, prefix, sm, sent, received, mb, read, flagged, deleted, conv, recips in messages:
        for pos, (rtype, aid) in enumerate(recips):
            recipient_rows.append((len(recipient_rows) + 1, rid, rtype, aid, pos))
        to = [addr[a][1] for t, a in sorted(recips) if t == 0]
        when = START + timedelta(seconds=sent if sent is not None else received)
        check = {"subject": (prefix or "") + subj[sub], "mailbox_url": box[mb], "read": bool(read),
                 "flagged": bool(flagged), "date_received": iso(START + timedelta(seconds=received)), "to": to}
        for rtype, key in ((1, "cc"), (2, "bcc")):
            if any(t == rtype for t, _ in recips):
                check[key] = [addr[a][1] for t, a in recips if t == rtype]
        events.append({"path": f"{MAIL}/Envelope Index", "locator": f"messages:rid={rid}", "kind": "email",
                       "timestamp": iso(when), "sender": addr[sender][1],
                       "recipients": list(dict.fromkeys(addr[a][1] for _, a in sorted(recips))),
                       "conversation_id": str(conv) if conv != -1 else None, "body": summ[sm],
                       "deleted": bool(deleted), "direction": None, "attachments": [], "check": check})
    with build_db(root / "Envelope Index", DDL, tables=("messages", "recipients", "mailboxes"),
                  page_size=PAGE_SIZE) as con:
        load(con, "mailboxes", ("ROWID", "url"), mailboxes)
        load(con, "messages", ("ROWID", "sender", "subject_prefix", "subject", "summary", "date_sent", "date_received",
                               "mailbox", "read", "flagged", "deleted", "conversation_id", "size"),
             [(rid, sender, prefix, sub, sm, int((START + timedelta(seconds=sent)).timestamp()) if sent is not None
               else None, int((START + timedelta(seconds=received)).timestamp()), mb, read, flagged, deleted, conv,
               1000 + rid) for rid, sender, sub, prefix, sm, sent, received, mb, read, flagged, deleted, conv, _
              in messages])
        load(con, "recipients", ("ROWID", "message_id", "type", "address_id", "position"), recipient_rows)
    with build_db(root / "Protected Index", DDL, tables=("subjects", "addresses", "summaries"),
                  page_size=PAGE_SIZE) as con:
        load(con, "subjects", ("ROWID", "subject"), subjects)
        load(con, "addresses", ("ROWID", "address", "comment"), addresses)
        load(con, "summaries", ("ROWID", "summary"), summaries)
    return {"app": "apple_mail", "path": None, "events": events}
