"""X/Twitter for iOS: the direct-message cache (``com.atebits.tweetie.direct-message.cache/<account>``).

The iOS app keeps its DM inbox, one file per signed-in account, in
``*/mobile/Containers/Data/Application/<UUID>/Library/Caches/com.atebits.tweetie.direct-message.cache/``
(the file is named after the account, ``TDfir-725479270958694`` in the real case). The SQLite
``twitter.db`` of the same app (users, tweets) is read by ``plugins/twitter.py``; this store is a
different file and format, hence its own module.

Where the facts come from:

* The real cache of iLEAPP's test case ``twitterX.josh_ios17_ffs`` (iOS 17.3,
  ``../shared/corpus/ileapp/cases/``) and iLEAPP ``scripts/artifacts/twitterX.py``
  (``abrignoni/iLEAPP``: path, the three inbox timelines, ``cachedUserByUserID``).
* The file is an NSKeyedArchiver binary property list (decoded by ``unarchive`` of
  ``plugins/signal_ios.py``) whose root (``TFNDirectMessageContextState``) holds ``inbox``
  (``TFNDirectMessageInbox``: ``context`` = ``{userID, accountID}`` of the account holder and the
  timelines ``trusted_conversations_timeline``, ``untrusted_conversations_timeline``,
  ``low_quality_conversations_timeline``, each with a ``conversations`` list) and
  ``cachedUserByUserID`` (``TFNDirectMessageUser`` by user id). ``directMessageModelVersion`` is
  317 in the real file.
* A conversation: ``identifier.canonicalID`` (``<user id>-<user id>`` for one-to-one), optional
  ``conversationName``, ``participants`` (an ordered set of ``{participatingUser, lastReadMessageID}``),
  ``entries`` (a list). The entry classes of the real file: ``TFNDirectMessageEntry`` (a message:
  ``time``, ``sender`` (a user), ``displayText``/``originalText``, ``identifier.canonicalID`` the
  message id, ``attachment.entityMedia`` with ``mediaURL``/``displayURL``, ``inReplyToMessageEntry``,
  ``marked_as_spam``/``marked_as_abuse`` as iLEAPP reads them), ``TFNDirectMessageReactionCreatedEntry``
  (``emoji_reaction``, ``reaction_key``, ``message_id.canonicalID`` the message reacted to, ``sender``,
  ``time``) and ``TFNDirectMessageEndAvBroadcastEntry`` (an audio/video call that ended:
  ``started_at``, ``ended_at``, ``call_type``, ``end_reason``; no source gives the values' meaning,
  they are kept raw). Any other entry class is a ``system`` event named by its class.
* Times are ``NSDate`` objects: ``NS.time`` Cocoa seconds since 2001-01-01 (Foundation; iLEAPP's
  deserializer makes them dates). A message from the holder's ``userID`` is outgoing.
* Users (``cachedUserByUserID``): ``userID``, ``username``, ``fullName``, ``bio``, ``verified``,
  ``isBlueVerified``, ``protected``, ``blocking``, ``following``, ``profileImageMediaEntity.url``,
  ``createdAt`` and ``kUpdatedTimestampCodingKey`` (NSDates): one ``contact`` event each, addressed by
  the numeric user id (as the users of ``plugins/twitter.py``).
"""

from __future__ import annotations

import os

from artefacts import hookimpl
from artefacts.events import CALL_START, INCOMING, OUTGOING, SENT, attachment, contact_event, duration_text
from artefacts.parser import Parser
from artefacts.plugins.signal_ios import ArchiveError, unarchive
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

MAX_BYTES = 256 << 20  # the real cache is 74 KB; a larger file is not read into memory
TIMELINES = (("trusted_conversations_timeline", "trusted"), ("untrusted_conversations_timeline", "untrusted"),
             ("low_quality_conversations_timeline", "low_quality"))
MESSAGE, REACTION, CALL = "TFNDirectMessageEntry", "TFNDirectMessageReactionCreatedEntry", "TFNDirectMessageEndAvBroadcastEntry"
KNOWN_MODEL_VERSIONS = {317}
CACHE_DIR = "com.atebits.tweetie.direct-message.cache/"
USER_FLAGS = ("verified", "isBlueVerified", "protected", "blocking", "following")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _uid(value) -> str | None:
    return str(value) if isinstance(value, (int, str)) and value != "" else None


def _nsdate(value):
    """The Cocoa seconds of an ``NSDate`` (``{"NS.time": s}``), else ``None``."""
    t = _dict(value).get("NS.time")
    return t if isinstance(t, (int, float)) and not isinstance(t, bool) else None


def _canonical(value):
    return _dict(value).get("canonicalID")


