"""Google Takeout My Activity as web pages (``plugins/takeout_activity_html.py``): the committed sample parses
into exactly its manifest and into the same records as the JSON sample; the cells of google_takeout_parser's
own tests give what that reader's tests expect; a time named by a zone other than UTC waits for
``--timezone`` (one warning per file) and is converted by the zone's own name for that moment; hostile and
broken pages are warnings, and what they hold is kept."""

from __future__ import annotations

from conftest import SAMPLE_DATA
from manifest_checks import assert_rebuilds, parse_clean_sample, sample_manifest

from artefacts.synthetic.takeout_activity import HTML_FILES, write_html_sample

SAMPLE = SAMPLE_DATA / "takeout_activity_html"
JSON_SAMPLE = SAMPLE_DATA / "takeout_activity"
HEAD = '<html><head><meta charset="utf-8"></head><body><div class="mdl-grid">\n'
TAIL = "</div></body></html>\n"


def _manifest() -> dict:
    return sample_manifest("takeout_activity_html")


def _cell(header: str, body: str, caption: str = "") -> str:
    return ('<div class="outer-cell mdl-cell mdl-cell--12-col mdl-shadow--2dp"><div class="mdl-grid">'
            f'<div class="header-cell mdl-cell mdl-cell--12-col"><p class="mdl-typography--title">{header}<br></p>'
            f'</div><div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1">{body}</div>'
            '<div class="content-cell mdl-cell mdl-cell--6-col mdl-typography--body-1 mdl-typography--text-right">'
            f'</div><div class="content-cell mdl-cell mdl-cell--12-col mdl-typography--caption">{caption}</div>'
            "</div></div>\n")


def _page(tmp_path, *cells: str, rel="My Activity/Search/MyActivity.html"):
    path = tmp_path / "Takeout" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEAD + "".join(cells) + TAIL, encoding="utf-8")
    return tmp_path / "Takeout"


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse_clean_sample(parse, event_validator, SAMPLE / "export", m)
    got = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    assert len(got) == 7
    assert {e["parser"].split("/")[0] for e in got.values()} == {"takeout_my_activity_html"}
    assert {(e["origin"], e["timestamp_desc"]) for e in got.values()} == {("provider", "Activity Time")}
    for want in m["events"]:
        assert got[want["path"], want["locator"]]["timestamp_raw"] == want["timestamp_raw"]
    # the escaped title of the page is the text a reader saw, kept as text
    clicked = next(e for e in got.values() if e["source_path"].endswith("Search/MyActivity.html") and e["kind"] == "visit")
    assert clicked["extra"]["title"] == "Visited Search privately <script>alert(1)</script>"
    assert clicked["body"].endswith(".onion/")


def test_the_pages_give_the_records_of_the_json_files(parse):
    html_tl, json_tl = parse(SAMPLE / "export"), parse(JSON_SAMPLE / "export")

    def records(tl):
        out = {}
        for e in tl.events:
            extra = {k: v for k, v in e["extra"].items() if k not in ("local_time", "zone_name", "activity_controls")}
            out[e["source_path"].rsplit(".", 1)[0], e["source_locator"]] = (e["kind"], e["body"], extra,
                                                                            e["timestamp"][:19])
        return out

    assert records(html_tl) == records(json_tl) and len(records(html_tl)) == 7


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_html_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "export", *HTML_FILES)


