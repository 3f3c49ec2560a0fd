"""Synthetic Safari (iOS) ``CloudTabs.db`` on the real schema (``ddl/safari_cloudtabs.sql``; facts in
``plugins/safari_ios_extra.py``): two other devices (a Mac and an iPad) with their tabs, one pinned, one in
Reader, one never viewed (``last_viewed_time`` 0); and ``Downloads/Downloads.plist`` (binary property list, the
``DownloadHistory`` entries' keys as sourced there; without the bookmark blobs, which are macOS file bookmarks):
a finished download and one stopped halfway. Times are Cocoa seconds (REAL) computed here with
:mod:`datetime`. The ``system_fields`` and ``position`` blobs are stand-ins (a few fixed bytes): CloudKit's
encoded record and Safari's compressed position are not sourced here, and the parser does not read them.
:func:`write_sample` returns the generic manifest (``artefacts.synthetic.messengers``), each event with
``check``: the ``extra`` values the parser must give.
"""

from __future__ import annotations

import plistlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, load
from .messengers import iso
from .safari_ios import SAFARI, cocoa

DDL = "safari_cloudtabs.sql"
CLOUD_TABS = SAFARI + "/CloudTabs.db"
DOWNLOADS = SAFARI + "/Downloads/Downloads.plist"
DOWNLOADS_DIR = ("/private/var/mobile/Containers/Shared/AppGroup/2E4F6A8C-0B1D-4E3F-A5C7-9D1E3F5A7B9C/"
                 "File Provider Storage/Downloads")
SANDBOX_ID = "0F1E2D3C-4B5A-4968-8776-5A4B3C2D1E0F"
START = datetime(2026, 1, 21, 7, 30, 45, 500000, tzinfo=timezone.utc)
PAGE_SIZE = 512
STAND_IN = b"\x00stand-in\x00"


def _at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def write_cloud_tabs(path: Path) -> list[dict]:
    # (device uuid, name, type identifier, last modified seconds after START)
    devices = [("0B7C5E1A-92D4-4F3B-8A6E-C1D2E3F40516", "Office MacBook", "Mac15,3", 9000.25),
               ("5F8E2A7C-13B9-4D60-9E4F-A7B8C9D0E1F2", "Home iPad", "iPad14,1", 12_000.0)]
    # (rowid, tab uuid, device index, title, url, pinned, reader, seconds after START or None)
    tabs = [
        (1, "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", 0, "Escrow terms", "https://market.example.org/escrow", 1, 0,
         8800.5),
        (2, "B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", 0, "Inbox", "https://mail.example.com/", 0, 0, 8000.0),
        (3, "C3D4E5F6-A7B8-4C9D-8E1F-2A3B4C5D6E7F", 1, "How to <i>mix</i> coins", "https://forum.example.org/t/912",
         0, 1, 11_500.125),
        (4, "D4E5F6A7-B8C9-4D0E-9F2A-3B4C5D6E7F80", 1, None, "https://paste.example.net/raw/Zx81", 0, 0, None),
    ]
    with build_db(path, DDL, page_size=PAGE_SIZE) as con:
        load(con, "cloud_tab_devices", ("device_uuid", "system_fields", "device_name", "device_type_identifier",
                                        "has_duplicate_device_name", "is_ephemeral_device", "last_modified"),
             [(u, STAND_IN, n, t, 0, 0, cocoa(_at(m))) for u, n, t, m in devices])
        load(con, "cloud_tabs", ("rowid", "tab_uuid", "system_fields", "device_uuid", "position", "title", "url",
                                 "is_showing_reader", "is_pinned", "last_viewed_time"),
             [(r, u, STAND_IN, devices[d][0], STAND_IN, ti, url, reader, pinned, cocoa(_at(s)) if s is not None else 0)
              for r, u, d, ti, url, pinned, reader, s in tabs])
    events = []
    for rowid, uuid, d, title, url, pinned, reader, secs in tabs:
        dev_uuid, name, type_id, modified = devices[d]
        check = {"cloud_tab": True, "remote_device": name, "device_uuid": dev_uuid, "tab_uuid": uuid,
                 "is_pinned": bool(pinned), "is_showing_reader": bool(reader), "device_type_identifier": type_id,
                 "device_last_modified": iso(_at(modified))}
        if title:
            check["title"] = title
        events.append({"path": CLOUD_TABS, "locator": f"cloud_tabs:rowid={rowid}", "kind": "visit",
                       "timestamp": iso(_at(secs)) if secs is not None else None, "body": url, "deleted": False,
                       "check": check})
    return events


def write_downloads(path: Path) -> list[dict]:
    # (identifier, url, file name, bytes so far, total, added seconds after START, finished seconds or None)
    rows = [
        ("6A1F0C2E-8B3D-4E5F-9A7B-1C3D5E7F9A0B", "https://files.example.net/wallet-backup.zip", "wallet-backup.zip",
         2_097_152, 2_097_152, 9100.25, 9112.75),
        ("7B2E1D3F-9C4E-4F6A-8B8C-2D4E6F8A0B1C", "https://market.example.org/export/keys.txt", "keys.txt", 4096,
         65_536, 9500.0, None),
    ]
    history = []
    for ident, url, name, so_far, total, added, finished in rows:
        entry = {"DownloadEntryURL": url, "DownloadEntryPath": f"{DOWNLOADS_DIR}/{name}",
                 "DownloadEntryIdentifier": ident, "DownloadEntrySandboxIdentifier": SANDBOX_ID,
                 "DownloadEntryProgressBytesSoFar": so_far, "DownloadEntryProgressTotalToLoad": total,
                 "DownloadEntryDateAddedKey": _at(added).replace(tzinfo=None), "DownloadEntryRemoveWhenDoneKey": False}
        if finished is not None:
            entry["DownloadEntryDateFinishedKey"] = _at(finished).replace(tzinfo=None)
        history.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plistlib.dumps({"DownloadHistory": history}, fmt=plistlib.FMT_BINARY, sort_keys=True))
    events = []
    for i, (ident, url, name, so_far, total, added, finished) in enumerate(rows):
        check = {"target_path": f"{DOWNLOADS_DIR}/{name}", "download_id": ident, "received_bytes": so_far,
                 "total_bytes": total, "finished_time": iso(_at(finished)) if finished is not None else None}
        events.append({"path": DOWNLOADS, "locator": f"DownloadHistory:index={i}", "kind": "download",
                       "timestamp": iso(_at(added)), "body": url, "deleted": False, "check": check})
    return events


def write_sample(root: Path) -> dict:
    """``CloudTabs.db`` and ``Downloads/Downloads.plist`` under ``root/<Safari folder>``; the generic manifest of
    their events."""
    root = Path(root)
    return {"app": "safari", "path": None,
            "events": write_cloud_tabs(root / CLOUD_TABS) + write_downloads(root / DOWNLOADS)}
