"""Google Messages for Android (``com.google.android.apps.messaging``): ``databases/bugle_db``.

Google Messages is the default SMS/MMS/RCS app of most Android phones; its store ``bugle_db`` grew
out of AOSP Messaging ("Bugle"), whose source is public. Google's own additions are closed.

Where the facts come from:

* Path: ALEAPP ``scripts/artifacts/googleMessages.py`` (``*/com.google.android.apps.messaging/
  databases/bugle_db``); the same file name is AOSP Messaging's ``DatabaseHelper.DATABASE_NAME``.
* Tables and columns: AOSP Messaging ``src/com/android/messaging/datamodel/DatabaseHelper.java``
  (AOSP-Platform/Messaging @ b631e504; DDL copied in ``artefacts/synthetic/ddl/
  google_messages_android.sql``): ``conversations``, ``messages``, ``parts``, ``participants``,
  ``conversation_participants`` ("a list of participants excluding the user in a given
  conversation"). A part holds text *or* a media ``uri`` (with ``content_type``), "but not both".
  ALEAPP reads two Google Messages columns the AOSP source lacks, ``parts.file_size_bytes``
  (-1 = unknown) and ``parts.local_cache_path``; they are read when present (older generations
  lack them, ALEAPP ``null_absent_columns``).
* Times: ``parts.timestamp`` is a copy of ``messages.received_timestamp`` (the AOSP trigger
  ``parts_TRIGGER``), which ALEAPP reads as milliseconds since 1970; ``sent_timestamp`` is set
  beside it from the same telephony dates (``MessageData.createSmsMessage(..., sent, received)``),
  and ``mms_expiry`` is "(ms)" in ``MessageColumns``. 0 means "not set" (``INT DEFAULT(0)``).
* Direction: the sending participant's ``sub_id``: ``ParticipantData.OTHER_THAN_SELF_SUB_ID``
  (-2) is someone else (incoming); any other value is one of the device's own SIM participants
  (outgoing); NULL (no sender row) leaves the direction unknown (ALEAPP's note, same rule).
* ``messages.message_protocol`` (``MessageData``): 0 SMS, 1 MMS, 2 MMS WAP push notification,
  -1 unknown. Google Messages also stores RCS chat messages here; the values it uses for them
  are not in any public source found (AOSP has no RCS), so any other value is kept raw in
  ``extra.message_protocol`` with ``extra.protocol`` "unknown", never guessed.
* ``messages.message_status`` (``MessageData.BUGLE_STATUS_*``): 1 outgoing complete (sent),
  2 delivered (a delivery report came back), 3 draft, 4 yet to send, 5 sending, 6 resending,
  7 awaiting retry, 8 failed, 9 failed (emergency number); 100 incoming complete, 101-105 MMS
  download states, 106 download failed, 107 expired or not available. ``raw_status`` is the MMS
  PDU response/retrieve status and ``mms_reports_info`` the per-recipient MMS delivery/read
  reports ("To, Date and X-Mms-Status from each report for only sent MMS"); both kept raw.
  ``read`` and ``seen`` (0/1) are kept in ``extra``.
* Groups: ``conversations.participant_count`` ("not including self (so will be 1 for 1:1 or
  bigger for group)"); an outgoing message's recipients are its conversation's participants.

Events: each ``messages`` row is one ``message`` event (its text parts joined as the body, its
media parts as attachments, named by the last segment of ``uri``); each ``participants`` row is a
``contact`` event (``extra.self`` for the device's own SIM participants). Large stores are split
across workers by ``messages._id`` ranges (``partitions``); contacts come with the last part.
Google Messages logs no calls.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, RECEIVED, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.rows import attach_children
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

OTHER_THAN_SELF_SUB_ID = -2
PROTOCOLS = {-1: "unknown", 0: "SMS", 1: "MMS", 2: "MMS notification"}
#: MessageData.BUGLE_STATUS_* -> the status word of the timeline
STATUSES = {
    0: "unknown", 1: "sent", 2: "delivered", 3: "draft", 4: "pending", 5: "sending", 6: "resending",
    7: "awaiting retry", 8: "failed", 9: "failed", 100: "received", 101: "awaiting download",
    102: "retrying download", 103: "downloading", 104: "retrying download", 105: "downloading",
    106: "download failed", 107: "expired",
}
TEXT_TYPE = "text/plain"
MESSAGE_OPTIONAL = ("seen", "read", "sms_message_uri", "sms_priority", "sms_message_size", "mms_subject",
                    "mms_transaction_id", "mms_content_location", "mms_expiry", "raw_status", "self_id",
                    "mms_reports_info")
FLAGS = ("seen", "read")
PART_OPTIONAL = ("file_size_bytes", "local_cache_path")
PARTICIPANT_OPTIONAL = ("sim_slot_id", "send_destination", "display_destination", "first_name", "contact_id",
                        "blocked", "subscription_name")


def _address(dest, display):
    return dest or display or None


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row (with its sender, conversation, parts and members) -> one message event."""
    sub_id = row["sender_sub_id"]
    if sub_id is None:
        direction = None
    else:
        direction = INCOMING if sub_id == OTHER_THAN_SELF_SUB_ID else OUTGOING
    protocol = row["message_protocol"]
    status = row["message_status"]
    extra: dict = {"message_protocol": protocol, "protocol": PROTOCOLS.get(protocol, "unknown"),
                   "message_status": status, "sender_id": row["sender_id"]}
    for col in MESSAGE_OPTIONAL:  # the INT DEFAULT(0) columns only when set; read/seen always
        value = row[col]
        if value not in (None, "") and col != "mms_expiry" and (value != 0 or col in FLAGS):
            extra[col] = value
    if row["participant_count"] is not None:
        extra["participant_count"] = row["participant_count"]
        count = row["participant_count"]
        extra["group"] = count > 1 if isinstance(count, int) else None
    time_pair(ctx, extra, "sent", row["sent_timestamp"], "messages.sent_timestamp", UNIX_MILLISECONDS)
    time_pair(ctx, extra, "mms_expiry", row["mms_expiry"], "messages.mms_expiry", UNIX_MILLISECONDS)
    texts, attachments, parts = [], [], []
    for part in row["parts"]:
        ctype = part["content_type"]
        if part["text"] is not None and (ctype in (None, TEXT_TYPE) or not part["uri"]):
            texts.append(part["text"])
            continue
        uri = part["uri"] or part["local_cache_path"]
        size = part["file_size_bytes"]
        attachments.append(attachment(name=uri.rstrip("/").rsplit("/", 1)[-1] if uri else None, mime_type=ctype,
                                      size=size if isinstance(size, int) and size >= 0 else None))
        parts.append({k: part[k] for k in ("_id", "uri", "content_type", "width", "height", *PART_OPTIONAL)
                      if part[k] is not None})
    if parts:
        extra["media_parts"] = parts
    members = ctx.lookups["gmsg_members"].get(row["conversation_id"], [])
    sender = _address(row["sender_dest"], row["sender_display"])
    if direction == OUTGOING:
        recipients, desc = [m for m in members if m], CREATED
    else:
        recipients, desc = [], RECEIVED if direction == INCOMING else CREATED
    received = row["received_timestamp"]
    body = "\n".join(t for t in texts) if texts else None
    if body is None and row["mms_subject"]:
        body = row["mms_subject"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, received, zero_is_null=True, column="messages.received_timestamp"),
        "timestamp_raw": received,
        "timestamp_desc": desc,
        "kind": "message",
        "direction": direction,
        "conversation_id": None if row["conversation_id"] is None else str(row["conversation_id"]),
        "conversation_name": row["conversation_name"] or None,
        "sender": sender,
        "sender_name": row["sender_name"] or None,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "status": STATUSES.get(status, f"status {status}"),
        "extra": extra,
    }


