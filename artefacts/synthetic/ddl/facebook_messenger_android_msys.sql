-- Facebook Messenger for Android (com.facebook.orca) databases/msys_database_<id> ("lightspeed"/msys): the tables
--   and columns the public forensic parsers read; no CREATE statement of a real file is public, so column
--   types are left undeclared (SQLite keeps each value's own storage class).
-- Sources:
--   * ALEAPP scripts/artifacts/FacebookMessenger.py (abrignoni/ALEAPP), get_fb_msys_chats / _calls / _contacts:
--     messages(timestamp_ms, sender_id, thread_key, text, is_admin_message, message_id),
--     contacts(id, name, normalized_name_for_search, username, profile_picture_large_url, email_address,
--       phone_number, is_messenger_user, friendship_status, birthday_timestamp),
--     attachments(message_id, title_text, subtitle_text, filename, playable_url_mime_type, playable_url),
--     attachment_ctas(message_id, native_url), reactions(message_id, reaction, reaction_creation_timestamp_ms),
--     call_log(call_timestamp_ms, call_duration, call_direction, call_media_type, has_been_seen, thread_key);
--   * the Messenger forensic module org.ftn.messengerforensics (MessengerDataSourceIngestModule.analyzeContacts):
--     contacts.profile_picture_url, work_company_name, blocked_by_viewer_status, blocked_since_timestamp_ms.
-- Units: messages.timestamp_ms, reactions.reaction_creation_timestamp_ms, call_log.call_timestamp_ms,
--   contacts.blocked_since_timestamp_ms: ms since 1970; call_log.call_duration: seconds (ALEAPP strftime '%H:%M:%S'
--   'unixepoch'); contacts.birthday_timestamp: seconds since 1970 (ALEAPP datetime(..., 'unixepoch')).
CREATE TABLE messages (message_id, thread_key, sender_id, text, timestamp_ms, is_admin_message);
CREATE TABLE contacts (id, name, normalized_name_for_search, username, profile_picture_url, profile_picture_large_url, email_address, phone_number, is_messenger_user, friendship_status, birthday_timestamp, work_company_name, blocked_by_viewer_status, blocked_since_timestamp_ms);
CREATE TABLE attachments (message_id, title_text, subtitle_text, filename, playable_url_mime_type, playable_url);
CREATE TABLE attachment_ctas (message_id, native_url);
CREATE TABLE reactions (message_id, reaction, reaction_creation_timestamp_ms);
CREATE TABLE call_log (call_timestamp_ms, call_duration, call_direction, call_media_type, has_been_seen, thread_key);
