"""Telegram for iOS: the Postbox store ``telegram-data/account-<id>/postbox/db/db_sqlite``.

Sources (TelegramMessenger/Telegram-iOS; details and every field in ``artefacts/decoders/postbox.py``):

* the store is SQLCipher 4 with a 32-byte plaintext header, opened with a raw key and salt
  (``submodules/Postbox/Sources/SqliteValueBox.swift``); the key and salt are the 48 bytes of
  ``telegram-data/.tempkey`` (``submodules/BuildConfig/Sources/BuildConfig.m``,
  ``deviceSpecificEncryptionParameters``: the app group's ``telegram-data`` folder, from
  ``rootPathForBasePath``). The macOS app keeps them in ``.tempkeyEncrypted`` under a passcode
  (``no-matter-key`` when the user set none); ``--key telegram_ios=PASSCODE`` opens that one, and
  ``--key telegram_ios=<96 hex digits>`` gives key and salt directly;
* ``t2`` peers (``PeerTable``: int64 key = packed peer id, value = the root-encoded
  ``TelegramUser`` / ``TelegramGroup`` / ``TelegramChannel`` / ``TelegramSecretChat``: keys ``i``,
  ``fn``, ``ln``, ``un``, ``p`` (TelegramCore ``SyncCore_TelegramUser.swift``), ``t`` (title,
  ``SyncCore_TelegramGroup.swift``, ``SyncCore_TelegramChannel.swift``), ``r`` (a secret chat's
  regular peer));
* ``t6`` media shared by messages (``MessageMediaTable.swift``: key namespace + id, value 0 Direct
  = length, root-encoded media, reference count; 1 MessageReference = embedded in that message);
* ``t7`` message history (``MessageHistoryTable``): key peer id, namespace, timestamp (Unix
  seconds), id; value with flags (``MessageFlags.Incoming`` = 4), author, text, forward info,
  attributes and embedded media (``TelegramMediaFile``: ``mt``, ``s64``/``s``, file-name attributes
  ``fn``; ``TelegramMediaMap``: ``la``, ``lo``; ``TelegramMediaAction`` ``_rawValue`` 14 = phone call
  with ``d`` duration, ``dr`` discard reason, ``vc`` video; ``SyncCore_TelegramMediaAction.swift``);
  replies from ``ReplyMessageAttribute`` (``i`` = namespace | id << 32, ``p`` = peer;
  ``SyncCore_ReplyMessageAttribute.swift``).

Conversation ids follow the Android plugin's dialog ids: a user's id, ``-<id>`` for a group or
channel; a secret chat is ``secret:<id>``. Postbox keeps whole seconds only.
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.decoders import postbox as pb
from artefacts.decoders.sqlcipher import APP_SETTINGS
from artefacts.encrypted import check_encrypted_store, parse_store
from artefacts.events import CALL_START, INCOMING, OUTGOING, RECEIVED, SENT, contact_event
from artefacts.parser import SQLITE_SIGNATURE, Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

KEY_APP = "telegram_ios"
_HEX96 = re.compile(r"^(?:x')?([0-9a-fA-F]{96})'?$")
#: TelegramMediaAction ``_rawValue`` of a phone call (SyncCore_TelegramMediaAction.swift)
ACTION_PHONE_CALL = 14
#: PhoneCallDiscardReason raw values (TelegramCore SyncCore_TelegramMediaAction.swift)
DISCARD_REASONS = {0: "missed", 1: "disconnect", 2: "hangup", 3: "busy"}


def _peer_label(peer_int64: int) -> tuple[str, str]:
    """``(kind, conversation id)`` of a packed peer id."""
    ns, pid = pb.split_peer_id(peer_int64)
    kind = pb.PEER_NAMESPACES.get(ns, f"namespace {ns}")
    if kind == "user":
        return kind, str(pid)
    if kind in ("group", "channel"):
        return kind, f"-{pid}"
    if kind == "secret":
        return kind, f"secret:{pid}"
    return kind, f"{ns}:{pid}"


def _peer_name(obj: pb.PostboxObject) -> str | None:
    if obj.type_name == "TelegramSecretChat":
        return None  # named after its regular peer (see _conversation_name)
    if obj.type_name == "TelegramUser":
        name = " ".join(x for x in (obj.get("fn"), obj.get("ln")) if x)
        return name or obj.get("p") or None
    return obj.get("t") or None


def peer_to_event(row, ctx) -> dict | None:
    """One ``t2`` row -> a contact event for users (groups and channels are kept as names only)."""
    obj = pb.decode_root(row["value"], where=f"t2 key {row['key']}")
    names = ctx.lookups["peers"]
    kind, conv = _peer_label(row["key"])
    names[conv] = {"name": _peer_name(obj), "kind": kind}
    if obj.type_name == "TelegramSecretChat" and isinstance(obj.get("r"), int):
        names[conv]["regular"] = _peer_label(obj.get("r"))[1]
        names[conv]["created"] = obj.get("d")
    if obj.type_name != "TelegramUser":
        return None
    extra = {"peer_id": row["key"], "username": obj.get("un"), "phone": obj.get("p"), "flags": obj.get("fl")}
    name = _peer_name(obj)
    return contact_event(conv, name, f"{name or conv} (Telegram user {conv})", extra, f"t2:key={row['key']}")


def _conversation(peers: dict, conv: str) -> tuple[str | None, str | None]:
    """``(name, regular peer)`` of a conversation; a secret chat is named after its regular peer."""
    info = peers.get(conv) or {}
    regular = info.get("regular")
    if regular:
        return (peers.get(regular) or {}).get("name"), regular
    return info.get("name"), None


def _referenced_media(entry: pb.MessageEntry, ctx) -> list:
    """The media a message references by id, from ``t6`` (MessageMediaTable Direct entries)."""
    out = []
    if not entry.referenced_media or not ctx.lookups.get("has_media_table"):
        return out
    for ns, mid in entry.referenced_media:
        row = ctx.db.execute("SELECT value FROM t6 WHERE key = ?", (pb.media_key(ns, mid),)).fetchone()
        if row is None:
            ctx.warn(f"referenced media {ns}:{mid} is not in t6")
            continue
        try:
            media = pb.parse_media_entry(row[0])
        except pb.PostboxError as exc:
            ctx.warn(f"referenced media {ns}:{mid} not decoded: {exc}")
            continue
        if media is not None:
            out.append(media)
    return out


def _media_parts(entry: pb.MessageEntry, ctx) -> tuple[str, list, dict]:
    """``(kind, attachments, extra)`` from a message's embedded and referenced media."""
    kind, attachments, extra = "message", [], {}
    media_out = []
    for m in [*entry.embedded_media, *_referenced_media(entry, ctx)]:
        media_out.append(m.as_json())
        t = m.type_name
        if t == "TelegramMediaFile":
            names = [a.get("fn") for a in (m.get("at") or []) if isinstance(a, pb.PostboxObject) and a.get("fn")]
            size = m.get("s64", m.get("s"))
            attachments.append(ctx.attachment(None, name=names[0] if names else None, mime_type=m.get("mt"), size=size))
        elif t == "TelegramMediaImage":
            attachments.append(ctx.attachment(None, mime_type="image/jpeg"))
        elif t == "TelegramMediaMap":
            extra["location"] = {"latitude": m.get("la"), "longitude": m.get("lo")}
        elif t == "TelegramMediaAction" and m.get("_rawValue") == ACTION_PHONE_CALL:
            kind = "call"
            extra["call"] = {"call_id": m.get("i"), "duration_s": m.get("d"),
                             "discard_reason": DISCARD_REASONS.get(m.get("dr"), m.get("dr")), "video": m.get("vc") == 1}
        elif t == "TelegramMediaAction":
            kind = "system"
            extra["action"] = m.get("_rawValue")
    if media_out:
        extra["media"] = media_out
    return kind, attachments, extra


