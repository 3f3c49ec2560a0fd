"""The legacy Android WebView (``android.webkit`` before Android 4.4's Chromium WebView): an app's
``databases/webview.db`` (cookies, form data, saved HTTP-auth and site passwords) and
``databases/webviewCache.db`` (the HTTP cache index).

Before Android 4.4 every app that embedded a ``WebView`` kept these two databases in its own
``databases`` folder (plaso's real files come from the Skype app). Tables and columns as plaso's
``android_webview`` and ``android_webviewcache`` plugins declare them (``plaso/parsers/sqlite_plugins/
android_webview.py`` ``SCHEMAS``, ``android_webviewcache.py``), which are the real files':

* ``cookies`` (``_id``, ``name``, ``value``, ``domain``, ``path``, ``expires``, ``secure``): ``expires`` in
  milliseconds since 1970, 0 or NULL for a session cookie (plaso: ``JavaTime``, else "Infinity"); plaso
  names the host without the domain cookie's leading dot and builds the URL ``http(s)://host/path`` from
  ``secure``.
* ``formurl`` (``_id``, ``url``) and ``formdata`` (``_id``, ``urlid`` -> ``formurl._id``, ``name``,
  ``value``): values typed into web forms, no time.
* ``httpauth`` (``host``, ``realm``, ``username``, ``password``) and ``password`` (``host``, ``username``,
  ``password``): credentials the WebView saved, in clear, no time.
* ``cache`` of ``webviewCache.db`` (``_id``, ``url``, ``filepath`` (the cached file's name in the app's
  ``cache/webviewCache`` folder), ``lastmodify`` (the ``Last-Modified`` header as written), ``etag``,
  ``expires`` (ms since 1970), ``expiresstring``, ``mimetype``, ``encoding``, ``httpstatus``, ``location``,
  ``contentlength``, ``contentdisposition``): a resource the WebView fetched, timed by its expiry as
  plaso does (the only time the row holds).

Events: a ``cookie`` per cookie, an ``other`` per form value and per saved credential (no time), an
``other`` per cache entry (``body`` the URL: the indicator scan reads it).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

EXPIRES = "Expiration Time"
REFERENCES = (
    "plaso plaso/parsers/sqlite_plugins/android_webview.py (REQUIRED_STRUCTURE, SCHEMAS of webview.db; expires "
    "JavaTime ms, 0 = no expiry; host without the leading dot; URL from secure)",
    "plaso plaso/parsers/sqlite_plugins/android_webviewcache.py (cache table; expires ms)",
    "real files webview.db and webviewCache.db of plaso's test data (the Skype Android app)",
)


def _expiry(row, ctx, column: str) -> dict:
    raw = row["expires"]
    when = ctx.time(UNIX_MILLISECONDS, raw, zero_is_null=True, column=column) if raw else None
    return {"timestamp": when, "timestamp_raw": raw, "timestamp_desc": EXPIRES if when else NOT_A_TIME}


def cookie_to_event(row, ctx) -> dict:
    domain = row["domain"] or ""
    host = domain[1:] if domain.startswith(".") else domain
    secure = bool(row["secure"])
    url = f"{'https' if secure else 'http'}://{host}{row['path'] or ''}"
    return {**_expiry(row, ctx, "cookies.expires"), "kind": "cookie", "body": url,
            "extra": {"name": row["name"], "value": row["value"], "domain": row["domain"], "host": host,
                      "path": row["path"], "secure": secure, "session_cookie": not row["expires"]}}


def formdata_to_event(row, ctx) -> dict:
    return {"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
            "body": f"{row['name']}: {row['value']}",
            "extra": {"form_url": row["url"], "fieldname": row["name"], "value": row["value"], "url_id": row["urlid"]}}


def credential_to_event(row, ctx) -> dict:
    extra = {"saved_credential": row["what"], "host": row["host"], "username": row["username"],
             "password": row["password"]}
    if row["realm"] is not None:
        extra["realm"] = row["realm"]
    return {"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
            "body": f"{row['what']} saved for {row['host']}: {row['username']}", "extra": extra}


def cache_to_event(row, ctx) -> dict:
    extra = {k: row[k] for k in ("filepath", "lastmodify", "etag", "expiresstring", "mimetype", "encoding",
                                 "httpstatus", "location", "contentlength", "contentdisposition")
             if row[k] not in (None, "")}
    return {**_expiry(row, ctx, "cache.expires"), "kind": "other", "body": row["url"], "extra": extra}


class _WebViewStore(SQLiteParser):
    version = __version__
    app = "webview"
    platform = "android"
    references = REFERENCES


class AndroidWebViewParser(_WebViewStore):
    name = "android_webview"
    description = "Legacy Android WebView webview.db of any app: cookies, form data, saved passwords (before 4.4)"
    path_globs = ("**/databases/webview.db",)
    required_tables = {"android_metadata": set(),
                       "cookies": {"_id", "name", "value", "domain", "expires", "path", "secure"}}
    time_units = {"cookies.expires": UNIX_MILLISECONDS}

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT _id, name, value, domain, path, expires, secure FROM cookies ORDER BY _id",
                                cookie_to_event, table="cookies", id_column="_id")
        if ctx.has_columns("formdata", "_id", "urlid", "name", "value") and ctx.has_columns("formurl", "_id", "url"):
            yield from ctx.map_rows("SELECT d._id, d.urlid, d.name, d.value, u.url FROM formdata d "
                                    "LEFT JOIN formurl u ON u._id = d.urlid ORDER BY d._id",
                                    formdata_to_event, table="formdata", id_column="_id")
        for table, realm, what in (("httpauth", "realm", "HTTP authentication"), ("password", "NULL", "password")):
            if ctx.has_columns(table, "_id", "host", "username", "password"):
                yield from ctx.map_rows(f"SELECT _id, host, username, password, {realm} AS realm, ? AS what "
                                        f"FROM {table} ORDER BY _id", credential_to_event, table=table,
                                        id_column="_id", params=(what,))


class AndroidWebViewCacheParser(_WebViewStore):
    name = "android_webviewcache"
    description = "Legacy Android WebView webviewCache.db of any app: the URLs it fetched and cached (before 4.4)"
    path_globs = ("**/databases/webviewCache.db",)
    required_tables = {"android_metadata": set(), "cache": {"_id", "url", "contentlength", "expires", "lastmodify"}}
    time_units = {"cache.expires": UNIX_MILLISECONDS}
    OPTIONAL = ("filepath", "etag", "expiresstring", "mimetype", "encoding", "httpstatus", "location",
                "contentdisposition")

    def parse(self, ctx):
        yield from ctx.map_table("cache", cache_to_event, id_column="_id",
                                 columns=("_id", "url", "contentlength", "expires", "lastmodify"), optional=self.OPTIONAL)


@hookimpl
def register_parsers(register):
    register(AndroidWebViewParser)
    register(AndroidWebViewCacheParser)
