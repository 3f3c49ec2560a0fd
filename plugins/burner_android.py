"""Burner for Android (``com.adhoclabs.burner``): texts, calls, contacts and the account's numbers.

Burner rents second phone numbers ("burners") that send and receive texts and calls without a SIM
in the holder's name. ``databases/burners.db`` holds them all.

Where the facts come from:

* Schema: the real database of plaso's test data (``test_data/android/burners.sqlite``, plaso @
  4ea03ef9; DDL in ``artefacts/synthetic/ddl/burner_android.sql``). Path: ALEAPP
  ``scripts/artifacts/burner.py`` (``*/com.adhoclabs.burner/databases/burners.db``).
* ``burners`` (plaso ``plaso/parsers/sqlite_plugins/android_burners.py`` and its test; ALEAPP):
  one row per number the account holds: ``phone_number_id`` the number, ``name``/``alias``,
  ``date_created``, ``last_updated_date``, ``expiration_date`` (and ``renewal_date``) milliseconds
  since 1970, minute and text allowances. Each is a ``contact`` event with ``extra.owned: true``
  (the number is the account holder's, not a correspondent's); its times are in ``extra``.
* ``messages`` (ALEAPP ``burner.py``; plaso does not read this table): ``date_created``
  milliseconds since 1970, ``direction`` 1 incoming, 2 outgoing, ``message_type`` 1 call, 2 text
  message; ``contact_phone_number`` the other party, ``burner_id`` the burner used (joined to
  ``burners.burner_id`` for its number), ``message`` the text, ``asset_url`` an attached picture's
  URL, ``voice_url`` a voicemail's, ``duration`` (ALEAPP's label: "Approximate Call Duration
  (minutes)"; kept raw in ``extra.duration`` with that label, not converted). A text is a
  ``message`` event, a call a ``call`` event. The burner's number is the sender of outgoing records
  and the recipient of incoming ones, so the owner's second number appears on every record.
  ``state``, ``connected``, ``read``, ``send_status`` are kept as stored (no source gives their
  values' meaning).
* ``contacts`` (ALEAPP joins it to ``messages`` on the phone number): ``name``, ``phone_number``,
  ``date_created`` (ms), ``blocked``, ``muted``, ``notes``: one ``contact`` event each.

Left out: ``connections`` (third-party service links) and ``subscriptions`` (store receipts).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

DIRECTIONS = {1: INCOMING, 2: OUTGOING}
CALL, TEXT = 1, 2
DURATION_LABEL = "ALEAPP: approximate call duration (minutes); unverified"
MESSAGE_OPTIONAL = ("state", "connected", "read", "send_status", "contact_burner_id", "sid", "user_id", "duration",
                    "asset_url", "voice_url", "last_updated_date")
BURNER_TIMES = {"date_created": "created", "last_updated_date": "last_updated", "expiration_date": "expiration",
                "renewal_date": "renewal"}
BURNER_OPTIONAL = ("alias", "voicemail_url", "user_id", "features", "total_minutes", "remaining_minutes", "total_texts",
                   "remaining_texts", "disabled", "auto_reply_active", "auto_reply_text", "caller_id_enabled",
                   "call_forward_status", "last_updated_date", "renewal_date", "expiration_date")
CONTACT_OPTIONAL = ("contact_id", "burner_id", "blocked", "muted", "notes", "images", "last_updated_date")


def message_to_event(row, ctx) -> dict:
    """One ``messages`` row (with its burner's number) -> a message event (texts) or a call event (calls)."""
    direction = DIRECTIONS.get(row["direction"])
    mtype = row["message_type"]
    other = row["contact_phone_number"] or None
    own = row["burner_number"] or None
    extra: dict = {"direction_raw": row["direction"], "message_type": mtype, "message_id": row["message_id"],
                   "burner_id": row["burner_id"]}
    if own:
        extra["burner_number"] = own
    for col in MESSAGE_OPTIONAL:
        value = row[col]
        if value in (None, "") or col == "last_updated_date":
            continue
        extra[col] = value
    if row["duration"] is not None:
        extra["duration_unit"] = DURATION_LABEL
    time_pair(ctx, extra, "last_updated", row["last_updated_date"], "messages.last_updated_date", UNIX_MILLISECONDS)
    attachments = []
    for col in ("asset_url", "voice_url"):
        url = row[col]
        if url:
            attachments.append(attachment(name=url.rsplit("/", 1)[-1] or url))
    if direction == OUTGOING:
        sender, recipients, desc = own, [other] if other else [], SENT
    elif direction == INCOMING:
        sender, recipients, desc = other, [own] if own else [], RECEIVED
    else:
        sender, recipients, desc = None, [], CREATED
    if mtype == CALL:
        kind, desc = "call", CALL_START
        body = f"Call, {direction or 'direction ' + str(row['direction'])}"
        if row["voice_url"]:
            body += ", voicemail"
    else:
        kind = "message" if mtype == TEXT else "other"
        body = row["message"]
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["date_created"], column="messages.date_created"),
        "timestamp_raw": row["date_created"],
        "timestamp_desc": desc,
        "kind": kind,
        "direction": direction,
        "conversation_id": other,
        "conversation_name": row["contact_name"] or None,
        "sender": sender,
        "sender_name": (row["contact_name"] or None) if direction == INCOMING else None,
        "recipients": recipients,
        "body": body,
        "attachments": attachments,
        "extra": extra,
    }


