"""Property-based fuzzing of every decoder (targets in ``tests/fuzz_targets.py``).

The property: on arbitrary bytes, and on valid inputs with bytes flipped, set, cut, inserted,
deleted or duplicated, a decoder returns or raises only the error it documents. In CI the run is
bounded and deterministic (profile ``ci``); ``ARTEFACTS_FUZZ_PROFILE=long`` or
``python benchmarks/fuzz.py`` runs the long campaign (figures in ``docs/fuzzing.md``).

Every crash found along the way is a regression test at the end of this file, with its input.
"""

from __future__ import annotations

import os
import plistlib
import struct

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz_targets import TARGETS, check, mutate, structured_inputs  # noqa: E402

_COMMON = dict(deadline=None, suppress_health_check=list(HealthCheck), database=None)
settings.register_profile("ci", max_examples=300, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=20_000, **_COMMON)
PROFILE = os.environ.get("ARTEFACTS_FUZZ_PROFILE", "ci")

NAMES = sorted(TARGETS)
OPS = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=8)


@pytest.mark.parametrize("name", NAMES)
@settings(settings.get_profile(PROFILE))
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes(name, data):
    check(TARGETS[name], data)


@pytest.mark.parametrize("name", NAMES)
@settings(settings.get_profile(PROFILE))
@given(pick=st.integers(0, 1 << 16), ops=OPS)
def test_mutated_valid_input(name, pick, ops):
    target = TARGETS[name]
    seeds = target.seeds()
    assert seeds, f"{name} has no seed"
    check(target, mutate(seeds[pick % len(seeds)], ops))


STRUCTURED = [n for n in NAMES if structured_inputs(n) is not None]


@pytest.mark.parametrize("name", STRUCTURED)
@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_structured_input(name, data):
    check(TARGETS[name], data.draw(structured_inputs(name)))


@pytest.mark.parametrize("name", NAMES)
def test_seeds_are_valid_inputs(name):
    """The seeds decode: a mutation campaign over inputs the decoder rejects outright tests little."""
    target = TARGETS[name]
    for seed in target.seeds():
        try:
            target.run(seed)
        except target.allowed as exc:
            # the keybag seed carries random wrapped keys: it parses, then does not unwrap with a zero key;
            # the protected key.dat seed needs its passphrase, which the target does not give
            assert (name == "itunes_keybag" and "do not unwrap" in str(exc)) or (
                name == "threema_key_file" and "protected by a passphrase" in str(exc)), f"{name}: seed rejected: {exc}"


def test_mutate_covers_every_operation():
    seed = bytes(range(32))
    results = {mutate(seed, [(k, 5, 3)]) for k in range(6)}
    assert len(results) == 6 and seed not in results


# -- regressions: crashes the campaign found, with their inputs -----------------------------------
def _archive(objects, top=None) -> bytes:
    return plistlib.dumps({"$archiver": "NSKeyedArchiver", "$version": 100000,
                           "$top": {"root": plistlib.UID(1)} if top is None else top, "$objects": objects},
                          fmt=plistlib.FMT_BINARY)


@pytest.mark.parametrize("body", [
    {"NS.objects": True},  # found: TypeError 'bool' object is not iterable
    {"NS.keys": [plistlib.UID(0)], "NS.objects": 7},  # found: TypeError in zip()
    {"NS.keys": [plistlib.UID(0), plistlib.UID(0)], "NS.objects": [plistlib.UID(0)]},  # lengths differ
])
def test_regression_unarchive_collections_that_are_not_lists(body):
    from artefacts.plugins.signal_ios import ArchiveError, unarchive

    with pytest.raises(ArchiveError):
        unarchive(_archive(["$null", body]))


@pytest.mark.parametrize("blob", [
    _archive(["$null"], top={"root": plistlib.UID(9)}),  # found: IndexError (root past $objects)
    _archive(["$null", {"EncryptionKey": plistlib.UID(40), "Size": True}]),  # key ref past $objects, bool size
    plistlib.dumps(["not", "a", "dict"], fmt=plistlib.FMT_BINARY),  # found: AttributeError (root not a dict)
    _archive(["$null", "a string root"]),
])
def test_regression_mbfile_of_unexpected_shape_reads_as_stored(blob):
    from artefacts.evidence.itunes import _file_record

    rec = _file_record("HomeDomain-Library/x", blob)
    assert rec.wrapped_key is None and rec.size is None and rec.digest is None


