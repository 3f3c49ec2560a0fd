"""plaso's real Chrome ``History`` files (Chrome 57, 58, 59 on desktop Linux: schema versions 32, 33, 36)
against plaso's asserted values (``corpus/plaso/expected.json``, ``chrome_history.py`` tests), row by row.

Each file is given alone, as an examiner would: the Chromium parser claims it by its tables. plaso's
test asserts two event data per file, a page visit and a file download, with their values; the
counts of the file's own tables are checked first. Differences are explained in ``docs/differences.md``,
section "Chromium History: plaso's real files".
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from conftest import claimed, corpus_file

FILES = {"History-57.0.2987.133": "32", "History-58.0.3029.96": "33", "History-59.0.3071.86": "36"}


def _expected(name: str) -> dict:
    data = json.loads(corpus_file("plaso", "expected.json").read_text(encoding="utf-8"))
    return next(d for d in data["databases"] if d["file"] == f"chrome/{name}")


def _iso(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_visit_and_download_as_plaso(parse, event_validator, name):
    db = _expected(name)
    path = corpus_file("plaso", "chrome", name)
    assert db["schema_version"] == FILES[name]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0] == FILES[name]
        counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("urls", "visits", "downloads", "keyword_search_terms")}
    finally:
        con.close()
    assert counts == db["our_row_counts"]

    tl = parse(path)
    assert tl.exit_code == 0 and tl.warnings == []
    assert list(claimed(tl).values()) == [["chromium_history"]]
    for event in tl.events:
        event_validator.validate(event)
    # plaso: one event data per visit and per download (its test asserts the count)
    assert db["plaso_test"]["asserted_event_data_count"] == len(tl.events) == counts["visits"] + counts["downloads"]
    visit_want, download_want = (c["values"] for c in db["plaso_test"]["checked_event_data"])
    [visit] = [e for e in tl.events if e["kind"] == "visit"]
    [download] = [e for e in tl.events if e["kind"] == "download"]

    assert visit_want["data_type"] == "chrome:history:page_visited"
    assert visit["timestamp"] == _iso(visit_want["last_visited_time"])
    assert visit["body"] == visit_want["url"]
    assert visit["extra"]["title"] == visit_want["title"]
    assert visit["extra"]["typed_count"] == visit_want["typed_count"]
    assert visit["extra"]["visit_count"] == visit_want["visit_count"]
    assert visit["source_locator"] == "visits:id=1" and visit["timestamp_desc"] == "Page Visited"
    # 805306374 = 0x30000006: AUTO_TOPLEVEL with CHAIN_START | CHAIN_END (page_transition_types.h)
    assert visit["extra"]["transition"] == 805306374
    assert (visit["extra"]["transition_core"], visit["extra"]["transition_qualifiers"]) == (
        "auto_toplevel", ["chain_start", "chain_end"])
    assert visit["extra"]["visit_source_label"] == "browsed"  # no visit_source row
    assert visit["platform"] == "desktop" and visit["origin"] == "device"

    assert download_want["data_type"] == "chrome:history:file_downloaded"
    assert download["timestamp"] == _iso(download_want["start_time"])
    assert download["extra"]["end_time"] == _iso(download_want["end_time"])
    assert download["body"] == download_want["url"]
    assert download["extra"]["url_chain"] == [download_want["url"]]
    assert download["extra"]["target_path"] == download_want["full_path"]
    assert download["extra"]["current_path"] == download_want["full_path"]
    assert download["extra"]["received_bytes"] == download_want["received_bytes"]
    assert download["extra"]["total_bytes"] == download_want["total_bytes"]
    assert (download["status"], download["extra"]["state"]) == ("complete", 1)
    # danger type 4 = MAYBE_DANGEROUS_CONTENT (download_constants.h): an .msi flagged by Safe Browsing
    assert download["extra"]["danger_type_label"] == "maybe_dangerous_content"
    assert download["source_locator"] == "downloads:id=1" and download["timestamp_desc"] == "Download Start Time"


def test_raw_times_are_kept_and_converted_exactly(parse):
    tl = parse(corpus_file("plaso", "chrome", "History-59.0.3071.86"))
    [visit] = [e for e in tl.events if e["kind"] == "visit"]
    # WebKit µs: 13161017332037692 - 11644473600000000 = 1516543732037692 µs since 1970
    assert visit["timestamp_raw"] == 13161017332037692
    assert visit["timestamp"] == "2018-01-21T14:08:52.037692Z"
    [download] = [e for e in tl.events if e["kind"] == "download"]
    assert download["extra"]["end_time_raw"] == 13161017332662377
