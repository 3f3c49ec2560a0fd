"""Proton Mail for Android (``ch.protonmail.android``, the app of ProtonMail/proton-mail-android):
``databases/MessagesDatabase.db``, messages with PGP-encrypted bodies.

Where the facts come from (ProtonMail/proton-mail-android):

* ``app/schemas/ch.protonmail.android.data.local.MessageDatabase/20.json`` (Room's exported schema):
  ``messagev3`` and ``conversations`` as created (copied into ``artefacts/synthetic/ddl/protonmail_android.sql``);
  ``data/local/MessageDatabase.kt``: the file name ``MessagesDatabase.db``.
* ``data/local/model/Message.kt``: ``Type`` 0 = INBOX, 1 = DRAFT, 2 = SENT, 3 = INBOX_AND_SENT; ``Time`` in
  seconds ("API returns time in seconds"); ``Body`` the message body as the API sends it (an armored PGP
  message, decrypted by the app with the key of the address ``AddressID``); the sender embedded as
  ``Sender_SenderName`` / ``Sender_SenderSerialized`` (the address); ``Header`` the message's header block.
* ``data/local/model/MessagesTypesConverter.kt``: ``ToList``, ``CCList``, ``BCCList``, ``ReplyTos`` are Base64
  of a Java serialisation of ``List<MessageRecipient>``; ``LabelIDs`` joined with ``;``.
  ``api/models/MessageRecipient.java``: the fields ``Name`` and ``Address``. Read with
  :func:`artefacts.decoders.javaser.read_object`.

Bodies are decrypted with :mod:`pgpy` when the examiner gives the account's armored private key and its
passphrase: ``--key protonmail=KEYFILE:PASSPHRASE`` (the key as exported from the account; repeat for
several keys). Without a key, or when no given key opens a body, the body stays as stored (the armored
message) with ``extra.encrypted = true``; a key that cannot be read or unlocked, and bodies no key
opens, are one warning each per file. The ``Header`` block is parsed like a mail file's
(``Received`` chain, ``Authentication-Results``, ``Message-ID``, ``In-Reply-To``) by
``plugins/mail_files.py``. The conversation is the store's ``ConversationID``.
"""

from __future__ import annotations

import base64
import binascii
import os
import warnings

from artefacts import hookimpl
from artefacts.decoders.javaser import JavaSerialError, read_object
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import MAX_HEADER_CHARS, cap_body, raw_headers
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

MESSAGE_TYPES = {0: "inbox", 1: "draft", 2: "sent", 3: "inbox_and_sent"}
MAX_RECIPIENTS_BYTES = 1 << 20
PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"


def recipients(value) -> list[tuple[str, str]]:
    """``(name, address)`` of a stored recipients column (Base64 of a Java-serialised list); ``[]`` if unreadable."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_RECIPIENTS_BYTES:
        return []
    try:
        obj = read_object(base64.b64decode(value))
    except (JavaSerialError, binascii.Error, ValueError):
        return []
    items = getattr(obj, "annotations", ())
    return [(str(x.get("Name") or ""), str(x["Address"])) for x in items
            if isinstance(x, dict) and isinstance(x.get("Address"), str) and x["Address"]]


def split_key_argument(value: str) -> tuple[str, str]:
    """``KEYFILE:PASSPHRASE`` (the file name may itself hold colons: the longest existing prefix wins)."""
    for i in range(len(value), 0, -1):
        if (i == len(value) or value[i] == ":") and os.path.isfile(value[:i]):
            return value[:i], value[i + 1:]
    return value, ""


def _quiet(func):
    """pgpy warns (deprecations of its cipher modules, key preferences) on stderr: not the examiner's concern."""
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return func(*args, **kwargs)
    return wrapper


@_quiet
def load_keys(ctx) -> list:
    """The unlocked private keys given as ``--key protonmail=...``; one warning per key that fails."""
    import pgpy

    keys = []
    for arg in ctx.keys("protonmail"):
        path, passphrase = split_key_argument(arg)
        try:
            key, _ = pgpy.PGPKey.from_file(path)
        except Exception as exc:  # missing file, not an armored key
            ctx.warn_file(f"--key protonmail: {os.path.basename(path)!r} is not a readable PGP private key "
                          f"({type(exc).__name__})")
            continue
        if key.is_protected:
            try:
                with key.unlock(passphrase):
                    pass
            except Exception:
                ctx.warn_file(f"--key protonmail: the passphrase does not unlock key {key.fingerprint.keyid}")
                continue
        keys.append((key, passphrase))
    return keys


@_quiet
def decrypt_body(body: str, keys) -> str | None:
    """The plaintext of an armored PGP message with one of ``keys`` (None if none opens it)."""
    import pgpy

    try:
        message = pgpy.PGPMessage.from_blob(body)
    except Exception:
        return None
    wanted = set(message.encrypters)
    for key, passphrase in keys:
        ids = {key.fingerprint.keyid, *(k for k in key.subkeys)}
        if wanted and not wanted & ids:
            continue
        try:
            if key.is_protected:
                with key.unlock(passphrase):
                    plain = key.decrypt(message).message
            else:
                plain = key.decrypt(message).message
        except Exception:
            continue
        return plain.decode("utf-8", "replace") if isinstance(plain, (bytes, bytearray)) else str(plain)
    return None


