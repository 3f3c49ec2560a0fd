"""``artefacts merge``: cases from separate runs equal the single run, add nothing twice, refuse altered inputs."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from artefacts.case_tables import rebuild_derived
from artefacts.engine import RunOptions, run_parse, write_digests
from artefacts.events import FIELDS
from artefacts.indicators.index import IndicatorOptions
from artefacts.merge import MergeOptions, MergeRefused, run_merge
from artefacts.verify import verify
from conftest import SAMPLE_DATA

ARTEFACTS = [sys.executable, "-c", "from artefacts.cli import main; main()"]
ANDROID, IOS, SIGNAL = SAMPLE_DATA / "android.zip", SAMPLE_DATA / "ios", SAMPLE_DATA / "signal" / "android"
SIGNAL_KEY = next(line.split("--key ")[1] for line in (SAMPLE_DATA / "signal" / "KEYS.txt").read_text().splitlines()
                  if line.startswith("signal/android"))
SOURCE_COLS = ("evidence_id, path, role, size, mtime, sha256, parsers, status, rows, events, skipped, warnings, note")
WARNING_COLS = "evidence_id, source_path, parser, locator, message"


def _parse(out: Path, *inputs, **kw) -> Path:
    kw.setdefault("jobs", 1)
    result = run_parse(RunOptions(inputs=list(inputs), output=out, workdir=out.parent / "work", **kw))
    assert result.exit_code in (0, 3)
    return out


def _merge(out: Path, *inputs, **kw):
    return run_merge(MergeOptions(inputs=list(inputs), output=out, **kw))


def _rows(path: Path, sql: str, *params) -> list:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _copy(src: Path, dest: Path) -> Path:
    """A copy of a timeline with its digest file (naming the copy), as an examiner would hand it on."""
    shutil.copyfile(src, dest)
    digest = Path(str(src) + ".sha256").read_text().replace(f"  {src.name}\n", f"  {dest.name}\n")
    Path(str(dest) + ".sha256").write_text(digest)
    return dest


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Separate runs over the Android and iOS samples, the single run over both, Signal without and with its key."""
    d = tmp_path_factory.mktemp("runs")
    return {
        "android": _parse(d / "android.sqlite", ANDROID),
        "ios": _parse(d / "ios.sqlite", IOS),
        "both": _parse(d / "both.sqlite", ANDROID, IOS),
        "signal_nokey": _parse(d / "signal0.sqlite", SIGNAL, evidence_ids=["signal-phone"]),
        "signal_key": _parse(d / "signal1.sqlite", SIGNAL, evidence_ids=["signal-phone"], keys=[SIGNAL_KEY]),
    }


def _fts_hits(path: Path, query: str) -> list:
    return _rows(path, "SELECT e.event_id FROM events_fts JOIN events AS e ON e.rowid = events_fts.rowid "
                       "WHERE events_fts MATCH ? ORDER BY e.event_id", query)


