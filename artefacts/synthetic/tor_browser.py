"""Synthetic Tor Browser for Android extraction: real Mozilla schemas, made-up browsing.

Writes, under ``data/data/org.torproject.torbrowser/files/``:

* ``places.sqlite``: Fenix's application-services places (``ddl/fenix_places.sql``; times in ms);
* ``mozilla/<profile>/places.sqlite``: the Gecko profile's Places (``ddl/gecko_places.sql``; PRTime µs),
  with a download recorded as DownloadHistory.sys.mjs does (a visit of type 7 plus the
  ``downloads/destinationFileURI`` and ``downloads/metaData`` page annotations);
* ``mozilla/<profile>/cookies.sqlite`` (``ddl/gecko_cookies.sql``, user_version 17: expiry in ms);
* ``mozilla/<profile>/formhistory.sqlite`` (``ddl/gecko_formhistory.sql``);
* ``mozilla/<profile>/sessionstore.jsonlz4``: SessionStore JSON in the mozLz40 framing.

Onion addresses are valid version-3 addresses (rend-spec-v3: base32 of pubkey || checksum || 0x03,
checksum = SHA3-256(".onion checksum" || pubkey || 0x03)[:2]) made from seeded keys, so that an
indicator scan can validate them. Everything is deterministic; the returned manifest lists every
record with the exact raw values stored.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from pathlib import Path

from ..decoders.mozlz4 import compress
from .ddl_loader import build_db, load

PACKAGE_DIR = "data/data/org.torproject.torbrowser/files"
PROFILE_DIR = PACKAGE_DIR + "/mozilla/x3k9q2ab.default"
FENIX_PLACES = "fenix_places.sql"
GECKO_PLACES = "gecko_places.sql"
GECKO_COOKIES = "gecko_cookies.sql"
GECKO_FORMHISTORY = "gecko_formhistory.sql"
PAGE_SIZE = 1024
#: 2026-03-14T18:20:00Z in µs
BASE_US = 1_773_512_400_000_000


def onion_v3(seed: str) -> str:
    """A valid v3 onion host (56 base32 characters + ``.onion``) for a seeded 32-byte key."""
    pubkey = hashlib.sha256(seed.encode()).digest()
    version = b"\x03"
    checksum = hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2]
    return base64.b32encode(pubkey + checksum + version).decode("ascii").lower() + ".onion"


def _pages() -> list[tuple[str, str]]:
    market, forum, shop = onion_v3("market"), onion_v3("forum"), onion_v3("shop")
    return [
        ("https://check.torproject.org/", "Congratulations. This browser is configured to use Tor."),
        (f"http://{market}/", "Welcome"),
        (f"http://{market}/listing/4411", "Listing 4411"),
        (f"http://{forum}/thread/82", "Vendor reviews"),
        (f"http://{shop}/files/catalogue.pdf", "catalogue.pdf"),
        ("https://duckduckgo.com/?q=escrow", "escrow at DuckDuckGo"),
    ]


def _guid(r: random.Random) -> str:
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(12))


def build_profile_places(path: Path, r: random.Random, manifest: dict) -> None:
    pages = _pages()
    t = BASE_US
    visits, places = [], []
    for i, (url, title) in enumerate(pages, start=1):
        places.append((i, url, title, 1, 0, _guid(r)))
    kinds = [2, 1, 1, 1, 7, 2, 9, 1]
    order = [1, 2, 3, 4, 5, 6, 3, 2]
    prev = None
    for vid, (pid, vtype) in enumerate(zip(order, kinds), start=1):
        t += r.randrange(20_000_000, 600_000_000) + r.randrange(1_000_000)
        visits.append((vid, prev if vtype == 1 else 0, pid, t, vtype, 0))
        url, title = pages[pid - 1]
        manifest["visits"].append({"store": "profile", "id": vid, "url": url, "title": title, "visit_date": t,
                                   "visit_type": vtype})
        prev = vid
    last = {pid: max(v[3] for v in visits if v[2] == pid) for pid in {v[2] for v in visits}}
    count = {pid: sum(1 for v in visits if v[2] == pid) for pid in last}
    download_pid = 5
    download_start = max(v[3] for v in visits if v[2] == download_pid and v[4] == 7)
    end_ms = download_start // 1000 + 4_321
    meta = json.dumps({"state": 1, "deleted": False, "endTime": end_ms, "fileSize": 48_213}, separators=(",", ":"))
    target = "file:///storage/emulated/0/Download/catalogue.pdf"
    bm_added = [BASE_US - 86_400_000_000 + 123_456, BASE_US + 3_600_000_000 + 654_321]
    with build_db(path, GECKO_PLACES, page_size=PAGE_SIZE) as con:
        load(con, "moz_places", ("id", "url", "title", "visit_count", "hidden", "guid", "last_visit_date"),
             ((p[0], p[1], p[2], count.get(p[0], 0), p[4], p[5], last.get(p[0])) for p in places))
        load(con, "moz_historyvisits", ("id", "from_visit", "place_id", "visit_date", "visit_type", "session"), visits)
        load(con, "moz_anno_attributes", ("id", "name"), [(1, "downloads/destinationFileURI"),
                                                          (2, "downloads/metaData")])
        load(con, "moz_annos", ("id", "place_id", "anno_attribute_id", "content", "flags", "expiration", "type",
                                "dateAdded", "lastModified"),
             [(1, download_pid, 1, target, 0, 4, 3, download_start + 2_000, download_start + 2_000),
              (2, download_pid, 2, meta, 0, 4, 3, end_ms * 1000, end_ms * 1000)])
        # the root and its children as Places creates them (root________, menu________, ...), then two bookmarks
        folders = [(1, 2, None, 0, 0, "", "root________"), (2, 2, None, 1, 0, "menu", "menu________"),
                   (3, 2, None, 1, 1, "toolbar", "toolbar_____"), (4, 2, None, 1, 2, "unfiled", "unfiled_____"),
                   (5, 2, None, 1, 3, "mobile", "mobile______")]
        marks = [(6, 1, 2, 5, 0, "Market", _guid(r)), (7, 1, 4, 5, 1, "Vendor reviews", _guid(r))]
        rows = []
        for b in folders:
            rows.append((*b[:6], BASE_US - 90 * 86_400_000_000, BASE_US - 90 * 86_400_000_000, b[6]))
        for b, added in zip(marks, bm_added):
            rows.append((*b[:6], added, added + 5_000_000, b[6]))
            manifest["bookmarks"].append({"store": "profile", "id": b[0], "url": pages[b[2] - 1][0], "title": b[5],
                                          "dateAdded": added, "lastModified": added + 5_000_000, "folder": "mobile"})
        load(con, "moz_bookmarks", ("id", "type", "fk", "parent", "position", "title", "dateAdded", "lastModified",
                                    "guid"), rows)
    manifest["downloads"].append({"url": pages[download_pid - 1][0], "target": target, "endTime": end_ms,
                                  "started": download_start, "state": 1, "fileSize": 48_213})


def build_fenix_places(path: Path, r: random.Random, manifest: dict) -> None:
    pages = _pages()
    t = (BASE_US + 7 * 86_400_000_000) // 1000  # ms
    visits = []
    order = [(1, 2), (2, 2), (3, 1), (4, 1), (2, 1)]
    for vid, (pid, vtype) in enumerate(order, start=1):
        t += r.randrange(20_000, 900_000)
        visits.append((vid, 1, None, pid, t, vtype))
        manifest["visits"].append({"store": "fenix", "id": vid, "url": pages[pid - 1][0], "title": pages[pid - 1][1],
                                   "visit_date": t, "visit_type": vtype})
    added = t + 60_000
    with build_db(path, FENIX_PLACES, page_size=PAGE_SIZE) as con:
        load(con, "moz_places", ("id", "url", "title", "visit_count_local", "last_visit_date_local", "guid"),
             ((i, u, ti, sum(1 for v in visits if v[3] == i), max([v[4] for v in visits if v[3] == i] or [0]),
               _guid(r)) for i, (u, ti) in enumerate(pages, start=1)))
        load(con, "moz_historyvisits", ("id", "is_local", "from_visit", "place_id", "visit_date", "visit_type"), visits)
        load(con, "moz_bookmarks", ("id", "fk", "type", "parent", "position", "title", "dateAdded", "lastModified",
                                    "guid"),
             [(1, None, 2, None, 0, "", added - 10**7, added - 10**7, "root________"),
              (2, None, 2, 1, 0, "mobile", added - 10**7, added - 10**7, "mobile______"),
              (3, 4, 1, 2, 0, "Vendor reviews", added, added + 1_500, _guid(r))])
    manifest["bookmarks"].append({"store": "fenix", "id": 3, "url": pages[3][0], "title": "Vendor reviews",
                                  "dateAdded": added, "lastModified": added + 1_500, "folder": "mobile"})


def build_cookies(path: Path, r: random.Random, manifest: dict) -> None:
    market = onion_v3("market")
    rows = []
    for cid, (host, name, value) in enumerate([(market, "session", "c0ffee4411"), (".torproject.org", "lang", "en"),
                                               (onion_v3("forum"), "remember_me", "1")], start=1):
        created = BASE_US + cid * 61_000_000 + r.randrange(1_000_000)
        accessed = created + r.randrange(1_000_000, 90_000_000)
        expiry_ms = created // 1000 + 30 * 86_400_000
        rows.append((cid, "", name, value, host, "/", expiry_ms, accessed, created, 1 if cid != 2 else 0, 1, 0, 0, 0,
                     0, accessed))
        manifest["cookies"].append({"id": cid, "host": host, "name": name, "value": value, "path": "/",
                                    "creationTime": created, "lastAccessed": accessed, "expiry": expiry_ms})
    with build_db(path, GECKO_COOKIES, page_size=PAGE_SIZE) as con:
        load(con, "moz_cookies", ("id", "originAttributes", "name", "value", "host", "path", "expiry", "lastAccessed",
                                  "creationTime", "isSecure", "isHttpOnly", "inBrowserElement", "sameSite",
                                  "schemeMap", "isPartitionedAttributeSet", "updateTime"), rows)


def build_formhistory(path: Path, r: random.Random, manifest: dict) -> None:
    rows = []
    for fid, (field, value) in enumerate([("q", "escrow"), ("username", "quietbuyer"),
                                          ("btc_refund_address", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")],
                                         start=1):
        first = BASE_US + fid * 97_000_000 + r.randrange(1_000_000)
        last = first + r.randrange(0, 3) * 3_600_000_000
        rows.append((fid, field, value, 1 + (last != first), first, last, _guid(r)))
        manifest["form_history"].append({"id": fid, "fieldname": field, "value": value, "firstUsed": first,
                                         "lastUsed": last})
    with build_db(path, GECKO_FORMHISTORY, page_size=PAGE_SIZE) as con:
        load(con, "moz_formhistory", ("id", "fieldname", "value", "timesUsed", "firstUsed", "lastUsed", "guid"), rows)


def build_sessionstore(path: Path, manifest: dict) -> None:
    pages = _pages()
    last_ms = BASE_US // 1000 + 5 * 3_600_000 + 321

    def entry(i):
        return {"url": pages[i][0], "title": pages[i][1], "ID": i + 1, "cacheKey": 0, "triggeringPrincipal_base64": ""}

    tabs = [{"entries": [entry(1), entry(2)], "index": 2, "lastAccessed": last_ms, "hidden": False},
            {"entries": [entry(3)], "index": 1, "lastAccessed": last_ms - 7_777, "hidden": False}]
    closed = [{"state": {"entries": [entry(4)], "index": 1, "lastAccessed": last_ms - 99_000},
               "title": pages[4][1], "closedAt": last_ms - 50_000}]
    session = {"version": ["sessionrestore", 1],
               "windows": [{"tabs": tabs, "selected": 1, "_closedTabs": closed}],
               "_closedWindows": [], "session": {"lastUpdate": last_ms, "startTime": last_ms - 8_000_000,
                                                 "recentCrashes": 0}, "global": {}}
    for t, tab in enumerate(tabs):
        for e, ent in enumerate(tab["entries"]):
            current = tab["index"] == e + 1
            manifest["session_entries"].append({"key": f"windows[0].tabs[{t}].entries[{e}]", "url": ent["url"],
                                                "lastAccessed": tab["lastAccessed"] if current else None,
                                                "state": "open"})
    manifest["session_entries"].append({"key": "windows[0]._closedTabs[0].entries[0]", "url": pages[4][0],
                                        "lastAccessed": last_ms - 99_000, "state": "closed tab",
                                        "closedAt": last_ms - 50_000})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(compress(json.dumps(session, separators=(",", ":")).encode("utf-8")))


def write_tor_browser_extraction(dest, *, seed: int | str = 0) -> dict:
    """Write the extraction under ``dest``; the manifest of everything in it."""
    dest = Path(dest)
    r = random.Random(f"tor-browser-{seed}")
    manifest = {"package_dir": PACKAGE_DIR, "profile_dir": PROFILE_DIR, "visits": [], "bookmarks": [],
                "downloads": [], "cookies": [], "form_history": [], "session_entries": []}
    build_profile_places(dest / PROFILE_DIR / "places.sqlite", r, manifest)
    build_fenix_places(dest / PACKAGE_DIR / "places.sqlite", r, manifest)
    build_cookies(dest / PROFILE_DIR / "cookies.sqlite", r, manifest)
    build_formhistory(dest / PROFILE_DIR / "formhistory.sqlite", r, manifest)
    build_sessionstore(dest / PROFILE_DIR / "sessionstore.jsonlz4", manifest)
    return manifest


ONION_BROWSER_DOCS = "private/var/mobile/Containers/Data/Application/5E1B6C2D-8A4F-4C3B-9D2E-7F6A1B0C9E84/Documents"


def write_onion_browser_extraction(dest) -> dict:
    """Onion Browser's ``Documents/bookmarks.plist`` (Bookmark.swift layout, version 2); its manifest."""
    import plistlib

    docs = Path(dest) / ONION_BROWSER_DOCS
    docs.mkdir(parents=True, exist_ok=True)
    items = [
        # the first of Bookmark.swift's defaultBookmarks, as first run stores it
        {"name": "DuckDuckGo", "url": "https://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/",
         "icon": "0B7C5A52-3A0E-4E55-8C71-2B1E8F6D4A10", "last_updated": 1_773_512_412.25},
        {"name": "Market", "url": f"http://{onion_v3('market')}/", "icon": "", "last_updated": 0.0},
        {"name": "Vendor reviews", "url": f"http://{onion_v3('forum')}/thread/82",
         "icon": "C3D1E2F4-5A6B-4C7D-8E9F-0A1B2C3D4E5F", "last_updated": 1_773_599_001.5},
    ]
    (docs / "bookmarks.plist").write_bytes(plistlib.dumps({"bookmarks": items, "version": 2},
                                                          fmt=plistlib.FMT_XML, sort_keys=True))
    return {"bookmarks_plist": f"{ONION_BROWSER_DOCS}/bookmarks.plist", "bookmarks": items}


