"""Signal Android ``.backup`` files: key derivation, frames, MACs, restore, and the ``signal_backup`` parser.

No public classic ``.backup`` with a known passphrase exists (../shared/corpus/crypto/signal/README.txt),
so the files here come from the project's encoder (``artefacts.synthetic.signal.write_backup``),
written from the documented format with its own key derivation, HKDF and framing. The corpus's
known-answer vectors (libsignal's newer archive key schedule) check the HKDF-SHA256 primitive the
decoder uses.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from artefacts.decoders import signal_backup as sb
from artefacts.engine import RunOptions, run_parse
from artefacts.registry import Registry, registry_with
from artefacts.synthetic import signal as syn

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KAT_README = SHARED / "corpus" / "crypto" / "signal" / "README.txt"
PASSPHRASE = syn.passphrase_for(7)
OTHER_PASSPHRASE = syn.passphrase_for(8)
BACKUP_NAME = "signal-2024-03-01-12-00-00.backup"


def registry() -> Registry:
    """The output formats and this plugin only (other plugins cannot interfere)."""
    return registry_with("artefacts.plugins.signal_android", "artefacts.plugins.signal_backup")


def rows_of(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted(map(tuple, con.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names}
    finally:
        con.close()


@pytest.fixture(scope="module")
def source_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("signal-src")
    summary = syn.build_signal_db(d / "signal.db", generation="current", n_messages=4, seed=11)
    return d / "signal.db", summary


EXTRA_FRAMES = dict(
    preferences=[("SecureSMS-Preferences", "pref_identity_public_v3", "BQ=="), ("org.thoughtcrime.securesms_preferences", "pref_x", True)],
    key_values=[("account.e164", "+447700900123"), ("settings.keep_messages_duration", 0), ("registration.complete", True)],
    avatars=[("2", b"\x89PNG avatar bytes")],
    stickers=[(1, b"RIFF sticker")],
)


@pytest.fixture(scope="module", params=[0, 1], ids=["header-v0", "header-v1"])
def backup(request, tmp_path_factory, source_db):
    db, summary = source_db
    d = tmp_path_factory.mktemp(f"signal-backup-v{request.param}")
    path = d / BACKUP_NAME
    info = syn.write_backup(db, path, PASSPHRASE, version=request.param, attachments=summary["attachments"],
                            seed=request.param, **EXTRA_FRAMES)
    return path, info, summary


def flipped(path: Path, offset: int, out: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    out.write_bytes(bytes(data))
    return out


# ---------------------------------------------------------------------------------------------
# Keys


def _kat():
    if not KAT_README.exists():
        pytest.skip(f"corpus file not available: {KAT_README}")
    text = KAT_README.read_text(encoding="utf-8")

    def value(label):
        m = re.search(label + r"[^=\n]*=\s*([0-9a-z]+)\s*$", text, re.M)
        assert m, label
        return m.group(1)

    return {
        "aep": value(r"AEP \(recovery key, ASCII\)"),
        "backup_key": re.search(r"=\s*([0-9a-f]{64})\s*\n\s*BackupId", text).group(1),
        "backup_id": value("BackupId"),
        "hmac_key": value("hmacKey"),
        "aes_key": value("aesKey"),
    }


def test_hkdf_matches_corpus_known_answer_vectors():
    """libsignal's KATs (corpus README): HKDF-SHA256 with no salt, as the decoder's ``hkdf_sha256``."""
    kat = _kat()
    backup_key = sb.hkdf_sha256(kat["aep"].encode("ascii"), b"20240801_SIGNAL_BACKUP_KEY", 32)
    assert backup_key.hex() == kat["backup_key"]
    okm = sb.hkdf_sha256(backup_key, b"20241007_SIGNAL_BACKUP_ENCRYPT_MESSAGE_BACKUP:" + bytes.fromhex(kat["backup_id"]), 64)
    assert okm[:32].hex() == kat["hmac_key"]
    assert okm[32:].hex() == kat["aes_key"]


def test_classic_key_derivation_agrees_with_the_java_form():
    """Decoder (chained formula) and encoder (Java MessageDigest semantics) derive the same keys."""
    salt = bytes(range(32))
    assert sb.backup_key(PASSPHRASE, salt) == syn._java_backup_key(PASSPHRASE, salt)
    assert sb.backup_key(PASSPHRASE, None) == syn._java_backup_key(PASSPHRASE, None)
    okm = syn._rfc5869(sb.backup_key(PASSPHRASE, salt), b"Backup Export", 64)
    assert sb.derive_keys(PASSPHRASE, salt) == (okm[:32], okm[32:])
    assert sb.backup_key(PASSPHRASE, salt) != sb.backup_key(OTHER_PASSPHRASE, salt)


@pytest.mark.parametrize("text", [
    "123456789012345678901234567890",
    "12345 67890 12345 67890 12345 67890",
    "  12345 67890 12345 67890 12345 67890\n",
    b"123456789012345678901234567890",
])
def test_passphrase_forms_accepted(text):
    assert sb.normalise_passphrase(text) == "123456789012345678901234567890"


@pytest.mark.parametrize("text", [
    "12345678901234567890123456789",          # 29 digits
    "1234567890123456789012345678901",        # 31 digits
    "12345-67890-12345-67890-12345-67890",    # hyphens
    "12345 67890 12345 67890 12345 6789O",    # letter O
    "٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩",     # non-ASCII digits
    "",
])
def test_passphrase_other_forms_refused(text):
    with pytest.raises(sb.InvalidPassphraseError) as exc:
        sb.normalise_passphrase(text)
    assert "30 digits" in str(exc.value)
    assert isinstance(exc.value, ValueError)


# ---------------------------------------------------------------------------------------------
# Reading and restoring


def test_header_is_plaintext_with_iv_salt_and_version(backup):
    path, info, _ = backup
    header = sb.read_header(path)
    assert header.version == info["header_version"]
    assert header.iv == info["iv"] and header.salt == info["salt"]
    BackupFrame = sb._proto().message("BackupFrame")
    raw = path.read_bytes()
    frame = BackupFrame.FromString(raw[4:4 + int.from_bytes(raw[:4], "big")])
    assert frame.header.HasField("version") == (info["header_version"] == 1)
    assert sb.sniff(path)


def test_frames_decrypt_in_order(backup):
    path, info, _ = backup
    frames = []
    for f in sb.read_backup(path, PASSPHRASE):
        if f.data is not None:
            f.data.read()  # decrypting inside the iteration works
        frames.append(f)
    expected = [r["kind"] for r in info["frames"]]
    assert [f.kind for f in frames] == expected
    assert [f.offset for f in frames] == [r["offset"] for r in info["frames"]]
    kinds = set(expected)
    assert {"header", "version", "statement", "attachment", "preference", "key_value", "sticker", "avatar", "end"} <= kinds
    st = next(f for f in frames if f.kind == "statement" and f.payload.parameters)
    assert st.payload.statement.startswith("INSERT INTO ")


def test_restore_gives_the_same_rows_and_media(backup, source_db, tmp_path):
    path, info, summary = backup
    db, _ = source_db
    result = sb.restore_backup(path, PASSPHRASE, tmp_path / "restored.db", tmp_path / "media")
    assert result.complete and result.header_version == info["header_version"]
    assert result.database_version == 0
    assert rows_of(tmp_path / "restored.db") == rows_of(db)
    assert result.statements["failed"] == 0 and result.warnings == []
    # sqlite_sequence's CREATE TABLE (AUTOINCREMENT tables) is SQLite's own: skipped on purpose
    assert result.statements["skipped"] >= 1
    assert any("sqlite_sequence" in s for s in result.skipped)
    expected = {row_id: hashlib.sha256(data).hexdigest() for _t, row_id, _a, data in summary["attachments"]}
    assert {f.row_id: f.sha256 for f in result.attachments} == expected
    for f in result.attachments:
        assert f.path.name == f"attachment-{f.row_id}"
        assert hashlib.sha256(f.path.read_bytes()).hexdigest() == f.sha256
    assert [(a.recipient_id, a.path.read_bytes()) for a in result.avatars] == [("2", b"\x89PNG avatar bytes")]
    assert [(s.row_id, s.path.read_bytes()) for s in result.stickers] == [(1, b"RIFF sticker")]
    assert {(p["key"], p["value"]) for p in result.preferences} == {("pref_identity_public_v3", "BQ=="), ("pref_x", True)}
    assert {(k["key"], k["value"]) for k in result.key_values} == {
        ("account.e164", "+447700900123"), ("settings.keep_messages_duration", 0), ("registration.complete", True)}
    assert result.frames["attachment"] == len(summary["attachments"])
    assert result.frames["end"] == 1


def test_restore_replays_only_create_and_insert(tmp_path):
    db = tmp_path / "src.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE message (_id INTEGER PRIMARY KEY, body TEXT, n INTEGER, r REAL, b BLOB)")
    con.execute("CREATE TABLE audit (x)")
    con.execute("CREATE TRIGGER t AFTER INSERT ON message BEGIN INSERT INTO audit VALUES (new._id); END")
    con.execute("CREATE VIRTUAL TABLE message_fts USING fts5(body)")
    con.executemany("INSERT INTO message VALUES (?,?,?,?,?)",
                    [(1, "hi", -7, 0.5, b"\x00"), (2, None, 2 ** 63 - 1, None, None)])
    con.commit()
    con.close()
    BackupFrame = sb._proto().message("BackupFrame")

    def stmt(sql):
        f = BackupFrame()
        f.statement.statement = sql
        return f.SerializeToString()

    hostile = [stmt("DROP TABLE message"), stmt("UPDATE message SET body = 'x'"), stmt("DELETE FROM message"),
               stmt(f"ATTACH DATABASE '{tmp_path / 'attached.db'}' AS x"), stmt("PRAGMA writable_schema = 1"),
               stmt("INSERT INTO audit SELECT _id FROM message"),
               stmt("INSERT INTO audit VALUES (1); DROP TABLE message")]
    path = tmp_path / BACKUP_NAME
    syn.write_backup(db, path, PASSPHRASE, raw_frames=hostile)
    result = sb.restore_backup(path, PASSPHRASE, tmp_path / "out.db", tmp_path / "media")
    con = sqlite3.connect(tmp_path / "out.db")
    assert con.execute("SELECT * FROM message ORDER BY _id").fetchall() == [(1, "hi", -7, 0.5, b"\x00"), (2, None, 2 ** 63 - 1, None, None)]
    # the source's two audit rows come back; a replayed trigger would have added two more, and the
    # hostile INSERT ... SELECT / stacked statement none
    assert con.execute("SELECT x FROM audit ORDER BY x").fetchall() == [(1,), (2,)]
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "t" not in names and "message_fts" not in names and not any(n.startswith("message_fts_") for n in names)
    con.close()
    assert not (tmp_path / "attached.db").exists()
    # 4 non-CREATE/INSERT statements skipped, plus the trigger, the virtual table and its shadow tables
    skipped_text = " ".join(result.skipped)
    for word in ("DROP", "UPDATE", "DELETE", "ATTACH", "PRAGMA", "trigger", "virtual table"):
        assert word in skipped_text
    # INSERT ... SELECT is refused by the authorizer, a second statement by sqlite3 itself
    assert result.statements["failed"] == 2
    assert any("not authorized" in w for w in result.warnings)


def test_unknown_frame_is_skipped_with_a_warning(tmp_path, source_db):
    db, _ = source_db
    BackupFrame = sb._proto().message("BackupFrame")
    f = BackupFrame()
    f.header.iv = b"x" * 16  # a second header after frame 0: not a frame the importer knows
    raw_unknown_field = b"\x78\x01"  # field 15, varint 1: unknown to Backups.proto
    path = tmp_path / BACKUP_NAME
    syn.write_backup(db, path, PASSPHRASE, raw_frames=[raw_unknown_field, f.SerializeToString()])
    frames = list(sb.read_backup(path, PASSPHRASE))
    unknown = [fr for fr in frames if fr.kind == "unknown"]
    assert len(unknown) == 2
    assert "15" in unknown[0].error.reason and "a second Header" in unknown[1].error.reason
    assert frames[-1].kind == "end"
    with pytest.raises(sb.UnknownFrameError) as exc:
        list(sb.read_backup(path, PASSPHRASE, strict=True))
    assert exc.value.frame_index == unknown[0].index and str(path) in str(exc.value)
    result = sb.restore_backup(path, PASSPHRASE, tmp_path / "out.db", tmp_path / "media")
    assert result.complete and result.frames["unknown"] == 2 and len(result.warnings) == 2


# ---------------------------------------------------------------------------------------------
# Damage


def test_one_byte_change_in_any_frame_is_caught_by_its_mac(backup, tmp_path):
    path, info, _ = backup
    version = info["header_version"]
    bad = tmp_path / "bad.backup"
    checked = 0
    for rec in info["frames"][1:]:
        index, offset, length = rec["index"], rec["offset"], rec["length"]
        targets = {"ciphertext": offset + 4 + (length - 10) // 2, "mac": offset + 4 + length - 1}
        if version == 1:
            targets["encrypted length"] = offset + 3  # covered by the MAC in version 1
        if "data_offset" in rec:
            targets["attachment data"] = rec["data_offset"] + rec["data_length"] // 2
            targets["attachment mac"] = rec["data_offset"] + rec["data_length"] + 9
        for what, pos in targets.items():
            flipped(path, pos, bad)
            with pytest.raises(sb.SignalBackupError) as exc:
                for _ in sb.read_backup(bad, PASSPHRASE):
                    pass
            err = exc.value
            if what == "encrypted length" and rec["kind"] == "end":
                # the End frame's length + 1 runs past the end of the file
                assert isinstance(err, sb.TruncatedBackupError), (what, index, err)
            else:
                assert isinstance(err, sb.FrameMacError), (what, index, err)
            assert err.frame_index == index, (what, index, err)
            assert f"frame {index}" in str(err) and str(bad) in str(err)
            checked += 1
    assert checked >= (2 + version) * (len(info["frames"]) - 1)


def test_truncation(backup, tmp_path):
    path, info, _ = backup
    data = path.read_bytes()
    att = next(r for r in info["frames"] if r["kind"] == "attachment")
    end = info["frames"][-1]
    cases = {
        "inside the last frame": len(data) - 3,
        "before the End frame": end["offset"],
        "inside attachment data": att["data_offset"] + 5,
        "inside a length field": info["frames"][3]["offset"] + 2,
    }
    for what, cut in cases.items():
        short = tmp_path / f"short-{cut}.backup"
        short.write_bytes(data[:cut])
        with pytest.raises(sb.TruncatedBackupError) as exc:
            list(sb.read_backup(short, PASSPHRASE))
        assert str(short) in str(exc.value), what
        with pytest.raises(sb.TruncatedBackupError) as exc:
            sb.restore_backup(short, PASSPHRASE, tmp_path / f"out-{cut}.db", tmp_path / f"media-{cut}")
        assert exc.value.partial.statements["executed"] > 0, what  # what came before is kept
    with pytest.raises(sb.NotASignalBackupError):
        sb.read_header(_write(tmp_path / "empty.backup", b""))
    with pytest.raises(sb.NotASignalBackupError):
        list(sb.read_backup(_write(tmp_path / "half-header.backup", data[:10]), PASSPHRASE))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_wrong_passphrase(backup, tmp_path):
    path, _, _ = backup
    with pytest.raises(sb.WrongPassphraseError) as exc:
        list(sb.read_backup(path, OTHER_PASSPHRASE))
    assert str(path) in str(exc.value) and "wrong passphrase" in str(exc.value)
    with pytest.raises(sb.WrongPassphraseError) as exc:
        sb.restore_backup(path, OTHER_PASSPHRASE, tmp_path / "out.db", tmp_path / "media", name="evidence/x.backup")
    assert str(exc.value).startswith("evidence/x.backup: ")
    assert exc.value.partial.statements["executed"] == 0
    with pytest.raises(sb.InvalidPassphraseError):
        list(sb.read_backup(path, "0000-0000"))


# ---------------------------------------------------------------------------------------------
# The signal_backup parser in a host run


@pytest.fixture(scope="module")
def extraction(tmp_path_factory, source_db):
    db, summary = source_db
    root = tmp_path_factory.mktemp("signal-backup-extraction") / "phone"
    backups = root / "sdcard" / "Signal" / "Backups"
    backups.mkdir(parents=True)
    present = [a for a in summary["attachments"] if a[1] != summary["expected"]["attachment_missing"]["attachment_ids"][0]]
    syn.write_backup(db, backups / BACKUP_NAME, PASSPHRASE, version=1, attachments=present, seed=3, **EXTRA_FRAMES)
    return root, summary


def _run(inputs, out: Path, keys):
    result = run_parse(RunOptions(inputs=[inputs], output=out, keys=keys, workdir=out.parent / "work"), registry=registry())
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    return result, events, manifest


def test_host_run_restores_and_parses_the_backup(extraction, tmp_path, event_validator):
    root, summary = extraction
    result, events, manifest = _run(root, tmp_path / "t.jsonl", [f"signal={PASSPHRASE}"])
    assert result.exit_code == 0, manifest["warnings"]
    assert manifest["warnings"] == []
    backup_path = f"sdcard/Signal/Backups/{BACKUP_NAME}"
    backup_sha = hashlib.sha256((root / backup_path).read_bytes()).hexdigest()
    for ev in events:
        event_validator.validate(ev)
        assert ev["source_path"] == backup_path and ev["source_sha256"] == backup_sha
        assert ev["parser"].startswith("signal_backup/") and ev["app"] == "signal"
        assert ev["extra"]["restored_from"]["header_version"] == 1
        assert ev["extra"]["restored_from"]["complete"] is True
    by_loc = {e["source_locator"]: e for e in events}
    special, expected = summary["special"], summary["expected"]
    inc = by_loc[special["incoming"]]
    assert (inc["direction"], inc["status"], inc["body"]) == ("incoming", "received", expected["incoming"]["body"])
    assert inc["sender"] == expected["incoming"]["sender"]
    assert by_loc[special["outgoing_failed"]]["status"] == "failed"
    present = by_loc[special["attachment_present"]]["attachments"][0]
    att_id = expected["attachment_present"]["attachment_ids"][0]
    assert present["path"] == f"{backup_path}#attachment/{att_id}"
    assert present["sha256"] == expected["attachment_present"]["sha256"][0]
    missing = by_loc[special["attachment_missing"]]["attachments"][0]
    assert missing["path"] is None and missing["sha256"] is None
    assert by_loc[special["reaction_in"]]["kind"] == "reaction"
    assert by_loc[special["call_incoming_call"]]["kind"] == "call"
    assert len(events) == len({e["event_id"] for e in events})


def test_host_run_wrong_passphrase(extraction, tmp_path):
    root, _ = extraction
    result, events, manifest = _run(root, tmp_path / "t.jsonl", [f"signal={OTHER_PASSPHRASE}"])
    assert result.exit_code == 3
    assert len(manifest["warnings"]) == 1
    w = manifest["warnings"][0]
    assert w["parser"] == "signal_backup" and w["source_path"].endswith(BACKUP_NAME)
    assert "wrong passphrase" in w["message"]
    assert events == []


def test_host_run_without_passphrase_and_with_damage(extraction, tmp_path):
    root, _ = extraction
    result, events, manifest = _run(root, tmp_path / "a.jsonl", [])
    assert result.exit_code == 3 and events == []
    assert [w["parser"] for w in manifest["warnings"]] == ["signal_backup"]
    assert "30-digit" in manifest["warnings"][0]["message"]
    # a damaged frame late in the file: one warning, and the frames before it are reported
    damaged = tmp_path / "damaged"
    (damaged / "Backups").mkdir(parents=True)
    data = bytearray((root / "sdcard" / "Signal" / "Backups" / BACKUP_NAME).read_bytes())
    data[-30] ^= 0x01
    (damaged / "Backups" / BACKUP_NAME).write_bytes(bytes(data))
    result, events, manifest = _run(damaged, tmp_path / "b.jsonl", [f"signal={PASSPHRASE}"])
    assert result.exit_code == 3
    assert len(manifest["warnings"]) == 1 and "MAC mismatch" in manifest["warnings"][0]["message"]
    assert events and all(e["extra"]["restored_from"]["complete"] is False for e in events)


def test_host_run_with_the_installed_plugins(extraction, tmp_path):
    """The same run through the default registry (entry points), as ``artefacts parse`` does it."""
    from artefacts.registry import load_registry

    assert "signal_backup" in load_registry().parsers, "signal_backup is registered through its entry point"
    root, summary = extraction
    out = tmp_path / "t.jsonl"
    result = run_parse(RunOptions(inputs=[root], output=out, keys=[f"signal={PASSPHRASE}"], workdir=tmp_path / "work"))
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    manifest = json.loads(out.with_name(out.name + ".manifest.json").read_text(encoding="utf-8"))
    assert not [w for w in manifest["warnings"] if (w["parser"] or "").startswith("signal")]
    ours = [e for e in events if e["parser"].startswith("signal_backup/")]
    assert {e["source_locator"] for e in ours} >= {summary["special"]["incoming"], summary["special"]["reaction_in"]}
    assert result.exit_code in (0, 3)  # 3 only if some other plugin warns


def test_decrypt_command_restores_a_backup(tmp_path):
    """artefacts decrypt on a .backup writes the restored database and its attachments; a wrong passphrase writes nothing."""
    import subprocess
    import sys

    db = tmp_path / "signal.db"
    summary = syn.build_signal_db(db, generation="current", n_messages=12, seed=9)
    backup = tmp_path / "signal-2024-01-01-00-00-00.backup"
    passphrase = syn.passphrase_for(9)
    syn.write_backup(db, backup, passphrase, attachments=summary["attachments"], seed=9)
    cli = [sys.executable, "-c", "from artefacts.cli import main; main()", "decrypt", str(backup)]
    out = tmp_path / "plain.db"
    ok = subprocess.run([*cli, "--key", passphrase, "-o", str(out)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    con = sqlite3.connect(out)
    src = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM message").fetchone() == src.execute("SELECT count(*) FROM message").fetchone()
    assert len(list((tmp_path / "plain.db.attachments").iterdir())) == len(summary["attachments"])
    bad = subprocess.run([*cli, "--key", "11111 11111 11111 11111 11111 11111", "-o", str(tmp_path / "x.db")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "wrong passphrase" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "x.db.attachments").exists()
