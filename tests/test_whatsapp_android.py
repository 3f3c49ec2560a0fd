"""WhatsApp Android parser on real msgstore.db files (legacy 2018, transitional 2021, the crypt
test vectors' plaintext) and on generated databases of both generations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from pathlib import Path


from artefacts.synthetic import whatsapp as W
from conftest import corpus_file

DB_DIR = Path("data/data/com.whatsapp/databases")
MEDIA_ROOT = Path("sdcard/Android/media/com.whatsapp/WhatsApp")
PARSERS = ["whatsapp_android"]

LEONARDO = "5511991880126@s.whatsapp.net"
MARCELO = "5511991689446@s.whatsapp.net"


def _layout(root: Path, msgstore: Path, wa_db: Path | None = None) -> Path:
    """An Android extraction folder holding copies of the databases at their device paths."""
    dest = root / DB_DIR
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(msgstore, dest / "msgstore.db")
    if wa_db is not None:
        shutil.copyfile(wa_db, dest / "wa.db")
    return root


def _source(tl, name: str) -> dict:
    return next(s for s in tl.sources if s["path"].endswith(name))


# -- real data: legacy 2018 -----------------------------------------------------------------

def test_lab_legacy_messages_names_and_times(parse, tmp_path, event_validator):
    ext = _layout(tmp_path / "ext", corpus_file("other", "lab-whatsapp", "msgstore.db"),
                  corpus_file("other", "lab-whatsapp", "wa.db"))
    tl = parse(ext, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == 46
    src = _source(tl, "msgstore.db")
    assert (src["rows"], src["events"], src["skipped"], src["status"]) == (47, 46, 1, "parsed")
    assert _source(tl, "wa.db")["role"] == "related"
    assert not [e for e in tl.events if e["source_locator"] == "messages:_id=1"]  # the '-1' placeholder
    assert {e["conversation_id"] for e in tl.events} == {LEONARDO, MARCELO}
    assert Counter(e["kind"] for e in tl.events) == {"message": 42, "system": 2, "call": 2}
    for event in tl.events:
        event_validator.validate(event)
        assert event["app"] == "whatsapp" and event["platform"] == "android"

    opa = tl.by_locator("messages:_id=3")
    assert opa["body"] == "Opa" and opa["direction"] == "outgoing" and opa["status"] == "read"
    assert opa["timestamp"] == "2018-05-17T15:52:55.316000Z" and opa["timestamp_raw"] == 1526572375316
    assert opa["recipients"] == [LEONARDO] and opa["conversation_name"] == "Leonardo Nery"
    assert opa["extra"]["receipt_server_time"] == "2018-05-17T15:52:56.000000Z"

    incoming = tl.by_locator("messages:_id=6")
    assert incoming["body"] == "Demorou, tá tudo certo?" and incoming["direction"] == "incoming"
    assert incoming["sender"] == MARCELO and incoming["sender_name"] == "Marcelo"
    assert incoming["timestamp"] == "2018-05-17T15:57:54.000000Z"
    assert incoming["extra"]["received_time"] == "2018-05-17T15:58:00.555000Z"

    assert tl.by_locator("messages:_id=23")["body"] == "Nois👊"
    last = tl.by_locator("messages:_id=47")
    assert (last["body"], last["sender_name"], last["timestamp"]) == ("Fechadooo", "Leonardo Nery",
                                                                     "2018-05-18T03:04:39.000000Z")

    system = tl.by_locator("messages:_id=2")
    assert system["kind"] == "system" and system["extra"]["action_type"] == 19
    assert "end-to-end encrypted" in system["body"]

    call = tl.by_locator("messages:_id=29")
    assert call["kind"] == "call" and call["direction"] == "incoming" and call["sender"] == LEONARDO
    assert call["extra"]["duration_s"] == 5 and call["extra"]["video"] is False
    assert call["body"] == "Voice call, 5 s"

    photo = tl.by_locator("messages:_id=15")  # path kept only in thumb_image (Java-serialised MediaData)
    assert photo["attachments"] == [{"name": "IMG-20180517-WA0001.jpg", "mime_type": None, "size": 130204,
                                     "path": "Media/WhatsApp Images/Sent/IMG-20180517-WA0001.jpg", "sha256": None}]
    voice = tl.by_locator("messages:_id=42")
    assert voice["status"] == "played" and voice["attachments"][0]["mime_type"] == "audio/ogg; codecs=opus"


def test_lab_media_file_in_extraction_is_hashed_and_no_wa_db_means_no_names(parse, tmp_path):
    ext = _layout(tmp_path / "ext", corpus_file("other", "lab-whatsapp", "msgstore.db"))
    photo = b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9"
    dest = ext / "sdcard" / "WhatsApp" / "Media" / "WhatsApp Images" / "Sent" / "IMG-20180517-WA0001.jpg"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(photo)
    tl = parse(ext, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []  # no wa.db: no names, and no warning
    assert len(tl.events) == 46
    assert all(e["sender_name"] is None and e["conversation_name"] is None for e in tl.events)
    att = tl.by_locator("messages:_id=15")["attachments"][0]
    assert att["path"] == "sdcard/WhatsApp/Media/WhatsApp Images/Sent/IMG-20180517-WA0001.jpg"
    assert att["sha256"] == hashlib.sha256(photo).hexdigest() and att["size"] == len(photo)
    assert _source(tl, "IMG-20180517-WA0001.jpg")["role"] == "attachment"


# -- real data: Dec 2021 transitional -------------------------------------------------------

def test_transitional_each_message_once(parse, tmp_path, event_validator):
    ext = _layout(tmp_path / "ext", corpus_file("other", "Sqlite3-restore-deleted-records", "msgstore.db"))
    tl = parse(ext, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    locators = [e["source_locator"] for e in tl.events]
    assert len(locators) == len(set(locators))
    keys = [e["extra"]["key_id"] for e in tl.events]
    assert len(keys) == len(set(keys))
    assert not [loc for loc in locators if loc.endswith(":_id=1")]  # placeholders in both tables
    chat = [e for e in tl.events if e["kind"] != "status"]
    assert sorted(int(e["source_locator"].split("=")[1]) for e in chat) == [9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 22, 24]
    assert {e["conversation_id"] for e in chat} == {"393482606211@s.whatsapp.net", "393403536191@s.whatsapp.net"}
    status = [e for e in tl.events if e["kind"] == "status"]
    assert len(status) == 7 and {e["conversation_id"] for e in status} == {"status@broadcast"}
    assert all(e["sender"] == "0@s.whatsapp.net" and e["timestamp"] is None for e in status)
    assert _source(tl, "msgstore.db")["skipped"] == 1
    for event in tl.events:
        event_validator.validate(event)

    ciao = tl.by_locator("messages:_id=10")
    assert (ciao["body"], ciao["direction"], ciao["timestamp"]) == ("Ciao", "outgoing", "2021-12-27T08:10:54.023000Z")
    assert ciao["extra"]["receipts"][0]["read_time"] == "2021-12-27T08:11:01.000000Z"  # receipt_user by legacy _id
    caption = tl.by_locator("messages:_id=16")
    assert caption["body"] == "Immagine con descrizione"
    assert caption["attachments"][0]["path"] == "Media/WhatsApp Images/IMG-20211227-WA0001.jpg"
    assert caption["attachments"][0]["size"] == 70426
    assert tl.by_locator("messages:_id=9")["extra"]["action_type"] == 67
    assert tl.by_locator("messages:_id=17")["body"].startswith("BEGIN:VCARD")


def test_crypt_vectors_plaintext(parse, tmp_path):
    """The plaintext of the crypt12/14/15 vectors: 10 rows in messages, 1 in message (both placeholders)."""
    ext = _layout(tmp_path / "ext", corpus_file("crypto", "whatsapp", "msgstore.db"))
    tl = parse(ext, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert sorted(int(e["source_locator"].split("=")[1]) for e in tl.events) == [7, 8, 10, 11, 12, 13, 15, 16, 17]
    assert all(e["source_locator"].startswith("messages:") for e in tl.events)
    assert {e["kind"] for e in tl.events} == {"status"}
    assert all(e["attachments"] and e["attachments"][0]["size"] for e in tl.events)
    src = _source(tl, "msgstore.db")
    assert src["sha256"] == "1425b944a2e3885fc936a7bb82f6548c5cc09523a2f61f02aa836c4ed8bbd16e"
    assert (src["rows"], src["events"], src["skipped"]) == (10, 9, 1)


# -- generated databases --------------------------------------------------------------------

SIZES = dict(n_messages=90, n_chats=4, n_groups=2, n_calls=10, seed=11)


def _generated(tmp_path: Path, schema: str, place_media: int | None = None):
    """An extraction with a generated msgstore.db and wa.db; all but the last media file placed."""
    root = tmp_path / f"ext-{schema}"
    summary = W.build_msgstore(root / DB_DIR / "msgstore.db", schema=schema, **SIZES)
    W.build_wa_db(root / DB_DIR / "wa.db", n_chats=SIZES["n_chats"], n_groups=SIZES["n_groups"], seed=SIZES["seed"])
    media = summary["media"]
    keep = len(media) - 1 if place_media is None else place_media
    for rel, data in media[:keep]:
        dest = root / MEDIA_ROOT / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return root, summary, media[:keep], media[keep:]


def _check_media(tl, placed, missing):
    by_path = {a["path"]: a for e in tl.events for a in e["attachments"]}
    for rel, data in placed:
        att = by_path[(MEDIA_ROOT / rel).as_posix()]
        assert att["sha256"] == hashlib.sha256(data).hexdigest() and att["size"] == len(data)
    for rel, _ in missing:
        assert by_path[rel]["sha256"] is None


def test_generated_current_schema(parse, tmp_path, event_validator):
    root, s, placed, missing = _generated(tmp_path, "current")
    assert missing and placed
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == SIZES["n_messages"] + SIZES["n_calls"] + s["reactions"]
    for event in tl.events:
        event_validator.validate(event)
    kinds = Counter(e["kind"] for e in tl.events)
    assert kinds["call"] == SIZES["n_calls"] and kinds["reaction"] == s["reactions"]
    assert kinds["system"] == s["system_events"] and kinds["status"] == s["status_updates"]
    _check_media(tl, placed, missing)
    sp = s["special"]

    def ev(kind: str, name: str) -> dict:
        table = {"message": "message", "call": "call_log", "reaction": "message_add_on"}[kind]
        return tl.by_locator(f"{table}:_id={sp[name]}")

    created, added = ev("message", "system_11"), ev("message", "system_12")
    assert created["kind"] == "system" and created["conversation_name"] == "Familie 👨‍👩‍👧"
    assert '"Familie 👨‍👩‍👧"' in created["body"] and created["conversation_id"] == s["group_jids"][0]
    assert added["extra"]["action_type"] == 12 and len(added["extra"]["participants"]) >= 3
    assert ev("message", "system_5")["extra"]["action_type"] == 5
    subject = ev("message", "system_1")
    assert subject["extra"]["old_data"] and "changed the group subject" in subject["body"]

    revoked = ev("message", "revoke")
    assert revoked["deleted"] is True and revoked["extra"]["revoked"] is True and revoked["body"] is None
    assert ev("message", "edit")["extra"]["edited"] is True and "edited_time" in ev("message", "edit")["extra"]
    quoted = ev("message", "quote")["extra"]["quoted"]
    assert quoted["key_id"] and quoted["timestamp"].endswith("Z")
    assert ev("message", "forward")["extra"]["forwarded"] is True
    assert ev("message", "star")["extra"]["starred"] is True
    loc = ev("message", "location")
    assert loc["body"].startswith("Location: ") and isinstance(loc["extra"]["latitude"], float)
    assert ev("message", "live_location")["body"].startswith("Live location")
    assert ev("message", "contact")["body"].startswith("BEGIN:VCARD")
    status = ev("message", "status_image")
    assert status["kind"] == "status" and status["conversation_id"] == "status@broadcast" and status["sender"]

    reaction = ev("reaction", "reaction")
    assert reaction["body"] in W.REACTIONS and reaction["extra"]["parent_message_row_id"] == sp["reacted"]

    group_call = ev("call", "group_call")
    assert group_call["kind"] == "call" and group_call["conversation_id"] in s["group_jids"]
    assert group_call["extra"]["group_call"] is True and len(group_call["extra"]["participants"]) >= 3
    video = ev("call", "video_call")
    assert video["extra"]["video"] is True and video["body"].startswith("Video call")

    incoming = ev("message", "text")
    assert incoming["direction"] == "incoming" and incoming["sender"] == s["chat_jids"][0]
    assert incoming["sender_name"] and incoming["sender_name"] == incoming["conversation_name"]
    outgoing_group = [e for e in tl.events if e["kind"] == "message" and e["direction"] == "outgoing"
                      and e["conversation_id"] == s["group_jids"][0]]
    assert outgoing_group and all(len(e["recipients"]) >= 3 for e in outgoing_group)
    assert _source(tl, "msgstore.db")["skipped"] == 1  # the placeholder row of message


def test_generated_legacy_schema(parse, tmp_path, event_validator):
    root, s, placed, missing = _generated(tmp_path, "legacy")
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == SIZES["n_messages"] + SIZES["n_calls"]
    assert all(e["source_locator"].startswith("messages:") for e in tl.events)
    for event in tl.events:
        event_validator.validate(event)
    assert sorted(int(e["source_locator"].split("=")[1]) for e in tl.events if e["kind"] == "call") == s["call_rows"]
    _check_media(tl, placed, missing)  # paths decoded from the thumb_image MediaData blobs
    sp = s["special"]
    assert tl.by_locator(f"messages:_id={sp['revoke']}")["deleted"] is True
    assert tl.by_locator(f"messages:_id={sp['quote']}")["extra"]["quoted"]["key_id"]
    assert tl.by_locator(f"messages:_id={sp['system_11']}")["extra"]["action_type"] == 11
    assert tl.by_locator(f"messages:_id={sp['location']}")["extra"]["longitude"] is not None
    assert tl.by_locator(f"messages:_id={sp['video_call']}")["extra"]["video"] is True
    group = [e for e in tl.events if e["conversation_id"] in s["group_jids"] and e["direction"] == "incoming"]
    assert group and all(e["sender"] and e["sender"] != e["conversation_id"] for e in group)


def test_bad_timestamp_keeps_the_event_with_a_warning(parse, tmp_path):
    root, s, _, _ = _generated(tmp_path, "current", place_media=0)
    con = sqlite3.connect(root / DB_DIR / "msgstore.db")
    con.execute("UPDATE message SET timestamp = 'not a time' WHERE _id = 5")
    con.execute("UPDATE call_log SET timestamp = 99999999999999999 WHERE _id = 2")
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 3
    assert len(tl.events) == SIZES["n_messages"] + SIZES["n_calls"] + s["reactions"]
    bad = tl.by_locator("message:_id=5")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "not a time"
    assert tl.by_locator("call_log:_id=2")["timestamp"] is None
    assert {w["locator"] for w in tl.warnings} == {"message:_id=5", "call_log:_id=2"}


def test_builder_is_deterministic(tmp_path):
    a = W.build_msgstore(tmp_path / "a.db", schema="current", **SIZES)
    b = W.build_msgstore(tmp_path / "b.db", schema="current", **SIZES)
    c = W.build_msgstore(tmp_path / "c.db", schema="current", **dict(SIZES, seed=12))
    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.db", "b.db", "c.db")]
    assert digest[0] == digest[1] != digest[2]
    assert a["media"] == b["media"] and a["special"] == b["special"] and a["media"] != c["media"]


def test_not_a_whatsapp_database(parse, tmp_path):
    """A msgstore.db with neither schema generation is not this parser's (and no warning)."""
    path = tmp_path / "ext" / DB_DIR / "msgstore.db"
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE unrelated (x)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert tl.events == [] and tl.warnings == []
    assert _source(tl, "msgstore.db")["status"] == "not applicable"



