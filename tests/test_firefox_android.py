"""Firefox for Android (``plugins/firefox_android.py``): its Gecko stores are read by the same classes as Tor
Browser's (``artefacts.gecko``): the same files under Tor Browser's folders give the same events, field for
field, but the app and parser; its android-components downloads database parses into exactly its manifest;
the generator rebuilds the committed bytes."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

from conftest import SAMPLE_DATA, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.synthetic.firefox_android import FILES, write_sample

SAMPLE = SAMPLE_DATA / "firefox"
TOR_FILES = "data/data/org.torproject.torbrowser/files"
HOST_FIELDS = ("event_id", "app", "parser", "source_path", "evidence_id")


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_downloads_parse_into_exactly_their_manifest(parse, event_validator):
    manifest = _manifest()
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    downloads = SimpleNamespace(events=[e for e in tl.events if e["parser"].startswith("firefox_downloads/")])
    got = assert_events_match(downloads, manifest, validator=event_validator)
    blanked = got[manifest["events"][-1]["path"], "downloads:rid=4"]
    assert blanked["body"] is None and blanked["extra"]["file_name"] == "image.png"  # data: URL cleared by the app
    assert all(e["app"] == "firefox" and e["platform"] == "android" for e in tl.events)


def test_gecko_stores_are_read_as_tor_browsers_are(parse, tmp_path):
    manifest = _manifest()
    tor = tmp_path / "tor"
    for store in manifest["gecko_stores"]:
        target = tor / (TOR_FILES + store[len(FILES):])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE / "android" / store, target)
    firefox = parse(SAMPLE / "android")
    as_tor = parse(tor)
    assert as_tor.warnings == [] and {e["app"] for e in as_tor.events} == {"tor_browser"}

    def by_store(tl, prefix):
        return {(e["source_path"][len(prefix):], e["source_locator"]): {k: v for k, v in e.items() if k not in HOST_FIELDS}
                for e in tl.events if e["source_path"].startswith(prefix)}

    ours, theirs = by_store(firefox, FILES), by_store(as_tor, TOR_FILES)
    assert len(ours) == len(theirs) == sum(1 for e in firefox.events if not e["parser"].startswith("firefox_downloads"))
    assert ours == theirs
    assert {e["parser"].split("/")[0] for e in firefox.events} == {
        "firefox_places", "firefox_profile_places", "firefox_cookies", "firefox_downloads"}


def test_generator_rebuilds_the_committed_sample(tmp_path):
    built = write_sample(tmp_path, seed=2024)
    paths = sorted({e["path"] for e in built["events"]} | set(built["gecko_stores"]))
    assert_rebuilds(built, _manifest(), tmp_path, SAMPLE / "android", *paths)
