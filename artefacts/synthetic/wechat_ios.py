"""Synthetic WeChat iOS data: ``MM.sqlite`` (``Chat_<md5(user name)>`` tables) and ``WCDB_Contact.sqlite``.

Schema: ``ddl/wechat_ios_mm.sql`` (lefex/iWeChat README, see its header); the ``Chat_`` table is created
once per conversation from the source's example statement with the table name replaced. Values follow
BlueMatthew/WechatExporter ``WechatParser.cpp`` (cited in ``plugins/wechat_ios.py``): ``CreateTime`` Unix
seconds, ``Des`` 0 = written by the owner, 1 = received; a received group message is
``"<sender>:\n<text>"``; ``Friend.dbContactRemark`` a protobuf with the nick name in field 1 and the
WeChat id in field 2; media ``Img/<hash>/<MesLocalID>.pic`` / ``.pic_thum`` and
``Audio/<hash>/<MesLocalID>.aud`` under the account folder. Types: 1 text, 3 image, 34 voice,
48 location (``<msg><location x= y= label= poiname= /></msg>``), 10000 system.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from .ddl_loader import check_columns

OWNER = "wxid_owner7q2k"
FRIENDS = [
    ("wxid_li3m9a", "li_ming", "李明"),
    ("wxid_an8x2z", "anna_w", "Anna"),
    ("wxid_zk41pq", "", "张凯"),
    ("wxid_rb77tt", "robert_b", "Robert B."),
]
GROUP = "20983764512@chatroom"
GROUP_NAME = "港口 logistics"
TEXTS = ["到了吗?", "Meet at the pier at 9", "货明天到", "ok", "Send the photos", "收到", "Call me when you land",
         "价格不变", "Which container?", "明白了"]
KIND_WEIGHTS = {1: 10, 3: 3, 34: 2, 48: 1, 10000: 1}


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
    names = {u: n for u, _a, n in FRIENDS}  # dbContactRemark field 1 is the nick name
    names[GROUP] = GROUP_NAME
    members = [FRIENDS[0][0], FRIENDS[1][0], FRIENDS[3][0]]
    talkers = [f[0] for f in FRIENDS] + [GROUP]
    con = sqlite3.connect(base / "DB" / "WCDB_Contact.sqlite")
    con.execute(friend_sql)
    con.executemany("INSERT INTO Friend (userName, type, dbContactRemark) VALUES (?, ?, ?)",
                    [(u, 3, remark_blob(names[u], a)) for u, a, _n in FRIENDS] + [(GROUP, 2, remark_blob(GROUP_NAME, ""))])
    con.commit()
    con.close()
    con = sqlite3.connect(base / "DB" / "MM.sqlite")
    tables = {}
    for t in talkers:
        h = hashlib.md5(t.encode()).hexdigest()
        tables[t] = f"Chat_{h}"
        con.execute(template.sql.replace(template.name, tables[t]))
    messages, media = [], []
    for t_s, talker, group, outgoing, kind in _script(rng, n_messages, IOS_START_S, talkers):
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


def _script(rng, n: int, start: int, talkers: list):
    """``(time, talker, is_group, outgoing, type)`` of each scripted message, times rising 20 s to 1 h."""
    t = start
    kinds = list(KIND_WEIGHTS)
    for _ in range(n):
        t += rng.randrange(20, 3600)
        talker = rng.choice(talkers)
        outgoing = rng.random() < 0.4
        yield t, talker, talker == GROUP, outgoing, rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
