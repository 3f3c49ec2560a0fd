"""Timeline events: field order, defaults, time descriptions and stable ids.

A parser's row mapping returns a plain ``dict`` with the app fields it knows
(``timestamp``, ``kind``, ``body`` ...) and a ``source_locator``; the host
completes it with provenance (evidence id, source file, hash, parser) and the
defaults below, then computes ``event_id``.
"""

from __future__ import annotations

import hashlib

from .schema import event_fields

#: Field names in the order of ``schemas/timeline.schema.json``.
FIELDS: tuple[str, ...] = event_fields()

#: Value of every field an event mapping leaves out. Lists and dicts are shared
#: constants and must never be mutated; mappings build their own.
DEFAULTS: dict = {
    "event_id": None,
    "timestamp": None,
    "timestamp_raw": None,
    "timestamp_desc": "Not a time",
    "app": None,
    "platform": None,
    "origin": "device",
    "kind": "other",
    "direction": None,
    "conversation_id": None,
    "conversation_name": None,
    "sender": None,
    "sender_name": None,
    "recipients": (),
    "body": None,
    "attachments": (),
    "status": None,
    "deleted": False,
    "recovered": False,
    "evidence_id": None,
    "source_path": None,
    "source_sha256": None,
    "source_locator": None,
    "parser": None,
    "extra": {},
}
assert set(DEFAULTS) == set(FIELDS), "events.DEFAULTS must follow the schema"

# What a timestamp means (plaso's wording where plaso has one).
SENT = "Sent Time"
RECEIVED = "Received Time"
CREATED = "Creation Time"
CALL_START = "Call Start Time"
MODIFIED = "Modification Time"
NOT_A_TIME = "Not a time"

INCOMING = "incoming"
OUTGOING = "outgoing"


#: the fields whose values are text (or null) in every output, and the types no output can hold as text
TEXT_FIELDS = ("conversation_id", "conversation_name", "sender", "sender_name", "body", "status", "source_locator")
_BINARY = (bytes, bytearray, memoryview)
#: an attachment's text members (``sha256`` is the host's own)
ATTACHMENT_TEXT = ("name", "mime_type", "path")
MAX_WRITABLE_DEPTH = 64


def needs_text(event: dict) -> bool:
    """Whether a field of ``event`` holds a value of a type the schema does not allow there: bytes or a number in a
    text field (a BLOB or a real where the app keeps text: damage, a carved row, a hostile store), a recipient that
    is not text, an attachment size that is not a whole number. Cheap (under 0.5 µs): the host asks it of every
    event."""
    for f in TEXT_FIELDS:
        v = event[f]
        if v is not None and type(v) is not str:
            return True
    for r in event["recipients"]:
        if type(r) is not str:
            return True
    for a in event["attachments"]:
        if type(a) is not dict:
            return True
        size = a.get("size")
        if size is not None and type(size) is not int:
            return True
        for key in ATTACHMENT_TEXT:
            v = a.get(key)
            if v is not None and type(v) is not str:
                return True
    return False


