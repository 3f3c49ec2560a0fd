"""Gmail for Android (``plugins/gmail_android.py``): the generated bigTopDataDB parses into exactly its manifest;
a blob that does not inflate or decode is one warning naming its row and the others are kept; a decompression
bomb is refused; the generator rebuilds the committed bytes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.gmail_android import DB, write_sample

SAMPLE = SAMPLE_DATA / "gmail"


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, _manifest(), validator=event_validator)
    assert all(e["sender"] is None and e["app"] == "gmail" for e in tl.events)


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "android", DB)


def _copy(tmp_path):
    root = tmp_path / "extraction"
    shutil.copytree(SAMPLE / "android", root)
    return root


def test_a_damaged_blob_is_one_warning_and_the_other_messages_stay(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / DB)
    con.execute("UPDATE item_messages SET zipped_message_proto = x'00789cdeadbeef' WHERE row_id = 1")
    con.commit()
    con.close()
    tl = parse(root)
    [w] = tl.warnings
    assert "does not inflate" in w["message"] and w["locator"] == "item_messages:row_id=1"
    assert sorted(e["source_locator"] for e in tl.events) == ["item_messages:row_id=1", "item_messages:row_id=2"]
    broken = tl.by_locator("item_messages:row_id=1")
    assert broken["timestamp"] is None and broken["extra"]["message_raw"] == "00789cdeadbeef"


def test_a_decompression_bomb_is_refused(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / DB)
    con.execute("UPDATE item_messages SET zipped_message_proto = ? WHERE row_id = 2",
                (b"\x00" + zlib.compress(b"\x00" * (40 * 1024 * 1024), 9),))
    con.commit()
    con.close()
    tl = parse(root)
    [w] = tl.warnings
    assert "more than 16,777,216 bytes" in w["message"] and w["locator"] == "item_messages:row_id=2"


def test_the_sidecars_of_the_database_are_not_databases_of_their_own(parse, tmp_path):
    root = _copy(tmp_path)
    con = sqlite3.connect(root / DB)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE item_messages SET is_invalidated = 1 WHERE row_id = 2")
    con.commit()
    shutil.copyfile(root / DB, tmp_path / "db")
    shutil.copyfile(str(root / DB) + "-wal", tmp_path / "wal")
    con.close()
    shutil.copyfile(tmp_path / "db", root / DB)
    shutil.copyfile(tmp_path / "wal", str(root / DB) + "-wal")
    tl = parse(root)
    assert tl.warnings == [] and len(tl.events) == 2
