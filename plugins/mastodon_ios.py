"""Mastodon for iOS (the official app): direct messages and the cached accounts of ``shared.sqlite``.

The app keeps a Core Data store ``Databases/shared.sqlite`` in its App Group container
(``*/mobile/Containers/Shared/AppGroup/<UUID>/Databases/shared.sqlite``).

Where the facts come from:

* The schema: the real store of iLEAPP's test case ``mastodon.josh_ios17_ffs`` (iOS 17.3, in
  ``../shared/corpus/ileapp/cases/``; DDL in ``artefacts/synthetic/ddl/mastodon_ios.sql``) and iLEAPP
  ``scripts/artifacts/mastodon.py`` (``abrignoni/iLEAPP``). Core Data names: ``ZSTATUS`` (entity
  ``Status``), ``ZMASTODONUSER`` (``MastodonUser``), ``ZMASTODONAUTHENTICATION``, ``ZNOTIFICATION``,
  ``ZINSTANCE``; the follow relation is the many-to-many table ``Z_<user>FOLLOWING`` with columns
  ``Z_<user>FOLLOWING`` (the followed) and ``Z_<user>FOLLOWINGBY`` (the follower), ``<user>`` the
  ``MastodonUser`` entity number of ``Z_PRIMARYKEY`` (8 in the real file; iLEAPP: 7 in older builds).
* Mastodon has no private-message table: a direct message is a status whose
  ``ZVISIBILITYRAW`` is ``'direct'`` (iLEAPP; the Mastodon API's ``visibility``); the other values
  (``public`` and the rest) are posts and are not read here. Its people are the author
  (``ZAUTHOR`` = ``ZMASTODONUSER.Z_PK``) and the accounts of ``ZMENTIONS``, a JSON list of
  ``{id, username, acct, url}``; a DM has no thread id, so the conversation is the sorted set of
  those ``@acct`` handles (iLEAPP's "Conversation Key"). ``ZINREPLYTOID`` is the status replied to.
* ``ZCONTENT`` is the HTML body (text by :mod:`artefacts.decoders.html_text`, the HTML kept in
  ``extra``); ``ZSPOILERTEXT`` the content warning; ``ZATTACHMENTS`` a JSON list of
  ``{id, kind, assetURL, previewURL, size, blurhash, altDescription}`` (real file); ``ZDELETEDAT``
  / ``ZEDITEDAT`` the deletion and edit times.
* Times (``ZSTATUS.ZCREATEDAT``/``ZEDITEDAT``/``ZDELETEDAT``, ``ZMASTODONUSER.ZCREATEDAT``/
  ``ZUPDATEDAT``) are Core Data ``TIMESTAMP`` columns: Cocoa seconds since 2001-01-01 (iLEAPP
  ``convert_cocoa_core_data_ts_to_utc``; the real values, e.g. 691769268.011 = 2022-12-03).
* The account holder: ``ZMASTODONAUTHENTICATION.ZUSERID``; that table is empty in the real file, and
  iLEAPP then takes the ``ZNOTIFICATION.ZUSERID`` (the account the notifications were fetched for).
  A status whose author's ``ZID`` is the holder's is outgoing, any other incoming.
* ``ZMASTODONUSER``: ``ZID`` the server's account id, ``ZACCT`` the handle (``user`` on the home
  instance, ``user@domain`` elsewhere), ``ZDISPLAYNAME``, ``ZNOTE`` (HTML bio), counts, ``ZBOT``,
  ``ZLOCKED``, ``ZSUSPENDED``, ``ZURL``, ``ZAVATARSTATIC``: one ``contact`` event each, addressed by
  ``@acct`` like the messages' senders; the holder's has ``extra.account_holder`` and the home
  instance (``ZINSTANCE.ZDOMAIN``/``ZVERSION``).

Left out: public statuses (posts, not messages), notifications, polls, feeds.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.decoders.html_text import html_text
from artefacts.events import INCOMING, OUTGOING, CREATED, attachment, contact_event, time_pair
from artefacts.parser import SQLiteParser
from artefacts.timeconv import COCOA_SECONDS

__version__ = "1.0"

DIRECT = "direct"
STATUS_OPTIONAL = ("ZEDITEDAT", "ZDELETEDAT", "ZSPOILERTEXT", "ZLANGUAGE", "ZURL", "ZURI", "ZINREPLYTOID",
                   "ZINREPLYTOACCOUNTID", "ZMENTIONS", "ZATTACHMENTS", "ZSENSITIVE", "ZDOMAIN")
USER_OPTIONAL = ("ZDOMAIN", "ZNOTE", "ZFOLLOWERSCOUNT", "ZFOLLOWINGCOUNT", "ZSTATUSESCOUNT", "ZBOT", "ZLOCKED",
                 "ZSUSPENDED", "ZURL", "ZAVATARSTATIC", "ZCREATEDAT", "ZUPDATEDAT")
USER_FLAGS = ("ZBOT", "ZLOCKED", "ZSUSPENDED")


def handle(acct) -> str | None:
    """A person's address: ``@acct`` (the handle Mastodon shows)."""
    return f"@{acct}" if acct else None


