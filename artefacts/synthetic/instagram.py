"""A small Instagram iOS ``DirectSQLiteDatabase/<user pk>.db`` on the real schema (``ddl/instagram_ios.sql``).

As plaso's real ``9368974384.db``: ``threads`` rows whose ``metadata`` is an NSKeyedArchiver
``IGDirectThreadMetadata`` (``IGUser*inviter``, ``NSArray<IGUser *>*users``, each ``IGUser`` with
``pk``, ``userName``, ``fullName``) and ``viewer_id`` the account's pk (also the file name);
``messages`` rows whose ``archive`` is an ``IGDirectPublishedMessage`` with
``IGDirectPublishedMessageMetadata*metadata`` (``senderPk``, ``threadId``, ``serverId``,
``clientContext``, ``NSDate*serverTimestamp``: Cocoa seconds as a float) and
``IGDirectPublishedMessageContent*content`` (``codedSubtype`` ``SUBTYPE_TEXT`` with ``NSString*string``,
``SUBTYPE_MEDIA`` with a permanent ``IGPhoto``, ``SUBTYPE_THREAD_ACTIVITY`` with a VOIP or action
announcement), and ``NSArray<IGDirectMessageReaction *>*reactions``; ``class_name``
``IGDirectPublishedMessage``. Key names are the real file's. Times are whole multiples of 1/64 s, so
the float holds them exactly and the manifest's microseconds (computed here with :mod:`datetime`)
are the parser's. Users and URLs are fiction (``example.com``).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, insert_sql
from .signal_ios import ArchivedObject, keyed_archive

DDL = "instagram_ios.sql"
OWNER = "5550100001"
FOLDER = "private/var/mobile/Containers/Data/Application/3E4F5A6B-7C8D-4E9F-A0B1-C2D3E4F5A6B7/Library/Application Support"
PATH = f"{FOLDER}/DirectSQLiteDatabase/{OWNER}.db"
COCOA = datetime(2001, 1, 1, tzinfo=timezone.utc)
START = datetime(2023, 6, 1, 18, 0, 0, tzinfo=timezone.utc)
USERS = {OWNER: ("sam.owner", "Sam Owner"), "5550100002": ("tess.ng", "Tess Ng"), "5550100003": ("uma.vo", "")}
THREADS = [("340282366841710300949128100000000000001", "5550100002"),
           ("340282366841710300949128100000000000002", "5550100003")]
PHOTO_URL = "https://media.example.com/direct/photo_240.jpg?ig_cache_key=example"


def _user(pk: str) -> ArchivedObject:
    username, full = USERS[pk]
    return ArchivedObject("IGUser", {"pk": pk, "userName": username, "fullName": full})


def _date(when: datetime) -> ArchivedObject:
    return ArchivedObject("NSDate", {"NS.time": (when - COCOA) / timedelta(seconds=1)})


def _content(spec: dict) -> ArchivedObject:
    kind = spec["kind"]
    if kind == "text":
        return ArchivedObject("IGDirectPublishedMessageContent", {"codedSubtype": "SUBTYPE_TEXT", "NSString*string": spec["body"]})
    if kind == "photo":
        version = ArchivedObject("IGImageURL", {
            "height": 240.0, "width": 240.0, "expiration_date": _date(START + timedelta(days=30)),
            "url": ArchivedObject("NSURL", {"NS.base": None, "NS.relative": PHOTO_URL})})
        photo = ArchivedObject("IGPhoto", {"kIGPhotoMediaID": spec["media_id"], "imageVersions": [version]})
        media = ArchivedObject("IGDirectPublishedMessageMedia", {
            "codedSubtype": "SUBTYPE_PERMANENT_MEDIA",
            "IGDirectPublishedMessagePermanentMedia*permanentMedia": ArchivedObject(
                "IGDirectPublishedMessagePermanentMedia", {"IGPhoto*photo": photo})})
        return ArchivedObject("IGDirectPublishedMessageContent", {"codedSubtype": "SUBTYPE_MEDIA",
                                                                  "IGDirectPublishedMessageMedia*media": media})
    if kind == "call":
        activity = ArchivedObject("IGDirectThreadActivityAnnouncement", {
            "NSString*videoCallId": spec["call_id"], "NSString*voipTitle": spec["body"],
            "IGDirectVideoCallEventTypevoipEventType": spec["event"], "codedSubtype": "SUBTYPE_VOIP",
            "BOOLdidJoin": spec["event"] == 4, "BOOLthreadHasAudioOnlyCall": spec["audio"]})
    else:  # an action line
        activity = ArchivedObject("IGDirectThreadActivityAnnouncement", {
            "BOOLhiddenInThread": True, "NSString*actionLogTitle": spec["body"], "codedSubtype": "SUBTYPE_ACTION"})
    return ArchivedObject("IGDirectPublishedMessageContent", {"codedSubtype": "SUBTYPE_THREAD_ACTIVITY",
                                                              "IGDirectThreadActivityAnnouncement*threadActivity": activity})


# (thread index, sender pk, content spec); one reaction by the owner on the first text of Tess
MESSAGES = [
    (0, "5550100002", {"kind": "text", "body": "Are you coming to the show tonight?"}),
    (0, OWNER, {"kind": "text", "body": "Yes! Saving you a seat \U0001F3B8"}),
    (0, OWNER, {"kind": "photo", "media_id": "3100000000000000001"}),
    (0, "5550100002", {"kind": "call", "body": "tess.ng started a video chat", "call_id": "18100000000000001",
                       "event": 1, "audio": False}),
    (0, "5550100002", {"kind": "call", "body": "Video chat ended", "call_id": "18100000000000001", "event": 4,
                       "audio": False}),
    (1, "5550100003", {"kind": "text", "body": "<b>hi</b> & bye"}),
    (1, OWNER, {"kind": "call", "body": "You started an audio call", "call_id": "18100000000000002", "event": 1,
                "audio": True}),
    (1, "5550100003", {"kind": "action", "body": "Liked a message"}),
]


def write_instagram_ios(path: Path) -> dict:
    """The database at ``path``; its manifest in the generic form of :mod:`.messengers` (locators by ``row_id``)."""
    events = []
    users_seen: dict[str, int] = {}
    with build_db(path, DDL, page_size=1024) as con:
        for row_id, (thread_id, other) in enumerate(THREADS, 1):
            metadata = ArchivedObject("IGDirectThreadMetadata", {
                "IGUser*inviter": _user(OWNER), "NSArray<IGUser *>*users": [_user(other)], "BOOLisGroup": False})
            row = {"thread_id": thread_id, "thread_id_v2": str(17800000000000000 + row_id), "viewer_id": OWNER,
                   "metadata": keyed_archive(metadata), "row_id": row_id}
            check_columns(DDL, {"threads": list(row)})
            con.execute(insert_sql("threads", list(row)), list(row.values()))
            for pk in (OWNER, other):
                users_seen.setdefault(pk, row_id)
        for row_id, (t, sender, spec) in enumerate(MESSAGES, 1):
            thread_id, other = THREADS[t]
            when = START + timedelta(minutes=7 * row_id, microseconds=15625 * row_id)  # k/64 s: exact as a float
            message_id = str(29000000000000000000000000000000000 + row_id)
            reactions = []
            if row_id == 1:
                reactions = [ArchivedObject("IGDirectMessageReaction", {
                    "USER_BASED_REACTION_SERVER_TIMESTAMP": _date(when + timedelta(minutes=1)),
                    "CODED_SUBTYPE": "SUBTYPE_USER_BASED_REACTION", "USER_BASED_REACTION_EMOJI_UNICODE": "\u2764\ufe0f",
                    "USER_BASED_REACTION_USER_ID": OWNER, "USER_BASED_REACTION_IS_SUPER_REACT": False})]
            archive = ArchivedObject("IGDirectPublishedMessage", {
                "IGDirectPublishedMessageMetadata*metadata": ArchivedObject("IGDirectPublishedMessageMetadata", {
                    "NSString*senderPk": sender, "NSString*threadId": thread_id, "NSDate*serverTimestamp": _date(when),
                    "NSString*clientContext": str(6600000000000000000 + row_id), "NSString*serverId": message_id}),
                "IGDirectPublishedMessageContent*content": _content(spec),
                "NSArray<IGDirectMessageReaction *>*reactions": reactions, "BOOLisShhMode": False})
            row = {"message_id": message_id, "thread_id": thread_id, "archive": keyed_archive(archive),
                   "class_name": "IGDirectPublishedMessage", "row_id": row_id}
            check_columns(DDL, {"messages": list(row)})
            con.execute(insert_sql("messages", list(row)), list(row.values()))
            out = sender == OWNER
            kind = {"text": "message", "photo": "message", "call": "call", "action": "system"}[spec["kind"]]
            events.append({
                "locator": f"messages:row_id={row_id}", "kind": kind,
                "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "direction": "outgoing" if out else "incoming", "conversation_id": thread_id, "sender": sender,
                "recipients": [other] if out else [OWNER], "body": spec.get("body"), "deleted": False,
                "attachments": [{"name": spec["media_id"], "sha256": None}] if spec["kind"] == "photo" else []})
    for pk, row_id in users_seen.items():
        name = USERS[pk][1] or USERS[pk][0]
        events.append({"locator": f"threads:row_id={row_id}/user={pk}", "kind": "contact", "timestamp": None,
                       "direction": None, "conversation_id": pk, "sender": pk, "recipients": [], "body": name,
                       "deleted": False, "attachments": []})
    return {"app": "instagram", "path": PATH, "events": events}


def write_sample(root: Path) -> dict:
    """The store at its device path under the extraction ``root``; its manifest."""
    return write_instagram_ios(Path(root) / PATH)
