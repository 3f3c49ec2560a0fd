"""Signal Android: ``org.thoughtcrime.securesms/databases/signal.db``.

The database is SQLCipher-encrypted. A plain SQLite ``signal.db`` (a decrypted copy, or one an
extraction tool already decrypted) is parsed directly. An encrypted one is decrypted into the
private workspace with :mod:`artefacts.decoders.sqlcipher` and the copy is parsed; its events keep
the evidence file as their source. The key is the app's *DatabaseSecret*: 32 random bytes whose
64-digit lowercase hex form is the SQLCipher **passphrase**, with Signal's settings (SQLCipher 3
compatibility, ``kdf_iter`` 1, page size 4096: PBKDF2-HMAC-SHA1 once, HMAC-SHA1 pages; project notes
formats.md 3.3, from ``SqlCipherDatabaseHook.java`` / ``DatabaseSecret.java``). Keys are tried in
this order:

1. ``--key signal=<64 hex digits>`` (``ctx.keys("signal")``; a 30-digit value is a ``.backup``
   passphrase and is left to the ``signal_backup`` parser);
2. ``pref_database_unencrypted_secret`` in ``shared_prefs/org.thoughtcrime.securesms_preferences.xml``
   of the extraction, which very old installs kept in clear (``DatabaseSecretProvider.java``).

Newer installs keep only ``pref_database_encrypted_secret``, sealed with AES-GCM under the Android
Keystore key ``SignalSecret``: it cannot be opened offline. Without a usable key the file gives one
warning saying what is needed, and no events.

Two schema generations are read (column names checked, missing optional columns read as NULL):

* **current** (2023-): one ``message`` table (``from_recipient_id`` / ``to_recipient_id``, edits in
  ``latest_revision_id`` / ``original_message_id``), ``attachment`` (``message_id``, ``data_file``),
  ``call``, ``reaction``, ``groups`` + ``group_membership`` (``ddl/signal_android_current.sql``);
* **legacy** (-2022): ``sms`` and ``mms`` (``address`` = recipient id, ``mms.date`` = sent time,
  ``mms.msg_box`` = type, ``reveal_duration`` = view-once), ``part`` (``mid``, ``_data``), reactions
  as a ReactionList protobuf in ``sms.reactions`` / ``mms.reactions`` or (2022) a ``reaction``
  table with ``is_mms``, ``groups.members``; the v166/v185 renames in between (``date_received``,
  ``recipient_id``, ``type``) are found by column name.

Direction, status and system records come from the ``type`` bit field (``MessageTypes.java`` @
9746bcfe, identical in ``MmsSmsColumns.Types``; values in ``ddl/signal_android_current.sql``):
``type & 0x1F`` is the base type -- 20 inbox (incoming, ``received``), 21 outbox and 22 sending
(outgoing, ``pending``), 23 sent (outgoing, ``sent``; ``delivered`` / ``read`` when receipts came
back), 24 sent failed (``failed``), 25 / 26 pending SMS fallback (``pending``), 27 draft (``draft``);
call log rows store the call type as the whole value (1, 2, 3, 8, 10, 11, 12). Flags: ``0x800000``
secure, ``0x200000`` push (a Signal, not an SMS, message), ``0x400000`` end session, ``0x10000``
group update, ``0x20000`` group leave, ``0x40000`` disappearing-timer update, ``0x80000`` group v2,
``0xFF00`` key exchange, ``0xFF000000`` encryption state, ``0xF00000000`` special types (story
reaction, gift badge, payments ...). Base types 1-18 other than calls, group updates, timer updates
and end-session records become ``kind: system`` events; a story reaction ``kind: reaction``.

Other record facts:

* **reactions** are separate ``kind: reaction`` events (body = the emoji, sender = the reacting
  recipient, ``extra.target`` = the message's locator), from the ``reaction`` table or the legacy
  BLOB (locator ``sms:_id=N/reactions[i]``);
* **quotes**: ``extra.quote`` = quoted message's sent time (``quote_id``), author, body, missing
  flag and its locator when the quoted row is in the database;
* **view-once** (``view_once`` / ``reveal_duration``), **disappearing** (``expires_in``, a duration in
  ms, and ``expire_started``), **edits** (``extra.edit``: the newest revision's locator on older
  revisions, the first version's on newer ones), **remotely deleted** (``remote_deleted`` -> ``deleted:
  true``);
* **attachments**: ``data_file`` / ``_data`` is the file's path on the device (``app_parts/part*.mms``);
  when the extraction holds the file it is listed with its path there and its SHA-256 (of the file as
  stored: Signal encrypts attachments at rest with a key derived from ``data_random`` and the
  keystore-sealed attachment secret, so the hash is of the encrypted file), otherwise ``path`` is the
  path the app recorded, ``sha256`` is null, and ``extra.attachment_records`` keeps the transfer state;
* **calls** from the ``call`` table (``kind: call``: type 0 audio / 1 video / 3 group / 4 ad hoc,
  direction 0 in / 1 out, event 0-10; ``deletion_timestamp`` -> deleted). A call's own ``message``
  row (``call.message_id``) is not reported twice; call-type message rows without a ``call`` row
  (the legacy generation) become call events themselves.

The owner: in the current schema the owner's own ``recipient`` row is the author
(``from_recipient_id``) of outgoing rows, so outgoing events name the owner as sender and the
direction of reactions is known. The legacy tables record only the other party (``address``), so
there outgoing events have no sender, incoming ones no recipients, and a reaction's direction is
known only when its author is the other party of a one-to-one chat.

Times: all ms since 1970 (``time_units``); ``expires_in`` is a duration in ms and
``recipient.message_expiration_time`` one in seconds (not read as times). Outgoing records take the
sent time (``Sent Time``), incoming ones the time the device received them (``Received Time``); the
other times are in ``extra``.
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET

from artefacts import hookimpl
from artefacts.encrypted import check_encrypted_store, is_plain, open_sqlcipher, parse_opened, with_provenance
from artefacts.events import CALL_START, INCOMING, OUTGOING, RECEIVED, SENT, attachment as make_attachment, duration_text
from artefacts.parser import Parser
from artefacts.rows import attach_children
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"


# ---------------------------------------------------------------------------------------------
# MessageTypes (signalapp/Signal-Android MessageTypes.java @ 9746bcfe; MmsSmsColumns.Types before)

BASE_TYPE_MASK = 0x1F
BASE_INBOX, BASE_OUTBOX, BASE_SENDING, BASE_SENT, BASE_SENT_FAILED = 20, 21, 22, 23, 24
BASE_PENDING_SECURE_SMS_FALLBACK, BASE_PENDING_INSECURE_SMS_FALLBACK, BASE_DRAFT = 25, 26, 27
OUTGOING_BASES = {BASE_OUTBOX, BASE_SENDING, BASE_SENT, BASE_SENT_FAILED,
                  BASE_PENDING_SECURE_SMS_FALLBACK, BASE_PENDING_INSECURE_SMS_FALLBACK}
BASE_STATUS = {
    BASE_INBOX: "received",
    BASE_OUTBOX: "pending",
    BASE_SENDING: "pending",
    BASE_SENT: "sent",
    BASE_SENT_FAILED: "failed",
    BASE_PENDING_SECURE_SMS_FALLBACK: "pending",
    BASE_PENDING_INSECURE_SMS_FALLBACK: "pending",
    BASE_DRAFT: "draft",
}
BASE_NAMES = {
    1: "incoming audio call", 2: "outgoing audio call", 3: "missed audio call", 4: "contact joined Signal",
    5: "unsupported message", 6: "invalid message", 7: "profile change", 8: "missed video call",
    9: "group v1 migration", 10: "incoming video call", 11: "outgoing video call", 12: "group call",
    13: "bad decrypt", 14: "change number", 15: "donation request", 16: "thread merge", 17: "SMS export",
    18: "session switchover", 20: "inbox", 21: "outbox", 22: "sending", 23: "sent", 24: "sent failed",
    25: "pending secure SMS fallback", 26: "pending insecure SMS fallback", 27: "draft",
}
#: call log types, compared with the WHOLE type value (MessageTypes.isIncomingAudioCall ...)
CALL_TYPES = {
    1: (INCOMING, "audio", None), 2: (OUTGOING, "audio", None), 3: (INCOMING, "audio", "missed"),
    8: (INCOMING, "video", "missed"), 10: (INCOMING, "video", None), 11: (OUTGOING, "video", None),
    12: (None, "group", None),
}
MESSAGE_RATE_LIMITED_BIT, MESSAGE_FORCE_SMS_BIT = 0x80, 0x40
KEY_EXCHANGE_MASK = 0xFF00
KEY_EXCHANGE_BITS = {
    0x8000: "key exchange", 0x4000: "identity verified", 0x2000: "identity default", 0x1000: "key exchange corrupted",
    0x800: "key exchange invalid version", 0x400: "key exchange bundle", 0x200: "identity update",
    0x100: "key exchange content format",
}
SECURE_MESSAGE_BIT, END_SESSION_BIT, PUSH_MESSAGE_BIT = 0x800000, 0x400000, 0x200000
GROUP_UPDATE_BIT, GROUP_LEAVE_BIT, EXPIRATION_TIMER_UPDATE_BIT, GROUP_V2_BIT = 0x10000, 0x20000, 0x40000, 0x80000
#: single-bit flags, in the order they are reported
FLAG_BITS = (
    (SECURE_MESSAGE_BIT, "secure"),
    (PUSH_MESSAGE_BIT, "push"),
    (END_SESSION_BIT, "end session"),
    (GROUP_UPDATE_BIT, "group update"),
    (GROUP_LEAVE_BIT, "group leave"),
    (EXPIRATION_TIMER_UPDATE_BIT, "expiration timer update"),
    (GROUP_V2_BIT, "group v2"),
    (MESSAGE_RATE_LIMITED_BIT, "rate limited"),
    (MESSAGE_FORCE_SMS_BIT, "forced SMS"),
)
ENCRYPTION_BITS = {
    0x20000000: "remote", 0x10000000: "remote failed (chat session refresh)", 0x08000000: "no session",
    0x04000000: "duplicate", 0x02000000: "legacy",
}
SPECIAL_TYPES_MASK = 0xF00000000
#: 0x1-0x4 and 0x8 as in MessageTypes.java @ 9746bcfe; 0x5 reported spam, 0x6 message request
#: accepted and 0x9 payments tombstone were added later and are NOT in that commit: their values are
#: from bepaald/signalbackup-tools msgtypes/msgtypes.h @ 82ee591f (a copy of the app's constants).
#: Newer Signal-Android MessageTable.kt also names SPECIAL_TYPE_BLOCKED / UNBLOCKED, whose values no
#: source read here gives: such rows are reported as "special type 0x..." with the raw type kept.
SPECIAL_TYPES = {
    0x100000000: "story reaction", 0x200000000: "gift badge", 0x300000000: "payments notification",
    0x400000000: "payments activate request", 0x500000000: "reported spam",
    0x600000000: "message request accepted", 0x800000000: "payments activated", 0x900000000: "payments tombstone",
}
SPECIAL_STORY_REACTION = 0x100000000

# call table codes (CallTable.kt; ddl/signal_android_current.sql header)
CALL_TABLE_TYPE = {0: "audio", 1: "video", 3: "group", 4: "ad hoc"}
CALL_TABLE_DIRECTION = {0: INCOMING, 1: OUTGOING}
CALL_TABLE_EVENT = {
    0: "ongoing", 1: "accepted", 2: "not accepted", 3: "missed", 4: "deleted", 5: "generic group call",
    6: "joined", 7: "ringing", 8: "declined", 9: "outgoing ring", 10: "missed (notification profile)",
}
CALL_TABLE_STATUS = {**CALL_TABLE_EVENT, 10: "missed"}

# attachment.transfer_state (AttachmentTable) / part.pending_push (AttachmentDatabase.TRANSFER_PROGRESS_*)
TRANSFER_STATE = {
    0: "done", 1: "started", 2: "pending", 3: "failed", 4: "permanent failure", 5: "needs restore",
    6: "restore in progress", 7: "restore offloaded",
}

PREFS_UNENCRYPTED_SECRET = "pref_database_unencrypted_secret"
PREFS_ENCRYPTED_SECRET = "pref_database_encrypted_secret"
_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")
_BACKUP_PASSPHRASE = re.compile(r"^[0-9 ]+$")


def signal_sqlcipher_settings():
    """Signal Android's SQLCipher settings: v3 compatibility with kdf_iter 1 and 4096-byte pages."""
    import dataclasses

    from artefacts.decoders import sqlcipher as sc

    app = getattr(sc, "APP_SETTINGS", {}).get("signal-android")
    if app is not None:
        return app
    return dataclasses.replace(sc.VERSIONS[3], page_size=4096, kdf_iter=1)


