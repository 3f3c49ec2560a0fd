"""Instagram direct messages for iOS: ``Library/Application Support/DirectSQLiteDatabase/<user pk>.db``.

Where the facts come from:

* The schema: the real ``9368974384.db`` of plaso's test data (``test_data/ios/9368974384.db``, copied
  in ``../shared/corpus/plaso/``): ``messages(message_id, thread_id, archive, class_name, row_id)``,
  ``threads(thread_id, thread_id_v2, viewer_id, metadata, thread_messages_range, visual_message_info,
  row_id)``, plus ``inbox_metadata``, ``mutations``, ``thread_client_state``, ``quick_reply``. The same
  statements are plaso's ``SCHEMAS`` in ``plaso/parsers/sqlite_plugins/ios_instagram.py``.
* Path on the device: iLEAPP ``scripts/artifacts/instagramThreads.py`` collects
  ``*/mobile/Containers/Data/Application/*/Library/Application Support/DirectSQLiteDatabase/*.db*``;
  the file name is the account's user pk (plaso's docstring: ``9368974384.db``).
* ``messages.archive`` and ``threads.metadata`` are NSKeyedArchiver binary plists (plaso decodes them
  with its ``NSKeyedArchiverDecoder``, iLEAPP with ``get_plist_content``). In a message archive
  (``IGDirectPublishedMessage``): ``IGDirectPublishedMessageMetadata*metadata`` holds
  ``NSString*senderPk``, ``NSString*threadId``, ``NSString*serverId`` and ``NSDate*serverTimestamp``
  (an ``NSDate``: ``NS.time`` Cocoa seconds as a REAL, plaso ``sent_time``, "Sent Time");
  ``IGDirectPublishedMessageContent*content`` holds ``NSString*string`` (the text),
  ``IGDirectPublishedMessageMedia*media`` -> ``IGDirectPublishedMessagePermanentMedia*permanentMedia``
  -> ``IGPhoto*photo`` with ``kIGPhotoMediaID`` and ``imageVersions`` (a list of ``IGImageURL``, whose
  first ``url`` is plaso's ``shared_media_url``; each has an ``expiration_date`` NSDate), and
  ``IGDirectThreadActivityAnnouncement*threadActivity`` with ``NSString*voipTitle`` and
  ``NSString*videoCallId`` (plaso ``video_chat_title``/``video_chat_call_identifier``; iLEAPP's
  "Instagram Threads Calls" are the rows with a VOIP title). ``codedSubtype`` names the content:
  ``SUBTYPE_TEXT``, ``SUBTYPE_MEDIA``, ``SUBTYPE_THREAD_ACTIVITY`` (real file); a thread activity's own
  ``codedSubtype`` is ``SUBTYPE_VOIP`` (a call: ``BOOLthreadHasAudioOnlyCall``, ``BOOLdidJoin``,
  ``IGDirectVideoCallEventTypevoipEventType``, kept as stored) or ``SUBTYPE_ACTION`` (an action line,
  ``NSString*actionLogTitle`` such as "Liked a message": kind ``system``).
  ``NSArray<IGDirectMessageReaction *>*reactions``: each ``USER_BASED_REACTION_EMOJI_UNICODE``,
  ``USER_BASED_REACTION_USER_ID`` and ``USER_BASED_REACTION_SERVER_TIMESTAMP`` (NSDate) in the real
  file (iLEAPP reads the older keys ``emojiUnicode``/``userId``/``serverTimestamp``: both are read).
* Direction: iLEAPP's "Viewer ID equals Sender PK": a message whose ``senderPk`` is its thread's
  ``threads.viewer_id`` was sent by the device's account.
* Names: ``threads.metadata`` (``IGDirectThreadMetadata``) holds ``IGUser*inviter`` and
  ``NSArray<IGUser *>*users`` (the other participants), each with ``pk``, ``userName``, ``fullName``
  (plaso's user name cache: ``fullName``, empty -> none; iLEAPP also reads
  ``NSDictionary<NSString *, id>*userDict``/``full_name`` and ``IGUser*inviter_DEPRECATED``).
  Each user of the threads is one ``contact`` event; a name shown is the full name, else the user
  name (iLEAPP's "Sender Display Label"; plaso leaves the name empty where ``fullName`` is).
* No unsent/deleted mark is in the real file's archives; none is inferred.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, contact_event
from artefacts.parser import SQLiteParser
from artefacts.plugins.signal_ios import ArchiveError, unarchive
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

METADATA = "IGDirectPublishedMessageMetadata*metadata"
CONTENT = "IGDirectPublishedMessageContent*content"
MEDIA = "IGDirectPublishedMessageMedia*media"
ACTIVITY = "IGDirectThreadActivityAnnouncement*threadActivity"
REACTIONS = "NSArray<IGDirectMessageReaction *>*reactions"
USERS = "NSArray<IGUser *>*users"
INVITERS = ("IGUser*inviter", "IGUser*inviter_DEPRECATED")
VOIP, ACTION = "SUBTYPE_VOIP", "SUBTYPE_ACTION"
TIME_COLUMN = "messages.archive:serverTimestamp"


def _get(value, *keys):
    """``value[k1][k2]...`` through dicts and lists; None where a step is missing or of another type."""
    for key in keys:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return None
    return value


def _text(value) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _ns_time(value):
    """The Cocoa seconds of an archived ``NSDate`` (``{"$class": "NSDate", "NS.time": ...}``)."""
    raw = _get(value, "NS.time")
    return raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


def _url(value) -> str | None:
    """An archived ``NSURL``: ``NS.relative``, joined to ``NS.base`` when that is set."""
    if isinstance(value, str):
        return value
    relative, base = _text(_get(value, "NS.relative")), _get(value, "NS.base")
    base = _url(base) if base is not None else None
    return base + relative if base and relative else relative


def thread_users(metadata) -> list[dict]:
    """The users of one decoded ``threads.metadata``: the inviter, then the participants (dicts with a ``pk``)."""
    users = [_get(metadata, key) for key in INVITERS]
    listed = _get(metadata, USERS)
    users += listed if isinstance(listed, list) else []
    out = []
    for user in users:
        if not isinstance(user, dict):
            continue
        inner = user.get("NSDictionary<NSString *, id>*userDict")
        pk = _text(_get(inner, "pk")) or _text(user.get("pk"))
        if pk:
            out.append({"pk": pk, "username": _text(user.get("userName")),
                        "full_name": _text(user.get("fullName")) or _text(_get(inner, "full_name"))})
    return out


def _reaction(ctx, item) -> dict | None:
    if not isinstance(item, dict):
        return None
    emoji = _text(item.get("USER_BASED_REACTION_EMOJI_UNICODE")) or _text(item.get("emojiUnicode"))
    user = _text(item.get("USER_BASED_REACTION_USER_ID")) or _text(item.get("userId"))
    raw = _ns_time(item.get("USER_BASED_REACTION_SERVER_TIMESTAMP")) or _ns_time(item.get("serverTimestamp"))
    return {"emoji": emoji, "sender": user, "time": ctx.time(COCOA_SECONDS, raw, column="reaction serverTimestamp"),
            "time_raw": raw}


def _media(photo) -> list[dict]:
    """The shared photo of a media message: its first image version's URL (plaso's choice), named by its media id."""
    if not isinstance(photo, dict):
        return []
    first = _get(photo, "imageVersions", 0)
    return [attachment(name=_text(photo.get("kIGPhotoMediaID")), path=_url(_get(first, "url")))]


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row with its thread's ``viewer_id``, ``members`` (the pks of the thread's users) and
    ``names`` (pk -> name of every user of the threads), see ``parse``."""
    try:
        archive = unarchive(row["archive"])
        meta, content = _get(archive, METADATA), _get(archive, CONTENT)
        if not isinstance(meta, dict) or not isinstance(content, dict):
            raise ArchiveError(f"a {row['class_name']} archive without message metadata or content")
    except ArchiveError as exc:  # one warning; the row stays, with what its columns say
        ctx.warn(f"messages.archive could not be decoded: {exc}")
        archive, meta, content = {}, {}, {}
        error = str(exc)
    else:
        error = None
    sender = _text(meta.get("NSString*senderPk"))
    viewer = row["viewer_id"]
    direction = None if sender is None or viewer is None else (OUTGOING if sender == str(viewer) else INCOMING)
    members, names = row["members"], row["names"]
    others = [pk for pk in members if pk != str(viewer)]
    activity = content.get(ACTIVITY) if isinstance(content.get(ACTIVITY), dict) else {}
    activity_type = _text(activity.get("codedSubtype"))
    photo = _get(content, MEDIA, "IGDirectPublishedMessagePermanentMedia*permanentMedia", "IGPhoto*photo")
    raw = _ns_time(meta.get("NSDate*serverTimestamp"))
    extra = {"message_id": row["message_id"], "class_name": row["class_name"], "subtype": _text(content.get("codedSubtype"))}
    for key, value in (("server_id", meta.get("NSString*serverId")), ("client_context", meta.get("NSString*clientContext")),
                       ("sender_pk", sender), ("viewer_id", viewer)):
        if value not in (None, ""):
            extra[key] = value
    if error:
        extra["archive_error"] = error
    reactions = [r for r in (_reaction(ctx, i) for i in (_get(archive, REACTIONS) or [])) if r]
    if reactions:
        extra["reactions"] = reactions
    expiry = _ns_time(_get(photo, "imageVersions", 0, "expiration_date"))
    if expiry is not None:
        extra["media_url_expiration_time"] = ctx.time(COCOA_SECONDS, expiry, column="imageVersions expiration_date")
        extra["media_url_expiration_raw"] = expiry
    body = _text(content.get("NSString*string"))
    kind = "message"
    if activity_type == VOIP:
        kind, body = "call", _text(activity.get("NSString*voipTitle"))
        audio_only = activity.get("BOOLthreadHasAudioOnlyCall")
        extra.update(call_id=_text(activity.get("NSString*videoCallId")),
                     voip_event_type=activity.get("IGDirectVideoCallEventTypevoipEventType"),
                     did_join=activity.get("BOOLdidJoin"), audio_only=audio_only,
                     video=None if audio_only is None else not audio_only)
    elif activity:
        kind, body = "system", _text(activity.get("NSString*actionLogTitle")) or body
        extra["activity_subtype"] = activity_type
    return {
        "timestamp": ctx.time(COCOA_SECONDS, raw, column=TIME_COLUMN),
        "timestamp_raw": raw,
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": direction,
        "conversation_id": row["thread_id"],
        "conversation_name": ", ".join(names.get(pk) or pk for pk in others) or None,
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": others if direction == OUTGOING else ([str(viewer)] if direction == INCOMING else []),
        "body": body,
        "attachments": _media(photo),
        "deleted": False,
        "status": None,
        "extra": extra,
    }


