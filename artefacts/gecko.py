"""The Gecko (Firefox) browser stores, read the same way for every Gecko browser (Firefox for Android,
Tor Browser for Android, ...): the row -> event mappings, the SQL and the parser classes that the browsers'
plugins subclass with their own names and paths (``plugins/firefox_android.py``, ``plugins/tor_browser.py``).

Two stores hold the places of an Android Gecko browser built on Fenix:

* ``files/places.sqlite``: Fenix's history and bookmarks, kept by Mozilla's Rust application-services
  "places" component (android-components ``browser/storage-sync/.../Connection.kt``: ``DB_NAME =
  "places.sqlite"``, opened as ``File(parentDir, DB_NAME)`` in the app's files folder). Schema:
  ``mozilla/application-services components/places/sql/create_shared_schema.sql`` (copied into
  ``artefacts/synthetic/ddl/fenix_places.sql``). Times are **milliseconds** since 1970
  (``components/places/src/types.rs``: ``Timestamp(pub u64)``, built from ``SystemTime`` as
  ``secs * 1000 + nanos / 1_000_000``): ``moz_historyvisits.visit_date``,
  ``moz_bookmarks.dateAdded``/``lastModified``. Its ``moz_historyvisits`` has ``is_local``, which a
  Gecko profile's does not; that column tells the two schemas apart.
* ``files/mozilla/<profile>/places.sqlite``: the Gecko profile's own Places database, in Mozilla's
  desktop schema (``toolkit/components/places/nsPlacesTables.h``, copied into
  ``artefacts/synthetic/ddl/gecko_places.sql``). Times are **PRTime, microseconds** since 1970
  (``visit_date``, ``dateAdded``, ``lastModified``).
Both use the visit types of ``nsINavHistoryService.idl`` (application-services ``types.rs``
``VisitTransition`` repeats them, "the same as those used by Desktop"): 1 link, 2 typed,
3 bookmark, 4 embed, 5 permanent redirect, 6 temporary redirect, 7 download, 8 framed link,
9 reload; and the bookmark types of ``nsINavBookmarksService``: 1 bookmark, 2 folder, 3 separator
(only type 1 has a URL; folders and separators are not events, they name a bookmark's folder).

Downloads (Gecko profile): ``toolkit/components/downloads/DownloadHistory.sys.mjs`` records a download
as a visit of type 7 (TRANSITION_DOWNLOAD) dated ``download.startTime`` plus two page annotations
(``moz_annos`` joined to ``moz_anno_attributes.name``): ``downloads/destinationFileURI`` (the target
file's URI) and ``downloads/metaData`` (JSON: ``state`` 1 finished, 2 failed, 3 canceled, 4 paused,
6 blocked by parental controls, 8 dirty; ``deleted``; ``endTime`` in ms; ``fileSize`` when it
succeeded). Private-browsing downloads are never written (``if (download.source.isPrivate) return``).

Cookies (``files/mozilla/<profile>/cookies.sqlite``, ``netwerk/cookie/CookiePersistentStorage.cpp``):
``moz_cookies`` host, name, value, path, ``creationTime``/``lastAccessed`` PRTime µs, ``expiry``
seconds up to schema 15 and **milliseconds** from ``PRAGMA user_version`` 16 on (the 15 -> 16
migration runs ``UPDATE moz_cookies SET expiry = expiry * 1000``); the unit is chosen per file
from the user_version.

Form history (``formhistory.sqlite``, ``toolkit/components/satchel/FormHistory.sys.mjs`` dbSchema):
``moz_formhistory`` fieldname, value, timesUsed, firstUsed/lastUsed PRTime µs.

Session store (``sessionstore.jsonlz4``, ``sessionstore-backups/*.jsonlz4`` / ``*.baklz4``): JSON in
Mozilla's LZ4 framing (``artefacts.decoders.mozlz4``), the layout of
``browser/components/sessionstore/SessionStore.sys.mjs``: ``windows[]`` (and ``_closedWindows[]``)
with ``tabs[]`` and ``_closedTabs[]`` (``{state: tab, title, closedAt}``); a tab has ``entries[]``
(its back/forward history: ``url``, ``title``), ``index`` (1-based current entry) and
``lastAccessed`` (ms). Every entry becomes a ``visit``; only a tab's current entry carries a time
(the tab's ``lastAccessed``), the others have none.

Every URL is the event's ``body``, so the indicator scan finds onion addresses in it.
"""

