"""Facebook Messenger for iOS (``lightspeed-userDatabases/<id>.db``): the generated sample parses with zero
warnings into exactly its manifest; the generator rebuilds the committed bytes; direction, calls, attachments,
secret-conversation rows, client (E2EE) messages, contacts and threads are read as iLEAPP's module reads them
(``plugins/facebook_messenger_ios.py``); odd rows and schemas give one warning naming the file."""

from __future__ import annotations

import sqlite3

from conftest import claimed, rebuilds_committed_sample
from sample_dirs import copy_sample, parse_registered_sample
from sample_dirs import query as _rows
from test_plaso_messengers_odd import _sql

from artefacts.synthetic import facebook_messenger as gen


def _copy(tmp_path):
    return copy_sample(tmp_path, "facebook_messenger_ios", "ios", gen.IOS_DB)


def test_sample_parses_clean_into_its_manifest(parse, event_validator):
    manifest, tl = parse_registered_sample(parse, event_validator, "facebook_messenger_ios", "ios", "facebook_messenger")
    assert claimed(tl) == {gen.IOS_DB: ["facebook_messenger_ios"]}
    assert sorted({e["kind"] for e in tl.events}) == ["call", "contact", "message", "system"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    rebuilds_committed_sample(tmp_path, "facebook_messenger_ios", "ios", gen.ios_manifest, [gen.IOS_DB])


def test_direction_names_and_attachments(parse, tmp_path):
    m = gen.write_messenger_ios_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    names = dict(gen.IOS_PEOPLE)
    stored = {mid: (sender, text) for mid, sender, text in
              _rows(tmp_path / "x" / gen.IOS_DB, "SELECT message_id, sender_id, text FROM thread_messages")}
    for x in m["messages"]:
        e = tl.by_locator(f"thread_messages:message_id={x['id']}")
        sender, text = stored[x["id"]]
        assert e["sender"] == str(sender) and e["sender_name"] == names[str(sender)]
        assert e["direction"] == ("outgoing" if str(sender) == m["owner"] else "incoming")
        assert e["conversation_id"] == m["thread"]
    [photo] = [x for x in m["messages"] if x["attachments"]]
    [(fname, fsize)] = _rows(tmp_path / "x" / gen.IOS_DB,
                             f"SELECT filename, filesize FROM attachments WHERE message_id = '{photo['id']}'")
    e = tl.by_locator(f"thread_messages:message_id={photo['id']}")
    assert [(a["name"], a["size"]) for a in e["attachments"]] == [(fname, fsize)] and e["extra"]["has_attachment"] == 1
    [loc] = [x for x in m["messages"] if x["item"]]
    e = tl.by_locator(f"thread_messages:message_id={loc['id']}")
    assert e["kind"] == "message" and e["extra"]["item_title"] == "Location sharing ended"


def test_a_call_keeps_its_duration_text_as_stored(parse, tmp_path):
    m = gen.write_messenger_ios_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    [x] = [x for x in m["messages"] if x["call"]]
    e = tl.by_locator(f"thread_messages:message_id={x['id']}")
    title, subtitle = x["call"]
    assert e["kind"] == "call" and e["timestamp_desc"] == "Call Start Time" and e["direction"] == "outgoing"
    assert e["extra"]["call_type"] == title and e["extra"]["call_subtitle"] == subtitle
    assert e["body"] == f"{title}, {subtitle}" and e["attachments"] == []
    assert "duration_s" not in e["extra"]


def test_the_current_modules_call_titles_are_calls_too(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "UPDATE attachments SET title_text = 'Missed audio call', subtitle_text = NULL WHERE title_text = 'Video Chat'")
    tl = parse(root)
    [call] = [e for e in tl.events if e["kind"] == "call"]
    assert call["extra"]["call_type"] == "Missed audio call" and call["extra"]["call_subtitle"] is None
    assert call["body"] == "Missed audio call"


def test_secret_and_client_messages(parse, tmp_path):
    m = gen.write_messenger_ios_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    [(cipher,)] = _rows(tmp_path / "x" / gen.IOS_DB, "SELECT text FROM secure_messages")
    s = tl.by_locator("secure_messages:rowid=1")
    assert s["body"] is None and s["extra"]["secret_conversation"] is True and s["extra"]["encrypted_text"] == cipher.hex()
    assert s["sender"] == m["secure"][0]["sender"] and s["direction"] == "incoming"
    for x in m["client"]:
        e = tl.by_locator(f"client_messages:pk={x['pk']}")
        # the client contact key is mapped to the Facebook user id through fb_transport_contacts
        assert e["sender"] == x["sender"] and e["extra"]["sender_contact_pk"] in (7001, 7002)
        assert e["direction"] == ("outgoing" if x["sender"] == m["owner"] else "incoming")
        assert e["body"] == x["body"] and [a["name"] for a in e["attachments"]] == x["attachments"]
        if x["attachments"]:
            assert e["extra"]["message_content_type"] == 2
            assert e["extra"]["persisted_path"].endswith("/persistent/" + x["attachments"][0])


def test_unmapped_client_senders_and_no_account_are_kept_as_stored(parse, tmp_path):
    root, db = _copy(tmp_path)
    _sql(db, "DROP TABLE fb_transport_contacts", "DROP TABLE _user_info")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    client = [e for e in tl.events if e["source_locator"].startswith("client_messages")]
    assert {e["sender"] for e in client} == {"7001", "7002"}
    assert {e["direction"] for e in tl.events if e["kind"] in ("message", "call")} == {None}


def test_contacts_and_threads(parse, tmp_path):
    m = gen.write_messenger_ios_extraction(tmp_path / "x")
    tl = parse(tmp_path / "x")
    for uid, name in m["contacts"]:
        e = tl.by_locator(f"contacts:id={uid}")
        assert (e["kind"], e["sender"], e["sender_name"]) == ("contact", uid, name)
        assert e["extra"]["normalized_name_for_search"] == name.lower()
    [t] = m["threads"]
    e = tl.by_locator(f"threads:thread_key={t['key']}")
    assert e["kind"] == "system" and e["extra"]["participant_names"] == t["names"]


def test_a_bad_time_is_one_warning_and_an_unknown_schema_is_named(parse, tmp_path):
    root, db = _copy(tmp_path)
    [(mid,)] = _rows(db, "SELECT message_id FROM thread_messages ORDER BY timestamp_ms LIMIT 1")
    _sql(db, f"UPDATE thread_messages SET timestamp_ms = 'soon' WHERE message_id = '{mid}'")
    tl = parse(root)
    assert tl.exit_code == 3
    [warning] = tl.warnings
    assert "thread_messages.timestamp_ms" in warning["message"] and warning["source_path"].endswith(".db")
    bad = tl.by_locator(f"thread_messages:message_id={mid}")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "soon"

    root2, db2 = _copy(tmp_path / "b")
    _sql(db2, "ALTER TABLE thread_messages RENAME COLUMN timestamp_ms TO ts")
    tl = parse(root2)
    assert tl.exit_code == 3 and tl.events == []
    [warning] = tl.warnings
    assert "unknown schema version" in warning["message"] and "timestamp_ms" in warning["message"]


def test_other_databases_of_the_folder_are_left_alone(parse, tmp_path):
    root, db = _copy(tmp_path)
    other = db.parent / "1234567.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE settings (k, v)")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert all(e["source_path"].endswith(gen.IOS_OWNER + ".db") for e in tl.events)


