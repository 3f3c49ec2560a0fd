"""Synthetic Signal Android data: ``signal.db`` (current and 2021 schemas) and classic ``.backup`` files.

Schemas (files in ``ddl/``, source headers inside):

* ``generation="current"``: ``signal_android_current.sql`` -- the merged ``message`` table with
  ``thread``, ``recipient``, ``attachment``, ``call``, ``groups``, ``group_membership`` and
  ``reaction`` (``*Table.kt`` of signalapp/Signal-Android, 2024-2025);
* ``generation="legacy"``: ``signal_android_legacy_sms_mms.sql`` (``sms``, ``group_receipts``;
  SmsDatabase.java @ bcd4b096) plus ``signal_android_legacy_2021.sql`` (``mms``, ``part``,
  ``thread``, ``recipient``, ``groups`` of the same 2021 period). Reactions are the ``reactions``
  ReactionList BLOB of that era (``schemas/signal_backups.proto``); calls are ``sms`` rows whose
  whole ``type`` is a call type; there is no ``call``, ``reaction`` or ``group_membership`` table and
  no edit history.

Values follow the sources in those headers:

* ``type`` / ``msg_box``: the MessageTypes bit field -- base type in the low 5 bits (20 inbox,
  21 outbox, 22 sending, 23 sent, 24 sent failed, 27 draft), ``0x800000`` secure and ``0x200000``
  push on every Signal message (received = 10485780, sent = 10485783, as the DDL notes), group
  updates ``0x10000`` (+ ``0x80000`` for v2); call log rows store the call type as the whole value
  (1 incoming audio, 2 outgoing audio, 3 missed audio, 8 missed video, 10/11 incoming/outgoing video);
* times in ms since 1970; ``expires_in`` a duration in ms; ``quote_id`` = the quoted message's
  sent time, ``quote_author`` = its author's ``recipient._id``;
* current: outgoing rows have ``from_recipient_id`` = the owner's own recipient row and
  ``to_recipient_id`` = the thread's recipient; incoming rows the sender and the owner; an edit is
  a new row with ``original_message_id`` pointing at the first version, whose
  ``latest_revision_id`` points at the newest (DDL note);
* ``call``: ``type`` 0 audio / 1 video, ``direction`` 0 incoming / 1 outgoing, ``event`` 1 accepted,
  3 missed; the call's message row (type 1 / 8 ...) is linked by ``call.message_id``;
* attachment files are ``app_parts/part<digits>.mms`` under the app's data folder
  (``AttachmentDatabase.newFile``: ``File.createTempFile("part", ".mms", getDir("parts"))``), on
  the device encrypted with a key derived from ``data_random``. The builder returns the bytes of
  the files an extraction holds in ``summary["media"]`` (random bytes: they stand for the
  encrypted file, which the parser only hashes); the others are ``summary["missing_media"]``.
* group ids: ``__signal_group__v2__!`` + 64 hex digits (DDL note on ``groups.group_id``).

``write_backup`` writes a classic ``.backup`` of any plain SQLite file, following formats.md
section 2 and the app's ``BackupFrameOutputStream.java`` / ``FullBackupExporter.java``: a
``DatabaseVersion`` frame, every ``sqlite_master`` statement, one ``INSERT INTO t VALUES (?,...)``
per row with typed parameters (an attachment frame and its data right after its ``attachment`` /
``part`` row), then preferences, key-values, stickers, avatars and the ``End`` frame. Its key
derivation, HKDF and framing are written here from the documented format (Java ``MessageDigest``
semantics, RFC 5869), not taken from the decoder.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import sqlite3
import struct
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ..protos import load_schema
from . import content as C
from .ddl_loader import Batches, build_db, check_columns, create

CURRENT = "signal_android_current.sql"
LEGACY_SMS = "signal_android_legacy_sms_mms.sql"
LEGACY_2021 = "signal_android_legacy_2021.sql"
BACKUP_SCHEMA = "signal_backups.proto"

PACKAGE = "org.thoughtcrime.securesms"
DATA_DIR = f"/data/user/0/{PACKAGE}"
PARTS_DIR = f"{DATA_DIR}/app_parts"

# MessageTypes (signal_android_current.sql type block)
BASE_INBOX, BASE_OUTBOX, BASE_SENDING, BASE_SENT, BASE_SENT_FAILED, BASE_DRAFT = 20, 21, 22, 23, 24, 27
SECURE, PUSH = 0x800000, 0x200000
GROUP_UPDATE, GROUP_V2 = 0x10000, 0x80000
INCOMING_AUDIO_CALL, OUTGOING_AUDIO_CALL, MISSED_AUDIO_CALL = 1, 2, 3
MISSED_VIDEO_CALL, INCOMING_VIDEO_CALL, OUTGOING_VIDEO_CALL = 8, 10, 11


def signal_type(base: int, *flags: int) -> int:
    """A Signal message type: base type | secure | push | extra flags."""
    t = base | SECURE | PUSH
    for f in flags:
        t |= f
    return t


INCOMING = signal_type(BASE_INBOX)  # 10485780
SENT = signal_type(BASE_SENT)  # 10485783
FAILED = signal_type(BASE_SENT_FAILED)
SENDING = signal_type(BASE_SENDING)

DEFAULT_START = {"current": 1_700_000_000_000, "legacy": 1_620_000_000_000}
EMOJI = ["👍", "❤️", "😂", "😮", "😢", "🙏"]
GROUP_TITLES = ["Familie 👨‍👩‍👧", "Climbing crew 🧗", "Book club 📚", "Flat 3B"]


# ---------------------------------------------------------------------------------------------
# Plan: people, recipients, threads, messages (generation-neutral)


@dataclass
class _Recipient:
    id: int
    person: C.Person | None = None
    aci: str | None = None
    e164: str | None = None
    group_id: str | None = None
    title: str | None = None
    members: list = field(default_factory=list)  # recipient ids (groups)


@dataclass
class _Thread:
    id: int
    recipient: _Recipient
    group: bool


@dataclass
class _Att:
    mime: str
    name: str | None
    data: bytes
    present: bool
    id: int = 0
    device_path: str = ""
    unique_id: int = 0


@dataclass
class _Msg:
    key: str | None
    thread: _Thread
    outgoing: bool
    type: int
    sent: int
    received: int
    sender: int  # recipient id of the author
    body: str | None = None
    atts: list = field(default_factory=list)
    quote: "_Msg | None" = None
    view_once: bool = False
    expires_in: int = 0
    expire_started: int = 0
    remote_deleted: bool = False
    delivered: bool = False
    read_receipt: bool = False
    reactions: list = field(default_factory=list)  # (author id, emoji, sent, received, key)
    call: dict | None = None  # {"type", "direction", "event", "call_id"}
    edit_of: "_Msg | None" = None
    latest: "_Msg | None" = None
    revision: int = 0
    id: int = 0
    table: str = "message"


def _uuid(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def _part_path(r: random.Random) -> str:
    return f"{PARTS_DIR}/part{r.getrandbits(60):d}.mms"


class _Plan:
    def __init__(self, seed, n_contacts: int, n_groups: int, people: list | None = None, owner=None):
        r = C.rng(seed, "signal-plan")
        given = people is not None
        if not given:
            people = C.make_people(seed, n_contacts + 1)
            owner, people = people[0], people[1:]
        self.owner = _Recipient(1, owner, _uuid(r), owner.e164)
        self.contacts = []
        for i, p in enumerate(people, 2):
            rec = _Recipient(i, p, _uuid(r), p.e164)
            self.contacts.append(rec)
        # the last contact does not share a phone number: known by ACI only
        if len(self.contacts) > 2 and not given:
            self.contacts[-1].e164 = None
        self.groups = []
        nid = len(people) + 2  # after the owner and the contacts
        for g in range(n_groups):
            members = [c.id for c in r.sample(self.contacts, min(3, len(self.contacts)))]
            gid = "__signal_group__v2__!" + r.randbytes(32).hex()
            self.groups.append(_Recipient(nid, group_id=gid, title=GROUP_TITLES[g % len(GROUP_TITLES)],
                                          members=[self.owner.id] + members))
            nid += 1
        self.threads = []
        tid = 1
        for c in self.contacts:
            self.threads.append(_Thread(tid, c, False))
            tid += 1
        for g in self.groups:
            self.threads.append(_Thread(tid, g, True))
            tid += 1
        self.by_id = {x.id: x for x in [self.owner, *self.contacts, *self.groups]}

    def thread_of(self, rec: _Recipient) -> _Thread:
        return next(t for t in self.threads if t.recipient is rec)


def _messages(plan: _Plan, seed, n_messages: int, start: int, legacy: bool) -> list[_Msg]:
    r = C.rng(seed, "signal-messages")
    t = [start]

    def tick(step: int = 60_000) -> int:
        t[0] += step + int(r.random() * 5_000)
        return t[0]

    a, b = plan.contacts[0], plan.contacts[1]
    ta, tb = plan.thread_of(a), plan.thread_of(b)
    g = plan.groups[0]
    tg = plan.thread_of(g)
    owner = plan.owner.id
    out: list[_Msg] = []

    def msg(key, thread, outgoing, mtype, body, sender=None, **kw) -> _Msg:
        sent = tick()
        received = sent + (0 if outgoing else 1_000 + int(r.random() * 3_000))
        m = _Msg(key, thread, outgoing, mtype, sent, received,
                 owner if outgoing else (sender or thread.recipient.id), body, **kw)
        out.append(m)
        return m

    incoming = msg("incoming", ta, False, INCOMING, "Hi! Are we still on for Saturday? 🚲")
    sent = msg("outgoing_sent", ta, True, SENT, "Yes, 10:00 at the station")
    msg("outgoing_failed", ta, True, FAILED, "Did you get this? (no signal here)")
    msg("outgoing_pending", tb, True, SENDING, "Sending while offline…")
    msg("group_incoming", tg, False, INCOMING, "Who brings the rope?", sender=g.members[1])
    msg("group_outgoing", tg, True, SENT, "I do 🧗", delivered=True)
    msg("quote", ta, False, INCOMING, "Perfect, see you there", quote=sent)
    img = _Att("image/jpeg", None, C.fake_jpeg(r, "view-once"), True)
    msg("view_once", tb, False, INCOMING, None, atts=[img], view_once=True)
    exp = msg("expiring", tb, True, SENT, "This message disappears in a day", expires_in=86_400_000)
    exp.expire_started = exp.sent + 2_000
    msg("remote_deleted", tb, False, INCOMING, None, remote_deleted=True)
    photo = _Att("image/jpeg", "IMG_20231114_101500.jpg", C.fake_jpeg(r, "present"), True)
    msg("attachment_present", ta, False, INCOMING, "Look at this view", atts=[photo])
    doc = _Att("application/pdf", "tickets.pdf", b"%PDF-1.4\n% artefacts synthetic\n" + r.randbytes(300), False)
    msg("attachment_missing", ta, True, SENT, "Tickets attached", atts=[doc])
    incoming.reactions.append((owner, "❤️", incoming.received + 30_000, incoming.received + 30_000, "reaction_out"))
    sent.reactions.append((a.id, "👍", sent.sent + 45_000, sent.sent + 47_000, "reaction_in"))
    if legacy:
        msg("call_incoming", ta, False, INCOMING_AUDIO_CALL, None)
        msg("call_missed", tb, False, MISSED_VIDEO_CALL, None)
    else:
        msg("call_incoming", ta, False, INCOMING_AUDIO_CALL, None,
            call={"type": 0, "direction": 0, "event": 1, "call_id": r.getrandbits(62)})
        msg("call_missed", tb, False, MISSED_VIDEO_CALL, None,
            call={"type": 1, "direction": 0, "event": 3, "call_id": r.getrandbits(62)})
        orig = msg("edit_original", ta, True, SENT, "See you at 10")
        newer = msg("edit_latest", ta, True, SENT, "See you at 10:30", edit_of=orig, revision=1)
        orig.latest = newer
        msg("group_update", tg, False, signal_type(BASE_INBOX, GROUP_UPDATE, GROUP_V2), "CiAKHgoQ", sender=g.members[1])
    # filler
    for i in range(n_messages):
        th = plan.threads[int(r.random() * len(plan.threads))]
        outgoing = r.random() < 0.45
        sender = None
        if th.group and not outgoing:
            sender = th.recipient.members[1 + int(r.random() * (len(th.recipient.members) - 1))]
        m = msg(None, th, outgoing, SENT if outgoing else INCOMING, C.text(r), sender=sender)
        if outgoing:
            m.delivered = r.random() < 0.8
            m.read_receipt = m.delivered and r.random() < 0.5
    return out


def _line_messages(plan: _Plan, lines: list) -> list[_Msg]:
    """Planned one-to-one texts (``content.Line``): sent ones delivered, received ones 1.5 s after sending."""
    thread = {id(t.recipient.person): t for t in plan.threads if not t.group}
    out = []
    for line in sorted(lines, key=lambda x: x.ms):
        th = thread[id(line.peer)]
        received = line.ms + (0 if line.outgoing else 1_500)
        out.append(_Msg(None, th, line.outgoing, SENT if line.outgoing else INCOMING, line.ms, received,
                        plan.owner.id if line.outgoing else th.recipient.id, line.text, delivered=line.outgoing))
    return out


# ---------------------------------------------------------------------------------------------
# signal.db


def build_signal_db(path, *, generation: str = "current", n_messages: int = 40, seed: int | str = 0,
                    n_contacts: int = 6, n_groups: int = 2, start_ms: int | None = None, people: list | None = None,
                    owner: C.Person | None = None, lines: list | None = None) -> dict:
    """Write a plain ``signal.db`` of ``generation`` ("current" or "legacy") and return its summary.

    Summary: ``generation``, ``counts`` (rows per table), ``special`` (scripted record -> its
    ``source_locator``), ``expected`` (scripted record -> facts a parser must report),
    ``media`` (``[(device path, bytes)]`` of attachment files an extraction holds),
    ``missing_media`` (device paths of files it lacks), ``owner`` and ``attachments``
    (``[(table, row id, unique id or None, bytes)]`` for :func:`write_backup`).

    ``people`` and ``owner`` (``content.Person``) replace the generated contacts and owner (the owner's own
    ``recipient`` row, author of the outgoing rows); ``lines`` (``content.Line``) replaces the generated
    messages: exactly those texts, one thread per person, no groups (``n_messages`` is ignored).
    """
    if generation not in ("current", "legacy"):
        raise ValueError("generation is 'current' or 'legacy'")
    if (people is None) != (owner is None) or (lines is not None and people is None):
        raise ValueError("people, owner and lines go together")
    if lines is None and (n_contacts < 3 or n_groups < 1):
        raise ValueError("need at least 3 contacts and 1 group")
    legacy = generation == "legacy"
    plan = _Plan(seed, n_contacts, 0 if lines is not None else n_groups, people, owner)
    start = DEFAULT_START[generation] if start_ms is None else start_ms
    msgs = _messages(plan, seed, n_messages, start, legacy) if lines is None else _line_messages(plan, lines)
    r = C.rng(seed, "signal-files")
    for m in msgs:
        for att in m.atts:
            att.device_path = _part_path(r)
            att.unique_id = m.received
    if legacy:
        summary = _write_legacy(path, plan, msgs, r)
    else:
        summary = _write_current(path, plan, msgs, r)
    summary["generation"] = generation
    summary["owner"] = {"recipient_id": plan.owner.id, "e164": plan.owner.e164, "aci": plan.owner.aci,
                        "name": plan.owner.person.name}
    summary["media"] = [(a.device_path, a.data) for m in msgs for a in m.atts if a.present]
    summary["missing_media"] = [a.device_path for m in msgs for a in m.atts if not a.present]
    summary["expected"] = _expected(plan, msgs, legacy)
    return summary


def _address(rec: _Recipient) -> str | None:
    return rec.e164 or rec.aci or rec.group_id


def _expected(plan: _Plan, msgs: list[_Msg], legacy: bool) -> dict:
    out = {}
    for m in msgs:
        if m.key is None:
            continue
        out[m.key] = {
            "direction": "outgoing" if m.outgoing else "incoming",
            "body": m.body,
            "sent": m.sent,
            "received": m.received,
            "conversation_id": str(m.thread.id),
            "conversation_name": m.thread.recipient.title if m.thread.group else (
                m.thread.recipient.person.name if m.thread.recipient.person else None),
            "sender": _address(plan.by_id[m.sender]),
            "sha256": [hashlib.sha256(a.data).hexdigest() for a in m.atts],
            "present": [a.present for a in m.atts],
            "attachment_ids": [a.id for a in m.atts],
        }
        for (author, emoji, s, rcv, key) in m.reactions:
            out[key] = {"emoji": emoji, "author": _address(plan.by_id[author]), "sent": s,
                        "direction": "outgoing" if author == plan.owner.id else "incoming",
                        "target": m.key}
    return out


CURRENT_COLS = {
    "recipient": ("_id", "type", "e164", "aci", "group_id", "registered", "profile_given_name", "profile_family_name",
                  "profile_joined_name", "system_given_name", "system_family_name", "system_joined_name",
                  "profile_sharing"),
    "thread": ("_id", "date", "meaningful_messages", "recipient_id", "read", "snippet", "snippet_type", "active",
               "has_sent"),
    "groups": ("_id", "group_id", "recipient_id", "title", "timestamp", "active", "master_key", "mms"),
    "group_membership": ("_id", "group_id", "recipient_id"),
    "message": ("_id", "date_sent", "date_received", "date_server", "thread_id", "from_recipient_id", "from_device_id",
                "to_recipient_id", "type", "body", "read", "has_delivery_receipt", "has_read_receipt", "expires_in",
                "expire_started", "quote_id", "quote_author", "quote_body", "quote_missing", "view_once",
                "remote_deleted", "latest_revision_id", "original_message_id", "revision_number", "unidentified",
                "server_guid", "receipt_timestamp", "notified"),
    "attachment": ("_id", "message_id", "content_type", "transfer_state", "data_file", "data_size", "data_random",
                   "file_name", "voice_note", "width", "height", "upload_timestamp", "display_order", "quote"),
    "call": ("_id", "call_id", "message_id", "peer", "type", "direction", "event", "timestamp", "read"),
    "reaction": ("_id", "message_id", "author_id", "emoji", "date_sent", "date_received"),
}


def _split_name(name: str) -> tuple[str, str | None]:
    parts = name.split(" ", 1)
    return parts[0], parts[1] if len(parts) > 1 else None


def _write_current(path, plan: _Plan, msgs: list[_Msg], r: random.Random) -> dict:
    check_columns(CURRENT, CURRENT_COLS)
    special = {}
    for i, m in enumerate(msgs, 1):
        m.id = i
    att_id = 0
    for m in msgs:
        for a in m.atts:
            att_id += 1
            a.id = att_id
    with build_db(path, CURRENT) as conn:
        b = Batches(conn, CURRENT_COLS)
        for rec in [plan.owner, *plan.contacts]:
            given, family = _split_name(rec.person.name)
            saved = rec.person.saved and rec is not plan.owner
            b.add("recipient", (rec.id, 0, rec.e164, rec.aci, None, 1, given, family, rec.person.name,
                                given if saved else None, family if saved else None, rec.person.name if saved else None, 1))
        for g in plan.groups:
            b.add("recipient", (g.id, 3, None, None, g.group_id, 0, None, None, None, None, None, None, 1))
        b.flush()
        last = {}
        for m in msgs:
            last[m.thread.id] = m
        for th in plan.threads:
            lm = last.get(th.id)
            b.add("thread", (th.id, lm.received if lm else 0, sum(1 for m in msgs if m.thread is th), th.recipient.id,
                             1, lm.body if lm else None, lm.type if lm else 0, 1, int(any(m.outgoing for m in msgs if m.thread is th))))
        mid = 0
        for k, g in enumerate(plan.groups, 1):
            b.add("groups", (k, g.group_id, g.id, g.title, DEFAULT_START["current"] - 86_400_000, 1, r.randbytes(32), 0))
            for member in g.members:
                mid += 1
                b.add("group_membership", (mid, g.group_id, member))
        rid = 0
        cid = 0
        for m in msgs:
            to = m.thread.recipient.id if m.outgoing else plan.owner.id
            read = 1
            q = m.quote
            b.add("message", (
                m.id, m.sent, m.received, -1 if m.outgoing else m.sent + 200, m.thread.id, m.sender, 1, to, m.type,
                m.body, read, int(m.delivered or m.read_receipt), int(m.read_receipt), m.expires_in, m.expire_started,
                q.sent if q else 0, q.sender if q else 0, q.body if q else None, 0, int(m.view_once),
                int(m.remote_deleted), m.latest.id if m.latest else None, m.edit_of.id if m.edit_of else None,
                m.revision, 0 if m.outgoing else 1, None if m.outgoing else _uuid(r),
                (m.sent + 3_000) if m.delivered else -1, 1))
            if m.key:
                special[m.key] = f"message:_id={m.id}"
            for a in m.atts:
                b.add("attachment", (a.id, m.id, a.mime, 0, a.device_path, len(a.data), r.randbytes(32), a.name, 0,
                                     1024 if a.mime.startswith("image/") else 0, 768 if a.mime.startswith("image/") else 0,
                                     m.sent, 0, 0))
            for (author, emoji, s, rcv, key) in m.reactions:
                rid += 1
                b.add("reaction", (rid, m.id, author, emoji, s, rcv))
                special[key] = f"reaction:_id={rid}"
            if m.call:
                cid += 1
                c = m.call
                b.add("call", (cid, c["call_id"], m.id, m.thread.recipient.id, c["type"], c["direction"], c["event"],
                               m.sent, 1))
                special[m.key + "_call"] = f"call:_id={cid}"
        b.flush()
        counts = dict(b.counts)
    return {"counts": counts, "special": special,
            "attachments": [("attachment", a.id, None, a.data) for m in msgs for a in m.atts]}


LEGACY_COLS_SMS = {
    "sms": ("_id", "thread_id", "address", "address_device_id", "date", "date_sent", "date_server", "read", "status",
            "type", "body", "delivery_receipt_count", "read_receipt_count", "expires_in", "expire_started",
            "unidentified", "reactions", "remote_deleted", "notified"),
}
LEGACY_COLS = {
    "recipient": ("_id", "uuid", "phone", "group_id", "group_type", "registered", "system_display_name",
                  "system_given_name", "system_family_name", "signal_profile_name", "profile_family_name",
                  "profile_joined_name", "profile_sharing"),
    "thread": ("_id", "date", "message_count", "recipient_ids", "snippet", "read", "snippet_type", "has_sent"),
    "groups": ("_id", "group_id", "recipient_id", "title", "members", "timestamp", "active", "mms", "master_key"),
    "mms": ("_id", "thread_id", "date", "date_received", "date_server", "msg_box", "read", "body", "part_count",
            "address", "address_device_id", "delivery_receipt_count", "read_receipt_count", "expires_in",
            "expire_started", "quote_id", "quote_author", "quote_body", "quote_missing", "unidentified",
            "reveal_duration", "reactions", "remote_deleted", "notified"),
    "part": ("_id", "mid", "seq", "ct", "pending_push", "_data", "data_size", "file_name", "unique_id", "data_random",
             "voice_note", "quote", "width", "height", "upload_timestamp"),
}


def _reaction_blob(m: _Msg) -> bytes | None:
    if not m.reactions:
        return None
    RL = load_schema(BACKUP_SCHEMA).message("ReactionList")
    rl = RL()
    for (author, emoji, s, rcv, key) in m.reactions:
        x = rl.reactions.add()
        x.emoji, x.author, x.sentTime, x.receivedTime = emoji, author, s, rcv
    return rl.SerializeToString()


def _write_legacy(path, plan: _Plan, msgs: list[_Msg], r: random.Random) -> dict:
    check_columns(LEGACY_SMS, LEGACY_COLS_SMS)
    check_columns(LEGACY_2021, LEGACY_COLS)
    special = {}
    sms_id = mms_id = part_id = 0
    for m in msgs:
        if m.thread.group or m.atts or m.quote or m.view_once:
            mms_id += 1
            m.id, m.table = mms_id, "mms"
            for a in m.atts:
                part_id += 1
                a.id = part_id
        else:
            sms_id += 1
            m.id, m.table = sms_id, "sms"
    with build_db(path, LEGACY_SMS) as conn:
        create(conn, LEGACY_2021, "tables")
        b = Batches(conn, {**LEGACY_COLS_SMS, **LEGACY_COLS})
        for rec in [plan.owner, *plan.contacts]:
            given, family = _split_name(rec.person.name)
            saved = rec.person.saved and rec is not plan.owner
            b.add("recipient", (rec.id, rec.aci, rec.e164, None, 0, 1, rec.person.name if saved else None,
                                given if saved else None, family if saved else None, given, family, rec.person.name, 1))
        for g in plan.groups:
            b.add("recipient", (g.id, None, None, g.group_id, 3, 0, None, None, None, None, None, None, 1))
        b.flush()
        last = {}
        for m in msgs:
            last[m.thread.id] = m
        for th in plan.threads:
            lm = last.get(th.id)
            b.add("thread", (th.id, lm.received if lm else 0, sum(1 for m in msgs if m.thread is th), th.recipient.id,
                             lm.body if lm else None, 1, lm.type if lm else 0, int(any(m.outgoing for m in msgs if m.thread is th))))
        for k, g in enumerate(plan.groups, 1):
            b.add("groups", (k, g.group_id, g.id, g.title, ",".join(str(x) for x in g.members),
                             DEFAULT_START["legacy"] - 86_400_000, 1, 0, r.randbytes(32)))
        for m in msgs:
            address = m.thread.recipient.id if m.outgoing else m.sender
            blob = _reaction_blob(m)
            dr = int(m.delivered or m.read_receipt)
            if m.table == "sms":
                b.add("sms", (m.id, m.thread.id, address, 1, m.received, m.sent, -1 if m.outgoing else m.sent + 200, 1,
                              -1, m.type, m.body, dr, int(m.read_receipt), m.expires_in, m.expire_started,
                              0 if m.outgoing else 1, blob, int(m.remote_deleted), 1))
            else:
                q = m.quote
                b.add("mms", (m.id, m.thread.id, m.sent, m.received, -1 if m.outgoing else m.sent + 200, m.type, 1,
                              m.body, len(m.atts), address, 1, dr, int(m.read_receipt), m.expires_in, m.expire_started,
                              q.sent if q else 0, str(q.sender) if q else None, q.body if q else None, 0,
                              0 if m.outgoing else 1, int(m.view_once), blob, int(m.remote_deleted), 1))
                for seq, a in enumerate(m.atts):
                    b.add("part", (a.id, m.id, seq, a.mime, 0, a.device_path, len(a.data), a.name, a.unique_id,
                                   r.randbytes(32), 0, 0, 1024 if a.mime.startswith("image/") else 0,
                                   768 if a.mime.startswith("image/") else 0, m.sent))
            if m.key:
                special[m.key] = f"{m.table}:_id={m.id}"
            for i, (author, emoji, s, rcv, key) in enumerate(m.reactions):
                special[key] = f"{m.table}:_id={m.id}/reactions[{i}]"
        b.flush()
        create(conn, LEGACY_2021, "after")
        counts = dict(b.counts)
    return {"counts": counts, "special": special,
            "attachments": [("part", a.id, a.unique_id, a.data) for m in msgs for a in m.atts]}


# ---------------------------------------------------------------------------------------------
# Classic .backup encoder (formats.md section 2; BackupFrameOutputStream.java, FullBackupExporter.java)

DIGEST_ROUNDS = 250_000


def _passphrase_digits(passphrase: str) -> bytes:
    digits = passphrase.replace(" ", "")
    if len(digits) != 30 or not digits.isdigit():
        raise ValueError("a Signal backup passphrase is 30 digits")
    return digits.encode("ascii")


def _java_backup_key(passphrase: str, salt: bytes | None) -> bytes:
    """FullBackupBase.getBackupKey as written in Java: ``digest.update(salt)`` once, then 250,000 times
    ``digest.update(hash); hash = digest.digest(input)`` (``digest(x)`` = update(x), finish, reset)."""
    data = _passphrase_digits(passphrase)
    h = data
    pending = salt or b""
    for _ in range(DIGEST_ROUNDS):
        d = hashlib.sha512()
        d.update(pending)
        d.update(h)
        d.update(data)
        h = d.digest()
        pending = b""
    return h[:32]


def _rfc5869(ikm: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(b"\x00" * 32, ikm, hashlib.sha256).digest()
    okm, block, n = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([n]), hashlib.sha256).digest()
        okm += block
        n += 1
    return okm[:length]


class _FrameWriter:
    def __init__(self, out, passphrase: str, version: int, salt: bytes, iv: bytes):
        self.out = out
        self.version = version
        keys = _rfc5869(_java_backup_key(passphrase, salt), b"Backup Export", 64)
        self.cipher_key, self.mac_key = keys[:32], keys[32:]
        self.iv = bytearray(iv)
        self.counter = struct.unpack(">i", iv[:4])[0]  # a Java int
        self.proto = load_schema(BACKUP_SCHEMA)
        self.frames: list[dict] = []
        header = self.proto.message("BackupFrame")()
        header.header.iv = iv
        header.header.salt = salt
        if version:
            header.header.version = version
        raw = header.SerializeToString()
        out.write(struct.pack(">I", len(raw)) + raw)
        self.offset = 4 + len(raw)
        self.frames.append({"index": 0, "kind": "header", "offset": 0, "length": len(raw)})

    def _next_iv(self) -> bytes:
        # Conversions.intToByteArray(iv, 0, counter++): big-endian, Java int overflow wraps
        self.iv[0:4] = struct.pack(">i", self.counter)
        self.counter = self.counter + 1 if self.counter < 0x7FFFFFFF else -0x80000000
        return bytes(self.iv)

    def frame(self, kind: str, plaintext: bytes) -> dict:
        enc = Cipher(algorithms.AES(self.cipher_key), modes.CTR(self._next_iv())).encryptor()
        mac = hmac.new(self.mac_key, digestmod=hashlib.sha256)
        length = struct.pack(">I", len(plaintext) + 10)
        if self.version >= 1:
            length = enc.update(length)
            mac.update(length)
        ct = enc.update(plaintext) + enc.finalize()
        mac.update(ct)
        blob = length + ct + mac.digest()[:10]
        rec = {"index": len(self.frames), "kind": kind, "offset": self.offset, "length": len(ct) + 10}
        self.out.write(blob)
        self.offset += len(blob)
        self.frames.append(rec)
        return rec

    def data(self, rec: dict, payload: bytes) -> None:
        iv = self._next_iv()
        enc = Cipher(algorithms.AES(self.cipher_key), modes.CTR(iv)).encryptor()
        ct = enc.update(payload) + enc.finalize()
        mac = hmac.new(self.mac_key, iv + ct, hashlib.sha256).digest()[:10]
        rec["data_offset"], rec["data_length"] = self.offset, len(ct)
        self.out.write(ct + mac)
        self.offset += len(ct) + 10

    def message(self, kind: str, **fields) -> dict:
        f = self.proto.message("BackupFrame")()
        for name, value in fields.items():
            if isinstance(value, bool) or not hasattr(value, "SerializeToString"):
                setattr(f, name, value)
            else:
                getattr(f, name).CopyFrom(value)
        return self.frame(kind, f.SerializeToString())


def _param(P, value):
    p = P()
    if value is None:
        p.nullparameter = True
    elif isinstance(value, bool):
        p.integerParameter = int(value)
    elif isinstance(value, int):
        p.integerParameter = value & 0xFFFFFFFFFFFFFFFF  # Cursor.getLong() into a uint64 field
    elif isinstance(value, float):
        p.doubleParameter = value
    elif isinstance(value, (bytes, bytearray, memoryview)):
        p.blobParameter = bytes(value)
    else:
        p.stringParamter = str(value)
    return p


def write_backup(db_path, out, passphrase: str, *, version: int = 1, attachments: Iterable = (),
                 avatars: Iterable = (), stickers: Iterable = (), preferences: Iterable = (),
                 key_values: Iterable = (), raw_frames: Iterable[bytes] = (), seed: int | str = 0) -> dict:
    """Write a classic Signal backup of the plain SQLite file ``db_path`` to ``out``.

    ``version``: header version 0 (lengths in clear, no ``Header.version``) or 1 (encrypted lengths).
    ``attachments``: ``(table, row id, attachment id or None, bytes)``; each is written right after
    the row of that table with that ``_id`` (leftovers after all tables). ``avatars``:
    ``(recipient id, bytes)``; ``stickers``: ``(row id, bytes)``; ``preferences``:
    ``(file, key, value)`` (str or bool value); ``key_values``: ``(key, value)`` (str, bool, int,
    float or bytes); ``raw_frames``: plaintexts framed as they are just before the End frame
    (for testing unknown frames). Salt and IV come from ``seed``.

    Returns ``{"frames": [{"index", "kind", "offset", "length", ("data_offset", "data_length")}],
    "header_version", "salt", "iv", "passphrase"}``.
    """
    if version not in (0, 1):
        raise ValueError("header version is 0 or 1")
    r = C.rng(seed, "signal-backup")
    salt, iv = r.randbytes(32), r.randbytes(16)
    pending: dict[tuple[str, int], list] = {}
    for table, row_id, att_id, data in attachments:
        pending.setdefault((table, int(row_id)), []).append((att_id, bytes(data)))
    src = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    proto = load_schema(BACKUP_SCHEMA)
    P = proto.message("SqlStatement.SqlParameter")
    try:
        with open(out, "wb") as fh:
            w = _FrameWriter(fh, passphrase, version, salt, iv)
            w.message("version", version=proto.message("DatabaseVersion")(
                version=src.execute("PRAGMA user_version").fetchone()[0]))
            schema = src.execute("SELECT sql, name, type FROM sqlite_master").fetchall()
            virtual = [n for s, n, t in schema if s and t == "table" and s.lstrip().upper().startswith("CREATE VIRTUAL")]
            tables = []
            for sql, name, kind in schema:
                if sql is None or any(name != v and name.startswith(v) for v in virtual):
                    continue
                if kind == "table":
                    tables.append(name)
                w.message("statement", statement=proto.message("SqlStatement")(statement=sql))
            for table in tables:
                if table.startswith("sqlite_") or table in virtual:
                    continue
                cur = src.execute(f'SELECT * FROM "{table}"')
                names = [d[0] for d in cur.description]
                template = f"INSERT INTO {table} VALUES (" + ",".join("?" * len(names)) + ")"
                for row in cur:
                    st = proto.message("SqlStatement")(statement=template)
                    st.parameters.extend(_param(P, v) for v in row)
                    w.message("statement", statement=st)
                    if "_id" in names:
                        for att_id, data in pending.pop((table, row[names.index("_id")]), ()):
                            _write_attachment(w, proto, row[names.index("_id")], att_id, data)
            for (_t, row_id), items in sorted(pending.items()):
                for att_id, data in items:
                    _write_attachment(w, proto, row_id, att_id, data)
            for file, key, value in preferences:
                pref = proto.message("SharedPreference")(file=file, key=key)
                if isinstance(value, bool):
                    pref.booleanValue = value
                else:
                    pref.value = str(value)
                w.message("preference", preference=pref)
            for key, value in key_values:
                kv = proto.message("KeyValue")(key=key)
                if isinstance(value, bool):
                    kv.booleanValue = value
                elif isinstance(value, int):
                    kv.longValue = value
                elif isinstance(value, float):
                    kv.floatValue = value
                elif isinstance(value, (bytes, bytearray)):
                    kv.blobValue = bytes(value)
                else:
                    kv.stringValue = str(value)
                w.message("key_value", keyValue=kv)
            for row_id, data in stickers:
                rec = w.message("sticker", sticker=proto.message("Sticker")(rowId=row_id, length=len(data)))
                w.data(rec, bytes(data))
            for recipient_id, data in avatars:
                rec = w.message("avatar", avatar=proto.message("Avatar")(recipientId=str(recipient_id), length=len(data)))
                w.data(rec, bytes(data))
            for raw in raw_frames:
                w.frame("raw", bytes(raw))
            w.message("end", end=True)
    finally:
        src.close()
    return {"frames": w.frames, "header_version": version, "salt": salt, "iv": iv, "passphrase": passphrase}


def _write_attachment(w: _FrameWriter, proto, row_id: int, att_id, data: bytes) -> None:
    a = proto.message("Attachment")(rowId=row_id, length=len(data))
    if att_id is not None:
        a.attachmentId = att_id
    rec = w.message("attachment", attachment=a)
    w.data(rec, data)


def passphrase_for(seed: int | str = 0, *, spaced: bool = True) -> str:
    """A deterministic 30-digit backup passphrase (six groups of five when ``spaced``)."""
    r = C.rng(seed, "signal-passphrase")
    digits = "".join(str(r.randrange(10)) for _ in range(30))
    return " ".join(digits[i:i + 5] for i in range(0, 30, 5)) if spaced else digits


def database_secret_for(seed: int | str = 0) -> str:
    """A deterministic DatabaseSecret as the app uses it: 32 random bytes as 64 lowercase hex digits."""
    return C.rng(seed, "signal-database-secret").randbytes(32).hex()


def write_extraction(root, db_summary: dict, db_path, *, include_media: bool = True) -> Path:
    """Lay a ``signal.db`` and its present attachment files out as an Android file system under ``root``.

    Returns the path of ``databases/signal.db`` inside it.
    """
    root = Path(root)
    app = root / "data" / "data" / PACKAGE
    (app / "databases").mkdir(parents=True, exist_ok=True)
    target = app / "databases" / "signal.db"
    target.write_bytes(Path(db_path).read_bytes())
    if include_media:
        for device_path, data in db_summary["media"]:
            rel = device_path.split(f"/{PACKAGE}/", 1)[1]
            p = app / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
    return target


__all__ = [
    "build_signal_db",
    "write_backup",
    "write_extraction",
    "passphrase_for",
    "database_secret_for",
    "signal_type",
    "INCOMING",
    "SENT",
    "FAILED",
    "SENDING",
]
