"""Regenerate the committed sample data in ``sample_data/``.

    python sample_data/generate.py

Writes (replacing previous output):

* ``android.zip``  -- Android full-file-system style extraction (mmssms.db, MMS parts, calllog.db)
* ``ios/``         -- iOS full-file-system style extraction folder (sms.db, attachments, call history)
* ``damaged/``     -- an Android extraction folder with a corrupt mmssms.db next to a healthy calllog.db
* ``whatsapp/android/`` -- WhatsApp Android, current schema: msgstore.db + wa.db + media, and on shared
  storage an encrypted ``msgstore.db.crypt15`` backup with its ``encrypted_backup.key`` in the app folder
* ``whatsapp/android_legacy/`` -- WhatsApp Android, legacy ``messages`` schema (msgstore.db + wa.db)
* ``whatsapp/ios/`` -- WhatsApp iOS: ChatStorage.sqlite + ContactsV2.sqlite + CallHistory.sqlite + media in the shared app group
* ``signal/android/`` -- Signal Android: SQLCipher-encrypted ``signal.db`` (real Signal settings) + attachments;
  ``signal/backup/`` -- a ``signal-*.backup`` of the same database; keys in ``signal/KEYS.txt``
* ``telegram/`` -- Telegram Android: two accounts' ``cache4.db`` with TL blobs of several layers
* ``threema/android/`` -- Threema Android: ``threema4.db`` encrypted with the master key of its unprotected
  ``files/key.dat``; ``threema/MANIFEST.json`` lists every message
* ``tor/android/`` -- Tor Browser for Android: Fenix ``files/places.sqlite`` and the Gecko profile's
  places, cookies, form history and ``sessionstore.jsonlz4``; ``tor/MANIFEST.json`` lists every record
* ``onion_browser/ios/`` -- Onion Browser (iOS): ``Documents/bookmarks.plist``; ``onion_browser/MANIFEST.json``
* ``orbot/android/`` -- Orbot: preferences, tor data folder, a hosted onion service; ``orbot/MANIFEST.json``
* ``email/android/`` -- AOSP Email: ``EmailProvider.db`` and ``EmailProviderBody.db``; ``email/MANIFEST.json``
* ``mail_ios/ios/`` -- Apple Mail on iOS, current layout: ``Library/Mail/Envelope Index`` (with
  ``message_global_data``), ``Protected Index`` and ``<ROWID>.emlx`` files; ``mail_ios/MANIFEST.json``
* ``protonmail/android/`` -- Proton Mail ``MessagesDatabase.db`` with PGP-encrypted bodies; the private key in
  ``protonmail/KEYS/``, its passphrase and every event in ``protonmail/MANIFEST.json``
* ``mail/files/`` -- mail files: a Google Takeout ``.mbox``, a loose ``.eml``, an iOS Mail ``.emlx``; ``mail/MANIFEST.json``
* ``whatsapp_export/<variant>/`` -- WhatsApp chat exports, one folder per line format (Android/iOS, locales,
  12/24 h); ``whatsapp_export/MANIFEST.json`` lists every event
* ``telegram_export/desktop/`` -- a Telegram Desktop JSON export (``result.json`` + a photo);
  ``telegram_export/MANIFEST.json`` lists every event
* ``meta_dyi/export/`` -- Meta "Download Your Information" Messenger and Instagram threads (mojibake as Meta
  writes it); ``meta_dyi/MANIFEST.json`` lists every event
* ``takeout/export/`` -- Google Takeout ``Takeout/Chrome/BrowserHistory.json``, ``Takeout/Hangouts/Hangouts.json``,
  ``Takeout/Google Chat/`` and ``Takeout/Voice/``;
  ``takeout/MANIFEST.json``
* ``chromium_profile/android/`` -- Chrome for Android's ``Login Data``, ``Web Data`` and ``Cookies``;
  ``chromium_profile/MANIFEST.json`` lists every event
* ``takeout_activity/export/`` -- Google Takeout My Activity (``MyActivity.json`` of Search, Chrome, YouTube,
  Discover; YouTube's ``search-history.json``); ``takeout_activity/MANIFEST.json`` lists every event
* ``takeout_activity_html/export/`` -- the same records as the web pages (``MyActivity.html``,
  ``search-history.html``); ``takeout_activity_html/MANIFEST.json``
* ``chromium/android/``, ``chromium/ios/`` -- Chromium browsers' ``History`` and ``Bookmarks`` (Chrome, Samsung
  Internet, Brave; Chrome on iOS); ``chromium/MANIFEST.json`` lists every event
* ``duckduckgo_ios/ios/`` -- DuckDuckGo for iOS: ``Library/Application Support/History.sqlite`` and the bookmarks
  app group's ``Bookmarks.sqlite`` (Core Data); ``duckduckgo_ios/MANIFEST.json`` lists every event
* ``firefox/android/`` -- Firefox for Android: Fenix ``files/places.sqlite``, the GeckoView profile's places and
  cookies, ``databases/mozac_downloads_database``; ``firefox/MANIFEST.json``
* ``fennec/android/`` -- Fennec (Firefox for Android before 2020): ``files/mozilla/<profile>/browser.db``;
  ``fennec/MANIFEST.json``
* ``apple_mail/ios/`` -- Apple Mail on iOS 13+: ``Library/Mail/Envelope Index`` and ``Protected Index``;
  ``apple_mail/MANIFEST.json`` lists every message
* ``gmail/android/`` -- Gmail for Android: ``databases/bigTopDataDB.<n>``; ``gmail/MANIFEST.json``
* ``firefox_ios/ios/`` -- Firefox for iOS: ``profile.profile/browser.db``; ``firefox_ios/MANIFEST.json`` lists every
  event
* ``safari_extra/ios/`` -- Safari on iOS: ``Library/Safari/CloudTabs.db``, ``Downloads/Downloads.plist``;
  ``safari_extra/MANIFEST.json`` lists every event
* ``safari/ios/`` -- Safari on iOS: ``Library/Safari/History.db``, ``BrowserState.db``, ``Bookmarks.db``;
  ``safari/MANIFEST.json`` lists every event
* ``threema/ios/`` -- Threema iOS: ``ThreemaData.sqlite`` (Core Data) with ``.ThreemaData_SUPPORT/_EXTERNAL_DATA``
  files in the app group container; ``threema/MANIFEST_ios.json`` lists every message
* ``wire/android/`` -- Wire Android (Kalium): the SQLCipher 4 user database ``user-db-<uuid>-<domain>``;
  its key in ``wire/KEYS.txt``, every message in ``wire/MANIFEST.json``.
* ``wallets/bitcoin_wallet/android/`` -- Bitcoin Wallet for Android: the bitcoinj ``wallet-protobuf`` (keys encrypted
  with a spending PIN); ``wallets/bitcoin_wallet/MANIFEST.json`` lists every owned address and transaction
* ``wallets/electrum/android/`` -- Electrum for Android: a plain wallet file with an appended JSON patch and one
  with encrypted storage (password in ``wallets/electrum/KEYS.txt``); ``MANIFEST.json`` lists both
* ``session/ios/`` -- Session iOS: ``database/Session.sqlite`` (SQLCipher 4, 32-byte plaintext header) + ``Attachments/``
  in the app group container; ``session/android/`` -- Session Android: ``session.db`` (SQLCipher 4, kdf_iter 1) and
  its preferences file; both keys in ``session/KEYS.txt``, every message in ``session/MANIFEST.json``
* ``wire/ios/`` -- Wire iOS: ``AccountData/<uuid>/store/store.wiredatabase`` (Core Data); every message in
  ``wire/manifest_ios.json``.
* ``wire/legacy/`` -- Wire Android, legacy Scala app: the plain per-account database
  ``data/data/com.wire/databases/<user uuid>``; every message in ``wire/manifest_legacy.json``.
* ``wallets/mycelium/android/`` -- Mycelium for Android: ``walletbacking.db`` (an HD account, an imported zpub, a
  single-key account) and ``mds.db`` labels; ``wallets/mycelium/MANIFEST.json`` lists every account, address and
  transaction
* ``wallets/metamask/`` -- MetaMask mobile: ``android/`` the per-controller ``persistStore/persist-*`` files,
  ``ios/`` an older ``persist-root``; the vault password in ``KEYS.txt``, ``MANIFEST.json`` /
  ``MANIFEST_ios.json`` list every account, contact and transaction
* ``wallets/samourai/android/`` -- Samourai Wallet for Android: ``app_wallet/samourai.dat``, ``.multi``, ``.multi.mix``,
  ``.paynyms`` (encrypted with the app's password: GUID + device footprint + PIN), the backups
  ``app_wallet/samourai.support.txt`` and ``Documents/samourai/samourai.txt`` (the BIP-39 passphrase); both keys in
  ``wallets/samourai/KEYS.txt``, every account, address, contact and transaction in ``MANIFEST.json``
* ``wechat/ios/`` -- WeChat iOS: ``MM.sqlite`` (``Chat_<md5>`` tables) + ``WCDB_Contact.sqlite`` + Img/Audio media
  (``wechat/manifest_ios.json`` lists every message)
* ``element/android/`` -- Element X Android: the matrix-rust-sdk event cache, state and crypto stores of one session,
  values encrypted with their store ciphers; the passphrase in ``element/KEYS.txt``, every event in
  ``element/MANIFEST.json``
* ``tango/android/`` -- Tango for Android: ``files/tc.db`` (base64 protobuf payloads) and the profile cache;
  ``viber/android/`` -- Viber ``viber_data`` (calls, phonebook); ``burner/android/`` -- Burner ``burners.db`` (texts,
  calls, two owned numbers); ``twitter/android/`` and ``twitter/ios/`` -- Twitter/X account database (direct
  messages, users) and iOS ``twitter.db`` (users); each folder's ``MANIFEST.json`` lists every record
* ``textnow/android/`` -- TextNow ``textnow_data.db``; ``googlevoice/android/`` -- Google Voice
  ``LegacyMsgDbInstance.db`` (protobuf messages, calls, voicemails) and ``VoiceAccountCache.db``; each
  ``MANIFEST.json`` lists every event
* ``samsung_messages/android/`` -- Samsung Messages' own ``message_content.db`` (messages, parts, conversation
  names); ``samsung_messages/MANIFEST.json`` lists every event
* ``googlevoice_ios/ios/`` -- Google Voice for iOS ``threadingStore.sqlite`` (texts, calls, a voicemail with its
  transcript, numbers); ``googlevoice_ios/MANIFEST.json`` lists every event
* ``textnow_ios/ios/`` -- TextNow for iOS account store ``Documents/<account id><username>`` (texts, calls,
  addresses, the account's own number; a plain database, see the generator); ``textnow_ios/MANIFEST.json`` lists
  every event
* ``wechat/android/`` -- WeChat Android: ``EnMicroMsg.db`` encrypted with the key of its uin (in
  ``shared_prefs``) and WeChat's fallback device id; ``wechat/MANIFEST.json`` lists every message
* ``case/`` -- the two-device sample case: ``android/`` (SMS, WhatsApp, encrypted Signal) and ``ios/`` (SMS,
  WhatsApp, encrypted Signal) of two owners who talk to each other and share contacts; ``case/KEYS.txt`` the
  Signal keys, ``case/MANIFEST.json`` the owners, the shared people and every conversation's counts
* ``kik/ios/``, ``skype/desktop/``, ``hangouts/android/``, ``imo/ios/`` -- Kik iOS ``kik.sqlite``, Skype desktop
  ``main.db``, Google Hangouts ``babel0.db``, imo iOS ``IMODb2.sqlite``, built from the DDL of plaso's real test files;
  each ``<app>/MANIFEST.json`` lists every event
* ``snapchat/android/`` and ``snapchat/ios/`` -- Snapchat ``arroyo.db`` (protobuf ``message_content``) and Android
  ``main.db`` friends; ``snapchat/MANIFEST.json`` lists every event of both

Everything is deterministic (seed ``SEED``); see ``sample_data/README.md`` and
``artefacts/synthetic``. Output bytes can change only if the builders, the SQLite library or zlib
change.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from artefacts.synthetic import (  # noqa: E402
    build_calllog,
    write_android_extraction,
    write_corrupt_sqlite,
    write_ios_extraction,
)
from artefacts.synthetic.android import CALLLOG_PATH, MMSSMS_PATH  # noqa: E402
from artefacts.synthetic.whatsapp import (  # noqa: E402
    build_callhistory,
    build_chatstorage,
    build_contactsv2,
    build_msgstore,
    build_wa_db,
)
from artefacts.synthetic.whatsapp_backup import root_key_for, write_crypt15, write_key_file  # noqa: E402
from artefacts.decoders.sqlcipher import APP_SETTINGS, encrypt_database  # noqa: E402
from artefacts.synthetic import signal as signal_synth  # noqa: E402

SEED = 2024
ANDROID = dict(n_sms=320, n_mms=48, n_calls=160)
IOS = dict(n_messages=320, n_calls=120)
DAMAGED_CALLS = 40
WHATSAPP = dict(n_messages=240, n_chats=8, n_groups=3, n_calls=30, media_files=12)
WA_ANDROID_DB = "data/data/com.whatsapp/databases"
WA_ANDROID_MEDIA = "sdcard/Android/media/com.whatsapp/WhatsApp"
WA_IOS_GROUP = "private/var/mobile/Containers/Shared/AppGroup/0C6E4F2A-5B1D-4C7E-9A3F-2D8B6E1F4A70"


def _write_media(root: Path, media) -> int:
    for rel, data in media:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return len(media)


def write_signal(dest: Path) -> None:
    import tempfile

    if dest.exists():
        shutil.rmtree(dest)
    secret = signal_synth.database_secret_for(SEED)
    passphrase = signal_synth.passphrase_for(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "signal.db"
        summary = signal_synth.build_signal_db(plain, generation="current", n_messages=60, seed=SEED)
        db = signal_synth.write_extraction(dest / "android", summary, plain)
        encrypt_database(plain, db, secret, APP_SETTINGS["signal-android"], seed=SEED)
        backup = dest / "backup" / "sdcard/Signal/Backups/signal-2024-03-01-10-00-00.backup"
        backup.parent.mkdir(parents=True)
        signal_synth.write_backup(plain, backup, passphrase, version=1, attachments=summary["attachments"], seed=SEED)
    (dest / "KEYS.txt").write_text(
        "Key material for the Signal sample extractions (synthetic: never a real person's keys).\n"
        f"signal/android  --key signal={secret}\n"
        f"signal/backup   --key 'signal={passphrase}'\n",
        encoding="utf-8",
    )
    print(f"signal/: encrypted signal.db ({sum(summary['counts'].values())} rows), backup, keys in KEYS.txt")


def write_whatsapp(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    # Android, current schema, with the app's own key file and an encrypted backup on shared storage
    android = dest / "android"
    dbdir = android / WA_ANDROID_DB
    dbdir.mkdir(parents=True)
    wa = build_msgstore(dbdir / "msgstore.db", seed=SEED, schema="current", **WHATSAPP)
    build_wa_db(dbdir / "wa.db", n_chats=WHATSAPP["n_chats"], n_groups=WHATSAPP["n_groups"], seed=SEED)
    media = _write_media(android / WA_ANDROID_MEDIA, wa["media"])
    root_key = root_key_for(SEED)
    write_key_file(android / "data/data/com.whatsapp/files/encrypted_backup.key", root_key)
    backup = android / WA_ANDROID_MEDIA / "Databases/msgstore.db.crypt15"
    backup.parent.mkdir(parents=True, exist_ok=True)
    write_crypt15(dbdir / "msgstore.db", backup, root_key, seed=SEED)
    print(f"whatsapp/android/: {wa['messages']} messages, {wa['calls']} calls, {media} media files, "
          f"crypt15 backup (root key {root_key.hex()})")
    # Android, legacy schema
    legacy_dir = dest / "android_legacy" / WA_ANDROID_DB
    legacy_dir.mkdir(parents=True)
    legacy = build_msgstore(legacy_dir / "msgstore.db", seed=SEED, schema="legacy", **WHATSAPP)
    build_wa_db(legacy_dir / "wa.db", n_chats=WHATSAPP["n_chats"], n_groups=WHATSAPP["n_groups"], seed=SEED)
    _write_media(dest / "android_legacy" / WA_ANDROID_MEDIA, legacy["media"])
    print(f"whatsapp/android_legacy/: {legacy['messages']} messages (legacy schema)")
    # iOS
    group = dest / "ios" / WA_IOS_GROUP / "group.net.whatsapp.WhatsApp.shared"
    group.mkdir(parents=True)
    ios = build_chatstorage(group / "ChatStorage.sqlite", n_messages=WHATSAPP["n_messages"], n_chats=WHATSAPP["n_chats"],
                            n_groups=WHATSAPP["n_groups"], media_files=WHATSAPP["media_files"], seed=SEED)
    build_contactsv2(group / "ContactsV2.sqlite", n_chats=WHATSAPP["n_chats"], n_groups=WHATSAPP["n_groups"], seed=SEED)
    calls = build_callhistory(group / "CallHistory.sqlite", n_chats=WHATSAPP["n_chats"], n_groups=WHATSAPP["n_groups"],
                              seed=SEED)
    media = _write_media(group / "Message", ios["media"])
    print(f"whatsapp/ios/: {WHATSAPP['n_messages']} messages, {len(calls['calls'])} calls, {media} media files")


WECHAT = dict(uin=-1234567891, device_id="1234567890ABCDEF", n_messages=60)


def write_wechat(dest: Path) -> None:
    import json

    from artefacts.synthetic.wechat import write_wechat_extraction

    if dest.exists():
        shutil.rmtree(dest)
    s = write_wechat_extraction(dest / "android", seed=SEED, **WECHAT)
    keep = ("msgId", "createTime", "type", "body", "outgoing", "conversation", "sender")
    manifest = {"database": s["database"], "uin": s["uin"], "device_id": s["device_id"], "own": s["own"],
                "thumbnails": s["thumbnails"], "media_files": s["media_files"],
                "messages": [{k: m[k] for k in keep} for m in s["messages"]]}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        "wechat/android needs no --key: the uin is in shared_prefs/system_config_prefs.xml and the device id is\n"
        "WeChat's fallback 1234567890ABCDEF (a phone without IMEI). On a phone with one: --key wechat=<IMEI>.\n",
        encoding="utf-8")
    from artefacts.synthetic.wechat_ios import write_ios_extraction

    ios = write_ios_extraction(dest / "ios", n_messages=40, seed=SEED)
    (dest / "manifest_ios.json").write_text(json.dumps({"account_dir": ios["account_dir"], "messages": ios["messages"]},
                                                       ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wechat/: {len(s['messages'])} messages, {len(s['contacts'])} contacts, 1 group; "
          f"ios/: {len(ios['messages'])} messages")


def write_threema(dest: Path) -> None:
    import json

    from artefacts.synthetic.threema import write_threema_extraction

    if dest.exists():
        shutil.rmtree(dest)
    s = write_threema_extraction(dest / "android", seed=SEED, n_messages=50)
    keep = ("table", "id", "identity", "outbox", "type_name", "body", "caption", "postedAtUtc", "createdAtUtc", "groupId",
            "distributionListId")
    manifest = {"database": s["database"], "key_file": s["key_file"], "distribution_list": s["distribution_list"],
                "ballot": s["ballot"],
                "messages": [{k: m[k] for k in keep} for m in s["messages"]]}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    from artefacts.synthetic.threema_ios import write_sample

    ios = write_sample(dest, seed=SEED)
    print(f"threema/: {len(s['messages'])} messages, {len(s['contacts'])} contacts, 1 group; "
          f"ios/: {len(ios['messages'])} messages, {len(ios['external_files'])} external data files")


def _write_manifest_sample(dest: Path, device: str, build) -> dict:
    """``dest/<device>/`` from ``build(folder)``, whose returned manifest goes to ``dest/MANIFEST.json``."""
    import json

    if dest.exists():
        shutil.rmtree(dest)
    manifest = build(dest / device)
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def write_tor(dest: Path) -> None:
    from artefacts.synthetic.tor_browser import write_tor_browser_extraction

    m = _write_manifest_sample(dest, "android", lambda d: write_tor_browser_extraction(d, seed=SEED))
    print(f"tor/: {len(m['visits'])} visits, {len(m['bookmarks'])} bookmarks, {len(m['downloads'])} download, "
          f"{len(m['cookies'])} cookies, {len(m['session_entries'])} session entries")


def write_onion_browser(dest: Path) -> None:
    from artefacts.synthetic.tor_browser import write_onion_browser_extraction

    m = _write_manifest_sample(dest, "ios", write_onion_browser_extraction)
    print(f"onion_browser/: {len(m['bookmarks'])} bookmarks")


def write_orbot(dest: Path) -> None:
    from artefacts.synthetic.tor_browser import write_orbot_extraction

    m = _write_manifest_sample(dest, "android", write_orbot_extraction)
    print(f"orbot/: preferences, tor data folder, {len(m['onion_services'])} hosted onion service")


def write_mail(dest: Path) -> None:
    from artefacts.synthetic.mail import write_mail_sample

    m = _write_manifest_sample(dest, "files", write_mail_sample)
    print(f"mail/: {len(m['events'])} messages (Takeout mbox, .eml, iOS Mail .emlx)")


def write_aosp_email(dest: Path) -> None:
    from artefacts.synthetic.aosp_email import write_sample

    m = _write_manifest_sample(dest, "android", write_sample)
    print(f"email/: {len(m['events'])} messages (AOSP Email EmailProvider.db + EmailProviderBody.db)")


def write_apple_mail_current(dest: Path) -> None:
    from artefacts.synthetic.apple_mail_ios_current import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"mail_ios/: {len(m['events'])} events (Apple Mail on iOS, current layout: Envelope Index + Protected Index "
          ".emlx files)")


def write_protonmail(dest: Path) -> None:
    """Proton Mail: the key and the ciphertexts of the committed sample are kept (PGP encryption is randomised)."""
    import tempfile

    from artefacts.synthetic.protonmail import DB, KEY_FILE, write_sample

    key = (dest / KEY_FILE).read_bytes() if (dest / KEY_FILE).exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        previous = Path(tmp) / "previous.db"
        if (dest / "android" / DB).exists():
            shutil.copyfile(dest / "android" / DB, previous)

        def build(folder: Path) -> dict:
            if key is not None:
                (dest / KEY_FILE).parent.mkdir(parents=True, exist_ok=True)
                (dest / KEY_FILE).write_bytes(key)
            return write_sample(folder, reuse_from=previous)

        m = _write_manifest_sample(dest, "android", build)
    print(f"protonmail/: {len(m['events'])} messages, PGP bodies; key in {KEY_FILE} (passphrase in MANIFEST.json)")


def write_whatsapp_exports(dest: Path) -> None:
    import json

    from artefacts.synthetic.whatsapp_export import write_whatsapp_exports as build

    if dest.exists():
        shutil.rmtree(dest)
    m = build(dest)
    (dest / "MANIFEST.json").write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"whatsapp_export/: {len(m['variants'])} chat-export variants")


def write_telegram_export(dest: Path) -> None:
    from artefacts.synthetic.telegram_export import write_telegram_export as build

    m = _write_manifest_sample(dest, "desktop", build)
    print(f"telegram_export/: {len(m['events'])} messages in a Telegram Desktop result.json")


def write_meta_dyi(dest: Path) -> None:
    from artefacts.synthetic.meta_dyi import write_meta_dyi as build

    m = _write_manifest_sample(dest, "export", build)
    print(f"meta_dyi/: {len(m['events'])} Messenger and Instagram messages")


def write_takeout(dest: Path) -> None:
    from artefacts.synthetic.takeout import write_takeout as build

    m = _write_manifest_sample(dest, "export", build)
    print(f"takeout/: {len(m['visits'])} Chrome visits, {len(m['hangouts']['events'])} Hangouts events, "
          f"{len(m['google_chat']['events'])} Google Chat messages, {len(m['voice']['events'])} Google Voice events")


def write_chromium_profile(dest: Path) -> None:
    from artefacts.synthetic.chromium_profile import write_sample

    m = _write_manifest_sample(dest, "android", write_sample)
    print(f"chromium_profile/: {len(m['events'])} saved logins, autofill values, an address profile and cookies of Chrome for Android")


def write_takeout_activity(dest: Path) -> None:
    from artefacts.synthetic.takeout_activity import write_sample

    m = _write_manifest_sample(dest, "export", write_sample)
    print(f"takeout_activity/: {len(m['events'])} My Activity records (Search, Chrome, YouTube, Discover)")


def write_takeout_activity_html(dest: Path) -> None:
    from artefacts.synthetic.takeout_activity import write_html_sample

    m = _write_manifest_sample(dest, "export", write_html_sample)
    print(f"takeout_activity_html/: the same {len(m['events'])} records as MyActivity.html pages")


WIRE = dict(n_messages=40)


def write_chromium(dest: Path) -> None:
    """Chromium browsers: Chrome, Samsung Internet, Brave (Android) and Chrome (iOS) History + Bookmarks."""
    import json

    from artefacts.synthetic.chromium import write_sample

    if dest.exists():
        shutil.rmtree(dest)
    manifest = {p: write_sample(dest / p, p) for p in ("android", "ios")}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n",
                                        encoding="utf-8")
    print("chromium/: " + ", ".join(f"{p} {len(m['events'])} events" for p, m in manifest.items()))


def write_duckduckgo(dest: Path) -> None:
    """DuckDuckGo for Android: databases/history.db and app.db."""
    from artefacts.synthetic.duckduckgo import write_sample

    m = _write_manifest_sample(dest, "android", write_sample)
    print(f"duckduckgo/android/: {len(m['events'])} events (visits, searches, open tabs, bookmarks, fireproof sites)")


def write_duckduckgo_ios(dest: Path) -> None:
    """DuckDuckGo for iOS: History.sqlite and Bookmarks.sqlite (Core Data)."""
    from artefacts.synthetic.duckduckgo_ios import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"duckduckgo_ios/ios/: {len(m['events'])} events (visits, searches, Fire tab pages, bookmarks)")


def write_firefox(dest: Path) -> None:
    """Firefox for Android: Fenix places, GeckoView profile stores, android-components downloads database."""
    from artefacts.synthetic.firefox_android import write_sample

    m = _write_manifest_sample(dest, "android", lambda d: write_sample(d, seed=SEED))
    print(f"firefox/android/: {len(m['gecko_stores'])} Gecko stores, {len(m['events'])} downloads")


def write_fennec(dest: Path) -> None:
    """Fennec (Firefox for Android before 2020): the profile's browser.db."""
    from artefacts.synthetic.fennec import write_sample

    m = _write_manifest_sample(dest, "android", write_sample)
    print(f"fennec/android/: {len(m['events'])} events")


