-- Mycelium Bitcoin Wallet for Android (com.mycelium.wallet; the testnet build com.mycelium.testnetwallet):
--   databases/walletbacking.db, the wallet manager's backing store.
-- Source: mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/wapi/SqliteBtcWalletManagerBacking.java
--   (OpenHelper: DATABASE_NAME "walletbacking.db", DATABASE_VERSION 5, onCreate; statements verbatim).
--   PRAGMA user_version of the source file: 5
--   android_metadata: created by Android's SQLiteOpenHelper/SQLiteDatabase for every app database.
-- Encodings (same file; SQLiteQueryWithBlobs.java, bitlib BitUtils.java):
--   single.id, bip44.id: a BLOB (although declared TEXT): uuidToBytes(UUID) = the UUID's most then least
--     significant 64 bits, each little-endian. single.addresses: Gson JSON list of address strings;
--     bip44.indexContexts: Gson JSON {BipDerivationType name: {lastExternalIndexWithActivity,
--     lastInternalIndexWithActivity, firstMonitoredInternalIndex}}; addressType: Gson JSON string of the
--     AddressType enum name ("P2WPKH"). archived 1/0; blockheight: the chain height the account last synced;
--     bip44.lastDiscovery: System.currentTimeMillis() (ms) of the last address discovery (HDAccount.kt);
--     bip44.accountType: HDAccountContext ACCOUNT_TYPE_* (0 from the master seed, 1 unrelated xpriv,
--     2 unrelated xpub, 3 Trezor, 4 Ledger, 5 KeepKey); accountSubId: the kv subId of an unrelated account.
--   kv: SecureKeyValueStore: k = 0x01 + id for a plaintext value, 0x02 + id for an encrypted one, 0x00 the
--     encrypted key-encryption key; checksum = first 8 bytes of SHA-256(k || v); subId 0 = the main store.
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE single (id TEXT PRIMARY KEY, addresses TEXT, archived INTEGER, blockheight INTEGER , addressType TEXT);
CREATE TABLE bip44 (id TEXT PRIMARY KEY, accountIndex INTEGER, archived INTEGER, blockheight INTEGER, indexContexts TEXT, lastDiscovery INTEGER, accountType INTEGER, accountSubId INTEGER, addressType TEXT);
CREATE TABLE kv (k BLOB NOT NULL, v BLOB, checksum BLOB, subId INTEGER NOT NULL, PRIMARY KEY (k, subId) );
