"""Chromium's Login Data, Web Data autofill and Cookies (``plugins/chromium_profile.py``) and the OSCrypt v10
decoder (``artefacts/decoders/chromium_oscrypt.py``): the committed sample parses into exactly its manifest and
is rebuilt byte for byte; the decoder's key is the one written in Chromium's source and it reads a value made by
another AES implementation; a value under another key is kept as stored; older schemas (a version 5 cookie
store as plaso documents it, a version 22 Login Data as Chromium's own dump has it) parse with their own column
names; a cookie store older than version 4 is one warning; payment cards and IBANs are read in the units each
table has (seconds for the phone's own, WebKit µs for the account's), numbers decoded, in a version 160 file and a
version 110 one (origin, clear-text IBAN, unmasked account card)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from conftest import SAMPLE_DATA, altered_copy, assert_events_match
from manifest_checks import assert_rebuilds

from artefacts.decoders import chromium_oscrypt
from artefacts.synthetic.chromium_profile import COOKIES, FILES, LOGIN_DATA, PROFILE, write_sample

SAMPLE = SAMPLE_DATA / "chromium_profile"
#: components/os_crypt/sync/os_crypt_posix.cc kV10Key, as the source writes it out
CHROMIUM_V10_KEY = bytes([0xfd, 0x62, 0x1f, 0xe5, 0xa2, 0xb4, 0x02, 0x53, 0x9d, 0xfa, 0x14, 0x7c, 0xa9, 0x27, 0x27,
                          0x78])


def _webkit(us: int) -> str:
    return (datetime(1601, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=us)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_sample_parses_into_exactly_its_manifest(parse, event_validator):
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, _manifest(), validator=event_validator)
    assert len(got) == 15
    assert {e["app"] for e in got.values()} == {"chrome"} and {e["platform"] for e in got.values()} == {"android"}
    never = got[LOGIN_DATA, "logins:rid=3"]
    assert never["status"] == "never_save" and "password" not in never["extra"]


def test_generator_rebuilds_the_committed_sample(tmp_path):
    assert_rebuilds(write_sample(tmp_path), _manifest(), tmp_path, SAMPLE / "android", *FILES)


def test_the_v10_key_is_chromiums_and_a_value_made_elsewhere_decrypts():
    from Crypto.Cipher import AES
    from Crypto.Util.Padding import pad

    assert chromium_oscrypt.KEY == CHROMIUM_V10_KEY and chromium_oscrypt.IV == b" " * 16
    text = "pässwörd 123".encode()
    made = b"v10" + AES.new(CHROMIUM_V10_KEY, AES.MODE_CBC, iv=b" " * 16).encrypt(pad(text, 16))
    assert chromium_oscrypt.decrypt(made) == text
    assert chromium_oscrypt.encrypt(text) == made
    assert chromium_oscrypt.decrypt(b"") == b""


@pytest.mark.parametrize("value, reason", [
    (b"v11" + bytes(16), "no v10 prefix"),
    (b"v10" + bytes(15), "not a whole number of AES blocks"),
    (b"v10" + bytes(range(32)), "bad padding"),
    (b"v10" + bytes(2 << 20), "larger than"),
])
def test_values_that_are_not_v10_under_the_fixed_key_are_refused(value, reason):
    with pytest.raises(chromium_oscrypt.OSCryptError, match=reason):
        chromium_oscrypt.decrypt(value)


def test_a_password_under_another_key_is_kept_as_stored(parse, tmp_path):
    root = altered_copy(SAMPLE / "android", tmp_path / "extraction")
    stored = b"v11" + bytes(range(16))
    with sqlite3.connect(root / LOGIN_DATA) as con:
        con.execute("UPDATE logins SET password_value = ? WHERE id = 2", (stored,))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    e = tl.by_locator("logins:rid=2")
    assert "password" not in e["extra"] and e["extra"]["password_encrypted"] == stored.hex()
    assert "no v10 prefix" in e["extra"]["password_not_decrypted"] and e["extra"]["username"] == "ivy@example.org"


#: plaso plaso/parsers/sqlite_plugins/chrome_cookies.py SCHEMAS (the names before version 10; no priority: version 5)
PLASO_COOKIES = ("CREATE TABLE cookies (creation_utc INTEGER NOT NULL UNIQUE PRIMARY KEY, host_key TEXT NOT NULL, "
                 "name TEXT NOT NULL, value TEXT NOT NULL, path TEXT NOT NULL, expires_utc INTEGER NOT NULL, secure "
                 "INTEGER NOT NULL, httponly INTEGER NOT NULL, last_access_utc INTEGER NOT NULL, has_expires INTEGER "
                 "DEFAULT 1, persistent INTEGER DEFAULT 1)")


def _old_cookies(root, version: int):
    path = root / PROFILE / "Cookies"
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)")
        con.execute("INSERT INTO meta VALUES ('version', ?)", (str(version),))
        con.execute(PLASO_COOKIES)
        con.execute("INSERT INTO cookies VALUES (13400000000000001, '.old.example', 'id', 'abc', '/', "
                    "13400086400000001, 1, 0, 13400000060000001, 1, 1)")
    return root


def test_a_version_5_cookie_store_reads_its_own_column_names(parse, tmp_path):
    tl = parse(_old_cookies(tmp_path / "x", 5))
    assert tl.exit_code == 0 and tl.warnings == []
    (e,) = tl.events
    assert e["timestamp"] == _webkit(13400000000000001) and e["body"] == "old.example/ id=abc"
    x = e["extra"]
    assert x["is_secure"] is True and x["is_httponly"] is False and x["is_persistent"] is True
    assert x["expires_utc"] == _webkit(13400086400000001) and x["last_access_utc"] == _webkit(13400000060000001)
    assert "samesite" not in x and "priority" not in x


def test_a_cookie_store_older_than_version_4_is_one_warning(parse, tmp_path):
    tl = parse(_old_cookies(tmp_path / "x", 3))
    assert tl.exit_code == 3 and tl.events == []
    [w] = tl.warnings
    assert "version 3" in w["message"] and w["source_path"].endswith("/Cookies")


def test_a_version_22_login_data_parses_without_the_later_columns(parse, tmp_path):
    # the logins table of Chromium's components/test/data/password_manager/login_db_v22.sql
    path = tmp_path / "x" / PROFILE / "Login Data"
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)")
        con.execute("INSERT INTO meta VALUES ('version', '22')")
        con.execute("CREATE TABLE logins (origin_url VARCHAR NOT NULL, action_url VARCHAR, username_element VARCHAR, "
                    "username_value VARCHAR, password_element VARCHAR, password_value BLOB, submit_element VARCHAR, "
                    "signon_realm VARCHAR NOT NULL, preferred INTEGER NOT NULL, date_created INTEGER NOT NULL, "
                    "blacklisted_by_user INTEGER NOT NULL, scheme INTEGER NOT NULL, password_type INTEGER, "
                    "times_used INTEGER, form_data BLOB, date_synced INTEGER, display_name VARCHAR, icon_url VARCHAR, "
                    "federation_url VARCHAR, skip_zero_click INTEGER, generation_upload_status INTEGER, "
                    "possible_username_pairs BLOB, id INTEGER, UNIQUE (origin_url, username_element, username_value, "
                    "password_element, signon_realm), PRIMARY KEY (id))")
        con.execute("INSERT INTO logins (origin_url, action_url, username_value, password_value, signon_realm, "
                    "preferred, date_created, blacklisted_by_user, scheme, times_used) VALUES "
                    "('http://example.com', 'http://example.com/landing', 'user', ?, 'http://example.com', 1, "
                    "13047423600000000, 0, 1, 1)", (chromium_oscrypt.encrypt(b"hunter2"),))
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    (e,) = tl.events
    # the dump's own date_created
    assert e["timestamp"] == _webkit(13047423600000000) and e["extra"]["password"] == "hunter2"
    assert e["extra"]["preferred"] == 1 and "date_last_used" not in e["extra"] and e["extra"]["scheme"] == 1


def test_cookies_deleted_in_the_store_come_back_through_the_same_mapping(parse, tmp_path):
    root = altered_copy(SAMPLE / "android", tmp_path / "extraction")
    with sqlite3.connect(root / COOKIES) as con:
        con.execute("PRAGMA secure_delete = OFF")
        con.execute("DELETE FROM cookies WHERE name = 'lang'")
    tl = parse(root, recover=True)
    live = [e for e in tl.events if e["kind"] == "cookie" and not e["recovered"]]
    assert sorted(e["extra"]["name"] for e in live) == ["consent", "session"]
    back = [e for e in tl.events if e["kind"] == "cookie" and e["recovered"]]
    assert [e["body"] for e in back] == ["exchange.example.net/ lang=en"]


def test_a_version_100_web_data_gives_its_legacy_address_profiles(parse, tmp_path):
    # the autofill_profiles tables of Chromium's components/test/data/web_database/version_100.sql, verbatim
    path = tmp_path / "x" / PROFILE / "Web Data"
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as con:
        con.executescript("""
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
INSERT INTO meta VALUES('version','100');
CREATE TABLE autofill (name VARCHAR, value VARCHAR, value_lower VARCHAR, date_created INTEGER DEFAULT 0, date_last_used INTEGER DEFAULT 0, count INTEGER DEFAULT 1, PRIMARY KEY (name, value));
CREATE TABLE autofill_profiles ( guid VARCHAR PRIMARY KEY, company_name VARCHAR, street_address VARCHAR, dependent_locality VARCHAR, city VARCHAR, state VARCHAR, zipcode VARCHAR, sorting_code VARCHAR, country_code VARCHAR, date_modified INTEGER NOT NULL DEFAULT 0, origin VARCHAR DEFAULT '', language_code VARCHAR, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, label VARCHAR, disallow_settings_visible_updates INTEGER NOT NULL DEFAULT 0);
CREATE TABLE autofill_profile_names ( guid VARCHAR, first_name VARCHAR, middle_name VARCHAR, last_name VARCHAR, full_name VARCHAR, honorific_prefix VARCHAR, first_last_name VARCHAR, conjunction_last_name VARCHAR, second_last_name VARCHAR, honorific_prefix_status INTEGER DEFAULT 0, first_name_status INTEGER DEFAULT 0, middle_name_status INTEGER DEFAULT 0, last_name_status INTEGER DEFAULT 0, first_last_name_status INTEGER DEFAULT 0, conjunction_last_name_status INTEGER DEFAULT 0, second_last_name_status INTEGER DEFAULT 0, full_name_status INTEGER DEFAULT 0, full_name_with_honorific_prefix VARCHAR, full_name_with_honorific_prefix_status INTEGER DEFAULT 0);
CREATE TABLE autofill_profile_emails ( guid VARCHAR, email VARCHAR);
CREATE TABLE autofill_profile_phones ( guid VARCHAR, number VARCHAR);
INSERT INTO autofill_profiles (guid, street_address, city, zipcode, country_code, date_modified, use_count, use_date)
  VALUES ('g-1', '2 Old Road', 'Sampleville', '1234 AB', 'NL', 1600000000, 2, 1600000500);
