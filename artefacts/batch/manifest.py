"""The extractions of a batch: a TOML manifest, or a folder whose entries are extractions.

A TOML manifest (paths relative to the manifest's folder; every field but ``path`` optional)::

    case_number = "2026-0042"          # defaults for every extraction
    examiner = "J. Doe"
    default_region = "DE"
    timezone = "Europe/Berlin"         # as --timezone: the zone of the phone that wrote a chat export

    [[extraction]]
    path = "phones/A-samsung.zip"
    evidence_id = "A"                  # default: the name, as artefacts parse gives it
    keys = ["signal=4bb04c..."]        # as --key APP=KEY
    notes = "seized 2026-11-02"

A folder manifest: each entry (a folder, archive, backup or database; hidden entries skipped) is
one extraction named as ``artefacts parse`` names it. Evidence ids must be unique; the output file
of an extraction is named by its evidence id percent-encoded (:func:`output_name`), so an id never
chooses where a file goes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..engine import UsageError, check_timezone, evidence_id_for, parse_keys, redact_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FIELDS = {"path", "evidence_id", "keys", "case_number", "examiner", "notes", "default_region", "timezone"}


@dataclass(frozen=True)
class Extraction:
    evidence_id: str
    path: Path
    keys: tuple[str, ...] = ()
    case_number: str | None = None
    examiner: str | None = None
    notes: str | None = None
    default_region: str | None = None
    timezone: str | None = None
    #: the manifest's own order
    index: int = 0

    def redacted(self) -> dict:
        """The extraction as the batch record shows it: key material replaced."""
        return {"evidence_id": self.evidence_id, "path": str(self.path),
                "keys": [redact_key(k) for k in self.keys],
                "case_number": self.case_number, "examiner": self.examiner, "notes": self.notes,
                "default_region": self.default_region, "timezone": self.timezone}


@dataclass
class Manifest:
    source: Path
    extractions: list[Extraction] = field(default_factory=list)

    @property
    def has_keys(self) -> bool:
        return any(e.keys for e in self.extractions)


def output_name(evidence_id: str, suffix: str = ".sqlite") -> str:
    """The file name of an extraction's timeline: its evidence id percent-encoded."""
    name = quote(evidence_id, safe="-_ ")
    if name.startswith("."):
        name = "%2E" + name[1:]
    return name + suffix


def _str(value, what: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"{where}: {what} must be text")
    return value


def load_manifest(path: Path) -> Manifest:
    path = Path(path)
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        manifest = Manifest(path, [Extraction(evidence_id_for(p), p, index=i) for i, p in enumerate(entries)])
    else:
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"{path}: not a readable TOML manifest ({exc})") from None
        items = doc.get("extraction")
        if not isinstance(items, list) or not items:
            raise UsageError(f"{path}: no [[extraction]] entries")
        defaults = {k: doc.get(k) for k in ("case_number", "examiner", "notes", "default_region", "timezone")}
        out = []
        for i, item in enumerate(items):
            where = f"{path}: extraction {i + 1}"
            if not isinstance(item, dict) or "path" not in item:
                raise UsageError(f"{where}: no path")
            unknown = set(item) - FIELDS
            if unknown:
                raise UsageError(f"{where}: unknown fields {sorted(unknown)}")
            p = Path(_str(item["path"], "path", where))
            p = p if p.is_absolute() else path.parent / p
            keys = item.get("keys", [])
            if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
                raise UsageError(f"{where}: keys must be a list of APP=KEY texts")
            parse_keys(keys)  # the same check as --key
            values = {k: _str(item.get(k, defaults[k]), k, where) for k in defaults}
            if values["timezone"]:
                try:
                    check_timezone(values["timezone"])  # the same check as --timezone
                except UsageError as exc:
                    raise UsageError(f"{where}: {exc}") from None
            out.append(Extraction(_str(item.get("evidence_id"), "evidence_id", where) or evidence_id_for(p), p,
                                  tuple(keys), index=i, **values))
        manifest = Manifest(path, out)
    seen: dict[str, Path] = {}
    for e in manifest.extractions:
        if not e.evidence_id.strip():
            raise UsageError(f"{manifest.source}: an empty evidence id ({e.path})")
        if e.evidence_id in seen:
            raise UsageError(f"{manifest.source}: evidence id {e.evidence_id!r} twice ({seen[e.evidence_id]}, {e.path}); "
                             "give each extraction its own evidence_id")
        seen[e.evidence_id] = e.path
    if not manifest.extractions:
        raise UsageError(f"{manifest.source}: no extractions")
    return manifest
