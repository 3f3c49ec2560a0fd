"""Synthetic DuckDuckGo for iOS stores on the Core Data layout derived from the app's models (facts and sources in
``plugins/duckduckgo_ios.py``; the derivation in the headers of ``ddl/duckduckgo_ios_*.sql``): made-up browsing.

* ``Library/Application Support/History.sqlite`` of the app's data container (model version 3): two DuckDuckGo
  searches and page visits in two tabs, an entry whose visit rows are gone, a record of blocked trackers and of a
  blocked cookie pop-up, and two pages opened in a Fire tab (tab records without a visit);
* ``Bookmarks.sqlite`` at the root of the ``group.com.duckduckgo.bookmarks`` app group container (model version 6):
  the root and the three favorites folders, nested folders, a favorite on two form factors and one on the
  desktop only, a stub created by sync and a bookmark pending deletion (title and URL cleared, as
  ``markPendingDeletion`` does).

Times are Cocoa seconds (REAL) with binary fractions, exact in a double, so the manifest times computed here with
:mod:`datetime` are the ones the parser must give. Core Data's ``Z_PRIMARYKEY`` holds each entity's number, name
and highest ``Z_PK``; ``Z_METADATA`` only the store type and UUID. :func:`write_sample` returns the generic
manifest of ``artefacts.synthetic.messengers`` (every event with its store ``path``), each event with ``check``:
the ``extra`` values the parser must give. :func:`write_history_v1` and :func:`write_bookmarks_v3` build stores of
older model versions for the tests (not committed).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from .coredata import PRIMARYKEY_COLS, cocoa_iso, store_metadata
from .ddl_loader import build_db, check_columns, load

HISTORY_DDL = "duckduckgo_ios_history.sql"
HISTORY_V1_DDL = "duckduckgo_ios_history_v1.sql"
BOOKMARKS_DDL = "duckduckgo_ios_bookmarks.sql"
BOOKMARKS_V3_DDL = "duckduckgo_ios_bookmarks_v3.sql"
APP_DATA = "private/var/mobile/Containers/Data/Application/4B7C1E9A-2D3F-4A5B-8C6D-7E8F9A0B1C2D"
HISTORY_DB = f"{APP_DATA}/Library/Application Support/History.sqlite"
GROUP = "private/var/mobile/Containers/Shared/AppGroup/9E2A4C61-5B3D-4F7E-A18C-3D6B2F0E4A57"
BOOKMARKS_DB = f"{GROUP}/Bookmarks.sqlite"
START = 796_340_412.0  # 2026-03-27T21:40:12Z in Cocoa seconds
PAGE_SIZE = 512
METADATA_COLS = ("Z_VERSION", "Z_UUID", "Z_PLIST")

ENTRY_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZURL", "ZTITLE", "ZIDENTIFIER", "ZLASTVISIT", "ZNUMBEROFTOTALVISITS",
              "ZNUMBEROFTRACKERSBLOCKED", "ZTRACKERSFOUND", "ZBLOCKEDTRACKINGENTITIES", "ZFAILEDTOLOAD",
              "ZCOOKIEPOPUPBLOCKED")
VISIT_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDATE", "ZHISTORYENTRY", "ZTABHISTORY")
TAB_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZTABID", "ZURL", "ZVISIT")
BOOKMARK_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZUUID", "ZTITLE", "ZURL", "ZISFOLDER", "ZPARENT", "Z_FOK_PARENT",
                 "ZMODIFIEDAT", "ZISPENDINGDELETION", "ZISSTUB", "ZLASTCHILDRENPAYLOADRECEIVEDFROMSYNC")
FAVORITE_COLS = ("Z_1FAVORITEFOLDERS", "Z_1FAVORITES", "Z_FOK_1FAVORITES")
#: Z_ENT of the history model's entities (alphabetical order of their names)
ENT_ENTRY, ENT_VISIT, ENT_TAB = 1, 2, 3
ENT_BOOKMARK = 1

TAB_A, TAB_B, FIRE_TAB = ("5C1F0E2A-8B3D-4E7F-9A61-2D4C6B8E0F13", "A9E4D2C1-0B7F-4C3E-8D5A-6F1E2B3C4D59",
                          "0D7C3B9E-4F21-4A68-B5E3-9C8D7E6F5A24")
HOSTILE_TITLE = "Escrow thread <script>alert(1)</script>"

#: (Z_PK, URL, title, failed to load, trackers blocked, blocked entities, trackers found, cookie pop-up blocked)
ENTRIES = [
    (1, "https://duckduckgo.com/?q=sell+gift+cards+for+btc&ia=web", "sell gift cards for btc at DuckDuckGo",
     0, 0, "", 0, 0),
    (2, "https://exchange.example.com/p2p/offers?asset=btc", "P2P offers", 0, 3, "Ads Example Inc|Metrics Co", 1, 0),
    (3, "https://forum.example.org/t/escrow/881", HOSTILE_TITLE, 0, 0, "", 0, 1),
    (4, "https://duckduckgo.com/?q=escrow+release+time", "escrow release time at DuckDuckGo", 0, 0, "", 0, 0),
    (5, "https://wallet.example.com/login", None, 1, 0, "", 0, 0),
]
#: the search terms of the DuckDuckGo results pages among the entries
TERMS = {1: "sell gift cards for btc", 4: "escrow release time"}
#: (Z_PK, entry, seconds after START, tab)
VISITS = [(1, 1, 0.0, TAB_A), (2, 2, 38.125, TAB_A), (3, 3, 412.5, TAB_B), (4, 4, 431.25, TAB_B),
          (5, 2, 3605.875, TAB_A)]
#: the last visit of entry 5, whose visit rows are gone
ORPHAN_LAST_VISIT = START - 86_400.0 + 17.5
#: pages of a Fire tab: tab records only (HistoryManager.addVisit)
FIRE_PAGES = [("https://market.example.org/vendor/4411", None),
              ("https://duckduckgo.com/?q=tails+usb+stick", "tails usb stick")]


def _identifier(pk: int) -> bytes:
    """The 16 bytes of an entry's UUID attribute (fixed, version 4)."""
    return uuid.UUID(int=(0x3F2A << 112) | (0x4000 << 48) | (0x8000 << 32) | pk, version=4).bytes


