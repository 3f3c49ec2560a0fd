"""Bitcoin values, scripts, addresses and transaction ids, shared by the wallet plugins.

What a wallet stores is scripts and public keys; what an examiner searches for is addresses and
transaction ids. This module turns the one into the other with the maintained ``embit`` library
(cryptoadvance/embit: base58check for P2PKH/P2SH, bech32 for SegWit v0 P2WPKH/P2WSH (BIP-173),
bech32m for Taproot P2TR (BIP-350), transaction serialization and its double-SHA-256 id). Nothing
here validates addresses found in free text: that is the indicator scanner's job.

Facts:

* 1 BTC = 100,000,000 satoshi (bitcoinj ``Coin.SMALLEST_UNIT_EXPONENT = 8``; Electrum
  ``COIN = 100000000`` in ``electrum/bitcoin.py``); amounts are written as exact decimal text with
  eight decimals, never through a float.
* A transaction id is the double SHA-256 of the transaction serialized without witness data,
  shown byte-reversed as hex (bitcoinj ``Transaction.getTxId``: ``Sha256Hash.wrapReversed(
  Sha256Hash.hashTwice(...))``).
* bitcoinj network ids (``NetworkParameters.ID_MAINNET`` ``org.bitcoin.production``,
  ``ID_TESTNET`` ``org.bitcoin.test``, ``ID_SIGNET`` ``org.bitcoin.signet``, ``ID_REGTEST``
  ``org.bitcoin.regtest``).
"""

from __future__ import annotations

import hashlib

from embit import ec
from embit import script as _script
from embit.networks import NETWORKS
from embit.transaction import Transaction, TransactionInput, TransactionOutput

from ..amounts import fixed

#: decimals of Bitcoin (1 BTC = 10**8 satoshi)
BTC_DECIMALS = 8
ASSET = "BTC"

#: bitcoinj network id -> (embit network name, human name)
BITCOINJ_NETWORKS = {
    "org.bitcoin.production": ("main", "bitcoin mainnet"),
    "org.bitcoin.test": ("test", "bitcoin testnet"),
    "org.bitcoin.signet": ("signet", "bitcoin signet"),
    "org.bitcoin.regtest": ("regtest", "bitcoin regtest"),
}
NETWORK_NAMES = {"main": "bitcoin mainnet", "test": "bitcoin testnet", "signet": "bitcoin signet",
                 "regtest": "bitcoin regtest"}


def btc_text(satoshi: int) -> str:
    """An amount in satoshi as exact BTC text with eight decimals (``-12345`` -> ``"-0.00012345"``)."""
    return fixed(int(satoshi), BTC_DECIMALS)


def hash160(data: bytes) -> bytes:
    """RIPEMD-160 of SHA-256 (the hash in P2PKH/P2WPKH scripts), through embit's own RIPEMD-160."""
    from embit import hashes

    return hashes.hash160(data)


def script_address(script: bytes, network: str = "main") -> str | None:
    """The address an output script pays to, or None for a script without one (OP_RETURN, bare multisig ...)."""
    try:
        return _script.Script(bytes(script)).address(NETWORKS[network])
    except Exception:  # embit raises its own errors for scripts that have no address form
        return None


def script_type(script: bytes) -> str | None:
    """``p2pkh``, ``p2sh``, ``p2wpkh``, ``p2wsh``, ``p2tr``, ``p2pk`` ... or None (embit's names)."""
    try:
        return _script.Script(bytes(script)).script_type()
    except Exception:
        return None


#: single-key output scripts of a public key: P2PKH, P2WPKH, P2WPKH nested in P2SH (BIP-49) and the BIP-86
#: key-path-only Taproot output (embit ``p2tr``: the internal key tweaked with no script tree)
PUBKEY_SCRIPTS = {"p2pkh": _script.p2pkh, "p2wpkh": _script.p2wpkh,
                  "p2sh-p2wpkh": lambda pub: _script.p2sh(_script.p2wpkh(pub)), "p2tr": _script.p2tr}


def pubkey_script(pubkey: bytes, kind: str = "p2pkh") -> bytes | None:
    """The output script of a SEC-encoded public key (``kind`` one of :data:`PUBKEY_SCRIPTS`), or None
    when the key is not a valid point."""
    try:
        pub = ec.PublicKey.parse(bytes(pubkey))
    except Exception:
        return None
    return PUBKEY_SCRIPTS[kind](pub).data