from __future__ import annotations

import json

from .decoders.mozlz4 import MAGIC as MOZLZ4_MAGIC, MozLz4Error, decompress
from .events import CREATED, NOT_A_TIME, put_present
from .parser import Parser, SQLiteParser
from .timeconv import UNIX_MICROSECONDS, UNIX_MILLISECONDS, UNIX_SECONDS

VISIT = "Page Visited"
#: Mozilla's PRTime: microseconds since 1970-01-01 UTC
PRTIME = UNIX_MICROSECONDS

BOOKMARK_ADDED = "Bookmark Added"
DOWNLOAD_END = "Download End Time"
LAST_ACCESSED = "Last Access Time"

#: nsINavHistoryService.idl TRANSITION_* (application-services types.rs VisitTransition)
VISIT_TYPES = {
    1: "link", 2: "typed", 3: "bookmark", 4: "embed", 5: "permanent redirect", 6: "temporary redirect",
    7: "download", 8: "framed link", 9: "reload",
}
#: nsINavBookmarksService TYPE_*
BOOKMARK_TYPES = {1: "bookmark", 2: "folder", 3: "separator"}
#: DownloadHistory.sys.mjs METADATA_STATE_*
DOWNLOAD_STATES = {1: "finished", 2: "failed", 3: "canceled", 4: "paused", 6: "blocked (parental controls)",
                   8: "dirty"}
DEST_ANNO = "downloads/destinationFileURI"
META_ANNO = "downloads/metaData"
#: cookies.sqlite user_version from which moz_cookies.expiry is in milliseconds
COOKIE_EXPIRY_MS_SCHEMA = 16


def _put(extra: dict, key: str, value) -> None:
    put_present(extra, key, value, keep_empty=True)


def _visit_event(row, ctx, unit) -> dict:
    vtype = row["visit_type"]
    extra = {"visit_type": vtype, "visit_type_label": VISIT_TYPES.get(vtype, f"visit type {vtype}"),
             "place_id": row["place_id"]}
    for key in ("title", "from_visit", "is_local", "typed", "hidden"):
        _put(extra, key, row[key] if key in row.keys() else None)
    return {
        "timestamp": ctx.time(unit, row["visit_date"], column="moz_historyvisits.visit_date"),
        "timestamp_raw": row["visit_date"],
        "timestamp_desc": VISIT,
        "kind": "visit",
        "body": row["url"],
        "status": extra["visit_type_label"],
        "extra": extra,
    }


def profile_visit_to_event(row, ctx) -> dict:
    """A Gecko profile ``moz_historyvisits`` row joined to its ``moz_places`` row (PRTime µs)."""
    return _visit_event(row, ctx, PRTIME)


def fenix_visit_to_event(row, ctx) -> dict:
    """An application-services ``moz_historyvisits`` row joined to ``moz_places`` (ms)."""
    return _visit_event(row, ctx, UNIX_MILLISECONDS)


def _bookmark_event(row, ctx, unit) -> dict | None:
    if row["type"] != 1:
        return None  # folders and separators name no page
    extra = {"title": row["title"], "guid": row["guid"], "parent": row["parent"], "place_id": row["fk"],
             "place_title": row["place_title"]}
    _put(extra, "folder", row["folder_title"])
    extra["last_modified"] = ctx.time(unit, row["lastModified"], zero_is_null=True, column="moz_bookmarks.lastModified")
    extra["last_modified_raw"] = row["lastModified"]
    return {
        "timestamp": ctx.time(unit, row["dateAdded"], zero_is_null=True, column="moz_bookmarks.dateAdded"),
        "timestamp_raw": row["dateAdded"],
        "timestamp_desc": BOOKMARK_ADDED,
        "kind": "bookmark",
        "body": row["url"],
        "extra": extra,
    }


def profile_bookmark_to_event(row, ctx) -> dict | None:
    return _bookmark_event(row, ctx, PRTIME)


def fenix_bookmark_to_event(row, ctx) -> dict | None:
    return _bookmark_event(row, ctx, UNIX_MILLISECONDS)


