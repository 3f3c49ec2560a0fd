"""WeChat Android: ``com.tencent.mm/MicroMsg/<md5("mm" + uin)>/EnMicroMsg.db``.

The database is SQLCipher-encrypted with SQLCipher 1 settings (``cipher_compatibility = 1``:
page 1024, PBKDF2-HMAC-SHA1 x4000, no HMAC; ``APP_SETTINGS["wechat"]``). Its passphrase is the
first 7 lowercase hex digits of ``md5(device_id + uin)`` (ASCII concatenation): ppwwyyxx/wechat-dump
``decrypt-db.py`` @ 05de6270 (``get_key``, ``get_uin``, ``get_imei``, ``_uin_to_userdir``);
project notes formats.md (WeChat row). Keys are tried in this order:

1. ``--key wechat=KEY``: a 7-hex-digit passphrase is used as it is; any other value is taken as a
   device id (IMEI, or the id WeChat used instead);
2. derived keys: every uin -- ``--key wechat_uin=UIN``, the shared preferences
   (``shared_prefs/system_config_prefs.xml`` ``default_uin``, ``com.tencent.mm_preferences.xml``
   ``last_login_uin``, ``auth_info_key_prefs.xml`` ``auth_uin``, as ``decrypt-db.py`` reads them) and
   ``MicroMsg/systemInfo.cfg`` (a Java-serialised ``HashMap``, key 1) -- the uin whose
   ``md5("mm" + uin)`` is the database's folder name first, combined with every device id: those
   given, the one in ``MicroMsg/CompatibleInfo.cfg`` (``HashMap`` key 258; ``decrypt-db.py`` reads both
   files with ``javaobj.loads(...).get(...)``; here :mod:`artefacts.decoders.javaser_stream`), and the
   dummy id ``1234567890ABCDEF`` that some devices report (wechat-dump issue 70, in ``get_imei``).

A configuration file that cannot be read is named in the warning given when no key opens the file.

Tables (``artefacts/synthetic/ddl/wechat_android_enmicromsg.sql``, verbatim from a real schema
dump: YaoZeyuan/wechat-history-2-txt ``扩展资料/微信数据表结构.sql`` @ 53b9892d):

* ``message(msgId, msgSvrId, type, status, isSend, createTime, talker, content, imgPath, ...)``: the
  fields wechat-dump reads (``lib/msg.py`` @ 1a655c37 ``WeChatMsg.FIELDS``). ``createTime`` is ms
  since 1970 (``datetime.fromtimestamp(createTime / 1000)`` there); ``isSend`` 1 = sent by the
  owner; ``talker`` is the chat (a user name, or ``<id>@chatroom`` for a group); in a group, a
  received message's ``content`` starts with ``"<sender>:\\n"`` (``get_msg_talker_id``,
  ``content_no_first_line``).
* ``type`` (``lib/msg.py``): 1 text, 3 image, 34 voice, 42 name card, 43 video, 47 emoji,
  48 location (``<msg><location x= y= label= poiname= .../></msg>``), 49 app message (link or
  file), 50 VoIP, 62 short video, 10000 system, 1048625 custom emoji; 10002 recalled message
  (iKuiki/wwdk ``doc/message/messageType.md``: "10002 撤回消息", the same type numbering).
  10000 and 10002 rows become ``kind: system`` events.
* ``rcontact(username, alias, conRemark, nickname, type, deleteFlag, ...)``: names (``conRemark``,
  the owner's remark, before ``nickname``, as ``lib/parser.py`` @ 1a655c37 ``_parse_contact``);
  every row is also a ``contact`` event (``@chatroom`` rows are groups and are left to ``chatroom``).
* ``chatroom(chatroomname, memberlist, displayname, roomowner, ...)``: ``memberlist`` is the members'
  user names separated by ``;``; ``displayname`` their names separated by ``、`` (group members become
  the recipients of outgoing group messages and are listed in ``extra.members``).
* ``userinfo(id, type, value)``: ``id`` 2 holds the owner's user name (``_parse_userinfo``).
* ``ImgInfo2(msgSvrId, bigImgPath, thumbImgPath)``: the full-size image of an image message.

Attachments (``lib/res.py`` @ 0bb1104d; ``THUMBNAIL_DIRPATH://th_`` prefix from the app's
``ImgInfoStorage``): an image message's ``imgPath`` is ``THUMBNAIL_DIRPATH://th_<name>``, stored as
``image2/<name[0:2]>/<name[2:4]>/th_<name>`` under the account's resource folder
(``sdcard/tencent/MicroMsg/<hash>/``), the full image ``ImgInfo2.bigImgPath`` in the same scheme;
a voice message's ``imgPath`` is the key of ``voice2/.../msg_<imgPath>.amr`` (found by its file
name). Files present are listed with their path and SHA-256, otherwise the path the app implies.
The raw ``imgPath`` is kept in ``extra``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from artefacts import hookimpl
from artefacts.encrypted import check_sqlcipher_file, is_plain_sqlite as _is_plain_sqlite, open_sqlcipher, with_provenance
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, attachment as make_attachment, contact_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

# lib/msg.py (wechat-dump) message types; 10002 from iKuiki/wwdk doc/message/messageType.md
TYPE_TEXT, TYPE_IMAGE, TYPE_VOICE, TYPE_NAMECARD, TYPE_VIDEO = 1, 3, 34, 42, 43
TYPE_EMOJI, TYPE_LOCATION, TYPE_APP, TYPE_VOIP, TYPE_SHORT_VIDEO = 47, 48, 49, 50, 62
TYPE_SYSTEM, TYPE_RECALLED, TYPE_CUSTOM_EMOJI = 10000, 10002, 1048625
TYPE_NAMES = {
    TYPE_TEXT: "text", TYPE_IMAGE: "image", TYPE_VOICE: "voice", TYPE_NAMECARD: "name card",
    TYPE_VIDEO: "video", TYPE_EMOJI: "emoji", TYPE_LOCATION: "location", TYPE_APP: "app message",
    TYPE_VOIP: "VoIP", TYPE_SHORT_VIDEO: "short video", TYPE_SYSTEM: "system", TYPE_RECALLED: "recalled",
    TYPE_CUSTOM_EMOJI: "custom emoji",
}
SYSTEM_TYPES = {TYPE_SYSTEM, TYPE_RECALLED}
THUMB_PREFIX = "THUMBNAIL_DIRPATH://th_"
CHATROOM_SUFFIX = "@chatroom"
USERINFO_OWNER_ID = 2
#: wechat-dump decrypt-db.py get_imei: "dummy:issue-70"
DEFAULT_DEVICE_ID = "1234567890ABCDEF"
#: (prefs file name, entry name) as decrypt-db.py get_uin reads them
UIN_PREFS = (
    ("system_config_prefs.xml", "default_uin"),
    ("com.tencent.mm_preferences.xml", "last_login_uin"),
    ("auth_info_key_prefs.xml", "auth_uin"),
)
#: decrypt-db.py get_imei / get_uin: CompatibleInfo.cfg key 258 = device id, systemInfo.cfg key 1 = uin
COMPATIBLE_DEVICE_ID_KEY = 258
SYSTEMINFO_UIN_KEY = 1
_KEY7 = re.compile(r"^[0-9a-fA-F]{7}$")
_HASH_DIR = re.compile(r"^[0-9a-f]{32}$")


def wechat_key(device_id: str, uin: str) -> str:
    """The EnMicroMsg.db passphrase: ``md5(device_id + uin).hexdigest()[:7]`` (decrypt-db.py get_key)."""
    return hashlib.md5((device_id + uin).encode("ascii")).hexdigest()[:7]


def account_dir(uin: str) -> str:
    """The account folder name under ``MicroMsg/``: ``md5("mm" + uin)`` (decrypt-db.py _uin_to_userdir)."""
    return hashlib.md5(("mm" + uin).encode("ascii")).hexdigest()


def read_uins(path: Path) -> list[str]:
    """The uins a shared-preferences XML file holds under the names ``decrypt-db.py`` reads."""
    root = ET.parse(path).getroot()
    names = {entry for _f, entry in UIN_PREFS}
    out = []
    for el in root.iter():
        if el.get("name") in names:
            value = el.get("value") if el.get("value") is not None else (el.text or "")
            try:
                uin = str(int(value.strip()))
            except ValueError:
                continue
            if uin != "0" and uin not in out:
                out.append(uin)
    return out


def _config_value(sf, key: int):
    """``(value of key, None)`` of a Java-serialised HashMap config file, or ``(None, problem)``."""
    from artefacts.decoders.javaser import JavaSerialError
    from artefacts.decoders.javaser_stream import parse_hashmap

    try:
        return parse_hashmap(Path(sf.local_path).read_bytes()).get(key), None
    except (JavaSerialError, OSError) as exc:
        return None, f"{sf.path} cannot be read ({exc})"


# ---------------------------------------------------------------------------------------------
# Row mappings


def _contact_name(ctx, username):
    if not username:
        return None
    return ctx.lookups["names"].get(username)


def split_group_content(content: str | None) -> tuple[str | None, str | None]:
    """``("wxid", "text")`` of a received group message's ``"wxid:\\ntext"`` content, else ``(None, content)``."""
    if content and ":\n" in content:
        head, rest = content.split(":\n", 1)
        if head and "\n" not in head and "<" not in head:
            return head, rest
    return None, content


