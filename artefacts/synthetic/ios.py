"""Synthetic iOS databases: Messages ``sms.db`` and ``CallHistory.storedata``.

``sms.db`` uses ``ddl/ios_sms_db_2020.sql`` (the full iOS 13 schema of a real iPhone from a public
2020 CTF image, verbatim). Facts used, and where they come from:

* ``message.date``, ``date_read``, ``date_delivered`` are NANOSECONDS since 2001-01-01 UTC (DDL
  header; the real mvt sms.db row 588813210539788032). ``attachment.created_date``/``start_date``
  are written in SECONDS since 2001 (as the brief specifies and as the 2015 real file stores them);
  NB the DDL header claims nanoseconds for ``created_date`` too -- parsers should accept both
  (iLEAPP sms.py treats any Cocoa value > 1e15 as ns).
* ``chat.style`` 45 = one-to-one (all 7 chats of plaso's real ``imessage_chat.db``), 43 = group
  (not in a real file here; the value tools query for group chats). One-to-one ``chat.guid`` is
  ``<service>;-;<handle id>``, ``display_name`` '' and ``room_name`` NULL (real file); group chats
  use ``iMessage;+;chat<digits>`` with ``room_name = chat_identifier``, so ``message.cache_roomnames``
  carries the room name exactly as the DDL's ``after_insert_on_chat_message_join`` trigger would
  compute it. ``account``/``account_login`` look like the real file's ``e:…``/``E:…``.
* ``message.handle_id`` is the other party in one-to-one chats (both directions) and 0 for sent
  messages in group chats (ios_sms_db/apple_messages DDL notes); ``is_from_me``/``is_sent``/
  ``is_delivered``/``is_finished``/``is_read``/``version`` 10 follow the real rows.
* Attachment-bearing messages have U+FFFC (object replacement character) in their text;
  ``attachment.filename`` is ``~/Library/SMS/Attachments/<2 hex>/<2 digits>/<GUID>/<name>``
  (real file: ``~/Library/Messages/Attachments/89/09/<GUID>/sslsplit.der`` on macOS),
  ``transfer_state`` 5 (finished, real file), ``cache_has_attachments`` 1 (the DDL trigger's rule).
* iOS 16+ often leaves ``message.text`` NULL and keeps the body only in ``attributedBody``
  (formats.md section 5): a share of messages is written that way (``typedstream.py``); all other
  messages carry both, as real devices do.
* ``_SqliteDatabaseProperties`` exists in the DDL but the DDL implies no rows, so it stays empty.

``CallHistory.storedata`` uses ``ddl/ios_callhistory.sql`` (iOS 11 Core Data schema; sources and
code values in that file's header).
"""

from __future__ import annotations

import os
import plistlib
import uuid
from pathlib import Path

from . import content as C
from .archive import EXTRACTION_EPOCH
from .ddl_loader import IOS_CALLHISTORY, IOS_SMS, Batches, build_db, check_columns, load
from .typedstream import encode_attributed_body

IOS_START = 1682899200  # 2023-05-01T00:00:00Z
NS = 1_000_000_000
SMS_DB_PATH = "private/var/mobile/Library/SMS/sms.db"
ATTACHMENTS_ROOT = "private/var/mobile/Library/SMS/Attachments"
CALLHISTORY_PATH = "private/var/mobile/Library/CallHistoryDB/CallHistory.storedata"
HOME = "private/var/mobile/"  # what "~/" in attachment.filename maps to in an extraction

STYLE_GROUP, STYLE_ONE_TO_ONE = 43, 45
OBJECT_REPLACEMENT = "\ufffc"

HANDLE_COLS = ("ROWID", "id", "country", "service", "uncanonicalized_id", "person_centric_id")
CHAT_COLS = ("ROWID", "guid", "style", "state", "account_id", "chat_identifier", "service_name",
             "room_name", "account_login", "is_archived", "last_addressed_handle", "display_name",
             "group_id", "is_filtered", "successful_query", "original_group_id",
             "last_read_message_timestamp")
