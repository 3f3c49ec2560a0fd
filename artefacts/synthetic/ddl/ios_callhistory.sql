-- iOS call history (CallHistory.storedata, Core Data SQLite store of callhistoryd), iOS 11 generation.
-- Path on device: /private/var/mobile/Library/CallHistoryDB/CallHistory.storedata
--   (iTunes-backup file id 5a4935c78a5255723f707230a451d79c540d2741, HomeDomain
--   Library/CallHistoryDB/CallHistory.storedata; mvt-project/mvt : mvt/ios/modules/mixed/calls.py).
-- Source of the DDL below: richinfante/iphonebackuptools : schemas/calls/calls_11.2.sql
--   @ 556912f3b89f7736b2735f5ad983410322a93a56 (schema dump of a real iOS 11.2 backup), copied
--   unchanged. The same repo's calls_10.3.3.sql has identical columns (index named
--   ZCALLRECORD_ZDATE_INDEX instead); calls_9.3.5.sql lacks ZCALL_CATEGORY, ZHANDLE_TYPE,
--   ZSERVICE_PROVIDER. Later iOS/macOS releases add columns (ZJUNKCONFIDENCE, ZPARTICIPANTGROUPUUID,
--   ZCONVERSATIONID, ... and tables ZHANDLE, Z_2REMOTEPARTICIPANTHANDLES): do not assume they exist.
-- Column types: all declared in the source dump (no unknown types). Core Data declares dates as
--   TIMESTAMP and doubles as FLOAT; the stored values are REALs.
-- Timestamps / units:
--   ZCALLRECORD.ZDATE     : Cocoa/Mac absolute time, SECONDS since 2001-01-01 UTC, REAL
--                           (unix = ZDATE + 978307200; iLEAPP callHistory.py, mac_apt callhistory.py)
--   ZCALLRECORD.ZDURATION : seconds, REAL
-- Codes (abrignoni/iLEAPP : scripts/artifacts/callHistory.py @ 0b8e2bc7 and 5a2bb456;
--        ydkhatri/mac_apt : plugins/callhistory.py @ 25d3f22d):
--   ZORIGINATED          0 = incoming, 1 = outgoing
--   ZANSWERED            0 = no, 1 = yes
--   ZCALLTYPE            0 = third-party app (CallKit), 1 = phone, 8 = FaceTime video, 16 = FaceTime audio
--   ZDISCONNECTED_CAUSE  0 = ended, 6 = rejected (mac_apt; for WhatsApp 2 = rejected, 6 = missed)
--   ZADDRESS             the other party (number or e-mail); a BLOB column, read back as bytes
--                        (iLEAPP strips the "b'...'" repr, mvt decodes bytes as UTF-8)
--   ZSERVICE_PROVIDER    e.g. com.apple.Telephony / com.apple.FaceTime / a CallKit app bundle id
--   Meaning NOT established by the sources above: ZCALL_CATEGORY, ZFACE_TIME_DATA, ZHANDLE_TYPE,
--   ZNUMBER_AVAILABILITY, ZDEVICE_ID.
-- Core Data bookkeeping: Z_PRIMARYKEY (one row per entity: Z_ENT, Z_NAME, Z_SUPER, Z_MAX = highest
--   Z_PK), Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST = binary plist of store metadata), Z_MODELCACHE.

CREATE TABLE ZCALLDBPROPERTIES (
    Z_PK INTEGER PRIMARY KEY,
    Z_ENT INTEGER,
    Z_OPT INTEGER,
    ZTIMER_ALL FLOAT,
    ZTIMER_INCOMING FLOAT,
    ZTIMER_LAST FLOAT,
    ZTIMER_LIFETIME FLOAT,
    ZTIMER_OUTGOING FLOAT
);
CREATE TABLE ZCALLRECORD (
    Z_PK INTEGER PRIMARY KEY,
    Z_ENT INTEGER,
    Z_OPT INTEGER,
    ZANSWERED INTEGER,
    ZCALL_CATEGORY INTEGER,
    ZCALLTYPE INTEGER,
    ZDISCONNECTED_CAUSE INTEGER,
    ZFACE_TIME_DATA INTEGER,
    ZHANDLE_TYPE INTEGER,
    ZNUMBER_AVAILABILITY INTEGER,
    ZORIGINATED INTEGER,
    ZREAD INTEGER,
    ZDATE TIMESTAMP,
    ZDURATION FLOAT,
    ZDEVICE_ID VARCHAR,
    ZISO_COUNTRY_CODE VARCHAR,
    ZLOCATION VARCHAR,
    ZNAME VARCHAR,
    ZSERVICE_PROVIDER VARCHAR,
    ZUNIQUE_ID VARCHAR UNIQUE,
    ZADDRESS BLOB
);
CREATE INDEX Z_CallRecord_date ON ZCALLRECORD (ZDATE COLLATE BINARY ASC);
CREATE TABLE Z_PRIMARYKEY (
    Z_ENT INTEGER PRIMARY KEY,
    Z_NAME VARCHAR,
    Z_SUPER INTEGER,
    Z_MAX INTEGER
);
CREATE TABLE Z_METADATA (
    Z_VERSION INTEGER PRIMARY KEY,
    Z_UUID VARCHAR(255),
    Z_PLIST BLOB
);
CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);