def location_text(content: str | None) -> tuple[str | None, dict]:
    """A location message's text and fields from ``<msg><location x= y= label= poiname=/></msg>``."""
    if not content:
        return None, {}
    root = ET.fromstring(content.strip())
    loc = root if root.tag == "location" else root.find("location")
    if loc is None:
        return None, {}
    fields = {k: loc.get(k) for k in ("x", "y", "label", "poiname") if loc.get(k) is not None}
    label = loc.get("poiname") or loc.get("label") or ""
    return f"Location: {label} ({loc.get('x')}, {loc.get('y')})".replace(":  (", ": ("), fields


def _image_path(name: str) -> str:
    """``image2/<n[0:2]>/<n[2:4]>/<n>`` (lib/res.py _get_img_file)."""
    bare = name[3:] if name.startswith("th_") else name
    return f"image2/{bare[0:2]}/{bare[2:4]}/{name}"


def _attachments(row, ctx, mtype) -> tuple[list, dict]:
    img = row["imgPath"]
    extra = {}
    if not img:
        return [], extra
    extra["imgPath"] = img
    base = ctx.lookups["resource_prefix"]
    out = []
    if mtype == TYPE_IMAGE and img.startswith(THUMB_PREFIX):
        name = img[len(THUMB_PREFIX):]
        if name:
            out.append(ctx.attachment(base + _image_path("th_" + name), mime_type="image/jpeg"))
        big = ctx.lookups["big_images"].get(row["msgSvrId"])
        if big:
            extra["bigImgPath"] = big
            out.append(ctx.attachment(base + _image_path(big), mime_type="image/jpeg"))
    elif mtype == TYPE_VOICE:
        out.append(ctx.attachment(base + f"voice2/msg_{img}.amr", mime_type="audio/amr"))
    return out, extra


