"""Small Twitter/X databases on the real schemas: the Android account database and the iOS ``twitter.db``.

Android (``ddl/twitter_android.sql``, the 2015 database of plaso's test data): the tables the parser
reads (``users``, ``conversations``, ``conversation_participants``, ``conversation_entries``) plus
``statuses``, ``tokens`` (named by the ``users`` trigger) and ``android_metadata``; the file is named
``<account user id>-61.db`` as on a phone. A direct message's ``data`` blob keeps the bytes that surround
the text in the real row (its first 11 bytes, then one length byte, the UTF-8 text and the two bytes
that follow it there): the text is the only part that changes, which is all the parser reads.
iOS (``ddl/twitter_ios.sql``): ``Users`` (``createdDate``/``updatedAt`` seconds since 1970 as REAL)
and an empty ``Statuses``. Ids and names are made up; URLs use ``example.com``.
"""

from __future__ import annotations

import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

ANDROID_DDL = "twitter_android.sql"
IOS_DDL = "twitter_ios.sql"
ANDROID_TABLES = ("users", "conversations", "conversation_participants", "conversation_entries", "statuses", "tokens",
                  "android_metadata")
IOS_DB = "private/var/mobile/Containers/Data/Application/0D1E2F3A-4B5C-4D6E-8F90-A1B2C3D4E5F6/Library/Caches/twitter.db"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
#: bytes of the real row (plaso test_data/android/twitter.db, conversation_entries _id 2) around its text
DATA_PREFIX = bytes.fromhex("491d095443c1cc1650036a")
DATA_AFTER = bytes.fromhex("4949")
USER_COLS = ("_id", "user_id", "username", "name", "description", "location", "followers", "friends", "statuses",
             "profile_created", "updated", "friendship_time", "image_url")
ENTRY_COLS = ("_id", "entry_id", "sort_entry_id", "conversation_id", "user_id", "created", "entry_type", "data")
IOS_USER_COLS = ("id", "screenName", "name", "description", "location", "url", "profileImageUrl", "following",
                 "followersCount", "followingCount", "createdDate", "updatedAt")
PEOPLE = [("nightowl_k", "Kay Night"), ("harbor_ops", "Harbor Ops"), ("j_mendez", "Julia Mendez")]
TEXTS = ["Saw your post, still available?", "DM me the price", "Yes. Cash only.", "Where do we meet?",
         "Same spot, 8pm", "👍"]


