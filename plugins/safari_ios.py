"""Safari on iOS: ``Library/Safari/History.db`` (visits, cleared-history tombstones), ``BrowserState.db``
(open tabs) and ``Bookmarks.db`` (bookmarks and the reading list's pages).

Paths (iLEAPP ``safariHistory.py``: ``**/Safari/History.db``; mvt ``safari_history``: a named Safari profile
keeps its own ``Library/Safari/Profiles/<UUID>/History.db`` (iOS 17); ``safariTabs.py``: ``**/Safari/BrowserState.db``;
``safariBookmarks.py``: ``**/Safari/Bookmarks.db``). Schemas, with their sources
(``artefacts/synthetic/ddl/safari_ios.sql`` holds them):

* ``History.db``, Apple's ``SafariShared.framework`` ``WBSHistorySQLiteSchema`` (the CREATE TABLE strings of a
  fresh database, ``PRAGMA user_version`` 16, decompiled from iOS 26.1): ``history_items`` (``id``, ``url``,
  ``domain_expansion``, ``visit_count``, daily/weekly visit-count blobs, ``status_code`` ...);
  ``history_visits`` (``id``, ``history_item`` -> ``history_items.id``, ``visit_time``, ``title``,
  ``load_successful``, ``http_non_get``, ``synthesized``, ``redirect_source`` / ``redirect_destination`` (the
  visits a redirect came from and went to), ``origin`` (added by ``_migrateToSchemaVersion_2``; iLEAPP: 0 this
  device, 1 an iCloud-synced device), ``generation``, ``attributes``, ``score``); ``history_tombstones``
  (``start_time``, ``end_time``, ``url``, ``generation``: history the user deleted, a URL or, without one,
  every visit between the two times, kept so that iCloud devices delete it too).
* ``BrowserState.db``, MobileSafari's ``SFBrowserStateSQLiteStore``: ``tabs`` (``uuid``, ``title``, ``url``,
  ``user_visible_url``, ``order_index``, ``last_viewed_time``, ``opened_from_link``, ``private_browsing``,
  ``browser_window_uuid``, ``tab_group_uuid``, ``profile_uuid`` ...), ``browser_windows``.
* ``Bookmarks.db``, the WebBookmarks collection's ``bookmarks`` table (``id``, ``parent``, ``type``, ``title``,
  ``url``, ``hidden``, ``deleted``, ``last_modified``, ``external_uuid`` ...); iLEAPP reads ``title``, ``url``,
  ``hidden``. Rows without a URL are folders: they are not events, they name a bookmark's folder.

Times are seconds since 2001-01-01 UTC (Cocoa) stored as REAL: ``visit_time``, ``start_time``, ``end_time``,
``last_viewed_time``, ``last_modified`` (iLEAPP adds 978307200); sub-second digits are kept (µs).

Events: a ``visit`` per ``history_visits`` row (``body`` the URL, redirect source and destination URLs,
origin, load failure, synthesized visits in ``extra``), an ``other`` event per tombstone (``deleted`` true:
history the user cleared, timed by the start of the cleared range, end in ``extra``), a ``visit`` with
``extra.open_tab`` per open tab (``status`` ``private`` for a private tab), a ``bookmark`` per bookmark.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import MODIFIED, NOT_A_TIME, put_present
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

VISITED = "Page Visited"
CLEARED = "History Cleared From"
LAST_VIEWED = "Last Viewed Time"
#: iLEAPP safariHistory.py: CASE history_visits.origin WHEN 0 THEN 'Local Device' WHEN 1 THEN 'iCloud Synced Device'
ORIGINS = {0: "this_device", 1: "icloud_synced_device"}
REFERENCES = (
    "Apple SafariShared.framework WBSHistorySQLiteSchema (CREATE TABLE history_items, history_visits, "
    "history_tombstones; user_version 16; origin column of schema 2), decompiled from iOS 26.1 in "
    "EthanArbuckle/iPhone18-3_26.1_23B85_Restore .../SafariShared.framework/SafariShared/WBSHistorySQLiteSchema.mm",
    "MobileSafari SFBrowserStateSQLiteStore CREATE TABLE tabs / browser_windows / tab_sessions (framework strings)",
    "iLEAPP scripts/artifacts/safariHistory.py (path, Cocoa + 978307200, origin 0 local / 1 iCloud, redirects), "
    "safariTabs.py (BrowserState.db tabs, last_viewed_time), safariBookmarks.py (Bookmarks.db title, url, hidden)",
)


def _cocoa(ctx, raw, column: str):
    return ctx.time(COCOA_SECONDS, raw, zero_is_null=True, column=column) if raw is not None else None


def _put(extra: dict, key: str, value) -> None:
    put_present(extra, key, value)


def visit_to_event(row, ctx) -> dict:
    """A ``history_visits`` row with its item's URL and the URLs of its redirect source and destination."""
    origin = row["origin"]
    extra = {"visit_id": row["id"], "history_item": row["history_item"], "visit_count": row["visit_count"],
             "load_successful": bool(row["load_successful"]), "origin": origin,
             "origin_label": ORIGINS.get(origin, f"origin {origin}") if origin is not None else None}
    _put(extra, "title", row["title"])
    for key in ("http_non_get", "synthesized"):
        if row[key]:
            extra[key] = True
    _put(extra, "redirect_source_url", row["redirect_source_url"])
    _put(extra, "redirect_destination_url", row["redirect_destination_url"])
    return {
        "timestamp": _cocoa(ctx, row["visit_time"], "history_visits.visit_time"),
        "timestamp_raw": row["visit_time"],
        "timestamp_desc": VISITED,
        "kind": "visit",
        "body": row["url"],
        "status": "loaded" if row["load_successful"] else "failed",
        "extra": extra,
    }


