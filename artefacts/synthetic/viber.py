"""A small Viber for Android ``databases/viber_data`` on the real schema (``ddl/viber_android_data.sql``).

As the real file of plaso's test data: ``calls`` (``date`` ms since 1970, ``duration`` s, ``type`` 1
incoming / 2 outgoing, ``viber_call_type`` 1 audio / 4 video, ``number`` and ``canonized_number`` in
E.164), ``phonebookcontact`` with one ``phonebookdata`` row per number and raw contact (``data1`` as
typed, ``data2`` E.164, ``data3`` formatted; the same number repeated for a second raw contact), and a
``vibernumbers`` row for the contacts who use Viber. Numbers are from the US 555-01xx fiction range.
"""

from __future__ import annotations

import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "viber_android_data.sql"
DB = "data/data/com.viber.voip/databases/viber_data"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
CALL_COLS = ("_id", "call_id", "aggregate_hash", "number", "canonized_number", "viber_call", "viber_call_type", "date",
             "duration", "type", "end_reason", "start_reason", "token", "looked", "group_id", "flags")
CONTACT_COLS = ("_id", "native_id", "display_name", "low_display_name", "phone_label", "starred", "viber",
                "contact_lookup_key", "contact_hash", "version", "has_number", "has_name", "deleted")
DATA_COLS = ("_id", "contact_id", "raw_id", "data1", "data2", "data3", "data4", "mime_type")
MEMBER_COLS = ("_id", "canonized_number", "viber_name", "clear", "member_id", "encrypted_member_id")
PEOPLE = [("Alex Morgan", "2025550143", True), ("Dana Whitfield", "2025550178", False), ("Ravi Patel", "2025550121", True)]


def write_viber_extraction(dest: Path, *, seed: int = 0, n_calls: int = 8) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"calls": CALL_COLS, "phonebookcontact": CONTACT_COLS, "phonebookdata": DATA_COLS,
                        "vibernumbers": MEMBER_COLS})
    contacts, data_rows, contact_rows, member_rows = [], [], [], []
    for i, (name, digits, member) in enumerate(PEOPLE, start=1):
        e164 = f"+1{digits}"
        contact_rows.append((i, i, name, name.lower(), name[0].lower(), 0, int(member), f"lookup{i}", rng.randint(1, 2**31),
                             0, 1, 1, 0))
        for raw in (1, 2):  # the number once per raw contact, as in the real file
            data_rows.append((len(data_rows) + 1, i, 10 * i + raw, digits, e164, f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
                              "2", 0))
        if member:
            member_rows.append((len(member_rows) + 1, e164, name.split()[0], 0, f"M{i:03d}member=", f"em:{i:040x}"))
        contacts.append({"_id": i, "name": name, "numbers": [e164], "viber_member": member})
    calls, call_rows = [], []
    t = START_MS
    for i in range(1, n_calls + 1):
        name, digits, _ = PEOPLE[rng.randrange(len(PEOPLE))]
        t += rng.randint(600_000, 7_200_000)
        ctype, media, duration = rng.choice((1, 2)), rng.choice((1, 4)), rng.randint(5, 900)
        e164 = f"+1{digits}"
        call_rows.append((i, -1, rng.randint(1, 2**31), e164, e164, 1, media, t, duration, ctype, 3, 0, rng.getrandbits(62),
                          1, 0, 0))
        calls.append({"_id": i, "date": t, "duration": duration, "number": e164, "name": name,
                      "direction": "incoming" if ctype == 1 else "outgoing", "video": media == 4})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "calls", CALL_COLS, call_rows)
        load(con, "phonebookcontact", CONTACT_COLS, contact_rows)
        load(con, "phonebookdata", DATA_COLS, data_rows)
        load(con, "vibernumbers", MEMBER_COLS, member_rows)
    return {"database": DB, "calls": calls, "contacts": contacts}


MESSAGES_DDL = "viber_android_messages.sql"
MESSAGES_DB = "data/data/com.viber.voip/databases/viber_messages"
OWNER = ("Sam Keller", "+12025550100")
CONV_COLS = ("_id", "conversation_type", "name", "participant_id_1")
PART_COLS = ("_id", "conversation_id", "participant_info_id", "active")
INFO_COLS = ("_id", "participant_type", "number", "contact_name", "display_name", "viber_name")
MSG_COLS = ("_id", "conversation_id", "participant_id", "msg_date", "send_type", "unread", "body", "order_key", "deleted",
            "extra_uri", "extra_mime", "msg_info")
MSG_TEXTS = ["Are you around tomorrow?", "Yes, after 6", "Bring the papers", "On my way", "Call me when you land",
             "Which entrance?", "The north one", "Sent you the photo", "Thanks!", "See you there"]


