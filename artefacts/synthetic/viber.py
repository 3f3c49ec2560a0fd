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
    """``databases/viber_messages``: two one-to-one chats and a group, a deleted message, two pictures
    (``extra_mime`` 1), a reaction row (1007), as the values of the viewer's constants (``ddl`` header)."""
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
        if i == 10:  # a reaction row (extra_mime 1007); its body as stored is not sourced: none
            mime, body = 1007, None
        unread = 0 if out or i < n_messages - 1 else 1
        msg_rows.append((i, cid, pid, t, int(out), unread, body, i, deleted, uri, mime if mime is not None else 0, "{}"))
        sender = people[info_of[pid] - 1][1]
        recipients = [people[info_of[p] - 1][1] for p in parts[cid] if p != pid]
        messages.append({"_id": i, "conversation_id": cid, "conversation_name": cname, "msg_date": t,
                         "direction": "outgoing" if out else "incoming", "sender": sender, "recipients": recipients,
                         "body": body, "uri": uri, "deleted": bool(deleted), "unread": bool(unread),
                         "kind": "reaction" if mime == 1007 else "message"})
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
        events.append({"path": msgs["database"], "locator": f"messages:_id={m['_id']}", "kind": m["kind"],
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


IOS_DDL = "viber_ios.sql"
IOS_DB = ("private/var/mobile/Containers/Shared/AppGroup/3E1B7C52-9D4A-4F0E-8B6C-2A5D7E9F1C30/"
          "com.viber/database/Contacts.data")
COCOA_MS = 978_307_200_000  # 2001-01-01 in ms since 1970
IOS_MSG_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZBEINGDELETED", "ZLIKESCOUNT", "ZTIMEBOMBDURATION", "ZATTACHMENT",
                "ZCONVERSATION", "ZLOCATION", "ZPHONENUMINDEX", "ZDATE", "ZSTATEDATE", "ZTIMEBOMBTIMESTAMP", "ZMETADATA",
                "ZSTATE", "ZSYSTEMTYPE", "ZTEXT")
IOS_CONV_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZBEINGDELETED", "ZFAVORITE", "ZTIMEBOMBDURATION", "ZINTERLOCUTOR", "ZNAME")
IOS_MEMBER_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDISPLAYFULLNAME", "ZDISPLAYSHORTNAME", "ZNAME")
IOS_PHONE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZMEMBER", "ZCANONIZEDPHONENUM", "ZPHONE")
IOS_RECENT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCALLLOGMESSAGE", "ZRECENTSLINE", "ZDATE", "ZDURATION", "ZCALLTYPE")
IOS_LINE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZCALLTYPE", "ZPHONENUMBER")
IOS_ATT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZFILESIZE", "ZNAME", "ZTYPE")
IOS_AB_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCONTACTID", "ZMAINNAME", "ZPREFIXNAME", "ZSUFFIXNAME")
IOS_ABNUM_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCONTACT", "ZCANONIZEDPHONENUM", "ZPHONE")
IOS_SETTINGS = IOS_DB.replace("database/Contacts.data", "settings/Settings.data")
IOS_REGISTERED = 1_700_000_000  # _registrationDate, seconds since 1970
IOS_CALL_TYPES = ("incoming", "outgoing_viber", "missed", "outgoing_viber_with_video", "incoming_with_video",
                  "missed_with_video")


def _cocoa(ms: int) -> float:
    return (ms - COCOA_MS) / 1000  # ms are multiples of 250: exact in binary


def write_viber_ios(dest: Path, *, seed: int = 0, n_messages: int = 12) -> dict:
    """``Contacts.data``: two one-to-one chats and a group, a deleted message, a picture, six calls; ``Settings.data``
    beside it with the account (iLEAPP's keys)."""
    rng = random.Random(seed + 2)
    check_columns(IOS_DDL, {"ZVIBERMESSAGE": IOS_MSG_COLS, "ZCONVERSATION": IOS_CONV_COLS, "ZMEMBER": IOS_MEMBER_COLS,
                            "ZPHONENUMBER": IOS_PHONE_COLS, "ZRECENT": IOS_RECENT_COLS, "ZRECENTSLINE": IOS_LINE_COLS,
                            "ZATTACHMENT": IOS_ATT_COLS, "ZABCONTACT": IOS_AB_COLS, "ZABCONTACTNUMBER": IOS_ABNUM_COLS})
    members = [(i, name, f"+1{digits}") for i, (name, digits, _) in enumerate(PEOPLE, start=1)]
    convs = [(1, None, 1, [1]), (2, None, 3, [3]), (3, "Weekend trip", 1, [1, 2, 3])]
    msgs, rows, att_rows = [], [], []
    t = START_MS + 7_200_000
    for i in range(1, n_messages + 1):
        cid, cname, inter, who = convs[rng.randrange(len(convs))]
        t += rng.randint(240, 12_000) * 250
        out = rng.random() < 0.5
        sender = None if out else rng.choice(who)
        text, att = rng.choice(MSG_TEXTS), None
        if i == 5:
            att, text = len(att_rows) + 1, None
            att_rows.append((att, 7, 1, rng.randint(30_000, 900_000), f"{rng.getrandbits(128):032x}.jpg", "picture"))
        deleted = int(i == 8)
        rows.append((i, 12, 1, deleted, rng.randint(0, 2), 0, att, cid, None,
                     None if out else (sender if cname else None),  # one-to-one: the interlocutor, as iLEAPP reads it
                     _cocoa(t), _cocoa(t + 1000), None, None, rng.choice(("send", "delivered")) if out else "received",
                     None, text))
        msgs.append({"Z_PK": i, "conversation": cid, "ms": t, "out": out, "sender": sender, "text": text,
                     "attachment": att_rows[-1][4] if att else None, "deleted": bool(deleted)})
    # a member who wrote in the group is among its members (iLEAPP lists the conversation's members so)
    writers = {cid: sorted({inter} | {m["sender"] for m in msgs if m["conversation"] == cid and m["sender"]})
               for cid, _, inter, _ in convs}
    number = {pk: num for pk, _, num in members}
    calls, call_rows, line_rows = [], [], []
    t = START_MS + 5_000_000
    for i, ctype in enumerate(IOS_CALL_TYPES, start=1):
        t += rng.randint(2_000, 60_000) * 250
        pk = members[rng.randrange(len(members))][0]
        duration = 0 if ctype.startswith("missed") else rng.randint(3, 1500)
        line_rows.append((i, 15, 1, _cocoa(t), ctype, number[pk]))
        call_rows.append((i, 14, 1, None, i, _cocoa(t), float(duration), ctype))
        calls.append({"Z_PK": i, "ms": t, "call_type": ctype, "number": number[pk], "duration": duration})
    core_data = ("ZVIBERMESSAGE", "ZCONVERSATION", "ZMEMBER", "ZPHONENUMBER", "ZRECENT", "ZRECENTSLINE", "ZATTACHMENT",
                 "ZVIBERLOCATION", "ZABCONTACT", "ZABCONTACTNUMBER")
    with build_db(dest / IOS_DB, IOS_DDL, tables=core_data, page_size=512) as con:
        load(con, "ZMEMBER", IOS_MEMBER_COLS, [(pk, 9, 1, name, name.split()[0], name.split()[0].lower())
                                               for pk, name, _ in members])
        load(con, "ZPHONENUMBER", IOS_PHONE_COLS, [(pk, 10, 1, pk, num, f"({num[2:5]}) {num[5:8]}-{num[8:]}")
                                                   for pk, _, num in members])
        load(con, "ZCONVERSATION", IOS_CONV_COLS, [(cid, 3, 1, 0, int(cid == 3), 0, inter, name)
                                                   for cid, name, inter, _ in convs])
        load(con, "ZVIBERMESSAGE", IOS_MSG_COLS, rows)
        load(con, "ZATTACHMENT", IOS_ATT_COLS, att_rows)
        load(con, "ZRECENTSLINE", IOS_LINE_COLS, line_rows)
        load(con, "ZRECENT", IOS_RECENT_COLS, call_rows)
        load(con, "ZABCONTACT", IOS_AB_COLS, [(1, 1, 1, 501, "Morgan", "Alex", None)])
        load(con, "ZABCONTACTNUMBER", IOS_ABNUM_COLS, [(1, 2, 1, 1, number[1], "202-555-0143")])
    with build_db(dest / IOS_SETTINGS, IOS_DDL, tables=("Data",), page_size=512) as con:
        load(con, "Data", ("key", "value"), [("_myUserName", OWNER[0]), ("_myPhoneNumber", "(202) 555-0100"),
                                             ("_myCanonizedPhoneNumber", OWNER[1]), ("_registrationDate", IOS_REGISTERED),
                                             ("_appVersion", "23.1.3")])
    m = {"database": IOS_DB, "settings": IOS_SETTINGS, "owner": OWNER[1], "registered": IOS_REGISTERED, "messages": msgs,
         "calls": calls, "members": [{"Z_PK": pk, "name": name, "number": num} for pk, name, num in members]}
    return {**m, "events": _ios_events(m, writers, number)}


def _ios_events(m: dict, writers: dict, number: dict) -> list[dict]:
    from .messengers import iso_from_ms

    events = []
    for x in m["messages"]:
        inter = writers[x["conversation"]]
        sender = x["sender"] or (inter[0] if len(inter) == 1 else None)  # one-to-one: ZINTERLOCUTOR
        events.append({"locator": f"ZVIBERMESSAGE:Z_PK={x['Z_PK']}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
                       "direction": "outgoing" if x["out"] else "incoming", "conversation_id": str(x["conversation"]),
                       "sender": m["owner"] if x["out"] else number[sender],
                       "recipients": [number[pk] for pk in inter] if x["out"] else [], "body": x["text"],
                       "deleted": x["deleted"],
                       "attachments": [{"name": x["attachment"], "sha256": None}] if x["attachment"] else []})
    for c in m["calls"]:
        incoming = not c["call_type"].startswith("outgoing")
        events.append({"locator": f"ZRECENT:Z_PK={c['Z_PK']}", "kind": "call", "timestamp": iso_from_ms(c["ms"]),
                       "direction": "incoming" if incoming else "outgoing", "conversation_id": c["number"],
                       "sender": c["number"] if incoming else None, "recipients": [] if incoming else [c["number"]]})
    for x in m["members"]:
        events.append({"locator": f"ZMEMBER:Z_PK={x['Z_PK']}", "kind": "contact", "timestamp": None,
                       "conversation_id": x["number"], "sender": x["number"]})
    events.append({"locator": "ZABCONTACT:Z_PK=1", "kind": "contact", "timestamp": None, "conversation_id": number[1],
                   "sender": number[1]})
    events.append({"path": m["settings"], "locator": "Data:key=_myPhoneNumber", "kind": "contact", "timestamp": None,
                   "conversation_id": m["owner"], "sender": m["owner"]})
    return events


def ios_manifest(root: Path) -> dict:
    """The registry's form of the iOS store (:mod:`.messengers`)."""
    m = write_viber_ios(root)
    return {"app": "viber", "path": m["database"], "events": m["events"]}
