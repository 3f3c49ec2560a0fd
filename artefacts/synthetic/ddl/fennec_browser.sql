-- Fennec (Firefox for Android before 2020): the per-profile browser.db, files/mozilla/<profile>/browser.db.
-- Source: mozilla-central mobile/android/base/java/org/mozilla/gecko/db/BrowserDatabaseHelper.java
--   (DATABASE_VERSION = 39, "Bug 1364644"; read in the stored copy Feodor2/Mypal68, the Firefox 68 tree):
--   createBookmarksTable, createHistoryTable, createVisitsTable, createRemoteDevicesTable, createClientsTable,
--   createTabsTable (+ createTabsTableIndices) and createSearchHistoryTable, with the column names of
--   BrowserContract.java (Bookmarks, History, Visits, RemoteDevices, Clients, Tabs, SearchHistory) substituted.
--   The tables the parser does not read (favicons, thumbnails, reading_list, urlannotations, page_metadata,
--   logins ...) are left out of the generated sample.
-- Cross-check: the history, visits and bookmarks tables and their indexes agree column for column with the
--   schema files that application-services' Fennec import tests load (components/places/tests/fennec_history.rs,
--   fennec_bookmarks.rs: include_str!("./fennec_history_schema.sql"), user_version 39).
-- PRAGMA user_version of the source file: 39
-- Units (BrowserProvider.java insertVisitsFromHistory: "Sync works in microseconds, so we store visit timestamps
--   in microseconds as well. History timestamps are in milliseconds."): visits.date microseconds since 1970;
--   history.date/created/modified, bookmarks.created/modified, searchhistory.date (SearchHistoryProvider:
--   System.currentTimeMillis()), tabs.last_used, clients.last_modified and remote_devices.created/modified/
--   last_access_time ("Timestamp - in milliseconds") milliseconds since 1970.
CREATE TABLE bookmarks(_id INTEGER PRIMARY KEY AUTOINCREMENT,title TEXT,url TEXT,type INTEGER NOT NULL DEFAULT 1,parent INTEGER,position INTEGER NOT NULL,keyword TEXT,description TEXT,tags TEXT,favicon_id INTEGER,created INTEGER,modified INTEGER,guid TEXT NOT NULL,deleted INTEGER NOT NULL DEFAULT 0, localVersion INTEGER NOT NULL DEFAULT 1, syncVersion INTEGER NOT NULL DEFAULT 0, FOREIGN KEY (parent) REFERENCES bookmarks(_id));
CREATE INDEX bookmarks_url_index ON bookmarks(url);
CREATE INDEX bookmarks_type_deleted_index ON bookmarks(type, deleted);
CREATE UNIQUE INDEX bookmarks_guid_index ON bookmarks(guid);
CREATE INDEX bookmarks_modified_index ON bookmarks(modified);
CREATE TABLE history(_id INTEGER PRIMARY KEY AUTOINCREMENT,title TEXT,url TEXT NOT NULL,visits INTEGER NOT NULL DEFAULT 0,visits_local INTEGER NOT NULL DEFAULT 0,visits_remote INTEGER NOT NULL DEFAULT 0,favicon_id INTEGER,date INTEGER,date_local INTEGER NOT NULL DEFAULT 0,date_remote INTEGER NOT NULL DEFAULT 0,created INTEGER,modified INTEGER,guid TEXT NOT NULL,deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX history_url_index ON history(url);
CREATE UNIQUE INDEX history_guid_index ON history(guid);
CREATE INDEX history_modified_index ON history(modified);
CREATE INDEX history_visited_index ON history(date);
CREATE TABLE visits(_id INTEGER PRIMARY KEY AUTOINCREMENT,history_guid TEXT NOT NULL,visit_type TINYINT NOT NULL DEFAULT 1,date INTEGER NOT NULL, is_local TINYINT NOT NULL DEFAULT 1, FOREIGN KEY (history_guid) REFERENCES history(guid) ON DELETE CASCADE ON UPDATE CASCADE);
CREATE UNIQUE INDEX visits_history_guid_and_date_visited_index ON visits(history_guid,date);
CREATE INDEX visits_history_guid_index ON visits(history_guid);
CREATE TABLE remote_devices(_id INTEGER PRIMARY KEY AUTOINCREMENT,guid TEXT UNIQUE NOT NULL,name TEXT NOT NULL,type TEXT NOT NULL,is_current_device INTEGER NOT NULL,created INTEGER NOT NULL,modified INTEGER NOT NULL,last_access_time INTEGER NOT NULL);
CREATE TABLE clients(guid TEXT PRIMARY KEY,name TEXT,last_modified INTEGER,device_type TEXT);
CREATE TABLE tabs(_id INTEGER PRIMARY KEY AUTOINCREMENT,client_guid TEXT,title TEXT,url TEXT,history TEXT,favicon TEXT,last_used INTEGER,position INTEGER, FOREIGN KEY (client_guid) REFERENCES clients(guid) ON DELETE CASCADE);
CREATE INDEX tabs_guid_index ON tabs(client_guid);
CREATE INDEX tabs_position_index ON tabs(position);
CREATE TABLE searchhistory(_id INTEGER PRIMARY KEY AUTOINCREMENT, query TEXT UNIQUE NOT NULL, date INTEGER, visits INTEGER ) ;
CREATE INDEX idx_search_history_last_visited ON searchhistory(date);
