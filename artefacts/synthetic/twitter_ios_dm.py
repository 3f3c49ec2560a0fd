"""A small X/Twitter for iOS direct-message cache (``com.atebits.tweetie.direct-message.cache/<account>``).

The layout of the real cache of iLEAPP's ``twitterX.josh_ios17_ffs`` case (read by
``plugins/twitter_ios_dm.py``, whose docstring gives the sources): an NSKeyedArchiver binary plist
whose root ``TFNDirectMessageContextState`` holds ``directMessageModelVersion`` 317, ``inbox``
(``TFNDirectMessageInbox``: ``context`` ``{userID, accountID}`` and the trusted, untrusted and
low-quality ``TFNDirectMessageInboxTimeline``s) and ``cachedUserByUserID``. A conversation
(``TFNDirectMessageConversation``) has ``identifier.canonicalID`` ``<user id>-<user id>``, its
``participants`` as an ``NSMutableOrderedSet`` of ``TFNDirectMessageConversationParticipant`` and its
``entries``: ``TFNDirectMessageEntry`` messages, a ``TFNDirectMessageReactionCreatedEntry`` and a
``TFNDirectMessageEndAvBroadcastEntry`` call; times are ``NSDate`` (Cocoa seconds). User ids are made
up in the range of real ones; names and URLs are fictional (``example.com``).
"""

from __future__ import annotations

import random
from pathlib import Path

from .coredata import cocoa_iso, cocoa_times
from .signal_ios import ArchivedObject, keyed_archive

ACCOUNT = "caseuser-700000000000001"
PATH = ("private/var/mobile/Containers/Data/Application/6A5B4C3D-2E1F-4A0B-9C8D-7E6F5A4B3C2D/Library/Caches/"
        f"com.atebits.tweetie.direct-message.cache/{ACCOUNT}")
START = 742_000_000.0
PEOPLE = [("Case User", "caseuser"), ("Marlow", "marlow_ex"), ("Quinn Vale", "qvale")]
TEXTS = ["How's the new place?", "Fine so far", "Can you bring the package?", "Tomorrow", "Sent you a picture",
         "Thanks", "Call me"]


def _date(t: float) -> ArchivedObject:
    return ArchivedObject("NSDate", {"NS.time": t})


def _ident(cls: str, value) -> ArchivedObject:
    return ArchivedObject(cls, {"canonicalID": value})


