-- Threema for iOS ThreemaData.sqlite of the app's FIRST Core Data model (no subentities, no groups).
-- Source: threema-ch/threema-ios
--   ThreemaFramework/Persistence/Model/ThreemaData/ThreemaData.xcdatamodeld/ThreemaData.xcdatamodel/contents
--   @ 64c6a10e3f30176be44a9deea3300e0e46697f24 (entities Contact, Conversation, Message; "Xcode 4.3").
-- NOT a dump of a real store: written as Core Data generates tables from a model, by the rules stated in
--   threema_ios.sql. Message is a concrete entity here (Z_PRIMARYKEY.Z_NAME "Message") with the text in
--   ZTEXT; it has no sender relationship, Contact has no publicNickname, Conversation no group attributes.
--   Conversation.messages is an ordered to-many relationship: Core Data keeps the order in
--   Z_FOK_CONVERSATION of ZMESSAGE (the Z_FOK_ columns of whatsapp_ios_callhistory.sql, a real store,
--   are such order keys). Transient attributes (Conversation.lastTypingStart, typing) have no column.
--   Indexes (indexed="YES" attributes) left out. Units as in threema_ios.sql (Cocoa seconds, REAL).

CREATE TABLE ZCONTACT ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZABRECORDID INTEGER, ZSORTINDEX INTEGER, ZVERIFICATIONLEVEL INTEGER, ZFIRSTNAME VARCHAR, ZIDENTITY VARCHAR, ZLASTNAME VARCHAR, ZSORTINITIAL VARCHAR, ZVERIFIEDEMAIL VARCHAR, ZVERIFIEDMOBILENO VARCHAR, ZIMAGEDATA BLOB, ZPUBLICKEY BLOB );

CREATE TABLE ZCONVERSATION ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZUNREADMESSAGECOUNT INTEGER, ZCONTACT INTEGER, ZLASTMESSAGE INTEGER );

CREATE TABLE ZMESSAGE ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDELIVERED INTEGER, ZISOWN INTEGER, ZREAD INTEGER, ZSENT INTEGER, ZUSERACK INTEGER, ZCONVERSATION INTEGER, Z_FOK_CONVERSATION INTEGER, ZDATE TIMESTAMP, ZDELIVERYDATE TIMESTAMP, ZREADDATE TIMESTAMP, ZUSERACKDATE TIMESTAMP, ZTEXT VARCHAR, ZID BLOB );

CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);

CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);

CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
