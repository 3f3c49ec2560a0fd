"""Synthetic Meta "Download Your Information" message threads (Messenger and Instagram), written the way
Meta writes them: every string's UTF-8 bytes as Latin-1 ``\\u00XX`` escapes (the mojibake), messages
newest first, media ``uri`` relative to the export root (field names from chat-miner's
``test/instagram/testlog.json`` and chat-analytics' ``Messenger.d.ts``; see ``plugins/meta_dyi.py``).

Made-up people; deterministic. The manifest lists every event with its text as it should read once
repaired.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from .messengers import iso_from_ms

START_MS = 1_690_000_000_123


def mojibake(value):
    """Meta's encoding: each string's UTF-8 bytes as code points U+0000..U+00FF."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [mojibake(v) for v in value]
    if isinstance(value, dict):
        return {mojibake(k): mojibake(v) for k, v in value.items()}
    return value


def _thread(root: Path, base: str, folder: str, title: str, people: list[str], messages: list[dict], app: str,
            extra: dict | None = None) -> list[dict]:
    tdir = root / base / "messages" / "inbox" / folder
    tdir.mkdir(parents=True, exist_ok=True)
    doc = {"participants": [{"name": p} for p in people], "messages": list(reversed(messages)), "title": title,
           "is_still_participant": True, "thread_type": "Regular" if len(people) == 2 else "RegularGroup",
           "thread_path": f"inbox/{folder}", "magic_words": [], **(extra or {})}
    (tdir / "message_1.json").write_text(json.dumps(mojibake(doc), indent=2, ensure_ascii=True), encoding="utf-8")
    events = []
    for i, msg in enumerate(doc["messages"]):
        media = None
        for key in ("photos", "videos", "audio_files"):
            for item in msg.get(key, ()):
                data = hashlib.sha256(item["uri"].encode()).digest() * 4
                (root / item["uri"]).parent.mkdir(parents=True, exist_ok=True)
                (root / item["uri"]).write_bytes(data)
                media = {"uri": item["uri"], "sha256": hashlib.sha256(data).hexdigest()}
        events.append({
            "file": f"{base}/messages/inbox/{folder}/message_1.json", "index": i, "app": app,
            "timestamp": iso_from_ms(msg["timestamp_ms"]), "timestamp_raw": msg["timestamp_ms"],
            "sender": msg["sender_name"], "body": msg.get("content", (msg.get("share") or {}).get("link")),
            "conversation_id": f"inbox/{folder}", "conversation_name": title,
            "deleted": bool(msg.get("is_unsent")), "attachment": media,
            "mojibake": any(ord(c) > 127 for c in json.dumps(msg, ensure_ascii=False)),
            "reactions": msg.get("reactions"),
        })
    return events


def write_meta_dyi(dest) -> dict:
    """A Messenger and an Instagram DYI folder under ``dest``; the manifest of their events."""
    root = Path(dest)
    t = [START_MS + i * 3_600_123 for i in range(10)]
    fb_photo = "your_facebook_activity/messages/inbox/lenasample_10234/photos/10234_0001_n_10234.jpg"
    fb = _thread(root, "your_facebook_activity", "lenasample_10234", "Léna Sample", ["Léna Sample", "Noor Owner"], [
        {"sender_name": "Léna Sample", "timestamp_ms": t[0], "content": "Café at 8? ☕", "type": "Generic"},
        {"sender_name": "Noor Owner", "timestamp_ms": t[1], "content": "Ja, größer Tisch bitte", "type": "Generic",
         "reactions": [{"reaction": "❤️", "actor": "Léna Sample"}]},
        {"sender_name": "Léna Sample", "timestamp_ms": t[2], "photos": [
            {"uri": fb_photo, "creation_timestamp": t[2] // 1000}], "type": "Generic"},
        {"sender_name": "Noor Owner", "timestamp_ms": t[3], "content": "", "is_unsent": True, "type": "Generic"},
    ], "messenger")
    ig = _thread(root, "your_instagram_activity", "tripcrew_55501", "Trip crew 🚐",
                 ["Öz Example", "Noor Owner", "Sam Test"], [
        {"sender_name": "Öz Example", "timestamp_ms": t[4], "content": "Öz joined the group.",
         "users": [{"name": "Öz Example"}]},
        {"sender_name": "Sam Test", "timestamp_ms": t[5], "content": "Sam Test sent an attachment.",
         "share": {"link": "https://www.instagram.com/p/EXAMPLE01/", "share_text": ""}},
        {"sender_name": "Noor Owner", "timestamp_ms": t[6], "content": "plain ascii"},
    ], "instagram")
    return {"events": fb + ig}