def write_twitter_ios_dm_extraction(dest: Path, *, seed: int = 0, n_messages: int = 10) -> dict:
    rng = random.Random(seed)
    users = [{"id": 1_100_000_000_000_000_000 + rng.randrange(10**15), "name": n, "username": u} for n, u in PEOPLE]
    holder = users[0]

    def user(u) -> ArchivedObject:
        return ArchivedObject("TFNDirectMessageUser", {
            "userID": u["id"], "fullName": u["name"], "username": u["username"], "bio": "", "verified": False,
            "isBlueVerified": False, "protected": False, "blocking": False,
            "profileImageMediaEntity": ArchivedObject("TFSTwitterEntityMedia", {"url": f"https://img.example.com/{u['username']}.jpg"}),
            "kUpdatedTimestampCodingKey": _date(START - 3600.0), "createdAt": _date(START - 86_400.0 * 400)})

    conversations, entries_out = [], []
    next_id = [1_810_000_000_000_000_000]

    def new_id() -> int:
        next_id[0] += rng.randrange(10**6, 10**8)
        return next_id[0]

    for other in users[1:]:
        conv_id = f"{min(holder['id'], other['id'])}-{max(holder['id'], other['id'])}"
        members = sorted(str(u["id"]) for u in (holder, other))
        entries = []
        times = cocoa_times(rng, START + 7200.0 * len(conversations), n_messages // 2 + 2)
        last_message = None
        for i, t in enumerate(times[:-2]):
            sender = holder if i % 2 == 0 else other
            eid = new_id()
            text = rng.choice(TEXTS)
            fields = {"time": _date(t), "sender": user(sender), "displayText": text, "originalText": text,
                      "identifier": _ident("TFNDirectMessageConversationEntryCanonicalIdentifier", eid)}
            media = None
            if i == 3:
                media = f"https://ton.example.com/dm/{eid}/pic.jpg"
                fields["attachment"] = ArchivedObject("TFNDirectMessageAttachment", {
                    "entityMedia": ArchivedObject("TFSTwitterEntityMedia", {"mediaURL": media, "displayURL": "pic.example.com/x"})})
            entries.append(ArchivedObject("TFNDirectMessageEntry", fields))
            entries_out.append({"conv": conv_id, "id": eid, "kind": "message", "time": t, "sender": str(sender["id"]),
                                "outgoing": sender is holder, "members": members, "body": text,
                                "attachments": ["pic.jpg"] if media else []})
            last_message = eid
        t_react, t_call = times[-2], times[-1]
        rid = new_id()
        entries.append(ArchivedObject("TFNDirectMessageReactionCreatedEntry", {
            "time": _date(t_react), "sender": user(other), "emoji_reaction": "\u2764\ufe0f", "reaction_key": "like",
            "message_id": _ident("TFNDirectMessageConversationEntryCanonicalIdentifier", last_message),
            "identifier": _ident("TFNDirectMessageConversationEntryCanonicalIdentifier", rid)}))
        entries_out.append({"conv": conv_id, "id": rid, "kind": "reaction", "time": t_react, "sender": str(other["id"]),
                            "outgoing": False, "members": members, "body": "\u2764\ufe0f", "attachments": []})
        cid = new_id()
        started = t_call - 95.5
        entries.append(ArchivedObject("TFNDirectMessageEndAvBroadcastEntry", {
            "time": _date(t_call), "started_at": _date(started), "ended_at": _date(t_call - 0.125), "call_type": 1,
            "end_reason": 1, "identifier": _ident("TFNDirectMessageConversationEntryCanonicalIdentifier", cid)}))
        entries_out.append({"conv": conv_id, "id": cid, "kind": "call", "time": started, "sender": None,
                            "outgoing": None, "members": members, "attachments": []})
        participants = {f"NS.object.{k}": ArchivedObject("TFNDirectMessageConversationParticipant",
                                                         {"participatingUser": user(u)}) for k, u in enumerate((other, holder))}
        conversations.append(ArchivedObject("TFNDirectMessageConversation", {
            "identifier": ArchivedObject("TFNDirectMessageConversationIdentifier", {"canonicalID": conv_id}),
            "participants": ArchivedObject("NSMutableOrderedSet", participants), "entries": entries,
            "trusted": True}))

    def timeline(convs, kind) -> ArchivedObject:
        return ArchivedObject("TFNDirectMessageInboxTimeline", {"conversations": convs, "timeline_type": kind})

    inbox = ArchivedObject("TFNDirectMessageInbox", {
        "context": ArchivedObject("TFNDirectMessageContext", {"userID": holder["id"], "accountID": ACCOUNT}),
        "trusted_conversations_timeline": timeline(conversations, 0),
        "untrusted_conversations_timeline": timeline([], 1), "low_quality_conversations_timeline": timeline([], 2)})
    root = ArchivedObject("TFNDirectMessageContextState", {
        "inbox": inbox, "directMessageModelVersion": 317, "cachedUserByUserID": {str(u["id"]): user(u) for u in users}})
    out = Path(dest) / PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(keyed_archive(root))
    return {"path": PATH, "holder": str(holder["id"]), "users": [str(u["id"]) for u in users], "entries": entries_out}


def generic_manifest(dest: Path) -> dict:
    """Write the cache under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_twitter_ios_dm_extraction(dest)
    events = []
    for x in m["entries"]:
        event = {"locator": f"entries:locator_key={x['conv']}/{x['id']}", "kind": x["kind"], "timestamp": cocoa_iso(x["time"]),
                 "conversation_id": x["conv"], "sender": x["sender"], "deleted": False,
                 "attachments": [{"name": a, "sha256": None} for a in x["attachments"]]}
        if x["kind"] == "call":  # its body is composed by the parser (duration)
            event.update(direction=None, recipients=x["members"])
        else:
            event.update(direction="outgoing" if x["outgoing"] else "incoming", body=x["body"],
                         recipients=[u for u in x["members"] if u != x["sender"]])
        events.append(event)
    for uid in m["users"]:
        events.append({"locator": f"cachedUserByUserID:userID={uid}", "kind": "contact", "timestamp": None,
                       "conversation_id": uid, "sender": uid})
    return {"app": "twitter", "path": m["path"], "events": events}
