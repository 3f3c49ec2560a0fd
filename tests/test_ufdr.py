"""Cellebrite UFDR: report.xml read safely, files under device paths, report hashes checked."""

from __future__ import annotations

import hashlib

import pytest

from artefacts.evidence import EvidenceError, open_extraction
from artefacts.synthetic.ufdr import tree_files, write_ufdr
from artefacts.verify import verify

from conftest import SAMPLE_DATA

#: provenance fields that legitimately differ between a folder and the UFDR made of it
PROVENANCE = ("evidence_id", "event_id")


def _strip(events):
    return sorted(
        (tuple(sorted((k, repr(v)) for k, v in e.items() if k not in PROVENANCE)) for e in events),
    )


@pytest.mark.parametrize("sample", ["ios", "whatsapp/ios"])
def test_ufdr_gives_the_same_events_as_the_folder(parse, tmp_path, sample):
    folder = SAMPLE_DATA / sample
    written = write_ufdr(tmp_path / "phone.ufdr", tree_files(folder))
    ref = parse(folder, evidence_ids=["folder"])
    got = parse(tmp_path / "phone.ufdr", evidence_ids=["ufdr"])
    assert got.exit_code == 0, got.warnings
    assert ref.events and _strip(got.events) == _strip(ref.events)
    # the same files were used, with the same SHA-256 (the paths are the device paths)
    assert {(s["path"], s["sha256"]) for s in got.sources} == {(s["path"], s["sha256"]) for s in ref.sources}
    # each source names where the UFDR stores it and the hashes report.xml gives, checked
    for s in got.sources:
        device = "/" + s["path"]
        assert f"stored as {written['stored'][device]}" in s["note"]
        assert written["sha256"][device] in s["note"] and written["md5"][device] in s["note"]
        assert "(SHA-256 matches)" in s["note"]
    (inp,) = got.run["inputs"]
    assert inp["kind"] == "ufdr" and inp["layout"] == "cellebrite-ufdr"
    assert "files indexed under the device paths in report.xml" in inp["layout_note"]
    case = {f["type"]: f["value"] for f in inp["metadata"]["case"]}
    assert case["CaseNumber"] == "CASE-2024-0042" and case["EvidenceNumber"] == "EV-7"
    assert ["DeviceInfoSelectedManufacturer", "Apple"] in inp["metadata"]["device"]
    assert inp["metadata"]["project"]["reportVersion"] == "7.60.0.0"


def test_evidence_id_drops_the_ufdr_suffix(parse, tmp_path):
    write_ufdr(tmp_path / "Phone 1.ufdr", tree_files(SAMPLE_DATA / "ios"))
    tl = parse(tmp_path / "Phone 1.ufdr")
    assert {e["evidence_id"] for e in tl.events} == {"Phone 1"}


def test_a_file_differing_from_the_report_is_named_in_a_warning(parse, tmp_path):
    sms = "/private/var/mobile/Library/SMS/sms.db"
    jpeg = next(p for p in tree_files(SAMPLE_DATA / "ios") if p.endswith(".jpeg"))
    write_ufdr(tmp_path / "t.ufdr", tree_files(SAMPLE_DATA / "ios"), tamper=[sms, jpeg])
    tl = parse(tmp_path / "t.ufdr")
    assert tl.exit_code == 3
    bad = {w["source_path"]: w["message"] for w in tl.warnings if "differs from" in w["message"]}
    assert set(bad) == {sms[1:], jpeg[1:]}
    assert "report.xml" in bad[sms[1:]] and "files/Database/sms.db" in bad[sms[1:]]
    note = next(s["note"] for s in tl.sources if s["path"] == sms[1:])
    assert "HASH DIFFERS" in note


def test_md5_only_reports_are_checked_by_md5(parse, tmp_path):
    sms = "/private/var/mobile/Library/SMS/sms.db"
    jpeg = next(p for p in tree_files(SAMPLE_DATA / "ios") if p.endswith(".jpeg"))
    write_ufdr(tmp_path / "m.ufdr", tree_files(SAMPLE_DATA / "ios"), md5_only=True, tamper=[jpeg])
    tl = parse(tmp_path / "m.ufdr", jobs=2)
    notes = {s["path"]: s["note"] for s in tl.sources}
    assert "(MD5 matches)" in notes[sms[1:]] and "SHA-256" not in notes[sms[1:]]
    assert [w["source_path"] for w in tl.warnings if "MD5" in w["message"]] == [jpeg[1:]]


