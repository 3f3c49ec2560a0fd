"""The hooks a plugin may implement.

A plugin is a module (or object) with functions decorated ``@hookimpl``::

    from artefacts import hookimpl

    @hookimpl
    def register_parsers(register):
        register(MyAppParser)

Built-in plugins in ``plugins/`` are registered exactly like external ones,
through the ``artefacts`` entry-point group. Hooks are called by the host one
implementation at a time, each inside its own error boundary, so one broken
plugin never stops the others.
"""

from __future__ import annotations

from typing import Callable

from pluggy import HookimplMarker, HookspecMarker

hookspec = HookspecMarker("artefacts")
hookimpl = HookimplMarker("artefacts")


@hookspec
def register_parsers(register: Callable[[type], None]) -> None:
    """Register parser classes.

    :param register: call ``register(ParserClass)`` once per parser the plugin ships.
        A parser is a subclass of :class:`artefacts.parser.Parser` (or
        :class:`artefacts.parser.SQLiteParser`) that declares what it matches
        (path globs, file signatures, required tables) and turns a matched file
        into timeline events. Parser names must be unique across all plugins.
    """


@hookspec
def register_exporters(register: Callable[[type], None]) -> None:
    """Register output formats.

    :param register: call ``register(ExporterClass)`` for each format. An exporter
        is a subclass of :class:`artefacts.exporters.base.Exporter` with a
        ``name`` (used by ``--format``) and the file ``extensions`` it claims.
    """


@hookspec
def register_commands(cli) -> None:
    """Add subcommands to the ``artefacts`` command line.

    :param cli: the top-level :class:`click.Group`; decorate new commands with ``@cli.command()``.
    """


@hookspec
def register_indicators(register: Callable[[str, Callable], None]) -> None:
    """Add kinds of indicator to the scan of every event (see :mod:`artefacts.indicators`).

    :param register: call ``register(name, detector)``; ``detector(text)`` returns an iterable of
        :class:`artefacts.indicators.Found` (kind, value as found, normalised value, start and end
        in ``text``, whether a checksum validated it, details). It is called on every text the
        scanner reads and must not raise; what it returns is written like the built-in kinds.
    """
