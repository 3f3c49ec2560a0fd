"""Mycelium Bitcoin Wallet for Android (``com.mycelium.wallet``; testnet build ``com.mycelium.testnetwallet``).

The app keeps its Bitcoin accounts in ``databases/walletbacking.db`` (``SqliteBtcWalletManagerBacking``,
``DATABASE_VERSION`` 5 = ``PRAGMA user_version``) and their labels in ``databases/mds.db``
(``GenericMetadataStorage``, table ``keyValueStore``). The network is the build's: the package
``com.mycelium.testnetwallet`` (the ``btctestnet`` flavour) is Bitcoin testnet: its kv ids carry network byte 1,
its accounts coin type 1', its keys tpub/upub/vpub. Read from ``walletbacking.db``:

* ``bip44``: one row per HD account: ``id`` (a 16-byte BLOB: the UUID's two halves, each little-endian,
  ``SQLiteQueryWithBlobs.uuidToBytes``), ``accountIndex``, ``archived``, ``blockheight`` (the chain height of
  the account's last sync), ``indexContexts`` (Gson JSON: per derivation type BIP44/BIP49/BIP84/BIP86 the
  ``lastExternalIndexWithActivity`` and ``lastInternalIndexWithActivity``), ``lastDiscovery`` (ms),
  ``accountType`` (``HDAccountContext``: 0 from the master seed, 1 unrelated xpriv, 2 unrelated xpub,
  3 Trezor, 4 Ledger, 5 KeepKey), ``accountSubId`` (the ``kv`` sub-store of an unrelated account),
  ``addressType`` (the default, Gson JSON of the ``AddressType`` name).
* ``kv`` (``SecureKeyValueStore``): ``k`` = ``01`` + id for a plaintext value, ``02`` + id for an encrypted
  one, ``subId`` the sub-store. The public account node of each derivation type is kept in plain text under
  ``01 | purpose | network (0 prodnet, 1 testnet) | accountIndex (LE32)`` (``HDAccountKeyManager``
  ``getAccountNodeId``) in ``HdKeyNode``'s custom byte format (0, 33-byte key, 32-byte chain code, depth,
  parent fingerprint, child index as LE32 ints). The account's addresses are derived from it exactly as the
  app does: external and change chains, up to the last index with activity plus the app's look-ahead of 20
  (``HDAccount`` ``EXTERNAL/INTERNAL_FULL_ADDRESS_LOOK_AHEAD_LENGTH``); BIP44 P2PKH, BIP49 P2SH-P2WPKH, BIP84
  P2WPKH, BIP86 P2TR (``BipDerivationType``). Private nodes and the master seed are ``02`` entries, AES under
  the store's key-encryption key (``00``), which the app encrypts with ``AesKeyCipher.defaultKeyCipher()``, a
  constant key its source calls "no kind of protection at all" (the Mycelium PIN locks the app, it encrypts
  nothing). This parser never decrypts private keys: ``extra.private_keys`` only says whether the account's
  private node is there (``kept encrypted``) or not (``none on the device``: an imported xpub, a hardware
  wallet).
* ``single``: one row per single-key account: ``addresses`` (Gson JSON list of its address strings),
  ``archived``, ``blockheight``, ``addressType``; its private key, when the device has it, is the encrypted
  ``kv`` entry ``02`` + the Base58 address bytes (``PublicPrivateKeyStore``), reported the same way.
* per account (table suffix = the hex of the stored id): ``tx_<suffix>`` (``id`` the txid and ``hash`` the
  wtxid, both in display byte order; ``height``, 2147483647 or -1 while unconfirmed; ``time`` seconds; ``binary``
  the serialized transaction), ``ptxo_<suffix>`` (``outpoint`` = txid + output index LE16, ``value`` in
  satoshi, ``script``: the outputs the account's inputs spend), ``outtx_<suffix>`` (transactions queued for
  broadcast, raw).

Older layouts (``SqliteWalletManagerBacking``, ``DATABASE_VERSION`` 1-4, before the upgrade to version 5): ``bip44``
keeps one BIP44 chain pair per account in ``lastExternalIndexWithActivity`` / ``lastInternalIndexWithActivity``
(read as the app's own upgrade does: ``{"BIP44": ...}``), ``single`` one address in ``addressstring``, tx tables
have no ``hash`` before version 4, ``kv.subId`` and ``bip44.accountType`` / ``accountSubId`` appear with version 3
(0 before). A file whose columns fit neither layout, or whose ``user_version`` does not fit its columns, is one
"unknown schema version" warning (development builds wrote other layouts under version 5).

Events:

* **wallet**: one per account key (``sender`` the xpub/ypub/zpub as the app's ``HDKeyMagic`` serializes it)
  and one per address the account shows (``HDAccount.allAddresses``: used external addresses and the current
  receiving one, used change addresses) or that appears in its transactions; single-key accounts: each
  address. ``sender_name`` = the account label (``mds.db``, category ``al``, key = the UUID text). No time is
  stored for an account or an address ("Not a time"); ``lastDiscovery`` is in ``extra``.
* **transaction** (one per ``tx_<suffix>`` row, and per queued ``outtx`` transaction missing from it):
  ``extra`` as every wallet plugin writes it (asset BTC, amount = value to the account minus value of its
  outputs spent, exact text; fee = inputs minus outputs when every spent output is known from ``ptxo`` or
  the account's own transactions; from/to addresses; tx_hash; confirmations = ``blockheight - height + 1``,
  0 unconfirmed, as ``TransactionEx.calculateConfirmations``). Time: ``time`` in seconds: the transaction
  time the server gives for a confirmed one (the block's), the device's clock when the app fetched an
  unconfirmed one (``WapiClientElectrumX.getTransactions``). ``body`` = the transaction label (``mds.db``
  category ``tl``, key = the txid). A payment between two of the device's accounts is in both accounts'
  tables: two events, each with that account's amount (``extra.account_id`` tells them apart).

A second parser, ``mycelium_android_address_book``, reads ``mds.db`` itself: each address-book entry
(category ``addresslabel``, key = the address, value = its name) is a **contact** (a counterparty).

Sources: mycelium-com/wallet-android ``mbw/src/main/java/com/mycelium/wallet/wapi/SqliteBtcWalletManagerBacking.java``,
``mbw/src/main/java/com/mycelium/wallet/persistence/SQLiteQueryWithBlobs.java``, ``.../persistence/GenericMetadataStorage.java``,
``.../persistence/MetadataStorage.java``, ``wapi/src/main/java/com/mycelium/wapi/wallet/SecureKeyValueStore.java``, ``.../wallet/AesKeyCipher.java``, ``.../wallet/single/PublicPrivateKeyStore.java``,
``mbw/src/main/java/com/mycelium/wallet/wapi/SqliteWalletManagerBacking.java`` (``DATABASE_VERSION`` 3: the older layout),
``.../wallet/btc/bip44/HDAccountKeyManager``, ``.../wallet/btc/bip44/HDAccount.kt``, ``.../wallet/btc/bip44/BitcoinHDModule.kt``,
``.../wallet/btc/bip44/HDAccountContext.kt``, ``wapi/src/main/java/com/mycelium/wapi/model/TransactionEx.java``,
``wapi/src/main/java/com/mycelium/wapi/api/WapiClientElectrumX.kt``, ``bitlib/src/main/java/com/mrd/bitlib/crypto/HdKeyNode.java``,
``bitlib/.../crypto/BipDerivationType.kt``, ``bitlib/.../crypto/HDKeyMagic.kt``, ``bitlib/.../util/Sha256Hash.java``.
"""

