"""Viber for Android ``viber_messages`` (parser ``viber_android_messages``) and Viber for iOS ``Contacts.data``
(parser ``viber_ios``): the committed samples, their generators, calls, and rows the sources leave odd
(unknown states and call types, deleted rows, older schemas, a missing table)."""

from __future__ import annotations

from conftest import SAMPLE_DATA, iso_from_us
from manifest_checks import assert_rebuilds, parse_clean_sample, sample_manifest
from test_plaso_messengers_odd import _copy, _sql

from artefacts.plugins.viber_ios import CALL_TYPES
from artefacts.synthetic.viber import IOS_DB, IOS_SETTINGS, MESSAGES_DB, PEOPLE, write_viber_android, write_viber_ios

NAMES = {f"+1{digits}": name for name, digits, _ in PEOPLE}

SAMPLE = SAMPLE_DATA / "viber" / "android"


def test_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = sample_manifest("viber")
    tl = parse_clean_sample(parse, event_validator, SAMPLE,
                            {"app": "viber", "path": manifest["messages_database"], "events": manifest["events"]})
    parsers = {e["parser"].split("/")[0] for e in tl.events if e["source_path"] == MESSAGES_DB}
    assert parsers == {"viber_android_messages"}


def test_messages_rows(parse):
    manifest = sample_manifest("viber")
    tl = parse(SAMPLE)
    for m in manifest["messages"]:
        e = tl.by_locator(f"messages:_id={m['_id']}")
        assert e["timestamp"] == iso_from_us(m["msg_date"] * 1000) and e["timestamp_raw"] == m["msg_date"]
        assert e["timestamp_desc"] == ("Sent Time" if m["direction"] == "outgoing" else "Received Time")
        assert e["status"] == (None if m["direction"] == "outgoing" else "unread" if m["unread"] else "read")
        assert e["extra"]["unread"] == int(m["unread"])
        if m["conversation_name"]:
            assert e["conversation_name"] == m["conversation_name"]
        else:  # one-to-one: the other party's name
            assert e["conversation_name"] == NAMES[m["sender"] if m["direction"] == "incoming" else m["recipients"][0]]
        if m["direction"] == "outgoing":
            assert e["sender"] == manifest["owner"]
        else:
            assert manifest["owner"] in e["recipients"]
    [reaction] = [m for m in manifest["messages"] if m["kind"] == "reaction"]
    e = tl.by_locator(f"messages:_id={reaction['_id']}")
    assert e["kind"] == "reaction" and e["extra"]["extra_mime"] == 1007 and e["extra"]["message_type"] == "reaction"
    pictures = [m for m in manifest["messages"] if m["uri"]]
    assert pictures and all(tl.by_locator(f"messages:_id={m['_id']}")["extra"]["message_type"] == "image"
                            for m in pictures)
    assert tl.by_locator("messages:_id=1")["extra"]["conversation_type_name"] in ("direct", "group")
    deleted = [m for m in manifest["messages"] if m["deleted"]]
    assert deleted and all(tl.by_locator(f"messages:_id={m['_id']}")["extra"]["deleted"] == 1 for m in deleted)
    group = [m for m in manifest["messages"] if m["conversation_name"]]
    assert group and all(len(tl.by_locator(f"messages:_id={m['_id']}")["recipients"]) == 3 for m in group)
    owner = tl.by_locator("participants_info:_id=1")
    assert owner["kind"] == "contact" and owner["extra"]["owner"] is True and owner["sender"] == manifest["owner"]
    assert sum(1 for e in tl.events if e["extra"].get("owner")) == 1


def test_generator_rebuilds_the_committed_sample(tmp_path):
    manifest = write_viber_android(tmp_path, seed=2024)
    assert_rebuilds(manifest, sample_manifest("viber"), tmp_path, SAMPLE, manifest["database"], MESSAGES_DB)


def test_unknown_send_type_and_old_schema(parse, tmp_path):
    root = _copy("viber", tmp_path)
    db = root / MESSAGES_DB
    _sql(db, "UPDATE messages SET send_type = 7 WHERE _id = 2",
         "ALTER TABLE messages DROP COLUMN deleted", "ALTER TABLE messages DROP COLUMN extra_mime",
         "DROP TABLE conversations")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("messages:_id=2")
    assert e["direction"] is None and e["extra"]["send_type"] == 7 and e["timestamp_desc"] == "Creation Time"
    assert not any(x["deleted"] for x in tl.events if x["source_path"] == MESSAGES_DB)


def test_deleted_placeholder_type_and_unknown_type(parse, tmp_path):
    root = _copy("viber", tmp_path)
    _sql(root / MESSAGES_DB, "UPDATE messages SET extra_mime = 1008 WHERE _id = 2",
         "UPDATE messages SET extra_mime = 4242 WHERE _id = 3")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("messages:_id=2")
    assert e["deleted"] is True and e["extra"]["message_type"] == "deleted" and e["extra"]["deleted"] == 0
    e = tl.by_locator("messages:_id=3")
    assert e["kind"] == "message" and e["extra"]["extra_mime"] == 4242 and "message_type" not in e["extra"]


def test_missing_table_is_one_warning_naming_the_file(parse, tmp_path):
    root = _copy("viber", tmp_path)
    _sql(root / MESSAGES_DB, "DROP TABLE participants")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    w = tl.warnings[0]
    assert w["source_path"].endswith("viber_messages") and "participants" in w["message"]
    assert any(e["kind"] == "call" for e in tl.events)  # viber_data is still read


