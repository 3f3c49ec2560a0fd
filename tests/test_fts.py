"""The SQLite timeline's FTS5 index: built beside the timeline by a thread and grafted in; it must be
the index of the events table, whatever the number of jobs and whichever way the rows arrived."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from artefacts.engine import RunOptions, run_parse
from artefacts.exporters import fts as fts_module
from conftest import SAMPLE_DATA

TERMS = ["dentist", "tschüss", "ok*", "the", "call", "a*", '"voice call"', "café", "neighbour", "z*"]


@pytest.fixture
def grafts(monkeypatch) -> list:
    """Records each index grafted from the side database (its number of indexed rows)."""
    done = []
    real = fts_module.SideIndex.graft

    def graft(self, con):
        real(self, con)
        done.append(_indexed_rows(self.path))

    monkeypatch.setattr(fts_module.SideIndex, "graft", graft)
    return done


def _parse(inputs, out: Path, **kw):
    result = run_parse(RunOptions(inputs=[str(i) for i in inputs], output=out, workdir=out.parent / "work", force=True, **kw))
    assert result.exit_code in (0, 3), result  # 3: some input reported a problem (see the warnings)
    return result


def integrity_check(db: Path) -> None:
    """FTS5's own check of the index against the events table (raises when they disagree)."""
    con = sqlite3.connect(db)
    try:
        con.execute("INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def _search(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {t: [r[0] for r in con.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ? ORDER BY rowid", (t,))]
                for t in TERMS}
    finally:
        con.close()


def _rebuilt_copy(db: Path, tmp: Path) -> Path:
    """A copy of ``db`` whose FTS index SQLite rebuilt in place from the events table."""
    copy = tmp / ("rebuilt-" + db.name)
    shutil.copyfile(db, copy)
    con = sqlite3.connect(copy)
    con.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")
    con.commit()
    con.close()
    return copy


def _instances(db: Path) -> list:
    """Every token the index holds, with its row, column and position (fts5vocab ``instance``):
    the index's content, whatever the layout of its segments."""
    con = sqlite3.connect(db)
    try:
        con.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, events_fts, instance)")
        return con.execute("SELECT doc, col, offset, term FROM temp.vocab ORDER BY doc, col, offset").fetchall()
    finally:
        con.close()


def _indexed_rows(db: Path) -> int:
    """How many rows have at least one token in the index."""
    return len({doc for doc, *_ in _instances(db)})


def _rows_with_text(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        where = " OR ".join(f"coalesce({c}, '') != ''" for c in ("body", "conversation_name", "sender", "sender_name"))
        return con.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("sql_mapping", [True, False])
def test_index_is_the_index_of_the_events(tmp_path, synthetic, partitions, grafts, jobs, sql_mapping):
    out = tmp_path / "t.sqlite"
    _parse([synthetic, SAMPLE_DATA], out, jobs=jobs, sql_mapping=sql_mapping)
    assert grafts == [_rows_with_text(out)]  # built beside the timeline, not rebuilt in place
    integrity_check(out)
    found = _search(out)
    assert len(found["a*"]) > 1000 and found["dentist"] and found['"voice call"'] and found["café"]
    rebuilt = _rebuilt_copy(out, tmp_path)
    assert found == _search(rebuilt)
    assert _instances(out) == _instances(rebuilt)
    con = sqlite3.connect(out)
    assert _indexed_rows(out) == _rows_with_text(out) > 4000
    assert con.execute("SELECT count(*) FROM events WHERE body LIKE '%dentist%'").fetchone()[0] == len(found["dentist"]) > 0
    con.close()
    # no side files left beside the output or in the working folder
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".fts") or ".partial" in p.name]


def test_integrity_check_notices_a_stale_index(tmp_path, synthetic):
    """The check used above can fail: an events row changed after indexing is caught."""
    out = tmp_path / "t.sqlite"
    _parse([synthetic], out, jobs=1)
    integrity_check(out)
    con = sqlite3.connect(out)
    con.execute("UPDATE events SET body = 'words never indexed' WHERE rowid = (SELECT min(rowid) FROM events WHERE body != '')")
    con.commit()
    con.close()
    with pytest.raises(sqlite3.DatabaseError):
        integrity_check(out)


def test_index_rebuilt_in_place_when_it_cannot_be_grafted(tmp_path, synthetic, monkeypatch):
    """Shadow tables write-protected (SQLite's defensive mode): the index is rebuilt in the timeline."""

    def refuse(self, con):
        raise sqlite3.OperationalError("table events_fts_data may not be modified")

    monkeypatch.setattr(fts_module.SideIndex, "graft", refuse)
    out = tmp_path / "t.sqlite"
    _parse([synthetic], out, jobs=2)
    integrity_check(out)
    assert _search(out) == _search(_rebuilt_copy(out, tmp_path))
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".fts")]


@pytest.mark.parametrize("failure", ["sqlite", "os"])
def test_index_rebuilt_in_place_when_the_thread_fails(tmp_path, synthetic, monkeypatch, failure):
    """An error in the FTS thread (a store it cannot open, a full disk) does not cost the run its index."""
    real = fts_module.SideIndex.add_store

    def broken(self, store, offset):
        real(self, Path(str(store) + ".missing"), offset)
        Path(store).unlink()

    if failure == "sqlite":
        monkeypatch.setattr(fts_module.SideIndex, "add_store", broken)
    else:
        def index_fails(con, item, *args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(fts_module.SideIndex, "_index", staticmethod(index_fails))
    out = tmp_path / "t.sqlite"
    result = _parse([synthetic], out, jobs=2)
    assert result.exit_code == 0
    integrity_check(out)
    assert _instances(out) == _instances(_rebuilt_copy(out, tmp_path))
    assert _indexed_rows(out) == _rows_with_text(out) > 1000
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".fts")]


def test_a_fork_waits_until_the_fts_thread_is_out_of_sqlite(tmp_path, monkeypatch):
    """Workers are forked from the writer: never while the FTS thread holds SQLite's locks."""
    import os
    import signal
    import time

    seen = []
    real = fts_module.SideIndex._index

    def slow(con, item, *args):
        seen.append("in SQLite")
        time.sleep(0.3)
        real(con, item, *args)
        seen.append("out")

    monkeypatch.setattr(fts_module.SideIndex, "_index", staticmethod(slow))
    index = fts_module.SideIndex(tmp_path / "side.fts", "CREATE VIRTUAL TABLE t USING fts5(body, content='')", "t", ["body"])
    index.add_rows([(1, "hello world")])
    while not seen:
        time.sleep(0.005)
    pid = os.fork()
    if pid == 0:  # the child can fork in turn (no FTS thread of the parent to wait for)
        signal.alarm(10)  # a hang here ends the child (and fails the test) instead of the run
        grandchild = os.fork()
        if grandchild == 0:
            os._exit(0)
        os._exit(os.waitstatus_to_exitcode(os.waitpid(grandchild, 0)[1]) + 7)
    seen.append("forked")
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
    index.finish()
    index.discard()
    assert seen == ["in SQLite", "out", "forked"]
