"""Deterministic Session (Session Foundation) for iOS app group containers: ``database/Session.sqlite``
and ``Attachments/``.

The database uses ``ddl/session_ios.sql`` (assembled from session-ios ``_001_InitialSetupMigration.swift``
and ``_021_ReworkRecipientState.swift``; see its header). Values follow the sources cited in
``plugins/session_ios.py``: ``SessionThread.Variant`` (0 contact, 1 legacyGroup, 2 community),
``Interaction.Variant`` (0 standardIncoming, 1 standardOutgoing, 3 standardIncomingDeleted, 1000
infoLegacyGroupCreated), ``Interaction.State`` (100 sent, 200 failed), ``Attachment.State`` (3 downloaded,
1 pendingDownload, 6 uploaded), ``GroupMember.Role`` (0 standard, 3 admin); times in ms
(``timestampMs``) and seconds (``creationDateTimestamp``, ``formationTimestamp``). A community thread's id
is ``"<server lowercased>.<room token>"`` (``SessionThread.swift``: "The `\\(server.lowercased()).\\(room)`
value"). Session IDs are ``05`` + 64 hex digits (an X25519 public key).

Placeholders (no source for the exact value; the parser does not interpret them): ``serverHash`` strings,
the community server URL and public key, attachment file names under ``Attachments/``
(``<attachment id>/<file name>``) and ``downloadUrl``.

Public API::

    build_session_ios_db(path, *, n_messages=30, seed=0, attachments_dir=None) -> dict
    write_session_ios_container(container_dir, *, n_messages=30, seed=0, key_spec=None) -> dict
    key_spec_for(seed) -> str              # 96 hex digits: 32-byte key + 16-byte salt
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from . import content as C
from .ddl_loader import build_db, check_columns, load

DDL = "session_ios.sql"
START_MS = 1_712_000_000_000  # 2024-04-01T19:33:20Z
STEP_MS = 700_000
CONTAINER = "private/var/mobile/Containers/Shared/AppGroup"

CONTACT_COLS = ("id", "isTrusted", "isApproved", "isBlocked", "didApproveMe", "hasBeenBlocked")
PROFILE_COLS = ("id", "name", "nickname")
THREAD_COLS = ("id", "variant", "creationDateTimestamp", "shouldBeVisible", "isPinned", "onlyNotifyForMentions")
CLOSED_GROUP_COLS = ("threadId", "name", "formationTimestamp")
OPEN_GROUP_COLS = ("threadId", "server", "roomToken", "publicKey", "isActive", "name", "roomDescription", "userCount",
                   "infoUpdates", "sequenceNumber", "inboxLatestMessageId", "outboxLatestMessageId")
MEMBER_COLS = ("groupId", "profileId", "role", "isHidden")
INTERACTION_COLS = ("id", "serverHash", "messageUuid", "threadId", "authorId", "variant", "body", "timestampMs",
                    "receivedAtTimestampMs", "wasRead", "hasMention", "expiresInSeconds", "expiresStartedAtMs",
                    "openGroupServerMessageId", "state", "recipientReadTimestampMs", "mostRecentFailureText")
ATTACHMENT_COLS = ("id", "serverId", "variant", "state", "contentType", "byteCount", "creationTimestamp",
                   "sourceFilename", "downloadUrl", "localRelativeFilePath", "isVisualMedia", "isValid")
IA_COLS = ("albumIndex", "interactionId", "attachmentId")
QUOTE_COLS = ("interactionId", "authorId", "timestampMs", "body")

COMMUNITY_SERVER = "https://open.example.org"
COMMUNITY_ROOM = "lobby"


def session_id(r) -> str:
    return "05" + r.randbytes(32).hex()


def key_spec_for(seed: int | str = 0) -> str:
    """A deterministic keychain key spec: 64 hex key digits followed by 32 hex salt digits."""
    return C.rng(seed, "session-ios-key").randbytes(48).hex()


def build_session_ios_db(path: str | os.PathLike, *, n_messages: int = 30, seed: int | str = 0,
                         attachments_dir: str | os.PathLike | None = None) -> dict:
    """Write a plain Session iOS ``Session.sqlite``; attachment files go to ``attachments_dir``."""
    check_columns(DDL, {"contact": CONTACT_COLS, "profile": PROFILE_COLS, "thread": THREAD_COLS,
                        "closedGroup": CLOSED_GROUP_COLS, "openGroup": OPEN_GROUP_COLS, "groupMember": MEMBER_COLS,
                        "interaction": INTERACTION_COLS, "attachment": ATTACHMENT_COLS,
                        "interactionAttachment": IA_COLS, "quote": QUOTE_COLS})
    r = C.rng(seed, "session-ios")
    me = session_id(r)
    people = C.make_people(seed, 5)
    ids = [session_id(r) for _ in people]
    names = {sid: p.name for sid, p in zip(ids, people)}
    nicknames = {ids[1]: "Bo (work)"}
    t0 = START_MS // 1000 - 86_400
    contacts = [(sid, 1, 1, 0, 1, 0) for sid in ids]
    profiles = [(me, "Owner", None)] + [(sid, names[sid], nicknames.get(sid)) for sid in ids]
    threads, closed, opened, members = [], [], [], []
    conv: dict[str, dict] = {}
    for i, sid in enumerate(ids[:4]):
        threads.append((sid, 0, float(t0 + i * 60), 1, 0, 0))
        conv[f"c{i}"] = {"id": sid, "variant": 0, "name": nicknames.get(sid, names[sid]), "members": [sid]}
    group_id = session_id(r)
    group_name = C.GROUP_NAMES[2]
    threads.append((group_id, 1, float(t0 + 600), 1, 0, 0))
    closed.append((group_id, group_name, float(t0 + 600)))
    gm = [me, ids[0], ids[2], ids[4]]
    members += [(group_id, m, 3 if m == me else 0, 0) for m in gm]
    conv["g"] = {"id": group_id, "variant": 1, "name": group_name, "members": gm}
    community_id = f"{COMMUNITY_SERVER.lower()}.{COMMUNITY_ROOM}"
    threads.append((community_id, 2, float(t0 + 900), 1, 0, 0))
    opened.append((community_id, COMMUNITY_SERVER, COMMUNITY_ROOM, r.randbytes(32).hex(), 1, "Lobby",
                   "Public room", 1234, 0, 0, 0, 0))
    conv["o"] = {"id": community_id, "variant": 2, "name": "Lobby", "members": []}

    interactions, attachments, links, quotes = [], [], [], []
    files: dict[str, bytes] = {}
    messages: list[dict] = []
    cases: dict[str, int] = {}
    st = {"id": 0, "t": START_MS, "sogs": 100}

    def add(key, variant, *, body=None, author=None, state=100, read=1, atts=(), quote=None, expire=None,
            failure=None, read_by_recipient=False):
        st["id"] += 1
        st["t"] += STEP_MS + int(r.random() * 90_000)
        ts = st["t"]
        c = conv[key]
        outgoing = variant in (1, 5)
        author = me if outgoing or variant == 1000 else author
        sogs_id = None
        if c["variant"] == 2 and variant in (0, 1):
            st["sogs"] += 1
            sogs_id = st["sogs"]
        row = {
            "id": st["id"], "serverHash": None if c["variant"] == 2 or variant == 1000 else r.randbytes(16).hex(),
            "messageUuid": None, "threadId": c["id"], "authorId": author, "variant": variant, "body": body,
            "timestampMs": ts, "receivedAtTimestampMs": ts + (1500 if variant in (0, 1) else 0),
            "wasRead": 1 if outgoing or variant == 1000 else read, "hasMention": 0,
            "expiresInSeconds": float(expire) if expire else None,
            "expiresStartedAtMs": float(ts + 2000) if expire else None,
            "openGroupServerMessageId": sogs_id, "state": state if variant != 3 else 400,
            "recipientReadTimestampMs": ts + 60_000 if read_by_recipient else None, "mostRecentFailureText": failure,
        }
        interactions.append(row)
        names_out = []
        for n, (fname, mime, kind) in enumerate(atts):
            aid = str(uuid.UUID(int=r.getrandbits(128), version=4)).upper()
            blob = C.fake_jpeg(r, f"{st['id']}-{n}")
            rel = f"{aid}/{fname}" if kind != "pending" else None
            if kind == "present":
                files[rel] = blob
            a_state = 1 if kind == "pending" else (6 if outgoing else 3)
            attachments.append((aid, str(4000 + st["id"]), 0, a_state, mime, len(blob),
                                None if kind == "pending" else float(ts // 1000 + 5), fname,
                                f"http://filev2.example.org/file/{4000 + st['id']}", rel, 1, 0 if kind == "pending" else 1))
            links.append((n, st["id"], aid))
            names_out.append({"name": fname, "path": rel, "state": kind,
                              "sha256": hashlib.sha256(blob).hexdigest() if kind == "present" else None})
        if quote is not None:
            quotes.append((st["id"], quote["author"], float(quote["ts"]), quote["body"]))
        messages.append({
            "id": st["id"], "timestamp_ms": ts, "variant": variant, "body": body,
            "direction": "outgoing" if outgoing else ("incoming" if variant in (0, 2, 3) else None),
            "conversation": c["id"], "conversation_name": c["name"], "sender": author,
            "recipients": [m for m in (c["members"] or []) if m != author] if outgoing else [],
            "attachments": names_out, "state": row["state"],
        })
        return st["id"], ts

    cases["incoming"], ts_in = add("c0", 0, body="Did you get the package? 📦", author=ids[0], read=1)
    cases["outgoing"], _ = add("c0", 1, body="Yes, picked it up at 9", read_by_recipient=True)
    cases["quote"], _ = add("c0", 1, body="About that:",
                            quote={"author": ids[0], "ts": ts_in, "body": "Did you get the package? 📦"})
    cases["unread"], _ = add("c1", 0, body="Call me when you can", author=ids[1], read=0)
    cases["failed"], _ = add("c1", 1, body="Sending failed here", state=200, failure="Network error")
    cases["attachment_present"], _ = add("c2", 0, body="Photo 📷", author=ids[2],
                                         atts=[("harbour.jpg", "image/jpeg", "present")])
    cases["attachment_missing"], _ = add("c2", 0, author=ids[2], atts=[("lost.jpg", "image/jpeg", "missing")])
    cases["attachment_pending"], _ = add("c2", 0, author=ids[2], atts=[("later.jpg", "image/jpeg", "pending")])
    cases["attachment_outgoing"], _ = add("c3", 1, body="Here it is",
                                          atts=[("map.jpg", "image/jpeg", "present")])
    cases["expiring"], _ = add("c3", 1, body="This disappears in a day ⏳", expire=86_400)
    cases["deleted"], _ = add("c3", 3, author=ids[3])
    cases["group_info"], _ = add("g", 1000, body=f"{group_name} was created")
    cases["group_incoming"], _ = add("g", 0, body="Hello group 👋", author=ids[2])
    cases["group_outgoing"], _ = add("g", 1, body="Hi all")
    cases["community_incoming"], _ = add("o", 0, body="Welcome to the lobby", author=ids[4])
    cases["community_outgoing"], _ = add("o", 1, body="Thanks!")
    keys = ["c0", "c1", "c2", "c3", "g"]
    while len(interactions) < n_messages:
        k = keys[int(r.random() * len(keys))]
        if r.random() < 0.5:
            author = conv[k]["id"] if k.startswith("c") else ids[[0, 2, 4][int(r.random() * 3)]]
            add(k, 0, body=C.text(r), author=author, read=int(r.random() * 2))
        else:
            add(k, 1, body=C.text(r))

    with build_db(path, DDL) as conn:
        load(conn, "contact", CONTACT_COLS, contacts)
        load(conn, "profile", PROFILE_COLS, profiles)
        load(conn, "thread", THREAD_COLS, threads)
        load(conn, "closedGroup", CLOSED_GROUP_COLS, closed)
        load(conn, "openGroup", OPEN_GROUP_COLS, opened)
        load(conn, "groupMember", MEMBER_COLS, members)
        load(conn, "interaction", INTERACTION_COLS, ([row[c] for c in INTERACTION_COLS] for row in interactions))
        load(conn, "attachment", ATTACHMENT_COLS, attachments)
        load(conn, "interactionAttachment", IA_COLS, links)
        load(conn, "quote", QUOTE_COLS, quotes)
    C.write_files(attachments_dir, files)
    return {
        "path": str(path), "self": me, "messages": messages, "cases": cases,
        "contacts": {sid: {"name": names[sid], "nickname": nicknames.get(sid)} for sid in ids},
        "conversations": {c["id"]: {"name": c["name"], "variant": c["variant"], "members": c["members"]}
                          for c in conv.values()},
    }


def write_session_ios_container(container_dir: str | os.PathLike, *, n_messages: int = 30, seed: int | str = 0,
                                key_spec: str | None = None) -> dict:
    """An app group container: ``database/Session.sqlite`` (SQLCipher 4 with ``key_spec`` and a 32-byte plaintext
    header, as ``Storage.swift`` opens it, when given) and ``Attachments/``."""
    container_dir = Path(container_dir)
    db = container_dir / "database" / "Session.sqlite"
    plain = db if key_spec is None else container_dir / "database" / ".plain-Session.sqlite"
    summary = build_session_ios_db(plain, n_messages=n_messages, seed=seed, attachments_dir=container_dir / "Attachments")
    if key_spec is not None:
        from dataclasses import replace

        from ..decoders import sqlcipher as sc

        settings = replace(sc.VERSIONS[4], plaintext_header_size=32)
        sc.encrypt_database(plain, db, f"x'{key_spec[:64]}'", settings, salt=bytes.fromhex(key_spec[64:]),
                            seed=f"{seed}:session-ios")
        plain.unlink()
    summary["path"] = str(db)
    summary["encrypted"] = key_spec is not None
    return summary


__all__ = ["build_session_ios_db", "key_spec_for", "write_session_ios_container"]