def tombstone_to_event(row, ctx) -> dict:
    """A ``history_tombstones`` row: history the user deleted (a URL, or everything in a time range)."""
    extra = {"start_time": _cocoa(ctx, row["start_time"], "history_tombstones.start_time"),
             "start_time_raw": row["start_time"],
             "end_time": _cocoa(ctx, row["end_time"], "history_tombstones.end_time"),
             "end_time_raw": row["end_time"], "generation": row["generation"]}
    what = row["url"] or "all history"
    return {
        "timestamp": extra["start_time"],
        "timestamp_raw": row["start_time"],
        "timestamp_desc": CLEARED if extra["start_time"] else NOT_A_TIME,
        "kind": "other",
        "body": f"history deleted: {what} ({extra['start_time'] or row['start_time']} to "
                f"{extra['end_time'] or row['end_time']})",
        "deleted": True,
        "extra": {**extra, **({"url": row["url"]} if row["url"] else {})},
    }


def tab_to_event(row, ctx) -> dict:
    """A ``tabs`` row of ``BrowserState.db``: a tab open when the extraction was made."""
    extra = {"open_tab": True, "title": row["title"], "tab_uuid": row["uuid"], "order_index": row["order_index"],
             "private_browsing": bool(row["private_browsing"]), "opened_from_link": bool(row["opened_from_link"]),
             "browser_window_uuid": row["browser_window_uuid"]}
    _put(extra, "user_visible_url", row["user_visible_url"] if row["user_visible_url"] != row["url"] else None)
    _put(extra, "tab_group_uuid", row["tab_group_uuid"])
    _put(extra, "profile_uuid", row["profile_uuid"])
    when = _cocoa(ctx, row["last_viewed_time"], "tabs.last_viewed_time")
    return {
        "timestamp": when,
        "timestamp_raw": row["last_viewed_time"],
        "timestamp_desc": LAST_VIEWED if when else NOT_A_TIME,
        "kind": "visit",
        "body": row["url"],
        "status": "private" if row["private_browsing"] else "open",
        "extra": extra,
    }


def bookmark_to_event(row, ctx) -> dict | None:
    """A ``bookmarks`` row with a URL (folders are not events); its folder's title."""
    if not row["url"]:
        return None
    extra = {"title": row["title"], "bookmark_id": row["id"], "parent": row["parent"], "hidden": bool(row["hidden"])}
    _put(extra, "folder", row["folder"])
    _put(extra, "external_uuid", row["external_uuid"])
    when = _cocoa(ctx, row["last_modified"], "bookmarks.last_modified")
    return {
        "timestamp": when,
        "timestamp_raw": row["last_modified"],
        "timestamp_desc": MODIFIED if when else NOT_A_TIME,
        "kind": "bookmark",
        "body": row["url"],
        "deleted": bool(row["deleted"]),
        "extra": extra,
    }


