-- Gmail for Android: databases/bigTopDataDB.<Java hashCode of the account name> (the smali of the app:
--   "bigTopDataDB." + account.name.hashCode()).
-- Source: ALEAPP scripts/artifacts/gmailEmails.py and its unit test (tests of scripts/artifacts gmailEmails: the
--   MESSAGE_SCHEMA and ATTACHMENT_SCHEMA it builds the tables with, verbatim below; the module reads the joined
--   row's columns by position: zipped_message_proto, attachment_file_name (15), attachment_hash (16)).
-- The file's other tables (items, label_counts ...) are not published as CREATE TABLE and are left out.
-- zipped_message_proto: one byte, then a zlib stream of a protobuf message (field 17: time in ms since 1970).
CREATE TABLE item_messages(row_id INTEGER PRIMARY KEY AUTOINCREMENT,
server_perm_id TEXT,items_row_id INTEGER,message_proto BLOB,zipped_message_proto BLOB,
is_missing_details INTEGER,write_sequence_id INTEGER,message_details_external_storage_id TEXT,
is_invalidated INTEGER,legacy_storage_id INTEGER);
CREATE TABLE item_message_attachments(row_id INTEGER PRIMARY KEY AUTOINCREMENT,
item_messages_row_id INTEGER,is_synced INTEGER,attachment_url TEXT,attachment_cache_key TEXT,
attachment_file_name TEXT,attachment_hash TEXT,message_synced_time_ms INTEGER);
