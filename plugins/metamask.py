"""MetaMask mobile (Android ``io.metamask``, iOS): accounts, address book, transactions and the vault.

Where the state is (``MetaMask/metamask-mobile``):

* ``app/store/persistConfig.ts`` / ``app/store/persistConfig/index.ts``: redux-persist with
  ``FilesystemStorage`` (``redux-persist-filesystem-storage``), falling back to AsyncStorage only to
  migrate; ``robwalkerco/redux-persist-filesystem-storage`` ``index.js`` writes each key to
  ``<DocumentDir>/persistStore/<key with ':' replaced by '-'>``, i.e. Android
  ``data/data/io.metamask/files/persistStore/`` and iOS ``<app container>/Documents/persistStore/``.
* Up to migration 104 (``app/store/persistConfig/STATE_FLOW_DOCUMENTATION.md``) the whole state is
  one file, ``persist-root``: a JSON object whose every top-level value is itself a JSON *text*
  (redux-persist); ``engine`` holds ``{"backgroundState": {<Controller>: state}}`` (iLEAPP
  ``scripts/artifacts/metamask.py`` reads it the same way). From migration 104 on, ``engine`` is
  blacklisted from ``persist-root`` and every controller is written to its own file
  ``persist-<Controller>`` (key ``persist:<Controller>``, ``createPersistController``), a plain JSON
  object of the controller's state with an optional ``_persist`` (``ControllerStorage.getKey``);
  ALEAPP ``scripts/artifacts/metamask.py`` reads ``persist-AccountsController`` and
  ``persist-AddressBookController`` there.

What is read (``MetaMask/core`` packages; iLEAPP for the older names):

* ``AccountsController.internalAccounts.accounts{id: {id, address, type, metadata{name,
  importTime (ms, Date.now()), keyring{type}}}}``, and the older
  ``PreferencesController.identities{address: {name, address, importTime (ms)}}``: the addresses the
  device owns, each a ``wallet`` event (sender = the address, body = the account's name).
* ``AddressBookController.addressBook{chainId: {address: {address, name, chainId, memo}}}``: ``contact``
  events.
* ``TransactionController.transactions[]`` (``transaction-controller/src/types.ts``
  ``TransactionMeta``): ``id``, ``hash``, ``status`` (unapproved, approved, signed, submitted,
  confirmed, failed, dropped, rejected, cancelled), ``time`` (**ms**), ``submittedTime`` (ms),
  ``chainId`` (hex), ``type``, ``txParams{from, to, value (hex wei), gas, gasPrice, maxFeePerGas,
  maxPriorityFeePerGas, nonce, data}``, ``txReceipt{gasUsed, effectiveGasPrice, blockNumber,
  status}``, ``blockNumber``, ``transferInformation{amount, contractAddress, decimals, symbol}``
  (incoming token transfers); older versions (iLEAPP) name ``txParams`` ``transaction`` and ``hash``
  ``transactionHash``. An outgoing ERC-20 ``transfer(address,uint256)`` (``txParams.data``, selector
  ``0xa9059cbb``, EIP-20 and the Solidity ABI) is read as the token moving to the recipient in the
  call, its symbol and decimals from ``TokensController.allTokens{chainId: {account: [{address,
  symbol, decimals}]}}`` (older ``tokens[]``); a token the wallet does not list keeps the native
  value, with the call's contract, recipient and raw amount in ``extra``. Each is a ``transaction`` event: amount = ``value`` wei as ETH (or the
  token amount scaled by its decimals), exact decimal text, negative when it left one of the
  device's addresses; fee = ``txReceipt.gasUsed`` x ``effectiveGasPrice`` when the receipt has both;
  asset = the chain's ``nativeCurrency`` from ``NetworkController.networkConfigurationsByChainId``
  (older ``networkConfigurations{id: {chainId, ticker}}`` / ``providerConfig{chainId, ticker}``), else
  ``ETH`` on chain ``0x1`` (Ethereum mainnet, EIP-155), else ``native of eip155:<id>``;
  network = the CAIP-2 id ``eip155:<decimal chain id>`` (the scopes of MetaMask's accounts).
  MetaMask does not store confirmations: ``confirmations`` is null.
* ``KeyringController.vault``: encrypted with the wallet password (``artefacts.decoders.metamask_vault``).
  Without a password it is one ``other`` event describing it; with ``--key metamask=PASSWORD`` the
  keyrings (``[{type, data}]``; an HD keyring's ``data.mnemonic`` is the phrase as an array of
  UTF-8 byte values, or text in older versions) become ``other`` events holding what they hold.
  A wrong password, or a vault that cannot be opened, is one warning and the run goes on.

In the per-controller layout the transactions' owned addresses and networks come from the
``persist-AccountsController`` / ``persist-PreferencesController`` / ``persist-NetworkController`` /
``persist-TokensController`` files beside them. A file that is not JSON (damaged, truncated) is one warning naming the reason.
"""

