"""WhatsApp for iOS: ``ChatStorage.sqlite`` (Core Data store) with names from ``ContactsV2.sqlite``.

Both live in the app group container ``group.net.whatsapp.WhatsApp.shared`` (iTunes-style
backups: domain ``AppDomainGroup-group.net.whatsapp.WhatsApp.shared``). Schema facts:

* ``reference/ddl/whatsapp_ios_chatstorage_2022.sql`` (full schema of a real iOS 15 device) and
  ``whatsapp_ios_chatstorage.sql`` (mvt's reduced fixture, 5 tables with a few columns each:
  every column beyond ``Z_PK, ZCHATSESSION, ZMESSAGEDATE, ZISFROMME, ZMESSAGETYPE`` and
  ``ZWACHATSESSION.ZCONTACTJID`` is read with ``ctx.column_or_null``).
* ``ZWAMESSAGE.ZMESSAGEDATE`` / ``ZSENTDATE`` and ``ZWAMEDIAITEM.ZMEDIAURLDATE``: Cocoa seconds
  (REAL, since 2001-01-01 UTC) - DDL headers; iLEAPP ``whatsApp.py`` converts ``ZMESSAGEDATE``
  with ``convert_cocoa_core_data_ts_to_utc``.
* iLEAPP ``whatsApp.py``: ``ZWAMEDIAITEM`` joins on ``ZMESSAGE = ZWAMESSAGE.Z_PK``;
  ``ZMEDIALOCALPATH`` is relative to the container's ``Message/`` folder (its media glob is
  ``*/Message/Media/*/*/*/*``); latitude/longitude are meaningful when ``ZMESSAGETYPE`` is 5;
  ``ZWACHATSESSION.ZPARTNERNAME`` is the chat (contact or group) name; ContactsV2
  ``ZWAADDRESSBOOKCONTACT.ZWHATSAPPID`` -> ``ZFULLNAME``. The mvt ContactsV2 file stores these
  text columns as BLOBs and also has ``ZLID``, the ``@lid`` form a chat may be keyed by.
* ``ZPUSHNAME``: text on older builds; base64 text of a protobuf message on a real iOS 15 device
  with WhatsApp 2022/2023 (see :func:`decode_push_name`): never shown as a name, decoded into
  ``extra.push_name_protobuf``, the raw value kept in ``extra.push_name``.
* ``ZMESSAGETYPE`` readings: whapa ``libs/whacodes.py`` ``IOS_ZMESSAGETYPE`` (after F. Arenaz
  Benito, Univ. Salamanca): 0 text, 1 image, 2 video, 3 audio, 4 contact, 5 location, 6 and 10
  system, 7 link, 8 document, 11 GIF, 14 deleted for everyone, 15 sticker, 46 poll, 59 call ...
  The kind follows ``ZMESSAGETYPE`` alone: only the system types (6, 10) are ``system`` events.
  ``ZGROUPEVENTTYPE`` is non-zero on ordinary one-to-one text messages of a real iOS 15 device
  (issue 12), so it names the event only of a system message (a published iOS reader counts
  group events as ``ZMESSAGETYPE = 6 AND ZGROUPEVENTTYPE IN (...)``). ``ZGROUPEVENTTYPE`` and
  ``ZMESSAGESTATUS`` have no sourced reading (iLEAPP ``whatsAppExtended.py``: "an integer with
  no lookup table"): kept raw in ``extra``.
* Group sender: ``ZWAMESSAGE.ZGROUPMEMBER`` -> ``ZWAGROUPMEMBER.ZMEMBERJID`` (2022 DDL); mvt's
  fixture puts the member's JID in ``ZFROMJID`` instead, which is used when no member row is linked.
* Status updates: chat JID ``status@broadcast``.
* A chat or sender may be keyed by a LID (``<id>@lid``, 2023+) instead of a phone JID. The id is
  kept as stored; the phone JID it pairs with (``ZWAPHONENUMBERLIDPAIR`` in the store or in
  ``LID.sqlite`` beside it, mvt ``whatsapp.py``) goes into ``extra.conversation_phone_jid`` /
  ``extra.sender_phone_jid``, and names the sender when nothing else does.

Calls: WhatsApp iOS keeps them in ``CallHistory.sqlite``, read by ``whatsapp_ios_calls``.
"""

