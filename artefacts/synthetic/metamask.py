"""Deterministic MetaMask mobile extractions: the redux-persist files the app writes.

Two layouts (see ``plugins/metamask.py`` for the sources):

* ``per_controller`` (the app since migration 104; Android path
  ``data/data/io.metamask/files/persistStore/persist-<Controller>``): each controller's state as a
  JSON object with ``_persist``; current field names (``AccountsController.internalAccounts``,
  ``txParams``, ``hash``, ``NetworkController.networkConfigurationsByChainId``);
* ``asyncstorage``: that ``persist-root`` text as the ``persist:root`` row of React Native's
  AsyncStorage database (``databases/RKStorage``, table ``catalystLocalStorage``), where older
  Android versions kept it;
* ``root`` (before migration 104; iOS path ``.../Documents/persistStore/persist-root``): one JSON
  object whose values are JSON texts, ``engine`` = ``{"backgroundState": {...}}``, with the older
  names iLEAPP reads (``PreferencesController.identities``, ``transaction``, ``transactionHash``) and
  ``NetworkController.providerConfig``.

Amounts are chosen as decimal text and written as the app stores them (hex wei, or the token's
smallest unit as a decimal string for ``transferInformation.amount``); the manifest keeps the text,
so a parser's conversion back is checked, not repeated. Addresses are random 20-byte values in
lowercase; the HD keyring's phrase is the well-known public test phrase of the Hardhat/Foundry
tools (``test test ... junk``) and the imported key is random: nothing here is anyone's wallet.
"""

from __future__ import annotations

import base64
import json
import random
import sqlite3
from decimal import Decimal
from pathlib import Path

from ..decoders.metamask_vault import encrypt

START_MS = 1_714_000_000_000  # 2024-04-24T23:06:40Z
ANDROID_DIR = "data/data/io.metamask/files/persistStore"
ASYNC_DB = "data/data/io.metamask/databases/RKStorage"
IOS_DIR = "private/var/mobile/Containers/Data/Application/3F1B7C2E-8D4A-4E6B-9C51-7A2D0E9B6F13/Documents/persistStore"
TEST_PHRASE = "test test test test test test test test test test test junk"
NETWORKS = {
    "0x1": {"name": "Ethereum Mainnet", "nativeCurrency": "ETH", "rpc": "https://mainnet.infura.io/v3/{infuraProjectId}"},
    "0x89": {"name": "Polygon Mainnet", "nativeCurrency": "POL", "rpc": "https://polygon-rpc.com"},
}


def _address(r: random.Random) -> str:
    return "0x" + r.randbytes(20).hex()


def _hash(r: random.Random) -> str:
    return "0x" + r.randbytes(32).hex()


def _wei(text: str, decimals: int = 18) -> int:
    value = Decimal(text) * (Decimal(10) ** decimals)
    assert value == value.to_integral_value(), text
    return int(value)


