"""Android SMS and MMS: ``mmssms.db`` of the telephony provider (com.android.providers.telephony).

Schema facts (tables, columns, codes and units) come from the AOSP Telephony
provider as found in a real Android 4.x ``mmssms.db`` (plaso test data; DDL in
the project's reference notes) and ALEAPP's ``smsmms.py`` notes:

* ``sms``: one row per SMS. ``date`` and ``date_sent`` are milliseconds since
  1970 (``date_sent`` is 0 when unknown, e.g. for sent messages). ``type``:
  1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
* ``pdu``: one row per MMS. ``date`` and ``date_sent`` are **seconds** since
  1970. ``msg_box`` uses the same numbering as ``sms.type``.
* ``addr``: MMS addresses by ``msg_id``; ``type`` 137 (0x89) FROM, 151 (0x97)
  TO, 130 (0x82) CC, 129 (0x81) BCC. Outgoing MMS carry the placeholder
  ``insert-address-token`` as FROM.
* ``part``: MMS parts by ``mid`` in ``seq`` order; ``application/smil`` is the
  layout, ``text/plain`` parts hold ``text``, media parts a ``_data`` path on the
  device (``.../app_parts/PART_...``).
* ``threads`` + ``canonical_addresses``: a thread's participants
  (``recipient_ids`` is a space-separated list of ``canonical_addresses._id``).

Manufacturers' variants of the same file (ALEAPP ``smsmms.py``, commit 970c9e6): Samsung phones keep the
messages their Messages app filtered as spam in a table ``spam_sms`` of the same columns and units as ``sms``
(ALEAPP reads it with the ``sms`` query); its rows are events like the others, ``source_locator``
``spam_sms:_id=N`` and ``extra.samsung_spam`` true. LG phones (a column ``sms.lgeSiid``) add ``type`` 7
"Blocked Number", 8 "Scheduled Send" and 19 "Broadcast Alert": read as the statuses ``blocked``,
``scheduled`` and ``broadcast alert``, their direction left unknown (no source gives it).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, SENT
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.sqlmapping import (
    SQLMapping, json_list, json_object, sql_case, sql_literal, sql_text_ok, sql_time, sql_time_ok,
)
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

__version__ = "1.0"

#: sms.type / pdu.msg_box (Telephony.TextBasedSmsColumns / BaseMmsColumns MESSAGE_BOX_*)
BOX_STATUS = {1: "received", 2: "sent", 3: "draft", 4: "outbox", 5: "failed", 6: "queued"}
BOX_DIRECTION = {1: INCOMING, 2: OUTGOING, 3: OUTGOING, 4: OUTGOING, 5: OUTGOING, 6: OUTGOING}
BOX_TIME_DESC = {1: RECEIVED, 2: SENT}
#: sms.type of LG phones (a column lgeSiid): ALEAPP smsmms.py lgElectronicsExtendedTypes
LG_BOX_STATUS = {7: "blocked", 8: "scheduled", 19: "broadcast alert"}

#: addr.type (PduHeaders)
ADDR_FROM, ADDR_TO, ADDR_CC, ADDR_BCC = 137, 151, 130, 129
OWNER_PLACEHOLDER = "insert-address-token"

SMS_OPTIONAL = (
    "date_sent", "read", "seen", "status", "subject", "service_center", "error_code",
    "protocol", "locked", "person", "sub_id", "creator",
)
PDU_OPTIONAL = ("date_sent", "read", "seen", "sub", "m_type", "m_id", "locked", "text_only", "sub_id", "creator", "ct_t")


def _thread_names(ctx) -> dict[int, str]:
    """Thread id -> its participants' addresses, from threads + canonical_addresses."""
    if not (ctx.has_columns("threads", "_id", "recipient_ids") and ctx.has_columns("canonical_addresses", "_id", "address")):
        return {}
    addresses = {r[0]: r[1] for r in ctx.rows("SELECT _id, address FROM canonical_addresses")}
    names = {}
    for tid, ids in ctx.rows("SELECT _id, recipient_ids FROM threads"):
        parts = [addresses.get(int(i)) for i in str(ids or "").split() if i.isdigit()]
        parts = [p for p in parts if p]
        if parts:
            names[tid] = ", ".join(parts)
    return names


def _extra(row, columns, ctx, times: dict) -> dict:
    extra = {}
    for col in columns:
        value = row[col]
        if value is not None and col not in times:
            extra[col] = value
    for col, unit in times.items():
        raw = row[col]
        if raw:
            extra[f"{col}_time"] = ctx.time(unit, raw, column=col)
            extra[f"{col}_raw"] = raw
    return extra


def box_statuses(ctx) -> dict:
    """``sms.type`` -> status for this file (LG's extra types when it has LG's column)."""
    if ctx.has_columns("sms", "lgeSiid"):
        return {**BOX_STATUS, **LG_BOX_STATUS}
    return BOX_STATUS


