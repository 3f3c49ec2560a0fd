"""Telegram for Android: ``files/cache4.db`` (one per account) of ``org.telegram.messenger``.

Account 0 keeps its database in ``files/cache4.db``, account N in ``files/accountN/cache4.db``; the
own account is the TL ``User`` stored base64-encoded under the key ``user`` of
``shared_prefs/userconfing.xml`` (sic, account 0) or ``shared_prefs/userconfigN.xml`` (account N)
(Telegram for Android ``UserConfig.getPreferences``/``saveConfig``).

Schema facts (``ddl/telegram_android_cache4.sql``, a copy of the project's reference DDL from
DrKLO/Telegram ``MessagesStorage.java``; ``formats.md`` section 4; ``docs/telegram.md``):

* ``messages_v2(mid, uid, read_state, send_state, date, data, out, ttl, media, ..., is_channel, ...)``
  (older databases: ``messages`` with ``mid`` as the only key). ``date`` is Unix **seconds**;
  ``out`` 1 = sent by the owner; ``read_state`` bit 0 = read, bit 1 = media/content seen
  (``MessageObject.getUnreadFlags``); ``send_state`` 0 sent, 1 sending, 2 error, 3 editing
  (``MessageObject.MESSAGE_SEND_STATE_*``); ``ttl`` the secret-chat self-destruct timer (s).
  ``data`` is the TL ``Message`` followed by the app's attach-path string.
* ``uid`` is the dialog id (``DialogObject``): a user id (> 0); ``-chat_id`` for a basic group and
  ``-channel_id`` for a channel or supergroup; a secret chat is ``0x4000000000000000 | chat_id``
  (``makeEncryptedDialogId``); databases of app versions before 64-bit ids (2021) used
  ``chat_id << 32`` (lower 32 bits zero) instead, which is accepted when ``enc_chats`` has that id.
* ``users(uid, name, status, data)``, ``chats(uid, name, data)``: TL ``User``/``Chat`` objects
  (names come from the objects; ``name`` is a lower-cased search string).
  ``enc_chats(uid, user, name, data, ...)``: secret chats (``uid`` = secret chat id, ``user`` = the
  other party). ``contacts(uid, mutual)``: the Telegram contact list. ``user_contacts_v7(key, uid,
  fname, sname, imported)`` + ``user_phones_v7(key, phone, sphone, deleted)``: the phone book
  the app imported. ``media_v4(mid, uid, date, type, data)``: the shared-media index (the same
  message objects); a row whose message is no longer in ``messages_v2`` is reported too.

Every row gives an event: an object whose constructor is unknown or whose decoding fails still
gives its event from the table columns (time, dialog, direction) with ``body`` null, the
constructor id and the reason in ``extra``, and one warning.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET

from artefacts import hookimpl
from artefacts.decoders import tl
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, RECEIVED, SENT, duration_text
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_SECONDS
from artefacts.values import ValueClassError, as_bytes

__version__ = "1.0"

ENCRYPTED_DIALOG_FLAG = 0x4000000000000000  # DialogObject.makeEncryptedDialogId
FOLDER_DIALOG_FLAG = 0x2000000000000000  # DialogObject.makeFolderDialogId

#: what the time of a call event is: the date of the messageActionPhoneCall service message
CALL_MESSAGE_TIME = "Call Message Time"

SEND_STATES = {0: "sent", 1: "sending", 2: "failed", 3: "editing"}
READ_FLAG = 1  # read_state bit 0: read; bit 1 (2): media/content opened

CALL_REASONS = {
    "phoneCallDiscardReasonMissed": "missed",
    "phoneCallDiscardReasonBusy": "busy",
    "phoneCallDiscardReasonDisconnect": "disconnected",
    "phoneCallDiscardReasonHangup": "ended",
}

MESSAGE_OPTIONAL = ("read_state", "send_state", "out", "ttl", "media", "is_channel", "reply_to_message_id", "group_id")

_ACCOUNT_DIR = re.compile(r"/account(\d+)/cache4\.db$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Dialogs, peers and names



def layer_span(labels) -> str:
    """The stored schema layers that declare a constructor, as ``first-last`` (``"131-194"``), one
    layer alone (``"72"``), and the app's own labels (``"android"``) after them."""
    layers = sorted(x for x in labels if isinstance(x, int))
    named = [str(x) for x in labels if not isinstance(x, int)]
    span = [] if not layers else [str(layers[0]) if len(layers) == 1 else f"{layers[0]}-{layers[-1]}"]
    return ",".join(span + named)

def dialog_kind(uid: int, ctx) -> tuple[str, int]:
    """``(kind, id)`` of a dialog id: user, group, channel, secret (secret chat id) or folder."""
    if uid > 0 and uid & ENCRYPTED_DIALOG_FLAG:
        return "secret", uid & 0xFFFFFFFF
    if uid > 0 and uid & FOLDER_DIALOG_FLAG:
        return "folder", uid & 0xFFFFFFFF
    if uid > 0 and uid & 0xFFFFFFFF == 0 and (uid >> 32) in ctx.lookups["enc_chats"]:
        return "secret", uid >> 32  # pre-2021 encoding: secret chat id << 32
    if uid > 0:
        return "user", uid
    chat = ctx.lookups["chats"].get(-uid)
    if chat is not None:
        return chat["kind"], -uid
    return "group_or_channel", -uid


