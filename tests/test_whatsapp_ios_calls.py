"""WhatsApp iOS calls (CallHistory.sqlite) on a generated file with the real iOS 15 schema.

The real file of iLEAPP's test case is compared with iLEAPP's output in ``test_real_ileapp.py``.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from artefacts.synthetic import whatsapp as W
from artefacts.timeconv import COCOA_SECONDS
from conftest import corpus_file

GROUP = Path("private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000002/"
             "group.net.whatsapp.WhatsApp.shared")
PARSERS = ["whatsapp_ios_calls"]
SIZES = dict(n_calls=30, n_chats=5, n_groups=2, seed=7)


def _extraction(tmp_path, contacts=True):
    root = tmp_path / "ext"
    s = W.build_callhistory(root / GROUP / "CallHistory.sqlite", **SIZES)
    if contacts:
        W.build_contactsv2(root / GROUP / "ContactsV2.sqlite", n_chats=SIZES["n_chats"], n_groups=SIZES["n_groups"],
                           seed=SIZES["seed"])
    return root, s


def test_generated_calls_every_row(parse, tmp_path, event_validator):
    root, s = _extraction(tmp_path)
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == SIZES["n_calls"] + 1 + 1  # calls, one joinable, one scheduled
    for event in tl.events:
        event_validator.validate(event)
        assert event["kind"] == "call" and event["app"] == "whatsapp" and event["platform"] == "ios"
    for call in s["calls"]:
        e = tl.by_locator(f"ZWACDCALLEVENT:Z_PK={call['pk']}")
        assert e["timestamp"] == COCOA_SECONDS.iso(call["date"]) and e["timestamp_raw"] == call["date"]
        assert e["direction"] == ("incoming" if call["incoming"] else "outgoing")
        assert e["extra"]["direction_from"] == "aggregate ZINCOMING" and e["extra"]["incoming_flag"] is call["incoming"]
        assert e["extra"]["direction_by_creator"] == e["direction"]
        assert e["status"] == {0: "ended", 1: "missed", 4: "rejected"}[call["outcome"]]
        assert e["extra"]["video"] is call["video"] and e["extra"]["duration_s"] == call["duration"]
        assert e["extra"]["end_time"] == COCOA_SECONDS.iso(call["date"] + call["duration"])
        assert [p["jid"] for p in e["extra"]["participants"]] == call["peers"]
        assert e["conversation_id"] == (call["group"] or call["peers"][0])
        assert e["extra"]["group_call"] is bool(call["group"])
        if call["incoming"]:
            assert e["sender"] == call["creator"] and e["recipients"] == []
            assert e["sender_name"] == s["names"].get(call["creator"])
        else:
            assert e["sender"] is None and e["recipients"] == call["peers"]
        assert e["body"].startswith("Video call" if call["video"] else "Voice call")
    statuses = Counter(e["status"] for e in tl.events)
    assert statuses["missed"] and statuses["rejected"] and statuses["ended"]
    assert any(c["group"] for c in s["calls"]) and any(not c["incoming"] for c in s["calls"])
    [joinable] = s["joinable"]
    j = tl.by_locator("ZWAJOINABLECALLEVENT:Z_PK=1")
    assert j["direction"] is None and j["conversation_id"] == joinable["group"] and j["sender"] == joinable["creator"]
    assert [(p["jid"], p["joined"]) for p in j["extra"]["participants"]] == [
        (jid, int(k == 0)) for k, jid in enumerate(joinable["participants"])]
    [upcoming] = s["upcoming"]
    u = tl.by_locator("ZWAUPCOMINGCALLEVENT:Z_PK=1")
    assert u["timestamp_raw"] == upcoming["ms"] and u["timestamp_desc"] == "Scheduled Start Time"
    assert u["status"] == "scheduled" and u["body"] == f"Scheduled call: {upcoming['title']}"


def test_direction_from_the_creator_where_no_aggregate_flag_is_stored(parse, tmp_path):
    root, s = _extraction(tmp_path, contacts=False)
    con = sqlite3.connect(root / GROUP / "CallHistory.sqlite")
    con.execute("UPDATE ZWAAGGREGATECALLEVENT SET ZINCOMING = NULL")
    con.execute("UPDATE ZWACDCALLEVENT SET ZOUTCOME = 9 WHERE Z_PK = 2")
    con.execute("UPDATE ZWACDCALLEVENT SET ZGROUPCALLCREATORUSERJIDSTRING = NULL WHERE Z_PK = 3")
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    for call in s["calls"]:
        e = tl.by_locator(f"ZWACDCALLEVENT:Z_PK={call['pk']}")
        if call["pk"] == 3:
            assert e["direction"] is None and "direction_from" not in e["extra"]
        else:
            assert e["direction"] == ("incoming" if call["incoming"] else "outgoing")
            assert e["extra"]["direction_from"] == "group call creator"
        assert e["sender_name"] is None  # no ContactsV2
    assert tl.by_locator("ZWACDCALLEVENT:Z_PK=2")["status"] == "outcome 9"


def test_the_apps_flag_wins_over_the_creators_reading(parse, tmp_path):
    """An incoming group call whose participant list lacks its creator: the creator's reading says outgoing."""
    root, s = _extraction(tmp_path, contacts=False)
    incoming = [c for c in s["calls"] if c["incoming"]]
    call = next((c for c in incoming if c["group"]), incoming[0])
    con = sqlite3.connect(root / GROUP / "CallHistory.sqlite")
    con.execute("DELETE FROM ZWACDCALLEVENTPARTICIPANT WHERE Z1PARTICIPANTS = ? AND ZJIDSTRING = ?",
                (call["pk"], call["creator"]))
    con.execute("INSERT INTO ZWACDCALLEVENTPARTICIPANT (Z_ENT, Z_OPT, ZOUTCOME, Z1PARTICIPANTS, ZJIDSTRING) "
                "VALUES (3, 1, 0, ?, '15550000001@s.whatsapp.net')", (call["pk"],))
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    e = tl.by_locator(f"ZWACDCALLEVENT:Z_PK={call['pk']}")
    assert e["direction"] == "incoming" and e["extra"]["direction_by_creator"] == "outgoing"
    assert e["sender"] == call["creator"]


