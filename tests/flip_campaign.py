"""Truncations and byte flips of real corpus files, run through the whole host.

Each variant is a copy of one corpus file (with its ``-wal``/``-shm``/``-journal`` beside it,
unchanged) cut at an offset or with one byte flipped, in a private folder; the host parses it in
process. A variant passes when the run ends with exit code 0 or 3 (or, for a flip in an encrypted header,
the refused-key stop), no other exception escapes, every warning names the file, and the corpus file hashes the same afterwards. Used by
``tests/test_corpus_flips.py`` (a bounded sample, in CI) and ``benchmarks/corpus_flips.py`` (the
long campaign).
"""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from artefacts.engine import RunOptions, run_parse
from artefacts.evidence import EvidenceKeyError
from artefacts.testing import Timeline

SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Variant:
    source: Path
    kind: str  # "cut" or "flip"
    offset: int
    bit: int = 0

    @property
    def label(self) -> str:
        what = f"cut at {self.offset}" if self.kind == "cut" else f"bit {self.bit} of byte {self.offset} flipped"
        return f"{self.source.name}: {what}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def offsets(size: int, n: int, rnd: random.Random) -> list[int]:
    """``n`` offsets: the SQLite header fields, page 1's schema area, the middle, the last page, then random."""
    fixed = [0, 16, 18, 28, 56, 100, 104, 512, 1024 + 8, 4096 + 8, size // 2, max(0, size - 4096), max(0, size - 1)]
    out = [o for o in fixed if 0 <= o < size]
    while len(out) < n and size:
        out.append(rnd.randrange(size))
    return sorted(set(out))[:n] if n < len(out) else sorted(set(out))


def variants(files: list[Path], per_file: int, seed: int = 0) -> list[Variant]:
    rnd = random.Random(seed)
    out = []
    for f in files:
        size = f.stat().st_size
        for o in offsets(size, per_file, rnd):
            out.append(Variant(f, "flip", o, rnd.randrange(8)))
            if o > 0:
                out.append(Variant(f, "cut", o))
    return out


def materialise(v: Variant, folder: Path) -> Path:
    """Write the variant (and the unchanged sidecars) into ``folder``; returns the input path."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    data = bytearray(v.source.read_bytes())
    if v.kind == "cut":
        del data[v.offset:]
    else:
        data[v.offset] ^= 1 << v.bit
    target = folder / v.source.name
    target.write_bytes(bytes(data))
    for suffix in SIDECARS:
        side = v.source.with_name(v.source.name + suffix)
        if side.is_file():
            shutil.copyfile(side, folder / side.name)
    return target


def run_variant(v: Variant, scratch: Path, keys=()) -> tuple[int, list[dict]]:
    """Parse one variant; returns (exit code, warnings). Raises AssertionError on a failure of the properties."""
    target = materialise(v, scratch / "input")
    before = sha256(target)
    out = scratch / "timeline.jsonl"
    out.unlink(missing_ok=True)
    try:
        result = run_parse(RunOptions(inputs=[target], output=out, workdir=scratch / "work", keys=list(keys)))
    except EvidenceKeyError:
        # a flip in an encrypted header (salt, check value) looks exactly like a wrong key: the run
        # stops with one line and exit 1, writing nothing (the host's policy for a key that does not open)
        assert not out.exists(), f"{v.label}: a timeline was left after a refused key"
        return 1, []
    except Exception as exc:  # the property: nothing escapes the host
        raise AssertionError(f"{v.label}: {type(exc).__name__}: {exc}") from exc
    code = result.exit_code
    warnings = Timeline(result, out).warnings
    assert code in (0, 3), f"{v.label}: exit code {code} ({[w.get('message') for w in warnings][:3]})"
    for w in warnings:
        named = v.source.name in (w.get("source_path") or "") or v.source.name in (w.get("message") or "") or (
            w.get("evidence_id") or "") in (target.stem, target.name)
        assert named, f"{v.label}: a warning that does not name the file: {w}"
    assert sha256(target) == before, f"{v.label}: the input copy changed"
    return code, warnings
