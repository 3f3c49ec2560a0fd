"""Element X (Android and iOS): the matrix-rust-sdk SQLite stores of a session.

Files (element-hq/element-x-android ``app/src/main/kotlin/io/element/android/x/di/AppModule.kt``: base
directory ``filesDir/sessions``, cache directory ``cacheDir``; ``libraries/matrix/impl/src/main/kotlin/io/
element/android/libraries/matrix/impl/paths/SessionPathsFactory.kt``: one random UUID folder per session in
each): ``files/sessions/<uuid>/matrix-sdk-state.sqlite3`` and ``matrix-sdk-crypto.sqlite3``,
``cache/<uuid>/matrix-sdk-event-cache.sqlite3`` (the ``DATABASE_NAME`` constants of
matrix-org/matrix-rust-sdk ``crates/matrix-sdk-sqlite/src/{state_store,crypto_store,event_cache_store}.rs``;
``crates/matrix-sdk/src/client/builder/mod.rs``: state and crypto stores at the store path, event cache
at the cache path). Element X iOS uses the same SDK stores, in its app group under
``Library/Caches/Sessions/<session>/`` (element-hq/element-x-ios ``ElementX/Sources/Other/Extensions/
FileManager.swift`` ``sessionsBaseDirectory``); they are found by file name, and the events' platform
is ``ios`` for a path in an iOS container (``/Containers/``), ``android`` under ``io.element.android.x``.

The parser reads the event cache (the cached room timelines) and takes room names and members from
the state store and the account's own user id from the crypto store of the same session (the same
UUID folder name, else the closest).

Schemas: ``artefacts/synthetic/ddl/matrix_sdk_sqlite_{event_cache,state,crypto}.sql`` (the real migrations,
files and commits in their headers). Schema version: the one-byte ``kv`` ``version`` value
(``set_db_version``, ``src/utils.rs``); the event cache layout read here (``events`` with ``room_id``,
``event_id``, ``event_type``, ``content``) is that of versions 12 to 14 (``012_store_event_type.sql`` ..
``014_event_chunks_event_id_index.sql``); another version is one warning, and the file is still read by
column names when those columns are there.

Encryption (``crates/matrix-sdk-store-encryption/src/lib.rs``, ``src/utils.rs`` ``EncryptableStore``):
when the app opens the stores with a passphrase (Element X Android keeps it in its session database,
``SessionData.passphrase``, libraries/session-storage/api/.../SessionData.kt), each store holds its own
``StoreCipher`` exported with that passphrase in ``kv`` ``cipher``; values are XChaCha20-Poly1305
``EncryptedValue`` (MessagePack) and keys (room ids, event types) are keyed BLAKE3 hashes. The
passphrase comes from the examiner: ``--key element=PASSPHRASE`` (see
:mod:`artefacts.decoders.store_cipher`). Without a ``cipher`` entry values and keys are plain.

Events: ``events.content`` is the JSON ``TimelineEvent`` of matrix-sdk-common ``deserialized_responses.rs``
(``{"kind": {"PlainText"|"Decrypted"|"UnableToDecrypt": {"event": <sync event>, ...}}}``; the older V0
form ``{"event": ..., "encryption_info": ...}``); the event is a Matrix client-server sync event:
``type``, ``event_id``, ``sender``, ``origin_server_ts`` (milliseconds since 1970), ``content``
(``m.room.message`` with ``msgtype`` m.text/m.notice/m.emote/m.image/m.file/m.audio/m.video/m.location,
``m.room.redaction``, ``m.room.member``, ``m.call.*``, ``m.reaction``, ``m.sticker``; an
``m.room.encrypted`` event without a decrypted copy stays encrypted: body null, ``extra.encrypted``).
A redacted event (``unsigned.redacted_because``) is ``deleted``. Room names: ``m.room.name``, else
``m.room.canonical_alias``, else the display names (``m.room.member`` ``displayname``) of the other
joined members, as the Matrix spec's calculated room name does for rooms without a name (simplified:
no heroes from the sync summary).

The classic Element Android app (matrix-android-sdk2) keeps its data in a Realm database,
``files/<md5 of user id>/disk_store.realm`` (``REALM_NAME`` of its SessionRealmConfigurationFactory.kt,
``DefaultStorageUsageService``): not supported; such a file is one warning that says so.
"""

from __future__ import annotations

import json
import sqlite3

