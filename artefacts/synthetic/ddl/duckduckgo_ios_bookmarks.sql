-- DuckDuckGo for iOS: the bookmarks and favorites Core Data store, model version 6 (the current one).
-- File: the root of the app group container group.com.duckduckgo.bookmarks, i.e.
-- /private/var/mobile/Containers/Shared/AppGroup/<UUID>/Bookmarks.sqlite (the iOS app's BookmarksDatabase.swift,
-- duckduckgo/iOS Core, found by its text in the code index: bookmarksGroupID "\(Global.groupIdPrefix).bookmarks",
-- defaultDBFileURL = the group container + "Bookmarks.sqlite"; GROUP_ID_PREFIX = group.com.duckduckgo in the
-- app's default Configuration xcconfig, as the repository's own documentation quotes it).
-- No CREATE statement of a real store is public. Derived by hand from the model, in Core Data's SQLite layout:
--  * model: duckduckgo/BrowserServicesKit Sources/Bookmarks/BookmarksModel.xcdatamodeld/BookmarksModel 6.xcdatamodel/
--    contents (.xccurrentversion names it), the same as BookmarksModel.v6 of duckduckgo/apple-browsers
--    SharedPackages/BrowserServicesKit/Sources/Bookmarks/BookmarksModelVersions.swift: entity BookmarkEntity
--    (isFolder, isPendingDeletion, isStub Boolean; modifiedAt Date; lastChildrenPayloadReceivedFromSync, title, url,
--    uuid String; parent to-one, children ordered to-many; favorites ordered to-many <-> favoriteFolders to-many);
--  * table and column names, column order, key indexes and bookkeeping tables as duckduckgo_ios_history.sql says;
--    column names confirmed on a real DuckDuckGo (macOS) Bookmarks.sqlite by a public Raycast extension
--    (useDuckDuckGoBookmarks.ts: Z_PK, ZPARENT, ZUUID, ZTITLE, ZURL, ZISFOLDER, ZISPENDINGDELETION, ZISSTUB);
--  * the ordered children: a Z_FOK_<inverse> order column in the child's table, as Photos.sqlite's
--    Z_FOK_IMPORTSESSION (osxphotos _DB_TABLE_NAMES);
--  * the many-to-many favorites / favoriteFolders: a join table with one Z_<entity><relationship> column per side
--    (the real Mastodon file behind mastodon_ios.sql: Z_8FOLLOWING (Z_8FOLLOWINGBY, Z_8FOLLOWING) for
--    following / followingBy of one entity) and the order of the ordered side in Z_FOK_<entity><relationship>
--    (Photos: Z_26ASSETS.Z_FOK_3ASSETS). Which of the two relationship names the TABLE takes is not sourced
--    (Photos and Mastodon differ): Z_1FAVORITES here is illustrative, and the parser finds the table by its
--    columns, whatever its name;
--  * not sourced: entity number 1 (the only entity); the fetch indexes byUUID / byURL / byIsPendingDeletion are
--    left out (their SQL names are not sourced); Core Data's triggers are left out.
CREATE TABLE ZBOOKMARKENTITY ( Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZISFOLDER INTEGER, ZISPENDINGDELETION INTEGER, ZISSTUB INTEGER, ZPARENT INTEGER, Z_FOK_PARENT INTEGER, ZMODIFIEDAT TIMESTAMP, ZLASTCHILDRENPAYLOADRECEIVEDFROMSYNC VARCHAR, ZTITLE VARCHAR, ZURL VARCHAR, ZUUID VARCHAR );
CREATE TABLE Z_1FAVORITES ( Z_1FAVORITEFOLDERS INTEGER, Z_1FAVORITES INTEGER, Z_FOK_1FAVORITES INTEGER, PRIMARY KEY (Z_1FAVORITEFOLDERS, Z_1FAVORITES) );
CREATE INDEX ZBOOKMARKENTITY_ZPARENT_INDEX ON ZBOOKMARKENTITY (ZPARENT);
CREATE INDEX Z_1FAVORITES_Z_1FAVORITES_INDEX ON Z_1FAVORITES (Z_1FAVORITES, Z_1FAVORITEFOLDERS);
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB);
