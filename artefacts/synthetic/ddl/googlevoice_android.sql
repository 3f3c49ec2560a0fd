-- Google Voice for Android (com.google.android.apps.googlevoice), files/accounts/<account>/.
-- No create statement of these databases is published. The tables and columns below are exactly
-- the ones ALEAPP (abrignoni/ALEAPP) scripts/artifacts/googleVoice.py reads (tested on Google Voice 2025.07.20.788599304,
-- Samsung and Motorola devices) and declares in its own test fixture
-- ("CREATE TABLE message_t(message_blob BLOB, conversation_id TEXT)"); nothing else is declared.
--   LegacyMsgDbInstance.db: message_t(message_blob, conversation_id); message_blob a protobuf message
--   SqliteKeyValueCache:VoiceAccountCache.db: cache_table(response_data); response_data a protobuf message
-- Units: message_blob field 2 ms since 1970 (ALEAPP divides by 1000); field 9 a 32-bit float of seconds.
CREATE TABLE message_t(message_blob BLOB, conversation_id TEXT);
CREATE TABLE cache_table(response_data BLOB);
CREATE TABLE android_metadata (locale TEXT);
