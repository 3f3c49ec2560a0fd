"""Mail files: ``.eml`` (one RFC 5322 message), ``.mbox`` (Google Takeout mail and other mbox exports)
and Apple Mail's ``.emlx`` (iOS / macOS Mail, one message per file).

Where the facts come from:

* **Message format**: RFC 5322 (header fields ``From``, ``To``, ``Cc``, ``Bcc``, ``Reply-To``,
  ``Subject``, ``Date``, ``Message-ID``, ``In-Reply-To``, ``References``; ``Date`` is a local time
  with its zone offset, ``-0000`` meaning "UTC, local zone unknown", section 3.3), RFC 5321 section
  4.4 (``Received`` trace fields: each relay *prepends* one, so the first is the last hop and the
  last is where the message entered), RFC 8601 (``Authentication-Results``: SPF, DKIM, DMARC as
  the receiving server judged them), RFC 2045-2047/2183/2231 (MIME parts, ``Content-Disposition``,
  encoded words). Parsed with the standard library's ``email`` package and ``policy.default``.
* **mbox**: the "From " separator line as Python's ``mailbox.mbox`` splits it (a line that starts
  with ``From `` begins a message; the rest of that line is the envelope sender and date, kept in
  ``extra.from_line``). The file is split here in one streaming pass with the same rule instead of
  ``mailbox.mbox``, which indexes the whole file first and reads each message whole: a hostile
  message is cut at :data:`MAX_MESSAGE_BYTES` (one warning) and memory stays flat. Google Takeout
  writes ``Takeout/Mail/<label>.mbox`` (``All mail Including Spam and Trash.mbox``) and adds the
  headers ``X-GM-THRID`` (Gmail's thread id) and ``X-Gmail-Labels`` (comma-separated labels:
  ``Inbox``, ``Sent``, ``Spam``, ``Trash``, user labels ...); a file in a ``Takeout/Mail`` folder
  is a provider record (``origin = "provider"``), its thread id the conversation, and the ``Sent``
  label makes a message outgoing.
* **emlx** (Apple Mail, ``Library/Mail/<account>/<mailbox>.mbox/Messages/<id>.emlx`` and
  ``<id>.partial.emlx`` whose attachments Mail keeps apart under ``Attachments/<id>/``): the first
  line is the byte count of the RFC 5322 message that follows, then an XML property list of Mail's
  own (``date-received`` and ``date-last-viewed`` in seconds since 1970, ``flags`` bit field,
  ``remote-id``, ``conversation-id`` ...). Layout as documented by jwz.org/blog/2005/07/emlx-flags
  and docs.fileformat.com/email/emlx, and as the public readers parse it (mikez/emlx,
  terhechte/emlx ``src/lib.rs``, karlcow's gist 5276813). The property list is kept as stored in
  ``extra.emlx``; its times also go through the declared unit.

One ``email`` event per message: ``timestamp`` is the ``Date`` header converted to UTC ("Sent
Time"), ``timestamp_raw`` the header as written (its offset also in ``extra.date_offset``); sender
and recipients are the addresses of ``From`` and of ``To``/``Cc``/``Bcc``; ``body`` the text/plain
part (else the text/html source), capped; attachments are listed with their size and SHA-256
(decoded from the message, not written anywhere). Threads: the store's conversation id where it
has one (Takeout ``X-GM-THRID``, emlx ``conversation-id``), else the first ``References`` id, else
``In-Reply-To``, else the message's own ``Message-ID``. Everything in a message is attacker
controlled: nothing is evaluated, header lists and parts are capped (:data:`MAX_HEADERS`,
:data:`MAX_PARTS`).
"""

from __future__ import annotations

import calendar
import hashlib
import plistlib
import re
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from artefacts import hookimpl
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, SENT, attachment
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

#: a message larger than this is cut (a warning); Gmail's own limit for a received message is 50 MB
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
#: characters of body text kept in ``body`` (the rest is counted in ``extra.body_chars``)
MAX_BODY_CHARS = 200_000
#: MIME parts walked per message, values kept per repeated header (``Received`` ...)
MAX_PARTS = 1000
MAX_HEADERS = 200
#: longest header value kept in ``extra`` (characters)
MAX_HEADER_CHARS = 16_384
_LINE = 1 << 20  # mbox lines are read in pieces of at most this many bytes

_PARSER = BytesParser(policy=policy.default)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_MSGID = re.compile(r"<[^<>\s]{1,998}>")
_HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,200}:")
_OFFSET = re.compile(r"([+-]\d{4})\s*(?:\([^)]*\))?\s*$")


def _cap(text: str, limit: int = MAX_HEADER_CHARS) -> str:
    return text if len(text) <= limit else text[:limit]


