"""Datasette metadata for a timeline, built from the timeline itself.

The title names the case (the ``run`` table's case numbers); tables get titles and descriptions,
the events' columns the descriptions of the event schema (``schemas/timeline.schema.json``, the one
definition of an event); ``events`` is faceted by app, kind, direction and device (evidence id),
and by participant (through the view ``event_participants``) when the case tables are there,
searched through its FTS5 index ``events_fts`` and sorted by time, newest first. Canned queries
answer the investigator's questions (docs/review.md); those that need a table the file does not
have (the case tables ``participants``, ``identities``, ``event_participants`` of issue #16,
written by artefacts/identities.py and artefacts/conversations.py, absent from older timelines; or
the indicators of a run with ``--no-indicators``) are left out rather than failing.

Datasette's metadata format (keys ``title``, ``databases.<db>.tables.<table>.facets``,
``fts_table``, ``sort_desc``, ``columns``, ``queries``, ``plugins``) is the one documented for
Datasette 0.65 ("Metadata", "Canned queries", "Full-text search" in docs.datasette.io).
"""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path

from ..schema import timeline_schema
from .display import zone, zone_name

PLUGIN = "artefacts"
EVENT_FACETS = ["app", "kind", "direction", "evidence_id"]
#: the derived case tables of issue #16 (artefacts/identities.py, artefacts/conversations.py) that the
#: identity queries and the participant facet need; ``event_participants`` is a view
PARTICIPANT_TABLES = ("participants", "event_participants")
#: the participant facet reads every event's participants (the view ``event_participants``): shown by
#: default up to this many events; above it (1.2 M events: 13 s, benchmarks/review.py) it is added to a
#: page with ``_facet_participant=event_id``
PARTICIPANT_FACET_MAX_EVENTS = 200_000
IDENTITY_TABLES = ("identities", "participants", "event_participants")

TABLES = {
    "events": ("Events", "Every message, call, contact and other record of every device, one row each. "
               "Times are stored in UTC and shown with their offset (timestamp_raw: the value as the app stored it). "
               "Click a conversation for its transcript."),
    "sources": ("Source files", "Every file the run used (databases, WAL and journal files, keys, attachments), "
                "per device, with its SHA-256 as found in the extraction."),
    "warnings": ("Warnings", "What the run could not read, one row per problem, naming the file and the reason."),
    "run": ("Runs", "One row per run of artefacts: tool and plugin versions, command line, case number, examiner, "
            "inputs with their hashes, counts."),
    "indicators": ("Indicators", "Crypto addresses, onion services, PGP keys, e-mail addresses, URLs and phone "
                   "numbers found in the events, one row per finding."),
    "indicator_summary": ("Indicators per conversation", "Each indicator value per device, app and conversation."),
    "indicator_devices": ("Indicators across devices", "Each indicator value with the devices it appears on."),
    "participants": ("Participants", "Every identifier (phone number, e-mail, app id ...) seen in the events and "
                     "contacts, normalised, with its names and where each came from."),
    "identities": ("Identities", "Identifiers the data itself ties to one person (same number, a contact card, "
                   "an app's own mapping); never by name alone."),
    "identity_links": ("Identity links", "Why two identifiers belong to one identity: the reason and the event or "
                       "file that shows it."),
    "event_participants": ("Event participants", "Which participant sent or received each event (a view over "
                           "participant_handles)."),
    "participant_handles": ("Participant handles", "Each identifier as an app wrote it, and its participant."),
    "identities_in_common": ("Identities in common", "Identities present on two or more devices (a view; the "
                             "canned query identities_between_devices narrows it to two given devices)."),
    "conversations_between_devices": ("Conversations between devices", "Conversations on one device with a "
                                      "participant whose identity owns another device of the case: the owners of "
                                      "two seized phones talking to each other."),
    "conversations": ("Conversations", "One row per conversation of each app on each device: participants, first and "
                      "last message, counts. Click a conversation for its transcript."),
}

COLUMNS = {
    "sources": {"evidence_id": "Device (evidence id)", "path": "Path inside the extraction",
                "role": "database, attachment, related file ...", "sha256": "SHA-256 of the file as found",
                "parsers": "Parsers that read it", "status": "What became of it", "note": "Why, when not parsed"},
    "warnings": {"evidence_id": "Device (evidence id)", "source_path": "File the warning is about",
                 "parser": "Parser that warned", "locator": "Where in the file", "message": "The reason"},
    "participants": {"kind": "phone (E.164), email, whatsapp_jid, whatsapp_lid, signal_aci, telegram_id, "
                     "telegram_username, app_user, wallet", "value": "The normalised identifier",
                     "display_name": "Name shown", "names": "Every name with the app and device it came from",
                     "owner_of": "Devices whose owner this identifier is, where the data says so"},
    "identity_links": {"reason": "Why the two identifiers are one person", "evidence": "What shows it",
                       "event_id": "Event that shows it", "source_path": "File that shows it"},
    "conversations": {"conversation_key": "device|app|conversation id", "participants": "participant_id list"},
}

