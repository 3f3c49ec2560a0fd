"""Skype 8 and later: the per-account key-value database ``s4l-<account>.db`` (Android, iOS, desktop).

Where the facts come from (no create statement is published and no real file is in the corpus; the
generator's DDL ``artefacts/synthetic/ddl/skype_s4l.sql`` declares exactly what these parsers read):

* Mobius Forensic Toolkit ``src/extensions/app/skype/file_s4l_db.cpp`` (and its ``vfs_processor_impl.cpp``,
  which finds the files by the name pattern ``s4l-*.db``): ``metadata`` ``schemaVersion`` (84 and 88 are the
  versions it handles); ``internaldata`` rows whose ``nsp_data`` is ``{"value": ...}`` (``Cpriv_prefs_v2``:
  ``skypeName``, ``primaryMemberName``, ``timezone``, ``locale``); ``profilecachev8`` contacts (``mri``,
  ``fullName`` else ``displayNameOverride``, ``emails``, ``phones[].number``, ``birthday``, ``gender``,
  ``country``, ``province``, ``city``, ``mood``, ``thumbUrl``, ``fetchedDate`` ms); ``calllogs`` call records
  (``callId``, ``callDirection``, ``callType``, ``callState``, ``startTime``/``connectTime``/``endTime`` ISO 8601
  text, ``originator``, ``target``, ``originatorParticipant``/``targetParticipant`` ``{displayName, id}``,
  ``participantList``, ``threadId``, ``messageId``, ``sessionType``).
* IPED ``iped-parsers/.../skype/v8/SkypeSqliteV12.java`` (``sepinf-inc/IPED``): ``messagesv12`` (``nsp_data``
  JSON: ``cuid``, ``creator`` the author's mri, ``_isMyMessage`` 1 for the holder's, ``conversationId``,
  ``content``, ``createdTime`` ms) in ``nsp_i_convidcreatedtime`` order, and ``conversationsv14`` (else
  ``conversationsv13``): ``conv.id``, ``conv._threadProps.topic``, ``conv._threadMembers[].id``.

Events: each ``messagesv12`` row a ``message`` (``content`` kept as stored; the recipients are the
conversation's other members), each ``calllogs`` record a ``call`` through the call-record mapping shared with
Microsoft Teams (the same record: ``plugins/teams_ios.py``; direction, state and type kept raw, no source lists
their values), each ``profilecachev8`` row and the ``Cpriv_prefs_v2`` account a ``contact``. A
``schemaVersion`` other than 84 or 88 is one warning and the tables are read as far as they go. Not read:
``profilecachev8_phoneNumbersIndex`` (phone numbers Mobius adds to contacts), message edits, reactions and
file transfers (no public parser documents them).
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.events import INCOMING, OUTGOING, SENT, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import ISO_TEXT
from artefacts.plugins.teams_android import MAX_JSON
from artefacts.plugins.teams_ios import call_log_event
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

KNOWN_SCHEMA_VERSIONS = (84, 88)  # the versions Mobius handles
CONVERSATION_TABLES = ("conversationsv14", "conversationsv13")
CONTACT_TEXT = ("birthday", "gender", "country", "province", "city", "mood", "thumbUrl")
ACCOUNT_TEXT = ("primaryMemberName", "timezone", "locale")
MAX_MEMBERS = 10_000


def _document(value) -> dict:
    """One ``nsp_data`` JSON document (an object), capped."""
    if isinstance(value, memoryview):
        value = bytes(value)
    if not isinstance(value, (str, bytes)) or len(value) > MAX_JSON:
        raise ValueError("nsp_data is not a JSON document of a readable size")
    doc = json.loads(value)
    if not isinstance(doc, dict):
        raise ValueError(f"nsp_data is a JSON {type(doc).__name__}, not an object")
    return doc


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def conversations(ctx) -> dict:
    """``{conversation id: (topic, members)}`` of the newest conversations table there is (few rows)."""
    found: dict = {}
    table = next((t for t in CONVERSATION_TABLES if ctx.has_columns(t, "nsp_data")), None)
    if table is None:
        return found
    for row in ctx.rows(f"SELECT nsp_pk, nsp_data FROM {table}"):
        try:
            conv = _document(row["nsp_data"]).get("conv")
        except ValueError as exc:  # its messages still parse, without the conversation's name and members
            ctx.warn(f"conversation could not be decoded: {exc}", f"{table}:nsp_pk={row['nsp_pk']}")
            continue
        if not isinstance(conv, dict) or not _text(conv.get("id")):
            continue
        props = conv.get("_threadProps") if isinstance(conv.get("_threadProps"), dict) else {}
        members = conv.get("_threadMembers") if isinstance(conv.get("_threadMembers"), list) else []
        ids = [m["id"] for m in members[:MAX_MEMBERS] if isinstance(m, dict) and _text(m.get("id"))]
        found[conv["id"]] = (_text(props.get("topic")), ids)
    return found


def message_to_event(row, ctx) -> dict:
    """One ``messagesv12`` row -> a message event (its conversation from :func:`conversations`)."""
    doc = _document(row["nsp_data"])
    mine = doc.get("_isMyMessage")
    creator = _text(doc.get("creator"))
    conv_id = _text(doc.get("conversationId"))
    topic, members = ctx.lookups["s4l_conversations"].get(conv_id, (None, []))
    extra = {"cuid": doc["cuid"]} if _text(doc.get("cuid")) else {}
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, doc.get("createdTime"), column="messagesv12.createdTime"),
        "timestamp_raw": doc.get("createdTime"),
        "timestamp_desc": SENT,
        "kind": "message",
        "direction": OUTGOING if mine == 1 else INCOMING if mine == 0 else None,
        "conversation_id": conv_id,
        "conversation_name": topic,
        "sender": creator,
        "sender_name": None,
        "recipients": [m for m in members if m != creator],
        "body": doc.get("content") if isinstance(doc.get("content"), str) else None,
        "attachments": [],
        "deleted": False,
        "extra": extra,
    }


def call_to_event(row, ctx) -> dict:
    """One ``calllogs`` row -> a call event (the record as Teams keeps it, plus its thread and message)."""
    doc = _document(row["nsp_data"])
    event = call_log_event(ctx, doc, "calllogs")
    for key, name in (("threadId", "thread_id"), ("messageId", "message_id"), ("sessionType", "session_type")):
        if _text(doc.get(key)):
            event["extra"][name] = doc[key]
    people = doc.get("participantList") if isinstance(doc.get("participantList"), list) else []
    ids = [p["id"] for p in people[:MAX_MEMBERS] if isinstance(p, dict) and _text(p.get("id"))]
    if ids:
        event["extra"]["participants"] = ids
    return event


def contact_to_event(row, ctx) -> dict:
    """One ``profilecachev8`` row -> a contact addressed by its mri."""
    doc = _document(row["nsp_data"])
    mri = _text(doc.get("mri"))
    if mri is None:
        raise ValueError("contact without an mri")
    extra: dict = {k: doc[k] for k in CONTACT_TEXT if isinstance(doc.get(k), (str, int)) and doc[k] != ""}
    emails = [e for e in doc.get("emails") or [] if isinstance(e, str)] if isinstance(doc.get("emails"), list) else []
    phones = [p["number"].strip() for p in doc.get("phones") or [] if isinstance(p, dict) and _text(p.get("number"))] \
        if isinstance(doc.get("phones"), list) else []
    if emails:
        extra["emails"] = emails
    if phones:
        extra["phones"] = phones
    time_pair(ctx, extra, "fetched", doc.get("fetchedDate"), "profilecachev8.fetchedDate", UNIX_MILLISECONDS)
    name = _text(doc.get("fullName")) or _text(doc.get("displayNameOverride"))
    return contact_event(mri, name, name or mri, extra, f"profilecachev8:nsp_pk={row['nsp_pk']}")


def account_to_event(row, ctx) -> dict | None:
    """The ``internaldata`` ``Cpriv_prefs_v2`` row -> a contact of the account holder (``extra.account_holder``)."""
    value = _document(row["nsp_data"]).get("value")
    if not isinstance(value, dict) or not _text(value.get("skypeName")):
        return None
    extra: dict = {"account_holder": True}
    extra.update({k: value[k] for k in ACCOUNT_TEXT if _text(value.get(k))})
    name = value["skypeName"]
    return contact_event(name, None, name, extra, "internaldata:nsp_pk=Cpriv_prefs_v2")


class SkypeS4LParser(SQLiteParser):
    name = "skype_s4l"
    version = __version__
    app = "skype"
    platform = "android"
    description = "Skype 8+ s4l-<account>.db (Android, iOS, desktop): messages, call log, contacts, account"
    path_globs = ("**/s4l-*.db",)
    required_tables = {"messagesv12": {"nsp_pk", "nsp_data"}, "metadata": {"name", "value"}}
    time_units = {"messagesv12.createdTime": UNIX_MILLISECONDS, "profilecachev8.fetchedDate": UNIX_MILLISECONDS,
                  "calllogs.startTime": ISO_TEXT, "calllogs.connectTime": ISO_TEXT, "calllogs.endTime": ISO_TEXT}
    references = (
        "Mobius Forensic Toolkit src/extensions/app/skype/file_s4l_db.cpp (metadata, internaldata, profilecachev8, "
        "calllogs; schema versions 84 and 88)",
        "IPED iped-parsers skype/v8/SkypeSqliteV12.java (messagesv12, conversationsv14/v13)",
        "artefacts/synthetic/ddl/skype_s4l.sql",
    )

    def parse(self, ctx):
        versions = [r["value"] for r in ctx.rows("SELECT value FROM metadata WHERE name = 'schemaVersion' LIMIT 1")]
        version = versions[0] if versions else None
        if isinstance(version, str) and version.strip().isdigit():
            version = int(version)  # Mobius reads the value as an integer whatever its storage class
        if version not in KNOWN_SCHEMA_VERSIONS:
            ctx.warn_file(f"unknown schema version {str(version)[:40] if versions else 'none'} (documented: 84, 88); "
                          "read as far as the tables go")
        ctx.lookups["s4l_conversations"] = conversations(ctx)
        order = "nsp_i_convidcreatedtime, rowid" if ctx.has_columns("messagesv12", "nsp_i_convidcreatedtime") else "rowid"
        yield from ctx.map_rows(f"SELECT nsp_pk, nsp_data FROM messagesv12 ORDER BY {order}", message_to_event,
                                table="messagesv12", id_column="nsp_pk")
        if ctx.has_columns("calllogs", "nsp_pk", "nsp_data"):
            yield from ctx.map_rows("SELECT nsp_pk, nsp_data FROM calllogs ORDER BY rowid", call_to_event,
                                    table="calllogs", id_column="nsp_pk")
        if ctx.has_columns("profilecachev8", "nsp_pk", "nsp_data"):
            yield from ctx.map_rows("SELECT nsp_pk, nsp_data FROM profilecachev8 ORDER BY rowid", contact_to_event,
                                    table="profilecachev8", id_column="nsp_pk")
        if ctx.has_columns("internaldata", "nsp_pk", "nsp_data"):
            yield from ctx.map_rows("SELECT nsp_pk, nsp_data FROM internaldata WHERE nsp_pk = 'Cpriv_prefs_v2'",
                                    account_to_event, table="internaldata", id_column="nsp_pk")


@hookimpl
def register_parsers(register):
    register(SkypeS4LParser)
