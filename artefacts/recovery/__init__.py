"""Deleted-record recovery for SQLite files: free space, freelists, WAL frames and rollback journals.

The engine reads databases as bytes, never through the SQLite library (live rows too are read by
its own b-tree walker) and never for writing; it carves candidate records, matches them to table schemas and reports what
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

__all__ = ["Recovery", "recover_database", "recover_files", "write_jsonl"]

#: problems listed in one warning line (the rest are counted)
WARNING_PROBLEMS = 3


def write_jsonl(recovery: Recovery, out: IO[str]) -> int:
    """Write every recovered record, then every piece of deletion evidence, one JSON object a line."""
    n = 0
    for item in (*recovery.records, *recovery.evidence):
        out.write(json.dumps({"database": recovery.path, **item}, ensure_ascii=False) + "\n")
        n += 1
    return n


def warning_text(recovery: Recovery) -> str | None:
    """One line naming the file and why it could not be fully processed, or ``None``."""
    if not recovery.problems:
        return None
    shown = "; ".join(recovery.problems[:WARNING_PROBLEMS])
    more = len(recovery.problems) - WARNING_PROBLEMS
    return f"{recovery.path}: not fully processed: {shown}" + (f" (and {more} more)" if more > 0 else "")


def recover_files(paths, out: IO[str], wal="auto", journal="auto", on_warning=None) -> dict:
    """Recover every database of ``paths`` into ``out`` (JSON Lines); counts, and whether any warned."""
    summary = {"files": 0, "records": 0, "evidence": 0, "warned": 0}
    for path in paths:
        path = Path(path)
        if not path.is_file():
            rec = Recovery(str(path), problems=["no such file"])
        else:
            rec = recover_database(path, wal=wal, journal=journal)
        write_jsonl(rec, out)
        summary["files"] += 1
        summary["records"] += len(rec.records)
        summary["evidence"] += len(rec.evidence)
        msg = warning_text(rec)
        if msg:
            summary["warned"] += 1
            if on_warning:
                on_warning(msg)
    return summary
