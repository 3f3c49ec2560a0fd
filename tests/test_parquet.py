"""The Parquet dataset (``--format parquet`` / ``OUT.parquet``): DuckDB reads the sample data's events
with the same count, times and bodies as the SQLite timeline; partition names never come from raw
evidence ids; the dataset is hashed, verifiable and replaced only when complete."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import SAMPLE_DATA

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

INPUTS = [SAMPLE_DATA / "android.zip", SAMPLE_DATA / "ios", SAMPLE_DATA / "whatsapp" / "android",
          SAMPLE_DATA / "telegram"]


def _events(dataset):
    con = duckdb.connect()
    return con.execute(
        f"SELECT event_id, evidence_id, app, kind, epoch_us(timestamp), timestamp_raw, body, recipients, attachments, "
        f"extra, deleted FROM read_parquet('{dataset}/events/**/*.parquet', hive_partitioning = true)").fetchall()


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    from artefacts.engine import RunOptions, run_parse

    tmp = tmp_path_factory.mktemp("parquet")
    results = {}
    for name in ("t.parquet", "t.sqlite"):
        results[name] = run_parse(RunOptions(inputs=INPUTS, output=tmp / name, workdir=tmp / "w", jobs=2))
    return tmp, results


def test_duckdb_reads_what_the_sqlite_timeline_holds(both):
    from artefacts.timeconv import parse_iso

    tmp, results = both
    assert results["t.parquet"].exit_code == results["t.sqlite"].exit_code == 0
    rows = _events(tmp / "t.parquet")
    con = sqlite3.connect(tmp / "t.sqlite")
    expected = {r[0]: r for r in con.execute(
        "SELECT event_id, evidence_id, app, kind, timestamp, timestamp_raw, body, recipients, attachments, extra, deleted "
        "FROM events")}
    assert len(rows) == len(expected) == results["t.sqlite"].events > 1000
    assert {r[1] for r in rows} == {"sample_data-android", "ios", "whatsapp-android", "telegram"}
    for eid, evidence, app, kind, micros, raw, body, recipients, attachments, extra, deleted in rows:
        want = expected[eid]
        assert (evidence, app, kind, body, bool(deleted)) == (want[1], want[2], want[3], want[6], bool(want[10]))
        assert micros == (None if want[4] is None else parse_iso(want[4]))
        assert (json.loads(raw) if raw is not None else None) == want[5]  # an integer, a real or null, as stored
        assert recipients == json.loads(want[7]) and json.loads(extra) == json.loads(want[9])
        assert [dict(a) for a in attachments] == json.loads(want[8])
    sources = duckdb.connect().execute(f"SELECT count(*), count(DISTINCT sha256) FROM '{tmp}/t.parquet/sources.parquet'").fetchone()
    assert sources[0] == con.execute("SELECT count(*) FROM sources").fetchone()[0]


def test_the_dataset_is_hashed_and_verifies(both):
    from artefacts.verify import verify

    tmp, _ = both
    listing = (tmp / "t.parquet.sha256").read_text(encoding="utf-8").splitlines()
    assert all(line.split("  ", 1)[1].startswith("t.parquet/") for line in listing)
    assert any("/events/evidence_id=" in line for line in listing) and any(line.endswith("run.json") for line in listing)
    assert verify(tmp / "t.parquet", {"ios": SAMPLE_DATA / "ios"}).ok
    victim = tmp / "t.parquet" / "run.json"
    original = victim.read_bytes()
    try:
        victim.write_bytes(original.replace(b'"', b"'", 1))
        report = verify(tmp / "t.parquet", {})
        assert not report.ok and "run.json" in report.problems[0]
    finally:
        victim.write_bytes(original)


def test_an_evidence_id_never_chooses_a_folder(tmp_path):
    from artefacts.engine import RunOptions, run_parse

    hostile = "../../x/é 1"
    result = run_parse(RunOptions(inputs=[SAMPLE_DATA / "ios"], output=tmp_path / "out" / "t.parquet",
                                  evidence_ids=[hostile], workdir=tmp_path / "w"))
    assert result.exit_code == 0
    folders = [p.name for p in (tmp_path / "out" / "t.parquet" / "events").iterdir()]
    assert folders == ["evidence_id=..%2F..%2Fx%2F%C3%A9%201"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "w"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["t.parquet", "t.parquet.sha256"]
    ids = {r[1] for r in _events(tmp_path / "out" / "t.parquet")}
    assert ids == {hostile}


def test_force_replaces_only_a_complete_dataset(tmp_path):
    from artefacts.engine import RunOptions, run_parse
    from artefacts.exporters.base import OutputExistsError

    out = tmp_path / "t.parquet"
    run_parse(RunOptions(inputs=[SAMPLE_DATA / "ios"], output=out, workdir=tmp_path / "w"))
    with pytest.raises(OutputExistsError):
        run_parse(RunOptions(inputs=[SAMPLE_DATA / "ios"], output=out, workdir=tmp_path / "w"))
    run_parse(RunOptions(inputs=[SAMPLE_DATA / "android.zip"], output=out, workdir=tmp_path / "w", force=True))
    assert {r[1] for r in _events(out)} == {"android"}
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]
