"""Fuzz targets for every decoder that reads bytes from an extraction.

Each target takes one input (bytes) and calls one decoder on it. A target passes when the decoder
returns or raises one of the errors it documents (``ALLOWED``): the host turns those into one
warning naming the file. Anything else (TypeError, IndexError, MemoryError, RecursionError, ...)
is a crash: the bug the campaign is looking for.

Seeds are valid inputs built with the project's own encoders (``artefacts/synthetic``), which are
checked against real files and the apps' sources elsewhere in the suite; the fuzzers mutate them
(flips, truncation, insertion, splices) as well as feeding arbitrary bytes.

Used by ``tests/test_fuzz_decoders.py`` (bounded, deterministic, in CI) and ``benchmarks/fuzz.py``
(the long campaign).
"""

from __future__ import annotations

import functools
import plistlib
import random
import signal
import sqlite3
import struct
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from artefacts.decoders import ios_backup_crypto as ibc
from artefacts.decoders import (javaser, protoblob, protowire, samourai_payload, signal_backup, sqlcipher, store_cipher, tl, typedstream,
                                whatsapp_crypt)
from artefacts.evidence import android_backup
from artefacts.decoders.electrum_storage import ElectrumFileError
from artefacts.evidence.extraction import EvidenceError
from artefacts.plugins.bitcoin_wallet import WalletFileError

SCRATCH = Path(tempfile.mkdtemp(prefix="artefacts-fuzz-"))


@dataclass(frozen=True)
class Target:
    name: str
    run: Callable[[bytes], object]
    allowed: tuple[type[BaseException], ...]
    seeds: Callable[[], list[bytes]]


def _file(data: bytes, name: str) -> Path:
    p = SCRATCH / name
    p.write_bytes(data)
    return p


# -- Telegram TL ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _tl_seeds() -> list[bytes]:
    from artefacts.synthetic import telegram as tg

    out = []
    for layer in (47, 105, 131, 160, 192):
        for name in ("message", "messageService"):
            try:
                known = {"message": "see you at 8, bring the cash"} if name == "message" else {}
                out.append(tg.encode(tg.fill(name, layer, **known)))
            except Exception:  # a name the layer does not know
                continue
    out.append(tg.attach_trailer("/storage/emulated/0/Telegram/Telegram Images/1.jpg"))
    return out


def _tl(data: bytes):
    try:
        obj = tl.decode(data)
    except tl.TLError:
        return None
    tl.attach_path(obj)
    return obj


def _tl_attach(data: bytes):
    return tl.read_attach_path(data, fwd_msg_id_follows=True)


# -- typedstream (iOS Messages attributedBody) --------------------------------------------------
@functools.lru_cache(maxsize=None)
def _typedstream_seeds() -> list[bytes]:
    from artefacts.synthetic.typedstream import encode_attributed_body

    return [encode_attributed_body(t) for t in ("hi", "Meet at 8 \u2615 \u05e9\u05dc\u05d5\u05dd", "x" * 300)]


# -- protobuf wire format ---------------------------------------------------------------------
def _protowire_seeds() -> list[bytes]:
    return [
        bytes.fromhex("08e9d6c4a2061209736f6d652074657874"),  # varint + string
        bytes.fromhex("0a0a0801120668656c6c6f21") + b"\x19" + struct.pack("<d", 1.5),
        b"\x0d" + struct.pack("<I", 7) + b"\x12\x00",
    ]


def _protowire(data: bytes):
    fields = protowire.decode(data)
    protowire.to_json(fields)
    for f in fields:
        if isinstance(f.value, bytes):
            protowire.as_text(f.value)
    return fields


def _protowire_base64(data: bytes):
    return protowire.from_base64(data.decode("latin-1"))


def _protoblob(data: bytes):
    tree = protoblob.decode(data)
    tree.to_json()
    return tree.all("1")


# -- Java serialisation (WeChat/Android config files) -------------------------------------------
def _javaser_seeds() -> list[bytes]:
    return [javaser.build_byte_array(b"\x01" * 32), javaser.build_byte_array(b"")]


def _java_object_seeds() -> list[bytes]:
    data = Path(__file__).resolve().parent / "data" / "java"
    return [(data / "mixed_map.ser").read_bytes(), (data / "int_string_map.ser").read_bytes(),
            javaser.build_byte_array(b"\x02" * 16)]


