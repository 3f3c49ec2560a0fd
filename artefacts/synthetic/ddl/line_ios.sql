-- LINE for iOS (jp.naver.line): the Core Data store Line.sqlite (Library/Application Support/PrivateStore/
--   P_<account>/Message/Line.sqlite, as a public iOS app-path registry lists it: "db_relative_path=Library/
--   Application Support/PrivateStore/P_/Message/Line.sqlite", "db_schema_table=ZMESSAGE"). No real file and no
--   public CREATE TABLE of it could be found: these statements hold only what iLEAPP scripts/artifacts/line.py
--   (abrignoni/iLEAPP @ 35524e04) reads from real files, plus the Z_PK / Z_ENT / Z_OPT columns of every Core
--   Data entity table: ZMESSAGE(ZTIMESTAMP ms since 1970 -- "ZTIMESTAMP / 1000, 'unixepoch'" --, ZSENDER ->
--   ZUSER.Z_PK, NULL for an outgoing message, ZTEXT) and ZUSER(Z_PK, ZNAME "Username").
CREATE TABLE ZMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSENDER INTEGER, ZTIMESTAMP INTEGER, ZTEXT VARCHAR);
CREATE TABLE ZUSER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZNAME VARCHAR);
