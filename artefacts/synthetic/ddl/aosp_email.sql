-- AOSP Email (package com.android.email) databases/EmailProvider.db, DATABASE_VERSION 124.
-- Source: aosp-mirror/platform_packages_apps_email src/com/android/email/provider/DBHelper.java
--   (commit 0b25179d: createMessageTable, createMailboxTable, createIndex), with the column names of
--   emailcommon/src/com/android/emailcommon/provider/EmailContent.java (MessageColumns, SyncColumns,
--   MailboxColumns: syncServerId, syncServerTimeStamp, displayName, timeStamp ... lastTouchedTime) and the
--   Message.CONTENT_PROJECTION of a build of that version (flagSeen, mainMailboxKey).
-- Only the tables the parser reads are listed (Message, Mailbox); the real file also holds Message_Updates,
--   Message_Deletes (the same columns as Message), Attachment, HostAuth, Account, MessageMove,
--   MessageStateChange, Policy, QuickResponse and Credential, and triggers that reference them (left out).
-- Units: Message.timeStamp "The time (millis) as shown to the user in a message list"; syncServerTimeStamp ms.
create table Message (_id integer primary key autoincrement, syncServerId text, syncServerTimeStamp integer, displayName text, timeStamp integer, subject text, flagRead integer, flagLoaded integer, flagFavorite integer, flagAttachment integer, flags integer, clientId integer, messageId text, mailboxKey integer, accountKey integer, fromList text, toList text, ccList text, bccList text, replyToList text, meetingInfo text, snippet text, protocolSearchInfo text, threadTopic text, syncData text, flagSeen integer, mainMailboxKey integer);
create table Mailbox (_id integer primary key autoincrement, displayName text, serverId text, parentServerId text, parentKey integer, accountKey integer, type integer, delimiter integer, syncKey text, syncLookback integer, syncInterval integer, syncTime integer, unreadCount integer, flagVisible integer, flags integer, visibleLimit integer, syncStatus text, messageCount integer not null default 0, lastTouchedTime integer default 0, uiSyncStatus integer default 0, uiLastSyncResult integer default 0, lastNotifiedMessageKey integer not null default 0, lastNotifiedMessageCount integer not null default 0, totalCount integer, hierarchicalName text, lastFullSyncTime integer);
create index message_timeStamp on Message (timeStamp);
create index message_flagRead on Message (flagRead);
create index message_flagLoaded on Message (flagLoaded);
create index message_mailboxKey on Message (mailboxKey);
create index message_syncServerId on Message (syncServerId);
create index mailbox_serverId on Mailbox (serverId);
create index mailbox_accountKey on Mailbox (accountKey);
-- android_metadata: created by Android's SQLiteDatabase in every app database (locale of the device).
CREATE TABLE android_metadata (locale TEXT);
