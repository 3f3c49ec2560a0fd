"""Threema for iOS: ``ThreemaData.sqlite``, the app's Core Data store in its app group container.

Path (iLEAPP ``scripts/artifacts/Threema.py`` @ 003d1a4f): ``*/mobile/Containers/Shared/AppGroup/*/ThreemaData.sqlite``,
binary data Core Data keeps outside the store in ``.ThreemaData_SUPPORT/_EXTERNAL_DATA/`` beside it. The store is
not encrypted (iLEAPP reads it as it is).

Schema: the app's Core Data model, threema-ch/threema-ios
``ThreemaFramework/Persistence/Model/ThreemaData/ThreemaData.xcdatamodeld/ThreemaDataV54.xcdatamodel/contents``
@ 64c6a10e (the tables it makes: ``artefacts/synthetic/ddl/threema_ios.sql``, with how and what is assumed) and the
first model and version 11 of the same folder (``ThreemaData.xcdatamodel``, ``ThreemaDataV11.xcdatamodel``:
``ddl/threema_ios_v1.sql``, ``threema_ios_v11.sql``). Every subentity of the
abstract entity ``Message`` (``TextMessage``, ``ImageMessage``, ``VideoMessage``, ``AudioMessage``,
``FileMessage``, ``LocationMessage``, ``BallotMessage``, ``SystemMessage``) is a row of ``ZMESSAGE``; ``Z_ENT``
names it through ``Z_PRIMARYKEY(Z_ENT, Z_NAME)`` (read, never assumed; iLEAPP joins the same way). In the
first model ``Message`` itself is the entity, its text in ``ZTEXT``. Only ``Z_PK, Z_ENT, ZDATE, ZISOWN,
ZCONVERSATION`` of ``ZMESSAGE``, ``Z_PRIMARYKEY(Z_ENT, Z_NAME)``, ``ZCONVERSATION(Z_PK, ZCONTACT)`` and
``ZCONTACT(Z_PK, ZIDENTITY)`` are required; every other column and table is read when it exists.

* Times: every Date attribute is Cocoa seconds since 2001-01-01 UTC, a REAL (iLEAPP adds 978307200 to
  ``ZDATE``). ``ZDATE`` is the event time. ``ThreemaFramework/DB/EntityCreator.m`` @ 42872332
  (``setupBasePropertiesFor:withValuesFrom:``): on an incoming message ``date`` is the time the phone stored
  it ("Received Time") and ``remoteSentDate`` the sender's date; on the owner's messages ``date`` is when they
  were written ("Creation Time"); system lines: "Creation Time". ``ZREMOTESENTDATE``, ``ZDELIVERYDATE``,
  ``ZREADDATE``, ``ZUSERACKDATE``, ``ZLASTEDITEDAT``, ``ZDELETEDAT`` are kept in ``extra`` (with ``_raw``).
* Direction: ``ZISOWN`` 1 = the owner's (``BaseMessage.isOwn``). Sender of an incoming message: the contact of
  ``ZSENDER`` (``BaseMessage.sender``), in a one-to-one chat the conversation's contact when ``ZSENDER`` is NULL
  (iLEAPP does the same). The owner's Threema ID is not a column of a message; in a group it is
  ``ZCONVERSATION.ZGROUPMYIDENTITY`` (kept in ``extra.own_identity``).
* Conversations: ``ZCONVERSATION.ZCONTACT`` (one-to-one: the contact's Threema ID), ``ZGROUPID`` (8 bytes) and
  ``ZGROUPNAME`` (a group: ``group:<hex id>``; its creator from ``ZGROUP(ZGROUPID, ZGROUPCREATOR)``),
  ``ZDISTRIBUTIONLIST`` -> ``ZDISTRIBUTIONLIST(ZDISTRIBUTIONLISTID, ZNAME)`` (``distribution_list:<id>``).
* Names: ``ZCONTACT`` first and last name, either one, else ``ZPUBLICNICKNAME`` (iLEAPP's rule); contacts are
  also ``contact`` events.
* Bodies: ``ZTEXT`` (text), else ``ZCAPTION`` (file) as iLEAPP; a location is ``ZPOINAME``, ``ZPOIADDRESS``,
  ``ZLATITUDE``, ``ZLONGITUDE`` (``ZACCURACY`` in ``extra``; models before ``poiName`` have ``reverseGeocodingResult``); a ``BallotMessage`` is its ``ZBALLOT`` (``ZTITLE``,
  ``ZCREATORID``) with the ``ZBALLOTCHOICE`` rows (``ZNAME``, ``ZTOTALVOTES``, ``ZORDERPOSITION``).
* ``SystemMessage``: ``type`` and ``arg``; the numbers are the enum of ``ThreemaFramework/DB/Entities/SystemMessage.h``
  @ 42872332 (the body is its name in words). Call types (``isCallType`` in ``SystemMessage.m``: 7, 8, 9, 10,
  11, 12, 13, 15) are ``call`` events, ``arg`` a JSON dictionary whose ``CallTime`` is the shown duration;
  other types are ``system`` events, ``arg`` UTF-8 text (``argAsUTF8String``: a group's new name, a member).
* Media (iLEAPP): ``ZIMAGE`` -> ``ZIMAGEDATA``, ``ZVIDEO`` -> ``ZVIDEODATA``, ``ZAUDIO`` -> ``ZAUDIODATA``, the file
  of a ``FileMessage`` -> ``ZFILEDATA`` (by ``ZMESSAGE.ZDATA``, else ``ZFILEDATA.ZMESSAGE``); ``ZDATA`` first
  byte 0x01: the bytes follow inline (the attachment has their size and SHA-256, no path); 0x02: the ASCII UUID
  of the file in ``.ThreemaData_SUPPORT/_EXTERNAL_DATA/`` follows, then 0x00. MIME types as iLEAPP gives them:
  ``image/jpeg``, ``video/mp4``, ``audio/m4a``, a file's ``ZMIMETYPE``.
* ``ZMESSAGEREACTION(ZMESSAGE, ZCREATOR, ZDATE, ZREACTION)``: ``reaction`` events (``extra.target`` the message).
* ``ZMESSAGEHISTORYENTRY(ZMESSAGE, ZEDITDATE, ZTEXT)`` (entity ``MessageHistoryEntry`` of an edited message):
  kept as stored in the message's ``extra.history`` (``editDate``, ``editDate_raw``, ``text``), oldest first.
* Core Data gives same-named attributes of sibling subentities one column each (``ZTYPE`` of FileMessage and of
  SystemMessage, ``ZDURATION`` of AudioMessage and VideoMessage); which one carries a suffix is not in the model,
  so ``ZTYPE``, ``ZTYPE1``, ... are read as one value: the row's non-NULL one.
"""