from __future__ import annotations

import json

from artefacts import hookimpl
from artefacts.amounts import ETHER_DECIMALS, negated, quantity, scaled
from artefacts.decoders import metamask_vault as mv
from artefacts.events import INCOMING, NOT_A_TIME, OUTGOING, contact_event, wallet_event
from artefacts.parser import Parser, SQLiteParser
from artefacts.timeconv import UNIX_MILLISECONDS

__version__ = "1.0"

ACCOUNTS = "AccountsController"
PREFERENCES = "PreferencesController"
TRANSACTIONS = "TransactionController"
KEYRING = "KeyringController"
ADDRESS_BOOK = "AddressBookController"
NETWORK = "NetworkController"
TOKENS = "TokensController"
TRANSFER_SELECTOR = "0xa9059cbb"
#: the controller files that give events
EVENT_CONTROLLERS = (ACCOUNTS, PREFERENCES, ADDRESS_BOOK, TRANSACTIONS, KEYRING)
ROOT = "persist-root"
TX_TIME = "Transaction Time"
IMPORT_TIME = "Import Time"
#: the most bytes of one state file read (the app's whole state is a few MB; 10.79 MB measured, MetaMask/core
#: packages/storage-service/README.md)
MAX_STATE_BYTES = 256 << 20


class StateError(Exception):
    pass


def _json(text, what: str):
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise StateError(f"{what} is not valid JSON ({exc})") from None


def controllers_of(name: str, text: str) -> dict:
    """``{controller: state}`` held by one persist file (``persist-root`` or ``persist-<Controller>``)."""
    obj = _json(text, name)
    if not isinstance(obj, dict):
        raise StateError(f"{name} is not a JSON object")
    if name == ROOT:
        engine = obj.get("engine")
        if engine is None:
            return {}
        if isinstance(engine, str):
            engine = _json(engine, "its engine value")
        bg = engine.get("backgroundState") if isinstance(engine, dict) else None
        if not isinstance(bg, dict):
            raise StateError("its engine value has no backgroundState object")
        return {k: v for k, v in bg.items() if isinstance(v, dict)}
    controller = name[len("persist-"):]
    return {controller: {k: v for k, v in obj.items() if k != "_persist"}}


