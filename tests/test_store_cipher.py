"""The matrix-rust-sdk store cipher (artefacts.decoders.store_cipher): primitives against published vectors
and, when installed, the ``blake3`` and ``msgpack`` packages; the passphrase export round trip; a wrong
passphrase and damaged values refused with a clear error."""

from __future__ import annotations

import hashlib

import pytest

from artefacts.decoders import store_cipher as sc


def test_hchacha20_matches_the_draft_test_vector():
    # draft-irtf-cfrg-xchacha-03, section 2.2.1
    key = bytes(range(32))
    nonce = bytes.fromhex("000000090000004a0000000031415927")
    assert sc.hchacha20(key, nonce).hex() == ("82413b4227b27bfed30e42508a877d73"
                                               "a0f9e4d58a74a853c12ec41326d3ecdc")


def test_xchacha20poly1305_matches_the_draft_aead_vector():
    # draft-irtf-cfrg-xchacha-03, appendix A.3.1 (AEAD_XChaCha20_Poly1305)
    pt = (b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
          b"sunscreen would be it.")
    key, nonce, aad = bytes(range(0x80, 0xA0)), bytes(range(0x40, 0x58)), bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
    expected = bytes.fromhex(
        "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39"
        "ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
        "21f9664c97637da9768812f615c68b13b52e" "c0875924c1c7987947deafd8780acf49")
    assert sc.xchacha20poly1305_encrypt(key, nonce, pt, aad) == expected
    assert sc.xchacha20poly1305_decrypt(key, nonce, expected, aad) == pt
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        sc.xchacha20poly1305_decrypt(key, nonce, expected[:-1] + bytes([expected[-1] ^ 1]), aad)


def test_blake3_of_empty_input_is_the_published_value():
    assert sc.blake3_hash(b"").hex() == "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"


@pytest.mark.parametrize("n", [0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 3073, 8193])
def test_blake3_modes_agree_with_the_reference_package(n):
    blake3 = pytest.importorskip("blake3")
    data = bytes(i % 251 for i in range(n))
    key = hashlib.sha256(b"k").digest()
    assert sc.blake3_hash(data) == blake3.blake3(data).digest()
    assert sc.blake3_keyed_hash(key, data) == blake3.blake3(data, key=key).digest()
    assert sc.blake3_derive_key("room_info", data) == blake3.blake3(data, derive_key_context="room_info").digest()


def test_messagepack_agrees_with_the_reference_package():
    msgpack = pytest.importorskip("msgpack")
    value = {"a": [0, 127, 128, -1, -33, 300, -300, 70000, 2**40, -2**40, None, True, False, "x" * 40, "é"],
             "bin": b"\x00" * 300, "nested": {"k": list(range(20))}}
    assert sc.mp_unpack(msgpack.packb(value, use_bin_type=True)) == value
    assert msgpack.unpackb(sc.mp_pack(value), raw=False) == value


def _cipher():
    return sc.StoreCipher(hashlib.sha256(b"enc").digest(), hashlib.sha256(b"mac").digest())


def test_export_import_round_trip_and_wrong_passphrase():
    c = _cipher()
    export = c.export("correct horse", salt=b"s" * 32, nonce=b"n" * 24, rounds=1000)
    parsed = sc.StoreCipher.parse_export(export)
    assert parsed["kdf_info"]["Pbkdf2ToChaCha20Poly1305"]["rounds"] == 1000
    back = sc.StoreCipher.import_passphrase("correct horse", export)
    assert (back.encryption_key, back.mac_key_seed) == (c.encryption_key, c.mac_key_seed)
    with pytest.raises(sc.WrongPassphrase, match="wrong passphrase"):
        sc.StoreCipher.import_passphrase("wrong", export)


def test_json_export_of_older_versions_is_read():
    import json

    c = _cipher()
    export = sc.mp_unpack(c.export("pw", salt=b"a" * 32, nonce=b"b" * 24, rounds=10))
    as_json = json.dumps(export).encode()
    assert sc.StoreCipher.import_passphrase("pw", as_json).encryption_key == c.encryption_key


def test_values_decrypt_and_damage_is_refused():
    c = _cipher()
    stored = c.encrypt_value(b'{"x":1}', nonce=b"\x01" * 24)
    assert sc.mp_unpack(stored)["version"] == 1
    assert c.decrypt_value(stored) == b'{"x":1}'
    flipped = bytearray(stored)
    flipped[-30] ^= 0x40
    with pytest.raises(sc.StoreCipherError):
        c.decrypt_value(bytes(flipped))
    with pytest.raises(sc.StoreCipherError):
        c.decrypt_value(stored[:-5])
    with pytest.raises(sc.StoreCipherError, match="version"):
        c.decrypt_value(sc.mp_pack({"version": 2, "ciphertext": b"", "nonce": [0] * 24}))


def test_hash_key_is_keyed_blake3_of_the_table_key():
    c = _cipher()
    h = c.hash_key("linked_chunks", "!room:example.org")
    assert h == sc.blake3_keyed_hash(sc.blake3_derive_key("linked_chunks", c.mac_key_seed), b"!room:example.org")
    assert h != c.hash_key("state_event", "!room:example.org")
    assert len(h) == 32


def test_raw_key_exports_are_not_taken_as_passphrase_exports():
    bad = sc.mp_pack({"kdf_info": "HkdfSha256", "ciphertext_info": {"ChaCha20Poly1305": {"nonce": [0] * 24,
                                                                                        "ciphertext": [0] * 80}}})
    with pytest.raises(sc.StoreCipherError, match="raw key"):
        sc.StoreCipher.import_passphrase("pw", bad)
