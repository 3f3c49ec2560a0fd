-- Threema for Android threema4.db (/data/data/ch.threema.app/databases/threema4.db; SQLCipher 4 with
--   kdf_iter 1, password x"<hex master key>" from files/key.dat: artefacts/decoders/threema_key.py).
-- Assembled from the app's own CREATE statements (threema-ch/threema-android; each statement is the
--   string the Java code builds, its column-name constants substituted):
--   contacts: app/src/main/java/ch/threema/storage/factories/ContactModelFactory.java getStatements()
--     @ 0437b046, constants from storage/models/ContactModel.java (TABLE "contacts", COLUMN_* values);
--     notificationTriggerPolicyOverride: the constant of the same name in m_group (below).
--   message: storage/factories/MessageModelFactory.java getStatements() @ 0437b046, constants from
--     storage/models/AbstractMessageModel.java (createdAtUtc, postedAtUtc, ... as listed there).
--   m_group, group_member, m_group_message: storage/databaseupdate/DatabaseUpdateToVersion8.java.
--   distribution_list, distribution_list_member, distribution_list_message:
--     storage/databaseupdate/DatabaseUpdateToVersion15.java.
--   ballot, ballot_choice, ballot_vote, identity_ballot, group_ballot: the literal statements of
--     storage/factories/BallotModelFactory.java, BallotChoiceModelFactory.java, BallotVoteModelFactory.java,
--     IdentityBallotModelFactory.java, GroupBallotModelFactory.java getStatements(); ballot.createdAt,
--     modifiedAt, lastViewedAt, ballot_choice and ballot_vote createdAt/modifiedAt: ms (Date.getTime() in
--     BallotModelFactory.buildContentValues); state/assessment/type/choiceType: enum names as text.
-- Units: every *AtUtc column, contacts.dateCreated and lastUpdate, m_group.lastUpdate: milliseconds since
--   1970 (DatabaseUtil.getDateTimeContentValue: Date.getTime(); ContactModelFactory: getTime());
--   message.outbox 1 = outgoing (AbstractMessageModel: "true = outgoing"); message.type = the ordinal of
--   storage/models/MessageType.java: 0 TEXT, 1 IMAGE, 2 VIDEO, 3 VOICEMESSAGE, 4 LOCATION, 5 CONTACT,
--   6 STATUS, 7 BALLOT, 8 FILE, 9 VOIP_STATUS, 10 DATE_SEPARATOR, 11 GROUP_CALL_STATUS,
--   12 FORWARD_SECURITY_STATUS, 13 GROUP_STATUS; m_group.createdAt: VARCHAR in this statement.
CREATE TABLE `contacts` (`identity` VARCHAR ,`publicKey` BLOB ,`firstName` VARCHAR ,`lastName` VARCHAR ,`publicNickName` VARCHAR ,`verificationLevel` INTEGER ,`state` VARCHAR DEFAULT 'ACTIVE' NOT NULL ,`androidContactId` VARCHAR ,`featureLevel` INTEGER DEFAULT 0 NOT NULL ,`idColorIndex` INTEGER ,`avatarExpires` BIGINT,`isWork` TINYINT DEFAULT 0,`type` INT DEFAULT 0,`profilePicBlobID` BLOB DEFAULT NULL,`dateCreated` BIGINT DEFAULT 0,`lastUpdate` INTEGER,`acquaintanceLevel` TINYINT DEFAULT 0 NOT NULL,`isRestored` TINYINT DEFAULT 0,`isArchived` TINYINT DEFAULT 0,`readReceipts` TINYINT DEFAULT 0,`typingIndicators` TINYINT DEFAULT 0,`forwardSecurityState` TINYINT DEFAULT 0,`syncState` INTEGER NOT NULL DEFAULT 0,`jobTitle` VARCHAR DEFAULT NULL,`department` VARCHAR DEFAULT NULL,`notificationTriggerPolicyOverride` BIGINT DEFAULT NULL,PRIMARY KEY (`identity`) );
CREATE TABLE `message`(`id` INTEGER PRIMARY KEY AUTOINCREMENT , `uid` VARCHAR , `apiMessageId` VARCHAR , `identity` VARCHAR , `outbox` SMALLINT , `type` INTEGER , `body` VARCHAR , `correlationId` VARCHAR , `caption` VARCHAR , `isRead` SMALLINT , `isSaved` SMALLINT , `isQueued` TINYINT , `state` VARCHAR , `postedAtUtc` BIGINT , `createdAtUtc` BIGINT , `modifiedAtUtc` BIGINT , `isStatusMessage` SMALLINT ,`quotedMessageId` VARCHAR ,`messageContentsType` TINYINT ,`messageFlags` INT ,`deliveredAtUtc` DATETIME ,`readAtUtc` DATETIME ,`forwardSecurityMode` TINYINT DEFAULT 0 ,`displayTags` TINYINT DEFAULT 0 ,`editedAtUtc` DATETIME ,`deletedAtUtc` DATETIME );
CREATE TABLE `m_group` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `apiGroupId` VARCHAR , `name` VARCHAR , `creatorIdentity` VARCHAR , `createdAt` VARCHAR , `lastUpdate` INTEGER, `synchronizedAt` BIGINT , `isArchived` TINYINT DEFAULT 0, `groupDesc` VARCHAR DEFAULT NULL, `changedGroupDescTimestamp` VARCHAR DEFAULT NULL, `colorIndex` INTEGER DEFAULT 0 NOT NULL, `userState` INTEGER DEFAULT 0 NOT NULL, `notificationTriggerPolicyOverride` BIGINT DEFAULT NULL );
CREATE TABLE `group_member` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `identity` VARCHAR , `groupId` INTEGER);
CREATE TABLE `m_group_message`(`id` INTEGER PRIMARY KEY AUTOINCREMENT , `uid` VARCHAR , `apiMessageId` VARCHAR , `groupId` INTEGER NOT NULL , `identity` VARCHAR , `outbox` SMALLINT , `type` INTEGER ,`correlationId` VARCHAR ,`body` VARCHAR ,`caption` VARCHAR ,`isRead` SMALLINT ,`isSaved` SMALLINT ,`isQueued` TINYINT ,`state` VARCHAR , `postedAtUtc` BIGINT , `createdAtUtc` BIGINT , `modifiedAtUtc` BIGINT , `isStatusMessage` SMALLINT ,`quotedMessageId` VARCHAR ,`messageContentsType` TINYINT ,`messageFlags` INT ,`deliveredAtUtc` DATETIME ,`readAtUtc` DATETIME ,`forwardSecurityMode` TINYINT DEFAULT 0 ,`groupMessageStates` VARCHAR ,`displayTags` TINYINT DEFAULT 0 ,`editedAtUtc` DATETIME ,`deletedAtUtc` DATETIME );
CREATE TABLE `distribution_list` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `name` VARCHAR , `createdAt` VARCHAR, `lastUpdate` INTEGER, `isArchived` TINYINT DEFAULT 0 , `isHidden` TINYINT DEFAULT 0 );
CREATE TABLE `distribution_list_member`(`id` INTEGER PRIMARY KEY AUTOINCREMENT , `identity` VARCHAR , `distributionListId` INTEGER , `isActive` SMALLINT NOT NULL);
CREATE TABLE `distribution_list_message`(`id` INTEGER PRIMARY KEY AUTOINCREMENT ,`uid` VARCHAR ,`apiMessageId` VARCHAR ,`distributionListId` INTEGER NOT NULL ,`identity` VARCHAR ,`outbox` SMALLINT ,`type` INTEGER ,`correlationId` VARCHAR ,`body` VARCHAR ,`caption` VARCHAR ,`isRead` SMALLINT ,`isSaved` SMALLINT ,`isQueued` TINYINT ,`state` VARCHAR ,`postedAtUtc` BIGINT ,`createdAtUtc` BIGINT ,`modifiedAtUtc` BIGINT ,`isStatusMessage` SMALLINT ,`quotedMessageId` VARCHAR ,`messageContentsType` TINYINT ,`messageFlags` INT ,`deliveredAtUtc` DATETIME ,`readAtUtc` DATETIME ,`forwardSecurityMode` TINYINT DEFAULT 0 ,`displayTags` TINYINT DEFAULT 0 ,`editedAtUtc` DATETIME ,`deletedAtUtc` DATETIME );
CREATE TABLE `ballot` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `apiBallotId` VARCHAR NOT NULL , `creatorIdentity` VARCHAR NOT NULL , `name` VARCHAR , `state` VARCHAR NOT NULL , `assessment` VARCHAR NOT NULL , `type` VARCHAR NOT NULL , `choiceType` VARCHAR NOT NULL , `displayType` VARCHAR , `createdAt` BIGINT NOT NULL , `modifiedAt` BIGINT NOT NULL , `lastViewedAt` BIGINT );
CREATE TABLE `ballot_choice` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `ballotId` INTEGER , `apiBallotChoiceId` INTEGER , `type` VARCHAR , `name` VARCHAR , `voteCount` INTEGER , `order` INTEGER NOT NULL , `createdAt` BIGINT , `modifiedAt` BIGINT );
CREATE TABLE `ballot_vote` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `ballotId` INTEGER NOT NULL , `ballotChoiceId` INTEGER NOT NULL , `votingIdentity` VARCHAR NOT NULL , `choice` INTEGER , `createdAt` BIGINT NOT NULL , `modifiedAt` BIGINT NOT NULL );
CREATE TABLE `identity_ballot` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `identity` VARCHAR NOT NULL , `ballotId` INTEGER NOT NULL );
CREATE TABLE `group_ballot` (`id` INTEGER PRIMARY KEY AUTOINCREMENT , `groupId` INTEGER NOT NULL , `ballotId` INTEGER NOT NULL );
CREATE INDEX `message_identity_idx` ON `message` ( `identity` );
CREATE INDEX `m_group_message_groupId_idx` ON `m_group_message` ( `groupId` );
