"""Facebook Messenger for Android ``databases/threads_db2`` on the sourced schema (``ddl/facebook_messenger_android.sql``).

Values are stored as the public parsers read them (sources in the DDL header): ``sender`` a JSON object
``{"name", "user_key": "FACEBOOK:<id>"}``, ``attachments`` a JSON list of ``{"id", "fbid", "mime_type",
"filename", "file_size"}``, ``shares`` a JSON list of ``{"name", "description", "href"}``, calls as
``msg_type`` 9 (one-to-one) or 203 with ``admin_text_thread_rtc_event = 'group_call_ended'`` carrying
``generic_admin_message_extensible_data`` ``{"call_duration" (s), "video", "caller_id"}`` at the call's end,
an unsent message with ``unsent_timestamp_ms``, a ``message_reactions`` row; times in ms since 1970. The
logged-in user's id is the one line of ``threads_db2-uid`` beside the database (ALEAPP). Thread keys
``ONE_TO_ONE:<id>:<id>`` / ``GROUP:<id>`` as other public Messenger parsers match them. Fictional ids and
names; URLs on ``example.com``.

The newer store ``msys_database_<id>`` (``ddl/facebook_messenger_android_msys.sql``): ``messages`` with
``sender_id``, ``thread_key`` (a one-to-one thread's key is the other person's id, as ALEAPP joins
``call_log.thread_key`` to ``contacts.id``), ``is_admin_message``; ``attachments`` / ``attachment_ctas`` /
``reactions`` by ``message_id``; ``call_log`` (``call_direction`` 1 outgoing / 2 incoming,
``call_media_type`` 2 video, ``call_duration`` s); ``contacts`` (``friendship_status`` 0 self ... 4 not friends,
``birthday_timestamp`` s). The ``<id>`` suffix is the owner's id here; parsers do not interpret it.

``build_threads_db2`` / ``build_msys(path, n_messages=..., seed=...)`` are the scalable builders (benchmarks).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .ddl_loader import Batches, build_db, check_columns, load

DDL = "facebook_messenger_android.sql"
DB = "data/data/com.facebook.orca/databases/threads_db2"
UID_FILE = "data/data/com.facebook.orca/databases/threads_db2-uid"
START_MS = 1_717_236_000_000  # 2024-06-01T10:00:00Z
MSG_COLS = ("msg_id", "thread_key", "text", "sender", "timestamp_ms", "timestamp_sent_ms", "msg_type", "attachments",
            "shares", "offline_threading_id", "admin_text_thread_rtc_event", "admin_text_thread_rtc_is_video_call",
            "unsent_timestamp_ms", "generic_admin_message_extensible_data", "snippet")
USER_COLS = ("user_key", "first_name", "last_name", "name", "username", "profile_pic_square", "is_messenger_user",
             "is_friend")
OWNER = "100000000000101"
USERS = {OWNER: ("Alex", "Rivera"), "100000000000102": ("Sam", "Okafor"), "100000000000103": ("Jo", "Lindqvist"),
         "100000000000104": ("Priya", "Nair")}
GROUP = "GROUP:700000000000001"
THREADS = {f"ONE_TO_ONE:{OWNER}:100000000000102": (OWNER, "100000000000102"),
           f"ONE_TO_ONE:{OWNER}:100000000000103": (OWNER, "100000000000103"),
           GROUP: (OWNER, "100000000000102", "100000000000103", "100000000000104")}
TEXTS = ["are we still on for saturday?", "yes! 7pm", "<b>bring</b> the charger", "lol", "send me the pics",
         "can't talk now", "on my way", "which entrance?", "👍", "ok see you there"]
TEXT_TYPE = 0  # an ordinary message's msg_type (the parser interprets only -1, 9 and 203)


def _name(uid: str) -> str:
    return " ".join(USERS[uid])


def _sender(uid: str) -> str:
    return json.dumps({"name": _name(uid), "user_key": f"FACEBOOK:{uid}"}, ensure_ascii=False)


def _plan(n_messages: int, seed: int):
    """Rows of ``messages`` and ``message_reactions``, and what each message is (for the manifest)."""
    rng = random.Random(seed)
    keys = list(THREADS)
    t = START_MS
    for i in range(n_messages):
        t += rng.randint(20_000, 900_000)
        slot = i % 23
        thread = {12: keys[0], 13: GROUP, 18: keys[1]}.get(slot, keys[i % len(keys)])
        sender = rng.choice(THREADS[thread])
        mid = f"mid.${rng.getrandbits(96):024x}"
        row = dict.fromkeys(MSG_COLS)
        row.update(msg_id=mid, thread_key=thread, sender=_sender(sender), timestamp_ms=t, msg_type=TEXT_TYPE,
                   offline_threading_id=str(rng.getrandbits(60)), text=rng.choice(TEXTS))
        if sender == OWNER:
            row["timestamp_sent_ms"] = t - rng.randint(100, 900)
        info = {"kind": "message", "sender": sender, "attachments": [], "reaction": None, "unsent": None}
        if slot == 4:  # a picture
            fbid = str(rng.getrandbits(50))
            name = f"image-{fbid}.jpg"
            row["attachments"] = json.dumps([{"id": fbid, "fbid": fbid, "mime_type": "image/jpeg", "filename": name,
                                              "file_size": rng.randint(40_000, 900_000)}])
            row["text"] = None
            info["attachments"] = [name]
        elif slot == 7:  # a shared link
            row["shares"] = json.dumps([{"name": "Trail map", "description": "Loop trail, 6 km",
                                         "href": "https://www.example.com/trails/loop"}])
        elif slot == 10:  # unsent by its sender
            row["text"] = None
            row["unsent_timestamp_ms"] = t + rng.randint(5_000, 60_000)
            info["unsent"] = row["unsent_timestamp_ms"]
        elif slot in (12, 18):  # a one-to-one call, logged at its end
            duration = rng.choice((0, 37, 412))
            row.update(text=None, msg_type=9, generic_admin_message_extensible_data=json.dumps(
                {"call_duration": duration, "video": bool(i % 2), "caller_id": sender}))
            info.update(kind="call", duration=duration, video=bool(i % 2))
        elif slot == 13:  # a group call's end record
            duration = rng.randint(60, 1800)
            row.update(text=None, msg_type=203, admin_text_thread_rtc_event="group_call_ended",
                       generic_admin_message_extensible_data=json.dumps(
                           {"call_duration": duration, "video": True, "caller_id": sender}))
            info.update(kind="call", duration=duration, video=True)
        if slot == 2:
            info["reaction"] = ("❤", t + 30_000)
        info["row"] = row
        yield info


def build_threads_db2(path: Path, *, n_messages: int = 40, seed: int = 0) -> list[dict]:
    """Write ``threads_db2`` at ``path``; the planned messages (``row`` and what it is), in ``rowid`` order."""
    check_columns(DDL, {"messages": MSG_COLS, "thread_users": USER_COLS,
                        "thread_participants": ("thread_key", "user_key"),
                        "message_reactions": ("msg_id", "reaction", "reaction_timestamp")})
    keep = n_messages <= 1000
    planned = []
    with build_db(path, DDL, page_size=1024 if keep else None) as con:
        load(con, "android_metadata", ("locale",), [("en_US",)])
        load(con, "threads", ("thread_key",), [(k,) for k in THREADS])
        load(con, "thread_participants", ("thread_key", "user_key"),
             [(k, f"FACEBOOK:{u}") for k, members in THREADS.items() for u in members])
        load(con, "thread_users", USER_COLS, [
            (f"FACEBOOK:{uid}", first, last, f"{first} {last}", f"{first}.{last}.{uid[-3:]}".lower(),
             json.dumps([{"url": f"https://scontent.example.com/p/{uid}.jpg", "width": 100, "height": 100}]),
             1, int(uid != "100000000000104")) for uid, (first, last) in USERS.items()])
        batches = Batches(con, {"messages": MSG_COLS, "message_reactions": ("msg_id", "reaction", "reaction_timestamp")})
        for info in _plan(n_messages, seed):
            row = info["row"]
            batches.add("messages", tuple(row[c] for c in MSG_COLS))
            if info["reaction"]:
                batches.add("message_reactions", (row["msg_id"], *info["reaction"]))
            if keep:
                planned.append(info)
        batches.flush()
    return planned


MSYS = f"data/data/com.facebook.orca/databases/msys_database_{OWNER}"
MSYS_MSG_COLS = ("message_id", "thread_key", "sender_id", "text", "timestamp_ms", "is_admin_message")
MSYS_CONTACT_COLS = ("id", "name", "normalized_name_for_search", "username", "profile_picture_url",
                     "profile_picture_large_url", "email_address", "phone_number", "is_messenger_user", "friendship_status",
                     "birthday_timestamp", "work_company_name", "blocked_by_viewer_status", "blocked_since_timestamp_ms")
MSYS_CALL_COLS = ("call_timestamp_ms", "call_duration", "call_direction", "call_media_type", "has_been_seen", "thread_key")
MSYS_GROUP = 700000000000002
MSYS_START_MS = 1_719_828_000_000  # 2024-07-01T10:00:00Z


def _msys_threads() -> dict:
    """thread_key -> members (ids as integers): the owner with each other person, and a group."""
    ids = [int(u) for u in USERS]
    threads = {other: (ids[0], other) for other in ids[1:3]}
    threads[MSYS_GROUP] = tuple(ids)
    return threads


def build_msys(path: Path, *, n_messages: int = 24, seed: int = 0) -> dict:
    """Write ``msys_database_<id>`` at ``path``; what each row is (for the manifest) when small."""
    rng = random.Random(seed)
    check_columns("facebook_messenger_android_msys.sql", {
        "messages": MSYS_MSG_COLS, "contacts": MSYS_CONTACT_COLS, "call_log": MSYS_CALL_COLS,
        "attachments": ("message_id", "title_text", "subtitle_text", "filename", "playable_url_mime_type", "playable_url"),
        "attachment_ctas": ("message_id", "native_url"), "reactions": ("message_id", "reaction", "reaction_creation_timestamp_ms")})
    threads = _msys_threads()
    keys = list(threads)
    keep = n_messages <= 1000
    out: dict = {"messages": [], "calls": [], "contacts": []}
    with build_db(path, "facebook_messenger_android_msys.sql", page_size=1024 if keep else None) as con:
        contacts = []
        for i, (uid, (first, last)) in enumerate(USERS.items()):
            status = 0 if uid == OWNER else (1, 4, 2)[i % 3]
            blocked = 2 if i == 3 else 0
            bday = 631_152_000 + 86_400 * (37 * i + 11)  # seconds since 1970 (a day of 1990)
            contacts.append((int(uid), f"{first} {last}", f"{first} {last}".lower(), f"{first}.{last}".lower(),
                             f"https://scontent.example.com/s/{uid}.jpg", f"https://scontent.example.com/l/{uid}.jpg",
                             f"{first.lower()}@example.com", f"+1202555{130 + i:04d}", 1, status, bday,
                             "Example Corp" if i == 1 else None, blocked, MSYS_START_MS - 86_400_000 if blocked else 0))
            if keep:
                out["contacts"].append({"id": uid, "friendship_status": status, "blocked": blocked})
        load(con, "contacts", MSYS_CONTACT_COLS, contacts)
        batches = Batches(con, {"messages": MSYS_MSG_COLS, "attachments": ("message_id", "title_text", "subtitle_text",
                                                                         "filename", "playable_url_mime_type", "playable_url"),
                                "attachment_ctas": ("message_id", "native_url"),
                                "reactions": ("message_id", "reaction", "reaction_creation_timestamp_ms"),
                                "call_log": MSYS_CALL_COLS})
        t = MSYS_START_MS
        for i in range(n_messages):
            t += rng.randint(20_000, 900_000)
            thread = keys[i % len(keys)]
            sender = rng.choice(threads[thread])
            mid = f"mid.${rng.getrandbits(96):024x}"
            text, admin, files = rng.choice(TEXTS), 0, []
            slot = i % 17
            if slot == 5:
                text = None
                name = f"audioclip-{rng.getrandbits(40)}.mp4"
                batches.add("attachments", (mid, None, None, name, "audio/mp4", f"https://cdn.example.com/a/{name}"))
                files = [name]
            elif slot == 9:
                batches.add("attachments", (mid, "Trail map", "example.com", None, None, None))
                batches.add("attachment_ctas", (mid, "https://www.example.com/trails/loop"))
            elif slot == 11:
                admin, text = 1, f"{USERS[str(sender)][0]} named the group Weekend."
            if slot == 3:
                batches.add("reactions", (mid, "😮", t + 45_000))
            batches.add("messages", (mid, thread, sender, text, t, admin))
            if keep:
                out["messages"].append({"message_id": mid, "thread_key": thread, "sender_id": sender, "text": text,
                                        "timestamp_ms": t, "admin": admin, "attachments": files})
            if slot in (7, 14):  # a call between two messages
                other = keys[slot == 14]
                duration, direction, media = rng.choice((0, 93, 640)), 1 + (slot == 14), 1 + (slot == 7)
                call = (t + 60_000, duration, direction, media, int(slot == 7), other)
                batches.add("call_log", call)
                if keep:
                    out["calls"].append(dict(zip(MSYS_CALL_COLS, call)))
        batches.flush()
    return out


def write_facebook_messenger_extraction(dest: Path, *, seed: int = 0, n_messages: int = 40) -> dict:
    """The sample: ``threads_db2`` and ``threads_db2-uid`` under ``dest``; the generic manifest of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    planned = build_threads_db2(dest / DB, n_messages=n_messages, seed=seed)
    (dest / UID_FILE).write_text(OWNER + "\n", encoding="utf-8")
    events = []
    for info in planned:
        row, sender = info["row"], info["sender"]
        others = [u for u in THREADS[row["thread_key"]] if u != sender]
        event = {"locator": f"messages:msg_id={row['msg_id']}", "kind": info["kind"],
                 "direction": "outgoing" if sender == OWNER else "incoming",
                 "conversation_id": row["thread_key"], "sender": sender, "recipients": others,
                 "deleted": info["unsent"] is not None}
        if info["kind"] == "call":
            event["timestamp"] = iso_from_ms(row["timestamp_ms"] - info["duration"] * 1000)
            event["attachments"] = []
        else:
            event.update(timestamp=iso_from_ms(row["timestamp_ms"]), body=row["text"],
                         attachments=[{"name": n, "sha256": None} for n in info["attachments"]])
        events.append(event)
    for uid in USERS:
        events.append({"locator": f"thread_users:user_key=FACEBOOK:{uid}", "kind": "contact", "timestamp": None,
                       "conversation_id": uid, "sender": uid})
    events += _msys_events(build_msys(dest / MSYS, seed=seed))
    return {"app": "facebook_messenger", "path": DB, "owner": OWNER, "events": events}


