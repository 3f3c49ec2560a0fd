"""Signal for iOS: the GRDB database ``grdb/signal.sqlite`` in the app group container.

The container is the app group ``group.org.whispersystems.signal.group`` (on disk
``private/var/mobile/Containers/Shared/AppGroup/<UUID>/``); it holds ``grdb/signal.sqlite`` (+ ``-wal``)
and ``Attachments/`` (iLEAPP ``signalIOS.py`` globs ``*/AppGroup/*/grdb*/signal.sqlite*`` and
``*/AppGroup/*/Attachments/*``; Signal-iOS ``TSAttachmentStream.m`` ``sharedDataAttachmentsDirPath`` =
app shared data directory + ``Attachments``). ``model_TSAttachment.localRelativeFilePath`` is taken
relative to that ``Attachments`` folder.

Encryption (Signal-iOS ``SignalServiceKit/src/Storage/Database/GRDBDatabaseStorageAdapter.swift``):
SQLCipher (GRDBCipher, SQLCipher 4 defaults: HMAC/KDF SHA-512, page 4096, as iLEAPP states), opened
with ``PRAGMA key = "x'<96 hex>'"`` - the keychain item is **48 bytes: a 32-byte raw key followed by
the 16-byte salt** - and ``PRAGMA cipher_plaintext_header_size = 32``: the first 32 bytes of the file
stay plaintext (``SQLite format 3``), so the salt is not in the file and the 96-digit key spec is
needed. Give it as ``--key signal_ios=<96 hex>`` (``x'…'`` accepted; 64 hex digits open only a
database that is encrypted from byte 0). A plain database is parsed directly. A database that no key
opens gives one warning and no events.

Tables and codes (Signal-iOS ``SignalServiceKit/Resources/schema.sql`` @ 026b02c2, the project
reference DDL; later versions add columns, read through ``ctx.column_or_null``):

* ``model_TSInteraction.recordType`` = ``SDSRecordType`` (``SDSRecordType.swift``): 19 incoming
  message, 21 outgoing message, 20 call (``TSCall``), 65 group call, 10 info, 9 error, 28
  disappearing-messages configuration, 13 verification state change, 1/17/23 identity-key errors,
  54 unknown protocol version, 70 recoverable decryption placeholder, 75/78 incoming (archived)
  payment, 68/79 outgoing (archived) payment, 5/7/22/25 offers, 4 unread indicator.
* ``TSCall.callType`` = ``RPRecentCallType`` (``TSCall.h``): 1 incoming, 2 outgoing, 3 incoming
  missed, 4 outgoing incomplete, 5 incoming incomplete, 6 incoming missed because of changed
  identity, 7 incoming declined, 8 outgoing missed, 9 incoming answered elsewhere, 10 incoming
  declined elsewhere, 11 incoming busy elsewhere; ``offerType`` ``TSRecentCallOfferType`` 0 audio,
  1 video.
* ``storedMessageState`` = ``TSOutgoingMessageState`` (``TSOutgoingMessage.h``): 0 sending, 1
  failed, 2 sent (obsolete), 3 delivered (obsolete), 4 sent, 5 pending.
* ``model_TSThread.recordType``: 27 contact thread, 26 group thread, 72 private story thread, 80
  release-notes thread. The group title is ``groupModel.groupName`` (``TSGroupModel.h``).
* Times: ``timestamp`` (sent), ``receivedAtTimestamp``, ``serverTimestamp``,
  ``serverDeliveryTimestamp``, ``expireStartedAt``, ``expiresAt``: ms since 1970 UTC;
  ``expiresInSeconds``: seconds.
* ``attachmentIds``, ``quotedMessage``, ``groupModel`` are NSKeyedArchiver binary plists
  (``SDSSerializer.optionalArchive``); the Mantle models are archived property by property, so
  ``TSQuotedMessage`` gives ``timestamp``/``timestampValue`` and ``body``, ``TSGroupModel``
  ``groupName``. ``model_TSAttachment.recordType`` 3 pointer (not downloaded), 18 stream (file on the
  device), 6 base attachment (``TSAttachmentMigration`` ``V1Attachment``).

Not read: reactions (``model_OWSReaction``, not in the reference DDL), the 2024+ attachment tables
(``Attachment`` / ``MessageAttachmentReference``; one warning when they are present), the owner's own
number (kept in the ``keyvalue`` table, not in the reference DDL), group member lists.
"""