def write_viber_messages(dest: Path, *, seed: int = 0, n_messages: int = 14) -> dict:
    """``databases/viber_messages``: two one-to-one chats and a group, one deleted message, two pictures."""
    rng = random.Random(seed + 1)
    check_columns(MESSAGES_DDL, {"conversations": CONV_COLS, "participants": PART_COLS, "participants_info": INFO_COLS,
                                 "messages": MSG_COLS})
    people = [OWNER, *((name, f"+1{digits}") for name, digits, _ in PEOPLE)]
    info_rows = [(i, 0 if i == 1 else 1, number, None if i == 1 else name, name, name.split()[0])
                 for i, (name, number) in enumerate(people, start=1)]
    convs = [(1, 0, None, [1, 2]), (2, 0, None, [1, 4]), (3, 1, "Weekend trip", [1, 2, 3, 4])]
    conv_rows, part_rows, parts = [], [], {}
    for cid, ctype, name, infos in convs:
        ids = []
        for info in infos:
            pid = len(part_rows) + 1
            part_rows.append((pid, cid, info, 1))
            ids.append(pid)
        parts[cid] = ids
        conv_rows.append((cid, ctype, name, ids[1]))
    info_of = {pid: info for pid, _, info, _ in part_rows}
    messages, msg_rows = [], []
    t = START_MS + 3_600_000
    for i in range(1, n_messages + 1):
        cid, _, cname, _ = convs[rng.randrange(len(convs))]
        t += rng.randint(60_000, 3_000_000)
        out = rng.random() < 0.5
        pid = parts[cid][0] if out else rng.choice(parts[cid][1:])
        body = rng.choice(MSG_TEXTS)
        uri = mime = None
        if i in (4, 11):
            uri = f"file:///sdcard/Android/media/com.viber.voip/Viber Images/IMG-{rng.getrandbits(128):032x}-V.jpg"
            mime, body = 1, ""
        deleted = int(i == 7)
        unread = 0 if out or i < n_messages - 1 else 1
        msg_rows.append((i, cid, pid, t, int(out), unread, body, i, deleted, uri, mime if mime is not None else 0, "{}"))
        sender = people[info_of[pid] - 1][1]
        recipients = [people[info_of[p] - 1][1] for p in parts[cid] if p != pid]
        messages.append({"_id": i, "conversation_id": cid, "conversation_name": cname, "msg_date": t,
                         "direction": "outgoing" if out else "incoming", "sender": sender, "recipients": recipients,
                         "body": body, "uri": uri, "deleted": bool(deleted), "unread": bool(unread)})
    with build_db(dest / MESSAGES_DB, MESSAGES_DDL, page_size=512) as con:
        load(con, "conversations", CONV_COLS, conv_rows)
        load(con, "participants", PART_COLS, part_rows)
        load(con, "participants_info", INFO_COLS, info_rows)
        load(con, "messages", MSG_COLS, msg_rows)
    return {"database": MESSAGES_DB, "owner": OWNER[1], "messages": messages,
            "participants": [{"_id": r[0], "number": r[2], "owner": r[1] == 0} for r in info_rows]}


def write_viber_android(dest: Path, *, seed: int = 0) -> dict:
    """Both Android stores (``viber_data`` and ``viber_messages``); the manifest of each, and the generic events."""
    data = write_viber_extraction(dest, seed=seed)
    msgs = write_viber_messages(dest, seed=seed)
    return {**data, "messages_database": msgs["database"], "owner": msgs["owner"], "messages": msgs["messages"],
            "participants": msgs["participants"], "events": _generic_events(data, msgs)}


def _generic_events(data: dict, msgs: dict) -> list[dict]:
    from .messengers import iso_from_ms

    events = []
    for c in data["calls"]:
        incoming = c["direction"] == "incoming"
        events.append({"path": data["database"], "locator": f"calls:_id={c['_id']}", "kind": "call",
                       "timestamp": iso_from_ms(c["date"]), "direction": c["direction"], "conversation_id": c["number"],
                       "sender": c["number"] if incoming else None, "recipients": [] if incoming else [c["number"]]})
    for c in data["contacts"]:
        events.append({"path": data["database"], "locator": f"phonebookcontact:_id={c['_id']}", "kind": "contact",
                       "timestamp": None, "conversation_id": c["numbers"][0], "sender": c["numbers"][0]})
    for m in msgs["messages"]:
        events.append({"path": msgs["database"], "locator": f"messages:_id={m['_id']}", "kind": "message",
                       "timestamp": iso_from_ms(m["msg_date"]), "direction": m["direction"],
                       "conversation_id": str(m["conversation_id"]), "sender": m["sender"], "recipients": m["recipients"],
                       "body": m["body"], "deleted": m["deleted"],
                       "attachments": [{"name": m["uri"].rsplit("/", 1)[-1], "sha256": None}] if m["uri"] else []})
    for p in msgs["participants"]:
        events.append({"path": msgs["database"], "locator": f"participants_info:_id={p['_id']}", "kind": "contact",
                       "timestamp": None, "conversation_id": p["number"], "sender": p["number"]})
    return events


def generic_manifest(root: Path) -> dict:
    """The registry's form (:mod:`.messengers`): every event of both stores, each with its path."""
    m = write_viber_android(root)
    return {"app": "viber", "path": m["messages_database"], "events": m["events"]}
