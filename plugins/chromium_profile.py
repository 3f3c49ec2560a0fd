"""The Chromium family's other profile stores (beside ``History`` and ``Bookmarks`` in ``plugins/chromium.py``):
``Login Data`` (saved logins, and the sites the user told the browser never to save a password for),
``Web Data`` (the values typed into web forms, kept for autofill) and ``Cookies``.

Paths: the profile folders of ``plugins/chromium.py`` (ALEAPP ``scripts/artifacts/chromeLoginData.py``,
``chromeAutofill``, ``chromeCookies.py``: ``*/app_chrome/Default/Login Data``, ``Web Data``, ``Cookies``, the
same under ``app_sbrowser/Default``, ``app_opera``, ``app_webview/Default``; Chrome on iOS in its
``Library/Application Support/Google/Chrome/Default``). The browser is named from the path as for History.

``Login Data`` (schema: Chromium's own dumps ``components/test/data/password_manager/login_db_v22.sql`` ...
``login_db_v43.sql``; ``ddl/chromium_login_data.sql``): a row of ``logins`` per saved login: ``origin_url``
(the login page), ``action_url``, ``signon_realm``, ``username_element``/``username_value``,
``password_value``, ``date_created`` (WebKit µs), ``blacklisted_by_user`` (1: the user chose "never save" for
this site: the row proves a login form was met there, with no username), ``scheme``, ``password_type``,
``times_used``, and by version ``date_last_used``, ``date_password_modified``, ``date_received`` and
``sender_email``/``sender_name`` (a password shared with the user), ``date_last_filled`` (WebKit µs, 0 for
none). ``password_value`` is Chromium's OSCrypt ``v10`` value, which on Android is an obfuscation under a key
written in Chromium's source (``components/os_crypt/sync/os_crypt_posix.cc``, decoded by
``artefacts.decoders.chromium_oscrypt``): the password is given in ``extra.password``. A value that is not
``v10`` under that key (Chrome on iOS keeps passwords in the Keychain) is kept as stored, with the reason.

``Web Data`` (schema: ``components/test/data/web_database/version_160.sql``, the ``autofill`` table the same
since ``version_78.sql``): a row of ``autofill`` per (form field name, value) with ``count`` and
``date_created``/``date_last_used`` in **seconds since 1970** (plaso ``chrome_autofill.py`` reads them as POSIX
time). The same file's saved address profiles, by generation (``address_autofill_table.cc`` migrations):
``autofill_profiles`` with ``autofill_profile_names``/``_emails``/``_phones`` up to version 112
(``version_100.sql``), ``contact_info`` (account addresses, from 107) and ``local_addresses`` (from 113) each with
``*_type_tokens`` rows (``guid``, ``type``: a ``ServerFieldType`` of ``field_types.h``, ``value``), merged into
``addresses`` + ``address_type_tokens`` at 134; ``use_date``/``date_modified`` in seconds since 1970 (``ToTimeT``).
Every table present is read (at version 113 the legacy rows are deleted, and may come back carved).

Payment data of the same file (``components/autofill/core/browser/webdata/payments/payments_autofill_table.cc``
and the version dumps; column sets differ by version and are read as present):

* ``credit_cards`` (cards saved on the device): ``name_on_card``, ``expiration_month``/``_year``,
  ``card_number_encrypted`` (the number through ``AutofillTableEncryptor``, which is OSCrypt:
  ``system_encryptor.cc``), ``use_count``, ``use_date`` and ``date_modified`` in **seconds since 1970**
  (``ToTimeT()``), ``origin`` (up to about 159), ``billing_address_id``, ``nickname`` (87+); the CVC a user let the
  browser keep is in ``local_stored_cvc`` (116+: ``guid``, ``value_encrypted``, ``last_updated_timestamp`` in
  seconds).
* ``masked_credit_cards`` (cards of the Google account: ``id``, ``name_on_card``, ``network``, ``last_four``,
  ``exp_month``/``exp_year``, ``bank_name``, ``nickname`` ...) with ``server_card_metadata`` (``use_count``,
  ``use_date`` in **WebKit µs**: ``BindTime`` / ``FromInternalValue``, not seconds) and, up to version 124,
  ``unmasked_credit_cards`` (the full number of an account card the user unmasked, OSCrypt, and ``unmask_date``
  in WebKit µs: ``ToInternalValue()``).
* IBANs: ``ibans`` (105-118; ``value`` in clear text until 115, then ``value_encrypted``), ``local_ibans``
  (119+: ``guid``, ``use_count``, ``use_date`` in seconds, ``value_encrypted``, ``nickname``); account IBANs
  ``masked_ibans`` (``instrument_id``, ``prefix``, ``suffix``, ``nickname``) with ``masked_ibans_metadata``
  (``use_date`` in WebKit µs).

The search engines (``keywords``) are not read.

``Cookies`` (``net/extras/sqlite/sqlite_persistent_cookie_store.cc``: ``CreateV20Schema`` and the version
history in its comments; a real profile's version 24 adds ``source_type`` and ``has_cross_site_ancestor``):
``creation_utc``, ``host_key``, ``name``, ``value`` (empty when the value is in ``encrypted_value``), ``path``,
``expires_utc``, ``last_access_utc``, ``last_update_utc`` (WebKit µs), ``is_secure``/``is_httponly``/
``is_persistent`` (``secure``/``httponly``/``persistent`` before version 10), ``samesite`` (``firstpartyonly``,
a boolean, before 11: ``DBCookieSameSite`` -1 unspecified, 0 no restriction, 1 lax, 2 strict, 3 extended),
``priority`` (``DBCookiePriority`` 0 low, 1 medium, 2 high), ``source_scheme`` (``CookieSourceScheme`` 0 unset,
1 non-secure, 2 secure), ``source_port``, ``top_frame_site_key`` (the partition). Versions before 4 kept times
since 1970 on Mac and Linux: such a file is refused with one warning.

Events: a saved login or a never-save site is ``other`` (``extra.record`` ``saved_login``), timed by its
creation, ``body`` the login page's URL; an autofill value is ``other`` (``extra.record`` ``autofill``), timed
by its first use, ``body`` ``name: value``; an address profile is a ``contact`` (``extra.record``
``autofill_address``, its fields by field type name), timed by its last use; a payment card or an IBAN is
``other`` (``extra.record`` ``payment_card``, ``account_card``, ``iban``, ``account_iban``), timed by its last use,
``body`` what the browser would show of it (``card ending 1111, Visa, Ivy Sample, expires 04/2029``), the full
number and CVC in ``extra`` where decoded; a cookie is ``cookie``, timed by its creation, ``body``
``host/path name=value``.
"""

