"""Time units: exact conversion, declared units, no guessing."""

from __future__ import annotations

from datetime import datetime

import pytest

from artefacts.timeconv import (
    COCOA_NANOSECONDS,
    COCOA_SECONDS,
    UNITS,
    UNIX_MICROSECONDS,
    UNIX_MILLISECONDS,
    UNIX_NANOSECONDS,
    UNIX_SECONDS,
    WEBKIT_MICROSECONDS,
    TimeValueError,
    format_us,
    parse_iso,
)


@pytest.mark.parametrize(
    "unit, raw, expected",
    [
        (UNIX_MILLISECONDS, 1383065788038, "2013-10-29T16:56:28.038000Z"),  # plaso mmssms.db row 1
        (UNIX_SECONDS, 1383066000, "2013-10-29T17:00:00.000000Z"),
        (UNIX_MICROSECONDS, 1383065788038123, "2013-10-29T16:56:28.038123Z"),
        (UNIX_NANOSECONDS, 1383065788038123999, "2013-10-29T16:56:28.038123Z"),  # floored, not rounded
        (COCOA_SECONDS, 470573320, "2015-11-30T10:48:40.000000Z"),  # plaso imessage ROWID 8
        (COCOA_SECONDS, 778000000, "2025-08-27T15:06:40.000000Z"),  # mvt WhatsApp iOS
        (COCOA_NANOSECONDS, 778000000123456789, "2025-08-27T15:06:40.123456Z"),
        (WEBKIT_MICROSECONDS, 13043519788038000, "2014-05-02T15:56:28.038000Z"),  # 1601 epoch
        (UNIX_MILLISECONDS, -1000, "1969-12-31T23:59:59.000000Z"),
        (UNIX_MILLISECONDS, 0, "1970-01-01T00:00:00.000000Z"),
    ],
)
def test_units(unit, raw, expected):
    assert unit.iso(raw) == expected


def test_float_uses_exact_binary_value_floored():
    # 0.1 is stored as 0.1000000000000000055...: floor keeps 100000 µs, not 100001.
    assert COCOA_SECONDS.iso(0.1) == "2001-01-01T00:00:00.100000Z"
    # 0.3 is 0.29999999999999998889...: the exact value floors to 299999 µs (dfdatetime does the same).
    assert COCOA_SECONDS.iso(0.3) == "2001-01-01T00:00:00.299999Z"
    assert COCOA_SECONDS.iso(470573320.5) == "2015-11-30T10:48:40.500000Z"


def test_numeric_text_is_accepted_but_words_are_not():
    assert UNIX_MILLISECONDS.iso("1383065788038") == "2013-10-29T16:56:28.038000Z"
    with pytest.raises(TimeValueError):
        UNIX_MILLISECONDS.iso("yesterday")
    with pytest.raises(TimeValueError):
        UNIX_MILLISECONDS.iso(float("nan"))
    with pytest.raises(TimeValueError):
        UNIX_MILLISECONDS.iso(True)


def test_out_of_range_is_an_error_not_a_wrong_date():
    with pytest.raises(TimeValueError):
        UNIX_MILLISECONDS.iso(10**20)
    with pytest.raises(TimeValueError):
        UNIX_SECONDS.iso(-(10**14))


def test_no_magnitude_guessing():
    """The same raw value means different times in different declared units."""
    raw = 1383065788038
    assert UNIX_SECONDS.iso(1383065788) == "2013-10-29T16:56:28.000000Z"
    with pytest.raises(TimeValueError):
        UNIX_SECONDS.iso(raw)  # ms read as seconds is out of range: the unit is not second-guessed


def test_round_trip_and_registry():
    for us in (0, 1, 1383065788038123, -1):
        assert parse_iso(format_us(us)) == us
    assert set(UNITS) == {"unix_s", "unix_ms", "unix_us", "unix_ns", "cocoa_s", "cocoa_ns", "webkit_us", "iso8601",
                          "takeout_text", "takeout_html_text"}


def test_text_units_convert_exactly_and_refuse_a_zone_they_cannot_read():
    from artefacts.timeconv import ISO_TEXT, TAKEOUT_TEXT, TimeValueError

    assert ISO_TEXT.iso("2016-11-22T09:57:49.123-08:00") == "2016-11-22T17:57:49.123000Z"
    assert TAKEOUT_TEXT.iso("Sunday, November 18, 2018 at 6:02:21 PM UTC") == "2018-11-18T18:02:21.000000Z"
    # the narrow no-break space newer exports put before AM/PM
    assert TAKEOUT_TEXT.iso("Wednesday, April 15, 2015 at 12:51:08\u202fAM UTC") == "2015-04-15T00:51:08.000000Z"
    for unit, raw in ((ISO_TEXT, "2016-11-22T09:57:49"), (TAKEOUT_TEXT, "Sunday, November 18, 2018 at 6:02:21 PM PST"),
                      (TAKEOUT_TEXT, "18/11/2018 18:02 UTC"), (ISO_TEXT, 12345)):
        with pytest.raises(TimeValueError):
            unit.to_us(raw)


def test_a_zone_name_is_read_as_utc_only_for_utc_and_gmt_else_by_the_zone_that_bore_it():
    from artefacts.timeconv import TAKEOUT_HTML_TEXT as unit, TimeValueError

    assert unit.iso("Jan 22, 2020, 8:34:00 PM UTC") == "2020-01-22T20:34:00.000000Z"
    assert unit.iso("Jan 25, 2019, 8:23:48 AM GMT") == "2019-01-25T08:23:48.000000Z"
    assert unit.iso("Aug 25, 2020, 5:06:44\u202fPM PDT", "America/Los_Angeles") == "2020-08-26T00:06:44.000000Z"
    # the hour a clock set back shows twice: the name tells which
    assert unit.iso("Nov 1, 2020, 1:30:00 AM PDT", "America/Los_Angeles") == "2020-11-01T08:30:00.000000Z"
    assert unit.iso("Nov 1, 2020, 1:30:00 AM PST", "America/Los_Angeles") == "2020-11-01T09:30:00.000000Z"
    # a zone with no English name of its own is written as its offset
    assert unit.iso("Sep 10, 2019, 8:51:45 PM GMT+3", "Europe/Moscow") == "2019-09-10T17:51:45.000000Z"
    assert unit.iso("Sep 10, 2019, 8:51:45 PM MSK", "Europe/Moscow") == "2019-09-10T17:51:45.000000Z"
    assert unit.split("Sep 10, 2019, 8:51:45 PM CST") == (datetime(2019, 9, 10, 20, 51, 45), "CST")
    for raw, zone, why in (("Sep 10, 2019, 8:51:45 PM CST", None, "give --timezone"),
                           ("Sep 10, 2019, 8:51:45 PM CST", "Asia/Shanghai", None),
                           ("Sep 10, 2019, 8:51:45 PM CDT", "Asia/Shanghai", "is not called CDT"),
                           ("Sep 10, 2019, 8:51:45 PM GMT+2", "Europe/Moscow", "is not called"),
                           ("Jun 23, 2015, 2:43:45 PM", "UTC", "names no zone"),
                           ("10.09.2019, 20:51:45 MESZ", "Europe/Berlin", "is not a time")):
        if why is None:
            assert unit.iso(raw, zone) == "2019-09-10T12:51:45.000000Z"
            continue
        with pytest.raises(TimeValueError, match=why):
            unit.to_us(raw, zone)