def _event(path: str, locator: str, kind: str, cocoa, body, check: dict, deleted: bool = False) -> dict:
    return {"path": path, "locator": locator, "kind": kind,
            "timestamp": cocoa_iso(cocoa) if cocoa is not None else None, "body": body, "app": "duckduckgo", "platform": "ios", "deleted": deleted,
            "check": {"browser": "DuckDuckGo", **check}}


def _entry_check(entry, visits: int, last: float, *, cookie: bool = True) -> dict:
    pk, url, title, failed, blocked, entities, found, popup = entry
    check = {"history_entry": pk, "visit_count": visits, "trackers_blocked": blocked, "trackers_found": bool(found),
             "failed_to_load": bool(failed), "identifier": str(uuid.UUID(bytes=_identifier(pk))).upper()}
    if cookie:
        check["cookie_popup_blocked"] = bool(popup)
    if title:
        check["title"] = title
    if entities:
        check["blocked_tracking_entities"] = entities.split("|")
    if pk in TERMS:
        check["term"] = TERMS[pk]
    return check


def _history_rows(current: bool) -> tuple[list, list, list, list[dict]]:
    """The entry, visit and tab rows of the history store and its events; ``current`` the model 3 layout."""
    dates = {pk: START + secs for pk, _, secs, _ in VISITS}
    counts = {e[0]: sum(1 for v in VISITS if v[1] == e[0]) for e in ENTRIES}
    last = {e[0]: max((dates[v[0]] for v in VISITS if v[1] == e[0]), default=ORPHAN_LAST_VISIT) for e in ENTRIES}
    entries, visits, tabs, events = [], [], [], []
    for entry in ENTRIES:
        pk, url, title, failed, blocked, entities, found, popup = entry
        row = (pk, ENT_ENTRY, 1 + counts[pk], url, title, _identifier(pk), last[pk], counts[pk], blocked, found,
               entities, failed)
        entries.append(row + (popup,) if current else row)
    url = {e[0]: e[1] for e in ENTRIES}
    entry_of = {e[0]: e for e in ENTRIES}
    for pk, entry, secs, tab in VISITS:
        date = dates[pk]
        visits.append((pk, ENT_VISIT, 1, date, entry, pk) if current else (pk, ENT_VISIT, 1, date, entry))
        if current:
            tabs.append((pk, ENT_TAB, 1, tab, url[entry], pk))
        check = {**_entry_check(entry_of[entry], counts[entry], last[entry], cookie=current),
                 "last_visit": cocoa_iso(last[entry])}
        if current:
            check["tab_id"] = tab
        kind = "search" if "term" in check else "visit"
        events.append(_event(HISTORY_DB, f"ZPAGEVISITMANAGEDOBJECT:Z_PK={pk}", kind, date, url[entry], check))
    check = {**_entry_check(entry_of[5], 0, ORPHAN_LAST_VISIT, cookie=current), "record": "history_entry"}
    events.append(_event(HISTORY_DB, "ZBROWSINGHISTORYENTRYMANAGEDOBJECT:Z_PK=5", "visit", ORPHAN_LAST_VISIT,
                         url[5], check))
    if current:
        for i, (page, term) in enumerate(FIRE_PAGES, len(VISITS) + 1):
            tabs.append((i, ENT_TAB, 1, FIRE_TAB, page, None))
            check = {"record": "tab_history", "tab_id": FIRE_TAB, **({"term": term} if term else {})}
            events.append(_event(HISTORY_DB, f"ZTABHISTORYMANAGEDOBJECT:Z_PK={i}", "search" if term else "visit",
                                 None, page, check))
    return entries, visits, tabs, events


