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


# --- Microsoft Teams for iOS (``ddl/teams_ios.sql``) -------------------------------------------------------------
#
# As iLEAPP reads the Core Data store (see ``plugins/teams_ios.py``): ``ZSMESSAGE`` rows with ``ZARRIVALTIME`` in
# Cocoa seconds (whole seconds plus k/8 s, exact in a double), ``ZCOMPOSETIME`` ISO 8601 text, ``ZTS_ISSENTBYME``
# 1 for the holder's messages, HTML ``ZCONTENT``, ``ZTHREADID`` naming a ``ZTHREAD`` (``ZTSID``, ``ZTHREADTOPIC``;
# one thread without a topic row); two call messages whose ``ZMESSAGEPROPERTIES.ZPROPERTIES`` is a property list
# with a ``call-log`` JSON string (one an NSKeyedArchiver archive, one a plain binary plist: iLEAPP reads both),
# the record's times ISO 8601 text (iLEAPP strips the ``Z`` and the ``T``); ``ZDEVICECONTACTHASH`` and ``ZUSER``
# rows. The values of ``ZTHREADTYPE``, ``ZTS_MESSAGEBASETYPE``/``CONTENTTYPE``, ``callDirection``, ``callType``,
# ``callState`` are placeholders the parser keeps raw (no source lists them); the store's file name follows the
# one path published for it (``SkypeSpacesDogood-<Microsoft-ID>.sqlite``, a 2025 iOS 15 tool comparison).

IOS_DDL = "teams_ios.sql"
IOS_DB = ("private/var/mobile/Containers/Shared/AppGroup/5B0E7C2A-9D41-4F3B-A6E8-2C7D1F0B9A34/SkypeSpacesDogfood/"
          "0F3C2B1A-7E6D-4C5B-9A8F-1E2D3C4B5A69/SkypeSpacesDogood-0f3c2b1a-7e6d-4c5b-9a8f-1e2d3c4b5a69.sqlite")
IOS_START = 740_000_000.0  # 2024-06-13
IOS_MSG_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTS_ISSENTBYME", "ZARRIVALTIME", "ZCOMPOSETIME", "ZCONTENT", "ZFROM",
                "ZIMDISPLAYNAME", "ZTHREADID", "ZTHREADTYPE", "ZTSID", "ZTS_MESSAGEBASETYPE", "ZTS_MESSAGECONTENTTYPE")
IOS_THREAD_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTHREADTOPIC", "ZTSID")
IOS_PROP_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTSID", "ZPROPERTIES")
IOS_HASH_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDISPLAYNAME", "ZEMAIL", "ZPHONENUMBER")
IOS_USER_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTS_LASTSYNCEDAT", "ZDISPLAYNAME", "ZTELEPHONENUMBER")
IOS_TEXTS = ["<p>You here yet?</p>", "<p>I am. Battery and all.</p>", "<p>Sending the plan now</p>",
             "<p>Got it</p>", "<p>Calling you</p>", "<p>Line dropped</p>", "<p>Try video</p>", "<p>Ok</p>"]


