-- Samsung Messages (com.samsung.android.messaging) databases/message_content.db: the app's own copy of the
-- messages it shows (the SMS/MMS themselves are in the telephony provider's mmssms.db).
-- No CREATE TABLE statement is published. This file declares exactly the tables and columns a practitioner's
-- published query reads from real files (github LongRangeBehaviorModificationSpecialist/SQL_Queries
-- Android/android_message_content-db.sql, commit f2fc005): messages(_id, conversation_id, recipients,
-- message_box_type, created_timestamp, sent_timestamp, remote_message_uri, message_type, message_size, is_read,
-- updated_timestamp, creator, remote_creator, req_app_id), parts(message_id, text, content_uri, content_type,
-- file_name, size) and recipients(_id, cache_name); plus message_status and scheduled_timestamp, which the
-- app's own code names in a query of messages (decompiled Samsung Messages smali in the project's search
-- results: "message_box_type!=100 AND (message_status = 1101 ... OR scheduled_timestamp > 0)"). Column types
-- are not sourced (SQLite stores any value in any column); parts are read in row order.
-- Units (the practitioner's query): created_timestamp, sent_timestamp, updated_timestamp are ms since 1970
-- (divided by 1000 for 'UNIXEPOCH'); 0 in sent_timestamp / updated_timestamp means none. message_box_type 100
-- incoming, 102 outgoing (the same query); other values are not named by any source.
CREATE TABLE messages (_id INTEGER PRIMARY KEY, conversation_id INTEGER, recipients TEXT, message_box_type INTEGER, message_status INTEGER, created_timestamp INTEGER, sent_timestamp INTEGER, updated_timestamp INTEGER, scheduled_timestamp INTEGER, remote_message_uri TEXT, message_type INTEGER, message_size INTEGER, is_read INTEGER, creator TEXT, remote_creator TEXT, req_app_id TEXT);
CREATE TABLE parts (message_id INTEGER, text TEXT, content_uri TEXT, content_type TEXT, file_name TEXT, size INTEGER);
CREATE TABLE recipients (_id INTEGER PRIMARY KEY, cache_name TEXT);