def peer_id(peer) -> tuple[str, int] | None:
    """``("user"|"chat"|"channel", id)`` of a TL Peer object (any layer)."""
    if not isinstance(peer, dict):
        return None
    for key, kind in (("user_id", "user"), ("chat_id", "chat"), ("channel_id", "channel")):
        if peer.get(key) is not None:
            return kind, peer[key]
    return None


def user_name(uid, ctx) -> str | None:
    user = ctx.lookups["users"].get(uid)
    return user["name"] if user else None


def name_or_id(uid, ctx) -> str:
    own = ctx.lookups["own"]
    if own and uid == own.get("id"):
        return own.get("name") or str(uid)
    return user_name(uid, ctx) or f"user {uid}"


def dialog_name(kind: str, did: int, ctx) -> str | None:
    if kind == "user":
        own = ctx.lookups["own"]
        if own and did == own.get("id"):
            return "Saved Messages"
        return user_name(did, ctx)
    if kind == "secret":
        enc = ctx.lookups["enc_chats"].get(did)
        if enc is None:
            return None
        return user_name(enc["user"], ctx) or enc.get("name")
    chat = ctx.lookups["chats"].get(did)
    return chat["title"] if chat else None


def _display(user: dict) -> str | None:
    parts = [p for p in (user.get("first_name"), user.get("last_name")) if p]
    if parts:
        return " ".join(parts)
    if user.get("username"):
        return "@" + user["username"]
    return None


def _user_record(obj) -> dict:
    name = _display(obj)
    record = {
        "id": obj.get("id"),
        "name": name,
        "username": obj.get("username"),
        "phone": ("+" + obj["phone"]) if obj.get("phone") and not str(obj["phone"]).startswith("+") else obj.get("phone"),
        "deleted": bool(obj.get("deleted")) or obj.name == "userEmpty",
        "bot": bool(obj.get("bot")),
        "constructor": obj.name,
    }
    if not record["name"] and record["phone"]:
        record["name"] = record["phone"]
    return record


def _chat_record(obj) -> dict:
    name = obj.name
    if name in ("channel", "channelForbidden"):
        kind = "supergroup" if obj.get("megagroup") else "channel"
    else:
        kind = "group"
    return {
        "id": obj.get("id"),
        "title": obj.get("title"),
        "kind": kind,
        "username": obj.get("username"),
        "forbidden": name.endswith("Forbidden") or name == "chatEmpty",
        "constructor": name,
    }


# ---------------------------------------------------------------------------------------------
# Media and actions


def _document_info(doc) -> dict:
    info = {"mime_type": doc.get("mime_type"), "size": doc.get("size"), "file_name": None}
    for attr in doc.get("attributes") or ():
        n = attr.name
        if n == "documentAttributeFilename":
            info["file_name"] = attr.get("file_name")
        elif n == "documentAttributeAudio":
            info["kind"] = "voice" if attr.get("voice") else "audio"
            info["duration_s"] = attr.get("duration")
            if attr.get("title"):
                info["title"] = attr.get("title")
            if attr.get("performer"):
                info["performer"] = attr.get("performer")
        elif n == "documentAttributeVideo":
            info["kind"] = "round video" if attr.get("round_message") else "video"
            info["duration_s"] = attr.get("duration")
        elif n == "documentAttributeSticker":
            info["kind"] = "sticker"
            info["sticker_alt"] = attr.get("alt")
        elif n == "documentAttributeAnimated":
            info.setdefault("kind", "animation")
    info.setdefault("kind", "document")
    return info


def _text(value) -> str | None:
    """A ``string`` or a ``TextWithEntities`` (poll questions from layer 178 on) as text."""
    if isinstance(value, dict):
        return value.get("text")
    return value


