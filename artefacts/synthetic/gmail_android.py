"""Synthetic Gmail for Android ``bigTopDataDB.<n>`` (``ddl/gmail_android.sql``; facts in
``plugins/gmail_android.py``): messages as the app stores them, one byte then a zlib stream of a protobuf
message with the field numbers ALEAPP documents (17 time in ms, 1.2/1.3 address and name, 5 subject,
6.2[].3.2 HTML parts, 11.x headers), an attachment row, a row without details. :func:`write_sample` returns the
generic manifest (``artefacts.synthetic.messengers``) with ``check`` values, computed here.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..decoders.protowire import encode
from .ddl_loader import build_db, load
from .messengers import iso

DDL = "gmail_android.sql"
ACCOUNT = "owner.sample@example.com"
START = datetime(2026, 4, 7, 18, 2, 33, 417000, tzinfo=timezone.utc)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def java_hash(text: str) -> int:
    """Java's ``String.hashCode`` (signed 32 bits), which names the account's database."""
    h = 0
    for ch in text:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return h - (1 << 32) if h & 0x80000000 else h


DB = f"data/data/com.google.android.gm/databases/bigTopDataDB.{java_hash(ACCOUNT)}"


def _ms(dt: datetime) -> int:
    d = dt - UNIX_EPOCH
    return (d.days * 86_400 + d.seconds) * 1000 + d.microseconds // 1000


def zipped(fields) -> bytes:
    return b"\x00" + zlib.compress(encode(fields), 9)


def write_sample(root: Path) -> dict:
    # (row id, server id, minutes after START, address, name, subject, html parts, reply-to, mailed by, signed by)
    messages = [
        (1, "msg-f:1790001", 0, ACCOUNT, "Owner Sample", "Your order 7731 has shipped",
         ["<p>Tracking: <a href=\"https://track.example.net/7731\">7731</a></p>"], ("Shop Support", "help@shop.example"),
         "shop.example", "shop.example"),
        (2, "msg-f:1790002", 95, "courier@example.org", "", "Re: pickup",
         ["<div>9 o'clock, ", "same place</div>"], None, None, None),
    ]
    rows, events = [], []
    for rid, server_id, minutes, address, name, subject, parts, reply, mailed, signed in messages:
        when = START + timedelta(minutes=minutes)
        body = [(2, encode([(3, encode([(2, part)]))])) for part in parts]
        header = []
        if mailed:
            header.append((8, mailed))
        if signed:
            header.append((9, signed))
        if reply:
            header += [(15, reply[0]), (17, reply[1])]
        fields = [(17, _ms(when)), (1, encode([(2, address), (3, name)] if name else [(2, address)])), (5, subject),
                  (6, b"".join(encode([(n, v)]) for n, v in body))]
        if header:
            fields.append((11, encode(header)))
        rows.append((rid, server_id, 100 + rid, None, zipped(fields), 0, rid, None, 0, None))
        check = {"subject": subject, "server_perm_id": server_id}
        if reply:
            check.update(reply_to=reply[1], reply_to_name=reply[0])
        if mailed:
            check["mailed_by"] = mailed
        events.append({"path": DB, "locator": f"item_messages:row_id={rid}", "kind": "email", "timestamp": iso(when),
                       "recipients": [address], "body": "".join(parts), "sender": None, "deleted": False,
                       "attachments": [{"name": "label.pdf", "sha256": None}] if rid == 1 else [], "check": check})
    rows.append((3, "msg-f:1790003", 103, None, None, 1, 3, None, 0, None))  # details not downloaded: no event
    with build_db(Path(root) / DB, DDL, page_size=1024) as con:
        load(con, "item_messages", ("row_id", "server_perm_id", "items_row_id", "message_proto", "zipped_message_proto",
                                    "is_missing_details", "write_sequence_id", "message_details_external_storage_id",
                                    "is_invalidated", "legacy_storage_id"), rows)
        load(con, "item_message_attachments", ("row_id", "item_messages_row_id", "is_synced", "attachment_url",
                                               "attachment_cache_key", "attachment_file_name", "attachment_hash",
                                               "message_synced_time_ms"),
             [(1, 1, 1, "https://mail.example.com/attachment/1", None, "label.pdf", "9b2f0c", _ms(START))])
    return {"app": "gmail", "path": None, "events": events}
