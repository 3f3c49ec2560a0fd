"""The generated Instagram iOS sample (``sample_data/instagram/``) and the parser's edge cases.

The sample parses with zero warnings into exactly the events of its ``MANIFEST.json`` (written by
``artefacts/synthetic/instagram.py`` from its own values); rebuilding gives the committed bytes; its
schema is the real file's (``corpus/plaso/9368974384.db``). Then: calls, reactions, a damaged
archive, an archive of another shape, a database without ``threads``, hostile text.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

from conftest import SAMPLE_DATA, claimed, corpus_file, sqlite_ro
from test_plaso_messengers_odd import _sql

FOLDER = SAMPLE_DATA / "instagram"
COMPARED = ("kind", "timestamp", "direction", "conversation_id", "sender", "recipients", "body", "deleted")


def _manifest() -> dict:
    return json.loads((FOLDER / "MANIFEST.json").read_text(encoding="utf-8"))


def _copy(tmp_path):
    root = tmp_path / "ext"
    shutil.copytree(FOLDER / "ios", root)
    return root, root / _manifest()["path"]


def test_sample_parses_clean_and_matches_its_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(FOLDER / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    assert claimed(tl) == {manifest["path"]: ["instagram_ios"]}
    assert [e["source_locator"] for e in tl.events] == [m["locator"] for m in manifest["events"]]
    for exp in manifest["events"]:
        event = tl.by_locator(exp["locator"])
        event_validator.validate(event)
        assert event["app"] == "instagram" and event["parser"] == "instagram_ios/1.0"
        assert {k: event[k] for k in COMPARED} == {k: exp[k] for k in COMPARED}, exp["locator"]
        assert [{"name": a["name"], "sha256": a["sha256"]} for a in event["attachments"]] == exp["attachments"]
    kinds = sorted({e["kind"] for e in manifest["events"]})
    assert kinds == ["call", "contact", "message", "system"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    from artefacts.synthetic.instagram import write_sample

    manifest = write_sample(tmp_path)
    assert manifest == _manifest()
    assert (tmp_path / manifest["path"]).read_bytes() == (FOLDER / "ios" / manifest["path"]).read_bytes()
    assert (FOLDER / "ios" / manifest["path"]).stat().st_size <= 60 * 1024


def test_generated_schema_is_the_real_files():
    def schema(con):
        return {n: " ".join(s.split()) for n, s in con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")}

    with sqlite_ro(corpus_file("plaso", "9368974384.db")) as con:
        real = schema(con)
        real_version = con.execute("PRAGMA user_version").fetchone()[0]
    with sqlite_ro(FOLDER / "ios" / _manifest()["path"]) as con:
        ours = schema(con)
        assert con.execute("PRAGMA user_version").fetchone()[0] == real_version
    assert ours == real


def test_calls_reactions_and_media(parse):
    tl = parse(FOLDER / "ios")
    video_start, video_end, audio = (tl.by_locator(f"messages:row_id={i}") for i in (4, 5, 7))
    assert video_start["extra"]["call_id"] == video_end["extra"]["call_id"] == "18100000000000001"
    assert (video_start["extra"]["video"], video_start["extra"]["did_join"], video_start["extra"]["voip_event_type"]) \
        == (True, False, 1)
    assert (video_end["extra"]["video"], video_end["extra"]["did_join"], video_end["extra"]["voip_event_type"]) == (True, True, 4)
    assert audio["extra"]["audio_only"] is True and audio["extra"]["video"] is False and audio["direction"] == "outgoing"
    assert audio["timestamp_desc"] == "Sent Time" and audio["recipients"] == ["5550100003"]
    [reaction] = tl.by_locator("messages:row_id=1")["extra"]["reactions"]
    assert (reaction["emoji"], reaction["sender"]) == ("\u2764\ufe0f", "5550100001")
    assert reaction["time"] == "2023-06-01T18:08:00.015625Z"  # one minute after the message (7 min + 1/64 s)
    [photo] = tl.by_locator("messages:row_id=3")["attachments"]
    assert photo["path"].startswith("https://media.example.com/") and photo["name"] == "3100000000000000001"
    assert tl.by_locator("messages:row_id=3")["extra"]["media_url_expiration_time"] == "2023-07-01T18:00:00.000000Z"
    # the user without a full name is shown by user name, in the thread's name too
    assert tl.by_locator("messages:row_id=6")["sender_name"] == "uma.vo"
    assert tl.by_locator("messages:row_id=6")["conversation_name"] == "uma.vo"
    assert tl.by_locator("messages:row_id=6")["body"] == "<b>hi</b> & bye"  # kept as stored; exporters escape


def test_damaged_archive_costs_one_warning_never_the_row(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "UPDATE messages SET archive = x'62706c6973743030ff' WHERE row_id = 2",  # 'bplist00' and garbage
         "UPDATE messages SET archive = CAST('not a plist' AS BLOB) WHERE row_id = 6")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.events) == len(_manifest()["events"])
    assert len(tl.warnings) == 2
    for w in tl.warnings:
        assert w["source_path"].endswith("5550100001.db") and "messages.archive could not be decoded" in w["message"]
    for row_id in (2, 6):
        event = tl.by_locator(f"messages:row_id={row_id}")
        assert event["timestamp"] is None and event["body"] is None and event["direction"] is None
        assert event["conversation_id"].startswith("34028236684171030094912810000000000000")
        assert event["extra"]["archive_error"]


def test_archive_of_another_shape(parse, tmp_path):
    """An archive that decodes but is not a published message (e.g. a future class): one warning, the row kept."""
    from artefacts.synthetic.signal_ios import ArchivedObject, keyed_archive

    root, db = _copy(tmp_path)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE messages SET archive = ?, class_name = 'IGDirectFutureMessage' WHERE row_id = 1",
                    (keyed_archive(ArchivedObject("IGDirectFutureMessage", {"payload": "x"})),))
    con.close()
    tl = parse(root)
    [w] = tl.warnings
    assert tl.exit_code == 3 and "without message metadata or content" in w["message"]
    assert tl.by_locator("messages:row_id=1")["extra"]["class_name"] == "IGDirectFutureMessage"


def test_database_without_threads_is_an_unknown_version(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "DROP TABLE threads")
    tl = parse(root)
    assert tl.events == [] and tl.exit_code == 3
    [w] = tl.warnings
    assert "threads" in w["message"] and w["source_path"].endswith("5550100001.db")


def test_thread_metadata_damaged_keeps_the_messages(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "UPDATE threads SET metadata = x'00' WHERE row_id = 2")
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert "threads.metadata could not be decoded" in w["message"]
    messages = [e for e in tl.events if e["source_locator"].startswith("messages:")]
    assert len(messages) == 8
    # thread 2's messages keep their sender and direction (viewer_id is a column), lose the thread's names
    assert tl.by_locator("messages:row_id=6")["sender"] == "5550100003"
    assert tl.by_locator("messages:row_id=6")["direction"] == "incoming"
    assert tl.by_locator("messages:row_id=6")["sender_name"] is None
    assert {e["sender"] for e in tl.events if e["kind"] == "contact"} == {"5550100001", "5550100002"}
