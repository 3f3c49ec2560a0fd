"""Deterministic Threema for iOS extractions: ``ThreemaData.sqlite`` (Core Data) in the app group container.

Schema: ``ddl/threema_ios.sql`` (the tables Core Data makes of the app's model ``ThreemaDataV54``; how, and
what is assumed, in its header) and, for the first model of 2012, ``ddl/threema_ios_v1.sql``. Values as the
app writes them (``plugins/threema_ios.py`` cites the sources): times Cocoa seconds as REALs, ``ZISOWN`` 1
for the owner's messages, the sender of an incoming message in ``ZSENDER``, one ``ZMESSAGE`` row per
message of any subentity with ``Z_ENT`` naming it, ``SystemMessage`` type and ``arg`` (a JSON dictionary
with ``CallTime`` / ``CallInitiator`` / ``DateString`` for calls, the new name as UTF-8 for a renamed
group), binary data with Core Data's external-storage marker (0x01 + the bytes inline, 0x02 + the UUID of a
file in ``.ThreemaData_SUPPORT/_EXTERNAL_DATA/`` + 0x00). Nothing here is a real person's data; Threema
IDs are 8 characters of A-Z0-9 as the app's are. Every time is chosen in whole microseconds and stored as
the double whose exact value is not below it, so the microsecond is what a reader finds.
"""

from __future__ import annotations

import json
import math
import plistlib
import random
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..timeconv import COCOA_EPOCH_OFFSET_S, format_us
from .ddl_loader import check_columns, create

DDL = "threema_ios.sql"
DDL_V1 = "threema_ios_v1.sql"
DDL_V11 = "threema_ios_v11.sql"
APP_GROUP = "private/var/mobile/Containers/Shared/AppGroup/3B7F0C52-9A1E-4D6B-8E20-5C4A7D9F1E63"
EXTERNAL_DIR = ".ThreemaData_SUPPORT/_EXTERNAL_DATA"
START_US = 734_000_000_000_000  # Cocoa µs: 2024-04-05T08:53:20Z

#: every entity of ThreemaDataV54, numbered alphabetically (the assumption stated in ddl/threema_ios.sql)
ENTITIES = ("AudioData", "AudioMessage", "Ballot", "BallotChoice", "BallotMessage", "BallotResult", "Call", "Contact",
            "Conversation", "DistributionList", "FileData", "FileMessage", "Group", "GroupCallEntity", "ImageData",
            "ImageMessage", "LastGroupSyncRequest", "LocationMessage", "Message", "MessageHistoryEntry",
            "MessageMarkers", "MessageReaction", "Nonce", "SystemMessage", "TextMessage", "VideoData", "VideoMessage",
            "WebClientSession")
ENT = {name: i for i, name in enumerate(ENTITIES, 1)}
MESSAGE_SUBENTITIES = ("AudioMessage", "BallotMessage", "FileMessage", "ImageMessage", "LocationMessage",
                       "SystemMessage", "TextMessage", "VideoMessage")
#: SystemMessage.h types used here
SYS_RENAME_GROUP, SYS_CALL_MISSED, SYS_CALL_ENDED = 1, 7, 11

TEXTS = ["Package is ready", "Where do we meet?", "Same place as last week \U0001F4CD", "\u00c7a marche",
         "Two more tomorrow", "Delete this chat after reading", "ok"]
#: the kinds of the message script, in order (group-only and one-to-one-only kinds are moved as needed)
SCRIPT = ("TextMessage", "TextMessage", "ImageMessage", "FileMessage", "SystemMessage:call", "TextMessage",
          "LocationMessage", "AudioMessage", "VideoMessage", "BallotMessage", "SystemMessage:rename", "TextMessage")


def _tid(r: random.Random) -> str:
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(8))


def cocoa_real(cocoa_us: int) -> float:
    """The double stored for a time of ``cocoa_us`` µs since 2001: the nearest one not below it."""
    value = cocoa_us / 1_000_000
    while _floor_us(value) < cocoa_us:
        value = math.nextafter(value, math.inf)
    return value


def _floor_us(value: float) -> int:
    n, d = value.as_integer_ratio()
    return n * 1_000_000 // d


def iso_of(cocoa_us: int) -> str:
    return format_us(cocoa_us + COCOA_EPOCH_OFFSET_S * 1_000_000)