from __future__ import annotations

import hashlib
import json
import re

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, attachment as make_attachment
from artefacts.parser import SQLITE_SIGNATURE, Parser
from artefacts.plugins.threema_android import poll_body, threema_contact_event
from artefacts.timeconv import COCOA_SECONDS
from artefacts.values import as_text, join_present

__version__ = "1.0"

REQUIRED = {"ZMESSAGE": ("Z_PK", "Z_ENT", "ZDATE", "ZISOWN", "ZCONVERSATION"), "Z_PRIMARYKEY": ("Z_ENT", "Z_NAME"),
            "ZCONVERSATION": ("Z_PK", "ZCONTACT"), "ZCONTACT": ("Z_PK", "ZIDENTITY")}
TIME_COLUMNS = ("ZREMOTESENTDATE", "ZDELIVERYDATE", "ZREADDATE", "ZUSERACKDATE", "ZLASTEDITEDAT", "ZDELETEDAT")
FLAG_COLUMNS = ("ZREAD", "ZSENT", "ZDELIVERED", "ZUSERACK", "ZSENDFAILED", "ZFLAGS", "ZFORWARDSECURITYMODE")
OPTIONAL = ("ZSENDER", "ZTEXT", "ZCAPTION", "ZFILENAME", "ZMIMETYPE", "ZFILESIZE", "ZLATITUDE", "ZLONGITUDE",
            "ZACCURACY", "ZPOINAME", "ZPOIADDRESS", "ZREVERSEGEOCODINGRESULT", "ZBALLOT", "ZBALLOTSTATE", "ZARG", "ZID", "ZQUOTEDMESSAGEID",
            "ZIMAGESIZE", "ZVIDEOSIZE", "ZAUDIOSIZE") + FLAG_COLUMNS + TIME_COLUMNS
