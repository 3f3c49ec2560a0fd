"""Google Takeout, My Activity as web pages: ``Takeout/My Activity/<product>/MyActivity.html`` (the format
that "used to be the standard", google_takeout_parser says) and YouTube's
``Takeout/YouTube and YouTube Music/history/watch-history.html`` / ``search-history.html``.

The same records as ``MyActivity.json`` (``plugins/takeout_activity.py``), written for a reader. Layout, from
the public reader of these pages (github seanbreckenridge/google_takeout_parser ``parse_html/activity.py``,
its tests ``parse_html/test_html_parsing.py`` with real cells, ``html_time_utils.py`` and ``locales/en.py``
for the paths): one ``div.outer-cell`` per record holding

* ``p.mdl-typography--title``: the product (the JSON ``header``);
* ``div.content-cell.mdl-typography--body-1`` (not the empty ``mdl-typography--text-right`` one): lines
  separated by ``<br>``: the title (``Visited&nbsp;<a href="...">page title</a>``: the link is the
  ``titleUrl``), then the subtitles (text and a link each), and last the time;
* ``div.content-cell.mdl-typography--caption``: bold headers ``Products:``, ``Details:`` (``From IP
  8.8.8.8``), ``Locations:`` (``At <a href="maps URL">this general area</a> - From <a href="...">your
  places</a> (Home)``: the place's name and URL before `` - ``, its source and source URL after), each
  followed by its lines.

**Times** are the account's local time with the zone's name: ``Aug 25, 2020, 5:06:44 PM PDT`` (older
exports: no zone at all). A zone name is not a zone (``CST``, ``IST`` name several), so only ``UTC`` and
``GMT`` are converted as they stand; any other name is converted with ``--timezone`` (the account's zone,
IANA), and only where that zone bore the name at that moment (:data:`artefacts.timeconv.TAKEOUT_HTML_TEXT`).
Without it the file keeps every record with a null ``timestamp``, the text in ``timestamp_raw`` and
``extra.local_time`` / ``extra.zone_name``, and one warning says how many times wait for ``--timezone``. The
month names are English: a page in another language keeps its times raw, one warning per record.

Each record becomes the event the JSON form gives (same kinds, body and ``extra`` keys, by
``takeout_activity.classify``); caption headers other than the three above (``Why is this here?``, or
headers in another language) are kept in ``extra.captions``.

The pages are hostile HTML: read with the standard library's :mod:`html.parser` in chunks of 64 KiB (nothing
evaluated, no URL followed, memory bounded by one record), each record's text capped at :data:`MAX_TEXT`
characters and :data:`MAX_LINES` lines (a cut record says so in ``extra.truncated``).
"""

from __future__ import annotations

from html.parser import HTMLParser

from artefacts import hookimpl
from artefacts.decoders.html_text import class_set, stream_records
from artefacts.parser import Parser
from artefacts.plugins.takeout_activity import activity_event
from artefacts.timeconv import TAKEOUT_HTML_TEXT, TimeValueError

__version__ = "1.0"

MAX_TEXT = 100_000
MAX_LINES = 1_000
MAX_DEPTH = 256
HEAD_BYTES = 1 << 20
#: the caption headers of google_takeout_parser's ``_parse_caption`` and the record key each fills
CAPTION_KEYS = {"Products:": "products", "Details:": "details", "Locations:": "locationInfos"}
_SPACES = str.maketrans({"\xa0": " ", "\u2003": " ", "\u202f": " "})


def _clean(text: str) -> str:
    return " ".join(text.translate(_SPACES).split())


