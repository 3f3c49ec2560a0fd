"""Deterministic Signal for iOS app group containers: ``grdb/signal.sqlite`` and ``Attachments/``.

The database uses ``ddl/signal_ios.sql`` (verbatim copy of the project reference DDL: Signal-iOS
``SignalServiceKit/Resources/schema.sql`` @ 026b02c2, message/thread/recipient/profile/attachment
tables). Values follow the sources cited in ``plugins/signal_ios.py``: ``SDSRecordType`` (19 incoming,
21 outgoing, 20 call, 10 info; threads 27 contact, 26 group; recipients 31, profiles 41),
``RPRecentCallType`` and ``TSRecentCallOfferType`` for calls, ``TSOutgoingMessageState`` 4 sent,
ms times. ``attachmentIds``, ``quotedMessage`` and ``groupModel`` are written as NSKeyedArchiver binary
plists the way ``SDSSerializer`` archives them, each Mantle property under its own name
(``TSQuotedMessage`` ``timestamp``/``body``, ``TSGroupModel`` ``groupName``/``groupId``).

Placeholders (no source for the exact value; parsers do not read them): ``conversationColorName``
takes one of the colour names of Signal-iOS ``OWSConversationColor.m`` in lower case,
``model_SignalRecipient.devices`` is an archived array ``[1]``, and attachment file names
(``<attachment uniqueId>/<file name>``) only illustrate ``localRelativeFilePath`` under ``Attachments/``.

Public API::

    build_signal_ios_db(path, *, n_messages=60, seed=0, attachments_dir=None) -> dict
    write_signal_ios_container(container_dir, *, n_messages=60, seed=0, key_spec=None,
                               plaintext_header=True) -> dict
    keyed_archive(value) -> bytes          # NSKeyedArchiver binary plist of lists / ArchivedObject / scalars
    ArchivedObject(classname, fields, superclasses=("NSObject",))
    key_spec_for(seed) -> str              # 96 hex digits: 32-byte key + 16-byte salt
"""

from __future__ import annotations

import hashlib
import os
import plistlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import content as C
from .ddl_loader import build_db, check_columns, load

DDL = "signal_ios.sql"
START_MS = 1_701_000_000_000  # 2023-11-26T12:00:00Z
STEP_MS = 900_000
CONTAINER = "private/var/mobile/Containers/Shared/AppGroup"
COLOR_NAMES = ["crimson", "vermilion", "burlap", "forest", "wintergreen", "teal", "blue", "indigo", "violet",
               "plum", "taupe", "steel"]

THREAD_COLS = ("recordType", "uniqueId", "conversationColorName", "isArchived", "lastInteractionRowId",
               "shouldThreadBeVisible", "contactPhoneNumber", "contactUUID", "groupModel")
INTERACTION_COLS = ("id", "recordType", "uniqueId", "receivedAtTimestamp", "timestamp", "uniqueThreadId",
                    "attachmentIds", "authorPhoneNumber", "authorUUID", "body", "callType", "offerType",
                    "expireStartedAt", "expiresAt", "expiresInSeconds", "isViewOnceMessage", "messageType",
                    "quotedMessage", "read", "serverTimestamp", "sourceDeviceId", "storedMessageState",
                    "wasRemotelyDeleted", "isVoiceMessage")
RECIPIENT_COLS = ("recordType", "uniqueId", "devices", "recipientPhoneNumber", "recipientUUID")
PROFILE_COLS = ("recordType", "uniqueId", "profileName", "familyName", "recipientPhoneNumber", "recipientUUID")
ATTACHMENT_COLS = ("recordType", "uniqueId", "albumMessageId", "attachmentType", "byteCount", "contentType",
                   "serverId", "sourceFilename", "localRelativeFilePath")


@dataclass
class ArchivedObject:
    classname: str
    fields: dict
    superclasses: tuple = ("NSObject",)


