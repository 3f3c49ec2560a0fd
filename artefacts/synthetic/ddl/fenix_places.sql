-- Fenix / GeckoView-based Android browsers (Firefox for Android, Tor Browser for Android): places.sqlite of
--   Mozilla's Rust "application-services" places component, in the app's files folder
--   (android-components browser/storage-sync Connection.kt: DB_NAME = "places.sqlite", File(parentDir, DB_NAME)).
-- Source: mozilla/application-services components/places/sql/create_shared_schema.sql @ 02ab3c93 (verbatim;
--   indexes, tombstone, metadata, tag and sync-mirror tables left out).
-- Units: every time here is milliseconds since 1970: components/places/src/types.rs
--   `Timestamp(pub u64)`, From<SystemTime>: secs * 1000 + nanos / 1_000_000 (moz_historyvisits.visit_date,
--   moz_places.last_visit_date_local/remote, moz_bookmarks.dateAdded/lastModified).
-- visit_type: types.rs VisitTransition Link 1, Typed 2, Bookmark 3, Embed 4, RedirectPermanent 5,
--   RedirectTemporary 6, Download 7, FramedLink 8, Reload 9 ("the same as those used by Desktop").
CREATE TABLE IF NOT EXISTS moz_places (
    id INTEGER PRIMARY KEY,
    url LONGVARCHAR NOT NULL,
    title LONGVARCHAR,
    visit_count_local INTEGER NOT NULL DEFAULT 0,
    visit_count_remote INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER DEFAULT 0 NOT NULL,
    typed INTEGER DEFAULT 0 NOT NULL,
    frecency INTEGER DEFAULT -1 NOT NULL,
    last_visit_date_local INTEGER NOT NULL DEFAULT 0,
    last_visit_date_remote INTEGER NOT NULL DEFAULT 0,
    guid TEXT NOT NULL UNIQUE,
    foreign_count INTEGER DEFAULT 0 NOT NULL,
    url_hash INTEGER DEFAULT 0 NOT NULL,
    description TEXT,
    preview_image_url TEXT,
    origin_id INTEGER,
    sync_status TINYINT NOT NULL DEFAULT 1,
    sync_change_counter INTEGER NOT NULL DEFAULT 0,

    FOREIGN KEY(origin_id) REFERENCES moz_origins(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS moz_historyvisits (
    id INTEGER PRIMARY KEY,
    is_local INTEGER NOT NULL,
    from_visit INTEGER,
    place_id INTEGER NOT NULL,
    visit_date INTEGER NOT NULL,
    visit_type INTEGER NOT NULL,

    FOREIGN KEY(place_id) REFERENCES moz_places(id) ON DELETE CASCADE,
    FOREIGN KEY(from_visit) REFERENCES moz_historyvisits(id)
);
CREATE TABLE IF NOT EXISTS moz_bookmarks (
    id INTEGER PRIMARY KEY,
    fk INTEGER DEFAULT NULL,
    type INTEGER NOT NULL,
    parent INTEGER,
    position INTEGER NOT NULL,
    title TEXT,
    dateAdded INTEGER NOT NULL DEFAULT 0,
    lastModified INTEGER NOT NULL DEFAULT 0,
    guid TEXT NOT NULL UNIQUE CHECK(length(guid) == 12),

    syncStatus INTEGER NOT NULL DEFAULT 0,
    syncChangeCounter INTEGER NOT NULL DEFAULT 1,

    CHECK((type == 1 AND fk IS NOT NULL) OR (type > 1 AND fk IS NULL))
    CHECK(guid == "root________" OR parent IS NOT NULL)

    FOREIGN KEY(fk) REFERENCES moz_places(id) ON DELETE RESTRICT
    FOREIGN KEY(parent) REFERENCES moz_bookmarks(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS moz_origins (
    id INTEGER PRIMARY KEY,
    prefix TEXT NOT NULL,
    host TEXT NOT NULL,
    rev_host TEXT NOT NULL,
    frecency INTEGER NOT NULL,
    UNIQUE (prefix, host)
);
CREATE TABLE IF NOT EXISTS moz_meta (
    key TEXT PRIMARY KEY,
    value NOT NULL
) WITHOUT ROWID;
