"""Synthetic Chromium profile stores beside History: ``Login Data`` (version 43), ``Web Data`` (version 160) and
``Cookies`` (version 20) of Chrome for Android, on the CREATE statements of Chromium's own sources
(``ddl/chromium_login_data.sql``, ``chromium_web_data.sql``, ``chromium_cookies.sql``), values stored as
Chromium stores them: WebKit microseconds for logins, cookies and the account's card and IBAN metadata, seconds
since 1970 for autofill and the cards and IBANs saved on the phone, passwords, a card number, its CVC, an IBAN
and one cookie value as OSCrypt ``v10`` (AES-128-CBC under the key of ``os_crypt_posix.cc``, encrypted here
with ``cryptography`` directly; the decoder's own test checks the key and a vector made by another library).

Made-up accounts and sites. :func:`write_sample` returns the generic manifest of
``artefacts.synthetic.messengers`` (one ``path`` per event) with ``check`` values computed here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..decoders import chromium_oscrypt
from .chromium import webkit
from .ddl_loader import build_db, load
from .messengers import iso

PROFILE = "data/data/com.android.chrome/app_chrome/Default"
LOGIN_DATA = f"{PROFILE}/Login Data"
WEB_DATA = f"{PROFILE}/Web Data"
COOKIES = f"{PROFILE}/Cookies"
FILES = (LOGIN_DATA, WEB_DATA, COOKIES)
START = datetime(2026, 1, 20, 19, 42, 7, 250001, tzinfo=timezone.utc)
PAGE_SIZE = 512


def v10(text: str) -> bytes:
    """``text`` as Chromium's OSCrypt writes it on Android (the decoder's ``encrypt``, which its own test checks
    against Chromium's key constant and another AES implementation)."""
    return chromium_oscrypt.encrypt(text.encode("utf-8"))


def _meta(conn, version: int, compatible: int) -> None:
    load(conn, "meta", ("key", "value"), [("mmap_status", "-1"), ("version", str(version)),
                                          ("last_compatible_version", str(compatible))])


def _login_data(path: Path) -> list[dict]:
    # (origin, action, realm, username, password, never save, minutes after START, times used, last used +min)
    logins = [
        ("https://accounts.example.com/login", "https://accounts.example.com/session", "https://accounts.example.com/",
         "ivy.sample", "correct horse battery", 0, 0, 3, 600),
        ("https://exchange.example.net/signin", "https://exchange.example.net/signin", "https://exchange.example.net/",
         "ivy@example.org", "Tr0ub4dor&3 <ok>", 0, 95, 1, None),
        ("https://forum.example.org/login", "", "https://forum.example.org/", "", "", 1, 180, 0, None),
    ]
    rows, events = [], []
    for i, (origin, action, realm, user, password, blocked, minutes, used, last) in enumerate(logins, 1):
        created = START + timedelta(minutes=minutes, microseconds=i)
        last_used = created + timedelta(minutes=last) if last else None
        rows.append((i, origin, action, "user" if user else "", user, "pass" if password else "",
                     v10(password) if password else b"", "", realm, webkit(created), blocked, 0, 0, used,
                     webkit(last_used) if last_used else 0, webkit(created), 0))
        check = {"record": "saved_login", "never_save": bool(blocked), "signon_realm": realm,
                 "username": user or None, "password": password or None, "browser": "Chrome",
                 "package": "com.android.chrome", "times_used": used}
        if password:
            check["password_encryption"] = "v10"
        if last_used:
            check["date_last_used"] = iso(last_used)
        events.append({"path": LOGIN_DATA, "locator": f"logins:rid={i}", "kind": "other",
                       "timestamp": iso(created), "body": origin, "check": check})
    cols = ("id", "origin_url", "action_url", "username_element", "username_value", "password_element",
            "password_value", "submit_element", "signon_realm", "date_created", "blacklisted_by_user", "scheme",
            "password_type", "times_used", "date_last_used", "date_password_modified", "date_last_filled")
    with build_db(path, "chromium_login_data.sql", page_size=PAGE_SIZE) as conn:
        _meta(conn, 43, 40)
        load(conn, "logins", cols, rows)
    return events


