"""A deterministic Samourai Wallet for Android extraction: the app's files in ``app_wallet``, its preferences and
the external backup ``samourai.txt``, with a manifest of what they hold.

Layout and fields as the app writes them (see ``plugins/samourai.py`` and
``artefacts/decoders/samourai_payload.py`` for the source files):

* ``data/data/com.samourai.wallet/app_wallet/samourai.dat``: ``PayloadUtil.getPayload()`` (``wallet``:
  ``testnet``, ``seed``, ``passphrase``, ``accounts`` [BIP-44 ``{xpub, receiveIdx, changeIdx, id}``,
  ``HD_Account.toJSON``], ``payment_code``, ``bip49_accounts`` [``ypub``], ``bip84_accounts`` [``zpub``];
  ``meta``: device fields, ``prev_balance``, ``bip47.pcodes`` [``BIP47Meta.toJSON``], ``pin`` ...) as
  ``toString(4)``, encrypted with the app's password: the GUID from its preferences, the RIPEMD-160 device
  footprint (``guid_version`` 4: ``FootprintUtil.getFootprintV4``, of the ``fp`` string the app keeps in its
  preferences, MANUFACTURER + BRAND + MODEL + SERIAL) and the PIN, concatenated (``AccessFactory.getGUID() +
  getPIN()``); the preferences ``shared_prefs/com.samourai.wallet_preferences.xml`` (``PrefsUtil``: ``guid``,
  ``guid_version``, ``fp``, with ``useSegwit``, ``paynymClaimed``);
* ``.../app_wallet/samourai.multi``: the cached ``multiaddr`` response of the wallet's API (samourai-dojo
  ``doc/GET_multiaddr.md``: ``wallet.final_balance``, ``info.latest_block``, ``addresses[]``, ``txs[]`` with
  ``inputs[].prev_out`` and ``out[]`` for the wallet's own and BIP-47 addresses only, ``xpub{m, path}`` on
  the wallet's own), encrypted with the same password (``PayloadUtil.serializeMultiAddr``);
* ``.../app_wallet/samourai.paynyms``: the cached PayNym directory answer (``api/v1/nym``;
  ``paynym/models/PayNym.kt``: ``nymID``, ``nymName``, ``codes[]``, ``following[]``, ``followers[]`` of
  ``{code, nymName, nymId, segwit}``), same password (``PayloadUtil.serializePayNyms``);
* ``.../app_wallet/samourai.multi.mix``: the same for the Whirlpool accounts (``serializeMultiAddrMix``);
* ``.../app_wallet/samourai.support.txt`` and ``data/media/0/Documents/samourai/samourai.txt``: the same payload,
  compact, encrypted with the BIP-39 passphrase (``saveWalletToJSON``, ``ExternalBackupManager``).

The app files are written as the later app writes them (envelope version 2, ``AESUtil.encryptSHA256``, with
``whirlpool_account`` and ``fingerprint`` in the payload); the external backup as an earlier version left it
(version 1, ``AESUtil.encrypt``).

Keys come from a BIP-39 phrase of random entropy and the passphrase (embit); the BIP-47 payment codes
are laid out as BIP-47 says (version 1, sign byte + x, chain code, 13 reserved bytes, base58check with
prefix 0x47). Amounts are chosen as BTC text, so that a parser's conversion is checked, not repeated.
Nothing here is anybody's wallet.
"""

from __future__ import annotations

import hashlib
import json
import random
from decimal import Decimal
from pathlib import Path

from ..decoders import bitcoin as btc
from ..decoders import samourai_payload as sp

APP_DIR = "data/data/com.samourai.wallet/app_wallet"
PREFS_PATH = "data/data/com.samourai.wallet/shared_prefs/com.samourai.wallet_preferences.xml"
BACKUP_PATH = "data/media/0/Documents/samourai/samourai.txt"
START = 1_717_200_000  # 2024-06-01T00:00:00Z
TIP_HEIGHT = 851_000
#: ``whirlpool/WhirlpoolMeta.java``: Integer.MAX_VALUE - 3, - 2, - 1
BADBANK, PREMIX, POSTMIX = 2**31 - 4, 2**31 - 3, 2**31 - 2
DEVICE = {"BOARD": "sdm845", "MANUFACTURER": "Google", "BRAND": "google", "MODEL": "Pixel 3",
          "SERIAL": "unknown", "device_id": "358240051111110"}