from __future__ import annotations

import plistlib

from artefacts import hookimpl
from artefacts.encrypted import header_layout, parse_keyspec_store
from artefacts.events import INCOMING, OUTGOING, SENT
from artefacts.events import container_attachment, time_pair
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

CALL_TIME = "Call Time"

#: SDSRecordType (SDSRecordType.swift) of interactions -> (kind, direction, name)
INTERACTION_TYPES = {
    1: ("system", None, "invalidIdentityKeyReceivingErrorMessage"),
    4: ("system", None, "unreadIndicatorInteraction"),
    5: ("system", None, "unknownContactBlockOfferMessage"),
    7: ("system", None, "addToProfileWhitelistOfferMessage"),
    9: ("system", None, "errorMessage"),
    10: ("system", None, "infoMessage"),
    11: ("message", None, "message"),
    13: ("system", None, "verificationStateChangeMessage"),
    16: ("other", None, "interaction"),
    17: ("system", None, "invalidIdentityKeyErrorMessage"),
    19: ("message", INCOMING, "incomingMessage"),
    20: ("call", None, "call"),
    21: ("message", OUTGOING, "outgoingMessage"),
    22: ("system", None, "contactOffersInteraction"),
    23: ("system", None, "invalidIdentityKeySendingErrorMessage"),
    25: ("system", None, "addToContactsOfferMessage"),
    28: ("system", None, "disappearingConfigurationUpdateInfoMessage"),
    54: ("system", None, "unknownProtocolVersionMessage"),
    65: ("call", None, "groupCallMessage"),
    68: ("message", OUTGOING, "outgoingPaymentMessage"),
    70: ("system", None, "recoverableDecryptionPlaceholder"),
    75: ("message", INCOMING, "incomingPaymentMessage"),
    76: ("system", None, "paymentActivationRequestMessage"),
    77: ("system", None, "paymentActivationRequestFinishedMessage"),
    78: ("message", INCOMING, "incomingArchivedPaymentMessage"),
    79: ("message", OUTGOING, "outgoingArchivedPaymentMessage"),
}
#: RPRecentCallType (TSCall.h) -> (direction, status)
CALL_TYPES = {
    1: (INCOMING, "accepted"),
    2: (OUTGOING, "accepted"),
    3: (INCOMING, "missed"),
    4: (OUTGOING, "incomplete"),
    5: (INCOMING, "incomplete"),
    6: (INCOMING, "missed (identity changed)"),
    7: (INCOMING, "declined"),
    8: (OUTGOING, "missed"),
    9: (INCOMING, "answered elsewhere"),
    10: (INCOMING, "declined elsewhere"),
    11: (INCOMING, "busy elsewhere"),
}
OFFER_TYPES = {0: "Audio", 1: "Video"}
#: TSOutgoingMessageState (TSOutgoingMessage.h)
OUTGOING_STATES = {0: "sending", 1: "failed", 2: "sent", 3: "delivered", 4: "sent", 5: "pending"}
#: model_TSThread.recordType (SDSRecordType)
THREAD_TYPES = {2: "thread", 26: "group", 27: "private", 72: "private story", 80: "release notes"}
#: model_TSAttachment.recordType (TSAttachmentMigration.V1Attachment)
ATTACHMENT_RECORD_TYPES = {3: "pointer (not downloaded)", 18: "stream (downloaded)", 6: "attachment"}

INTERACTION_OPTIONAL = (
    "authorPhoneNumber", "authorUUID", "authorId", "body", "callType", "offerType", "attachmentIds",
    "quotedMessage", "isViewOnceMessage", "isViewOnceComplete", "wasRemotelyDeleted", "expiresInSeconds",
    "expireStartedAt", "expiresAt", "read", "viewed", "storedMessageState", "serverTimestamp",
    "serverDeliveryTimestamp", "messageType", "errorType", "isVoiceMessage", "sourceDeviceId", "eraId",
    "creatorUuid", "hasEnded", "serverGuid", "isFromLinkedDevice", "configurationDurationSeconds",
    "configurationIsEnabled",
)
ATTACHMENT_COLUMNS = ("id", "recordType", "uniqueId", "albumMessageId", "contentType", "byteCount", "sourceFilename",
                      "localRelativeFilePath", "caption", "attachmentType")



# ---------------------------------------------------------------------------------------------
# NSKeyedArchiver


