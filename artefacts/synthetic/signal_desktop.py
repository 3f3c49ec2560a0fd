"""Deterministic Signal Desktop data folders: ``sql/db.sqlite``, ``config.json``, ``attachments.noindex/``.

The database is created from ``ddl/signal_desktop_migrations.sql`` (the schema statements of
signalapp/Signal-Desktop's own migrations, replayed up to ``schema_version``; sources in that file's
header). Two generations are useful:

* ``schema_version=39`` (2021-2022): everything in ``messages.json`` (attachments with ``path``
  relative to ``attachments.noindex/``, quote, reactions, ``callHistoryDetails`` of calls), sender in
  ``source``/``sourceUuid``, ``conversations.uuid``, ``readStatus``;
* ``schema_version=1360`` (2025): ``sourceServiceId``/``serviceId``, ``callsHistory`` rows referenced by
  ``json.callId``, attachments in ``message_attachments``, and the message columns kept out of the JSON
  (``ts/sql/hydration.ts``: the JSON type omits ``MESSAGE_COLUMNS``).

Values and codes follow the cited sources (``ts/model-types.d.ts`` types and message ``type`` values,
``MessageReadStatus`` 1 unread / 0 read / 2 viewed, ``MessageSendState`` statuses, ``CallDisposition``
enums, ``items`` ``uuid_id`` = ``"<aci>.<device>"``). The shape of attachment file names
(``<2 hex>/<64 hex>``) is illustrative only; parsers just join the recorded path to
``attachments.noindex/``.

The builder returns a summary whose ``cases`` name the message ids of the special cases it always
writes (incoming/outgoing, private/group, quote, reactions, attachment present/missing, remote
delete, expiring, view-once, calls, system messages), so tests can check each one.

Public API::

    build_signal_desktop_db(path, *, n_messages=60, seed=0, schema_version=1360, attachments_dir=None) -> dict
    write_signal_config(path, *, key=None, encrypted_key=None) -> Path
    write_signal_desktop_folder(signal_dir, *, n_messages=60, seed=0, schema_version=1360,
                                key=None, encrypted_key=None, encrypt=False, write_key=True) -> dict
    linux_safe_storage_encrypt(plaintext, secret, *, iterations=1, prefix=b"v11") -> str  # hex blob
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from pathlib import Path

from . import content as C
from .ddl_loader import ddl_path

DDL = "signal_desktop_migrations.sql"
START_MS = 1_700_000_000_000  # 2023-11-14T22:13:20Z
STEP_MS = 3_600_000 // 4
OWNER_E164 = C.ANDROID_OWNER  # the phone the desktop is linked to (a reserved fiction number)

#: message columns hydration.ts overlays on the JSON (MESSAGE_COLUMNS); kept out of the JSON from 1270 on
MESSAGE_COLUMNS = {
    "id", "body", "conversationId", "expirationStartTimestamp", "expireTimer", "hasAttachments",
    "hasFileAttachments", "hasVisualMediaAttachments", "isChangeCreatedByUs", "isErased", "isViewOnce",
    "mentionsMe", "received_at", "received_at_ms", "schemaVersion", "serverGuid", "sent_at", "source",
    "sourceServiceId", "sourceDevice", "storyId", "type", "readStatus", "seenStatus", "serverTimestamp",
    "timestamp", "unidentifiedDeliveryReceived",
}


def _statements_up_to(version: int) -> str:
    """The DDL file's statements up to and including the ``-- @version N`` block with N <= version."""
    out = []
    current = 0
    for line in ddl_path(DDL).read_text(encoding="utf-8").splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("-- @version"):
            current = int(stripped.split()[2])
        if current == 0 or current > version:
            continue
        out.append(line)
    return "".join(out)


def _uuid(r) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def _columns(conn, table) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}  # generated columns excluded


def _insert(conn, table: str, values: dict, have: set[str]) -> None:
    cols = [c for c in values if c in have]
    conn.execute(
        f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})',
        [values[c] for c in cols],
    )