def participant_to_event(row, ctx) -> dict:
    """One ``participants`` row -> a contact event (``extra.self`` for the device's own SIM participants)."""
    address = _address(row["normalized_destination"], row["display_destination"])
    name = row["full_name"] or None
    own = row["sub_id"] is not None and row["sub_id"] != OTHER_THAN_SELF_SUB_ID
    extra: dict = {"sub_id": row["sub_id"], "self": own}
    for col in PARTICIPANT_OPTIONAL:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    if own:
        body = "Own SIM participant" + (f" {address}" if address else "") + (
            f" ({row['subscription_name']})" if row["subscription_name"] else "")
    else:
        body = f"{name} ({address})" if name and address and name != address else (name or address)
    return contact_event(address, name, body, extra, f"participants:_id={row['_id']}")


def _members(ctx) -> dict:
    """conversation id -> addresses of its participants (the user excluded), in participant order."""
    members: dict = {}
    if not ctx.has_columns("conversation_participants", "conversation_id", "participant_id"):
        return members
    sql = ("SELECT cp.conversation_id, p.normalized_destination, p.display_destination FROM conversation_participants cp "
           "JOIN participants p ON p._id = cp.participant_id ORDER BY cp.conversation_id, cp._id")
    for conv, dest, display in ctx.db.execute(sql):
        members.setdefault(conv, []).append(_address(dest, display))
    return members


