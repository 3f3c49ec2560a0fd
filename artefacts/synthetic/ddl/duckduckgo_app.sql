-- DuckDuckGo for Android (com.duckduckgo.mobile.android): databases/app.db, the tables read by plugins/duckduckgo.py.
-- Source: duckduckgo/Android app/schemas/com.duckduckgo.app.global.db.AppDatabase/65.json (Room's exported schema:
--   each entity's "createSql" with ${TABLE_NAME} replaced by the table name, the indices' "createSql", and the
--   "setupQueries" room_master_table statement), verbatim otherwise. The other tables of version 65 (pixels,
--   counters, surveys, tab page contexts, WebView sessions ...) are not read and left out.
-- android_metadata: created by Android's SQLiteDatabase in every database it opens (table of the locale).
-- PRAGMA user_version of the source file: 65
-- Units: tabs.lastAccessTime is TEXT "yyyy-MM-dd'T'HH:mm:ss" of a java.time.LocalDateTime, the phone's local
--   wall-clock time (TabEntity LocalDateTimeTypeConverter -> DatabaseDateFormatter.timestamp);
--   tabs.tabPreviewFile is "<System.currentTimeMillis()>.jpg" (FileBasedWebViewPreviewPersister, under
--   cache/tabPreviews/<tabId>/); entities.lastModified is DatabaseDateFormatter.iso8601(): an ISO-8601 UTC instant
--   (OffsetDateTime.now(ZoneOffset.UTC) formatted with DateTimeFormatter.ISO_INSTANT), saved-sites RoomEntities.kt.
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE IF NOT EXISTS `tabs` (`tabId` TEXT NOT NULL, `url` TEXT, `title` TEXT, `skipHome` INTEGER NOT NULL, `viewed` INTEGER NOT NULL, `position` INTEGER NOT NULL, `tabPreviewFile` TEXT, `sourceTabId` TEXT, `deletable` INTEGER NOT NULL, `lastAccessTime` TEXT, PRIMARY KEY(`tabId`), FOREIGN KEY(`sourceTabId`) REFERENCES `tabs`(`tabId`) ON UPDATE SET NULL ON DELETE SET NULL );
CREATE TABLE IF NOT EXISTS `tab_selection` (`id` INTEGER NOT NULL, `tabId` TEXT, PRIMARY KEY(`id`), FOREIGN KEY(`tabId`) REFERENCES `tabs`(`tabId`) ON UPDATE NO ACTION ON DELETE SET NULL );
CREATE TABLE IF NOT EXISTS `bookmarks` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `title` TEXT, `url` TEXT NOT NULL, `parentId` INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS `favorites` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `title` TEXT NOT NULL, `url` TEXT NOT NULL, `position` INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS `bookmark_folders` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `name` TEXT NOT NULL, `parentId` INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS `fireproofWebsites` (`domain` TEXT NOT NULL, PRIMARY KEY(`domain`));
CREATE TABLE IF NOT EXISTS `entities` (`entityId` TEXT NOT NULL, `title` TEXT NOT NULL, `url` TEXT, `type` TEXT NOT NULL, `lastModified` TEXT, `deleted` INTEGER NOT NULL, PRIMARY KEY(`entityId`));
CREATE TABLE IF NOT EXISTS `relations` (`id` INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, `folderId` TEXT NOT NULL, `entityId` TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS room_master_table (id INTEGER PRIMARY KEY,identity_hash TEXT);
CREATE INDEX IF NOT EXISTS `index_tabs_tabId` ON `tabs` (`tabId`);
CREATE INDEX IF NOT EXISTS `index_tab_selection_tabId` ON `tab_selection` (`tabId`);
CREATE UNIQUE INDEX IF NOT EXISTS `index_favorites_title_url` ON `favorites` (`title`, `url`);
