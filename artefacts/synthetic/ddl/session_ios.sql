-- Session (Oxen / Session Foundation) for iOS: the GRDB database database/Session.sqlite in the app group
--   container (SessionUtilitiesKit/Database/Storage.swift: sharedDatabaseDirectoryPath = app shared data
--   directory + "/database", dbFileName "Session.sqlite"), SQLCipher 4 with a raw 48-byte key spec (32-byte key +
--   16-byte salt) from the keychain item "GRDBDatabaseCipherKeySpec" and PRAGMA cipher_plaintext_header_size = 32.
-- Sources (github session-foundation/session-ios; GRDB table definitions turned into the SQL that GRDB's
--   TableDefinition generates: .text TEXT, .integer INTEGER, .double DOUBLE, .boolean BOOLEAN, .blob BLOB,
--   .defaults(to: false) DEFAULT 0, uniqueKey UNIQUE(...), .indexed() CREATE INDEX "<table>_on_<column>",
--   .references(...) REFERENCES; GRDB quotes every name):
--   SessionMessagingKit/Database/Migrations/_001_InitialSetupMigration.swift @ 03020ad5569c149fba59fd23fc79a9388b19e48a
--     (tables contact, profile, thread, closedGroup, openGroup, groupMember, interaction, attachment,
--     interactionAttachment, quote as created there)
--   SessionMessagingKit/Database/Migrations/_021_ReworkRecipientState.swift (interaction.state INTEGER NOT NULL
--     DEFAULT 0 (Interaction.State.sending), recipientReadTimestampMs INTEGER, mostRecentFailureText TEXT added;
--     recipientState dropped) - folded into the interaction table below as GRDB's ALTER TABLE ADD COLUMN leaves it
--   SessionMessagingKit/Database/Models/GroupMember.swift (groupMember.isHidden "Added in
--     _006_FixHiddenModAdminSupport"; roleStatus of _018_GroupsRebuildChanges is not reproduced)
-- PARTIAL: the secondary indexes GRDB creates for .indexed() columns (e.g. "interaction_on_threadId") are left
--   out to keep the committed sample small (the UNIQUE and PRIMARY KEY constraints and their autoindexes stay); the
--   FTS tables, disappearingMessagesConfiguration, closedGroupKeyPair, capability, blindedIdLookup,
--   linkPreview, controlMessageProcessRecord, threadTypingIndicator, job and later tables/columns are omitted.
-- Units (Interaction.swift, SessionThread.swift, Attachment.swift, ClosedGroup.swift doc comments):
--   interaction.timestampMs, receivedAtTimestampMs, recipientReadTimestampMs: ms since 1970 UTC;
--   interaction.expiresStartedAtMs: ms since 1970 (DOUBLE); expiresInSeconds: seconds (DOUBLE, a duration);
--   thread.creationDateTimestamp, mutedUntilTimestamp, closedGroup.formationTimestamp,
--   attachment.creationTimestamp: seconds since 1970 (DOUBLE, TimeInterval); quote.timestampMs: ms (DOUBLE).
-- Codes: interaction.variant = Interaction.Variant raw values, thread.variant = SessionThread.Variant
--   (0 contact, 1 legacyGroup, 2 community, 3 group), interaction.state = Interaction.State,
--   attachment.variant/state = Attachment.Variant/State, groupMember.role = GroupMember.Role.

CREATE TABLE "contact" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "isTrusted" BOOLEAN NOT NULL DEFAULT 0,
  "isApproved" BOOLEAN NOT NULL DEFAULT 0,
  "isBlocked" BOOLEAN NOT NULL DEFAULT 0,
  "didApproveMe" BOOLEAN NOT NULL DEFAULT 0,
  "hasBeenBlocked" BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE "profile" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "nickname" TEXT,
  "profilePictureUrl" TEXT,
  "profilePictureFileName" TEXT,
  "profileEncryptionKey" BLOB
);

