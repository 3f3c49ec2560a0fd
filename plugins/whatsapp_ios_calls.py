"""WhatsApp for iOS calls: ``CallHistory.sqlite`` (Core Data store) with names from ``ContactsV2.sqlite``.

Both files live in the app group container ``group.net.whatsapp.WhatsApp.shared``
(``/private/var/mobile/Containers/Shared/AppGroup/<UUID>/`` on a full file system). Schema facts:

* ``artefacts/synthetic/ddl/whatsapp_ios_callhistory.sql``: the schema of the real file of
  iLEAPP's test case ``whatsApp.josh_ios15_ffs`` (iOS 15, WhatsApp 2023). Entities:
  ``ZWACDCALLEVENT`` (one row per call) belongs to a ``ZWAAGGREGATECALLEVENT`` through
  ``Z1CALLEVENTS`` and has ``ZWACDCALLEVENTPARTICIPANT`` rows (``Z1PARTICIPANTS`` = the call's
  ``Z_PK``); ``ZWAJOINABLECALLEVENT`` (joinable group calls) has
  ``ZWAJOINABLECALLEVENTPARTICIPANT`` rows (``Z4PARTICIPANTS``); ``ZWAUPCOMINGCALLEVENT`` holds
  scheduled calls.
* Times (iLEAPP ``whatsApp.py`` ``whatsAppCallHistory``, and the real rows): ``ZDATE`` Cocoa
  seconds (REAL), ``ZDURATION`` seconds (REAL, sub-second: 95.1159973144531); the end of a call
  is ``ZDATE + ZDURATION``. ``ZWAUPCOMINGCALLEVENT.ZUNIXTIMEMS``: milliseconds since 1970.
* Direction: the app's own flag, ``ZINCOMING`` of the aggregate the call belongs to (an aggregate
  groups calls, so it holds one direction for all of them). Where there is no aggregate, the
  call's creator ``ZGROUPCALLCREATORUSERJIDSTRING`` decides as iLEAPP reads it: equal to a
  participant's JID = incoming, another JID = outgoing (on the real case the owner's JID on
  outgoing calls). iLEAPP reports that the two readings agreed on all 16 rows of its tested
  images; the creator's reading is kept in ``extra.direction_by_creator`` beside the one used
  (``extra.direction_from``). The flag comes first because a group call's participant list need
  not hold its creator, which would make the creator's reading say "outgoing" for an incoming call.
* ``ZWACDCALLEVENT.ZOUTCOME``: iLEAPP labels 0 "Ended", 1 "Missed", 4 "Rejected" and notes that
  mapping has no vendor source; other values are kept as stored (``status`` "outcome N").
  ``ZWAAGGREGATECALLEVENT.ZVIDEO`` / ``ZMISSED`` are the app's booleans (video call, missed);
  ``ZMISSEDREASON`` has no reading: kept raw.
* Joinable group calls and scheduled calls: no tested image holds a row (iLEAPP's notes; empty on
  the real case). Their rows are still events (never dropped): time, creator, group, video and
  raw outcome fields as stored; no direction is claimed, as no source gives one.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CALL_START, INCOMING, OUTGOING, duration_text
from artefacts.parser import SQLiteParser
from artefacts.plugins.whatsapp_ios import contacts_v2
from artefacts.rows import attach_children
from artefacts.timeconv import COCOA_SECONDS, UNIX_MILLISECONDS

__version__ = "1.0"

#: ZWACDCALLEVENT.ZOUTCOME -> status (iLEAPP whatsApp.py; no vendor source)
OUTCOMES = {0: "ended", 1: "missed", 4: "rejected"}
SCHEDULED = "Scheduled Start Time"

CALL_OPTIONAL = ("ZGROUPCALLCREATORUSERJIDSTRING", "ZGROUPJIDSTRING", "ZBYTESSENT", "ZBYTESRECEIVED", "ZCALLIDSTRING",
                 "ZSCHEDULEDID")
AGGREGATE_OPTIONAL = ("ZINCOMING", "ZMISSED", "ZMISSEDREASON", "ZVIDEO", "ZLINKTOKEN")
JOINABLE_OPTIONAL = ("ZDURATION", "ZVIDEO", "ZCALLCREATORJIDSTRING", "ZGROUPJIDSTRING", "ZFROMJIDSTRING",
                     "ZCALLIDSTRING", "ZCALLRANDOMIDSTRING", "ZCURRENTOUTCOME", "ZPREVIOUSOUTCOME", "ZISRERING",
                     "ZBADGEREMOVED", "ZBYTESSENT", "ZBYTESRECEIVED", "ZLINKTOKEN", "ZSCHEDULEDID")
UPCOMING_OPTIONAL = ("ZCALLTYPE", "ZSTATUS", "ZCHATJIDSTRING", "ZCREATORJIDSTRING", "ZMESSAGESTANZAID", "ZTITLE",
                     "ZISSYSTEMMESSAGEINSERTED")


def _flag(value) -> bool | None:
    return None if value is None else bool(value)


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _participants(rows, names, extra_columns) -> list[dict]:
    out = []
    for p in rows:
        item = {"jid": p["ZJIDSTRING"]}
        for col, key in extra_columns:
            if p[col] is not None:
                item[key] = p[col]
        known = names.get(p["ZJIDSTRING"])
        if known:
            item["name"], phone = known
            if phone:
                item["phone"] = phone
        out.append(item)
    return out


def _end_time(ctx, start, duration, column):
    if _number(start) is not None and _number(duration) is not None:
        return ctx.time(COCOA_SECONDS, start + duration, column=column)
    return None


def _call_label(video, suffix: str) -> str:
    return ("Video call" if video else "Voice call" if video is not None else "Call") + suffix


def _name(names, jid):
    known = names.get(jid) if jid else None
    return known[0] if known else None


def call_to_event(row, ctx) -> dict:
    """One ``ZWACDCALLEVENT`` row with its aggregate columns and participants -> one call event."""
    names = row["_names"]
    participants = _participants(row["participants"], names, (("ZOUTCOME", "outcome"),))
    jids = [p["jid"] for p in participants if p["jid"]]
    creator = row["ZGROUPCALLCREATORUSERJIDSTRING"] or None
    group_jid = row["ZGROUPJIDSTRING"] or None
    incoming_flag = _flag(row["agg_incoming"])
    by_creator = (INCOMING if creator in jids else OUTGOING) if creator and jids else None
    if incoming_flag is not None:
        direction, direction_from = (INCOMING if incoming_flag else OUTGOING), "aggregate ZINCOMING"
    elif by_creator:
        direction, direction_from = by_creator, "group call creator"
    else:
        direction, direction_from = None, None
    outcome = row["ZOUTCOME"]
    status = OUTCOMES.get(outcome, f"outcome {outcome}" if outcome is not None else None)
    video = _flag(row["agg_video"])
    duration = row["ZDURATION"]
    start = row["ZDATE"]
    extra = {"duration_s": duration, "outcome": outcome, "aggregate_id": row["Z1CALLEVENTS"],
             "group_call": bool(group_jid or len(jids) > 1), "participants": participants}
    if direction_from:
        extra["direction_from"] = direction_from
    if by_creator:
        extra["direction_by_creator"] = by_creator
    for col, key in (("agg_incoming", "incoming_flag"), ("agg_missed", "missed_flag"), ("agg_video", "video")):
        if row[col] is not None:
            extra[key] = bool(row[col])
    for col, key in (("agg_missed_reason", "missed_reason"), ("agg_link_token", "link_token"),
                     ("ZGROUPCALLCREATORUSERJIDSTRING", "group_call_creator"), ("ZGROUPJIDSTRING", "group_jid"),
                     ("ZBYTESSENT", "bytes_sent"), ("ZBYTESRECEIVED", "bytes_received"), ("ZCALLIDSTRING", "call_id"),
                     ("ZSCHEDULEDID", "scheduled_id")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    end = _end_time(ctx, start, duration, "ZWACDCALLEVENT.ZDATE+ZDURATION")
    if end is not None:
        extra["end_time"] = end
    if direction == INCOMING:
        sender = creator or (jids[0] if len(jids) == 1 else None)  # the caller
        recipients = []
    else:
        sender = None
        recipients = jids
    conv = group_jid or (jids[0] if len(jids) == 1 else None)
    label = _call_label(video, " (group)" if extra["group_call"] else "")
    label += "".join(f", {part}" for part in (direction, status) if part)
    if _number(duration) and status == "ended":
        label += f", {duration_text(duration)}"
    return {
        "timestamp": ctx.time(COCOA_SECONDS, start, column="ZWACDCALLEVENT.ZDATE"),
        "timestamp_raw": start,
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": direction,
        "conversation_id": conv,
        "conversation_name": None if group_jid else _name(names, conv),
        "sender": sender,
        "sender_name": _name(names, sender),
        "recipients": recipients,
        "body": label,
        "status": status,
        "extra": extra,
        "source_locator": f"ZWACDCALLEVENT:Z_PK={row['Z_PK']}",
    }


def joinable_call_to_event(row, ctx) -> dict:
    """One ``ZWAJOINABLECALLEVENT`` row with its participants -> one call event (no direction claimed)."""
    names = row["_names"]
    participants = _participants(row["participants"], names, (("ZJOINED", "joined"),))
    creator = row["ZCALLCREATORJIDSTRING"] or None
    group_jid = row["ZGROUPJIDSTRING"] or None
    video = _flag(row["ZVIDEO"])
    start, duration = row["ZDATE"], row["ZDURATION"]
    extra = {"duration_s": duration, "joinable": True, "group_call": True, "participants": participants}
    for col in JOINABLE_OPTIONAL[1:]:
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = bool(row[col]) if col == "ZVIDEO" else row[col]
    end = _end_time(ctx, start, duration, "ZWAJOINABLECALLEVENT.ZDATE+ZDURATION")
    if end is not None:
        extra["end_time"] = end
    label = _call_label(video, " (joinable group call)")
    return {
        "timestamp": ctx.time(COCOA_SECONDS, start, column="ZWAJOINABLECALLEVENT.ZDATE"),
        "timestamp_raw": start,
        "timestamp_desc": CALL_START,
        "kind": "call",
        "conversation_id": group_jid,
        "sender": creator,
        "sender_name": _name(names, creator),
        "body": label,
        "extra": extra,
        "source_locator": f"ZWAJOINABLECALLEVENT:Z_PK={row['Z_PK']}",
    }


def scheduled_call_to_event(row, ctx) -> dict:
    """One ``ZWAUPCOMINGCALLEVENT`` row (a scheduled call) -> one call event at its scheduled time."""
    names = row["_names"]
    creator = row["ZCREATORJIDSTRING"] or None
    extra = {"scheduled": True}
    for col in UPCOMING_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = row[col]
    title = row["ZTITLE"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["ZUNIXTIMEMS"], column="ZWAUPCOMINGCALLEVENT.ZUNIXTIMEMS"),
        "timestamp_raw": row["ZUNIXTIMEMS"],
        "timestamp_desc": SCHEDULED,
        "kind": "call",
        "conversation_id": row["ZCHATJIDSTRING"] or None,
        "conversation_name": _name(names, row["ZCHATJIDSTRING"]),
        "sender": creator,
        "sender_name": _name(names, creator),
        "body": f"Scheduled call: {title}" if title else "Scheduled call",
        "status": "scheduled",
        "extra": extra,
        "source_locator": f"ZWAUPCOMINGCALLEVENT:Z_PK={row['Z_PK']}",
    }


class WhatsAppIOSCallsParser(SQLiteParser):
    name = "whatsapp_ios_calls"
    version = __version__
    app = "whatsapp"
    platform = "ios"
    description = "WhatsApp for iOS calls (CallHistory.sqlite; names from ContactsV2.sqlite)"
    path_globs = ("**/group.net.whatsapp.WhatsApp.shared/CallHistory.sqlite", "**/CallHistory.sqlite")
    related_globs = {"contacts": ("**/group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite", "**/ContactsV2.sqlite")}
    required_tables = {
        "ZWACDCALLEVENT": {"Z_PK", "ZDATE", "ZDURATION", "ZOUTCOME", "Z1CALLEVENTS"},
        "ZWACDCALLEVENTPARTICIPANT": {"Z_PK", "Z1PARTICIPANTS", "ZJIDSTRING"},
    }
    time_units = {
        "ZWACDCALLEVENT.ZDATE": COCOA_SECONDS,
        "ZWAJOINABLECALLEVENT.ZDATE": COCOA_SECONDS,
        "ZWAUPCOMINGCALLEVENT.ZUNIXTIMEMS": UNIX_MILLISECONDS,
    }
    references = (
        "artefacts/synthetic/ddl/whatsapp_ios_callhistory.sql (real file of iLEAPP's whatsApp.josh_ios15_ffs case)",
        "iLEAPP scripts/artifacts/whatsApp.py whatsAppCallHistory (units, direction, ZOUTCOME labels)",
    )

    def parse(self, ctx):
        names = contacts_v2(ctx)
        calls = ", ".join(ctx.column_or_null("ZWACDCALLEVENT", c, c, "c") for c in CALL_OPTIONAL)
        if ctx.has_columns("ZWAAGGREGATECALLEVENT", "Z_PK"):
            agg = ", ".join(ctx.column_or_null("ZWAAGGREGATECALLEVENT", c, f"agg_{key}", "a") for c, key in zip(
                AGGREGATE_OPTIONAL, ("incoming", "missed", "missed_reason", "video", "link_token")))
            join = "LEFT JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = c.Z1CALLEVENTS"
        else:
            agg = ("NULL AS agg_incoming, NULL AS agg_missed, NULL AS agg_missed_reason, NULL AS agg_video, "
                   "NULL AS agg_link_token")
            join = ""
        sql = (f"SELECT c.Z_PK, c.ZDATE, c.ZDURATION, c.ZOUTCOME, c.Z1CALLEVENTS, {calls}, {agg} "
               f"FROM ZWACDCALLEVENT c {join} ORDER BY c.Z_PK")
        outcome = ctx.column_or_null("ZWACDCALLEVENTPARTICIPANT", "ZOUTCOME")
        people = ctx.rows(f"SELECT Z1PARTICIPANTS, ZJIDSTRING, {outcome} FROM ZWACDCALLEVENTPARTICIPANT "
                          "WHERE Z1PARTICIPANTS IS NOT NULL ORDER BY Z1PARTICIPANTS, Z_PK")
        yield from ctx.map_rows(self._with(names, attach_children(ctx.dict_rows(sql), "Z_PK", {
            "participants": (people, "Z1PARTICIPANTS")})), call_to_event, table="ZWACDCALLEVENT", id_column="Z_PK")

        if ctx.has_columns("ZWAJOINABLECALLEVENT", "Z_PK", "ZDATE"):
            cols = ", ".join(ctx.column_or_null("ZWAJOINABLECALLEVENT", c) for c in JOINABLE_OPTIONAL)
            sql = f"SELECT Z_PK, ZDATE, {cols} FROM ZWAJOINABLECALLEVENT ORDER BY Z_PK"
            if ctx.has_columns("ZWAJOINABLECALLEVENTPARTICIPANT", "Z_PK", "Z4PARTICIPANTS", "ZJIDSTRING"):
                joined = ctx.column_or_null("ZWAJOINABLECALLEVENTPARTICIPANT", "ZJOINED")
                people = ctx.rows(f"SELECT Z4PARTICIPANTS, ZJIDSTRING, {joined} FROM ZWAJOINABLECALLEVENTPARTICIPANT "
                                  "WHERE Z4PARTICIPANTS IS NOT NULL ORDER BY Z4PARTICIPANTS, Z_PK")
            else:
                people = ()
            rows = attach_children(ctx.dict_rows(sql), "Z_PK", {"participants": (people, "Z4PARTICIPANTS")})
            yield from ctx.map_rows(self._with(names, rows), joinable_call_to_event, table="ZWAJOINABLECALLEVENT",
                                    id_column="Z_PK")

        if ctx.has_columns("ZWAUPCOMINGCALLEVENT", "Z_PK", "ZUNIXTIMEMS"):
            cols = ", ".join(ctx.column_or_null("ZWAUPCOMINGCALLEVENT", c) for c in UPCOMING_OPTIONAL)
            rows = ctx.dict_rows(f"SELECT Z_PK, ZUNIXTIMEMS, {cols} FROM ZWAUPCOMINGCALLEVENT ORDER BY Z_PK")
            yield from ctx.map_rows(self._with(names, rows), scheduled_call_to_event, table="ZWAUPCOMINGCALLEVENT",
                                    id_column="Z_PK")

    @staticmethod
    def _with(names, rows):
        for row in rows:
            row["_names"] = names
            yield row


@hookimpl
def register_parsers(register):
    register(WhatsAppIOSCallsParser)
