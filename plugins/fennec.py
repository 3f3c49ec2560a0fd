"""Fennec, Firefox for Android before 2020 (release ``org.mozilla.firefox``, beta ``org.mozilla.firefox_beta``,
nightly/aurora ``org.mozilla.fennec*``): the per-profile ``browser.db`` of its native Java UI: visits, bookmarks,
search history, open tabs of this and the user's other Sync devices, Firefox Account devices.

Path: ``PerProfileDatabases.getDatabasePathForProfile`` opens ``new File(profileDir, "browser.db")`` in the
Gecko profile folder, ``files/mozilla/<salt>.default`` (``GeckoProfile``; ALEAPP ``firefoxPermissions.py`` globs
``*/org.mozilla.firefox/files/mozilla/*.default/`` for the same folder). Fenix,
which replaced Fennec in 2020 under the same package, keeps its own stores beside it (``files/places.sqlite``,
the profile's ``places.sqlite``: ``plugins/firefox_android.py``); only ``browser.db`` is read here, so the
parsers never claim the same file.

Schema: mozilla-central ``mobile/android/base/java/org/mozilla/gecko/db/BrowserDatabaseHelper.java``
(``DATABASE_VERSION = 39``, the last; read in the stored Firefox 68 tree ``Feodor2/Mypal68``) with the column
names of ``BrowserContract.java``; copied into ``artefacts/synthetic/ddl/fennec_browser.sql``.

* ``history`` (``_id``, ``title``, ``url``, ``visits``, ``date`` = last visit, ``created``, ``modified``,
  ``guid``, ``deleted``) and ``visits`` (``history_guid`` -> ``history.guid``, ``visit_type``, ``date``,
  ``is_local``: 1 browsed here, 0 came in from Sync, ``Visits.VISIT_IS_LOCAL``/``VISIT_IS_REMOTE``), there by
  version 33 at the latest (``createCombinedViewOn33`` reads it). Every visit is an event. Its type uses the
  Places visit types of ``nsINavHistoryService.idl`` (``artefacts.gecko.VISIT_TYPES``): application-services
  ``components/places/src/import/fennec/history.rs`` copies ``v.visit_type`` into Fenix's
  ``moz_historyvisits`` unchanged ("Fennec stores visit types maps 1:1 to ours").
* ``bookmarks`` (``type``: ``TYPE_FOLDER`` 0, ``TYPE_BOOKMARK`` 1, ``TYPE_SEPARATOR`` 2, ``TYPE_LIVEMARK`` 3,
  ``TYPE_QUERY`` 4; ``parent`` -> ``_id``, fixed ids: ``FIXED_PINNED_LIST_ID`` -3 the pinned top sites;
  ``keyword``, ``tags``, ``description``, ``created``, ``modified``, ``guid``, ``deleted``): every row of type
  1 is an event (folders and separators name no page); ``deleted`` rows are Sync's tombstones, kept and marked.
* ``searchhistory`` (``query`` unique, ``date`` of the last search, ``visits`` count;
  ``SearchHistoryProvider``): one ``search`` event per query.
* ``tabs`` (``client_guid`` NULL for this device's tabs, else -> ``clients.guid``; ``title``, ``url``,
  ``history`` JSON list of the tab's URLs, most recent first; ``last_used``; ``position``, 0 foreground) and
  ``clients`` (``name``, ``device_type``, ``last_modified``): each tab is a ``visit`` with ``extra.open_tab``
  and, for another device's tab, ``extra.remote_device``. ``LocalTabsAccessor`` never writes private tabs.
* ``remote_devices`` (the Firefox Account's devices: ``guid``, ``name``, ``type``, ``is_current_device``,
  ``created``, ``modified``, ``last_access_time``): one ``other`` event per device.

Units (``BrowserProvider.java`` where it makes a visit from a history insert: "Sync works in microseconds, so we
store visit timestamps in microseconds as well. History timestamps are in milliseconds"; promnesia
``FirefoxMobileLegacy`` reads ``visits.date`` as microseconds): ``visits.date`` **microseconds** since 1970; every
other time **milliseconds** since 1970 (``history.date``, ``bookmarks.created``/``modified``,
``searchhistory.date`` = ``System.currentTimeMillis()``, ``tabs.last_used`` = ``Tab.getLastUsed()``, Sync's
``TabsRecord`` dividing it by 1000 for the server's seconds, ``remote_devices`` "Timestamp - in milliseconds").
URLs are the events' ``body`` (the indicator scan reads them); titles stay data, never interpreted.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.gecko import BOOKMARK_ADDED, LAST_ACCESSED, VISIT, VISIT_TYPES, tab_history
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MICROSECONDS, UNIX_MILLISECONDS

__version__ = "1.0"

PACKAGES = ("org.mozilla.firefox", "org.mozilla.firefox_beta", "org.mozilla.fennec*")
#: BrowserDatabaseHelper.DATABASE_VERSION of the last Fennec
SCHEMA_VERSION = 39
#: BrowserContract.Bookmarks TYPE_*
BOOKMARK_TYPES = {0: "folder", 1: "bookmark", 2: "separator", 3: "livemark", 4: "query"}
TYPE_BOOKMARK = 1
#: BrowserContract.Bookmarks.FIXED_PINNED_LIST_ID (pinned top sites)
PINNED_PARENT = -3
SEARCHED = "Last Searched"


def _event(ctx, unit, raw, column: str, desc: str, kind: str, body, extra: dict, status=None) -> dict:
    """An event timed by ``raw`` (``unit``, 0 meaning "not set") of ``column``."""
    return {"timestamp": ctx.time(unit, raw, zero_is_null=True, column=column), "timestamp_raw": raw,
            "timestamp_desc": desc, "kind": kind, "body": body, "status": status, "extra": extra}


def _ms_extra(extra: dict, ctx, key: str, raw, column: str) -> None:
    """``extra[key]`` the ms time ``raw`` of ``column`` (None when 0/NULL), with its raw value beside it."""
    extra[key] = ctx.time(UNIX_MILLISECONDS, raw, zero_is_null=True, column=column)
    extra[key + "_raw"] = raw


def visit_to_event(row, ctx) -> dict:
    """A ``visits`` row joined to its ``history`` row (``date`` in µs)."""
    vtype = row["visit_type"]
    extra = {"visit_type": vtype, "visit_type_label": VISIT_TYPES.get(vtype, f"visit type {vtype}"),
             "is_local": row["is_local"], "history_guid": row["history_guid"], "history_id": row["history_id"],
             "title": row["title"], "visit_count": row["visit_count"]}
    if row["history_deleted"]:
        extra["history_deleted"] = True
    return _event(ctx, UNIX_MICROSECONDS, row["date"], "visits.date", VISIT, "visit", row["url"], extra,
                  extra["visit_type_label"])


def bookmark_to_event(row, ctx) -> dict | None:
    if row["type"] != TYPE_BOOKMARK:
        return None  # folders, separators, livemarks and queries name no page
    extra = {"title": row["title"], "guid": row["guid"], "parent": row["parent"], "position": row["position"],
             "type": row["type"], "type_label": BOOKMARK_TYPES[TYPE_BOOKMARK]}
    for key in ("keyword", "tags", "description"):
        if row[key]:
            extra[key] = row[key]
    if row["folder_title"] is not None:
        extra["folder"] = row["folder_title"]
    if row["parent"] == PINNED_PARENT:
        extra["pinned"] = True
    if row["deleted"]:
        extra["deleted_by_user"] = True  # a Sync tombstone: the app marks, not removes
    _ms_extra(extra, ctx, "modified", row["modified"], "bookmarks.modified")
    return _event(ctx, UNIX_MILLISECONDS, row["created"], "bookmarks.created", BOOKMARK_ADDED, "bookmark",
                  row["url"], extra)


def search_to_event(row, ctx) -> dict:
    return _event(ctx, UNIX_MILLISECONDS, row["date"], "searchhistory.date", SEARCHED, "search", row["query"],
                  {"search_count": row["visits"]})


def tab_to_event(row, ctx) -> dict:
    """A ``tabs`` row: this device's open tab (``client_guid`` NULL) or another Sync device's."""
    extra = {"open_tab": True, "title": row["title"], "position": row["position"]}
    if row["client_guid"] is not None:
        extra["remote_device"] = row["client_name"]
        extra["client_guid"] = row["client_guid"]
        extra["device_type"] = row["device_type"]
        _ms_extra(extra, ctx, "client_last_modified", row["client_last_modified"], "clients.last_modified")
    if row["history"] is not None:
        extra["tab_history_raw"] = row["history"]
        urls = tab_history(row["history"])
        if urls is not None:
            extra["tab_history"] = urls
    return _event(ctx, UNIX_MILLISECONDS, row["last_used"], "tabs.last_used", LAST_ACCESSED, "visit", row["url"],
                  extra, "open tab" if row["client_guid"] is None else "remote tab")


def device_to_event(row, ctx) -> dict:
    """A ``remote_devices`` row: a device of the user's Firefox Account."""
    extra = {"guid": row["guid"], "name": row["name"], "device_type": row["type"],
             "is_current_device": bool(row["is_current_device"])}
    _ms_extra(extra, ctx, "created", row["created"], "remote_devices.created")
    _ms_extra(extra, ctx, "modified", row["modified"], "remote_devices.modified")
    return _event(ctx, UNIX_MILLISECONDS, row["last_access_time"], "remote_devices.last_access_time", LAST_ACCESSED,
                  "other", f"Firefox Account device: {row['name']} ({row['type']})", extra)


