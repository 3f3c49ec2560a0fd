"""DuckDuckGo for iOS (``plugins/duckduckgo_ios.py``): the generated History.sqlite and Bookmarks.sqlite parse into
exactly their manifest; a DuckDuckGo results page is a search with its terms, any other page a visit; Fire tab
pages and an entry without visit rows; folder paths, favorites per form factor, a deletion pending sync; stores of
older model versions; the favorites join table found by its columns; deleted visits and a whole cleared history
come back from the free space; the generator rebuilds the committed bytes."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DATA, altered_copy, assert_events_match, delete_as_sqlite_does
from manifest_checks import assert_rebuilds, events_by_locator, sample_manifest

from artefacts.plugins.duckduckgo_ios import ddg_search_terms
from artefacts.synthetic.duckduckgo_ios import (BOOKMARKS_DB, HISTORY_DB, write_bookmarks_v3, write_history_v1,
                                               write_sample)

SAMPLE = SAMPLE_DATA / "duckduckgo_ios"


def _manifest() -> dict:
    return sample_manifest("duckduckgo_ios")


def _copy(tmp_path, db: str | None = None, sql: str | None = None):
    return altered_copy(SAMPLE / "ios", tmp_path / "extraction", db, sql)


def _page_key(event: dict, extra: dict) -> tuple:
    return (event["kind"], event["timestamp"] or "", event["body"], extra.get("title") or "", extra.get("tab_id") or "")


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, _manifest(), validator=event_validator)
    assert {(e["app"], e["platform"]) for e in tl.events} == {("duckduckgo", "ios")}  # the Android parser's app
    assert {e["parser"].split("/")[0] for e in tl.events} == {"duckduckgo_ios_history", "duckduckgo_ios_bookmarks"}


def test_a_duckduckgo_results_page_is_a_search_and_any_other_page_a_visit(parse):
    by = events_by_locator(parse(SAMPLE / "ios"))
    search = by["ZPAGEVISITMANAGEDOBJECT:Z_PK=1"]
    assert (search["kind"], search["timestamp_desc"], search["extra"]["term"]) == (
        "search", "Search Results Page Visited", "sell gift cards for btc")
    page = by["ZPAGEVISITMANAGEDOBJECT:Z_PK=2"]
    assert (page["kind"], page["timestamp_desc"]) == ("visit", "Page Visited") and "term" not in page["extra"]
    # Cocoa seconds as a REAL: the sub-second digits are kept
    assert (page["timestamp_raw"], page["timestamp"]) == (796340450.125, "2026-03-27T21:40:50.125000Z")
    assert page["extra"]["blocked_tracking_entities"] == ["Ads Example Inc", "Metrics Co"]
    assert page["extra"]["tab_id"] == "5C1F0E2A-8B3D-4E7F-9A61-2D4C6B8E0F13"


@pytest.mark.parametrize("url, terms", [
    ("https://duckduckgo.com/?q=monero+escrow&ia=web", "monero escrow"),
    ("https://duckduckgo.com/?q=a%26b", "a&b"),
    ("https://duckduckgo.com?q=no+slash", None),           # absoluteString must start with https://duckduckgo.com/
    ("https://duckduckgo.com/settings?q=dark", None),      # not the results page's path
    ("https://duckduckgo.com/?ia=web", None),              # no q parameter
    ("http://duckduckgo.com/?q=plain+http", None),         # URL.duckDuckGo is https://duckduckgo.com/
    ("https://search.example.com/?q=escrow", None),
    ("https://duckduckgo.com.example.net/?q=lookalike", None),
])
def test_what_the_app_counts_as_a_duckduckgo_search(url, terms):
    assert ddg_search_terms(url) == terms


def test_fire_tab_pages_and_an_entry_whose_visits_are_gone(parse):
    by = events_by_locator(parse(SAMPLE / "ios"))
    fire = [e for e in by.values() if e["extra"].get("record") == "tab_history"]
    assert sorted((e["kind"], e["body"]) for e in fire) == [
        ("search", "https://duckduckgo.com/?q=tails+usb+stick"), ("visit", "https://market.example.org/vendor/4411")]
    assert {(e["status"], e["timestamp"], e["extra"]["tab_id"]) for e in fire} == {
        ("tab_history_only", None, "0D7C3B9E-4F21-4A68-B5E3-9C8D7E6F5A24")}
    entry = by["ZBROWSINGHISTORYENTRYMANAGEDOBJECT:Z_PK=5"]
    assert (entry["timestamp_desc"], entry["timestamp"], entry["extra"]["failed_to_load"]) == (
        "Last Visited", "2026-03-26T21:40:29.500000Z", True)
    # tab records of visits are not events of their own
    assert not any(loc.startswith("ZTABHISTORYMANAGEDOBJECT:Z_PK=" + str(pk)) for pk in range(1, 6) for loc in by)


def test_bookmarks_folders_favorites_and_a_deletion_pending_sync(parse):
    by = events_by_locator(parse(SAMPLE / "ios"))
    offers = by["ZBOOKMARKENTITY:Z_PK=6"]
    assert offers["extra"]["favorite_folders"] == ["favorites", "mobile_favorites"] and "folder" not in offers["extra"]
    assert offers["timestamp_desc"] == "Modification Time"
    escrow = by["ZBOOKMARKENTITY:Z_PK=10"]
    assert (escrow["extra"]["folder"], escrow["extra"]["favorite_folders"]) == ("Markets/Escrow", ["desktop_favorites"])
    pending = by["ZBOOKMARKENTITY:Z_PK=8"]
    assert pending["deleted"] is True and pending["body"] is None and pending["extra"]["pending_deletion"] is True
    stub = by["ZBOOKMARKENTITY:Z_PK=11"]
    assert stub["extra"]["stub"] is True and stub["timestamp"] is None and stub["timestamp_desc"] == "Not a time"
    # folders, the root and the favorites folders are not events
    assert not any(f"ZBOOKMARKENTITY:Z_PK={pk}" in by for pk in (1, 2, 3, 4, 5, 9))


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path)
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "ios", HISTORY_DB, BOOKMARKS_DB)


def test_a_store_of_history_model_1_without_tab_records(parse, event_validator, tmp_path):
    events = write_history_v1(tmp_path / "extraction" / HISTORY_DB)
    tl = parse(tmp_path / "extraction")
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, events, validator=event_validator)
    assert len(got) == 6 and not any("tab_id" in e["extra"] or "cookie_popup_blocked" in e["extra"]
                                     for e in got.values())


def test_a_store_of_bookmarks_model_3_with_one_favorites_folder(parse, event_validator, tmp_path):
    events = write_bookmarks_v3(tmp_path / "extraction" / BOOKMARKS_DB)
    tl = parse(tmp_path / "extraction")
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, events, validator=event_validator)
    favorites = {loc: e["extra"].get("favorite_folders") for (_, loc), e in got.items() if e["extra"]["favorite"]}
    assert favorites == {"ZBOOKMARKENTITY:Z_PK=6": ["favorites"], "ZBOOKMARKENTITY:Z_PK=10": ["favorites"]}


def test_the_favorites_join_table_is_found_by_its_columns_whatever_its_name(parse, tmp_path):
    root = _copy(tmp_path, BOOKMARKS_DB, "ALTER TABLE Z_1FAVORITES RENAME TO Z_1FAVORITEFOLDERS")
    by = events_by_locator(parse(root))
    assert by["ZBOOKMARKENTITY:Z_PK=6"]["extra"]["favorite_folders"] == ["favorites", "mobile_favorites"]
    assert by["ZBOOKMARKENTITY:Z_PK=7"]["extra"]["favorite"] is False


def test_a_deleted_visit_comes_back_with_its_live_page(parse, tmp_path):
    root = _copy(tmp_path)
    # HistoryStore.clean: visits older than the retention date go, their entry stays
    delete_as_sqlite_does(root / HISTORY_DB, "DELETE FROM ZPAGEVISITMANAGEDOBJECT WHERE Z_PK = 2")
    tl = parse(root / HISTORY_DB, recover=True)
    [event] = [e for e in tl.events if e["recovered"]]
    assert event["kind"] == "visit" and event["body"] == "https://exchange.example.com/p2p/offers?asset=btc"
    assert event["timestamp"] == "2026-03-27T21:40:50.125000Z" and event["extra"]["title"] == "P2P offers"
    assert event["extra"]["tab_id"] == "5C1F0E2A-8B3D-4E7F-9A61-2D4C6B8E0F13"


def test_history_burnt_with_the_fire_button_comes_back_from_the_free_space(parse, tmp_path):
    root = _copy(tmp_path)
    # burnAll: every entry (their visits cascade) and the tab records
    for table in ("ZPAGEVISITMANAGEDOBJECT", "ZTABHISTORYMANAGEDOBJECT", "ZBROWSINGHISTORYENTRYMANAGEDOBJECT"):
        delete_as_sqlite_does(root / HISTORY_DB, f"DELETE FROM {table}")
    tl = parse(root / HISTORY_DB, recover=True)
    assert tl.events and all(e["recovered"] for e in tl.events)
    # every visit with its page, title and tab (entries and visits both carved), the entry without visits, the
    # Fire tab's pages: the live sample's history, to the microsecond
    got = sorted(_page_key(e, e["extra"]) for e in tl.events)
    want = sorted(_page_key(e, e["check"]) for e in _manifest()["events"] if e["path"] == HISTORY_DB)
    assert len(want) == 8 and got == want


def test_a_value_that_is_not_a_time_is_one_row_warning(parse, tmp_path):
    root = _copy(tmp_path, HISTORY_DB, "UPDATE ZPAGEVISITMANAGEDOBJECT SET ZDATE = 'yesterday' WHERE Z_PK = 3")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"])
    [warning] = tl.warnings
    assert warning["locator"] == "ZPAGEVISITMANAGEDOBJECT:Z_PK=3" and "ZDATE" in warning["message"]
    assert events_by_locator(tl)["ZPAGEVISITMANAGEDOBJECT:Z_PK=3"]["timestamp"] is None
