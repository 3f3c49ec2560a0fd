"""Signal Android ``signal.db``: both schema generations, plain and SQLCipher-encrypted, through a host run.

The databases are built on the real DDL (``artefacts/synthetic/ddl/signal_android_*.sql``) by
``artefacts.synthetic.signal.build_signal_db``, which returns the locator of every scripted record
(incoming, outgoing sent / failed / pending, group messages, quote, reactions, view-once,
disappearing, remotely deleted, attachments present and missing, calls, edits) and what a parser
must report for it. Encrypted copies use Signal Android's SQLCipher settings (v3, kdf_iter 1,
page 4096) with the 64-hex DatabaseSecret as the passphrase.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from artefacts.engine import RunOptions, run_parse
from artefacts.registry import Registry, registry_with
from artefacts.synthetic import signal as syn
from artefacts.plugins import signal_android as sa

SECRET = syn.database_secret_for(5)
DB_PATH = "data/data/org.thoughtcrime.securesms/databases/signal.db"
PREFS_PATH = "data/data/org.thoughtcrime.securesms/shared_prefs/org.thoughtcrime.securesms_preferences.xml"


def registry() -> Registry:
    """The output formats and this plugin only (other plugins cannot interfere)."""
    return registry_with("artefacts.plugins.signal_android", "artefacts.plugins.signal_backup")


def run(inputs, out: Path, keys=()):
    result = run_parse(RunOptions(inputs=[Path(inputs)], output=out, keys=list(keys), workdir=out.parent / "work"),
                       registry=registry())
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest


def sqlcipher():
    from artefacts.decoders import sqlcipher as sc

    return sc


@pytest.fixture(scope="module", params=["current", "legacy"])
def generation(request, tmp_path_factory):
    gen = request.param
    d = tmp_path_factory.mktemp(f"signal-{gen}")
    summary = syn.build_signal_db(d / "plain.db", generation=gen, n_messages=12, seed=21)
    syn.write_extraction(d / "plain", summary, d / "plain.db")
    return {"name": gen, "dir": d, "summary": summary, "plain_db": d / "plain.db", "plain": d / "plain"}


@pytest.fixture(scope="module")
def plain_run(generation, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "t.jsonl"
    return run(generation["plain"], out)


@pytest.fixture(scope="module")
def encrypted(generation):
    sc = sqlcipher()
    d = generation["dir"]
    sc.encrypt_database(generation["plain_db"], d / "enc.db", SECRET, sa.signal_sqlcipher_settings(), seed=5)
    root = d / "encrypted"
    syn.write_extraction(root, generation["summary"], d / "enc.db")
    return root


def by_locator(events) -> dict:
    out = {}
    for e in events:
        assert e["source_locator"] not in out, e["source_locator"]
        out[e["source_locator"]] = e
    return out


# ---------------------------------------------------------------------------------------------
# Type bits


@pytest.mark.parametrize("value, kind, direction, status", [
    (10485780, "message", "incoming", "received"),       # 20 | secure | push
    (10485783, "message", "outgoing", "sent"),           # 23 | secure | push
    (24 | 0x800000 | 0x200000, "message", "outgoing", "failed"),
    (22 | 0x800000 | 0x200000, "message", "outgoing", "pending"),   # sending
    (21, "message", "outgoing", "pending"),                          # outbox (plain SMS)
    (25, "message", "outgoing", "pending"),                          # pending secure SMS fallback
    (27, "message", "outgoing", "draft"),
    (1, "call", "incoming", None),
    (2, "call", "outgoing", None),
    (3, "call", "incoming", "missed"),
    (8, "call", "incoming", "missed"),
    (11, "call", "outgoing", None),
    (7, "system", None, None),                                      # profile change
    (20 | 0x10000 | 0x80000 | 0x800000 | 0x200000, "system", "incoming", "received"),  # group v2 update
    (23 | 0x40000 | 0x800000 | 0x200000, "system", "outgoing", "sent"),                # timer update
    (20 | 0x400000 | 0x800000 | 0x200000, "system", "incoming", "received"),           # end session
    (20 | 0x800000 | 0x200000 | 0x100000000, "reaction", "incoming", "received"),      # story reaction
    (20 | 0x800000 | 0x200000 | 0x200000000, "system", "incoming", "received"),        # gift badge
])
def test_type_bits(value, kind, direction, status):
    info = sa.classify_type(value)
    assert (info["kind"], info["direction"], info["status"]) == (kind, direction, status)


def test_type_flags_and_whole_value_call_rule():
    info = sa.classify_type(10485783)
    assert info["flags"] == ["secure", "push"] and info["base"] == 23
    # 1 | flags is not a call: call types are compared with the whole value (MessageTypes.isIncomingAudioCall)
    assert sa.classify_type(1 | 0x800000)["kind"] == "system"
    assert "encryption remote failed (chat session refresh)" in sa.classify_type(20 | 0x10000000)["flags"]


# ---------------------------------------------------------------------------------------------
# Plain databases


def test_plain_database_events(generation, plain_run, event_validator):
    result, events, manifest = plain_run
    assert result.exit_code == 0, manifest["warnings"]
    assert manifest["warnings"] == []
    gen, summary = generation["name"], generation["summary"]
    special, expected = summary["special"], summary["expected"]
    ev = by_locator(events)
    db_sha = hashlib.sha256(generation["plain_db"].read_bytes()).hexdigest()
    for e in events:
        event_validator.validate(e)
        assert e["app"] == "signal" and e["platform"] == "android" and e["parser"].startswith("signal_android/")
        assert e["source_path"] == DB_PATH and e["source_sha256"] == db_sha
    owner = summary["owner"]["e164"]

    def check(key, kind, direction, status):
        e = ev[special[key]]
        assert (e["kind"], e["direction"], e["status"]) == (kind, direction, status), key
        x = expected[key]
        assert e["conversation_id"] == x["conversation_id"] and e["conversation_name"] == x["conversation_name"], key
        if kind == "message":
            assert e["body"] == x["body"], key
        if direction == "incoming":
            assert e["sender"] == x["sender"], key
            assert (e["timestamp_raw"], e["timestamp_desc"]) == (x["received"], "Received Time"), key
        else:
            assert (e["timestamp_raw"], e["timestamp_desc"]) == (x["sent"], "Sent Time"), key
            if gen == "current":
                assert e["sender"] == owner, key
        return e

    inc = check("incoming", "message", "incoming", "received")
    assert inc["timestamp"].endswith("Z") and inc["extra"]["transport"] == "signal"
    assert inc["extra"]["date_sent_raw"] == expected["incoming"]["sent"]
    out = check("outgoing_sent", "message", "outgoing", "sent")
    assert out["recipients"] == [expected["incoming"]["sender"]]
    check("outgoing_failed", "message", "outgoing", "failed")
    check("outgoing_pending", "message", "outgoing", "pending")
    gi = check("group_incoming", "message", "incoming", "received")
    go = check("group_outgoing", "message", "outgoing", "delivered")
    assert gi["sender"] not in (owner, None)
    assert gi["sender"] in go["recipients"] and len(go["recipients"]) >= 3
    if gen == "current":
        assert owner not in go["recipients"]
    q = check("quote", "message", "incoming", "received")["extra"]["quote"]
    assert q["locator"] == special["outgoing_sent"] and q["body"] == expected["outgoing_sent"]["body"]
    assert q["sent_raw"] == expected["outgoing_sent"]["sent"]
    vo = check("view_once", "message", "incoming", "received")
    assert vo["extra"]["view_once"] is True
    assert vo["attachments"][0]["sha256"] == expected["view_once"]["sha256"][0]
    exp = check("expiring", "message", "outgoing", "sent")
    assert exp["extra"]["expires_in_ms"] == 86_400_000 and exp["extra"]["expires_in"] == "24 h"
    assert exp["extra"]["expire_started_time"]
    rd = check("remote_deleted", "message", "incoming", "received")
    assert rd["deleted"] is True and rd["body"] is None
    assert not any(e["deleted"] for loc, e in ev.items() if loc != special["remote_deleted"])
    # attachments: the file in the extraction is found, hashed and listed by its path there
    ap = check("attachment_present", "message", "incoming", "received")["attachments"][0]
    assert ap["sha256"] == expected["attachment_present"]["sha256"][0]
    assert ap["path"].startswith("data/data/org.thoughtcrime.securesms/app_parts/part") and ap["mime_type"] == "image/jpeg"
    assert (generation["plain"] / ap["path"]).is_file()
    am_event = check("attachment_missing", "message", "outgoing", "sent")
    am = am_event["attachments"][0]
    # absent from the extraction: no hash, and the path the app recorded (schema: attachments.path)
    assert (am["sha256"], am["name"], am["mime_type"]) == (None, "tickets.pdf", "application/pdf")
    assert am["path"] == summary["missing_media"][0]
    assert am_event["extra"]["attachment_records"][0]["data_file"] == summary["missing_media"][0]
    # reactions: separate events pointing at their message
    for key in ("reaction_in", "reaction_out"):
        r = ev[special[key]]
        x = expected[key]
        assert (r["kind"], r["body"], r["sender"]) == ("reaction", x["emoji"], x["author"]), key
        assert r["extra"]["target"] == special[x["target"]]
        if gen == "current" or key == "reaction_in":
            assert r["direction"] == x["direction"], key
    # calls
    if gen == "current":
        c = ev[special["call_incoming_call"]]
        assert (c["kind"], c["direction"], c["status"], c["body"]) == ("call", "incoming", "accepted", "Incoming audio call (accepted)")
        assert c["timestamp_desc"] == "Call Start Time" and c["extra"]["message"] == special["call_incoming"]
        m = ev[special["call_missed_call"]]
        assert (m["kind"], m["status"], m["extra"]["call_type"]) == ("call", "missed", "video")
        assert special["call_incoming"] not in ev  # the call's message row is not reported twice
        old, new = ev[special["edit_original"]], ev[special["edit_latest"]]
        assert old["extra"]["edit"] == {"revision": 0, "superseded_by": special["edit_latest"]}
        assert new["extra"]["edit"] == {"revision": 1, "original": special["edit_original"]}
        gu = ev[special["group_update"]]
        assert (gu["kind"], gu["body"]) == ("system", "Group updated") and gu["extra"]["body_raw"]
    else:
        c = ev[special["call_incoming"]]
        assert (c["kind"], c["direction"], c["status"], c["body"]) == ("call", "incoming", None, "Incoming audio call")
        m = ev[special["call_missed"]]
        assert (m["kind"], m["direction"], m["status"], m["body"]) == ("call", "incoming", "missed", "Missed video call")
    # every row is an event: messages (minus linked calls), reactions, calls
    counts = summary["counts"]
    n_messages = counts.get("message", 0) + counts.get("sms", 0) + counts.get("mms", 0) - counts.get("call", 0)
    n_reactions = counts.get("reaction", 2)
    assert len(events) == n_messages + n_reactions + counts.get("call", 0)
    assert len({e["event_id"] for e in events}) == len(events)


def test_single_file_input(generation, tmp_path):
    result, events, manifest = run(generation["plain_db"], tmp_path / "t.jsonl")
    assert result.exit_code == 0 and manifest["warnings"] == []
    assert len(events) > 20 and {e["source_path"] for e in events} == {"plain.db"}


def test_plain_sqlite_that_is_not_signal_is_not_applicable(tmp_path):
    import sqlite3

    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE message (_id INTEGER PRIMARY KEY)")
    con.close()
    result, events, manifest = run(db, tmp_path / "t.jsonl")
    assert events == []
    assert [w["parser"] for w in manifest["warnings"]] == [None]  # only the host's "no parser recognises"


# ---------------------------------------------------------------------------------------------
# Encrypted databases


def test_encrypted_database_with_the_database_secret(generation, encrypted, plain_run, tmp_path, event_validator):
    result, events, manifest = run(encrypted, tmp_path / "t.jsonl", [f"signal={SECRET}"])
    assert result.exit_code == 0, manifest["warnings"]
    enc_sha = hashlib.sha256((encrypted / DB_PATH).read_bytes()).hexdigest()
    plain_events = plain_run[1]

    def essence(e):
        return (e["source_locator"], e["kind"], e["timestamp"], e["direction"], e["status"], e["sender"], e["body"],
                json.dumps(e["attachments"]))

    assert sorted(map(essence, events)) == sorted(map(essence, plain_events))
    for e in events:
        event_validator.validate(e)
        assert e["source_sha256"] == enc_sha
        assert e["extra"]["decrypted_from"]["format"] == "sqlcipher"
        assert e["extra"]["decrypted_from"]["key_source"] == "--key signal #1"
    # uppercase hex is the same secret; a backup passphrase given too is ignored here
    result, events2, manifest = run(encrypted, tmp_path / "u.jsonl",
                                    [f"signal={syn.passphrase_for(1)}", f"signal={SECRET.upper()}"])
    assert result.exit_code == 0 and len(events2) == len(events)


def test_encrypted_database_wrong_key(encrypted, tmp_path):
    result, events, manifest = run(encrypted, tmp_path / "t.jsonl", ["signal=" + "ab" * 32])
    assert result.exit_code == 3 and events == []
    assert len(manifest["warnings"]) == 1
    w = manifest["warnings"][0]
    assert w["parser"] == "signal_android" and w["source_path"] == DB_PATH
    assert "--key signal #1: wrong key" in w["message"] and "DatabaseSecret" in w["message"]
    assert "ab" * 32 not in w["message"]  # key material is never written out


def test_encrypted_database_without_key(encrypted, tmp_path):
    result, events, manifest = run(encrypted, tmp_path / "t.jsonl", [f"signal={syn.passphrase_for(1)}"])
    assert result.exit_code == 3 and events == []
    assert len(manifest["warnings"]) == 1
    msg = manifest["warnings"][0]["message"]
    assert "no key was given" in msg and "Android Keystore" in msg and "pref_database_encrypted_secret" in msg
    assert ".backup passphrase" in msg


@pytest.fixture(scope="module")
def current_encrypted(tmp_path_factory):
    sc = sqlcipher()
    d = tmp_path_factory.mktemp("signal-prefs")
    summary = syn.build_signal_db(d / "plain.db", generation="current", n_messages=2, seed=22)
    sc.encrypt_database(d / "plain.db", d / "enc.db", SECRET, sa.signal_sqlcipher_settings(), seed=6)
    syn.write_extraction(d / "ext", summary, d / "enc.db")
    return d / "ext"


def test_unencrypted_secret_in_shared_prefs_is_used(current_encrypted, tmp_path):
    import shutil

    root = tmp_path / "ext"
    shutil.copytree(current_encrypted, root)
    prefs = root / PREFS_PATH
    prefs.parent.mkdir(parents=True)
    prefs.write_text(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
        '    <boolean name="pref_prefer_system_contact_photos" value="false" />\n'
        f'    <string name="pref_database_unencrypted_secret">{SECRET}</string>\n</map>\n', encoding="utf-8")
    result, events, manifest = run(root, tmp_path / "t.jsonl")
    assert result.exit_code == 0, manifest["warnings"]
    assert events and events[0]["extra"]["decrypted_from"]["key_source"].endswith("pref_database_unencrypted_secret")
    # a sealed secret only: one warning that says why it cannot be used
    prefs.write_text(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
        '    <string name="pref_database_encrypted_secret">{&quot;data&quot;:&quot;AAAA&quot;,&quot;iv&quot;:&quot;BBBB&quot;}</string>\n'
        "</map>\n", encoding="utf-8")
    result, events, manifest = run(root, tmp_path / "u.jsonl")
    assert result.exit_code == 3 and events == [] and len(manifest["warnings"]) == 1
    assert "sealed by the Android Keystore" in manifest["warnings"][0]["message"]


def test_sealed_secret_unsealed_with_the_keystore_key(current_encrypted, tmp_path):
    """pref_database_encrypted_secret opens with the SignalSecret AES key from a keystore extraction."""
    import base64
    import shutil

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    root = tmp_path / "ext"
    shutil.copytree(current_encrypted, root)
    keystore_key = bytes(range(32))
    iv = bytes(range(12))
    sealed = AESGCM(keystore_key).encrypt(iv, bytes.fromhex(SECRET), None)  # as KeyStoreHelper.seal does
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")  # noqa: E731  NO_WRAP | NO_PADDING
    prefs = root / PREFS_PATH
    prefs.parent.mkdir(parents=True)
    prefs.write_text(
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
        f'    <string name="pref_database_encrypted_secret">{{&quot;data&quot;:&quot;{b64(sealed)}&quot;,'
        f'&quot;iv&quot;:&quot;{b64(iv)}&quot;}}</string>\n</map>\n', encoding="utf-8")
    result, events, manifest = run(root, tmp_path / "t.jsonl", keys=[f"signal_keystore={keystore_key.hex()}"])
    assert result.exit_code == 0, manifest["warnings"]
    assert events and "unsealed with --key signal_keystore #1" in events[0]["extra"]["decrypted_from"]["key_source"]
    wrong = run(root, tmp_path / "u.jsonl", keys=["signal_keystore=" + "11" * 32])
    assert wrong[0].exit_code == 3 and wrong[1] == [] and len(wrong[2]["warnings"]) == 1
    assert "does not unseal" in wrong[2]["warnings"][0]["message"] and "11" * 32 not in wrong[2]["warnings"][0]["message"]