from __future__ import annotations


from artefacts import hookimpl
from artefacts.decoders import protowire
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, SENT
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

STATUS_JID = "status@broadcast"
GROUP_SERVER = "@g.us"
LID_SERVER = "@lid"

#: ZWAMESSAGE.ZMESSAGETYPE -> reading (whapa whacodes.IOS_ZMESSAGETYPE)
MESSAGE_TYPES = {
    0: "text", 1: "image", 2: "video", 3: "audio", 4: "contact", 5: "location", 6: "system", 7: "link",
    8: "document", 10: "system", 11: "gif", 14: "deleted", 15: "sticker", 28: "ephemeral setting",
    38: "view-once image", 39: "view-once video", 46: "poll", 53: "view-once voice", 54: "video note",
    59: "call", 66: "album",
}
SYSTEM_TYPES = {6, 10}
LOCATION_TYPE = 5
CONTACT_TYPE = 4
DELETED_TYPE = 14
CALL_TYPE = 59

MESSAGE_OPTIONAL = ("ZTEXT", "ZFROMJID", "ZTOJID", "ZGROUPEVENTTYPE", "ZSENTDATE", "ZMESSAGESTATUS", "ZSTARRED",
                    "ZSTANZAID", "ZPUSHNAME", "ZFLAGS", "ZMESSAGEERRORSTATUS", "ZGROUPMEMBER")
MEDIA_OPTIONAL = ("ZMEDIALOCALPATH", "ZTITLE", "ZFILESIZE", "ZLATITUDE", "ZLONGITUDE", "ZMOVIEDURATION",
                  "ZMEDIAURL", "ZMEDIAURLDATE", "ZVCARDNAME", "ZVCARDSTRING", "ZAUTHORNAME")


def _text(value):
    """TEXT, or text stored in a BLOB column (ContactsV2 does that)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "backslashreplace")
    return value


def decode_push_name(value) -> tuple[str | None, list | None]:
    """A ``ZPUSHNAME`` value -> (the name to show, or None; the protobuf fields when it holds an encoded value).

    Older builds store the sender's push name as text. On a real iOS 15 device with WhatsApp
    2022/2023 the column holds base64 text of a protobuf message (it decodes to varints, not to a
    name; issue 12): such a value is no name. It is decoded field by field (no schema is
    published) for ``extra``, and the name comes from ``ContactsV2``, ``ZWAPROFILEPUSHNAME`` or
    the chat instead. Bytes are read as UTF-8 text when they are text, else as protobuf.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, (bytes, bytearray)):
        raw = bytes(value)
        text = protowire.as_text(raw)
        if text is None:
            return None, _fields_or_none(raw)
        value = text
    if not isinstance(value, str):
        return None, None
    raw = protowire.from_base64(value)
    if raw is not None:
        fields = _fields_or_none(raw, strict=True)
        if fields is not None:
            return None, fields
    return value, None


def _fields_or_none(raw: bytes, strict: bool = False) -> list | None:
    """The protobuf fields of ``raw``, or None when it is not a complete message.

    ``strict`` (for base64 text, which could also be a name): the fields must also be in the
    order protobuf serialisers write them (ascending), start at field 1 (as the real device's
    values do: ``08`` ...) and stay at or below 32. Measured on random letters: 0.03 % of
    8-letter and 0.5 % of 12-letter strings still pass (4 % and 10 % without these conditions);
    none of 5,600 synthetic names did. Such a name is kept in ``extra.push_name``.
    """
    try:
        fields = protowire.decode(raw, max_fields=64)
    except protowire.WireError:
        return None
    if not fields:
        return None
    if strict:
        numbers = [f.number for f in fields]
        if numbers[0] != 1 or numbers != sorted(numbers) or numbers[-1] > 32:
            return None
    return protowire.to_json(fields)


