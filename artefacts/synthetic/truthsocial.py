"""A small Truth Social for iOS ``chat/v1/<account id>/ChatModel.sqlite`` on the real schema
(``ddl/truthsocial_ios.sql``).

As the real store of iLEAPP's ``truthSocial.josh_ios17_ffs`` case: ``ZMANAGEDCHAT`` (a ``direct``
chat owned by the holder, ``ZOWNEDBYACCOUNTID``, with ``ZOTHERACCOUNTID`` the other party and
``ZMESSAGETTL`` seconds), ``ZMANAGEDEVENTBASE`` events in time order: ``chatCreated`` (entity 5, the
base), ``memberJoined`` (entity 9, ``ManagedMembership``: the member in ``ZACCOUNTID``), then
``message`` rows (entity 10, ``ManagedMessage``: the sender in ``ZACCOUNTID1``, an HTML
``ZCONTENT``, ``ZMESSAGEID``, ``ZMESSAGEEXPIRATION``), a picture in ``ZMANAGEDATTACHMENT`` and a
reaction in ``ZMANAGEDREACTION``; ``ZCREATEDAT`` Cocoa seconds. The app's Core Data triggers (which
copy ``ZCHATID`` from the chat) are not in the DDL, so ``ZCHATID`` is written as they would. The
holder is absent from ``ZMANAGEDACCOUNT``, as in the real file. Accounts and URLs are fictional.
"""

from __future__ import annotations

import random
from pathlib import Path

from .coredata import PRIMARYKEY_COLS, cocoa_iso, cocoa_times, manifest_message
from .ddl_loader import build_db, check_columns, load

DDL = "truthsocial_ios.sql"
HOLDER = "109000000000000042"
DB = f"private/var/mobile/Containers/Shared/AppGroup/8E2B4F60-1A3C-4D5E-9F70-A1B2C3D4E5F6/chat/v1/{HOLDER}/ChatModel.sqlite"
START = 727_000_000.0
ACCOUNT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZISVERIFIED", "ZACCT", "ZAVATARSTATIC", "ZDISPLAYNAME", "ZSERVERID")
CHAT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZISACCEPTED", "ZMESSAGETTL", "ZUNREADCOUNT", "ZOTHERACCOUNT", "ZCREATEDAT",
             "ZCREATEDBYACCOUNT", "ZOTHERACCOUNTID", "ZOWNEDBYACCOUNTID", "ZSERVERID", "ZTYPE")
EVENT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCHAT", "ZMESSAGEEXPIRATION", "ZFAILEDTOSEND", "ZISHIDDEN", "ZISUNREAD",
              "ZCREATEDAT", "ZCHATID", "ZEVENTID", "ZTYPE", "ZACCOUNTID", "ZACCOUNTID1", "ZCONTENT", "ZMESSAGEID")
ATTACHMENT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZMESSAGE", "ZATTACHMENTID", "ZTYPE", "ZPREVIEWURL", "ZURL")
REACTION_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCOUNT", "ZISME", "ZMESSAGE", "ZNAME")
TEXTS = ["What's up?", "Messages here expire", "Send me a picture", "Hang on", "Got it", "Done."]
TTL = 7_776_000


