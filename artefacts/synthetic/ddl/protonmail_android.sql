-- Proton Mail for Android (ch.protonmail.android, the v1-v3 app) databases/MessagesDatabase.db, Room database
-- MessageDatabase version 20.
-- Source: ProtonMail/proton-mail-android app/schemas/ch.protonmail.android.data.local.MessageDatabase/20.json
--   (Room's exported schema, commit b5fdae3a): the createSql of messagev3 and conversations with ${TABLE_NAME}
--   replaced, and their indices; the file name from app/src/main/java/ch/protonmail/android/data/local/
--   MessageDatabase.kt ("MessagesDatabase.db"). Left out: attachmentv3, message_preference, UnreadCounter and
--   Room's room_master_table (not read by the parser).
-- Units: messagev3.Time seconds since 1970 (Message.kt: "API returns time in seconds"); ExpirationTime,
--   AccessTime as stored.
CREATE TABLE IF NOT EXISTS `messagev3` (`ID` TEXT, `ConversationID` TEXT, `Subject` TEXT, `Unread` INTEGER NOT NULL, `Type` INTEGER NOT NULL, `Time` INTEGER NOT NULL, `Size` INTEGER NOT NULL, `Location` INTEGER NOT NULL, `FolderLocation` TEXT, `Starred` INTEGER, `NumAttachments` INTEGER NOT NULL, `IsEncrypted` INTEGER NOT NULL, `ExpirationTime` INTEGER NOT NULL, `IsReplied` INTEGER, `IsRepliedAll` INTEGER, `IsForwarded` INTEGER, `Body` TEXT, `IsDownloaded` INTEGER NOT NULL, `AddressID` TEXT, `InlineResponse` INTEGER NOT NULL, `NewServerId` TEXT, `MIMEType` TEXT, `SpamScore` INTEGER NOT NULL, `AccessTime` INTEGER NOT NULL, `Header` TEXT, `ParsedHeaders` TEXT, `LabelIDs` TEXT NOT NULL, `ToList` TEXT NOT NULL, `ReplyTos` TEXT NOT NULL, `CCList` TEXT NOT NULL, `BCCList` TEXT NOT NULL, `Flags` INTEGER NOT NULL DEFAULT 0, `Order` INTEGER NOT NULL DEFAULT 9223372036854775807, `_id` INTEGER PRIMARY KEY AUTOINCREMENT, `Sender_SenderName` TEXT, `Sender_SenderSerialized` TEXT, `Sender_IsProton` INTEGER DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS `index_messagev3_ID` ON `messagev3` (`ID`);
CREATE INDEX IF NOT EXISTS `index_messagev3_Location` ON `messagev3` (`Location`);
CREATE INDEX IF NOT EXISTS `index_messagev3_ConversationID` ON `messagev3` (`ConversationID`);
CREATE TABLE IF NOT EXISTS `conversations` (`ID` TEXT NOT NULL, `Order` INTEGER NOT NULL, `UserID` TEXT NOT NULL, `Subject` TEXT NOT NULL, `Senders` TEXT NOT NULL, `Recipients` TEXT NOT NULL, `NumMessages` INTEGER NOT NULL, `NumUnread` INTEGER NOT NULL, `NumAttachments` INTEGER NOT NULL, `ExpirationTime` INTEGER NOT NULL, `Size` INTEGER NOT NULL, `Labels` TEXT NOT NULL, PRIMARY KEY(`ID`));
CREATE UNIQUE INDEX IF NOT EXISTS `index_conversations_ID` ON `conversations` (`ID`);
-- android_metadata: created by Android's SQLiteDatabase in every app database (locale of the device).
CREATE TABLE android_metadata (locale TEXT);
