"""Telegram for Android (cache4.db) parser on the synthetic extraction and on damaged copies of it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from importlib import metadata
from pathlib import Path

import pytest

from artefacts.engine import RunOptions, run_parse
from artefacts.synthetic.telegram import APP, ENCRYPTED_DIALOG_FLAG, T, attach_trailer, encode, write_telegram_extraction

from artefacts.testing import Timeline
from conftest import SAMPLE_DATA

SEED = 2024
SAMPLE = SAMPLE_DATA / "telegram"
PLUGIN = Path(__file__).resolve().parents[1] / "plugins" / "telegram_android.py"
DB0 = f"{APP}/files/cache4.db"


def _plugin_dirs(tmp_path: Path) -> list[Path]:
    """The built-in plugin through its entry point, or (before it is installed) as a loose plugin."""
    names = {ep.name for ep in metadata.entry_points(group="artefacts")}
    if "telegram_android" in names:
        return []
    loose = tmp_path / "loose_plugins"
    loose.mkdir(exist_ok=True)
    shutil.copy(PLUGIN, loose / PLUGIN.name)
    return [loose]


def _run(tmp_path: Path, source: Path, name: str = "t") -> Timeline:
    out = tmp_path / f"{name}.jsonl"
    result = run_parse(RunOptions(inputs=[source], output=out, workdir=tmp_path / f"w_{name}",
                                  parsers=["telegram_android"], plugins_dirs=_plugin_dirs(tmp_path)))
    return Timeline(result, out)


def _dump(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    dest = tmp_path_factory.mktemp("telegram") / "extraction"
    manifest = write_telegram_extraction(dest, SEED)
    return dest, manifest


@pytest.fixture(scope="module")
def sample_timeline(tmp_path_factory, generated):
    source = SAMPLE if SAMPLE.exists() else generated[0]
    tmp = tmp_path_factory.mktemp("telegram_run")
    return _run(tmp, source, "sample")


def test_sample_data_is_what_the_generator_writes(generated):
    if not SAMPLE.exists():
        pytest.skip("sample_data/telegram not generated")
    dest, manifest = generated
    written = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file())
    assert written == committed
    for rel in written:
        if rel.endswith(".db"):  # same rows and schema (page layout may differ between SQLite versions)
            assert _dump(dest / rel) == _dump(SAMPLE / rel), rel
        else:
            assert hashlib.sha256((dest / rel).read_bytes()).digest() == hashlib.sha256((SAMPLE / rel).read_bytes()).digest(), rel
    assert sum((SAMPLE / rel).stat().st_size for rel in committed) < 300_000


def test_sample_parses_without_warnings(sample_timeline, event_validator):
    tl = sample_timeline
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    for event in tl.events:
        event_validator.validate(event)
        assert event["app"] == "telegram" and event["platform"] == "android"
        assert event["parser"].startswith("telegram_android/")


def test_every_written_record_appears_once_and_right(sample_timeline, generated):
    _dest, manifest = generated
    events = {(e["source_path"], e["source_locator"]): e for e in sample_timeline.events}
    assert len(events) == len(sample_timeline.events), "two events share a source locator"
    expected = {(x["source_path"], x["locator"]): x for x in manifest["events"]}
    assert set(events) == set(expected)
    counts = {k: sum(1 for e in sample_timeline.events if e["kind"] == k) for k in ("message", "system", "call", "contact", "other")}
    assert counts == {"message": manifest["counts"]["messages"], "system": manifest["counts"]["system"],
                      "call": manifest["counts"]["calls"], "contact": manifest["counts"]["contacts"],
                      "other": manifest["counts"]["other"]}
    for key, want in expected.items():
        got = events[key]
        for field in ("kind", "timestamp", "sender", "sender_name", "body"):
            assert got[field] == want[field], (key, field, got[field], want[field])
        if want["kind"] == "contact":
            continue
        for field in ("conversation_id", "conversation_name", "direction"):
            assert got[field] == want[field], (key, field, got[field], want[field])
        extra = got["extra"]
        assert extra["tl_constructor"] == want["constructor"], key
        if isinstance(want["layer"], int):
            first, _, last = extra["tl_layer"].split(",")[0].partition("-")
            assert int(first) <= want["layer"] <= int(last or first), key
        else:
            assert want["layer"] in extra["tl_layer"].split(","), key
        assert "tl_error" not in extra
        if "media_type" in want:
            assert extra["media_type"] == want["media_type"], key
        if "attachment" in want:
            names = [a["name"] for a in got["attachments"]]
            assert names == [want["attachment"]], key
            if want.get("attachment_sha256"):
                att = got["attachments"][0]
                assert att["sha256"] and att["path"].endswith(want["attachment"]) and att["size"] > 500
        for field in ("reply_to_msg_id", "edit_date", "duration_s", "self_destruct_s"):
            if field in want:
                assert extra[field] == want[field], (key, field)
        if "status" in want:
            assert got["status"] == want["status"], key
        if "forwarded_from_name" in want:
            assert extra["forwarded_from"]["from_name"] == want["forwarded_from_name"], key


def test_accounts_dialog_ids_and_secret_chat(sample_timeline, generated):
    _dest, manifest = generated
    for event in sample_timeline.events:
        if event["kind"] == "contact":
            continue
        account = manifest["accounts"][event["source_path"]]
        assert event["extra"]["account_user_id"] == account["user_id"]
        if event["direction"] == "outgoing":
            assert event["sender"] == str(account["user_id"])
    by_type = {}
    for e in sample_timeline.events:
        if e["kind"] != "contact":
            by_type.setdefault(e["extra"]["dialog_type"], set()).add(int(e["conversation_id"]))
    assert all(i > 0 for i in by_type["user"])
    assert all(i < 0 for i in by_type["group"] | by_type["channel"] | by_type["supergroup"])
    assert by_type["secret"] == {ENCRYPTED_DIALOG_FLAG | 91}
    secret = [e for e in sample_timeline.events if e["extra"].get("dialog_type") == "secret"]
    assert {e["extra"]["message_id"] for e in secret} == {-1, -2}
    assert all(e["extra"]["secret_chat"] and e["conversation_name"] == "José Álvarez" for e in secret)
    calls = [e for e in sample_timeline.events if e["kind"] == "call"]
    assert all(e["timestamp_desc"] == "Call Message Time" and e["extra"]["call_id"] for e in calls)
    missed = [e for e in calls if e["status"] == "missed"]
    assert missed and all(e["direction"] == "incoming" for e in missed)
    orphan = [e for e in sample_timeline.events if e["extra"].get("source_table") == "media_v4"]
    assert len(orphan) == 1 and orphan[0]["source_locator"].startswith("media_v4:")


def _damage(path: Path) -> dict:
    """Truncate one message blob and give another an unknown constructor; returns what was changed."""
    con = sqlite3.connect(path)
    try:
        trunc = (1, 5000000101)
        unknown = (2, -4000000201)
        (blob,) = con.execute("SELECT data FROM messages_v2 WHERE mid=? AND uid=?", trunc).fetchone()
        con.execute("UPDATE messages_v2 SET data=? WHERE mid=? AND uid=?", (blob[: len(blob) // 2], *trunc))
        (blob,) = con.execute("SELECT data FROM messages_v2 WHERE mid=? AND uid=?", unknown).fetchone()
        con.execute("UPDATE messages_v2 SET data=? WHERE mid=? AND uid=?", (b"\xef\xbe\xad\xde" + blob[4:], *unknown))
        con.commit()
        total = con.execute("SELECT count(*) FROM messages_v2").fetchone()[0]
    finally:
        con.close()
    return {"truncated": trunc, "unknown": unknown, "messages": total}


def test_damaged_blobs_keep_every_row(tmp_path, generated):
    dest, manifest = generated
    copy = tmp_path / "damaged"
    shutil.copytree(dest, copy)
    changed = _damage(copy / DB0)
    tl = _run(tmp_path, copy, "damaged")
    assert tl.exit_code == 3
    assert len(tl.warnings) == 2, tl.warnings
    assert {w["locator"] for w in tl.warnings} == {"messages_v2:mid=1,uid=5000000101", "messages_v2:mid=2,uid=-4000000201"}
    expected = {(x["source_path"], x["locator"]) for x in manifest["events"]}
    got = {(e["source_path"], e["source_locator"]) for e in tl.events}
    assert got == expected  # every row still gives its event
    db0 = [e for e in tl.events if e["source_path"] == DB0 and e["source_locator"].startswith("messages_v2:")]
    assert len(db0) == changed["messages"]
    by_loc = {e["source_locator"]: e for e in tl.events}
    want = {(x["source_path"], x["locator"]): x for x in manifest["events"]}
    bad = by_loc["messages_v2:mid=1,uid=5000000101"]
    ref = want[(DB0, "messages_v2:mid=1,uid=5000000101")]
    assert bad["body"] is None and bad["timestamp"] == ref["timestamp"] and bad["direction"] == "incoming"
    assert bad["conversation_id"] == "5000000101" and bad["conversation_name"] == ref["conversation_name"]
    assert bad["extra"]["tl_constructor_id"] == "0x94345242" and "truncated" in bad["extra"]["tl_error"]
    assert bad["extra"]["tl_constructor"] == "message"
    unk = by_loc["messages_v2:mid=2,uid=-4000000201"]
    assert unk["body"] is None and unk["extra"]["tl_unknown_constructor"] == "0xdeadbeef"
    assert unk["extra"]["tl_error_offset"] == 0 and unk["conversation_name"] == "Book club 📚"
    assert unk["timestamp"] == want[(DB0, "messages_v2:mid=2,uid=-4000000201")]["timestamp"]


def _small_cache4(tmp_path: Path, name: str, tables_sql: str) -> sqlite3.Connection:
    """A hand-made cache4.db (users, chats and ``tables_sql``) in an Android app folder under tmp_path/name."""
    root = tmp_path / name / "data" / "data" / "org.telegram.messenger" / "files"
    root.mkdir(parents=True)
    con = sqlite3.connect(root / "cache4.db")
    con.executescript(
        "CREATE TABLE users(uid INTEGER PRIMARY KEY, name TEXT, status INTEGER, data BLOB);"
        "CREATE TABLE chats(uid INTEGER PRIMARY KEY, name TEXT, data BLOB);" + tables_sql
    )
    return con


def test_old_messages_table_and_pre_2021_secret_dialog_ids(tmp_path):
    """Databases of app versions before messages_v2 and 64-bit ids: messages(mid PRIMARY KEY), chat_id << 32."""
    con = _small_cache4(tmp_path, "old",
        "CREATE TABLE enc_chats(uid INTEGER PRIMARY KEY, user INTEGER, name TEXT, data BLOB);"
        "CREATE TABLE messages(mid INTEGER PRIMARY KEY, uid INTEGER, read_state INTEGER, send_state INTEGER,"
        " date INTEGER, data BLOB, out INTEGER, ttl INTEGER, media INTEGER);"
    )
    friend = T("user", 109, id=123456789, first_name="Old", last_name="Friend")
    con.execute("INSERT INTO users VALUES (?,?,?,?)", (123456789, "old friend", 0, encode(friend)))
    con.execute("INSERT INTO enc_chats VALUES (?,?,?,?)", (7, 123456789, "old friend", None))
    msg = T("message", 109, id=5, from_id=123456789, to_id=T("peerUser", 109, user_id=123456789), date=1500000000,
            message="hello from 2017")
    con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                (5, 123456789, 1, 0, 1500000000, encode(msg) + attach_trailer(None), 0, 0, 0))
    secret = T("message_secret", "android", id=-3, ttl=5, from_id=123456789, peer_id=T("peerUser", 109, user_id=1),
               date=1500000100, message="psst", media=T("messageMediaEmpty"), entities=[])
    con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                (-3, 7 << 32, 0, 0, 1500000100, encode(secret) + attach_trailer(None, secret=True), 0, 5, 0))
    con.commit()
    con.close()
    tl = _run(tmp_path, tmp_path / "old", "old")
    assert tl.exit_code == 0, tl.warnings
    by_id = {e["extra"]["message_id"]: e for e in tl.events}
    assert by_id[5]["body"] == "hello from 2017" and by_id[5]["source_locator"] == "messages:mid=5,uid=123456789"
    assert by_id[5]["extra"]["source_table"] == "messages" and by_id[5]["sender_name"] == "Old Friend"
    assert by_id[-3]["extra"]["dialog_type"] == "secret" and by_id[-3]["conversation_name"] == "Old Friend"
    assert by_id[-3]["sender"] == "123456789" and by_id[-3]["status"] == "unread"


def _message_at(layer: int, mid: int, user: int, date: int, text: str) -> bytes:
    """An incoming message of ``layer`` with a document, written from that layer's schema lines."""
    from artefacts.decoders import tl
    from artefacts.synthetic.telegram import fill

    con = tl.find("message", layer)
    names = {f.name: f for f in con.fields}
    peer = fill("peerUser", layer, user_id=user)
    sender = user if names["from_id"].type == "int" else fill("peerUser", layer, user_id=user)
    doc = fill("document", layer, id=mid, mime_type="application/pdf", size=1000 + layer,
               attributes=[fill("documentAttributeFilename", layer, file_name=f"layer{layer}.pdf")])
    media = fill("messageMediaDocument", layer, document=doc)
    msg = fill("message", layer, id=mid, date=date, message=text, media=media, from_id=sender,
               **{("to_id" if "to_id" in names else "peer_id"): peer})
    return encode(msg) + attach_trailer(None)