def _msys_events(m: dict) -> list[dict]:
    """The events of ``msys_database_<id>`` in the generic form (each with its store's ``path``)."""
    from .messengers import iso_from_ms

    events = []
    for x in m["messages"]:
        sender, thread = str(x["sender_id"]), x["thread_key"]
        out = sender == OWNER
        # a group's members are in no sourced msys table: no recipients
        recipients = ([str(thread)] if out else [OWNER]) if thread != MSYS_GROUP else []
        event = {"path": MSYS, "locator": f"messages:message_id={x['message_id']}",
                 "kind": "system" if x["admin"] else "message", "timestamp": iso_from_ms(x["timestamp_ms"]),
                 "conversation_id": str(thread), "sender": sender, "body": x["text"], "deleted": False,
                 "attachments": [{"name": n, "sha256": None} for n in x["attachments"]]}
        if x["admin"]:
            event.update(direction=None, recipients=[])
        else:
            event.update(direction="outgoing" if out else "incoming", recipients=recipients)
        events.append(event)
    for i, c in enumerate(m["calls"], 1):
        out = c["call_direction"] == 1
        other = str(c["thread_key"])
        events.append({"path": MSYS, "locator": f"call_log:rowid={i}", "kind": "call",
                       "timestamp": iso_from_ms(c["call_timestamp_ms"]), "direction": "outgoing" if out else "incoming",
                       "conversation_id": other, "sender": OWNER if out else other, "recipients": [other] if out else [OWNER],
                       "deleted": False, "attachments": []})
    for c in m["contacts"]:
        events.append({"path": MSYS, "locator": f"contacts:id={c['id']}", "kind": "contact", "timestamp": None,
                       "conversation_id": c["id"], "sender": c["id"]})
    return events


