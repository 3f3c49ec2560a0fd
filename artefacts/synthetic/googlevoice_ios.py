"""A small Google Voice for iOS ``threadingStore.sqlite`` on the columns iLEAPP reads (``ddl/googlevoice_ios.sql``;
see ``plugins/googlevoice_ios.py``): a one-to-one thread and a group thread of texts (one with a picture), an
incoming, an outgoing and a missed call, a voicemail with its transcript, a deleted text and the thread's numbers
in ``Participant`` (one blocked). Times are stored as whole numbers; their unit is not sourced, and the manifest
expects them kept as stored. Numbers are from the US 555-01xx fiction range.
"""

from __future__ import annotations

from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "googlevoice_ios.sql"
DB = ("private/var/mobile/Containers/Shared/AppGroup/7A1C9E42-3B5D-4F60-8A17-2C9E4B6D8F01/threadingStore.sqlite")
OWN = "+12025550100"
ALICE, BOB, CARL = "+12025550123", "+12025550144", "+12025550167"
ITEM_COLS = ("threadItemKey", "threadItemType", "threadKey", "threadType", "itemType", "timestamp", "sortID",
             "messageText", "senderPhoneNumber", "isUnread", "isDeleted", "isSystemMessage", "duration")
START = 1_717_236_000_000  # a whole number as stored; its unit is what no source gives


def generic_manifest(dest: Path) -> dict:
    check_columns(DDL, {"ThreadItem": ITEM_COLS, "Thread": ("threadKey", "threadType", "groupName"),
                        "ThreadParticipant": ("threadKey", "threadType", "phoneNumberE164"),
                        "MMSAttachmentInfo": ("threadItemKey", "threadItemType"),
                        "Transcript": ("threadItemKey", "threadItemType", "text", "confidence"),
                        "Participant": ("phoneNumberE164", "isBlocked")})
    one, group = "t.+12025550123", "g.Ggroup7"
    # (key, thread, type, text, sender, deleted, duration, attachment?, transcript)
    plan = [
        ("i1", one, "SmsIn", "new number, text here", ALICE, 0, None, False, None),
        ("i2", one, "SmsOut", "ok <got it>", OWN, 0, None, False, None),
        ("i3", one, "IncomingCall", None, ALICE, 0, 42.0, False, None),
        ("i4", one, "OutgoingCall", None, OWN, 0, 7.0, False, None),
        ("i5", one, "MissedCall", None, ALICE, 0, 0.0, False, None),
        ("i6", one, "Voicemail", None, ALICE, 0, 18.0, False, "call me back on the other phone"),
        ("i7", group, "SmsIn", "photo of the spot", BOB, 0, None, True, None),
        ("i8", group, "SmsOut", "seen", OWN, 1, None, False, None),
    ]
    rows, events, attachments, transcripts = [], [], [], []
    members = {one: [ALICE], group: [BOB, CARL]}
    for n, (key, thread, itype, text, sender, deleted, duration, pic, transcript) in enumerate(plan, 1):
        stamp = START + n * 61_003
        rows.append((key, 1, thread, 2 if thread == group else 1, itype, stamp, n, text, sender, 0, deleted, 0,
                     duration))
        if pic:
            attachments.append((key, 1))
        if transcript:
            transcripts.append((key, 1, transcript, 0.83))
        names = members[thread]
        event = {"locator": f"ThreadItem:rid={n}", "timestamp": None, "timestamp_raw": stamp,
                 "conversation_id": thread, "deleted": bool(deleted),
                 "conversation_name": "Crew" if thread == group else ", ".join(names), "attachments": []}
        if itype.startswith("Sms"):
            out = itype == "SmsOut"
            event.update(kind="message", direction="outgoing" if out else "incoming", sender=sender, body=text,
                         recipients=[m for m in names if m != sender] if out else [],
                         check={"item_type": itype, "timestamp_unit": "unknown",
                                **({"attachment_count": 1} if pic else {})})
        else:
            status = {"IncomingCall": "incoming", "OutgoingCall": "outgoing", "MissedCall": "missed",
                      "Voicemail": "voicemail"}[itype]
            event.update(kind="call", direction="outgoing" if itype == "OutgoingCall" else "incoming", sender=None,
                         recipients=[], body=transcript, status=status,
                         check={"sender_phone_number": sender, "duration": duration, "item_type": itype})
        events.append(event)
    participants = [(ALICE, 0), (BOB, 0), (CARL, 1)]
    for i, (number, blocked) in enumerate(participants, 1):
        events.append({"locator": f"Participant:rowid={i}", "kind": "contact", "timestamp": None,
                       "conversation_id": number, "sender": number, "check": {"blocked": bool(blocked)}})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "ThreadItem", ITEM_COLS, rows)
        load(con, "Thread", ("threadKey", "threadType", "groupName"), [(group, 2, "Crew")])
        load(con, "ThreadParticipant", ("threadKey", "threadType", "phoneNumberE164"),
             [(t, 2 if t == group else 1, m) for t, ms in members.items() for m in ms])
        load(con, "MMSAttachmentInfo", ("threadItemKey", "threadItemType"), attachments)
        load(con, "Transcript", ("threadItemKey", "threadItemType", "text", "confidence"), transcripts)
        load(con, "Participant", ("phoneNumberE164", "isBlocked"), participants)
    return {"app": "googlevoice", "path": DB, "events": events}
