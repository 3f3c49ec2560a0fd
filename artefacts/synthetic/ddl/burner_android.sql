-- Burner for Android (com.adhoclabs.burner) databases/burners.db: the CREATE statements of the real
--   database in plaso's test data (log2timeline/plaso test_data/android/burners.sqlite @ 4ea03ef9,
--   sha256 aeb82e4f...), read from its sqlite_master.
-- Units: messages.date_created, last_updated_date, burners.date_created, expiration_date, last_updated_date,
--   contacts.date_created: ms since 1970 (plaso android_burners.py JavaTime; ALEAPP scripts/artifacts/burner.py /1000).
-- PRAGMA user_version of the source file: 16
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE messages(_id integer primary key autoincrement, message_id text not null unique, state integer default 0, message text not null, contact_phone_number text not null, connected integer default 0, message_type integer not null, contact_burner_id text, voice_url text, date_created integer not null, last_updated_date integer not null, read integer default 0, user_id text not null, sid text, burner_id text not null, duration integer, direction integer not null, asset_url text, send_status integer default 0 );
CREATE INDEX indexMessage on messages(message_id);
CREATE INDEX indexContactPhoneNumber on messages(contact_phone_number);
CREATE TABLE burners(_id integer primary key autoincrement, burner_id text not null unique, phone_number_id text not null, voicemail_url text, user_id text not null, name text, alias text, features text not null, total_minutes integer not null, remaining_minutes integer not null, total_texts integer not null, remaining_texts integer not null, expiration_date integer not null, ringer integer default 1, notifications integer default 1, disabled integer default 0, date_created integer not null, last_updated_date integer, extension_count integer default 0, renewal_date integer default 0, auto_reply_active integer default 0, auto_reply_text text, caller_id_enabled integer default 0, useSip integer default 0, hexColor integer, call_forward_status text);
CREATE TABLE contacts(_id integer primary key autoincrement, contact_id text not null unique, name text not null, phone_number text not null, burner_id text, date_created integer not null, last_updated_date integer not null, blocked integer default 0, muted integer default 0, notes text, images text);
CREATE INDEX indexContactName on contacts(name);
CREATE INDEX indexContactPhone on contacts(phone_number);
CREATE TABLE connections(_id integer primary key autoincrement, user_id integer not null, burner_id integer not null, name  text, handle text, image_url text, service_name text not null, status text);
CREATE INDEX indexConnectionUserIdBurnerId on connections(user_id, burner_id);
CREATE TABLE subscriptions(_id integer primary key autoincrement, subscription_id text not null unique, sku text not null, receipt text not null, burner_ids text, renewal_date  integer, burner_assigned_in_period integer, store text not null,canceled integer not null, cancellation_date integer);
CREATE INDEX indexSubscriptionId on subscriptions(subscription_id);
