"""DuckDuckGo for Android (``plugins/duckduckgo.py``): the generated history.db and app.db parse into exactly their
manifest with ``--timezone``; without it the local times are kept and each file warns once; searches, tabs
(selected, undoable, blank), favorites, folders, deleted bookmarks, fireproofed sites; the stores of versions
before the saved-sites store; bad values and a missing table are warnings; the generator rebuilds the bytes."""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, assert_events_match, delete_as_sqlite_does
from manifest_checks import assert_rebuilds

from artefacts.synthetic.duckduckgo import APP_DB, HISTORY_DB, ZONE, write_sample

SAMPLE = SAMPLE_DATA / "duckduckgo"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _by_locator(tl) -> dict:
    return {(e["source_path"].rsplit("/", 1)[-1], e["source_locator"]): e for e in tl.events}


def _copy(tmp_path, **edits):
    """The sample extraction copied under ``tmp_path``, each store named in ``edits`` changed by its SQL script."""
    root = tmp_path / "extraction"
    shutil.copytree(SAMPLE / "android", root)
    for store, script in edits.items():
        con = sqlite3.connect(root / {"history": HISTORY_DB, "app": APP_DB}[store])
        con.executescript(script)
        con.close()
    return root


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    manifest = _manifest()
    assert manifest["timezone"] == ZONE == "Europe/Berlin"
    tl = parse(SAMPLE / "android", timezone=ZONE)
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, manifest, validator=event_validator)
    assert {(e["app"], e["platform"], e["origin"]) for e in tl.events} == {("duckduckgo", "android", "device")}
    assert {e["parser"].split("/")[0] for e in tl.events} == {"duckduckgo_history", "duckduckgo_app"}
    assert sorted({e["kind"] for e in tl.events}) == ["bookmark", "other", "search", "visit"]


def test_local_times_follow_the_zone_across_the_change_to_summer_time(parse):
    by = _by_locator(parse(SAMPLE / "android", timezone=ZONE))
    winter, summer = by["history.db", "visits_list:rid=1"], by["history.db", "visits_list:rid=6"]
    # CET (+01:00) on 27 March 2026, CEST (+02:00) from 29 March 01:00 UTC
    assert (winter["timestamp_raw"], winter["timestamp"]) == ("2026-03-27T22:40:12", "2026-03-27T21:40:12.000000Z")
    assert (summer["timestamp_raw"], summer["timestamp"]) == ("2026-03-29T23:50:12", "2026-03-29T21:50:12.000000Z")
    assert winter["kind"] == "search" and winter["extra"]["term"] == "sell gift cards for btc"
    assert winter["body"] == "https://duckduckgo.com/?q=sell+gift+cards+for+btc&ia=web"


def test_without_a_zone_each_file_warns_once_and_keeps_the_local_time(parse):
    manifest = {e["locator"]: e for e in _manifest()["events"]}
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 3
    assert sorted((w["source_path"].rsplit("/", 1)[-1], "--timezone" in w["message"]) for w in tl.warnings) == [
        ("app.db", True), ("history.db", True)]
    by = _by_locator(tl)
    visits = [e for (f, _), e in by.items() if f == "history.db"]
    assert len(visits) == 6 and all(e["timestamp"] is None for e in visits)
    assert all(e["extra"]["local_time"] == manifest[e["source_locator"]]["check"]["local_time"] for e in visits)
    assert all("timezone" not in e["extra"] for e in visits)
    # the selected tab's access time is local: its preview's capture time (ms since 1970 UTC) times it instead
    tab = by["app.db", "tabs:rid=1"]
    assert (tab["timestamp"], tab["timestamp_desc"], tab["timestamp_raw"]) == (
        "2026-03-27T22:41:02.417000Z", "Tab Preview Captured", "1774651262417.jpg")
    # bookmark times are UTC instants: the same with or without a zone
    assert by["app.db", "entities:rid=4"]["timestamp"] == manifest["entities:rid=4"]["timestamp"]


