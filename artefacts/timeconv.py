"""Time units and their conversion to the timeline's UTC ISO 8601 form.

Every time column a parser reads is declared with one of the units below: the
unit is a fact about the column (from the app's source or schema notes), never
a guess from a value's magnitude. Conversion is exact integer arithmetic down to
the microsecond; floats (Cocoa seconds stored as REAL) are converted from their
exact binary value and floored, which is what dfdatetime does.

The timeline format is ``YYYY-MM-DDTHH:MM:SS.ffffffZ``: always six fractional
digits, always UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

__all__ = [
    "TimeUnit",
    "TimeValueError",
    "UNITS",
    "UNIX_SECONDS",
    "UNIX_MILLISECONDS",
    "UNIX_MICROSECONDS",
    "UNIX_NANOSECONDS",
    "COCOA_SECONDS",
    "COCOA_NANOSECONDS",
    "WEBKIT_MICROSECONDS",
    "ISO_TEXT",
    "TAKEOUT_TEXT",
    "TAKEOUT_HTML_TEXT",
    "format_us",
    "parse_iso",
]

_EPOCH = datetime(1970, 1, 1)
_MIN_US = (datetime(1, 1, 1) - _EPOCH) // timedelta(microseconds=1)
_MAX_US = (datetime(9999, 12, 31, 23, 59, 59, 999999) - _EPOCH) // timedelta(microseconds=1)

#: Seconds between 1970-01-01 and 2001-01-01 (Apple Cocoa / Core Data reference date).
COCOA_EPOCH_OFFSET_S = 978_307_200
#: Seconds between 1601-01-01 and 1970-01-01 (WebKit / Chrome / Windows FILETIME base).
WEBKIT_EPOCH_OFFSET_S = 11_644_473_600


class TimeValueError(ValueError):
    """A stored time value that cannot be turned into a date (not a number, or out of range)."""


_DAYS: dict[int, str] = {}
_EPOCH_DATE = date(1970, 1, 1)


def format_us(us: int) -> str:
    """Format microseconds since 1970-01-01 UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    if not _MIN_US <= us <= _MAX_US:
        raise TimeValueError(f"{us} µs since 1970 is outside years 1-9999")
    seconds, fraction = divmod(us, 1_000_000)
    days, rest = divmod(seconds, 86_400)
    day = _DAYS.get(days)
    if day is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        day = _DAYS[days] = (_EPOCH_DATE + timedelta(days=days)).isoformat()
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{day}T{hours:02d}:{minutes:02d}:{secs:02d}.{fraction:06d}Z"


