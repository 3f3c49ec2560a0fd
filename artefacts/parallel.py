"""Parsers in worker processes, one writer: ``--jobs N``.

Units (one parser on one file) are handed to N forked worker processes in plan
order. Each worker runs :func:`artefacts.units.execute_unit` and writes what the
unit produces (packed events, warnings, hashed files, then its outcome) as
length-prefixed pickle frames to a spill file of its own in the private
workspace. The main process is the only writer of the timeline: it reads the
units' spill files strictly in plan order, following the current one while it
grows, so the output is identical whatever N is, and memory stays flat because
nothing waits in memory: finished units wait on disk.

A unit that runs past ``--parser-timeout`` is stopped by terminating its worker
(a parser stuck in a C call or an endless loop cannot stop itself); the events it
had already produced are kept, a warning names the file, a fresh worker takes
its place and the run goes on. A worker that dies is handled the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from .units import Outcome, Sink, Unit

_HEADER = 8


def _grace(timeout: float) -> float:
    """Extra time a worker gets to stop a late parser itself (and report properly) before it is ended."""
    return min(10.0, max(0.5, timeout * 0.25))


class SpillSink(Sink):
    """Writes a unit's output as frames: ``(kind, payload)`` pickled, 8-byte little-endian length first.

    When the exporter offers a unit store (see :meth:`Exporter.unit_store`), events go there
    instead and the writer takes them in bulk once the unit is done.
    """

    def __init__(self, path: Path, store=None):
        self._fh = open(path, "wb")
        self._store = store

    def _frame(self, kind: str, payload) -> None:
        data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.write(len(data).to_bytes(_HEADER, "little") + data)
        self._fh.flush()

    def events(self, packed: list) -> None:
        if self._store is not None:
            self._store.add(packed)
        else:
            self._frame("e", packed)

    def warn(self, record: dict) -> None:
        self._frame("w", record)

    def sql_store_available(self) -> bool:
        return self._store is not None

    def sql_store(self):
        return self._store

    def file(self, record: dict) -> None:
        self._frame("f", record)

    def close(self, outcome: Outcome) -> None:
        if self._store is not None:
            self._store.close()
        self._frame("o", outcome)
        self._fh.close()


class _SpillReader:
    """Follows a spill file that a worker may still be writing; yields complete frames only."""

    def __init__(self, path: Path):
        self._fh = open(path, "rb")

    def frames(self):
        while True:
            pos = self._fh.tell()
            head = self._fh.read(_HEADER)
            if len(head) < _HEADER:
                self._fh.seek(pos)
                return
            size = int.from_bytes(head, "little")
            data = self._fh.read(size)
            if len(data) < size:
                self._fh.seek(pos)
                return
            yield pickle.loads(data)

    def close(self) -> None:
        self._fh.close()


def _store_path(spill: Path) -> Path:
    return spill.with_name(spill.name + ".events")


def _worker_main(conn, units, parsers, run_unit, unit_store) -> None:
    """Worker loop: receive a unit index and a spill path, run it, report back."""
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        index, spill = msg
        store = unit_store(_store_path(Path(spill))) if unit_store is not None else None
        sink = SpillSink(Path(spill), store)
        unit = units[index]
        try:
            outcome = run_unit(unit, parsers[unit.parser_name], sink)
        except Exception as exc:  # run_unit has its own boundary; this one keeps a worker from dying with a traceback
            sink.warn({"evidence_id": unit.evidence_id, "source_path": unit.source.path, "parser": unit.parser_name,
                       "locator": None, "message": f"parser failed: {type(exc).__name__}: {exc}"})
            outcome = Outcome(applied=True, status="failed", note=f"{unit.parser_name}: {exc}", warnings=1, failed=True)
        sink.close(outcome)
        conn.send(index)


class _Worker:
    def __init__(self, ctx, units, parsers, run_unit, unit_store):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, units, parsers, run_unit, unit_store), daemon=True)
        self.proc.start()
        child.close()
        self.unit: int | None = None
        self.started = 0.0

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


def run_units_parallel(
    units: list[Unit],
    parsers: dict,
    *,
    jobs: int,
    spill_dir: Path,
    run_unit: Callable[[Unit, object, Sink], Outcome],
    on_events: Callable[[list], None],
    on_warning: Callable[[dict], None],
    on_file: Callable[[dict], None],
    on_outcome: Callable[[Unit, Outcome], None],
    timeout: float | None,
    unit_store=None,
    merge_store: Callable[[Path], int] | None = None,
) -> None:
    """Run ``units`` in ``jobs`` worker processes; deliver their output in unit order."""
    if not units:
        return
    ctx = multiprocessing.get_context("fork")
    spill_dir.mkdir(parents=True, exist_ok=True)
    spills = [spill_dir / f"unit{u.index:06d}.spill" for u in units]
    pending = deque(range(len(units)))
    workers = [_Worker(ctx, units, parsers, run_unit, unit_store) for _ in range(min(jobs, len(units)))]
    abandoned: dict[int, str] = {}  # unit -> why its worker was stopped
    finished: set[int] = set()
    current = 0
    reader: _SpillReader | None = None
    try:
        while current < len(units):
            for w in workers:
                if w.unit is None and pending:
                    i = pending.popleft()
                    spills[i].touch()
                    w.unit, w.started = i, time.monotonic()
                    w.conn.send((i, str(spills[i])))
            if reader is None and (current in finished or any(w.unit == current for w in workers) or current in abandoned):
                reader = _SpillReader(spills[current])
            progressed = False
            if reader is not None:
                done_outcome = None
                for kind, payload in reader.frames():
                    progressed = True
                    if kind == "e":
                        on_events(payload)
                    elif kind == "w":
                        on_warning(payload)
                    elif kind == "f":
                        on_file(payload)
                    elif kind == "o":
                        done_outcome = payload
                        break
                if done_outcome is None and current in abandoned:
                    # the worker was stopped: what it wrote is kept, the rest is reported
                    done_outcome = Outcome(applied=True, status="partial", failed=True)
                    on_warning(
                        {
                            "evidence_id": units[current].evidence_id,
                            "source_path": units[current].source.path,
                            "parser": units[current].parser_name,
                            "locator": None,
                            "message": abandoned[current],
                        }
                    )
                    done_outcome.warnings = 1
                if done_outcome is not None:
                    reader.close()
                    reader = None
                    os.unlink(spills[current])
                    store = _store_path(spills[current])
                    if merge_store is not None and store.exists():
                        try:
                            merge_store(store)
                        except Exception as exc:  # a store torn by a stopped worker
                            on_warning(
                                {
                                    "evidence_id": units[current].evidence_id,
                                    "source_path": units[current].source.path,
                                    "parser": units[current].parser_name,
                                    "locator": None,
                                    "message": f"events of this part could not be taken over: {exc}",
                                }
                            )
                        store.unlink(missing_ok=True)
                    on_outcome(units[current], done_outcome)
                    current += 1
                    continue
            # worker messages, deaths and time limits
            now = time.monotonic()
            for k, w in enumerate(workers):
                if w.unit is None:
                    continue
                if w.conn.poll():
                    try:
                        finished.add(w.conn.recv())
                        w.unit = None
                        progressed = True
                        continue
                    except (EOFError, OSError):
                        pass
                reason = None
                if not w.proc.is_alive():
                    reason = f"the parser's worker process ended unexpectedly (exit code {w.proc.exitcode})"
                elif timeout and now - w.started > timeout + _grace(timeout):
                    reason = f"parser stopped by the time limit ({timeout:g} s): its worker did not respond and was ended"
                if reason:
                    abandoned[w.unit] = reason
                    w.kill()
                    workers[k] = _Worker(ctx, units, parsers, run_unit, unit_store)
                    progressed = True
            if not progressed:
                busy = [w.conn for w in workers if w.unit is not None]
                wait(busy, timeout=0.01) if busy else time.sleep(0.01)
    finally:
        if reader is not None:
            reader.close()
        for w in workers:
            w.stop()
