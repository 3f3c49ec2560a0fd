-- Chromium "Login Data" database (saved passwords), every Chromium browser: Android
--   <package>/app_chrome/Default/Login Data (ALEAPP scripts/artifacts/chromeLoginData.py paths).
-- Source: chromium/chromium components/test/data/password_manager/login_db_v43.sql (Chromium's own dump of
--   the version 43 schema, meta version 43 / last_compatible_version 40): the CREATE statements verbatim.
--   Older versions (login_db_v22.sql ... v42) lack id AUTOINCREMENT (v22: "id INTEGER ... PRIMARY KEY (id)"),
--   date_last_used, moving_blocked_for, date_password_modified, the sender_* columns, keychain_identifier,
--   date_last_filled and actor_login_approved, and have preferred and date_synced.
-- Units: date_created, date_last_used, date_password_modified, date_received, date_last_filled and
--   insecure_credentials.create_time / password_notes.date_created are WebKit microseconds since 1601 (the dump's
--   rows: 13047429345000000); password_value is OSCrypt "v10" (artefacts/decoders/chromium_oscrypt.py).
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE logins (
origin_url VARCHAR NOT NULL,
action_url VARCHAR,
username_element VARCHAR,
username_value VARCHAR,
password_element VARCHAR,
password_value BLOB,
submit_element VARCHAR,
signon_realm VARCHAR NOT NULL,
date_created INTEGER NOT NULL,
blacklisted_by_user INTEGER NOT NULL,
scheme INTEGER NOT NULL,
password_type INTEGER,
times_used INTEGER,
form_data BLOB,
display_name VARCHAR,
icon_url VARCHAR,
federation_url VARCHAR,
skip_zero_click INTEGER,
generation_upload_status INTEGER,
possible_username_pairs BLOB,
id INTEGER PRIMARY KEY AUTOINCREMENT,
date_last_used INTEGER,
moving_blocked_for BLOB,
date_password_modified INTEGER,
sender_email VARCHAR,
sender_name VARCHAR,
date_received INTEGER,
sharing_notification_displayed INTEGER NOT NULL DEFAULT 0,
keychain_identifier BLOB,
sender_profile_image_url VARCHAR,
date_last_filled INTEGER NOT NULL DEFAULT 0,
actor_login_approved INTEGER NOT NULL DEFAULT 0,
UNIQUE (origin_url, username_element, username_value, password_element, signon_realm));
CREATE INDEX logins_signon ON logins (signon_realm);
CREATE TABLE stats (
origin_domain VARCHAR NOT NULL,
username_value VARCHAR,
dismissal_count INTEGER,
update_time INTEGER NOT NULL,
UNIQUE(origin_domain, username_value));
CREATE INDEX stats_origin ON stats(origin_domain);
CREATE TABLE sync_entities_metadata (
  storage_key INTEGER PRIMARY KEY AUTOINCREMENT,
  metadata VARCHAR NOT NULL
);
CREATE TABLE sync_model_metadata (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  metadata VARCHAR NOT NULL
);
CREATE TABLE insecure_credentials (
parent_id INTEGER REFERENCES logins ON UPDATE CASCADE ON DELETE CASCADE
  DEFERRABLE INITIALLY DEFERRED,
insecurity_type INTEGER NOT NULL,
create_time INTEGER NOT NULL,
is_muted INTEGER NOT NULL DEFAULT 0,
trigger_notification_from_backend INTEGER NOT NULL DEFAULT 0,
UNIQUE (parent_id, insecurity_type));
CREATE INDEX foreign_key_index ON insecure_credentials (parent_id);
CREATE TABLE password_notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  parent_id INTEGER NOT NULL REFERENCES logins ON UPDATE CASCADE
    ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  key VARCHAR NOT NULL,
  value BLOB,
  date_created INTEGER NOT NULL,
  confidential BOOL,
  UNIQUE (parent_id, key)
);
CREATE INDEX foreign_key_index_notes ON password_notes (parent_id);
