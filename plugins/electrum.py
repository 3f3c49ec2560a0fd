"""Electrum for Android (``org.electrum.electrum``): the wallet file, plain or with encrypted storage.

Electrum keeps each wallet as one file under its data folder, ``getFilesDir() + '/data'``
(``electrum/util.py`` ``android_data_dir``), in ``wallets/`` (``testnet/wallets/`` ... for the test
networks): ``files/data/wallets/default_wallet`` and any other wallet the user created.
The file is JSON (with appended JSON patches), or, when the user chose to encrypt the file, base64 of
an ECIES envelope (``BIE1``) opened with the wallet password: ``--key electrum=PASSWORD`` (several may
be given; each is tried). See :mod:`artefacts.decoders.electrum_storage` for the format.

Read from the wallet JSON (``electrum/wallet_db.py``, ``WalletDB`` / ``load_transactions``):

* ``addresses``: ``{"receiving": [...], "change": [...]}`` of a deterministic wallet, or
  ``{address: {"type", "pubkey"}}`` of an imported one: each becomes a **wallet** record (``sender`` the
  address); time: the wallet's ``db_metadata.creation_timestamp`` (seconds) when present.
* ``transactions``: ``{txid: raw transaction hex}`` (a PSBT, base64 or hex, for a transaction saved
  before it was complete: its inputs carry the outputs they spend); ``verified_tx3``: ``{txid: [height, timestamp,
  txpos, header_hash]}`` (timestamp: the block's, in seconds); ``tx_fees``: ``{txid: [fee,
  is_calculated_by_us, num_inputs]}``; ``labels``: ``{txid or address: text}``; ``stored_height``: the
  chain height the wallet last saw (``wallet.py``), for confirmations = stored_height - height + 1.
* ``keystore`` (type, xpub, derivation), ``wallet_type``, ``seed_version``, ``use_encryption``.

Each transaction becomes a **transaction** event with the timeline schema's fields: amount = value
paid to the wallet's addresses minus value of the wallet's outputs it spends (exact BTC text), fee
from the inputs' previous outputs when they are all in the file, else from ``tx_fees``; from/to
addresses from the inputs' previous outputs (or their P2PKH/P2WPKH signing key) and the outputs.
An unconfirmed transaction has no time ("Not a time") and 0 confirmations.

Failures: no password for encrypted storage, a wrong password, a hardware-wallet-encrypted file
(``BIE2``), damaged base64/ciphertext/JSON each give one warning naming the file and the reason.

Sources: spesmilo/electrum ``electrum/storage.py``, ``electrum/crypto.py`` (``ecies_decrypt_message``),
``electrum/ecc.py``, ``electrum/json_db.py``, ``electrum/wallet_db.py``, ``electrum/wallet.py``
(``stored_height``), ``electrum/util.py`` (``android_data_dir``).
"""

from __future__ import annotations

from artefacts import hookimpl
from artefacts.decoders import bitcoin as btc
from artefacts.decoders import electrum_storage as es
from artefacts.events import CREATED, INCOMING, NOT_A_TIME, OUTGOING, wallet_event
from artefacts.parser import Parser
from artefacts.timeconv import UNIX_SECONDS

__version__ = "1.0"

BLOCK_TIME = "Block Time"
MAX_BYTES = 256 * 1024 * 1024
DATA = "**/org.electrum.electrum/files/data"
NETWORK_DIRS = {"testnet": "test", "testnet4": "test", "signet": "signet", "regtest": "regtest"}


def _network(path: str) -> str:
    parts = path.replace("\\", "/").split("/")
    if len(parts) >= 3 and parts[-2] == "wallets" and parts[-3] in NETWORK_DIRS:
        return NETWORK_DIRS[parts[-3]]
    return "main"


def _looks_like_wallet(data: dict) -> bool:
    return isinstance(data, dict) and ("seed_version" in data or "wallet_type" in data) and (
        "addresses" in data or "keystore" in data or "transactions" in data)


def _decode(raw: str):
    """``(transaction, {input index: (value, script)}, partial)`` of a stored transaction.

    Complete transactions are stored as raw hex; a transaction the wallet saved before it was complete is
    a PSBT (BIP-174, ``cHNidP8`` in base64 or ``70736274ff`` in hex: ``transaction.py`` ``tx_from_any``),
    whose inputs carry the outputs they spend.
    """
    from embit.psbt import PSBT

    text = raw.strip()
    if text.startswith("cHNidP8") or text.lower().startswith("70736274ff"):
        psbt = PSBT.from_base64(text) if text.startswith("cHNidP8") else PSBT.parse(bytes.fromhex(text))
        known = {}
        for n, inp in enumerate(psbt.inputs):
            try:
                utxo = inp.utxo
            except Exception:  # embit: neither a witness nor a non-witness UTXO in this input
                continue
            if utxo is not None:
                known[n] = (utxo.value, utxo.script_pubkey.data)
        return psbt.tx, known, True
    return btc.parse_transaction(bytes.fromhex(text)), {}, False


