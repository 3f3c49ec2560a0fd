"""Viber for iOS: messages, calls and contacts of the Core Data store ``com.viber/database/Contacts.data``.

Where the facts come from (no real file is public; the DDL file ``artefacts/synthetic/ddl/viber_ios.sql``
holds exactly the sourced tables and columns):

* iLEAPP ``scripts/artifacts/viber.py`` (path ``**/com.viber/database/Contacts.data*``; its
  ``viber_chats``, ``viber_call_remnants`` and ``viber_contacts`` queries), and
  ``/work/shared/reference/apps.md`` (Viber iOS).
* ``ZVIBERMESSAGE``: ``ZDATE`` and ``ZSTATEDATE`` Cocoa seconds (iLEAPP converts both with
  ``convert_cocoa_core_data_ts_to_utc``); the event's time is ``ZDATE`` (the message date of the
  public iOS queries: ``datetime('2001-01-01', ZDATE || ' seconds') as 'Date'``), ``ZSTATEDATE`` is kept
  in ``extra``. ``ZSTATE`` ``send``/``delivered`` = outgoing, ``received`` = incoming (iLEAPP); another
  value has no direction. The sender of an incoming message is the member
  ``COALESCE(ZPHONENUMINDEX, ZCONVERSATION.ZINTERLOCUTOR)`` (iLEAPP's ``MEMBER_ID``), named by
  ``ZMEMBER.ZDISPLAYFULLNAME`` and addressed by its ``ZPHONENUMBER`` (``ZCANONIZEDPHONENUM``, else
  ``ZPHONE``). The recipients of an outgoing message are the conversation's members as iLEAPP lists
  them: the interlocutor and every member who wrote in it. ``ZBEINGDELETED`` 1 = being deleted
  (iLEAPP "Message Deleted"), ``ZTIMEBOMBDURATION``/``ZTIMEBOMBTIMESTAMP`` (seconds since 1970,
  iLEAPP ``convert_unix_ts_to_utc``) disappearing messages, ``ZLIKESCOUNT`` the likes,
  ``ZSYSTEMTYPE`` a system message (a ``system`` event), ``ZMETADATA`` JSON kept raw,
  ``ZATTACHMENT`` -> ``ZATTACHMENT(ZNAME, ZTYPE, ZFILESIZE)``, ``ZLOCATION`` ->
  ``ZVIBERLOCATION(ZLATITUDE, ZLONGITUDE)``. The device owner is in another store,
  ``com.viber/settings/Settings.data`` (iLEAPP ``viber_settings``: table ``Data(key, value)``, keys
  ``_myUserName``, ``_myPhoneNumber``, ``_myCanonizedPhoneNumber``, ``_registrationDate`` seconds
  since 1970): with it beside ``database/``, the owner's number (canonized, else as typed) and name
  are the sender of outgoing messages, and parser ``viber_ios_settings`` makes the account a
  ``contact`` event (``extra.owner``); without it outgoing messages have no sender.
* Calls: ``ZRECENT(ZDATE Cocoa, ZDURATION seconds, ZCALLTYPE)`` joined to ``ZRECENTSLINE`` for the
  number (``ZPHONENUMBER``); ``ZCALLTYPE`` ``incoming``, ``incoming_with_video``, ``missed``,
  ``missed_with_video``, ``outgoing_viber``, ``outgoing_viber_with_video`` (iLEAPP's labels); another
  value is kept with no direction. ``ZCALLLOGMESSAGE`` (the call's message) is kept in ``extra``.
* Contacts: each ``ZMEMBER`` (with its numbers) and each address-book ``ZABCONTACT`` (names, numbers
  of ``ZABCONTACTNUMBER``) is a ``contact`` event.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import (CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event, duration_text,
                              number_call_event, time_pair)
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS, UNIX_SECONDS

__version__ = "1.0"

STATES = {"send": OUTGOING, "delivered": OUTGOING, "received": INCOMING}
CALL_TYPES = {  # ZCALLTYPE -> (direction, video, missed), iLEAPP viber.py
    "incoming": (INCOMING, False, False), "incoming_with_video": (INCOMING, True, False),
    "missed": (INCOMING, False, True), "missed_with_video": (INCOMING, True, True),
    "outgoing_viber": (OUTGOING, False, False), "outgoing_viber_with_video": (OUTGOING, True, False),
}
SEP = "\x1f"
MESSAGE_OPTIONAL = ("ZSTATEDATE", "ZSYSTEMTYPE", "ZMETADATA", "ZBEINGDELETED", "ZTIMEBOMBDURATION", "ZTIMEBOMBTIMESTAMP",
                    "ZLIKESCOUNT", "ZATTACHMENT", "ZLOCATION", "ZPHONENUMINDEX")
# a member's address: its first number, canonized when it has one
ADDRESS = ("(SELECT COALESCE(NULLIF(n.ZCANONIZEDPHONENUM, ''), n.ZPHONE) FROM ZPHONENUMBER n WHERE n.ZMEMBER = {0} "
           "ORDER BY n.Z_PK LIMIT 1)")


def message_to_event(row, ctx) -> dict:
    """One ``ZVIBERMESSAGE`` row with its conversation, sender member, attachment and location."""
    direction = STATES.get(row["ZSTATE"])
    members = [m for m in (row["members"] or "").split(SEP) if m]
    extra: dict = {"state": row["ZSTATE"]}
    for col in MESSAGE_OPTIONAL:
        if row[col] not in (None, "") and col not in ("ZSTATEDATE", "ZTIMEBOMBTIMESTAMP"):
            extra[col[1:].lower()] = row[col]
    time_pair(ctx, extra, "state", row["ZSTATEDATE"], "ZVIBERMESSAGE.ZSTATEDATE", COCOA_SECONDS)
    time_pair(ctx, extra, "time_bomb", row["ZTIMEBOMBTIMESTAMP"], "ZVIBERMESSAGE.ZTIMEBOMBTIMESTAMP", UNIX_SECONDS)
    for col in ("conversation_deleted", "favorite", "latitude", "longitude", "attachment_type"):
        if row[col] is not None:
            extra[col] = row[col]
    owner = ctx.lookups.get("viber_owner", {})
    attachments = []
    if row["attachment_name"]:
        attachments.append(attachment(name=row["attachment_name"], size=row["attachment_size"]))
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZDATE"], column="ZVIBERMESSAGE.ZDATE"),
        "timestamp_raw": row["ZDATE"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED if direction == INCOMING else CREATED,
        "kind": "system" if row["ZSYSTEMTYPE"] else "message",
        "direction": direction,
        "conversation_id": str(row["ZCONVERSATION"]) if row["ZCONVERSATION"] is not None else None,
        "conversation_name": row["conversation_name"] or (row["interlocutor_name"] if len(members) <= 1 else None),
        "sender": row["sender"] if direction == INCOMING else owner.get("number") if direction == OUTGOING else None,
        "sender_name": row["sender_name"] if direction == INCOMING else owner.get("name") if direction == OUTGOING else None,
        "recipients": members if direction == OUTGOING else [],
        "body": row["ZTEXT"],
        "attachments": attachments,
        "deleted": bool(row["ZBEINGDELETED"]),
        "extra": extra,
    }


def call_to_event(row, ctx) -> dict:
    """One ``ZRECENT`` row with its ``ZRECENTSLINE`` number -> a call event."""
    ctype = row["ZCALLTYPE"]
    direction, video, missed = CALL_TYPES.get(ctype, (None, None, None))
    duration = row["ZDURATION"]
    extra: dict = {"call_type": ctype, "duration_s": duration}
    if video is not None:
        extra.update(video=video, missed=missed)
    if row["ZCALLLOGMESSAGE"] is not None:
        extra["call_log_message"] = row["ZCALLLOGMESSAGE"]
    label = f"Viber {'video' if video else 'audio' if video is not None else ''} call".replace("  ", " ")
    label += f", {'missed' if missed else direction or ctype}"
    if direction and not missed:
        label += f", {duration_text(duration)}"
    return number_call_event(ctx, COCOA_SECONDS, row["ZDATE"], "ZRECENT.ZDATE", row["number"] or None,
                             row["name"] or None, direction, label, "missed" if missed else None, extra)


def member_to_event(row, ctx) -> dict:
    """One ``ZMEMBER`` row with its numbers -> a contact."""
    numbers = [n for n in (row["numbers"] or "").split(SEP) if n]
    name = row["ZDISPLAYFULLNAME"] or row["ZNAME"] or None
    extra = {"numbers": numbers, **{c[1:].lower(): row[c] for c in ("ZDISPLAYSHORTNAME", "ZNAME") if row[c]}}
    address = row["address"] or None
    return contact_event(address, name, f"{name or address} (Viber member)", extra, f"ZMEMBER:Z_PK={row['Z_PK']}")


def ab_contact_to_event(row, ctx) -> dict:
    """One address-book ``ZABCONTACT`` row with its numbers -> a contact."""
    numbers = [n for n in (row["numbers"] or "").split(SEP) if n]
    name = " ".join(p for p in (row["ZPREFIXNAME"], row["ZMAINNAME"], row["ZSUFFIXNAME"]) if p) or None
    extra = {"numbers": numbers, "address_book": True}
    if row["ZCONTACTID"] is not None:
        extra["contact_id"] = row["ZCONTACTID"]
    address = numbers[0] if numbers else None
    body = f"{name or address} ({', '.join(numbers)})" if numbers else name or f"contact {row['Z_PK']}"
    return contact_event(address, name, body, extra, f"ZABCONTACT:Z_PK={row['Z_PK']}")


OWNER_KEYS = ("_myUserName", "_myPhoneNumber", "_myCanonizedPhoneNumber", "_registrationDate")
SETTINGS_GLOB = "**/com.viber/settings/Settings.data"


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def owner_settings(con) -> dict:
    """The account's keys of a ``Settings.data`` (``Data(key, value)``)."""
    marks = ", ".join("?" * len(OWNER_KEYS))
    return {k: _text(v) for k, v in con.execute(f"SELECT key, value FROM Data WHERE key IN ({marks})", OWNER_KEYS)}


