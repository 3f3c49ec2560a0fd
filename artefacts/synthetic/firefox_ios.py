"""Synthetic Firefox for iOS ``browser.db`` on the real schema (``ddl/firefox_ios.sql``, BrowserSchema version 39;
facts in ``plugins/firefox_ios.py``): visits of several types (a typed search, a link, a redirect, a download), one
synced from another device, the visits of a page the user deleted from history; bookmarks made on the phone and
bookmarks from the Sync mirror and buffer (one deleted), with their folders; this device's tabs and a synced
laptop's tab. Times are computed here with :mod:`datetime`: visits in microseconds (REAL), everything else in
milliseconds. :func:`write_sample` returns the generic manifest (``artefacts.synthetic.messengers``), each event
with ``check``: the ``extra`` values the parser must give.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso

DDL = "firefox_ios.sql"
APP_GROUP = "private/var/mobile/Containers/Shared/AppGroup/4C7E2B91-0D3F-4A86-9E15-7B2F6C0D8A43"
BROWSER_DB = APP_GROUP + "/profile.profile/browser.db"
START = datetime(2026, 2, 11, 19, 4, 12, 375000, tzinfo=timezone.utc)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
PAGE_SIZE = 512
LAPTOP = "Xk2Lm9Qp4RtZ"
#: BrowserSchema.swift BookmarkRoots GUIDs the root folders get (prepopulateRootFolders)
MOBILE, MENU = "mobile______", "menu________"
LABELS = {1: "link", 2: "typed", 5: "permanent redirect", 7: "download"}


def _us(dt: datetime) -> float:
    delta = dt - UNIX_EPOCH
    return float((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)


def _ms(dt: datetime) -> int:
    delta = dt - UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def _history(con, events: list[dict]) -> None:
    # (id, guid, url or None when deleted, title, is_deleted)
    pages = [
        (1, "hQ3vX8kLm2Wd", "https://duckduckgo.com/?q=buy+monero+no+kyc", "buy monero no kyc at DuckDuckGo", 0),
        (2, "pR7tY1nBc4Ks", "https://exchange.example.org/signup", "Sign up - Exchange", 0),
        (3, "aZ9wE5rTy6Uj", "http://t.example.net/go/88", "", 0),
        (4, "mN2bV6cXz8Lq", "https://market.example.org/listing/71", "Listing 71 <b>", 0),
        (5, "dF4gH7jKl1Pw", "https://files.example.net/guide.pdf", "guide.pdf", 0),
        (6, "qW8eR2tYu5Io", None, "", 1),
    ]
    # (visit id, page, seconds after START, type, is_local)
    visits = [(1, 1, 0.0, 2, 1), (2, 2, 35.5, 1, 1), (3, 3, 80.25, 1, 1), (4, 4, 80.75, 5, 1),
              (5, 5, 400.0, 7, 1), (6, 4, 3600.125, 1, 0), (7, 6, 5000.0, 1, 1)]
    by_id = {p[0]: p for p in pages}
    load(con, "history", ("id", "guid", "url", "title", "local_modified", "is_deleted", "should_upload"),
         [(i, g, u, t, _ms(_at(400 * i)), d, 1) for i, g, u, t, d in pages])
    load(con, "visits", ("id", "siteID", "date", "type", "is_local"),
         [(v, p, _us(_at(s)), t, loc) for v, p, s, t, loc in visits])
    for vid, page, secs, vtype, local in visits:
        _, guid, url, title, deleted = by_id[page]
        check = {"visit_type": vtype, "visit_type_label": LABELS[vtype], "is_local": bool(local), "guid": guid}
        if title:
            check["title"] = title
        events.append({"path": BROWSER_DB, "locator": f"visits:id={vid}", "kind": "visit",
                       "timestamp": iso(_at(secs)), "body": url, "deleted": bool(deleted), "check": check})


def _bookmarks(con, events: list[dict]) -> None:
    # table -> rows (id, guid, type, seconds after START or None, is_deleted, parentid, parentName, title, bmkUri,
    #                keyword, modified seconds)
    tables = {
        "bookmarksLocal": [
            (1, MOBILE, 2, -86_400.0, 0, "root________", "", "", None, None, -86_400.0),
            (2, "bL1kJ9hG3fDs", 1, 90.5, 0, MOBILE, "", "Exchange", "https://exchange.example.org/signup", None,
             90.5),
            (3, "cV5xZ2aQ8wEr", 1, 3700.0, 0, MOBILE, "", "Listing 71", "https://market.example.org/listing/71",
             "l71", 3900.0),
        ],
        "bookmarksMirror": [
            (1, MENU, 2, -864_000.0, 0, "root________", "", "Bookmarks Menu", None, None, -864_000.0),
            (2, "sY7uI3oP1aSd", 1, -432_000.25, 0, MENU, "Bookmarks Menu", "Forum",
             "https://forum.example.org/", None, -400_000.0),
        ],
        "bookmarksBuffer": [
            (1, "eT6yU0iO4pAs", 1, -3_600.0, 1, MENU, "Bookmarks Menu", "Old wallet",
             "https://wallet.example.com/old", None, -60.0),
        ],
    }
    stores = {"bookmarksLocal": "local", "bookmarksMirror": "sync_mirror", "bookmarksBuffer": "sync_buffer"}
    base = ("id", "guid", "type", "date_added", "is_deleted", "parentid", "parentName", "title", "bmkUri", "keyword")
    for table, rows in tables.items():
        modified = "local_modified" if table == "bookmarksLocal" else "server_modified"
        extra_cols = ("sync_status",) if table == "bookmarksLocal" else ()
        load(con, table, (*base, modified, *extra_cols),
             [(i, g, t, _ms(_at(s)), d, p, pn, ti, u, k, _ms(_at(m)), *((2,) if extra_cols else ()))
              for i, g, t, s, d, p, pn, ti, u, k, m in rows])
        for i, g, t, s, d, p, pn, ti, u, k, m in rows:
            if not u:
                continue
            check = {"store": stores[table], "title": ti, "guid": g, "type": t, "parent_guid": p,
                     modified: iso(_at(m))}
            if pn:
                check["folder"] = pn
            if k:
                check["keyword"] = k
            events.append({"path": BROWSER_DB, "locator": f"{table}:id={i}", "kind": "bookmark",
                           "timestamp": iso(_at(s)), "body": u, "deleted": bool(d), "check": check})
    load(con, "bookmarksLocalStructure", ("parent", "child", "idx"),
         [("root________", MOBILE, 0), (MOBILE, "bL1kJ9hG3fDs", 0), (MOBILE, "cV5xZ2aQ8wEr", 1)])
    load(con, "bookmarksMirrorStructure", ("parent", "child", "idx"),
         [("root________", MENU, 0), (MENU, "sY7uI3oP1aSd", 0)])


def _tabs(con, events: list[dict]) -> None:
    load(con, "clients", ("guid", "name", "modified", "type", "formfactor", "os", "version"),
         [(LAPTOP, "Work laptop", _ms(_at(7000.0)), "desktop", "largetablet", "Linux", "124.0")])
    # (id, client guid or None, url, title, history, seconds after START)
    tabs = [
        (1, None, "https://market.example.org/listing/71", "Listing 71",
         ["https://duckduckgo.com/?q=buy+monero+no+kyc", "http://t.example.net/go/88"], 3650.0),
        (2, None, "https://exchange.example.org/signup", "Sign up - Exchange", [], 120.5),
        (3, LAPTOP, "https://paste.example.net/raw/Qm4t", "Qm4t", [], 6900.0),
    ]
    load(con, "tabs", ("id", "client_guid", "url", "title", "history", "last_used"),
         [(i, c, u, t, json.dumps(h), _ms(_at(s))) for i, c, u, t, h, s in tabs])
    for i, client, url, title, history, secs in tabs:
        check = {"open_tab": True, "title": title}
        if client:
            check.update(remote_device="Work laptop", client_guid=client, client_os="Linux",
                         client_modified=iso(_at(7000.0)))
        if history:
            check["tab_history"] = history
        events.append({"path": BROWSER_DB, "locator": f"tabs:id={i}", "kind": "visit", "timestamp": iso(_at(secs)),
                       "body": url, "deleted": False, "check": check})


def write_browser_db(path: Path) -> list[dict]:
    events: list[dict] = []
    with build_db(path, DDL, page_size=PAGE_SIZE) as con:
        con.execute("PRAGMA user_version = 39")
        _history(con, events)
        _bookmarks(con, events)
        _tabs(con, events)
    return events


def write_sample(root: Path) -> dict:
    """``browser.db`` under ``root/<App Group>/profile.profile``; the generic manifest of its events."""
    return {"app": "firefox", "path": None, "events": write_browser_db(Path(root) / BROWSER_DB)}
