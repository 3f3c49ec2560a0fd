"""Session (Session Foundation, formerly Oxen/Loki) for iOS: the GRDB database ``database/Session.sqlite``.

Location and encryption (session-foundation/session-ios ``SessionUtilitiesKit/Database/Storage.swift``):
``sharedDatabaseDirectoryPath`` = the app group's shared data directory + ``/database``, ``dbFileName =
"Session.sqlite"`` (iLEAPP ``sessionIOS.py`` globs ``*/AppGroup/*/database/Session.sqlite*`` and
``*/AppGroup/*/Attachments/*``). The database is SQLCipher (GRDB + SQLCipher 4 defaults, as iLEAPP opens it)
keyed with ``db.usePassphrase("x'<hex>'")``: a raw key spec of ``SQLCipherKeySpecLength = 48`` bytes -
"64 hex for the 256 bit key, followed by 32 hex for the 128 bit salt" - and ``PRAGMA
cipher_plaintext_header_size = 32``, so the salt is not in the file and the 96-digit spec is needed. The
spec is the keychain item ``GRDBDatabaseCipherKeySpec`` (``KeychainStorage.DataKey.dbCipherKeySpec``; older
versions kept it under the service ``TSKeyChainService``, which ``getOrGenerateEncryptionKey(legacyKey:
legacyService:)`` migrates). Give it as ``--key session_ios=<96 hex>`` (``x'…'`` accepted); an iTunes backup
keychain item (service ``TSKeyChainService``, account ``GRDBDatabaseCipherKeySpec``) is offered
automatically (``artefacts/evidence/itunes.py``). The current item is stored ``accessibleAfterFirstUnlock
ThisDeviceOnly`` (``KeychainStorage.set``) and is therefore not in a backup's keychain. A plain database
is parsed directly.

Tables (real DDL assembled in ``artefacts/synthetic/ddl/session_ios.sql`` from
``SessionMessagingKit/Database/Migrations/_001_InitialSetupMigration.swift`` and
``_021_ReworkRecipientState.swift``; later columns read through ``ctx.column_or_null``):

* ``interaction(id, serverHash, messageUuid, threadId, authorId, variant, body, timestampMs,
  receivedAtTimestampMs, wasRead, hasMention, expiresInSeconds, expiresStartedAtMs, linkPreviewUrl,
  openGroupServerMessageId, openGroupWhisperMods, openGroupWhisperTo, state, recipientReadTimestampMs,
  mostRecentFailureText)``. ``timestampMs``, ``receivedAtTimestampMs``, ``recipientReadTimestampMs`` and
  ``expiresStartedAtMs``: ms since 1970 UTC; ``expiresInSeconds``: seconds (``Interaction.swift``).
* ``Interaction.Variant`` raw values (``SessionMessagingKit/Database/Models/Interaction.swift``): 0
  standardIncoming, 1 standardOutgoing, 2 _legacyStandardIncomingDeleted (standardIncomingDeleted before
  ``_024_FixBustedInteractionVariant``), 3 standardIncomingDeleted, 4 standardIncomingDeletedLocally, 5
  standardOutgoingDeleted, 6 standardOutgoingDeletedLocally, 1000 infoLegacyGroupCreated, 1001
  infoLegacyGroupUpdated, 1002 infoLegacyGroupCurrentUserLeft, 1003 infoGroupCurrentUserErrorLeaving, 1004
  infoGroupCurrentUserLeaving, 1005 infoGroupInfoInvited, 1006 infoGroupInfoUpdated, 1007
  infoGroupMembersUpdated, 2000 infoDisappearingMessagesUpdate, 3000 infoScreenshotNotification, 3001
  infoMediaSavedNotification, 4000 infoMessageRequestAccepted, 5000 infoCall. ``Interaction.State``: 0
  sending, 100 sent, 200 failed, 300 syncing, 301 failedToSync, 400 deleted, 401 localOnly. For info
  messages ``authorId`` is always the device owner ("For any "info" messages this value will always be the
  current user public key"), so they carry no sender.
* ``thread(id, variant, creationDateTimestamp, ...)``; ``SessionThread.Variant`` (``SessionThread.swift``): 0
  contact (id = the contact's Session ID), 1 legacyGroup (closed group public key), 2 community (open group,
  id ``"<server lowercased>.<room>"``), 3 group. ``creationDateTimestamp``: seconds since 1970.
* ``profile(id, name, nickname)`` (``Profile.swift``: the nickname the owner set wins),
  ``contact(id, isTrusted, isApproved, isBlocked, didApproveMe, hasBeenBlocked)`` (``Contact.swift``),
  ``closedGroup(threadId, name, formationTimestamp)``, ``openGroup(threadId, server, roomToken, name, ...)``,
  ``groupMember(groupId, profileId, role, isHidden)`` with ``GroupMember.Role`` 0 standard, 1 zombie, 2
  moderator, 3 admin.
* ``interactionAttachment(albumIndex, interactionId, attachmentId)`` -> ``attachment(id, variant, state,
  contentType, byteCount, sourceFilename, localRelativeFilePath, caption, ...)`` (``Attachment.swift``:
  ``localRelativeFilePath`` is "relative to the attachments folder", taken here as ``<container>/
  Attachments``; ``Attachment.Variant`` 0 standard, 1 voiceMessage; ``Attachment.State`` 0 failedDownload,
  1 pendingDownload, 2 downloading, 3 downloaded, 4 failedUpload, 5 uploading, 6 uploaded, 100 invalid).
* ``quote(interactionId, authorId, timestampMs, body, attachmentId)`` (``timestampMs`` ms, DOUBLE).

Session IDs are ``05`` + 64 hex digits (the X25519 public key); they are the addresses of senders and
recipients. Not read: reactions, link previews, disappearing-message configuration, the 2025 attachment
renaming (``_028_RenameAttachments``), the owner's own keys (``identity``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.encrypted import header_layout, parse_keyspec_store
from artefacts.events import INCOMING, OUTGOING, SENT, contact_event, container_attachment, time_pair
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

__version__ = "1.0"

DB_NAME = "Session.sqlite"
REQUIRED = ("id", "threadId", "authorId", "variant", "body", "timestampMs")

#: Interaction.Variant -> (kind, direction, deleted, name)
VARIANTS = {
    0: ("message", INCOMING, False, "standardIncoming"),
    1: ("message", OUTGOING, False, "standardOutgoing"),
    2: ("message", INCOMING, True, "_legacyStandardIncomingDeleted"),
    3: ("message", INCOMING, True, "standardIncomingDeleted"),
    4: ("message", INCOMING, True, "standardIncomingDeletedLocally"),
    5: ("message", OUTGOING, True, "standardOutgoingDeleted"),
    6: ("message", OUTGOING, True, "standardOutgoingDeletedLocally"),
    1000: ("system", None, False, "infoLegacyGroupCreated"),
    1001: ("system", None, False, "infoLegacyGroupUpdated"),
    1002: ("system", None, False, "infoLegacyGroupCurrentUserLeft"),
    1003: ("system", None, False, "infoGroupCurrentUserErrorLeaving"),
    1004: ("system", None, False, "infoGroupCurrentUserLeaving"),
    1005: ("system", None, False, "infoGroupInfoInvited"),
    1006: ("system", None, False, "infoGroupInfoUpdated"),
    1007: ("system", None, False, "infoGroupMembersUpdated"),
    2000: ("system", None, False, "infoDisappearingMessagesUpdate"),
    3000: ("system", None, False, "infoScreenshotNotification"),
    3001: ("system", None, False, "infoMediaSavedNotification"),
    4000: ("system", None, False, "infoMessageRequestAccepted"),
    5000: ("call", None, False, "infoCall"),
}
#: Interaction.State
STATES = {0: "sending", 100: "sent", 200: "failed", 300: "syncing", 301: "failedToSync", 400: "deleted",
          401: "localOnly"}
#: SessionThread.Variant
THREAD_VARIANTS = {0: "contact", 1: "legacyGroup", 2: "community", 3: "group"}
#: Attachment.State
ATTACHMENT_STATES = {0: "failedDownload", 1: "pendingDownload", 2: "downloading", 3: "downloaded", 4: "failedUpload",
                     5: "uploading", 6: "uploaded", 100: "invalid"}
#: GroupMember.Role
ROLES = {0: "standard", 1: "zombie", 2: "moderator", 3: "admin"}

OPTIONAL = ("serverHash", "messageUuid", "receivedAtTimestampMs", "wasRead", "hasMention", "expiresInSeconds",
            "expiresStartedAtMs", "linkPreviewUrl", "openGroupServerMessageId", "openGroupWhisperMods",
            "openGroupWhisperTo", "state", "recipientReadTimestampMs", "mostRecentFailureText")



def _attachments(ctx, interaction_id) -> tuple[list[dict], list[dict]]:
    look = ctx.lookups["session_ios"]
    out, details = [], []
    for a in look["attachments"].get(interaction_id, ()):
        detail = {"id": a["id"], "state_raw": a["state"], "state": ATTACHMENT_STATES.get(a["state"], f"state {a['state']}"),
                  "variant_raw": a["variant"]}
        out.append(container_attachment(ctx, look["attachments_root"], a, detail))
        details.append(detail)
    return out, details


def interaction_to_event(row, ctx) -> dict:
    """One ``interaction`` row -> one timeline event."""
    look = ctx.lookups["session_ios"]
    variant = row["variant"]
    kind, direction, deleted, name = VARIANTS.get(variant, ("other", None, False, None))
    thread = look["threads"].get(row["threadId"], {})
    tvariant = thread.get("variant")
    extra: dict = {"variant": variant}
    if name:
        extra["variant_name"] = name
    if tvariant is not None:
        extra["thread_variant"] = THREAD_VARIANTS.get(tvariant, f"variant {tvariant}")
    for name, col in (("received_at", "receivedAtTimestampMs"), ("recipient_read", "recipientReadTimestampMs")):
        time_pair(ctx, extra, name, row[col], f"interaction.{col}", UNIX_MILLISECONDS)
    if row["expiresInSeconds"]:
        extra["expires_in_s"] = row["expiresInSeconds"]
        time_pair(ctx, extra, "expires_started", row["expiresStartedAtMs"], "interaction.expiresStartedAtMs",
                  UNIX_MILLISECONDS)
    for col, key in (("serverHash", "server_hash"), ("messageUuid", "message_uuid"),
                     ("openGroupServerMessageId", "open_group_server_message_id"),
                     ("linkPreviewUrl", "link_preview_url"), ("openGroupWhisperTo", "whisper_to"),
                     ("mostRecentFailureText", "failure_text")):
        if row[col] is not None:
            extra[key] = row[col]
    for col, key in (("hasMention", "has_mention"), ("openGroupWhisperMods", "whisper_to_mods")):
        if row[col]:
            extra[key] = True
    state = row["state"]
    if state is not None:
        extra["state_raw"] = state
    author = row["authorId"]
    sender = sender_name = None
    recipients: list[str] = []
    status = None
    if direction == INCOMING:
        sender, sender_name = author, look["names"].get(author)
        status = None if row["wasRead"] is None else ("read" if row["wasRead"] else "unread")
    elif direction == OUTGOING:
        sender, sender_name = author, look["names"].get(author)
        status = STATES.get(state, f"state {state}") if state is not None else None
        if row["recipientReadTimestampMs"]:
            status = "read"
        if tvariant == 0:
            recipients = [row["threadId"]]
        elif tvariant in (1, 3):
            recipients = [m for m in look["members"].get(row["threadId"], ()) if m != author]
    attachments, details = _attachments(ctx, row["id"])
    if details:
        extra["attachment_details"] = details
    quote = look["quotes"].get(row["id"])
    if quote is not None:
        q = {"author": quote["authorId"], "timestamp_raw": quote["timestampMs"],
             "time": ctx.time(UNIX_MILLISECONDS, quote["timestampMs"], column="quote.timestampMs")}
        if quote["body"] is not None:
            q["text"] = quote["body"]
        extra["quote"] = q
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["timestampMs"], column="interaction.timestampMs"),
        "timestamp_raw": row["timestampMs"],
        "timestamp_desc": SENT,
        "kind": kind,
        "direction": direction,
        "conversation_id": row["threadId"],
        "conversation_name": thread.get("name"),
        "sender": sender,
        "sender_name": sender_name,
        "recipients": recipients,
        "body": row["body"],
        "attachments": attachments,
        "status": status,
        "deleted": deleted,
        "extra": extra,
        "source_locator": f"interaction:id={row['id']}",
    }


def contact_to_event(row, ctx) -> dict:
    """One ``contact`` row (with its ``profile``) -> a contact event addressed by the Session ID."""
    name = row["nickname"] or row["name"]
    extra = {k: bool(row[c]) for c, k in (("isApproved", "approved"), ("isBlocked", "blocked"),
                                          ("didApproveMe", "approved_me"), ("isTrusted", "trusted"))
             if row[c] is not None}
    if row["nickname"] and row["name"]:
        extra["profile_name"] = row["name"]
    return contact_event(row["id"], name, name or row["id"], extra, f"contact:id={row['id']}")


def _lookups(ctx, source_path: str) -> dict:
    names: dict = {}
    if ctx.has_columns("profile", "id", "name"):
        nick = ctx.column_or_null("profile", "nickname")
        for r in ctx.rows(f"SELECT id, name, {nick} FROM profile"):
            if r["nickname"] or r["name"]:
                names[r["id"]] = r["nickname"] or r["name"]
    group_names: dict = {}
    for table, col in (("closedGroup", "name"), ("openGroup", "name")):
        if ctx.has_columns(table, "threadId", col):
            for tid, gname in ctx.rows(f"SELECT threadId, {col} FROM {table}"):
                group_names[tid] = gname
    threads: dict = {}
    if ctx.has_columns("thread", "id", "variant"):
        for tid, variant in ctx.rows("SELECT id, variant FROM thread"):
            threads[tid] = {"variant": variant, "name": group_names.get(tid) if variant else names.get(tid)}
    members: dict = {}
    if ctx.has_columns("groupMember", "groupId", "profileId", "role"):
        for gid, pid, role in ctx.rows("SELECT groupId, profileId, role FROM groupMember ORDER BY rowid"):
            if role != 1 and pid not in members.setdefault(gid, []):  # a zombie (role 1) has left the group
                members[gid].append(pid)
    attachments: dict = {}
    if ctx.has_columns("interactionAttachment", "interactionId", "attachmentId", "albumIndex") and \
            ctx.has_columns("attachment", "id", "contentType"):
        cols = ", ".join(ctx.column_or_null("attachment", c, prefix="a") for c in
                         ("variant", "state", "byteCount", "sourceFilename", "localRelativeFilePath", "caption"))
        for r in ctx.rows(f"SELECT ia.interactionId, a.id AS id, a.contentType AS contentType, {cols} "
                          "FROM interactionAttachment ia JOIN attachment a ON a.id = ia.attachmentId "
                          "ORDER BY ia.interactionId, ia.albumIndex"):
            attachments.setdefault(r["interactionId"], []).append(r)
    quotes: dict = {}
    if ctx.has_columns("quote", "interactionId", "authorId", "timestampMs"):
        body = ctx.column_or_null("quote", "body")
        for r in ctx.rows(f"SELECT interactionId, authorId, timestampMs, {body} FROM quote"):
            quotes[r["interactionId"]] = r
    # the app group container: .../<container>/database/Session.sqlite -> .../<container>/Attachments
    container = "/".join(source_path.split("/")[:-2])
    return {"names": names, "threads": threads, "members": members, "attachments": attachments, "quotes": quotes,
            "attachments_root": f"{container}/Attachments" if container else "Attachments"}


class SessionIosParser(Parser):
    name = "session_ios"
    version = __version__
    app = "session"
    platform = "ios"
    description = "Session for iOS GRDB Session.sqlite (SQLCipher, --key session_ios=<96 hex keychain key spec>)"
    path_globs = ("**/database/Session.sqlite",)
    tables = {"interaction": set(REQUIRED), "thread": {"id", "variant"}}
    attachment_globs = ("**/AppGroup/*/Attachments/**",)
    time_units = {
        "interaction.timestampMs": UNIX_MILLISECONDS,
        "interaction.receivedAtTimestampMs": UNIX_MILLISECONDS,
        "interaction.recipientReadTimestampMs": UNIX_MILLISECONDS,
        "interaction.expiresStartedAtMs": UNIX_MILLISECONDS,
        "quote.timestampMs": UNIX_MILLISECONDS,
        "thread.creationDateTimestamp": UNIX_SECONDS,
    }
    references = (
        "session-foundation/session-ios SessionMessagingKit/Database/Migrations/_001_InitialSetupMigration.swift, "
        "_021_ReworkRecipientState.swift (tables; artefacts/synthetic/ddl/session_ios.sql)",
        "session-foundation/session-ios SessionMessagingKit/Database/Models/Interaction.swift (Variant, State), "
        "SessionThread.swift, Attachment.swift, GroupMember.swift, Profile.swift, Contact.swift",
        "session-foundation/session-ios SessionUtilitiesKit/Database/Storage.swift (Session.sqlite, 48-byte key spec, "
        "cipher_plaintext_header_size = 32), KeychainStorage.swift",
        "abrignoni/iLEAPP scripts/artifacts/sessionIOS.py (paths, keychain key, SQLCipher)",
    )

    def check_file(self, ctx) -> str | None:
        # an encrypted file is taken only by its name (nothing else in it can be read before decryption); a
        # plain one by its name too (parse then says what an unknown schema version lacks) or by its tables
        named = ctx.source.path.rsplit("/", 1)[-1] == DB_NAME
        if header_layout(ctx) != "plain":
            return None if named else f"not a plain SQLite file and not named {DB_NAME}"
        if named or ctx.has_columns("interaction", *REQUIRED):
            return None
        return f"no table interaction({', '.join(REQUIRED)})"

    def parse(self, ctx):
        yield from parse_keyspec_store(ctx, self, self._parse_db, apps=("session_ios",),
                                       scratch_name=DB_NAME, what="Session iOS")

    def _parse_db(self, ctx, provenance):
        if not ctx.has_columns("interaction", *REQUIRED):
            ctx.warn(f"unknown schema version: no Session table interaction({', '.join(REQUIRED)})"
                     + (" (the decrypted file)" if provenance else ""))
            return
        ctx.lookups["session_ios"] = _lookups(ctx, ctx.source.path)
        cols = ", ".join(ctx.column_or_null("interaction", c) for c in OPTIONAL)
        sql = f"SELECT {', '.join(REQUIRED)}, {cols} FROM interaction ORDER BY id"
        events = ctx.map_rows(sql, interaction_to_event, table="interaction", id_column="id")
        if ctx.has_columns("contact", "id") and ctx.has_columns("profile", "id", "name"):
            ccols = ", ".join(ctx.column_or_null("contact", c, prefix="c") for c in
                              ("isApproved", "isBlocked", "didApproveMe", "isTrusted"))
            contacts = ctx.map_rows(f"SELECT c.id AS id, p.name AS name, {ctx.column_or_null('profile', 'nickname', prefix='p')}, "
                                    f"{ccols} FROM contact c LEFT JOIN profile p ON p.id = c.id ORDER BY c.id",
                                    contact_to_event, table="contact", id_column="id")
        else:
            contacts = ()
        for stream in (events, contacts):
            for ev in stream:
                if provenance is not None:
                    ev["extra"] = {**(ev.get("extra") or {}), "decrypted_from": dict(provenance)}
                yield ev


@hookimpl
def register_parsers(register):
    register(SessionIosParser)
