"""A synthetic Mycelium Bitcoin Wallet for Android: ``walletbacking.db`` and ``mds.db``, with a manifest.

The databases are created from the app's own CREATE statements (``ddl/mycelium_walletbacking.sql``,
``ddl/mycelium_account_tables.sql``, ``ddl/mycelium_mds.sql``, copied from
mycelium-com/wallet-android ``SqliteBtcWalletManagerBacking.java`` and ``GenericMetadataStorage.java``)
and filled the way the app fills them:

* ``bip44``: an HD account from the master seed (``accountType`` 0, index 0) with the four derivation
  types of ``BitcoinHDModule`` (BIP44/49/84/86; ``indexContexts`` as Gson writes the
  ``Map<BipDerivationType, AccountIndexesContext>``), its id the UUID of bytes 8-23 of the BIP44 account
  public key (``HdKeyNode.getUuid``, stored little-endian per half by ``uuidToBytes``: those very bytes);
  and a watch-only account imported from a zpub (``accountType`` 2, index 0, its own kv ``subId``, label
  "Imported", as ``BitcoinHDModule.createAccount`` makes an ``UnrelatedHDAccountConfig`` account).
* ``kv``: ``SecureKeyValueStore`` entries: the encrypted key-encryption key (id ``00``), for each account
  and derivation type the public account and chain nodes in plain text (``01`` + id, ``HdKeyNode``
  custom byte format) and, for the seed account, their private nodes encrypted (``02`` + id: random
  bytes here, a stand-in: the parser never decrypts private keys); the sub-store marker ``subid`` of the imported
  account. ``checksum`` = the first 8 bytes of SHA-256(k || v).
* ``single``: a single-key account with its three addresses (P2PKH, P2SH-P2WPKH, P2WPKH as JSON), its id
  from the P2PKH address (``SingleAddressAccount.calculateId``: the first 16 bytes of the address bytes); its
  keys in ``kv`` under the P2PKH address bytes (``PublicPrivateKeyStore``: ``01`` the public key, ``02`` the
  private key encrypted, random bytes here).
* per account ``tx_<suffix>`` (id = txid, hash = wtxid, height or 2147483647 while unconfirmed, time in
  seconds, the serialized transaction with witnesses), ``ptxo_`` (the outputs every input spends),
  ``utxo_`` (what is unspent), ``txtoptxo_`` (input references) and ``outtx_`` (a queued transaction).
* ``mds.db`` ``keyValueStore``: account labels (``al``, key = the UUID text), transaction labels
  (``tl``, key = the txid), an address-book entry (``addresslabel``).

Keys, signatures and amounts are synthetic (nobody's funds); deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import struct
import uuid
from datetime import datetime, timezone
from pathlib import Path

from ..decoders import bitcoin as btc
from . import ddl_loader
from .wallets import _fake_signature, _push

WALLET_DDL = "mycelium_walletbacking.sql"
ACCOUNT_DDL = "mycelium_account_tables.sql"
MDS_DDL = "mycelium_mds.sql"
UNCONFIRMED_HEIGHT = 2147483647  # Integer.MAX_VALUE
HARDENED = 0x80000000
#: BipDerivationType: name -> (purpose, script kind of its addresses)
DERIVATIONS = {"BIP44": (44, "p2pkh"), "BIP49": (49, "p2sh-p2wpkh"), "BIP84": (84, "p2wpkh"), "BIP86": (86, "p2tr")}


def java_uuid_text(stored: bytes) -> str:
    """``UUID.toString()`` of an id stored by ``uuidToBytes`` (each 64-bit half little-endian)."""
    return str(uuid.UUID(bytes=stored[:8][::-1] + stored[8:16][::-1]))


def hd_node_bytes(node) -> bytes:
    """``HdKeyNode.toCustomByteFormat`` of a public embit ``HDKey``: 0, the 33-byte key, the chain code,
    depth, parent fingerprint (the big-endian int of its 4 bytes) and child index, each as a 32-bit LE int."""
    return (b"\x00" + node.key.sec() + node.chain_code
            + struct.pack("<III", node.depth, int.from_bytes(node.fingerprint, "big"), node.child_number))


def _kv_row(k: bytes, v: bytes, sub_id: int = 0) -> tuple:
    return (k, v, hashlib.sha256(k + v).digest()[:8], sub_id)


def _node_id(purpose: int, account: int, change: int | None = None, testnet: bool = False) -> bytes:
    """``getAccountNodeId`` / ``getChainNodeId``: purpose, network (0 prodnet), account index LE32 [, chain]."""
    out = bytes([purpose, 1 if testnet else 0]) + struct.pack("<I", account)
    return out if change is None else out + bytes([change])


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _tx(inputs, outputs, version=2):
    """``(txid hex, wtxid hex, serialized bytes)``: inputs ``(prev txid hex, index, script_sig, witness)``."""
    from embit.script import Script, Witness
    from embit.transaction import Transaction, TransactionInput, TransactionOutput

    vin = [TransactionInput(bytes.fromhex(h), n, Script(s), 0xFFFFFFFD, Witness(list(w)) if w else None)
           for h, n, s, w in inputs]
    tx = Transaction(version=version, vin=vin, vout=[TransactionOutput(v, Script(s)) for v, s in outputs])
    raw = tx.serialize()
    return tx.txid().hex(), btc.double_sha256(raw)[::-1].hex(), raw


class _Account:
    """One account's rows (tx, ptxo, utxo, outtx, txtoptxo) and its owned scripts."""

    def __init__(self, stored_id: bytes):
        self.id = stored_id
        self.suffix = stored_id.hex()
        self.txs, self.ptxo, self.utxo, self.outtx, self.refs = [], [], [], [], []


