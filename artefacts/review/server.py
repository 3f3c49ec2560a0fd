"""Starting Datasette on a timeline: read-only, immutable, with this package's metadata and plugin."""

from __future__ import annotations

from pathlib import Path

from .metadata import build_metadata, database_name

#: a local, single-investigator server: queries over a million events may take seconds, not Datasette's
#: default 1 s (facets: 0.2 s), which would time out the facets and the per-day counts of a large case.
#: Suggested facets (a trial query per column on every table page) are off: on 1.2 M events they
#: are most of a page's time (benchmarks/review.py) and the useful facets are set in the metadata.
SETTINGS = {"sql_time_limit_ms": 20_000, "facet_time_limit_ms": 5_000, "num_sql_threads": 2, "suggest_facets": False}


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


#: the exit codes of the command line (artefacts.engine)
EXIT_FATAL, EXIT_USAGE = 1, 2
MISSING = ("artefacts serve needs Datasette, which is not installed: pip install 'artefacts[review]' "
           "(or: pip install 'datasette>=0.65')")


def serve(timeline: Path, host: str = "127.0.0.1", port: int = 8001, timezone: str | None = None) -> int:
    """``artefacts serve``: check the timeline and the zone, start Datasette, serve until stopped; the exit code."""
    import sqlite3

    import click

    from .display import UnknownZone

    try:
        import uvicorn  # noqa: F401  (Datasette's own server)
        from datasette.app import Datasette  # noqa: F401
    except ImportError:
        click.echo(f"error: {MISSING}", err=True)
        return EXIT_FATAL
    try:
        ds = make_datasette(timeline, timezone)
    except UnknownZone as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except sqlite3.DatabaseError as exc:
        click.echo(f"error: {timeline} is not a SQLite timeline ({exc})", err=True)
        return EXIT_USAGE
    if "events" not in (ds.metadata("tables", database=database_name(timeline)) or {}):
        click.echo(f"error: {timeline} has no events table: not a timeline written by 'artefacts parse'", err=True)
        return EXIT_USAGE
    return run(ds, host, port, timeline)


def run(ds, host: str, port: int, timeline: Path) -> int:
    """Serve ``ds`` with uvicorn (as ``datasette serve`` does) until Ctrl-C."""
    import asyncio

    import click
    import uvicorn

    asyncio.run(ds.invoke_startup())
    click.echo(f"Serving {timeline} read-only at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
    return 0