def message_to_event(row, ctx) -> dict | None:
    """One ``t7`` row -> a message (call, system) event."""
    try:
        entry = pb.parse_message(row["key"], row["value"])
    except pb.PostboxError as exc:
        ctx.warn(f"message entry not decoded: {exc}")
        return None
    for problem in entry.problems:
        ctx.warn(f"part of the message not decoded: {problem}")
    peers = ctx.lookups["peers"]
    chat_kind, conv = _peer_label(entry.peer_id)
    incoming = entry.incoming
    author = None
    if entry.author_id is not None:
        author = _peer_label(entry.author_id)[1]
    kind, attachments, extra = _media_parts(entry, ctx)
    extra.update({"peer_id": entry.peer_id, "chat_type": chat_kind, "namespace": entry.namespace,
                  "message_id": entry.id, "stable_id": entry.stable_id, "flags": entry.flags, "tags": entry.tags,
                  "key": bytes(row["key"]).hex()})
    if entry.forward:
        extra["forward"] = dict(entry.forward)
        if entry.forward.get("author_id"):
            extra["forward"]["author"] = _peer_label(entry.forward["author_id"])[1]
        extra["forward"]["date_time"] = ctx.time(UNIX_SECONDS, entry.forward["date"], column="t7.forward.date")
    if entry.attributes:
        extra["attributes"] = [a.as_json() for a in entry.attributes]
        for a in entry.attributes:
            if a.type_name == "ReplyMessageAttribute" and isinstance(a.get("i"), int) and isinstance(a.get("p"), int):
                # SyncCore_ReplyMessageAttribute.swift: i = namespace | id << 32, p = the message's peer
                ns_id = a.get("i") & 0xFFFFFFFFFFFFFFFF
                mid = ns_id >> 32
                extra["reply_to"] = {"conversation_id": _peer_label(a.get("p"))[1], "namespace": ns_id & 0xFFFFFFFF,
                                     "message_id": mid - (1 << 32) if mid & 0x80000000 else mid}
    if entry.referenced_media:
        extra["referenced_media"] = [{"namespace": ns, "id": mid} for ns, mid in entry.referenced_media]
    if entry.thread_id is not None:
        extra["thread_id"] = entry.thread_id
    if entry.trailing:
        extra["trailing_bytes"] = entry.trailing
    conversation_name, regular = _conversation(peers, conv)
    if chat_kind == "secret":
        extra["secret_chat"] = {"with": regular}
    sender = author
    status = None
    desc = RECEIVED if incoming else SENT
    if kind == "call":
        call = extra["call"]
        status = call["discard_reason"] if call["discard_reason"] in ("missed", "busy") else (
            "answered" if call["duration_s"] else None)
        desc = CALL_START
    elif kind != "system":
        status = "received" if incoming else ("failed" if entry.flags & pb.FLAG_FAILED else "sent")
    return {
        "timestamp": ctx.time(UNIX_SECONDS, entry.timestamp, column="t7.key.timestamp"),
        "timestamp_raw": entry.timestamp,
        "timestamp_desc": desc,
        "kind": kind,
        "direction": None if kind == "system" else (INCOMING if incoming else OUTGOING),
        "conversation_id": conv,
        "conversation_name": conversation_name,
        "sender": sender,
        "sender_name": (peers.get(sender) or {}).get("name") if sender else None,
        "recipients": ([regular or conv] if not incoming and chat_kind in ("user", "secret") and kind != "system"
                       and (regular or chat_kind == "user") else []),
        "body": entry.text or None,
        "attachments": attachments,
        "status": status,
        "deleted": False,
        "extra": extra,
        "source_locator": f"t7:rowid={row['rowid']}",
    }


