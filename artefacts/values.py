"""A row's values as the storage class a parser expects of a column.

SQLite keeps any value in any column: a damaged page, a carved record or a crafted store puts text where the
app writes a BLOB, a BLOB where it writes text, a real where it writes an integer. A parser that calls
``bytes(value)``, joins strings or compares numbers on such a value raises, and the row (or, in a lookup read
before the rows, the whole file) is lost. These helpers give the value in the expected class, or say why it
cannot be, so that the row is kept with a warning.
"""

from __future__ import annotations

_BINARY = (bytes, bytearray, memoryview)


class ValueClassError(ValueError):
    """A stored value of a storage class the column cannot mean (an integer where a BLOB belongs ...)."""


def as_bytes(value) -> bytes | None:
    """The bytes of a BLOB column's value: bytes as they are, text as its UTF-8 (SQLite's own reading of text
    as a BLOB), ``None`` for NULL; a number raises :class:`ValueClassError`."""
    if value is None or type(value) is bytes:
        return value
    if isinstance(value, _BINARY):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    raise ValueClassError(f"a {type(value).__name__} ({str(value)[:40]}) where a BLOB belongs")


def as_text(value) -> str | None:
    """The text of a TEXT column's value: text as it is, bytes read as UTF-8 (undecodable bytes as ``\\xNN``
    escapes, as the host reads TEXT that is not UTF-8), a number as its digits, ``None`` for NULL."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, _BINARY):
        return bytes(value).decode("utf-8", "backslashreplace")
    return str(value)


def as_int(value) -> int | None:
    """An INTEGER column's value when it is one (``bool`` excluded), else ``None``: text, a BLOB or a real
    where the app writes an integer is not a number to compare or count with."""
    return value if type(value) is int else None


def join_present(sep: str, *values) -> str | None:
    """The values that are present (not NULL, not empty) as text joined by ``sep`` (a first and a last name ...),
    or ``None``: whatever storage class each holds."""
    return sep.join(as_text(v) for v in values if v not in (None, "", b"")) or None
