"""Plain text of the HTML fragments that Mastodon-API servers store as a status or chat body.

Mastodon (and Truth Social, a Mastodon fork) keeps a post's body as HTML: paragraphs ``<p>``, line
breaks ``<br>``, mentions and links as ``<a>``/``<span>`` (real ``shared.sqlite`` ``ZSTATUS.ZCONTENT``
and ``ChatModel.sqlite`` ``ZMANAGEDEVENTBASE.ZCONTENT`` of iLEAPP's ``josh_ios17_ffs`` cases). The
text is what a reader sees: tags dropped, entities decoded, a paragraph break or ``<br>`` a newline,
no-break spaces as spaces. The raw HTML is kept by the parsers beside it. Nothing is evaluated and
no URL is followed; the parser of :mod:`html.parser` only splits tags from text.

:func:`stream_records` feeds a whole page (a provider's export) to such a parser in chunks, so that memory
does not grow with the page.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: the most characters of text kept from one fragment (attacker-controlled input)
MAX_CHARS = 1_000_000
#: characters read from a page at a time
CHUNK = 1 << 16


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.paragraphs = 0

    def _add(self, text: str) -> None:
        if self.size < MAX_CHARS:
            text = text[: MAX_CHARS - self.size]
            self.parts.append(text)
            self.size += len(text)

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "br":
            self._add("\n")
        elif tag == "p":
            if self.paragraphs:
                self._add("\n")
            self.paragraphs += 1

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data) -> None:
        self._add(data)


def html_text(fragment: str | None) -> str | None:
    """The text of an HTML body (``None`` for ``None``)."""
    if fragment is None:
        return None
    parser = _Text()
    parser.feed(str(fragment))
    parser.close()
    return "".join(parser.parts).replace("\xa0", " ").strip()


def class_set(attrs) -> set[str]:
    """The classes of a tag's ``class`` attribute (``attrs`` as :class:`HTMLParser` gives them)."""
    for k, v in attrs:
        if k == "class" and v:
            return set(v.split())
    return set()


def stream_records(path, page: HTMLParser):
    """Feed the page at ``path`` to ``page`` in chunks, yielding the records it finishes (appends to its
    ``records`` list) as it goes; bytes that are not UTF-8 are replaced."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            page.feed(chunk)
            yield from page.records
            page.records.clear()
        page.close()
        yield from page.records
        page.records.clear()
