-- DuckDuckGo for iOS: the browsing-history Core Data store, model version 3 (the current one).
-- File: <app data container>/Library/Application Support/History.sqlite (duckduckgo/iOS Core/HistoryManager.swift:
-- HistoryDatabase.defaultDBLocation is the Application Support directory, defaultDBFileURL "History.sqlite",
-- CoreDataDatabase(name: "History"); iLEAPP scripts/artifacts/duckduckgo.py reads '*/Library/Application
-- Support/History.sqlite*' on a real iOS 26.5.2 store).
-- No CREATE statement of a real store is public. Derived by hand from the model, in Core Data's SQLite layout:
--  * model: duckduckgo/apple-browsers SharedPackages/BrowserServicesKit/Sources/History/CoreData/
--    BrowsingHistoryModel.swift (v1 = duckduckgo/BrowserServicesKit Sources/History/CoreData/
--    BrowsingHistory.xcdatamodeld/BrowsingHistory.xcdatamodel/contents; v2 adds cookiePopupBlocked; v3 adds the
--    TabHistoryManagedObject entity (tabID String, url URI, to-one visit) and PageVisitManagedObject.tabHistory);
--  * an entity is table Z<ENTITY NAME upper-cased>, an attribute or to-one relationship column Z<NAME upper-cased>,
--    with Z_PK / Z_ENT / Z_OPT first; column order (integers and booleans, then to-one keys, then dates, strings,
--    binary, each alphabetical), the <TABLE>_<COLUMN>_INDEX index of a to-one key and the bookkeeping tables
--    Z_PRIMARYKEY / Z_METADATA / Z_MODELCACHE as in the real Core Data file behind mastodon_ios.sql;
--  * column names the real store has, read by iLEAPP duckduckgo.py: ZBROWSINGHISTORYENTRYMANAGEDOBJECT (ZLASTVISIT,
--    ZURL, ZTITLE, ZNUMBEROFTOTALVISITS, ZNUMBEROFTRACKERSBLOCKED, ZTRACKERSFOUND, ZBLOCKEDTRACKINGENTITIES,
--    ZFAILEDTOLOAD, ZCOOKIEPOPUPBLOCKED), ZPAGEVISITMANAGEDOBJECT (ZDATE, ZHISTORYENTRY, ZTABHISTORY),
--    ZTABHISTORYMANAGEDOBJECT (Z_PK, ZTABID);
--  * not sourced, Core Data's usual storage: Boolean / Integer 64 INTEGER, Date TIMESTAMP (REAL Cocoa seconds, as
--    iLEAPP converts them), String and URI VARCHAR (iLEAPP shows ZURL as the URL text), UUID a 16-byte BLOB;
--    ZTABHISTORYMANAGEDOBJECT.ZVISIT (the other side of the one-to-one tabHistory / visit: Core Data keeps a
--    one-to-one on both sides, as Photos.sqlite's ZASSET.ZADDITIONALATTRIBUTES / ZADDITIONALASSETATTRIBUTES.ZASSET);
--    entity numbers (Z_ENT 1, 2, 3 in the alphabetical order of the entity names).
-- Core Data's triggers are left out (the project's other Core Data DDLs do the same).
CREATE TABLE ZBROWSINGHISTORYENTRYMANAGEDOBJECT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCOOKIEPOPUPBLOCKED INTEGER, ZFAILEDTOLOAD INTEGER, ZNUMBEROFTOTALVISITS INTEGER, ZNUMBEROFTRACKERSBLOCKED INTEGER, ZTRACKERSFOUND INTEGER, ZLASTVISIT TIMESTAMP, ZBLOCKEDTRACKINGENTITIES VARCHAR, ZTITLE VARCHAR, ZURL VARCHAR, ZIDENTIFIER BLOB );
CREATE TABLE ZPAGEVISITMANAGEDOBJECT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZHISTORYENTRY INTEGER, ZTABHISTORY INTEGER, ZDATE TIMESTAMP );
CREATE TABLE ZTABHISTORYMANAGEDOBJECT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZVISIT INTEGER, ZTABID VARCHAR, ZURL VARCHAR );
CREATE INDEX ZPAGEVISITMANAGEDOBJECT_ZHISTORYENTRY_INDEX ON ZPAGEVISITMANAGEDOBJECT (ZHISTORYENTRY);
CREATE INDEX ZPAGEVISITMANAGEDOBJECT_ZTABHISTORY_INDEX ON ZPAGEVISITMANAGEDOBJECT (ZTABHISTORY);
CREATE INDEX ZTABHISTORYMANAGEDOBJECT_ZVISIT_INDEX ON ZTABHISTORYMANAGEDOBJECT (ZVISIT);
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);