def parse_iso(text: str) -> int:
    """Microseconds since 1970 for a timeline timestamp (inverse of :func:`format_us`)."""
    dt = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    return (dt - _EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class TimeUnit:
    """A stored time representation: ``value * num / den`` microseconds after ``epoch``.

    ``epoch_offset_us`` is the epoch's distance from 1970-01-01 in microseconds.
    """

    name: str
    description: str
    num: int
    den: int
    epoch_offset_us: int

    def to_us(self, raw) -> int:
        """Microseconds since 1970-01-01 UTC for a stored value (floored)."""
        if type(raw) is int:
            return raw * self.num // self.den + self.epoch_offset_us
        if isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise TimeValueError(f"{raw!r} is not a time value")
            n, d = raw.as_integer_ratio()
            return n * self.num // (d * self.den) + self.epoch_offset_us
        if isinstance(raw, bool):
            raise TimeValueError(f"{raw!r} is not a time value")
        if isinstance(raw, int):
            return int(raw) * self.num // self.den + self.epoch_offset_us
        if isinstance(raw, (str, bytes)):
            text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
            text = text.strip()
            try:
                return self.to_us(int(text))
            except ValueError:
                pass
            try:
                return self.to_us(float(text))
            except ValueError:
                raise TimeValueError(f"{raw!r} is not a number") from None
        raise TimeValueError(f"{raw!r} ({type(raw).__name__}) is not a time value")

    def iso(self, raw) -> str:
        """The timeline timestamp for a stored value; raises :class:`TimeValueError`."""
        return format_us(self.to_us(raw))


UNIX_SECONDS = TimeUnit("unix_s", "seconds since 1970-01-01 UTC", 1_000_000, 1, 0)
UNIX_MILLISECONDS = TimeUnit("unix_ms", "milliseconds since 1970-01-01 UTC", 1_000, 1, 0)
UNIX_MICROSECONDS = TimeUnit("unix_us", "microseconds since 1970-01-01 UTC", 1, 1, 0)
UNIX_NANOSECONDS = TimeUnit("unix_ns", "nanoseconds since 1970-01-01 UTC", 1, 1_000, 0)
COCOA_SECONDS = TimeUnit(
    "cocoa_s", "seconds since 2001-01-01 UTC (Cocoa / Core Data)", 1_000_000, 1, COCOA_EPOCH_OFFSET_S * 1_000_000
)
COCOA_NANOSECONDS = TimeUnit(
    "cocoa_ns", "nanoseconds since 2001-01-01 UTC (Cocoa)", 1, 1_000, COCOA_EPOCH_OFFSET_S * 1_000_000
)
WEBKIT_MICROSECONDS = TimeUnit(
    "webkit_us", "microseconds since 1601-01-01 UTC (WebKit / Chrome)", 1, 1, -WEBKIT_EPOCH_OFFSET_S * 1_000_000
)

class IsoTextUnit(TimeUnit):
    """An ISO 8601 text with a UTC offset (``2023-04-24T18:17:21.655000+00:00``), read to the microsecond; a text
    without an offset is refused (a local time with no zone is never guessed)."""

    def to_us(self, raw) -> int:
        if not isinstance(raw, str) or len(raw) > 64:
            raise TimeValueError(f"{str(raw)[:64]!r} is not an ISO 8601 time")
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise TimeValueError(f"{raw!r} is not an ISO 8601 time") from None
        if value.tzinfo is None:
            raise TimeValueError(f"{raw!r} has no UTC offset")
        return _us_since_epoch(value)


class FormatTextUnit(TimeUnit):
    """A time written as text in one ``strptime`` format whose zone is named ``UTC`` in the text (Google
    Takeout's ``Sunday, November 18, 2018 at 6:02:21 PM UTC``). Runs of spaces, no-break and narrow no-break
    spaces count as one space; any other zone name is refused rather than guessed."""

    def __init__(self, name: str, description: str, fmt: str):
        super().__init__(name, description, 1, 1, 0)
        object.__setattr__(self, "fmt", fmt)

    def to_us(self, raw) -> int:
        if not isinstance(raw, str) or len(raw) > 80:
            raise TimeValueError(f"{str(raw)[:80]!r} is not a time in the format {self.fmt!r}")
        text = " ".join(raw.replace("\u202f", " ").replace("\xa0", " ").split())
        if not text.endswith(" UTC"):
            raise TimeValueError(f"{raw!r} is not written in UTC (its zone is not converted by guess)")
        try:
            value = datetime.strptime(text[: -len(" UTC")], self.fmt)
        except ValueError:
            raise TimeValueError(f"{raw!r} is not a time in the format {self.fmt!r} UTC") from None
        return _us_since_epoch(value.replace(tzinfo=timezone.utc))


_GMT_OFFSET = re.compile(r"(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?")


class ZoneNameTextUnit(TimeUnit):
    """A local time written as text in one ``strptime`` format followed by the name of its zone, as a web page
    shows it to the account's owner (Google Takeout's ``MyActivity.html``: ``Aug 25, 2020, 5:06:44 PM PDT``).

    A zone name is not a zone: ``CST`` is China's and the US's, ``IST`` India's and Ireland's. ``UTC`` and
    ``GMT`` are read as UTC; any other name is converted only with the zone the examiner names
    (``--timezone``), and only where that zone bore the name at that moment (``PDT`` and ``PST`` of
    America/Los_Angeles, or a ``GMT+2`` form equal to its offset), which also settles the hour a clock set
    back shows twice. Anything else is refused, never guessed. Runs of spaces, no-break and narrow no-break
    spaces count as one space."""

    def __init__(self, name: str, description: str, fmt: str):
        super().__init__(name, description, 1, 1, 0)
        object.__setattr__(self, "fmt", fmt)

    def split(self, raw) -> tuple[datetime, str | None]:
        """The local time and the zone's name (``None`` when the text names none)."""
        if not isinstance(raw, str) or len(raw) > 80:
            raise TimeValueError(f"{str(raw)[:80]!r} is not a time in the format {self.fmt!r}")
        text = " ".join(raw.replace("\u202f", " ").replace("\xa0", " ").split())
        for candidate, zone in ((text, None), tuple(text.rsplit(" ", 1)) if " " in text else (text, None)):
            try:
                return datetime.strptime(candidate, self.fmt), zone
            except ValueError:
                continue
        raise TimeValueError(f"{raw!r} is not a time in the format {self.fmt!r} followed by a zone name")

    def to_us(self, raw, zone: str | None = None) -> int:
        local, name = self.split(raw)
        if name is None:
            raise TimeValueError(f"{raw!r} names no zone (its zone is not converted by guess)")
        if name in ("UTC", "GMT"):
            return _us_since_epoch(local.replace(tzinfo=timezone.utc))
        if not zone:
            raise TimeValueError(f"{raw!r} is a local time in {name}: give --timezone (the account's zone) to "
                                 "convert it")
        tz = ZoneInfo(zone)
        for fold in (0, 1):
            aware = local.replace(tzinfo=tz, fold=fold)
            if aware.tzname() == name or _offset_named(aware.utcoffset(), name):
                return _us_since_epoch(aware)
        raise TimeValueError(f"{raw!r}: {zone} is not called {name} at that time (its zone is not converted "
                             "by guess)")

    def iso(self, raw, zone: str | None = None) -> str:
        return format_us(self.to_us(raw, zone))


def _offset_named(offset: timedelta | None, name: str) -> bool:
    """Whether ``name`` is a ``GMT+2`` / ``GMT-03:30`` form of ``offset``."""
    m = _GMT_OFFSET.fullmatch(name)
    if offset is None or not m:
        return False
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return offset == timedelta(minutes=-minutes if m.group(1) == "-" else minutes)


def _us_since_epoch(value: datetime) -> int:
    delta = value - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


ISO_TEXT = IsoTextUnit("iso8601", "ISO 8601 text with a UTC offset", 1, 1, 0)
#: Google Takeout (Google Chat ``created_date``); English day and month names, whatever the locale of the run
TAKEOUT_TEXT = FormatTextUnit("takeout_text", "text 'Sunday, November 18, 2018 at 6:02:21 PM UTC' (Google Takeout)",
                              "%A, %B %d, %Y at %I:%M:%S %p")
#: Google Takeout ``MyActivity.html``; English month names, the zone named after the time
TAKEOUT_HTML_TEXT = ZoneNameTextUnit("takeout_html_text", "text 'Aug 25, 2020, 5:06:44 PM PDT' (Google Takeout "
                                     "MyActivity.html), its zone named: UTC/GMT, else with --timezone",
                                     "%b %d, %Y, %I:%M:%S %p")

#: Every unit by its short name, as shown by ``artefacts parsers``.
UNITS = {
    u.name: u
    for u in (
        UNIX_SECONDS,
        UNIX_MILLISECONDS,
        UNIX_MICROSECONDS,
        UNIX_NANOSECONDS,
        COCOA_SECONDS,
        COCOA_NANOSECONDS,
        WEBKIT_MICROSECONDS,
        ISO_TEXT,
        TAKEOUT_TEXT,
        TAKEOUT_HTML_TEXT,
    )
}
