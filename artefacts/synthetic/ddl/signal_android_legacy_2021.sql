-- Signal Android signal.db (SQLCipher), 2021 generation: the tables that went with the legacy `sms`
-- table of signal_android_legacy_sms_mms.sql (SmsDatabase.java @ bcd4b096), before the 2022-2023
-- renames and the merge of sms + mms into `message`.
-- Written for this project from the CREATE_TABLE / CREATE_INDEXS strings of
-- github signalapp/Signal-Android, app/src/main/java/org/thoughtcrime/securesms/database/:
--   MmsDatabase.java        @ 88c510310ffdc76346ef5a934c0c8586324b7c54  (mms; same text @ 01f14366)
--   AttachmentDatabase.java @ 88c510310ffdc76346ef5a934c0c8586324b7c54  (part)
--   ThreadDatabase.java     @ 88c510310ffdc76346ef5a934c0c8586324b7c54  (thread)
--   RecipientDatabase.java  @ 0093e1d3eb51333033b6cbcf55ff793e33f0a6e5  (recipient)
--   GroupDatabase.java      @ e10284bd1387a7639179558a52d1a077accaf0b3  (groups)
-- Java constants resolved to their string values (MmsSmsColumns: ID "_id", THREAD_ID "thread_id",
--   RECIPIENT_ID "address", ADDRESS_DEVICE_ID "address_device_id", DATE_SERVER "date_server",
--   READ "read", BODY "body", DELIVERY_RECEIPT_COUNT "delivery_receipt_count", READ_RECEIPT_COUNT
--   "read_receipt_count", VIEWED_RECEIPT_COUNT "viewed_receipt_count", MISMATCHED_IDENTITIES
--   "mismatched_identities", SUBSCRIPTION_ID "subscription_id", EXPIRES_IN "expires_in",
--   EXPIRE_STARTED "expire_started", NOTIFIED "notified", NOTIFIED_TIMESTAMP "notified_timestamp",
--   UNIDENTIFIED "unidentified", REACTIONS "reactions", REACTIONS_UNREAD "reactions_unread",
--   REACTIONS_LAST_SEEN "reactions_last_seen", REMOTE_DELETED "remote_deleted"; MmsDatabase:
--   DATE_SENT "date", MESSAGE_BOX "msg_box", VIEW_ONCE "reveal_duration", LINK_PREVIEWS "previews";
--   AttachmentDatabase: MMS_ID "mid", CONTENT_TYPE "ct", DATA "_data", TRANSFER_STATE "pending_push",
--   SIZE "data_size", UNIQUE_ID "unique_id"; ThreadDatabase: RECIPIENT_ID "recipient_ids";
--   RecipientDatabase: PHONE "phone", UUID "uuid", SYSTEM_JOINED_NAME "system_display_name",
--   PROFILE_GIVEN_NAME "signal_profile_name", AVATAR_COLOR "color", STORAGE_SERVICE_ID
--   "storage_service_key", WALLPAPER_URI "wallpaper_file") and enum defaults to their ids
--   (ReadStatus.READ = 1, GroupType.NONE = 0, VibrateState.DEFAULT = 0, InsightsBannerTier.NO_TIER = 0,
--   RegisteredState.UNKNOWN = 0, MentionSetting.ALWAYS_NOTIFY = 0). Whitespace and the
--   "IF NOT EXISTS" of the index statements are as in the source.
-- The five files are of the same 2021 period but not of one commit; no single real signal.db is
-- known to have exactly this set of tables.
-- Timestamps: mms.date = SENT time, mms.date_received, date_server, expire_started,
--   notified_timestamp, part.upload_timestamp, thread.date, groups.timestamp, recipient.mute_until,
--   last_profile_fetch: ms since 1970 UTC. mms.expires_in: ms (duration);
--   recipient.message_expiration_time: seconds (duration).
-- Codes: mms.msg_box = the type bit field of signal_android_current.sql (MmsSmsColumns.Types).
--   mms.address = recipient._id (sender of incoming messages, the thread's recipient of outgoing
--   ones); mms.quote_author = recipient._id as text; mms.reactions = ReactionList protobuf.
--   part.mid -> mms._id; part._data = file in app_parts/ (encrypted with data_random);
--   part.pending_push 0 done, 1 started, 2 pending, 3 failed (AttachmentDatabase.TRANSFER_PROGRESS_*).
--   thread.recipient_ids = one recipient._id. recipient.group_type 0 none, 1 MMS, 2 Signal v1,
--   3 Signal v2 (RecipientDatabase.GroupType). groups.members = recipient ids joined with ','
--   (RecipientId.toSerializedList, DELIMITER ',').

