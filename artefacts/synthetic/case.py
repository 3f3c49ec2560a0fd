"""A deterministic two-device case: an Android and an iOS extraction whose owners talk to each other and
share contacts across SMS, WhatsApp and Signal (issue #16, the sample case of ``sample_data/case/``).

Owner A uses the Android phone (``mmssms.db``; WhatsApp ``msgstore.db`` + ``wa.db``; Signal ``signal.db``,
SQLCipher-encrypted with its DatabaseSecret), owner B the iPhone (``sms.db``; WhatsApp
``ChatStorage.sqlite`` + ``ContactsV2.sqlite``; Signal's app group container with ``grdb/signal.sqlite``,
SQLCipher 4 with a 32-byte plaintext header). Every database comes from the project's builders
(``android.py``, ``ios.py``, ``whatsapp.py``, ``signal.py``, ``signal_ios.py``) on their real schemas, given
this module's people and planned conversations (``content.Line``) instead of generated ones:

* the owners' numbers are the ones ``content`` reserves for the device owners (never a contact's);
* A and B exchange messages over SMS, WhatsApp and Signal, and each exchange is written on both phones,
  each from its own side (an outgoing message of A is an incoming one on B, at the same sending time);
* three people are contacts of both phones, each on at least two apps of each phone; four more people are
  on one phone only (two on each);
* the address books hold the other owner's number as phones store it: WhatsApp's ``wa.db`` on Android in
  the national form (``07700 …`` without spaces; the real 2018 ``wa.db`` of the corpus,
  ``other/lab-whatsapp/wa.db``, has ``number`` values such as ``11991689446`` for the JID
  ``5511991689446@s.whatsapp.net``), ``ContactsV2.sqlite`` on iOS in E.164 (mvt's test backup,
  ``other/mvt/ios_backup``: ``ZPHONENUMBER`` ``+14155550100``); all numbers are
  UK drama numbers (Ofcom 07700 900xxx), so ``--default-region GB`` reads the national ones.

Where the owner is recorded: Signal Android's own ``recipient`` row is the author of outgoing messages
(``signal.py``); iOS ``sms.db`` gives the owner's number as ``account`` / ``destination_caller_id`` of every
message (``ios.py``). WhatsApp's message stores do not name the owner, and Signal iOS keeps the owner's
number in its ``keyvalue`` table, which the reference schema (and so this case) does not hold.

:func:`write_case` writes both extractions, ``KEYS.txt`` and returns the manifest (``MANIFEST.json``): the
owners' identifiers, the people the two phones share (E.164 and apps per phone), and per device, app and
conversation the number of messages, incoming and outgoing, counted from this plan.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from . import content as C
from .android import MMSSMS_PATH, build_mmssms
from .archive import write_zip
from .ios import SMS_DB_PATH, build_ios_sms
from .whatsapp import build_chatstorage, build_contactsv2, build_msgstore, build_wa_db, jid_of

START_MS = 1_706_774_400_000  # 2024-02-01T08:00:00Z
WA_ANDROID_DB = "data/data/com.whatsapp/databases"
WA_IOS_GROUP = ("private/var/mobile/Containers/Shared/AppGroup/3A1C5E7B-2D4F-4B6A-8C9E-0F1A2B3C4D5E/"
                "group.net.whatsapp.WhatsApp.shared")
SIGNAL_IOS_CONTAINER = "private/var/mobile/Containers/Shared/AppGroup/7D2E9A41-5B3C-4E6F-9A8B-1C2D3E4F5A6B"
APPS = ("sms", "whatsapp", "signal")
DEVICES = ("android", "ios")
#: per shared person (index in :func:`plan_people`'s list): the apps each phone uses with them
SHARED = (
    {"android": ("sms", "whatsapp"), "ios": ("sms", "whatsapp")},
    {"android": ("whatsapp", "signal"), "ios": ("whatsapp", "signal")},
    {"android": ("sms", "signal"), "ios": ("sms", "whatsapp", "signal")},
)
#: people on one phone only, and their apps
ONLY = ({"android": ("sms", "whatsapp")}, {"android": ("signal",)}, {"ios": ("sms", "whatsapp")},
        {"ios": ("signal",)})


def owner(number: str, name: str) -> C.Person:
    """A device owner as a ``Person``: a UK number written E.164 first, then as the address book has it."""
    national = f"0{number[3:7]} {number[7:]}"
    return C.Person(-1, name, "gb", number, [number, national, national.replace(" ", "")], national)


def plan_people(seed) -> tuple[C.Person, C.Person, list[C.Person]]:
    """Owner A, owner B, and the other people (UK numbers only: the shared ones first)."""
    a = owner(C.ANDROID_OWNER, "Kwame Mensah")
    b = owner(C.IOS_OWNER, "Saoirse MacLeod")
    pool = [p for p in C.make_people(seed, 80) if p.country == "gb"]
    people = pool[:len(SHARED) + len(ONLY)]
    for p in people:
        p.saved = True  # every one of them is in both address books that list them
    return a, b, people


def _exchange(r, n: int, t: list[int]) -> list[tuple[bool, str, int]]:
    """``n`` messages of one conversation: (written by the device owner, text, Unix ms)."""
    out = []
    for i in range(n):
        t[0] += 60_000 + int(r.random() * 3_600_000)
        out.append((i % 2 == 0 if r.random() < 0.7 else r.random() < 0.5, C.text(r), t[0]))
    return out


def plan(seed) -> dict:
    """The case: owners, people, and per device and app the planned lines (``content.Line``) and contacts."""
    a, b, people = plan_people(seed)
    r = C.rng(seed, "case-lines")
    t = [START_MS]
    lines = {d: {app: [] for app in APPS} for d in DEVICES}
    contacts = {d: {app: [] for app in APPS} for d in DEVICES}
    owners = {"android": a, "ios": b}
    # the owners with each other: one exchange per app, written on both phones
    for app in APPS:
        for by_a, text, ms in _exchange(r, 6 + int(r.random() * 5), t):
            lines["android"][app].append(C.Line(b, by_a, text, ms))
            lines["ios"][app].append(C.Line(a, not by_a, text, ms))
        contacts["android"][app].append(b)
        contacts["ios"][app].append(a)
    # the other people, each with the owner of every phone that knows them
    for p, apps in zip(people, SHARED + ONLY):
        for device, used in apps.items():
            for app in used:
                for mine, text, ms in _exchange(r, 3 + int(r.random() * 6), t):
                    lines[device][app].append(C.Line(p, mine, text, ms))
                contacts[device][app].append(p)
    return {"owners": owners, "people": people, "lines": lines, "contacts": contacts}


def _conversation_ids(device: str, app: str, contacts: list, signal_ios_threads: dict) -> dict[int, str]:
    """The conversation id each app gives a person's one-to-one conversation (by ``id(person)``)."""
    if app == "whatsapp":
        return {id(p): jid_of(p) for p in contacts}
    if app == "sms" and device == "ios":
        return {id(p): p.e164 for p in contacts}  # sms.db chat_identifier
    if app == "signal" and device == "ios":
        by_number = {number: tid for tid, number in signal_ios_threads.items()}
        return {id(p): by_number[p.e164] for p in contacts}  # model_TSThread.uniqueId
    return {id(p): str(i) for i, p in enumerate(contacts, 1)}  # thread._id (mmssms.db, signal.db)


