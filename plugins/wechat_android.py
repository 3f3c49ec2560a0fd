"""WeChat for Android: ``com.tencent.mm/MicroMsg/<md5("mm" + uin)>/EnMicroMsg.db``.

The database is SQLCipher-encrypted with SQLCipher 1 settings (page 1024, PBKDF2-HMAC-SHA1 with
4000 iterations, no HMAC; ``artefacts.decoders.sqlcipher.APP_SETTINGS["wechat"]``). Its passphrase is
the first 7 hex digits of ``md5(device id + uin)`` (lower case): the device id is the phone's IMEI
(on phones without one, WeChat's fallback ``1234567890ABCDEF``), the uin the account's number
(project notes formats.md; ppwwyyxx/wechat-dump ``decrypt-db.py`` ``get_key``, ``get_uin``,
``get_imei``). Candidate keys, in this order:

1. ``--key wechat=VALUE``: seven hex digits are the passphrase itself; anything else is a device id
   (IMEI) combined with every uin found;
2. the uins in the extraction's ``shared_prefs``: ``system_config_prefs.xml`` ``default_uin``,
   ``com.tencent.mm_preferences.xml`` ``last_login_uin``, ``auth_info_key_prefs.xml`` ``auth_uin``
   (wechat-dump ``get_uin``), first those whose ``md5("mm" + uin)`` is the database's folder name,
   each with the device ids given and the fallback ``1234567890ABCDEF``.

3. the device id WeChat itself recorded: ``MicroMsg/CompatibleInfo.cfg``, a Java-serialised
   ``HashMap<Integer, ...>`` whose key 258 is the IMEI, and the uin in ``MicroMsg/systemInfo.cfg``
   (key 1) (wechat-dump ``get_imei``/``get_uin``; read with :func:`artefacts.decoders.javaser.read_object`).

A plain (already decrypted) copy is parsed directly.

Tables (real DDL: ``artefacts/synthetic/ddl/wechat_android_enmicromsg.sql``, with its sources):

* ``message``: ``createTime`` milliseconds since 1970 (wechat-dump ``lib/msg.py``), ``isSend`` 0
  received / 1 sent, ``talker`` the conversation (a wxid, or ``<id>@chatroom`` for a group, whose
  received messages begin ``<sender wxid>:\\n``: wechat-dump ``get_msg_talker_id``), ``type`` (below),
  ``content`` (text, or XML for locations, links, files, cards, red envelopes), ``imgPath`` (the
  app's media reference, kept in ``extra``), ``msgSvrId`` the server's message id, ``status``;
* ``rcontact``: ``username`` (wxid), ``alias`` (the user-chosen WeChat ID), ``nickname``,
  ``conRemark`` (the name the account owner gave), ``type``, ``deleteFlag`` -> contact events;
* ``chatroom``: ``chatroomname``, ``memberlist`` (wxids separated by ``;``), ``roomowner``,
  ``displayname`` -> group names and members;
* ``userinfo``: id 2 holds the account's own wxid (wechat-dump ``lib/parser.py``).

Media: an image's ``imgPath`` ``THUMBNAIL_DIRPATH://th_<hex>`` names its thumbnail
``th_<hex>`` in ``tencent/MicroMsg/<account folder>/image2/<hex[0:2]>/<hex[2:4]>/`` on shared storage,
the account folder being the database's own (wechat-dump ``lib/res.py`` ``_get_img_file``,
``decrypt-db.py`` ``RES_DIR``); a voice note's ``imgPath`` names
``voice2/<md5(imgPath)[0:2]>/<[2:4]>/msg_<imgPath>.amr`` and a video's ``video/<imgPath>.mp4`` in the same
folder (wechat-dump ``lib/res.py`` ``get_voice_filename``, ``get_video``); when the extraction holds the
file, the attachment gives its path and SHA-256. Full-size images (``ImgInfo2``) keep the reference only.

Message types (wechat-dump ``wechat/msg.py``; 419430449 from the DDL's source): 1 text, 3 image,
34 voice, 42 name card, 43 video, 47 emoji, 48 location, 49 link or file, 50 VoIP call, 62 short
video, 10000 system, 1048625 custom emoji, 436207665 red envelope, 419430449 transfer, 16777265 app
message, -1879048186 location sharing; 10002 a recalled message (iKuiki/wwdk
``doc/message/messageType.md``), a system line like 10000. A type not in this list is kept as a message with its raw
content and ``extra.wechat_type``, never dropped. XML content is parsed with defusedxml (it is
attacker-controlled).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from defusedxml import ElementTree as SafeET

from artefacts import hookimpl
from artefacts.decoders.javaser import JavaSerialError, read_object
from artefacts.decoders.sqlcipher import APP_SETTINGS
from artefacts.encrypted import check_encrypted_store, parse_store
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, contact_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

#: key name of ``--key wechat=...``
KEY_APP = "wechat"
#: WeChat's device id where the phone gives none (wechat-dump decrypt-db.py, issue 70)
FALLBACK_DEVICE_ID = "1234567890ABCDEF"
#: shared_prefs files and keys holding the uin (wechat-dump decrypt-db.py get_uin)
UIN_PREFS = {"system_config_prefs.xml": "default_uin", "com.tencent.mm_preferences.xml": "last_login_uin",
             "auth_info_key_prefs.xml": "auth_uin"}

TYPE_NAMES = {
    1: "text", 3: "image", 34: "voice", 42: "name card", 43: "video", 47: "emoji", 48: "location",
    49: "link or file", 50: "VoIP call", 62: "short video", 10000: "system", 1048625: "custom emoji",
    436207665: "red envelope", 419430449: "transfer", 16777265: "app message", -1879048186: "location sharing",
    10002: "recalled",
}
#: system lines: 10000, and 10002 a recalled message (iKuiki/wwdk doc/message/messageType.md "10002 撤回消息")
SYSTEM_TYPES = {10000, 10002}
MEDIA_TYPES = {3: "image/*", 34: "audio/*", 43: "video/*", 62: "video/*"}
_THUMBNAIL = re.compile(r"^THUMBNAIL_DIRPATH://th_([0-9a-fA-F]{4,})$")
#: media folder of an account on shared storage (wechat-dump lib/res.py IMG_DIRNAME)
IMAGE_DIR = "image2"
VOICE_DIR = "voice2"
VIDEO_DIR = "video"
#: a voice or video imgPath: a bare file name stem (never a path)
_MEDIA_STEM = re.compile(r"^[0-9A-Za-z_]{4,80}$")
_GROUP_PREFIX = re.compile(r"^([^\s:]+):\n", re.S)
_KEY7 = re.compile(r"^[0-9a-fA-F]{7}$")


def wechat_key(device_id: str, uin: str) -> str:
    """The EnMicroMsg.db passphrase: ``md5(device id + uin)`` in lower-case hex, first 7 digits."""
    return hashlib.md5((device_id + uin).encode("utf-8")).hexdigest()[:7]


def account_folder(uin: str) -> str:
    """The ``MicroMsg`` folder name of an account: ``md5("mm" + uin)``."""
    return hashlib.md5(("mm" + uin).encode("utf-8")).hexdigest()


def _xml(content: str):
    """The XML of a message's content (any text before ``<``, e.g. a group prefix, removed), or None."""
    if not content or "<" not in content:
        return None
    try:
        return SafeET.fromstring(content[content.index("<"):].strip())
    except Exception:  # not XML, or hostile XML defusedxml refuses: the raw content is kept
        return None


