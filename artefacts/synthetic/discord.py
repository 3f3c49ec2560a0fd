"""A small Discord for iOS message cache (``Library/Caches/com.hammerandchisel.discord/fsCachedData/<UUID>``).

The layout of plaso's real file ``23AAD8D4-D632-4F99-8E44-152AAB8FA9D6`` (read by
``plugins/discord_ios.py``, whose docstring gives the sources): one JSON list of message objects,
newest first, each with the real file's keys in its order (``id``, ``type``, ``content``,
``channel_id``, ``author`` {``id``, ``username``, ``global_name``, ``display_name``, ``avatar``,
``discriminator``, ``public_flags``, ``avatar_decoration``}, ``attachments``, ``embeds``, ``mentions``,
``mention_roles``, ``pinned``, ``mention_everyone``, ``tts``, ``timestamp``, ``edited_timestamp``,
``flags``, ``components``), times as ISO 8601 text with milliseconds written to six digits and
``+00:00``, an attachment-only message with ``content`` ""; an attachment as the real one
(``id``, ``filename``, ``size``, ``url``, ``proxy_url``, ``width``, ``height``, ``content_type``).
Ids are snowflakes: milliseconds since Discord's epoch 2015-01-01 shifted left by 22 bits (the
Discord API's "Snowflakes"; every id of the real file decodes to its ``timestamp``). Beyond the real
file (all type 0), from the API's Message Object: a reply (``message_reference``), an edited message,
a reaction, and a call (type 3, ``call`` {``participants``, ``ended_timestamp``}). Names and URLs are
fictional (``example.com``).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .messengers import iso_from_ms

PATH = ("private/var/mobile/Containers/Data/Application/3C1D2E4F-5A6B-4C7D-8E9F-0A1B2C3D4E5F/Library/Caches/"
        "com.hammerandchisel.discord/fsCachedData/6F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0")
DISCORD_EPOCH_MS = 1_420_070_400_000
START_MS = 1_717_000_000_000  # 2024-05-29
PEOPLE = [("casefile_user", "4417"), ("marlow_ex", "0932")]
TEXTS = ["Did you get there ok?", "Yes, parked by the river", "Send me the spot", "", "Got it, thanks",
         "Meet at 8 instead", "Fine", "See you"]


def _snowflake(ms: int, seq: int) -> str:
    return str(((ms - DISCORD_EPOCH_MS) << 22) | seq)


def _iso(ms: int) -> str:
    """The app's time text: ``2023-04-24T18:17:21.655000+00:00``."""
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)).isoformat(timespec="microseconds")


def build_messages(seed: int = 0) -> dict:
    """The message objects (oldest first) with what a parser must make of each, the channel and the users."""
    rng = random.Random(seed)
    users = [{"id": _snowflake(START_MS - 10**9 * (i + 1), i), "username": name, "global_name": None,
              "display_name": None, "avatar": f"{rng.getrandbits(128):032x}", "discriminator": disc,
              "public_flags": 0, "avatar_decoration": None} for i, (name, disc) in enumerate(PEOPLE)]
    channel = _snowflake(START_MS - 2 * 10**9, 7)
    messages, out = [], []
    t = START_MS
    for i, text in enumerate(TEXTS):
        t += rng.randrange(20_000, 900_000)
        author = users[i % 2]
        mid = _snowflake(t, i)
        m = {"id": mid, "type": 0, "content": text, "channel_id": channel, "author": author, "attachments": [],
             "embeds": [], "mentions": [], "mention_roles": [], "pinned": False, "mention_everyone": False,
             "tts": False, "timestamp": _iso(t), "edited_timestamp": None, "flags": 0, "components": []}
        info = {"id": mid, "ms": t, "sender": author["id"], "body": text or None, "kind": "message",
                "attachments": [], "recipients": []}
        if text == "":  # a photo alone, as the real file's attachment-only messages
            aid = _snowflake(t, 30 + i)
            name = f"IMG_{rng.randrange(1000, 9999)}.jpg"
            m["attachments"] = [{"id": aid, "filename": name, "size": rng.randrange(200_000, 3_000_000),
                                 "url": f"https://cdn.example.com/attachments/{channel}/{aid}/{name}",
                                 "proxy_url": f"https://media.example.com/attachments/{channel}/{aid}/{name}",
                                 "width": 1536, "height": 2048, "content_type": "image/jpeg"}]
            info["attachments"] = [name]
        if i == 4:  # a reply to the message before
            m["message_reference"] = {"channel_id": channel, "message_id": messages[-1]["id"]}
        if i == 5:  # edited a minute later
            m["edited_timestamp"] = _iso(t + 61_000)
        if i == 6:
            m["reactions"] = [{"emoji": {"id": None, "name": "\U0001f44d"}, "count": 1, "me": True}]
        messages.append(m)
        out.append(info)
    # a voice call placed by the first user, answered, 2 min 5 s
    t += 3_600_000
    mid = _snowflake(t, 99)
    messages.append({"id": mid, "type": 3, "content": "", "channel_id": channel, "author": users[0],
                     "attachments": [], "embeds": [], "mentions": [], "mention_roles": [], "pinned": False,
                     "mention_everyone": False, "tts": False, "timestamp": _iso(t), "edited_timestamp": None,
                     "flags": 0, "components": [],
                     "call": {"participants": [users[0]["id"], users[1]["id"]], "ended_timestamp": _iso(t + 125_000)}})
    out.append({"id": mid, "ms": t, "sender": users[0]["id"], "body": None, "kind": "call", "attachments": [],
                "recipients": [users[1]["id"]], "duration_s": 125.0})
    return {"objects": messages, "channel": channel, "users": [u["id"] for u in users], "messages": out}