class ArchiveError(ValueError):
    """A blob that is not a decodable NSKeyedArchiver archive."""


def unarchive(blob) -> object:
    """Decode an NSKeyedArchiver binary plist into plain Python values.

    Arrays (``NS.objects``) become lists, dictionaries (``NS.keys``/``NS.objects``) dicts, strings and
    data stay strings and bytes, any other object a dict of its keys plus ``"$class"``.
    """
    if not isinstance(blob, (bytes, bytearray)) or not blob:
        raise ArchiveError("not a blob")
    try:
        data = plistlib.loads(bytes(blob))
    except Exception as exc:  # plistlib raises several types
        raise ArchiveError(f"not a property list: {exc}") from None
    if not isinstance(data, dict) or data.get("$archiver") != "NSKeyedArchiver":
        raise ArchiveError("not an NSKeyedArchiver archive")
    objects = data.get("$objects")
    top = data.get("$top")
    if not isinstance(objects, list) or not isinstance(top, dict) or not top:
        raise ArchiveError("archive without $objects/$top")
    root = top.get("root", next(iter(top.values())))
    memo: dict[int, object] = {}

    def ref(value, depth):
        if isinstance(value, plistlib.UID):
            idx = value.data
            if idx in memo:
                return memo[idx]
            if not 0 <= idx < len(objects):
                raise ArchiveError(f"reference {idx} out of range")
            memo[idx] = None  # breaks cycles
            memo[idx] = obj(objects[idx], depth + 1)
            return memo[idx]
        return obj(value, depth + 1)

    def obj(value, depth):
        if depth > 64:
            raise ArchiveError("archive nested too deeply")
        if value == "$null":
            return None
        if isinstance(value, list):
            return [ref(v, depth) for v in value]
        if not isinstance(value, dict):
            return value
        cls = value.get("$class")
        classname = None
        if isinstance(cls, plistlib.UID) and 0 <= cls.data < len(objects) and isinstance(objects[cls.data], dict):
            classname = objects[cls.data].get("$classname")
        if "NS.keys" in value and "NS.objects" in value:
            keys, values = value["NS.keys"], value["NS.objects"]
            if not isinstance(keys, list) or not isinstance(values, list) or len(keys) != len(values):
                raise ArchiveError("dictionary whose NS.keys/NS.objects are not two lists of one length")
            return {_hashable(ref(k, depth)): ref(v, depth) for k, v in zip(keys, values)}
        if "NS.objects" in value:
            if not isinstance(value["NS.objects"], list):
                raise ArchiveError("array whose NS.objects is not a list")
            return [ref(v, depth) for v in value["NS.objects"]]
        if "NS.string" in value:
            return ref(value["NS.string"], depth)
        if "NS.bytes" in value:
            return ref(value["NS.bytes"], depth)
        out = {"$class": classname}
        for k, v in value.items():
            if k != "$class":
                out[k] = ref(v, depth)
        return out

    return ref(root, 0)


def _hashable(v):
    return v if isinstance(v, (str, int, float, bytes, type(None))) else repr(v)


def _decode(ctx, blob, what: str):
    """``unarchive`` a column value; a row with an undecodable blob keeps going with one warning."""
    if blob is None:
        return None
    try:
        return unarchive(blob)
    except ArchiveError as exc:
        ctx.warn(f"{what}: {exc}")
        return None


# ---------------------------------------------------------------------------------------------
# Row mappings



def _col(row, name):
    return row[name] if name in row.keys() else None


def _address(ctx, phone, uuid) -> str | None:
    if phone:
        return phone
    if uuid:
        return ctx.lookups["signal_ios"]["phone_by_uuid"].get(uuid.lower(), uuid)
    return None


def _name_of(ctx, phone, uuid) -> str | None:
    profiles = ctx.lookups["signal_ios"]["profiles"]
    for key in (uuid.lower() if uuid else None, phone):
        if key and key in profiles:
            return profiles[key]
    return None