def raw_headers(msg) -> dict[str, list[str]]:
    """Every header as written (unfolded, encoded words left as they are), by lower-case name, in order."""
    out: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        values = out.setdefault(name.lower(), [])
        if len(values) < MAX_HEADERS:
            values.append(_cap(_FOLD.sub("", str(value)).strip()))
    return out


def _decoded(msg, name: str) -> str | None:
    """A header's decoded text (encoded words resolved); the raw text if it cannot be decoded."""
    try:
        value = msg.get(name)
    except Exception:  # a header the policy cannot parse: keep what was written
        raw = raw_headers(msg).get(name.lower())
        return raw[0] if raw else None
    return None if value is None else _cap(str(value))


def _addresses(msg, raw: dict, name: str) -> list[tuple[str, str]]:
    """``(display name, address)`` pairs of an address header (all its occurrences)."""
    pairs: list[tuple[str, str]] = []
    try:
        for header in msg.get_all(name) or ():
            for a in getattr(header, "addresses", ()):
                pairs.append((a.display_name or "", a.addr_spec or ""))
    except Exception:  # fall back to the permissive parse of the raw text
        pairs = getaddresses(raw.get(name.lower(), []))
    return [(n, a) for n, a in pairs[:MAX_HEADERS] if a or n]


def _message_ids(text: str | None) -> list[str]:
    return _MSGID.findall(text or "")[:MAX_HEADERS]


def date_seconds(raw: str) -> tuple[int, str | None]:
    """Seconds since 1970 (UTC) of an RFC 5322 ``Date`` value, and its zone offset as written.

    ``-0000`` (and an obsolete zone name) is read as UTC, as RFC 5322 says. Raises ``ValueError``.
    """
    dt = parsedate_to_datetime(raw)
    if dt is None:
        raise ValueError("not an RFC 5322 date")
    m = _OFFSET.search(raw)
    offset = m.group(1) if m else None
    if dt.tzinfo is None:
        return calendar.timegm(dt.timetuple()), offset
    return calendar.timegm(dt.utctimetuple()), offset


def _body(msg, extra: dict) -> str | None:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return None
    try:
        text = part.get_content()
    except Exception:  # unknown charset or damaged transfer encoding: bytes as text, replaced
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", "replace")
    if not isinstance(text, str):
        return None
    extra["body_type"] = part.get_content_type()
    return cap_body(text, extra)


def cap_body(text, extra: dict):
    """``text`` cut at :data:`MAX_BODY_CHARS` (``extra.body_chars`` and ``extra.body_truncated`` say so)."""
    if isinstance(text, str) and len(text) > MAX_BODY_CHARS:
        extra["body_chars"], extra["body_truncated"] = len(text), True
        return text[:MAX_BODY_CHARS]
    return text


def _attachments(msg, ctx, locator: str) -> list[dict]:
    found = []
    for n, part in enumerate(msg.walk()):
        if n >= MAX_PARTS:
            ctx.warn(f"more than {MAX_PARTS} MIME parts: the rest is not listed", locator)
            break
        if part.is_multipart():
            continue
        try:
            disposition = part.get_content_disposition()
            name = part.get_filename()
        except Exception:
            disposition, name = None, None
        if disposition != "attachment" and not (name and disposition != "inline"):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        found.append(attachment(name=_cap(name, 1024) if name else None, mime_type=part.get_content_type(),
                                size=len(data), sha256=hashlib.sha256(data).hexdigest()))
    return found


