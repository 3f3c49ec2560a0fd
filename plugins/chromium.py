"""The Chromium family of browsers (Chrome, Samsung Internet, Brave, Edge, Opera, Cromite, WebView ...),
Android and iOS: the ``History`` database (visits, keyword searches, downloads) and the ``Bookmarks`` file.

Every Chromium browser writes the same ``History`` SQLite database (``components/history/core/browser``
of the Chromium source) into its profile folder; only the folder tells the browsers apart. Paths (ALEAPP
``scripts/artifacts/chrome.py``, iLEAPP ``scripts/artifacts/chrome.py``): on Android
``<package>/app_chrome/Default/History`` (Chrome ``com.android.chrome``, Brave ``com.brave.browser``, Edge
``com.microsoft.emmx``, Cromite ``org.cromite.cromite`` and other forks), ``app_sbrowser/Default/History``
(Samsung Internet, ``com.sec.android.app.sbrowser``), ``app_opera/History`` (Opera),
``<package>/app_webview/Default/History`` (an app's embedded WebView); on iOS
``Library/Application Support/Google/Chrome/Default/History`` (Chrome) and ``.../Chromium/Default/History``.
The browser is named from the package folder in the path as ALEAPP does (the package itself when it is
not one of those); a ``History`` file given alone, or found outside a phone's app folders (a desktop
profile, such as plaso's test files from desktop Linux), is recorded as ``desktop``.

Tables and columns (Chromium source, ``components/history/core/browser``):

* ``urls`` (``url_database.cc`` ``CreateURLTable``): ``id``, ``url``, ``title``, ``visit_count``,
  ``typed_count``, ``last_visit_time``, ``hidden``.
* ``visits`` (``visit_database.cc`` ``InitVisitTable``): ``id``, ``url`` (-> ``urls.id``), ``visit_time``,
  ``from_visit`` (the referring visit, 0 for none), ``transition``, ``segment_id``, ``visit_duration``
  (a duration in microseconds, not a time), and in later versions ``incremented_omnibox_typed_score``,
  ``opener_visit``, ``originator_cache_guid`` / ``originator_visit_id`` (a visit synced from another
  device: the originating client and its visit id), ``is_known_to_sync``,
  ``consider_for_ntp_most_visited``, ``visited_link_id``, ``external_referrer_url`` and ``app_id``
  ("package name of the app opening the Custom Tab", Android). Columns a version lacks read as NULL.
* ``visit_source`` (``id`` = visit id, ``source``): only visits that were not browsed on this device are
  recorded (``AddVisit``: ``if (source != SOURCE_BROWSED)``); ``history_types.h`` ``VisitSource``: 0 synced,
  1 browsed, 2 extension, 3 Firefox imported, 4 IE imported, 5 Safari imported.
* ``transition`` (``ui/base/page_transition_types.h``): the core type in the low byte (0 link, 1 typed,
  2 auto bookmark, 3 auto subframe, 4 manual subframe, 5 generated, 6 auto toplevel, 7 form submit,
  8 reload, 9 keyword, 10 keyword generated) and qualifier bits: 0x00800000 blocked, 0x01000000
  forward/back, 0x02000000 from address bar, 0x04000000 home page, 0x08000000 from API, 0x10000000 chain
  start, 0x20000000 chain end, 0x40000000 client redirect, 0x80000000 server redirect (stored as a signed
  32-bit value, so a server redirect reads negative).
* ``keyword_search_terms`` (``url_database.cc``): ``keyword_id``, ``url_id`` (the search results page),
  ``term`` and ``lower_term`` (until version 42) or ``normalized_term`` (``MigrateKeywordsSearchTermsLowerTermColumn``).
  A term has no time of its own: Chromium orders terms by the results page's ``urls.last_visit_time``
  (``GetMostRecentKeywordSearchTerms``), which is the event's time.
* ``downloads`` (``download_database.cc`` ``InitDownloadTable``): ``id``, ``guid``, ``current_path``,
  ``target_path``, ``start_time``, ``received_bytes``, ``total_bytes``, ``state``, ``danger_type``,
  ``interrupt_reason``, ``hash`` (raw SHA-256 of the content), ``end_time``, ``opened``, and by version
  ``last_access_time``, ``transient``, ``referrer``, ``site_url``, ``tab_url``, ``tab_referrer_url``,
  ``http_method``, ``by_ext_id``/``by_ext_name``, ``by_web_app_id``, ``etag``, ``last_modified``,
  ``mime_type``, ``original_mime_type``; ``downloads_url_chains`` (``id``, ``chain_index``, ``url``: the
  download's URL and its redirects, index 0 the first). ``download_constants.h``: ``DownloadState`` 0 in
  progress, 1 complete, 2 cancelled, 3 (bug 140687, migrated to 4), 4 interrupted; ``DownloadDangerType``
  0-20; ``components/download/public/common/download_interrupt_reason_values.h`` the interrupt reasons.
* ``meta`` (``sql::MetaTable``): ``version``. ``history_database.cc`` ``EnsureCurrentVersion``: up to version
  16 Mac, Linux and Android kept times since 1970 (``MigrateTimeEpoch`` moved them to 1601 at 16 -> 17),
  so a file older than version 17 is refused with one warning; the newest version known here is 69
  (``kCurrentVersionNumber``; 68 -> 69 ``MigrateVisitsAddAppId``), a newer one is parsed with the columns
  it has and one warning.

Times are WebKit microseconds since 1601-01-01 UTC (``base::Time::ToInternalValue``), 0 meaning "not set".

The ``Bookmarks`` file (``components/bookmarks/browser/bookmark_codec.cc``): JSON ``{"roots":
{"bookmark_bar", "other", "synced"}, "version": 1, ...}``; each node has ``id``, ``guid``, ``name``,
``type`` (``url`` or ``folder``), ``date_added``, ``date_last_used`` (later versions), ``url`` and, for a
folder, ``children`` and ``date_modified``. Dates are WebKit microseconds written as decimal strings.

Events: a ``visit`` per ``visits`` row (``body`` the URL: the indicator scan reads it), a ``search`` per
``keyword_search_terms`` row, a ``download`` per ``downloads`` row timed by its start (end time, bytes,
state, danger type, paths and URL chain in ``extra``), a ``bookmark`` per URL node of ``Bookmarks``.
"""

