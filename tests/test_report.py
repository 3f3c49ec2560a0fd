"""The static HTML report (``artefacts report``): files, counts against the timeline, escaping, paging, search index.

No browser here (see test_report_browser.py): the report's data files are read back as the page reads
them, and every figure is checked against the timeline itself with SQL.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from artefacts.cli import cli
from artefacts.report import ReportError, build_report
from artefacts.report import build as report_build

DATA_CALL = re.compile(r'^ARTEFACTS_DATA\("([^"]+)",(.*)\);\n$', re.S)


def read_data(report: Path, name: str):
    """A data file as the page gets it: ``ARTEFACTS_DATA(name, JSON);``."""
    text = (report / "data" / f"{name}.js").read_text(encoding="utf-8")
    m = DATA_CALL.match(text)
    assert m and m.group(1) == name, text[:200]
    return json.loads(m.group(2))


def pages(report: Path, prefix: str) -> list:
    """Rows of ``data/<prefix>-0.js``, ``-1.js`` ... in order."""
    rows, n = [], 0
    while (report / "data" / f"{prefix}-{n}.js").exists():
        rows.extend(read_data(report, f"{prefix}-{n}"))
        n += 1
    assert n, f"no data/{prefix}-0.js"
    return rows


def all_events(report: Path) -> list[dict]:
    """Every event of the report in report order, its array named by the case record's ``event_fields``."""
    case = read_data(report, "case")
    return [dict(zip(case["event_fields"], e)) for e in pages(report, "events")]