def _writable(value, path: str, changed: list, depth: int = 0):
    if type(value) in _BINARY:
        data = bytes(value)
        try:
            text = data.decode("utf-8")
            changed.append(f"{path}: UTF-8 bytes as text")
            return text
        except UnicodeDecodeError:
            changed.append(f"{path}: bytes as hex")
            return data.hex()
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        changed.append(f"{path}: {value} as text")
        return str(value)
    if depth >= MAX_WRITABLE_DEPTH:
        return value
    if not isinstance(value, dict) and callable(getattr(value, "keys", None)):  # a row (sqlite3.Row) of child rows
        try:
            value = {k: value[k] for k in value.keys()}
        except Exception:
            pass
    if isinstance(value, dict):
        return {str(k): _writable(v, f"{path}.{k}", changed, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_writable(v, f"{path}[{i}]", changed, depth + 1) for i, v in enumerate(value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    changed.append(f"{path}: {type(value).__name__} as text")
    return str(value)[:4096]


def make_writable(event: dict) -> list[str]:
    """Turn, in place, what no output can write as the schema says into text: bytes (UTF-8 decoded when they are
    UTF-8, else hex), numbers in text fields and recipients, infinite or NaN numbers, other objects; an attachment
    size that is not a whole number becomes null (its value named in the note). The changes are listed in
    ``extra.coerced`` and returned (``"body: bytes as hex"`` ...), so that the row is kept and says what was done."""
    changed: list[str] = []
    for key in FIELDS:
        if key != "extra":
            event[key] = _writable(event[key], key, changed)
    for key in TEXT_FIELDS:
        value = event[key]
        if value is not None and not isinstance(value, str):
            changed.append(f"{key}: {type(value).__name__} {str(value)[:40]} as text")
            event[key] = str(value)
    if isinstance(event["recipients"], list):
        for i, r in enumerate(event["recipients"]):
            if not isinstance(r, str):
                changed.append(f"recipients[{i}]: {type(r).__name__} as text")
                event["recipients"][i] = "" if r is None else str(r)
    if isinstance(event["attachments"], list):
        for i, a in enumerate(event["attachments"]):
            if not isinstance(a, dict):
                continue
            if a.get("size") is not None and type(a["size"]) is not int:
                changed.append(f"attachments[{i}].size: {str(a['size'])[:40]} is not a whole number, null")
                a["size"] = None
            for key in ATTACHMENT_TEXT:
                if a.get(key) is not None and not isinstance(a[key], str):
                    changed.append(f"attachments[{i}].{key}: {type(a[key]).__name__} as text")
                    a[key] = str(a[key])
    extra = _writable(event["extra"], "extra", changed)
    if changed:
        extra = dict(extra) if isinstance(extra, dict) else {"value": extra}
        extra["coerced"] = changed[:100]
    event["extra"] = extra
    return changed


#: the most columns and characters (or bytes) per value an unmapped row keeps
MAX_UNMAPPED_COLUMNS = 256
MAX_UNMAPPED_VALUE = 65_536


def unmapped_row_event(row, exc: BaseException, locator: str) -> dict:
    """The event that keeps a row its mapping could not read (a value of an unexpected storage class): kind
    ``other``, no time, the row's stored values in ``extra.unmapped_row`` (bytes as hex or UTF-8 text, each value
    capped), the mapping's error in ``extra.mapping_error``."""
    try:
        items = list(row.items()) if isinstance(row, dict) else [(k, row[k]) for k in row.keys()]
    except Exception:  # not a row of named columns
        items = [("value", row)]
    stored = {}
    for key, value in items[:MAX_UNMAPPED_COLUMNS]:
        if str(key).startswith("_") and isinstance(value, (dict, list, tuple, set, frozenset)):
            continue  # a parser's own lookup handed along with the row (``_names`` ...), not a stored value
        if isinstance(value, (str, bytes)) and len(value) > MAX_UNMAPPED_VALUE:
            value = value[:MAX_UNMAPPED_VALUE]
        stored[str(key)] = _writable(value, str(key), [])
    return {"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other", "body": None,
            "extra": {"unmapped_row": stored, "mapping_error": f"{type(exc).__name__}: {exc}"[:1000]},
            "source_locator": locator}


def make_event_id(evidence_id: str, source_path: str, locator: str, kind: str, desc: str) -> str:
    """A stable id: the same record of the same extraction gets the same id in every run."""
    return event_id_of("\x1f".join((evidence_id, source_path, locator, kind, desc)))


def event_id_of(key: str) -> str:
    """The id of a composed event key (also called from SQL by the SQL mappings)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def put_present(extra: dict, key: str, value, *, keep_empty: bool = False) -> None:
    """``extra[key] = value`` unless the value is absent: ``None``, or ``""`` too unless ``keep_empty``."""
    if value is not None and (keep_empty or value != ""):
        extra[key] = value


def contact_event(address, name, body, extra: dict, locator: str) -> dict:
    """The mapping of an address-book entry: a ``contact`` event with no time ("Not a time").

    ``address`` is the app's id of the person (a JID, a number), used as conversation and sender
    so that a reviewer can join contacts to the conversations they appear in.
    """
    return {
        "timestamp": None,
        "timestamp_raw": None,
        "timestamp_desc": NOT_A_TIME,
        "kind": "contact",
        "conversation_id": address,
        "conversation_name": name,
        "sender": address,
        "sender_name": name,
        "body": body,
        "extra": extra,
        "source_locator": locator,
    }


_THE_ADDRESS = object()


def wallet_event(address, *, timestamp, timestamp_raw, timestamp_desc, extra: dict, locator: str | None = None,
                 name=None, body=_THE_ADDRESS) -> dict:
    """An address the device's wallet owns: a ``wallet`` event whose sender is the address (so that
    transactions and indicators join to it); ``body`` defaults to the address."""
    event = {
        "timestamp": timestamp,
        "timestamp_raw": timestamp_raw,
        "timestamp_desc": timestamp_desc,
        "kind": "wallet",
        "sender": address,
        "sender_name": name,
        "body": address if body is _THE_ADDRESS else body,
        "extra": extra,
    }
    if locator is not None:
        event["source_locator"] = locator
    return event


def attachment(name=None, mime_type=None, size=None, path=None, sha256=None) -> dict:
    """One entry of an event's ``attachments`` list."""
    return {"name": name, "mime_type": mime_type, "size": size, "path": path, "sha256": sha256}


def duration_text(seconds) -> str:
    """A call duration for a human: ``"1 h 2 min 5 s"``; ``"0 s"`` for none (whole seconds, floored)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
        return "0 s"
    minutes, sec = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{sec} s" if sec else ""]
    return " ".join(p for p in parts if p) or "0 s"


def number_call_event(ctx, unit, start, column: str, number, name, direction, label: str, status, extra: dict) -> dict:
    """A call of a phone-number call log (Android ``calls`` and the apps that copy its layout): the other
    party is the sender of an incoming call and the one recipient of any other."""
    incoming = direction == INCOMING
    return {
        "timestamp": ctx.time(unit, start, column=column),
        "timestamp_raw": start,
        "timestamp_desc": CALL_START,
        "kind": "call",
        "direction": direction,
        "conversation_id": number,
        "conversation_name": name,
        "sender": number if incoming else None,
        "sender_name": name if incoming else None,
        "recipients": [number] if not incoming and number else [],
        "body": label,
        "status": status,
        "extra": extra,
    }


def time_pair(ctx, extra: dict, name: str, raw, column: str, unit) -> None:
    """``extra[name_time]`` (the timeline form) and ``extra[name_raw]`` of a secondary time column; 0/NULL = not set."""
    if raw is None or raw == 0:
        return
    extra[f"{name}_time"] = ctx.time(unit, raw, column=column)
    extra[f"{name}_raw"] = raw


def container_attachment(ctx, root: str, row, detail: dict) -> dict:
    """The attachment of an iOS ``attachment`` row that keeps its file path relative to an app folder ``root``
    of the extraction (Signal-iOS ``model_TSAttachment`` and its fork Session's ``attachment``: columns
    ``sourceFilename``, ``contentType``, ``byteCount``, ``localRelativeFilePath``, ``caption``): hashed when
    the file is there, else the stored relative path (or none). Adds ``caption`` and
    ``local_relative_file_path`` to ``detail``."""
    rel = row["localRelativeFilePath"]
    if row["caption"]:
        detail["caption"] = row["caption"]
    kw = {"name": row["sourceFilename"], "mime_type": row["contentType"], "size": row["byteCount"]}
    if rel:
        detail["local_relative_file_path"] = rel
        full = f"{root}/{rel.lstrip('/')}"
        if ctx.extraction.lookup(full) is not None:
            return ctx.attachment(full, **kw)
    return attachment(**kw, path=rel or None, sha256=None)