from __future__ import annotations

import json
import re

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME, put_present
from artefacts.parser import Parser, SQLiteParser
from artefacts.sqlmapping import sql_no_blob
from artefacts.timeconv import WEBKIT_MICROSECONDS

__version__ = "1.0"

APP = "chromium"
VISITED = "Page Visited"
SEARCH_PAGE_VISITED = "Last Visited Time (search results page)"
DOWNLOAD_STARTED = "Download Start Time"
BOOKMARK_ADDED = "Bookmark Added"

#: ui/base/page_transition_types.h, core types (transition & 0xFF)
CORE_TRANSITIONS = {0: "link", 1: "typed", 2: "auto_bookmark", 3: "auto_subframe", 4: "manual_subframe",
                    5: "generated", 6: "auto_toplevel", 7: "form_submit", 8: "reload", 9: "keyword",
                    10: "keyword_generated"}
#: ui/base/page_transition_types.h, qualifier bits
QUALIFIERS = {0x00800000: "blocked", 0x01000000: "forward_back", 0x02000000: "from_address_bar",
              0x04000000: "home_page", 0x08000000: "from_api", 0x10000000: "chain_start",
              0x20000000: "chain_end", 0x40000000: "client_redirect", 0x80000000: "server_redirect"}
#: history_types.h VisitSource (a visit without a visit_source row was browsed)
VISIT_SOURCES = {0: "synced", 1: "browsed", 2: "extension", 3: "firefox_imported", 4: "ie_imported",
                 5: "safari_imported"}
#: download_constants.h DownloadState
DOWNLOAD_STATES = {0: "in_progress", 1: "complete", 2: "cancelled", 3: "interrupted (bug 140687)", 4: "interrupted"}
#: download_constants.h DownloadDangerType
DANGER_TYPES = {0: "not_dangerous", 1: "dangerous_file", 2: "dangerous_url", 3: "dangerous_content",
                4: "maybe_dangerous_content", 5: "uncommon_content", 6: "user_validated", 7: "dangerous_host",
                8: "potentially_unwanted", 9: "allowlisted_by_policy", 10: "async_scanning",
                11: "blocked_password_protected", 12: "blocked_too_large", 13: "sensitive_content_warning",
                14: "sensitive_content_block", 15: "deep_scanned_safe", 16: "deep_scanned_opened_dangerous",
                17: "prompt_for_scanning", 18: "blocked_unsupported_filetype", 19: "dangerous_account_compromise",
                20: "deep_scanned_failed"}
