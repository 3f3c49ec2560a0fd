"""Indicators: checksum-validated cryptocurrency addresses, onion services, PGP keys, e-mail addresses,
URLs and phone numbers found in every event of a timeline.

:func:`scan_event` looks at the text an investigator reads (body, conversation name, attachment
names, the name and address of a contact) and at every text value of ``extra``; phone numbers only
in the first group (addresses in ``extra`` are the app's own fields, not text someone wrote).
:mod:`.scanner` holds the formats and their checks, :mod:`.codecs` the checksums.

Plugins add kinds through the ``register_indicators`` hook: ``register(name, detector)`` with
``detector(text) -> iterable of Found``.
"""

from __future__ import annotations

import json

from .scanner import SKIP_KEY, Found, candidate, scan_text

__all__ = ["Found", "scan_text", "scan_event", "INDICATOR_FIELDS", "CRYPTO_KINDS"]

#: one indicator row (the ``indicators`` table and the JSON outputs)
INDICATOR_FIELDS = ("event_id", "evidence_id", "app", "conversation_id", "timestamp", "field", "kind", "value",
                    "normalised", "start", "end", "validated", "details")
#: kinds that are cryptocurrency addresses
CRYPTO_KINDS = ("bitcoin", "litecoin", "dogecoin", "dash", "tron", "zcash", "ethereum", "monero", "bitcoin_cash")
#: kinds whose ``extra`` is scanned for addresses written as runs of letters and digits (a wallet's
#: transaction, a browser's visit ...); in messages ``extra`` holds the app's ids and digests, and is
#: scanned for URLs, onions, PGP blocks, e-mail and ``0x`` addresses only
EXTRA_ADDRESS_KINDS = frozenset({"transaction", "wallet", "contact", "visit", "bookmark", "download", "cookie", "other"})
#: text fields scanned (phone numbers: in the body only)
TEXT_FIELDS = ("body", "conversation_name", "sender_name")
MAX_EXTRA_VALUES = 500


def _extra_texts(value, path: str, out: list, depth: int = 0) -> None:
    if len(out) >= MAX_EXTRA_VALUES or depth > 12:
        return
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, dict):
        for k, v in value.items():
            if k == "decrypted_from" or SKIP_KEY.search(k):  # the host's provenance; digests and ids
                continue
            _extra_texts(v, f"{path}.{k}", out, depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _extra_texts(v, f"{path}[{i}]", out, depth + 1)


def _loads(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def event_texts(event: dict) -> list[tuple[str, str, bool, bool]]:
    """``(field, text, phones, runs)`` of an event: what the scanner reads, whether phone numbers count
    there, and whether addresses written as runs of letters and digits do (see :func:`.scanner.candidate`)."""
    contact = event.get("kind") == "contact"
    # phone numbers only where someone wrote them (a body) or where a contact card holds them; a
    # conversation or sender name that is a number is the app's address of the chat, not a finding
    texts = [(f, event.get(f), f == "body", True) for f in TEXT_FIELDS]
    if contact:
        texts.append(("sender", event.get("sender"), True, True))
    atts = _loads(event.get("attachments")) or []
    if isinstance(atts, list):
        for i, a in enumerate(atts[:100]):
            if isinstance(a, dict):
                texts.append((f"attachments[{i}].name", a.get("name"), False, True))
    extra = event.get("extra")
    if extra:
        if isinstance(extra, str) and not scanner_prefilter(extra, event.get("kind")):
            extra = None  # nothing in the JSON text can match: skip decoding it
        extra = _loads(extra)
        if isinstance(extra, dict):
            found: list = []
            _extra_texts(extra, "extra", found)
            runs = event.get("kind") in EXTRA_ADDRESS_KINDS
            texts.extend((p, t, False, runs) for p, t in found)
    return [entry for entry in texts if isinstance(entry[1], str) and entry[1]]


def scanner_prefilter(text: str, kind: str | None = None) -> bool:
    """Whether the JSON text of an event's ``extra`` can hold an indicator (digest and id fields left out)."""
    return candidate(text, json_text=True, runs=kind in EXTRA_ADDRESS_KINDS)


def scan_event(event: dict, *, region: str | None = None, detectors=()) -> list[dict]:
    """The indicator rows of one event (an event dict, or a row of the events table with JSON text)."""
    rows = []
    for field_name, text, phones, runs in event_texts(event):
        for f in scan_text(text, region=region, phones=phones, extra_detectors=detectors, runs=runs):
            rows.append({
                "event_id": event.get("event_id"), "evidence_id": event.get("evidence_id"), "app": event.get("app"),
                "conversation_id": event.get("conversation_id"), "timestamp": event.get("timestamp"),
                "field": field_name, "kind": f.kind, "value": f.value, "normalised": f.normalised,
                "start": f.start, "end": f.end, "validated": bool(f.validated), "details": f.details or {},
            })
    return rows
