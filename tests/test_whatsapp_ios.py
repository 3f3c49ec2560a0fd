"""WhatsApp iOS parser on mvt's real-schema ChatStorage.sqlite / ContactsV2.sqlite and on a
generated ChatStorage.sqlite (2022 schema of a real device)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from artefacts.synthetic import whatsapp as W
from artefacts.timeconv import COCOA_SECONDS
from conftest import corpus_file

CONTAINER = Path("private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000001")
PARSERS = ["whatsapp_ios"]


def _mvt(root: Path, contacts: bool = True, lids: bool = False) -> Path:
    """The mvt backup's hashed WhatsApp files laid out at their on-device names."""
    dest = root / CONTAINER
    dest.mkdir(parents=True)
    shutil.copyfile(corpus_file("other", "mvt", "ios_backup", "7c", "7c7fba66680ef796b916b067077cc246adacf01d"),
                    dest / "ChatStorage.sqlite")
    if contacts:
        shutil.copyfile(corpus_file("other", "mvt", "ios_backup", "b8", "b8548dc30aa1030df0ce18ef08b882cf7ab5212f"),
                        dest / "ContactsV2.sqlite")
    if lids:  # SHA-1 of AppDomainGroup-group.net.whatsapp.WhatsApp.shared-LID.sqlite (mvt)
        shutil.copyfile(corpus_file("other", "mvt", "ios_backup", "e7", "e794f6ffcc3c222535f47684a63d5178da3c4500"),
                        dest / "LID.sqlite")
    return root