def test_merge_of_two_runs_equals_the_single_run(runs, tmp_path):
    single = runs["both"]
    result = _merge(tmp_path / "case.sqlite", runs["android"], runs["ios"])
    case = result.output
    assert result.exit_code == 0 and result.duplicates == 0 and result.conflicts == 0
    # every table of the single run is in the case with as many rows (run: one row per run + the merge's)
    tables = [t for (t,) in _rows(single, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                          "AND name NOT LIKE 'events_fts_%' AND name NOT LIKE 'sqlite_%'")]
    assert {"events", "events_fts", "sources", "warnings", "run", "indicators", "indicator_summary", "indicator_devices",
            "participants", "identities", "identity_links", "conversations"} <= set(tables)
    for t in tables:
        n_single = _rows(single, f"SELECT count(*) FROM [{t}]")[0][0]
        n_case = _rows(case, f"SELECT count(*) FROM [{t}]")[0][0]
        assert n_case == (n_single + 2 if t == "run" else n_single), t
    # events: the same rows in the same order (ids and every field)
    fields = ", ".join(f"[{f}]" for f in FIELDS)
    assert _rows(case, f"SELECT {fields} FROM events ORDER BY rowid") == _rows(single, f"SELECT {fields} FROM events ORDER BY rowid")
    assert _rows(case, "SELECT count(*) FROM events")[0][0] > 900
    # sources and warnings as the single run recorded them, each naming its run
    assert _rows(case, f"SELECT {SOURCE_COLS} FROM sources ORDER BY rowid") == _rows(single, f"SELECT {SOURCE_COLS} FROM sources ORDER BY rowid")
    assert _rows(case, f"SELECT {WARNING_COLS} FROM warnings ORDER BY rowid") == _rows(single, f"SELECT {WARNING_COLS} FROM warnings ORDER BY rowid")
    run_of = dict(_rows(case, "SELECT json_extract(inputs, '$[0].evidence_id'), run_id FROM run WHERE operation IS NULL"))
    assert _rows(case, "SELECT DISTINCT evidence_id, run_ids FROM sources ORDER BY 1") == [
        ("android", f"[{run_of['android']}]"), ("ios", f"[{run_of['ios']}]")]
    # indicators and their views
    # every derived table and view (indicators, participants, identities, conversations ...) row for row
    for t in tables:
        if t not in ("events", "events_fts", "sources", "warnings", "run"):
            assert sorted(_rows(case, f"SELECT * FROM [{t}]"), key=repr) == sorted(_rows(single, f"SELECT * FROM [{t}]"), key=repr), t
    assert _rows(case, "SELECT * FROM indicators ORDER BY rowid") == _rows(single, "SELECT * FROM indicators ORDER BY rowid")
    for t in ("indicators", "participants", "identities", "conversations"):
        assert _rows(case, f"SELECT count(*) FROM {t}")[0][0] > 0, t
    # full-text search: the same hits for words of the data
    words = {w for (body,) in _rows(single, "SELECT body FROM events WHERE body IS NOT NULL LIMIT 300")
             for w in body.split() if w.isalpha() and len(w) > 4}
    assert len(words) > 20
    for word in sorted(words)[:40]:
        hits = _fts_hits(single, word)
        assert hits and _fts_hits(case, word) == hits, word
    assert _rows(case, "INSERT INTO events_fts (events_fts) VALUES ('integrity-check')") == []
    # the run records: the single run's extractions, and the merge's own record with the inputs' hashes
    single_inputs = json.loads(_rows(single, "SELECT inputs FROM run")[0][0])
    parse_inputs = [i for (text,) in _rows(case, "SELECT inputs FROM run WHERE operation IS NULL ORDER BY run_id")
                    for i in json.loads(text)]
    assert parse_inputs == single_inputs
    (merged_inputs,) = _rows(case, "SELECT inputs FROM run WHERE operation = 'merge'")[0]
    recorded = {i["path"]: i["sha256"] for i in json.loads(merged_inputs)}
    for p in (runs["android"], runs["ios"]):
        assert recorded[str(p.resolve())] == Path(str(p) + ".sha256").read_text().split()[0]
    # the case is delivered like a parse output: hashed, and verify checks it and both extractions
    assert Path(str(case) + ".sha256").read_text().split()[0] == result.digests[str(case)]
    report = verify(case, {"android": ANDROID, "ios": IOS})
    assert report.ok and report.checked > 50, report.problems
    assert _rows(case, "PRAGMA journal_mode") == [("delete",)]


def test_merging_the_same_run_twice_adds_nothing(runs, tmp_path):
    android = runs["android"]
    again = _copy(android, tmp_path / "android-copy.sqlite")
    for i, inputs in enumerate([(android, android), (android, again)]):
        result = _merge(tmp_path / f"twice{i}.sqlite", *inputs)
        case = result.output
        assert result.exit_code == 0
        for t, cols in (("events", "*"), ("sources", SOURCE_COLS), ("warnings", WARNING_COLS), ("indicators", "*")):
            assert _rows(case, f"SELECT {cols} FROM {t} ORDER BY rowid") == _rows(android, f"SELECT {cols} FROM {t} ORDER BY rowid"), t
        n = _rows(android, "SELECT count(*) FROM events")[0][0]
        assert result.duplicates == n and result.conflicts == 0
        # one run (the same run given twice), and the merge
        assert _rows(case, "SELECT run_id, operation FROM run ORDER BY run_id") == [(1, None), (2, "merge")]
        assert _rows(case, "SELECT DISTINCT run_ids FROM sources") == [("[1]",)]
    # a second run over the same extraction differs only in its run record: nothing added, and each
    # source row names both runs
    rerun = _parse(tmp_path / "rerun.sqlite", ANDROID, jobs=2)
    result = _merge(tmp_path / "reruns.sqlite", android, rerun)
    assert result.exit_code == 0 and result.duplicates == n and result.conflicts == 0
    for t, cols in (("events", "*"), ("sources", SOURCE_COLS), ("indicators", "*")):
        assert _rows(result.output, f"SELECT {cols} FROM {t} ORDER BY rowid") == _rows(android, f"SELECT {cols} FROM {t} ORDER BY rowid"), t
    assert _rows(result.output, "SELECT DISTINCT run_ids FROM sources") == [("[1,2]",)]
    assert _rows(result.output, "SELECT run_id, operation FROM run ORDER BY run_id") == [(1, None), (2, None), (3, "merge")]
    # a case merged again with one of its runs: nothing added either
    case = _merge(tmp_path / "case.sqlite", android, runs["ios"]).output
    again = _merge(tmp_path / "case-again.sqlite", case, android)
    assert again.duplicates == _rows(android, "SELECT count(*) FROM events")[0][0]
    for t in ("events", "sources", "warnings", "indicators"):
        assert _rows(again.output, f"SELECT * FROM {t} ORDER BY rowid") == _rows(case, f"SELECT * FROM {t} ORDER BY rowid"), t
    # the runs of the first case keep their ids; the second merge is recorded after them
    assert _rows(again.output, "SELECT run_id, operation FROM run ORDER BY run_id") == [(1, None), (2, None), (3, "merge"), (4, "merge")]