def _uuid(r: random.Random) -> str:
    h = r.randbytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def build_state(seed: int | str = 0, *, legacy: bool = False) -> tuple[dict, dict]:
    """``(backgroundState, manifest)``: the controllers' state and what a parser must find in it."""
    r = random.Random(f"metamask-{seed}")
    accounts = [{"id": _uuid(r), "address": _address(r), "name": name, "importTime": START_MS - r.randrange(10**9, 2 * 10**9),
                 "keyring": kr} for name, kr in (("Account 1", "HD Key Tree"), ("Account 2", "HD Key Tree"),
                                                 ("Imported Account 1", "Simple Key Pair"))]
    contacts = [{"address": _address(r), "name": n, "chainId": "0x1", "memo": m}
                for n, m in (("Vendor", "pay on delivery"), ("Mixer deposit", ""))]
    stranger = _address(r)
    usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"  # the USDC token contract on Ethereum mainnet
    a1, a2, a3 = (a["address"] for a in accounts)
    vendor, mixer = (c["address"] for c in contacts)
    # (from, to, amount text, chain, status, type, with receipt, token)
    plan = [
        (a1, vendor, "0.25", "0x1", "confirmed", "simpleSend", True, None),
        (stranger, a1, "1.5", "0x1", "confirmed", "incoming", False, None),
        (a1, mixer, "123.456789012345678901", "0x1", "confirmed", "simpleSend", True, None),
        (a2, vendor, "0.000000000000000001", "0x1", "failed", "simpleSend", True, None),
        (a1, a2, "0.1", "0x1", "submitted", "simpleSend", False, None),
        (a3, stranger, "42", "0x89", "confirmed", "simpleSend", True, None),
        (stranger, a2, "250.5", "0x1", "confirmed", "incoming", False, ("USDC", 6, usdc, "info")),
        (a1, vendor, "75.25", "0x1", "confirmed", "transfer", True, ("USDC", 6, usdc, "call")),
        (a1, usdc, "0", "0x1", "rejected", "contractInteraction", False, None),
    ]
    txs, expected = [], []
    t = START_MS
    for n, (frm, to, amount, chain, status, typ, receipt, token) in enumerate(plan):
        t += r.randrange(3_600_000, 86_400_000)
        tid = _uuid(r)
        tx_hash = _hash(r) if status != "rejected" else None
        nonce = hex(n)
        params = {"from": frm, "to": to, "value": "0x0" if token else hex(_wei(amount)), "gas": "0x5208",
                  "maxFeePerGas": hex(r.randrange(10**9, 9 * 10**10)), "maxPriorityFeePerGas": "0x59682f00",
                  "nonce": nonce, "type": "0x2"}
        if typ == "contractInteraction":
            params["data"] = "0x095ea7b3" + "00" * 64
        if token and token[3] == "call":  # ERC-20 transfer(address,uint256) sent to the token contract
            params["to"] = token[2]
            params["data"] = "0xa9059cbb" + to[2:].rjust(64, "0") + format(_wei(amount, token[1]), "064x")
        meta = {"id": tid, "chainId": chain, "networkClientId": "mainnet" if chain == "0x1" else _uuid(r),
                "status": status, "time": t, "type": typ, "origin": "metamask", "txParams": params}
        if tx_hash:
            meta["hash"] = tx_hash
            meta["submittedTime"] = t + 1234
        fee = None
        if receipt:
            gas_used, price = 21000, r.randrange(10**9, 5 * 10**10)
            meta["txReceipt"] = {"gasUsed": hex(gas_used), "effectiveGasPrice": hex(price),
                                 "blockNumber": hex(19_000_000 + n), "status": "0x1" if status == "confirmed" else "0x0"}
            fee = format(Decimal(gas_used * price).scaleb(-18), "f").rstrip("0").rstrip(".")
        if token and token[3] == "info":
            symbol, decimals, contract, _ = token
            meta["isTransfer"] = True
            meta["transferInformation"] = {"amount": str(_wei(amount, decimals)), "contractAddress": contract,
                                           "decimals": decimals, "symbol": symbol}
        if legacy:  # the older TransactionController names (iLEAPP metamask.py)
            meta["transaction"] = meta.pop("txParams")
            if "hash" in meta:
                meta["transactionHash"] = meta.pop("hash")
            meta.pop("networkClientId")
        txs.append(meta)
        owned = {a1, a2, a3}
        out = frm in owned
        expected.append({
            "id": tid, "hash": tx_hash, "time_ms": t, "from": frm, "to": to, "status": status,
            "asset": token[0] if token else NETWORKS[chain]["nativeCurrency"],
            "amount": ("-" + amount if out and amount != "0" else amount), "fee": fee,
            "network": f"eip155:{int(chain, 16)}", "token_contract": token[2] if token else None,
            "direction": "outgoing" if out else "incoming" if to in owned else None,
        })
    if legacy:
        prefs = {"identities": {a["address"]: {"name": a["name"], "address": a["address"], "importTime": a["importTime"]}
                                for a in accounts},
                 "selectedAddress": a1}
        network = {"providerConfig": {"type": "mainnet", "chainId": "0x1", "ticker": "ETH", "nickname": "Ethereum Main Network"},
                   "networkConfigurations": {_uuid(r): {"chainId": "0x89", "ticker": "POL", "nickname": "Polygon Mainnet",
                                                        "rpcUrl": NETWORKS["0x89"]["rpc"]}}}
        controllers = {PREFERENCES: prefs}
    else:
        internal = {a["id"]: {"id": a["id"], "address": a["address"], "type": "eip155:eoa", "scopes": ["eip155:0"],
                              "options": {}, "methods": ["personal_sign", "eth_signTransaction"],
                              "metadata": {"name": a["name"], "importTime": a["importTime"], "lastSelected": 0,
                                           "keyring": {"type": a["keyring"]}}}
                    for a in accounts}
        network = {"selectedNetworkClientId": "mainnet", "networksMetadata": {},
                   "networkConfigurationsByChainId": {
                       cid: {"chainId": cid, "name": n["name"], "nativeCurrency": n["nativeCurrency"],
                             "blockExplorerUrls": [], "defaultRpcEndpointIndex": 0,
                             "rpcEndpoints": [{"networkClientId": "mainnet" if cid == "0x1" else _uuid(r), "type": "custom",
                                               "url": n["rpc"]}]}
                       for cid, n in NETWORKS.items()}}
        controllers = {ACCOUNTS: {"internalAccounts": {"accounts": internal, "selectedAccount": accounts[0]["id"]}}}
    controllers[NETWORK] = network
    controllers[ADDRESS_BOOK] = {"addressBook": {"0x1": {c["address"]: {**c, "isEns": False} for c in contacts}}}
    # TokensController.allTokens{chainId: {account: [token]}} (MetaMask/core assets-controllers)
    controllers[TOKENS] = {"allTokens": {"0x1": {a1: [{"address": usdc, "symbol": "USDC", "decimals": 6,
                                                       "name": "USDC"}]}},
                           "allIgnoredTokens": {}, "allDetectedTokens": {}}
    controllers[TRANSACTIONS] = {"transactions": txs, "methodData": {}, "lastFetchedBlockNumbers": {}}
    private_key = r.randbytes(32).hex()
    keyrings = [
        {"type": "HD Key Tree", "data": {"mnemonic": list(TEST_PHRASE.encode("utf-8")), "numberOfAccounts": 2,
                                         "hdPath": "m/44'/60'/0'/0"}},
        {"type": "Simple Key Pair", "data": [private_key]},
    ]
    manifest = {
        "accounts": [{"address": a["address"], "name": a["name"], "import_time_ms": a["importTime"]} for a in accounts],
        "contacts": [{"address": c["address"], "name": c["name"], "memo": c["memo"]} for c in contacts],
        "transactions": expected,
        "keyrings": [{"type": "HD Key Tree", "secret_recovery_phrase": TEST_PHRASE, "number_of_accounts": 2},
                     {"type": "Simple Key Pair", "private_keys": [private_key]}],
    }
    return {"controllers": controllers, "keyrings": keyrings, "salt_seed": r.randbytes(48)}, manifest


