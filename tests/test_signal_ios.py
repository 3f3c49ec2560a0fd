"""Signal for iOS parser on generated app group containers (real GRDB schema), plain and SQLCipher encrypted."""

from __future__ import annotations

import hashlib
import plistlib
import sqlite3
from pathlib import Path

import pytest

from artefacts.registry import Registry, registry_with
from artefacts.synthetic.signal_ios import (
    ArchivedObject,
    build_signal_ios_db,
    key_spec_for,
    keyed_archive,
    write_signal_ios_container,
)
from artefacts.timeconv import format_us
from artefacts.testing import Timeline, make_runner

CONTAINER = "private/var/mobile/Containers/Shared/AppGroup/0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
DB_PATH = f"{CONTAINER}/grdb/signal.sqlite"


def _registry() -> Registry:
    """The output formats and this plugin only (other plugins cannot interfere)."""
    return registry_with("artefacts.plugins.signal_ios")


@pytest.fixture
def run(tmp_path):
    runner = make_runner(tmp_path, registry=_registry())
    return lambda extraction, keys=(): runner(extraction, keys=list(keys))


def _container(tmp_path, name="ext", **kwargs):
    summary = write_signal_ios_container(tmp_path / name / CONTAINER, n_messages=40, seed=5, **kwargs)
    return tmp_path / name, summary


def _by_unique_id(tl: Timeline) -> dict[str, dict]:
    out = {}
    for ev in tl.events:
        uid = ev["extra"]["unique_id"]
        assert uid not in out
        out[uid] = ev
    return out


def _row(db: Path, unique_id: str) -> sqlite3.Row:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return con.execute("SELECT * FROM model_TSInteraction WHERE uniqueId = ?", (unique_id,)).fetchone()
    finally:
        con.close()


