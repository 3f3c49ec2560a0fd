"""Signal Desktop: ``Signal/sql/db.sqlite`` (SQLCipher 4), its ``config.json`` key, and attachments.

Where the files are: the Signal folder is ``~/.config/Signal`` (Linux), ``~/Library/Application
Support/Signal`` (macOS) or ``AppData/Roaming/Signal`` (Windows); it holds ``sql/db.sqlite``,
``config.json`` and ``attachments.noindex/`` (attachment ``path`` values are relative to it).

Keys (the project's reference notes, formats.md section 3.3, from bepaald/signalbackup-tools
``desktopdatabase/*``): the database is SQLCipher with the **SQLCipher 4 defaults** and a raw key
``x'<64 hex>'``. The key comes from, in this order:

1. ``--key signal_desktop=KEY`` then ``--key signal=KEY``: 64 hex digits (or ``x'…'``), or the path of
   a ``config.json``;
2. the extraction's ``Signal/config.json``: legacy ``"key"`` (64 hex), or ``"encryptedKey"`` (hex of an
   Electron safeStorage blob) unwrapped with ``--key signal_desktop_secret=SECRET``:

   * ``v11`` (Linux, libsecret/kwallet secret): AES-128-CBC, key = PBKDF2-HMAC-SHA1(secret,
     ``saltysalt``, 1 iteration, 16 bytes), IV = 16 spaces;
   * ``v10`` macOS: the same with **1003** iterations and the Keychain secret ("Signal Safe
     Storage" / "Signal Key"); ``v10`` Linux: 1 iteration, with the supplied secret or, tried
     without one, Chromium's fallback password ``peanuts`` (formats.md: Chromium convention, not in
     the cited source);
   * ``v10`` Windows: ``v10`` ‖ 12-byte nonce ‖ AES-256-GCM ciphertext ‖ tag; implemented only
     when the examiner gives the already DPAPI-unprotected ``Local State`` key as 64 hex digits
     (DPAPI itself is not implemented).

   Every unwrap is checked: the result must be exactly 64 hex digits.

A database that no key opens gives ONE warning saying what was tried and how to supply a key; no
events. Events of a decrypted database keep the evidence file as their source and carry
``extra["decrypted_from"]``. Decryption is done by ``artefacts.decoders.sqlcipher``.

Schema facts (github signalapp/Signal-Desktop): ``ts/sql/migrations/index.ts`` (tables ``messages``,
``conversations``, ``items``; columns added by version), ``88-service-ids.ts`` (``sourceUuid`` →
``sourceServiceId``, ``conversations.uuid`` → ``serviceId``; our ACI in ``items`` ``uuid_id`` as
``"<aci>.<device>"``), ``89-call-history.ts`` (``callsHistory``; legacy ``callHistoryDetails``),
``1270-normalize-messages.ts``, ``1360-attachments.ts`` (``message_attachments``),
``ts/sql/hydration.ts`` (columns override the JSON; attachments come from ``message_attachments``,
else legacy JSON ``attachments``), ``ts/model-types.d.ts`` (``type`` values, ``quote``,
``reactions``, ``sendStateByConversationId``), ``ts/messages/MessageReadStatus.ts`` (``readStatus``
1 unread, 0 read, 2 viewed), ``ts/messages/MessageSendState.ts`` (send statuses),
``ts/types/Message*.ts`` ``messageAttrsToPreserveAfterErase`` (``deletedForEveryone`` survives,
body and attachments are erased), ``ts/types/CallDisposition.ts`` (call enums).

Units: ``sent_at``, ``timestamp``, ``received_at_ms``, ``serverTimestamp``,
``expirationStartTimestamp``, ``expires_at``, reaction and call times: ms since 1970 UTC;
``expireTimer``: seconds. ``received_at`` is ms in old data and a local counter later, so it is
kept raw (``extra["received_at_raw"]``), never converted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from artefacts import hookimpl
from artefacts.encrypted import open_sqlcipher, parse_opened
from artefacts.events import INCOMING, OUTGOING, SENT
from artefacts.events import attachment as make_attachment
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

SQLITE_MAGIC = b"SQLite format 3\x00"
CALL_TIME = "Call Time"
REACTION_TIME = "Reaction Time"

#: messages.type (ts/model-types.d.ts) -> timeline kind; anything else is "system"
KIND_BY_TYPE = {"incoming": "message", "outgoing": "message", "call-history": "call", "story": "status"}
#: ReadStatus (ts/messages/MessageReadStatus.ts); before schema 39 the column was ``unread`` (1 = unread)
READ_STATUS = {1: "unread", 0: "read", 2: "viewed"}
#: SendStatus order (ts/messages/MessageSendState.ts STATUS_NUMBERS)
SEND_RANK = {"Failed": 0, "Pending": 1, "Sent": 2, "Delivered": 3, "Read": 4, "Viewed": 5}

#: message columns read when present (hydration.ts MESSAGE_COLUMNS plus older names)
MESSAGE_COLUMNS = (
    "type", "body", "conversationId", "sent_at", "received_at", "received_at_ms", "timestamp",
    "source", "sourceServiceId", "sourceUuid", "sourceDevice", "readStatus", "unread", "seenStatus",
    "expireTimer", "expirationStartTimestamp", "expires_at", "isErased", "isViewOnce", "hasAttachments",
    "serverGuid", "serverTimestamp", "schemaVersion", "storyId", "unidentifiedDeliveryReceived",
)
ATTACHMENT_COLUMNS = (
    "messageId", "editHistoryIndex", "attachmentType", "orderInMessage", "size", "contentType", "path",
    "fileName", "version", "localKey", "plaintextHash", "caption", "pending", "error",
)

HEX64 = re.compile(r"(?i)^(?:x')?([0-9a-f]{64})'?$")
SAFE_STORAGE_SALT = b"saltysalt"
SAFE_STORAGE_IV = b" " * 16
CHROMIUM_LINUX_FALLBACK_SECRET = "peanuts"


# ---------------------------------------------------------------------------------------------
# Keys


def raw_key(value) -> str | None:
    """``"<64 hex>"`` or ``"x'<64 hex>'"`` -> lower-case hex, else ``None``."""
    if not isinstance(value, str):
        return None
    m = HEX64.match(value.strip())
    return m.group(1).lower() if m else None


def _check_key_plaintext(plain: bytes) -> str | None:
    try:
        text = plain.decode("ascii")
    except UnicodeDecodeError:
        return None
    return raw_key(text) if len(text) == 64 else None


def _cbc_unwrap(blob: bytes, secret: str, iterations: int) -> str | None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    body = blob[3:]
    if not body or len(body) % 16:
        return None
    key = PBKDF2HMAC(hashes.SHA1(), 16, SAFE_STORAGE_SALT, iterations).derive(secret.encode("utf-8"))
    dec = Cipher(algorithms.AES(key), modes.CBC(SAFE_STORAGE_IV)).decryptor()
    plain = dec.update(body) + dec.finalize()
    pad = plain[-1]
    if not 1 <= pad <= 16 or plain[-pad:] != bytes([pad]) * pad:
        return None
    return _check_key_plaintext(plain[:-pad])


def _gcm_unwrap(blob: bytes, aes_key_hex: str) -> str | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aes_key = raw_key(aes_key_hex)
    if aes_key is None or len(blob) < 3 + 12 + 16:
        return None
    try:
        plain = AESGCM(bytes.fromhex(aes_key)).decrypt(blob[3:15], blob[15:], None)
    except InvalidTag:
        return None
    return _check_key_plaintext(plain)


def unwrap_encrypted_key(encrypted_key_hex: str, secrets: list[str]) -> tuple[str, str] | None:
    """``config.json`` ``encryptedKey`` -> ``(database key hex, variant)``, or ``None``.

    Tries each variant the prefix allows with each secret (formats.md 3.3); for ``v10`` without a
    matching secret, also Chromium's Linux fallback password.
    """
    try:
        blob = bytes.fromhex(encrypted_key_hex.strip())
    except (ValueError, AttributeError):
        return None
    prefix = blob[:3]
    attempts: list[tuple[str, object]] = []
    if prefix == b"v11":
        for s in secrets:
            attempts.append(("Linux v11", lambda s=s: _cbc_unwrap(blob, s, 1)))
    elif prefix == b"v10":
        for s in secrets:
            attempts.append(("macOS v10", lambda s=s: _cbc_unwrap(blob, s, 1003)))
            attempts.append(("Linux v10", lambda s=s: _cbc_unwrap(blob, s, 1)))
            attempts.append(("Windows v10 (AES-GCM)", lambda s=s: _gcm_unwrap(blob, s)))
        attempts.append(
            ("Linux v10 (Chromium fallback password)", lambda: _cbc_unwrap(blob, CHROMIUM_LINUX_FALLBACK_SECRET, 1))
        )
    for variant, attempt in attempts:
        key = attempt()
        if key is not None:
            return key, variant
    return None


def safe_storage_prefix(encrypted_key_hex: str) -> str | None:
    try:
        return bytes.fromhex(encrypted_key_hex.strip())[:3].decode("ascii", "replace")
    except (ValueError, AttributeError):
        return None


def _read_config(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# ---------------------------------------------------------------------------------------------
# Row mappings


def _json(text) -> dict:
    if text is None or text == "":
        return {}
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("messages.json is not a JSON object")
    return value


def _value(row, msg: dict, column: str, json_name: str | None = None):
    """A message field: the column when the database has it and it is set, else the JSON field."""
    if column in row.keys() and row[column] is not None:
        return row[column]
    return msg.get(json_name or column)


#: text fields of a message; the columns were declared ``STRING`` (NUMERIC affinity), so SQLite stores
#: a value such as "+12015550152" as the integer 12015550152 (index.ts updateToSchemaVersion7/15 comments)
TEXT_FIELDS = {"type", "body", "conversationId", "source", "sourceServiceId", "sourceUuid", "serverGuid", "storyId"}


def _text(row, msg: dict, column: str):
    """A text field: the JSON value when the column lost its text form to NUMERIC affinity."""
    value = _value(row, msg, column)
    if value is not None and not isinstance(value, str):
        json_value = msg.get(column)
        return json_value if isinstance(json_value, str) else str(value)
    return value


def _time_pair(ctx, extra: dict, name: str, raw, column: str) -> None:
    if raw is None or raw == 0:
        return
    extra[f"{name}_time"] = ctx.time(UNIX_MILLISECONDS, raw, column=column)
    extra[f"{name}_raw"] = raw


def _words(value) -> str | None:
    """``"GenericGroupCall"`` -> ``"generic group call"``."""
    if not isinstance(value, str) or not value:
        return None
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", value).lower()


def _address(conv: dict | None) -> str | None:
    if not conv:
        return None
    return conv.get("e164") or conv.get("serviceId") or conv.get("groupId")


def _conversation(ctx, key) -> dict | None:
    if key is None:
        return None
    look = ctx.lookups["signal"]
    return look["by_id"].get(key) or look["by_address"].get(key)


def _resolve_attachment(ctx, info: dict) -> dict:
    """An attachments entry for ``{path, fileName, contentType, size}`` (path relative to attachments.noindex)."""
    rel = info.get("path")
    name = info.get("fileName")
    mime = info.get("contentType")
    size = info.get("size") if isinstance(info.get("size"), int) else None
    if isinstance(rel, str) and rel:
        full = f"{ctx.lookups['signal']['attachments_root']}/{rel.lstrip('/')}"
        if ctx.extraction.lookup(full) is not None:
            return ctx.attachment(full, name=name, mime_type=mime, size=size)
        return make_attachment(name=name, mime_type=mime, size=size, path=rel, sha256=None)
    return make_attachment(name=name, mime_type=mime, size=size, path=None, sha256=None)


def _attachment_detail(info: dict) -> dict:
    detail = {k: info.get(k) for k in ("path", "contentType", "fileName", "size", "version", "plaintextHash") if info.get(k) is not None}
    if info.get("localKey"):
        detail["encrypted_at_rest"] = True  # version-2 attachment: the file on disk is encrypted with localKey
    for k in ("pending", "error"):
        if info.get(k):
            detail[k] = True
    return detail


def _direct_call(details: dict, fallback_time):
    """Legacy ``callHistoryDetails`` of a direct call -> (direction, status, time) as 89-call-history.ts maps it."""
    direction = INCOMING if details.get("wasIncoming") else OUTGOING
    if details.get("acceptedTime") is not None:
        status = "accepted"
    else:
        status = "declined" if details.get("wasDeclined") else "missed"
    when = details.get("acceptedTime") or details.get("endedTime") or fallback_time
    return direction, status, when


def message_to_events(row, ctx):
    """One ``messages`` row -> the message (or call / system) event and one event per reaction."""
    look = ctx.lookups["signal"]
    msg = _json(row["json"])
    mtype = _text(row, msg, "type")
    conv_id = _text(row, msg, "conversationId")
    conv = _conversation(ctx, conv_id)
    sent_at = _value(row, msg, "sent_at")
    source_uuid = _text(row, msg, "sourceServiceId") or _text(row, msg, "sourceUuid")
    source_e164 = _text(row, msg, "source")
    kind = KIND_BY_TYPE.get(mtype, "system")
    if mtype == "incoming":
        direction = INCOMING
    elif mtype == "outgoing":
        direction = OUTGOING
    elif mtype == "story":
        direction = OUTGOING if source_uuid and source_uuid == look["our_aci"] else (INCOMING if source_uuid else None)
    else:
        direction = None

    extra: dict = {"message_id": row["id"], "type": mtype}
    if conv:
        extra["conversation_type"] = conv.get("type")
    received_at = _value(row, msg, "received_at")
    if received_at is not None:
        extra["received_at_raw"] = received_at  # ms in old data, a local counter later: not converted
    _time_pair(ctx, extra, "received_at_ms", _value(row, msg, "received_at_ms"), "messages.received_at_ms")
    _time_pair(ctx, extra, "server_timestamp", _value(row, msg, "serverTimestamp"), "messages.serverTimestamp")
    for col, key in (("sourceDevice", "source_device"), ("serverGuid", "server_guid"), ("schemaVersion", "schema_version"),
                     ("storyId", "story_id")):
        v = _value(row, msg, col)
        if v is not None:
            extra[key] = v
    expire_timer = _value(row, msg, "expireTimer")
    if expire_timer:
        extra["expire_timer_s"] = expire_timer
        _time_pair(ctx, extra, "expiration_start", _value(row, msg, "expirationStartTimestamp"),
                   "messages.expirationStartTimestamp")
        _time_pair(ctx, extra, "expires_at", _value(row, msg, "expires_at"), "messages.expires_at")
    for col, key in (("isViewOnce", "view_once"), ("isErased", "erased")):
        v = _value(row, msg, col)
        if v:
            extra[key] = True
    deleted = bool(msg.get("deletedForEveryone"))
    if deleted:
        _time_pair(ctx, extra, "deleted_for_everyone", msg.get("deletedForEveryoneTimestamp"),
                   "messages.json.deletedForEveryoneTimestamp")

    # who
    owner = look["owner"]
    sender = sender_name = None
    recipients: list[str] = []
    if direction == INCOMING:
        sender = source_e164 or source_uuid
        who = _conversation(ctx, source_uuid) or _conversation(ctx, source_e164)
        sender_name = who.get("title") if who else None
        if source_uuid and source_e164:
            extra["sender_service_id"] = source_uuid
        if conv and conv.get("type") == "private" and _address(owner):
            recipients = [_address(owner)]
    elif direction == OUTGOING:
        sender = _address(owner) or look["our_aci"]
        sender_name = owner.get("title") if owner else None
    status = None
    if mtype == "incoming":
        read = _value(row, msg, "readStatus")
        if read is None and "unread" in row.keys():
            read = row["unread"]
        status = READ_STATUS.get(read, "received" if read is None else f"readStatus {read}")
    elif mtype == "outgoing":
        states = msg.get("sendStateByConversationId") or {}
        best = None
        send_state = {}
        for cid, state in states.items() if isinstance(states, dict) else ():
            who = _conversation(ctx, cid)
            addr = _address(who) or cid
            st = state.get("status") if isinstance(state, dict) else None
            entry = {"status": st}
            if isinstance(state, dict) and state.get("updatedAt"):
                entry["updated_at_time"] = ctx.time(UNIX_MILLISECONDS, state["updatedAt"],
                                                    column="messages.json.sendStateByConversationId.updatedAt")
                entry["updated_at_raw"] = state["updatedAt"]
            send_state[addr] = entry
            if owner and cid == owner.get("id"):
                continue
            recipients.append(addr)
            if st in SEND_RANK and (best is None or SEND_RANK[st] > SEND_RANK[best]):
                best = st
        if send_state:
            extra["send_state"] = send_state
        if not recipients and conv and conv.get("type") == "private" and _address(conv):
            recipients = [_address(conv)]
        status = best.lower() if best else None

    # content
    body = _text(row, msg, "body")
    infos = list(ctx.lookups["signal_attachments"](row["id"], msg))
    sticker = msg.get("sticker")
    if isinstance(sticker, dict):
        extra["sticker"] = {k: sticker.get(k) for k in ("packId", "stickerId", "emoji") if sticker.get(k) is not None}
        data = sticker.get("data")
        if isinstance(data, dict) and not any(i.get("attachment_type") == "sticker" for i in infos):
            infos.append(data)
    attachments = [_resolve_attachment(ctx, info) for info in infos]
    details = [_attachment_detail(info) for info in infos]
    if details:
        extra["attachment_details"] = details
    quote = msg.get("quote")
    if isinstance(quote, dict):
        q = {k: quote.get(k) for k in ("id", "text", "messageId", "referencedMessageNotFound", "isViewOnce")
             if quote.get(k) is not None}
        author = quote.get("authorAci") or quote.get("authorUuid") or quote.get("author")
        if author:
            q["author"] = author
        quoted = look["quoted"](quote.get("id"), conv_id)
        if quoted:
            q["quoted_message_id"] = quoted  # the message whose sent_at equals quote.id
        extra["quote"] = q

    event = {
        "timestamp": ctx.time(UNIX_MILLISECONDS, sent_at, column="messages.sent_at"),
        "timestamp_raw": sent_at,
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": direction,
        "conversation_id": conv_id,
        "conversation_name": conv.get("title") if conv else None,
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": body if body != "" else None,
        "attachments": attachments,
        "status": status,
        "deleted": deleted,
        "extra": extra,
    }
    if mtype == "call-history":
        call = _call_from_message(row, msg, ctx, event)
        if call is None:
            return _reactions(row, msg, ctx, conv, conv_id) or None
        event = call
    return [event, *_reactions(row, msg, ctx, conv, conv_id)]


def _call_from_message(row, msg, ctx, event):
    """A ``call-history`` message: skipped when its ``callsHistory`` row gives the call, else described."""
    look = ctx.lookups["signal"]
    call_id = msg.get("callId")
    if call_id is not None and call_id in look["calls"]:
        return None  # the callsHistory row is the event
    details = msg.get("callHistoryDetails")
    extra = event["extra"]
    if call_id is not None:
        extra["call_id"] = call_id
    if not isinstance(details, dict):
        event["body"] = "Call"
        return event
    extra["call_history_details"] = details
    group = details.get("callMode") == "Group" or ("eraId" in details and "wasIncoming" not in details)
    if group:
        when = details.get("startedTime") or event["timestamp_raw"]
        direction = OUTGOING if details.get("creatorUuid") and details.get("creatorUuid") == look["our_aci"] else INCOMING
        status = "generic group call"
        body = "Group call"
        column = "messages.json.callHistoryDetails.startedTime"
    else:
        direction, status, when = _direct_call(details, event["timestamp_raw"])
        kind = "Video" if details.get("wasVideoCall") else "Audio"
        body = f"{kind} call, {status}"
        column = "messages.json.callHistoryDetails.acceptedTime"
        if isinstance(details.get("acceptedTime"), int) and isinstance(details.get("endedTime"), int):
            extra["duration_ms"] = details["endedTime"] - details["acceptedTime"]
    conv = _conversation(ctx, event["conversation_id"])
    owner = look["owner"]
    private = bool(conv and conv.get("type") == "private")
    sender = sender_name = None
    recipients = []
    if direction == INCOMING and private:
        sender, sender_name = _address(conv), conv.get("title")
    elif direction == OUTGOING:
        sender = _address(owner) or look["our_aci"]
        sender_name = owner.get("title") if owner else None
        if private and _address(conv):
            recipients = [_address(conv)]
    event.update(
        timestamp=ctx.time(UNIX_MILLISECONDS, when, column=column),
        timestamp_raw=when,
        timestamp_desc=CALL_TIME,
        direction=direction,
        status=status,
        body=body,
        sender=sender,
        sender_name=sender_name,
        recipients=recipients,
    )
    return event


def _reactions(row, msg, ctx, conv, conv_id) -> list[dict]:
    look = ctx.lookups["signal"]
    owner = look["owner"]
    out = []
    reactions = msg.get("reactions")
    if not isinstance(reactions, list):
        return out
    for i, r in enumerate(reactions):
        if not isinstance(r, dict):
            continue
        who = _conversation(ctx, r.get("fromId"))
        mine = owner is not None and r.get("fromId") == owner.get("id")
        extra = {
            "reacted_to_message_id": row["id"],
            "target_timestamp_raw": r.get("targetTimestamp"),
            "target_author": r.get("targetAuthorAci") or r.get("targetAuthorUuid"),
            "from_conversation_id": r.get("fromId"),
        }
        out.append({
            "timestamp": ctx.time(UNIX_MILLISECONDS, r.get("timestamp"), column="messages.json.reactions.timestamp"),
            "timestamp_raw": r.get("timestamp"),
            "timestamp_desc": REACTION_TIME,
            "kind": "reaction",
            "direction": OUTGOING if mine else INCOMING,
            "conversation_id": conv_id,
            "conversation_name": conv.get("title") if conv else None,
            "sender": _address(who) or r.get("fromId"),
            "sender_name": who.get("title") if who else None,
            "body": r.get("emoji"),
            "extra": {k: v for k, v in extra.items() if v is not None},
            "source_locator": f"messages:id={row['id']}:reactions[{i}]",
        })
    return out


def call_to_event(row, ctx) -> dict:
    """One ``callsHistory`` row -> one call event."""
    look = ctx.lookups["signal"]
    peer = _conversation(ctx, row["peerId"])
    direction = {"Incoming": INCOMING, "Outgoing": OUTGOING}.get(row["direction"])
    owner = look["owner"]
    status = _words(row["status"])
    extra = {"call_id": row["callId"], "mode": row["mode"], "call_type": row["type"], "status_raw": row["status"],
             "peer_id": row["peerId"]}
    if row["ringerId"]:
        extra["ringer_id"] = row["ringerId"]
    if "startedById" in row.keys() and row["startedById"]:
        extra["started_by_id"] = row["startedById"]
    if "endedTimestamp" in row.keys():
        _time_pair(ctx, extra, "ended", row["endedTimestamp"], "callsHistory.endedTimestamp")
    if peer:
        extra["conversation_type"] = peer.get("type")
    sender = None
    if direction == INCOMING:
        ringer = row["ringerId"]
        if ringer:
            sender = _address(_conversation(ctx, ringer)) or ringer
        elif peer and peer.get("type") == "private":
            sender = _address(peer)
    elif direction == OUTGOING:
        sender = _address(owner) or look["our_aci"]
    recipients = [_address(peer)] if direction == OUTGOING and peer and peer.get("type") == "private" and _address(peer) else []
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestamp"], column="callsHistory.timestamp"),
        "timestamp_raw": row["timestamp"],
        "timestamp_desc": CALL_TIME,
        "kind": "call",
        "direction": direction,
        "conversation_id": peer.get("id") if peer else row["peerId"],
        "conversation_name": peer.get("title") if peer else None,
        "sender": sender,
        "sender_name": (_conversation(ctx, sender) or {}).get("title") if sender else None,
        "recipients": recipients,
        "body": f"{row['type']} call, {status}" if status else f"{row['type']} call",
        "status": status,
        "extra": extra,
    }


# ---------------------------------------------------------------------------------------------
# Lookups


def _conversations(ctx) -> dict:
    by_id: dict = {}
    by_address: dict = {}
    if not ctx.has_columns("conversations", "id", "json"):
        return {"by_id": by_id, "by_address": by_address}
    cols = ", ".join(ctx.column_or_null("conversations", c) for c in (
        "type", "name", "profileName", "profileFamilyName", "profileFullName", "e164", "serviceId", "uuid",
        "groupId", "members"))
    for r in ctx.rows(f"SELECT id, json, {cols} FROM conversations"):
        try:
            j = json.loads(r["json"]) if r["json"] else {}
            if not isinstance(j, dict):
                j = {}
        except ValueError:
            j = {}

        def pick(col, key=None):
            return r[col] if r[col] is not None else j.get(key or col)

        conv = {
            "id": r["id"],
            "type": pick("type"),
            "name": pick("name"),
            "profileName": pick("profileName"),
            "profileFullName": pick("profileFullName"),
            "e164": pick("e164"),
            "serviceId": pick("serviceId") or pick("uuid"),
            "groupId": pick("groupId"),
        }
        full = conv["profileFullName"] or " ".join(
            p for p in (conv["profileName"], pick("profileFamilyName")) if p) or None
        conv["title"] = conv["name"] or full or conv["e164"] or conv["serviceId"]
        by_id[r["id"]] = conv
        for key in (conv["e164"], conv["serviceId"], conv["groupId"]):
            if key:
                by_address.setdefault(key, conv)
    return {"by_id": by_id, "by_address": by_address}


def _our_aci(ctx) -> str | None:
    """``items`` ``uuid_id`` = ``{"id": "uuid_id", "value": "<aci>.<device id>"}`` (88-service-ids.ts migrateItems)."""
    if not ctx.has_columns("items", "id", "json"):
        return None
    for (raw,) in ctx.rows("SELECT json FROM items WHERE id = 'uuid_id'"):
        try:
            value = json.loads(raw).get("value")
        except (ValueError, AttributeError, TypeError):
            return None
        if isinstance(value, str) and value:
            return value.split(".", 1)[0]
    return None


def _attachment_source(ctx):
    """``f(message_id, json) -> [attachment info]``: message_attachments rows (1360+), else legacy JSON."""
    stmt = None
    if ctx.has_columns("message_attachments", "messageId", "attachmentType", "path", "contentType"):
        cols = ", ".join(ctx.column_or_null("message_attachments", c) for c in ATTACHMENT_COLUMNS)
        stmt = (f"SELECT {cols} FROM message_attachments WHERE messageId = ? "
                "AND attachmentType IN ('attachment', 'long-message', 'sticker') "
                "ORDER BY editHistoryIndex, attachmentType, orderInMessage")

    def lookup(message_id, msg: dict) -> list[dict]:
        found = []
        if stmt is not None:
            for r in ctx.rows(stmt, (message_id,)):
                if r["editHistoryIndex"] not in (None, -1):
                    continue  # attachments of earlier edit revisions
                info = {k: r[k] for k in r.keys()}
                info["attachment_type"] = r["attachmentType"]
                found.append(info)
        if found:
            return found
        out = []
        for a in msg.get("attachments") or ():
            if isinstance(a, dict):
                out.append(a)
        body = msg.get("bodyAttachment")
        if isinstance(body, dict):
            out.append(body)
        return out

    return lookup


def _quoted_lookup(ctx):
    cache: dict = {}
    has_conv = ctx.has_columns("messages", "conversationId", "sent_at")

    def lookup(quote_id, conv_id):
        if quote_id is None or not has_conv or not isinstance(quote_id, int):
            return None
        key = (quote_id, conv_id)
        if key not in cache:
            hit = ctx.rows("SELECT id FROM messages WHERE sent_at = ? AND conversationId IS ? LIMIT 1",
                           (quote_id, conv_id)).fetchone()
            cache[key] = hit[0] if hit else None
            if len(cache) > 10000:
                cache.clear()
        return cache[key]

    return lookup


class SignalDesktopParser(Parser):
    name = "signal_desktop"
    version = __version__
    app = "signal"
    platform = "desktop"
    description = (
        "Signal Desktop db.sqlite (SQLCipher 4; key from config.json or --key signal_desktop=...): messages, "
        "calls, reactions, attachments"
    )
    path_globs = ("**/Signal/sql/db.sqlite",)
    related_globs = {"config": ("**/Signal/config.json",)}
    attachment_globs = ("**/Signal/attachments.noindex/**",)
    time_units = {
        "messages.sent_at": UNIX_MILLISECONDS,
        "messages.received_at_ms": UNIX_MILLISECONDS,
        "messages.serverTimestamp": UNIX_MILLISECONDS,
        "messages.expirationStartTimestamp": UNIX_MILLISECONDS,
        "messages.expires_at": UNIX_MILLISECONDS,
        "messages.json.deletedForEveryoneTimestamp": UNIX_MILLISECONDS,
        "messages.json.reactions.timestamp": UNIX_MILLISECONDS,
        "messages.json.sendStateByConversationId.updatedAt": UNIX_MILLISECONDS,
        "messages.json.callHistoryDetails.acceptedTime": UNIX_MILLISECONDS,
        "messages.json.callHistoryDetails.startedTime": UNIX_MILLISECONDS,
        "callsHistory.timestamp": UNIX_MILLISECONDS,
        "callsHistory.endedTimestamp": UNIX_MILLISECONDS,
    }
    references = (
        "signalapp/Signal-Desktop ts/sql/migrations/index.ts, 88-service-ids.ts, 89-call-history.ts, "
        "1270-normalize-messages.ts, 1360-attachments.ts (schema)",
        "signalapp/Signal-Desktop ts/sql/hydration.ts, ts/model-types.d.ts, ts/messages/MessageReadStatus.ts, "
        "ts/messages/MessageSendState.ts, ts/types/CallDisposition.ts (fields and codes)",
        "project notes formats.md 3.3 (SQLCipher 4 raw key, config.json key / encryptedKey safeStorage), from "
        "bepaald/signalbackup-tools desktopdatabase/*",
    )

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(16)
        if head != SQLITE_MAGIC:
            return None  # encrypted (or damaged): parse() says which
        if not ctx.has_columns("messages", "id", "json"):
            return "no table messages(id, json)"
        return None

    # -- the run -----------------------------------------------------------------------------
    def parse(self, ctx):
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(16)
        if head == SQLITE_MAGIC:
            yield from self._parse_db(ctx, None)
            return
        keys, problems, needs_secret = self._keys(ctx)
        if not keys:
            ctx.warn(self._no_key_message(problems, needs_secret))
            return
        from artefacts.decoders.sqlcipher import VERSIONS

        hint = ("Give the right key with --key signal_desktop=<64 hex digits from config.json 'key'>"
                + (" or --key signal_desktop_secret=<OS keystore secret>" if needs_secret else ""))
        opened = open_sqlcipher(ctx, [(label, f"x'{key}'") for label, key in keys], settings=VERSIONS[4],
                                scratch_name="db.sqlite", hint=hint)
        if opened is not None:
            yield from parse_opened(opened, self, self._parse_db, "Signal Desktop")

    @staticmethod
    def _no_key_message(problems: list[str], needs_secret: str | None) -> str:
        if needs_secret:
            return (
                f"the database is encrypted and config.json holds only an 'encryptedKey' (Electron safeStorage, "
                f"prefix {needs_secret}): the OS keystore secret is needed to unwrap it (Linux: the secret stored by "
                "libsecret/kwallet; macOS: Keychain item 'Signal Safe Storage' / 'Signal Key'; Windows: the "
                "DPAPI-unprotected Local State key). Give --key signal_desktop=<64 hex database key> or "
                "--key signal_desktop_secret=<secret>"
                + (f" ({'; '.join(problems)})" if problems else "")
            )
        return (
            "the database is encrypted (SQLCipher) and no key was found: include Signal/config.json in the "
            "extraction or give --key signal_desktop=<64 hex digits>"
            + (f" ({'; '.join(problems)})" if problems else "")
        )

    @staticmethod
    def _keys(ctx) -> tuple[list[tuple[str, str]], list[str], str | None]:
        """Candidate database keys ``[(label, hex)]``, problems met, and the safeStorage prefix still locked."""
        keys: list[tuple[str, str]] = []
        problems: list[str] = []
        configs: list[tuple[str, dict]] = []
        for app in ("signal_desktop", "signal"):
            for n, material in enumerate(ctx.keys(app), 1):
                label = f"--key {app} #{n}"
                key = raw_key(material)
                if key is not None:
                    keys.append((label, key))
                    continue
                path = Path(material)
                cfg = _read_config(path) if path.is_file() else None
                if cfg is not None:
                    configs.append((f"{label} ({path.name})", cfg))
                else:
                    problems.append(f"{label} is neither 64 hex digits nor a readable config.json")
        for sf in ctx.related("config"):
            cfg = _read_config(sf.local_path)
            if cfg is None:
                problems.append(f"{sf.path} is not valid JSON")
                continue
            configs.append((sf.path, cfg))
        secrets = ctx.keys("signal_desktop_secret")
        locked = None
        for label, cfg in configs:
            key = raw_key(cfg.get("key"))
            if key is not None:
                keys.append((f"{label} 'key'", key))
            elif cfg.get("key") is not None:
                problems.append(f"{label} 'key' is not 64 hex digits")
            enc = cfg.get("encryptedKey")
            if isinstance(enc, str) and enc:
                unwrapped = unwrap_encrypted_key(enc, secrets)
                if unwrapped is not None:
                    keys.append((f"{label} 'encryptedKey' ({unwrapped[1]})", unwrapped[0]))
                else:
                    prefix = safe_storage_prefix(enc) or "unknown"
                    if secrets:
                        problems.append(f"no --key signal_desktop_secret unwraps {label} 'encryptedKey' (prefix {prefix})")
                    locked = locked or prefix
        seen = set()
        unique = []
        for label, key in keys:
            if key not in seen:
                seen.add(key)
                unique.append((label, key))
        return unique, problems, (locked if not unique else None)

    def _parse_db(self, ctx, provenance: dict | None):
        source_dir = ctx.source.path.rsplit("/", 1)[0]  # .../Signal/sql
        root = source_dir.rsplit("/", 1)[0] if "/" in source_dir else ""
        convs = _conversations(ctx)
        our_aci = _our_aci(ctx)
        owner = convs["by_address"].get(our_aci) if our_aci else None
        calls = {}
        if ctx.has_columns("callsHistory", "callId", "peerId", "timestamp"):
            calls = {r[0]: True for r in ctx.rows("SELECT callId FROM callsHistory")}
        ctx.lookups["signal"] = {
            **convs,
            "our_aci": our_aci,
            "owner": owner,
            "calls": calls,
            "attachments_root": f"{root}/attachments.noindex" if root else "attachments.noindex",
            "quoted": _quoted_lookup(ctx),
        }
        ctx.lookups["signal_attachments"] = _attachment_source(ctx)
        cols = ", ".join(ctx.column_or_null("messages", c) for c in MESSAGE_COLUMNS)
        order = "rowid" if ctx.has_columns("messages", "rowid") else "sent_at, id"
        sql = f"SELECT id, json, {cols} FROM messages ORDER BY {order}"
        events = ctx.map_rows(sql, message_to_events, table="messages", id_column="id")
        if calls:
            extra_cols = ", ".join(ctx.column_or_null("callsHistory", c) for c in ("startedById", "endedTimestamp"))
            call_sql = (f"SELECT callId, peerId, ringerId, mode, type, direction, status, timestamp, {extra_cols} "
                        "FROM callsHistory ORDER BY timestamp, callId")
            events = _chain(events, ctx.map_rows(call_sql, call_to_event, table="callsHistory", id_column="callId"))
        for ev in events:
            if provenance is not None:
                ev["extra"] = {**(ev.get("extra") or {}), "decrypted_from": dict(provenance)}
            yield ev


def _chain(*iterables):
    for it in iterables:
        yield from it


@hookimpl
def register_parsers(register):
    register(SignalDesktopParser)


__all__ = ["SignalDesktopParser", "raw_key", "unwrap_encrypted_key"]