def manifest(case: dict, signal_ios_threads: dict, region: str = "GB") -> dict:
    """What the case holds, counted from the plan (never from a parser)."""
    a, b = case["owners"]["android"], case["owners"]["ios"]
    conversations = []
    for device in DEVICES:
        for app in APPS:
            contacts = case["contacts"][device][app]
            ids = _conversation_ids(device, app, contacts, signal_ios_threads)
            for p in contacts:
                mine = [line for line in case["lines"][device][app] if line.peer is p]
                out = sum(line.outgoing for line in mine)
                conversations.append({"device": device, "app": app, "conversation_id": ids[id(p)],
                                      "with": p.e164, "messages": len(mine), "incoming": len(mine) - out,
                                      "outgoing": out})
    shared = []
    for p in case["people"][:len(SHARED)]:
        shared.append({"name": p.name, "e164": p.e164, "whatsapp_jid": jid_of(p),
                       "apps": {d: [app for app in APPS if p in case["contacts"][d][app]] for d in DEVICES}})
    return {
        "default_region": region,
        "devices": {
            "android": {"evidence_id": "android", "owner": {"name": a.name, "e164": a.e164, "whatsapp_jid": jid_of(a),
                                                            "recorded_by": ["signal: own recipient row, author of outgoing messages"]}},
            "ios": {"evidence_id": "ios", "owner": {"name": b.name, "e164": b.e164, "whatsapp_jid": jid_of(b),
                                                    "recorded_by": ["sms.db: destination_caller_id and account of every message"]}},
        },
        "shared_people": shared,
        "conversations": conversations,
    }