class _SafariStore(SQLiteParser):
    version = __version__
    app = "safari"
    platform = "ios"
    references = REFERENCES


VISITS_SQL = """
SELECT v.id, v.history_item, v.visit_time, v.title, v.load_successful, {http_non_get} AS http_non_get,
       {synthesized} AS synthesized, {origin} AS origin, i.url, i.visit_count,
       si.url AS redirect_source_url, di.url AS redirect_destination_url
FROM history_visits v
LEFT JOIN history_items i ON i.id = v.history_item
LEFT JOIN history_visits sv ON sv.id = v.redirect_source LEFT JOIN history_items si ON si.id = sv.history_item
LEFT JOIN history_visits dv ON dv.id = v.redirect_destination LEFT JOIN history_items di ON di.id = dv.history_item
ORDER BY v.id
"""


class SafariHistoryParser(_SafariStore):
    name = "safari_history"
    description = "Safari (iOS) History.db: every visit with redirects and iCloud origin; cleared-history tombstones"
    path_globs = ("**/Safari/History.db", "**/Safari/Profiles/*/History.db")
    required_tables = {"history_items": {"id", "url", "visit_count"},
                       "history_visits": {"id", "history_item", "visit_time", "title", "load_successful",
                                          "redirect_source", "redirect_destination"}}
    time_units = {"history_visits.visit_time": COCOA_SECONDS, "history_tombstones.start_time": COCOA_SECONDS,
                  "history_tombstones.end_time": COCOA_SECONDS}

    def parse(self, ctx):
        optional = {c: (f"v.{c}" if ctx.has_columns("history_visits", c) else "NULL")
                    for c in ("http_non_get", "synthesized", "origin")}
        yield from ctx.map_rows(VISITS_SQL.format(**optional), visit_to_event, table="history_visits", id_column="id")
        if ctx.has_columns("history_tombstones", "id", "start_time", "end_time", "url"):
            yield from ctx.map_table("history_tombstones", tombstone_to_event, id_column="id",
                                     columns=("id", "start_time", "end_time", "url"), optional=("generation",))


class SafariTabsParser(_SafariStore):
    name = "safari_tabs"
    description = "Safari (iOS) BrowserState.db: the open tabs (private ones marked) with their last viewed time"
    path_globs = ("**/Safari/BrowserState.db", "**/Safari/Profiles/*/BrowserState.db")
    required_tables = {"tabs": {"id", "uuid", "title", "url", "order_index", "last_viewed_time", "private_browsing"}}
    time_units = {"tabs.last_viewed_time": COCOA_SECONDS}

    def parse(self, ctx):
        yield from ctx.map_table("tabs", tab_to_event, id_column="id",
                                 columns=("id", "uuid", "title", "url", "order_index", "last_viewed_time",
                                          "private_browsing"),
                                 optional=("user_visible_url", "opened_from_link", "browser_window_uuid",
                                           "tab_group_uuid", "profile_uuid"))


class SafariBookmarksParser(_SafariStore):
    name = "safari_bookmarks"
    description = "Safari (iOS) Bookmarks.db: bookmarks with their folder, hidden and deleted state"
    path_globs = ("**/Safari/Bookmarks.db",)
    required_tables = {"bookmarks": {"id", "parent", "title", "url", "hidden"}}
    time_units = {"bookmarks.last_modified": COCOA_SECONDS}

    def parse(self, ctx):
        cols = ", ".join(ctx.column_or_null("bookmarks", c, prefix="b") for c in ("last_modified", "deleted",
                                                                                  "external_uuid"))
        yield from ctx.map_rows(f"SELECT b.id, b.parent, b.title, b.url, b.hidden, {cols}, f.title AS folder "
                                "FROM bookmarks b LEFT JOIN bookmarks f ON f.id = b.parent ORDER BY b.id",
                                bookmark_to_event, table="bookmarks", id_column="id")


@hookimpl
def register_parsers(register):
    register(SafariHistoryParser)
    register(SafariTabsParser)
    register(SafariBookmarksParser)