def _describe(wtype: int, content: str | None, extra: dict) -> str | None:
    """A readable body for a message whose content is XML; the raw XML stays in ``extra``."""
    root = _xml(content) if wtype in (48, 49, 42, 436207665, 419430449, 16777265) else None
    if root is None:
        return content
    extra["content_xml"] = content
    if wtype == 48:
        loc = root if root.tag == "location" else root.find(".//location")
        if loc is not None:
            label = loc.get("poiname") or loc.get("label") or ""
            extra["location"] = {"x": loc.get("x"), "y": loc.get("y"), "label": loc.get("label"),
                                 "poiname": loc.get("poiname")}
            return f"Location: {label} ({loc.get('x')}, {loc.get('y')})".replace(":  (", ": (")
    if wtype == 42:
        return "Name card: " + (root.get("nickname") or root.get("alias") or root.get("username") or "")
    title = root.findtext(".//title")
    url = root.findtext(".//url")
    if url:
        extra["url"] = url
    if title or url:
        return " ".join(x for x in (title, url) if x)
    return content


def message_to_event(row, ctx) -> dict:
    """One ``message`` row (by column name) -> one event."""
    wtype = row["type"]
    talker = row["talker"]
    content = row["content"]
    outgoing = row["isSend"] == 1
    group = isinstance(talker, str) and talker.endswith("@chatroom")
    lk = ctx.lookups
    own = lk.get("own")
    sender = own if outgoing else talker
    if group and not outgoing and isinstance(content, str):
        m = _GROUP_PREFIX.match(content)
        if m:
            sender, content = m.group(1), content[m.end():]
    extra = {"wechat_type": wtype, "type_name": TYPE_NAMES.get(wtype, "unknown"), "msgSvrId": row["msgSvrId"],
             "status": row["status"]}
    if row["imgPath"]:
        extra["imgPath"] = row["imgPath"]
    kind = "message"
    body = content
    if wtype in SYSTEM_TYPES:
        kind = "system"
    elif wtype == 50:
        kind = "call"
        extra["call_content"] = content
        body = None
    elif wtype in MEDIA_TYPES:
        body = None
        if content:
            extra["content"] = content
    else:
        body = _describe(wtype, content, extra)
    atts = []
    if wtype in MEDIA_TYPES:
        thumb = _THUMBNAIL.match(row["imgPath"] or "") if wtype == 3 else None
        folder = lk.get("account_folder")
        stem = row["imgPath"] if wtype != 3 and _MEDIA_STEM.match(row["imgPath"] or "") else None
        if thumb and folder:
            h = thumb.group(1)
            entry = ctx.attachment(f"tencent/MicroMsg/{folder}/{IMAGE_DIR}/{h[0:2]}/{h[2:4]}/th_{h}",
                                   mime_type=MEDIA_TYPES[wtype])
            if entry["name"] is None:  # not in the extraction: the app's reference names it
                entry["name"] = row["imgPath"]
            atts.append(entry)
        elif stem and folder:
            if wtype == 34:
                h = hashlib.md5(stem.encode()).hexdigest()
                device_path = f"tencent/MicroMsg/{folder}/{VOICE_DIR}/{h[0:2]}/{h[2:4]}/msg_{stem}.amr"
            else:
                device_path = f"tencent/MicroMsg/{folder}/{VIDEO_DIR}/{stem}.mp4"
            entry = ctx.attachment(device_path, mime_type=MEDIA_TYPES[wtype])
            if entry["name"] is None:
                entry["name"] = stem
            atts.append(entry)
        else:
            atts.append(attachment(name=row["imgPath"] or None, mime_type=MEDIA_TYPES[wtype]))
    names = lk.get("names", {})
    members = lk.get("members", {}).get(talker) if group else None
    recipients = [m for m in members if m != sender] if members else ([talker] if outgoing and not group else
                                                                      ([own] if own else []))
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["createTime"], column="message.createTime"),
        "timestamp_raw": row["createTime"],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": OUTGOING if outgoing else INCOMING,
        "conversation_id": talker,
        "conversation_name": names.get(talker),
        "sender": sender,
        "sender_name": names.get(sender),
        "recipients": recipients,
        "body": body,
        "attachments": atts,
        "extra": extra,
    }