class ElectrumParser(Parser):
    name = "electrum_android"
    version = __version__
    app = "electrum"
    platform = "android"
    description = ("Electrum for Android (org.electrum.electrum): wallet files (JSON, or encrypted storage opened "
                   "with --key electrum=PASSWORD): owned addresses and transactions")
    path_globs = (f"{DATA}/wallets/*", f"{DATA}/testnet/wallets/*", f"{DATA}/testnet4/wallets/*",
                  f"{DATA}/signet/wallets/*", f"{DATA}/regtest/wallets/*")
    tables = {
        "wallet": {"seed_version", "wallet_type", "keystore", "addresses", "transactions", "verified_tx3", "labels",
                   "tx_fees", "stored_height", "db_metadata"},
    }
    time_units = {
        "verified_tx3.timestamp": UNIX_SECONDS,
        "db_metadata.creation_timestamp": UNIX_SECONDS,
    }
    references = (
        "spesmilo/electrum electrum/storage.py, electrum/crypto.py (ecies_decrypt_message), electrum/json_db.py",
        "spesmilo/electrum electrum/wallet_db.py (transactions, verified_tx3, tx_fees, addresses, labels)",
        "spesmilo/electrum electrum/util.py (android_data_dir: getFilesDir() + '/data')",
    )

    def check_file(self, ctx) -> str | None:
        local = ctx.source.local_path
        try:
            if local.stat().st_size > MAX_BYTES:
                return "too large for an Electrum wallet file"
            with open(local, "rb") as f:
                head = f.read(16)
        except OSError as exc:
            return f"cannot read: {exc}"
        if head.startswith(b"SQLite format 3"):
            return "an SQLite file, not an Electrum wallet"
        if "/wallets/" in "/" + ctx.source.path.replace("\\", "/"):
            return None  # where the app keeps wallets: parse() reports what is wrong with it, if anything
        try:
            text = local.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return "not a text file"
        if es.encryption_magic(text) is not None:
            return None
        try:
            data, _ = es.load_wallet_json(text)
        except es.ElectrumFileError as exc:
            return str(exc)
        return None if _looks_like_wallet(data) else "JSON, but not an Electrum wallet"

    def parse(self, ctx):
        try:
            text = ctx.source.local_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            ctx.warn(f"cannot read the Electrum wallet: not UTF-8 text ({exc})")
            return
        magic = es.encryption_magic(text)
        provenance = None
        if magic == es.MAGIC_HW:
            ctx.warn("cannot open the Electrum wallet: its storage is encrypted with a key from a hardware wallet "
                     "(BIE2), not with a password")
            return
        if magic == es.MAGIC_PASSWORD:
            text, provenance = self._decrypt(ctx, text)
            if text is None:
                return
        try:
            data, patches = es.load_wallet_json(text)
        except es.ElectrumFileError as exc:
            ctx.warn(f"cannot read the Electrum wallet: {exc}")
            return
        if not _looks_like_wallet(data):
            ctx.warn("cannot read the Electrum wallet: the JSON has none of seed_version, wallet_type, addresses")
            return
        network = _network(ctx.source.path)
        common = {"asset": btc.ASSET, "network": btc.NETWORK_NAMES[network], "wallet_type": data.get("wallet_type"),
                  "seed_version": data.get("seed_version")}
        if provenance is not None:
            common["decrypted_from"] = provenance
        if patches:
            common["json_patches_applied"] = patches
        yield from self._events(ctx, data, network, common)

    @staticmethod
    def _decrypt(ctx, text: str):
        tried = []
        for n, password in enumerate(ctx.keys("electrum"), 1):
            label = f"--key electrum #{n}"
            try:
                plain = es.decrypt_storage(text, password)
            except es.WrongPasswordError:
                tried.append(f"{label}: wrong password")
                continue
            except es.ElectrumFileError as exc:
                ctx.warn(f"cannot open the Electrum wallet's encrypted storage: {exc}")
                return None, None
            return plain, {"format": "electrum-storage-BIE1", "key_source": label, "file_sha256": ctx.source.sha256}
        if not tried:
            ctx.warn("cannot open the Electrum wallet: its storage is encrypted with a password (BIE1); "
                     "give it with --key electrum=PASSWORD")
        else:
            ctx.warn("cannot open the Electrum wallet's encrypted storage: " + "; ".join(tried))
        return None, None

    def _events(self, ctx, data: dict, network: str, common: dict):
        def part(key: str, kind: type, empty):
            """A top-level entry of the wallet, or ``empty`` (and one warning) when it has another type."""
            value = data.get(key)
            if value is None:
                return empty
            if not isinstance(value, kind) or isinstance(value, bool):
                ctx.warn(f"the wallet's {key!r} is a {type(value).__name__}, not a {kind.__name__}; ignored")
                return empty
            return value

        addresses = part("addresses", dict, {})
        owned: dict[str, dict] = {}
        if "receiving" in addresses or "change" in addresses:
            for chain in ("receiving", "change"):
                listed = addresses.get(chain) or []
                for n, a in enumerate(listed if isinstance(listed, list) else []):
                    if isinstance(a, str):
                        owned[a] = {"chain": chain, "index": n, "locator": f"addresses.{chain}[{n}]"}
        else:
            for a, info in addresses.items():
                owned[a] = {"chain": "imported", "index": None, "locator": f"addresses[{a}]",
                            "info": info if isinstance(info, dict) else {}}
        labels = {k: v for k, v in part("labels", dict, {}).items() if isinstance(v, str)}
        verified = part("verified_tx3", dict, {})
        fees = part("tx_fees", dict, {})
        stored_height = part("stored_height", int, None)
        raw_txs = part("transactions", dict, {})
        parsed, prevouts, partial = {}, {}, set()
        for txid, raw in raw_txs.items():
            try:
                if not isinstance(raw, str):
                    raise TypeError(f"a {type(raw).__name__}, not text")
                tx, known, is_partial = _decode(raw)
            except Exception as exc:  # a damaged entry is a warning; the others are still read
                ctx.warn(f"transaction {txid}: cannot decode the raw transaction ({type(exc).__name__}: {exc})",
                         f"transactions[{txid}]")
                continue
            if not is_partial and tx.txid().hex() != txid:
                ctx.warn(f"transaction {txid}: the raw transaction's id is {tx.txid().hex()}", f"transactions[{txid}]")
            parsed[txid], prevouts[txid] = tx, known
            if is_partial:
                partial.add(txid)
        keystore = part("keystore", dict, {})
        # owned by output script, not by address text: the same in every network's notation
        owned_scripts = {script: a for a in owned if (script := btc.address_script(a, network)) is not None}
        for txid, tx in parsed.items():
            yield self._transaction(ctx, txid, tx, parsed, prevouts[txid], txid in partial, owned_scripts, labels, verified.get(txid), fees.get(txid),
                                    stored_height, network, common)
        created = part("db_metadata", dict, {}).get("creation_timestamp")
        if not isinstance(created, (int, float)) or isinstance(created, bool):
            created = None
        for a, info in owned.items():
            extra = {**common, "address": a, "chain": info["chain"], "index": info["index"],
                     "script_type": btc.script_type(btc.address_script(a, network) or b""),
                     "keystore_type": keystore.get("type"), "xpub": keystore.get("xpub"),
                     "derivation": keystore.get("derivation"), "label": labels.get(a)}
            if info.get("info"):
                extra["imported"] = {k: v for k, v in info["info"].items() if k in ("type", "pubkey", "redeem_script")}
            if created is not None:
                extra["time_from"] = "wallet creation time (db_metadata)"
            yield wallet_event(a, timestamp=ctx.time(UNIX_SECONDS, created, column="db_metadata.creation_timestamp"),
                               timestamp_raw=created, timestamp_desc=CREATED if created is not None else NOT_A_TIME,
                               extra=extra, locator=info["locator"])

    @staticmethod
    def _transaction(ctx, txid, tx, parsed, known, partial, owned, labels, mined, fee_entry, stored_height, network,
                     common) -> dict:
        outputs = btc.output_entries(tx, owned, network)
        inputs = []
        for n, i in enumerate(tx.vin):
            prev = parsed.get(i.txid.hex())
            spent = None
            if prev is not None and i.vout < len(prev.vout):
                spent = prev.vout[i.vout].value, prev.vout[i.vout].script_pubkey.data
            elif n in known:  # a PSBT names the output each input spends
                spent = known[n]
            inputs.append(btc.input_entry(n, i, spent, owned, network))
        stored_fee = fee_entry[0] if isinstance(fee_entry, list) and fee_entry and type(fee_entry[0]) is int else None
        m = btc.movement(inputs, outputs, stored_fee)
        height = timestamp = None
        if isinstance(mined, list) and len(mined) >= 2 and all(type(v) is int for v in mined[:2]):
            height, timestamp = mined[0], mined[1]
        confirmations = 0 if height is None else (
            stored_height - height + 1 if isinstance(stored_height, int) and stored_height >= height else None)
        extra = {**common, **btc.transaction_extra(m, txid, confirmations, inputs, outputs), "height": height}
        if m["unknown_own"]:
            extra["amount_incomplete"] = "an input spends the wallet's output but its transaction is not in the file"
        if height is not None and len(mined) >= 4:
            extra["txpos"], extra["block_hash"] = mined[2], mined[3]
        if partial:
            extra["partial"] = "a PSBT the wallet saved (local, not complete or not broadcast)"
        return {
            "timestamp": ctx.time(UNIX_SECONDS, timestamp, column="verified_tx3.timestamp"),
            "timestamp_raw": timestamp,
            "timestamp_desc": BLOCK_TIME if timestamp is not None else NOT_A_TIME,
            "kind": "transaction",
            "direction": OUTGOING if m["outgoing"] else INCOMING,
            "sender": m["sender"],
            "recipients": m["recipients"],
            "body": labels.get(txid),
            "status": "confirmed" if height is not None and height > 0 else ("local" if partial else "unconfirmed"),
            "extra": extra,
            "source_locator": f"transactions[{txid}]",
        }


@hookimpl
def register_parsers(register):
    register(ElectrumParser)