def _is_group(jid) -> bool:
    return isinstance(jid, str) and jid.endswith(GROUP_SERVER)


def _media_path(local_path):
    """A ``ZMEDIALOCALPATH`` as the path to look up: relative ones live under ``Message/``."""
    if not local_path:
        return None
    return local_path if local_path.startswith("/") else "Message/" + local_path


def message_to_event(row, ctx) -> dict:
    """One ``ZWAMESSAGE`` row with its chat, group member and media items -> one event."""
    names = row["_names"]
    chat_jid = row["chat_jid"]
    group = _is_group(chat_jid)
    status_chat = chat_jid == STATUS_JID
    from_me = bool(row["ZISFROMME"])
    mtype = row["ZMESSAGETYPE"]
    from_jid = row["ZFROMJID"]
    member_jid = row["member_jid"]
    if from_me:
        sender = None
    elif group or status_chat:
        sender = member_jid or (from_jid if from_jid and not _is_group(from_jid) and from_jid != STATUS_JID else None)
    else:
        sender = from_jid or chat_jid
    push_name, push_fields = decode_push_name(row["ZPUSHNAME"])
    sender_name = None
    if sender:
        sender_name = (names.get(sender) or row["member_name"] or push_name or row["_push"].get(sender)
                       or (row["partner_name"] if not group and not status_chat else None))
    if from_me:
        if group:
            recipients = list(row["_members"]) or [chat_jid]
        elif status_chat or not (row["ZTOJID"] or chat_jid):
            recipients = []
        else:
            recipients = [row["ZTOJID"] or chat_jid]
    else:
        recipients = []
    extra = {"message_type": mtype, "message_type_label": MESSAGE_TYPES.get(mtype),
             "chat_type": "status" if status_chat else "group" if group else "individual",
             "from_me": from_me}
    lids = row["_lids"]
    if lids:
        for jid, key in ((chat_jid, "conversation_phone_jid"), (sender, "sender_phone_jid")):
            phone = lids.get(jid) if isinstance(jid, str) and jid.endswith(LID_SERVER) else None
            if phone:
                extra[key] = phone
        if sender and not sender_name and "sender_phone_jid" in extra:
            sender_name = names.get(extra["sender_phone_jid"]) or row["_push"].get(extra["sender_phone_jid"])
    for col, key in (("ZSTANZAID", "stanza_id"), ("ZMESSAGESTATUS", "message_status"), ("ZGROUPEVENTTYPE", "group_event_type"),
                     ("ZFLAGS", "flags"), ("ZMESSAGEERRORSTATUS", "message_error_status"), ("ZPUSHNAME", "push_name"),
                     ("ZFROMJID", "from_jid"), ("ZTOJID", "to_jid"), ("session_type", "session_type")):
        if row[col] is not None:
            extra[key] = row[col]
    if push_fields is not None:
        extra["push_name_protobuf"] = push_fields
    if row["ZSTARRED"]:
        extra["starred"] = True
    if row["ZSENTDATE"] is not None:
        extra["sent_time"] = ctx.time(COCOA_SECONDS, row["ZSENTDATE"], column="ZWAMESSAGE.ZSENTDATE")
        extra["sent_time_raw"] = row["ZSENTDATE"]
    text = row["ZTEXT"]
    body = text
    kind, desc = ("status" if status_chat else "message"), SENT
    direction = OUTGOING if from_me else INCOMING
    attachments = []
    for item in row["media"]:
        path = _media_path(item["ZMEDIALOCALPATH"])
        if mtype == LOCATION_TYPE:
            lat, lon = item["ZLATITUDE"], item["ZLONGITUDE"]
            extra.update(latitude=lat, longitude=lon)
            place = item["ZTITLE"]
            body = f"Location: {place} ({lat}, {lon})" if place else f"Location ({lat}, {lon})"
            if text:
                body += f"\n{text}"
            continue
        if mtype == CONTACT_TYPE:
            if item["ZVCARDNAME"]:
                extra["contact_name"] = item["ZVCARDNAME"]
            body = item["ZVCARDSTRING"] or text or item["ZVCARDNAME"]
            continue
        if path or item["ZFILESIZE"] or item["ZMEDIAURL"]:
            name = path.rsplit("/", 1)[-1] if path else None
            size = item["ZFILESIZE"] if isinstance(item["ZFILESIZE"], int) else None
            attachments.append(ctx.attachment(path, name=name, size=size))
            if item["ZTITLE"] and not text:
                body = item["ZTITLE"]
        if item["ZMOVIEDURATION"]:
            extra["media_duration_s"] = item["ZMOVIEDURATION"]
        if item["ZMEDIAURL"]:
            extra["media_url"] = item["ZMEDIAURL"]
        if item["ZMEDIAURLDATE"] is not None:
            extra["media_url_time"] = ctx.time(COCOA_SECONDS, item["ZMEDIAURLDATE"], column="ZWAMEDIAITEM.ZMEDIAURLDATE")
            extra["media_url_time_raw"] = item["ZMEDIAURLDATE"]
    if mtype in SYSTEM_TYPES:
        kind, desc, direction = "system", CREATED, None
        event = row["ZGROUPEVENTTYPE"]
        label = f"group event (type {event})" if event else f"system message (type {mtype})"
        body = f"{label}: {text}" if text else label
        recipients = []
    elif mtype == CALL_TYPE:
        kind, desc = "call", CALL_START
        body = text or "Call"
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZMESSAGEDATE"], column="ZWAMESSAGE.ZMESSAGEDATE"),
        "timestamp_raw": row["ZMESSAGEDATE"],
        "timestamp_desc": desc,
        "kind": kind,
        "direction": direction,
        "conversation_id": chat_jid,
        "conversation_name": "Status" if status_chat else row["partner_name"] or names.get(chat_jid),
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "deleted": mtype == DELETED_TYPE,
        "extra": extra,
        "source_locator": f"ZWAMESSAGE:Z_PK={row['Z_PK']}",
    }


