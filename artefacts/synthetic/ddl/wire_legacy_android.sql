-- Wire for Android, legacy app (Scala "zmessaging" sync engine, before Kalium): one plain SQLite database per
--   account, named by the account's user id: data/data/com.wire/databases/<user uuid> (zmessaging
--   `class ZmsDatabase(user: UserId, ...)` opens `new ZMessagingDB(context, user.str, tracking)`; the path
--   com.wire/databases/af7b1f93-b00c-433f-93da-ac19cbebd308 is the one other public extraction scripts copy).
-- Each table is the CREATE statement the app's Dao generates: TableDesc.createSql =
--   columns.map(c => s"${c.name} ${c.sqlType} ${c.modifiers}").mkString("CREATE TABLE IF NOT EXISTS $name (", ", ", ");")
--   (zmessaging db/Dao.scala), so a column without modifiers keeps a trailing space; SQL types from
--   db/Col.scala (id/text -> TEXT, int/long/bool/timestamp/remoteTimestamp/localTimestamp/finiteDuration ->
--   INTEGER, protoSeq -> BLOB). Instants and durations are stored in milliseconds (db/DbTranslator.scala:
--   InstantTranslator / RemoteInstantTranslator / LocalInstantTranslator `toEpochMilli`,
--   FiniteDurationTranslator `toMillis`).
-- Sources per table (the app's schema changed over the years; each table is the version named here):
--   Messages: wireapp/wire-android_legacy zmessaging/src/main/scala/com/waz/model/MessageData.scala @ 0122e33e
--     (MessageDataDao; msg_type = MessageTypeCodec names "Text", "Asset", "Knock", "MissedCall", ...; content =
--     JSON array of MessageContent {"type", "content", "asset", "width", "height", ...}; protos = the
--     GenericMessages written back to back, DbTranslator.protoSeqTranslator); its index from onCreate.
--   Users: wireapp/wire-android-sync-engine zmessaging/src/main/scala/com/waz/model/UserData.scala @ 0e2bc387.
--   Conversations, ConversationMembers: wireapp/wire-android-sync-engine
--     zmessaging/src/main/scala/com/waz/model/ConversationData.scala @ 0e2bc387 (conv_type =
--     IConversation.Type id: -1 unknown, 0 group, 1 self, 2 one-to-one, 3 wait for connection, 4 incoming).
--   Assets2: wireapp/wire-android_legacy zmessaging/src/main/scala/com/waz/content/AssetStorageImpl.scala
--     (AssetDao); Messages.asset_id holds Assets2._id (GeneralAssetIdCodec: an AssetId as is).
--   Likings: wireapp/wire-android_legacy zmessaging/src/main/scala/com/waz/model/Liking.scala @ 5298ba3b (LikingDao, a
--     Dao2 keyed by (message_id, user_id) in code, no SQL key: createSql lists the columns only; timestamp ms
--     (remoteTimestamp); action = Liking.Action serial: 0 Unlike, 1 Like).
-- ALEAPP reads the same tables (shared/reference/apps.md "Wire": Messages time ms, content JSON [0].content,
--   duration ms, asset_id; Users name/email/phone/handle; Assets2).

CREATE TABLE IF NOT EXISTS Messages (_id TEXT PRIMARY KEY, conv_id TEXT , msg_type TEXT , user_id TEXT , client_id TEXT , error_code INTEGER , content TEXT , protos BLOB , time INTEGER , local_time INTEGER , first_msg INTEGER , members TEXT , recipient TEXT , email TEXT , name TEXT , msg_state TEXT , content_size INTEGER , edit_time INTEGER , ephemeral INTEGER , expiry_time INTEGER , expired INTEGER , duration INTEGER , quote TEXT , quote_validity INTEGER , force_read_receipts INTEGER , asset_id TEXT );
CREATE TABLE IF NOT EXISTS Users (_id TEXT PRIMARY KEY, teamId TEXT , name TEXT , email TEXT , phone TEXT , tracking_id TEXT , picture TEXT , accent INTEGER , skey TEXT , connection TEXT , conn_timestamp INTEGER , conn_msg TEXT , conversation TEXT , relation TEXT , timestamp INTEGER , display_name TEXT , verified TEXT , deleted INTEGER , availability INTEGER , handle TEXT , provider_id TEXT , integration_id TEXT , expires_at INTEGER );
CREATE TABLE IF NOT EXISTS Conversations (_id TEXT PRIMARY KEY, remote_id TEXT , name TEXT , creator TEXT , conv_type INTEGER , team TEXT , is_managed INTEGER , last_event_time INTEGER , is_active INTEGER , last_read INTEGER , muted INTEGER , mute_time INTEGER , archived INTEGER , archive_time INTEGER , cleared INTEGER , generated_name TEXT , search_key TEXT , unread_count INTEGER , unsent_count INTEGER , hidden INTEGER , missed_call TEXT , incoming_knock TEXT , verified TEXT , ephemeral INTEGER , global_ephemeral INTEGER , unread_call_count INTEGER , unread_ping_count INTEGER , access TEXT , access_role TEXT , link TEXT );
CREATE TABLE IF NOT EXISTS ConversationMembers (user_id TEXT , conv_id TEXT );
CREATE TABLE IF NOT EXISTS Assets2 (_id TEXT PRIMARY KEY, token TEXT , domain TEXT , name TEXT , encryption TEXT , mime TEXT , sha BLOB , size INTEGER , source TEXT , preview TEXT , details TEXT );
CREATE TABLE IF NOT EXISTS Likings (message_id TEXT , user_id TEXT , timestamp INTEGER , action INTEGER );
CREATE INDEX IF NOT EXISTS Messages_conv_time on Messages ( conv_id, time);
CREATE INDEX IF NOT EXISTS Conversation_id on Users (_id);
CREATE INDEX IF NOT EXISTS UserData_search_key on Users (skey);
CREATE INDEX IF NOT EXISTS Conversation_search_key on Conversations (search_key);
CREATE INDEX IF NOT EXISTS ConversationMembers_conv on ConversationMembers (conv_id);
CREATE INDEX IF NOT EXISTS ConversationMembers_userid on ConversationMembers (user_id);
