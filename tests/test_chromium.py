"""Chromium browsers (``plugins/chromium.py``): the generated Android and iOS profiles parse into exactly
their manifests, the generator rebuilds them, the generated schema is the real files' schema, and the
parser's edge cases (schema versions, search-term columns, damaged Bookmarks, deleted visits)."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import SAMPLE_DATA, assert_events_match, corpus_file, delete_as_sqlite_does
from manifest_checks import assert_rebuilds

from artefacts.synthetic.chromium import PROFILES, write_sample

SAMPLE = SAMPLE_DATA / "chromium"
CHROME = PROFILES["chrome"][1]


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("platform", ["android", "ios"])
def test_sample_parses_into_exactly_its_manifest(parse, event_validator, platform):
    manifest = _manifest()[platform]
    tl = parse(SAMPLE / platform)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, manifest, validator=event_validator)
    for exp in manifest["events"]:
        event = got[exp["path"], exp["locator"]]
        assert (event["app"], event["platform"], event["origin"]) == (exp["app"], exp["platform"], "device")
    kinds = sorted({e["kind"] for e in tl.events})
    assert kinds == ["bookmark", "download", "search", "visit"]


def test_browsers_are_named_by_their_package_folder(parse):
    tl = parse(SAMPLE / "android")
    browsers = {(e["source_path"].split("/")[2], e["app"], e["extra"]["browser"]) for e in tl.events}
    assert browsers == {("com.android.chrome", "chrome", "Chrome"),
                        ("com.sec.android.app.sbrowser", "samsung_internet", "Samsung Internet"),
                        ("com.brave.browser", "brave", "Brave")}


def test_transitions_redirects_sync_and_custom_tabs(parse):
    tl = parse(SAMPLE / "android")
    visits = {e["source_locator"]: e for e in tl.events
              if e["kind"] == "visit" and e["source_path"] == f"{CHROME}/History"}
    redirect = visits["visits:id=5"]
    # LINK | CHAIN_END | SERVER_REDIRECT: 0xA0000000 stored as a signed 32-bit integer
    assert redirect["extra"]["transition"] == 0xA0000000 - (1 << 32) < 0
    assert redirect["extra"]["transition_qualifiers"] == ["chain_end", "server_redirect"]
    assert redirect["extra"]["from_url"] == "http://short.example.net/x7"
    assert visits["visits:id=4"]["extra"]["app_id"] == "com.whatsapp"  # opened in a Custom Tab by WhatsApp
    synced = visits["visits:id=7"]
    assert synced["extra"]["visit_source_label"] == "synced" and synced["extra"]["originator_cache_guid"]
    assert synced["extra"]["typed_count"] == 1 and synced["status"] == "typed"
    searches = [e for e in tl.events if e["kind"] == "search" and e["source_path"] == f"{CHROME}/History"]
    assert [(s["extra"]["term"], s["body"]) for s in searches] == [
        ("buy usdt no kyc", "https://www.google.com/search?q=buy+usdt+no+kyc")]
    interrupted = next(e for e in tl.events if e["source_locator"] == "downloads:id=2"
                       and e["source_path"] == f"{CHROME}/History")
    assert (interrupted["status"], interrupted["extra"]["interrupt_reason_label"],
            interrupted["extra"]["danger_type_label"]) == ("interrupted", "network_failed", "dangerous_file")
    assert interrupted["extra"]["current_path"].endswith(".crdownload") and "end_time" not in interrupted["extra"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = {p: write_sample(tmp_path / p, p) for p in ("android", "ios")}
    paths = [f"{p}/{e['path']}" for p, m in built.items() for e in m["events"]]
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE, *sorted(set(paths)))


def _columns(path) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        con.close()


@pytest.mark.parametrize("version", ["57.0.2987.133", "58.0.3029.96", "59.0.3071.86"])
def test_generated_schema_is_the_real_files_schema_plus_later_columns(version):
    real = _columns(corpus_file("plaso", "chrome", f"History-{version}"))
    ours = _columns(SAMPLE / "android" / CHROME / "History")
    for table, cols in ours.items():
        if table not in real:
            continue  # none of the tables the parser reads is missing from the real files
        later = [c for c in cols if c not in real[table]]
        # the columns the real (older) files have, in the order Chromium created them; later versions append
        # or (visits 54 -> 55, keyword_search_terms 41 -> 42) rebuild the table with more columns
        assert [c for c in cols if c in real[table]] == [c for c in real[table] if c in cols], table
        assert set(real[table]) - set(cols) <= {"favicon_id", "is_indexed", "lower_term"}, table
        assert table in ("visits", "downloads", "downloads_slices", "keyword_search_terms") or not later, table
    assert {"meta", "urls", "visits", "visit_source", "keyword_search_terms", "downloads",
            "downloads_url_chains"} <= set(real) & set(ours)


def _history_copy(tmp_path, version=None):
    path = tmp_path / "History"
    shutil.copyfile(SAMPLE / "android" / CHROME / "History", path)
    if version is not None:
        con = sqlite3.connect(path)
        con.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(version),))
        con.commit()
        con.close()
    return path


def test_a_file_older_than_the_1601_epoch_is_one_warning_and_no_event(parse, tmp_path):
    tl = parse(_history_copy(tmp_path, 16))
    assert tl.events == [] and tl.exit_code == 3
    [w] = tl.warnings
    assert "version 16 predates version 17" in w["message"] and w["source_path"] == "History"


def test_a_newer_version_is_parsed_with_one_warning(parse, tmp_path):
    tl = parse(_history_copy(tmp_path, 70))
    [w] = tl.warnings
    assert "version 70" in w["message"] and "parsed with the columns it has" in w["message"]
    want = [e for e in _manifest()["android"]["events"] if e["path"] == f"{CHROME}/History"]
    assert sorted(e["source_locator"] for e in tl.events) == sorted(e["locator"] for e in want)


def test_old_lower_term_column_gives_the_normalized_term(parse, tmp_path):
    path = tmp_path / "History-59"
    shutil.copyfile(corpus_file("plaso", "chrome", "History-59.0.3071.86"), path)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO keyword_search_terms (keyword_id, url_id, lower_term, term) VALUES (2, 1, 'plaso', 'Plaso')")
    con.commit()
    con.close()
    tl = parse(path)
    [search] = [e for e in tl.events if e["kind"] == "search"]
    assert (search["extra"]["term"], search["extra"]["normalized_term"]) == ("Plaso", "plaso")
    assert search["timestamp"] == "2018-01-21T14:08:52.037692Z"  # urls.last_visit_time of its results page


def test_damaged_bookmarks_are_one_warning(parse, tmp_path):
    root = tmp_path / "extraction"
    folder = root / "data/data/com.android.chrome/app_chrome/Default"
    folder.mkdir(parents=True)
    (folder / "Bookmarks").write_text('{"checksum": "x", "roots": {"bookmark_bar": {"children": [', encoding="utf-8")
    tl = parse(root)
    [w] = tl.warnings
    assert "cannot be read as JSON" in w["message"] and w["source_path"].endswith("Default/Bookmarks")
    (folder / "Bookmarks").write_text(json.dumps({"roots": {"other": {"type": "folder", "children": [
        {"type": "url", "id": "3", "name": "x", "url": "https://example.org/", "date_added": "13x"}]}}}),
        encoding="utf-8")
    tl = parse(root)
    [event] = tl.events
    assert event["timestamp"] is None and event["timestamp_raw"] == "13x" and event["timestamp_desc"] == "Not a time"
    [w] = tl.warnings
    assert "date_added is not a decimal number" in w["message"] and w["locator"] == "Bookmarks:id=3"


def test_a_deleted_visit_comes_back_with_its_live_url(parse, tmp_path):
    path = _history_copy(tmp_path)
    delete_as_sqlite_does(path, "DELETE FROM visits WHERE id = 2")
    tl = parse(path, recover=True)
    [event] = [e for e in tl.events if e["recovered"]]
    assert event["kind"] == "visit" and event["body"] == "https://exchange.example.com/signup"
    assert event["extra"]["recovery"]["status"] in ("deleted", "freed")
