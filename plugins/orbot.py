"""Orbot for Android (``org.torproject.android``): that the app is there, and the onion services it hosts.

Orbot keeps no browsing or message history; what an extraction can show is its presence, its
settings and the onion services it publishes. Where the facts come from (guardianproject/orbot,
``orbotservice/src/main/java/org/torproject/android/service/OrbotConstants.java`` and
``OrbotService.java``):

* ``PREF_TOR_SHARED_PREFS = "org.torproject.android_preferences"``: the app's SharedPreferences, the
  file ``shared_prefs/org.torproject.android_preferences.xml`` (Android's XML form: ``<map>`` of
  ``<string name=...>text</string>``, ``<boolean|int|long|float name=... value=.../>``, ``<set>``).
  Read as stored, every entry, into ``extra.preferences``.
* ``DIRECTORY_TOR_DATA = "tordata"``: tor's DataDirectory, ``new File(getDataDir(), "tordata")`` on
  Android 7+ or ``getDir("tordata", MODE_PRIVATE)`` (``app_tordata``) before; its file names are
  listed (tor's own files, not read).
* ``ONION_SERVICES_DIR = "v3_onion_services"`` under ``getFilesDir()``: one HiddenServiceDir per
  service, whose ``hostname`` file tor writes with the service's ``<56 chars>.onion`` address (tor
  manual, HiddenServiceDir). Each becomes its own event with the address in ``body``.
* ``V3_CLIENT_AUTH_DIR = "v3_client_auth"``: client authorisation files; their names are listed.

The preferences file is what the parser is started on; the other files are companions of the same
app folder. No event has a time: none of these files records one the sources document.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders.shared_prefs import read_shared_prefs
from artefacts.events import NOT_A_TIME
from artefacts.parser import Parser

__version__ = "1.0"

PACKAGE = "org.torproject.android"
PREFS = f"**/{PACKAGE}/shared_prefs/org.torproject.android_preferences.xml"


def _app_root(path: str) -> str:
    """The app's data folder in an extraction path (up to and including the package name)."""
    i = path.find(f"/{PACKAGE}/")
    return path[: i + len(PACKAGE) + 2] if i >= 0 else path.rsplit("/", 2)[0] + "/"


class OrbotParser(Parser):
    name = "orbot"
    version = __version__
    app = "orbot"
    platform = "android"
    description = "Orbot (Tor for Android): presence, settings, tor data folder, hosted onion services"
    path_globs = (PREFS,)
    related_globs = {
        "tordata": (f"**/{PACKAGE}/tordata/*", f"**/{PACKAGE}/app_tordata/*"),
        "onion_service": (f"**/{PACKAGE}/files/v3_onion_services/*/hostname",),
        "client_auth": (f"**/{PACKAGE}/files/v3_client_auth/*",),
    }
    tables = {"org.torproject.android_preferences.xml": {"map"}, "v3_onion_services/*/hostname": {"address"}}
    time_units = {}
    references = (
        "guardianproject/orbot orbotservice/.../OrbotConstants.java (PREF_TOR_SHARED_PREFS, DIRECTORY_TOR_DATA, "
        "ONION_SERVICES_DIR, V3_CLIENT_AUTH_DIR)",
        "guardianproject/orbot orbotservice/.../OrbotService.java (tordata under getDataDir(), onion services "
        "under getFilesDir())",
    )

    def check_file(self, ctx) -> str | None:
        # the file name is Orbot's own; a lone SharedPreferences file of another app is not claimed
        if not ctx.source.path.endswith("org.torproject.android_preferences.xml"):
            return "not Orbot's preferences file"
        return None

    def _companions(self, ctx, name: str) -> list:
        root = _app_root(ctx.source.path)
        return [f for f in ctx.related(name) if f.path.startswith(root)]

    def parse(self, ctx):
        with open(ctx.source.local_path, "rb") as fh:
            data = fh.read()
        try:
            prefs = read_shared_prefs(data)
        except Exception as exc:  # defusedxml / ElementTree raise several types for damage
            ctx.warn_file(f"not a readable SharedPreferences file ({type(exc).__name__}: {exc})")
            prefs = None
        tordata = sorted(f.path.rsplit("/", 1)[1] for f in self._companions(ctx, "tordata"))
        client_auth = sorted(f.path.rsplit("/", 1)[1] for f in self._companions(ctx, "client_auth"))
        services = []
        for f in sorted(self._companions(ctx, "onion_service"), key=lambda f: f.path):
            with open(f.local_path, "rb") as fh:
                text = fh.read(4096).decode("utf-8", "replace").strip()
            services.append((f.path, text))
        found = ["preferences" + (f" ({len(prefs)} entries)" if prefs is not None else " (unreadable)")]
        if tordata:
            found.append(f"tor data folder ({len(tordata)} files)")
        if services:
            found.append(f"{len(services)} hosted onion service{'s' if len(services) > 1 else ''}")
        if client_auth:
            found.append(f"{len(client_auth)} client authorisation file{'s' if len(client_auth) > 1 else ''}")
        extra = {"app_folder": _app_root(ctx.source.path).rstrip("/"), "tordata_files": tordata,
                 "client_auth_files": client_auth, "onion_services": [s[1] for s in services]}
        if prefs is not None:
            extra["preferences"] = prefs
        yield {"timestamp": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
               "body": f"Orbot ({PACKAGE}) present: " + ", ".join(found), "extra": extra,
               "source_locator": "presence"}
        for path, address in services:
            yield {"timestamp": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
                   "body": f"Onion service hosted by Orbot: {address}",
                   "extra": {"hostname_file": path, "service": path.rsplit("/", 2)[-2]},
                   "source_locator": f"onion_service:{path.rsplit('/', 2)[-2]}"}


@hookimpl
def register_parsers(register):
    register(OrbotParser)