def _iso_ms(seconds: float) -> str:
    """Cocoa seconds as the ISO text of a call record (milliseconds, ``Z``), by :mod:`datetime`."""
    from .coredata import COCOA_EPOCH
    from datetime import timedelta

    return (COCOA_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_teams_ios_extraction(dest: Path, *, seed: int = 0) -> dict:
    import plistlib

    from .coredata import cocoa_times
    from .signal_ios import keyed_archive

    rng = random.Random(seed)
    check_columns(IOS_DDL, {"ZSMESSAGE": IOS_MSG_COLS, "ZTHREAD": IOS_THREAD_COLS, "ZMESSAGEPROPERTIES": IOS_PROP_COLS,
                            "ZDEVICECONTACTHASH": IOS_HASH_COLS, "ZUSER": IOS_USER_COLS})
    users = [{"mri": f"8:orgid:{uuid.UUID(int=rng.getrandbits(128), version=4)}", "name": f"{g} {s}", "phone": p}
             for g, s, p in PEOPLE]
    holder = users[0]
    threads = [{"id": f"19:{rng.getrandbits(96):024x}@thread.v2", "topic": "Site visit", "type": "chat"},
               {"id": f"19:{users[1]['mri'][8:]}_{holder['mri'][8:]}@unq.gbl.spaces", "topic": None, "type": "chat"}]
    times = cocoa_times(rng, IOS_START, len(IOS_TEXTS) + 2, min_gap=30, max_gap=600)
    messages, rows, props, calls = [], [], [], []
    for i, t in enumerate(times, 1):
        thread = threads[0 if i <= 4 else 1]
        is_call = i in (6, 9)
        author = holder if (i % 2 == 0 or is_call) else users[1 + i % 2]
        ts_id = str(1_718_300_000_000 + i * 7919 + rng.randrange(1000))
        body = "<partlist><part/></partlist>" if is_call else IOS_TEXTS[(i - 1) % len(IOS_TEXTS)]
        outgoing = author is holder
        rows.append((i, 4, 1, int(outgoing), t, _iso_ms(t - 2), body, author["mri"], author["name"], thread["id"],
                     thread["type"], ts_id, "Call" if is_call else "Text", "RichText/Html" if not is_call else "Event/Call"))
        messages.append({"pk": i, "t": t, "out": outgoing, "conv": thread["id"], "sender": author["mri"], "body": body})
        if is_call:
            connected = i == 6
            target = users[1]
            length = 22.5 if connected else 0
            record = {"callId": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "callDirection": "outgoing",
                      "callType": "audio" if connected else "video", "callState": "accepted" if connected else "missed",
                      "originator": holder["mri"], "target": target["mri"], "startTime": _iso_ms(t - 30),
                      "connectTime": _iso_ms(t - 25) if connected else "", "endTime": _iso_ms(t - 25 + length),
                      "originatorParticipant": {"displayName": holder["name"]},
                      "targetParticipant": {"displayName": target["name"]}}
            value = {"call-log": json.dumps(record, separators=(",", ":"))}
            blob = keyed_archive(value) if connected else plistlib.dumps(value, fmt=plistlib.FMT_BINARY)
            props.append((len(props) + 1, 7, 1, ts_id, blob))
            calls.append({"pk": len(props), "start": t - 30, "target": target["mri"], "originator": holder["mri"],
                          "duration": length if connected else None, "record": record})
    with build_db(Path(dest) / IOS_DB, IOS_DDL, page_size=512) as con:
        load(con, "ZSMESSAGE", IOS_MSG_COLS, rows)
        load(con, "ZTHREAD", IOS_THREAD_COLS, [(1, 9, 1, threads[0]["topic"], threads[0]["id"])])
        load(con, "ZMESSAGEPROPERTIES", IOS_PROP_COLS, props)
        load(con, "ZDEVICECONTACTHASH", IOS_HASH_COLS,
             [(1, 3, 1, "Mira Sato", "mira@example.com", "(202) 555-0183"), (2, 3, 1, "Jo Brandt", None, "+1 202-555-0194")])
        load(con, "ZUSER", IOS_USER_COLS, [(k, 11, 1, IOS_START - 86_400 + k, u["name"], u["phone"])
                                           for k, u in enumerate(users, 1)])
    contacts = [("ZDEVICECONTACTHASH", 1, "(202) 555-0183"), ("ZDEVICECONTACTHASH", 2, "+1 202-555-0194")]
    contacts += [("ZUSER", k, u["phone"]) for k, u in enumerate(users, 1)]
    return {"path": IOS_DB, "messages": messages, "calls": calls, "contacts": contacts, "threads": threads}


def ios_manifest(dest: Path) -> dict:
    """Write the iOS store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .coredata import cocoa_iso, manifest_message

    m = write_teams_ios_extraction(dest)
    events = [manifest_message(f"ZSMESSAGE:Z_PK={x['pk']}", x["t"], x["out"], x["conv"], x["sender"], [], x["body"])
              for x in m["messages"]]
    events += [{"locator": f"ZMESSAGEPROPERTIES:Z_PK={c['pk']}", "kind": "call", "timestamp": cocoa_iso(c["start"]),
                "direction": None, "conversation_id": c["target"], "sender": c["originator"],
                "recipients": [c["target"]], "deleted": False, "attachments": []} for c in m["calls"]]
    events += [{"locator": f"{table}:Z_PK={pk}", "kind": "contact", "timestamp": None, "conversation_id": phone,
                "sender": phone} for table, pk, phone in m["contacts"]]
    return {"app": "teams", "path": m["path"], "events": events}
