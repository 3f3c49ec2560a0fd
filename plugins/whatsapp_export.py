"""WhatsApp chat exports: the text file of "Export chat" (``_chat.txt`` in the iOS zip, ``WhatsApp Chat
with NAME.txt`` on Android and its translations), with or without the media files beside it.

A user's own export handed over (``origin = "export"``). Layout and line formats, from public parsers
and the real exports in their test suites (no format document exists; every fact below is written
there):

* github Pustur/whatsapp-chat-parser ``src/parser.ts`` (the header regex: optional left-to-right or
  right-to-left marks, optional ``[``, a date of three 1-4 digit parts separated by ``-``, ``/`` or
  ``.`` and an optional space, an optional ``,`` or ``.``, optional words such as the Finnish ``klo``,
  the time ``h:mm``/``h.mm`` with optional seconds, an optional ``am``/``a.m.``/``p. m.``, then
  ``] `` or `` - `` or ``: ``; lines that do not start a message continue the previous one; a line
  without an author is a system line; ``<attached: NAME>``), ``src/date.ts`` (day/month order decided
  from all the dates of the file), ``src/parser.test.js`` (the formats ``3/6/18, 1:55 p.m. -``,
  ``03-06-2018, 01.55 PM -``, ``13.06.18 21.25.15:``, ``[06.13.18 21:25:15]``,
  ``13.6.2018 klo 21.25.15 -``, ``13. 6. 2018. 21:25:15``);
* github joweich/chat-miner ``test/whatsapp/*.txt`` (real line shapes: ``12/24/19, 11:23 - ``,
  ``2022/12/14, 13:34. - ``, ``21/10/21, 15:21:45 - ``, ``01/30/2019, 08:49 p. m. - ``,
  ``[09/10/22 10:37:00 p.m.] ``, ``09-10-2022 10:37:00 p.m. - ``, ``[10.24.21, 15:21:43] ``, system
  lines ``Messages and calls are end-to-end encrypted ...``, ``+12 345 578 created group "Groupname"``,
  ``You were added``);
* github mlomb/chat-analytics ``pipeline/parse/parsers/WhatsApp.ts`` (file names ``WhatsApp Chat with
  NAME.txt`` and their translations, ``_chat.txt`` in the zip, the characters U+202A, U+200E, U+202C
  and U+00A0 WhatsApp writes into lines, the omitted-media placeholders per language: Android
  ``<Media omitted>``, iOS ``image omitted``, ``video omitted`` ...);
* github WyldKnyght/whatsapp-archive-manager ``src/utils/debug_format_inspector.py`` (iOS
  ``[YYYY-MM-DD, h:mm:ss AM]`` with U+200E/U+200F/U+202A around it) and the Android
  ``NAME.jpg (file attached)`` / ``(arquivo anexado)`` lines of chatlens' tests; U+202F (narrow
  no-break space) before ``AM``/``PM`` is what recent iOS/Android builds write (whatsapp-chat-parser
  and chat-analytics both strip it).

What the parser does with them:

* **Day/month order is decided from the whole file**, never line by line: a first pass reads every
  header date; year-first dates (``2022/12/14``) are read as Y/M/D; otherwise the order under which
  every date is a valid date wins, and where both are, the one under which the dates run in file order
  (an export is chronological) wins. If the file cannot tell (every date fits both and both orders
  are as ordered), one warning says so and day/month is used.
* **Times are the exporting phone's local time**: with ``--timezone ZONE`` they are converted to UTC;
  without it one warning per file, ``timestamp`` null and the local time kept in ``extra.local_time``.
  ``timestamp_raw`` is always the date and time exactly as written.
* A line that looks like a message header (a date followed by a time) but fits no format is a warning
  with its line number and becomes an ``other`` event holding the line, never dropped; so do lines
  before the first message.
* Attachments (``<attached: NAME>`` on iOS in any language, ``NAME (file attached)`` on Android) are
  looked up beside the text file and hashed; omitted media is kept with its type in ``extra``.
* Bodies are capped at :data:`MAX_BODY` characters (a warning names the line).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from artefacts import hookimpl
from artefacts.events import NOT_A_TIME, SENT
from artefacts.parser import Parser

__version__ = "1.0"

#: the longest body kept (characters); a longer message is cut and a warning names its line
MAX_BODY = 1 << 20
#: bytes read to recognise a file as an export
HEAD_BYTES = 64 << 10

#: "Export chat" file names (chat-analytics WhatsApp.ts FilenamePatterns, with spaces or underscores)
CHAT_NAME_PREFIXES = (
    "WhatsApp Chat - ", "WhatsApp Chat with ", "Chat de WhatsApp con ", "Чат WhatsApp с ", "Chat WhatsApp con ",
    "Conversa no WhatsApp com ", "Conversa do WhatsApp com ", "WhatsApp Chat mit ", "Discussion WhatsApp avec ",
)
#: marks WhatsApp writes around dates, names and system text (LRM, RLM, LRE, RLE, PDF, BOM)
MARKS = "\u200e\u200f\u202a\u202b\u202c\ufeff"
_SPACE = r"[ \u00a0\u202f]"
_DATE = r"(?P<date>\d{1,4}[-/.] ?\d{1,4}[-/.] ?\d{1,4})\.?"
_TIME = r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
_AMPM = _SPACE + r"?(?P<ampm>[AaPp]\.?" + _SPACE + r"?[Mm]\.?)"
#: words between date and time (Finnish "klo"); no digits
_WORDS = r"(?:klo )?"
#: ``[date, time] rest`` (iOS, newer Android)
BRACKET = re.compile(r"\[" + _DATE + r",? " + _WORDS + _TIME + "(?:" + _AMPM + r")?\] (?P<rest>.*)\Z", re.S)
#: ``date, time - rest`` (Android), also ``date time: rest``
DASH = re.compile(r"" + _DATE + r",? " + _WORDS + _TIME + "(?:" + _AMPM + r")?\.?(?: [-–] |: )(?P<rest>.*)\Z", re.S)
#: a line that starts like a header (date then time) whether or not it fits a format
HEADERISH = re.compile(r"\[?\d{1,4}[-/.] ?\d{1,4}[-/.] ?\d{1,4}\.?,? \S*? ?\d{1,2}[:.]\d{2}")
_DATE_SPLIT = re.compile(r"[-/.] ?")

#: iOS: ``<attached: 00000012-PHOTO-2020-01-01-12-00-00.jpg>`` (the word is the export's language)
ATTACHED = re.compile(r"<(?P<label>[^<>:\d]{1,40}): ?(?P<name>[^<>/\\]{1,255})>\Z")
#: Android: ``IMG-20200101-WA0001.jpg (file attached)`` (the label is the export's language)
FILE_ATTACHED = re.compile(r"(?P<name>[^/\\\n]{1,255}?\.[A-Za-z0-9]{1,8}) \((?P<label>[^()\d]{2,40})\)\Z")
#: labels of Android attached-file lines seen in real exports (English, Portuguese)
ATTACHED_LABELS = frozenset({"file attached", "arquivo anexado"})
#: WhatsApp's own media file names: Android ``IMG-20200101-WA0001.jpg``, iOS ``00000012-PHOTO-2020-...``
WA_MEDIA_NAME = re.compile(r"(?:(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4}|\d{8}-[A-Z]+-\d{4}(?:-\d{2}){5})", re.I)

#: omitted-media placeholders -> media type (chat-analytics WhatsApp.ts Patterns; compared lower-cased)
OMITTED = {
    "<media omitted>": "media", "image omitted": "image", "video omitted": "video", "audio omitted": "audio",
    "document omitted": "document", "gif omitted": "gif", "sticker omitted": "sticker",
    "<multimedia omitido>": "media", "<archivo omitido>": "media", "imagen omitida": "image",
    "video omitido": "video", "audio omitido": "audio", "documento omitido": "document", "gif omitido": "gif",
    "sticker omitido": "sticker", "<medien ausgeschlossen>": "media", "<medien weggelassen>": "media",
    "<médias omis>": "media", "<fichier omis>": "media", "<media omessi>": "media", "<media omesso>": "media",
    "<mídia omitida>": "media", "<ficheiro não revelado>": "media", "<media weggelaten>": "media",
    "<без медиафайлов>": "media", "<файл пропущен>": "media", "<medya dahil edilmedi>": "media",
    "<medya atlanmış>": "media", "<pominięto multimedia>": "media", "<media tidak disertakan>": "media",
    "<media jätettiin pois>": "media", "<media jätetty pois>": "media",
}
#: English placeholders of a message deleted for everyone, as the export writes them
DELETED_TEXTS = frozenset({"this message was deleted", "this message was deleted.", "you deleted this message",
                           "you deleted this message."})
#: media file names WhatsApp writes into an export folder (hashed in the same pass as the text)
MEDIA_GLOBS = (
    "**/IMG-*-WA*", "**/VID-*-WA*", "**/AUD-*-WA*", "**/PTT-*-WA*", "**/STK-*-WA*", "**/DOC-*-WA*",
    "**/*-PHOTO-*", "**/*-VIDEO-*", "**/*-AUDIO-*", "**/*-STICKER-*", "**/*-GIF-*",
)
EXPORT_TIME = "Export Local Time"


def strip_marks(text: str) -> str:
    return text.lstrip(MARKS)


def match_header(line: str):
    """``(form, match)`` of a line that starts a message, else ``None``."""
    s = strip_marks(line)
    m = BRACKET.match(s)
    if m:
        return "bracket", m
    m = DASH.match(s)
    if m:
        return "dash", m
    return None


def date_parts(text: str) -> tuple[int, int, int, bool]:
    """``(a, b, c, year_first)`` of a header date (``"24/12/2019"`` -> 24, 12, 2019, False)."""
    raw = _DATE_SPLIT.split(text.strip(". "))
    a, b, c = (int(x) for x in raw)
    return a, b, c, len(raw[0]) == 4


def _full_year(y: int) -> int:
    return y + 2000 if y < 100 else y


def as_date(parts: tuple[int, int, int, bool], order: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of ``parts`` read in ``order`` (``"ymd"``, ``"dmy"``, ``"mdy"``), None if impossible."""
    a, b, c, _ = parts
    y, m, d = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    y = _full_year(y)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    try:
        datetime(y, m, d)
    except ValueError:
        return None
    return y, m, d