def describe_media(media, ctx, attach) -> tuple[dict, str | None, list]:
    """``(extra, summary for the body, attachments)`` of a MessageMedia object."""
    if media is None:
        return {}, None, []
    name = media.name
    extra: dict = {"media_constructor": name}
    summary = None
    attachments = []
    path = attach.path if attach is not None else None
    if name == "messageMediaPhoto":
        extra["media_type"] = "photo"
        photo = media.get("photo")
        size = None
        if isinstance(photo, dict):
            extra["photo_id"] = photo.get("id")
            sizes = [s.get("size") for s in photo.get("sizes") or () if isinstance(s, dict) and s.get("size")]
            size = max(sizes) if sizes else None
        if media.get("ttl_seconds"):
            extra["self_destruct_s"] = media["ttl_seconds"]
        attachments.append(ctx.attachment(path, name=None, mime_type="image/jpeg", size=size))
    elif name == "messageMediaDocument":
        doc = media.get("document")
        if isinstance(doc, dict) and doc.name == "document":
            info = _document_info(doc)
            if doc.get("file_name") and not info["file_name"]:  # document#9efc6326 (before layer 47) has file_name
                info["file_name"] = doc["file_name"]
            extra["media_type"] = info["kind"]
            extra["document_id"] = doc.get("id")
            for key in ("duration_s", "title", "performer", "sticker_alt"):
                if info.get(key) is not None:
                    extra[key] = info[key]
            if info["file_name"]:
                extra["file_name"] = info["file_name"]
            attachments.append(ctx.attachment(path, name=info["file_name"], mime_type=info["mime_type"], size=info["size"]))
        else:
            extra["media_type"] = "document"
    elif name in ("messageMediaGeo", "messageMediaGeoLive", "messageMediaVenue"):
        geo = media.get("geo") or {}
        lat, lon = geo.get("lat"), geo.get("long")
        extra["media_type"] = {"messageMediaGeo": "location", "messageMediaGeoLive": "live location",
                               "messageMediaVenue": "venue"}[name]
        if lat is not None:
            extra["latitude"], extra["longitude"] = lat, lon
        where = f"{lat:.6f}, {lon:.6f}" if lat is not None else "unknown position"
        if name == "messageMediaVenue":
            summary = f"[Venue] {media.get('title')}, {media.get('address')} ({where})"
        elif name == "messageMediaGeoLive":
            extra["live_period_s"] = media.get("period")
            summary = f"[Live location] {where}"
        else:
            summary = f"[Location] {where}"
    elif name == "messageMediaContact":
        full = " ".join(p for p in (media.get("first_name"), media.get("last_name")) if p)
        extra["media_type"] = "contact"
        extra["contact_phone"] = media.get("phone_number")
        if media.get("user_id"):
            extra["contact_user_id"] = media["user_id"]
        if media.get("vcard"):
            extra["vcard"] = media["vcard"]
        summary = f"[Contact] {full}, {media.get('phone_number')}"
    elif name == "messageMediaWebPage":
        page = media.get("webpage") or {}
        extra["media_type"] = "link preview"
        if page.get("url"):
            extra["webpage_url"] = page.get("url")
        if page.get("title"):
            extra["webpage_title"] = page.get("title")
    elif name == "messageMediaPoll":
        poll = media.get("poll") or {}
        answers = [_text(a.get("text")) for a in poll.get("answers") or () if isinstance(a, dict)]
        extra["media_type"] = "poll"
        extra["poll_question"] = _text(poll.get("question"))
        extra["poll_answers"] = answers
        results = media.get("results") or {}
        if results.get("total_voters") is not None:
            extra["poll_total_voters"] = results["total_voters"]
        summary = f"[Poll] {_text(poll.get('question'))} ({' / '.join(a or '' for a in answers)})"
    elif name == "messageMediaDice":
        extra["media_type"] = "dice"
        extra["dice_value"] = media.get("value")
        summary = f"[Dice] {media.get('emoticon')} {media.get('value')}"
    elif name == "messageMediaStory":
        extra["media_type"] = "story"
        extra["story_id"] = media.get("id")
        owner = peer_id(media.get("peer"))
        if owner:
            extra["story_peer"] = f"{owner[0]}:{owner[1]}"
        summary = f"[Story] {media.get('id')}"
    elif name in ("messageMediaVideo", "messageMediaAudio"):  # layers before 46: video:Video / audio:Audio
        item = media.get("video") if name == "messageMediaVideo" else media.get("audio")
        kind = "video" if name == "messageMediaVideo" else "audio"
        extra["media_type"] = kind
        if isinstance(item, dict):
            extra["document_id"] = item.get("id")
            if item.get("duration") is not None:
                extra["duration_s"] = item["duration"]
            attachments.append(ctx.attachment(path, name=None, mime_type=item.get("mime_type"), size=item.get("size")))
    elif name == "messageMediaUnsupported":
        extra["media_type"] = "unsupported"
    elif name == "messageMediaEmpty":
        return {}, None, []
    else:
        extra["media_type"] = name
    return extra, summary, attachments


