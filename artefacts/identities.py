"""Participants and identities: who appears in a timeline, each identifier normalised, and which
identifiers the data itself ties together.

A **participant** is one normalised identifier (:data:`KINDS`): a phone number in E.164 (through
``phonenumbers``, with the run's default region for numbers written without a country code), an
e-mail address, a WhatsApp JID or LID, a Signal ACI, a Telegram user id or username, an app's own
user id (``app_user``: the app's name, a colon, its id), a wallet address. It is found in events'
``sender`` and ``recipients`` (read as the app writes them) and in contact cards; the same
identifier in two apps or on two devices is one participant. Group and broadcast addresses
(``@g.us``, ``@broadcast``, WeChat ``@chatroom``, negative Telegram ids) are conversations, not
people.

An **identity** links participants that the data ties together, each link with its reason and the
event it rests on; never a name alone:

* ``whatsapp_number``: a WhatsApp JID (``<number>@s.whatsapp.net``) names its account's phone
  number in international format (WhatsApp's JID scheme);
* ``contact_card``: one contact card (``kind = contact``) lists the identifiers, e.g. Telegram's
  user id, username and phone number, Wire's user id, handle and e-mail address;
* the same identifier in several apps or devices needs no link: it is one participant.

The device owner's own identifiers (``owner_of``) are those the data says are the owner's: the
sender of the evidence item's outgoing events, and a contact card marked as the user's own
(``self``).

Tables written (``build``): ``participants``, ``participant_handles`` (each raw identifier as an
app wrote it, and the participant it normalises to: what events reference participants by),
``identities``, ``identity_links``, and the view ``event_participants`` (event, participant, role).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict

#: kinds of identifier a participant can be
KINDS = ("phone", "email", "whatsapp_jid", "whatsapp_lid", "signal_aci", "telegram_id", "telegram_username",
         "app_user", "wallet")

#: domains of addresses that are conversations (groups, broadcast lists, channels), not people
_GROUP_DOMAINS = ("g.us", "broadcast", "newsletter", "chatroom", "temp")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PHONEISH = re.compile(r"\+?\(?\+?[0-9][0-9 ()./-]{4,}[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_WALLET = re.compile(r"0x[0-9a-fA-F]{40}")
#: contact-card ``extra`` keys naming a phone number, an e-mail address, a username or handle, an app user id
_CARD_PHONES = ("phone", "phones", "phonenumber", "phone_number", "number", "msisdn", "e164")
_CARD_EMAILS = ("email", "emails", "mail")
_CARD_USERNAMES = ("username", "handle")
_CARD_IDS = ("user_id", "whatsappid", "aci", "service_id", "serviceid")


def _phone(raw: str, region: str | None) -> tuple[str, str] | None:
    """``("phone", E.164)`` when ``phonenumbers`` reads ``raw`` as a possible number, else None."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return "phone", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise(app: str | None, raw, region: str | None = None) -> tuple[str, str] | None:
    """``(kind, value)`` of one identifier as ``app`` wrote it, or None when it names no person (a
    group, a broadcast list, an empty value). Never raises: an identifier of no known shape becomes
    ``app_user`` ``<app>:<identifier>``."""
    if raw is None or isinstance(raw, (bytes, float)):
        return None
    raw = str(raw).strip()
    if not raw or len(raw) > 512:
        return None
    app = app or "unknown"
    if "@" in raw and not raw.startswith("@"):
        user, _, domain = raw.rpartition("@")
        domain = domain.lower()
        if domain in _GROUP_DOMAINS or domain.endswith(".broadcast"):
            return None
        if domain in ("s.whatsapp.net", "c.us"):
            return "whatsapp_jid", user.split(":", 1)[0].split(".", 1)[0] + "@s.whatsapp.net"
        if domain == "lid":
            return "whatsapp_lid", user.split(":", 1)[0] + "@lid"
        if _UUID.fullmatch(user):  # Wire's qualified id (uuid@domain)
            return "app_user", f"{app}:{user.lower()}@{domain}"
        if _EMAIL.fullmatch(raw):
            return "email", raw.lower()
        return "app_user", f"{app}:{raw}"
    if _WALLET.fullmatch(raw):
        return "wallet", raw.lower()
    if app == "telegram" and re.fullmatch(r"-?[0-9]+", raw):
        return None if raw.startswith("-") else ("telegram_id", raw)
    if _UUID.fullmatch(raw):
        if app == "signal":
            return "signal_aci", raw.lower()
        if app == "wire":
            return "app_user", f"wire:{raw.lower()}@wire.com"
        return "app_user", f"{app}:{raw.lower()}"
    if _PHONEISH.fullmatch(raw) and sum(c.isdigit() for c in raw) >= 7:
        found = _phone(raw, region)
        if found:
            return found
        return "phone", "".join(c for c in raw if c.isdigit() or c == "+")  # no region: as written, digits only
    return "app_user", f"{app}:{raw}"


