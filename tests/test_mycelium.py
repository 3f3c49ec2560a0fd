"""Mycelium for Android (``plugins/mycelium.py``): the sample matched against its manifest (accounts, keys,
addresses, transactions, labels), exact amounts, a damaged database, unknown schema versions, bad rows."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import struct

import pytest

from artefacts.decoders import bitcoin as btc
from artefacts.synthetic.mycelium import build_mycelium, hd_node_bytes, java_uuid_text
from conftest import SAMPLE_DATA, sample_with_manifest

SAMPLE = SAMPLE_DATA / "wallets" / "mycelium"
DBS = "data/data/com.mycelium.wallet/databases"


@pytest.fixture
def phone(tmp_path):
    """A fresh copy of the generated extraction (never the committed sample) and its manifest."""
    root = tmp_path / "phone"
    manifest = build_mycelium(root, seed=7)
    return root, manifest


def _by_kind(tl, kind):
    return [e for e in tl.events if e["kind"] == kind]


def test_sample_matches_its_manifest(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "wallets/mycelium")
    _matches(tl, manifest)


def _matches(tl, manifest):
    """Every transaction, account key, address and address-book entry of the manifest, and nothing else."""
    for e in tl.events:
        own = ("mycelium_android/1.0", manifest["files"][0]) if e["kind"] != "contact" else (
            "mycelium_android_address_book/1.0", manifest["files"][1])
        assert (e["parser"], e["source_path"]) == own
    txs = {e["extra"]["tx_hash"]: e for e in _by_kind(tl, "transaction")}
    assert len(txs) == len(manifest["transactions"]) == 7
    for t in manifest["transactions"]:
        e = txs[t["tx_hash"]]
        x = e["extra"]
        assert x["asset"] == "BTC" and x["network"] == manifest["network"]
        assert (x["amount"], x["fee"]) == (t["amount"], t["fee"]), t["tx_hash"]
        assert x["from_addresses"] == t["from_addresses"] and x["to_addresses"] == t["to_addresses"]
        assert x["confirmations"] == t["confirmations"] and e["direction"] == t["direction"]
        assert e["timestamp"] == t["time"] and x["account_label"] == t["account"]
        assert e["body"] == t.get("label")
        assert x.get("queued_for_broadcast", False) == t.get("queued", False)
        assert e["status"] == ("confirmed" if t["confirmations"] else "unconfirmed")
        assert e["timestamp_desc"] == ("Block Time" if t["confirmations"] else "Last Update Time")
    wallets = _by_kind(tl, "wallet")
    assert len(wallets) == sum(len(a.get("keys", {})) + len(a["addresses"]) for a in manifest["accounts"])
    for account in manifest["accounts"]:
        mine = [e for e in wallets if e["extra"]["account_id"] == account["id"]]
        assert {e["sender_name"] for e in mine} == {account["label"]}
        keys = {e["extra"]["derivation"]: e["sender"] for e in mine if e["extra"]["record"] == "account key"}
        assert keys == account.get("keys", {})
        addresses = [e for e in mine if e["extra"]["record"] == "address"]
        assert sorted(e["sender"] for e in addresses) == sorted(a["address"] for a in account["addresses"])
        for a in account["addresses"]:
            [e] = [e for e in addresses if e["sender"] == a["address"]]
            assert e["extra"].get("path") == a.get("path") and e["timestamp_desc"] == "Not a time"
            if "used" in a:
                assert e["extra"]["used"] == a["used"]
    book = {e["sender"]: e["sender_name"] for e in tl.events if e["kind"] == "contact"}
    assert book == manifest["address_book"] and all(
        e["parser"] == "mycelium_android_address_book/1.0" for e in tl.events if e["kind"] == "contact")
    kinds = {e["extra"]["account_id"]: e["extra"].get("private_keys") for e in wallets}
    by_type = {a["type"]: a["id"] for a in manifest["accounts"]}
    assert kinds[by_type["unrelated xpub"]].startswith("none on the device")
    for kind in ("from master seed", "single address"):
        assert kinds[by_type[kind]].startswith("kept encrypted in kv") and "not read" in kinds[by_type[kind]]


def test_owned_addresses_are_derived_independently_of_the_parser(parse):
    """The manifest's BIP84 and BIP86 addresses follow from the zpub/xpub by BIP-32 (embit) and BIP-84/86 scripts."""
    from embit import bip32
    from embit import script as escript

    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    hd = next(a for a in manifest["accounts"] if a["type"] == "from master seed")
    zpub = bip32.HDKey.from_base58(hd["keys"]["BIP84"])
    assert escript.p2wpkh(zpub.derive([0, 0]).key).address() in {a["address"] for a in hd["addresses"]}
    xpub86 = bip32.HDKey.from_base58(hd["keys"]["BIP86"])
    assert escript.p2tr(xpub86.derive([0, 0]).key).address().startswith("bc1p")
    assert escript.p2tr(xpub86.derive([0, 0]).key).address() in {a["address"] for a in hd["addresses"]}


