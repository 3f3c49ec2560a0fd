-- Viber for Android (com.viber.voip) databases/viber_data: the CREATE statements of the real
--   viber_data in plaso's test data (log2timeline/plaso test_data/android/viber_data @ 4ea03ef9,
--   sha256 13f5f0b5...), read from its sqlite_master.
-- Units: calls.date ms since 1970, calls.duration s (plaso android_viber_call.py; ALEAPP scripts/artifacts/Viber.py).
-- PRAGMA user_version of the source file: 235
CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT,call_id LONG NOT NULL,aggregate_hash LONG NOT NULL,number TEXT NOT NULL,canonized_number TEXT NOT NULL,viber_call BOOLEAN DEFAULT TRUE,viber_call_type INTEGER DEFAULT 1, date LONG NOT NULL,duration LONG NOT NULL,type INT NOT NULL,end_reason INT DEFAULT 0,start_reason INT DEFAULT 0,token LONG DEFAULT 0,looked BOOLEAN DEFAULT TRUE,conference_info TEXT,group_id LONG DEFAULT 0,flags INTEGER DEFAULT 0);
CREATE TABLE phonebookrawcontact (_id INTEGER PRIMARY KEY NOT NULL,native_id INTEGER DEFAULT 0,contact_id INTEGER NOT NULL,version INTEGER NOT NULL,starred BOOLEAN NOT NULL,  UNIQUE (_id) ON CONFLICT REPLACE);
CREATE TABLE phonebookcontact (_id INTEGER PRIMARY KEY NOT NULL,native_id INTEGER DEFAULT 0,display_name TEXT,phonetic_name TEXT,phone_label TEXT,low_display_name TEXT,starred BOOLEAN, viber BOOLEAN, contact_lookup_key TEXT, contact_hash LONG, version INTEGER DEFAULT 0, has_number BOOLEAN, has_name BOOLEAN, native_photo_id LONG DEFAULT 0, recently_joined_date LONG DEFAULT 0, joined_date LONG DEFAULT 0, numbers_name TEXT DEFAULT '', deleted BOOLEAN, flags INTEGER DEFAULT 0,  UNIQUE (_id) ON CONFLICT REPLACE);
CREATE TABLE phonebookdata (_id INTEGER PRIMARY KEY AUTOINCREMENT,native_id INTEGER DEFAULT 0,contact_id INTEGER NOT NULL,raw_id INTEGER NOT NULL,data1 TEXT, data2 TEXT, data3 TEXT, data4 TEXT, data5 TEXT, int_data1 INTEGER DEFAULT 0, int_data2 INTEGER DEFAULT 0, mime_type INTEGER, clear INTEGER DEFAULT 0);
CREATE TABLE vibernumbers (_id INTEGER PRIMARY KEY AUTOINCREMENT,canonized_number TEXT NOT NULL,photo TEXT DEFAULT '', viber_name TEXT, clear BOOLEAN, member_id TEXT NOT NULL, encrypted_member_id TEXT NOT NULL, viber_id TEXT, date_of_birth TEXT);
CREATE TABLE blockednumbers (_id INTEGER PRIMARY KEY AUTOINCREMENT, canonized_number TEXT NOT NULL,blocked_date LONG DEFAULT 0, block_reason INTEGER DEFAULT 0, status INTEGER DEFAULT 0,  UNIQUE (canonized_number) ON CONFLICT REPLACE );
CREATE TABLE walletnumbers (_id INTEGER PRIMARY KEY AUTOINCREMENT, canonized_number TEXT NOT NULL,wallet_wu_status INTEGER DEFAULT 0,  UNIQUE (canonized_number) ON CONFLICT REPLACE );
CREATE TABLE walletlist (_id INTEGER PRIMARY KEY AUTOINCREMENT, country_codes INTEGER NOT NULL);
CREATE TABLE sync_data (_id INTEGER PRIMARY KEY AUTOINCREMENT,canonized_phone_number TEXT NOT NULL,display_name TEXT DEFAULT '',phonetic_name TEXT DEFAULT '',operation INTEGER  DEFAULT 0);
CREATE TABLE viberpay_data (_id INTEGER PRIMARY KEY AUTOINCREMENT,encrypted_member_id TEXT NULL,canonized_phone_number TEXT NULL,phone_number TEXT NULL,country_code TEXT NULL,is_country_supported BOOLEAN NOT NULL,default_currency_code TEXT NULL,is_viberpay_user BOOLEAN NOT NULL,last_sync_date INTEGER NOT NULL);
CREATE INDEX part_idx_PHONEBOOKCONTACT_starred ON [phonebookcontact] ([starred]) WHERE starred=1;
CREATE INDEX part_idx_PHONEBOOKCONTACT_has_number ON [phonebookcontact] ([has_number]) WHERE has_number=1;
CREATE INDEX idx_PHONEBOOKCONTACT_phone_label ON [phonebookcontact] ([phone_label]);
CREATE INDEX idx_PHONEBOOKDATA_contact_id ON [phonebookdata] ([contact_id]);
CREATE INDEX idx_PHONEBOOKDATA_mime_type_AND_raw_id ON [phonebookdata] ([mime_type],[raw_id]);
CREATE INDEX idx_PHONEBOOKDATA_raw_id ON [phonebookdata] ([raw_id]);
CREATE INDEX idx_PHONEBOOKDATA_data2 ON [phonebookdata] ([data2]);
CREATE INDEX idx_VIBERNUMBERS_canonized_number ON [vibernumbers] ([canonized_number]);
CREATE INDEX idx_VIBERNUMBERS_member_id ON [vibernumbers] ([member_id]);
CREATE INDEX idx_VIBERNUMBERS_encrypted_member_id ON [vibernumbers] ([encrypted_member_id]);
CREATE INDEX idx_VIBERNUMBERS_date_of_birth ON [vibernumbers] (substr(date_of_birth, 6)) WHERE [date_of_birth] IS NOT NULL;
CREATE INDEX idx_PHONEBOOKRAWCONTACT_contact_id ON [phonebookrawcontact] ([contact_id]);
CREATE INDEX part_idx_VIBERPAYDATA_is_viberpay_user ON [viberpay_data] ([is_viberpay_user]) WHERE is_viberpay_user=1;
