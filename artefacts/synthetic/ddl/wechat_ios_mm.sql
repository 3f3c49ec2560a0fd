-- WeChat iOS: Documents/<md5(own user name)>/DB/MM.sqlite (one Chat_<md5(user name)> table per
-- conversation; the name below is the example the source gives) and DB/WCDB_Contact.sqlite (Friend).
-- Source: github lefex/iWeChat, README.md @ 7b3dbc48090e2d60cb72417563c554777eded15f ("数据库设计":
--   Friend, Chat_099cc67071b64517d719cdb9430037d8), copied verbatim.
-- Columns read, Des (0 = sent by the owner), CreateTime (Unix seconds), Friend.dbContactRemark
-- (protobuf, field 1 = nick name): BlueMatthew/WechatExporter WechatExporter/core/WechatParser.cpp
--   @ 4d1dde584304d80f3fbdfbb57c32d89290cc7887 (FriendsParser::parseWcdb/parseRemark, SessionParser).

CREATE TABLE Friend (
    userName           TEXT    PRIMARY KEY,
    type               INTEGER DEFAULT 0,
    certificationFlag  INTEGER DEFAULT 0,
    imgStatus          INTEGER DEFAULT 0,
    encodeUserName     TEXT,
    dbContactLocal     BLOB,
    dbContactOther     BLOB,
    dbContactRemark    BLOB,
    dbContactHeadImage BLOB,
    dbContactProfile   BLOB,
    dbContactSocial    BLOB,
    dbContactChatRoom  BLOB,
    dbContactBrand     BLOB
);

CREATE TABLE Chat_099cc67071b64517d719cdb9430037d8 (
    TableVer   INTEGER DEFAULT 1,
    MesLocalID INTEGER PRIMARY KEY AUTOINCREMENT,
    MesSvrID   INTEGER DEFAULT 0,
    CreateTime INTEGER DEFAULT 0,
    Message    TEXT,
    Status     INTEGER DEFAULT 0,
    ImgStatus  INTEGER DEFAULT 0,
    Type       INTEGER,
    Des        INTEGER
);