def test_a_bad_date_keeps_the_call_with_a_warning(parse, tmp_path):
    root, s = _extraction(tmp_path)
    con = sqlite3.connect(root / GROUP / "CallHistory.sqlite")
    con.execute("UPDATE ZWACDCALLEVENT SET ZDATE = 'soon' WHERE Z_PK = 4")
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 3 and len(tl.events) == SIZES["n_calls"] + 2
    bad = tl.by_locator("ZWACDCALLEVENT:Z_PK=4")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "soon" and "end_time" not in bad["extra"]
    assert [w["locator"] for w in tl.warnings] == ["ZWACDCALLEVENT:Z_PK=4"]


def _schema(path: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    finally:
        con.close()


@pytest.mark.parametrize("name, build", [
    ("CallHistory.sqlite", lambda p: W.build_callhistory(p, n_calls=3)),
    ("ContactsV2.sqlite", None),
])
def test_generated_schema_is_the_real_files(tmp_path, name, build):
    """The DDL the generator uses is exactly the real device's (read from iLEAPP's case, not retyped)."""
    case = corpus_file("ileapp", "cases", "whatsApp.josh_ios15_ffs.zip")
    with zipfile.ZipFile(case) as z:
        member = next(n for n in z.namelist() if n.endswith("/" + name))
        real = tmp_path / ("real-" + name)
        real.write_bytes(z.read(member))
    generated = tmp_path / name
    if build:
        build(generated)
    else:
        from artefacts.synthetic.ddl_loader import build_db
        with build_db(generated, "whatsapp_ios_contactsv2_2023.sql"):
            pass
    assert _schema(generated) == _schema(real)
