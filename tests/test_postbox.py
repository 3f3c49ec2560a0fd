"""The Postbox decoder (``artefacts/decoders/postbox.py``): murmur3 against the reference vectors, values
written byte by byte as Coding.swift writes them, message entries, peer ids, tempkeys, hostile input."""

from __future__ import annotations

import random
import struct

import pytest

from artefacts.decoders import postbox as pb


@pytest.mark.parametrize("data, seed, expected", [
    # MurmurHash3_x86_32 reference values (Austin Appleby's SMHasher; the same as Python's mmh3)
    (b"", 0, 0),
    (b"", 1, 0x514E28B7),
    (b"", 0xFFFFFFFF, 0x81F16F39),
    (b"\x00\x00\x00\x00", 0, 0x2362F9DE),
    (b"hello", 0, 0x248BFA47),
    (b"The quick brown fox jumps over the lazy dog", 0, 0x2E4FF723),
])
def test_murmur3_reference_vectors(data, seed, expected):
    got = pb.murmur3_32(data, seed)
    assert got & 0xFFFFFFFF == expected and -(1 << 31) <= got < (1 << 31)


def test_type_hash_uses_the_apps_seed():
    assert pb.MURMUR_SEED & 0xFFFFFFFF == 0xF7CA7FD2
    assert pb.type_hash("TelegramUser") == pb.murmur3_32(b"TelegramUser", -137723950)
    assert pb.type_hash("TelegramUser") != pb.murmur3_32(b"TelegramUser", 0)


def _key(name: str) -> bytes:
    return bytes([len(name)]) + name.encode()


def test_fields_written_as_coding_swift_writes_them():
    """Every value type of ``ValueType``, encoded by hand from PostboxEncoder's methods."""
    inner = _key("fn") + b"\x04" + struct.pack("<i", 5) + "Jürg".encode()
    body = b"".join([
        _key("a") + b"\x00" + struct.pack("<i", -7),
        _key("b") + b"\x01" + struct.pack("<q", 2**40),
        _key("c") + b"\x02\x01",
        _key("d") + b"\x03" + struct.pack("<d", 52.5),
        _key("e") + b"\x04" + struct.pack("<i", 3) + b"abc",
        _key("f") + b"\x05" + struct.pack("<ii", pb.type_hash("TelegramUser"), len(inner)) + inner,
        _key("g") + b"\x06" + struct.pack("<i3i", 3, 1, 2, 3),
        _key("h") + b"\x07" + struct.pack("<iq", 1, -1),
        _key("i") + b"\x08" + struct.pack("<i", 2) + struct.pack("<ii", 99, 0) + struct.pack("<ii", 98, len(inner)) + inner,
        _key("j") + b"\x09" + struct.pack("<i", 1) + struct.pack("<ii", 1, 0) + struct.pack("<ii", 2, 0),
        _key("k") + b"\x0a" + struct.pack("<i", 2) + b"\xff\x00",
        _key("l") + b"\x0b",
        _key("m") + b"\x0c" + struct.pack("<i", 2) + struct.pack("<i", 1) + b"x" + struct.pack("<i", 0),
        _key("n") + b"\x0d" + struct.pack("<i", 1) + struct.pack("<i", 1) + b"\x01",
    ])
    f = pb.decode_fields(body)
    assert (f["a"], f["b"], f["c"], f["d"], f["e"]) == (-7, 2**40, True, 52.5, "abc")
    assert f["f"].type_name == "TelegramUser" and f["f"].fields == {"fn": "Jürg"}
    assert f["g"] == [1, 2, 3] and f["h"] == [-1]
    assert [o.type_hash for o in f["i"]] == [99, 98] and f["i"][1].get("fn") == "Jürg"
    assert [(k.type_hash, v.type_hash) for k, v in f["j"]] == [(1, 2)]
    assert f["k"] == b"\xff\x00" and f["l"] is None and f["m"] == ["x", ""] and f["n"] == [b"\x01"]
    root = pb.decode_root(_key("_") + b"\x05" + struct.pack("<ii", pb.type_hash("TelegramUser"), len(inner)) + inner)
    assert root.type_name == "TelegramUser" and root.get("fn") == "Jürg"


def _message_value(**over) -> bytes:
    """A message value written field by field as ``storeIntermediateMessage`` writes it."""
    text = over.get("text", "hi").encode()
    out = b"\x00" + struct.pack("<II", 11, 1)
    data_flags = over.get("data_flags", 0)
    out += bytes([data_flags])
    if data_flags & 1:
        out += struct.pack("<q", 555)
    if data_flags & 32:
        out += struct.pack("<q", 77)
    out += struct.pack("<II", over.get("flags", pb.FLAG_INCOMING), 0)
    fwd = over.get("forward_flags", 0)
    out += struct.pack("<b", fwd)
    if fwd:
        out += struct.pack("<qi", (0 << 32) | 4242, 1_600_000_000)
        if fwd & 2:
            out += struct.pack("<q", (2 << 32) | 99)
        if fwd & 8:
            out += struct.pack("<i", 4) + b"Boss"
    out += b"\x01" + struct.pack("<q", 700001)
    out += struct.pack("<i", len(text)) + text
    out += struct.pack("<i", 0)  # attributes
    out += struct.pack("<i", 0)  # embedded media
    out += struct.pack("<i", 1) + struct.pack("<iq", 0, 123456)  # one referenced media id
    return out