ACCOUNTS, PREFERENCES, NETWORK = "AccountsController", "PreferencesController", "NetworkController"
ADDRESS_BOOK, TRANSACTIONS, KEYRING = "AddressBookController", "TransactionController", "KeyringController"
TOKENS = "TokensController"


def write_metamask_extraction(dest, *, password: str, seed: int | str = 0, layout: str = "per_controller",
                              iterations: int | None = 600_000) -> dict:
    """Write an extraction under ``dest``; returns the manifest (with ``files``, ``password``, ``layout``).

    ``layout`` ``per_controller`` writes the Android files of the current app, ``root`` the iOS
    ``persist-root`` of versions before migration 104, ``asyncstorage`` that same root as the
    ``persist:root`` row of the Android AsyncStorage database ``RKStorage`` (older versions). ``iterations`` is the vault's PBKDF2 count
    (``None``: a vault without ``keyMetadata``, the legacy 5,000).
    """
    if layout not in ("per_controller", "root", "asyncstorage"):
        raise ValueError(f"unknown layout {layout!r}")
    legacy = layout != "per_controller"
    built, manifest = build_state(seed, legacy=legacy)
    salt = base64.b64encode(built["salt_seed"][:32]).decode("ascii")
    vault = encrypt(built["keyrings"], password, salt=salt, iv=built["salt_seed"][32:48], iterations=iterations)
    controllers = dict(built["controllers"])
    controllers[KEYRING] = {"vault": vault}
    dest = Path(dest)
    files = []
    root = json.dumps({"engine": json.dumps({"backgroundState": controllers}, separators=(",", ":")),
                       "browser": json.dumps({"history": [], "whitelist": [], "tabs": [], "activeTab": None}),
                       "_persist": json.dumps({"version": 60, "rehydrated": True})}, separators=(",", ":"))
    if layout == "asyncstorage":
        path = dest / ASYNC_DB
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path)
        # react-native-async-storage ReactDatabaseSupplier.VERSION_TABLE_CREATE
        con.execute("CREATE TABLE catalystLocalStorage (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO catalystLocalStorage (key, value) VALUES (?, ?)",
                        [("persist:root", root), ("@MetaMask:existingUser", "true")])
        con.commit()
        con.close()
        files.append(path.relative_to(dest).as_posix())
    elif legacy:
        folder = dest / IOS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "persist-root"
        path.write_text(root, encoding="utf-8")
        files.append(path.relative_to(dest).as_posix())
    else:
        folder = dest / ANDROID_DIR
        folder.mkdir(parents=True, exist_ok=True)
        # persist-root after migration 104: the engine is not in it
        (folder / "persist-root").write_text(json.dumps({
            "user": json.dumps({"passwordSet": True, "seedphraseBackedUp": True}),
            "_persist": json.dumps({"version": 110, "rehydrated": True})}, separators=(",", ":")), encoding="utf-8")
        for name, state in sorted(controllers.items()):
            path = folder / f"persist-{name}"
            # createPersistController writes JSON.stringify(filteredState): no _persist
            path.write_text(json.dumps(state, separators=(",", ":")), encoding="utf-8")
            files.append(path.relative_to(dest).as_posix())
    manifest.update(files=files, password=password, layout=layout,
                    vault_iterations=iterations if iterations is not None else 5_000)
    return manifest