from __future__ import annotations

import json
from functools import partial

from artefacts import hookimpl
from artefacts.decoders import chromium_oscrypt
from artefacts.parser import SQLiteParser
from artefacts.plugins.chromium import APP, HISTORY_GLOBS, _label, _put, browser_event, meta_version
from artefacts.timeconv import UNIX_SECONDS, WEBKIT_MICROSECONDS
from artefacts.values import ValueClassError, as_bytes

__version__ = "1.0"

LOGIN_SAVED = "Login Saved"
FIRST_USED = "First Used Time"
COOKIE_CREATED = "Cookie Created"

#: net/extras/sqlite/sqlite_persistent_cookie_store.cc DBCookieSameSite, DBCookiePriority; cookie_constants.h
SAMESITE = {-1: "unspecified", 0: "no_restriction", 1: "lax", 2: "strict", 3: "extended (deprecated)"}
PRIORITY = {0: "low", 1: "medium", 2: "high"}
SOURCE_SCHEME = {0: "unset", 1: "non_secure", 2: "secure"}
#: the cookie store version from which times are WebKit microseconds everywhere (version 4 migrated the epoch)
FIRST_WEBKIT_COOKIES = 4

#: components/autofill/core/browser/field_types.h ServerFieldType: the types an address profile stores
FIELD_TYPES = {3: "name_first", 4: "name_middle", 5: "name_last", 6: "name_middle_initial", 7: "name_full",
               8: "name_suffix", 9: "email_address", 10: "phone_home_number", 11: "phone_home_city_code",
               12: "phone_home_country_code", 13: "phone_home_city_and_number", 14: "phone_home_whole_number",
               30: "address_home_line1", 31: "address_home_line2", 32: "address_home_apt_num", 33: "address_home_city",
               34: "address_home_state", 35: "address_home_zip", 36: "address_home_country", 60: "company_name",
               77: "address_home_street_address", 79: "address_home_sorting_code",
               81: "address_home_dependent_locality", 83: "address_home_line3", 103: "address_home_street_name",
               104: "address_home_house_number", 105: "address_home_subpremise", 106: "address_home_other_subunit",
               107: "name_last_first", 108: "name_last_conjunction", 109: "name_last_second",
               110: "name_honorific_prefix", 111: "address_home_premise_name", 112: "address_home_dependent_street_name",
               113: "address_home_street_and_dependent_street_name", 114: "address_home_address",
               115: "address_home_address_with_name", 116: "address_home_floor",
               117: "name_full_with_honorific_prefix", 118: "birthdate_day", 119: "birthdate_month",
               120: "birthdate_4_digit_year"}
