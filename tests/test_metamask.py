"""MetaMask mobile (``plugins/metamask.py``): the generated Android (per-controller files) and iOS
(``persist-root``) samples against their manifests, the vault with and without the password, the
app's own known-answer vector for its key derivation and cipher, exact amounts, damaged files."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from click.testing import CliRunner

from artefacts.amounts import fixed, negated, quantity, scaled
from artefacts.cli import cli
from artefacts.decoders import metamask_vault as mv
from artefacts.synthetic.metamask import ANDROID_DIR, IOS_DIR, write_metamask_extraction
from conftest import SAMPLE_DATA, sample_with_manifest

SAMPLE = SAMPLE_DATA / "wallets" / "metamask"
PASSWORD = "correct horse battery staple"


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _check_against(manifest: dict, tl, platform: str) -> None:
    """Every account, contact and transaction of the manifest, field by field, and nothing else."""
    assert {e["platform"] for e in tl.events} == {platform} and {e["app"] for e in tl.events} == {"metamask"}
    wallets = {e["sender"]: e for e in tl.events if e["kind"] == "wallet"}
    assert len(wallets) == len(manifest["accounts"]) == 3
    for a in manifest["accounts"]:
        e = wallets[a["address"]]
        assert e["body"] == e["sender_name"] == a["name"]
        assert e["timestamp"] == _iso(a["import_time_ms"]) and e["timestamp_raw"] == a["import_time_ms"]
    contacts = {e["sender"]: e for e in tl.events if e["kind"] == "contact"}
    assert len(contacts) == len(manifest["contacts"]) == 2
    for c in manifest["contacts"]:
        assert contacts[c["address"]]["sender_name"] == c["name"] and contacts[c["address"]]["extra"]["memo"] == c["memo"]
    txs = {e["extra"]["id"]: e for e in tl.events if e["kind"] == "transaction"}
    assert len(txs) == len(manifest["transactions"]) == 9
    for m in manifest["transactions"]:
        e = txs[m["id"]]
        x = e["extra"]
        assert x["tx_hash"] == m["hash"], m
        assert x["amount"] == m["amount"] and isinstance(x["amount"], str), m
        assert x["asset"] == m["asset"] and x["network"] == m["network"], m
        assert x["fee"] == m["fee"], m
        assert x["from_addresses"] == [m["from"]] and x["to_addresses"] == [m["to"]], m
        assert e["sender"] == m["from"] and e["recipients"] == [m["to"]]
        assert e["timestamp"] == _iso(m["time_ms"]) and e["timestamp_raw"] == m["time_ms"]
        assert e["direction"] == m["direction"] and e["status"] == m["status"], m
        assert x["confirmations"] is None and x.get("token_contract") == m["token_contract"], m
    [vault] = [e for e in tl.events if e["source_locator"].endswith("KeyringController:vault")]
    assert vault["kind"] == "other" and vault["extra"]["vault"]["iterations"] == manifest["vault_iterations"]


def test_android_sample_matches_its_manifest(parse, event_validator):
    manifest, tl = sample_with_manifest(parse, event_validator, "wallets/metamask")
    assert manifest["layout"] == "per_controller"
    _check_against(manifest, tl, "android")
    # without the password nothing of the vault's content is there
    assert not [e for e in tl.events if e["source_locator"].startswith("KeyringController.vault.")]
    parsed = {s["path"] for s in tl.sources if s.get("status") == "parsed"}
    # NetworkController and TokensController are read only beside the transactions (tickers, tokens)
    assert {p for p in parsed if "persistStore" in p} == {
        p for p in manifest["files"] if not p.endswith(("NetworkController", "TokensController"))}
    [send] = [e for e in tl.events if e["kind"] == "transaction" and e["extra"]["type"] == "transfer"]
    assert send["extra"]["asset"] == "USDC" and send["extra"]["token_decimals"] == 6
    assert send["recipients"] == [send["extra"]["token_recipient"]] != [send["extra"]["token_contract"]]


def test_ios_sample_of_the_older_layout_matches_its_manifest(parse, event_validator):
    manifest = json.loads((SAMPLE / "MANIFEST_ios.json").read_text(encoding="utf-8"))
    assert manifest["layout"] == "root" and manifest["vault_iterations"] == 5000
    tl = parse(SAMPLE / "ios")
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    _check_against(manifest, tl, "ios")
    # the identities of PreferencesController (the older place of the accounts)
    assert {e["source_locator"].split(":")[0] for e in tl.events if e["kind"] == "wallet"} == {"PreferencesController.identities"}


def test_the_password_opens_the_vault(parse):
    manifest = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["vault_iterations"] == 600_000  # the app's OWASP 2023 minimum
    tl = parse(SAMPLE / "android", keys=[f"metamask={manifest['password']}"])
    assert tl.exit_code == 0 and tl.warnings == []
    rings = [e for e in tl.events if e["source_locator"].startswith("KeyringController.vault.keyrings:")]
    assert [e["extra"]["keyring_type"] for e in rings] == [k["type"] for k in manifest["keyrings"]]
    hd, simple = rings
    assert hd["extra"]["secret_recovery_phrase"] == manifest["keyrings"][0]["secret_recovery_phrase"]
    assert hd["extra"]["number_of_accounts"] == 2 and hd["extra"]["hd_path"] == "m/44'/60'/0'/0"
    assert simple["extra"]["private_keys"] == manifest["keyrings"][1]["private_keys"]
    prov = hd["extra"]["decrypted_from"]
    assert prov["key_source"] == "--key metamask #1" and prov["iterations"] == 600_000 and prov["lib"] == "original"
    assert PASSWORD not in json.dumps(tl.events) and PASSWORD not in json.dumps(tl.warnings)


def test_a_wrong_password_is_one_warning_and_the_rest_is_parsed(parse, tmp_path):
    m = write_metamask_extraction(tmp_path / "phone", password="right one", seed=5, iterations=None)
    tl = parse(tmp_path / "phone", keys=["metamask=wrong one", "metamask=also wrong"])
    [w] = tl.warnings
    assert tl.exit_code == 3
    assert w["message"] == ("cannot decrypt the MetaMask vault: --key metamask #1: wrong password; --key metamask #2: "
                            "wrong password. Give the wallet password with --key metamask=PASSWORD")
    assert w["source_path"].endswith("persist-KeyringController") and "wrong one" not in json.dumps(tl.warnings)
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == len(m["transactions"])
    right = parse(tmp_path / "phone", keys=["metamask=wrong one", "metamask=right one"])
    assert right.exit_code == 0 and right.warnings == []
    [hd] = [e for e in right.events if e["body"] == "MetaMask keyring: HD Key Tree"]
    assert hd["extra"]["decrypted_from"]["key_source"] == "--key metamask #2"
    assert hd["extra"]["decrypted_from"]["iterations"] == mv.LEGACY_ITERATIONS


def test_known_answer_vector_of_the_app():
    """``app/core/Encryptor/lib/quick-crypto.parity.test.ts`` of metamask-mobile: key derivation and cipher."""
    key = mv.derive_key("CorrectHorseBatteryStaple", "dGVzdC1zYWx0LWJhc2U2NA==", 5000)
    assert base64.b64encode(key).decode() == "VEEeAacoKJ8HlDDeg04c4cWIjUD4wyGo3WlBTtylGs4="
    iv = bytes.fromhex("00112233445566778899aabbccddeeff")
    assert base64.b64encode(mv.aes_cbc_encrypt(key, iv, b"hello world")).decode() == "JbrhXC9V+eG3kiRRAWQMFw=="
    assert mv.aes_cbc_decrypt(key, iv, base64.b64decode("JbrhXC9V+eG3kiRRAWQMFw==")) == b"hello world"


def test_vault_round_trip_and_what_cannot_be_opened():
    v = mv.encrypt([{"type": "HD Key Tree", "data": {}}], "pw", salt="c2FsdA==", iv=bytes(16), iterations=1000)
    assert list(json.loads(v)) == ["cipher", "iv", "keyMetadata", "lib", "salt"]
    assert mv.decrypt(v, "pw") == [{"type": "HD Key Tree", "data": {}}]
    with pytest.raises(mv.WrongPassword):
        mv.decrypt(v, "pW")
    forked = {k: val for k, val in json.loads(v).items() if k != "lib"}
    with pytest.raises(mv.VaultError, match="forked AES library"):
        mv.decrypt(json.dumps(forked), "pw")
    with pytest.raises(mv.VaultError, match="browser-passworder"):
        mv.describe(json.dumps({"data": "x", "iv": "y", "salt": "z"}))
    with pytest.raises(mv.VaultError, match="iteration"):
        mv.describe(json.dumps({**json.loads(v), "keyMetadata": {"algorithm": "PBKDF2", "params": {"iterations": 0}}}))
    with pytest.raises(mv.VaultError, match="multiple of 16"):
        mv.decrypt(json.dumps({**json.loads(v), "cipher": base64.b64encode(b"x" * 17).decode()}), "pw")
    with pytest.raises(mv.VaultError, match="not JSON"):
        mv.decrypt("{", "pw")


def test_a_token_the_wallet_does_not_list_keeps_the_native_value(parse, tmp_path):
    m = write_metamask_extraction(tmp_path / "phone", password="x", seed=12, iterations=None)
    (tmp_path / "phone" / ANDROID_DIR / "persist-TokensController").unlink()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and tl.warnings == []
    [call] = [t for t in m["transactions"] if t["token_contract"] and t["to"] != t["token_contract"]
              and t["direction"] == "outgoing"]
    [e] = [e for e in tl.events if e["kind"] == "transaction" and e["extra"]["id"] == call["id"]]
    x = e["extra"]
    assert x["asset"] == "ETH" and x["amount"] == "0" and "token_decimals" not in x
    assert e["recipients"] == [call["token_contract"]] and x["token_recipient"] == call["to"]
    assert x["token_amount_raw"] == str(int(Decimal(call["amount"].lstrip("-")).scaleb(6)))  # USDC: 6 decimals


def test_erc20_transfer_call_data():
    from artefacts.plugins.metamask import erc20_transfer

    to = "ab" * 20
    data = "0xa9059cbb" + to.rjust(64, "0") + format(75_250_000, "064x")
    assert erc20_transfer(data) == ("0x" + to, 75_250_000)
    assert erc20_transfer(data.upper().replace("0XA9059CBB", "0xa9059cbb")) == ("0x" + to, 75_250_000)
    assert erc20_transfer(data[:-2]) is None, "truncated"
    assert erc20_transfer("0x095ea7b3" + data[10:]) is None, "approve, not transfer"
    assert erc20_transfer("0xa9059cbb" + "1" * 64 + data[74:]) is None, "not an address word"
    assert erc20_transfer(None) is None


def test_exact_amounts():
    assert scaled(1, 18) == "0.000000000000000001"
    assert scaled(123456789012345678901, 18) == "123.456789012345678901"
    assert scaled(10**18, 18) == "1" and scaled(0, 18) == "0" and scaled(-1500, 3) == "-1.5"
    assert scaled(2**256 - 1, 18) == "115792089237316195423570985008687907853269984665640564039457.584007913129639935"
    assert quantity("0x1bc16d674ec80000") == 2 * 10**18 and quantity("250500000") == 250_500_000
    for bad in ("0x", "1.5", "", None, 1.5):
        with pytest.raises(ValueError):
            quantity(bad)
    with pytest.raises(TypeError):
        scaled(1.5, 18)
    assert negated("0") == "0" and negated("1.5") == "-1.5" and negated("-2") == "2"
    # fixed places, as Bitcoin wallets write amounts (artefacts.decoders.bitcoin.btc_text)
    assert fixed(-12345, 8) == "-0.00012345" and fixed(0, 8) == "0.00000000" and fixed(2_100_000_000_000_000, 8) == "21000000.00000000"
    assert fixed(7, 0) == "7"
    with pytest.raises(TypeError):
        fixed(1.5, 8)


def test_damaged_state_file_is_one_warning_naming_it(parse, tmp_path):
    m = write_metamask_extraction(tmp_path / "phone", password="x", seed=6, iterations=None)
    tx_file = tmp_path / "phone" / ANDROID_DIR / "persist-TransactionController"
    tx_file.write_bytes(tx_file.read_bytes()[:700])
    tl = parse(tmp_path / "phone")
    [w] = tl.warnings
    assert tl.exit_code == 3 and w["source_path"].endswith("persist-TransactionController")
    assert w["message"].startswith("cannot read the MetaMask state file persist-TransactionController: "
                                   "persist-TransactionController is not valid JSON (")
    assert not [e for e in tl.events if e["kind"] == "transaction"]
    assert len([e for e in tl.events if e["kind"] == "wallet"]) == len(m["accounts"])


def test_damaged_vault_and_damaged_root(parse, tmp_path):
    write_metamask_extraction(tmp_path / "a", password="x", seed=7, iterations=None)
    kc = tmp_path / "a" / ANDROID_DIR / "persist-KeyringController"
    vault = json.loads(json.loads(kc.read_text())["vault"])
    vault["iv"] = "zz"
    kc.write_text(json.dumps({"vault": json.dumps(vault)}))
    tl = parse(tmp_path / "a", keys=["metamask=x"])
    [w] = tl.warnings
    assert tl.exit_code == 3 and w["message"] == "the MetaMask vault cannot be decrypted: the vault's iv is not hex"
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == 9

    write_metamask_extraction(tmp_path / "b", password="x", seed=8, layout="root", iterations=None)
    root = tmp_path / "b" / IOS_DIR / "persist-root"
    outer = json.loads(root.read_text())
    outer["engine"] = outer["engine"][:-40]
    root.write_text(json.dumps(outer))
    tl = parse(tmp_path / "b")
    [w] = tl.warnings
    assert tl.exit_code == 3 and tl.events == []
    assert w["message"].startswith("cannot read the MetaMask state file persist-root: its engine value is not valid JSON (")


def test_transactions_beside_no_accounts_file_have_no_direction(parse, tmp_path):
    """Direction and sign come from the owned addresses; without them the amounts stay as moved."""
    m = write_metamask_extraction(tmp_path / "phone", password="x", seed=9, iterations=None)
    for name in ("persist-AccountsController", "persist-NetworkController"):
        (tmp_path / "phone" / ANDROID_DIR / name).unlink()
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and tl.warnings == []
    txs = {e["extra"]["id"]: e for e in tl.events if e["kind"] == "transaction"}
    for t in m["transactions"]:
        e = txs[t["id"]]
        assert e["direction"] is None and e["extra"]["amount"] == t["amount"].lstrip("-")
        # without NetworkController only chain 0x1 has a known ticker
        assert e["extra"]["asset"] == (t["asset"] if t["network"] == "eip155:1" else "native of eip155:137")


def test_asyncstorage_of_older_android_versions(parse, tmp_path, event_validator):
    """The same state as the persist:root row of React Native's AsyncStorage database RKStorage."""
    m = write_metamask_extraction(tmp_path / "phone", password="pw", seed=10, layout="asyncstorage", iterations=None)
    assert m["files"] == ["data/data/io.metamask/databases/RKStorage"]
    tl = parse(tmp_path / "phone", keys=["metamask=pw"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    assert {e["parser"] for e in tl.events} == {"metamask_asyncstorage/1.0"}
    assert all(e["source_locator"].startswith("catalystLocalStorage[persist:root]/") for e in tl.events)
    _check_against(m, tl, "android")
    assert [e["extra"]["secret_recovery_phrase"] for e in tl.events if e["body"] == "MetaMask keyring: HD Key Tree"] \
        == [m["keyrings"][0]["secret_recovery_phrase"]]


def test_a_damaged_asyncstorage_row_is_one_warning(parse, tmp_path):
    import sqlite3

    write_metamask_extraction(tmp_path / "phone", password="pw", seed=11, layout="asyncstorage", iterations=None)
    con = sqlite3.connect(tmp_path / "phone/data/data/io.metamask/databases/RKStorage")
    con.execute("UPDATE catalystLocalStorage SET value = substr(value, 1, 500) WHERE key = 'persist:root'")
    con.commit()
    con.close()
    tl = parse(tmp_path / "phone")
    [w] = tl.warnings
    assert tl.exit_code == 3 and tl.events == [] and w["locator"] == "catalystLocalStorage:key=persist:root"
    assert w["message"].startswith("cannot read the MetaMask state persist:root: persist-root is not valid JSON (")


def test_parsers_listing():
    r = CliRunner().invoke(cli, ["parsers"])
    assert r.exit_code == 0, r.output
    for name, folder in (("metamask_android", "io.metamask/files"), ("metamask_ios", "Documents")):
        block = r.output.split(f"{name} ")[1].split("\n\n")[0]
        assert f"path: **/{folder}/persistStore/persist-TransactionController" in block
        assert "time: TransactionController.transactions.time = unix_ms" in block


def test_the_committed_sample_is_what_the_generator_writes(tmp_path):
    """Deterministic: regenerating gives the committed files byte for byte (sample_data/generate.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", SAMPLE_DATA / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.write_metamask(tmp_path / "metamask")
    mine = {p.relative_to(tmp_path / "metamask"): p.read_bytes() for p in (tmp_path / "metamask").rglob("*") if p.is_file()}
    committed = {p.relative_to(SAMPLE): p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}
    assert mine == committed and len(mine) == 11
