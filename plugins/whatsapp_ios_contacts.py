"""WhatsApp for iOS contacts: ``ContactsV2.sqlite`` table ``ZWAADDRESSBOOKCONTACT``.

One row per address-book number the app has seen (schema facts:
``artefacts/synthetic/ddl/whatsapp_ios_contactsv2_2023.sql``, the real file of iLEAPP's
``whatsApp.josh_ios15_ffs`` case, and ``whatsapp_ios_contactsv2.sql``, mvt's fixture whose text
columns are BLOBs):

* ``ZWHATSAPPID`` ``<number>@s.whatsapp.net``, NULL for an entry without WhatsApp; ``ZLID`` the
  ``@lid`` form (2023+); ``ZFULLNAME``, ``ZGIVENNAME``; ``ZPHONENUMBER`` as the address book
  holds it and ``ZPHONENUMBERLABEL`` (``_$!<Mobile>!$_`` is the address book's marker for a
  built-in label: iLEAPP strips ``_$!<`` and ``>!$_``); ``ZIDENTIFIER`` the address-book record id
  (a person with two numbers has two rows with one identifier);
* ``ZABOUTTEXT`` the contact's "about" text and ``ZABOUTTIMESTAMP`` when it was set, Cocoa
  seconds (iLEAPP ``whatsApp.py`` ``whatsAppContacts``).

A contact is not an occurrence in time: its event has no timestamp ("Not a time"); the about
time is kept in ``extra``, as for Android's ``wa.db``.
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.events import contact_event
from artefacts.parser import SQLiteParser
from artefacts.plugins.whatsapp_ios import _text
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

#: text columns kept in ``extra`` (lower-case names without the Core Data ``Z``)
TEXT_OPTIONAL = ("ZWHATSAPPID", "ZLID", "ZFULLNAME", "ZGIVENNAME", "ZPHONENUMBER", "ZLOCALIZEDPHONENUMBER",
                 "ZPHONENUMBERLABEL", "ZIDENTIFIER", "ZABOUTTEXT", "ZUSERNAME", "ZSECTIONTITLE")
OPTIONAL = TEXT_OPTIONAL + ("ZABOUTTIMESTAMP",)
_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


def phone_label(value):
    """``_$!<Mobile>!$_`` -> ``Mobile``; a custom label as stored."""
    m = _LABEL.match(value) if isinstance(value, str) else None
    return m.group(1) if m else value


def contact_to_event(row, ctx) -> dict:
    """One ``ZWAADDRESSBOOKCONTACT`` row (by column name) -> one contact event."""
    values = {col: _text(row[col]) for col in TEXT_OPTIONAL}
    jid = values["ZWHATSAPPID"] or None
    name = values["ZFULLNAME"] or None
    extra = {col[1:].lower(): value for col, value in values.items() if value not in (None, "")}
    if "phonenumberlabel" in extra:
        extra["phonenumberlabel"] = phone_label(extra["phonenumberlabel"])
        if extra["phonenumberlabel"] != values["ZPHONENUMBERLABEL"]:
            extra["phonenumberlabel_raw"] = values["ZPHONENUMBERLABEL"]
    about_time = row["ZABOUTTIMESTAMP"]
    if about_time is not None:
        extra["about_time"] = ctx.time(COCOA_SECONDS, about_time, column="ZWAADDRESSBOOKCONTACT.ZABOUTTIMESTAMP")
        extra["about_time_raw"] = about_time
    extra["whatsapp_user"] = jid is not None
    body = name or jid or values["ZPHONENUMBER"] or "(no name)"
    if values["ZPHONENUMBER"] and body != values["ZPHONENUMBER"]:
        body += f" ({values['ZPHONENUMBER']})"
    if values["ZABOUTTEXT"]:
        body += f": {values['ZABOUTTEXT']}"
    return contact_event(jid, name, body, extra, f"ZWAADDRESSBOOKCONTACT:Z_PK={row['Z_PK']}")


class WhatsAppIOSContactsParser(SQLiteParser):
    name = "whatsapp_ios_contacts"
    version = __version__
    app = "whatsapp"
    platform = "ios"
    description = "WhatsApp for iOS contacts (ContactsV2.sqlite): names, numbers, about text"
    path_globs = ("**/group.net.whatsapp.WhatsApp.shared/ContactsV2.sqlite", "**/ContactsV2.sqlite")
    required_tables = {"ZWAADDRESSBOOKCONTACT": {"Z_PK", "ZFULLNAME"}}
    time_units = {"ZWAADDRESSBOOKCONTACT.ZABOUTTIMESTAMP": COCOA_SECONDS}
    references = (
        "artefacts/synthetic/ddl/whatsapp_ios_contactsv2_2023.sql (real file of iLEAPP's whatsApp.josh_ios15_ffs case)",
        "reference/ddl/whatsapp_ios_contactsv2.sql (mvt test backup)",
        "iLEAPP scripts/artifacts/whatsApp.py whatsAppContacts (columns, ZABOUTTIMESTAMP Cocoa, label markers)",
    )

    def parse(self, ctx):
        yield from ctx.map_table("ZWAADDRESSBOOKCONTACT", contact_to_event, id_column="Z_PK",
                                 columns=("Z_PK",), optional=OPTIONAL)


@hookimpl
def register_parsers(register):
    register(WhatsAppIOSContactsParser)