# ---------------------------------------------------------------------------------------------
# Type classification


def classify_type(t: int | None) -> dict:
    """What a ``type`` value says: kind, direction, status, flags and a description."""
    if t is None:
        return {"kind": "message", "direction": None, "status": None, "flags": [], "base": None, "description": None}
    t = int(t)
    if t in CALL_TYPES:
        direction, media, missed = CALL_TYPES[t]
        return {"kind": "call", "direction": direction, "status": missed, "flags": [], "base": t,
                "description": BASE_NAMES[t], "call_media": media}
    base = t & BASE_TYPE_MASK
    flags = [name for bit, name in FLAG_BITS if t & bit]
    for bit, name in KEY_EXCHANGE_BITS.items():
        if t & bit:
            flags.append(name)
    for bit, name in ENCRYPTION_BITS.items():
        if t & bit:
            flags.append(f"encryption {name}")
    special = t & SPECIAL_TYPES_MASK
    special_name = SPECIAL_TYPES.get(special) if special else None
    if special and special_name is None:
        special_name = f"special type 0x{special:x}"
    direction = OUTGOING if base in OUTGOING_BASES else INCOMING if base == BASE_INBOX else None
    if base == BASE_DRAFT:
        direction = OUTGOING
    status = BASE_STATUS.get(base)
    kind = "message"
    description = None
    if base not in BASE_STATUS:
        kind, status = "system", None
        description = BASE_NAMES.get(base, f"base type {base}")
    if t & GROUP_UPDATE_BIT:
        kind = "system"
        description = "Group left" if t & GROUP_LEAVE_BIT else "Group updated"
    elif t & EXPIRATION_TIMER_UPDATE_BIT:
        kind, description = "system", "Disappearing-messages timer changed"
    elif t & END_SESSION_BIT:
        kind, description = "system", "Secure session reset"
    elif t & KEY_EXCHANGE_MASK:
        kind, description = "system", ", ".join(KEY_EXCHANGE_BITS[b] for b in KEY_EXCHANGE_BITS if t & b)
    if special == SPECIAL_STORY_REACTION:
        kind = "reaction"
    elif special_name:
        kind, description = "system", special_name
    return {"kind": kind, "direction": direction, "status": status, "flags": flags, "base": base,
            "description": description, "special": special_name}


