"""Google Takeout, Chrome: ``Takeout/Chrome/BrowserHistory.json`` (the synced browsing history).

A provider's data export (``origin = "provider"``). Layout, from a real Takeout file published as a
sample (github MichaelCurrin/history-report ``historyreport/var/samples/BrowserHistory.json``): one
object whose ``"Browser History"`` array holds a visit per element with ``page_transition``
(``LINK``, ``TYPED``, ``RELOAD`` ...), ``title``, ``url``, ``client_id`` (the syncing Chrome
installation), ``time_usec`` (**microseconds since 1970 UTC**) and, for some, ``favicon_url``; newer
files add ``page_transition_qualifier`` (read by the Takeout parsers in the project's search results,
kept when present).

Each element is a ``visit`` event: ``body`` the URL, ``extra`` the title, the transition as written and
the other fields. The array is read as a stream (``artefacts.decoders.jsonstream``), one visit at a
time, each at most 1 M characters of JSON. The history is the account's, synced from every signed-in
Chrome, so ``platform`` is ``desktop`` for lack of a better one and ``client_id`` tells installations
apart.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders.jsonstream import JsonStream, head_of, map_json_stream
from artefacts.events import NOT_A_TIME
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MICROSECONDS

__version__ = "1.0"

VISIT_TIME = "Visit Time"
MAX_ENTRY_CHARS = 1 << 20
EXTRA_KEYS = ("title", "page_transition", "page_transition_qualifier", "favicon_url", "client_id")


def visit_to_event(row: dict, ctx) -> dict:
    entry = row["entry"]
    raw = entry.get("time_usec")
    ts = ctx.time(UNIX_MICROSECONDS, raw, column="time_usec") if isinstance(raw, int) else None
    if raw is not None and not isinstance(raw, int):
        ctx.warn(f"time_usec {raw!r} is not a whole number of microseconds")
    url = entry.get("url")
    return {
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": VISIT_TIME if ts is not None else NOT_A_TIME,
        "kind": "visit",
        "body": url if isinstance(url, str) else None,
        "extra": {k: entry[k] for k in EXTRA_KEYS if k in entry},
        "source_locator": f"Browser History:index={row['index']}",
    }


class TakeoutChromeParser(Parser):
    name = "takeout_chrome_history"
    app = "chrome"
    platform = "desktop"
    origin = "provider"
    description = "Google Takeout Chrome/BrowserHistory.json: every synced visit (URL, title, transition), streamed"
    path_globs = ("**/Chrome/BrowserHistory.json",)
    time_units = {"Browser History.time_usec": UNIX_MICROSECONDS}
    references = ("github MichaelCurrin/history-report historyreport/var/samples/BrowserHistory.json",)

    def check_file(self, ctx) -> str | None:
        head = head_of(ctx)
        return None if b'"Browser History"' in head else "no \"Browser History\" list"

    def parse(self, ctx):
        yield from map_json_stream(ctx, self._rows, visit_to_event, table="Browser History", id_column="index",
                                   max_value=MAX_ENTRY_CHARS, what="BrowserHistory.json")

    @staticmethod
    def _rows(s: JsonStream):
        for key in s.object_keys():
            if key == "Browser History" and s.peek_kind() == "array":
                for i in s.array_items():
                    entry = s.value()
                    if isinstance(entry, dict):
                        yield {"index": i, "entry": entry}


@hookimpl
def register_parsers(register):
    register(TakeoutChromeParser)
