-- Apple Mail on iOS (current layout) Library/Mail/Protected Index (iOS 13 and later): the tables split out of the
-- Envelope Index. Which tables live here: abrignoni/iLEAPP scripts/artifacts/mailprotect.py (attaches
-- "Protected Index" as PI and reads PI.subjects.subject, PI.addresses.address, PI.addresses.comment,
-- PI.summaries.summary by the messages columns subject, sender, summary).
-- The statements themselves: verbatim from the schema-only dump of a real Mail 16.0 Envelope Index
-- (macOS 26.6.2) in the public code index, where the same three tables sit in the one file; no dump of
-- an iOS Protected Index is published in the sources this project can cite.
CREATE TABLE addresses (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
address TEXT COLLATE NOCASE NOT NULL,
comment TEXT COLLATE BINARY NOT NULL,
UNIQUE(address, comment) ON CONFLICT ABORT);
CREATE TABLE subjects (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
subject TEXT COLLATE RTRIM NOT NULL,
UNIQUE(subject) ON CONFLICT ABORT);
CREATE TABLE summaries (ROWID INTEGER PRIMARY KEY AUTOINCREMENT,
summary TEXT COLLATE RTRIM NOT NULL,
UNIQUE(summary) ON CONFLICT ABORT);
