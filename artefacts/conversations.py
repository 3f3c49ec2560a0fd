"""Conversations: one row per conversation of each app on each evidence item, and what is in common.

``conversations`` (built from ``events`` by :func:`build`): evidence item, app, conversation id and
name, its participants (ids in ``participants``), first and last message, counts of events,
messages, incoming and outgoing events, calls, deleted and recovered events. Contact cards are not
conversations.

Views over it and the identity tables (see :mod:`artefacts.identities`):

* ``identities_in_common``: identities present on two or more evidence items (devices);
* ``conversations_between_devices``: conversations on one device with a participant whose identity
  owns another device in the case (the owners of two seized phones talking to each other).
"""

from __future__ import annotations

import json
import sqlite3

CONVERSATIONS_SQL = """CREATE TABLE conversations (conversation_key TEXT PRIMARY KEY, evidence_id TEXT, app TEXT,
conversation_id TEXT, conversation_name TEXT, participants TEXT, first_message TEXT, last_message TEXT,
events INTEGER, messages INTEGER, incoming INTEGER, outgoing INTEGER, calls INTEGER, deleted INTEGER,
recovered INTEGER)"""
IN_COMMON_SQL = """CREATE VIEW identities_in_common AS
SELECT identity_id, label, devices, evidence_ids, apps, participants, events, first_seen, last_seen
FROM identities WHERE devices >= 2"""
BETWEEN_DEVICES_SQL = """CREATE VIEW conversations_between_devices AS
SELECT c.evidence_id, c.app, c.conversation_id, c.conversation_name, o.value AS other_device, p.identity_id,
       c.first_message, c.last_message, c.messages
FROM conversations c, json_each(c.participants) cp
JOIN participants p ON p.participant_id = cp.value
JOIN participants q ON q.identity_id = p.identity_id AND q.owner_of IS NOT NULL, json_each(q.owner_of) o
WHERE o.value != c.evidence_id
GROUP BY c.conversation_key, o.value"""
TABLES = ("conversations",)
VIEWS = ("identities_in_common", "conversations_between_devices")


def key(evidence_id, app, conversation_id) -> str:
    return "|".join("" if v is None else str(v) for v in (evidence_id, app, conversation_id))


def build(con: sqlite3.Connection, senders, recipients, handles: dict) -> int:
    """Write ``conversations`` and its views from the passes of :mod:`artefacts.case` (``handles``: each
    ``(app, raw identifier)`` and its participant id); the number of conversations."""
    for name in VIEWS:
        con.execute(f"DROP VIEW IF EXISTS {name}")
    con.execute("DROP TABLE IF EXISTS conversations")
    con.execute(CONVERSATIONS_SQL)
    stats: dict[tuple, list] = {}
    members: dict[tuple, set] = {}
    for eid, app, cid, raw, name, contact, n, first, last, _out, messages, incoming, outgoing, calls, deleted, \
            recovered in senders:
        if contact or cid is None:
            continue
        k = (eid, app, cid)
        s = stats.get(k)
        if s is None:
            s = stats[k] = [name, first, last, 0, 0, 0, 0, 0, 0, 0]
        else:
            s[0] = name if s[0] is None or (name is not None and name > s[0]) else s[0]
            s[1] = first if s[1] is None or (first is not None and first < s[1]) else s[1]
            s[2] = last if s[2] is None or (last is not None and last > s[2]) else s[2]
        for i, v in enumerate((n, messages, incoming, outgoing, calls, deleted, recovered)):
            s[3 + i] += v or 0
        pid = handles.get((app, raw)) if raw else None
        if pid is not None:
            members.setdefault(k, set()).add(pid)
    for eid, app, cid, raw, *_ in recipients:
        pid = handles.get((app, raw))
        if pid is not None and (eid, app, cid) in stats:
            members.setdefault((eid, app, cid), set()).add(pid)
    rows = ((key(*k), *k, s[0], json.dumps(sorted(members.get(k, ()))), s[1], s[2], *s[3:])
            for k, s in sorted(stats.items(), key=lambda kv: tuple("" if v is None else str(v) for v in kv[0])))
    con.executemany(f"INSERT INTO conversations VALUES ({', '.join('?' * 15)})", rows)
    con.execute(IN_COMMON_SQL)
    con.execute(BETWEEN_DEVICES_SQL)
    return len(stats)