# ---------------------------------------------------------------------------------------------
# Helpers shared by the mappings


def _time_extra(extra: dict, ctx, name: str, raw, column: str, *, zero_is_null: bool = True) -> None:
    if raw is None or (zero_is_null and raw in (0, -1)):
        return
    extra[f"{name}_time"] = ctx.time(UNIX_MILLISECONDS, raw, column=column)
    extra[f"{name}_raw"] = raw


def _recipient(ctx, rid):
    if rid is None:
        return None
    try:
        return ctx.lookups["recipients"].get(int(rid))
    except (TypeError, ValueError):
        return None


def _address(ctx, rid) -> str | None:
    r = _recipient(ctx, rid)
    return r["address"] if r else None


def _name(ctx, rid) -> str | None:
    r = _recipient(ctx, rid)
    return r["name"] if r else None


def _thread(ctx, thread_id) -> dict:
    return ctx.lookups["threads"].get(thread_id) or {}


def _members(ctx, recipient_id) -> list[int]:
    return ctx.lookups["group_members"].get(recipient_id, [])


def _self_id(ctx):
    return ctx.lookups.get("self_id")


def unseal_secret(sealed_json: str, keystore_key_hex: str) -> str:
    """The DatabaseSecret (64 hex) from ``pref_database_encrypted_secret`` and the Keystore's AES key.

    Signal seals the secret's 32 bytes with the Android Keystore key ``SignalSecret``:
    ``AES/GCM/NoPadding``, 128-bit tag appended to the ciphertext, stored as JSON
    ``{"iv": b64, "data": b64}`` (base64 without padding or line breaks)
    (Signal-Android ``crypto/KeyStoreHelper.java`` ``SealedData``, ``crypto/DatabaseSecretProvider.java``).
    """
    import base64
    import binascii
    import json

    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = bytes.fromhex(keystore_key_hex.strip().removeprefix("x'").removesuffix("'"))
    except ValueError:
        raise ValueError("the keystore key is not hex") from None
    if len(key) not in (16, 24, 32):
        raise ValueError(f"an AES key has 16, 24 or 32 bytes, not {len(key)}")
    try:
        sealed = json.loads(sealed_json)
        b64 = lambda v: base64.b64decode(v + "=" * (-len(v) % 4))  # noqa: E731
        iv, data = b64(sealed["iv"]), b64(sealed["data"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise ValueError(f"the sealed secret is not the app's JSON ({exc})") from None
    try:
        secret = AESGCM(key).decrypt(iv, data, None)
    except (InvalidTag, ValueError):
        raise ValueError("wrong key (the GCM tag does not verify)") from None
    return secret.hex()


def _attachment_entry(a, ctx) -> dict:
    resolver = ctx.lookups.get("attachment_resolver")
    name, mime, size = a["file_name"], a["content_type"], a["data_size"]
    if resolver is not None:
        return resolver(a, ctx)
    path = a["data_file"]
    if path:
        # present: its path in the extraction and hash; absent: the path the app recorded (schema rule)
        return ctx.attachment(path, name=name, mime_type=mime, size=size)
    return make_attachment(name=name, mime_type=mime, size=size, path=None, sha256=None)


def _attachment_record(a) -> dict:
    rec = {"id": a["_id"], "data_file": a["data_file"]}
    if a["unique_id"] is not None:
        rec["unique_id"] = a["unique_id"]
    state = a["transfer_state"]
    if state is not None:
        rec["transfer_state"] = TRANSFER_STATE.get(state, state)
    for k in ("caption", "voice_note", "quote"):
        if a[k]:
            rec[k] = a[k]
    return rec


def _conversation(ctx, thread_id) -> tuple[str | None, str | None, dict]:
    th = _thread(ctx, thread_id)
    return (None if thread_id is None else str(thread_id)), th.get("name"), th


def _recipients_for(ctx, direction, th: dict, sender_id) -> list[str]:
    me = _self_id(ctx)
    if direction == OUTGOING:
        rid = th.get("recipient_id")
        members = _members(ctx, rid)
        if members:
            ids = [m for m in members if m != me]
        else:
            ids = [rid] if rid is not None else []
        return [a for a in (_address(ctx, i) for i in ids) if a]
    if direction == INCOMING and me is not None and me != sender_id:
        a = _address(ctx, me)
        return [a] if a else []
    return []


# ---------------------------------------------------------------------------------------------
# Row mappings (one composed row by column name -> events)


def message_to_events(row, ctx):
    """One ``message`` / ``sms`` / ``mms`` row with its attachment rows -> a message (or call,
    system, reaction) event, plus one reaction event per entry of a legacy ``reactions`` BLOB."""
    spec = ctx.lookups["message_spec"]
    table = spec["table"]
    mid = row["_id"]
    if table == "message" and mid in ctx.lookups["call_message_ids"]:
        return None  # reported from the call table
    info = classify_type(row["type"])
    direction = info["direction"]
    thread_id = row["thread_id"]
    conv_id, conv_name, th = _conversation(ctx, thread_id)
    sender_id = row["sender_id"]
    me = _self_id(ctx)
    if spec["sender_is_address"] and direction == OUTGOING:
        # legacy sms/mms: `address` of an outgoing row is the thread's recipient, not the author
        sender = _address(ctx, me) if me is not None else None
        sender_name = _name(ctx, me) if me is not None else None
    else:
        sender = _address(ctx, sender_id)
        sender_name = _name(ctx, sender_id)
    sent, received = row["date_sent"], row["date_received"]
    if direction == OUTGOING or not received:
        ts_raw, ts_desc, ts_col = sent, SENT, spec["sent_col"]
    else:
        ts_raw, ts_desc, ts_col = received, RECEIVED, spec["received_col"]
    extra: dict = {"type": row["type"]}
    if info["base"] is not None:
        extra["base_type"] = BASE_NAMES.get(info["base"], info["base"])
    if info["flags"]:
        extra["type_flags"] = info["flags"]
    if info.get("special"):
        extra["special_type"] = info["special"]
    if "push" in info["flags"]:
        extra["transport"] = "signal"
    elif info["kind"] == "message":
        extra["transport"] = "sms/mms"  # no push bit: a carrier SMS/MMS kept in Signal's tables
    if ts_desc == SENT:
        _time_extra(extra, ctx, "date_received", received, spec["received_col"])
    else:
        _time_extra(extra, ctx, "date_sent", sent, spec["sent_col"])
    _time_extra(extra, ctx, "date_server", row["date_server"], f"{table}.date_server")
    if row["read"] is not None:
        extra["read"] = bool(row["read"])
    status = info["status"]
    delivered, read_receipt, viewed = row["delivery_receipt"], row["read_receipt"], row["viewed_receipt"]
    if delivered:
        extra["delivery_receipt"] = delivered if delivered > 1 else True
    if read_receipt:
        extra["read_receipt"] = read_receipt if read_receipt > 1 else True
    if viewed:
        extra["viewed_receipt"] = viewed if viewed > 1 else True
    if status == "sent":
        status = "read" if read_receipt else "delivered" if delivered else "sent"
    if row["unidentified"]:
        extra["sealed_sender"] = True
    if row["server_guid"]:
        extra["server_guid"] = row["server_guid"]
    if row["expires_in"]:
        ms = row["expires_in"]
        extra["expires_in_ms"] = ms
        extra["expires_in"] = duration_text(ms / 1000)
        _time_extra(extra, ctx, "expire_started", row["expire_started"], f"{table}.expire_started")
    if row["view_once"]:
        extra["view_once"] = True
        if row["view_once"] != 1:
            extra["view_once_raw"] = row["view_once"]
    if row["quote_id"]:
        quote = {"sent_raw": row["quote_id"],
                 "sent_time": ctx.time(UNIX_MILLISECONDS, row["quote_id"], column=f"{table}.quote_id"),
                 "author": _address(ctx, row["quote_author"]), "body": row["quote_body"]}
        if row["quote_missing"]:
            quote["missing"] = True
        loc = ctx.lookups["quote_locator"](row["quote_id"], row["quote_author"])
        if loc:
            quote["locator"] = loc
        extra["quote"] = quote
    if row["latest_revision_id"] is not None or row["original_message_id"] is not None:
        edit = {"revision": row["revision_number"] or 0}
        if row["latest_revision_id"] is not None:
            edit["superseded_by"] = f"{table}:_id={row['latest_revision_id']}"
        if row["original_message_id"] is not None:
            edit["original"] = f"{table}:_id={row['original_message_id']}"
        extra["edit"] = edit
    for k in ("story_type", "parent_story_id"):
        if row[k]:
            extra[k] = row[k]
    if row["scheduled_date"] not in (None, -1, 0):
        _time_extra(extra, ctx, "scheduled_date", row["scheduled_date"], f"{table}.scheduled_date")
    attachments = []
    records = []
    for a in row.get("attachments", ()):
        attachments.append(_attachment_entry(a, ctx))
        records.append(_attachment_record(a))
    if records:
        extra["attachment_records"] = records
    body = row["body"]
    kind = info["kind"]
    if kind == "call":
        body = info["description"].capitalize()
        extra["call_media"] = info["call_media"]
    elif kind == "system":
        if body:
            extra["body_raw"] = body
        desc = info["description"] or ""
        body = (desc[:1].upper() + desc[1:]) or None
    deleted = bool(row["remote_deleted"])
    if deleted:
        extra["remote_deleted"] = True
    event = {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts_raw, column=ts_col),
        "timestamp_raw": ts_raw,
        "timestamp_desc": ts_desc,
        "kind": kind,
        "direction": direction,
        "conversation_id": conv_id,
        "conversation_name": conv_name,
        "sender": sender,
        "sender_name": sender_name,
        "recipients": _recipients_for(ctx, direction, th, sender_id),
        "body": body,
        "attachments": attachments,
        "status": status,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"{table}:_id={mid}",
    }
    blob = row["reactions_blob"]
    if not blob:
        return event
    return [event, *_blob_reactions(row, ctx, blob, event)]


def _blob_reactions(row, ctx, blob, target) -> list[dict]:
    table = ctx.lookups["message_spec"]["table"]
    RL = ctx.lookups["reaction_list"]
    try:
        rl = RL.FromString(bytes(blob))
    except Exception as exc:
        ctx.warn(f"{table}.reactions: not a ReactionList protobuf ({type(exc).__name__})", f"{table}:_id={row['_id']}")
        return []
    out = []
    for i, r in enumerate(rl.reactions):
        out.append(_reaction_event(
            ctx, author=r.author if r.HasField("author") else None, emoji=r.emoji,
            sent=r.sentTime if r.HasField("sentTime") else None,
            received=r.receivedTime if r.HasField("receivedTime") else None,
            sent_col=f"{table}.reactions.sentTime", received_col=f"{table}.reactions.receivedTime",
            thread_id=row["thread_id"], target_locator=target["source_locator"],
            locator=f"{target['source_locator']}/reactions[{i}]"))
    return out


def _reaction_event(ctx, *, author, emoji, sent, received, sent_col, received_col, thread_id, target_locator,
                    locator, extra=None) -> dict:
    me = _self_id(ctx)
    conv_id, conv_name, th = _conversation(ctx, thread_id)
    if me is not None and author is not None:
        direction = OUTGOING if int(author) == me else INCOMING
    elif author is not None and th.get("recipient_id") == int(author) and not _members(ctx, th.get("recipient_id")):
        direction = INCOMING  # the other party of a one-to-one chat (the owner is not known here)
    else:
        direction = None
    if direction == OUTGOING or not received:
        ts_raw, desc, col = sent, SENT, sent_col
    else:
        ts_raw, desc, col = received, RECEIVED, received_col
    ex = dict(extra or {})
    ex["target"] = target_locator
    if desc == SENT:
        _time_extra(ex, ctx, "date_received", received, received_col)
    else:
        _time_extra(ex, ctx, "date_sent", sent, sent_col)
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts_raw, column=col),
        "timestamp_raw": ts_raw,
        "timestamp_desc": desc,
        "kind": "reaction",
        "direction": direction,
        "conversation_id": conv_id,
        "conversation_name": conv_name,
        "sender": _address(ctx, author),
        "sender_name": _name(ctx, author),
        "recipients": _recipients_for(ctx, direction, th, author),
        "body": emoji,
        "extra": ex,
        "source_locator": locator,
    }


