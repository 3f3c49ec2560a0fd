-- matrix-rust-sdk SQLite state store: matrix-sdk-state.sqlite3 (Element X Android and iOS), database version 13
--   (DATABASE_VERSION of src/state_store.rs @ 00040c9d8ae1d27bf78c643399f9a4a416afcbe6; kv "version", one byte).
-- Sources (matrix-org/matrix-rust-sdk, crates/matrix-sdk-sqlite/; statements unchanged; only the tables a parser
--   reads are copied; the send queue, account data, receipts and thread subscription tables left out):
--   migrations/state_store/001_init.sql @ 440ab3b94dc46234420afc70877818ca10b75180 (kv, kv_blob, state_event)
--   migrations/state_store/002_a_create_new_room_info.sql @ a4589c3bf0fcedbfcc26c210223948ade60b9867 and
--   migrations/state_store/002_b_replace_room_info.sql @ a70820c0afd14baf126acb8efada815d0934e8e2 (room_info)
-- Meanings (state_store.rs): room_info.room_id = encode_key("room_info", room id), data = serialize_json(RoomInfo)
--   (JSON with "room_id"); state_event.room_id/event_type/state_key = encode_key("state_event", ...),
--   data = serialize_json(raw state event JSON); kv "cipher" = the exported StoreCipher.
CREATE TABLE "kv" (
    "key" TEXT PRIMARY KEY NOT NULL,
    "value" BLOB NOT NULL
);

CREATE TABLE "kv_blob" (
    "key" BLOB PRIMARY KEY NOT NULL,
    "value" BLOB NOT NULL
);

CREATE TABLE "state_event" (
    "room_id" BLOB NOT NULL,
    "event_type" BLOB NOT NULL,
    "state_key" BLOB NOT NULL,
    "stripped" BOOLEAN NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("room_id", "event_type", "state_key")
);
CREATE INDEX "state_event_room_id_event_type"
    ON "state_event" ("room_id", "event_type");

CREATE TABLE "room_info" (
    "room_id" BLOB PRIMARY KEY NOT NULL,
    "state" BLOB NOT NULL,
    "data" BLOB NOT NULL
);

CREATE INDEX "room_info_room_id_state"
    ON "room_info" ("room_id", "state");