def pubkey_address(pubkey: bytes, kind: str = "p2pkh", network: str = "main") -> str | None:
    """The address of a SEC-encoded public key (P2PKH, P2WPKH, P2SH-P2WPKH or P2TR), or None when the key
    is not a valid point."""
    script = pubkey_script(pubkey, kind)
    return None if script is None else script_address(script, network)


def spender_pubkey(script_sig: bytes, witness: list[bytes]) -> tuple[bytes, str] | None:
    """The public key that signed a standard single-key input and its address kind, or None.

    P2WPKH inputs carry ``[signature, pubkey]`` in the witness and an empty scriptSig; P2PKH inputs
    push ``<signature> <pubkey>`` in the scriptSig (BIP-141; Bitcoin Core ``solver``).
    """
    if witness and len(witness) == 2 and not script_sig and len(witness[1]) in (33, 65):
        return bytes(witness[1]), "p2wpkh"
    pushes = _pushes(bytes(script_sig))
    if pushes is not None and len(pushes) == 2 and len(pushes[1]) in (33, 65) and pushes[1][0] in (2, 3, 4):
        return pushes[1], "p2pkh"
    return None


def _pushes(script: bytes) -> list[bytes] | None:
    """The data of a script made only of direct pushes (opcodes 0x01-0x4b), else None."""
    out, pos = [], 0
    while pos < len(script):
        n = script[pos]
        if not 1 <= n <= 0x4B or pos + 1 + n > len(script):
            return None
        out.append(script[pos + 1 : pos + 1 + n])
        pos += 1 + n
    return out


def legacy_txid(version: int, inputs, outputs, locktime: int) -> str:
    """The id of a transaction from its parts: ``inputs`` as ``(prev_txid_hex, index, script_sig, sequence)``,
    ``outputs`` as ``(value, script)`` (serialized without witness, so the id is the same for SegWit)."""
    vin = [TransactionInput(bytes.fromhex(h), i, _script.Script(bytes(s)), seq) for h, i, s, seq in inputs]
    vout = [TransactionOutput(v, _script.Script(bytes(s))) for v, s in outputs]
    return Transaction(version=version, vin=vin, vout=vout, locktime=locktime).txid().hex()


def parse_transaction(raw: bytes) -> Transaction:
    """A serialized transaction (with or without witness) as an embit ``Transaction``; raises on bad bytes."""
    tx = Transaction.parse(bytes(raw))
    if len(tx.serialize()) != len(raw):
        raise ValueError("trailing bytes after the transaction")
    return tx


