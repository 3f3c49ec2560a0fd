"""A run stopped by a signal leaves nothing that looks complete, no working folder, no orphan worker.

Issue 13: SIGINT/SIGTERM midway. Before, SIGTERM left the private working folder (copies of the
evidence) behind, SIGINT during a query ended as a "complete with warnings" timeline, and with
``--jobs 2`` a killed parent left its workers waiting forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTEFACTS = Path(sys.executable).with_name("artefacts")


@pytest.fixture(scope="module")
def big_sms(tmp_path_factory) -> Path:
    from artefacts.synthetic.android import build_mmssms

    folder = tmp_path_factory.mktemp("big")
    build_mmssms(folder / "mmssms.db", n_sms=200_000, n_mms=0, seed=1, index_words=False)
    return folder / "mmssms.db"


def _start(db: Path, out_dir: Path, jobs: int) -> tuple[subprocess.Popen, Path]:
    work = out_dir / "work"
    work.mkdir(parents=True)
    proc = subprocess.Popen([str(ARTEFACTS), "parse", str(db), "-o", str(out_dir / "t.sqlite"), "--workdir", str(work),
                             "-j", str(jobs)], stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    while not list(out_dir.glob(".t.sqlite.partial-*")):  # writing has begun
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be stopped"
        time.sleep(0.02)
    time.sleep(0.2)
    return proc, work


@pytest.mark.skipif(not ARTEFACTS.exists(), reason="the artefacts command is not installed beside this Python")
@pytest.mark.parametrize("signame, jobs, group", [
    ("SIGINT", 2, True), ("SIGINT", 1, False), ("SIGTERM", 1, False), ("SIGTERM", 2, False), ("SIGHUP", 1, False),
])
def test_a_stopped_run_writes_nothing_and_cleans_up(big_sms, tmp_path, signame, jobs, group):
    proc, work = _start(big_sms, tmp_path, jobs)
    sig = getattr(signal, signame)
    os.killpg(proc.pid, sig) if group else proc.send_signal(sig)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 1, err
    assert err.strip().splitlines()[-1] == f"interrupted (stopped by {signame}): no timeline written, the working folder removed"
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]  # no timeline, no partial file, no digest
    assert list(work.iterdir()) == []  # the private copies of the evidence are gone


@pytest.mark.skipif(not ARTEFACTS.exists() or not Path("/proc").is_dir(), reason="needs the command and /proc")
def test_workers_end_when_their_parent_is_killed(big_sms, tmp_path):
    proc, _ = _start(big_sms, tmp_path, 2)
    deadline = time.monotonic() + 30  # on a loaded machine the pool may start after writing has begun
    workers = _children(proc.pid)
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert workers, "no worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB tmpfs (needs root and mount; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.skipif(not ARTEFACTS.exists(), reason="the artefacts command is not installed beside this Python")
@pytest.mark.parametrize("fmt, jobs", [("sqlite", 1), ("sqlite", 2), ("jsonl", 2)])
def test_a_full_disk_stops_the_run_with_one_message(big_sms, tmp_path, small_disk, fmt, jobs):
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run([str(ARTEFACTS), "parse", str(big_sms), "-o", str(small_disk / f"t.{fmt}"), "--workdir",
                           str(work), "-j", str(jobs)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fatal: the disk is full ("), done.stderr
    assert lines[0].endswith("): no timeline written, the working folder removed")
    assert list(small_disk.iterdir()) == [] and list(work.iterdir()) == []
