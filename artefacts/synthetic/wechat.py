"""Deterministic WeChat for Android extractions: ``EnMicroMsg.db`` on the real schema, encrypted as the app does.

Schema: ``ddl/wechat_android_enmicromsg.sql`` (DDL dumped from a real database, sources in its header).
Encryption: SQLCipher 1 settings with the passphrase ``md5(device id + uin)[:7]``
(``plugins/wechat_android.py``), written by :func:`artefacts.decoders.sqlcipher.encrypt_database`;
the uin is stored where the app keeps it, ``shared_prefs/system_config_prefs.xml`` ``default_uin``
(an Android SharedPreferences ``<map>``). Content formats follow what the readers of real
databases parse (ppwwyyxx/wechat-dump ``lib/msg.py``): a received group message begins
``<sender wxid>:\\n``; a location is a ``<location x= y= label= poiname=>`` element; a link an
``<appmsg>`` with ``<title>`` and ``<url>``. Nothing here is a real person's data.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr, escape

from ..decoders.sqlcipher import APP_SETTINGS, encrypt_database
from .ddl_loader import create

START_MS = 1_709_280_000_000  # 2024-03-01T08:00:00Z
APP_DIR = "data/data/com.tencent.mm"


def _wxid(r: random.Random) -> str:
    return "wxid_" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))


def build_enmicromsg(path, *, n_messages: int = 60, seed: int | str = 0) -> dict:
    """Write a plain EnMicroMsg.db; returns ``{"own", "contacts", "group", "messages"}``.

    ``messages``: one dict per ``message`` row with what a parser must give: ``msgId``,
    ``createTime`` (ms), ``type``, ``body`` (text after a group prefix; None for media), ``outgoing``,
    ``conversation``, ``sender``.
    """
    r = random.Random(f"wechat-{seed}")
    own = _wxid(r)
    people = [("Lena Example", "lena_e", ""), ("Marco Sample", "", "Marco (supplier)"), ("Ava Test", "ava_t", ""),
              ("Noor Demo", "", ""), ("Kai Placeholder", "kai.p", "Kai")]
    contacts = [{"username": _wxid(r), "nickname": n, "alias": a, "conRemark": rm} for n, a, rm in people]
    group = {"username": f"{r.randrange(10**10, 10**11)}@chatroom", "nickname": "Weekend plans",
             "members": [own] + [c["username"] for c in contacts[:4]]}
    texts = ["Are you around later?", "Yes, after 6 \u2615", "\u660e\u5929\u89c1", "Bring the usual, same place",
             "Payment sent, check it", "OK \U0001F44D", "Line one\nline two", "<b>not html</b> & \"quotes\""]
    messages = []
    t = START_MS
    for i in range(1, n_messages + 1):
        t += r.randrange(20_000, 3_600_000)
        in_group = i % 4 == 0
        conv = group["username"] if in_group else contacts[i % len(contacts)]["username"]
        outgoing = r.random() < 0.45
        sender = own if outgoing else (r.choice(group["members"][1:]) if in_group else conv)
        wtype = [1, 1, 1, 3, 1, 48, 49, 34, 1, 10000, 1, 43][i % 12]
        img = None
        body = None
        if wtype == 1:
            body = texts[i % len(texts)]
            content = body
        elif wtype == 48:
            x, y = round(52.5 + r.random() / 10, 6), round(13.3 + r.random() / 10, 6)
            label = "Alexanderplatz, Berlin"
            content = (f'<?xml version="1.0"?>\n<msg>\n\t<location x="{x}" y="{y}" scale="16" '
                       f'label={quoteattr(label)} poiname="Meeting point" maptype="0" />\n</msg>')
            body = f"Location: Meeting point ({x}, {y})"
        elif wtype == 49:
            url = f"https://example.org/item/{r.randrange(1000, 9999)}"
            content = (f"<msg><appmsg appid=\"\" sdkver=\"0\"><title>{escape('Listing & price')}</title>"
                       f"<des>see link</des><type>5</type><url>{escape(url)}</url></appmsg></msg>")
            body = f"Listing & price {url}"
        elif wtype == 10000:
            content = "You recalled a message"
            body = content
        else:  # image, voice, video: the media reference only
            content = None
            if wtype == 3:
                img = f"THUMBNAIL_DIRPATH://th_{r.getrandbits(128):032x}"
            else:  # voice and video: a file name stem (wechat-dump lib/res.py get_voice_filename, get_video)
                img = f"{t // 1000 % 10**10}{r.getrandbits(64):016x}"
        stored = content
        if in_group and not outgoing and content is not None:
            stored = f"{sender}:\n{content}"
        messages.append({"msgId": i, "msgSvrId": r.getrandbits(62), "type": wtype, "status": 2 if outgoing else 3,
                         "isSend": 1 if outgoing else 0, "createTime": t, "talker": conv, "content": stored,
                         "imgPath": img, "body": body, "outgoing": outgoing, "conversation": conv, "sender": sender})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    try:
        create(con, "wechat_android_enmicromsg.sql", "tables")
        con.execute("INSERT INTO userinfo (id, type, value) VALUES (2, 3, ?)", (own,))
        for c in contacts:
            con.execute("INSERT INTO rcontact (username, alias, conRemark, nickname, type) VALUES (?, ?, ?, ?, 3)",
                        (c["username"], c["alias"], c["conRemark"], c["nickname"]))
        con.execute("INSERT INTO rcontact (username, nickname, type) VALUES (?, ?, 2)", (group["username"], group["nickname"]))
        con.execute("INSERT INTO chatroom (chatroomname, memberlist, roomowner, displayname) VALUES (?, ?, ?, ?)",
                    (group["username"], ";".join(group["members"]), group["members"][1],
                     "\u3001".join(c["nickname"] for c in contacts[:4])))
        con.executemany(
            "INSERT INTO message (msgId, msgSvrId, type, status, isSend, createTime, talker, content, imgPath) "
            "VALUES (:msgId, :msgSvrId, :type, :status, :isSend, :createTime, :talker, :content, :imgPath)", messages)
        con.commit()
    finally:
        con.close()
    return {"own": own, "contacts": contacts, "group": group, "messages": messages}


def prefs_xml(uin: int) -> bytes:
    """``system_config_prefs.xml`` as Android's SharedPreferences writes it, with ``default_uin``."""
    return ("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
            f'    <int name="default_uin" value="{uin}" />\n</map>\n').encode()