def reaction_to_event(row, ctx) -> dict:
    """One ``reaction`` row (with its target's table and thread) -> a reaction event."""
    target_table = row["target_table"]
    return _reaction_event(
        ctx, author=row["author_id"], emoji=row["emoji"], sent=row["date_sent"], received=row["date_received"],
        sent_col="reaction.date_sent", received_col="reaction.date_received", thread_id=row["thread_id"],
        target_locator=f"{target_table}:_id={row['message_id']}", locator=f"reaction:_id={row['_id']}")


def call_to_event(row, ctx) -> dict:
    """One ``call`` row -> a call event."""
    direction = CALL_TABLE_DIRECTION.get(row["direction"])
    media = CALL_TABLE_TYPE.get(row["type"], f"type {row['type']}")
    event_name = CALL_TABLE_EVENT.get(row["event"], f"event {row['event']}")
    peer = row["peer"]
    me = _self_id(ctx)
    thread_id = ctx.lookups["thread_by_recipient"].get(peer)
    conv_id, conv_name, th = _conversation(ctx, thread_id)
    if conv_name is None:
        conv_name = _name(ctx, peer)
    if direction == OUTGOING:
        sender, sender_name = (_address(ctx, me), _name(ctx, me)) if me is not None else (None, None)
        recipients = [a for a in [_address(ctx, peer)] if a]
    else:
        sender, sender_name = _address(ctx, peer), _name(ctx, peer)
        recipients = [a for a in [_address(ctx, me)] if a] if me is not None else []
    extra = {"call_id": row["call_id"], "call_type": media, "event": event_name, "peer": _address(ctx, peer)}
    if row["message_id"] is not None:
        extra["message"] = f"message:_id={row['message_id']}"
    if row["read"] is not None:
        extra["read"] = bool(row["read"])
    if row["ringer"] is not None:
        extra["ringer"] = _address(ctx, row["ringer"])
    deleted = bool(row["deletion_timestamp"]) or row["event"] == 4
    _time_extra(extra, ctx, "deletion", row["deletion_timestamp"], "call.deletion_timestamp")
    dir_word = {INCOMING: "Incoming", OUTGOING: "Outgoing"}.get(direction, "")
    body = f"{dir_word} {media} call ({event_name})".strip()
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp"], column="call.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": direction,
        "conversation_id": conv_id,
        "conversation_name": conv_name,
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body[0].upper() + body[1:],
        "status": CALL_TABLE_STATUS.get(row["event"], event_name),
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"call:_id={row['_id']}",
    }


