"""Google Takeout, My Activity: ``Takeout/My Activity/<product>/MyActivity.json`` (Search, Chrome, YouTube,
Maps, Android, Discover, Gemini Apps ...: what the account recorded of its user, synced from every device) and
the same records of YouTube's history files (``YouTube and YouTube Music/history/search-history.json``,
``watch-history.json``).

A provider's data export (``origin = "provider"``). Layout, from public readers of the file (github
seanbreckenridge/google_takeout_parser ``parse_json.py`` ``_parse_json_activity``, its ``tests/test_json.py``
record and ``locales/en.py`` / ``locales/de.py`` paths): a top-level array, one object per activity with
``header`` (the product), ``title`` (``Searched for cats``, ``Visited <page title>``, ``Watched <video>``,
``7 cards in your feed`` ...), ``titleUrl``, ``description``, ``time`` (**ISO 8601 text in UTC with
milliseconds**, ``2021-12-13T03:04:05.007Z``), ``products`` (a list of names), ``subtitles`` (``name`` and
``url``: a video's channel ...), ``details`` (``name``: ``From IP 8.8.8.8`` in the HTML variant's test),
``locationInfos`` (``name``, ``url``, ``source``, ``sourceUrl``: where Google placed the user) and
``activityControls`` (the account settings that recorded it). In a German export the folder is
``Meine Aktivitäten/<product>/MeineAktivitäten.json`` and YouTube's ``YouTube und YouTube Music/Verlauf/``.

Kinds. The titles are written in the export's language; this parser knows the English verbs only, and
decides the rest from the record's own URL, never from a guess at the wording:

* ``search``: a title ``Searched for <terms>``, or a ``titleUrl`` that is a Google search (``/search?q=``) or a
  YouTube search (``/results?search_query=``) in any language; ``body`` the URL, ``extra.term`` the terms;
* ``visit``: a title ``Visited``, ``Viewed`` or ``Watched`` with a ``titleUrl``; ``body`` the page's URL, taken
  out of Google's redirect (``https://www.google.com/url?q=<page>``) when the record holds one (the redirect
  kept in ``extra.title_url``);
* ``other``: every other record, ``body`` its title; nothing is dropped.

Every field of the record is kept in ``extra`` (``header``, ``title``, ``title_url``, ``products``,
``subtitles``, ``details``, ``location_infos``, ``activity_controls``, ``description``); a detail ``From IP
<address>`` also gives ``extra.ip``. The array is read as a stream (``artefacts.decoders.jsonstream``), one
record at a time, each at most 1 M characters of JSON.

The web pages of the same records (``MyActivity.html``: local times with a zone name) are read by
``plugins/takeout_activity_html.py`` through :func:`classify`.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from artefacts import hookimpl
from artefacts.decoders.jsonstream import JsonStream, head_of, map_json_stream
from artefacts.events import NOT_A_TIME
from artefacts.parser import Parser
from artefacts.timeconv import ISO_TEXT

__version__ = "1.0"

ACTIVITY_TIME = "Activity Time"
MAX_ENTRY_CHARS = 1 << 20
#: English title verbs (google_takeout_parser's tests and published records)
SEARCH_PREFIX = "Searched for "
VISIT_PREFIXES = ("Visited ", "Viewed ", "Watched ")
IP_PREFIX = "From IP "
#: the record's keys kept in ``extra``, by the name they get there
EXTRA_KEYS = (("header", "header"), ("title", "title"), ("titleUrl", "title_url"), ("description", "description"),
              ("products", "products"), ("subtitles", "subtitles"), ("details", "details"),
              ("locationInfos", "location_infos"), ("activityControls", "activity_controls"))


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _query(url: str, key: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(key)
    return values[0] if values else None


def search_terms(url: str | None) -> str | None:
    """The terms of a Google or YouTube search URL; ``None`` for any other URL."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.path == "/search" and (host.startswith("www.google.") or host.startswith("google.")):
        return _query(url, "q")
    if parts.path == "/results" and host.endswith("youtube.com"):
        return _query(url, "search_query")
    return None


