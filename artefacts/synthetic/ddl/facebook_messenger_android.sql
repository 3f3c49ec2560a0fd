-- Facebook Messenger for Android (com.facebook.orca) databases/threads_db2: the tables and columns the
--   public forensic parsers read, no full CREATE statement of a current file being public.
-- Sources:
--   * column names of messages: Messenger's own MessageCursorUtil (com.facebook.messaging.database.threads,
--     decompiled, public repository content): thread_key, msg_id, text, sender, timestamp_ms,
--     timestamp_sent_ms, msg_type, attachments, shares, sticker_id, offline_threading_id,
--     pending_send_media_attachment, admin_text_thread_rtc_event, admin_text_thread_rtc_is_video_call,
--     unsent_timestamp_ms, generic_admin_message_extensible_data, snippet (a subset of its 91 columns);
--   * column types: the app's older ThreadsDbOpenHelper CREATE TABLE messages (msg_id TEXT PRIMARY KEY,
--     ... text TEXT, sender TEXT, timestamp_ms INTEGER, timestamp_sent_ms INTEGER, attachments TEXT,
--     shares TEXT, msg_type INTEGER, ... pending_send_media_attachment STRING) and
--     thread_users (user_key TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, name TEXT, ...);
--   * thread_users' later columns (username, profile_pic_square, is_messenger_user, is_friend, friendship_status,
--     contact_relationship_status), threads(thread_key), message_reactions(msg_id, reaction,
--     reaction_timestamp): ALEAPP scripts/artifacts/FacebookMessenger.py (reaction_timestamp is the
--     spelling it calls corpus-verified);
--   * thread_participants(thread_key, user_key): sleuthkit/autopsy InternalPythonModules/android/fbmessenger.py.
-- Units: messages.timestamp_ms, timestamp_sent_ms, unsent_timestamp_ms, message_reactions.reaction_timestamp:
--   ms since 1970 (ALEAPP /1000 'unixepoch'); generic_admin_message_extensible_data.call_duration: seconds
--   (ALEAPP subtracts it from timestamp_ms/1000 for the call start).
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE threads (thread_key TEXT PRIMARY KEY);
CREATE TABLE messages (msg_id TEXT PRIMARY KEY, thread_key TEXT, text TEXT, sender TEXT, timestamp_ms INTEGER, timestamp_sent_ms INTEGER, msg_type INTEGER, attachments TEXT, shares TEXT, sticker_id TEXT, offline_threading_id TEXT, pending_send_media_attachment STRING, admin_text_thread_rtc_event TEXT, admin_text_thread_rtc_is_video_call INTEGER, unsent_timestamp_ms INTEGER, generic_admin_message_extensible_data TEXT, snippet TEXT);
CREATE TABLE thread_users (user_key TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, name TEXT, username TEXT, profile_pic_square TEXT, is_messenger_user INTEGER, is_friend INTEGER, friendship_status TEXT, contact_relationship_status TEXT);
CREATE TABLE thread_participants (thread_key TEXT, user_key TEXT);
CREATE TABLE message_reactions (msg_id TEXT, reaction TEXT, reaction_timestamp INTEGER);
