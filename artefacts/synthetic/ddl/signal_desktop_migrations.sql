-- Signal Desktop database (config dir/sql/db.sqlite, SQLCipher 4; key in config.json / OS keychain):
-- the schema statements of the tables a timeline reads (messages, conversations, items, callsHistory,
-- message_attachments), replayed in the order Signal Desktop's own migrations run them.
--
-- Sources (github signalapp/Signal-Desktop; every statement below is copied verbatim from the migration
-- named in the "@version" marker above it, whitespace and comments trimmed):
--   ts/sql/migrations/index.ts @ 00cfd92dd08ebb22ae2015cd2f12b2fb86c9833f  (versions 1 to 39)
--   ts/sql/migrations/88-service-ids.ts @ 2dd7591b06ad4be826a6110b8f708615ab3714ef
--   ts/sql/migrations/89-call-history.ts @ 0273e1ac1d0a79530e68817d3b8b08b2d889ff87
--   ts/sql/migrations/1270-normalize-messages.ts @ 2dd7591b06ad4be826a6110b8f708615ab3714ef
--   ts/sql/migrations/1360-attachments.ts @ 031de96a282ccccc854949b83425b77c0d1e8c6f
-- The first CREATE TABLE messages is the one in the project reference shared/reference/ddl/signal_desktop.sql.
--
-- PARTIAL, on purpose: only the CREATE / ALTER statements of those five tables from the migrations listed
-- are replayed. Indexes, triggers, the FTS table, the data UPDATEs, other tables (sessions, unprocessed,
-- reactions, stickers ...) and the columns added by migrations not listed here (e.g. storyId, seenStatus,
-- isChangeCreatedByUs, mentionsMe, isStory, the later expiresAt definition, callsHistory.startedById /
-- endedTimestamp of migration 1210) are left out. A real database of the same generation has more columns;
-- parsers must read such columns through ctx.column_or_null.
--
-- How a builder uses this file: statements are executed in order up to (and including) the chosen
-- "@version" block, so version 39 gives the 2021-2022 layout (attachments and everything else in
-- messages.json, sender in sourceUuid, conversations.uuid) and version 1360 the 2025 layout
-- (sourceServiceId, conversations.serviceId, callsHistory, message_attachments, normalised columns).
-- The file executes as-is in SQLite >= 3.35 (RENAME COLUMN, DROP COLUMN, generated columns).
--
-- Design and units (same sources; ts/sql/hydration.ts, ts/model-types.d.ts):
--   messages.json holds the message object (body, type, sent_at, conversationId, source/sourceServiceId,
--   attachments[], quote{}, reactions[], sticker{}, expireTimer, sendStateByConversationId{} ...); the other
--   columns are copies of JSON fields and, from version 1270, the hydration code overlays the columns on the
--   JSON (the JSON type omits MESSAGE_COLUMNS). sent_at, timestamp, received_at_ms, serverTimestamp,
--   expirationStartTimestamp, expires_at: ms since 1970 UTC; expireTimer: seconds; received_at: ms in old
--   data, later a local ordering counter (hence received_at_ms). callsHistory.timestamp: ms.

-- @version 1 (updateToSchemaVersion1)
CREATE TABLE messages(
  id STRING PRIMARY KEY ASC,
  json TEXT,

  unread INTEGER,
  expires_at INTEGER,
  sent_at INTEGER,
  schemaVersion INTEGER,
  conversationId STRING,
  received_at INTEGER,
  source STRING,
  sourceDevice STRING,
  hasAttachments INTEGER,
  hasFileAttachments INTEGER,
  hasVisualMediaAttachments INTEGER
);

-- @version 2 (updateToSchemaVersion2)
ALTER TABLE messages
  ADD COLUMN expireTimer INTEGER;
ALTER TABLE messages
  ADD COLUMN expirationStartTimestamp INTEGER;
ALTER TABLE messages
  ADD COLUMN type STRING;