#: the address tables of Web Data by generation (address_autofill_table.cc migrations): 107 contact_info (account
#: addresses), 113/114 local_addresses, 134 both merged into addresses; each with its (guid, type, value) tokens
ADDRESS_TABLES = (("local_addresses", "local_addresses_type_tokens"), ("contact_info", "contact_info_type_tokens"),
                  ("addresses", "address_type_tokens"))
#: the legacy autofill_profiles columns (version 112 and before) under their field type names
LEGACY_ADDRESS_COLUMNS = {"company_name": "company_name", "street_address": "address_home_street_address",
                          "dependent_locality": "address_home_dependent_locality", "city": "address_home_city",
                          "state": "address_home_state", "zipcode": "address_home_zip",
                          "sorting_code": "address_home_sorting_code", "country_code": "address_home_country"}
LEGACY_NAME_COLUMNS = {"first_name": "name_first", "middle_name": "name_middle", "last_name": "name_last",
                       "full_name": "name_full"}
ADDRESS_USED = "Autofill Profile Last Used"
CARD_USED = "Card Last Used"
IBAN_USED = "IBAN Last Used"
#: credit_cards columns read where the file's version has them (version_100.sql ... version_160.sql)
CARD_COLUMNS = ("name_on_card", "expiration_month", "expiration_year", "card_number_encrypted", "date_modified",
                "origin", "billing_address_id", "nickname", "is_user_confirmed")
MASKED_CARD_COLUMNS = ("name_on_card", "network", "last_four", "exp_month", "exp_year", "bank_name", "nickname",
                       "instrument_id", "product_description")

LOGIN_TIMES = ("date_last_used", "date_password_modified", "date_received", "date_last_filled")
LOGIN_COLUMNS = ("action_url", "username_element", "password_element", "scheme", "password_type", "times_used",
                 "display_name", "federation_url", "sender_email", "sender_name", "preferred", *LOGIN_TIMES)
COOKIE_COLUMNS = ("encrypted_value", "has_expires", "priority", "source_scheme", "source_port", "top_frame_site_key",
                  "last_update_utc", "is_same_party", "source_type", "has_cross_site_ancestor", "firstpartyonly")
#: a cookie flag's name in the current schema and before version 10 (and 11 for samesite)
COOKIE_RENAMED = (("is_secure", "secure"), ("is_httponly", "httponly"), ("is_persistent", "persistent"),
                  ("samesite", None))

REFERENCES = (
    "Chromium components/test/data/password_manager/login_db_v22.sql ... login_db_v43.sql (Login Data schemas)",
    "Chromium components/test/data/web_database/version_78.sql ... version_160.sql (Web Data autofill table)",
    "Chromium net/extras/sqlite/sqlite_persistent_cookie_store.cc (CreateV20Schema, version history, "
    "DBCookieSameSite, DBCookiePriority)",
    "Chromium components/autofill/core/browser/webdata/payments/payments_autofill_table.cc (cards, CVCs, IBANs: "
    "columns, ToTimeT / ToInternalValue units, migrations 83-125); webdata/system_encryptor.cc (OSCrypt)",
    "Chromium components/os_crypt/sync/os_crypt_posix.cc (v10 obfuscation on Android)",
    "ALEAPP scripts/artifacts/chromeLoginData.py, chromeCookies.py (paths)",
    "plaso plaso/parsers/sqlite_plugins/chrome_autofill.py (autofill dates as POSIX seconds), chrome_cookies.py",
)