def describe_action(action, actor: str, actor_id: int | None, ctx) -> str:
    """A readable line for a MessageAction (``actor`` did it; ``actor_id`` is their user id)."""
    n = action.name
    names = lambda ids: ", ".join(name_or_id(u, ctx) for u in ids or ())  # noqa: E731
    added = action.get("users") if "users" in action else ([action["user_id"]] if n == "messageActionChatAddUser" else None)
    if n == "messageActionChatAddUser" and actor_id is not None and list(added or ()) == [actor_id]:
        return f"{actor} joined the group"
    if n == "messageActionChatDeleteUser" and actor_id is not None and action.get("user_id") == actor_id:
        return f"{actor} left the group"
    if n == "messageActionChatCreate":
        return f"{actor} created the group «{action.get('title')}» with {names(action.get('users'))}"
    if n == "messageActionChatEditTitle":
        return f"{actor} changed the group name to «{action.get('title')}»"
    if n == "messageActionChatEditPhoto":
        return f"{actor} changed the group photo"
    if n == "messageActionChatDeletePhoto":
        return f"{actor} removed the group photo"
    if n == "messageActionChatAddUser":  # users:Vector, or user_id:int before layer 47
        return f"{actor} added {names(added)}"
    if n == "messageActionChatDeleteUser":
        return f"{actor} removed {name_or_id(action.get('user_id'), ctx)}"
    if n == "messageActionChatJoinedByLink":
        return f"{actor} joined the group via an invite link of {name_or_id(action.get('inviter_id'), ctx)}"
    if n == "messageActionChatJoinedByRequest":
        return f"{actor} was accepted into the group"
    if n == "messageActionChannelCreate":
        return f"Channel «{action.get('title')}» created"
    if n == "messageActionChatMigrateTo":
        return f"Group upgraded to supergroup {action.get('channel_id')}"
    if n == "messageActionChannelMigrateFrom":
        return f"Supergroup created from group «{action.get('title')}» ({action.get('chat_id')})"
    if n == "messageActionPinMessage":
        return f"{actor} pinned a message"
    if n == "messageActionHistoryClear":
        return "Chat history cleared"
    if n == "messageActionScreenshotTaken":
        return f"{actor} took a screenshot"
    if n == "messageActionCustomAction":
        return action.get("message") or "Custom action"
    if n == "messageActionContactSignUp":
        return f"{actor} joined Telegram"
    if n == "messageActionSetMessagesTTL":
        period = action.get("period") or 0
        return f"{actor} set messages to auto-delete after {duration_text(period)}" if period else f"{actor} turned off auto-delete"
    if n == "messageActionEmpty":
        return "Empty service message"
    # the app's own service messages (TLRPC ids 0x5555xxxx) and the geo chats of the first layers
    if n == "messageActionTTLChange":
        ttl = action.get("ttl") or 0
        return f"{actor} set the self-destruct timer to {duration_text(ttl)}" if ttl else f"{actor} turned off the self-destruct timer"
    if n == "messageActionUserJoined":
        return f"{actor} joined Telegram"
    if n == "messageActionUserUpdatedPhoto":
        return f"{actor} updated the profile photo"
    if n == "messageActionLoginUnknownLocation":
        return f"New login from an unknown device: {action.get('title')}, {action.get('address')}"
    if n == "messageActionCreatedBroadcastList":
        return f"{actor} created a broadcast list"
    if n == "messageActionGeoChatCreate":
        return f"{actor} created the geo chat «{action.get('title')}» ({action.get('address')})"
    if n == "messageActionGeoChatCheckin":
        return f"{actor} checked in to the geo chat"
    if n == "messageEncryptedAction":
        inner = action.get("encrypted_action")
        if isinstance(inner, dict):
            if inner.get("ttl_seconds") is not None:
                ttl = inner["ttl_seconds"]
                return f"{actor} set the self-destruct timer to {duration_text(ttl)}" if ttl else f"{actor} turned off the self-destruct timer"
            return f"{actor}: {inner.name}"
        return f"{actor}: secret chat action"
    return f"{actor}: {n}"


def call_summary(action, direction) -> tuple[str, str]:
    """``(body, status)`` of a messageActionPhoneCall."""
    reason = action.get("reason")
    status = CALL_REASONS.get(reason.name, reason.name) if isinstance(reason, dict) else "ended"
    label = ("Video" if action.get("video") else "Voice") + " call, " + ("outgoing" if direction == OUTGOING else "incoming")
    duration = action.get("duration")
    if status == "ended" and duration:
        return f"{label}, {duration_text(duration)}", "answered"
    if status == "ended":
        return f"{label}, ended", "ended"
    return f"{label}, {status}", status


# ---------------------------------------------------------------------------------------------
# Row mapping


def _fwd_info(fwd, ctx) -> dict:
    info = {}
    src = fwd.get("from_id")
    if isinstance(src, int):  # layer <= 118: from_id:flags.0?int
        info["from_user_id"] = src
        info["from_name"] = user_name(src, ctx)
    else:
        peer = peer_id(src)
        if peer:
            info[f"from_{peer[0]}_id"] = peer[1]
            if peer[0] == "user":
                info["from_name"] = user_name(peer[1], ctx)
            else:
                chat = ctx.lookups["chats"].get(peer[1])
                info["from_name"] = chat["title"] if chat else None
    if fwd.get("channel_id"):
        info["from_channel_id"] = fwd["channel_id"]
    if fwd.get("from_name"):
        info["from_name"] = fwd["from_name"]
    if fwd.get("date") is not None:
        info["date"] = ctx.time(UNIX_SECONDS, fwd["date"], column="data:messageFwdHeader.date")
        info["date_raw"] = fwd["date"]
    if fwd.get("channel_post"):
        info["channel_post"] = fwd["channel_post"]
    if fwd.get("post_author"):
        info["post_author"] = fwd["post_author"]
    if fwd.get("saved_from_msg_id"):
        info["saved_from_msg_id"] = fwd["saved_from_msg_id"]
    return {k: v for k, v in info.items() if v is not None}


