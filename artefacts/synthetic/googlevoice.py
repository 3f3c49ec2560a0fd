"""A small Google Voice for Android account folder on the schema ALEAPP reads (``ddl/googlevoice_android.sql``).

``files/accounts/<account>/LegacyMsgDbInstance.db``: ``message_t`` rows whose ``message_blob`` is a
protobuf message with the field numbers of ALEAPP's ``googleVoice.py`` (see
``plugins/googlevoice_android.py``): one-to-one texts (types 5/6, text in field 10), a group thread
(field 15), answered, outgoing and missed calls (types 1/2 and field 22), voicemails (type 3) with a
word-by-word transcript (field 7.2), the duration a fixed32 float (field 9).
``SqliteKeyValueCache:VoiceAccountCache.db``: one ``cache_table`` row holding the Voice number
(3.1.1.1) and the linked number (3.2.1.1). Numbers are from the US 555-01xx fiction range.
No source names the field-13 value of a missed call (ALEAPP keys on field 22 alone); the sample writes 0
there, which the parser does not rely on.

:func:`build_googlevoice` writes a store of any size (for benchmarks).
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

from ..decoders.protowire import FIXED32, _encode_varint, encode
from .ddl_loader import build_db, check_columns, load

DDL = "googlevoice_android.sql"
ACCOUNT = "1"
FOLDER = f"data/data/com.google.android.apps.googlevoice/files/accounts/{ACCOUNT}"
DB = f"{FOLDER}/LegacyMsgDbInstance.db"
ACCOUNT_DB = f"{FOLDER}/SqliteKeyValueCache:VoiceAccountCache.db"
START_MS = 1_719_828_000_000  # 2024-07-01T10:00:00Z
VOICE_NUMBER = "+12025550104"
LINKED_NUMBER = "+12025550190"
PEOPLE = ["+12025550123", "+12025550161", "+12025550138"]
TEXTS = ["Is this your Google number?", "yes text here only", "Pick up at 6", "Wrong number", "On my way",
         "Don't call the other one", "ok", "Send a picture of it"]
TRANSCRIPTS = [["Hey", "it's", "me", ",", "call", "me", "back", "."], ["Package", "is", "ready", "."]]


def _fixed32_float(number: int, value: float) -> bytes:
    return _encode_varint(number << 3 | FIXED32) + struct.pack("<f", value)


def _record(rng: random.Random, i: int, t: int, kind: str, other: str, *, group: list[str] | None = None,
            sender: str | None = None) -> tuple[bytes, dict]:
    """One ``message_blob`` and what it stands for."""
    mid = f"{rng.getrandbits(80):020x}"
    read = int(rng.random() < 0.8)
    rec = {"message_id": mid, "time": t, "kind": kind, "other": other, "read": read}
    head = [(1, mid), (2, t), (3, VOICE_NUMBER)]
    tail = [(6, read)]
    body = b""
    if kind in ("text_in", "text_out"):
        rec["body"] = rng.choice(TEXTS)
        tail += [(10, rec["body"]), (13, 5 if kind == "text_in" else 6)]
    elif kind == "group":
        rec["body"] = rng.choice(TEXTS)
        members = b"".join(encode([(4, encode([(1, m)]))]) for m in group)
        inner = encode([(1, rec["body"])]) + members + (encode([(5, sender)]) if sender else b"")
        rec.update(group=group, sender=sender)
        tail += [(13, 5 if sender else 6), (15, inner)]
    else:
        seconds = 0.0 if kind == "missed" else float(rng.randint(3, 400)) + 0.5
        rec["duration"] = seconds
        body = _fixed32_float(9, seconds)
        if kind == "missed":
            tail += [(13, 0), (22, encode([(1, 1)]))]
        else:
            tail += [(13, {"call_in": 1, "call_out": 2, "voicemail": 3}[kind])]
        if kind == "voicemail":
            words = TRANSCRIPTS[i % len(TRANSCRIPTS)]
            rec["transcript"] = " ".join(words)
            tail.append((7, b"".join(encode([(2, encode([(1, w)]))]) for w in words)))
    blob = encode(head) + encode([(4, encode([(1, other)]))]) + body + encode(tail)
    return blob, rec


KINDS = ("text_in", "text_out", "text_in", "call_in", "text_out", "missed", "voicemail", "call_out", "group", "group")


def build_googlevoice(path: Path, *, n_messages: int, seed: int) -> list[dict]:
    """``LegacyMsgDbInstance.db`` with ``n_messages`` records at ``path``; what each row stands for."""
    rng = random.Random(seed)
    check_columns(DDL, {"message_t": ("message_blob", "conversation_id")})
    rows, records = [], []
    t = START_MS
    for i in range(n_messages):
        t += rng.randint(20_000, 1_500_000)
        kind = KINDS[i % len(KINDS)]
        other = PEOPLE[rng.randrange(len(PEOPLE))]
        if kind == "group":
            sender = PEOPLE[0] if i % 20 == 8 else None
            blob, rec = _record(rng, i, t, kind, other, group=PEOPLE[:2], sender=sender)
            conv = "g" + "Ugw7Rn2k"
        else:
            blob, rec = _record(rng, i, t, kind, other)
            conv = "t." + other
        rec.update(rowid=i + 1, conversation_id=conv)
        rows.append((blob, conv))
        records.append(rec)
    with build_db(path, DDL, tables=("message_t", "android_metadata"), page_size=512) as con:
        load(con, "message_t", ("message_blob", "conversation_id"), rows)
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return records


def write_googlevoice_extraction(dest: Path, *, seed: int = 0, n_messages: int = 20) -> dict:
    records = build_googlevoice(dest / DB, n_messages=n_messages, seed=seed)
    numbers = encode([(1, encode([(1, encode([(1, VOICE_NUMBER)]))])), (2, encode([(1, encode([(1, LINKED_NUMBER)]))]))])
    with build_db(dest / ACCOUNT_DB, DDL, tables=("cache_table", "android_metadata"), page_size=512) as con:
        load(con, "cache_table", ("response_data",), [(encode([(3, numbers)]),)])
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return {"database": DB, "account_database": ACCOUNT_DB, "account": ACCOUNT, "voice_number": VOICE_NUMBER,
            "linked_number": LINKED_NUMBER, "records": records}


def generic_manifest(dest: Path) -> dict:
    """Write the extraction under ``dest``; its events in the generic form of :mod:`.messengers`."""
    from .messengers import iso_from_ms

    m = write_googlevoice_extraction(dest)
    own = m["voice_number"]
    events = []
    for r in m["records"]:
        event = {"locator": f"message_t:rowid={r['rowid']}", "timestamp": iso_from_ms(r["time"]),
                 "conversation_id": r["conversation_id"], "deleted": False, "attachments": []}
        kind = r["kind"]
        if kind == "group":
            if r["sender"]:
                event.update(direction="incoming", sender=r["sender"],
                             recipients=[own, *(x for x in r["group"] if x != r["sender"])])
            else:
                event.update(direction="outgoing", sender=own, recipients=list(r["group"]))
        elif kind in ("text_out", "call_out"):
            event.update(direction="outgoing", sender=own, recipients=[r["other"]])
        else:
            event.update(direction="incoming", sender=r["other"], recipients=[own])
        if kind.startswith("text") or kind == "group":
            event.update(kind="message", body=r["body"])
        else:
            event["kind"] = "call"
            if kind == "voicemail":
                event["body"] = r["transcript"]
        events.append(event)
    for role, number in (("google_voice_number", own), ("linked_number", m["linked_number"])):
        events.append({"path": m["account_database"], "locator": f"cache_table:rowid=1:{role}", "kind": "contact",
                       "timestamp": None, "conversation_id": number, "sender": number})
    return {"app": "googlevoice", "path": m["database"], "events": events}