def spam_sms_to_event(row, ctx) -> dict:
    """One Samsung ``spam_sms`` row: the event of an ``sms`` row, marked."""
    event = sms_to_event(row, ctx, table="spam_sms")
    event["extra"]["samsung_spam"] = True
    return event


def sms_to_event(row, ctx, table: str = "sms") -> dict:
    """One ``sms`` row (by column name) -> one message event."""
    box = row["type"]
    direction = BOX_DIRECTION.get(box)
    address = row["address"]
    incoming = direction == INCOMING
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["date"], column=f"{table}.date"),
        "timestamp_raw": row["date"],
        "timestamp_desc": BOX_TIME_DESC.get(box, CREATED),
        "kind": "message",
        "direction": direction,
        "conversation_id": None if row["thread_id"] is None else str(row["thread_id"]),
        "conversation_name": ctx.lookups["threads"].get(row["thread_id"]),
        "sender": address if incoming else None,
        "recipients": [] if incoming or not address else [address],
        "body": row["body"],
        "status": ctx.lookups.get("box_status", BOX_STATUS).get(box, f"type {box}"),
        "extra": _extra(row, SMS_OPTIONAL, ctx, {"date_sent": UNIX_MILLISECONDS}),
        "source_locator": f"{table}:_id={row['_id']}",
    }


def mms_to_event(row, ctx) -> dict:
    """One ``pdu`` row with its ``addr`` and ``part`` rows -> one message event."""
    box = row["msg_box"]
    direction = BOX_DIRECTION.get(box)
    sender = None
    recipients = []
    for a in row["addresses"]:
        address, atype = a["address"], a["type"]
        if atype == ADDR_FROM:
            if address and address != OWNER_PLACEHOLDER:
                sender = address
        elif atype in (ADDR_TO, ADDR_CC, ADDR_BCC) and address:
            recipients.append(address)
    texts = []
    attachments = []
    for p in row["parts"]:
        ct = (p["ct"] or "").lower()
        if ct == "application/smil":
            continue
        if ct.startswith("text/plain") and p["_data"] is None:
            if p["text"] is not None:
                texts.append(p["text"])
            continue
        name = p["cl"] or p["name"] or p["fn"]
        attachments.append(ctx.attachment(p["_data"], name=name, mime_type=p["ct"]))
    extra = _extra(row, PDU_OPTIONAL, ctx, {"date_sent": UNIX_SECONDS})
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["date"], column="pdu.date"),
        "timestamp_raw": row["date"],
        "timestamp_desc": BOX_TIME_DESC.get(box, CREATED),
        "kind": "message",
        "direction": direction,
        "conversation_id": None if row["thread_id"] is None else str(row["thread_id"]),
        "conversation_name": ctx.lookups["threads"].get(row["thread_id"]),
        "sender": sender,
        "recipients": recipients,
        "body": "\n".join(texts) if texts else None,
        "attachments": attachments,
        "status": BOX_STATUS.get(box, f"msg_box {box}"),
        "extra": extra,
        "source_locator": f"pdu:_id={row['_id']}",
    }


def sms_sql_mapping(base: str, part: str, threads: dict, free_text: tuple = (), statuses: dict = BOX_STATUS) -> SQLMapping:
    """The SQL form of :func:`sms_to_event` for plain ``sms`` rows (see ``artefacts.sqlmapping``).

    Plain: integer ``type``, ``thread_id`` and times in range, text (or NULL) address and body,
    optional columns text, integer or NULL; everything else takes the Python mapping. ``free_text``:
    the subject, the one value ``extra`` copies as someone wrote it (``SQLMapping.free_text``).
    """
    box, address = "r.type", "r.address"
    incoming = f"({box} = {next(k for k, v in BOX_DIRECTION.items() if v == INCOMING)})"
    sent = "r.date_sent"
    extra = json_object([
        *[(col, f"r.{col}", "value", f"r.{col} IS NOT NULL") for col in SMS_OPTIONAL if col != "date_sent"],
        ("date_sent_time", sql_time(UNIX_MILLISECONDS, sent), "value", sent),
        ("date_sent_raw", sent, "value", sent),
    ])
    plain = [
        "typeof(r.type) = 'integer'", "typeof(r.thread_id) IN ('integer', 'null')",
        "typeof(r.address) IN ('text', 'null')", "typeof(r.body) IN ('text', 'null')",
        sql_time_ok(UNIX_MILLISECONDS, "r.date"), f"({sent} IS NULL OR {sent} = 0 OR {sql_time_ok(UNIX_MILLISECONDS, sent)})",
        *[f"typeof(r.{col}) IN ('integer', 'text', 'null')" for col in SMS_OPTIONAL if col != "date_sent"],
        sql_text_ok("r.address", "r.body", *[f"r.{col}" for col in SMS_OPTIONAL if col != "date_sent"]),
    ]
    fields = {
        "timestamp": sql_time(UNIX_MILLISECONDS, "r.date"),
        "timestamp_raw": "r.date",
        "timestamp_desc": sql_case(box, BOX_TIME_DESC, sql_literal(CREATED)),
        "kind": "'message'",
        "direction": sql_case(box, BOX_DIRECTION),
        "conversation_id": "CAST(r.thread_id AS TEXT)",
        "conversation_name": "(SELECT name FROM temp.sms_threads WHERE thread = r.thread_id)",
        "sender": f"(CASE WHEN {incoming} THEN {address} END)",
        "recipients": f"(CASE WHEN {incoming} OR coalesce({address}, '') = '' THEN '[]' ELSE {json_list([(address,)])} END)",
        "body": "r.body",
        "status": sql_case(box, statuses, f"'type ' || {box}"),
        "extra": extra,
    }
    return SQLMapping(
        table="sms", id_column="_id", id_sql="r._id", from_sql=f"({base}) r", where=part,
        plain=" AND ".join(f"({c})" for c in plain), fields=fields,
        lookups={"sms_threads": (("thread", "name"), threads.items())},
        free_text=free_text,
    )


