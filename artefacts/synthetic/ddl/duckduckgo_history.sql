-- DuckDuckGo for Android (com.duckduckgo.mobile.android): databases/history.db.
-- Source: duckduckgo/Android history/history-impl/schemas/com.duckduckgo.history.impl.store.HistoryDatabase/4.json
--   (Room's exported schema: each entity's "createSql" with ${TABLE_NAME} replaced by the table name, the index
--   "createSql", and the "setupQueries" room_master_table statement), verbatim otherwise.
-- android_metadata: created by Android's SQLiteDatabase in every database it opens (table of the locale).
-- PRAGMA user_version of the source file: 4
-- Units: visits_list.timestamp is TEXT "yyyy-MM-dd'T'HH:mm:ss" of java.time.LocalDateTime.now(), the phone's
--   local wall-clock time without a zone (HistoryRepository.saveToHistory -> HistoryDao.updateOrInsertVisit ->
--   DatabaseDateFormatter.timestamp, pattern "yyyy-MM-dd'T'HH:mm:ss").
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE IF NOT EXISTS `history_entries` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `url` TEXT NOT NULL, `title` TEXT NOT NULL, `query` TEXT, `isSerp` INTEGER NOT NULL, `description` TEXT, `h1` TEXT, `chunkText` TEXT);
CREATE TABLE IF NOT EXISTS `visits_list` (`historyEntryId` INTEGER NOT NULL, `timestamp` TEXT NOT NULL, `tabId` TEXT NOT NULL, PRIMARY KEY(`timestamp`, `historyEntryId`, `tabId`), FOREIGN KEY(`historyEntryId`) REFERENCES `history_entries`(`id`) ON UPDATE NO ACTION ON DELETE CASCADE );
CREATE TABLE IF NOT EXISTS room_master_table (id INTEGER PRIMARY KEY,identity_hash TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS `index_history_entries_url` ON `history_entries` (`url`);
