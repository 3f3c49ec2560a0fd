"""Android SMS and text-MMS backups of the telephony provider: ``NNNNNN_sms_backup`` / ``NNNNNN_mms_backup``.

``TelephonyBackupAgent`` (AOSP packages/providers/TelephonyProvider) writes these files when the
telephony provider is backed up (``adb backup``, device-to-device transfer); in an ``.ab`` backup
they are ``apps/com.android.providers.telephony/d_f/000000_sms_backup`` ... (device-protected
``files/``; the host indexes them as ``data/user_de/0/com.android.providers.telephony/files/...``).
Format facts, from the agent's source:

* each file is a **zlib-deflated** (``DeflaterOutputStream``) UTF-8 **JSON array** of at most 1000
  messages, oldest first; SMS and MMS go to separate files numbered in one sequence;
* an SMS object holds the ``sms`` columns the agent reads, by column name, **every value a
  string** (``Cursor.getString``): ``address``, ``body``, ``subject``, ``date`` and ``date_sent``
  (**milliseconds**), ``status``, ``type`` (the ``sms.type`` box), ``read``; ``_id`` and
  ``thread_id`` are not written; instead ``recipients`` (the thread's addresses), ``archived``
  (the thread is archived) and ``self_phone`` (the number of the SIM, from ``sub_id``);
* an MMS object (only MMS with text are backed up) holds the ``pdu`` columns ``sub``, ``date`` and
  ``date_sent`` (**seconds**, as in ``pdu``; the agent compares SMS ``date`` converted from ms to
  s with MMS ``date``), ``m_type``, ``v``, ``msg_box``, ``ct_l``, ``tr_id``, ``read``, ``sub_cs``,
  plus ``recipients``, ``archived``, ``self_phone``, ``mms_addresses`` (``addr`` rows:
  ``type`` 137 from / 151 to / 130 cc / 129 bcc, ``address``, ``charset``), ``mms_body`` (the text
  part) and ``mms_charset``; the restore side also reads ``attachments`` (``mime_type``,
  ``filename``) and ``smil``.

Every object is turned into a row of the ``sms`` / ``pdu`` columns (numbers stored as strings are
read as integers) and mapped by ``android_sms``'s own :func:`sms_to_event` / :func:`mms_to_event`,
so an SMS from a backup and the same SMS in ``mmssms.db`` give the same fields. What the backup has
instead of a thread id: ``conversation_id`` and ``conversation_name`` are the thread's
``recipients`` joined with ``", "`` (the agent restores a thread from exactly that set). Keys that
are not ``sms``/``pdu`` columns (``recipients``, ``self_phone``, ``archived``, ``tr_id``, ``v``,
``ct_l``, ``sub_cs``, ``mms_charset``, ``smil`` and any other) are kept in ``extra`` as stored.
``source_locator`` is ``sms_backup:index=N`` / ``mms_backup:index=N``, the object's position in
the array (from 0).

A file inflating beyond :data:`MAX_JSON_BYTES` is not read (a warning names it): the agent's
files hold 1000 text messages at most.
"""

from __future__ import annotations

import json
import re
import zlib

from artefacts import hookimpl
from artefacts.parser import Parser
from artefacts.plugins.android_sms import PDU_OPTIONAL, SMS_OPTIONAL, AndroidSmsParser, mms_to_event, sms_to_event

__version__ = "1.0"

#: the most bytes one backup file may inflate to (64 MiB; 1000 text messages are far less)
MAX_JSON_BYTES = 64 << 20
_INT = re.compile(r"-?[0-9]+\Z")
#: values kept as text even when they look like numbers
TEXT_KEYS = frozenset({
    "address", "body", "subject", "service_center", "creator", "sub", "m_id", "ct_t", "tr_id", "ct_l",
    "mms_body", "self_phone", "smil",
})
SMS_COLUMNS = ("address", "body", "date", "type", *SMS_OPTIONAL)
PDU_COLUMNS = ("date", "msg_box", *PDU_OPTIONAL)
#: JSON keys read into the pdu row's addresses and parts rather than columns
MMS_COMPOSED = ("mms_addresses", "mms_body", "attachments")


class TooLarge(Exception):
    pass


def inflate(data: bytes, limit: int | None = None) -> bytes:
    """The inflated file, at most ``limit`` (default :data:`MAX_JSON_BYTES`) bytes (:class:`TooLarge` beyond)."""
    limit = MAX_JSON_BYTES if limit is None else limit
    d = zlib.decompressobj()
    out = bytearray(d.decompress(data, limit + 1))
    if len(out) > limit or d.unconsumed_tail:
        raise TooLarge(limit)
    out += d.flush()
    if len(out) > limit:
        raise TooLarge(limit)
    if not d.eof:
        raise zlib.error("the deflated data ends early (truncated file)")
    return bytes(out)


