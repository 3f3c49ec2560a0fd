-- Wire for Android, current app (Kalium): the per-user database databases/user-db-<user uuid>-<domain>
--   (FileNameUtil.userDBName: "user-db-${userId.value}-${userId.domain}".filterFileName(): letters, digits and "-" kept), SQLCipher 4
--   default settings through net.zetetic sqlcipher-android, passphrase = 32 random bytes kept (base64) in the
--   app's encrypted preferences under "user_db_secret_alias_<user id>" (SecurityHelperImpl.userDBSecret).
-- Sources (SQLDelight .sq files of wireapp/kalium; the SQLDelight type annotations "AS <Kotlin type>" removed,
--   as SQLDelight removes them from the SQL it executes; otherwise statements unchanged; only the tables a
--   parser reads are copied):
--   persistence/src/commonMain/db_user/com/wire/kalium/persistence/Messages.sq @ eeebe5466a9d09f53d043b1323998602a9822ece
--   persistence/src/commonMain/db_user/com/wire/kalium/persistence/Conversations.sq @ 7ee2e1b0f684e4f611fb53e6ebdce1cb8c2c9e0d
--   persistence/src/commonMain/db_user/com/wire/kalium/persistence/Users.sq @ 438aabaeacf6681e8805da054e3ccdfbdfdeb709
--   persistence/src/commonMain/db_user/com/wire/kalium/persistence/Members.sq @ 09b42c26c60d725f2b270494d3729e1a03fec518
--   persistence/src/commonMain/db_user/com/wire/kalium/persistence/Metadata.sq @ 4292bd171538e548519bdb8f77e3b124d61d798d
-- Units and meanings: every "INTEGER AS Instant" column (Message.creation_date, last_edit_date,
--   self_deletion_end_date; Conversation.last_modified_date ...) = milliseconds since 1970
--   (persistence/.../adapter/InstantTypeAdapter.kt @ 2ca7bf24: Instant.fromEpochMilliseconds);
--   "TEXT AS QualifiedIDEntity" = "<value>@<domain>" (adapter/QualifiedIDAdapter.kt @ 9b012f8b);
--   Message.content_type, status, visibility = the enum names of MessageEntity.ContentType, Status, Visibility
--   (persistence/.../dao/message/MessageEntity.kt @ 2f2df05c); expire_after_millis = ms (self-deleting message).
CREATE TABLE Message (
      id TEXT NOT NULL,
      content_type TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      creation_date INTEGER NOT NULL,
      sender_user_id TEXT NOT NULL,
      sender_client_id TEXT,
      status TEXT NOT NULL,
      last_edit_date INTEGER,
      visibility TEXT NOT NULL DEFAULT 'visible',
      expects_read_confirmation INTEGER NOT NULL DEFAULT(0),
      expire_after_millis INTEGER DEFAULT(NULL),
      self_deletion_end_date INTEGER DEFAULT(NULL),

      FOREIGN KEY (conversation_id) REFERENCES Conversation(qualified_id) ON DELETE CASCADE,
      FOREIGN KEY (sender_user_id) REFERENCES User(qualified_id),
      PRIMARY KEY (id, conversation_id)
);
CREATE TABLE MessageTextContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      text_body TEXT,
      quoted_message_id TEXT,
      is_quote_verified INTEGER,
      is_quoting_self INTEGER NOT NULL,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageRestrictedAssetContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      asset_mime_type TEXT NOT NULL,
      asset_size INTEGER NOT NULL,
      asset_name TEXT NOT NULL,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageAssetContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      asset_size INTEGER NOT NULL,
      asset_name TEXT,
      asset_mime_type TEXT NOT NULL,

      -- remote data fields
      asset_otr_key BLOB NOT NULL,
      asset_sha256 BLOB NOT NULL,
      asset_id TEXT NOT NULL,
      asset_token TEXT,
      asset_domain TEXT,
      asset_encryption_algorithm TEXT,

      -- metadata fields
      asset_width INTEGER,
      asset_height INTEGER,
      asset_duration_ms INTEGER,
      asset_normalized_loudness BLOB,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageMemberChangeContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      member_change_list TEXT NOT NULL,
      member_change_type TEXT NOT NULL,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageMissedCallContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      caller_id TEXT NOT NULL,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageConversationChangedContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,

      conversation_name TEXT NOT NULL,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE MessageConversationLocationContent (
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      latitude REAL NOT NULL,
      longitude REAL NOT NULL,
      name TEXT,
      zoom INTEGER,

      FOREIGN KEY (message_id, conversation_id) REFERENCES Message(id, conversation_id) ON DELETE CASCADE ON UPDATE CASCADE,
      PRIMARY KEY (message_id, conversation_id)
);
CREATE TABLE Conversation (
    qualified_id TEXT NOT NULL PRIMARY KEY,
    name TEXT,
    type TEXT NOT NULL,
    team_id TEXT,
    mls_group_id TEXT,
    mls_group_state TEXT NOT NULL,
    mls_epoch INTEGER DEFAULT 0 NOT NULL,
    mls_proposal_timer TEXT,
    protocol TEXT NOT NULL,
    muted_status TEXT DEFAULT "ALL_ALLOWED" NOT NULL,
    muted_time INTEGER DEFAULT 0 NOT NULL,
    creator_id TEXT NOT NULL,
    last_modified_date INTEGER NOT NULL,
    last_notified_date INTEGER,
    last_read_date INTEGER DEFAULT 0 NOT NULL,
    access_list TEXT NOT NULL,
    access_role_list TEXT NOT NULL,
    mls_last_keying_material_update_date INTEGER DEFAULT 0 NOT NULL,
    mls_cipher_suite TEXT NOT NULL,
    receipt_mode TEXT DEFAULT "DISABLED" NOT NULL,
    guest_room_link TEXT,
    message_timer INTEGER DEFAULT(NULL),
    user_message_timer INTEGER DEFAULT(NULL),
    incomplete_metadata INTEGER NOT NULL DEFAULT 0,
    mls_degraded_notified INTEGER NOT NULL DEFAULT 0,
    is_guest_password_protected INTEGER DEFAULT 0 NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0,
    archived_date_time INTEGER,
    verification_status TEXT NOT NULL DEFAULT 'NOT_VERIFIED',
    proteus_verification_status TEXT NOT NULL DEFAULT 'NOT_VERIFIED',
    degraded_conversation_notified INTEGER NOT NULL DEFAULT 1,
    legal_hold_status TEXT NOT NULL DEFAULT 'DISABLED'
);
CREATE TABLE User (
    qualified_id TEXT NOT NULL PRIMARY KEY,
    name TEXT,
    handle TEXT,
    email TEXT,
    phone TEXT,
    accent_id INTEGER NOT NULL DEFAULT 0,
    team TEXT,
    connection_status TEXT NOT NULL DEFAULT 'NOT_CONNECTED',
    preview_asset_id TEXT,
    complete_asset_id TEXT,
    user_availability_status TEXT NOT NULL DEFAULT 'NONE',
    user_type TEXT NOT NULL DEFAULT 'STANDARD',
    bot_service TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    incomplete_metadata INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER,
    defederated INTEGER NOT NULL DEFAULT 0,
    supported_protocols TEXT DEFAULT 'PROTEUS',
    active_one_on_one_conversation_id TEXT
);
CREATE TABLE Member (
    user TEXT NOT NULL,
    conversation TEXT NOT NULL,
    role TEXT NOT NULL,
    CONSTRAINT member_conv PRIMARY KEY (user, conversation) ON CONFLICT IGNORE,
    FOREIGN KEY (conversation) REFERENCES Conversation(qualified_id)  ON DELETE CASCADE,
    FOREIGN KEY (user) REFERENCES User(qualified_id) ON DELETE CASCADE
);
CREATE TABLE Metadata (
    key TEXT NOT NULL PRIMARY KEY,
    stringValue TEXT NOT NULL
);
CREATE INDEX message_creation_date_index ON Message(creation_date);
CREATE INDEX message_conversation_index ON Message(conversation_id);
CREATE INDEX member_conversation_index ON Member(conversation);