def generic_manifest(root: Path) -> dict:
    return write_facebook_messenger_extraction(root)


# -- Facebook Messenger for iOS: the lightspeed (msys) mailbox --------------------------------------------------------
#
# ``lightspeed-userDatabases/<account id>.db`` on ``ddl/facebook_messenger_ios.sql`` (sources there and in
# ``plugins/facebook_messenger_ios.py``): ``thread_messages`` (a view in the real file, a table here), a call as an
# ``attachments`` row titled 'Audio Call' / 'Video Chat' with its duration text in ``subtitle_text``, a photo as an
# ``attachments`` row with ``filename`` / ``filesize``, a location as an ``attachment_items`` row, ``_user_info``
# naming the account, one encrypted ``secure_messages`` row, ``threads`` with ``thread_participant_detail``, and an
# end-to-end encrypted client thread (``client_messages`` whose senders are client contact keys mapped by
# ``fb_transport_contacts``; an image, ``message_content_type`` 2, with its ``client_attachments`` row and persisted
# path). Times in ms since 1970. Fictional ids and names; URLs on ``example.com``. The call's subtitle text is written
# as "3 mins" only as sample text: no source states the format of that text, and the parser keeps it as stored.

IOS_DDL = "facebook_messenger_ios.sql"
IOS_OWNER = "100000000000301"
IOS_DB = ("private/var/mobile/Containers/Shared/AppGroup/5B0C9A1E-2D3F-4A5B-8C7D-6E5F4A3B2C1D/Library/"
          f"Application Support/lightspeed-userDatabases/{IOS_OWNER}.db")
