-- Snapchat arroyo.db (Android com.snapchat.android/databases/arroyo.db; iOS
--   Documents/user_scoped/<account hash>/arroyo/arroyo.db: ALEAPP and iLEAPP scripts/artifacts/snapchat.py
--   say it is the same store on both). CREATE statements of a real arroyo.db (Snapchat iOS 11.12.0) as
--   dumped from its sqlite_master by Ogg3/CheckArroyo, file versions/iPhone/11.12.0/arroyo_structure
--   (commit a7500619), with the developers' own column comments. conversation_message rows of that
--   version lack the later columns created_on_device, replies_count and quoted_server_message_id that
--   ALEAPP reads where present (the parser reads them as optional).
-- user_conversation: the dump lists its columns only (user_id, client_conversation_id,
--   conversation_type), not its statement; it is not created here.
-- Units: creation_timestamp, read_timestamp: ms since 1970 (ALEAPP _ms_to_utc on both;
--   /work/shared/reference/apps.md "Snapchat arroyo.db"). message_content, conversation_metadata:
--   protobuf, no published schema.
CREATE TABLE conversation_identifier (
    client_conversation_id text primary key not null, -- UUID
    server_conversation_id text, -- nullable server UUID
    client_resolution_id integer -- nullable if conversation is committed or if this is a 1:1 conversation. We don't create 1:1 conversations.
);
CREATE TABLE conversation (
    client_conversation_id text primary key not null,
    conversation_metadata blob not null,
    send_state_type text not null,
    creation_timestamp integer,
    conversation_version integer not null,
    sync_watermark integer not null, -- this field is deprecated
    tombstoned_at_timestamp integer, -- when this conversation was locally left by user
    nullable_sync_watermark integer, -- if the conversation has synced, the server message id we synced to. null if no sync has happened
    has_more_messages integer not null default 1, -- bool. if the queryMessagesResponse.has_more is true or false. Once the server says theres no more messages it doesn't change.
    source_page integer not null, -- creation source page of conversation. This is used for a business metric.
    last_senders blob,
    foreign key(client_conversation_id) references conversation_identifier(client_conversation_id)
    foreign key(send_state_type) references send_state(send_state_type)
);
CREATE TABLE conversation_message (
    client_conversation_id text not null,
    client_message_id integer not null,
    server_message_id integer,   -- server monotonically increasing id, nullable if pending message

    client_resolution_id integer, -- Not null. Intentionally not adding this as SQL constraint since we had null data
                                  -- in the past during internal testing.
    local_message_content_id integer, -- nullable if message wasn't created on this device
    message_content blob not null,
    message_state_type text not null,
    creation_timestamp integer not null,
    read_timestamp integer not null, -- timestamp when the message is first marked read by any participants
    local_message_references blob, -- if the message originates from the device we keep local media reference around to have stable local cache ids

    is_saved integer not null, -- bool. set to true iff message_content.metadata().saved_by_size() > 0
    is_viewed_by_user integer not null, -- bool. set to true iff message.content.metadata().read_by() contains current user
    remote_media_count integer not null, -- size of the media reference list message.content.contents().media_reference_lists_size()
    content_type integer not null, -- type of the content as defined in message.content.contents().content_type()
    content_read_release_policy integer not null, -- type of the content read release policy as defined in message.content.release_policy()
    released_by_count integer not null, -- size of message.content.metadata().released_by_size() list
    sender_id text, -- message.content.sender_id()
    is_released_by_user integer not null, -- bool. true iff message is released by user,  message.content.metadata().released_by() contains current user id
    release_state integer, -- enum. Release state of the message. Starts optional, not set for conversations that don't send release messages or messages that don't require individual release.
    hidden_from_platform integer not null default 0, -- bool Should hide this message from platform. Read/Release watermark and save state can override this value.

    primary key(client_conversation_id, client_message_id),
    unique (client_conversation_id, server_message_id),

    foreign key(client_conversation_id) references conversation_identifier(client_conversation_id),
    foreign key(message_state_type) references message_state(state_type),
    foreign key(local_message_content_id) references local_message_content(local_message_content_id)
);
CREATE TABLE feed_entry (
    client_conversation_id text primary key not null,
    version_id integer not null,
    last_updated_timestamp integer not null,
    display_timestamp integer not null,
    message_type integer not null,
    message_state integer not null,
    viewed integer not null,
    conversation_title text,
    conversation_type integer not null,
    legacyConversationInfo blob,
    legacyMigrationInfo blob,
    legacyNeedsSync integer not null,
    participants blob,
    lastActors blob,
    feedItemCreator text,
    priority integer not null,
    last_received_chat_id integer,
    last_viewed_chat_id integer,
    last_chat_sender text,
    unviewed_silent_snaps blob,
    unviewed_audio_snaps blob,
    unviewed_silent_snaps_timestamps blob,
    unviewed_audio_snaps_timestamps blob,
    last_sender blob,
    tombstoned integer not null,
    owning_snap integer,
    clear_conversation_timestamp_ms integer,
    last_sent_chat_server_id integer,
    streak_count integer,
    streak_expiration_timestamp_ms integer,
    streak_version integer,
    chat_notification_preference integer not null, -- Chat notification setting preference, should match enum djinni::NotificationPreference
    game_notification_preference integer not null, -- Game notification setting preference, should match enum djinni::NotificationPreference
    is_friendlink_pending integer not null, -- set to true if the friend link is pending. matches friendlinkpending on conversationmetadata.requester_info
    feed_visibility integer not null, --enum for the visibility state of a conversation. matches the friendfeedvisiblity on conversationmetadata.requester_info
    foreign key(client_conversation_id) references conversation_identifier(client_conversation_id)
);