from artefacts import hookimpl
from artefacts.decoders.store_cipher import StoreCipher, StoreCipherError, WrongPassphrase, mp_unpack
from artefacts.events import INCOMING, OUTGOING, SENT, attachment
from artefacts.parser import SQLITE_SIGNATURE, Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

KEY_APP = "element"
EVENT_CACHE = "matrix-sdk-event-cache.sqlite3"
KNOWN_VERSIONS = range(12, 15)
TEXT_TYPES = {"m.text", "m.notice", "m.emote"}
MEDIA_TYPES = {"m.image", "m.file", "m.audio", "m.video"}
HINT = ("needed: --key element=PASSPHRASE (the store passphrase Element X keeps in its session database, "
        "SessionData.passphrase, or the iOS keychain)")


_FAILED = object()  # a companion store was found but could not be read (warned): do not try another session's


class StoreError(Exception):
    """A store cannot be opened as a matrix-rust-sdk store (one warning, reason in the message)."""


def _folder(path: str) -> str:
    parts = path.rsplit("/", 2)
    return parts[-2] if len(parts) >= 2 else ""


def _key_text(key: bytes) -> str:
    """A stored key as text: the plain key (a store without cipher), else the hex of its keyed BLAKE3 hash."""
    try:
        text = key.decode("utf-8")
    except UnicodeDecodeError:
        return key.hex()
    return text if text.isprintable() else key.hex()


def store_version(rows: dict) -> int | None:
    v = rows.get("version")
    return v[0] if isinstance(v, (bytes, bytearray)) and len(v) == 1 else None


class Store:
    """The kv entries and the cipher (if any) of one store; ``value``/``key`` undo ``encode_value``/``encode_key``."""

    def __init__(self, kv: dict, passphrases: list[tuple[str, str]], what: str):
        self.kv = kv
        self.cipher: StoreCipher | None = None
        self.key_label: str | None = None
        export = kv.get("cipher")
        if export is None:
            return
        if not isinstance(export, (bytes, bytearray)):
            raise StoreError(f"the store cipher (kv 'cipher') of the {what} is not a BLOB but {type(export).__name__}")
        if not passphrases:
            raise StoreError(f"the {what} values are encrypted with the matrix-rust-sdk store cipher and no "
                             f"passphrase was given; {HINT}")
        tried = []
        for label, passphrase in passphrases:
            try:
                self.cipher = StoreCipher.import_passphrase(passphrase, bytes(export))
            except WrongPassphrase:
                tried.append(f"{label}: wrong passphrase")
                continue
            except StoreCipherError as exc:
                raise StoreError(f"the store cipher (kv 'cipher') of the {what} cannot be read: {exc}") from None
            self.key_label = label
            return
        raise StoreError(f"cannot decrypt the {what}: " + "; ".join(tried) + f". {HINT}")

    def value(self, stored) -> bytes:
        stored = bytes(stored)
        return self.cipher.decrypt_value(stored) if self.cipher else stored

    def key(self, table: str, key: str) -> bytes:
        return self.cipher.hash_key(table, key) if self.cipher else key.encode("utf-8")


def read_kv(con: sqlite3.Connection) -> dict:
    return {r[0]: r[1] for r in con.execute("SELECT key, value FROM kv")}


def _json(store: Store, stored):
    return json.loads(store.value(stored))


def load_state(con: sqlite3.Connection, store: Store) -> dict:
    """room id -> {"name", "members": {user id: display name}} from ``room_info`` and ``state_event``."""
    rooms: dict = {}
    for (data,) in con.execute("SELECT data FROM room_info"):
        info = _json(store, data)
        if isinstance(info, dict) and isinstance(info.get("room_id"), str):
            rooms[info["room_id"]] = {"name": None, "alias": None, "members": {}}
    by_key = {store.key("state_event", rid): rid for rid in rooms}
    for room_key, data in con.execute("SELECT room_id, data FROM state_event WHERE stripped = 0"):
        rid = by_key.get(bytes(room_key) if isinstance(room_key, (bytes, bytearray)) else str(room_key).encode())
        if rid is None:
            continue
        ev = _json(store, data)
        content = ev.get("content") or {}
        etype = ev.get("type")
        if etype == "m.room.name" and content.get("name"):
            rooms[rid]["name"] = content["name"]
        elif etype == "m.room.canonical_alias" and content.get("alias"):
            rooms[rid]["alias"] = content["alias"]
        elif etype == "m.room.member" and content.get("membership") == "join":
            rooms[rid]["members"][ev.get("state_key")] = content.get("displayname")
    return rooms