def test_message_entry_and_key():
    key = struct.pack(">qiii", (1 << 32) | 880001, 0, 1_700_000_123, 42)
    e = pb.parse_message(key, _message_value(data_flags=1 | 32, forward_flags=1 | 2 | 8, text="über"))
    assert (e.peer_id, e.namespace, e.timestamp, e.id) == ((1 << 32) | 880001, 0, 1_700_000_123, 42)
    assert e.incoming and e.author_id == 700001 and e.text == "über"
    assert e.globally_unique_id == 555 and e.thread_id == 77 and e.referenced_media == [(0, 123456)]
    assert e.forward == {"author_id": 4242, "date": 1_600_000_000, "source_id": (2 << 32) | 99, "author_signature": "Boss"}
    assert pb.split_peer_id(e.peer_id) == (1, 880001)


def test_peer_ids_new_and_secret_packing():
    assert pb.split_peer_id(700001) == (0, 700001)
    assert pb.split_peer_id((2 << 32) | 1_234_567_890) == (2, 1_234_567_890)
    big = 5_000_000_000  # above 2**32: its high bits from bit 35
    packed = ((big >> 32) << 35) | (0 << 32) | (big & 0xFFFFFFFF)
    assert pb.split_peer_id(packed) == (0, big)
    assert pb.split_peer_id((3 << 32) | 0xFFFFFFFE) == (3, -2)  # secret chats keep a signed 32-bit id


def test_tempkeys():
    key, salt = bytes(range(32)), bytes(range(100, 116))
    assert pb.tempkey_plain(key + salt) == (key, salt)
    with pytest.raises(pb.PostboxError, match="48"):
        pb.tempkey_plain(key)
    enc = pb.encode_tempkey_encrypted(key, salt)
    assert len(enc) == 64 and pb.tempkey_encrypted(enc) == (key, salt)
    assert pb.tempkey_encrypted(pb.encode_tempkey_encrypted(key, salt, b"1234"), b"1234") == (key, salt)
    with pytest.raises(pb.PostboxError, match="passcode"):
        pb.tempkey_encrypted(enc, b"wrong")
    assert pb.sqlcipher_raw_key(key, salt) == "x'" + (key + salt).hex() + "'"


@pytest.mark.parametrize("bad, reason", [
    (_key("a") + b"\x04" + struct.pack("<i", 1000) + b"x", "past the end"),
    (_key("a") + b"\x04" + struct.pack("<i", -1), "past the end"),
    (_key("a") + b"\x08" + struct.pack("<i", 2**31 - 1), "does not fit"),
    (_key("a") + b"\x06" + struct.pack("<i", -5), "does not fit"),
    (_key("a") + b"\x0e", "does not define"),
    (b"\xff", "negative key length"),
    (_key("abc"), "past the end"),
])
def test_hostile_values_are_postbox_errors(bad, reason):
    with pytest.raises(pb.PostboxError, match=reason):
        pb.decode_fields(bad)


def test_deep_nesting_is_capped():
    body = b""
    for _ in range(pb.MAX_DEPTH + 5):
        body = _key("o") + b"\x05" + struct.pack("<ii", 1, len(body)) + body
    with pytest.raises(pb.PostboxError, match="nested deeper"):
        pb.decode_fields(body)


def test_mutated_message_values_raise_only_postbox_errors():
    """2,000 seeded mutations (flips, cuts, inserted bytes) of a message value with media: either decoded or a
    PostboxError, never another exception."""
    from artefacts.synthetic import telegram_ios as T

    key = struct.pack(">qiii", 700001, 0, 1_700_000_000, 1)
    value = T.message_value(5, 0, 123, "hello", [T.media_file("a.jpg", "image/jpeg", 10), T.media_map(1.0, 2.0)])
    assert len(pb.parse_message(key, value).embedded_media) == 2
    r = random.Random(14)
    outcomes = {"decoded": 0, "error": 0}
    for _ in range(2000):
        data = bytearray(value)
        op = r.randrange(3)
        at = r.randrange(len(data))
        if op == 0:
            data[at] ^= 1 << r.randrange(8)
        elif op == 1:
            del data[at:]
        else:
            data[at:at] = bytes(r.randrange(256) for _ in range(r.randint(1, 6)))
        try:
            pb.parse_message(key, bytes(data))
            outcomes["decoded"] += 1
        except pb.PostboxError:
            outcomes["error"] += 1
    assert outcomes["decoded"] > 100 and outcomes["error"] > 100, outcomes