def owner_of(settings: dict) -> dict:
    number = settings.get("_myCanonizedPhoneNumber") or settings.get("_myPhoneNumber") or None
    return {"number": number, "name": settings.get("_myUserName") or None}


def read_owner(ctx) -> dict:
    def read(con, source):
        if not {"key", "value"} <= {r[1] for r in con.execute("PRAGMA table_info(Data)")}:
            ctx.warn_file(f"Viber settings ({source.path}): no table Data(key, value)")
            return None
        return owner_of(owner_settings(con))

    return ctx.read_related("settings", "Viber's Settings.data", read) or {}


class ViberIosSettingsParser(SQLiteParser):
    name = "viber_ios_settings"
    version = __version__
    app = "viber"
    platform = "ios"
    description = "Viber for iOS Settings.data: the device's own Viber account (name, number, registration)"
    path_globs = (SETTINGS_GLOB,)
    required_tables = {"Data": {"key", "value"}}
    time_units = {"Data._registrationDate": UNIX_SECONDS}
    references = ("iLEAPP scripts/artifacts/viber.py (viber_settings)", "artefacts/synthetic/ddl/viber_ios.sql")

    def parse(self, ctx):
        settings = owner_settings(ctx.db)
        if not settings:
            return
        owner = owner_of(settings)
        extra: dict = {"owner": True, **{k.lstrip("_"): v for k, v in settings.items() if k != "_registrationDate"}}
        reg = settings.get("_registrationDate")
        if isinstance(reg, str) and reg.isdigit():
            reg = int(reg)
        time_pair(ctx, extra, "registration", reg, "Data._registrationDate", UNIX_SECONDS)
        body = "Viber account " + ", ".join(x for x in (owner["name"], owner["number"]) if x)
        yield contact_event(owner["number"], owner["name"], body, extra, "Data:key=_myPhoneNumber")


