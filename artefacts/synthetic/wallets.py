"""Synthetic Bitcoin wallets in the apps' own formats, with a manifest of what they hold.

* :func:`build_bitcoinj_wallet`: the ``wallet-protobuf`` file of Bitcoin Wallet for Android, a
  ``wallet.Wallet`` message (``schemas/bitcoinj_wallet.proto``) laid out as bitcoinj's
  ``WalletProtobufSerializer`` / ``DeterministicKeyChain.serializeMyselfToProtobuf`` write it: a
  ``DETERMINISTIC_MNEMONIC`` entry, the root key (with the chain's ``output_script_type`` and creation
  time), the account key m/1' (``KeyChainGroupStructure``: account one for P2WPKH chains), the
  external/internal parents with ``issued_subkeys`` and ``lookahead_size``, and the leaf keys;
  the spending PIN encrypts the seed and the root private key as ``KeyCrypterScrypt`` does (scrypt of
  the PIN as UTF-16BE chars with the wallet's salt and N/r/p, AES-256-CBC with PKCS#7 and a random IV).
  Transactions carry real serializable parts: the stored hash is their id (double SHA-256 of the
  serialization, byte-reversed).

Keys, signatures and amounts are synthetic (never anybody's funds); deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timezone

from ..decoders import bitcoin as btc

HARDENED = 0x80000000


def _iso_ms(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return enc.update(padder.update(data) + padder.finalize()) + enc.finalize()


def _fake_signature(r: random.Random) -> bytes:
    """A DER-shaped ECDSA signature with SIGHASH_ALL (synthetic: it signs nothing)."""
    body_r = bytes([0x00]) + bytes(r.getrandbits(8) | 0x80 if i == 0 else r.getrandbits(8) for i in range(32))
    body_s = bytes(r.getrandbits(8) & 0x7F if i == 0 else r.getrandbits(8) for i in range(32))
    der = b"\x02" + bytes([len(body_r)]) + body_r + b"\x02" + bytes([len(body_s)]) + body_s
    return b"\x30" + bytes([len(der)]) + der + b"\x01"


def _push(data: bytes) -> bytes:
    return bytes([len(data)]) + data


class _Keys:
    """A BIP-32 tree from a seed (embit), the chain laid out as bitcoinj does."""

    def __init__(self, seed64: bytes):
        from embit import bip32

        self.root = bip32.HDKey.from_seed(seed64)

    def key(self, path):
        return self.root.derive(list(path)) if path else self.root


def build_bitcoinj_wallet(*, seed: int | str = 0, pin: str = "2580", lookahead: int = 4, scrypt_n: int = 16384) -> dict:
    """A Bitcoin Wallet for Android ``wallet-protobuf``: ``{"data": bytes, "manifest": {...}}``."""
    from embit import script as escript
    from embit.ec import PrivateKey

    from ..protos import load_schema

    r = random.Random(f"bitcoinj-wallet-{seed}")
    p = load_schema("bitcoinj_wallet.proto")
    W = p.message("Wallet")
    w = W()
    w.network_identifier = "org.bitcoin.production"
    w.version = 1

    # -- spending PIN: KeyCrypterScrypt
    salt = bytes(r.getrandbits(8) for _ in range(8))
    w.encryption_type = p.enum_value("Wallet.EncryptionType", "ENCRYPTED_SCRYPT_AES")
    w.encryption_parameters.salt = salt
    w.encryption_parameters.n = scrypt_n
    w.encryption_parameters.r = 8
    w.encryption_parameters.p = 1
    aes_key = hashlib.scrypt(pin.encode("utf-16-be"), salt=salt, n=scrypt_n, r=8, p=1, maxmem=256 * 1024 * 1024, dklen=32)

    def encrypt(target, plain: bytes):
        iv = bytes(r.getrandbits(8) for _ in range(16))
        target.initialisation_vector = iv
        target.encrypted_private_key = _aes_cbc(aes_key, iv, plain)

    seed64 = bytes(r.getrandbits(8) for _ in range(64))
    tree = _Keys(seed64)
    created_ms = 1_706_000_000_000 + r.randrange(10_000_000)
    account = (HARDENED | 1,)
    K = p.message("Key")
    mnemonic = w.key.add()
    mnemonic.type = p.enum_value("Key.Type", "DETERMINISTIC_MNEMONIC")
    encrypt(mnemonic.encrypted_data, b"synthetic mnemonic words " + str(seed).encode())
    encrypt(mnemonic.encrypted_deterministic_seed, seed64)
    mnemonic.creation_timestamp = created_ms
    mnemonic.account_path.extend(account)
    issued = {0: 3, 1: 2}

    def add_key(path, *, root=False, parent_info=None):
        hd = tree.key(path)
        k = w.key.add()
        k.type = p.enum_value("Key.Type", "DETERMINISTIC_KEY")
        k.public_key = hd.get_public_key().sec()
        k.deterministic_key.chain_code = hd.chain_code
        k.deterministic_key.path.extend(path)
        if root:
            encrypt(k.encrypted_data, hd.key.secret)
            k.creation_timestamp = created_ms
            k.output_script_type = p.enum_value("Key.OutputScriptType", "P2WPKH")
        if parent_info is not None:
            k.deterministic_key.issued_subkeys = parent_info
            k.deterministic_key.lookahead_size = lookahead
            k.deterministic_key.sigsRequiredToSpend = 1
        return hd

    add_key((), root=True)
    add_key(account)
    leaves = {}
    for branch in (0, 1):
        add_key(account + (branch,), parent_info=issued[branch])
    for branch in (0, 1):
        for n in range(issued[branch] + lookahead):
            hd = add_key(account + (branch, n))
            leaves[(branch, n)] = hd
    addr = {bn: escript.p2wpkh(hd.get_public_key()).address() for bn, hd in leaves.items()}
    spk = {bn: escript.p2wpkh(hd.get_public_key()).data for bn, hd in leaves.items()}

    # -- counterparties (synthetic keys)
    def ext_key():
        return PrivateKey(hashlib.sha256(bytes(r.getrandbits(8) for _ in range(32))).digest()).get_public_key()

    ext1, ext2, ext3 = ext_key(), ext_key(), ext_key()
    taproot_out = b"\x51\x20" + hashlib.sha256(b"tr" + str(seed).encode()).digest()
    p2sh_out = b"\xa9\x14" + hashlib.new("sha256", b"sh" + str(seed).encode()).digest()[:20] + b"\x87"

    tip = 830_000 + r.randrange(1000)
    w.last_seen_block_height = tip
    w.last_seen_block_hash = bytes(r.getrandbits(8) for _ in range(32))
    w.last_seen_block_time_secs = created_ms // 1000 + 40 * 86400

    txs = []  # (proto, manifest entry)

    def add_tx(inputs, outputs, *, updated_ms, conf, pool, height=None, purpose="UNKNOWN", memo=None, source=None,
               rate=None, overriding=None):
        """inputs: (prev_txid_hex, index, script_sig, witness list, value or None); outputs: (value, script)."""
        t = w.transaction.add()
        t.version = 2 if any(i[3] for i in inputs) else 1
        txid = btc.legacy_txid(t.version, [(h, n, s, 0xFFFFFFFF) for h, n, s, _, _ in inputs], outputs, 0)
        t.hash = bytes.fromhex(txid)
        t.pool = p.enum_value("Transaction.Pool", pool)
        t.updated_at = updated_ms
        for h, n, s, wit, value in inputs:
            i = t.transaction_input.add()
            i.transaction_out_point_hash = bytes.fromhex(h)
            i.transaction_out_point_index = n
            i.script_bytes = s
            i.sequence = 0xFFFFFFFF
            if value is not None:
                i.value = value
            if wit:
                i.witness.data.extend(wit)
        for value, script in outputs:
            o = t.transaction_output.add()
            o.value = value
            o.script_bytes = script
        t.confidence.type = p.enum_value("TransactionConfidence.Type", conf)
        if height is not None:
            t.confidence.appeared_at_height = height
            t.confidence.depth = tip - height + 1
            t.block_hash.append(bytes(r.getrandbits(8) for _ in range(32)))
            t.block_relativity_offsets.append(r.randrange(50))
        if source:
            t.confidence.source = p.enum_value("TransactionConfidence.Source", source)
        if overriding:
            t.confidence.overriding_transaction = overriding
        t.purpose = p.enum_value("Transaction.Purpose", purpose)
        if memo:
            t.memo = memo
        if rate:
            t.exchange_rate.coin_value, t.exchange_rate.fiat_value, t.exchange_rate.fiat_currency_code = rate
        return txid, t

    def rand_txid():
        return bytes(r.getrandbits(8) for _ in range(32)).hex()

    t0 = created_ms + 3600_000
    # T1: incoming 0.05 BTC from a P2PKH payer (legacy input script: <sig> <pubkey>)
    t1, p1 = add_tx([(rand_txid(), 1, _push(_fake_signature(r)) + _push(ext1.sec()), [], None)],
                    [(5_000_000, spk[(0, 0)]), (1_234_567, escript.p2pkh(ext1).data)],
                    updated_ms=t0, conf="BUILDING", pool="SPENT", height=tip - 120, source="SOURCE_NETWORK")
    # T2: incoming 0.012 BTC from a P2WPKH payer (witness [sig, pubkey])
    t2, p2 = add_tx([(rand_txid(), 0, b"", [_fake_signature(r), ext2.sec()], None)],
                    [(880_000, escript.p2wpkh(ext2).data), (1_200_000, spk[(0, 1)])],
                    updated_ms=t0 + 2 * 86400_000 + 12_345, conf="BUILDING", pool="SPENT", height=tip - 90,
                    source="SOURCE_NETWORK")
    # T3: outgoing 0.02 BTC to a Taproot address, change to change/0, fee 1410 sat
    t3, p3 = add_tx([(t1, 0, b"", [_fake_signature(r), leaves[(0, 0)].get_public_key().sec()], 5_000_000)],
                    [(2_000_000, taproot_out), (2_998_590, spk[(1, 0)])],
                    updated_ms=t0 + 5 * 86400_000 + 600_500, conf="BUILDING", pool="SPENT", height=tip - 40,
                    purpose="USER_PAYMENT", source="SOURCE_SELF", rate=(100_000_000, 589_412_345, "EUR"),
                    memo="Payment request: order 7731")
    # T4: outgoing, still pending: two inputs, to a P2SH address, change to change/1, fee 590 sat
    t4, p4 = add_tx([(t2, 1, b"", [_fake_signature(r), leaves[(0, 1)].get_public_key().sec()], 1_200_000),
                     (t3, 1, b"", [_fake_signature(r), leaves[(1, 0)].get_public_key().sec()], 2_998_590)],
                    [(3_500_000, p2sh_out), (698_000, spk[(1, 1)])],
                    updated_ms=t0 + 9 * 86400_000 + 77_000, conf="PENDING", pool="PENDING", purpose="USER_PAYMENT",
                    source="SOURCE_SELF")
    # T5: an incoming payment that was double-spent away (DEAD)
    t5, p5 = add_tx([(rand_txid(), 3, _push(_fake_signature(r)) + _push(ext3.sec()), [], None)],
                    [(300_000, spk[(0, 2)])],
                    updated_ms=t0 + 7 * 86400_000 + 5_000, conf="DEAD", pool="DEAD", source="SOURCE_NETWORK",
                    overriding=bytes.fromhex(rand_txid()))
    # spent-by links, as makeTxProto writes them
    for prev, n, spender, idx in ((p1, 0, t3, 0), (p2, 1, t4, 0), (p3, 1, t4, 1)):
        prev.transaction_output[n].spent_by_transaction_hash = bytes.fromhex(spender)
        prev.transaction_output[n].spent_by_transaction_index = idx

    a = lambda s: btc.script_address(s)  # noqa: E731
    manifest_txs = [
        {"tx_hash": t1, "amount": "0.05000000", "fee": None, "direction": "incoming", "status": "confirmed",
         "from_addresses": [escript.p2pkh(ext1).address()], "to_addresses": [addr[(0, 0)], escript.p2pkh(ext1).address()],
         "confirmations": 121, "updated_at": p1.updated_at},
        {"tx_hash": t2, "amount": "0.01200000", "fee": None, "direction": "incoming", "status": "confirmed",
         "from_addresses": [escript.p2wpkh(ext2).address()], "to_addresses": [escript.p2wpkh(ext2).address(), addr[(0, 1)]],
         "confirmations": 91, "updated_at": p2.updated_at},
        {"tx_hash": t3, "amount": "-0.02001410", "fee": "0.00001410", "direction": "outgoing", "status": "confirmed",
         "from_addresses": [addr[(0, 0)]], "to_addresses": [a(taproot_out), addr[(1, 0)]],
         "confirmations": 41, "updated_at": p3.updated_at, "memo": "Payment request: order 7731"},
        {"tx_hash": t4, "amount": "-0.03500590", "fee": "0.00000590", "direction": "outgoing", "status": "pending",
         "from_addresses": [addr[(0, 1)], addr[(1, 0)]], "to_addresses": [a(p2sh_out), addr[(1, 1)]],
         "confirmations": 0, "updated_at": p4.updated_at},
        {"tx_hash": t5, "amount": "0.00300000", "fee": None, "direction": "incoming", "status": "dead",
         "from_addresses": [escript.p2pkh(ext3).address()], "to_addresses": [addr[(0, 2)]],
         "confirmations": None, "updated_at": p5.updated_at},
    ]
    for m in manifest_txs:
        m["time"] = _iso_ms(m["updated_at"])
    addresses = [{"address": addr[(b, n)], "path": f"m/1'/{b}/{n}", "chain": "receive" if b == 0 else "change"}
                 for b in (0, 1) for n in range(issued[b])]
    manifest = {
        "network": "bitcoin mainnet",
        "spending_pin": pin,
        "key_chain_created": _iso_ms(created_ms),
        "addresses": addresses,
        "lookahead_keys": 2 * lookahead,
        "transactions": manifest_txs,
    }
    return {"data": w.SerializeToString(), "manifest": manifest}


def _segwit_tx(inputs, outputs, *, version=2, locktime=0):
    """A signed-looking transaction: inputs ``(prev_txid_hex, index, script_sig, witness items)``."""
    from embit.script import Script, Witness
    from embit.transaction import Transaction, TransactionInput, TransactionOutput

    vin = [TransactionInput(bytes.fromhex(h), n, Script(s), 0xFFFFFFFD, Witness(list(w)) if w else None)
           for h, n, s, w in inputs]
    vout = [TransactionOutput(v, Script(s)) for v, s in outputs]
    tx = Transaction(version=version, vin=vin, vout=vout, locktime=locktime)
    return tx.txid().hex(), tx.serialize().hex()


def build_electrum_wallet(*, seed: int | str = 0, n_receiving: int = 6, n_change: int = 3) -> dict:
    """An Electrum "standard" segwit wallet as ``WalletDB`` stores it: ``{"data": dict, "manifest": {...}}``.

    Keys of ``electrum/wallet_db.py``: ``seed_version``, ``wallet_type``, ``keystore`` (a watching-only
    bip32 keystore: its ``xpub`` and ``derivation`` m/0h, the derivation of Electrum's segwit seeds),
    ``addresses`` (``receiving`` / ``change`` lists), ``transactions`` (txid -> raw hex),
    ``verified_tx3`` (txid -> [height, timestamp, txpos, header hash]), ``tx_fees``, ``labels``,
    ``addr_history``, ``spent_outpoints``, ``stored_height``, ``db_metadata``. The xpub is serialized
    with the ``zpub`` header 0x04b24746 (``electrum/constants.py`` ``XPUB_HEADERS["p2wpkh"]``).
    """
    from embit import bip32
    from embit import script as escript
    from embit.ec import PrivateKey

    r = random.Random(f"electrum-wallet-{seed}")
    root = bip32.HDKey.from_seed(bytes(r.getrandbits(8) for _ in range(64)))
    account = root.derive("m/0h")
    receiving = [escript.p2wpkh(account.derive([0, n]).get_public_key()) for n in range(n_receiving)]
    change = [escript.p2wpkh(account.derive([1, n]).get_public_key()) for n in range(n_change)]
    keys = {("r", n): account.derive([0, n]).get_public_key() for n in range(n_receiving)}
    keys.update({("c", n): account.derive([1, n]).get_public_key() for n in range(n_change)})

    def ext():
        return PrivateKey(hashlib.sha256(bytes(r.getrandbits(8) for _ in range(32))).digest()).get_public_key()

    def rand_txid():
        return bytes(r.getrandbits(8) for _ in range(32)).hex()

    payer1, payer2 = ext(), ext()
    p2wsh_out = b"\x00\x20" + hashlib.sha256(b"wsh" + str(seed).encode()).digest()
    taproot_out = b"\x51\x20" + hashlib.sha256(b"tr-e" + str(seed).encode()).digest()
    sig = lambda: _fake_signature(r)  # noqa: E731

    e1, raw1 = _segwit_tx([(rand_txid(), 0, b"", [sig(), payer1.sec()])],
                          [(3_100_000, receiving[0].data), (4_470_000, escript.p2wpkh(payer1).data)])
    e2, raw2 = _segwit_tx([(rand_txid(), 2, _push(sig()) + _push(payer2.sec()), [])],
                          [(750_000, receiving[1].data)], version=1)
    e3, raw3 = _segwit_tx([(e1, 0, b"", [sig(), keys[("r", 0)].sec()])],
                          [(2_000_000, p2wsh_out), (1_097_820, change[0].data)])
    e4, raw4 = _segwit_tx([(e2, 0, b"", [sig(), keys[("r", 1)].sec()]), (e3, 1, b"", [sig(), keys[("c", 0)].sec()])],
                          [(1_500_000, taproot_out), (346_500, change[1].data)])
    tip = 850_000 + r.randrange(1000)
    t0 = 1_717_000_000 + r.randrange(100_000)
    mined = {e1: (tip - 300, t0), e2: (tip - 250, t0 + 7 * 3600 + 123), e3: (tip - 100, t0 + 2 * 86400 + 59)}
    verified = {t: [h, ts, r.randrange(1, 2000), bytes(r.getrandbits(8) for _ in range(32)).hex()]
                for t, (h, ts) in mined.items()}
    data = {
        "seed_version": 66,  # wallet_db.py FINAL_SEED_VERSION
        "wallet_type": "standard",
        "use_encryption": False,
        "keystore": {"type": "bip32", "xpub": account.to_public().to_base58(version=bytes.fromhex("04b24746")),
                     "xprv": None, "derivation": "m/0h", "root_fingerprint": root.my_fingerprint.hex(),
                     "pw_hash_version": 1},
        "addresses": {"receiving": [s.address() for s in receiving], "change": [s.address() for s in change]},
        "transactions": {e1: raw1, e2: raw2, e3: raw3, e4: raw4},
        "verified_tx3": verified,
        "tx_fees": {e3: [2_180, True, 1], e4: [1_320, True, 2]},
        "labels": {e3: "Rent March", receiving[0].address(): "from Alice"},
        "spent_outpoints": {e1: {"0": e3}, e2: {"0": e4}, e3: {"1": e4}},
        "addr_history": {receiving[0].address(): [[e1, mined[e1][0]], [e3, mined[e3][0]]],
                         receiving[1].address(): [[e2, mined[e2][0]], [e4, 0]],
                         change[0].address(): [[e3, mined[e3][0]], [e4, 0]], change[1].address(): [[e4, 0]]},
        "stored_height": tip,
        "db_metadata": {"creation_timestamp": t0 - 86400, "first_electrum_version_used": None},
    }
    ext_addr = lambda s: btc.script_address(s)  # noqa: E731
    txs = [
        {"tx_hash": e1, "amount": "0.03100000", "fee": None, "direction": "incoming", "status": "confirmed",
         "from_addresses": [escript.p2wpkh(payer1).address()],
         "to_addresses": [receiving[0].address(), escript.p2wpkh(payer1).address()], "time_raw": mined[e1][1],
         "confirmations": 301, "label": None},
        {"tx_hash": e2, "amount": "0.00750000", "fee": None, "direction": "incoming", "status": "confirmed",
         "from_addresses": [escript.p2pkh(payer2).address()], "to_addresses": [receiving[1].address()],
         "time_raw": mined[e2][1], "confirmations": 251, "label": None},
        {"tx_hash": e3, "amount": "-0.02002180", "fee": "0.00002180", "direction": "outgoing", "status": "confirmed",
         "from_addresses": [receiving[0].address()], "to_addresses": [ext_addr(p2wsh_out), change[0].address()],
         "time_raw": mined[e3][1], "confirmations": 101, "label": "Rent March"},
        {"tx_hash": e4, "amount": "-0.01501320", "fee": "0.00001320", "direction": "outgoing", "status": "unconfirmed",
         "from_addresses": [receiving[1].address(), change[0].address()],
         "to_addresses": [ext_addr(taproot_out), change[1].address()], "time_raw": None, "confirmations": 0,
         "label": None},
    ]
    for t in txs:
        t["time"] = (datetime.fromtimestamp(t["time_raw"], tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                     if t["time_raw"] is not None else None)
    manifest = {"addresses": data["addresses"]["receiving"] + data["addresses"]["change"],
                "created": data["db_metadata"]["creation_timestamp"], "transactions": txs}
    return {"data": data, "manifest": manifest}


def electrum_file_text(data: dict, *, patches: list | None = None, password: str | None = None,
                       seed: int | str = 0) -> str:
    """The wallet file as Electrum writes it: ``json.dumps(indent=4, sort_keys=True)`` for a plain file
    followed by ``",\\n" + patch`` for appended changes (``JsonDB._append_pending_changes``); the compact
    dump encrypted with the password's key (``encrypt_before_writing``) for encrypted storage."""
    import json

    from ..decoders import electrum_storage as es

    if password is not None:
        eph = hashlib.sha256(f"electrum-ephemeral-{seed}".encode()).digest()
        return es.encrypt_storage(json.dumps(data), password, eph)
    text = json.dumps(data, indent=4, sort_keys=True)
    return text + "".join(",\n" + json.dumps(p) for p in (patches or []))