def download_to_event(row, ctx) -> dict:
    """A page with a ``downloads/destinationFileURI`` annotation (and its ``downloads/metaData``)."""
    extra = {"target_file_uri": row["target"], "title": row["title"], "place_id": row["place_id"]}
    meta_raw = row["meta"]
    end = None
    if meta_raw is not None:
        extra["metadata"] = meta_raw
        try:
            meta = json.loads(meta_raw)
        except ValueError:
            ctx.warn(f"{META_ANNO} annotation is not JSON", ctx.locator)
            meta = None
        if isinstance(meta, dict):
            state = meta.get("state")
            if state is not None:
                extra["state"] = state
                extra["state_label"] = DOWNLOAD_STATES.get(state, f"state {state}")
            for key, name in (("fileSize", "file_size"), ("deleted", "deleted_by_user")):
                _put(extra, name, meta.get(key))
            end = meta.get("endTime")
    extra["started"] = ctx.time(PRTIME, row["started"], column="moz_historyvisits.visit_date (download visit)")
    extra["started_raw"] = row["started"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, end, column="downloads/metaData endTime") if end is not None
        else extra["started"],
        "timestamp_raw": end if end is not None else row["started"],
        "timestamp_desc": DOWNLOAD_END if end is not None else VISIT,
        "kind": "download",
        "body": row["url"],
        "status": extra.get("state_label"),
        "extra": extra,
    }


HISTORY_SQL = """SELECT v.id, v.place_id, v.visit_date, v.visit_type, v.from_visit, {is_local} AS is_local,
    p.url, p.title, p.typed, p.hidden
  FROM moz_historyvisits v LEFT JOIN moz_places p ON p.id = v.place_id ORDER BY v.id"""
BOOKMARK_SQL = """SELECT b.id, b.type, b.fk, b.parent, b.title, b.dateAdded, b.lastModified, b.guid,
    p.url, p.title AS place_title, f.title AS folder_title
  FROM moz_bookmarks b LEFT JOIN moz_places p ON p.id = b.fk LEFT JOIN moz_bookmarks f ON f.id = b.parent
  ORDER BY b.id"""
DOWNLOAD_SQL = f"""SELECT a.id, a.place_id, a.content AS target, p.url, p.title,
    (SELECT m.content FROM moz_annos m JOIN moz_anno_attributes mn ON mn.id = m.anno_attribute_id
      WHERE m.place_id = a.place_id AND mn.name = '{META_ANNO}' ORDER BY m.id DESC LIMIT 1) AS meta,
    (SELECT MAX(v.visit_date) FROM moz_historyvisits v WHERE v.place_id = a.place_id AND v.visit_type = 7)
      AS started
  FROM moz_annos a JOIN moz_anno_attributes n ON n.id = a.anno_attribute_id
  LEFT JOIN moz_places p ON p.id = a.place_id
  WHERE n.name = '{DEST_ANNO}' ORDER BY a.id"""
REFERENCES = (
    "mozilla-central toolkit/components/places/nsPlacesTables.h (moz_places, moz_historyvisits, moz_bookmarks, "
    "moz_annos, moz_anno_attributes)",
    "mozilla-central toolkit/components/places/nsINavHistoryService.idl (TRANSITION_* visit types, PRTime)",
    "mozilla-central toolkit/components/downloads/DownloadHistory.sys.mjs (download annotations, metaData states)",
    "mozilla/application-services components/places/sql/create_shared_schema.sql and src/types.rs (Fenix places, ms)",
    "android-components browser/storage-sync Connection.kt (DB_NAME places.sqlite in the files folder)",
)


def _places_tables(*visit_columns: str) -> dict:
    return {
        "moz_places": {"id", "url", "title"},
        "moz_historyvisits": {"id", "place_id", "visit_date", "visit_type", "from_visit", *visit_columns},
        "moz_bookmarks": {"id", "type", "fk", "parent", "title", "dateAdded", "lastModified", "guid"},
    }


def _places_units(unit) -> dict:
    return {f"{table}.{col}": unit for table, col in (
        ("moz_historyvisits", "visit_date"), ("moz_bookmarks", "dateAdded"), ("moz_bookmarks", "lastModified"))}


class GeckoStore(SQLiteParser):
    """An SQLite store of a Gecko profile; a browser's plugin subclasses it with its name, app and paths."""


class PlacesParser(GeckoStore):
    """Visits and bookmarks of a places.sqlite; the subclasses say which schema (and so which unit)."""

    references = REFERENCES
    #: SQL for the application-services ``is_local`` column (NULL where the schema has none)
    is_local_sql = "NULL"
    visit_mapping = staticmethod(profile_visit_to_event)
    bookmark_mapping = staticmethod(profile_bookmark_to_event)

    def parse(self, ctx):
        yield from ctx.map_rows(HISTORY_SQL.format(is_local=self.is_local_sql), self.visit_mapping,
                                table="moz_historyvisits", id_column="id")
        yield from ctx.map_rows(BOOKMARK_SQL, self.bookmark_mapping, table="moz_bookmarks", id_column="id")


