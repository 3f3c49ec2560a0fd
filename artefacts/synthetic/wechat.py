"""Synthetic WeChat Android data: ``EnMicroMsg.db`` on the real schema, encrypted as the app does.

Schema: ``ddl/wechat_android_enmicromsg.sql`` (verbatim from a real EnMicroMsg.db schema dump, see its
header). Values follow the sources cited in ``plugins/wechat_android.py``:

* ``message.createTime`` ms since 1970; ``isSend`` 1 sent / 0 received; ``talker`` the chat (user
  name or ``<digits>@chatroom``); a received group message's ``content`` is ``"<sender>:\\n<text>"``;
* ``type`` 1 text, 3 image (``imgPath`` = ``THUMBNAIL_DIRPATH://th_<32 hex>``, the files
  ``image2/<n[0:2]>/<n[2:4]>/th_<n>`` and the ``ImgInfo2.bigImgPath`` full image), 34 voice (``imgPath``
  = the 26-character key of ``msg_<key>.amr``, lib/res.py asserts that length), 48 location
  (``<msg><location x= y= label= poiname= /></msg>``), 10000 system, 10002 recalled;
* ``rcontact`` (``conRemark`` before ``nickname``), ``chatroom.memberlist`` (``;``-separated),
  ``userinfo`` id 2 = the owner's user name;
* the key: ``md5(device_id + uin).hexdigest()[:7]``; the account folder ``md5("mm" + uin)``; the
  uin in ``shared_prefs/system_config_prefs.xml`` as ``<int name="default_uin" value="..."/>``.

Where the voice files sit inside ``voice2/`` is not documented in the sources read (wechat-dump walks
the folder for ``msg_*.amr``): the builder puts them in ``voice2/<key[0:2]>/<key[2:4]>/`` and the
parser finds them by file name only.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from .ddl_loader import build_db, check_columns, load

DDL = "wechat_android_enmicromsg.sql"
APP_DIR = "data/data/com.tencent.mm"
SDCARD_DIR = "sdcard/tencent/MicroMsg"
OWNER = "wxid_owner7q2k"
START_MS = 1_709_280_000_000  # 2024-03-01T08:00:00Z

MESSAGE_COLS = ("msgId", "msgSvrId", "type", "status", "isSend", "isShowTimer", "createTime", "talker", "content",
                "imgPath", "talkerId", "flag")
CONTACT_COLS = ("username", "alias", "conRemark", "nickname", "type", "deleteFlag")
CHATROOM_COLS = ("chatroomname", "addtime", "memberlist", "displayname", "roomowner", "memberCount")
USERINFO_COLS = ("id", "type", "value")
IMGINFO_COLS = ("id", "msgSvrId", "bigImgPath", "thumbImgPath", "createtime", "msglocalid", "totalLen")

FRIENDS = [
    ("wxid_li3m9a", "li_ming", "", "李明"),
    ("wxid_an8x2z", "anna_w", "Anna (supplier)", "Anna"),
    ("wxid_zk41pq", "", "", "张凯"),
    ("wxid_rb77tt", "robert_b", "Rob", "Robert B."),
]
GROUP = "20983764512@chatroom"
GROUP_NAME = "港口 logistics"
TEXTS = ["到了吗?", "Meet at the pier at 9", "货明天到", "ok", "Send the photos", "收到", "Call me when you land",
         "价格不变", "Which container?", "明白了"]


def uin_for(seed: int) -> str:
    return str(random.Random(seed * 7 + 1).randrange(100_000_000, 2_000_000_000))


def imei_for(seed: int) -> str:
    rng = random.Random(seed * 7 + 2)
    return "35" + "".join(str(rng.randrange(10)) for _ in range(13))


def key_for(device_id: str, uin: str) -> str:
    """``md5(device_id + uin).hexdigest()[:7]`` (ppwwyyxx/wechat-dump decrypt-db.py get_key)."""
    return hashlib.md5((device_id + uin).encode("ascii")).hexdigest()[:7]


def account_dir(uin: str) -> str:
    return hashlib.md5(("mm" + uin).encode("ascii")).hexdigest()


def _names():
    names = {u: (remark or nick) for u, _a, remark, nick in FRIENDS}
    names[GROUP] = GROUP_NAME
    return names


#: relative weights of the message types the builders write
KIND_WEIGHTS = {1: 10, 3: 3, 34: 2, 48: 1, 10000: 1, 10002: 1}


def _script(rng, n: int, start: int, step: tuple[int, int], talkers: list, kinds: list):
    """``(i, time, talker, is_group, outgoing, type)`` of each scripted message, times rising by ``step``."""
    t = start
    for i in range(1, n + 1):
        t += rng.randrange(*step)
        talker = rng.choice(talkers)
        outgoing = rng.random() < 0.4
        kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
        yield i, t, talker, talker == GROUP, outgoing, kind


def build_enmicromsg(path: Path, *, n_messages: int = 60, seed: int = 0) -> dict:
    """Write a plain EnMicroMsg.db; return its messages (the manifest), media files and counts."""
    check_columns(DDL, {"message": MESSAGE_COLS, "rcontact": CONTACT_COLS, "chatroom": CHATROOM_COLS,
                        "userinfo": USERINFO_COLS, "ImgInfo2": IMGINFO_COLS})
    rng = random.Random(seed)
    names = _names()
    members = [OWNER, FRIENDS[0][0], FRIENDS[1][0], FRIENDS[3][0]]
    talkers = [f[0] for f in FRIENDS] + [GROUP]
    messages, rows, images, media = [], [], [], []
    script = _script(rng, n_messages, START_MS, (20_000, 3_600_000), talkers, [1, 3, 34, 48, 10000, 10002])
    for i, t, talker, group, is_send, kind in script:
        sender = OWNER if is_send else (rng.choice(members[1:]) if group else talker)
        svr_id = rng.randrange(10**18, 9 * 10**18)
        img_path, body, content = None, None, None
        if kind == 1:
            body = rng.choice(TEXTS)
            content = body
        elif kind == 3:
            name = hashlib.md5(f"img{seed}-{i}".encode()).hexdigest()
            img_path = "THUMBNAIL_DIRPATH://th_" + name
            big = hashlib.md5(f"big{seed}-{i}".encode()).hexdigest() + ".jpg"
            images.append((len(images) + 1, svr_id, big, "th_" + name, t // 1000, i, 40_000 + i))
            content = ""
            for fname in ("th_" + name, big):
                bare = fname[3:] if fname.startswith("th_") else fname
                media.append((f"image2/{bare[0:2]}/{bare[2:4]}/{fname}", rng.randbytes(64 + i)))
        elif kind == 34:
            img_path = hashlib.md5(f"voice{seed}-{i}".encode()).hexdigest()[:26]
            content = ""
            media.append((f"voice2/{img_path[0:2]}/{img_path[2:4]}/msg_{img_path}.amr", b"#!AMR\n" + rng.randbytes(48)))
        elif kind == 48:
            x, y = round(22.28 + rng.random() / 10, 6), round(114.15 + rng.random() / 10, 6)
            content = f'<msg><location x="{x}" y="{y}" scale="16" label="Kwai Chung Container Terminal" ' \
                      f'poiname="Terminal 9" /></msg>'
            body = f"Location: Terminal 9 ({x}, {y})"
        elif kind == 10000:
            is_send, sender = False, None
            body = content = "你已添加了Anna，现在可以开始聊天了。"
        else:
            is_send, sender = False, None
            body = content = '"Anna" 撤回了一条消息'
        stored = content
        if group and not is_send and sender and kind not in (10000, 10002):
            stored = f"{sender}:\n{content}"
        rows.append((i, svr_id, kind, 2 if is_send else 3, int(is_send), 0, t, talker, stored, img_path, 0, 0))
        messages.append({
            "msgId": i, "createTime": t, "type": kind, "talker": talker, "conversation_name": names.get(talker),
            "direction": None if kind in (10000, 10002) else ("outgoing" if is_send else "incoming"),
            "sender": sender, "body": body, "imgPath": img_path,
        })
    with build_db(path, DDL) as conn:
        load(conn, "message", MESSAGE_COLS, rows)
        load(conn, "rcontact", CONTACT_COLS,
             [(u, a, r, n, 3, 0) for u, a, r, n in FRIENDS] + [(GROUP, "", "", GROUP_NAME, 2, 0), (OWNER, "", "", "Me", 1, 0)])
        load(conn, "chatroom", CHATROOM_COLS,
             [(GROUP, START_MS, ";".join(members), "、".join(names.get(m, "Me") for m in members), OWNER, len(members))])
        load(conn, "userinfo", USERINFO_COLS, [(2, 3, OWNER), (4, 3, "Me")])
        load(conn, "ImgInfo2", IMGINFO_COLS, images)
    return {"messages": messages, "media": media, "contacts": len(FRIENDS) + 1, "groups": 1, "owner": OWNER,
            "group_members": members}


def write_extraction(dest: Path, *, n_messages: int = 60, seed: int = 0, device_id: str | None = None,
                     prefs: bool = True, config_files: bool = False) -> dict:
    """An Android extraction with the encrypted EnMicroMsg.db, the uin in shared_prefs, and media.

    ``config_files`` also writes ``MicroMsg/CompatibleInfo.cfg`` (HashMap key 258 = the device id) and
    ``MicroMsg/systemInfo.cfg`` (key 1 = the uin) as Java-serialised ``HashMap<Integer, ...>``.

    Returns the summary with ``key``, ``uin``, ``device_id`` (``write_manifest`` writes its messages).
    """
    from ..decoders.sqlcipher import APP_SETTINGS, encrypt_database
    import tempfile

    uin = uin_for(seed)
    device_id = device_id or imei_for(seed)
    key = key_for(device_id, uin)
    acct = account_dir(uin)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "EnMicroMsg.db"
        summary = build_enmicromsg(plain, n_messages=n_messages, seed=seed)
        db = dest / APP_DIR / "MicroMsg" / acct / "EnMicroMsg.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        encrypt_database(plain, db, key, APP_SETTINGS["wechat"], seed=seed)
    if config_files:
        from ..decoders.javaser_stream import build_hashmap

        mm = dest / APP_DIR / "MicroMsg"
        (mm / "CompatibleInfo.cfg").write_bytes(build_hashmap({258: device_id}))
        (mm / "systemInfo.cfg").write_bytes(build_hashmap({1: int(uin)}))
    prefs_file = dest / APP_DIR / "shared_prefs" / "system_config_prefs.xml"
    prefs_file.parent.mkdir(parents=True, exist_ok=True)
    if prefs:
        prefs_file.write_text("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
                              f'    <int name="default_uin" value="{uin}" />\n</map>\n', encoding="utf-8")
    for rel, data in summary["media"]:
        p = dest / SDCARD_DIR / acct / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    summary.update(key=key, uin=uin, device_id=device_id, account_dir=acct,
                   database=f"{APP_DIR}/MicroMsg/{acct}/EnMicroMsg.db")
    return summary


def write_manifest(path: Path, summary: dict) -> None:
    """The generator's manifest: every message (msgId, createTime in ms, type, body, direction, talker,
    conversation name, sender) and the media files, as JSON."""
    acct = summary["account_dir"]
    path.write_text(json.dumps(
        {"database": summary["database"], "owner": summary["owner"], "key": summary["key"],
         "messages": summary["messages"],
         "media": sorted(f"{SDCARD_DIR}/{acct}/{rel}" for rel, _d in summary["media"])},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# iOS: MM.sqlite (Chat_<md5(user name)>) + WCDB_Contact.sqlite (Friend), plain SQLite

IOS_DDL = "wechat_ios_mm.sql"
IOS_APP = "private/var/mobile/Containers/Data/Application/5C3F2D1E-8A7B-4C6D-9E0F-1A2B3C4D5E6F/Documents"
IOS_CHAT_COLS = ("MesLocalID", "MesSvrID", "CreateTime", "Message", "Status", "ImgStatus", "Type", "Des")
IOS_START_S = 1_709_280_000  # 2024-03-01T08:00:00Z


def _pb_text(number: int, text: str) -> bytes:
    """One length-delimited protobuf field (https://protobuf.dev/programming-guides/encoding/)."""
    data = text.encode("utf-8")
    out = bytearray([(number << 3) | 2])
    n = len(data)
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            break
    return bytes(out) + data


def remark_blob(nickname: str, alias: str) -> bytes:
    """``Friend.dbContactRemark``: field 1 nick name, field 2 WeChat id (WechatParser.cpp parseRemark)."""
    return _pb_text(1, nickname) + (_pb_text(2, alias) if alias else b"")


def write_ios_extraction(dest: Path, *, n_messages: int = 30, seed: int = 0) -> dict:
    """An iOS file-system extraction with ``MM.sqlite``, ``WCDB_Contact.sqlite`` and media files."""
    import sqlite3

    from .ddl_loader import statements

    check_columns(IOS_DDL, {"Friend": ("userName", "type", "dbContactRemark")})
    template = next(s for s in statements(IOS_DDL) if s.name.startswith("Chat_"))
    friend_sql = next(s for s in statements(IOS_DDL) if s.name == "Friend").sql
    rng = random.Random(seed)
    account = hashlib.md5(OWNER.encode()).hexdigest()
    base = dest / IOS_APP / account
    (base / "DB").mkdir(parents=True, exist_ok=True)
    names = {u: n for u, _a, _r, n in FRIENDS}  # dbContactRemark field 1 is the nick name
    names[GROUP] = GROUP_NAME
    members = [FRIENDS[0][0], FRIENDS[1][0], FRIENDS[3][0]]
    talkers = [f[0] for f in FRIENDS] + [GROUP]
    con = sqlite3.connect(base / "DB" / "WCDB_Contact.sqlite")
    con.execute(friend_sql)
    con.executemany("INSERT INTO Friend (userName, type, dbContactRemark) VALUES (?, ?, ?)",
                    [(u, 3, remark_blob(names[u], a)) for u, a, _r, _n in FRIENDS] + [(GROUP, 2, remark_blob(GROUP_NAME, ""))])
    con.commit()
    con.close()
    con = sqlite3.connect(base / "DB" / "MM.sqlite")
    tables = {}
    for t in talkers:
        h = hashlib.md5(t.encode()).hexdigest()
        tables[t] = f"Chat_{h}"
        con.execute(template.sql.replace(template.name, tables[t]))
    messages, media = [], []
    for _i, t_s, talker, group, outgoing, kind in _script(rng, n_messages, IOS_START_S, (20, 3600), talkers,
                                                          [1, 3, 34, 48, 10000]):
        sender = None if outgoing or kind == 10000 else (rng.choice(members) if group else talker)
        body = None
        if kind == 1:
            content = body = rng.choice(TEXTS)
        elif kind == 48:
            x, y = round(22.28 + rng.random() / 10, 6), round(114.15 + rng.random() / 10, 6)
            content = f'<msg><location x="{x}" y="{y}" scale="16" label="Kwai Chung" poiname="Terminal 9" /></msg>'
            body = f"Location: Terminal 9 ({x}, {y})"
        elif kind == 10000:
            content = body = "你已添加了Anna，现在可以开始聊天了。"
            outgoing = False
        else:
            content = ""
        stored = f"{sender}:\n{content}" if group and sender else content
        cur = con.execute(f'INSERT INTO "{tables[talker]}" (MesSvrID, CreateTime, Message, Status, ImgStatus, Type, Des) '
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (rng.randrange(10**18, 9 * 10**18), t_s, stored, 2 if outgoing else 4, 1, kind, 0 if outgoing else 1))
        local_id = cur.lastrowid
        h = tables[talker][5:]
        if kind == 3:
            media.append((f"Img/{h}/{local_id}.pic", rng.randbytes(80)))
            media.append((f"Img/{h}/{local_id}.pic_thum", rng.randbytes(40)))
        elif kind == 34:
            media.append((f"Audio/{h}/{local_id}.aud", rng.randbytes(60)))
        messages.append({"table": tables[talker], "MesLocalID": local_id, "CreateTime": t_s, "type": kind,
                         "talker": talker, "conversation_name": names.get(talker),
                         "direction": None if kind == 10000 else ("outgoing" if outgoing else "incoming"),
                         "sender": sender, "body": body})
    con.commit()
    con.close()
    for rel, data in media:
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return {"messages": messages, "media": media, "account_dir": f"{IOS_APP}/{account}",
            "contacts": len(FRIENDS) + 1}