from __future__ import annotations

import json
import struct
import uuid

from artefacts import hookimpl
from artefacts.decoders import bitcoin as btc
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, contact_event, time_pair, wallet_event
from artefacts.parser import SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

__version__ = "1.0"

SCHEMA_VERSION = 5  # SqliteBtcWalletManagerBacking.OpenHelper.DATABASE_VERSION
#: bip44 columns of versions 1-4 (SqliteWalletManagerBacking), one BIP44 chain pair per account
LEGACY_INDEXES = ("lastExternalIndexWithActivity", "lastInternalIndexWithActivity")
BLOCK_TIME = "Block Time"
FETCH_TIME = "Last Update Time"  # an unconfirmed transaction: the device's clock when the app fetched it
UNCONFIRMED = (2147483647, -1)  # Integer.MAX_VALUE (putTransaction), -1 (TransactionEx.height)
LOOK_AHEAD = 20  # HDAccount EXTERNAL_/INTERNAL_FULL_ADDRESS_LOOK_AHEAD_LENGTH
MAX_INDEX = 10_000  # a stored "last index with activity" above this is capped (hostile or damaged input)
PLAIN, CIPHER = 1, 2  # SecureKeyValueStore PLAIN_PREFIX, CIPHER_PREFIX
PACKAGES = {"com.mycelium.wallet": "main", "com.mycelium.testnetwallet": "test"}
#: BipDerivationType: purpose, address kind; HDKeyMagic public versions (prodnet, testnet); BIP86 has none there
DERIVATIONS = {
    "BIP44": (44, "p2pkh", ("0488b21e", "043587cf")),
    "BIP49": (49, "p2sh-p2wpkh", ("049d7cb2", "044a5262")),
    "BIP84": (84, "p2wpkh", ("04b24746", "045f1cf6")),
    "BIP86": (86, "p2tr", ("0488b21e", "043587cf")),
}
PRIVATE_KEPT = ("kept encrypted in kv (AES under the store's key-encryption key, which the app encrypts with its "
                "constant AesKeyCipher.defaultKeyCipher, not with the PIN); not read")