def test_the_cells_of_google_takeout_parsers_tests(parse, tmp_path):
    # cells as published in seanbreckenridge/google_takeout_parser parse_html/test_html_parsing.py
    visited = ('Visited&nbsp;<a href="https://support.google.com/youtube/answer/7071292?hl=en">Get support with '
               'Premium memberships &amp; purchases - YouTube Help</a><br>Aug 25, 2020, 5:06:44 PM UTC')
    drive = "<b>Products:</b><br> Drive<br><b>Details:</b><br> From IP 8.8.8.8<br>"
    topics = ('1 notification<br>Including topics:<br><a href="https://www.google.com/maps/place/?q=place_id:XX">'
              "Emergency resources and information</a><br>Sep 1, 2020, 9:27:07 PM GMT")
    places = ('<b>Products:</b><br> Discover<br><b>Locations:</b><br> At <a href="https://www.google.com/maps/@?'
              'something">this general area</a> - From <a href="https://support.google.com/maps/answer/1">your '
              "places</a> (Home)<br>")
    maps = ('<b>Products:</b><br> Maps<br><b>Locations:</b><br> At <a href="https://www.google.com/maps/@?api=1&amp;'
            'map_action=map&amp;center=3,-18&amp;zoom=11">this general area</a> - Based on your past activity<br>')
    root = _page(tmp_path, _cell("YouTube", visited, drive), _cell("Discover", topics, places),
                 _cell("Maps", "6 cards in your feed<br>Sep 4, 2020, 11:01:46 AM UTC", maps))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    first, second, third = (tl.by_locator(f"activity:index={i}") for i in range(3))
    assert first["kind"] == "visit" and first["body"] == "https://support.google.com/youtube/answer/7071292?hl=en"
    assert first["extra"]["title"] == "Visited Get support with Premium memberships & purchases - YouTube Help"
    assert first["extra"]["products"] == ["Drive"] and first["extra"]["ip"] == "8.8.8.8"
    assert first["timestamp"] == "2020-08-25T17:06:44.000000Z"
    assert second["kind"] == "other" and second["body"] == "1 notification"
    assert second["extra"]["subtitles"] == [
        {"name": "Including topics:"},
        {"name": "Emergency resources and information", "url": "https://www.google.com/maps/place/?q=place_id:XX"}]
    assert second["extra"]["location_infos"] == [{
        "name": "At this general area", "url": "https://www.google.com/maps/@?something",
        "source": "From your places (Home)", "sourceUrl": "https://support.google.com/maps/answer/1"}]
    assert second["timestamp"] == "2020-09-01T21:27:07.000000Z"
    assert third["extra"]["location_infos"] == [{
        "name": "At this general area",
        "url": "https://www.google.com/maps/@?api=1&map_action=map&center=3,-18&zoom=11",
        "source": "Based on your past activity"}]
    # google_takeout_parser's own test: 1599242506 for Sep 4, 2020, 11:01:46 AM PDT; here written in UTC
    assert third["timestamp"] == "2020-09-04T11:01:46.000000Z"


def _zoned(tmp_path):
    search = 'Searched for&nbsp;<a href="https://www.google.com/search?q=ferry">ferry</a><br>'
    return _page(tmp_path,
                 _cell("Search", search + "Sep 4, 2020, 11:01:46\u202fAM PDT"),
                 _cell("Search", search + "Nov 1, 2020, 1:30:00 AM PDT"),
                 _cell("Search", search + "Nov 1, 2020, 1:30:00 AM PST"),
                 _cell("Search", search + "Jan 22, 2020, 8:34:00 PM UTC"))


def test_a_zone_named_other_than_utc_waits_for_timezone_with_one_warning(parse, tmp_path):
    tl = parse(_zoned(tmp_path))
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("My Activity/Search/MyActivity.html")
    assert "3 of 4 activity times are local times named PDT, PST" in w["message"] and "--timezone" in w["message"]
    first = tl.by_locator("activity:index=0")
    assert first["timestamp"] is None and first["timestamp_desc"] == "Not a time"
    assert first["timestamp_raw"] == "Sep 4, 2020, 11:01:46\u202fAM PDT"
    assert first["extra"]["local_time"] == "2020-09-04T11:01:46" and first["extra"]["zone_name"] == "PDT"
    assert first["kind"] == "search" and first["extra"]["term"] == "ferry"
    assert tl.by_locator("activity:index=3")["timestamp"] == "2020-01-22T20:34:00.000000Z"


