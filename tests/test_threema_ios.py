"""Threema for iOS (``plugins/threema_ios.py``): ``ThreemaData.sqlite`` Core Data stores through host runs.

Stores are built on the tables Core Data makes of the app's model (``artefacts/synthetic/ddl/threema_ios.sql``
and, for the first model, ``threema_ios_v1.sql``) by ``artefacts.synthetic.threema_ios``, whose summary lists
every message as the committed sample's manifest does.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from artefacts.synthetic import threema_ios as syn
from artefacts.synthetic.corrupt import write_corrupt_sqlite

from conftest import SAMPLE_DATA

COCOA = datetime(2001, 1, 1, tzinfo=timezone.utc)
SAMPLE_SEED = 2024  # sample_data/generate.py SEED


def cocoa_iso(cocoa_us: int) -> str:
    return (COCOA + timedelta(microseconds=cocoa_us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def by_locator(tl) -> dict:
    return {e["source_locator"]: e for e in tl.events}


def check_messages(events: dict, messages: list, root=None) -> None:
    """Every generated message has its event: time, body, kind, direction, conversation, sender and name."""
    for m in messages:
        ev = events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]
        assert ev["timestamp"] == m["timestamp"] and ev["timestamp_raw"] == m["ZDATE"], m
        assert (ev["kind"], ev["direction"], ev["body"]) == (m["kind"], m["direction"], m["body"]), m
        assert (ev["conversation_id"], ev["conversation_name"]) == (m["conversation_id"], m["conversation_name"]), m
        assert (ev["sender"], ev["sender_name"]) == (m["sender"], m["sender_name"]), m
        assert ev["extra"]["entity"] == m["entity"]
        if m.get("edits"):
            assert [(h["editDate"], h["text"]) for h in ev["extra"]["history"]] == [
                (h["editDate"], h["text"]) for h in m["edits"]]
            assert ev["extra"]["lasteditedat"] == m["edits"][-1]["editDate"]
        else:
            assert "history" not in ev["extra"]
        att = m["attachment"]
        if att is None:
            assert ev["attachments"] == []
            continue
        (got,) = ev["attachments"]
        assert (got["mime_type"], got["size"]) == (att["mime_type"], att["size"])
        if att["inline"]:
            assert got["path"] is None and got["sha256"] == hashlib.sha256(bytes.fromhex(att["data"])).hexdigest()
        else:
            assert got["path"].endswith(att["external"])
            if root is not None:
                assert got["sha256"] == hashlib.sha256((root / got["path"]).read_bytes()).hexdigest()


def test_time_values_are_stored_to_the_microsecond():
    # the generator's doubles floor to the chosen microsecond (the host floors exact binary values)
    for us in (734_000_962_916_194, 1, 380_000_000_000_001, 734_999_999_999_999):
        value = syn.cocoa_real(us)
        n, d = value.as_integer_ratio()
        assert n * 1_000_000 // d == us
        assert syn.iso_of(us) == cocoa_iso(us)


def test_sample_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE_DATA / "threema" / "MANIFEST_ios.json").read_text(encoding="utf-8"))
    root = SAMPLE_DATA / "threema" / "ios"
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
        assert e["parser"].startswith("threema_ios/") and e["source_path"] == manifest["database"]
    events = by_locator(tl)
    assert len(manifest["messages"]) == 24 and sum(1 for m in manifest["messages"] if m["edits"]) == 1
    check_messages(events, manifest["messages"], root)
    kinds = {m["entity"] for m in manifest["messages"]}
    assert kinds == set(syn.MESSAGE_SUBENTITIES)  # every subentity of Message is in the sample
    for r in manifest["reactions"]:
        ev = events[f"ZMESSAGEREACTION:Z_PK={r['Z_PK']}"]
        assert (ev["kind"], ev["body"], ev["sender"], ev["sender_name"], ev["timestamp"], ev["conversation_id"]) == (
            "reaction", r["reaction"], r["sender"], r["sender_name"], r["timestamp"], r["conversation_id"])
        assert ev["extra"]["target"] == f"ZMESSAGE:Z_PK={r['target']}"
    contacts = [e for e in tl.events if e["kind"] == "contact"]
    assert {(e["sender"], e["sender_name"]) for e in contacts} == {(c["identity"], c["name"]) for c in manifest["contacts"]}
    assert len(tl.events) == len(manifest["messages"]) + len(manifest["reactions"]) + len(manifest["contacts"])


@pytest.fixture
def phone(tmp_path):
    summary = syn.write_threema_ios_extraction(tmp_path / "phone", n_messages=14, seed=7)
    return tmp_path / "phone", summary


def test_generated_store_parses_with_every_detail(parse, phone):
    root, s = phone
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    events = by_locator(tl)
    check_messages(events, s["messages"], root)
    call = next(e for e in tl.events if e["kind"] == "call")
    assert call["extra"]["system_type"] in (syn.SYS_CALL_ENDED, syn.SYS_CALL_MISSED)
    poll = next(e for e in tl.events if e["extra"].get("entity") == "BallotMessage")
    assert [c["name"] for c in poll["extra"]["ballot"]["choices"]] == ["Yes", "No"]
    group = next(e for e in tl.events if e["conversation_id"] == s["group"]["conversation_id"])
    assert group["extra"]["group_creator"] == s["group"]["creator"] and group["extra"]["own_identity"] == s["own_identity"]
    outgoing_1to1 = [e for e in tl.events if e["direction"] == "outgoing" and e["kind"] == "message"
                     and not e["conversation_id"].startswith(("group:", "distribution_list:"))]
    assert outgoing_1to1 and all(e["recipients"] == [e["conversation_id"]] and e["sender"] is None for e in outgoing_1to1)


def test_a_missing_external_file_keeps_the_reference(parse, phone):
    root, s = phone
    att = next(m["attachment"] for m in s["messages"] if m["attachment"] and not m["attachment"]["inline"])
    external = root / syn.APP_GROUP / att["external"]
    external.unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    (ev,) = [e for e in tl.events for a in e["attachments"] if a["path"] and a["path"].endswith(att["external"])]
    assert ev["attachments"][0]["sha256"] is None


def test_older_model_without_optional_columns_still_parses(parse, tmp_path):
    """The app's first model (2012): no subentities, no ZSENDER, no groups, no public nickname, no reactions."""
    db = tmp_path / "old" / "ThreemaData.sqlite"
    s = syn.build_threema_ios_v1_db(db, seed=3)
    tl = parse(tmp_path / "old")
    assert tl.exit_code == 0 and tl.warnings == []
    events = by_locator(tl)
    for m in s["messages"]:
        ev = events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]
        assert (ev["timestamp"], ev["body"], ev["direction"], ev["sender"], ev["sender_name"]) == (
            m["timestamp"], m["body"], m["direction"], m["sender"], m["sender_name"])
        assert ev["conversation_id"] == s["contact"]["identity"] and ev["extra"]["entity"] == "Message"
    assert len([e for e in tl.events if e["kind"] == "contact"]) == 1