def test_a_message_of_every_tenth_layer_through_the_parser(tmp_path):
    """One message per ten layers, oldest to newest layer the table declares, decoded by the plugin."""
    from artefacts.decoders import tl

    layers = sorted({x for c in tl.table().values() if c.name == "message" for x in c.layers if isinstance(x, int)})
    wanted = list(range(layers[0], layers[-1], 10)) + [layers[-1]]
    con = _small_cache4(tmp_path, "layers",
        "CREATE TABLE messages_v2(mid INTEGER, uid INTEGER, read_state INTEGER, send_state INTEGER, date INTEGER,"
        " data BLOB, out INTEGER, ttl INTEGER, media INTEGER, PRIMARY KEY(mid, uid));"
    )
    user = 123456789
    con.execute("INSERT INTO users VALUES (?,?,?,?)", (user, "old friend", 0, encode(T("user", 109, id=user, first_name="Old"))))
    for i, layer in enumerate(wanted):
        date = 1400000000 + layer * 86400
        con.execute("INSERT INTO messages_v2 VALUES (?,?,?,?,?,?,?,?,?)",
                    (i + 1, user, 1, 0, date, _message_at(layer, i + 1, user, date, f"written at layer {layer}"), 0, 0, 1))
    con.commit()
    con.close()
    tl_run = _run(tmp_path, tmp_path / "layers", "layers")
    assert tl_run.exit_code == 0 and tl_run.warnings == []
    by_mid = {e["extra"]["mid"]: e for e in tl_run.events}
    assert len(by_mid) == len(wanted) >= 18
    for i, layer in enumerate(wanted):
        e = by_mid[i + 1]
        assert e["body"] == f"written at layer {layer}", layer
        assert e["sender"] == str(user) and e["sender_name"] == "Old" and e["conversation_id"] == str(user)
        assert e["timestamp_raw"] == 1400000000 + layer * 86400 and "tl_date_raw" not in e["extra"]  # blob date = column date
        assert e["extra"]["media_type"] == "document" and e["extra"]["file_name"] == f"layer{layer}.pdf", layer
        assert e["attachments"][0]["size"] == 1000 + layer
        assert e["extra"]["tl_constructor"] == "message" and "tl_error" not in e["extra"]


