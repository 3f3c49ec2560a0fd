-- Kik for Android (kik.android) databases/kikDatabase.db (recent versions: <core id>.kikDatabase.db). No
--   public CREATE TABLE text was found: these statements hold the tables and columns that ALEAPP
--   scripts/artifacts/kikMessenger.py (abrignoni/ALEAPP @ 006c4e7d) reads from real databases, no other.
--   messagesTable(timestamp ms since 1970, was_me 1 = sent by the device's user, partner_jid, body,
--   read_state, bin_id = the chat id, content_id, app_id, uid, stat_msg, sys_msg) joined to
--   KIKcontactsTable on partner_jid = jid; KIKContentTable(content_id, content_name, content_string): one
--   row per attachment property ("file-name", "file-size", "file-url", "app-name", ...);
--   KIKContentURITable(content_id, content_uri, type, platform, file_content_type);
--   chatMetaInfTable(chat_end_time, bin_id, ...). photo_timestamp is ms since 1970 (ALEAPP _ms).
CREATE TABLE messagesTable (body TEXT, partner_jid TEXT, was_me INTEGER, read_state INTEGER, uid TEXT, timestamp INTEGER, bin_id TEXT, stat_msg TEXT, sys_msg TEXT, content_id TEXT, app_id TEXT);
CREATE TABLE KIKcontactsTable (jid TEXT, display_name TEXT, user_name TEXT, local_name TEXT, is_group INTEGER, group_size INTEGER, group_hashtag TEXT, in_roster INTEGER, is_blocked INTEGER, is_ignored INTEGER, is_stub INTEGER, verified INTEGER, user_type INTEGER, user_permission_level INTEGER, is_user_admin INTEGER, is_user_removed INTEGER, description TEXT, photo_url TEXT, photo_timestamp INTEGER);
CREATE TABLE KIKContentTable (content_id TEXT, content_name TEXT, content_string TEXT);
CREATE TABLE KIKContentURITable (content_id TEXT, content_uri TEXT, type TEXT, platform TEXT, file_content_type TEXT);
CREATE TABLE chatMetaInfTable (bin_id TEXT, chat_end_time INTEGER, retained INTEGER, show_when_empty INTEGER, is_anonymously_matched INTEGER, anon_chat_session_uuid TEXT, anon_has_been_reported INTEGER, anon_chat_has_been_rated INTEGER, anon_friending_initiated INTEGER, sort_order INTEGER);
-- databases/kikCoreDatabase.db (ALEAPP kik_local_account: "SELECT username FROM CoreTable ORDER BY is_active DESC";
--   the core id names the account's other databases, "<core id>.kikDatabase.db").
CREATE TABLE CoreTable (core_id TEXT, username TEXT, is_active INTEGER);
