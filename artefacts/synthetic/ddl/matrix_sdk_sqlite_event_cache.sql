-- matrix-rust-sdk SQLite event cache store: matrix-sdk-event-cache.sqlite3 (Element X Android and iOS),
--   database version 14 (the kv "version" value, one byte; set by set_db_version, crates/matrix-sdk-sqlite/src/utils.rs).
-- Sources (matrix-org/matrix-rust-sdk, crates/matrix-sdk-sqlite/; the final CREATE statements that running the
--   migrations 001..014 of src/event_cache_store.rs @ 013484cfa22045bf7d0be5d13ffb8188c8d38a19 leaves; statements
--   unchanged, comments shortened; only the tables a parser reads or the generator writes are copied; lease_locks
--   (002/013) and the dropped media table (001/010) left out):
--   migrations/event_cache_store/001_init.sql @ a70820c0afd14baf126acb8efada815d0934e8e2 (kv)
--   migrations/event_cache_store/008_linked_chunk_id.sql @ 2365f2dd6a62ba6bba95a21a5f6163eed4d97513 (linked_chunks, gap_chunks)
--   migrations/event_cache_store/012_store_event_type.sql @ 2365f2dd6a62ba6bba95a21a5f6163eed4d97513 (events and its indexes)
--   migrations/event_cache_store/014_event_chunks_event_id_index.sql @ 3472516e8fbe7b4752c72272ccc134c58f3595aa (event_chunks)
-- Meanings: kv "version" (1 byte) and "cipher" (the exported StoreCipher, rmp_serde) ; events.room_id and
--   linked_chunks/event_chunks/gap_chunks.linked_chunk_id = encode_key("linked_chunks", room id) (the plain room
--   id without a cipher, else the 32-byte keyed BLAKE3); events.event_type and session_id = encode_key("events", ...);
--   events.event_id the plain event id (until version 15, 015_event_ids_are_encoded.sql);
--   events.content = encode_value(serde_json(TimelineEvent)); gap_chunks.prev_token = encode_value(JSON token).
CREATE TABLE "kv" (
    "key" TEXT PRIMARY KEY NOT NULL,
    "value" BLOB NOT NULL
);

CREATE TABLE "linked_chunks" (
    -- Which linked chunk does this chunk belong to? (hashed key shared with the two other tables)
    "linked_chunk_id" BLOB NOT NULL,
    -- Identifier of the chunk, unique per room. Corresponds to a `ChunkIdentifier`.
    "id" INTEGER NOT NULL,
    "previous" INTEGER,
    "next" INTEGER,
    -- Type of underlying entries: E for events, G for gaps
    "type" TEXT CHECK("type" IN ('E', 'G')) NOT NULL,
    PRIMARY KEY (linked_chunk_id, id)
)
WITHOUT ROWID;

CREATE TABLE "gap_chunks" (
    "linked_chunk_id" BLOB NOT NULL,
    "chunk_id" INTEGER NOT NULL,
    -- The previous batch token of a gap (encrypted value).
    "prev_token" BLOB NOT NULL,
    PRIMARY KEY (linked_chunk_id, chunk_id),
    FOREIGN KEY (chunk_id, linked_chunk_id) REFERENCES linked_chunks(id, linked_chunk_id) ON DELETE CASCADE
)
WITHOUT ROWID;

CREATE TABLE "events" (
    -- The room in which the event is located.
    "room_id" BLOB NOT NULL,
    -- The `EventId` of this event.
    "event_id" BLOB NOT NULL,
    -- The event type of this event.
    "event_type" BLOB NOT NULL,
    -- The ID of the session that was used to encrypt this event, may be null if
    -- the event wasn't encrypted.
    "session_id" BLOB NULL,
    -- JSON serialized `TimelineEvent` (encrypted value).
    "content" BLOB NOT NULL,
    "relates_to" BLOB,
    "rel_type" BLOB,
    PRIMARY KEY (event_id)
)
WITHOUT ROWID;

CREATE TABLE "event_chunks" (
    "linked_chunk_id" BLOB NOT NULL,
    "chunk_id" INTEGER NOT NULL,
    -- `EventId` for events.
    "event_id" BLOB NOT NULL,
    -- Position (index) in the chunk.
    "position" INTEGER NOT NULL,
    PRIMARY KEY (linked_chunk_id, chunk_id, position),
    FOREIGN KEY (linked_chunk_id, chunk_id) REFERENCES linked_chunks(linked_chunk_id, id) ON DELETE CASCADE
)
WITHOUT ROWID;

CREATE INDEX "relates_to_idx"
    ON "events" ("room_id", "relates_to");

CREATE INDEX "relates_to_rel_type_idx"
    ON "events" ("room_id", "relates_to", "rel_type");

CREATE INDEX "event_type_index"
    ON "events" ("room_id", "event_type", "session_id");

CREATE INDEX "event_chunks_event_id_idx" ON "event_chunks" ("event_id");