INSERT INTO autofill_profile_names (guid, first_name, last_name, full_name) VALUES ('g-1', 'Jon', 'Sample', 'Jon Sample');
INSERT INTO autofill_profile_emails VALUES ('g-1', 'jon@example.net'), ('g-1', 'jon.other@example.net');
INSERT INTO autofill_profile_phones VALUES ('g-1', '+31 6 00000000');
""")
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    (e,) = tl.events
    assert e["source_locator"] == "autofill_profiles:rid=1" and e["kind"] == "contact"
    assert e["timestamp"] == "2020-09-13T12:35:00.000000Z" and e["timestamp_raw"] == 1600000500
    assert e["sender"] == "jon@example.net" and e["sender_name"] == "Jon Sample"
    f = e["extra"]["fields"]
    assert f["address_home_street_address"] == "2 Old Road" and f["address_home_zip"] == "1234 AB"
    assert f["name_first"] == "Jon" and f["email_address_all"] == ["jon@example.net", "jon.other@example.net"]
    assert e["extra"]["date_modified"] == "2020-09-13T12:26:40.000000Z"


def test_cards_and_ibans_in_the_units_of_their_tables(parse):
    tl = parse(SAMPLE / "android")
    card = tl.by_locator("credit_cards:rid=1")
    # seconds since 1970 (ToTimeT): whole seconds
    assert card["timestamp_desc"] == "Card Last Used" and card["timestamp"].endswith(":07.000000Z")
    assert card["timestamp"] == datetime.fromtimestamp(card["timestamp_raw"], timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%fZ")
    assert card["extra"]["card_number"] == "4111111111111111" and card["extra"]["cvc"] == "737"
    account = tl.by_locator("masked_credit_cards:rid=1")
    # WebKit microseconds (BindTime): the microseconds survive, which seconds could not hold
    assert account["timestamp"] == _webkit(account["timestamp_raw"]) and account["timestamp"].endswith(".904322Z")
    assert "card_number" not in account["extra"] and account["extra"]["last_four"] == "4444"
    iban = tl.by_locator("local_ibans:rid=1")
    assert iban["body"] == "IBAN DE89370400440532013000" and iban["extra"]["value_encryption"] == "v10"
    assert tl.by_locator("masked_ibans:rid=1")["timestamp"] == _webkit(tl.by_locator("masked_ibans:rid=1")["timestamp_raw"])


def test_a_card_number_under_another_key_is_kept_as_stored(parse, tmp_path):
    root = altered_copy(SAMPLE / "android", tmp_path / "extraction")
    stored = b"v10" + bytes(range(32))
    with sqlite3.connect(root / PROFILE / "Web Data") as con:
        con.execute("UPDATE credit_cards SET card_number_encrypted = ?", (stored,))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    card = tl.by_locator("credit_cards:rid=1")
    assert "card_number" not in card["extra"] and card["extra"]["card_number_encrypted"] == stored.hex()
    assert "bad padding" in card["extra"]["card_number_not_decrypted"]
    assert card["body"] == "card, Ivy Sample, expires 04/2029" and card["extra"]["cvc"] == "737"


def test_a_version_110_web_data_gives_its_cards_and_clear_text_ibans(parse, tmp_path):
    from artefacts.synthetic.ddl_loader import build_db, load

    path = tmp_path / "x" / PROFILE / "Web Data"
    unmasked_at = 13350000000123456  # WebKit µs
    with build_db(path, "chromium_web_data_110.sql") as conn:
        load(conn, "meta", ("key", "value"), [("version", "110"), ("last_compatible_version", "106")])
        load(conn, "credit_cards", ("guid", "name_on_card", "expiration_month", "expiration_year",
                                    "card_number_encrypted", "date_modified", "origin", "use_count", "use_date"),
             [("c-1", "Jon Sample", 12, 2026, chromium_oscrypt.encrypt(b"5555555555554444"), 1600000000,
               "https://shop.example", 1, 1600000500)])
        load(conn, "ibans", ("guid", "use_count", "use_date", "value", "nickname"),
             [("i-1", 3, 1600001000, "GB33BUKB20201555555555", "")])
        load(conn, "masked_credit_cards", ("id", "name_on_card", "network", "last_four", "exp_month", "exp_year"),
             [("srv-1", "Jon Sample", "visa", "1881", 1, 2030)])
        load(conn, "unmasked_credit_cards", ("id", "card_number_encrypted", "unmask_date"),
             [("srv-1", chromium_oscrypt.encrypt(b"4012888888881881"), unmasked_at)])
    tl = parse(tmp_path / "x")
    assert tl.exit_code == 0 and tl.warnings == []
    assert sorted(e["source_locator"] for e in tl.events) == ["credit_cards:rid=1", "ibans:rid=1",
                                                              "masked_credit_cards:rid=1"]
    card = tl.by_locator("credit_cards:rid=1")
    assert card["timestamp"] == "2020-09-13T12:35:00.000000Z" and card["extra"]["origin"] == "https://shop.example"
    assert card["body"] == "card ending 4444, Jon Sample, expires 12/2026"
    iban = tl.by_locator("ibans:rid=1")
    assert iban["extra"]["value"] == "GB33BUKB20201555555555" and "value_encryption" not in iban["extra"]
    account = tl.by_locator("masked_credit_cards:rid=1")
    # no server_card_metadata row: no time; the unmasked number and its time are the account card's
    assert account["timestamp"] is None and account["timestamp_desc"] == "Not a time"
    assert account["extra"]["card_number"] == "4012888888881881"
    assert account["extra"]["unmask_date"] == _webkit(unmasked_at)