class GoogleMessagesAndroidParser(SQLiteParser):
    name = "google_messages_android"
    version = __version__
    app = "google_messages"
    platform = "android"
    description = ("Google Messages for Android bugle_db: SMS, MMS and RCS messages with their parts, protocol, delivery "
                   "status and MMS reports, group threads, participants")
    path_globs = ("**/com.google.android.apps.messaging/databases/bugle_db",)
    required_tables = {
        "messages": {"_id", "conversation_id", "sender_id", "sent_timestamp", "received_timestamp", "message_protocol",
                     "message_status"},
        "parts": {"_id", "message_id", "text", "uri", "content_type"},
        "participants": {"_id", "sub_id", "normalized_destination", "full_name"},
        "conversations": {"_id", "name"},
    }
    time_units = {
        "messages.received_timestamp": UNIX_MILLISECONDS, "messages.sent_timestamp": UNIX_MILLISECONDS,
        "messages.mms_expiry": UNIX_MILLISECONDS,
    }
    references = (
        "AOSP Messaging src/com/android/messaging/datamodel/DatabaseHelper.java (tables, columns, parts trigger)",
        "AOSP Messaging datamodel/data/MessageData.java (PROTOCOL_*, BUGLE_STATUS_*) and ParticipantData.java "
        "(OTHER_THAN_SELF_SUB_ID = -2)",
        "ALEAPP scripts/artifacts/googleMessages.py (path, ms times, sub_id direction, file_size_bytes, local_cache_path)",
        "artefacts/synthetic/ddl/google_messages_android.sql",
    )

    def partitions(self, ctx, jobs):
        """Large stores split by ``messages._id`` ranges; the participants go with the last part."""
        return ctx.id_ranges("messages", "_id", jobs)

    def parse(self, ctx):
        if "gmsg_members" not in ctx.lookups:
            ctx.lookups["gmsg_members"] = _members(ctx)
        msg_cols = ", ".join(("m._id", "m.conversation_id", "m.sender_id", "m.sent_timestamp", "m.received_timestamp",
                              "m.message_protocol", "m.message_status",
                              *(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)))
        count = "c.participant_count" if ctx.has_columns("conversations", "participant_count") else "NULL"
        display = ctx.column_or_null("participants", "display_destination", "sender_display", "sp")
        part = ctx.in_partition("m._id")
        sql = (f"SELECT {msg_cols}, c.name AS conversation_name, {count} AS participant_count, "
               f"sp.sub_id AS sender_sub_id, sp.normalized_destination AS sender_dest, {display}, "
               f"sp.full_name AS sender_name FROM messages m "
               f"LEFT JOIN conversations c ON c._id = m.conversation_id "
               f"LEFT JOIN participants sp ON sp._id = m.sender_id WHERE {part} ORDER BY m._id")
        part_cols = ", ".join(("_id", "message_id", "text", "uri", "content_type",
                               *(ctx.column_or_null("parts", c) for c in ("width", "height", *PART_OPTIONAL))))
        parts = ctx.dict_rows(f"SELECT {part_cols} FROM parts WHERE {ctx.in_partition('message_id')} "
                              f"ORDER BY message_id, _id")
        rows = attach_children(ctx.dict_rows(sql), "_id", {"parts": (parts, "message_id")})
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="_id")
        if ctx.last_part:
            opt = ", ".join(ctx.column_or_null("participants", c) for c in PARTICIPANT_OPTIONAL)
            yield from ctx.map_rows(f"SELECT _id, sub_id, normalized_destination, full_name, {opt} FROM participants "
                                    f"ORDER BY _id", participant_to_event, table="participants", id_column="_id")


@hookimpl
def register_parsers(register):
    register(GoogleMessagesAndroidParser)
