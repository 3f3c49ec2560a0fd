-- Firefox for iOS (org.mozilla.ios.Firefox): profile.profile/browser.db, the schema of BrowserSchema version 39
-- (the CREATE TABLE strings of mozilla-mobile/firefox-ios Storage/SQL/BrowserSchema.swift, "static let
-- DefaultVersion = 39"; create() and getBookmarksTableCreationStringForTable with the additional columns each
-- table gets there: bookmarksLocal = localColumns + iconColumns, bookmarksBuffer = serverColumns, bookmarksMirror
-- = serverColumns + mirrorColumns + iconColumns). Comments inside the strings left out; the tables the parser
-- does not read (cached_top_sites, pinned_top_sites, page_metadata, highlights, queue, commands,
-- activity_stream_blocklist, matview_awesomebar_bookmarks_with_favicons, remote_devices), the history_fts
-- virtual table, its triggers and the views are left out; the indexes are the ones create() makes.
-- Units (BrowserSchema.swift comments; Shared/DateExtensions.swift Date.now() = ms, nowMicroseconds() = µs):
--   visits.date "Microseconds since epoch" (REAL); history.server_modified "Integer milliseconds",
--   history.local_modified client clock ms; bookmarks*.date_added ms (prepopulateRootFolders writes
--   Date.nowNumber()), local_modified ms, server_modified "Milliseconds"; clients.modified and tabs.last_used ms
--   (Storage/SQL/SQLiteRemoteClientsAndTabs.swift reads them as Timestamp, the app's millisecond type).
CREATE TABLE IF NOT EXISTS domains (id INTEGER PRIMARY KEY AUTOINCREMENT, domain TEXT NOT NULL UNIQUE, showOnTopSites TINYINT NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, url TEXT UNIQUE, title TEXT NOT NULL, server_modified INTEGER, local_modified INTEGER, is_deleted TINYINT NOT NULL, should_upload TINYINT NOT NULL, domain_id INTEGER REFERENCES domains(id) ON DELETE CASCADE, CONSTRAINT urlOrDeleted CHECK (url IS NOT NULL OR is_deleted = 1));
CREATE TABLE IF NOT EXISTS favicons (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, width INTEGER, height INTEGER, type INTEGER NOT NULL, date REAL NOT NULL);
CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, date REAL NOT NULL, type INTEGER NOT NULL, is_local TINYINT NOT NULL, UNIQUE (siteID, date, type));
CREATE TABLE IF NOT EXISTS bookmarksBuffer (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, type TINYINT NOT NULL, date_added INTEGER, is_deleted TINYINT NOT NULL DEFAULT 0, parentid TEXT, parentName TEXT, feedUri TEXT, siteUri TEXT, pos INT, title TEXT, description TEXT, bmkUri TEXT, tags TEXT, keyword TEXT, folderName TEXT, queryId TEXT, server_modified INTEGER NOT NULL, hasDupe TINYINT NOT NULL DEFAULT 0, CONSTRAINT parentidOrDeleted CHECK (parentid IS NOT NULL OR is_deleted = 1), CONSTRAINT parentNameOrDeleted CHECK (parentName IS NOT NULL OR is_deleted = 1));
CREATE TABLE IF NOT EXISTS bookmarksBufferStructure (parent TEXT NOT NULL REFERENCES bookmarksBuffer(guid) ON DELETE CASCADE, child TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarksLocal (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, type TINYINT NOT NULL, date_added INTEGER, is_deleted TINYINT NOT NULL DEFAULT 0, parentid TEXT, parentName TEXT, feedUri TEXT, siteUri TEXT, pos INT, title TEXT, description TEXT, bmkUri TEXT, tags TEXT, keyword TEXT, folderName TEXT, queryId TEXT, local_modified INTEGER, sync_status TINYINT NOT NULL, faviconID INTEGER REFERENCES favicons(id) ON DELETE SET NULL, CONSTRAINT parentidOrDeleted CHECK (parentid IS NOT NULL OR is_deleted = 1), CONSTRAINT parentNameOrDeleted CHECK (parentName IS NOT NULL OR is_deleted = 1));
CREATE TABLE IF NOT EXISTS bookmarksLocalStructure (parent TEXT NOT NULL REFERENCES bookmarksLocal(guid) ON DELETE CASCADE, child TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarksMirror (id INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT NOT NULL UNIQUE, type TINYINT NOT NULL, date_added INTEGER, is_deleted TINYINT NOT NULL DEFAULT 0, parentid TEXT, parentName TEXT, feedUri TEXT, siteUri TEXT, pos INT, title TEXT, description TEXT, bmkUri TEXT, tags TEXT, keyword TEXT, folderName TEXT, queryId TEXT, server_modified INTEGER NOT NULL, hasDupe TINYINT NOT NULL DEFAULT 0, is_overridden TINYINT NOT NULL DEFAULT 0, faviconID INTEGER REFERENCES favicons(id) ON DELETE SET NULL, CONSTRAINT parentidOrDeleted CHECK (parentid IS NOT NULL OR is_deleted = 1), CONSTRAINT parentNameOrDeleted CHECK (parentName IS NOT NULL OR is_deleted = 1));
CREATE TABLE IF NOT EXISTS bookmarksMirrorStructure (parent TEXT NOT NULL REFERENCES bookmarksMirror(guid) ON DELETE CASCADE, child TEXT NOT NULL, idx INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending_deletions (id TEXT PRIMARY KEY REFERENCES bookmarksBuffer(guid) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS favicon_sites (id INTEGER PRIMARY KEY AUTOINCREMENT, siteID INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE, faviconID INTEGER NOT NULL REFERENCES favicons(id) ON DELETE CASCADE, UNIQUE (siteID, faviconID));
CREATE TABLE IF NOT EXISTS clients (guid TEXT PRIMARY KEY, name TEXT NOT NULL, modified INTEGER NOT NULL, type TEXT, formfactor TEXT, os TEXT, version TEXT, fxaDeviceId TEXT);
CREATE TABLE IF NOT EXISTS tabs (id INTEGER PRIMARY KEY AUTOINCREMENT, client_guid TEXT REFERENCES clients(guid) ON DELETE CASCADE, url TEXT NOT NULL, title TEXT, history TEXT, last_used INTEGER);
CREATE INDEX IF NOT EXISTS idx_bookmarksBufferStructure_parent_idx ON bookmarksBufferStructure (parent, idx);
CREATE INDEX IF NOT EXISTS idx_bookmarksLocalStructure_parent_idx ON bookmarksLocalStructure (parent, idx);
CREATE INDEX IF NOT EXISTS idx_bookmarksMirrorStructure_parent_idx ON bookmarksMirrorStructure (parent, idx);
CREATE INDEX IF NOT EXISTS idx_bookmarksMirrorStructure_child ON bookmarksMirrorStructure (child);
CREATE INDEX IF NOT EXISTS idx_history_should_upload ON history (should_upload) WHERE should_upload = 1;
CREATE INDEX IF NOT EXISTS idx_visits_siteID_is_local_date ON visits (siteID, is_local, date);
