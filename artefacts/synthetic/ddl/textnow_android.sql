-- TextNow for Android (com.enflick.android.TextNow) databases/textnow_data.db.
-- messages: the column list of a real TextNow 20.21.0.1 (Android 7) database, recorded in a
--   comment of the test-data loader "Loaders.Apps.Android.AndroidTextNow" (public GitHub code, found
--   by the string `message_direction integer`); it is the app's own create statement of
--   SQLiteOpenHelper version 7 (decompiled textnow.v.a, same public code search) plus `all_emoji`.
-- groups, group_members, conversations, proxy: the app's own create statements (decompiled
--   textnow.v.a.onCreate, database version 7).
-- contacts: no create statement is published. ALEAPP scripts/artifacts/textnow.py and Autopsy's
--   TextNowAnalyzer (sleuthkit/autopsy InternalPythonModules/android/textnow.py, TextNow 6.41.0.2) query contacts(contact_value, contact_name) only; this file
--   declares exactly those two columns (types as in the app's conversations table), nothing more.
-- Units: messages.date ms since 1970 (ALEAPP and Autopsy divide by 1000).
create table messages (_id integer primary key autoincrement, message_id integer unique, contact_value text not null, contact_type integer, contact_name text not null, message_direction integer, message_type integer, message_text text not null, read boolean, date numeric not null, state integer default 0, attach text default '', message_source integer default 0, all_emoji boolean);
create table conversations (_id integer primary key autoincrement, contact_value text not null unique, contact_type integer, contact_name text default '', message_count integer, contact_uri text default '',custom_wallpaper text default '', custom_ringtone text default '');
CREATE INDEX IF NOT EXISTS index_conversation ON conversations (contact_value);
CREATE INDEX IF NOT EXISTS index_message ON messages (contact_value,date);
create table groups (_id integer primary key autoincrement, contact_value text not null unique, title text default '');
create table group_members (_id integer primary key autoincrement, contact_value text not null, member_contact_value text not null, member_contact_type integer, member_display_name text not null,member_contact_uri text);
CREATE INDEX IF NOT EXISTS index_groups ON groups (contact_value);
CREATE INDEX IF NOT EXISTS index_group_members ON group_members (contact_value);
create table proxy (_id integer primary key autoincrement, contact_value text not null unique, proxy_number text default '', update_date numeric not null);
CREATE INDEX IF NOT EXISTS index_proxy ON proxy (contact_value);
create table contacts (contact_value text not null, contact_name text default '');
CREATE TABLE android_metadata (locale TEXT);