def write_apple_mail(dest: Path) -> None:
    """Apple Mail on iOS 13+: Envelope Index + Protected Index."""
    from artefacts.synthetic.apple_mail_ios import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"apple_mail/ios/: {len(m['events'])} messages (Envelope Index + Protected Index)")


def write_gmail(dest: Path) -> None:
    """Gmail for Android: one account's bigTopDataDB."""
    from artefacts.synthetic.gmail_android import write_sample

    m = _write_manifest_sample(dest, "android", write_sample)
    print(f"gmail/android/: {len(m['events'])} messages (zlib + protobuf)")


def write_firefox_ios(dest: Path) -> None:
    """Firefox for iOS: profile.profile/browser.db."""
    from artefacts.synthetic.firefox_ios import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"firefox_ios/ios/: {len(m['events'])} events (visits, bookmarks, open and synced tabs)")


def write_safari_extra(dest: Path) -> None:
    """Safari on iOS: CloudTabs.db (iCloud tabs of the user's other devices), Downloads.plist."""
    from artefacts.synthetic.safari_extra import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"safari_extra/ios/: {len(m['events'])} events (iCloud tabs, downloads)")


def write_safari(dest: Path) -> None:
    """Safari on iOS: History.db, BrowserState.db, Bookmarks.db."""
    from artefacts.synthetic.safari_ios import write_sample

    m = _write_manifest_sample(dest, "ios", write_sample)
    print(f"safari/ios/: {len(m['events'])} events (visits, cleared history, open tabs, bookmarks)")