def redirect_target(url: str | None) -> str | None:
    """The page behind Google's redirect ``https://www.google.com/url?q=<page>`` (or ``url=``)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.path != "/url" or not (host.startswith("www.google.") or host.startswith("google.")):
        return None
    return _query(url, "q") or _query(url, "url")


def classify(entry: dict) -> tuple[str, str | None, dict]:
    """The kind, body and ``extra`` of one activity record (the JSON form of its keys, whichever file held it)."""
    title = _text(entry.get("title"))
    url = _text(entry.get("titleUrl"))
    extra = {name: entry[key] for key, name in EXTRA_KEYS if entry.get(key) not in (None, "", [], {})}
    for detail in entry.get("details") or ():
        name = detail.get("name") if isinstance(detail, dict) else None
        if isinstance(name, str) and name.startswith(IP_PREFIX):
            extra["ip"] = name[len(IP_PREFIX):].strip()
    terms = search_terms(url)
    if title and title.startswith(SEARCH_PREFIX):
        kind, body = "search", url
        extra["term"] = title[len(SEARCH_PREFIX):]
    elif terms is not None:
        kind, body = "search", url
        extra["term"] = terms
    elif url and title and title.startswith(VISIT_PREFIXES):
        kind, body = "visit", redirect_target(url) or url
    else:
        kind, body = "other", title
    return kind, body, extra


def activity_event(entry: dict, index: int, ts: str | None, raw, more: dict | None = None) -> dict:
    """The event of one record (JSON form, :func:`classify`), timed by ``ts`` (stored as ``raw``); ``more`` goes
    into ``extra`` beside the record's fields."""
    kind, body, extra = classify(entry)
    extra.update(more or {})
    return {
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": ACTIVITY_TIME if ts is not None else NOT_A_TIME,
        "kind": kind,
        "body": body,
        "extra": extra,
        "source_locator": f"activity:index={index}",
    }


def activity_to_event(row: dict, ctx) -> dict:
    entry = row["entry"]
    if not isinstance(entry, dict):
        raise ValueError(f"element is a JSON {type(entry).__name__}, not an activity record")
    raw = entry.get("time")
    ts = ctx.time(ISO_TEXT, raw, column="time") if raw is not None else None
    if raw is None:
        ctx.warn("activity without a time")
    return activity_event(entry, row["index"], ts, raw)


class TakeoutActivityParser(Parser):
    name = "takeout_my_activity"
    app = "google_my_activity"
    platform = "desktop"
    origin = "provider"
    description = ("Google Takeout My Activity (MyActivity.json of every product, YouTube history): searches, "
                   "visited pages, watched videos and every other record, streamed")
    path_globs = ("**/My Activity/*/MyActivity.json",
                  "**/Meine Aktivitäten/*/MeineAktivitäten.json",
                  "**/YouTube and YouTube Music/history/*.json",
                  "**/YouTube/history/*.json",
                  "**/YouTube und YouTube Music/Verlauf/*.json")
    time_units = {"activity.time": ISO_TEXT}
    references = ("github seanbreckenridge/google_takeout_parser google_takeout_parser/parse_json.py, "
                  "tests/test_json.py, locales/en.py, locales/de.py",)

    def check_file(self, ctx) -> str | None:
        head = head_of(ctx).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"["):
            return "not a JSON array of activity records"
        if head[1:].lstrip(b" \t\r\n").startswith(b"]"):
            return None
        # a record has a title and a time (and a header or products): any other JSON array is not claimed
        if b'"title"' in head and b'"time"' in head and (b'"header"' in head or b'"products"' in head):
            return None
        return "no activity record (title, time, header) at the start of the array"

    def parse(self, ctx):
        yield from map_json_stream(ctx, self._rows, activity_to_event, table="activity", id_column="index",
                                   max_value=MAX_ENTRY_CHARS, what=ctx.source.path.rsplit("/", 1)[-1])

    @staticmethod
    def _rows(s: JsonStream):
        if s.peek_kind() != "array":
            return
        for i in s.array_items():
            yield {"index": i, "entry": s.value()}


@hookimpl
def register_parsers(register):
    register(TakeoutActivityParser)
