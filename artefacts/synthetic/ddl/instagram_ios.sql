-- Instagram iOS direct messages DirectSQLiteDatabase/<user pk>.db: the CREATE statements of the real file, verbatim (sqlite_master order).
-- Source: log2timeline/plaso @ 4ea03ef9a48dad5284c371ac9b537a184b3eea9c, test_data/ios/9368974384.db
-- (Apache-2.0 test data; copied in ../shared/corpus/plaso/9368974384.db, SHA-256 b16cdf2938a0cf7c120ebfd4fdeea3a04a772bca6542b186d9742b5fef275e8b).
-- The same statements are plaso's SCHEMAS in plaso/parsers/sqlite_plugins/ios_instagram.py.
-- PRAGMA user_version of the source file: 1681936532
CREATE TABLE threads (
thread_id TEXT UNIQUE NOT NULL,
thread_id_v2 TEXT,
viewer_id TEXT NOT NULL,
metadata BLOB,
thread_messages_range BLOB,
visual_message_info BLOB,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE inbox_metadata (
sequence_id INTEGER NOT NULL,
snapshot_at_ms REAL NOT NULL,
snapshot_app_version TEXT NOT NULL,
cursors BLOB NOT NULL,
unseen_count_from_server INTEGER,
business_messaging_high_volume_rate_limit_state INTEGER NOT NULL,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE mutations (
mutation_id TEXT UNIQUE NOT NULL,
archive BLOB NOT NULL,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE thread_client_state (
thread_id TEXT NOT NULL,
archive BLOB NOT NULL,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE messages (
message_id TEXT NOT NULL,
thread_id TEXT NOT NULL,
archive BLOB NOT NULL,
class_name TEXT NOT NULL,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE quick_reply (
quickReplyId TEXT,
shortcut TEXT,
message TEXT,
row_id INTEGER PRIMARY KEY AUTOINCREMENT
);