def _cli(*args):
    return subprocess.run([*ARTEFACTS, *map(str, args)], capture_output=True, text=True)


def test_a_timeline_altered_after_its_run_is_refused(runs, tmp_path):
    altered = _copy(runs["android"], tmp_path / "altered.sqlite")
    con = sqlite3.connect(altered)
    with con:
        con.execute("UPDATE events SET body = 'I never wrote this' WHERE rowid = (SELECT min(rowid) FROM events WHERE body IS NOT NULL)")
    con.close()
    out = tmp_path / "case.sqlite"
    for force in ((), ("--force",)):  # --force replaces an output, it never skips verification
        proc = _cli("merge", altered, runs["ios"], "-o", out, *force)
        assert proc.returncode == 2, proc.stderr
        assert "altered.sqlite does not verify, refused" in proc.stderr and "differs from the recorded" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert not out.exists() and not Path(str(out) + ".sha256").exists()
    assert list(tmp_path.glob("case.sqlite*")) == []
    # without the digest file its run wrote, a timeline cannot be verified: refused too
    Path(str(altered) + ".sha256").unlink()
    proc = _cli("merge", altered, runs["ios"], "-o", out)
    assert proc.returncode == 2 and "cannot be verified" in proc.stderr, proc.stderr
    # re-hashed after the edit, an event that names a source hash its sources table does not hold is refused
    con = sqlite3.connect(altered)
    with con:
        con.execute("UPDATE events SET source_sha256 = 'ab' || substr(source_sha256, 3) WHERE rowid = 1")
    con.close()
    write_digests([altered])
    with pytest.raises(MergeRefused, match="which its sources table does not record"):
        _merge(out, altered)
    assert not out.exists()


def test_a_rerun_with_more_keys_gives_the_union(runs, tmp_path):
    nokey, key = runs["signal_nokey"], runs["signal_key"]
    without = {e for (e,) in _rows(nokey, "SELECT event_id FROM events")}
    with_key = {e for (e,) in _rows(key, "SELECT event_id FROM events")}
    assert without < with_key  # the key reads the Signal database: its messages are the difference
    for first, second in ((nokey, key), (key, nokey)):
        result = _merge(tmp_path / f"union-{first.stem}.sqlite", first, second)
        case = result.output
        ids = [e for (e,) in _rows(case, "SELECT event_id FROM events")]
        assert len(ids) == len(set(ids)) and set(ids) == without | with_key
        assert result.conflicts == 0
        # both runs' statuses of the Signal database stay distinguishable by their run
        runs_of = dict(_rows(case, "SELECT status, run_id FROM run WHERE operation IS NULL"))  # without the key: partial
        statuses = _rows(case, "SELECT status, run_ids FROM sources WHERE path LIKE '%/databases/signal.db' ORDER BY status")
        assert statuses == [("failed", f"[{runs_of['partial']}]"), ("parsed", f"[{runs_of['complete']}]")]
        # the warning of the run without the key is kept, with that run
        assert _rows(case, "SELECT run_ids, message LIKE '%no key was given%' FROM warnings") == [(f"[{runs_of['partial']}]", 1)]
        assert result.exit_code == 3