# -- Threema key.dat ---------------------------------------------------------------------------
def _threema_key_seeds() -> list[bytes]:
    from artefacts.decoders.threema_key import PBKDF2, build_key_file

    master = bytes(range(32))
    return [build_key_file(master), build_key_file(master, passphrase="pw", protection=PBKDF2, salt=b"saltsalt")]


def _threema_key(data: bytes):
    from artefacts.decoders.threema_key import master_key

    return master_key(data)  # no passphrase: a protected file is refused before any key derivation


# -- WhatsApp crypt12/14/15 -------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _plain_db() -> Path:
    p = SCRATCH / "plain.db"
    if not p.exists():
        con = sqlite3.connect(p)
        con.execute("CREATE TABLE message (_id INTEGER PRIMARY KEY, text_data TEXT, timestamp INTEGER)")
        con.executemany("INSERT INTO message VALUES (?, ?, ?)", [(i, f"text {i}" * 3, 1700000000000 + i) for i in range(40)])
        con.commit()
        con.close()
    return p


@functools.lru_cache(maxsize=None)
def _crypt_key():
    from artefacts.synthetic.whatsapp_backup import root_key_for

    return whatsapp_crypt.load_key(root_key_for(7).hex())


@functools.lru_cache(maxsize=None)
def _crypt_seeds() -> list[bytes]:
    from artefacts.synthetic.whatsapp_backup import root_key_for, write_crypt15

    out = SCRATCH / "seed.crypt15"
    write_crypt15(_plain_db(), out, root_key_for(7))
    return [out.read_bytes()]


def _crypt_header(data: bytes):
    return whatsapp_crypt.read_header(_file(data, "msgstore.db.crypt15"))


def _crypt_decrypt(data: bytes):
    return whatsapp_crypt.decrypt_backup(_file(data, "msgstore.db.crypt15"), _crypt_key(), SCRATCH / "out.db")


# -- SQLCipher pages and WAL ------------------------------------------------------------------
SQLCIPHER_KEY = "x'" + "2b" * 32 + "'"


@functools.lru_cache(maxsize=None)
def _sqlcipher_seeds() -> list[bytes]:
    enc = SCRATCH / "seed-enc.db"
    sqlcipher.encrypt_database(_plain_db(), enc, SQLCIPHER_KEY, sqlcipher.APP_SETTINGS["signal-android"], seed=1)
    return [enc.read_bytes()]


def _sqlcipher(data: bytes):
    return sqlcipher.decrypt_database(_file(data, "enc.db"), SCRATCH / "dec.db", SQLCIPHER_KEY,
                                      settings=sqlcipher.APP_SETTINGS["signal-android"], wal=False)


@functools.lru_cache(maxsize=None)
def _sqlcipher_wal_seeds() -> list[bytes]:
    """An encrypted database and its encrypted ``-wal`` (the fuzzer mutates the WAL)."""
    plain = SCRATCH / "walplain.db"
    if not plain.exists():
        sqlcipher.new_plain_database(plain, sqlcipher.APP_SETTINGS["signal-android"])
        con = sqlite3.connect(plain)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("CREATE TABLE t (a TEXT)")
        con.commit()
        con.executemany("INSERT INTO t VALUES (?)", [(f"row {i}",) for i in range(20)])
        con.commit()
        import shutil

        shutil.copyfile(str(plain) + "-wal", SCRATCH / "walplain.db-wal.keep")
        con.close()
    enc = SCRATCH / "seedwal-enc.db"
    wal = SCRATCH / "seedwal-enc.db-wal"
    sqlcipher.encrypt_database(plain, enc, SQLCIPHER_KEY, sqlcipher.APP_SETTINGS["signal-android"], seed=2,
                               wal=SCRATCH / "walplain.db-wal.keep")
    return [wal.read_bytes()] if wal.exists() else []


def _sqlcipher_wal(data: bytes):
    base = SCRATCH / "seedwal-enc.db"
    if not base.exists():
        _sqlcipher_wal_seeds()
    return sqlcipher.decrypt_database(base, SCRATCH / "decwal.db", SQLCIPHER_KEY,
                                      settings=sqlcipher.APP_SETTINGS["signal-android"],
                                      wal=_file(data, "walfuzz.db-wal"))


