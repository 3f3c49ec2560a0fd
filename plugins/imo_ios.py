"""imo (imo HD video calls and chat) for iOS: the Core Data store ``Documents/IMODb2.sqlite``.

Where the facts come from:

* The schema: the real ``IMODb2.sqlite`` of plaso's test data (``test_data/ios/IMODb2.sqlite``,
  2023, copied in ``../shared/corpus/plaso/``; its DDL in ``artefacts/synthetic/ddl/imo_ios.sql``).
  Path on the device: ``/private/var/mobile/Containers/Data/Application/<UUID>/Documents/IMODb2.sqlite``
  (iLEAPP ``scripts/artifacts/imoHD_Chat.py`` searches ``**/IMODb2.sqlite*``).
* plaso ``plaso/parsers/sqlite_plugins/ios_imohdchat.py`` and its test
  ``tests/parsers/sqlite_plugins/ios_imohdchat.py``: ``ZIMOCHATMSG(ZTS, ZALIAS, ZTEXT, ZISSENT)``;
  ``ZTS`` is nanoseconds since 1970 (``PosixTimeInNanoseconds``, "Recorded Time"); ``ZISSENT``
  0 Received, 1 Sent; ``ZALIAS`` (the sender's name) is NULL on sent messages.
* iLEAPP ``imoHD_Chat.py``: ``ZA_UID`` is the sender's imo id on received messages, ``ZBUID`` the
  chat's (the other party's) id; ``ZIMOCONTACT(ZBUID, ZALIAS, ZDISPLAY, ZPHONE)`` are the contacts.
  ``ZSENDERTS`` is a second time in the same unit (the real file's values lie within
  milliseconds of ``ZTS``).
* ``ZIMDATA`` is an NSKeyedArchiver property list (real rows 5 and 15); it is not decoded here, its
  presence is noted. ``ZTYPE`` is kept as stored (its values are not documented by any source).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_NANOSECONDS

__version__ = "1.0"

OPTIONAL = ("ZSENDERTS", "ZSTATE", "ZTYPE", "ZA_UID", "ZBUID", "ZCONTACT_ALIAS", "ZPHOTO_ID", "ZIMDATA")


def message_to_event(row, ctx) -> dict:
    sent = row["ZISSENT"] == 1
    chat = row["ZBUID"] or None
    extra = {"is_sent": row["ZISSENT"]}
    for col, key in (("ZSTATE", "state"), ("ZTYPE", "type"), ("ZA_UID", "a_uid"), ("ZPHOTO_ID", "photo_id")):
        if row[col] is not None:
            extra[key] = row[col]
    if row["ZIMDATA"] is not None:
        extra["imdata_bytes"] = len(row["ZIMDATA"]) if isinstance(row["ZIMDATA"], bytes) else None
    time_pair(ctx, extra, "sender_ts", row["ZSENDERTS"], "ZIMOCHATMSG.ZSENDERTS", UNIX_NANOSECONDS)
    return {
        "timestamp": ctx.time(UNIX_NANOSECONDS, row["ZTS"], column="ZIMOCHATMSG.ZTS"),
        "timestamp_raw": row["ZTS"],
        "timestamp_desc": SENT if sent else RECEIVED,
        "kind": "message",
        "direction": OUTGOING if sent else INCOMING,
        "conversation_id": chat,
        "conversation_name": row["ZCONTACT_ALIAS"],
        "sender": None if sent else (row["ZA_UID"] or chat),
        "sender_name": None if sent else row["ZALIAS"],
        "recipients": [chat] if sent and chat else [],
        "body": row["ZTEXT"],
        "status": None,
        "extra": extra,
    }


CONTACT_FIELDS = ("ZALIAS", "ZPHONE", "ZDIGIT_PHONE", "ZPH_NAME", "ZIS_GROUP", "ZBLOCK_STATE", "ZFAV_STATE", "ZMUTED_STATE")


def contact_to_event(row, ctx) -> dict:
    extra = {col[1:].lower(): row[col] for col in CONTACT_FIELDS if row[col] not in (None, "")}
    name = row["ZDISPLAY"] or row["ZALIAS"]
    return contact_event(row["ZBUID"], name, name or row["ZBUID"], extra, f"ZIMOCONTACT:Z_PK={row['Z_PK']}")


class ImoIosParser(SQLiteParser):
    name = "imo_ios"
    version = __version__
    app = "imo"
    platform = "ios"
    description = "imo HD iOS (IMODb2.sqlite: messages, contacts)"
    path_globs = ("**/IMODb2.sqlite",)
    required_tables = {"ZIMOCHATMSG": {"Z_PK", "ZALIAS", "ZTEXT", "ZISSENT", "ZTS"}}
    time_units = {"ZIMOCHATMSG.ZTS": UNIX_NANOSECONDS, "ZIMOCHATMSG.ZSENDERTS": UNIX_NANOSECONDS}
    references = (
        "plaso test_data/ios/IMODb2.sqlite, plaso/parsers/sqlite_plugins/ios_imohdchat.py and its test",
        "iLEAPP scripts/artifacts/imoHD_Chat.py",
    )

    def parse(self, ctx):
        yield from ctx.map_table("ZIMOCHATMSG", message_to_event, id_column="Z_PK",
                                 columns=("Z_PK", "ZALIAS", "ZTEXT", "ZISSENT", "ZTS"), optional=OPTIONAL)
        if ctx.has_columns("ZIMOCONTACT", "Z_PK", "ZBUID", "ZDISPLAY"):
            yield from ctx.map_table("ZIMOCONTACT", contact_to_event, id_column="Z_PK",
                                     columns=("Z_PK", "ZBUID", "ZDISPLAY"), optional=CONTACT_FIELDS)


@hookimpl
def register_parsers(register):
    register(ImoIosParser)