def test_layer_span_is_compact():
    from artefacts.plugins.telegram_android import layer_span

    assert layer_span((131, 135, 194)) == "131-194" and layer_span((72,)) == "72"
    assert layer_span(("android",)) == "android" and layer_span((109, "android")) == "109,android"


#: the app's pre-layer-47 message classes (and TL_message_layer104_2/_3): id -> (class, media written)
OLD_CLASSES = {
    0x22EB6ABA: "message_old", 0x567699B3: "message_old2", 0xA7AB1991: "message_old3", 0xC3060325: "message_old4",
    0xF07814C8: "message_old5", 0x2BEBFA86: "message_old6", 0x5BA66C13: "message_old7",
    0x05F46804: "messageForwarded_old", 0xA367E716: "messageForwarded_old2", 0x555555F8: "message_secret_old",
    0x1C9B1027: "message_layer104_2", 0x9789DAC4: "message_layer104_3",
}


def _old_media(i: int, mid: int):
    """A different old media constructor for each message: document_old, video_old, audio_old, photo_old ..."""
    from artefacts.synthetic.telegram import fill

    thumb = fill("photoSizeEmpty", 57, type="s")
    kinds = [
        ("document", fill("messageMediaDocument", None, _id=0x2FDA2204, document=fill(
            "document", None, _id=0x9EFC6326, id=mid, file_name=f"old{mid}.pdf", mime_type="application/pdf",
            size=1000 + mid, thumb=thumb))),
        ("video", fill("messageMediaVideo", None, _id=0xA2D24290, video=fill(
            "video", None, _id=0x5A04A49F, id=mid, duration=30, size=1000 + mid, thumb=thumb))),
        ("audio", fill("messageMediaAudio", 45, audio=fill("audio", None, _id=0x427425E7, id=mid, duration=4,
                                                          size=1000 + mid))),
        ("photo", fill("messageMediaPhoto", None, _id=0xC8C45A2A, photo=fill(
            "photo", None, _id=0x22B56751, id=mid, geo=fill("geoPointEmpty", 57), sizes=[fill(
                "photoSize", 57, type="x", location=fill("fileLocation", 57, local_id=mid), size=1000 + mid)]))),
    ]
    return kinds[i % len(kinds)]