class ProfilePlacesParser(PlacesParser):
    """A Gecko profile's places.sqlite (PRTime µs): visits, bookmarks and the downloads of its annotations."""

    required_tables = _places_tables()
    time_units = {**_places_units(PRTIME), "moz_annos(downloads/metaData).endTime": UNIX_MILLISECONDS}

    def parse(self, ctx):
        yield from super().parse(ctx)
        if ctx.has_columns("moz_annos", "id", "place_id", "anno_attribute_id", "content") and ctx.has_columns(
                "moz_anno_attributes", "id", "name"):
            yield from ctx.map_rows(DOWNLOAD_SQL, download_to_event, table="moz_annos", id_column="id")


class FenixPlacesParser(PlacesParser):
    """Fenix's application-services places.sqlite (ms): visits and bookmarks."""

    required_tables = _places_tables("is_local")
    time_units = _places_units(UNIX_MILLISECONDS)
    is_local_sql = "v.is_local"
    visit_mapping = staticmethod(fenix_visit_to_event)
    bookmark_mapping = staticmethod(fenix_bookmark_to_event)


def _prtime_event(row, ctx, column: str, desc: str, kind: str, body: str, extra: dict) -> dict:
    """An event timed by the PRTime ``table.column`` of ``row`` (0 meaning "not set")."""
    raw = row[column.split(".", 1)[1]]
    return {"timestamp": ctx.time(PRTIME, raw, zero_is_null=True, column=column), "timestamp_raw": raw,
            "timestamp_desc": desc, "kind": kind, "body": body, "extra": extra}


def cookie_to_event(row, ctx) -> dict:
    """One ``moz_cookies`` row; ``ctx.lookups['expiry_unit']`` is the file's expiry unit."""
    expiry_unit = ctx.lookups["expiry_unit"]
    extra = {"name": row["name"], "value": row["value"], "host": row["host"], "path": row["path"]}
    for key in ("isSecure", "isHttpOnly", "sameSite", "originAttributes"):
        _put(extra, key, row[key])
    extra["expiry"] = ctx.time(expiry_unit, row["expiry"], zero_is_null=True, column="moz_cookies.expiry")
    extra["expiry_raw"] = row["expiry"]
    extra["expiry_unit"] = expiry_unit.name
    extra["last_accessed"] = ctx.time(PRTIME, row["lastAccessed"], zero_is_null=True, column="moz_cookies.lastAccessed")
    extra["last_accessed_raw"] = row["lastAccessed"]
    host = row["host"] or ""
    body = f"{host.lstrip('.')}{row['path'] or ''} {row['name']}={row['value']}"
    return _prtime_event(row, ctx, "moz_cookies.creationTime", CREATED, "cookie", body, extra)


class CookiesParser(GeckoStore):
    """A Gecko profile's cookies.sqlite (``moz_cookies``)."""

    required_tables = {"moz_cookies": {"id", "name", "value", "host", "path", "expiry", "lastAccessed",
                                       "creationTime"}}
    time_units = {
        "moz_cookies.creationTime": PRTIME,
        "moz_cookies.lastAccessed": PRTIME,
        "moz_cookies.expiry": UNIX_MILLISECONDS,
        "moz_cookies.expiry (user_version < 16)": UNIX_SECONDS,
    }
    references = (
        "mozilla-central netwerk/cookie/CookiePersistentStorage.cpp (CreateTableWorker, migration 15 -> 16 "
        "expiry * 1000)",
    )

    def parse(self, ctx):
        version = ctx.db.execute("PRAGMA user_version").fetchone()[0]
        ctx.lookups["expiry_unit"] = UNIX_MILLISECONDS if version >= COOKIE_EXPIRY_MS_SCHEMA else UNIX_SECONDS
        cols = ", ".join(["id", "name", "value", "host", "path", "expiry", "lastAccessed", "creationTime"] + [
            ctx.column_or_null("moz_cookies", c) for c in ("isSecure", "isHttpOnly", "sameSite", "originAttributes")])
        yield from ctx.map_rows(f"SELECT {cols} FROM moz_cookies ORDER BY id", cookie_to_event,
                                table="moz_cookies", id_column="id")