CREATE TABLE "thread" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "variant" INTEGER NOT NULL,
  "creationDateTimestamp" DOUBLE NOT NULL,
  "shouldBeVisible" BOOLEAN NOT NULL,
  "isPinned" BOOLEAN NOT NULL,
  "messageDraft" TEXT,
  "notificationSound" INTEGER,
  "mutedUntilTimestamp" DOUBLE,
  "onlyNotifyForMentions" BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE "closedGroup" (
  "threadId" TEXT NOT NULL PRIMARY KEY REFERENCES "thread"("id") ON DELETE CASCADE,
  "name" TEXT NOT NULL,
  "formationTimestamp" DOUBLE NOT NULL
);

CREATE TABLE "openGroup" (
  "threadId" TEXT NOT NULL PRIMARY KEY,
  "server" TEXT NOT NULL,
  "roomToken" TEXT NOT NULL,
  "publicKey" TEXT NOT NULL,
  "isActive" BOOLEAN NOT NULL DEFAULT 0,
  "name" TEXT NOT NULL,
  "roomDescription" TEXT,
  "imageId" TEXT,
  "imageData" BLOB,
  "userCount" INTEGER NOT NULL,
  "infoUpdates" INTEGER NOT NULL,
  "sequenceNumber" INTEGER NOT NULL,
  "inboxLatestMessageId" INTEGER NOT NULL,
  "outboxLatestMessageId" INTEGER NOT NULL,
  "pollFailureCount" INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE "groupMember" (
  "groupId" TEXT NOT NULL REFERENCES "thread"("id") ON DELETE CASCADE,
  "profileId" TEXT NOT NULL,
  "role" INTEGER NOT NULL,
  "isHidden" BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE "interaction" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "serverHash" TEXT,
  "messageUuid" TEXT,
  "threadId" TEXT NOT NULL REFERENCES "thread"("id") ON DELETE CASCADE,
  "authorId" TEXT NOT NULL,
  "variant" INTEGER NOT NULL,
  "body" TEXT,
  "timestampMs" INTEGER NOT NULL,
  "receivedAtTimestampMs" INTEGER NOT NULL,
  "wasRead" BOOLEAN NOT NULL DEFAULT 0,
  "hasMention" BOOLEAN NOT NULL DEFAULT 0,
  "expiresInSeconds" DOUBLE,
  "expiresStartedAtMs" DOUBLE,
  "linkPreviewUrl" TEXT,
  "openGroupServerMessageId" INTEGER,
  "openGroupWhisperMods" BOOLEAN NOT NULL DEFAULT 0,
  "openGroupWhisperTo" TEXT,
  "state" INTEGER NOT NULL DEFAULT 0,
  "recipientReadTimestampMs" INTEGER,
  "mostRecentFailureText" TEXT,
  UNIQUE ("threadId", "authorId", "timestampMs"),
  UNIQUE ("threadId", "serverHash"),
  UNIQUE ("threadId", "messageUuid"),
  UNIQUE ("threadId", "openGroupServerMessageId")
);

CREATE TABLE "attachment" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "serverId" TEXT,
  "variant" INTEGER NOT NULL,
  "state" INTEGER NOT NULL,
  "contentType" TEXT NOT NULL,
  "byteCount" INTEGER NOT NULL DEFAULT 0,
  "creationTimestamp" DOUBLE,
  "sourceFilename" TEXT,
  "downloadUrl" TEXT,
  "localRelativeFilePath" TEXT,
  "width" INTEGER,
  "height" INTEGER,
  "duration" DOUBLE,
  "isVisualMedia" BOOLEAN NOT NULL DEFAULT 0,
  "isValid" BOOLEAN NOT NULL DEFAULT 0,
  "encryptionKey" BLOB,
  "digest" BLOB,
  "caption" TEXT
);

CREATE TABLE "interactionAttachment" (
  "albumIndex" INTEGER NOT NULL,
  "interactionId" INTEGER NOT NULL REFERENCES "interaction"("id") ON DELETE CASCADE,
  "attachmentId" TEXT NOT NULL REFERENCES "attachment"("id") ON DELETE CASCADE
);

CREATE TABLE "quote" (
  "interactionId" INTEGER NOT NULL PRIMARY KEY REFERENCES "interaction"("id") ON DELETE CASCADE,
  "authorId" TEXT NOT NULL REFERENCES "profile"("id"),
  "timestampMs" DOUBLE NOT NULL,
  "body" TEXT,
  "attachmentId" TEXT REFERENCES "attachment"("id") ON DELETE SET NULL
);