IOS_PEOPLE = [(IOS_OWNER, "Robin Ashgrove"), ("100000000000302", "Kai Drummond"), ("100000000000303", "Mara Quill")]
IOS_TEXTS = ["are you still at the station", "yes, platform 4", "wait there", "", "ok", "who else is coming",
             "just us", "see you soon"]
IOS_COLS = {
    "thread_messages": ("message_id", "thread_key", "sender_id", "text", "timestamp_ms", "has_attachment"),
    "contacts": ("id", "name", "normalized_name_for_search", "profile_picture_url", "is_messenger_user"),
    "attachments": ("message_id", "filename", "filesize", "title_text", "subtitle_text"),
    "attachment_items": ("message_id", "title_text", "subtitle_text"),
    "_user_info": ("facebook_user_id",),
    "secure_messages": ("thread_key", "sender_id", "text", "timestamp_ms", "secure_message_attachments_encrypted"),
    "threads": ("thread_key", "last_activity_timestamp_ms"),
    "thread_participant_detail": ("thread_key", "name"),
    "client_messages": ("pk", "thread_pk", "sender_contact_pk", "text", "display_ts_ms", "message_content_type"),
    "client_attachments": ("message_pk", "filename", "filesize", "content_token"),
    "client_attachment_store_keys": ("content_token", "persisted_path"),
    "fb_transport_contacts": ("client_contact_pk", "server_contact_id"),
}


