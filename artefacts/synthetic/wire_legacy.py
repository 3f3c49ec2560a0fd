"""Deterministic legacy Wire for Android extractions: the per-account database ``com.wire/databases/<user uuid>``.

Schema: ``ddl/wire_legacy_android.sql`` (the zmessaging Dao tables, sources in its header). Values as the Daos
write them: ids as text, times in ms since 1970, durations in ms, ``msg_type`` the ``MessageTypeCodec`` names,
``content`` the JSON array of ``MessageContent``, ``protos`` the serialized ``GenericMessage``
(``schemas/wire_messages.proto``), ``members`` comma-separated user ids. Nothing here is a real person's data.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from pathlib import Path

from ..protos import load_schema
from .ddl_loader import create
from .wire_ios import fresh_file

DDL = "wire_legacy_android.sql"
START_MS = 1_546_300_800_000  # 2019-01-01T00:00:00Z
APP_DIR = "data/data/com.wire/databases"
GROUP, ONE_TO_ONE = 0, 2  # IConversation.Type ids


def _uid(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def build_account_db(path, *, self_id: str, n_messages: int = 20, seed: int | str = 0) -> dict:
    """Write a legacy account database at ``path`` for the user ``self_id``; returns users, conversations, messages."""
    GenericMessage = load_schema("wire_messages.proto").message("GenericMessage")
    r = random.Random(f"wire-legacy-{seed}")
    people = [("Sam Owner", "sam.owner"), ("Lena Example", "lena.e"), ("Marco Sample", "marco_s"), ("Ava Test", "ava")]
    users = [{"id": self_id if i == 0 else _uid(r), "name": n, "handle": h,
              "email": f"{h.replace('.', '')}@example.org", "phone": None if i % 2 else f"+4477009001{20 + i}"}
             for i, (n, h) in enumerate(people)]
    me = users[0]["id"]
    convs = []
    for u in users[1:3]:  # a one-to-one conversation's local id is the other user's id
        convs.append({"id": u["id"], "remote_id": _uid(r), "type": ONE_TO_ONE, "name": None,
                      "generated_name": u["name"], "display": u["name"], "members": [me, u["id"]]})
    convs.append({"id": _uid(r), "remote_id": _uid(r), "type": GROUP, "name": "Book Club",
                  "generated_name": "Lena, Marco, Ava", "display": "Book Club", "members": [u["id"] for u in users]})
    texts = ["Morning! \u2600", "Did you read chapter 3?", "Ja, gestern", "two\nlines", "\U0001F4DA\U0001F44D",
             "'quotes' & <tags>", "\u05e9\u05dc\u05d5\u05dd"]
    kinds = ["Text", "Text", "Asset", "Knock", "Text", "AnyAsset", "MissedCall", "Location", "Rename", "Text",
             "SuccessfulCall", "MemberJoin", "Recalled", "ephemeral"]
    messages, assets = [], []
    t = START_MS
    for i in range(n_messages):
        t += r.randrange(30_000, 7_200_000)
        conv = convs[i % len(convs)]
        kind = kinds[i % len(kinds)]
        if kind in ("Rename", "MemberJoin") and conv["type"] != GROUP:
            kind = "Text"
        outgoing = r.random() < 0.45
        sender = me if outgoing else r.choice([m for m in conv["members"] if m != me])
        m = {"id": _uid(r), "conv": conv["id"], "msg_type": "Text" if kind == "ephemeral" else kind, "kind": kind,
             "user_id": sender, "outgoing": sender == me, "time": t, "body": None, "attachment": None,
             "ephemeral": None, "duration": None, "name": None, "members": None, "content": [], "protos": None,
             "asset_id": None, "state": "SENT" if sender == me else "DELIVERED"}
        gm = GenericMessage(message_id=m["id"])
        if kind in ("Text", "ephemeral"):
            m["body"] = texts[i % len(texts)] if kind == "Text" else "Gone in 30 seconds"
            m["content"] = [{"type": "Text", "content": m["body"]}]
            if kind == "ephemeral":
                m["ephemeral"] = 30_000
                gm.ephemeral.expire_after_millis = 30_000
                gm.ephemeral.text.content = m["body"]
            else:
                gm.text.content = m["body"]
        elif kind in ("Asset", "AnyAsset"):
            image = kind == "Asset"
            a = {"_id": f"3-1-{_uid(r)}", "name": f"IMG_{2000 + i}.jpg" if image else f"minutes-{i}.pdf",
                 "mime": "image/jpeg" if image else "application/pdf", "size": r.randrange(10_000, 500_000)}
            assets.append(a)
            m["asset_id"], m["attachment"], m["mime"] = a["_id"], a["name"], a["mime"]
            part = {"type": "Asset", "asset": a["_id"]}
            if image:
                part.update(width=800, height=600)
            m["content"] = [part]
            gm.asset.original.mime_type, gm.asset.original.size, gm.asset.original.name = a["mime"], a["size"], a["name"]
        elif kind == "Knock":
            gm.knock.hot_knock = False
        elif kind == "Location":
            gm.location.latitude, gm.location.longitude, gm.location.name, gm.location.zoom = 48.125, 11.5, "Cafe", 14
            m["body"] = "Location: Cafe (48.125, 11.5)"
        elif kind == "SuccessfulCall":
            m["duration"], gm = r.randrange(20, 600) * 1000, None
        elif kind == "MissedCall":
            gm = None
        elif kind == "Rename":
            m["name"], gm = conv["name"], None
        elif kind == "MemberJoin":
            m["members"], gm = users[3]["id"], None
        elif kind == "Recalled":
            gm = None
        m["protos"] = gm.SerializeToString() if gm is not None else None
        messages.append(m)
    # likes (Liking.Action 1) and a like taken back (0) on the first text messages, by another member
    likings = []
    for n, m in enumerate([m for m in messages if m["kind"] == "Text"][:3]):
        conv = next(c for c in convs if c["id"] == m["conv"])
        user = next(u for u in conv["members"] if u != m["user_id"])
        likings.append({"message_id": m["id"], "user_id": user, "timestamp": m["time"] + 60_000 * (n + 1),
                        "action": 0 if n == 2 else 1, "conv": m["conv"]})
    con = sqlite3.connect(fresh_file(path))
    try:
        # 1 KiB pages keep the committed sample small (16 objects need 16 pages); the page size is not part of
        # the schema and the parser does not depend on it
        con.execute("PRAGMA page_size = 1024")
        create(con, DDL, "tables")
        for u in users:
            con.execute("INSERT INTO Users (_id, name, email, phone, accent, skey, connection, conn_timestamp, relation, "
                        "timestamp, display_name, verified, deleted, availability, handle) "
                        "VALUES (?, ?, ?, ?, 1, ?, ?, ?, 'Other', ?, ?, 'UNKNOWN', 0, 0, ?)",
                        (u["id"], u["name"], u["email"], u["phone"], u["name"].lower(),
                         "self" if u["id"] == me else "accepted", START_MS, START_MS, u["name"].split()[0], u["handle"]))
        for c in convs:
            con.execute("INSERT INTO Conversations (_id, remote_id, name, creator, conv_type, last_event_time, is_active, "
                        "last_read, muted, mute_time, archived, archive_time, generated_name, unread_count, unsent_count, "
                        "hidden, verified, unread_call_count, unread_ping_count) "
                        "VALUES (?, ?, ?, ?, ?, ?, 1, ?, 0, 0, 0, 0, ?, 0, 0, 0, 'UNKNOWN', 0, 0)",
                        (c["id"], c["remote_id"], c["name"], me, c["type"], t, t, c["generated_name"]))
            for member in c["members"]:
                con.execute("INSERT INTO ConversationMembers (user_id, conv_id) VALUES (?, ?)", (member, c["id"]))
        for a in assets:
            con.execute("INSERT INTO Assets2 (_id, token, name, encryption, mime, sha, size, details) "
                        "VALUES (?, NULL, ?, 'AES_CBC', ?, ?, ?, '{}')", (a["_id"], a["name"], a["mime"], r.randbytes(32), a["size"]))
        for m in messages:
            con.execute(
                "INSERT INTO Messages (_id, conv_id, msg_type, user_id, content, protos, time, local_time, first_msg, "
                "members, name, msg_state, content_size, edit_time, ephemeral, expiry_time, expired, duration, "
                "quote_validity, asset_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?, 0, ?, 0, ?)",
                (m["id"], m["conv"], m["msg_type"], m["user_id"], json.dumps(m["content"], ensure_ascii=False),
                 m["protos"], m["time"], m["time"] + r.randrange(50, 900), m["members"], m["name"], m["state"],
                 len(m["content"]), m["ephemeral"], m["time"] + 30_000 if m["ephemeral"] else None, m["duration"],
                 m["asset_id"]))
        for lk in likings:
            con.execute("INSERT INTO Likings (message_id, user_id, timestamp, action) VALUES (?, ?, ?, ?)",
                        (lk["message_id"], lk["user_id"], lk["timestamp"], lk["action"]))
        create(con, DDL, "after")
        con.commit()
    finally:
        con.close()
    for m in messages:
        m.pop("protos")
    return {"self": me, "users": users, "conversations": convs, "messages": messages, "likings": likings}


def write_legacy_extraction(dest, *, n_messages: int = 20, seed: int | str = 0) -> dict:
    """The legacy app's database folder under ``dest``; returns the summary with ``database`` (relative path)."""
    dest = Path(dest)
    self_id = _uid(random.Random(f"wire-legacy-self-{seed}"))
    rel = f"{APP_DIR}/{self_id}"
    summary = build_account_db(dest / rel, self_id=self_id, n_messages=n_messages, seed=seed)
    summary["database"] = rel
    return summary