# ---------------------------------------------------------------------------------------------
# Lookups


def _display_name(r: dict, cols: set[str]) -> str | None:
    def get(c):
        v = r.get(c) if c in cols else None
        return v.strip() if isinstance(v, str) and v.strip() else None

    for c in ("nickname_joined_name", "system_joined_name", "system_display_name"):
        if get(c):
            return get(c)
    given = get("system_given_name")
    if given:
        return " ".join(x for x in (given, get("system_family_name")) if x)
    if get("profile_joined_name"):
        return get("profile_joined_name")
    given = get("profile_given_name") or get("signal_profile_name")
    if given:
        return " ".join(x for x in (given, get("profile_family_name")) if x)
    return get("username")


def _load_recipients(ctx) -> dict[int, dict]:
    cols = ctx.schema.get("recipient", set())
    out = {}
    if not cols:
        return out
    titles = {}
    if ctx.has_columns("groups", "recipient_id", "title"):
        titles = {r[0]: r[1] for r in ctx.rows("SELECT recipient_id, title FROM groups")}
    for r in ctx.rows("SELECT * FROM recipient"):
        r = dict(r)
        rid = r["_id"]
        address = None
        for c in ("e164", "phone", "aci", "uuid", "username", "email", "group_id"):
            if r.get(c):
                address = str(r[c])
                break
        name = titles.get(rid) or _display_name(r, cols)
        out[rid] = {"address": address, "name": name, "group_id": r.get("group_id")}
    return out


