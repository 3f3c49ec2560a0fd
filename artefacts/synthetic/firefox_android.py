"""Synthetic Firefox for Android stores: the Gecko stores of the Tor Browser generator (the same Fenix and
GeckoView schemas, ``artefacts.synthetic.tor_browser``) laid out in Firefox's package folder, and the
android-components ``mozac_downloads_database`` (``ddl/mozac_downloads.sql``) with a finished, a failed and a
canceled download and one whose data: URL the app blanked. :func:`write_sample` returns the generic manifest
(``artefacts.synthetic.messengers``) of the downloads; the Gecko stores' events are those of the Tor Browser
sample, read by the same classes (``tests/test_firefox_android.py`` compares them).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso
from .tor_browser import build_cookies, build_fenix_places, build_profile_places

PACKAGE = "data/data/org.mozilla.firefox"
FILES = PACKAGE + "/files"
PROFILE = FILES + "/mozilla/k7d1q0xe.default"
DOWNLOADS_DB = PACKAGE + "/databases/mozac_downloads_database"
START = datetime(2026, 3, 2, 8, 15, 30, 125000, tzinfo=timezone.utc)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DOWNLOAD_DIR = "/storage/emulated/0/Download"


def _ms(dt: datetime) -> int:
    delta = dt - UNIX_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def write_downloads(path: Path) -> list[dict]:
    # (id, url, file name, content type, length, status, minutes after START)
    rows = [
        ("3f2a9c1e-6b7d-4e21-9a0c-5d8e7f6a1b23", "https://files.example.net/wallet-setup.apk", "wallet-setup.apk",
         "application/vnd.android.package-archive", 5_242_880, 6, 0),
        ("8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "https://market.example.org/export/orders.csv", "orders.csv",
         "text/csv", None, 5, 12),
        ("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "https://cdn.example.com/video.mp4", "video.mp4", "video/mp4",
         94_371_840, 4, 30),
        ("9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "", "image.png", "image/png", 2048, 6, 45),
    ]
    labels = {4: "canceled", 5: "failed", 6: "finished"}
    with build_db(path, "mozac_downloads.sql", page_size=1024) as con:
        load(con, "downloads", ("id", "url", "file_name", "content_type", "content_length", "status",
                                "destination_directory", "created_at"),
             [(i, u, f, c, n, s, DOWNLOAD_DIR, _ms(START + timedelta(minutes=m))) for i, u, f, c, n, s, m in rows])
    return [{"path": DOWNLOADS_DB, "locator": f"downloads:rid={rid}", "kind": "download",
             "timestamp": iso(START + timedelta(minutes=m)), "body": u or None, "deleted": False,
             "check": {"download_id": i, "file_name": f, "content_type": c, "content_length": n,
                       "status_label": labels[s], "destination_directory": DOWNLOAD_DIR}}
            for rid, (i, u, f, c, n, s, m) in enumerate(rows, 1)]


def write_sample(root: Path, seed: int | str = 0) -> dict:
    """Firefox's Fenix places, GeckoView profile places and cookies, and its downloads database under ``root``."""
    root = Path(root)
    r = random.Random(f"firefox-android-{seed}")
    scratch: dict = {"visits": [], "bookmarks": [], "downloads": [], "cookies": []}
    build_profile_places(root / PROFILE / "places.sqlite", r, scratch)
    build_fenix_places(root / FILES / "places.sqlite", r, scratch)
    build_cookies(root / PROFILE / "cookies.sqlite", r, scratch)
    return {"app": "firefox", "path": None, "events": write_downloads(root / DOWNLOADS_DB),
            "gecko_stores": [f"{PROFILE}/places.sqlite", f"{FILES}/places.sqlite", f"{PROFILE}/cookies.sqlite"]}
