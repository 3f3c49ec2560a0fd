"""The per-message benchmark runs end to end on tiny stores (it measures; this checks only that it
builds every store, parses it with each job count and prints one line each, nothing about speed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_per_message_benchmark_runs_every_store():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from per_message import STORES
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "per_message.py"), "--messages", "300"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines() if line and not line.startswith(("#", "store"))]
    assert sorted((r[0], r[1]) for r in rows) == sorted((s, j) for s in STORES for j in ("1", "2"))
    assert all(len(r) == 6 for r in rows), rows  # no "exit" column: every parse was complete
