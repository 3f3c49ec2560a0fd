"""Tor Browser for Android (``org.torproject.torbrowser``): history, bookmarks, downloads, cookies,
form history and session store of its Gecko profile, and the Fenix places database.

Tor Browser for Android is Fenix (Firefox for Android) on GeckoView, in ``org.torproject.torbrowser*``: Fenix's
``files/places.sqlite`` (ms), the GeckoView profile ``files/mozilla/<profile>/`` (``places.sqlite`` in PRTime µs,
``cookies.sqlite``, ``formhistory.sqlite``, ``sessionstore.jsonlz4``) and android-components'
``databases/mozac_downloads_database``. They are read by the shared Gecko reader, ``artefacts.gecko`` (schemas,
units, visit and bookmark types, download annotations and their sources are there), the same classes as Firefox
for Android's parsers. Tor Browser browses privately by default, so an empty download store is the common case
(private-browsing downloads are never written).

Every URL is the event's ``body``, so the indicator scan finds onion addresses in it.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.gecko import (CookiesParser, FenixPlacesParser, FormHistoryParser, MozacDownloadsParser,
                             ProfilePlacesParser, SessionStoreParser, profile_globs)

__version__ = "1.0"

APP = "tor_browser"
PACKAGE = "**/org.torproject.torbrowser*/files"
PROFILE = PACKAGE + "/mozilla/*"
GLOBS = profile_globs(PROFILE)


class _TorBrowser:
    """What every Tor Browser for Android parser shares: version, app and platform."""

    version = __version__
    app = APP
    platform = "android"


class TorBrowserProfilePlacesParser(_TorBrowser, ProfilePlacesParser):
    name = "tor_browser_profile_places"
    description = "Tor Browser for Android: Gecko profile places.sqlite (visits, bookmarks, downloads; PRTime µs)"
    path_globs = GLOBS["places"]


class TorBrowserPlacesParser(_TorBrowser, FenixPlacesParser):
    name = "tor_browser_places"
    description = "Tor Browser for Android: Fenix (application-services) places.sqlite (visits, bookmarks; ms)"
    path_globs = (PACKAGE + "/places.sqlite",)


class TorBrowserCookiesParser(_TorBrowser, CookiesParser):
    name = "tor_browser_cookies"
    description = "Tor Browser for Android: Gecko profile cookies.sqlite (moz_cookies)"
    path_globs = GLOBS["cookies"]


class TorBrowserFormHistoryParser(_TorBrowser, FormHistoryParser):
    name = "tor_browser_formhistory"
    description = "Tor Browser for Android: Gecko profile formhistory.sqlite (values typed into web forms)"
    path_globs = GLOBS["formhistory"]


class TorBrowserSessionStoreParser(_TorBrowser, SessionStoreParser):
    name = "tor_browser_sessionstore"
    description = "Tor Browser (Gecko profile) session store: open and closed tabs' pages (mozLz4 JSON)"
    path_globs = GLOBS["sessionstore"]


class TorBrowserDownloadsParser(_TorBrowser, MozacDownloadsParser):
    name = "tor_browser_downloads"
    description = "Tor Browser for Android: android-components mozac_downloads_database (downloads; ms)"
    path_globs = ("**/org.torproject.torbrowser*/databases/mozac_downloads_database",)


@hookimpl
def register_parsers(register):
    for parser in (TorBrowserProfilePlacesParser, TorBrowserPlacesParser, TorBrowserCookiesParser,
                   TorBrowserFormHistoryParser, TorBrowserSessionStoreParser, TorBrowserDownloadsParser):
        register(parser)
