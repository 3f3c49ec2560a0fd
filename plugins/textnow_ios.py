"""TextNow for iOS: the account's Core Data store (texts and calls of the TextNow number, the addresses the app
knows, the account's own number).

Where the facts come from: iLEAPP (``abrignoni/iLEAPP``) ``scripts/artifacts/textNow.py`` (read at commit
0b8125f79f111bd779eb313b2e8be5aa46443023), written and checked on two real stores (iOS 13.3.1 / TextNow 20.10.0
and iOS 14.3 / TextNow 21.3.0). No create statement is published; ``artefacts/synthetic/ddl/textnow_ios.sql``
declares the columns iLEAPP reads.

* **The store** is ``Documents/<account id><username>`` in the app's data container: its name is not fixed, so
  the glob takes any file there whose name starts with ten digits and the file is claimed by content only, the
  SQLite signature and the app's own table ``ZTMOACCOUNTINFO`` (another app's store matched iLEAPP's glob on a
  tested image). iLEAPP found the app's rows **in the write-ahead log**: without its ``-wal`` the store shows only
  Core Data's bookkeeping rows. The host copies a database's ``-wal`` beside its working copy and SQLite reads
  the two together (``tests/test_textnow_ios.py`` checks a store whose rows are only in its log).
* ``ZTMOINTERACTION``: a row with no ``ZCALLID`` is a message, one with a ``ZCALLID`` a call (iLEAPP's split).
  ``ZLOCALTIMESTAMP`` and ``ZREMOTETIMESTAMP`` are Core Data seconds since 2001 (REAL; sub-seconds kept) and are
  not the same reading (iLEAPP saw remote times months before local ones): the event's time is
  ``ZLOCALTIMESTAMP``, the remote one is in ``extra``. ``ZCALLID`` is ``<other number>-<Core Data seconds>``:
  that embedded time is the call's start (iLEAPP; it equals the call-history database's own time on 4 of 4
  calls), the row's ``ZLOCALTIMESTAMP`` (later than the start) is kept as ``extra.recorded_at``. ``ZLENGTH`` is
  the call's duration in seconds (iLEAPP's "Duration (Seconds)").
* **Direction** ``ZDIRECTION`` 1 incoming, 2 outgoing: observed by iLEAPP on the two tested stores (outgoing rows
  carry no author name; on calls the call history agrees), **not from a source**. Other values are kept as stored
  with no direction.
* Sender: ``ZAUTHORNAME`` as stored; on an outgoing row without one, the account's own address (as iLEAPP does):
  the ``ZTMOCONTACTVALUE`` row marked ``ZCONTACTISSELF = 1``, else ``ZTMOACCOUNTINFO.ZPHONENUMBER``. The
  conversation (``ZCONVERSATION`` -> ``ZTMOCONVERSATION.ZCONTACTVALUE`` -> ``ZTMOCONTACTVALUE``) gives the
  other party's address (``conversation_id``, the recipient of an outgoing row; the own address is the
  recipient of an incoming one) and its name.
* Codes no source explains are kept raw in ``extra``, never decoded: ``ZREAD``, ``ZDELETEDSTATE`` (0 or 2 on the
  tested stores; the rows marked 2 still held their text, so it is not made the ``deleted`` flag), ``ZSTATUS1``,
  ``ZIMAGETYPE``, ``ZSTATUS`` (calls). ``ZTHUMBNAILWIDTH`` / ``ZTHUMBNAILHEIGHT``, ``ZMESSAGEID``,
  ``ZORDERINGID`` likewise. A picture message stores the picture's address as its text (iLEAPP); it is kept as
  the body. The picture's cached copy (SDWebImage's cache, named by the MD5 of the address) is not attached.
* Contacts: one ``contact`` event per ``ZTMOCONTACTVALUE`` row (``ZCONTACTVALUE``, ``ZCONTACTNAME``, label,
  ``ZINNETWORK`` raw, the ``ZTMOSERVERCONTACT.ZNAME`` it links to, the ``ZTMOABCONTACT`` names linked through the
  join table found by shape, ``Z_<n>CONTACTVALUES``); the row marked ``ZCONTACTISSELF`` is ``extra.owned``. The
  account: one owned ``contact`` event per ``ZTMOACCOUNTINFO`` row with ``ZPHONENUMBER`` (iLEAPP: it differed
  between the two images, so it is the number at the time of the extraction), the username, e-mail and name;
  its date columns are Core Data seconds (iLEAPP) and kept in ``extra``. ``ZSIPPASSWORD`` is never copied: only
  whether one is stored.

Not read: ``Library/Application Support/eventHistory.db`` (the calling library's call history). Its
``Events.timestamp`` equals the Core Data time inside ``ZCALLID`` (iLEAPP matches them as text), but iLEAPP only
sets it beside the store's calls and never reads it as a time of its own; a call it holds without a store row
would need a unit stated for it. The store's calls carry the same start time.
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.events import CALL_START, CREATED, INCOMING, OUTGOING, RECEIVED, SENT, contact_event, time_pair
from artefacts.parser import SQLITE_SIGNATURE, SQLiteParser
from artefacts.timeconv import COCOA_SECONDS
from artefacts.values import as_text

__version__ = "1.0"

DIRECTIONS = {1: INCOMING, 2: OUTGOING}  # observed by iLEAPP on two real stores, not from a source
CALL_ID = re.compile(r"^(.*)-(\d+(?:\.\d+)?)$")  # '<other number>-<Core Data seconds>' (iLEAPP)
INTERACTION_OPTIONAL = ("ZREMOTETIMESTAMP", "ZAUTHORNAME", "ZCONVERSATION", "ZCONTENT", "ZREAD", "ZDELETEDSTATE",
                        "ZSTATUS1", "ZIMAGETYPE", "ZTHUMBNAILWIDTH", "ZTHUMBNAILHEIGHT", "ZMESSAGEID", "ZORDERINGID",
                        "ZLENGTH", "ZSTATUS")
#: ZTMOINTERACTION columns kept in extra as stored (their meaning is not sourced), by extra key
RAW_CODES = {"ZREAD": "read", "ZDELETEDSTATE": "deleted_state", "ZSTATUS1": "status1", "ZIMAGETYPE": "image_type",
             "ZTHUMBNAILWIDTH": "thumbnail_width", "ZTHUMBNAILHEIGHT": "thumbnail_height",
             "ZMESSAGEID": "message_id", "ZORDERINGID": "ordering_id", "ZSTATUS": "status"}
CONTACT_OPTIONAL = ("ZCONTACTNAME", "ZCONTACTLABEL", "ZCONTACTISSELF", "ZINNETWORK", "ZSERVERCONTACT", "ZCONVERSATION")
ACCOUNT_OPTIONAL = ("ZUSERNAME", "ZEMAIL", "ZFIRSTNAME", "ZLASTNAME", "ZACCOUNTSTATUS", "ZEMAILVERIFIED", "ZUSERID",
                    "ZUSERIDHEX", "ZSIPUSERNAME", "ZSIPHOST", "ZSIPCLIENTIP", "ZCREDITS", "ZTEXTNOWCREDIT",
                    "ZCURRENCY", "ZISUNLIMITED", "ZSHOWADS", "ZLOCALTIMESTAMP", "ZREMOTETIMESTAMP",
                    "ZLASTWALLETUPDATETIMESTAMP", "ZADREMOVALEXPIRYDATE", "ZSIPPASSWORD")
ACCOUNT_TIMES = {"ZLOCALTIMESTAMP": "record_updated", "ZREMOTETIMESTAMP": "server_record",
                 "ZLASTWALLETUPDATETIMESTAMP": "wallet_updated", "ZADREMOVALEXPIRYDATE": "ad_removal_expiry"}
ACCOUNT_TEXT = ("ZUSERNAME", "ZEMAIL", "ZACCOUNTSTATUS", "ZEMAILVERIFIED", "ZUSERID", "ZUSERIDHEX", "ZSIPUSERNAME",
                "ZSIPHOST", "ZSIPCLIENTIP", "ZCREDITS", "ZTEXTNOWCREDIT", "ZCURRENCY", "ZISUNLIMITED", "ZSHOWADS")
#: a join table between ZTMOCONTACTVALUE and ZTMOABCONTACT, named for Core Data's entity numbers
JOIN_TABLE = re.compile(r"z_\d+contactvalues")


def interaction_to_event(row, ctx) -> dict:
    """One ``ZTMOINTERACTION`` row (with its conversation's address and name and the own address) -> a message
    (no ``ZCALLID``) or a call."""
    code = row["ZDIRECTION"]
    direction = DIRECTIONS.get(code) if type(code) is int else None
    own = as_text(row["own_self"]) or as_text(row["own_account"]) or None
    other = as_text(row["other"]) or None
    author = as_text(row["ZAUTHORNAME"]) or None
    extra: dict = {"direction_code": code}
    for col, key in RAW_CODES.items():
        if row[col] is not None:
            extra[key] = row[col]
    if row["ZCONVERSATION"] is not None:
        extra["conversation_pk"] = row["ZCONVERSATION"]
    if direction == OUTGOING:
        sender, recipients, desc = author or own, [other] if other else [], SENT
    elif direction == INCOMING:
        sender, recipients, desc = author, [own] if own else [], RECEIVED
    else:
        sender, recipients, desc = author, [], CREATED
    event = {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZLOCALTIMESTAMP"], column="ZTMOINTERACTION.ZLOCALTIMESTAMP"),
        "timestamp_raw": row["ZLOCALTIMESTAMP"],
        "timestamp_desc": desc,
        "kind": "message",
        "direction": direction,
        "conversation_id": other,
        "conversation_name": as_text(row["other_name"]) or None,
        "sender": sender,
        "recipients": recipients,
        "body": None if row["ZCONTENT"] is None else as_text(row["ZCONTENT"]),
        "attachments": [],
        "extra": extra,
    }
    if row["ZCALLID"] is None:
        time_pair(ctx, extra, "remote", row["ZREMOTETIMESTAMP"], "ZTMOINTERACTION.ZREMOTETIMESTAMP", COCOA_SECONDS)
        return event
    call_id = as_text(row["ZCALLID"])
    extra["call_id"] = call_id
    if row["ZLENGTH"] is not None:
        extra["duration_s"] = row["ZLENGTH"]
    match = CALL_ID.match(call_id)
    if match:
        start = float(match.group(2))
        time_pair(ctx, extra, "recorded_at", row["ZLOCALTIMESTAMP"], "ZTMOINTERACTION.ZLOCALTIMESTAMP", COCOA_SECONDS)
        event.update(timestamp=ctx.time(COCOA_SECONDS, start, column="ZTMOINTERACTION.ZCALLID"),
                     timestamp_raw=match.group(2), timestamp_desc=CALL_START)
        extra["call_number"] = match.group(1)
        if not other:
            event["conversation_id"] = match.group(1) or None
            if direction == OUTGOING and match.group(1):
                event["recipients"] = [match.group(1)]
    event.update(kind="call", body=None)
    return event


def contact_to_event(row, ctx) -> dict:
    """One ``ZTMOCONTACTVALUE`` row (with its server contact's name and its address-book names) -> a contact."""
    value = as_text(row["ZCONTACTVALUE"]) or None
    name = as_text(row["ZCONTACTNAME"]) or None
    extra: dict = {}
    if row["ZCONTACTISSELF"] == 1:
        extra["owned"] = True
    for col, key in (("ZCONTACTLABEL", "label"), ("ZINNETWORK", "in_network"), ("ZCONTACTISSELF", "contact_is_self"),
                     ("server_name", "server_contact_name"), ("ZCONVERSATION", "conversation_pk")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    book = [n for n in (row["book_names"] or "").split("\x1f") if n.strip()]
    if book:
        extra["address_book_names"] = book
    shown = name or (book[0] if book else None) or as_text(row["server_name"]) or None
    body = f"{shown} ({value})" if shown and value and shown != value else (shown or value)
    return contact_event(value, name, body, extra, f"ZTMOCONTACTVALUE:Z_PK={row['Z_PK']}")


def account_to_event(row, ctx) -> dict | None:
    """One ``ZTMOACCOUNTINFO`` row -> the account's own TextNow number as an owned contact."""
    number = as_text(row["ZPHONENUMBER"]) or None
    username = as_text(row["ZUSERNAME"]) or None
    if not number and not username:
        return None
    extra: dict = {"owned": True, "role": "textnow_number"}
    for col in ACCOUNT_TEXT:
        if row[col] not in (None, ""):
            extra[col[1:].lower()] = row[col]
    for col, key in ACCOUNT_TIMES.items():
        time_pair(ctx, extra, key, row[col], f"ZTMOACCOUNTINFO.{col}", COCOA_SECONDS)
    extra["sip_password_stored"] = row["ZSIPPASSWORD"] not in (None, "")  # the password itself is never copied
    name = " ".join(p for p in ((as_text(row["ZFIRSTNAME"]) or "").strip(), (as_text(row["ZLASTNAME"]) or "").strip()) if p) or None
    body = f"TextNow number {number}" if number else f"TextNow account {username}"
    return contact_event(number, name or username, body, extra, f"ZTMOACCOUNTINFO:Z_PK={row['Z_PK']}")


class TextNowIosParser(SQLiteParser):
    name = "textnow_ios"
    version = __version__
    app = "textnow"
    platform = "ios"
    description = ("TextNow for iOS account store (in Documents, named for the account; read with its -wal): texts, "
                   "calls, contacts, the account's own number")
    path_globs = ("**/Containers/Data/Application/*/Documents/" + "[0-9]" * 10 + "*",)
    # the glob takes any file named with ten digits: a file that is not SQLite is not this parser's (a quiet
    # "not applicable", checked in check_file), and the app's own ZTMOACCOUNTINFO is what makes it the app's store
    signatures = ()
    required_tables = {"ZTMOACCOUNTINFO": {"Z_PK", "ZPHONENUMBER"}}
    interaction_columns = ("Z_PK", "ZLOCALTIMESTAMP", "ZDIRECTION", "ZCALLID")
    time_units = {"ZTMOINTERACTION.ZLOCALTIMESTAMP": COCOA_SECONDS, "ZTMOINTERACTION.ZREMOTETIMESTAMP": COCOA_SECONDS,
                  "ZTMOINTERACTION.ZCALLID": COCOA_SECONDS,
                  **{f"ZTMOACCOUNTINFO.{c}": COCOA_SECONDS for c in ACCOUNT_TIMES}}
    references = ("iLEAPP scripts/artifacts/textNow.py (store, tables, columns, Core Data times, ZCALLID, "
                  "ZDIRECTION as observed on two real stores)",
                  "artefacts/synthetic/ddl/textnow_ios.sql")

    def check_file(self, ctx) -> str | None:
        with open(ctx.source.local_path, "rb") as fh:
            if fh.read(len(SQLITE_SIGNATURE[1])) != SQLITE_SIGNATURE[1]:
                return "not SQLite (the store has no fixed name: only its content makes it TextNow's)"
        reason = super().check_file(ctx)
        if reason is None and not ctx.has_columns("ZTMOINTERACTION", *self.interaction_columns):
            reason = f"table ZTMOINTERACTION lacks one of {', '.join(self.interaction_columns)}"
        return reason

    def parse(self, ctx):
        # lookups name main.: in the deleted-record run the mapped tables are shadowed by their recovered rows,
        # and a recovered message still belongs to the live account and conversation
        cols = ", ".join(ctx.column_or_null("ZTMOINTERACTION", c, prefix="i") for c in INTERACTION_OPTIONAL)
        own_self = other = other_name = "NULL"
        contact_values = ctx.has_columns("ZTMOCONTACTVALUE", "Z_PK", "ZCONTACTVALUE")
        if contact_values and ctx.has_columns("ZTMOCONTACTVALUE", "ZCONTACTISSELF"):
            own_self = ("(SELECT s.ZCONTACTVALUE FROM main.ZTMOCONTACTVALUE s WHERE s.ZCONTACTISSELF = 1 "
                        "AND s.ZCONTACTVALUE IS NOT NULL ORDER BY s.Z_PK LIMIT 1)")
        if contact_values and ctx.has_columns("ZTMOCONVERSATION", "Z_PK", "ZCONTACTVALUE") and ctx.has_columns(
                "ZTMOINTERACTION", "ZCONVERSATION"):
            link = ("FROM main.ZTMOCONVERSATION c JOIN main.ZTMOCONTACTVALUE v ON v.Z_PK = c.ZCONTACTVALUE "
                    "WHERE c.Z_PK = i.ZCONVERSATION")
            other = f"(SELECT v.ZCONTACTVALUE {link})"
            if ctx.has_columns("ZTMOCONTACTVALUE", "ZCONTACTNAME"):
                other_name = f"(SELECT v.ZCONTACTNAME {link})"
        own_account = "(SELECT a.ZPHONENUMBER FROM main.ZTMOACCOUNTINFO a WHERE a.ZPHONENUMBER IS NOT NULL ORDER BY a.Z_PK LIMIT 1)"
        sql = (f"SELECT i.Z_PK, i.ZLOCALTIMESTAMP, i.ZDIRECTION, i.ZCALLID, {cols}, {own_self} AS own_self, "
               f"{own_account} AS own_account, {other} AS other, {other_name} AS other_name "
               "FROM ZTMOINTERACTION i ORDER BY i.Z_PK")
        yield from ctx.map_rows(sql, interaction_to_event, table="ZTMOINTERACTION", id_column="Z_PK")
        if contact_values:
            yield from ctx.map_rows(self._contacts_sql(ctx), contact_to_event, table="ZTMOCONTACTVALUE", id_column="Z_PK")
        acols = ", ".join(ctx.column_or_null("ZTMOACCOUNTINFO", c) for c in ACCOUNT_OPTIONAL)
        yield from ctx.map_rows(f"SELECT Z_PK, ZPHONENUMBER, {acols} FROM ZTMOACCOUNTINFO ORDER BY Z_PK",
                                account_to_event, table="ZTMOACCOUNTINFO", id_column="Z_PK")

    @staticmethod
    def _contacts_sql(ctx) -> str:
        cols = ", ".join(ctx.column_or_null("ZTMOCONTACTVALUE", c, prefix="v") for c in CONTACT_OPTIONAL)
        server = "NULL"
        if ctx.has_columns("ZTMOSERVERCONTACT", "Z_PK", "ZNAME") and ctx.has_columns("ZTMOCONTACTVALUE", "ZSERVERCONTACT"):
            server = "(SELECT s.ZNAME FROM ZTMOSERVERCONTACT s WHERE s.Z_PK = v.ZSERVERCONTACT)"
        book = []
        if ctx.has_columns("ZTMOABCONTACT", "Z_PK", "ZFIRSTNAME", "ZLASTNAME"):
            for table, columns in sorted(ctx.schema.items()):
                if not JOIN_TABLE.fullmatch(table):
                    continue
                contact = next((c for c in sorted(columns) if "addressbook" in c), None)
                value = next((c for c in sorted(columns) if c != contact), None)
                if contact and value and all(c.isidentifier() for c in (table, contact, value)):
                    book.append(f"SELECT j.{value} AS cv, trim(coalesce(trim(b.ZFIRSTNAME), '') || ' ' || "
                                f"coalesce(trim(b.ZLASTNAME), '')) AS n, b.Z_PK AS bpk FROM {table} j "
                                f"JOIN ZTMOABCONTACT b ON b.Z_PK = j.{contact}")
        names = "NULL"
        if book:
            names = (f"(SELECT group_concat(n, char(31)) FROM (SELECT n FROM ({' UNION ALL '.join(book)}) "
                     "WHERE cv = v.Z_PK ORDER BY bpk))")
        return (f"SELECT v.Z_PK, v.ZCONTACTVALUE, {cols}, {server} AS server_name, {names} AS book_names "
                "FROM ZTMOCONTACTVALUE v ORDER BY v.Z_PK")


@hookimpl
def register_parsers(register):
    register(TextNowIosParser)
