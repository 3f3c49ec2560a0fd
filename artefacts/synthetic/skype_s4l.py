"""A small Skype 8+ ``s4l-<account>.db`` (``ddl/skype_s4l.sql``), as Mobius and IPED read it.

Every table is a key-value store: ``nsp_pk`` a key, ``nsp_data`` a JSON document. Written here:
``metadata`` ``schemaVersion`` 88 (the newest Mobius handles); ``internaldata`` ``Cpriv_prefs_v2``
(``{"value": {"skypeName", "primaryMemberName", "timezone", "locale"}}``); ``profilecachev8`` contacts
(``mri``, ``fullName`` or ``displayNameOverride``, ``emails``, ``phones[].number``, ``city``, ``country``,
``mood``, ``fetchedDate`` ms); ``conversationsv14`` (``conv.id``, ``conv._threadProps.topic``/``createdat`` ms,
``conv._threadMembers[].id``): a one-to-one chat and a group; ``messagesv12`` (``cuid``, ``creator`` an mri,
``_isMyMessage`` 1/0, ``conversationId``, ``content``, ``createdTime`` ms) with ``nsp_i_convidcreatedtime``;
``calllogs`` records (``callId``, ``callDirection``, ``callType``, ``callState``, ``startTime``/``connectTime``/
``endTime`` ISO 8601 text, ``originator``, ``target``, ``originatorParticipant``/``targetParticipant``
``displayName``/``id``, ``threadId``, ``sessionType``): one answered, one never connected. The values of
``callDirection``/``callType``/``callState``/``sessionType``, the key strings of ``nsp_pk`` and the text of
``nsp_i_convidcreatedtime`` are placeholders (no source gives them); the parser reads none of them. Skype
names are fictional (``live:`` + a name), e-mails ``example.com``, phones the US 555-01xx fiction range.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import UNIX_EPOCH, iso_from_ms

DDL = "skype_s4l.sql"
DB = "data/data/com.skype.raider/databases/s4l-live_sam.owner.example.db"
START_MS = 1_712_000_000_000  # 2024-04-01
HOLDER = ("8:live:sam.owner.example", "Sam Owner")
PEOPLE = [("8:live:rowan.hale.example", "Rowan Hale", "+12025550172", "rowan@example.com"),
          ("8:live:mira.sato.example", "Mira Sato", "+12025550183", None)]
TEXTS = ["Are you in town?", "Yes, till Sunday", "Usual place at 8", "ok", "Bring the papers", "Will do",
         "Who else is coming?", "Just us two"]


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def _iso(ms: int) -> str:
    """Milliseconds since 1970 as the ISO 8601 text of a call record (``...T...sssZ``), by :mod:`datetime`."""
    return (UNIX_EPOCH + timedelta(milliseconds=ms)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_skype_s4l(dest: Path, *, seed: int = 0) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"metadata": ("name", "value"), "internaldata": ("nsp_pk", "nsp_data"),
                        "profilecachev8": ("nsp_pk", "nsp_data"), "calllogs": ("nsp_pk", "nsp_data"),
                        "messagesv12": ("nsp_pk", "nsp_data", "nsp_i_convidcreatedtime"),
                        "conversationsv14": ("nsp_pk", "nsp_data")})
    holder_mri, holder_name = HOLDER
    people = [{"mri": m, "name": n, "phone": p, "email": e} for m, n, p, e in PEOPLE]
    convs = [{"id": people[0]["mri"], "topic": None, "members": [holder_mri, people[0]["mri"]]},
             {"id": f"19:{rng.getrandbits(96):024x}@thread.skype", "topic": "Weekend",
              "members": [holder_mri, people[0]["mri"], people[1]["mri"]]}]
    conv_rows = []
    for k, c in enumerate(convs, 1):
        conv: dict = {"id": c["id"], "_threadMembers": [{"id": m} for m in c["members"]]}
        if c["topic"]:
            conv["_threadProps"] = {"topic": c["topic"], "createdat": START_MS - 3_600_000}
        conv_rows.append((f"C{c['id']}", _json({"conv": conv})))
    messages, rows = [], []
    t = START_MS
    for i, text in enumerate(TEXTS, 1):
        t += rng.randrange(20_000, 900_000)
        conv = convs[0 if i <= 5 else 1]
        mine = i % 2 == 0
        creator = holder_mri if mine else people[0 if i <= 5 else 1]["mri"]
        cuid = str(rng.getrandbits(63))
        data = {"cuid": cuid, "creator": creator, "_isMyMessage": int(mine), "conversationId": conv["id"],
                "content": text, "createdTime": t}
        rows.append((f"M{cuid}", _json(data), f"{conv['id']}:{t}"))
        messages.append({"pk": f"M{cuid}", "ms": t, "out": mine, "conv": conv["id"], "sender": creator, "body": text,
                         "recipients": [m for m in conv["members"] if m != creator]})
    calls, call_rows = [], []
    for k, connected in enumerate((True, False), 1):
        t += 1_800_000
        other = people[k - 1]
        end = t + (95_250 if connected else 31_000)
        record = {"callId": f"{rng.getrandbits(64):016x}", "callDirection": "outgoing" if connected else "incoming",
                  "callType": "twoParty", "callState": "accepted" if connected else "missed",
                  "originator": holder_mri if connected else other["mri"],
                  "target": other["mri"] if connected else holder_mri, "startTime": _iso(t),
                  "connectTime": _iso(t + 4_000) if connected else "", "endTime": _iso(end),
                  "originatorParticipant": {"id": holder_mri if connected else other["mri"],
                                            "displayName": holder_name if connected else other["name"]},
                  "targetParticipant": {"id": other["mri"] if connected else holder_mri,
                                        "displayName": other["name"] if connected else holder_name},
                  "threadId": other["mri"], "sessionType": "private"}
        call_rows.append((f"L{record['callId']}", _json(record)))
        calls.append({"pk": f"L{record['callId']}", "ms": t, "record": record})
    contacts = [{"mri": p["mri"], "fullName": p["name"], "phones": [{"number": p["phone"]}],
                 "emails": [p["email"]] if p["email"] else [], "city": "Springfield", "country": "us",
                 "mood": "", "fetchedDate": START_MS - 86_400_000} for p in people]
    with build_db(Path(dest) / DB, DDL, page_size=512) as con:
        load(con, "metadata", ("name", "value"), [("schemaVersion", 88)])
        load(con, "internaldata", ("nsp_pk", "nsp_data"),
             [("Cpriv_prefs_v2", _json({"value": {"skypeName": holder_mri[2:], "primaryMemberName": "sam.owner@example.com",
                                                    "timezone": "America/New_York", "locale": "en-US"}}))])
        load(con, "profilecachev8", ("nsp_pk", "nsp_data"), [(f"P{c['mri']}", _json(c)) for c in contacts])
        load(con, "conversationsv14", ("nsp_pk", "nsp_data"), conv_rows)
        load(con, "messagesv12", ("nsp_pk", "nsp_data", "nsp_i_convidcreatedtime"), rows)
        load(con, "calllogs", ("nsp_pk", "nsp_data"), call_rows)
    return {"path": DB, "holder": holder_mri[2:], "messages": messages, "calls": calls, "contacts": contacts,
            "convs": convs}


def generic_manifest(dest: Path) -> dict:
    """Write the database under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_skype_s4l(dest)
    events = [{"locator": f"messagesv12:nsp_pk={x['pk']}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
               "direction": "outgoing" if x["out"] else "incoming", "conversation_id": x["conv"], "sender": x["sender"],
               "recipients": x["recipients"], "body": x["body"], "deleted": False, "attachments": []}
              for x in m["messages"]]
    events += [{"locator": f"calllogs:nsp_pk={c['pk']}", "kind": "call", "timestamp": iso_from_ms(c["ms"]),
                "direction": None, "conversation_id": c["record"]["target"], "sender": c["record"]["originator"],
                "recipients": [c["record"]["target"]], "deleted": False, "attachments": []} for c in m["calls"]]
    events += [{"locator": f"profilecachev8:nsp_pk=P{c['mri']}", "kind": "contact", "timestamp": None,
                "conversation_id": c["mri"], "sender": c["mri"]} for c in m["contacts"]]
    events += [{"locator": "internaldata:nsp_pk=Cpriv_prefs_v2", "kind": "contact", "timestamp": None,
                "conversation_id": m["holder"], "sender": m["holder"]}]
    return {"app": "skype", "path": m["path"], "events": events}
