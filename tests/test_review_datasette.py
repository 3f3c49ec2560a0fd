"""The review UI (issue #16, point 4): a timeline written by ``artefacts parse`` served by Datasette with
this package's metadata and plugin, exercised through Datasette's own test client.

Expected values are computed from the timeline file (or from the extraction's own database) with
plain SQL and Python here, not taken from the code under test. One SMS body of the Android sample is
replaced, in a copy of the extraction, by a hostile ``<script>`` text.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import sqlite3
import zipfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from conftest import MMSSMS, SAMPLE_DATA

pytest.importorskip("datasette", reason="the review extra (datasette) is not installed")

from artefacts.cli import cli  # noqa: E402
from artefacts.review.server import make_datasette  # noqa: E402

HOSTILE = '<script>alert("pwned")</script> meet me at the quayside'
THREAD = 1  # the busiest SMS thread of the Android sample: SMS and MMS, six pictures
DB = "case"
EVIDENCE = ("android", "ios", "wa-android")


# -- the case ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def case(tmp_path_factory) -> dict:
    """A timeline of three sample extractions (one SMS body made hostile), and facts read from the inputs."""
    root = tmp_path_factory.mktemp("review")
    android = root / "android"
    with zipfile.ZipFile(SAMPLE_DATA / "android.zip") as z:
        z.extractall(android)
    con = sqlite3.connect(android / MMSSMS)
    first = con.execute("SELECT _id FROM sms WHERE thread_id = ? ORDER BY date, _id LIMIT 1", (THREAD,)).fetchone()[0]
    con.execute("UPDATE sms SET body = ? WHERE _id = ?", (HOSTILE, first))
    con.commit()
    sms_bodies = [r[0] for r in con.execute("SELECT body FROM sms WHERE thread_id = ? ORDER BY date, _id", (THREAD,))]
    thread_events = con.execute("SELECT (SELECT count(*) FROM sms WHERE thread_id = ?) + "
                                "(SELECT count(*) FROM pdu WHERE thread_id = ?)", (THREAD, THREAD)).fetchone()[0]
    parts = [r[0] for r in con.execute("SELECT part._data FROM part JOIN pdu ON part.mid = pdu._id WHERE "
                                       "pdu.thread_id = ? AND part.ct = 'image/jpeg'", (THREAD,))]
    con.close()
    out = root / f"{DB}.sqlite"
    args = ["parse", str(android), str(SAMPLE_DATA / "ios"), str(SAMPLE_DATA / "whatsapp" / "android"), "-o", str(out),
            "--case-number", "CASE-2024-017", "--examiner", "E. Xaminer", "--workdir", str(root / "work"), "-q"]
    for e in EVIDENCE:
        args += ["--evidence-id", e]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return {"path": out, "root": root, "android": android, "sms_bodies": sms_bodies, "thread_events": thread_events,
            "parts": parts}


@pytest.fixture(scope="module")
def ds(case):
    ds = make_datasette(case["path"])
    asyncio.run(ds.invoke_startup())
    return ds


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def get_json(ds, path: str):
    response = get(ds, path)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def query(path: Path, sql: str, params=()) -> list[tuple]:
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Transcript(HTMLParser):
    """The transcript page's events in page order: id, classes, kind, body text, links."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self._in_body = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and (a.get("id") or "").startswith("e-"):
            self.items.append({"id": a["id"][2:], "class": a.get("class", "").split(), "kind": a.get("data-kind"),
                               "body": None, "links": []})
        elif self.items and tag == "div" and a.get("class") == "af-body":
            self._in_body = 1
            self.items[-1]["body"] = ""
        elif self._in_body and tag == "div":
            self._in_body += 1
        elif self.items and tag == "a":
            self.items[-1]["links"].append(a.get("href"))

    def handle_endtag(self, tag):
        if self._in_body and tag == "div":
            self._in_body -= 1

    def handle_data(self, data):
        if self._in_body:
            self.items[-1]["body"] += data


def transcript(ds, **params) -> tuple[list[dict], str]:
    response = get(ds, "/-/artefacts/conversation?" + urlencode(params))
    assert response.status_code == 200, response.text[:500]
    parser = Transcript()
    parser.feed(response.text)
    return parser.items, response.text


