"""Session (Session Foundation, formerly Oxen/Loki) for Android: ``network.loki.messenger/databases/session.db``.

The app is a fork of Signal Android's 2020 code (the ``sms`` / ``thread`` / ``groups`` tables and the
``MmsSmsColumns.Types`` bit field are Signal's). Encryption (session-foundation/session-android
``app/src/main/java/org/thoughtcrime/securesms/database/helpers/SQLCipherOpenHelper.java``): ``DATABASE_NAME =
"session.db"``, net.zetetic sqlcipher-android (SQLCipher 4 defaults) with ``PRAGMA kdf_iter = 1`` and ``PRAGMA
cipher_page_size = 4096``, the password ``DatabaseSecret.asString()`` - the 32-byte secret as 64 hex digits
(``crypto/DatabaseSecretProvider.kt``: the secret is kept in the preferences sealed by the Android Keystore, or, on
very old installs, in clear as ``pref_database_unencrypted_secret``; ALEAPP ``sessionMessenger.py`` does not decrypt
it for that reason). Give it as ``--key session=<64 hex digits>``; a secret kept in clear in the preferences is
used too. The preferences are the default SharedPreferences file ``shared_prefs/network.loki.messenger_preferences.xml``
(ALEAPP's glob; ``org.session.libsession.utilities.TextSecurePreferences``: ``getDefaultSharedPreferences``,
``LOCAL_NUMBER_PREF = "pref_local_number"`` - the owner's Session ID, the sender of outgoing rows -,
``DATABASE_UNENCRYPTED_SECRET = "pref_database_unencrypted_secret"``). A plain (already decrypted) copy is parsed
directly.

Tables (real DDL assembled in ``artefacts/synthetic/ddl/session_android.sql`` from ``SmsDatabase.java``,
``ThreadDatabase.java``, ``RecipientSettingsDatabase.kt``, ``GroupDatabase.java``, ``MmsSmsColumns.java``):

* ``sms(_id, thread_id, address, date, date_sent, read, type, delivery_receipt_count, read_receipt_count, body,
  expires_in, expire_started, has_mention)``. ``SmsDatabase.insertMessageInbox`` stores the **sender** in
  ``address`` (in groups too) and ``insertMessageOutbox`` the **recipient** (contact or group); ``date_sent`` is the
  sender's time and ``date`` the server timestamp (or the sent time), both ms since 1970; ``expires_in`` and
  ``expire_started`` are ms.
* ``type`` (``MmsSmsColumns.Types``): base type ``type & 0x1F`` - 1 incoming call, 2 outgoing call, 3 missed call,
  4 joined, 5 first missed call, 19 deleted incoming, 20 inbox, 21 outbox, 22 sending, 23 sent, 24 sent failed, 25/26
  pending SMS fallback, 27 draft, 28 deleted outgoing, 29 syncing, 30 resyncing, 31 sync failed; flags 0x80000
  group update message, 0x10000 group update, 0x20000 group quit, 0x04000 open group invitation, 0x02000 screenshot,
  0x01000 media saved, 0x800000 secure, 0x200000 push.
* ``thread(_id, recipient_ids)``: the conversation's address - a Session ID (``05`` + 64 hex) or
  ``"__textsecure_group__!<hex>"`` for a legacy closed group (``GroupUtil.kt`` ``LEGACY_CLOSED_GROUP_PREFIX``);
  ``groups(group_id, title, members, admins)`` with comma-separated member addresses (``GroupDatabase.create``);
  display names from ``recipient_settings(address, name)`` (current) or ``recipient_preferences(recipient_ids,
  system_display_name, signal_profile_name)`` (before it; ``RecipientSettingsDatabase.MIGRATE_MOVE_DATA_FROM_OLD_TABLE``).

* ``mms(_id, thread_id, date, date_received, msg_box, body, address, quote_id, quote_author, ...)``
  (``MmsDatabase.kt``): media messages; ``date`` is the sent time (``DATE_SENT = "date"``), ``msg_box`` the same
  type bit field, ``address`` as in ``sms``; ``quote_id`` is the quoted message's sent time and ``quote_author``
  its sender (the app finds the quoted message by both). ``part(mid, ct, _data, data_size, file_name, quote,
  caption)`` (``AttachmentDatabase.java``): ``_data`` is the file's absolute path on the device (``app_parts/``,
  encrypted with the attachment secret, so it is listed and hashed, not decrypted); ``quote = 1`` rows are a
  quote's thumbnail and are not the message's attachments.

Not read: communities' addresses, reactions, link previews, ``message_content`` JSON.
Without the preferences file outgoing rows carry no sender.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from artefacts import hookimpl
from artefacts.decoders.sqlcipher import APP_SETTINGS
from artefacts.encrypted import check_encrypted_store, parse_store
from artefacts.events import INCOMING, OUTGOING, SENT
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

DB_NAME = "session.db"
KEY_APP = "session"
_HEX64 = re.compile(r"^[0-9A-Fa-f]{64}$")
PREF_LOCAL_NUMBER = "pref_local_number"
PREF_UNENCRYPTED_SECRET = "pref_database_unencrypted_secret"
PREFS_GLOB = "**/network.loki.messenger/shared_prefs/network.loki.messenger_preferences.xml"
REQUIRED = ("_id", "thread_id", "address", "date_sent", "type", "body")

BASE_TYPE_MASK = 0x1F
#: base type -> (kind, direction, status, deleted)
BASE_TYPES = {
    1: ("call", INCOMING, "incoming", False),
    2: ("call", OUTGOING, "outgoing", False),
    3: ("call", INCOMING, "missed", False),
    4: ("system", None, "joined", False),
    5: ("call", INCOMING, "missed (first)", False),
    19: ("message", INCOMING, None, True),
    20: ("message", INCOMING, None, False),
    21: ("message", OUTGOING, "pending", False),
    22: ("message", OUTGOING, "sending", False),
    23: ("message", OUTGOING, "sent", False),
    24: ("message", OUTGOING, "failed", False),
    25: ("message", OUTGOING, "pending", False),
    26: ("message", OUTGOING, "pending", False),
    27: ("message", OUTGOING, "draft", False),
    28: ("message", OUTGOING, None, True),
    29: ("message", OUTGOING, "syncing", False),
    30: ("message", OUTGOING, "resyncing", False),
    31: ("message", OUTGOING, "sync failed", False),
}
#: flag bits -> extra key (MmsSmsColumns.Types)
FLAGS = {0x80000: "group_update_message", 0x10000: "group_update", 0x20000: "group_quit",
         0x04000: "open_group_invitation", 0x02000: "screenshot_notification", 0x01000: "media_saved_notification"}
SYSTEM_FLAGS = 0x80000 | 0x10000 | 0x20000 | 0x02000 | 0x01000
OPTIONAL = ("date", "read", "delivery_receipt_count", "read_receipt_count", "expires_in", "expire_started",
            "has_mention")
MMS_REQUIRED = ("_id", "thread_id", "address", "date", "msg_box", "body")
MMS_OPTIONAL = ("date_received", "read", "delivery_receipt_count", "read_receipt_count", "expires_in", "expire_started",
                "has_mention", "quote_id", "quote_author", "quote_missing")


#: the column names that differ between the two message tables: (type, sent time, received time)
TABLE_COLUMNS = {"sms": ("type", "date_sent", "date"), "mms": ("msg_box", "date", "date_received")}


def sms_to_event(row, ctx) -> dict:
    """One ``sms`` row -> one timeline event."""
    return _message_event(row, ctx, "sms")


def mms_to_event(row, ctx) -> dict:
    """One ``mms`` row (a media message: attachments in ``part``, maybe a quote) -> one timeline event."""
    ev = _message_event(row, ctx, "mms")
    look = ctx.lookups["session_android"]
    atts = look["parts"].get(row["_id"], [])
    ev["attachments"] = [ctx.attachment(a["_data"], name=a["file_name"], mime_type=a["ct"], size=a["data_size"])
                         for a in atts]
    captions = [a["caption"] for a in atts if a["caption"]]
    if captions:
        ev["extra"]["captions"] = captions
    if row["quote_id"]:
        quote = {"timestamp_raw": row["quote_id"], "author": row["quote_author"],
                 "time": ctx.time(UNIX_MILLISECONDS, row["quote_id"], column="mms.quote_id")}
        if row["quote_missing"]:
            quote["missing"] = True
        quoted = look["by_sent_time"].get((row["quote_id"], row["quote_author"]))
        if quoted is not None:
            quote["quoted_locator"], quote["text"] = quoted
        ev["extra"]["quote"] = quote
    return ev


def _message_event(row, ctx, table: str) -> dict:
    look = ctx.lookups["session_android"]
    type_col, sent_col, received_col = TABLE_COLUMNS[table]
    raw_type = row[type_col] or 0
    base = raw_type & BASE_TYPE_MASK
    kind, direction, status, deleted = BASE_TYPES.get(base, ("other", None, None, False))
    extra: dict = {"type_raw": raw_type, "base_type": base}
    for bit, key in FLAGS.items():
        if raw_type & bit:
            extra[key] = True
    if raw_type & SYSTEM_FLAGS and kind == "message":
        kind = "system"
    conv = look["threads"].get(row["thread_id"])
    members = look["members"].get(conv, [])
    sender, recipients = None, []
    if direction == OUTGOING:
        sender = look["self"]
    if direction == INCOMING:
        sender = row["address"]
        status = status or (None if row["read"] is None else ("read" if row["read"] else "unread"))
    elif direction == OUTGOING:
        recipients = [m for m in members if m != look["self"]] if members else [row["address"]]
        if status == "sent" and row["read_receipt_count"]:
            status = "read"
        elif status == "sent" and row["delivery_receipt_count"]:
            status = "delivered"
    if row[received_col]:
        extra["received_time"] = ctx.time(UNIX_MILLISECONDS, row[received_col], column=f"{table}.{received_col}")
        extra["received_raw"] = row[received_col]
    if row["expires_in"]:
        extra["expires_in_ms"] = row["expires_in"]
        if row["expire_started"]:
            extra["expire_started_time"] = ctx.time(UNIX_MILLISECONDS, row["expire_started"],
                                                    column=f"{table}.expire_started")
            extra["expire_started_raw"] = row["expire_started"]
    if row["has_mention"]:
        extra["has_mention"] = True
    body = row["body"]
    if kind == "call":
        body = f"Call, {status}"
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row[sent_col], column=f"{table}.{sent_col}"),
        "timestamp_raw": row[sent_col],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": direction,
        "conversation_id": conv,
        "conversation_name": look["names"].get(conv),
        "sender": sender,
        "sender_name": look["names"].get(sender) if sender else None,
        "recipients": recipients,
        "body": body,
        "status": status,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"{table}:_id={row['_id']}",
    }


def _lookups(ctx) -> dict:
    names: dict = {}
    if ctx.has_columns("recipient_settings", "address", "name"):
        for address, name in ctx.rows("SELECT address, name FROM recipient_settings"):
            if name:
                names[address] = name
    elif ctx.has_columns("recipient_preferences", "recipient_ids", "system_display_name", "signal_profile_name"):
        for address, name in ctx.rows("SELECT recipient_ids, ifnull(nullif(system_display_name, ''), "
                                      "signal_profile_name) FROM recipient_preferences"):
            if name:
                names[address] = name
    members: dict = {}
    if ctx.has_columns("groups", "group_id", "title", "members"):
        for gid, title, member_list in ctx.rows("SELECT group_id, title, members FROM groups"):
            members[gid] = [m for m in (member_list or "").split(",") if m]
            if title:
                names.setdefault(gid, title)
    threads = {}
    if ctx.has_columns("thread", "_id", "recipient_ids"):
        threads = dict(ctx.rows("SELECT _id, recipient_ids FROM thread"))
    parts: dict = {}
    if ctx.has_columns("part", "mid", "ct", "_data", "data_size", "file_name"):
        quote = ctx.column_or_null("part", "quote")
        caption = ctx.column_or_null("part", "caption")
        for r in ctx.rows(f"SELECT _id, mid, ct, _data, data_size, file_name, {quote}, {caption} FROM part ORDER BY _id"):
            if not r["quote"]:  # a quote's thumbnail belongs to the quoted message
                parts.setdefault(r["mid"], []).append(r)
    by_sent_time: dict = {}  # (sent time, sender) -> (locator, body): how the app finds a quoted message
    for table, (type_col, sent_col, _received) in TABLE_COLUMNS.items():
        if ctx.has_columns(table, "_id", "address", "body", type_col, sent_col):
            for rid, sent, address, body, raw_type in ctx.rows(
                    f"SELECT _id, {sent_col}, address, body, {type_col} FROM {table}"):
                incoming = BASE_TYPES.get((raw_type or 0) & BASE_TYPE_MASK, (None, None))[1] == INCOMING
                by_sent_time[(sent, address if incoming else ctx.lookups.get("session_self"))] = (f"{table}:_id={rid}", body)
    return {"names": names, "members": members, "threads": threads, "self": ctx.lookups.get("session_self"),
            "parts": parts, "by_sent_time": by_sent_time}


def read_prefs(ctx) -> tuple[dict, list[str]]:
    """The string entries of the app's preferences file next to the database (the closest one), and problems."""
    for sf in ctx.related("prefs"):
        try:
            root = ET.parse(sf.local_path).getroot()
        except (ET.ParseError, OSError) as exc:
            return {}, [f"{sf.path} cannot be read ({exc})"]
        return {el.get("name"): (el.text or "").strip() for el in root if el.tag == "string" and el.get("name")}, []
    return {}, []


