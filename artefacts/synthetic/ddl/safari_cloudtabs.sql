-- Safari on iOS: Library/Safari/CloudTabs.db (iCloud Tabs: the open tabs of the user's other devices).
-- The CREATE strings of CloudTabSQLiteStore -_createFreshDatabaseSchema, decompiled from iOS 26.1 in
--   EthanArbuckle/iPhone18-3_26.1_23B85_Restore System/Library/CoreServices/SafariSupport.bundle/SafariSupport/
--   (the CloudKitSQLiteStore subclass that also holds -_loadTabsForDevice:, -_saveTab:, -_saveDevice:), verbatim.
-- Units: cloud_tab_devices.last_modified is NSDate timeIntervalSinceReferenceDate (seconds since 2001-01-01 UTC,
--   REAL; -_loadDeviceWithUUIDString: reads it with dateWithTimeIntervalSinceReferenceDate:);
--   cloud_tabs.last_viewed_time is the tab's lastViewedTime, the same reference-date seconds (CloudTab.mm
--   -_commonInitWithParameters: writes it as dateWithTimeIntervalSinceReferenceDate:, 0 meaning not set).
-- system_fields: the CloudKit record's encoded system fields (CKRecord safari_encodedSystemFieldsData);
--   position: a WBSCRDTPosition as compressed JSON (CloudBookmarkCompressedJSONValueTransformer).
CREATE TABLE cloud_tab_devices (device_uuid TEXT PRIMARY KEY NOT NULL,system_fields BLOB NOT NULL,device_name TEXT,device_type_identifier TEXT,has_duplicate_device_name BOOLEAN DEFAULT 0,is_ephemeral_device BOOLEAN DEFAULT 0,last_modified REAL NOT NULL);
CREATE TABLE cloud_tabs (tab_uuid TEXT PRIMARY KEY NOT NULL, system_fields BLOB NOT NULL, device_uuid TEXT NOT NULL, position BLOB NOT NULL, title TEXT, url TEXT NOT NULL, is_showing_reader BOOLEAN DEFAULT 0, is_pinned BOOLEAN DEFAULT 0, reader_scroll_position_page_index INTEGER, scene_id TEXT, last_viewed_time REAL DEFAULT 0, FOREIGN KEY(device_uuid) REFERENCES cloud_tab_devices(device_uuid) ON DELETE CASCADE);
CREATE TABLE cloud_tab_close_requests (close_request_uuid TEXT PRIMARY KEY NOT NULL,system_fields BLOB NOT NULL,destination_device_uuid TEXT NOT NULL,url TEXT NOT NULL,tab_uuid TEXT NOT NULL,FOREIGN KEY(destination_device_uuid) REFERENCES cloud_tab_devices(device_uuid) ON DELETE CASCADE);
CREATE TABLE metadata (key TEXT NOT NULL UNIQUE, value);
CREATE INDEX cloud_tabs__device_uuid ON cloud_tabs (device_uuid);