def _globs(name: str) -> tuple[str, ...]:
    return tuple(g[: -len("History")] + name for g in HISTORY_GLOBS)


def _time_extra(ctx, extra: dict, row, column: str, table: str, unit=WEBKIT_MICROSECONDS, key: str | None = None) -> None:
    """``extra[key]`` (UTC; ``key`` defaults to the column's name) and ``extra[key + '_raw']`` of a time column in
    ``unit``, when the row has a value (0: none)."""
    raw = row[column]
    if raw not in (None, 0):
        key = key or column
        extra[key] = ctx.time(unit, raw, zero_is_null=True, column=f"{table}.{column}")
        extra[key + "_raw"] = raw


def _decrypted(value, extra: dict, key: str) -> str | None:
    """The text of an OSCrypt value; otherwise ``None``, with the stored bytes and the reason in ``extra``."""
    if value is None or value == b"" or value == "":
        return None
    try:
        blob = as_bytes(value)
        text = chromium_oscrypt.decrypt(blob)
    except ValueClassError as exc:
        extra[key + "_encrypted"] = value
        extra[key + "_not_decrypted"] = str(exc)
        return None
    except chromium_oscrypt.OSCryptError as exc:
        extra[key + "_encrypted"] = blob[:4096].hex()
        extra[key + "_not_decrypted"] = str(exc)
        return None
    extra[key + "_encryption"] = "v10"
    return text.decode("utf-8", "replace")


# -- row -> event ------------------------------------------------------------------------------------
def login_to_event(row, ctx) -> dict:
    """One ``logins`` row: a saved login, or a site where the user chose never to save one."""
    blocked = bool(row["blacklisted_by_user"])
    extra = {"record": "saved_login", "origin_url": row["origin_url"], "signon_realm": row["signon_realm"],
             "never_save": blocked}
    _put(extra, "username", row["username_value"])
    password = _decrypted(row["password_value"], extra, "password")
    if password is not None:
        extra["password"] = password
    for col in LOGIN_COLUMNS:
        if col not in LOGIN_TIMES:
            _put(extra, col, row[col])
    for col in LOGIN_TIMES:
        _time_extra(ctx, extra, row, col, "logins")
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["date_created"], "logins.date_created", LOGIN_SAVED,
                         "other", row["origin_url"], status="never_save" if blocked else None)


def autofill_to_event(row, ctx) -> dict:
    """One ``autofill`` row: a value typed into a form field of that name."""
    extra = {"record": "autofill", "field_name": row["name"], "value": row["value"], "count": row["count"]}
    _time_extra(ctx, extra, row, "date_last_used", "autofill", UNIX_SECONDS, "last_used")
    return browser_event(ctx, extra, UNIX_SECONDS, row["date_created"], "autofill.date_created", FIRST_USED, "other",
                         f"{row['name']}: {row['value']}")


def _address_event(fields: dict, row, ctx, table: str) -> dict:
    """A saved address profile (its fields by field type name) as a ``contact`` event timed by its last use."""
    extra = {"record": "autofill_address", "guid": row["guid"], "fields": fields, "use_count": row["use_count"]}
    for key in ("language_code", "label", "origin", "record_type"):
        _put(extra, key, row[key] if key in row.keys() else None)
    _time_extra(ctx, extra, row, "date_modified", table, UNIX_SECONDS)
    name = fields.get("name_full") or " ".join(
        fields[k] for k in ("name_first", "name_middle", "name_last") if fields.get(k)) or None
    address = fields.get("address_home_street_address") or fields.get("address_home_line1")
    place = ", ".join(v for v in (address, fields.get("address_home_zip"), fields.get("address_home_city"),
                                  fields.get("address_home_country")) if v)
    who = fields.get("email_address") or fields.get("phone_home_whole_number")
    body = " | ".join(v for v in (name, place, fields.get("email_address"), fields.get("phone_home_whole_number"))
                      if v) or None
    return browser_event(ctx, extra, UNIX_SECONDS, row["use_date"], f"{table}.use_date", ADDRESS_USED, "contact", body,
                         sender=who, sender_name=name)


