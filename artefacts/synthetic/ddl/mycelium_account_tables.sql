-- Mycelium Bitcoin Wallet for Android, walletbacking.db: the tables of one account.
-- Source: mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/wapi/SqliteBtcWalletManagerBacking.java
--   createAccountBackingTables (statements verbatim). The app appends the account's suffix to each table name:
--   HexUtils.toHex(uuidToBytes(accountId)) (32 lowercase hex digits); here the suffix is written ACCOUNT and a
--   builder substitutes it. heightIndex is one name for the whole database: CREATE INDEX IF NOT EXISTS makes it
--   exist on the first account's tx table only.
-- Encodings: outpoint / txtoptxo.input = the 32-byte txid (display byte order: bitlib Sha256Hash of the
--   byte-reversed double SHA-256) + the output index as 2 bytes little-endian (outPointToBytes); tx.id = txid,
--   tx.hash = the witness hash (wtxid), tx.height = block height or 2147483647 (Integer.MAX_VALUE) while
--   unconfirmed, tx.time = seconds since 1970 (TransactionEx.time: the server's transaction time, or the
--   device's clock when the server gives 0), tx.binary / outtx.raw = the serialized transaction; value: satoshi.
--   utxo: the account's unspent outputs; ptxo: the outputs its transactions' inputs spend; outtx: transactions
--   the account queued for broadcast; txtoptxo: which transaction spends which outpoint.
CREATE TABLE IF NOT EXISTS utxo_ACCOUNT (outpoint BLOB PRIMARY KEY, height INTEGER, value INTEGER, isCoinbase INTEGER, script BLOB);
CREATE TABLE IF NOT EXISTS ptxo_ACCOUNT (outpoint BLOB PRIMARY KEY, height INTEGER, value INTEGER, isCoinbase INTEGER, script BLOB);
CREATE TABLE IF NOT EXISTS tx_ACCOUNT (id BLOB PRIMARY KEY, hash BLOB, height INTEGER, time INTEGER, binary BLOB);
CREATE INDEX IF NOT EXISTS heightIndex ON tx_ACCOUNT (height);
CREATE TABLE IF NOT EXISTS outtx_ACCOUNT (id BLOB PRIMARY KEY, raw BLOB);
CREATE TABLE IF NOT EXISTS txtoptxo_ACCOUNT (txid BLOB, input BLOB, PRIMARY KEY (txid, input) );