def _external(r: random.Random, files: dict, size: int) -> bytes:
    """A Core Data external-storage reference (0x02 + UUID + 0x00) and its file's bytes in ``files``."""
    name = str(uuid.UUID(int=r.getrandbits(128), version=4)).upper()
    files[name] = r.randbytes(size)
    return b"\x02" + name.encode("ascii") + b"\x00"


def _metadata(con, r: random.Random) -> None:
    store_uuid = str(uuid.UUID(int=r.getrandbits(128), version=4)).upper()
    meta = plistlib.dumps({"NSStoreType": "SQLite", "NSStoreUUID": store_uuid}, fmt=plistlib.FMT_BINARY, sort_keys=True)
    con.execute("INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, ?)", (store_uuid, meta))


@contextmanager
def _new_store(path, ddl: str, r: random.Random):
    """A connection to a new store at ``path`` with the tables of ``ddl``; Z_METADATA written and committed at the end."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        create(con, ddl, "tables")
        yield con
        _metadata(con, r)
        con.commit()
    finally:
        con.close()


def _insert(con, table: str, row: dict) -> int:
    cols = list(row)
    cur = con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                      [row[c] for c in cols])
    return cur.lastrowid


WRITTEN = {
    "ZCONTACT": ("Z_PK", "Z_ENT", "Z_OPT", "ZIDENTITY", "ZFIRSTNAME", "ZLASTNAME", "ZPUBLICNICKNAME", "ZPUBLICKEY",
                 "ZVERIFICATIONLEVEL", "ZSTATE", "ZCREATEDAT", "ZFORWARDSECURITYSTATE", "ZREADRECEIPTS",
                 "ZTYPINGINDICATORS"),
    "ZCONVERSATION": ("Z_PK", "Z_ENT", "Z_OPT", "ZCONTACT", "ZGROUPID", "ZGROUPNAME", "ZGROUPMYIDENTITY",
                      "ZDISTRIBUTIONLIST", "ZCATEGORY", "ZMARKED", "ZUNREADMESSAGECOUNT", "ZVISIBILITY", "ZLASTUPDATE"),
    "ZGROUP": ("Z_PK", "Z_ENT", "Z_OPT", "ZGROUPCREATOR", "ZGROUPID", "ZSTATE"),
    "ZDISTRIBUTIONLIST": ("Z_PK", "Z_ENT", "Z_OPT", "ZDISTRIBUTIONLISTID", "ZCONVERSATION", "ZNAME"),
    "ZMESSAGE": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZISOWN", "ZCONVERSATION", "ZSENDER", "ZID", "ZREAD", "ZSENT",
                 "ZDELIVERED", "ZUSERACK", "ZFORWARDSECURITYMODE", "ZREMOTESENTDATE", "ZTEXT", "ZCAPTION", "ZFILENAME",
                 "ZMIMETYPE", "ZFILESIZE", "ZTYPE", "ZTYPE1", "ZDATA", "ZIMAGE", "ZTHUMBNAIL1", "ZIMAGESIZE", "ZVIDEO",
                 "ZDURATION1", "ZVIDEOSIZE", "ZAUDIO", "ZDURATION", "ZAUDIOSIZE", "ZLATITUDE", "ZLONGITUDE",
                 "ZACCURACY", "ZPOINAME", "ZPOIADDRESS", "ZBALLOT", "ZBALLOTSTATE", "ZARG"),
    "ZIMAGEDATA": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATA", "ZHEIGHT", "ZWIDTH", "ZMESSAGE"),
    "ZVIDEODATA": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATA", "ZMESSAGE"),
    "ZAUDIODATA": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATA", "ZMESSAGE"),
    "ZFILEDATA": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATA", "ZMESSAGE"),
    "ZBALLOT": ("Z_PK", "Z_ENT", "Z_OPT", "ZID", "ZTITLE", "ZCREATORID", "ZCONVERSATION", "ZSTATE", "ZTYPE",
                "ZASSESSMENTTYPE", "ZCHOICESTYPE", "ZCREATEDATE", "ZMODIFYDATE"),
    "ZBALLOTCHOICE": ("Z_PK", "Z_ENT", "Z_OPT", "ZBALLOT", "ZID", "ZNAME", "ZORDERPOSITION", "ZTOTALVOTES",
                      "ZCREATEDATE", "ZMODIFYDATE"),
    "ZMESSAGEREACTION": ("Z_PK", "Z_ENT", "Z_OPT", "ZCREATOR", "ZMESSAGE", "ZDATE", "ZREACTION"),
    "ZMESSAGEHISTORYENTRY": ("Z_PK", "Z_ENT", "Z_OPT", "ZMESSAGE", "ZEDITDATE", "ZTEXT"),
}


def build_threema_ios_db(path, *, n_messages: int = 24, seed: int | str = 0) -> dict:
    """``ThreemaData.sqlite`` at ``path``; returns the summary (contacts, conversations, messages, external files)."""
    check_columns(DDL, WRITTEN)
    r = random.Random(f"threema-ios-{seed}")
    own = _tid(r)
    # (first, last, public nickname, the name a reader shows: first and last, else the nickname, as iLEAPP)
    people = [("Lena", "Example", "lena", "Lena Example"), ("Marco", None, "m.sample", "Marco"),
              (None, None, "ava", "ava"), ("Noor", "Demo", None, "Noor Demo")]
    contacts = []
    for i, (first, last, nick, name) in enumerate(people, 1):
        contacts.append({"pk": i, "identity": _tid(r), "first": first, "last": last, "nickname": nick, "name": name})
    group_id = r.randbytes(8)
    group = {"name": "Delivery crew", "group_id": group_id.hex(), "creator": contacts[0]["identity"],
             "members": [c["identity"] for c in contacts[:2]] + [contacts[3]["identity"]],
             "conversation_id": f"group:{group_id.hex()}"}
    dlist = {"id": 7_301_112_233, "name": "Customers", "conversation_id": "distribution_list:7301112233"}
    # conversations: three one-to-one, the group, the distribution list
    convs = [{"pk": i, "contact": contacts[i - 1], "id": contacts[i - 1]["identity"], "name": contacts[i - 1]["name"],
              "group": False} for i in (1, 2, 3)]
    convs.append({"pk": 4, "contact": None, "id": group["conversation_id"], "name": group["name"], "group": True})
    convs.append({"pk": 5, "contact": None, "id": dlist["conversation_id"], "name": dlist["name"], "group": False,
                  "list": True})
    files: dict[str, bytes] = {}
    messages, reactions, history = [], [], []
    with _new_store(path, DDL, r) as con:
        for c in contacts:
            _insert(con, "ZCONTACT", {
                "Z_PK": c["pk"], "Z_ENT": ENT["Contact"], "Z_OPT": 1, "ZIDENTITY": c["identity"], "ZFIRSTNAME": c["first"],
                "ZLASTNAME": c["last"], "ZPUBLICNICKNAME": c["nickname"], "ZPUBLICKEY": r.randbytes(32),
                "ZVERIFICATIONLEVEL": c["pk"] % 3, "ZSTATE": 0, "ZCREATEDAT": cocoa_real(START_US - 86_400_000_000 * c["pk"]),
                "ZFORWARDSECURITYSTATE": 0, "ZREADRECEIPTS": 0, "ZTYPINGINDICATORS": 0})
        _insert(con, "ZGROUP", {"Z_PK": 1, "Z_ENT": ENT["Group"], "Z_OPT": 1, "ZGROUPCREATOR": group["creator"],
                                "ZGROUPID": group_id, "ZSTATE": 0})
        _insert(con, "ZDISTRIBUTIONLIST", {"Z_PK": 1, "Z_ENT": ENT["DistributionList"], "Z_OPT": 1,
                                           "ZDISTRIBUTIONLISTID": dlist["id"], "ZCONVERSATION": 5, "ZNAME": dlist["name"]})
        for cv in convs:
            _insert(con, "ZCONVERSATION", {
                "Z_PK": cv["pk"], "Z_ENT": ENT["Conversation"], "Z_OPT": 1,
                "ZCONTACT": cv["contact"]["pk"] if cv["contact"] else None,
                "ZGROUPID": group_id if cv["group"] else None, "ZGROUPNAME": group["name"] if cv["group"] else None,
                "ZGROUPMYIDENTITY": own if cv["group"] else None, "ZDISTRIBUTIONLIST": 1 if cv.get("list") else None,
                "ZCATEGORY": 0, "ZMARKED": 0, "ZUNREADMESSAGECOUNT": 0, "ZVISIBILITY": 0, "ZLASTUPDATE": None})
        by_identity = {c["identity"]: c for c in contacts}
        counters = {"ZIMAGEDATA": 0, "ZVIDEODATA": 0, "ZAUDIODATA": 0, "ZFILEDATA": 0, "ZBALLOT": 0, "ZBALLOTCHOICE": 0}
        t = START_US
        for pk in range(1, n_messages + 1):
            t += r.randrange(20_000_000, 4_000_000_000)  # whole µs
            kind = SCRIPT[(pk - 1) % len(SCRIPT)]
            cv = convs[(pk - 1) % 4]
            if kind in ("BallotMessage", "SystemMessage:rename"):
                cv = convs[3]
            elif kind == "SystemMessage:call" and cv["group"]:
                cv = convs[0]
            if pk == 6:  # one message to the distribution list
                kind, cv = "TextMessage", convs[4]
            entity = kind.split(":")[0]
            outgoing = r.random() < 0.4 or cv.get("list", False)
            row = {"Z_PK": pk, "Z_ENT": ENT[entity], "Z_OPT": 1, "ZDATE": cocoa_real(t), "ZISOWN": int(outgoing),
                   "ZCONVERSATION": cv["pk"], "ZID": r.randbytes(8), "ZREAD": 1, "ZSENT": int(outgoing),
                   "ZDELIVERED": 1, "ZUSERACK": 0, "ZFORWARDSECURITYMODE": 0, "ZLASTEDITEDAT": None,
                   "ZREMOTESENTDATE": cocoa_real(t - r.randrange(500_000, 30_000_000))}
            sender = None
            if not outgoing and entity != "SystemMessage":
                if cv["group"]:
                    sender = by_identity[r.choice(group["members"])]
                else:
                    sender = cv["contact"]
                # the app sets ZSENDER on incoming messages; every third one-to-one row leaves it NULL here, so
                # that the reader's fallback (the conversation's contact) is exercised too
                row["ZSENDER"] = None if (not cv["group"] and pk % 3 == 0) else sender["pk"]
            body, attachment, type_name = None, None, entity
            edits = None
            if entity == "TextMessage":
                body = row["ZTEXT"] = TEXTS[pk % len(TEXTS)]
                if pk == 13:  # edited once: the earlier text in a MessageHistoryEntry
                    edited = t + 90_000_000
                    row["ZLASTEDITEDAT"] = cocoa_real(edited)
                    history.append({"Z_PK": len(history) + 1, "Z_ENT": ENT["MessageHistoryEntry"], "Z_OPT": 1,
                                    "ZMESSAGE": pk, "ZEDITDATE": row["ZLASTEDITEDAT"], "ZTEXT": body.upper() + "?"})
                    edits = [{"editDate": iso_of(edited), "text": body.upper() + "?"}]
            elif entity == "ImageMessage":
                counters["ZIMAGEDATA"] += 1
                image = counters["ZIMAGEDATA"]
                data = r.randbytes(48)
                _insert(con, "ZIMAGEDATA", {"Z_PK": image, "Z_ENT": ENT["ImageData"], "Z_OPT": 1, "ZDATA": b"\x01" + data,
                                            "ZHEIGHT": 4, "ZWIDTH": 6, "ZMESSAGE": pk})
                counters["ZIMAGEDATA"] += 1
                _insert(con, "ZIMAGEDATA", {"Z_PK": image + 1, "Z_ENT": ENT["ImageData"], "Z_OPT": 1,
                                            "ZDATA": b"\x01" + r.randbytes(16), "ZHEIGHT": 2, "ZWIDTH": 3, "ZMESSAGE": None})
                row.update(ZIMAGE=image, ZTHUMBNAIL1=image + 1, ZIMAGESIZE=len(data))
                attachment = {"inline": True, "size": len(data), "data": data.hex(), "mime_type": "image/jpeg"}
            elif entity in ("VideoMessage", "AudioMessage", "FileMessage"):
                table = {"VideoMessage": "ZVIDEODATA", "AudioMessage": "ZAUDIODATA", "FileMessage": "ZFILEDATA"}[entity]
                counters[table] += 1
                marker = _external(r, files, 96 + pk)
                name = marker[1:-1].decode("ascii")
                _insert(con, table, {"Z_PK": counters[table], "Z_ENT": ENT[{"ZVIDEODATA": "VideoData",
                                                                         "ZAUDIODATA": "AudioData",
                                                                         "ZFILEDATA": "FileData"}[table]],
                                     "Z_OPT": 1, "ZDATA": marker, "ZMESSAGE": pk})
                attachment = {"inline": False, "external": f"{EXTERNAL_DIR}/{name}", "size": len(files[name])}
                if entity == "VideoMessage":
                    row.update(ZVIDEO=counters[table], ZDURATION1=12.5, ZVIDEOSIZE=len(files[name]))
                    attachment["mime_type"] = "video/mp4"
                elif entity == "AudioMessage":
                    row.update(ZAUDIO=counters[table], ZDURATION=4.25, ZAUDIOSIZE=len(files[name]))
                    attachment["mime_type"] = "audio/m4a"
                else:
                    body = row["ZCAPTION"] = "the signed delivery note"
                    row.update(ZDATA=counters[table], ZFILENAME="delivery-note.pdf", ZMIMETYPE="application/pdf",
                               ZFILESIZE=len(files[name]), ZTYPE=0)
                    attachment.update(mime_type="application/pdf", name="delivery-note.pdf")
            elif entity == "LocationMessage":
                lat, lon = round(47.37 + r.random() / 100, 6), round(8.54 + r.random() / 100, 6)
                row.update(ZLATITUDE=lat, ZLONGITUDE=lon, ZACCURACY=15.0, ZPOINAME="Warehouse 4",
                           ZPOIADDRESS="Hafenstrasse 12, 8005 Z\u00fcrich")
                body = f"Location: Warehouse 4, Hafenstrasse 12, 8005 Z\u00fcrich ({lat}, {lon})"
            elif entity == "BallotMessage":
                counters["ZBALLOT"] += 1
                ballot = counters["ZBALLOT"]
                creator = sender["identity"] if sender else own
                _insert(con, "ZBALLOT", {"Z_PK": ballot, "Z_ENT": ENT["Ballot"], "Z_OPT": 1, "ZID": r.randbytes(8),
                                         "ZTITLE": "Meet on Friday?", "ZCREATORID": creator, "ZCONVERSATION": cv["pk"],
                                         "ZSTATE": 0, "ZTYPE": 1, "ZASSESSMENTTYPE": 0, "ZCHOICESTYPE": 0,
                                         "ZCREATEDATE": row["ZDATE"], "ZMODIFYDATE": row["ZDATE"]})
                for order, (choice, votes) in enumerate((("Yes", 2), ("No", 1))):
                    counters["ZBALLOTCHOICE"] += 1
                    _insert(con, "ZBALLOTCHOICE", {"Z_PK": counters["ZBALLOTCHOICE"], "Z_ENT": ENT["BallotChoice"],
                                                   "Z_OPT": 1, "ZBALLOT": ballot, "ZID": order, "ZNAME": choice,
                                                   "ZORDERPOSITION": order, "ZTOTALVOTES": votes,
                                                   "ZCREATEDATE": row["ZDATE"], "ZMODIFYDATE": row["ZDATE"]})
                row.update(ZBALLOT=ballot, ZBALLOTSTATE=0)
                body = "Poll: Meet on Friday? [Yes / No]"
            elif kind == "SystemMessage:call":
                missed = pk % 2 == 0
                stype = SYS_CALL_MISSED if missed else SYS_CALL_ENDED
                outgoing = False if missed else outgoing
                row["ZISOWN"], row["ZSENT"] = int(outgoing), int(outgoing)
                # no ZSENDER on a call line (as the app writes missed calls): a reader names the chat's contact
                sender = None if outgoing else cv["contact"]
                arg = {"DateString": "09:14", "CallInitiator": outgoing}
                if not missed:
                    arg["CallTime"] = "01:23"
                row.update(ZTYPE1=stype, ZARG=json.dumps(arg, indent=2, sort_keys=True).encode("utf-8"))
                body = "Call missed" if missed else "Call ended (01:23)"
                type_name = "CallMissed" if missed else "CallEnded"
            else:  # the group renamed
                row.update(ZTYPE1=SYS_RENAME_GROUP, ZARG="Delivery crew \u2013 north".encode("utf-8"), ZISOWN=0, ZSENT=0)
                outgoing = False
                body = "Rename group: Delivery crew \u2013 north"
                type_name = "RenameGroup"
            _insert(con, "ZMESSAGE", row)
            is_call = kind == "SystemMessage:call"
            system = entity == "SystemMessage"
            messages.append({
                "Z_PK": pk, "entity": entity, "type_name": type_name, "ZDATE": row["ZDATE"], "timestamp": iso_of(t),
                "kind": "call" if is_call else ("system" if system else "message"),
                "direction": None if system and not is_call else ("outgoing" if outgoing else "incoming"),
                "conversation_id": cv["id"], "conversation_name": cv["name"],
                "sender": sender["identity"] if sender else None, "sender_name": sender["name"] if sender else None,
                "body": body, "attachment": attachment, "edits": edits})
        # two reactions to the first group message
        target = next(m for m in messages if m["conversation_id"] == group["conversation_id"] and m["kind"] == "message")
        for i, (who, emoji) in enumerate(((contacts[1], "\U0001F44D"), (contacts[3], "\u2764\ufe0f")), 1):
            when = START_US + 10_000_000_000 + i * 61_000_000
            _insert(con, "ZMESSAGEREACTION", {"Z_PK": i, "Z_ENT": ENT["MessageReaction"], "Z_OPT": 1, "ZCREATOR": who["pk"],
                                              "ZMESSAGE": target["Z_PK"], "ZDATE": cocoa_real(when), "ZREACTION": emoji})
            reactions.append({"Z_PK": i, "target": target["Z_PK"], "sender": who["identity"], "sender_name": who["name"],
                              "reaction": emoji, "timestamp": iso_of(when), "conversation_id": group["conversation_id"]})
        for h in history:
            _insert(con, "ZMESSAGEHISTORYENTRY", h)
        maxima = {"MessageHistoryEntry": len(history), "Contact": len(contacts), "Conversation": len(convs), "Group": 1, "DistributionList": 1,
                  "ImageData": counters["ZIMAGEDATA"], "VideoData": counters["ZVIDEODATA"],
                  "AudioData": counters["ZAUDIODATA"], "FileData": counters["ZFILEDATA"], "Ballot": counters["ZBALLOT"],
                  "BallotChoice": counters["ZBALLOTCHOICE"], "MessageReaction": len(reactions)}
        for name in MESSAGE_SUBENTITIES:
            maxima[name] = max((m["Z_PK"] for m in messages if m["entity"] == name), default=0)
        maxima["Message"] = n_messages
        con.executemany("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)",
                        [(ENT[n], n, ENT["Message"] if n in MESSAGE_SUBENTITIES else 0, maxima.get(n, 0))
                         for n in ENTITIES])
    return {"own_identity": own, "contacts": contacts, "group": group, "distribution_list": dlist,
            "messages": messages, "reactions": reactions, "external_files": files}


def write_threema_ios_extraction(dest, *, n_messages: int = 24, seed: int | str = 0) -> dict:
    """``<APP_GROUP>/ThreemaData.sqlite`` and its ``.ThreemaData_SUPPORT/_EXTERNAL_DATA`` files under ``dest``."""
    base = Path(dest) / APP_GROUP
    summary = build_threema_ios_db(base / "ThreemaData.sqlite", n_messages=n_messages, seed=seed)
    ext = base / EXTERNAL_DIR
    ext.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(summary["external_files"].items()):
        (ext / name).write_bytes(data)
    summary["database"] = f"{APP_GROUP}/ThreemaData.sqlite"
    return summary


def build_threema_ios_v1_db(path, *, seed: int | str = 0) -> dict:
    """A store of the first model (``ddl/threema_ios_v1.sql``): one contact, one conversation, four texts."""
    check_columns(DDL_V1, {"ZMESSAGE": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZISOWN", "ZCONVERSATION", "ZTEXT", "ZID",
                                        "ZREAD", "ZSENT", "ZDELIVERED", "ZUSERACK", "Z_FOK_CONVERSATION")})
    r = random.Random(f"threema-ios-v1-{seed}")
    contact = {"identity": _tid(r), "first": "Lena", "last": None, "name": "Lena"}
    entities = {"Contact": 1, "Conversation": 2, "Message": 3}  # alphabetical
    messages = []
    with _new_store(path, DDL_V1, r) as con:
        con.execute("INSERT INTO ZCONTACT (Z_PK, Z_ENT, Z_OPT, ZIDENTITY, ZFIRSTNAME, ZPUBLICKEY, ZVERIFICATIONLEVEL) "
                    "VALUES (1, ?, 1, ?, ?, ?, 0)", (entities["Contact"], contact["identity"], contact["first"],
                                                     r.randbytes(32)))
        con.execute("INSERT INTO ZCONVERSATION (Z_PK, Z_ENT, Z_OPT, ZUNREADMESSAGECOUNT, ZCONTACT) VALUES (1, ?, 1, 0, 1)",
                    (entities["Conversation"],))
        t = 380_000_000_000_000  # Cocoa µs: 2013-01-16
        for pk in range(1, 5):
            t += r.randrange(60_000_000, 600_000_000)
            outgoing = pk % 2 == 0
            text = TEXTS[pk]
            con.execute("INSERT INTO ZMESSAGE (Z_PK, Z_ENT, Z_OPT, ZDATE, ZISOWN, ZCONVERSATION, Z_FOK_CONVERSATION, "
                        "ZTEXT, ZID, ZREAD, ZSENT, ZDELIVERED, ZUSERACK) VALUES (?, ?, 1, ?, ?, 1, ?, ?, ?, 1, ?, 1, 0)",
                        (pk, entities["Message"], cocoa_real(t), int(outgoing), pk * 1024, text, r.randbytes(8),
                         int(outgoing)))
            messages.append({"Z_PK": pk, "timestamp": iso_of(t), "body": text,
                             "direction": "outgoing" if outgoing else "incoming",
                             "sender": None if outgoing else contact["identity"],
                             "sender_name": None if outgoing else contact["name"]})
        con.executemany("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, 0, ?)",
                        [(entities["Contact"], "Contact", 1), (entities["Conversation"], "Conversation", 1),
                         (entities["Message"], "Message", 4)])
    return {"contact": contact, "messages": messages}


def write_sample(dest, *, seed: int | str, n_messages: int = 24) -> dict:
    """The committed sample: ``dest/ios/<APP_GROUP>/...`` and ``dest/MANIFEST_ios.json`` listing every message."""
    dest = Path(dest)
    s = write_threema_ios_extraction(dest / "ios", n_messages=n_messages, seed=seed)
    manifest = {"database": s["database"], "own_identity": s["own_identity"],
                "contacts": [{k: c[k] for k in ("identity", "first", "last", "nickname", "name")} for c in s["contacts"]],
                "group": s["group"], "distribution_list": s["distribution_list"],
                "messages": s["messages"], "reactions": s["reactions"]}
    (dest / "MANIFEST_ios.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return s


def build_threema_ios_v11_db(path, *, seed: int | str = 0) -> dict:
    """A store of model version 11 (``ddl/threema_ios_v11.sql``): a one-to-one chat and a group; text, an
    image and a video held inline, a location with only its reverse-geocoding result."""
    entities = {n: i for i, n in enumerate(("Contact", "Conversation", "ImageData", "ImageMessage", "LocationMessage",
                                             "Message", "TextMessage", "VideoData", "VideoMessage"), 1)}
    check_columns(DDL_V11, {"ZMESSAGE": ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZISOWN", "ZCONVERSATION", "ZSENDER", "ZTEXT",
                                         "ZID", "ZIMAGE", "ZVIDEO", "ZDURATION", "ZLATITUDE", "ZLONGITUDE", "ZACCURACY",
                                         "ZREVERSEGEOCODINGRESULT", "Z_FOK_CONVERSATION")})
    r = random.Random(f"threema-ios-v11-{seed}")
    lena = {"pk": 1, "identity": _tid(r), "name": "Lena"}
    noor = {"pk": 2, "identity": _tid(r), "name": "noor.d"}  # no first or last name: the public nickname
    group_id = r.randbytes(8)
    group = {"pk": 2, "id": f"group:{group_id.hex()}", "name": "Harbour"}
    one = {"pk": 1, "id": lena["identity"], "name": lena["name"]}
    # (entity, conversation, outgoing, sender, body)
    script = [("TextMessage", one, False, lena, "Hello"), ("TextMessage", one, True, None, "Hi Lena"),
              ("ImageMessage", one, False, lena, None), ("LocationMessage", group, False, noor,
                                                         "Location: Hafenstrasse 12, Z\u00fcrich (47.3712, 8.5401)"),
              ("VideoMessage", group, True, None, None), ("TextMessage", group, False, lena, "Ready")]
    messages = []
    with _new_store(path, DDL_V11, r) as con:
        con.execute("INSERT INTO ZCONTACT (Z_PK, Z_ENT, Z_OPT, ZIDENTITY, ZFIRSTNAME, ZPUBLICKEY, ZVERIFICATIONLEVEL) "
                    "VALUES (1, ?, 1, ?, 'Lena', ?, 1)", (entities["Contact"], lena["identity"], r.randbytes(32)))
        con.execute("INSERT INTO ZCONTACT (Z_PK, Z_ENT, Z_OPT, ZIDENTITY, ZPUBLICNICKNAME, ZPUBLICKEY, ZVERIFICATIONLEVEL) "
                    "VALUES (2, ?, 1, ?, 'noor.d', ?, 0)", (entities["Contact"], noor["identity"], r.randbytes(32)))
        con.execute("INSERT INTO ZCONVERSATION (Z_PK, Z_ENT, Z_OPT, ZUNREADMESSAGECOUNT, ZCONTACT) VALUES (1, ?, 1, 0, 1)",
                    (entities["Conversation"],))
        con.execute("INSERT INTO ZCONVERSATION (Z_PK, Z_ENT, Z_OPT, ZUNREADMESSAGECOUNT, ZGROUPNAME, ZGROUPID) "
                    "VALUES (2, ?, 1, 0, ?, ?)", (entities["Conversation"], group["name"], group_id))
        t, data_pk, data_max = 400_000_000_000_000, 0, {}  # Cocoa µs: 2013-09-04
        for pk, (entity, conv, outgoing, sender, body) in enumerate(script, 1):
            t += r.randrange(30_000_000, 900_000_000)
            row = {"Z_PK": pk, "Z_ENT": entities[entity], "Z_OPT": 1, "ZDATE": cocoa_real(t), "ZISOWN": int(outgoing),
                   "ZCONVERSATION": conv["pk"], "Z_FOK_CONVERSATION": pk * 1024, "ZSENDER": sender["pk"] if sender else None,
                   "ZID": r.randbytes(8), "ZREAD": 1, "ZSENT": int(outgoing), "ZDELIVERED": 1, "ZUSERACK": 0}
            size = None
            if entity == "TextMessage":
                row["ZTEXT"] = body
            elif entity in ("ImageMessage", "VideoMessage"):
                data_pk += 1
                data = r.randbytes(40)
                size = len(data)
                table = "ZIMAGEDATA" if entity == "ImageMessage" else "ZVIDEODATA"
                con.execute(f"INSERT INTO {table} (Z_PK, Z_ENT, Z_OPT, ZDATA) VALUES (?, ?, 1, ?)",
                            (data_pk, entities["ImageData" if table == "ZIMAGEDATA" else "VideoData"], b"\x01" + data))
                row["ZIMAGE" if entity == "ImageMessage" else "ZVIDEO"] = data_pk
                data_max[table] = data_pk
                if entity == "VideoMessage":
                    row["ZDURATION"] = 3.5
            else:
                row.update(ZLATITUDE=47.3712, ZLONGITUDE=8.5401, ZACCURACY=20.0,
                           ZREVERSEGEOCODINGRESULT="Hafenstrasse 12, Z\u00fcrich")
            _insert(con, "ZMESSAGE", row)
            messages.append({"Z_PK": pk, "entity": entity, "timestamp": iso_of(t), "body": body,
                             "direction": "outgoing" if outgoing else "incoming", "conversation_id": conv["id"],
                             "conversation_name": conv["name"], "sender": sender["identity"] if sender else None,
                             "sender_name": sender["name"] if sender else None, "inline_size": size})
        maxima = {"Contact": 2, "Conversation": 2, "ImageData": data_max.get("ZIMAGEDATA", 0),
                  "VideoData": data_max.get("ZVIDEODATA", 0), "Message": len(script)}
        con.executemany("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)",
                        [(e, n, entities["Message"] if n.endswith("Message") and n != "Message" else 0, maxima.get(n, 0))
                         for n, e in entities.items()])
    return {"messages": messages, "group": group}