def build_mycelium(dest: Path, *, seed: int | str = 0, package: str = "com.mycelium.wallet") -> dict:
    """Write ``data/data/<package>/databases/{walletbacking,mds}.db`` under ``dest``; return the manifest."""
    from embit import bip32
    from embit import script as escript
    from embit.ec import PrivateKey

    testnet = package == "com.mycelium.testnetwallet"  # the btctestnet build (MbwTestEnvironment)
    net, coin = ("test", 1) if testnet else ("main", 0)
    r = random.Random(f"mycelium-{seed}")
    rb = lambda n: bytes(r.getrandbits(8) for _ in range(n))  # noqa: E731
    root = bip32.HDKey.from_seed(rb(64))
    kv = [_kv_row(b"\x00", rb(48))]  # the key-encryption key, encrypted (SecureKeyValueStore KEK_ID)
    manifest_accounts, owned = [], {}  # owned: script -> (account label, address)

    def hd_account(account_root_of, types, sub_id, private: bool):
        """kv nodes of an HD account; returns {type: account node}."""
        nodes = {}
        for name in types:
            purpose, _ = DERIVATIONS[name]
            acc = account_root_of(purpose)
            nodes[name] = acc
            for change in (None, 0, 1):
                node = acc if change is None else acc.derive([change])
                key = _node_id(purpose, 0, change, testnet)
                kv.append(_kv_row(b"\x01" + key, hd_node_bytes(node), sub_id))
                if private:  # the private node, encrypted with the key-encryption key: not reproducible, random
                    kv.append(_kv_row(b"\x02" + key, rb(96), sub_id))
        return nodes

    def leaf(node, name, change, n):
        pub = node.derive([change, n]).key.sec()
        script = btc.pubkey_script(pub, DERIVATIONS[name][1])
        return script, btc.script_address(script, net)

    # -- HD account 0 from the master seed
    seed_nodes = hd_account(lambda p: root.derive(f"m/{p}h/{coin}h/0h").to_public(), DERIVATIONS, 0, True)
    hd = _Account(seed_nodes["BIP44"].key.sec()[8:24])
    # -- an imported watch-only zpub (an unrelated HD key, its own sub-store 1)
    other = bip32.HDKey.from_seed(rb(64)).derive(f"m/84h/{coin}h/0h").to_public()
    kv.append(_kv_row(b"subid", b"\x01", 1))  # SecureKeyValueStore.createNewSubKeyStore marker
    watch_nodes = hd_account(lambda p: other, ("BIP84",), 1, False)
    watch = _Account(watch_nodes["BIP84"].key.sec()[8:24])
    # -- a single-key account
    single_key = PrivateKey(hashlib.sha256(rb(32)).digest()).get_public_key()
    single_scripts = {k: btc.pubkey_script(single_key.sec(), k) for k in ("p2pkh", "p2sh-p2wpkh", "p2wpkh")}
    single_addresses = [btc.script_address(s, net) for s in single_scripts.values()]
    # version byte (0x00, testnet 0x6f) + hash160 (Address.getAllAddressBytes)
    p2pkh_bytes = (b"\x6f" if testnet else b"\x00") + single_scripts["p2pkh"][3:23]
    single = _Account(p2pkh_bytes[:16])
    # PublicPrivateKeyStore.setPrivateKey: the public key in plain text, the private key encrypted, by address bytes
    kv += [_kv_row(b"\x01" + p2pkh_bytes, single_key.sec()), _kv_row(b"\x02" + p2pkh_bytes, rb(48))]

    # -- owned addresses used by the transactions
    a = {}
    for name, change, n in (("BIP84", 0, 0), ("BIP84", 0, 1), ("BIP84", 1, 0), ("BIP84", 1, 1), ("BIP44", 0, 0)):
        a[(name, change, n)] = leaf(seed_nodes[name], name, change, n)
    w0 = leaf(watch_nodes["BIP84"], "BIP84", 0, 0)

    def ext_key():
        return PrivateKey(hashlib.sha256(rb(32)).digest()).get_public_key()

    payer1, payer2, payer3, payer4, payer5 = (ext_key() for _ in range(5))
    taproot_out = b"\x51\x20" + hashlib.sha256(b"myc-tr" + str(seed).encode()).digest()
    p2sh_out = b"\xa9\x14" + hashlib.sha256(b"myc-sh" + str(seed).encode()).digest()[:20] + b"\x87"
    sig = lambda: _fake_signature(r)  # noqa: E731
    tip = 870_000 + r.randrange(1000)
    t0 = 1_721_000_000 + r.randrange(100_000)

    def outpoint(txid: str, n: int) -> bytes:
        return bytes.fromhex(txid) + struct.pack("<H", n)

    def add(acct, inputs, outputs, *, height, time, parents, version=2, queued=False):
        """parents: (value, script) of each input's spent output, for ptxo."""
        txid, wtxid, raw = _tx(inputs, outputs, version)
        acct.txs.append((bytes.fromhex(txid), bytes.fromhex(wtxid), height, time, raw))
        for (h, n, _, _), (value, script) in zip(inputs, parents):
            acct.ptxo.append((outpoint(h, n), parent_height.get(h, tip - 400), value, 0, script))
            acct.refs.append((bytes.fromhex(txid), outpoint(h, n)))
        if queued:
            acct.outtx.append((bytes.fromhex(txid), raw))
        parent_height[txid] = -1 if height == UNCONFIRMED_HEIGHT else height
        return txid

    parent_height: dict[str, int] = {}
    rand_txid = lambda: rb(32).hex()  # noqa: E731
    p2wpkh = lambda pub: escript.p2wpkh(pub).data  # noqa: E731
    p2pkh = lambda pub: escript.p2pkh(pub).data  # noqa: E731

    # T1: 0.025 BTC in to BIP84 receive/0 from a P2WPKH payer
    t1 = add(hd, [(rand_txid(), 1, b"", [sig(), payer1.sec()])],
             [(2_500_000, a[("BIP84", 0, 0)][0]), (7_310_000, p2wpkh(payer1))],
             height=tip - 150, time=t0, parents=[(9_812_250, p2wpkh(payer1))])
    # T2: 0.0042 BTC in to the BIP44 (P2PKH) receive/0 from a legacy payer
    t2 = add(hd, [(rand_txid(), 0, _push(sig()) + _push(payer2.sec()), [])],
             [(420_000, a[("BIP44", 0, 0)][0])], version=1,
             height=tip - 120, time=t0 + 86_400 + 3_723, parents=[(426_780, p2pkh(payer2))])
    # T3: 0.01 BTC out to a Taproot address, change to BIP84 change/0, fee 2 110 sat
    t3 = add(hd, [(t1, 0, b"", [sig(), seed_nodes["BIP84"].derive([0, 0]).key.sec()])],
             [(1_000_000, taproot_out), (1_497_890, a[("BIP84", 1, 0)][0])],
             height=tip - 60, time=t0 + 4 * 86_400 + 45_007, parents=[(2_500_000, a[("BIP84", 0, 0)][0])])
    # T5: 0.0015 BTC in to BIP84 receive/1
    t5 = add(hd, [(rand_txid(), 2, b"", [sig(), payer3.sec()])],
             [(150_000, a[("BIP84", 0, 1)][0]), (2_000_000, p2wpkh(payer3))],
             height=tip - 10, time=t0 + 9 * 86_400 + 600, parents=[(2_151_400, p2wpkh(payer3))])
    # T4: pending, out to a P2SH address, spending T3's change and T2; change to BIP84 change/1; queued
    t4 = add(hd, [(t3, 1, b"", [sig(), seed_nodes["BIP84"].derive([1, 0]).key.sec()]),
                  (t2, 0, _push(sig()) + _push(seed_nodes["BIP44"].derive([0, 0]).key.sec()), [])],
             [(1_200_000, p2sh_out), (714_330, a[("BIP84", 1, 1)][0])],
             height=UNCONFIRMED_HEIGHT, time=t0 + 10 * 86_400 + 7_777,
             parents=[(1_497_890, a[("BIP84", 1, 0)][0]), (420_000, a[("BIP44", 0, 0)][0])], queued=True)
    hd.utxo += [(outpoint(t5, 0), tip - 10, 150_000, 0, a[("BIP84", 0, 1)][0]),
                (outpoint(t4, 1), -1, 714_330, 0, a[("BIP84", 1, 1)][0])]
    # T6: 0.3 BTC in to the watch-only account's receive/0
    t6 = add(watch, [(rand_txid(), 0, b"", [sig(), payer4.sec()])],
             [(30_000_000, w0[0])], height=tip - 300, time=t0 - 5 * 86_400 + 11, parents=[(30_004_100, p2wpkh(payer4))])
    watch.utxo.append((outpoint(t6, 0), tip - 300, 30_000_000, 0, w0[0]))
    # T7: 0.001 BTC in to the single key's P2PKH address from a legacy payer
    t7 = add(single, [(rand_txid(), 5, _push(sig()) + _push(payer5.sec()), [])],
             [(100_000, single_scripts["p2pkh"]), (55_000, p2pkh(payer5))], version=1,
             height=tip - 30, time=t0 + 7 * 86_400 + 1_234, parents=[(157_260, p2pkh(payer5))])
    single.utxo.append((outpoint(t7, 0), tip - 30, 100_000, 0, single_scripts["p2pkh"]))

    indexes = {"BIP44": (0, -1, 0), "BIP49": (-1, -1, 0), "BIP84": (1, 1, 0), "BIP86": (-1, -1, 0)}
    gson_indexes = lambda m: json.dumps({k: {"lastExternalIndexWithActivity": e, "lastInternalIndexWithActivity": i,  # noqa: E731
                                             "firstMonitoredInternalIndex": f} for k, (e, i, f) in m.items()},
                                        separators=(",", ":"))
    last_discovery_ms = (t0 + 10 * 86_400 + 8_000) * 1000 + 417
    bip44_rows = [
        (hd.id, 0, 0, tip, gson_indexes(indexes), last_discovery_ms, 0, 0, '"P2WPKH"'),
        (watch.id, 0, 0, tip, gson_indexes({"BIP84": (0, -1, 0)}), last_discovery_ms - 61_000, 2, 1, '"P2WPKH"'),
    ]
    single_rows = [(single.id, json.dumps(single_addresses, separators=(",", ":")), 0, tip, '"P2SH_P2WPKH"')]

    base = Path(dest) / "data" / "data" / package / "databases"
    with ddl_loader.build_db(base / "walletbacking.db", WALLET_DDL, page_size=1024) as con:
        con.execute("INSERT INTO android_metadata VALUES ('en_US')")
        ddl_loader.load(con, "bip44", ("id", "accountIndex", "archived", "blockheight", "indexContexts", "lastDiscovery",
                                       "accountType", "accountSubId", "addressType"), bip44_rows)
        ddl_loader.load(con, "single", ("id", "addresses", "archived", "blockheight", "addressType"), single_rows)
        ddl_loader.load(con, "kv", ("k", "v", "checksum", "subId"), kv)
        for acct in (hd, watch, single):  # createAccountBackingTables, in the order the accounts were made
            for st in ddl_loader.statements(ACCOUNT_DDL):
                con.execute(st.sql.replace("_ACCOUNT", "_" + acct.suffix))
            for table, rows in (("tx", acct.txs), ("ptxo", acct.ptxo), ("utxo", acct.utxo), ("outtx", acct.outtx),
                                ("txtoptxo", acct.refs)):
                if rows:
                    con.executemany(f"INSERT OR REPLACE INTO {table}_{acct.suffix} VALUES "
                                    f"({','.join('?' * len(rows[0]))})", rows)

    labels = {hd.id: "Account 1", watch.id: "Imported", single.id: "Paper wallet"}
    tx_labels = {t3: "Rent May", t4: "Order 4471"}
    book = {btc.script_address(p2wpkh(payer3), net): "Alice"}
    with ddl_loader.build_db(base / "mds.db", MDS_DDL, page_size=1024) as con:
        con.execute("INSERT INTO android_metadata VALUES ('en_US')")
        ddl_loader.load(con, "keyValueStore", ("key", "category", "value"),
                        [(java_uuid_text(k), "al", v) for k, v in labels.items()]
                        + [(k, "tl", v) for k, v in tx_labels.items()]
                        + [(k, "addresslabel", v) for k, v in book.items()])

    # HDKeyMagic (prodnet xpub/ypub/zpub, testnet tpub/upub/vpub); BIP86 has none there: the BIP-32 version
    versions = {k: bytes.fromhex(v) for k, v in (
        {"BIP44": "043587cf", "BIP49": "044a5262", "BIP84": "045f1cf6", "BIP86": "043587cf"} if testnet else
        {"BIP44": "0488b21e", "BIP49": "049d7cb2", "BIP84": "04b24746", "BIP86": "0488b21e"}).items()}
    for acct, kind, nodes, idx in ((hd, "from master seed", seed_nodes, indexes), (watch, "unrelated xpub", watch_nodes,
                                                                                    {"BIP84": (0, -1, 0)})):
        addresses = []
        for name, (ext, internal, _) in idx.items():
            # HDAccount.allAddresses: the used external addresses and the next (current receiving) one, used change
            for change, shown in ((0, ext + 1), (1, internal)):
                for n in range(shown + 1):
                    addresses.append({"address": leaf(nodes[name], name, change, n)[1], "derivation": name,
                                      "path": f"m/{DERIVATIONS[name][0]}'/{coin}'/0'/{change}/{n}" if acct is hd else None,
                                      "used": n <= (ext, internal)[change]})
        manifest_accounts.append({"id": java_uuid_text(acct.id), "label": labels[acct.id], "type": kind,
                                  "keys": {name: nodes[name].to_base58(version=versions[name]) for name in idx},
                                  "addresses": addresses})
    manifest_accounts.append({"id": java_uuid_text(single.id), "label": labels[single.id], "type": "single address",
                              "addresses": [{"address": x} for x in single_addresses]})

    ad = lambda script: btc.script_address(script, net)  # noqa: E731
    A = {k: v[1] for k, v in a.items()}
    tx_manifest = [
        {"tx_hash": t1, "account": "Account 1", "amount": "0.02500000", "fee": "0.00002250", "direction": "incoming",
         "from_addresses": [ad(p2wpkh(payer1))], "to_addresses": [A[("BIP84", 0, 0)], ad(p2wpkh(payer1))],
         "confirmations": 151, "time": _iso(t0)},
        {"tx_hash": t2, "account": "Account 1", "amount": "0.00420000", "fee": "0.00006780", "direction": "incoming",
         "from_addresses": [ad(p2pkh(payer2))], "to_addresses": [A[("BIP44", 0, 0)]],
         "confirmations": 121, "time": _iso(t0 + 86_400 + 3_723)},
        {"tx_hash": t3, "account": "Account 1", "amount": "-0.01002110", "fee": "0.00002110", "direction": "outgoing",
         "from_addresses": [A[("BIP84", 0, 0)]], "to_addresses": [ad(taproot_out), A[("BIP84", 1, 0)]],
         "confirmations": 61, "time": _iso(t0 + 4 * 86_400 + 45_007), "label": "Rent May"},
        {"tx_hash": t5, "account": "Account 1", "amount": "0.00150000", "fee": "0.00001400", "direction": "incoming",
         "from_addresses": [ad(p2wpkh(payer3))], "to_addresses": [A[("BIP84", 0, 1)], ad(p2wpkh(payer3))],
         "confirmations": 11, "time": _iso(t0 + 9 * 86_400 + 600)},
        {"tx_hash": t4, "account": "Account 1", "amount": "-0.01203560", "fee": "0.00003560", "direction": "outgoing",
         "from_addresses": [A[("BIP84", 1, 0)], A[("BIP44", 0, 0)]], "to_addresses": [ad(p2sh_out), A[("BIP84", 1, 1)]],
         "confirmations": 0, "time": _iso(t0 + 10 * 86_400 + 7_777), "label": "Order 4471", "queued": True},
        {"tx_hash": t6, "account": "Imported", "amount": "0.30000000", "fee": "0.00004100", "direction": "incoming",
         "from_addresses": [ad(p2wpkh(payer4))], "to_addresses": [w0[1]],
         "confirmations": 301, "time": _iso(t0 - 5 * 86_400 + 11)},
        {"tx_hash": t7, "account": "Paper wallet", "amount": "0.00100000", "fee": "0.00002260", "direction": "incoming",
         "from_addresses": [ad(p2pkh(payer5))], "to_addresses": [single_addresses[0], ad(p2pkh(payer5))],
         "confirmations": 31, "time": _iso(t0 + 7 * 86_400 + 1_234)},
    ]
    return {"network": btc.NETWORK_NAMES[net], "block_height": tip, "accounts": manifest_accounts,
            "transactions": tx_manifest, "address_book": book,
            "files": [str((base / n).relative_to(dest)) for n in ("walletbacking.db", "mds.db")]}