def test_tabs_bookmarks_favorites_and_fireproof_sites(parse):
    by = _by_locator(parse(SAMPLE / "android", timezone=ZONE))
    selected, undoable, blank = by["app.db", "tabs:rid=1"], by["app.db", "tabs:rid=2"], by["app.db", "tabs:rid=4"]
    assert (selected["status"], selected["extra"]["open_tab"], selected["timestamp_desc"]) == (
        "selected", True, "Tab Last Accessed")
    assert undoable["status"] == "closed_undoable" and undoable["extra"]["source_tab_id"] == selected["extra"]["tab_id"]
    assert undoable["extra"]["title"] == "Escrow thread <script>alert(1)</script>"  # kept as text, never rendered
    assert (blank["body"], blank["timestamp"], blank["timestamp_desc"]) == (None, None, "Not a time")
    favorite = by["app.db", "entities:rid=4"]
    # ISO_INSTANT with nanoseconds: the raw text whole, the time to the microsecond
    assert (favorite["timestamp_raw"], favorite["timestamp"]) == ("2026-03-18T21:40:17.123456789Z",
                                                                  "2026-03-18T21:40:17.123456Z")
    assert favorite["extra"]["favorite"] is True and favorite["extra"]["favorite_folders"] == ["favorites"]
    assert by["app.db", "entities:rid=5"]["extra"]["folder"] == "DuckDuckGo Bookmarks/Markets"
    assert by["app.db", "entities:rid=6"]["deleted"] is True
    assert not any(loc in (("app.db", f"entities:rid={i}") for i in (1, 2, 3)) for loc in by)  # folders
    fire = [e for e in by.values() if e["kind"] == "other"]
    assert sorted(e["body"] for e in fire) == ["exchange.example.com", "mail.example.com"]
    assert {e["status"] for e in fire} == {"fireproof"} and all(e["timestamp"] is None for e in fire)


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path)
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "android", HISTORY_DB, APP_DB)


def test_an_app_db_from_before_the_saved_sites_store(parse, tmp_path):
    root = _copy(tmp_path, app="""
        DROP TABLE entities; DROP TABLE relations; DROP TABLE tab_selection;
        ALTER TABLE tabs DROP COLUMN lastAccessTime;
        INSERT INTO bookmark_folders (id, name, parentId) VALUES (1, 'Wallets', 0);
        INSERT INTO bookmarks (id, title, url, parentId) VALUES (1, 'Seed', 'https://wallet.example.com/seed', 1);
        INSERT INTO bookmarks (id, title, url, parentId) VALUES (2, NULL, 'https://example.org/', 0);
        INSERT INTO favorites (id, title, url, position) VALUES (1, 'Exchange', 'https://exchange.example.com/', 0);
    """)
    tl = parse(root / APP_DB)
    assert tl.exit_code == 0 and tl.warnings == []
    by = {e["source_locator"]: e for e in tl.events}
    legacy = by["bookmarks:id=1"]
    assert (legacy["kind"], legacy["body"], legacy["timestamp"], legacy["extra"]["folder"]) == (
        "bookmark", "https://wallet.example.com/seed", None, "Wallets")
    assert "folder" not in by["bookmarks:id=2"]["extra"]
    assert by["favorites:id=1"]["extra"]["favorite"] is True and by["favorites:id=1"]["extra"]["position"] == 0
    # no lastAccessTime column and no selection table: tabs timed by their preview, none selected
    assert by["tabs:rid=1"]["timestamp_desc"] == "Tab Preview Captured" and by["tabs:rid=1"]["status"] == "open"