def own_user(con: sqlite3.Connection, store: Store) -> str | None:
    """``user_id`` of the crypto store's ``PickledAccount`` (kv ``account``, rmp_serde named map)."""
    raw = store.kv.get("account")
    if raw is None:
        return None
    account = mp_unpack(store.value(raw))
    return account.get("user_id") if isinstance(account, dict) else None


def room_display(room: dict, own: str | None) -> str | None:
    if room["name"] or room["alias"]:
        return room["name"] or room["alias"]
    others = [name or uid for uid, name in sorted(room["members"].items()) if uid != own]
    return ", ".join(others) or None


def _timeline(value) -> tuple[str, dict, dict]:
    """(form, raw event, kind details) of a stored TimelineEvent (V1 ``kind`` or V0 ``event``)."""
    if not isinstance(value, dict):
        raise ValueError("the event content is not a TimelineEvent object")
    if "kind" in value and isinstance(value["kind"], dict) and len(value["kind"]) == 1:
        form, inner = next(iter(value["kind"].items()))
        if not isinstance(inner, dict) or not isinstance(inner.get("event"), dict):
            raise ValueError(f"TimelineEvent kind {form} has no event")
        return form, inner["event"], inner
    if isinstance(value.get("event"), dict):
        return ("Decrypted" if value.get("encryption_info") else "PlainText"), value["event"], value
    raise ValueError("neither a V1 (kind) nor a V0 (event) TimelineEvent")


def event_to_event(row, ctx) -> dict:
    lk = ctx.lookups
    form, ev, details = _timeline(json.loads(lk["store"].value(row["content"])))
    etype = ev.get("type")
    content = ev.get("content") if isinstance(ev.get("content"), dict) else {}
    sender = ev.get("sender")
    own = lk.get("own")
    room = lk["rooms_by_key"].get(row["room_key"])
    room_id = room["id"] if room else row["room_key_text"]
    extra = {"event_id": ev.get("event_id"), "event_type": etype, "timeline_event": form}
    if room is None:
        extra["room_not_in_state_store"] = True
    if form == "Decrypted" and isinstance(details.get("encryption_info"), dict):
        info = details["encryption_info"]
        extra["encryption"] = {k: info.get(k) for k in ("sender_device", "verification_state") if k in info}
    unsigned = ev.get("unsigned") if isinstance(ev.get("unsigned"), dict) else {}
    deleted = "redacted_because" in unsigned
    if deleted and isinstance(unsigned["redacted_because"], dict):
        extra["redacted_by"] = unsigned["redacted_because"].get("event_id")
    kind, body, atts = "message", None, []
    rel = content.get("m.relates_to") if isinstance(content.get("m.relates_to"), dict) else {}
    if etype == "m.room.message" or etype == "m.sticker":
        msgtype = content.get("msgtype") or ("m.sticker" if etype == "m.sticker" else None)
        extra["msgtype"] = msgtype
        if msgtype in MEDIA_TYPES or etype == "m.sticker":
            info = content.get("info") if isinstance(content.get("info"), dict) else {}
            name = content.get("filename") or content.get("body")
            atts.append(attachment(name=name, mime_type=info.get("mimetype"), size=info.get("size")))
            extra["url"] = content.get("url") or (content.get("file") or {}).get("url")
            if content.get("filename") and content.get("body") != content.get("filename"):
                body = content.get("body")  # a caption
            for k in ("duration", "w", "h"):
                if k in info:
                    extra[k] = info[k]
        else:
            body = content.get("body")
            if msgtype == "m.location":
                extra["geo_uri"] = content.get("geo_uri")
        if rel.get("rel_type"):
            extra["relates_to"] = {"rel_type": rel.get("rel_type"), "event_id": rel.get("event_id")}
    elif etype == "m.room.encrypted":
        extra["encrypted"] = True
        extra["note"] = "still encrypted: no decrypted copy of this event in the event cache"
        for k in ("algorithm", "session_id", "device_id"):
            if content.get(k):
                extra[k] = content[k]
        if isinstance(details.get("utd_info"), dict):
            extra["utd_reason"] = details["utd_info"].get("reason")
    elif etype == "m.room.redaction":
        kind = "system"
        extra["redacts"] = content.get("redacts") or ev.get("redacts")
        body = content.get("reason")
    elif etype == "m.reaction":
        kind = "reaction"
        body = rel.get("key")
        extra["target"] = rel.get("event_id")
    elif isinstance(etype, str) and etype.startswith("m.call."):
        kind = "call"
        for k in ("call_id", "reason", "lifetime"):
            if k in content:
                extra[k] = content[k]
    elif etype == "m.room.member":
        kind = "system"
        extra["membership"] = content.get("membership")
        extra["state_key"] = ev.get("state_key")
        extra["displayname"] = content.get("displayname")
    else:
        kind = "system" if "state_key" in ev else "other"
    members = room["members"] if room else {}
    ts = ev.get("origin_server_ts")
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, ts, column="events.content.origin_server_ts"),
        "timestamp_raw": ts,
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": None if own is None or sender is None else (OUTGOING if sender == own else INCOMING),
        "conversation_id": room_id,
        "conversation_name": room["display"] if room else None,
        "sender": sender,
        "sender_name": members.get(sender),
        "recipients": [m for m in sorted(members) if m != sender],
        "body": body,
        "attachments": atts,
        "deleted": deleted,
        "platform": lk.get("platform"),
        "extra": extra,
    }


