"""Wire for Android, current app (Kalium): ``com.wire/databases/user-db-<user uuid>-<domain>``.

One database per logged-in account, named by ``FileNameUtil.userDBName``
(``"user-db-${userId.value}-${userId.domain}".filterFileName()``, which keeps only letters, digits and
``-``: ``user-db-<uuid>-wirecom`` for the domain wire.com; wireapp/kalium
``persistence/src/commonMain/kotlin/com/wire/kalium/persistence/util/FileNameUtil.kt``). It is opened by
``userDatabaseBuilder`` (``persistence/src/androidMain/kotlin/com/wire/kalium/persistence/db/UserDatabase.kt``
@ 85de0cfb) through net.zetetic sqlcipher-android with the passphrase bytes ``UserDBSecret.value``: SQLCipher
4 default settings, and a passphrase of 32 random bytes (``SecurityHelperImpl.userDBSecret`` /
``generatePassword``, ``MIN_DATABASE_SECRET_LENGTH = 32``, logic/src/commonMain/.../util/SecurityHelper.kt)
kept base64-encoded in the app's Keystore-encrypted preferences under ``user_db_secret_alias_<user id>``.
The secret cannot be read from an extraction without the Keystore, so it comes from the examiner:
``--key wire=<64 hex digits>`` or ``--key wire=<the base64 value>``. A plain (already decrypted) copy is
parsed directly.

Tables (real DDL: ``artefacts/synthetic/ddl/wire_kalium.sql``, from the SQLDelight ``.sq`` files named in
its header): ``Message`` (``creation_date`` ms since 1970 by ``InstantTypeAdapter``; ``content_type``,
``status``, ``visibility`` enum names of ``MessageEntity``; ``expire_after_millis`` and
``self_deletion_end_date`` of self-deleting messages), its content tables ``MessageTextContent``,
``MessageAssetContent``, ``MessageRestrictedAssetContent``, ``MessageMissedCallContent``,
``MessageConversationChangedContent``, ``MessageConversationLocationContent``, ``MessageMemberChangeContent``;
``Conversation`` (``type`` ONE_ON_ONE/GROUP/SELF/CONNECTION_PENDING, ``name``), ``Member``, ``User``
(``qualified_id`` ``<uuid>@<domain>``, ``name``, ``handle``). The account's own id is the user whose uuid
the file name carries. A content type this parser does not know is kept as a message with its raw
``content_type`` in ``extra``; a ``KNOCK`` ("ping") has no content table and no body.
"""

from __future__ import annotations

import base64
import binascii
import re

from artefacts import hookimpl
from artefacts.decoders.sqlcipher import VERSIONS, SQLCipherKey
from artefacts.encrypted import check_encrypted_store, is_plain, open_sqlcipher, parse_opened, with_provenance
from artefacts.events import INCOMING, OUTGOING, SENT, attachment, contact_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

KEY_APP = "wire"
SECRET_LENGTH = 32
_DB_NAME = re.compile(r"^user-db-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})-(.+)$")
_SIDECAR = ("-wal", "-shm", "-journal")
SYSTEM_TYPES = {"MEMBER_CHANGE", "CONVERSATION_RENAMED", "REMOVED_FROM_TEAM", "CRYPTO_SESSION_RESET",
                "NEW_CONVERSATION_RECEIPT_MODE", "CONVERSATION_RECEIPT_MODE_CHANGED", "HISTORY_LOST",
                "HISTORY_LOST_PROTOCOL_CHANGED", "CONVERSATION_MESSAGE_TIMER_CHANGED", "CONVERSATION_CREATED",
                "MLS_WRONG_EPOCH_WARNING", "CONVERSATION_DEGRADED_MLS", "CONVERSATION_DEGRADED_PROTEUS",
                "CONVERSATION_VERIFIED_MLS", "CONVERSATION_VERIFIED_PROTEUS", "FEDERATION",
                "CONVERSATION_PROTOCOL_CHANGED", "CONVERSATION_PROTOCOL_CHANGED_DURING_CALL",
                "CONVERSATION_STARTED_UNVERIFIED_WARNING", "LEGAL_HOLD", "FAILED_DECRYPTION"}


