"""Firefox for Android (Fenix: release ``org.mozilla.firefox``, beta ``org.mozilla.firefox_beta``, nightly
``org.mozilla.fenix``): history and bookmarks of ``files/places.sqlite`` (application-services places, ms), the
GeckoView profile's ``files/mozilla/<profile>/`` places, cookies, form history and session store, and the
downloads of ``databases/mozac_downloads_database`` (android-components).

Paths: ALEAPP ``scripts/artifacts/firefox*.py`` (``*/org.mozilla.firefox/files/places.sqlite``,
``*/org.mozilla.firefox/databases/mozac_downloads_database``); the other package names are Firefox's beta and
nightly builds, laid out the same way. Every store is read by the shared Gecko reader (``artefacts.gecko``,
facts and sources there), the same classes as Tor Browser for Android's parsers, which is a Fenix build too.

Not read: Firefox Focus / Klar (``org.mozilla.focus``, ``org.mozilla.klar``) erase their history by design and no
store of theirs is sourced here. The pre-2020 Fennec ``browser.db`` is read by ``plugins/fennec.py``.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.gecko import (CookiesParser, FenixPlacesParser, FormHistoryParser, MozacDownloadsParser,
                             ProfilePlacesParser, SessionStoreParser, profile_globs)

__version__ = "1.0"

APP = "firefox"
PACKAGES = ("org.mozilla.firefox", "org.mozilla.firefox_beta", "org.mozilla.fenix")
FILES = tuple(f"**/{p}/files" for p in PACKAGES)
GLOBS = [profile_globs(f + "/mozilla/*") for f in FILES]


def _globs(store: str) -> tuple[str, ...]:
    return tuple(g for globs in GLOBS for g in globs[store])


class _Firefox:
    """What every Firefox for Android parser shares: version, app and platform."""

    version = __version__
    app = APP
    platform = "android"


class FirefoxPlacesParser(_Firefox, FenixPlacesParser):
    name = "firefox_places"
    description = "Firefox for Android: Fenix (application-services) places.sqlite (visits, bookmarks; ms)"
    path_globs = tuple(f + "/places.sqlite" for f in FILES)


class FirefoxProfilePlacesParser(_Firefox, ProfilePlacesParser):
    name = "firefox_profile_places"
    description = "Firefox for Android: GeckoView profile places.sqlite (visits, bookmarks, downloads; PRTime µs)"
    path_globs = _globs("places")


class FirefoxCookiesParser(_Firefox, CookiesParser):
    name = "firefox_cookies"
    description = "Firefox for Android: GeckoView profile cookies.sqlite (moz_cookies)"
    path_globs = _globs("cookies")


class FirefoxFormHistoryParser(_Firefox, FormHistoryParser):
    name = "firefox_formhistory"
    description = "Firefox for Android: GeckoView profile formhistory.sqlite (values typed into web forms)"
    path_globs = _globs("formhistory")


class FirefoxSessionStoreParser(_Firefox, SessionStoreParser):
    name = "firefox_sessionstore"
    description = "Firefox for Android: GeckoView profile session store (open and closed tabs' pages)"
    path_globs = _globs("sessionstore")


class FirefoxDownloadsParser(_Firefox, MozacDownloadsParser):
    name = "firefox_downloads"
    description = "Firefox for Android: android-components mozac_downloads_database (downloads; ms)"
    path_globs = tuple(f"**/{p}/databases/mozac_downloads_database" for p in PACKAGES)


@hookimpl
def register_parsers(register):
    for parser in (FirefoxPlacesParser, FirefoxProfilePlacesParser, FirefoxCookiesParser, FirefoxFormHistoryParser,
                   FirefoxSessionStoreParser, FirefoxDownloadsParser):
        register(parser)