def test_model_version_11_parses(parse, tmp_path):
    """Model V11 (2013): subentities and groups, but no files, polls, reactions, remote-sent dates or poiName;
    image and video data rows without a link back to the message."""
    s = syn.build_threema_ios_v11_db(tmp_path / "v11" / "ThreemaData.sqlite", seed=5)
    tl = parse(tmp_path / "v11")
    assert tl.exit_code == 0 and tl.warnings == []
    events = by_locator(tl)
    for m in s["messages"]:
        ev = events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]
        got = (ev["timestamp"], ev["body"], ev["direction"], ev["conversation_id"], ev["conversation_name"],
               ev["sender"], ev["sender_name"], ev["extra"]["entity"])
        assert got == (m["timestamp"], m["body"], m["direction"], m["conversation_id"], m["conversation_name"],
                       m["sender"], m["sender_name"], m["entity"])
        if m["inline_size"]:
            (att,) = ev["attachments"]
            assert att["size"] == m["inline_size"] and att["path"] is None and ev["extra"]["media_inline"]
        else:
            assert ev["attachments"] == []


def test_current_store_with_optional_columns_dropped_still_parses(parse, phone):
    root, s = phone
    db = root / syn.APP_GROUP / "ThreemaData.sqlite"
    con = sqlite3.connect(db)
    for table, column in (("ZMESSAGE", "ZSENDER"), ("ZMESSAGE", "ZREMOTESENTDATE"), ("ZMESSAGE", "ZTYPE1"),
                          ("ZCONTACT", "ZPUBLICNICKNAME"), ("ZCONVERSATION", "ZGROUPMYIDENTITY")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DROP TABLE ZMESSAGEREACTION")
    con.execute("DROP TABLE ZBALLOTCHOICE")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    events = by_locator(tl)
    for m in s["messages"]:
        ev = events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]
        assert ev["timestamp"] == m["timestamp"] and "remotesentdate" not in ev["extra"]
        if m["entity"] == "SystemMessage":  # without its type column the line is kept, its type unknown
            assert ev["extra"]["system_type"] is None
    text_in_group = [m for m in s["messages"] if m["entity"] == "TextMessage" and m["sender"]
                     and m["conversation_id"].startswith("group:")]
    for m in text_in_group:  # no ZSENDER: a group message's sender is not known
        assert events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]["sender"] is None
    one_to_one = [m for m in s["messages"] if m["entity"] == "TextMessage" and m["sender"]
                  and not m["conversation_id"].startswith("group:")]
    for m in one_to_one:  # ... a one-to-one message's is the conversation's contact
        assert events[f"ZMESSAGE:Z_PK={m['Z_PK']}"]["sender"] == m["sender"]
    assert not any(e["kind"] == "reaction" for e in tl.events)


