"""A small Tango for Android extraction on the real schema: ``files/tc.db`` and the profile cache.

Tables and columns come only from ``ddl/tango_android_tc.sql`` and ``ddl/tango_android_profile.sql``
(the real databases of plaso's test data). Message payloads are written as the real ones are: the
base64 text of a protobuf message whose fields 2, 3, 22, 23 and 29 repeat ``conv_id``, ``type``,
``send_time``, ``msg_id`` and ``create_time``, field 4 holding the text and field 7 the media-cache path
of a picture (the layout of the real rows, see ``plugins/tango_android.py``). Profile names, status and
friend-request text are base64 of UTF-8, times milliseconds since 1970 (0 = not set), and the
``profiles`` key ``keyCurrentUserId`` names the owner's row.
"""

from __future__ import annotations

import base64
import random
from pathlib import Path

from ..decoders.protowire import encode
from .ddl_loader import build_db, check_columns, load

TC_DDL = "tango_android_tc.sql"
PROFILE_DDL = "tango_android_profile.sql"
APP = "data/data/com.sgiggle.production/files"
MEDIA = "storage/emulated/0/Android/data/com.sgiggle.production/files/storage/appdata/TCStorageManagerMediaCache_v2"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
MSG_COLS = ("msg_id", "conv_id", "type", "media_id", "create_time", "send_time", "direction", "status", "payload",
            "del_status")
CONV_COLS = ("conv_id", "conv_type", "payload", "last_msg_id", "unread_count")
PROFILE_COLS = ("itemUserId", "itemFirstName", "itemLastName", "itemBirthday", "itemGender", "itemStatus",
                "itemLastActiveTime", "itemDistance", "itemCity", "itemGeoCountryCode", "itemAvatarUrl", "itemThumbnailUrl",
                "itemVideoUrl", "itemVideoThumbnailUrl", "itemBackgroundUrl", "itemIsFriend", "itemIsBlocked",
                "itemFriendRequestType", "itemReverseRelationships", "itemFavoriterCount", "itemFavoritingCount",
                "itemFeedCount", "itemRefereneCount", "itemLevel1DataSyncTime", "itemLevel2DataSyncTime",
                "itemLevel3DataSyncTime", "itemLevel4DataSyncTime", "itemLevel5DataSyncTime", "itemLastLocalAccessTime",
                "itemFriendRequestId", "itemFriendRequestMessage", "itemFriendRequestTime", "itemIsNewFriendRequest",
                "itemFriendRequestTCMessageId", "itemFriendRequestContext", "itemFriendRequestAttachedPostType",
                "itemFriendRequestAttachedPostContent", "itemFriendRequestHasBeenForwardedToTc", "itemProfileType",
                "itemDatingAge", "itemDatingLocationString", "itemDatingSeekingString", "itemDatingEssayText",
                "itemDatingBodyType", "itemDatingLastActive", "itemDatingProfileUrl", "itemLastTimeOfLikeProfile",
                "itemIsHidden", "itemPrivacy", "itemCanSeeMyPost", "itemCanShareMyPost", "itemCanContactMe")
PEOPLE = [("Mara", "Voss", "female"), ("Jonas", "Ekdahl", "male"), ("Ines", "Okafor", "female"), ("Teo", "Marchetti", "male")]
TEXTS = ["Are you around tonight?", "Package is at the usual place", "Ok 👍", "Call me on the other app",
         "Где встречаемся?", "Tomorrow 9am", "Did you get the photo?", "No, send it again"]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _user_id(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(16)).decode("ascii").rstrip("=")


