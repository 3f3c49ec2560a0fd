-- Session (Session Foundation) for Android: databases/session.db of network.loki.messenger
--   (SQLCipherOpenHelper.DATABASE_NAME = "session.db", DATABASE_VERSION = lokiV57 = 78), SQLCipher through
--   net.zetetic sqlcipher-android (SQLCipher 4 defaults) with "PRAGMA kdf_iter = 1" and
--   "PRAGMA cipher_page_size = 4096" (postKey hook); passphrase = DatabaseSecret.asString() (the 32-byte secret as
--   64 lowercase hex digits), the secret sealed in the preferences by the Android Keystore (DatabaseSecretProvider.kt).
-- PRAGMA user_version of the source file: 78
-- Sources (github session-foundation/session-android, Java/Kotlin string constants expanded, statements otherwise
--   unchanged):
--   app/src/main/java/org/thoughtcrime/securesms/database/SmsDatabase.java @ 01881f0f246a18a27804a264e67855b48d1bc09c
--     (CREATE_TABLE; CREATE_REACTIONS_UNREAD_COMMAND, CREATE_HAS_MENTION_COMMAND, ADD_IS_GROUP_UPDATE_COLUMN and
--     addProFeatureColumns folded in as the ALTER TABLE ... ADD COLUMN leave them; column names from
--     MmsSmsColumns.java @ 5f41845a: _id, thread_id, address, date_sent, read, body, ...; SmsDatabase: person,
--     date (DATE_RECEIVED), date_sent, protocol, status, type, reply_path_present, subject, service_center)
--   app/src/main/java/org/thoughtcrime/securesms/database/MmsDatabase.kt @ 01940395 (CREATE_TABLE with
--     IS_DELETED_COLUMN_DEF; CREATE_MESSAGE_REQUEST_RESPONSE_COMMAND, CREATE_REACTIONS_UNREAD_COMMAND,
--     CREATE_REACTIONS_LAST_SEEN_COMMAND, CREATE_HAS_MENTION_COMMAND, ADD_IS_GROUP_UPDATE_COLUMN,
--     ADD_MESSAGE_CONTENT_COLUMN folded in; the Kotlin raw string's line breaks kept as spaces)
--   app/src/main/java/org/thoughtcrime/securesms/database/AttachmentDatabase.java @ 2f7ec995 (CREATE_TABLE of part)
--   app/src/main/java/org/thoughtcrime/securesms/database/ThreadDatabase.java @ 01881f0f (CREATE_TABLE;
--     getCreatePinnedCommand, getUnreadMentionCountCommand, ADD_SNIPPET_CONTENT_COLUMN folded in)
--   app/src/main/java/org/thoughtcrime/securesms/database/RecipientSettingsDatabase.kt @ 5f41845a
--     (MIGRATION_CREATE_TABLE; migrateProStatusToProProof drops pro_status and adds pro_proof)
--   app/src/main/java/org/thoughtcrime/securesms/database/GroupDatabase.java @ 079be6f4 (CREATE_TABLE;
--     getCreateUpdatedTimestampCommand folded in)
--   PRO_MESSAGE_FEATURES / PRO_PROFILE_FEATURES column names: "pro_message_features" / "pro_profile_features" are not
--     in the files read, so those two ALTERs are left out.
-- PARTIAL: the tables' indexes (sms_thread_id_index, thread_addresses, group_id_index ...) are left out to keep the
--   committed sample small; recipient_preferences (the table before RecipientSettingsDatabase), loki_* and
--   the other tables and indexes are omitted.
-- Units and meanings (SmsDatabase.insertMessageInbox / insertMessageOutbox): date_sent = the sender's time, ms since
--   1970; date = the server timestamp (or the sent time), ms; expires_in = ms (getExpiresInMillis); expire_started = ms;
--   mms.date = the sent time (MmsDatabase.DATE_SENT = "date"), mms.date_received = the server timestamp or the sent
--   time (incoming) / the time of sending (outgoing), ms; mms.msg_box = the type bit field; mms.quote_id = the quoted
--   message's sent time, quote_author its sender (MmsDatabase.insertMessageInbox / insertMessageOutbox);
--   part.mid = mms._id, part._data = the file's absolute path on the device (app_parts/, encrypted with the
--   attachment secret), part.quote = 1 for a quote's thumbnail;
--   address = the sender for incoming rows, the recipient (contact or group) for outgoing rows; type = MmsSmsColumns.Types
--   bit field (base type = type & 0x1F); thread.recipient_ids = the conversation's address (Session ID "05..." or
--   "__textsecure_group__!<hex>" for a legacy closed group, GroupUtil.kt); groups.members = comma-separated addresses.

