-- Chromium "Cookies" database, every Chromium browser: Android <package>/app_chrome/Default/Cookies (ALEAPP
--   scripts/artifacts/chromeCookies.py paths).
-- Source: chromium/chromium net/extras/sqlite/sqlite_persistent_cookie_store.cc CreateV20Schema (kCurrentVersionNumber
--   20): the table and index verbatim. Its version history: 10 renamed secure/httponly/persistent to
--   is_secure/is_httponly/is_persistent, 11 firstpartyonly to samesite, 12 added source_scheme, 13 source_port and
--   is_same_party, 15 top_frame_site_key, 18 last_update_utc; a real Chrome profile's version 24 has
--   source_type and has_cross_site_ancestor and no is_same_party.
-- Units: creation_utc, expires_utc, last_access_utc, last_update_utc are WebKit microseconds since 1601 (version 4
--   and later); encrypted_value is OSCrypt "v10" where the platform encrypts (artefacts/decoders/chromium_oscrypt.py).
CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR);
CREATE TABLE cookies(creation_utc INTEGER NOT NULL,host_key TEXT NOT NULL,top_frame_site_key TEXT NOT NULL,name TEXT NOT NULL,value TEXT NOT NULL,encrypted_value BLOB NOT NULL,path TEXT NOT NULL,expires_utc INTEGER NOT NULL,is_secure INTEGER NOT NULL,is_httponly INTEGER NOT NULL,last_access_utc INTEGER NOT NULL,has_expires INTEGER NOT NULL,is_persistent INTEGER NOT NULL,priority INTEGER NOT NULL,samesite INTEGER NOT NULL,source_scheme INTEGER NOT NULL,source_port INTEGER NOT NULL,is_same_party INTEGER NOT NULL,last_update_utc INTEGER NOT NULL);
CREATE UNIQUE INDEX cookies_unique_index ON cookies(host_key, top_frame_site_key, name, path, source_scheme, source_port);