# -- Signal .backup frames --------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _signal_passphrase() -> str:
    from artefacts.synthetic.signal import passphrase_for

    return passphrase_for(3)


@functools.lru_cache(maxsize=None)
def _signal_seeds() -> list[bytes]:
    from artefacts.synthetic.signal import write_backup

    out = SCRATCH / "seed.backup"
    write_backup(_plain_db(), out, _signal_passphrase(), attachments=[("message", 1, 1, b"\xff\xd8\xff\xe0 jpeg")])
    return [out.read_bytes()]


def _signal_backup(data: bytes):
    n = 0
    for _frame in signal_backup.read_backup(_file(data, "fuzz.backup"), _signal_passphrase()):
        n += 1
    return n


# -- iTunes backup keybag, keychain items, MBFile archives -----------------------------------
@functools.lru_cache(maxsize=None)
def _keybag_seeds() -> list[bytes]:
    from artefacts.synthetic.itunes_backup import keybag_blob

    head, classes = _keybag_seed_blocks()
    return [keybag_blob(head, classes)]


def _keybag_seed_blocks():
    r = random.Random(5)
    head = [(b"VERS", 3), (b"TYPE", 1), (b"UUID", r.randbytes(16)), (b"HMCK", r.randbytes(40)), (b"WRAP", 0),
            (b"SALT", r.randbytes(20)), (b"ITER", 10), (b"DPWT", 1), (b"DPIC", 10), (b"DPSL", r.randbytes(20))]
    classes = [[(b"UUID", r.randbytes(16)), (b"CLAS", c), (b"WRAP", 2), (b"KTYP", 0), (b"WPKY", r.randbytes(40))]
               for c in (1, 2, 3)]
    return head, classes


#: key derivation is run on keybags whose iteration counts are at most this (real ones take seconds)
KDF_ITERATIONS_MAX = 64


def _keybag(data: bytes):
    kb = ibc.parse_keybag(data)
    if kb.attrs[b"ITER"] <= KDF_ITERATIONS_MAX and kb.attrs.get(b"DPIC", 0) <= KDF_ITERATIONS_MAX:
        ibc.derive_key(kb, "password")  # the salts' types are only used here
    ibc.unlock(kb, b"\x00" * 32)
    return kb


def _keychain_seeds() -> list[bytes]:
    key = bytes(range(32))
    item = ibc.encrypt_keychain_item(key, 6, {"acct": "a", "svce": "s", "v_Data": b"secret"}, bytes(32))
    return [item]


def _keychain(data: bytes):
    return ibc.decrypt_keychain_item({6: bytes(range(32))}, data)


def _mbfile_seeds() -> list[bytes]:
    objects = ["$null", {"$class": plistlib.UID(3), "EncryptionKey": plistlib.UID(2), "ProtectionClass": 3,
                         "Size": 12, "Digest": plistlib.UID(2)},
               {"NS.data": b"\x03\x00\x00\x00" + b"k" * 40, "$class": plistlib.UID(4)},
               {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]},
               {"$classname": "NSMutableData", "$classes": ["NSMutableData", "NSData", "NSObject"]}]
    return [plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                            "$objects": objects}, fmt=plistlib.FMT_BINARY)]


def _mbfile(data: bytes):
    from artefacts.evidence.itunes import _file_record

    return _file_record("HomeDomain-Library/x", data)


# -- NSKeyedArchiver (Signal iOS) -------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _archive_seeds() -> list[bytes]:
    from artefacts.synthetic.signal_ios import ArchivedObject, keyed_archive

    return [keyed_archive(ArchivedObject("TSOutgoingMessage", {"body": "hello", "timestamp": 1700000000000,
                                                               "attachmentIds": ["a", "b"]}, ("TSMessage", "NSObject"))),
            keyed_archive(["x", 1, b"\x00"])]


def _unarchive(data: bytes):
    from artefacts.plugins.signal_ios import unarchive

    return unarchive(data)


