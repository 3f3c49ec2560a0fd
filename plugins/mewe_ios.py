"""MeWe for iOS: chat messages, users (contacts), groups and the account of ``sgrouplesdb.sqlite``.

MeWe keeps a Core Data store ``Documents/sgrouplesdb.sqlite`` in its application container
(``*/mobile/Containers/Data/Application/<UUID>/Documents/sgrouplesdb.sqlite``).

Where the facts come from:

* The schema: the real store (with its WAL) of iLEAPP's test case ``meWe.josh_ios17_ffs`` (iOS 17.3,
  ``../shared/corpus/ileapp/cases/``; DDL in ``artefacts/synthetic/ddl/mewe_ios.sql``) and iLEAPP
  ``scripts/artifacts/meWe.py`` (``abrignoni/iLEAPP``).
* ``ZCHATMESSAGE``: ``ZDATE`` (Cocoa seconds, Core Data ``TIMESTAMP``; iLEAPP
  ``convert_cocoa_core_data_ts_to_utc``), ``ZTEXT``, ``ZSENDER`` (the sender's MeWe user id,
  ``ZUSER.ZUSERID``), ``ZTHREADID`` (``ZCHATTHREAD.ZTHREADID``), ``ZMESSAGEID``,
  ``ZREPLYMESSAGEID``, ``ZEDITEDDATE`` and ``ZORIGINALTEXT`` (an edit and the text before it),
  ``ZDELETEDBYSENDER`` (unsent), ``ZDISAPPEARINGTYPE``, ``ZEVENTTYPE``, ``ZCALLDURATION``,
  ``ZCALLHASVIDEO``, ``ZTZDATESTR`` (the sender's local time as text). A shared location is an
  OpenStreetMap link in the text (``...?mlat=<lat>&mlon=<lon>...``, iLEAPP's note and the real
  rows): its coordinates go to ``extra``.
* ``ZCHATATTACHMENT`` (``ZCHATMESSAGE`` = the message's ``Z_PK``): ``ZATYPE`` (``photo`` in the
  real file), ``ZFILENAME``, ``ZMIMETYPE`` (a file extension, ``jpg``, in the real file),
  ``ZURL`` (a path on MeWe's server, ``/api/v2/photo/...``), durations and sizes.
* ``ZCHATTHREAD``: ``ZTHREADID``, ``ZCHATTYPE`` (``UserChat`` in the real file), ``ZSTARTEDBY``;
  its members are the many-to-many table ``Z_<thread>PARTICIPATINGUSERS(Z_<thread>THREADS,
  Z_<user>PARTICIPATINGUSERS)``, the entity numbers of ``ChatThread`` and ``User`` in
  ``Z_PRIMARYKEY`` (11 and 38 in the real file).
* The account holder: ``ZCURRENTUSER.ZUSER`` is the ``Z_PK`` of the holder's ``ZUSER`` row (real
  file; ``ZUSER.ZCURRENTUSER`` points back). ``ZCURRENTUSER`` also holds ``ZPRIMARYEMAIL``,
  ``ZPRIMARYPHONE``, ``ZCONTACTINVITEID``, ``ZREGISTERED``, ``ZJAILDATE`` (iLEAPP meWeAccount). A
  message whose ``ZSENDER`` is the holder's id is outgoing, any other incoming.
* ``ZUSER`` (``ZUSERID``, ``ZNAME``, ``ZFIRSTNAME``, ``ZLASTNAME``, ``ZHANDLE``, ``ZISVERIFIED``,
  ``ZISPREMIUM``, ``ZISPUBLIC``, ``ZDSNPHANDLE``, ``ZFINGERPRINT``) with ``ZCONTACT`` (``ZUSER``,
  ``ZCREATEDDATE`` Cocoa seconds, ``ZCONTACTTYPE``, ``ZINVITATIONTYPE``) and ``ZPROFILE`` (several
  rows per user, iLEAPP takes the maximum of each flag: ``ZISCONTACT``, ``ZISFOLLOWING``,
  ``ZISFOLLOWER``, ``ZISMUTED``, counts): one ``contact`` event per user, addressed by the user id
  (the messages' sender). ``ZGROUP`` (``ZGROUPID``, ``ZNAME``, ``ZDESCRIPTIONPLAIN``, ``ZROLE``,
  ``ZMEMBERSCOUNT``, ...): one ``contact`` event per group with ``extra.group``.

Calls: MeWe keeps ``ZCALLDURATION``/``ZCALLHASVIDEO`` on message rows, but no source gives the
``ZEVENTTYPE`` value of a call (every real row has it NULL and a duration of 0), so no row is made
a call: a non-zero duration or video flag is kept in ``extra``. Left out: posts, polls, comments.
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, CREATED, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

OSM_COORDS = re.compile(r"mlat=(-?\d+(?:\.\d+)?)&(?:amp;)?mlon=(-?\d+(?:\.\d+)?)")
SEP, FIELD = "\x1e", "\x1f"
MESSAGE_OPTIONAL = ("ZMESSAGEID", "ZREPLYMESSAGEID", "ZEDITEDDATE", "ZORIGINALTEXT", "ZDELETEDBYSENDER",
                    "ZDISAPPEARINGTYPE", "ZEVENTTYPE", "ZCALLDURATION", "ZCALLHASVIDEO", "ZTZDATESTR", "ZSENDINGSTATUS")
USER_OPTIONAL = ("ZFIRSTNAME", "ZLASTNAME", "ZHANDLE", "ZISVERIFIED", "ZISPREMIUM", "ZISPUBLIC", "ZDSNPHANDLE",
                 "ZFINGERPRINT")
HOLDER_OPTIONAL = ("ZPRIMARYEMAIL", "ZPRIMARYPHONE", "ZCONTACTINVITEID", "ZREGISTERED", "ZISDSNPREGISTERED", "ZJAILDATE")
GROUP_OPTIONAL = ("ZDESCRIPTIONPLAIN", "ZCATEGORY", "ZOWNERID", "ZROLE", "ZPUBLICROLE", "ZMEMBERSCOUNT",
                  "ZUNSEENPOSTSCOUNT", "ZISPUBLIC", "ZISCONFIRMED", "ZISMUTED", "ZISOWNERORADMIN", "ZCHATMODE",
                  "ZEMAIL", "ZPUBLICURLID")
PROFILE_FLAGS = ("ZISCONTACT", "ZISFOLLOWING", "ZISFOLLOWER", "ZISMUTED", "ZFOLLOWERSCOUNT", "ZFOLLOWINGCOUNT")


def _records(text) -> list[list[str]]:
    return [r.split(FIELD) for r in (text or "").split(SEP) if r]


def user_name(name, first, last, handle):
    """The name MeWe shows: ``ZNAME``, else first and last name, else the handle."""
    full = " ".join(p for p in (first, last) if p)
    return name or full or handle or None


def message_to_event(row, ctx) -> dict:
    """One ``ZCHATMESSAGE`` row with its sender (``sender_*``), thread and members (see ``parse``)."""
    holder = row["holder"]
    sender = row["ZSENDER"] or None
    direction = OUTGOING if holder and sender == holder else INCOMING
    members = {uid: name for uid, name in _records(row["members"])}
    extra: dict = {"thread_id": row["ZTHREADID"]}
    for col, key in (("ZMESSAGEID", "message_id"), ("ZREPLYMESSAGEID", "reply_to_message_id"),
                     ("ZORIGINALTEXT", "original_text"), ("ZDISAPPEARINGTYPE", "disappearing_type"),
                     ("ZEVENTTYPE", "event_type"), ("ZTZDATESTR", "local_time_text"), ("chat_type", "chat_type"),
                     ("ZSENDINGSTATUS", "sending_status")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    if row["ZCALLDURATION"]:
        extra["call_duration_s"] = row["ZCALLDURATION"]
    if row["ZCALLHASVIDEO"]:
        extra["call_has_video"] = True
    time_pair(ctx, extra, "edited", row["ZEDITEDDATE"], "ZCHATMESSAGE.ZEDITEDDATE", COCOA_SECONDS)
    match = OSM_COORDS.search(row["ZTEXT"] or "")
    if match:
        extra["latitude"], extra["longitude"] = float(match.group(1)), float(match.group(2))
    attachments = []
    for atype, name, mime, url in _records(row["files"]):
        attachments.append(attachment(name=name or url.rsplit("/", 1)[-1] or None))
        extra.setdefault("attachments", []).append({k: v for k, v in (("type", atype), ("file_name", name),
                                                                      ("mime", mime), ("url", url)) if v})
    others = [members[uid] or uid for uid in sorted(members) if uid != holder]
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZDATE"], column="ZCHATMESSAGE.ZDATE"),
        "timestamp_raw": row["ZDATE"],
        "timestamp_desc": CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": row["ZTHREADID"],
        "conversation_name": ", ".join(others) or None,
        "sender": sender,
        "sender_name": user_name(row["sender_name"], row["sender_first"], row["sender_last"], row["sender_handle"]),
        "recipients": [uid for uid in sorted(members) if uid != sender],
        "body": row["ZTEXT"],
        "attachments": attachments,
        "deleted": bool(row["ZDELETEDBYSENDER"]),
        "extra": extra,
    }


def user_to_event(row, ctx) -> dict:
    """One ``ZUSER`` row with its contact, profile and (for the holder) account rows -> a contact."""
    extra: dict = {}
    for col in USER_OPTIONAL:
        if row[col] not in (None, "", 0):
            extra[col[1:].lower()] = bool(row[col]) if col.startswith("ZIS") else row[col]
    for col in ("ZCONTACTID", "ZCONTACTTYPE", "ZINVITATIONTYPE"):
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = row[col]
    time_pair(ctx, extra, "contact_created", row["ZCREATEDDATE"], "ZCONTACT.ZCREATEDDATE", COCOA_SECONDS)
    for col in PROFILE_FLAGS:
        value = row[f"p_{col}"]
        if value is not None:
            extra[col[1:].lower()] = value if col.endswith("COUNT") else bool(value)
    if row["is_holder"]:
        extra["account_holder"] = True
        for col in HOLDER_OPTIONAL:
            if row[col] not in (None, "") and col != "ZJAILDATE":
                extra[col[1:].lower()] = row[col]
        time_pair(ctx, extra, "jail", row["ZJAILDATE"], "ZCURRENTUSER.ZJAILDATE", COCOA_SECONDS)
    name = user_name(row["ZNAME"], row["ZFIRSTNAME"], row["ZLASTNAME"], row["ZHANDLE"])
    uid = row["ZUSERID"]
    return contact_event(uid, name, f"{name} ({row['ZHANDLE'] or uid})" if name else uid, extra, f"ZUSER:Z_PK={row['Z_PK']}")


def group_to_event(row, ctx) -> dict:
    """One ``ZGROUP`` row -> a contact of the group (``extra.group``)."""
    extra: dict = {"group": True}
    for col in GROUP_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = bool(row[col]) if col.startswith("ZIS") else row[col]
    gid, name = row["ZGROUPID"], row["ZNAME"] or None
    return contact_event(gid, name, name or gid, extra, f"ZGROUP:Z_PK={row['Z_PK']}")


def _entity(ctx, name: str):
    if not ctx.has_columns("Z_PRIMARYKEY", "Z_ENT", "Z_NAME"):
        return None
    row = ctx.db.execute("SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = ?", (name,)).fetchone()
    return int(row[0]) if row else None


def _concat(*exprs: str) -> str:
    """SQL joining the given text expressions with the field separator (NULL as empty)."""
    return " || char(31) || ".join(f"COALESCE({e}, '')" for e in exprs)


class MeWeIosParser(SQLiteParser):
    name = "mewe_ios"
    version = __version__
    app = "mewe"
    platform = "ios"
    description = "MeWe iOS sgrouplesdb.sqlite: chat messages, users and contacts, groups, the account"
    path_globs = ("**/Containers/Data/Application/*/Documents/sgrouplesdb.sqlite",)
    required_tables = {
        "ZCHATMESSAGE": {"Z_PK", "ZDATE", "ZTEXT", "ZSENDER", "ZTHREADID"},
        "ZUSER": {"Z_PK", "ZUSERID", "ZNAME"},
    }
    time_units = {
        "ZCHATMESSAGE.ZDATE": COCOA_SECONDS, "ZCHATMESSAGE.ZEDITEDDATE": COCOA_SECONDS,
        "ZCONTACT.ZCREATEDDATE": COCOA_SECONDS, "ZCURRENTUSER.ZJAILDATE": COCOA_SECONDS,
    }
    references = (
        "iLEAPP scripts/artifacts/meWe.py (messages, attachments, locations, contacts, groups, account)",
        "real sgrouplesdb.sqlite of iLEAPP's case meWe.josh_ios17_ffs (artefacts/synthetic/ddl/mewe_ios.sql)",
    )

    def parse(self, ctx):
        holder = "NULL"
        if ctx.has_columns("ZCURRENTUSER", "Z_PK", "ZUSER"):
            holder = "(SELECT hu.ZUSERID FROM ZCURRENTUSER cu JOIN ZUSER hu ON hu.Z_PK = cu.ZUSER ORDER BY cu.Z_PK LIMIT 1)"
        members = "NULL"
        thread_ent, user_ent = _entity(ctx, "ChatThread"), _entity(ctx, "User")
        join = f"Z_{thread_ent}PARTICIPATINGUSERS"
        tcol, ucol = f"Z_{thread_ent}THREADS", f"Z_{user_ent}PARTICIPATINGUSERS"
        if thread_ent and user_ent and ctx.has_columns(join, tcol, ucol) and ctx.has_columns("ZCHATTHREAD", "Z_PK", "ZTHREADID"):
            name = _concat("pu.ZUSERID", "COALESCE(pu.ZNAME, NULLIF(TRIM(COALESCE(pu.ZFIRSTNAME, '') || ' ' || "
                           "COALESCE(pu.ZLASTNAME, '')), ''), pu.ZHANDLE)")
            members = (f"(SELECT group_concat({name}, char(30)) FROM ZCHATTHREAD t JOIN {join} j ON j.{tcol} = t.Z_PK "
                       f"JOIN ZUSER pu ON pu.Z_PK = j.{ucol} WHERE t.ZTHREADID = m.ZTHREADID)")
        chat_type = "NULL"
        if ctx.has_columns("ZCHATTHREAD", "ZTHREADID", "ZCHATTYPE"):
            chat_type = "(SELECT t.ZCHATTYPE FROM ZCHATTHREAD t WHERE t.ZTHREADID = m.ZTHREADID LIMIT 1)"
        files = "NULL"
        if ctx.has_columns("ZCHATATTACHMENT", "Z_PK", "ZCHATMESSAGE", "ZATYPE", "ZFILENAME", "ZMIMETYPE", "ZURL"):
            files = (f"(SELECT group_concat({_concat('a.ZATYPE', 'a.ZFILENAME', 'a.ZMIMETYPE', 'a.ZURL')}, char(30)) "
                     "FROM (SELECT * FROM ZCHATATTACHMENT ORDER BY Z_PK) a WHERE a.ZCHATMESSAGE = m.Z_PK)")
        opt = ", ".join(ctx.column_or_null("ZCHATMESSAGE", c, prefix="m") for c in MESSAGE_OPTIONAL)
        uopt = ", ".join(ctx.column_or_null("ZUSER", c, alias=f"sender_{a}", prefix="u")
                         for c, a in (("ZFIRSTNAME", "first"), ("ZLASTNAME", "last"), ("ZHANDLE", "handle")))
        sql = (f"SELECT m.Z_PK, m.ZDATE, m.ZTEXT, m.ZSENDER, m.ZTHREADID, {opt}, u.ZNAME AS sender_name, "
               f"{uopt}, "
               f"{holder} AS holder, {members} AS members, {chat_type} AS chat_type, {files} AS files "
               "FROM ZCHATMESSAGE m LEFT JOIN ZUSER u ON u.ZUSERID = m.ZSENDER ORDER BY m.ZDATE, m.Z_PK")
        yield from ctx.map_rows(sql, message_to_event, table="ZCHATMESSAGE", id_column="Z_PK")
        yield from self._users(ctx)
        if ctx.has_columns("ZGROUP", "Z_PK", "ZGROUPID", "ZNAME"):
            opt = ", ".join(ctx.column_or_null("ZGROUP", c) for c in GROUP_OPTIONAL)
            yield from ctx.map_rows(f"SELECT Z_PK, ZGROUPID, ZNAME, {opt} FROM ZGROUP ORDER BY Z_PK", group_to_event,
                                    table="ZGROUP", id_column="Z_PK")

    @staticmethod
    def _users(ctx):
        cols = [ctx.column_or_null("ZUSER", c, prefix="u") for c in USER_OPTIONAL]
        contact = "LEFT JOIN (SELECT NULL AS ZUSER) c ON 0"
        ccols = ["NULL AS ZCONTACTID", "NULL AS ZCONTACTTYPE", "NULL AS ZINVITATIONTYPE", "NULL AS ZCREATEDDATE"]
        if ctx.has_columns("ZCONTACT", "Z_PK", "ZUSER"):
            contact = ("LEFT JOIN ZCONTACT c ON c.Z_PK = (SELECT MIN(c2.Z_PK) FROM ZCONTACT c2 WHERE c2.ZUSER = u.Z_PK)")
            ccols = [ctx.column_or_null("ZCONTACT", c, prefix="c") for c in
                     ("ZCONTACTID", "ZCONTACTTYPE", "ZINVITATIONTYPE", "ZCREATEDDATE")]
        pcols = ", ".join(f"(SELECT MAX(p.{c}) FROM ZPROFILE p WHERE p.ZUSER = u.Z_PK) AS p_{c}"
                          if ctx.has_columns("ZPROFILE", "ZUSER", c) else f"NULL AS p_{c}" for c in PROFILE_FLAGS)
        holder_join, hcols, is_holder = "", [f"NULL AS {c}" for c in HOLDER_OPTIONAL], "0"
        if ctx.has_columns("ZCURRENTUSER", "Z_PK", "ZUSER"):
            holder_join = "LEFT JOIN ZCURRENTUSER h ON h.ZUSER = u.Z_PK"
            hcols = [ctx.column_or_null("ZCURRENTUSER", c, prefix="h") for c in HOLDER_OPTIONAL]
            is_holder = "h.Z_PK IS NOT NULL"
        sql = (f"SELECT u.Z_PK, u.ZUSERID, u.ZNAME, {', '.join(cols)}, {', '.join(ccols)}, {pcols}, {', '.join(hcols)}, "
               f"{is_holder} AS is_holder FROM ZUSER u {contact} {holder_join} ORDER BY u.Z_PK")
        yield from ctx.map_rows(sql, user_to_event, table="ZUSER", id_column="Z_PK")


@hookimpl
def register_parsers(register):
    register(MeWeIosParser)
