"""Deterministic Element X (matrix-rust-sdk SQLite stores) extractions on the real schemas and serialisations.

Schemas: ``ddl/matrix_sdk_sqlite_event_cache.sql`` (version 14), ``ddl/matrix_sdk_sqlite_state.sql``
(version 13), ``ddl/matrix_sdk_sqlite_crypto.sql`` (the ``kv`` table), sources in their headers.
Layout (element-hq/element-x-android ``app/src/main/kotlin/io/element/android/x/di/AppModule.kt``: base
directory ``filesDir/sessions``, cache directory ``cacheDir``; ``libraries/matrix/impl/.../paths/
SessionPathsFactory.kt``: one random UUID folder per session in both; matrix-org/matrix-rust-sdk
``crates/matrix-sdk/src/client/builder/mod.rs``: the state and crypto stores at the store path, the event
cache at the cache path): the state and crypto stores in ``files/sessions/<uuid>/``, the event cache in
``cache/<uuid>/``. ``layout="ios"``: the three stores in one session folder under the app group's
``Library/Caches/Sessions`` (element-hq/element-x-ios ``ElementX/Sources/Other/Extensions/FileManager.swift``,
``sessionsBaseDirectory``; the session folder's name here is a stand-in).

Values as the SDK writes them (``crates/matrix-sdk-sqlite/src/utils.rs`` ``EncryptableStore``): with a
passphrase every store has its own random :class:`StoreCipher`, exported with the passphrase into
``kv.cipher``; keys go through ``encode_key`` (keyed BLAKE3), values through ``encode_value``
(XChaCha20-Poly1305 ``EncryptedValue``, MessagePack); without a passphrase keys and values are
stored as they are. Event contents are the JSON ``TimelineEvent`` (``{"kind": {"PlainText"|"Decrypted"|
"UnableToDecrypt": {"event": ...}}}``, matrix-sdk-common ``deserialized_responses.rs``); events are
Matrix client-server sync events (``type``, ``event_id``, ``sender``, ``origin_server_ts`` ms, ``content``).

Simplifications, stated: ``RoomInfo`` (room_info.data) carries only ``room_id`` and ``room_state``
(the only fields a parser reads), and the ``PickledAccount`` in the crypto store has an empty ``pickle``
map (the Olm account pickle is never read). Nothing here is a real person's data. Nonces, salts and
keys come from the seed so that the output bytes are reproducible.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from pathlib import Path

from ..decoders.store_cipher import KDF_ROUNDS, StoreCipher, XNONCE_SIZE, mp_pack
from .ddl_loader import build_db, insert_sql

EVENT_CACHE_DDL = "matrix_sdk_sqlite_event_cache.sql"
STATE_DDL = "matrix_sdk_sqlite_state.sql"
CRYPTO_DDL = "matrix_sdk_sqlite_crypto.sql"
EVENT_CACHE_VERSION, STATE_VERSION, CRYPTO_VERSION = 14, 13, 9
APP_DIR = "data/data/io.element.android.x"
IOS_GROUP = "private/var/mobile/Containers/Shared/AppGroup/5C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F"
START_MS = 1_733_300_000_000  # 2024-12-04T08:13:20Z
SERVER = "example.org"


class _Store:
    """``encode_key``/``encode_value`` of one store, with or without its cipher (deterministic nonces)."""

    def __init__(self, r: random.Random, passphrase: str | None, rounds: int):
        self.r = r
        self.cipher = StoreCipher(r.randbytes(32), r.randbytes(32)) if passphrase is not None else None
        self.export = (self.cipher.export(passphrase, salt=r.randbytes(32), nonce=r.randbytes(XNONCE_SIZE),
                                          rounds=rounds) if self.cipher else None)

    def key(self, table: str, key: str) -> bytes:
        return self.cipher.hash_key(table, key) if self.cipher else key.encode("utf-8")

    def value(self, plain: bytes) -> bytes:
        return self.cipher.encrypt_value(plain, nonce=self.r.randbytes(XNONCE_SIZE)) if self.cipher else plain

    def kv(self, con, version: int) -> None:
        con.execute(insert_sql("kv", ("key", "value")), ("version", bytes([version])))
        if self.export is not None:
            con.execute(insert_sql("kv", ("key", "value")), ("cipher", self.export))


def _event_id(r: random.Random) -> str:
    return "$" + hashlib.sha256(r.randbytes(16)).hexdigest()[:43]


def scenario(seed) -> dict:
    """Users, rooms and timeline events (sync JSON) with what a parser must report for each."""
    r = random.Random(f"element-{seed}")
    me = f"@sam.owner:{SERVER}"
    people = {me: "Sam Owner", f"@lena:{SERVER}": "Lena Example", f"@marco:{SERVER}": "Marco Sample"}
    lena, marco = f"@lena:{SERVER}", f"@marco:{SERVER}"
    dm = "!" + hashlib.sha256(r.randbytes(8)).hexdigest()[:18] + ":" + SERVER
    group = "!" + hashlib.sha256(r.randbytes(8)).hexdigest()[:18] + ":" + SERVER
    rooms = {dm: {"name": None, "display": "Lena Example", "members": [me, lena], "encrypted": False},
             group: {"name": "Project Falcon", "display": "Project Falcon", "members": [me, lena, marco],
                     "encrypted": True}}
    t = START_MS
    events = []

    def add(room, sender, etype, content, *, kind="message", body=None, attachment=None, form=None, extra=None,
            unsigned=None):
        nonlocal t
        t += r.randint(20_000, 900_000)
        ev = {"type": etype, "event_id": _event_id(r), "sender": sender, "origin_server_ts": t, "content": content}
        if unsigned:
            ev["unsigned"] = unsigned
        spec = {"event": ev, "room": room, "kind": kind, "body": body, "attachment": attachment,
                "form": form or ("Decrypted" if rooms[room]["encrypted"] else "PlainText"),
                "outgoing": sender == me, "deleted": False, "extra": extra or {}}
        events.append(spec)
        return ev

    add(dm, me, "m.room.message", {"msgtype": "m.text", "body": "Are you around later?"},
        body="Are you around later?")
    add(dm, lena, "m.room.message", {"msgtype": "m.text", "body": "Yes, after 6 \u2615"}, body="Yes, after 6 \u2615")
    add(dm, lena, "m.room.message", {"msgtype": "m.image", "body": "IMG_0042.jpg", "url": f"mxc://{SERVER}/aBcImg",
                                     "info": {"mimetype": "image/jpeg", "size": 48213, "w": 1024, "h": 768}},
        attachment=("IMG_0042.jpg", "image/jpeg", 48213))
    add(dm, me, "m.room.message", {"msgtype": "m.file", "body": "plan.pdf", "filename": "plan.pdf",
                                   "url": f"mxc://{SERVER}/dEfFile", "info": {"mimetype": "application/pdf",
                                                                              "size": 120334}},
        attachment=("plan.pdf", "application/pdf", 120334))
    add(dm, me, "m.call.invite", {"call_id": "c1733300", "version": "1", "lifetime": 60000,
                                  "offer": {"type": "offer", "sdp": "v=0"}}, kind="call", extra={"call_id": "c1733300"})
    add(dm, lena, "m.call.hangup", {"call_id": "c1733300", "version": "1", "reason": "user_hangup"}, kind="call",
        extra={"call_id": "c1733300"})
    wrong = add(dm, lena, "m.room.message", {"msgtype": "m.text", "body": "sent to the wrong chat"},
                body="sent to the wrong chat")
    red = add(dm, lena, "m.room.redaction", {"redacts": wrong["event_id"]}, kind="system", extra={"redacts": wrong["event_id"]})
    red["redacts"] = wrong["event_id"]
    # the SDK replaces a redacted event in the cache by its redacted form (content emptied, unsigned.redacted_because)
    events[-2]["event"] = dict(wrong, content={}, unsigned={"redacted_because": dict(red)})
    events[-2]["body"], events[-2]["deleted"] = None, True
    add(group, me, "m.room.message", {"msgtype": "m.text", "body": "Kick-off at 10 in room B"},
        body="Kick-off at 10 in room B")
    add(group, marco, "m.room.message", {"msgtype": "m.location", "body": "Meeting point",
                                         "geo_uri": "geo:52.5200,13.4050"}, body="Meeting point",
        extra={"geo_uri": "geo:52.5200,13.4050"})
    add(group, lena, "m.room.message", {"msgtype": "m.audio", "body": "voice-message.ogg", "url": f"mxc://{SERVER}/gHiAud",
                                        "info": {"mimetype": "audio/ogg", "size": 9120, "duration": 4100}},
        attachment=("voice-message.ogg", "audio/ogg", 9120))
    add(group, me, "m.room.message", {"msgtype": "m.video", "body": "clip.mp4", "url": f"mxc://{SERVER}/jKlVid",
                                      "info": {"mimetype": "video/mp4", "size": 250001, "duration": 7000}},
        attachment=("clip.mp4", "video/mp4", 250001))
    target = events[-4]["event"]["event_id"]
    add(group, marco, "m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": target, "key": "\U0001F44D"}},
        kind="reaction", body="\U0001F44D", extra={"target": target})
    add(group, marco, "m.room.encrypted", {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEnB0",
                                           "device_id": "MARCOPHONE", "sender_key": "c2VuZGVyLWtleQ",
                                           "session_id": "c2Vzc2lvbi0x"},
        form="UnableToDecrypt", body=None, extra={"encrypted": True})
    add(group, me, "m.room.member", {"membership": "join", "displayname": "Sam Owner"}, kind="system",
        extra={"membership": "join"})
    events[-1]["event"]["state_key"] = me
    return {"self": me, "device": "SAMDEVICE1", "people": people, "rooms": rooms, "events": events, "r": r}


def _timeline_event(spec: dict) -> dict:
    ev = spec["event"]
    if spec["form"] == "PlainText":
        return {"kind": {"PlainText": {"event": ev}}}
    if spec["form"] == "UnableToDecrypt":
        return {"kind": {"UnableToDecrypt": {"event": ev, "utd_info": {"session_id": ev["content"].get("session_id"),
                                                                       "reason": "MissingMegolmSession"}}}}
    info = {"sender": ev["sender"], "sender_device": "SAMDEVICE1" if spec["outgoing"] else "OTHERDEVICE",
            "algorithm_info": {"MegolmV1AesSha2": {"curve25519_key": "Y3VydmUta2V5", "sender_claimed_keys": {},
                                                   "session_id": "c2Vzc2lvbi0w"}},
            "verification_state": {"Unverified": "UnverifiedIdentity"}}
    return {"kind": {"Decrypted": {"event": ev, "encryption_info": info}}}


def _json(v) -> bytes:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_element_extraction(root, *, seed=0, passphrase: str | None = None, rounds: int = KDF_ROUNDS,
                             layout: str = "android") -> dict:
    """Write the three stores of one Element X session under ``root``; returns the scenario and paths."""
    root = Path(root)
    s = scenario(seed)
    r = s.pop("r")
    session = str(uuid.UUID(int=r.getrandbits(128), version=4))
    if layout == "ios":
        data_dir = cache_dir = root / IOS_GROUP / "Library" / "Caches" / "Sessions" / session
    else:
        data_dir = root / APP_DIR / "files" / "sessions" / session
        cache_dir = root / APP_DIR / "cache" / session
    data_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    ec, st, cr = (_Store(random.Random(f"element-store-{seed}-{n}"), passphrase, rounds) for n in ("ec", "st", "cr"))

    with build_db(cache_dir / "matrix-sdk-event-cache.sqlite3", EVENT_CACHE_DDL) as con:
        ec.kv(con, EVENT_CACHE_VERSION)
        for room in s["rooms"]:
            lc = ec.key("linked_chunks", room)
            con.execute(insert_sql("linked_chunks", ("linked_chunk_id", "id", "previous", "next", "type")),
                        (lc, 0, None, None, "E"))
            pos = 0
            for spec in s["events"]:
                if spec["room"] != room:
                    continue
                ev = spec["event"]
                con.execute(insert_sql("event_chunks", ("linked_chunk_id", "chunk_id", "event_id", "position")),
                            (lc, 0, ev["event_id"], pos))
                pos += 1
                rel = ev["content"].get("m.relates_to") or {}
                session_id = ev["content"].get("session_id") if spec["form"] == "UnableToDecrypt" else None
                con.execute(insert_sql("events", ("room_id", "event_id", "event_type", "session_id", "content",
                                                  "relates_to", "rel_type")),
                            (lc, ev["event_id"], ec.key("events", ev["type"]),
                             ec.key("events", session_id) if session_id else None,
                             ec.value(_json(_timeline_event(spec))), rel.get("event_id"), rel.get("rel_type")))

    with build_db(data_dir / "matrix-sdk-state.sqlite3", STATE_DDL) as con:
        st.kv(con, STATE_VERSION)
        for room, info in s["rooms"].items():
            con.execute(insert_sql("room_info", ("room_id", "state", "data")),
                        (st.key("room_info", room), st.key("room_info", json.dumps("Joined")),
                         st.value(_json({"room_id": room, "room_state": "Joined"}))))
            state = [("m.room.create", "", {"creator": info["members"][0], "room_version": "10"})]
            if info["name"]:
                state.append(("m.room.name", "", {"name": info["name"]}))
            state += [("m.room.member", m, {"membership": "join", "displayname": s["people"][m]}) for m in info["members"]]
            for etype, skey, content in state:
                ev = {"type": etype, "state_key": skey, "sender": info["members"][0], "content": content,
                      "event_id": _event_id(r), "origin_server_ts": START_MS}
                con.execute(insert_sql("state_event", ("room_id", "event_type", "state_key", "stripped", "data")),
                            (st.key("state_event", room), st.key("state_event", etype), st.key("state_event", skey),
                             False, st.value(_json(ev))))

    with build_db(data_dir / "matrix-sdk-crypto.sqlite3", CRYPTO_DDL) as con:
        cr.kv(con, CRYPTO_VERSION)
        account = {"user_id": s["self"], "device_id": s["device"], "pickle": {}, "shared": True, "dehydrated": False,
                   "uploaded_signed_key_count": 50, "creation_local_time": START_MS}
        con.execute(insert_sql("kv", ("key", "value")), ("account", cr.value(mp_pack(account))))

    rel = lambda p: p.relative_to(root).as_posix()  # noqa: E731
    s.update(session=session, event_cache=rel(cache_dir / "matrix-sdk-event-cache.sqlite3"),
             state_store=rel(data_dir / "matrix-sdk-state.sqlite3"), crypto_store=rel(data_dir / "matrix-sdk-crypto.sqlite3"),
             passphrase=passphrase)
    return s