def write_discord_ios_extraction(dest: Path, *, seed: int = 0) -> dict:
    """Write the cache file under ``dest``; returns the messages written (oldest first) and the path."""
    built = build_messages(seed)
    path = Path(dest) / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(built["objects"][::-1], ensure_ascii=True), encoding="utf-8")  # newest first, as the app
    return {"path": PATH, "channel": built["channel"], "users": built["users"], "messages": built["messages"]}


def generic_manifest(dest: Path) -> dict:
    """Write the cache under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_discord_ios_extraction(dest)
    events = []
    for x in m["messages"][::-1]:  # the parser yields the file's order, newest first
        event = {"locator": f"messages:id={x['id']}", "kind": x["kind"], "timestamp": iso_from_ms(x["ms"]),
                 "direction": None, "conversation_id": m["channel"], "sender": x["sender"],
                 "recipients": x["recipients"], "deleted": False,
                 "attachments": [{"name": a, "sha256": None} for a in x["attachments"]]}
        if x["kind"] == "message":  # a call's body is composed by the parser (duration)
            event["body"] = x["body"]
        events.append(event)
    return {"app": "discord", "path": m["path"], "events": events}


# --- Discord for Android: ``files/kv-storage/@account.<id>/a`` (``ddl/discord_android_kv.sql``) ------------------
#
# The same message objects, each in one ``messages0.data`` blob as ALEAPP and iLEAPP read it: one leading byte
# (iLEAPP skips it; its value is not published: 0x01 here, a placeholder the parser skips whatever it is), then
# JSON ``{"channelId", "id", "message": <message object>}``. The folder names the account: the first user.

ANDROID_DDL = "discord_android_kv.sql"
ANDROID_PREFIX = b"\x01"


#: the same store on iOS, where iLEAPP finds it (``*/Library/Caches/kv-storage/@account*/a*``)
IOS_KV_DIR = "private/var/mobile/Containers/Data/Application/3C1D2E4F-5A6B-4C7D-8E9F-0A1B2C3D4E5F/Library/Caches/kv-storage"


def kv_path(account: str, platform: str = "android") -> str:
    folder = IOS_KV_DIR if platform == "ios" else "data/data/com.discord/files/kv-storage"
    return f"{folder}/@account.{account}/a"


def write_discord_kv_extraction(dest: Path, *, seed: int = 0, platform: str = "android") -> dict:
    from .ddl_loader import build_db, check_columns, load

    check_columns(ANDROID_DDL, {"messages0": ("data",)})
    built = build_messages(seed)
    account = built["users"][0]
    path = kv_path(account, platform)
    blobs = [ANDROID_PREFIX + json.dumps({"channelId": m["channel_id"], "id": m["id"], "message": m},
                                         ensure_ascii=True).encode() for m in built["objects"]]
    with build_db(Path(dest) / path, ANDROID_DDL, page_size=512) as con:
        load(con, "messages0", ("data",), [(b,) for b in blobs])
    return {"path": path, "account": account, "channel": built["channel"], "messages": built["messages"]}


def kv_manifest(dest: Path, platform: str = "android") -> dict:
    """Write the kv-storage store (Android, or ``platform="ios"``) under ``dest``; its events in the generic form of
    :mod:`.messengers`."""
    m = write_discord_kv_extraction(dest, platform=platform)
    events = []
    for rowid, x in enumerate(m["messages"], 1):
        event = {"locator": f"messages0:rowid={rowid}", "kind": x["kind"], "timestamp": iso_from_ms(x["ms"]),
                 "direction": "outgoing" if x["sender"] == m["account"] else "incoming",
                 "conversation_id": m["channel"], "sender": x["sender"], "recipients": x["recipients"],
                 "deleted": False, "attachments": [{"name": a, "sha256": None} for a in x["attachments"]]}
        if x["kind"] == "message":
            event["body"] = x["body"]
        events.append(event)
    return {"app": "discord", "path": m["path"], "events": events}