class SessionAndroidParser(Parser):
    name = "session_android"
    version = __version__
    app = "session"
    platform = "android"
    description = ("Session for Android session.db (SQLCipher 4, kdf_iter 1; key: --key session=<64 hex DatabaseSecret>): "
                   "one-to-one and closed-group messages (sms, mms with attachments and quotes), calls, names")
    path_globs = ("**/network.loki.messenger/databases/session.db",)
    attachment_globs = ("**/network.loki.messenger/app_parts/*",)
    tables = {"sms": set(REQUIRED), "thread": {"_id", "recipient_ids"}}
    related_globs = {"prefs": (PREFS_GLOB,)}
    time_units = {"sms.date_sent": UNIX_MILLISECONDS, "sms.date": UNIX_MILLISECONDS,
                  "sms.expire_started": UNIX_MILLISECONDS, "mms.date": UNIX_MILLISECONDS,
                  "mms.date_received": UNIX_MILLISECONDS, "mms.expire_started": UNIX_MILLISECONDS,
                  "mms.quote_id": UNIX_MILLISECONDS}
    references = (
        "session-foundation/session-android app/src/main/java/org/thoughtcrime/securesms/database/helpers/"
        "SQLCipherOpenHelper.java (session.db, kdf_iter 1, page 4096), crypto/DatabaseSecretProvider.kt",
        "session-foundation/session-android database/SmsDatabase.java, MmsDatabase.kt, AttachmentDatabase.java, "
        "MmsSmsColumns.java (Types), ThreadDatabase.java, "
        "RecipientSettingsDatabase.kt, GroupDatabase.java; libsession GroupUtil.kt (artefacts/synthetic/ddl/session_android.sql)",
        "abrignoni/ALEAPP scripts/artifacts/sessionMessenger.py (app folder; database not decrypted)",
    )

    def check_file(self, ctx) -> str | None:
        return check_encrypted_store(ctx, DB_NAME, lambda c: c.has_columns("sms", *REQUIRED)
                                     and c.has_columns("thread", "recipient_ids"), "Session")

    def parse(self, ctx):
        prefs, notes = read_prefs(ctx)
        ctx.lookups["session_self"] = prefs.get(PREF_LOCAL_NUMBER) or None
        keys = []
        for n, material in enumerate(ctx.keys(KEY_APP), 1):
            value = material.strip()
            if _HEX64.match(value):
                keys.append((f"--key session #{n}", value.lower()))
            else:
                notes.append(f"--key session #{n} is not a 64-hex-digit DatabaseSecret")
        if _HEX64.match(prefs.get(PREF_UNENCRYPTED_SECRET, "")):
            keys.append((f"shared_prefs {PREF_UNENCRYPTED_SECRET}", prefs[PREF_UNENCRYPTED_SECRET].lower()))
        yield from parse_store(
            ctx, self, keys_and_notes=(keys, notes), settings=APP_SETTINGS["session-android"], scratch_name=DB_NAME,
            need="the app's DatabaseSecret as 64 hex digits (--key session=HEX; the app keeps it sealed by the "
                 "Android Keystore in its preferences as pref_database_encrypted_secret)",
            what="Session Android",
            before=lambda dctx, _prov: dctx.lookups.update(session_self=ctx.lookups["session_self"]))

    def parse_plain(self, ctx):
        if not (ctx.has_columns("sms", *REQUIRED) and ctx.has_columns("thread", "_id", "recipient_ids")):
            ctx.warn(f"unknown schema version: no Session tables sms({', '.join(REQUIRED)}) and thread(_id, recipient_ids)")
            return
        ctx.lookups["session_android"] = _lookups(ctx)
        cols = ", ".join(ctx.column_or_null("sms", c) for c in OPTIONAL)
        yield from ctx.map_rows(f"SELECT {', '.join(REQUIRED)}, {cols} FROM sms ORDER BY _id", sms_to_event,
                                table="sms", id_column="_id")
        if ctx.has_columns("mms", *MMS_REQUIRED):
            cols = ", ".join(ctx.column_or_null("mms", c) for c in MMS_OPTIONAL)
            yield from ctx.map_rows(f"SELECT {', '.join(MMS_REQUIRED)}, {cols} FROM mms ORDER BY _id", mms_to_event,
                                    table="mms", id_column="_id")
        elif ctx.has_table("mms"):
            ctx.warn(f"unknown schema version: table mms lacks some of {', '.join(MMS_REQUIRED)}; media messages not read")


@hookimpl
def register_parsers(register):
    register(SessionAndroidParser)