def token_address_to_event(row, ctx, table: str) -> dict:
    """A row of ``local_addresses`` / ``contact_info`` / ``addresses`` with its type tokens (``tokens``: JSON
    object of field type number -> value)."""
    fields = {}
    for number, value in json.loads(row["tokens"] or "{}").items():
        if value not in (None, ""):
            fields[FIELD_TYPES.get(int(number), f"field type {number}")] = value
    return _address_event(fields, row, ctx, table)


def legacy_address_to_event(row, ctx) -> dict:
    """An ``autofill_profiles`` row with its names, e-mails and phones (version 112 and before)."""
    fields = {name: row[col] for col, name in LEGACY_ADDRESS_COLUMNS.items() if row[col] not in (None, "")}
    names = json.loads(row["names"] or "[]")
    if names:
        fields.update({k: v for k, v in names[0].items() if v})
    for key, column in (("email_address", "emails"), ("phone_home_whole_number", "phones")):
        values = [v for v in json.loads(row[column] or "[]") if v]
        if values:
            fields[key] = values[0]
            if len(values) > 1:
                fields[key + "_all"] = values
    return _address_event(fields, row, ctx, "autofill_profiles")


def _card_body(last_four, network, name, month, year) -> str:
    """What a browser shows of a card: ``card ending 1111, visa, Ivy Sample, expires 04/2029``."""
    expires = None
    if month and year:
        expires = f"expires {int(month):02d}/{year}" if str(month).isdigit() else f"expires {month}/{year}"
    return ", ".join(str(v) for v in (f"card ending {last_four}" if last_four else "card", network or None,
                                      name or None, expires) if v)


def card_to_event(row, ctx) -> dict:
    """A ``credit_cards`` row (a card saved on the device) with its ``local_stored_cvc`` row."""
    extra = {"record": "payment_card", "guid": row["guid"], "use_count": row["use_count"]}
    for col in ("name_on_card", "expiration_month", "expiration_year", "nickname", "origin", "billing_address_id",
                "is_user_confirmed"):
        _put(extra, col, row[col])
    number = _decrypted(row["card_number_encrypted"], extra, "card_number")
    if number is not None:
        extra["card_number"] = number
        extra["last_four"] = number[-4:]
    cvc = _decrypted(row["cvc_encrypted"], extra, "cvc")
    if cvc is not None:
        extra["cvc"] = cvc
    _time_extra(ctx, extra, row, "date_modified", "credit_cards", UNIX_SECONDS)
    _time_extra(ctx, extra, row, "cvc_updated", "local_stored_cvc", UNIX_SECONDS, "cvc_last_updated")
    body = _card_body(extra.get("last_four"), None, row["name_on_card"], row["expiration_month"],
                      row["expiration_year"])
    return browser_event(ctx, extra, UNIX_SECONDS, row["use_date"], "credit_cards.use_date", CARD_USED, "other", body)


def account_card_to_event(row, ctx) -> dict:
    """A ``masked_credit_cards`` row (a card of the Google account) with its ``server_card_metadata`` and, in
    older files, ``unmasked_credit_cards`` rows."""
    extra = {"record": "account_card", "id": row["id"]}
    for col in (*MASKED_CARD_COLUMNS, "use_count", "billing_address_id"):
        _put(extra, col, row[col])
    number = _decrypted(row["unmasked_number"], extra, "card_number")
    if number is not None:
        extra["card_number"] = number
    _time_extra(ctx, extra, row, "unmask_date", "unmasked_credit_cards")
    body = _card_body(row["last_four"], row["network"], row["name_on_card"], row["exp_month"], row["exp_year"])
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["use_date"], "server_card_metadata.use_date", CARD_USED,
                         "other", body)


def iban_to_event(row, ctx, table: str) -> dict:
    """An ``ibans`` / ``local_ibans`` row: an IBAN saved on the device (in clear text before version 115)."""
    extra = {"record": "iban", "guid": row["guid"], "use_count": row["use_count"]}
    _put(extra, "nickname", row["nickname"])
    value = row["value"] or _decrypted(row["value_encrypted"], extra, "value")
    _put(extra, "value", value)
    return browser_event(ctx, extra, UNIX_SECONDS, row["use_date"], f"{table}.use_date", IBAN_USED, "other",
                         f"IBAN {value}" if value else "IBAN (value not decoded)")