def test_an_event_that_differs_between_inputs_is_kept_once_and_named(runs, tmp_path):
    android = runs["android"]
    other = _copy(android, tmp_path / "other.sqlite")
    con = sqlite3.connect(other)
    event_id, body = con.execute("SELECT event_id, body FROM events WHERE body IS NOT NULL ORDER BY rowid LIMIT 1").fetchone()
    with con:
        con.execute("UPDATE events SET body = 'another text' WHERE event_id = ?", (event_id,))
    con.close()
    write_digests([other])  # as another tool version would have written it: its own hash verifies
    warned = []
    result = run_merge(MergeOptions(inputs=[android, other], output=tmp_path / "case.sqlite"), on_warning=warned.append)
    case = result.output
    assert result.exit_code == 3 and result.conflicts == 1
    assert _rows(case, "SELECT body FROM events WHERE event_id = ?", event_id) == [(body,)]
    assert _rows(case, "SELECT count(*) FROM events")[0][0] == _rows(android, "SELECT count(*) FROM events")[0][0]
    (message, run_ids), = _rows(case, "SELECT message, run_ids FROM warnings")
    assert event_id in message and "body" in message and "other.sqlite" in message
    (merge_id,), = _rows(case, "SELECT run_id FROM run WHERE operation = 'merge'")
    assert run_ids == f"[{merge_id}]"
    assert [w["message"] for w in warned] == [message]


def test_one_evidence_id_for_two_extractions_is_refused(runs, tmp_path):
    # the Signal sample parsed under the Android sample's evidence id: another extraction, same name
    clash = _parse(tmp_path / "clash.sqlite", SIGNAL, evidence_ids=["android"])
    with pytest.raises(MergeRefused, match="evidence id 'android' names two extractions"):
        _merge(tmp_path / "case.sqlite", runs["android"], clash)
    assert not (tmp_path / "case.sqlite").exists()


def test_output_rules(runs, tmp_path):
    out = tmp_path / "case.sqlite"
    out.write_text("an earlier file")
    proc = _cli("merge", runs["android"], "-o", out)
    assert proc.returncode == 2 and "exists" in proc.stderr and out.read_text() == "an earlier file"
    proc = _cli("merge", runs["android"], runs["ios"], "-o", out, "--force")
    assert proc.returncode == 0, proc.stderr
    assert "sha256 " in proc.stderr and _rows(out, "SELECT count(*) FROM run")[0][0] == 3
    proc = _cli("merge", out, runs["ios"], "-o", out, "--force")
    assert proc.returncode == 2 and "is one of the inputs" in proc.stderr
    doc = _parse(tmp_path / "t.json", IOS)  # one JSON document: not merged (it would be read whole)
    proc = _cli("merge", doc, "-o", tmp_path / "x.sqlite")
    assert proc.returncode == 2 and "only SQLite and JSON Lines timelines" in proc.stderr


def test_a_json_lines_run_merges_as_its_sqlite_twin(runs, tmp_path):
    ios = _parse(tmp_path / "ios.jsonl", IOS)
    result = _merge(tmp_path / "case.sqlite", runs["android"], ios)
    assert result.exit_code == 0
    for t, cols in (("events", "*"), ("sources", SOURCE_COLS), ("warnings", WARNING_COLS), ("indicators", "*")):
        assert _rows(result.output, f"SELECT {cols} FROM {t} ORDER BY rowid") == _rows(runs["both"], f"SELECT {cols} FROM {t} ORDER BY rowid"), t
    assert _rows(result.output, "SELECT output_format FROM run ORDER BY run_id") == [("sqlite",), ("jsonl",), ("sqlite",)]
    assert [p.name for p in tmp_path.iterdir() if "inputs" in p.name] == []  # its SQLite form was scratch
    # a line edited after the run: the digest its run wrote no longer matches
    lines = ios.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('"body":"', '"body":"not what was sent: ', 1)
    assert "not what was sent" in lines[3]
    ios.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(MergeRefused, match="ios.jsonl does not verify"):
        _merge(tmp_path / "case2.sqlite", runs["android"], ios)


