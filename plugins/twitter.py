"""Twitter / X: direct messages and users of the Android app's database and the iOS ``twitter.db``.

Where the facts come from:

* Schemas: the real databases of plaso's test data, plaso @ 4ea03ef9: ``test_data/android/twitter.db``
  (a 2015 Twitter for Android account database, ``PRAGMA user_version`` 7) and
  ``test_data/ios/twitter.db`` (Twitter for iOS 8+); DDL in ``artefacts/synthetic/ddl/twitter_android.sql``
  and ``twitter_ios.sql``. plaso's parsers ``plaso/parsers/sqlite_plugins/android_twitter.py`` and
  ``ios_twitter.py`` (``REQUIRED_STRUCTURE``, queries, time units) and their tests.
* Android path: ``/data/data/com.twitter.android/databases/<account user id>-<n>.db`` (forensic
  walk-throughs list e.g. ``1068228364824178689-61.db``; collection scripts take every ``*.db`` of
  that folder). The digits before the first ``-`` of the file name are the account's user id; when
  the name does not have that form (plaso's copy is ``twitter.db``) the owner is unknown.
* Android times are milliseconds since 1970 (plaso JavaTime: ``statuses.created``,
  ``users.profile_created``, ``updated``, ``friendship_time``, ``search_queries.time``); plaso treats
  0 as not set. ``conversation_entries.created`` holds the same scale (the one direct message of the
  real file: 1449108703000, a second-aligned value beside ``conversations.sort_timestamp``
  1449108703985 ms; plaso does not read the table). The real file also has ``profile_created`` = -1 on
  users whose creation date the app did not load: values <= 0 are "not set" here.
* Android direct messages (plaso does not read them; nor does any other tool found):
  ``conversation_entries`` (``conversation_id``, ``user_id`` = the sender, ``created``, ``entry_type``,
  ``data``) with ``conversation_participants`` (``conversation_id``, ``user_id``) and
  ``conversations`` (``title``). ``data`` is the app's own serialisation of the message, whose format
  is not published. In the real row the text is stored as one length byte followed by that many
  bytes of UTF-8 (offset 11: 0x71 = 113, then the 113-byte text). The parser takes the longest such
  length-prefixed run of printable UTF-8 as the body (``extra.body_source`` says so) and keeps the whole
  blob in ``extra.data_hex``; it never interprets other bytes. A text longer than 127 bytes cannot have a
  one-byte length; how the app stores one is not known, and the body may then be a shorter string of
  the blob (a link) or none: ``extra.data_hex`` is the evidence. ``entry_type`` 0 is the only value in
  the real file (a message); rows of any other type are kept as kind ``other``.
* Users: Android ``users`` (``user_id``, ``username``, ``name``, ``description``, ``location``,
  ``web_url``, ``image_url``, ``followers``, ``friends``, ``statuses``, ``profile_created``, ``updated``,
  ``friendship_time``), iOS ``Users`` (``id``, ``screenName``, ``name``, ``description``, ``location``,
  ``url``, ``profileImageUrl``, ``following``, ``followersCount``, ``followingCount``, ``createdDate`` and
  ``updatedAt`` in seconds since 1970 as REAL, which plaso truncates to whole seconds): one ``contact``
  event per user, address = the numeric user id (the id DMs carry), times in ``extra``.

Left out: tweets (Android ``statuses``, iOS ``Statuses``: public posts, not messages; plaso makes
events of them), Android ``search_queries``, timelines, notifications and the other caches. The iOS
``twitter.db`` of plaso's test data has no direct-message table; its DMs are in a separate cache
(``com.atebits.tweetie.direct-message.cache``), not parsed here.
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.events import CREATED, INCOMING, OUTGOING, SENT, contact_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

__version__ = "1.0"

SEP = "\x1f"
MAX_DATA = 1 << 16  # the real blob is 216 bytes; the scan is quadratic in the run length
OWNER_FILE = re.compile(r"^(\d+)-")
BODY_SOURCE = "longest length-prefixed printable UTF-8 run of conversation_entries.data (format unpublished)"
ANDROID_USER_TIMES = (("profile_created", "created"), ("updated", "updated"), ("friendship_time", "friendship"))
ANDROID_USER_COPIED = ("username", "description", "location", "web_url", "image_url", "followers", "friends", "statuses",
                       "friendship", "user_flags")
IOS_USER_TIMES = (("createdDate", "created"), ("updatedAt", "updated"))
IOS_USER_COPIED = ("screenName", "description", "location", "url", "profileImageUrl", "following", "followersCount",
                   "followingCount")


def length_prefixed_text(data: bytes) -> str | None:
    """The longest run ``<n><n bytes of printable UTF-8>`` (1 <= n <= 127) in ``data``, or None."""
    best = None
    for i in range(len(data) - 1):
        n = data[i]
        if not 0 < n < 0x80 or i + 1 + n > len(data) or (best is not None and n <= len(best.encode())):
            continue
        try:
            text = data[i + 1:i + 1 + n].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if text.isprintable():
            best = text
    return best


def owner_of(path: str) -> str | None:
    """The account's user id from an Android database name ``<user id>-<n>.db``; None otherwise."""
    m = OWNER_FILE.match(path.rsplit("/", 1)[-1])
    return m.group(1) if m else None


