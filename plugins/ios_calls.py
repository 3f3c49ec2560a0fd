"""Apple call history: ``CallHistory.storedata`` (Core Data store of callhistoryd), table ``ZCALLRECORD``.

Where the schema facts come from:

* Columns: richinfante/iphonebackuptools ``schemas/calls/calls_11.2.sql`` (schema dump of a real
  iOS 11.2 backup; ``calls_9.3.5.sql`` lacks ``ZCALL_CATEGORY``, ``ZHANDLE_TYPE``,
  ``ZSERVICE_PROVIDER``), as copied with its sources into ``artefacts/synthetic/ddl/
  ios_callhistory.sql``. Columns other releases add or drop are read when present.
* Path: ``/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata`` on iOS
  (mvt-project/mvt ``mvt/ios/modules/mixed/calls.py``; iTunes-backup id
  ``5a4935c78a5255723f707230a451d79c540d2741``) and ``~/Library/Application Support/
  CallHistoryDB/CallHistory.storedata`` on macOS (ydkhatri/mac_apt ``plugins/callhistory.py``).
* ``ZDATE``: Cocoa time, seconds since 2001-01-01 UTC, stored as REAL (iLEAPP
  ``callHistory.py`` ``datetime(ZDATE+978307200,'unixepoch')``; mac_apt ``ReadMacAbsoluteTime``;
  mvt ``convert_mactime_to_iso``). ``ZDURATION``: seconds, REAL (iLEAPP "Duration in Secs").
* ``ZORIGINATED`` 0 incoming, 1 outgoing; ``ZANSWERED`` 0 no, 1 yes; ``ZCALLTYPE`` 0
  third-party app (CallKit), 1 phone, 8 FaceTime video, 16 FaceTime audio (iLEAPP
  ``callHistory.py`` @ 0b8e2bc7 and mac_apt ``callhistory.py`` @ 25d3f22d, identical lists).
* ``ZADDRESS``: the other party (number or e-mail). The column is declared BLOB and is read back
  as bytes holding UTF-8 text (iLEAPP strips the ``b'...'`` repr, mvt decodes bytes as UTF-8);
  TEXT values are taken as they are.
* ``ZDISCONNECTED_CAUSE`` (mac_apt): 0 ended, 6 rejected; for WhatsApp (``ZSERVICE_PROVIDER``
  ending in ``whatsapp``) 2 rejected, 6 missed (incoming) or "missed or rejected" (outgoing).
* ``ZNAME``, ``ZLOCATION``, ``ZISO_COUNTRY_CODE``, ``ZSERVICE_PROVIDER`` (e.g.
  ``com.apple.Telephony``, ``com.apple.FaceTime`` or a CallKit app's bundle id),
  ``ZUNIQUE_ID``, ``ZREAD``: kept as stored. The sources give no meaning for
  ``ZCALL_CATEGORY``, ``ZFACE_TIME_DATA``, ``ZHANDLE_TYPE``, ``ZNUMBER_AVAILABILITY``,
  ``ZDEVICE_ID``: kept raw in ``extra``.

Status: outgoing calls are "outgoing" (whether the far end answered is in ``extra.answered``;
no source says what an unanswered outgoing record means, so no "cancelled" is claimed);
incoming calls are "answered" when ``ZANSWERED`` = 1, else "rejected" where mac_apt's
``ZDISCONNECTED_CAUSE`` reading says so, else "missed".
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CALL_START, INCOMING, OUTGOING, duration_text
from artefacts.evidence.globs import compile_glob
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS
from artefacts.values import as_text

__version__ = "1.0"

#: ZCALLTYPE -> (label, app, video)
CALL_TYPES = {
    0: ("third-party app call", "phone", None),
    1: ("phone call", "phone", False),
    8: ("FaceTime video call", "facetime", True),
    16: ("FaceTime audio call", "facetime", False),
}
MACOS_DB = compile_glob("**/Library/Application Support/CallHistoryDB/CallHistory.storedata")

OPTIONAL = (
    "ZANSWERED", "ZCALLTYPE", "ZDISCONNECTED_CAUSE", "ZDURATION", "ZADDRESS", "ZNAME", "ZLOCATION",
    "ZISO_COUNTRY_CODE", "ZSERVICE_PROVIDER", "ZUNIQUE_ID", "ZREAD", "ZCALL_CATEGORY", "ZFACE_TIME_DATA",
    "ZHANDLE_TYPE", "ZNUMBER_AVAILABILITY", "ZDEVICE_ID",
)
#: columns kept in ``extra`` as stored, by their lower-case names without the Core Data ``Z``
EXTRA_COLUMNS = (
    "ZLOCATION", "ZISO_COUNTRY_CODE", "ZSERVICE_PROVIDER", "ZUNIQUE_ID", "ZREAD", "ZDISCONNECTED_CAUSE",
    "ZCALL_CATEGORY", "ZFACE_TIME_DATA", "ZHANDLE_TYPE", "ZNUMBER_AVAILABILITY", "ZDEVICE_ID",
)


def _text(value) -> str | None:
    """ZADDRESS and friends: bytes holding UTF-8, or text (``None`` for empty)."""
    return as_text(value) or None


def _is_whatsapp(provider) -> bool:
    return isinstance(provider, str) and provider.lower().endswith("whatsapp")


def _disconnected_label(cause, provider, originated, duration) -> str | None:
    """mac_apt's reading of ZDISCONNECTED_CAUSE."""
    if _is_whatsapp(provider):
        if cause == 6 and duration not in (None, 0, 0.0):
            return "ended"
        if cause == 6 and originated == 1:
            return "missed or rejected"
        if cause == 2:
            return "rejected"
        if cause == 6:
            return "missed"
    if cause == 0:
        return "ended"
    if cause == 6:
        return "rejected"
    return None