class ElementXParser(Parser):
    name = "element_x"
    version = __version__
    app = "element"
    platform = "android"
    description = ("Element X (Android and iOS) matrix-rust-sdk event cache matrix-sdk-event-cache.sqlite3 "
                   "with the state and crypto stores of the same session (store cipher: --key element=PASSPHRASE): "
                   "room timelines (text, media, locations, redactions, reactions, calls, membership, "
                   "undecrypted events), room names, members")
    path_globs = ("**/io.element.android.x*/cache/*/matrix-sdk-event-cache.sqlite3", f"**/{EVENT_CACHE}")
    signatures = (SQLITE_SIGNATURE,)  # the stores are plain SQLite; only values are encrypted
    related_globs = {"state": ("**/matrix-sdk-state.sqlite3",), "crypto": ("**/matrix-sdk-crypto.sqlite3",)}
    required_tables = {"events": {"room_id", "event_id", "content"}, "kv": {"key", "value"}}
    time_units = {"events.content.origin_server_ts": UNIX_MILLISECONDS}
    references = (
        "artefacts/synthetic/ddl/matrix_sdk_sqlite_event_cache.sql, matrix_sdk_sqlite_state.sql, "
        "matrix_sdk_sqlite_crypto.sql (matrix-org/matrix-rust-sdk crates/matrix-sdk-sqlite/migrations, commits in "
        "their headers)",
        "matrix-org/matrix-rust-sdk crates/matrix-sdk-store-encryption/src/lib.rs @ 0630c1f2 (StoreCipher), "
        "crates/matrix-sdk-sqlite/src/utils.rs @ 004d9823 (kv version/cipher, encode_key, encode_value), "
        "src/event_cache_store.rs @ 013484cf (migrations 1..14, events insert), src/state_store.rs @ 00040c9d, "
        "src/crypto_store.rs (kv account = PickledAccount), crates/matrix-sdk-common/src/deserialized_responses.rs "
        "(TimelineEvent V0/V1)",
        "element-hq/element-x-ios ElementX/Sources/Other/Extensions/FileManager.swift (Library/Caches/Sessions)",
        "element-hq/element-x-android app/.../di/AppModule.kt (files/sessions, cacheDir), "
        "libraries/matrix/impl/.../paths/SessionPathsFactory.kt (UUID session folders), "
        "libraries/session-storage/api/.../SessionData.kt (passphrase)",
        "Matrix client-server API: m.room.message msgtypes, m.room.redaction, m.reaction, m.call.*, origin_server_ts ms",
    )

    def check_file(self, ctx) -> str | None:
        name = ctx.source.path.rsplit("/", 1)[-1]
        if name.endswith(("-wal", "-shm", "-journal")):
            return "a SQLite sidecar file"
        if name.lower() == EVENT_CACHE or ctx.has_columns("events", "room_id", "event_id", "content") and \
                ctx.has_columns("kv", "key", "value"):
            return None
        return "not a matrix-rust-sdk event cache store"

    def parse(self, ctx):
        path = ctx.source.path
        if not ctx.has_columns("kv", "key", "value"):
            ctx.warn(f"unknown schema version: no kv table; tables: {', '.join(sorted(ctx.schema)) or 'none'}")
            return
        kv = {r["key"]: r["value"] for r in ctx.rows("SELECT key, value FROM kv")}
        version = store_version(kv)
        need = ("room_id", "event_id", "content")
        readable = ctx.has_columns("events", *need)
        if version not in KNOWN_VERSIONS:
            ctx.warn(f"unknown schema version {version if version is not None else repr(kv.get('version'))} of the "
                     f"event cache (kv 'version'; this parser knows {KNOWN_VERSIONS.start}-{KNOWN_VERSIONS.stop - 1})"
                     + ("; read by column names" if readable else
                        f"; no events table with {', '.join(need)}: not read"), "kv:key=version")
        if not readable:
            return
        passphrases = [(f"--key element #{n}", m) for n, m in enumerate(ctx.keys(KEY_APP), 1) if m != ""]
        try:
            store = Store(kv, passphrases, "event cache")
        except StoreError as exc:
            ctx.warn(str(exc), "kv:key=cipher")
            return
        if store.key_label:
            passphrases = [(store.key_label, dict(passphrases)[store.key_label])]
        lk = ctx.lookups
        lk["store"] = store
        lk["platform"] = "android" if "io.element.android.x" in path else ("ios" if "/Containers/" in path else None)
        rooms = self._related(ctx, "state", "state store", passphrases, load_state) or {}
        lk["own"] = self._related(ctx, "crypto", "crypto store", passphrases, own_user)
        lk["rooms_by_key"] = {}
        for rid, room in rooms.items():
            room = dict(room, id=rid, display=room_display(room, lk["own"]))
            lk["rooms_by_key"][store.key("linked_chunks", rid)] = room
        rows = []
        for r in ctx.rows("SELECT room_id, event_id, content FROM events ORDER BY room_id, event_id"):
            key = r["room_id"]
            key_b = bytes(key) if isinstance(key, (bytes, bytearray)) else str(key).encode("utf-8")
            eid = r["event_id"]
            if isinstance(eid, (bytes, bytearray)):
                eid = _key_text(bytes(eid))  # hashed (hex) from schema version 15 on
            rows.append({"room_key": key_b, "room_key_text": _key_text(key_b), "event_id": eid, "content": r["content"]})
        yield from ctx.map_rows(rows, event_to_event, table="events", id_column="event_id")

    @staticmethod
    def _related(ctx, name: str, what: str, passphrases, read):
        """``read(connection, Store)`` of the companion store of the same session folder (else the closest)."""
        mine = _folder(ctx.source.path)

        def read_store(con, source):
            try:
                return read(con, Store(read_kv(con), passphrases, f"{what} {source.path}"))
            except StoreError as exc:
                ctx.warn_file(str(exc))
            except (StoreCipherError, ValueError) as exc:
                ctx.warn_file(f"{what} ({source.path}) cannot be read: {type(exc).__name__}: {exc}")
            return _FAILED

        result = ctx.read_related(name, what, read_store, prefer=lambda s: _folder(s.path) == mine)
        return None if result is _FAILED else result