def test_mbfile_reader_still_reads_a_real_shaped_record():
    from artefacts.evidence.itunes import _file_record

    rec = _file_record("x", TARGETS["itunes_mbfile"].seeds()[0])
    assert rec.size == 12 and rec.protection_class == 3 and rec.wrapped_key == b"k" * 40 and rec.digest == b"\x03\x00\x00\x00" + b"k" * 40


def _keybag_blob(*blocks) -> bytes:
    return b"".join(tag + struct.pack(">I", len(val)) + val for tag, val in blocks)


_CLASS_KEY = ((b"UUID", b"v" * 16), (b"CLAS", b"\x00\x00\x00\x01"), (b"WPKY", b"k" * 40))


@pytest.mark.parametrize("blob", [
    # found: TypeError in PBKDF2 (a 4-byte SALT reads as an integer)
    _keybag_blob((b"SALT", b"abcd"), (b"ITER", b"\x00\x00\x00\x01"), (b"UUID", b"u" * 16), *_CLASS_KEY),
    _keybag_blob((b"SALT", b"s" * 20), (b"ITER", b"\x00\x00\x00\x01"), (b"DPIC", b"\x00\x00\x00\x01"),
                 (b"DPSL", b"abcd"), (b"UUID", b"u" * 16), *_CLASS_KEY),
])
def test_regression_keybag_salt_that_is_an_integer(blob):
    from artefacts.decoders.ios_backup_crypto import KeybagError, parse_keybag

    with pytest.raises(KeybagError, match="not a salt"):
        parse_keybag(blob)


def test_keybag_with_20_byte_salts_still_derives_a_key():
    from artefacts.decoders.ios_backup_crypto import derive_key, parse_keybag

    blob = _keybag_blob((b"SALT", b"s" * 20), (b"ITER", b"\x00\x00\x00\x01"), (b"DPIC", b"\x00\x00\x00\x01"),
                        (b"DPSL", b"d" * 20), (b"UUID", b"u" * 16), *_CLASS_KEY)
    kb = parse_keybag(blob)
    assert kb.double_round and len(derive_key(kb, "pw")) == 32


_TS_HEADER = b"\x04\x0bstreamtyped\x81\xe8\x03"  # streamer version 4, little-endian signature, system 1000


@pytest.mark.parametrize("encoding", [
    b"[99999999!]",  # found: a hang building a list of 10^8 ignored values from 29 bytes
    b"[9999999999999!]",
    b"[1000[1000[1000!]]]",
    b"[99999999{}]",
])
def test_regression_typedstream_array_of_values_that_take_no_bytes(encoding):
    from artefacts.decoders.typedstream import TypedStreamError, TypedStreamReader, decode_attributed_body_details

    data = _TS_HEADER + b"\x84" + bytes([len(encoding)]) + encoding
    for decode in (lambda d: TypedStreamReader(d).read_all(), decode_attributed_body_details):
        with pytest.raises(TypedStreamError, match="more values than"):
            decode(data)


def test_typedstream_arrays_that_fit_their_bytes_still_decode():
    from artefacts.decoders.typedstream import TypedStreamReader

    groups = TypedStreamReader(_TS_HEADER + b"\x84\x04[3i]\x01\x02\x03" + b"\x84\x04[2!]").read_all()
    assert groups == [[[1, 2, 3]], [[None, None]]]


@pytest.mark.parametrize("text", ["[" * 100_000, '{}, {"op": "replace", "path": "", "value": []}'])
def test_regression_electrum_json_nested_too_deeply_or_patched_into_a_list(text):
    from artefacts.decoders import electrum_storage as es

    with pytest.raises(es.ElectrumFileError):
        es.load_wallet_json(text)
