"""Synthetic Google Takeout My Activity: ``Takeout/My Activity/<product>/MyActivity.json`` for Search, Chrome,
YouTube and Discover, and YouTube's ``Takeout/YouTube and YouTube Music/history/search-history.json``, in the
layout public readers of the real files document (seanbreckenridge/google_takeout_parser ``parse_json.py`` and
``tests/test_json.py``: a top-level array, the keys ``header``, ``title``, ``titleUrl``, ``subtitles``,
``time`` (ISO 8601 UTC with milliseconds and ``Z``), ``products``, ``details``, ``locationInfos``,
``activityControls``; a Search result clicked is recorded through Google's ``/url?q=`` redirect).

:func:`write_html_sample` writes the same records as the web pages of the older standard format
(``MyActivity.html``, YouTube's ``search-history.html``): one ``div.outer-cell`` per record with the product in
``p.mdl-typography--title``, a ``content-cell mdl-typography--body-1`` holding the title line (the verb, a
no-break space, the link), subtitle lines and the time line (``Mar 14, 2025, 9:05:09 PM UTC``), and a
``content-cell mdl-typography--caption`` with ``<b>Products:</b>``, ``<b>Details:</b>``, ``<b>Locations:</b>``
(``name`` - ``source``, each its link): the cells of google_takeout_parser's ``parse_html/test_html_parsing.py``
and its ``parse_html/activity.py``; the page frame around the cells is minimal (no real page was at hand). The
zone is written as ``UTC`` (a real form: ``html_time_utils.py``'s test); the YouTube page puts a narrow no-break
space before ``PM`` as Google's newer pages do (the Voice pages of psanford/google-voice-takeout-parser).

Made-up activity of a made-up account; deterministic. The manifest (the generic form of
``artefacts.synthetic.messengers``, one path per event) lists every record with the kind, body and ``extra``
values it must give, decided here from what each record is, not by the parser's rules.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote_plus

APP = "google_my_activity"
START = datetime(2025, 3, 14, 21, 5, 9, 318000, tzinfo=timezone.utc)
ONION = "https://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/"
LOCATION = {"name": "At this general area",
            "url": "https://www.google.com/maps/@?api=1&map_action=map&center=52.370216,4.895168&zoom=12",
            "source": "From your Location History", "sourceUrl": "https://www.google.com/maps/timeline"}
SEARCH = "Takeout/My Activity/Search/MyActivity.json"
CHROME = "Takeout/My Activity/Chrome/MyActivity.json"
YOUTUBE = "Takeout/My Activity/YouTube/MyActivity.json"
DISCOVER = "Takeout/My Activity/Discover/MyActivity.json"
YT_SEARCHES = "Takeout/YouTube and YouTube Music/history/search-history.json"
FILES = (SEARCH, CHROME, YOUTUBE, DISCOVER, YT_SEARCHES)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _records():
    """(file, record, kind, body, extra values to check), the newest record first in each file as Takeout
    writes them."""
    search_url = "https://www.google.com/search?q=" + quote_plus("buy bitcoin with cash near me")
    redirect = "https://www.google.com/url?q=" + ONION + "&usg=AOvVaw1SYNTHETICusg"
    video = "https://www.youtube.com/watch?v=SYNTHvid001"
    channel = {"name": "Example Channel", "url": "https://www.youtube.com/channel/UCSYNTHETICchannel01"}
    yt_search = "https://www.youtube.com/results?search_query=" + quote_plus("how to use tails os")
    return [
        (SEARCH, {"header": "Search", "title": "Visited Search privately <script>alert(1)</script>", "titleUrl": redirect,
                  "products": ["Search"], "activityControls": ["Web & App Activity"]},
         "visit", ONION, {"title_url": redirect, "header": "Search"}),
        (SEARCH, {"header": "Search", "title": "Searched for buy bitcoin with cash near me", "titleUrl": search_url,
                  "products": ["Search"], "details": [{"name": "From IP 203.0.113.77"}],
                  "locationInfos": [LOCATION], "activityControls": ["Web & App Activity"]},
         "search", search_url, {"term": "buy bitcoin with cash near me", "ip": "203.0.113.77",
                                "location_infos": [LOCATION]}),
        (CHROME, {"header": "Chrome", "title": "Visited Example Domain", "titleUrl": "https://www.example.org/",
                  "products": ["Chrome"], "activityControls": ["Web & App Activity"]},
         "visit", "https://www.example.org/", {"title": "Visited Example Domain"}),
        (YOUTUBE, {"header": "YouTube", "title": "Watched Staying private online", "titleUrl": video,
                   "subtitles": [channel], "products": ["YouTube"], "activityControls": ["YouTube watch history"]},
         "visit", video, {"subtitles": [channel], "activity_controls": ["YouTube watch history"]}),
        (YOUTUBE, {"header": "YouTube", "title": "Watched a video that has been removed", "products": ["YouTube"],
                   "activityControls": ["YouTube watch history"]},
         "other", "Watched a video that has been removed", {"header": "YouTube"}),
        (DISCOVER, {"header": "Discover", "title": "7 cards in your feed", "products": ["Discover"],
                    "locationInfos": [LOCATION]},
         "other", "7 cards in your feed", {"products": ["Discover"]}),
        (YT_SEARCHES, {"header": "YouTube", "title": "Searched for how to use tails os", "titleUrl": yt_search,
                       "products": ["YouTube"], "activityControls": ["YouTube search history"]},
         "search", yt_search, {"term": "how to use tails os"}),
    ]


def write_sample(root) -> dict:
    """The Takeout folder under ``root``; its generic manifest."""
    root = Path(root)
    by_file: dict[str, list] = {f: [] for f in FILES}
    events = []
    for n, (path, record, kind, body, check) in enumerate(_records()):
        when = START - timedelta(minutes=37 * n, microseconds=1000 * n)
        # the key order of the real files: header, title, titleUrl, subtitles, time, products, details ...
        ordered = {k: record[k] for k in ("header", "title", "titleUrl", "subtitles") if k in record}
        ordered["time"] = _iso(when)
        ordered.update({k: record[k] for k in ("products", "details", "locationInfos", "activityControls")
                        if k in record})
        events.append({"path": path, "locator": f"activity:index={len(by_file[path])}", "kind": kind,
                       "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "body": body,
                       "check": check,
                       "timestamp_raw": ordered["time"]})
        by_file[path].append(ordered)
    for path, records in by_file.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    return {"app": APP, "events": events}


HTML_FILES = tuple(f[: -len(".json")] + ".html" for f in FILES)
_VERBS = ("Searched for", "Visited", "Watched")
_PAGE_HEAD = ('<html><head><meta charset="utf-8"><title>My Activity</title></head><body>'
              '<div class="mdl-grid">\n')


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def _html_time(when: datetime, narrow: bool) -> str:
    hour = when.hour % 12 or 12
    space = "\u202f" if narrow else " "
    return f"{when:%b} {when.day}, {when.year}, {hour}:{when:%M:%S}{space}{'PM' if when.hour >= 12 else 'AM'} UTC"


def _html_cell(record: dict, time_text: str) -> str:
    title, url = record["title"], record.get("titleUrl")
    verb = next((v for v in _VERBS if url and title.startswith(v + " ")), None)
    if verb:
        line = f"{verb}&nbsp;{_link(url, title[len(verb) + 1:])}"
    elif url:
        line = _link(url, title)
    else:
        line = html.escape(title)
    lines = [line] + [_link(s["url"], s["name"]) if s.get("url") else html.escape(s["name"])
                      for s in record.get("subtitles", ())] + [html.escape(time_text)]
    caption = ""
    for header, values in (("Products:", [html.escape(p) for p in record.get("products", ())]),
                           ("Details:", [html.escape(d["name"]) for d in record.get("details", ())]),
                           ("Locations:", [f"{_link(i['url'], i['name'])} - {_link(i['sourceUrl'], i['source'])}"
                                           for i in record.get("locationInfos", ())])):
        if values:
            caption += f"<b>{header}</b><br>" + "".join(f"&emsp;{v}<br>" for v in values)
    return ('<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
            '<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">'
            f'{html.escape(record["header"])}<br></p></div>'
            '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1">'
            + "<br>".join(lines) + "</div>"
            '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right">'
            "</div>"
            f'<div class="content-cell mdl-cell mdl-cell--12-col mdl-typography--caption">{caption}</div>'
            "</div></div>\n")


def write_html_sample(root) -> dict:
    """The same records as :func:`write_sample`, as Takeout's web pages under ``root``; their manifest (times
    to the second: the pages show no more)."""
    root = Path(root)
    by_file: dict[str, list] = {f: [] for f in HTML_FILES}
    events = []
    for n, (path, record, kind, body, check) in enumerate(_records()):
        path = path[: -len(".json")] + ".html"
        when = (START - timedelta(minutes=37 * n)).replace(microsecond=0)
        text = _html_time(when, narrow=path == HTML_FILES[-1])
        # a page shows no activity controls
        check = {**{k: v for k, v in check.items() if k != "activity_controls"}, "zone_name": "UTC",
                 "local_time": when.replace(tzinfo=None).isoformat()}
        events.append({"path": path, "locator": f"activity:index={len(by_file[path])}", "kind": kind,
                       "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "body": body, "check": check,
                       "timestamp_raw": text})
        by_file[path].append(_html_cell(record, text))
    for path, cells in by_file.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_PAGE_HEAD + "".join(cells) + "</div></body></html>\n", encoding="utf-8")
    return {"app": APP, "events": events}
