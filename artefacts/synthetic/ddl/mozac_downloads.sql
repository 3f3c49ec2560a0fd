-- android-components feature-downloads: the Room database "mozac_downloads_database" of Fenix-based browsers
--   (Firefox for Android, Tor Browser for Android), in the app's databases folder.
-- Source: mozilla-mobile android-components components/feature/downloads/src/main/java/mozilla/components/feature/
--   downloads/db/DownloadsDatabase.kt (version 4): Migrations.migration_2_3 creates the table as it is from
--   version 3 on (verbatim below; version 2 had is_private, dropped by 2 -> 3, which keeps only non-private rows);
--   migration_3_4 clears data: URLs (url = '').
-- Units: created_at is milliseconds since 1970 (ALEAPP scripts/artifacts/firefoxDownloads.py:
--   datetime(created_at/1000, 'unixepoch')). status: DownloadState.Status ids (ALEAPP: 3 Paused, 4 Canceled,
--   5 Failed, 6 Finished).
CREATE TABLE downloads (`id` TEXT NOT NULL, `url` TEXT NOT NULL, `file_name` TEXT, `content_type` TEXT, `content_length` INTEGER, `status` INTEGER NOT NULL, `destination_directory` TEXT NOT NULL, `created_at` INTEGER NOT NULL, PRIMARY KEY(`id`));
