"""DuckDuckGo privacy browser for iOS (``com.duckduckgo.mobile.ios``): history (every page visit, DuckDuckGo
searches, pages opened in a tab without a history visit), bookmarks and favorites. Beside ``plugins/duckduckgo.py``
(Android).

Both stores are Core Data SQLite files (``artefacts/synthetic/ddl/duckduckgo_ios_history.sql`` and
``duckduckgo_ios_bookmarks.sql`` say how their tables follow from the models; older model versions beside them).

* ``History.sqlite`` in the app's ``Library/Application Support`` (duckduckgo/iOS ``Core/HistoryManager.swift``,
  apple-browsers ``iOS/Core/HistoryManager.swift``:
  ``HistoryDatabase.defaultDBLocation`` the Application Support directory, ``defaultDBFileURL`` ``History.sqlite``;
  iLEAPP ``scripts/artifacts/duckduckgo.py`` reads ``*/Library/Application Support/History.sqlite*``). Model
  (duckduckgo/apple-browsers ``SharedPackages/BrowserServicesKit/Sources/History/CoreData/BrowsingHistoryModel.swift``,
  v1 = duckduckgo/BrowserServicesKit ``Sources/History/CoreData/BrowsingHistory.xcdatamodeld``):
  ``ZBROWSINGHISTORYENTRYMANAGEDOBJECT`` one row per URL (``ZURL``, ``ZTITLE``, ``ZIDENTIFIER`` UUID,
  ``ZLASTVISIT``, ``ZNUMBEROFTOTALVISITS``, ``ZNUMBEROFTRACKERSBLOCKED``, ``ZTRACKERSFOUND``,
  ``ZBLOCKEDTRACKINGENTITIES`` the blocked trackers' entity names joined by ``|`` (``HistoryStore.swift``),
  ``ZFAILEDTOLOAD``, ``ZCOOKIEPOPUPBLOCKED`` from model v2); ``ZPAGEVISITMANAGEDOBJECT`` one row per visit
  (``ZDATE``, ``ZHISTORYENTRY`` -> the entry, ``ZTABHISTORY`` -> the tab record, v3);
  ``ZTABHISTORYMANAGEDOBJECT`` (v3: ``ZTABID``, ``ZURL``): a record per page loaded in a tab, linked to its visit;
  ``TabHistoryStore.insertTabHistory`` writes one without a visit when global history is off, and
  ``HistoryManager.addVisit`` does so for a Fire tab ("only record tab history, never global"). iLEAPP joins
  ``ZPAGEVISITMANAGEDOBJECT.ZTABHISTORY`` to it on a real iOS 26.5.2 store and notes stores without
  ``ZCOOKIEPOPUPBLOCKED`` and without the tab table (older versions): both are optional here.
  ``HistoryStore.clean`` deletes the entries whose last visit and the visits older than the retention date;
  ``burnAll`` / ``burnDomains`` (the Fire button) delete entries and visits: deleted rows come back through
  ``--recover``, mapped as the live ones.
* ``Bookmarks.sqlite`` at the root of the app group container ``group.com.duckduckgo.bookmarks``
  (``/private/var/mobile/Containers/Shared/AppGroup/<UUID>/``; the app's ``BookmarksDatabase.swift``). Model
  (BrowserServicesKit ``Sources/Bookmarks/BookmarksModel.xcdatamodeld``, current ``BookmarksModel 6``; apple-browsers
  ``BookmarksModelVersions.swift``): ``ZBOOKMARKENTITY`` (``ZUUID``, ``ZTITLE``, ``ZURL``, ``ZISFOLDER``,
  ``ZPARENT`` -> the folder, ``ZMODIFIEDAT``, ``ZISPENDINGDELETION``, ``ZISSTUB``); the folders' UUIDs
  ``bookmarks_root`` and, for favorites, ``favorites_root`` / ``mobile_favorites_root`` / ``desktop_favorites_root``
  (``BookmarkEntity.swift`` ``FavoritesFolderID``). A favorite is a bookmark related to a favorites folder:
  through the many-to-many join table of ``favorites`` / ``favoriteFolders`` (model 4 on), found here by its
  columns ``Z_<n>FAVORITES`` (the bookmark) and ``Z_<n>FAVORITEFOLDERS`` (the folder) since no source names the
  table of a real store; through ``ZFAVORITEFOLDER`` (and ``ZISFAVORITE``) in models 1 to 3.
  ``BookmarkEntity.markPendingDeletion`` keeps a deleted bookmark until sync has sent the deletion, with its title
  and URL set to nil and ``isPendingDeletion`` 1; ``willSave`` sets ``modifiedAt`` on every change.

Times: every Core Data Date column (``ZDATE``, ``ZLASTVISIT``, ``ZMODIFIEDAT``) is seconds since 2001-01-01 UTC
(Cocoa), a REAL (iLEAPP converts them so); sub-second digits are kept to the microsecond.

Events: a ``visit`` per ``ZPAGEVISITMANAGEDOBJECT`` row (``body`` the entry's URL; title, visit count, trackers,
tab id in ``extra``), a ``search`` when the URL is a DuckDuckGo results page (the app's own test,
BrowserServicesKit ``Sources/Common/Extensions/URLExtension.swift`` ``isDuckDuckGoSearch``: the URL starts with
``https://duckduckgo.com/``, its path is empty or ``/`` and it has a ``q`` parameter; the form-decoded ``q`` in
``extra.term``); a ``visit`` (or ``search``) timed by ``ZLASTVISIT`` for an entry that no visit row names
(``extra.record`` ``history_entry``); an untimed ``visit`` with ``extra.record`` ``tab_history`` per tab record
that no visit links (a Fire tab, history off, or its visit deleted); a ``bookmark`` per bookmark (folders are not
events: they name a bookmark's folder path), ``deleted`` for one pending deletion.

Not read, with the reason: open tabs (``TabsModelPersistence``: a ``KeyValueFileStore`` named ``TabsModel`` /
``FireTabsModel`` in Application Support, key ``TabsModelKey``, an ``NSKeyedArchiver`` archive of ``TabsModel``;
neither the store's file format nor the archived classes' keys were read from a source here); fireproofed sites
(``UserDefaultsFireproofing``: key ``com.duckduckgo.ios.fireproofing.etldplus1.allowed-domains`` in a
``KeyValueStoring`` whose file the sources read here do not settle); downloads (no store was found in the
sources read); the legacy ``BookmarksAndFolders.sqlite`` of app versions before the sync-era store (its model,
``Core/BookmarksAndFolders.xcdatamodeld``, was not read).
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlsplit

from artefacts import hookimpl
from artefacts.events import MODIFIED, NOT_A_TIME, put_present
from artefacts.parser import SQLiteParser
from artefacts.plugins.duckduckgo import FAVORITE_ROOTS, MAX_FOLDERS, folder_path
from artefacts.timeconv import COCOA_SECONDS
from artefacts.values import as_bytes

__version__ = "1.0"

APP = "duckduckgo"
BROWSER = "DuckDuckGo"
BUNDLE = "com.duckduckgo.mobile.ios"
VISITED = "Page Visited"
SEARCHED = "Search Results Page Visited"
LAST_VISITED = "Last Visited"
#: URL.isDuckDuckGo: absoluteString starts with URL.duckDuckGo ("https://duckduckgo.com/")
DDG_PREFIX = "https://duckduckgo.com/"
#: blockedTrackingEntities joins the entity names with "|" (HistoryStore.swift)
ENTITY_SEPARATOR = "|"
ENTRY = "ZBROWSINGHISTORYENTRYMANAGEDOBJECT"
VISIT = "ZPAGEVISITMANAGEDOBJECT"
TAB = "ZTABHISTORYMANAGEDOBJECT"
BOOKMARK = "ZBOOKMARKENTITY"
#: BookmarkEntity.Constants.rootFolderID and the favorites folders' UUIDs (FavoritesFolderID)
ROOT_UUIDS = frozenset({"bookmarks_root", *FAVORITE_ROOTS})
#: the columns of the favorites join table (model 4 on): Z_<entity number><relationship>
_FAVORITES_COL = re.compile(r"Z_\d+FAVORITES", re.IGNORECASE)
_FOLDERS_COL = re.compile(r"Z_\d+FAVORITEFOLDERS", re.IGNORECASE)
#: favorite links read into memory per file (a real store holds a few dozen)
MAX_FAVORITE_LINKS = 100_000

HISTORY_REFERENCES = (
    "duckduckgo/apple-browsers SharedPackages/BrowserServicesKit/Sources/History/CoreData/BrowsingHistoryModel.swift "
    "(model v1-v3), HistoryStore.swift (blockedTrackingEntities joined by |, clean), TabHistoryStore.swift "
    "(tab records without a visit)",
    "duckduckgo/BrowserServicesKit Sources/History/CoreData/BrowsingHistory.xcdatamodeld (model v1)",
    "duckduckgo/iOS Core/HistoryManager.swift and duckduckgo/apple-browsers iOS/Core/HistoryManager.swift "
    "(Application Support/History.sqlite; addVisit: Fire tabs only in tab history)",
    "duckduckgo/BrowserServicesKit Sources/Common/Extensions/URLExtension.swift (isDuckDuckGoSearch)",
    "iLEAPP scripts/artifacts/duckduckgo.py (History.sqlite path; ZBROWSINGHISTORYENTRYMANAGEDOBJECT, "
    "ZPAGEVISITMANAGEDOBJECT, ZTABHISTORYMANAGEDOBJECT columns; Cocoa seconds; older stores without "
    "ZCOOKIEPOPUPBLOCKED and the tab table)",
)
BOOKMARK_REFERENCES = (
    "duckduckgo/BrowserServicesKit Sources/Bookmarks/BookmarksModel.xcdatamodeld (BookmarksModel .. 6), "
    "BookmarkEntity.swift; duckduckgo/apple-browsers BookmarksModelVersions.swift, BookmarkEntity.swift "
    "(FavoritesFolderID, markPendingDeletion, modifiedAt)",
    "duckduckgo/iOS BookmarksDatabase.swift (group.com.duckduckgo.bookmarks app group, Bookmarks.sqlite)",
)


# -- values ---------------------------------------------------------------------------------------------
def ddg_search_terms(url) -> str | None:
    """The terms of a DuckDuckGo results page URL (the app's ``isDuckDuckGoSearch``), else ``None``."""
    if not isinstance(url, str) or not url.startswith(DDG_PREFIX):
        return None
    parts = urlsplit(url)
    if parts.path not in ("", "/"):
        return None
    values = parse_qs(parts.query, keep_blank_values=True).get("q")
    return values[0] if values else None


def uuid_text(value) -> str | None:
    """A Core Data UUID attribute as text: 16 bytes as Swift's ``uuidString`` (upper case), text as it is."""
    if value is None or isinstance(value, str):
        return value
    raw = as_bytes(value)
    return str(uuid.UUID(bytes=raw)).upper() if len(raw) == 16 else raw.hex()


def _cocoa(ctx, raw, column: str):
    return ctx.time(COCOA_SECONDS, raw, column=column) if raw is not None else None


def _flag(extra: dict, key: str, value) -> None:
    if value is not None:
        extra[key] = bool(value)


def _base(extra: dict) -> dict:
    extra["browser"] = BROWSER
    extra["bundle"] = BUNDLE
    return {"app": APP, "platform": "ios"}


def _page(url, extra: dict) -> tuple[str, str]:
    """The kind and time description of a visit of ``url``; the search terms into ``extra``."""
    term = ddg_search_terms(url)
    if term is None:
        return "visit", VISITED
    extra["term"] = term
    return "search", SEARCHED


def _entry_extra(row, ctx) -> dict:
    """What a visit shows of its history entry (the URL's row)."""
    extra = {"history_entry": row["entry_pk"]}
    put_present(extra, "title", row["title"])
    put_present(extra, "identifier", uuid_text(row["identifier"]))
    put_present(extra, "visit_count", row["visit_count"])
    put_present(extra, "trackers_blocked", row["trackers_blocked"])
    _flag(extra, "trackers_found", row["trackers_found"])
    _flag(extra, "failed_to_load", row["failed_to_load"])
    _flag(extra, "cookie_popup_blocked", row["cookie_popup_blocked"])
    entities = row["blocked_entities"]
    if isinstance(entities, str) and entities:
        extra["blocked_tracking_entities"] = entities.split(ENTITY_SEPARATOR)
    if row["last_visit"] is not None:
        extra["last_visit"] = _cocoa(ctx, row["last_visit"], f"{ENTRY}.ZLASTVISIT")
        extra["last_visit_raw"] = row["last_visit"]
    return extra


# -- row -> event ---------------------------------------------------------------------------------------
def visit_to_event(row, ctx) -> dict:
    """A ``ZPAGEVISITMANAGEDOBJECT`` row with its history entry and tab record."""
    extra = _entry_extra(row, ctx)
    put_present(extra, "tab_id", row["tab_id"])
    kind, desc = _page(row["url"], extra)
    event = _base(extra)
    event.update({"timestamp": _cocoa(ctx, row["ZDATE"], f"{VISIT}.ZDATE"), "timestamp_raw": row["ZDATE"],
                  "timestamp_desc": desc, "kind": kind, "body": row["url"], "extra": extra})
    return event


def entry_to_event(row, ctx) -> dict:
    """A ``ZBROWSINGHISTORYENTRYMANAGEDOBJECT`` row that no visit row names: the page, at its last visit."""
    extra = _entry_extra(row, ctx)
    extra["record"] = "history_entry"
    kind, _ = _page(row["url"], extra)
    when = extra.pop("last_visit", None)
    extra.pop("last_visit_raw", None)
    event = _base(extra)
    event.update({"timestamp": when, "timestamp_raw": row["last_visit"],
                  "timestamp_desc": LAST_VISITED if when else NOT_A_TIME, "kind": kind, "body": row["url"],
                  "extra": extra})
    return event


def tab_record_to_event(row, ctx) -> dict:
    """A ``ZTABHISTORYMANAGEDOBJECT`` row that no visit links: a page loaded in a tab, no time stored."""
    extra = {"record": "tab_history", "tab_id": row["ZTABID"]}
    kind, _ = _page(row["ZURL"], extra)
    event = _base(extra)
    event.update({"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": kind,
                  "body": row["ZURL"], "status": "tab_history_only", "extra": extra})
    return event


def bookmark_to_event(row, ctx) -> dict | None:
    """A ``ZBOOKMARKENTITY`` row that is not a folder, with its folder path and favorites folders."""
    if row["ZISFOLDER"]:
        return None
    lookups = ctx.lookups.get("ddg_ios_bookmarks") or {}
    uuids, tree = lookups.get("uuids", {}), lookups.get("tree", {})
    extra = {"uuid": row["ZUUID"], "title": row["ZTITLE"]}
    in_folders = set(lookups.get("favorites", {}).get(row["Z_PK"], ()))
    if row["favorite_folder"] is not None:
        in_folders.add(row["favorite_folder"])
    names = sorted(FAVORITE_ROOTS.get(uuids.get(pk), f"folder {pk}") for pk in in_folders)
    extra["favorite"] = bool(names) or bool(row["is_favorite"])
    if names:
        extra["favorite_folders"] = names
    if row["ZPARENT"] in tree:
        extra["folder"] = folder_path(row["ZPARENT"], tree)
    _flag(extra, "stub", row["is_stub"])
    pending = bool(row["pending_deletion"])
    if pending:
        extra["pending_deletion"] = True
    when = _cocoa(ctx, row["modified_at"], f"{BOOKMARK}.ZMODIFIEDAT")
    event = _base(extra)
    event.update({"timestamp": when, "timestamp_raw": row["modified_at"],
                  "timestamp_desc": MODIFIED if when else NOT_A_TIME, "kind": "bookmark", "body": row["ZURL"],
                  "deleted": pending, "extra": extra})
    return event


# -- the parsers ----------------------------------------------------------------------------------------
# A recovery run shadows every table the parser maps to events with its recovered rows (temp tables of the same
# name, read first for an unqualified name; artefacts/recovered_events.py). The entries and tab records are mapped
# too (those no visit names), so a visit's joins read the live row (main.) and, failing that, the recovered one.
#: the entry's columns a visit shows (required ones first; the others NULL where the model version lacks them)
ENTRY_FIELDS = (("Z_PK", "entry_pk"), ("ZURL", "url"), ("ZTITLE", "title"), ("ZLASTVISIT", "last_visit"),
                ("ZIDENTIFIER", "identifier"), ("ZNUMBEROFTOTALVISITS", "visit_count"),
                ("ZNUMBEROFTRACKERSBLOCKED", "trackers_blocked"), ("ZTRACKERSFOUND", "trackers_found"),
                ("ZBLOCKEDTRACKINGENTITIES", "blocked_entities"), ("ZFAILEDTOLOAD", "failed_to_load"),
                ("ZCOOKIEPOPUPBLOCKED", "cookie_popup_blocked"))
VISITS_SQL = """
SELECT v.Z_PK, v.ZDATE, {columns}, {tab_id} AS tab_id
FROM ZPAGEVISITMANAGEDOBJECT v
LEFT JOIN (SELECT * FROM main.ZBROWSINGHISTORYENTRYMANAGEDOBJECT UNION ALL
           SELECT * FROM ZBROWSINGHISTORYENTRYMANAGEDOBJECT
           WHERE Z_PK NOT IN (SELECT Z_PK FROM main.ZBROWSINGHISTORYENTRYMANAGEDOBJECT)) e
       ON e.Z_PK = v.ZHISTORYENTRY
{tab_join}
ORDER BY v.Z_PK
"""
TAB_JOIN = """LEFT JOIN (SELECT * FROM main.ZTABHISTORYMANAGEDOBJECT UNION ALL
           SELECT * FROM ZTABHISTORYMANAGEDOBJECT
           WHERE Z_PK NOT IN (SELECT Z_PK FROM main.ZTABHISTORYMANAGEDOBJECT)) t ON t.Z_PK = v.ZTABHISTORY"""
ENTRIES_SQL = """
SELECT e.Z_PK, {columns}
FROM ZBROWSINGHISTORYENTRYMANAGEDOBJECT e
WHERE NOT EXISTS (SELECT 1 FROM ZPAGEVISITMANAGEDOBJECT v WHERE v.ZHISTORYENTRY = e.Z_PK)
ORDER BY e.Z_PK
"""
TABS_SQL = """
SELECT t.Z_PK, t.ZTABID, t.ZURL
FROM ZTABHISTORYMANAGEDOBJECT t
WHERE NOT EXISTS (SELECT 1 FROM ZPAGEVISITMANAGEDOBJECT v WHERE v.ZTABHISTORY = t.Z_PK)
ORDER BY t.Z_PK
"""


class _DuckDuckGoIOSStore(SQLiteParser):
    version = __version__
    app = APP
    platform = "ios"


class DuckDuckGoIOSHistoryParser(_DuckDuckGoIOSStore):
    name = "duckduckgo_ios_history"
    description = ("DuckDuckGo browser (iOS) History.sqlite: every page visit with its title, tab and blocked "
                   "trackers, DuckDuckGo searches with their terms, pages kept only in a tab's history")
    path_globs = ("**/Library/Application Support/History.sqlite",)
    required_tables = {ENTRY: {"Z_PK", "ZURL", "ZTITLE", "ZLASTVISIT"},
                       VISIT: {"Z_PK", "ZDATE", "ZHISTORYENTRY"}}
    references = HISTORY_REFERENCES
    time_units = {f"{VISIT}.ZDATE": COCOA_SECONDS, f"{ENTRY}.ZLASTVISIT": COCOA_SECONDS}

    def parse(self, ctx):
        columns = ", ".join(ctx.column_or_null(ENTRY, c, alias, prefix="e") for c, alias in ENTRY_FIELDS)
        tabs = ctx.has_columns(TAB, "Z_PK", "ZTABID", "ZURL") and ctx.has_columns(VISIT, "ZTABHISTORY")
        yield from ctx.map_rows(VISITS_SQL.format(columns=columns, tab_id="t.ZTABID" if tabs else "NULL",
                                                  tab_join=TAB_JOIN if tabs else ""),
                                visit_to_event, table=VISIT, id_column="Z_PK")
        yield from ctx.map_rows(ENTRIES_SQL.format(columns=columns), entry_to_event, table=ENTRY,
                                id_column="Z_PK")
        if tabs:
            yield from ctx.map_rows(TABS_SQL, tab_record_to_event, table=TAB, id_column="Z_PK")


BOOKMARKS_SQL = """
SELECT b.Z_PK, b.ZUUID, b.ZTITLE, b.ZURL, b.ZISFOLDER, b.ZPARENT, {optional}
FROM ZBOOKMARKENTITY b
ORDER BY b.Z_PK
"""
BOOKMARK_OPTIONAL = (("ZMODIFIEDAT", "modified_at"), ("ZISPENDINGDELETION", "pending_deletion"),
                     ("ZISSTUB", "is_stub"), ("ZFAVORITEFOLDER", "favorite_folder"), ("ZISFAVORITE", "is_favorite"))


def favorites_table(ctx) -> tuple[str, str, str] | None:
    """The favorites join table of models 4 on and its bookmark and folder columns, found by their names."""
    for table, columns in ctx.schema.items():
        if not table.startswith("z_") or table == "z_primarykey":
            continue
        favorite = [c for c in columns if _FAVORITES_COL.fullmatch(c)]
        folder = [c for c in columns if _FOLDERS_COL.fullmatch(c)]
        if len(favorite) == 1 and len(folder) == 1:
            return table, favorite[0], folder[0]
    return None


class DuckDuckGoIOSBookmarksParser(_DuckDuckGoIOSStore):
    name = "duckduckgo_ios_bookmarks"
    description = ("DuckDuckGo browser (iOS) Bookmarks.sqlite: bookmarks with their folder path, favorites (per "
                   "form factor), deletions not yet synced")
    path_globs = ("**/Containers/Shared/AppGroup/*/Bookmarks.sqlite",)
    required_tables = {BOOKMARK: {"Z_PK", "ZUUID", "ZTITLE", "ZURL", "ZISFOLDER", "ZPARENT"}}
    references = BOOKMARK_REFERENCES
    time_units = {f"{BOOKMARK}.ZMODIFIEDAT": COCOA_SECONDS}

    def parse(self, ctx):
        # folders and favorite links from the live tables (main.), also in a recovery run (module comment above)
        uuids, tree = {}, {}
        for pk, title, parent, uid in ctx.rows("SELECT Z_PK, ZTITLE, ZPARENT, ZUUID FROM main.ZBOOKMARKENTITY "
                                               "WHERE ZISFOLDER LIMIT ?", (MAX_FOLDERS,)):
            uuids[pk] = uid
            if uid not in ROOT_UUIDS:  # the roots are not part of a folder path (as the app shows it)
                tree[pk] = (title, parent)
        favorites: dict[int, set[int]] = {}
        join = favorites_table(ctx)
        if join:
            table, favorite, folder = join
            for bookmark, root in ctx.rows(f'SELECT "{favorite}", "{folder}" FROM main."{table}" LIMIT ?',
                                           (MAX_FAVORITE_LINKS,)):
                favorites.setdefault(bookmark, set()).add(root)
        ctx.lookups["ddg_ios_bookmarks"] = {"uuids": uuids, "tree": tree, "favorites": favorites}
        optional = ", ".join(ctx.column_or_null(BOOKMARK, c, alias, prefix="b") for c, alias in BOOKMARK_OPTIONAL)
        yield from ctx.map_rows(BOOKMARKS_SQL.format(optional=optional), bookmark_to_event, table=BOOKMARK,
                                id_column="Z_PK")


@hookimpl
def register_parsers(register):
    register(DuckDuckGoIOSHistoryParser)
    register(DuckDuckGoIOSBookmarksParser)