def call_to_event(row, ctx) -> dict:
    """One ``ZCALLRECORD`` row (by column name) -> one call event."""
    originated = row["ZORIGINATED"]
    direction = OUTGOING if originated == 1 else INCOMING if originated == 0 else None
    answered = row["ZANSWERED"]
    ctype = row["ZCALLTYPE"]
    label, app, video = CALL_TYPES.get(ctype, (f"call type {ctype}", "phone", None))
    duration = row["ZDURATION"]
    provider = row["ZSERVICE_PROVIDER"]
    cause_label = _disconnected_label(row["ZDISCONNECTED_CAUSE"], provider, originated, duration)

    if direction == OUTGOING:
        status = "outgoing"
    elif direction == INCOMING:
        if answered == 1:
            status = "answered"
        elif cause_label == "rejected":
            status = "rejected"
        else:
            status = "missed"
    else:
        status = None

    address = _text(row["ZADDRESS"])
    name = _text(row["ZNAME"])
    extra = {"duration_s": duration, "call_type": ctype, "call_type_label": label, "originated": originated}
    if answered is not None:
        extra["answered"] = bool(answered)
    if video is not None:
        extra["video"] = video
    for col in EXTRA_COLUMNS:
        if row[col] is not None:
            extra[col[1:].lower()] = row[col]
    if cause_label is not None:
        extra["disconnected_cause_label"] = cause_label
    if name:
        extra["name"] = name
    start = row["ZDATE"]
    if isinstance(start, (int, float)) and isinstance(duration, (int, float)):
        extra["end_time"] = ctx.time(COCOA_SECONDS, start + duration, column="ZCALLRECORD.ZDATE+ZDURATION")

    body = label[0].upper() + label[1:] + (f", {status}" if status else "")
    if status in ("answered", "outgoing") and isinstance(duration, (int, float)):
        body += f", {duration_text(duration)}"
    incoming = direction == INCOMING
    return {
        "timestamp": ctx.time(COCOA_SECONDS, start, column="ZCALLRECORD.ZDATE"),
        "timestamp_raw": start,
        "timestamp_desc": CALL_START,
        "app": app,
        "platform": "desktop" if MACOS_DB.search(ctx.source.path) else "ios",
        "kind": "call",
        "direction": direction,
        "conversation_id": address,
        "conversation_name": name,
        "sender": address if incoming else None,
        "sender_name": name if incoming else None,
        "recipients": [address] if direction == OUTGOING and address else [],
        "body": body,
        "status": status,
        "extra": extra,
        "source_locator": f"ZCALLRECORD:Z_PK={row['Z_PK']}",
    }


class IosCallsParser(SQLiteParser):
    name = "ios_calls"
    version = __version__
    app = "phone"
    platform = "ios"
    description = "Apple call history: phone, FaceTime and CallKit calls (CallHistory.storedata)"
    path_globs = (
        "**/Library/CallHistoryDB/CallHistory.storedata",
        "**/Library/Application Support/CallHistoryDB/CallHistory.storedata",
    )
    required_tables = {"ZCALLRECORD": {"Z_PK", "ZDATE", "ZORIGINATED"}}
    time_units = {"ZCALLRECORD.ZDATE": COCOA_SECONDS}
    references = (
        "richinfante/iphonebackuptools schemas/calls/calls_11.2.sql (real iOS 11.2 schema dump)",
        "abrignoni/iLEAPP scripts/artifacts/callHistory.py (ZCALLTYPE, ZORIGINATED, ZANSWERED, ZDATE, ZADDRESS)",
        "ydkhatri/mac_apt plugins/callhistory.py (same codes, ZDISCONNECTED_CAUSE)",
        "mvt-project/mvt mvt/ios/modules/mixed/calls.py (path, ZADDRESS bytes)",
    )

    def parse(self, ctx):
        yield from ctx.map_table("ZCALLRECORD", call_to_event, id_column="Z_PK",
                                 columns=("Z_PK", "ZDATE", "ZORIGINATED"), optional=OPTIONAL)


@hookimpl
def register_parsers(register):
    register(IosCallsParser)