-- @version 4 (updateToSchemaVersion4)
CREATE TABLE conversations(
  id STRING PRIMARY KEY ASC,
  json TEXT,

  active_at INTEGER,
  type STRING,
  members TEXT,
  name TEXT,
  profileName TEXT
);

-- @version 6 (updateToSchemaVersion6; only the items table)
CREATE TABLE items(
  id STRING PRIMARY KEY ASC,
  json TEXT
);

-- @version 8 (updateToSchemaVersion8; the FTS table and its triggers are left out)
ALTER TABLE messages
  ADD COLUMN body TEXT;

-- @version 16 (updateToSchemaVersion16)
ALTER TABLE messages
ADD COLUMN messageTimer INTEGER;
ALTER TABLE messages
ADD COLUMN messageTimerStart INTEGER;
ALTER TABLE messages
ADD COLUMN messageTimerExpiresAt INTEGER;
ALTER TABLE messages
ADD COLUMN isErased INTEGER;

-- @version 17 (updateToSchemaVersion17)
ALTER TABLE messages
ADD COLUMN isViewOnce INTEGER;

-- @version 19 (updateToSchemaVersion19)
ALTER TABLE conversations
ADD COLUMN profileFamilyName TEXT;
ALTER TABLE conversations
ADD COLUMN profileFullName TEXT;

-- @version 20 (updateToSchemaVersion20; columns only)
ALTER TABLE conversations ADD COLUMN e164 TEXT;
ALTER TABLE conversations ADD COLUMN uuid TEXT;
ALTER TABLE conversations ADD COLUMN groupId TEXT;
ALTER TABLE messages ADD COLUMN sourceUuid TEXT;

-- @version 24 (updateToSchemaVersion24)
ALTER TABLE conversations
ADD COLUMN profileLastFetchedAt INTEGER;

-- @version 25 (updateToSchemaVersion25: new primary key; the data copy is left out)
ALTER TABLE messages
RENAME TO old_messages;
CREATE TABLE messages(
  rowid INTEGER PRIMARY KEY ASC,
  id STRING UNIQUE,
  json TEXT,
  unread INTEGER,
  expires_at INTEGER,
  sent_at INTEGER,
  schemaVersion INTEGER,
  conversationId STRING,
  received_at INTEGER,
  source STRING,
  sourceDevice STRING,
  hasAttachments INTEGER,
  hasFileAttachments INTEGER,
  hasVisualMediaAttachments INTEGER,
  expireTimer INTEGER,
  expirationStartTimestamp INTEGER,
  type STRING,
  body TEXT,
  messageTimer INTEGER,
  messageTimerStart INTEGER,
  messageTimerExpiresAt INTEGER,
  isErased INTEGER,
  isViewOnce INTEGER,
  sourceUuid TEXT);
DROP TABLE old_messages;

-- @version 32 (updateToSchemaVersion32; messages only)
ALTER TABLE messages
ADD COLUMN serverGuid STRING NULL;

-- @version 33 (updateToSchemaVersion33)
ALTER TABLE messages
ADD COLUMN
expiresAt INT
GENERATED ALWAYS
AS (expirationStartTimestamp + (expireTimer * 1000));

-- @version 38 (updateToSchemaVersion38; messages only)
ALTER TABLE messages
  RENAME COLUMN sourceDevice TO deprecatedSourceDevice;
ALTER TABLE messages
  ADD COLUMN sourceDevice INTEGER;

-- @version 39 (updateToSchemaVersion39)
ALTER TABLE messages RENAME COLUMN unread TO readStatus;

-- @version 88 (88-service-ids.ts; the two renames of these tables)
ALTER TABLE conversations
  RENAME COLUMN uuid TO serviceId;
ALTER TABLE messages
  RENAME COLUMN sourceUuid TO sourceServiceId;