def _value(key: str, value):
    if key not in TEXT_KEYS and isinstance(value, str) and _INT.match(value.strip()):
        return int(value.strip())
    return value


def _thread(obj: dict) -> str | None:
    recipients = obj.get("recipients")
    if isinstance(recipients, list) and recipients:
        return ", ".join(str(r) for r in recipients)
    return None


def is_mms(obj: dict) -> bool:
    return any(k in obj for k in ("msg_box", "mms_addresses", "mms_body"))


def sms_row(obj: dict) -> dict:
    """An SMS backup object -> an ``sms`` row by column name (``_id`` unknown, ``thread_id`` its recipients)."""
    row = {c: _value(c, obj.get(c)) for c in SMS_COLUMNS}
    row["_id"] = None
    row["thread_id"] = _thread(obj)
    return row


def pdu_row(obj: dict) -> dict:
    """An MMS backup object -> a ``pdu`` row with its ``addresses`` and ``parts`` (as ``android_sms`` reads them)."""
    row = {c: _value(c, obj.get(c)) for c in PDU_COLUMNS}
    row["_id"] = None
    row["thread_id"] = _thread(obj)
    row["addresses"] = [
        {"address": a.get("address"), "type": _value("type", a.get("type"))}
        for a in obj.get("mms_addresses") or () if isinstance(a, dict)
    ]
    parts = []
    if obj.get("mms_body") is not None:
        parts.append({"ct": "text/plain", "_data": None, "text": obj["mms_body"], "cl": None, "name": None, "fn": None})
    for a in obj.get("attachments") or ():
        if isinstance(a, dict):
            parts.append({"ct": a.get("mime_type"), "_data": None, "text": None, "cl": a.get("filename"),
                          "name": None, "fn": None})
    row["parts"] = parts
    return row


def backup_to_event(row, ctx) -> dict:
    """One backup object (``row["json"]``, at ``row["index"]``) -> one message event, through ``android_sms``."""
    obj = row["json"]
    if not isinstance(obj, dict):
        raise ValueError(f"not a JSON object: {type(obj).__name__}")
    mms = is_mms(obj)
    event = mms_to_event(pdu_row(obj), ctx) if mms else sms_to_event(sms_row(obj), ctx)
    event["source_locator"] = ctx.locator
    used = {*PDU_COLUMNS, *MMS_COMPOSED} if mms else set(SMS_COLUMNS)
    for key, value in obj.items():
        if key not in used and value is not None:
            event["extra"][key] = value
    return event


class AndroidSmsBackupParser(Parser):
    name = "android_sms_backup"
    version = __version__
    app = "sms"
    platform = "android"
    description = "Android SMS and text MMS in the telephony provider's backup files (NNNNNN_sms_backup / _mms_backup)"
    path_globs = ("**/*_sms_backup", "**/*_mms_backup")
    #: the JSON keys are the provider's sms / pdu columns, in the same units
    time_units = AndroidSmsParser.time_units
    references = (
        "AOSP packages/providers/TelephonyProvider TelephonyBackupAgent.java (file names, JSON keys, deflate, units)",
        "mvt-project/mvt mvt/android/parsers/backup.py and tests/android/test_backup_parser.py (the fixtures)",
        "ALEAPP scripts/artifacts/smsmmsBackup.py",
    )

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            head = fh.read(4096)
        try:
            start = zlib.decompressobj().decompress(head, 64).lstrip()
        except zlib.error:
            return "not zlib-deflated (not a telephony backup file)"
        if start and not start.startswith(b"["):
            return "does not inflate to a JSON array (not a telephony backup file)"
        return None

    def parse(self, ctx):
        path = ctx.source.path
        with open(ctx.source.local_path, "rb") as fh:
            data = fh.read()
        try:
            objects = json.loads(inflate(data).decode("utf-8"))
        except TooLarge:
            ctx.warn_file(f"inflates beyond {MAX_JSON_BYTES:,} bytes; not read (a telephony backup file "
                          "holds 1000 text messages at most: a decompression bomb or not a backup)")
            return
        except (zlib.error, UnicodeDecodeError, ValueError) as exc:
            ctx.warn_file(f"not a readable telephony backup file ({type(exc).__name__}: {exc})")
            return
        if not isinstance(objects, list):
            ctx.warn_file(f"the JSON is not an array of messages")
            return
        ctx.lookups["threads"] = {t: t for t in (_thread(o) for o in objects if isinstance(o, dict)) if t}
        name = path.rsplit("/", 1)[-1].lower()
        table = "mms_backup" if name.endswith("_mms_backup") else "sms_backup"
        rows = ({"index": i, "json": obj} for i, obj in enumerate(objects))
        yield from ctx.map_rows(rows, backup_to_event, table=table, id_column="index")


@hookimpl
def register_parsers(register):
    register(AndroidSmsBackupParser)
