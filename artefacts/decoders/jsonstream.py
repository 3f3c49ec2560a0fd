"""Read a large JSON document a piece at a time: walk its objects and arrays without loading them, and
decode only the values asked for, each capped in size.

Exports (Telegram Desktop's ``result.json``, Meta's and Google's JSON) hold every message of an account
in one document; :class:`JsonStream` keeps at most one value (plus a read-ahead chunk) in memory::

    s = JsonStream(fh)
    for key in s.object_keys():          # the top-level object
        if key == "messages":
            for _ in s.array_items():    # positioned on each element
                message = s.value()      # one element, decoded
        else:
            s.skip()

A value larger than ``max_value`` characters raises :class:`JsonTooLarge`; malformed JSON raises
:class:`JsonStreamError` (with the character offset).
"""

from __future__ import annotations

import json
from typing import IO, Iterator

CHUNK = 1 << 20
#: the largest single value decoded (characters)
MAX_VALUE = 64 << 20
_WS = " \t\r\n"
_DECODER = json.JSONDecoder()


class JsonStreamError(ValueError):
    pass


class JsonTooLarge(JsonStreamError):
    pass


class JsonStream:
    def __init__(self, fh: IO[str], *, max_value: int = MAX_VALUE, chunk: int = CHUNK):
        self._fh = fh
        self._buf = ""
        self._pos = 0
        self._base = 0  # offset of _buf[0] in the document
        self._eof = False
        self._chunk = chunk
        self.max_value = max_value

    # -- buffer ------------------------------------------------------------------------------
    def _more(self) -> bool:
        if self._eof:
            return False
        data = self._fh.read(self._chunk)
        if not data:
            self._eof = True
            return False
        if self._pos > self._chunk:
            self._base += self._pos
            self._buf = self._buf[self._pos:]
            self._pos = 0
        self._buf += data
        return True

    def _peek(self) -> str:
        while True:
            buf, pos = self._buf, self._pos
            while pos < len(buf) and buf[pos] in _WS:
                pos += 1
            self._pos = pos
            if pos < len(buf):
                return buf[pos]
            if not self._more():
                return ""

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise JsonStreamError(f"expected {char!r} at offset {self._base + self._pos}")
        self._pos += 1

    @property
    def offset(self) -> int:
        return self._base + self._pos

    # -- values ------------------------------------------------------------------------------
    def value(self):
        """The next value, decoded (at most ``max_value`` characters)."""
        self._peek()
        while True:
            try:
                val, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if len(self._buf) - self._pos > self.max_value:
                    raise JsonTooLarge(f"a value at offset {self.offset} is larger than {self.max_value} characters") from None
                if not self._more():
                    raise JsonStreamError(f"{exc.msg} at offset {self._base + exc.pos}") from None
                continue
            # a number at the end of the buffer may continue in the next chunk
            if end == len(self._buf) and not self._eof and isinstance(val, (int, float)):
                if self._more():
                    continue
            self._pos = end
            return val

    def skip(self) -> None:
        """Step over the next value; objects and arrays are walked, not decoded whole."""
        c = self._peek()
        if c == "{":
            for _ in self.object_keys():
                self.skip()
        elif c == "[":
            for _ in self.array_items():
                self.skip()
        else:
            self.value()

    def object_keys(self) -> Iterator[str]:
        """Enter an object; yields each key with the stream on its value (which the caller must read or skip)."""
        self._expect("{")
        if self._peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonStreamError(f"object key expected at offset {self.offset}")
            self._expect(":")
            self._peek()  # so that peeking at the value does not count as reading it
            start = self.offset
            yield key
            if self._item_done(start, "}"):
                return

    def array_items(self) -> Iterator[int]:
        """Enter an array; yields each index with the stream on its element (read or skip it)."""
        self._expect("[")
        if self._peek() == "]":
            self._pos += 1
            return
        i = 0
        while True:
            self._peek()
            start = self.offset
            yield i
            i += 1
            if self._item_done(start, "]"):
                return

    def _item_done(self, start: int, close: str) -> bool:
        """After one member or element (skipped if the caller left it unread): True at the closing bracket."""
        if self.offset == start:
            self.skip()
        c = self._peek()
        self._pos += 1
        if c == close:
            return True
        if c != ",":
            raise JsonStreamError(f"expected ',' or {close!r} at offset {self.offset - 1}")
        return False

    def peek_kind(self) -> str:
        """``"object"``, ``"array"`` or ``"scalar"`` for the next value; ``""`` at the end."""
        c = self._peek()
        return {"{": "object", "[": "array", "": ""}.get(c, "scalar")


def head_of(ctx, size: int = 4096) -> bytes:
    """The first ``size`` bytes of the parser's working copy (for a cheap ``check_file``)."""
    with open(ctx.source.local_path, "rb") as fh:
        return fh.read(size)


def map_json_stream(ctx, rows, mapping, *, table: str, id_column: str, max_value: int, what: str):
    """Events of a JSON export read as a stream: ``rows(stream)`` yields rows that ``mapping`` turns into
    events (through ``ctx.map_rows``); a document that breaks off keeps what was read and gives ONE warning."""
    with open(ctx.source.local_path, encoding="utf-8-sig", errors="replace") as fh:
        stream = JsonStream(fh, max_value=max_value)
        try:
            yield from ctx.map_rows(rows(stream), mapping, table=table, id_column=id_column)
        except JsonStreamError as exc:
            ctx.warn_file(f"{what} cannot be read further: {exc}")