def _satoshi(text: str) -> int:
    value = Decimal(text) * 100_000_000
    assert value == value.to_integral_value(), text
    return int(value)


def _android_json(value, indent: int | None = None) -> str:
    """``JSONObject.toString()`` / ``toString(4)`` of Android's org.json: ``/`` escaped, ``": "`` when indented."""
    if indent is None:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(value, indent=indent, separators=(",", ": "), ensure_ascii=False)
    return text.replace("/", "\\/")


def shared_prefs_xml(values: dict) -> bytes:
    """A SharedPreferences file as Android writes it (``XmlUtils.writeMapXml``): strings, booleans, ints."""
    from xml.sax.saxutils import escape, quoteattr

    lines = []
    for k, v in values.items():
        if isinstance(v, bool):
            lines.append(f"    <boolean name={quoteattr(k)} value=\"{'true' if v else 'false'}\" />")
        elif isinstance(v, int):
            lines.append(f"    <int name={quoteattr(k)} value=\"{v}\" />")
        else:
            lines.append(f"    <string name={quoteattr(k)}>{escape(v)}</string>")
    body = "\n".join(lines)
    return f"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n{body}\n</map>\n".encode()


def payment_code(pubkey: bytes, chain_code: bytes) -> str:
    """A BIP-47 version 1 payment code: 0x01, features 0x00, the 33-byte public key, the chain code, 13 zero bytes."""
    from embit import base58

    return base58.encode_check(b"\x47" + b"\x01\x00" + pubkey + chain_code + bytes(13))


def _random_pcode(r: random.Random) -> str:
    from embit import ec

    key = ec.PrivateKey(r.randbytes(31).rjust(32, b"\x01"))
    return payment_code(key.get_public_key().sec(), r.randbytes(32))


def _random_address(r: random.Random, kind: str) -> str:
    from embit import ec
    from embit import script as s
    from embit.networks import NETWORKS

    pub = ec.PrivateKey(r.randbytes(31).rjust(32, b"\x02")).get_public_key()
    script = s.p2pkh(pub) if kind == "p2pkh" else s.p2wpkh(pub)
    return script.address(NETWORKS["main"])