class DateOrder:
    """Decides the day/month order of one file from all its header dates (fed one at a time)."""

    def __init__(self):
        self.year_first = 0
        self.invalid = {"dmy": 0, "mdy": 0}
        self.backwards = {"dmy": 0, "mdy": 0}
        self._last = {"dmy": None, "mdy": None}
        self.differ = False

    def feed(self, parts) -> None:
        if parts[3]:
            self.year_first += 1
            return
        if parts[0] != parts[1]:
            self.differ = True
        for order in ("dmy", "mdy"):
            d = as_date(parts, order)
            if d is None:
                self.invalid[order] += 1
                continue
            last = self._last[order]
            if last is not None and d < last:
                self.backwards[order] += 1
            self._last[order] = d

    def decide(self) -> tuple[str, str | None]:
        """``(order, problem or None)``; ``order`` is ``"dmy"`` or ``"mdy"`` for the non-year-first dates."""
        inv, back = self.invalid, self.backwards
        if inv["dmy"] != inv["mdy"]:
            order = "dmy" if inv["dmy"] < inv["mdy"] else "mdy"
            return order, None
        if back["dmy"] != back["mdy"]:
            return ("dmy" if back["dmy"] < back["mdy"] else "mdy"), None
        if not self.differ:
            return "dmy", None  # every date has day == month: both orders read the same
        return "dmy", "the day/month order cannot be decided from the file (every date fits both); read as day/month"