CHAT_HANDLE_COLS = ("chat_id", "handle_id")
CHAT_MESSAGE_COLS = ("chat_id", "message_id", "message_date")
MESSAGE_COLS = ("ROWID", "guid", "text", "handle_id", "attributedBody", "version", "type", "service",
                "account", "account_guid", "error", "date", "date_read", "date_delivered",
                "is_delivered", "is_finished", "is_from_me", "is_read", "is_sent", "has_dd_results",
                "cache_has_attachments", "cache_roomnames", "was_data_detected",
                "destination_caller_id")
ATTACHMENT_COLS = ("ROWID", "guid", "created_date", "start_date", "filename", "uti", "mime_type",
                   "transfer_state", "is_outgoing", "transfer_name", "total_bytes", "is_sticker",
                   "hide_attachment", "original_guid")
MESSAGE_ATTACHMENT_COLS = ("message_id", "attachment_id")
SMS_SPEC = {"handle": HANDLE_COLS, "chat": CHAT_COLS, "chat_handle_join": CHAT_HANDLE_COLS,
            "chat_message_join": CHAT_MESSAGE_COLS, "message": MESSAGE_COLS,
            "attachment": ATTACHMENT_COLS, "message_attachment_join": MESSAGE_ATTACHMENT_COLS}

CALLRECORD_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZANSWERED", "ZCALLTYPE", "ZDISCONNECTED_CAUSE",
                   "ZORIGINATED", "ZREAD", "ZDATE", "ZDURATION", "ZISO_COUNTRY_CODE", "ZLOCATION",
                   "ZNAME", "ZSERVICE_PROVIDER", "ZUNIQUE_ID", "ZADDRESS")
CALLDBPROPERTIES_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTIMER_ALL", "ZTIMER_INCOMING", "ZTIMER_LAST",
                         "ZTIMER_LIFETIME", "ZTIMER_OUTGOING")
PRIMARYKEY_COLS = ("Z_ENT", "Z_NAME", "Z_SUPER", "Z_MAX")
METADATA_COLS = ("Z_VERSION", "Z_UUID", "Z_PLIST")
CALLHISTORY_SPEC = {"ZCALLRECORD": CALLRECORD_COLS, "ZCALLDBPROPERTIES": CALLDBPROPERTIES_COLS,
                    "Z_PRIMARYKEY": PRIMARYKEY_COLS, "Z_METADATA": METADATA_COLS}

# ZCALLTYPE (iLEAPP callHistory.py, mac_apt callhistory.py)
CALLTYPE_THIRD_PARTY, CALLTYPE_PHONE, CALLTYPE_FACETIME_VIDEO, CALLTYPE_FACETIME_AUDIO = 0, 1, 8, 16
# Core Data entity numbers. Assumption (not read from a real store): Core Data numbers entities
# in alphabetical order, so CallDBProperties = 1 and CallRecord = 2.
ENT_CALLDBPROPERTIES, ENT_CALLRECORD = 1, 2


def _uuid(r) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4)).upper()


def default_contacts(n_items: int) -> int:
    return max(6, min(1500, round(1.2 * (max(n_items, 1) ** 0.5))))


# ---------------------------------------------------------------------------------------------
# sms.db