def _load_group_members(ctx) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    if ctx.has_columns("group_membership", "group_id", "recipient_id") and ctx.has_columns("groups", "group_id", "recipient_id"):
        sql = ("SELECT g.recipient_id, m.recipient_id FROM group_membership m JOIN groups g ON g.group_id = m.group_id "
               "ORDER BY g.recipient_id, m._id")
        for grp, member in ctx.rows(sql):
            out.setdefault(grp, []).append(member)
    elif ctx.has_columns("groups", "recipient_id", "members"):
        for grp, members in ctx.rows("SELECT recipient_id, members FROM groups"):
            ids = [int(x) for x in str(members or "").split(",") if x.strip().isdigit()]
            if ids:
                out[grp] = ids
    return out


def _load_threads(ctx) -> tuple[dict, dict]:
    col = "recipient_id" if ctx.has_columns("thread", "recipient_id") else (
        "recipient_ids" if ctx.has_columns("thread", "recipient_ids") else None)
    threads, by_recipient = {}, {}
    if col is None:
        return threads, by_recipient
    for tid, rid in ctx.rows(f"SELECT _id, {col} FROM thread"):
        try:
            rid = int(rid) if rid is not None else None
        except (TypeError, ValueError):
            rid = None
        threads[tid] = {"recipient_id": rid, "name": _name(ctx, rid) or _address(ctx, rid)}
        if rid is not None:
            by_recipient.setdefault(rid, tid)
    return threads, by_recipient


def _find_self(ctx):
    """The owner's recipient id: the author of outgoing rows of the current schema."""
    if ctx.has_columns("message", "from_recipient_id", "type"):
        bases = ",".join(str(b) for b in sorted(OUTGOING_BASES))
        row = ctx.rows(f"SELECT from_recipient_id FROM message WHERE (type & {BASE_TYPE_MASK}) IN ({bases}) "
                       f"AND type NOT IN (2, 11) LIMIT 1").fetchone()
        if row is not None:
            return row[0]
    return None


def _quote_locator_factory(ctx, specs):
    cache: dict = {}

    def find(quote_id, author):
        key = (quote_id, author)
        if key in cache:
            return cache[key]
        found = None
        for spec in specs:
            sql = f"SELECT _id FROM {spec['table']} WHERE {spec['sent_col'].split('.')[1]} = ?"
            params = [quote_id]
            if spec["has_from"] and author not in (None, "", 0):
                sql += " AND from_recipient_id = ?"
                params.append(author)
            sql += " LIMIT 1"
            r = ctx.rows(sql, params).fetchone()
            if r is not None:
                found = f"{spec['table']}:_id={r[0]}"
                break
        if len(cache) < 100_000:
            cache[key] = found
        return found

    return find


# ---------------------------------------------------------------------------------------------
# Query building


def _col(ctx, table: str, alias: str, *candidates: str) -> tuple[str, str | None]:
    """``(select expression, the column used)``: the first candidate the table has, else NULL."""
    for c in candidates:
        if ctx.has_columns(table, c):
            return f"{table}.{c} AS {alias}", c
    return f"NULL AS {alias}", None


def _message_spec(ctx, table: str) -> dict:
    sent_candidates = {"message": ("date_sent",), "sms": ("date_sent",), "mms": ("date_sent", "date")}[table]
    recv_candidates = {"message": ("date_received",), "sms": ("date_received", "date"), "mms": ("date_received",)}[table]
    sel = [f"{table}._id AS _id"]
    used = {}
    for alias, cands in (
        ("thread_id", ("thread_id",)),
        ("date_sent", sent_candidates),
        ("date_received", recv_candidates),
        ("date_server", ("date_server",)),
        ("type", ("type", "msg_box")),
        ("body", ("body",)),
        ("sender_id", ("from_recipient_id", "recipient_id", "address")),
        ("read", ("read",)),
        ("delivery_receipt", ("has_delivery_receipt", "delivery_receipt_count")),
        ("read_receipt", ("has_read_receipt", "read_receipt_count")),
        ("viewed_receipt", ("viewed", "viewed_receipt_count")),
        ("expires_in", ("expires_in",)),
        ("expire_started", ("expire_started",)),
        ("quote_id", ("quote_id",)),
        ("quote_author", ("quote_author",)),
        ("quote_body", ("quote_body",)),
        ("quote_missing", ("quote_missing",)),
        ("view_once", ("view_once", "reveal_duration")),
        ("remote_deleted", ("remote_deleted",)),
        ("latest_revision_id", ("latest_revision_id",)),
        ("original_message_id", ("original_message_id",)),
        ("revision_number", ("revision_number",)),
        ("unidentified", ("unidentified",)),
        ("server_guid", ("server_guid",)),
        ("story_type", ("story_type",)),
        ("parent_story_id", ("parent_story_id",)),
        ("scheduled_date", ("scheduled_date",)),
        ("reactions_blob", ("reactions",)),
    ):
        expr, c = _col(ctx, table, alias, *cands)
        sel.append(expr)
        used[alias] = c
    return {
        "table": table,
        "select": ", ".join(sel),
        "sent_col": f"{table}.{used['date_sent'] or sent_candidates[0]}",
        "received_col": f"{table}.{used['date_received'] or recv_candidates[0]}",
        "sender_is_address": used["sender_id"] in ("address", "recipient_id"),
        "has_from": used["sender_id"] == "from_recipient_id",
        "has_type": used["type"] is not None,
    }


