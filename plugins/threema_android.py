"""Threema for Android: ``ch.threema.app*/databases/threema4.db`` with the master key of ``files/key.dat``.

The database is SQLCipher 4 with ``kdf_iter`` 1, its password the string ``x"<hex master key>"``;
the master key comes from ``files/key.dat``, unprotected (only obfuscated with a constant) unless
the user set a passphrase: then ``--key threema=PASSPHRASE`` (PBKDF2 or scrypt, see
:mod:`artefacts.decoders.threema_key`, from the app's ``MasterKey.java``). ``--key threema=<64 hex>``
gives the master key itself. A plain (already decrypted) copy is parsed directly.

Tables (real DDL assembled from the app's own CREATE statements:
``artefacts/synthetic/ddl/threema_android.sql``, sources in its header):

* ``message`` (one-to-one) and ``m_group_message`` (``groupId`` -> ``m_group``): ``identity`` is the
  contact's Threema ID (for a group message, the sender's, or for an outgoing one the author's own
  field as the app stores it), ``outbox`` 1 outgoing, ``type`` the ordinal of ``MessageType``
  (0 TEXT, 1 IMAGE, 2 VIDEO, 3 VOICEMESSAGE, 4 LOCATION, 5 CONTACT, 6 STATUS, 7 BALLOT, 8 FILE,
  9 VOIP_STATUS, 10 DATE_SEPARATOR, 11 GROUP_CALL_STATUS, 12 FORWARD_SECURITY_STATUS,
  13 GROUP_STATUS), ``body``, ``caption``, ``state``, ``isStatusMessage``, ``quotedMessageId``,
  times in milliseconds since 1970: ``createdAtUtc``, ``postedAtUtc`` (accepted by the server),
  ``modifiedAtUtc``, ``deliveredAtUtc``, ``readAtUtc``, ``editedAtUtc``, ``deletedAtUtc``.
  The event time is the app's own sort key (database update to version 124, ``sortAtUtc``):
  ``createdAtUtc`` for an outgoing message, else ``postedAtUtc`` and, when that is NULL,
  ``createdAtUtc``; every other time is kept in ``extra``.
* ``distribution_list_message`` (``distributionListId`` -> ``distribution_list``, members in
  ``distribution_list_member``): what the user sent to a distribution list (the app also sends
  each member a one-to-one copy, which is in ``message``); conversation ``distribution_list:<id>``.
* ``ballot`` (polls: ``name``, ``state``, ``type``, ``choiceType``, ``assessment``, ``creatorIdentity``,
  ``createdAt`` ms) with ``ballot_choice`` (``name``, ``voteCount``, ``order``) and the conversation
  from ``identity_ballot`` or ``group_ballot``: a message event from the creator whose body lists the
  question and choices; ``ballot_vote`` (``votingIdentity``, ``ballotChoiceId``, ``choice`` as
  stored, ``modifiedAt`` ms): a reaction event per vote row, its body the choice's name,
  ``extra.target`` the ballot's locator.
* ``contacts``: ``identity``, ``firstName``, ``lastName``, ``publicNickName``, ``verificationLevel``,
  ``state``, ``dateCreated`` (ms), ``publicKey`` -> contact events; ``m_group`` + ``group_member``:
  group names and members.

Kinds: TEXT, LOCATION, BALLOT, FILE and the deprecated media types are messages (``body`` is the
text; for other types the serialised body the app stores is kept as ``extra.body_raw`` and the
caption, if any, is the body); VOIP_STATUS and GROUP_CALL_STATUS are calls; STATUS, DATE_SEPARATOR,
FORWARD_SECURITY_STATUS, GROUP_STATUS and every row with ``isStatusMessage`` are system events.
A type number not in the enum is kept as a message with ``extra.type_name`` "unknown".
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.decoders.sqlcipher import APP_SETTINGS
from artefacts.decoders.threema_key import ThreemaKeyError, database_password, master_key
from artefacts.encrypted import check_encrypted_store, parse_store
from artefacts.events import CREATED, INCOMING, MODIFIED, OUTGOING, SENT, contact_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

KEY_APP = "threema"
MESSAGE_TYPES = ("TEXT", "IMAGE", "VIDEO", "VOICEMESSAGE", "LOCATION", "CONTACT", "STATUS", "BALLOT", "FILE",
                 "VOIP_STATUS", "DATE_SEPARATOR", "GROUP_CALL_STATUS", "FORWARD_SECURITY_STATUS", "GROUP_STATUS")
TEXT_TYPES = {"TEXT"}
CALL_TYPES = {"VOIP_STATUS", "GROUP_CALL_STATUS"}
SYSTEM_TYPES = {"STATUS", "DATE_SEPARATOR", "FORWARD_SECURITY_STATUS", "GROUP_STATUS"}
TIME_COLUMNS = ("postedAtUtc", "createdAtUtc", "modifiedAtUtc", "deliveredAtUtc", "readAtUtc", "editedAtUtc",
                "deletedAtUtc")
OPTIONAL = ("caption", "state", "isStatusMessage", "quotedMessageId", "apiMessageId", "isRead") + TIME_COLUMNS
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")


def message_to_event(row, ctx) -> dict:
    """One ``message`` or ``m_group_message`` row (by column name) -> one event."""
    table = ctx.lookups["table"]
    t = row["type"]
    tname = MESSAGE_TYPES[t] if isinstance(t, int) and 0 <= t < len(MESSAGE_TYPES) else "unknown"
    outgoing = row["outbox"] == 1
    identity = row["identity"]
    names = ctx.lookups.get("names", {})
    extra = {"threema_type": t, "type_name": tname}
    for col in ("state", "apiMessageId", "quotedMessageId", "isRead"):
        if row[col] not in (None, ""):
            extra[col] = row[col]
    for col in TIME_COLUMNS:
        if row[col] is not None:
            extra[col] = ctx.time(UNIX_MILLISECONDS, row[col], column=f"{table}.{col}")
            extra[col + "_raw"] = row[col]
    if outgoing or row["postedAtUtc"] is None:
        raw, col, desc = row["createdAtUtc"], "createdAtUtc", SENT if outgoing else CREATED
    else:
        raw, col, desc = row["postedAtUtc"], "postedAtUtc", SENT
    if table == "distribution_list_message":
        dlist = ctx.lookups.get("lists", {}).get(row["distributionListId"], {})
        conversation = f"distribution_list:{row['distributionListId']}"
        conversation_name = dlist.get("name")
        sender = None if outgoing else identity
        recipients = list(dlist.get("members", []))
    elif table == "m_group_message":
        group = ctx.lookups.get("groups", {}).get(row["groupId"], {})
        conversation = f"group:{row['groupId']}"
        conversation_name = group.get("name")
        sender = None if outgoing else identity
        recipients = [m for m in group.get("members", []) if m != sender] if not outgoing else group.get("members", [])
        extra["apiGroupId"] = group.get("apiGroupId")
        extra["group_creator"] = group.get("creator")
    else:
        conversation, conversation_name = identity, names.get(identity)
        sender = None if outgoing else identity
        recipients = [identity] if outgoing else []
    body = row["body"]
    kind = "message"
    if row["isStatusMessage"] or tname in SYSTEM_TYPES:
        kind = "system"
    elif tname in CALL_TYPES:
        kind = "call"
    if tname not in TEXT_TYPES and tname != "unknown" and kind != "system":
        extra["body_raw"] = body
        body = row["caption"] or None
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, raw, column=f"{table}.{col}"),
        "timestamp_raw": raw,
        "timestamp_desc": desc,
        "kind": kind,
        "direction": OUTGOING if outgoing else INCOMING,
        "conversation_id": conversation,
        "conversation_name": conversation_name,
        "sender": sender,
        "sender_name": names.get(sender) if sender else None,
        "recipients": recipients,
        "body": body,
        "extra": extra,
    }


def _ballot_conversation(ctx, ballot_id) -> tuple[str | None, str | None]:
    lk = ctx.lookups
    if ballot_id in lk.get("ballot_groups", {}):
        gid = lk["ballot_groups"][ballot_id]
        return f"group:{gid}", lk.get("groups", {}).get(gid, {}).get("name")
    identity = lk.get("ballot_identities", {}).get(ballot_id)
    return identity, lk.get("names", {}).get(identity)


def poll_body(title, choice_names) -> str:
    """The body of a poll event: ``Poll: <question> [<choice> / <choice>]`` (also used by ``threema_ios``)."""
    return f"Poll: {title or ''}" + (" [" + " / ".join(n or "" for n in choice_names) + "]" if choice_names else "")


def ballot_to_event(row, ctx) -> dict:
    """One ``ballot`` row (with its choices from the lookups) -> the poll as a message from its creator."""
    choices = ctx.lookups.get("ballot_choices", {}).get(row["id"], [])
    conversation, conversation_name = _ballot_conversation(ctx, row["id"])
    creator = row["creatorIdentity"]
    extra = {"ballot": {k: row[k] for k in ("apiBallotId", "state", "assessment", "type", "choiceType", "displayType")},
             "choices": choices}
    for col in ("modifiedAt", "lastViewedAt"):
        if row[col] is not None:
            extra[col] = ctx.time(UNIX_MILLISECONDS, row[col], column=f"ballot.{col}")
            extra[col + "_raw"] = row[col]
    body = poll_body(row["name"], [c["name"] for c in choices])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["createdAt"], column="ballot.createdAt"),
        "timestamp_raw": row["createdAt"],
        "timestamp_desc": CREATED,
        "kind": "message",
        "direction": None,
        "conversation_id": conversation,
        "conversation_name": conversation_name,
        "sender": creator,
        "sender_name": ctx.lookups.get("names", {}).get(creator),
        "body": body,
        "extra": extra,
    }


def vote_to_event(row, ctx) -> dict:
    """One ``ballot_vote`` row -> a reaction to its ballot (body: the choice's name; ``choice`` kept as stored)."""
    conversation, conversation_name = _ballot_conversation(ctx, row["ballotId"])
    voter = row["votingIdentity"]
    choice = ctx.lookups.get("choice_names", {}).get(row["ballotChoiceId"])
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["modifiedAt"], column="ballot_vote.modifiedAt"),
        "timestamp_raw": row["modifiedAt"],
        "timestamp_desc": MODIFIED,
        "kind": "reaction",
        "conversation_id": conversation,
        "conversation_name": conversation_name,
        "sender": voter,
        "sender_name": ctx.lookups.get("names", {}).get(voter),
        "body": choice,
        "extra": {"target": f"ballot:id={row['ballotId']}", "ballotChoiceId": row["ballotChoiceId"],
                  "choice": row["choice"],
                  "createdAt": ctx.time(UNIX_MILLISECONDS, row["createdAt"], column="ballot_vote.createdAt"),
                  "createdAt_raw": row["createdAt"]},
    }