# -- Android backup (.ab) header and body -----------------------------------------------------
@functools.lru_cache(maxsize=None)
def _ab_seeds() -> list[bytes]:
    from artefacts.synthetic.android_backup import write_android_backup

    members = [("apps/com.android.providers.telephony/d_f/000000_sms_backup", b'[{"address":"1","body":"x"}]')]
    out = []
    for compress in (True, False):
        p = write_android_backup(SCRATCH / f"seed{compress}.ab", members, compress=compress)
        out.append(p.read_bytes())
    return out


def _android_backup(data: bytes):
    path = _file(data, "fuzz.ab")
    with open(path, "rb") as fh:
        header = android_backup.Header(fh, path)
    ext = android_backup.AndroidBackupExtraction(path)
    for _entry, fh in ext._stream_members(set(range(len(ext.entries)))):
        fh.read(1 << 20)
    return header


# -- Bitcoin wallets: the bitcoinj wallet protobuf, Electrum storage and wallet JSON ----------------
@functools.lru_cache(maxsize=None)
def _bitcoinj_seeds() -> list[bytes]:
    from artefacts.synthetic.wallets import build_bitcoinj_wallet

    return [build_bitcoinj_wallet(seed=1, scrypt_n=1024)["data"]]


def _bitcoinj(data: bytes):
    from artefacts.plugins.bitcoin_wallet import owned_keys, proto, read_wallet

    return owned_keys(read_wallet(data), proto())


@functools.lru_cache(maxsize=None)
def _electrum_wallet() -> dict:
    from artefacts.synthetic.wallets import build_electrum_wallet

    return build_electrum_wallet(seed=1, n_receiving=2, n_change=2)["data"]


def _electrum_storage_seeds() -> list[bytes]:
    from artefacts.synthetic.wallets import electrum_file_text

    return [electrum_file_text(_electrum_wallet(), password="pw", seed=1).encode()]


def _electrum_json_seeds() -> list[bytes]:
    from artefacts.synthetic.wallets import electrum_file_text

    return [electrum_file_text(_electrum_wallet(), patches=[{"op": "add", "path": "/labels/x", "value": "y"}]).encode()]


def _electrum_storage(data: bytes):
    from artefacts.decoders import electrum_storage as es

    return es.decrypt_storage(data.decode("latin-1"), "pw")


def _electrum_json(data: bytes):
    from artefacts.decoders import electrum_storage as es

    return es.load_wallet_json(data.decode("utf-8", "replace"))


def _samourai_seeds() -> list[bytes]:
    sp = samourai_payload
    plain = '{"wallet": {"accounts": [{"xpub": "x", "receiveIdx": 1}]}, "meta": {"bip47": {"pcodes": []}}}'
    return [sp.file_text(sp.encrypt(plain, "pw", iv=bytes(range(16)), filler=b"f" * 15)).encode(),
            sp.file_text(sp.encrypt_v2(plain, "pw", salt=b"8 bytes!"), 2).encode(),
            sp.file_text(plain).encode()]


def _samourai(data: bytes):
    sp = samourai_payload
    env = sp.envelope(data.decode("utf-8", "replace"))
    return sp.decrypt(env["payload"], "pw") if sp.is_encrypted(env["payload"]) else sp.plain_json(env["payload"])


def _store_cipher() -> "store_cipher.StoreCipher":
    return store_cipher.StoreCipher(bytes(range(32)), bytes(range(32, 64)))


def _store_export_seeds() -> list[bytes]:
    return [_store_cipher().export("pw", salt=b"s" * 32, nonce=b"n" * 24, rounds=1000)]


def _store_export(data: bytes):
    return store_cipher.StoreCipher.import_passphrase("pw", data)


def _store_value_seeds() -> list[bytes]:
    c = _store_cipher()
    return [c.encrypt_value(b'{"kind":{"PlainText":{"event":{}}}}', nonce=b"v" * 24), c.encrypt_value(b"", nonce=b"w" * 24)]


def _store_value(data: bytes):
    return _store_cipher().decrypt_value(data)