def _lightspeed_rows(rng: random.Random, n_messages: int, start_ms: int) -> tuple[dict, dict]:
    """The rows of every table and what they mean (for the manifest)."""
    thread = IOS_PEOPLE[1][0]  # a one-to-one thread
    rows: dict = {t: [] for t in IOS_COLS}
    facts: dict = {"messages": [], "secure": [], "client": [], "threads": [], "thread": thread}
    t = start_ms
    for i in range(n_messages):
        t += rng.randrange(15_000, 900_000)
        sender = IOS_PEOPLE[i % 2][0]
        mid = f"mid.$cAAA{rng.getrandbits(64):016x}"
        text = IOS_TEXTS[i % len(IOS_TEXTS)]
        fact = {"id": mid, "ms": t, "sender": sender, "body": text or None, "kind": "message", "attachments": [],
                "call": None, "item": None}
        has_attachment = None
        if text == "" and i % len(IOS_TEXTS) == 3:  # a photo alone
            name = f"image-{rng.getrandbits(32):08x}.jpg"
            rows["attachments"].append((mid, name, rng.randrange(80_000, 900_000), None, None))
            fact["attachments"] = [name]
            has_attachment = 1
        rows["thread_messages"].append((mid, int(thread), int(sender), text, t, has_attachment))
        facts["messages"].append(fact)
    # a location share (attachment_items) and an answered video call, as the last two messages
    t += 600_000
    mid = f"mid.$cAAA{rng.getrandbits(64):016x}"
    rows["thread_messages"].append((mid, int(thread), int(IOS_PEOPLE[1][0]), "", t, 1))
    rows["attachment_items"].append((mid, "Location sharing ended", "Kai Drummond stopped sharing"))
    facts["messages"].append({"id": mid, "ms": t, "sender": IOS_PEOPLE[1][0], "body": None, "kind": "message",
                              "attachments": [], "call": None, "item": "Location sharing ended"})
    t += 3_600_000
    mid = f"mid.$cAAA{rng.getrandbits(64):016x}"
    rows["thread_messages"].append((mid, int(thread), int(IOS_OWNER), "", t, 1))
    rows["attachments"].append((mid, None, None, "Video Chat", "3 mins"))
    facts["messages"].append({"id": mid, "ms": t, "sender": IOS_OWNER, "body": None, "kind": "call",
                              "attachments": [], "call": ("Video Chat", "3 mins"), "item": None})
    rows["threads"].append((int(thread), t))
    rows["thread_participant_detail"] += [(int(thread), IOS_PEOPLE[0][1]), (int(thread), IOS_PEOPLE[1][1])]
    facts["threads"].append({"key": thread, "ms": t, "names": [IOS_PEOPLE[0][1], IOS_PEOPLE[1][1]]})
    # one secret-conversation row: text stored encrypted
    t += 120_000
    rows["secure_messages"].append((int("9" + IOS_PEOPLE[2][0]), int(IOS_PEOPLE[2][0]), rng.randbytes(48), t, None))
    facts["secure"].append({"ms": t, "sender": IOS_PEOPLE[2][0], "thread": "9" + IOS_PEOPLE[2][0]})
    # an end-to-end encrypted client thread: client contact keys 7001/7002 map to the owner and Mara
    rows["fb_transport_contacts"] += [(7001, int(IOS_OWNER)), (7002, int(IOS_PEOPLE[2][0]))]
    for k, (key, text) in enumerate(((7002, "new phone, this one is safer"), (7001, "got it"), (7002, ""))):
        t += rng.randrange(30_000, 300_000)
        ctype, atts = 1, []
        if text == "":
            ctype, token = 2, f"tok{rng.getrandbits(48):012x}"
            name = f"{rng.getrandbits(64):016x}.jpg"
            rows["client_attachments"].append((31 + k, name, rng.randrange(50_000, 400_000), token))
            rows["client_attachment_store_keys"].append(
                (token, f"lightspeed-TAMStorage/media_bank/AdvancedCrypto/{rng.getrandbits(32):08x}/persistent/{name}"))
            atts = [name]
        rows["client_messages"].append((31 + k, 5, key, text, t, ctype))
        facts["client"].append({"pk": 31 + k, "ms": t, "sender": IOS_OWNER if key == 7001 else IOS_PEOPLE[2][0],
                                "body": text or None, "attachments": atts})
    rows["_user_info"].append((int(IOS_OWNER),))
    for uid, name in IOS_PEOPLE:
        rows["contacts"].append((int(uid), name, name.lower(), f"https://scontent.example.com/p/{uid}.jpg", 1))
    facts["contacts"] = IOS_PEOPLE
    return rows, facts