def _reply_to(obj) -> int | None:
    if obj.get("reply_to_msg_id") is not None:  # layer <= 118
        return obj["reply_to_msg_id"]
    rt = obj.get("reply_to")
    if isinstance(rt, dict):
        return rt.get("reply_to_msg_id")
    return None


def _sender(obj, kind, did, direction, ctx) -> tuple[str | None, str | None, dict]:
    """Address and name of the sender, and extra fields about it."""
    own = ctx.lookups["own"]
    extra: dict = {}
    if direction == OUTGOING and own:
        uid = own["id"]
        return str(uid), own.get("name"), extra
    src = obj.get("from_id")
    if obj.name.startswith("message_secret"):
        # TL_message_secret writes from_id as (int) of the user id: 64-bit ids do not survive it,
        # so the other party of the secret chat (enc_chats.user) is the sender of what comes in
        enc = ctx.lookups["enc_chats"].get(did) if kind == "secret" else None
        peer = ("user", enc["user"]) if enc else (("user", src) if src else None)
        if src is not None:
            extra["tl_from_id"] = src
    elif isinstance(src, int) and src:  # layers <= 118: from_id:flags.8?int
        peer = ("user", src)
    else:
        peer = peer_id(src)
    if peer is None:
        if kind == "user":
            peer = ("user", did)
        elif kind == "secret":
            enc = ctx.lookups["enc_chats"].get(did)
            peer = ("user", enc["user"]) if enc else None
        elif kind in ("channel",):
            peer = ("channel", did)
    if peer is None:
        return None, None, extra
    if peer[0] == "user":
        user = ctx.lookups["users"].get(peer[1])
        if user:
            if user.get("phone"):
                extra["sender_phone"] = user["phone"]
            if user.get("username"):
                extra["sender_username"] = user["username"]
        return str(peer[1]), (user or {}).get("name"), extra
    chat = ctx.lookups["chats"].get(peer[1])
    extra["sender_type"] = peer[0]
    return f"-{peer[1]}", chat["title"] if chat else None, extra


def _status(row, direction) -> str | None:
    read_state = row["read_state"]
    if direction == OUTGOING:
        status = SEND_STATES.get(row["send_state"], f"send_state {row['send_state']}") if row["send_state"] is not None else "sent"
        if status == "sent" and read_state is not None and read_state & READ_FLAG:
            return "read"
        return status
    if read_state is None:
        return "received"
    return "read" if read_state & READ_FLAG else "unread"