def _attachments(ctx, row, unique_id) -> tuple[list[dict], list[dict]]:
    look = ctx.lookups["signal_ios"]
    fetch = look["attachments"]
    if fetch is None:
        return [], []
    ids = []
    decoded = _decode(ctx, _col(row, "attachmentIds"), "model_TSInteraction.attachmentIds") if _col(row, "attachmentIds") else None
    if isinstance(decoded, list):
        ids = [i for i in decoded if isinstance(i, str)]
    rows = fetch(ids, unique_id)
    out, details = [], []
    for a in rows:
        detail = {"unique_id": a["uniqueId"], "record_type": a["recordType"],
                  "state": ATTACHMENT_RECORD_TYPES.get(a["recordType"], f"recordType {a['recordType']}")}
        out.append(container_attachment(ctx, look["attachments_root"], a, detail))
        details.append(detail)
    return out, details


def interaction_to_event(row, ctx) -> dict:
    """One ``model_TSInteraction`` row -> one timeline event."""
    look = ctx.lookups["signal_ios"]
    rt = row["recordType"]
    kind, direction, type_name = INTERACTION_TYPES.get(rt, ("other", None, None))
    thread = look["threads"].get(row["uniqueThreadId"])
    extra: dict = {"unique_id": row["uniqueId"], "record_type": rt}
    if type_name:
        extra["record_type_name"] = type_name
    if thread:
        extra["thread_type"] = thread["type"]
    for name, col in (("received_at", "receivedAtTimestamp"), ("server_timestamp", "serverTimestamp"),
                      ("server_delivery", "serverDeliveryTimestamp")):
        time_pair(ctx, extra, name, _col(row, col), f"model_TSInteraction.{col}", UNIX_MILLISECONDS)
    for col, key in (("sourceDeviceId", "source_device_id"), ("serverGuid", "server_guid"),
                     ("messageType", "message_type_raw"), ("errorType", "error_type_raw"),
                     ("configurationDurationSeconds", "configuration_duration_s"),
                     ("configurationIsEnabled", "configuration_is_enabled")):
        v = _col(row, col)
        if v is not None and (col not in ("messageType", "errorType") or kind == "system"):
            extra[key] = v
    if _col(row, "expiresInSeconds"):
        extra["expires_in_s"] = row["expiresInSeconds"]
        for name, col in (("expire_started", "expireStartedAt"), ("expires_at", "expiresAt")):
            time_pair(ctx, extra, name, _col(row, col), f"model_TSInteraction.{col}", UNIX_MILLISECONDS)
    for col, key in (("isViewOnceMessage", "view_once"), ("isViewOnceComplete", "view_once_complete"),
                     ("isVoiceMessage", "voice_message"), ("isFromLinkedDevice", "from_linked_device")):
        if _col(row, col):
            extra[key] = True

    contact_addr = _address(ctx, thread.get("phone"), thread.get("uuid")) if thread else None
    sender = sender_name = None
    recipients: list[str] = []
    status = None
    body = _col(row, "body")
    desc = SENT
    if direction == INCOMING:
        sender = _address(ctx, _col(row, "authorPhoneNumber"), _col(row, "authorUUID")) or _col(row, "authorId")
        sender_name = _name_of(ctx, _col(row, "authorPhoneNumber"), _col(row, "authorUUID"))
        if _col(row, "authorUUID"):
            extra["author_uuid"] = row["authorUUID"]
        read = _col(row, "read")
        status = None if read is None else ("read" if read else "unread")
        if _col(row, "viewed"):
            status = "viewed"
    elif direction == OUTGOING:
        if thread and thread["type"] == "private" and contact_addr:
            recipients = [contact_addr]
        state = _col(row, "storedMessageState")
        if state is not None:
            status = OUTGOING_STATES.get(state, f"storedMessageState {state}")
            extra["stored_message_state"] = state
    if rt == 20:
        call_type = _col(row, "callType")
        direction, status = CALL_TYPES.get(call_type, (None, f"callType {call_type}"))
        offer = OFFER_TYPES.get(_col(row, "offerType"), "Audio or video")
        body = f"{offer} call, {status}"
        extra["call_type_raw"] = call_type
        extra["offer_type_raw"] = _col(row, "offerType")
        desc = CALL_TIME
        if direction == INCOMING:
            sender = contact_addr
            sender_name = thread.get("title") if thread else None
        elif direction == OUTGOING and contact_addr:
            recipients = [contact_addr]
    elif rt == 65:
        body = "Group call"
        desc = CALL_TIME
        for col, key in (("eraId", "era_id"), ("creatorUuid", "creator_uuid"), ("hasEnded", "has_ended")):
            if _col(row, col) is not None:
                extra[key] = _col(row, col)
        if _col(row, "creatorUuid"):
            sender = _address(ctx, None, row["creatorUuid"])
            sender_name = _name_of(ctx, None, row["creatorUuid"])

    attachments, details = _attachments(ctx, row, row["uniqueId"])
    if details:
        extra["attachment_details"] = details
    quote = _decode(ctx, _col(row, "quotedMessage"), "model_TSInteraction.quotedMessage")
    if isinstance(quote, dict):
        q = {}
        ts = quote.get("timestamp", quote.get("timestampValue"))
        if isinstance(ts, int):
            q["timestamp_raw"] = ts
            q["time"] = ctx.time(UNIX_MILLISECONDS, ts, column="model_TSInteraction.quotedMessage.timestamp")
            quoted = look["quoted"](ts, row["uniqueThreadId"])
            if quoted:
                q["quoted_unique_id"] = quoted
        if isinstance(quote.get("body"), str):
            q["text"] = quote["body"]
        if quote.get("bodySource") is not None:
            q["body_source_raw"] = quote.get("bodySource")
        extra["quote"] = q

    deleted = bool(_col(row, "wasRemotelyDeleted"))
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp"], column="model_TSInteraction.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": desc,
        "kind": kind,
        "direction": direction,
        "conversation_id": row["uniqueThreadId"],
        "conversation_name": thread.get("title") if thread else None,
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "status": status,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"model_TSInteraction:id={row['id']}",
    }


