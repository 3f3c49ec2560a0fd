-- Facebook Messenger for iOS: the msys ("lightspeed") mailbox
--   <AppGroup group.com.facebook.Messenger>/Library/Application Support/lightspeed-userDatabases/<account id>.db
--   (also cask/<account id>/FBMessagingMailboxCaskStore/<n>/fb-msys-<account id>.db in the Facebook app's group).
-- No CREATE statement of a real file is published, so the tables and columns below are exactly those the public
-- forensic parsers read, untyped (SQLite keeps each value's own storage class). Sources:
--   * iLEAPP (abrignoni/iLEAPP) scripts/artifacts/facebookMessenger.py (current, and the older FacebookMessenger.py):
--     thread_messages(timestamp_ms, sender_id, thread_key, text, has_attachment, message_id) -- a VIEW in the real
--       file (iLEAPP tests does_view_exist); its base tables are not published, so this file declares the view's
--       columns as a table of that name; thread_participant_detail(thread_key, name) likewise (also a view there);
--     contacts(id, name, normalized_name_for_search, profile_picture_url, is_messenger_user),
--     attachments(message_id, filename, filesize, title_text, subtitle_text) -- a call is an attachment whose
--       title_text is 'Audio Call' / 'Video Chat' (older module) or LIKE '%call%' (current), subtitle_text its
--       duration text; attachment_items(message_id, title_text, subtitle_text); _user_info(facebook_user_id);
--     secure_messages(timestamp_ms, thread_key, sender_id, text, secure_message_attachments_encrypted) (encrypted);
--     threads(thread_key, last_activity_timestamp_ms);
--     client_messages(pk, display_ts_ms, thread_pk, sender_contact_pk, text, message_content_type {2 image}),
--     client_attachments(message_pk, filename, filesize, content_token),
--     client_attachment_store_keys(content_token, persisted_path);
--     fb_transport_contacts(client_contact_pk, server_contact_id): client contact key -> Facebook user id
--       (the current module's notes; UNIQUE on client_contact_pk in every store it measured).
--   * Path: the same module's notes (group.com.facebook.Messenger) and a published tool comparison
--     ("/private/var/mobile/Containers/Shared/AppGroup/<GUID>/Library/Application Support/lightspeed-userDatabases/
--     <User_ID>.db").
-- Units: thread_messages.timestamp_ms, secure_messages.timestamp_ms, threads.last_activity_timestamp_ms,
--   client_messages.display_ts_ms: ms since 1970 (older iLEAPP: datetime(timestamp_ms/1000, 'unixepoch')).
CREATE TABLE thread_messages (message_id, thread_key, sender_id, text, timestamp_ms, has_attachment);
CREATE TABLE contacts (id, name, normalized_name_for_search, profile_picture_url, is_messenger_user);
CREATE TABLE attachments (message_id, filename, filesize, title_text, subtitle_text);
CREATE TABLE attachment_items (message_id, title_text, subtitle_text);
CREATE TABLE _user_info (facebook_user_id);
CREATE TABLE secure_messages (thread_key, sender_id, text, timestamp_ms, secure_message_attachments_encrypted);
CREATE TABLE threads (thread_key, last_activity_timestamp_ms);
CREATE TABLE thread_participant_detail (thread_key, name);
CREATE TABLE client_messages (pk, thread_pk, sender_contact_pk, text, display_ts_ms, message_content_type);
CREATE TABLE client_attachments (message_pk, filename, filesize, content_token);
CREATE TABLE client_attachment_store_keys (content_token, persisted_path);
CREATE TABLE fb_transport_contacts (client_contact_pk, server_contact_id);
