"""Google Voice for Android (``com.google.android.apps.googlevoice``): texts, calls, voicemails, the Voice number.

Google Voice gives an account a second US number. The app keeps one folder per signed-in account,
``files/accounts/<account>/``, whose databases hold every record as a protobuf message.

Where the facts come from: ALEAPP (``abrignoni/ALEAPP``) ``scripts/artifacts/googleVoice.py`` (William Campbell, Eli
Ehresmann, Reina Girouard, Paula Rokusek; tested on Google Voice 2025.07.20.788599304), which reads
the protobuf fields by number (no ``.proto`` is published; the app is closed source). Its tables and
columns are copied into ``artefacts/synthetic/ddl/googlevoice_android.sql``.

``LegacyMsgDbInstance.db``, table ``message_t``: ``conversation_id`` (``t...`` a one-to-one thread,
``g...`` a group thread) and ``message_blob``, whose fields are:

* 1 the message id (text), 2 the time in ms since 1970, 3 the account's Google Voice number,
  4.1 the other party's number, 6 read (0 unread, 1 read), 9 the duration in seconds as a 32-bit
  float (fixed32), 10 the text of a one-to-one message;
* 13 the record type: 1 an answered incoming call, 2 an outgoing call, 3 a voicemail, 5 a received
  text, 6 a sent text; 22 present: a missed or declined incoming call; 23 present: the call was
  recorded (its audio in ``cache/audio/`` named by the message id);
* 7.2 (repeated) the voicemail transcript, one word or sign per entry in its field 1;
* 15 a group text: 15.1 the text, 15.4 (repeated) the members, each number in its field 1, 15.5 the
  sender of a received one (absent on a sent one).

A text is a ``message`` event; a call or voicemail a ``call`` event (``extra.voicemail``; the
transcript is the voicemail's body). The Voice number (field 3) is the sender of what the account
sends and a recipient of what it receives. A blob that is not a protobuf message, or a record type
no source names, is one warning naming the row; the row is skipped and the run goes on.

``SqliteKeyValueCache:VoiceAccountCache.db``, table ``cache_table``: ``response_data`` holds the
account's numbers: 3.1.1.1 the Google Voice number, 3.2.1.1 the linked (forwarding) phone number.
Each is a ``contact`` event with ``extra.owned = True`` (numbers the account holder holds).

Not read: ``files/AccountData.pb`` (name and e-mail address of the Google account), the MMS pictures
in ``cache/Photo MMS images/`` and the audio in ``cache/audio/`` (not linked as attachments: no
source gives their file names beyond ALEAPP's substring match).
"""

from __future__ import annotations

import math
import struct

from artefacts import hookimpl
from artefacts.decoders import protowire
from artefacts.events import CALL_START, INCOMING, OUTGOING, RECEIVED, SENT, contact_event, duration_text
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

ANSWERED_IN, OUTGOING_CALL, VOICEMAIL, TEXT_IN, TEXT_OUT = 1, 2, 3, 5, 6
ACCOUNT_ROOT = "com.google.android.apps.googlevoice/files/accounts/"


def fields(blob: bytes) -> dict[int, list]:
    """The top-level fields of a protobuf message, by number (values in stored order)."""
    if not isinstance(blob, bytes):
        raise protowire.WireError(f"not a blob ({type(blob).__name__})", 0)
    out: dict[int, list] = {}
    for f in protowire.decode(blob):
        out.setdefault(f.number, []).append(f.value if f.wire_type != protowire.FIXED32 else ("f32", f.value))
    return out


def text(value) -> str | None:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else None


def first(fs: dict, number: int, *path: int):
    """The first value of field ``number`` (then of ``path`` inside it, each a nested message)."""
    value = fs.get(number, [None])[0]
    for n in path:
        if not isinstance(value, bytes):
            return None
        value = fields(value).get(n, [None])[0]
    return value


def _seconds(value) -> float | None:
    """Field 9: a 32-bit float of seconds (None when absent, not fixed32, or not a finite number)."""
    if isinstance(value, tuple) and value[0] == "f32":
        seconds = struct.unpack("<f", struct.pack("<I", value[1]))[0]
        return round(seconds, 3) if math.isfinite(seconds) else None
    return None


def account_of(source_path: str) -> str | None:
    """The ``<account>`` folder of a path under ``files/accounts/``."""
    if ACCOUNT_ROOT in source_path:
        return source_path.split(ACCOUNT_ROOT, 1)[1].split("/", 1)[0] or None
    return None


