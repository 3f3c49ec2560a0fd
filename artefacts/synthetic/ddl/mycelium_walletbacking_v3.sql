-- Mycelium Bitcoin Wallet for Android, databases/walletbacking.db as versions 3 and 4 wrote it, before the
--   upgrade to version 5 (DATABASE_VERSION 3; version 4 only changes each account's tx table, see
--   mycelium_account_tables_v3.sql).
-- Source: mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/wapi/SqliteWalletManagerBacking.java
--   at a commit with OpenHelper DATABASE_VERSION 3 (onCreate; statements verbatim). Version 1 lacked
--   kv.checksum, versions 1-2 kv.subId and bip44.accountType / accountSubId (onUpgrade adds them, DEFAULT 0).
--   PRAGMA user_version of the source file: 3
--   android_metadata: created by Android's SQLiteOpenHelper/SQLiteDatabase for every app database.
-- Encodings as in mycelium_walletbacking.sql, except: single.address = Address.getAllAddressBytes() (version
--   byte + hash160), single.addressstring = the address as text; bip44 keeps one BIP44 chain pair per account
--   (lastExternalIndexWithActivity, lastInternalIndexWithActivity, firstMonitoredInternalIndex), which the
--   upgrade to version 5 moves into indexContexts {"BIP44": {...}}; lastDiscovery has no declared type (ms).
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE single (id TEXT PRIMARY KEY, address BLOB, addressstring TEXT, archived INTEGER, blockheight INTEGER);
CREATE TABLE bip44 (id TEXT PRIMARY KEY, accountIndex INTEGER, archived INTEGER, blockheight INTEGER, lastExternalIndexWithActivity INTEGER, lastInternalIndexWithActivity INTEGER, firstMonitoredInternalIndex INTEGER, lastDiscovery, accountType INTEGER, accountSubId INTEGER);
CREATE TABLE kv (k BLOB NOT NULL, v BLOB, checksum BLOB, subId INTEGER NOT NULL, PRIMARY KEY (k, subId) );