def _participants(conversation: dict) -> list[dict]:
    parts = conversation.get("participants")
    values = parts.values() if isinstance(parts, dict) else parts if isinstance(parts, list) else []
    return [_dict(p).get("participatingUser") for p in values if isinstance(_dict(p).get("participatingUser"), dict)]


def _label(user: dict) -> str | None:
    name, username = user.get("fullName") or None, user.get("username") or None
    if name and username:
        return f"{name} (@{username})"
    return f"@{username}" if username else name


def entry_to_event(row, ctx) -> dict:
    """One conversation entry (``row``: the entry, its conversation's id/name/members, the holder)."""
    entry, holder = row["entry"], row["holder"]
    if not isinstance(entry, dict):
        raise ValueError(f"entry is a {type(entry).__name__}, not a dict")
    cls = entry.get("$class")
    sender_user = _dict(entry.get("sender"))
    sender = _uid(sender_user.get("userID"))
    members = row["members"]
    extra: dict = {"entry_class": cls, "timeline": row["timeline"], "entry_id": _canonical(entry.get("identifier"))}
    if row["account_id"]:
        extra["account_id"] = row["account_id"]
    raw = _nsdate(entry.get("time"))
    event = {
        "timestamp": ctx.time(COCOA_SECONDS, raw, column="entries[].time"),
        "timestamp_raw": raw,
        "timestamp_desc": SENT,
        "kind": "system",
        "direction": None,
        "conversation_id": row["conversation_id"],
        "conversation_name": row["conversation_name"],
        "sender": sender,
        "sender_name": sender_user.get("fullName") or None,
        "recipients": [],
        "body": cls,
        "attachments": [],
        "deleted": False,
        "extra": extra,
    }
    if sender:
        event["direction"] = OUTGOING if sender == holder else INCOMING
        event["recipients"] = [m for m in members if m != sender]
        extra["sender_username"] = sender_user.get("username")
    if cls == MESSAGE:
        event["kind"] = "message"
        event["body"] = entry.get("displayText") or entry.get("originalText")
        if entry.get("originalText") not in (None, event["body"]):
            extra["original_text"] = entry.get("originalText")
        media = _dict(_dict(entry.get("attachment")).get("entityMedia"))
        url = media.get("mediaURL")
        if isinstance(url, str) and url:
            event["attachments"] = [attachment(name=url.rsplit("/", 1)[-1] or url)]
            extra["attachment_url"] = url
            if media.get("displayURL"):
                extra["attachment_display_url"] = media.get("displayURL")
        reply = _canonical(_dict(entry.get("inReplyToMessageEntry")).get("identifier"))
        if reply:
            extra["in_reply_to_id"] = reply
        for key in ("marked_as_spam", "marked_as_abuse"):
            if entry.get(key):
                extra[key] = True
    elif cls == REACTION:
        event["kind"] = "reaction"
        event["body"] = entry.get("emoji_reaction") or entry.get("reaction_key")
        extra["reaction_key"] = entry.get("reaction_key")
        extra["reacted_to_message_id"] = _canonical(entry.get("message_id"))
    elif cls == CALL:
        start, end = _nsdate(entry.get("started_at")), _nsdate(entry.get("ended_at"))
        event.update(kind="call", timestamp_desc=CALL_START, direction=None, recipients=list(members),
                     timestamp=ctx.time(COCOA_SECONDS, start, column="entries[].started_at"), timestamp_raw=start)
        extra.update(call_type=entry.get("call_type"), end_reason=entry.get("end_reason"))
        extra["entry_time"] = ctx.time(COCOA_SECONDS, raw, column="entries[].time")
        extra["entry_time_raw"] = raw
        if end is not None:
            extra["end_time"] = ctx.time(COCOA_SECONDS, end, column="entries[].ended_at")
            extra["end_raw"] = end
        duration = end - start if start is not None and end is not None else None
        if duration is not None:
            extra["duration_s"] = round(duration, 6)
        event["body"] = f"Call, {duration_text(duration)}" if duration is not None else "Call"
    return event


def user_to_event(row, ctx) -> dict:
    """One ``cachedUserByUserID`` value -> a contact addressed by the user id."""
    user, key = row["user"], row["key"]
    if not isinstance(user, dict):
        raise ValueError(f"user is a {type(user).__name__}, not a dict")
    uid = _uid(user.get("userID")) or _uid(key)
    extra: dict = {"username": user.get("username")}
    if user.get("bio"):
        extra["bio"] = user["bio"]
    for flag in USER_FLAGS:
        if user.get(flag):
            extra[flag] = True
    image = _dict(user.get("profileImageMediaEntity")).get("url")
    if image:
        extra["profile_image_url"] = image
    for key_name, name in (("createdAt", "created"), ("kUpdatedTimestampCodingKey", "updated")):
        t = _nsdate(user.get(key_name))
        if t is not None:
            extra[f"{name}_time"] = ctx.time(COCOA_SECONDS, t, column=f"cachedUserByUserID.{key_name}")
            extra[f"{name}_raw"] = t
    if row["holder"] and uid == row["holder"]:
        extra["account_holder"] = True
    return contact_event(uid, user.get("fullName") or None, _label(user) or uid, extra,
                         f"cachedUserByUserID:userID={uid}")


