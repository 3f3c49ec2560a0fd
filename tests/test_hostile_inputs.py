"""Hostile and damaged archives and folders: crafted member names, links, duplicates, bombs, huge
member counts, names that are not UTF-8, pipes and unreadable files.

For every case: the run ends (exit 0 or 3, never a traceback), the warning names the member, the
healthy members are still parsed, nothing is written outside the output and the working folder,
and the input hashes the same before and after. The caps are those of :mod:`artefacts.evidence.caps`
(lowered here so the bombs stay small).
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
import warnings
import zipfile
from pathlib import Path

import pytest

from artefacts.evidence import caps
from conftest import SAMPLE_DATA

SMS = "data/data/com.android.providers.telephony/databases/mmssms.db"
CALLS = "data/data/com.android.providers.contacts/databases/calllog.db"


@pytest.fixture(scope="module")
def dbs() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE_DATA / "android.zip") as zf:
        return {"sms": zf.read(SMS), "calls": zf.read(CALLS)}


def _tree(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p.is_file() and not p.is_symlink() and not _special(p):
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[str(p.relative_to(root))] = "-"
    return out


def _special(p: Path) -> bool:
    import stat

    return not stat.S_ISREG(p.lstat().st_mode)


@pytest.fixture
def hostile(parse, tmp_path):
    """``hostile(input)``: run, then check nothing escaped and the input is unchanged; returns the timeline."""

    def run(path: Path, **kw):
        evidence = tmp_path / "ev"
        outside = tmp_path.parent
        before_outside = set(os.listdir(outside))
        before = _tree(evidence)
        tl = parse(path, **kw)
        assert _tree(evidence) == before, "the input changed"
        assert set(os.listdir(outside)) == before_outside, "a file appeared beside the test folder"
        made = {p.name for p in tmp_path.iterdir()} - {"ev", "work"}
        assert all(name.startswith("timeline") for name in made), made
        assert not Path("/tmp/absolute-hostile-test").exists()
        assert tl.exit_code in (0, 3), tl.warnings
        return tl

    (tmp_path / "ev").mkdir()
    return run


def _zip(path: Path, members, method=zipfile.ZIP_DEFLATED) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(path, "w", method) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def _tar_add(tf: tarfile.TarFile, name: str, data: bytes = b"", kind=tarfile.REGTYPE, link: str = "") -> None:
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = link
    ti.size = len(data) if kind == tarfile.REGTYPE else 0
    tf.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def _calls(tl) -> list:
    return [e for e in tl.events if e["source_path"].endswith("calllog.db")]


def _messages(tl) -> list[str]:
    return [w["message"] for w in tl.warnings]


def test_zip_slip_and_absolute_names_stay_inside(hostile, tmp_path, dbs):
    path = _zip(tmp_path / "ev" / "slip.zip", [("../../" + SMS, dbs["sms"]), ("/tmp/absolute-hostile-test/" + CALLS, dbs["calls"])])
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any(e["source_path"] == "../../" + SMS for e in tl.events), "the SMS database is parsed under its stored name"
    [w] = [m for m in _messages(tl) if "'..'" in m]
    assert "../../" + SMS in w


def test_links_in_a_tar_are_never_followed(hostile, tmp_path, dbs):
    path = tmp_path / "ev" / "links.tar"
    with tarfile.open(path, "w") as tf:
        _tar_add(tf, CALLS, dbs["calls"])
        _tar_add(tf, SMS, kind=tarfile.SYMTYPE, link="/etc/passwd")
        _tar_add(tf, "data/data/com.whatsapp/databases/msgstore.db", kind=tarfile.LNKTYPE, link="../../../../etc/shadow")
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert not any(e["source_path"].endswith(("mmssms.db", "msgstore.db")) for e in tl.events)
    [w] = [m for m in _messages(tl) if "link member" in m]
    assert w.startswith("2 link member(s) not followed") and f"'{SMS}' -> 'etc/passwd'" in w and "etc/shadow" in w


def test_duplicate_member_names_are_reported(hostile, tmp_path, dbs):
    path = _zip(tmp_path / "ev" / "dup.zip", [(CALLS, dbs["calls"]), (CALLS, dbs["sms"])])
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any("duplicate member" in m and CALLS in m for m in _messages(tl))


@pytest.fixture
def small_caps(monkeypatch):
    monkeypatch.setattr(caps, "MIN_EXPANSION_CAP", 4 << 20)
    return 4 << 20


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_bombs_stop_at_the_cap_naming_the_member(hostile, tmp_path, dbs, small_caps, kind):
    bomb = b"\0" * (small_caps * 3)
    if kind == "zip":
        path = _zip(tmp_path / "ev" / "bomb.zip", [(CALLS, dbs["calls"]), (SMS, bomb)])
    else:
        path = tmp_path / "ev" / "bomb.tar.gz"
        with tarfile.open(path, "w:gz") as tf:
            _tar_add(tf, CALLS, dbs["calls"])
            _tar_add(tf, SMS, bomb)
    assert path.stat().st_size * caps.MAX_EXPANSION_RATIO < small_caps < len(bomb)
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160, "what was read before the bomb is kept"
    [w] = [m for m in _messages(tl) if "unpacking stopped" in m]
    assert f"at member '{SMS}'" in w and f"{small_caps:,} bytes" in w
    assert not any(e["source_path"] == SMS for e in tl.events)


def test_a_bomb_under_the_cap_is_read(hostile, tmp_path, dbs, small_caps):
    path = _zip(tmp_path / "ev" / "fine.zip", [(CALLS, dbs["calls"]), ("data/zeros.bin", b"\0" * (small_caps // 2))])
    tl = hostile(path)
    assert tl.exit_code == 0 and len(_calls(tl)) == 160


@pytest.fixture(scope="module")
def many_members(tmp_path_factory, dbs) -> Path:
    path = tmp_path_factory.mktemp("many") / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(CALLS, dbs["calls"])
        for i in range(100_000):
            zf.writestr(f"data/tiny/{i}.txt", b"")
    return path


def test_100000_tiny_members(parse, many_members):
    tl = parse(many_members)
    assert tl.exit_code == 0 and len(_calls(tl)) == 160


def test_member_cap(hostile, tmp_path, dbs, monkeypatch):
    monkeypatch.setattr(caps, "MAX_MEMBERS", 10)
    path = _zip(tmp_path / "ev" / "cap.zip", [(CALLS, dbs["calls"])] + [(f"data/x/{i}", b"") for i in range(25)])
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any(m.startswith("16 members beyond the first 10 not indexed") for m in _messages(tl))


def test_names_with_newlines_and_invalid_utf8(hostile, tmp_path, dbs):
    path = tmp_path / "ev" / "names.tar"
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT, encoding="utf-8", errors="surrogateescape") as tf:
        _tar_add(tf, CALLS, dbs["calls"])
        _tar_add(tf, "data/new\nline.db", b"x")
        _tar_add(tf, "data/\udcff\udcfebad.db", b"x")
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    msgs = _messages(tl)
    assert all("\n" not in m for m in msgs)
    assert any("control characters" in m and "data/new\\x0aline.db" in m for m in msgs)
    assert any("not valid UTF-8" in m and "data/\\xff\\xfebad.db" in m for m in msgs)


def test_zip_name_flagged_utf8_that_is_not(hostile, tmp_path, dbs):
    """zipfile refuses the whole archive over one such name; the rest must still be read."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(CALLS, dbs["calls"])
        zf.writestr("data/\u00e9\u00e9vil.db", b"x")
    raw = buf.getvalue()
    name = "data/\u00e9\u00e9vil.db".encode()
    assert raw.count(name) == 2  # local header and central directory; the flag says UTF-8
    path = tmp_path / "ev" / "badname.zip"
    path.write_bytes(raw.replace(name, b"data/\xff\xfe\xfd\xfcvil.db"))
    tl = hostile(path)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any("not valid UTF-8" in m and "data/\\xff\\xfe\\xfd\\xfcvil.db" in m for m in _messages(tl))