def sender_and_body(mtype, outgoing: bool, talker, owner, content, extra: dict) -> tuple:
    """``(sender, body)`` of a message row (Android ``message`` and iOS ``Chat_`` alike).

    System lines have no sender; the owner sent outgoing rows; a received group row names its sender
    in a ``"wxid:\\n"`` prefix; otherwise the chat's party sent it. Text and system rows keep their
    content as the body, a location its text; other types have no body and keep the content raw.
    """
    is_group = bool(talker) and talker.endswith(CHATROOM_SUFFIX)
    if mtype in SYSTEM_TYPES:
        sender = None  # a notice written by the app, not a message of the chat's party
    elif outgoing:
        sender = owner
    elif is_group:
        sender, content = split_group_content(content)
    else:
        sender = talker
    if mtype == TYPE_LOCATION:
        body, extra["location"] = location_text(content)
    elif mtype in (TYPE_TEXT, *SYSTEM_TYPES):
        body = content
    else:
        if content:
            extra["content_raw"] = content
        body = None
    return sender, body


def message_to_event(row, ctx) -> dict:
    """One ``message`` row -> a message (or system) event."""
    mtype = row["type"]
    talker = row["talker"]
    is_group = bool(talker) and talker.endswith(CHATROOM_SUFFIX)
    direction = OUTGOING if row["isSend"] == 1 else INCOMING
    owner = ctx.lookups["owner"]
    extra = {"type": mtype, "type_name": TYPE_NAMES.get(mtype, f"type {mtype}"), "msgId": row["msgId"],
             "msgSvrId": row["msgSvrId"], "status_raw": row["status"]}
    sender, body = sender_and_body(mtype, direction == OUTGOING, talker, owner, row["content"], extra)
    attachments, att_extra = _attachments(row, ctx, mtype)
    extra.update(att_extra)
    if direction == OUTGOING:
        recipients = [m for m in ctx.lookups["members"].get(talker, []) if m != owner] if is_group else [talker]
    else:
        recipients = [owner] if owner else []
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["createTime"], column="message.createTime"),
        "timestamp_raw": row["createTime"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED,
        "kind": "system" if mtype in SYSTEM_TYPES else "message",
        "direction": None if mtype in SYSTEM_TYPES else direction,
        "conversation_id": talker,
        "conversation_name": _contact_name(ctx, talker),
        "sender": sender,
        "sender_name": _contact_name(ctx, sender),
        "recipients": [r for r in recipients if r],
        "body": body,
        "attachments": attachments,
        "status": "sent" if direction == OUTGOING else "received",
        "deleted": False,
        "extra": extra,
        "source_locator": f"message:msgId={row['msgId']}",
    }


