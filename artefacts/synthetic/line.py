"""A small LINE store on the sourced schema (``ddl/line_android.sql``): Android ``databases/naver_line``
(a one-to-one chat, a group chat with its members, contacts, one ``attachement_type`` 6 row and a picture)
and ``databases/call_history`` (audio, video and group calls).

Units as the sources give them: ``chat_history.created_time`` milliseconds since 1970 stored as TEXT
(the inspectdb model of a real file declares the column TEXT), ``status`` 1 incoming / 2 outgoing,
``call_history.start_time``/``end_time`` milliseconds, ``call_type`` ending ``O`` outgoing / ``I``
incoming, ``voip_type`` ``A``/``V``/``G``. The ids (mids) are opaque strings here; their form is not
checked against a real file. No real person's data: names are invented, no phone numbers.
"""

from __future__ import annotations

import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "line_android.sql"
DB = "data/data/jp.naver.line.android/databases/naver_line"
CALLS_DB = "data/data/jp.naver.line.android/databases/call_history"
START_MS = 1_714_730_400_000  # 2024-05-03T10:00:00Z
CHAT_COLS = ("chat_id", "chat_name", "owner_mid", "type", "message_count")
HIST_COLS = ("id", "server_id", "type", "chat_id", "from_mid", "content", "created_time", "delivered_time", "status",
             "read_count", "attachement_type", "attachement_local_uri")
CONTACT_COLS = ("m_id", "name", "server_name", "custom_name", "status_msg", "relation", "created_time", "updated_time")
GROUP_COLS = ("id", "name", "creator", "status", "created_time", "updated_time")
MEMBER_COLS = ("id", "m_id", "is_accepted", "updated_time", "created_time")
CALL_COLS = ("caller_mid", "call_type", "voip_type", "voip_gc_media_type", "start_time", "end_time")
PEOPLE = [("Mika Sato", "Mika"), ("Ren Ito", "Ren ☆"), ("Jo Park", "Jo")]
TEXTS = ["おはよう", "Meet at the station?", "OK 👍", "Ten minutes", "Where are you now?", "Bring the package",
         "Done", "Call later"]


def _mid(rng: random.Random, prefix: str) -> str:
    return prefix + f"{rng.getrandbits(128):032x}"


def write_line_android(dest: Path, *, seed: int = 0, n_messages: int = 16, n_calls: int = 6) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"chat": CHAT_COLS, "chat_history": HIST_COLS, "contacts": CONTACT_COLS, "groups": GROUP_COLS,
                        "membership": MEMBER_COLS, "call_history": CALL_COLS})
    mids = [_mid(rng, "u") for _ in PEOPLE]
    owner = _mid(rng, "u")
    group = _mid(rng, "c")
    contacts = [{"m_id": m, "name": n, "server_name": s} for m, (n, s) in zip(mids, PEOPLE)]
    members = sorted([mids[0], mids[1], mids[2]])
    chats = [{"chat_id": mids[0], "chat_name": None, "name": PEOPLE[0][0], "members": []},
             {"chat_id": group, "chat_name": "Night shift", "name": "Night shift", "members": members}]
    messages, hist_rows = [], []
    t = START_MS
    for i in range(1, n_messages + 1):
        chat = chats[rng.randrange(2)]
        t += rng.randint(20_000, 2_400_000)
        out = rng.random() < 0.45
        sender = None if out else (chat["chat_id"] if not chat["members"] else rng.choice(chat["members"]))
        body, uri, atype = rng.choice(TEXTS), None, 0
        if i == 6:
            atype, body = 6, None  # ALEAPP leaves attachement_type 6 out of the messages
        if i == 9:
            atype, body = 1, None
            uri = f"/storage/emulated/0/Pictures/LINE/line_{t}.jpg"
        hist_rows.append((i, str(rng.randint(10**13, 10**14)), 1, chat["chat_id"], sender, body, str(t), str(t + 900),
                          2 if out else 1, 1 if out else 0, atype, uri))
        messages.append({"id": i, "chat_id": chat["chat_id"], "chat_name": chat["name"], "created_time": t,
                         "direction": "outgoing" if out else "incoming", "sender": sender,
                         "recipients": (chat["members"] or [chat["chat_id"]]) if out else [], "body": body, "uri": uri,
                         "kind": "system" if atype == 6 else "message"})
    calls, call_rows = [], []
    t = START_MS + 600_000
    for i in range(1, n_calls + 1):
        t += rng.randint(3_600_000, 20_000_000)
        other = group if i == n_calls else mids[rng.randrange(len(mids))]
        out = rng.random() < 0.5
        voip = "G" if other == group else "AV"[i % 2]
        media = "AUDIO" if voip == "G" else None
        end = t + rng.randint(4, 1200) * 1000 + rng.randint(0, 999)
        call_rows.append((other, "O" if out else "I", voip, media, t, end))
        calls.append({"rowid": i, "other": other, "direction": "outgoing" if out else "incoming", "start_time": t,
                      "end_time": end, "voip_type": voip})
    with build_db(dest / DB, DDL, tables=("chat", "chat_history", "contacts", "groups", "membership"), page_size=512) as con:
        load(con, "chat", CHAT_COLS, [(c["chat_id"], c["chat_name"], owner if c["members"] else None,
                                       2 if c["members"] else 1, sum(m["chat_id"] == c["chat_id"] for m in messages))
                                      for c in chats])
        load(con, "chat_history", HIST_COLS, hist_rows)
        load(con, "contacts", CONTACT_COLS, [(c["m_id"], c["name"], c["server_name"], None, "", 0,
                                              START_MS - 86_400_000 * (i + 1), START_MS - 3_600_000)
                                             for i, c in enumerate(contacts)])
        load(con, "groups", GROUP_COLS, [(group, "Night shift", mids[0], 0, START_MS - 172_800_000, START_MS - 7_200_000)])
        load(con, "membership", MEMBER_COLS, [(group, m, 1, START_MS - 7_200_000, START_MS - 172_800_000) for m in members])
    with build_db(dest / CALLS_DB, DDL, tables=("call_history",), page_size=512) as con:
        load(con, "call_history", CALL_COLS, call_rows)
    m = {"database": DB, "calls_database": CALLS_DB, "messages": messages, "calls": calls, "contacts": contacts,
         "group": {"id": group, "name": "Night shift", "members": members}}
    return {**m, "events": android_events(m)}