PRIVATE_NONE = "none on the device (watch-only, or a hardware wallet signs)"
ACCOUNT_TYPES = {0: "from master seed", 1: "unrelated xpriv", 2: "unrelated xpub (watch-only)",
                 3: "Trezor (external signature)", 4: "Ledger (external signature)", 5: "KeepKey (external signature)"}


class MyceliumError(ValueError):
    """A stored value that is not what the app writes."""


def java_uuid(stored) -> str:
    """``UUID.toString()`` of an id stored by ``uuidToBytes`` (most, then least significant half, each LE)."""
    if not isinstance(stored, bytes) or len(stored) != 16:
        raise MyceliumError(f"an account id must be 16 bytes, not {stored!r}")
    return str(uuid.UUID(bytes=stored[:8][::-1] + stored[8:][::-1]))


def read_hd_node(data: bytes, version: bytes):
    """An embit ``HDKey`` of ``HdKeyNode``'s custom byte format (public nodes only: a private one is refused)."""
    from embit import bip32, ec

    if not isinstance(data, bytes) or len(data) != 1 + 33 + 32 + 12:
        raise MyceliumError(f"a public HD node is 78 bytes, not {len(data) if isinstance(data, bytes) else data!r}")
    if data[0] != 0:
        raise MyceliumError("the plaintext node holds a private key")
    depth, parent, index = struct.unpack("<III", data[66:78])
    return bip32.HDKey(ec.PublicKey.parse(data[1:34]), data[34:66], version=version, depth=depth & 0xFF,
                       fingerprint=parent.to_bytes(4, "big"), child_number=index)


def _gson(text, kind: type, what: str):
    """A Gson-written column: JSON text of ``kind``."""
    if not isinstance(text, str):
        raise MyceliumError(f"{what} is a {type(text).__name__}, not the JSON text this schema version writes")
    value = json.loads(text)
    if not isinstance(value, kind):
        raise MyceliumError(f"{what} is JSON {type(value).__name__}, not {kind.__name__}")
    return value


def _read_account(ctx, row: dict, table: str, value):
    """``(account UUID text, value(row))`` of an account row, or None after one warning naming the row."""
    try:
        return java_uuid(row["id"]), value(row)
    except (MyceliumError, ValueError) as exc:
        ctx.warn(f"cannot read the {table} account: {exc}", f"{table}:rowid={row['row_id']}")
        return None


def _last_index(ctx, context: dict, name: str, locator: str) -> int:
    """An ``AccountIndexesContext`` index (-1 = no activity yet); a value that is not one is a warning."""
    value = context.get(name, -1)
    if type(value) is not int or value < -1:
        ctx.warn(f"indexContexts {name} is {value!r}, not an address index; read as -1", locator)
        return -1
    if value > MAX_INDEX:
        ctx.warn(f"indexContexts {name} is {value}; addresses are derived up to index {MAX_INDEX} only", locator)
        return MAX_INDEX
    return value


def _address_bytes(address: str) -> bytes | None:
    """``Address.getAllAddressBytes`` of a Base58 address (version byte + hash), the single-key store's id."""
    from embit import base58

    try:
        return base58.decode_check(address)
    except Exception:  # a Bech32 address has no such bytes
        return None


