-- Tango for Android (com.sgiggle.production) files/tc.db: the CREATE statements of the real
--   tc.db in plaso's test data (log2timeline/plaso test_data/tango_android_tc.db @ 4ea03ef9,
--   sha256 0ea41679...), read from its sqlite_master; the same statements as plaso's
--   plaso/parsers/sqlite_plugins/android_tango.py SCHEMAS.
-- Units: messages.create_time, send_time: ms since 1970 (plaso JavaTime); payload: base64 text of a protobuf.
-- PRAGMA user_version of the source file: 0
CREATE TABLE `profiles` (`key` TEXT PRIMARY KEY, `value` TEXT);
CREATE TABLE `conversations` (`conv_id` TEXT PRIMARY KEY, `conv_type` INTEGER DEFAULT 0, `payload` BLOB, `last_msg_id` INTEGER, `unread_count` INTEGER, `last_read_sent_msg_id` INTEGER, `conv_del_status` INTEGER DEFAULT 0, `deleting_ts` BIGINT DEFAULT 0, `conv_restore_status` INTEGER DEFAULT 0, `peers_read` TEXT, `total_received_msg_count` INTEGER DEFAULT -1, `communication_context` INTEGER DEFAULT 0);
CREATE INDEX `conversations_unread_count_idx` ON `conversations` (unread_count,conv_id);
CREATE INDEX `conversations_conv_type_idx` ON `conversations` (conv_type);
CREATE INDEX `conversations_last_msg_id_idx` ON `conversations` (last_msg_id);
CREATE INDEX `conversations_conv_del_status_idx` ON `conversations` (conv_del_status);
CREATE INDEX `conversations_last_msg_id_conv_del_status_idx` ON `conversations` (last_msg_id,conv_del_status);
CREATE TABLE `messages` (`msg_id` INTEGER PRIMARY KEY, `conv_id` TEXT, `type` INTEGER, `media_id` TEXT, `share_id` TEXT, `create_time` BIGINT, `send_time` BIGINT, `direction` INTEGER, `status` INTEGER, `payload` BLOB, `del_status` INTEGER);
CREATE INDEX `messages_conv_id_idx` ON `messages` (conv_id);
CREATE INDEX `messages_type_idx` ON `messages` (conv_id,type,del_status);
CREATE INDEX `messages_create_time_idx` ON `messages` (create_time);
CREATE INDEX `messages_del_status_idx` ON `messages` (del_status);
CREATE INDEX `messages_status_idx` ON `messages` (status);
CREATE TABLE `receipts` (`conv_id` TEXT PRIMARY KEY, `msg_id` INTEGER, `sender_msg_id` INTEGER, `sender_aids` TEXT, `type` INTEGER, `create_time` BIGINT, `status` INTEGER, `payload` BLOB);
CREATE INDEX `receipts_sender_msg_id_idx` ON `receipts` (sender_msg_id);
CREATE INDEX `receipts_status_idx` ON `receipts` (status);
CREATE TABLE `sms` (`msg_id` INTEGER PRIMARY KEY, `phonenumber` TEXT, `text` TEXT);
CREATE TABLE `likes` (`msg_id` INTEGER PRIMARY KEY, `global_msg_id` TEXT, `conv_id` TEXT, `liker_aid` TEXT, `act_type` INTEGER, `status` INTEGER, `act_ts` BIGINT, `payload` BLOB);
CREATE INDEX `likes_global_msg_id_liker_aid_idx` ON `likes` (global_msg_id,liker_aid);
CREATE INDEX `likes_conv_id_idx` ON `likes` (conv_id);
CREATE INDEX `likes_status_idx` ON `likes` (status);
CREATE TABLE `games` (`game_session_id` TEXT PRIMARY KEY, `message_id` INTEGER, `conversation_id` TEXT, `game_id` TEXT, `game_state` INTEGER, `action_timestamp` BIGINT, `current_player_account_id` TEXT);
CREATE INDEX `games_conversation_id_game_id_game_state_idx` ON `games` (conversation_id,game_id,game_state);
