"""A small Mastodon for iOS ``Databases/shared.sqlite`` on the real schema (``ddl/mastodon_ios.sql``).

As the real store of iLEAPP's ``mastodon.josh_ios17_ffs`` case: ``ZMASTODONUSER`` accounts (``ZACCT``
the handle, ``ZID`` the server id), ``ZSTATUS`` rows whose ``ZVISIBILITYRAW`` is ``direct`` (the
direct messages, HTML bodies, ``ZMENTIONS`` JSON of ``{id, username, acct, url}``, ``ZATTACHMENTS``
JSON of ``{id, kind, assetURL, previewURL, size, blurhash}``) mixed with ``public`` posts that are
not messages, ``ZCREATEDAT`` Cocoa seconds, an empty ``ZMASTODONAUTHENTICATION`` and the holder's id
in ``ZNOTIFICATION.ZUSERID``, the follow table ``Z_8FOLLOWING`` (``MastodonUser`` is entity 8 in
``Z_PRIMARYKEY``, as in the real file). People and servers are fictional (``example.com``/``.org``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .coredata import PRIMARYKEY_COLS, cocoa_times, manifest_message
from .ddl_loader import build_db, check_columns, load

DDL = "mastodon_ios.sql"
DB = "private/var/mobile/Containers/Shared/AppGroup/5D1F0C2A-7B3E-4C8D-9A61-2E4F8B0C6D13/Databases/shared.sqlite"
HOME = "social.example.com"
START = 725_000_000.0  # 2023-12-22 (Cocoa seconds)
USER_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZBOT", "ZFOLLOWERSCOUNT", "ZFOLLOWINGCOUNT", "ZLOCKED", "ZSTATUSESCOUNT",
             "ZSUSPENDED", "ZCREATEDAT", "ZUPDATEDAT", "ZACCT", "ZAVATARSTATIC", "ZDISPLAYNAME", "ZDOMAIN", "ZID",
             "ZNOTE", "ZURL", "ZUSERNAME")
STATUS_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZSENSITIVE", "ZAUTHOR", "ZCREATEDAT", "ZDELETEDAT", "ZEDITEDAT", "ZCONTENT",
               "ZDOMAIN", "ZID", "ZINREPLYTOID", "ZLANGUAGE", "ZURL", "ZVISIBILITYRAW", "ZATTACHMENTS", "ZMENTIONS")
NOTE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZCREATEAT", "ZDOMAIN", "ZID", "ZTYPERAW", "ZUSERID")
INSTANCE_COLS = ("Z_PK", "Z_ENT", "Z_OPT", "ZDOMAIN", "ZVERSION")
PEOPLE = [("casefile", "Case File"), ("river.m", "River M"), ("owl@mastodon.example.org", "Night Owl"),
          ("tern", ""), ("pebble@fosstodon.example.net", "Pebble")]
TEXTS = ["did you get the files?", "yes, all three", "meet at the usual place", "running late, 10 min",
         "delete this after reading", "ok", "new number tomorrow", "sending the photo now"]


def _html(mentions: list[str], text: str) -> str:
    links = " ".join(f'<span class="h-card" translate="no"><a href="https://{HOME}/@{m}" class="u-url mention">'
                     f"@<span>{m.split('@')[0]}</span></a></span>" for m in mentions)
    return f"<p>{links} {text.replace('&', '&amp;')}</p>"


def write_mastodon_extraction(dest: Path, *, seed: int = 0, n_messages: int = 14) -> dict:
    rng = random.Random(seed)
    check_columns(DDL, {"ZMASTODONUSER": USER_COLS, "ZSTATUS": STATUS_COLS, "ZNOTIFICATION": NOTE_COLS,
                        "ZINSTANCE": INSTANCE_COLS, "Z_PRIMARYKEY": PRIMARYKEY_COLS,
                        "Z_8FOLLOWING": ("Z_8FOLLOWINGBY", "Z_8FOLLOWING")})
    users = []
    for pk, (acct, name) in enumerate(PEOPLE, 1):
        uid = str(110_000_000_000_000_000 + rng.randrange(10**15))
        domain = acct.split("@")[1] if "@" in acct else HOME
        users.append({"pk": pk, "acct": acct, "name": name, "id": uid, "domain": domain,
                      "username": acct.split("@")[0]})
    holder = users[0]
    times = cocoa_times(rng, START, n_messages + 4)
    statuses, messages = [], []
    for i, t in enumerate(times, 1):
        public = i % 5 == 0
        author = holder if i % 2 else users[1 + rng.randrange(len(users) - 1)]
        peers = [u for u in users if u is not author]
        mentioned = [holder] if author is not holder else [peers[1 + rng.randrange(len(peers) - 1)] if i % 6 == 1 else peers[0]]
        if author is holder and mentioned[0] is holder:
            mentioned = [users[1]]
        text = rng.choice(TEXTS)
        media = []
        if i == 3:
            mid = str(111_000_000_000_000_000 + rng.randrange(10**15))
            media = [{"id": mid, "kind": "image", "assetURL": f"https://files.{HOME}/media/original/{mid}.jpg",
                      "previewURL": f"https://files.{HOME}/media/small/{mid}.jpg", "size": [640, 480]}]
        sid = str(111_500_000_000_000_000 + i * 1_000_003)
        deleted = times[-1] + 60.0 if i == 7 else None
        mentions = [{"id": m["id"], "username": m["username"], "acct": m["acct"],
                     "url": f"https://{m['domain']}/@{m['username']}"} for m in mentioned]
        statuses.append((i, 15, 1, 0, author["pk"], t, deleted, None, _html([m["acct"] for m in mentioned], text), HOME,
                         sid, None, "en", f"https://{HOME}/@{author['acct']}/{sid}", "public" if public else "direct",
                         json.dumps(media).encode(), json.dumps(mentions).encode()))
        if not public:
            people = sorted({"@" + author["acct"], *("@" + m["acct"] for m in mentioned)})
            messages.append({"pk": i, "time": t, "outgoing": author is holder, "people": people,
                             "sender": "@" + author["acct"], "body": " ".join("@" + m["acct"].split("@")[0] for m in mentioned) + " " + text,
                             "deleted": deleted is not None,
                             "attachments": [m["assetURL"].rsplit("/", 1)[-1] for m in media]})
    with build_db(dest / DB, DDL, page_size=512) as con:
        load(con, "ZMASTODONUSER", USER_COLS, [
            (u["pk"], 8, 1, 0, 10 + u["pk"], 5, 0, 20 * u["pk"], 0, START - 86_400.0 * (30 + u["pk"]), START, u["acct"],
             f"https://files.{HOME}/avatars/{u['id']}.png", u["name"], u["domain"], u["id"], f"<p>account {u['pk']}</p>",
             f"https://{u['domain']}/@{u['username']}", u["username"]) for u in users])
        load(con, "ZSTATUS", STATUS_COLS, statuses)
        load(con, "ZNOTIFICATION", NOTE_COLS, [(1, 9, 1, times[0], HOME, "9001", "mention", holder["id"])])
        load(con, "ZINSTANCE", INSTANCE_COLS, [(1, 6, 1, HOME, "4.2.0")])
        load(con, "Z_8FOLLOWING", ("Z_8FOLLOWINGBY", "Z_8FOLLOWING"), [(1, 2), (2, 1), (1, 3)])
        load(con, "Z_PRIMARYKEY", PRIMARYKEY_COLS, [(6, "Instance", 0, 1), (8, "MastodonUser", 0, len(users)),
                                                   (9, "Notification", 0, 1), (15, "Status", 0, len(statuses))])
    return {"database": DB, "holder": holder, "users": users, "messages": messages}


def generic_manifest(dest: Path) -> dict:
    """Write the store under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_mastodon_extraction(dest)
    events = []
    for x in m["messages"]:
        events.append(manifest_message(f"ZSTATUS:Z_PK={x['pk']}", x["time"], x["outgoing"], ", ".join(x["people"]),
                                       x["sender"], [p for p in x["people"] if p != x["sender"]], x["body"],
                                       x["deleted"], x["attachments"]))
    for u in m["users"]:
        events.append({"locator": f"ZMASTODONUSER:Z_PK={u['pk']}", "kind": "contact", "timestamp": None,
                       "conversation_id": "@" + u["acct"], "sender": "@" + u["acct"]})
    return {"app": "mastodon", "path": m["database"], "events": events}
