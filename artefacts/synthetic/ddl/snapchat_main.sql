-- Snapchat Android main.db (com.snapchat.android/databases/main.db, ALEAPP scripts/artifacts/snapchat.py
--   get_snapchat_friends): the Friend table as the app creates it, FriendModel.CREATE_TABLE of the
--   decompiled Snapchat Android source (com/snap/core/db/record/FriendModel.java, stored public code;
--   the same statement, with fewer columns, in later builds' decompiled string tables).
-- Units: addedTimestamp, reverseAddedTimestamp: ms since 1970 (ALEAPP _ms_to_utc); 0 or NULL = never
--   (ALEAPP notes: 0 on rows the account never added). birthday: "a long consisting of two integers
--   representing the month and day" (the statement's comment).
CREATE TABLE IF NOT EXISTS Friend(
    _id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    _lastModifiedTimestamp INTEGER,
    username TEXT NOT NULL UNIQUE,
    userId TEXT,

    displayName TEXT,
    bitmojiAvatarId TEXT,
    bitmojiSelfieId TEXT,
    friendmojis TEXT,
    friendmojiCategories TEXT, -- comma separated list of friendmoji categories returned by the server.
    phone TEXT,
    score INTEGER,
--      Birthday as a long consisting of two integers representing the month and day.
    birthday INTEGER,
    sentToMe INTEGER,
    receivedFromMe INTEGER,
    addedTimestamp INTEGER,  -- timestamp WHEN the 'FROM user' added the 'TO user'
    reverseAddedTimestamp INTEGER,  -- timestamp WHEN the 'TO user' added the 'FROM user'

    lastMessageId INTEGER,

    unreadCount INTEGER,
    friendmojiString INTEGER,
    serverDisplayName TEXT,

    streakLength INTEGER,
    streakExpiration INTEGER,
    friendLinkType INTEGER,

    storyMuted INTEGER NOT NULL DEFAULT 0,

    isPopular INTEGER NOT NULL DEFAULT 0,
    isOfficial INTEGER NOT NULL DEFAULT 0,

    isFideliusReady INTEGER NOT NULL DEFAULT 1,

    snapProId TEXT
);