def write_twitter_extraction(dest: Path, *, seed: int = 0, n_messages: int = 8) -> dict:
    """``dest/android/`` (the account database) and ``dest/ios/`` (``twitter.db``); returns the manifest."""
    rng = random.Random(seed)
    check_columns(ANDROID_DDL, {"users": USER_COLS, "conversation_entries": ENTRY_COLS})
    check_columns(IOS_DDL, {"Users": IOS_USER_COLS})
    owner = rng.randint(10**9, 4 * 10**9)
    people = [(rng.randint(10**9, 4 * 10**9), handle, name) for handle, name in PEOPLE]
    users = [(owner, "sam_r_2024", "Sam R"), *people]
    db = f"data/data/com.twitter.android/databases/{owner}-61.db"
    messages, entries = [], []
    t = START_MS
    convs = {uid: f"{min(owner, uid)}-{max(owner, uid)}" for uid, _, _ in people}
    for i in range(1, n_messages + 1):
        peer = people[i % len(people)][0] if i <= len(people) else rng.choice(people)[0]
        sender = owner if rng.random() < 0.5 else peer
        t += rng.randint(60, 3600) * 1000  # whole seconds, as the real row
        text = rng.choice(TEXTS)
        data = DATA_PREFIX + bytes([len(text.encode())]) + text.encode() + DATA_AFTER
        entry_id = 790_000_000_000_000_000 + i
        entries.append((i, entry_id, entry_id, convs[peer], sender, t, 0, data))
        messages.append({"_id": i, "conversation_id": convs[peer], "sender": str(sender), "created": t, "body": text,
                         "direction": "outgoing" if sender == owner else "incoming"})
    with build_db(dest / "android" / db, ANDROID_DDL, tables=ANDROID_TABLES, page_size=512) as con:
        load(con, "users", USER_COLS, [
            (i, uid, handle, name, "", "", rng.randint(0, 900), rng.randint(0, 900), rng.randint(0, 5000),
             -1 if i == 1 else START_MS - rng.randint(10**9, 10**11), START_MS, 0, f"https://img.example.com/{handle}.jpg")
            for i, (uid, handle, name) in enumerate(users, start=1)])
        load(con, "conversations", ("_id", "conversation_id", "type", "sort_timestamp", "is_muted", "is_hidden"),
             [(i, c, 0, t, 0, 0) for i, c in enumerate(sorted(convs.values()), start=1)])
        load(con, "conversation_participants", ("_id", "conversation_id", "user_id", "join_time", "participant_type"),
             [(2 * i + k, c, str(u), 0, 1) for i, (peer, c) in enumerate(sorted(convs.items())) for k, u in enumerate((peer, owner))])
        load(con, "conversation_entries", ENTRY_COLS, entries)
        load(con, "android_metadata", ("locale",), [("en_US",)])
    ios_users = []
    with build_db(dest / "ios" / IOS_DB, IOS_DDL, page_size=512) as con:
        rows = []
        for uid, handle, name in people:
            created = (START_MS - rng.randint(10**9, 10**11)) // 1000 + 0.25  # a fraction exact in binary
            rows.append((uid, handle, name, "", "", f"https://example.com/{handle}", f"https://img.example.com/{handle}.png",
                         1, rng.randint(0, 900), rng.randint(0, 900), created, START_MS / 1000))
            ios_users.append({"id": str(uid), "screen_name": handle, "name": name, "created": created})
        load(con, "Users", IOS_USER_COLS, rows)
    return {"android_db": f"android/{db}", "owner": str(owner), "messages": messages,
            "android_users": [{"user_id": str(u), "username": h, "name": n} for u, h, n in users],
            "ios_db": f"ios/{IOS_DB}", "ios_users": ios_users}


def generic_manifest(root: Path, platform: str) -> dict:
    """The ``platform`` half of the extraction written under ``root``; its events in the generic form of
    :mod:`.messengers` (a direct message's recipient is the other member of its two-member conversation)."""
    import shutil
    import tempfile

    from .messengers import iso_from_ms

    with tempfile.TemporaryDirectory() as tmp:
        m = write_twitter_extraction(Path(tmp))
        shutil.copytree(Path(tmp) / platform, root, dirs_exist_ok=True)
    if platform == "ios":
        path = m["ios_db"].split("/", 1)[1]
        return {"app": "twitter", "path": path, "events": [
            {"locator": f"Users:id={u['id']}", "kind": "contact", "timestamp": None, "conversation_id": u["id"],
             "sender": u["id"], "recipients": []} for u in m["ios_users"]]}
    path = m["android_db"].split("/", 1)[1]
    events = []
    for x in m["messages"]:
        other = [p for p in x["conversation_id"].split("-") if p != x["sender"]]
        events.append({"locator": f"conversation_entries:_id={x['_id']}", "kind": "message",
                       "timestamp": iso_from_ms(x["created"]), "direction": x["direction"],
                       "conversation_id": x["conversation_id"], "sender": x["sender"], "recipients": other,
                       "body": x["body"], "deleted": False, "attachments": []})
    events += [{"locator": f"users:_id={i}", "kind": "contact", "timestamp": None, "conversation_id": u["user_id"],
                "sender": u["user_id"], "recipients": []} for i, u in enumerate(m["android_users"], start=1)]
    return {"app": "twitter", "path": path, "events": events}