def account_iban_to_event(row, ctx) -> dict:
    """A ``masked_ibans`` row (an IBAN of the Google account, only its ends) with its metadata."""
    extra = {"record": "account_iban", "instrument_id": row["instrument_id"]}
    for col in ("prefix", "suffix", "nickname", "use_count"):
        _put(extra, col, row[col])
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["use_date"], "masked_ibans_metadata.use_date",
                         IBAN_USED, "other", f"IBAN {row['prefix'] or ''}...{row['suffix'] or ''}")


def cookie_to_event(row, ctx) -> dict:
    """One ``cookies`` row (flags under their current names whatever the file's version)."""
    extra = {"name": row["name"], "host": row["host_key"], "path": row["path"]}
    value = row["value"]
    if not value:
        value = _decrypted(row["encrypted_value"], extra, "value")
    extra["value"] = value
    for flag in ("is_secure", "is_httponly", "is_persistent", "has_expires", "is_same_party",
                 "has_cross_site_ancestor", "firstpartyonly"):
        if row[flag] is not None:
            extra[flag] = bool(row[flag])
    extra["samesite"] = _label(SAMESITE, row["samesite"], "samesite")
    extra["priority"] = _label(PRIORITY, row["priority"], "priority")
    extra["source_scheme"] = _label(SOURCE_SCHEME, row["source_scheme"], "source scheme")
    for key in ("source_port", "source_type"):
        _put(extra, key, row[key])
    _put(extra, "top_frame_site_key", row["top_frame_site_key"])
    extra = {k: v for k, v in extra.items() if v is not None or k == "value"}
    if row["has_expires"] != 0:
        _time_extra(ctx, extra, row, "expires_utc", "cookies")
    for col in ("last_access_utc", "last_update_utc"):
        _time_extra(ctx, extra, row, col, "cookies")
    host = (row["host_key"] or "").lstrip(".")
    return browser_event(ctx, extra, WEBKIT_MICROSECONDS, row["creation_utc"], "cookies.creation_utc", COOKIE_CREATED,
                         "cookie", f"{host}{row['path'] or ''} {row['name']}={value if value is not None else ''}")


# -- parsers -----------------------------------------------------------------------------------------
class _ChromiumStore(SQLiteParser):
    version = __version__
    app = APP
    platform = "android"
    references = REFERENCES


class ChromiumLoginDataParser(_ChromiumStore):
    name = "chromium_login_data"
    description = ("Chromium browsers (Chrome, Samsung Internet, Brave, Edge, Opera, WebView): Login Data saved "
                   "logins and never-save sites, passwords decoded where Android's fixed v10 key applies")
    path_globs = _globs("Login Data")
    required_tables = {"logins": {"origin_url", "username_value", "password_value", "signon_realm", "date_created",
                                  "blacklisted_by_user"}}
    time_units = {"logins.date_created": WEBKIT_MICROSECONDS,
                  **{f"logins.{c}": WEBKIT_MICROSECONDS for c in LOGIN_TIMES}}

    def parse(self, ctx):
        cols = ", ".join(ctx.column_or_null("logins", c) for c in LOGIN_COLUMNS)
        sql = (f"SELECT rowid AS rid, origin_url, username_value, password_value, signon_realm, date_created, "
               f"blacklisted_by_user, {cols} FROM logins ORDER BY rowid")
        yield from ctx.map_rows(sql, login_to_event, table="logins", id_column="rid")


