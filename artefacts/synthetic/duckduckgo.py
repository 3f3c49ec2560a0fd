"""Synthetic DuckDuckGo for Android stores on the app's Room schemas: made-up browsing of a phone in Europe/Berlin.

``ddl/duckduckgo_history.sql`` (``HistoryDatabase`` version 4) and ``ddl/duckduckgo_app.sql`` (the tables of
``AppDatabase`` version 65 the parser reads) hold the app's own CREATE TABLE statements; values are stored as the
app stores them (facts in ``plugins/duckduckgo.py``): visit times and tab access times as the phone's local
wall-clock text ``yyyy-MM-dd'T'HH:mm:ss``, bookmark ``lastModified`` as an ``ISO_INSTANT`` UTC text (0, 3 or 9
fraction digits), tab previews named ``<ms since 1970>.jpg``, favorites as a second relation of a bookmark to
``favorites_root``, a deleted bookmark kept with ``deleted`` 1, fireproofed domains.

:func:`write_sample` returns the generic manifest of ``artefacts.synthetic.messengers`` (every event with its
store ``path``), each event with ``check``: the ``extra`` values the parser must give, computed here with
:mod:`datetime` (local times with :mod:`zoneinfo`) in :data:`ZONE`, the zone the tests pass as ``--timezone``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .ddl_loader import build_db, check_columns, load
from .messengers import iso

HISTORY_DDL = "duckduckgo_history.sql"
APP_DDL = "duckduckgo_app.sql"
PACKAGE = "com.duckduckgo.mobile.android"
DATABASES = f"data/data/{PACKAGE}/databases"
HISTORY_DB = f"{DATABASES}/history.db"
APP_DB = f"{DATABASES}/app.db"
#: the phone's zone: local times are written in it, and the tests give it as --timezone
ZONE = "Europe/Berlin"
#: Room's identity hashes of the two schema versions (4.json, 65.json setupQueries)
HISTORY_IDENTITY = "fae2419418efea8801049948954b4c0a"
APP_IDENTITY = "8379f14cbc69e541d07d0babdb8ae5db"
START = datetime(2026, 3, 27, 21, 40, 12, tzinfo=timezone.utc)  # two days before the change to summer time
PAGE_SIZE = 512

HISTORY_COLUMNS = {"history_entries": ("id", "url", "title", "query", "isSerp", "description", "h1", "chunkText"),
                   "visits_list": ("historyEntryId", "timestamp", "tabId")}
APP_COLUMNS = {"tabs": ("tabId", "url", "title", "skipHome", "viewed", "position", "tabPreviewFile", "sourceTabId",
                        "deletable", "lastAccessTime"),
               "tab_selection": ("id", "tabId"),
               "entities": ("entityId", "title", "url", "type", "lastModified", "deleted"),
               "relations": ("id", "folderId", "entityId"),
               "fireproofWebsites": ("domain",)}


def local_text(dt: datetime) -> str:
    """``DatabaseDateFormatter.timestamp`` of the phone's ``LocalDateTime`` at the instant ``dt``."""
    return dt.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%dT%H:%M:%S")


def instant_text(dt: datetime, digits: int) -> str:
    """``DateTimeFormatter.ISO_INSTANT`` of ``dt`` with ``digits`` (0, 3, 6 or 9) fraction digits; the extra
    nanoseconds of 9 digits are ``789`` (below the timeline's microsecond, kept only in the raw text)."""
    text = dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{dt.microsecond:06d}" + "789"
    return text + (f".{frac[:digits]}" if digits else "") + "Z"


def _ms(dt: datetime) -> int:
    delta = dt - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _event(path, locator, kind, when, body, check, deleted=False):
    return {"path": path, "locator": locator, "kind": kind, "timestamp": iso(when) if when else None, "body": body,
            "app": "duckduckgo", "platform": "android", "deleted": deleted, "check": check}


