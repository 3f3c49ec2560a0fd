"""JSON Lines: one event per line; run, sources and warnings in a manifest beside it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..events import FIELDS
from .base import BOOL_FIELDS, JSON_FIELDS, Exporter, SpooledRecords, event_json


def _line_sql() -> str:
    """SQL turning a row of the events table into the line :func:`event_json` writes for it.

    One ``printf`` (a chain of ``||`` copies the growing line at every field: measured 12.2 s
    for 1.2 M events to JSON Lines with the chain, 10.6 s with printf). Every
    argument is JSON text made by SQLite (``json_quote`` escapes control characters and NUL), so
    ``%s`` never meets a NUL.
    """
    fmt, args = [], []
    for i, f in enumerate(FIELDS):
        fmt.append(("{" if i == 0 else ",") + json.dumps(f) + ":%s")
        if f in JSON_FIELDS:
            args.append(f"[{f}]")
        elif f in BOOL_FIELDS:
            args.append(f"(CASE WHEN [{f}] THEN 'true' ELSE 'false' END)")
        else:
            args.append(f"json_quote([{f}])")
    return f"printf('{''.join(fmt)}}}' || char(10), {', '.join(args)})"


_LINE_SQL = _line_sql()


class JsonLinesExporter(Exporter):
    unit_stores = True
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    description = "one JSON event per line, plus OUT.manifest.json with run, sources and warnings"

    def open(self) -> None:
        self._fh = open(self.tmp_path, "w", encoding="utf-8", newline="\n")
        self._sources = SpooledRecords(self.tmp_path.with_name(self.tmp_path.name + ".sources"))
        self._warnings = SpooledRecords(self.tmp_path.with_name(self.tmp_path.name + ".warnings"))

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

    @property
    def indicators_path(self) -> Path:
        return self.path.with_name(self.path.name + ".indicators.jsonl")

    def finish(self, run: dict) -> list[Path]:
        self._fh.close()
        summary = None
        if self.indicators is not None and self.indicators.enabled:
            from ..indicators.index import Summary, scan_json_lines

            summary = Summary()
            part = self.indicators_path.with_name(f".{self.indicators_path.name}.partial")
            with open(self.tmp_path, encoding="utf-8") as lines, open(part, "w", encoding="utf-8", newline="\n") as out:
                n = scan_json_lines(lines, self.indicators, out, summary)
            os.replace(part, self.indicators_path)
            run = dict(run, counts=dict(run.get("counts") or {}, indicators=n))
        self._commit()
        # as json.dumps({"run": ..., "sources": [...], "warnings": [...]}, indent=2), the lists streamed
        with open(self.manifest_path, "w", encoding="utf-8", newline="\n") as out:
            out.write('{\n  "run": ' + json.dumps(run, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            out.write(',\n  "sources": ')
            self._sources.write_array(out, indent=2, level=1)
            out.write(',\n  "warnings": ')
            self._warnings.write_array(out, indent=2, level=1)
            if summary is not None:
                for key, rows in (("indicator_summary", summary.places()), ("indicator_devices", summary.devices())):
                    out.write(f',\n  "{key}": ' + json.dumps(rows, ensure_ascii=False, indent=2).replace("\n", "\n  "))
            out.write("\n}\n")
        self._sources.discard()
        self._warnings.discard()
        return [self.path, self.manifest_path] + ([self.indicators_path] if summary is not None else [])

    def abort(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self._sources.discard()
        self._warnings.discard()
        super().abort()


class LinesStore:
    """A unit's JSON lines, written by a worker process."""

    def __init__(self, path: Path):
        self._fh = open(path, "w", encoding="utf-8", newline="\n")

    def add(self, batch: list) -> None:
        self._fh.write("".join(batch))
        self._fh.flush()

    #: a packed event parked for :meth:`add_sql` is one column: its line
    pending_width = 1

    @staticmethod
    def pending_row(packed: str) -> tuple:
        return (packed,)

    def add_sql(self, con, select: str, params, pending: str) -> int:
        """Append, in ``_seq, _ord`` order, the lines of ``select``'s rows (event fields) and ``pending``'s lines."""
        cur = con.cursor()
        cur.row_factory = None
        text_factory = con.text_factory
        con.text_factory = bytes  # the lines go to the file as SQLite made them
        try:
            out = self._fh.buffer
            n = 0
            sql = (f"SELECT _seq, _ord, {_LINE_SQL} FROM ({select}) "
                   f"UNION ALL SELECT * FROM {pending} ORDER BY 1, 2")
            cur.execute(sql, params)
            while True:
                rows = cur.fetchmany(1000)
                if not rows:
                    break
                out.write(b"".join(r[2] for r in rows))
                n += len(rows)
            out.flush()
            return n
        finally:
            con.text_factory = text_factory

    def close(self) -> None:
        self._fh.close()
