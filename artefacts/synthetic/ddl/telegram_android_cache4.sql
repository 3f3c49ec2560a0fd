-- Telegram Android cache4.db (data/data/org.telegram.messenger/files/cache4.db; account N>0 uses
--   files/account<N>/cache4.db). Not encrypted.
-- Source: github DrKLO/Telegram, TMessagesProj/src/main/java/org/telegram/messenger/MessagesStorage.java
--   @ 002c01ecd37cd08ed07b3ed84d79318d091dfc85 (2020-2021 era: first-run CREATE TABLE block), for every
--   table below EXCEPT messages_v2.
--   messages_v2: the newer first-run DDL (DB versions after 2021, when `messages` became
--   `messages_v2` keyed by (mid, uid)) as found in later copies of the same MessagesStorage.java file
--   (DrKLO/Telegram and forks in the code index; exact commit not pinned). Successive versions add
--   columns at the end: ... reply_to_message_id, then custom_params BLOB, then group_id INTEGER,
--   then reply_to_story_id INTEGER (the variant below). Newer versions also rename media_v2 ->
--   media_v4 (adds topic columns) and add topic tables - not captured here.
-- Timestamps: messages_v2.date, dialogs.date, dialogs.date_i, users.status (last seen, when > 0),
--   channel_users_v2.date, chat_hints.date, enc_tasks_v2.date, media_v2.date, sharing_locations.date,
--   unread_push_messages.date, params.date: SECONDS since 1970 UTC. ttl, sharing_locations.period: s.
-- Notes: uid / did = dialog id: > 0 user, < 0 chat or channel (-id);
--   secret chats encoded as (enc_chat_id << 32). out 1 = sent by the device owner.
--   data BLOBs are TL-serialised objects (TLRPC.Message, User, Chat, ...): see formats.md.
--   users.name = "first last;;;username" (lower-cased search string).

CREATE TABLE messages_v2(
  mid INTEGER, uid INTEGER, read_state INTEGER, send_state INTEGER, date INTEGER, data BLOB,
  out INTEGER, ttl INTEGER, media INTEGER, replydata BLOB, imp INTEGER, mention INTEGER,
  forwards INTEGER, replies_data BLOB, thread_reply_id INTEGER, is_channel INTEGER,
  reply_to_message_id INTEGER, custom_params BLOB, group_id INTEGER, reply_to_story_id INTEGER,
  PRIMARY KEY(mid, uid)
);
CREATE INDEX IF NOT EXISTS uid_mid_read_out_idx_messages_v2 ON messages_v2(uid, mid, read_state, out);
CREATE INDEX IF NOT EXISTS uid_date_mid_idx_messages_v2 ON messages_v2(uid, date, mid);
CREATE INDEX IF NOT EXISTS mid_out_idx_messages_v2 ON messages_v2(mid, out);
CREATE INDEX IF NOT EXISTS task_idx_messages_v2 ON messages_v2(uid, out, read_state, ttl, date, send_state);

CREATE TABLE users(uid INTEGER PRIMARY KEY, name TEXT, status INTEGER, data BLOB);
CREATE TABLE users_data(uid INTEGER PRIMARY KEY, about TEXT);
CREATE TABLE chats(uid INTEGER PRIMARY KEY, name TEXT, data BLOB);
CREATE TABLE enc_chats(uid INTEGER PRIMARY KEY, user INTEGER, name TEXT, data BLOB, g BLOB, authkey BLOB, ttl INTEGER, layer INTEGER, seq_in INTEGER, seq_out INTEGER, use_count INTEGER, exchange_id INTEGER, key_date INTEGER, fprint INTEGER, fauthkey BLOB, khash BLOB, in_seq_no INTEGER, admin_id INTEGER, mtproto_seq INTEGER);
CREATE TABLE channel_users_v2(did INTEGER, uid INTEGER, date INTEGER, data BLOB, PRIMARY KEY(did, uid));
CREATE TABLE channel_admins_v2(did INTEGER, uid INTEGER, rank TEXT, PRIMARY KEY(did, uid));
CREATE TABLE contacts(uid INTEGER PRIMARY KEY, mutual INTEGER);
CREATE TABLE user_photos(uid INTEGER, id INTEGER, data BLOB, PRIMARY KEY (uid, id));
CREATE TABLE user_contacts_v7(key TEXT PRIMARY KEY, uid INTEGER, fname TEXT, sname TEXT, imported INTEGER);
CREATE TABLE user_phones_v7(key TEXT, phone TEXT, sphone TEXT, deleted INTEGER, PRIMARY KEY (key, phone));
CREATE INDEX IF NOT EXISTS sphone_deleted_idx_user_phones ON user_phones_v7(sphone, deleted);
CREATE TABLE user_settings(uid INTEGER PRIMARY KEY, info BLOB, pinned INTEGER);
CREATE TABLE chat_settings_v2(uid INTEGER PRIMARY KEY, info BLOB, pinned INTEGER, online INTEGER);
CREATE TABLE chat_pinned_v2(uid INTEGER, mid INTEGER, data BLOB, PRIMARY KEY (uid, mid));
CREATE TABLE chat_hints(did INTEGER, type INTEGER, rating REAL, date INTEGER, PRIMARY KEY(did, type));