@pytest.mark.parametrize("device, local", [
    ("/private/var/mobile/Library/SMS/evil.db", "..\\..\\outside.db"),
    ("/private/var/mobile/Library/SMS/evil2.db", "/etc/passwd"),
    ("/private/var/mobile/Library/SMS/evil3.db", "C:\\Windows\\win.ini"),
    ("/private/var/../../etc/sms.db", "files\\Database\\sms.db"),
])
def test_hostile_paths_in_the_report_are_ignored_with_a_warning(parse, tmp_path, device, local):
    write_ufdr(tmp_path / "h.ufdr", tree_files(SAMPLE_DATA / "ios"), extra_files=[(device, local)])
    ext = open_extraction(tmp_path / "h.ufdr")
    try:
        assert len(ext.problems) == 1 and "ignored" in ext.problems[0]
        assert all(".." not in e.path.split("/") and not e.path.startswith("/") for e in ext.entries)
        assert ext.lookup("private/var/mobile/Library/SMS/sms.db") is not None
    finally:
        ext.close()
    tl = parse(tmp_path / "h.ufdr")
    assert tl.exit_code == 3 and any("ignored" in w["message"] for w in tl.warnings)
    assert len(tl.events) == len(parse(SAMPLE_DATA / "ios").events)


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<project xmlns="http://pa.cellebrite.com/report/2.0" name="&c;"><taggedFiles/></project>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE project [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<project xmlns="http://pa.cellebrite.com/report/2.0" name="&x;"><taggedFiles/></project>
"""


@pytest.mark.parametrize("report", [BOMB, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_entities_and_dtds_are_refused(parse, tmp_path, report):
    write_ufdr(tmp_path / "b.ufdr", {"/private/var/mobile/x.db": b"x"}, raw_report=report)
    with pytest.raises(EvidenceError, match="refused"):
        open_extraction(tmp_path / "b.ufdr")
    tl = parse(tmp_path / "b.ufdr")
    assert tl.exit_code == 3 and tl.events == []
    assert any("refused" in w["message"] for w in tl.warnings)


def test_members_not_in_the_report_and_listed_files_not_in_the_archive(tmp_path):
    import zipfile

    write_ufdr(tmp_path / "x.ufdr", tree_files(SAMPLE_DATA / "ios"),
               extra_files=[("/private/var/mobile/gone.db", "files\\Database\\gone.db")])
    with zipfile.ZipFile(tmp_path / "x.ufdr", "a") as zf:
        zf.writestr("files/Uncategorized/loose.bin", b"loose")
    ext = open_extraction(tmp_path / "x.ufdr")
    try:
        assert any("not in the archive" in p and "gone.db" in p for p in ext.problems)
        assert ext.lookup("files/Uncategorized/loose.bin") is not None
        notes, problem = ext.check_source("files/Uncategorized/loose.bin", "0" * 64)
        assert problem is None and "not listed in report.xml" in notes[0]
        assert "kept under their archive path" in ext.describe()
    finally:
        ext.close()


def test_damaged_report_keeps_what_was_read(tmp_path):
    written = write_ufdr(tmp_path / "ok.ufdr", tree_files(SAMPLE_DATA / "ios"))
    text = written["report"]
    cut = text.rindex("<file ")
    write_ufdr(tmp_path / "cut.ufdr", tree_files(SAMPLE_DATA / "ios"), raw_report=text[:cut].encode() + b"<file <<")
    ext = open_extraction(tmp_path / "cut.ufdr")
    try:
        assert any("damaged" in p for p in ext.problems)
        assert ext.listed == text.count("<file ") - 1
    finally:
        ext.close()


def test_report_is_read_incrementally(tmp_path):
    """A report of 20,000 files is read without keeping its elements (the tree is pruned as it goes)."""
    import tracemalloc

    from artefacts.evidence.ufdr import read_report
    from artefacts.synthetic.ufdr import _report

    rows = [(f"/data/data/app/f{i}.db", f"files/Database/f{i}.db", 1, "a" * 64, "b" * 32, "Database") for i in range(20000)]
    data = _report(rows, "dev", {"Case Number": "1"}).encode()
    import io

    tracemalloc.start()
    meta, files, problems = read_report(io.BytesIO(data))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(files) == 20000 and not problems
    # the ReportFile list itself is kept; the XML tree is not (it would be several times the report)
    assert peak < len(data) * 1.5


def test_verify_rechecks_a_ufdr(parse, tmp_path):
    write_ufdr(tmp_path / "v.ufdr", tree_files(SAMPLE_DATA / "whatsapp" / "ios"))
    tl = parse(tmp_path / "v.ufdr")
    report = verify(tl.path, {None: tmp_path / "v.ufdr"})
    assert report.ok, report.problems
    assert report.checked >= len(tl.sources)


def test_sha256_in_sources_is_the_stored_files(parse, tmp_path):
    written = write_ufdr(tmp_path / "s.ufdr", tree_files(SAMPLE_DATA / "ios"))
    tl = parse(tmp_path / "s.ufdr")
    import zipfile

    with zipfile.ZipFile(tmp_path / "s.ufdr") as zf:
        for s in tl.sources:
            member = written["stored"]["/" + s["path"]]
            assert hashlib.sha256(zf.read(member)).hexdigest() == s["sha256"]