def formhistory_to_event(row, ctx) -> dict:
    extra = {"fieldname": row["fieldname"], "value": row["value"], "times_used": row["timesUsed"],
             "guid": row["guid"]}
    extra["last_used"] = ctx.time(PRTIME, row["lastUsed"], zero_is_null=True, column="moz_formhistory.lastUsed")
    extra["last_used_raw"] = row["lastUsed"]
    body = f"{row['fieldname']}: {row['value']}"
    return _prtime_event(row, ctx, "moz_formhistory.firstUsed", "First Used Time", "other", body, extra)


class FormHistoryParser(GeckoStore):
    """A Gecko profile's formhistory.sqlite (values typed into web forms)."""

    required_tables = {"moz_formhistory": {"id", "fieldname", "value", "timesUsed", "firstUsed", "lastUsed"}}
    time_units = {"moz_formhistory.firstUsed": PRTIME, "moz_formhistory.lastUsed": PRTIME}
    references = ("mozilla-central toolkit/components/satchel/FormHistory.sys.mjs (dbSchema)",)

    def parse(self, ctx):
        cols = "id, fieldname, value, timesUsed, firstUsed, lastUsed, " + ctx.column_or_null("moz_formhistory", "guid")
        yield from ctx.map_rows(f"SELECT {cols} FROM moz_formhistory ORDER BY id", formhistory_to_event,
                                table="moz_formhistory", id_column="id")




# -- session store ------------------------------------------------------------------------------

def _tabs(session: dict):
    """``(locator, tab, state)`` of every tab: open windows' tabs, their closed tabs, closed windows'."""
    for wkey, state in (("windows", "open"), ("_closedWindows", "closed window")):
        windows = session.get(wkey)
        for w, window in enumerate(windows if isinstance(windows, list) else []):
            if not isinstance(window, dict):
                continue
            tabs = window.get("tabs")
            for t, tab in enumerate(tabs if isinstance(tabs, list) else []):
                if isinstance(tab, dict):
                    yield f"{wkey}[{w}].tabs[{t}]", tab, state, None
            closed = window.get("_closedTabs")
            for t, item in enumerate(closed if isinstance(closed, list) else []):
                if isinstance(item, dict) and isinstance(item.get("state"), dict):
                    yield f"{wkey}[{w}]._closedTabs[{t}]", item["state"], "closed tab", item.get("closedAt")


def session_rows(session: dict):
    for locator, tab, state, closed_at in _tabs(session):
        entries = tab.get("entries")
        current = tab.get("index")
        for e, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                yield {"key": f"{locator}.entries[{e}]", "entry": entry, "current": current == e + 1,
                       "lastAccessed": tab.get("lastAccessed"), "state": state, "closedAt": closed_at}


def session_entry_to_event(row, ctx) -> dict:
    entry = row["entry"]
    url = entry.get("url")
    if not isinstance(url, str):
        raise ValueError("entry has no url")
    extra = {"tab_state": row["state"], "current_entry": row["current"]}
    _put(extra, "title", entry.get("title"))
    if row["closedAt"] is not None:
        extra["closed_at"] = ctx.time(UNIX_MILLISECONDS, row["closedAt"], column="_closedTabs[].closedAt")
    raw = row["lastAccessed"] if row["current"] else None
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, raw, zero_is_null=True, column="tabs[].lastAccessed"),
        "timestamp_raw": raw,
        "timestamp_desc": LAST_ACCESSED if raw else NOT_A_TIME,
        "kind": "visit",
        "body": url,
        "status": row["state"],
        "extra": extra,
        "source_locator": row["key"],
    }