class WhatsAppIOSParser(SQLiteParser):
    name = "whatsapp_ios"
    version = __version__
    app = "whatsapp"
    platform = "ios"
    description = "WhatsApp for iOS (ChatStorage.sqlite; names from ContactsV2.sqlite)"
    path_globs = ("**/group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite", "**/ChatStorage.sqlite")
    related_globs = {"contacts": ("**/group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite", "**/ContactsV2.sqlite"),
                     "lids": ("**/group.net.whatsapp.WhatsApp.shared/LID.sqlite", "**/LID.sqlite")}
    attachment_globs = ("**/group.net.whatsapp.WhatsApp.shared/Message/**",)
    required_tables = {
        "ZWAMESSAGE": {"Z_PK", "ZCHATSESSION", "ZMESSAGEDATE", "ZISFROMME", "ZMESSAGETYPE"},
        "ZWACHATSESSION": {"Z_PK", "ZCONTACTJID"},
    }
    time_units = {
        "ZWAMESSAGE.ZMESSAGEDATE": COCOA_SECONDS,
        "ZWAMESSAGE.ZSENTDATE": COCOA_SECONDS,
        "ZWAMEDIAITEM.ZMEDIAURLDATE": COCOA_SECONDS,
    }
    references = (
        "reference/ddl/whatsapp_ios_chatstorage_2022.sql (real iOS 15 device), whatsapp_ios_chatstorage.sql and "
        "whatsapp_ios_contactsv2.sql (mvt test backup)",
        "iLEAPP scripts/artifacts/whatsApp.py, whatsAppExtended.py",
        "whapa libs/whacodes.py IOS_ZMESSAGETYPE (after Arenaz Benito, Univ. Salamanca)",
        "mvt-project/mvt mvt/ios/modules/mixed/whatsapp.py (ZWAPHONENUMBERLIDPAIR in LID.sqlite or the store)",
    )

    def partitions(self, ctx, jobs):
        """Stores of more than 2 x ``PART_MIN_ROWS`` messages split by ``ZWAMESSAGE.Z_PK`` ranges."""
        return ctx.id_ranges("ZWAMESSAGE", "Z_PK", jobs, min_rows=PART_MIN_ROWS)

    def parse(self, ctx):
        names = _contact_names(ctx)
        lids = _lid_pairs(ctx)
        push = {}
        if ctx.has_columns("ZWAPROFILEPUSHNAME", "ZJID", "ZPUSHNAME"):
            for jid, value in ctx.rows("SELECT ZJID, ZPUSHNAME FROM ZWAPROFILEPUSHNAME"):
                name = decode_push_name(value)[0]
                if jid and name:
                    push[jid] = name
        members: dict[int, list[str]] = {}
        has_members = ctx.has_columns("ZWAGROUPMEMBER", "Z_PK", "ZCHATSESSION", "ZMEMBERJID")
        if has_members:
            for session, jid in ctx.rows("SELECT ZCHATSESSION, ZMEMBERJID FROM ZWAGROUPMEMBER ORDER BY Z_PK"):
                if session is not None and jid:
                    members.setdefault(session, []).append(jid)
        own = ", ".join(ctx.column_or_null("ZWAMESSAGE", c, c, "m") for c in MESSAGE_OPTIONAL)
        chat = ", ".join((ctx.column_or_null("ZWACHATSESSION", "ZPARTNERNAME", "partner_name", "cs"),
                          ctx.column_or_null("ZWACHATSESSION", "ZSESSIONTYPE", "session_type", "cs")))
        member_join = has_members and ctx.has_columns("ZWAMESSAGE", "ZGROUPMEMBER")
        member_cols = ", ".join((ctx.column_or_null("ZWAGROUPMEMBER", "ZMEMBERJID", "member_jid", "gm"),
                                 ctx.column_or_null("ZWAGROUPMEMBER", "ZCONTACTNAME", "member_name", "gm"))) \
            if member_join else "NULL AS member_jid, NULL AS member_name"
        sql = (
            f"SELECT m.Z_PK, m.ZCHATSESSION, m.ZISFROMME, m.ZMESSAGEDATE, m.ZMESSAGETYPE, {own}, "
            f"cs.ZCONTACTJID AS chat_jid, {chat}, {member_cols} "
            "FROM ZWAMESSAGE m LEFT JOIN ZWACHATSESSION cs ON cs.Z_PK = m.ZCHATSESSION "
            + ("LEFT JOIN ZWAGROUPMEMBER gm ON gm.Z_PK = m.ZGROUPMEMBER " if member_join else "")
            + f"WHERE {ctx.in_partition('m.Z_PK')} ORDER BY m.Z_PK"
        )
        if ctx.has_columns("ZWAMEDIAITEM", "Z_PK", "ZMESSAGE"):
            cols = ", ".join(ctx.column_or_null("ZWAMEDIAITEM", c) for c in MEDIA_OPTIONAL)
            media = ctx.db.execute(
                f"SELECT ZMESSAGE, Z_PK, {cols} FROM ZWAMEDIAITEM WHERE ZMESSAGE IS NOT NULL "
                f"AND {ctx.in_partition('ZMESSAGE')} ORDER BY ZMESSAGE, Z_PK")
        else:
            media = ()
        rows = attach_children(ctx.dict_rows(sql), "Z_PK", {"media": (media, "ZMESSAGE")})

        def compose():
            for row in rows:
                row["_names"] = names
                row["_lids"] = lids
                row["_push"] = push
                row["_members"] = members.get(row["ZCHATSESSION"], ()) if _is_group(row["chat_jid"]) else ()
                yield row

        yield from ctx.map_rows(compose(), message_to_event, table="ZWAMESSAGE", id_column="Z_PK")


