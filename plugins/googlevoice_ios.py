"""Google Voice for iOS: ``threadingStore.sqlite`` in the app's shared container (texts, calls, voicemails with
their transcripts, the numbers the account talked to).

Where the facts come from: iLEAPP (``abrignoni/iLEAPP``) ``scripts/artifacts/googleVoice.py``, written and
checked on a real iPhone 11, iOS 17.3 extraction (Josh Hickman's image; 118 texts, 29 calls, 5 voicemails, 24
numbers): the path ``*/mobile/Containers/Shared/AppGroup/*/threadingStore.sqlite``, the tables and columns read
here, the item types, and that an outgoing item's ``senderPhoneNumber`` is the account's own Voice number. No
create statement is published; ``artefacts/synthetic/ddl/googlevoice_ios.sql`` declares those columns.

* ``ThreadItem``: one row per text, call or voicemail; ``itemType`` ``SmsIn`` / ``SmsOut`` (texts),
  ``IncomingCall`` / ``OutgoingCall`` / ``MissedCall`` (calls), ``Voicemail``; ``messageText``,
  ``senderPhoneNumber``, ``isUnread``, ``isDeleted``, ``isSystemMessage``, ``threadKey`` / ``threadType`` (the
  conversation), ``threadItemKey`` / ``threadItemType`` (the item's key for its attachments and transcript),
  ``sortID``, ``duration``, ``ringGroupName``, ``ringGroupPhoneNumber``, ``transferredFromE164``,
  ``transferredToE164``, ``timestamp``;
* ``Thread(threadKey, threadType, groupName)``, ``ThreadParticipant(threadKey, threadType, phoneNumberE164)``
  (the conversation's numbers), ``MMSAttachmentInfo(threadItemKey, threadItemType)`` (counted),
  ``Transcript(threadItemKey, threadItemType, text, confidence)``, ``Participant(phoneNumberE164, isBlocked)``.

**Times are not converted.** No source states the unit of ``ThreadItem.timestamp``: iLEAPP reads it with a
helper that cuts any number to its first ten digits and calls them seconds (a guess from the magnitude, which
this project never makes), and its expected output holds only the converted values. Every event keeps the
stored value in ``timestamp_raw`` with a null ``timestamp`` ("Not a time") and ``extra.timestamp_unit``
``unknown``, and the file's record in ``sources`` says so (a note, not a warning: nothing is wrong with the file). The unit of ``duration`` is not asserted by iLEAPP either: kept as stored in ``extra.duration``.

Events: a text is a ``message`` (``SmsIn`` incoming, ``SmsOut`` outgoing; its recipients the conversation's
numbers other than the sender); a call or voicemail a ``call`` (status ``incoming`` / ``outgoing`` / ``missed``
/ ``voicemail``; a voicemail's transcript its body; ``senderPhoneNumber`` kept in ``extra``, since iLEAPP's notes
say the column does not establish whose number it is on a call); a ``Participant`` row a ``contact`` (``extra.blocked``).
``isDeleted`` is the event's ``deleted`` flag, as iLEAPP shows it. An ``itemType`` no source names is one
warning naming the row; the row is kept as an ``other`` event.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, contact_event
from artefacts.parser import SQLiteParser
from artefacts.values import as_text

__version__ = "1.0"

TEXTS = {"SmsIn": INCOMING, "SmsOut": OUTGOING}
CALLS = {"IncomingCall": (INCOMING, "incoming"), "OutgoingCall": (OUTGOING, "outgoing"),
         "MissedCall": (INCOMING, "missed"), "Voicemail": (INCOMING, "voicemail")}
ITEM_OPTIONAL = ("messageText", "senderPhoneNumber", "isUnread", "isDeleted", "isSystemMessage", "threadType",
                 "threadItemKey", "threadItemType", "sortID", "duration", "ringGroupName", "ringGroupPhoneNumber",
                 "transferredFromE164", "transferredToE164")
#: ThreadItem columns copied into extra as stored
EXTRA_COLUMNS = ("isUnread", "isSystemMessage", "sortID", "duration", "ringGroupName", "ringGroupPhoneNumber",
                 "transferredFromE164", "transferredToE164", "threadItemKey", "threadItemType")
UNIT_UNKNOWN = ("ThreadItem.timestamp: no source states its unit (iLEAPP guesses it from the number of digits); "
                "times are kept as stored in timestamp_raw, not converted")


def item_to_event(row, ctx) -> dict:
    """One ``ThreadItem`` row with its conversation's numbers, name, attachment count and transcript."""
    item = as_text(row["itemType"])
    sender_number = as_text(row["senderPhoneNumber"])
    numbers = [n for n in (row["participants"] or "").split("\x1f") if n]
    extra = {"item_type": item, "thread_key": row["threadKey"], "timestamp_unit": "unknown"}
    for col in EXTRA_COLUMNS:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    if row["attachments"]:
        extra["attachment_count"] = row["attachments"]
    event = {
        "timestamp": None,
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": NOT_A_TIME,
        "conversation_id": None if row["threadKey"] is None else as_text(row["threadKey"]),
        "conversation_name": as_text(row["groupName"]) or ", ".join(numbers) or None,
        "deleted": bool(row["isDeleted"]) if type(row["isDeleted"]) is int else False,
        "extra": extra,
    }
    if item in TEXTS:
        direction = TEXTS[item]
        event.update(kind="message", direction=direction, sender=sender_number, body=as_text(row["messageText"]),
                     recipients=[n for n in numbers if n != sender_number] if direction == OUTGOING else [])
        return event
    if item in CALLS:
        direction, status = CALLS[item]
        if row["transcript"] is not None:
            extra["transcript_confidence"] = row["transcript_confidence"]
        # iLEAPP: the column names "do not establish number ownership" for calls: kept, not made the caller
        extra["sender_phone_number"] = sender_number
        event.update(kind="call", direction=direction, status=status, sender=None,
                     body=as_text(row["transcript"]) if item == "Voicemail" else None)
        return event
    ctx.warn(f"ThreadItem.itemType {item!r}: no source names it; kept as an event of kind other")
    event.update(kind="other", sender=sender_number, body=as_text(row["messageText"]))
    return event