def write_tango_extraction(dest: Path, *, seed: int = 0, n_messages: int = 24) -> dict:
    """``dest/data/data/com.sgiggle.production/files/{tc.db,profile.db}``; returns the manifest."""
    rng = random.Random(seed)
    check_columns(TC_DDL, {"messages": MSG_COLS, "conversations": CONV_COLS})
    check_columns(PROFILE_DDL, {"profiletable": PROFILE_COLS})
    me = _user_id(rng)
    peers = [(_user_id(rng), *p) for p in PEOPLE]
    messages, msg_rows = [], []
    t = START_MS
    for i in range(n_messages):
        peer = peers[i % len(peers)] if i < len(peers) else rng.choice(peers)
        conv = peer[0]
        t += rng.randint(20_000, 900_000)
        outgoing = rng.random() < 0.5
        msg_id = 16_777_216 + i
        send = t + rng.randint(50, 4000)
        picture = i % 7 == 3
        mtype = 3 if picture else 0
        text = "" if picture else rng.choice(TEXTS)
        fields = [(2, conv), (3, mtype), (4, text)]
        path = None
        if picture:
            path = f"/{MEDIA}/{rng.randbytes(16).hex()}.jpg"
            fields.append((7, path))
        fields += [(22, send), (23, msg_id), (29, t)]
        payload = base64.b64encode(encode(fields)).decode("ascii")
        msg_rows.append((msg_id, conv, mtype, None, t, send, 2 if outgoing else 1, 1, payload, 0))
        messages.append({"msg_id": msg_id, "conv_id": conv, "create_time": t, "send_time": send,
                         "direction": "outgoing" if outgoing else "incoming", "body": text, "media_path": path})
    app = dest / APP
    with build_db(app / "tc.db", TC_DDL, page_size=512) as con:
        load(con, "messages", MSG_COLS, msg_rows)
        convs = sorted({m["conv_id"] for m in messages})
        last = {m["conv_id"]: m["msg_id"] for m in messages}
        load(con, "conversations", CONV_COLS,
             ((c, 0, base64.b64encode(encode([(3, c), (7, 0)])).decode("ascii"), last[c], 0) for c in convs))
        load(con, "profiles", ("key", "value"), [("DB_VERSION", "11")])
    profiles = []
    with build_db(app / "profile.db", PROFILE_DDL, page_size=512) as con:
        numeric = {r[1] for r in con.execute("PRAGMA table_info(profiletable)") if r[2] in ("INTEGER", "BIGINT", "DOUBLE")}
        rows = []
        for uid, first, last, gender in [(me, "Sam", "Reyes", "male"), *peers]:
            active = START_MS - rng.randint(60_000, 86_400_000)
            request = START_MS - rng.randint(1000, 60_000) if uid != me and rng.random() < 0.5 else 0
            status = "" if uid == me else rng.choice(["", "Busy", "Only texts"])
            row = {c: 0 if c in numeric else "" for c in PROFILE_COLS}  # every column is NOT NULL
            row.update(itemUserId=uid, itemFirstName=_b64(first), itemLastName=_b64(last), itemGender=gender,
                       itemBirthday="1990-01-01", itemStatus=_b64(status) if status else "", itemLastActiveTime=active,
                       itemDistance=round(rng.uniform(1, 500), 3), itemIsFriend=int(uid != me),
                       itemFriendRequestType="outRequest" if request else "noRequest",
                       itemFriendRequestMessage=_b64("I am following you on Tango") if request else "",
                       itemFriendRequestTime=request, itemLastLocalAccessTime=START_MS - 1000, itemProfileType="tango")
            rows.append(tuple(row[c] for c in PROFILE_COLS))
            profiles.append({"user_id": uid, "name": f"{first} {last}", "status": status or None,
                             "last_active_time": active, "friend_request_time": request or None, "owner": uid == me})
        load(con, "profiletable", PROFILE_COLS, rows)
        load(con, "profiles", ("key", "value"), [("DB_VERSION", "28"), ("keyCurrentUserId", me)])
    return {"tc_db": f"{APP}/tc.db", "profile_db": f"{APP}/profile.db", "owner": me, "messages": messages,
            "profiles": profiles}


def generic_manifest(dest: Path) -> dict:
    """Write the extraction under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_tango_extraction(dest)
    # a message names its conversation, never its sender; a profile is its user's own record
    events = [{"path": m["tc_db"], "locator": f"messages:msg_id={x['msg_id']}", "kind": "message",
               "timestamp": iso_from_ms(x["create_time"]), "direction": x["direction"], "conversation_id": x["conv_id"],
               "sender": None, "recipients": [], "body": x["body"], "deleted": False,
               "attachments": [{"name": x["media_path"].rsplit("/", 1)[-1], "sha256": None}] if x["media_path"] else []}
              for x in m["messages"]]
    events += [{"path": m["profile_db"], "locator": f"profiletable:itemUserId={p['user_id']}", "kind": "contact",
                "timestamp": None, "conversation_id": p["user_id"], "sender": p["user_id"]}
               for p in m["profiles"]]
    return {"app": "tango", "path": m["tc_db"], "events": events}
