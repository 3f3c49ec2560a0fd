"""A small MeWe for iOS ``Documents/sgrouplesdb.sqlite`` on the real schema (``ddl/mewe_ios.sql``).

As the real store of iLEAPP's ``meWe.josh_ios17_ffs`` case: ``ZUSER`` rows keyed by 24-hex MeWe user
ids, the holder's ``ZCURRENTUSER`` row pointing at its ``ZUSER``, one-to-one ``UserChat`` threads
(``ZCHATTHREAD``) with their members in ``Z_11PARTICIPATINGUSERS`` (``ChatThread`` entity 11,
``User`` entity 38 in ``Z_PRIMARYKEY``), ``ZCHATMESSAGE`` rows (``ZDATE`` whole Cocoa seconds,
``ZSENDER`` a user id, ``ZTHREADID``, ``ZCALLDURATION`` 0), a shared location as an OpenStreetMap
link, a photo in ``ZCHATATTACHMENT`` (``photo``, ``image.jpg``, ``jpg``, a server path), a message
unsent by its sender (``ZDELETEDBYSENDER``), ``ZCONTACT`` rows and one ``ZGROUP``. Names are
fictional; the holder's phone number is in the US 555-01xx fiction range.
"""

from __future__ import annotations

import random
from pathlib import Path

from .coredata import PRIMARYKEY_COLS, cocoa_times, manifest_message
from .ddl_loader import build_db, check_columns, load

DDL = "mewe_ios.sql"
DB = "private/var/mobile/Containers/Data/Application/3C7A9E21-5F4B-4D08-8E6A-B1C2D3E4F506/Documents/sgrouplesdb.sqlite"
START = 726_000_000.0
USER_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZISPUBLIC", "ZISVERIFIED", "ZCURRENTUSER", "ZFIRSTNAME", "ZHANDLE", "ZLASTNAME",
             "ZNAME", "ZUSERID")
CURRENT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZUSER", "ZCONTACTINVITEID", "ZPRIMARYPHONE", "ZREGISTERED")
THREAD_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZCHATTYPE", "ZSTARTEDBY", "ZTHREADID")
MEMBER_COLS = ("Z_11THREADS", "Z_38PARTICIPATINGUSERS")
MESSAGE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCALLDURATION", "ZDELETEDBYSENDER", "ZKINDNUMBER", "ZSENDINGSTATUS", "ZTHREAD",
                "ZDATE", "ZMESSAGEID", "ZSENDER", "ZTEXT", "ZTHREADID")
ATTACHMENT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCHATMESSAGE", "ZATYPE", "ZFILENAME", "ZMIMETYPE", "ZURL")
CONTACT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZUSER", "ZCONTACTID", "ZCONTACTTYPE")
GROUP_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZISPUBLIC", "ZMEMBERSCOUNT", "ZCATEGORY", "ZGROUPID", "ZNAME", "ZROLE")
PEOPLE = [("Dana", "Reyes"), ("Sam", "Ortiz"), ("Lee", "Park")]
TEXTS = ["You here?", "Yes", "Pictures only on this plan", "Same time tomorrow", "Call me later", "ok"]


def _oid(rng) -> str:
    return "%024x" % rng.getrandbits(96)


