-- Microsoft Teams for Android (com.microsoft.teams) databases/SkypeTeams.db.
-- No create statement of this database is published. The tables and columns here are exactly the
-- ones ALEAPP scripts/artifacts/teams.py (abrignoni/ALEAPP) queries, nothing more:
--   Message(arrivalTime, userDisplayName, content, deleteTime, conversationId, messageId)
--   Conversation(conversationId, displayName)
--   User(lastSyncTime, givenName, surname, displayName, email, secondaryEmail, alternativeEmail,
--        telephoneNumber, homeNumber, accountEnabled, type, userType, isSkypeTeamsUser,
--        isPrivateChatEnabled, mri)
--   MessagePropertyAttribute(propertyId, attributeValue): rows with propertyId 'CallLog' hold a JSON
--        call record (connectTimeMillis, endTimeMillis, callState, callType, originatorDisplayName,
--        callDirection, sessionType, callId, target = User.mri).
-- Types: arrivalTime, deleteTime, lastSyncTime are ms since 1970 (ALEAPP divides them by 1000);
-- the User flags are booleans and lastSyncTime a long in the app's own User model (decompiled
-- DBFlow @Column fields, public code found by the string "isSkypeTeamsUser"); every other column is
-- text as ALEAPP reads it.
CREATE TABLE Message (messageId TEXT, conversationId TEXT, arrivalTime INTEGER, userDisplayName TEXT, content TEXT, deleteTime INTEGER);
CREATE TABLE Conversation (conversationId TEXT, displayName TEXT);
CREATE TABLE User (mri TEXT, lastSyncTime INTEGER, givenName TEXT, surname TEXT, displayName TEXT, email TEXT, secondaryEmail TEXT, alternativeEmail TEXT, telephoneNumber TEXT, homeNumber TEXT, accountEnabled INTEGER, type TEXT, userType TEXT, isSkypeTeamsUser INTEGER, isPrivateChatEnabled INTEGER);
CREATE TABLE MessagePropertyAttribute (propertyId TEXT, attributeValue TEXT);
