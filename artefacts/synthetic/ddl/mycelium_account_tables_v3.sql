-- Mycelium Bitcoin Wallet for Android, walletbacking.db version 3: the tables of one account.
-- Source: mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/wapi/SqliteWalletManagerBacking.java
--   (DATABASE_VERSION 3) createAccountBackingTables, statements verbatim; the suffix is written ACCOUNT as in
--   mycelium_account_tables.sql. The tx table has no hash column: the upgrade to version 4
--   (SqliteBtcWalletManagerBacking.onUpgrade, oldVersion < 4) rebuilds it as (id, hash, height, time, binary)
--   with hash = id.
CREATE TABLE IF NOT EXISTS utxo_ACCOUNT (outpoint BLOB PRIMARY KEY, height INTEGER, value INTEGER, isCoinbase INTEGER, script BLOB);
CREATE TABLE IF NOT EXISTS ptxo_ACCOUNT (outpoint BLOB PRIMARY KEY, height INTEGER, value INTEGER, isCoinbase INTEGER, script BLOB);
CREATE TABLE IF NOT EXISTS tx_ACCOUNT (id BLOB PRIMARY KEY, height INTEGER, time INTEGER, binary BLOB);
CREATE INDEX IF NOT EXISTS heightIndex ON tx_ACCOUNT (height);
CREATE TABLE IF NOT EXISTS outtx_ACCOUNT (id BLOB PRIMARY KEY, raw BLOB);
CREATE TABLE IF NOT EXISTS txtoptxo_ACCOUNT (txid BLOB, input BLOB, PRIMARY KEY (txid, input) );