def test_values_that_are_not_times_are_row_warnings(parse, tmp_path):
    root = _copy(tmp_path, history="UPDATE visits_list SET timestamp = 'yesterday' WHERE rowid = 2",
                 app="UPDATE entities SET lastModified = '2026-13-45T99:00:00Z' WHERE rowid = 5")
    tl = parse(root, timezone=ZONE)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"])
    assert sorted((w["locator"], w["message"].split(" is not")[0]) for w in tl.warnings) == [
        ("entities:rid=5", "entities.lastModified"), ("visits_list:rid=2", "visits_list.timestamp")]
    by = _by_locator(tl)
    assert by["history.db", "visits_list:rid=2"]["timestamp"] is None
    assert by["history.db", "visits_list:rid=2"]["body"] == "https://exchange.example.com/p2p/offers?asset=btc"
    assert by["app.db", "entities:rid=5"]["timestamp_desc"] == "Not a time"


def test_a_history_db_without_visits_is_one_warning(parse, tmp_path):
    root = _copy(tmp_path, history="DROP TABLE visits_list")
    tl = parse(root / HISTORY_DB, timezone=ZONE)
    [w] = tl.warnings
    assert "visits_list" in w["message"] and w["source_path"].endswith("history.db")
    assert tl.events == [] and tl.exit_code == 3


def test_history_cleared_with_the_fire_button_comes_back_from_the_free_space(parse, tmp_path):
    root = _copy(tmp_path)
    # a visit deleted as SQLite deletes (HistoryDao.deleteOldVisitsByTimestamp, deleteAll), secure_delete off
    delete_as_sqlite_does(root / HISTORY_DB, "DELETE FROM visits_list WHERE rowid = 3")
    tl = parse(root / HISTORY_DB, timezone=ZONE, recover=True)
    [event] = [e for e in tl.events if e["recovered"]]
    assert event["kind"] == "visit" and event["body"] == "https://forum.example.org/t/escrow/881"
    assert event["timestamp"] == "2026-03-27T21:47:04.000000Z"


def test_a_whole_history_cleared_gives_back_every_visit_time(parse, tmp_path):
    root = _copy(tmp_path)
    # HistoryDao.deleteAll (the Fire button, "clear history"): every visit, then every entry
    delete_as_sqlite_does(root / HISTORY_DB, "DELETE FROM visits_list")
    delete_as_sqlite_does(root / HISTORY_DB, "DELETE FROM history_entries")
    tl = parse(root / HISTORY_DB, timezone=ZONE, recover=True)
    recovered = sorted((e["timestamp"], e["extra"]["local_time"]) for e in tl.events if e["recovered"])
    want = sorted((e["timestamp"], e["check"]["local_time"]) for e in _manifest()["events"]
                  if e["path"] == HISTORY_DB)
    assert len(want) == 6 and recovered == want


def test_the_generated_stores_carry_rooms_version_and_identity():
    # Room writes the schema version as PRAGMA user_version and the schema's identity hash in room_master_table
    # (HistoryDatabase/4.json, AppDatabase/65.json); the tables are the exported schemas' createSql
    for store, version, identity in ((HISTORY_DB, 4, "fae2419418efea8801049948954b4c0a"),
                                     (APP_DB, 65, "8379f14cbc69e541d07d0babdb8ae5db")):
        assert _query(store, "PRAGMA user_version") == [(version,)]
        assert _query(store, "SELECT identity_hash FROM room_master_table WHERE id = 42") == [(identity,)]
        # SQLite keeps Room's statement without IF NOT EXISTS, as in the apps' own files
        tables = _query(store, "SELECT sql FROM sqlite_master WHERE type = 'table'")
        assert all(text.startswith("CREATE TABLE ") and "IF NOT EXISTS" not in text for (text,) in tables)
    [(visits,)] = _query(HISTORY_DB, "SELECT sql FROM sqlite_master WHERE name = 'visits_list'")
    assert "PRIMARY KEY(`timestamp`, `historyEntryId`, `tabId`)" in visits
    [(tabs,)] = _query(APP_DB, "SELECT sql FROM sqlite_master WHERE name = 'tabs'")
    assert "`lastAccessTime` TEXT, PRIMARY KEY(`tabId`)" in tabs


def _query(store: str, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{SAMPLE / 'android' / store}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