def _plan_chats(people, r):
    handles, chats, members = [], [], []  # members: chat index -> [handle rowid]
    account_guid = {"iMessage": _uuid(r), "SMS": _uuid(r)}
    im_handles = []
    for p in people:
        x = r.random()
        services = ["iMessage"] if x < 0.65 else ["SMS"] if x < 0.85 else ["iMessage", "SMS"]
        for svc in services:
            hid = p.email if (svc == "iMessage" and p.email and r.random() < 0.5) else p.e164
            rowid = len(handles) + 1
            handles.append((rowid, hid, p.country, svc, p.national if svc == "SMS" else None, None))
            chats.append({"guid": f"{svc};-;{hid}", "style": STYLE_ONE_TO_ONE, "identifier": hid,
                          "service": svc, "room": None, "name": "", "person": p})
            members.append([rowid])
            if svc == "iMessage":
                im_handles.append(rowid)
    n_groups = max(1, min(60, len(people) // 5)) if len(im_handles) >= 3 else 0
    for g in range(n_groups):
        k = min(len(im_handles), 3 + int(r.random() * 4))
        room = f"chat{r.randrange(10**17, 10**18)}"
        name = C.GROUP_NAMES[g % len(C.GROUP_NAMES)] if r.random() < 0.6 else ""
        chats.append({"guid": f"iMessage;+;{room}", "style": STYLE_GROUP, "identifier": room,
                      "service": "iMessage", "room": room, "name": name, "person": None})
        members.append(sorted(r.sample(im_handles, k)))
    return handles, chats, members, account_guid


def _sms_chats(people, r):
    """One SMS handle and one-to-one chat per person (planned conversations)."""
    handles, chats, members = [], [], []
    for p in people:
        rowid = len(handles) + 1
        handles.append((rowid, p.e164, p.country, "SMS", p.national, None))
        chats.append({"guid": f"SMS;-;{p.e164}", "style": STYLE_ONE_TO_ONE, "identifier": p.e164,
                      "service": "SMS", "room": None, "name": "", "person": p})
        members.append([rowid])
    return handles, chats, members, {"iMessage": _uuid(r), "SMS": _uuid(r)}


def _cocoa_ns(ms: int) -> int:
    return (ms - C.UNIX_TO_COCOA * 1000) * 1_000_000


def build_ios_sms(path: str | os.PathLike, *, n_messages: int = 300, seed: int | str = 0,
                  n_contacts: int | None = None, attributed_only_share: float = 0.25,
                  attachment_share: float = 0.08, start: int = IOS_START,
                  span_days: float = 120.0, people: list | None = None, owner: C.Person | None = None,
                  lines: list | None = None) -> dict:
    """Build an iOS 13-schema ``sms.db`` at ``path`` with ``n_messages`` messages.

    Handles (iMessage and SMS), one-to-one and group chats, joins, attachments, and a share of
    messages whose ``text`` is NULL with the body only in ``attributedBody``. Returns a summary
    with row counts and ``attachments``: dicts with ``rowid``, ``filename`` (the DB value),
    ``path`` (extraction-relative) and ``data`` (the file bytes).

    ``people`` (``content.Person``) replaces the generated contacts and ``owner`` the device owner (its
    number is the SMS ``account`` and ``destination_caller_id`` of every message, and the chats'
    ``account_login``/``last_addressed_handle``); ``lines`` (``content.Line``) replaces the generated
    messages: exactly those, in one SMS chat per person (``n_messages`` is ignored).
    """
    check_columns(IOS_SMS, SMS_SPEC)
    if people is None:
        people = C.make_people(seed, n_contacts or default_contacts(n_messages))
    if lines is None:
        handles, chats, members, account_guid = _plan_chats(people, C.rng(seed, "ios-chats"))
    else:
        handles, chats, members, account_guid = _sms_chats(people, C.rng(seed, "ios-chats"))
        n_messages = 0
    r = C.rng(seed, "ios-messages")
    own_phone = owner.e164 if owner is not None else C.IOS_OWNER
    own_email = owner.email if owner is not None and owner.email else C.IOS_OWNER_EMAIL
    account = {"iMessage": f"e:{own_email}", "SMS": f"p:{own_phone}"}
    dest_caller = {"iMessage": own_email, "SMS": own_phone}
    last_read = [0] * len(chats)
    attachments: list[dict] = []
    counts = {"attributed_only": 0, "with_text": 0}
    t_ns = (start - C.UNIX_TO_COCOA) * NS
    gap2 = int(2 * span_days * C.DAY * NS / max(n_messages, 1))
    unread_from = int(n_messages * 0.97)
    n_chats = len(chats)
    n_groups = sum(1 for c in chats if c["style"] == STYLE_GROUP)
    n_single = n_chats - n_groups  # one-to-one chats come first, group chats last
    with build_db(path, IOS_SMS) as conn:
        b = Batches(conn, {"message": MESSAGE_COLS, "chat_message_join": CHAT_MESSAGE_COLS,
                           "attachment": ATTACHMENT_COLS,
                           "message_attachment_join": MESSAGE_ATTACHMENT_COLS})
        for i in range(n_messages):
            t_ns += int(r.random() * gap2) + 1
            if i < n_chats:
                ci = i
            elif n_groups and r.random() < 0.2:
                ci = n_single + int(r.random() * n_groups)
            else:
                ci = int(n_single * r.random() ** 2)
            chat = chats[ci]
            svc = chat["service"]
            group = chat["style"] == STYLE_GROUP
            from_me = r.random() < 0.45
            if group:
                handle_id = 0 if from_me else members[ci][int(r.random() * len(members[ci]))]
            else:
                handle_id = members[ci][0]
            body = C.text(r)
            n_att = 0
            if r.random() < attachment_share:
                n_att = 2 if r.random() < 0.1 else 1
                body = OBJECT_REPLACEMENT * n_att + (C.text(r) if r.random() < 0.4 else "")
            mid = i + 1
            for k in range(n_att):
                aid = len(attachments) + 1
                guid = _uuid(r)
                if r.random() < 0.85:
                    name, uti, mime = f"IMG_{aid:04d}.jpeg", "public.jpeg", "image/jpeg"
                    data = C.fake_jpeg(r, f"ios-att{aid}")
                else:
                    p = people[int(r.random() * len(people))]
                    safe = "".join("_" if ch in '<>:"/\\|?*' else ch for ch in p.name).strip(" .")
                    name, uti, mime, data = f"{safe}.vcf", "public.vcard", "text/vcard", C.vcard(p)
                filename = f"~/Library/SMS/Attachments/{r.randrange(256):02x}/{r.randrange(16):02d}/{guid}/{name}"
                created = (t_ns - 3 * NS) // NS  # seconds since 2001 (see module docstring)
                b.add("attachment", (aid, guid, created, created, filename, uti, mime, 5, int(from_me),
                                     name, len(data), 0, 0, guid))
                b.add("message_attachment_join", (mid, aid))
                attachments.append({"rowid": aid, "message": mid, "filename": filename,
                                    "path": HOME + filename[2:], "data": data})
            recent_unread = i >= unread_from and not from_me and r.random() < 0.5
            if from_me:
                is_read = 0
                date_delivered = t_ns + int((0.5 + 2.5 * r.random()) * NS) if svc == "iMessage" else 0
                date_read = date_delivered + int(r.random() * 3600 * NS) if (svc == "iMessage" and r.random() < 0.3) else 0
            else:
                is_read = 0 if recent_unread else 1
                date_delivered = 0
                date_read = 0 if recent_unread else t_ns + int((5 + r.random() * 7200) * NS)
                if is_read:
                    last_read[ci] = max(last_read[ci], t_ns)
            if r.random() < attributed_only_share:
                text_col = None
                counts["attributed_only"] += 1
            else:
                text_col = body
                counts["with_text"] += 1
            dd = int("http" in body or "+44" in body or "09:30" in body)
            b.add("message", (mid, _uuid(r), text_col, handle_id, encode_attributed_body(body), 10, 0,
                              svc, account[svc], account_guid[svc], 0, t_ns, date_read,
                              date_delivered, 1, 1, int(from_me), is_read, int(from_me), dd,
                              int(n_att > 0), chat["room"], 1, dest_caller[svc]))
            b.add("chat_message_join", (ci + 1, mid, t_ns))
        chat_of = {id(ch["person"]): ci for ci, ch in enumerate(chats)}
        for mid, line in enumerate(sorted(lines or (), key=lambda x: x.ms), 1):
            ci, t_ns, svc = chat_of[id(line.peer)], _cocoa_ns(line.ms), "SMS"
            date_read = 0 if line.outgoing else t_ns + 60 * NS
            if not line.outgoing:
                last_read[ci] = max(last_read[ci], t_ns)
            b.add("message", (mid, _uuid(r), line.text, members[ci][0], encode_attributed_body(line.text), 10, 0, svc,
                              account[svc], account_guid[svc], 0, t_ns, date_read, 0, 1, 1, int(line.outgoing),
                              int(not line.outgoing), int(line.outgoing), 0, 0, None, 1, dest_caller[svc]))
            b.add("chat_message_join", (ci + 1, mid, t_ns))
            counts["with_text"] += 1
        b.flush()
        load(conn, "handle", HANDLE_COLS, handles)
        cr = C.rng(seed, "ios-chat-ids")
        chat_rows = []
        for ci, ch in enumerate(chats):
            group_id = _uuid(cr)
            chat_rows.append((ci + 1, ch["guid"], ch["style"], 3, account_guid[ch["service"]],
                              ch["identifier"], ch["service"], ch["room"],
                              f"E:{own_email}" if ch["service"] == "iMessage" else f"P:{own_phone}",
                              0, own_phone, ch["name"], group_id, 0, 1, group_id, last_read[ci]))
        load(conn, "chat", CHAT_COLS, chat_rows)
        load(conn, "chat_handle_join", CHAT_HANDLE_COLS,
             [(ci + 1, h) for ci, hs in enumerate(members) for h in hs])
    return {"path": str(path), "messages": n_messages or len(lines or ()), "handles": len(handles), "chats": len(chats),
            "group_chats": sum(1 for c in chats if c["style"] == STYLE_GROUP),
            "attributed_only": counts["attributed_only"], "attachments": attachments,
            "contacts": len(people)}


# ---------------------------------------------------------------------------------------------
# CallHistory.storedata


def _callrecord_rows(r, n, people, start_cocoa, span_s, totals):
    gap2 = 2.0 * span_s / max(n, 1)
    t = start_cocoa + gap2 / 7
    unread_from = int(n * 0.97)
    for i in range(n):
        t += r.random() * gap2
        p = people[int(len(people) * r.random() ** 2)]
        x = r.random()
        if x < 0.72:
            ctype, provider, address = CALLTYPE_PHONE, "com.apple.Telephony", C.pick_format(r, p)
        elif x < 0.90:
            ctype = CALLTYPE_FACETIME_AUDIO if x < 0.82 else CALLTYPE_FACETIME_VIDEO
            provider, address = "com.apple.FaceTime", p.email or p.e164
        else:
            ctype, provider, address = CALLTYPE_THIRD_PARTY, "net.whatsapp.WhatsApp", p.e164
        whatsapp = ctype == CALLTYPE_THIRD_PARTY
        originated = int(r.random() < 0.45)
        y = r.random()
        if originated:
            answered = int(y < 0.85)
            cause = 0
        else:
            answered = int(y < 0.70)
            rejected = not answered and y >= 0.92  # otherwise an unanswered incoming call is missed
            cause = 0 if answered else (2 if whatsapp else 6) if rejected else (6 if whatsapp else None)
        duration = round(3 + r.expovariate(1 / 200.0) + r.random(), 6) if answered else 0.0
        unread = (not originated and not answered and i >= unread_from)
        totals["all"] += duration
        totals["out" if originated else "in"] += duration
        totals["last"] = duration
        yield (i + 1, ENT_CALLRECORD, 1 + int(r.random() * 3), answered, ctype, cause, originated,
               0 if unread else 1, round(t, 6), duration, p.country,
               C.geocode(p.e164, p.country) if ctype == CALLTYPE_PHONE else None,
               p.name if whatsapp and p.saved else None, provider, _uuid(r), address.encode("utf-8"))


def build_ios_callhistory(path: str | os.PathLike, *, n_calls: int = 100, seed: int | str = 0,
                          n_contacts: int | None = None, start: int = IOS_START,
                          span_days: float = 120.0) -> dict:
    """Build an iOS ``CallHistory.storedata`` (Core Data SQLite) with ``n_calls`` ZCALLRECORD rows."""
    check_columns(IOS_CALLHISTORY, CALLHISTORY_SPEC)
    people = C.make_people(seed, n_contacts or default_contacts(n_calls))
    r = C.rng(seed, "ios-calls")
    store_uuid = _uuid(r)
    totals = {"all": 0.0, "in": 0.0, "out": 0.0, "last": 0.0}
    with build_db(path, IOS_CALLHISTORY) as conn:
        load(conn, "ZCALLRECORD", CALLRECORD_COLS,
             _callrecord_rows(r, n_calls, people, start - C.UNIX_TO_COCOA, span_days * C.DAY, totals))
        load(conn, "ZCALLDBPROPERTIES", CALLDBPROPERTIES_COLS,
             [(1, ENT_CALLDBPROPERTIES, 1, round(totals["all"], 6), round(totals["in"], 6),
               totals["last"], round(totals["all"], 6), round(totals["out"], 6))])
        load(conn, "Z_PRIMARYKEY", PRIMARYKEY_COLS,
             [(ENT_CALLDBPROPERTIES, "CallDBProperties", 0, 1), (ENT_CALLRECORD, "CallRecord", 0, n_calls)])
        # Store metadata: only the two documented Core Data keys (NSStoreTypeKey, NSStoreUUIDKey).
        meta = plistlib.dumps({"NSStoreType": "SQLite", "NSStoreUUID": store_uuid},
                              fmt=plistlib.FMT_BINARY, sort_keys=True)
        load(conn, "Z_METADATA", METADATA_COLS, [(1, store_uuid, meta)])
    return {"path": str(path), "calls": n_calls, "contacts": len(people)}


# ---------------------------------------------------------------------------------------------
# Extraction folder


def write_ios_extraction(dest_dir: str | os.PathLike, *, n_messages: int = 300, n_calls: int = 100,
                         seed: int | str = 0, n_contacts: int | None = None,
                         attributed_only_share: float = 0.25, missing_attachments: int = 1) -> dict:
    """Write a full-file-system style iOS extraction folder under ``dest_dir``.

    ``private/var/mobile/Library/SMS/sms.db``, the attachment files under
    ``private/var/mobile/Library/SMS/Attachments/`` -- all but ``missing_attachments`` of them
    (left out on purpose, chosen deterministically) -- and
    ``private/var/mobile/Library/CallHistoryDB/CallHistory.storedata``. Every written file gets
    the fixed mtime ``archive.EXTRACTION_EPOCH``. Existing files at those paths are replaced;
    nothing else in ``dest_dir`` is touched.
    """
    dest = Path(dest_dir)
    n_contacts = n_contacts or default_contacts(n_messages + n_calls)
    sms = build_ios_sms(dest / SMS_DB_PATH, n_messages=n_messages, seed=seed, n_contacts=n_contacts,
                        attributed_only_share=attributed_only_share)
    calls = build_ios_callhistory(dest / CALLHISTORY_PATH, n_calls=n_calls, seed=seed, n_contacts=n_contacts)
    atts = sms["attachments"]
    k = min(missing_attachments, len(atts))
    missing = {round((j + 1) * len(atts) / (k + 1)) - 1 for j in range(k)} if k else set()
    written = [dest / SMS_DB_PATH, dest / CALLHISTORY_PATH]
    for idx, att in enumerate(atts):
        if idx in missing:
            continue
        p = dest / att["path"]
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(att["data"])
        written.append(p)
    for p in written:
        os.utime(p, (EXTRACTION_EPOCH, EXTRACTION_EPOCH))
    summary = {key: v for key, v in sms.items() if key not in ("path", "attachments")}
    summary.update(path=str(dest), calls=calls["calls"], attachments=len(atts),
                   attachment_files=len(atts) - len(missing),
                   missing_attachments=sorted(atts[i]["path"] for i in missing))
    return summary