# -- plugin and metadata ----------------------------------------------------------------------

def test_the_plugin_is_installed_through_the_datasette_entry_point():
    from importlib.metadata import entry_points

    from datasette.plugins import get_plugins

    found = [ep.value for ep in entry_points(group="datasette") if ep.name == "artefacts"]
    assert found == ["artefacts.review.datasette_plugin"]
    hooks = {h for p in get_plugins() if p["name"] in ("artefacts", "artefacts.review.datasette_plugin") for h in p["hooks"]}
    assert {"register_routes", "render_cell", "register_facet_classes", "filters_from_request"} <= hooks


def test_title_names_the_case_and_the_file_is_served_immutable(ds, case):
    before = sha256(case["path"])
    page = get(ds, "/")
    assert page.status_code == 200
    assert "Case CASE-2024-017" in page.text and "E. Xaminer" in page.text
    assert '<a href="/-/artefacts/activity">Events per day</a>' in page.text  # the menu
    assert ds.databases[DB].is_mutable is False
    get(ds, f"/{DB}/events?_search=quayside")
    assert sha256(case["path"]) == before
    assert not list(case["path"].parent.glob(case["path"].name + "-*"))  # no -wal / -journal beside it


def test_events_table_has_labels_and_the_facets(ds, case):
    data = get_json(ds, f"/{DB}/events.json?_size=0")
    facets = data["facet_results"]
    assert {"app", "kind", "direction", "evidence_id"} <= set(facets)
    for column in ("app", "kind", "direction", "evidence_id"):
        expected = dict(query(case["path"], f"SELECT [{column}], count(*) FROM events WHERE [{column}] IS NOT NULL "
                                            f"GROUP BY 1"))
        got = {r["value"]: r["count"] for r in facets[column]["results"]}
        assert got == expected, column
    page = get(ds, f"/{DB}/events")
    assert "<h1" in page.text and "Events" in page.text
    assert "Which extraction the event came from" in page.text  # the schema's column description
    assert 'class="af-time"' not in page.text  # in UTC (the default) times are shown as stored, with their Z
    assert '<link rel="stylesheet" href="/-/artefacts/review.css">' in page.text
    css = get(ds, "/-/artefacts/review.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "dl.column-descriptions" in css.text


def test_events_are_sorted_newest_first(ds, case):
    rows = get_json(ds, f"/{DB}/events.json?_shape=array&_size=50")
    times = [r["timestamp"] for r in rows]
    latest = query(case["path"], "SELECT timestamp FROM events ORDER BY timestamp DESC LIMIT 50")
    assert times == [t for (t,) in latest]


def test_full_text_search_finds_the_message(ds, case):
    rows = get_json(ds, f"/{DB}/events.json?_search=quayside&_shape=array")
    assert [r["body"] for r in rows] == [HOSTILE]
    assert rows[0]["evidence_id"] == "android" and rows[0]["conversation_id"] == str(THREAD)
    assert get_json(ds, f"/{DB}/events.json?_search=zzqxnotaword&_shape=array") == []


# -- canned queries ---------------------------------------------------------------------------

def test_conversation_query(ds, case):
    rows = get_json(ds, f"/{DB}/conversation.json?" + urlencode(
        {"evidence_id": "android", "app": "sms", "conversation_id": str(THREAD), "_shape": "array"}))
    assert len(rows) == case["thread_events"]
    assert [r["body"] for r in rows if r["body"] in case["sms_bodies"]][:1] == [HOSTILE]
    assert [r["timestamp"] for r in rows] == sorted(r["timestamp"] for r in rows)


def test_messages_per_day_query(ds, case):
    rows = get_json(ds, f"/{DB}/messages_per_day.json?evidence_id=&app=&_shape=array&_size=max")
    expected = Counter()
    for ts, evidence_id, app, direction in query(case["path"], "SELECT timestamp, evidence_id, app, direction FROM "
                                                               "events WHERE kind = 'message' AND timestamp IS NOT NULL"):
        expected[(ts[:10], evidence_id, app)] += 1
    assert {(r["day_utc"], r["evidence_id"], r["app"]): r["messages"] for r in rows} == dict(expected)
    one = get_json(ds, f"/{DB}/messages_per_day.json?evidence_id=ios&app=imessage&_shape=array&_size=max")
    assert {(r["evidence_id"], r["app"]) for r in one} == {("ios", "imessage")}
    assert sum(r["messages"] for r in one) == sum(n for k, n in expected.items() if k[1:] == ("ios", "imessage"))
    assert all(r["incoming"] + r["outgoing"] <= r["messages"] for r in one)


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.mark.parametrize("date, hours", [("2023-03-06", "2"), ("2023-03-06T22:07:49Z", "3"), ("2023-05-01", "")])
def test_around_date_query(ds, case, date, hours):
    rows = get_json(ds, f"/{DB}/around_date.json?" + urlencode({"date": date, "hours": hours, "_shape": "array",
                                                                 "_size": "max"}))
    window = timedelta(hours=int(hours or 24))
    if len(date) == 10:
        start = datetime.fromisoformat(date) - window
        end = datetime.fromisoformat(date) + timedelta(days=1) + window - timedelta(microseconds=1)
    else:
        moment = datetime.fromisoformat(date.rstrip("Z"))
        start, end = moment - window, moment + window
    expected = [ts for (ts,) in query(case["path"], "SELECT timestamp FROM events WHERE timestamp IS NOT NULL "
                                                    "ORDER BY timestamp")
                if _iso(start) <= ts <= _iso(end)]
    assert expected, "the window should hold events"
    assert [r["timestamp"] for r in rows] == expected


def test_indicators_in_common_query(ds, case):
    rows = get_json(ds, f"/{DB}/indicators_in_common.json?_shape=array&_size=max")
    devices: dict[tuple, set] = {}
    for kind, value, evidence_id in query(case["path"], "SELECT kind, normalised, evidence_id FROM indicators"):
        devices.setdefault((kind, value), set()).add(evidence_id)
    expected = {k: len(v) for k, v in devices.items() if len(v) >= 2}
    assert expected, "the sample devices share indicators"
    assert {(r["kind"], r["normalised"]): r["devices"] for r in rows} == expected


def test_a_timeline_without_indicators_has_no_indicator_query(tmp_path):
    out = tmp_path / "plain.sqlite"
    result = CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "ios"), "-o", str(out), "--no-indicators", "-q",
                                      "--workdir", str(tmp_path / "work")])
    assert result.exit_code == 0, result.output
    ds = make_datasette(out)
    asyncio.run(ds.invoke_startup())
    queries = set(ds.metadata("queries", database="plain"))
    assert "indicators_in_common" not in queries and {"conversation", "messages_per_day", "around_date"} <= queries
    assert get(ds, "/plain/indicators_in_common.json").status_code == 404
    assert get(ds, "/plain/events.json?_size=0").status_code == 200