def keyed_archive(value) -> bytes:
    """An NSKeyedArchiver binary plist with ``value`` as its root object."""
    objects: list = ["$null"]
    classes: dict[tuple, plistlib.UID] = {}

    def cls(names: tuple) -> plistlib.UID:
        if names not in classes:
            objects.append({"$classname": names[0], "$classes": list(names)})
            classes[names] = plistlib.UID(len(objects) - 1)
        return classes[names]

    def add(v) -> plistlib.UID:
        if v is None:
            return plistlib.UID(0)
        if isinstance(v, (str, bytes, int, float)) and not isinstance(v, bool):
            objects.append(v)
            return plistlib.UID(len(objects) - 1)
        if isinstance(v, bool):
            objects.append(v)
            return plistlib.UID(len(objects) - 1)
        objects.append(None)  # reserve the slot before the children
        idx = len(objects) - 1
        if isinstance(v, list):
            objects[idx] = {"NS.objects": [add(x) for x in v], "$class": cls(("NSArray", "NSObject"))}
        elif isinstance(v, dict):
            objects[idx] = {"NS.keys": [add(k) for k in v], "NS.objects": [add(x) for x in v.values()],
                            "$class": cls(("NSDictionary", "NSObject"))}
        elif isinstance(v, ArchivedObject):
            body = {k: add(x) for k, x in v.fields.items()}
            body["$class"] = cls((v.classname, *v.superclasses))
            objects[idx] = body
        else:
            raise TypeError(f"cannot archive {type(v).__name__}")
        return plistlib.UID(idx)

    root = add(value)
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": root},
                           "$objects": objects}, fmt=plistlib.FMT_BINARY, sort_keys=False)


def _uuid(r) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4)).upper()


def key_spec_for(seed: int | str = 0) -> str:
    """A deterministic keychain key spec: 64 hex key digits followed by 32 hex salt digits."""
    return C.rng(seed, "signal-ios-key").randbytes(48).hex()