def burner_to_event(row, ctx) -> dict:
    """One ``burners`` row -> a contact event of a number the account owns (``extra.owned``)."""
    number = row["phone_number_id"]
    name = row["name"] or None
    extra: dict = {"owned": True, "burner_id": row["burner_id"]}
    for col in BURNER_OPTIONAL:
        if row[col] not in (None, "") and col not in BURNER_TIMES:
            extra[col] = row[col]
    for col in BURNER_TIMES:
        time_pair(ctx, extra, BURNER_TIMES[col], row[col], f"burners.{col}", UNIX_MILLISECONDS)
    body = f"Burner number {number}" + (f" ({name})" if name else "")
    return contact_event(number, name, body, extra, f"burners:_id={row['_id']}")


def contact_to_event(row, ctx) -> dict:
    """One ``contacts`` row -> one contact event."""
    number = row["phone_number"] or None
    name = row["name"] or None
    extra: dict = {}
    for col in CONTACT_OPTIONAL:
        if row[col] not in (None, "") and col != "last_updated_date":
            extra[col] = row[col]
    time_pair(ctx, extra, "created", row["date_created"], "contacts.date_created", UNIX_MILLISECONDS)
    time_pair(ctx, extra, "last_updated", row["last_updated_date"], "contacts.last_updated_date", UNIX_MILLISECONDS)
    body = name if name and name != number else number
    if name and name != number and number:
        body = f"{name} ({number})"
    return contact_event(number, name, body, extra, f"contacts:_id={row['_id']}")


class BurnerAndroidParser(SQLiteParser):
    name = "burner_android"
    version = __version__
    app = "burner"
    platform = "android"
    description = "Burner for Android burners.db: texts and calls of the second numbers, contacts, the numbers held"
    path_globs = ("**/com.adhoclabs.burner/databases/burners.db",)
    required_tables = {
        "burners": {"_id", "burner_id", "phone_number_id", "name", "date_created", "expiration_date"},
        "messages": {"_id", "message_id", "message", "contact_phone_number", "message_type", "date_created", "direction",
                     "burner_id"},
    }
    time_units = {
        "messages.date_created": UNIX_MILLISECONDS, "messages.last_updated_date": UNIX_MILLISECONDS,
        **{f"burners.{c}": UNIX_MILLISECONDS for c in BURNER_TIMES},
        "contacts.date_created": UNIX_MILLISECONDS, "contacts.last_updated_date": UNIX_MILLISECONDS,
    }
    references = (
        "plaso plaso/parsers/sqlite_plugins/android_burners.py and test_data/android/burners.sqlite",
        "ALEAPP scripts/artifacts/burner.py (messages: direction, message_type, duration)",
        "artefacts/synthetic/ddl/burner_android.sql",
    )

    def parse(self, ctx):
        opt = ", ".join(ctx.column_or_null("burners", c) for c in BURNER_OPTIONAL if c not in self.required_tables["burners"])
        yield from ctx.map_rows(f"SELECT _id, burner_id, phone_number_id, name, date_created, expiration_date, {opt} FROM burners ORDER BY _id",
                                burner_to_event, table="burners", id_column="_id")
        contact_name = "NULL"
        if ctx.has_columns("contacts", "name", "phone_number"):
            contact_name = "(SELECT c.name FROM contacts c WHERE c.phone_number = m.contact_phone_number ORDER BY c._id LIMIT 1)"
        cols = ", ".join(("m._id", "m.message_id", "m.message", "m.contact_phone_number", "m.message_type", "m.date_created",
                          "m.direction", "m.burner_id",
                          *(ctx.column_or_null("messages", c, prefix="m") for c in MESSAGE_OPTIONAL)))
        sql = (f"SELECT {cols}, (SELECT b.phone_number_id FROM burners b WHERE b.burner_id = m.burner_id LIMIT 1) AS burner_number, "
               f"{contact_name} AS contact_name FROM messages m ORDER BY m._id")
        yield from ctx.map_rows(sql, message_to_event, table="messages", id_column="_id")
        if ctx.has_columns("contacts", "_id", "name", "phone_number", "date_created"):
            opt = ", ".join(ctx.column_or_null("contacts", c) for c in CONTACT_OPTIONAL)
            yield from ctx.map_rows(f"SELECT _id, name, phone_number, date_created, {opt} FROM contacts ORDER BY _id",
                                    contact_to_event, table="contacts", id_column="_id")


@hookimpl
def register_parsers(register):
    register(BurnerAndroidParser)
