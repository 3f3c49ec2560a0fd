"""Microsoft Teams for iOS: the Core Data store ``SkypeSpacesDogfood/<GUID>/Skype*.sqlite``.

Where the facts come from: iLEAPP ``scripts/artifacts/teams.py`` (``abrignoni/iLEAPP``; its earlier
``get_teams`` in ``JamesHabben/iLEAPP``), the only public description of this store found, and the
file path published by a 2025 iOS 15 tool comparison ("iOS 15 Image Forensics Analysis and Tools
Comparison - Browsers, Mail Clients, and Productivity apps": ``/private/var/mobile/Containers/Shared/
AppGroup/<GUID>/SkypeSpacesDogfood/<GUID>/SkypeSpacesDogood-<Microsoft-ID>.sqlite``). No real store is
in the corpus; the generator's DDL (``artefacts/synthetic/ddl/teams_ios.sql``) declares exactly the
columns iLEAPP reads.

* ``ZSMESSAGE`` (``ZARRIVALTIME`` Cocoa seconds, ``ZIMDISPLAYNAME`` the author's name, ``ZCONTENT``
  HTML kept as stored, ``ZFROM`` the author, ``ZTHREADID``, ``ZTHREADTYPE``, ``ZTS_MESSAGEBASETYPE``,
  ``ZTS_MESSAGECONTENTTYPE``, ``ZTS_ISSENTBYME`` 1 = sent by the holder, iLEAPP's ``directionSentValue``;
  ``ZCOMPOSETIME`` ISO 8601 text) joined to ``ZTHREAD`` (``ZTSID`` = ``ZTHREADID``, ``ZTHREADTOPIC``): one
  ``message`` event each. No column of a deleted or edited state is sourced: ``deleted`` stays false.
* ``ZMESSAGEPROPERTIES`` (``ZTSID`` = the message's ``ZTSID``, ``ZPROPERTIES`` a property list, plain or
  NSKeyedArchiver): a ``call-log`` key holds a JSON call record (``startTime``, ``connectTime``, ``endTime``
  ISO 8601 text, ``callDirection``, ``callType``, ``callState``, ``originator``, ``target``,
  ``originatorParticipant.displayName``, ``targetParticipant.displayName``): one ``call`` event each, at
  ``startTime``, mapped by the helper shared with Teams for Android (``plugins/teams_android.py``);
  ``callDirection``/``callState``/``callType`` kept raw (no source lists their values). Other properties
  (iLEAPP's location ``cards``) are not calls and are skipped.
* ``ZDEVICECONTACTHASH`` (``ZDISPLAYNAME``, ``ZEMAIL``, ``ZPHONENUMBER``) and ``ZUSER``
  (``ZTS_LASTSYNCEDAT`` Cocoa seconds, ``ZDISPLAYNAME``, ``ZTELEPHONENUMBER``): one ``contact`` event each,
  addressed by the phone number (else the e-mail, else the name: no id column is sourced).

Not read: shared locations (``cards``; their JSON layout is only known from iLEAPP's indexing of it) and
the downloaded images (``SkypeSpacesDogfood/Downloads``, resolved by iLEAPP through a ``CacheFile`` plist).
"""

from __future__ import annotations

import json
import plistlib

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import ISO_TEXT
from artefacts.plugins.signal_ios import unarchive
from artefacts.plugins.teams_android import MAX_JSON, call_record_event
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

MESSAGE_OPTIONAL = ("ZIMDISPLAYNAME", "ZFROM", "ZTHREADTYPE", "ZTS_MESSAGEBASETYPE", "ZTS_MESSAGECONTENTTYPE",
                    "ZTS_ISSENTBYME", "ZCOMPOSETIME", "ZTSID")
CALL_TEXT = ("callId", "callState", "callType", "callDirection", "originator")