def double_sha256(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


#: the address kind of each BIP-32 account purpose: BIP-44 P2PKH, BIP-49 P2WPKH nested in P2SH, BIP-84 P2WPKH
PURPOSE_KINDS = {44: "p2pkh", 49: "p2sh-p2wpkh", 84: "p2wpkh"}


def account_address(extended_key: str, chain: int, index: int, kind: str, network: str = "main") -> str:
    """The address at ``<chain>/<index>`` below an account's extended public key (``xpub``/``ypub``/``zpub``
    ..., any version bytes), of ``kind`` ``p2pkh``, ``p2sh-p2wpkh`` or ``p2wpkh``; ``ValueError`` for a key
    that is not one (BIP-32 public derivation through embit)."""
    return next(account_addresses(extended_key, chain, range(index, index + 1), kind, network))


def account_addresses(extended_key: str, chain: int, indexes, kind: str, network: str = "main"):
    """:func:`account_address` of each of ``indexes`` (the chain key is derived once)."""
    from embit import bip32

    makers = {"p2pkh": _script.p2pkh, "p2sh-p2wpkh": lambda k: _script.p2sh(_script.p2wpkh(k)),
              "p2wpkh": _script.p2wpkh}
    if kind not in makers:
        raise ValueError(f"unknown address kind {kind!r}")
    if not 0 <= chain < 2**31:
        raise ValueError("a non-hardened path has indexes below 2**31")
    try:
        chain_key = bip32.HDKey.from_base58(extended_key.strip()).derive([chain])
    except Exception as exc:  # embit raises its own errors for bad base58, checksum or version
        raise ValueError(f"not an extended public key ({type(exc).__name__})") from None
    for index in indexes:
        if not 0 <= index < 2**31:
            raise ValueError("a non-hardened path has indexes below 2**31")
        yield makers[kind](chain_key.derive([index]).key).address(NETWORKS[network])


def address_script(address: str, network: str = "main") -> bytes | None:
    """The output script of an address, or None when embit does not read it as one."""
    try:
        return _script.Script.from_address(address).data
    except Exception:
        return None


def output_entries(tx: Transaction, owned, network: str = "main") -> list[dict]:
    """The outputs of a transaction as :func:`movement` reads them; ``owned``: the wallet's output scripts."""
    return [{"index": n, "value": o.value, "address": script_address(o.script_pubkey.data, network),
             "wallet": o.script_pubkey.data in owned} for n, o in enumerate(tx.vout)]


def input_entry(n: int, vin: TransactionInput, spent: tuple[int, bytes] | None, owned, network: str = "main") -> dict:
    """Input ``n`` as :func:`movement` reads it. ``spent``: ``(value, script)`` of the output it spends when the
    wallet keeps it; otherwise only the address of the key that signed a standard single-key input is known
    (:func:`spender_pubkey`), not the value."""
    value = address = script = None
    if spent is not None:
        value, script = spent
        address = script_address(script, network)
    else:
        spender = spender_pubkey(vin.script_sig.data, list(vin.witness.items) if vin.witness else [])
        if spender is not None:
            address = pubkey_address(spender[0], spender[1], network)
            script = address_script(address, network)
    return {"index": n, "prev_tx": vin.txid.hex(), "prev_index": vin.vout, "value": value, "address": address,
            "wallet": script is not None and script in owned}


def movement(inputs: list[dict], outputs: list[dict], fee_fallback: int | None = None) -> dict:
    """What a transaction did to a wallet, the same way for every Bitcoin wallet plugin.

    ``inputs``: ``{"value": satoshi or None, "address", "wallet": bool}`` (the previous output each
    spends); ``outputs``: ``{"value", "address", "wallet"}``. The amount is the value paid to the
    wallet minus the value of the wallet's outputs spent (negative when money left); the fee is inputs
    minus outputs when every input's value is known, else ``fee_fallback`` (what the wallet stored).
    From/to addresses keep the transaction's order without repeats. An outgoing payment's recipients
    are the outputs that are not the wallet's (the change stays out); an incoming one's are the
    wallet's own outputs.
    """
    received = sum(o["value"] for o in outputs if o["wallet"])
    sent = sum(i["value"] for i in inputs if i["wallet"] and i["value"] is not None)
    unknown_own = any(i["wallet"] and i["value"] is None for i in inputs)
    known = [i["value"] for i in inputs if i["value"] is not None]
    out_total = sum(o["value"] for o in outputs)
    if inputs and len(known) == len(inputs) and sum(known) >= out_total:
        fee = sum(known) - out_total
    else:
        fee = fee_fallback
    outgoing = sent > 0 or unknown_own
    return {"amount_raw": received - sent, "fee_raw": fee, **parties(inputs, outputs, outgoing),
            "unknown_own": unknown_own}


def parties(inputs: list[dict], outputs: list[dict], outgoing: bool) -> dict:
    """From/to addresses, sender and recipients of a transaction's rows (``{"address", "wallet"}``), as
    :func:`movement` gives them: the transaction's order without repeats; an outgoing payment's recipients
    are the outputs that are not the wallet's, an incoming one's the wallet's own."""
    from_addresses = list(dict.fromkeys(i["address"] for i in inputs if i["address"]))
    to_addresses = list(dict.fromkeys(o["address"] for o in outputs if o["address"]))
    if outgoing:
        sender = next((i["address"] for i in inputs if i["wallet"] and i["address"]), None)
        recipients = [o["address"] for o in outputs if o["address"] and not o["wallet"]]
    else:
        sender = from_addresses[0] if from_addresses else None
        recipients = [o["address"] for o in outputs if o["address"] and o["wallet"]]
    return {"from_addresses": from_addresses, "to_addresses": to_addresses, "outgoing": outgoing, "sender": sender,
            "recipients": recipients}


def transaction_extra(m: dict, txid: str, confirmations, inputs: list[dict], outputs: list[dict]) -> dict:
    """The schema's transaction fields of a :func:`movement` result, amounts as exact BTC text."""
    def shown(rows):
        return [{**r, "value": btc_text(r["value"]) if r["value"] is not None else None} for r in rows]

    return {
        "amount": btc_text(m["amount_raw"]),
        "amount_raw": m["amount_raw"],
        "fee": btc_text(m["fee_raw"]) if m["fee_raw"] is not None else None,
        "fee_asset": ASSET if m["fee_raw"] is not None else None,
        "from_addresses": m["from_addresses"],
        "to_addresses": m["to_addresses"],
        "tx_hash": txid,
        "confirmations": confirmations,
        "inputs": shown(inputs),
        "outputs": shown(outputs),
    }