def write_wire(dest: Path) -> None:
    import json

    from artefacts.synthetic.wire import write_wire_extraction

    if dest.exists():
        shutil.rmtree(dest)
    s = write_wire_extraction(dest / "android", seed=SEED, **WIRE)
    keep = ("id", "creation_date", "content_type", "body", "outgoing", "conversation", "sender", "attachment",
            "visibility", "expire_after_millis")
    manifest = {"database": s["database"], "self": s["self"],
                "conversations": {c["qualified_id"]: c["display"] for c in s["conversations"]},
                "users": {u["qualified_id"]: u["name"] for u in s["users"]},
                "messages": [{k: m[k] for k in keep} for m in s["messages"]]}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        f"wire/android/{s['database']}: --key wire={s['key']}\n"
        "(the 32-byte user database secret, as hex; Wire keeps it base64-encoded in its Keystore-encrypted\n"
        "preferences as user_db_secret_alias_<user id>)\n", encoding="utf-8")
    print(f"wire/: {len(s['messages'])} messages, {len(s['users'])} users, {len(s['conversations'])} conversations")
    from artefacts.synthetic.wire_ios import write_ios_extraction as write_wire_ios
    from artefacts.synthetic.wire_legacy import write_legacy_extraction

    ios = write_wire_ios(dest / "ios", seed=SEED, n_messages=24)
    _write_wire_manifest(dest / "manifest_ios.json", ios, ("pk", "kind", "server_ms", "ZSERVERTIMESTAMP", "body",
                         "outgoing", "conversation", "sender", "attachment", "expire_after_millis", "deleted",
                         "system_type", "entity", "users"))
    legacy = write_legacy_extraction(dest / "legacy", seed=SEED, n_messages=20)
    _write_wire_manifest(dest / "manifest_legacy.json", legacy, ("id", "kind", "msg_type", "time", "body", "outgoing",
                         "conv", "user_id", "attachment", "ephemeral", "duration", "name", "members"))
    print(f"wire/ios/: {len(ios['messages'])} messages; wire/legacy/: {len(legacy['messages'])} messages")


