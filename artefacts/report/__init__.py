"""The static HTML report of a timeline (``artefacts report``): see :mod:`artefacts.report.build` and docs/report.md."""

from .build import ReportError, ReportResult, build_report

__all__ = ["ReportError", "ReportResult", "build_report"]
