"""A small Kik for Android ``databases/kikDatabase.db`` on the sourced schema (``ddl/kik_android.sql``;
Kik for iOS is built by :mod:`.chat_apps` on the real ``kik.sqlite``).

As ALEAPP ``kikMessenger.py`` reads the real file: ``messagesTable.timestamp`` ms since 1970, ``was_me``
1 sent / 0 received, ``partner_jid`` and ``bin_id`` (the chat: the partner's JID, or the group's),
``read_state`` an integer, a picture as a ``content_id`` whose properties (``file-name``, ``file-size``,
``app-name``) are ``KIKContentTable`` rows, a group member's join as ``sys_msg`` with no body;
``KIKcontactsTable`` with one group (``is_group``); the account in ``kikCoreDatabase.db`` ``CoreTable``; the picture's file in ``DCIM/Kik/`` named by its content id
(ALEAPP's rule), and a second picture whose file is not in the extraction. JIDs ``<username>_<suffix>@talk.kik.com`` and
``...@groups.kik.com`` as in the real ``kik.sqlite`` of plaso's test data; names are invented.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from pathlib import Path

from .content import fake_jpeg
from .ddl_loader import build_db, check_columns, load

DDL = "kik_android.sql"
DB = "data/data/kik.android/databases/kikDatabase.db"
CORE_DB = "data/data/kik.android/databases/kikCoreDatabase.db"
ACCOUNT = "sam.k_1994"
DCIM = "data/media/0/DCIM/Kik"
START_MS = 1_714_903_200_000  # 2024-05-05T10:00:00Z
MSG_COLS = ("body", "partner_jid", "was_me", "read_state", "uid", "timestamp", "bin_id", "stat_msg", "sys_msg",
            "content_id", "app_id")
CONTACT_COLS = ("jid", "display_name", "user_name", "is_group", "group_size", "in_roster", "is_blocked", "photo_timestamp")
CONTENT_COLS = ("content_id", "content_name", "content_string")
PEOPLE = [("Tess Vaughn", "tessv"), ("Omar Reyes", "omar.r"), ("Lee Chan", "leechan9")]
TEXTS = ["u up?", "yeah", "meet at the park", "bring cash", "k", "on the way", "who is this?", "saw your post"]


def write_kik_android(dest: Path, *, seed: int = 0, n_messages: int = 14) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"messagesTable": MSG_COLS, "KIKcontactsTable": CONTACT_COLS, "KIKContentTable": CONTENT_COLS})
    users = [{"jid": f"{u}_{rng.randint(100, 999)}@talk.kik.com", "name": n, "user_name": u} for n, u in PEOPLE]
    group = {"jid": f"1100{rng.getrandbits(40):d}_g@groups.kik.com", "name": "Park crew", "members": users[1:]}
    contact_rows = [(u["jid"], u["name"], u["user_name"], 0, None, 1, 0, START_MS - 86_400_000 * (i + 2))
                    for i, u in enumerate(users)]
    contact_rows.append((group["jid"], group["name"], None, 1, len(group["members"]) + 1, 1, 0, None))
    messages, rows, content_rows = [], [], []
    t = START_MS
    for i in range(1, n_messages + 1):
        in_group = i % 3 == 0
        chat = group["jid"] if in_group else users[0]["jid"]
        t += rng.randint(15_000, 1_500_000)
        out = rng.random() < 0.45
        partner = (group["jid"] if out else rng.choice(group["members"])["jid"]) if in_group else users[0]["jid"]
        body, sys_msg, content = rng.choice(TEXTS), None, None
        if i == 3:
            out, partner, body, sys_msg = False, users[2]["jid"], None, f"{users[2]['name']} has joined the chat"
        sha = None
        if i in (8, 12):
            content, body = str(uuid.UUID(int=rng.getrandbits(128), version=4)), None
            data = fake_jpeg(rng, content)
            content_rows += [(content, "file-name", f"IMG_{i:04d}.jpg"), (content, "file-size", str(len(data))),
                             (content, "app-name", "Gallery")]
            if i == 8:  # its file is on the phone, named by the content id; message 12's is not
                (dest / DCIM).mkdir(parents=True, exist_ok=True)
                (dest / DCIM / f"{content}.jpg").write_bytes(data)
                sha = hashlib.sha256(data).hexdigest()
        rows.append((body, partner, int(out), 500 if out else 400, str(uuid.UUID(int=rng.getrandbits(128), version=4)), t,
                     chat, None, sys_msg, content, "com.kik.ext.gallery" if content else None))
        messages.append({"rowid": i, "timestamp": t, "direction": "outgoing" if out else "incoming", "partner": partner,
                         "chat": chat, "body": body if body is not None else sys_msg,
                         "kind": "system" if sys_msg else "message",
                         "attachment": f"IMG_{i:04d}.jpg" if content else None, "sha256": sha,
                         "file": f"{DCIM}/{content}.jpg" if sha else None})
    with build_db(dest / CORE_DB, DDL, tables=("CoreTable",), page_size=512) as con:
        load(con, "CoreTable", ("core_id", "username", "is_active"), [(f"{rng.getrandbits(64):016x}", ACCOUNT, 1)])
    with build_db(dest / DB, DDL, tables=("messagesTable", "KIKcontactsTable", "KIKContentTable", "KIKContentURITable",
                                          "chatMetaInfTable"), page_size=512) as con:
        load(con, "messagesTable", MSG_COLS, rows)
        load(con, "KIKcontactsTable", CONTACT_COLS, contact_rows)
        load(con, "KIKContentTable", CONTENT_COLS, content_rows)
    m = {"database": DB, "core_database": CORE_DB, "account": ACCOUNT, "messages": messages, "contacts": [{"jid": r[0], "name": r[1], "group": bool(r[3])}
                                                            for r in contact_rows]}
    return {**m, "events": _events(m)}


def _events(m: dict) -> list[dict]:
    from .messengers import iso_from_ms

    events = []
    for x in m["messages"]:
        out = x["direction"] == "outgoing"
        events.append({"locator": f"messagesTable:_rowid={x['rowid']}", "kind": x["kind"],
                       "timestamp": iso_from_ms(x["timestamp"]), "direction": x["direction"], "conversation_id": x["chat"],
                       "sender": m["account"] if out else x["partner"], "recipients": [x["partner"]] if out else [],
                       "body": x["body"], "deleted": False,
                       "attachments": [{"name": x["attachment"], "sha256": x["sha256"]}] if x["attachment"] else []})
    for c in m["contacts"]:
        events.append({"locator": f"KIKcontactsTable:jid={c['jid']}", "kind": "contact", "timestamp": None,
                       "conversation_id": c["jid"], "sender": c["jid"]})
    events.append({"path": m["core_database"], "locator": "CoreTable:_rowid=1", "kind": "contact", "timestamp": None,
                   "conversation_id": m["account"], "sender": m["account"]})
    return events


def generic_manifest(root: Path) -> dict:
    """The registry's form (:mod:`.messengers`)."""
    m = write_kik_android(root)
    return {"app": "kik", "path": m["database"], "events": m["events"]}