def write_truthsocial_extraction(dest: Path, *, seed: int = 0, n_messages: int = 9) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"ZMANAGEDACCOUNT": ACCOUNT_COLS, "ZMANAGEDCHAT": CHAT_COLS, "ZMANAGEDEVENTBASE": EVENT_COLS,
                        "ZMANAGEDATTACHMENT": ATTACHMENT_COLS, "ZMANAGEDREACTION": REACTION_COLS,
                        "Z_PRIMARYKEY": PRIMARYKEY_COLS})
    other = {"pk": 1, "id": "108000000000000017", "acct": "kestrel", "name": "Kestrel"}
    chat_id = str(rng.randrange(100, 9999))
    times = cocoa_times(rng, START, n_messages + 2)
    events, rows, files, reactions = [], [], [], []

    def add(ent, t, etype, member=None, sender=None, html=None, mid=None):
        pk = len(rows) + 1
        rows.append((pk, ent, 1, 1, TTL if etype == "message" else None, 0 if etype == "message" else None,
                     0 if etype == "message" else None, int(sender == other["id"]) if etype == "message" else None,
                     t, chat_id, str(rng.randrange(10**8)), etype, member, sender, html, mid))
        return pk

    events.append({"pk": add(5, times[0], "chatCreated"), "time": times[0], "type": "chatCreated", "sender": None})
    events.append({"pk": add(9, times[0], "memberJoined", member=other["id"]), "time": times[0], "type": "memberJoined",
                   "sender": other["id"]})
    for i, t in enumerate(times[2:], 1):
        sender = HOLDER if i % 2 else other["id"]
        text = rng.choice(TEXTS)
        picture = i == 5
        html = "<p></p>" if picture else f"<p>{text.replace(chr(39), '&#39;')}</p>"
        pk = add(10, t, "message", sender=sender, html=html, mid=str(68_000_000 + i))
        if picture:
            aid = str(rng.randrange(10**17))
            files.append((len(files) + 1, 2, 1, pk, aid, "image", f"https://static.example.com/media/small/{aid}.jpeg",
                          f"https://static.example.com/media/original/{aid}.jpeg"))
        if i == 2:
            reactions.append((1, 11, 1, 1, 1, pk, "\U0001F44D"))
        events.append({"pk": pk, "time": t, "type": "message", "sender": sender, "body": "" if picture else text,
                       "attachments": [f"{files[-1][4]}.jpeg"] if picture else []})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "ZMANAGEDACCOUNT", ACCOUNT_COLS, [(1, 1, 1, 0, other["acct"], "https://static.example.com/avatar.png",
                                                    other["name"], other["id"])])
        load(con, "ZMANAGEDCHAT", CHAT_COLS, [(1, 3, 1, 1, TTL, 0, 1, times[0], other["id"], other["id"], HOLDER, chat_id,
                                              "direct")])
        load(con, "ZMANAGEDEVENTBASE", EVENT_COLS, rows)
        load(con, "ZMANAGEDATTACHMENT", ATTACHMENT_COLS, files)
        load(con, "ZMANAGEDREACTION", REACTION_COLS, reactions)
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, [(1, "ManagedAccount", 0, 1), (2, "ManagedAttachment", 0, len(files)),
                                                   (3, "ManagedChat", 0, 1), (5, "ManagedEventBase", 0, len(rows)),
                                                   (9, "ManagedMembership", 5, 0), (10, "ManagedMessage", 5, 0),
                                                   (11, "ManagedReaction", 0, len(reactions))])
    return {"database": DB, "holder": HOLDER, "other": other, "chat_id": chat_id, "events": events}


def generic_manifest(dest: Path) -> dict:
    """Write the store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_truthsocial_extraction(dest)
    out = []
    for x in m["events"]:
        locator = f"ZMANAGEDEVENTBASE:Z_PK={x['pk']}"
        if x["type"] == "message":
            mine = x["sender"] == m["holder"]
            out.append(manifest_message(locator, x["time"], mine, m["chat_id"], x["sender"],
                                        [m["other"]["id"] if mine else m["holder"]], x["body"], False, x["attachments"]))
        else:
            out.append({"locator": locator, "kind": "system", "timestamp": cocoa_iso(x["time"]), "direction": None,
                        "conversation_id": m["chat_id"], "sender": x["sender"], "recipients": [], "body": x["type"],
                        "deleted": False, "attachments": []})
    out.append({"locator": "ZMANAGEDACCOUNT:Z_PK=1", "kind": "contact", "timestamp": None,
                "conversation_id": m["other"]["id"], "sender": m["other"]["id"]})
    out.append({"locator": f"ZMANAGEDCHAT:ZOWNEDBYACCOUNTID={m['holder']}", "kind": "contact", "timestamp": None,
                "conversation_id": m["holder"], "sender": m["holder"]})
    return {"app": "truthsocial", "path": m["database"], "events": out}