def parse_secret(material: str) -> bytes | None:
    """The 32-byte user database secret from ``--key wire=``: 64 hex digits or its base64 form; else None."""
    value = "".join(material.split())
    if re.fullmatch(r"[0-9a-fA-F]{64}", value):
        return bytes.fromhex(value)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == SECRET_LENGTH else None


def secret_key(secret: bytes) -> SQLCipherKey:
    """The secret as SQLCipher takes it from sqlcipher-android: a passphrase (PBKDF2 input), never a raw key."""
    return SQLCipherKey("passphrase", secret)


def _self_uuid(path: str) -> str | None:
    m = _DB_NAME.match(path.rsplit("/", 1)[-1])
    return m.group(1).lower() if m else None


def message_to_event(row, ctx) -> dict:
    lk = ctx.lookups
    ctype = row["content_type"]
    sender = row["sender_user_id"]
    own = lk.get("own")
    outgoing = own is not None and sender == own
    conv = row["conversation_id"]
    extra = {"content_type": ctype, "status": row["status"], "visibility": row["visibility"],
             "message_id": row["id"]}
    if row["sender_client_id"]:
        extra["sender_client_id"] = row["sender_client_id"]
    if row["expire_after_millis"] is not None:
        extra["expire_after_millis"] = row["expire_after_millis"]
        extra["self_deleting"] = True
    if row["self_deletion_end_date"] is not None:
        extra["self_deletion_end_date"] = ctx.time(UNIX_MILLISECONDS, row["self_deletion_end_date"],
                                                   column="Message.self_deletion_end_date")
        extra["self_deletion_end_date_raw"] = row["self_deletion_end_date"]
    if row["last_edit_date"] is not None:
        extra["last_edit_date"] = ctx.time(UNIX_MILLISECONDS, row["last_edit_date"], column="Message.last_edit_date")
        extra["last_edit_date_raw"] = row["last_edit_date"]
    kind, body, atts = "message", None, []
    if ctype == "TEXT":
        body = row["text_body"]
        if row["quoted_message_id"]:
            extra["quoted_message_id"] = row["quoted_message_id"]
    elif ctype == "ASSET":
        atts.append(attachment(name=row["asset_name"], mime_type=row["asset_mime_type"], size=row["asset_size"]))
        extra["asset_id"] = row["asset_id"]
        if row["asset_width"] is not None:
            extra["asset_dimensions"] = [row["asset_width"], row["asset_height"]]
        if row["asset_duration_ms"] is not None:
            extra["asset_duration_ms"] = row["asset_duration_ms"]
    elif ctype == "RESTRICTED_ASSET":
        atts.append(attachment(name=row["r_asset_name"], mime_type=row["r_asset_mime_type"], size=row["r_asset_size"]))
    elif ctype == "KNOCK":
        extra["knock"] = True
    elif ctype == "MISSED_CALL":
        kind = "call"
        extra["missed_call"] = True
        extra["caller_id"] = row["caller_id"]
    elif ctype == "LOCATION":
        extra["location"] = {"latitude": row["latitude"], "longitude": row["longitude"], "name": row["loc_name"],
                             "zoom": row["zoom"]}
        body = f"Location: {row['loc_name'] or ''} ({row['latitude']}, {row['longitude']})".replace(":  (", ": (")
    elif ctype == "CONVERSATION_RENAMED":
        kind = "system"
        body = f"Conversation renamed to {row['conversation_name']}"
    elif ctype == "MEMBER_CHANGE":
        kind = "system"
        extra["member_change_type"] = row["member_change_type"]
        extra["member_change_list"] = row["member_change_list"]
    elif ctype in SYSTEM_TYPES:
        kind = "system"
    members = lk.get("members", {}).get(conv, [])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["creation_date"], column="Message.creation_date"),
        "timestamp_raw": row["creation_date"],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": OUTGOING if outgoing else INCOMING,
        "conversation_id": conv,
        "conversation_name": lk.get("conversations", {}).get(conv),
        "sender": sender,
        "sender_name": lk.get("names", {}).get(sender),
        "recipients": [m for m in members if m != sender],
        "body": body,
        "attachments": atts,
        "deleted": row["visibility"] == "DELETED",
        "extra": extra,
    }


