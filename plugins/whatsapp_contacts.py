"""WhatsApp for Android contacts: ``wa.db`` table ``wa_contacts``.

Facts from the real 2018 ``wa.db`` of the lab-whatsapp corpus (DDL in the project's reference
notes) and ALEAPP's WhatsApp notes:

* one row per address known to the app: ``jid`` (``<number>@s.whatsapp.net``, groups
  ``@g.us``), ``display_name`` (the phone's address-book name), ``wa_name`` (the name the user
  set in WhatsApp), ``given_name``/``family_name``, ``number``, ``is_whatsapp_user``,
  ``raw_contact_id`` (links to ``contacts2.db`` ``raw_contacts._id``);
* ``status`` is the contact's "about" text and ``status_timestamp`` the time it was set, in
  milliseconds since 1970 (0 = unset);
* the ``status@broadcast`` row is WhatsApp's own status channel, not a contact: skipped.

A contact is not an occurrence in time: its event has no timestamp ("Not a time"); the status
time is kept in ``extra``. ``photo_ts``/``thumb_ts`` are kept raw only: in the real file they
hold seconds-sized values although the reference notes list them as milliseconds, so no unit is
declared for them until a source settles it.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import contact_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

STATUS_JID = "status@broadcast"
OPTIONAL = (
    "display_name", "wa_name", "given_name", "family_name", "nickname", "sort_name", "company", "title",
    "number", "phone_type", "phone_label", "is_whatsapp_user", "raw_contact_id", "status", "status_timestamp",
    "photo_ts", "thumb_ts", "is_spam_reported",
)


def contact_to_event(row, ctx) -> dict | None:
    """One ``wa_contacts`` row (by column name) -> one contact event; None for the status channel."""
    jid = row["jid"]
    if jid == STATUS_JID:
        return None
    name = row["display_name"] or row["wa_name"]
    extra = {}
    for col in OPTIONAL:
        value = row[col]
        if value not in (None, "") and col != "status_timestamp":
            extra[col] = value
    if row["status_timestamp"]:
        extra["status_time"] = ctx.time(UNIX_MILLISECONDS, row["status_timestamp"], column="wa_contacts.status_timestamp")
        extra["status_time_raw"] = row["status_timestamp"]
    extra["is_group"] = bool(jid and jid.endswith("@g.us"))
    body = name or jid
    if row["wa_name"] and row["wa_name"] != name:
        body = f"{body} (WhatsApp name: {row['wa_name']})"
    if row["status"]:
        body = f"{body}: {row['status']}"
    return contact_event(jid, name, body, extra, f"wa_contacts:_id={row['_id']}")


class WhatsAppContactsParser(SQLiteParser):
    name = "whatsapp_contacts"
    version = __version__
    app = "whatsapp"
    platform = "android"
    description = "WhatsApp for Android contacts (wa.db wa_contacts): names, numbers, about text"
    path_globs = ("**/com.whatsapp/databases/wa.db", "**/com.whatsapp.w4b/databases/wa.db")
    required_tables = {"wa_contacts": {"_id", "jid"}}
    time_units = {"wa_contacts.status_timestamp": UNIX_MILLISECONDS}
    references = (
        "real file: corpus/other/lab-whatsapp/wa.db (2018, user_version 28)",
        "reference/ddl/whatsapp_android_wa_db.sql",
        "ALEAPP scripts/artifacts/WhatsApp.py (wa_contacts: display_name, wa_name, jid)",
    )

    def parse(self, ctx):
        yield from ctx.map_table("wa_contacts", contact_to_event, id_column="_id", columns=("_id", "jid"), optional=OPTIONAL)


@hookimpl
def register_parsers(register):
    register(WhatsAppContactsParser)