def _card_values(extra: dict, keys) -> list[str]:
    out = []
    for key, value in extra.items():
        if key.lower() in keys:
            for v in (value if isinstance(value, list) else [value]):
                if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip():
                    out.append(str(v))
    return out


class _Participants:
    """Participants met so far, by (kind, value), with their names, apps, devices, counts and times."""

    def __init__(self):
        self.ids: dict[tuple[str, str], int] = {}
        self.rows: list[dict] = []

    def get(self, kind_value: tuple[str, str]) -> int:
        pid = self.ids.get(kind_value)
        if pid is None:
            pid = self.ids[kind_value] = len(self.rows) + 1
            self.rows.append({"participant_id": pid, "kind": kind_value[0], "value": kind_value[1], "names": {},
                              "apps": set(), "evidence_ids": set(), "events": 0, "first_seen": None,
                              "last_seen": None, "owner_of": set()})
        return pid

    def seen(self, pid: int, app, evidence_id, name, events: int, first, last) -> None:
        row = self.rows[pid - 1]
        if app:
            row["apps"].add(app)
        if evidence_id:
            row["evidence_ids"].add(evidence_id)
        if name:
            key = (name, app, evidence_id)
            row["names"][key] = row["names"].get(key, 0) + events
        row["events"] += events
        if first and (row["first_seen"] is None or first < row["first_seen"]):
            row["first_seen"] = first
        if last and (row["last_seen"] is None or last > row["last_seen"]):
            row["last_seen"] = last


class _Links:
    """Union-find over participants, keeping every link with its evidence."""

    def __init__(self):
        self.parent: dict[int, int] = {}
        self.links: list[tuple[int, int, str, str, str | None, str | None, str | None]] = []
        self._seen: set = set()

    def find(self, a: int) -> int:
        root = a
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(a, a) != root:
            self.parent[a], a = root, self.parent[a]
        return root

    def link(self, a: int, b: int, reason: str, evidence: str, event_id=None, evidence_id=None, source_path=None):
        if a == b:
            return
        key = (min(a, b), max(a, b), reason)
        if key in self._seen:
            return
        self._seen.add(key)
        self.links.append((min(a, b), max(a, b), reason, evidence, event_id, evidence_id, source_path))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