def _labels(ctx) -> dict:
    def read(con, source):
        out = {}
        for key, category, value in con.execute(
                "SELECT key, category, value FROM keyValueStore WHERE category IN ('al', 'tl')"):
            out[(category, key)] = value
        return out

    return ctx.read_related("mds", "the label store mds.db", read) or {}


class MyceliumParser(SQLiteParser):
    name = "mycelium_android"
    version = __version__
    app = "mycelium"
    platform = "android"
    description = ("Mycelium Bitcoin Wallet for Android (com.mycelium.wallet): walletbacking.db accounts, "
                   "owned addresses and transactions, labels from mds.db")
    path_globs = tuple(f"**/{p}/databases/walletbacking.db" for p in PACKAGES)
    related_globs = {"mds": tuple(f"**/{p}/databases/mds.db" for p in PACKAGES)}
    required_tables = {  # the columns of every version; parse() tells version 5 from versions 1-4
        "bip44": {"id", "accountIndex", "archived", "blockheight"},
        "single": {"id", "archived", "blockheight"},
        "kv": {"k", "v"},
    }
    time_units = {"tx_<account>.time": UNIX_SECONDS, "bip44.lastDiscovery": UNIX_MILLISECONDS}
    references = (
        "mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/wapi/SqliteBtcWalletManagerBacking.java",
        "mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/persistence/GenericMetadataStorage.java, "
        "MetadataStorage.java, SQLiteQueryWithBlobs.java",
        "mycelium-com/wallet-android wapi/src/main/java/com/mycelium/wapi/wallet/SecureKeyValueStore.java, "
        "wallet/btc/bip44/HDAccountKeyManager, HDAccount.kt, BitcoinHDModule.kt; bitlib crypto/HdKeyNode.java",
    )

    def parse(self, ctx):
        version = ctx.db.execute("PRAGMA user_version").fetchone()[0]
        if ctx.has_columns("bip44", "indexContexts") and ctx.has_columns("single", "addresses"):
            legacy = False
        elif ctx.has_columns("bip44", *LEGACY_INDEXES) and ctx.has_columns("single", "addressstring"):
            legacy = True
        else:
            ctx.warn_file(f"unknown schema version: PRAGMA user_version {version}; bip44 has neither indexContexts "
                          "(version 5) nor lastExternalIndexWithActivity (versions 1-4) with the single table's "
                          "addresses / addressstring")
            return
        if version != SCHEMA_VERSION and (not legacy or version not in range(1, SCHEMA_VERSION)):
            ctx.warn_file(f"unknown schema version: PRAGMA user_version is {version}; this parser knows versions 1-"
                          f"{SCHEMA_VERSION} (SqliteBtcWalletManagerBacking); read with the columns of version "
                          f"{'1-4' if legacy else SCHEMA_VERSION}")
        network = next((n for p, n in PACKAGES.items() if f"/{p}/" in "/" + ctx.source.path.replace("\\", "/")), "main")
        labels = _labels(ctx)
        common = {"asset": btc.ASSET, "network": btc.NETWORK_NAMES[network]}
        nodes, encrypted = {}, set()
        for k, v, sub in ctx.rows(f"SELECT k, v, {ctx.column_or_null('kv', 'subId')} FROM kv"):
            sub = sub or 0  # versions 1-2 have no sub-stores
            if isinstance(k, bytes) and k[:1] == bytes([PLAIN]) and len(k) == 7:
                nodes[(sub, k[1:])] = v
            elif isinstance(k, bytes) and k[:1] == bytes([CIPHER]) and len(k) in (7, 22):
                encrypted.add((sub, k[1:]))  # an account's private node; a single key's private key
        for row in ctx.dict_rows("SELECT rowid AS row_id, * FROM bip44 ORDER BY accountIndex, rowid"):
            yield from self._hd_account(ctx, row, legacy, nodes, encrypted, network, labels, common)
        for row in ctx.dict_rows("SELECT rowid AS row_id, * FROM single ORDER BY rowid"):
            yield from self._single_account(ctx, row, legacy, network, labels, common, encrypted)

    # -- accounts ------------------------------------------------------------------------------------
    def _hd_account(self, ctx, row, legacy, nodes, encrypted, network, labels, common):
        if legacy:  # as the app's upgrade to version 5 reads them: one BIP44 AccountIndexesContext
            read = _read_account(ctx, row, "bip44", lambda r: {"BIP44": {c: r[c] for c in LEGACY_INDEXES}})
        else:
            read = _read_account(ctx, row, "bip44", lambda r: _gson(r["indexContexts"], dict, "bip44.indexContexts"))
        if read is None:
            return
        account_id, indexes = read
        locator = f"bip44:id={account_id}"
        # accountType / accountSubId: added by version 3 with DEFAULT 0
        atype, index, sub = row.get("accountType") or 0, row["accountIndex"], row.get("accountSubId") or 0
        if not all(type(v) is int for v in (atype, index, sub)):
            ctx.warn(f"account {account_id}: accountType, accountIndex and accountSubId must be integers, not "
                     f"{atype!r}, {index!r}, {sub!r}", locator)
            return
        store = sub if atype else 0  # BitcoinHDModule.loadKeyManagers: the master-seed account uses the main store
        coin = 0 if network == "main" else 1
        account = {**common, "account_id": account_id, "account_label": labels.get(("al", account_id)),
                   "account_type": ACCOUNT_TYPES.get(atype, f"unknown ({atype})"), "account_index": index,
                   "archived": bool(row["archived"]), "block_height": row["blockheight"],
                   "default_address_type": self._address_type(row.get("addressType"))}
        time_pair(ctx, account, "last_discovery", row["lastDiscovery"], "bip44.lastDiscovery", UNIX_MILLISECONDS)
        owned, keys, private = {}, [], False
        for name, context in indexes.items():
            if name not in DERIVATIONS or not isinstance(context, dict):
                ctx.warn(f"account {account_id}: unknown derivation type {name!r} in indexContexts", locator)
                continue
            purpose, kind, versions = DERIVATIONS[name]
            node_id = bytes([purpose, coin]) + struct.pack("<I", index & 0xFFFFFFFF)
            private |= (store, node_id) in encrypted
            raw = nodes.get((store, node_id))
            if raw is None:
                ctx.warn(f"account {account_id}: no public {name} account key in kv (subId {store})", locator)
                continue
            try:
                node = read_hd_node(raw, bytes.fromhex(versions[coin]))
            except Exception as exc:  # a damaged node is a warning; the other derivation types are still read
                ctx.warn(f"account {account_id}: the {name} account key cannot be read: {exc}", locator)
                continue
            last = {0: _last_index(ctx, context, "lastExternalIndexWithActivity", locator),
                    1: _last_index(ctx, context, "lastInternalIndexWithActivity", locator)}
            base = f"m/{purpose}'/{coin}'/{index}'" if atype == 0 else None
            keys.append((name, node, base, last))
            for change in (0, 1):
                chain = node.derive([change])
                for n in range(last[change] + 1 + LOOK_AHEAD):
                    script = btc.pubkey_script(chain.derive([n]).key.sec(), kind)
                    owned[script] = {"derivation": name, "chain": ("receive", "change")[change], "index": n,
                                     "path": f"{base}/{change}/{n}" if base else None,
                                     "shown": n <= last[change] + (1 - change)}
        account["private_keys"] = PRIVATE_KEPT if private else PRIVATE_NONE
        used = yield from self._transactions(ctx, account["account_id"], row["id"].hex(), owned, row["blockheight"],
                                             labels, account)
        for name, node, base, last in keys:
            xpub = node.to_base58()
            yield wallet_event(xpub, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                               name=account["account_label"], locator=f"{locator}/{name}",
                               extra={**account, "record": "account key", "derivation": name, "path": base,
                                      "last_external_index_with_activity": last[0],
                                      "last_internal_index_with_activity": last[1]})
        for script, info in owned.items():
            if not (info["shown"] or script in used):
                continue
            address = btc.script_address(script, network)
            yield wallet_event(address, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                               name=account["account_label"],
                               locator=f"{locator}/{info['derivation']}/{info['chain']}/{info['index']}",
                               extra={**account, "record": "address", "address": address,
                                      "script_type": btc.script_type(script), "derivation": info["derivation"],
                                      "chain": info["chain"], "index": info["index"], "path": info["path"],
                                      "used": script in used})

    def _single_account(self, ctx, row, legacy, network, labels, common, encrypted):
        read = _read_account(ctx, row, "single", (lambda r: [r["addressstring"]]) if legacy else (
            lambda r: _gson(r["addresses"], list, "single.addresses")))
        if read is None:
            return
        account_id, addresses = read
        locator = f"single:id={account_id}"
        account = {**common, "account_id": account_id, "account_label": labels.get(("al", account_id)),
                   "account_type": "single address", "archived": bool(row["archived"]),
                   "block_height": row["blockheight"],
                   "default_address_type": self._address_type(row.get("addressType"))}
        owned, private = {}, False
        for a in addresses:
            script = btc.address_script(a, network) if isinstance(a, str) else None
            if script is None:
                ctx.warn(f"account {account_id}: {a!r} is not a Bitcoin address", locator)
                continue
            owned[script] = a
            private |= (0, _address_bytes(a)) in encrypted
        account["private_keys"] = PRIVATE_KEPT if private else PRIVATE_NONE
        used = yield from self._transactions(ctx, account_id, row["id"].hex(), owned, row["blockheight"], labels,
                                             account)
        for script, a in owned.items():
            yield wallet_event(a, timestamp=None, timestamp_raw=None, timestamp_desc=NOT_A_TIME,
                               name=account["account_label"], locator=f"{locator}/{a}",
                               extra={**account, "record": "address", "address": a,
                                      "script_type": btc.script_type(script), "used": script in used})

    @staticmethod
    def _address_type(text):
        try:
            return _gson(text, str, "addressType")
        except (MyceliumError, ValueError):
            return None

    # -- transactions --------------------------------------------------------------------------------
    def _transactions(self, ctx, account_id, suffix, owned, blockheight, labels, account):
        """Yield the account's transactions; return the owned scripts they touch."""
        used = set()
        tx_table, ptxo, outtx = f"tx_{suffix}", f"ptxo_{suffix}", f"outtx_{suffix}"
        if not ctx.has_columns(tx_table, "id", "height", "time", "binary"):
            if not account["archived"]:  # archiving clears the tables, it does not drop them
                ctx.warn(f"account {account_id}: its transaction table {tx_table} is missing or lacks columns")
            return used
        queued = {}
        if ctx.has_columns(outtx, "id", "raw"):
            queued = {bytes(i).hex(): raw for i, raw in ctx.rows(f'SELECT id, raw FROM "{outtx}"')}
        has_ptxo = ctx.has_columns(ptxo, "outpoint", "value", "script")
        extra_of = {k: v for k, v in account.items() if k not in ("private_keys", "last_discovery_time",
                                                                     "last_discovery_raw", "default_address_type")}

        def spent(txid: str, n: int):
            """(value, script) of an output an input spends, from ptxo or the account's own transactions."""
            if has_ptxo:
                hit = ctx.db.execute(f'SELECT value, script FROM "{ptxo}" WHERE outpoint = ?',
                                     (bytes.fromhex(txid) + struct.pack("<H", n & 0xFFFF),)).fetchone()
                if hit is not None and isinstance(hit[0], int) and isinstance(hit[1], bytes):
                    return hit[0], hit[1]
            hit = ctx.db.execute(f'SELECT binary FROM "{tx_table}" WHERE id = ?', (bytes.fromhex(txid),)).fetchone()
            if hit is not None and isinstance(hit[0], bytes):
                try:
                    prev = btc.parse_transaction(hit[0])
                except Exception:  # the parent's own row says what is wrong with it
                    return None
                if n < len(prev.vout):
                    return prev.vout[n].value, prev.vout[n].script_pubkey.data
            return None

        def event(raw, txid_stored, height, time_raw, wtxid, locator):
            tx = btc.parse_transaction(raw)
            txid = tx.txid().hex()
            if txid_stored is not None and txid != txid_stored:
                ctx.warn(f"transaction {txid_stored}: the stored transaction's id is {txid}", locator)
            outputs = btc.output_entries(tx, owned, ctx_network)
            inputs = [btc.input_entry(n, i, spent(i.txid.hex(), i.vout), owned, ctx_network)
                      for n, i in enumerate(tx.vin)]
            used.update(tx.vout[r["index"]].script_pubkey.data for r in outputs if r["wallet"])
            used.update(btc.address_script(r["address"], ctx_network) for r in inputs if r["wallet"])
            m = btc.movement(inputs, outputs)
            confirmed = height is not None and height not in UNCONFIRMED
            confirmations = (max(0, blockheight - height + 1) if isinstance(blockheight, int) else None) if confirmed else 0
            extra = {**extra_of, **btc.transaction_extra(m, txid, confirmations, inputs, outputs),
                     "height": height if confirmed else None}
            if wtxid and wtxid != txid:
                extra["wtxid"] = wtxid
            if m["unknown_own"]:
                extra["amount_incomplete"] = "an input spends the account's output but that output is not stored"
            if txid in queued:
                extra["queued_for_broadcast"] = True
            return {
                "timestamp": ctx.time(UNIX_SECONDS, time_raw, column=f"{tx_table}.time"),
                "timestamp_raw": time_raw,
                "timestamp_desc": NOT_A_TIME if time_raw is None else (BLOCK_TIME if confirmed else FETCH_TIME),
                "kind": "transaction",
                "direction": OUTGOING if m["outgoing"] else INCOMING,
                "sender": m["sender"],
                "recipients": m["recipients"],
                "body": labels.get(("tl", txid)),
                "status": "confirmed" if confirmed else ("queued" if time_raw is None else "unconfirmed"),
                "extra": extra,
                "source_locator": locator,
            }

        ctx_network = "main" if account["network"] == btc.NETWORK_NAMES["main"] else "test"
        seen = set()
        for rowid, tid, whash, height, time_raw, raw in ctx.rows(
                f'SELECT rowid, id, {ctx.column_or_null(tx_table, "hash")}, height, time, binary FROM "{tx_table}" '
                'ORDER BY height, time, rowid'):  # hash (the wtxid): from version 4
            txid_stored = bytes(tid).hex() if isinstance(tid, bytes) else None
            locator = f"{tx_table}:id={txid_stored or rowid}"
            seen.add(txid_stored)
            try:
                if not isinstance(raw, bytes):
                    raise MyceliumError(f"binary is a {type(raw).__name__}, not the serialized transaction")
                yield event(raw, txid_stored, height, time_raw,
                            bytes(whash).hex() if isinstance(whash, bytes) else None, locator)
            except Exception as exc:  # one bad row is a warning; the others are still read
                ctx.warn(f"cannot decode the transaction: {type(exc).__name__}: {exc}", locator)
        for txid, raw in queued.items():
            if txid in seen:
                continue
            locator = f"{outtx}:id={txid}"
            try:
                yield event(raw, txid, None, None, None, locator)
            except Exception as exc:
                ctx.warn(f"cannot decode the queued transaction: {type(exc).__name__}: {exc}", locator)
        return used