class TelegramIOSParser(Parser):
    name = "telegram_ios"
    version = __version__
    app = "telegram"
    platform = "ios"
    description = ("Telegram for iOS Postbox db_sqlite (SQLCipher 4, key and salt from telegram-data/.tempkey, "
                   "or --key telegram_ios=PASSCODE|<96 hex>): messages, calls, users")
    path_globs = ("**/telegram-data/account-*/postbox/db/db_sqlite",)
    signatures = (SQLITE_SIGNATURE,)
    related_globs = {"tempkey": ("**/telegram-data/.tempkey",), "tempkey_encrypted": ("**/.tempkeyEncrypted",)}
    tables = {"t2": {"key", "value"}, "t7": {"key", "value"}}
    time_units = {"t7.key.timestamp": UNIX_SECONDS, "t7.forward.date": UNIX_SECONDS}
    references = (
        "TelegramMessenger/Telegram-iOS submodules/Postbox/Sources (Postbox.swift table ids, SqliteValueBox.swift "
        "SQLCipher settings, Coding.swift value encoding, MessageHistoryTable.swift message entries, Peer.swift peer ids)",
        "Telegram-iOS submodules/BuildConfig/Sources/BuildConfig.m (.tempkey), submodules/MurMurHash32",
        "Telegram-iOS submodules/TelegramCore/Sources/SyncCore (TelegramUser, TelegramGroup, media and action keys)",
    )

    def check_file(self, ctx) -> str | None:
        return check_encrypted_store(ctx, "db_sqlite", lambda c: c.has_columns("t7", "key", "value")
                                     and c.has_columns("t2", "key", "value"), "Telegram Postbox")

    def parse(self, ctx):
        yield from parse_store(ctx, self, keys_and_notes=self.candidate_keys(ctx), settings=APP_SETTINGS["telegram-ios"],
                               scratch_name="db_sqlite", what="Telegram Postbox",
                               need="telegram-data/.tempkey from the same phone, the macOS .tempkeyEncrypted with "
                                    "--key telegram_ios=PASSCODE when a passcode is set, or --key "
                                    "telegram_ios=<96 hex digits of key and salt>")

    @staticmethod
    def candidate_keys(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        keys, notes, passcodes = [], [], []
        for n, material in enumerate(ctx.keys(KEY_APP), 1):
            m = _HEX96.match(material.strip())
            if m:
                keys.append((f"--key telegram_ios #{n} (key and salt)", f"x'{m.group(1).lower()}'"))
            elif material:
                passcodes.append((f"--key telegram_ios #{n} (passcode)", material.encode("utf-8")))
        for sf in ctx.related("tempkey"):
            try:
                key, salt = pb.tempkey_plain(sf.local_path.read_bytes())
            except (pb.PostboxError, OSError) as exc:
                notes.append(f"{sf.path}: {exc}")
                continue
            keys.append((sf.path, pb.sqlcipher_raw_key(key, salt)))
        for sf in ctx.related("tempkey_encrypted"):
            try:
                data = sf.local_path.read_bytes()
            except OSError as exc:
                notes.append(f"{sf.path} cannot be read ({exc})")
                continue
            opened = False
            for label, passcode in [*passcodes, ("the default passcode", pb.TEMPKEY_DEFAULT_PASSCODE)]:
                try:
                    key, salt = pb.tempkey_encrypted(data, passcode)
                except pb.PostboxError as exc:
                    notes.append(f"{sf.path} with {label}: {exc}")
                    continue
                keys.append((f"{sf.path} opened with {label}", pb.sqlcipher_raw_key(key, salt)))
                opened = True
                break
            if not opened and not passcodes:
                notes.append(f"{sf.path} needs the user's passcode: --key telegram_ios=PASSCODE")
        return keys, notes

    def parse_plain(self, ctx):
        if not (ctx.has_columns("t7", "key", "value") and ctx.has_columns("t2", "key", "value")):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn(f"unknown schema version: no Postbox peer (t2) and message (t7) tables with key and value; "
                     f"tables: {have}")
            return
        ctx.lookups["peers"] = {}
        ctx.lookups["has_media_table"] = ctx.has_columns("t6", "key", "value")
        yield from ctx.map_rows("SELECT key, value FROM t2 ORDER BY key", peer_to_event, table="t2", id_column="key")
        yield from ctx.map_rows("SELECT rowid, key, value FROM t7 ORDER BY rowid", message_to_event, table="t7",
                                id_column="rowid")


@hookimpl
def register_parsers(register):
    register(TelegramIOSParser)