WALLET_DDL_V3 = "mycelium_walletbacking_v3.sql"
ACCOUNT_DDL_V3 = "mycelium_account_tables_v3.sql"


def write_version3(src: Path, dest: Path, keep_txids) -> None:
    """The accounts of a version-5 ``walletbacking.db`` (``src``, from :func:`build_mycelium`) written in the
    version-3 layout at ``dest``: the seed's HD account with its BIP44 chain indexes in the bip44 columns, the
    single-key account with its first (P2PKH) address in ``address`` / ``addressstring``, the kv store of
    sub-store 0, and the transactions ``keep_txids`` (hex) in tx tables without the hash column; what version 3
    could not hold (other derivation types, the imported zpub) is left out."""
    from embit import base58

    s = sqlite3.connect(src)
    keep = {bytes.fromhex(t) for t in keep_txids}
    with ddl_loader.build_db(dest, WALLET_DDL_V3, page_size=1024) as con:
        con.execute("INSERT INTO android_metadata VALUES ('en_US')")
        accounts = []
        for sid, index, archived, height, contexts, discovery, atype, sub in s.execute(
                "SELECT id, accountIndex, archived, blockheight, indexContexts, lastDiscovery, accountType, accountSubId "
                "FROM bip44 WHERE accountType = 0"):
            c = json.loads(contexts)["BIP44"]
            con.execute("INSERT INTO bip44 VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (sid, index, archived, height, c["lastExternalIndexWithActivity"],
                         c["lastInternalIndexWithActivity"], c["firstMonitoredInternalIndex"], discovery, atype, sub))
            accounts.append(sid)
        for sid, addresses, archived, height in s.execute("SELECT id, addresses, archived, blockheight FROM single"):
            first = json.loads(addresses)[0]
            con.execute("INSERT INTO single VALUES (?,?,?,?,?)", (sid, base58.decode_check(first), first, archived, height))
            accounts.append(sid)
        con.executemany("INSERT INTO kv VALUES (?,?,?,?)", s.execute("SELECT k, v, checksum, subId FROM kv WHERE subId = 0"))
        for sid in accounts:
            suffix = sid.hex()
            for st in ddl_loader.statements(ACCOUNT_DDL_V3):
                con.execute(st.sql.replace("_ACCOUNT", "_" + suffix))
            rows = [r for r in s.execute(f"SELECT id, height, time, binary FROM tx_{suffix}") if r[0] in keep]
            con.executemany(f"INSERT INTO tx_{suffix} VALUES (?,?,?,?)", rows)
            for table in ("ptxo", "utxo"):
                con.executemany(f"INSERT INTO {table}_{suffix} VALUES (?,?,?,?,?)", s.execute(f"SELECT * FROM {table}_{suffix}"))
    s.close()
