"""Java serialisation: the general object reader and the HashMap<Integer, String> writer, checked
against streams OpenJDK wrote (``tests/data/java/``) and, when ``javac`` is on the machine, against a
stream written now."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from artefacts.decoders.javaser import JavaSerialError, build_int_string_map, read_object
from conftest import REPO

DATA = REPO / "tests" / "data" / "java"
INT_STRING = {1: "v1", 256: "v256", 258: "490154203237518", 274: "v274", 1000: "v1000"}


def test_reads_what_openjdk_wrote():
    assert read_object((DATA / "mixed_map.ser").read_bytes()) == {
        256: 7, 258: "490154203237518", 259: -5, 260: "caf\u00e9 \U0001F600 \x00end", 261: b"\x01\x02\x03",
        262: True, 263: {"k": "v"}, 264: "490154203237518"}
    assert read_object((DATA / "int_string_map.ser").read_bytes()) == INT_STRING


def test_writer_is_byte_identical_to_openjdk():
    assert build_int_string_map(INT_STRING) == (DATA / "int_string_map.ser").read_bytes()


@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("java") is None, reason="no JDK on this machine")
def test_writer_against_a_live_jdk(tmp_path):
    subprocess.run(["javac", "-d", str(tmp_path), str(DATA / "IntStringMap.java")], check=True, timeout=120)
    out = tmp_path / "m.ser"
    subprocess.run(["java", "-cp", str(tmp_path), "IntStringMap", str(out)], check=True, timeout=120)
    assert out.read_bytes() == build_int_string_map(INT_STRING)


@pytest.mark.parametrize("cut", [3, 10, 40, 100, 243])
def test_truncated_streams_are_refused(cut):
    with pytest.raises(JavaSerialError):
        read_object((DATA / "int_string_map.ser").read_bytes()[:cut])


def test_a_reference_to_an_unknown_handle_is_refused():
    data = bytearray((DATA / "int_string_map.ser").read_bytes())
    at = data.index(bytes([0x71, 0x00, 0x7E, 0x00, 0x02]))  # the second key's reference to Integer's descriptor
    data[at + 4] = 0x40
    with pytest.raises(JavaSerialError, match="unknown handle"):
        read_object(bytes(data))