#: smallest part of a split ChatStorage.sqlite (a message costs about 30 µs, all in Python)
PART_MIN_ROWS = 20_000


def _contact_names(ctx) -> dict[str, str]:
    """WhatsApp JID (and ``@lid`` id) -> full name from the closest ``ContactsV2.sqlite``."""
    return {jid: name for jid, (name, _phone) in contacts_v2(ctx).items()}


def _lid_pairs(ctx) -> dict[str, str]:
    """``<lid>@lid`` -> ``<number>@s.whatsapp.net`` from ``ZWAPHONENUMBERLIDPAIR``.

    mvt (``mvt/ios/modules/mixed/whatsapp.py``): depending on the WhatsApp version the table is in
    ``LID.sqlite`` beside the store or in ``ChatStorage.sqlite`` itself; ``ZLID`` and
    ``ZPHONENUMBER`` hold the bare numbers (mvt's fixture: ``100000000000001`` ->
    ``14155550100``). The store's own table is read first, then the closest ``LID.sqlite``.
    """

    def pairs(rows) -> dict[str, str]:
        found = {}
        for lid, number in rows:
            lid, number = _text(lid), _text(number)
            if lid and number:
                key = lid if lid.endswith(LID_SERVER) else lid + LID_SERVER
                found.setdefault(key, number if "@" in number else number.lstrip("+") + "@s.whatsapp.net")
        return found

    found = {}
    if ctx.has_columns("ZWAPHONENUMBERLIDPAIR", "ZLID", "ZPHONENUMBER"):
        found = pairs(ctx.rows("SELECT ZLID, ZPHONENUMBER FROM ZWAPHONENUMBERLIDPAIR ORDER BY Z_PK"))

    def read(con, source):
        cols = {r[1].upper() for r in con.execute("PRAGMA table_info(ZWAPHONENUMBERLIDPAIR)")}
        if not {"ZLID", "ZPHONENUMBER"} <= cols:
            ctx.warn_file(f"LID.sqlite ({source.path}) has no ZWAPHONENUMBERLIDPAIR(ZLID, ZPHONENUMBER)")
            return None
        return pairs(con.execute("SELECT ZLID, ZPHONENUMBER FROM ZWAPHONENUMBERLIDPAIR ORDER BY Z_PK"))

    for key, value in (ctx.read_related("lids", "LID.sqlite", read) or {}).items():
        found.setdefault(key, value)
    return found


