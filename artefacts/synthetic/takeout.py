"""Synthetic Google Takeout: ``Takeout/Chrome/BrowserHistory.json`` in the layout of a real Takeout file
(MichaelCurrin/history-report ``historyreport/var/samples/BrowserHistory.json``: four-space indentation,
the keys in its order, ``client_id`` a base64 string with ``=`` escaped as ``\\u003d``).

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
    return {"browser_history": "Takeout/Chrome/BrowserHistory.json", "visits": visits}