def _web_data(path: Path) -> list[dict]:
    # (field name, value, hours after START of the first use, count, hours of the last use)
    values = [("email", "ivy@example.org", 1, 4, 30), ("phone", "+44 7700 900123", 2, 1, None),
              ("address-line1", "1 Sample Street", 3, 2, 5), ("q", "ferry times <b>tonight</b>", 4, 1, None)]
    rows, events = [], []
    for i, (name, value, first_h, count, last_h) in enumerate(values, 1):
        first = (START + timedelta(hours=first_h)).replace(microsecond=0)
        last = (START + timedelta(hours=last_h)).replace(microsecond=0) if last_h else first
        rows.append((name, value, value.lower(), int(first.timestamp()), int(last.timestamp()), count))
        check = {"record": "autofill", "field_name": name, "value": value, "count": count,
                 "last_used": iso(last), "last_used_raw": int(last.timestamp())}
        events.append({"path": WEB_DATA, "locator": f"autofill:rid={i}", "kind": "other", "timestamp": iso(first),
                       "body": f"{name}: {value}", "check": check})
    # one saved address profile: (field type number of field_types.h, its name, value)
    tokens = [(7, "name_full", "Ivy Sample"), (9, "email_address", "ivy@example.org"),
              (14, "phone_home_whole_number", "+447700900123"), (77, "address_home_street_address", "1 Sample Street"),
              (33, "address_home_city", "Exampleton"), (35, "address_home_zip", "EX1 2MP"),
              (36, "address_home_country", "GB")]
    guid = "7c3e9a52-1f0b-4d6e-9a8c-2b5d4e6f8a10"
    used, modified = (START + timedelta(hours=6)).replace(microsecond=0), START.replace(microsecond=0)
    events.append({"path": WEB_DATA, "locator": "addresses:rid=1", "kind": "contact", "timestamp": iso(used),
                   "sender": "ivy@example.org", "sender_name": "Ivy Sample",
                   "body": "Ivy Sample | 1 Sample Street, EX1 2MP, Exampleton, GB | ivy@example.org | +447700900123",
                   "check": {"record": "autofill_address", "guid": guid, "use_count": 3,
                             "fields": {name: value for _, name, value in tokens},
                             "date_modified": iso(modified), "language_code": "en"}})
    payments, payment_events = _payments()
    with build_db(path, "chromium_web_data.sql", page_size=PAGE_SIZE) as conn:
        _meta(conn, 160, 160)
        load(conn, "autofill", ("name", "value", "value_lower", "date_created", "date_last_used", "count"), rows)
        load(conn, "addresses", ("guid", "use_count", "use_date", "date_modified", "language_code", "label",
                                 "initial_creator_id", "record_type"),
             [(guid, 3, int(used.timestamp()), int(modified.timestamp()), "en", "", 0, 0)])
        load(conn, "address_type_tokens", ("guid", "type", "value", "verification_status"),
             [(guid, number, value, 0) for number, _, value in tokens])
        for table, (cols, table_rows) in payments.items():
            load(conn, table, cols, table_rows)
    return events + payment_events


def _payments() -> tuple[dict, list[dict]]:
    """A card saved on the phone (with its CVC), a card of the Google account, an IBAN saved on the phone and one
    of the account: the rows of each table (units of payments_autofill_table.cc: seconds for the device's own
    records, WebKit microseconds for the account's metadata) and the events they must give."""
    card_guid, iban_guid = "0b6f2d3e-8c41-4f7a-9e25-6d1c3b8a4f02", "5e2a9c17-3b6d-4e80-a1f4-9c7b2d5e6f13"
    card_used = (START + timedelta(days=2, hours=3)).replace(microsecond=0)
    card_modified = (START + timedelta(days=1)).replace(microsecond=0)
    account_used = START + timedelta(days=3, microseconds=654321)
    iban_used = (START + timedelta(days=4)).replace(microsecond=0)
    account_iban_used = START + timedelta(days=5, microseconds=123457)
    number, cvc, iban = "4111111111111111", "737", "DE89370400440532013000"
    tables = {
        "credit_cards": (("guid", "name_on_card", "expiration_month", "expiration_year", "card_number_encrypted",
                          "date_modified", "use_count", "use_date", "billing_address_id", "nickname",
                          "is_user_confirmed"),
                         [(card_guid, "Ivy Sample", 4, 2029, v10(number), int(card_modified.timestamp()), 2,
                           int(card_used.timestamp()), "", "travel <card>", 1)]),
        "local_stored_cvc": (("guid", "value_encrypted", "last_updated_timestamp"),
                             [(card_guid, v10(cvc), int(card_modified.timestamp()))]),
        "masked_credit_cards": (("id", "name_on_card", "network", "last_four", "exp_month", "exp_year", "bank_name",
                                 "nickname", "instrument_id"),
                                [("AcctCard-7Q2", "I Sample", "mastercard", "4444", 11, 2027, "Example Bank", "", 9081)]),
        "server_card_metadata": (("id", "use_count", "use_date", "billing_address_id"),
                                 [("AcctCard-7Q2", 5, webkit(account_used), "")]),
        "local_ibans": (("guid", "use_count", "use_date", "value_encrypted", "nickname"),
                        [(iban_guid, 1, int(iban_used.timestamp()), v10(iban), "rent")]),
        "masked_ibans": (("instrument_id", "prefix", "suffix", "nickname"), [("77120", "FR76", "0189", "savings")]),
        "masked_ibans_metadata": (("instrument_id", "use_count", "use_date"),
                                  [("77120", 2, webkit(account_iban_used))]),
    }
    events = [
        {"path": WEB_DATA, "locator": "credit_cards:rid=1", "kind": "other", "timestamp": iso(card_used),
         "body": "card ending 1111, Ivy Sample, expires 04/2029",
         "check": {"record": "payment_card", "guid": card_guid, "card_number": number, "last_four": "1111",
                   "card_number_encryption": "v10", "cvc": cvc, "cvc_encryption": "v10", "use_count": 2,
                   "nickname": "travel <card>", "date_modified": iso(card_modified),
                   "cvc_last_updated": iso(card_modified)}},
        {"path": WEB_DATA, "locator": "masked_credit_cards:rid=1", "kind": "other", "timestamp": iso(account_used),
         "body": "card ending 4444, mastercard, I Sample, expires 11/2027",
         "check": {"record": "account_card", "id": "AcctCard-7Q2", "bank_name": "Example Bank", "use_count": 5,
                   "instrument_id": 9081}},
        {"path": WEB_DATA, "locator": "local_ibans:rid=1", "kind": "other", "timestamp": iso(iban_used),
         "body": f"IBAN {iban}", "check": {"record": "iban", "value": iban, "value_encryption": "v10",
                                           "nickname": "rent", "use_count": 1}},
        {"path": WEB_DATA, "locator": "masked_ibans:rid=1", "kind": "other", "timestamp": iso(account_iban_used),
         "body": "IBAN FR76...0189", "check": {"record": "account_iban", "prefix": "FR76", "suffix": "0189",
                                               "nickname": "savings", "use_count": 2}},
    ]
    return tables, events


