-- Google Voice for iOS: threadingStore.sqlite in the app's shared container
-- (*/mobile/Containers/Shared/AppGroup/*/threadingStore.sqlite).
-- No create statement is published. This file declares exactly the tables and columns iLEAPP
-- scripts/artifacts/googleVoice.py reads from a real iOS 17.3 store (Josh Hickman's iPhone 11 image): ThreadItem,
-- Thread, ThreadParticipant, MMSAttachmentInfo, Transcript, Participant. Column types are not sourced (SQLite
-- keeps any value in any column). ThreadItem.itemType values: SmsIn, SmsOut, IncomingCall, OutgoingCall,
-- MissedCall, Voicemail (the same module).
-- Units: none is sourced. ThreadItem.timestamp is read by iLEAPP through a helper that keeps the first ten
-- digits of any number as seconds; duration's unit is not asserted by its notes.
CREATE TABLE ThreadItem (threadItemKey TEXT, threadItemType INTEGER, threadKey TEXT, threadType INTEGER, itemType TEXT, timestamp INTEGER, sortID INTEGER, messageText TEXT, senderPhoneNumber TEXT, isUnread INTEGER, isDeleted INTEGER, isSystemMessage INTEGER, duration REAL, ringGroupName TEXT, ringGroupPhoneNumber TEXT, transferredFromE164 TEXT, transferredToE164 TEXT);
CREATE TABLE Thread (threadKey TEXT, threadType INTEGER, groupName TEXT);
CREATE TABLE ThreadParticipant (threadKey TEXT, threadType INTEGER, phoneNumberE164 TEXT);
CREATE TABLE MMSAttachmentInfo (threadItemKey TEXT, threadItemType INTEGER);
CREATE TABLE Transcript (threadItemKey TEXT, threadItemType INTEGER, text TEXT, confidence REAL);
CREATE TABLE Participant (phoneNumberE164 TEXT, isBlocked INTEGER);
