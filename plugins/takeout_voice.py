"""Google Takeout, Google Voice: ``Voice/Calls/*.html`` (and ``Voice/Spam/*.html``), one page per text
conversation, call or voicemail, the media beside them, and ``Voice/Phones.vcf`` (the account's numbers).

A provider's data export (``origin = "provider"``). No format document exists; the layout below is written in
real Takeout pages published as test data and in the readers that parse them:

* github psanford/google-voice-takeout-parser ``testdata/sms.html``, ``sms2.html``, ``mms.html``,
  ``missedcall.html``, ``voicemail.html`` and ``main.go``: a text page holds ``div.hChatLog`` with a
  ``div.message`` per message: ``abbr.dt`` whose ``title`` is the time in ISO 8601 with the writer's UTC
  offset (``2022-06-30T18:06:39.894-07:00``; the element's text is the same time for a human, with a
  U+202F before ``PM``), ``cite.sender.vcard`` > ``a.tel`` (``href="tel:+333"``) > ``.fn`` (the name), then
  ``q`` (the text; ``<br>`` a line break) and, for an MMS, ``img`` whose ``src`` names the media file
  without its extension (``Tony Smehrik - Text - 2022-07-01T01_06_39Z-2-1``; main.go finds the file by
  that prefix). The account's own messages have ``abbr.fn`` (``Me``) where the others' have ``span.fn``.
  A group page starts with ``div.participants`` (a ``cite`` per member). A call or voicemail page holds
  ``div.haudio``: ``div.contributor.vcard`` whose text says ``Placed call to``, ``Received call from``,
  ``Missed call from`` or ``Voicemail from`` before the party's ``a.tel``/``.fn``, ``abbr.published``
  (ISO 8601 time in ``title``), ``abbr.duration`` (``title="PT18S"``, text ``(00:00:18)``), for a
  voicemail ``span.full-text`` (the transcript) and ``audio src`` / ``a rel="enclosure"`` (the ``.mp3``);
  ``div.tags`` lists labels (``a rel="tag"``), ``div.deletedStatusContainer`` says ``User Deleted: False``.
* github Mutual-Aid-Medford-and-Somerville/google-voice-history ``src/google_voice_history.py`` and
  ``tests/Takeout/Voice/Calls/*.html``: the file names ``<contact> - <type> - <UTC time>.html`` under
  ``Takeout/Voice/Calls/`` or ``Takeout/Voice/Spam/`` (types ``Text``, ``Placed``, ``Received``,
  ``Missed``, ``Voicemail``; an empty contact for an unknown caller) and its expected ``takeout.csv``.
* ``Phones.vcf``: a vCard 3.0 whose ``itemN.TEL`` line labelled ``itemN.X-ABLabel:Google Voice`` is the
  account's Voice number, and ``TEL;TYPE=CELL`` lines its linked phones (the Takeout ``Phones.vcf`` quoted
  in the tests of two public Voice readers in the project's search results). A listing of a real archive
  (same results) shows the media types beside the pages: ``.jpg``, ``.mp3``, ``.gif``, ``.3gp``,
  ``.mp4``, ``.amr``, ``.vcf``.

``Voice/Bills.html`` is not read: no public source shows its layout.

The pages are hostile HTML: they are read with the standard library's :mod:`html.parser` in chunks of
64 KiB (nothing is evaluated, no URL followed, memory does not grow with the page), twice (the first pass
only gathers the parties, so that an outgoing text names its recipients), every text capped at
:data:`MAX_TEXT` characters and media per message at :data:`MAX_MEDIA`. A time that is not ISO 8601 with an
offset is a warning giving the file's line, with a null ``timestamp`` and the text kept as
``timestamp_raw``. A text is a ``message`` event; a call or voicemail a ``call`` event (a voicemail's
transcript is its body, its audio an attachment, hashed); each number of ``Phones.vcf`` a ``contact``
event marked ``owned``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from artefacts import hookimpl
from artefacts.decoders.html_text import CHUNK, class_set, stream_records
from artefacts.events import (CALL_START, INCOMING, NOT_A_TIME, OUTGOING, RECEIVED, SENT, contact_event,
                              duration_text)
from artefacts.parser import Parser
from artefacts.timeconv import ISO_TEXT, TimeValueError

__version__ = "1.0"

MAX_TEXT = 100_000
MAX_MEDIA = 50
MAX_PARTIES = 1_000
MAX_DEPTH = 256
MAX_VCF_BYTES = 1 << 20
MEDIA_EXTENSIONS = (".jpg", ".gif", ".3gp", ".mp4", ".amr", ".vcf", ".mp3")
CALL_TYPES = (("Placed call", "placed", OUTGOING), ("Received call", "received", INCOMING),
              ("Missed call", "missed", INCOMING), ("Voicemail", "voicemail", INCOMING))
_FILE_NAME = re.compile(r"(?P<contact>.*?) - (?:(?P<type>[^/]+?) - )?(?P<stamp>\d{4}-\d\d-\d\dT\d\d_\d\d_\d\dZ)\.html",
                        re.I)
DELETED = {"User Deleted: False": False, "User Deleted: True": True}
_SPACES = re.compile(r"[ \t\r\n]+")
_DURATION = re.compile(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?")


def duration_seconds(value) -> float | None:
    """Seconds of an ISO 8601 duration such as ``PT4M45S`` (the ``abbr.duration`` title), else ``None``."""
    m = _DURATION.fullmatch(value) if isinstance(value, str) and len(value) <= 40 else None
    if m is None or not any(m.groups()):
        return None
    h, mi, s = m.groups()
    total = int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)
    return int(total) if total == int(total) else total


class _Text:
    """Text gathered from hostile markup, capped."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.cut = False

    def add(self, text: str) -> None:
        room = MAX_TEXT - self.size
        if len(text) > room:
            self.cut = True
            text = text[:room]
        if text:
            self.parts.append(text)
            self.size += len(text)

    def value(self) -> str:
        return "".join(self.parts).replace("\xa0", " ").strip()

    def words(self) -> str:
        """The text with every run of ASCII white space (line breaks of the markup) made one space (U+202F kept)."""
        return _SPACES.sub(" ", self.value())