def write_mewe_extraction(dest: Path, *, seed: int = 0, n_messages: int = 12) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"ZUSER": USER_COLS, "ZCURRENTUSER": CURRENT_COLS, "ZCHATTHREAD": THREAD_COLS,
                        "Z_11PARTICIPATINGUSERS": MEMBER_COLS, "ZCHATMESSAGE": MESSAGE_COLS,
                        "ZCHATATTACHMENT": ATTACHMENT_COLS, "ZCONTACT": CONTACT_COLS, "ZGROUP": GROUP_COLS,
                        "Z_PRIMARYKEY": PRIMARYKEY_COLS})
    users = [{"pk": pk, "id": _oid(rng), "first": first, "last": last, "handle": f"{first.lower()}{last.lower()}.{pk}"}
             for pk, (first, last) in enumerate(PEOPLE, 1)]
    holder = users[0]
    threads = [{"pk": i, "id": _oid(rng), "other": u} for i, u in enumerate(users[1:], 1)]
    rows, files, messages = [], [], []
    for i, t in enumerate(cocoa_times(rng, START, n_messages), 1):
        thread = threads[i % len(threads)]
        sender = holder if rng.random() < 0.5 else thread["other"]
        text = rng.choice(TEXTS)
        if i == 4:
            text = f"https://www.openstreetmap.org/?mlat=40.{rng.randrange(10**6):06d}&mlon=-75.{rng.randrange(10**6):06d}&zoom=17&meweLocationType=current"
        photo = i == 6
        if photo:
            text = ""
            files.append((len(files) + 1, 5, 1, i, "photo", "image.jpg", "jpg", f"/api/v2/photo/{_oid(rng)}/{{imageSize}}/image"))
        deleted = i == 9
        mid = _oid(rng)
        rows.append((i, 7, 1, 0, int(deleted), 0, 0, thread["pk"], float(int(t)), mid, sender["id"], text, thread["id"]))
        messages.append({"pk": i, "time": float(int(t)), "thread": thread["id"], "sender": sender["id"],
                         "outgoing": sender is holder, "members": sorted((holder["id"], thread["other"]["id"])),
                         "body": text, "deleted": deleted, "attachments": ["image.jpg"] if photo else []})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "ZUSER", USER_COLS, [(u["pk"], 38, 1, 0, 0, 1 if u is holder else None, u["first"], u["handle"],
                                        u["last"], f"{u['first']} {u['last']}", u["id"]) for u in users])
        load(con, "ZCURRENTUSER", CURRENT_COLS, [(1, 15, 1, holder["pk"], holder["handle"], "+12025550148", "true")])
        load(con, "ZCHATTHREAD", THREAD_COLS, [(t["pk"], 11, 1, START, "UserChat", holder["id"], t["id"]) for t in threads])
        load(con, "Z_11PARTICIPATINGUSERS", MEMBER_COLS,
             [(t["pk"], pk) for t in threads for pk in sorted((holder["pk"], t["other"]["pk"]))])
        load(con, "ZCHATMESSAGE", MESSAGE_COLS, rows)
        load(con, "ZCHATATTACHMENT", ATTACHMENT_COLS, files)
        load(con, "ZCONTACT", CONTACT_COLS, [(i, 13, 1, u["pk"], _oid(rng), "all") for i, u in enumerate(users[1:], 1)])
        load(con, "ZGROUP", GROUP_COLS, [(1, 20, 1, 1, 120, "Communication", _oid(rng), "Neighbourhood Watch", "Member")])
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, [(5, "ChatAttachment", 0, len(files)), (7, "ChatMessage", 0, len(rows)),
                                                   (11, "ChatThread", 0, len(threads)), (13, "Contact", 0, 2),
                                                   (15, "CurrentUser", 0, 1), (20, "Group", 0, 1), (38, "User", 0, len(users))])
    return {"database": DB, "holder": holder, "users": users, "messages": messages}


def generic_manifest(dest: Path) -> dict:
    """Write the store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_mewe_extraction(dest)
    events = []
    for x in m["messages"]:
        events.append(manifest_message(f"ZCHATMESSAGE:Z_PK={x['pk']}", x["time"], x["outgoing"], x["thread"], x["sender"],
                                       [u for u in x["members"] if u != x["sender"]], x["body"], x["deleted"],
                                       x["attachments"]))
    for u in m["users"]:
        events.append({"locator": f"ZUSER:Z_PK={u['pk']}", "kind": "contact", "timestamp": None,
                       "conversation_id": u["id"], "sender": u["id"]})
    events.append({"locator": "ZGROUP:Z_PK=1", "kind": "contact", "timestamp": None})
    return {"app": "mewe", "path": m["database"], "events": events}
