-- Gecko profile formhistory.sqlite: toolkit/components/satchel/FormHistory.sys.mjs (dbSchema.tables,
--   mozilla-central as stored in the code index): moz_formhistory, moz_deleted_formhistory, moz_sources,
-- Units: firstUsed, lastUsed, timeDeleted: PRTime microseconds since 1970.
CREATE TABLE moz_formhistory (id INTEGER PRIMARY KEY, fieldname TEXT NOT NULL, value TEXT NOT NULL, timesUsed INTEGER, firstUsed INTEGER, lastUsed INTEGER, guid TEXT);
CREATE TABLE moz_deleted_formhistory (id INTEGER PRIMARY KEY, timeDeleted INTEGER, guid TEXT);
CREATE INDEX moz_formhistory_index ON moz_formhistory (fieldname);
CREATE INDEX moz_formhistory_lastused_index ON moz_formhistory (lastUsed);