#: components/download/public/common/download_interrupt_reason_values.h (0: none)
INTERRUPT_REASONS = {0: "none", 1: "file_failed", 2: "file_access_denied", 3: "file_no_space", 5: "file_name_too_long",
                     6: "file_too_large", 7: "file_virus_infected", 10: "file_transient_error", 11: "file_blocked",
                     12: "file_security_check_failed", 13: "file_too_short", 14: "file_hash_mismatch",
                     15: "file_same_as_source", 20: "network_failed", 21: "network_timeout",
                     22: "network_disconnected", 23: "network_server_down", 24: "network_invalid_request",
                     30: "server_failed", 31: "server_no_range", 33: "server_bad_content", 34: "server_unauthorized",
                     35: "server_cert_problem", 36: "server_forbidden", 37: "server_unreachable",
                     38: "server_content_length_mismatch", 39: "server_cross_origin_redirect", 40: "user_canceled",
                     41: "user_shutdown", 50: "crash", 51: "local_download_blocked"}
#: history_database.cc: MigrateTimeEpoch at 16 -> 17; kCurrentVersionNumber of the newest source read
FIRST_WEBKIT_VERSION = 17
NEWEST_KNOWN_VERSION = 69

#: package folder -> (app slug, browser); ALEAPP chrome.py names and its sample-data packages
PACKAGES = {
    "com.android.chrome": ("chrome", "Chrome"),
    "com.sec.android.app.sbrowser": ("samsung_internet", "Samsung Internet"),
    "com.brave.browser": ("brave", "Brave"),
    "com.microsoft.emmx": ("edge", "Edge"),
    "org.cromite.cromite": ("cromite", "Cromite"),
}
_PACKAGE = re.compile(r"(?:^|/)([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)/app_[^/]+/")
#: the largest Bookmarks file read (a real one is kilobytes; the file is attacker-shaped JSON)
MAX_BOOKMARKS_BYTES = 64 * 1024 * 1024
#: folder nesting followed in Bookmarks (deeper nodes are reported, not followed)
MAX_BOOKMARK_DEPTH = 100

VISIT_COLUMNS = ("incremented_omnibox_typed_score", "opener_visit", "originator_cache_guid", "originator_visit_id",
                 "is_known_to_sync", "consider_for_ntp_most_visited", "external_referrer_url", "app_id")
DOWNLOAD_COLUMNS = ("guid", "hash", "last_access_time", "transient", "referrer", "site_url", "tab_url",
                    "tab_referrer_url", "http_method", "by_ext_id", "by_ext_name", "by_web_app_id", "etag",
                    "last_modified", "mime_type", "original_mime_type")

REFERENCES = (
    "Chromium components/history/core/browser/url_database.cc (urls, keyword_search_terms: term, lower_term -> "
    "normalized_term)",
    "Chromium components/history/core/browser/visit_database.cc (visits schema with originator, app_id columns; "
    "visit_source written only for non-browsed visits)",
    "Chromium components/history/core/browser/history_types.h (VisitSource)",
    "Chromium ui/base/page_transition_types.h (core transitions and qualifier bits)",
    "Chromium components/history/core/browser/download_database.cc and download_constants.h (downloads, "
    "downloads_url_chains, DownloadState, DownloadDangerType)",
    "Chromium components/download/public/common/download_interrupt_reason_values.h (interrupt reasons)",
    "Chromium components/history/core/browser/history_database.cc (meta version, MigrateTimeEpoch at 16 -> 17, "
    "kCurrentVersionNumber 69)",
    "Chromium components/bookmarks/browser/bookmark_codec.cc (Bookmarks JSON keys, WebKit µs date strings)",
    "ALEAPP scripts/artifacts/chrome.py and iLEAPP scripts/artifacts/chrome.py (paths and browser names)",
    "plaso plaso/parsers/sqlite_plugins/chrome_history.py and its tests (real History files of Chrome 57, 58, 59)",
)


