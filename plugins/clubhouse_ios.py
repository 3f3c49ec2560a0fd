"""Clubhouse for iOS: the account and the uploaded address-book contacts of the app's preferences plist.

Clubhouse keeps no message text on the device (iLEAPP's note); its preferences
``*/mobile/Containers/Data/Application/<UUID>/Library/Preferences/co.alphaexploration.clubhouse.plist``
hold the signed-in account and the contacts the app uploaded from the address book.

Where the facts come from: iLEAPP ``scripts/artifacts/clubhouse.py`` (``abrignoni/iLEAPP``: path and
keys) and the real plist of iLEAPP's case ``clubhouse.josh_ios17_ffs`` (iOS 17.3,
``../shared/corpus/ileapp/cases/``):

* The account: ``kStorageKeyMyName``, ``kStorageKeyMyUsername``, ``kStorageKeyUserServerId`` (an
  integer), ``kStorageKeyPhoneNumber``, ``kStorageKeyMyPhotoUrl``, ``kStorageKeyDeviceId``,
  ``kCachedFollowing`` (user ids), ``kCachedBlocked``, ``kLastSyncDate`` (a plist date, UTC): one
  ``contact`` event with ``extra.account_holder``, addressed by the server user id.
* ``contact-upload-store-suggested-invites``: JSON text (stored as data) ``{"lastUpdated": <Cocoa
  seconds>, "suggestedInvites": [{name, phoneNumber, inApp, pop, cnContactIdentifier, hash,
  imagePath}]}`` (iLEAPP: "lastUpdated is a Core Data (Cocoa) reference timestamp"): one ``contact``
  event per invite, addressed by its phone number; ``inApp`` says the person is on Clubhouse.

Not here: iLEAPP's conversations and notifications come from the App Group's
``group.alphaexploration.clubhouse.plist``, which the real case does not hold (no file, no source
layout beyond iLEAPP's keys), so they are not read.
"""

from __future__ import annotations

import json
import os
import plistlib
from datetime import datetime, timedelta, timezone

from artefacts import hookimpl
from artefacts.events import contact_event
from artefacts.parser import Parser
from artefacts.timeconv import COCOA_SECONDS, UNIX_MICROSECONDS

__version__ = "1.0"

MAX_BYTES = 64 << 20
INVITES = "contact-upload-store-suggested-invites"
PLIST_NAME = "co.alphaexploration.clubhouse.plist"
ACCOUNT_KEYS = (("kStorageKeyMyUsername", "username"), ("kStorageKeyPhoneNumber", "phone_number"),
                ("kStorageKeyMyPhotoUrl", "photo_url"), ("kStorageKeyDeviceId", "device_id"),
                ("kStorageKeyMyIsAdmin", "is_admin"), ("kStorageKeyNumInvites", "invites_remaining"),
                ("kNumCofollows", "cofollows"))


def _load(path) -> dict:
    if os.path.getsize(path) > MAX_BYTES:
        raise ValueError(f"more than {MAX_BYTES} bytes")
    with open(path, "rb") as fh:
        data = plistlib.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"the property list is a {type(data).__name__}, not a dictionary")
    return data