class _Cell:
    """The lines of one cell: each a list of ``(text, href, bold)`` pieces."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[str, str | None, bool]]] = [[]]

    def add(self, text: str, href: str | None, bold: bool) -> None:
        self.lines[-1].append((text, href, bold))

    def br(self) -> None:
        self.lines.append([])

    def texts(self) -> list[list[tuple[str, str | None, bool]]]:
        """The lines that hold any text."""
        return [line for line in self.lines if _clean("".join(t for t, _, _ in line))]


class ActivityPage(HTMLParser):
    """Collects one record per ``div.outer-cell``; finished records go to :attr:`records`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.records: list[dict] = []
        self.index = 0
        self._divs: list[str | None] = []  # per open div: the cell it starts ("outer", "body" ...) or None
        self._record: dict | None = None
        self._cell: _Cell | None = None
        self._header = False
        self._href: str | None = None
        self._bold = 0
        self._size = 0

    # -- markup --------------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs) -> None:
        if tag == "div":
            self._open_div(class_set(attrs))
        elif self._record is None:
            return
        elif tag == "br":
            if self._cell is not None and len(self._cell.lines) < MAX_LINES:
                self._cell.br()
            elif self._cell is not None:
                self._record["truncated"] = True
        elif tag == "p" and "mdl-typography--title" in class_set(attrs):
            self._header = True
        elif tag == "a":
            self._href = next((v for k, v in attrs if k == "href" and v), None)
        elif tag == "b":
            self._bold += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "div":
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        if tag == "div":
            self._close_div()
        elif tag == "a":
            self._href = None
        elif tag == "b":
            self._bold = max(0, self._bold - 1)
        elif tag == "p":
            self._header = False

    def handle_data(self, data) -> None:
        record = self._record
        if record is None or not data:
            return
        room = MAX_TEXT - self._size
        if len(data) > room:
            record["truncated"] = True
            data = data[:room]
        if not data:
            return
        self._size += len(data)
        if self._header:
            record["header_text"] += data
        elif self._cell is not None:
            self._cell.add(data, self._href, self._bold > 0)

    # -- cells ---------------------------------------------------------------------------------------
    def _open_div(self, classes: set[str]) -> None:
        if len(self._divs) >= MAX_DEPTH:
            self._divs.append(None)
            return
        role = None
        if "outer-cell" in classes and self._record is None:
            role = "outer"
            self._record = {"index": self.index, "header_text": "", "body": None, "caption": None,
                            "line": self.getpos()[0]}
            self._size = 0
            self.index += 1
        elif self._record is not None and "content-cell" in classes and self._cell is None:
            if "mdl-typography--text-right" in classes:
                role = None
            elif "mdl-typography--body-1" in classes and self._record["body"] is None:
                role = "body"
            elif "mdl-typography--caption" in classes and self._record["caption"] is None:
                role = "caption"
            if role is not None:
                self._cell = self._record[role] = _Cell()
        self._divs.append(role)

    def _close_div(self) -> None:
        if not self._divs:
            return
        role = self._divs.pop()
        if role in ("body", "caption"):
            self._cell = None
            self._href = None
        elif role == "outer" and self._record is not None:
            self.records.append(self._record)
            self._record, self._cell, self._header, self._bold = None, None, False, 0

    def close(self) -> None:
        super().close()
        if self._record is not None:  # the page breaks off inside a record: keep what it holds
            self._record["unfinished"] = True
            self.records.append(self._record)
            self._record = None


def _line_text(line) -> str:
    return _clean("".join(text for text, _, _ in line))


def _first_href(line) -> str | None:
    return next((href for _, href, _ in line if href), None)


def _location(line) -> dict:
    """A ``Locations:`` line: the place (name, URL) before `` - ``, where Google had it from after."""
    left: list = []
    right: list = []
    side = left
    for text, href, bold in line:
        if side is left and href is None and " - " in text.translate(_SPACES):
            before, _, after = text.translate(_SPACES).partition(" - ")
            left.append((before, None, bold))
            side = right
            right.append((after, None, bold))
        else:
            side.append((text, href, bold))
    info = {}
    if right:
        info = {"name": _line_text(left), "url": _first_href(left), "source": _line_text(right),
                "sourceUrl": _first_href(right)}
    else:
        href = _first_href(left)
        if href and "/maps" in href:
            info = {"name": _line_text(left), "url": href}
        else:
            info = {"source": _line_text(left), "sourceUrl": href}
    return {k: v for k, v in info.items() if v}


