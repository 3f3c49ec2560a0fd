-- LINE for Android (jp.naver.line.android) databases/naver_line and databases/call_history. No public
--   CREATE TABLE text of either was found: these statements hold the tables and columns that the sources
--   below read from real databases, no other.
--   * naver_line: a Django "inspectdb" model module generated from a real naver_line (stored public code:
--     "This is an auto-generated Django model module", db_table chat / chat_history / contacts /
--     membership / groups, managed = False). Its field types give the affinities (created_time and
--     delivered_time are TextField there, i.e. TEXT columns holding ms since 1970); the implicit
--     INTEGER id of chat_history is the one ALEAPP's newer line.py selects as messages.id.
--   * ALEAPP scripts/artifacts/line.py (abrignoni/ALEAPP @ 2578e458): chat_history(chat_id, from_mid,
--     content, created_time ms, attachement_type [sic], attachement_local_uri, status 1 incoming /
--     else outgoing), membership(id, m_id), contacts(m_id, server_name); call_history(call_type whose
--     last letter O = outgoing, start_time ms, end_time ms, caller_mid, voip_type V video / A audio /
--     G group, voip_gc_media_type). call_history lives in its own database file "call_history".
CREATE TABLE chat (chat_id TEXT PRIMARY KEY, chat_name TEXT, owner_mid TEXT, last_from_mid TEXT, last_message TEXT, last_created_time TEXT, message_count INTEGER, read_message_count INTEGER, type INTEGER, is_notification INTEGER, is_archived INTEGER);
CREATE TABLE chat_history (id INTEGER PRIMARY KEY AUTOINCREMENT, server_id TEXT, type INTEGER, chat_id TEXT, from_mid TEXT, content TEXT, created_time TEXT, delivered_time TEXT, status INTEGER, sent_count INTEGER, read_count INTEGER, location_name TEXT, location_address TEXT, location_phone TEXT, location_latitude INTEGER, location_longitude INTEGER, attachement_image INTEGER, attachement_image_height INTEGER, attachement_image_width INTEGER, attachement_image_size INTEGER, attachement_type INTEGER, attachement_local_uri TEXT, parameter TEXT, chunks BLOB);
CREATE TABLE contacts (m_id TEXT PRIMARY KEY, contact_id TEXT, contact_key TEXT, name TEXT, phonetic_name TEXT, server_name TEXT, addressbook_name TEXT, custom_name TEXT, status_msg TEXT, picture_path TEXT, relation INTEGER, status INTEGER, contact_kind INTEGER, contact_type INTEGER, hidden INTEGER, favorite INTEGER, updated_time INTEGER, created_time INTEGER NOT NULL);
CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT, picture_status TEXT, creator TEXT, status INTEGER, updated_time INTEGER, created_time INTEGER NOT NULL);
CREATE TABLE membership (id TEXT NOT NULL, m_id TEXT NOT NULL, is_accepted INTEGER NOT NULL, updated_time INTEGER NOT NULL, created_time INTEGER NOT NULL, PRIMARY KEY (id, m_id));
CREATE TABLE call_history (caller_mid TEXT, call_type TEXT, voip_type TEXT, voip_gc_media_type TEXT, start_time INTEGER, end_time INTEGER);