class AndroidSmsParser(SQLiteParser):
    name = "android_sms"
    version = __version__
    app = "sms"
    platform = "android"
    description = ("Android SMS and MMS (telephony provider mmssms.db), with the messages Samsung's filter moved to "
                   "spam_sms and LG's extra message types")
    path_globs = ("**/mmssms.db",)
    attachment_globs = ("**/com.android.providers.telephony/app_parts/*",)
    required_tables = {"sms": {"_id", "thread_id", "address", "date", "type", "body"}}
    time_units = {
        "sms.date": UNIX_MILLISECONDS,
        "sms.date_sent": UNIX_MILLISECONDS,
        "spam_sms.date": UNIX_MILLISECONDS,
        "spam_sms.date_sent": UNIX_MILLISECONDS,
        "pdu.date": UNIX_SECONDS,
        "pdu.date_sent": UNIX_SECONDS,
    }
    references = (
        "AOSP packages/providers/TelephonyProvider MmsSmsDatabaseHelper (schema of mmssms.db)",
        "plaso test_data/android/mmssms.db and plaso/parsers/sqlite_plugins/android_sms.py",
        "ALEAPP scripts/artifacts/smsmms.py (SMS ms, MMS s; addr types; Samsung spam_sms, LG lgeSiid types)",
    )

    def partitions(self, ctx, jobs):
        """Large stores split by ``sms._id`` ranges; MMS run in the last part."""
        return ctx.id_ranges("sms", "_id", jobs)

    def parse(self, ctx):
        ctx.lookups["threads"] = _thread_names(ctx)
        ctx.lookups["box_status"] = statuses = box_statuses(ctx)
        opt = ", ".join(ctx.column_or_null("sms", c) for c in SMS_OPTIONAL)
        base = f"SELECT _id, thread_id, address, date, type, body, {opt} FROM sms"
        part = ctx.in_partition("r._id")

        def python_rows(only):
            sql = f"SELECT * FROM ({base}) r WHERE {part} AND {only('r._id')} ORDER BY r._id"
            return ctx.map_rows(sql, sms_to_event, table="sms", id_column="_id")

        yield from ctx.sql_mapped(sms_sql_mapping(
            base, part, ctx.lookups["threads"],
            (("sms", "_id", "subject"),) if ctx.has_columns("sms", "subject") else (), statuses), python_rows)
        if ctx.last_part and ctx.has_columns("spam_sms", "_id", "address", "date", "type", "body"):
            spam_opt = ", ".join(ctx.column_or_null("spam_sms", c) for c in ("thread_id", *SMS_OPTIONAL))
            yield from ctx.map_rows(f"SELECT _id, address, date, type, body, {spam_opt} FROM spam_sms ORDER BY _id",
                                    spam_sms_to_event, table="spam_sms", id_column="_id")
        if ctx.last_part and ctx.has_columns("pdu", "_id", "thread_id", "date", "msg_box"):
            yield from self._mms(ctx)

    def _mms(self, ctx):
        opt = ", ".join(ctx.column_or_null("pdu", c) for c in PDU_OPTIONAL)
        pdus = ctx.rows(f"SELECT _id, thread_id, date, msg_box, {opt} FROM pdu ORDER BY _id")
        children = {}
        if ctx.has_columns("addr", "msg_id", "address", "type"):
            children["addresses"] = (ctx.db.execute("SELECT msg_id, address, type FROM addr ORDER BY msg_id, _id"), "msg_id")
        else:
            children["addresses"] = ((), "msg_id")
        if ctx.has_columns("part", "mid", "seq", "ct", "_data", "text"):
            part_cols = ", ".join(ctx.column_or_null("part", c) for c in ("name", "fn", "cl"))
            children["parts"] = (
                ctx.db.execute(f"SELECT mid, seq, ct, _data, text, {part_cols} FROM part ORDER BY mid, seq, _id"),
                "mid",
            )
        else:
            children["parts"] = ((), "mid")
        rows = attach_children(pdus, "_id", children)
        yield from ctx.map_rows(rows, mms_to_event, table="pdu", id_column="_id")


@hookimpl
def register_parsers(register):
    register(AndroidSmsParser)
