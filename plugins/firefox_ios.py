"""Firefox for iOS (``org.mozilla.ios.Firefox``): the visits, bookmarks and tabs of its own ``browser.db``.

Path: the app keeps its profile in its shared App Group container, in a folder ``profile.<local name>``
(firefox-ios ``ProfileFileAccessor`` in ``Profile.swift``: ``"profile.\\(profile.localName())"``, in the
container of ``containerURLForSecurityApplicationGroupIdentifier``; the profile's local name is ``profile``, as mvt's
path below shows), so ``.../Containers/Shared/AppGroup/<UUID>/profile.profile/browser.db``; mvt's
``ios/modules/mixed/firefox_history.py`` looks for ``private/var/mobile/profile.profile/browser.db`` (backup id
``2e57c396a35b0d1bcbc624725002d98bd61d142b``). Schema: mozilla-mobile/firefox-ios
``Storage/SQL/BrowserSchema.swift`` (version 39, copied into ``artefacts/synthetic/ddl/firefox_ios.sql``):

* ``history`` (``id``, ``guid``, ``url``, ``title``, ``server_modified`` / ``local_modified`` ms, ``is_deleted``:
  "Locally deleted", the URL then may be NULL) and ``visits`` (``siteID`` -> ``history.id``, ``date``
  "Microseconds since epoch" stored as REAL, ``type``, ``is_local``: "Some visits are local. Some are remote
  ('mirrored')", that is synced from the user's other Firefox devices). mvt reads the same join
  (``visits.date/1000000``, ``is_local``, ``type``).
* Visit types: firefox-ios ``Storage/Visit.swift`` ``VisitType``, "taken from the Places docs"
  (``nsINavHistoryService.idl``): 0 unknown, 1 link, 2 typed, 3 bookmark, 4 embed, 5 permanent redirect,
  6 temporary redirect, 7 download, 8 framed link; the labels are ``artefacts.gecko.VISIT_TYPES``.
* Bookmarks in three tables of one layout (``getBookmarksTableCreationStringForTable``): ``bookmarksLocal``
  (made on this device; ``local_modified`` ms, ``sync_status``), ``bookmarksMirror`` (the last state agreed with
  Firefox Sync; ``server_modified`` ms) and ``bookmarksBuffer`` (records downloaded from Sync not yet merged);
  columns ``guid``, ``type``, ``date_added`` (ms: ``prepopulateRootFolders`` writes ``Date.nowNumber()``,
  milliseconds in ``Shared/DateExtensions.swift``), ``is_deleted``, ``parentid``, ``parentName``, ``title``,
  ``bmkUri``, ``tags``, ``keyword``. Rows without ``bmkUri`` are folders and separators (type 2 is "folder"
  there): not events.
* Tabs: ``clients`` (the user's Sync devices: ``guid``, ``name``, ``modified`` ms, ``type``, ``os``) and ``tabs``
  (``client_guid`` -> ``clients.guid``, NULL for this device's own tabs; ``url``, ``title``, ``history`` (JSON list
  of the tab's earlier URLs), ``last_used`` ms: ``Storage/SQL/SQLiteRemoteClientsAndTabs.swift`` reads
  ``last_used`` and ``modified`` as ``Timestamp``, the app's millisecond type).

Events: a ``visit`` per ``visits`` row (``status`` the visit type's label; ``extra.is_local`` false for a visit
synced from another device; ``deleted`` when its history row is marked deleted), a ``bookmark`` per bookmark row
of each table (``extra.store`` says which; ``deleted`` from ``is_deleted``), a ``visit`` with ``extra.open_tab``
per tab (``extra.remote_device`` names the device of a synced tab).

Newer releases keep history and bookmarks in Mozilla's application-services "places" store beside it:
firefox-ios ``BrowserProfile`` (``Profile.swift``) opens ``RustPlaces(databasePath: placesDbPath)`` with
``placesDbPath`` = the profile directory + ``places.db`` (and ``migrateHistoryToPlaces`` moves ``browser.db``'s
history there). It is the schema Fenix uses (``create_shared_schema.sql``, times in ms), read by the shared Gecko
reader's class for it (``artefacts.gecko.FenixPlacesParser``), as Firefox for Android's ``places.sqlite`` is.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME
from artefacts.gecko import BOOKMARK_ADDED, VISIT, VISIT_TYPES, FenixPlacesParser, tab_history
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MICROSECONDS, UNIX_MILLISECONDS

__version__ = "1.0"

LAST_USED = "Last Used Time"
#: firefox-ios Storage/Visit.swift VisitType: 0 unknown, then nsINavHistoryService's TRANSITION_* 1-8
IOS_VISIT_TYPES = {0: "unknown", **{k: v for k, v in VISIT_TYPES.items() if k <= 8}}
#: the three bookmark tables (BrowserSchema.swift) and what each holds
BOOKMARK_STORES = {"bookmarksLocal": "local", "bookmarksMirror": "sync_mirror", "bookmarksBuffer": "sync_buffer"}
#: at most this many earlier URLs of a tab's ``history`` JSON are kept (attacker-controlled size)
PROFILE_REFERENCE = ("mozilla-mobile/firefox-ios Profile.swift BrowserProfile (browser.db and places.db in the profile "
                     "directory; RustPlaces(databasePath: placesDbPath))")
REFERENCES = (
    "mozilla-mobile/firefox-ios Storage/SQL/BrowserSchema.swift (version 39: history, visits 'Microseconds since "
    "epoch', bookmarksLocal/Mirror/Buffer, clients, tabs)",
    "mozilla-mobile/firefox-ios Storage/Visit.swift (VisitType from nsINavHistoryService.idl), "
    "Shared/DateExtensions.swift (Timestamp ms), Storage/SQL/SQLiteRemoteClientsAndTabs.swift (tabs, clients)",
    PROFILE_REFERENCE,
    "mvt-project/mvt mvt/ios/modules/mixed/firefox_history.py (profile.profile/browser.db, visits joined to history)",
)


def _ms(ctx, raw, column: str):
    return ctx.time(UNIX_MILLISECONDS, raw, zero_is_null=True, column=column)


def _timed(when, raw, desc: str) -> dict:
    """The time fields of an event whose time may be unset (0 or NULL)."""
    return {"timestamp": when, "timestamp_raw": raw, "timestamp_desc": desc if when else NOT_A_TIME}


def visit_to_event(row, ctx) -> dict:
    """A ``visits`` row joined to its ``history`` row."""
    vtype = row["type"]
    label = IOS_VISIT_TYPES.get(vtype, f"visit type {vtype}")
    extra = {"visit_type": vtype, "visit_type_label": label, "is_local": bool(row["is_local"]),
             "history_id": row["siteID"], "guid": row["guid"]}
    if row["title"]:
        extra["title"] = row["title"]
    return {
        "timestamp": ctx.time(UNIX_MICROSECONDS, row["date"], column="visits.date"),
        "timestamp_raw": row["date"],
        "timestamp_desc": VISIT,
        "kind": "visit",
        "body": row["url"],
        "status": label,
        "deleted": bool(row["is_deleted"]),
        "extra": extra,
    }


def bookmark_to_event(row, ctx) -> dict | None:
    """A row of ``bookmarksLocal`` / ``bookmarksMirror`` / ``bookmarksBuffer`` with a URL (``store`` names it)."""
    if not row["bmkUri"]:
        return None  # folders and separators
    table = row["store"]
    extra = {"store": BOOKMARK_STORES[table], "title": row["title"], "guid": row["guid"], "type": row["type"],
             "parent_guid": row["parentid"]}
    for key, column in (("folder", "parentName"), ("keyword", "keyword"), ("tags", "tags")):
        if row[column]:
            extra[key] = row[column]
    for column in ("local_modified", "server_modified"):
        if row[column] is not None:
            extra[column] = _ms(ctx, row[column], f"{table}.{column}")
            extra[f"{column}_raw"] = row[column]
    return {
        **_timed(_ms(ctx, row["date_added"], f"{table}.date_added"), row["date_added"], BOOKMARK_ADDED),
        "kind": "bookmark",
        "body": row["bmkUri"],
        "deleted": bool(row["is_deleted"]),
        "extra": extra,
    }


def tab_to_event(row, ctx) -> dict:
    """A ``tabs`` row: one of this device's tabs (no ``client_guid``) or a synced device's (``clients`` joined)."""
    extra = {"open_tab": True, "tab_id": row["id"]}
    if row["title"]:
        extra["title"] = row["title"]
    if row["client_guid"]:
        extra.update(remote_device=row["client_name"], client_guid=row["client_guid"])
        for key in ("client_type", "client_os"):
            if row[key]:
                extra[key] = row[key]
        if row["client_modified"] is not None:
            extra["client_modified"] = _ms(ctx, row["client_modified"], "clients.modified")
            extra["client_modified_raw"] = row["client_modified"]
    earlier = tab_history(row["history"])
    if earlier:
        extra["tab_history"] = earlier
    return {
        **_timed(_ms(ctx, row["last_used"], "tabs.last_used"), row["last_used"], LAST_USED),
        "kind": "visit",
        "body": row["url"],
        "status": "remote" if row["client_guid"] else "open",
        "extra": extra,
    }


VISITS_SQL = """SELECT v.id, v.siteID, v.date, v.type, v.is_local, h.url, h.title, h.guid, h.is_deleted
FROM visits v LEFT JOIN history h ON h.id = v.siteID ORDER BY v.id"""
BOOKMARKS_SQL = """SELECT '{table}' AS store, id, guid, type, date_added, is_deleted, parentid, parentName, title,
bmkUri, tags, keyword, {local_modified}, {server_modified} FROM {table} ORDER BY id"""
TABS_SQL = """SELECT t.id, t.client_guid, t.url, t.title, t.history, t.last_used, c.name AS client_name,
c.type AS client_type, c.os AS client_os, c.modified AS client_modified
FROM tabs t LEFT JOIN clients c ON c.guid = t.client_guid ORDER BY t.id"""
BOOKMARK_COLUMNS = {"id", "guid", "type", "date_added", "is_deleted", "parentid", "parentName", "title", "bmkUri",
                    "tags", "keyword"}
TAB_COLUMNS = {"id", "client_guid", "url", "title", "history", "last_used"}


class _FirefoxIOS:
    """What every Firefox for iOS parser shares: version, app and platform."""

    version = __version__
    app = "firefox"
    platform = "ios"


class FirefoxIOSBrowserParser(_FirefoxIOS, SQLiteParser):
    name = "firefox_ios"
    description = ("Firefox for iOS browser.db: visits (type, synced or local), bookmarks (local, Sync mirror and "
                   "buffer), this device's and synced devices' tabs")
    references = REFERENCES
    path_globs = ("**/profile.profile/browser.db",)
    required_tables = {"history": {"id", "guid", "url", "title", "is_deleted"},
                       "visits": {"id", "siteID", "date", "type", "is_local"}}
    time_units = {"visits.date": UNIX_MICROSECONDS,
                  **{f"{t}.{c}": UNIX_MILLISECONDS for t in BOOKMARK_STORES
                     for c in ("date_added", "local_modified", "server_modified")},
                  "tabs.last_used": UNIX_MILLISECONDS, "clients.modified": UNIX_MILLISECONDS}

    def parse(self, ctx):
        yield from ctx.map_rows(VISITS_SQL, visit_to_event, table="visits", id_column="id")
        for table in BOOKMARK_STORES:
            if ctx.has_columns(table, *BOOKMARK_COLUMNS):
                sql = BOOKMARKS_SQL.format(table=table, **{c: ctx.column_or_null(table, c)
                                                           for c in ("local_modified", "server_modified")})
                yield from ctx.map_rows(sql, bookmark_to_event, table=table, id_column="id")
        if ctx.has_columns("tabs", *TAB_COLUMNS) and ctx.has_columns("clients", "guid", "name", "modified"):
            yield from ctx.map_rows(TABS_SQL, tab_to_event, table="tabs", id_column="id")


class FirefoxIOSPlacesParser(_FirefoxIOS, FenixPlacesParser):
    name = "firefox_ios_places"
    description = "Firefox for iOS places.db: application-services places (visits, bookmarks; ms), as Fenix's"
    path_globs = ("**/profile.profile/places.db",)
    references = (PROFILE_REFERENCE, *FenixPlacesParser.references)


@hookimpl
def register_parsers(register):
    register(FirefoxIOSBrowserParser)
    register(FirefoxIOSPlacesParser)
