"""Deterministic Session (Session Foundation) for Android: ``network.loki.messenger/databases/session.db``.

The database uses ``ddl/session_android.sql`` (session-android ``SmsDatabase.java``, ``ThreadDatabase.java``,
``RecipientSettingsDatabase.kt``, ``GroupDatabase.java``; see its header) and is encrypted as
``SQLCipherOpenHelper`` opens it: SQLCipher 4 defaults with ``kdf_iter = 1`` and page size 4096, the
passphrase being the DatabaseSecret's 64 hex digits. Rows follow ``SmsDatabase.insertMessageInbox`` /
``insertMessageOutbox``: ``address`` is the sender of an incoming row and the recipient (contact or group) of an
outgoing one; ``type`` is built from ``MmsSmsColumns.Types`` (base 20 inbox, 23 sent, 24 sent failed, 19 deleted
incoming, call types 2 outgoing / 3 missed; ``SECURE_MESSAGE_BIT`` 0x800000 and ``PUSH_MESSAGE_BIT`` 0x200000 on
messages); ``date_sent`` and ``date`` in ms, ``expires_in`` in ms. A legacy closed group's address is
``"__textsecure_group__!" + hex`` of its ``05`` public key (``GroupUtil.getEncodedClosedGroupID``) and its
members a comma-separated list (``GroupDatabase.create``).

Placeholders: none of the values is read from a real device; the names and texts come from ``content.py``.

Public API::

    build_session_android_db(path, *, n_messages=20, seed=0) -> dict
    write_session_android_extraction(root, *, n_messages=20, seed=0, secret=None) -> dict
    database_secret_for(seed) -> str     # 64 hex digits
"""

from __future__ import annotations

import os
from pathlib import Path

from . import content as C
from .ddl_loader import build_db, check_columns, load

DDL = "session_android.sql"
DB_PATH = "data/data/network.loki.messenger/databases/session.db"
#: the default SharedPreferences file (TextSecurePreferences uses getDefaultSharedPreferences; ALEAPP sessionMessenger.py)
PREFS_PATH = "data/data/network.loki.messenger/shared_prefs/network.loki.messenger_preferences.xml"
START_MS = 1_713_000_000_000  # 2024-04-13T09:20:00Z
STEP_MS = 540_000
SECURE_PUSH = 0x800000 | 0x200000
LEGACY_GROUP_PREFIX = "__textsecure_group__!"

SMS_COLS = ("_id", "thread_id", "address", "date", "date_sent", "read", "type", "delivery_receipt_count",
            "read_receipt_count", "body", "expires_in", "expire_started", "has_mention")
THREAD_COLS = ("_id", "date", "message_count", "recipient_ids", "snippet", "read", "has_sent")
RECIPIENT_COLS = ("address", "name")
GROUP_COLS = ("_id", "group_id", "title", "members", "timestamp", "active", "admins")
MMS_COLS = ("_id", "thread_id", "date", "date_received", "msg_box", "read", "body", "part_count", "address",
            "delivery_receipt_count", "read_receipt_count", "expires_in", "expire_started", "quote_id", "quote_author",
            "quote_missing", "has_mention")
PART_COLS = ("_id", "mid", "ct", "pending_push", "_data", "data_size", "file_name", "unique_id", "quote", "caption")
#: where the app keeps attachment files (AttachmentDatabase.DIRECTORY = "parts" -> the app_parts folder)
PARTS_DIR = "data/data/network.loki.messenger/app_parts"
DEVICE_PARTS_DIR = "/data/user/0/network.loki.messenger/app_parts"

#: what each generated case stores in ``type``
TYPES = {"in": 20 | SECURE_PUSH, "sent": 23 | SECURE_PUSH, "failed": 24 | SECURE_PUSH, "deleted_in": 19 | SECURE_PUSH,
         "call_out": 2, "call_missed": 3}


def database_secret_for(seed: int | str = 0) -> str:
    return C.rng(seed, "session-android-secret").randbytes(32).hex()


