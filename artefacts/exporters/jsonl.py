"""JSON Lines: one event per line; run, sources and warnings in a manifest beside it."""

from __future__ import annotations

import json
from pathlib import Path

from .base import Exporter, event_json


class JsonLinesExporter(Exporter):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    description = "one JSON event per line, plus OUT.manifest.json with run, sources and warnings"

    def open(self) -> None:
        self._fh = open(self.tmp_path, "w", encoding="utf-8", newline="\n")
        self._sources: list[dict] = []
        self._warnings: list[dict] = []

    def pack(self, event: dict) -> str:
        return event_json(event) + "\n"

    def write_packed(self, packed: str) -> None:
        self._fh.write(packed)
        self.events_written += 1

    def unit_store(self, path: Path) -> "LinesStore":
        return LinesStore(path)

    def merge_unit_store(self, path: Path) -> int:
        """Copy the store's complete lines (a stopped worker may have left half a line)."""
        n = 0
        pending = b""
        self._fh.flush()
        with open(path, "rb") as src:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                pending += chunk
                cut = pending.rfind(b"\n") + 1
                if cut:
                    self._fh.buffer.write(pending[:cut])
                    n += pending.count(b"\n", 0, cut)
                    pending = pending[cut:]
        self._fh.buffer.flush()
        self.events_written += n
        return n

    def write_source(self, source: dict) -> None:
        self._sources.append(source)

    def write_warning(self, warning: dict) -> None:
        self._warnings.append(warning)

    @property
    def manifest_path(self) -> Path:
        return self.path.with_name(self.path.name + ".manifest.json")

    def finish(self, run: dict) -> list[Path]:
        self._fh.close()
        self._commit()
        manifest = {"run": run, "sources": self._sources, "warnings": self._warnings}
        self.manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return [self.path, self.manifest_path]

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        super().abort()


class LinesStore:
    """A unit's JSON lines, written by a worker process."""

    def __init__(self, path: Path):
        self._fh = open(path, "w", encoding="utf-8", newline="\n")

    def add(self, batch: list) -> None:
        self._fh.write("".join(batch))
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()
