"""A small Clubhouse for iOS preferences plist (``Library/Preferences/co.alphaexploration.clubhouse.plist``).

The keys of the real plist of iLEAPP's ``clubhouse.josh_ios17_ffs`` case (read by
``plugins/clubhouse_ios.py``, whose docstring gives the sources): the account (``kStorageKeyMyName``,
``kStorageKeyMyUsername``, ``kStorageKeyUserServerId`` an integer, ``kStorageKeyPhoneNumber``,
``kCachedFollowing``, ``kLastSyncDate`` a plist date) and ``contact-upload-store-suggested-invites``,
JSON stored as data with ``lastUpdated`` in Cocoa seconds and the ``suggestedInvites`` list. A binary
plist as the real one; names fictional, numbers in the US 555-01xx fiction range.
"""

from __future__ import annotations

import json
import plistlib
import random
from datetime import datetime
from pathlib import Path

from .coredata import cocoa_iso

PATH = ("private/var/mobile/Containers/Data/Application/0B1C2D3E-4F50-4617-8293-A4B5C6D7E8F9/Library/Preferences/"
        "co.alphaexploration.clubhouse.plist")
UPLOADED = 742_000_000.25
PEOPLE = [("Ari Moss", True), ("Bea Lund", False), ("Cy North", False), ("Dee Vance", True)]


def write_clubhouse_extraction(dest: Path, *, seed: int = 0) -> dict:
    rng = random.Random(seed)
    server_id = 900_000_000 + rng.randrange(10**8)
    invites = [{"hash": "P." + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(16)),
                "name": name, "cnContactIdentifier": f"{rng.getrandbits(128):032X}", "pop": rng.randrange(1, 20),
                "inApp": in_app, "phoneNumber": f"+1202555{131 + i:04d}"} for i, (name, in_app) in enumerate(PEOPLE)]
    sync = datetime(2024, 7, 7, 18, 31, 16, 576084)
    data = {"kStorageKeyNumInvites": 10, "kStorageKeyMyIsAdmin": False, "kStorageKeyMyUsername": "caseuser",
            "kLastSyncDate": sync,
            "contact-upload-store-suggested-invites": json.dumps({"lastUpdated": UPLOADED, "suggestedInvites": invites},
                                                                 separators=(",", ":")).encode(),
            "kStorageKeyDeviceId": "6EC457A6-0000-4000-8000-000000000001", "kCachedFollowing": [660_000_001],
            "kStorageKeyMyPhotoUrl": "https://cdn.example.com/caseuser.png", "kCachedBlocked": {},
            "kStorageKeyMyName": "Case User", "kStorageKeyPhoneNumber": "+12025550199", "kStorageKeyUserServerId": server_id}
    out = Path(dest) / PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(plistlib.dumps(data, fmt=plistlib.FMT_BINARY, sort_keys=False))
    return {"path": PATH, "server_id": str(server_id), "name": "Case User", "invites": invites,
            "uploaded": cocoa_iso(UPLOADED), "last_sync": sync.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}


def generic_manifest(dest: Path) -> dict:
    """Write the plist under ``dest``; its events in the generic form of :mod:`.messengers`."""
    m = write_clubhouse_extraction(dest)
    events = [{"locator": "plist:account", "kind": "contact", "timestamp": None, "conversation_id": m["server_id"],
               "sender": m["server_id"]}]
    for i, invite in enumerate(m["invites"]):
        events.append({"locator": f"suggestedInvites:index={i}", "kind": "contact", "timestamp": None,
                       "conversation_id": invite["phoneNumber"], "sender": invite["phoneNumber"]})
    return {"app": "clubhouse", "path": m["path"], "events": events}