def _attachment_query(ctx, table: str):
    """Attachment rows of ``table``'s messages ordered by message id, or None."""
    if table == "message" and ctx.has_columns("attachment", "_id", "message_id"):
        t, ref = "attachment", "message_id"
    elif table in ("message", "mms") and ctx.has_columns("part", "_id", "mid"):
        t, ref = "part", "mid"
    else:
        return None
    cols = [f"{t}._id AS _id", f"{t}.{ref} AS message_id"]
    for alias, cands in (
        ("content_type", ("content_type", "ct")),
        ("data_file", ("data_file", "_data")),
        ("data_size", ("data_size",)),
        ("file_name", ("file_name",)),
        ("transfer_state", ("transfer_state", "pending_push")),
        ("caption", ("caption",)),
        ("voice_note", ("voice_note",)),
        ("quote", ("quote",)),
        ("unique_id", ("unique_id",)),
    ):
        cols.append(_col(ctx, t, alias, *cands)[0])
    order = f"{t}.{ref}, " + (f"{t}.display_order, " if ctx.has_columns(t, "display_order") else "") + f"{t}._id"
    return ctx.db.execute(f"SELECT {', '.join(cols)} FROM {t} WHERE {t}.{ref} IS NOT NULL ORDER BY {order}")


# ---------------------------------------------------------------------------------------------
# The parser


def looks_like_signal(ctx) -> bool:
    return ctx.has_table("thread") and ctx.has_table("recipient") and (
        ctx.has_table("message") or ctx.has_table("sms") or ctx.has_table("mms"))