# -- where a file comes from -------------------------------------------------------------------------
def browser_of(path: str) -> tuple[str, str, str, str | None]:
    """``(app slug, browser name, platform, package)`` of a History or Bookmarks file from its path."""
    p = "/" + path.replace("\\", "/")
    m = _PACKAGE.search(p)
    if m:
        package = m.group(1)
        if "/app_webview/" in p:
            return "webview", f"WebView of {package}", "android", package
        if package in PACKAGES:
            return (*PACKAGES[package], "android", package)
        if "/app_sbrowser/" in p:
            return "samsung_internet", "Samsung Internet", "android", package
        if "opera" in package.lower() or "/app_opera/" in p:
            return "opera", "Opera", "android", package
        return "chromium", package, "android", package
    if "/Library/Application Support/" in p:
        if "/Google/Chrome/" in p:
            return "chrome", "Chrome", "ios", None
        return "chromium", "Chromium", "ios", None
    return "chromium", "Chromium", "desktop", None


def transition_parts(value) -> tuple[str | None, list[str]]:
    """The core type and the qualifiers of a ``visits.transition`` value (signed or unsigned 32 bits)."""
    if not isinstance(value, int):
        return None, []
    v = value & 0xFFFFFFFF
    core = v & 0xFF
    return (CORE_TRANSITIONS.get(core, f"core type {core}"),
            [name for bit, name in QUALIFIERS.items() if v & bit])


def _label(table: dict, value, what: str):
    if value is None:
        return None
    return table.get(value, f"{what} {value}")


def _put(extra: dict, key: str, value) -> None:
    put_present(extra, key, value)


def _browser(ctx) -> dict:
    """Which browser wrote the file, from its path (looked up once per file)."""
    found = ctx.lookups.get("chromium_browser")
    if found is None:
        app, name, platform, package = browser_of(ctx.source.path)
        found = ctx.lookups["chromium_browser"] = {"app": app, "platform": platform, "browser": name,
                                                  "package": package}
    return found


def _base(ctx, extra: dict) -> dict:
    who = _browser(ctx)
    extra["browser"] = who["browser"]
    _put(extra, "package", who["package"])
    return {"app": who["app"], "platform": who["platform"]}


def browser_event(ctx, extra: dict, unit, raw, column: str, desc: str, kind: str, body, **fields) -> dict:
    """The event of a record of a Chromium profile store timed by ``raw`` (``unit`` of ``column``, 0 meaning "not
    set"), its app and platform (and ``extra``'s browser and package) from the file's path; ``fields``: more event
    fields (status, sender ...)."""
    event = _base(ctx, extra)
    ts = ctx.time(unit, raw, zero_is_null=True, column=column)
    event.update({"timestamp": ts, "timestamp_raw": raw, "timestamp_desc": desc if ts is not None else NOT_A_TIME,
                  "kind": kind, "body": body, "extra": extra, **fields})
    return event


# -- row -> event ------------------------------------------------------------------------------------
def visit_to_event(row, ctx) -> dict:
    """A ``visits`` row joined to its ``urls`` row, its referrer's URL and its ``visit_source``."""
    core, qualifiers = transition_parts(row["transition"])
    source = row["visit_source"] if row["visit_source"] is not None else 1
    extra = {"visit_id": row["id"], "url_id": row["url"], "title": row["title"], "transition": row["transition"],
             "transition_core": core, "transition_qualifiers": qualifiers, "visit_source": source,
             "visit_source_label": _label(VISIT_SOURCES, source, "visit source"),
             "visit_count": row["visit_count"], "typed_count": row["typed_count"], "hidden": row["hidden"]}
    _put(extra, "from_visit", row["from_visit"] or None)
    _put(extra, "from_url", row["from_url"])
    if row["visit_duration"]:
        extra["visit_duration_us"] = row["visit_duration"]
    for col in VISIT_COLUMNS:
        _put(extra, col, row[col] if col in row.keys() else None)
    if row["opener_visit"] == 0:
        extra.pop("opener_visit", None)
    if row["originator_visit_id"] == 0:
        extra.pop("originator_visit_id", None)
    extra["last_visit_time"] = ctx.time(WEBKIT_MICROSECONDS, row["last_visit_time"], zero_is_null=True,
                                        column="urls.last_visit_time")
    extra["last_visit_time_raw"] = row["last_visit_time"]
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["visit_time"], "visits.visit_time", VISITED, "visit",
                         row["url_text"], status=core)


