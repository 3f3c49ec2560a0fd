"""Generated mail files: a Google Takeout mbox, a loose ``.eml`` and iOS Mail ``.emlx`` files.

The messages are built with the standard library (``email.message.EmailMessage``, written by
``mailbox.mbox`` with its "From " lines and ``>From`` quoting, and by ``email.generator``), in the
layouts ``plugins/mail_files.py`` cites: Takeout's ``Takeout/Mail/All mail Including Spam and
Trash.mbox`` with ``X-GM-THRID`` and ``X-Gmail-Labels``; Apple Mail's ``.emlx`` (byte count line,
message, XML property list with ``date-received``, ``flags``, ``conversation-id``). Nobody's real
data: example.org/example.net addresses (RFC 2606), fixed times with several zone offsets.

:func:`write_mail_sample` returns the manifest (the generic form of
:mod:`artefacts.synthetic.messengers`, every time computed here with :mod:`datetime`), plus per
event the ``extra`` values a parser must keep (subject, message id, in-reply-to, Received chain,
authentication results, date offset).
"""

from __future__ import annotations

import hashlib
import mailbox
import plistlib
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from email.utils import format_datetime
from pathlib import Path
from .messengers import iso

TAKEOUT_MBOX = "Takeout/Mail/All mail Including Spam and Trash.mbox"
EML = "Users/examiner/Downloads/order-confirmation.eml"
IOS_MAIL = "private/var/mobile/Library/Mail/IMAP-kim@example.org@imap.example.org/INBOX.mbox/Messages"

ME = ("Kim Doe", "kim@example.org")
ALEX = ("Alex Roe", "alex@example.net")
SHOP = ("Shop", "orders@shop.example.com")
ANON = ("", "nobody@remailer.example.net")


def _addr(pair) -> str:
    return f"{pair[0]} <{pair[1]}>" if pair[0] else pair[1]


def _message(*, sender, to, subject, when: datetime, msgid: str, body: str, cc=(), in_reply_to=None, references=(),
             received=(), auth=(), extra_headers=(), html=None, attachments=()) -> EmailMessage:
    msg = EmailMessage()
    for value in received:
        msg["Received"] = value
    for value in auth:
        msg["Authentication-Results"] = value
    msg["From"] = _addr(sender)
    msg["To"] = ", ".join(_addr(p) for p in to)
    if cc:
        msg["Cc"] = ", ".join(_addr(p) for p in cc)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = msgid
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = " ".join(references)
    for name, value in extra_headers:
        msg[name] = value
    if body is not None:
        msg.set_content(body)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    else:
        msg.set_content(html, subtype="html")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):  # the library picks random boundaries
        part.set_boundary(f"=_part{n}_" + hashlib.sha256(msgid.encode()).hexdigest()[:16])
    return msg


def _expected(locator: str, path: str, msg_facts: dict) -> dict:
    return {"locator": locator, "path": path, "kind": "email", **msg_facts}


def _facts(*, sender, to, cc=(), when, body, direction=None, thread, atts=(), subject, msgid, in_reply_to=None,
           received=(), auth=(), body_type="text/plain") -> dict:
    offset = when.strftime("%z")
    return {
        "timestamp": iso(when),
        "direction": direction,
        "conversation_id": thread,
        "sender": sender[1],
        "recipients": [p[1] for p in (*to, *cc)],
        "body": body,
        "deleted": False,
        "attachments": [{"name": n, "sha256": hashlib.sha256(d).hexdigest()} for n, _, d in atts],
        "extra": {"subject": subject, "message_id": msgid, "in_reply_to": in_reply_to, "received": list(received),
                  "authentication_results": list(auth), "date_offset": offset, "body_type": body_type,
                  "attachment_sizes": [len(d) for _, _, d in atts]},
    }