def contacts_v2(ctx, related: str = "contacts") -> dict[str, tuple[str, str | None]]:
    """WhatsApp JID (and ``@lid`` id) -> (full name, phone number) from the closest ``ContactsV2.sqlite``.

    ``related`` names the parser's ``related_globs`` entry. The first address-book row of a JID
    wins (a person with two numbers has one row per number, each with its own JID).
    """

    def read(con, source):
        cols = {r[1].upper() for r in con.execute("PRAGMA table_info(ZWAADDRESSBOOKCONTACT)")}
        if not {"ZWHATSAPPID", "ZFULLNAME"} <= cols:
            ctx.warn_file(f"ContactsV2 ({source.path}) has no ZWAADDRESSBOOKCONTACT(ZWHATSAPPID, ZFULLNAME)")
            return None
        lid = "ZLID" if "ZLID" in cols else "NULL"
        phone = "ZPHONENUMBER" if "ZPHONENUMBER" in cols else "NULL"
        found: dict[str, tuple[str, str | None]] = {}
        for wid, lid_value, full, number in con.execute(
                f"SELECT ZWHATSAPPID, {lid}, ZFULLNAME, {phone} FROM ZWAADDRESSBOOKCONTACT ORDER BY Z_PK"):
            full = _text(full)
            if not full:
                continue
            for key in (_text(wid), _text(lid_value)):
                if key and key not in found:
                    found[key] = (full, _text(number))
        return found

    return ctx.read_related(related, "ContactsV2", read) or {}


@hookimpl
def register_parsers(register):
    register(WhatsAppIOSParser)