TARGETS: dict[str, Target] = {t.name: t for t in [
    Target("tl", _tl, (tl.TLError,), _tl_seeds),
    Target("tl_attach_path", _tl_attach, (), _tl_seeds),
    Target("typedstream", typedstream.decode_attributed_body_details, (typedstream.TypedStreamError,), _typedstream_seeds),
    Target("protowire", _protowire, (protowire.WireError,), _protowire_seeds),
    Target("protowire_base64", _protowire_base64, (), _protowire_seeds),
    Target("protoblob", _protoblob, (protoblob.ProtoBlobError,), _protowire_seeds),
    Target("javaser", javaser.parse_byte_array, (javaser.JavaSerialError,), _javaser_seeds),
    Target("threema_key_file", _threema_key, (ValueError,), _threema_key_seeds),
    Target("java_object", javaser.read_object, (javaser.JavaSerialError,), _java_object_seeds),
    Target("whatsapp_crypt_header", _crypt_header, (whatsapp_crypt.WhatsAppBackupError,), _crypt_seeds),
    Target("whatsapp_crypt_decrypt", _crypt_decrypt, (whatsapp_crypt.WhatsAppBackupError,), _crypt_seeds),
    Target("sqlcipher_pages", _sqlcipher, (sqlcipher.SQLCipherError,), _sqlcipher_seeds),
    Target("sqlcipher_wal", _sqlcipher_wal, (sqlcipher.SQLCipherError,), _sqlcipher_wal_seeds),
    Target("signal_backup_frames", _signal_backup, (signal_backup.SignalBackupError,), _signal_seeds),
    Target("itunes_keybag", _keybag, (ibc.KeybagError, ibc.WrongKeyError), _keybag_seeds),
    Target("itunes_keychain_item", _keychain, (ibc.KeybagError, ibc.WrongKeyError), _keychain_seeds),
    Target("itunes_mbfile", _mbfile, (), _mbfile_seeds),
    Target("nskeyedarchiver", _unarchive, (ValueError,), _archive_seeds),
    Target("android_backup", _android_backup, (EvidenceError,), _ab_seeds),
    Target("bitcoinj_wallet", _bitcoinj, (WalletFileError,), _bitcoinj_seeds),
    Target("electrum_storage", _electrum_storage, (ElectrumFileError,), _electrum_storage_seeds),
    Target("electrum_json", _electrum_json, (ElectrumFileError,), _electrum_json_seeds),
    Target("samourai_payload", _samourai, (samourai_payload.PayloadError,), _samourai_seeds),
    Target("matrix_store_cipher_export", _store_export, (store_cipher.StoreCipherError,), _store_export_seeds),
    Target("matrix_store_value", _store_value, (store_cipher.StoreCipherError,), _store_value_seeds),
]}


def mutate(seed: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """Apply ``ops`` (kind, position, value) to ``seed``: flip, set, truncate, insert, delete, duplicate."""
    b = bytearray(seed)
    for kind, pos, val in ops:
        if not b:
            b = bytearray([val & 0xFF])
            continue
        i = pos % len(b)
        k = kind % 6
        if k == 0:
            b[i] ^= 1 << (val % 8)
        elif k == 1:
            b[i] = val & 0xFF
        elif k == 2:
            del b[i:]
        elif k == 3:
            b[i:i] = bytes([val & 0xFF]) * (1 + val % 8)
        elif k == 4:
            del b[i:i + 1 + val % 16]
        else:
            b[i:i] = b[max(0, i - 1 - val % 64):i]
    return bytes(b)


#: per-input time limit: an input that takes longer is a hang
HANG_SECONDS = 5.0


class _Alarm(BaseException):
    """Raised by SIGALRM inside the decoder (BaseException: no ``except Exception`` can swallow it)."""


class HangError(AssertionError):
    """An input ran past the per-input time limit."""


def _alarm(signum, frame):
    raise _Alarm()


def check(target: Target, data: bytes, hang_seconds: float = HANG_SECONDS) -> None:
    """Run one input; raise AssertionError describing a crash (an error the decoder does not document),
    :class:`HangError` when it runs longer than ``hang_seconds`` (main thread only)."""
    timed = threading.current_thread() is threading.main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, hang_seconds)
    try:
        target.run(data)
    except target.allowed:
        pass
    except _Alarm:
        raise HangError(f"{target.name}: hang: over {hang_seconds:g} s on input {data[:64]!r}... ({len(data)} bytes)") from None
    except Exception as exc:
        raise AssertionError(f"{target.name}: {type(exc).__name__}: {exc} on input {data[:64]!r}... ({len(data)} bytes)") from exc
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


__all__ = ["TARGETS", "Target", "mutate", "check", "HangError", "HANG_SECONDS", "SCRATCH"]


