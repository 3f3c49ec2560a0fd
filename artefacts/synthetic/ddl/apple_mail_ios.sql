-- Apple Mail on iOS 13 and later: Library/Mail/Envelope Index (messages, mailboxes, recipients) and, beside it,
--   Library/Mail/Protected Index (subjects, addresses, summaries: the data protected until first unlock).
-- Sources: iLEAPP scripts/artifacts/mailprotect.py (iOS 13+): ATTACHes "Protected Index" as PI and reads
--   main.messages.date_sent, date_received (datetime(..., 'UNIXEPOCH'): seconds since 1970), sender, subject,
--   summary, read, flagged, deleted, mailbox; main.mailboxes.ROWID, url; PI.subjects.ROWID, subject;
--   PI.addresses.ROWID, address, comment; PI.summaries.ROWID, summary.
--   The .schema of a real Apple Mail "Envelope Index" (simsong's "Apple's Mail SQLite3 Schema", Mail on macOS,
--   one database): messages (ROWID, message_id, ... sender, subject_prefix, subject, date_sent, date_received,
--   mailbox, ... read, flagged, size, conversation_id, ... deleted), subjects (ROWID, subject, normalized_subject),
--   addresses (ROWID, address, comment), recipients (ROWID, message_id, type, address_id, position),
--   mailboxes (ROWID, url, total_count, unread_count ...).
-- This file holds only the tables and columns those two sources name, in the column order of the real .schema
--   (summary after subject as iLEAPP reads it); the iOS files' other columns, indexes and triggers are not
--   published and are left out. recipients.type: 0 to, 1 cc, 2 bcc (as Mail stores the header it came from).
CREATE TABLE messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, message_id, sender INTEGER, subject_prefix, subject INTEGER, summary INTEGER, date_sent INTEGER, date_received INTEGER, mailbox INTEGER, read, flagged, size INTEGER, conversation_id INTEGER DEFAULT -1, deleted INTEGER DEFAULT 0);
CREATE TABLE recipients (ROWID INTEGER PRIMARY KEY, message_id INTEGER NOT NULL REFERENCES messages(ROWID) ON DELETE CASCADE, type INTEGER, address_id INTEGER NOT NULL, position INTEGER);
CREATE TABLE mailboxes (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, url UNIQUE, total_count INTEGER DEFAULT 0, unread_count INTEGER DEFAULT 0);
CREATE TABLE subjects (ROWID INTEGER PRIMARY KEY, subject COLLATE RTRIM, normalized_subject COLLATE RTRIM);
CREATE TABLE addresses (ROWID INTEGER PRIMARY KEY, address COLLATE NOCASE, comment, UNIQUE(address, comment));
CREATE TABLE summaries (ROWID INTEGER PRIMARY KEY, summary);
