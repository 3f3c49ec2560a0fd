"""The private working folder: copies of evidence files, decrypted databases, scratch space.

Parsers only ever open files in here. The folder is created with mode 0700 and
removed at the end of the run unless the examiner asks to keep it.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r'[\x00-\x1f<>:"|?*\\]')


class Workspace:
    def __init__(self, parent: str | Path | None = None, keep: bool = False):
        if parent is not None:
            Path(parent).mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="artefacts-", dir=parent))
        self.keep = keep

    def path_for(self, evidence_index: int, path: str) -> Path:
        """Where the copy of extraction file ``path`` goes (names made safe, never outside the root)."""
        parts = []
        for part in path.split("/"):
            if part in ("", ".", ".."):
                part = "_" if part else ""
            if part:
                parts.append(_UNSAFE.sub("_", part)[:200])
        return self.root.joinpath(f"e{evidence_index}", *parts)

    def scratch(self, name: str) -> Path:
        """A fresh scratch path (e.g. for a decrypted database)."""
        d = self.root / "scratch"
        d.mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(dir=d)) / name

    def cleanup(self) -> None:
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)
