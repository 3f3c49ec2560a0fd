-- AOSP Email (package com.android.email) databases/EmailProviderBody.db, BODY_DATABASE_VERSION 100.
-- Source: aosp-mirror/platform_packages_apps_email src/com/android/email/provider/DBHelper.java
--   (commit 0b25179d: createBodyTable, createIndex) with the column names of
--   emailcommon/src/com/android/emailcommon/provider/EmailContent.java (BodyColumns: messageKey,
--   htmlContent, textContent, htmlReply, textReply, sourceMessageKey, introText, quotedTextStartPos).
create table Body (_id integer primary key autoincrement, messageKey integer, htmlContent text, textContent text, htmlReply text, textReply text, sourceMessageKey text, introText text, quotedTextStartPos integer);
create index body_messageKey on Body (messageKey);
-- android_metadata: created by Android's SQLiteDatabase in every app database (locale of the device).
CREATE TABLE android_metadata (locale TEXT);
