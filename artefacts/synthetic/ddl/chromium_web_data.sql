-- Chromium "Web Data" database (autofill), every Chromium browser: Android <package>/app_chrome/Default/Web Data.
-- Source: chromium/chromium components/test/data/web_database/version_160.sql (Chromium's own dump of the
--   version 160 schema): the meta, autofill, addresses, address_type_tokens and payment statements verbatim
--   (credit_cards, local_stored_cvc, masked_credit_cards, server_card_metadata, local_ibans, masked_ibans,
--   masked_ibans_metadata; the other tables of the file: keywords, offers ... are not read here). The autofill table is the same from
--   version_78.sql on; addresses were in autofill_profiles (+ autofill_profile_names/_emails/_phones) up to
--   version 112 (version_100.sql), local_addresses / contact_info with their _type_tokens from 107/113, merged into
--   addresses at 134 (address_autofill_table.cc migrations). address_type_tokens.type: field_types.h ServerFieldType.
-- Units of addresses.use_date / date_modified: seconds since 1970 (address_autofill_table.cc binds ToTimeT()).
-- Units of the payment tables (payments_autofill_table.cc): credit_cards.use_date / date_modified,
--   local_stored_cvc.last_updated_timestamp and local_ibans.use_date are seconds since 1970 (ToTimeT());
--   server_card_metadata.use_date and masked_ibans_metadata.use_date are WebKit microseconds (BindTime,
--   FromInternalValue). Encrypted values (card_number_encrypted, value_encrypted) are OSCrypt (system_encryptor.cc).
-- Units: autofill.date_created and date_last_used are seconds since 1970 (plaso
--   plaso/parsers/sqlite_plugins/chrome_autofill.py reads them as POSIX time; a real Edge row published in the
--   project's search results: INSERT INTO autofill VALUES('hist_call_1','wa1sxk','wa1sxk',1688053227,1688058074,2)).
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE autofill (name VARCHAR, value VARCHAR, value_lower VARCHAR, date_created INTEGER DEFAULT 0, date_last_used INTEGER DEFAULT 0, count INTEGER DEFAULT 1, PRIMARY KEY (name, value));
CREATE INDEX autofill_name ON autofill(name);
CREATE INDEX autofill_name_value_lower ON autofill(name, value_lower);
CREATE TABLE addresses (guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, date_modified INTEGER NOT NULL DEFAULT 0, language_code VARCHAR, label VARCHAR, initial_creator_id INTEGER DEFAULT 0, record_type INTEGER);
CREATE TABLE address_type_tokens (guid VARCHAR, type INTEGER, value VARCHAR, verification_status INTEGER DEFAULT 0, observations BLOB, PRIMARY KEY (guid, type));
CREATE TABLE credit_cards (guid VARCHAR PRIMARY KEY, name_on_card VARCHAR, expiration_month INTEGER, expiration_year INTEGER, card_number_encrypted BLOB, date_modified INTEGER NOT NULL DEFAULT 0, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, billing_address_id VARCHAR, nickname VARCHAR, is_user_confirmed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE local_ibans (guid VARCHAR PRIMARY KEY, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, value_encrypted VARCHAR, nickname VARCHAR);
CREATE TABLE masked_credit_cards (id VARCHAR, name_on_card VARCHAR, network VARCHAR, last_four VARCHAR, exp_month INTEGER DEFAULT 0, exp_year INTEGER DEFAULT 0, bank_name VARCHAR, nickname VARCHAR, card_issuer INTEGER DEFAULT 0, instrument_id INTEGER DEFAULT 0, virtual_card_enrollment_state INTEGER DEFAULT 0, card_art_url VARCHAR, product_description VARCHAR, card_issuer_id VARCHAR, virtual_card_enrollment_type INTEGER DEFAULT 0, product_terms_url VARCHAR, card_info_retrieval_enrollment_state INTEGER DEFAULT 0, card_benefit_source INTEGER DEFAULT 0, card_creation_source INTEGER DEFAULT 0);
CREATE TABLE server_card_metadata (id VARCHAR NOT NULL, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0, billing_address_id VARCHAR);
CREATE TABLE local_stored_cvc (guid VARCHAR PRIMARY KEY NOT NULL, value_encrypted VARCHAR NOT NULL, last_updated_timestamp INTEGER NOT NULL);
CREATE TABLE masked_ibans (instrument_id VARCHAR PRIMARY KEY NOT NULL, prefix VARCHAR NOT NULL, suffix VARCHAR NOT NULL, nickname VARCHAR);
CREATE TABLE masked_ibans_metadata (instrument_id VARCHAR PRIMARY KEY NOT NULL, use_count INTEGER NOT NULL DEFAULT 0, use_date INTEGER NOT NULL DEFAULT 0);