#: column families of same-named attributes of sibling subentities (read as the row's non-NULL member)
FAMILIES = ("ZTYPE", "ZDURATION")
#: SystemMessage.h @ 42872332
SYSTEM_TYPES = {
    1: "RenameGroup", 2: "GroupMemberLeave", 3: "GroupMemberAdd", 4: "GroupMemberForcedLeave", 5: "GroupSelfAdded",
    6: "GroupSelfRemoved", 7: "CallMissed", 8: "CallRejected", 9: "CallRejectedBusy", 10: "CallRejectedTimeout",
    11: "CallEnded", 12: "CallRejectedDisabled", 13: "CallRejectedUnknown", 14: "ContactOtherAppInfo",
    15: "CallRejectedOffHours", 16: "GroupSelfLeft", 17: "StartNoteGroupInfo", 18: "EndNoteGroupInfo",
    19: "GroupCreatorLeft", 20: "Vote", 21: "FsMessageWithoutForwardSecurity", 22: "FsSessionEstablished",
    23: "FsSessionEstablishedRcvd", 24: "FsMessagesSkipped", 25: "FsSessionReset", 26: "FsOutOfOrder",
    27: "FsEnabledOutgoing", 28: "FsDisabledOutgoing", 29: "FsNotSupportedAnymore",
}
CALL_TYPES = {7, 8, 9, 10, 11, 12, 13, 15}  # SystemMessage.m isCallType
#: entity -> (ZMESSAGE column of the data row, data table, MIME type as iLEAPP gives it)
MEDIA = {"ImageMessage": ("ZIMAGE", "ZIMAGEDATA", "image/jpeg"), "VideoMessage": ("ZVIDEO", "ZVIDEODATA", "video/mp4"),
         "AudioMessage": ("ZAUDIO", "ZAUDIODATA", "audio/m4a"), "FileMessage": ("ZDATA", "ZFILEDATA", None)}
EXTERNAL_DIR = ".ThreemaData_SUPPORT/_EXTERNAL_DATA"
_WORD = re.compile(r"(?<=[a-z])(?=[A-Z])")


def system_label(stype) -> str:
    """``CallRejectedBusy`` -> ``Call rejected busy``; an unknown number -> ``System message type N``."""
    name = SYSTEM_TYPES.get(stype)
    if name is None:
        return f"System message type {stype}"
    return _WORD.sub(" ", name).capitalize()


def location_body(name, address, lat, lon, geocoded=None) -> str:
    """``Location: <poiName>, <poiAddress> (<lat>, <lon>)``; older models have only ``reverseGeocodingResult``."""
    place = ", ".join(x for x in (name, address) if x) or geocoded
    return f"Location: {place} ({lat}, {lon})" if place else f"Location: ({lat}, {lon})"


def display_name(first, last, nickname):
    """iLEAPP Threema.py: first and last name, either one, else the public nickname."""
    return join_present(" ", first, last) or as_text(nickname) or None


def _family(row, name):
    for key in row["_families"].get(name, ()):
        if row[key] is not None:
            return row[key]
    return None