# -- the transcript ---------------------------------------------------------------------------

def test_transcript_shows_the_conversation_in_order_with_the_hostile_body_escaped(ds, case):
    items, html = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD)
    assert len(items) == case["thread_events"]
    bodies = [i["body"] for i in items]
    # the SMS of the thread, in the order of their stored date, appear in that order
    at = 0
    for body in case["sms_bodies"]:
        at = bodies.index(body, at) + 1
    assert HOSTILE in bodies
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    # page order = time order of the events in the timeline
    by_id = {e: (ts, rowid) for e, ts, rowid in query(
        case["path"], "SELECT event_id, coalesce(timestamp, ''), rowid FROM events WHERE evidence_id = 'android' "
                      "AND app = 'sms' AND conversation_id = ?", (str(THREAD),))}
    assert [i["id"] for i in items] == sorted(by_id, key=by_id.get)
    assert all(set(i["class"]) & {"af-incoming", "af-outgoing", "af-other"} for i in items)


def test_transcript_directions_senders_and_raw_times(ds, case):
    items, html = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD)
    facts = {e: (d, s, raw) for e, d, s, raw in query(
        case["path"], "SELECT event_id, direction, coalesce(sender_name, sender), timestamp_raw FROM events "
                      "WHERE evidence_id = 'android' AND app = 'sms' AND conversation_id = ?", (str(THREAD),))}
    for item in items:
        direction, sender, raw = facts[item["id"]]
        assert f"af-{direction}" in item["class"]
        assert any(parse_qs(urlparse(link).query).get("event_id") == [item["id"]] for link in item["links"])
    senders = {s for d, s, _ in facts.values() if d == "incoming" and s}
    assert senders and all(s in html for s in senders)
    assert all(f"<code>{raw}</code>" in html for _, _, raw in facts.values())
    assert "Times are shown in <strong>UTC</strong>" in html


