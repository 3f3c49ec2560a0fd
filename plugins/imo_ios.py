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
* iLEAPP ``imoHD_Chat.py``: ``ZA_UID`` is the sender's imo id (joined to ``ZIMOCONTACT.ZBUID``);
  ``ZIMOCONTACT(ZBUID, ZALIAS, ZDISPLAY, ZPH_NAME, ZPHONE)`` are the contacts.
  ``ZSENDERTS`` is a second time in the same unit (the real file's values lie within
  milliseconds of ``ZTS``).
* ``ZIMDATA`` is an NSKeyedArchiver property list (iLEAPP decodes it): a dictionary whose ``type``
  is the item's action and whose ``objects`` list the media, each with an ``object_id``, served at
  ``https://cdn.imoim.us/s/object/<object_id>/`` (iLEAPP's attachment URL). The real file has two:
  row 5, ``type`` ``photo_uploaded`` with one object (``filename`` ``0AK3-QnxEc0.webp``,
  ``type_specific_params.mime`` ``image/webp``), and row 15, ``type`` ``__deleted_im`` on the text
  "This message was deleted" (followed by the owner's "I deleted it."): such a row is ``deleted``.
  The media files themselves (iLEAPP: ``Library/Caches/videos/*.webp``, matched by object id) are
  not looked up. ``ZTYPE`` is kept as stored (no source documents its values).
* ``ZBUID`` is the other party's imo id on every row, sent ones included (real file: all 16 rows
  carry the ``ZBUID`` of the ``ZIMOCONTACT`` row "This Is DFIR Two"); iLEAPP joins the sender's
  contact on ``ZIMOCONTACT.ZBUID = ZIMOCHATMSG.ZA_UID``.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, RECEIVED, SENT, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.plugins.signal_ios import ArchiveError, unarchive
from artefacts.timeconv import UNIX_NANOSECONDS

__version__ = "1.0"

OBJECT_URL = "https://cdn.imoim.us/s/object/{}/"
DELETED_TYPE = "__deleted_im"
OPTIONAL = ("ZSENDERTS", "ZSTATE", "ZTYPE", "ZA_UID", "ZBUID", "ZCONTACT_ALIAS", "ZPHOTO_ID", "ZIMDATA")


def message_to_event(row, ctx) -> dict:
    sent = row["ZISSENT"] == 1
    chat = row["ZBUID"] or None
    extra = {"is_sent": row["ZISSENT"]}
    for col, key in (("ZSTATE", "state"), ("ZTYPE", "type"), ("ZA_UID", "a_uid"), ("ZPHOTO_ID", "photo_id")):
        if row[col] is not None:
            extra[key] = row[col]
    files, deleted = _imdata(row["ZIMDATA"], extra, ctx)
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
        "attachments": files,
        "deleted": deleted,
        "status": None,
        "extra": extra,
    }


def _imdata(blob, extra: dict, ctx) -> tuple[list, bool]:
    """The media and the deleted mark of a ``ZIMDATA`` archive; one warning for one that cannot be decoded."""
    if blob is None:
        return [], False
    try:
        data = unarchive(blob)
    except ArchiveError as exc:
        ctx.warn(f"ZIMOCHATMSG.ZIMDATA could not be decoded: {exc}")
        extra["imdata_error"] = str(exc)
        return [], False
    if not isinstance(data, dict):
        extra["imdata_error"] = f"not a dictionary but {type(data).__name__}"
        return [], False
    kind = data.get("type")
    if isinstance(kind, str):
        extra["imdata_type"] = kind
    files = []
    objects = data.get("objects")
    for obj in objects if isinstance(objects, list) else []:
        if not isinstance(obj, dict):
            continue
        params = obj.get("type_specific_params")
        mime = params.get("mime") if isinstance(params, dict) else None
        oid = obj.get("object_id")
        name = obj.get("filename")
        files.append(attachment(name=name if isinstance(name, str) else None, mime_type=mime if isinstance(mime, str) else None,
                                path=OBJECT_URL.format(oid) if isinstance(oid, str) else None))
    return files, kind == DELETED_TYPE


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
