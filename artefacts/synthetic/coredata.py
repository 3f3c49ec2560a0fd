"""Helpers of the generators of iOS Core Data stores (Mastodon, MeWe, Truth Social) and Cocoa times.

A Core Data ``TIMESTAMP`` column holds Cocoa seconds since 2001-01-01 UTC (a REAL). The generators
pick values that a double holds exactly (whole seconds plus multiples of 1/8 s), so the manifest time
computed here with :mod:`datetime` is the one a parser must give to the microsecond.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)


def cocoa_iso(seconds: float) -> str:
    """A manifest time: Cocoa seconds as ISO 8601 UTC with microseconds (by :mod:`datetime`)."""
    return (COCOA_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def cocoa_times(rng, start: float, n: int, *, min_gap: int = 20, max_gap: int = 900) -> list[float]:
    """``n`` increasing Cocoa times from ``start``, each a whole second plus k/8 s (exact in a double)."""
    out, t = [], float(start)
    for _ in range(n):
        t = float(int(t) + rng.randint(min_gap, max_gap)) + rng.randrange(8) / 8
        out.append(t)
    return out


#: ``Z_PRIMARYKEY``: entity number, name, super-entity, highest ``Z_PK`` (the join tables are named by the numbers)
PRIMARYKEY_COLS = ("Z_ENT", "Z_NAME", "Z_SUPER", "Z_MAX")


def manifest_message(locator: str, cocoa: float, outgoing: bool, conversation, sender, recipients: list, body,
                     deleted: bool = False, attachments: tuple = ()) -> dict:
    """A ``message`` event of a generic manifest (:mod:`.messengers`), its time from Cocoa seconds."""
    return {"locator": locator, "kind": "message", "timestamp": cocoa_iso(cocoa),
            "direction": "outgoing" if outgoing else "incoming", "conversation_id": conversation, "sender": sender,
            "recipients": list(recipients), "body": body, "deleted": deleted,
            "attachments": [{"name": a, "sha256": None} for a in attachments]}


def store_metadata(store_uuid: str) -> tuple:
    """A ``Z_METADATA`` row (version 1) holding only the two documented Core Data keys, NSStoreType and
    NSStoreUUID, as a binary property list (the other keys of a real store's plist are not reproduced)."""
    import plistlib

    meta = plistlib.dumps({"NSStoreType": "SQLite", "NSStoreUUID": store_uuid}, fmt=plistlib.FMT_BINARY,
                          sort_keys=True)
    return (1, store_uuid, meta)
