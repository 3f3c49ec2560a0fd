"""DuckDuckGo privacy browser for Android (``com.duckduckgo.mobile.android``): history, searches, open tabs,
bookmarks, favorites and fireproofed sites.

Paths (ALEAPP ``scripts/artifacts/DuckDuckGo.py``, formerly ``DuckDuckGo_History.py``, ``DuckDuckGo_Bookmarks.py``,
``DuckDuckGo_Favorites.py``, ``DuckDuckGo_OpenTabs.py``): ``<package>/databases/history.db`` and
``<package>/databases/app.db``; tab previews under ``<package>/cache/tabPreviews/<tabId>/<ms>.jpg``.

Tables and columns (the app's own Room schemas, duckduckgo/Android):

* ``history.db`` (``history/history-impl/schemas/com.duckduckgo.history.impl.store.HistoryDatabase/4.json``,
  entities in ``HistoryEntryEntity.kt``): ``history_entries`` (``id``, ``url`` unique, ``title``, ``query`` the
  search terms of a search results page, ``isSerp`` 1 for a DuckDuckGo search results page, ``description``,
  ``h1``) and ``visits_list`` (``historyEntryId`` -> ``history_entries.id``, ``timestamp``, ``tabId``): one row per
  visit (``HistoryDao.updateOrInsertVisit``). Clearing history deletes the rows (``HistoryDao.deleteAll``);
  entries older than the retention are deleted by ``deleteEntriesOlderThan``.
* ``app.db`` (``app/schemas/com.duckduckgo.app.global.db.AppDatabase/65.json``): ``tabs`` (``tabId``, ``url``,
  ``title``, ``skipHome``, ``viewed``, ``position``, ``tabPreviewFile``, ``sourceTabId`` the tab it was opened
  from, ``deletable`` a tab closed but still undoable, ``lastAccessTime``), ``tab_selection`` (``tabId`` of the
  tab on screen); the saved sites of the sync-era store (``saved-sites-store`` ``RoomEntities.kt``):
  ``entities`` (``entityId``, ``title``, ``url``, ``type`` ``BOOKMARK`` or ``FOLDER``, ``lastModified``,
  ``deleted`` 1 for a deletion not yet synced) and ``relations`` (``folderId``, ``entityId``: an entity in a
  folder; ``SavedSitesNames``: ``bookmarks_root``, and the favorites folders ``favorites_root``,
  ``mobile_favorites_root``, ``desktop_favorites_root``: a favorite is a bookmark related to one of them too);
  the legacy ``bookmarks`` (``id``, ``title``, ``url``, ``parentId``), ``bookmark_folders`` (``id``, ``name``,
  ``parentId``) and ``favorites`` (``id``, ``title``, ``url``, ``position``) of versions before the saved-sites
  store (still declared in version 65); ``fireproofWebsites`` (``domain``: sites whose cookies the Fire button
  keeps, ALEAPP ``duckduckgo_fireproof``).

Times (the app's source):

* ``visits_list.timestamp`` and ``tabs.lastAccessTime`` are text ``yyyy-MM-dd'T'HH:mm:ss`` of a
  ``java.time.LocalDateTime`` (``LocalDateTime.now()`` in ``HistoryRepository.saveToHistory``; the tabs'
  ``LocalDateTimeTypeConverter``; ``DatabaseDateFormatter.timestamp``): the phone's local wall-clock time, to the
  second, no zone stored. With ``--timezone ZONE`` they are converted to UTC; without it each file gives one
  warning, the event's ``timestamp`` is null and the local time is kept in ``extra.local_time``
  (ALEAPP shows them "as recorded" for the same reason).
* ``entities.lastModified`` is ``DatabaseDateFormatter.iso8601()``: ``OffsetDateTime.now(ZoneOffset.UTC)``
  written with ``DateTimeFormatter.ISO_INSTANT`` (``2020-12-25T13:14:15.000000016Z``: 0 to 9 fraction digits),
  read to the microsecond (nanoseconds kept in ``timestamp_raw``).
* ``tabs.tabPreviewFile`` is ``"<System.currentTimeMillis()>.jpg"`` (``FileBasedWebViewPreviewPersister``): when
  the tab's preview was captured, milliseconds since 1970 UTC.

Events: a ``visit`` per ``visits_list`` row (``body`` the URL; ``title``, tab id in ``extra``), a ``search`` for a
visit of a DuckDuckGo results page (``isSerp`` 1; the terms in ``extra.term``); a ``visit`` with
``extra.open_tab`` per ``tabs`` row, timed by its last access (or, without one or without ``--timezone``, by
its preview capture; ``status`` ``selected`` for the tab on screen, ``closed_undoable`` for a deletable one);
a ``bookmark`` per ``BOOKMARK`` entity (folder path, favorite folders and ``deleted`` from the row) and per
legacy ``bookmarks`` / ``favorites`` row (no time stored); an ``other`` event per fireproofed domain (no time).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from artefacts import hookimpl
from artefacts.events import MODIFIED, NOT_A_TIME
from artefacts.parser import SQLiteParser
from artefacts.plugins.chromium import _put
from artefacts.plugins.whatsapp_export import utc_iso
from artefacts.timeconv import UNIX_MICROSECONDS, UNIX_MILLISECONDS

__version__ = "1.0"

APP = "duckduckgo"
BROWSER = "DuckDuckGo"
PACKAGE = "com.duckduckgo.mobile.android"
VISITED = "Page Visited"
SEARCHED = "Search Results Page Visited"
TAB_ACCESSED = "Tab Last Accessed"
PREVIEW_CAPTURED = "Tab Preview Captured"

#: saved-sites SavedSitesNames: the favorites folders (bookmarks_root is the bookmarks tree)
FAVORITE_ROOTS = {"favorites_root": "favorites", "mobile_favorites_root": "mobile_favorites",
                  "desktop_favorites_root": "desktop_favorites"}
#: folder nesting followed when a bookmark's folder path is built (attacker-shaped parent links)
MAX_FOLDER_DEPTH = 64
#: folders read into memory per file (a real store holds a few dozen)
MAX_FOLDERS = 100_000

#: DatabaseDateFormatter.timestamp ("yyyy-MM-dd'T'HH:mm:ss"); LocalDateTime.parse also reads a fraction
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?")
#: DateTimeFormatter.ISO_INSTANT
_INSTANT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z")
_PREVIEW = re.compile(r"(\d{1,15})\.jpg")
_EPOCH = datetime(1970, 1, 1)

#: sources of both parsers' shared facts (times written by DatabaseDateFormatter; paths)
COMMON_REFERENCES = (
    "duckduckgo/Android common utils formatters/time/DatabaseDateFormatter.kt (timestamp: yyyy-MM-dd'T'HH:mm:ss of a "
    "LocalDateTime; iso8601: OffsetDateTime UTC with ISO_INSTANT)",
    "ALEAPP scripts/artifacts/DuckDuckGo.py (history.db, app.db paths; history, bookmarks, favorites, open tabs, "
    "fireproof sites queries)",
)
HISTORY_REFERENCES = (
    "duckduckgo/Android history/history-impl/schemas/com.duckduckgo.history.impl.store.HistoryDatabase/4.json, "
    "store/HistoryEntryEntity.kt, store/HistoryDao.kt, HistoryRepository.kt (LocalDateTime.now() per visit)",
    *COMMON_REFERENCES,
)
APP_REFERENCES = (
    "duckduckgo/Android app/schemas/com.duckduckgo.app.global.db.AppDatabase/65.json (tabs, tab_selection, "
    "entities, relations, bookmarks, favorites, bookmark_folders, fireproofWebsites)",
    "duckduckgo/Android app/src/main/java/com/duckduckgo/app/tabs/model/TabEntitiy.kt (LocalDateTimeTypeConverter), "
    "browser/tabpreview FileBasedWebViewPreviewPersister (cache/tabPreviews/<tabId>/<currentTimeMillis>.jpg)",
    "duckduckgo/Android saved-sites-store RoomEntities.kt (Entity.lastModified = DatabaseDateFormatter.iso8601()), "
    "saved-sites-api SavedSitesNames (bookmarks_root, favorites_root, mobile_/desktop_favorites_root)",
    *COMMON_REFERENCES,
)


# -- times ---------------------------------------------------------------------------------------------
def _read_time(pattern: re.Pattern, raw) -> datetime | None:
    """The naive date and time of a text matching ``pattern`` (microseconds of a fraction of up to 9 digits),
    or None when it is not one."""
    m = pattern.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if not m:
        return None
    y, mo, d, h, mi, s, frac = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), int((frac or "0").ljust(9, "0")) // 1000)
    except ValueError:
        return None


def local_time(raw) -> datetime | None:
    """The naive local time of a ``DatabaseDateFormatter.timestamp`` text, or None when it is not one."""
    return _read_time(_LOCAL, raw)


def instant_us(raw) -> int | None:
    """Microseconds since 1970 of an ``ISO_INSTANT`` text (nanoseconds floored), or None when it is not one."""
    dt = _read_time(_INSTANT, raw)
    return None if dt is None else (dt - _EPOCH) // timedelta(microseconds=1)


def _local_to_utc(ctx, raw, column: str, extra: dict) -> str | None:
    """A local wall-clock text: ``extra.local_time``, and its UTC time when ``--timezone`` names the zone."""
    if raw in (None, ""):
        return None
    local = local_time(raw)
    if local is None:
        ctx.warn(f"{column} is not a yyyy-MM-ddTHH:mm:ss local time: {str(raw)[:40]!r}")
        return None
    extra["local_time"] = local.isoformat()
    if not ctx.timezone:
        return None
    extra["timezone"] = ctx.timezone
    return utc_iso(local, ctx.timezone)


def _base(extra: dict) -> dict:
    extra["browser"] = BROWSER
    extra["package"] = PACKAGE
    return {"app": APP, "platform": "android"}


# -- row -> event --------------------------------------------------------------------------------------
def visit_to_event(row, ctx) -> dict:
    """A ``visits_list`` row with its ``history_entries`` row; a search when the page is a results page."""
    serp = bool(row["isSerp"])
    extra = {"history_entry_id": row["historyEntryId"], "title": row["title"], "is_serp": serp}
    _put(extra, "term", row["query"])
    _put(extra, "tab_id", row["tabId"])
    _put(extra, "description", row["description"])
    _put(extra, "h1", row["h1"])
    event = _base(extra)
    when = _local_to_utc(ctx, row["timestamp"], "visits_list.timestamp", extra)
    event.update({
        "timestamp": when,
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SEARCHED if serp else VISITED,
        "kind": "search" if serp else "visit",
        "body": row["url"],
        "extra": extra,
    })
    return event


def tab_to_event(row, ctx) -> dict:
    """A ``tabs`` row: a tab open (or closed and still undoable) when the extraction was made."""
    extra = {"open_tab": True, "tab_id": row["tabId"], "title": row["title"], "position": row["position"],
             "selected": bool(row["selected"])}
    for col in ("skipHome", "viewed", "deletable"):
        if row[col] is not None:
            extra[col] = bool(row[col])
    _put(extra, "source_tab_id", row["sourceTabId"])
    preview = row["tabPreviewFile"]
    captured = None
    if preview:
        extra["tab_preview_file"] = preview
        m = _PREVIEW.fullmatch(preview)
        if m:
            captured = ctx.time(UNIX_MILLISECONDS, int(m.group(1)), column="tabs.tabPreviewFile")
            extra["preview_captured"] = captured
    event = _base(extra)
    accessed = _local_to_utc(ctx, row["lastAccessTime"], "tabs.lastAccessTime", extra)
    if accessed:
        when, raw, desc = accessed, row["lastAccessTime"], TAB_ACCESSED
    elif captured:
        when, raw, desc = captured, preview, PREVIEW_CAPTURED
    else:
        when, raw, desc = None, row["lastAccessTime"], TAB_ACCESSED if row["lastAccessTime"] else NOT_A_TIME
    status = "selected" if row["selected"] else "closed_undoable" if row["deletable"] else "open"
    event.update({"timestamp": when, "timestamp_raw": raw, "timestamp_desc": desc, "kind": "visit",
                  "body": row["url"], "status": status, "extra": extra})
    return event


def folder_path(folder_id: str | None, folders: dict) -> str | None:
    """The titles of a folder and its parents, outermost first, joined by ``/`` (cycles and depth capped)."""
    names, seen = [], set()
    while folder_id and folder_id in folders and folder_id not in seen and len(names) < MAX_FOLDER_DEPTH:
        seen.add(folder_id)
        title, parent = folders[folder_id]
        names.append(title or "")
        folder_id = parent
    return "/".join(reversed(names)) if names else folder_id


def bookmark_to_event(row, ctx) -> dict:
    """A ``BOOKMARK`` row of ``entities`` with its folders (``relations``): one a bookmark folder, others favorites."""
    parents = row["folders"].split("\x1f") if row["folders"] else []
    favorites = [FAVORITE_ROOTS[p] for p in parents if p in FAVORITE_ROOTS]
    folder = next((p for p in parents if p not in FAVORITE_ROOTS), None)
    extra = {"entity_id": row["entityId"], "title": row["title"], "favorite": bool(favorites)}
    if favorites:
        extra["favorite_folders"] = favorites
    if folder:
        extra["folder_id"] = folder
        extra["folder"] = folder_path(folder, ctx.lookups.get("ddg_folders") or {})
    raw = row["lastModified"]
    us = instant_us(raw)
    if raw not in (None, "") and us is None:
        ctx.warn(f"entities.lastModified is not an ISO-8601 UTC instant: {str(raw)[:40]!r}")
    when = ctx.time(UNIX_MICROSECONDS, us, column="entities.lastModified") if us is not None else None
    event = _base(extra)
    event.update({"timestamp": when, "timestamp_raw": raw, "timestamp_desc": MODIFIED if when else NOT_A_TIME,
                  "kind": "bookmark", "body": row["url"], "deleted": bool(row["deleted"]), "extra": extra})
    return event


def legacy_bookmark_to_event(row, ctx) -> dict:
    """A row of the legacy ``bookmarks`` or ``favorites`` table (no time stored)."""
    extra = {"title": row["title"], "legacy_table": row["tbl"], "favorite": row["tbl"] == "favorites"}
    _put(extra, "position", row["position"])
    _put(extra, "parent_id", row["parentId"])
    _put(extra, "folder", row["folder"])
    event = _base(extra)
    event.update({"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "bookmark",
                  "body": row["url"], "extra": extra})
    return event


def fireproof_to_event(row, ctx) -> dict:
    """A ``fireproofWebsites`` row: a site whose cookies and data the Fire button keeps (no time stored)."""
    extra = {"fireproof": True, "domain": row["domain"]}
    event = _base(extra)
    event.update({"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
                  "body": row["domain"], "status": "fireproof", "extra": extra})
    return event


# -- the parsers ---------------------------------------------------------------------------------------
VISITS_SQL = """
SELECT v.rowid AS rid, v.historyEntryId, v.timestamp, {tab_id},
       h.url, h.title, h.query, h.isSerp, {description}, {h1}