def test_bad_time_is_a_warning_and_the_row_stays(parse, tmp_path):
    root = _copy("viber", tmp_path)
    _sql(root / MESSAGES_DB, "UPDATE messages SET msg_date = 'yesterday' WHERE _id = 3")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and "messages.msg_date" in tl.warnings[0]["message"]
    assert tl.by_locator("messages:_id=3")["timestamp"] is None


# -- Viber iOS (Contacts.data, parser viber_ios) ----------------------------------------------------------

IOS = SAMPLE_DATA / "viber" / "ios"
COCOA_US = 978_307_200 * 1_000_000


def test_ios_sample_gives_exactly_its_manifest(parse, event_validator):
    manifest = sample_manifest("viber", "MANIFEST.ios.json")
    tl = parse_clean_sample(parse, event_validator, IOS, {"app": "viber", "path": IOS_DB, "events": manifest["events"]})
    assert {e["parser"] for e in tl.events} == {"viber_ios/1.0", "viber_ios_settings/1.0"}
    account = tl.by_locator("Data:key=_myPhoneNumber")
    assert account["extra"]["owner"] is True and account["sender"] == manifest["owner"]
    assert account["extra"]["registration_time"] == iso_from_us(manifest["registered"] * 1_000_000)
    out = [e for e in tl.events if e["direction"] == "outgoing" and e["kind"] == "message"]
    assert out and all(e["sender"] == manifest["owner"] and e["sender_name"] == "Sam Keller" for e in out)
    for m in manifest["messages"]:
        e = tl.by_locator(f"ZVIBERMESSAGE:Z_PK={m['Z_PK']}")
        assert e["timestamp_raw"] == (m["ms"] * 1000 - COCOA_US) / 1_000_000
        assert e["extra"]["state_time"] == iso_from_us((m["ms"] + 1000) * 1000)
        assert e["status"] is None and e["extra"]["state"] in (("send", "delivered") if m["out"] else ("received",))
    [pic] = [m for m in manifest["messages"] if m["attachment"]]
    att = tl.by_locator(f"ZVIBERMESSAGE:Z_PK={pic['Z_PK']}")["attachments"][0]
    assert att["size"] > 0 and tl.by_locator(f"ZVIBERMESSAGE:Z_PK={pic['Z_PK']}")["extra"]["attachment_type"] == "picture"
    group = [e for e in tl.events if e["conversation_id"] == "3" and e["direction"] == "outgoing"]
    assert group and all(e["conversation_name"] == "Weekend trip" and len(e["recipients"]) >= 1 for e in group)
    ab = tl.by_locator("ZABCONTACT:Z_PK=1")
    assert ab["sender_name"] == "Alex Morgan" and ab["extra"]["address_book"] is True


def test_ios_calls(parse):
    manifest = sample_manifest("viber", "MANIFEST.ios.json")
    tl = parse(IOS)
    for c in manifest["calls"]:
        e = tl.by_locator(f"ZRECENT:Z_PK={c['Z_PK']}")
        assert e["kind"] == "call" and e["timestamp"] == iso_from_us(c["ms"] * 1000)
        assert e["extra"]["video"] is c["call_type"].endswith("_with_video")
        assert e["extra"]["missed"] is c["call_type"].startswith("missed")
        assert e["status"] == ("missed" if c["call_type"].startswith("missed") else None)
        assert e["extra"]["duration_s"] == c["duration"]
        assert e["conversation_name"] == NAMES[c["number"]]
    assert {c["call_type"] for c in manifest["calls"]} == set(CALL_TYPES)


def test_ios_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_viber_ios(tmp_path, seed=2024), sample_manifest("viber", "MANIFEST.ios.json"), tmp_path, IOS,
                    IOS_DB, IOS_SETTINGS)


def test_ios_unknown_state_and_call_type_old_schema(parse, tmp_path):
    root = _copy("viber", tmp_path, "ios")
    _sql(root / IOS_DB, "UPDATE ZVIBERMESSAGE SET ZSTATE = 'pending' WHERE Z_PK = 1",
         "UPDATE ZRECENT SET ZCALLTYPE = 'conference' WHERE Z_PK = 1", "DROP TABLE ZATTACHMENT", "DROP TABLE ZRECENTSLINE",
         "ALTER TABLE ZVIBERMESSAGE DROP COLUMN ZLIKESCOUNT", "DROP TABLE ZABCONTACT")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("ZVIBERMESSAGE:Z_PK=1")
    assert e["direction"] is None and e["sender"] is None and e["extra"]["state"] == "pending"
    call = tl.by_locator("ZRECENT:Z_PK=1")
    assert call["direction"] is None and call["extra"]["call_type"] == "conference" and "video" not in call["extra"]
    assert call["conversation_id"] is None  # the number was in ZRECENTSLINE
    assert all(x["attachments"] == [] for x in tl.events)


def test_ios_without_settings_and_settings_without_data(parse, tmp_path):
    root = _copy("viber", tmp_path, "ios")
    _sql(root / IOS_SETTINGS, "ALTER TABLE Data RENAME COLUMN value TO v")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 2  # the settings parser's and the messages parser's
    assert all("Settings.data" in w["source_path"] + w["message"] for w in tl.warnings)
    assert all(e["sender"] is None for e in tl.events if e["direction"] == "outgoing")
    (root / IOS_SETTINGS).unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert all(e["sender"] is None for e in tl.events if e["direction"] == "outgoing")


def test_ios_missing_table_is_one_warning(parse, tmp_path):
    root = _copy("viber", tmp_path, "ios")
    _sql(root / IOS_DB, "DROP TABLE ZPHONENUMBER")
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    assert tl.warnings[0]["source_path"].endswith("Contacts.data") and "ZPHONENUMBER" in tl.warnings[0]["message"]
