"""WeChat iOS: ``Documents/<32 hex>/DB/MM.sqlite`` with names from ``DB/WCDB_Contact.sqlite``.

Sources (``artefacts/synthetic/ddl/wechat_ios_mm.sql`` holds the DDL with its header):

* lefex/iWeChat ``README.md`` @ 7b3dbc48 ("数据库设计"): one table per conversation,
  ``Chat_<32 hex>(TableVer, MesLocalID, MesSvrID, CreateTime, Message, Status, ImgStatus, Type, Des)``,
  and ``Friend(userName, type, ..., dbContactRemark, dbContactHeadImage, dbContactChatRoom, ...)``;
* BlueMatthew/WechatExporter ``WechatExporter/core/WechatParser.cpp`` @ 4d1dde58: tables matching
  ``^Chat_([0-9a-f]{32})$`` (the hex is the md5 of the conversation's user name, matched against
  ``Friend`` rows by that hash); ``SELECT CreateTime, Message, Des, Type, MesLocalID``;
  ``CreateTime`` in Unix **seconds** (``fromUnixTime``); ``Des == 0`` = written by the owner; in a
  group (``@chatroom``) a received message starts ``"<sender>:\\n"``; types 10000 / 10002 are system
  lines; ``dbContactRemark`` is a protobuf whose field 1 is the nick name (``parseRemark``); media
  under the account folder: ``Img/<hash>/<MesLocalID>.pic`` and ``.pic_thum``,
  ``Audio/<hash>/<MesLocalID>.aud``, ``Video/<hash>/<MesLocalID>.mp4`` and ``.video_thum``.

Field 2 of ``dbContactRemark`` is read as the WeChat id (alias): two public parsers agree on it. The
field of the owner's remark differs between them (3 or 7), so no field is taken as the remark: every
text field is kept in ``extra.remark_fields`` by number. The owner's own user name is not in these
tables, so outgoing events have no sender and incoming ones no recipients (one-to-one outgoing
events name the other party as recipient). Message type numbers are those of the Android app
(``plugins/wechat_android.py``, plus 10002 recalled); ``Status`` and ``ImgStatus`` are kept raw in ``extra``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

from artefacts import hookimpl
from artefacts.decoders import protowire
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, contact_event
from artefacts.parser import SQLITE_SIGNATURE, Parser
from artefacts.plugins.wechat_android import _GROUP_PREFIX, SYSTEM_TYPES, TYPE_NAMES, _describe
from artefacts.timeconv import UNIX_SECONDS
from artefacts.values import ValueClassError, as_bytes, as_text

__version__ = "1.0"

CHATROOM_SUFFIX = "@chatroom"
TYPE_IMAGE, TYPE_VOICE, TYPE_VIDEO, TYPE_SHORT_VIDEO = 3, 34, 43, 62
#: TYPE_NAMES and SYSTEM_TYPES (10000 system line, 10002 recalled message) are the Android plugin's: the
#: type codes are the same (WechatParser.cpp renders both as system lines; iKuiki/wwdk doc/message/messageType.md)
CHAT_TABLE = re.compile(r"^Chat_([0-9a-f]{32})$")
CHAT_COLUMNS = ("MesLocalID", "CreateTime", "Message", "Type", "Des")
REMARK_NICKNAME, REMARK_ALIAS = 1, 2
#: media files under the account folder, per type (WechatParser.cpp SessionParser::parseRow)
MEDIA = {
    TYPE_IMAGE: (("Img", ".pic", "image/jpeg"), ("Img", ".pic_thum", "image/jpeg")),
    TYPE_VOICE: (("Audio", ".aud", "audio/silk"),),
    TYPE_VIDEO: (("Video", ".mp4", "video/mp4"), ("Video", ".video_thum", "image/jpeg")),
    TYPE_SHORT_VIDEO: (("Video", ".mp4", "video/mp4"), ("Video", ".video_thum", "image/jpeg")),
}


def remark_fields(blob) -> dict[int, str]:
    """The text fields of a ``dbContactRemark`` protobuf, by field number (the first of each)."""
    out: dict[int, str] = {}
    if not blob:
        return out
    for f in protowire.decode(as_bytes(blob)):
        if f.wire_type == protowire.LENGTH and f.number not in out:
            text = protowire.as_text(f.value)
            if text is not None:
                out[f.number] = text
    return out


def chat_hash(user_name: str) -> str:
    """The hex of a conversation's ``Chat_`` table: md5 of its user name (WechatParser.cpp)."""
    return hashlib.md5(user_name.encode("utf-8")).hexdigest()