def build_samourai(*, passphrase: str, pin: str, seed=0) -> dict:
    """``{"payload", "multiaddr", "guid", "password", "manifest"}`` of one wallet (JSON values)."""
    from embit import bip32, bip39
    from embit.networks import NETWORKS

    r = random.Random(f"samourai-{seed}")
    entropy = r.randbytes(16)
    root = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(bip39.mnemonic_from_bytes(entropy), passphrase))
    net = NETWORKS["main"]

    # (purpose, account id, extended key, receiveIdx, changeIdx)
    plan = [(44, 0, 3, 1), (44, 1, 0, 0), (49, 0, 1, 0), (84, 0, 4, 2),
            (84, BADBANK, 0, 0), (84, PREMIX, 1, 0), (84, POSTMIX, 1, 0)]
    version = {44: "xpub", 49: "ypub", 84: "zpub"}
    accounts, owned = [], []
    for purpose, aid, rx, cx in plan:
        pub = root.derive(f"m/{purpose}h/0h/{aid}h").to_public()
        ext = pub.to_base58(version=net[version[purpose]])
        accounts.append({"purpose": purpose, "id": aid, "key": ext, "receiveIdx": rx, "changeIdx": cx})
        for chain, count in ((0, rx), (1, cx)):
            for i in range(count):
                owned.append({"address": btc.account_address(ext, chain, i, btc.PURPOSE_KINDS[purpose]),
                              "purpose": purpose, "account": aid, "chain": chain, "index": i, "extended_key": ext})
    b47 = root.derive("m/47h/0h/0h")
    own_pcode = payment_code(b47.to_public().key.sec(), b47.chain_code)

    notif_tx = r.randbytes(32).hex()
    contact_in = _random_address(r, "p2wpkh")
    contacts = [
        {"payment_code": _random_pcode(r), "label": "K-vendor", "archived": False, "segwit": True,
         "in_idx": [{"addr": contact_in, "idx": 0}], "_in_idx": 0, "out_idx": 1, "out_status": 1,
         "out_tx": notif_tx},
        {"payment_code": _random_pcode(r), "label": "", "archived": True, "segwit": False,
         "_in_idx": 0, "out_idx": 0, "out_status": -1, "out_tx": ""},
    ]
    owned.append({"address": contact_in, "purpose": 47, "account": None, "chain": None, "index": 0,
                  "extended_key": None, "payment_code": contacts[0]["payment_code"]})
    contact_pay = _random_address(r, "p2wpkh")  # the contact's address the wallet paid to (BIP-47 outgoing)
    paid = _random_address(r, "p2pkh")  # paid to in the third transaction: the API does not list it, sent_tos does

    by_path = {(o["extended_key"], o["chain"], o["index"]): o["address"] for o in owned if o["extended_key"]}
    key = {(a["purpose"], a["id"]): a["key"] for a in accounts}
    zpub, xpub0, ypub = key[(84, 0)], key[(44, 0)], key[(49, 0)]

    def mine(ext: str, chain: int, index: int, btc_text: str) -> dict:
        return {"value": _satoshi(btc_text), "addr": by_path[(ext, chain, index)],
                "xpub": {"m": ext, "path": f"M/{chain}/{index}"}}

    # each: inputs (own prev outs), outputs listed by the API, the BTC result, height or None
    txs_plan = [
        ([], [mine(zpub, 0, 0, "0.05")], "0.05", 850_100, "received at the BIP-84 account"),
        ([], [mine(xpub0, 0, 1, "0.0125")], "0.0125", 850_180, "received at the BIP-44 account"),
        ([mine(zpub, 0, 0, "0.05")], [mine(zpub, 1, 0, "0.0289")], "-0.0211", 850_400,
         "a payment to an address the API does not list, change back"),
        ([mine(xpub0, 0, 1, "0.0125")], [{"value": _satoshi("0.01"), "addr": contact_pay},
                                         mine(zpub, 1, 1, "0.0024")], "-0.0101", 850_650,
         "a BIP-47 payment to the contact, change back"),
        ([], [{"value": _satoshi("0.003"), "addr": contact_in}], "0.003", 850_900,
         "received from the contact at the BIP-47 address"),
        ([], [mine(ypub, 0, 0, "0.001")], "0.001", None, "received at the BIP-49 account, unconfirmed"),
    ]
    txs, manifest_txs, balance = _transactions(r, txs_plan, "samourai.multi")
    # a Whirlpool mix: the premix output (pool denomination + its share of the miner fee) to postmix
    mix_plan = [([mine(key[(84, PREMIX)], 0, 0, "0.0100017")], [mine(key[(84, POSTMIX)], 0, 0, "0.01")], "-0.0000017",
                 850_950, "a Whirlpool mix from premix to postmix (the API asked about both)")]
    mix_txs, mix_manifest, mix_balance = _transactions(r, mix_plan, "samourai.multi.mix", day=6)
    manifest_txs += mix_manifest
    # the paynym.is api/v1/nym response the app caches (paynym/models/PayNym.kt NymResponse)
    def nym(code: str, name: str) -> dict:
        return {"nymId": r.randbytes(12).hex(), "nymName": name, "code": code, "segwit": True}

    stranger = _random_pcode(r)
    own_nym = {"nymID": r.randbytes(12).hex(), "nymName": "+quietfrost5c2", "nymAvatar": "",
               "segwit": True, "codes": [{"code": own_pcode, "claimed": True, "segwit": True}],
               "following": [nym(contacts[0]["payment_code"], "+boldriver9e1")],
               "followers": [nym(contacts[0]["payment_code"], "+boldriver9e1"), nym(stranger, "+greyowl31d")]}
    addresses = [{"address": a["key"], "final_balance": 0, "account_index": a["receiveIdx"],
                  "change_index": a["changeIdx"], "n_tx": 0} for a in accounts if a["id"] == 0]
    addresses.append({"address": contact_in, "final_balance": _satoshi("0.003"), "n_tx": 1})
    tip = {"height": TIP_HEIGHT, "hash": "00000000000000000001" + r.randbytes(22).hex(), "time": START + 7 * 86_400}
    multiaddr = {"wallet": {"final_balance": balance}, "info": {"latest_block": tip}, "addresses": addresses,
                 "txs": txs}
    multiaddr_mix = {"wallet": {"final_balance": mix_balance}, "info": {"latest_block": tip},
                     "addresses": [{"address": key[(84, a)], "final_balance": b, "account_index": 1, "change_index": 0,
                                    "n_tx": 1} for a, b in ((PREMIX, 0), (POSTMIX, _satoshi("0.01")))],
                     "txs": mix_txs}

    def acct(a: dict) -> dict:
        return {version[a["purpose"]]: a["key"], "receiveIdx": a["receiveIdx"], "changeIdx": a["changeIdx"],
                "id": a["id"]}

    payload = {
        "wallet": {
            "testnet": False, "seed": entropy.hex(), "passphrase": passphrase,
            "accounts": [acct(a) for a in accounts if a["purpose"] == 44],
            "payment_code": own_pcode,
            "bip49_accounts": [acct(a) for a in accounts if a["purpose"] == 49],
            "bip84_accounts": [acct(a) for a in accounts if a["purpose"] == 84 and a["id"] == 0],
            "whirlpool_account": [acct(a) for a in accounts if a["purpose"] == 84 and a["id"] != 0],
            "fingerprint": root.my_fingerprint.hex(),
        },
        "meta": {
            "version_name": "0.99.98i", "android_release": "11", "device_manufacturer": DEVICE["MANUFACTURER"],
            "device_model": DEVICE["MODEL"], "device_product": "blueline", "prev_balance": balance,
            "sent_tos": [[paid, False]], "use_segwit": True, "spend_type": 1, "rbf_opt_in": False,
            "bip47": {"pcodes": contacts, "incoming_notif_hashes": []},
            "pin": pin, "pin2": "", "trusted_no": "", "scramble_pin": True, "auto_backup": True,
            "fiat": "USD", "use_trusted_node": False, "user_offline": False,
        },
    }
    guid = "%08x-%04x-4%03x-a%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                           r.getrandbits(12), r.getrandbits(48))
    fp = DEVICE["MANUFACTURER"] + DEVICE["BRAND"] + DEVICE["MODEL"] + DEVICE["SERIAL"]  # getFootprintV4, stored once
    password = sp.app_password(guid, pin, {"fp": fp}, guid_version=4)
    manifest = {
        "accounts": [{"purpose": a["purpose"], "id": a["id"], "extended_key": a["key"],
                      "receive_index": a["receiveIdx"], "change_index": a["changeIdx"]} for a in accounts],
        "owned_addresses": owned, "payment_code": own_pcode,
        "contacts": [{"payment_code": c["payment_code"], "label": c["label"], "archived": c["archived"]}
                     for c in contacts],
        "transactions": manifest_txs, "sent_to": [paid], "balance": btc.btc_text(balance), "seed_hex": entropy.hex(),
        "tip_height": TIP_HEIGHT,
    }
    manifest["paynym"] = {"nym_name": own_nym["nymName"], "nym_id": own_nym["nymID"],
                          "following": [[f["code"], f["nymName"]] for f in own_nym["following"]],
                          "followers": [[f["code"], f["nymName"]] for f in own_nym["followers"]]}
    prefs = {"guid": guid, "guid_version": 4, "fp": fp, "useSegwit": True, "paynymClaimed": True}
    return {"payload": payload, "multiaddr": multiaddr, "multiaddr_mix": multiaddr_mix, "paynyms": own_nym,
            "prefs": prefs, "guid": guid, "password": password, "manifest": manifest}