def _history_store(path: Path, current: bool) -> list[dict]:
    ddl = HISTORY_DDL if current else HISTORY_V1_DDL
    entry_cols = ENTRY_COLS if current else ENTRY_COLS[:-1]
    visit_cols = VISIT_COLS if current else VISIT_COLS[:-1]
    check_columns(ddl, {"ZBROWSINGHISTORYENTRYMANAGEDOBJECT": entry_cols, "ZPAGEVISITMANAGEDOBJECT": visit_cols,
                        **({"ZTABHISTORYMANAGEDOBJECT": TAB_COLS} if current else {})})
    entries, visits, tabs, events = _history_rows(current)
    keys = [(ENT_ENTRY, "BrowsingHistoryEntryManagedObject", 0, len(entries)),
            (ENT_VISIT, "PageVisitManagedObject", 0, len(visits))]
    with build_db(path, ddl, page_size=PAGE_SIZE) as con:
        load(con, "ZBROWSINGHISTORYENTRYMANAGEDOBJECT", entry_cols, entries)
        load(con, "ZPAGEVISITMANAGEDOBJECT", visit_cols, visits)
        if current:
            load(con, "ZTABHISTORYMANAGEDOBJECT", TAB_COLS, tabs)
            keys.append((ENT_TAB, "TabHistoryManagedObject", 0, len(tabs)))
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, keys)
        load(con, "Z_METADATA", METADATA_COLS, [store_metadata("6F1D2B3A-4C5E-4F60-8A71-9B2C3D4E5F60")])
    return events


def write_history(path: Path) -> list[dict]:
    """``History.sqlite`` of model version 3; its expected events."""
    return _history_store(path, current=True)


def write_history_v1(path: Path) -> list[dict]:
    """The same history in a store of model version 1 (no cookie pop-up column, no tab records)."""
    return _history_store(path, current=False)


#: (Z_PK, uuid, title, URL, folder, parent, seconds of modifiedAt after START or None, pending deletion, stub)
BOOKMARKS = [
    (1, "bookmarks_root", None, None, 1, None, None, 0, 0),
    (2, "favorites_root", None, None, 1, None, None, 0, 0),
    (3, "mobile_favorites_root", None, None, 1, None, None, 0, 0),
    (4, "desktop_favorites_root", None, None, 1, None, None, 0, 0),
    (5, "3F6E1D2C-9B8A-4C7D-A6E5-1F2D3C4B5A69", "Markets", None, 1, 1, -9 * 86_400.0, 0, 0),
    (6, "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "P2P offers", "https://exchange.example.com/p2p/offers?asset=btc", 0,
     1, -8 * 86_400.0 + 5.125, 0, 0),
    (7, "C4D5E6F7-0A1B-4C2D-9E3F-4A5B6C7D8E9F", "Vendor 4411", "https://market.example.org/vendor/4411", 0, 5,
     -3 * 86_400.0 + 77.25, 0, 0),
    (8, "2E3F4A5B-6C7D-4E8F-9A0B-1C2D3E4F5A6B", None, None, 0, 1, 500.5, 1, 0),
    (9, "8B9C0D1E-2F3A-4B4C-9D5E-6F7A8B9C0D1E", "Escrow", None, 1, 5, -3 * 86_400.0, 0, 0),
    (10, "D1E2F3A4-B5C6-4D7E-8F90-A1B2C3D4E5F6", HOSTILE_TITLE, "https://forum.example.org/t/escrow/881", 0, 9,
     -2 * 86_400.0 + 0.375, 0, 0),
    (11, "E5F6A7B8-C9D0-4E1F-A2B3-C4D5E6F7A8B9", None, None, 0, 5, None, 0, 1),
]
#: (favorites folder, bookmark, order): the favorites join table (model 4 on)
FAVORITES = [(2, 6, 1), (3, 6, 1), (4, 10, 1)]
FOLDER_PATHS = {1: None, 5: "Markets", 9: "Markets/Escrow"}
FAVORITE_NAMES = {2: "favorites", 3: "mobile_favorites", 4: "desktop_favorites"}