QUERIES = {
    "conversation": {
        "title": "Conversation transcript",
        "description": "Every event of one conversation (device, app, conversation id) in time order, UTC. "
                       "The chat view is at /-/artefacts/conversation with the same parameters.",
        "sql": "SELECT timestamp, direction, kind, coalesce(sender_name, sender) AS sender, body, attachments, status, "
               "deleted, recovered, timestamp_raw, timestamp_desc, event_id, evidence_id, app, conversation_id, "
               "conversation_name FROM events WHERE evidence_id = :evidence_id AND app = :app "
               "AND conversation_id = :conversation_id ORDER BY timestamp, rowid",
    },
    "messages_per_day": {
        "title": "Messages per day (UTC)",
        "description": "Messages per UTC day, device and app, incoming and outgoing; device and app may be left "
                       "empty for all. The chart at /-/artefacts/activity counts days in any time zone.",
        "sql": "SELECT substr(timestamp, 1, 10) AS day_utc, evidence_id, app, count(*) AS messages, "
               "sum(direction = 'incoming') AS incoming, sum(direction = 'outgoing') AS outgoing "
               "FROM events WHERE kind = 'message' AND timestamp IS NOT NULL "
               "AND (:evidence_id = '' OR evidence_id = :evidence_id) AND (:app = '' OR app = :app) "
               "GROUP BY day_utc, evidence_id, app ORDER BY day_utc, evidence_id, app",
    },
    "around_date": {
        "title": "Everything around a date",
        "description": "Every event from `hours` hours before `date` to `hours` hours after it (UTC; default 24). "
                       "A bare day (2023-03-06) means the whole day plus the window on each side; a time "
                       "(2023-03-06T22:07:49Z) the window around that moment.",
        "sql": "SELECT timestamp, evidence_id, app, kind, direction, conversation_name, "
               "coalesce(sender_name, sender) AS sender, body, attachments, deleted, recovered, event_id, "
               "conversation_id FROM events WHERE timestamp >= strftime('%Y-%m-%dT%H:%M:%S.000000Z', :date, "
               "'-' || coalesce(nullif(:hours, ''), 24) || ' hours') AND timestamp <= strftime('%Y-%m-%dT%H:%M:%S.999999Z', "
               ":date, CASE WHEN length(:date) = 10 THEN '+1 day' ELSE '+0 days' END, CASE WHEN length(:date) = 10 "
               "THEN '-1 second' ELSE '+0 seconds' END, '+' || coalesce(nullif(:hours, ''), 24) || ' hours') "
               "ORDER BY timestamp, rowid",
    },
}
INDICATOR_QUERIES = {
    "indicators_in_common": {
        "title": "Indicators in common across devices",
        "description": "Crypto addresses, onion services, PGP keys, e-mail addresses, URLs and phone numbers found "
                       "on two or more devices.",
        "sql": "SELECT kind, normalised, devices, evidence_ids, events, first_seen, last_seen FROM indicator_devices "
               "WHERE devices >= 2 ORDER BY devices DESC, events DESC, kind, normalised",
    },
}
IDENTITY_QUERIES = {
    "identities_between_devices": {
        "title": "Identities in common between devices",
        "description": "People (identities) present on two or more devices, with their identifiers; give one or two "
                       "devices (evidence ids) to see only those present on both, or leave them empty.",
        "sql": "SELECT i.identity_id, i.label, i.devices, i.evidence_ids, i.apps, i.events, i.first_seen, i.last_seen, "
               "(SELECT group_concat(p.kind || ':' || p.value, ', ') FROM participants p "
               "WHERE p.identity_id = i.identity_id) AS identifiers FROM identities i WHERE i.devices >= 2 "
               "AND (:device_a = '' OR EXISTS (SELECT 1 FROM json_each(i.evidence_ids) WHERE value = :device_a)) "
               "AND (:device_b = '' OR EXISTS (SELECT 1 FROM json_each(i.evidence_ids) WHERE value = :device_b)) "
               "ORDER BY i.devices DESC, i.events DESC, i.identity_id",
    },
    "identity_events": {
        "title": "All events of one identity",
        "description": "Every event that one identity (identity_id) sent or received, on every device and app, "
                       "with the identifier it used.",
        # one pass over the view (the participants' condition is pushed into both of its arms), each
        # event then found by its id: 2.6 s on 1.2 M events, where letting SQLite choose materialised
        # the view and walked the events by time (over 20 s; benchmarks/review.py)
        "sql": "SELECT e.timestamp, ep.role, p.kind AS identifier_kind, p.value AS identifier, e.evidence_id, e.app, "
               "e.kind, e.direction, e.conversation_name, coalesce(e.sender_name, e.sender) AS sender, e.body, "
               "e.event_id, e.conversation_id FROM event_participants ep "
               "CROSS JOIN participants p ON p.participant_id = ep.participant_id "
               "CROSS JOIN events e ON e.event_id = ep.event_id WHERE ep.participant_id IN "
               "(SELECT participant_id FROM participants WHERE identity_id = :identity_id) "
               "ORDER BY e.timestamp, e.rowid",
    },
}


