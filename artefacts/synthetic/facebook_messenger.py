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

``build_threads_db2(path, n_messages=..., seed=...)`` is the scalable builder (benchmarks).
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
    return {"app": "facebook_messenger", "path": DB, "owner": OWNER, "events": events}


def generic_manifest(root: Path) -> dict:
    return write_facebook_messenger_extraction(root)
