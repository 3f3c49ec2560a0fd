"""Google Takeout, Hangouts: ``Takeout/Hangouts/Hangouts.json``.

A provider's data export (``origin = "provider"``). Layout, from public readers of the file (github
adrish96/Hangouts-JSON-Parser ``HangoutJsonParser.py``; the structure notes of dotcs' hangouts-log-reader
quoted in the project's search results): ``conversations`` is an array; each element has
``conversation.conversation`` (``participant_data``: ``id.gaia_id``, ``fallback_name``; ``name`` of a
named group) and ``events``; an event has ``sender_id.gaia_id``, ``timestamp`` (**microseconds since
1970 UTC, as a string**), ``conversation_id.id``, ``event_type`` and, for a message,
``chat_message.message_content.segment`` (``type`` ``TEXT``, ``LINK`` or ``LINE_BREAK``, ``text``).

Each event is an event of the timeline (``message`` when it has a ``chat_message``, else ``system``),
read as a stream (one event in memory, each at most 1 M characters of JSON); ``extra`` keeps
``event_type`` and the number of ``attachment`` entries. The participants must come before the events
in a conversation (as the readers above find them) for ``sender_name`` to be filled.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders.jsonstream import JsonStream, head_of, map_json_stream
from artefacts.events import NOT_A_TIME, SENT
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MICROSECONDS

__version__ = "1.0"

MAX_EVENT_CHARS = 1 << 20


def segments_text(content) -> str | None:
    if not isinstance(content, dict) or not isinstance(content.get("segment"), list):
        return None
    out = []
    for seg in content["segment"]:
        if not isinstance(seg, dict):
            continue
        if seg.get("type") == "LINE_BREAK":
            out.append("\n")
        elif isinstance(seg.get("text"), str):
            out.append(seg["text"])
    return "".join(out)


def event_to_event(row: dict, ctx) -> dict:
    ev, conv = row["event"], row["conversation"]
    raw = ev.get("timestamp")
    us = int(raw) if isinstance(raw, str) and raw.isdigit() else (raw if isinstance(raw, int) else None)
    if raw is not None and us is None:
        ctx.warn(f"timestamp {raw!r} is not a number of microseconds")
    ts = ctx.time(UNIX_MICROSECONDS, us, column="timestamp") if us is not None else None
    sender = (ev.get("sender_id") or {}).get("gaia_id") if isinstance(ev.get("sender_id"), dict) else None
    names = conv.get("names", {})
    message = ev.get("chat_message")
    content = message.get("message_content") if isinstance(message, dict) else None
    extra = {"event_type": ev.get("event_type")}
    if isinstance(content, dict) and isinstance(content.get("attachment"), list):
        extra["attachments_listed"] = len(content["attachment"])
    cid = (ev.get("conversation_id") or {}).get("id") if isinstance(ev.get("conversation_id"), dict) else None
    return {
        "timestamp": ts,
        "timestamp_raw": raw,
        "timestamp_desc": SENT if ts is not None else NOT_A_TIME,
        "kind": "message" if message is not None else "system",
        "conversation_id": cid or conv.get("id"),
        "conversation_name": conv.get("name"),
        "sender": sender,
        "sender_name": names.get(sender),
        "recipients": [p for p in names if p != sender],
        "body": segments_text(content),
        "extra": extra,
        "source_locator": f"conversations:index={row['conv_index']}:event={row['index']}",
    }


class TakeoutHangoutsParser(Parser):
    name = "takeout_hangouts"
    app = "hangouts"
    platform = "desktop"
    origin = "provider"
    description = "Google Takeout Hangouts/Hangouts.json: every conversation's events and messages, streamed"
    path_globs = ("**/Hangouts/Hangouts.json",)
    time_units = {"events.timestamp": UNIX_MICROSECONDS}
    references = ("github adrish96/Hangouts-JSON-Parser HangoutJsonParser.py",)

    def check_file(self, ctx) -> str | None:
        head = head_of(ctx)
        return None if b'"conversations"' in head else "no \"conversations\" list"

    def parse(self, ctx):
        yield from map_json_stream(ctx, self._rows, event_to_event, table="events", id_column="key",
                                   max_value=MAX_EVENT_CHARS, what="Hangouts.json")

    def _rows(self, s: JsonStream):
        for key in s.object_keys():
            if key == "conversations" and s.peek_kind() == "array":
                for ci in s.array_items():
                    if s.peek_kind() == "object":
                        yield from self._conversation(s, ci)

    @staticmethod
    def _conversation(s: JsonStream, ci: int):
        conv: dict = {"names": {}}
        for key in s.object_keys():
            if key == "conversation" and s.peek_kind() == "object":
                outer = s.value()
                inner = outer.get("conversation") if isinstance(outer, dict) else None
                if isinstance(inner, dict):
                    conv["name"] = inner.get("name")
                    conv["id"] = (inner.get("id") or {}).get("id") if isinstance(inner.get("id"), dict) else None
                    for p in inner.get("participant_data") or ():
                        gid = ((p or {}).get("id") or {}).get("gaia_id") if isinstance(p, dict) else None
                        if gid:
                            conv["names"][gid] = p.get("fallback_name")
            elif key == "events" and s.peek_kind() == "array":
                for i in s.array_items():
                    ev = s.value()
                    if isinstance(ev, dict):
                        yield {"key": f"{ci}:{i}", "conv_index": ci, "index": i, "event": ev, "conversation": conv}


@hookimpl
def register_parsers(register):
    register(TakeoutHangoutsParser)
