"""Participants, identities and conversations (``artefacts/identities.py``, ``conversations.py``, ``case.py``):
identifiers normalised, identities linked only by what the data ties together (each link with its evidence),
conversations counted as the events are, and the same tables whether the workers or the writer group the
events, or a finished timeline is grouped afresh."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

import pytest
from click.testing import CliRunner

from artefacts.case import build_from_events
from artefacts.cli import cli
from artefacts.identities import normalise
from conftest import SAMPLE_DATA, reachable

CASE_TABLES = ("participants", "participant_handles", "identities", "identity_links", "conversations")
INPUTS = ("android.zip", "ios", "whatsapp/android", "whatsapp/ios", "telegram", "wire/ios", "wire/legacy",
          "wallets/metamask/android")


@pytest.mark.parametrize("app, raw, region, expected", [
    ("sms", "(312) 555-0164", "US", ("phone", "+13125550164")),
    ("sms", "07700 900123", "GB", ("phone", "+447700900123")),
    ("sms", "+44 7700 900123", None, ("phone", "+447700900123")),
    ("sms", "07700 900123", None, ("phone", "07700900123")),  # no region: digits as written, never guessed
    ("phone", "0049 30 23125000", "GB", ("phone", "+493023125000")),
    ("whatsapp", "447700900617@s.whatsapp.net", None, ("whatsapp_jid", "447700900617@s.whatsapp.net")),
    ("whatsapp", "447700900617:12@s.whatsapp.net", None, ("whatsapp_jid", "447700900617@s.whatsapp.net")),
    ("whatsapp", "123456789012345@lid", None, ("whatsapp_lid", "123456789012345@lid")),
    ("whatsapp", "120363025246125486@g.us", None, None),
    ("whatsapp", "status@broadcast", None, None),
    ("wechat", "20983764512@chatroom", None, None),
    ("telegram", "-1100000304", None, None),
    ("telegram", "5000000102", None, ("telegram_id", "5000000102")),
    ("signal", "0F3B5C8E-1A2B-4C3D-8E9F-0123456789AB", None, ("signal_aci", "0f3b5c8e-1a2b-4c3d-8e9f-0123456789ab")),
    ("wire", "6F4B304E-702A-466B-8255-972D647A3E4E@wire.com", None,
     ("app_user", "wire:6f4b304e-702a-466b-8255-972d647a3e4e@wire.com")),
    ("imessage", "Ines.Kim@Example.org", None, ("email", "ines.kim@example.org")),
    ("threema", "4AEX1GYJ", None, ("app_user", "threema:4AEX1GYJ")),
    ("metamask", "0x0F917C4D21F17F76E5115BDC115798FE48CD20FC", None,
     ("wallet", "0x0f917c4d21f17f76e5115bdc115798fe48cd20fc")),
    ("sms", "VERIFY", None, ("app_user", "sms:VERIFY")),
    ("sms", "", None, None),
])
def test_identifiers_are_normalised(app, raw, region, expected):
    assert normalise(app, raw, region) == expected


def _parse(tmp_path, name: str, *extra: str):
    out = tmp_path / f"{name}.sqlite"
    r = CliRunner().invoke(cli, ["parse", *(str(SAMPLE_DATA / i) for i in INPUTS), "-o", str(out), "-q",
                                 "--phone-region", "US", *extra])
    assert r.exit_code == 0, r.output
    return out


def _tables(path) -> dict:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in CASE_TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    return _parse(tmp_path_factory.mktemp("case"), "j2", "--jobs", "2")


def test_same_tables_from_workers_writer_and_a_finished_timeline(timeline, tmp_path):
    """Workers group their unit stores, the writer the rest; one job, two jobs, and grouping the finished
    timeline again give the same tables, row for row."""
    two = _tables(timeline)
    assert all(two[t] for t in CASE_TABLES)
    assert _tables(_parse(tmp_path, "j1", "--jobs", "1")) == two
    again = tmp_path / "again.sqlite"
    again.write_bytes(timeline.read_bytes())
    con = sqlite3.connect(again)
    counts = build_from_events(con, "US")
    con.commit()
    con.close()
    assert _tables(again) == two
    run_counts = json.loads(sqlite3.connect(timeline).execute("SELECT counts FROM run").fetchone()[0])
    assert {k: run_counts[k] for k in counts} == counts


def test_conversation_counts_are_the_events(timeline):
    """Each conversation's counts, first and last message, recomputed here from the events table."""
    con = sqlite3.connect(timeline)
    expected = {}
    for eid, app, cid, kind, direction, ts, deleted, recovered in con.execute(
            "SELECT evidence_id, app, conversation_id, kind, direction, timestamp, deleted, recovered FROM events "
            "WHERE kind != 'contact' AND conversation_id IS NOT NULL"):
        c = expected.setdefault((eid, app, cid), {"events": 0, "messages": 0, "incoming": 0, "outgoing": 0, "calls": 0,
                                                  "deleted": 0, "recovered": 0, "times": []})
        c["events"] += 1
        c["messages"] += kind == "message"
        c["calls"] += kind == "call"
        c["incoming"] += direction == "incoming"
        c["outgoing"] += direction == "outgoing"
        c["deleted"] += bool(deleted)
        c["recovered"] += bool(recovered)
        if ts:
            c["times"].append(ts)
    got = {}
    for row in con.execute("SELECT evidence_id, app, conversation_id, events, messages, incoming, outgoing, calls, "
                           "deleted, recovered, first_message, last_message FROM conversations"):
        got[row[:3]] = row[3:]
    con.close()
    assert len(got) == len(expected) > 100
    for k, c in expected.items():
        times = c.pop("times")
        assert got[k] == (*c.values(), min(times, default=None), max(times, default=None)), k