def message_to_event(row, ctx) -> dict | None:
    """One ``message_t`` row -> a message event (texts) or a call event (calls, voicemails)."""
    fs = fields(row["message_blob"])
    rtype = first(fs, 13)
    missed = 22 in fs
    own = text(first(fs, 3))
    other = text(first(fs, 4, 1))
    conv = row["conversation_id"]
    extra: dict = {"type": rtype, "message_id": text(first(fs, 1))}
    account = account_of(ctx.source.path)
    if account:
        extra["account"] = account
    if first(fs, 6) is not None:
        extra["read"] = first(fs, 6)
    event = {"timestamp": ctx.time(UNIX_MILLISECONDS, first(fs, 2), column="message_blob.2"),
             "timestamp_raw": first(fs, 2), "conversation_id": conv, "extra": extra}
    if rtype in (ANSWERED_IN, OUTGOING_CALL, VOICEMAIL) or missed:
        incoming = rtype != OUTGOING_CALL
        seconds = _seconds(first(fs, 9))
        extra.update(duration=seconds, voicemail=rtype == VOICEMAIL, recorded=23 in fs)
        words = [text(first(fields(w), 1)) for w in (fields(first(fs, 7)).get(2, []) if 7 in fs else [])]
        transcript = " ".join(w for w in words if w) or None
        label = "Voicemail" if rtype == VOICEMAIL else "Missed call" if missed else "Call"
        event.update(kind="call", timestamp_desc=CALL_START, direction=INCOMING if incoming else OUTGOING,
                     sender=other if incoming else own, recipients=[own] if incoming and own else [other] if not incoming and other else [],
                     status="missed" if missed else "voicemail" if rtype == VOICEMAIL else "answered" if rtype == ANSWERED_IN else None,
                     body=transcript if rtype == VOICEMAIL and transcript else f"{label}, {duration_text(seconds)}")
        if rtype == VOICEMAIL:
            extra["transcript"] = transcript
        return event
    if rtype not in (TEXT_IN, TEXT_OUT) and 15 not in fs:
        ctx.warn(f"record type {rtype!r} is not one the sources name (1, 2, 3, 5, 6); row skipped")
        return None
    event.update(kind="message")
    if 15 in fs:  # a group text
        group = fields(first(fs, 15))
        members = [text(first(fields(m), 1)) for m in group.get(4, [])]
        sender = text(first(group, 5))
        body = text(first(group, 1))
        if sender is not None:
            direction, recipients = INCOMING, [own, *(m for m in members if m != sender)]
        else:
            direction, sender, recipients = OUTGOING, own, members
        extra["group"] = True
    else:
        body = text(first(fs, 10))
        direction = INCOMING if rtype == TEXT_IN else OUTGOING
        sender, recipients = (other, [own]) if direction == INCOMING else (own, [other])
    event.update(direction=direction, sender=sender, recipients=[r for r in recipients if r], body=body,
                 timestamp_desc=RECEIVED if direction == INCOMING else SENT)
    return event


def account_to_events(row, ctx) -> list[dict]:
    """One ``cache_table`` row -> the account's Voice number and linked number as owned contacts."""
    fs = fields(row["response_data"])
    account = account_of(ctx.source.path)
    out = []
    for role, sub in (("google_voice_number", 1), ("linked_number", 2)):
        number = text(first(fs, 3, sub, 1, 1))
        if number:
            extra = {"owned": True, "role": role, **({"account": account} if account else {})}
            label = "Google Voice number" if sub == 1 else "Linked phone number"
            out.append(contact_event(number, None, f"{label} {number}", extra,
                                     f"cache_table:rowid={row['rowid']}:{role}"))
    return out


class GoogleVoiceAndroidParser(SQLiteParser):
    name = "googlevoice_android"
    version = __version__
    app = "googlevoice"
    platform = "android"
    description = "Google Voice for Android LegacyMsgDbInstance.db: texts, calls and voicemails (protobuf records)"
    path_globs = ("**/com.google.android.apps.googlevoice/files/accounts/*/LegacyMsgDbInstance.db",)
    required_tables = {"message_t": {"message_blob", "conversation_id"}}
    time_units = {"message_blob.2": UNIX_MILLISECONDS}
    references = ("ALEAPP scripts/artifacts/googleVoice.py (protobuf field numbers, record types)",
                  "artefacts/synthetic/ddl/googlevoice_android.sql")

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT rowid, message_blob, conversation_id FROM message_t ORDER BY rowid",
                                message_to_event, table="message_t", id_column="rowid")


class GoogleVoiceAccountAndroidParser(SQLiteParser):
    name = "googlevoice_account_android"
    version = __version__
    app = "googlevoice"
    platform = "android"
    description = "Google Voice for Android VoiceAccountCache.db: the account's Google Voice and linked numbers"
    path_globs = ("**/com.google.android.apps.googlevoice/files/accounts/*/SqliteKeyValueCache:VoiceAccountCache.db",)
    required_tables = {"cache_table": {"response_data"}}
    references = ("ALEAPP scripts/artifacts/googleVoice.py (googlevoice_accounts: fields 3.1.1.1 and 3.2.1.1)",
                  "artefacts/synthetic/ddl/googlevoice_android.sql")

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT rowid, response_data FROM cache_table ORDER BY rowid",
                                account_to_events, table="cache_table", id_column="rowid")


@hookimpl
def register_parsers(register):
    register(GoogleVoiceAndroidParser)
    register(GoogleVoiceAccountAndroidParser)