def write_mail_sample(root: Path) -> dict:
    """Write the three kinds of mail file under ``root``; the manifest of the events they must give."""
    root = Path(root)
    events: list[dict] = []
    cest = timezone(timedelta(hours=2))
    est = timezone(timedelta(hours=-5))

    # --- Google Takeout mbox: a thread of two, a message with an attachment, an anonymous one -----------
    thrid = "1790000000000000001"
    first_id = "<thread-1@mail.example.net>"
    received_1 = ("from mail.example.net (mail.example.net [192.0.2.10]) by mx.google.com with ESMTPS id x1 "
                  "for <kim@example.org>; Tue, 05 Mar 2024 10:00:02 +0100",)
    auth_1 = ("mx.google.com; spf=pass smtp.mailfrom=alex@example.net; dkim=pass header.d=example.net",)
    m1_when = datetime(2024, 3, 5, 10, 0, 0, tzinfo=timezone(timedelta(hours=1)))
    m1_body = "Are we still meeting on Friday?\nThe usual place.\n"
    m2_when = datetime(2024, 3, 5, 19, 30, 15, tzinfo=est)
    m2_body = "Yes.\nFrom now on use the other address.\n"
    # mailbox.mbox quotes a body line starting with "From " as ">From "; readers (mailbox.mbox too) keep it
    m2_stored = m2_body.replace("\nFrom ", "\n>From ")
    m2_id = "<reply-1@mail.example.org>"
    doc = b"%PDF-1.4\n% generated sample attachment\n" + bytes(range(256)) * 4
    m3_atts = (("invoice-2024-117.pdf", "application/pdf", doc),)
    m3_when = datetime(2024, 3, 6, 8, 15, 0, tzinfo=timezone.utc)
    m4_when = datetime(2024, 3, 7, 23, 59, 59, tzinfo=cest)
    m4_html = "<p>Your code: <b>7741</b></p><script>alert(1)</script>\n"
    received_4 = (
        "from relay2.example.net (relay2.example.net [198.51.100.7]) by mx.google.com; Thu, 07 Mar 2024 22:00:05 +0000",
        "from [203.0.113.99] (unknown [203.0.113.99]) by relay2.example.net (Postfix); Thu, 07 Mar 2024 21:59:59 +0000",
    )
    auth_4 = ("mx.google.com; spf=softfail smtp.mailfrom=nobody@remailer.example.net; dkim=none; dmarc=fail",)
    mbox_msgs = [
        (_message(sender=ALEX, to=[ME], subject="Friday", when=m1_when, msgid=first_id, body=m1_body,
                  received=received_1, auth=auth_1,
                  extra_headers=(("X-GM-THRID", thrid), ("X-Gmail-Labels", "Inbox,Opened"))),
         _facts(sender=ALEX, to=[ME], when=m1_when, body=m1_body, direction="incoming", thread=thrid,
                subject="Friday", msgid=first_id, received=received_1, auth=auth_1)),
        (_message(sender=ME, to=[ALEX], cc=[SHOP], subject="Re: Friday", when=m2_when, msgid=m2_id, body=m2_body,
                  in_reply_to=first_id, references=(first_id,),
                  extra_headers=(("X-GM-THRID", thrid), ("X-Gmail-Labels", "Sent"))),
         _facts(sender=ME, to=[ALEX], cc=[SHOP], when=m2_when, body=m2_stored, direction="outgoing", thread=thrid,
                subject="Re: Friday", msgid=m2_id, in_reply_to=first_id)),
        (_message(sender=SHOP, to=[ME], subject="Invoice 2024-117", when=m3_when, msgid="<inv-117@shop.example.com>",
                  body="Your invoice is attached.\n", attachments=m3_atts,
                  extra_headers=(("X-GM-THRID", "1790000000000000002"), ("X-Gmail-Labels", "Inbox,Category Updates"))),
         _facts(sender=SHOP, to=[ME], when=m3_when, body="Your invoice is attached.\n", direction="incoming",
                thread="1790000000000000002", atts=m3_atts, subject="Invoice 2024-117",
                msgid="<inv-117@shop.example.com>")),
        (_message(sender=ANON, to=[ME], subject="Schlüssel 🔑", when=m4_when,
                  msgid="<anon-4@remailer.example.net>", body=None, html=m4_html, received=received_4, auth=auth_4,
                  extra_headers=(("X-GM-THRID", "1790000000000000003"), ("X-Gmail-Labels", "Spam"))),
         _facts(sender=ANON, to=[ME], when=m4_when, body=m4_html, direction="incoming", thread="1790000000000000003",
                subject="Schlüssel 🔑", msgid="<anon-4@remailer.example.net>", received=received_4,
                auth=auth_4, body_type="text/html")),
    ]
    path = root / TAKEOUT_MBOX
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(str(path), create=True)
    try:
        for msg, facts in mbox_msgs:
            m = mailbox.mboxMessage(msg)
            when = datetime.fromisoformat(facts["timestamp"].replace("Z", "+00:00"))
            m.set_from(f"{facts['conversation_id']}@xxx {when:%a %b %d %H:%M:%S +0000 %Y}")
            box.add(m)
        box.flush()
    finally:
        box.close()
    for i, (_, facts) in enumerate(mbox_msgs, 1):
        events.append({**_expected(f"message:index={i}", TAKEOUT_MBOX, facts), "origin": "provider"})

    # --- a loose .eml (not Takeout: a device record) ----------------------------------------------------------
    eml_when = datetime(2024, 2, 28, 14, 5, 30, tzinfo=cest)
    eml_body = "Order 5521 ships tomorrow.\n"
    eml_id = "<order-5521@shop.example.com>"
    eml = _message(sender=SHOP, to=[ME], subject="Order 5521", when=eml_when, msgid=eml_id, body=eml_body,
                   html="<p>Order 5521 ships tomorrow.</p>\n")
    (root / EML).parent.mkdir(parents=True, exist_ok=True)
    (root / EML).write_bytes(eml.as_bytes(policy=DEFAULT_POLICY))
    events.append({**_expected("message:index=1", EML, _facts(sender=SHOP, to=[ME], when=eml_when, body=eml_body,
                                                              thread=eml_id, subject="Order 5521", msgid=eml_id)),
                   "origin": "device"})

    # --- iOS Mail .emlx: the message, then Mail's property list ------------------------------------------------
    folder = root / IOS_MAIL
    folder.mkdir(parents=True, exist_ok=True)
    em_when = datetime(2024, 3, 8, 9, 0, 0, tzinfo=timezone.utc)
    em_body = "See you at the station.\n"
    em_id = "<station-9@mail.example.net>"
    em = _message(sender=ALEX, to=[ME], subject="Station", when=em_when, msgid=em_id, body=em_body,
                  in_reply_to=first_id, references=(first_id, m2_id))
    data = em.as_bytes(policy=DEFAULT_POLICY)
    received_at = int((em_when + timedelta(seconds=4)).timestamp())
    plist = {"conversation-id": 4471, "date-last-viewed": received_at + 600, "date-received": received_at,
             "flags": 8590195713, "remote-id": "1207"}
    (folder / "1207.emlx").write_bytes(f"{len(data)}\n".encode() + data + plistlib.dumps(plist))
    facts = _facts(sender=ALEX, to=[ME], when=em_when, body=em_body, thread="4471", subject="Station", msgid=em_id,
                   in_reply_to=first_id)
    facts["extra"]["date_received_time"] = iso(datetime.fromtimestamp(received_at, timezone.utc))
    events.append({**_expected("message:index=1", f"{IOS_MAIL}/1207.emlx", facts), "origin": "device"})
    return {"app": "mail", "path": None, "events": events}
