"""Deterministic Threema for Android extractions: ``threema4.db`` on the app's schema, encrypted as the app does.

Schema: ``ddl/threema_android.sql`` (the app's CREATE statements). Key: ``files/key.dat`` written as
``MasterKey.writeFile`` writes it (:func:`artefacts.decoders.threema_key.build_key_file`), the
database encrypted with SQLCipher 4, ``kdf_iter`` 1 and the password ``x"<hex master key>"``.
Message bodies are text for TEXT rows only: the serialised bodies of other types (file, call,
location data models) are not generated, their rows carry a caption or nothing. Nothing here is
a real person's data; Threema IDs are 8 characters of A-Z0-9 as the app's are.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from pathlib import Path

from ..decoders.sqlcipher import APP_SETTINGS, encrypt_database, new_plain_database
from ..decoders.threema_key import SCRYPT, build_key_file, database_password
from .ddl_loader import create

START_MS = 1_712_000_000_000  # 2024-04-01T19:33:20Z
APP_DIR = "data/data/ch.threema.app"
TYPES = {"TEXT": 0, "FILE": 8, "VOIP_STATUS": 9, "STATUS": 6}


def _tid(r: random.Random) -> str:
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(8))


def build_threema_db(path, *, n_messages: int = 50, seed: int | str = 0) -> dict:
    r = random.Random(f"threema-{seed}")
    people = [("Lena", "Example", "lena"), ("Marco", "", "m.sample"), (None, None, "ava"), ("Noor", "Demo", "")]
    contacts = [{"identity": _tid(r), "firstName": f, "lastName": l, "publicNickName": nick,
                 "dateCreated": START_MS - r.randrange(10**9)} for f, l, nick in people]
    group = {"id": 1, "apiGroupId": f"{r.getrandbits(64):016x}", "name": "Delivery crew",
             "creatorIdentity": contacts[0]["identity"], "members": [c["identity"] for c in contacts[:3]]}
    texts = ["Package is ready", "Where do we meet?", "Same place as last week \U0001F4CD", "\u00c7a marche",
             "Two more tomorrow", "Delete this chat after reading"]
    messages = []
    t = START_MS
    for i in range(1, n_messages + 1):
        t += r.randrange(30_000, 5_400_000)
        in_group = i % 5 == 0
        in_list = i % 7 == 3
        outgoing = r.random() < 0.4
        tname = ["TEXT", "TEXT", "FILE", "TEXT", "VOIP_STATUS", "TEXT", "STATUS", "TEXT"][i % 8]
        if (in_group or in_list) and tname in ("VOIP_STATUS", "STATUS"):
            tname = "TEXT"
        if in_list:
            in_group, outgoing = False, True  # a distribution list message is always the user's
        if in_group:
            identity = contacts[r.randrange(3)]["identity"]
        else:
            identity = contacts[i % len(contacts)]["identity"]
        created = t
        posted = None if outgoing else t - r.randrange(1_000, 60_000)
        body = texts[i % len(texts)] if tname == "TEXT" else None
        caption = "photo of the goods" if tname == "FILE" else None
        messages.append({
            "table": "m_group_message" if in_group else ("distribution_list_message" if in_list else "message"), "id": None, "uid": f"{r.getrandbits(128):032x}",
            "apiMessageId": f"{r.getrandbits(64):016x}", "identity": identity, "outbox": 1 if outgoing else 0,
            "type": TYPES[tname], "type_name": tname, "body": body, "caption": caption,
            "isRead": 1, "isSaved": 1, "isQueued": 0, "state": "READ" if outgoing else None,
            "postedAtUtc": posted, "createdAtUtc": created, "isStatusMessage": 1 if tname == "STATUS" else 0,
            "groupId": 1 if in_group else None, "distributionListId": 1 if in_list else None,
        })
    path = Path(path)
    con = sqlite3.connect(path)
    try:
        create(con, "threema_android.sql", "tables")
        create(con, "threema_android.sql", "after")
        for c in contacts:
            con.execute("INSERT INTO contacts (identity, publicKey, firstName, lastName, publicNickName, verificationLevel,"
                        " dateCreated) VALUES (?, ?, ?, ?, ?, 1, ?)",
                        (c["identity"], r.randbytes(32), c["firstName"], c["lastName"], c["publicNickName"], c["dateCreated"]))
        con.execute("INSERT INTO m_group (id, apiGroupId, name, creatorIdentity, createdAt) VALUES (1, ?, ?, ?, ?)",
                    (group["apiGroupId"], group["name"], group["creatorIdentity"], str(START_MS)))
        con.executemany("INSERT INTO group_member (identity, groupId) VALUES (?, 1)", [(m,) for m in group["members"]])
        con.execute("INSERT INTO distribution_list (id, name, createdAt) VALUES (1, 'Customers', ?)", (str(START_MS),))
        con.executemany("INSERT INTO distribution_list_member (identity, distributionListId, isActive) VALUES (?, 1, 1)",
                        [(c["identity"],) for c in contacts[1:]])
        # a poll in the group: two choices, a vote from each of two members
        con.execute("INSERT INTO ballot (id, apiBallotId, creatorIdentity, name, state, assessment, type, choiceType,"
                    " createdAt, modifiedAt) VALUES (1, ?, ?, 'Meet on Friday?', 'OPEN', 'SINGLE_CHOICE', 'INTERMEDIATE',"
                    " 'TEXT', ?, ?)", (f"{r.getrandbits(64):016x}", group["creatorIdentity"], START_MS + 3_600_000,
                                        START_MS + 3_600_000))
        con.executemany("INSERT INTO ballot_choice (id, ballotId, apiBallotChoiceId, type, name, voteCount, \"order\","
                        " createdAt, modifiedAt) VALUES (?, 1, ?, 'Text', ?, ?, ?, ?, ?)",
                        [(1, 0, "Yes", 1, 0, START_MS + 3_600_000, START_MS + 3_600_000),
                         (2, 1, "No", 1, 1, START_MS + 3_600_000, START_MS + 3_600_000)])
        con.execute("INSERT INTO group_ballot (groupId, ballotId) VALUES (1, 1)")
        votes = [(1, 1, group["members"][1], 1, START_MS + 3_700_000), (2, 2, group["members"][2], 1, START_MS + 3_800_000)]
        con.executemany("INSERT INTO ballot_vote (id, ballotId, ballotChoiceId, votingIdentity, choice, createdAt,"
                        " modifiedAt) VALUES (?, 1, ?, ?, ?, ?, ?)", [v + (v[4],) for v in votes])
        counters = {"message": 0, "m_group_message": 0, "distribution_list_message": 0}
        for m in messages:
            counters[m["table"]] += 1
            m["id"] = counters[m["table"]]
            cols = ["id", "uid", "apiMessageId", "identity", "outbox", "type", "body", "caption", "isRead", "isSaved",
                    "isQueued", "state", "postedAtUtc", "createdAtUtc", "isStatusMessage"]
            if m["table"] == "m_group_message":
                cols.append("groupId")
            if m["table"] == "distribution_list_message":
                cols.append("distributionListId")
            con.execute(f"INSERT INTO {m['table']} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [m[c] for c in cols])
        con.commit()
    finally:
        con.close()
    return {"contacts": contacts, "group": group, "messages": messages,
            "distribution_list": {"id": 1, "name": "Customers", "members": [c["identity"] for c in contacts[1:]]},
            "ballot": {"id": 1, "name": "Meet on Friday?", "choices": ["Yes", "No"],
                       "votes": [(v[2], ["Yes", "No"][v[1] - 1]) for v in votes]}}


def write_threema_extraction(dest, *, n_messages: int = 50, seed: int | str = 0, passphrase: str | None = None) -> dict:
    """``data/data/ch.threema.app/{databases/threema4.db, files/key.dat}`` under ``dest``."""
    r = random.Random(f"threema-key-{seed}")
    master = r.randbytes(32)
    dest = Path(dest)
    db = dest / APP_DIR / "databases" / "threema4.db"
    key = dest / APP_DIR / "files" / "key.dat"
    db.parent.mkdir(parents=True, exist_ok=True)
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(build_key_file(master, passphrase=passphrase, protection=SCRYPT, salt=r.randbytes(8)))
    with tempfile.TemporaryDirectory() as tmp:
        plain = new_plain_database(Path(tmp) / "threema4.db", APP_SETTINGS["threema"])
        summary = build_threema_db(plain, n_messages=n_messages, seed=seed)
        encrypt_database(plain, db, database_password(master), APP_SETTINGS["threema"], seed=f"threema-{seed}")
    summary.update({"master_key": master.hex(), "database": db.relative_to(dest).as_posix(),
                    "key_file": key.relative_to(dest).as_posix(), "passphrase": passphrase})
    return summary