CREATE TABLE dialogs(did INTEGER PRIMARY KEY, date INTEGER, unread_count INTEGER, last_mid INTEGER, inbox_max INTEGER, outbox_max INTEGER, last_mid_i INTEGER, unread_count_i INTEGER, pts INTEGER, date_i INTEGER, pinned INTEGER, flags INTEGER, folder_id INTEGER, data BLOB);
CREATE INDEX IF NOT EXISTS date_idx_dialogs ON dialogs(date);
CREATE INDEX IF NOT EXISTS folder_id_idx_dialogs ON dialogs(folder_id);
CREATE TABLE dialog_settings(did INTEGER PRIMARY KEY, flags INTEGER);
CREATE TABLE dialog_filter(id INTEGER PRIMARY KEY, ord INTEGER, unread_count INTEGER, flags INTEGER, title TEXT);
CREATE TABLE dialog_filter_ep(id INTEGER, peer INTEGER, PRIMARY KEY (id, peer));
CREATE TABLE dialog_filter_pin_v2(id INTEGER, peer INTEGER, pin INTEGER, PRIMARY KEY (id, peer));

CREATE TABLE randoms(random_id INTEGER, mid INTEGER, PRIMARY KEY (random_id, mid));
CREATE TABLE enc_tasks_v2(mid INTEGER PRIMARY KEY, date INTEGER);
CREATE TABLE messages_seq(mid INTEGER PRIMARY KEY, seq_in INTEGER, seq_out INTEGER);
CREATE INDEX IF NOT EXISTS seq_idx_messages_seq ON messages_seq(seq_in, seq_out);
CREATE TABLE params(id INTEGER PRIMARY KEY, seq INTEGER, pts INTEGER, date INTEGER, qts INTEGER, lsv INTEGER, sg INTEGER, pbytes BLOB);
CREATE TABLE media_v2(mid INTEGER PRIMARY KEY, uid INTEGER, date INTEGER, type INTEGER, data BLOB);
CREATE INDEX IF NOT EXISTS uid_mid_type_date_idx_media ON media_v2(uid, mid, type, date);
CREATE TABLE media_counts_v2(uid INTEGER, type INTEGER, count INTEGER, old INTEGER, PRIMARY KEY(uid, type));
CREATE TABLE download_queue(uid INTEGER, type INTEGER, date INTEGER, data BLOB, parent TEXT, PRIMARY KEY (uid, type));
CREATE TABLE sent_files_v2(uid TEXT, type INTEGER, data BLOB, parent TEXT, PRIMARY KEY (uid, type));
CREATE TABLE sharing_locations(uid INTEGER PRIMARY KEY, mid INTEGER, date INTEGER, period INTEGER, message BLOB, proximity INTEGER);
CREATE TABLE unread_push_messages(uid INTEGER, mid INTEGER, random INTEGER, date INTEGER, data BLOB, fm TEXT, name TEXT, uname TEXT, flags INTEGER, PRIMARY KEY(uid, mid));
CREATE TABLE polls(mid INTEGER PRIMARY KEY, id INTEGER);
CREATE TABLE bot_info(uid INTEGER PRIMARY KEY, info BLOB);
CREATE TABLE keyvalue(id TEXT PRIMARY KEY, value TEXT);
CREATE TABLE search_recent(did INTEGER PRIMARY KEY, date INTEGER);
CREATE TABLE webpage_pending(id INTEGER, mid INTEGER, PRIMARY KEY (id, mid));

-- Added for artefacts/synthetic/telegram.py (not in the reference file above): the shared-media
-- index of newer app versions, with the columns and key the project notes give for it
-- (formats.md section 4.1: "media_v4(mid, uid, date, type, data, PRIMARY KEY(mid,uid,type))").
-- Newer versions also add topic columns to it; those are not known here and are left out.
CREATE TABLE media_v4(mid INTEGER, uid INTEGER, date INTEGER, type INTEGER, data BLOB, PRIMARY KEY(mid, uid, type));
