"""Safari on iOS, beside ``plugins/safari_ios.py``: ``Library/Safari/CloudTabs.db``, the iCloud Tabs store: the
open tabs that the devices signed in to the same iCloud account (iPhone, iPad, Mac) share, as last synced to this
phone (the user's other devices' tabs; the store may hold this phone's own record too).

Path: iLEAPP ``scripts/artifacts/safariTabs.py`` ``safariTabsiCloud`` (``**/Safari/CloudTabs.db``), which joins
``cloud_tabs`` to ``cloud_tab_devices`` on ``device_uuid`` and shows title, URL, device name, device and tab
UUIDs. Schema: the CREATE strings of Safari's ``CloudTabSQLiteStore`` (iOS 26.1, decompiled in
EthanArbuckle/iPhone18-3_26.1_23B85_Restore ``System/Library/CoreServices/SafariSupport.bundle/SafariSupport/``;
copied into ``artefacts/synthetic/ddl/safari_cloudtabs.sql``):

* ``cloud_tab_devices``: ``device_uuid``, ``system_fields`` (CloudKit record), ``device_name``,
  ``device_type_identifier`` (newer stores), ``has_duplicate_device_name``, ``is_ephemeral_device``,
  ``last_modified`` (REAL, ``timeIntervalSinceReferenceDate``: Cocoa seconds).
* ``cloud_tabs``: ``tab_uuid``, ``system_fields``, ``device_uuid``, ``position``, ``title``, ``url``,
  ``is_showing_reader``, ``is_pinned``, ``reader_scroll_position_page_index``, ``scene_id``, ``last_viewed_time``
  (REAL Cocoa seconds, 0 when unknown: ``CloudTab`` writes it as ``dateWithTimeIntervalSinceReferenceDate:`` only
  when it is not 0; older stores lack the column, as iLEAPP's test schemas show).

And ``Library/Safari/Downloads/Downloads.plist``, Safari's download list: ``_SFDownloadManager``
(``defaultDownloadsHistoryURL`` = the Safari container + ``/Library/Safari/Downloads/Downloads.plist``;
``downloadRepresentationsAtURL:`` reads its ``DownloadHistory`` array; decompiled in the same iOS 26.1 tree, and
iLEAPP ``scripts/artifacts/safariDownloads.py``, path ``*/mobile/Containers/Data/Application/*/Library/Safari/
Downloads/Downloads.plist``). Each entry is a dictionary with the keys iLEAPP, mac_apt/osxripper's macOS Safari
modules and real macOS files (a CTF write-up's ``plutil`` output) agree on: ``DownloadEntryURL``,
``DownloadEntryPath``, ``DownloadEntryIdentifier``, ``DownloadEntrySandboxIdentifier``,
``DownloadEntryProgressBytesSoFar``, ``DownloadEntryProgressTotalToLoad``, ``DownloadEntryDateAddedKey`` and
``DownloadEntryDateFinishedKey`` (property-list dates, UTC), ``DownloadEntryRemoveWhenDoneKey``, and two bookmark
blobs (``DownloadEntryBookmarkBlob``, ``DownloadEntryPostBookmarkBlob``: macOS file bookmarks, not read).
iLEAPP notes that every iOS ``Downloads.plist`` of its test cases has an empty list.

Events: a ``visit`` with ``extra.cloud_tab`` per ``cloud_tabs`` row, timed by its ``last_viewed_time``
(``Last Viewed Time``), untimed when it has none; the device's name, type, UUID and ``last_modified`` in
``extra`` (``extra.remote_device``). Not read: the ``system_fields`` blobs (iLEAPP takes the record's creation and
modification times from them with nska_deserialize; CloudKit's encoded record is not sourced here) and
``cloud_tab_close_requests`` (requests to close a tab on another device). A ``download`` per ``DownloadHistory``
entry, timed by its date added (``Download Start Time``; the date is kept as microseconds since 1970 in
``timestamp_raw``), the URL as ``body``, target path, sizes, identifiers and the finish time in ``extra``; other
keys are kept in ``extra.other_keys`` (names only). ``RecentlyClosedTabs.plist`` is not read: no source of its iOS
layout was found here.
"""

from __future__ import annotations

