"""Showing timeline times in a chosen time zone, with the offset always stated.

Timeline timestamps are UTC (``YYYY-MM-DDTHH:MM:SS.ffffffZ``, :mod:`artefacts.timeconv`). The review
pages show them in UTC unless the investigator asks for a zone (``--timezone``, or ``tz=`` on a
page); every shown time carries its UTC offset, so that a reader never has to guess which clock
a time is on.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..timeconv import parse_iso

UTC_NAMES = ("", "UTC", "Z", "Etc/UTC")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class UnknownZone(ValueError):
    """A time zone name that the IANA database does not know."""


def zone(name: str | None) -> tzinfo:
    """The zone called ``name`` (an IANA name such as ``Europe/Berlin``; empty or ``UTC``: UTC)."""
    if name is None or name.strip() in UTC_NAMES:
        return timezone.utc
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:  # ValueError: a path-like or malformed name
        raise UnknownZone(f"unknown time zone {name!r} (an IANA name such as Europe/Berlin, or UTC)") from exc


def zone_name(tz: tzinfo) -> str:
    return "UTC" if tz is timezone.utc else str(tz)


def offset_text(delta: timedelta | None) -> str:
    """``+01:00``, ``-03:30``, ``+00:00``."""
    minutes = int((delta or timedelta(0)).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def local(timestamp: str | None, tz: tzinfo) -> dict | None:
    """A timeline timestamp in ``tz``: ``{"date", "time", "full", "offset"}``; None when there is none.

    ``time`` is to the second (what a phone shows), ``full`` has the microseconds and the offset.
    A value that is not a timeline timestamp gives None (shown raw by the caller).
    """
    if not timestamp:
        return None
    try:
        at = (_EPOCH + timedelta(microseconds=parse_iso(timestamp))).astimezone(tz)
    except (ValueError, OverflowError):
        return None
    offset = "UTC" + offset_text(at.utcoffset())
    return {
        "date": at.strftime("%Y-%m-%d"),
        "time": at.strftime("%H:%M:%S"),
        "full": f"{at.strftime('%Y-%m-%d %H:%M:%S.%f')} {offset}",
        "offset": offset,
    }


def local_day(quarter_start_utc: str, tz: tzinfo) -> str:
    """The local date in ``tz`` of a UTC time ``YYYY-MM-DDTHH:MM`` (a quarter-hour's start)."""
    at = datetime.strptime(quarter_start_utc, "%Y-%m-%dT%H:%M").replace(tzinfo=timezone.utc)
    return at.astimezone(tz).strftime("%Y-%m-%d")
