"""Deterministic Wire for Android (Kalium) extractions: the per-user database on the real schema, encrypted as the app does.

Schema: ``ddl/wire_kalium.sql`` (wireapp/kalium SQLDelight ``.sq`` files, sources in its header).
File: ``data/data/com.wire/databases/user-db-<user uuid>-<domain without dots>`` (Kalium
``FileNameUtil.userDBName`` and its ``filterFileName``).
Encryption: SQLCipher 4 defaults (net.zetetic sqlcipher-android, which Kalium's ``userDatabaseBuilder``
opens with the passphrase bytes), the passphrase 32 random bytes (``SecurityHelperImpl.generatePassword``
with ``MIN_DATABASE_SECRET_LENGTH = 32``), written by :func:`artefacts.decoders.sqlcipher.encrypt_database`.
Values follow the adapters (Member.role ``wire_admin``/``wire_member``: MemberRoleAdapter.kt @ 3f1898f4): ids ``<value>@<domain>``, times ms since 1970, enum names as text
(``MessageEntity.ContentType``/``Status``/``Visibility``, ``ConversationEntity.Type``/``Protocol``/
``GroupState``/``CipherSuite``). Nothing here is a real person's data.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import uuid
from pathlib import Path

from ..decoders.sqlcipher import SQLCipherKey, VERSIONS, encrypt_database
from .ddl_loader import create

START_MS = 1_712_000_000_000  # 2024-04-01T19:33:20Z
DOMAIN = "wire.com"
APP_DIR = "data/data/com.wire"


def _uid(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def db_name(user_uuid: str, domain: str = DOMAIN) -> str:
    """``FileNameUtil.userDBName``: ``user-db-<value>-<domain>`` with every character but letters, digits and
    ``-`` removed (``filterFileName``), so ``wire.com`` becomes ``wirecom``."""
    return "".join(c for c in f"user-db-{user_uuid}-{domain}" if c.isalnum() or c == "-")


def build_user_db(path, *, n_messages: int = 40, seed: int | str = 0) -> dict:
    """Write a plain Kalium user database; returns ``{"self", "users", "conversations", "messages"}``.

    ``messages``: one dict per ``Message`` row with what a parser must give: ``id``, ``conversation``,
    ``creation_date`` (ms), ``content_type``, ``body``, ``outgoing``, ``sender``, ``attachment`` (name or None).
    """
    r = random.Random(f"wire-{seed}")
    self_uuid = _uid(r)
    me = f"{self_uuid}@{DOMAIN}"
    people = [("Lena Example", "lena.e"), ("Marco Sample", "marco_s"), ("Ava Test", "ava"), ("Noor Demo", "noor.d")]
    users = [{"qualified_id": me, "name": "Sam Owner", "handle": "sam.owner"}]
    users += [{"qualified_id": f"{_uid(r)}@{DOMAIN}", "name": n, "handle": h} for n, h in people]
    convs = []
    for u in users[1:3]:
        convs.append({"qualified_id": f"{_uid(r)}@{DOMAIN}", "name": None, "type": "ONE_ON_ONE",
                      "members": [me, u["qualified_id"]], "display": u["name"]})
    convs.append({"qualified_id": f"{_uid(r)}@{DOMAIN}", "name": "Project Falcon", "type": "GROUP",
                  "members": [u["qualified_id"] for u in users], "display": "Project Falcon"})
    texts = ["Are you around later?", "Yes, after 6 \u2615", "Bis morgen", "Line one\nline two",
             "OK \U0001F44D", "<b>not html</b> & \"quotes\""]
    kinds = ["TEXT", "TEXT", "ASSET", "TEXT", "KNOCK", "TEXT", "MISSED_CALL", "LOCATION", "TEXT", "ASSET",
             "TEXT", "CONVERSATION_RENAMED"]
    messages = []
    t = START_MS
    for i in range(n_messages):
        t += r.randrange(20_000, 3_600_000)
        conv = convs[i % len(convs)]
        ctype = kinds[i % len(kinds)]
        if ctype == "CONVERSATION_RENAMED" and conv["type"] != "GROUP":
            ctype = "TEXT"
        outgoing = r.random() < 0.45
        sender = me if outgoing else r.choice([m for m in conv["members"] if m != me])
        m = {"id": str(uuid.UUID(int=r.getrandbits(128), version=4)), "conversation": conv["qualified_id"],
             "creation_date": t, "content_type": ctype, "outgoing": outgoing, "sender": sender,
             "status": "SENT" if outgoing else "READ", "visibility": "VISIBLE", "expire_after_millis": None,
             "self_deletion_end_date": None, "body": None, "attachment": None}
        if ctype == "TEXT" and i == 5:  # deleted for everyone: Messages.sq markMessageAsDeleted keeps a NULL text
            m["visibility"] = "DELETED"
        elif ctype == "TEXT":
            m["body"] = texts[i % len(texts)]
            if i % 7 == 3:  # a self-deleting (ephemeral) message: timer and end date as Kalium stores them
                m["expire_after_millis"] = 60_000
                m["self_deletion_end_date"] = t + 60_000
        elif ctype == "ASSET":
            image = i % 2 == 0
            m["asset"] = {"asset_size": r.randrange(10_000, 900_000),
                          "asset_name": f"IMG_{1000 + i}.jpg" if image else f"report-{i}.pdf",
                          "asset_mime_type": "image/jpeg" if image else "application/pdf",
                          "asset_otr_key": r.randbytes(32), "asset_sha256": r.randbytes(32),
                          "asset_id": f"3-2-{_uid(r)}", "asset_domain": DOMAIN,
                          "asset_width": 1024 if image else None, "asset_height": 768 if image else None}
            m["attachment"] = m["asset"]["asset_name"]
        elif ctype == "LOCATION":
            m["location"] = {"latitude": 52.5 + (i % 10) / 64, "longitude": 13.25 + (i % 7) / 64, "name": "Meeting point",
                             "zoom": 15}
        elif ctype == "MISSED_CALL":
            m["caller"] = sender
        elif ctype == "CONVERSATION_RENAMED":
            m["renamed_to"] = conv["name"]
        messages.append(m)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        create(con, "wire_kalium.sql", "tables")
        for u in users:
            con.execute("INSERT INTO User (qualified_id, name, handle, connection_status) VALUES (?, ?, ?, ?)",
                        (u["qualified_id"], u["name"], u["handle"], "ACCEPTED"))
        for c in convs:
            con.execute(
                "INSERT INTO Conversation (qualified_id, name, type, mls_group_state, protocol, creator_id, "
                "last_modified_date, access_list, access_role_list, mls_cipher_suite) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (c["qualified_id"], c["name"], c["type"], "ESTABLISHED", "PROTEUS", self_uuid, t, "INVITE,CODE",
                 "TEAM_MEMBER,NON_TEAM_MEMBER", "UNKNOWN"))
            for member in c["members"]:
                con.execute("INSERT INTO Member (user, conversation, role) VALUES (?, ?, ?)", (member, c["qualified_id"],
                                                                                                 "wire_admin" if member == me else "wire_member"))
        for m in messages:
            key = (m["id"], m["conversation"])
            con.execute(
                "INSERT INTO Message (id, content_type, conversation_id, creation_date, sender_user_id, sender_client_id, "
                "status, visibility, expire_after_millis, self_deletion_end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*key[:1], m["content_type"], m["conversation"], m["creation_date"], m["sender"], f"{r.getrandbits(64):x}",
                 m["status"], m["visibility"], m["expire_after_millis"], m["self_deletion_end_date"]))
            if m["content_type"] == "TEXT":
                con.execute("INSERT INTO MessageTextContent (message_id, conversation_id, text_body, is_quoting_self) "
                            "VALUES (?, ?, ?, 0)", (*key, m["body"]))
            elif m["content_type"] == "ASSET":
                a = m["asset"]
                con.execute(f"INSERT INTO MessageAssetContent (message_id, conversation_id, {', '.join(a)}) "
                            f"VALUES (?, ?, {', '.join('?' * len(a))})", (*key, *a.values()))
            elif m["content_type"] == "LOCATION":
                loc = m["location"]
                con.execute("INSERT INTO MessageConversationLocationContent (message_id, conversation_id, latitude, "
                            "longitude, name, zoom) VALUES (?, ?, ?, ?, ?, ?)", (*key, *loc.values()))
            elif m["content_type"] == "MISSED_CALL":
                con.execute("INSERT INTO MessageMissedCallContent (message_id, conversation_id, caller_id) VALUES (?, ?, ?)",
                            (*key, m["caller"]))
            elif m["content_type"] == "CONVERSATION_RENAMED":
                con.execute("INSERT INTO MessageConversationChangedContent (message_id, conversation_id, conversation_name) "
                            "VALUES (?, ?, ?)", (*key, m["renamed_to"]))
        create(con, "wire_kalium.sql", "after")
        con.commit()
    finally:
        con.close()
    for m in messages:
        m.pop("asset", None)
    return {"self": me, "self_uuid": self_uuid, "users": users, "conversations": convs, "messages": messages}


def write_wire_extraction(dest, *, n_messages: int = 40, seed: int | str = 0) -> dict:
    """A Wire Android app folder under ``dest`` with the encrypted user database; returns the summary and ``key`` (hex)."""
    dest = Path(dest)
    r = random.Random(f"wire-key-{seed}")
    secret = r.randbytes(32)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "user.db"
        summary = build_user_db(plain, n_messages=n_messages, seed=seed)
        db = dest / APP_DIR / "databases" / db_name(summary["self_uuid"])
        db.parent.mkdir(parents=True, exist_ok=True)
        encrypt_database(plain, db, SQLCipherKey("passphrase", secret), VERSIONS[4], seed=f"wire-{seed}")
    summary.update({"key": secret.hex(), "database": db.relative_to(dest).as_posix()})
    return summary