def test_transcript_in_a_time_zone_states_the_offset(ds, case):
    items, html = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD, tz="America/New_York")
    stamps = [ts for (ts,) in query(case["path"], "SELECT timestamp FROM events WHERE evidence_id = 'android' AND "
                                                  "app = 'sms' AND conversation_id = ?", (str(THREAD),))]
    ny = ZoneInfo("America/New_York")
    for ts in stamps:
        local = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(ny)
        offset = local.strftime("%z")
        assert f"{local:%H:%M:%S} UTC{offset[:3]}:{offset[3:]}" in html
    assert "America/New_York" in html
    assert get(ds, f"/-/artefacts/conversation?evidence_id=android&app=sms&conversation_id={THREAD}&tz=Mars/Olympus").status_code == 400


def test_transcript_links_attachments_to_their_source_rows(ds, case):
    items, _ = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD)
    links = [link for i in items for link in i["links"] if "/sources?" in link]
    assert len(links) == len(case["parts"]) > 0
    hashes = {sha256(case["android"] / p.lstrip("/")) for p in case["parts"]}
    found = set()
    for link in links:
        rows = get_json(ds, link.replace("/sources?", "/sources.json?") + "&_shape=array")
        assert len(rows) == 1 and rows[0]["evidence_id"] == "android"
        found.add(rows[0]["sha256"])
    assert found == hashes


def test_transcript_marks_deleted_and_recovered_events(ds, case):
    marked = query(case["path"], "SELECT event_id, evidence_id, app, conversation_id, deleted, recovered FROM events "
                                 "WHERE deleted = 1 OR recovered = 1")
    assert marked, "the WhatsApp sample has deleted messages"
    for event_id, evidence_id, app, conversation_id, deleted, recovered in marked:
        items, html = transcript(ds, evidence_id=evidence_id, app=app, conversation_id=conversation_id, at=event_id)
        item = next(i for i in items if i["id"] == event_id)
        assert ("af-deleted" in item["class"]) == bool(deleted)
        assert ("af-recovered" in item["class"]) == bool(recovered)
    unmarked = [i for i in items if i["id"] not in {m[0] for m in marked}]
    assert unmarked and not any({"af-deleted", "af-recovered"} & set(i["class"]) for i in unmarked)