def message_to_event(row, ctx) -> dict:
    """One ``ZSMESSAGE`` row (with its thread's ``topic``) -> a message event."""
    extra: dict = {}
    for col, key in (("ZTHREADTYPE", "thread_type"), ("ZTS_MESSAGEBASETYPE", "message_base_type"),
                     ("ZTS_MESSAGECONTENTTYPE", "message_content_type"), ("ZTSID", "ts_id")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    time_pair(ctx, extra, "compose", row["ZCOMPOSETIME"] or None, "ZSMESSAGE.ZCOMPOSETIME", ISO_TEXT)
    sent = row["ZTS_ISSENTBYME"]
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZARRIVALTIME"], column="ZSMESSAGE.ZARRIVALTIME"),
        "timestamp_raw": row["ZARRIVALTIME"],
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": None if sent is None else OUTGOING if sent == 1 else INCOMING,
        "conversation_id": row["ZTHREADID"],
        "conversation_name": row["topic"],
        "sender": row["ZFROM"],
        "sender_name": row["ZIMDISPLAYNAME"],
        "recipients": [],
        "body": row["ZCONTENT"],
        "attachments": [],
        "deleted": False,
        "extra": extra,
    }


def properties(blob) -> dict:
    """``ZPROPERTIES``: a property list, plain or NSKeyedArchiver (as iLEAPP's ``get_plist_content``), capped."""
    if not isinstance(blob, (bytes, bytearray)) or len(blob) > MAX_JSON:
        raise ValueError("ZPROPERTIES is not a property list of a readable size")
    try:
        value = plistlib.loads(bytes(blob))
    except Exception as exc:  # plistlib raises several types
        raise ValueError(f"ZPROPERTIES is not a property list: {exc}") from None
    if isinstance(value, dict) and value.get("$archiver") == "NSKeyedArchiver":
        value = unarchive(blob)
    if not isinstance(value, dict):
        raise ValueError(f"ZPROPERTIES holds a {type(value).__name__}, not a dictionary")
    return value


def call_log_event(ctx, record, table: str) -> dict:
    """A Skype-family ``call-log`` record (Teams for iOS, Skype 8 ``s4l-*.db`` ``calllogs``; a JSON text or object,
    capped) -> a call event at ``startTime``: the originator is the sender, the participants' display names are kept."""
    if isinstance(record, (str, bytes)):
        if len(record) > MAX_JSON:
            raise ValueError("call-log record too large")
        record = json.loads(record)
    if not isinstance(record, dict):
        raise ValueError(f"call-log is a {type(record).__name__}, not an object")
    names = {k: record[k].get("displayName") for k in ("originatorParticipant", "targetParticipant")
             if isinstance(record.get(k), dict) and isinstance(record[k].get("displayName"), str)}
    event = call_record_event(ctx, record, ISO_TEXT, start_key="startTime", connect_key="connectTime",
                              end_key="endTime", table=table, sender_name=names.get("originatorParticipant"),
                              text_keys=CALL_TEXT)
    originator = record.get("originator")
    event["sender"] = originator if isinstance(originator, str) else None
    if names.get("targetParticipant"):
        event["extra"]["target_name"] = names["targetParticipant"]
    return event


def call_to_event(row, ctx) -> dict | None:
    """One ``ZMESSAGEPROPERTIES`` row: its ``call-log`` record -> a call event (None when it holds no call)."""
    props = properties(row["ZPROPERTIES"])
    if "call-log" not in props:
        return None
    event = call_log_event(ctx, props["call-log"], "call-log")
    event["extra"]["message_ts_id"] = row["ZTSID"]
    return event


def device_contact_to_event(row, ctx) -> dict:
    """One ``ZDEVICECONTACTHASH`` row -> a contact."""
    address = row["ZPHONENUMBER"] or row["ZEMAIL"] or row["ZDISPLAYNAME"]
    extra = {"email": row["ZEMAIL"]} if row["ZEMAIL"] else {}
    extra["source"] = "device contact"
    name = row["ZDISPLAYNAME"] or None
    return contact_event(address, name, name or address, extra, f"ZDEVICECONTACTHASH:Z_PK={row['Z_PK']}")


