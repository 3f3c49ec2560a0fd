"""Samourai Wallet for Android (``com.samourai.wallet``): the wallet payload, the cached wallet API responses,
the cached PayNym directory answer and the backups.

Where the files are (``Samourai-Wallet/samourai-wallet-android``,
``app/src/main/java/com/samourai/wallet/payload/PayloadUtil.java`` and ``ExternalBackupManager.kt``; the later
``PayloadUtil.java`` of ``Archive-Samourai-Wallet/samourai-wallet-android``):

* ``data/data/com.samourai.wallet/app_wallet/samourai.dat`` (``context.getDir("wallet")``; ``samourai.sav``
  is the same bytes, written by the same ``serialize``, and is not read twice): the wallet payload;
* ``.../app_wallet/samourai.multi``: the last ``multiaddr`` response of the wallet's API, kept for offline
  mode (``APIFactory.getXPUB`` -> ``PayloadUtil.serializeMultiAddr``); ``samourai.multi.mix``: the same for the
  Whirlpool accounts (later versions, ``serializeMultiAddrMix``);
* ``.../app_wallet/samourai.paynyms``: the last answer of the PayNym directory (paynym.is ``api/v1/nym``,
  ``PayloadUtil.serializePayNyms``);
* ``Documents/samourai/samourai.txt`` on shared storage (or where the user pointed the scoped-storage
  picker), and in later versions its copy ``.../app_wallet/samourai.support.txt``: the backup of the same
  payload.

Each is the JSON envelope ``{"version", "payload", "external"}`` whose payload is AES-256-CBC encrypted
(:mod:`artefacts.decoders.samourai_payload`: envelope version 1, PBKDF2-HMAC-SHA1 5,000 iterations; version
2 of the later app, the OpenSSL ``Salted__`` layout with PBKDF2-HMAC-SHA256 15,000 iterations; both are
read). ``samourai.dat``, ``.multi``, ``.multi.mix`` and ``.paynyms`` are encrypted with the app's password,
``AccessFactory.getGUID() + getPIN()``: the GUID the app keeps in its preferences (``util/PrefsUtil.java``:
``guid``, version ``guid_version``), followed for versions 2 to 4 by the hex RIPEMD-160 device footprint
(``FootprintUtil``: version 4, the current one, hashes the ``fp`` entry of the same preferences, set once to
MANUFACTURER + BRAND + MODEL + SERIAL; versions 2 and 3 hash ``Build`` fields and the telephony device id),
followed by the user's PIN (5 to 8 digits, ``AccessFactory.MIN_PIN_LENGTH``/``MAX_PIN_LENGTH``). The backups
are encrypted with the wallet's BIP-39 passphrase. All are given the same way, ``--key samourai=SECRET``
(repeatable; each is tried on each file): the whole app password, or only the PIN when the preferences
(``shared_prefs/com.samourai.wallet_preferences.xml``) hold the GUID and, for version 4, ``fp``; and a
passphrase that opens a backup beside the files gives the PIN of its payload (``meta.pin``), so the
passphrase alone opens everything. Without a key, or with none that opens it, a file is one warning naming
what opens it, and the run goes on. The empty password is always tried first: ``PayloadUtil.wipe`` leaves
``{}`` encrypted with it, reported as one ``other`` record.

Read from the payload (``PayloadUtil.getPayload``): ``wallet.accounts[]`` (BIP-44, ``HD_Account.toJSON``:
``xpub``, ``receiveIdx``, ``changeIdx``, ``id``), ``wallet.bip49_accounts[]`` (``ypub``),
``wallet.bip84_accounts[]`` (``zpub``), ``wallet.whirlpool_account[]`` (later versions: BIP-84 ``zpub`` of
the Whirlpool bad bank, premix and postmix accounts, ids ``Integer.MAX_VALUE`` - 3, - 2, - 1:
``whirlpool/WhirlpoolMeta.java``), ``wallet.payment_code`` (the wallet's BIP-47 PayNym code) and ``payment_code_feature``, ``wallet.fingerprint``,
``wallet.seed`` / ``passphrase``, ``wallet.testnet``; ``meta`` (app version, device, ``prev_balance`` in
satoshi, ``pin``, ``trusted_no``, ``tor``, ``trusted_node`` ...), ``meta.bip47.pcodes[]``
(``bip47/BIP47Meta.java`` ``toJSON``: ``payment_code``, ``label``, ``archived``, ``segwit``, ``in_idx[]``
``{addr, idx}``, ``_in_idx``, ``out_idx``, ``out_status`` -1 not sent / 0 sent, unconfirmed / 1 sent,
confirmed, ``out_tx``, ``latest_event``).

* Each account's extended key is a **wallet** record, and so is every address below it that the wallet has
  handed out: receive chain indexes below ``receiveIdx``, change chain below ``changeIdx`` (BIP-32 public
  derivation; P2PKH for BIP-44, P2SH-P2WPKH for BIP-49, P2WPKH for BIP-84: ``segwit/BIP49Util``,
  ``BIP84Util``), path ``m/<purpose>'/<coin>'/<id>'/<chain>/<index>`` (coin 0 mainnet, 1 testnet). The
  wallet's payment code and the BIP-47 addresses it derived to receive from a contact (``in_idx``) are
  wallet records too.
* Each BIP-47 contact (PayNym) is a **contact** (sender = its payment code, name = its label), and so is each
  address in ``meta.sent_tos`` (``util/SendAddressUtil.java`` ``toJSON``: ``[[address, show again], ...]``,
  the addresses the wallet has paid, kept to warn of reuse).
* The payload itself is one ``other`` record with what identifies the wallet and the device: the seed (hex,
  as stored), the BIP-39 passphrase and the PIN are in its ``extra``: handle the timeline accordingly.

Read from the API response (samourai-dojo ``doc/GET_multiaddr.md``; consumed by ``api/APIFactory.java``
``parseXPUB``): ``info.latest_block{height, hash, time}``; ``addresses[]`` ``{address (an extended key or an
address), final_balance (satoshi), account_index, change_index, n_tx}``, each a **wallet** record with its
balance; ``txs[]`` ``{hash, time, block_height (absent when unconfirmed), result (satoshi: the change for the
wallet), balance (the wallet's balance after it), inputs[]{prev_out{txid, vout, value, addr, xpub{m,
path}}}, out[]{n, value, addr, xpub{m, path}}}``, each a **transaction**: time in seconds, the earlier of
when the indexer first saw the transaction and its block's time (samourai-dojo ``lib/db/mysql-db-wrapper.js``
``SUBQUERY_TXS_*``: ``LEAST(txnCreated, blockTime)``); amount = ``result`` (exact BTC text); confirmations =
tip height - block height + 1 (0 when unconfirmed), as ``APIFactory`` computes them. The API lists only the
inputs and outputs of the addresses and accounts it was asked about (``SUBQUERY_UTXOS_*``; the wallet's own,
marked with ``xpub``, and BIP-47 ones), not the whole transaction: the fee cannot be known (null) and from/to
addresses are those listed. An outgoing payment's recipients are the
listed outputs that are not the wallet's (a BIP-47 contact's address); an incoming one's are its own
outputs (or, when none is marked, the BIP-47 addresses listed).

Read from the PayNym answer (``paynym/models/PayNym.kt`` ``NymResponse``: ``nymID``, ``nymName``,
``nymAvatar``, ``codes[]``, ``following[]``, ``followers[]`` of ``PayNym{code, nymName, claimed, segwit,
nymId}``): the wallet's own codes are **wallet** records named with its PayNym name (``+name``); each PayNym
it follows and each that follows it is a **contact** (name = its PayNym name, ``extra.relation``).

Sources: Samourai-Wallet/samourai-wallet-android ``payload/PayloadUtil.java``, ``payload/ExternalBackupManager.kt``,
``crypto/AESUtil.java``, ``access/AccessFactory.java``, ``access/FootprintUtil.java``, ``util/PrefsUtil.java``,
``hd/HD_Account.java``,
``bip47/BIP47Meta.java``, ``api/APIFactory.java``, ``paynym/models/PayNym.kt``, ``whirlpool/WhirlpoolMeta.java``,
``util/SendAddressUtil.java``;
Archive-Samourai-Wallet/samourai-wallet-android ``payload/PayloadUtil.java`` (later); Archive-Samourai-Wallet/extlibj
``java/com/samourai/wallet/crypto/AESUtil.java``, ``KOpenSSL.kt``; Samourai-Wallet/samourai-dojo ``doc/GET_multiaddr.md``,
``lib/wallet/wallet-info.js``, ``lib/db/mysql-db-wrapper.js``.
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders import bitcoin as btc
from artefacts.decoders import samourai_payload as sp
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, contact_event, wallet_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

APP_DIR = "**/com.samourai.wallet*/app_wallet"
BACKUP_NAME = "samourai.txt"
#: the backup encrypted with the passphrase: on shared storage, and (later versions) its copy in app_wallet
BACKUP_NAMES = (BACKUP_NAME, "samourai.support.txt")
#: ``whirlpool/WhirlpoolMeta.java``: the Whirlpool accounts below m/84'/<coin>'
WHIRLPOOL_ACCOUNTS = {2**31 - 4: "Whirlpool bad bank", 2**31 - 3: "Whirlpool premix", 2**31 - 2: "Whirlpool postmix"}
PREFS_GLOB = "**/com.samourai.wallet*/shared_prefs/*_preferences.xml"
#: ``AccessFactory.MIN_PIN_LENGTH`` / ``MAX_PIN_LENGTH``
PIN_LENGTHS = range(5, 9)
#: preferences files larger than this are not read (the app's are a few kB)
MAX_PREFS_BYTES = 1024 * 1024
TX_TIME = "Transaction Time"
#: ``PayloadUtil.wipe`` writes ``{}`` encrypted with the empty password: always tried first
WIPE_KEY_SOURCE = "the empty password of PayloadUtil.wipe"
#: addresses derived per chain at most (a damaged or hostile index must not make millions of records)
MAX_DERIVED = 2_000
#: and per file, all accounts together
MAX_DERIVED_FILE = 20_000
ACCOUNT_LISTS = (("accounts", 44, "xpub"), ("bip49_accounts", 49, "ypub"), ("bip84_accounts", 84, "zpub"),
                 ("whirlpool_account", 84, "zpub"))
#: what ``decrypted_from`` says of each cipher (see :mod:`artefacts.decoders.samourai_payload`)
SCHEMES = {
    "aesutil": {"format": "samourai AESUtil (envelope version 1)", "kdf": "PBKDF2-HMAC-SHA1",
                "iterations": sp.ITERATIONS, "cipher": "AES-256-CBC, ISO 10126 padding"},
    "openssl": {"format": "samourai KOpenSSL (envelope version 2)", "kdf": "PBKDF2-HMAC-SHA256",
                "iterations": sp.ITERATIONS_V2, "cipher": "AES-256-CBC, PKCS#5 padding"},
}
OUT_STATUS = {-1: "not sent", 0: "sent, unconfirmed", 1: "sent, confirmed"}
TEST_PREFIXES = ("tpub", "upub", "vpub")


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _entries(ctx, container: dict, key: str, where: str) -> list:
    """A list the app writes at ``container[key]``; another type is one warning and read as empty."""
    value = container.get(key)
    if value is None or isinstance(value, list):
        return value or []
    ctx.warn(f"{where} is a {type(value).__name__}, not a list; ignored", where)
    return []


class SamouraiParser(Parser):
    name = "samourai_android"
    version = __version__
    app = "samourai"
    platform = "android"
    description = ("Samourai Wallet for Android (com.samourai.wallet): samourai.dat, samourai.multi[.mix], "
                   "samourai.paynyms and the backups samourai.txt / samourai.support.txt, opened with "
                   "--key samourai=SECRET: accounts, owned addresses, PayNym contacts, transactions")
    path_globs = (f"{APP_DIR}/samourai.dat", f"{APP_DIR}/samourai.multi", f"{APP_DIR}/samourai.multi.mix",
                  f"{APP_DIR}/samourai.paynyms", f"{APP_DIR}/samourai.support.txt", f"**/{BACKUP_NAME}")
    tables = {
        "payload": {"wallet.accounts", "wallet.bip49_accounts", "wallet.bip84_accounts", "wallet.payment_code",
                    "meta.bip47.pcodes"},
        "multiaddr": {"info.latest_block", "addresses", "txs"},
        "paynyms": {"nymName", "nymID", "codes", "following", "followers"},
    }
    related_globs = {"prefs": (PREFS_GLOB,), "backups": (f"{APP_DIR}/samourai.support.txt", f"**/{BACKUP_NAME}")}
    time_units = {"multiaddr.txs.time": UNIX_SECONDS}
    references = (
        "Samourai-Wallet/samourai-wallet-android app/src/main/java/com/samourai/wallet/payload/PayloadUtil.java",
        "Archive-Samourai-Wallet/samourai-wallet-android .../payload/PayloadUtil.java (version 2 envelope, whirlpool_account)",
        "Archive-Samourai-Wallet/extlibj java/com/samourai/wallet/crypto/AESUtil.java, KOpenSSL.kt (version 2 cipher)",
        "Samourai-Wallet/samourai-wallet-android .../whirlpool/WhirlpoolMeta.java (Whirlpool account numbers)",
        "Samourai-Wallet/samourai-wallet-android .../crypto/AESUtil.java, access/AccessFactory.java, access/FootprintUtil.java",
        "Samourai-Wallet/samourai-wallet-android .../util/PrefsUtil.java (guid, guid_version, fp in the preferences)",
        "Samourai-Wallet/samourai-wallet-android .../hd/HD_Account.java, bip47/BIP47Meta.java, api/APIFactory.java",
        "Samourai-Wallet/samourai-wallet-android .../paynym/models/PayNym.kt (the PayNym directory answer)",
        "Samourai-Wallet/samourai-dojo doc/GET_multiaddr.md, lib/wallet/wallet-info.js, lib/db/mysql-db-wrapper.js",
    )

    def check_file(self, ctx) -> str | None:
        local = ctx.source.local_path
        try:
            if local.stat().st_size > sp.MAX_TEXT:
                return "too large for a Samourai Wallet file"
            with open(local, "rb") as f:
                head = f.read(64)
        except OSError as exc:
            return f"cannot read: {exc}"
        if head.startswith(b"SQLite format 3"):
            return "an SQLite file, not a Samourai Wallet file"
        if "/app_wallet/" in "/" + ctx.source.path.replace("\\", "/").lower():
            return None  # where the app keeps its files: parse() reports what is wrong with it, if anything
        # samourai.txt anywhere on shared storage: only the app's envelope around an encrypted payload
        try:
            env = sp.envelope(local.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, sp.PayloadError):
            return "not a Samourai Wallet backup"
        return None if env["wrapped"] and sp.is_encrypted(env["payload"]) else "not a Samourai Wallet backup"

    def parse(self, ctx):
        backup = ctx.source.path.replace("\\", "/").rsplit("/", 1)[-1].lower() in BACKUP_NAMES
        try:
            env = sp.envelope(ctx.source.local_path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            ctx.warn(f"cannot read the Samourai Wallet file: not UTF-8 text ({exc})")
            return
        except sp.PayloadError as exc:
            ctx.warn(f"cannot read the Samourai Wallet file: {exc}")
            return
        common = {"asset": btc.ASSET, "file_role": "backup (BIP-39 passphrase)" if backup else "app file",
                  "envelope_version": env["version"]}
        try:
            if sp.looks_encrypted(env["payload"]):
                value, common["decrypted_from"] = self._decrypt(ctx, env["payload"], backup)
                if value is None:
                    return
            else:
                value = sp.plain_json(env["payload"])
        except sp.PayloadError as exc:
            ctx.warn(f"cannot read the Samourai Wallet file: {exc}")
            return
        if value == {} and common.get("decrypted_from", {}).get("key_source") == WIPE_KEY_SOURCE:
            yield {"timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
                   "body": "Samourai Wallet file emptied by the app (wipe: '{}' under the empty password)",
                   "extra": common, "source_locator": "payload"}
        elif isinstance(value, dict) and ("txs" in value or "addresses" in value):
            yield from self._multiaddr(ctx, value, common)
        elif isinstance(value, dict) and isinstance(value.get("wallet"), dict):
            yield from self._payload(ctx, value, common)
        elif isinstance(value, dict) and ("nymName" in value or "codes" in value):
            yield from self._paynyms(value, common)
        else:
            ctx.warn("cannot read the Samourai Wallet file: the payload is neither a wallet payload (no 'wallet'), "
                     "a wallet API response (no 'txs' or 'addresses') nor a PayNym answer (no 'nymName' or 'codes')")

    def _decrypt(self, ctx, payload: str, backup: bool):
        keys = ctx.keys("samourai")
        candidates = [(WIPE_KEY_SOURCE, "")] + [(f"--key samourai #{n}", k) for n, k in enumerate(keys, 1)]
        hint = ""
        if backup:
            what = "the wallet's BIP-39 passphrase"
        else:
            what = "the app's password: the GUID of its preferences, the device footprint and the PIN, concatenated"
            prefix, where = self._password_prefix(ctx)
            if prefix is not None:
                hint = f" (the GUID and footprint are read from {where}: the PIN, or a backup's passphrase, is enough)"
                candidates += [(f"--key samourai #{n} as the PIN after the GUID and footprint of {where}", prefix + k)
                               for n, k in enumerate(keys, 1) if k.isdigit() and len(k) in PIN_LENGTHS]
                candidates += [(f"the PIN of {found} after the GUID and footprint of {where}", prefix + pin)
                               for found, pin in self._backup_pins(ctx, keys)]
            elif where:
                hint = f" ({where})"
        tried = []
        for label, secret in candidates:
            try:
                value = sp.decrypt(payload, secret)
            except sp.WrongPassword:
                if label != WIPE_KEY_SOURCE:
                    tried.append(f"{label}: wrong key")
                continue
            return value, {**SCHEMES[sp.scheme(payload)], "key_source": label, "file_sha256": ctx.source.sha256}
        if not tried:
            ctx.warn(f"cannot open the Samourai Wallet file: its payload is encrypted with {what}{hint}; "
                     "give it with --key samourai=SECRET")
        else:
            ctx.warn(f"cannot open the Samourai Wallet file ({what}{hint}): " + "; ".join(tried))
        return None, None

    @staticmethod
    def _password_prefix(ctx) -> tuple[str | None, str]:
        """What the app puts before the PIN, from the closest preferences file: ``(prefix, its path)``, or
        ``(None, why not)`` (``(None, "")`` without a preferences file)."""
        from artefacts.decoders.shared_prefs import read_shared_prefs

        for prefs in ctx.related("prefs"):
            try:
                if prefs.local_path.stat().st_size > MAX_PREFS_BYTES:
                    return None, f"{prefs.path} is too large for the app's preferences"
                values = read_shared_prefs(prefs.local_path.read_bytes())
            except Exception as exc:  # defusedxml / ElementTree raise several types for damage
                return None, f"{prefs.path} cannot be read ({type(exc).__name__})"
            prefix, how = sp.password_prefix(values)
            return (prefix, prefs.path) if prefix is not None else (None, f"{prefs.path}: {how}")
        return None, ""

    @staticmethod
    def _backup_pins(ctx, keys: list[str]) -> list[tuple[str, str]]:
        """``(where, PIN)`` of the backups beside the file that one of ``keys`` opens (the payload's ``meta.pin``)."""
        found = {}
        for backup in ctx.related("backups"):
            try:
                if backup.local_path.stat().st_size > sp.MAX_TEXT:
                    continue
                payload = sp.envelope(backup.local_path.read_text(encoding="utf-8"))["payload"]
            except (OSError, UnicodeDecodeError, sp.PayloadError):
                continue  # the backup is parsed on its own, and warned about there
            for n, key in enumerate(keys, 1):
                try:
                    value = sp.decrypt(payload, key)
                except sp.PayloadError:
                    continue
                pin = _dict(value.get("meta")).get("pin") if isinstance(value, dict) else None
                if isinstance(pin, str) and pin.isdigit() and pin not in found:
                    found[pin] = f"{backup.path} (opened with --key samourai #{n})"
                break
        return [(where, pin) for pin, where in found.items()]

    # -- the wallet payload (samourai.dat, samourai.txt) --------------------------------------------------------

    def _payload(self, ctx, data: dict, common: dict):
        wallet, meta = _dict(data.get("wallet")), _dict(data.get("meta"))
        network = "test" if wallet.get("testnet") is True else "main"
        common = {**common, "network": btc.NETWORK_NAMES[network]}
        coin = 1 if network == "test" else 0
        own_pcode = _text(wallet.get("payment_code"))
        balance = _int(meta.get("prev_balance"))
        yield {
            "timestamp": None, "timestamp_raw": None, "timestamp_desc": NOT_A_TIME, "kind": "other",
            "body": "Samourai Wallet payload",
            "extra": {**common, "seed_hex": wallet.get("seed"), "bip39_passphrase": wallet.get("passphrase"),
                      "fingerprint": wallet.get("fingerprint"), "payment_code": own_pcode,
                      "payment_code_feature": wallet.get("payment_code_feature"), "testnet": wallet.get("testnet"),
                      "balance": btc.btc_text(balance) if balance is not None else None, "balance_raw": balance,
                      "meta": {k: v for k, v in meta.items() if k != "bip47"}},
            "source_locator": "payload",
        }
        for field, role in (("payment_code", "the wallet's BIP-47 payment code (PayNym)"),
                            ("payment_code_feature", "the wallet's BIP-47 payment code with feature bits (getFeaturePaymentCode)")):
            code = _text(wallet.get(field))
            if code:
                yield wallet_event(code, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                                   extra={**common, "role": role}, locator=f"wallet.{field}")
        budget = [MAX_DERIVED_FILE]  # addresses still to derive in this file
        for key, purpose, field in ACCOUNT_LISTS:
            for n, account in enumerate(_entries(ctx, wallet, key, f"wallet.{key}")):
                yield from self._account(ctx, _dict(account), purpose, field, coin, network, common, f"wallet.{key}[{n}]",
                                         budget)
        for n, pc in enumerate(_entries(ctx, _dict(meta.get("bip47")), "pcodes", "meta.bip47.pcodes")):
            yield from self._contact(_dict(pc), common, f"meta.bip47.pcodes[{n}]")
        for n, sent in enumerate(_entries(ctx, meta, "sent_tos", "meta.sent_tos")):
            address = _text(sent[0]) if isinstance(sent, list) and sent else None
            if address:
                yield contact_event(address, None, address,
                                    {**common, "role": "an address the wallet has sent to (SendAddressUtil)",
                                     "show_again": sent[1] if len(sent) > 1 else None}, f"meta.sent_tos[{n}]")

    def _account(self, ctx, account: dict, purpose: int, field: str, coin: int, network: str, common: dict,
                 locator: str, budget: list):
        ext = _text(account.get(field))
        if ext is None:
            ctx.warn(f"{locator}: the account has no {field}; ignored", locator)
            return
        aid = _int(account.get("id")) or 0
        kind = btc.PURPOSE_KINDS[purpose]
        base = {**common, "purpose": purpose, "account": aid, "address_kind": kind, "extended_key": ext}
        if purpose == 84 and aid in WHIRLPOOL_ACCOUNTS:
            base["account_name"] = WHIRLPOOL_ACCOUNTS[aid]
        counts = {}
        for chain, name in ((0, "receiveIdx"), (1, "changeIdx")):
            counts[chain] = max(_int(account.get(name)) or 0, 0)
        yield wallet_event(ext, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME, locator=locator,
                           extra={**base, "role": "account extended public key", "receive_index": counts[0],
                                  "change_index": counts[1]})
        for chain, count in counts.items():
            if count > MAX_DERIVED:
                ctx.warn(f"{locator}: index {count} of the {'receive' if chain == 0 else 'change'} chain; "
                         f"the first {MAX_DERIVED} addresses are derived", locator)
                count = MAX_DERIVED
            if count > budget[0]:
                if budget[0] >= 0:  # once per file
                    ctx.warn(f"{locator}: more than {MAX_DERIVED_FILE} addresses to derive in the file; the rest "
                             "are not", locator)
                count, budget[0] = max(budget[0], 0), -1
            else:
                budget[0] -= count
            try:
                for i, address in enumerate(btc.account_addresses(ext, chain, range(count), kind, network)):
                    yield wallet_event(address, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                                       locator=f"{locator}/{chain}/{i}",
                                       extra={**base, "role": "address handed out (derived below the stored index)",
                                              "chain": "receive" if chain == 0 else "change", "index": i,
                                              "path": f"m/{purpose}'/{coin}'/{aid}'/{chain}/{i}"})
            except ValueError as exc:
                ctx.warn(f"{locator}: cannot derive addresses from {field}: {exc}", locator)
                return

    @staticmethod
    def _contact(pc: dict, common: dict, locator: str):
        code = _text(pc.get("payment_code"))
        if code is None:
            return
        label = _text(pc.get("label"))
        status = _int(pc.get("out_status"))
        extra = {**common, "archived": pc.get("archived"), "segwit": pc.get("segwit"),
                 "notification": OUT_STATUS.get(status, status), "notification_tx": _text(pc.get("out_tx")),
                 "outgoing_index": pc.get("out_idx"), "incoming_index": pc.get("_in_idx"),
                 "latest_event": pc.get("latest_event")}
        yield contact_event(code, label, label or code, extra, locator)
        for n, entry in enumerate(_list(pc.get("in_idx"))):
            addr = _text(_dict(entry).get("addr"))
            if addr:
                yield wallet_event(addr, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                                   locator=f"{locator}.in_idx[{n}]",
                                   extra={**common, "role": "BIP-47 address to receive from a contact",
                                          "payment_code": code, "contact_label": label,
                                          "index": _int(_dict(entry).get("idx"))})

    # -- the PayNym directory answer (samourai.paynyms) --------------------------------------------------------

    @staticmethod
    def _paynyms(data: dict, common: dict):
        name = _text(data.get("nymName"))
        base = {**common, "nym_name": name, "nym_id": data.get("nymID"), "nym_avatar": data.get("nymAvatar")}
        for n, code in enumerate(_list(data.get("codes"))):
            code = _dict(code)
            pcode = _text(code.get("code"))
            if pcode:
                yield wallet_event(pcode, name=name, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                                   locator=f"codes[{n}]",
                                   extra={**base, "role": "the wallet's payment code as registered with its PayNym",
                                          "claimed": code.get("claimed"), "segwit": code.get("segwit")})
        for relation in ("following", "followers"):
            for n, nym in enumerate(_list(data.get(relation))):
                nym = _dict(nym)
                pcode = _text(nym.get("code"))
                if pcode:
                    nym_name = _text(nym.get("nymName"))
                    yield contact_event(pcode, nym_name, nym_name or pcode,
                                        {**common, "relation": "followed by the wallet" if relation == "following"
                                         else "follows the wallet", "nym_id": nym.get("nymId"),
                                         "segwit": nym.get("segwit"), "wallet_nym_name": name},
                                        f"{relation}[{n}]")

    # -- the wallet API response (samourai.multi) --------------------------------------------------------------

    def _multiaddr(self, ctx, data: dict, common: dict):
        block = _dict(_dict(data.get("info")).get("latest_block"))
        tip = _int(block.get("height"))
        marked = [_text(_dict(o.get("xpub")).get("m")) or "" for tx in _list(data.get("txs")) if isinstance(tx, dict)
                  for o in (*(_dict(i.get("prev_out")) for i in _list(tx.get("inputs")) if isinstance(i, dict)),
                            *(o for o in _list(tx.get("out")) if isinstance(o, dict)))]
        listed = [_text(_dict(a).get("address")) or "" for a in _list(data.get("addresses"))]
        network = "test" if any(k.startswith(TEST_PREFIXES) for k in (*marked, *listed)) else "main"
        common = {**common, "network": btc.NETWORK_NAMES[network]}
        tip_info = {"height": tip, "hash": block.get("hash"), "time": block.get("time")}
        for n, entry in enumerate(_entries(ctx, data, "addresses", "addresses")):
            entry = _dict(entry)
            address = _text(entry.get("address"))
            if address is None:
                continue
            bal = _int(entry.get("final_balance"))
            yield wallet_event(address, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                               locator=f"addresses[{n}]",
                               extra={**common, "role": "account or address the wallet asked its API about",
                                      "balance": btc.btc_text(bal) if bal is not None else None, "balance_raw": bal,
                                      "account_index": entry.get("account_index"),
                                      "change_index": entry.get("change_index"), "n_tx": entry.get("n_tx"),
                                      "as_of_block": tip_info})
        for n, tx in enumerate(_entries(ctx, data, "txs", "txs")):
            event = self._transaction(ctx, _dict(tx), tip, common, f"txs[{n}]")
            if event is not None:
                yield event

    @staticmethod
    def _transaction(ctx, tx: dict, tip, common: dict, locator: str) -> dict | None:
        txid = _text(tx.get("hash"))
        result = _int(tx.get("result"))
        if txid is None or result is None:
            ctx.warn(f"{locator}: a transaction without its hash or result; ignored", locator)
            return None

        def row(n, o: dict, **more) -> dict:
            mark = _dict(o.get("xpub"))
            value = _int(o.get("value"))
            return {"index": n, **more, "value": value, "address": _text(o.get("addr")), "wallet": bool(mark),
                    "path": _text(mark.get("path")), "extended_key": _text(mark.get("m"))}

        inputs = [row(_int(i.get("vin")), _dict(i.get("prev_out")), prev_tx=_text(_dict(i.get("prev_out")).get("txid")),
                      prev_index=_int(_dict(i.get("prev_out")).get("vout")))
                  for i in map(_dict, _list(tx.get("inputs")))]
        outputs = [row(_int(o.get("n")), o) for o in map(_dict, _list(tx.get("out")))]
        m = {"amount_raw": result, "fee_raw": None, **btc.parties(inputs, outputs, outgoing=result < 0)}
        if not m["outgoing"] and not m["recipients"]:  # BIP-47 addresses the API lists without an xpub mark
            m["recipients"] = m["to_addresses"]
        height = _int(tx.get("block_height"))
        confirmations = 0 if height is None else (tip - height + 1 if tip is not None and tip >= height else None)
        balance = _int(tx.get("balance"))
        extra = {**common, **btc.transaction_extra(m, txid, confirmations, inputs, outputs), "height": height,
                 "balance_after": btc.btc_text(balance) if balance is not None else None,
                 "listed": "the wallet's own and BIP-47 inputs and outputs only (the API lists no others)"}
        t = tx.get("time")
        return {
            "timestamp": ctx.time(UNIX_SECONDS, t, column="multiaddr.txs.time"),
            "timestamp_raw": t,
            "timestamp_desc": TX_TIME if t is not None else NOT_A_TIME,
            "kind": "transaction",
            "direction": OUTGOING if m["outgoing"] else INCOMING,
            "sender": m["sender"],
            "recipients": m["recipients"],
            "body": None,
            "status": "confirmed" if height is not None else "unconfirmed",
            "extra": extra,
            "source_locator": locator,
        }


@hookimpl
def register_parsers(register):
    register(SamouraiParser)