def account_to_event(row, ctx) -> dict:
    """The account keys of the plist -> the holder's contact."""
    data = row["data"]
    extra: dict = {"account_holder": True}
    for key, name in ACCOUNT_KEYS:
        if data.get(key) not in (None, ""):
            extra[name] = data[key]
    following = data.get("kCachedFollowing")
    if isinstance(following, list):
        extra["following_user_ids"] = [str(i) for i in following]
    blocked = data.get("kCachedBlocked")
    if isinstance(blocked, (list, dict)) and blocked:
        extra["blocked_user_ids"] = [str(i) for i in blocked]
    sync = data.get("kLastSyncDate")
    if isinstance(sync, datetime):
        # plistlib gives a naive datetime in UTC
        us = (sync.replace(tzinfo=timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
        extra["last_sync_time"] = ctx.time(UNIX_MICROSECONDS, us, column="plist.kLastSyncDate")
    uid = data.get("kStorageKeyUserServerId")
    address = str(uid) if uid not in (None, "") else None
    name = data.get("kStorageKeyMyName") or None
    return contact_event(address, name, name or address, extra, "plist:account")


def invite_to_event(row, ctx) -> dict:
    """One suggested invite (an uploaded address-book contact) -> a contact addressed by its number."""
    invite = row["invite"]
    if not isinstance(invite, dict):
        raise ValueError(f"invite is a {type(invite).__name__}, not a dict")
    extra: dict = {"on_clubhouse": bool(invite.get("inApp"))}
    for key, name in (("pop", "popularity"), ("cnContactIdentifier", "address_book_id"), ("hash", "contact_hash"),
                      ("imagePath", "image_path")):
        if invite.get(key) not in (None, ""):
            extra[name] = invite[key]
    if row["uploaded"] is not None:
        extra["uploaded_time"] = ctx.time(COCOA_SECONDS, row["uploaded"], column="suggested-invites.lastUpdated")
        extra["uploaded_raw"] = row["uploaded"]
    number, name = invite.get("phoneNumber") or None, invite.get("name") or None
    return contact_event(number, name, f"{name} ({number})" if name and number else name or number, extra,
                         f"suggestedInvites:index={row['index']}")


class ClubhouseIosParser(Parser):
    name = "clubhouse_ios"
    version = __version__
    app = "clubhouse"
    platform = "ios"
    description = "Clubhouse iOS preferences plist: the account and the uploaded address-book contacts"
    path_globs = ("**/Library/Preferences/co.alphaexploration.clubhouse.plist",)
    tables = {"co.alphaexploration.clubhouse.plist": {"kStorageKeyUserServerId", INVITES},
              "suggestedInvites[]": {"name", "phoneNumber", "inApp", "pop", "cnContactIdentifier", "hash", "imagePath"}}
    time_units = {"suggested-invites.lastUpdated": COCOA_SECONDS, "plist.kLastSyncDate": UNIX_MICROSECONDS}
    references = ("iLEAPP scripts/artifacts/clubhouse.py (path, account keys, suggested invites, Cocoa lastUpdated)",
                  "real plist of iLEAPP's case clubhouse.josh_ios17_ffs")

    @staticmethod
    def _read(ctx) -> tuple[dict | None, str | None]:
        """The plist as a dictionary, or ``None`` and why it cannot be read."""
        with open(ctx.source.local_path, "rb") as fh:
            if not fh.read(8).startswith((b"bplist", b"<?xml", b"<plist")):
                return None, "not a property list"
        try:
            return _load(ctx.source.local_path), None
        except Exception as exc:  # plistlib raises several types for damage
            return None, f"damaged property list ({type(exc).__name__}: {exc})"

    def check_file(self, ctx) -> str | None:
        data, error = self._read(ctx)
        if data is None:
            # Clubhouse's own damaged file: parse() says so; another file given alone is another app's
            own = ctx.source.path.replace("\\", "/").lower().endswith(PLIST_NAME)
            return None if own and error.startswith("damaged") else error
        if "kStorageKeyUserServerId" not in data and INVITES not in data:
            return "no Clubhouse account or suggested-invites key (not Clubhouse's preferences)"
        return None

    def parse(self, ctx):
        data, error = self._read(ctx)
        if data is None:
            ctx.warn_file(error)
            return
        if "kStorageKeyUserServerId" in data:
            yield from ctx.map_rows([{"key": "account", "data": data}], account_to_event, table="plist", id_column="key")
        raw = data.get(INVITES)
        if raw in (None, b"", ""):
            return
        try:
            store = json.loads(raw)
            invites = store["suggestedInvites"]
            if not isinstance(invites, list):
                raise TypeError("suggestedInvites is not a list")
        except (ValueError, TypeError, KeyError) as exc:
            ctx.warn_file(f"{INVITES} is not the JSON expected ({type(exc).__name__}: {exc})")
            return
        uploaded = store.get("lastUpdated")
        uploaded = uploaded if isinstance(uploaded, (int, float)) and not isinstance(uploaded, bool) else None
        rows = ({"index": i, "invite": invite, "uploaded": uploaded} for i, invite in enumerate(invites))
        yield from ctx.map_rows(rows, invite_to_event, table="suggestedInvites", id_column="index")


@hookimpl
def register_parsers(register):
    register(ClubhouseIosParser)