def _transactions(r: random.Random, plan: list, file: str, day: int = 0) -> tuple[list, list, int]:
    """``(txs newest first, manifest entries, final balance)`` of a ``multiaddr`` answer's transactions: each
    plan entry is (inputs, outputs the API lists, the BTC result, block height or None, what it is)."""
    txs, manifest, balance = [], [], 0
    for n, (ins, outs, result, height, what) in enumerate(plan, day):
        t = START + n * 86_400 + r.randrange(3_600)
        txid = r.randbytes(32).hex()
        balance += _satoshi(result)
        tx = {"hash": txid, "version": 2, "locktime": 0, "result": _satoshi(result), "balance": balance, "time": t}
        if height is not None:
            tx["block_height"] = height
        tx["inputs"] = [{"vin": k, "prev_out": {"txid": r.randbytes(32).hex(), "vout": r.randrange(3), **i},
                         "sequence": 4294967293} for k, i in enumerate(ins)]
        tx["out"] = [{"n": k, **o} for k, o in enumerate(outs)]
        txs.append(tx)
        outgoing = result.startswith("-")
        manifest.append({
            "file": file, "tx_hash": txid, "time": t, "amount": btc.btc_text(_satoshi(result)), "what": what,
            "direction": "outgoing" if outgoing else "incoming",
            "confirmations": TIP_HEIGHT - height + 1 if height is not None else 0,
            "from_addresses": [i["addr"] for i in ins], "to_addresses": [o["addr"] for o in outs],
            "recipients": [o["addr"] for o in outs if "xpub" not in o] if outgoing else [o["addr"] for o in outs],
        })
    txs.reverse()  # the API lists the newest first
    return txs, manifest, balance