def test_fifo_and_unreadable_file_in_a_folder(hostile, tmp_path, dbs):
    folder = tmp_path / "ev" / "phone"
    (folder / CALLS).parent.mkdir(parents=True)
    (folder / CALLS).write_bytes(dbs["calls"])
    os.mkfifo(folder / "data" / "pipe.db")
    tl = hostile(folder)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any("special files not followed" in m for m in _messages(tl))


def test_fifo_given_as_input_is_refused_not_waited_on(parse, tmp_path, dbs):
    fifo = tmp_path / "input.pipe"
    os.mkfifo(fifo)
    calls = tmp_path / "calllog.db"
    calls.write_bytes(dbs["calls"])
    tl = parse(fifo, calls)
    assert tl.exit_code == 3 and len(_calls(tl)) == 160
    assert any("not a regular file or folder" in m for m in _messages(tl))


@pytest.mark.parametrize("case", ["links", "badname"])
def test_command_line_never_shows_a_traceback(tmp_path, dbs, case):
    if case == "links":
        path = tmp_path / "x.tar"
        with tarfile.open(path, "w") as tf:
            _tar_add(tf, CALLS, dbs["calls"])
            _tar_add(tf, SMS, kind=tarfile.SYMTYPE, link="/etc/passwd")
    else:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(CALLS, dbs["calls"])
            zf.writestr("data/\u00e9\u00e9.db", b"x")
        path = tmp_path / "x.zip"
        path.write_bytes(buf.getvalue().replace("data/\u00e9\u00e9.db".encode(), b"data/\xff\xfe\xfd\xfc.db"))
    out = tmp_path / "t.sqlite"
    proc = subprocess.run([sys.executable, "-m", "artefacts", "parse", str(path), "-o", str(out),
                           "--workdir", str(tmp_path / "w")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and out.exists()
