-- matrix-rust-sdk SQLite crypto store: matrix-sdk-crypto.sqlite3 (Element X Android and iOS).
-- Source: matrix-org/matrix-rust-sdk crates/matrix-sdk-sqlite/migrations/001_init.sql @
--   17c7da7e19ba001f0730f26ac0bbc1745ddef643 (the crypto store's first migration; statement unchanged; only the kv
--   table is copied: a parser reads kv "account" = serialize_value(PickledAccount) (rmp_serde named map with
--   "user_id", "device_id" ..., src/crypto_store.rs save_pending_changes: txn.set_kv("account", ...)) and kv "cipher").
CREATE TABLE "kv" (
    "key" TEXT PRIMARY KEY NOT NULL,
    "value" BLOB NOT NULL
);
