"""Discord for Android (and iOS): the message cache of the key-value store ``kv-storage/@account.<id>/a``.

Android keeps it in ``files/kv-storage/`` of ``com.discord``, iOS in ``Library/Caches/kv-storage/`` of the
app's container (iLEAPP): the parsers ``discord_android`` and ``discord_ios_kv`` differ only in where they look.

Where the facts come from (no create statement is published and no real file is in the corpus):

* ALEAPP ``scripts/artifacts/discordChats.py`` (``abrignoni/ALEAPP``): the path
  ``*/data/com.discord/files/kv-storage/*/a*``; table ``messages0``, whose 7th column holds a JSON blob
  ``{"channelId", "id", "message": {...}}`` (``message.timestamp``, ``author.{id, username, avatar}``,
  ``content``, ``attachments[].{filename, url, proxy_url}``, ``mentions``, ``mention_roles``, ``pinned``,
  ``edited_timestamp``).
* iLEAPP ``scripts/artifacts/discordChats.py`` (``abrignoni/iLEAPP``, the same store on iOS): the column is
  ``data`` (``SELECT data FROM messages0``) and its first byte precedes the JSON (iLEAPP skips it; ALEAPP
  drops non-printable characters). Here one leading byte is skipped when the blob does not start with ``{``.
* ``../shared/reference/apps.md``: the folder is ``@account.<id>``, the account's user id; a message whose
  author id is that id is outgoing, any other incoming.
* The message object itself is Discord's API message, mapped by the same function as the iOS HTTP cache
  (``plugins/discord_ios.py``, which cites the Discord developer documentation): attachments, edits,
  replies, reactions, mentions, and a call message (type 3 with ``call``) as a ``call`` event.

The blob is attacker-controlled: capped at 16 MiB (plaso's limit for Discord JSON), parsed by
:func:`json.loads` only. Not read: the other ``kv-storage`` tables (no source describes them).
"""

from __future__ import annotations

import json
import re

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING
from artefacts.parser import SQLiteParser
from artefacts.plugins.discord_ios import MAX_BYTES, DiscordIosParser, message_to_event as api_message_event

__version__ = "1.0"

ACCOUNT_DIR = re.compile(r"/@account\.([^/]+)/[^/]+$")


def account_id(path: str) -> str | None:
    """The account's user id from the store's folder ``@account.<id>`` (None when the folder is named otherwise)."""
    match = ACCOUNT_DIR.search("/" + path.replace("\\", "/"))
    return match.group(1) if match else None


def row_to_event(row, ctx) -> dict:
    """One ``messages0`` row: its ``data`` blob (a leading byte, then JSON) -> a message or call event."""
    blob = row["data"]
    if isinstance(blob, str):
        blob = blob.encode("utf-8")
    if not isinstance(blob, (bytes, bytearray)) or len(blob) > MAX_BYTES:
        raise ValueError("data is not a blob of a readable size")
    if blob[:1] != b"{":
        blob = blob[1:]
    try:
        doc = json.loads(bytes(blob).decode("utf-8"))
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("message"), dict):
        raise ValueError("data holds no message object")
    message = doc["message"]
    event = api_message_event({"message": message, "id": message.get("id", doc.get("id"))}, ctx)
    if event["conversation_id"] is None and isinstance(doc.get("channelId"), str):
        event["conversation_id"] = doc["channelId"]
    account = ctx.lookups.get("discord_account")
    if account is not None and event["sender"] is not None:
        event["direction"] = OUTGOING if event["sender"] == account else INCOMING
    return event


class DiscordAndroidParser(SQLiteParser):
    name = "discord_android"
    version = __version__
    app = "discord"
    platform = "android"
    description = "Discord for Android kv-storage message cache (messages0): messages with direction, attachments, calls"
    path_globs = ("**/com.discord/files/kv-storage/*/a",)
    required_tables = {"messages0": {"data"}}
    # the Message Object's times, as the iOS parser reads them
    time_units = {k.replace("messages[]", "messages0.data.message"): u for k, u in DiscordIosParser.time_units.items()}
    references = (
        "ALEAPP scripts/artifacts/discordChats.py (kv-storage path, messages0 JSON blob: channelId, id, message)",
        "iLEAPP scripts/artifacts/discordChats.py (messages0.data, leading byte skipped)",
        "Discord developer documentation, Message Object (through plugins/discord_ios.py)",
        "artefacts/synthetic/ddl/discord_android_kv.sql",
    )

    def parse(self, ctx):
        ctx.lookups["discord_account"] = account_id(ctx.source.path)
        yield from ctx.map_rows("SELECT rowid, data FROM messages0 ORDER BY rowid", row_to_event,
                                table="messages0", id_column="rowid")


class DiscordIosKvParser(DiscordAndroidParser):
    """The same store on iOS, where iLEAPP's ``discordChats.py`` reads it (``*/Library/Caches/kv-storage/@account*/a*``)."""

    name = "discord_ios_kv"
    platform = "ios"
    description = "Discord for iOS kv-storage message cache (messages0): messages with direction, attachments, calls"
    path_globs = ("**/Library/Caches/kv-storage/@account*/a",)


@hookimpl
def register_parsers(register):
    register(DiscordAndroidParser)
    register(DiscordIosKvParser)
