"""The two-device sample case (``sample_data/case/``, ``artefacts/synthetic/case.py``): an Android and an iOS
extraction whose owners talk to each other over SMS, WhatsApp and Signal and share contacts, parsed into one
timeline with their keys. The identities link each shared person across apps and devices with evidence, the
owners' identities are in common and their conversations are between the devices, and every conversation's
counts equal the generator's manifest (counted from its plan, not by a parser)."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
from collections import defaultdict

import pytest
from click.testing import CliRunner

from artefacts.cli import cli
from conftest import REPO, SAMPLE_DATA, reachable

CASE = SAMPLE_DATA / "case"
SEED = 2024  # sample_data/generate.py


def _manifest() -> dict:
    return json.loads((CASE / "MANIFEST.json").read_text(encoding="utf-8"))


def _readme_command() -> list[str]:
    """The examiner's guide's command line for the case, which passes the keys of KEYS.txt and the manifest's region."""
    lines = [line for line in (REPO / "docs" / "examiner.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("artefacts parse sample_data/case/")]
    assert len(lines) == 1
    args = shlex.split(lines[0])[1:]
    keys = re.findall(r"--key (\S+)", (CASE / "KEYS.txt").read_text(encoding="utf-8"))
    assert {k.split("=", 1)[0] for k in keys} == {"signal", "signal_ios"}
    assert [a for prev, a in zip(args, args[1:]) if prev == "--key"] == keys
    assert args[args.index("--default-region") + 1] == _manifest()["default_region"]
    return args


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    """The guide's command, run from the repository root (its output in a temporary folder)."""
    out = tmp_path_factory.mktemp("case") / "case.sqlite"
    args = _readme_command()
    args[args.index("-o") + 1] = str(out)
    args = [str(REPO / a) if a.startswith("sample_data/") else a for a in args]
    r = CliRunner().invoke(cli, [*args, "-q"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    yield con
    con.close()


def test_the_manifest_is_the_generators(tmp_path):
    """The committed manifest is what the generator's plan gives (the extractions are rebuilt from that plan)."""
    from artefacts.synthetic.case import write_case

    assert write_case(tmp_path, SEED) == _manifest()
    assert sum((CASE / n).stat().st_size for n in ("android.zip", "ios.zip", "KEYS.txt", "MANIFEST.json")) < 400_000


def test_no_warnings_and_every_app_on_both_devices(timeline):
    assert timeline.execute("SELECT count(*) FROM warnings").fetchone()[0] == 0
    seen = {(eid, app) for eid, app in timeline.execute("SELECT DISTINCT evidence_id, app FROM events")}
    assert seen == {(d, app) for d in ("android", "ios") for app in ("sms", "whatsapp", "signal")}
    parsers = {p.split("/")[0] for (p,) in timeline.execute("SELECT DISTINCT parser FROM events")}
    assert {"signal_android", "signal_ios", "android_sms", "ios_messages"} <= parsers


def test_conversation_counts_equal_the_manifest(timeline):
    got = {row[:3]: row[3:] for row in timeline.execute(
        "SELECT evidence_id, app, conversation_id, messages, incoming, outgoing FROM conversations")}
    expected = {(c["device"], c["app"], c["conversation_id"]): (c["messages"], c["incoming"], c["outgoing"])
                for c in _manifest()["conversations"]}
    assert len(expected) >= 20
    assert got == expected


def _identity_of(con, kind: str, value: str) -> int:
    row = con.execute("SELECT identity_id FROM participants WHERE kind = ? AND value = ?", (kind, value)).fetchone()
    assert row is not None, (kind, value)
    return row[0]


def _connected_by_links(con, identity_id: int) -> set[tuple[str, str]]:
    """The participants the identity's links reach from its first one; each link checked for its evidence."""
    value = {pid: (k, v) for pid, k, v in con.execute(
        "SELECT participant_id, kind, value FROM participants WHERE identity_id = ?", (identity_id,))}
    edges = defaultdict(set)
    for a, b, reason, evidence, event_id, eid in con.execute(
            "SELECT participant_a, participant_b, reason, evidence, event_id, evidence_id FROM identity_links "
            "WHERE identity_id = ?", (identity_id,)):
        assert reason in ("whatsapp_number", "contact_card") and evidence
        if reason == "contact_card":  # the card is an event of the evidence item the link names
            card = con.execute("SELECT kind, evidence_id FROM events WHERE event_id = ?", (event_id,)).fetchone()
            assert card == ("contact", eid)
        edges[a].add(b)
        edges[b].add(a)
    seen = reachable(edges, min(value))
    assert seen == set(value), identity_id
    return {value[p] for p in seen}


def test_shared_people_are_one_identity_across_apps_and_devices(timeline):
    m = _manifest()
    assert len(m["shared_people"]) >= 3
    for person in m["shared_people"]:
        assert all(len(apps) >= 2 for apps in person["apps"].values())
        iid = _identity_of(timeline, "phone", person["e164"])
        assert _identity_of(timeline, "whatsapp_jid", person["whatsapp_jid"]) == iid
        members = _connected_by_links(timeline, iid)
        assert members == {("phone", person["e164"]), ("whatsapp_jid", person["whatsapp_jid"])}
        devices, apps = timeline.execute("SELECT evidence_ids, apps FROM identities WHERE identity_id = ?",
                                         (iid,)).fetchone()
        assert json.loads(devices) == ["android", "ios"]
        assert set(json.loads(apps)) == {app for used in person["apps"].values() for app in used}
        # on each device, the person takes part in events of every app the manifest names there
        for device, used in person["apps"].items():
            found = {app for (app,) in timeline.execute(
                "SELECT DISTINCT e.app FROM events e JOIN event_participants ep ON ep.event_id = e.event_id "
                "JOIN participants p ON p.participant_id = ep.participant_id "
                "WHERE p.identity_id = ? AND e.evidence_id = ? AND e.kind = 'message'", (iid, device))}
            assert found == set(used), (person["name"], device)
        links = timeline.execute("SELECT reason FROM identity_links WHERE identity_id = ?", (iid,)).fetchall()
        assert {r for (r,) in links} == {"whatsapp_number", "contact_card"}
    common = {iid for (iid,) in timeline.execute("SELECT identity_id FROM identities_in_common")}
    assert {_identity_of(timeline, "phone", p["e164"]) for p in m["shared_people"]} <= common


def test_owners_are_recorded_and_in_common(timeline):
    m = _manifest()
    owners = {(kind, value): json.loads(o) for kind, value, o in timeline.execute(
        "SELECT kind, value, owner_of FROM participants WHERE owner_of IS NOT NULL")}
    assert owners == {("phone", d["owner"]["e164"]): [d["evidence_id"]] for d in m["devices"].values()}
    common = {iid for (iid,) in timeline.execute("SELECT identity_id FROM identities_in_common")}
    for device in m["devices"].values():
        o = device["owner"]
        iid = _identity_of(timeline, "phone", o["e164"])
        assert iid in common
        # the other phone saved the owner under the WhatsApp JID and the number: one identity, with evidence
        assert _connected_by_links(timeline, iid) == {("phone", o["e164"]), ("whatsapp_jid", o["whatsapp_jid"])}


def test_conversations_between_the_owners(timeline):
    """Every conversation of A with B's owner identity, and of B with A's, and nothing else."""
    m = _manifest()
    devices = m["devices"]
    expected = set()
    for c in m["conversations"]:
        other = "ios" if c["device"] == "android" else "android"
        if c["with"] == devices[other]["owner"]["e164"]:
            expected.add((c["device"], c["app"], c["conversation_id"], other,
                          _identity_of(timeline, "phone", c["with"]), c["messages"]))
    assert len(expected) == 6  # three apps on each phone
    got = set(timeline.execute("SELECT evidence_id, app, conversation_id, other_device, identity_id, messages "
                               "FROM conversations_between_devices"))
    assert got == expected


def test_the_owners_exchange_is_the_same_on_both_phones(timeline):
    """What A sent B arrives on B, and the other way round, app by app (bodies in order, directions mirrored)."""
    flip = {"incoming": "outgoing", "outgoing": "incoming"}
    keys = {(c["device"], c["app"]): c["conversation_id"] for c in _manifest()["conversations"]
            if c["with"] in ("+447700900000", "+447700900999")}
    for app in ("sms", "whatsapp", "signal"):
        sides = {}
        for device in ("android", "ios"):
            sides[device] = timeline.execute(
                "SELECT body, direction FROM events WHERE evidence_id = ? AND app = ? AND conversation_id = ? "
                "AND kind = 'message' ORDER BY timestamp", (device, app, keys[(device, app)])).fetchall()
        assert len(sides["android"]) >= 6
        assert sides["ios"] == [(body, flip[d]) for body, d in sides["android"]], app


def test_ios_outgoing_sms_name_the_owner(timeline):
    """sms.db's destination_caller_id is the owner's number: the sender of outgoing messages (ios_messages)."""
    owner = _manifest()["devices"]["ios"]["owner"]["e164"]
    senders = {s for (s,) in timeline.execute(
        "SELECT DISTINCT sender FROM events WHERE evidence_id = 'ios' AND app = 'sms' AND direction = 'outgoing'")}
    assert senders == {owner}
    raw = {json.loads(x)["destination_caller_id"] for (x,) in timeline.execute(
        "SELECT extra FROM events WHERE evidence_id = 'ios' AND app = 'sms'")}
    assert raw == {owner}
