"""Synthetic Android telephony databases: ``mmssms.db`` (SMS + MMS) and ``calllog.db``.

Schemas: ``ddl/android_mmssms.sql`` and the ``calls``/``android_metadata`` tables of
``ddl/android_contacts2_calls.sql`` -- verbatim copies of the DDL read from plaso's real test files
(Android 4.x; headers inside). Facts used, and where they come from:

* ``sms.address`` is stored as received (network form) or as typed, so one person appears in
  several formats (plaso's real rows: received ``15555215554``, sent ``1 555-521-5554``).
* ``sms.date``/``date_sent`` are ms since 1970; received rows carry the SMSC timestamp in
  ``date_sent`` (whole seconds, so it ends in 000) and the arrival time with milliseconds in
  ``date``; sent/draft rows have ``date_sent = 0``, ``protocol``/``reply_path_present`` NULL and
  received rows 0 -- all as in plaso's real ``mmssms.db``. ``sms.type`` 1 inbox, 2 sent, 3 draft,
  5 failed (DDL header; ALEAPP smsmms.py). ``threads.date`` ms; ``threads.recipient_ids`` =
  space-separated ``canonical_addresses._id``; ``message_count`` excludes drafts and counts MMS of
  m_type 128/130/132; ``error`` counts failed SMS; ``has_attachment`` is set by non-text,
  non-SMIL parts; snippet = newest body (MMS: its subject) -- the DDL's own triggers.
  ``threads.type`` 1 (broadcast) for several recipients, else 0 (AOSP MmsSmsProvider).
* ``pdu.date``/``date_sent`` are SECONDS (DDL header); ``msg_box`` 1 inbox / 2 sent; ``m_type``
  132 retrieve-conf (received), 128 send-req (sent); ``v`` 18 (MMS 1.2); ``pri``/``rr``/``d_rpt``
  129/129/129 (normal/no/no); ``addr.type`` 137 FROM, 151 TO, 130 CC, ``charset`` 106 (UTF-8),
  mvt's real MMS backup shows the same FROM/TO/charset. Sent MMS store the literal
  ``insert-address-token`` as FROM (AOSP PduPersister). The SMIL part is stored with ``seq = -1``
  (AOSP PduPersister: "to ensure the SMIL part is always the first part"); media parts have
  ``_data`` = ``/data/user_de/0/com.android.providers.telephony/app_parts/PART_<ms>.jpg``.
  ``tr_id`` of sent MMS = "T" + hex(ms) (AOSP Messaging).
* ``words`` (FTS3) holds each SMS body (``_id = source_id = sms._id``, ``table_to_use`` 1) and each
  MMS text part (``_id = (2 << 32) + part._id``, ``table_to_use`` 2), as the AOSP providers insert
  them and as plaso's real file shows for SMS.
* ``calls.date`` ms, ``duration`` s; ``type`` 1 incoming, 2 outgoing, 3 missed, 5 rejected,
  6 blocked (android.provider.CallLog.Calls; 5/6 from Android 7 on); private numbers are the
  pre-``presentation`` convention ``number = "-2"``; ``is_read`` is set on missed-type rows and NULL
  on answered ones, as in plaso's real ``contacts2.db``.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import content as C
from .archive import write_tar, write_zip
from .ddl_loader import CONTACTS2, MMSSMS, Batches, build_db, check_columns, load

ANDROID_START = 1677628800  # 2023-03-01T00:00:00Z
PARTS_DIR = "/data/user_de/0/com.android.providers.telephony/app_parts"
MMSSMS_PATH = "data/data/com.android.providers.telephony/databases/mmssms.db"
CALLLOG_PATH = "data/data/com.android.providers.contacts/databases/calllog.db"

SMS_COLS = ("_id", "thread_id", "address", "person", "date", "date_sent", "protocol", "read",
            "status", "type", "reply_path_present", "subject", "body", "service_center", "locked",
            "error_code", "seen")
PDU_COLS = ("_id", "thread_id", "date", "date_sent", "msg_box", "read", "m_id", "sub", "sub_cs",
            "ct_t", "exp", "m_cls", "m_type", "v", "m_size", "pri", "rr", "resp_st", "tr_id",
            "d_rpt", "locked", "seen", "text_only")
ADDR_COLS = ("_id", "msg_id", "contact_id", "address", "type", "charset")
PART_COLS = ("_id", "mid", "seq", "ct", "name", "chset", "cd", "fn", "cid", "cl", "ctt_s", "ctt_t",
             "_data", "text")
THREAD_COLS = ("_id", "date", "message_count", "recipient_ids", "snippet", "snippet_cs", "read",
               "type", "error", "has_attachment")
CANON_COLS = ("_id", "address")
WORDS_COLS = ("_id", "index_text", "source_id", "table_to_use")
META_COLS = ("locale",)
CALLS_COLS = ("_id", "number", "date", "duration", "type", "new", "name", "numbertype",
              "numberlabel", "countryiso", "voicemail_uri", "is_read", "geocoded_location",
              "lookup_uri", "matched_number", "normalized_number", "photo_id", "formatted_number",
              "_data", "has_content", "mime_type", "source_data", "source_package", "state")

MMSSMS_SPEC = {"sms": SMS_COLS, "pdu": PDU_COLS, "addr": ADDR_COLS, "part": PART_COLS,
               "threads": THREAD_COLS, "canonical_addresses": CANON_COLS, "words": WORDS_COLS,
               "android_metadata": META_COLS}
CALLLOG_SPEC = {"calls": CALLS_COLS, "android_metadata": META_COLS}
CALLLOG_TABLES = ("calls", "android_metadata")

# MMS constants (OMA MMS encapsulation / AOSP PduHeaders)
PDU_FROM, PDU_TO, PDU_CC = 0x89, 0x97, 0x82
M_SEND_REQ, M_RETRIEVE_CONF = 128, 132
CHARSET_UTF8 = 106
INSERT_ADDRESS_TOKEN = "insert-address-token"
MULTIPART_RELATED = "application/vnd.wap.multipart.related"

# CallLog.Calls types
INCOMING, OUTGOING, MISSED, VOICEMAIL, REJECTED, BLOCKED = 1, 2, 3, 4, 5, 6


def default_contacts(n_items: int) -> int:
    return max(6, min(1500, round(1.2 * (max(n_items, 1) ** 0.5))))


@dataclass
class _Thread:
    id: int
    recipient_ids: str
    type: int = 0
    members: list = field(default_factory=list)  # Person objects (or a short-code string)
    date: int = 0
    count: int = 0
    snippet: str | None = None
    snippet_cs: int = 0
    unread: bool = False
    error: int = 0
    has_attachment: int = 0
    used: bool = False

    def touch(self, date_ms: int, snippet, snippet_cs: int, counted: bool, read: int) -> None:
        self.used = True
        if counted:
            self.count += 1
        if date_ms >= self.date:
            self.date, self.snippet, self.snippet_cs = date_ms, snippet, snippet_cs
        if not read:
            self.unread = True


def _plan_threads(people, r, n_short: int, n_groups: int):
    """1:1 threads (one per person), short-code threads, group threads; canonical addresses."""
    canon: list[tuple[int, str]] = []
    person_threads, short_threads, group_threads = [], [], []
    for p in people:
        canon.append((len(canon) + 1, p.formats[0]))
        person_threads.append(_Thread(len(canon), str(len(canon)), 0, [p]))
    tid = len(person_threads)
    for code in C.SHORT_CODE_SENDERS[:n_short]:
        canon.append((len(canon) + 1, code))
        tid += 1
        short_threads.append(_Thread(tid, str(len(canon)), 0, [code]))
    for _ in range(n_groups):
        k = min(len(people), 3 + int(r.random() * 3))
        members = sorted(r.sample(people, k), key=lambda p: p.index)
        tid += 1
        rid = " ".join(str(p.index + 1) for p in members)
        group_threads.append(_Thread(tid, rid, 1, members))
    return canon, person_threads, short_threads, group_threads


def _sms_rows(r, n, person_threads, short_threads, start_ms, span_ms):
    gap2 = 2.0 * span_ms / max(n, 1)
    t = float(start_ms)
    n_person = len(person_threads)
    unread_from = int(n * 0.96)
    for i in range(n):
        t += r.random() * gap2
        date = int(t)
        if date % 1000 == 0:
            date += 1
        if i < n_person:
            th = person_threads[i]
        elif short_threads and r.random() < 0.05:
            th = short_threads[int(r.random() * len(short_threads))]
        else:
            th = person_threads[int(n_person * r.random() ** 2)]
        member = th.members[0]
        x = r.random()
        if isinstance(member, str):  # short code: received only
            texts = C.SHORT_CODE_TEXTS[member]
            typ, address, body = 1, member, texts[int(r.random() * len(texts))]
        else:
            typ = 1 if x < 0.48 else 2 if x < 0.94 else 3 if x < 0.97 else 5
            if typ == 1:  # as delivered by the network: E.164 or compact national digits
                address = member.e164 if r.random() < 0.8 else "".join(ch for ch in member.national if ch.isdigit())
            else:  # as typed or picked from contacts
                address = C.pick_format(r, member)
            body = C.text(r)
        if typ == 1:
            read = 0 if (i >= unread_from and r.random() < 0.5) else 1
            date_sent = (date - 1000 - int(r.random() * 29000)) // 1000 * 1000
            row = (i + 1, th.id, address, None, date, date_sent, 0, read, -1, 1, 0, None, body,
                   C.SMSC, 0, 0, read)
        else:
            read = 1
            status = 0 if (typ == 2 and r.random() < 0.2) else -1  # 0 = delivery report received
            row = (i + 1, th.id, address, None, date, 0, None, 1, status, typ, None, None, body,
                   None, 1 if r.random() < 0.005 else 0, 0, 1)
        th.touch(date, body, 0, typ != 3, read)
        if typ == 5:
            th.error += 1
        yield row


def _line_rows(lines, person_threads):
    """SMS rows of planned conversations (``content.Line``): received ones with the address as the network
    delivers it (E.164) and the SMSC time in ``date_sent``, sent ones as typed (the person's usual form)."""
    thread_of = {id(th.members[0]): th for th in person_threads}
    for i, line in enumerate(sorted(lines, key=lambda x: x.ms), 1):
        th = thread_of[id(line.peer)]
        if line.outgoing:
            row = (i, th.id, line.peer.formats[0], None, line.ms, 0, None, 1, -1, 2, None, None, line.text,
                   None, 0, 0, 1)
        else:
            row = (i, th.id, line.peer.e164, None, line.ms, (line.ms - 2000) // 1000 * 1000, 0, 1, -1, 1, 0, None,
                   line.text, C.SMSC, 0, 0, 1)
        th.touch(line.ms, line.text, 0, True, 1)
        yield row


def _smil(images: list[str], has_text: bool) -> str:
    body = "".join(f'<par dur="5000ms"><img src="{n}" region="Image"/>'
                   + ('<text src="text_0.txt" region="Text"/>' if has_text and k == 0 else "")
                   + "</par>" for k, n in enumerate(images))
    if not images:
        body = '<par dur="5000ms"><text src="text_0.txt" region="Text"/></par>'
    return ('<smil><head><layout><root-layout width="320px" height="480px"/>'
            '<region id="Image" left="0" top="0" width="320px" height="320px" fit="meet"/>'
            '<region id="Text" left="0" top="320" width="320px" height="160px" fit="meet"/>'
            f"</layout></head><body>{body}</body></smil>")


def _load_mms(conn, r, n, person_threads, group_threads, start_ms, span_ms):
    """Insert ``n`` MMS (pdu + addr + part rows); returns (counts, [(device path, bytes)])."""
    b = Batches(conn, {"pdu": PDU_COLS, "addr": ADDR_COLS, "part": PART_COLS})
    attachments: list[tuple[str, bytes]] = []
    used_part_names: set[int] = set()
    gap2 = 2.0 * span_ms / max(n, 1)
    t = float(start_ms) + gap2 / 3
    n_person = len(person_threads)
    addr_id = part_id = 0
    for j in range(n):
        t += r.random() * gap2
        date_s = int(t) // 1000
        if j < len(group_threads):
            th = group_threads[j]
        elif group_threads and r.random() < 0.35:
            th = group_threads[int(r.random() * len(group_threads))]
        else:
            th = person_threads[int(n_person * r.random() ** 2)]
        received = r.random() < 0.55
        x = r.random()
        n_img = 0 if x >= 0.85 else (2 if r.random() < 0.1 else 1)
        body = C.text(r) if (x < 0.6 or n_img == 0) else None
        sub = C.MMS_SUBJECTS[int(r.random() * len(C.MMS_SUBJECTS))] if r.random() < 0.1 else None
        sub_cs = CHARSET_UTF8 if sub else None
        mid = j + 1
        read = 0 if (received and j >= n * 0.96 and r.random() < 0.5) else 1
        # parts
        images = []
        for k in range(n_img):
            ms = date_s * 1000 + 137 + k
            while ms in used_part_names:
                ms += 1
            used_part_names.add(ms)
            stamp = time.strftime("%Y%m%d_%H%M%S", time.gmtime(date_s - 40 - k))
            name = f"IMG_{stamp}.jpg" if not received or r.random() < 0.5 else f"image{k:06d}.jpg"
            data = C.fake_jpeg(r, f"mms{mid}-{k}")
            path = f"{PARTS_DIR}/PART_{ms}.jpg"
            attachments.append((path, data))
            images.append((name, path, len(data)))
        smil = _smil([i[0] for i in images], body is not None)
        part_id += 1
        b.add("part", (part_id, mid, -1, "application/smil", None, None, None, None, "<smil>",
                       "smil.xml", None, None, None, smil))
        for k, (name, path, _) in enumerate(images):
            part_id += 1
            b.add("part", (part_id, mid, 0, "image/jpeg", name, None, None, None, f"<image{k}>",
                           name, None, None, path, None))
        if body is not None:
            part_id += 1
            b.add("part", (part_id, mid, 0, "text/plain", None, CHARSET_UTF8, None, None,
                           "<text_0>", "text_0.txt", None, None, None, body))
        size = len(smil.encode()) + sum(i[2] for i in images) + (len(body.encode()) if body else 0)
        # header + addresses
        if received:
            sender = th.members[int(r.random() * len(th.members))]
            row = (mid, th.id, date_s, date_s - 2 - int(r.random() * 50), 1, read,
                   f"{r.getrandbits(80):020x}", sub, sub_cs, MULTIPART_RELATED, None, "personal",
                   M_RETRIEVE_CONF, 18, size, 129, 129, None,
                   "".join(r.choice("abcdefghijkLMNOPQRSTUvwxyz0123456789") for _ in range(11)),
                   129, 0, 1, int(n_img == 0))
            addrs = [(sender.e164, PDU_FROM), (C.ANDROID_OWNER, PDU_TO)]
            others = [p for p in th.members if p is not sender]
            cc = others[-1] if (others and r.random() < 0.3) else None
            addrs += [(p.e164, PDU_CC if p is cc else PDU_TO) for p in others]
        else:
            row = (mid, th.id, date_s, 0, 2, 1, f"{r.getrandbits(80):020x}", sub, sub_cs,
                   MULTIPART_RELATED, 604800, "personal", M_SEND_REQ, 18, size, 129, 129, 128,
                   f"T{date_s * 1000 + int(r.random() * 1000):x}", 129, 0, 1, int(n_img == 0))
            addrs = [(INSERT_ADDRESS_TOKEN, PDU_FROM)] + [(C.pick_format(r, p), PDU_TO) for p in th.members]
        b.add("pdu", row)
        for address, typ in addrs:
            addr_id += 1
            b.add("addr", (addr_id, mid, None, address, typ, CHARSET_UTF8))
        th.touch(date_s * 1000, sub, sub_cs or 0, True, read)
        if n_img:
            th.has_attachment = 1
    b.flush()
    return b.counts, attachments


def build_mmssms(path: str | os.PathLike, *, n_sms: int = 300, n_mms: int = 40, seed: int | str = 0,
                 n_contacts: int | None = None, index_words: bool = True,
                 start: int = ANDROID_START, span_days: float = 120.0, people: list | None = None,
                 lines: list | None = None) -> dict:
    """Build an Android ``mmssms.db`` at ``path`` (replacing any file there).

    ``n_sms`` rows in ``sms`` (types 1/2 and some 3/5), ``n_mms`` messages in ``pdu`` with their
    ``addr`` and ``part`` rows (group MMS included once ``n_mms >= 1``), consistent ``threads`` and
    ``canonical_addresses``, and the ``words`` FTS index (``index_words=False`` skips it for speed).
    Returns a summary: row counts, ``contacts``, and ``attachments`` -- a list of
    ``(device path, bytes)`` for the MMS media files an extraction must contain.

    ``people`` (``content.Person``) replaces the generated contacts; ``lines`` (``content.Line``, with those
    people) replaces the generated SMS: exactly those messages, one thread per person (``n_sms`` is ignored).
    """
    check_columns(MMSSMS, MMSSMS_SPEC)
    if people is None:
        people = C.make_people(seed, n_contacts or default_contacts(n_sms + n_mms))
    if lines is not None:
        n_sms = 0
    n_short = 0 if n_sms < 20 else min(len(C.SHORT_CODE_SENDERS), max(1, n_sms // 60))
    n_groups = 0 if n_mms == 0 else max(1, min(50, n_mms // 12))
    canon, person_t, short_t, group_t = _plan_threads(people, C.rng(seed, "threads"), n_short, n_groups)
    start_ms, span_ms = start * 1000, int(span_days * C.DAY * 1000)
    with build_db(path, MMSSMS) as conn:
        load(conn, "android_metadata", META_COLS, [("en_US",)])
        load(conn, "canonical_addresses", CANON_COLS, canon)
        load(conn, "sms", SMS_COLS, _sms_rows(C.rng(seed, "sms"), n_sms, person_t, short_t, start_ms, span_ms)
             if lines is None else _line_rows(lines, person_t))
        counts, attachments = _load_mms(conn, C.rng(seed, "mms"), n_mms, person_t, group_t, start_ms, span_ms)
        threads = [t for t in person_t + short_t + group_t if t.used]
        load(conn, "threads", THREAD_COLS,
             ((t.id, t.date, t.count, t.recipient_ids, t.snippet, t.snippet_cs, 0 if t.unread else 1,
               t.type, t.error, t.has_attachment) for t in threads))
        if index_words:
            conn.execute("INSERT INTO words (_id, index_text, source_id, table_to_use) "
                         "SELECT _id, body, _id, 1 FROM sms ORDER BY _id")
            conn.execute("INSERT INTO words (_id, index_text, source_id, table_to_use) "
                         "SELECT (2 << 32) + _id, text, _id, 2 FROM part WHERE ct = 'text/plain' ORDER BY _id")
    return {"path": str(path), "sms": n_sms, "pdu": counts["pdu"], "addr": counts["addr"],
            "part": counts["part"], "threads": len(threads), "group_threads": len(group_t),
            "canonical_addresses": len(canon), "contacts": len(people), "attachments": attachments}


def _call_rows(r, n, people, start_ms, span_ms):
    gap2 = 2.0 * span_ms / max(n, 1)
    t = float(start_ms) + gap2 / 5
    new_from = int(n * 0.97)
    for i in range(n):
        t += r.random() * gap2
        date = int(t)
        x = r.random()
        typ = INCOMING if x < 0.34 else OUTGOING if x < 0.74 else MISSED if x < 0.90 else (
            REJECTED if x < 0.96 else BLOCKED)
        if typ in (INCOMING, OUTGOING):
            duration = 0 if (typ == OUTGOING and r.random() < 0.15) else 2 + int(r.expovariate(1 / 180.0))
        else:
            duration = 0
        missed_like = typ in (MISSED, REJECTED, BLOCKED)
        new = 1 if (typ == MISSED and i >= new_from) else 0
        is_read = (0 if new else 1) if missed_like else None
        if typ != OUTGOING and r.random() < 0.02:  # withheld caller id
            yield (i + 1, "-2", date, duration, typ, new, None, 0, None, "GB", None, is_read, None,
                   None, None, None, 0, None, None, None, None, None, None, None)
            continue
        p = people[int(len(people) * r.random() ** 2)]
        number = C.pick_format(r, p)
        geo = C.geocode(p.e164, p.country)
        if p.saved:
            name, numbertype = p.name, (2, 2, 2, 1, 3)[p.index % 5]  # Phone.TYPE mobile/home/work
            lookup = f"content://com.android.contacts/contacts/lookup/{100 + p.index}i{p.index * 7 + 3}/{100 + p.index}"
            matched = p.national
        else:
            name, numbertype, lookup, matched = None, 0, None, None
        yield (i + 1, number, date, duration, typ, new, name, numbertype, None, "GB", None, is_read,
               geo, lookup, matched, p.e164, 0, p.national, None, None, None, None, None, None)


def build_calllog(path: str | os.PathLike, *, n_calls: int = 150, seed: int | str = 0,
                  n_contacts: int | None = None, start: int = ANDROID_START,
                  span_days: float = 120.0) -> dict:
    """Build an Android ``calllog.db`` (``calls`` + ``android_metadata``) with ``n_calls`` rows."""
    check_columns(CONTACTS2, CALLLOG_SPEC)
    people = C.make_people(seed, n_contacts or default_contacts(n_calls))
    with build_db(path, CONTACTS2, tables=CALLLOG_TABLES) as conn:
        load(conn, "android_metadata", META_COLS, [("en_US",)])
        load(conn, "calls", CALLS_COLS,
             _call_rows(C.rng(seed, "calls"), n_calls, people, start * 1000, int(span_days * C.DAY * 1000)))
    return {"path": str(path), "calls": n_calls, "contacts": len(people)}


def write_android_extraction(dest_zip: str | os.PathLike, *, n_sms: int = 300, n_mms: int = 40,
                             n_calls: int = 150, seed: int | str = 0, n_contacts: int | None = None,
                             index_words: bool = True) -> dict:
    """Write a full-file-system style Android extraction archive (``.zip``, or ``.tar`` by suffix).

    Members: ``data/data/com.android.providers.telephony/databases/mmssms.db``,
    ``data/user_de/0/com.android.providers.telephony/app_parts/PART_<ms>.jpg`` (one per MMS image)
    and ``data/data/com.android.providers.contacts/databases/calllog.db``. The SMS and call
    builders share one contact list, so the same people text and call. Byte-deterministic.
    """
    dest = Path(dest_zip)
    n_contacts = n_contacts or default_contacts(n_sms + n_mms + n_calls)
    with tempfile.TemporaryDirectory(prefix="artefacts-synth-") as tmp:
        sms = build_mmssms(Path(tmp, "mmssms.db"), n_sms=n_sms, n_mms=n_mms, seed=seed,
                           n_contacts=n_contacts, index_words=index_words)
        calls = build_calllog(Path(tmp, "calllog.db"), n_calls=n_calls, seed=seed, n_contacts=n_contacts)
        members: dict = {MMSSMS_PATH: Path(tmp, "mmssms.db"), CALLLOG_PATH: Path(tmp, "calllog.db")}
        for device_path, data in sms["attachments"]:
            members[device_path.lstrip("/")] = data
        (write_tar if dest.suffix == ".tar" else write_zip)(dest, members)
    summary = {k: v for k, v in sms.items() if k not in ("path", "attachments")}
    summary.update(path=str(dest), calls=calls["calls"], members=sorted(members),
                   attachments=len(sms["attachments"]))
    return summary
