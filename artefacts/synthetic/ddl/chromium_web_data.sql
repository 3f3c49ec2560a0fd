-- Chromium "Web Data" database (autofill), every Chromium browser: Android <package>/app_chrome/Default/Web Data.
-- Source: chromium/chromium components/test/data/web_database/version_160.sql (Chromium's own dump of the
--   version 160 schema): the meta, autofill, addresses and address_type_tokens statements verbatim (the other
--   tables of the file: cards, IBANs, keywords ... are not read here). The autofill table is the same from
--   version_78.sql on; addresses were in autofill_profiles (+ autofill_profile_names/_emails/_phones) up to
--   version 112 (version_100.sql), local_addresses / contact_info with their _type_tokens from 107/113, merged into
--   addresses at 134 (address_autofill_table.cc migrations). address_type_tokens.type: field_types.h ServerFieldType.
-- Units of addresses.use_date / date_modified: seconds since 1970 (address_autofill_table.cc binds ToTimeT()).
-- Units: autofill.date_created and date_last_used are seconds since 1970 (plaso
--   plaso/parsers/sqlite_plugins/chrome_autofill.py reads them as POSIX time; a real Edge row published in the
--   project's search results: INSERT INTO autofill VALUES('hist_call_1','wa1sxk','wa1sxk',1688053227,1688058074,2)).
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE autofill (name VARCHAR, value VARCHAR, value_lower VARCHAR, date_created INTEGER DEFAULT 0, date_last_used INTEGER DEFAULT 0, count INTEGER DEFAULT 1, PRIMARY KEY (name, value));
CREATE INDEX autofill_name ON autofill(name);
CREATE INDEX autofill_name_value_lower ON autofill(name, value_lower);
CREATE TABLE addresses (guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0, language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0, record_type INTEGER);
CREATE TABLE address_type_tokens (guid VARCHAR, type INTEGER, value VARCHAR, verification_status INTEGER DEFAULT 0, observations BLOB, PRIMARY KEY (guid, type));
