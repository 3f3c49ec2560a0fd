"""The exporter interface: where a run's events, sources, warnings and run record are written.

Exporters receive events one at a time and must not hold them in memory. They
write to a temporary file next to the output and move it into place only when
the run finishes, so an interrupted run never leaves a half-written timeline
under the requested name.
"""

from __future__ import annotations

import json
import os
from operator import itemgetter
from pathlib import Path
from typing import ClassVar

from ..events import FIELDS


class OutputExistsError(Exception):
    """The output file exists and ``--force`` was not given."""


class Exporter:
    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    #: whether the format has unit stores (:meth:`unit_store`); the one declaration the host reads
    unit_stores: ClassVar[bool] = False

    def __init__(self, path: str | os.PathLike, *, force: bool = False):
        self.path = Path(path)
        if self.path.exists() and not force:
            raise OutputExistsError(f"{self.path} exists; use --force to replace it")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp_path = self.path.with_name(f".{self.path.name}.partial-{os.getpid()}")
        Path(str(self.path) + ".sha256").unlink(missing_ok=True)  # a stale digest must not outlive its file
        self.events_written = 0
        #: set by the host before :meth:`finish`: whether and how to scan the events for indicators
        self.indicators = None
        #: set by the host before :meth:`open`: the default region of phone numbers (``--phone-region``)
        self.region = None
        self._scan = None

    def line_scanner(self, path: Path):
        """The JSON outputs' indicator scan of the lines the writer writes (an
        :class:`~artefacts.indicators.index.LineScanner` into ``path``), made on first use once the host
        has set the options; None when the scan is off. Called in the writer only, never in a worker."""
        if self._scan is None and self.indicators is not None and self.indicators.enabled:
            from ..indicators.index import LineScanner

            self._scan = LineScanner(self.indicators, path)
        return self._scan

    def open(self) -> None:
        """Called once before anything is written."""

    def pack(self, event: dict):
        """Turn a complete event into what :meth:`write_packed` stores (a row, a line ...).

        Must be a pure function of the event that can run in a worker process: with
        ``--jobs N`` parsers pack their events in parallel and the single writer only
        stores them. The result must be picklable.
        """
        return event

    def write_packed(self, packed) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def write_event(self, event: dict) -> None:
        self.write_packed(self.pack(event))

    def unit_store(self, path: Path):
        """A store for one unit's events, in a scratch file (called only when ``unit_stores``).

        A store has ``add(batch)`` (a list of packed events; each call must leave what it wrote
        readable, as the worker may be stopped at any time), ``add_sql(con, select, params,
        pending)`` (the events an SQL mapping computes, merged with the parked Python ones: see
        :func:`artefacts.sqlmapping.run_sql_events`), and ``close()``. The writer takes a finished
        unit in bulk with :meth:`merge_unit_store`. Without stores, events travel from workers to
        the writer as pickled frames and are stored one by one, and every row is mapped in Python.
        """
        raise NotImplementedError  # pragma: no cover - only called when unit_stores

    def merge_unit_store(self, path: Path) -> int:
        """Writer side: append the events of a unit store, in order; return how many."""
        raise NotImplementedError  # pragma: no cover - only called when unit_stores

    def write_source(self, source: dict) -> None:
        """A file that the run used (one per file, when it is done)."""

    def write_warning(self, warning: dict) -> None:
        """A problem met during the run."""

    def finish(self, run: dict) -> list[Path]:
        """Write the run record, close and move the output into place; return the files written."""
        raise NotImplementedError  # pragma: no cover

    def abort(self) -> None:
        """Drop everything written so far (fatal error)."""
        for p in (self.tmp_path,):
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    def _commit(self) -> None:
        os.replace(self.tmp_path, self.path)


#: Compact JSON text, UTF-8 kept as is (for lists and objects stored in columns).
dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


#: fields stored as JSON text in a row (SQLite) and 0/1 flags
JSON_FIELDS = ("recipients", "attachments", "extra")
BOOL_FIELDS = ("deleted", "recovered")
_JSON_IDX = [FIELDS.index(f) for f in JSON_FIELDS]
_BOOL_IDX = [FIELDS.index(f) for f in BOOL_FIELDS]
_GETTER = itemgetter(*FIELDS)


def pack_json(value) -> str:
    """A list or object field as JSON text (``[]``/``{}`` when empty)."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    return dumps(value)


def row_form(event: dict) -> list:
    """A complete event as one row of the timeline's ``events`` table (JSON text, 0/1 flags).

    The SQLite output stores this; SQL mappings produce it (see ``artefacts.sqlmapping``).
    """
    row = list(_GETTER(event))
    for i in _JSON_IDX:
        row[i] = pack_json(row[i])
    for i in _BOOL_IDX:
        row[i] = 1 if row[i] else 0
    return row


def event_json(event: dict) -> str:
    """One event as a JSON object with the schema's field order."""
    return dumps({k: event[k] for k in FIELDS})


class SpooledRecords:
    """A run's ``sources`` or ``warnings`` kept in a scratch file (one JSON text per line), not in memory.

    A damaged database can give a warning per row: the JSON formats write their lists only at
    the end, so they must not hold them meanwhile. :meth:`write_array` writes the list exactly as
    ``json.dumps(list, ensure_ascii=False, indent=indent)`` nested ``level`` deep would.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fh = open(self.path, "w", encoding="utf-8", newline="\n")
        self.count = 0

    def append(self, record: dict) -> None:
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self):
        self._fh.flush()
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)

    def write_array(self, out, indent: int | None = None, level: int = 0) -> None:
        if not self.count:
            out.write("[]")
            return
        if indent is None:  # json.dumps' separators without indent: ", " between items
            sep, inner, end = ", ", "", ""
        else:
            inner = "\n" + " " * (indent * (level + 1))
            sep, end = ",", "\n" + " " * (indent * level)
        out.write("[")
        for i, record in enumerate(self):
            out.write((sep if i else "") + inner + json.dumps(record, ensure_ascii=False, indent=indent).replace("\n", inner))
        out.write(end + "]")

    def discard(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        self.path.unlink(missing_ok=True)