def write_samourai_extraction(dest: Path, *, passphrase: str, pin: str, seed=0) -> dict:
    """Write the files under ``dest`` as the current app does (envelope version 2), with an external backup left
    by an older version (envelope version 1); returns the manifest (with the files, versions and both keys)."""
    w = build_samourai(passphrase=passphrase, pin=pin, seed=seed)
    r = random.Random(f"samourai-iv-{seed}")
    dest = Path(dest)
    files = {  # path: (plaintext, password, envelope version)
        f"{APP_DIR}/samourai.dat": (_android_json(w["payload"], 4), w["password"], 2),
        f"{APP_DIR}/samourai.multi": (_android_json(w["multiaddr"], 4), w["password"], 2),
        f"{APP_DIR}/samourai.multi.mix": (_android_json(w["multiaddr_mix"], 4), w["password"], 2),
        f"{APP_DIR}/samourai.paynyms": (_android_json(w["paynyms"], 4), w["password"], 2),
        f"{APP_DIR}/samourai.support.txt": (_android_json(w["payload"]), passphrase, 2),
        BACKUP_PATH: (_android_json(w["payload"]), passphrase, 1),
    }
    prefs = dest / PREFS_PATH
    prefs.parent.mkdir(parents=True, exist_ok=True)
    prefs.write_bytes(shared_prefs_xml(w["prefs"]))
    for rel, (text, password, version) in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if version == 2:
            data = sp.encrypt_v2(text, password, salt=r.randbytes(8))
        else:
            data = sp.encrypt(text, password, iv=r.randbytes(16), filler=r.randbytes(15))
        path.write_text(sp.file_text(data, version), encoding="utf-8")
    return {"files": sorted(files), "prefs": PREFS_PATH, "versions": {rel: v for rel, (_, _, v) in files.items()},
            "app_password": w["password"], "guid": w["guid"], "fp": w["prefs"]["fp"],
            "footprint": sp.footprint({"fp": w["prefs"]["fp"]}), "pin": pin, "passphrase": passphrase,
            "sha256": {rel: hashlib.sha256((dest / rel).read_bytes()).hexdigest() for rel in files},
            **w["manifest"]}