def test_rebuild_derived_rebuilds_what_parse_built(runs, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(runs["both"], copy)
    con = sqlite3.connect(copy)
    derived = ("indicators", "participants", "participant_handles", "identities", "identity_links", "conversations")
    def table(t):  # in the order written for the indicators; as a set (sorted) for the rest
        rows = con.execute(f"SELECT * FROM {t}" + (" ORDER BY rowid" if t == "indicators" else "")).fetchall()
        return rows if t == "indicators" else sorted(rows, key=repr)

    before = {t: table(t) for t in derived}
    recorded = json.loads(con.execute("SELECT counts FROM run").fetchone()[0])
    with con:
        con.execute("INSERT INTO events_fts (events_fts) VALUES ('delete-all')")  # an empty index: no search finds anything
        assert con.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'meet*'").fetchone() == (0,)
        for t in derived[1:]:
            con.execute(f"DELETE FROM {t}")
        counts = rebuild_derived(con, indicators=IndicatorOptions(), fts=True)
    assert counts == {k: recorded[k] for k in counts} and counts["indicators"] > 0 and counts["participants"] > 0
    for t in derived:
        assert table(t) == before[t], t
    assert con.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')").fetchall() == []
    con.close()
    hits = _fts_hits(runs["both"], "meet*")
    assert hits and _fts_hits(copy, "meet*") == hits


def test_an_input_that_changes_while_merged_leaves_nothing(runs, tmp_path, monkeypatch):
    import os

    import artefacts.merge as merge

    ios = _copy(runs["ios"], tmp_path / "ios.sqlite")
    real = merge._Case.add_events

    def touching(self, inp, warnings):
        real(self, inp, warnings)
        st = os.stat(ios)
        os.utime(ios, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # written to meanwhile

    monkeypatch.setattr(merge._Case, "add_events", touching)
    out = tmp_path / "case.sqlite"
    with pytest.raises(MergeRefused, match="ios.sqlite changed while it was merged"):
        _merge(out, runs["android"], ios)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ios.sqlite", "ios.sqlite.sha256"]


def _phone_with_sms(root: Path, seed: int, body: str) -> Path:
    """A generated phone whose first SMS body holds ``body`` (a number written without a country code)."""
    from artefacts.synthetic import build_mmssms
    from conftest import MMSSMS

    db = root / MMSSMS
    db.parent.mkdir(parents=True)
    build_mmssms(db, n_sms=20, n_mms=0, seed=seed)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE sms SET body = ? WHERE _id = (SELECT min(_id) FROM sms)", (body,))
    con.close()
    return root


def test_the_phone_region_the_runs_recorded_is_the_cases(tmp_path):
    pa = _phone_with_sms(tmp_path / "phone-a", 1, "ruf mich an: 030 22730027")
    pb = _phone_with_sms(tmp_path / "phone-b", 2, "neue Nummer 0170 1234567")
    a = _parse(tmp_path / "a.sqlite", pa, phone_region="DE")
    b = _parse(tmp_path / "b.sqlite", pb, phone_region="DE")
    single = _parse(tmp_path / "both.sqlite", pa, pb, phone_region="DE")
    phones = "SELECT event_id, normalised FROM indicators WHERE kind = 'phone' ORDER BY rowid"
    assert [n for _, n in _rows(single, phones)] == ["+493022730027", "+491701234567"]
    case = _merge(tmp_path / "case.sqlite", a, b).output
    rows = "SELECT * FROM indicators ORDER BY rowid"
    assert _rows(case, rows) == _rows(single, rows)
    participants = "SELECT * FROM participants ORDER BY participant_id"
    assert _rows(case, participants) == _rows(single, participants)
    assert _rows(case, "SELECT indicator_scan, default_region FROM run ORDER BY run_id") == [(1, "DE")] * 3
    # runs that read numbers with different regions: the case needs one, given
    b_none = _parse(tmp_path / "b-none.sqlite", pb)
    assert _rows(b_none, phones) == []
    with pytest.raises(MergeRefused, match="different --default-region"):
        _merge(tmp_path / "mixed.sqlite", a, b_none)
    mixed = _merge(tmp_path / "mixed.sqlite", a, b_none, phone_region="DE").output
    assert _rows(mixed, rows) == _rows(single, rows)


def test_a_merge_stopped_by_a_signal_writes_nothing(runs, tmp_path, monkeypatch):
    import signal

    from click.testing import CliRunner

    import artefacts.merge as merge
    from artefacts import stops
    from artefacts.cli import cli

    def stopped(self, inp, warnings):  # what the SIGTERM handler raises, midway through the events
        raise stops.Interrupted(signal.SIGTERM)

    monkeypatch.setattr(merge._Case, "add_events", stopped)
    out = tmp_path / "out" / "case.sqlite"
    try:
        result = CliRunner().invoke(cli, ["merge", str(runs["android"]), str(runs["ios"]), "-o", str(out)])
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # the command installed its handlers
            signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "interrupted (stopped by SIGTERM): no case written"
    assert list(out.parent.iterdir()) == []  # no case, no partial file, no digest, no scratch folder
