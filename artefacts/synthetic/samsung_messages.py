"""A small Samsung Messages ``databases/message_content.db`` on the columns the sources name
(``ddl/samsung_message_content.sql``; see ``plugins/samsung_messages.py``): ``messages`` with times in ms since
1970, ``message_box_type`` 100 incoming / 102 outgoing, ``remote_message_uri`` pointing into the telephony
provider, a message of two text parts, a picture part with its content URI, a message with a box type no source
names, and ``recipients`` names for two conversations. Numbers are from the US 555-01xx fiction range.

The manifest is decided here from what each row is (who the other party is, which parts have text), not by the
parser's rules.
"""

from __future__ import annotations

from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import iso_from_ms

DDL = "samsung_message_content.sql"
DB = "data/data/com.samsung.android.messaging/databases/message_content.db"
START_MS = 1_730_466_000_000  # 2024-11-01T13:00:00Z
MSG_COLS = ("_id", "conversation_id", "recipients", "message_box_type", "message_status", "created_timestamp",
            "sent_timestamp", "updated_timestamp", "remote_message_uri", "message_type", "message_size", "is_read")
PART_COLS = ("message_id", "text", "content_uri", "content_type", "file_name", "size")
NAMES = {1: "Marco", 2: None, 3: "Crew <b>chat</b>"}
NUMBERS = {1: "+12025550131", 2: "+12025550177", 3: "+12025550160"}


def generic_manifest(dest: Path) -> dict:
    """Write the store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    check_columns(DDL, {"messages": MSG_COLS, "parts": PART_COLS, "recipients": ("_id", "cache_name")})
    # (_id, conversation, box, minutes after START, sent offset s or 0, parts: [(text, uri, type, name, size)])
    plan = [
        (1, 1, 100, 0, 0, [("meet at 9", None, "text/plain", None, None)]),
        (2, 1, 102, 3, 2, [("ok. bring it", None, "text/plain", None, None)]),
        (3, 2, 102, 50, 1, [("first part", None, "text/plain", None, None),
                            ("second part", None, "text/plain", None, None)]),
        (4, 2, 100, 61, 0, [(None, "content://mms/part/41", "image/jpeg", "IMG_20241101.jpg", 48213),
                            ("look", None, "text/plain", None, None)]),
        (5, 3, 100, 90, 0, [("group hello", None, "text/plain", None, None)]),
        (6, 3, 104, 95, 0, [("scheduled?", None, "text/plain", None, None)]),
    ]
    messages, parts, events = [], [], []
    for mid, conv, box, minutes, sent_s, mparts in plan:
        created = START_MS + minutes * 60_000 + mid * 17
        sent = created + sent_s * 1000 if sent_s else 0
        number = NUMBERS[conv]
        uri = f"content://{'mms' if any(p[1] for p in mparts) else 'sms'}/{700 + mid}"
        messages.append((mid, conv, number, box, 0, created, sent, 0, uri, 1 if len(mparts) == 1 else 2, 160 * mid,
                         int(mid != 5)))
        parts += [(mid, *p) for p in mparts]
        texts = [p[0] for p in mparts if p[0]]
        files = [{"name": p[3], "sha256": None} for p in mparts if p[1] or p[3]]
        direction = {100: "incoming", 102: "outgoing"}.get(box)
        check = {"recipients": number, "remote_message_uri": uri, "message_box_type": box}
        if sent:
            check["sent_raw"] = sent
        events.append({"locator": f"messages:_id={mid}", "kind": "message", "timestamp": iso_from_ms(created),
                       "direction": direction, "conversation_id": str(conv), "sender": None,
                       "recipients": [number] if direction == "outgoing" else [],
                       "body": "\n".join(texts), "deleted": False, "attachments": files,
                       "conversation_name": NAMES[conv] or number, "check": check})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "messages", MSG_COLS, messages)
        load(con, "parts", PART_COLS, parts)
        load(con, "recipients", ("_id", "cache_name"), [(k, v) for k, v in NAMES.items() if v])
    return {"app": "samsung_messages", "path": DB, "events": events}
