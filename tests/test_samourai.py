"""Samourai Wallet for Android (``plugins/samourai.py``): the generated sample against its manifest with both
keys, the cipher cross-checked with an independent AES/PBKDF2 implementation, address derivation against
the BIP-44/49/84 test vectors, missing and wrong keys, the wipe marker, damaged and hostile files."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from artefacts.decoders import bitcoin as btc
from artefacts.decoders import samourai_payload as sp
from artefacts.synthetic.samourai import APP_DIR, BACKUP_PATH, build_samourai, write_samourai_extraction
from conftest import SAMPLE_DATA

SAMPLE = SAMPLE_DATA / "wallets" / "samourai"
KEYS = (SAMPLE / "KEYS.txt").read_text(encoding="utf-8")
APP_PASSWORD = re.search(r"--key samourai=(\S+)", KEYS).group(1)
PASSPHRASE = re.search(r"--key 'samourai=([^']+)'", KEYS).group(1)
DAT = f"{APP_DIR}/samourai.dat"
MULTI = f"{APP_DIR}/samourai.multi"
MIX = f"{APP_DIR}/samourai.multi.mix"
SUPPORT = f"{APP_DIR}/samourai.support.txt"
FILES = ["samourai.dat", "samourai.multi", "samourai.multi.mix", "samourai.paynyms", "samourai.support.txt",
         "samourai.txt"]


def _manifest() -> dict:
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _from(tl, rel: str) -> list[dict]:
    return [e for e in tl.events if e["source_path"].endswith(rel)]


def _write(root, rel: str, text: str):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_with_both_keys_matches_its_manifest(parse, event_validator):
    m = _manifest()
    tl = parse(SAMPLE / "android", keys=[f"samourai={APP_PASSWORD}", f"samourai={PASSPHRASE}"])
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    assert {e["app"] for e in tl.events} == {"samourai"} and {e["platform"] for e in tl.events} == {"android"}
    assert {s["path"] for s in tl.sources if s.get("status") == "parsed"} == set(m["files"])

    assert m["versions"] == {DAT: 2, MULTI: 2, MIX: 2, f"{APP_DIR}/samourai.paynyms": 2, SUPPORT: 2, BACKUP_PATH: 1}
    # the payload, in the app file and in both copies of the backup alike
    for rel, key_source in ((DAT, "--key samourai #1"), (SUPPORT, "--key samourai #2"), (BACKUP_PATH, "--key samourai #2")):
        events = _from(tl, rel)
        [payload] = [e for e in events if e["kind"] == "other"]
        provenance = payload["extra"]["decrypted_from"]
        assert f"envelope version {m['versions'][rel]}" in provenance["format"]
        assert provenance["iterations"] == (15_000 if m["versions"][rel] == 2 else 5_000)
        assert payload["extra"]["envelope_version"] == m["versions"][rel]
        assert payload["extra"]["seed_hex"] == m["seed_hex"] and payload["extra"]["meta"]["pin"] == m["pin"]
        assert payload["extra"]["bip39_passphrase"] == PASSPHRASE
        assert payload["extra"]["decrypted_from"]["key_source"] == key_source
        assert payload["extra"]["balance"] == m["balance"]
        wallets = {e["sender"]: e for e in events if e["kind"] == "wallet"}
        accounts = {a["extended_key"]: a for a in m["accounts"]}
        addresses = {o["address"]: o for o in m["owned_addresses"]}
        assert set(wallets) == set(accounts) | set(addresses) | {m["payment_code"]}
        for key, a in accounts.items():
            x = wallets[key]["extra"]
            assert (x["purpose"], x["account"], x["receive_index"], x["change_index"]) == (
                a["purpose"], a["id"], a["receive_index"], a["change_index"])
        whirlpool = {e["extra"]["account_name"] for e in wallets.values() if e["extra"].get("account_name")}
        assert whirlpool == {"Whirlpool bad bank", "Whirlpool premix", "Whirlpool postmix"}
        for address, o in addresses.items():
            x = wallets[address]["extra"]
            if o["purpose"] == 47:
                assert x["payment_code"] == o["payment_code"] and x["index"] == o["index"]
            else:
                assert x["extended_key"] == o["extended_key"] and x["index"] == o["index"]
                assert x["chain"] == ("receive", "change")[o["chain"]]
                assert x["path"] == f"m/{o['purpose']}'/0'/{o['account']}'/{o['chain']}/{o['index']}"
        sent_to = [e["sender"] for e in events if e["source_locator"].startswith("meta.sent_tos")]
        assert sent_to == m["sent_to"]
        contacts = {e["sender"]: e for e in events if e["kind"] == "contact" and e["sender"] not in sent_to}
        assert len(contacts) == len(m["contacts"]) == 2
        for c in m["contacts"]:
            e = contacts[c["payment_code"]]
            assert e["sender_name"] == (c["label"] or None) and e["extra"]["archived"] is c["archived"]

    # the wallet API responses: transactions with exact amounts, and the accounts' balances
    txs = {e["extra"]["tx_hash"]: e for e in tl.events if e["kind"] == "transaction"}
    assert len(txs) == len(m["transactions"]) == 7
    for t in m["transactions"]:
        e = txs[t["tx_hash"]]
        assert e["source_path"].endswith(f"/app_wallet/{t['file']}")
        x = e["extra"]
        assert x["amount"] == t["amount"] and isinstance(x["amount"], str), t
        assert x["asset"] == "BTC" and x["fee"] is None and x["network"] == "bitcoin mainnet"
        assert x["confirmations"] == t["confirmations"], t
        assert x["from_addresses"] == t["from_addresses"] and x["to_addresses"] == t["to_addresses"], t
        assert e["recipients"] == t["recipients"] and e["direction"] == t["direction"], t
        assert e["timestamp"] == _iso(t["time"]) and e["timestamp_raw"] == t["time"]
        assert e["status"] == ("unconfirmed" if t["confirmations"] == 0 else "confirmed")
    total = sum(Decimal(t["amount"]) for t in m["transactions"] if t["file"] == "samourai.multi")
    assert str(total) == m["balance"]
    [mix] = [e for e in txs.values() if e["source_path"].endswith(MIX)]
    assert mix["extra"]["amount"] == "-0.00000170" and mix["extra"]["amount_raw"] == -170
    # the PayNym directory answer: the wallet's own code under its PayNym name, who it follows, who follows it
    events = _from(tl, f"{APP_DIR}/samourai.paynyms")
    [own] = [e for e in events if e["kind"] == "wallet"]
    assert own["sender"] == m["payment_code"] and own["sender_name"] == m["paynym"]["nym_name"]
    assert own["extra"]["nym_id"] == m["paynym"]["nym_id"]
    relations = sorted((e["extra"]["relation"], e["sender"], e["sender_name"]) for e in events if e["kind"] == "contact")
    assert relations == sorted([("followed by the wallet", c, n) for c, n in m["paynym"]["following"]]
                               + [("follows the wallet", c, n) for c, n in m["paynym"]["followers"]])
    events = _from(tl, MULTI)
    balances = [e for e in events if e["kind"] == "wallet"]
    assert {e["sender"] for e in balances} <= {a["extended_key"] for a in m["accounts"]} | {
        o["address"] for o in m["owned_addresses"]}


def test_without_keys_each_encrypted_file_is_one_warning(parse):
    tl = parse(SAMPLE / "android")
    assert tl.exit_code == 3 and tl.events == []
    by_file = {w["source_path"].rsplit("/", 1)[-1]: w["message"] for w in tl.warnings}
    assert sorted(by_file) == FILES and len(tl.warnings) == 6
    assert "BIP-39 passphrase" in by_file["samourai.txt"] and "BIP-39 passphrase" in by_file["samourai.support.txt"]
    assert "PIN" in by_file["samourai.dat"] and "PIN" in by_file["samourai.multi.mix"]
    assert all("--key samourai=SECRET" in msg for msg in by_file.values())


def test_a_wrong_key_is_one_warning_per_file_and_the_right_one_after_it_opens(parse, tmp_path):
    m = write_samourai_extraction(tmp_path / "phone", passphrase="right words", pin="90210", seed=3)
    tl = parse(tmp_path / "phone", keys=["samourai=wrong words", "samourai=12345"])
    assert tl.exit_code == 3 and tl.events == [] and len(tl.warnings) == 6
    for w in tl.warnings:
        assert "--key samourai #1: wrong key" in w["message"] and "wrong words" not in w["message"]
    app = [w["message"] for w in tl.warnings if "/app_wallet/samourai.dat" in w["source_path"]]
    assert app == ["cannot open the Samourai Wallet file (the app's password: the GUID of its preferences, the device "
                   "footprint and the PIN, concatenated (the GUID and footprint are read from "
                   f"{m['prefs']}: the PIN, or a backup's passphrase, is enough)): --key samourai #1: wrong key; "
                   "--key samourai #2: wrong key; --key samourai #2 as the PIN after the GUID and footprint of "
                   f"{m['prefs']}: wrong key"]
    # the passphrase opens the backups, whose payload holds the PIN, which opens the app's files
    tl = parse(tmp_path / "phone", keys=["samourai=wrong words", "samourai=right words"])
    assert tl.exit_code == 0 and tl.warnings == []
    sources = {e["source_path"].rsplit("/", 1)[-1]: e["extra"]["decrypted_from"]["key_source"] for e in tl.events}
    assert sorted(sources) == FILES
    assert sources["samourai.txt"] == sources["samourai.support.txt"] == "--key samourai #2"
    assert sources["samourai.dat"].startswith("the PIN of ") and sources["samourai.dat"].endswith(
        f"(opened with --key samourai #2) after the GUID and footprint of {m['prefs']}")
    assert "right words" not in json.dumps(tl.events, ensure_ascii=False).replace('"bip39_passphrase": "right words"', "")


def test_the_pin_alone_opens_the_app_files_with_the_preferences(parse, tmp_path):
    m = write_samourai_extraction(tmp_path / "phone", passphrase="p q r", pin="90210", seed=3)
    tl = parse(tmp_path / "phone", keys=["samourai=90210"])
    assert tl.exit_code == 3
    assert sorted(w["source_path"] for w in tl.warnings) == sorted([SUPPORT, BACKUP_PATH])  # they need the passphrase
    opened = {e["source_path"] for e in tl.events}
    assert opened == {f for f in m["files"] if f not in (SUPPORT, BACKUP_PATH)}
    # without the preferences the PIN is not enough, and the warning says what is missing
    (tmp_path / "phone" / m["prefs"]).unlink()
    tl = parse(tmp_path / "phone", keys=["samourai=90210"])
    assert tl.events == [] and len(tl.warnings) == 6
    # preferences of guid_version 3: the footprint needs the device's Build fields and IMEI
    from artefacts.synthetic.samourai import shared_prefs_xml

    (tmp_path / "phone" / m["prefs"]).write_bytes(shared_prefs_xml({"guid": m["guid"], "guid_version": 3}))
    tl = parse(tmp_path / "phone", keys=["samourai=90210"])
    assert tl.events == [] and len(tl.warnings) == 6
    [dat] = [w["message"] for w in tl.warnings if w["source_path"] == DAT]
    assert "guid_version 3: the footprint needs the device's Build fields and IMEI" in dat


def test_cipher_matches_an_independent_implementation():
    """PBKDF2-HMAC-SHA1 (5,000 iterations, the IV as salt) and AES-256-CBC through pycryptodome, ISO 10126 padding."""
    from Crypto.Cipher import AES
    from Crypto.Hash import SHA1
    from Crypto.Protocol.KDF import PBKDF2

    text = (SAMPLE / "android" / BACKUP_PATH).read_text(encoding="utf-8")
    raw = __import__("base64").b64decode(json.loads(text)["payload"])
    iv, body = raw[:16], raw[16:]
    key = PBKDF2(PASSPHRASE.encode(), iv, dkLen=32, count=5000, hmac_hash_module=SHA1)
    plain = AES.new(key, AES.MODE_CBC, iv).decrypt(body)
    assert 1 <= plain[-1] <= 16
    expected = json.loads(plain[: -plain[-1]].decode("utf-8"))
    assert sp.decrypt(json.loads(text)["payload"], PASSPHRASE) == expected
    assert expected["wallet"]["passphrase"] == PASSPHRASE
    # the app writes the envelope with Android's org.json: '/' escaped
    assert text.startswith('{"version":1,"payload":"') and text.endswith('","external":false}')


def test_version_2_cipher_matches_the_example_of_kopenssl():
    """``KOpenSSL.kt``'s example: ``echo "Hello World!" | openssl aes-256-cbc -e -a -p -salt -pbkdf2 -iter 25000
    -k password`` printed this salt, key, IV and ciphertext."""
    import base64

    ct = "U2FsdGVkX1/3HwHsQXGs37PixswoJihPWATaxph4OVQ="
    key, iv = sp.derive_key_iv("password", base64.b64decode(ct)[8:16], 25000)
    assert base64.b64decode(ct)[8:16].hex().upper() == "F71F01EC4171ACDF"
    assert key.hex().upper() == "AF9344D72520323D210C440BA015526DABA0D22AD6247DFACF7D3F5B0F724A23"
    assert iv.hex().upper() == "1125D64C744EDE615CE3B8AD55C1581C"
    assert sp.scheme(ct) == "openssl" and sp.decrypt_bytes(ct, "password", 25000) == b"Hello World!\n"
    with pytest.raises(sp.WrongPassword):
        sp.decrypt_bytes(ct, "Password", 25000)


def test_version_2_round_trip_with_line_breaks():
    value = {"txs": [{"hash": "ab" * 32, "result": -170}] * 5}
    data = sp.encrypt_v2(json.dumps(value), "pw", salt=b"saltsalt")
    assert "\n" in data and all(len(line) <= 64 for line in data.splitlines())
    assert sp.scheme(data) == "openssl" and sp.decrypt(data, "pw") == value
    with pytest.raises(sp.WrongPassword):
        sp.decrypt(data, "pw ")
    # the envelope keeps the line breaks as JSON escapes and '/' escaped as the app's org.json writes it
    env = sp.envelope(sp.file_text(data, 2))
    assert env["version"] == 2 and env["payload"] == data


def test_round_trip_and_wrong_password():
    value = {"wallet": {"accounts": []}, "a/b": "é"}
    data = sp.encrypt(json.dumps(value), "pw", iv=bytes(range(16)), filler=b"\xff" * 15)
    assert sp.is_encrypted(data) and not sp.is_encrypted(json.dumps(value))
    assert sp.decrypt(data, "pw") == value
    with pytest.raises(sp.WrongPassword):
        sp.decrypt(data, "pW")
    env = sp.envelope(sp.file_text(data))
    assert env == {"version": 1, "payload": data, "external": False, "wrapped": True}
    assert sp.envelope(data)["wrapped"] is False  # version 0: no envelope


@pytest.mark.parametrize("purpose, key, first", [
    # BIP-84 and the BIP-44/BIP-49 accounts of the phrase "abandon ... about" (no passphrase), m/<p>'/0'/0'
    (84, "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs",
     "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"),
    (44, "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj",
     "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA"),
    (49, "ypub6Ww3ibxVfGzLrAH1PNcjyAWenMTbbAosGNB6VvmSEgytSER9azLDWCxoJwW7Ke7icmizBMXrzBx9979FfaHxHcrArf3zbeJJJUZPf663zsP",
     "37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf"),
])
def test_address_derivation_matches_the_bip_test_vectors(purpose, key, first):
    assert btc.account_address(key, 0, 0, btc.PURPOSE_KINDS[purpose]) == first
    with pytest.raises(ValueError):
        btc.account_address(key[:-1] + "x", 0, 0, "p2wpkh")


def test_a_wiped_wallet_file_is_one_record_without_a_key(parse, tmp_path):
    _write(tmp_path / "phone", DAT, sp.file_text(sp.encrypt(json.dumps({}, indent=4), "", iv=bytes(16))))
    tl = parse(tmp_path / "phone")
    assert tl.exit_code == 0 and tl.warnings == []
    [e] = tl.events
    assert e["kind"] == "other" and "wipe" in e["body"]
    assert e["extra"]["decrypted_from"]["key_source"] == "the empty password of PayloadUtil.wipe"


def test_damaged_files_are_one_warning_each(parse, tmp_path):
    root = tmp_path / "phone"
    good = sp.encrypt('{"wallet": {}}', "k", iv=bytes(range(16)))
    _write(root, DAT, sp.file_text(good[: len(good) // 2 + 3]))  # cut base64
    _write(root, MULTI, '{"version":1,"payload":42,"external":false}')
    _write(root, "data/data/com.samourai.wallet.staging/app_wallet/samourai.dat", "not json, not base64 !")
    _write(root, "data/data/com.samourai.wallet.other/app_wallet/samourai.multi",
           sp.file_text(sp.encrypt("[1, 2]", "k", iv=bytes(16))))
    _write(root, "data/media/0/Download/samourai.txt", "my notes about the samourai film")
    _write(root, f"{APP_DIR}/samourai.paynyms", '{"version":2,"external":false}')
    tl = parse(root, keys=["samourai=k"])
    assert tl.exit_code == 3 and tl.events == []
    messages = sorted(w["message"] for w in tl.warnings)
    assert len(messages) == 5, messages
    assert any(x.endswith("the envelope has no payload") for x in messages)
    assert any("payload is a int, not text" in x for x in messages)
    assert any("neither JSON nor AES ciphertext" in x for x in messages)
    assert any("neither a wallet payload" in x for x in messages)
    assert any(x.endswith("the encrypted payload is not base64") for x in messages)
    # a samourai.txt that is not the app's backup is not its file: skipped, no warning
    assert not [w for w in tl.warnings if w["source_path"].endswith("Download/samourai.txt")]
    [notes] = [s for s in tl.sources if s["path"].endswith("Download/samourai.txt")]
    assert notes["status"] == "not applicable"


def test_hostile_indexes_and_entries_of_the_wrong_type(parse, tmp_path, monkeypatch):
    from artefacts.plugins import samourai

    monkeypatch.setattr(samourai, "MAX_DERIVED", 5)
    monkeypatch.setattr(samourai, "MAX_DERIVED_FILE", 12)
    w = build_samourai(passphrase="p", pin="11111", seed=4)
    payload = w["payload"]
    payload["wallet"]["bip84_accounts"][0]["receiveIdx"] = 10**12
    payload["wallet"]["accounts"].append({"receiveIdx": 2})  # no xpub
    payload["wallet"]["bip49_accounts"] = "not a list"
    payload["meta"]["bip47"] = {"pcodes": [None, {"label": "x"}, {"payment_code": "PMx", "in_idx": [7, {"addr": 5}]}]}
    payload["meta"]["sent_tos"] = [[], "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", [None, True], ["1Ta", "x", "y"]]
    payload["wallet"]["payment_code_feature"] = "PMfeature"
    w["multiaddr"]["txs"].insert(0, {"hash": None, "result": 5})
    w["multiaddr"]["txs"].insert(1, "nonsense")
    root = tmp_path / "phone"
    _write(root, DAT, sp.file_text(sp.encrypt(json.dumps(payload), "pw", iv=bytes(16))))
    _write(root, MULTI, sp.file_text(sp.encrypt(json.dumps(w["multiaddr"]), "pw", iv=bytes(16))))
    tl = parse(root, keys=["samourai=pw"])
    assert tl.exit_code == 3
    messages = [x["message"] for x in tl.warnings]
    assert len(messages) == 6, messages
    assert "wallet.bip49_accounts is a str, not a list; ignored" in messages
    assert any("the first 5 addresses are derived" in x for x in messages)
    assert sum("more than 12 addresses to derive in the file" in x for x in messages) == 1
    derived_all = [e for e in tl.events if e["kind"] == "wallet" and e["extra"].get("role", "").startswith("address handed")]
    assert len(derived_all) == 12
    assert any("has no xpub" in x for x in messages)
    assert sum("without its hash or result" in x for x in messages) == 2
    [zpub] = [a["extended_key"] for a in w["manifest"]["accounts"] if a["purpose"] == 84 and a["id"] == 0]
    derived = [e for e in tl.events if e["kind"] == "wallet" and e["extra"].get("extended_key") == zpub
               and e["extra"].get("chain") == "receive"]
    assert len(derived) == 5
    assert [e["sender"] for e in tl.events if e["kind"] == "contact"] == ["PMx", "1Ta"]
    [feature] = [e for e in tl.events if e["source_locator"] == "wallet.payment_code_feature"]
    assert feature["kind"] == "wallet" and feature["sender"] == "PMfeature"
    assert len([e for e in tl.events if e["kind"] == "transaction"]) == len(
        [t for t in w["manifest"]["transactions"] if t["file"] == "samourai.multi"])


def test_generator_is_deterministic(tmp_path):
    a = write_samourai_extraction(tmp_path / "a", passphrase="p", pin="12345", seed=9)
    b = write_samourai_extraction(tmp_path / "b", passphrase="p", pin="12345", seed=9)
    assert a == b
    assert a["app_password"] == a["guid"] + a["footprint"] + "12345"


def test_parsers_listing_names_globs_and_units():
    from artefacts.plugins.samourai import SamouraiParser

    d = SamouraiParser.describe()
    assert d["name"] == "samourai_android" and d["time_units"] == {"multiaddr.txs.time": "unix_s"}
    assert any(g.endswith("app_wallet/samourai.multi") for g in d["path_globs"])


def test_artefacts_decrypt_writes_the_payload_json(tmp_path):
    from artefacts.decrypt import DecryptError, decrypt_file

    m = _manifest()
    out = tmp_path / "multi.json"
    outcome = decrypt_file(SAMPLE / "android" / MULTI, [f"samourai={PASSPHRASE}", f"samourai={APP_PASSWORD}"], out)
    assert outcome.format == "samourai" and outcome.details["content"] == "wallet API response"
    value = json.loads(out.read_text(encoding="utf-8"))
    assert {t["hash"] for t in value["txs"]} == {t["tx_hash"] for t in m["transactions"] if t["file"] == "samourai.multi"}
    assert value["info"]["latest_block"]["height"] == m["tip_height"]
    with pytest.raises(DecryptError, match="wrong password"):
        decrypt_file(SAMPLE / "android" / DAT, [f"samourai={PASSPHRASE}"], tmp_path / "dat.json")
    assert not (tmp_path / "dat.json").exists()


def test_app_password_from_guid_footprint_and_pin():
    """``FootprintUtil.getFootprintV4`` / ``V3`` / ``getFootprint`` as the Java source writes them, hashed with
    pycryptodome."""
    from Crypto.Hash import RIPEMD160

    build = {"BOARD": "msm8998", "MANUFACTURER": "OnePlus", "BRAND": "OnePlus", "MODEL": "ONEPLUS A5000",
             "SERIAL": "unknown", "device_id": None, "CPU_ABI": "arm64-v8a", "DEVICE": "OnePlus5", "PRODUCT": "OnePlus5"}
    v3 = RIPEMD160.new(b"msm8998OnePlusOnePlusONEPLUS A5000unknownnull").hexdigest()
    v2 = RIPEMD160.new("msm8998|arm64-v8a,OnePlus:OnePlus;ONEPLUS A5000/OnePlus5+OnePlus5#unknown§null"
                       .encode("utf-8")).hexdigest()
    guid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    v4 = RIPEMD160.new(b"OnePlusOnePlusONEPLUS A5000unknown").hexdigest()
    assert sp.app_password(guid, "12345", build) == guid + v4 + "12345"
    assert sp.app_password(guid, "12345", {"fp": "OnePlusOnePlusONEPLUS A5000unknown"}) == guid + v4 + "12345"
    assert sp.password_prefix({"guid": guid, "guid_version": 4, "fp": "OnePlusOnePlusONEPLUS A5000unknown"})[0] == guid + v4
    assert sp.password_prefix({"guid": guid})[0] == guid
    assert sp.password_prefix({"guid": guid, "guid_version": 3})[0] is None
    assert sp.app_password(guid, "12345", build, guid_version=3) == guid + v3 + "12345"
    assert sp.app_password(guid, "12345", build, guid_version=2) == guid + v2 + "12345"
    assert sp.app_password(guid, "12345", guid_version=1) == guid + "12345"
    with pytest.raises(ValueError):
        sp.app_password(guid, "12345")
