-- Gecko (Firefox / Tor Browser) profile places.sqlite: history, bookmarks, annotations (downloads).
-- Source: mozilla-central toolkit/components/places/nsPlacesTables.h (as mirrored in
--   Floorp-Projects/Floorp @ 17e2f24a, same file): CREATE_MOZ_PLACES, CREATE_MOZ_HISTORYVISITS,
--   CREATE_MOZ_INPUTHISTORY, CREATE_MOZ_ANNOS, CREATE_MOZ_ANNO_ATTRIBUTES, CREATE_MOZ_ITEMS_ANNOS,
--   CREATE_MOZ_BOOKMARKS, CREATE_MOZ_BOOKMARKS_DELETED, CREATE_MOZ_KEYWORDS, CREATE_MOZ_ORIGINS, CREATE_MOZ_META;
--   the string each macro builds, verbatim (comments inside the macros dropped).
-- Units: moz_historyvisits.visit_date, moz_places.last_visit_date, moz_bookmarks.dateAdded/lastModified,
--   moz_annos.dateAdded/lastModified: PRTime, microseconds since 1970 (nsINavHistoryService.idl, PRTime).
-- visit_type: nsINavHistoryService.idl TRANSITION_LINK 1, TYPED 2, BOOKMARK 3, EMBED 4,
--   REDIRECT_PERMANENT 5, REDIRECT_TEMPORARY 6, DOWNLOAD 7, FRAMED_LINK 8, RELOAD 9.
-- moz_bookmarks.type: nsINavBookmarksService TYPE_BOOKMARK 1, TYPE_FOLDER 2, TYPE_SEPARATOR 3.
-- Downloads: moz_annos rows whose moz_anno_attributes.name is 'downloads/destinationFileURI' (content: file URI)
--   or 'downloads/metaData' (content: JSON with state, endTime (ms), fileSize), on the downloaded URL's place.
CREATE TABLE moz_places (   id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER , guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL, url_hash INTEGER DEFAULT 0 NOT NULL , description TEXT, preview_image_url TEXT, origin_id INTEGER REFERENCES moz_origins(id));
CREATE TABLE moz_historyvisits (  id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER, visit_type INTEGER, session INTEGER);
CREATE TABLE moz_inputhistory (  place_id INTEGER NOT NULL, input LONGVARCHAR NOT NULL, use_count INTEGER, PRIMARY KEY (place_id, input));
CREATE TABLE moz_annos (  id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, anno_attribute_id INTEGER, content LONGVARCHAR, flags INTEGER DEFAULT 0, expiration INTEGER DEFAULT 0, type INTEGER DEFAULT 0, dateAdded INTEGER DEFAULT 0, lastModified INTEGER DEFAULT 0);
CREATE TABLE moz_anno_attributes (  id INTEGER PRIMARY KEY, name VARCHAR(32) UNIQUE NOT NULL);
CREATE TABLE moz_items_annos (  id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, anno_attribute_id INTEGER, content LONGVARCHAR, flags INTEGER DEFAULT 0, expiration INTEGER DEFAULT 0, type INTEGER DEFAULT 0, dateAdded INTEGER DEFAULT 0, lastModified INTEGER DEFAULT 0);
CREATE TABLE moz_bookmarks (  id INTEGER PRIMARY KEY, type INTEGER, fk INTEGER DEFAULT NULL, parent INTEGER, position INTEGER, title LONGVARCHAR, keyword_id INTEGER, folder_type TEXT, dateAdded INTEGER, lastModified INTEGER, guid TEXT, syncStatus INTEGER NOT NULL DEFAULT 0, syncChangeCounter INTEGER NOT NULL DEFAULT 1);
CREATE TABLE moz_bookmarks_deleted (  guid TEXT PRIMARY KEY, dateRemoved INTEGER NOT NULL DEFAULT 0);
CREATE TABLE moz_keywords (  id INTEGER PRIMARY KEY AUTOINCREMENT, keyword TEXT UNIQUE, place_id INTEGER, post_data TEXT);
CREATE TABLE moz_origins ( id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL, frecency INTEGER NOT NULL, UNIQUE (prefix, host) );
CREATE TABLE moz_meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID ;
