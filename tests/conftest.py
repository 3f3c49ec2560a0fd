"""Shared fixtures: where the real corpus lives, and running the host on an input."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLE_DATA = REPO / "sample_data"
MSGSTORE = "data/data/com.whatsapp/databases/msgstore.db"
WADB = "data/data/com.whatsapp/databases/wa.db"
MMSSMS = "data/data/com.android.providers.telephony/databases/mmssms.db"


def sample_with_manifest(parse, event_validator, app: str) -> tuple[dict, object]:
    """Parse ``sample_data/<app>/android`` (no key needed), check it is clean and valid; ``(MANIFEST.json, timeline)``."""
    import json

    manifest = json.loads((SAMPLE_DATA / app / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / app / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    return manifest, tl


def assert_events_match(tl, manifest, *, prefix: str = "", validator=None) -> dict:
    """The events of ``tl`` are exactly those of a generic manifest (the form of
    ``artefacts.synthetic.messengers``: a manifest dict, or its expected events), one per (store, row),
    equal on every field the manifest gives (attachments by name and hash), and on the ``extra`` values of an
    event's ``check`` when it has one; each validated against the schema when ``validator`` is given.
    ``prefix`` is put before the manifest's store paths. Returns the events by (path, locator)."""
    from artefacts.synthetic.messengers import EVENT_FIELDS, expected_events

    expected = expected_events(manifest) if isinstance(manifest, dict) else manifest
    got = {(e["source_path"], e["source_locator"]): e for e in tl.events}
    assert len(got) == len(tl.events)  # one event per (store, row)
    assert sorted(got) == sorted((prefix + x["path"], x["locator"]) for x in expected)
    for exp in expected:
        event = got[prefix + exp["path"], exp["locator"]]
        if validator is not None:
            validator.validate(event)
        fields = [k for k in EVENT_FIELDS if k in exp and k not in ("locator", "attachments")]
        assert {k: event[k] for k in fields} == {k: exp[k] for k in fields}, exp["locator"]
        if "attachments" in exp:
            assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]
        if "check" in exp:
            assert {k: event["extra"].get(k) for k in exp["check"]} == exp["check"], exp["locator"]
    return got


def generic_sample(parse, event_validator, app: str, device: str) -> tuple[dict, object]:
    """Parse ``sample_data/<app>/<device>`` and check it against its generic ``MANIFEST.json``: no warning,
    exactly its events (:func:`assert_events_match`), each of the app."""
    import json

    manifest = json.loads((SAMPLE_DATA / app / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE_DATA / app / device)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, manifest, validator=event_validator)
    assert {e["app"] for e in got.values()} <= {app}
    return manifest, tl


def altered_copy(sample: Path, dest: Path, db: str | None = None, sql: str | None = None, params=()) -> Path:
    """A copy of the sample folder ``sample`` at ``dest``, with ``sql`` run on its database ``db`` when given."""
    import shutil
    import sqlite3

    shutil.copytree(sample, dest)
    if sql:
        con = sqlite3.connect(dest / db)
        con.execute(sql, params)
        con.commit()
        con.close()
    return dest


def rebuilds_committed_sample(tmp_path, app: str, device: str, generic_manifest, paths) -> None:
    """``generic_manifest(tmp_path)`` writes the committed ``MANIFEST.json`` and the same bytes of every store in
    ``paths``, each within the per-app sample budget (60 KB)."""
    import json

    from manifest_checks import assert_rebuilds

    committed = json.loads((SAMPLE_DATA / app / "MANIFEST.json").read_text(encoding="utf-8"))
    assert_rebuilds(generic_manifest(tmp_path), committed, tmp_path, SAMPLE_DATA / app / device, *paths)


def reachable(edges, start) -> set:
    """The nodes ``edges`` (node -> set of neighbours) connects to ``start``, ``start`` included."""
    seen, todo = {start}, [start]
    while todo:
        for n in edges[todo.pop()] - seen:
            seen.add(n)
            todo.append(n)
    return seen


def corpus_file(*parts: str) -> Path:
    """A file of ../shared/corpus, or a clean skip when the corpus is absent (a user's clone)."""
    from artefacts.testing import corpus_file as kit_corpus_file

    return kit_corpus_file(*parts, root=CORPUS)


@pytest.fixture
def parse(tmp_path):
    """``parse(*inputs, **options)`` runs the host into a JSONL timeline (see ``artefacts.testing``)."""
    from artefacts.testing import make_runner

    return make_runner(tmp_path)


@pytest.fixture(scope="session")
def event_validator(event_schema_validator):
    """A jsonschema validator for timeline events (``artefacts.testing``)."""
    return event_schema_validator


# -- a synthetic WhatsApp (and SMS) extraction, shared by the SQL-mapping and FTS tests -------------