def sender_and_body(mtype, outgoing: bool, talker, content, extra: dict) -> tuple:
    """``(sender, body)``: system lines and the owner's rows have no sender (the owner's user name is not
    known); a received group row names its sender in a ``"wxid:\\n"`` prefix; media rows have no body
    (the content is kept raw); XML contents are described as the Android parser does."""
    group = bool(talker) and talker.endswith(CHATROOM_SUFFIX)
    sender = None
    if mtype in SYSTEM_TYPES or outgoing:
        sender = None
    elif group and isinstance(content, str) and _GROUP_PREFIX.match(content):
        m = _GROUP_PREFIX.match(content)
        sender, content = m.group(1), content[m.end():]
    else:
        sender = talker
    if mtype in MEDIA:
        if content:
            extra["content_raw"] = content
        return sender, None
    if mtype in SYSTEM_TYPES:
        return sender, content
    return sender, _describe(mtype, content, extra)


def message_to_event(row, ctx) -> dict:
    """One ``Chat_<hash>`` row -> a message (or system) event."""
    table = ctx.lookups["table"]
    h = CHAT_TABLE.match(table).group(1)
    talker = ctx.lookups["by_hash"].get(h)
    names = ctx.lookups["names"]
    mtype = row["Type"]
    outgoing = row["Des"] == 0
    direction = OUTGOING if outgoing else INCOMING
    is_group = bool(talker) and talker.endswith(CHATROOM_SUFFIX)
    extra = {"type": mtype, "type_name": TYPE_NAMES.get(mtype, f"type {mtype}"), "MesLocalID": row["MesLocalID"],
             "MesSvrID": row["MesSvrID"], "Des": row["Des"], "Status": row["Status"], "ImgStatus": row["ImgStatus"]}
    if talker is None:
        extra["chat_table"] = table
    sender, body = sender_and_body(mtype, outgoing, talker, row["Message"], extra)
    attachments = []
    base = ctx.lookups["account_prefix"]
    for folder, suffix, mime in MEDIA.get(mtype, ()):
        attachments.append(ctx.attachment(f"{base}{folder}/{h}/{row['MesLocalID']}{suffix}", mime_type=mime))
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["CreateTime"], column=f"{table}.CreateTime"),
        "timestamp_raw": row["CreateTime"],
        "timestamp_desc": SENT if outgoing else RECEIVED,
        "kind": "system" if mtype in SYSTEM_TYPES else "message",
        "direction": None if mtype in SYSTEM_TYPES else direction,
        "conversation_id": talker or table,
        "conversation_name": names.get(talker),
        "sender": sender,
        "sender_name": names.get(sender),
        "recipients": [talker] if outgoing and talker and not is_group and mtype not in SYSTEM_TYPES else [],
        "body": body,
        "attachments": attachments,
        "status": None if mtype in SYSTEM_TYPES else ("sent" if outgoing else "received"),
        "deleted": False,
        "extra": extra,
        "source_locator": f"{table}:MesLocalID={row['MesLocalID']}",
    }


def friend_to_event(row, ctx) -> dict | None:
    """One ``Friend`` row -> a ``contact`` event (nick name from ``dbContactRemark`` field 1)."""
    user = row["userName"]
    if not user:
        return None
    fields = remark_fields(row["dbContactRemark"])
    name = fields.get(REMARK_NICKNAME)
    extra = {"type": row["type"], "remark_fields": {str(k): v for k, v in sorted(fields.items())}}
    if fields.get(REMARK_ALIAS):
        extra["alias"] = fields[REMARK_ALIAS]
    return contact_event(user, name, name, extra, f"Friend:userName={user}")