def search_to_event(row, ctx) -> dict:
    """A ``keyword_search_terms`` row with its results page's ``urls`` row."""
    extra = {"term": row["term"], "keyword_id": row["keyword_id"], "url_id": row["url_id"], "title": row["title"],
             "visit_count": row["visit_count"], "typed_count": row["typed_count"]}
    _put(extra, "normalized_term", row["normalized_term"])
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["last_visit_time"], "urls.last_visit_time",
                         SEARCH_PAGE_VISITED, "search", row["url_text"])


def download_to_event(row, ctx) -> dict:
    """A ``downloads`` row with its URL chain (a JSON array, first URL first)."""
    chain = json.loads(row["url_chain"]) if row["url_chain"] else []
    extra = {"download_id": row["id"], "target_path": row["target_path"], "current_path": row["current_path"],
             "received_bytes": row["received_bytes"], "total_bytes": row["total_bytes"], "state": row["state"],
             "state_label": _label(DOWNLOAD_STATES, row["state"], "state"), "danger_type": row["danger_type"],
             "danger_type_label": _label(DANGER_TYPES, row["danger_type"], "danger type"),
             "interrupt_reason": row["interrupt_reason"],
             "interrupt_reason_label": _label(INTERRUPT_REASONS, row["interrupt_reason"], "interrupt reason"),
             "opened": row["opened"], "url_chain": chain}
    for col in DOWNLOAD_COLUMNS:
        value = row[col]
        if col == "hash":
            value = value.hex() if isinstance(value, (bytes, bytearray)) and value else None
        _put(extra, "sha256" if col == "hash" else col, value)
    for col in ("end_time", "last_access_time"):
        raw = row[col]
        if raw:
            extra[col] = ctx.time(WEBKIT_MICROSECONDS, raw, column=f"downloads.{col}")
            extra[f"{col}_raw"] = raw
        else:
            extra.pop(col, None)
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["start_time"], "downloads.start_time", DOWNLOAD_STARTED,
                         "download", chain[-1] if chain else None, status=extra["state_label"])


def bookmark_to_event(node: dict, ctx) -> dict | None:
    """A URL node of the Bookmarks tree (``folder`` its path of folder names); None for other nodes."""
    if node.get("type") != "url":
        return None
    extra = {"title": node.get("name"), "folder": node.get("folder"), "bookmark_id": node.get("id")}
    _put(extra, "guid", node.get("guid"))
    raw_added = node.get("date_added")
    added = _webkit_text(raw_added, ctx, "Bookmarks date_added")
    raw_used = node.get("date_last_used")
    if raw_used not in (None, "", "0"):
        extra["date_last_used"] = _webkit_text(raw_used, ctx, "Bookmarks date_last_used")
        extra["date_last_used_raw"] = raw_used
    event = _base(ctx, extra)
    event.update({
        "timestamp": added,
        "timestamp_raw": raw_added,
        "timestamp_desc": BOOKMARK_ADDED if added else NOT_A_TIME,
        "kind": "bookmark",
        "body": node.get("url"),
        "extra": extra,
    })
    return event


def _webkit_text(raw, ctx, column: str):
    """A WebKit µs time written as a decimal string (Bookmarks), or None (a warning for a non-number)."""
    if raw in (None, "", "0"):
        return None
    if not isinstance(raw, str) or not raw.isdigit():
        ctx.warn(f"{column} is not a decimal number: {str(raw)[:40]!r}")
        return None
    return ctx.time(WEBKIT_MICROSECONDS, int(raw), column=column)


# -- the parsers ---------------------------------------------------------------------------------------
HISTORY_GLOBS = ("**/app_chrome/Default/History", "**/app_sbrowser/Default/History", "**/app_opera/History",
                 "**/app_webview/Default/History", "**/Chrome/Default/History", "**/Chromium/Default/History")