def _build_extraction(root: Path, n_messages: int, seed: int, n_sms: int = 0) -> dict:
    from artefacts.synthetic import build_mmssms
    from artefacts.synthetic.whatsapp import build_msgstore, build_wa_db, write_media

    (root / MSGSTORE).parent.mkdir(parents=True, exist_ok=True)
    n_chats, n_groups = max(6, n_messages // 300), max(2, n_messages // 1000)
    summary = build_msgstore(root / MSGSTORE, n_messages=n_messages, n_chats=n_chats, n_groups=n_groups,
                             n_calls=max(5, n_messages // 100), seed=seed, media_files=20)
    build_wa_db(root / WADB, n_chats=n_chats, n_groups=n_groups, seed=seed)
    write_media(summary, root / "sdcard/WhatsApp")
    if n_sms:
        (root / MMSSMS).parent.mkdir(parents=True, exist_ok=True)
        build_mmssms(root / MMSSMS, n_sms=n_sms, n_mms=10, seed=seed, index_words=False)
    return summary


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """3,000 WhatsApp messages (current schema) with wa.db and some media files, and 2,000 SMS."""
    root = tmp_path_factory.mktemp("synthetic") / "ext"
    _build_extraction(root, 3000, seed=11, n_sms=2000)
    return root


@pytest.fixture
def partitions(monkeypatch):
    """Small tables are split too (``PARTITION_MIN_ROWS`` lowered); records the splits made."""
    import artefacts.context as context

    monkeypatch.setattr(context, "PARTITION_MIN_ROWS", 500)
    made = []
    real = context.ParseContext.id_ranges

    def recording(self, table, column, parts, min_rows=None):
        ranges = real(self, table, column, parts, min_rows)
        made.append((self.source.path, table, ranges))
        return ranges

    monkeypatch.setattr(context.ParseContext, "id_ranges", recording)
    return made


# -- differential tests on real data (tests/test_real_*.py) ---------------------------------------

def iso_from_us(us: int) -> str:
    """Microseconds since 1970 as a timeline timestamp, computed here (not by ``artefacts.timeconv``)."""
    from datetime import datetime, timedelta, timezone

    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sqlite_ro(path: Path):
    """A read-only, immutable connection on a corpus file (nothing is written beside it), rows by name."""
    import sqlite3

    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    con.row_factory = sqlite3.Row
    return con


def delete_as_sqlite_does(path: Path, sql: str, params=()):
    """Run ``sql`` (a DELETE) on a test's own copy of a database as apps do by default: ``secure_delete`` off, so
    the deleted cells stay in the file's free space for the carver. Returns the rows it selected first when
    ``sql`` is a SELECT followed by ``;`` and the DELETE (the deleted rows' values, for the test to expect)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA secure_delete = OFF")
        select, _, delete = sql.partition(";")
        rows = con.execute(select, params).fetchall() if delete.strip() else []
        con.execute(delete if delete.strip() else select, params)
        con.commit()
        return rows
    finally:
        con.close()


def claimed(tl) -> dict[str, list[str]]:
    """``{source path: parsers}`` of the files some parser of the run claimed (from the manifest)."""
    return {s["path"]: s["parsers"] for s in tl.sources if s["parsers"]}


# -- a small case for the static report: three devices, one SMS whose body is hostile markup ---------

#: an SMS body that would run script if any page put it into HTML (the report must show it as text)
HOSTILE_BODY = ('</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> '
                "\"quoted\" & 'single' zebrafinch \u2028 end")


@pytest.fixture(scope="session")
def report_case(tmp_path_factory) -> dict:
    """A SQLite timeline of the sample Android phone (one SMS body replaced by ``HOSTILE_BODY``, in a copy)
    and the sample WhatsApp Android and iOS extractions, with a case number and examiner."""
    import sqlite3
    import zipfile

    from artefacts.engine import RunOptions, run_parse

    tmp = tmp_path_factory.mktemp("report_case")
    phone = tmp / "phone"
    with zipfile.ZipFile(SAMPLE_DATA / "android.zip") as z:
        z.extractall(phone)
    con = sqlite3.connect(phone / MMSSMS)
    sms_id = con.execute("SELECT min(_id) FROM sms WHERE type = 1").fetchone()[0]
    con.execute("UPDATE sms SET body = ? WHERE _id = ?", (HOSTILE_BODY, sms_id))
    con.commit()
    con.close()
    timeline = tmp / "case.sqlite"
    result = run_parse(RunOptions(
        inputs=[phone, SAMPLE_DATA / "whatsapp" / "android", SAMPLE_DATA / "whatsapp" / "ios"], output=timeline,
        case_number="2026-0042 <b>", examiner="J. Doe", workdir=tmp / "work"))
    assert result.exit_code == 0, result
    return {"timeline": timeline, "hostile": HOSTILE_BODY, "sms_locator": f"sms:_id={sms_id}"}