def _json_list(text) -> list:
    if text in (None, b"", ""):
        return []
    try:
        value = json.loads(text)
    except (ValueError, TypeError, UnicodeDecodeError):
        return []
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def status_to_event(row, ctx) -> dict:
    """One direct ``ZSTATUS`` row with its author (``author_*``) and the holder's id (``holder``)."""
    author = handle(row["author_acct"])
    mentions = [handle(m.get("acct")) for m in _json_list(row["ZMENTIONS"]) if m.get("acct")]
    people = sorted({p for p in (*mentions, author) if p})
    holder = row["holder"]
    direction = OUTGOING if holder and row["author_id"] == holder else INCOMING
    extra: dict = {"status_id": row["ZID"], "visibility": row["ZVISIBILITYRAW"], "author_id": row["author_id"],
                   "html": row["ZCONTENT"]}
    for col, key in (("ZSPOILERTEXT", "content_warning"), ("ZLANGUAGE", "language"), ("ZURL", "url"), ("ZURI", "uri"),
                     ("ZINREPLYTOID", "in_reply_to_id"), ("ZINREPLYTOACCOUNTID", "in_reply_to_account_id"),
                     ("ZDOMAIN", "domain")):
        if row[col] not in (None, ""):
            extra[key] = row[col]
    if row["ZSENSITIVE"]:
        extra["sensitive"] = True
    time_pair(ctx, extra, "edited", row["ZEDITEDAT"], "ZSTATUS.ZEDITEDAT", COCOA_SECONDS)
    time_pair(ctx, extra, "deleted", row["ZDELETEDAT"], "ZSTATUS.ZDELETEDAT", COCOA_SECONDS)
    media = _json_list(row["ZATTACHMENTS"])
    attachments = []
    for item in media:
        url = item.get("assetURL") or item.get("url") or item.get("previewURL")
        name = url.rsplit("/", 1)[-1] if isinstance(url, str) and url else item.get("id")
        attachments.append(attachment(name=name if isinstance(name, str) else None))
    if media:
        extra["attachments"] = [{k: item.get(k) for k in ("id", "kind", "assetURL", "previewURL", "altDescription")
                                 if item.get(k) not in (None, "")} for item in media]
    return {
        "timestamp": ctx.time(COCOA_SECONDS, row["ZCREATEDAT"], column="ZSTATUS.ZCREATEDAT"),
        "timestamp_raw": row["ZCREATEDAT"],
        "timestamp_desc": CREATED,
        "kind": "message",
        "direction": direction,
        "conversation_id": ", ".join(people) or None,
        "conversation_name": ", ".join(people) or None,
        "sender": author,
        "sender_name": row["author_name"] or None,
        "recipients": [p for p in people if p != author],
        "body": html_text(row["ZCONTENT"]),
        "attachments": attachments,
        "deleted": row["ZDELETEDAT"] is not None,
        "extra": extra,
    }


def user_to_event(row, ctx) -> dict:
    """One ``ZMASTODONUSER`` row -> a contact addressed by ``@acct``."""
    extra: dict = {"user_id": row["ZID"], "username": row["ZUSERNAME"]}
    for col in USER_OPTIONAL:
        value = row[col]
        if value in (None, "") or col in ("ZCREATEDAT", "ZUPDATEDAT", "ZNOTE") or col in USER_FLAGS:
            continue
        extra[col[1:].lower()] = value
    for col in USER_FLAGS:
        if row[col]:
            extra[col[1:].lower()] = True
    if row["ZNOTE"]:
        extra["bio"] = html_text(row["ZNOTE"])
    time_pair(ctx, extra, "created", row["ZCREATEDAT"], "ZMASTODONUSER.ZCREATEDAT", COCOA_SECONDS)
    time_pair(ctx, extra, "updated", row["ZUPDATEDAT"], "ZMASTODONUSER.ZUPDATEDAT", COCOA_SECONDS)
    for key in ("followed_by_holder", "follows_holder"):
        if row[key]:
            extra[key] = True
    if row["holder"] and row["ZID"] == row["holder"]:
        extra["account_holder"] = True
        for key in ("instance_domain", "instance_version"):
            if row[key]:
                extra[key] = row[key]
    address = handle(row["ZACCT"]) or row["ZID"]
    name = row["ZDISPLAYNAME"] or None
    return contact_event(address, name, f"{name} ({address})" if name else address, extra,
                         f"ZMASTODONUSER:Z_PK={row['Z_PK']}")