def message_to_event(row, ctx) -> dict:
    """The ``email`` event of one message: ``row`` holds ``data`` (the RFC 5322 bytes) and the file's
    own facts (``from_line`` of an mbox, ``plist`` of an emlx, ``takeout``, ``truncated``)."""
    locator = ctx.locator
    msg = _PARSER.parsebytes(row["data"])
    raw = raw_headers(msg)
    extra: dict = {}
    for key in ("subject", "message-id", "in-reply-to", "references", "reply-to", "return-path", "x-mailer",
                "user-agent", "x-originating-ip", "received-spf", "x-gm-thrid", "x-gmail-labels"):
        if key in raw:
            extra[key.replace("-", "_")] = _decoded(msg, key) if key == "subject" else raw[key][0]
    extra["received"] = raw.get("received", [])
    extra["authentication_results"] = raw.get("authentication-results", [])
    sender = _addresses(msg, raw, "from")
    recipients: list[str] = []
    for field in ("to", "cc", "bcc"):
        pairs = _addresses(msg, raw, field)
        if pairs:
            extra[field] = [f"{n} <{a}>" if n else a for n, a in pairs]
        recipients += [a for _, a in pairs if a and a not in recipients]
    if sender:
        extra["from"] = [f"{n} <{a}>" if n else a for n, a in sender]
    for key in ("from_line", "mbox_offset"):
        if row.get(key) is not None:
            extra[key] = row[key]
    if row.get("truncated"):
        extra["truncated_at_bytes"] = MAX_MESSAGE_BYTES
    body = _body(msg, extra)
    files = _attachments(msg, ctx, locator)

    timestamp, raw_date = None, None
    if "date" in raw:
        raw_date = raw["date"][0]
        try:
            seconds, offset = date_seconds(raw_date)
        except (ValueError, TypeError, OverflowError, IndexError) as exc:
            ctx.warn(f"Date header {raw_date[:80]!r} is not an RFC 5322 date ({exc})", locator)
        else:
            timestamp = ctx.time(UNIX_SECONDS, seconds, column="Date")
            extra["date_offset"] = offset

    labels = [x.strip() for x in (raw.get("x-gmail-labels") or [""])[0].split(",") if x.strip()]
    direction = OUTGOING if "Sent" in labels else INCOMING if labels else None
    plist = row.get("plist")
    store_thread = raw.get("x-gm-thrid", [None])[0]
    if isinstance(plist, dict):
        extra["emlx"] = {k: v for k, v in plist.items() if isinstance(v, (str, int, float, bool))}
        if plist.get("conversation-id") is not None:
            store_thread = str(plist["conversation-id"])
        for key in ("date-received", "date-last-viewed"):
            if isinstance(plist.get(key), (int, float)) and plist[key]:
                extra[key.replace("-", "_") + "_time"] = ctx.time(UNIX_SECONDS, plist[key], column=f"emlx.{key}")
    refs = _message_ids(extra.get("references"))
    thread = store_thread or (refs[0] if refs else None) or (_message_ids(extra.get("in_reply_to")) or [None])[0] \
        or (_message_ids(extra.get("message_id")) or [None])[0]
    event = {
        "timestamp": timestamp,
        "timestamp_raw": raw_date,
        "timestamp_desc": SENT if timestamp else NOT_A_TIME,
        "kind": "email",
        "direction": direction,
        "conversation_id": thread,
        "conversation_name": extra.get("subject"),
        "sender": sender[0][1] if sender else None,
        "sender_name": sender[0][0] or None if sender else None,
        "recipients": recipients,
        "body": body,
        "attachments": files,
        "extra": extra,
    }
    if row.get("takeout"):
        event["origin"] = "provider"
    return event


def split_mbox(fh, warn) -> "iter[dict]":
    """The messages of an mbox file, one at a time: ``{"index", "from_line", "mbox_offset", "data", "truncated"}``.

    A message starts at a line beginning with ``From `` (as ``mailbox.mbox`` splits), and the empty
    line before the next one is the separator, not the message's (as ``mailbox.mbox`` writes it). Each message is cut at :data:`MAX_MESSAGE_BYTES`.
    """
    index, current, size, at_line_start, pos = 0, None, 0, True, 0

    def done():
        chunks = current["chunks"]
        if chunks and chunks[-1] in (b"\n", b"\r\n"):  # the empty line that separates messages
            chunks.pop()
        return {"index": index, "from_line": current["from_line"], "mbox_offset": current["offset"],
                "data": b"".join(chunks), "truncated": current["truncated"]}

    while True:
        chunk = fh.readline(_LINE)
        if not chunk:
            break
        starts = at_line_start and chunk.startswith(b"From ")
        at_line_start = chunk.endswith(b"\n")
        if starts:
            if current is not None:
                yield done()
            index += 1
            current = {"from_line": _cap(chunk.rstrip(b"\r\n")[5:].decode("utf-8", "replace"), 1024),
                       "offset": pos, "chunks": [], "truncated": False}
            size = 0
        elif current is None:  # check_file saw the first line start with "From "
            pass
        elif current["truncated"] or size + len(chunk) > MAX_MESSAGE_BYTES:
            if not current["truncated"]:
                current["truncated"] = True
                warn(f"message {index} (offset {current['offset']}) is larger than {MAX_MESSAGE_BYTES} bytes: cut there")
        else:
            current["chunks"].append(chunk)
            size += len(chunk)
        pos += len(chunk)
    if current is not None:
        yield done()


def read_emlx(fh) -> tuple[bytes, dict | None, bool]:
    """The message bytes and Mail's property list of an ``.emlx`` file; raises ``ValueError`` for another layout."""
    first = fh.readline(32)
    count = first.strip()
    if not count.isdigit():
        raise ValueError("the first line is not the message's byte count")
    n = int(count)
    data = fh.read(min(n, MAX_MESSAGE_BYTES))
    truncated = n > MAX_MESSAGE_BYTES
    if len(data) < min(n, MAX_MESSAGE_BYTES):
        raise ValueError(f"the message is shorter ({len(data)} bytes) than its byte count ({n})")
    if truncated:
        fh.seek(len(first) + n)
    tail = fh.read(MAX_HEADER_CHARS * 4)
    plist = None
    if tail.strip():
        plist = plistlib.loads(tail)
        if not isinstance(plist, dict):
            raise ValueError("the property list after the message is not a dictionary")
    return data, plist, truncated


