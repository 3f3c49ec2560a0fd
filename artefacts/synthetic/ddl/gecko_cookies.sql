-- Gecko profile cookies.sqlite (netwerk/cookie/CookiePersistentStorage.cpp, CreateTableWorker("moz_cookies"),
--   mozilla-central as stored in the code index; the string it builds, verbatim).
-- PRAGMA user_version of the source file: 17
-- Units: creationTime, lastAccessed, updateTime: PRTime microseconds since 1970 (CreationTimeInUSec,
--   "UPDATE moz_cookies SET updateTime = CAST(strftime('%s','now') AS INTEGER) * 1000000" in the v16->17 step).
--   expiry: seconds since 1970 up to schema 15; the 15->16 migration runs
--   "UPDATE moz_cookies SET expiry = expiry * 1000" (ExpiryInMSec), so milliseconds from user_version 16 on.
CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, lastAccessed INTEGER, creationTime INTEGER, isSecure INTEGER, isHttpOnly INTEGER, inBrowserElement INTEGER DEFAULT 0, sameSite INTEGER DEFAULT 0, schemeMap INTEGER DEFAULT 0, isPartitionedAttributeSet INTEGER DEFAULT 0, updateTime INTEGER, CONSTRAINT moz_uniqueid UNIQUE (name, host, path, originAttributes));