def test_unknown_schema_version_is_one_warning_and_the_run_goes_on(parse, tmp_path):
    root = tmp_path / "phone"
    s = syn.write_threema_ios_extraction(root, n_messages=4, seed=2)
    other = root / "private/var/mobile/Containers/Shared/AppGroup/OTHER/ThreemaData.sqlite"
    other.parent.mkdir(parents=True)
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE ZMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZTIMESTAMP TIMESTAMP)")
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3
    (w,) = tl.warnings
    assert w["source_path"].endswith("OTHER/ThreemaData.sqlite") and "unknown schema version" in w["message"]
    assert "ZMESSAGE(Z_PK, Z_ENT, ZDATE, ZISOWN, ZCONVERSATION)" in w["message"]
    assert len([e for e in tl.events if e["source_locator"].startswith("ZMESSAGE:")]) == len(s["messages"])


def test_damaged_store_is_one_warning_and_the_run_goes_on(parse, tmp_path):
    root = tmp_path / "phone"
    s = syn.write_threema_ios_extraction(root, n_messages=4, seed=2)
    damaged = root / "private/var/mobile/Containers/Shared/AppGroup/BROKEN/ThreemaData.sqlite"
    write_corrupt_sqlite(damaged, seed=2)
    tl = parse(root)
    assert tl.exit_code == 3
    (w,) = tl.warnings
    assert w["source_path"].endswith("BROKEN/ThreemaData.sqlite")
    assert len([e for e in tl.events if e["source_locator"].startswith("ZMESSAGE:")]) == len(s["messages"])


def test_sample_is_what_the_generator_writes(tmp_path):
    """The committed sample is the generator's output for its seed (deterministic, not edited by hand)."""
    syn.write_sample(tmp_path, seed=SAMPLE_SEED)
    committed = SAMPLE_DATA / "threema"
    assert (tmp_path / "MANIFEST_ios.json").read_bytes() == (committed / "MANIFEST_ios.json").read_bytes()
    written = sorted(p.relative_to(tmp_path) for p in (tmp_path / "ios").rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(committed) for p in (committed / "ios").rglob("*") if p.is_file())
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (committed / rel).read_bytes(), rel