# ---------------------------------------------------------------------------------------------
# Lookups


def _lookups(ctx, source_path: str) -> dict:
    phone_by_uuid: dict = {}
    if ctx.has_columns("model_SignalRecipient", "recipientPhoneNumber", "recipientUUID"):
        for phone, uuid in ctx.rows("SELECT recipientPhoneNumber, recipientUUID FROM model_SignalRecipient"):
            if phone and uuid:
                phone_by_uuid[str(uuid).lower()] = phone
    profiles: dict = {}
    if ctx.has_columns("model_OWSUserProfile", "profileName", "recipientPhoneNumber", "recipientUUID"):
        fam = ctx.column_or_null("model_OWSUserProfile", "familyName")
        for given, family, phone, uuid in ctx.rows(
                f"SELECT profileName, {fam}, recipientPhoneNumber, recipientUUID FROM model_OWSUserProfile"):
            name = " ".join(p for p in (given, family) if p) or None
            if not name:
                continue
            if uuid:
                profiles.setdefault(str(uuid).lower(), name)
            if phone:
                profiles.setdefault(phone, name)
    threads: dict = {}
    if ctx.has_columns("model_TSThread", "uniqueId", "recordType"):
        cols = ", ".join(ctx.column_or_null("model_TSThread", c) for c in
                         ("contactPhoneNumber", "contactUUID", "groupModel", "name"))
        for r in ctx.rows(f"SELECT id, recordType, uniqueId, {cols} FROM model_TSThread"):
            ttype = THREAD_TYPES.get(r["recordType"], f"recordType {r['recordType']}")
            title = r["name"]
            if r["groupModel"] is not None:
                model = _decode(ctx, r["groupModel"], f"model_TSThread.groupModel (thread id {r['id']})")
                if isinstance(model, dict) and isinstance(model.get("groupName"), str):
                    title = title or model["groupName"]
            uuid = r["contactUUID"]
            phone = r["contactPhoneNumber"] or (phone_by_uuid.get(uuid.lower()) if uuid else None)
            if not title and ttype == "private":
                title = (profiles.get(uuid.lower()) if uuid else None) or (profiles.get(phone) if phone else None) or phone or uuid
            threads[r["uniqueId"]] = {"type": ttype, "phone": phone, "uuid": uuid, "title": title}
    # the app group container: .../<container>/grdb/signal.sqlite -> .../<container>/Attachments
    parts = source_path.split("/")
    container = "/".join(parts[:-2])
    return {
        "phone_by_uuid": phone_by_uuid,
        "profiles": profiles,
        "threads": threads,
        "attachments_root": f"{container}/Attachments" if container else "Attachments",
        "attachments": _attachment_fetcher(ctx),
        "quoted": _quoted_lookup(ctx),
    }