BOOKMARKS_GLOBS = tuple(g[: -len("History")] + "Bookmarks" for g in HISTORY_GLOBS)

VISITS_SQL = """
SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, {visit_columns},
       u.url AS url_text, u.title, u.visit_count, u.typed_count, u.hidden, u.last_visit_time,
       fu.url AS from_url, {source} AS visit_source
FROM visits v
LEFT JOIN urls u ON u.id = v.url
LEFT JOIN visits fv ON v.from_visit != 0 AND fv.id = v.from_visit
LEFT JOIN urls fu ON fu.id = fv.url
{source_join}
ORDER BY v.id
"""

SEARCH_SQL = """
SELECT k.rowid AS rid, k.keyword_id, k.url_id, k.term, {normalized} AS normalized_term,
       u.url AS url_text, u.title, u.visit_count, u.typed_count, u.last_visit_time
FROM keyword_search_terms k LEFT JOIN urls u ON u.id = k.url_id
ORDER BY k.rowid
"""

DOWNLOADS_SQL = """
SELECT d.id, d.current_path, d.target_path, d.start_time, d.received_bytes, d.total_bytes, d.state,
       d.danger_type, d.interrupt_reason, d.end_time, d.opened, {download_columns},
       {chain} AS url_chain
FROM downloads d
ORDER BY d.id
"""
URL_CHAIN_SQL = (f"(SELECT json_group_array({sql_no_blob('url')}) FROM (SELECT c.url FROM downloads_url_chains c "
                 "WHERE c.id = d.id ORDER BY c.chain_index))")


class ChromiumHistoryParser(SQLiteParser):
    name = "chromium_history"
    version = __version__
    app = APP
    platform = "android"
    description = ("Chromium browsers (Chrome, Samsung Internet, Brave, Edge, Opera, WebView; Android, iOS): "
                   "History visits with transitions, keyword searches, downloads")
    path_globs = HISTORY_GLOBS
    required_tables = {
        "meta": {"key", "value"},
        "urls": {"id", "url", "title", "visit_count", "typed_count", "last_visit_time", "hidden"},
        "visits": {"id", "url", "visit_time", "from_visit", "transition"},
    }
    time_units = {"visits.visit_time": WEBKIT_MICROSECONDS, "urls.last_visit_time": WEBKIT_MICROSECONDS,
                  "downloads.start_time": WEBKIT_MICROSECONDS, "downloads.end_time": WEBKIT_MICROSECONDS,
                  "downloads.last_access_time": WEBKIT_MICROSECONDS}
    references = REFERENCES

    def check_file(self, ctx) -> str | None:
        reason = super().check_file(ctx)
        if reason is None and not ctx.has_columns("downloads", "id") and not ctx.has_columns(
                "keyword_search_terms", "term"):
            return "no downloads or keyword_search_terms table: not a Chromium History database"
        return reason

    def parse(self, ctx):
        version = self._version(ctx)
        if version is not None and version < FIRST_WEBKIT_VERSION:
            ctx.warn_file(f"History schema version {version} predates version {FIRST_WEBKIT_VERSION}, before which "
                          "Mac, Linux and Android kept times since 1970 (history_database.cc MigrateTimeEpoch): "
                          "not parsed")
            return
        if version is None or version > NEWEST_KNOWN_VERSION:
            ctx.warn_file(f"History schema version {version!r} is not one this parser knows (newest known "
                          f"{NEWEST_KNOWN_VERSION}): parsed with the columns it has")
        has_source = ctx.has_columns("visit_source", "id", "source")
        yield from ctx.map_rows(VISITS_SQL.format(
            visit_columns=", ".join(ctx.column_or_null("visits", c, prefix="v") for c in VISIT_COLUMNS),
            source="vs.source" if has_source else "NULL",
            source_join="LEFT JOIN visit_source vs ON vs.id = v.id" if has_source else ""),
            visit_to_event, table="visits", id_column="id")
        if ctx.has_columns("keyword_search_terms", "keyword_id", "url_id", "term"):
            normalized = next((f"k.{c}" for c in ("normalized_term", "lower_term")
                               if ctx.has_columns("keyword_search_terms", c)), "NULL")
            yield from ctx.map_rows(SEARCH_SQL.format(normalized=normalized), search_to_event,
                                    table="keyword_search_terms", id_column="rid")
        if ctx.has_columns("downloads", "id", "current_path", "target_path", "start_time", "received_bytes",
                           "total_bytes", "state", "danger_type", "interrupt_reason", "end_time", "opened"):
            chain = URL_CHAIN_SQL if ctx.has_columns("downloads_url_chains", "id", "chain_index", "url") else "NULL"
            yield from ctx.map_rows(DOWNLOADS_SQL.format(
                download_columns=", ".join(ctx.column_or_null("downloads", c, prefix="d") for c in DOWNLOAD_COLUMNS),
                chain=chain), download_to_event, table="downloads", id_column="id")

    @staticmethod
    def _version(ctx) -> int | None:
        return meta_version(ctx)