def test_plain_database_every_case(run, tmp_path, event_validator):
    ext, s = _container(tmp_path)
    db = ext / DB_PATH
    tl = run(ext)
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    assert len(tl.events) == s["messages"]
    for ev in tl.events:
        event_validator.validate(ev)
        assert (ev["app"], ev["platform"], ev["source_path"]) == ("signal", "ios", DB_PATH)
        assert ev["parser"].startswith("signal_ios/")
        assert ev["source_locator"] == f"model_TSInteraction:id={s['ids'][ev['extra']['unique_id']]}"
    ev = _by_unique_id(tl)
    cases, threads = s["cases"], s["threads"]
    p0 = threads["p0"]

    inc = ev[cases["incoming_private"]]
    row = _row(db, cases["incoming_private"])
    assert inc["timestamp"] == format_us(row["timestamp"] * 1000) and inc["timestamp_desc"] == "Sent Time"
    assert inc["extra"]["received_at_time"] == format_us(row["receivedAtTimestamp"] * 1000)
    assert (inc["kind"], inc["direction"], inc["status"]) == ("message", "incoming", "read")
    assert (inc["sender"], inc["sender_name"]) == (p0["phone"], p0["title"])
    assert (inc["conversation_id"], inc["conversation_name"]) == (p0["id"], p0["title"])
    assert inc["extra"]["record_type"] == 19 and inc["extra"]["thread_type"] == "private"
    assert inc["body"] == "Are we still on for tonight? 🍕"

    out = ev[cases["outgoing_private"]]
    assert (out["direction"], out["recipients"], out["status"]) == ("outgoing", [p0["phone"]], "sent")

    g0 = threads["g0"]
    ginc = ev[cases["incoming_group"]]
    assert ginc["conversation_name"] == g0["title"] and ginc["extra"]["thread_type"] == "group"
    assert ginc["sender"] == threads["p1"]["phone"] and ginc["status"] == "unread"
    assert ev[cases["outgoing_group"]]["conversation_name"] == g0["title"]

    quote = ev[cases["quote"]]["extra"]["quote"]
    assert quote["quoted_unique_id"] == cases["quoted"]
    assert quote["timestamp_raw"] == _row(db, cases["quoted"])["timestamp"]
    assert quote["text"] == "Are we still on for tonight? 🍕"

    (att,) = ev[cases["attachment_present"]]["attachments"]
    assert att["sha256"] == s["attachment_present"]["sha256"]
    assert att["path"] == f"{CONTAINER}/Attachments/{s['attachment_present']['path']}"
    assert (att["name"], att["mime_type"], att["size"]) == ("beach.jpg", "image/jpeg", s["attachment_present"]["size"])
    src = {x["path"]: x for x in tl.sources}
    assert src[att["path"]]["role"] == "attachment"
    assert src[att["path"]]["sha256"] == hashlib.sha256((ext / att["path"]).read_bytes()).hexdigest()
    (gone,) = ev[cases["attachment_missing"]]["attachments"]
    assert (gone["path"], gone["sha256"], gone["name"]) == (s["attachment_missing"]["path"], None, "lost.jpg")
    pointer = ev[cases["attachment_pointer"]]
    assert pointer["attachments"][0]["path"] is None
    assert pointer["extra"]["attachment_details"][0]["record_type"] == 3

    deleted = ev[cases["deleted"]]
    assert deleted["deleted"] is True and deleted["body"] is None
    assert [e for e in tl.events if e["deleted"]] == [deleted]
    exp = ev[cases["expiring"]]["extra"]
    assert exp["expires_in_s"] == 3600 and exp["expires_at_raw"] - exp["expire_started_raw"] == 3600 * 1000
    once = ev[cases["view_once"]]
    assert once["extra"]["view_once"] is True and once["attachments"][0]["sha256"] is not None

    missed = ev[cases["call_missed"]]
    assert (missed["kind"], missed["direction"], missed["status"], missed["body"]) == (
        "call", "incoming", "missed", "Audio call, missed")
    assert missed["sender"] == threads["p5"]["phone"] and missed["timestamp_desc"] == "Call Time"
    call = ev[cases["call_outgoing"]]
    assert (call["direction"], call["status"], call["body"]) == ("outgoing", "accepted", "Video call, accepted")
    assert call["recipients"] == [threads["p6"]["phone"]]
    assert ev[cases["info"]]["kind"] == "system"
    for e in tl.events:
        if e["direction"] == "incoming" and e["kind"] == "message":
            assert e["sender"].startswith("+")  # from authorPhoneNumber, or the ACI via model_SignalRecipient


def test_not_a_signal_database_is_not_applicable(run, tmp_path):
    db = tmp_path / "ext" / DB_PATH
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE other(x)")
    con.commit()
    con.close()
    tl = run(tmp_path / "ext")
    assert tl.exit_code == 0 and tl.events == [] and tl.warnings == []
    assert tl.sources[0]["status"] == "not applicable"


def test_undecodable_blob_keeps_the_row(run, tmp_path):
    ext, s = _container(tmp_path)
    con = sqlite3.connect(ext / DB_PATH)
    con.execute("UPDATE model_TSInteraction SET quotedMessage = x'00010203' WHERE uniqueId = ?", (s["cases"]["quote"],))
    con.commit()
    con.close()
    tl = run(ext)
    assert tl.exit_code == 3 and len(tl.events) == s["messages"]
    (w,) = tl.warnings
    assert "quotedMessage" in w["message"] and w["locator"] == f"model_TSInteraction:id={s['ids'][s['cases']['quote']]}"
    assert _by_unique_id(tl)[s["cases"]["quote"]]["body"] == "Replying to your question"


def test_keyed_archive_round_trip():
    from artefacts.plugins.signal_ios import ArchiveError, unarchive

    blob = keyed_archive(ArchivedObject("TSQuotedMessage", {"timestamp": 1_700_000_000_123, "body": "hé", "n": None},
                                        ("MTLModel", "NSObject")))
    assert blob.startswith(b"bplist00")
    assert unarchive(blob) == {"$class": "TSQuotedMessage", "timestamp": 1_700_000_000_123, "body": "hé", "n": None}
    assert unarchive(keyed_archive(["A", "B"])) == ["A", "B"]
    with pytest.raises(ArchiveError):
        unarchive(plistlib.dumps({"a": 1}, fmt=plistlib.FMT_BINARY))


