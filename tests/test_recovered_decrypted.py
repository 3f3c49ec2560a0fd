"""Deleted records of encrypted stores: the host carves the decrypted copy, as it carves a plain database.

A Signal Android ``signal.db`` (SQLCipher) and a WhatsApp ``msgstore.db.crypt15`` backup are built with a
message deleted the way SQLite deletes it (``secure_delete`` off: the cell stays in the page as a
freeblock), then encrypted. Parsed with their keys, the deleted message comes back through the app's own
mapping: marked recovered, with its carving locator, the decryption provenance, and the encrypted file
(the evidence) as its source.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import delete_as_sqlite_does

from artefacts.decoders import sqlcipher as sc
from artefacts.synthetic.signal import build_signal_db, database_secret_for
from artefacts.synthetic.whatsapp import build_msgstore
from artefacts.synthetic.whatsapp_backup import root_key_for, write_crypt15, write_key_file

SIGNAL_DB = "data/data/org.thoughtcrime.securesms/databases/signal.db"
WA_BACKUP = "sdcard/Android/media/com.whatsapp/WhatsApp/Databases/msgstore.db.crypt15"
WA_KEY = "data/data/com.whatsapp/files/encrypted_backup.key"


def _delete_one(path: Path, table: str, body_column: str) -> tuple[int, str]:
    """Delete the message row with the longest body as SQLite does by default; its id and body."""
    [(rowid, body)] = delete_as_sqlite_does(
        path, f"SELECT _id, {body_column} FROM {table} WHERE {body_column} IS NOT NULL ORDER BY length({body_column}) "
              f"DESC, _id LIMIT 1; DELETE FROM {table} WHERE _id = (SELECT _id FROM {table} WHERE {body_column} IS NOT "
              f"NULL ORDER BY length({body_column}) DESC, _id LIMIT 1)")
    return rowid, body


@pytest.fixture(scope="module")
def signal_case(tmp_path_factory):
    work = tmp_path_factory.mktemp("signal")
    secret = database_secret_for("carve")
    settings = sc.APP_SETTINGS["signal-android"]
    build_signal_db(work / "plain.db", n_messages=30, seed="carve")
    # lay the plain file out as the app's SQLCipher pages (page size, reserve) so that encryption keeps
    # every page as it is, freeblocks included
    sc.encrypt_database(work / "plain.db", work / "laid-out.db", secret, settings, seed="carve")
    sc.decrypt_database(work / "laid-out.db", work / "plain2.db", secret, settings=settings)
    rowid, body = _delete_one(work / "plain2.db", "message", "body")
    root = work / "extraction"
    (root / SIGNAL_DB).parent.mkdir(parents=True)
    sc.encrypt_database(work / "plain2.db", root / SIGNAL_DB, secret, settings, seed="carve")
    return root, secret, rowid, body


def test_a_deleted_signal_message_comes_back_from_the_decrypted_copy(parse, signal_case):
    root, secret, rowid, body = signal_case
    tl = parse(root, keys=[f"signal={secret}"], recover=True)
    assert tl.warnings == []
    recovered = [e for e in tl.events if e["recovered"]]
    assert [e["body"] for e in recovered if e["kind"] == "message"] == [body]
    [event] = [e for e in recovered if e["kind"] == "message"]
    assert event["source_path"] == SIGNAL_DB
    assert event["source_sha256"] == hashlib.sha256((root / SIGNAL_DB).read_bytes()).hexdigest()
    assert event["extra"]["recovery"]["status"] in ("deleted", "freed")
    assert event["extra"]["decrypted_from"]["format"] == "sqlcipher"
    assert event["source_locator"] != f"message:_id={rowid}"  # the carving's locator, not the live row's
    assert not any(e["source_locator"] == f"message:_id={rowid}" for e in tl.events)
    # the live messages are those of a parse without recovery, unchanged
    plain = parse(root, keys=[f"signal={secret}"], recover=False)
    assert not any(e["recovered"] for e in plain.events)
    assert sorted(e["event_id"] for e in tl.events if not e["recovered"]) == sorted(e["event_id"] for e in plain.events)


def test_without_the_key_nothing_is_carved_or_invented(parse, signal_case):
    root, _, _, _ = signal_case
    tl = parse(root, recover=True)
    assert tl.events == [] and len(tl.warnings) == 1 and "no key" in tl.warnings[0]["message"]


def test_a_deleted_whatsapp_message_comes_back_from_a_crypt15_backup(parse, tmp_path):
    plain = tmp_path / "msgstore.db"
    build_msgstore(plain, n_messages=60, n_chats=4, n_groups=1, n_calls=2, seed="carve", schema="current")
    rowid, body = _delete_one(plain, "message", "text_data")
    root = tmp_path / "extraction"
    (root / WA_BACKUP).parent.mkdir(parents=True)
    key = root_key_for("carve")
    write_key_file(root / WA_KEY, key)
    write_crypt15(plain, root / WA_BACKUP, key, seed="carve")
    tl = parse(root, recover=True)
    assert tl.warnings == []
    recovered = [e for e in tl.events if e["recovered"] and e["kind"] == "message"]
    assert [e["body"] for e in recovered] == [body]
    [event] = recovered
    assert event["source_path"] == WA_BACKUP
    assert event["extra"]["decrypted_from"]["format"] == "crypt15"
    assert event["extra"]["recovery"]["status"] in ("deleted", "freed")
    assert not any(e["source_locator"] == f"message:_id={rowid}" for e in tl.events)