def generic_manifest(root: Path) -> dict:
    """The registry's form (:mod:`.messengers`): every event of both Android stores, each with its path."""
    m = write_line_android(root)
    return {"app": "line", "path": m["database"], "events": m["events"]}


def android_events(m: dict) -> list[dict]:
    from .messengers import iso_from_ms

    events = []
    for x in m["messages"]:
        events.append({"locator": f"chat_history:id={x['id']}", "kind": x["kind"], "timestamp": iso_from_ms(x["created_time"]),
                       "direction": x["direction"], "conversation_id": x["chat_id"], "sender": x["sender"],
                       "recipients": x["recipients"], "body": x["body"], "deleted": False,
                       "attachments": [{"name": x["uri"].rsplit("/", 1)[-1], "sha256": None}] if x["uri"] else []})
    for c in m["contacts"]:
        events.append({"locator": f"contacts:m_id={c['m_id']}", "kind": "contact", "timestamp": None,
                       "conversation_id": c["m_id"], "sender": c["m_id"]})
    g = m["group"]
    events.append({"locator": f"groups:id={g['id']}", "kind": "contact", "timestamp": None, "conversation_id": g["id"],
                   "sender": g["id"]})
    for c in m["calls"]:
        incoming = c["direction"] == "incoming"
        events.append({"path": m["calls_database"], "locator": f"call_history:_rowid={c['rowid']}", "kind": "call",
                       "timestamp": iso_from_ms(c["start_time"]), "direction": c["direction"],
                       "conversation_id": c["other"], "sender": c["other"] if incoming else None,
                       "recipients": [] if incoming else [c["other"]]})
    return events


IOS_DDL = "line_ios.sql"
IOS_DB = ("private/var/mobile/Containers/Shared/AppGroup/7A2C9E14-5B3D-4C8F-9E1A-6D4B2F8C0A57/"
          "Library/Application Support/PrivateStore/P_u00000000000000000000000000000001/Message/Line.sqlite")


def write_line_ios(dest: Path, *, seed: int = 0, n_messages: int = 10) -> dict:
    """``Line.sqlite`` with the sourced columns only: messages (``ZSENDER`` NULL = outgoing) and users."""
    rng = random.Random(seed + 1)
    check_columns(IOS_DDL, {"ZMESSAGE": ("Z_PK", "Z_ENT", "Z_OPT", "ZSENDER", "ZTIMESTAMP", "ZTEXT"),
                            "ZUSER": ("Z_PK", "Z_ENT", "Z_OPT", "ZNAME")})
    users = [(pk, name) for pk, (name, _) in enumerate(PEOPLE, start=1)]
    messages, rows = [], []
    t = START_MS + 86_400_000
    for i in range(1, n_messages + 1):
        t += rng.randint(20_000, 2_400_000)
        sender = None if rng.random() < 0.4 else rng.choice(users)[0]
        text = rng.choice(TEXTS)
        rows.append((i, 8, 1, sender, t, text))
        messages.append({"Z_PK": i, "ms": t, "sender": sender, "text": text})
    with build_db(dest / IOS_DB, IOS_DDL, page_size=512) as con:
        load(con, "ZUSER", ("Z_PK", "Z_ENT", "Z_OPT", "ZNAME"), [(pk, 12, 1, name) for pk, name in users])
        load(con, "ZMESSAGE", ("Z_PK", "Z_ENT", "Z_OPT", "ZSENDER", "ZTIMESTAMP", "ZTEXT"), rows)
    from .messengers import iso_from_ms

    name = dict(users)
    events = [{"locator": f"ZMESSAGE:Z_PK={x['Z_PK']}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
               "direction": "incoming" if x["sender"] else "outgoing", "conversation_id": None,
               "sender": name.get(x["sender"]), "recipients": [], "body": x["text"], "deleted": False, "attachments": []}
              for x in messages]
    events += [{"locator": f"ZUSER:Z_PK={pk}", "kind": "contact", "timestamp": None, "conversation_id": n, "sender": n}
               for pk, n in users]
    return {"database": IOS_DB, "messages": messages, "users": [{"Z_PK": pk, "name": n} for pk, n in users],
            "events": events}


def ios_manifest(root: Path) -> dict:
    """The registry's form of the iOS store (:mod:`.messengers`)."""
    m = write_line_ios(root)
    return {"app": "line", "path": m["database"], "events": m["events"]}