def _media(ctx, blob, mime, name, extra) -> dict | None:
    """An attachment entry for a Core Data external-storage value (see the module docstring)."""
    if blob is None:
        return None
    data = bytes(blob) if isinstance(blob, (bytes, bytearray, memoryview)) else None
    if not data:
        extra["media_value"] = repr(blob)
        return None
    if data[0] == 1:
        inline = data[1:]
        extra["media_inline"] = True
        return make_attachment(name=name, mime_type=mime, size=len(inline), path=None,
                               sha256=hashlib.sha256(inline).hexdigest())
    if data[0] == 2 and data[-1] == 0:
        try:
            ref = data[1:-1].decode("ascii")
        except UnicodeDecodeError:
            ref = None
        if ref and "/" not in ref:
            folder = ctx.source.path.rsplit("/", 1)[0] + "/" if "/" in ctx.source.path else ""
            extra["media_external"] = ref
            return ctx.attachment(f"{folder}{EXTERNAL_DIR}/{ref}", name=name, mime_type=mime)
    extra["media_value"] = data[:64].hex()
    return None


def _decode_arg(arg, extra) -> tuple[dict | None, str | None]:
    """``SystemMessage.arg``: ``(JSON dictionary or None, UTF-8 text or None)``, the raw value kept in ``extra``."""
    if arg is None:
        return None, None
    raw = bytes(arg) if isinstance(arg, (bytes, bytearray, memoryview)) else str(arg).encode("utf-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        extra["arg_hex"] = raw.hex()
        return None, None
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, dict):
        extra["arg"] = value
        return value, None
    extra["arg"] = text
    return None, text


def message_to_event(row, ctx) -> dict:
    """One ``ZMESSAGE`` row (with its conversation, sender and media) -> one event."""
    lk = ctx.lookups
    entity = lk["entities"].get(row["Z_ENT"])
    conv = lk["conversations"].get(row["ZCONVERSATION"])
    if conv is None:
        conv = {"id": f"ZCONVERSATION:{row['ZCONVERSATION']}", "name": None, "contact": None, "group": False, "extra": {}}
    own = row["ZISOWN"] == 1
    extra = {"entity": entity if entity is not None else f"Z_ENT {row['Z_ENT']}", "Z_ENT": row["Z_ENT"]}
    extra.update(conv["extra"])
    for col in FLAG_COLUMNS + ("ZBALLOTSTATE", "ZFILESIZE", "ZIMAGESIZE", "ZVIDEOSIZE", "ZAUDIOSIZE", "ZACCURACY"):
        if row[col] is not None:
            extra[col[1:].lower()] = row[col]
    for col in ("ZID", "ZQUOTEDMESSAGEID"):
        if row[col] is not None:
            extra[col[1:].lower()] = bytes(row[col]).hex() if isinstance(row[col], bytes) else row[col]
    for col in TIME_COLUMNS:
        if row[col] is not None:
            extra[col[1:].lower()] = ctx.time(COCOA_SECONDS, row[col], column=f"ZMESSAGE.{col}")
            extra[col[1:].lower() + "_raw"] = row[col]
    history = lk["history"].get(row["Z_PK"])
    if history:
        extra["history"] = [{"editDate": ctx.time(COCOA_SECONDS, d, column="ZMESSAGEHISTORYENTRY.ZEDITDATE"),
                             "editDate_raw": d, "text": text} for d, text in history]
    duration = _family(row, "ZDURATION")
    if duration is not None:
        extra["duration_s"] = duration
    body = row["ZTEXT"] if row["ZTEXT"] is not None else row["ZCAPTION"]
    kind, desc = "message", CREATED if own else RECEIVED
    direction = OUTGOING if own else INCOMING
    sender_pk = row["ZSENDER"]
    attachments = []
    if entity == "SystemMessage":
        stype = _family(row, "ZTYPE")
        extra["system_type"] = stype
        extra["system_type_name"] = SYSTEM_TYPES.get(stype)
        as_json, text = _decode_arg(row["ZARG"], extra)
        body = system_label(stype)
        desc = CREATED
        if stype in CALL_TYPES:
            kind = "call"
            call_time = (as_json or {}).get("CallTime")
            if call_time:
                body += f" ({call_time})"
                extra["call_time"] = call_time
        else:
            kind, direction, sender_pk = "system", None, None
            if text:
                body += f": {text}"
    elif entity == "LocationMessage":
        body = location_body(row["ZPOINAME"], row["ZPOIADDRESS"], row["ZLATITUDE"], row["ZLONGITUDE"],
                             row["ZREVERSEGEOCODINGRESULT"])
        extra.update(latitude=row["ZLATITUDE"], longitude=row["ZLONGITUDE"])
    elif entity == "BallotMessage":
        ballot = lk["ballots"].get(row["ZBALLOT"])
        if ballot is not None:
            body = poll_body(ballot["title"], [c["name"] for c in ballot["choices"]])
            extra["ballot"] = ballot
        else:
            body = poll_body(None, [])
    elif entity == "FileMessage":
        extra["file_type"] = _family(row, "ZTYPE")
    if entity in MEDIA:
        mime = row["ZMIMETYPE"] if entity == "FileMessage" else MEDIA[entity][2]
        att = _media(ctx, row["media"], mime, row["ZFILENAME"], extra)
        if att is not None:
            attachments.append(att)
    sender = sender_name = None
    if kind != "system" and not own:
        contact = lk["contacts"].get(sender_pk)
        if contact is None and not conv["group"]:
            contact = lk["by_identity"].get(conv["contact"])
            sender = conv["contact"]
        if contact is not None:
            sender, sender_name = contact["identity"], contact["name"]
    recipients = [conv["contact"]] if own and conv["contact"] and kind != "system" else []
    deleted = row["ZDELETEDAT"] is not None
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZDATE"], column="ZMESSAGE.ZDATE"),
        "timestamp_raw": row["ZDATE"],
        "timestamp_desc": desc,
        "kind": kind,
        "direction": direction,
        "conversation_id": conv["id"],
        "conversation_name": conv["name"],
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"ZMESSAGE:Z_PK={row['Z_PK']}",
    }