class ElementAndroidRealmParser(Parser):
    """The classic Element Android Realm store: named in one warning, not parsed."""

    name = "element_android_realm"
    version = __version__
    app = "element"
    platform = "android"
    description = ("classic Element Android (matrix-android-sdk2) Realm database disk_store.realm: not supported, "
                   "reported as one warning")
    path_globs = ("**/im.vector.app/files/*/disk_store.realm", "**/disk_store.realm")
    references = (
        "matrix-org/matrix-android-sdk2 / element-hq/element-android matrix-sdk-android "
        "internal/session/SessionRealmConfigurationFactory.kt (REALM_NAME = \"disk_store.realm\", directory "
        "files/<md5 of user id>), DefaultStorageUsageService.kt (disk_store.realm, crypto_store.realm)",
    )

    def check_file(self, ctx) -> str | None:
        # a Realm file may be encrypted as a whole (no signature): taken by its name only
        return None if ctx.source.path.rsplit("/", 1)[-1] == "disk_store.realm" else "not named disk_store.realm"

    def parse(self, ctx):
        ctx.warn("classic Element Android (matrix-android-sdk2) Realm database disk_store.realm: not supported "
                 "(Realm format, encrypted with a key held in the Android Keystore); its messages are not read")
        return iter(())


@hookimpl
def register_parsers(register):
    register(ElementXParser)
    register(ElementAndroidRealmParser)
