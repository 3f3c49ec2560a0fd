"""Gmail for Android (``com.google.android.gm``): the messages of ``databases/bigTopDataDB.<n>`` (one database
per account, ``<n>`` the Java ``hashCode`` of the account name), their attachments, and the label counts.

Facts (ALEAPP ``scripts/artifacts/gmailEmails.py`` and its test, which builds the tables with the real schema):

* ``item_messages`` (``row_id``, ``server_perm_id``, ``items_row_id``, ``message_proto``, ``zipped_message_proto``,
  ``is_missing_details``, ``write_sequence_id``, ``message_details_external_storage_id``, ``is_invalidated``,
  ``legacy_storage_id``): ``zipped_message_proto`` is one byte followed by a zlib stream of a protobuf message
  whose schema Google does not publish. ALEAPP reads these field numbers: 17 the message time (ms since 1970),
  1.2 / 1.3 an address and its name (ALEAPP names them "Recipient"), 5 the subject, 6.2[].3.2 the HTML body
  (one part per entry), 11.8 "mailed by", 11.9 "signed by", 11.15 / 11.17 the reply-to name and address.
* ``item_message_attachments`` (``row_id``, ``item_messages_row_id``, ``is_synced``, ``attachment_url``,
  ``attachment_cache_key``, ``attachment_file_name``, ``attachment_hash``, ``message_synced_time_ms``); the files
  are under ``files/downloads/<...>/attachments/`` (ALEAPP matches them by hash and name).
* ``label_counts`` (``label_server_perm_id``, ``unread_count``, ``total_count``, ``unseen_count``): not events.

One ``email`` event per ``item_messages`` row with a message blob, timed by field 17. Only the field numbers
ALEAPP documents are read (the decoder is :mod:`artefacts.decoders.protoblob`, never guessing a meaning); the
address of field 1 is in ``recipients`` as ALEAPP reads it, and no sender is claimed. The HTML body is the
``body`` (capped; never rendered). A blob that does not inflate or decode is one warning naming the row, the raw
bytes kept. Attachments are listed by name with their hash and URL; their files are not linked yet.
"""

from __future__ import annotations

import zlib

from artefacts import hookimpl
from artefacts.decoders.protoblob import decode_into
from artefacts.events import NOT_A_TIME, SENT
from artefacts.events import attachment as make_attachment
from artefacts.parser import SQLiteParser
from artefacts.plugins.mail_files import cap_body
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

#: the largest inflated message read (a message with its HTML body; a bigger one is a decompression bomb)
MAX_INFLATED = 16 * 1024 * 1024
#: the field types ALEAPP's reading implies (strings), so that they are never guessed as nested messages
TYPES = {"1.2": "string", "1.3": "string", "5": "string", "6.2.3.2": "string", "11.8": "string", "11.9": "string",
         "11.15": "string",
         "11.17": "string"}

MESSAGES_SQL = """
SELECT m.row_id, m.server_perm_id, m.items_row_id, m.zipped_message_proto,
       (SELECT json_group_array(json_object('name', a.attachment_file_name, 'hash', a.attachment_hash,
               'url', a.attachment_url, 'synced', a.is_synced))
          FROM item_message_attachments a WHERE a.item_messages_row_id = m.row_id) AS attachments_json
FROM item_messages m
ORDER BY m.row_id
"""


def inflate(blob) -> bytes:
    """The protobuf bytes of a ``zipped_message_proto`` value: one byte, then zlib (capped)."""
    if not isinstance(blob, (bytes, bytearray, memoryview)) or len(blob) < 3:
        raise ValueError("not a zipped message")
    inflater = zlib.decompressobj()
    data = inflater.decompress(bytes(blob)[1:], MAX_INFLATED)
    if inflater.unconsumed_tail:
        raise ValueError(f"inflates to more than {MAX_INFLATED:,} bytes")
    return data


def _text(value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def message_to_event(row, ctx) -> dict | None:
    import json

    extra = {"server_perm_id": row["server_perm_id"], "items_row_id": row["items_row_id"]}
    blob = row["zipped_message_proto"]
    if blob is None:
        return None  # a row whose details are not downloaded (is_missing_details)
    try:
        data = inflate(blob)
    except (ValueError, zlib.error) as exc:
        ctx.warn(f"item_messages.zipped_message_proto does not inflate ({exc}); kept raw in extra.message_raw")
        extra["message_raw"] = bytes(blob[:4096]).hex() if isinstance(blob, (bytes, bytearray)) else None
        tree = None
    else:
        tree = decode_into(ctx, data, extra, "message", column="item_messages.zipped_message_proto", types=TYPES)
    raw_time = tree.get("17") if tree is not None else None
    subject = _text(tree.get("5")) if tree is not None else None
    address = _text(tree.get("1.2")) if tree is not None else None
    html = "".join(t for t in (_text(v) for v in tree.all("6.2.3.2")) if t) if tree is not None else ""
    if tree is not None:
        for path, key in (("1.3", "recipient_name"), ("11.8", "mailed_by"), ("11.9", "signed_by"),
                          ("11.15", "reply_to_name"), ("11.17", "reply_to")):
            value = _text(tree.get(path))
            if value:
                extra[key] = value
    extra["subject"] = subject
    attachments = []
    for a in json.loads(row["attachments_json"] or "[]"):
        attachments.append(make_attachment(name=a.get("name"), path=None, sha256=None))
        extra.setdefault("attachment_hashes", []).append(a.get("hash"))
        if a.get("url"):
            extra.setdefault("attachment_urls", []).append(a["url"])
    when = ctx.time(UNIX_MILLISECONDS, raw_time, column="zipped_message_proto field 17") \
        if isinstance(raw_time, int) else None
    return {
        "timestamp": when,
        "timestamp_raw": raw_time,
        "timestamp_desc": SENT if when else NOT_A_TIME,
        "kind": "email",
        "conversation_name": subject,
        "recipients": [address] if address else [],
        "body": cap_body(html, extra) or None,
        "attachments": attachments,
        "extra": extra,
    }


class GmailAndroidParser(SQLiteParser):
    name = "gmail_android"
    version = __version__
    app = "gmail"
    platform = "android"
    description = ("Gmail for Android: bigTopDataDB messages (zlib + protobuf: time, subject, address, HTML body, "
                   "reply-to, mailed/signed by) and their attachments")
    path_globs = ("**/com.google.android.gm/databases/bigTopDataDB.*",)
    required_tables = {"item_messages": {"row_id", "server_perm_id", "items_row_id", "zipped_message_proto"},
                       "item_message_attachments": {"item_messages_row_id", "attachment_file_name", "attachment_hash",
                                                    "attachment_url", "is_synced"}}
    time_units = {"item_messages.zipped_message_proto field 17": UNIX_MILLISECONDS}
    references = (
        "ALEAPP scripts/artifacts/gmailEmails.py (path, zipped_message_proto: 1 byte + zlib + protobuf; fields 1.2, "
        "1.3, 5, 6.2.3.2, 11.8, 11.9, 11.15, 11.17, 17 ms; item_message_attachments columns)",
        "ALEAPP's gmailEmails test (item_messages and item_message_attachments CREATE TABLE)",
    )

    def check_file(self, ctx) -> str | None:
        if ctx.source.path.endswith(("-wal", "-shm", "-journal")):
            return "a companion file, not the database"
        return super().check_file(ctx)

    def parse(self, ctx):
        yield from ctx.map_rows(MESSAGES_SQL, message_to_event, table="item_messages", id_column="row_id")


@hookimpl
def register_parsers(register):
    register(GmailAndroidParser)
