"""Google Takeout My Activity (``plugins/takeout_activity.py``): the committed sample parses into exactly its
manifest; the generator rebuilds it; a German export is read by its URLs; a record that is not an object and
a time that is not one are each one warning naming the place; a record too large or a file that breaks off
stops the file with one warning, and what was read is kept."""

from __future__ import annotations

import json

from conftest import SAMPLE_DATA
from manifest_checks import assert_rebuilds, parse_clean_sample, sample_manifest

from artefacts.synthetic.takeout_activity import FILES, write_sample

SAMPLE = SAMPLE_DATA / "takeout_activity"


def _manifest() -> dict:
    return sample_manifest("takeout_activity")


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse_clean_sample(parse, event_validator, SAMPLE / "export", m)
    got = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    assert len(got) == 7
    assert {e["app"] for e in got.values()} == {"google_my_activity"}
    assert {e["origin"] for e in got.values()} == {"provider"}
    for want in m["events"]:
        e = got[want["path"], want["locator"]]
        assert e["timestamp_raw"] == want["timestamp_raw"] and e["timestamp_desc"] == "Activity Time"
    assert sorted(e["kind"] for e in got.values()) == ["other", "other", "search", "search", "visit", "visit",
                                                       "visit"]


def test_a_clicked_result_is_the_page_behind_the_redirect_and_an_indicator(parse, tmp_path):
    tl = parse(SAMPLE / "export")
    clicked = next(e for e in tl.events if e["source_path"].endswith("Search/MyActivity.json") and e["kind"] == "visit")
    assert clicked["body"].endswith(".onion/") and clicked["extra"]["title_url"].startswith(
        "https://www.google.com/url?q=" + clicked["body"])
    indicators = [json.loads(line) for line in tl.path.with_name(tl.path.name + ".indicators.jsonl").read_text().splitlines()]
    assert any(i["event_id"] == clicked["event_id"] and i["kind"] == "onion" and i["field"] == "body"
               for i in indicators)


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "export", *FILES)


def _write(tmp_path, rel: str, text: str):
    path = tmp_path / "Takeout" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path / "Takeout"


def test_a_german_export_is_read_by_its_urls(parse, tmp_path):
    # the folder and file names of locales/de.py; the titles' wording is not the parser's business: the search
    # is known by its URL, the page by nothing English, so it stays 'other' with its title
    records = [
        {"header": "Suche", "title": "X fahrplan", "titleUrl": "https://www.google.de/search?q=f%C3%A4hre+fahrplan",
         "time": "2024-05-01T10:00:00.5Z", "products": ["Suche"]},
        {"header": "Suche", "title": "Y Beispiel", "titleUrl": "https://www.example.de/",
         "time": "2024-05-01T10:01:00Z", "products": ["Suche"]},
    ]
    root = _write(tmp_path, "Meine Aktivitäten/Suche/MeineAktivitäten.json", json.dumps(records))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    search, page = tl.by_locator("activity:index=0"), tl.by_locator("activity:index=1")
    assert search["kind"] == "search" and search["extra"]["term"] == "fähre fahrplan"
    assert search["timestamp"] == "2024-05-01T10:00:00.500000Z"
    assert page["kind"] == "other" and page["body"] == "Y Beispiel"
    assert page["extra"]["title_url"] == "https://www.example.de/"


def test_bad_records_are_warnings_and_the_rest_is_kept(parse, tmp_path):
    big = "x" * (3 << 20)  # beyond what the stream holds for one record (1 MiB read ahead + the 1 MiB cap)
    text = ('[{"header": "Search", "title": "Searched for a", "time": "2024-05-01T10:00:00.000Z"},\n'
            ' "not a record",\n'
            ' {"header": "Search", "title": "Searched for b", "time": "yesterday"},\n'
            f' {{"header": "Search", "title": "{big}", "time": "2024-05-01T10:02:00.000Z"}},\n'
            ' {"header": "Search", "title": "Searched for c", "time": "2024-05-01T10:03:00.000Z"}]')
    root = _write(tmp_path, "My Activity/Search/MyActivity.json", text)
    tl = parse(root)
    assert tl.exit_code == 3
    kept = {e["source_locator"]: e for e in tl.events}
    assert sorted(kept) == ["activity:index=0", "activity:index=2"]
    assert kept["activity:index=0"]["extra"]["term"] == "a"
    assert kept["activity:index=2"]["timestamp"] is None and kept["activity:index=2"]["timestamp_raw"] == "yesterday"
    messages = [(w["locator"], w["message"]) for w in tl.warnings]
    assert len(messages) == 3, messages
    assert messages[0][0] == "activity:index=1" and "not an activity record" in messages[0][1]
    assert messages[1][0] == "activity:index=2" and "yesterday" in messages[1][1]
    assert "MyActivity.json cannot be read further" in messages[2][1]
    assert all(w["source_path"].endswith("My Activity/Search/MyActivity.json") for w in tl.warnings)


def test_a_file_that_breaks_off_keeps_what_was_read(parse, tmp_path):
    whole = (SAMPLE / "export" / "Takeout/My Activity/Search/MyActivity.json").read_text(encoding="utf-8")
    root = _write(tmp_path, "My Activity/Search/MyActivity.json", whole[: whole.index("Searched for")])
    tl = parse(root)
    assert tl.exit_code == 3 and [e["source_locator"] for e in tl.events] == ["activity:index=0"]
    [w] = tl.warnings
    assert "cannot be read further" in w["message"]


def test_a_file_that_is_not_an_array_is_not_claimed(parse, tmp_path):
    root = _write(tmp_path, "My Activity/Search/MyActivity.json", '{"not": "activity"}')
    tl = parse(root)
    assert tl.events == [] and tl.warnings == []
    (src,) = [s for s in tl.sources if s["path"].endswith("MyActivity.json")]
    assert src["status"] == "not applicable"


def test_another_json_array_given_alone_is_not_claimed(parse, tmp_path):
    other = tmp_path / "MyActivity.json"
    other.write_text(json.dumps([{"id": 1, "name": "x"}]), encoding="utf-8")
    tl = parse(other)
    [w] = tl.warnings
    assert tl.events == [] and "takeout_my_activity: no activity record" in w["message"]