# -- structure-aware inputs -------------------------------------------------------------------
ARCHIVE_KEYS = ["NS.objects", "NS.keys", "NS.string", "NS.bytes", "NS.data", "$class", "$classname", "$classes",
                "EncryptionKey", "ProtectionClass", "Size", "Digest", "body", "root"]
KEYBAG_TAGS = [b"VERS", b"TYPE", b"UUID", b"HMCK", b"WRAP", b"SALT", b"ITER", b"DPWT", b"DPIC", b"DPSL",
               b"CLAS", b"KTYP", b"WPKY", b"PBKY"]


def structured_inputs(name: str):
    """A hypothesis strategy of structured inputs for ``name`` (property lists, keybag blocks), or None.

    Byte mutations of a binary plist almost never give another valid plist; these build archives
    whose objects, references and types are arbitrary, so the code that walks them is exercised.
    """
    from hypothesis import strategies as st

    if name in ("nskeyedarchiver", "itunes_mbfile"):
        uid = st.builds(plistlib.UID, st.integers(0, 12))
        leaf = st.one_of(st.booleans(), st.integers(-2**63, 2**63 - 1), st.text(max_size=20), st.binary(max_size=48),
                         st.just("$null"), uid, st.floats(allow_nan=False))
        value = st.recursive(leaf, lambda inner: st.one_of(
            st.lists(inner, max_size=5),
            st.dictionaries(st.one_of(st.sampled_from(ARCHIVE_KEYS), st.text(max_size=8)), inner, max_size=5)),
            max_leaves=25)
        top = st.one_of(st.fixed_dictionaries({"root": value}), st.dictionaries(st.text(max_size=6), value, max_size=3))
        archive = st.fixed_dictionaries(
            {"$archiver": st.sampled_from(["NSKeyedArchiver", "x"]), "$top": st.one_of(top, value),
             "$objects": st.one_of(st.lists(value, max_size=12), value)},
            optional={"$version": st.integers(0, 200000)})
        # binary only: XML property lists cannot hold UIDs (NSKeyedArchiver archives are binary)
        return st.builds(lambda a: plistlib.dumps(a, fmt=plistlib.FMT_BINARY, sort_keys=False), archive)
    if name == "itunes_keybag":
        from artefacts.synthetic.itunes_backup import keybag_blob

        value = st.one_of(st.integers(0, 16), st.integers(0, 2**32 - 1), st.binary(max_size=48))
        block = st.tuples(st.sampled_from(KEYBAG_TAGS), value)
        head, classes = _keybag_seed_blocks()
        seed = head + [b for ck in classes for b in ck]

        def edited(changes):
            """The seed's blocks with some values replaced by values of another type or size."""
            blocks = list(seed)
            for i, val in changes:
                blocks[i % len(blocks)] = (blocks[i % len(blocks)][0], val)
            return keybag_blob(blocks, [])
        return st.one_of(st.builds(lambda blocks: keybag_blob(blocks, []), st.lists(block, max_size=30)),
                         st.builds(edited, st.lists(st.tuples(st.integers(0, 63), value), min_size=1, max_size=4)))
    if name == "typedstream":
        # a header, then value groups whose type encodings come from the encoding alphabet (arrays,
        # structs, qualifiers, nesting) with arbitrary bytes after each: byte mutations of a seed
        # almost never make another well-formed encoding such as ``[99999999!]``
        head = _typedstream_seeds()[0][:16]  # version, signature, system version
        enc = st.one_of(
            st.text(alphabet="cCBsilqSILQfd*+%:#@!^rnNoORV", min_size=1, max_size=6),
            st.builds(lambda n, t: f"[{n}{t}]", st.integers(0, 10**12), st.sampled_from(["!", "c", "i", "{}", "[3!]", "@"])),
            st.builds(lambda t: "{" + t + "}", st.text(alphabet="ci!{}[]=0123456789", max_size=10)),
        ).map(lambda e: e.encode("ascii"))
        group = st.tuples(enc, st.binary(max_size=16)).map(lambda g: b"\x84" + bytes([len(g[0])]) + g[0] + g[1])
        return st.builds(lambda gs: head + b"".join(gs), st.lists(group, min_size=1, max_size=4))
    return None