def _read(path) -> str:
    with open(path, "rb") as f:
        data = f.read(MAX_STATE_BYTES + 1)
    if len(data) > MAX_STATE_BYTES:
        raise StateError(f"larger than {MAX_STATE_BYTES} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _file_name(ctx) -> str:
    return ctx.source.path.rsplit("/", 1)[-1]


# -- lookups -------------------------------------------------------------------------------
def owned_addresses(state: dict) -> dict:
    """``{lowercase address: account name}`` of the accounts and identities in ``state``."""
    owned = {}
    for acc in _accounts(state):
        addr = acc.get("address")
        if isinstance(addr, str):
            owned.setdefault(addr.lower(), (acc.get("metadata") or {}).get("name"))
    ids = (state.get(PREFERENCES) or {}).get("identities")
    if isinstance(ids, dict):
        for addr, ident in ids.items():
            if isinstance(addr, str):
                owned.setdefault(addr.lower(), ident.get("name") if isinstance(ident, dict) else None)
    return owned


def native_assets(state: dict) -> dict:
    """``{chainId (lowercase hex): (ticker, network name)}`` from ``NetworkController``."""
    net = state.get(NETWORK) or {}
    out = {}
    by_chain = net.get("networkConfigurationsByChainId")
    if isinstance(by_chain, dict):
        for cid, conf in by_chain.items():
            if isinstance(conf, dict) and isinstance(conf.get("nativeCurrency"), str):
                out[str(cid).lower()] = (conf["nativeCurrency"], conf.get("name"))
    confs = net.get("networkConfigurations")
    if isinstance(confs, dict):
        for conf in confs.values():
            if isinstance(conf, dict) and isinstance(conf.get("chainId"), str) and isinstance(conf.get("ticker"), str):
                out.setdefault(conf["chainId"].lower(), (conf["ticker"], conf.get("nickname")))
    prov = net.get("providerConfig")
    if isinstance(prov, dict) and isinstance(prov.get("chainId"), str) and isinstance(prov.get("ticker"), str):
        out.setdefault(prov["chainId"].lower(), (prov["ticker"], prov.get("nickname")))
    return out


def caip2(chain_id) -> str | None:
    try:
        return f"eip155:{quantity(chain_id)}"
    except ValueError:
        return None


def _accounts(state: dict) -> list:
    accs = ((state.get(ACCOUNTS) or {}).get("internalAccounts") or {}).get("accounts")
    return [a for a in accs.values() if isinstance(a, dict)] if isinstance(accs, dict) else []


# -- mappings ------------------------------------------------------------------------------
def _wallet_event(address, name, import_time, column: str, extra: dict, ctx) -> dict:
    """An address the device owns -> a ``wallet`` event (sender = the address), timed by its import."""
    return wallet_event(address, timestamp=ctx.time(UNIX_MILLISECONDS, import_time, zero_is_null=True, column=column),
                        timestamp_raw=import_time, timestamp_desc=IMPORT_TIME if import_time else NOT_A_TIME,
                        extra=extra, name=name, body=name)


def account_to_event(acc: dict, ctx) -> dict:
    """One ``AccountsController.internalAccounts.accounts`` entry -> a ``wallet`` event."""
    meta = acc.get("metadata") or {}
    extra = {"account_id": acc.get("id"), "account_type": acc.get("type"),
             "keyring_type": (meta.get("keyring") or {}).get("type"), "scopes": acc.get("scopes")}
    return _wallet_event(acc.get("address"), meta.get("name"), meta.get("importTime"), "accounts.metadata.importTime",
                         extra, ctx)


def identity_to_event(ident: dict, ctx) -> dict:
    """One ``PreferencesController.identities`` entry -> a ``wallet`` event."""
    return _wallet_event(ident.get("address"), ident.get("name"), ident.get("importTime"), "identities.importTime",
                         {}, ctx)


def erc20_transfer(data) -> tuple[str, int] | None:
    """``(recipient, amount in the token's smallest unit)`` of ERC-20 ``transfer(address,uint256)`` call data.

    EIP-20 ``transfer``; Solidity ABI: selector ``0xa9059cbb`` (the first 4 bytes of
    keccak256("transfer(address,uint256)")), then two 32-byte words, the address right-aligned.
    """
    if not isinstance(data, str) or not data.lower().startswith(TRANSFER_SELECTOR) or len(data) != 10 + 128:
        return None
    word1, word2 = data[10:74], data[74:138]
    try:
        if int(word1[:24], 16) != 0:
            return None
        return "0x" + word1[24:].lower(), int(word2, 16)
    except ValueError:
        return None


def token_lookup(state: dict) -> dict:
    """``{(chainId, contract), lowercase: (symbol, decimals)}`` of ``TokensController`` (``allTokens{chainId:
    {account: [{address, symbol, decimals}]}}``; older ``tokens[]`` without a chain)."""
    tc = state.get(TOKENS) or {}
    out = {}
    lists = []
    if isinstance(tc.get("allTokens"), dict):
        for cid, by_account in tc["allTokens"].items():
            if isinstance(by_account, dict):
                lists += [(str(cid).lower(), t) for ts in by_account.values() if isinstance(ts, list) for t in ts]
    if isinstance(tc.get("tokens"), list):
        lists += [(None, t) for t in tc["tokens"]]
    for cid, t in lists:
        if isinstance(t, dict) and isinstance(t.get("address"), str) and isinstance(t.get("decimals"), int):
            out.setdefault((cid, t["address"].lower()), (t.get("symbol"), t["decimals"]))
    return out


def _amount(meta: dict, params: dict, native: str, tokens: dict, chain_key) -> tuple[str, str, object, dict]:
    """``(asset, amount text, amount as stored, token fields)`` of a transaction."""
    info = meta.get("transferInformation")
    if isinstance(info, dict) and info.get("amount") is not None and isinstance(info.get("decimals"), int):
        token = {"token_contract": info.get("contractAddress"), "token_decimals": info["decimals"]}
        return info.get("symbol") or "unknown token", scaled(quantity(info["amount"]), info["decimals"]), \
            info["amount"], token
    transfer = erc20_transfer(params.get("data"))
    contract = params.get("to").lower() if isinstance(params.get("to"), str) else None
    if transfer is not None and contract is not None:
        recipient, units = transfer
        known = tokens.get((chain_key, contract)) or tokens.get((None, contract))
        token = {"token_contract": contract, "token_recipient": recipient, "token_amount_raw": str(units)}
        if known is not None:
            symbol, decimals = known
            token["token_decimals"] = decimals
            return symbol or "unknown token", scaled(units, decimals), str(units), token
        raw = params.get("value")  # a token the wallet does not list: the native value moved, the token call kept
        return native, scaled(quantity(raw) if raw is not None else 0, ETHER_DECIMALS), raw, token
    raw = params.get("value")
    return native, scaled(quantity(raw) if raw is not None else 0, ETHER_DECIMALS), raw, {}


def _fee(meta: dict) -> str | None:
    rec = meta.get("txReceipt")
    if not isinstance(rec, dict) or rec.get("gasUsed") is None or rec.get("effectiveGasPrice") is None:
        return None
    return scaled(quantity(rec["gasUsed"]) * quantity(rec["effectiveGasPrice"]), ETHER_DECIMALS)


def transaction_to_event(meta: dict, ctx) -> dict:
    """One ``TransactionController.transactions`` entry -> a ``transaction`` event."""
    owned = ctx.lookups["owned"]
    params = meta.get("txParams")
    if params is None:
        params = meta.get("transaction")  # older TransactionController (iLEAPP)
    params = params if isinstance(params, dict) else {}
    chain = meta.get("chainId") or params.get("chainId")
    chain_key = chain.lower() if isinstance(chain, str) else None
    ticker, network_name = ctx.lookups["assets"].get(chain_key, (None, None))
    if ticker is None:
        ticker = "ETH" if chain_key == "0x1" else f"native of {caip2(chain) or chain}"
    asset, amount, amount_raw, token = _amount(meta, params, ticker, ctx.lookups["tokens"], chain_key)
    sender, to = params.get("from"), params.get("to")
    if "token_decimals" in token and "token_recipient" in token:
        to = token["token_recipient"]  # the token moved to the recipient in the call, not to the contract
    out_ = isinstance(sender, str) and sender.lower() in owned
    in_ = isinstance(to, str) and to.lower() in owned
    if out_:
        amount = negated(amount)
    tx_hash = meta.get("hash") or meta.get("transactionHash")
    raw = meta.get("time")
    fee = _fee(meta)
    extra = {
        "asset": asset,
        "network": caip2(chain) if chain is not None else None,
        "network_name": network_name,
        "amount": amount,
        "amount_raw": amount_raw,
        "fee": fee,
        "fee_asset": ticker if fee is not None else None,
        "from_addresses": [sender] if isinstance(sender, str) else [],
        "to_addresses": [to] if isinstance(to, str) else [],
        "tx_hash": tx_hash.lower() if isinstance(tx_hash, str) else None,
        "confirmations": None,
        "id": meta.get("id"),
        "chain_id": chain,
        "type": meta.get("type"),
        "nonce": params.get("nonce"),
        "gas": params.get("gas") or params.get("gasLimit"),
        "gas_price": params.get("gasPrice"),
        "max_fee_per_gas": params.get("maxFeePerGas"),
        "max_priority_fee_per_gas": params.get("maxPriorityFeePerGas"),
        "data": params.get("data"),
        "block_number": meta.get("blockNumber") or (meta.get("txReceipt") or {}).get("blockNumber"),
        "receipt_status": (meta.get("txReceipt") or {}).get("status"),
        "submitted_time": ctx.time(UNIX_MILLISECONDS, meta.get("submittedTime"), column="transactions.submittedTime"),
        "origin": meta.get("origin"),
        **token,
    }
    return {
        "timestamp": ctx.time(UNIX_MILLISECONDS, raw, column="transactions.time"),
        "timestamp_raw": raw,
        "timestamp_desc": TX_TIME if raw is not None else NOT_A_TIME,
        "kind": "transaction",
        "direction": OUTGOING if out_ else INCOMING if in_ else None,
        "sender": sender,
        "sender_name": owned.get(sender.lower()) if isinstance(sender, str) else None,
        "recipients": [to] if isinstance(to, str) else [],
        "body": f"{amount} {asset}",
        "status": meta.get("status"),
        "extra": extra,
    }


def contact_to_event(entry: dict, ctx) -> dict:
    addr, name = entry.get("address"), entry.get("name")
    return contact_event(addr, name, name, {"chain_id": entry.get("chainId"), "memo": entry.get("memo"),
                                            "is_ens": entry.get("isEns")}, ctx.locator)


def keyring_to_event(keyring, ctx) -> dict:
    """One decrypted keyring ``{type, data}`` -> an ``other`` event holding what it holds."""
    if not isinstance(keyring, dict):
        raise ValueError(f"a keyring is not an object but {type(keyring).__name__}")
    data = keyring.get("data")
    extra = {"keyring_type": keyring.get("type")}
    if isinstance(data, dict):
        mnemonic = data.get("mnemonic")
        if isinstance(mnemonic, list):
            mnemonic = bytes(mnemonic).decode("utf-8")
        extra.update(secret_recovery_phrase=mnemonic, number_of_accounts=data.get("numberOfAccounts"),
                     hd_path=data.get("hdPath"))
        extra.update({k: v for k, v in data.items() if k not in ("mnemonic", "numberOfAccounts", "hdPath")})
    elif isinstance(data, list):
        extra["private_keys"] = data
    elif data is not None:
        extra["data"] = data
    if isinstance(keyring.get("metadata"), dict):
        extra["metadata"] = keyring["metadata"]
    return {"kind": "other", "body": f"MetaMask keyring: {keyring.get('type')}", "extra": extra}


def parse_state(ctx, state: dict, lookup_state: dict, prefix: str = ""):
    """The events of the controllers in ``state``; owned addresses and tickers from ``lookup_state``.

    ``prefix`` starts every locator (a key of the AsyncStorage database).
    """
    ctx.lookups["owned"] = owned_addresses(lookup_state)
    ctx.lookups["assets"] = native_assets(lookup_state)
    ctx.lookups["tokens"] = token_lookup(lookup_state)
    rows = ({**a, "id": a.get("id") or a.get("address")} for a in _accounts(state))
    yield from ctx.map_rows(rows, account_to_event, table=f"{prefix}{ACCOUNTS}.internalAccounts.accounts", id_column="id")
    ids = (state.get(PREFERENCES) or {}).get("identities")
    if isinstance(ids, dict):
        rows = ({**v, "address": k} for k, v in ids.items() if isinstance(v, dict))
        yield from ctx.map_rows(rows, identity_to_event, table=f"{prefix}{PREFERENCES}.identities", id_column="address")
    book = (state.get(ADDRESS_BOOK) or {}).get("addressBook")
    if isinstance(book, dict):
        rows = ({**entry, "entry": f"{cid}/{addr}"} for cid, entries in book.items() if isinstance(entries, dict)
                for addr, entry in entries.items() if isinstance(entry, dict))
        yield from ctx.map_rows(rows, contact_to_event, table=f"{prefix}{ADDRESS_BOOK}.addressBook", id_column="entry")
    txs = (state.get(TRANSACTIONS) or {}).get("transactions")
    if isinstance(txs, list):
        rows = ({**t, "id": t.get("id", f"#{i}")} for i, t in enumerate(txs) if isinstance(t, dict))
        yield from ctx.map_rows(rows, transaction_to_event, table=f"{prefix}{TRANSACTIONS}.transactions", id_column="id")
    vault = (state.get(KEYRING) or {}).get("vault")
    if isinstance(vault, str):
        yield from vault_events(ctx, vault, prefix)


def vault_events(ctx, vault: str, prefix: str = ""):
    locator = f"{prefix}{KEYRING}:vault"
    try:
        described = mv.describe(vault)
    except mv.VaultError as exc:
        ctx.warn(f"the MetaMask vault cannot be decrypted: {exc}", locator)
        return
    passwords = ctx.keys("metamask")
    body = f"MetaMask vault (encrypted: {described['kdf']} {described['iterations']} iterations, {described['cipher']})"
    yield {"kind": "other", "body": body, "extra": {"vault": described}, "source_locator": locator}
    if not passwords:
        return
    tried = []
    for n, password in enumerate(passwords, 1):
        label = f"--key metamask #{n}"
        try:
            keyrings = mv.decrypt(vault, password)
        except mv.WrongPassword:
            tried.append(f"{label}: wrong password")
            continue
        except mv.VaultError as exc:
            ctx.warn(f"the MetaMask vault cannot be decrypted: {exc}", locator)
            return
        provenance = {"format": "metamask vault", "key_source": label, **described}
        if not isinstance(keyrings, list):
            ctx.warn(f"the decrypted MetaMask vault is not a list of keyrings but {type(keyrings).__name__}", locator)
            return
        rows = ({"index": i, "keyring": k} for i, k in enumerate(keyrings))

        def mapping(row, c):
            ev = keyring_to_event(row["keyring"], c)
            ev["extra"]["decrypted_from"] = dict(provenance)
            return ev

        yield from ctx.map_rows(rows, mapping, table=f"{prefix}{KEYRING}.vault.keyrings", id_column="index")
        return
    ctx.warn("cannot decrypt the MetaMask vault: " + "; ".join(tried)
             + ". Give the wallet password with --key metamask=PASSWORD", locator)



# -- the parsers ---------------------------------------------------------------------------
class _MetaMask(Parser):
    app = "metamask"
    version = __version__
    description = "MetaMask mobile: accounts, address book, transactions (value, fee, hash), vault with --key metamask=PASSWORD"
    time_units = {
        "AccountsController.internalAccounts.accounts.metadata.importTime": UNIX_MILLISECONDS,
        "PreferencesController.identities.importTime": UNIX_MILLISECONDS,
        "TransactionController.transactions.time": UNIX_MILLISECONDS,
        "TransactionController.transactions.submittedTime": UNIX_MILLISECONDS,
    }
    tables = {
        "AccountsController.internalAccounts.accounts": {"address"},
        "PreferencesController.identities": {"address"},
        "TransactionController.transactions": {"id", "time", "txParams"},
        "AddressBookController.addressBook": {"address"},
        "KeyringController": {"vault"},
    }
    references = (
        "MetaMask/metamask-mobile app/store/persistConfig/index.ts, STATE_FLOW_DOCUMENTATION.md, app/core/Encryptor/",
        "robwalkerco/redux-persist-filesystem-storage index.js",
        "MetaMask/core packages/transaction-controller/src/types.ts",
        "abrignoni/iLEAPP scripts/artifacts/metamask.py; abrignoni/ALEAPP scripts/artifacts/metamask.py",
    )
    #: the folder the persist files are in, under the app's data (set by the platform classes)
    folder = ""

    @classmethod
    def _globs(cls, folder: str, names) -> tuple[str, ...]:
        return tuple(f"**/{folder}/persistStore/{n}" for n in names)

    def check_file(self, ctx) -> str | None:
        name = _file_name(ctx)
        if name != ROOT:
            return None
        try:
            text = _read(ctx.source.local_path)
            obj = json.loads(text)
        except (OSError, StateError, ValueError):
            return None  # damaged: parse says why
        if isinstance(obj, dict) and "engine" not in obj:
            return "a redux-persist root without the engine state (the controllers are in persist-<Controller> files)"
        return None

    def parse(self, ctx):
        name = _file_name(ctx)
        try:
            state = controllers_of(name, _read(ctx.source.local_path))
        except (OSError, StateError) as exc:
            ctx.warn_file(f"cannot read the MetaMask state file {name}: {exc}")
            return
        lookup_state = dict(state)
        for controller in _RELATED:
            if controller not in lookup_state:
                lookup_state.update(self._related_state(ctx, controller))
        yield from parse_state(ctx, state, lookup_state)

    def _related_state(self, ctx, controller: str) -> dict:
        """A controller's state from its own file beside this one (silently nothing if absent or damaged:
        that file is parsed, and warned about, on its own)."""
        for source in ctx.related(controller):
            try:
                return controllers_of(f"persist-{controller}", _read(source.local_path))
            except (OSError, StateError):
                continue
        return {}


_FILES = (ROOT, *(f"persist-{c}" for c in EVENT_CONTROLLERS))
_RELATED = (ACCOUNTS, PREFERENCES, NETWORK, TOKENS)


class MetaMaskAndroidParser(_MetaMask):
    name = "metamask_android"
    platform = "android"
    path_globs = _MetaMask._globs("io.metamask/files", _FILES)
    related_globs = {c: _MetaMask._globs("io.metamask/files", (f"persist-{c}",)) for c in _RELATED}


class MetaMaskIosParser(_MetaMask):
    name = "metamask_ios"
    platform = "ios"
    path_globs = _MetaMask._globs("Documents", _FILES)
    related_globs = {c: _MetaMask._globs("Documents", (f"persist-{c}",)) for c in _RELATED}


ASYNC_TABLE = "catalystLocalStorage"


class MetaMaskAsyncStorageParser(SQLiteParser):
    """The state of older versions in React Native's AsyncStorage database ``databases/RKStorage``.

    ``react-native-async-storage`` ``ReactDatabaseSupplier.java``: database ``RKStorage``, table
    ``catalystLocalStorage (key TEXT PRIMARY KEY, value TEXT NOT NULL)``; redux-persist keys
    ``persist:root`` / ``persist:<Controller>`` hold the same JSON as the files of the same name
    (``persistConfig``'s ``MigratedStorage`` reads AsyncStorage when the file is not there).
    """

    name = "metamask_asyncstorage"
    version = __version__
    app = "metamask"
    platform = "android"
    description = "MetaMask mobile, older versions: the redux-persist state in AsyncStorage (RKStorage)"
    path_globs = ("**/io.metamask/databases/RKStorage",)
    required_tables = {ASYNC_TABLE: {"key", "value"}}
    time_units = _MetaMask.time_units
    references = _MetaMask.references + ("react-native-async-storage android ReactDatabaseSupplier.java",)

    def parse(self, ctx):
        # the redux-persist key -> the file name FilesystemStorage gives it (':' -> '-')
        names = {f"persist:{c}": f"persist-{c}" for c in ("root", *EVENT_CONTROLLERS, NETWORK, TOKENS)}
        states = []
        for row in ctx.rows(f"SELECT key, value FROM {ASYNC_TABLE} WHERE key LIKE 'persist:%' ORDER BY key"):
            key = row["key"]
            if key not in names:
                continue
            try:
                states.append((key, controllers_of(names[key], row["value"])))
            except StateError as exc:
                ctx.warn(f"cannot read the MetaMask state {key}: {exc}", f"{ASYNC_TABLE}:key={key}")
        lookup_state = {}
        for _, state in states:
            lookup_state.update(state)
        for key, state in states:
            yield from parse_state(ctx, state, lookup_state, prefix=f"{ASYNC_TABLE}[{key}]/")


@hookimpl
def register_parsers(register):
    register(MetaMaskAndroidParser)
    register(MetaMaskIosParser)
    register(MetaMaskAsyncStorageParser)