def test_amounts_are_exact_decimal_text(parse, phone):
    """A payment of 20 999 999.9769 BTC to the single-key account: no float anywhere."""
    from embit.script import Script
    from embit.transaction import Transaction, TransactionInput, TransactionOutput

    root, manifest = phone
    db = root / DBS / "walletbacking.db"
    con = sqlite3.connect(db)
    sid, addresses = con.execute("SELECT id, addresses FROM single").fetchone()
    to = btc.address_script(json.loads(addresses)[0])
    prev = bytes(range(32))
    tx = Transaction(version=1, vin=[TransactionInput(prev, 0, Script(b""), 0xFFFFFFFF)],
                     vout=[TransactionOutput(2_099_999_997_690_000, Script(to))])
    raw = tx.serialize()
    con.execute(f"INSERT INTO tx_{sid.hex()} VALUES (?,?,?,?,?)", (tx.txid(), tx.txid(), 900_000, 1_750_000_000, raw))
    con.execute(f"INSERT INTO ptxo_{sid.hex()} VALUES (?,?,?,?,?)",
                (prev + struct.pack("<H", 0), 899_990, 2_099_999_997_700_001, 0, b"\x51"))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    [e] = [e for e in _by_kind(tl, "transaction") if e["extra"]["tx_hash"] == tx.txid().hex()]
    assert e["extra"]["amount"] == "20999999.97690000" and e["extra"]["amount_raw"] == 2_099_999_997_690_000
    assert e["extra"]["fee"] == "0.00010001"


