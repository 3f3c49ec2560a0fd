"""Synthetic Chromium browser profiles (``History`` + ``Bookmarks``) on the real schema: made-up browsing.

``ddl/chromium_history.sql`` holds the CREATE TABLE statements of the Chromium source (history version
69); the values are stored as Chromium stores them (facts in ``plugins/chromium.py``): times in WebKit
microseconds since 1601, ``visits.transition`` as a signed 32-bit core type | qualifiers (a server
redirect reads negative), ``visit_source`` rows only for visits not browsed on the device,
``downloads.hash`` the raw SHA-256, ``downloads_url_chains`` the download URL and its redirects,
``keyword_search_terms`` with ``normalized_term``, and ``Bookmarks`` JSON whose dates are decimal strings.

Profiles: Chrome, Samsung Internet and Brave on Android (their package folders), Chrome on iOS (its app
container). :func:`write_sample` returns the generic manifest of ``artefacts.synthetic.messengers``
(every event with its store ``path``), each event with ``check``: the ``extra`` values the parser must
give (transition core and qualifiers, visit source, download state, sizes, URL chain, term, folder),
all computed here.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso

DDL = "chromium_history.sql"
HISTORY_VERSION = 69
WEBKIT_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)
START = datetime(2026, 2, 10, 20, 15, 0, 123456, tzinfo=timezone.utc)
PAGE_SIZE = 512

LINK, TYPED, AUTO_BOOKMARK, GENERATED, FORM_SUBMIT, RELOAD = 0, 1, 2, 5, 7, 8
CHAIN_START, CHAIN_END, FROM_ADDRESS_BAR, FORWARD_BACK = 0x10000000, 0x20000000, 0x02000000, 0x01000000
CLIENT_REDIRECT, SERVER_REDIRECT = 0x40000000, 0x80000000
CORE = {LINK: "link", TYPED: "typed", AUTO_BOOKMARK: "auto_bookmark", GENERATED: "generated",
        FORM_SUBMIT: "form_submit", RELOAD: "reload"}
QUALIFIER_NAMES = [(0x01000000, "forward_back"), (0x02000000, "from_address_bar"), (0x10000000, "chain_start"),
                   (0x20000000, "chain_end"), (0x40000000, "client_redirect"), (0x80000000, "server_redirect")]

PROFILES = {
    # (platform, folder of the profile under the extraction root, app slug)
    "chrome": ("android", "data/data/com.android.chrome/app_chrome/Default", "chrome"),
    "samsung_internet": ("android", "data/data/com.sec.android.app.sbrowser/app_sbrowser/Default", "samsung_internet"),
    "brave": ("android", "data/data/com.brave.browser/app_chrome/Default", "brave"),
    "chrome_ios": ("ios", "private/var/mobile/Containers/Data/Application/5B2D1C0E-7A4F-4C1B-9E3D-2F6A8B0C4D17/"
                          "Library/Application Support/Google/Chrome/Default", "chrome"),
}


def webkit(dt: datetime) -> int:
    """WebKit microseconds since 1601-01-01 UTC of an aware datetime (exact, by integer arithmetic)."""
    delta = dt - WEBKIT_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _signed32(value: int) -> int:
    return value - (1 << 32) if value & 0x80000000 else value


def _qualifiers(value: int) -> list[str]:
    return [name for bit, name in QUALIFIER_NAMES if value & bit]


def _plan(profile: str):
    """The browsing of one profile: pages, visits, searches, downloads and bookmarks (deterministic)."""
    n = list(PROFILES).index(profile)
    t0 = START + timedelta(days=n, minutes=7 * n)
    pages = [
        ("https://www.google.com/search?q=buy+usdt+no+kyc", "buy usdt no kyc - Google Search"),
        ("https://exchange.example.com/signup", "Create your account"),
        ("https://exchange.example.com/signup/verify", "Verify your e-mail"),
        ("https://forum.example.org/t/escrow/881", "Escrow thread"),
        ("http://short.example.net/x7", None),
        ("https://files.example.net/catalogue.pdf", "catalogue.pdf"),
        ("https://mail.example.com/", "Inbox"),
    ]
    # (page index, seconds after t0, transition, from visit (1-based) or 0, source, originator guid, app id, duration µs)
    visits = [
        (0, 0, GENERATED | CHAIN_START | CHAIN_END | FROM_ADDRESS_BAR, 0, None, None, None, 41_000_000),
        (1, 35, LINK | CHAIN_START | CHAIN_END, 1, None, None, None, 120_500_000),
        (2, 140, FORM_SUBMIT | CHAIN_START | CHAIN_END, 2, None, None, None, 9_250_000),
        (4, 300, LINK | CHAIN_START, 0, None, None, "com.whatsapp" if PROFILES[profile][0] == "android" else None, 0),
        (3, 300, LINK | CHAIN_END | SERVER_REDIRECT, 4, None, None, None, 65_000_000),
        (3, 420, RELOAD | CHAIN_START | CHAIN_END, 0, None, None, None, 3_000_000),
        (6, 900, TYPED | CHAIN_START | CHAIN_END | FROM_ADDRESS_BAR, 0, 0, "hBzW3kq9YtR0v1e8Lx2N", None, 0),
        (1, 960, LINK | CHAIN_START | CHAIN_END | FORWARD_BACK, 0, None, None, None, 0),
    ]
    downloads = [
        # (id, file name, url chain, seconds after t0, seconds to finish, state, danger, interrupt, bytes, of bytes)
        (1, "catalogue.pdf", ["https://files.example.net/catalogue.pdf"], 500, 3, 1, 0, 0, 48_213, 48_213),
        (2, "wallet-setup.apk", ["http://short.example.net/apk", "https://cdn.example.net/wallet-setup.apk"],
         700, 0, 4, 1, 20, 1_310_720, 5_242_880),
    ]
    searches = [(0, 2, "buy usdt no kyc")]  # (page index, keyword id, term)
    return t0, pages, visits, downloads, searches


def write_history(path: Path, profile: str) -> list[dict]:
    """One profile's History at ``path``; its expected events."""
    platform, _, app = PROFILES[profile]
    t0, pages, visits, downloads, searches = _plan(profile)
    url_rows, visit_rows, source_rows, events = [], [], [], []
    last_visit = {}
    for vid, (page, secs, transition, from_visit, source, guid, app_id, duration) in enumerate(visits, 1):
        when = t0 + timedelta(seconds=secs, microseconds=vid * 1111)
        last_visit[page] = when
        visit_rows.append((vid, page + 1, webkit(when), from_visit, None, _signed32(transition), 0, duration, 0, 0,
                           guid or "", 7000 + vid if guid else 0, 0, 0, int(guid is not None), 1, 0, app_id))
        if source is not None:
            source_rows.append((vid, source))
        url, title = pages[page]
        check = {"transition": _signed32(transition), "transition_core": CORE[transition & 0xFF],
                 "transition_qualifiers": _qualifiers(transition), "visit_source": 1 if source is None else source}
        if from_visit:
            check["from_url"] = pages[visits[from_visit - 1][0]][0]
        if app_id:
            check["app_id"] = app_id
        if guid:
            check["originator_cache_guid"] = guid
        if duration:
            check["visit_duration_us"] = duration
        events.append({"locator": f"visits:id={vid}", "kind": "visit", "timestamp": iso(when), "body": url,
                       "app": app, "platform": platform, "deleted": False, "check": check})
    counts = {}
    for page, *_ in visits:
        counts[page] = counts.get(page, 0) + 1
    for i, (url, title) in enumerate(pages):
        url_rows.append((i + 1, url, title or "", counts.get(i, 0), int(i == 6), webkit(last_visit[i]) if i in last_visit
                         else 0, 0))
    kst_rows = []
    for rid, (page, keyword_id, term) in enumerate(searches, 1):
        kst_rows.append((keyword_id, page + 1, term, " ".join(term.lower().split())))
        events.append({"locator": f"keyword_search_terms:rid={rid}", "kind": "search",
                       "timestamp": iso(last_visit[page]), "body": pages[page][0], "app": app, "platform": platform,
                       "deleted": False, "check": {"term": term, "normalized_term": term.lower()}})
    dl_rows, chain_rows = [], []
    folder = "/storage/emulated/0/Download" if platform == "android" else "/var/mobile/Downloads"
    for did, name, chain, secs, took, state, danger, interrupt, got, total in downloads:
        start = t0 + timedelta(seconds=secs, microseconds=did * 777)
        end = start + timedelta(seconds=took, microseconds=250_000) if state == 1 else None
        content = hashlib.sha256(f"{profile}:{name}".encode()).digest() if state == 1 else b""
        target = f"{folder}/{name}"
        dl_rows.append((did, f"6F1C2A{did:02d}-0B3D-4E5F-8A9B-{did:012d}", target if state == 1 else target + ".crdownload",
                        target, webkit(start), got, total, state, danger, interrupt, content,
                        webkit(end) if end else 0, 0, 0, 0, "", "", "", pages[3][0], "", "GET", "", "", "", "", "",
                        "application/pdf" if name.endswith(".pdf") else "application/vnd.android.package-archive",
                        "application/octet-stream"))
        chain_rows += [(did, i, url) for i, url in enumerate(chain)]
        check = {"target_path": target, "received_bytes": got, "total_bytes": total, "state": state,
                 "danger_type": danger, "interrupt_reason": interrupt, "url_chain": chain}
        if end:
            check["end_time"] = iso(end)
        if content:
            check["sha256"] = content.hex()
        events.append({"locator": f"downloads:id={did}", "kind": "download", "timestamp": iso(start),
                       "body": chain[-1], "app": app, "platform": platform, "deleted": False, "check": check})
    with build_db(path, DDL, page_size=PAGE_SIZE) as con:
        load(con, "meta", ("key", "value"), [("mmap_status", "-1"), ("version", str(HISTORY_VERSION)),
                                             ("last_compatible_version", "16")])
        load(con, "urls", ("id", "url", "title", "visit_count", "typed_count", "last_visit_time", "hidden"), url_rows)
        load(con, "visits", ("id", "url", "visit_time", "from_visit", "external_referrer_url", "transition", "segment_id",
                             "visit_duration", "incremented_omnibox_typed_score", "opener_visit", "originator_cache_guid",
                             "originator_visit_id", "originator_from_visit", "originator_opener_visit",
                             "is_known_to_sync", "consider_for_ntp_most_visited", "visited_link_id", "app_id"),
             visit_rows)
        load(con, "visit_source", ("id", "source"), source_rows)
        load(con, "keyword_search_terms", ("keyword_id", "url_id", "term", "normalized_term"), kst_rows)
        load(con, "downloads", ("id", "guid", "current_path", "target_path", "start_time", "received_bytes", "total_bytes",
                                "state", "danger_type", "interrupt_reason", "hash", "end_time", "opened",
                                "last_access_time", "transient", "referrer", "site_url", "embedder_download_data",
                                "tab_url", "tab_referrer_url", "http_method", "by_ext_id", "by_ext_name",
                                "by_web_app_id", "etag", "last_modified", "mime_type", "original_mime_type"), dl_rows)
        load(con, "downloads_url_chains", ("id", "chain_index", "url"), chain_rows)
    return events


