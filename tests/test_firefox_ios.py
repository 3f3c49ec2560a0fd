"""Firefox for iOS (``plugins/firefox_ios.py``): the generated ``browser.db`` parses into exactly its manifest
(visits with their types and the synced/local flag, a deleted page's visit, bookmarks of the local, mirror and
buffer tables, this device's and a synced device's tabs); the times are the stored microseconds and
milliseconds; the generated schema is BrowserSchema's; the generator rebuilds the bytes; a store without the
visits table is one warning."""

from __future__ import annotations

import json
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.ddl_loader import columns
from artefacts.synthetic.firefox_ios import BROWSER_DB, write_sample

SAMPLE = SAMPLE_DATA / "firefox_ios"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _by_locator(tl) -> dict:
    return {e["source_locator"]: e for e in tl.events}


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, _manifest(), validator=event_validator)
    assert {(e["app"], e["platform"], e["parser"].split("/")[0]) for e in tl.events} == {
        ("firefox", "ios", "firefox_ios")}


def test_visit_times_types_and_origin(parse):
    by = _by_locator(parse(SAMPLE / "ios"))
    typed = by["visits:id=1"]
    # visits.date is REAL microseconds since 1970: 2026-02-11T19:04:12.375 UTC
    assert typed["timestamp_raw"] == 1770836652375000.0 and typed["timestamp"] == "2026-02-11T19:04:12.375000Z"
    assert typed["status"] == "typed" and typed["body"] == "https://duckduckgo.com/?q=buy+monero+no+kyc"
    assert by["visits:id=4"]["status"] == "permanent redirect" and by["visits:id=5"]["status"] == "download"
    synced = by["visits:id=6"]
    assert synced["extra"]["is_local"] is False and synced["extra"]["title"] == "Listing 71 <b>"
    gone = by["visits:id=7"]  # its history row is marked deleted and has no URL any more
    assert gone["deleted"] is True and gone["body"] is None


def test_bookmarks_of_each_table_and_tabs(parse):
    by = _by_locator(parse(SAMPLE / "ios"))
    assert {k.split(":")[0] for k in by if k.startswith("bookmarks")} == {
        "bookmarksLocal", "bookmarksMirror", "bookmarksBuffer"}
    assert "bookmarksLocal:id=1" not in by and "bookmarksMirror:id=1" not in by  # folders
    local = by["bookmarksLocal:id=3"]
    assert local["extra"]["keyword"] == "l71" and local["timestamp_raw"] == 1770840352375
    assert local["extra"]["local_modified_raw"] == 1770840552375
    assert by["bookmarksMirror:id=2"]["extra"]["folder"] == "Bookmarks Menu"
    assert by["bookmarksBuffer:id=1"]["deleted"] is True
    remote = by["tabs:id=3"]
    assert remote["status"] == "remote" and remote["extra"]["remote_device"] == "Work laptop"
    own = by["tabs:id=1"]
    assert own["status"] == "open" and "remote_device" not in own["extra"]
    assert own["extra"]["tab_history"] == ["https://duckduckgo.com/?q=buy+monero+no+kyc", "http://t.example.net/go/88"]


def test_the_parser_reads_browser_schemas_columns(tmp_path):
    """Every column the parser needs or reads is a column of BrowserSchema's tables (the DDL file), and the
    generated store has exactly those tables, at user_version 39."""
    from artefacts.plugins.firefox_ios import BOOKMARK_COLUMNS, BOOKMARK_STORES, TAB_COLUMNS, FirefoxIOSBrowserParser

    ddl = {t: set(cols) for t, cols in columns("firefox_ios.sql").items()}
    for table, cols in FirefoxIOSBrowserParser.required_tables.items():
        assert cols <= ddl[table], table
    for table in BOOKMARK_STORES:
        assert BOOKMARK_COLUMNS <= ddl[table], table
    assert "local_modified" in ddl["bookmarksLocal"] and "server_modified" in ddl["bookmarksMirror"]
    assert TAB_COLUMNS <= ddl["tabs"] and {"guid", "name", "modified", "type", "os"} <= ddl["clients"]
    write_sample(tmp_path)
    con = sqlite3.connect(tmp_path / BROWSER_DB)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} - {"sqlite_sequence"}
    assert tables == set(ddl) and con.execute("PRAGMA user_version").fetchone() == (39,)
    con.close()


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "ios", BROWSER_DB)


def test_a_store_without_visits_is_one_warning(parse, tmp_path):
    path = tmp_path / "x" / BROWSER_DB
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE history (id INTEGER PRIMARY KEY, guid TEXT, url TEXT, title TEXT, is_deleted INT)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "x")
    [w] = tl.warnings
    assert w["source_path"].endswith("profile.profile/browser.db") and tl.events == [] and tl.exit_code == 3


def test_a_hostile_tab_history_is_capped_not_evaluated(parse, tmp_path):
    root = tmp_path / "x"
    write_sample(root)
    con = sqlite3.connect(root / BROWSER_DB)
    many = json.dumps([f"https://e.example/{i}" for i in range(500)])
    con.execute("UPDATE tabs SET history = ? WHERE id = 2", (many,))
    con.execute("UPDATE tabs SET history = '{\"__import__\": 1' WHERE id = 3")
    con.commit()
    con.close()
    tl = parse(root)
    by = _by_locator(tl)
    assert len(by["tabs:id=2"]["extra"]["tab_history"]) == 50
    assert "tab_history" not in by["tabs:id=3"]["extra"] and tl.warnings == []


def test_places_db_is_read_as_fenix_places_sqlite(parse, tmp_path):
    """The application-services places.db of newer releases: the Fenix store of the Firefox for Android sample, put
    where Firefox for iOS keeps it, gives the same events, field for field, but the parser and platform."""
    from artefacts.synthetic.firefox_android import FILES

    fenix = SAMPLE_DATA / "firefox" / "android" / FILES / "places.sqlite"
    ios = tmp_path / "ios" / BROWSER_DB.replace("browser.db", "places.db")
    ios.parent.mkdir(parents=True)
    ios.write_bytes(fenix.read_bytes())
    android = tmp_path / "android" / FILES / "places.sqlite"
    android.parent.mkdir(parents=True)
    android.write_bytes(fenix.read_bytes())
    got, want = parse(tmp_path / "ios"), parse(tmp_path / "android")
    assert got.warnings == [] and want.warnings == [] and len(got.events) == len(want.events) > 0
    assert {(e["parser"].split("/")[0], e["platform"]) for e in got.events} == {("firefox_ios_places", "ios")}
    skip = ("event_id", "parser", "platform", "source_path", "evidence_id")

    def rows(tl):
        return sorted(json.dumps({k: v for k, v in e.items() if k not in skip}, sort_keys=True) for e in tl.events)

    assert rows(got) == rows(want)
    assert {e["kind"] for e in got.events} == {"visit", "bookmark"}