def _write_wire_manifest(path: Path, s: dict, keep: tuple) -> None:
    import json

    path.write_text(json.dumps({
        "database": s["database"], "self": s["self"], **({"likings": s["likings"]} if "likings" in s else {}),
        "conversations": {c["id"]: c["display"] for c in s["conversations"]},
        "users": {u["id"]: u["name"] for u in s["users"]},
        "messages": [{k: m[k] for k in keep} for m in s["messages"]]}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8")


SESSION = dict(n_messages=24)
SESSION_ANDROID = dict(n_messages=20)
SESSION_CONTAINER = "private/var/mobile/Containers/Shared/AppGroup/5E55F00D-0000-4000-8000-00000000C0DE"


def write_session(dest: Path) -> None:
    import json

    from artefacts.synthetic.session_android import database_secret_for, write_session_android_extraction
    from artefacts.synthetic.session_ios import key_spec_for, write_session_ios_container

    if dest.exists():
        shutil.rmtree(dest)
    spec = key_spec_for(SEED)
    s = write_session_ios_container(dest / "ios" / SESSION_CONTAINER, seed=SEED, key_spec=spec, **SESSION)
    manifest = {"ios": {"database": f"{SESSION_CONTAINER}/database/Session.sqlite", "self": s["self"],
                        "contacts": s["contacts"], "conversations": s["conversations"], "cases": s["cases"],
                        "messages": s["messages"]}}
    secret = database_secret_for(SEED)
    a = write_session_android_extraction(dest / "android", seed=SEED, secret=secret, **SESSION_ANDROID)
    manifest["android"] = {"database": a["database"], "self": a["self"], "names": a["names"],
                           "conversations": a["conversations"], "group": a["group"], "cases": a["cases"],
                           "messages": a["messages"]}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        "Key material for the Session sample extractions (synthetic: never a real person's keys).\n"
        f"session/ios      --key session_ios={spec}\n"
        "(the 48-byte keychain item GRDBDatabaseCipherKeySpec as hex: 32-byte SQLCipher key + 16-byte salt)\n"
        f"session/android  --key session={secret}\n"
        "(the 32-byte DatabaseSecret as hex; the app keeps it sealed by the Android Keystore in its preferences)\n",
        encoding="utf-8")
    print(f"session/: iOS Session.sqlite with {len(s['messages'])} interactions, {len(s['contacts'])} contacts; "
          f"Android session.db with {len(a['messages'])} messages (sms + mms)")


def write_telegram_ios(dest: Path) -> None:
    from artefacts.synthetic.telegram_ios import manifest_json, write_sample

    if dest.exists():
        shutil.rmtree(dest)
    m = write_sample(dest / "ios", seed=SEED)
    (dest / "MANIFEST.json").write_text(manifest_json(m), encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        "telegram_ios/ios: the key is in the extraction (telegram-data/.tempkey); to give it by hand:\n"
        f"--key telegram_ios={m['tempkey']}\n", encoding="utf-8")
    print(f"telegram_ios/: {len(m['messages'])} messages in an encrypted Postbox db_sqlite with its .tempkey")
ELEMENT_PASSPHRASE = "sample-passphrase-Nv3q8Zr1xKp0"  # stands for the random string Element X keeps per session


def write_element(dest: Path) -> None:
    import json

    from artefacts.synthetic.element import write_element_extraction

    if dest.exists():
        shutil.rmtree(dest)
    s = write_element_extraction(dest / "android", seed=SEED, passphrase=ELEMENT_PASSPHRASE)
    events = []
    for spec in s["events"]:
        ev = spec["event"]
        events.append({"event_id": ev["event_id"], "origin_server_ts": ev["origin_server_ts"], "type": ev["type"],
                       "msgtype": ev["content"].get("msgtype"), "kind": spec["kind"], "body": spec["body"],
                       "outgoing": spec["outgoing"], "room": spec["room"], "sender": ev["sender"],
                       "attachment": list(spec["attachment"]) if spec["attachment"] else None,
                       "deleted": spec["deleted"], "form": spec["form"]})
    manifest = {"event_cache": s["event_cache"], "state_store": s["state_store"], "crypto_store": s["crypto_store"],
                "self": s["self"], "people": s["people"],
                "rooms": {rid: r["display"] for rid, r in s["rooms"].items()}, "events": events}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        f"element/android (all three stores of the session): --key element={ELEMENT_PASSPHRASE}\n"
        "(the store passphrase; Element X Android keeps it in its session database, SessionData.passphrase)\n",
        encoding="utf-8")
    print(f"element/: {len(events)} events, {len(s['rooms'])} rooms")