def write_bookmarks(path: Path, profile: str) -> list[dict]:
    """The profile's Bookmarks JSON at ``path``; its expected events (one per URL node)."""
    platform, _, app = PROFILES[profile]
    t0 = _plan(profile)[0] - timedelta(days=3)
    added = [t0 + timedelta(hours=h, microseconds=h * 4321) for h in (1, 2, 5)]
    used = t0 + timedelta(days=2, seconds=11)
    bar = {"children": [
        {"date_added": str(webkit(added[0])), "date_last_used": str(webkit(used)), "guid": "0f2b7c1e-9a44-4d55-8e1e-1c2d3e4f5a61",
         "id": "5", "name": "Exchange", "type": "url", "url": "https://exchange.example.com/"},
        {"children": [
            {"date_added": str(webkit(added[1])), "date_last_used": "0", "guid": "4c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f",
             "id": "7", "name": "Escrow thread <b>", "type": "url", "url": "https://forum.example.org/t/escrow/881"}],
         "date_added": str(webkit(added[0])), "date_modified": str(webkit(added[1])), "guid": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
         "id": "6", "name": "Forums", "type": "folder"},
    ], "date_added": str(webkit(t0)), "date_modified": str(webkit(added[1])), "guid": "0bc5d13f-2cba-5d74-951f-3f233fe6c908",
        "id": "1", "name": "Bookmarks bar", "type": "folder"}
    other = {"children": [
        {"date_added": str(webkit(added[2])), "guid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "id": "8",
         "name": "Inbox", "type": "url", "url": "https://mail.example.com/"}],
        "date_added": str(webkit(t0)), "date_modified": "0", "guid": "82b081ec-3dd3-529c-8475-ab6c344590dd", "id": "2",
        "name": "Other bookmarks", "type": "folder"}
    synced = {"children": [], "date_added": str(webkit(t0)), "date_modified": "0",
              "guid": "4cf2e351-0e85-532b-bb37-df045d8f8d0f", "id": "3", "name": "Mobile bookmarks", "type": "folder"}
    doc = {"checksum": hashlib.md5(profile.encode()).hexdigest(), "roots": {"bookmark_bar": bar, "other": other,
                                                                          "synced": synced}, "version": 1}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=3, ensure_ascii=False), encoding="utf-8")

    def event(node_id, when, url, folder, title, last_used=None):
        check = {"folder": folder, "title": title}
        if last_used:
            check["date_last_used"] = iso(last_used)
        return {"locator": f"Bookmarks:id={node_id}", "kind": "bookmark", "timestamp": iso(when), "body": url,
                "app": app, "platform": platform, "deleted": False, "check": check}
    return [event("5", added[0], "https://exchange.example.com/", "bookmark_bar", "Exchange", used),
            event("7", added[1], "https://forum.example.org/t/escrow/881", "bookmark_bar/Forums", "Escrow thread <b>"),
            event("8", added[2], "https://mail.example.com/", "other", "Inbox")]


def write_sample(root: Path, platform: str) -> dict:
    """Every profile of ``platform`` under ``root``; the generic manifest of all their events."""
    root = Path(root)
    events = []
    for profile, (where, folder, _) in PROFILES.items():
        if where != platform:
            continue
        history = f"{folder}/History"
        events += [{**e, "path": history} for e in write_history(root / history, profile)]
        if profile in ("chrome", "chrome_ios"):
            bookmarks = f"{folder}/Bookmarks"
            events += [{**e, "path": bookmarks} for e in write_bookmarks(root / bookmarks, profile)]
    return {"app": "chromium", "path": None, "events": events}