def message_to_event(row, ctx) -> dict:
    """One ``messages_v2``/``messages``/``media_v4`` row (by column name) -> one event."""
    table = ctx.lookups["table"]
    uid = row["uid"]
    # the primary key is (mid, uid): name both (map_rows knows only one id column)
    ctx.locator = f"{table}:mid={row['mid']},uid={uid}"
    kind, did = dialog_kind(uid, ctx)
    if kind == "group_or_channel" and row["is_channel"] is not None:
        kind = "channel" if row["is_channel"] else "group"
    out = row["out"]
    direction = (OUTGOING if out else INCOMING) if out is not None else None
    date = row["date"]
    extra: dict = {"mid": row["mid"], "dialog_type": kind}
    for col in ("read_state", "send_state", "ttl", "media", "is_channel", "reply_to_message_id", "group_id"):
        if row[col] is not None:
            extra[col] = row[col]
    if ctx.lookups["own"]:
        extra["account_user_id"] = ctx.lookups["own"]["id"]
    if table != "messages_v2":
        extra["source_table"] = table
    event = {
        "timestamp": ctx.time(UNIX_SECONDS, date, column=f"{table}.date"),
        "timestamp_raw": date,
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED,
        "kind": "message",
        "direction": direction,
        "conversation_id": str(uid),
        "conversation_name": dialog_name(kind, did, ctx),
        "body": None,
        "status": _status(row, direction) if direction else None,
        "extra": extra,
        "source_locator": ctx.locator,
    }
    try:
        data = as_bytes(row["data"])
    except ValueClassError as exc:
        data, extra["tl_error"] = None, str(exc)
    if data is None:
        extra.setdefault("tl_error", "no data")
        ctx.warn(f"{table} row has no data BLOB" + (f": {extra['tl_error']}" if extra["tl_error"] != "no data" else ""))
        return event
    try:
        obj = tl.decode(data)
    except tl.TLError as exc:
        cid = int.from_bytes(bytes(data[:4]), "little") if len(data) >= 4 else None
        extra["tl_constructor_id"] = f"0x{cid:08x}" if cid is not None else None
        extra["tl_error"] = str(exc)
        extra["tl_error_offset"] = exc.offset
        if isinstance(exc, tl.TLUnknownConstructor):
            extra["tl_unknown_constructor"] = f"0x{exc.constructor_id:08x}"
        partial = exc.partial
        if partial is not None:
            extra["tl_constructor"] = partial.name
            if isinstance(partial.get("message"), str):
                extra["tl_partial_message"] = partial["message"]
        ctx.warn(f"{table} data could not be decoded: {exc}")
        return event

    extra["tl_constructor"] = obj.name
    extra["tl_constructor_id"] = f"0x{obj['_id']:08x}"
    extra["tl_layer"] = layer_span(obj["_layer"])
    if obj.get("id") is not None:
        extra["message_id"] = obj["id"]
    if direction is None and obj.get("out") is not None:
        direction = OUTGOING if obj["out"] else INCOMING
        event["direction"] = direction
        event["timestamp_desc"] = SENT if direction == OUTGOING else RECEIVED
        event["status"] = _status(row, direction)
    if obj.get("date") is not None and obj["date"] != date:
        extra["tl_date"] = ctx.time(UNIX_SECONDS, obj["date"], column="data:Message.date")
        extra["tl_date_raw"] = obj["date"]

    sender, sender_name, sender_extra = _sender(obj, kind, did, direction, ctx)
    event["sender"], event["sender_name"] = sender, sender_name
    extra.update(sender_extra)
    own = ctx.lookups["own"]
    if direction == OUTGOING:
        if kind == "user":
            event["recipients"] = [str(did)]
        elif kind == "secret":
            enc = ctx.lookups["enc_chats"].get(did)
            event["recipients"] = [str(enc["user"])] if enc else []
    elif kind in ("user", "secret") and own:
        event["recipients"] = [str(own["id"])]

    if obj.name == "messageEmpty":
        event["kind"] = "other"
        extra["note"] = "messageEmpty: the message was deleted or is not available"
        return event

    if obj.name == "messageService" or "action" in obj:
        action = obj.get("action")
        actor = sender_name or (sender if sender else "Someone")
        if isinstance(action, dict) and action.name == "messageActionPhoneCall":
            body, status = call_summary(action, direction)
            # the time is the call's service message's: whether the server dates it at the start or
            # the end of the call is not documented (docs/telegram.md), so no end time is derived
            event.update(kind="call", body=body, status=status, timestamp_desc=CALL_MESSAGE_TIME)
            extra.update(call_id=action.get("call_id"), video=bool(action.get("video")), duration_s=action.get("duration"))
            if isinstance(action.get("reason"), dict):
                extra["call_reason"] = action["reason"].name
            if kind == "user":
                event["conversation_name"] = dialog_name(kind, did, ctx)
            return event
        event["kind"] = "system"
        if isinstance(action, dict):
            extra["action"] = action.name
            actor_id = int(sender) if sender and sender.isdigit() else None
            event["body"] = describe_action(action, actor, actor_id, ctx)
            if action.get("title"):
                extra["action_title"] = action["title"]
            for key in ("users", "user_id", "inviter_id", "channel_id", "chat_id"):
                if action.get(key) is not None:
                    extra[f"action_{key}"] = action[key]
        reply = _reply_to(obj)
        if reply is not None:
            extra["reply_to_msg_id"] = reply
            if isinstance(action, dict) and action.name == "messageActionPinMessage":
                event["body"] = f"{actor} pinned message {reply}"
        return event

    # a message (any layer) or a secret-chat message
    attach = tl.attach_path(obj)
    if attach is not None and attach.path:
        extra["attach_path"] = attach.path
    if attach is not None and attach.params:
        extra["attach_params"] = attach.params
    if attach is not None and attach.fwd_msg_id is not None:
        extra["fwd_msg_id"] = attach.fwd_msg_id
    media_extra, summary, attachments = describe_media(obj.get("media"), ctx, attach)
    extra.update(media_extra)
    text = obj.get("message")
    media = obj.get("media")
    if not text and isinstance(media, dict) and media.get("caption"):
        text = media["caption"]  # layers up to 69 keep a photo/video/document caption in the media (captionLegacy)
        extra["caption_in_media"] = True
    event["body"] = text if text else summary
    event["attachments"] = attachments
    if obj.get("fwd_from"):
        extra["forwarded_from"] = _fwd_info(obj["fwd_from"], ctx)
    elif obj.get("fwd_from_id") is not None:  # layers before 48: fwd_from_id:int or Peer, fwd_date:int
        extra["forwarded_from"] = _fwd_info({"from_id": obj["fwd_from_id"], "date": obj.get("fwd_date")}, ctx)
    reply = _reply_to(obj)
    if reply is not None:
        extra["reply_to_msg_id"] = reply
    if obj.get("reply_to_random_id") is not None:
        extra["reply_to_random_id"] = obj["reply_to_random_id"]
    if obj.get("edit_date"):
        extra["edit_date"] = ctx.time(UNIX_SECONDS, obj["edit_date"], column="data:message.edit_date")
        extra["edit_date_raw"] = obj["edit_date"]
    for key in ("views", "forwards", "post_author", "grouped_id", "via_bot_id", "via_bot_name", "ttl_period"):
        if obj.get(key) is not None:
            extra[key] = obj[key]
    for key in ("post", "silent", "pinned", "noforwards", "mentioned", "media_unread"):
        if obj.get(key):
            extra[key] = True
    if obj.name.startswith("message_secret"):
        extra["secret_chat"] = True
        if obj.get("ttl"):
            extra["self_destruct_s"] = obj["ttl"]
    if obj.get("entities"):
        urls = [e.get("url") for e in obj["entities"] if isinstance(e, dict) and e.get("url")]
        if urls:
            extra["urls"] = urls
    if isinstance(obj.get("reactions"), dict):
        counts = []
        for rc in obj["reactions"].get("results") or ():
            reaction = rc.get("reaction")
            label = reaction if isinstance(reaction, str) else (reaction or {}).get("emoticon") or (reaction or {}).get("_")
            counts.append({"reaction": label, "count": rc.get("count")})
        extra["reactions"] = counts
    return event