def build_signal_desktop_db(path: str | os.PathLike, *, n_messages: int = 60, seed: int | str = 0,
                            schema_version: int = 1360, attachments_dir: str | os.PathLike | None = None) -> dict:
    """Write a plain (unencrypted) Signal Desktop ``db.sqlite``; attachment files go to ``attachments_dir``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, *(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))):
        if p.exists():
            p.unlink()
    r = C.rng(seed, "signal-desktop")
    legacy = schema_version < 88
    modern_json = schema_version >= 1270
    table_attachments = schema_version >= 1360
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.executescript(_statements_up_to(schema_version))
        conn.execute(f"PRAGMA user_version={schema_version}")
        conn.execute("BEGIN")
        msg_cols = _columns(conn, "messages")
        conv_cols = _columns(conn, "conversations")
        att_cols = _columns(conn, "message_attachments") if table_attachments else set()
        call_cols = _columns(conn, "callsHistory") if schema_version >= 89 else set()
        sid = "uuid" if legacy else "serviceId"

        # -- conversations -------------------------------------------------------------------
        our_aci = _uuid(r)
        people = C.make_people(seed, 8)
        convs = {}

        def add_private(key, aci, e164, profile_name, family, name=None):
            cid = _uuid(r)
            data = {"id": cid, "type": "private", sid: aci, "e164": e164, "profileName": profile_name,
                    "profileFamilyName": family, "version": 2}
            full = " ".join(p for p in (profile_name, family) if p)
            if name:
                data["name"] = name
            row = {"id": cid, "json": json.dumps(data, ensure_ascii=False), "active_at": START_MS, "type": "private",
                   "name": name, "profileName": profile_name, "profileFamilyName": family, "profileFullName": full,
                   "e164": e164, sid: aci}
            _insert(conn, "conversations", row, conv_cols)
            convs[key] = {"id": cid, "aci": aci, "e164": e164, "title": name or full, "type": "private"}

        add_private("owner", our_aci, OWNER_E164, "Owner", None)
        for i, p in enumerate(people):
            first, _, last = p.name.partition(" ")
            add_private(f"p{i}", _uuid(r), p.e164, first, last or None, name=p.name if p.saved else None)
        for g in range(2):
            cid = _uuid(r)
            group_id = hashlib.sha256(f"{seed}:group:{g}".encode()).digest().hex()[:44]
            members = [convs["owner"]["aci"]] + [convs[f"p{i}"]["aci"] for i in range(g * 3, g * 3 + 3)]
            name = C.GROUP_NAMES[g]
            data = {"id": cid, "type": "group", "groupId": group_id, "name": name, "groupVersion": 2,
                    "membersV2": [{("uuid" if legacy else "aci"): m, "role": 1, "joinedAtVersion": 0} for m in members]}
            _insert(conn, "conversations", {"id": cid, "json": json.dumps(data, ensure_ascii=False), "active_at": START_MS,
                                            "type": "group", "name": name, "groupId": group_id}, conv_cols)
            convs[f"g{g}"] = {"id": cid, "groupId": group_id, "title": name, "type": "group", "members": members}
        _insert(conn, "items", {"id": "uuid_id", "json": json.dumps({"id": "uuid_id", "value": f"{our_aci}.2"})},
                {"id", "json"})

        # -- messages ------------------------------------------------------------------------
        counter = {"rowid": 0, "received": 1000, "t": START_MS}
        written_files: dict[str, bytes] = {}
        cases: dict[str, str] = {}
        summary_calls: list[dict] = []

        def next_time():
            counter["t"] += STEP_MS + int(r.random() * 60_000)
            return counter["t"]

        def message(conv_key, mtype, *, body=None, sender_key=None, extra_json=None, attachments=(), read=0,
                    expire=None, view_once=False, deleted=False):
            conv = convs[conv_key]
            mid = _uuid(r)
            sent = next_time()
            counter["received"] += 1
            data = {"id": mid, "type": mtype, "conversationId": conv["id"], "sent_at": sent, "timestamp": sent,
                    "received_at": counter["received"] if schema_version >= 1270 else sent,
                    "schemaVersion": 10, "attachments": [], "contact": [], "preview": []}
            if schema_version >= 1270:
                data["received_at_ms"] = sent + 1500
            if body is not None:
                data["body"] = body
            sender = convs.get(sender_key) if sender_key else None
            if mtype == "incoming":
                data.update(source=sender["e164"], sourceDevice=1, readStatus=read,
                            serverTimestamp=sent + 700, serverGuid=_uuid(r))
                data["sourceUuid" if legacy else "sourceServiceId"] = sender["aci"]
            elif mtype == "outgoing":
                targets = conv.get("members") or [conv["aci"]]
                state = {}
                for aci in targets:
                    target = next(c for c in convs.values() if c.get("aci") == aci)
                    if target is convs["owner"] and conv["type"] == "group":
                        continue
                    state[target["id"]] = {"status": "Read" if len(state) == 0 else "Delivered", "updatedAt": sent + 2000}
                data.update(sendStateByConversationId=state, expirationStartTimestamp=sent if expire else None,
                            synced=True)
            if expire:
                data["expireTimer"] = expire
                data["expirationStartTimestamp"] = sent + 3000
            if view_once:
                data["isViewOnce"] = True
            if deleted:
                data.pop("body", None)
                data["attachments"] = []
                data["deletedForEveryone"] = True
                data["deletedForEveryoneTimestamp"] = sent + 60_000
            if callable(extra_json):
                extra_json = extra_json(sent)
            if extra_json:
                data.update(extra_json)
            atts = []
            for order, (name, mime, present) in enumerate(attachments):
                blob = C.fake_jpeg(r, f"{mid}-{order}")
                rel = hashlib.sha256(blob).hexdigest()
                rel = f"{rel[:2]}/{rel}"
                info = {"contentType": mime, "fileName": name, "size": len(blob), "path": rel, "version": 2,
                        "plaintextHash": hashlib.sha256(blob).hexdigest(),
                        "localKey": hashlib.sha512(blob).digest().hex()[:88]}
                if present:
                    written_files[rel] = blob
                atts.append(info)
            if atts and not table_attachments:
                data["attachments"] = atts
            has_att = 1 if atts else 0
            columns = {
                "id": mid, "json": None, "readStatus": data.get("readStatus"), "unread": data.get("readStatus"),
                "expires_at": (data["expirationStartTimestamp"] + expire * 1000) if expire else None,
                "sent_at": sent, "schemaVersion": data["schemaVersion"], "conversationId": conv["id"],
                "received_at": data["received_at"], "hasAttachments": has_att,
                "hasVisualMediaAttachments": has_att, "hasFileAttachments": 0, "expireTimer": data.get("expireTimer"),
                "expirationStartTimestamp": data.get("expirationStartTimestamp"), "type": mtype, "body": data.get("body"),
                "isErased": 0, "isViewOnce": 1 if view_once else 0, "sourceDevice": data.get("sourceDevice"),
                "sourceUuid": data.get("sourceUuid"), "sourceServiceId": data.get("sourceServiceId"),
                "serverGuid": data.get("serverGuid"), "timestamp": sent, "received_at_ms": data.get("received_at_ms"),
                "serverTimestamp": data.get("serverTimestamp"), "source": data.get("source"),
                "unidentifiedDeliveryReceived": None,
            }
            stored = {k: v for k, v in data.items() if not (modern_json and k in MESSAGE_COLUMNS and k != "id")}
            if table_attachments:
                stored.pop("attachments", None)
            columns["json"] = json.dumps({k: v for k, v in stored.items() if v is not None}, ensure_ascii=False)
            _insert(conn, "messages", columns, msg_cols)
            for order, info in enumerate(atts if table_attachments else ()):
                _insert(conn, "message_attachments", {
                    "messageId": mid, "editHistoryIndex": -1, "attachmentType": "attachment", "orderInMessage": order,
                    "conversationId": conv["id"], "sentAt": sent, "size": info["size"], "contentType": info["contentType"],
                    "path": info["path"], "plaintextHash": info["plaintextHash"], "localKey": info["localKey"],
                    "fileName": info["fileName"], "version": 2}, att_cols)
            return mid, sent, atts

        owner = convs["owner"]
        # special cases, always present, in this order
        m, sent_in, _ = message("p0", "incoming", body="Are we still on for tonight? 🍕", sender_key="p0", read=0)
        cases["incoming_private"] = m
        m, _, _ = message("p0", "outgoing", body="Yes, 8pm at the station")
        cases["outgoing_private"] = m
        m, _, _ = message("p0", "outgoing", body="Replying to your question",
                          extra_json={"quote": {"id": sent_in, ("authorUuid" if legacy else "authorAci"): convs["p0"]["aci"],
                                                "text": "Are we still on for tonight? 🍕", "attachments": [],
                                                "referencedMessageNotFound": False, "isViewOnce": False}})
        cases["quote"] = m
        cases["quoted"] = cases["incoming_private"]
        m, _, _ = message("g0", "incoming", body="Group hello 👋", sender_key="p1", read=1)
        cases["incoming_group"] = m
        m, _, _ = message("g0", "outgoing", body="Hi all")
        cases["outgoing_group"] = m
        react_key = "targetAuthorUuid" if legacy else "targetAuthorAci"
        m, _, _ = message("p1", "incoming", body="Look at this", sender_key="p1", read=2,
                               extra_json=lambda sent: {"reactions": [
                                   {"emoji": "❤️", "fromId": owner["id"], react_key: convs["p1"]["aci"],
                                    "targetTimestamp": sent, "timestamp": sent + 300_000},
                                   {"emoji": "😂", "fromId": convs["p2"]["id"], react_key: convs["p1"]["aci"],
                                    "targetTimestamp": sent, "timestamp": sent + 360_000}]})
        cases["reactions"] = m
        m, _, atts = message("p2", "incoming", body="Photo 📷", sender_key="p2",
                             attachments=[("beach.jpg", "image/jpeg", True)])
        cases["attachment_present"] = m
        present = atts[0]
        m, _, atts = message("p2", "incoming", body=None, sender_key="p2",
                             attachments=[("lost.jpg", "image/jpeg", False)])
        cases["attachment_missing"] = m
        missing = atts[0]
        m, _, _ = message("p3", "incoming", body="this will be deleted", sender_key="p3", deleted=True)
        cases["deleted"] = m
        m, _, _ = message("p3", "outgoing", body="Disappearing in an hour ⏳", expire=3600)
        cases["expiring"] = m
        m, _, _ = message("p4", "incoming", body=None, sender_key="p4", view_once=True)
        cases["view_once"] = m
        m, _, _ = message("g1", "group-v2-change", extra_json={"groupV2Change": {"from": convs["p3"]["aci"], "details": []}})
        cases["system"] = m

        # calls: legacy callHistoryDetails in the message JSON, or callsHistory rows + json.callId
        for label, conv_key, incoming, video, status in (("call_missed", "p5", True, False, "Missed"),
                                                         ("call_outgoing", "p6", False, True, "Accepted")):
            when = counter["t"] + STEP_MS
            if schema_version >= 89:
                call_id = str(r.getrandbits(63))
                _insert(conn, "callsHistory", {
                    "callId": call_id, "peerId": convs[conv_key]["aci"], "ringerId": convs[conv_key]["aci"] if incoming else None,
                    "mode": "Direct", "type": "Video" if video else "Audio",
                    "direction": "Incoming" if incoming else "Outgoing", "status": status, "timestamp": when}, call_cols)
                m, _, _ = message(conv_key, "call-history", extra_json={"callId": call_id})
            else:
                details = {"callMode": "Direct", "wasIncoming": incoming, "wasVideoCall": video, "wasDeclined": False}
                if status == "Accepted":
                    details.update(acceptedTime=when, endedTime=when + 125_000)
                else:
                    details.update(endedTime=when)
                m, _, _ = message(conv_key, "call-history", extra_json={"callHistoryDetails": details})
            cases[label] = m
            summary_calls.append({"case": label, "time_ms": when, "status": status.lower(),
                                  "direction": "incoming" if incoming else "outgoing", "video": video})

        # bulk traffic
        keys = [f"p{i}" for i in range(len(people))] + ["g0", "g1"]
        for _ in range(max(0, n_messages - len(cases) + 1)):
            conv_key = keys[int(r.random() * len(keys))]
            if r.random() < 0.5:
                sender = conv_key if conv_key.startswith("p") else f"p{int(r.random() * 6)}"
                message(conv_key, "incoming", body=C.text(r), sender_key=sender, read=int(r.random() * 3) % 3)
            else:
                message(conv_key, "outgoing", body=C.text(r))
        conn.execute("COMMIT")
        total = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        conn.close()

    if attachments_dir is not None:
        for rel, blob in written_files.items():
            target = Path(attachments_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
    return {
        "path": str(path),
        "schema_version": schema_version,
        "messages": total,
        "our_aci": our_aci,
        "owner_e164": OWNER_E164,
        "conversations": {k: dict(v) for k, v in convs.items()},
        "cases": cases,
        "calls": summary_calls,
        "attachment_present": {"path": present["path"], "sha256": hashlib.sha256(written_files[present["path"]]).hexdigest(),
                               "size": present["size"]},
        "attachment_missing": {"path": missing["path"], "size": missing["size"]},
    }


def write_signal_config(path: str | os.PathLike, *, key: str | None = None, encrypted_key: str | None = None) -> Path:
    """``config.json`` with a legacy ``key`` and/or an ``encryptedKey`` (hex of a safeStorage blob)."""
    data = {}
    if key is not None:
        data["key"] = key
    if encrypted_key is not None:
        data["encryptedKey"] = encrypted_key
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def linux_safe_storage_encrypt(plaintext: str, secret: str, *, iterations: int = 1, prefix: bytes = b"v11") -> str:
    """Electron safeStorage on Linux/macOS as formats.md 3.3 describes it, as the hex ``config.json`` stores.

    AES-128-CBC, key = PBKDF2-HMAC-SHA1(secret, ``saltysalt``, iterations, 16), IV = 16 spaces, PKCS#7.
    """
    from cryptography.hazmat.primitives import hashes, padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    key = PBKDF2HMAC(hashes.SHA1(), 16, b"saltysalt", iterations).derive(secret.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext.encode("ascii")) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(b" " * 16)).encryptor()
    return (prefix + enc.update(data) + enc.finalize()).hex()


def database_key_for(seed: int | str = 0) -> str:
    """A deterministic 64-hex SQLCipher raw key."""
    return C.rng(seed, "signal-desktop-key").randbytes(32).hex()


def write_signal_desktop_folder(signal_dir: str | os.PathLike, *, n_messages: int = 60, seed: int | str = 0,
                                schema_version: int = 1360, key: str | None = None, encrypted_key: str | None = None,
                                encrypt: bool = False, write_key: bool = True) -> dict:
    """A ``Signal`` folder: ``sql/db.sqlite`` (encrypted with ``key`` when ``encrypt``), ``config.json``, attachments.

    ``write_key`` puts ``key`` into ``config.json``; ``encrypted_key`` (hex) is written as ``encryptedKey``.
    Encryption uses ``artefacts.decoders.sqlcipher.encrypt_database`` with the SQLCipher 4 defaults.
    """
    signal_dir = Path(signal_dir)
    db = signal_dir / "sql" / "db.sqlite"
    plain = db if not encrypt else signal_dir / "sql" / ".plain-db.sqlite"
    summary = build_signal_desktop_db(plain, n_messages=n_messages, seed=seed, schema_version=schema_version,
                                      attachments_dir=signal_dir / "attachments.noindex")
    if encrypt:
        if key is None:
            raise ValueError("encrypt=True needs a key")
        from ..decoders import sqlcipher as sc

        sc.encrypt_database(plain, db, f"x'{key}'", sc.VERSIONS[4], seed=f"{seed}:signal-desktop")
        plain.unlink()
    if (key is not None and write_key) or encrypted_key is not None:
        write_signal_config(signal_dir / "config.json", key=key if write_key else None, encrypted_key=encrypted_key)
    summary["path"] = str(db)
    summary["encrypted"] = encrypt
    return summary