import plistlib
from datetime import datetime, timedelta, timezone

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME
from artefacts.parser import Parser, SQLiteParser
from artefacts.plugins.safari_ios import LAST_VIEWED, _cocoa
from artefacts.timeconv import COCOA_SECONDS, UNIX_MICROSECONDS

__version__ = "1.0"

REFERENCES = (
    "Safari CloudTabSQLiteStore -_createFreshDatabaseSchema / -_loadTabsForDevice: / -_loadDeviceWithUUIDString: and "
    "CloudTab.mm (DateLastViewed as timeIntervalSinceReferenceDate), decompiled from iOS 26.1 in "
    "EthanArbuckle/iPhone18-3_26.1_23B85_Restore System/Library/CoreServices/SafariSupport.bundle/SafariSupport/",
    "iLEAPP scripts/artifacts/safariTabs.py safariTabsiCloud (**/Safari/CloudTabs.db, cloud_tabs joined to "
    "cloud_tab_devices on device_uuid)",
    "Safari _SFDownloadManager defaultDownloadsHistoryURL / downloadRepresentationsAtURL: (DownloadHistory), "
    "iOS 26.1 decompiled as above; iLEAPP scripts/artifacts/safariDownloads.py (DownloadEntry* keys)",
)


def cloud_tab_to_event(row, ctx) -> dict:
    """A ``cloud_tabs`` row joined to its device."""
    extra = {"cloud_tab": True, "remote_device": row["device_name"], "device_uuid": row["device_uuid"],
             "tab_uuid": row["tab_uuid"], "is_pinned": bool(row["is_pinned"]),
             "is_showing_reader": bool(row["is_showing_reader"])}
    for key in ("title", "device_type_identifier", "scene_id"):
        if row[key]:
            extra[key] = row[key]
    if row["is_ephemeral_device"]:
        extra["is_ephemeral_device"] = True
    if row["device_last_modified"] is not None:
        extra["device_last_modified"] = _cocoa(ctx, row["device_last_modified"], "cloud_tab_devices.last_modified")
        extra["device_last_modified_raw"] = row["device_last_modified"]
    viewed = row["last_viewed_time"]
    when = _cocoa(ctx, viewed, "cloud_tabs.last_viewed_time")
    event = {"kind": "visit", "body": row["url"], "status": "cloud", "extra": extra}
    event.update(timestamp=when, timestamp_raw=viewed, timestamp_desc=LAST_VIEWED if when else NOT_A_TIME)
    return event


CLOUD_TABS_SQL = """SELECT t.rowid AS rowid, t.tab_uuid, t.device_uuid, t.title, t.url, t.is_pinned,
t.is_showing_reader, {scene_id}, {last_viewed_time}, d.device_name, {device_type_identifier}, {is_ephemeral_device},
d.last_modified AS device_last_modified
FROM cloud_tabs t LEFT JOIN cloud_tab_devices d ON d.device_uuid = t.device_uuid ORDER BY t.rowid"""


class SafariCloudTabsParser(SQLiteParser):
    name = "safari_cloud_tabs"
    version = __version__
    app = "safari"
    platform = "ios"
    references = REFERENCES
    description = "Safari (iOS) CloudTabs.db: the open tabs of the user's other iCloud devices, with each device"
    path_globs = ("**/Safari/CloudTabs.db",)
    required_tables = {"cloud_tabs": {"tab_uuid", "device_uuid", "title", "url", "is_pinned", "is_showing_reader"},
                       "cloud_tab_devices": {"device_uuid", "device_name", "last_modified"}}
    time_units = {"cloud_tabs.last_viewed_time": COCOA_SECONDS, "cloud_tab_devices.last_modified": COCOA_SECONDS}

    def parse(self, ctx):
        optional = {c: ctx.column_or_null("cloud_tabs", c, prefix="t") for c in ("scene_id", "last_viewed_time")}
        optional.update({c: ctx.column_or_null("cloud_tab_devices", c, prefix="d")
                         for c in ("device_type_identifier", "is_ephemeral_device")})
        yield from ctx.map_rows(CLOUD_TABS_SQL.format(**optional), cloud_tab_to_event, table="cloud_tabs",
                                id_column="rowid")


