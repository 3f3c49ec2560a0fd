"""Synthetic Telegram Desktop JSON export (``result.json`` + media folders), in the layout of tdesktop's
writer (``Telegram/SourceFiles/export/output/export_output_json.cpp``: keys, their order, one space of
indentation per nesting level, ``date`` local ISO time and ``date_unixtime`` seconds as a string, media
paths relative to the export folder or "(File not included. ...)").

Made-up people and chats; deterministic. The manifest lists every message event the parser must give.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

OWNER_ID = 5000000001
#: the exporting computer's zone offset of the ``date`` fields (``date_unixtime`` is UTC)
LOCAL = timezone(timedelta(hours=2))
START = 1_700_000_000  # 2023-11-14T22:13:20Z
NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"


def _times(i: int) -> dict:
    t = START + i * 3_611
    return {"date": datetime.fromtimestamp(t, LOCAL).strftime("%Y-%m-%dT%H:%M:%S"), "date_unixtime": str(t)}


def write_telegram_export(dest) -> dict:
    """``dest/Telegram Desktop/DataExport_2023-11-20/result.json`` and its media; the manifest."""
    base = Path(dest) / "Telegram Desktop" / "DataExport_2023-11-20"
    (base / "chats" / "chat_001" / "photos").mkdir(parents=True, exist_ok=True)
    photo_rel = "chats/chat_001/photos/photo_1@14-11-2023_23-13-20.jpg"
    photo = hashlib.sha256(b"telegram export photo").digest() * 16
    (base / photo_rel).write_bytes(photo)
    owner = f"user{OWNER_ID}"
    n = iter(range(1000))

    def m(mid, **kw):
        return {"id": mid, "type": "message", **_times(next(n)), **kw}

    def svc(mid, **kw):
        return {"id": mid, "type": "service", **_times(next(n)), **kw}

    personal = [
        m(11, **{"from": "Dana Owner", "from_id": owner, "text": "Hi Eli, see you at 6?",
                 "text_entities": [{"type": "plain", "text": "Hi Eli, see you at 6?"}]}),
        m(12, **{"from": "Eli Example", "from_id": "user5000000002", "photo": photo_rel, "width": 1280,
                 "height": 960, "text": "", "text_entities": []}),
        m(13, **{"edited": "x", "edited_unixtime": str(START + 99_999), "from": "Eli Example",
                 "from_id": "user5000000002", "reply_to_message_id": 11,
                 "text": ["Yes, at ", {"type": "link", "text": "https://example.org/cafe"}, " ok"],
                 "text_entities": [{"type": "plain", "text": "Yes, at "},
                                   {"type": "link", "text": "https://example.org/cafe"},
                                   {"type": "plain", "text": " ok"}]}),
        svc(14, actor="Dana Owner", actor_id=owner, action="phone_call", duration_seconds=73,
            discard_reason="hangup", text="", text_entities=[]),
        m(15, **{"from": "Dana Owner", "from_id": owner, "file": NOT_INCLUDED, "media_type": "voice_message",
                 "mime_type": "audio/ogg", "duration_seconds": 4, "text": "", "text_entities": []}),
    ]
    personal[2]["edited"] = datetime.fromtimestamp(START + 99_999, LOCAL).strftime("%Y-%m-%dT%H:%M:%S")
    group = [
        svc(1, actor="Dana Owner", actor_id=owner, action="create_group", title="Book club",
            members=["Eli Example", "Fay Sample"], text="", text_entities=[]),
        m(2, **{"from": "Fay Sample", "from_id": "user5000000003", "text": "First book: \"Dune\"",
                "text_entities": [{"type": "plain", "text": "First book: \"Dune\""}]}),
    ]
    channel = [
        m(7, **{"from": "Local News", "from_id": "channel1900000004", "author": "Desk",
                "text": "Road closed <b>today</b>", "text_entities": [{"type": "plain", "text": "Road closed <b>today</b>"}]}),
    ]
    left = [
        m(3, **{"from": "Gus Former", "from_id": "user5000000005", "text": "bye all",
                "text_entities": [{"type": "plain", "text": "bye all"}]}),
    ]
    doc = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": OWNER_ID, "first_name": "Dana", "last_name": "Owner",
                                 "phone_number": "+1 555 010 0001", "username": "@dana_example"},
        "contacts": {"about": "contacts", "list": [
            {"user_id": 5000000002, "first_name": "Eli", "last_name": "Example", "phone_number": "+1 555 010 0002",
             **_times(0)}]},
        "chats": {"about": "chats", "list": [
            {"name": "Eli Example", "type": "personal_chat", "id": 5000000002, "messages": personal},
            {"name": "Book club", "type": "private_group", "id": 4000000001, "messages": group},
            {"name": "Local News", "type": "public_channel", "id": 1900000004, "messages": channel},
        ]},
        "left_chats": {"about": "left", "list": [
            {"name": "Old group", "type": "private_supergroup", "id": 1800000006, "messages": left}]},
    }
    (base / "result.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    events = []
    for chat_list, chats in (("chats", doc["chats"]["list"]), ("left_chats", doc["left_chats"]["list"])):
        for chat in chats:
            for msg in chat["messages"]:
                service = msg["type"] == "service"
                sender = msg.get("actor_id" if service else "from_id")
                text = msg.get("text")
                body = text if isinstance(text, str) else "".join(p if isinstance(p, str) else p["text"] for p in text)
                events.append({
                    "locator": f"chat={chat['id']}:message={msg['id']}",
                    "timestamp": datetime.fromtimestamp(int(msg["date_unixtime"]), timezone.utc)
                    .strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "kind": ("call" if msg.get("action") == "phone_call" else "system") if service else "message",
                    "sender": sender, "direction": "outgoing" if sender == owner else "incoming",
                    "conversation_id": str(chat["id"]), "conversation_name": chat["name"], "body": body or None,
                    "attachment": ({"path": "Telegram Desktop/DataExport_2023-11-20/" + msg["photo"],
                                    "sha256": hashlib.sha256(photo).hexdigest(), "size": len(photo)}
                                   if "photo" in msg else None),
                    "left_chat": chat_list == "left_chats",
                })
    return {"result_json": "Telegram Desktop/DataExport_2023-11-20/result.json", "owner": owner, "events": events}
