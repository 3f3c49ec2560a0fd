-- Wire for iOS: store.wiredatabase, the Core Data (SQLite) store of one account, in the app group
--   container: <AppGroup>/AccountData/<account UUID>/store/store.wiredatabase
--   (wireapp/wire-ios wire-ios-data-model/Source/ManagedObjectContext/CoreDataStack.swift:
--   accountDataFolder = applicationContainer/"AccountData"/<uuidString>, appendingPersistentStoreLocation
--   = "store"/"store.wiredatabase"); on a full file system
--   /private/var/mobile/Containers/Shared/AppGroup/<container UUID>/AccountData/<UUID>/store/store.wiredatabase.
-- No public copy of a real store.wiredatabase exists. This DDL is ASSEMBLED from the Core Data model
--   wireapp/wire-ios wire-ios-data-model/Resources/zmessaging.xcdatamodeld/zmessaging2.132.0.xcdatamodel/contents
--   (entities Message {abstract; sub-entities AssetClientMessage, ClientMessage, ImageMessage,
--   KnockMessage, SystemMessage, TextMessage, UnknownMessage}, GenericMessageData, User, Conversation,
--   ParticipantRole, Session) by Core Data's SQLite naming: one table Z<ENTITY> per entity hierarchy,
--   Z_PK / Z_ENT / Z_OPT, an attribute as Z<UPPERCASED NAME>, a to-one relationship as an INTEGER
--   column Z<NAME> holding the target's Z_PK, an ordered to-many's order as Z_FOK_<inverse>; Date as
--   TIMESTAMP (Cocoa seconds since 2001-01-01, a double), UUID and Binary as BLOB, Boolean and
--   Integer as INTEGER, String as VARCHAR, Double/Float as FLOAT. Only the columns the parser reads or the
--   generator sets are listed (the real tables have more: modifiedKeys, needsToBeUpdatedFromBackend ...).
-- Column names confirmed by other readers of real stores:
--   LukasForst/wire-android-backup src/main/kotlin/pw/forst/wire/backups/ios/database/model/*.kt
--     (ZMESSAGE Z_PK, Z_ENT, ZSENDER, ZSERVERTIMESTAMP double, ZVISIBLEINCONVERSATION, ZUPDATEDTIMESTAMP,
--     ZSYSTEMMESSAGETYPE; ZGENERICMESSAGEDATA Z_PK, ZDATA, ZMESSAGE, ZASSET; ZUSER Z_PK, ZNAME, ZHANDLE,
--     ZREMOTEIDENTIFIER_DATA; ZCONVERSATION Z_PK, ZREMOTEIDENTIFIER_DATA; Z_PRIMARYKEY Z_ENT, Z_NAME);
--   iLEAPP scripts/artifacts/wire.py (ZMESSAGE ZSERVERTIMESTAMP Cocoa, ZNORMALIZEDTEXT, ZCACHEDCATEGORY,
--     ZDURATION, ZSENDER; ZUSER ZHANDLE, ZNAME, ZEMAILADDRESS).
-- Z_PRIMARYKEY / Z_METADATA are Core Data's own tables (as in ios_callhistory.sql).
-- Z_16USERS: the many-to-many SystemMessage.users <-> User.systemMessages, named as Core Data names join tables
--   (LukasForst/wire-android-backup .../ios/database/model/SystemMessagesRelatedUsers.kt reads
--   Z_15USERS(Z_15SYSTEMMESSAGES, Z_23USERS1) from a store of an older model, where SystemMessage was entity 15
--   and User 23). The numbers here are those of the 2.132.0 entities numbered by name, sub-entities after
--   their parent (SystemMessage 16, User 25); a reader takes them from Z_PRIMARYKEY.
-- Assumptions of this assembly (no real store to check them against): SystemMessage.text and TextMessage.text
--   (same name and type in two sub-entities of Message) share the column ZTEXT; the ordered to-many dataSet
--   keeps its order in ZGENERICMESSAGEDATA.Z_FOK_MESSAGE / Z_FOK_ASSET. The parser reads ZTEXT only for
--   system messages and orders by Z_FOK_ only when the columns exist.

CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
CREATE TABLE ZMESSAGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCACHEDCATEGORY INTEGER, ZDELIVERED INTEGER, ZEXPECTSREADCONFIRMATION INTEGER, ZEXPIRATIONREASONCODE INTEGER, ZISEXPIRED INTEGER, ZISOBFUSCATED INTEGER, ZSHOULDEXPIRE INTEGER, ZHIDDENINCONVERSATION INTEGER, ZQUOTE INTEGER, ZSENDER INTEGER, ZVISIBLEINCONVERSATION INTEGER, ZISDOWNLOADING INTEGER, ZTRANSFERSTATE INTEGER, ZUPLOADSTATE INTEGER, ZVERSION INTEGER, ZLINKPREVIEWSTATE INTEGER, ZDECRYPTIONERRORCODE INTEGER, ZPARTICIPANTSREMOVEDREASON INTEGER, ZSYSTEMMESSAGETYPE INTEGER, ZPARENTMESSAGE INTEGER, ZDESTRUCTIONDATE TIMESTAMP, ZEXPIRATIONDATE TIMESTAMP, ZSERVERTIMESTAMP TIMESTAMP, ZUPDATEDTIMESTAMP TIMESTAMP, ZPROGRESS FLOAT, ZDURATION FLOAT, ZMESSAGETIMER FLOAT, ZCONVERSATIONDOMAIN VARCHAR, ZNORMALIZEDTEXT VARCHAR, ZSENDERCLIENTID VARCHAR, ZSENDERDOMAIN VARCHAR, ZTEXT VARCHAR, ZCONVERSATIONID BLOB, ZNONCE_DATA BLOB, ZSENDERID BLOB, ZASSETID_DATA BLOB );
CREATE TABLE ZGENERICMESSAGEDATA ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZASSET INTEGER, Z_FOK_ASSET INTEGER, ZMESSAGE INTEGER, Z_FOK_MESSAGE INTEGER, ZDATA BLOB, ZNONCE BLOB );
CREATE TABLE ZUSER ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZACCENTCOLORVALUE INTEGER, ZISACCOUNTDELETED INTEGER, ZEXPIRESAT TIMESTAMP, ZDOMAIN VARCHAR, ZEMAILADDRESS VARCHAR, ZHANDLE VARCHAR, ZNAME VARCHAR, ZNORMALIZEDNAME VARCHAR, ZPRIMARYKEY VARCHAR, ZREMOTEIDENTIFIER_DATA BLOB, ZTEAMIDENTIFIER_DATA BLOB );
CREATE TABLE ZCONVERSATION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCONVERSATIONTYPE INTEGER, ZINTERNALISARCHIVED INTEGER, ZMESSAGEPROTOCOL INTEGER, ZCREATOR INTEGER, ZONEONONEUSER INTEGER, ZLASTMODIFIEDDATE TIMESTAMP, ZLASTSERVERTIMESTAMP TIMESTAMP, ZLOCALMESSAGEDESTRUCTIONTIMEOUT FLOAT, ZDOMAIN VARCHAR, ZNORMALIZEDUSERDEFINEDNAME VARCHAR, ZPRIMARYKEY VARCHAR, ZUSERDEFINEDNAME VARCHAR, ZREMOTEIDENTIFIER_DATA BLOB );
CREATE TABLE ZPARTICIPANTROLE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCONVERSATION INTEGER, ZROLE INTEGER, ZUSER INTEGER );
CREATE TABLE Z_16USERS ( Z_16SYSTEMMESSAGES INTEGER, Z_25USERS1 INTEGER, PRIMARY KEY (Z_16SYSTEMMESSAGES, Z_25USERS1) );
CREATE TABLE ZSESSION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZSELFUSER INTEGER );
