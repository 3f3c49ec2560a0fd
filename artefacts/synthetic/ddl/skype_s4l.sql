-- Skype 8+ ("Skype for Life") per-account database s4l-<account>.db (Android, iOS, desktop).
-- No create statement of this database is published and no real file is in the corpus. The tables and
-- columns here are exactly the ones two public parsers read, nothing more:
--   Mobius Forensic Toolkit src/extensions/app/skype/file_s4l_db.cpp (schema versions 84 and 88):
--     metadata(name, value)            name 'schemaVersion'
--     internaldata(nsp_pk, nsp_data)   nsp_pk 'Cpriv_prefs_v2' etc.; nsp_data JSON {"value": ...}
--     profilecachev8(nsp_pk, nsp_data) contacts, nsp_data JSON
--     profilecachev8_phoneNumbersIndex(nsp_key, nsp_refpk)   not written by the generator
--     calllogs(nsp_pk, nsp_data)       call records, nsp_data JSON
--   IPED iped-parsers/.../skype/v8/SkypeSqliteV12.java (sepinf-inc/IPED):
--     messagesv12(nsp_pk, nsp_data, nsp_i_convidcreatedtime)   ordered by the last column
--     conversationsv14(nsp_pk, nsp_data)  (conversationsv13 in older files)
-- The parsers do not give the column types: the columns are declared without one (SQLite's BLOB/none
-- affinity keeps every value as written).
CREATE TABLE metadata (name, value);
CREATE TABLE internaldata (nsp_pk, nsp_data);
CREATE TABLE profilecachev8 (nsp_pk, nsp_data);
CREATE TABLE profilecachev8_phoneNumbersIndex (nsp_key, nsp_refpk);
CREATE TABLE calllogs (nsp_pk, nsp_data);
CREATE TABLE messagesv12 (nsp_pk, nsp_data, nsp_i_convidcreatedtime);
CREATE TABLE conversationsv14 (nsp_pk, nsp_data);