def contact_to_event(row, ctx) -> dict | None:
    """One ``rcontact`` row (not a group) -> a ``contact`` event."""
    username = row["username"]
    if not username or username.endswith(CHATROOM_SUFFIX):
        return None
    name = row["conRemark"] or row["nickname"] or None
    extra = {k: row[k] for k in ("alias", "conRemark", "nickname", "type", "deleteFlag") if row[k] not in (None, "")}
    ev = contact_event(username, name, name, extra, f"rcontact:username={username}")
    ev["deleted"] = bool(row["deleteFlag"])
    return ev


def chatroom_to_event(row, ctx) -> dict:
    """One ``chatroom`` row -> a ``contact`` event for the group, its members in ``extra``."""
    room = row["chatroomname"]
    members = [m for m in (row["memberlist"] or "").split(";") if m]
    name = _contact_name(ctx, room) or row["displayname"] or None
    extra = {"members": [{"username": m, "name": _contact_name(ctx, m)} for m in members],
             "roomowner": row["roomowner"]}
    ev = contact_event(room, name, name, extra, f"chatroom:chatroomname={room}")
    ev["recipients"] = members
    return ev


# ---------------------------------------------------------------------------------------------
# The parser


def looks_like_wechat(ctx) -> bool:
    return ctx.has_table("message") and ctx.has_table("rcontact")