def build_signal_ios_db(path: str | os.PathLike, *, n_messages: int = 60, seed: int | str = 0,
                        attachments_dir: str | os.PathLike | None = None, people: list | None = None,
                        lines: list | None = None) -> dict:
    """Write a plain Signal iOS ``signal.sqlite``; attachment files go to ``attachments_dir``.

    ``people`` (``content.Person``) replaces the generated contacts; ``lines`` (``content.Line``) the generated
    interactions: exactly those texts, one contact thread per person, no groups (``n_messages`` is ignored).
    """
    check_columns(DDL, {"model_TSThread": THREAD_COLS, "model_TSInteraction": INTERACTION_COLS,
                        "model_SignalRecipient": RECIPIENT_COLS, "model_OWSUserProfile": PROFILE_COLS,
                        "model_TSAttachment": ATTACHMENT_COLS})
    r = C.rng(seed, "signal-ios")
    if people is None:
        people = C.make_people(seed, 8)
    threads: dict[str, dict] = {}
    thread_rows, recipient_rows, profile_rows = [], [], []
    contacts = []
    for i, p in enumerate(people):
        aci = _uuid(r).lower()
        contacts.append({"phone": p.e164, "uuid": aci, "name": p.name})
        recipient_rows.append((31, _uuid(r), keyed_archive([1]), p.e164, aci))
        first, _, last = p.name.partition(" ")
        profile_rows.append((41, _uuid(r), first, last or None, p.e164, aci))
        tid = _uuid(r)
        # some threads only know the ACI: the number comes from model_SignalRecipient
        phone_col = p.e164 if i % 3 else None
        thread_rows.append([27, tid, COLOR_NAMES[i % len(COLOR_NAMES)], 0, 0, 1, phone_col, aci, None])
        threads[f"p{i}"] = {"id": tid, "type": "private", "phone": p.e164, "uuid": aci, "title": p.name,
                            "contact": contacts[-1]}
    for g in range(2 if lines is None else 0):
        tid = _uuid(r)
        name = C.GROUP_NAMES[g + 2]
        model = ArchivedObject("TSGroupModelV2", {"groupName": name, "groupId": hashlib.sha256(f"{seed}{g}".encode()).digest()},
                               ("TSGroupModel", "MTLModel", "NSObject"))
        thread_rows.append([26, tid, COLOR_NAMES[(g + 5) % 12], 0, 0, 1, None, None, keyed_archive(model)])
        threads[f"g{g}"] = {"id": tid, "type": "group", "title": name, "members": [f"p{i}" for i in range(g * 3, g * 3 + 3)]}

    interactions, attachments = [], []
    files: dict[str, bytes] = {}
    cases: dict[str, str] = {}
    state = {"id": 0, "t": START_MS}

    def add(thread_key, rt, *, body=None, author=None, call_type=None, offer=None, attachments_spec=(), quote=None,
            view_once=False, deleted=False, expire=None, read=1, message_type=None, at=None):
        state["id"] += 1
        state["t"] = at if at is not None else state["t"] + STEP_MS + int(r.random() * 120_000)
        ts = state["t"]
        uid = _uuid(r)
        thread = threads[thread_key]
        contact = threads[author]["contact"] if author else None
        att_ids = []
        for order, (name, mime, kind) in enumerate(attachments_spec):
            auid = _uuid(r)
            blob = C.fake_jpeg(r, f"{uid}-{order}")
            rel = f"{auid}/{name}" if kind != "pointer" else None
            if kind == "present":
                files[rel] = blob
            attachments.append((3 if kind == "pointer" else 18, auid, uid, 0, len(blob), mime, 0, name, rel))
            att_ids.append(auid)
        row = {
            "id": state["id"], "recordType": rt, "uniqueId": uid, "receivedAtTimestamp": ts + 1200, "timestamp": ts,
            "uniqueThreadId": thread["id"], "attachmentIds": keyed_archive(att_ids) if att_ids else None,
            "authorPhoneNumber": contact["phone"] if contact and rt == 19 and state["id"] % 2 else None,
            "authorUUID": contact["uuid"] if contact and rt == 19 else None,
            "body": None if deleted else body, "callType": call_type, "offerType": offer,
            "expireStartedAt": ts + 3000 if expire else None, "expiresAt": ts + 3000 + expire * 1000 if expire else None,
            "expiresInSeconds": expire, "isViewOnceMessage": 1 if view_once else (0 if rt in (19, 21) else None),
            "messageType": message_type, "quotedMessage": None, "read": read if rt in (19, 20) else None,
            "serverTimestamp": ts + 500 if rt == 19 else None, "sourceDeviceId": 1 if rt == 19 else None,
            "storedMessageState": 4 if rt == 21 else None, "wasRemotelyDeleted": 1 if deleted else (0 if rt in (19, 21) else None),
            "isVoiceMessage": 0 if rt in (19, 21) else None,
        }
        if quote is not None:
            row["quotedMessage"] = keyed_archive(ArchivedObject(
                "TSQuotedMessage", {"timestamp": quote[0], "body": quote[1], "bodySource": 1},
                ("MTLModel", "NSObject")))
        interactions.append(row)
        return uid, ts

    if lines is not None:
        return _write_lines(path, people, lines, add, thread_rows, recipient_rows, profile_rows, interactions)
    cases["incoming_private"], sent_in = add("p0", 19, body="Are we still on for tonight? 🍕", author="p0", read=1)
    cases["outgoing_private"], _ = add("p0", 21, body="Yes, 8pm at the station")
    cases["quote"], _ = add("p0", 21, body="Replying to your question", quote=(sent_in, "Are we still on for tonight? 🍕"))
    cases["quoted"] = cases["incoming_private"]
    cases["incoming_group"], _ = add("g0", 19, body="Group hello 👋", author="p1", read=0)
    cases["outgoing_group"], _ = add("g0", 21, body="Hi all")
    cases["attachment_present"], _ = add("p2", 19, body="Photo 📷", author="p2",
                                         attachments_spec=[("beach.jpg", "image/jpeg", "present")])
    cases["attachment_missing"], _ = add("p2", 19, author="p2", attachments_spec=[("lost.jpg", "image/jpeg", "missing")])
    cases["attachment_pointer"], _ = add("p2", 19, author="p2",
                                         attachments_spec=[("later.jpg", "image/jpeg", "pointer")])
    cases["deleted"], _ = add("p3", 19, body="this will be deleted", author="p3", deleted=True)
    cases["expiring"], _ = add("p3", 21, body="Disappearing in an hour ⏳", expire=3600)
    cases["view_once"], _ = add("p4", 19, author="p4", view_once=True,
                                attachments_spec=[("once.jpg", "image/jpeg", "present")])
    cases["call_missed"], _ = add("p5", 20, call_type=3, offer=0, read=0)
    cases["call_outgoing"], _ = add("p6", 20, call_type=2, offer=1)
    cases["info"], _ = add("g1", 10, message_type=0)
    keys = [f"p{i}" for i in range(len(people))] + ["g0", "g1"]
    for _ in range(max(0, n_messages - len(interactions))):
        tk = keys[int(r.random() * len(keys))]
        if r.random() < 0.5:
            author = tk if tk.startswith("p") else f"p{int(r.random() * 6)}"
            add(tk, 19, body=C.text(r), author=author, read=int(r.random() * 2))
        else:
            add(tk, 21, body=C.text(r))

    _write_db(path, thread_rows, recipient_rows, profile_rows, interactions, attachments)
    C.write_files(attachments_dir, files)
    present = next(a for a in attachments if a[2] == cases["attachment_present"])
    missing = next(a for a in attachments if a[2] == cases["attachment_missing"])
    return {
        "path": str(path),
        "messages": len(interactions),
        "threads": {k: {x: y for x, y in v.items() if x != "contact"} for k, v in threads.items()},
        "cases": cases,
        "ids": {row["uniqueId"]: row["id"] for row in interactions},
        "attachment_present": {"path": present[8], "sha256": hashlib.sha256(files[present[8]]).hexdigest(),
                               "size": present[4]},
        "attachment_missing": {"path": missing[8], "size": missing[4]},
    }


