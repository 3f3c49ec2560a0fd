"""LINE for iOS: messages and users of the Core Data store ``Line.sqlite``.

Where the facts come from (no real file is public; the DDL file ``artefacts/synthetic/ddl/line_ios.sql``
holds exactly the sourced tables and columns): iLEAPP ``scripts/artifacts/line.py`` (path
``**/Line.sqlite*``) reads ``ZMESSAGE.ZTIMESTAMP`` as milliseconds since 1970
(``ZTIMESTAMP / 1000, 'unixepoch'``), ``ZSENDER`` NULL as outgoing and otherwise the ``ZUSER.Z_PK`` of
the sender (incoming), ``ZUSER.ZNAME`` as the user name, ``ZTEXT`` as the text;
``/work/shared/reference/apps.md`` (Line) says the same.

No source gives the chat a message belongs to, the recipients of an outgoing message or the
device owner's name: those fields stay empty (``ZCHAT`` and the other entities of the store are not
read). The sender of an incoming message is its user's name (the only sourced user field; the
``ZUSER`` primary key is kept in ``extra.user_pk``). Each ``ZUSER`` row is a ``contact`` event.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, contact_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"


def message_to_event(row, ctx) -> dict:
    """One ``ZMESSAGE`` row with its sender's ``ZUSER.ZNAME``."""
    incoming = row["ZSENDER"] is not None
    extra = {"user_pk": row["ZSENDER"]} if incoming else {}
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, row["ZTIMESTAMP"], column="ZMESSAGE.ZTIMESTAMP"),
        "timestamp_raw": row["ZTIMESTAMP"],
        "timestamp_desc": RECEIVED if incoming else SENT,
        "kind": "message",
        "direction": INCOMING if incoming else OUTGOING,
        "sender": (row["name"] or None) if incoming else None,
        "sender_name": (row["name"] or None) if incoming else None,
        "recipients": [],
        "body": row["ZTEXT"],
        "extra": extra,
    }


def user_to_event(row, ctx) -> dict:
    name = row["ZNAME"] or None
    return contact_event(name, name, name or f"user {row['Z_PK']}", {"user_pk": row["Z_PK"]}, f"ZUSER:Z_PK={row['Z_PK']}")


class LineIosParser(SQLiteParser):
    name = "line_ios"
    version = __version__
    app = "line"
    platform = "ios"
    description = "LINE for iOS Line.sqlite: messages (direction, sender name) and users"
    path_globs = ("**/Line.sqlite",)
    required_tables = {"ZMESSAGE": {"Z_PK", "ZSENDER", "ZTIMESTAMP", "ZTEXT"}, "ZUSER": {"Z_PK", "ZNAME"}}
    time_units = {"ZMESSAGE.ZTIMESTAMP": UNIX_MILLISECONDS}
    references = ("iLEAPP scripts/artifacts/line.py", "artefacts/synthetic/ddl/line_ios.sql")

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT m.Z_PK, m.ZSENDER, m.ZTIMESTAMP, m.ZTEXT, u.ZNAME AS name FROM ZMESSAGE m "
                                "LEFT JOIN ZUSER u ON u.Z_PK = m.ZSENDER ORDER BY m.Z_PK", message_to_event,
                                table="ZMESSAGE", id_column="Z_PK")
        yield from ctx.map_table("ZUSER", user_to_event, id_column="Z_PK", columns=("Z_PK", "ZNAME"))


@hookimpl
def register_parsers(register):
    register(LineIosParser)