class TwitterIosDmParser(Parser):
    name = "twitter_ios_dm"
    version = __version__
    app = "twitter"
    platform = "ios"
    description = "X/Twitter iOS direct-message cache (NSKeyedArchiver): messages, reactions, calls, DM users"
    path_globs = ("**/Library/Caches/com.atebits.tweetie.direct-message.cache/*",)
    signatures = ((0, b"bplist00"),)
    tables = {"root": {"inbox", "cachedUserByUserID"}, "inbox": {"context", *(t for t, _ in TIMELINES)},
              "entries[]": {"$class", "time", "sender", "displayText", "identifier"}}
    time_units = {"entries[].time": COCOA_SECONDS, "entries[].started_at": COCOA_SECONDS,
                  "entries[].ended_at": COCOA_SECONDS, "cachedUserByUserID.createdAt": COCOA_SECONDS,
                  "cachedUserByUserID.kUpdatedTimestampCodingKey": COCOA_SECONDS}
    references = (
        "iLEAPP scripts/artifacts/twitterX.py (path, inbox timelines, entries, cachedUserByUserID)",
        "real cache of iLEAPP's case twitterX.josh_ios17_ffs (directMessageModelVersion 317)",
    )

    def _load(self, ctx):
        size = os.path.getsize(ctx.source.local_path)
        if size > MAX_BYTES:
            raise ArchiveError(f"{size} bytes, more than the {MAX_BYTES} read")
        with open(ctx.source.local_path, "rb") as fh:
            return unarchive(fh.read())

    def check_file(self, ctx) -> str | None:
        try:
            data = self._load(ctx)
        except ArchiveError as exc:
            # a damaged archive in the DM cache folder is the app's (parse() says so); a property list
            # given alone elsewhere is another app's
            if CACHE_DIR in ctx.source.path.replace("\\", "/").lower():
                return None
            return f"not an NSKeyedArchiver DM cache ({exc})"
        if not isinstance(data, dict) or not isinstance(data.get("inbox"), dict):
            return "NSKeyedArchiver archive without an inbox (not the DM cache)"
        return None

    def parse(self, ctx):
        try:
            data = self._load(ctx)
        except ArchiveError as exc:
            ctx.warn_file(f"direct-message cache could not be decoded: {exc}")
            return
        version = data.get("directMessageModelVersion")
        if version not in KNOWN_MODEL_VERSIONS:
            ctx.warn_file(f"directMessageModelVersion {version!r} (version 317 is the one known); parsed as 317")
        inbox = _dict(data.get("inbox"))
        context = _dict(inbox.get("context"))
        holder, account_id = _uid(context.get("userID")), context.get("accountID")
        yield from ctx.map_rows(self._entries(inbox, holder, account_id), entry_to_event, table="entries",
                                id_column="locator_key")
        users = _dict(data.get("cachedUserByUserID"))
        rows = ({"key": k, "user": u, "holder": holder, "userID": _uid(_dict(u).get("userID")) or _uid(k)}
                for k, u in users.items())
        yield from ctx.map_rows(rows, user_to_event, table="cachedUserByUserID", id_column="userID")

    @staticmethod
    def _entries(inbox: dict, holder, account_id):
        for key, timeline in TIMELINES:
            for conversation in _dict(inbox.get(key)).get("conversations") or []:
                if not isinstance(conversation, dict):
                    continue
                ident = _dict(conversation.get("identifier"))
                conv_id = ident.get("canonicalID") or ident.get("localID")
                people = _participants(conversation)
                members = sorted({u for u in (_uid(p.get("userID")) for p in people) if u})
                others = [_label(p) for p in people if _uid(p.get("userID")) != holder]
                name = conversation.get("conversationName") or ", ".join(o for o in others if o) or conv_id
                for i, entry in enumerate(conversation.get("entries") or []):
                    entry_id = _canonical(_dict(entry).get("identifier"))
                    yield {"entry": entry, "holder": holder, "account_id": account_id, "timeline": timeline,
                           "conversation_id": conv_id, "conversation_name": name, "members": members,
                           "locator_key": f"{conv_id}/{entry_id if entry_id is not None else i}"}


@hookimpl
def register_parsers(register):
    register(TwitterIosDmParser)