def local_datetime(date_text: str, time_text: str, ampm: str | None, order: str) -> datetime | None:
    """The naive local time a header writes, or None when it is not a valid time."""
    parts = date_parts(date_text)
    ymd = as_date(parts, "ymd" if parts[3] else order)
    if ymd is None:
        return None
    t = [int(x) for x in re.split(r"[:.]", time_text)]
    hour, minute, second = t[0], t[1], (t[2] if len(t) > 2 else 0)
    if ampm:
        pm = ampm.strip().lower().startswith("p")
        if not 1 <= hour <= 12:
            if hour == 0 and not pm:  # "00:08 a. m." (chat-miner test_mmddyyyy_12hrs.txt)
                pass
            else:
                return None
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(*ymd, hour, minute, second)
    except ValueError:
        return None


def utc_iso(local: datetime, zone: str) -> str:
    """The UTC timeline timestamp of a local time in ``zone`` (the earlier of two on a DST fold)."""
    aware = local.replace(tzinfo=ZoneInfo(zone), fold=0)
    return aware.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chat_name(source_path: str) -> str | None:
    """The chat's name from the export's file name (``WhatsApp Chat with Alice.txt``) or, for an iOS
    ``_chat.txt``, from its folder (the unzipped ``WhatsApp Chat - Alice``)."""
    parts = source_path.replace("\\", "/").split("/")
    candidates = [parts[-1]] + ([parts[-2]] if len(parts) > 1 else [])
    for cand in candidates:
        base = re.sub(r"\.(txt|zip)\Z", "", cand, flags=re.I)
        for prefix in CHAT_NAME_PREFIXES:
            for p in (prefix, prefix.replace(" ", "_")):
                if base.lower().startswith(p.lower()) and len(base) > len(p):
                    return base[len(p):].replace("_", " ").strip()
    if parts[-1].lower() == "_chat.txt" and len(parts) > 1 and parts[-2]:
        return parts[-2]
    return None