def test_split_run_equals_one_piece(parse, tmp_path, partitions):
    root = tmp_path / "big"
    gen.build_messenger_ios(root / gen.IOS_DB, n_messages=1500, seed=7)
    one = parse(root, jobs=1)
    two = parse(root, jobs=2)
    assert one.warnings == [] == two.warnings
    split = [r for p, t, r in partitions if t == "thread_messages" and r]
    assert split and all(len(r) >= 2 for r in split)
    assert sorted(one.events, key=lambda e: e["event_id"]) == sorted(two.events, key=lambda e: e["event_id"])
    # 1500 + location + call thread messages, 1 secret row, 3 client messages, 3 contacts, 1 thread
    assert len(one.events) == 1502 + 1 + 3 + 3 + 1


def test_a_message_without_a_time_is_kept_in_a_split_run(parse, tmp_path, partitions):
    root = tmp_path / "big"
    db = gen.build_messenger_ios(root / gen.IOS_DB, n_messages=1200, seed=3)
    [(mid,)] = _rows(db, "SELECT message_id FROM thread_messages ORDER BY timestamp_ms DESC LIMIT 1")
    _sql(db, f"UPDATE thread_messages SET timestamp_ms = NULL WHERE message_id = '{mid}'")
    two = parse(root, jobs=2)
    assert [r for p, t, r in partitions if t == "thread_messages" and r]
    e = two.by_locator(f"thread_messages:message_id={mid}")
    assert e["timestamp"] is None and len(two.events) == 1202 + 1 + 3 + 3 + 1