def user_to_event(row, ctx) -> dict:
    """One ``ZUSER`` row -> a contact, with its last sync time."""
    extra: dict = {"source": "Teams user"}
    time_pair(ctx, extra, "last_sync", row["ZTS_LASTSYNCEDAT"], "ZUSER.ZTS_LASTSYNCEDAT", COCOA_SECONDS)
    address = row["ZTELEPHONENUMBER"] or row["ZDISPLAYNAME"]
    name = row["ZDISPLAYNAME"] or None
    return contact_event(address, name, name or address, extra, f"ZUSER:Z_PK={row['Z_PK']}")


class TeamsIOSParser(SQLiteParser):
    name = "teams_ios"
    version = __version__
    app = "teams"
    platform = "ios"
    description = "Microsoft Teams for iOS Core Data store: messages with direction and thread topic, call log, contacts"
    path_globs = ("**/mobile/Containers/Shared/AppGroup/*/SkypeSpacesDogfood/*/Skype*.sqlite",)
    # iLEAPP reads the two together (messages joined to their thread's topic)
    required_tables = {"ZSMESSAGE": {"Z_PK", "ZARRIVALTIME", "ZCONTENT", "ZTHREADID"}, "ZTHREAD": {"ZTSID", "ZTHREADTOPIC"}}
    time_units = {"ZSMESSAGE.ZARRIVALTIME": COCOA_SECONDS, "ZSMESSAGE.ZCOMPOSETIME": ISO_TEXT,
                  "ZUSER.ZTS_LASTSYNCEDAT": COCOA_SECONDS, "call-log.startTime": ISO_TEXT,
                  "call-log.connectTime": ISO_TEXT, "call-log.endTime": ISO_TEXT}
    references = (
        "iLEAPP scripts/artifacts/teams.py (ZSMESSAGE, ZTHREAD, ZMESSAGEPROPERTIES call-log, ZDEVICECONTACTHASH, "
        "ZUSER; Cocoa seconds, ISO call times)",
        "Store path: 'iOS 15 Image Forensics Analysis and Tools Comparison - Browsers, Mail Clients, and "
        "Productivity apps' (2025)",
        "artefacts/synthetic/ddl/teams_ios.sql",
    )

    def parse(self, ctx):
        opt = ", ".join(ctx.column_or_null("ZSMESSAGE", c, prefix="m") for c in MESSAGE_OPTIONAL)
        topic = "(SELECT t.ZTHREADTOPIC FROM ZTHREAD t WHERE t.ZTSID = m.ZTHREADID LIMIT 1)"
        yield from ctx.map_rows(f"SELECT m.Z_PK, m.ZARRIVALTIME, m.ZCONTENT, m.ZTHREADID, {opt}, {topic} AS topic "
                                "FROM ZSMESSAGE m ORDER BY m.Z_PK", message_to_event, table="ZSMESSAGE", id_column="Z_PK")
        if ctx.has_columns("ZMESSAGEPROPERTIES", "Z_PK", "ZTSID", "ZPROPERTIES"):
            yield from ctx.map_rows("SELECT Z_PK, ZTSID, ZPROPERTIES FROM ZMESSAGEPROPERTIES "
                                    "WHERE ZPROPERTIES IS NOT NULL ORDER BY Z_PK",
                                    call_to_event, table="ZMESSAGEPROPERTIES", id_column="Z_PK")
        if ctx.has_columns("ZDEVICECONTACTHASH", "Z_PK", "ZDISPLAYNAME", "ZEMAIL", "ZPHONENUMBER"):
            yield from ctx.map_rows("SELECT Z_PK, ZDISPLAYNAME, ZEMAIL, ZPHONENUMBER FROM ZDEVICECONTACTHASH "
                                    "ORDER BY Z_PK", device_contact_to_event, table="ZDEVICECONTACTHASH", id_column="Z_PK")
        if ctx.has_columns("ZUSER", "Z_PK", "ZDISPLAYNAME", "ZTELEPHONENUMBER"):
            sync = ctx.column_or_null("ZUSER", "ZTS_LASTSYNCEDAT")
            yield from ctx.map_rows(f"SELECT Z_PK, ZDISPLAYNAME, ZTELEPHONENUMBER, {sync} FROM ZUSER ORDER BY Z_PK",
                                    user_to_event, table="ZUSER", id_column="Z_PK")


@hookimpl
def register_parsers(register):
    register(TeamsIOSParser)