PARTICIPANTS_SQL = """CREATE TABLE participants (participant_id INTEGER PRIMARY KEY, identity_id INTEGER, kind TEXT,
value TEXT, display_name TEXT, names TEXT, apps TEXT, evidence_ids TEXT, events INTEGER, first_seen TEXT,
last_seen TEXT, owner_of TEXT)"""
HANDLES_SQL = """CREATE TABLE participant_handles (app TEXT, raw TEXT, participant_id INTEGER,
PRIMARY KEY (app, raw)) WITHOUT ROWID"""
IDENTITIES_SQL = """CREATE TABLE identities (identity_id INTEGER PRIMARY KEY, label TEXT, participants INTEGER,
devices INTEGER, evidence_ids TEXT, apps TEXT, events INTEGER, first_seen TEXT, last_seen TEXT)"""
LINKS_SQL = """CREATE TABLE identity_links (identity_id INTEGER, participant_a INTEGER, participant_b INTEGER,
reason TEXT, evidence TEXT, event_id TEXT, evidence_id TEXT, source_path TEXT)"""
#: CROSS JOIN keeps SQLite's join order: events first, each handle found by its key. Left to choose, the
#: planner took the handles first and searched the events of each handle's app through ``events_app``,
#: whose sampled statistics (``analysis_limit``) put about 1,000 events on an app: on 1.2 M events
#: ``count(*)`` of the view ran for more than ten minutes, against 1.8 s in this order
#: (benchmarks/review.py, docs/review.md).
EVENT_PARTICIPANTS_SQL = """CREATE VIEW event_participants AS
SELECT e.event_id, h.participant_id, 'sender' AS role FROM events e
CROSS JOIN participant_handles h ON h.app = e.app AND h.raw = e.sender
UNION ALL
SELECT e.event_id, h.participant_id, 'recipient' AS role FROM events e CROSS JOIN json_each(e.recipients) j
CROSS JOIN participant_handles h ON h.app = e.app AND h.raw = j.value
WHERE e.recipients != '[]'"""
TABLES = ("participants", "participant_handles", "identities", "identity_links")


def build(con: sqlite3.Connection, senders, recipients, region: str | None = None) -> dict:
    """Write the participants and identities of the timeline in ``con`` (replacing earlier ones); counts.

    ``senders``: rows ``(evidence_id, app, conversation_id, sender, sender_name, is_contact, events, first,
    last, outgoing ...)`` and ``recipients``: rows ``(evidence_id, app, conversation_id, recipient, events,
    first, last)``, the passes of :mod:`artefacts.case` over the events."""
    for name in TABLES:
        con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute("DROP VIEW IF EXISTS event_participants")
    people = _Participants()
    links = _Links()
    handles: dict[tuple[str, str], int] = {}

    def handle(app, raw) -> int | None:
        key = (app, raw)
        if key in handles:
            return handles[key]
        found = normalise(app, raw, region)
        pid = handles[key] = people.get(found) if found else None
        if pid is not None and found[0] == "whatsapp_jid":  # the JID's user part is the phone number
            number = _phone("+" + found[1].split("@", 1)[0], None)
            if number:
                links.link(pid, people.get(number), "whatsapp_number",
                           f"WhatsApp JID {found[1]} is the account of {number[1]}")
        return pid

    # senders (with the names the events give them; the owner: the sender of outgoing events) and recipients
    for row in senders:
        eid, app, _cid, raw, name, _contact, n, first, last, outgoing = row[:10]
        pid = handle(app, raw) if raw else None
        if pid is not None:
            people.seen(pid, app, eid, name, n, first, last)
            if outgoing:
                people.rows[pid - 1]["owner_of"].add(eid)
    for eid, app, _cid, raw, n, first, last in recipients:
        pid = handle(app, raw)
        if pid is not None:
            people.seen(pid, app, eid, None, n, first, last)
    # contact cards: every identifier a card lists, linked
    for event_id, app, raw, name, eid, path, extra_text in con.execute(
            "SELECT event_id, app, sender, sender_name, evidence_id, source_path, extra FROM events WHERE kind = 'contact'"):
        try:
            extra = json.loads(extra_text) if extra_text else {}
        except ValueError:
            extra = {}
        extra = extra if isinstance(extra, dict) else {}
        found = []
        if raw:
            found.append(handle(app, raw))
        for value in _card_values(extra, _CARD_PHONES):
            found.append(_card_phone(people, value, region))
        for value in _card_values(extra, _CARD_EMAILS):
            found.append(people.get(("email", value.strip().lower())) if _EMAIL.fullmatch(value.strip()) else None)
        for value in _card_values(extra, _CARD_USERNAMES):
            kind = "telegram_username" if app == "telegram" else "app_user"
            found.append(people.get((kind, value.lstrip("@").lower() if kind == "telegram_username"
                                     else f"{app}:@{value.lstrip('@')}")))
        for value in _card_values(extra, _CARD_IDS):
            found.append(handle(app, value))
        found = [pid for pid in dict.fromkeys(found) if pid is not None]
        for pid in found:
            people.seen(pid, app, eid, name, 0, None, None)
            if extra.get("self") is True:
                people.rows[pid - 1]["owner_of"].add(eid)
        for other in found[1:]:
            links.link(found[0], other, "contact_card", f"contact card {event_id} lists both", event_id, eid, path)
    counts = _write(con, people, links, handles)
    return counts, handles