def test_partly_migrated_database_emits_each_message_once(parse, tmp_path):
    """Both tables populated: rows of ``messages`` already in ``message`` (same _id and key_id) are not
    emitted again; legacy rows not migrated yet are."""
    root, s, _, _ = _generated(tmp_path, "current", place_media=0)
    before = parse(root, parsers=PARSERS)
    con = sqlite3.connect(root / DB_DIR / "msgstore.db")
    copied = con.execute(
        "INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type) "
        "SELECT m._id, j.raw_string, m.from_me, m.key_id, m.status, m.text_data, m.timestamp, m.message_type "
        "FROM message m JOIN chat c ON c._id = m.chat_row_id JOIN jid j ON j._id = c.jid_row_id").rowcount
    con.execute("INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type) "
                "VALUES (100000, ?, 0, 'LEGACYONLY', 0, 'not migrated yet', 1680000000000, '0')", (s["chat_jids"][0],))
    con.commit()
    con.close()
    assert copied == SIZES["n_messages"]
    tl = parse(root, parsers=PARSERS)
    assert tl.warnings == []
    assert len(tl.events) == len(before.events) + 1
    legacy = [e for e in tl.events if e["source_locator"].startswith("messages:")]
    assert [(e["source_locator"], e["body"]) for e in legacy] == [("messages:_id=100000", "not migrated yet")]