FROM visits_list v LEFT JOIN history_entries h ON h.id = v.historyEntryId
ORDER BY v.rowid
"""

TABS_SQL = """
SELECT t.rowid AS rid, t.tabId, t.url, t.title, t.position, {optional}, {selected} AS selected
FROM tabs t
ORDER BY t.position, t.rowid
"""
TAB_OPTIONAL = ("skipHome", "viewed", "tabPreviewFile", "sourceTabId", "deletable", "lastAccessTime")

ENTITIES_SQL = """
SELECT e.rowid AS rid, e.entityId, e.title, e.url, e.lastModified, e.deleted,
       (SELECT group_concat(r.folderId, char(31)) FROM (SELECT folderId FROM relations
        WHERE entityId = e.entityId ORDER BY id) r) AS folders
FROM entities e
WHERE e.type = 'BOOKMARK'
ORDER BY e.rowid
"""
FOLDERS_SQL = """
SELECT e.entityId, e.title, (SELECT r.folderId FROM relations r WHERE r.entityId = e.entityId ORDER BY r.id LIMIT 1)
FROM entities e WHERE e.type = 'FOLDER' LIMIT ?
"""

LEGACY_BOOKMARKS_SQL = """
SELECT b.id, 'bookmarks' AS tbl, b.title, b.url, b.parentId, NULL AS position, {folder} AS folder
FROM bookmarks b {folder_join} ORDER BY b.id
"""
LEGACY_FAVORITES_SQL = """
SELECT f.id, 'favorites' AS tbl, f.title, f.url, NULL AS parentId, f.position, NULL AS folder
FROM favorites f ORDER BY f.id
"""


class _DuckDuckGoStore(SQLiteParser):
    version = __version__
    app = APP
    platform = "android"

    def _warn_local_times(self, ctx, table: str, column: str) -> None:
        if ctx.timezone or not ctx.has_columns(table, column):
            return
        if ctx.db.execute(f"SELECT 1 FROM {table} WHERE {column} IS NOT NULL AND {column} != '' LIMIT 1").fetchone():
            ctx.warn_file(f"{table}.{column} holds the phone's local time without a zone: give --timezone ZONE to "
                          "convert it (kept in extra.local_time, timestamp null)")


class DuckDuckGoHistoryParser(_DuckDuckGoStore):
    name = "duckduckgo_history"
    description = ("DuckDuckGo browser (Android) history.db: every visit with its page title and tab, DuckDuckGo "
                   "searches with their terms; local times converted with --timezone")
    path_globs = (f"**/{PACKAGE}/databases/history.db",)
    required_tables = {"history_entries": {"id", "url", "title", "query", "isSerp"},
                       "visits_list": {"historyEntryId", "timestamp"}}
    references = HISTORY_REFERENCES
    time_units = {}  # visits_list.timestamp: local wall-clock text, converted with --timezone (module docstring)

    def parse(self, ctx):
        self._warn_local_times(ctx, "visits_list", "timestamp")
        yield from ctx.map_rows(VISITS_SQL.format(tab_id=ctx.column_or_null("visits_list", "tabId", prefix="v"),
                                                  description=ctx.column_or_null("history_entries", "description",
                                                                                 prefix="h"),
                                                  h1=ctx.column_or_null("history_entries", "h1", prefix="h")),
                                visit_to_event, table="visits_list", id_column="rid")


class DuckDuckGoAppParser(_DuckDuckGoStore):
    name = "duckduckgo_app"
    description = ("DuckDuckGo browser (Android) app.db: open tabs (selected, preview time), bookmarks with folder "
                   "and favorites (saved-sites store and legacy tables), fireproofed sites")
    path_globs = (f"**/{PACKAGE}/databases/app.db",)
    required_tables = {"tabs": {"tabId", "url", "title", "position"}}
    references = APP_REFERENCES
    time_units = {"entities.lastModified": UNIX_MICROSECONDS, "tabs.tabPreviewFile": UNIX_MILLISECONDS}

    def parse(self, ctx):
        self._warn_local_times(ctx, "tabs", "lastAccessTime")
        selected = ("EXISTS (SELECT 1 FROM tab_selection s WHERE s.tabId = t.tabId)"
                    if ctx.has_columns("tab_selection", "tabId") else "0")
        optional = ", ".join(ctx.column_or_null("tabs", c, prefix="t") for c in TAB_OPTIONAL)
        yield from ctx.map_rows(TABS_SQL.format(optional=optional, selected=selected), tab_to_event,
                                table="tabs", id_column="rid")
        if ctx.has_columns("entities", "entityId", "title", "url", "type", "lastModified", "deleted") and \
                ctx.has_columns("relations", "id", "folderId", "entityId"):
            ctx.lookups["ddg_folders"] = {r[0]: (r[1], r[2]) for r in ctx.rows(FOLDERS_SQL, (MAX_FOLDERS,))}
            yield from ctx.map_rows(ENTITIES_SQL, bookmark_to_event, table="entities", id_column="rid")
        if ctx.has_columns("bookmarks", "id", "title", "url", "parentId"):
            has_folders = ctx.has_columns("bookmark_folders", "id", "name")
            yield from ctx.map_rows(LEGACY_BOOKMARKS_SQL.format(
                folder="bf.name" if has_folders else "NULL",
                folder_join="LEFT JOIN bookmark_folders bf ON bf.id = b.parentId" if has_folders else ""),
                legacy_bookmark_to_event, table="bookmarks", id_column="id")
        if ctx.has_columns("favorites", "id", "title", "url", "position"):
            yield from ctx.map_rows(LEGACY_FAVORITES_SQL, legacy_bookmark_to_event, table="favorites", id_column="id")
        if ctx.has_columns("fireproofWebsites", "domain"):
            yield from ctx.map_rows("SELECT rowid AS rid, domain FROM fireproofWebsites ORDER BY rowid",
                                    fireproof_to_event, table="fireproofWebsites", id_column="rid")


@hookimpl
def register_parsers(register):
    register(DuckDuckGoHistoryParser)
    register(DuckDuckGoAppParser)
