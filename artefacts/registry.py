"""Finding and loading plugins, and collecting the parsers and exporters they register.

Every plugin, built-in or external, arrives through the ``artefacts`` entry-point
group, or as a loose ``.py`` file from ``--plugins-dir``. Each is imported and
each hook implementation is called inside its own error boundary: a plugin that
fails to import, or whose hook raises, is recorded with its error and every
other plugin still loads (pluggy on its own would abort on the first error).

``ARTEFACTS_LOAD_PLUGINS=a,b`` loads only the named entry-point plugins (an
empty value loads none); ``ARTEFACTS_TRACE_PLUGINS=1`` prints every hook call.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "artefacts"

#: Plugins the host cannot run without (the output formats); always registered,
#: like pytest's essential plugins. Parsers all come through entry points.
ESSENTIAL_PLUGINS = ("artefacts.exporters",)


@dataclass
class PluginInfo:
    name: str
    version: str | None
    source: str  # "entry point <dist>", or the file it came from
    status: str = "loaded"  # loaded | failed
    error: str | None = None
    hooks: list[str] = field(default_factory=list)
    parsers: list[str] = field(default_factory=list)
    exporters: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "hooks": self.hooks,
            "parsers": self.parsers,
            "exporters": self.exporters,
        }


class Registry:
    """The loaded plugins, and the parsers and exporters they registered."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("artefacts")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: dict[str, PluginInfo] = {}
        self.parsers: dict[str, type] = {}
        self.exporters: dict[str, type] = {}
        self.indicator_detectors: dict[str, object] = {}
        self.parser_plugin: dict[str, str] = {}
        if os.environ.get("ARTEFACTS_TRACE_PLUGINS"):
            self.pm.trace.root.setwriter(lambda s: sys.stderr.write(s))
            self.pm.enable_tracing()

    # -- loading ---------------------------------------------------------------------------
    def _register(self, obj, info: PluginInfo) -> None:
        try:
            self.pm.register(obj, name=info.name)
            self.pm.check_pending()
            info.hooks = sorted({impl.name for impl in self.pm.get_hookcallers(obj) or []})
        except Exception as exc:
            info.status, info.error = "failed", _describe(exc)
            if self.pm.is_registered(obj):
                self.pm.unregister(obj)
        self.plugins[info.name] = info

    def load_entry_points(self, only: set[str] | None = None) -> None:
        eps = sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
        for ep in eps:
            if only is not None and ep.name not in only:
                continue
            if ep.name in self.plugins:
                continue
            dist = getattr(ep, "dist", None)
            info = PluginInfo(
                name=ep.name,
                version=dist.version if dist is not None else None,
                source=f"entry point {dist.name if dist is not None else '?'}",
            )
            try:
                module = ep.load()
            except BaseException as exc:  # SystemExit from a plugin must not end the host
                if isinstance(exc, KeyboardInterrupt):
                    raise
                info.status, info.error = "failed", _describe(exc)
                self.plugins[info.name] = info
                continue
            self._register(module, info)

    def load_directory(self, directory: str | Path) -> None:
        """Load every ``*.py`` file of an examiner's plugins folder (``--plugins-dir``)."""
        for path in sorted(Path(directory).glob("*.py")):
            name = f"local_{path.stem}"
            info = PluginInfo(name=name, version=None, source=str(path))
            try:
                spec = importlib.util.spec_from_file_location(f"artefacts_local_plugins.{path.stem}", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                info.version = getattr(module, "__version__", None)
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                info.status, info.error = "failed", _describe(exc)
                self.plugins[name] = info
                continue
            self._register(module, info)

    def register_plugin(self, obj, name: str, version: str | None = None) -> None:
        """Register an object or module as a plugin (tests and embedding programs)."""
        self._register(obj, PluginInfo(name=name, version=version, source="registered in process"))

    # -- collecting ------------------------------------------------------------------------
    def collect(self) -> None:
        """Call every ``register_parsers`` and ``register_exporters`` implementation, each on its own."""
        from .parser import Parser

        for impl in self.pm.hook.register_parsers.get_hookimpls():
            info = self.plugins.get(impl.plugin_name)

            def register(cls, _info=info, _plugin=impl.plugin_name):
                if not (isinstance(cls, type) and issubclass(cls, Parser)) or not cls.name:
                    raise TypeError(f"{cls!r} is not a named Parser subclass")
                if cls.name in self.parsers and self.parsers[cls.name] is not cls:
                    raise ValueError(
                        f"parser name {cls.name!r} is already registered by plugin {self.parser_plugin[cls.name]!r}"
                    )
                self.parsers[cls.name] = cls
                self.parser_plugin[cls.name] = _plugin
                if _info is not None:
                    _info.parsers.append(cls.name)

            self._call(impl, info, register=register)

        for impl in self.pm.hook.register_exporters.get_hookimpls():
            info = self.plugins.get(impl.plugin_name)

            def register_exporter(cls, _info=info):
                if cls.name in self.exporters and self.exporters[cls.name] is not cls:
                    raise ValueError(f"exporter {cls.name!r} is already registered")
                self.exporters[cls.name] = cls
                if _info is not None:
                    _info.exporters.append(cls.name)

            self._call(impl, info, register=register_exporter)

        for impl in self.pm.hook.register_indicators.get_hookimpls():
            info = self.plugins.get(impl.plugin_name)

            def register_indicator(name, detector, _plugin=impl.plugin_name):
                if not callable(detector):
                    raise TypeError(f"indicator detector {name!r} is not callable")
                self.indicator_detectors[f"{_plugin}:{name}"] = detector

            self._call(impl, info, register=register_indicator)

    def _call(self, impl, info: PluginInfo | None, **kwargs) -> None:
        try:
            impl.function(**{k: v for k, v in kwargs.items() if k in impl.argnames})
        except Exception as exc:
            if info is not None:
                info.status, info.error = "failed", _describe(exc)

    def failed(self) -> list[PluginInfo]:
        return [p for p in self.plugins.values() if p.status != "loaded"]


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def load_registry(plugins_dirs=(), *, entry_points: bool = True) -> Registry:
    """Build the registry: entry-point plugins (honouring ``ARTEFACTS_LOAD_PLUGINS``), then plugin folders."""
    reg = Registry()
    from . import __version__

    for modname in ESSENTIAL_PLUGINS:
        reg.register_plugin(importlib.import_module(modname), name=modname, version=__version__)
    if entry_points:
        env = os.environ.get("ARTEFACTS_LOAD_PLUGINS")
        only = None if env is None else {n.strip() for n in env.split(",") if n.strip()}
        reg.load_entry_points(only)
    for d in plugins_dirs or ():
        reg.load_directory(d)
    reg.collect()
    return reg


def registry_with(*modules: str) -> Registry:
    """A registry of the output formats and just the named plugin modules (tests, embedding programs).

    ``registry_with("artefacts.plugins.signal_ios")`` runs one plugin whatever else is installed.
    """
    from . import __version__

    reg = Registry()
    for modname in ESSENTIAL_PLUGINS:
        reg.register_plugin(importlib.import_module(modname), name=modname, version=__version__)
    for modname in modules:
        reg.register_plugin(importlib.import_module(modname), name=modname.rsplit(".", 1)[-1])
    reg.collect()
    return reg