def address_book_to_event(row, ctx) -> dict:
    """One ``mds.db`` address-book entry (``MetadataStorage`` category ``addresslabel``: key = the address,
    value = the name the user gave it) -> a ``contact`` event: a counterparty, not an owned address."""
    return contact_event(row["key"], row["value"], row["value"],
                         {"asset": btc.ASSET, "address": row["key"], "source": "Mycelium address book"},
                         ctx.locator)


class MyceliumAddressBookParser(SQLiteParser):
    name = "mycelium_android_address_book"
    version = __version__
    app = "mycelium"
    platform = "android"
    description = "Mycelium Bitcoin Wallet for Android: the address book in mds.db (keyValueStore, addresslabel)"
    path_globs = MyceliumParser.related_globs["mds"]
    required_tables = {"keyValueStore": {"key", "category", "value"}}
    references = ("mycelium-com/wallet-android mbw/src/main/java/com/mycelium/wallet/persistence/GenericMetadataStorage.java, "
                  "MetadataStorage.java (ADDRESSLABEL_CATEGORY \"addresslabel\", getAllAddressLabels)",)

    def parse(self, ctx):
        yield from ctx.map_rows("SELECT rowid, key, value FROM keyValueStore WHERE category = 'addresslabel' "
                                "ORDER BY rowid", address_book_to_event, table="keyValueStore", id_column="rowid")


@hookimpl
def register_parsers(register):
    register(MyceliumParser)
    register(MyceliumAddressBookParser)
