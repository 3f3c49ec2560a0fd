"""Parsing each encrypted WhatsApp backup gives the same events as parsing its plain database."""

from __future__ import annotations

import hashlib

import pytest

from conftest import corpus_file

PROVENANCE = ("event_id", "source_path", "source_sha256", "parser", "evidence_id")
PLAIN_SHA256 = "1425b944a2e3885fc936a7bb82f6548c5cc09523a2f61f02aa836c4ed8bbd16e"


def _content(event: dict) -> dict:
    out = {k: v for k, v in event.items() if k not in PROVENANCE}
    out["extra"] = {k: v for k, v in event["extra"].items() if k != "decrypted_from"}
    return out


@pytest.mark.parametrize(
    "backup, key",
    [
        ("msgstore.db.crypt12", "key"),
        ("msgstore.db.crypt14", "key"),
        ("msgstore-noexpiry.db.crypt14", "key"),
        ("msgstore.db.crypt15", "encrypted_backup.key"),
        ("msgstore.db.crypt15", "hex"),
    ],
)
def test_backup_events_equal_plain_events(parse, tmp_path, backup, key):
    plain_src = corpus_file("crypto", "whatsapp", "msgstore.db")
    plain_root = tmp_path / "plain" / "data/data/com.whatsapp/databases"
    plain_root.mkdir(parents=True)
    (plain_root / "msgstore.db").write_bytes(plain_src.read_bytes())
    plain = parse(tmp_path / "plain")
    assert plain.exit_code == 0 and plain.events

    enc_root = tmp_path / "enc" / "sdcard/WhatsApp/Databases"
    enc_root.mkdir(parents=True)
    enc = corpus_file("crypto", "whatsapp", backup)
    (enc_root / backup).write_bytes(enc.read_bytes())
    keys = []
    if key == "hex":
        from artefacts.decoders.javaser import parse_byte_array

        # the 64-hex-digit end-to-end key is the 32-byte payload of encrypted_backup.key
        root = parse_byte_array(corpus_file("crypto", "whatsapp", "encrypted_backup.key").read_bytes())
        assert len(root) == 32
        keys = [f"whatsapp={root.hex()}"]
    else:
        files = tmp_path / "enc" / "data/data/com.whatsapp/files"
        files.mkdir(parents=True)
        (files / key).write_bytes(corpus_file("crypto", "whatsapp", key).read_bytes())
    decrypted = parse(tmp_path / "enc", keys=keys)
    assert decrypted.exit_code == 0, decrypted.warnings
    assert [_content(e) for e in decrypted.events] == [_content(e) for e in plain.events]
    for ev in decrypted.events:
        assert ev["source_path"] == f"sdcard/WhatsApp/Databases/{backup}"
        assert ev["source_sha256"] == hashlib.sha256(enc.read_bytes()).hexdigest()
        assert ev["extra"]["decrypted_from"]["plaintext_sha256"] == PLAIN_SHA256