def test_damaged_database_is_one_warning(parse, phone):
    root, _ = phone
    db = root / DBS / "walletbacking.db"
    data = bytearray(db.read_bytes())
    data[100:] = hashlib.sha256(b"noise").digest() * ((len(data) - 100) // 32) + b"\x00" * ((len(data) - 100) % 32)
    db.write_bytes(bytes(data))
    tl = parse(root)
    assert tl.exit_code == 3 and _by_kind(tl, "transaction") == []
    [w] = tl.warnings
    assert w["source_path"].endswith("/walletbacking.db") and w["parser"] == "mycelium_android"


def test_unknown_schema_versions(parse, phone, tmp_path):
    root, manifest = phone
    db = root / DBS / "walletbacking.db"
    # a newer app version (user_version 6) with the same columns: one warning, everything still read
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and len(_by_kind(tl, "transaction")) == len(manifest["transactions"])
    [w] = tl.warnings
    assert "unknown schema version" in w["message"] and "user_version is 6" in w["message"]
    # a version-4 bip44 table (per-chain index columns, no indexContexts): not readable, one warning
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 5")
    con.execute("ALTER TABLE bip44 RENAME COLUMN indexContexts TO lastExternalIndexWithActivity")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and {e["kind"] for e in tl.events} == {"contact"}, "only the address book is read"
    [w] = tl.warnings
    assert "unknown schema version" in w["message"] and "indexContexts" in w["message"]


def test_bad_rows_are_warnings_and_the_rest_is_kept(parse, phone):
    root, manifest = phone
    db = root / DBS / "walletbacking.db"
    con = sqlite3.connect(db)
    hd_id = con.execute("SELECT id FROM bip44 WHERE accountType = 0").fetchone()[0]
    first = next(t["tx_hash"] for t in manifest["transactions"] if t["account"] == "Account 1")
    con.execute(f"UPDATE tx_{hd_id.hex()} SET binary = x'0100' WHERE id = ?", (bytes.fromhex(first),))
    # the watch-only account loses its public account key
    watch_id = con.execute("SELECT id FROM bip44 WHERE accountType = 2").fetchone()[0]
    con.execute("DELETE FROM kv WHERE subId = 1 AND length(k) = 7")
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 2, tl.warnings
    bad_tx, no_key = sorted(tl.warnings, key=lambda w: "kv" in w["message"])
    assert first in bad_tx["locator"] and "cannot decode the transaction" in bad_tx["message"]
    assert "no public BIP84 account key" in no_key["message"] and java_uuid_text(watch_id) in no_key["message"]
    txs = {e["extra"]["tx_hash"] for e in _by_kind(tl, "transaction")}
    assert first not in txs and len(txs) == len(manifest["transactions"]) - 1


def test_without_the_label_store_no_labels_and_no_warning(parse, phone):
    root, manifest = phone
    (root / DBS / "mds.db").unlink()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    assert all(e["body"] is None for e in _by_kind(tl, "transaction"))
    assert {e["sender_name"] for e in _by_kind(tl, "wallet")} == {None}


def test_testnet_build(parse, event_validator, tmp_path):
    """com.mycelium.testnetwallet: coin type 1', kv network byte 1, tpub/upub/vpub keys, testnet addresses."""
    root = tmp_path / "t"
    manifest = build_mycelium(root, seed=3, package="com.mycelium.testnetwallet")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    _matches(tl, manifest)
    assert manifest["network"] == "bitcoin testnet"
    assert all(e["sender"].startswith(("tb1", "m", "n", "2", "tpub", "upub", "vpub"))
               for e in _by_kind(tl, "wallet"))


def test_hd_node_format_round_trip():
    """HdKeyNode.toCustomByteFormat of a public node: 1 + 33 + 32 + 3 * 4 bytes, read back to the same key."""
    from embit import bip32

    from artefacts.plugins.mycelium import read_hd_node

    node = bip32.HDKey.from_seed(bytes(range(64))).derive("m/84h/0h/5h").to_public()
    data = hd_node_bytes(node)
    assert len(data) == 78 and data[0] == 0 and struct.unpack("<I", data[74:78])[0] == 0x80000005
    back = read_hd_node(data, bytes.fromhex("04b24746"))
    assert back.to_base58() == node.to_base58(version=bytes.fromhex("04b24746"))
    with pytest.raises(ValueError):
        read_hd_node(b"\x01" + data[1:], bytes.fromhex("04b24746"))


def test_private_key_presence_follows_the_encrypted_entries(parse, phone):
    """A single key whose encrypted private key was forgotten (PublicPrivateKeyStore.forgetPrivateKey) is watch-only."""
    root, manifest = phone
    con = sqlite3.connect(root / DBS / "walletbacking.db")
    assert con.execute("DELETE FROM kv WHERE length(k) = 22 AND substr(k, 1, 1) = x'02'").rowcount == 1
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    single = next(a["id"] for a in manifest["accounts"] if a["type"] == "single address")
    states = {e["extra"]["private_keys"] for e in _by_kind(tl, "wallet") if e["extra"]["account_id"] == single}
    assert len(states) == 1 and states.pop().startswith("none on the device")


def test_hostile_indexes_are_warnings_and_capped(parse, phone, monkeypatch):
    import artefacts.plugins.mycelium as mycelium

    monkeypatch.setattr(mycelium, "MAX_INDEX", 3)
    root, manifest = phone
    con = sqlite3.connect(root / DBS / "walletbacking.db")
    (contexts,) = con.execute("SELECT indexContexts FROM bip44 WHERE accountType = 0").fetchone()
    contexts = json.loads(contexts)
    contexts["BIP44"]["lastExternalIndexWithActivity"] = 10**9
    contexts["BIP49"]["lastInternalIndexWithActivity"] = "many"
    con.execute("UPDATE bip44 SET indexContexts = ? WHERE accountType = 0", (json.dumps(contexts),))
    con.commit()
    con.close()
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 2, tl.warnings
    assert {("10000000" in w["message"], "'many'" in w["message"]) for w in tl.warnings} == {(True, False), (False, True)}
    bip44 = [e for e in _by_kind(tl, "wallet") if e["extra"].get("derivation") == "BIP44"
             and e["extra"]["record"] == "address" and e["extra"]["chain"] == "receive"]
    assert sorted(e["extra"]["index"] for e in bip44) == [0, 1, 2, 3, 4]
    assert len(_by_kind(tl, "transaction")) == len(manifest["transactions"])


def test_version_3_layout(parse, phone):
    """walletbacking.db before the version-5 upgrade: per-chain index columns, one address per single-key account,
    tx tables without the hash column; read without a warning, as the app's own upgrade reads them."""
    from artefacts.synthetic.mycelium import write_version3

    root, manifest = phone
    db = root / DBS / "walletbacking.db"
    keep = [t for t in manifest["transactions"] if t["account"] in ("Account 1", "Paper wallet")
            and all(a.startswith("1") for a in t["to_addresses"] if a in _owned(manifest))]
    assert len(keep) == 2  # the legacy payment to the BIP44 address, the single key's payment
    v3 = db.with_name("v3.db")
    write_version3(db, v3, [t["tx_hash"] for t in keep])
    v3.replace(db)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone() == (3,)
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    txs = {e["extra"]["tx_hash"]: e for e in _by_kind(tl, "transaction")}
    assert set(txs) == {t["tx_hash"] for t in keep}
    for t in keep:
        x = txs[t["tx_hash"]]["extra"]
        assert (x["amount"], x["fee"], x["to_addresses"], x["confirmations"]) == (
            t["amount"], t["fee"], t["to_addresses"], t["confirmations"])
        assert "wtxid" not in x
    hd = next(a for a in manifest["accounts"] if a["type"] == "from master seed")
    wallets = _by_kind(tl, "wallet")
    assert {e["sender"] for e in wallets if e["extra"]["record"] == "account key"} == {hd["keys"]["BIP44"]}
    assert {e["sender"] for e in wallets if e["extra"]["record"] == "address"} == {
        a["address"] for a in hd["addresses"] if a["derivation"] == "BIP44"} | {
        next(a for a in manifest["accounts"] if a["type"] == "single address")["addresses"][0]["address"]}


def _owned(manifest) -> set:
    return {a["address"] for account in manifest["accounts"] for a in account["addresses"]}
