-- WeChat Android EnMicroMsg.db (/data/data/com.tencent.mm/MicroMsg/<md5("mm" + uin)>/EnMicroMsg.db),
--   SQLCipher 1 settings (page 1024, PBKDF2-HMAC-SHA1 4000, no HMAC; key = md5(device id + uin)[:7]).
-- Sources (statements as dumped from a real decrypted EnMicroMsg.db, text unchanged):
--   YaoZeyuan/wechat-history-2-txt @ 53b9892d "扩展资料/微信数据库关键表.md" (message, rcontact, chatroom,
--   img_flag) and "扩展资料/微信数据表结构.sql" (userinfo).
-- Units and meanings: message.createTime = milliseconds since 1970 (ppwwyyxx/wechat-dump lib/msg.py:
--   datetime.fromtimestamp(createTime / 1000)); message.isSend 0 received / 1 sent; message.talker = the
--   conversation (a wxid, or "<id>@chatroom" for a group, whose received messages start "<sender wxid>:\n");
--   message.type: 1 text, 3 image, 34 voice, 42 name card, 43 video, 47 emoji, 48 location, 49 link/file,
--   50 VoIP, 62 short video, 10000 system, 1048625 custom emoji, 436207665 red envelope, 16777265 app
--   message, -1879048186 location sharing (wechat-dump wechat/msg.py), 419430449 transfer (the .md above);
--   userinfo id 2 = the account's own wxid (wechat-dump lib/parser.py); chatroom.memberlist = member wxids
--   separated by ";" (the .md above).
CREATE TABLE message ( msgId INTEGER PRIMARY KEY, msgSvrId INTEGER , type INT, status INT, isSend INT, isShowTimer INTEGER, createTime INTEGER, talker TEXT, content TEXT, imgPath TEXT, reserved TEXT, lvbuffer BLOB, transContent TEXT,transBrandWording TEXT ,talkerId INTEGER, bizClientMsgId TEXT, bizChatId INTEGER DEFAULT -1, bizChatUserId TEXT, msgSeq INTEGER, flag INT, solitaireFoldInfo BLOB, historyId TEXT);
CREATE TABLE rcontact (  username TEXT default ''  PRIMARY KEY ,  alias TEXT default '' ,  conRemark TEXT default '' ,  domainList TEXT default '' ,  nickname TEXT default '' ,  pyInitial TEXT default '' ,  quanPin TEXT default '' ,  showHead INTEGER default '0' ,  type INTEGER default '0' ,  uiType LONG default '0' ,  weiboFlag INTEGER default '0' ,  weiboNickname TEXT default '' ,  conRemarkPYFull TEXT default '' ,  conRemarkPYShort TEXT default '' ,  lvbuff BLOB,  verifyFlag INTEGER default '0' ,  encryptUsername TEXT default '' ,  chatroomFlag INTEGER,  deleteFlag INTEGER default '0' ,  contactLabelIds TEXT default '' ,  descWordingId TEXT default '' ,  openImAppid TEXT,  sourceExtInfo TEXT,  ticket TEXT default '' ,  usernameFlag LONG default '0' ,  contactExtra BLOB, createTime LONG default '0');
CREATE TABLE img_flag ( username VARCHAR(40) PRIMARY KEY , imgflag int , lastupdatetime int , reserved1 text ,reserved2 text ,reserved3 int ,reserved4 int ,updateflag int default 0);
CREATE TABLE chatroom (  chatroomname TEXT default ''  PRIMARY KEY ,  addtime LONG,  memberlist TEXT,  displayname TEXT,  chatroomnick TEXT,  roomflag INTEGER,  roomowner TEXT,  roomdata BLOB,  isShowname INTEGER,  selfDisplayName TEXT,  style INTEGER,  chatroomdataflag INTEGER,  modifytime LONG,  chatroomnotice TEXT,  xmlChatroomnotice TEXT,  chatroomVersion INTEGER,  chatroomnoticeEditor TEXT,  chatroomnoticePublishTime LONG,  chatroomNoticeNew INTEGER,  chatroomLocalVersion LONG,  chatroomStatus INTEGER default '0' ,  memberCount INTEGER default '-1' ,  chatroomfamilystatusmodifytime LONG default '0' ,  associateOpenIMRoomName TEXT,  openIMRoomMigrateStatus INTEGER default '0' ,  saveByteVersion TEXT,  handleByteVersion TEXT,  roomInfoDetailResByte BLOB,  oldChatroomVersion INTEGER,  localChatRoomWatchMembers BLOB,  spamStatus INTEGER default '0' ,  compactFlag LONG default '0' );
CREATE TABLE userinfo ( id INTEGER PRIMARY KEY, type INT, value TEXT );
