"""Starting Datasette on a timeline: read-only, immutable, with this package's metadata and plugin."""

from __future__ import annotations

from pathlib import Path

from .metadata import build_metadata

#: a local, single-investigator server: queries over a million events may take seconds, not Datasette's
#: default 1 s (facets: 0.2 s), which would time out the facets and the per-day counts of a large case
SETTINGS = {"sql_time_limit_ms": 20_000, "facet_time_limit_ms": 5_000, "num_sql_threads": 2}


def make_datasette(timeline: Path, timezone: str | None = None, settings: dict | None = None):
    """A Datasette instance serving ``timeline`` immutable (opened ``mode=ro&immutable=1``: never written).

    The plugin is registered here too, so that it is present even where the entry points of this
    package were not installed (e.g. a source checkout run with ``python -m artefacts``).
    """
    from datasette.app import Datasette
    from datasette.plugins import pm

    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin) and not pm.has_plugin("artefacts"):
        pm.register(datasette_plugin, name="artefacts")
    timeline = Path(timeline)
    return Datasette(immutables=[str(timeline)], metadata=build_metadata(timeline, timezone),
                     settings=dict(SETTINGS, **(settings or {})))
