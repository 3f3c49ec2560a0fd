"""Bitcoin Wallet for Android (``de.schildbach.wallet``): the bitcoinj protobuf wallet file.

The app keeps its whole wallet in one file of its private files folder,
``files/wallet-protobuf`` (``-testnet`` for the testnet build ``de.schildbach.wallet_test``), written
by bitcoinj's ``WalletProtobufSerializer``; it also writes an automatic backup of the keys alone,
``files/key-backup-protobuf`` (the same message with the transactions, last-seen block hash and time
cleared: ``WalletApplication.backupWallet``). Both are a ``wallet.Wallet`` protobuf message and are
decoded with ``schemas/bitcoinj_wallet.proto`` through the host's runtime proto reader.

Events:

* **wallet** (one per address the wallet owns): ``sender`` is the address. Deterministic (BIP-32) keys
  are the leaves ``<account>/<0 receive | 1 change>/<n>`` of each key chain; those the app has handed
  out (``n`` below the parent's ``issued_subkeys``) and those that appear in a transaction are
  reported, the look-ahead keys the wallet only watches are counted in ``extra``. Imported keys
  (``ORIGINAL`` / ``ENCRYPTED``) and watched scripts are reported too. The address type is the key
  chain's ``output_script_type`` (P2PKH when absent, bitcoinj's default); imported keys are P2PKH.
  Time: the key's ``creation_timestamp`` (ms), else the creation time of its chain (bitcoinj: "HD keys
  inherit the timestamp of their parent").
* **transaction** (one per ``Transaction``): ``extra`` follows the timeline schema's transaction rule
  (asset ``BTC``, amount = value to the wallet's addresses minus value from them, as exact text in
  BTC, negative when money left; fee = inputs minus outputs when every input value is known;
  from/to addresses from the connected outputs and input scripts / output scripts; tx_hash;
  confirmations = confidence ``depth`` of a ``BUILDING`` transaction, 0 when ``PENDING``). Time: the
  transaction's ``updated_at`` (ms; bitcoinj ``Transaction.getUpdateTime``: the earliest time it was
  seen, broadcast or in the chain).

Private keys are never read: a spending-PIN-encrypted wallet (``encryption_type =
ENCRYPTED_SCRYPT_AES``) keeps its public keys in clear, so its addresses and transactions are all
there; the events say whether each private key is present, encrypted or absent (watching wallet).

Transaction ids: bitcoinj stores ``Transaction.hash`` as ``Sha256Hash.getBytes()`` of
``Sha256Hash.wrapReversed(hashTwice(serialization))``, i.e. already in the byte order people see
(the proto's note "All byte arrays that represent numbers (such as hashes ...) are Big Endian"), so
the id is its plain hex. The parser recomputes the id from the stored version, inputs, outputs and
lock time and warns when they disagree (a damaged or edited record).

Sources:

* bitcoinj/bitcoinj ``core/src/main/proto/wallet.proto`` (copied to ``schemas/bitcoinj_wallet.proto``),
  ``core/src/main/java/org/bitcoinj/wallet/WalletProtobufSerializer.java`` (``makeTxProto``,
  ``hashToByteString``), ``core/src/main/java/org/bitcoinj/wallet/DeterministicKeyChain.java``
  (``serializeMyselfToProtobuf``, ``fromProtobuf``: chain layout, account path, issued subkeys,
  output script type), ``core/src/main/java/org/bitcoinj/base/Sha256Hash.java``
  (``wrapReversed``, ``getBytes``), ``core/src/main/java/org/bitcoinj/crypto/KeyCrypterScrypt.java``.
* bitcoin-wallet/bitcoin-wallet ``wallet/src/de/schildbach/wallet/Constants.java``
  (``Files.WALLET_FILENAME_PROTOBUF = "wallet-protobuf"``, ``WALLET_KEY_BACKUP_PROTOBUF =
  "key-backup-protobuf"``, ``FILENAME_NETWORK_SUFFIX`` ``-testnet``), ``WalletApplication.java``
  (``backupWallet``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders import bitcoin as btc
from artefacts.protos import load_schema
from artefacts.events import CREATED, INCOMING, NOT_A_TIME, OUTGOING, wallet_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_MILLISECONDS, UNIX_SECONDS

__version__ = "1.0"

UPDATE_TIME = "Last Update Time"
HARDENED = 0x80000000
DEFAULT_ACCOUNT_PATH = (HARDENED,)  # DeterministicKeyChain.ACCOUNT_ZERO_PATH, m/0'
MAX_WALLET_BYTES = 512 * 1024 * 1024  # WalletProtobufSerializer.WALLET_SIZE_LIMIT
FILE_NAMES = ("wallet-protobuf", "wallet-protobuf-testnet", "key-backup-protobuf", "key-backup-protobuf-testnet")
STATUS = {"BUILDING": "confirmed", "PENDING": "pending", "NOT_IN_BEST_CHAIN": "pending", "DEAD": "dead",
          "IN_CONFLICT": "in conflict", "UNKNOWN": None}


class WalletFileError(ValueError):
    """The file is not a bitcoinj wallet, or it is damaged."""


def proto():
    return load_schema("bitcoinj_wallet.proto")


def read_wallet(data: bytes):
    """The ``wallet.Wallet`` message of a file's bytes; raises :class:`WalletFileError` with the reason."""
    from google.protobuf.message import DecodeError

    if not data:
        raise WalletFileError("the file is empty")
    try:
        wallet = proto().message("Wallet").FromString(data)
    except DecodeError as exc:
        raise WalletFileError(f"not a valid bitcoinj Wallet protobuf ({exc})") from None
    if not wallet.network_identifier:
        raise WalletFileError("not a valid bitcoinj Wallet protobuf (no network identifier)")
    return wallet


