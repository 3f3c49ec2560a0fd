"""Tor Browser for Android (``plugins/tor_browser.py``): Fenix places, Gecko profile places (visits,
bookmarks, downloads), cookies, form history and the mozLz4 session store, matched against the sample
generator's manifest; mozLz4 framing; damaged and unknown-schema stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct

import pytest

from artefacts.decoders import mozlz4
from artefacts.synthetic.ddl_loader import build_db, load
from artefacts.synthetic.tor_browser import PROFILE_DIR, onion_v3, write_tor_browser_extraction
from artefacts.timeconv import format_us
from conftest import SAMPLE_DATA, sample_with_manifest

PRTIME_STORES = {"profile": 1, "fenix": 1000}  # µs per stored unit


def _by_locator(tl, parser: str) -> dict:
    return {e["source_locator"]: e for e in tl.events if e["parser"].startswith(parser + "/")}


def test_sample_extraction_matches_its_manifest(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "tor")
    assert len(tl.events) == sum(len(manifest[k]) for k in ("visits", "bookmarks", "downloads", "cookies",
                                                             "form_history", "session_entries"))
    stores = {"profile": "tor_browser_profile_places", "fenix": "tor_browser_places"}
    labels = {1: "link", 2: "typed", 7: "download", 9: "reload"}
    for v in manifest["visits"]:
        e = _by_locator(tl, stores[v["store"]])[f"moz_historyvisits:id={v['id']}"]
        assert e["kind"] == "visit" and e["body"] == v["url"] and e["extra"]["title"] == v["title"]
        assert e["timestamp_raw"] == v["visit_date"]
        assert e["timestamp"] == format_us(v["visit_date"] * PRTIME_STORES[v["store"]])
        assert e["extra"]["visit_type"] == v["visit_type"] and e["status"] == labels[v["visit_type"]]
    assert {v["visit_type"] for v in manifest["visits"]} == {1, 2, 7, 9}
    for b in manifest["bookmarks"]:
        e = _by_locator(tl, stores[b["store"]])[f"moz_bookmarks:id={b['id']}"]
        scale = PRTIME_STORES[b["store"]]
        assert e["kind"] == "bookmark" and e["body"] == b["url"] and e["extra"]["title"] == b["title"]
        assert e["timestamp"] == format_us(b["dateAdded"] * scale) and e["timestamp_raw"] == b["dateAdded"]
        assert e["extra"]["last_modified"] == format_us(b["lastModified"] * scale)
        assert e["extra"]["folder"] == b["folder"]
    # folders (root, menu, mobile ...) are not bookmark events
    assert len([e for e in tl.events if e["kind"] == "bookmark"]) == len(manifest["bookmarks"]) == 3
    [d] = manifest["downloads"]
    [e] = [e for e in tl.events if e["kind"] == "download"]
    assert e["body"] == d["url"] and e["extra"]["target_file_uri"] == d["target"]
    assert e["timestamp"] == format_us(d["endTime"] * 1000) and e["timestamp_raw"] == d["endTime"]
    assert e["extra"]["started"] == format_us(d["started"]) and e["status"] == "finished"
    assert e["extra"]["file_size"] == d["fileSize"]
    cookies = _by_locator(tl, "tor_browser_cookies")
    for c in manifest["cookies"]:
        e = cookies[f"moz_cookies:id={c['id']}"]
        assert e["kind"] == "cookie" and e["timestamp"] == format_us(c["creationTime"])
        assert (e["extra"]["host"], e["extra"]["name"], e["extra"]["value"]) == (c["host"], c["name"], c["value"])
        assert e["extra"]["expiry"] == format_us(c["expiry"] * 1000) and e["extra"]["expiry_unit"] == "unix_ms"
        assert e["extra"]["last_accessed"] == format_us(c["lastAccessed"])
        assert c["host"].lstrip(".") in e["body"]
    forms = _by_locator(tl, "tor_browser_formhistory")
    for f in manifest["form_history"]:
        e = forms[f"moz_formhistory:id={f['id']}"]
        assert e["body"] == f"{f['fieldname']}: {f['value']}" and e["timestamp"] == format_us(f["firstUsed"])
        assert e["extra"]["last_used"] == format_us(f["lastUsed"])
    session = _by_locator(tl, "tor_browser_sessionstore")
    for s in manifest["session_entries"]:
        e = session[s["key"]]
        assert e["kind"] == "visit" and e["body"] == s["url"] and e["status"] == s["state"]
        if s["lastAccessed"] is None:
            assert e["timestamp"] is None and e["timestamp_desc"] == "Not a time"
        else:
            assert e["timestamp"] == format_us(s["lastAccessed"] * 1000)
        if "closedAt" in s:
            assert e["extra"]["closed_at"] == format_us(s["closedAt"] * 1000)
    # onion URLs are in the body, where the indicator scan reads them
    assert sum(".onion/" in (e["body"] or "") for e in tl.events) >= 15


def test_sample_manifest_is_what_the_generator_writes(tmp_path):
    committed = json.loads((SAMPLE_DATA / "tor" / "MANIFEST.json").read_text(encoding="utf-8"))
    assert write_tor_browser_extraction(tmp_path / "android", seed=2024) == committed


def test_onion_v3_addresses_carry_a_valid_checksum():
    import base64
    import hashlib

    host = onion_v3("market")
    raw = base64.b32decode(host[:-len(".onion")].upper())
    pubkey, checksum, version = raw[:32], raw[32:34], raw[34:]
    assert len(host) == 62 and version == b"\x03"
    assert checksum == hashlib.sha3_256(b".onion checksum" + pubkey + version).digest()[:2]


def test_mozlz4_round_trip_and_refusals():
    content = json.dumps({"windows": [{"tabs": []}]}).encode() * 50
    data = mozlz4.compress(content)
    assert data[:8] == b"mozLz40\0" and struct.unpack_from("<I", data, 8)[0] == len(content)
    assert mozlz4.decompress(data) == content
    with pytest.raises(mozlz4.MozLz4Error, match="magic"):
        mozlz4.decompress(b"mozLz4x\0" + data[8:])
    with pytest.raises(mozlz4.MozLz4Error, match="truncated"):
        mozlz4.decompress(data[:10])
    with pytest.raises(mozlz4.MozLz4Error, match="damaged"):
        mozlz4.decompress(data[:-6])
    with pytest.raises(mozlz4.MozLz4Error, match="more than"):
        mozlz4.decompress(data[:8] + struct.pack("<I", 1 << 31) + data[12:])
    # a header that lies about the size
    with pytest.raises(mozlz4.MozLz4Error):
        mozlz4.decompress(data[:8] + struct.pack("<I", len(content) + 1) + data[12:])


@pytest.fixture
def extraction(tmp_path):
    root = tmp_path / "phone"
    manifest = write_tor_browser_extraction(root, seed=7)
    return root, manifest


def test_damaged_session_store_warns_once_and_keeps_the_rest(parse, extraction):
    root, manifest = extraction
    store = root / PROFILE_DIR / "sessionstore.jsonlz4"
    data = store.read_bytes()
    store.write_bytes(data[:12] + b"\xff" * (len(data) - 12))
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("sessionstore.jsonlz4") and "session store" in w["message"]
    assert not [e for e in tl.events if e["parser"].startswith("tor_browser_sessionstore/")]
    assert len([e for e in tl.events if e["kind"] == "cookie"]) == len(manifest["cookies"])


def test_session_store_without_windows_is_an_unknown_layout(parse, extraction):
    root, _ = extraction
    (root / PROFILE_DIR / "sessionstore.jsonlz4").write_bytes(mozlz4.compress(b'{"version":["x",1]}'))
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert "no windows list" in w["message"]


def test_unknown_places_schema_warns_and_other_stores_are_kept(parse, extraction):
    root, manifest = extraction
    places = root / PROFILE_DIR / "places.sqlite"
    con = sqlite3.connect(places)
    con.execute("ALTER TABLE moz_historyvisits RENAME COLUMN visit_type TO transition")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith(PROFILE_DIR + "/places.sqlite") and "visit_type" in w["message"]
    assert len([e for e in tl.events if e["parser"].startswith("tor_browser_places/")]) == len(
        [v for v in manifest["visits"] if v["store"] == "fenix"]) + 1


def test_corrupt_cookie_store_warns_once(parse, extraction):
    root, manifest = extraction
    cookies = root / PROFILE_DIR / "cookies.sqlite"
    data = bytearray(cookies.read_bytes())
    data[100:] = b"\x00" * (len(data) - 100)
    data[16:18] = b"\x00\x03"  # page size 768: not a power of two
    cookies.write_bytes(bytes(data))
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("cookies.sqlite")
    assert not [e for e in tl.events if e["kind"] == "cookie"]
    assert len([e for e in tl.events if e["kind"] == "visit"]) == len(manifest["visits"]) + len(
        manifest["session_entries"])


def test_cookie_expiry_is_seconds_before_schema_16(parse, tmp_path):
    root = tmp_path / "phone"
    path = root / PROFILE_DIR / "cookies.sqlite"
    with build_db(path, "gecko_cookies.sql") as con:
        load(con, "moz_cookies", ("id", "name", "value", "host", "path", "expiry", "lastAccessed", "creationTime"),
             [(1, "a", "b", "example.org", "/", 1_700_000_000, 1_699_000_000_000_001, 1_699_000_000_000_000)])
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 15")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    [e] = tl.events
    assert e["extra"]["expiry"] == format_us(1_700_000_000 * 1_000_000) and e["extra"]["expiry_unit"] == "unix_s"
    assert e["timestamp"] == format_us(1_699_000_000_000_000)


def test_fenix_places_without_is_local_is_an_unknown_schema(parse, extraction, tmp_path):
    """A Gecko-schema places.sqlite where Fenix keeps its own is not read with Fenix's millisecond unit."""
    root, _ = extraction
    shutil.copy(root / PROFILE_DIR / "places.sqlite", root / "data/data/org.torproject.torbrowser/files/places.sqlite")
    tl = parse(root)
    assert tl.exit_code == 3
    [w] = tl.warnings
    assert w["source_path"].endswith("torbrowser/files/places.sqlite") and "is_local" in w["message"]


def test_indicator_scan_finds_and_validates_every_onion_of_the_samples(parse):
    """The onion hosts the generator made are found in the events and pass the v3 checksum; nothing else is."""
    from artefacts.indicators import scan_event

    tl = parse(SAMPLE_DATA / "tor" / "android")
    rows = [r for e in tl.events for r in scan_event(e)]
    onions = {r["normalised"] for r in rows if r["kind"] == "onion"}
    assert onions == {onion_v3(s) for s in ("market", "forum", "shop")}
    assert all(r["validated"] for r in rows if r["kind"] == "onion")
    # the Bitcoin address typed into a web form is found where the form history event holds it
    btc = [r for r in rows if r["kind"] == "bitcoin"]
    assert {r["field"] for r in btc} == {"body", "extra.value"} and len(btc) == 2 and all(r["validated"] for r in btc)
    assert {r["normalised"] for r in btc} == {"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"}
    orbot = parse(SAMPLE_DATA / "orbot" / "android")
    hosted = {r["normalised"] for e in orbot.events for r in scan_event(e) if r["kind"] == "onion"}
    assert hosted == {onion_v3("orbot-hosted-shop")}