def user_to_event(row, ctx) -> dict:
    uid = row["qualified_id"]
    extra = {k: row[k] for k in ("handle", "email", "phone", "team", "connection_status", "user_type", "deleted")
             if row[k] not in (None, "")}
    body = row["name"] or uid
    if row["handle"]:
        body += f" (@{row['handle']})"
    return contact_event(uid, row["name"], body, extra, f"User:qualified_id={uid}")


# content table -> (columns read, aliases) joined on (message_id, conversation_id)
_CONTENT = (
    ("MessageTextContent", (("text_body", None), ("quoted_message_id", None))),
    ("MessageAssetContent", (("asset_size", None), ("asset_name", None), ("asset_mime_type", None), ("asset_id", None),
                             ("asset_width", None), ("asset_height", None), ("asset_duration_ms", None))),
    ("MessageRestrictedAssetContent", (("asset_size", "r_asset_size"), ("asset_name", "r_asset_name"),
                                       ("asset_mime_type", "r_asset_mime_type"))),
    ("MessageMissedCallContent", (("caller_id", None),)),
    ("MessageConversationChangedContent", (("conversation_name", None),)),
    ("MessageConversationLocationContent", (("latitude", None), ("longitude", None), ("name", "loc_name"),
                                            ("zoom", None))),
    ("MessageMemberChangeContent", (("member_change_list", None), ("member_change_type", None))),
)