def write_wechat_extraction(dest, *, uin: int, device_id: str, n_messages: int = 60, seed: int | str = 0,
                            compatible_info: bool = False, media: bool = True) -> dict:
    """A WeChat Android app folder under ``dest``: the encrypted EnMicroMsg.db and the uin's prefs file.

    ``compatible_info``: also ``MicroMsg/CompatibleInfo.cfg``, the HashMap in which WeChat records the
    device id (key 258), written as OpenJDK's ObjectOutputStream writes it. ``media``: the image
    thumbnails on shared storage, ``sdcard/tencent/MicroMsg/<account folder>/image2/<h[0:2]>/<h[2:4]>/th_<h>``
    (wechat-dump ``lib/res.py``), all but the last image's (a reference whose file is gone).
    """
    from artefacts.plugins.wechat_android import account_folder, wechat_key

    dest = Path(dest)
    db = dest / APP_DIR / "MicroMsg" / account_folder(str(uin)) / "EnMicroMsg.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    prefs = dest / APP_DIR / "shared_prefs" / "system_config_prefs.xml"
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_bytes(prefs_xml(uin))
    if compatible_info:
        from ..decoders.javaser import build_int_string_map

        (dest / APP_DIR / "MicroMsg" / "CompatibleInfo.cfg").write_bytes(build_int_string_map({258: device_id}))
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "EnMicroMsg.db"
        summary = build_enmicromsg(plain, n_messages=n_messages, seed=seed)
        key = wechat_key(device_id, str(uin))
        encrypt_database(plain, db, key, APP_SETTINGS["wechat"], seed=f"wechat-{seed}")
    thumbs, media_files = [], []
    if media:
        r = random.Random(f"wechat-media-{seed}")
        images = [m for m in summary["messages"] if (m["imgPath"] or "").startswith("THUMBNAIL_DIRPATH://th_")]
        for m in images[:-1]:
            h = m["imgPath"].rsplit("th_", 1)[1]
            rel = f"sdcard/tencent/MicroMsg/{account_folder(str(uin))}/image2/{h[0:2]}/{h[2:4]}/th_{h}"
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + r.randbytes(200 + r.randrange(300)))
            thumbs.append(rel)
        # voice notes voice2/<md5(imgPath)[0:2]>/<[2:4]>/msg_<imgPath>.amr, videos video/<imgPath>.mp4
        # (wechat-dump lib/res.py); the files start as WeChat's do (SILK v3 voice, an MP4 ftyp box)
        for m in summary["messages"]:
            if m["type"] not in (34, 43) or not m["imgPath"]:
                continue
            folder = f"sdcard/tencent/MicroMsg/{account_folder(str(uin))}"
            if m["type"] == 34:
                h = hashlib.md5(m["imgPath"].encode()).hexdigest()
                rel = f"{folder}/voice2/{h[0:2]}/{h[2:4]}/msg_{m['imgPath']}.amr"
                data = b"\x02#!SILK_V3" + r.randbytes(120)
            else:
                rel = f"{folder}/video/{m['imgPath']}.mp4"
                data = b"\x00\x00\x00\x18ftypmp42" + r.randbytes(160)
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(data)
            media_files.append(rel)
    summary.update({"uin": uin, "device_id": device_id, "key": key, "database": db.relative_to(dest).as_posix(),
                    "thumbnails": thumbs, "media_files": media_files})
    return summary
