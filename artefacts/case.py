"""The case tables of a SQLite timeline: participants, identities and conversations, built from its
events (see :mod:`artefacts.identities` and :mod:`artefacts.conversations`).

Two passes group the events inside SQLite: by evidence item, app, conversation and sender (with the
counts a conversation needs), and by evidence item, app, conversation and each recipient. Python
then reads only the groups, whose number grows with the people and conversations, not with the
events. The groups add up: ``parse`` has each worker group the events of its unit store when it
closes the store (:func:`group_into`, in parallel, on rows still in the page cache), the writer
collects those partial groups and groups the events it wrote itself, and :func:`build` adds the
partial groups up (:data:`COMBINE_SENDERS`) before writing the tables. :func:`build_from_events`
does both steps on a finished timeline (``merge``, old timelines).
"""

from __future__ import annotations

import sqlite3

from . import conversations, identities

#: partial groups of the events by sender (a unit store's, or the staging table in the timeline)
SENDERS_TABLE = "artefacts_case_senders"
RECIPIENTS_TABLE = "artefacts_case_recipients"
_SENDER_KEYS = "evidence_id, app, conversation_id, sender, sender_name, contact"
SENDERS_COLUMNS = (f"{_SENDER_KEYS}, events, first, last, outgoing_sent, messages, incoming, outgoing, calls, "
                   "deleted, recovered, conversation_name")
RECIPIENTS_COLUMNS = "evidence_id, app, conversation_id, recipient, events, first, last"

_SENDERS_SELECT = """SELECT evidence_id, app, conversation_id, sender, sender_name, kind = 'contact', count(*),
min(timestamp), max(timestamp), sum(direction = 'outgoing' AND sender IS NOT NULL AND sender != ''),
sum(kind = 'message'), sum(direction = 'incoming'), sum(direction = 'outgoing'), sum(kind = 'call'), sum(deleted),
sum(recovered), max(conversation_name)
FROM events WHERE {where} GROUP BY evidence_id, app, conversation_id, sender, sender_name, kind = 'contact'"""
_RECIPIENTS_SELECT = """SELECT e.evidence_id, e.app, e.conversation_id, j.value, count(*), min(e.timestamp),
max(e.timestamp) FROM events e, json_each(e.recipients) j
WHERE {where} AND e.recipients != '[]' AND json_valid(e.recipients) AND j.type = 'text' GROUP BY 1, 2, 3, 4"""
#: the partial groups added up
COMBINE_SENDERS = f"""SELECT {_SENDER_KEYS}, sum(events), min(first), max(last), sum(outgoing_sent), sum(messages),
sum(incoming), sum(outgoing), sum(calls), sum(deleted), sum(recovered), max(conversation_name)
FROM {{table}} GROUP BY {_SENDER_KEYS} ORDER BY {_SENDER_KEYS}"""
COMBINE_RECIPIENTS = """SELECT evidence_id, app, conversation_id, recipient, sum(events), min(first), max(last)
FROM {table} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"""


def group_into(con: sqlite3.Connection, senders: str = SENDERS_TABLE, recipients: str = RECIPIENTS_TABLE,
               rowids: tuple | None = None) -> None:
    """Append the groups of the ``events`` of ``con`` (``rowids``: only rows ``first`` to ``last``) to the
    tables ``senders`` and ``recipients`` (created if missing)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {senders} ({SENDERS_COLUMNS})")
    con.execute(f"CREATE TABLE IF NOT EXISTS {recipients} ({RECIPIENTS_COLUMNS})")
    where, params = "1", ()
    if rowids is not None:
        where, params = "rowid BETWEEN ? AND ?", rowids
    con.execute(f"INSERT INTO {senders} {_SENDERS_SELECT.format(where=where)}", params)
    con.execute(f"INSERT INTO {recipients} {_RECIPIENTS_SELECT.format(where=where.replace('rowid', 'e.rowid'))}", params)


def build(con: sqlite3.Connection, region: str | None = None, senders: str = SENDERS_TABLE,
          recipients: str = RECIPIENTS_TABLE) -> dict:
    """Write the case tables from the partial groups in ``senders`` and ``recipients`` (dropped after);
    their row counts."""
    sender_rows = con.execute(COMBINE_SENDERS.format(table=senders)).fetchall()
    recipient_rows = con.execute(COMBINE_RECIPIENTS.format(table=recipients)).fetchall()
    con.execute(f"DROP TABLE {senders}")
    con.execute(f"DROP TABLE {recipients}")
    counts, handles = identities.build(con, sender_rows, recipient_rows, region)
    # conversations carry their own name: the largest conversation_name of the group
    conv_rows = [(*row[:4], row[16], *row[5:16]) for row in sender_rows]
    counts["conversations"] = conversations.build(con, conv_rows, recipient_rows, handles)
    return counts


def build_from_events(con: sqlite3.Connection, region: str | None = None) -> dict:
    """Group a finished timeline's events and write its case tables (replacing earlier ones)."""
    senders, recipients = f"temp.{SENDERS_TABLE}", f"temp.{RECIPIENTS_TABLE}"
    con.execute(f"DROP TABLE IF EXISTS {senders}")
    con.execute(f"DROP TABLE IF EXISTS {recipients}")
    group_into(con, senders, recipients)
    return build(con, region, senders, recipients)
