-- WeChat Android EnMicroMsg.db (SQLCipher-encrypted, cipher_compatibility 1; decrypt first): the
-- tables the wechat_android parser reads, copied verbatim from a schema dump of a real EnMicroMsg.db.
-- Source: github YaoZeyuan/wechat-history-2-txt, "扩展资料/微信数据表结构.sql"
--   @ 53b9892dd24bbfc1432e628fb04c0c33688c5168 (message, rcontact, chatroom, userinfo, ImgInfo2, img_flag).
-- The message columns read (msgSvrId, type, isSend, createTime in ms, talker, content, imgPath) are the
-- FIELDS of ppwwyyxx/wechat-dump lib/msg.py @ 1a655c37; rcontact username/conRemark/nickname and
-- userinfo id 2 (own username) as read by wechat-dump lib/parser.py @ 1a655c37.

CREATE TABLE chatroom (  chatroomname TEXT default ''  PRIMARY KEY ,  addtime LONG,  memberlist TEXT,  displayname TEXT,  chatroomnick TEXT,  roomflag INTEGER,  roomowner TEXT,  roomdata BLOB,  isShowname INTEGER,  selfDisplayName TEXT,  style INTEGER,  chatroomdataflag INTEGER,  modifytime LONG,  chatroomnotice TEXT,  xmlChatroomnotice TEXT,  chatroomVersion INTEGER,  chatroomnoticeEditor TEXT,  chatroomnoticePublishTime LONG,  chatroomNoticeNew INTEGER,  chatroomLocalVersion LONG,  chatroomStatus INTEGER default '0' ,  memberCount INTEGER default '-1' ,  chatroomfamilystatusmodifytime LONG default '0' ,  associateOpenIMRoomName TEXT,  openIMRoomMigrateStatus INTEGER default '0' ,  saveByteVersion TEXT,  handleByteVersion TEXT,  roomInfoDetailResByte BLOB,  oldChatroomVersion INTEGER,  localChatRoomWatchMembers BLOB,  spamStatus INTEGER default '0' ,  compactFlag LONG default '0' );

CREATE INDEX serverChatRoomUserIndex ON chatroom ( chatroomname );

CREATE TABLE img_flag ( username VARCHAR(40) PRIMARY KEY , imgflag int , lastupdatetime int , reserved1 text ,reserved2 text ,reserved3 int ,reserved4 int ,updateflag int default 0);

CREATE INDEX img_flag_small_url_index ON img_flag ( reserved2 );

CREATE TABLE ImgInfo2 ( id INTEGER PRIMARY KEY, msgSvrId LONG, offset INT, totalLen INT, bigImgPath TEXT, thumbImgPath TEXT, createtime INT, msglocalid INT, status INT, nettimes INT, reserved1 int  , reserved2 int  , reserved3 text  , reserved4 text, hashdthumb int DEFAULT 0, iscomplete INT DEFAULT 1, origImgMD5 TEXT, compressType INT DEFAULT 0, midImgPath TEXT, forwardType INT DEFAULT 0, hevcPath TEXT, sendImgType INT DEFAULT 0 , originSourceMd5 TEXT, msgTalker TEXT);

CREATE TABLE message ( msgId INTEGER PRIMARY KEY, msgSvrId INTEGER , type INT, status INT, isSend INT, isShowTimer INTEGER, createTime INTEGER, talker TEXT, content TEXT, imgPath TEXT, reserved TEXT, lvbuffer BLOB, transContent TEXT,transBrandWording TEXT ,talkerId INTEGER, bizClientMsgId TEXT, bizChatId INTEGER DEFAULT -1, bizChatUserId TEXT, msgSeq INTEGER, flag INT, solitaireFoldInfo BLOB, historyId TEXT);

CREATE INDEX messageIdIndex ON message ( msgId );
CREATE INDEX messageSvrIdIndex ON message ( msgSvrId );
CREATE INDEX messageSendCreateTimeIndex ON message ( status,isSend,createTime );
CREATE INDEX messageCreateTimeIndex ON message ( createTime );
CREATE INDEX messageCreateTaklerTypeTimeIndex ON message ( talker,type,createTime );
CREATE INDEX messageTalkerStatusIndex ON message ( talker,status );
CREATE INDEX messageTalkerCreateTimeIsSendIndex ON message ( talker,isSend,createTime );

CREATE TABLE rcontact (  username TEXT default ''  PRIMARY KEY ,  alias TEXT default '' ,  conRemark TEXT default '' ,  domainList TEXT default '' ,  nickname TEXT default '' ,  pyInitial TEXT default '' ,  quanPin TEXT default '' ,  showHead INTEGER default '0' ,  type INTEGER default '0' ,  uiType LONG default '0' ,  weiboFlag INTEGER default '0' ,  weiboNickname TEXT default '' ,  conRemarkPYFull TEXT default '' ,  conRemarkPYShort TEXT default '' ,  lvbuff BLOB,  verifyFlag INTEGER default '0' ,  encryptUsername TEXT default '' ,  chatroomFlag INTEGER,  deleteFlag INTEGER default '0' ,  contactLabelIds TEXT default '' ,  descWordingId TEXT default '' ,  openImAppid TEXT,  sourceExtInfo TEXT,  ticket TEXT default '' ,  usernameFlag LONG default '0' ,  contactExtra BLOB, createTime LONG default '0');

CREATE INDEX contact_alias_index ON rcontact ( alias );
CREATE INDEX en_username_unique_index ON rcontact ( encryptUsername );
CREATE INDEX type_verifyFlag_index ON rcontact ( type,verifyFlag );
CREATE INDEX contact_usernameflag_index ON rcontact ( usernameFlag );
CREATE UNIQUE INDEX contact_username_unique_index ON rcontact ( username );

CREATE TABLE userinfo ( id INTEGER PRIMARY KEY, type INT, value TEXT );
