"""A Google Messages for Android ``databases/bugle_db`` on the real schema (``ddl/google_messages_android.sql``).

Values are stored as AOSP Messaging stores them (``DatabaseHelper``, ``MessageData``, ``ParticipantData``):
times in ms since 1970 (0 = not set), ``parts.timestamp`` equal to its message's ``received_timestamp``
(what the real ``parts_TRIGGER`` writes; the triggers are created after the rows are loaded),
``message_protocol`` 0 SMS / 1 MMS / 2 MMS notification / -1 for a draft (``createDraftMessage``),
``message_status`` from ``BUGLE_STATUS_*`` (1 sent, 2 delivered, 3 draft, 8 failed, 100 received,
101 MMS awaiting download), the device's own SIM participant with ``sub_id`` 1 and every other
participant with ``sub_id`` -2 (``OTHER_THAN_SELF_SUB_ID``), ``conversation_participants`` without
the user, one group thread (``participant_count`` 3, its messages MMS as group texts are). Media
parts point at the telephony provider (``content://mms/part/<n>``); a part holds text or a uri,
never both. Numbers are from the US 555-01xx fiction range; MMS servers use ``example.com``.

:func:`build_bugle_db` scales to any number of messages (the benchmark calls it); :func:`write_sample`
writes a small store under an extraction root and returns the generic manifest of :mod:`.messengers`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator

from .ddl_loader import build_db, check_columns, load
from .messengers import iso_from_ms

DDL = "google_messages_android.sql"
DB = "data/data/com.google.android.apps.messaging/databases/bugle_db"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
SELF_ID, SELF_NUMBER = 1, "+12025550100"
OTHER_THAN_SELF_SUB_ID = -2
PEOPLE = (("Dana Whitfield", "+12025550111"), ("Marco Ruiz", "+12025550124"), ("Lee Park", "+12025550138"),
          (None, "+12025550149"), ("Sam Okafor", "+12025550157"))
CONV_COLS = ("_id", "sms_thread_id", "name", "latest_message_id", "snippet_text", "sort_timestamp",
             "participant_normalized_destination", "current_self_id", "participant_count")
MSG_COLS = ("_id", "conversation_id", "sender_id", "sent_timestamp", "received_timestamp", "message_protocol",
            "message_status", "seen", "read", "sms_message_uri", "sms_message_size", "mms_subject", "mms_transaction_id",
            "mms_content_location", "mms_expiry", "raw_status", "self_id", "mms_reports_info")
PART_COLS = ("_id", "message_id", "text", "uri", "content_type", "width", "height", "timestamp", "conversation_id")
PARTICIPANT_COLS = ("_id", "sub_id", "sim_slot_id", "normalized_destination", "send_destination", "display_destination",
                    "full_name", "first_name", "contact_id", "blocked", "subscription_name")
CP_COLS = ("_id", "conversation_id", "participant_id")
TEXTS = ("Are you around later?", "On my way", "Can you send the pictures?", "Call me when you land",
         "Same time tomorrow", "ok", "Thanks!", "Who else is coming?", "Running late, 10 min", "See you there")


def _display(number: str) -> str:
    return f"({number[2:5]}) {number[5:8]}-{number[8:]}"


def _participants() -> list[tuple]:
    rows = [(SELF_ID, 1, 0, SELF_NUMBER, SELF_NUMBER, _display(SELF_NUMBER), None, None, -1, 0, "Carrier")]
    for i, (name, number) in enumerate(PEOPLE, start=2):
        rows.append((i, OTHER_THAN_SELF_SUB_ID, -1, number, number, _display(number), name,
                     name.split()[0] if name else None, 100 + i if name else -1, int(i == 5), None))
    return rows


def _conversations() -> list[dict]:
    """Four 1:1 threads and one group thread of three (``participant_id``s)."""
    convs = [{"_id": i, "members": [pid], "name": PEOPLE[pid - 2][0] or _display(PEOPLE[pid - 2][1])}
             for i, pid in enumerate((2, 3, 4, 5), start=1)]
    convs.append({"_id": 5, "members": [2, 3, 6], "name": "Dana, Marco, Sam"})
    return convs


def _messages(n_messages: int, seed: int, convs: list[dict]) -> Iterator[dict]:
    """The messages, one dict each (row values and parts), in ``_id`` order."""
    rng = random.Random(seed)
    t = START_MS
    part_id = mms_part = 0
    for i in range(1, n_messages + 1):
        conv = convs[rng.randrange(len(convs))]
        group = len(conv["members"]) > 1
        t += rng.randint(20_000, 900_000)
        incoming = rng.random() < 0.5
        sender = rng.choice(conv["members"]) if incoming else SELF_ID
        kind = "sms"
        if group or i % 7 == 0:
            kind = "mms"
        if i % 11 == 0 and incoming:
            kind = "notification"
        if i % 13 == 0 and not incoming:
            kind = "draft"
        parts = []
        text = rng.choice(TEXTS)
        subject = expiry = location = transaction = reports = None
        raw_status = 0
        if kind == "sms":
            protocol, uri = 0, f"content://sms/{i}"
            status = 100 if incoming else rng.choice((1, 2, 2, 8))
            parts.append({"text": text, "uri": None, "content_type": "text/plain"})
        elif kind == "mms":
            protocol, uri = 1, f"content://mms/{i}"
            status = 100 if incoming else rng.choice((1, 2))
            raw_status = 128 if not incoming else 0
            transaction = f"T{rng.getrandbits(40):010x}"
            if rng.random() < 0.7:
                parts.append({"text": text, "uri": None, "content_type": "text/plain"})
            if not group or rng.random() < 0.5:
                mms_part += 1
                parts.append({"text": None, "uri": f"content://mms/part/{1000 + mms_part}", "content_type": "image/jpeg"})
            if not parts:
                parts.append({"text": text, "uri": None, "content_type": "text/plain"})
            if not incoming and status == 2:
                reports = "|".join(f"{PEOPLE[m - 2][1]}:{t // 1000 + 5}:129" for m in conv["members"])
        elif kind == "notification":
            protocol, uri, status = 2, f"content://mms/{i}", 101
            subject = "Photo"
            expiry = t + 7 * 86_400_000
            location = f"http://mms.example.com/retrieve/{rng.getrandbits(32):08x}"
            transaction = f"T{rng.getrandbits(40):010x}"
        else:  # draft
            protocol, uri, status = -1, None, 3
            parts.append({"text": text, "uri": None, "content_type": "text/plain"})
        for part in parts:
            part_id += 1
            part["_id"] = part_id
        yield {"_id": i, "conversation_id": conv["_id"], "sender_id": sender, "incoming": incoming,
               "sent_timestamp": t - rng.randint(1_000, 30_000) if incoming else (0 if status == 3 else t + 1_500),
               "received_timestamp": t, "message_protocol": protocol, "message_status": status,
               "seen": 1 if (not incoming or i % 5) else 0, "read": 1 if (not incoming or i % 5) else 0,
               "sms_message_uri": uri, "mms_subject": subject, "mms_transaction_id": transaction,
               "mms_content_location": location, "mms_expiry": expiry or 0, "raw_status": raw_status,
               "mms_reports_info": reports, "parts": parts}


def build_bugle_db(path: Path, *, n_messages: int, seed: int = 0, keep: list | None = None) -> dict:
    """Write a ``bugle_db`` of ``n_messages`` messages at ``path`` (streamed); ``keep`` receives every message dict."""
    check_columns(DDL, {"conversations": CONV_COLS, "messages": MSG_COLS, "parts": PART_COLS,
                        "participants": PARTICIPANT_COLS, "conversation_participants": CP_COLS})
    convs = _conversations()
    people = {row[0]: row for row in _participants()}
    counts = {"messages": 0, "parts": 0}
    with build_db(path, DDL, page_size=1024) as con:
        load(con, "participants", PARTICIPANT_COLS, people.values())
        cp = [(j, c["_id"], m) for j, (c, m) in enumerate(((c, m) for c in convs for m in c["members"]), start=1)]
        load(con, "conversation_participants", CP_COLS, cp)
        msg_rows, part_rows = [], []

        def flush():
            load(con, "messages", MSG_COLS, msg_rows)
            load(con, "parts", PART_COLS, part_rows)
            msg_rows.clear()
            part_rows.clear()

        last = {}
        for m in _messages(n_messages, seed, convs):
            msg_rows.append(tuple(SELF_ID if c == "self_id" else 0 if c == "sms_message_size" else m[c] for c in MSG_COLS))
            for p in m["parts"]:
                part_rows.append((p["_id"], m["_id"], p["text"], p["uri"], p["content_type"],
                                  640 if p["uri"] else -1, 480 if p["uri"] else -1, m["received_timestamp"],
                                  m["conversation_id"]))
            counts["messages"] += 1
            counts["parts"] += len(m["parts"])
            last[m["conversation_id"]] = m
            if keep is not None:
                keep.append(m)
            if len(msg_rows) >= 20_000:
                flush()
        flush()
        conv_rows = []
        for c in convs:
            lm = last.get(c["_id"])
            single = people[c["members"][0]][3] if len(c["members"]) == 1 else None
            snippet = next((p["text"] for p in lm["parts"] if p["text"]), None) if lm else None
            conv_rows.append((c["_id"], 10 + c["_id"], c["name"], lm["_id"] if lm else None, snippet,
                              lm["received_timestamp"] if lm else 0, single, str(SELF_ID), len(c["members"])))
        load(con, "conversations", CONV_COLS, conv_rows)
    return {"path": str(path), "conversations": len(convs), "participants": len(people), **counts}




def write_sample(root: Path, *, seed: int = 0, n_messages: int = 30) -> dict:
    """A small ``bugle_db`` under an extraction ``root``; its events in the generic form of :mod:`.messengers`."""
    messages: list[dict] = []
    build_bugle_db(Path(root) / DB, n_messages=n_messages, seed=seed, keep=messages)
    convs = {c["_id"]: c for c in _conversations()}
    people = {row[0]: row for row in _participants()}
    events = []
    for m in messages:
        texts = [p["text"] for p in m["parts"] if p["uri"] is None]
        body = "\n".join(texts) if texts else m["mms_subject"]
        out = not m["incoming"]
        members = [people[pid][3] for pid in convs[m["conversation_id"]]["members"]]
        events.append({
            "locator": f"messages:_id={m['_id']}", "kind": "message", "timestamp": iso_from_ms(m["received_timestamp"]),
            "direction": "outgoing" if out else "incoming", "conversation_id": str(m["conversation_id"]),
            "sender": people[m["sender_id"]][3], "recipients": members if out else [], "body": body, "deleted": False,
            "attachments": [{"name": p["uri"].rsplit("/", 1)[-1], "sha256": None} for p in m["parts"] if p["uri"]],
        })
    for pid, row in people.items():
        events.append({"locator": f"participants:_id={pid}", "kind": "contact", "timestamp": None,
                       "conversation_id": row[3], "sender": row[3]})
    return {"app": "google_messages", "path": DB, "events": events}