def _holder_sql(ctx) -> str:
    """The account holder's ``ZID`` (``ZMASTODONAUTHENTICATION``, else the notifications' owner)."""
    parts = []
    for table in ("ZMASTODONAUTHENTICATION", "ZNOTIFICATION"):
        if ctx.has_columns(table, "ZUSERID"):
            parts.append(f"(SELECT ZUSERID FROM {table} WHERE ZUSERID IS NOT NULL ORDER BY Z_PK LIMIT 1)")
    return f"COALESCE({', '.join(parts)}, NULL)" if parts else "NULL"


class MastodonIosParser(SQLiteParser):
    name = "mastodon_ios"
    version = __version__
    app = "mastodon"
    platform = "ios"
    description = "Mastodon iOS shared.sqlite: direct messages (direct-visibility statuses), cached accounts"
    path_globs = ("**/Containers/Shared/AppGroup/*/Databases/shared.sqlite",)
    required_tables = {
        "ZSTATUS": {"Z_PK", "ZID", "ZAUTHOR", "ZCREATEDAT", "ZCONTENT", "ZVISIBILITYRAW"},
        "ZMASTODONUSER": {"Z_PK", "ZID", "ZACCT", "ZUSERNAME", "ZDISPLAYNAME"},
    }
    time_units = {
        "ZSTATUS.ZCREATEDAT": COCOA_SECONDS, "ZSTATUS.ZEDITEDAT": COCOA_SECONDS, "ZSTATUS.ZDELETEDAT": COCOA_SECONDS,
        "ZMASTODONUSER.ZCREATEDAT": COCOA_SECONDS, "ZMASTODONUSER.ZUPDATEDAT": COCOA_SECONDS,
    }
    references = (
        "iLEAPP scripts/artifacts/mastodon.py (direct visibility, mentions, account holder, following table)",
        "real shared.sqlite of iLEAPP's case mastodon.josh_ios17_ffs (artefacts/synthetic/ddl/mastodon_ios.sql)",
    )

    def parse(self, ctx):
        holder = _holder_sql(ctx)
        opt = ", ".join(ctx.column_or_null("ZSTATUS", c, prefix="s") for c in STATUS_OPTIONAL)
        sql = (f"SELECT s.Z_PK, s.ZID, s.ZCREATEDAT, s.ZCONTENT, s.ZVISIBILITYRAW, {opt}, u.ZID AS author_id, "
               f"u.ZACCT AS author_acct, u.ZDISPLAYNAME AS author_name, {holder} AS holder "
               "FROM ZSTATUS s LEFT JOIN ZMASTODONUSER u ON u.Z_PK = s.ZAUTHOR "
               f"WHERE s.ZVISIBILITYRAW = '{DIRECT}' ORDER BY s.ZCREATEDAT, s.Z_PK")
        yield from ctx.map_rows(sql, status_to_event, table="ZSTATUS", id_column="Z_PK")
        follow = self._following(ctx)
        if follow:
            by = (f"EXISTS(SELECT 1 FROM {follow} f JOIN ZMASTODONUSER me ON me.Z_PK = f.{follow}BY "
                  f"WHERE f.{follow} = u.Z_PK AND me.ZID = h.holder)")
            to = (f"EXISTS(SELECT 1 FROM {follow} f JOIN ZMASTODONUSER me ON me.Z_PK = f.{follow} "
                  f"WHERE f.{follow}BY = u.Z_PK AND me.ZID = h.holder)")
        else:
            by = to = "0"
        instance = ("(SELECT ZDOMAIN FROM ZINSTANCE ORDER BY Z_PK LIMIT 1)", "(SELECT ZVERSION FROM ZINSTANCE ORDER BY Z_PK LIMIT 1)")
        if not ctx.has_columns("ZINSTANCE", "ZDOMAIN", "ZVERSION"):
            instance = ("NULL", "NULL")
        opt = ", ".join(ctx.column_or_null("ZMASTODONUSER", c, prefix="u") for c in USER_OPTIONAL)
        sql = (f"SELECT u.Z_PK, u.ZID, u.ZACCT, u.ZUSERNAME, u.ZDISPLAYNAME, {opt}, h.holder, {by} AS followed_by_holder, "
               f"{to} AS follows_holder, {instance[0]} AS instance_domain, {instance[1]} AS instance_version "
               f"FROM ZMASTODONUSER u, (SELECT {holder} AS holder) h ORDER BY u.Z_PK")
        yield from ctx.map_rows(sql, user_to_event, table="ZMASTODONUSER", id_column="Z_PK")

    @staticmethod
    def _following(ctx) -> str | None:
        if not ctx.has_columns("Z_PRIMARYKEY", "Z_ENT", "Z_NAME"):
            return None
        row = ctx.db.execute("SELECT Z_ENT FROM Z_PRIMARYKEY WHERE Z_NAME = 'MastodonUser'").fetchone()
        if row is None:
            return None
        table = f"Z_{int(row[0])}FOLLOWING"
        return table if ctx.has_columns(table, table, f"{table}BY") else None


@hookimpl
def register_parsers(register):
    register(MastodonIosParser)