def _card_phone(people: _Participants, value: str, region: str | None) -> int | None:
    """A contact card's phone number: read with the default region, or, digits only, as international
    (Telegram keeps its users' numbers without the ``+``)."""
    value = value.strip()
    if not _PHONEISH.fullmatch(value):
        return None
    found = _phone(value, region) or (_phone("+" + value, None) if value.isdigit() else None)
    return people.get(found) if found else None


def _label(names: dict) -> str | None:
    if not names:
        return None
    return max(names.items(), key=lambda kv: (kv[1], kv[0][0]))[0][0]


def _write(con: sqlite3.Connection, people: _Participants, links: _Links, handles: dict) -> dict:
    identity_of = {row["participant_id"]: links.find(row["participant_id"]) for row in people.rows}
    con.execute(PARTICIPANTS_SQL)
    con.execute(HANDLES_SQL)
    con.execute(IDENTITIES_SQL)
    con.execute(LINKS_SQL)
    con.executemany("INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        (r["participant_id"], identity_of[r["participant_id"]], r["kind"], r["value"], _label(r["names"]),
         json.dumps([{"name": k[0], "app": k[1], "evidence_id": k[2], "events": n} for k, n in sorted(
             r["names"].items(), key=lambda kv: (-kv[1], [str(x) for x in kv[0]]))], ensure_ascii=False),
         json.dumps(sorted(r["apps"])), json.dumps(sorted(r["evidence_ids"])), r["events"], r["first_seen"],
         r["last_seen"], json.dumps(sorted(r["owner_of"])) if r["owner_of"] else None) for r in people.rows))
    con.executemany("INSERT INTO participant_handles VALUES (?, ?, ?)",
                    ((app, raw, pid) for (app, raw), pid in handles.items() if pid is not None and app is not None))
    members: dict[int, list[dict]] = defaultdict(list)
    for r in people.rows:
        members[identity_of[r["participant_id"]]].append(r)
    con.executemany("INSERT INTO identities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
        (iid, _label({k: n for r in rows for k, n in r["names"].items()}) or rows[0]["value"], len(rows),
         len(set().union(*(r["evidence_ids"] for r in rows))),
         json.dumps(sorted(set().union(*(r["evidence_ids"] for r in rows)))),
         json.dumps(sorted(set().union(*(r["apps"] for r in rows)))), sum(r["events"] for r in rows),
         min((r["first_seen"] for r in rows if r["first_seen"]), default=None),
         max((r["last_seen"] for r in rows if r["last_seen"]), default=None))
        for iid, rows in sorted(members.items())))
    con.executemany("INSERT INTO identity_links VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    ((identity_of[a], a, b, reason, evidence, event_id, eid, path)
                     for a, b, reason, evidence, event_id, eid, path in links.links))
    con.execute("CREATE INDEX participants_identity ON participants (identity_id)")
    con.execute("CREATE INDEX participant_handles_participant ON participant_handles (participant_id)")
    con.execute("CREATE INDEX identity_links_identity ON identity_links (identity_id)")
    con.execute(EVENT_PARTICIPANTS_SQL)
    return {"participants": len(people.rows), "identities": len(members), "identity_links": len(links.links)}