class ThreadUsers:
    """The users of a database's threads (a few per conversation, read before the messages): each thread's
    member pks, and every user once with the locator of the first thread row that names it."""

    def __init__(self):
        self.members: dict[str, list] = {}
        self.users: dict[str, dict] = {}

    def add(self, thread_id: str, locator: str, users: list[dict]) -> None:
        listed = self.members.setdefault(thread_id, [])
        for user in users:
            known = self.users.setdefault(user["pk"], {**user, "locator": f"{locator}/user={user['pk']}"})
            for key in ("username", "full_name"):
                known[key] = known.get(key) or user[key]
            if user["pk"] not in listed:
                listed.append(user["pk"])

    def names(self) -> dict:
        return {pk: _display(user) for pk, user in self.users.items()}

    def contacts(self):
        """Not through ``map_rows``: the host's recovery run must see the live threads (the messages' lookup)."""
        for user in self.users.values():
            yield user_to_event(user, user["locator"])


def user_to_event(user: dict, locator: str) -> dict:
    """One user of the threads -> a contact, located at the first thread row that names it."""
    extra = {k: user[k] for k in ("username", "full_name") if user.get(k)}
    name = _display(user)
    return contact_event(user["pk"], name, name or user["pk"], extra, locator)


def _display(user: dict) -> str | None:
    """A user's name for the timeline: the full name, else the user name (iLEAPP's "Sender Display Label")."""
    return user.get("full_name") or user.get("username")