class ChromiumAutofillParser(_ChromiumStore):
    name = "chromium_autofill"
    description = ("Chromium browsers: Web Data autofill (values typed into web forms, first and last use, count), "
                   "saved address profiles (names, addresses, e-mails, phones; every table generation), payment "
                   "cards (numbers and CVCs decoded where Android's fixed v10 key applies) and IBANs")
    path_globs = _globs("Web Data")
    required_tables = {"autofill": {"name", "value", "date_created", "date_last_used", "count"}}
    time_units = {"autofill.date_created": UNIX_SECONDS, "autofill.date_last_used": UNIX_SECONDS,
                  **{f"{t}.{c}": UNIX_SECONDS for t in ("autofill_profiles", *(a for a, _ in ADDRESS_TABLES))
                     for c in ("use_date", "date_modified")},
                  "credit_cards.use_date": UNIX_SECONDS, "credit_cards.date_modified": UNIX_SECONDS,
                  "local_stored_cvc.last_updated_timestamp": UNIX_SECONDS,
                  "server_card_metadata.use_date": WEBKIT_MICROSECONDS,
                  "unmasked_credit_cards.unmask_date": WEBKIT_MICROSECONDS,
                  "ibans.use_date": UNIX_SECONDS, "local_ibans.use_date": UNIX_SECONDS,
                  "masked_ibans_metadata.use_date": WEBKIT_MICROSECONDS}

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT rowid AS rid, name, value, date_created, date_last_used, count "
                                "FROM autofill ORDER BY rowid", autofill_to_event, table="autofill", id_column="rid")
        meta_cols = ("language_code", "label", "record_type")
        for table, tokens in ADDRESS_TABLES:
            if not (ctx.has_columns(table, "guid", "use_count", "use_date", "date_modified")
                    and ctx.has_columns(tokens, "guid", "type", "value")):
                continue
            cols = ", ".join(ctx.column_or_null(table, c, prefix="a") for c in meta_cols)
            sql = (f"SELECT a.rowid AS rid, a.guid, a.use_count, a.use_date, a.date_modified, {cols}, "
                   f"(SELECT json_group_object(t.type, t.value) FROM {tokens} t WHERE t.guid = a.guid) AS tokens "
                   f"FROM {table} a ORDER BY a.rowid")
            yield from ctx.map_rows(sql, partial(token_address_to_event, table=table), table=table, id_column="rid")
        if ctx.has_columns("autofill_profiles", "guid", "use_count", "use_date", "date_modified"):
            cols = ", ".join(ctx.column_or_null("autofill_profiles", c, prefix="p")
                             for c in (*LEGACY_ADDRESS_COLUMNS, "language_code", "label", "origin"))
            names = emails = phones = "NULL"
            if ctx.has_columns("autofill_profile_names", "guid", *LEGACY_NAME_COLUMNS):
                names = ("(SELECT json_group_array(json_object(" + ", ".join(
                    f"'{name}', n.{col}" for col, name in LEGACY_NAME_COLUMNS.items())
                    + ")) FROM autofill_profile_names n WHERE n.guid = p.guid)")
            if ctx.has_columns("autofill_profile_emails", "guid", "email"):
                emails = "(SELECT json_group_array(e.email) FROM autofill_profile_emails e WHERE e.guid = p.guid)"
            if ctx.has_columns("autofill_profile_phones", "guid", "number"):
                phones = "(SELECT json_group_array(f.number) FROM autofill_profile_phones f WHERE f.guid = p.guid)"
            sql = (f"SELECT p.rowid AS rid, p.guid, p.use_count, p.use_date, p.date_modified, {cols}, "
                   f"{names} AS names, {emails} AS emails, {phones} AS phones FROM autofill_profiles p ORDER BY p.rowid")
            yield from ctx.map_rows(sql, legacy_address_to_event, table="autofill_profiles", id_column="rid")
        yield from self._payments(ctx)

    @staticmethod
    def _payments(ctx):
        """The cards and IBANs of the file, each table as its version has it."""
        if ctx.has_columns("credit_cards", "guid", "use_count", "use_date"):
            cols = ", ".join(ctx.column_or_null("credit_cards", c, prefix="c") for c in CARD_COLUMNS)
            cvc = cvc_time = "NULL"
            if ctx.has_columns("local_stored_cvc", "guid", "value_encrypted", "last_updated_timestamp"):
                cvc = "(SELECT v.value_encrypted FROM local_stored_cvc v WHERE v.guid = c.guid)"
                cvc_time = "(SELECT v.last_updated_timestamp FROM local_stored_cvc v WHERE v.guid = c.guid)"
            sql = (f"SELECT c.rowid AS rid, c.guid, c.use_count, c.use_date, {cols}, {cvc} AS cvc_encrypted, "
                   f"{cvc_time} AS cvc_updated FROM credit_cards c ORDER BY c.rowid")
            yield from ctx.map_rows(sql, card_to_event, table="credit_cards", id_column="rid")
        if ctx.has_columns("masked_credit_cards", "id", "last_four"):
            cols = ", ".join(ctx.column_or_null("masked_credit_cards", c, prefix="m") for c in MASKED_CARD_COLUMNS)
            meta = "NULL AS use_count, NULL AS use_date, NULL AS billing_address_id"
            if ctx.has_columns("server_card_metadata", "id", "use_count", "use_date"):
                meta = ", ".join(
                    f"(SELECT s.{c} FROM server_card_metadata s WHERE s.id = m.id) AS {c}"
                    if ctx.has_columns("server_card_metadata", c) else f"NULL AS {c}"
                    for c in ("use_count", "use_date", "billing_address_id"))
            unmasked = "NULL AS unmasked_number, NULL AS unmask_date"
            if ctx.has_columns("unmasked_credit_cards", "id", "card_number_encrypted", "unmask_date"):
                unmasked = ("(SELECT u.card_number_encrypted FROM unmasked_credit_cards u WHERE u.id = m.id) AS "
                            "unmasked_number, (SELECT u.unmask_date FROM unmasked_credit_cards u WHERE u.id = m.id) "
                            "AS unmask_date")
            sql = (f"SELECT m.rowid AS rid, m.id, {cols}, {meta}, {unmasked} FROM masked_credit_cards m "
                   "ORDER BY m.rowid")
            yield from ctx.map_rows(sql, account_card_to_event, table="masked_credit_cards", id_column="rid")
        for table in ("ibans", "local_ibans"):
            if ctx.has_columns(table, "guid", "use_count", "use_date"):
                cols = ", ".join(ctx.column_or_null(table, c) for c in ("value", "value_encrypted", "nickname"))
                sql = f"SELECT rowid AS rid, guid, use_count, use_date, {cols} FROM {table} ORDER BY rowid"
                yield from ctx.map_rows(sql, partial(iban_to_event, table=table), table=table, id_column="rid")
        if ctx.has_columns("masked_ibans", "instrument_id", "prefix", "suffix"):
            cols = ctx.column_or_null("masked_ibans", "nickname", prefix="i")
            meta = "NULL AS use_count, NULL AS use_date"
            if ctx.has_columns("masked_ibans_metadata", "instrument_id", "use_count", "use_date"):
                meta = ", ".join(f"(SELECT d.{c} FROM masked_ibans_metadata d WHERE d.instrument_id = i.instrument_id)"
                                 f" AS {c}" for c in ("use_count", "use_date"))
            sql = (f"SELECT i.rowid AS rid, i.instrument_id, i.prefix, i.suffix, {cols}, {meta} FROM masked_ibans i "
                   "ORDER BY i.rowid")
            yield from ctx.map_rows(sql, account_iban_to_event, table="masked_ibans", id_column="rid")