class VoicePage(HTMLParser):
    """Reads one Voice page as it is fed; finished records collect in ``records`` (the caller drains them).

    ``parties_only``: gather the other parties (``number -> name``) and nothing else.
    """

    def __init__(self, parties_only: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parties_only = parties_only
        self.records: list[dict] = []
        self.parties: dict[str, str | None] = {}
        self.participants: list[tuple[str | None, str | None]] = []
        self.stack: list[tuple[str, set[str]]] = []
        self.text_sink: _Text | None = None
        self.sink_depth = -1
        self.person: dict | None = None  # the cite / contributor being read: number, name, own
        self.person_role = ""
        self.message: dict | None = None
        self.call: dict | None = None
        self.labels: list[str] = []
        self.deleted = _Text()
        self.index = 0
        self.own_number: str | None = None

    # -- helpers -------------------------------------------------------------------------------
    def _in(self, cls: str) -> bool:
        return any(cls in c for _, c in self.stack)

    def _sink(self, sink: _Text) -> None:
        self.text_sink, self.sink_depth = sink, len(self.stack)

    def handle_starttag(self, tag, attrs) -> None:
        cls = class_set(attrs)
        a = dict(attrs)
        if tag == "br":
            if self.text_sink is not None:
                self.text_sink.add("\n")
            return
        if tag in ("img", "audio", "meta", "link", "source"):
            self._media(tag, a)
            return
        if len(self.stack) >= MAX_DEPTH:  # hostile nesting: deeper elements are read as text only
            return
        self.stack.append((tag, cls))
        line = self.getpos()[0]
        if tag == "div" and "message" in cls and self._in("hChatLog"):
            self.message = {"line": line, "body": _Text(), "media": [], "media_cut": False}
        elif tag == "div" and "haudio" in cls:
            self.call = {"line": line, "type_text": _Text(), "transcript": _Text(), "media": []}
        elif (tag == "cite" and "vcard" in cls) or (tag == "div" and "contributor" in cls):
            self.person = {"number": None, "name": None, "own": False}
            self.person_role = "contributor" if tag == "div" else "participant" if self._in("participants") else "sender"
            if self.person_role == "contributor" and self.call is not None:
                self._sink(self.call["type_text"])
        elif tag == "a" and "tel" in cls and self.person is not None:
            href = a.get("href") or ""
            self.person["number"] = href[4:][:200] if href.startswith("tel:") and len(href) > 4 else None
        elif "fn" in cls and self.person is not None:
            self.person["own"] = tag == "abbr"
            self.person["name_text"] = _Text()
            self._sink(self.person["name_text"])
        elif tag == "abbr" and ("dt" in cls or "published" in cls):
            target = self.message if "dt" in cls else self.call
            if target is not None:
                target["time_raw"], target["time_line"] = a.get("title"), line
                target["time_text"] = _Text()
                self._sink(target["time_text"])
        elif tag == "abbr" and "duration" in cls and self.call is not None:
            self.call["duration_raw"] = a.get("title")
        elif tag == "q" and self.message is not None:
            self._sink(self.message["body"])
        elif tag == "span" and "full-text" in cls and self.call is not None:
            self._sink(self.call["transcript"])
        elif tag == "a" and a.get("rel") == "tag":
            self.labels.append("")
            self.label_text = _Text()
            self._sink(self.label_text)
        elif tag == "a" and a.get("rel") == "enclosure":
            self._media("a", {"src": a.get("href")})
        elif tag == "div" and "deletedStatusContainer" in cls:
            self._sink(self.deleted)

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in ("br", "img", "audio", "meta", "link", "source"):
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def _media(self, tag, a) -> None:
        src = a.get("src")
        if not isinstance(src, str) or not src or tag not in ("img", "audio", "a"):
            return
        target = self.message if self.message is not None else self.call
        if target is None:
            return
        if len(target["media"]) >= MAX_MEDIA or src[:300] in target["media"]:
            target["media_cut"] = target.get("media_cut") or len(target["media"]) >= MAX_MEDIA
            return
        target["media"].append(src[:300])

    def handle_data(self, data) -> None:
        if self.text_sink is not None:
            self.text_sink.add(data)

    def handle_endtag(self, tag) -> None:
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, cls = self.stack.pop()
            if len(self.stack) < self.sink_depth:
                self._end_sink()
            self._closed(t, cls)
            if t == tag:
                break

    def _end_sink(self) -> None:
        if self.labels and self.text_sink is getattr(self, "label_text", None):
            self.labels[-1] = self.label_text.value()[:200]
        self.text_sink, self.sink_depth = None, -1

    def _closed(self, tag, cls) -> None:
        if "fn" in cls and self.person is not None and "name_text" in self.person:
            self.person["name"] = self.person.pop("name_text").value()[:500] or None
            if self.person_role == "contributor" and self.call is not None:
                self._sink(self.call["type_text"])
        elif (tag == "cite" and "vcard" in cls) or (tag == "div" and "contributor" in cls):
            person, self.person = self.person, None
            if person is None:
                return
            if tag == "div" and self.call is not None:
                self.call["party"] = person
                self.text_sink, self.sink_depth = None, -1
            elif self.person_role == "participant":
                self.participants.append((person["number"], person["name"]))
            elif self.message is not None:
                self.message["sender"] = person
            if person["own"]:
                self.own_number = self.own_number or person["number"]
            elif person["number"] and len(self.parties) < MAX_PARTIES:
                self.parties.setdefault(person["number"], person["name"])
        elif tag == "div" and "message" in cls and self.message is not None:
            msg, self.message = self.message, None
            msg["index"] = self.index
            self.index += 1
            if not self.parties_only:
                self.records.append(msg)

    def finish(self) -> dict | None:
        """The call record of a call or voicemail page (after the whole page is read), else ``None``."""
        if self.call is None or self.parties_only:
            return None
        call = self.call
        call["labels"] = [x for x in self.labels if x]
        return call


def _time(ctx, raw, line: int, what: str):
    """The timeline time of an ISO 8601 ``title``; a bad one warns with the file's line."""
    if raw is None:
        ctx.warn(f"line {line}: {what} has no time (title)")
        return None
    try:
        ISO_TEXT.to_us(raw)
    except TimeValueError as exc:
        ctx.warn(f"line {line}: {what} time: {exc}")
        return None
    return ctx.time(ISO_TEXT, raw, column=f"{what}.title")


def media_attachments(ctx, folder: str, names: list[str]) -> list[dict]:
    """The media files a page names, found beside it (an MMS image is named without its extension)."""
    out = []
    for name in names:
        path = folder + name
        if ctx.extraction.lookup(path) is None:
            path = next((path + ext for ext in MEDIA_EXTENSIONS if ctx.extraction.lookup(path + ext) is not None), path)
        out.append(ctx.attachment(path, name=path.rsplit("/", 1)[-1]))
    return out


def message_to_event(row: dict, ctx) -> dict:
    """One ``div.message`` of a text page as a ``message`` event."""
    msg, page = row["message"], row["page"]
    person = msg.get("sender") or {"number": None, "name": None, "own": False}
    own = person["own"]
    number = person["number"]
    others = [n for n, _ in page["participants"] if n] or list(page["parties"])
    time_raw = msg.get("time_raw")
    ts = _time(ctx, time_raw, msg.get("time_line", msg["line"]), "abbr.dt")
    body = msg["body"].value()
    extra = {"line": msg["line"], "time_text": msg["time_text"].words() if "time_text" in msg else None,
             "file_type": page["type"]}
    if msg["body"].cut:
        ctx.warn(f"line {msg['line']}: message text cut to {MAX_TEXT:,} characters")
        extra["body_truncated"] = True
    if msg.get("media_cut"):
        ctx.warn(f"line {msg['line']}: more than {MAX_MEDIA} media files; the rest are not listed")
    if page["spam"]:
        extra["spam"] = True
    return {
        "timestamp": ts,
        "timestamp_raw": time_raw,
        "timestamp_desc": NOT_A_TIME if ts is None else SENT if own else RECEIVED,
        "kind": "message",
        "direction": OUTGOING if own else INCOMING,
        "conversation_id": page["conversation_id"],
        "conversation_name": page["contact"] or None,
        "sender": number,
        "sender_name": person["name"],
        "recipients": [n for n in ([] if own else [page["own_number"]]) + others if n and n != number],
        "body": body or None,
        "deleted": page["deleted"] is True,
        "attachments": media_attachments(ctx, page["folder"], msg["media"]),
        "extra": extra,
        "source_locator": f"message:index={msg['index']}",
    }


def call_to_event(row: dict, ctx) -> dict:
    """The ``div.haudio`` of a call or voicemail page as a ``call`` event."""
    call, page = row["call"], row["page"]
    type_text = call["type_text"].value()
    known = [t for t in CALL_TYPES if type_text.startswith(t[0])] or \
        [t for t in CALL_TYPES if (page["type"] or "").lower() == t[1]]
    label, status, direction = known[0] if known else (None, None, None)
    if status is None:
        ctx.warn(f"line {call['line']}: call type {type_text[:80]!r} is not one the sources show")
    party = call.get("party") or {"number": None, "name": None}
    number = party["number"]
    ts = _time(ctx, call.get("time_raw"), call.get("time_line", call["line"]), "abbr.published")
    seconds = duration_seconds(call.get("duration_raw"))
    transcript = call["transcript"].value() or None
    extra = {"call_type_text": type_text or None, "duration": seconds, "duration_raw": call.get("duration_raw"),
             "labels": call["labels"], "deleted_status": page["deleted_status"], "file_type": page["type"],
             "time_text": call["time_text"].words() if "time_text" in call else None}
    if status == "voicemail":
        extra.update(voicemail=True, transcript=transcript)
    if page["spam"]:
        extra["spam"] = True
    incoming = direction != OUTGOING
    return {
        "timestamp": ts,
        "timestamp_raw": call.get("time_raw"),
        "timestamp_desc": CALL_START if ts is not None else NOT_A_TIME,
        "kind": "call",
        "direction": direction,
        "conversation_id": page["conversation_id"],
        "conversation_name": page["contact"] or None,
        "sender": number if incoming else None,
        "sender_name": party["name"] if incoming else None,
        "recipients": [number] if not incoming and number else [],
        "body": transcript if transcript else f"{label or 'Call'}, {duration_text(seconds)}",
        "status": status,
        "deleted": page["deleted"] is True,
        "attachments": media_attachments(ctx, page["folder"], call["media"]),
        "extra": extra,
        "source_locator": "call",
    }


class TakeoutVoiceParser(Parser):
    name = "takeout_voice"
    app = "googlevoice"
    platform = "desktop"
    origin = "provider"
    description = ("Google Takeout Voice/Calls/*.html: texts and MMS (media hashed), placed, received and missed "
                   "calls with their durations, voicemails with transcript and audio; hostile HTML read as a stream")
    path_globs = ("**/Voice/Calls/*.html", "**/Voice/Spam/*.html")
    attachment_globs = tuple(f"**/Voice/{d}/*{ext}" for d in ("Calls", "Spam") for ext in MEDIA_EXTENSIONS)
    time_units = {"abbr.dt.title": ISO_TEXT, "abbr.published.title": ISO_TEXT}
    references = ("github psanford/google-voice-takeout-parser main.go, testdata/*.html",
                  "github Mutual-Aid-Medford-and-Somerville/google-voice-history src/google_voice_history.py, "
                  "tests/Takeout/Voice/Calls/*.html, tests/takeout.csv")

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(CHUNK)
        return None if b'class="hChatLog' in head or b'class="haudio"' in head else "not a Google Voice page"

    def parse(self, ctx):
        path = ctx.source.path
        folder, name = path.rsplit("/", 1) if "/" in path else ("", path)
        m = _FILE_NAME.fullmatch(name)
        first = VoicePage(parties_only=True)
        for _ in stream_records(ctx.source.local_path, first):
            pass
        numbers = sorted(n for n, _ in first.participants if n) or sorted(first.parties)
        page = {"folder": folder + "/" if folder else "", "contact": m["contact"] if m else None,
                "type": m["type"] if m else None, "spam": "/voice/spam/" in "/" + path.lower(),
                "participants": first.participants, "parties": first.parties,
                "own_number": first.own_number, "deleted_status": first.deleted.words() or None,
                "deleted": DELETED.get(first.deleted.words()), "conversation_id": ",".join(numbers) or (m and m["contact"]) or None}
        reader = VoicePage()
        rows = ({"key": r["index"], "message": r, "page": page} for r in stream_records(ctx.source.local_path, reader))
        yield from ctx.map_rows(rows, message_to_event, table="message", id_column="key")
        call = reader.finish()
        if call is not None:
            yield from ctx.map_rows([{"key": 0, "call": call, "page": page}], call_to_event, table="call",
                                    id_column="key")
        elif reader.index == 0:
            ctx.warn_file("no message and no call in the page")


def _vcard_lines(text: str):
    """The logical lines of a vCard (folded lines joined)."""
    line = None
    for raw in text.splitlines():
        if raw[:1] in (" ", "\t") and line is not None:
            line += raw[1:]
            continue
        if line is not None:
            yield line
        line = raw
    if line is not None:
        yield line


def phones_rows(text: str):
    """``{"index", "number", "group", "params", "label"}`` for every ``TEL`` of ``Phones.vcf``."""
    tels, labels = [], {}
    for line in _vcard_lines(text):
        head, sep, value = line.partition(":")
        if not sep:
            continue
        group, _, prop = head.rpartition(".") if "." in head.split(";", 1)[0] else ("", "", head)
        name, *params = prop.split(";")
        if name.upper() == "TEL":
            tels.append({"number": value.strip()[:100], "group": group or None, "params": ";".join(params) or None})
        elif name.upper() == "X-ABLABEL" and group:
            labels[group] = value.strip()[:100]
    for i, tel in enumerate(tels):
        yield {"index": i, **tel, "label": labels.get(tel["group"])}


def phone_to_event(row: dict, ctx) -> dict | None:
    number = row["number"]
    if not number:
        return None
    label = row["label"]
    params = row["params"] or ""
    role = "google_voice_number" if label == "Google Voice" else "linked_number" if "CELL" in params.upper() else "number"
    extra = {"owned": True, "role": role, "label": label, "tel_params": row["params"]}
    text = "Google Voice number" if role == "google_voice_number" else "Linked phone number" if role == "linked_number" \
        else "Phone number"
    return contact_event(number, None, f"{text} {number}", extra, f"TEL:index={row['index']}")


class TakeoutVoicePhonesParser(Parser):
    name = "takeout_voice_phones"
    app = "googlevoice"
    platform = "desktop"
    origin = "provider"
    description = "Google Takeout Voice/Phones.vcf: the account's Google Voice number and linked phones"
    path_globs = ("**/Voice/Phones.vcf",)
    references = ("Takeout Phones.vcf as quoted in the tests of public Google Voice Takeout readers "
                  "(itemN.TEL + itemN.X-ABLabel:Google Voice, TEL;TYPE=CELL)",)

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(64)
        return None if head.lstrip(b"\xef\xbb\xbf\r\n ").upper().startswith(b"BEGIN:VCARD") else "not a vCard"

    def parse(self, ctx):
        with open(ctx.source.local_path, "rb") as fh:
            data = fh.read(MAX_VCF_BYTES + 1)
        if len(data) > MAX_VCF_BYTES:
            ctx.warn_file(f"Phones.vcf is larger than {MAX_VCF_BYTES:,} bytes; only the start is read")
            data = data[:MAX_VCF_BYTES]
        yield from ctx.map_rows(phones_rows(data.decode("utf-8-sig", "replace")), phone_to_event, table="TEL",
                                id_column="index")


@hookimpl
def register_parsers(register):
    register(TakeoutVoiceParser)
    register(TakeoutVoicePhonesParser)