VISIT_SQL = """SELECT v._id, v.history_guid, v.visit_type, v.date, v.is_local,
    h._id AS history_id, h.url, h.title, h.visits AS visit_count, h.deleted AS history_deleted
  FROM visits v LEFT JOIN history h ON h.guid = v.history_guid ORDER BY v._id"""
BOOKMARK_SQL = """SELECT b._id, b.type, b.url, b.title, b.parent, b.position, b.keyword, b.tags, b.description,
    b.created, b.modified, b.guid, b.deleted, f.title AS folder_title
  FROM bookmarks b LEFT JOIN bookmarks f ON f._id = b.parent ORDER BY b._id"""
SEARCH_SQL = "SELECT _id, query, date, visits FROM searchhistory ORDER BY _id"
TAB_SQL = """SELECT t._id, t.client_guid, t.title, t.url, t.history, t.last_used, t.position,
    c.name AS client_name, c.device_type, c.last_modified AS client_last_modified
  FROM tabs t LEFT JOIN clients c ON c.guid = t.client_guid ORDER BY t._id"""
DEVICE_SQL = """SELECT _id, guid, name, type, is_current_device, created, modified, last_access_time
  FROM remote_devices ORDER BY _id"""

#: the optional tables (added by later versions, or by the tabs provider): table -> (the tables and columns the
#: query reads, SQL, mapping)
OPTIONAL = {
    "searchhistory": ({"searchhistory": ("_id", "query", "date", "visits")}, SEARCH_SQL, search_to_event),
    "tabs": ({"tabs": ("_id", "client_guid", "title", "url", "history", "last_used", "position"),
              "clients": ("guid", "name", "device_type", "last_modified")}, TAB_SQL, tab_to_event),
    "remote_devices": ({"remote_devices": ("_id", "guid", "name", "type", "is_current_device", "created", "modified",
                                           "last_access_time")}, DEVICE_SQL, device_to_event),
}


