"""Synthetic Google Takeout: ``Takeout/Chrome/BrowserHistory.json`` in the layout of a real Takeout file
(MichaelCurrin/history-report ``historyreport/var/samples/BrowserHistory.json``: four-space indentation,
the keys in its order, ``client_id`` a base64 string with ``=`` escaped as ``\\u003d``) and
``Takeout/Hangouts/Hangouts.json`` with the fields adrish96/Hangouts-JSON-Parser reads.

Made-up browsing; deterministic. The manifest lists every visit.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

START_US = 1_735_000_000_123_456
CLIENT = "c3ludGhldGljLWNsaWVudA=="


def write_takeout(dest) -> dict:
    """``dest/Takeout/Chrome/BrowserHistory.json``; the manifest of its visits."""
    chrome = Path(dest) / "Takeout" / "Chrome"
    chrome.mkdir(parents=True, exist_ok=True)
    rows = [
        ("https://www.example.org/favicon.ico", "TYPED", "Example Domain", "https://www.example.org/"),
        (None, "LINK", "Search results <script>alert(1)</script>", "https://search.example.com/?q=ferry+times"),
        (None, "RELOAD", "Timetable", "https://ferry.example.net/timetable"),
        (None, "LINK", "Market", "http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/"),
    ]
    entries = []
    for i, (favicon, transition, title, url) in enumerate(rows):
        e = {}
        if favicon:
            e["favicon_url"] = favicon
        e.update(page_transition=transition, title=title, url=url, client_id=CLIENT,
                 time_usec=START_US + i * 61_000_007)
        entries.append(e)
    text = json.dumps({"Browser History": list(reversed(entries))}, indent=4).replace("=", "\\u003d")
    (chrome / "BrowserHistory.json").write_text(text, encoding="utf-8")
    visits = []
    for i, e in enumerate(reversed(entries)):
        visits.append({
            "index": i, "url": e["url"], "title": e["title"], "page_transition": e["page_transition"],
            "time_usec": e["time_usec"],
            "timestamp": datetime.fromtimestamp(e["time_usec"] // 1_000_000, timezone.utc)
            .replace(microsecond=e["time_usec"] % 1_000_000).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        })
    return {"browser_history": "Takeout/Chrome/BrowserHistory.json", "visits": visits,
            "hangouts": _write_hangouts(Path(dest) / "Takeout" / "Hangouts")}


def _write_hangouts(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    people = {"104000000000000000001": "Ivy Example", "104000000000000000002": "Jon Sample"}
    conv_id = "UgwSYNTHETICconv01"
    t0 = 1_420_000_000_654_321

    def ev(i, sender, segments=None, event_type="REGULAR_CHAT_MESSAGE"):
        e = {"conversation_id": {"id": conv_id}, "sender_id": {"gaia_id": sender, "chat_id": sender},
             "timestamp": str(t0 + i * 90_000_011), "event_type": event_type}
        if segments is not None:
            e["chat_message"] = {"message_content": {"segment": segments}}
        return e

    events = [
        ev(0, "104000000000000000001", [{"type": "TEXT", "text": "Lunch?"}]),
        ev(1, "104000000000000000002", [{"type": "TEXT", "text": "Yes, here:"}, {"type": "LINE_BREAK"},
                                       {"type": "LINK", "text": "https://maps.example.com/x"}]),
        ev(2, "104000000000000000002", None, "HANGOUT_EVENT"),
    ]
    doc = {"conversations": [{
        "conversation": {"conversation_id": {"id": conv_id}, "conversation": {
            "id": {"id": conv_id}, "type": "STICKY_ONE_TO_ONE",
            "participant_data": [{"id": {"gaia_id": g, "chat_id": g}, "fallback_name": n} for g, n in people.items()]}},
        "events": events}]}
    (folder / "Hangouts.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    out = []
    for i, e in enumerate(events):
        us = int(e["timestamp"])
        out.append({"locator": f"conversations:index=0:event={i}", "sender": e["sender_id"]["gaia_id"],
                    "sender_name": people[e["sender_id"]["gaia_id"]], "timestamp_raw": e["timestamp"],
                    "timestamp": datetime.fromtimestamp(us // 1_000_000, timezone.utc)
                    .replace(microsecond=us % 1_000_000).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "kind": "message" if "chat_message" in e else "system", "conversation_id": conv_id,
                    "body": ["Lunch?", "Yes, here:\nhttps://maps.example.com/x", None][i]})
    return {"file": "Takeout/Hangouts/Hangouts.json", "events": out}