CREATE TABLE sms (_id integer PRIMARY KEY, thread_id INTEGER, address TEXT, address_device_id INTEGER DEFAULT 1, person INTEGER, date INTEGER, date_sent INTEGER, protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1,type INTEGER, reply_path_present INTEGER, delivery_receipt_count INTEGER DEFAULT 0,subject TEXT, body TEXT, mismatched_identities TEXT DEFAULT NULL, service_center TEXT, subscription_id INTEGER DEFAULT -1, expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0, notified DEFAULT 0, read_receipt_count INTEGER DEFAULT 0, unidentified INTEGER DEFAULT 0, is_deleted GENERATED ALWAYS AS ((type & 31) IN (28, 19)) VIRTUAL, reactions_unread INTEGER DEFAULT 0, has_mention INTEGER DEFAULT 0, is_group_update BOOL GENERATED ALWAYS AS (type & 524288 != 0) VIRTUAL);

CREATE TABLE mms (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, date_received INTEGER, msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, body TEXT, part_count INTEGER, ct_t TEXT, ct_l TEXT, address TEXT, address_device_id INTEGER, exp INTEGER, m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER, st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT, retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER, resp_txt TEXT, d_tm INTEGER, delivery_receipt_count INTEGER DEFAULT 0, mismatched_identities TEXT DEFAULT NULL, network_failures TEXT DEFAULT NULL, d_rpt INTEGER, subscription_id INTEGER DEFAULT -1, expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0, notified INTEGER DEFAULT 0, read_receipt_count INTEGER DEFAULT 0, quote_id INTEGER DEFAULT 0, quote_author TEXT, quote_body TEXT, quote_attachment INTEGER DEFAULT -1, quote_missing INTEGER DEFAULT 0, shared_contacts TEXT, unidentified INTEGER DEFAULT 0, previews TEXT, is_deleted GENERATED ALWAYS AS ( (msg_box & 31) IN (28, 19) ) VIRTUAL, message_request_response INTEGER DEFAULT 0, reactions_unread INTEGER DEFAULT 0, reactions_last_seen INTEGER DEFAULT 0, has_mention INTEGER DEFAULT 0, is_group_update BOOL GENERATED ALWAYS AS (msg_box & 524288 != 0) VIRTUAL, message_content TEXT DEFAULT NULL);

CREATE TABLE part (_id INTEGER PRIMARY KEY, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT, chset INTEGER, cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, encrypted INTEGER, pending_push INTEGER, _data TEXT, data_size INTEGER, file_name TEXT, thumbnail TEXT, aspect_ratio REAL, unique_id INTEGER NOT NULL, digest BLOB, fast_preflight_id TEXT, voice_note INTEGER DEFAULT 0, data_random BLOB, thumbnail_random BLOB, quote INTEGER DEFAULT 0, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, caption TEXT DEFAULT NULL, url TEXT, sticker_pack_id TEXT DEFAULT NULL, sticker_pack_key DEFAULT NULL, sticker_id INTEGER DEFAULT -1,audio_visual_samples BLOB, audio_duration INTEGER);

CREATE TABLE thread (_id INTEGER PRIMARY KEY, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0, recipient_ids TEXT, snippet TEXT, snippet_cs INTEGER DEFAULT 0, read INTEGER DEFAULT 1, type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, snippet_type INTEGER DEFAULT 0, snippet_uri TEXT DEFAULT NULL, archived INTEGER DEFAULT 0, status INTEGER DEFAULT 0, delivery_receipt_count INTEGER DEFAULT 0, expires_in INTEGER DEFAULT 0, last_seen INTEGER DEFAULT 0, has_sent INTEGER DEFAULT 0, read_receipt_count INTEGER DEFAULT 0, unread_count INTEGER DEFAULT 0, is_pinned INTEGER DEFAULT 0, unread_mention_count INTEGER DEFAULT 0, snippet_content TEXT DEFAULT NULL);

CREATE TABLE recipient_settings (
                address TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                mute_until INTEGER NOT NULL DEFAULT 0,
                notify_type INTEGER NOT NULL DEFAULT 1,
                auto_download_attachments BOOLEAN NOT NULL DEFAULT FALSE,
                profile_pic_key_b64 TEXT,
                profile_pic_url TEXT,
                name TEXT,
                blocks_community_messages_requests BOOLEAN NOT NULL DEFAULT TRUE,
                profile_update_time INTEGER NOT NULL DEFAULT 0,
                pro_proof TEXT DEFAULT NULL
            ) WITHOUT ROWID;

CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT, title TEXT, members TEXT, zombie_members TEXT, avatar BLOB, avatar_id INTEGER, avatar_key BLOB, avatar_content_type TEXT, avatar_relay TEXT, timestamp INTEGER, active INTEGER DEFAULT 1, avatar_digest BLOB, avatar_url TEXT, admins TEXT, mms INTEGER DEFAULT 0, updated INTEGER DEFAULT 0);
