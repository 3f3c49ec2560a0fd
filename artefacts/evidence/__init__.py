"""Evidence access: indexing extractions, matching globs, copying and hashing files."""

from .extraction import (
    Access,
    Entry,
    EvidenceError,
    EvidenceKeyError,
    Extraction,
    FileRecord,
    Prefetch,
    open_extraction,
)
from .globs import compile_glob, glob_matches
from .workspace import Workspace

__all__ = [
    "Access",
    "Entry",
    "EvidenceError",
    "EvidenceKeyError",
    "Extraction",
    "FileRecord",
    "Prefetch",
    "Workspace",
    "compile_glob",
    "glob_matches",
    "open_extraction",
]