def meta_version(ctx) -> int | None:
    """The ``version`` of a Chromium database's ``meta`` table (``sql::MetaTable``), ``None`` when unreadable."""
    if not ctx.has_columns("meta", "key", "value"):
        return None
    row = ctx.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    try:
        return int(row[0]) if row is not None else None
    except (TypeError, ValueError):
        return None


def walk_bookmarks(data: dict, ctx):
    """Every node of the ``roots`` trees, depth first, each with ``folder`` (its folders' names joined by /)."""
    roots = data.get("roots")
    if not isinstance(roots, dict):
        raise ValueError("no roots object")
    stack = [(node, key, 0) for key, node in reversed(list(roots.items())) if isinstance(node, dict)]
    while stack:
        node, folder, depth = stack.pop()
        yield {**{k: v for k, v in node.items() if k != "children"}, "folder": folder}
        children = node.get("children")
        if isinstance(children, list) and children:
            if depth >= MAX_BOOKMARK_DEPTH:
                ctx.warn(f"Bookmarks folder {folder!r} nested deeper than {MAX_BOOKMARK_DEPTH}: its children not read")
                continue
            inner = f"{folder}/{node.get('name') or ''}" if depth else folder
            stack.extend((c, inner, depth + 1) for c in reversed(children) if isinstance(c, dict))


class ChromiumBookmarksParser(Parser):
    name = "chromium_bookmarks"
    version = __version__
    app = APP
    platform = "android"
    description = "Chromium browsers (Chrome, Samsung Internet, Brave, Edge, Opera; Android, iOS): Bookmarks JSON"
    path_globs = BOOKMARKS_GLOBS
    tables = {"roots{bookmark_bar,other,synced}": {"id", "name", "type", "url", "date_added", "children"}}
    time_units = {"Bookmarks date_added": WEBKIT_MICROSECONDS, "Bookmarks date_last_used": WEBKIT_MICROSECONDS}
    references = REFERENCES

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(4096).lstrip()
        if not head.startswith(b"{") or b'"roots"' not in head and b'"checksum"' not in head:
            return "not a Chromium Bookmarks JSON file"
        return None

    def parse(self, ctx):
        size = ctx.source.local_path.stat().st_size
        if size > MAX_BOOKMARKS_BYTES:
            ctx.warn_file(f"Bookmarks file of {size} bytes is larger than the {MAX_BOOKMARKS_BYTES} read: not parsed")
            return
        try:
            data = json.loads(ctx.source.local_path.read_bytes().decode("utf-8"))
            nodes = list(walk_bookmarks(data, ctx)) if isinstance(data, dict) else None
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            ctx.warn_file(f"Bookmarks file cannot be read as JSON: {type(exc).__name__}: {exc}")
            return
        if nodes is None:
            ctx.warn_file("Bookmarks file is not a JSON object")
            return
        # a node's id is unique in the file (bookmark_codec.cc reassigns duplicates); its place in the file otherwise
        rows = [{**n, "id": n.get("id") if isinstance(n.get("id"), str) and n["id"].isdigit() else f"#{i}"}
                for i, n in enumerate(nodes, 1)]
        yield from ctx.map_rows(rows, bookmark_to_event, table="Bookmarks", id_column="id")


@hookimpl
def register_parsers(register):
    register(ChromiumHistoryParser)
    register(ChromiumBookmarksParser)
