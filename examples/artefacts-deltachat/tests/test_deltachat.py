"""The Delta Chat parser on a ``dc.db`` built from the core's own schema (``schema.sql``), run
through the installed entry point with artefacts' pytest fixtures."""

from artefacts.testing import build_database

from artefacts_deltachat import SCHEMA_FILE

DB = "data/data/com.b44t.messenger/files/accounts/7d3f0a52-9c1e-4f57-a0d4-2b8e6c1f9a30/dc.db"
T = 1_714_557_600  # 2024-05-01T10:00:00Z, Unix seconds as the core stores them
ROWS = {
    "contacts": [{"id": 10, "name": "Alice", "addr": "alice@example.org"},
                 {"id": 11, "name": "", "addr": "bob@example.net"}],
    "chats": [{"id": 10, "type": 100, "name": "Alice"}, {"id": 11, "type": 120, "name": "Crew"}],
    "msgs": [
        {"id": 10, "chat_id": 10, "from_id": 10, "timestamp_sent": T, "timestamp_rcvd": T + 2, "state": 16,
         "txt": "see you at 8", "rfc724_mid": "Mr.a1@example.org"},
        {"id": 11, "chat_id": 10, "from_id": 1, "timestamp_sent": T + 60, "state": 28, "txt": "ok",
         "rfc724_mid": "Mr.b2@example.com"},
        {"id": 12, "chat_id": 11, "from_id": 11, "timestamp_sent": T + 120, "timestamp_rcvd": T + 121, "state": 13,
         "txt": "<script>alert(1)</script>", "rfc724_mid": "Mr.c3@example.net"},
        {"id": 13, "chat_id": 3, "from_id": 10, "timestamp_sent": T + 180, "timestamp_rcvd": T + 185, "state": 16,
         "txt": "", "rfc724_mid": "Mr.d4@example.org"},
        {"id": 14, "chat_id": 11, "from_id": 1, "timestamp_sent": 0, "state": 19, "txt": "draft",
         "rfc724_mid": ""},
    ],
}


def test_messages(tmp_path, artefacts_run, event_schema_validator):
    build_database(tmp_path / "ext" / DB, SCHEMA_FILE, ROWS)
    tl = artefacts_run(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.warnings == []
    assert [e["source_locator"] for e in tl.events] == [f"msgs:id={i}" for i in range(10, 15)]  # not ids 1-9
    for event in tl.events:
        event_schema_validator.validate(event)
        assert event["parser"] == "deltachat/1.0.0" and event["source_path"] == DB
    first = tl.by_locator("msgs:id=10")
    assert (first["timestamp"], first["direction"], first["sender"], first["sender_name"]) == (
        "2024-05-01T10:00:00.000000Z", "incoming", "alice@example.org", "Alice")
    assert first["extra"]["received_time"] == "2024-05-01T10:00:02.000000Z" and first["extra"]["state"] == "seen"
    reply = tl.by_locator("msgs:id=11")
    assert (reply["direction"], reply["sender"], reply["conversation_name"], reply["extra"]["state"]) == (
        "outgoing", None, "Alice", "read")
    assert tl.by_locator("msgs:id=12")["body"] == "<script>alert(1)</script>"  # kept as written
    deleted = tl.by_locator("msgs:id=13")
    assert deleted["deleted"] is True and deleted["conversation_name"] == "trash"
    draft = tl.by_locator("msgs:id=14")
    assert draft["timestamp"] is None and draft["timestamp_raw"] == 0 and draft["extra"]["state"] == "draft"


def test_a_dc_db_of_another_schema_is_a_warning_not_a_crash(tmp_path, artefacts_run):
    build_database(tmp_path / "ext" / DB, "CREATE TABLE msgs (id INTEGER PRIMARY KEY, txt TEXT);", {})
    tl = artefacts_run(tmp_path / "ext")
    assert tl.events == [] and tl.exit_code == 3
    assert len(tl.warnings) == 1 and "dc.db" in str(tl.warnings[0])