def contact_to_event(row, ctx) -> dict:
    """One row of ``contacts`` (the Telegram contact list) -> one contact event."""
    uid = row["uid"]
    user = ctx.lookups["users"].get(uid) or {}
    name = user.get("name")
    phone = user.get("phone")
    extra = {"source_table": "contacts", "user_id": uid, "mutual": bool(row["mutual"])}
    if user.get("username"):
        extra["username"] = user["username"]
    return {
        "timestamp": None,
        "timestamp_desc": NOT_A_TIME,
        "kind": "contact",
        "conversation_id": str(uid),
        "conversation_name": name,
        "sender": phone or str(uid),
        "sender_name": name,
        "body": " ".join(p for p in (name, f"({phone})" if phone else None) if p) or str(uid),
        "extra": extra,
    }


def phonebook_to_event(row, ctx) -> dict:
    """One ``user_contacts_v7`` row with its ``user_phones_v7`` rows -> one contact event."""
    name = " ".join(p for p in (row["fname"], row["sname"]) if p) or None
    phones = [p["phone"] for p in row["phones"] if not p["deleted"]]
    deleted = [p["phone"] for p in row["phones"] if p["deleted"]]
    extra = {"source_table": "user_contacts_v7", "key": row["key"], "phones": phones}
    if deleted:
        extra["deleted_phones"] = deleted
    if row["imported"] is not None:
        extra["imported"] = row["imported"]
    uid = row["uid"]
    if uid:
        extra["user_id"] = uid
    return {
        "timestamp": None,
        "timestamp_desc": NOT_A_TIME,
        "kind": "contact",
        "conversation_id": str(uid) if uid else None,
        "conversation_name": name,
        "sender": phones[0] if phones else None,
        "sender_name": name,
        "body": " ".join(p for p in (name, f"({', '.join(phones)})" if phones else None) if p) or None,
        "extra": extra,
    }


# ---------------------------------------------------------------------------------------------
# The parser