def build_session_android_db(path: str | os.PathLike, *, n_messages: int = 20, seed: int | str = 0) -> dict:
    """Write a plain ``session.db`` (the tables of ``ddl/session_android.sql``)."""
    check_columns(DDL, {"sms": SMS_COLS, "thread": THREAD_COLS, "recipient_settings": RECIPIENT_COLS,
                        "groups": GROUP_COLS, "mms": MMS_COLS, "part": PART_COLS})
    r = C.rng(seed, "session-android")
    me = "05" + r.randbytes(32).hex()
    people = C.make_people(seed, 4)
    ids = ["05" + r.randbytes(32).hex() for _ in people]
    names = {sid: p.name for sid, p in zip(ids, people)}
    group = LEGACY_GROUP_PREFIX + "05" + r.randbytes(32).hex()
    group_name = C.GROUP_NAMES[4]
    members = sorted([me, ids[0], ids[1], ids[3]])
    convs = {f"c{i}": sid for i, sid in enumerate(ids[:3])}
    convs["g"] = group
    thread_ids = {k: n for n, k in enumerate(convs, 1)}
    sms, messages, mms, parts = [], [], [], []
    files: dict[str, bytes] = {}
    cases: dict[str, int] = {}
    st = {"id": 0, "t": START_MS}

    def add(key, kind, *, body=None, author=None, read=1, receipts=(0, 0), expire_ms=0):
        st["id"] += 1
        st["t"] += STEP_MS + int(r.random() * 60_000)
        ts = st["t"]
        conv = convs[key]
        incoming = kind in ("in", "deleted_in", "call_missed")
        sender = (author or conv) if incoming else None
        address = sender if incoming else conv
        sms.append((st["id"], thread_ids[key], address, ts + 800 if incoming else ts + 300, ts, read if incoming else 1,
                    TYPES[kind], receipts[0], receipts[1], body, expire_ms, ts + 1000 if expire_ms else 0, 0))
        group_members = [m for m in members if m != me] if key == "g" else [conv]
        messages.append({"id": st["id"], "table": "sms", "row_id": st["id"], "date_sent": ts, "type": TYPES[kind],
                         "body": body, "attachments": [], "quote": None,
                         "direction": "incoming" if incoming else "outgoing", "conversation": conv,
                         "sender": sender if incoming else me, "recipients": [] if incoming else group_members,
                         "kind": "call" if kind.startswith("call") else "message", "deleted": kind == "deleted_in"})
        return st["id"]

    cases["incoming"] = add("c0", "in", body="Are you at the dock? ⚓", read=1)
    cases["outgoing_read"] = add("c0", "sent", body="Ten minutes", receipts=(1, 1))
    cases["unread"] = add("c1", "in", body="Ring me", read=0)
    cases["failed"] = add("c1", "failed", body="This one did not go out")
    cases["deleted"] = add("c2", "deleted_in", body="This message was deleted")
    cases["expiring"] = add("c2", "sent", body="Gone in a day ⏳", expire_ms=86_400_000)
    cases["call_missed"] = add("c2", "call_missed")
    cases["call_outgoing"] = add("c0", "call_out")
    cases["group_incoming"] = add("g", "in", body="Group hello 👋", author=ids[1])
    cases["group_outgoing"] = add("g", "sent", body="Hi everyone")

    def add_mms(key, kind, *, body=None, author=None, attachments=(), quote=None):
        """A media message: ``attachments`` are (file name, mime, present on the device?)."""
        st["id"] += 1
        st["t"] += STEP_MS
        ts = st["t"]
        conv = convs[key]
        incoming = kind == "in"
        sender = (author or conv) if incoming else me
        mid = len(mms) + 1
        atts = []
        for name, mime, present in attachments:
            pid = len(parts) + 1
            blob = r.randbytes(64 + pid)  # the app's files are encrypted with the attachment secret: random-looking bytes
            rel = f"part{1_700_000_000_000 + pid}.mms"
            if present:
                files[rel] = blob
            parts.append((pid, mid, mime, 0, f"{DEVICE_PARTS_DIR}/{rel}", len(blob), name, 1_713_000_000_000 + pid, 0, None))
            atts.append({"name": name, "mime_type": mime, "size": len(blob), "device_path": f"{DEVICE_PARTS_DIR}/{rel}",
                         "present": present})
        mms.append((mid, thread_ids[key], ts, ts + 700, TYPES[kind], 1, body, len(attachments),
                     sender if incoming else conv, 0 if incoming else 1, 0, 0, 0,
                     quote[0] if quote else 0, quote[1] if quote else None, 0, 0))
        group_members = [m for m in members if m != me] if key == "g" else [conv]
        messages.append({"id": st["id"], "table": "mms", "row_id": mid, "date_sent": ts, "type": TYPES[kind],
                         "body": body, "direction": "incoming" if incoming else "outgoing", "conversation": conv,
                         "sender": sender, "recipients": [] if incoming else group_members, "kind": "message",
                         "deleted": False, "attachments": atts, "quote": {"id": quote[0], "author": quote[1]} if quote else None})

    quoted = next(m for m in messages if m["id"] == cases["incoming"])
    add_mms("c0", "in", body="Photo from the dock 📷", attachments=[("dock.jpg", "image/jpeg", True)])
    cases["mms_incoming"] = messages[-1]["id"]
    add_mms("c1", "sent", body=None, attachments=[("notes.pdf", "application/pdf", False)])
    cases["mms_missing_file"] = messages[-1]["id"]
    add_mms("c0", "sent", body="Replying to that", quote=(quoted["date_sent"], quoted["sender"]))
    cases["mms_quote"] = messages[-1]["id"]
    keys = list(convs)
    while len(messages) < n_messages:
        k = keys[int(r.random() * len(keys))]
        if r.random() < 0.5:
            add(k, "in", body=C.text(r), author=ids[[0, 1, 3][int(r.random() * 3)]] if k == "g" else None,
                read=int(r.random() * 2))
        else:
            add(k, "sent", body=C.text(r), receipts=(1, 0))
    threads = [(thread_ids[k], START_MS, sum(1 for m in messages if m["conversation"] == c), c, None, 1, 1)
               for k, c in convs.items()]
    with build_db(path, DDL) as conn:
        load(conn, "sms", SMS_COLS, sms)
        load(conn, "thread", THREAD_COLS, threads)
        load(conn, "recipient_settings", RECIPIENT_COLS, [(sid, names[sid]) for sid in ids] + [(group, group_name)])
        load(conn, "groups", GROUP_COLS, [(1, group, group_name, ",".join(members), START_MS - 86_400_000, 1, me)])
        load(conn, "mms", MMS_COLS, mms)
        load(conn, "part", PART_COLS, parts)
    return {"files": files,"path": str(path), "self": me, "messages": messages, "cases": cases, "names": names,
            "conversations": {c: (group_name if k == "g" else names[c]) for k, c in convs.items()},
            "group": {"id": group, "members": members}}