def message_to_event(row, ctx) -> dict:
    mtype = row["Type"]
    direction = INCOMING if mtype == 0 else OUTGOING if mtype in (1, 2, 3) else None
    to, cc, bcc = recipients(row["ToList"]), recipients(row["CCList"]), recipients(row["BCCList"])
    addrs: list[str] = []
    for _, a in (*to, *cc, *bcc):
        if a not in addrs:
            addrs.append(a)
    extra = {"subject": row["Subject"], "message_id": row["ID"], "message_type": MESSAGE_TYPES.get(mtype, mtype),
             "message_type_raw": mtype, "location_raw": row["Location"], "folder_location": row["FolderLocation"],
             "labels": [x for x in (row["LabelIDs"] or "").split(";") if x], "unread": row["Unread"],
             "starred": row["Starred"], "num_attachments": row["NumAttachments"], "size": row["Size"],
             "is_encrypted_raw": row["IsEncrypted"], "is_downloaded": row["IsDownloaded"], "mime_type": row["MIMEType"],
             "address_id": row["AddressID"], "expiration_time_raw": row["ExpirationTime"],
             "to": [f"{n} <{a}>" if n else a for n, a in to], "cc": [f"{n} <{a}>" if n else a for n, a in cc],
             "bcc": [f"{n} <{a}>" if n else a for n, a in bcc], "reply_to": [a for _, a in recipients(row["ReplyTos"])]}
    header = row["Header"]
    if isinstance(header, str) and header:
        from email import policy
        from email.parser import Parser as HeaderParser

        parsed = raw_headers(HeaderParser(policy=policy.default).parsestr(header[:MAX_HEADER_CHARS * 4], headersonly=True))
        extra["header_message_id"] = (parsed.get("message-id") or [None])[0]
        extra["in_reply_to"] = (parsed.get("in-reply-to") or [None])[0]
        extra["received"] = parsed.get("received", [])
        extra["authentication_results"] = parsed.get("authentication-results", [])
    body = row["Body"]
    if isinstance(body, str) and PGP_MESSAGE in body[:200]:
        plain = decrypt_body(body, ctx.protonmail_keys) if ctx.protonmail_keys else None
        if plain is None:
            extra["encrypted"] = True
            ctx.protonmail_locked += 1
        else:
            body = plain
            extra["encrypted"], extra["decrypted"] = False, True
    body = cap_body(body, extra)
    return {
        "timestamp": ctx.time(UNIX_SECONDS, row["Time"], zero_is_null=True, column="messagev3.Time"),
        "timestamp_raw": row["Time"],
        "timestamp_desc": SENT if direction == OUTGOING else RECEIVED,
        "kind": "email",
        "direction": direction,
        "conversation_id": row["ConversationID"],
        "conversation_name": row["Subject"],
        "sender": row["Sender_SenderSerialized"],
        "sender_name": row["Sender_SenderName"] or None,
        "recipients": addrs,
        "body": body or None,
        "extra": extra,
    }


MESSAGE_SQL = ("SELECT _id, ID, ConversationID, Subject, Unread, Type, Time, Size, Location, FolderLocation, Starred, "
               "NumAttachments, IsEncrypted, ExpirationTime, Body, IsDownloaded, AddressID, MIMEType, Header, LabelIDs, "
               "ToList, ReplyTos, CCList, BCCList, Sender_SenderName, Sender_SenderSerialized FROM messagev3 ORDER BY _id")


class ProtonMailAndroidParser(SQLiteParser):
    name = "protonmail_android"
    version = __version__
    app = "protonmail"
    platform = "android"
    description = ("Proton Mail for Android: MessagesDatabase.db messages; PGP-encrypted bodies decrypted with "
                   "--key protonmail=KEYFILE:PASSPHRASE, else kept encrypted and marked")
    path_globs = ("**/ch.protonmail.android/databases/*MessagesDatabase.db",)
    required_tables = {"messagev3": {"_id", "ID", "ConversationID", "Subject", "Type", "Time", "Body", "ToList",
                                     "CCList", "BCCList", "Sender_SenderSerialized"}}
    time_units = {"messagev3.Time": UNIX_SECONDS}
    references = (
        "ProtonMail/proton-mail-android app/schemas/ch.protonmail.android.data.local.MessageDatabase/20.json "
        "(messagev3, conversations), data/local/MessageDatabase.kt (MessagesDatabase.db)",
        "ProtonMail/proton-mail-android data/local/model/Message.kt (Type, Time in seconds, Body), "
        "MessagesTypesConverter.kt (recipients: Base64 Java serialisation), api/models/MessageRecipient.java",
    )

    def parse(self, ctx):
        ctx.protonmail_keys = load_keys(ctx)
        ctx.protonmail_locked = 0
        yield from ctx.map_rows(MESSAGE_SQL, message_to_event, table="messagev3", id_column="_id")
        if ctx.protonmail_locked and ctx.protonmail_keys:
            ctx.warn_file(f"{ctx.protonmail_locked} message bodies not decrypted: none of the keys given with "
                          "--key protonmail opens them (kept encrypted, extra.encrypted = true)")


@hookimpl
def register_parsers(register):
    register(ProtonMailAndroidParser)
