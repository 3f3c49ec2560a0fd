"""Address codecs and checksums for the indicator scanner.

Maintained libraries where they exist: ``embit`` (already the wallets' dependency) for Base58Check
and for Bech32/Bech32m segwit addresses with the BIP-173/BIP-350 rules (witness version 0 with
Bech32 and a 20- or 32-byte program, versions 1-16 with Bech32m and 2-40 bytes), ``pycryptodome``
(Keccak-256 of Ethereum's EIP-55 and Monero), ``hashlib`` (SHA3-256 of Tor v3 onion addresses).
Written here, from the specifications, only what none of them does:

* **CashAddr** (Bitcoin Cash, spec "cashaddr.md" of the Bitcoin ABC/BCHN repositories): 40-bit
  BCH checksum over the prefix and payload, generator constants from the spec (the character set
  and 5-to-8-bit regrouping are Bech32's, from embit).
* **Monero Base58** (Monero ``src/common/base58.cpp``): 8-byte blocks as 11 characters, the last
  block by the size table {0:0,1:2,2:3,3:5,4:6,5:7,6:9,7:10,8:11}; address = varint network
  prefix + keys (+ payment id) + the first 4 bytes of Keccak-256 of the rest. Prefixes of the main
  network (Monero ``src/cryptonote_config.h``): 18 standard, 19 integrated, 42 subaddress.
* **Tor v3 onion** (Tor ``rend-spec-v3.txt`` §6): base32 of public key (32) + checksum (2) +
  version (1, = 3); checksum = SHA3-256(".onion checksum" + pubkey + version)[:2].
"""

from __future__ import annotations

import base64
import hashlib

from embit import base58 as _embit_base58
from embit import bech32 as _embit_bech32

__all__ = [
    "base58check", "segwit_decode", "cashaddr_valid", "monero_decode", "keccak256", "eip55", "onion_v3_valid",
]

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(s: str) -> bytes | None:
    """The payload (version byte(s) + hash) of a Base58Check string, or None when the checksum fails."""
    try:
        return _embit_base58.decode_check(s)
    except ValueError:
        return None


def segwit_decode(hrp: str, s: str) -> tuple[int, bytes] | None:
    """``(witness version, program)`` of a segwit address for ``hrp`` (BIP-173/350 rules), else None."""
    try:
        version, prog = _embit_bech32.decode(hrp, s)
    except (ValueError, TypeError):
        return None
    return None if version is None else (version, bytes(prog))


# -- CashAddr ------------------------------------------------------------------------------------

def _cash_polymod(values) -> int:
    c = 1
    for d in values:
        c0 = c >> 35
        c = ((c & 0x07FFFFFFFF) << 5) ^ d
        if c0 & 0x01:
            c ^= 0x98F2BC8E61
        if c0 & 0x02:
            c ^= 0x79B76D99E2
        if c0 & 0x04:
            c ^= 0xF33E5FB3C4
        if c0 & 0x08:
            c ^= 0xAE2EABE2A8
        if c0 & 0x10:
            c ^= 0x1E4F43E470
    return c ^ 1


def cashaddr_valid(payload: str, prefix: str = "bitcoincash") -> bool:
    """Whether ``payload`` (the part after ``prefix:``) has a valid CashAddr checksum and a 160-bit hash."""
    if payload.lower() != payload and payload.upper() != payload:
        return False
    payload = payload.lower()
    try:
        data = [_embit_bech32.CHARSET.index(c) for c in payload]
    except ValueError:
        return False
    if _cash_polymod([ord(c) & 31 for c in prefix] + [0] + data) != 0:
        return False
    raw = _embit_bech32.convertbits(data[:-8], 5, 8, False)
    return raw is not None and len(raw) == 21 and raw[0] in (0x00, 0x08)  # version: P2PKH / P2SH, 160 bits


# -- Keccak, Ethereum ----------------------------------------------------------------------------

def keccak256(data: bytes) -> bytes:
    from Crypto.Hash import keccak

    return keccak.new(digest_bits=256, data=data).digest()


def eip55(address_hex40: str) -> str:
    """The EIP-55 mixed-case form of a 40-hex-digit address (without ``0x``)."""
    low = address_hex40.lower()
    h = keccak256(low.encode()).hex()
    return "".join(c.upper() if c.isalpha() and int(h[i], 16) >= 8 else c for i, c in enumerate(low))


# -- Monero --------------------------------------------------------------------------------------

_XMR_FULL_BLOCK, _XMR_FULL_ENC = 8, 11
_XMR_ENC_SIZES = [0, 2, 3, 5, 6, 7, 9, 10, 11]


def _xmr_block(block: str, size: int) -> bytes | None:
    n = 0
    for c in block:
        i = _B58.find(c)
        if i < 0:
            return None
        n = n * 58 + i
    if n >> (8 * size):
        return None
    return n.to_bytes(size, "big")


def monero_decode(s: str) -> bytes | None:
    """The bytes of a Monero Base58 string (blocks of 11 characters), or None."""
    full, rest = divmod(len(s), _XMR_FULL_ENC)
    try:
        last = _XMR_ENC_SIZES.index(rest)
    except ValueError:
        return None
    out = bytearray()
    for i in range(full):
        b = _xmr_block(s[i * 11:(i + 1) * 11], _XMR_FULL_BLOCK)
        if b is None:
            return None
        out += b
    if rest:
        b = _xmr_block(s[full * 11:], last)
        if b is None:
            return None
        out += b
    return bytes(out)


#: main-network address prefixes (cryptonote_config.h): tag -> (kind, total decoded length)
MONERO_PREFIXES = {18: ("standard", 69), 19: ("integrated", 77), 42: ("subaddress", 69)}


def monero_address(s: str) -> str | None:
    """``standard``, ``integrated`` or ``subaddress`` for a valid main-network Monero address, else None."""
    raw = monero_decode(s)
    if raw is None or len(raw) < 5:
        return None
    tag = raw[0]  # the three main-network tags are single-byte varints
    kind = MONERO_PREFIXES.get(tag)
    if kind is None or len(raw) != kind[1]:
        return None
    if keccak256(raw[:-4])[:4] != raw[-4:]:
        return None
    return kind[0]


# -- Tor -----------------------------------------------------------------------------------------

def onion_v3_valid(label: str) -> bool:
    """Whether a 56-character onion label is a v3 address (version byte 3, SHA3-256 checksum)."""
    try:
        raw = base64.b32decode(label.upper())
    except (ValueError, TypeError):
        return False
    if len(raw) != 35 or raw[34] != 3:
        return False
    pubkey, checksum = raw[:32], raw[32:34]
    return hashlib.sha3_256(b".onion checksum" + pubkey + b"\x03").digest()[:2] == checksum
