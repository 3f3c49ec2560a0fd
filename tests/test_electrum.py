"""Electrum for Android (``plugins/electrum.py``): plain wallet files with appended JSON patches, encrypted
storage opened with ``--key electrum=``, transactions and addresses matched against the manifest,
wrong and missing passwords, damage."""

from __future__ import annotations

import base64
import json
import re

import pytest

from artefacts.decoders import electrum_storage as es
from artefacts.synthetic.wallets import build_electrum_wallet, electrum_file_text
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wallets" / "electrum"
WALLETS = "data/data/org.electrum.electrum/files/data/wallets"


def _password() -> str:
    return re.search(r"--key electrum=(.+)", (SAMPLE / "KEYS.txt").read_text()).group(1).strip()


def _write(root, name: str, text: str, folder: str = WALLETS):
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    tl = parse(SAMPLE / "android", keys=[f"electrum={_password()}"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    for name, m in manifest["wallets"].items():
        events = [e for e in tl.events if e["source_path"].endswith(f"/wallets/{name}")]
        txs = {e["extra"]["tx_hash"]: e for e in events if e["kind"] == "transaction"}
        assert len(txs) == len(m["transactions"]) == 4
        labels = {p["path"].rsplit("/", 1)[-1]: p["value"] for p in m.get("patches", [])}
        for t in m["transactions"]:
            e = txs[t["tx_hash"]]
            x = e["extra"]
            assert x["asset"] == "BTC" and x["network"] == "bitcoin mainnet"
            assert x["amount"] == t["amount"] and x["fee"] == t["fee"], t["tx_hash"]
            assert x["from_addresses"] == t["from_addresses"] and x["to_addresses"] == t["to_addresses"]
            assert e["timestamp"] == t["time"] and e["timestamp_raw"] == t["time_raw"]
            assert x["confirmations"] == t["confirmations"] and e["status"] == t["status"]
            assert e["direction"] == t["direction"]
            assert e["body"] == labels.get(t["tx_hash"], t["label"])
            assert ("decrypted_from" in x) == m["encrypted"]
        wallets = [e for e in events if e["kind"] == "wallet"]
        assert [e["sender"] for e in wallets] == m["addresses"]
        assert all(e["timestamp_raw"] == m["created"] and e["extra"]["script_type"] == "p2wpkh" for e in wallets)
    plain = [e for e in tl.events if e["source_path"].endswith("/default_wallet")]
    assert all(e["extra"]["json_patches_applied"] == 1 for e in plain)
    assert [e["extra"]["label"] for e in plain if e["kind"] == "wallet"][0] == "from Alice"
    secret = [e for e in tl.events if e["source_path"].endswith("/savings")]
    assert {e["extra"]["decrypted_from"]["key_source"] for e in secret} == {"--key electrum #1"}


def test_encrypted_storage_without_or_with_a_wrong_password(parse):
    for keys, reason in (([], "give it with --key electrum=PASSWORD"),
                         (["electrum=not it", "electrum=nor this"],
                          "--key electrum #1: wrong password; --key electrum #2: wrong password")):
        tl = parse(SAMPLE / "android", keys=keys)
        assert tl.exit_code == 3 and len(tl.warnings) == 1, tl.warnings
        w = tl.warnings[0]
        assert w["source_path"].endswith("/wallets/savings") and reason in w["message"]
        assert {e["source_path"].rsplit("/", 1)[-1] for e in tl.events} == {"default_wallet"}, "the run goes on"


def test_ecies_round_trip_and_format():
    text = electrum_file_text({"seed_version": 66, "wallet_type": "standard"}, password="pw", seed=1)
    raw = base64.b64decode(text)
    assert raw[:4] == b"BIE1" and raw[4] in (2, 3) and len(raw) >= es.MIN_CIPHERTEXT
    assert (len(raw) - 4 - 33 - 32) % 16 == 0
    assert es.encryption_magic(text) == es.MAGIC_PASSWORD
    assert json.loads(es.decrypt_storage(text, "pw")) == {"seed_version": 66, "wallet_type": "standard"}
    with pytest.raises(es.WrongPasswordError):
        es.decrypt_storage(text, "pW")
    # the key is PBKDF2-HMAC-SHA512(password, b'', 1024) read big-endian modulo the curve order
    import hashlib

    k = int.from_bytes(hashlib.pbkdf2_hmac("sha512", b"pw", b"", 1024), "big") % es.CURVE_ORDER
    assert es.password_secret("pw") == k.to_bytes(32, "big")


def test_damaged_files_are_one_warning_each(parse, tmp_path):
    root = tmp_path / "ext"
    good = electrum_file_text(build_electrum_wallet(seed=3)["data"])
    _write(root, "cut", good[: len(good) // 2])
    enc = electrum_file_text(build_electrum_wallet(seed=3)["data"], password="pw", seed=3)
    raw = bytearray(base64.b64decode(enc))
    raw[60] ^= 1  # a flipped ciphertext bit: the MAC no longer matches
    _write(root, "flipped", base64.b64encode(bytes(raw)).decode())
    _write(root, "hardware", base64.b64encode(b"BIE2" + bytes(120)).decode())
    tl = parse(root, keys=["electrum=pw"])
    assert tl.exit_code == 3 and tl.events == []
    by_file = {w["source_path"].rsplit("/", 1)[-1]: w["message"] for w in tl.warnings}
    assert len(tl.warnings) == 3
    assert by_file["cut"].startswith("cannot read the Electrum wallet: not valid wallet JSON")
    assert by_file["flipped"] == "cannot open the Electrum wallet's encrypted storage: --key electrum #1: wrong password"
    assert "hardware wallet (BIE2)" in by_file["hardware"]


def test_raw_transaction_that_does_not_decode_is_a_warning_and_the_rest_is_read(parse, tmp_path):
    w = build_electrum_wallet(seed=4)
    bad = w["manifest"]["transactions"][1]["tx_hash"]
    w["data"]["transactions"][bad] = w["data"]["transactions"][bad][:40]
    root = tmp_path / "ext"
    _write(root, "default_wallet", electrum_file_text(w["data"]))
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    assert tl.warnings[0]["locator"] == f"transactions[{bad}]" and "cannot decode the raw transaction" in tl.warnings[0]["message"]
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == 3


def test_testnet_folder_and_generator_determinism(parse, tmp_path):
    a, b = build_electrum_wallet(seed=7), build_electrum_wallet(seed=7)
    assert electrum_file_text(a["data"], password="x", seed=7) == electrum_file_text(b["data"], password="x", seed=7)
    root = tmp_path / "ext"
    _write(root, "default_wallet", electrum_file_text(a["data"]), "data/data/org.electrum.electrum/files/data/testnet/wallets")
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    # the same witness programs, shown with the testnet prefix: the network comes from the folder
    txs = [e for e in tl.events if e["kind"] == "transaction"]
    assert txs and all(e["extra"]["network"] == "bitcoin testnet" for e in txs)
    assert sorted(e["extra"]["amount"] for e in txs) == sorted(t["amount"] for t in a["manifest"]["transactions"])
    assert all(addr.startswith(("tb1", "m", "n", "2")) for e in txs for addr in e["extra"]["from_addresses"])


def test_parsers_listing_names_globs_and_units():
    from click.testing import CliRunner

    from artefacts.cli import cli

    r = CliRunner().invoke(cli, ["parsers", "--json"])
    assert r.exit_code == 0, r.output
    info = {p["name"]: p for p in json.loads(r.output)}["electrum_android"]
    assert "**/org.electrum.electrum/files/data/wallets/*" in info["path_globs"]
    assert info["time_units"] == {"verified_tx3.timestamp": "unix_s", "db_metadata.creation_timestamp": "unix_s"}
    assert {"transactions", "verified_tx3", "addresses"} <= set(info["required_tables"]["wallet"])


def test_imported_address_wallet(parse, tmp_path):
    """wallet_type "imported": ``addresses`` maps each address to its details (wallet_db ``_convert_version_14``)."""
    w = build_electrum_wallet(seed=8)
    data = w["data"]
    receiving = data["addresses"]["receiving"]
    data["wallet_type"] = "imported"
    data["addresses"] = {a: {"type": "p2wpkh", "pubkey": None} for a in receiving[:2] + data["addresses"]["change"][:2]}
    data.pop("keystore")
    root = tmp_path / "ext"
    _write(root, "imported", electrum_file_text(data))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    wallets = [e for e in tl.events if e["kind"] == "wallet"]
    assert sorted(e["sender"] for e in wallets) == sorted(data["addresses"]), "the file keeps them sorted (sort_keys)"
    assert all(e["extra"]["chain"] == "imported" and e["extra"]["imported"]["type"] == "p2wpkh" for e in wallets)
    amounts = sorted(e["extra"]["amount"] for e in tl.events if e["kind"] == "transaction")
    assert amounts == sorted(t["amount"] for t in w["manifest"]["transactions"])


def test_a_saved_psbt_is_read_with_the_outputs_it_spends(parse, tmp_path):
    """A local transaction saved before it was signed is a PSBT whose inputs name the outputs they spend."""
    from embit.psbt import PSBT
    from embit.transaction import Transaction, TransactionOutput

    w = build_electrum_wallet(seed=9)
    data = w["data"]
    last = w["manifest"]["transactions"][-1]
    tx = Transaction.parse(bytes.fromhex(data["transactions"][last["tx_hash"]]))
    spent = [Transaction.parse(bytes.fromhex(data["transactions"][i.txid.hex()])).vout[i.vout] for i in tx.vin]
    for i in tx.vin:
        i.witness = None
    psbt = PSBT(tx)
    for inp, out in zip(psbt.inputs, spent):
        inp.witness_utxo = TransactionOutput(out.value, out.script_pubkey)
    # the funding transactions are not in this file: only the PSBT knows the values
    data["transactions"] = {last["tx_hash"]: psbt.to_base64()}
    root = tmp_path / "ext"
    _write(root, "default_wallet", electrum_file_text(data))
    tl = parse(root)
    assert tl.exit_code == 0 and tl.warnings == []
    (e,) = [e for e in tl.events if e["kind"] == "transaction"]
    assert e["extra"]["tx_hash"] == last["tx_hash"] and e["status"] == "local" and "partial" in e["extra"]
    assert e["extra"]["amount"] == last["amount"] and e["extra"]["fee"] == last["fee"]
    assert e["extra"]["from_addresses"] == last["from_addresses"] and e["extra"]["to_addresses"] == last["to_addresses"]


def test_entries_of_an_unexpected_type_are_warnings_not_crashes(parse, tmp_path):
    w = build_electrum_wallet(seed=10)
    data = w["data"]
    data["tx_fees"] = []
    data["verified_tx3"] = 1.5
    data["addresses"]["receiving"][3] = ["not", "an", "address"]
    first = w["manifest"]["transactions"][0]["tx_hash"]
    data["transactions"][first] = {"hex": data["transactions"][first]}
    root = tmp_path / "ext"
    _write(root, "default_wallet", electrum_file_text(data))
    tl = parse(root)
    assert tl.exit_code == 3
    assert sorted(w["message"] for w in tl.warnings) == [
        "the wallet's 'tx_fees' is a list, not a dict; ignored",
        "the wallet's 'verified_tx3' is a float, not a dict; ignored",
        f"transaction {first}: cannot decode the raw transaction (TypeError: a dict, not text)",
    ]
    txs = [e for e in tl.events if e["kind"] == "transaction"]
    assert len(txs) == 3 and all(e["timestamp"] is None for e in txs), "no block times without verified_tx3"
    assert len([e for e in tl.events if e["kind"] == "wallet"]) == len(w["manifest"]["addresses"]) - 1
