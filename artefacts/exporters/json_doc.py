"""One JSON document ``{"run": ..., "sources": [...], "warnings": [...], "events": [...]}``.

Events are spooled to a temporary file while the run goes on (memory stays flat)
and copied into the document after the run record, which is only known at the end.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .base import Exporter, SpooledRecords, event_json


class JsonExporter(Exporter):
    name = "json"
    extensions = (".json",)
    description = "one JSON document with run, sources, warnings and events"

    def open(self) -> None:
        self._spool_path = self.tmp_path.with_name(self.tmp_path.name + ".events")
        self._spool = open(self._spool_path, "w", encoding="utf-8", newline="\n")
        self._sources = SpooledRecords(self.tmp_path.with_name(self.tmp_path.name + ".sources"))
        self._warnings = SpooledRecords(self.tmp_path.with_name(self.tmp_path.name + ".warnings"))

    def pack(self, event: dict) -> str:
        return event_json(event)

    def write_packed(self, packed: str) -> None:
        if self.events_written:
            self._spool.write(",\n")
        self._spool.write(packed)
        self.events_written += 1
        if self._scanner is not None:
            self._scanner.line(packed)

    @property
    def _scanner(self):
        return self.line_scanner(self._spool_path.with_name(self._spool_path.name + ".indicators"))

    def write_source(self, source: dict) -> None:
        self._sources.append(source)

    def write_warning(self, warning: dict) -> None:
        self._warnings.append(warning)

    def finish(self, run: dict) -> list[Path]:
        self._spool.close()
        summary = ind_path = None
        scanner = self._scanner
        if scanner is not None:
            scanner.close()
            summary, ind_path = scanner.summary, scanner.path
            run = dict(run, counts=dict(run.get("counts") or {}, indicators=scanner.count))
        with open(self.tmp_path, "w", encoding="utf-8", newline="\n") as out:
            out.write('{"run":')
            out.write(json.dumps(run, ensure_ascii=False))
            out.write(',\n"sources":')
            self._sources.write_array(out)
            out.write(',\n"warnings":')
            self._warnings.write_array(out)
            out.write(',\n"events":[\n')
            with open(self._spool_path, encoding="utf-8") as spool:
                shutil.copyfileobj(spool, out, 1 << 20)
            out.write("\n]")
            if summary is not None:
                out.write(',\n"indicators":[')
                with open(ind_path, encoding="utf-8") as ind:
                    for i, line in enumerate(ind):
                        out.write(("\n" if i == 0 else ",\n") + line.rstrip("\n"))
                out.write('\n],\n"indicator_summary":' + json.dumps(summary.places(), ensure_ascii=False))
                out.write(',\n"indicator_devices":' + json.dumps(summary.devices(), ensure_ascii=False))
                ind_path.unlink()
            out.write("}\n")
        self._spool_path.unlink()
        self._sources.discard()
        self._warnings.discard()
        self._commit()
        return [self.path]

    def abort(self) -> None:
        if not self._spool.closed:
            self._spool.close()
        self._spool_path.unlink(missing_ok=True)
        if self._scan is not None:
            self._scan.close()
            self._scan.path.unlink(missing_ok=True)
        self._sources.discard()
        self._warnings.discard()
        super().abort()
