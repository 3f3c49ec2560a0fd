"""Google Voice for Android (``LegacyMsgDbInstance.db`` protobuf records, ``VoiceAccountCache.db``): the
generated sample parses with zero warnings into exactly its manifest; the generator rebuilds the
committed bytes; calls, missed calls, voicemails with transcripts, group texts and the account's own
numbers are read by ALEAPP's field numbers; damaged or unnamed records cost one warning each."""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, claimed, generic_sample, rebuilds_committed_sample

from artefacts.decoders.protowire import encode
from artefacts.synthetic.googlevoice import (ACCOUNT_DB, DB, LINKED_NUMBER, VOICE_NUMBER, build_googlevoice,
                                             write_googlevoice_extraction)


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    manifest, tl = generic_sample(parse, event_validator, "googlevoice", "android")
    assert claimed(tl) == {DB: ["googlevoice_android"], ACCOUNT_DB: ["googlevoice_account_android"]}
    assert sorted({e["kind"] for e in tl.events}) == ["call", "contact", "message"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    from artefacts.synthetic.googlevoice import generic_manifest

    rebuilds_committed_sample(tmp_path, "googlevoice", "android", generic_manifest, [DB, ACCOUNT_DB])


def test_calls_voicemails_groups_and_owned_numbers(parse, tmp_path):
    m = write_googlevoice_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    by_kind: dict = {}
    for r in m["records"]:
        by_kind.setdefault(r["kind"], []).append((r, tl.by_locator(f"message_t:rowid={r['rowid']}")))
    assert set(by_kind) == {"text_in", "text_out", "call_in", "call_out", "missed", "voicemail", "group"}
    for kind, status in (("call_in", "answered"), ("call_out", None), ("missed", "missed"), ("voicemail", "voicemail")):
        for r, e in by_kind[kind]:
            assert e["kind"] == "call" and e["status"] == status and e["timestamp_desc"] == "Call Start Time"
            assert e["extra"]["duration"] == r["duration"]  # the fixed32 float, in seconds
            assert e["extra"]["voicemail"] is (kind == "voicemail") and e["extra"]["message_id"] == r["message_id"]
            assert e["extra"]["read"] == r["read"] and e["extra"]["account"] == m["account"]
    for r, e in by_kind["voicemail"]:
        assert e["body"] == r["transcript"] == e["extra"]["transcript"] and e["sender"] == r["other"]
    for r, e in by_kind["missed"]:
        assert e["body"] == "Missed call, 0 s" and e["direction"] == "incoming"
    for r, e in by_kind["group"]:
        assert e["extra"]["group"] is True and e["body"] == r["body"]
        assert e["sender"] == (r["sender"] or VOICE_NUMBER)
    assert {r["sender"] is None for r, _ in by_kind["group"]} == {True, False}  # both directions
    owned = [e for e in tl.events if e["kind"] == "contact"]
    assert [(e["sender"], e["extra"]["role"], e["extra"]["owned"]) for e in owned] == [
        (VOICE_NUMBER, "google_voice_number", True), (LINKED_NUMBER, "linked_number", True)]


def test_duration_that_is_not_a_finite_float(parse, tmp_path):
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE_DATA / "googlevoice" / "android", root)
    nan = bytes([9 << 3 | 5]) + bytes.fromhex("0000c07f")  # field 9, fixed32: a NaN float
    blob = encode([(1, "x1"), (2, 1_720_000_000_000), (3, VOICE_NUMBER), (4, encode([(1, "+12025550123")])), (13, 1)]) + nan
    con = sqlite3.connect(root / DB)
    with con:
        con.execute("UPDATE message_t SET message_blob = ? WHERE rowid = 4", (blob,))
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("message_t:rowid=4")
    assert e["kind"] == "call" and e["extra"]["duration"] is None and e["body"] == "Call, 0 s"
    assert e["timestamp"] == "2024-07-03T09:46:40.000000Z"


def test_scalable_builder(tmp_path):
    records = build_googlevoice(tmp_path / "big.db", n_messages=250, seed=3)
    con = sqlite3.connect(tmp_path / "big.db")
    assert con.execute("SELECT count(*) FROM message_t").fetchone()[0] == len(records) == 250
    con.close()


def test_bad_blob_and_unnamed_type_warn_and_the_run_goes_on(parse, tmp_path):
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE_DATA / "googlevoice" / "android", root)
    con = sqlite3.connect(root / DB)
    with con:
        con.execute("UPDATE message_t SET message_blob = x'0aff' WHERE rowid = 1")  # a length past the end
        con.execute("UPDATE message_t SET message_blob = ? WHERE rowid = 2",
                    (encode([(1, "abc"), (2, 1_720_000_000_000), (3, VOICE_NUMBER), (13, 9)]),))
        con.execute("UPDATE message_t SET message_blob = 'plain text' WHERE rowid = 3")
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3
    expected = len(json.loads((SAMPLE_DATA / "googlevoice" / "MANIFEST.json").read_text(encoding="utf-8"))["events"])
    assert len(tl.events) == expected - 3
    assert len(tl.warnings) == 3
    assert all(w["source_path"].endswith("LegacyMsgDbInstance.db") for w in tl.warnings)
    messages = sorted(w["message"] for w in tl.warnings)
    assert any("record type 9" in w for w in messages)
    assert sum("could not be decoded" in w for w in messages) == 2