def test_wa_db_contacts(parse, tmp_path, event_validator):
    """lab-whatsapp wa.db: its 10 contacts (the status@broadcast row is skipped), names and about text."""
    src = corpus_file("other", "lab-whatsapp", "wa.db")
    root = tmp_path / "ext" / "data/data/com.whatsapp/databases"
    root.mkdir(parents=True)
    (root / "wa.db").write_bytes(src.read_bytes())
    tl = parse(tmp_path / "ext", parsers=["whatsapp_contacts"])
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == 10
    for e in tl.events:
        event_validator.validate(e)
        assert e["kind"] == "contact" and e["timestamp"] is None and e["timestamp_desc"] == "Not a time"
    leo = tl.by_locator("wa_contacts:_id=1")
    assert leo["sender"] == "5511991880126@s.whatsapp.net" and leo["sender_name"] == "Leonardo Nery"
    assert leo["body"] == "Leonardo Nery: Na academia"
    assert leo["extra"]["status_time"] == "2015-03-04T18:06:17.000000Z" and leo["extra"]["status_time_raw"] == 1425492377000
    marcelo = tl.by_locator("wa_contacts:_id=9")
    assert marcelo["body"] == "Marcelo (WhatsApp name: Marcelo Nagy): Marcelo Nagy"
    assert tl.by_locator("wa_contacts:_id=10")["extra"]["is_whatsapp_user"] == 0
    [src_rec] = [s for s in tl.sources if s["path"].endswith("wa.db")]
    assert src_rec["skipped"] == 1 and src_rec["events"] == 10