def contact_to_event(row, ctx) -> dict:
    identity = row["identity"]
    full = " ".join(x for x in (row["firstName"], row["lastName"]) if x) or None
    name = full or (f"~{row['publicNickName']}" if row["publicNickName"] else None)
    extra = {k: row[k] for k in ("firstName", "lastName", "publicNickName", "verificationLevel", "state")
             if row[k] not in (None, "")}
    created = (UNIX_MILLISECONDS, row["dateCreated"] or None, "contacts.dateCreated", "dateCreated")
    return threema_contact_event(ctx, identity, name, extra, row["publicKey"], created, f"contacts:identity={identity}")


def threema_contact_event(ctx, identity, name, extra, public_key, created, locator) -> dict:
    """A Threema contact (Android and iOS): ``extra`` gets ``publicKey`` as hex and the creation time
    ``created = (unit, raw, column, key)`` as ``extra[key]`` with ``key + "_raw"``."""
    if public_key:
        extra["publicKey"] = bytes(public_key).hex()
    unit, raw, column, key = created
    if raw is not None:
        extra[key] = ctx.time(unit, raw, column=column)
        extra[key + "_raw"] = raw
    return contact_event(identity, name, f"{name or identity} (Threema ID {identity})", extra, locator)


class ThreemaAndroidParser(Parser):
    name = "threema_android"
    version = __version__
    app = "threema"
    platform = "android"
    description = ("Threema for Android threema4.db (SQLCipher 4; master key from files/key.dat, "
                   "--key threema=PASSPHRASE when it is protected): messages, group messages, calls, contacts, groups")
    path_globs = ("**/ch.threema.app*/databases/threema4.db", "**/threema4.db")
    related_globs = {"key": ("**/ch.threema.app*/files/key.dat",)}
    tables = {"message": {"id", "identity", "outbox", "type", "body"}}
    time_units = {f"{t}.{c}": UNIX_MILLISECONDS for t in ("message", "m_group_message", "distribution_list_message")
                  for c in TIME_COLUMNS}
    time_units["contacts.dateCreated"] = UNIX_MILLISECONDS
    time_units.update({"ballot.createdAt": UNIX_MILLISECONDS, "ballot.modifiedAt": UNIX_MILLISECONDS,
                       "ballot.lastViewedAt": UNIX_MILLISECONDS, "ballot_vote.createdAt": UNIX_MILLISECONDS,
                       "ballot_vote.modifiedAt": UNIX_MILLISECONDS})
    references = (
        "artefacts/synthetic/ddl/threema_android.sql (the app's CREATE statements, sources in its header)",
        "threema-ch/threema-android localcrypto/MasterKey.java (key.dat), ThreemaApplication (password x\"hex\"), "
        "DatabaseService (kdf_iter 1), storage/models/MessageType.java, AbstractMessageModel.java, "
        "DatabaseUtil.getDateTimeContentValue (ms), the version-124 update (sortAtUtc)",
        "project notes formats.md (Threema Android row)",
    )

    def check_file(self, ctx) -> str | None:
        return check_encrypted_store(ctx, "threema4.db", lambda c: c.has_columns("message", "identity", "outbox", "type")
                                     and c.has_table("contacts"), "Threema")

    def parse(self, ctx):
        yield from parse_store(ctx, self, keys_and_notes=self.candidate_keys(ctx), settings=APP_SETTINGS["threema"],
                               scratch_name="threema4.db", what="Threema",
                               need="files/key.dat from the same phone (with --key threema=PASSPHRASE when the user "
                                    "set one), or --key threema=<64 hex digits of the master key>")

    @staticmethod
    def _ballots(ctx):
        _load_ballot_lookups(ctx)
        opt = ", ".join(ctx.column_or_null("ballot", c) for c in (
            "apiBallotId", "state", "assessment", "type", "choiceType", "displayType", "modifiedAt", "lastViewedAt"))
        yield from ctx.map_rows(f"SELECT id, creatorIdentity, name, createdAt, {opt} FROM ballot ORDER BY id",
                                ballot_to_event, table="ballot", id_column="id")
        if ctx.has_columns("ballot_vote", "id", "ballotId", "ballotChoiceId", "votingIdentity", "choice", "createdAt",
                           "modifiedAt"):
            yield from ctx.map_rows("SELECT id, ballotId, ballotChoiceId, votingIdentity, choice, createdAt, modifiedAt "
                                    "FROM ballot_vote ORDER BY id", vote_to_event, table="ballot_vote", id_column="id")

    @staticmethod
    def candidate_keys(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        keys, passphrases, notes = [], [], []
        for n, material in enumerate(ctx.keys(KEY_APP), 1):
            value = material.strip()
            if _HEX64.match(value):
                keys.append((f"--key threema #{n} (master key)", database_password(bytes.fromhex(value))))
            elif value:
                passphrases.append(material)
        for sf in ctx.related("key"):
            try:
                master = master_key(sf.local_path.read_bytes(), passphrases)
            except ThreemaKeyError as exc:
                notes.append(f"{sf.path}: {exc}")
                continue
            except OSError as exc:
                notes.append(f"{sf.path} cannot be read ({exc})")
                continue
            label = sf.path + (" unlocked with --key threema" if passphrases else "")
            keys.append((label, database_password(master)))
        return keys, notes

    def parse_plain(self, ctx):
        if not ctx.has_columns("message", "id", "identity", "outbox", "type", "body"):
            have = ", ".join(sorted(ctx.schema)) or "none"
            ctx.warn(f"unknown schema version: no Threema message table (message with id, identity, outbox, type, "
                     f"body); tables: {have}")
            return
        lk = ctx.lookups
        lk["names"], lk["groups"], lk["lists"] = {}, {}, {}
        has_contacts = ctx.has_columns("contacts", "identity", "firstName", "lastName", "publicNickName")
        if has_contacts:
            for row in ctx.rows("SELECT identity, firstName, lastName, publicNickName FROM contacts"):
                full = " ".join(x for x in (row["firstName"], row["lastName"]) if x)
                lk["names"][row["identity"]] = full or (f"~{row['publicNickName']}" if row["publicNickName"] else None)
        if ctx.has_columns("m_group", "id", "name", "creatorIdentity", "apiGroupId"):
            for row in ctx.rows("SELECT id, name, creatorIdentity, apiGroupId FROM m_group"):
                lk["groups"][row["id"]] = {"name": row["name"], "creator": row["creatorIdentity"],
                                           "apiGroupId": row["apiGroupId"], "members": []}
            if ctx.has_columns("group_member", "identity", "groupId"):
                for row in ctx.rows("SELECT groupId, identity FROM group_member ORDER BY id"):
                    lk["groups"].get(row["groupId"], {"members": []})["members"].append(row["identity"])
        if ctx.has_columns("distribution_list", "id", "name"):
            for row in ctx.rows("SELECT id, name FROM distribution_list"):
                lk["lists"][row["id"]] = {"name": row["name"], "members": []}
            if ctx.has_columns("distribution_list_member", "identity", "distributionListId"):
                for row in ctx.rows("SELECT distributionListId, identity FROM distribution_list_member ORDER BY id"):
                    lk["lists"].get(row["distributionListId"], {"members": []})["members"].append(row["identity"])
        for table, extra_cols in (("message", ""), ("m_group_message", ", groupId"),
                                  ("distribution_list_message", ", distributionListId")):
            if not ctx.has_columns(table, "id", "identity", "outbox", "type", "body"):
                continue
            lk["table"] = table
            opt = ", ".join(ctx.column_or_null(table, c) for c in OPTIONAL)
            sql = f"SELECT id, identity, outbox, type, body{extra_cols}, {opt} FROM {table} ORDER BY id"
            yield from ctx.map_rows(sql, message_to_event, table=table, id_column="id")
        if ctx.has_columns("ballot", "id", "creatorIdentity", "name", "createdAt"):
            yield from self._ballots(ctx)
        if has_contacts:
            opt = ", ".join(ctx.column_or_null("contacts", c) for c in ("verificationLevel", "state", "dateCreated", "publicKey"))
            sql = f"SELECT identity, firstName, lastName, publicNickName, {opt} FROM contacts ORDER BY identity"
            yield from ctx.map_rows(sql, contact_to_event, table="contacts", id_column="identity")


def _load_ballot_lookups(ctx) -> None:
    lk = ctx.lookups
    lk["ballot_choices"], lk["choice_names"], lk["ballot_groups"], lk["ballot_identities"] = {}, {}, {}, {}
    if ctx.has_columns("ballot_choice", "id", "ballotId", "name"):
        votes = ctx.column_or_null("ballot_choice", "voteCount")
        order = '"order"' if ctx.has_columns("ballot_choice", "order") else "id"  # a keyword: quoted
        for r in ctx.rows(f"SELECT id, ballotId, name, {votes} FROM ballot_choice ORDER BY ballotId, {order}, id"):
            lk["ballot_choices"].setdefault(r["ballotId"], []).append({"name": r["name"], "voteCount": r["voteCount"]})
            lk["choice_names"][r["id"]] = r["name"]
    if ctx.has_columns("group_ballot", "groupId", "ballotId"):
        lk["ballot_groups"] = {r["ballotId"]: r["groupId"] for r in ctx.rows("SELECT groupId, ballotId FROM group_ballot")}
    if ctx.has_columns("identity_ballot", "identity", "ballotId"):
        lk["ballot_identities"] = {r["ballotId"]: r["identity"] for r in ctx.rows("SELECT identity, ballotId FROM identity_ballot")}


@hookimpl
def register_parsers(register):
    register(ThreemaAndroidParser)