class ViberIosParser(SQLiteParser):
    name = "viber_ios"
    version = __version__
    app = "viber"
    platform = "ios"
    description = "Viber for iOS Contacts.data: messages, calls, members and address-book contacts"
    path_globs = ("**/com.viber/database/Contacts.data",)
    required_tables = {
        "ZVIBERMESSAGE": {"Z_PK", "ZCONVERSATION", "ZDATE", "ZSTATE", "ZTEXT"},
        "ZCONVERSATION": {"Z_PK", "ZINTERLOCUTOR", "ZNAME"},
        "ZMEMBER": {"Z_PK", "ZDISPLAYFULLNAME", "ZNAME"},
        "ZPHONENUMBER": {"Z_PK", "ZMEMBER", "ZPHONE", "ZCANONIZEDPHONENUM"},
    }
    time_units = {"ZVIBERMESSAGE.ZDATE": COCOA_SECONDS, "ZVIBERMESSAGE.ZSTATEDATE": COCOA_SECONDS,
                  "ZVIBERMESSAGE.ZTIMEBOMBTIMESTAMP": UNIX_SECONDS, "ZRECENT.ZDATE": COCOA_SECONDS}
    references = ("iLEAPP scripts/artifacts/viber.py (viber_chats, viber_call_remnants, viber_contacts)",
                  "artefacts/synthetic/ddl/viber_ios.sql")
    related_globs = {"settings": (SETTINGS_GLOB,)}

    def parse(self, ctx):
        ctx.lookups["viber_owner"] = read_owner(ctx)
        opt = ", ".join(ctx.column_or_null("ZVIBERMESSAGE", c, prefix="m") for c in MESSAGE_OPTIONAL)
        member = "COALESCE(m.ZPHONENUMINDEX, c.ZINTERLOCUTOR)" if ctx.has_columns("ZVIBERMESSAGE", "ZPHONENUMINDEX") \
            else "c.ZINTERLOCUTOR"
        writers = "SELECT w.ZPHONENUMINDEX AS pk FROM ZVIBERMESSAGE w WHERE w.ZCONVERSATION = m.ZCONVERSATION UNION " \
            if ctx.has_columns("ZVIBERMESSAGE", "ZPHONENUMINDEX") else ""
        members = (f"(SELECT group_concat(a, char(31)) FROM (SELECT {ADDRESS.format('k.pk')} AS a FROM ({writers}"
                   "SELECT c.ZINTERLOCUTOR AS pk) AS k WHERE k.pk IS NOT NULL ORDER BY k.pk) WHERE a IS NOT NULL)")
        side = {"conversation_deleted": ctx.column_or_null("ZCONVERSATION", "ZBEINGDELETED", "conversation_deleted", "c"),
                "favorite": ctx.column_or_null("ZCONVERSATION", "ZFAVORITE", "favorite", "c")}
        joins, more = "", ["NULL AS latitude", "NULL AS longitude", "NULL AS attachment_name", "NULL AS attachment_size",
                           "NULL AS attachment_type"]
        if ctx.has_columns("ZVIBERMESSAGE", "ZLOCATION") and ctx.has_columns("ZVIBERLOCATION", "Z_PK", "ZLATITUDE",
                                                                               "ZLONGITUDE"):
            joins += " LEFT JOIN ZVIBERLOCATION l ON l.Z_PK = m.ZLOCATION"
            more[0:2] = ["l.ZLATITUDE AS latitude", "l.ZLONGITUDE AS longitude"]
        if ctx.has_columns("ZVIBERMESSAGE", "ZATTACHMENT") and ctx.has_columns("ZATTACHMENT", "Z_PK", "ZNAME", "ZTYPE",
                                                                                 "ZFILESIZE"):
            joins += " LEFT JOIN ZATTACHMENT a ON a.Z_PK = m.ZATTACHMENT"
            more[2:5] = ["a.ZNAME AS attachment_name", "a.ZFILESIZE AS attachment_size", "a.ZTYPE AS attachment_type"]
        sql = (f"SELECT m.Z_PK, m.ZCONVERSATION, m.ZDATE, m.ZSTATE, m.ZTEXT, {opt}, {', '.join(side.values())}, "
               f"{', '.join(more)}, c.ZNAME AS conversation_name, "
               f"(SELECT ZDISPLAYFULLNAME FROM ZMEMBER WHERE Z_PK = c.ZINTERLOCUTOR) AS interlocutor_name, "
               f"{ADDRESS.format(member)} AS sender, (SELECT ZDISPLAYFULLNAME FROM ZMEMBER WHERE Z_PK = {member}) "
               f"AS sender_name, {members} AS members FROM ZVIBERMESSAGE m "
               f"LEFT JOIN ZCONVERSATION c ON c.Z_PK = m.ZCONVERSATION{joins} ORDER BY m.Z_PK")
        yield from ctx.map_rows(sql, message_to_event, table="ZVIBERMESSAGE", id_column="Z_PK")
        if ctx.has_columns("ZRECENT", "Z_PK", "ZDATE", "ZCALLTYPE", "ZDURATION"):
            line = ctx.has_columns("ZRECENT", "ZRECENTSLINE") and ctx.has_columns("ZRECENTSLINE", "Z_PK", "ZPHONENUMBER")
            number = "s.ZPHONENUMBER" if line else "NULL"
            name = (f"(SELECT mb.ZDISPLAYFULLNAME FROM ZPHONENUMBER n JOIN ZMEMBER mb ON mb.Z_PK = n.ZMEMBER WHERE "
                    f"{number} IN (n.ZCANONIZEDPHONENUM, n.ZPHONE) ORDER BY n.Z_PK LIMIT 1)")
            join = "LEFT JOIN ZRECENTSLINE s ON s.Z_PK = r.ZRECENTSLINE" if line else ""
            msg = ctx.column_or_null("ZRECENT", "ZCALLLOGMESSAGE", prefix="r")
            yield from ctx.map_rows(f"SELECT r.Z_PK, r.ZDATE, r.ZCALLTYPE, r.ZDURATION, {msg}, {number} AS number, "
                                    f"{name} AS name FROM ZRECENT r {join} ORDER BY r.Z_PK", call_to_event,
                                    table="ZRECENT", id_column="Z_PK")
        numbers = ("(SELECT group_concat(x, char(31)) FROM (SELECT COALESCE(NULLIF(n.ZCANONIZEDPHONENUM, ''), n.ZPHONE) "
                   "AS x FROM {0} n WHERE n.{1} = t.Z_PK ORDER BY n.Z_PK))")
        yield from ctx.map_rows(
            f"SELECT t.Z_PK, t.ZDISPLAYFULLNAME, t.ZNAME, {ctx.column_or_null('ZMEMBER', 'ZDISPLAYSHORTNAME', prefix='t')}, "
            f"{ADDRESS.format('t.Z_PK')} AS address, {numbers.format('ZPHONENUMBER', 'ZMEMBER')} AS numbers "
            "FROM ZMEMBER t ORDER BY t.Z_PK", member_to_event, table="ZMEMBER", id_column="Z_PK")
        if ctx.has_columns("ZABCONTACT", "Z_PK", "ZMAINNAME", "ZPREFIXNAME", "ZSUFFIXNAME") and ctx.has_columns(
                "ZABCONTACTNUMBER", "Z_PK", "ZCONTACT", "ZPHONE", "ZCANONIZEDPHONENUM"):
            yield from ctx.map_rows(
                f"SELECT t.Z_PK, t.ZMAINNAME, t.ZPREFIXNAME, t.ZSUFFIXNAME, {ctx.column_or_null('ZABCONTACT', 'ZCONTACTID', prefix='t')}, "
                f"{numbers.format('ZABCONTACTNUMBER', 'ZCONTACT')} AS numbers FROM ZABCONTACT t ORDER BY t.Z_PK",
                ab_contact_to_event, table="ZABCONTACT", id_column="Z_PK")


@hookimpl
def register_parsers(register):
    register(ViberIosParser)
    register(ViberIosSettingsParser)