def _attachment_fetcher(ctx):
    if not ctx.has_columns("model_TSAttachment", "uniqueId", "contentType"):
        return None
    cols = ", ".join(ctx.column_or_null("model_TSAttachment", c) for c in ATTACHMENT_COLUMNS)
    by_album = ctx.has_columns("model_TSAttachment", "albumMessageId")

    def fetch(ids: list[str], message_unique_id: str) -> list:
        rows, seen = [], set()
        for uid in ids:
            r = ctx.rows(f"SELECT {cols} FROM model_TSAttachment WHERE uniqueId = ?", (uid,)).fetchone()
            if r is not None and r["uniqueId"] not in seen:
                seen.add(r["uniqueId"])
                rows.append(r)
        if by_album:
            for r in ctx.rows(f"SELECT {cols} FROM model_TSAttachment WHERE albumMessageId = ? ORDER BY id",
                              (message_unique_id,)):
                if r["uniqueId"] not in seen:
                    seen.add(r["uniqueId"])
                    rows.append(r)
        return rows

    return fetch


def _quoted_lookup(ctx):
    def lookup(ts, thread_id):
        hit = ctx.rows("SELECT uniqueId FROM model_TSInteraction WHERE timestamp = ? AND uniqueThreadId = ? "
                       "AND recordType IN (19, 21) LIMIT 1", (ts, thread_id)).fetchone()
        return hit[0] if hit else None

    return lookup


class SignalIosParser(Parser):
    name = "signal_ios"
    version = __version__
    app = "signal"
    platform = "ios"
    description = "Signal for iOS GRDB signal.sqlite (SQLCipher, --key signal_ios=<96 hex keychain key spec>)"
    path_globs = ("**/grdb/signal.sqlite",)
    attachment_globs = ("**/AppGroup/*/Attachments/**",)
    time_units = {
        "model_TSInteraction.timestamp": UNIX_MILLISECONDS,
        "model_TSInteraction.receivedAtTimestamp": UNIX_MILLISECONDS,
        "model_TSInteraction.serverTimestamp": UNIX_MILLISECONDS,
        "model_TSInteraction.serverDeliveryTimestamp": UNIX_MILLISECONDS,
        "model_TSInteraction.expireStartedAt": UNIX_MILLISECONDS,
        "model_TSInteraction.expiresAt": UNIX_MILLISECONDS,
        "model_TSInteraction.quotedMessage.timestamp": UNIX_MILLISECONDS,
    }
    references = (
        "signalapp/Signal-iOS SignalServiceKit/Resources/schema.sql @ 026b02c2 (project reference DDL)",
        "signalapp/Signal-iOS SDSRecordType.swift, TSCall.h (RPRecentCallType), TSOutgoingMessage.h, "
        "TSQuotedMessage.h, TSGroupModel.h, TSAttachmentStream.m, GRDBDatabaseStorageAdapter.swift",
        "abrignoni/iLEAPP scripts/artifacts/signalIOS.py (paths, SQLCipher 4, 32-byte plaintext header)",
    )

    def check_file(self, ctx) -> str | None:
        if header_layout(ctx) != "plain":
            return None
        if not ctx.has_columns("model_TSInteraction", "recordType", "uniqueId", "timestamp", "uniqueThreadId"):
            return "no table model_TSInteraction(recordType, uniqueId, timestamp, uniqueThreadId)"
        return None

    def parse(self, ctx):
        yield from parse_keyspec_store(ctx, self, self._parse_db, apps=("signal_ios", "signal"),
                                       scratch_name="signal.sqlite", what="Signal iOS")

    def _parse_db(self, ctx, provenance):
        ctx.lookups["signal_ios"] = _lookups(ctx, ctx.source.path)
        if ctx.has_table("Attachment") or ctx.has_table("MessageAttachmentReference"):
            ctx.warn("this database has the 2024+ attachment tables (Attachment, MessageAttachmentReference), which "
                     "this parser does not read: attachments of newer messages are not listed")
        cols = ", ".join(ctx.column_or_null("model_TSInteraction", c) for c in INTERACTION_OPTIONAL)
        sql = (f"SELECT id, recordType, uniqueId, timestamp, receivedAtTimestamp, uniqueThreadId, {cols} "
               "FROM model_TSInteraction ORDER BY id")
        for ev in ctx.map_rows(sql, interaction_to_event, table="model_TSInteraction", id_column="id"):
            if provenance is not None:
                ev["extra"] = {**(ev.get("extra") or {}), "decrypted_from": dict(provenance)}
            yield ev


@hookimpl
def register_parsers(register):
    register(SignalIosParser)
