-- Apple Mail on iOS (current layout) Library/Mail/Envelope Index: the tables the parser reads.
-- Sources (no single published dump of an iOS file exists in the sources this project can cite):
-- * messages: Apple's own CREATE TABLE string of the iOS Message.framework, returned by
--   +[MFMailMessageLibraryGlobalDataUpgradeStep _messagesTableDefinition] (a decompiled iOS framework in the
--   public code index), copied verbatim. The same columns (ROWID ... is_urgent, in another order after
--   conversation_id) appear in the CREATE TABLE of a real macOS Mail Envelope Index published at
--   chrispatten.github.io/haven/reference/Envelope_Index_schema (V10/MailData/Envelope Index).
-- * mailboxes, recipients, message_global_data: verbatim from a schema-only dump of a real Mail 16.0
--   Envelope Index (macOS 26.6.2, "schema only, with no personal records or triggers") published in a
--   public repository's test file (public code index). message_global_data there carries the
--   message_id_header column (the Message-ID header); the iOS upgrade step above created the table as
--   (ROWID, message_id, UNIQUE(message_id)), later versions add columns.
-- * Where the split tables live: on iOS 13 and later subjects, addresses and summaries are in the
--   "Protected Index" beside this file (abrignoni/iLEAPP scripts/artifacts/mailprotect.py joins
--   main.messages/main.mailboxes with PI.subjects, PI.addresses, PI.summaries): see apple_mail_ios_protected.sql.
-- Left out: the other tables of the real file (attachments, labels, server_messages, conversations,
--   message_references, rich_links, ...), indexes and triggers.
-- Units: messages.date_sent / date_received are seconds since 1970-01-01 UTC (iLEAPP mailprotect.py:
--   datetime(main.messages.date_sent, 'UNIXEPOCH')).
CREATE TABLE messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
message_id INTEGER NOT NULL DEFAULT 0,
global_message_id INTEGER NOT NULL REFERENCES message_global_data(ROWID) ON DELETE CASCADE,
remote_id INTEGER,
document_id TEXT COLLATE BINARY,
sender INTEGER,
subject_prefix TEXT COLLATE BINARY,
subject INTEGER NOT NULL,
summary INTEGER,
date_sent INTEGER,
date_received INTEGER,
mailbox INTEGER NOT NULL,
remote_mailbox INTEGER,
flags INTEGER NOT NULL DEFAULT 0,
read INTEGER NOT NULL DEFAULT 0,
flagged INTEGER NOT NULL DEFAULT 0,
deleted INTEGER NOT NULL DEFAULT 0,
size INTEGER NOT NULL DEFAULT 0,
conversation_id INTEGER NOT NULL DEFAULT 0,
date_last_viewed INTEGER,
original_mailbox INTEGER,
visible INTEGER,
sender_vip INTEGER,
encoding INTEGER,
content_type INTEGER,
sequence_identifier INTEGER DEFAULT 0,
external_id TEXT COLLATE BINARY,
unique_id INTEGER,
content_index_transaction_id INTEGER,
list_id_hash INTEGER,
journaled INTEGER,
flag_color INTEGER,
searchable_message INTEGER REFERENCES searchable_messages(message_id) ON DELETE SET NULL);
CREATE TABLE mailboxes (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
url TEXT COLLATE BINARY NOT NULL,
total_count INTEGER NOT NULL DEFAULT 0,
unread_count INTEGER NOT NULL DEFAULT 0,
deleted_count INTEGER NOT NULL DEFAULT 0,
unseen_count INTEGER NOT NULL DEFAULT 0,
unread_count_adjusted_for_duplicates INTEGER NOT NULL DEFAULT 0,
change_identifier TEXT COLLATE BINARY,
source INTEGER,
alleged_change_identifier TEXT COLLATE BINARY,
UNIQUE(url) ON CONFLICT ABORT);
CREATE TABLE recipients (ROWID INTEGER PRIMARY KEY,
message INTEGER NOT NULL,
address INTEGER NOT NULL,
type INTEGER,
position INTEGER,
UNIQUE(message, type, position) ON CONFLICT ABORT);
CREATE TABLE message_global_data (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
message_id INTEGER,
follow_up_start_date INTEGER,
follow_up_end_date INTEGER,
follow_up_jsonstringformodelevaluationforsuggestions TEXT COLLATE BINARY,
read_later_date INTEGER,
send_later_date INTEGER,
validation_state INTEGER NOT NULL DEFAULT 0,
model_category INTEGER,
model_subcategory INTEGER,
category_model_version INTEGER,
category_is_temporary INTEGER,
model_analytics TEXT COLLATE BINARY,
model_high_impact INTEGER NOT NULL DEFAULT 0,
generated_summary INTEGER,
urgent INTEGER, message_id_header TEXT COLLATE BINARY, due_by INTEGER,
UNIQUE(message_id) ON CONFLICT ABORT);
