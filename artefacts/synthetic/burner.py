"""A small Burner for Android ``databases/burners.db`` on the real schema (``ddl/burner_android.sql``).

As the real file of plaso's test data: one ``burners`` row per number the account holds (here two),
``messages`` of texts (``message_type`` 2) and calls (1) with ``direction`` 1 incoming / 2 outgoing,
``date_created`` ms since 1970, the burner's ``burner_id``, a picture as ``asset_url``, and
``contacts``. Numbers are from the US 555-01xx fiction range; URLs use ``example.com``.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "burner_android.sql"
DB = "data/data/com.adhoclabs.burner/databases/burners.db"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
BURNER_COLS = ("_id", "burner_id", "phone_number_id", "user_id", "name", "features", "total_minutes", "remaining_minutes",
               "total_texts", "remaining_texts", "expiration_date", "date_created", "last_updated_date")
MSG_COLS = ("_id", "message_id", "state", "message", "contact_phone_number", "connected", "message_type", "date_created",
            "last_updated_date", "read", "user_id", "burner_id", "duration", "direction", "asset_url", "send_status")
CONTACT_COLS = ("_id", "contact_id", "name", "phone_number", "date_created", "last_updated_date", "blocked", "muted")
TEXTS = ["Is this the new number?", "Yes, use this one from now on", "Same place as last time?", "Running 10 min late",
         "Delete this thread", "ok", "Send the address", "Got it"]


def write_burner_extraction(dest: Path, *, seed: int = 0, n_messages: int = 18) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"burners": BURNER_COLS, "messages": MSG_COLS, "contacts": CONTACT_COLS})
    user = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    burners = [{"burner_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "number": f"+1202555{n}", "name": name,
                "date_created": START_MS - 86_400_000 * (i + 1)} for i, (n, name) in enumerate((("0155", "Work line"),
                                                                                              ("0163", "Craigslist")))]
    people = [("Kim Ortega", "+12025550132"), ("+12025550187", "+12025550187")]
    messages, rows = [], []
    t = START_MS
    for i in range(1, n_messages + 1):
        burner = burners[i % 2]
        name, number = people[rng.randrange(len(people))]
        t += rng.randint(30_000, 1_800_000)
        direction = rng.choice((1, 2))
        mtype = 1 if i % 6 == 0 else 2
        body = "" if mtype == 1 else rng.choice(TEXTS)
        asset = f"https://media.example.com/burner-mms/{uuid.UUID(int=rng.getrandbits(128), version=4)}.jpg" if i == 5 else None
        if asset:
            body = ""
        duration = rng.randint(1, 9) if mtype == 1 else 0
        mid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        rows.append((i, mid, 3 if mtype == 1 else 1, body, number, int(mtype == 1), mtype, t, t, 1, user,
                     burner["burner_id"], duration, direction, asset, 0))
        messages.append({"_id": i, "message_id": mid, "date_created": t, "kind": "call" if mtype == 1 else "message",
                         "direction": "incoming" if direction == 1 else "outgoing", "body": body, "other": number,
                         "contact_name": name, "burner_number": burner["number"], "asset_url": asset})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "burners", BURNER_COLS, [
            (17 + i, b["burner_id"], b["number"], user, b["name"], '[{"featureName":"mms","id":5}]', 50, 40, 100, 80,
             b["date_created"] + 30 * 86_400_000, b["date_created"], b["date_created"]) for i, b in enumerate(burners)])
        load(con, "messages", MSG_COLS, rows)
        load(con, "contacts", CONTACT_COLS, [
            (30 + i, str(uuid.UUID(int=rng.getrandbits(128), version=4)), name, number, START_MS - 5_000_000,
             START_MS - 5_000_000, 0, 0) for i, (name, number) in enumerate(people)])
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return {"database": DB, "user_id": user, "burners": burners, "messages": messages,
            "contacts": [{"name": n, "number": p} for n, p in people]}


def generic_manifest(dest: Path) -> dict:
    """Write the extraction under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_burner_extraction(dest)
    events = []
    for x in m["messages"]:
        own, other = x["burner_number"], x["other"]
        out = x["direction"] == "outgoing"
        event = {"locator": f"messages:_id={x['_id']}", "kind": x["kind"],
                 "timestamp": iso_from_ms(x["date_created"]),
                 "direction": x["direction"], "conversation_id": other, "sender": own if out else other,
                 "recipients": [other] if out else [own], "deleted": False,
                 "attachments": [{"name": x["asset_url"].rsplit("/", 1)[-1], "sha256": None}] if x["asset_url"] else []}
        if x["kind"] == "message":
            event["body"] = x["body"]
        events.append(event)
    for i, b in enumerate(m["burners"]):
        events.append({"locator": f"burners:_id={17 + i}", "kind": "contact", "timestamp": None,
                       "conversation_id": b["number"], "sender": b["number"]})
    for i, c in enumerate(m["contacts"]):
        events.append({"locator": f"contacts:_id={30 + i}", "kind": "contact", "timestamp": None,
                       "conversation_id": c["number"], "sender": c["number"]})
    return {"app": "burner", "path": m["database"], "events": events}