def participant_to_event(row, ctx) -> dict:
    """One ``Participant`` row: a number the account's conversations hold."""
    number = as_text(row["phoneNumberE164"])
    extra = {}
    if row["isBlocked"] is not None:
        extra["blocked"] = bool(row["isBlocked"]) if type(row["isBlocked"]) is int else row["isBlocked"]
    return contact_event(number, None, number, extra, f"Participant:rowid={row['rid']}")


class GoogleVoiceIosParser(SQLiteParser):
    name = "googlevoice_ios"
    version = __version__
    app = "googlevoice"
    platform = "ios"
    description = ("Google Voice for iOS threadingStore.sqlite: texts, calls, voicemails with transcripts, "
                   "numbers; times kept as stored (their unit is not sourced)")
    path_globs = ("**/Containers/Shared/AppGroup/*/threadingStore.sqlite",)
    required_tables = {"ThreadItem": {"timestamp", "itemType", "threadKey"}}
    time_units = {}  # ThreadItem.timestamp: unit not sourced, kept raw (module docstring)
    references = ("iLEAPP scripts/artifacts/googleVoice.py (path, tables, columns, item types, own number; "
                  "iOS 17.3 test image)",)

    def parse(self, ctx):
        ctx.note(UNIT_UNKNOWN)
        cols = ", ".join(ctx.column_or_null("ThreadItem", c, prefix="ti") for c in ITEM_OPTIONAL)
        group = "NULL"
        if ctx.has_columns("Thread", "threadKey", "threadType", "groupName"):
            group = ("(SELECT th.groupName FROM Thread th WHERE th.threadKey = ti.threadKey "
                     "AND th.threadType IS ti.threadType)")
        participants = "NULL"
        if ctx.has_columns("ThreadParticipant", "threadKey", "threadType", "phoneNumberE164"):
            participants = ("(SELECT group_concat(tp.phoneNumberE164, char(31)) FROM ThreadParticipant tp "
                            "WHERE tp.threadKey = ti.threadKey AND tp.threadType IS ti.threadType)")
        attachments = "NULL"
        if ctx.has_columns("MMSAttachmentInfo", "threadItemKey", "threadItemType"):
            attachments = ("(SELECT count(*) FROM MMSAttachmentInfo ma WHERE ma.threadItemKey = ti.threadItemKey "
                           "AND ma.threadItemType IS ti.threadItemType)")
        transcript = confidence = "NULL"
        if ctx.has_columns("Transcript", "threadItemKey", "threadItemType", "text", "confidence"):
            where = "tr.threadItemKey = ti.threadItemKey AND tr.threadItemType IS ti.threadItemType"
            transcript = f"(SELECT tr.text FROM Transcript tr WHERE {where} LIMIT 1)"
            confidence = f"(SELECT tr.confidence FROM Transcript tr WHERE {where} LIMIT 1)"
        sql = (f"SELECT ti.rowid AS rid, ti.timestamp, ti.itemType, ti.threadKey, {cols}, {group} AS groupName, "
               f"{participants} AS participants, {attachments} AS attachments, {transcript} AS transcript, "
               f"{confidence} AS transcript_confidence FROM ThreadItem ti ORDER BY ti.rowid")
        yield from ctx.map_rows(sql, item_to_event, table="ThreadItem", id_column="rid")
        if ctx.has_columns("Participant", "phoneNumberE164"):
            blocked = ctx.column_or_null("Participant", "isBlocked")
            yield from ctx.map_rows(f"SELECT rowid AS rid, phoneNumberE164, {blocked} FROM Participant ORDER BY rowid",
                                    participant_to_event, table="Participant", id_column="rid")


@hookimpl
def register_parsers(register):
    register(GoogleVoiceIosParser)