def reaction_to_event(row, ctx) -> dict:
    """One ``ZMESSAGEREACTION`` row -> a ``reaction`` event in its message's conversation."""
    lk = ctx.lookups
    conv = lk["conversations"].get(row["conversation"]) or {"id": None, "name": None}
    contact = lk["contacts"].get(row["ZCREATOR"])
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZDATE"], column="ZMESSAGEREACTION.ZDATE"),
        "timestamp_raw": row["ZDATE"],
        "timestamp_desc": CREATED,
        "kind": "reaction",
        "conversation_id": conv["id"],
        "conversation_name": conv["name"],
        "sender": contact["identity"] if contact else None,
        "sender_name": contact["name"] if contact else None,
        "body": row["ZREACTION"],
        "extra": {"target": f"ZMESSAGE:Z_PK={row['ZMESSAGE']}", "creator_pk": row["ZCREATOR"]},
        "source_locator": f"ZMESSAGEREACTION:Z_PK={row['Z_PK']}",
    }


def contact_to_event(row, ctx) -> dict | None:
    identity = row["ZIDENTITY"]
    if not identity:
        return None
    name = display_name(row["ZFIRSTNAME"], row["ZLASTNAME"], row["ZPUBLICNICKNAME"])
    extra = {k[1:].lower(): row[k] for k in ("ZFIRSTNAME", "ZLASTNAME", "ZPUBLICNICKNAME", "ZVERIFICATIONLEVEL",
                                             "ZSTATE", "ZCNCONTACTID") if row[k] not in (None, "")}
    created = (COCOA_SECONDS, row["ZCREATEDAT"], "ZCONTACT.ZCREATEDAT", "createdAt")
    return threema_contact_event(ctx, identity, name, extra, row["ZPUBLICKEY"], created, f"ZCONTACT:Z_PK={row['Z_PK']}")