def test_transcript_pages_and_opens_at_an_event(ds, case, monkeypatch):
    from artefacts.review import datasette_plugin

    monkeypatch.setattr(datasette_plugin, "PAGE", 7)
    monkeypatch.setattr(datasette_plugin, "CONTEXT_BEFORE", 2)
    conv = {"evidence_id": "android", "app": "sms", "conversation_id": THREAD}
    seen, html = transcript(ds, **conv)
    pages = [seen]
    while 'next page' in html:
        href = html.split('<p><a href="')[-1].split('">next page')[0].replace("&amp;", "&")
        items, html = transcript(ds, **{k: v[0] for k, v in parse_qs(urlparse(href).query).items()})
        pages.append(items)
    everything = [i["id"] for page in pages for i in page]
    assert len(pages) == -(-case["thread_events"] // 7) and len(everything) == len(set(everything)) == case["thread_events"]
    target = everything[10]
    items, _ = transcript(ds, **conv, at=target)
    assert [i["id"] for i in items][:3] == everything[8:11]


def test_transcript_of_an_unknown_conversation_or_without_parameters(ds):
    assert get(ds, "/-/artefacts/conversation?evidence_id=android&app=sms&conversation_id=nope").status_code == 404
    assert get(ds, "/-/artefacts/conversation?evidence_id=android").status_code == 400


def test_event_rows_link_to_their_transcript(ds, case):
    page = get(ds, f"/{DB}/events?_search=quayside")
    links = [part.split('"')[0].replace("&amp;", "&") for part in page.text.split('href="')[1:]
             if part.startswith("/-/artefacts/conversation")]
    assert len(links) == 2 and len(set(links)) == 1  # conversation_id and conversation_name both link
    args = parse_qs(urlparse(links[0]).query)
    (event_id,) = query(case["path"], "SELECT event_id FROM events WHERE body = ?", (HOSTILE,))[0]
    assert args == {"database": [DB], "evidence_id": ["android"], "app": ["sms"], "conversation_id": [str(THREAD)],
                    "at": [event_id]}
    items, _ = transcript(ds, **{k: v[0] for k, v in args.items()})
    assert event_id in [i["id"] for i in items]


# -- events per day ---------------------------------------------------------------------------

@pytest.mark.parametrize("tz", [None, "Asia/Kathmandu", "America/Los_Angeles"])
def test_events_per_day_chart_data(ds, case, tz):
    data = get_json(ds, "/-/artefacts/activity.json" + (f"?tz={tz}" if tz else ""))
    zone = ZoneInfo(tz) if tz else timezone.utc
    expected = Counter(datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(zone).strftime("%Y-%m-%d")
                       for (ts,) in query(case["path"], "SELECT timestamp FROM events WHERE timestamp IS NOT NULL"))
    assert {d["day"]: d["events"] for d in data["days"]} == dict(expected)
    assert data["timezone"] == (tz or "UTC")


def test_events_per_day_chart_filtered_and_drawn(ds, case):
    data = get_json(ds, "/-/artefacts/activity.json?evidence_id=ios&kind=call")
    (n,) = query(case["path"], "SELECT count(*) FROM events WHERE evidence_id = 'ios' AND kind = 'call' "
                               "AND timestamp IS NOT NULL")[0]
    assert data["events"] == n == sum(d["events"] for d in data["days"])
    page = get(ds, "/-/artefacts/activity?evidence_id=ios&kind=call")
    assert page.status_code == 200 and "<svg" in page.text
    bars = page.text.count("<rect ")
    first, last = data["days"][0]["day"], data["days"][-1]["day"]
    assert bars == (datetime.fromisoformat(last) - datetime.fromisoformat(first)).days + 1
    assert "<script src" not in page.text and "cdn" not in page.text.lower()


def test_a_datasette_without_a_timeline_is_left_alone(tmp_path):
    from datasette.app import Datasette

    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE notes (title TEXT)")
    con.commit()
    con.close()
    plain = Datasette([str(other)])
    asyncio.run(plain.invoke_startup())
    assert "/-/artefacts/activity" not in get(plain, "/").text
    assert get(plain, "/-/artefacts/activity").status_code == 404
    assert get(plain, "/-/artefacts/conversation?evidence_id=a&app=b&conversation_id=c").status_code == 404


# -- the derived case tables (issue #16): participants, identities, conversations ----------------

def _ep(case) -> list[tuple]:
    """``(event_id, participant_id, role, identity_id)`` for every event and participant of the case."""
    return query(case["path"], "SELECT ep.event_id, ep.participant_id, ep.role, p.identity_id FROM event_participants ep "
                               "JOIN participants p ON p.participant_id = ep.participant_id")


def test_case_queries_and_participant_facet_are_there(ds, case):
    queries = set(ds.metadata("queries", database=DB))
    assert queries == {"conversation", "messages_per_day", "around_date", "indicators_in_common",
                       "identities_between_devices", "identity_events"}
    facet = get_json(ds, f"/{DB}/events.json?_size=0")["facet_results"]["participant"]
    counts: dict[int, set] = {}
    for event_id, pid, _, _ in _ep(case):
        counts.setdefault(pid, set()).add(event_id)
    got = {int(r["value"]): r["count"] for r in facet["results"]}
    assert got and all(n == len(counts[pid]) for pid, n in got.items())
    left_out = [len(v) for pid, v in counts.items() if pid not in got]
    assert not left_out or min(got.values()) >= max(left_out)  # the most frequent participants are shown
    names = dict(query(case["path"], "SELECT participant_id, coalesce(display_name, value) FROM participants"))
    assert all(r["label"].startswith(names[int(r["value"])]) for r in facet["results"])


def test_identities_in_common_between_devices(ds, case):
    identities = {iid: set(json.loads(evidence)) for iid, evidence in
                  query(case["path"], "SELECT identity_id, evidence_ids FROM identities")}
    rows = get_json(ds, f"/{DB}/identities_between_devices.json?device_a=&device_b=&_shape=array&_size=max")
    assert {r["identity_id"] for r in rows} == {i for i, e in identities.items() if len(e) >= 2} != set()
    both = get_json(ds, f"/{DB}/identities_between_devices.json?device_a=android&device_b=wa-android&_shape=array"
                        f"&_size=max")
    assert {r["identity_id"] for r in both} == {i for i, e in identities.items() if {"android", "wa-android"} <= e} != set()
    values = query(case["path"], "SELECT identity_id, kind, value FROM participants")
    for r in both:
        assert set(r["identifiers"].split(", ")) == {f"{k}:{v}" for i, k, v in values if i == r["identity_id"]}
    assert get_json(ds, f"/{DB}/identities_between_devices.json?device_a=android&device_b=nowhere&_shape=array") == []


def test_all_events_of_one_identity(ds, case):
    # the identity seen on most devices, then with most events: one person across apps and phones
    (iid,) = query(case["path"], "SELECT identity_id FROM identities ORDER BY devices DESC, events DESC LIMIT 1")[0]
    rows = get_json(ds, f"/{DB}/identity_events.json?identity_id={iid}&_shape=array&_size=max")
    expected = Counter((e, role) for e, _, role, i in _ep(case) if i == iid)
    assert Counter((r["event_id"], r["role"]) for r in rows) == expected
    assert len({r["evidence_id"] for r in rows}) >= 2 and len({r["app"] for r in rows}) >= 2
    assert [r["timestamp"] or "" for r in rows] == sorted(r["timestamp"] or "" for r in rows)


def test_participant_filter_on_events(ds, case):
    pid = Counter(p for _, p, _, _ in _ep(case)).most_common(2)[1][0]
    rows = get_json(ds, f"/{DB}/events.json?_participant={pid}&_shape=array&_size=max")
    assert {r["event_id"] for r in rows} == {e for e, p, _, _ in _ep(case) if p == pid}
    assert len(rows) == len({r["event_id"] for r in rows})
    assert get(ds, f"/{DB}/events.json?_participant=x").status_code == 400


def test_conversations_link_to_their_transcript(ds, case):
    page = get(ds, f"/{DB}/conversations?_size=max")
    links = {part.split('"')[0].replace("&amp;", "&") for part in page.text.split('href="')[1:]
             if part.startswith("/-/artefacts/conversation")}
    expected = {(e, a, c) for e, a, c in query(case["path"], "SELECT evidence_id, app, conversation_id FROM conversations")}
    assert {tuple(parse_qs(urlparse(link).query)[k][0] for k in ("evidence_id", "app", "conversation_id"))
            for link in links} == expected
    (messages, incoming, outgoing) = query(case["path"], "SELECT messages, incoming, outgoing FROM conversations "
                                                         "WHERE conversation_key = ?", (f"android|sms|{THREAD}",))[0]
    items, _ = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD)
    assert sum("af-incoming" in i["class"] for i in items) == incoming
    assert sum("af-outgoing" in i["class"] for i in items) == outgoing