TAB_A, TAB_B, TAB_C, TAB_D = ("5c1f0e2a-8b3d-4e7f-9a61-2d4c6b8e0f13", "a9e4d2c1-0b7f-4c3e-8d5a-6f1e2b3c4d59",
                              "0d7c3b9e-4f21-4a68-b5e3-9c8d7e6f5a24", "e1b2c3d4-5f6a-4b7c-8d9e-0f1a2b3c4d5e")


def write_history(path: Path) -> list[dict]:
    """``history.db``: two searches and five page visits in two tabs; their expected events."""
    entries = [
        (1, "https://duckduckgo.com/?q=sell+gift+cards+for+btc&ia=web", "sell gift cards for btc at DuckDuckGo",
         "sell gift cards for btc", 1, None, None, None),
        (2, "https://exchange.example.com/p2p/offers?asset=btc", "P2P offers", None, 0,
         "Buy and sell bitcoin peer to peer", "P2P offers", None),
        (3, "https://forum.example.org/t/escrow/881", "Escrow thread <script>alert(1)</script>", None, 0, None, None,
         None),
        (4, "https://duckduckgo.com/?q=escrow+release+time&ia=web", "escrow release time at DuckDuckGo",
         "escrow release time", 1, None, None, None),
        (5, "https://mail.example.com/", "Inbox", None, 0, None, None, None),
    ]
    # (entry id, seconds after START, tab); entry 2 visited twice; the last visit after the clocks go forward
    visits = [(1, 0, TAB_A), (2, 38, TAB_A), (3, 412, TAB_B), (4, 431, TAB_B), (2, 3_605, TAB_A),
              (5, 2 * 86_400 + 600, TAB_C)]
    check_columns(HISTORY_DDL, HISTORY_COLUMNS)
    events, rows = [], []
    for rid, (entry, secs, tab) in enumerate(visits, 1):
        when = START + timedelta(seconds=secs)
        rows.append((entry, local_text(when), tab))
        _, url, title, query, serp, description, h1, _ = entries[entry - 1]
        check = {"title": title, "is_serp": bool(serp), "tab_id": tab, "local_time": local_text(when),
                 "timezone": ZONE, "browser": "DuckDuckGo"}
        if query:
            check["term"] = query
        if description:
            check["description"] = description
        events.append(_event(HISTORY_DB, f"visits_list:rid={rid}", "search" if serp else "visit", when, url, check))
    with build_db(path, HISTORY_DDL, page_size=PAGE_SIZE) as con:
        load(con, "android_metadata", ("locale",), [("en_US",)])
        load(con, "history_entries", HISTORY_COLUMNS["history_entries"], entries)
        load(con, "visits_list", HISTORY_COLUMNS["visits_list"], rows)
        load(con, "room_master_table", ("id", "identity_hash"), [(42, HISTORY_IDENTITY)])
    return events