class SignalAndroidParser(Parser):
    name = "signal_android"
    version = __version__
    app = "signal"
    platform = "android"
    description = (
        "Signal Android signal.db (SQLCipher; decrypted with --key signal=<64-hex DatabaseSecret> or an old "
        "unencrypted secret in the app's shared preferences): messages, reactions, calls, attachments"
    )
    path_globs = ("**/org.thoughtcrime.securesms/databases/signal.db",)
    attachment_globs = ("**/org.thoughtcrime.securesms/app_parts/*",)
    related_globs = {
        "prefs": ("**/org.thoughtcrime.securesms/shared_prefs/org.thoughtcrime.securesms_preferences.xml",),
    }
    required_tables = {"thread": {"_id"}, "recipient": {"_id"}}
    time_units = {
        "message.date_sent": UNIX_MILLISECONDS,
        "message.date_received": UNIX_MILLISECONDS,
        "message.date_server": UNIX_MILLISECONDS,
        "message.expire_started": UNIX_MILLISECONDS,
        "message.quote_id": UNIX_MILLISECONDS,
        "message.scheduled_date": UNIX_MILLISECONDS,
        "sms.date": UNIX_MILLISECONDS,
        "sms.date_sent": UNIX_MILLISECONDS,
        "sms.date_received": UNIX_MILLISECONDS,
        "sms.date_server": UNIX_MILLISECONDS,
        "sms.expire_started": UNIX_MILLISECONDS,
        "sms.reactions.sentTime": UNIX_MILLISECONDS,
        "sms.reactions.receivedTime": UNIX_MILLISECONDS,
        "mms.date": UNIX_MILLISECONDS,
        "mms.date_sent": UNIX_MILLISECONDS,
        "mms.date_received": UNIX_MILLISECONDS,
        "mms.date_server": UNIX_MILLISECONDS,
        "mms.expire_started": UNIX_MILLISECONDS,
        "mms.quote_id": UNIX_MILLISECONDS,
        "mms.reactions.sentTime": UNIX_MILLISECONDS,
        "mms.reactions.receivedTime": UNIX_MILLISECONDS,
        "reaction.date_sent": UNIX_MILLISECONDS,
        "reaction.date_received": UNIX_MILLISECONDS,
        "call.timestamp": UNIX_MILLISECONDS,
        "call.deletion_timestamp": UNIX_MILLISECONDS,
    }
    references = (
        "signalapp/Signal-Android MessageTable.kt, ThreadTable.kt, RecipientTable.kt, AttachmentTable.kt, CallTable.kt, "
        "GroupTable.kt, ReactionTable.kt (shared/reference/ddl/signal_android_current.sql, commits in its header)",
        "signalapp/Signal-Android MessageTypes.java @ 9746bcfe (type bit field); MmsSmsColumns.Types (same layout); "
        "bepaald/signalbackup-tools msgtypes/msgtypes.h @ 82ee591f (special types 0x5, 0x6, 0x9)",
        "signalapp/Signal-Android SmsDatabase.java @ bcd4b096, MmsDatabase.java / AttachmentDatabase.java / "
        "ThreadDatabase.java @ 88c51031, RecipientDatabase.java @ 0093e1d3, GroupDatabase.java @ e10284bd (legacy)",
        "project notes formats.md 3.3 (SQLCipher settings, DatabaseSecret), apps.md (ALEAPP signalAndroid.py)",
        "bepaald/signalbackup-tools reactionlist.h (legacy reactions BLOB)",
    )

    def check_file(self, ctx) -> str | None:
        return check_encrypted_store(ctx, "signal.db", looks_like_signal, "Signal Android")

    # -- decryption ------------------------------------------------------------------------
    def parse(self, ctx):
        if is_plain(ctx):
            yield from self.parse_plain(ctx)
            return
        yield from self._decrypt_and_parse(ctx)

    @staticmethod
    def _candidate_keys(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        keys, notes = [], []
        for n, material in enumerate(ctx.keys("signal"), 1):
            value = material.strip()
            if _HEX64.match(value):
                keys.append((f"--key signal #{n}", value))
            elif _BACKUP_PASSPHRASE.match(value) and len(value.replace(" ", "")) == 30:
                notes.append(f"--key signal #{n} is a 30-digit .backup passphrase, which does not open signal.db")
            else:
                notes.append(f"--key signal #{n} is not a 64-hex-digit DatabaseSecret")
        for sf in ctx.related("prefs"):
            try:
                tree = ET.parse(sf.local_path)
            except (ET.ParseError, OSError) as exc:
                notes.append(f"{sf.path} cannot be read ({exc})")
                continue
            found = {el.get("name"): (el.text or "").strip() for el in tree.getroot() if el.get("name")}
            secret = found.get(PREFS_UNENCRYPTED_SECRET)
            if secret and _HEX64.match(secret):
                keys.append((f"{sf.path} {PREFS_UNENCRYPTED_SECRET}", secret))
            elif found.get(PREFS_ENCRYPTED_SECRET):
                keystore_keys = ctx.keys("signal_keystore")
                if not keystore_keys:
                    notes.append(f"{sf.path} holds only {PREFS_ENCRYPTED_SECRET}, sealed by the Android Keystore "
                                 "(key alias SignalSecret): give that AES key from a keystore extraction as "
                                 "--key signal_keystore=<hex>, or the DatabaseSecret itself")
                for n, material in enumerate(keystore_keys, 1):
                    label = f"{sf.path} {PREFS_ENCRYPTED_SECRET} unsealed with --key signal_keystore #{n}"
                    try:
                        keys.append((label, unseal_secret(found[PREFS_ENCRYPTED_SECRET], material)))
                    except ValueError as exc:
                        notes.append(f"--key signal_keystore #{n} does not unseal {PREFS_ENCRYPTED_SECRET}: {exc}")
        out, seen = [], set()
        for label, key in keys:
            for variant in (key, key.lower()):
                if variant not in seen:
                    seen.add(variant)
                    out.append((label, variant))
        return out, notes

    def _decrypt_and_parse(self, ctx):
        need = ("the app's DatabaseSecret as 64 hex digits (--key signal=HEX; it is sealed by the Android "
                "Keystore in shared_prefs/org.thoughtcrime.securesms_preferences.xml "
                f"{PREFS_ENCRYPTED_SECRET}, so it has to come from the device's keystore or memory)")
        keys, notes = self._candidate_keys(ctx)
        if not keys:
            ctx.warn("cannot decrypt: signal.db is SQLCipher-encrypted and no key was given; needed: " + need
                     + ("; " + "; ".join(notes) if notes else ""))
            return
        hint = "needed: " + need + ("; " + "; ".join(notes) if notes else "")
        opened = open_sqlcipher(ctx, keys, settings=signal_sqlcipher_settings(), scratch_name="signal.db", hint=hint)
        if opened is not None:
            yield from parse_opened(opened, self, lambda dctx, provenance: with_provenance(self.parse_plain(dctx), provenance),
                                    "Signal Android")

    # -- the plain database ----------------------------------------------------------------
    def parse_plain(self, ctx):
        """Events of a plain (decrypted) signal.db seen through ``ctx``."""
        try:
            tables = [t for t in ("message", "sms", "mms") if ctx.has_columns(t, "_id")]
        except sqlite3.DatabaseError as exc:
            ctx.warn(f"cannot be opened as SQLite: {exc}")
            return
        if not tables or not (ctx.has_table("thread") and ctx.has_table("recipient")):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn(f"unknown schema version: no Signal message tables (message or sms/mms with thread and "
                     f"recipient); tables: {have}")
            return
        lk = ctx.lookups
        lk["recipients"] = _load_recipients(ctx)
        lk["group_members"] = _load_group_members(ctx)
        lk["threads"], lk["thread_by_recipient"] = _load_threads(ctx)
        lk["self_id"] = _find_self(ctx)
        lk["call_message_ids"] = set()
        if ctx.has_columns("call", "_id", "message_id"):
            lk["call_message_ids"] = {r[0] for r in ctx.rows("SELECT message_id FROM call WHERE message_id IS NOT NULL")}
        specs = [_message_spec(ctx, t) for t in tables]
        lk["quote_locator"] = _quote_locator_factory(ctx, specs)
        if any(ctx.has_columns(t, "reactions") for t in tables):
            from artefacts.protos import load_schema

            lk["reaction_list"] = load_schema("signal_backups.proto").message("ReactionList")
        for spec in specs:
            if not spec["has_type"]:
                ctx.warn(f"unknown schema version: table {spec['table']} has no type/msg_box column")
                continue
            lk["message_spec"] = spec
            table = spec["table"]
            parents = ctx.rows(f"SELECT {spec['select']} FROM {table} ORDER BY {table}._id")
            att = _attachment_query(ctx, table)
            rows = attach_children(parents, "_id", {"attachments": (att if att is not None else (), "message_id")})
            yield from ctx.map_rows(rows, message_to_events, table=table, id_column="_id")
        if ctx.has_columns("reaction", "_id", "message_id", "author_id", "emoji"):
            yield from self._reactions(ctx, tables)
        if ctx.has_columns("call", "_id", "peer", "timestamp"):
            opt = ", ".join(ctx.column_or_null("call", c) for c in (
                "call_id", "message_id", "type", "direction", "event", "ringer", "deletion_timestamp", "read"))
            sql = f"SELECT call._id AS _id, call.peer AS peer, call.timestamp AS timestamp, {opt} FROM call ORDER BY call._id"
            yield from ctx.map_rows(sql, call_to_event, table="call", id_column="_id")

    @staticmethod
    def _reactions(ctx, tables):
        ds = ctx.column_or_null("reaction", "date_sent", prefix="r")
        dr = ctx.column_or_null("reaction", "date_received", prefix="r")
        base = f"SELECT r._id AS _id, r.message_id AS message_id, r.author_id AS author_id, r.emoji AS emoji, {ds}, {dr}"
        if ctx.has_columns("reaction", "is_mms"):
            sql = (f"{base}, CASE WHEN r.is_mms THEN 'mms' ELSE 'sms' END AS target_table, "
                   f"CASE WHEN r.is_mms THEN (SELECT thread_id FROM mms WHERE mms._id = r.message_id) "
                   f"ELSE (SELECT thread_id FROM sms WHERE sms._id = r.message_id) END AS thread_id "
                   f"FROM reaction r ORDER BY r._id")
            if not (ctx.has_table("mms") and ctx.has_table("sms")):
                sql = f"{base}, CASE WHEN r.is_mms THEN 'mms' ELSE 'sms' END AS target_table, NULL AS thread_id FROM reaction r ORDER BY r._id"
        else:
            target = "message" if "message" in tables else tables[0]
            sql = (f"{base}, '{target}' AS target_table, m.thread_id AS thread_id FROM reaction r "
                   f"LEFT JOIN {target} m ON m._id = r.message_id ORDER BY r._id")
        yield from ctx.map_rows(sql, reaction_to_event, table="reaction", id_column="_id")


@hookimpl
def register_parsers(register):
    register(SignalAndroidParser)