def entry_to_event(row, ctx) -> dict:
    """One ``conversation_entries`` row (sender's names and the participants attached) -> one event."""
    sender = str(row["user_id"]) if row["user_id"] is not None else None
    owner = row["owner_id"]
    participants = sorted(p for p in (row["participants"] or "").split(SEP) if p)
    direction = None
    if owner and sender:
        direction = OUTGOING if sender == owner else INCOMING
    extra: dict = {"entry_id": row["entry_id"], "entry_type": row["entry_type"], "participants": participants}
    if row["request_id"]:
        extra["request_id"] = row["request_id"]
    if row["sender_username"]:
        extra["sender_username"] = row["sender_username"]
    body = None
    data = row["data"]
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_DATA:
            ctx.warn(f"conversation_entries.data of {len(data)} bytes not read (more than {MAX_DATA})")
        else:
            extra["data_hex"] = bytes(data).hex()
            body = length_prefixed_text(bytes(data))
            if body is not None:
                extra["body_source"] = BODY_SOURCE
    elif data is not None:
        extra["data"] = data
    created = row["created"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, created, column="conversation_entries.created") if created and created > 0 else None,
        "timestamp_raw": created,
        "timestamp_desc": SENT if created and created > 0 else CREATED,
        "kind": "message" if row["entry_type"] == 0 else "other",
        "direction": direction,
        "conversation_id": row["conversation_id"],
        "conversation_name": row["title"] or None,
        "sender": sender,
        "sender_name": row["sender_name"] or None,
        "recipients": [p for p in participants if p != sender],
        "body": body,
        "extra": extra,
    }


def _user_event(address, name, screen_name, row, copied, times, unit, table, ctx, locator) -> dict:
    extra: dict = {}
    for col in copied:
        if row[col] not in (None, ""):
            extra[col] = row[col]
    for col, key in times:
        value = row[col]
        if value is not None and value > 0:
            extra[f"{key}_time"] = ctx.time(unit, value, column=f"{table}.{col}")
            extra[f"{key}_raw"] = value
    body = name or screen_name or address
    if screen_name:
        body = f"{body} (@{screen_name})"
    if row["description"]:
        body = f"{body}: {row['description']}"
    return contact_event(address, name, body, extra, locator)


def android_user_to_event(row, ctx) -> dict:
    """One Android ``users`` row -> one contact event."""
    return _user_event(str(row["user_id"]), row["name"] or None, row["username"], row, ANDROID_USER_COPIED,
                       ANDROID_USER_TIMES, UNIX_MILLISECONDS, "users", ctx, f"users:_id={row['_id']}")


def ios_user_to_event(row, ctx) -> dict:
    """One iOS ``Users`` row -> one contact event."""
    return _user_event(str(row["id"]), row["name"] or None, row["screenName"], row, IOS_USER_COPIED, IOS_USER_TIMES,
                       UNIX_SECONDS, "Users", ctx, f"Users:id={row['id']}")