def database_name(path: Path) -> str:
    """The name Datasette gives a database file (its stem)."""
    return Path(path).stem


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _case_facts(con: sqlite3.Connection, tables: set[str]) -> dict:
    """Case numbers, examiners and run count from ``run`` (several rows once runs are merged)."""
    if "run" not in tables:
        return {"case_numbers": [], "examiners": [], "runs": 0}
    cols = {r[1] for r in con.execute("PRAGMA table_info(run)")}

    def distinct(col):
        if col not in cols:
            return []
        return [r[0] for r in con.execute(f"SELECT DISTINCT [{col}] FROM run WHERE [{col}] IS NOT NULL AND [{col}] != '' "
                                          f"ORDER BY rowid")]

    return {"case_numbers": distinct("case_number"), "examiners": distinct("examiner"),
            "runs": con.execute("SELECT count(*) FROM run").fetchone()[0]}


def _event_columns() -> dict[str, str]:
    props = timeline_schema()["properties"]
    return {name: spec.get("description", "") for name, spec in props.items()}


def build_metadata(path: Path, timezone: str | None = None) -> dict:
    """Datasette metadata for the timeline at ``path`` (read through an immutable, read-only connection)."""
    tz = zone(timezone)  # UnknownZone before anything starts
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        tables = _tables(con)
        case = _case_facts(con, tables)
        # rowids are 1..n in a timeline (events are only appended): the count without reading the table
        events = con.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0 if "events" in tables else 0
    finally:
        con.close()
    title = "artefacts timeline"
    if case["case_numbers"]:
        title = f"Case {', '.join(case['case_numbers'])}: {title}"
    description = (f"<p>{escape(Path(path).name)}, served read-only. Times are UTC unless stated; the "
                   f"<a href=\"/-/artefacts/activity\">events-per-day chart</a> and the conversation transcripts "
                   f"(click a conversation name in <em>events</em>) show them in {escape(zone_name(tz))}.</p>")
    if case["examiners"]:
        description += f"<p>Examiner: {escape(', '.join(case['examiners']))}.</p>"
    has_participants = all(t in tables for t in PARTICIPANT_TABLES)

    table_meta: dict[str, dict] = {}
    for name, (label, text) in TABLES.items():
        if name in tables:
            table_meta[name] = {"title": label, "description": text}
            if name in COLUMNS:
                table_meta[name]["columns"] = COLUMNS[name]
    if "events" in tables:
        facets: list = list(EVENT_FACETS)
        if has_participants and events <= PARTICIPANT_FACET_MAX_EVENTS:
            facets.append({"participant": "event_id"})
        table_meta["events"].update({
            "sort_desc": "timestamp",
            "facets": facets,
            "columns": _event_columns(),
        })
        if "events_fts" in tables:
            table_meta["events"].update({"fts_table": "events_fts", "fts_pk": "rowid"})
    if "conversations" in tables:
        table_meta["conversations"].update({"sort_desc": "last_message", "facets": ["evidence_id", "app"]})
    if "participants" in tables:
        table_meta["participants"].update({"sort_desc": "events", "facets": ["kind"]})
    if "identities" in tables:
        table_meta["identities"].update({"sort_desc": "devices"})
    if "sources" in tables:
        table_meta["sources"]["facets"] = ["evidence_id", "role"]
    if "warnings" in tables:
        table_meta["warnings"]["facets"] = ["evidence_id", "parser"]

    queries = dict(QUERIES) if "events" in tables else {}
    if "indicator_devices" in tables:
        queries.update(INDICATOR_QUERIES)
    if "events" in tables and all(t in tables for t in IDENTITY_TABLES):
        queries.update(IDENTITY_QUERIES)
    return {
        "title": title,
        "description_html": description,
        "databases": {database_name(path): {"tables": table_meta, "queries": queries}},
        "plugins": {PLUGIN: {"timezone": zone_name(tz), "case_numbers": case["case_numbers"]}},
    }


def metadata_json(path: Path, timezone: str | None = None) -> str:
    return json.dumps(build_metadata(path, timezone), indent=2, ensure_ascii=False)
