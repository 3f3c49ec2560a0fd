"""A small AOSP Email ``EmailProvider.db`` + ``EmailProviderBody.db`` on the real schema
(``ddl/aosp_email.sql``, ``ddl/aosp_email_body.sql``; facts in ``plugins/aosp_email.py``).

One IMAP account with an inbox, sent, drafts and trash mailbox (``Mailbox.type`` 0, 5, 3, 6); six
messages with ``timeStamp`` in ms, RFC 822 address lists (the format since database version 30),
bodies as text or HTML in the body database, one message whose body was never downloaded (only its
``snippet``) and one deleted locally (``flagLoaded`` 3). Addresses are example.org/example.net (RFC 2606).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import iso_from_ms

DDL = "aosp_email.sql"
BODY_DDL = "aosp_email_body.sql"
DIR = "data/data/com.android.email/databases"
DB = f"{DIR}/EmailProvider.db"
BODY_DB = f"{DIR}/EmailProviderBody.db"
MSG_COLS = ("_id", "syncServerId", "syncServerTimeStamp", "displayName", "timeStamp", "subject", "flagRead",
            "flagLoaded", "flagFavorite", "flagAttachment", "flags", "clientId", "messageId", "mailboxKey",
            "accountKey", "fromList", "toList", "ccList", "bccList", "replyToList", "snippet", "flagSeen",
            "mainMailboxKey")
BOX_COLS = ("_id", "displayName", "serverId", "accountKey", "type", "delimiter", "flagVisible", "flags", "messageCount")
BODY_COLS = ("_id", "messageKey", "htmlContent", "textContent")
START = datetime(2024, 4, 2, 7, 30, tzinfo=timezone.utc)
ME = '"Kim Doe" <kim@example.org>'
ALEX = '"Alex Roe" <alex@example.net>'
SHOP = "orders@shop.example.com"
#: (id, server id, mailbox, from, to, cc, subject, flagLoaded, text body, html body, minutes after START)
MESSAGES = [
    (1, "101", 1, ALEX, ME, "", "Friday", 1, "Are we still on for Friday?\n", None, 0),
    (2, "5", 2, ME, ALEX, SHOP, "Re: Friday", 1, "Yes, same place.\n", None, 42),
    (3, "102", 1, SHOP, ME, "", "Order 5521 shipped", 1, None, "<p>Order <b>5521</b> shipped.</p>", 180),
    (4, None, 3, ME, ALEX, "", "draft: the keys", 1, "I left them at\n", None, 300),
    (5, "103", 1, ALEX, ME, "", "photos", 2, None, None, 1440),
    (6, "104", 4, '"Unknown" <nobody@remailer.example.net>', ME, "", "your code", 3, "7741\n", None, 2000),
]
MAILBOXES = [(1, "Inbox", "INBOX", 1, 0), (2, "Sent", "Sent", 1, 5), (3, "Drafts", "Drafts", 1, 3),
             (4, "Trash", "Trash", 1, 6)]
DIRECTIONS = {0: "incoming", 5: "outgoing", 3: "outgoing", 6: None}


def write_sample(root: Path) -> dict:
    """Write both databases under ``root``; the events they must give (the generic manifest form)."""
    root = Path(root)
    check_columns(DDL, {"Message": MSG_COLS, "Mailbox": BOX_COLS})
    check_columns(BODY_DDL, {"Body": BODY_COLS})
    box_type = {b[0]: b[4] for b in MAILBOXES}
    rows, bodies, events = [], [], []
    for mid, server_id, box, frm, to, cc, subject, loaded, text, html, minutes in MESSAGES:
        ms = int((START + timedelta(minutes=minutes)).timestamp() * 1000) + mid * 7
        # the snippet is the start of the body as text (EmailContent: "a text snippet derived from the body")
        snippet = (text or re.sub(r"<[^>]+>", "", html or "")).strip() or "Photos from the weekend"
        msgid = f"<m{mid}.{ms}@mail.example.net>"
        flag_attachment = int(mid == 5)
        rows.append((mid, server_id, ms + 2000 if server_id else 0, frm.split('"')[1] if '"' in frm else frm, ms,
                     subject, int(mid != 5), loaded, int(mid == 1), flag_attachment, 0, None, msgid, box, 1, frm, to,
                     cc or None, None, None, snippet, int(mid != 5), 0))
        if text or html:
            bodies.append((len(bodies) + 1, mid, html, text))
        body, _source = (text, "text") if text else (html, "html") if html else (snippet, "snippet")
        recipients = [a.split("<")[-1].rstrip(">") for a in (to, cc) if a]
        events.append({
            "locator": f"Message:_id={mid}", "kind": "email", "timestamp": iso_from_ms(ms),
            "direction": DIRECTIONS[box_type[box]], "conversation_id": msgid,
            "sender": frm.split("<")[-1].rstrip(">"), "recipients": recipients, "body": body,
            "deleted": loaded == 3, "attachments": [],
            "extra": {"subject": subject, "message_id": msgid, "mailbox": MAILBOXES[box - 1][1], "body_source": _source,
                      "flag_loaded": loaded},
        })
    with build_db(root / DB, DDL, page_size=1024) as con:
        load(con, "Mailbox", BOX_COLS, [(i, name, server, acct, t, 47, 1, 0, sum(1 for m in MESSAGES if m[2] == i))
                                        for i, name, server, acct, t in MAILBOXES])
        load(con, "Message", MSG_COLS, rows)
        load(con, "android_metadata", ("locale",), [("en_US",)])
    with build_db(root / BODY_DB, BODY_DDL, page_size=1024) as con:
        load(con, "Body", BODY_COLS, bodies)
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return {"app": "email", "path": DB, "events": events}
