"""Deleted-record recovery for SQLite files: free space, freelists, WAL frames and rollback journals.

The engine reads databases as bytes (never through SQLite, except nothing: live rows are read by
its own b-tree walker), carves candidate records, matches them to table schemas and reports what
is not a live row. Modules: :mod:`.format` (on-disk structures), :mod:`.btree` (pages and
b-tree walks), :mod:`.schema` (``sqlite_master`` and column affinities), :mod:`.carve` (regions
and record matching), :mod:`.dedup` (live rows and copies), :mod:`.database` (the driver).
See ``docs/recovery.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from .database import Recovery, recover_database

__all__ = ["Recovery", "recover_database", "write_jsonl"]


def write_jsonl(recovery: Recovery, out: IO[str]) -> int:
    """Write every recovered record, then every piece of deletion evidence, one JSON object a line."""
    n = 0
    for item in (*recovery.records, *recovery.evidence):
        out.write(json.dumps(item, ensure_ascii=False, sort_keys=False) + "\n")
        n += 1
    return n