class TwitterAndroidParser(SQLiteParser):
    name = "twitter_android"
    version = __version__
    app = "twitter"
    platform = "android"
    description = "Twitter/X for Android account database: direct messages and users (tweets left out)"
    path_globs = ("**/com.twitter.android/databases/*.db",)
    # only the DM table: the app's other databases in that folder may have a users table of their own
    required_tables = {"conversation_entries": {"_id", "conversation_id", "user_id", "created", "entry_type", "data"}}
    time_units = {
        "conversation_entries.created": UNIX_MILLISECONDS,
        **{f"users.{c}": UNIX_MILLISECONDS for c, _ in ANDROID_USER_TIMES},
    }
    references = (
        "plaso plaso/parsers/sqlite_plugins/android_twitter.py and test_data/android/twitter.db",
        "artefacts/synthetic/ddl/twitter_android.sql",
    )

    def parse(self, ctx):
        owner = owner_of(ctx.source.path)
        participants = "NULL"
        if ctx.has_columns("conversation_participants", "conversation_id", "user_id"):
            participants = ("(SELECT group_concat(p.user_id, char(31)) FROM conversation_participants p "
                            "WHERE p.conversation_id = e.conversation_id)")
        title = "NULL"
        if ctx.has_columns("conversations", "conversation_id", "title"):
            title = "(SELECT c.title FROM conversations c WHERE c.conversation_id = e.conversation_id)"
        cols = ", ".join(("e._id", "e.conversation_id", "e.user_id", "e.created", "e.entry_type", "e.data",
                          ctx.column_or_null("conversation_entries", "entry_id", prefix="e"),
                          ctx.column_or_null("conversation_entries", "request_id", prefix="e")))
        users = ctx.has_columns("users", "_id", "user_id", "username", "name")
        if users:
            names, join = "u.name AS sender_name, u.username AS sender_username", "LEFT JOIN users u ON u.user_id = e.user_id"
        else:
            names, join = "NULL AS sender_name, NULL AS sender_username", ""
        sql = (f"SELECT {cols}, {names}, {participants} AS participants, {title} AS title, ? AS owner_id "
               f"FROM conversation_entries e {join} ORDER BY e._id")
        yield from ctx.map_rows(sql, entry_to_event, table="conversation_entries", id_column="_id", params=(owner,))
        if not users:
            return
        cols = ", ".join(("_id", "user_id", "username", "name",
                          *(ctx.column_or_null("users", c) for c in ANDROID_USER_COPIED if c != "username"),
                          *(ctx.column_or_null("users", c) for c, _ in ANDROID_USER_TIMES)))
        yield from ctx.map_rows(f"SELECT {cols} FROM users ORDER BY _id", android_user_to_event, table="users",
                                id_column="_id")


class TwitterIosParser(SQLiteParser):
    name = "twitter_ios"
    version = __version__
    app = "twitter"
    platform = "ios"
    description = "Twitter/X for iOS twitter.db: users (tweets left out; no direct messages in this database)"
    path_globs = ("**/twitter.db",)
    required_tables = {
        "Users": {"id", "screenName", "name", "createdDate", "updatedAt"},
        "Statuses": {"date", "text", "userId"},
    }
    time_units = {f"Users.{c}": UNIX_SECONDS for c, _ in IOS_USER_TIMES}
    references = (
        "plaso plaso/parsers/sqlite_plugins/ios_twitter.py and test_data/ios/twitter.db",
        "artefacts/synthetic/ddl/twitter_ios.sql",
    )

    def parse(self, ctx):
        cols = ", ".join(("id", "name", *(c for c, _ in IOS_USER_TIMES),
                          *(ctx.column_or_null("Users", c) for c in IOS_USER_COPIED if c != "screenName"), "screenName"))
        yield from ctx.map_rows(f"SELECT {cols} FROM Users ORDER BY rowid", ios_user_to_event, table="Users",
                                id_column="id")


@hookimpl
def register_parsers(register):
    register(TwitterAndroidParser)
    register(TwitterIosParser)
