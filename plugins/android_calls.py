"""Android call log: table ``calls`` in ``calllog.db`` (Android 7+) or ``contacts2.db`` (earlier).

Facts: AOSP ``android.provider.CallLog.Calls`` and a real Android 4.x
``contacts2.db`` (plaso test data). ``date`` is milliseconds since 1970 (call
start), ``duration`` is seconds. ``type``: 1 incoming, 2 outgoing, 3 missed,
4 voicemail, 5 rejected, 6 blocked, 7 answered externally. ``features`` bit 0x1
marks a video call. Later releases add columns (``features``,
``subscription_id``, ``phone_account_address``, ``presentation``,
``last_modified`` ...): they are read when present.

Viber's own ``viber_data`` database also has a ``calls`` table with ``number``, ``date``,
``duration`` and ``type`` (plaso's real ``android/viber_data`` and its ``android_viber_call``
plugin) plus ``viber_call_type`` (1 audio, 4 video) and ``canonized_number``, which AOSP's call log
never had: such a table is Viber's, not the phone's, and is not claimed.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, duration_text, number_call_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

CALL_TYPES = {
    1: ("incoming", INCOMING),
    2: ("outgoing", OUTGOING),
    3: ("missed", INCOMING),
    4: ("voicemail", INCOMING),
    5: ("rejected", INCOMING),
    6: ("blocked", INCOMING),
    7: ("answered externally", INCOMING),
}
FEATURES_VIDEO = 0x1
#: columns of Viber's ``calls`` table that ``CallLog.Calls`` does not have
VIBER_COLUMNS = frozenset({"viber_call_type", "canonized_number"})

OPTIONAL = (
    "name", "new", "is_read", "numbertype", "numberlabel", "countryiso", "geocoded_location",
    "normalized_number", "formatted_number", "features", "presentation", "subscription_id",
    "subscription_component_name", "phone_account_address", "via_number", "last_modified",
    "voicemail_uri", "transcription",
)


def call_to_event(row, ctx) -> dict:
    """One ``calls`` row (by column name) -> one call event."""
    ctype = row["type"]
    status, direction = CALL_TYPES.get(ctype, (f"type {ctype}", None))
    number = row["number"] or None
    name = row["name"] or None
    duration = row["duration"]
    video = bool((row["features"] or 0) & FEATURES_VIDEO)
    extra = {"duration_s": duration, "video": video}
    for col in OPTIONAL:
        if col not in ("name", "features") and row[col] is not None:
            extra[col] = row[col]
    start = row["date"]
    if isinstance(start, int) and isinstance(duration, int):
        extra["end_time"] = ctx.time(UNIX_MILLISECONDS, start + duration * 1000, column="calls.date+duration")
    if row["last_modified"]:
        extra["last_modified"] = ctx.time(UNIX_MILLISECONDS, row["last_modified"], column="calls.last_modified")
        extra["last_modified_raw"] = row["last_modified"]
    label = ("Video" if video else "Voice") + f" call, {status}"
    if ctype in (1, 2, 7):
        label += f", {duration_text(duration)}"
    event = number_call_event(ctx, UNIX_MILLISECONDS, start, "calls.date", number, name, direction, label, status, extra)
    event["source_locator"] = f"calls:_id={row['_id']}"
    return event


class AndroidCallsParser(SQLiteParser):
    name = "android_calls"
    version = __version__
    app = "phone"
    platform = "android"
    description = "Android call log (calls table of calllog.db / contacts2.db)"
    path_globs = ("**/calllog.db", "**/contacts2.db")
    required_tables = {"calls": {"_id", "number", "date", "duration", "type"}}
    time_units = {"calls.date": UNIX_MILLISECONDS, "calls.last_modified": UNIX_MILLISECONDS}
    references = (
        "AOSP frameworks/base core/java/android/provider/CallLog.java (Calls.*_TYPE, FEATURES_VIDEO)",
        "plaso test_data/android/contacts2.db and plaso/parsers/sqlite_plugins/android_calls.py",
        "plaso test_data/android/viber_data and plaso/parsers/sqlite_plugins/android_viber_call.py (Viber's calls table)",
    )

    def check_file(self, ctx):
        reason = super().check_file(ctx)
        if reason is None and VIBER_COLUMNS & ctx.schema["calls"]:
            return "a Viber call log (calls.viber_call_type), not the Android call log"
        return reason

    def parse(self, ctx):
        yield from ctx.map_table("calls", call_to_event, id_column="_id",
                                 columns=("_id", "number", "date", "duration", "type"), optional=OPTIONAL)


@hookimpl
def register_parsers(register):
    register(AndroidCallsParser)