def contact_to_event(row, ctx) -> dict:
    """One ``rcontact`` row -> a contact event (a wxid, its names, and for groups their members)."""
    username = row["username"]
    name = row["conRemark"] or row["nickname"] or None
    extra = {k: row[k] for k in ("alias", "nickname", "conRemark", "type", "verifyFlag", "deleteFlag")
             if row[k] not in (None, "")}
    members = ctx.lookups.get("members", {}).get(username)
    if members:
        extra["members"] = members
    room = ctx.lookups.get("rooms", {}).get(username)
    if room:
        extra.update({k: v for k, v in room.items() if v not in (None, "")})
    body = name or username
    if row["alias"]:
        body += f" (WeChat ID {row['alias']})"
    return contact_event(username, name, body, extra, f"rcontact:username={username}")


def _pref_values(path: Path, key: str) -> list[str]:
    try:
        root = SafeET.parse(path).getroot()
    except Exception:  # a damaged or hostile prefs file: no value from it
        return []
    out = []
    for el in root.iter():
        if el.get("name") == key:
            value = el.get("value") if el.get("value") is not None else (el.text or "")
            value = value.strip()
            if re.fullmatch(r"-?\d+", value) and value not in ("0",):
                out.append(str(int(value)))
    return out


class WeChatAndroidParser(Parser):
    name = "wechat_android"
    version = __version__
    app = "wechat"
    platform = "android"
    description = ("WeChat for Android EnMicroMsg.db (SQLCipher 1; key from --key wechat=KEY|IMEI and the uin in "
                   "the app's shared preferences): messages, contacts, groups")
    path_globs = ("**/com.tencent.mm/MicroMsg/*/EnMicroMsg.db", "**/EnMicroMsg.db")
    attachment_globs = ("**/tencent/MicroMsg/*/image2/**", "**/tencent/MicroMsg/*/voice2/**",
                        "**/tencent/MicroMsg/*/video/*")
    related_globs = {"prefs": tuple(f"**/com.tencent.mm/shared_prefs/{name}" for name in UIN_PREFS),
                     "config": ("**/com.tencent.mm/MicroMsg/CompatibleInfo.cfg", "**/com.tencent.mm/MicroMsg/systemInfo.cfg")}
    tables = {"message": {"msgId", "type", "isSend", "createTime", "talker", "content"}}
    time_units = {"message.createTime": UNIX_MILLISECONDS}
    references = (
        "artefacts/synthetic/ddl/wechat_android_enmicromsg.sql (YaoZeyuan/wechat-history-2-txt @ 53b9892d: "
        "DDL dumped from a real EnMicroMsg.db)",
        "ppwwyyxx/wechat-dump decrypt-db.py (key = md5(device id + uin)[:7], uin and device id sources, "
        "fallback id 1234567890ABCDEF), lib/msg.py and wechat/msg.py (createTime ms, types, group prefix), "
        "lib/parser.py (userinfo id 2, rcontact conRemark/nickname)",
        "project notes formats.md (WeChat Android row: SQLCipher cipher_compatibility 1)",
    )

    def check_file(self, ctx) -> str | None:
        # a named file of another schema version is taken: parse_plain then says what it lacks
        return check_encrypted_store(ctx, "EnMicroMsg.db", lambda c: c.has_columns("message", "msgId", "talker",
                                                                                    "createTime"), "WeChat")

    def parse(self, ctx):
        def prefix(dctx, prov):
            dctx.lookups["decrypted"] = f"decrypted ({prov['settings']}; key: {prov['key_source']}), but "

        yield from parse_store(ctx, self, keys_and_notes=self.candidate_keys(ctx), settings=APP_SETTINGS["wechat"],
                               scratch_name="EnMicroMsg.db", what="WeChat", before=prefix,
                               need="--key wechat=<7-hex-digit key> or --key wechat=<IMEI> (the device id; combined "
                                    "with the uin from the app's shared_prefs)")

    @staticmethod
    def candidate_keys(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        direct, device_ids, notes = [], [], []
        for n, material in enumerate(ctx.keys(KEY_APP), 1):
            value = material.strip()
            if _KEY7.match(value):
                direct.append((f"--key wechat #{n}", value.lower()))
            elif value:
                device_ids.append((f"--key wechat #{n} (device id)", value))
        uins: dict[str, str] = {}
        for sf in ctx.related("config"):
            fname = sf.path.rsplit("/", 1)[-1]
            try:
                values = read_object(sf.local_path.read_bytes())
            except (JavaSerialError, OSError) as exc:
                notes.append(f"{sf.path} cannot be read ({exc})")
                continue
            if not isinstance(values, dict):
                notes.append(f"{sf.path} is not a serialised map")
                continue
            if fname == "CompatibleInfo.cfg" and isinstance(values.get(258), str) and values[258].strip():
                device_ids.append((f"{fname} key 258 (device id)", values[258].strip()))
            if fname == "systemInfo.cfg" and isinstance(values.get(1), int) and values[1] != 0:
                uins.setdefault(str(values[1]), f"{fname} key 1")
        device_ids.append((f"WeChat's fallback device id {FALLBACK_DEVICE_ID}", FALLBACK_DEVICE_ID))
        folder = ctx.source.path.rsplit("/", 2)[-2].lower() if ctx.source.path.count("/") >= 1 else ""
        for sf in ctx.related("prefs"):
            fname = sf.path.rsplit("/", 1)[-1]
            for uin in _pref_values(sf.local_path, UIN_PREFS.get(fname, "")):
                uins.setdefault(uin, f"{fname} {UIN_PREFS[fname]}")
        if not uins:
            notes.append("no uin in the extraction (shared_prefs system_config_prefs.xml, "
                         "com.tencent.mm_preferences.xml, auth_info_key_prefs.xml; MicroMsg/systemInfo.cfg)")
        ordered = sorted(uins, key=lambda u: account_folder(u) != folder)  # the account of this folder first
        keys = list(direct)
        for uin in ordered:
            for label, dev in device_ids:
                keys.append((f"uin {uin} ({uins[uin]}) with {label}", wechat_key(dev, uin)))
        return keys, notes

    def parse_plain(self, ctx):
        if not ctx.has_columns("message", "msgId", "type", "isSend", "createTime", "talker", "content"):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn(f"{ctx.lookups.get('decrypted', '')}unknown schema version: no WeChat message table (message with msgId, type, isSend, createTime, "
                     f"talker, content); tables: {have}")
            return
        lk = ctx.lookups
        lk["names"], lk["members"], lk["rooms"] = {}, {}, {}
        parts = ctx.source.path.split("/")
        if len(parts) >= 2 and re.fullmatch(r"[0-9a-f]{32}", parts[-2]):
            lk["account_folder"] = parts[-2]
        if ctx.has_columns("userinfo", "id", "value"):
            for row in ctx.rows("SELECT value FROM userinfo WHERE id = 2"):
                lk["own"] = row["value"]
        has_contacts = ctx.has_columns("rcontact", "username", "nickname", "conRemark", "alias")
        if has_contacts:
            for row in ctx.rows("SELECT username, conRemark, nickname FROM rcontact"):
                name = row["conRemark"] or row["nickname"]
                if name:
                    lk["names"][row["username"]] = name
        if ctx.has_columns("chatroom", "chatroomname", "memberlist"):
            opt = ", ".join(ctx.column_or_null("chatroom", c) for c in ("roomowner", "displayname"))
            for row in ctx.rows(f"SELECT chatroomname, memberlist, {opt} FROM chatroom"):
                members = [m for m in (row["memberlist"] or "").split(";") if m]
                lk["members"][row["chatroomname"]] = members
                lk["rooms"][row["chatroomname"]] = {"room_owner": row["roomowner"], "room_display_name": row["displayname"]}
        opt = ", ".join(ctx.column_or_null("message", c) for c in ("msgSvrId", "status", "imgPath"))
        sql = (f"SELECT msgId, type, isSend, createTime, talker, content, {opt} FROM message ORDER BY msgId")
        yield from ctx.map_rows(sql, message_to_event, table="message", id_column="msgId")
        if has_contacts:
            opt = ", ".join(ctx.column_or_null("rcontact", c) for c in ("type", "verifyFlag", "deleteFlag"))
            sql = f"SELECT username, alias, nickname, conRemark, {opt} FROM rcontact ORDER BY username"
            yield from ctx.map_rows(sql, contact_to_event, table="rcontact", id_column="username")


@hookimpl
def register_parsers(register):
    register(WeChatAndroidParser)