class InstagramIosParser(SQLiteParser):
    name = "instagram_ios"
    version = __version__
    app = "instagram"
    platform = "ios"
    description = "Instagram iOS direct messages (DirectSQLiteDatabase/<pk>.db: messages, calls, users)"
    path_globs = ("**/DirectSQLiteDatabase/*.db",)
    required_tables = {
        "messages": {"message_id", "thread_id", "archive", "class_name", "row_id"},
        "threads": {"thread_id", "viewer_id", "metadata"},
    }
    time_units = {TIME_COLUMN: COCOA_SECONDS}
    references = (
        "plaso test_data/ios/9368974384.db and plaso/parsers/sqlite_plugins/ios_instagram.py",
        "iLEAPP scripts/artifacts/instagramThreads.py (paths, viewer_id direction, VOIP calls, reactions)",
    )

    def parse(self, ctx):
        threads = ThreadUsers()
        for row in ctx.rows("SELECT row_id, thread_id, metadata FROM threads ORDER BY row_id"):
            metadata = None
            if row["metadata"] is not None:
                try:
                    metadata = unarchive(row["metadata"])
                except ArchiveError as exc:
                    ctx.warn(f"threads.metadata could not be decoded: {exc}", f"threads:row_id={row['row_id']}")
            threads.add(row["thread_id"], f"threads:row_id={row['row_id']}", thread_users(metadata))
        names = threads.names()
        sql = ("SELECT m.row_id, m.message_id, m.thread_id, m.archive, m.class_name, t.viewer_id "
               "FROM messages m LEFT JOIN threads t ON t.thread_id = m.thread_id ORDER BY m.row_id")
        rows = ({**dict(r), "members": threads.members.get(r["thread_id"], []), "names": names} for r in ctx.rows(sql))
        yield from ctx.map_rows(rows, message_to_event, table="messages", id_column="row_id")
        yield from threads.contacts()


@hookimpl
def register_parsers(register):
    register(InstagramIosParser)