METAMASK_PASSWORD = "correct horse battery staple"


def write_metamask(dest: Path) -> None:
    """MetaMask mobile: Android per-controller persist files (vault: 600,000 iterations) and an iOS
    ``persist-root`` of the older layout (vault without keyMetadata: 5,000)."""
    import json

    from artefacts.synthetic.metamask import write_metamask_extraction

    if dest.exists():
        shutil.rmtree(dest)
    android = write_metamask_extraction(dest / "android", password=METAMASK_PASSWORD, seed=SEED)
    ios = write_metamask_extraction(dest / "ios", password=METAMASK_PASSWORD, seed=f"{SEED}-ios", layout="root",
                                    iterations=None)
    (dest / "MANIFEST.json").write_text(json.dumps(android, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "MANIFEST_ios.json").write_text(json.dumps(ios, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        "wallets/metamask/android and ios: the vault (KeyringController.vault) opens with the wallet password\n"
        f"--key metamask={METAMASK_PASSWORD}\n", encoding="utf-8")
    print(f"wallets/metamask/: android {len(android['transactions'])} transactions, "
          f"{len(android['accounts'])} accounts; ios (persist-root) {len(ios['transactions'])} transactions")
SAMOURAI_PASSPHRASE = "lantern orbit 7"
SAMOURAI_PIN = "48151"


def write_samourai(dest: Path) -> None:
    """Samourai Wallet for Android: samourai.dat, samourai.multi (app password) and samourai.txt (passphrase)."""
    import json

    from artefacts.synthetic.samourai import write_samourai_extraction

    if dest.exists():
        shutil.rmtree(dest)
    m = write_samourai_extraction(dest / "android", passphrase=SAMOURAI_PASSPHRASE, pin=SAMOURAI_PIN, seed=SEED)
    (dest / "MANIFEST.json").write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (dest / "KEYS.txt").write_text(
        "wallets/samourai/android (synthetic keys, nobody's funds)\n"
        "app_wallet/samourai.dat, .multi, .multi.mix and .paynyms: the app's password = GUID + footprint (RIPEMD-160 of "
        "the fp entry; both in shared_prefs/com.samourai.wallet_preferences.xml) + PIN:\n"
        f"--key samourai={m['app_password']}\n"
        "or the PIN alone (the GUID and footprint are read from the preferences):\n"
        f"--key samourai={SAMOURAI_PIN}\n"
        "app_wallet/samourai.support.txt and Documents/samourai/samourai.txt (backups): the BIP-39 passphrase, which\n"
        "alone opens everything (the backups hold the PIN):\n"
        f"--key 'samourai={SAMOURAI_PASSPHRASE}'\n", encoding="utf-8")
    print(f"wallets/samourai/: {len(m['transactions'])} transactions, {len(m['owned_addresses'])} owned addresses, "
          f"{len(m['contacts'])} PayNym contacts")


ELECTRUM_PASSWORD = "correct horse 42"


def write_wallets(dest: Path) -> None:
    import json

    from artefacts.synthetic.wallets import build_bitcoinj_wallet

    bw = dest / "bitcoin_wallet"
    if bw.exists():
        shutil.rmtree(bw)
    w = build_bitcoinj_wallet(seed=SEED)
    f = bw / "android" / "data/data/de.schildbach.wallet/files/wallet-protobuf"
    f.parent.mkdir(parents=True)
    f.write_bytes(w["data"])
    manifest = {"file": str(f.relative_to(bw / "android")), **w["manifest"]}
    (bw / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"wallets/bitcoin_wallet/: {len(w['manifest']['addresses'])} addresses, "
          f"{len(w['manifest']['transactions'])} transactions")

    from artefacts.synthetic.wallets import build_electrum_wallet, electrum_file_text

    el = dest / "electrum"
    if el.exists():
        shutil.rmtree(el)
    wallets = el / "android" / "data/data/org.electrum.electrum/files/data/wallets"
    wallets.mkdir(parents=True)
    plain = build_electrum_wallet(seed=SEED)
    last = plain["manifest"]["transactions"][-1]["tx_hash"]
    patches = [{"op": "add", "path": f"/labels/{last}", "value": "Shop order 55"}]
    (wallets / "default_wallet").write_text(electrum_file_text(plain["data"], patches=patches), encoding="utf-8")
    secret = build_electrum_wallet(seed=SEED + 1)
    (wallets / "savings").write_text(electrum_file_text(secret["data"], password=ELECTRUM_PASSWORD, seed=SEED),
                                     encoding="utf-8")
    manifest = {"wallets": {"default_wallet": {**plain["manifest"], "patches": patches, "encrypted": False},
                            "savings": {**secret["manifest"], "encrypted": True}}}
    (el / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    (el / "KEYS.txt").write_text(
        "Electrum sample (synthetic keys, nobody's funds): wallets/savings is encrypted storage (BIE1);\n"
        f"open it with --key electrum={ELECTRUM_PASSWORD}\n", encoding="utf-8")
    print("wallets/electrum/: default_wallet (plain JSON + an appended patch), savings (encrypted storage)")


def write_case(dest: Path) -> None:
    import json

    from artefacts.synthetic.case import write_case as build

    m = build(dest, seed=SEED)
    (dest / "MANIFEST.json").write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"case/: android + ios, {len(m['conversations'])} conversations, "
          f"{sum(c['messages'] for c in m['conversations'])} messages, {len(m['shared_people'])} shared people")


def write_mycelium(dest: Path) -> None:
    """Mycelium for Android: walletbacking.db and mds.db (``artefacts.synthetic.mycelium``)."""
    import json

    from artefacts.synthetic.mycelium import build_mycelium

    if dest.exists():
        shutil.rmtree(dest)
    m = build_mycelium(dest / "android", seed=SEED)
    (dest / "MANIFEST.json").write_text(json.dumps(m, indent=1) + "\n", encoding="utf-8")
    print(f"wallets/mycelium/: {len(m['accounts'])} accounts, {len(m['transactions'])} transactions")


def write_registered_samples(root: Path) -> None:
    """Every messenger store registered with a ``sample_dir`` in ``artefacts.synthetic.messengers.SAMPLES``: the
    store at ``<sample_dir>/<platform>/``, the events a parse must give in ``<sample_dir>/MANIFEST.json``."""
    from artefacts.synthetic.messengers import SAMPLES

    for sample in SAMPLES:
        if sample.sample_dir:
            m = _write_manifest_sample(root / sample.sample_dir, sample.platform, sample.write)
            print(f"{sample.sample_dir}/{sample.platform}/: {m['path'].rsplit('/', 1)[-1]}, {len(m['events'])} events")


def write_plaso_messengers(root: Path) -> None:
    """Tango, Viber, Burner and Twitter/X: the apps whose only real databases are plaso's test data."""
    from artefacts.synthetic.burner import write_burner_extraction
    from artefacts.synthetic.tango import write_tango_extraction
    from artefacts.synthetic.twitter import write_twitter_extraction
    from artefacts.synthetic.viber import write_viber_android

    for app, device, build in (("tango", "android", write_tango_extraction), ("viber", "android", write_viber_android),
                               ("burner", "android", write_burner_extraction), ("twitter", ".", write_twitter_extraction)):
        m = _write_manifest_sample(root / app, device, lambda d, build=build: build(d, seed=SEED))
        print(f"{app}/: " + ", ".join(f"{len(v)} {k}" for k, v in m.items() if isinstance(v, list)))


def write_mainstream_messengers(root: Path) -> None:
    """Viber iOS, LINE (Android, iOS) and Kik Android: stores of issue #18 with no public real file."""
    import json

    from artefacts.synthetic.kik import write_kik_android
    from artefacts.synthetic.line import write_line_android, write_line_ios
    from artefacts.synthetic.viber import write_viber_ios

    for app, device, build in (("line", "android", write_line_android),):
        m = _write_manifest_sample(root / app, device, lambda d, build=build: build(d, seed=SEED))
        print(f"{app}/: " + ", ".join(f"{len(v)} {k}" for k, v in m.items() if isinstance(v, list)))
    # kik/ and viber/ hold the samples of write_chat_apps and write_plaso_messengers (their MANIFEST.json):
    # the other platform beside them, with its own manifest (LINE iOS likewise, beside LINE Android)
    for app, device, build in (("kik", "android", write_kik_android), ("viber", "ios", write_viber_ios),
                               ("line", "ios", write_line_ios)):
        if (root / app / device).exists():
            shutil.rmtree(root / app / device)
        m = build(root / app / device, seed=SEED)
        (root / app / f"MANIFEST.{device}.json").write_text(json.dumps(m, indent=1, ensure_ascii=False) + "\n",
                                                            encoding="utf-8")
        print(f"{app}/{device}/: " + ", ".join(f"{len(v)} {k}" for k, v in m.items() if isinstance(v, list)))


def write_facebook_messenger(dest: Path) -> None:
    from artefacts.synthetic.facebook_messenger import write_facebook_messenger_extraction

    m = _write_manifest_sample(dest, "android", lambda d: write_facebook_messenger_extraction(d, seed=SEED))
    print(f"facebook_messenger/: threads_db2, {len(m['events'])} events")


def write_google_messages(dest: Path) -> None:
    """Google Messages ``bugle_db`` (SMS, MMS, an MMS notification, a draft, a group thread)."""
    from artefacts.synthetic.google_messages import write_sample

    m = _write_manifest_sample(dest, "android", lambda d: write_sample(d, seed=SEED))
    print(f"google_messages/android/: {m['path']}, {len(m['events'])} events")


def write_snapchat(dest: Path) -> None:
    """Snapchat: Android ``arroyo.db`` + ``main.db`` and iOS ``arroyo.db``; the generic manifests of both."""
    import json

    from artefacts.synthetic.snapchat import generic_manifest

    if dest.exists():
        shutil.rmtree(dest)
    manifest = {p: generic_manifest(dest / p, p, seed=SEED) for p in ("android", "ios")}
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n",
                                        encoding="utf-8")
    print("snapchat/: " + ", ".join(f"{p} {len(m['events'])} events" for p, m in manifest.items()))


def main() -> None:
    android = write_android_extraction(HERE / "android.zip", seed=SEED, **ANDROID)
    print(f"android.zip: {android['sms']} SMS, {android['pdu']} MMS "
          f"({android['group_threads']} group threads, {android['attachments']} part files), "
          f"{android['calls']} calls")

    ios_dir = HERE / "ios"
    if ios_dir.exists():
        shutil.rmtree(ios_dir)
    ios = write_ios_extraction(ios_dir, seed=SEED, **IOS)
    print(f"ios/: {ios['messages']} messages ({ios['attributed_only']} attributedBody-only), "
          f"{ios['chats']} chats ({ios['group_chats']} group), {ios['attachment_files']} of "
          f"{ios['attachments']} attachment files, {ios['calls']} calls")

    damaged = HERE / "damaged"
    if damaged.exists():
        shutil.rmtree(damaged)
    write_corrupt_sqlite(damaged / MMSSMS_PATH, seed=SEED)
    build_calllog(damaged / CALLLOG_PATH, n_calls=DAMAGED_CALLS, seed=SEED)
    print(f"damaged/: corrupt {MMSSMS_PATH}, healthy calllog.db ({DAMAGED_CALLS} calls)")

    write_whatsapp(HERE / "whatsapp")

    write_signal(HERE / "signal")
    from artefacts.synthetic.telegram import write_telegram_extraction

    if (HERE / "telegram").exists():
        shutil.rmtree(HERE / "telegram")
    write_telegram_extraction(HERE / "telegram", seed=SEED)
    print("telegram/: two accounts (files/cache4.db, files/account1/cache4.db)")
    write_telegram_ios(HERE / "telegram_ios")

    write_wechat(HERE / "wechat")
    write_threema(HERE / "threema")
    write_tor(HERE / "tor")
    write_onion_browser(HERE / "onion_browser")
    write_orbot(HERE / "orbot")
    write_mail(HERE / "mail")
    write_aosp_email(HERE / "email")
    write_apple_mail_current(HERE / "mail_ios")
    write_protonmail(HERE / "protonmail")
    write_whatsapp_exports(HERE / "whatsapp_export")
    write_telegram_export(HERE / "telegram_export")
    write_meta_dyi(HERE / "meta_dyi")
    write_takeout(HERE / "takeout")
    write_takeout_activity(HERE / "takeout_activity")
    write_takeout_activity_html(HERE / "takeout_activity_html")
    write_chromium(HERE / "chromium")
    write_chromium_profile(HERE / "chromium_profile")
    write_safari(HERE / "safari")
    write_duckduckgo(HERE / "duckduckgo")
    write_duckduckgo_ios(HERE / "duckduckgo_ios")
    write_firefox_ios(HERE / "firefox_ios")
    write_safari_extra(HERE / "safari_extra")
    write_firefox(HERE / "firefox")
    write_fennec(HERE / "fennec")
    write_apple_mail(HERE / "apple_mail")
    write_gmail(HERE / "gmail")
    write_wire(HERE / "wire")
    write_wallets(HERE / "wallets")
    write_session(HERE / "session")
    write_element(HERE / "element")
    write_metamask(HERE / "wallets" / "metamask")
    write_case(HERE / "case")
    write_samourai(HERE / "wallets" / "samourai")
    write_mycelium(HERE / "wallets" / "mycelium")
    write_registered_samples(HERE)  # before the writers that add a second platform beside a registered one
    write_plaso_messengers(HERE)
    write_mainstream_messengers(HERE)
    write_facebook_messenger(HERE / "facebook_messenger")
    write_google_messages(HERE / "google_messages")
    write_snapchat(HERE / "snapchat")

    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"sample_data total: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