def test_listed_with_globs_tables_and_time_units():
    from artefacts.plugins.threema_ios import ThreemaIOSParser

    d = ThreemaIOSParser.describe()
    assert d["path_globs"] == ["**/ThreemaData.sqlite"]
    assert d["required_tables"]["ZMESSAGE"] == ["ZCONVERSATION", "ZDATE", "ZISOWN", "Z_ENT", "Z_PK"]
    assert d["time_units"]["ZMESSAGE.ZDATE"] == "cocoa_s" and set(d["time_units"].values()) == {"cocoa_s"}


def test_sample_copy_unchanged_by_parsing(parse, tmp_path):
    """Evidence is never written to: the store's bytes are the same after a run."""
    src = SAMPLE_DATA / "threema" / "ios"
    shutil.copytree(src, tmp_path / "ios")
    db = next((tmp_path / "ios").rglob("ThreemaData.sqlite"))
    before = db.read_bytes()
    assert parse(tmp_path / "ios").exit_code == 0
    assert db.read_bytes() == before


def test_store_under_another_name_is_recognised_by_its_schema(parse, phone, tmp_path):
    """An iTunes-style backup names files by hash: the tables decide; another app's Core Data store is left alone."""
    root, s = phone
    backup = tmp_path / "backup" / "3a"
    backup.mkdir(parents=True)
    shutil.copy(root / syn.APP_GROUP / "ThreemaData.sqlite", backup / ("3a" + "0" * 38))
    other = sqlite3.connect(backup / ("3a" + "1" * 38))  # TextMe-like: ZMESSAGE and ZCONTACT, but not Threema's
    other.executescript("CREATE TABLE ZMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZDATE TIMESTAMP, ZISOWN INTEGER,"
                        " ZCONVERSATION INTEGER, ZBODY VARCHAR);"
                        "CREATE TABLE ZCONVERSATION (Z_PK INTEGER PRIMARY KEY, ZCONTACT INTEGER);"
                        "CREATE TABLE ZCONTACT (Z_PK INTEGER PRIMARY KEY, ZIDENTITY VARCHAR);"
                        "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);"
                        "INSERT INTO ZMESSAGE VALUES (1, 1, 700000000.5, 0, 1, 'hi');")
    other.close()
    tl = parse(backup / ("3a" + "0" * 38))  # a single file: no path glob applies
    assert tl.exit_code == 0 and tl.warnings == []
    mine = [e for e in tl.events if e["parser"].startswith("threema_ios/")]
    assert len([e for e in mine if e["source_locator"].startswith("ZMESSAGE:")]) == len(s["messages"])
    tl = parse(backup / ("3a" + "1" * 38))  # the host says no parser took it, with threema_ios's reason
    (w,) = tl.warnings
    assert "no parser recognises this file" in w["message"] and "threema_ios: not a Threema store" in w["message"]
    assert not [e for e in tl.events if e["parser"].startswith("threema_ios/")]


def test_zip_of_the_sample_gives_the_same_attachments(parse, tmp_path):
    """Read sequentially from a ZIP, the external data files (a hidden folder) are still found and hashed."""
    import zipfile

    src = SAMPLE_DATA / "threema" / "ios"
    archive = tmp_path / "ios.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(src.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(src).as_posix())
    folder, zipped = parse(src), parse(archive)
    assert zipped.exit_code == 0 and zipped.warnings == []

    def atts(tl):
        return {e["source_locator"]: [(a["path"], a["sha256"]) for a in e["attachments"]] for e in tl.events}

    assert atts(zipped) == atts(folder)
    assert sum(1 for v in atts(zipped).values() for _p, h in v if h) == 8  # 2 inline + 6 external