class WeChatIOSParser(Parser):
    name = "wechat_ios"
    version = __version__
    app = "wechat"
    platform = "ios"
    description = "WeChat iOS MM.sqlite (Chat_<md5> tables) with names from WCDB_Contact.sqlite: messages, contacts"
    path_globs = ("**/Documents/*/DB/MM.sqlite",)
    signatures = (SQLITE_SIGNATURE,)
    attachment_globs = ("**/Documents/*/Img/*/*", "**/Documents/*/Audio/*/*", "**/Documents/*/Video/*/*")
    related_globs = {"contacts": ("**/Documents/*/DB/WCDB_Contact.sqlite",)}
    time_units = {"Chat_<md5>.CreateTime": UNIX_SECONDS}
    references = (
        "lefex/iWeChat README.md @ 7b3dbc48 (Friend, Chat_<md5> DDL: artefacts/synthetic/ddl/wechat_ios_mm.sql)",
        "BlueMatthew/WechatExporter WechatExporter/core/WechatParser.cpp @ 4d1dde58 (Des, CreateTime s, "
        "dbContactRemark field 1, media paths)",
    )

    @staticmethod
    def chat_tables(ctx) -> list[str]:
        names = [r[0] for r in ctx.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return sorted(t for t in names if isinstance(t, str) and CHAT_TABLE.match(t))

    def check_file(self, ctx) -> str | None:
        if not self.chat_tables(ctx) and ctx.source.path.rsplit("/", 1)[-1] != "MM.sqlite":
            return "no Chat_<md5> table"
        return None

    def parse(self, ctx):
        try:
            tables = self.chat_tables(ctx)
        except sqlite3.DatabaseError as exc:
            ctx.warn(f"cannot be opened as SQLite: {exc}")
            return
        usable = [t for t in tables if ctx.has_columns(t, *CHAT_COLUMNS)]
        if not usable:
            ctx.warn("unknown schema version: no Chat_<md5> table with " + ", ".join(CHAT_COLUMNS)
                     + f"; tables: {', '.join(sorted(ctx.schema)) or 'none'}")
            return
        for t in tables:
            if t not in usable:
                ctx.warn(f"unknown schema version: table {t} lacks some of {', '.join(CHAT_COLUMNS)}")
        names, friends = {}, []

        def read_friends(con, _sf):
            return [{"userName": u, "type": t, "dbContactRemark": b} for u, t, b in con.execute(
                "SELECT userName, type, dbContactRemark FROM Friend ORDER BY userName")]

        rows = ctx.read_related("contacts", "WeChat contacts (Friend)", read_friends)
        friends = rows or []
        for r in friends:
            try:
                fields = remark_fields(r["dbContactRemark"])
            except (protowire.WireError, ValueClassError) as exc:
                ctx.warn_file(f"Friend.dbContactRemark of {as_text(r['userName'])!r} not read: {exc}")
                fields = {}
            if r["userName"]:
                names[as_text(r["userName"])] = fields.get(REMARK_NICKNAME)
        lk = ctx.lookups
        parts = ctx.source.path.split("/")
        lk.update(names=names, by_hash={chat_hash(u): u for u in names},
                  account_prefix="/".join(parts[:-2]) + "/" if len(parts) >= 3 else "")
        for t in usable:
            lk["table"] = t
            cols = ", ".join([*CHAT_COLUMNS, ctx.column_or_null(t, "MesSvrID"), ctx.column_or_null(t, "Status"),
                              ctx.column_or_null(t, "ImgStatus")])
            yield from ctx.map_rows(f'SELECT {cols} FROM "{t}" ORDER BY MesLocalID', message_to_event,
                                    table=t, id_column="MesLocalID")
        if friends:
            yield from ctx.map_rows(friends, friend_to_event, table="Friend", id_column="userName")


@hookimpl
def register_parsers(register):
    register(WeChatIOSParser)