# ---------------------------------------------------------------------------------------------
# Encrypted (GRDB SQLCipher: SQLCipher 4, raw key spec = 32-byte key + 16-byte salt, 32-byte plaintext header)


def _sqlcipher():
    return pytest.importorskip("artefacts.decoders.sqlcipher", reason="artefacts.decoders.sqlcipher is not available")


def _same_content(a: Timeline, b: Timeline) -> None:
    keys = ("timestamp", "kind", "direction", "sender", "recipients", "body", "status", "deleted", "source_locator")
    assert [tuple(str(e[k]) for k in keys) for e in a.events] == [tuple(str(e[k]) for k in keys) for e in b.events]


def test_encrypted_with_plaintext_header_and_key_spec(run, tmp_path, event_validator):
    _sqlcipher()
    spec = key_spec_for(5)
    ext, s = _container(tmp_path, key_spec=spec)
    raw = (ext / DB_PATH).read_bytes()
    assert raw[:16] == b"SQLite format 3\x00" and raw[100] not in (0x0D, 0x05)  # plaintext header, encrypted page
    tl = run(ext, keys=[f"signal_ios=x'{spec}'"])
    assert tl.exit_code == 0, tl.warnings
    assert tl.warnings == []
    plain_ext, _ = _container(tmp_path, name="plain")
    _same_content(tl, run(plain_ext))
    sha = hashlib.sha256(raw).hexdigest()
    for ev in tl.events:
        event_validator.validate(ev)
        assert ev["source_sha256"] == sha
        prov = ev["extra"]["decrypted_from"]
        assert prov["key_source"] == "--key signal_ios #1" and "plaintext header 32" in prov["settings"]
    present = _by_unique_id(tl)[s["cases"]["attachment_present"]]["attachments"][0]
    assert present["sha256"] == s["attachment_present"]["sha256"]


def test_encrypted_from_byte_zero_opens_with_the_key_alone(run, tmp_path):
    _sqlcipher()
    spec = key_spec_for(6)
    ext, s = _container(tmp_path, key_spec=spec, plaintext_header=False)
    assert (ext / DB_PATH).read_bytes()[:16] != b"SQLite format 3\x00"
    tl = run(ext, keys=[f"signal_ios={spec[:64]}"])
    assert tl.exit_code == 0 and tl.warnings == [] and len(tl.events) == s["messages"]


def test_no_key_one_warning(run, tmp_path):
    _sqlcipher()
    ext, s = _container(tmp_path, key_spec=key_spec_for(5))
    tl = run(ext)
    assert tl.exit_code == 3 and tl.events == []
    (w,) = tl.warnings
    assert "--key signal_ios=" in w["message"] and "96 hex" in w["message"] and w["source_path"] == DB_PATH


@pytest.mark.parametrize("bad", ["wrong", "short"])
def test_wrong_or_short_key_one_warning(run, tmp_path, bad):
    _sqlcipher()
    spec = key_spec_for(5)
    ext, s = _container(tmp_path, key_spec=spec)
    key = key_spec_for(77) if bad == "wrong" else spec[:64]
    tl = run(ext, keys=[f"signal_ios={key}"])
    assert tl.exit_code == 3 and tl.events == []
    (w,) = tl.warnings
    assert "cannot decrypt" in w["message"]
    assert ("wrong key" in w["message"]) if bad == "wrong" else ("96-digit key spec" in w["message"])


def test_builder_is_deterministic(tmp_path):
    a = build_signal_ios_db(tmp_path / "a.sqlite", n_messages=20, seed=3)
    b = build_signal_ios_db(tmp_path / "b.sqlite", n_messages=20, seed=3)
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()
    assert a["cases"] == b["cases"]