def test_the_apps_pre_layer_47_classes_through_the_parser(tmp_path):
    """Each old Message class the app still reads (TLRPC$Message.TLdeserialize), generated from its line in
    schemas/tl/android.tl with old media, plus old service messages with old and app-only actions."""
    from artefacts.decoders import tl
    from artefacts.synthetic.telegram import fill

    con = _small_cache4(tmp_path, "oldest",
        "CREATE TABLE messages(mid INTEGER PRIMARY KEY, uid INTEGER, read_state INTEGER, send_state INTEGER,"
        " date INTEGER, data BLOB, out INTEGER, ttl INTEGER, media INTEGER);"
    )
    user = 123456789
    con.execute("INSERT INTO users VALUES (?,?,?,?)", (user, "old friend", 0, encode(T("user", 109, id=user, first_name="Old"))))
    expected = {}
    for i, (cid, cls) in enumerate(OLD_CLASSES.items()):
        mid, date = i + 1, 1300000000 + i * 86400
        kind, media = _old_media(i, mid)
        types = {f.name: f.type for f in tl.constructor(cid).fields}
        names, name = set(types), tl.constructor(cid).name
        fields = dict(id=mid, date=date, message=f"old class {cls}", media=media, from_id=user,
                      to_id=fill("peerUser", 57, user_id=user))
        if "fwd_from_id" in names:  # int before layer 38 or so, Peer in TL_message_old7
            src = user if types["fwd_from_id"] == "int" else fill("peerUser", 57, user_id=user)
            fields.update(fwd_from_id=src, fwd_date=date - 60)
        if "ttl" in names:
            fields["ttl"] = 5
        if types.get("out") == "Bool":  # TL_message_old, TL_messageForwarded_old: out/unread are Bools
            fields.update(out=False, unread=False)
        msg = fill(name, None, _id=cid, **fields)
        con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                    (mid, user, 1, 0, date, encode(msg) + attach_trailer(None, secret=name.startswith("message_secret")),
                     0, 0, 1))
        expected[mid] = (cls, kind, "fwd_from_id" in names)
    services = [
        (0x9F8D60BB, T("messageActionTTLChange", "android", ttl=15), "Old set the self-destruct timer to 15 s"),
        (0x1D86F70E, fill("messageActionChatAddUser", None, _id=0x5E3CFC4B, user_id=user), "Old joined the group"),
        (0x9F8D60BB, T("messageActionLoginUnknownLocation", "android", title="PC", address="Berlin"),
         "New login from an unknown device: PC, Berlin"),
        (0x1D86F70E, T("messageEncryptedAction", "android",
                       encrypted_action=T("decryptedMessageActionSetMessageTTL", "secret", ttl_seconds=0)),
         "Old turned off the self-destruct timer"),
        (0x9F8D60BB, T("messageActionUserJoined", "android"), "Old joined Telegram"),
    ]
    for j, (cid, action, body) in enumerate(services):
        mid = 100 + j
        fields = dict(id=mid, date=1300000000, from_id=user, to_id=fill("peerUser", 57, user_id=user), action=action)
        if cid == 0x9F8D60BB:
            fields.update(out=False, unread=False)
        con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                    (mid, user, 1, 0, 1300000000, encode(fill("messageService", None, _id=cid, **fields)), 0, 0, 0))
        expected[mid] = body
    con.commit()
    con.close()
    run = _run(tmp_path, tmp_path / "oldest", "oldest")
    assert run.exit_code == 0 and run.warnings == []
    by_mid = {e["extra"]["mid"]: e for e in run.events}
    assert len(by_mid) == len(expected)
    for mid, want in expected.items():
        e = by_mid[mid]
        assert "tl_error" not in e["extra"], (mid, e["extra"])
        if isinstance(want, str):
            assert e["kind"] == "system" and e["body"] == want, (mid, e["body"])
            continue
        cls, kind, fwd = want
        assert e["body"] == f"old class {cls}" and e["sender"] == str(user) and e["sender_name"] == "Old", cls
        assert e["extra"]["media_type"] == kind and e["attachments"][0]["size"] == 1000 + mid, (cls, e["extra"])
        assert e["extra"]["tl_constructor_id"] == f"0x{list(OLD_CLASSES)[mid - 1]:08x}"
        if fwd:
            assert e["extra"]["forwarded_from"]["from_user_id"] == user, cls
    assert by_mid[1]["extra"]["file_name"] == "old1.pdf"