def split_sender(form: str, rest: str) -> tuple[str | None, str]:
    """``(sender, text)`` of a header's remainder; ``sender`` None for a system line.

    A sender is the text before the first ``": "``; a candidate with a double quote (``You changed the
    subject to "a: b"``) is a system line's text, not a name."""
    rest = rest.rstrip("\r")
    head, sep, text = rest.partition(": ")
    if not sep:
        if rest.endswith(":") and '"' not in rest:  # "Name:" with an empty message
            return strip_marks(rest[:-1]).rstrip(MARKS), ""
        return None, rest
    if '"' in head or len(head) > 200:
        return None, rest
    return strip_marks(head).rstrip(MARKS), text


def classify(text: str):
    """``(kind, body, attachment name, extra)`` of a message's text."""
    first, nl, more = text.partition("\n")
    marked = first.startswith("\u200e")
    first_clean = strip_marks(first).rstrip(MARKS).strip()
    extra: dict = {}
    m = ATTACHED.match(first_clean)
    if m:
        extra["attachment_label"] = m.group("label")
        return "message", (more or None), m.group("name").strip(), extra
    m = FILE_ATTACHED.match(first_clean)
    if m and (m.group("label").lower() in ATTACHED_LABELS or WA_MEDIA_NAME.match(m.group("name"))):
        extra["attachment_label"] = m.group("label")
        return "message", (more or None), m.group("name").strip(), extra
    low = first_clean.lower()
    if not more and low in OMITTED:
        extra["media_omitted"] = OMITTED[low]
        return "message", first_clean, None, extra
    if not more and low in DELETED_TEXTS:
        extra["deleted_placeholder"] = first_clean
        return "deleted", first_clean, None, extra
    if marked:  # iOS writes U+200E before the text of system lines ("Alice added Bob")
        extra["ios_system_mark"] = True
        return "system", strip_marks(text), None, extra
    return "message", text, None, extra


def message_to_event(msg: dict, ctx) -> dict:
    """The event of one parsed export message (``msg`` from :func:`read_messages`)."""
    local = msg["local"]
    extra = {"line": msg["line"], "line_format": msg["form"], "local_time": local.isoformat() if local else None}
    zone = ctx.timezone
    timestamp = None
    if local is not None and zone:
        timestamp = utc_iso(local, zone)
        extra["timezone"] = zone
    elif local is None:
        ctx.warn(f"line {msg['line']}: {msg['raw_time']!r} is not a valid date and time")
    sender, text = msg["sender"], msg["text"]
    if sender is None:
        kind, body, att_name, more = "system", text, None, {}
    else:
        kind, body, att_name, more = classify(text)
    extra.update(more)
    if kind == "system" and sender is not None:
        extra["chat_label"] = sender  # iOS system lines name the chat where a sender would be
        sender = None
    deleted = kind == "deleted"
    if deleted:
        kind = "message"
    attachments = []
    if att_name is not None:
        folder = ctx.source.path.rsplit("/", 1)[0] + "/" if "/" in ctx.source.path else ""
        attachments.append(ctx.attachment(folder + att_name, name=att_name))
    chat = ctx.lookups.get("chat")
    return {
        "platform": ctx.lookups.get("platform", "android"),
        "timestamp": timestamp,
        "timestamp_raw": msg["raw_time"],
        "timestamp_desc": SENT if local is not None else NOT_A_TIME,
        "kind": kind,
        "conversation_id": chat,
        "conversation_name": chat,
        "sender": sender,
        "sender_name": sender,
        "body": body,
        "attachments": attachments,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"line={msg['line']}",
    }


def unparsed_to_event(line_no: int, line: str, platform: str) -> dict:
    return {"platform": platform, "timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
            "body": line, "extra": {"line": line_no, "unparsed_line": True}, "source_locator": f"line={line_no}"}