class ChromiumCookiesParser(_ChromiumStore):
    name = "chromium_cookies"
    description = ("Chromium browsers: Cookies (every schema version from 4: flags under their current names, "
                   "values decoded where Android's fixed v10 key applies)")
    path_globs = _globs("Cookies")
    required_tables = {"cookies": {"creation_utc", "host_key", "name", "value", "path", "expires_utc",
                                   "last_access_utc"}}
    time_units = {f"cookies.{c}": WEBKIT_MICROSECONDS
                  for c in ("creation_utc", "expires_utc", "last_access_utc", "last_update_utc")}

    def parse(self, ctx):
        version = meta_version(ctx)
        if version is not None and version < FIRST_WEBKIT_COOKIES:
            ctx.warn_file(f"Cookies schema version {version} predates version {FIRST_WEBKIT_COOKIES}, before which Mac "
                          "and Linux kept times since 1970 (sqlite_persistent_cookie_store.cc): not parsed")
            return
        cols = []
        for current, old in COOKIE_RENAMED:
            if ctx.has_columns("cookies", current):
                cols.append(current)
            elif old and ctx.has_columns("cookies", old):
                cols.append(f"{old} AS {current}")
            else:
                cols.append(f"NULL AS {current}")
        cols += [ctx.column_or_null("cookies", c) for c in COOKIE_COLUMNS]
        sql = (f"SELECT rowid AS rid, creation_utc, host_key, name, value, path, expires_utc, last_access_utc, "
               f"{', '.join(cols)} FROM cookies ORDER BY rowid")
        yield from ctx.map_rows(sql, cookie_to_event, table="cookies", id_column="rid")


@hookimpl
def register_parsers(register):
    for parser in (ChromiumLoginDataParser, ChromiumAutofillParser, ChromiumCookiesParser):
        register(parser)
