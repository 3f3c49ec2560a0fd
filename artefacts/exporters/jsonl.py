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
        if self._scanner is not None:
            self._scanner.line(packed)

    @property
    def _scanner(self):
        return self.line_scanner(self.indicators_path.with_name(f".{self.indicators_path.name}.partial"))

    def unit_store(self, path: Path) -> "LinesStore":
        # (in a worker process: the writer's own scanner is not touched there)
        scan = self.indicators is not None and self.indicators.enabled
        return LinesStore(path, self.indicators if scan else None)

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
        if self._scanner is not None:
            found = _found_path(path)
            self._scanner.found(found, n)
            found.unlink(missing_ok=True)
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
        scanner = self._scanner
        if scanner is not None:
            scanner.close()
            summary = scanner.summary
            os.replace(scanner.path, self.indicators_path)
            run = dict(run, counts=dict(run.get("counts") or {}, indicators=scanner.count))
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
        if self._scan is not None:
            self._scan.close()
            self._scan.path.unlink(missing_ok=True)
        self._sources.discard()
        self._warnings.discard()
        super().abort()


def _found_path(store: Path) -> Path:
    return store.with_name(store.name + ".found")


class LinesStore:
    """A unit's JSON lines, written by a worker process; with ``indicators``, the worker scans them as it
    writes them (the SQL-mapped ones picked by a test inside SQLite), into a file beside the store."""

    def __init__(self, path: Path, indicators=None):
        self._fh = open(path, "w", encoding="utf-8", newline="\n")
        self._lines = 0
        self._found = None
        self._test = None
        if indicators is not None:
            from ..indicators.index import StoreFindings, line_test

            self._found = StoreFindings(indicators, _found_path(Path(path)))
            self._test = line_test(indicators)
        self.indicators = indicators

    def add(self, batch: list) -> None:
        self._fh.write("".join(batch))
        self._fh.flush()
        if self._found is not None:
            for i, line in enumerate(batch):
                self._found.scan(self._lines + i, line)
        self._lines += len(batch)

    @property
    def pending_width(self) -> int:
        """A packed event parked for :meth:`add_sql`: its line, and (scanning) whether it is worth scanning."""
        return 1 if self._found is None else 2

    def pending_row(self, packed: str) -> tuple:
        return (packed,) if self._found is None else (packed, 1 if self._test(packed) else 0)

    def add_sql(self, con, select: str, params, pending: str) -> int:
        """Append, in ``_seq, _ord`` order, the lines of ``select``'s rows (event fields) and ``pending``'s lines."""
        cur = con.cursor()
        cur.row_factory = None
        text_factory = con.text_factory
        con.text_factory = bytes  # the lines go to the file as SQLite made them
        try:
            out = self._fh.buffer
            n = 0
            flag = ""
            if self._found is not None:
                from ..indicators.index import row_test_sql

                flag = f", {row_test_sql(con, self.indicators)}"
            sql = (f"SELECT _seq, _ord, {_LINE_SQL}{flag} FROM ({select}) "
                   f"UNION ALL SELECT * FROM {pending} ORDER BY 1, 2")
            cur.execute(sql, params)
            while True:
                rows = cur.fetchmany(1000)
                if not rows:
                    break
                out.write(b"".join(r[2] for r in rows))
                if self._found is not None:
                    for i, r in enumerate(rows):
                        if r[3]:
                            self._found.scan(self._lines + n + i, r[2].decode("utf-8", "surrogateescape"), tested=True)
                n += len(rows)
            out.flush()
            self._lines += n
            return n
        finally:
            con.text_factory = text_factory

    def close(self) -> None:
        self._fh.close()
        if self._found is not None:
            self._found.close()