def test_identities_rest_on_links_with_evidence(timeline):
    """Every identity of several participants is connected by its links (never by names alone); a WhatsApp
    JID is linked to its phone number, and a Telegram contact card ties the user id, username and number."""
    con = sqlite3.connect(timeline)
    members = defaultdict(set)
    for pid, iid in con.execute("SELECT participant_id, identity_id FROM participants"):
        members[iid].add(pid)
    edges = defaultdict(set)
    links = con.execute("SELECT identity_id, participant_a, participant_b, reason, evidence, event_id FROM identity_links").fetchall()
    for iid, a, b, reason, evidence, event_id in links:
        assert reason in ("whatsapp_number", "contact_card") and evidence
        assert reason != "contact_card" or event_id
        edges[a].add(b)
        edges[b].add(a)
    for iid, pids in members.items():
        assert reachable(edges, min(pids)) == pids, iid
    value_of = dict(con.execute("SELECT participant_id, kind || ':' || value FROM participants"))
    pairs = {(r[3], frozenset((value_of[r[1]], value_of[r[2]]))) for r in links}
    assert ("whatsapp_number", frozenset(("whatsapp_jid:447700900617@s.whatsapp.net", "phone:+447700900617"))) in pairs
    card = con.execute("SELECT event_id FROM events WHERE app = 'telegram' AND kind = 'contact' "
                       "AND json_extract(extra, '$.username') = 'jose_a'").fetchone()[0]
    tied = {value_of[p] for r in links if r[5] == card for p in r[1:3]}
    assert tied == {"phone:+16175550102", "telegram_id:5000000102", "telegram_username:jose_a"}
    con.close()


def test_the_same_number_across_apps_and_devices_is_one_participant(timeline):
    con = sqlite3.connect(timeline)
    row = con.execute("SELECT apps, evidence_ids, identity_id FROM participants WHERE kind = 'phone' "
                      "AND value = '+13125550164'").fetchone()
    apps, devices, iid = json.loads(row[0]), json.loads(row[1]), row[2]
    assert {"sms", "imessage", "phone"} <= set(apps) and len(devices) >= 2
    # and its WhatsApp account is the same identity
    assert con.execute("SELECT identity_id FROM participants WHERE value = '13125550164@s.whatsapp.net'").fetchone()[0] == iid
    common = {r[0] for r in con.execute("SELECT identity_id FROM identities_in_common")}
    assert iid in common
    con.close()


def test_events_reference_participants(timeline):
    con = sqlite3.connect(timeline)
    event_id, sender, app = con.execute(
        "SELECT event_id, sender, app FROM events WHERE app = 'whatsapp' AND kind = 'message' AND sender IS NOT NULL "
        "ORDER BY rowid LIMIT 1").fetchone()
    rows = con.execute("SELECT p.kind, p.value, ep.role FROM event_participants ep JOIN participants p "
                       "ON p.participant_id = ep.participant_id WHERE ep.event_id = ?", (event_id,)).fetchall()
    assert ("whatsapp_jid", normalise(app, sender)[1], "sender") in rows
    con.close()


def test_owners_are_what_the_data_says(timeline):
    """The sender of a device's outgoing events, and a contact card marked as the user's own (Wire's self user)."""
    con = sqlite3.connect(timeline)
    owners = {(kind, value): json.loads(o) for kind, value, o in con.execute(
        "SELECT kind, value, owner_of FROM participants WHERE owner_of IS NOT NULL")}
    con.close()
    assert any(kind == "email" and value == "samowner@example.com" for kind, value in owners)
    assert any(kind == "telegram_id" for kind, _ in owners)
