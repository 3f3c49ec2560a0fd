"""Onion Browser for iOS: its bookmarks (``Documents/bookmarks.plist``).

Where the facts come from: ``OnionBrowser/OnionBrowser`` ``OnionBrowser/Bookmarks/Bookmark.swift``
@ 063b75c5: the file is ``FileManager.default.docsDir`` + ``bookmarks.plist`` (the app container's
``Documents``), written by ``NSMutableDictionary.write(to:)`` (an XML property list) as
``{"bookmarks": [{"name", "url", "icon", "last_updated"}], "version": 2}``; ``icon`` is the file name
(a UUID) of the favicon PNG in the same folder; ``last_updated`` is
``Date.timeIntervalSince1970`` (seconds, a float) of the favicon's last download, not the time the
bookmark was made. The store keeps no creation time, and Onion Browser writes no history, so
each bookmark is a ``bookmark`` event without a time ("Not a time"); the favicon time is kept in
``extra.icon_last_updated``. First-run defaults (``defaultBookmarks``: DuckDuckGo, New York Times,
BBC ... onion sites) are stored like any other bookmark and cannot be told apart from the user's.

The file name is generic, so the parser checks the layout (a dict with a ``bookmarks`` list and a
``version``) before it claims a file; another app's ``bookmarks.plist`` is "not applicable".
"""

from __future__ import annotations

import plistlib

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"


def _load(path) -> dict | None:
    with open(path, "rb") as fh:
        return plistlib.load(fh)


def bookmark_to_event(row, ctx) -> dict:
    item = row["item"]
    if not isinstance(item, dict):
        raise ValueError(f"bookmark is a {type(item).__name__}, not a dict")
    url = item.get("url")
    extra = {"title": item.get("name"), "icon": item.get("icon") or None, "position": row["index"]}
    updated = item.get("last_updated")
    if updated:
        extra["icon_last_updated"] = ctx.time(UNIX_SECONDS, updated, column="bookmarks[].last_updated")
        extra["icon_last_updated_raw"] = updated
    return {"timestamp": None, "timestamp_desc": NOT_A_TIME, "kind": "bookmark", "body": url or None,
            "extra": extra}


class OnionBrowserParser(Parser):
    name = "onion_browser"
    version = __version__
    app = "onion_browser"
    platform = "ios"
    description = "Onion Browser (iOS): bookmarks (Documents/bookmarks.plist)"
    path_globs = ("**/Documents/bookmarks.plist",)
    tables = {"bookmarks.plist": {"bookmarks", "version"}, "bookmarks[]": {"name", "url", "icon", "last_updated"}}
    time_units = {"bookmarks[].last_updated": UNIX_SECONDS}
    references = ("OnionBrowser/OnionBrowser OnionBrowser/Bookmarks/Bookmark.swift (file, keys, version 2)",)

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(64)
        if not head.lstrip().startswith((b"<?xml", b"bplist", b"<plist")):
            return "not a property list"
        try:
            data = _load(ctx.source.local_path)
        except Exception:  # a damaged property list: parse() says so
            return None
        if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list) or "version" not in data:
            return "no bookmarks list and version (not Onion Browser's bookmarks.plist)"
        return None

    def parse(self, ctx):
        try:
            data = _load(ctx.source.local_path)
        except Exception as exc:  # plistlib raises several types for damage
            ctx.warn_file(f"damaged property list ({type(exc).__name__}: {exc})")
            return
        if data.get("version") != 2:
            ctx.warn_file(f"bookmarks.plist version {data.get('version')!r} (version 2 is the one known)")
        rows = ({"index": i, "item": item} for i, item in enumerate(data["bookmarks"]))
        yield from ctx.map_rows(rows, bookmark_to_event, table="bookmarks", id_column="index")


@hookimpl
def register_parsers(register):
    register(OnionBrowserParser)