#: the app's old User and Chat classes written into schemas/tl/android.tl (TLRPC$User/Chat.TLdeserialize)
OLD_USERS = {0x720535EC: "TL_userSelf_old", 0x7007B451: "TL_userSelf_old2", 0x1C60E608: "TL_userSelf_old3",
             0xF2FB8319: "TL_userContact_old", 0xCAB35E18: "TL_userContact_old2", 0x22E8CEB0: "TL_userRequest_old",
             0xD9CCC4EF: "TL_userRequest_old2", 0x5214C89D: "TL_userForeign_old", 0x075CF7A8: "TL_userForeign_old2",
             0xB29AD7CC: "TL_userDeleted_old", 0xD6016D7A: "TL_userDeleted_old2", 0x22E49072: "TL_user_old"}
OLD_CHATS = {0x6E9C9BC7: "TL_chat_old", 0x7312BC48: "TL_chat_old2", 0xFB0CCC41: "TL_chatForbidden_old",
             0x678E9587: "TL_channel_old", 0x4B1B7506: "TL_channel_layer48", 0x2D85832C: "TL_channelForbidden_layer52",
             0x0CB44B1C: "TL_channel_layer72"}


def test_the_apps_old_user_and_chat_classes_through_the_parser(tmp_path):
    """users/chats rows of every old User/Chat class the app reads, generated from their android.tl lines; each
    user sends a message of TL_message_layer104_2 (with the layer-104 reactions) into each kind of dialog."""
    from artefacts.decoders import tl
    from artefacts.synthetic.telegram import fill

    con = _small_cache4(tmp_path, "oldpeople",
        "CREATE TABLE messages(mid INTEGER PRIMARY KEY, uid INTEGER, read_state INTEGER, send_state INTEGER,"
        " date INTEGER, data BLOB, out INTEGER, ttl INTEGER, media INTEGER);"
    )
    expected = {}
    for i, (cid, cls) in enumerate(OLD_USERS.items()):
        uid = 1000 + i
        user = fill(tl.constructor(cid).name, None, _id=cid, id=uid, first_name=f"F{i}", last_name=cls)
        con.execute("INSERT INTO users VALUES (?,?,?,?)", (uid, cls.lower(), 0, encode(user)))
        reactions = fill("messageReactions", None, _id=0xB87A24D1,
                         results=[fill("reactionCount", 104, reaction="\U0001F44D", count=i + 1)])
        msg = fill("message", None, _id=0x1C9B1027, id=i + 1, from_id=uid, to_id=fill("peerUser", 57, user_id=uid),
                   date=1400000000 + i, message=f"from {cls}", reactions=reactions)
        con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                    (i + 1, uid, 1, 0, 1400000000 + i, encode(msg) + attach_trailer(None), 0, 0, 0))
        expected[i + 1] = (f"F{i} {cls}", f"F{i} {cls}")
    for j, (cid, cls) in enumerate(OLD_CHATS.items()):
        chat_id, mid = 500 + j, 100 + j
        name = tl.constructor(cid).name
        chat = fill(name, None, _id=cid, id=chat_id, title=f"T {cls}")
        con.execute("INSERT INTO chats VALUES (?,?,?)", (chat_id, cls.lower(), encode(chat)))
        peer = fill("peerChat" if name.startswith("chat") else "peerChannel", 57,
                    **({"chat_id": chat_id} if name.startswith("chat") else {"channel_id": chat_id}))
        msg = fill("message", None, _id=0x1C9B1027, id=mid, from_id=1000, to_id=peer, date=1400001000 + j,
                   message=f"in {cls}")
        con.execute("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?)",
                    (mid, -chat_id, 1, 0, 1400001000 + j, encode(msg) + attach_trailer(None), 0, 0, 0))
        expected[mid] = (f"T {cls}", "F0 TL_userSelf_old")
    con.commit()
    con.close()
    run = _run(tmp_path, tmp_path / "oldpeople", "oldpeople")
    assert run.exit_code == 0 and run.warnings == []
    by_mid = {e["extra"]["mid"]: e for e in run.events}
    assert len(by_mid) == len(expected)
    for mid, (conversation, sender) in expected.items():
        e = by_mid[mid]
        assert "tl_error" not in e["extra"] and "tl_partial_message" not in e["extra"], (mid, e["extra"])
        assert e["conversation_name"] == conversation and e["sender_name"] == sender, (mid, e)