class FennecBrowserParser(SQLiteParser):
    name = "fennec_browser"
    version = __version__
    app = "firefox"
    platform = "android"
    description = ("Fennec (Firefox for Android before 2020) browser.db: visits (µs) with visit type, bookmarks, "
                   "search history, open and other devices' tabs, Firefox Account devices")
    path_globs = tuple(f"**/{p}/files/mozilla/*/browser.db" for p in PACKAGES)
    required_tables = {
        "history": {"_id", "url", "title", "visits", "guid", "deleted"},
        "visits": {"_id", "history_guid", "visit_type", "date", "is_local"},
        "bookmarks": {"_id", "type", "url", "title", "parent", "position", "keyword", "tags", "description",
                      "created", "modified", "guid", "deleted"},
    }
    time_units = {
        "visits.date": UNIX_MICROSECONDS,
        "bookmarks.created": UNIX_MILLISECONDS,
        "bookmarks.modified": UNIX_MILLISECONDS,
        "searchhistory.date": UNIX_MILLISECONDS,
        "tabs.last_used": UNIX_MILLISECONDS,
        "clients.last_modified": UNIX_MILLISECONDS,
        "remote_devices.created": UNIX_MILLISECONDS,
        "remote_devices.modified": UNIX_MILLISECONDS,
        "remote_devices.last_access_time": UNIX_MILLISECONDS,
    }
    references = (
        "mozilla-central mobile/android/base/java/org/mozilla/gecko/db/BrowserDatabaseHelper.java (version 39: "
        "CREATE TABLE of bookmarks, history, visits, remote_devices, clients, tabs, searchhistory)",
        "mozilla-central mobile/android/base/java/org/mozilla/gecko/db/BrowserContract.java (columns, bookmark "
        "types, fixed folder ids, Visits.VISIT_IS_LOCAL)",
        "mozilla-central mobile/android/base/java/org/mozilla/gecko/db/BrowserProvider.java (visits in µs, "
        "history in ms), SearchHistoryProvider.java (searchhistory.date in ms), PerProfileDatabases.java "
        "(browser.db in the profile folder)",
        "mozilla/application-services components/places/src/import/fennec/history.rs and bookmarks.rs (visit "
        "types 1:1 with Places, bookmark types 0/1/2, schema from version 34)",
        "karlicoss/promnesia FirefoxMobileLegacy (visits joined to history by GUID, visits.date µs)",
        "ALEAPP scripts/artifacts/firefoxPermissions.py (the profile folder files/mozilla/*.default)",
    )

    def parse(self, ctx):
        version = ctx.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            ctx.warn_file(f"browser.db schema version {version} is newer than the last known ({SCHEMA_VERSION}); "
                          "read with the columns it has")
        yield from ctx.map_rows(VISIT_SQL, visit_to_event, table="visits", id_column="_id")
        yield from ctx.map_rows(BOOKMARK_SQL, bookmark_to_event, table="bookmarks", id_column="_id")
        for table, (needs, sql, mapping) in OPTIONAL.items():
            if all(ctx.has_columns(t, *cols) for t, cols in needs.items()):
                yield from ctx.map_rows(sql, mapping, table=table, id_column="_id")


@hookimpl
def register_parsers(register):
    register(FennecBrowserParser)
