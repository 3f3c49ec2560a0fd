"""A small Viber for Android ``databases/viber_data`` on the real schema (``ddl/viber_android_data.sql``).

As the real file of plaso's test data: ``calls`` (``date`` ms since 1970, ``duration`` s, ``type`` 1
incoming / 2 outgoing, ``viber_call_type`` 1 audio / 4 video, ``number`` and ``canonized_number`` in
E.164), ``phonebookcontact`` with one ``phonebookdata`` row per number and raw contact (``data1`` as
typed, ``data2`` E.164, ``data3`` formatted; the same number repeated for a second raw contact), and a
``vibernumbers`` row for the contacts who use Viber. Numbers are from the US 555-01xx fiction range.
"""

from __future__ import annotations

import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "viber_android_data.sql"
DB = "data/data/com.viber.voip/databases/viber_data"
START_MS = 1_714_557_600_000  # 2024-05-01T10:00:00Z
CALL_COLS = ("_id", "call_id", "aggregate_hash", "number", "canonized_number", "viber_call", "viber_call_type", "date",
             "duration", "type", "end_reason", "start_reason", "token", "looked", "group_id", "flags")
CONTACT_COLS = ("_id", "native_id", "display_name", "low_display_name", "phone_label", "starred", "viber",
                "contact_lookup_key", "contact_hash", "version", "has_number", "has_name", "deleted")
DATA_COLS = ("_id", "contact_id", "raw_id", "data1", "data2", "data3", "data4", "mime_type")
MEMBER_COLS = ("_id", "canonized_number", "viber_name", "clear", "member_id", "encrypted_member_id")
PEOPLE = [("Alex Morgan", "2025550143", True), ("Dana Whitfield", "2025550178", False), ("Ravi Patel", "2025550121", True)]


def write_viber_extraction(dest: Path, *, seed: int = 0, n_calls: int = 8) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"calls": CALL_COLS, "phonebookcontact": CONTACT_COLS, "phonebookdata": DATA_COLS,
                        "vibernumbers": MEMBER_COLS})
    contacts, data_rows, contact_rows, member_rows = [], [], [], []
    for i, (name, digits, member) in enumerate(PEOPLE, start=1):
        e164 = f"+1{digits}"
        contact_rows.append((i, i, name, name.lower(), name[0].lower(), 0, int(member), f"lookup{i}", rng.randint(1, 2**31),
                             0, 1, 1, 0))
        for raw in (1, 2):  # the number once per raw contact, as in the real file
            data_rows.append((len(data_rows) + 1, i, 10 * i + raw, digits, e164, f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
                              "2", 0))
        if member:
            member_rows.append((len(member_rows) + 1, e164, name.split()[0], 0, f"M{i:03d}member=", f"em:{i:040x}"))
        contacts.append({"_id": i, "name": name, "numbers": [e164], "viber_member": member})
    calls, call_rows = [], []
    t = START_MS
    for i in range(1, n_calls + 1):
        name, digits, _ = PEOPLE[rng.randrange(len(PEOPLE))]
        t += rng.randint(600_000, 7_200_000)
        ctype, media, duration = rng.choice((1, 2)), rng.choice((1, 4)), rng.randint(5, 900)
        e164 = f"+1{digits}"
        call_rows.append((i, -1, rng.randint(1, 2**31), e164, e164, 1, media, t, duration, ctype, 3, 0, rng.getrandbits(62),
                          1, 0, 0))
        calls.append({"_id": i, "date": t, "duration": duration, "number": e164, "name": name,
                      "direction": "incoming" if ctype == 1 else "outgoing", "video": media == 4})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "calls", CALL_COLS, call_rows)
        load(con, "phonebookcontact", CONTACT_COLS, contact_rows)
        load(con, "phonebookdata", DATA_COLS, data_rows)
        load(con, "vibernumbers", MEMBER_COLS, member_rows)
    return {"database": DB, "calls": calls, "contacts": contacts}