def _lines(path):
    """``(line number, text, whether the text starts its line)``; a line longer than :data:`MAX_BODY` comes
    in pieces of that size (under the same number), so that no line is held whole in memory."""
    with open(path, encoding="utf-8-sig", errors="replace", newline=None) as fh:
        n, start = 1, True
        while True:
            piece = fh.readline(MAX_BODY)
            if not piece:
                return
            yield n, piece.rstrip("\n"), start
            start = piece.endswith("\n")
            if start:
                n += 1


class WhatsAppExportParser(Parser):
    name = "whatsapp_export"
    app = "whatsapp"
    #: Android's file names; an iOS ``_chat.txt`` gives its events ``platform`` "ios"
    platform = "android"
    origin = "export"
    description = ("WhatsApp \"Export chat\" text files (_chat.txt of the iOS zip, 'WhatsApp Chat with NAME.txt' "
                   "on Android and its translations) with their attached media: every message, system line and "
                   "attachment; local times converted with --timezone")
    path_globs = tuple(["**/_chat.txt"] + [f"**/{p}*.txt" for p in CHAT_NAME_PREFIXES]
                       + [f"**/{p.replace(' ', '_')}*.txt" for p in CHAT_NAME_PREFIXES])
    attachment_globs = MEDIA_GLOBS
    references = (
        "github Pustur/whatsapp-chat-parser src/parser.ts, src/date.ts, src/parser.test.js",
        "github joweich/chat-miner test/whatsapp/*.txt",
        "github mlomb/chat-analytics pipeline/parse/parsers/WhatsApp.ts",
        "github WyldKnyght/whatsapp-archive-manager src/utils/debug_format_inspector.py",
    )

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
        text = head.decode("utf-8-sig", errors="replace")
        for line in text.splitlines()[:50]:
            if match_header(line):
                return None
        return "no WhatsApp export line in the first lines"

    def parse(self, ctx):
        path = ctx.source.local_path
        order = DateOrder()
        for _n, line, starts in _lines(path):
            hit = match_header(line) if starts else None
            if hit:
                try:
                    order.feed(date_parts(hit[1].group("date")))
                except ValueError:
                    pass
        dm, problem = order.decide()
        if problem:
            ctx.warn_file(problem)
        if not ctx.timezone:
            ctx.warn_file("export times are the exporting phone's local time: give --timezone ZONE to convert "
                          "them (kept as written, timestamp null)")
        # an iOS zip given as the input has _chat.txt at its root: the chat is named by the zip
        ctx.lookups["chat"] = chat_name(ctx.source.path) or chat_name(f"{ctx.evidence_id}/_chat")
        ctx.lookups["platform"] = "ios" if ctx.source.path.rsplit("/", 1)[-1].lower() == "_chat.txt" else "android"
        yield from ctx.map_rows(self._messages(ctx, path, dm), _map, table="line", id_column="line")

    def _messages(self, ctx, path, dm):
        current = None
        for n, line, starts in _lines(path):
            hit = match_header(line) if starts else None
            if hit is None:
                if current is not None and not (starts and HEADERISH.match(strip_marks(line))):
                    if len(current["text"]) < MAX_BODY:
                        current["text"] += ("\n" if starts else "") + line
                        if len(current["text"]) >= MAX_BODY:
                            current["text"] = current["text"][:MAX_BODY]
                            ctx.warn(f"line {current['line']}: message longer than {MAX_BODY} characters, cut")
                    continue
                if not line.strip(MARKS + " \r"):
                    continue
                ctx.warn(f"line {n}: fits no WhatsApp export format; kept as an 'other' event", f"line={n}")
                if current is not None:
                    yield current
                    current = None
                yield {"line": n, "unparsed": line}
                continue
            if current is not None:
                yield current
            form, m = hit
            sender, text = split_sender(form, m.group("rest"))
            ampm = m.group("ampm")
            try:
                local = local_datetime(m.group("date"), m.group("time"), ampm, dm)
            except ValueError:
                local = None
            raw_time = m.string[m.start("date"):m.end("ampm") if ampm else m.end("time")]  # as written
            current = {"line": n, "form": form, "local": local, "raw_time": raw_time, "sender": sender,
                       "text": text[:MAX_BODY]}
        if current is not None:
            yield current


def _map(msg, ctx):
    if "unparsed" in msg:
        return unparsed_to_event(msg["line"], msg["unparsed"], ctx.lookups.get("platform", "android"))
    return message_to_event(msg, ctx)


@hookimpl
def register_parsers(register):
    register(WhatsAppExportParser)