def _write_db(path, thread_rows, recipient_rows, profile_rows, interactions, attachments) -> None:
    with build_db(path, DDL) as conn:
        load(conn, "model_TSThread", THREAD_COLS, thread_rows)
        load(conn, "model_SignalRecipient", RECIPIENT_COLS, recipient_rows)
        load(conn, "model_OWSUserProfile", PROFILE_COLS, profile_rows)
        load(conn, "model_TSInteraction", INTERACTION_COLS, ([row[c] for c in INTERACTION_COLS] for row in interactions))
        load(conn, "model_TSAttachment", ATTACHMENT_COLS, attachments)


def _write_lines(path, people, lines, add, thread_rows, recipient_rows, profile_rows, interactions) -> dict:
    """The database of planned conversations (``build_signal_ios_db`` with ``lines``)."""
    key = {id(p): f"p{i}" for i, p in enumerate(people)}
    for line in sorted(lines, key=lambda x: x.ms):
        k = key[id(line.peer)]
        add(k, 21 if line.outgoing else 19, body=line.text, author=None if line.outgoing else k, at=line.ms)
    _write_db(path, thread_rows, recipient_rows, profile_rows, interactions, [])
    return {"path": str(path), "messages": len(interactions),
            "threads": {row[1]: people[i].e164 for i, row in enumerate(thread_rows)}}


def write_signal_ios_container(container_dir: str | os.PathLike, *, n_messages: int = 60, seed: int | str = 0,
                               key_spec: str | None = None, plaintext_header: bool = True, people: list | None = None,
                               lines: list | None = None) -> dict:
    """An app group container: ``grdb/signal.sqlite`` (SQLCipher-encrypted with ``key_spec`` when given) and
    ``Attachments/``. Encryption uses ``artefacts.decoders.sqlcipher.encrypt_database`` with the SQLCipher 4
    defaults and, as Signal-iOS does, a 32-byte plaintext header (the salt is the key spec's last 16 bytes).
    """
    container_dir = Path(container_dir)
    db = container_dir / "grdb" / "signal.sqlite"
    plain = db if key_spec is None else container_dir / "grdb" / ".plain-signal.sqlite"
    summary = build_signal_ios_db(plain, n_messages=n_messages, seed=seed, attachments_dir=container_dir / "Attachments",
                                  people=people, lines=lines)
    if key_spec is not None:
        from dataclasses import replace

        from ..decoders import sqlcipher as sc

        settings = sc.VERSIONS[4]
        if plaintext_header:
            settings = replace(settings, plaintext_header_size=32)
        salt = bytes.fromhex(key_spec[64:]) if len(key_spec) == 96 else None
        sc.encrypt_database(plain, db, f"x'{key_spec[:64]}'", settings, salt=salt, seed=f"{seed}:signal-ios")
        plain.unlink()
    summary["path"] = str(db)
    summary["encrypted"] = key_spec is not None
    return summary


__all__ = ["ArchivedObject", "build_signal_ios_db", "key_spec_for", "keyed_archive", "write_signal_ios_container"]
