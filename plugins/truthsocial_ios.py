"""Truth Social for iOS: chats, chat events and the cached accounts of ``ChatModel.sqlite``.

Truth Social (a Mastodon fork) keeps its chats in a Core Data store per signed-in account:
``*/mobile/Containers/Shared/AppGroup/<UUID>/chat/v1/<account id>/ChatModel.sqlite``.

Where the facts come from:

* The schema: the real store (with its 3.9 MB WAL) of iLEAPP's test case
  ``truthSocial.josh_ios17_ffs`` (iOS 17.3, ``../shared/corpus/ileapp/cases/``; DDL in
  ``artefacts/synthetic/ddl/truthsocial_ios.sql``) and iLEAPP ``scripts/artifacts/truthSocial.py``
  (``abrignoni/iLEAPP``).
* ``ZMANAGEDEVENTBASE`` holds every event of a chat, one Core Data entity per sort (``Z_ENT`` named
  in ``Z_PRIMARYKEY``: ``ManagedMessage``, ``ManagedMembership``, ``ManagedInvite``,
  ``ManagedExpirationChanged``, ``ManagedFeatureUnavailable``, and the base ``ManagedEventBase``),
  with ``ZTYPE`` the event's type as the server names it (``message``, ``chatCreated``,
  ``memberJoined``, ``messageExpirationChanged`` in the real file). ``ZCREATEDAT`` is Cocoa seconds
  (Core Data ``TIMESTAMP``; iLEAPP ``convert_cocoa_core_data_ts_to_utc``). ``ZCHATID`` is the chat's
  server id (``ZMANAGEDCHAT.ZSERVERID``, kept in step by the store's own triggers).
* Two entities both have an ``accountId`` attribute, so Core Data stores them in two columns:
  a message's sender is ``ZACCOUNTID1``, a membership's member ``ZACCOUNTID`` (iLEAPP reads
  ``COALESCE(ZACCOUNTID1, ZACCOUNTID)`` as the event's account; in the real file ``ZACCOUNTID1`` is
  set only on ``message`` rows and ``ZACCOUNTID`` only on ``memberJoined`` rows).
* A message: ``ZCONTENT`` an HTML fragment (text by :mod:`artefacts.decoders.html_text`, the HTML
  kept), ``ZMESSAGEID``, ``ZISUNREAD``, ``ZISHIDDEN``, ``ZFAILEDTOSEND``, ``ZMESSAGEEXPIRATION``
  and ``ZTTL`` (seconds; iLEAPP: "Message Expiration (Seconds)"), ``ZURL``; its media are
  ``ZMANAGEDATTACHMENT`` rows (``ZMESSAGE`` = the message's ``Z_PK``; ``ZTYPE`` e.g. ``image``,
  ``ZURL``/``ZREMOTEURL``/``ZPREVIEWURL``), its reactions ``ZMANAGEDREACTION`` rows (``ZNAME`` the
  emoji, ``ZCOUNT``, ``ZISME``), kept in ``extra.reactions`` (no reactor or time is stored).
* The chat (``ZMANAGEDCHAT``): ``ZTYPE`` (``direct`` or ``channel``), ``ZOWNEDBYACCOUNTID`` (the
  account holder: iLEAPP's note, and the account folder name of the real path),
  ``ZOTHERACCOUNTID`` (the other party), ``ZCREATEDBYACCOUNT``, ``ZMESSAGETTL`` (seconds),
  ``ZISACCEPTED``/``ZISBLOCKED``/``ZISBLOCKING``/``ZISHIDDEN``/``ZISSILENCED``. A message whose
  sender is the holder is outgoing, any other incoming; events of other types are ``system``.
* ``ZMANAGEDACCOUNT`` (``ZSERVERID``, ``ZACCT``, ``ZDISPLAYNAME``, ``ZISVERIFIED``,
  ``ZAVATARSTATIC``): one ``contact`` event each, addressed by the account id like the senders. The
  holder is not in that table in the real file: as iLEAPP does, a holder absent from it gets a
  contact event of its own (``extra.account_holder``, locator ``ZMANAGEDCHAT:ZOWNEDBYACCOUNTID=<id>``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders.html_text import html_text
from artefacts.events import INCOMING, OUTGOING, CREATED, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

MESSAGE = "message"
SEP, FIELD = "\x1e", "\x1f"
EVENT_OPTIONAL = ("ZCONTENT", "ZTEXT", "ZMESSAGEID", "ZISUNREAD", "ZISHIDDEN", "ZFAILEDTOSEND", "ZMESSAGEEXPIRATION",
                  "ZTTL", "ZURL", "ZACCOUNTID", "ZACCOUNTID1", "ZCHANGEDBYACCOUNTID", "ZINVITEDACCOUNTID",
                  "ZINVITEDBYACCOUNTID", "ZEVENTID", "ZBUTTONTEXT")
CHAT_OPTIONAL = ("ZTYPE", "ZOWNEDBYACCOUNTID", "ZOTHERACCOUNTID", "ZCREATEDBYACCOUNT", "ZMESSAGETTL")
EVENT_EXTRA = (("ZEVENTID", "event_id"), ("ZMESSAGEID", "message_id"), ("ZURL", "url"),
               ("ZMESSAGEEXPIRATION", "message_expiration_s"), ("ZTTL", "ttl_s"), ("ZTEXT", "text"),
               ("ZBUTTONTEXT", "button_text"), ("ZACCOUNTID", "member_account_id"),
               ("ZCHANGEDBYACCOUNTID", "changed_by_account_id"), ("ZINVITEDACCOUNTID", "invited_account_id"),
               ("ZINVITEDBYACCOUNTID", "invited_by_account_id"), ("chat_type", "chat_type"),
               ("chat_ttl", "chat_message_ttl_s"), ("entity", "entity"))


def _records(text) -> list[list[str]]:
    return [r.split(FIELD) for r in (text or "").split(SEP) if r]


def _label(name, acct):
    return name or (f"@{acct}" if acct else None)


def event_to_event(row, ctx) -> dict:
    """One ``ZMANAGEDEVENTBASE`` row with its chat (``chat_*``, ``owner``, ``other_*``) and account names."""
    etype = row["ZTYPE"]
    owner, other = row["owner"] or None, row["other_id"] or None
    account = row["ZACCOUNTID1"] or row["ZACCOUNTID"] or None
    extra: dict = {"type": etype}
    for col, key in EVENT_EXTRA:
        if row[col] not in (None, ""):
            extra[key] = row[col]
    for col, key in (("ZISUNREAD", "unread"), ("ZISHIDDEN", "hidden"), ("ZFAILEDTOSEND", "failed_to_send")):
        if row[col] is not None:
            extra[key] = bool(row[col])
    if row["ZCONTENT"] is not None:
        extra["html"] = row["ZCONTENT"]
    attachments = []
    for atype, url, remote, preview in _records(row["files"]):
        link = url or remote or preview
        attachments.append(attachment(name=link.rsplit("/", 1)[-1] if link else None))
        extra.setdefault("attachments", []).append({k: v for k, v in (("type", atype), ("url", url), ("remote_url", remote),
                                                                      ("preview_url", preview)) if v})
    reactions = [{"reaction": name, "count": int(count) if count.isdigit() else None, "mine": mine == "1"}
                 for name, count, mine in _records(row["reactions"])]
    if reactions:
        extra["reactions"] = reactions
    is_message = etype == MESSAGE
    if is_message:
        direction = OUTGOING if owner and account == owner else INCOMING
        sender = account
        recipients = [p for p in (other if direction == OUTGOING else owner,) if p]
    else:
        direction, sender, recipients = None, account, []
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZCREATEDAT"], column="ZMANAGEDEVENTBASE.ZCREATEDAT"),
        "timestamp_raw": row["ZCREATEDAT"],
        "timestamp_desc": CREATED,
        "kind": "message" if is_message else "system",
        "direction": direction,
        "conversation_id": row["ZCHATID"],
        "conversation_name": _label(row["other_name"], row["other_acct"]) or other,
        "sender": sender,
        "sender_name": _label(row["sender_name"], row["sender_acct"]),
        "recipients": recipients,
        "body": html_text(row["ZCONTENT"]) if is_message else etype,
        "attachments": attachments,
        "deleted": False,
        "extra": extra,
    }


def account_to_event(row, ctx) -> dict:
    """One ``ZMANAGEDACCOUNT`` row -> a contact addressed by the account id."""
    extra: dict = {}
    if row["ZACCT"]:
        extra["acct"] = row["ZACCT"]
    if row["ZISVERIFIED"] is not None:
        extra["verified"] = bool(row["ZISVERIFIED"])
    if row["ZAVATARSTATIC"]:
        extra["avatar_url"] = row["ZAVATARSTATIC"]
    name = _label(row["ZDISPLAYNAME"], row["ZACCT"])
    aid = row["ZSERVERID"]
    body = f"{row['ZDISPLAYNAME']} (@{row['ZACCT']})" if row["ZDISPLAYNAME"] and row["ZACCT"] else name or aid
    return contact_event(aid, name, body, extra, f"ZMANAGEDACCOUNT:Z_PK={row['Z_PK']}")


def holder_to_event(row, ctx) -> dict:
    """The account holder, known only as the owner of the chats -> a contact of its own."""
    aid = row["ZOWNEDBYACCOUNTID"]
    return contact_event(aid, None, aid, {"account_holder": True}, f"ZMANAGEDCHAT:ZOWNEDBYACCOUNTID={aid}")


class TruthSocialIosParser(SQLiteParser):
    name = "truthsocial_ios"
    version = __version__
    app = "truthsocial"
    platform = "ios"
    description = "Truth Social iOS ChatModel.sqlite: chat messages and events, reactions, media, accounts"
    path_globs = ("**/Containers/Shared/AppGroup/*/chat/v1/*/ChatModel.sqlite",)
    required_tables = {
        "ZMANAGEDEVENTBASE": {"Z_PK", "Z_ENT", "ZCREATEDAT", "ZTYPE", "ZCHATID"},
        "ZMANAGEDCHAT": {"Z_PK", "ZSERVERID"},
    }
    time_units = {"ZMANAGEDEVENTBASE.ZCREATEDAT": COCOA_SECONDS}
    references = (
        "iLEAPP scripts/artifacts/truthSocial.py (events, chats, accounts, holder from ZOWNEDBYACCOUNTID)",
        "real ChatModel.sqlite of iLEAPP's case truthSocial.josh_ios17_ffs (artefacts/synthetic/ddl/truthsocial_ios.sql)",
    )

    def parse(self, ctx):
        opt = ", ".join(ctx.column_or_null("ZMANAGEDEVENTBASE", c, prefix="e") for c in EVENT_OPTIONAL)
        chat = {c: ctx.column_or_null("ZMANAGEDCHAT", c, alias=f"c_{c}", prefix="c") for c in CHAT_OPTIONAL}
        entity = "NULL"
        if ctx.has_columns("Z_PRIMARYKEY", "Z_ENT", "Z_NAME"):
            entity = "(SELECT p.Z_NAME FROM Z_PRIMARYKEY p WHERE p.Z_ENT = e.Z_ENT)"
        files = "NULL"
        if ctx.has_columns("ZMANAGEDATTACHMENT", "Z_PK", "ZMESSAGE", "ZTYPE", "ZURL", "ZREMOTEURL", "ZPREVIEWURL"):
            parts = " || char(31) || ".join(f"COALESCE(a.{c}, '')" for c in ("ZTYPE", "ZURL", "ZREMOTEURL", "ZPREVIEWURL"))
            files = (f"(SELECT group_concat({parts}, char(30)) FROM (SELECT * FROM ZMANAGEDATTACHMENT ORDER BY Z_PK) a "
                     "WHERE a.ZMESSAGE = e.Z_PK)")
        reactions = "NULL"
        if ctx.has_columns("ZMANAGEDREACTION", "Z_PK", "ZMESSAGE", "ZNAME", "ZCOUNT", "ZISME"):
            parts = "COALESCE(r.ZNAME, '') || char(31) || COALESCE(r.ZCOUNT, '') || char(31) || COALESCE(r.ZISME, '')"
            reactions = (f"(SELECT group_concat({parts}, char(30)) FROM (SELECT * FROM ZMANAGEDREACTION ORDER BY Z_PK) r "
                         "WHERE r.ZMESSAGE = e.Z_PK)")
        accounts = ctx.has_columns("ZMANAGEDACCOUNT", "Z_PK", "ZSERVERID", "ZACCT", "ZDISPLAYNAME")
        sender_id = "COALESCE(" + ", ".join(
            c for c in ("e.ZACCOUNTID1", "e.ZACCOUNTID") if ctx.has_columns("ZMANAGEDEVENTBASE", c[2:])) + ", NULL)"
        name_of = ("(SELECT a.{col} FROM ZMANAGEDACCOUNT a WHERE a.ZSERVERID = {id})" if accounts else "NULL")
        sql = (f"SELECT e.Z_PK, e.ZCREATEDAT, e.ZTYPE, e.ZCHATID, {opt}, {', '.join(chat.values())}, "
               f"{entity} AS entity, {files} AS files, {reactions} AS reactions, "
               f"{name_of.format(col='ZDISPLAYNAME', id=sender_id)} AS sender_name, "
               f"{name_of.format(col='ZACCT', id=sender_id)} AS sender_acct, "
               f"{name_of.format(col='ZDISPLAYNAME', id='c.ZOTHERACCOUNTID')} AS other_name, "
               f"{name_of.format(col='ZACCT', id='c.ZOTHERACCOUNTID')} AS other_acct "
               "FROM ZMANAGEDEVENTBASE e LEFT JOIN ZMANAGEDCHAT c ON c.ZSERVERID = e.ZCHATID "
               "ORDER BY e.ZCREATEDAT, e.Z_PK")

        def rows():
            for r in ctx.dict_rows(sql):
                r["owner"], r["other_id"] = r["c_ZOWNEDBYACCOUNTID"], r["c_ZOTHERACCOUNTID"]
                r["chat_type"], r["chat_ttl"] = r["c_ZTYPE"], r["c_ZMESSAGETTL"]
                yield r

        yield from ctx.map_rows(rows(), event_to_event, table="ZMANAGEDEVENTBASE", id_column="Z_PK")
        if accounts:
            opt = ", ".join(ctx.column_or_null("ZMANAGEDACCOUNT", c) for c in ("ZISVERIFIED", "ZAVATARSTATIC"))
            yield from ctx.map_rows(f"SELECT Z_PK, ZSERVERID, ZACCT, ZDISPLAYNAME, {opt} FROM ZMANAGEDACCOUNT ORDER BY Z_PK",
                                    account_to_event, table="ZMANAGEDACCOUNT", id_column="Z_PK")
        if ctx.has_columns("ZMANAGEDCHAT", "ZOWNEDBYACCOUNTID"):
            known = "AND ZOWNEDBYACCOUNTID NOT IN (SELECT ZSERVERID FROM ZMANAGEDACCOUNT WHERE ZSERVERID IS NOT NULL)" if accounts else ""
            yield from ctx.map_rows(
                f"SELECT DISTINCT ZOWNEDBYACCOUNTID FROM ZMANAGEDCHAT WHERE ZOWNEDBYACCOUNTID IS NOT NULL {known} "
                "ORDER BY ZOWNEDBYACCOUNTID", holder_to_event, table="ZMANAGEDCHAT", id_column="ZOWNEDBYACCOUNTID")


@hookimpl
def register_parsers(register):
    register(TruthSocialIosParser)