@pytest.fixture(scope="module")
def report(report_case, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    build_report(report_case["timeline"], out)
    return out


@pytest.fixture(scope="module")
def timeline(report_case):
    con = sqlite3.connect(report_case["timeline"])
    con.row_factory = sqlite3.Row
    yield con
    con.close()


def test_report_has_its_files_and_a_manifest_of_their_hashes(report, timeline):
    n_events = timeline.execute("SELECT count(*) FROM events").fetchone()[0]
    for rel in ("index.html", "assets/report.js", "assets/report.css", "data/case.js", "data/paths.js",
                "data/activity.js", "data/sources-0.js", "data/warnings-0.js", "data/conv-0.js", "SHA256SUMS"):
        assert (report / rel).is_file(), rel
    chunks = sorted(report.glob("data/events-*.js"))
    assert len(chunks) == len(list(report.glob("data/extra-*.js"))) == -(-n_events // report_build.CHUNK_EVENTS)
    listed = {}
    for line in (report / "SHA256SUMS").read_text().splitlines():
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    on_disk = {str(p.relative_to(report)) for p in report.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == on_disk
    for rel, digest in listed.items():
        assert hashlib.sha256((report / rel).read_bytes()).hexdigest() == digest, rel
    # nothing is fetched from elsewhere: every script and style sheet is a relative file of the report
    html = (report / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', html) == ["assets/report.js"]
    assert "http://" not in html and "https://" not in html
    assert "http" not in (report / "assets" / "report.js").read_text().replace("http://www.w3.org/2000/svg", "")


def test_case_header_comes_from_the_run_record_escaped(report, timeline, report_case):
    html = (report / "index.html").read_text(encoding="utf-8")
    run = timeline.execute("SELECT * FROM run").fetchone()
    assert "2026-0042 &lt;b&gt;" in html and "2026-0042 <b>" not in html  # the case number is shown, as text
    assert "J. Doe" in html
    digest = hashlib.sha256(report_case["timeline"].read_bytes()).hexdigest()
    assert digest in html
    for entry in json.loads(run["inputs"]):
        assert entry["evidence_id"] in html
        if entry["sha256"]:
            assert entry["sha256"] in html
    for p in json.loads(run["parsers"]):
        assert f"{p['name']} {p['version']}" in html
    for (sha,) in timeline.execute("SELECT sha256 FROM sources WHERE role = 'database'"):
        assert sha in html
    case = read_data(report, "case")
    assert case["timezone"] == "UTC" and "UTC (offset +00:00" in html
    assert case["warnings"] == timeline.execute("SELECT count(*) FROM warnings").fetchone()[0]
    sources = pages(report, "sources")
    assert [(s["path"], s["sha256"]) for s in sources] == [
        tuple(r) for r in timeline.execute("SELECT path, sha256 FROM sources ORDER BY evidence_id, rowid")]


def test_conversation_counts_match_the_timeline(report, timeline):
    case = read_data(report, "case")
    listed = {}
    for g in case["groups"]:
        rows = pages(report, f"convs-{g['g']}")
        assert len(rows) == g["conversations"]
        assert all(r["e"] == g["evidence_id"] and r["a"] == g["app"] for r in rows)
        listed.update({(r["e"], r["a"], r["id"]): r for r in rows})
    expected = timeline.execute("""
        SELECT evidence_id, app, conversation_id, count(*) AS ev, sum(kind = 'message') AS m,
               count(CASE direction WHEN 'incoming' THEN 1 END) AS i, count(CASE direction WHEN 'outgoing' THEN 1 END) AS o, sum(kind = 'call') AS calls,
               sum(deleted) AS del, sum(recovered) AS rec, min(timestamp) AS first, max(timestamp) AS last
        FROM events GROUP BY evidence_id, app, conversation_id""").fetchall()
    assert len(expected) == len(listed) == case["conversations"]
    for r in expected:
        c = listed[(r["evidence_id"], r["app"], r["conversation_id"])]
        assert (c["ev"], c["m"], c["in"], c["out"], c["calls"], c["del"], c["rec"]) == \
            (r["ev"], r["m"], r["i"], r["o"], r["calls"], r["del"], r["rec"])
        assert (c["f"] or "")[:10] == (r["first"] or "")[:10] and (c["l"] or "")[:10] == (r["last"] or "")[:10]
    # per device: events and conversations as the timeline counts them
    per_device = {r[0]: r[1:] for r in timeline.execute(
        "SELECT evidence_id, count(*), count(DISTINCT app || '|' || ifnull(conversation_id, '')) FROM events GROUP BY 1")}
    assert {d["evidence_id"]: (d["events"], d["conversations"]) for d in case["devices"]} == per_device


def test_every_event_is_in_its_conversation_once_in_time_order(report, timeline):
    events = all_events(report)
    assert sorted(e["id"] for e in events) == sorted(r[0] for r in timeline.execute("SELECT event_id FROM events"))
    heads = pages(report, "conv")
    for i, c in enumerate(heads):
        mine = events[c["s"]:c["s"] + c["ev"]]
        assert {e["c"] for e in mine} == {i}
        times = [e["ts"] or "" for e in mine]
        assert times == sorted(times)
    # the raw value, its meaning and where it came from travel with each event
    paths = read_data(report, "paths")
    by_id = {e["id"]: e for e in events}
    extras = pages(report, "extra")
    assert len(extras) == len(events)
    for r in timeline.execute("SELECT event_id, timestamp_raw, timestamp_desc, source_path, source_locator, extra FROM events"):
        e = by_id[r["event_id"]]
        assert (e["r"], e["rd"], paths[e["p"]], e["l"]) == (r["timestamp_raw"], r["timestamp_desc"], r["source_path"],
                                                              r["source_locator"])
        assert extras[events.index(e)] == r["extra"]


def test_hostile_body_is_escaped_in_every_data_file_and_kept_exactly(report, report_case):
    for f in report.rglob("*.js"):
        text = f.read_text(encoding="utf-8")
        if f.parent.name == "data":
            assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text, f
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "__pwned" not in html and html.count("<script") == 1
    hostile = [e for e in all_events(report) if e["l"] == report_case["sms_locator"] and e["k"] == "message"]
    assert len(hostile) == 1 and hostile[0]["b"] == report_case["hostile"]
    # the page never turns data into markup
    js = (report / "assets" / "report.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", js)


def test_search_index_agrees_with_the_timelines_full_text_index(report, timeline):
    case = read_data(report, "case")
    events = all_events(report)
    position = {e["id"]: i for i, e in enumerate(events)}
    columns = case["search"]["columns"]
    for word in ("zebrafinch", "verification", "script", "447700900617"):
        shard = read_data(report, "search-" + word[:2].encode().hex())
        total, *deltas = shard[word]
        found, p = [], 0
        for d in deltas:
            p += d
            found.append(p)
        expected = sorted(position[r[0]] for r in timeline.execute(
            "SELECT event_id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)",
            ("{" + " ".join(columns) + "}: " + word,)))
        assert total == len(expected) > 0, word
        assert found == expected, word


def test_search_postings_are_capped_and_say_how_many(report_case, tmp_path, monkeypatch):
    monkeypatch.setattr(report_build, "MAX_POSTINGS", 5)
    out = tmp_path / "r"
    build_report(report_case["timeline"], out)
    con = sqlite3.connect(report_case["timeline"])
    n = con.execute("SELECT count(*) FROM events WHERE rowid IN "
                    "(SELECT rowid FROM events_fts WHERE events_fts MATCH '{body sender sender_name}: the')").fetchone()[0]
    con.close()
    entry = read_data(out, "search-" + b"th".hex())["the"]
    assert n > 5 and entry[0] == n and len(entry) == 1 + 5


def test_paging_limits_hold(report_case, tmp_path, monkeypatch):
    monkeypatch.setattr(report_build, "CHUNK_EVENTS", 97)
    monkeypatch.setattr(report_build, "LIST_PAGE", 7)
    out = tmp_path / "r"
    build_report(report_case["timeline"], out)
    case = read_data(out, "case")
    assert case["paging"]["chunk"] == 97 and case["paging"]["list"] == 7
    chunks = sorted(out.glob("data/events-*.js"))
    assert len(chunks) == -(-case["events"] // 97)
    sizes = [len(read_data(out, f"events-{k}")) for k in range(len(chunks))]
    assert all(s == 97 for s in sizes[:-1]) and 0 < sizes[-1] <= 97 and sum(sizes) == case["events"]
    for f in out.glob("data/*.js"):
        name = f.stem
        if re.match(r"(convs-\d+|conv|sources|warnings|indicators)-\d+$", name):
            assert len(read_data(out, name)) <= 7, name
    # the same report in pages of another size: same conversations, same order of events
    big = tmp_path / "big"
    monkeypatch.setattr(report_build, "CHUNK_EVENTS", 1000)
    build_report(report_case["timeline"], big)
    assert [e["id"] for e in all_events(out)] == [e["id"] for e in all_events(big)]


def test_timezone_shows_local_times_with_their_offset(report_case, tmp_path):
    out = tmp_path / "r"
    build_report(report_case["timeline"], out, timezone="America/New_York")
    case = read_data(out, "case")
    assert case["timezone"] == "America/New_York"
    from datetime import datetime
    from zoneinfo import ZoneInfo

    for e in all_events(out)[:300]:
        if not e["ts"]:
            continue
        utc = datetime.fromisoformat(e["ts"].replace("Z", "+00:00"))
        local = utc.astimezone(ZoneInfo("America/New_York"))
        assert e["t"] == local.strftime("%Y-%m-%d %H:%M:%S.%f ") + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
        assert e["t"].endswith(("-05:00", "-04:00"))
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "America/New_York (local time" in html
    with pytest.raises(ReportError, match="unknown time zone"):
        build_report(report_case["timeline"], tmp_path / "r2", timezone="Mars/Olympus_Mons")


def test_activity_counts_per_day_device_and_app(report, timeline):
    activity = read_data(report, "activity")
    got = {}
    for device, d in activity.items():
        for day, counts in d["days"]:
            for app, n in zip(d["apps"], counts):
                if n:
                    got[(device, app, day)] = n
    expected = {(r[0], r[1], r[2]): r[3] for r in timeline.execute(
        "SELECT evidence_id, app, substr(timestamp, 1, 10), count(*) FROM events WHERE timestamp IS NOT NULL GROUP BY 1, 2, 3")}
    assert got == expected


def test_warnings_of_the_run_are_in_the_printable_header(tmp_path):
    """A run that warned (the Signal sample without its key): the warning is in index.html, escaped, and in the pages."""
    from artefacts.engine import RunOptions, run_parse
    from conftest import SAMPLE_DATA

    tl = tmp_path / "t.sqlite"
    result = run_parse(RunOptions(inputs=[SAMPLE_DATA / "signal" / "android"], output=tl, workdir=tmp_path / "work"))
    assert result.exit_code == 3
    out = tmp_path / "r"
    build_report(tl, out)
    con = sqlite3.connect(tl)
    messages = [m for (m,) in con.execute("SELECT message FROM warnings")]
    con.close()
    assert messages
    html = (out / "index.html").read_text(encoding="utf-8")
    from html import escape

    assert all(escape(m, quote=True) in html for m in messages)
    assert [w["message"] for w in pages(out, "warnings")] == messages


def test_case_tables_are_shown(report, timeline):
    """Identities in common with their identifiers and links, and each conversation's participants, as the
    case tables of the timeline (participants, identities, identity_links, conversations) give them."""
    case = read_data(report, "case")
    n_identities = timeline.execute("SELECT count(*) FROM identities").fetchone()[0]
    in_common = [r[0] for r in timeline.execute(
        "SELECT identity_id FROM identities_in_common ORDER BY devices DESC, events DESC, identity_id")]
    assert case["identities"]["identities"] == n_identities and case["identities"]["in_common"] == len(in_common) > 0
    shown = pages(report, "identities")
    assert [i["id"] for i in shown] == in_common
    for ident in shown:
        members = timeline.execute("SELECT kind, value, display_name FROM participants WHERE identity_id = ? "
                                   "ORDER BY participant_id", (ident["id"],)).fetchall()
        assert [(p["kind"], p["value"], p["display_name"]) for p in ident["participants"]] == [tuple(m) for m in members]
        links = timeline.execute("SELECT reason, evidence FROM identity_links WHERE identity_id = ?", (ident["id"],)).fetchall()
        assert sorted((link["reason"], link["evidence"]) for link in ident["links"]) == sorted(tuple(x) for x in links)
        assert len(ident["evidence_ids"]) == ident["devices"] >= 2
    names = {r[0]: r[1] or r[2] for r in timeline.execute("SELECT participant_id, display_name, value FROM participants")}
    expected = {r[0]: [names[p] for p in json.loads(r[1])] for r in timeline.execute(
        "SELECT conversation_key, participants FROM conversations")}
    checked = 0
    for g in case["groups"]:
        for c in pages(report, f"convs-{g['g']}"):
            key = "|".join("" if v is None else v for v in (c["e"], c["a"], c["id"]))
            assert c["p"] == expected.get(key)  # None: a conversation the table does not list (contacts only)
            checked += bool(c["p"])
    assert checked > 10


def test_conversations_between_seized_devices(report_case, tmp_path):
    """When an identity owns another device of the case, its conversations on this one are listed."""
    tl = tmp_path / "case.sqlite"
    shutil.copy(report_case["timeline"], tl)
    con = sqlite3.connect(tl)
    assert con.execute("SELECT count(*) FROM conversations_between_devices").fetchone()[0] == 0
    # a person the phone texts by SMS is said to own the WhatsApp Android extraction ("android")
    pid = con.execute("SELECT p.participant_id FROM conversations c, json_each(c.participants) j "
                      "JOIN participants p ON p.participant_id = j.value "
                      "WHERE c.evidence_id = 'phone' AND c.app = 'sms' AND p.kind = 'phone' LIMIT 1").fetchone()[0]
    con.execute("UPDATE participants SET owner_of = '[\"android\"]', display_name = '<b>owner</b>' WHERE participant_id = ?",
                (pid,))
    con.commit()
    expected = sorted(tuple(r) for r in con.execute(
        "SELECT DISTINCT evidence_id, app, conversation_id FROM conversations_between_devices"))
    label = con.execute("SELECT label FROM identities WHERE identity_id = "
                        "(SELECT identity_id FROM participants WHERE participant_id = ?)", (pid,)).fetchone()[0]
    con.close()
    assert expected
    out = tmp_path / "r"
    build_report(tl, out)
    case = read_data(out, "case")
    rows = pages(out, "between-devices")
    assert case["between_devices"] == len(rows) == len(expected)
    assert sorted((r["e"], r["a"], r["id"]) for r in rows) == expected
    assert all(r["owners"] == [{"who": label, "of": "android"}] for r in rows)
    assert [o["owner_of"] for o in case["identities"]["owners"]] == [["android"]]
    assert "<b>" not in (out / "data" / "case.js").read_text(encoding="utf-8")


def test_without_case_tables_the_report_says_what_is_left_out(report_case, tmp_path):
    """An older timeline (no participants, identities, conversations): those parts are left out, with a note."""
    tl = tmp_path / "old.sqlite"
    shutil.copy(report_case["timeline"], tl)
    con = sqlite3.connect(tl)
    views = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view' AND name NOT LIKE 'indicator%'")]
    for v in views:
        con.execute(f"DROP VIEW [{v}]")
    for t in ("participants", "participant_handles", "identities", "identity_links", "conversations"):
        con.execute(f"DROP TABLE IF EXISTS [{t}]")
    con.commit()
    con.close()
    out = tmp_path / "r"
    build_report(tl, out)
    case = read_data(out, "case")
    assert case["identities"] is None and case["between_devices"] is None
    assert any("no identities table" in n for n in case["notes"])
    assert "no identities table" in (out / "index.html").read_text(encoding="utf-8")
    assert all(c["p"] is None for g in case["groups"] for c in pages(out, f"convs-{g['g']}"))


def test_cli_report_and_its_errors(report_case, tmp_path):
    runner = CliRunner()
    out = tmp_path / "r"
    res = runner.invoke(cli, ["report", str(report_case["timeline"]), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "index.html").is_file()
    res = runner.invoke(cli, ["report", str(report_case["timeline"]), "-o", str(out)])
    assert res.exit_code == 1 and "exists" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["report", str(report_case["timeline"]), "-o", str(out), "--force", "-q"])
    assert res.exit_code == 0, res.output
    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    res = runner.invoke(cli, ["report", str(bad), "-o", str(tmp_path / "r2")])
    assert res.exit_code == 1 and str(bad) in res.output and "Traceback" not in res.output
    assert not (tmp_path / "r2").exists() and not (tmp_path / "r2.part").exists()
    res = runner.invoke(cli, ["report", str(report_case["timeline"]), "-o", str(tmp_path / "r3"), "--timezone", "Nowhere/City"])
    assert res.exit_code == 1 and "unknown time zone" in res.output and not (tmp_path / "r3").exists()


def test_text_that_is_not_utf8_is_shown_replaced_not_fatal(report_case, tmp_path):
    """A damaged or edited timeline: a body of bytes that are not UTF-8 (stored as TEXT) gives a report and a note."""
    tl = tmp_path / "case.sqlite"
    shutil.copy(report_case["timeline"], tl)
    con = sqlite3.connect(tl)
    event_id = con.execute("SELECT event_id FROM events WHERE kind = 'message' LIMIT 1").fetchone()[0]
    con.execute("UPDATE events SET body = CAST(x'48e96c6c6fff' AS TEXT) WHERE event_id = ?", (event_id,))
    con.commit()
    con.close()
    out = tmp_path / "r"
    result = build_report(tl, out)
    assert any("not valid UTF-8" in n for n in result.notes)
    (event,) = [e for e in all_events(out) if e["id"] == event_id]
    assert event["b"] == "H\ufffdllo\ufffd"
    assert "not valid UTF-8" in (out / "index.html").read_text(encoding="utf-8")
    assert read_data(out, "case")["events"] == len(all_events(out))


def test_timeline_is_opened_read_only(report_case, tmp_path):
    tl = tmp_path / "case.sqlite"
    shutil.copy(report_case["timeline"], tl)
    before = hashlib.sha256(tl.read_bytes()).hexdigest()
    tl.chmod(0o444)
    build_report(tl, tmp_path / "r")
    assert hashlib.sha256(tl.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.sqlite", "r"]
