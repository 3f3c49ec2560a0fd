"""Bitcoin Wallet for Android (``plugins/bitcoin_wallet.py``): the bitcoinj ``wallet-protobuf`` file, owned
addresses and transactions matched against the generator's manifest, damage, ids, the listing."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from artefacts.cli import cli
from artefacts.decoders import bitcoin as btc
from artefacts.plugins.bitcoin_wallet import WalletFileError, proto, read_wallet
from artefacts.synthetic.wallets import build_bitcoinj_wallet
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wallets" / "bitcoin_wallet"
WALLET = "data/data/de.schildbach.wallet/files/wallet-protobuf"


def _write(root, data: bytes, name: str = WALLET):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_sample_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
        assert e["source_path"].endswith(manifest["file"]) and e["parser"] == "bitcoin_wallet_android/1.0"
    txs = {e["extra"]["tx_hash"]: e for e in tl.events if e["kind"] == "transaction"}
    assert len(txs) == len(manifest["transactions"]) == 5
    for m in manifest["transactions"]:
        e = txs[m["tx_hash"]]
        x = e["extra"]
        assert x["asset"] == "BTC" and x["network"] == "bitcoin mainnet"
        assert x["amount"] == m["amount"] and x["fee"] == m["fee"], m["tx_hash"]
        assert x["from_addresses"] == m["from_addresses"] and x["to_addresses"] == m["to_addresses"]
        assert e["timestamp"] == m["time"] and e["timestamp_raw"] == m["updated_at"]
        assert x["confirmations"] == m["confirmations"] and e["status"] == m["status"]
        assert e["direction"] == m["direction"]
        assert e["body"] == m.get("memo")
        assert x["wallet_encrypted"] is True
    wallets = [e for e in tl.events if e["kind"] == "wallet"]
    assert [(e["sender"], e["extra"]["path"], e["extra"]["chain"]) for e in wallets] == [
        (a["address"], a["path"], a["chain"]) for a in manifest["addresses"]]
    for e in wallets:
        assert e["timestamp"] == manifest["key_chain_created"] and e["timestamp_desc"] == "Creation Time"
        assert e["extra"]["script_type"] == "p2wpkh" and e["extra"]["issued"] is True
        assert e["extra"]["private_key"].startswith("encrypted")
        assert e["extra"]["lookahead_keys_not_reported"] == manifest["lookahead_keys"]
    # an outgoing payment names the payee, not the change, as its recipient
    out = txs[manifest["transactions"][2]["tx_hash"]]
    assert out["recipients"] == [manifest["transactions"][2]["to_addresses"][0]]
    assert out["extra"]["to_addresses"][0].startswith("bc1p"), "Taproot payee: bech32m"
    assert out["extra"]["exchange_rate"]["fiat_currency_code"] == "EUR"
    assert txs[manifest["transactions"][3]["tx_hash"]]["extra"]["to_addresses"][0].startswith("3"), "P2SH payee"


def test_generator_is_deterministic_and_ids_are_double_sha256():
    a, b = build_bitcoinj_wallet(seed=5), build_bitcoinj_wallet(seed=5)
    assert a["data"] == b["data"] and a["manifest"] == b["manifest"]
    assert build_bitcoinj_wallet(seed=6)["data"] != a["data"]
    w = read_wallet(a["data"])
    t = w.transaction[0]
    # the id by hand: legacy serialization, double SHA-256, byte-reversed
    ser = t.version.to_bytes(4, "little") + bytes([len(t.transaction_input)])
    for i in t.transaction_input:
        ser += bytes(i.transaction_out_point_hash)[::-1] + i.transaction_out_point_index.to_bytes(4, "little")
        ser += bytes([len(i.script_bytes)]) + bytes(i.script_bytes) + i.sequence.to_bytes(4, "little")
    ser += bytes([len(t.transaction_output)])
    for o in t.transaction_output:
        ser += o.value.to_bytes(8, "little") + bytes([len(o.script_bytes)]) + bytes(o.script_bytes)
    ser += t.lock_time.to_bytes(4, "little")
    assert btc.double_sha256(ser)[::-1] == bytes(t.hash)


def test_damaged_wallet_is_one_warning_naming_file_and_reason(parse, tmp_path):
    data = build_bitcoinj_wallet(seed=1)["data"]
    root = tmp_path / "ext"
    path = _write(root, data[: len(data) // 2])
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    w = tl.warnings[0]
    assert w["source_path"].endswith("wallet-protobuf") and "cannot read the bitcoinj wallet" in w["message"]
    assert not [e for e in tl.events]
    path.write_bytes(b"")
    tl = parse(root)
    assert tl.exit_code == 3 and [w["message"] for w in tl.warnings] == ["cannot read the bitcoinj wallet: the file is empty"]


def test_a_stored_hash_that_is_not_the_transactions_id_is_reported(parse, tmp_path):
    w = read_wallet(build_bitcoinj_wallet(seed=1)["data"])
    w.transaction[1].transaction_output[0].value += 1  # edited after the id was computed
    root = tmp_path / "ext"
    _write(root, w.SerializeToString())
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    assert "is not the id of the stored transaction" in tl.warnings[0]["message"]
    assert tl.warnings[0]["locator"] == "Transaction[1]"
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == 5, "the record is still reported"


def test_watching_wallet_and_imported_keys(parse, tmp_path, event_validator):
    """Key backup without transactions, an imported unencrypted key: P2PKH addresses, private key state."""
    p = proto()
    w = read_wallet(build_bitcoinj_wallet(seed=2)["data"])
    del w.transaction[:]
    k = w.key.add()
    k.type = p.enum_value("Key.Type", "ORIGINAL")
    pub = bytes.fromhex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")  # the generator point
    k.public_key = pub
    k.secret_bytes = (1).to_bytes(32, "big")
    k.creation_timestamp = 1_700_000_000_123
    root = tmp_path / "ext"
    _write(root, w.SerializeToString(), "data/data/de.schildbach.wallet/files/key-backup-protobuf")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    imported = [e for e in tl.events if e["extra"].get("chain") == "imported"]
    assert [e["sender"] for e in imported] == ["1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH"]  # address of pubkey G
    assert imported[0]["timestamp"] == "2023-11-14T22:13:20.123000Z" and imported[0]["extra"]["private_key"] == "present"
    assert len(tl.events) == 6 and not [e for e in tl.events if e["kind"] == "transaction"]


def test_not_a_wallet_under_another_name_is_not_applicable(parse, tmp_path):
    f = tmp_path / "ext" / "data/data/de.schildbach.wallet/files/other.bin"
    f.parent.mkdir(parents=True)
    f.write_bytes(b"\x00" * 64)
    tl = parse(tmp_path / "ext")
    assert tl.warnings == [] and tl.events == []
    with pytest.raises(WalletFileError):
        read_wallet(b"\x00" * 64)
    with pytest.raises(WalletFileError):
        read_wallet(b"SQLite format 3\x00" + b"\x00" * 100)


def test_parsers_listing_names_globs_and_units():
    r = CliRunner().invoke(cli, ["parsers", "--json"])
    assert r.exit_code == 0, r.output
    info = {p["name"]: p for p in json.loads(r.output)}["bitcoin_wallet_android"]
    assert "**/de.schildbach.wallet*/files/wallet-protobuf" in info["path_globs"]
    assert info["time_units"]["Transaction.updated_at"] == "unix_ms"
    assert info["time_units"]["Key.creation_timestamp"] == "unix_ms"
    assert "Transaction" in info["required_tables"]


def test_sample_copy_parses_as_a_single_file(parse, tmp_path):
    """Given alone (its folders lost), the wallet is taken by the app's file name."""
    src = SAMPLE / "android" / WALLET
    f = tmp_path / "wallet-protobuf"
    shutil.copy(src, f)
    tl = parse(f)
    assert tl.exit_code == 0 and tl.warnings == []
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == 5