ORBOT_DIR = "data/data/org.torproject.android"
#: SharedPreferences keys written here are OrbotConstants.java PREF_* names
ORBOT_PREFS = (
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
    '    <boolean name="pref_isolate_dest" value="true" />\n'
    '    <string name="pref_socks">9050</string>\n'
    '    <string name="pref_http">8118</string>\n'
    '    <boolean name="pref_disable_network" value="false" />\n'
    "</map>\n"
)


def write_orbot_extraction(dest) -> dict:
    """Orbot's preferences, a tor data folder and one hosted v3 onion service; its manifest."""
    root = Path(dest) / ORBOT_DIR
    (root / "shared_prefs").mkdir(parents=True, exist_ok=True)
    (root / "shared_prefs" / "org.torproject.android_preferences.xml").write_text(ORBOT_PREFS, encoding="utf-8")
    tordata = root / "tordata"
    tordata.mkdir(parents=True, exist_ok=True)
    # tor's DataDirectory file names (tor manual, FILES); contents are placeholders, never read
    for name in ("state", "cached-microdesc-consensus", "lock"):
        (tordata / name).write_bytes(b"")
    service = root / "files" / "v3_onion_services" / "shop"
    service.mkdir(parents=True, exist_ok=True)
    host = onion_v3("orbot-hosted-shop")
    (service / "hostname").write_text(host + "\n", encoding="ascii")
    return {"app_folder": ORBOT_DIR, "tordata_files": ["cached-microdesc-consensus", "lock", "state"],
            "onion_services": [host], "preferences": {"pref_isolate_dest": True, "pref_socks": "9050",
                                                      "pref_http": "8118", "pref_disable_network": False}}
