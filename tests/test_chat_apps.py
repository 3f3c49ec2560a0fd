"""The generated Kik iOS, Skype desktop, Hangouts and imo iOS samples (``sample_data/<app>/``).

Each sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
the generator, ``artefacts/synthetic/chat_apps.py``, from its own values); rebuilding gives the
committed bytes; and the generated databases have the real files' schema (``corpus/plaso``).
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import SAMPLE_DATA, claimed, corpus_file, sqlite_ro

APPS = {  # app -> (device folder, parser, the real plaso file of the same schema)
    "kik": ("ios", "kik_ios", "kik.sqlite"),
    "skype": ("desktop", "skype_desktop", "skype_main.db"),
    "hangouts": ("android", "hangouts", "babel.db"),
    "imo": ("ios", "imo_ios", "IMODb2.sqlite"),
}
COMPARED = ("kind", "timestamp", "direction", "conversation_id", "sender", "recipients", "body", "deleted")


def _manifest(app: str) -> dict:
    return json.loads((SAMPLE_DATA / app / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("app", sorted(APPS))
def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator, app):
    device, parser, _ = APPS[app]
    manifest = _manifest(app)
    tl = parse(SAMPLE_DATA / app / device)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == len(manifest["events"])
    assert claimed(tl) == {manifest["path"]: [parser]}
    for event in tl.events:
        event_validator.validate(event)
        assert event["app"] == app and event["parser"] == f"{parser}/1.0"
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    for exp in manifest["events"]:
        event = tl.by_locator(exp["locator"])
        assert {k: event[k] for k in COMPARED} == {k: exp[k] for k in COMPARED}, exp["locator"]
        assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]


def test_sample_kinds_cover_what_each_parser_reads():
    kinds = {app: sorted({e["kind"] for e in _manifest(app)["events"]}) for app in APPS}
    assert kinds == {"kik": ["contact", "message", "system"], "skype": ["call", "contact", "message"],
                     "hangouts": ["contact", "message"], "imo": ["contact", "message"]}
    # the samples are small
    for app, (device, _, _) in APPS.items():
        for f in (SAMPLE_DATA / app / device).rglob("*"):
            assert not f.is_file() or f.stat().st_size <= 60 * 1024, f


@pytest.mark.parametrize("app", sorted(APPS))
def test_generator_rebuilds_the_committed_sample(tmp_path, app):
    from artefacts.synthetic.chat_apps import write_sample

    device = APPS[app][0]
    manifest = write_sample(tmp_path, app)
    assert manifest == _manifest(app)
    assert (tmp_path / manifest["path"]).read_bytes() == (SAMPLE_DATA / app / device / manifest["path"]).read_bytes()


def _schema(con) -> dict[str, str]:
    return {name: " ".join(sql.split()) for name, sql in
            con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")}


@pytest.mark.parametrize("app", sorted(APPS))
def test_generated_schema_is_the_real_files(app):
    """Every table, index and trigger of the sample is in the real file, with the same SQL."""
    device, _, real = APPS[app]
    path = corpus_file("plaso", real)
    with sqlite_ro(path) as con:
        real_schema = _schema(con)
    sample = SAMPLE_DATA / app / device / _manifest(app)["path"]
    con = sqlite3.connect(sample.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    try:
        ours = _schema(con)
    finally:
        con.close()
    assert ours and {k: real_schema.get(k) for k in ours} == ours


@pytest.mark.parametrize("app, sql, what", [
    ("imo", "UPDATE ZIMOCHATMSG SET ZIMDATA = x'62706c6973743030ff' WHERE Z_PK = 5", "ZIMDATA could not be decoded"),
    ("skype", "UPDATE Messages SET timestamp = 'yesterday' WHERE id = 101", "Messages.timestamp"),
    ("kik", "UPDATE ZKIKATTACHMENT SET ZCONTENT = '../../../../etc/passwd'", None),
])
def test_bad_rows_give_one_warning_and_keep_every_event(parse, tmp_path, app, sql, what):
    """A damaged value costs one warning naming the file (exit 3), never a row; a hostile content id is no path."""
    import shutil

    device = APPS[app][0]
    manifest = _manifest(app)
    root = tmp_path / "ext"
    shutil.copytree(SAMPLE_DATA / app / device, root)
    con = sqlite3.connect(root / manifest["path"])
    con.execute(sql)
    con.commit()
    con.close()
    tl = parse(root)
    assert len(tl.events) == len(manifest["events"])
    if what is None:
        assert tl.exit_code == 0 and tl.warnings == []
        [photo] = [e for e in tl.events if e["attachments"]]
        assert photo["attachments"][0]["name"] == "../../../../etc/passwd" and photo["attachments"][0]["sha256"] is None
        return
    assert tl.exit_code == 3
    [warning] = tl.warnings
    assert what in warning["message"] and manifest["path"].rsplit("/", 1)[-1] in str(warning)
