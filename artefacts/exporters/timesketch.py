"""Timesketch JSON Lines: one event per line with the fields Timesketch requires.

Timesketch imports ``.jsonl`` files whose every line has ``message`` (a human-readable
summary), ``datetime`` (ISO 8601 with an explicit offset), ``timestamp`` (integer microseconds
since 1970, UTC) and ``timestamp_desc``. Events without a time cannot be placed on its
timeline: they are counted and listed in the manifest, not written. Every timeline field is
kept beside those four, lists and objects as they are (``extra`` flattened one level as
``extra_<key>`` so that it can be searched and aggregated); ``event_id`` is renamed
``artefacts_event_id`` because Timesketch reserves ``_id``-like names only with a leading
underscore, which none of ours have, but keeps the source name recognisable.
"""

from __future__ import annotations

from .base import dumps
from .jsonl import JsonLinesExporter
from ..timeconv import parse_iso


def summary(event: dict) -> str:
    """The one-line ``message`` Timesketch shows for an event."""
    parts = [event["app"] or "", event["kind"] or ""]
    if event["direction"]:
        parts.append(event["direction"])
    who = event["sender_name"] or event["sender"]
    if who:
        parts.append(f"from {who}")
    if event["recipients"]:
        parts.append("to " + ", ".join(event["recipients"][:5]) + (" ..." if len(event["recipients"]) > 5 else ""))
    if event["conversation_name"]:
        parts.append(f"in {event['conversation_name']}")
    text = " ".join(p for p in parts if p)
    if event["body"]:
        text += f": {event['body']}"
    if event["attachments"]:
        text += f" [{len(event['attachments'])} attachment(s)]"
    return text


class TimesketchExporter(JsonLinesExporter):
    unit_stores = False  # untimed events are counted by the writer
    name = "timesketch"
    extensions = (".timesketch.jsonl",)
    description = "JSON Lines for Timesketch import (message, datetime, timestamp, timestamp_desc + all fields)"

    def open(self) -> None:
        super().open()
        self.untimed = 0

    def pack(self, event: dict) -> str:
        if event["timestamp"] is None:
            return ""
        line = {
            "message": summary(event),
            "datetime": event["timestamp"][:-1] + "+00:00",
            "timestamp": parse_iso(event["timestamp"]),
            "timestamp_desc": event["timestamp_desc"],
        }
        for key, value in event.items():
            if key == "event_id":
                line["artefacts_event_id"] = value
            elif key == "extra":
                for k, v in (value or {}).items():
                    line[f"extra_{k}"] = v
            elif key not in line:
                line[key] = value
        return dumps(line) + "\n"

    def write_packed(self, packed: str) -> None:
        if not packed:
            self.untimed += 1
            return
        super().write_packed(packed)

    def finish(self, run: dict) -> list:
        run = dict(run, timesketch={"events_without_time_not_written": self.untimed})
        return super().finish(run)
