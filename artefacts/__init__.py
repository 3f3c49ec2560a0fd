"""artefacts: a forensic timeline of the chat databases and message stores found in phone extractions."""

from .hookspecs import hookimpl

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]
