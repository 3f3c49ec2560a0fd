"""A small Snapchat extraction on the real schema: ``arroyo.db`` (Android and iOS) and Android ``main.db``.

Tables and columns come only from ``ddl/snapchat_arroyo.sql`` (the CREATE statements of a real arroyo.db,
Snapchat 11.12.0, dumped by Ogg3/CheckArroyo) and ``ddl/snapchat_main.sql`` (``Friend``, from the decompiled
app). Values are stored as the app stores them: user and conversation ids are UUID text in the SQL columns
and 16 raw bytes inside the protobufs; times are milliseconds since 1970 (``read_timestamp`` 0 = not read);
``message_content`` is a protobuf whose 2 > 1 is the sender, 3 > 1 > 1 > 1 the conversation, 4 > 2 the content
type, 4 > 4 > 2 > 1 the text of a chat (content type 1) and 6 > 1 / 6 > 2 the two times (the layout ALEAPP and
iLEAPP read on real files, ``scripts/artifacts/snapchat.py``); ``conversation_metadata`` repeats field 3 with
1 > 1 the participant. Content types are those of SnapEnhance's ``ContentType`` enum (0 snap, 1 chat,
5 sticker, 11 / 12 missed video / audio call); one row has a type no source names (kept raw by the parser).
The group conversation is left on this device (``tombstoned_at_timestamp``, ms). Rows created on this device carry a ``local_message_content_id`` (schema comment: "nullable if message wasn't
created on this device"). Names, ids and texts are fictional.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from ..decoders.protowire import encode
from .ddl_loader import build_db, check_columns, load

ARROYO_DDL = "snapchat_arroyo.sql"
MAIN_DDL = "snapchat_main.sql"
ANDROID_DIR = "data/data/com.snapchat.android/databases"
IOS_CONTAINER = "private/var/mobile/Containers/Data/Application/6C0E5E8A-35D1-4B3B-9E0F-2D7A1C93B0E4"
START_MS = 1_717_236_000_000  # 2024-06-01T10:00:00Z
MSG_COLS = ("client_conversation_id", "client_message_id", "server_message_id", "client_resolution_id",
            "local_message_content_id", "message_content", "message_state_type", "creation_timestamp",
            "read_timestamp", "is_saved", "is_viewed_by_user", "remote_media_count", "content_type",
            "content_read_release_policy", "released_by_count", "sender_id", "is_released_by_user")
CONV_COLS = ("client_conversation_id", "conversation_metadata", "send_state_type", "creation_timestamp",
             "conversation_version", "sync_watermark", "source_page", "tombstoned_at_timestamp")
FRIEND_COLS = ("username", "userId", "displayName", "phone", "addedTimestamp", "reverseAddedTimestamp",
               "friendLinkType", "isOfficial")
OWNER = ("sam.reyes.snap", "Sam")
PEOPLE = [("mara_v", "Mara V"), ("jonas.e", "Jonas"), ("ines0k", "Ines O")]
TEXTS = ["you up?", "same place as last time", "ok 👍", "bring the stuff", "Где ты?", "10 min",
         "did you save it?", "delete this after"]
#: (content type, share of the rows): chat text, snap, sticker, missed video call, missed audio call, unnamed
TYPES = (1, 1, 1, 1, 0, 5, 1, 11, 1, 12, 1, 77)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(bytes=rng.randbytes(16), version=4)


def message_content(sender: uuid.UUID, conv: uuid.UUID, ctype: int, text: str | None, created: int, read: int) -> bytes:
    """A ``message_content`` protobuf in the layout ALEAPP / iLEAPP read (see the module docstring)."""
    body = [(2, ctype)]
    if text is not None:
        body.append((4, encode([(2, encode([(1, text)]))])))
    return encode([(2, encode([(1, sender.bytes)])),
                   (3, encode([(1, encode([(1, encode([(1, conv.bytes)]))]))])),
                   (4, encode(body)),
                   (6, encode([(1, created), (2, read)]))])


def conversation_metadata(members: list[uuid.UUID]) -> bytes:
    return encode([(3, encode([(1, encode([(1, m.bytes)]))])) for m in members])


def write_snapchat_extraction(dest: Path, *, seed: int = 0, platform: str = "android", n_messages: int = 18) -> dict:
    """Snapchat's stores under ``dest`` at their device paths; returns what they hold (the manifest)."""
    rng = random.Random(f"snapchat-{seed}-{platform}")
    check_columns(ARROYO_DDL, {"conversation_message": MSG_COLS, "conversation": CONV_COLS,
                               "conversation_identifier": ("client_conversation_id",)})
    check_columns(MAIN_DDL, {"Friend": FRIEND_COLS})
    owner = _uuid(rng)
    people = [(_uuid(rng), *p) for p in PEOPLE]
    convs = [(_uuid(rng), [owner, p[0]]) for p in people[:2]] + [(_uuid(rng), [owner, people[1][0], people[2][0]])]
    if platform == "android":
        folder = ANDROID_DIR
    else:
        folder = f"{IOS_CONTAINER}/Documents/user_scoped/{rng.randbytes(16).hex()}/arroyo"
    arroyo = f"{folder}/arroyo.db"
    messages, rows = [], []
    next_id = {c: 1 for c, _ in convs}
    t = START_MS
    for i in range(n_messages):
        conv, members = convs[i % len(convs)]
        sender = members[(i // len(convs)) % len(members)]
        ctype = TYPES[i % len(TYPES)]
        t += rng.randint(30_000, 1_800_000)
        read = 0 if i % 5 == 4 else t + rng.randint(1_000, 600_000)
        text = rng.choice(TEXTS) if ctype == 1 else None
        cmid = next_id[conv]
        next_id[conv] += 1
        mine = sender == owner
        saved = int(ctype == 1 and i % 4 == 0)
        rows.append((str(conv), cmid, 1000 + i, rng.randint(1, 1 << 40), 500 + i if mine else None,
                     message_content(sender, conv, ctype, text, t, read), "COMMITTED", t, read, saved,
                     int(read != 0 or mine), int(ctype == 0), ctype, 0, 0, str(sender), 0))
        messages.append({"conversation_id": str(conv), "client_message_id": cmid, "sender": str(sender),
                         "recipients": [str(m) for m in members if m != sender], "content_type": ctype,
                         "body": text, "creation_timestamp": t, "read_timestamp": read, "saved": bool(saved),
                         "direction": "outgoing" if mine else "incoming"})
    left = t + 3_600_000  # the group is left on this device after its last message
    with build_db(dest / arroyo, ARROYO_DDL, page_size=512) as con:
        load(con, "conversation_identifier", ("client_conversation_id", "server_conversation_id"),
             ((str(c), str(c)) for c, _ in convs))
        load(con, "conversation", CONV_COLS,
             ((str(c), conversation_metadata(m), "COMMITTED", START_MS - 86_400_000 * (k + 1), 1, 0, 0,
               left if len(m) > 2 else None) for k, (c, m) in enumerate(convs)))
        load(con, "conversation_message", MSG_COLS, rows)
    manifest = {"platform": platform, "arroyo_db": arroyo, "owner": str(owner), "messages": messages, "friends": [],
                 "left": [{"conversation_id": str(c), "participants": [str(x) for x in m], "tombstoned_at": left}
                          for c, m in convs if len(m) > 2]}
    if platform == "android":
        friends = [(OWNER[0], owner, OWNER[1], 0, 0)]
        for k, (uid, user, display) in enumerate(people):
            friends.append((user, uid, display, START_MS - 86_400_000 * (30 - k), START_MS - 86_400_000 * (29 - k)))
        with build_db(dest / ANDROID_DIR / "main.db", MAIN_DDL, page_size=512) as con:
            load(con, "Friend", FRIEND_COLS, ((user, str(uid), display, None, added, back, 0, 0)
                                              for user, uid, display, added, back in friends))
        manifest["main_db"] = f"{ANDROID_DIR}/main.db"
        manifest["friends"] = [{"_id": k + 1, "user_id": str(uid), "username": user, "display_name": display,
                                "added": added, "reverse_added": back}
                               for k, (user, uid, display, added, back) in enumerate(friends)]
    return manifest


def generic_manifest(root: Path, platform: str = "android", seed: int = 0) -> dict:
    """Write the extraction under ``root``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_snapchat_extraction(root, seed=seed, platform=platform)
    events = []
    for x in m["messages"]:
        event = {"locator": f"conversation_message:message_key={x['conversation_id']}/{x['client_message_id']}",
                 "kind": "call" if x["content_type"] in (11, 12) else "message",
                 "timestamp": iso_from_ms(x["creation_timestamp"]), "direction": x["direction"],
                 "conversation_id": x["conversation_id"], "sender": x["sender"], "recipients": x["recipients"],
                 "deleted": False, "attachments": []}
        if event["kind"] == "message":  # a call's body is the parser's description
            event["body"] = x["body"]
        events.append(event)
    events += [{"locator": f"conversation:client_conversation_id={x['conversation_id']}", "kind": "system",
                "timestamp": iso_from_ms(x["tombstoned_at"]), "conversation_id": x["conversation_id"],
                "recipients": x["participants"]} for x in m["left"]]
    events += [{"path": m["main_db"], "locator": f"Friend:_id={f['_id']}", "kind": "contact", "timestamp": None,
                "conversation_id": f["user_id"], "sender": f["user_id"]} for f in m["friends"]]
    return {"app": "snapchat", "path": m["arroyo_db"], "events": events}