class WireAndroidParser(Parser):
    name = "wire_android"
    version = __version__
    app = "wire"
    platform = "android"
    description = ("Wire for Android (Kalium) user database user-db-<uuid>-<domain> (SQLCipher 4; key: "
                   "--key wire=<64 hex>|<base64>): messages (text, assets, pings, missed calls, locations, "
                   "self-deleting), conversations, users")
    path_globs = ("**/com.wire/databases/user-db-*", "**/user-db-*-*")
    required_tables = {"Message": {"id", "content_type", "conversation_id", "creation_date", "sender_user_id",
                                   "status", "visibility"}}
    time_units = {"Message.creation_date": UNIX_MILLISECONDS, "Message.last_edit_date": UNIX_MILLISECONDS,
                  "Message.self_deletion_end_date": UNIX_MILLISECONDS}
    references = (
        "artefacts/synthetic/ddl/wire_kalium.sql (wireapp/kalium persistence/src/commonMain/db_user/.../Messages.sq "
        "@ eeebe546, Conversations.sq @ 7ee2e1b0, Users.sq @ 438aabae, Members.sq @ 09b42c26)",
        "wireapp/kalium adapter/InstantTypeAdapter.kt @ 2ca7bf24 (Instant = epoch ms), adapter/QualifiedIDAdapter.kt "
        "@ 9b012f8b (value@domain), dao/message/MessageEntity.kt @ 2f2df05c (ContentType, Status, Visibility)",
        "wireapp/kalium persistence/src/androidMain/.../db/UserDatabase.kt @ 85de0cfb (sqlcipher-android, passphrase "
        "bytes), logic/.../util/SecurityHelper.kt (32 random bytes, base64 in preferences), util/FileNameUtil.kt "
        "(user-db-<value>-<domain>)",
    )

    def check_file(self, ctx) -> str | None:
        name = ctx.source.path.rsplit("/", 1)[-1]
        if name.endswith(_SIDECAR):
            return "a SQLite sidecar file"
        named = name if name.startswith("user-db-") else "user-db"
        return check_encrypted_store(ctx, named, lambda c: c.has_columns("Message", "id", "content_type",
                                                                          "creation_date", "sender_user_id"), "Wire")

    def parse(self, ctx):
        if is_plain(ctx):
            yield from self.parse_plain(ctx)
            return
        keys, bad = [], []
        for n, material in enumerate(ctx.keys(KEY_APP), 1):
            secret = parse_secret(material)
            if secret is None:
                bad.append(f"--key wire #{n}: not 64 hex digits nor the base64 of 32 bytes")
            else:
                keys.append((f"--key wire #{n}", secret_key(secret)))
        hint = ("needed: --key wire=<64 hex digits> (the 32-byte user database secret that Wire keeps in its "
                "Keystore-encrypted preferences as user_db_secret_alias_<user id>)")
        opened = open_sqlcipher(ctx, keys, settings=VERSIONS[4], scratch_name="wire-user.db", hint=hint, tried=bad)
        if opened is None:
            return

        def decrypted(dctx, prov):
            dctx.lookups["decrypted"] = f"decrypted ({prov['settings']}; key: {prov['key_source']}), but "
            dctx.lookups["self_uuid"] = _self_uuid(ctx.source.path)
            yield from with_provenance(self.parse_plain(dctx), prov)

        yield from parse_opened(opened, self, decrypted, "Wire")

    def parse_plain(self, ctx):
        need = sorted(self.required_tables["Message"])
        if not ctx.has_columns("Message", *need):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn(f"{ctx.lookups.get('decrypted', '')}unknown schema version: no Kalium Message table "
                     f"({', '.join(need)}); tables: {have}")
            return
        lk = ctx.lookups
        self_uuid = lk.get("self_uuid") or _self_uuid(ctx.source.path)
        lk["names"], lk["conversations"], lk["members"] = {}, {}, {}
        has_users = ctx.has_columns("User", "qualified_id", "name", "handle")
        if has_users:
            for row in ctx.rows("SELECT qualified_id, name FROM User"):
                if row["name"]:
                    lk["names"][row["qualified_id"]] = row["name"]
                if self_uuid and str(row["qualified_id"]).lower().startswith(self_uuid + "@"):
                    lk["own"] = row["qualified_id"]
        if ctx.has_columns("Member", "user", "conversation"):
            for row in ctx.rows("SELECT user, conversation FROM Member ORDER BY rowid"):
                lk["members"].setdefault(row["conversation"], []).append(row["user"])
        if ctx.has_columns("Conversation", "qualified_id", "name", "type"):
            for row in ctx.rows("SELECT qualified_id, name, type FROM Conversation"):
                name = row["name"]
                if not name and row["type"] == "ONE_ON_ONE":
                    others = [m for m in lk["members"].get(row["qualified_id"], []) if m != lk.get("own")]
                    name = lk["names"].get(others[0]) if len(others) == 1 else None
                if name:
                    lk["conversations"][row["qualified_id"]] = name
        cols = ["m.id", "m.content_type", "m.conversation_id", "m.creation_date", "m.sender_user_id", "m.status",
                "m.visibility"]
        cols += [ctx.column_or_null("Message", c, prefix="m") for c in
                 ("sender_client_id", "last_edit_date", "expire_after_millis", "self_deletion_end_date")]
        joins = []
        for i, (table, wanted) in enumerate(_CONTENT):
            alias = f"c{i}"
            present = ctx.has_columns(table, "message_id", "conversation_id")
            for col, as_name in wanted:
                out = as_name or col
                if present and ctx.has_columns(table, col):
                    cols.append(f"{alias}.{col} AS {out}")
                else:
                    cols.append(f"NULL AS {out}")
            if present:
                joins.append(f"LEFT JOIN {table} {alias} ON {alias}.message_id = m.id "
                             f"AND {alias}.conversation_id = m.conversation_id")
        sql = f"SELECT {', '.join(cols)} FROM Message m {' '.join(joins)} ORDER BY m.creation_date, m.rowid"
        yield from ctx.map_rows(sql, message_to_event, table="Message", id_column="id")
        if has_users:
            opt = ", ".join(ctx.column_or_null("User", c) for c in ("email", "phone", "team", "connection_status",
                                                                     "user_type", "deleted"))
            sql = f"SELECT qualified_id, name, handle, {opt} FROM User ORDER BY qualified_id"
            yield from ctx.map_rows(sql, user_to_event, table="User", id_column="qualified_id")


@hookimpl
def register_parsers(register):
    register(WireAndroidParser)