class WeChatAndroidParser(Parser):
    name = "wechat_android"
    version = __version__
    app = "wechat"
    platform = "android"
    description = (
        "WeChat Android EnMicroMsg.db (SQLCipher 1 settings; key md5(device id + uin)[:7] derived from the "
        "shared preferences' uin and --key wechat=IMEI, or --key wechat=<7-hex key>): messages, contacts, groups"
    )
    path_globs = ("**/com.tencent.mm/MicroMsg/*/EnMicroMsg.db",)
    attachment_globs = ("**/tencent/MicroMsg/*/image2/*/*/*", "**/tencent/MicroMsg/*/voice2/**/*.amr")
    related_globs = {
        "prefs": tuple(f"**/com.tencent.mm/shared_prefs/{f}" for f, _e in UIN_PREFS),
        "compatible_info": ("**/com.tencent.mm/MicroMsg/CompatibleInfo.cfg",),
        "system_info": ("**/com.tencent.mm/MicroMsg/systemInfo.cfg",),
    }
    required_tables = {"message": {"msgId", "type", "isSend", "createTime", "talker", "content"}}
    time_units = {"message.createTime": UNIX_MILLISECONDS}
    references = (
        "YaoZeyuan/wechat-history-2-txt 扩展资料/微信数据表结构.sql @ 53b9892d (message, rcontact, chatroom, userinfo, "
        "ImgInfo2 DDL: artefacts/synthetic/ddl/wechat_android_enmicromsg.sql)",
        "ppwwyyxx/wechat-dump lib/msg.py, lib/parser.py @ 1a655c37, lib/res.py @ 0bb1104d (types, fields, names, media)",
        "ppwwyyxx/wechat-dump decrypt-db.py @ 05de6270 (key = md5(device id + uin)[:7], uin sources, 1234567890ABCDEF)",
        "iKuiki/wwdk doc/message/messageType.md (10002 recalled)",
        "project notes formats.md (WeChat row: SQLCipher 1 settings)",
    )

    def check_file(self, ctx) -> str | None:
        return check_sqlcipher_file(ctx, "EnMicroMsg.db", looks_like_wechat, "WeChat database (no message and rcontact tables)")

    def parse(self, ctx):
        if _is_plain_sqlite(ctx.source.local_path):
            yield from self.parse_plain(ctx)
            return
        keys, notes = self.candidate_keys(ctx)
        need = ("the 7-hex-digit key (--key wechat=KEY), or the device id (--key wechat=IMEI) with the uin "
                "(from shared_prefs or --key wechat_uin=UIN)")
        hint = "needed: " + need + ("; " + "; ".join(notes) if notes else "")
        if not keys:
            ctx.warn("cannot decrypt: EnMicroMsg.db is SQLCipher-encrypted and no key was given; " + hint)
            return
        from artefacts.decoders.sqlcipher import APP_SETTINGS

        opened = open_sqlcipher(ctx, keys, settings=APP_SETTINGS["wechat"], scratch_name="EnMicroMsg.db", hint=hint)
        if opened is None:
            return
        try:
            yield from with_provenance(self.parse_plain(opened.ctx, opened.provenance), opened.provenance)
        finally:
            opened.ctx.close()

    @staticmethod
    def candidate_keys(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        keys, notes, device_ids = [], [], []
        for n, material in enumerate(ctx.keys("wechat"), 1):
            value = material.strip()
            if _KEY7.match(value):
                keys.append((f"--key wechat #{n}", value.lower()))
            elif value:
                device_ids.append((f"--key wechat #{n} (device id)", value))
        uins = [(f"--key wechat_uin #{n}", u.strip()) for n, u in enumerate(ctx.keys("wechat_uin"), 1) if u.strip()]
        for sf in ctx.related("prefs"):
            try:
                found = read_uins(sf.local_path)
            except (ET.ParseError, OSError) as exc:
                notes.append(f"{sf.path} cannot be read ({exc})")
                continue
            uins.extend((f"uin from {sf.path}", u) for u in found)
        for sf in ctx.related("system_info"):
            value, problem = _config_value(sf, SYSTEMINFO_UIN_KEY)
            if problem:
                notes.append(problem)
            elif value not in (None, 0, "0", ""):
                uins.append((f"uin from {sf.path} (key {SYSTEMINFO_UIN_KEY})", str(value)))
        for sf in ctx.related("compatible_info"):
            value, problem = _config_value(sf, COMPATIBLE_DEVICE_ID_KEY)
            if problem:
                notes.append(problem)
            elif value not in (None, ""):
                device_ids.append((f"device id from {sf.path} (key {COMPATIBLE_DEVICE_ID_KEY})", str(value).strip()))
        folder = ctx.source.path.rsplit("/", 2)[-2] if "/" in ctx.source.path else ""
        if _HASH_DIR.match(folder):
            uins.sort(key=lambda lu: account_dir(lu[1]) != folder)  # the account's own uin first (stable)
        if uins:
            device_ids.append((f"default device id {DEFAULT_DEVICE_ID}", DEFAULT_DEVICE_ID))
        elif device_ids:
            notes.append("a device id was given but no uin was found")
        for ulabel, uin in uins:
            for dlabel, dev in device_ids:
                keys.append((f"md5({dlabel} + {ulabel})[:7]", wechat_key(dev, uin)))
        out, seen = [], set()
        for label, key in keys:
            if key not in seen:
                seen.add(key)
                out.append((label, key))
        return out, notes

    def parse_plain(self, ctx, provenance: dict | None = None):
        """Events of a plain (decrypted) EnMicroMsg.db seen through ``ctx``."""
        try:
            ok = ctx.has_columns("message", "msgId", "type", "isSend", "createTime", "talker", "content")
        except sqlite3.DatabaseError as exc:
            ctx.warn(f"cannot be opened as SQLite: {exc}")
            return
        if not ok:
            have = ", ".join(sorted(ctx.schema)) or "none"
            opened = ""
            if provenance:
                opened = (f"decrypted with {provenance['key_source']} ({provenance['settings']}; plaintext SHA-256 "
                          f"{provenance['plaintext_sha256']}), but ")
            ctx.warn(f"{opened}unknown schema version: no WeChat message table (message with msgId, type, isSend, "
                     f"createTime, talker, content); tables: {have}")
            return
        lk = ctx.lookups
        names = {}
        if ctx.has_columns("rcontact", "username", "conRemark", "nickname"):
            for r in ctx.rows("SELECT username, conRemark, nickname FROM rcontact"):
                names[r[0]] = r[1] or r[2] or None
        members = {}
        if ctx.has_columns("chatroom", "chatroomname", "memberlist"):
            for r in ctx.rows("SELECT chatroomname, memberlist FROM chatroom"):
                members[r[0]] = [m for m in (r[1] or "").split(";") if m]
        owner = None
        if ctx.has_columns("userinfo", "id", "value"):
            row = next(iter(ctx.rows("SELECT value FROM userinfo WHERE id = ?", (USERINFO_OWNER_ID,))), None)
            owner = row[0] if row else None
        big = {}
        if ctx.has_columns("ImgInfo2", "msgSvrId", "bigImgPath"):
            big = {r[0]: r[1] for r in ctx.rows("SELECT msgSvrId, bigImgPath FROM ImgInfo2")
                   if r[1] and not str(r[1]).startswith("SERVERID://")}
        folder = ctx.source.path.rsplit("/", 2)[-2] if ctx.source.path.count("/") >= 1 else ""
        lk.update(names=names, members=members, owner=owner, big_images=big,
                  resource_prefix=f"tencent/MicroMsg/{folder}/" if _HASH_DIR.match(folder) else "")
        cols = ", ".join(["msgId", "type", "isSend", "createTime", "talker", "content",
                          ctx.column_or_null("message", "msgSvrId"), ctx.column_or_null("message", "status"),
                          ctx.column_or_null("message", "imgPath")])
        yield from ctx.map_rows(f"SELECT {cols} FROM message ORDER BY msgId", message_to_event,
                                table="message", id_column="msgId")
        if ctx.has_columns("rcontact", "username", "alias", "conRemark", "nickname", "type", "deleteFlag"):
            yield from ctx.map_rows("SELECT username, alias, conRemark, nickname, type, deleteFlag FROM rcontact "
                                    "ORDER BY username", contact_to_event, table="rcontact", id_column="username")
        if ctx.has_columns("chatroom", "chatroomname", "memberlist", "displayname", "roomowner"):
            yield from ctx.map_rows("SELECT chatroomname, memberlist, displayname, roomowner FROM chatroom "
                                    "ORDER BY chatroomname", chatroom_to_event, table="chatroom", id_column="chatroomname")


@hookimpl
def register_parsers(register):
    register(WeChatAndroidParser)
