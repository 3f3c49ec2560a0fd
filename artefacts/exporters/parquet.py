"""Parquet dataset: the events partitioned by evidence id and app, with the sources and warnings.

``OUT.parquet/`` (a folder, written under a temporary name and moved into place when the run
finishes) holds:

* ``events/evidence_id=<id>/app=<app>/part-0.parquet``: Hive-style partitions (values
  percent-encoded, so an evidence id never chooses where a file goes), row groups of
  :data:`ROW_GROUP` events appended as they arrive: memory holds at most one row group per
  partition. Types: ``timestamp`` a UTC timestamp in microseconds, ``timestamp_raw`` the stored
  value as JSON text (an integer, a real or a text keeps its kind), ``recipients`` a list of
  strings, ``attachments`` a list of structs, ``extra`` JSON text, ``deleted``/``recovered`` booleans;
* ``sources.parquet`` and ``warnings.parquet``: the run's sources and warnings (columns of the
  SQLite timeline's tables);
* ``run.json``: the run record.

DuckDB, pandas and Spark read it as it is: ``SELECT * FROM read_parquet('OUT.parquet/events/**/*.parquet',
hive_partitioning = true)``. The indicator scan, participants and full-text index are the SQLite
timeline's; a Parquet run skips the scan.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

from ..events import FIELDS
from ..timeconv import parse_iso
from .base import Exporter, SpooledRecords, dumps
from .sqlite import SOURCE_COLUMNS, WARNING_COLUMNS

#: events per row group (and the most one partition holds in memory)
ROW_GROUP = 50_000
PARTITION = ("evidence_id", "app")
COLUMNS = tuple(f for f in FIELDS if f not in PARTITION)


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the extra is missing
        raise RuntimeError("Parquet output needs pyarrow: pip install 'artefacts[batch]'") from None
    return pa, pq


def event_schema():
    pa, _ = _arrow()
    attachment = pa.struct([("name", pa.string()), ("mime_type", pa.string()), ("size", pa.int64()),
                            ("path", pa.string()), ("sha256", pa.string())])
    types = {"timestamp": pa.timestamp("us", tz="UTC"), "recipients": pa.list_(pa.string()),
             "attachments": pa.list_(attachment), "deleted": pa.bool_(), "recovered": pa.bool_()}
    return pa.schema([(f, types.get(f, pa.string())) for f in COLUMNS])


def _table_schema(columns: dict):
    pa, _ = _arrow()
    return pa.schema([(c, pa.int64() if t is int else pa.string()) for c, t in columns.items()])


class ParquetExporter(Exporter):
    name = "parquet"
    extensions = (".parquet",)
    description = "Parquet dataset (folder): events partitioned by evidence id and app, sources, warnings, run.json"

    def open(self) -> None:
        self._schema = event_schema()
        self.tmp_path.mkdir(parents=True)
        self._buffers: dict[tuple[str, str], list[list]] = {}
        self._writers: dict[tuple[str, str], object] = {}
        self._sources = SpooledRecords(self.tmp_path / ".sources.jsonl")
        self._warnings = SpooledRecords(self.tmp_path / ".warnings.jsonl")

    def pack(self, event: dict):
        row = []
        for f in COLUMNS:
            v = event[f]
            if f == "timestamp":
                v = None if v is None else parse_iso(v)
            elif f == "timestamp_raw":
                v = None if v is None else dumps(v if not isinstance(v, (bytes, bytearray)) else bytes(v).hex())
            elif f == "extra":
                v = dumps(v) if v else "{}"
            elif f in ("deleted", "recovered"):
                v = bool(v)
            row.append(v)
        return (event["evidence_id"] or "", event["app"] or ""), row

    def write_packed(self, packed) -> None:
        key, row = packed
        buf = self._buffers.setdefault(key, [])
        buf.append(row)
        self.events_written += 1
        if len(buf) >= ROW_GROUP:
            self._flush(key)

    def _flush(self, key) -> None:
        pa, pq = _arrow()
        rows = self._buffers.get(key)
        if not rows:
            return
        columns = list(zip(*rows))
        arrays = []
        for i, f in enumerate(COLUMNS):
            if f == "timestamp":
                arrays.append(pa.array(columns[i], type=pa.int64()).cast(self._schema.field(f).type))
            else:
                arrays.append(pa.array(columns[i], type=self._schema.field(f).type))
        table = pa.Table.from_arrays(arrays, schema=self._schema)
        writer = self._writers.get(key)
        if writer is None:
            folder = self.tmp_path / "events" / f"evidence_id={quote(key[0], safe='')}" / f"app={quote(key[1], safe='')}"
            folder.mkdir(parents=True)
            writer = self._writers[key] = pq.ParquetWriter(folder / "part-0.parquet", self._schema)
        writer.write_table(table)
        rows.clear()

    def write_source(self, source: dict) -> None:
        self._sources.append(source)

    def write_warning(self, warning: dict) -> None:
        self._warnings.append(warning)

    def _side_table(self, records: SpooledRecords, columns: dict, path: Path) -> None:
        pa, pq = _arrow()
        schema = _table_schema(columns)
        rows = {c: [] for c in columns}
        for rec in records:
            for c in columns:
                v = rec.get(c)
                if isinstance(v, (list, tuple, dict)):
                    v = dumps(v)
                rows[c].append(v if v is None or columns[c] is not str else str(v))
        pq.write_table(pa.table(rows, schema=schema), path)
        records.discard()

    def finish(self, run: dict) -> list[Path]:
        for key in list(self._buffers):
            self._flush(key)
        for writer in self._writers.values():
            writer.close()
        self._side_table(self._sources, SOURCE_COLUMNS, self.tmp_path / "sources.parquet")
        self._side_table(self._warnings, WARNING_COLUMNS, self.tmp_path / "warnings.parquet")
        (self.tmp_path / "run.json").write_text(json.dumps(run, ensure_ascii=False, indent=2), encoding="utf-8")
        if self.path.exists():  # --force: the old dataset goes only now that the new one is complete
            shutil.rmtree(self.path) if self.path.is_dir() else self.path.unlink()
        self._commit()
        return sorted((p for p in self.path.rglob("*") if p.is_file()), key=lambda p: str(p.relative_to(self.path)))

    def abort(self) -> None:
        for writer in getattr(self, "_writers", {}).values():
            try:
                writer.close()
            except Exception:
                pass
        shutil.rmtree(self.tmp_path, ignore_errors=True)


__all__ = ["ParquetExporter", "event_schema", "ROW_GROUP"]