def _cookies(path: Path) -> list[dict]:
    # (host, name, value, stored encrypted, path, secure, httponly, persistent, samesite, priority, source scheme,
    #  port, minutes after START)
    cookies = [
        (".example.com", "session", "s3ss10n-7f2c", True, "/", 1, 1, 1, 1, 1, 2, 443, 5),
        ("exchange.example.net", "lang", "en", False, "/", 0, 0, 0, -1, 1, 1, 80, 97),
        (".forum.example.org", "consent", "yes", False, "/app", 1, 0, 1, 2, 2, 2, 443, 181),
    ]
    samesite = {-1: "unspecified", 1: "lax", 2: "strict"}
    priority = {1: "medium", 2: "high"}
    scheme = {1: "non_secure", 2: "secure"}
    rows, events = [], []
    for i, (host, name, value, enc, cpath, secure, httponly, persistent, ss, prio, src, port, minutes) in enumerate(
            cookies, 1):
        created = START + timedelta(minutes=minutes, microseconds=7 * i)
        access = created + timedelta(minutes=42)
        expires = created + timedelta(days=30) if persistent else None
        rows.append((webkit(created), host, "", name, "" if enc else value, v10(value) if enc else b"", cpath,
                     webkit(expires) if expires else 0, secure, httponly, webkit(access), 1 if persistent else 0,
                     persistent, prio, ss, src, port, 0, webkit(created)))
        check = {"name": name, "value": value, "host": host, "path": cpath, "is_secure": bool(secure),
                 "is_httponly": bool(httponly), "is_persistent": bool(persistent), "samesite": samesite[ss],
                 "priority": priority[prio], "source_scheme": scheme[src], "source_port": port,
                 "last_access_utc": iso(access), "expires_utc": iso(expires) if expires else None}
        if enc:
            check["value_encryption"] = "v10"
        events.append({"path": COOKIES, "locator": f"cookies:rid={i}", "kind": "cookie", "timestamp": iso(created),
                       "body": f"{host.lstrip('.')}{cpath} {name}={value}", "check": check})
    cols = ("creation_utc", "host_key", "top_frame_site_key", "name", "value", "encrypted_value", "path",
            "expires_utc", "is_secure", "is_httponly", "last_access_utc", "has_expires", "is_persistent", "priority",
            "samesite", "source_scheme", "source_port", "is_same_party", "last_update_utc")
    with build_db(path, "chromium_cookies.sql", page_size=PAGE_SIZE) as conn:
        _meta(conn, 20, 20)
        load(conn, "cookies", cols, rows)
    return events


def write_sample(root) -> dict:
    """The three stores of Chrome's profile under ``root``; their generic manifest."""
    root = Path(root)
    events = _login_data(root / LOGIN_DATA) + _web_data(root / WEB_DATA) + _cookies(root / COOKIES)
    return {"app": "chrome", "events": events}
