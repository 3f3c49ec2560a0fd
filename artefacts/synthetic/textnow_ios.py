"""A small TextNow for iOS account store on the columns iLEAPP reads (``ddl/textnow_ios.sql``; see
``plugins/textnow_ios.py``): the account (own number, username, e-mail, a SIP password that must never be copied),
four addresses (the account's own, two correspondents with a conversation each, an e-mail address linked to an
address-book entry), texts both ways (one picture message with its thumbnail size, one incoming without an author,
one marked ``ZDELETEDSTATE`` 2) and two calls whose ``ZCALLID`` carries the start time.

Times are Core Data seconds since 2001 stored as REAL with binary fractions (exact in a float, so the expected
times are exact). The committed file is a plain database: a real store keeps its rows in its ``-wal``, but a WAL's
salts are random and the committed sample must rebuild byte for byte; ``tests/test_textnow_ios.py`` moves the rows
into a log to check that the parser reads them there. Core Data's ``Z_PRIMARYKEY`` / ``Z_METADATA`` are left empty:
no source gives this model's entity names. Numbers are from the US 555-01xx fiction range; addresses use
``example.com``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "textnow_ios.sql"
DB = ("private/var/mobile/Containers/Data/Application/5C2E8B14-7A39-4D0F-9E61-3B8A2C7D1F40/Documents/"
      "3141592653tncrew")
COCOA = datetime(2001, 1, 1, tzinfo=timezone.utc)
OWN = "+12025550100"
DANA, UNNAMED = "+12025550118", "+12025550176"
START = 739_000_000.125  # 2024-06-02T05:46:40.125Z
ACCOUNT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZUSERNAME", "ZPHONENUMBER", "ZEMAIL", "ZFIRSTNAME", "ZLASTNAME",
                "ZACCOUNTSTATUS", "ZEMAILVERIFIED", "ZUSERID", "ZSIPUSERNAME", "ZSIPHOST", "ZSIPPASSWORD", "ZCREDITS",
                "ZISUNLIMITED", "ZSHOWADS", "ZLOCALTIMESTAMP", "ZADREMOVALEXPIRYDATE")
VALUE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCONTACTVALUE", "ZCONTACTNAME", "ZCONTACTLABEL", "ZCONTACTISSELF",
              "ZINNETWORK", "ZSERVERCONTACT", "ZCONVERSATION")
ITEM_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZLOCALTIMESTAMP", "ZREMOTETIMESTAMP", "ZDIRECTION", "ZAUTHORNAME",
             "ZCONVERSATION", "ZCONTENT", "ZREAD", "ZDELETEDSTATE", "ZSTATUS1", "ZIMAGETYPE", "ZTHUMBNAILWIDTH",
             "ZTHUMBNAILHEIGHT", "ZMESSAGEID", "ZORDERINGID", "ZCALLID", "ZLENGTH", "ZSTATUS")
PICTURE = "https://media.example.com/tn/4f1c2a9e7b.jpg"


def iso_cocoa(seconds: float) -> str:
    """A manifest time: Core Data seconds (by :mod:`datetime`)."""
    return (COCOA + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generic_manifest(dest: Path) -> dict:
    check_columns(DDL, {"ZTMOACCOUNTINFO": ACCOUNT_COLS, "ZTMOCONTACTVALUE": VALUE_COLS, "ZTMOINTERACTION": ITEM_COLS,
                        "ZTMOCONVERSATION": ("Z_PK", "ZCONTACTVALUE"), "ZTMOSERVERCONTACT": ("Z_PK", "ZNAME"),
                        "ZTMOABCONTACT": ("Z_PK", "ZFIRSTNAME", "ZLASTNAME", "ZCONTACTID"),
                        "Z_3CONTACTVALUES": ("Z_3ADDRESSBOOKCONTACTS", "Z_5CONTACTVALUES")})
    others = {1: (DANA, "Dana Whitfield"), 2: (UNNAMED, None)}  # conversation -> (address, name)
    # (conversation, direction, author, text, read, deleted state, status1, image type, thumbnail, call)
    plan = [
        (1, 1, DANA, "new number, save it", 1, 0, 1, None, None, None),
        (1, 2, None, "ok <saved>", 1, 0, 2, None, None, None),
        (1, 2, None, PICTURE, 1, 0, 2, 1, (640, 480), None),
        (2, 1, None, "who is this", 0, 0, 1, None, None, None),
        (2, 2, None, "wrong number", 1, 2, 2, None, None, None),
        (1, 2, None, None, None, 0, None, None, None, 37.25),
        (2, 1, UNNAMED, None, None, 0, None, None, None, 112.5),
        (1, 1, DANA, "Bring the rest tomorrow", 0, 0, 1, None, None, None),
    ]
    rows, events = [], []
    for pk, (conv, direction, author, text, read, dstate, status1, itype, thumb, length) in enumerate(plan, 1):
        local = START + pk * 611.25
        remote = local - 0.5
        other, name = others[conv]
        out = direction == 2
        call_id = f"{other}-{local - 40.0:.6f}" if length is not None else None
        rows.append((pk, 7, 1, local, remote, direction, author, conv, text, read, dstate, status1, itype,
                     thumb[0] if thumb else None, thumb[1] if thumb else None,
                     f"m{9_100_000 + pk}" if length is None else None, f"{pk:08d}", call_id, length,
                     4 if length is not None else None))
        event = {"locator": f"ZTMOINTERACTION:Z_PK={pk}", "direction": "outgoing" if out else "incoming",
                 "conversation_id": other, "sender": OWN if out else author,
                 "recipients": [other] if out else [OWN], "deleted": False, "attachments": [], "body": text}
        if length is None:
            codes = {"read": read, "deleted_state": dstate, "status1": status1, "remote_raw": remote,
                     "remote_time": iso_cocoa(remote)}
            if itype is not None:
                codes.update(image_type=itype, thumbnail_width=thumb[0], thumbnail_height=thumb[1])
            event.update(kind="message", timestamp=iso_cocoa(local), check=codes)
        else:
            event.update(kind="call", timestamp=iso_cocoa(local - 40.0),
                         check={"duration_s": length, "status": 4, "call_id": call_id,
                                "recorded_at_time": iso_cocoa(local)})
        events.append(event)
    values = [(1, 9, 1, OWN, None, "TextNow", 1, 1, None, None),
              (2, 9, 1, DANA, "Dana Whitfield", "mobile", 0, 1, 1, 1),
              (3, 9, 1, UNNAMED, None, None, 0, 0, None, 2),
              (4, 9, 1, "ray@example.com", None, "email", 0, None, None, None)]
    book = {4: ["Ray Okafor"], 2: ["Dana Whitfield"]}
    for pk, _, _, value, name, label, is_self, _, _, _ in values:
        check = {"owned": True} if is_self else {}
        if pk in book:
            check["address_book_names"] = book[pk]
        if pk == 2:
            check["server_contact_name"] = "dana.w"
        events.append({"locator": f"ZTMOCONTACTVALUE:Z_PK={pk}", "kind": "contact", "timestamp": None,
                       "conversation_id": value, "sender": value, **({"check": check} if check else {})})
    account_time = START + 10_000.5
    events.append({"locator": "ZTMOACCOUNTINFO:Z_PK=1", "kind": "contact", "timestamp": None, "conversation_id": OWN,
                   "sender": OWN, "check": {"owned": True, "username": "tncrew", "email": "crew@example.com",
                                            "record_updated_time": iso_cocoa(account_time),
                                            "sip_password_stored": True}})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "ZTMOACCOUNTINFO", ACCOUNT_COLS,
             [(1, 1, 3, "tncrew", OWN, "crew@example.com", "Sam", "Crew", "ENABLED", 1, "8c41d7", "tncrew_sip",
               "sip.example.com", "not-a-real-secret", 5, 1, 0, account_time, 740_000_000.0)])
        load(con, "ZTMOCONTACTVALUE", VALUE_COLS, values)
        load(con, "ZTMOCONVERSATION", ("Z_PK", "Z_ENT", "Z_OPT", "ZCONTACTVALUE"), [(1, 5, 1, 2), (2, 5, 1, 3)])
        load(con, "ZTMOSERVERCONTACT", ("Z_PK", "Z_ENT", "Z_OPT", "ZNAME"), [(1, 11, 1, "dana.w")])
        load(con, "ZTMOABCONTACT", ("Z_PK", "Z_ENT", "Z_OPT", "ZFIRSTNAME", "ZLASTNAME", "ZCONTACTID"),
             [(1, 3, 1, "Ray ", "Okafor", "AB-41"), (2, 3, 1, "Dana", "Whitfield", "AB-7")])
        load(con, "Z_3CONTACTVALUES", ("Z_3ADDRESSBOOKCONTACTS", "Z_5CONTACTVALUES"), [(1, 4), (2, 2)])
        load(con, "ZTMOINTERACTION", ITEM_COLS, rows)
    return {"app": "textnow", "path": DB, "events": events}