class ThreemaIOSParser(Parser):
    name = "threema_ios"
    version = __version__
    app = "threema"
    platform = "ios"
    description = ("Threema for iOS ThreemaData.sqlite (Core Data): one-to-one, group and distribution-list messages "
                   "(text, image, video, audio, file, location, poll, system and call lines), reactions, contacts")
    path_globs = ("**/ThreemaData.sqlite",)
    signatures = (SQLITE_SIGNATURE,)
    #: listed by ``artefacts parsers``; checked by :meth:`check_file` and :meth:`parse` (a ``ThreemaData.sqlite``
    #: without them is an unknown schema version, not another app's file)
    tables = {t: frozenset(c) for t, c in REQUIRED.items()}
    attachment_globs = (f"**/{EXTERNAL_DIR}/*",)
    time_units = {f"ZMESSAGE.{c}": COCOA_SECONDS for c in ("ZDATE",) + TIME_COLUMNS}
    time_units.update({"ZMESSAGEREACTION.ZDATE": COCOA_SECONDS, "ZCONTACT.ZCREATEDAT": COCOA_SECONDS,
                       "ZMESSAGEHISTORYENTRY.ZEDITDATE": COCOA_SECONDS})
    references = (
        "threema-ch/threema-ios ThreemaFramework/Persistence/Model/ThreemaData/ThreemaData.xcdatamodeld "
        "(ThreemaDataV54 and the first model) @ 64c6a10e: artefacts/synthetic/ddl/threema_ios.sql, threema_ios_v1.sql",
        "threema-ch/threema-ios ThreemaFramework/DB/Entities/SystemMessage.h, DB/EntityCreator.m @ 42872332",
        "iLEAPP scripts/artifacts/Threema.py @ 003d1a4f (paths, joins, Cocoa ZDATE, external data markers)",
    )

    def check_file(self, ctx) -> str | None:
        """A file named ``ThreemaData.sqlite`` is this parser's (a damaged one raises here and the host reports it;
        one without the required tables and columns is an unknown schema version, reported by :meth:`parse`).
        Under another name (an iTunes-style backup, a single file given as input) the store must show itself:
        the required tables and columns, ``Contact`` and ``Conversation`` entities in ``Z_PRIMARYKEY`` and the
        ``ZPUBLICKEY`` of Threema's ``Contact`` (in every model version)."""
        schema = ctx.schema
        if ctx.source.path.rsplit("/", 1)[-1] == "ThreemaData.sqlite":
            return None
        if not schema or not all(ctx.has_columns(t, *c) for t, c in REQUIRED.items()) \
                or not ctx.has_columns("ZCONTACT", "ZPUBLICKEY"):
            return "not a Threema store (no ZMESSAGE, ZCONVERSATION, ZCONTACT with ZIDENTITY and ZPUBLICKEY)"
        names = {r[0] for r in ctx.rows("SELECT Z_NAME FROM Z_PRIMARYKEY")}
        if not {"Contact", "Conversation"} <= names:
            return "not a Threema store (no Contact and Conversation entities in Z_PRIMARYKEY)"
        return None

    def parse(self, ctx):
        missing = [f"{t}({', '.join(c)})" for t, c in REQUIRED.items() if not ctx.has_columns(t, *c)]
        if missing:
            ctx.warn(f"unknown schema version: no {'; no '.join(missing)}; tables: "
                     f"{', '.join(sorted(ctx.schema)) or 'none'}")
            return
        lk = ctx.lookups
        lk["entities"] = {e: n for e, n in ctx.rows("SELECT Z_ENT, Z_NAME FROM Z_PRIMARYKEY")}
        self._load_contacts(ctx)
        self._load_conversations(ctx)
        self._load_ballots(ctx)
        lk["history"] = {}
        if ctx.has_columns("ZMESSAGEHISTORYENTRY", "Z_PK", "ZMESSAGE", "ZEDITDATE", "ZTEXT"):
            for pk, date, text in ctx.rows("SELECT ZMESSAGE, ZEDITDATE, ZTEXT FROM ZMESSAGEHISTORYENTRY "
                                           "ORDER BY ZMESSAGE, ZEDITDATE, Z_PK"):
                lk["history"].setdefault(pk, []).append((date, text))
        yield from ctx.map_rows(self._message_rows(ctx), message_to_event, table="ZMESSAGE", id_column="Z_PK")
        if ctx.has_columns("ZMESSAGEREACTION", "Z_PK", "ZMESSAGE", "ZCREATOR", "ZDATE", "ZREACTION"):
            yield from ctx.map_rows(
                "SELECT r.Z_PK, r.ZMESSAGE, r.ZCREATOR, r.ZDATE, r.ZREACTION, m.ZCONVERSATION AS conversation "
                "FROM ZMESSAGEREACTION r LEFT JOIN ZMESSAGE m ON m.Z_PK = r.ZMESSAGE ORDER BY r.Z_PK",
                reaction_to_event, table="ZMESSAGEREACTION", id_column="Z_PK")
        cols = ", ".join(ctx.column_or_null("ZCONTACT", c) for c in (
            "ZFIRSTNAME", "ZLASTNAME", "ZPUBLICNICKNAME", "ZVERIFICATIONLEVEL", "ZSTATE", "ZCNCONTACTID", "ZPUBLICKEY",
            "ZCREATEDAT"))
        yield from ctx.map_rows(f"SELECT Z_PK, ZIDENTITY, {cols} FROM ZCONTACT ORDER BY Z_PK", contact_to_event,
                                table="ZCONTACT", id_column="Z_PK")

    @staticmethod
    def _load_contacts(ctx) -> None:
        cols = ", ".join(ctx.column_or_null("ZCONTACT", c) for c in ("ZFIRSTNAME", "ZLASTNAME", "ZPUBLICNICKNAME"))
        contacts = {}
        for row in ctx.rows(f"SELECT Z_PK, ZIDENTITY, {cols} FROM ZCONTACT"):
            contacts[row["Z_PK"]] = {"identity": row["ZIDENTITY"],
                                     "name": display_name(row["ZFIRSTNAME"], row["ZLASTNAME"], row["ZPUBLICNICKNAME"])}
        ctx.lookups["contacts"] = contacts
        ctx.lookups["by_identity"] = {c["identity"]: c for c in contacts.values() if c["identity"]}

    @staticmethod
    def _load_conversations(ctx) -> None:
        lk = ctx.lookups
        creators, lists = {}, {}
        if ctx.has_columns("ZGROUP", "ZGROUPID", "ZGROUPCREATOR"):
            for gid, creator in ctx.rows("SELECT ZGROUPID, ZGROUPCREATOR FROM ZGROUP ORDER BY Z_PK"):
                if isinstance(gid, bytes):
                    creators.setdefault(gid.hex(), creator)
        if ctx.has_columns("ZDISTRIBUTIONLIST", "Z_PK", "ZDISTRIBUTIONLISTID", "ZNAME"):
            lists = {pk: (lid, name) for pk, lid, name in
                     ctx.rows("SELECT Z_PK, ZDISTRIBUTIONLISTID, ZNAME FROM ZDISTRIBUTIONLIST")}
        cols = ", ".join(ctx.column_or_null("ZCONVERSATION", c) for c in
                         ("ZGROUPID", "ZGROUPNAME", "ZGROUPMYIDENTITY", "ZDISTRIBUTIONLIST"))
        convs = {}
        for row in ctx.rows(f"SELECT Z_PK, ZCONTACT, {cols} FROM ZCONVERSATION"):
            contact = lk["contacts"].get(row["ZCONTACT"])
            extra = {}
            gid = row["ZGROUPID"]
            if row["ZDISTRIBUTIONLIST"] is not None and row["ZDISTRIBUTIONLIST"] in lists:
                lid, name = lists[row["ZDISTRIBUTIONLIST"]]
                conv = {"id": f"distribution_list:{lid}", "name": name, "contact": None, "group": False}
            elif gid is not None:
                hexid = bytes(gid).hex() if isinstance(gid, bytes) else str(gid)
                conv = {"id": f"group:{hexid}", "name": row["ZGROUPNAME"], "contact": None, "group": True}
                extra["group_id"] = hexid
                if creators.get(hexid):
                    extra["group_creator"] = creators[hexid]
                if row["ZGROUPMYIDENTITY"]:
                    extra["own_identity"] = row["ZGROUPMYIDENTITY"]
            elif contact is not None:
                conv = {"id": contact["identity"], "name": contact["name"], "contact": contact["identity"], "group": False}
            else:
                conv = {"id": f"ZCONVERSATION:{row['Z_PK']}", "name": None, "contact": None, "group": False}
            conv["extra"] = extra
            convs[row["Z_PK"]] = conv
        lk["conversations"] = convs

    @staticmethod
    def _load_ballots(ctx) -> None:
        ballots = {}
        if ctx.has_columns("ZBALLOT", "Z_PK", "ZTITLE"):
            cols = ", ".join(ctx.column_or_null("ZBALLOT", c) for c in
                             ("ZCREATORID", "ZSTATE", "ZTYPE", "ZASSESSMENTTYPE", "ZCHOICESTYPE"))
            for row in ctx.rows(f"SELECT Z_PK, ZTITLE, {cols} FROM ZBALLOT"):
                ballots[row["Z_PK"]] = {"title": row["ZTITLE"], "creator": row["ZCREATORID"], "state": row["ZSTATE"],
                                        "type": row["ZTYPE"], "assessment_type": row["ZASSESSMENTTYPE"],
                                        "choices_type": row["ZCHOICESTYPE"], "choices": []}
            if ctx.has_columns("ZBALLOTCHOICE", "Z_PK", "ZBALLOT", "ZNAME"):
                order = "ZORDERPOSITION" if ctx.has_columns("ZBALLOTCHOICE", "ZORDERPOSITION") else "Z_PK"
                votes = ctx.column_or_null("ZBALLOTCHOICE", "ZTOTALVOTES")
                for row in ctx.rows(f"SELECT ZBALLOT, ZNAME, {votes} FROM ZBALLOTCHOICE ORDER BY ZBALLOT, {order}, Z_PK"):
                    if row["ZBALLOT"] in ballots:
                        ballots[row["ZBALLOT"]]["choices"].append({"name": row["ZNAME"], "total_votes": row["ZTOTALVOTES"]})
        ctx.lookups["ballots"] = ballots

    @staticmethod
    def _message_rows(ctx):
        have = ctx.schema.get("zmessage", ())
        families = {}
        select = [f"m.{c}" for c in REQUIRED["ZMESSAGE"]]
        select += [ctx.column_or_null("ZMESSAGE", c, c, "m") for c in OPTIONAL]
        for fam in FAMILIES:
            members = sorted((c.upper() for c in have if re.fullmatch(fam.lower() + r"\d*", c)),
                             key=lambda c: (len(c), c))
            families[fam] = [f"{fam}__{i}" for i in range(len(members))]
            select += [f"m.{c} AS {fam}__{i}" for i, c in enumerate(members)]
        joins, media = [], []
        for i, (entity, (column, table, _mime)) in enumerate(MEDIA.items()):
            if not ctx.has_columns(table, "Z_PK", "ZDATA"):
                continue
            alias = f"d{i}"
            if ctx.has_columns("ZMESSAGE", column):
                on = f"{alias}.Z_PK = m.{column} AND m.Z_ENT IN (SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = '{entity}')"
            elif ctx.has_columns(table, "ZMESSAGE"):
                on = f"{alias}.ZMESSAGE = m.Z_PK"
            else:
                continue
            joins.append(f"LEFT JOIN {table} {alias} ON {on}")
            media.append(f"{alias}.ZDATA")
        select.append(f"COALESCE({', '.join(media)}) AS media" if len(media) > 1 else
                      (f"{media[0]} AS media" if media else "NULL AS media"))
        sql = f"SELECT {', '.join(select)} FROM ZMESSAGE m {' '.join(joins)} ORDER BY m.Z_PK"
        for row in ctx.dict_rows(sql):
            row["_families"] = families
            yield row


@hookimpl
def register_parsers(register):
    register(ThreemaIOSParser)