class TelegramAndroidParser(SQLiteParser):
    name = "telegram_android"
    version = __version__
    app = "telegram"
    platform = "android"
    description = "Telegram for Android cache4.db (messages, service actions, calls, contacts; TL-decoded)"
    path_globs = (
        "**/org.telegram.messenger*/files/cache4.db",
        "**/org.telegram.messenger*/files/account*/cache4.db",
    )
    related_globs = {
        "userconfig": (
            "**/org.telegram.messenger*/shared_prefs/userconfing.xml",
            "**/org.telegram.messenger*/shared_prefs/userconfig*.xml",
        ),
    }
    attachment_globs = (
        "**/Android/data/org.telegram.messenger*/files/Telegram/**",
        "**/org.telegram.messenger*/files/Telegram/**",
        "**/org.telegram.messenger*/cache/*",
    )
    required_tables = {"users": {"uid", "name", "data"}, "chats": {"uid", "name", "data"}}
    time_units = {
        "messages_v2.date": UNIX_SECONDS,
        "messages.date": UNIX_SECONDS,
        "media_v4.date": UNIX_SECONDS,
        "data:message.edit_date": UNIX_SECONDS,
        "data:messageFwdHeader.date": UNIX_SECONDS,
    }
    references = (
        "DrKLO/Telegram TMessagesProj/.../messenger/MessagesStorage.java (cache4.db tables)",
        "DrKLO/Telegram DialogObject.java (dialog ids of users, groups, channels, secret chats)",
        "Telegram TL schema api.tl, layers 47-229, the app's pre-layer-47 classes (android.tl) and secret_api.tl (schemas/tl/, generated artefacts/decoders/tl_schema.py)",
        "Telegram for Android TLRPC.Message.writeAttachPath/readAttachPath, TL_message_secret",
        "abrignoni/ALEAPP scripts/artifacts/telegramAndroid.py (paths, userconfing.xml)",
        "project notes formats.md section 4, docs/telegram.md",
    )

    def parse(self, ctx):
        ctx.lookups["users"] = self._users(ctx)
        ctx.lookups["chats"] = self._chats(ctx)
        ctx.lookups["enc_chats"] = self._enc_chats(ctx)
        ctx.lookups["own"] = self._own_account(ctx)
        seen: set[tuple] = set()
        for table in ("messages_v2", "messages"):
            if not ctx.has_columns(table, "mid", "uid", "date", "data"):
                continue
            ctx.lookups["table"] = table
            opt = ", ".join(ctx.column_or_null(table, c) for c in MESSAGE_OPTIONAL)
            sql = f"SELECT mid, uid, date, data, {opt} FROM {table} ORDER BY uid, mid"
            for row in ctx.rows(f"SELECT mid, uid FROM {table}"):
                seen.add((row[0], row[1]))
            yield from ctx.map_rows(sql, message_to_event, table=table, id_column="mid")
        if not any(ctx.has_columns(t, "mid", "uid", "date", "data") for t in ("messages_v2", "messages")):
            ctx.warn("no messages_v2 or messages table: only contacts are read")
        if ctx.has_columns("media_v4", "mid", "uid", "date", "data"):
            yield from self._media_orphans(ctx, seen)
        if ctx.has_columns("contacts", "uid", "mutual"):
            yield from ctx.map_rows("SELECT uid, mutual FROM contacts ORDER BY uid", contact_to_event,
                                    table="contacts", id_column="uid")
        if ctx.has_columns("user_contacts_v7", "key", "uid", "fname", "sname"):
            yield from ctx.map_rows(self._phonebook(ctx), phonebook_to_event, table="user_contacts_v7", id_column="key")

    # -- lookups ------------------------------------------------------------------------------
    def _decode_rows(self, ctx, sql, table, what):
        for key, data in ctx.rows(sql):
            if data is None:
                continue
            try:
                yield key, tl.decode(as_bytes(data))
            except (tl.TLError, ValueClassError) as exc:
                ctx.warn(f"{table}.data ({what} {key}) could not be decoded: {exc}", f"{table}:uid={key}")

    def _users(self, ctx) -> dict:
        users = {}
        for uid, obj in self._decode_rows(ctx, "SELECT uid, data FROM users ORDER BY uid", "users", "user"):
            if obj.get("id") is not None:
                users[uid] = _user_record(obj)
        return users

    def _chats(self, ctx) -> dict:
        chats = {}
        for uid, obj in self._decode_rows(ctx, "SELECT uid, data FROM chats ORDER BY uid", "chats", "chat"):
            chats[uid] = _chat_record(obj)
        return chats

    def _enc_chats(self, ctx) -> dict:
        if not ctx.has_columns("enc_chats", "uid", "user", "name"):
            return {}
        out = {}
        for uid, user, name in ctx.rows("SELECT uid, user, name FROM enc_chats ORDER BY uid"):
            out[uid] = {"user": user, "name": name}
        return out

    def _own_account(self, ctx) -> dict | None:
        path = ctx.source.path
        m = _ACCOUNT_DIR.search("/" + path)
        account = int(m.group(1)) if m else 0
        wanted = "userconfing.xml" if account == 0 else f"userconfig{account}.xml"
        app_dir = path.lower().split("/files/")[0]
        for rel in ctx.related("userconfig"):
            if rel.path.rsplit("/", 1)[-1].lower() != wanted or not rel.path.lower().startswith(app_dir + "/"):
                continue
            try:
                root = ET.parse(rel.local_path).getroot()
            except (ET.ParseError, OSError) as exc:
                ctx.warn(f"{rel.path}: not readable XML ({exc})")
                return None
            node = root.find("./string[@name='user']")
            if node is None or not (node.text or "").strip():
                return None
            try:
                obj = tl.decode(base64.b64decode("".join(node.text.split()), validate=True))
            except (binascii.Error, ValueError) as exc:
                ctx.warn(f"{rel.path}: key 'user' is not a base64 TL User ({exc})")
                return None
            record = _user_record(obj)
            record["account"] = account
            record["source"] = rel.path
            return record
        return None

    # -- other tables -------------------------------------------------------------------------
    def _media_orphans(self, ctx, seen):
        """media_v4 rows whose message is no longer in messages_v2/messages (still reported)."""
        ctx.lookups["table"] = "media_v4"
        opt = ", ".join(ctx.column_or_null("media_v4", c) for c in MESSAGE_OPTIONAL)
        rows = (r for r in ctx.rows(f"SELECT mid, uid, date, data, {opt} FROM media_v4 ORDER BY uid, mid")
                if (r["mid"], r["uid"]) not in seen)
        yield from ctx.map_rows(rows, message_to_event, table="media_v4", id_column="mid")

    def _phonebook(self, ctx):
        phones: dict[str, list] = {}
        if ctx.has_columns("user_phones_v7", "key", "phone", "deleted"):
            for key, phone, deleted in ctx.rows("SELECT key, phone, deleted FROM user_phones_v7 ORDER BY key, phone"):
                phones.setdefault(key, []).append({"phone": phone, "deleted": bool(deleted)})
        imported = ctx.column_or_null("user_contacts_v7", "imported")
        for row in ctx.rows(f"SELECT key, uid, fname, sname, {imported} FROM user_contacts_v7 ORDER BY key"):
            composed = dict(row)
            composed["phones"] = phones.get(row["key"], [])
            yield composed


@hookimpl
def register_parsers(register):
    register(TelegramAndroidParser)