def path_text(path) -> str:
    return "m" + "".join(f"/{p & ~HARDENED}'" if p & HARDENED else f"/{p}" for p in path)


def _secret_state(key) -> str:
    if key.HasField("encrypted_data") or key.HasField("encrypted_deterministic_seed"):
        return "encrypted"
    if key.HasField("secret_bytes"):
        return "present"
    return "absent"


def _private_key(k: dict) -> str:
    """present / encrypted / absent; a derived key's private key is derivable from its chain's seed or root."""
    own = _secret_state(k["key"])
    if own == "absent" and k["chain_secret"] != "absent":
        return f"{k['chain_secret']} (derivable from the key chain's seed)"
    return own


def owned_keys(wallet, p) -> list[dict]:
    """Every key that can own outputs: leaf keys of each deterministic chain and imported keys.

    Follows ``DeterministicKeyChain.fromProtobuf``: a ``DETERMINISTIC_MNEMONIC`` entry starts a chain
    (its ``account_path``, m/0' when empty); the chain's keys follow, the root first; keys one level
    below the account are the external (0) and internal (1) parents with ``issued_subkeys``; the
    ``output_script_type`` of a key without parent applies to the chain from there on.
    """
    out = []
    chain = None
    for index, key in enumerate(wallet.key):
        ktype = p.enum_name("Key.Type", key.type)
        if ktype == "DETERMINISTIC_MNEMONIC":
            chain = {"account": tuple(key.account_path) or DEFAULT_ACCOUNT_PATH, "script": "P2PKH",
                     "created": key.creation_timestamp if key.HasField("creation_timestamp") else None,
                     "issued": {}, "seed": _secret_state(key), "secret": _secret_state(key), "started": False}
            continue
        if ktype == "DETERMINISTIC_KEY":
            path = tuple(key.deterministic_key.path)
            if chain is None or (chain["started"] and not path):  # a chain without seed (watching), or a new root
                chain = {"account": path or DEFAULT_ACCOUNT_PATH, "script": "P2PKH", "issued": {}, "seed": None,
                         "secret": "absent", "created": None, "started": False}
            if not chain["started"] and chain["seed"] is None and path:
                chain["account"] = path  # a watching chain starts at its account key
            chain["started"] = True
            if chain["secret"] == "absent":
                chain["secret"] = _secret_state(key)  # the root (or spending account) key's private part
            if key.HasField("output_script_type"):
                chain["script"] = p.enum_name("Key.OutputScriptType", key.output_script_type)
            if key.HasField("creation_timestamp") and chain["created"] is None:
                chain["created"] = key.creation_timestamp
            depth = len(chain["account"])
            if len(path) == depth + 1 and path[:depth] == chain["account"]:
                if key.deterministic_key.HasField("issued_subkeys"):
                    chain["issued"][path[-1]] = key.deterministic_key.issued_subkeys
                continue
            if len(path) != depth + 2 or path[:depth] != chain["account"]:
                continue  # the root, the account key or a key outside the chain's account
            branch, n = path[-2], path[-1]
            out.append({"index": index, "key": key, "type": ktype, "path": path_text(path),
                        "chain": {0: "receive", 1: "change"}.get(branch, str(branch)), "n": n,
                        "issued": n < chain["issued"].get(branch, 0), "script": chain["script"],
                        "chain_secret": chain["secret"],
                        "created": key.creation_timestamp if key.HasField("creation_timestamp") else chain["created"],
                        "inherited_time": not key.HasField("creation_timestamp")})
        elif key.HasField("public_key"):  # ORIGINAL / ENCRYPTED: an imported key (BasicKeyChain)
            out.append({"index": index, "key": key, "type": ktype, "path": None, "chain": "imported", "n": None,
                        "issued": True, "script": "P2PKH", "chain_secret": "absent",
                        "created": key.creation_timestamp if key.HasField("creation_timestamp") else None,
                        "inherited_time": False})
    return out