def test_mvt_chatstorage_three_messages(parse, tmp_path, event_validator):
    tl = parse(_mvt(tmp_path / "ext"), parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert [e["source_locator"] for e in tl.events] == ["ZWAMESSAGE:Z_PK=1", "ZWAMESSAGE:Z_PK=2", "ZWAMESSAGE:Z_PK=3"]
    for event in tl.events:
        event_validator.validate(event)
        assert event["app"] == "whatsapp" and event["platform"] == "ios" and event["kind"] == "message"
    hi, check, welcome = tl.events
    assert (hi["timestamp"], hi["timestamp_raw"]) == ("2025-08-27T15:06:40.000000Z", 778000000.0)
    assert hi["body"] == "Hi" and hi["direction"] == "incoming"
    assert hi["sender"] == "14155550100@s.whatsapp.net" and hi["sender_name"] == "Alice Example"
    assert hi["conversation_id"] == "100000000000001@lid" and hi["conversation_name"] == "Alice Example"
    assert check["timestamp"] == "2025-08-28T18:53:20.000000Z" and check["direction"] == "outgoing"
    assert check["body"] == "Check https://example.org/news" and check["recipients"] == ["14155550100@s.whatsapp.net"]
    assert welcome["timestamp"] == "2025-08-29T22:40:00.000000Z"
    assert welcome["conversation_id"] == "120000000000000001@g.us" and welcome["conversation_name"] == "Example Group"
    assert welcome["sender"] == "14155550101@s.whatsapp.net"
    assert welcome["sender_name"] == "Bob Example"  # ContactsV2 (stored as BLOB text)
    assert next(s for s in tl.sources if s["path"].endswith("ContactsV2.sqlite"))["role"] == "related"


def test_mvt_lid_chat_paired_with_its_phone_jid(parse, tmp_path):
    """mvt's LID.sqlite beside the store: Alice's chat, keyed 100000000000001@lid, is 14155550100 (as mvt reports)."""
    tl = parse(_mvt(tmp_path / "ext", contacts=False, lids=True), parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 3
    hi, check, welcome = tl.events
    for e in (hi, check):
        assert e["conversation_id"] == "100000000000001@lid"  # kept as stored
        assert e["extra"]["conversation_phone_jid"] == "14155550100@s.whatsapp.net"
    assert "conversation_phone_jid" not in welcome["extra"]  # a group
    assert next(s for s in tl.sources if s["path"].endswith("LID.sqlite"))["role"] == "related"
    plain = parse(_mvt(tmp_path / "ext2", contacts=False), parsers=PARSERS)
    assert all("conversation_phone_jid" not in e["extra"] for e in plain.events)


def test_mvt_without_contacts_has_no_member_names(parse, tmp_path):
    tl = parse(_mvt(tmp_path / "ext", contacts=False), parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == 3
    assert tl.events[0]["sender_name"] == "Alice Example"  # the chat's ZPARTNERNAME
    assert tl.events[2]["sender_name"] is None


SIZES = dict(n_messages=80, n_chats=4, n_groups=2, seed=5)


def _generated(tmp_path: Path):
    root = tmp_path / "ext"
    folder = root / CONTAINER
    s = W.build_chatstorage(folder / "ChatStorage.sqlite", **SIZES)
    W.build_contactsv2(folder / "ContactsV2.sqlite", n_chats=SIZES["n_chats"], n_groups=SIZES["n_groups"],
                       seed=SIZES["seed"])
    placed, missing = s["media"][:-1], s["media"][-1:]
    for rel, data in placed:
        dest = folder / "Message" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
    return root, s, placed, missing


def test_generated_chatstorage(parse, tmp_path, event_validator):
    root, s, placed, missing = _generated(tmp_path)
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len(tl.events) == SIZES["n_messages"]
    for event in tl.events:
        event_validator.validate(event)
        assert event["timestamp"] == COCOA_SECONDS.iso(event["timestamp_raw"])
    kinds = Counter(e["kind"] for e in tl.events)
    assert kinds["system"] == s["system_events"] and kinds["status"] == s["status_updates"]
    by_path = {a["path"]: a for e in tl.events for a in e["attachments"]}
    for rel, data in placed:
        att = by_path[(CONTAINER / "Message" / rel).as_posix()]
        assert att["sha256"] == hashlib.sha256(data).hexdigest()
    for rel, _ in missing:
        assert by_path["Message/" + rel]["sha256"] is None
    sp = s["special"]

    def ev(name):
        return tl.by_locator(f"ZWAMESSAGE:Z_PK={sp[name]}")

    assert ev("revoke")["deleted"] is True and ev("revoke")["extra"]["message_type"] == 14
    loc = ev("location")
    assert loc["body"].startswith("Location: ") and loc["extra"]["latitude"] is not None
    assert ev("contact")["body"].startswith("BEGIN:VCARD")
    assert ev("system_11")["kind"] == "system" and ev("system_11")["conversation_id"] == s["group_jids"][0]
    assert ev("star")["extra"]["starred"] is True
    status = ev("status_image")
    assert status["kind"] == "status" and status["sender"] and status["attachments"]
    first = ev("text")
    assert first["direction"] == "incoming" and first["sender"] == s["chat_jids"][0] and first["sender_name"]
    group_in = [e for e in tl.events if e["conversation_id"] in s["group_jids"] and e["direction"] == "incoming"
                and e["kind"] == "message"]
    assert group_in and all(e["sender"].endswith("@s.whatsapp.net") for e in group_in)  # from ZGROUPMEMBER
    group_out = [e for e in tl.events if e["conversation_id"] in s["group_jids"] and e["direction"] == "outgoing"]
    assert group_out and all(len(e["recipients"]) >= 3 for e in group_out)


def test_bad_date_keeps_the_event_with_a_warning(parse, tmp_path):
    root, s, _, _ = _generated(tmp_path)
    con = sqlite3.connect(root / CONTAINER / "ChatStorage.sqlite")
    con.execute("UPDATE ZWAMESSAGE SET ZMESSAGEDATE = 'yesterday' WHERE Z_PK = 3")
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 3 and len(tl.events) == SIZES["n_messages"]
    bad = tl.by_locator("ZWAMESSAGE:Z_PK=3")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "yesterday"
    assert [w["locator"] for w in tl.warnings] == ["ZWAMESSAGE:Z_PK=3"]


def test_other_apps_chatstorage_is_not_applicable(parse, tmp_path):
    path = tmp_path / "ext" / "private/var/mobile/Containers/Data/Application/X/Library/ChatStorage.sqlite"
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE ZSOMETHING (Z_PK INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    tl = parse(tmp_path / "ext", parsers=PARSERS)
    assert tl.events == [] and tl.warnings == []
    assert tl.sources[0]["status"] == "not applicable"


# -- issue 12: what a real iOS 15 device with WhatsApp 2022/2023 stores ---------------------------------

#: a protobuf message as base64 text, shaped as the real device's ZPUSHNAME values (issue 12 quotes
#: the start "COrlxKIG"): field 1 a varint (1683043050), field 2 a varint
REAL_SHAPED_PUSH = "COrlxKIGEAE="


def test_push_name_decoding():
    from artefacts.plugins.whatsapp_ios import decode_push_name

    assert decode_push_name("Alice") == ("Alice", None)
    assert decode_push_name(b"Bob \xf0\x9f\x98\x80") == ("Bob \U0001F600", None)
    name, fields = decode_push_name(REAL_SHAPED_PUSH)
    assert name is None
    assert fields == [{"field": 1, "wire_type": 0, "value": 1683043050}, {"field": 2, "wire_type": 0, "value": 1}]
    # base64-looking words that are no protobuf stay names: "Anna" is too short, "QWxpY2U=" is base64 of
    # "Alice", which is no complete protobuf message
    assert decode_push_name("Anna") == ("Anna", None)
    assert decode_push_name("QWxpY2U=") == ("QWxpY2U=", None)
    # "SaoirseSmith" is a complete protobuf message (field 9 first): not in the serialisers' order from field 1
    assert decode_push_name("SaoirseSmith") == ("SaoirseSmith", None)
    assert decode_push_name("EAE=EAEI") == ("EAE=EAEI", None)  # not canonical base64
    assert decode_push_name(None) == (None, None) and decode_push_name("") == (None, None)
    assert decode_push_name(b"\x08\x01")[0] is None  # bytes that are not text: decoded as protobuf
    assert decode_push_name(b"\x08\x01")[1] == [{"field": 1, "wire_type": 0, "value": 1}]


def test_kind_follows_message_type_not_group_event_type(parse, tmp_path):
    """Ordinary one-to-one texts with a non-zero ZGROUPEVENTTYPE and an encoded ZPUSHNAME (issue 12)."""
    root, s, _, _ = _generated(tmp_path)
    con = sqlite3.connect(root / CONTAINER / "ChatStorage.sqlite")
    chat_jid = s["chat_jids"][0]
    texts = [pk for (pk,) in con.execute(
        "SELECT m.Z_PK FROM ZWAMESSAGE m JOIN ZWACHATSESSION c ON c.Z_PK = m.ZCHATSESSION "
        "WHERE m.ZMESSAGETYPE = 0 AND m.ZISFROMME = 0 AND c.ZCONTACTJID = ? AND m.ZTEXT IS NOT NULL", (chat_jid,))]
    systems = [pk for (pk,) in con.execute("SELECT Z_PK FROM ZWAMESSAGE WHERE ZMESSAGETYPE = 6")]
    assert texts and systems
    con.execute(f"UPDATE ZWAMESSAGE SET ZGROUPEVENTTYPE = 2, ZPUSHNAME = ? WHERE Z_PK IN ({','.join('?' * len(texts))})",
                (REAL_SHAPED_PUSH, *texts))
    con.execute("UPDATE ZWAMESSAGE SET ZGROUPEVENTTYPE = 4 WHERE Z_PK = ?", (systems[0],))
    con.execute("UPDATE ZWAPROFILEPUSHNAME SET ZPUSHNAME = ? WHERE ZJID = ?", (REAL_SHAPED_PUSH, chat_jid))
    con.commit()
    rows = dict(con.execute(f"SELECT Z_PK, ZTEXT FROM ZWAMESSAGE WHERE Z_PK IN ({','.join('?' * len(texts))})", texts))
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == SIZES["n_messages"]
    names = W.build_contactsv2(tmp_path / "names.sqlite", n_chats=SIZES["n_chats"], n_groups=SIZES["n_groups"],
                               seed=SIZES["seed"])["names"]
    for pk in texts:
        e = tl.by_locator(f"ZWAMESSAGE:Z_PK={pk}")
        assert e["kind"] == "message" and e["direction"] == "incoming" and e["body"] == rows[pk]
        assert e["sender"] == chat_jid and e["sender_name"] == names[chat_jid]  # ContactsV2, never the base64
        assert e["extra"]["group_event_type"] == 2 and e["extra"]["push_name"] == REAL_SHAPED_PUSH
        assert e["extra"]["push_name_protobuf"][0] == {"field": 1, "wire_type": 0, "value": 1683043050}
    system = tl.by_locator(f"ZWAMESSAGE:Z_PK={systems[0]}")
    assert system["kind"] == "system" and system["body"].startswith("group event (type 4)")
    assert all(REAL_SHAPED_PUSH != e["sender_name"] for e in tl.events)


def test_encoded_push_name_without_any_other_name_is_null(parse, tmp_path):
    root, s, _, _ = _generated(tmp_path)
    (root / CONTAINER / "ContactsV2.sqlite").unlink()
    con = sqlite3.connect(root / CONTAINER / "ChatStorage.sqlite")
    con.execute("UPDATE ZWAMESSAGE SET ZPUSHNAME = ?", (REAL_SHAPED_PUSH,))
    con.execute("UPDATE ZWAPROFILEPUSHNAME SET ZPUSHNAME = ?", (REAL_SHAPED_PUSH,))
    con.execute("UPDATE ZWACHATSESSION SET ZPARTNERNAME = NULL")
    con.execute("UPDATE ZWAGROUPMEMBER SET ZCONTACTNAME = NULL")
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and len(tl.events) == SIZES["n_messages"]
    incoming = [e for e in tl.events if e["direction"] == "incoming"]
    assert incoming and all(e["sender_name"] is None for e in incoming)


def test_lid_pairs_in_the_store_name_the_sender(parse, tmp_path):
    """ZWAPHONENUMBERLIDPAIR inside ChatStorage.sqlite (mvt: where some versions keep it), bare numbers."""
    root, s, _, _ = _generated(tmp_path)
    phone_jid = s["chat_jids"][1]
    con = sqlite3.connect(root / CONTAINER / "ChatStorage.sqlite")
    con.execute("CREATE TABLE ZWAPHONENUMBERLIDPAIR (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, "
                "ZTIMESTAMP REAL, ZLID TEXT, ZPHONENUMBER TEXT)")
    con.execute("INSERT INTO ZWAPHONENUMBERLIDPAIR VALUES (1, 3, 1, 777800000.0, '424242', ?)", (phone_jid.split("@")[0],))
    con.execute("UPDATE ZWACHATSESSION SET ZCONTACTJID = '424242@lid', ZPARTNERNAME = NULL WHERE ZCONTACTJID = ?",
                (phone_jid,))
    con.execute("UPDATE ZWAMESSAGE SET ZFROMJID = '424242@lid' WHERE ZFROMJID = ?", (phone_jid,))
    con.commit()
    con.close()
    tl = parse(root, parsers=PARSERS)
    assert tl.exit_code == 0 and tl.warnings == []
    names = W.build_contactsv2(tmp_path / "names.sqlite", n_chats=SIZES["n_chats"], n_groups=SIZES["n_groups"],
                               seed=SIZES["seed"])["names"]
    chat = [e for e in tl.events if e["conversation_id"] == "424242@lid"]
    assert chat and all(e["extra"]["conversation_phone_jid"] == phone_jid for e in chat)
    incoming = [e for e in chat if e["direction"] == "incoming"]
    assert incoming and all(e["sender"] == "424242@lid" and e["extra"]["sender_phone_jid"] == phone_jid
                            and e["sender_name"] == names[phone_jid] for e in incoming)
