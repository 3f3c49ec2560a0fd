"""Fennec (Firefox for Android before 2020, ``plugins/fennec.py``): the generated ``browser.db`` (Fennec's own
CREATE TABLE statements, version 39) parses with no warning into exactly its manifest, visits to the microsecond
and the other times in milliseconds; the generator rebuilds the committed bytes; Fennec's and Fenix's stores in
the same package folder are each read by their own parser only; a store without a required table, or of a newer
version, gives one warning naming the file; a tab's history list that is not JSON, or too long, is kept raw and
capped. No real Fennec file is in the corpus (docs/differences.md says so)."""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.ddl_loader import statements
from artefacts.synthetic.fennec import BROWSER_DB, DDL, write_sample

SAMPLE = SAMPLE_DATA / "fennec"
FIREFOX_SAMPLE = SAMPLE_DATA / "firefox" / "android"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _copy(tmp_path):
    """A working copy of the committed sample's extraction folder (the tests alter the copy, never the sample)."""
    dest = tmp_path / "extraction"
    shutil.copytree(SAMPLE / "android", dest)
    return dest


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, manifest, validator=event_validator)
    assert {(e["app"], e["platform"], e["parser"]) for e in tl.events} == {("firefox", "android", "fennec_browser/1.0")}
    kinds = [e["kind"] for e in tl.events]
    assert (kinds.count("visit"), kinds.count("bookmark"), kinds.count("search"), kinds.count("other")) == (10, 3, 2, 2)
    # visits.date is in microseconds (the raw value kept), a bookmark's created in milliseconds
    first = got[BROWSER_DB, "visits:_id=1"]
    assert first["timestamp"] == "2019-11-04T09:12:05.123456Z" and first["timestamp_raw"] == 1572858725123456
    pinned = got[BROWSER_DB, "bookmarks:_id=5"]
    assert pinned["timestamp_raw"] == 1572858725123 + 3700 * 1000 and pinned["timestamp"] == "2019-11-04T10:13:45.123000Z"
    # folders (type 0) and the separator (type 2) are not events
    not_events = {f"bookmarks:_id={i}" for i in (0, 1, 3, -3)}
    assert not any(e["source_locator"] in not_events for e in tl.events)
    remote_tab = got[BROWSER_DB, "tabs:_id=3"]
    assert remote_tab["status"] == "remote tab" and remote_tab["extra"]["client_guid"] == "c1Dt2Ab3Cd4E"
    assert got[BROWSER_DB, "visits:_id=6"]["extra"]["is_local"] == 0  # the visit that came in from Sync


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path)
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "android", BROWSER_DB)


def test_generated_schema_is_fennecs_own(tmp_path):
    con = sqlite3.connect(f"file:{SAMPLE / 'android' / BROWSER_DB}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 39
        objects = {(t, n): sql for t, n, sql in con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    finally:
        con.close()
    assert objects == {(st.kind, st.name): st.sql.rstrip("; ") for st in statements(DDL)}


def test_fennec_and_fenix_stores_in_one_package_are_each_read_once(parse, tmp_path):
    both = tmp_path / "both"
    shutil.copytree(FIREFOX_SAMPLE, both)
    shutil.copytree(SAMPLE / "android", both, dirs_exist_ok=True)
    tl = parse(both)
    assert tl.exit_code == 0 and tl.warnings == []
    by_file: dict[str, set] = {}
    for e in tl.events:
        by_file.setdefault(e["source_path"], set()).add(e["parser"].split("/")[0])
    assert by_file.pop(BROWSER_DB) == {"fennec_browser"}
    assert by_file and all("fennec_browser" not in parsers for parsers in by_file.values())
    assert len([e for e in tl.events if e["parser"].startswith("fennec_browser")]) == len(_manifest()["events"])


def test_a_store_without_visits_gives_one_warning_naming_it(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / BROWSER_DB)
    con.execute("DROP TABLE visits")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and tl.events == []
    assert len(tl.warnings) == 1
    warning = json.dumps(tl.warnings[0])
    assert "browser.db" in warning and "visits" in warning


def test_a_newer_schema_version_warns_once_and_is_read(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / BROWSER_DB)
    con.execute("PRAGMA user_version = 40")
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "40" in json.dumps(tl.warnings[0])
    assert len(tl.events) == len(_manifest()["events"])


def test_a_tabs_history_that_is_not_a_list_is_kept_raw_and_a_long_one_capped(parse, tmp_path):
    from artefacts.gecko import MAX_TAB_HISTORY

    root = _copy(tmp_path)
    long_list = json.dumps([f"https://e{i}.example.com/" for i in range(MAX_TAB_HISTORY + 25)])
    con = sqlite3.connect(root / BROWSER_DB)
    con.execute("UPDATE tabs SET history = ? WHERE _id = 1", ("<script>alert(1)</script>",))
    con.execute("UPDATE tabs SET history = ? WHERE _id = 2", (long_list,))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    tabs = {e["source_locator"]: e["extra"] for e in tl.events if e["source_locator"].startswith("tabs:")}
    assert tabs["tabs:_id=1"]["tab_history_raw"] == "<script>alert(1)</script>"
    assert "tab_history" not in tabs["tabs:_id=1"]
    assert tabs["tabs:_id=2"]["tab_history"] == json.loads(long_list)[:MAX_TAB_HISTORY]
