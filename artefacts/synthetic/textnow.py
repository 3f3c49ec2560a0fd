"""A small TextNow for Android ``databases/textnow_data.db`` on the real schema (``ddl/textnow_android.sql``).

As the sources describe it (see ``plugins/textnow_android.py``): ``messages`` with ``date`` in ms
since 1970, ``message_direction`` 1 incoming / 2 outgoing, texts (``message_type`` 1) and calls
(100, 102) whose ``message_text`` holds the duration in seconds as text, one group conversation
(``groups`` + ``group_members``), a picture in ``attach``, and ``contacts``. Numbers are from the US
555-01xx fiction range; URLs use ``example.com``.
"""

from __future__ import annotations

import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "textnow_android.sql"
DB = "data/data/com.enflick.android.TextNow/databases/textnow_data.db"
START_MS = 1_717_236_000_000  # 2024-06-01T10:00:00Z
MSG_COLS = ("_id", "message_id", "contact_value", "contact_type", "contact_name", "message_direction", "message_type",
            "message_text", "read", "date", "state", "attach", "message_source", "all_emoji")
GROUP = "group-7f3a@textnow.example.com"
PEOPLE = [("Dana Whitfield", "+12025550118"), ("", "+12025550176"), ("Ray Okafor", "+12025550149")]
TEXTS = ["you up?", "New number, save it", "Where are you parked", "10 min", "Bring the rest tomorrow", "ok",
         "Call me from the other phone", "Deleted the old app"]


def write_textnow_extraction(dest: Path, *, seed: int = 0, n_messages: int = 14) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"messages": MSG_COLS, "groups": ("_id", "contact_value", "title"),
                        "group_members": ("_id", "contact_value", "member_contact_value", "member_contact_type",
                                          "member_display_name"),
                        "contacts": ("contact_value", "contact_name")})
    members = [PEOPLE[0][1], PEOPLE[2][1]]
    rows, messages = [], []
    t = START_MS
    for i in range(1, n_messages + 1):
        t += rng.randint(20_000, 1_500_000)
        direction = rng.choice((1, 2))
        group = i in (7, 8)
        name, number = ("Crew", GROUP) if group else PEOPLE[rng.randrange(len(PEOPLE))]
        mtype = (100 if i % 2 else 102) if i in (4, 11, 13) else 1
        text = str(rng.randint(5, 400)) if mtype != 1 else rng.choice(TEXTS)
        attach = f"https://media.example.com/textnow/{rng.getrandbits(64):016x}.jpg" if i == 9 else ""
        if attach:
            text = ""
        rows.append((i, 9_000_000 + i * 7, number, 2, name or number, direction, mtype, text, int(i < n_messages - 2), t, 1,
                     attach, 0, 0))
        messages.append({"_id": i, "date": t, "direction": "incoming" if direction == 1 else "outgoing",
                         "kind": "message" if mtype == 1 else "call", "call_type": {100: "audio", 102: "video"}.get(mtype),
                         "number": number, "name": name or number, "text": text, "group": group,
                         "attach": attach})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "messages", MSG_COLS, rows)
        load(con, "groups", ("_id", "contact_value", "title"), [(1, GROUP, "Crew")])
        load(con, "group_members", ("_id", "contact_value", "member_contact_value", "member_contact_type",
                                    "member_display_name"),
             [(1 + k, GROUP, m, 2, PEOPLE[0][0] if k == 0 else PEOPLE[2][0]) for k, m in enumerate(members)])
        load(con, "contacts", ("contact_value", "contact_name"), [(n, name) for name, n in PEOPLE])
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return {"database": DB, "group": GROUP, "group_members": members, "messages": messages,
            "contacts": [{"name": name, "number": n} for name, n in PEOPLE]}


def generic_manifest(dest: Path) -> dict:
    """Write the extraction under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_textnow_extraction(dest)
    events = []
    for x in m["messages"]:
        out = x["direction"] == "outgoing"
        number = x["number"]
        if out:
            sender, recipients = None, (m["group_members"] if x["group"] else [number])
        else:
            sender, recipients = (None if x["group"] else number), []
        event = {"locator": f"messages:_id={x['_id']}", "kind": x["kind"], "timestamp": iso_from_ms(x["date"]),
                 "direction": x["direction"], "conversation_id": number, "sender": sender, "recipients": recipients,
                 "deleted": False,
                 "attachments": [{"name": x["attach"].rsplit("/", 1)[-1], "sha256": None}] if x["attach"] else []}
        if x["kind"] == "message":
            event["body"] = x["text"]
        events.append(event)
    for i, c in enumerate(m["contacts"], 1):
        events.append({"locator": f"contacts:rowid={i}", "kind": "contact", "timestamp": None,
                       "conversation_id": c["number"], "sender": c["number"]})
    return {"app": "textnow", "path": m["database"], "events": events}
