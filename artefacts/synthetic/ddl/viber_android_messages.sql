-- Viber for Android (com.viber.voip) databases/viber_messages. No real viber_messages and no public
--   CREATE TABLE of it could be found: these statements hold exactly the tables and columns that the
--   sources below read from the real database, no other; the column types are SQLite affinities.
--   * ALEAPP scripts/artifacts/Viber.py (abrignoni/ALEAPP @ 02072b41): messages(msg_date, conversation_id,
--     participant_id, body, send_type, unread, extra_uri), participants(_id, conversation_id,
--     participant_info_id), participants_info(_id, number).
--   * mbv06/ViberDBViewer app/src/main/java/com/mbv/viberdbviewer/data/ViberDatabaseRepository.kt, its
--     ANDROID_REQUIRED_SCHEMA: conversations(_id, conversation_type, name, participant_id_1),
--     participants(active), participants_info(contact_name, display_name, viber_name),
--     messages(_id, order_key, deleted, extra_mime, msg_info); the constants of ViberDatabaseValues.kt (AndroidMessageState,
--     AndroidMessageType, AndroidConversationType, AndroidParticipantState) give the values of
--     messages.deleted, extra_mime, conversations.conversation_type and participants.active.
--   * participants_info.participant_type (0 = the device's owner): a Viber Android agent's query
--     "SELECT P._id, I.number, I.display_name, I.contact_name, I.participant_type from participants as P
--     join participants_info as I on P.participant_info_id = I._id" with itsme = participant_type == 0
--     (stored public code, RCS agent ViberConversation reader).
-- Units: messages.msg_date ms since 1970 (ALEAPP: msg_date/1000 'unixepoch'; /work/shared/reference/apps.md).
CREATE TABLE conversations (_id INTEGER PRIMARY KEY, conversation_type INTEGER, name TEXT, participant_id_1 INTEGER);
CREATE TABLE participants (_id INTEGER PRIMARY KEY, conversation_id INTEGER, participant_info_id INTEGER, active INTEGER);
CREATE TABLE participants_info (_id INTEGER PRIMARY KEY, participant_type INTEGER, number TEXT, contact_name TEXT, display_name TEXT, viber_name TEXT);
CREATE TABLE messages (_id INTEGER PRIMARY KEY, conversation_id INTEGER, participant_id INTEGER, msg_date INTEGER, send_type INTEGER, unread INTEGER, body TEXT, order_key INTEGER, deleted INTEGER, extra_uri TEXT, extra_mime INTEGER, msg_info TEXT);
