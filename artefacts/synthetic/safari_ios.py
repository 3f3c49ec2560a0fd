"""Synthetic Safari (iOS) stores on the real schemas (``ddl/safari_ios.sql``; facts in ``plugins/safari_ios.py``):
``History.db`` with visits (a redirect chain, a failed load, a visit synced from another iCloud device) and
tombstones of cleared history, ``BrowserState.db`` with open tabs (one private), ``Bookmarks.db`` with
bookmarks in folders and one deleted. Times are Cocoa seconds (REAL) with sub-second digits, computed here
with :mod:`datetime`; :func:`write_sample` returns the generic manifest (``artefacts.synthetic.messengers``),
each event with ``check``: the ``extra`` values the parser must give.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso

DDL = "safari_ios.sql"
COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
START = datetime(2026, 1, 19, 22, 41, 7, 250000, tzinfo=timezone.utc)
SAFARI = "private/var/mobile/Containers/Data/Application/8D1E4A52-3C7B-4F0E-9A61-5B2C7D9E0F13/Library/Safari"
PAGE_SIZE = 512


def cocoa(dt: datetime) -> float:
    """Seconds since 2001-01-01 UTC as Safari stores them (a REAL whose microseconds are exact here)."""
    delta = dt - COCOA_EPOCH
    return (delta.days * 86_400 + delta.seconds) + delta.microseconds / 1_000_000


def _at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def write_history(path: Path) -> list[dict]:
    items = [
        (1, "https://duckduckgo.com/?q=monero+escrow+vendor", "duckduckgo", 1),
        (2, "http://t.example.net/r/91", None, 1),
        (3, "https://market.example.org/vendor/4411", "market", 2),
        (4, "https://wallet.example.com/login", "wallet", 1),
        (5, "https://mail.example.com/", "mail", 1),
    ]
    # (visit id, item, seconds after START, title, load ok, redirect source, redirect destination, origin)
    visits = [
        (1, 1, 0.0, "monero escrow vendor at DuckDuckGo", 1, None, None, 0),
        (2, 2, 41.125, None, 1, None, 3, 0),
        (3, 3, 41.5, "Vendor 4411", 1, 2, None, 0),
        (4, 4, 305.75, None, 0, None, None, 0),
        (5, 3, 7200.0, "Vendor 4411", 1, None, None, 1),
        (6, 5, 7260.5, "Inbox", 1, None, None, 0),
    ]
    tombstones = [(1, 9000.0, 9000.0, "https://wallet.example.com/login", 3), (2, 9600.0, 9900.25, None, 4)]
    url = {i[0]: i[1] for i in items}
    vitem = {v[0]: v[1] for v in visits}
    events = []
    for vid, item, secs, title, ok, src, dst, origin in visits:
        check = {"load_successful": bool(ok), "origin": origin,
                 "origin_label": "this_device" if origin == 0 else "icloud_synced_device"}
        if title:
            check["title"] = title
        if src:
            check["redirect_source_url"] = url[vitem[src]]
        if dst:
            check["redirect_destination_url"] = url[vitem[dst]]
        events.append({"path": "History.db", "locator": f"history_visits:id={vid}", "kind": "visit",
                       "timestamp": iso(_at(secs)), "body": url[item], "deleted": False, "check": check})
    for tid, start, end, turl, generation in tombstones:
        events.append({"path": "History.db", "locator": f"history_tombstones:id={tid}", "kind": "other",
                       "timestamp": iso(_at(start)), "deleted": True,
                       "check": {"end_time": iso(_at(end)), "generation": generation, **({"url": turl} if turl else {})}})
    with build_db(path, DDL, tables=("history_items", "history_visits", "history_tombstones", "metadata",
                                     "history_client_versions"), page_size=PAGE_SIZE) as con:
        con.execute("PRAGMA user_version = 16")
        load(con, "history_items", ("id", "url", "domain_expansion", "visit_count", "daily_visit_counts",
                                    "should_recompute_derived_visit_counts", "visit_count_score"),
             [(i, u, d, n, b"", 0, 100 * n) for i, u, d, n in items])
        load(con, "history_visits", ("id", "history_item", "visit_time", "title", "load_successful", "redirect_source",
                                     "redirect_destination", "origin", "generation"),
             [(vid, item, cocoa(_at(secs)), title, ok, src, dst, origin, vid) for vid, item, secs, title, ok, src, dst,
              origin in visits])
        load(con, "history_tombstones", ("id", "start_time", "end_time", "url", "generation"),
             [(tid, cocoa(_at(s)), cocoa(_at(e)), u, g) for tid, s, e, u, g in tombstones])
    return events


def write_tabs(path: Path) -> list[dict]:
    window = "5C0F4E2B-8D3A-4B71-9E26-0A1F7C3D5B84"
    tabs = [
        (1, "A7E2C6D1-4B90-4F3A-8E15-2C6D9B0A7F31", "Vendor 4411", "https://market.example.org/vendor/4411", 0,
         7300.125, 0, 1),
        (2, "B3F91D08-6C2E-4A57-9D40-7E1B5C8A2F96", "Inbox", "https://mail.example.com/", 1, 7400.0, 0, 0),
        (3, "C5D08A3E-1F7B-4E69-A2C4-9B3E6D0F1A58", "Private page", "https://chat.example.net/room/7", 2, 8100.5, 1, 0),
    ]
    events = [{"path": "BrowserState.db", "locator": f"tabs:id={tid}", "kind": "visit", "timestamp": iso(_at(secs)),
               "body": url, "deleted": False,
               "check": {"open_tab": True, "title": title, "tab_uuid": uuid, "private_browsing": bool(private),
                         "opened_from_link": bool(from_link)}}
              for tid, uuid, title, url, order, secs, private, from_link in tabs]
    with build_db(path, DDL, tables=("browser_windows", "tabs", "tab_sessions"), page_size=PAGE_SIZE) as con:
        load(con, "browser_windows", ("id", "uuid", "type", "active_document_index"), [(1, window, 0, 0)])
        load(con, "tabs", ("id", "uuid", "title", "url", "user_visible_url", "order_index", "last_viewed_time",
                           "opened_from_link", "private_browsing", "browser_window_uuid", "browser_window_id"),
             [(tid, uuid, title, url, url, order, cocoa(_at(secs)), from_link, private, window, 1)
              for tid, uuid, title, url, order, secs, private, from_link in tabs])
    return events


def write_bookmarks(path: Path) -> list[dict]:
    # (id, parent, type, title, url, hidden, deleted, seconds after START or None, order)
    rows = [
        (1, 0, 1, "BookmarksBar", None, 0, 0, None, 0),
        (2, 0, 1, "BookmarksMenu", None, 0, 0, None, 1),
        (3, 0, 1, "com.apple.ReadingList", None, 1, 0, None, 2),
        (4, 1, 0, "Wallet", "https://wallet.example.com/", 0, 0, -86_400.5, 0),
        (5, 2, 1, "Markets", None, 0, 0, None, 0),
        (6, 5, 0, "Vendor 4411 <script>", "https://market.example.org/vendor/4411", 0, 0, 120.25, 0),
        (7, 3, 0, "Guide", "https://forum.example.org/guide", 0, 0, 600.0, 0),
        (8, 1, 0, "Old shop", "https://shop.example.net/", 0, 1, 9500.0, 1),
    ]
    titles = {r[0]: r[3] for r in rows}
    events = []
    for bid, parent, _, title, url, hidden, deleted, secs, _ in rows:
        if not url:
            continue
        events.append({"path": "Bookmarks.db", "locator": f"bookmarks:id={bid}", "kind": "bookmark",
                       "timestamp": iso(_at(secs)), "body": url, "deleted": bool(deleted),
                       "check": {"title": title, "folder": titles[parent], "hidden": bool(hidden)}})
    with build_db(path, DDL, tables=("bookmarks",), page_size=PAGE_SIZE) as con:
        load(con, "bookmarks", ("id", "special_id", "parent", "type", "title", "url", "hidden", "deleted", "order_index",
                                "external_uuid", "last_modified"),
             [(bid, 0, parent, btype, title, url, hidden, deleted, order, f"0000{bid:04d}-5AFE-4B0C-8D1E-00000000{bid:04d}",
               cocoa(_at(secs)) if secs is not None else None)
              for bid, parent, btype, title, url, hidden, deleted, secs, order in rows])
    return events


def write_sample(root: Path) -> dict:
    """The three stores under ``root/<Safari folder>``; the generic manifest of their events."""
    folder = Path(root) / SAFARI
    events = write_history(folder / "History.db") + write_tabs(folder / "BrowserState.db") + \
        write_bookmarks(folder / "Bookmarks.db")
    for e in events:
        e["path"] = f"{SAFARI}/{e['path']}"
    return {"app": "safari", "path": None, "events": events}