def test_watching_chain_starts_at_its_account_key(parse, tmp_path):
    """A watching wallet (bitcoinj makeWatchingKeyChain) has no seed and no root: the first key is the account
    key, with the chain's output script type; the addresses are the same as the full wallet's."""
    p = proto()
    full = build_bitcoinj_wallet(seed=3)
    w = read_wallet(full["data"])
    keys = [k for k in w.key if k.type == p.enum_value("Key.Type", "DETERMINISTIC_KEY") and list(k.deterministic_key.path)]
    account = keys[0]
    assert len(account.deterministic_key.path) == 1
    account.output_script_type = p.enum_value("Key.OutputScriptType", "P2WPKH")
    account.creation_timestamp = 1_700_000_000_000
    del w.key[:]
    w.key.extend(keys)
    root = tmp_path / "ext"
    _write(root, w.SerializeToString())
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    got = [(e["sender"], e["extra"]["path"]) for e in tl.events if e["kind"] == "wallet"]
    assert got == [(a["address"], a["path"]) for a in full["manifest"]["addresses"]]
    assert {e["extra"]["private_key"] for e in tl.events if e["kind"] == "wallet"} == {"absent"}
    assert {e["timestamp"] for e in tl.events if e["kind"] == "wallet"} == {"2023-11-14T22:13:20.000000Z"}
    amounts = [e["extra"]["amount"] for e in tl.events if e["kind"] == "transaction"]
    assert amounts == [t["amount"] for t in full["manifest"]["transactions"]]
