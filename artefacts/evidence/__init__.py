"""Evidence access: indexing extractions, matching globs, copying and hashing files."""

from .extraction import (
    Entry,
    EvidenceError,
    Extraction,
    FileRecord,
    open_extraction,
)
from .globs import compile_glob, glob_matches
from .workspace import Workspace

__all__ = [
    "Entry",
    "EvidenceError",
    "Extraction",
    "FileRecord",
    "Workspace",
    "compile_glob",
    "glob_matches",
    "open_extraction",
]