def prefs_xml(strings: dict) -> bytes:
    """The preferences file as Android's SharedPreferences writes it, with ``<string>`` entries."""
    from xml.sax.saxutils import escape, quoteattr

    body = "".join(f"    <string name={quoteattr(k)}>{escape(v)}</string>\n" for k, v in strings.items())
    return f"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n{body}</map>\n".encode()


def write_session_android_extraction(root: str | os.PathLike, *, n_messages: int = 20, seed: int | str = 0,
                                     secret: str | None = None, secret_in_prefs: bool = False) -> dict:
    """``root/data/data/network.loki.messenger/databases/session.db``, SQLCipher-encrypted with ``secret`` (its hex
    digits as the passphrase, SQLCipher 4 with kdf_iter 1) when given, else plain; and the preferences file with
    the owner's Session ID (``pref_local_number``) and, with ``secret_in_prefs``, the secret in clear as very old
    installs kept it (``pref_database_unencrypted_secret``)."""
    db = Path(root) / DB_PATH
    plain = db if secret is None else db.with_name(".plain-session.db")
    summary = build_session_android_db(plain, n_messages=n_messages, seed=seed)
    if secret is not None:
        from ..decoders import sqlcipher as sc

        sc.encrypt_database(plain, db, secret, sc.APP_SETTINGS["session-android"], seed=f"{seed}:session-android")
        plain.unlink()
    C.write_files(Path(root) / PARTS_DIR, summary.pop("files"))
    prefs = {"pref_local_number": summary["self"]}
    if secret_in_prefs and secret is not None:
        prefs["pref_database_unencrypted_secret"] = secret
    target = Path(root) / PREFS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(prefs_xml(prefs))
    summary["path"] = str(db)
    summary["database"] = DB_PATH
    return summary


__all__ = ["build_session_android_db", "database_secret_for", "prefs_xml", "write_session_android_extraction"]
