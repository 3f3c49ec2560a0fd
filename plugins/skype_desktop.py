"""Skype (classic, before Skype 8) desktop: the per-account ``main.db`` (chat messages, SMS, calls,
file transfers, the account and its contacts).

Where the facts come from:

* The schema: the real ``main.db`` of plaso's test data (``test_data/sqlite/skype_main.db``, a
  macOS Skype 6 profile of the account ``gen.beringer``, copied in ``../shared/corpus/plaso/``; the
  DDL of the tables read here in ``artefacts/synthetic/ddl/skype_main.sql``). The profile lives in
  ``<Skype folder>/<skype name>/main.db`` (macOS ``~/Library/Application Support/Skype/``, Windows
  ``%APPDATA%\\Skype\\``; the real file's ``Transfers.filepath`` is ``/Users/gberinger/...``).
* plaso ``plaso/parsers/sqlite_plugins/skype.py`` (and its test
  ``tests/parsers/sqlite_plugins/skype.py``): chat messages are ``Messages`` joined to ``Chats`` on
  ``Chats.name = Messages.chatname``; the recipients are the chat's space-separated
  ``participants`` without the ``author`` (else ``dialog_partner``); ``body_xml`` is the text, kept
  as stored (it is Skype's markup: entities such as ``&apos;`` and tags such as ``<a href>``);
  ``SMSes.target_numbers`` is "the number which receives the sms" (SMS sent from Skype);
  calls are ``Calls`` joined to ``CallMembers`` on ``Calls.id = CallMembers.call_db_id``,
  ``begin_timestamp`` the attempt, ``CallMembers.start_timestamp`` the answer and
  ``call_duration`` seconds; ``is_incoming`` 0 = the owner called; ``videostatus`` 3 = video;
  ``Transfers``: a row with ``parent_id`` is the receiving side of the transfer whose ``pk_id`` is
  that ``parent_id`` (the sender is that row's ``partner_handle``), a row without is the offer,
  its ``partner_handle`` the sender; ``status`` 8 has start, accept and finish times, 2 is an
  offer; ``filepath``, ``filename``, ``filesize`` as named.
* Every time column (``Messages.timestamp``, ``SMSes.timestamp``, ``Calls.begin_timestamp``,
  ``CallMembers.start_timestamp``, ``Transfers.starttime/accepttime/finishtime``,
  ``Accounts.*timestamp``, ``Contacts.*timestamp``) is seconds since 1970 (plaso ``PosixTime``),
  0 = not set.
* The owner is ``Accounts.skypename`` (the profile's account): a message whose ``author`` is the
  owner is outgoing.

One row of the real file holds an implausible time: ``Messages`` 61 (type 64, the chat line of the
SMS of ``SMSes`` 145, which points to it with ``chatmsg_id``) stores 13727168620, i.e.
2404-12-30T06:23:40Z in the column's unit, ten times the SMS row's 1372716862. The value is a valid
time in the declared unit, so it is converted as declared (as plaso does), never rescaled by
guess; the linked SMS row's time is put beside it (``extra.sms_time``) so that the reader sees both.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import (CALL_START, CREATED, INCOMING, OUTGOING, SENT, attachment, contact_event, duration_text,
                              time_pair)
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

VIDEO_STATUS = 3
TRANSFER_STATUS = {2: "offered", 8: "completed"}
MESSAGE_EXTRA = ("type", "chatmsg_type", "chatmsg_status", "sending_status", "consumption_status", "identities",
                 "dialog_partner", "guid", "convo_id", "chatname", "edited_by")


def _owner(row) -> str | None:
    return row["owner"] or None


def _participants(text) -> list[str]:
    return [p for p in (text or "").split(" ") if p]


def message_to_event(row, ctx) -> dict:
    """One ``Messages`` row with its chat, conversation and linked SMS (see ``parse``)."""
    author = row["author"] or None
    owner = _owner(row)
    direction = (OUTGOING if author == owner else INCOMING) if owner and author else None
    recipients = [p for p in _participants(row["participants"]) if p != author]
    if not recipients and row["dialog_partner"] and row["dialog_partner"] != author:
        recipients = [row["dialog_partner"]]
    extra = {k: row[k] for k in MESSAGE_EXTRA if row[k] is not None}
    if isinstance(extra.get("guid"), bytes):
        extra["guid"] = extra["guid"].hex()
    if row["chat_id"] is not None:
        extra.update(chat_id=row["chat_id"], chat_title=row["friendlyname"])
    time_pair(ctx, extra, "edited", row["edited_timestamp"], "Messages.edited_timestamp", UNIX_SECONDS)
    if row["sms_id"] is not None:
        extra["sms_id"] = row["sms_id"]
        time_pair(ctx, extra, "sms", row["sms_timestamp"], "SMSes.timestamp", UNIX_SECONDS)
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["timestamp"], zero_is_null=True, column="Messages.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT if direction == OUTGOING else CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": row["convo_identity"] or row["chatname"],
        "conversation_name": row["convo_name"] or row["friendlyname"],
        "sender": author,
        "sender_name": row["from_dispname"],
        "recipients": recipients,
        "body": row["body_xml"],
        "status": None,
        "extra": extra,
    }


def sms_to_event(row, ctx) -> dict:
    # one number, its spaces removed, as plaso reads it (no source documents a list separator)
    number = (row["target_numbers"] or "").replace(" ", "") or None
    numbers = [number] if number else []
    extra = {k: row[k] for k in ("type", "status", "failurereason", "price", "price_precision", "price_currency",
                                 "chatmsg_id", "target_numbers") if row[k] is not None}
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["timestamp"], zero_is_null=True, column="SMSes.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": OUTGOING,
        "conversation_id": number,
        "conversation_name": None,
        "sender": _owner(row),
        "sender_name": None,
        "recipients": numbers,
        "body": row["body"],
        "status": None,
        "extra": {"sms": True, **extra},
        "source_locator": f"SMSes:id={row['id']}",
    }


def call_to_event(row, ctx) -> dict:
    owner = _owner(row)
    member = row["identity"] or None
    incoming = bool(row["is_incoming"])
    duration = row["call_duration"]
    video = row["videostatus"] == VIDEO_STATUS
    extra = {"call_id": row["call_id"], "member_id": row["id"], "video": video}
    for k in ("guid", "videostatus", "type", "status", "call_name", "is_conference"):
        if row[k] is not None:
            extra[k] = row[k]
    if duration is not None:
        extra["duration_s"] = duration
    time_pair(ctx, extra, "answered", row["start_timestamp"], "CallMembers.start_timestamp", UNIX_SECONDS)
    if row["start_timestamp"] and isinstance(duration, int) and duration:
        time_pair(ctx, extra, "end", row["start_timestamp"] + duration, "CallMembers.start_timestamp+call_duration",
                  UNIX_SECONDS)
    answered = bool(row["start_timestamp"])
    status = "answered" if answered else "not answered"
    body = f"{'Video' if video else 'Voice'} call, {'incoming' if incoming else 'outgoing'}, " + (
        duration_text(duration) if answered else status)
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["begin_timestamp"], zero_is_null=True, column="Calls.begin_timestamp"),
        "timestamp_raw": row["begin_timestamp"],
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": INCOMING if incoming else OUTGOING,
        "conversation_id": member,
        "conversation_name": row["dispname"],
        "sender": member if incoming else owner,
        "sender_name": row["dispname"] if incoming else None,
        "recipients": ([owner] if owner else []) if incoming else ([member] if member else []),
        "body": body,
        "status": status,
        "extra": extra,
        "source_locator": f"CallMembers:id={row['id']}",
    }


def transfer_to_event(row, ctx) -> dict:
    owner = _owner(row)
    partner = row["partner_handle"] or None
    if row["parent_id"]:  # the receiving side: the partner receives, the offer row's partner sends
        sender, sender_name = row["offer_handle"], row["offer_dispname"]
        recipient = partner
    else:
        sender, sender_name = partner, row["partner_dispname"]
        recipient = row["receiver_handle"]
    direction = None
    if owner and sender:
        direction = OUTGOING if sender == owner else INCOMING
    extra = {k: row[k] for k in ("type", "status", "parent_id", "pk_id", "filepath", "bytestransferred", "convo_id",
                                 "partner_handle", "partner_dispname") if row[k] is not None}
    time_pair(ctx, extra, "accepted", row["accepttime"], "Transfers.accepttime", UNIX_SECONDS)
    time_pair(ctx, extra, "finished", row["finishtime"], "Transfers.finishtime", UNIX_SECONDS)
    size = row["filesize"]
    if isinstance(size, str) and size.isdigit():
        size = int(size)
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["starttime"], zero_is_null=True, column="Transfers.starttime"),
        "timestamp_raw": row["starttime"],
        "timestamp_desc": SENT if direction == OUTGOING else CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": (recipient if direction == OUTGOING else sender) or partner,
        "conversation_name": None,
        "sender": sender,
        "sender_name": sender_name,
        "recipients": [recipient] if recipient else [],
        "body": f"File transfer: {row['filename']}" if row["filename"] else "File transfer",
        "attachments": [attachment(name=row["filename"], size=size if isinstance(size, int) else None,
                                   path=row["filepath"])],
        "status": TRANSFER_STATUS.get(row["status"], f"status {row['status']}"),
        "extra": {"file_transfer": True, **extra},
        "source_locator": f"Transfers:id={row['id']}",
    }


ACCOUNT_TIMES = ("profile_timestamp", "authreq_timestamp", "lastonline_timestamp", "mood_timestamp",
                 "sent_authrequest_time", "lastused_timestamp")
PERSON_FIELDS = ("fullname", "given_displayname", "displayname", "emails", "country", "city", "province",
                 "phone_mobile", "phone_home", "phone_office", "pstnnumber", "birthday", "mood_text", "about")


def person_to_event(row, ctx, table: str) -> dict:
    """An ``Accounts`` row (the owner) or a ``Contacts`` row -> a contact."""
    extra = {"owner_account": table == "Accounts"}
    for k in PERSON_FIELDS:
        if row.get(k) not in (None, ""):
            extra[k] = row[k]
    for k in ACCOUNT_TIMES:
        if row.get(k):
            name = k.removesuffix("_timestamp").removesuffix("_time")
            time_pair(ctx, extra, name, row[k], f"{table}.{k}", UNIX_SECONDS)
    name = row.get("displayname") or row.get("given_displayname") or row.get("fullname") or None
    return contact_event(row["skypename"], name, name or row["skypename"], extra, f"{table}:id={row['id']}")


class SkypeDesktopParser(SQLiteParser):
    name = "skype_desktop"
    version = __version__
    app = "skype"
    platform = "desktop"
    description = "Skype classic desktop main.db (chat messages, SMS, calls, file transfers, account, contacts)"
    path_globs = ("**/Skype/*/main.db",)
    required_tables = {
        "Messages": {"id", "chatname", "author", "from_dispname", "timestamp", "body_xml"},
        "Chats": {"id", "name", "participants", "friendlyname", "dialog_partner"},
        "Accounts": {"id", "skypename"},
    }
    time_units = {
        "Messages.timestamp": UNIX_SECONDS, "Messages.edited_timestamp": UNIX_SECONDS, "SMSes.timestamp": UNIX_SECONDS,
        "Calls.begin_timestamp": UNIX_SECONDS, "CallMembers.start_timestamp": UNIX_SECONDS,
        "Transfers.starttime": UNIX_SECONDS, "Transfers.accepttime": UNIX_SECONDS, "Transfers.finishtime": UNIX_SECONDS,
        **{f"Accounts.{c}": UNIX_SECONDS for c in ACCOUNT_TIMES}, **{f"Contacts.{c}": UNIX_SECONDS for c in ACCOUNT_TIMES},
    }
    references = (
        "plaso test_data/sqlite/skype_main.db, plaso/parsers/sqlite_plugins/skype.py, tests/parsers/sqlite_plugins/skype.py",
    )

    def parse(self, ctx):
        owner_sql = "(SELECT skypename FROM Accounts ORDER BY id LIMIT 1) AS owner"
        m = {c: ctx.column_or_null("Messages", c, prefix="m") for c in
             ("convo_id", "dialog_partner", "type", "chatmsg_type", "chatmsg_status", "sending_status",
              "consumption_status", "identities", "guid", "edited_by", "edited_timestamp")}
        convo = "NULL AS convo_identity, NULL AS convo_name"
        convo_join = ""
        if ctx.has_columns("Conversations", "id", "identity", "displayname") and ctx.has_columns("Messages", "convo_id"):
            convo = "cv.identity AS convo_identity, cv.displayname AS convo_name"
            convo_join = "LEFT JOIN Conversations cv ON cv.id = m.convo_id"
        sms = "NULL AS sms_id, NULL AS sms_timestamp"
        if ctx.has_columns("SMSes", "id", "chatmsg_id", "timestamp"):
            sms = ("(SELECT s.id FROM SMSes s WHERE s.chatmsg_id = m.id ORDER BY s.id LIMIT 1) AS sms_id, "
                   "(SELECT s.timestamp FROM SMSes s WHERE s.chatmsg_id = m.id ORDER BY s.id LIMIT 1) AS sms_timestamp")
        sql = (f"SELECT m.id, m.chatname, m.author, m.from_dispname, m.timestamp, m.body_xml, {', '.join(m.values())}, "
               f"c.id AS chat_id, c.participants, c.friendlyname, {convo}, {sms}, {owner_sql} "
               f"FROM Messages m LEFT JOIN Chats c ON c.id = (SELECT id FROM Chats WHERE name = m.chatname ORDER BY id LIMIT 1) "
               f"{convo_join} ORDER BY m.id")
        yield from ctx.map_rows(sql, message_to_event, table="Messages", id_column="id")
        if ctx.has_columns("SMSes", "id", "timestamp", "target_numbers", "body"):
            cols = ", ".join(ctx.column_or_null("SMSes", c) for c in (
                "type", "status", "failurereason", "price", "price_precision", "price_currency", "chatmsg_id"))
            yield from ctx.map_rows(f"SELECT id, timestamp, target_numbers, body, {cols}, {owner_sql} FROM SMSes ORDER BY id",
                                    sms_to_event, table="SMSes", id_column="id")
        if ctx.has_columns("Calls", "id", "begin_timestamp", "is_incoming") and ctx.has_columns(
                "CallMembers", "id", "call_db_id", "identity", "start_timestamp", "call_duration"):
            cm = ", ".join(ctx.column_or_null("CallMembers", c, prefix="cm") for c in (
                "dispname", "guid", "videostatus", "type", "status", "call_name", "is_conference"))
            sql = (f"SELECT cm.id, c.id AS call_id, c.begin_timestamp, c.is_incoming, cm.identity, cm.start_timestamp, "
                   f"cm.call_duration, {cm}, {owner_sql} FROM Calls c JOIN CallMembers cm ON cm.call_db_id = c.id "
                   f"ORDER BY cm.id")
            yield from ctx.map_rows(sql, call_to_event, table="CallMembers", id_column="id")
        if ctx.has_columns("Transfers", "id", "partner_handle", "partner_dispname", "starttime", "accepttime", "finishtime",
                           "filepath", "filename", "filesize", "status", "parent_id", "pk_id"):
            opt = ", ".join(ctx.column_or_null("Transfers", c, prefix="t") for c in ("type", "bytestransferred", "convo_id"))
            sql = ("SELECT t.id, t.partner_handle, t.partner_dispname, t.starttime, t.accepttime, t.finishtime, t.filepath, "
                   f"t.filename, t.filesize, t.status, t.parent_id, t.pk_id, {opt}, "
                   "(SELECT o.partner_handle FROM Transfers o WHERE o.pk_id = t.parent_id ORDER BY o.id LIMIT 1) AS offer_handle, "
                   "(SELECT o.partner_dispname FROM Transfers o WHERE o.pk_id = t.parent_id ORDER BY o.id LIMIT 1) AS offer_dispname, "
                   "(SELECT r.partner_handle FROM Transfers r WHERE r.parent_id = t.pk_id ORDER BY r.id LIMIT 1) AS receiver_handle, "
                   f"{owner_sql} FROM Transfers t ORDER BY t.id")
            yield from ctx.map_rows(sql, transfer_to_event, table="Transfers", id_column="id")
        for table in ("Accounts", "Contacts"):
            if not ctx.has_columns(table, "id", "skypename"):
                continue
            fields = [f for f in (*PERSON_FIELDS, *ACCOUNT_TIMES) if ctx.has_columns(table, f)]
            sql = f"SELECT id, skypename{''.join(', ' + f for f in fields)} FROM {table} ORDER BY id"
            yield from ctx.map_rows(ctx.dict_rows(sql), lambda row, c, t=table: person_to_event(row, c, t),
                                    table=table, id_column="id")


@hookimpl
def register_parsers(register):
    register(SkypeDesktopParser)
