"""Synthetic Fennec (Firefox for Android before 2020) ``browser.db`` on the schema of its last version (39,
``ddl/fennec_browser.sql`` from ``BrowserDatabaseHelper.java``), laid out in the profile folder
``files/mozilla/<salt>.default`` of ``org.mozilla.firefox``.

Values as the app stores them: visits in microseconds, every other time in milliseconds since 1970
(``plugins/fennec.py`` cites the sources), visit types of Places, bookmark types of ``BrowserContract``
(folders and a separator besides the bookmarks, a pinned top site under the fixed folder -3), a synced visit
(``is_local`` 0), a remote device's tab beside the local ones. No real person's data: example.* and made-up
onion hosts. :func:`write_sample` returns the generic manifest (``artefacts.synthetic.messengers``) of the events
the parser must give, computed here with :mod:`datetime`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import iso

DDL = "fennec_browser.sql"
PACKAGE = "data/data/org.mozilla.firefox"
BROWSER_DB = PACKAGE + "/files/mozilla/w3n8xq2k.default/browser.db"
START = datetime(2019, 11, 4, 9, 12, 5, 123456, tzinfo=timezone.utc)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
VISIT_LABELS = {1: "link", 2: "typed", 3: "bookmark", 5: "permanent redirect", 6: "temporary redirect"}

# (guid, url, title)
PAGES = [
    ("hV4c9Qz1aB2x", "https://search.example.com/?q=cold+wallet", "cold wallet - Search"),
    ("k2Lm8Np0qR5t", "https://wallet.example.org/setup", "Set up your wallet"),
    ("Zx7Yw6Vu5Ts4", "http://marketzq3vkx7f2hw.onion/listing/42", "Listing 42"),
    ("Pq1Rs2Tu3Vw4", "https://news.example.net/2019/11/story", "Morning story"),
    ("Mn5Bv6Cx7Zl8", "https://mail.example.com/inbox", "Inbox"),
]
# (page index, visit type, is_local, seconds after START, microseconds)
VISITS = [
    (0, 2, 1, 0, 0),
    (1, 1, 1, 42, 517003),
    (1, 6, 1, 43, 9),
    (2, 2, 1, 305, 250000),
    (2, 1, 1, 371, 480121),
    (3, 1, 0, 1800, 777777),  # came in from Sync
    (4, 3, 1, 3605, 1),
]
# (_id, type, parent, position, title, url, guid, keyword, tags, seconds after START)
BOOKMARKS = [
    (0, 0, 0, 0, "", None, "places", None, None, -86400),
    (1, 0, 0, 0, "Mobile Bookmarks", None, "mobile", None, None, -86400),
    (-3, 0, 0, 0, "", None, "pinned", None, None, -86400),
    (2, 1, 1, 0, "Set up your wallet", PAGES[1][1], "bM1aR2kS3t4U", "wallet", None, 60),
    (3, 2, 1, 1, None, None, "sE9pA8rT7o6R", None, None, 61),
    (4, 1, 1, 2, "Listing 42", PAGES[2][1], "bK5mR6kT7u8V", None, "market,todo", 400),
    (5, 1, -3, 0, "Inbox", PAGES[4][1], "pN1nN2eD3s4X", None, None, 3700),
]
# (query, visits, seconds after START)
SEARCHES = [("cold wallet", 3, 0), ("onion market listing", 1, 290)]
REMOTE_CLIENT = ("c1Dt2Ab3Cd4E", "Work laptop", "desktop", 2400)
# (client guid or None, title, url, history list, position, seconds after START)
TABS = [
    (None, "Listing 42", PAGES[2][1], [PAGES[2][1]], 0, 380),
    (None, "Inbox", PAGES[4][1], [PAGES[4][1]], 1, 3610),
    (REMOTE_CLIENT[0], "Exchange rates", "https://rates.example.org/btc",
     ["https://rates.example.org/btc", "https://rates.example.org/"], 0, 2300),
]
# (guid, name, type, is current device, created, modified, last access: seconds after START)
DEVICES = [
    ("d0e1v2i3c4e5f6a7b8c9d0e1f2a3b4c5", "Firefox on Android", "mobile", 1, -7200, -7200, 3600),
    ("a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4", REMOTE_CLIENT[1], "desktop", 0, -90000, 2400, 2400),
]

COLUMNS = {
    "history": ("_id", "title", "url", "visits", "visits_local", "visits_remote", "date", "date_local",
                "date_remote", "created", "modified", "guid", "deleted"),
    "visits": ("_id", "history_guid", "visit_type", "date", "is_local"),
    "bookmarks": ("_id", "title", "url", "type", "parent", "position", "keyword", "tags", "created", "modified",
                  "guid", "deleted"),
    "searchhistory": ("_id", "query", "date", "visits"),
    "clients": ("guid", "name", "last_modified", "device_type"),
    "tabs": ("_id", "client_guid", "title", "url", "history", "last_used", "position"),
    "remote_devices": ("_id", "guid", "name", "type", "is_current_device", "created", "modified", "last_access_time"),
}


def _at(seconds: float, micros: int = 0) -> datetime:
    return START + timedelta(seconds=seconds, microseconds=micros)


def _us(dt: datetime) -> int:
    delta = dt - UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _ms(dt: datetime) -> int:
    return _us(dt) // 1000


def _ms_time(dt: datetime) -> datetime:
    """``dt`` as the app keeps it in milliseconds."""
    return UNIX_EPOCH + timedelta(milliseconds=_ms(dt))


def _history_rows():
    for hid, (guid, url, title) in enumerate(PAGES, 1):
        mine = [v for v in VISITS if v[0] == hid - 1]
        local = [_us(_at(s, u)) for _, _, is_local, s, u in mine if is_local]
        remote = [_us(_at(s, u)) for _, _, is_local, s, u in mine if not is_local]
        last = max(_at(s, u) for *_, s, u in mine)
        first = min(_at(s, u) for *_, s, u in mine)
        yield (hid, title, url, len(mine), len(local), len(remote), _ms(last), max(local, default=0),
               max(remote, default=0), _ms(first), _ms(last), guid, 0)


def write_sample(root: Path) -> dict:
    """Write ``browser.db`` under the extraction folder ``root``; the manifest of its events."""
    check_columns(DDL, COLUMNS)
    root = Path(root)
    events: list[dict] = []
    with build_db(root / BROWSER_DB, DDL, page_size=1024) as con:
        load(con, "history", COLUMNS["history"], _history_rows())
        load(con, "visits", COLUMNS["visits"],
             [(vid, PAGES[p][0], t, _us(_at(s, u)), local) for vid, (p, t, local, s, u) in enumerate(VISITS, 1)])
        load(con, "bookmarks", COLUMNS["bookmarks"],
             [(i, title, url, btype, parent, pos, kw, tags, _ms(_at(s)), _ms(_at(s)), guid, 0)
              for i, btype, parent, pos, title, url, guid, kw, tags, s in BOOKMARKS])
        load(con, "searchhistory", COLUMNS["searchhistory"],
             [(i, q, _ms(_at(s)), n) for i, (q, n, s) in enumerate(SEARCHES, 1)])
        load(con, "clients", COLUMNS["clients"],
             [(None, None, _ms(_at(-86400)), None),  # createLocalClient: the local row, LAST_MODIFIED only
              (REMOTE_CLIENT[0], REMOTE_CLIENT[1], _ms(_at(REMOTE_CLIENT[3])), REMOTE_CLIENT[2])])
        load(con, "tabs", COLUMNS["tabs"],
             [(i, c, title, url, json.dumps(hist), _ms(_at(s)), pos) for i, (c, title, url, hist, pos, s)
              in enumerate(TABS, 1)])
        load(con, "remote_devices", COLUMNS["remote_devices"],
             [(i, g, n, t, cur, _ms(_at(c)), _ms(_at(m)), _ms(_at(a))) for i, (g, n, t, cur, c, m, a)
              in enumerate(DEVICES, 1)])

    counts = {p: sum(1 for v in VISITS if v[0] == p) for p in range(len(PAGES))}
    for vid, (p, vtype, local, s, u) in enumerate(VISITS, 1):
        guid, url, title = PAGES[p]
        events.append({"locator": f"visits:_id={vid}", "kind": "visit", "timestamp": iso(_at(s, u)), "body": url,
                       "deleted": False, "check": {"visit_type": vtype, "visit_type_label": VISIT_LABELS[vtype],
                                                   "is_local": local, "history_guid": guid, "history_id": p + 1,
                                                   "title": title, "visit_count": counts[p]}})
    folders = {i: title for i, btype, _, _, title, *_ in BOOKMARKS if btype == 0}
    for i, btype, parent, pos, title, url, guid, kw, tags, s in BOOKMARKS:
        if btype != 1:
            continue
        check = {"title": title, "guid": guid, "parent": parent, "position": pos, "folder": folders[parent],
                 "keyword": kw, "tags": tags, "pinned": True if parent == -3 else None,
                 "modified": iso(_ms_time(_at(s))), "modified_raw": _ms(_at(s))}
        events.append({"locator": f"bookmarks:_id={i}", "kind": "bookmark", "timestamp": iso(_ms_time(_at(s))),
                       "body": url, "deleted": False, "check": check})
    for i, (q, n, s) in enumerate(SEARCHES, 1):
        events.append({"locator": f"searchhistory:_id={i}", "kind": "search", "timestamp": iso(_ms_time(_at(s))),
                       "body": q, "deleted": False, "check": {"search_count": n}})
    for i, (client, title, url, hist, pos, s) in enumerate(TABS, 1):
        remote = client is not None
        check = {"open_tab": True, "title": title, "position": pos, "tab_history": hist,
                 "remote_device": REMOTE_CLIENT[1] if remote else None,
                 "device_type": REMOTE_CLIENT[2] if remote else None}
        events.append({"locator": f"tabs:_id={i}", "kind": "visit", "timestamp": iso(_ms_time(_at(s))),
                       "body": url, "deleted": False, "check": check})
    for i, (g, n, t, cur, c, m, a) in enumerate(DEVICES, 1):
        events.append({"locator": f"remote_devices:_id={i}", "kind": "other", "timestamp": iso(_ms_time(_at(a))),
                       "deleted": False, "check": {"guid": g, "name": n, "device_type": t,
                                                   "is_current_device": bool(cur),
                                                   "created": iso(_ms_time(_at(c)))}})
    return {"app": "firefox", "path": BROWSER_DB, "events": events}