CREATE TABLE mms (_id INTEGER PRIMARY KEY, thread_id INTEGER, date INTEGER, date_received INTEGER, date_server INTEGER DEFAULT -1, msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, body TEXT, part_count INTEGER, ct_t TEXT, ct_l TEXT, address INTEGER, address_device_id INTEGER, exp INTEGER, m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER, st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT, retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER, resp_txt TEXT, d_tm INTEGER, delivery_receipt_count INTEGER DEFAULT 0, mismatched_identities TEXT DEFAULT NULL, network_failures TEXT DEFAULT NULL,d_rpt INTEGER, subscription_id INTEGER DEFAULT -1, expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0, notified INTEGER DEFAULT 0, read_receipt_count INTEGER DEFAULT 0, quote_id INTEGER DEFAULT 0, quote_author TEXT, quote_body TEXT, quote_attachment INTEGER DEFAULT -1, quote_missing INTEGER DEFAULT 0, quote_mentions BLOB DEFAULT NULL,shared_contacts TEXT, unidentified INTEGER DEFAULT 0, previews TEXT, reveal_duration INTEGER DEFAULT 0, reactions BLOB DEFAULT NULL, reactions_unread INTEGER DEFAULT 0, reactions_last_seen INTEGER DEFAULT -1, remote_deleted INTEGER DEFAULT 0, mentions_self INTEGER DEFAULT 0, notified_timestamp INTEGER DEFAULT 0, viewed_receipt_count INTEGER DEFAULT 0);

CREATE TABLE part (_id INTEGER PRIMARY KEY, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT, chset INTEGER, cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, encrypted INTEGER, pending_push INTEGER, _data TEXT, data_size INTEGER, file_name TEXT, unique_id INTEGER NOT NULL, digest BLOB, fast_preflight_id TEXT, voice_note INTEGER DEFAULT 0, borderless INTEGER DEFAULT 0, data_random BLOB, quote INTEGER DEFAULT 0, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, caption TEXT DEFAULT NULL, sticker_pack_id TEXT DEFAULT NULL, sticker_pack_key DEFAULT NULL, sticker_id INTEGER DEFAULT -1, sticker_emoji STRING DEFAULT NULL, data_hash TEXT DEFAULT NULL, blur_hash TEXT DEFAULT NULL, transform_properties TEXT DEFAULT NULL, transfer_file TEXT DEFAULT NULL, display_order INTEGER DEFAULT 0, upload_timestamp INTEGER DEFAULT 0, cdn_number INTEGER DEFAULT 0);

CREATE TABLE thread (_id INTEGER PRIMARY KEY, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0, recipient_ids INTEGER, snippet TEXT, snippet_cs INTEGER DEFAULT 0, read INTEGER DEFAULT 1, type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, snippet_type INTEGER DEFAULT 0, snippet_uri TEXT DEFAULT NULL, snippet_content_type TEXT DEFAULT NULL, snippet_extras TEXT DEFAULT NULL, archived INTEGER DEFAULT 0, status INTEGER DEFAULT 0, delivery_receipt_count INTEGER DEFAULT 0, expires_in INTEGER DEFAULT 0, last_seen INTEGER DEFAULT 0, has_sent INTEGER DEFAULT 0, read_receipt_count INTEGER DEFAULT 0, unread_count INTEGER DEFAULT 0, last_scrolled INTEGER DEFAULT 0, pinned INTEGER DEFAULT 0);

CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE DEFAULT NULL, username TEXT UNIQUE DEFAULT NULL, phone TEXT UNIQUE DEFAULT NULL, email TEXT UNIQUE DEFAULT NULL, group_id TEXT UNIQUE DEFAULT NULL, group_type INTEGER DEFAULT 0, blocked INTEGER DEFAULT 0,message_ringtone TEXT DEFAULT NULL, message_vibrate INTEGER DEFAULT 0, call_ringtone TEXT DEFAULT NULL, call_vibrate INTEGER DEFAULT 0, notification_channel TEXT DEFAULT NULL, mute_until INTEGER DEFAULT 0, color TEXT DEFAULT NULL, seen_invite_reminder INTEGER DEFAULT 0, default_subscription_id INTEGER DEFAULT -1, message_expiration_time INTEGER DEFAULT 0, registered INTEGER DEFAULT 0, system_given_name TEXT DEFAULT NULL, system_family_name TEXT DEFAULT NULL, system_display_name TEXT DEFAULT NULL, system_photo_uri TEXT DEFAULT NULL, system_phone_label TEXT DEFAULT NULL, system_phone_type INTEGER DEFAULT -1, system_contact_uri TEXT DEFAULT NULL, system_info_pending INTEGER DEFAULT 0, profile_key TEXT DEFAULT NULL, profile_key_credential TEXT DEFAULT NULL, signal_profile_name TEXT DEFAULT NULL, profile_family_name TEXT DEFAULT NULL, profile_joined_name TEXT DEFAULT NULL, signal_profile_avatar TEXT DEFAULT NULL, profile_sharing INTEGER DEFAULT 0, last_profile_fetch INTEGER DEFAULT 0, unidentified_access_mode INTEGER DEFAULT 0, force_sms_selection INTEGER DEFAULT 0, storage_service_key TEXT UNIQUE DEFAULT NULL, mention_setting INTEGER DEFAULT 0, storage_proto TEXT DEFAULT NULL, capabilities INTEGER DEFAULT 0, last_session_reset BLOB DEFAULT NULL, wallpaper BLOB DEFAULT NULL, wallpaper_file TEXT DEFAULT NULL, about TEXT DEFAULT NULL, about_emoji TEXT DEFAULT NULL, extras BLOB DEFAULT NULL, groups_in_common INTEGER DEFAULT 0, chat_colors BLOB DEFAULT NULL, custom_chat_colors_id INTEGER DEFAULT 0);

CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT, recipient_id INTEGER, title TEXT, members TEXT, avatar_id INTEGER, avatar_key BLOB, avatar_content_type TEXT, avatar_relay TEXT, timestamp INTEGER, active INTEGER DEFAULT 1, avatar_digest BLOB, mms INTEGER DEFAULT 0, master_key BLOB, revision BLOB, decrypted_group BLOB, expected_v2_id TEXT DEFAULT NULL, former_v1_members TEXT DEFAULT NULL);

CREATE INDEX IF NOT EXISTS mms_thread_id_index ON mms (thread_id);
CREATE INDEX IF NOT EXISTS mms_read_index ON mms (read);
CREATE INDEX IF NOT EXISTS mms_read_and_notified_and_thread_id_index ON mms(read,notified,thread_id);
CREATE INDEX IF NOT EXISTS mms_message_box_index ON mms (msg_box);
CREATE INDEX IF NOT EXISTS mms_date_sent_index ON mms (date);
CREATE INDEX IF NOT EXISTS mms_date_server_index ON mms (date_server);
CREATE INDEX IF NOT EXISTS mms_thread_date_index ON mms (thread_id, date_received);
CREATE INDEX IF NOT EXISTS mms_reactions_unread_index ON mms (reactions_unread);
CREATE INDEX IF NOT EXISTS part_mms_id_index ON part (mid);
CREATE INDEX IF NOT EXISTS pending_push_index ON part (pending_push);
CREATE INDEX IF NOT EXISTS part_sticker_pack_id_index ON part (sticker_pack_id);
CREATE INDEX IF NOT EXISTS part_data_hash_index ON part (data_hash);
CREATE INDEX IF NOT EXISTS part_data_index ON part (_data);
CREATE INDEX IF NOT EXISTS thread_recipient_ids_index ON thread (recipient_ids);
CREATE INDEX IF NOT EXISTS archived_count_index ON thread (archived, message_count);
CREATE INDEX IF NOT EXISTS thread_pinned_index ON thread (pinned);
CREATE INDEX IF NOT EXISTS recipient_group_type_index ON recipient (group_type);
CREATE UNIQUE INDEX IF NOT EXISTS group_id_index ON groups (group_id);
CREATE UNIQUE INDEX IF NOT EXISTS group_recipient_id_index ON groups (recipient_id);
CREATE UNIQUE INDEX IF NOT EXISTS expected_v2_id_index ON groups (expected_v2_id);
