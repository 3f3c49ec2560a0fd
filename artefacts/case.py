"""The case tables of a SQLite timeline: participants, identities and conversations, built from its
events (see :mod:`artefacts.identities` and :mod:`artefacts.conversations`).

One pass groups the events inside SQLite by evidence item, app, conversation, sender and list of
recipients, with the counts a conversation needs (one sort instead of a second pass that expands
every list of recipients: 1.2 M events, 3.1 s of CPU against 4.6). Python then reads only the
groups, whose number grows with the people and conversations, not with the events, and expands
each group's recipients. The groups add up: ``parse`` has each worker group the events of its unit store when it
closes the store (:func:`group_into`, in parallel, on rows still in the page cache), the writer
collects those partial groups and groups the events it wrote itself, and :func:`build` adds the
partial groups up (:data:`COMBINE_SENDERS`) before writing the tables. :func:`build_from_events`
does both steps on a finished timeline (``merge``, old timelines).
"""

from __future__ import annotations

import json
import sqlite3

from . import conversations, identities

#: partial groups of the events (a unit store's, or the staging table in the timeline)
GROUPS_TABLE = "artefacts_case_groups"
_KEYS = "evidence_id, app, conversation_id, sender, sender_name, contact, recipients"
GROUP_COLUMNS = (f"{_KEYS}, events, first, last, outgoing_sent, messages, incoming, outgoing, calls, deleted, "
                 "recovered, conversation_name")

_GROUP_SELECT = """SELECT evidence_id, app, conversation_id, sender, sender_name, kind = 'contact', recipients,
count(*), min(timestamp), max(timestamp), sum(direction = 'outgoing' AND sender IS NOT NULL AND sender != ''),
sum(kind = 'message'), sum(direction = 'incoming'), sum(direction = 'outgoing'), sum(kind = 'call'), sum(deleted),
sum(recovered), max(conversation_name)
FROM events WHERE {where} GROUP BY evidence_id, app, conversation_id, sender, sender_name, kind = 'contact', recipients"""
#: the partial groups added up
COMBINE = f"""SELECT {_KEYS}, sum(events), min(first), max(last), sum(outgoing_sent), sum(messages), sum(incoming),
sum(outgoing), sum(calls), sum(deleted), sum(recovered), max(conversation_name)
FROM {{table}} GROUP BY {_KEYS} ORDER BY {_KEYS}"""


def group_into(con: sqlite3.Connection, table: str = GROUPS_TABLE, rowids: tuple | None = None) -> None:
    """Append the groups of the ``events`` of ``con`` (``rowids``: only rows ``first`` to ``last``) to
    ``table`` (created if missing)."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({GROUP_COLUMNS})")
    where, params = "1", ()
    if rowids is not None:
        where, params = "rowid BETWEEN ? AND ?", rowids
    con.execute(f"INSERT INTO {table} {_GROUP_SELECT.format(where=where)}", params)


def _recipients(text) -> list[str]:
    if not text or text == "[]":
        return []
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, str))) if isinstance(value, list) else []


def build(con: sqlite3.Connection, region: str | None = None, table: str = GROUPS_TABLE) -> dict:
    """Write the case tables from the partial groups in ``table`` (dropped after); their row counts."""
    senders: dict[tuple, list] = {}
    recipients: dict[tuple, list] = {}
    for eid, app, cid, sender, name, contact, recipient_list, n, first, last, *counts, cname in con.execute(
            COMBINE.format(table=table)):
        row = senders.get((eid, app, cid, sender, name, contact))
        if row is None:
            senders[(eid, app, cid, sender, name, contact)] = [n, first, last, *counts, cname]
        else:
            _add(row, n, first, last, counts, cname)
        for raw in _recipients(recipient_list):
            r = recipients.get((eid, app, cid, raw))
            if r is None:
                recipients[(eid, app, cid, raw)] = [n, first, last]
            else:
                _add(r, n, first, last, (), None)
    con.execute(f"DROP TABLE {table}")
    sender_rows = [(*k[:4], k[4], k[5], *v[:-1], v[-1]) for k, v in senders.items()]
    recipient_rows = [(*k, *v) for k, v in recipients.items()]
    counts, handles = identities.build(con, sender_rows, recipient_rows, region)
    # conversations carry their own name: the largest conversation_name of the group
    conv_rows = [(*row[:4], row[16], *row[5:16]) for row in sender_rows]
    counts["conversations"] = conversations.build(con, conv_rows, recipient_rows, handles)
    return counts


def _add(row: list, n, first, last, counts, cname) -> None:
    """Add a group's figures to a running total: events, first, last, counts ..., name."""
    row[0] += n
    if first is not None and (row[1] is None or first < row[1]):
        row[1] = first
    if last is not None and (row[2] is None or last > row[2]):
        row[2] = last
    for i, v in enumerate(counts):
        row[3 + i] = (row[3 + i] or 0) + (v or 0)
    if cname is not None and (row[-1] is None or cname > row[-1]):
        row[-1] = cname


def build_from_events(con: sqlite3.Connection, region: str | None = None) -> dict:
    """Group a finished timeline's events and write its case tables (replacing earlier ones)."""
    table = f"temp.{GROUPS_TABLE}"
    con.execute(f"DROP TABLE IF EXISTS {table}")
    group_into(con, table)
    return build(con, region, table)