def write_app(path: Path) -> list[dict]:
    """``app.db``: four tabs, saved sites (a folder, a favorite, a deleted bookmark), two fireproofed domains."""
    t_a = START + timedelta(seconds=3_650)
    t_b = START + timedelta(seconds=440)
    t_c = START + timedelta(days=2, seconds=700)
    prev_a, prev_c = t_a + timedelta(microseconds=417_000), t_c + timedelta(microseconds=93_000)
    # (tabId, url, title, skipHome, viewed, position, preview, source tab, deletable, last access)
    tabs = [
        (TAB_A, "https://exchange.example.com/p2p/offers?asset=btc", "P2P offers", 0, 1, 0, f"{_ms(prev_a)}.jpg",
         None, 0, local_text(t_a)),
        (TAB_B, "https://forum.example.org/t/escrow/881", "Escrow thread <script>alert(1)</script>", 0, 1, 1, None,
         TAB_A, 1, local_text(t_b)),
        (TAB_C, "https://mail.example.com/", "Inbox", 0, 1, 2, f"{_ms(prev_c)}.jpg", None, 0, None),
        (TAB_D, None, None, 0, 0, 3, None, None, 0, None),
    ]
    check_columns(APP_DDL, APP_COLUMNS)
    db = APP_DB
    events = []
    for rid, (tab, url, title, _, viewed, pos, preview, source, deletable, access) in enumerate(tabs, 1):
        check = {"open_tab": True, "tab_id": tab, "title": title, "position": pos, "selected": tab == TAB_A,
                 "deletable": bool(deletable), "viewed": bool(viewed)}
        if source:
            check["source_tab_id"] = source
        when = None
        if access:
            when = {TAB_A: t_a, TAB_B: t_b}[tab]
            check["local_time"] = access
        if preview:
            captured = {TAB_A: prev_a, TAB_C: prev_c}[tab]
            check["preview_captured"] = iso(captured)
            when = when or captured
        events.append(_event(db, f"tabs:rid={rid}", "visit", when, url, check))
    markets = "3f6e1d2c-9b8a-4c7d-a6e5-1f2d3c4b5a69"
    b1, b2, b3 = ("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "c4d5e6f7-0a1b-4c2d-9e3f-4a5b6c7d8e9f",
                  "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b")
    m1, m2, m3 = (START - timedelta(days=9, seconds=-5, microseconds=-123_456),
                  START - timedelta(days=3, seconds=-77, microseconds=-250_000), START + timedelta(seconds=500))
    entities = [
        ("bookmarks_root", "DuckDuckGo Bookmarks", "", "FOLDER", "", 0),
        ("favorites_root", "Favorites", "", "FOLDER", instant_text(START - timedelta(days=30), 3), 0),
        (markets, "Markets", None, "FOLDER", instant_text(m2, 3), 0),
        (b1, "P2P offers", "https://exchange.example.com/p2p/offers?asset=btc", "BOOKMARK", instant_text(m1, 9), 0),
        (b2, "Vendor 4411", "https://market.example.org/vendor/4411", "BOOKMARK", instant_text(m2, 3), 0),
        (b3, "Escrow thread", "https://forum.example.org/t/escrow/881", "BOOKMARK", instant_text(m3, 0), 1),
    ]
    relations = [(1, "bookmarks_root", markets), (2, "bookmarks_root", b1), (3, markets, b2), (4, "favorites_root", b1),
                 (5, "bookmarks_root", b3)]
    whens = {b1: m1, b2: m2, b3: m3}
    for rid, (entity, title, url, kind, _, deleted) in enumerate(entities, 1):
        if kind != "BOOKMARK":
            continue
        check = {"entity_id": entity, "title": title, "favorite": entity == b1}
        if entity == b1:
            check["favorite_folders"] = ["favorites"]
        check["folder"] = "DuckDuckGo Bookmarks/Markets" if entity == b2 else "DuckDuckGo Bookmarks"
        events.append(_event(db, f"entities:rid={rid}", "bookmark", whens[entity], url, check, deleted=bool(deleted)))
    fireproof = ["mail.example.com", "exchange.example.com"]
    for rid, domain in enumerate(fireproof, 1):
        events.append(_event(db, f"fireproofWebsites:rid={rid}", "other", None, domain,
                             {"fireproof": True, "domain": domain}))
    with build_db(path, APP_DDL, page_size=PAGE_SIZE) as con:
        load(con, "android_metadata", ("locale",), [("en_US",)])
        load(con, "tabs", APP_COLUMNS["tabs"], tabs)
        load(con, "tab_selection", APP_COLUMNS["tab_selection"], [(1, TAB_A)])
        load(con, "entities", APP_COLUMNS["entities"], entities)
        load(con, "relations", APP_COLUMNS["relations"], relations)
        load(con, "fireproofWebsites", APP_COLUMNS["fireproofWebsites"], [(d,) for d in fireproof])
        load(con, "room_master_table", ("id", "identity_hash"), [(42, APP_IDENTITY)])
    return events


def write_sample(root: Path) -> dict:
    """Both stores under the extraction ``root``; the generic manifest of all their events."""
    root = Path(root)
    events = write_history(root / HISTORY_DB) + write_app(root / APP_DB)
    return {"app": "duckduckgo", "path": None, "timezone": ZONE, "events": events}
