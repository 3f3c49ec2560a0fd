-- Mycelium Bitcoin Wallet for Android: databases/mds.db, the metadata store (labels and settings).
-- Source: mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/persistence/GenericMetadataStorage.java
--   (OpenHelper: DATABASE_NAME "mds.db", DATABASE_VERSION 3, onCreate; statement verbatim).
--   PRAGMA user_version of the source file: 3
--   android_metadata: created by Android's SQLiteOpenHelper/SQLiteDatabase for every app database.
-- Rows (persistence/MetadataStorage.java): category "al" = account label, key = the account UUID as text
--   (java.util.UUID.toString); "tl" = transaction label, key = the txid hex; "addresslabel" = the address book,
--   key = an address; "archived", "single_key_bs" ... other account state.
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE keyValueStore (key TEXT, category TEXT, value TEXT, PRIMARY KEY (key, category) );