def _is_takeout(path: str) -> bool:
    return "/takeout/mail/" in ("/" + path.lower().replace("\\", "/"))


class MailFilesParser(Parser):
    name = "mail_files"
    version = __version__
    app = "mail"
    platform = "desktop"  # the schema's platforms: files handed over or exported, not one app's store
    description = ("E-mail files: .eml messages and .mbox mailboxes (Google Takeout mail is marked as a provider "
                   "record): headers, Received chain, authentication results, body, attachments hashed")
    path_globs = ("**/*.eml", "**/*.mbox")
    tables = {"RFC 5322 message": {"From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "In-Reply-To",
                                   "References", "Received", "Authentication-Results"},
              "Google Takeout mbox": {"X-GM-THRID", "X-Gmail-Labels"}}
    time_units = {"Date": UNIX_SECONDS}
    references = (
        "RFC 5322 (message format, Date with zone offset), RFC 5321 section 4.4 (Received trace fields)",
        "RFC 8601 (Authentication-Results), RFC 2045-2047, 2183, 2231 (MIME, Content-Disposition)",
        "Python standard library: email (policy.default), mailbox.mbox ('From ' separator lines)",
        "Google Takeout Mail: Takeout/Mail/*.mbox with X-GM-THRID and X-Gmail-Labels headers",
    )

    def check_file(self, ctx) -> str | None:
        path = ctx.source.path.lower()
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(1024)
        if path.endswith(".mbox"):
            return None if head.startswith(b"From ") or not head else "does not start with an mbox 'From ' line"
        if path.endswith(".eml"):
            return None if _HEADER_LINE.match(head.lstrip(b"\r\n")) else "does not start with a header field"
        return "not an .eml or .mbox file"

    def parse(self, ctx):
        takeout = _is_takeout(ctx.source.path)
        with open(ctx.source.local_path, "rb") as fh:
            if ctx.source.path.lower().endswith(".mbox"):
                rows = ({**r, "takeout": takeout} for r in split_mbox(fh, ctx.warn_file))
            else:
                data = fh.read(MAX_MESSAGE_BYTES + 1)
                truncated = len(data) > MAX_MESSAGE_BYTES
                if truncated:
                    ctx.warn_file(f"message larger than {MAX_MESSAGE_BYTES} bytes: cut there")
                rows = iter([{"index": 1, "data": data[:MAX_MESSAGE_BYTES], "truncated": truncated,
                              "takeout": takeout}])
            yield from ctx.map_rows(rows, message_to_event, table="message", id_column="index")


class AppleMailEmlxParser(Parser):
    name = "apple_mail_emlx"
    version = __version__
    app = "ios_mail"
    platform = "ios"
    description = ("Apple Mail message files (.emlx, .partial.emlx) of iOS Mail: the RFC 5322 message and Mail's "
                   "property list (date received, flags, conversation id)")
    path_globs = ("**/Library/Mail/**/*.emlx",)
    tables = {"emlx": {"byte count", "RFC 5322 message", "plist"},
              "emlx plist": {"date-received", "date-last-viewed", "flags", "conversation-id"}}
    time_units = {"Date": UNIX_SECONDS, "emlx.date-received": UNIX_SECONDS, "emlx.date-last-viewed": UNIX_SECONDS}
    references = MailFilesParser.references[:3] + (
        "emlx layout: jwz.org/blog/2005/07/emlx-flags, docs.fileformat.com/email/emlx; readers mikez/emlx, "
        "terhechte/emlx src/lib.rs",
    )

    def check_file(self, ctx) -> str | None:
        if not ctx.source.path.lower().endswith(".emlx"):
            return "not an .emlx file"
        with open(ctx.source.local_path, "rb") as fh:
            first = fh.readline(32)
        return None if first.strip().isdigit() else "the first line is not a byte count"

    def parse(self, ctx):
        with open(ctx.source.local_path, "rb") as fh:
            try:
                data, plist, truncated = read_emlx(fh)
            except Exception as exc:  # plistlib raises several types for damage
                ctx.warn_file(f"not a readable .emlx file ({type(exc).__name__}: {exc})")
                return
        if truncated:
            ctx.warn_file(f"message larger than {MAX_MESSAGE_BYTES} bytes: cut there")
        rows = iter([{"index": 1, "data": data, "plist": plist, "truncated": truncated}])
        yield from ctx.map_rows(rows, message_to_event, table="message", id_column="index")


@hookimpl
def register_parsers(register):
    register(MailFilesParser)
    register(AppleMailEmlxParser)