class BitcoinWalletParser(Parser):
    name = "bitcoin_wallet_android"
    version = __version__
    app = "bitcoin_wallet"
    platform = "android"
    description = ("Bitcoin Wallet for Android (de.schildbach.wallet): the bitcoinj protobuf wallet "
                   "(wallet-protobuf, key-backup-protobuf): owned addresses and transactions")
    path_globs = tuple(f"**/de.schildbach.wallet*/files/{n}" for n in FILE_NAMES)
    tables = {
        "Wallet": {"network_identifier", "key", "transaction", "watched_script", "encryption_type"},
        "Key": {"type", "public_key", "encrypted_data", "creation_timestamp", "deterministic_key", "output_script_type"},
        "Transaction": {"hash", "pool", "updated_at", "transaction_input", "transaction_output", "confidence"},
    }
    time_units = {
        "Key.creation_timestamp": UNIX_MILLISECONDS,
        "Script.creation_timestamp": UNIX_MILLISECONDS,
        "Transaction.updated_at": UNIX_MILLISECONDS,
        "Wallet.last_seen_block_time_secs": UNIX_SECONDS,
    }
    references = (
        "bitcoinj/bitcoinj core/src/main/proto/wallet.proto (schemas/bitcoinj_wallet.proto)",
        "bitcoinj/bitcoinj core/src/main/java/org/bitcoinj/wallet/WalletProtobufSerializer.java, DeterministicKeyChain.java",
        "bitcoin-wallet/bitcoin-wallet wallet/src/de/schildbach/wallet/Constants.java (Files.WALLET_FILENAME_PROTOBUF)",
    )

    def check_file(self, ctx) -> str | None:
        if ctx.source.path.rsplit("/", 1)[-1].lower() in FILE_NAMES:
            return None  # named as the app names it: parse() reports what is wrong with it, if anything
        try:
            if ctx.source.local_path.stat().st_size > MAX_WALLET_BYTES:
                return "larger than bitcoinj's wallet size limit"
            wallet = read_wallet(ctx.source.local_path.read_bytes())
        except (WalletFileError, OSError) as exc:
            return str(exc)
        if wallet.network_identifier not in btc.BITCOINJ_NETWORKS:
            return f"not a Bitcoin wallet (network {wallet.network_identifier!r})"
        return None

    def parse(self, ctx):
        try:
            wallet = read_wallet(ctx.source.local_path.read_bytes())
        except (WalletFileError, OSError) as exc:
            ctx.warn(f"cannot read the bitcoinj wallet: {exc}")
            return
        net = btc.BITCOINJ_NETWORKS.get(wallet.network_identifier)
        if net is None:
            ctx.warn(f"the bitcoinj wallet is for network {wallet.network_identifier!r}, not a Bitcoin network "
                     "this parser knows; its addresses cannot be derived")
            return
        p = proto()
        network, network_name = net
        common = {"asset": btc.ASSET, "network": network_name,
                  "wallet_encrypted": p.enum_name("Wallet.EncryptionType", wallet.encryption_type) != "UNENCRYPTED"}
        keys = owned_keys(wallet, p)
        by_hash = {}
        for k in keys:
            pub = bytes(k["key"].public_key)
            kind = "p2wpkh" if k["script"] == "P2WPKH" else "p2pkh"
            k["address"] = btc.pubkey_address(pub, kind, network)
            if k["address"] is None:
                ctx.warn(f"Key[{k['index']}]: the public key is not a valid secp256k1 point", f"Key[{k['index']}]")
                continue
            by_hash[btc.hash160(pub)] = k
        watched = {bytes(s.program): i for i, s in enumerate(wallet.watched_script)}
        txs = {bytes(t.hash): t for t in wallet.transaction}

        def mine(script: bytes):
            """The wallet key (or watched script) an output script pays to."""
            st = btc.script_type(script)
            if st in ("p2pkh", "p2wpkh"):
                return by_hash.get(script[3:23] if st == "p2pkh" else script[2:22])
            if script in watched:
                return {"watched": watched[script]}
            return None

        used = set()
        for i, tx in enumerate(wallet.transaction):
            locator = f"Transaction[{i}]"
            ctx.locator = locator
            try:
                ev = self._transaction(ctx, p, tx, txs, mine, network, used)
            except Exception as exc:  # one bad record is a warning, the others are still reported
                ctx.warn(f"cannot decode the transaction: {type(exc).__name__}: {exc}", locator)
                continue
            ev["extra"] = {**common, **ev["extra"]}
            ev["source_locator"] = locator
            yield ev
        ctx.locator = None
        lookahead = sum(1 for k in keys if not k["issued"] and id(k) not in used)
        for k in keys:
            if k.get("address") is None or not (k["issued"] or id(k) in used):
                continue
            yield self._address(ctx, p, k, common, lookahead)
        for i, s in enumerate(wallet.watched_script):
            address = btc.script_address(bytes(s.program), network)
            yield wallet_event(
                address,
                timestamp=ctx.time(UNIX_MILLISECONDS, s.creation_timestamp, column="Script.creation_timestamp"),
                timestamp_raw=s.creation_timestamp, timestamp_desc=CREATED,
                extra={**common, "address": address, "watched_script": bytes(s.program).hex(),
                       "script_type": btc.script_type(bytes(s.program))},
                locator=f"WatchedScript[{i}]")

    @staticmethod
    def _address(ctx, p, k, common, lookahead) -> dict:
        key = k["key"]
        created = k["created"]
        extra = {**common, "address": k["address"], "script_type": k["script"].lower(), "key_type": k["type"],
                 "path": k["path"], "chain": k["chain"], "issued": k["issued"], "private_key": _private_key(k),
                 "public_key": bytes(key.public_key).hex(), "lookahead_keys_not_reported": lookahead}
        if k["inherited_time"] and created is not None:
            extra["time_from"] = "key chain creation time (inherited by derived keys)"
        if key.label:
            extra["label"] = key.label
        return wallet_event(k["address"], timestamp=ctx.time(UNIX_MILLISECONDS, created, column="Key.creation_timestamp"),
                            timestamp_raw=created, timestamp_desc=CREATED if created is not None else NOT_A_TIME,
                            extra=extra, locator=f"Key[{k['index']}]")

    @staticmethod
    def _transaction(ctx, p, tx, txs, mine, network, used) -> dict:
        txid = bytes(tx.hash).hex()
        outputs = []
        for n, o in enumerate(tx.transaction_output):
            script = bytes(o.script_bytes)
            owner = mine(script)
            if owner is not None and "index" in owner:
                used.add(id(owner))
            outputs.append({"index": n, "value": o.value, "address": btc.script_address(script, network),
                            "wallet": owner is not None})
        inputs = []
        for n, i in enumerate(tx.transaction_input):
            prev = txs.get(bytes(i.transaction_out_point_hash))
            value = i.value if i.HasField("value") else None
            address = owner = None
            if prev is not None and i.transaction_out_point_index < len(prev.transaction_output):
                connected = prev.transaction_output[i.transaction_out_point_index]
                value = connected.value if value is None else value
                address = btc.script_address(bytes(connected.script_bytes), network)
                owner = mine(bytes(connected.script_bytes))
            else:
                spender = btc.spender_pubkey(bytes(i.script_bytes), [bytes(w) for w in i.witness.data])
                if spender is not None:
                    address = btc.pubkey_address(spender[0], spender[1], network)
                    owner = mine(bytes.fromhex("76a914" + btc.hash160(spender[0]).hex() + "88ac"))
            if owner is not None and "index" in owner:
                used.add(id(owner))
            inputs.append({"index": n, "prev_tx": bytes(i.transaction_out_point_hash).hex(),
                           "prev_index": i.transaction_out_point_index, "value": value, "address": address,
                           "wallet": owner is not None})
        recomputed = btc.legacy_txid(
            tx.version,
            [(bytes(i.transaction_out_point_hash).hex(), i.transaction_out_point_index, bytes(i.script_bytes),
              i.sequence if i.HasField("sequence") else 0xFFFFFFFF) for i in tx.transaction_input],
            [(o.value, bytes(o.script_bytes)) for o in tx.transaction_output],
            tx.lock_time,
        )
        if recomputed != txid:
            ctx.warn(f"the stored transaction hash {txid} is not the id of the stored transaction ({recomputed})")
        conf = tx.confidence
        ctype = p.enum_name("TransactionConfidence.Type", conf.type) if tx.HasField("confidence") else None
        confirmations = conf.depth if ctype == "BUILDING" and conf.HasField("depth") else (0 if ctype == "PENDING" else None)
        m = btc.movement(inputs, outputs)
        extra = btc.transaction_extra(m, txid, confirmations, inputs, outputs)
        extra.update({
            "pool": p.enum_name("Transaction.Pool", tx.pool) if tx.HasField("pool") else None,
            "confidence": ctype,
            "appeared_at_height": conf.appeared_at_height if conf.HasField("appeared_at_height") else None,
            "purpose": p.enum_name("Transaction.Purpose", tx.purpose),
        })
        if m["unknown_own"]:
            extra["amount_incomplete"] = "an input spends the wallet's output but its value is not in the file"
        if conf.HasField("source"):
            extra["source"] = p.enum_name("TransactionConfidence.Source", conf.source)
        if tx.lock_time:
            extra["lock_time"] = tx.lock_time
        if tx.HasField("exchange_rate"):
            r = tx.exchange_rate
            extra["exchange_rate"] = {"coin_value": r.coin_value, "fiat_value": r.fiat_value,
                                      "fiat_currency_code": r.fiat_currency_code}
        raw_time = tx.updated_at if tx.HasField("updated_at") else None
        return {
            "timestamp": ctx.time(UNIX_MILLISECONDS, raw_time, zero_is_null=True, column="Transaction.updated_at"),
            "timestamp_raw": raw_time,
            "timestamp_desc": UPDATE_TIME if raw_time else NOT_A_TIME,
            "kind": "transaction",
            "direction": OUTGOING if m["outgoing"] else INCOMING,
            "sender": m["sender"],
            "recipients": m["recipients"],
            "body": tx.memo or None,
            "status": STATUS.get(ctype) if ctype else None,
            "extra": extra,
        }


@hookimpl
def register_parsers(register):
    register(BitcoinWalletParser)