def test_timezone_converts_by_the_name_the_zone_bore_even_in_the_hour_shown_twice(parse, tmp_path):
    tl = parse(_zoned(tmp_path), timezone="America/Los_Angeles")
    assert tl.exit_code == 0 and tl.warnings == []
    got = [tl.by_locator(f"activity:index={i}")["timestamp"] for i in range(4)]
    # 1599242506 is google_takeout_parser's own figure for 11:01:46 AM PDT on Sep 4, 2020
    assert got == ["2020-09-04T18:01:46.000000Z", "2020-11-01T08:30:00.000000Z", "2020-11-01T09:30:00.000000Z",
                   "2020-01-22T20:34:00.000000Z"]
    assert tl.by_locator("activity:index=0")["extra"]["timezone"] == "America/Los_Angeles"


def test_a_zone_that_does_not_bear_the_name_is_a_warning_per_record(parse, tmp_path):
    tl = parse(_zoned(tmp_path), timezone="Europe/Berlin")
    assert tl.exit_code == 3
    assert [w["locator"] for w in tl.warnings] == ["activity:index=0", "activity:index=1", "activity:index=2"]
    assert all("Europe/Berlin is not called" in w["message"] for w in tl.warnings)
    assert [e["timestamp"] is None for e in sorted(tl.events, key=lambda e: e["source_locator"])] == [
        True, True, True, False]


def test_a_page_in_another_language_keeps_its_times_raw(parse, tmp_path):
    root = _page(tmp_path, _cell("Suche", '<a href="https://www.google.de/search?q=f%C3%A4hre">fähre</a> gesucht'
                                          "<br>25.08.2020, 17:06:44 MESZ"),
                 rel="Meine Aktivitäten/Suche/MeineAktivitäten.html")
    tl = parse(root)
    assert tl.exit_code == 3
    [e] = tl.events
    assert e["kind"] == "search" and e["extra"]["term"] == "fähre" and e["timestamp"] is None
    assert e["timestamp_raw"] == "25.08.2020, 17:06:44 MESZ"
    [w] = tl.warnings
    assert w["locator"] == "activity:index=0" and "25.08.2020" in w["message"]


def test_hostile_and_broken_pages_keep_what_they_hold(parse, tmp_path):
    huge = "x" * 150_000
    ok = 'Searched for&nbsp;<a href="https://www.google.com/search?q=a">a</a><br>Jan 22, 2020, 8:34:00 PM UTC'
    text = HEAD + _cell("Search", huge + "<br>Jan 22, 2020, 8:35:00 PM UTC") + _cell("Search", ok)
    text += _cell("Search", "Searched for b")  # no time line
    text += _cell("Search", ok)[:-40]  # the page breaks off inside a record
    path = tmp_path / "Takeout/My Activity/Search/MyActivity.html"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    assert tl.exit_code == 3
    cut, good, untimed, unfinished = (tl.by_locator(f"activity:index={i}") for i in range(4))
    # the cap counts every character of the record: the product's name, then the text
    assert cut["extra"]["truncated"] is True and len(cut["body"]) == 100_000 - len("Search")
    assert cut["timestamp"] is None
    assert good["extra"]["term"] == "a" and good["timestamp"] == "2020-01-22T20:34:00.000000Z"
    assert untimed["kind"] == "search" and untimed["extra"]["term"] == "b" and untimed["timestamp"] is None
    assert unfinished["extra"]["unfinished"] is True and unfinished["extra"]["term"] == "a"
    assert sorted(w["locator"] for w in tl.warnings) == ["activity:index=0", "activity:index=2"]


def test_another_html_page_is_not_claimed(parse, tmp_path):
    page = tmp_path / "Takeout/My Activity/Search/MyActivity.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body><p>archive_browser</p></body></html>", encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    assert tl.events == [] and tl.warnings == []
    (src,) = [s for s in tl.sources if s["path"].endswith("MyActivity.html")]
    assert src["status"] == "not applicable"