def test_participant_facet_of_a_large_case_is_asked_for(case, monkeypatch):
    from artefacts.review import metadata

    monkeypatch.setattr(metadata, "PARTICIPANT_FACET_MAX_EVENTS", 100)
    large = make_datasette(case["path"])
    asyncio.run(large.invoke_startup())
    assert "participant" not in get_json(large, f"/{DB}/events.json?_size=0")["facet_results"]
    asked = get_json(large, f"/{DB}/events.json?_size=0&app=sms&_facet_participant=event_id")["facet_results"]
    sms = {e for (e,) in query(case["path"], "SELECT event_id FROM events WHERE app = 'sms'")}
    counts: dict[int, set] = {}
    for event_id, pid, _, _ in _ep(case):
        if event_id in sms:
            counts.setdefault(pid, set()).add(event_id)
    got = {int(r["value"]): r["count"] for r in asked["participant"]["results"]}
    assert got and all(n == len(counts[pid]) for pid, n in got.items())


@pytest.fixture(scope="module")
def older(case):
    """The case as an older timeline (or one written before the case tables landed): no case tables."""
    path = case["root"] / "older.sqlite"
    shutil.copyfile(case["path"], path)
    con = sqlite3.connect(path)
    for (kind, name) in con.execute("SELECT type, name FROM sqlite_master WHERE name IN ('participants', "
                                    "'participant_handles', 'identities', 'identity_links', 'event_participants', "
                                    "'conversations', 'identities_in_common', 'conversations_between_devices') "
                                    "ORDER BY type = 'table'").fetchall():
        con.execute(f"DROP {kind.upper()} {name}")
    con.commit()
    con.close()
    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    return ds


