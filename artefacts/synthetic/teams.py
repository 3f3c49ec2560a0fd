"""A small Microsoft Teams for Android ``databases/SkypeTeams.db`` (``ddl/teams_android.sql``).

As the sources describe it (see ``plugins/teams_android.py``): ``Message`` rows with ``arrivalTime``
and ``deleteTime`` in ms since 1970 (0 = not deleted; one message deleted), HTML ``content``, two
conversations with a topic (``Conversation.displayName``), three ``User`` rows addressed by mri
(``8:orgid:<GUID>``), and two ``CallLog`` JSON records in ``MessagePropertyAttribute`` (an answered
call and one never connected, ``connectTimeMillis`` 0). No source lists the values of ``callDirection``,
``callState``, ``callType``, ``sessionType``, ``User.type``/``userType``: the strings written there are
placeholders the parser keeps raw and never interprets. Names are fictional, addresses use
``example.com``, phones the US 555-01xx fiction range.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import iso_from_ms

DDL = "teams_android.sql"
DB = "data/data/com.microsoft.teams/databases/SkypeTeams.db"
START_MS = 1_718_000_000_000  # 2024-06-10
MSG_COLS = ("messageId", "conversationId", "arrivalTime", "userDisplayName", "content", "deleteTime")
USER_COLS = ("mri", "lastSyncTime", "givenName", "surname", "displayName", "email", "telephoneNumber",
             "accountEnabled", "type", "userType", "isSkypeTeamsUser", "isPrivateChatEnabled")
PEOPLE = [("Case", "User", "+12025550161"), ("Rowan", "Hale", "+12025550172"), ("Mira", "Sato", "+12025550183")]
TEXTS = ["<p>Can you send the figures?</p>", "<p>On it</p>", "<p>Call at 3?</p>", "<p>Yes</p>",
         "<p>Moved the files to the share</p>", "<p>Thanks</p>", "<p>Delete that last one</p>", "<p>Done</p>"]


def write_teams_android_extraction(dest: Path, *, seed: int = 0) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"Message": MSG_COLS, "Conversation": ("conversationId", "displayName"), "User": USER_COLS,
                        "MessagePropertyAttribute": ("propertyId", "attributeValue")})
    users = [{"mri": f"8:orgid:{uuid.UUID(int=rng.getrandbits(128), version=4)}", "given": g, "surname": s,
              "name": f"{g} {s}", "phone": p} for g, s, p in PEOPLE]
    convs = [(f"19:{rng.getrandbits(96):024x}@thread.v2", "Quarterly numbers"),
             (f"19:{rng.getrandbits(96):024x}@thread.v2", "Site visit")]
    messages, rows = [], []
    t = START_MS
    for i, text in enumerate(TEXTS):
        t += rng.randrange(30_000, 1_200_000)
        author = users[i % 3]
        conv = convs[0 if i < 5 else 1]
        deleted = t + 95_000 if i == 6 else 0
        mid = str(t + rng.randrange(1000))
        rows.append((mid, conv[0], t, author["name"], text, deleted))
        messages.append({"id": mid, "ms": t, "conv": conv[0], "body": text, "deleted": bool(deleted)})
    calls = []
    for k, (connected, length, direction) in enumerate(((True, 187_000, "Outgoing"), (False, 0, "Incoming"))):
        t += 3_600_000
        target = users[1 + k]["mri"]
        record = {"callId": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "callDirection": direction,
                  "callType": "twoParty", "callState": "accepted" if connected else "missed",
                  "connectTimeMillis": t if connected else 0, "endTimeMillis": t + length if connected else t,
                  "originatorDisplayName": users[0 if connected else 1 + k]["name"], "sessionType": "private",
                  "target": target}
        calls.append({"ms": t if connected else None, "target": target})
        calls[-1]["record"] = record
    with build_db(Path(dest) / DB, DDL, page_size=512) as con:
        load(con, "Message", MSG_COLS, rows)
        load(con, "Conversation", ("conversationId", "displayName"), convs)
        load(con, "User", USER_COLS, [(u["mri"], START_MS - 86_400_000, u["given"], u["surname"], u["name"],
                                       f"{u['given'].lower()}@contoso.example.com", u["phone"], 1, "ADUser", "Member",
                                       1, 1) for u in users])
        load(con, "MessagePropertyAttribute", ("propertyId", "attributeValue"),
             [("CallLog", json.dumps(c["record"], separators=(",", ":"))) for c in calls])
    return {"path": DB, "messages": messages, "users": users, "calls": calls}


def generic_manifest(dest: Path) -> dict:
    """Write the database under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_teams_android_extraction(dest)
    events = [{"locator": f"Message:messageId={x['id']}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
               "direction": None, "conversation_id": x["conv"], "sender": None, "recipients": [], "body": x["body"],
               "deleted": x["deleted"], "attachments": []} for x in m["messages"]]
    events += [{"locator": f"User:rowid={i}", "kind": "contact", "timestamp": None, "conversation_id": u["mri"],
                "sender": u["mri"]} for i, u in enumerate(m["users"], 1)]
    events += [{"locator": f"CallLog:rowid={i}", "kind": "call",
                "timestamp": iso_from_ms(c["ms"]) if c["ms"] else None, "direction": None,
                "conversation_id": c["target"], "sender": None, "recipients": [c["target"]], "deleted": False,
                "attachments": []} for i, c in enumerate(m["calls"], 1)]
    return {"app": "teams", "path": m["path"], "events": events}
