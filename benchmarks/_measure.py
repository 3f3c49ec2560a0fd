"""Timing a command in a child process together with that child's own peak memory."""

from __future__ import annotations

import subprocess
import sys
import time

#: A tiny launcher: Linux keeps a process's peak-RSS mark across fork and exec, so a child started
#: directly from this (large) benchmark process would report at least our own peak. The launcher is
#: a fresh small interpreter that forks the measured command and reports that child's own peak.
_LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write("\n@@maxrss_kib=%d\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB of the measured process alone, and its exit code."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    rss_kib = 0
    for line in proc.stderr.splitlines():
        if line.startswith("@@maxrss_kib="):
            rss_kib = int(line.split("=", 1)[1])
    if proc.returncode not in (0, 3):
        print(proc.stderr, file=sys.stderr)
    return wall, rss_kib / 1024, proc.returncode