def record_entry(record: dict) -> tuple[dict, str | None, dict]:
    """The record in the JSON form of ``MyActivity.json`` (``header``, ``title``, ``titleUrl``, ``subtitles``,
    ``products``, ``details``, ``locationInfos``), its time text, and what else the page held (``captions``)."""
    entry: dict = {}
    rest: dict = {}
    header = _clean(record["header_text"])
    if header:
        entry["header"] = header
    lines = record["body"].texts() if record["body"] is not None else []
    # the time as written (its narrow no-break space kept); the unit reads any run of spaces as one
    time_text = "".join(t for t, _, _ in lines.pop()).strip() if len(lines) >= 2 else None
    if lines:
        title = lines.pop(0)
        entry["title"] = _line_text(title)
        if _first_href(title):
            entry["titleUrl"] = _first_href(title)
    subtitles = [{k: v for k, v in (("name", _line_text(line)), ("url", _first_href(line))) if v} for line in lines]
    if subtitles:
        entry["subtitles"] = subtitles
    key = None
    for line in record["caption"].texts() if record["caption"] is not None else []:
        if all(bold for text, _, bold in line if text.strip()):
            key = _line_text(line)
            continue
        if key is None:
            rest.setdefault("captions", {}).setdefault("", []).append(_line_text(line))
        elif CAPTION_KEYS.get(key) == "products":
            entry.setdefault("products", []).append(_line_text(line))
        elif CAPTION_KEYS.get(key) == "details":
            entry.setdefault("details", []).append({"name": _line_text(line)})
        elif CAPTION_KEYS.get(key) == "locationInfos":
            entry.setdefault("locationInfos", []).append(_location(line))
        else:
            rest.setdefault("captions", {}).setdefault(key, []).append(_line_text(line))
    return entry, time_text, rest


def html_activity_to_event(row: dict, ctx) -> dict:
    """The event of one ``div.outer-cell`` (``row["record"]``); ``row["pending"]`` counts, by zone name, the times
    that wait for ``--timezone``."""
    record = row["record"]
    entry, raw, more = record_entry(record)
    if not entry.get("title") and not entry.get("header"):
        raise ValueError(f"the record at line {record['line']} holds no title and no product")
    more.update((flag, True) for flag in ("truncated", "unfinished") if record.get(flag))
    ts = None
    if raw is None:
        ctx.warn(f"the record at line {record['line']} has no time line")
    else:
        try:
            local, zone_name = TAKEOUT_HTML_TEXT.split(raw)
            more["local_time"] = local.isoformat()
            if zone_name:
                more["zone_name"] = zone_name
            if zone_name not in (None, "UTC", "GMT") and not ctx.timezone:
                row["pending"][zone_name] = row["pending"].get(zone_name, 0) + 1
            else:
                ts = TAKEOUT_HTML_TEXT.iso(raw, ctx.timezone)
                if ctx.timezone and zone_name not in ("UTC", "GMT"):
                    more["timezone"] = ctx.timezone
        except TimeValueError as exc:
            ctx.warn(f"time: {exc} ({TAKEOUT_HTML_TEXT.name})")
    return activity_event(entry, record["index"], ts, raw, more)


class TakeoutActivityHtmlParser(Parser):
    name = "takeout_my_activity_html"
    app = "google_my_activity"
    platform = "desktop"
    origin = "provider"
    description = ("Google Takeout My Activity as web pages (MyActivity.html of every product, YouTube history "
                   "pages): the records of MyActivity.json; local times with a zone name converted with "
                   "--timezone; hostile HTML read as a stream")
    path_globs = ("**/My Activity/*/MyActivity.html",
                  "**/Meine Aktivitäten/*/MeineAktivitäten.html",
                  "**/YouTube and YouTube Music/history/*.html", "**/YouTube/history/*.html",
                  "**/YouTube und YouTube Music/Verlauf/*.html")
    time_units = {"div.content-cell (last line)": TAKEOUT_HTML_TEXT}
    references = ("github seanbreckenridge/google_takeout_parser google_takeout_parser/parse_html/activity.py, "
                  "parse_html/test_html_parsing.py, parse_html/html_time_utils.py, locales/en.py",)

    def check_file(self, ctx) -> str | None:
        # the page's style sheet comes first: look a little further than one chunk for the records' classes
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
        return None if b"outer-cell" in head or b"mdl-typography--title" in head else "not a My Activity page"

    def parse(self, ctx):
        pending: dict[str, int] = {}
        count = 0

        def rows():
            nonlocal count
            for record in stream_records(ctx.source.local_path, ActivityPage()):
                count += 1
                yield {"index": record["index"], "record": record, "pending": pending}

        yield from ctx.map_rows(rows(), html_activity_to_event, table="activity", id_column="index")
        if pending:
            ctx.warn_file(f"{sum(pending.values())} of {count} activity times are local times named "
                          f"{', '.join(sorted(pending))}: give --timezone (the account's zone, e.g. "
                          "America/Los_Angeles) to convert them; they are kept as written")


@hookimpl
def register_parsers(register):
    register(TakeoutActivityHtmlParser)