class SessionStoreParser(Parser):
    """A Gecko profile's session store (mozLz4 JSON): the pages of open and closed tabs."""

    signatures = ((0, MOZLZ4_MAGIC),)
    tables = {"windows[].tabs[].entries[]": {"url", "title"}, "tabs[]": {"index", "lastAccessed"}}
    time_units = {"tabs[].lastAccessed": UNIX_MILLISECONDS, "_closedTabs[].closedAt": UNIX_MILLISECONDS}
    references = (
        "mozilla-central toolkit/components/lz4/lz4.js (mozLz40 framing)",
        "mozilla-central browser/components/sessionstore/SessionStore.sys.mjs (windows, tabs, entries, "
        "_closedTabs, _closedWindows, lastAccessed)",
    )

    def parse(self, ctx):
        with open(ctx.source.local_path, "rb") as fh:
            data = fh.read()
        try:
            session = json.loads(decompress(data).decode("utf-8"))
        except MozLz4Error as exc:
            ctx.warn_file(f"not a readable session store: {exc}")
            return
        except (UnicodeDecodeError, ValueError) as exc:
            ctx.warn_file(f"session store does not hold JSON ({type(exc).__name__}: {exc})")
            return
        if not isinstance(session, dict) or not isinstance(session.get("windows"), list):
            ctx.warn_file("session store JSON has no windows list (unknown layout)")
            return
        yield from ctx.map_rows(session_rows(session), session_entry_to_event, table="sessionstore", id_column="key")


#: android-components DownloadState.Status ids as ALEAPP labels them (firefoxDownloads.py)
MOZAC_DOWNLOAD_STATUSES = {3: "paused", 4: "canceled", 5: "failed", 6: "finished"}


def mozac_download_to_event(row, ctx) -> dict:
    """A ``downloads`` row of android-components' ``mozac_downloads_database`` (created_at in ms)."""
    status = row["status"]
    extra = {"download_id": row["id"], "file_name": row["file_name"], "content_type": row["content_type"],
             "content_length": row["content_length"], "status": status,
             "status_label": MOZAC_DOWNLOAD_STATUSES.get(status, f"status {status}"),
             "destination_directory": row["destination_directory"]}
    if row["is_private"] is not None:
        extra["private"] = bool(row["is_private"])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["created_at"], zero_is_null=True, column="downloads.created_at"),
        "timestamp_raw": row["created_at"],
        "timestamp_desc": CREATED,
        "kind": "download",
        "body": row["url"] or None,  # migration 3 -> 4 blanks data: URLs
        "status": extra["status_label"],
        "extra": extra,
    }


class MozacDownloadsParser(GeckoStore):
    """android-components' ``databases/mozac_downloads_database`` (the downloads of a Fenix-based browser)."""

    required_tables = {"downloads": {"id", "url", "file_name", "content_type", "content_length", "status",
                                     "destination_directory", "created_at"}}
    time_units = {"downloads.created_at": UNIX_MILLISECONDS}
    references = (
        "android-components feature/downloads db/DownloadsDatabase.kt (Room version 4; migration_2_3 table, "
        "migration_3_4 data: URLs cleared; is_private of version 2)",
        "ALEAPP scripts/artifacts/firefoxDownloads.py (path, created_at ms, status 3 paused ... 6 finished)",
    )

    def parse(self, ctx):
        cols = "id, url, file_name, content_type, content_length, status, destination_directory, created_at, " + \
            ctx.column_or_null("downloads", "is_private")
        yield from ctx.map_rows(f"SELECT rowid AS rid, {cols} FROM downloads ORDER BY rowid", mozac_download_to_event,
                                table="downloads", id_column="rid")


#: a synced tab's earlier URLs kept (Fennec ``tabs.history``, Firefox for iOS ``tabs.history``), and the largest
#: JSON text of them decoded (attacker-shaped input)
MAX_TAB_HISTORY = 50
MAX_TAB_HISTORY_CHARS = 1_000_000


def tab_history(raw) -> list[str] | None:
    """A Firefox sync tab's ``history``: its JSON list of URL strings, at most :data:`MAX_TAB_HISTORY`; ``None``
    when absent, too long or not such a list (the caller keeps the raw text)."""
    if not isinstance(raw, str) or not raw or len(raw) > MAX_TAB_HISTORY_CHARS:
        return None
    try:
        urls = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(urls, list):
        return None
    return [u for u in urls if isinstance(u, str)][:MAX_TAB_HISTORY]


def profile_globs(profile: str) -> dict[str, tuple[str, ...]]:
    """The path globs of a Gecko profile folder's stores (``profile``: a glob of the profile folder)."""
    return {
        "places": (profile + "/places.sqlite",),
        "cookies": (profile + "/cookies.sqlite",),
        "formhistory": (profile + "/formhistory.sqlite",),
        "sessionstore": (profile + "/sessionstore.jsonlz4", profile + "/sessionstore-backups/*.jsonlz4",
                         profile + "/sessionstore-backups/*.baklz4", profile + "/sessionstore-backups/upgrade.jsonlz4-*"),
    }
