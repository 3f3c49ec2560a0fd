"""Proton Mail for Android (``plugins/protonmail_android.py``): the generated ``MessagesDatabase.db`` parses into
its manifest with the key given; without it the bodies stay encrypted and marked; a wrong key or passphrase is
one warning."""

from __future__ import annotations

import json
import sqlite3
import warnings

import pytest

from artefacts.synthetic.protonmail import DB, KEY_FILE, PASSPHRASE, make_key, serialize_recipients, write_sample
from artefacts.synthetic.messengers import expected_events
from conftest import SAMPLE_DATA, assert_events_match

pytest.importorskip("pgpy")
HERE = SAMPLE_DATA / "protonmail"
SAMPLE = HERE / "android"


def _manifest() -> dict:
    return json.loads((HERE / "MANIFEST.json").read_text(encoding="utf-8"))


def _key_arg(path=HERE / KEY_FILE, passphrase=PASSPHRASE) -> str:
    return f"protonmail={path}:{passphrase}"


def test_sample_with_the_key_matches_its_manifest(parse, event_validator):
    tl = parse(SAMPLE, keys=[_key_arg()])
    assert tl.exit_code == 0 and tl.warnings == []
    expected = expected_events(_manifest())
    got = {loc: e for (_, loc), e in assert_events_match(tl, expected, validator=event_validator).items()}
    assert len(tl.events) == 5
    for exp in expected:
        e = got[exp["locator"]]
        for key, value in exp["extra"].items():
            assert e["extra"][key] == value, (exp["locator"], key)
        assert e["app"] == "protonmail" and e["kind"] == "email"
    reply = got["messagev3:_id=2"]
    assert reply["extra"]["cc"] == ["drop@anon.example.net"] and reply["extra"]["header_message_id"] == "<pmA2@proton.example>"
    assert got["messagev3:_id=5"]["body"] is None and "encrypted" not in got["messagev3:_id=5"]["extra"]


def test_without_a_key_bodies_stay_encrypted_and_marked(parse):
    tl = parse(SAMPLE)
    assert tl.exit_code == 0 and tl.warnings == []
    locked = [e for e in tl.events if e["extra"].get("encrypted")]
    assert len(locked) == 4
    for e in locked:
        assert e["body"].startswith("-----BEGIN PGP MESSAGE-----") and "decrypted" not in e["extra"]
    # metadata is there without the key
    assert tl.by_locator("messagev3:_id=3")["sender"] == "drop@anon.example.net"


def test_a_wrong_key_is_one_warning(parse, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        other = make_key("Somebody Else", "else@example.org", "other")
    path = tmp_path / "other.asc"
    path.write_text(str(other), encoding="ascii")
    tl = parse(SAMPLE, keys=[_key_arg(path, "other")])
    assert tl.exit_code == 3 and len(tl.events) == 5
    [w] = tl.warnings
    assert "4 message bodies not decrypted" in w["message"] and w["source_path"].endswith("MessagesDatabase.db")
    assert all(e["extra"].get("encrypted") for e in tl.events if e["body"])


def test_a_wrong_passphrase_is_one_warning(parse):
    tl = parse(SAMPLE, keys=[_key_arg(passphrase="not it")])
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert "passphrase does not unlock" in w["message"]
    assert sum(1 for e in tl.events if e["extra"].get("encrypted")) == 4


def test_generator_rebuilds_the_committed_bytes_and_encrypts_a_fresh_build_anew(tmp_path):
    (tmp_path / "KEYS").mkdir()
    (tmp_path / KEY_FILE).write_bytes((HERE / KEY_FILE).read_bytes())
    # with the committed database to reuse ciphertexts from, the rebuild is byte-identical
    assert write_sample(tmp_path / "android", reuse_from=SAMPLE / DB) == _manifest()
    assert (tmp_path / "android" / DB).read_bytes() == (SAMPLE / DB).read_bytes()
    assert (SAMPLE / DB).stat().st_size <= 60 * 1024

    def rows(path):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT * FROM messagev3 ORDER BY _id").fetchall()
        finally:
            con.close()

    # without it every body is encrypted anew (OpenPGP is randomised), every other column the same
    assert write_sample(tmp_path / "fresh", reuse_from=None) == _manifest()
    body = [r[1] for r in sqlite3.connect(SAMPLE / DB).execute("PRAGMA table_info(messagev3)")].index("Body")
    committed, fresh = rows(SAMPLE / DB), rows(tmp_path / "fresh" / DB)
    assert [r[:body] + r[body + 1:] for r in fresh] == [r[:body] + r[body + 1:] for r in committed]
    assert all(f[body] != c[body] for f, c in zip(fresh, committed) if c[body] is not None)


def test_recipients_column_decodes_and_garbage_gives_none():
    import base64

    from artefacts.plugins.protonmail_android import recipients

    value = base64.b64encode(serialize_recipients([("Alex Roe", "alex@example.net"), ("", "x@example.org")])).decode()
    assert recipients(value) == [("Alex Roe", "alex@example.net"), ("", "x@example.org")]
    assert recipients("not base64 at all!") == [] and recipients(base64.b64encode(b"\xac\xed\x00\x05junk").decode()) == []