def write_messenger_ios_extraction(dest: Path, *, seed: int = 0, n_messages: int = 8) -> dict:
    """Write the lightspeed database under ``dest``; returns what it holds."""
    check_columns(IOS_DDL, IOS_COLS)
    rows, facts = _lightspeed_rows(random.Random(seed), n_messages, START_MS)
    with build_db(Path(dest) / IOS_DB, IOS_DDL, page_size=1024) as con:
        for table, cols in IOS_COLS.items():
            load(con, table, cols, rows[table])
    return {"path": IOS_DB, "owner": IOS_OWNER, **facts}


def build_messenger_ios(path: Path, *, n_messages: int, seed: int = 0) -> Path:
    """A lightspeed database of ``n_messages`` thread messages at ``path`` (the benchmark's scalable builder)."""
    check_columns(IOS_DDL, IOS_COLS)
    rows, _ = _lightspeed_rows(random.Random(seed), n_messages, START_MS)
    with build_db(Path(path), IOS_DDL) as con:
        for table, cols in IOS_COLS.items():
            load(con, table, cols, rows[table])
    return Path(path)


def ios_manifest(dest: Path) -> dict:
    """Write the iOS store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_messenger_ios_extraction(dest)
    owner, events = m["owner"], []
    for x in m["messages"]:
        event = {"locator": f"thread_messages:message_id={x['id']}", "kind": x["kind"],
                 "timestamp": iso_from_ms(x["ms"]), "direction": "outgoing" if x["sender"] == owner else "incoming",
                 "conversation_id": m["thread"], "sender": x["sender"], "recipients": [], "deleted": False,
                 "attachments": [{"name": a, "sha256": None} for a in x["attachments"]]}
        if x["kind"] == "message":
            event["body"] = x["body"]
        events.append(event)
    for i, x in enumerate(m["secure"], 1):
        events.append({"locator": f"secure_messages:rowid={i}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
                       "direction": "incoming", "conversation_id": x["thread"], "sender": x["sender"], "recipients": [],
                       "body": None, "deleted": False, "attachments": []})
    for x in m["client"]:
        events.append({"locator": f"client_messages:pk={x['pk']}", "kind": "message", "timestamp": iso_from_ms(x["ms"]),
                       "direction": "outgoing" if x["sender"] == owner else "incoming", "conversation_id": "5",
                       "sender": x["sender"], "recipients": [], "body": x["body"], "deleted": False,
                       "attachments": [{"name": a, "sha256": None} for a in x["attachments"]]})
    for uid, _name in m["contacts"]:
        events.append({"locator": f"contacts:id={uid}", "kind": "contact", "timestamp": None, "conversation_id": uid,
                       "sender": uid})
    for x in m["threads"]:
        events.append({"locator": f"threads:thread_key={x['key']}", "kind": "system", "timestamp": iso_from_ms(x["ms"]),
                       "conversation_id": x["key"]})
    return {"app": "facebook_messenger", "path": m["path"], "events": events}