def write_case(dest, seed) -> dict:
    """Write the extractions ``dest/android.zip`` and ``dest/ios.zip`` (file-system layouts; a zip keeps the
    mostly empty pages of the apps' large schemas small) and ``dest/KEYS.txt``; the manifest."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="artefacts-case-") as tmp:
        m = _write_trees(Path(tmp), dest / "KEYS.txt", seed)
        for device in DEVICES:
            root = Path(tmp) / device
            write_zip(dest / f"{device}.zip", {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()})
    return m


def _write_trees(dest: Path, keys: Path, seed) -> dict:
    """``dest/android/`` and ``dest/ios/`` as folders, the keys to ``keys``; the manifest."""
    from ..decoders.sqlcipher import APP_SETTINGS, encrypt_database
    from . import signal as signal_android
    from .signal_ios import key_spec_for, write_signal_ios_container

    case = plan(seed)
    a, b = case["owners"]["android"], case["owners"]["ios"]
    lines, contacts = case["lines"], case["contacts"]
    android, ios = dest / "android", dest / "ios"
    # Android: SMS, WhatsApp (+ address book), Signal (encrypted)
    (android / MMSSMS_PATH).parent.mkdir(parents=True)
    build_mmssms(android / MMSSMS_PATH, n_mms=0, seed=seed, people=contacts["android"]["sms"],
                 lines=lines["android"]["sms"])
    (android / WA_ANDROID_DB).mkdir(parents=True)
    build_msgstore(android / WA_ANDROID_DB / "msgstore.db", seed=seed, people=contacts["android"]["whatsapp"],
                   lines=lines["android"]["whatsapp"], start_ms=START_MS)
    build_wa_db(android / WA_ANDROID_DB / "wa.db", seed=seed, people=contacts["android"]["whatsapp"])
    secret = signal_android.database_secret_for(f"{seed}-case")
    plain = dest / "signal.db"
    summary = signal_android.build_signal_db(plain, seed=seed, people=contacts["android"]["signal"], owner=a,
                                             lines=lines["android"]["signal"])
    db = signal_android.write_extraction(android, summary, plain)
    encrypt_database(plain, db, secret, APP_SETTINGS["signal-android"], seed=f"{seed}-case")
    plain.unlink()
    # iOS: SMS, WhatsApp (+ address book), Signal (encrypted container)
    build_ios_sms(ios / SMS_DB_PATH, seed=seed, people=contacts["ios"]["sms"], owner=b, lines=lines["ios"]["sms"])
    group = ios / WA_IOS_GROUP
    group.mkdir(parents=True)
    build_chatstorage(group / "ChatStorage.sqlite", seed=seed, people=contacts["ios"]["whatsapp"],
                      lines=lines["ios"]["whatsapp"], start_ms=START_MS)
    build_contactsv2(group / "ContactsV2.sqlite", seed=seed, people=contacts["ios"]["whatsapp"])
    spec = key_spec_for(f"{seed}-case")
    sig = write_signal_ios_container(ios / SIGNAL_IOS_CONTAINER, seed=seed, key_spec=spec,
                                     people=contacts["ios"]["signal"], lines=lines["ios"]["signal"])
    keys.write_text(
        "Key material for the two-device sample case (synthetic: never a real person's keys).\n"
        f"case/android.zip  --key signal={secret}\n"
        "(Signal Android's DatabaseSecret as 64 hex digits)\n"
        f"case/ios.zip      --key signal_ios={spec}\n"
        "(Signal iOS's keychain key spec: 32-byte SQLCipher key + 16-byte salt, 96 hex digits)\n",
        encoding="utf-8")
    return manifest(case, sig["threads"])


__all__ = ["plan", "manifest", "write_case"]