-- @version 89 (89-call-history.ts; the table and the generated callId column)
CREATE TABLE IF NOT EXISTS callsHistory (
  callId TEXT PRIMARY KEY,
  peerId TEXT NOT NULL, -- conversation id (legacy) | uuid | groupId | roomId
  ringerId TEXT DEFAULT NULL, -- ringer uuid
  mode TEXT NOT NULL, -- enum "Direct" | "Group"
  type TEXT NOT NULL, -- enum "Audio" | "Video" | "Group"
  direction TEXT NOT NULL, -- enum "Incoming" | "Outgoing
  -- Direct: enum "Pending" | "Missed" | "Accepted" | "Deleted"
  -- Group: enum "GenericGroupCall" | "OutgoingRing" | "Ringing" | "Joined" | "Missed" | "Declined" | "Accepted" | "Deleted"
  status TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  UNIQUE (callId, peerId) ON CONFLICT FAIL
);
ALTER TABLE messages
  ADD COLUMN callId TEXT
  GENERATED ALWAYS AS (
    json_extract(json, '$.callId')
  );

-- @version 1270 (1270-normalize-messages.ts; the data UPDATE is left out)
ALTER TABLE messages
  ADD COLUMN timestamp INTEGER;
ALTER TABLE messages
  ADD COLUMN received_at_ms INTEGER;
ALTER TABLE messages
  ADD COLUMN unidentifiedDeliveryReceived INTEGER;
ALTER TABLE messages
  ADD COLUMN serverTimestamp INTEGER;
ALTER TABLE messages
  RENAME COLUMN source TO legacySource;
ALTER TABLE messages
  ADD COLUMN source TEXT;
ALTER TABLE messages
  DROP COLUMN legacySource;

-- @version 1360 (1360-attachments.ts)
CREATE TABLE message_attachments (
  messageId TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  -- For editHistoryIndex to be part of the primary key, it cannot be NULL in strict tables.
  -- For that reason, we use a value of -1 to indicate that it is the root message (not in editHistory)
  editHistoryIndex INTEGER NOT NULL,
  attachmentType TEXT NOT NULL, -- 'long-message' | 'quote' | 'attachment' | 'preview' | 'contact' | 'sticker'
  orderInMessage INTEGER NOT NULL,
  conversationId TEXT NOT NULL,
  sentAt INTEGER NOT NULL,
  clientUuid TEXT,
  size INTEGER NOT NULL,
  contentType TEXT NOT NULL,
  path TEXT,
  plaintextHash TEXT,
  localKey TEXT,
  caption TEXT,
  fileName TEXT,
  blurHash TEXT,
  height INTEGER,
  width INTEGER,
  digest TEXT,
  key TEXT,
  iv TEXT,
  downloadPath TEXT,
  version INTEGER,
  incrementalMac TEXT,
  incrementalMacChunkSize INTEGER,
  transitCdnKey TEXT,
  transitCdnNumber INTEGER,
  transitCdnUploadTimestamp INTEGER,
  backupMediaName TEXT,
  backupCdnNumber INTEGER,
  isReencryptableToSameDigest INTEGER,
  reencryptionIv TEXT,
  reencryptionKey TEXT,
  reencryptionDigest TEXT,
  thumbnailPath TEXT,
  thumbnailSize INTEGER,
  thumbnailContentType TEXT,
  thumbnailLocalKey TEXT,
  thumbnailVersion INTEGER,
  screenshotPath TEXT,
  screenshotSize INTEGER,
  screenshotContentType TEXT,
  screenshotLocalKey TEXT,
  screenshotVersion INTEGER,
  backupThumbnailPath TEXT,
  backupThumbnailSize INTEGER,
  backupThumbnailContentType TEXT,
  backupThumbnailLocalKey TEXT,
  backupThumbnailVersion INTEGER,
  storyTextAttachmentJson TEXT,
  localBackupPath TEXT,
  flags INTEGER,
  error INTEGER,
  wasTooBig INTEGER,
  isCorrupted INTEGER,
  copiedFromQuotedAttachment INTEGER,
  pending INTEGER,
  backfillError INTEGER,
  PRIMARY KEY (messageId, editHistoryIndex, attachmentType, orderInMessage)
) STRICT;