DOWNLOAD_STARTED = "Download Start Time"
#: Downloads.plist entry keys -> extra keys (the dates and the bookmark blobs are handled apart)
DOWNLOAD_KEYS = (("DownloadEntryPath", "target_path"), ("DownloadEntryIdentifier", "download_id"),
                 ("DownloadEntrySandboxIdentifier", "sandbox_id"),
                 ("DownloadEntryProgressBytesSoFar", "received_bytes"),
                 ("DownloadEntryProgressTotalToLoad", "total_bytes"),
                 ("DownloadEntryRemoveWhenDoneKey", "remove_when_done"))
DATE_ADDED, DATE_FINISHED = "DownloadEntryDateAddedKey", "DownloadEntryDateFinishedKey"
BOOKMARK_BLOBS = ("DownloadEntryBookmarkBlob", "DownloadEntryPostBookmarkBlob")
KNOWN_KEYS = {"DownloadEntryURL", DATE_ADDED, DATE_FINISHED, *BOOKMARK_BLOBS, *(k for k, _ in DOWNLOAD_KEYS)}
#: a string value longer than this is cut (attacker-controlled URLs and paths)
MAX_TEXT = 8192
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _plist_us(value) -> int | None:
    """A property-list date (plistlib: a naive datetime in UTC) as microseconds since 1970."""
    if not isinstance(value, datetime):
        return None
    return (value.replace(tzinfo=timezone.utc) - _UNIX_EPOCH) // timedelta(microseconds=1)


def _text(value):
    return value[:MAX_TEXT] if isinstance(value, str) else value


def download_to_event(row, ctx) -> dict:
    """One ``DownloadHistory`` entry of ``Downloads.plist``."""
    entry = row["entry"]
    if not isinstance(entry, dict):
        raise ValueError(f"download entry is a {type(entry).__name__}, not a dictionary")
    extra = {name: _text(entry[key]) for key, name in DOWNLOAD_KEYS if entry.get(key) is not None}
    finished = _plist_us(entry.get(DATE_FINISHED))
    if finished is not None:
        extra["finished_time"] = ctx.time(UNIX_MICROSECONDS, finished, column=f"DownloadHistory[].{DATE_FINISHED}")
        extra["finished_time_raw"] = finished
    other = sorted(str(k)[:200] for k in entry if k not in KNOWN_KEYS)[:50]
    if other:
        extra["other_keys"] = other
    added = _plist_us(entry.get(DATE_ADDED))
    when = ctx.time(UNIX_MICROSECONDS, added, column=f"DownloadHistory[].{DATE_ADDED}") if added is not None else None
    url = entry.get("DownloadEntryURL")
    return {"timestamp": when, "timestamp_raw": added, "timestamp_desc": DOWNLOAD_STARTED if when else NOT_A_TIME,
            "kind": "download", "body": _text(url) if isinstance(url, str) and url else None, "extra": extra}


def _load_plist(path):
    with open(path, "rb") as fh:
        return plistlib.load(fh)


class SafariDownloadsParser(Parser):
    name = "safari_downloads"
    version = __version__
    app = "safari"
    platform = "ios"
    references = REFERENCES
    description = "Safari (iOS) Downloads.plist: the download list (URL, target path, sizes, added and finished times)"
    path_globs = ("**/Library/Safari/Downloads/Downloads.plist",)
    tables = {"Downloads.plist": {"DownloadHistory"},
              "DownloadHistory[]": {"DownloadEntryURL", "DownloadEntryPath", DATE_ADDED, DATE_FINISHED}}
    time_units = {f"DownloadHistory[].{DATE_ADDED}": UNIX_MICROSECONDS,
                  f"DownloadHistory[].{DATE_FINISHED}": UNIX_MICROSECONDS}

    def parse(self, ctx):
        try:
            data = _load_plist(ctx.source.local_path)
        except Exception as exc:  # plistlib raises several types for damage
            ctx.warn_file(f"damaged property list ({type(exc).__name__})")
            return
        history = data.get("DownloadHistory") if isinstance(data, dict) else None
        if not isinstance(history, list):
            ctx.warn_file("no DownloadHistory list (not Safari's Downloads.plist layout)")
            return
        rows = ({"index": i, "entry": entry} for i, entry in enumerate(history))
        yield from ctx.map_rows(rows, download_to_event, table="DownloadHistory", id_column="index")


@hookimpl
def register_parsers(register):
    register(SafariCloudTabsParser)
    register(SafariDownloadsParser)