def test_a_timeline_without_case_tables_has_no_identity_queries_nor_participant_facet(older):
    assert set(older.metadata("queries", database="older")) == {"conversation", "messages_per_day", "around_date",
                                                                "indicators_in_common"}
    assert get(older, "/older/identities_between_devices.json").status_code == 404
    facets = get_json(older, "/older/events.json?_size=0")["facet_results"]
    assert {"app", "kind", "direction", "evidence_id"} <= set(facets) and "participant" not in facets
    # the filter behind the facet is ignored rather than failing
    assert get(older, "/older/events.json?_participant=1&_size=0").status_code == 200


# -- the command ------------------------------------------------------------------------------

def test_serve_starts_datasette_read_only_with_the_metadata(case, monkeypatch):
    from artefacts.review import server

    started = {}

    def fake_run(ds, host, port, timeline):
        started.update(ds=ds, host=host, port=port)
        return 0

    monkeypatch.setattr(server, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", str(case["path"]), "--port", "8123", "--timezone", "Europe/Berlin"])
    assert result.exit_code == 0, result.output
    ds = started["ds"]
    assert (started["host"], started["port"]) == ("127.0.0.1", 8123)
    assert ds.databases[DB].is_mutable is False
    asyncio.run(ds.invoke_startup())
    items, html = transcript(ds, evidence_id="android", app="sms", conversation_id=THREAD)
    assert "Times are shown in <strong>Europe/Berlin</strong>" in html
    assert ds.metadata("title").startswith("Case CASE-2024-017")
    # the tables show times in the zone too, with the offset, and the stored UTC value on hover
    page = get(ds, f"/{DB}/events?_size=5").text
    berlin = ZoneInfo("Europe/Berlin")
    for (ts,) in query(case["path"], "SELECT timestamp FROM events ORDER BY timestamp DESC LIMIT 5"):
        local = datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(berlin)
        offset = local.strftime("%z")
        assert f'title="UTC {ts}">{local:%Y-%m-%d %H:%M:%S.%f} UTC{offset[:3]}:{offset[3:]}</span>' in page
    assert get_json(ds, f"/{DB}/events.json?_size=1&_shape=array")[0]["timestamp"].endswith("Z")  # data unchanged


def test_serve_answers_over_http(case, tmp_path):
    """The real command in its own process: it listens, answers, and leaves the timeline as it was."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = sha256(case["path"])
    proc = subprocess.Popen([sys.executable, "-m", "artefacts", "serve", str(case["path"]), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        body = None
        for _ in range(600):  # up to a minute on a loaded machine
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/artefacts/activity.json", timeout=5) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, proc.communicate(timeout=10) if proc.poll() is not None else "no answer"
        assert body["database"] == DB and body["events"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert sha256(case["path"]) == before


def test_serve_refuses_what_it_cannot_serve(case, tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    result = CliRunner().invoke(cli, ["serve", str(bad)])
    assert result.exit_code == 2 and "not a SQLite timeline" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["serve", str(case["path"]), "--timezone", "Mars/Olympus"])
    assert result.exit_code == 2 and "unknown time zone" in result.output


def test_serve_without_datasette_says_how_to_install_it(case, monkeypatch):
    import sys

    for name in ("datasette", "datasette.app", "uvicorn"):
        monkeypatch.setitem(sys.modules, name, None)  # import fails as if not installed
    result = CliRunner().invoke(cli, ["serve", str(case["path"])])
    assert result.exit_code == 1
    assert "pip install 'artefacts[review]'" in result.output and "Traceback" not in result.output