def _bookmark_events(favorites: dict[int, list[int]], current: bool) -> list[dict]:
    events = []
    for pk, uid, title, url, folder, parent, secs, pending, stub in BOOKMARKS:
        if folder:
            continue
        names = sorted(FAVORITE_NAMES[f] for f in favorites.get(pk, ()))
        check = {"uuid": uid, "title": title, "favorite": bool(names), "folder": FOLDER_PATHS[parent]}
        if names:
            check["favorite_folders"] = names
        if current:
            check["stub"] = bool(stub)
        if pending:
            check["pending_deletion"] = True
        events.append(_event(BOOKMARKS_DB, f"ZBOOKMARKENTITY:Z_PK={pk}", "bookmark",
                             START + secs if secs is not None else None, url, check, deleted=bool(pending)))
    return events


def write_bookmarks(path: Path) -> list[dict]:
    """``Bookmarks.sqlite`` of model version 6; its expected events."""
    check_columns(BOOKMARKS_DDL, {"ZBOOKMARKENTITY": BOOKMARK_COLS, "Z_1FAVORITES": FAVORITE_COLS})
    order: dict[int, int] = {}
    rows = []
    for pk, uid, title, url, folder, parent, secs, pending, stub in BOOKMARKS:
        order[parent] = order.get(parent, 0) + 1
        rows.append((pk, ENT_BOOKMARK, 1, uid, title, url, folder, parent, order[parent] if parent else None,
                     START + secs if secs is not None else None, pending, stub, None))
    favorites: dict[int, list[int]] = {}
    for root, bookmark, _ in FAVORITES:
        favorites.setdefault(bookmark, []).append(root)
    with build_db(path, BOOKMARKS_DDL, page_size=PAGE_SIZE) as con:
        load(con, "ZBOOKMARKENTITY", BOOKMARK_COLS, rows)
        load(con, "Z_1FAVORITES", FAVORITE_COLS, FAVORITES)
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, [(ENT_BOOKMARK, "BookmarkEntity", 0, len(rows))])
        load(con, "Z_METADATA", METADATA_COLS, [store_metadata("1A2B3C4D-5E6F-4071-8293-A4B5C6D7E8F9")])
    return _bookmark_events(favorites, current=True)


def write_bookmarks_v3(path: Path) -> list[dict]:
    """The bookmarks in a store of ``BookmarksModel 3`` (to-one ``favoriteFolder``, ``isFavorite``): one
    favorites folder only, so the favorites of the mobile and desktop folders go to ``favorites_root``."""
    cols = ("Z_PK", "Z_ENT", "Z_OPT", "ZUUID", "ZTITLE", "ZURL", "ZISFOLDER", "ZPARENT", "Z_FOK_PARENT",
            "ZMODIFIEDAT", "ZISPENDINGDELETION", "ZISFAVORITE", "ZFAVORITEFOLDER", "Z_FOK_FAVORITEFOLDER")
    check_columns(BOOKMARKS_V3_DDL, {"ZBOOKMARKENTITY": cols})
    favorite = {bookmark for _, bookmark, _ in FAVORITES}
    rows = [(pk, ENT_BOOKMARK, 1, uid, title, url, folder, parent, None, START + secs if secs is not None else None,
             pending, int(pk in favorite), 2 if pk in favorite else None, 1 if pk in favorite else None)
            for pk, uid, title, url, folder, parent, secs, pending, stub in BOOKMARKS
            if uid not in ("mobile_favorites_root", "desktop_favorites_root") and not stub]
    with build_db(path, BOOKMARKS_V3_DDL, page_size=PAGE_SIZE) as con:
        load(con, "ZBOOKMARKENTITY", cols, rows)
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, [(ENT_BOOKMARK, "BookmarkEntity", 0, 11)])
    kept = {r[0] for r in rows}
    return [e for e in _bookmark_events({b: [2] for b in favorite}, current=False)
            if int(e["locator"].rsplit("=", 1)[1]) in kept]


def write_sample(root: Path) -> dict:
    """Both stores under the extraction ``root``; the generic manifest of all their events."""
    root = Path(root)
    events = write_history(root / HISTORY_DB) + write_bookmarks(root / BOOKMARKS_DB)
    return {"app": "duckduckgo", "path": None, "events": events}
