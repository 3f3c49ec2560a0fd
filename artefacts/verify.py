"""Checking a delivered timeline later: its own hashes, and the evidence files it names.

``artefacts verify TIMELINE [--extraction PATH ...]`` recomputes the SHA-256 of the timeline
files against ``TIMELINE.sha256`` (written at the end of the run) and, for each extraction
given, re-hashes every source file the run used (from the ``sources`` table or the manifest)
and compares it with the recorded hash. Extractions are matched to the run's inputs by evidence
id (``--extraction ID=PATH``) or, with one input, taken as it. Nothing is written.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .evidence import open_extraction
from .evidence.extraction import copy_and_hash


@dataclass
class VerifyReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_extractions(inputs_text: str | None) -> list[dict]:
    """The extractions of a run record's ``inputs`` (JSON text): entries with an evidence id (those of
    a merge record are timelines)."""
    inputs = json.loads(inputs_text or "[]")
    return [i for i in inputs if isinstance(i, dict) and "evidence_id" in i] if isinstance(inputs, list) else []


def _load_sources(timeline: Path) -> tuple[list[dict], list[dict]]:
    """The run's inputs and sources, from a SQLite timeline or a JSON Lines manifest / JSON document."""
    if timeline.suffix.lower() in (".jsonl", ".ndjson"):
        manifest = json.loads(timeline.with_name(timeline.name + ".manifest.json").read_text(encoding="utf-8"))
        return manifest["run"]["inputs"], manifest["sources"]
    if timeline.is_dir():  # a Parquet dataset: run.json and sources.parquet
        import pyarrow.parquet as pq

        run = json.loads((timeline / "run.json").read_text(encoding="utf-8"))
        sources = pq.read_table(timeline / "sources.parquet", columns=["evidence_id", "path", "sha256", "size"]).to_pylist()
        return run["inputs"], sources
    if timeline.suffix.lower() == ".json":
        doc = json.loads(timeline.read_text(encoding="utf-8"))
        return doc["run"]["inputs"], doc["sources"]
    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        # a case merged from several runs has a run row per run (and one per merge, whose inputs are
        # timelines, not extractions): the extractions are those of every run
        inputs = [i for (text,) in con.execute("SELECT inputs FROM run ORDER BY rowid") for i in run_extractions(text)]
        sources = [dict(r) for r in con.execute("SELECT evidence_id, path, sha256, size FROM sources")]
        return inputs, sources
    finally:
        con.close()


def digest_file(timeline: Path) -> Path:
    """Where the run wrote the SHA-256 of its output files (``TIMELINE.sha256``)."""
    return Path(str(timeline) + ".sha256")


def recorded_digests(timeline: Path) -> dict[str, str] | None:
    """``{file name: SHA-256}`` as ``TIMELINE.sha256`` lists them; None when there is no such file."""
    listing = digest_file(timeline)
    if not listing.exists():
        return None
    digests = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        expected, _, name = line.partition("  ")
        digests[name] = expected
    return digests


def verify(timeline: Path, extractions: dict[str | None, Path]) -> VerifyReport:
    report = VerifyReport()
    digests = recorded_digests(timeline)
    if digests is not None:
        for name, expected in digests.items():
            path = timeline.parent / name
            if not path.exists():
                report.problems.append(f"{name}: listed in {digest_file(timeline).name} but missing")
                continue
            with open(path, "rb") as fh:
                actual = copy_and_hash(fh, None)[0]
            report.checked += 1
            if actual != expected:
                report.problems.append(f"{name}: SHA-256 {actual} differs from the recorded {expected}")
    else:
        report.notes.append(f"no {digest_file(timeline).name}: the timeline's own hash cannot be checked")
    if not extractions:
        return report
    inputs, sources = _load_sources(timeline)
    by_id = {i["evidence_id"]: i for i in inputs}
    for eid, path in extractions.items():
        if eid is None:
            if len(by_id) != 1:
                report.problems.append("several extractions in this run: give --extraction EVIDENCE_ID=PATH")
                continue
            eid = next(iter(by_id))
        if eid not in by_id:
            report.problems.append(f"no extraction with evidence id {eid!r} in this run ({', '.join(by_id)})")
            continue
        recorded = by_id[eid].get("sha256")
        ext = open_extraction(path)
        try:
            if recorded and ext.container_sha256 and ext.container_sha256 != recorded:
                report.problems.append(f"{eid}: container SHA-256 {ext.container_sha256} differs from the recorded {recorded}")
            wanted = [s for s in sources if s["evidence_id"] == eid]
            entries = []
            for s in wanted:
                entry = ext.lookup(s["path"])
                if entry is None:
                    report.problems.append(f"{eid}: {s['path']} is no longer in the extraction")
                else:
                    entries.append((entry, s))
            records = ext.materialize([], [e for e, _ in entries], lambda e: None) if not ext.random_access else {}
            for entry, s in entries:
                try:
                    rec = records.get(entry.path) or ext.hash_entry(entry)
                except Exception as exc:  # report, never crash
                    report.problems.append(f"{eid}: {s['path']} cannot be read ({exc})")
                    continue
                report.checked += 1
                if rec is None or rec.sha256 != s["sha256"]:
                    got = rec.sha256 if rec is not None else "unreadable"
                    report.problems.append(f"{eid}: {s['path']} SHA-256 {got} differs from the recorded {s['sha256']}")
        finally:
            ext.close()
    return report
