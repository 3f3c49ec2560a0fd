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

Events: a ``visit`` with ``extra.cloud_tab`` per ``cloud_tabs`` row, timed by its ``last_viewed_time``
(``Last Viewed Time``), untimed when it has none; the device's name, type, UUID and ``last_modified`` in
``extra`` (``extra.remote_device``). Not read: the ``system_fields`` blobs (iLEAPP takes the record's creation and
modification times from them with nska_deserialize; CloudKit's encoded record is not sourced here) and
``cloud_tab_close_requests`` (requests to close a tab on another device). ``Downloads.plist`` and
``RecentlyClosedTabs.plist`` are not read: no public source of their layout was found here.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME
from artefacts.parser import SQLiteParser
from artefacts.plugins.safari_ios import LAST_VIEWED, _cocoa
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

REFERENCES = (
    "Safari CloudTabSQLiteStore -_createFreshDatabaseSchema / -_loadTabsForDevice: / -_loadDeviceWithUUIDString: and "
    "CloudTab.mm (DateLastViewed as timeIntervalSinceReferenceDate), decompiled from iOS 26.1 in "
    "EthanArbuckle/iPhone18-3_26.1_23B85_Restore System/Library/CoreServices/SafariSupport.bundle/SafariSupport/",
    "iLEAPP scripts/artifacts/safariTabs.py safariTabsiCloud (**/Safari/CloudTabs.db, cloud_tabs joined to "
    "cloud_tab_devices on device_uuid)",
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


CLOUD_TABS_SQL = """SELECT t.rowid AS rowid, t.tab_uuid, t.device_uuid, t.title, t.url, t.is_pinned, t.is_showing_reader,
{scene_id}, {last_viewed_time}, d.device_name, {device_type_identifier}, {is_ephemeral_device},
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


@hookimpl
def register_parsers(register):
    register(SafariCloudTabsParser)
