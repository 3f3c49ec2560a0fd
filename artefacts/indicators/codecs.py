"""Address codecs and checksums for the indicator scanner.

Maintained libraries where they exist: ``base58`` (Base58Check of Bitcoin-family addresses),
``pycryptodome`` (Keccak-256 of Ethereum's EIP-55 and Monero), ``hashlib`` (SHA3-256 of Tor v3
onion addresses). Written here, from the specifications, only what no available library does:

* **Bech32 / Bech32m** (BIP-173, BIP-350): the ``bech32`` package predates Bech32m (Taproot), so the
  checksum (BCH code over GF(32), constants 1 and 0x2bc830a3) and the segwit rules (version 0 with
  Bech32 and a 20- or 32-byte program; versions 1-16 with Bech32m and 2-40 bytes) are implemented
  from the BIPs' text.
* **CashAddr** (Bitcoin Cash, spec "cashaddr.md" of the Bitcoin ABC/BCHN repositories): 40-bit
  BCH checksum over the prefix and payload, generator constants from the spec.
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

import base58

__all__ = [
    "base58check", "bech32_decode", "segwit_decode", "cashaddr_valid", "monero_decode", "keccak256",
    "eip55", "onion_v3_valid",
]

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check(s: str) -> bytes | None:
    """The payload (version byte(s) + hash) of a Base58Check string, or None when the checksum fails."""
    try:
        return base58.b58decode_check(s)
    except ValueError:
        return None


# -- Bech32 / Bech32m ----------------------------------------------------------------------------

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32, _BECH32M = 1, 0x2BC830A3
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values) -> int:
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= _GEN[i] if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def bech32_decode(s: str) -> tuple[str, list[int], int] | None:
    """``(hrp, data without checksum, constant)`` of a valid Bech32/Bech32m string, else None."""
    if len(s) > 90 or (s.lower() != s and s.upper() != s):
        return None
    s = s.lower()
    pos = s.rfind("1")
    if pos < 1 or pos + 7 > len(s):
        return None
    hrp, rest = s[:pos], s[pos + 1:]
    if any(ord(c) < 33 or ord(c) > 126 for c in hrp):
        return None
    try:
        data = [_CHARSET.index(c) for c in rest]
    except ValueError:
        return None
    const = _polymod(_hrp_expand(hrp) + data)
    if const not in (_BECH32, _BECH32M):
        return None
    return hrp, data[:-6], const


def _convertbits(data, frombits: int, tobits: int) -> list[int] | None:
    acc = bits = 0
    out = []
    maxv = (1 << tobits) - 1
    for v in data:
        acc = (acc << frombits) | v
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            out.append((acc >> bits) & maxv)
    if bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return out


def segwit_decode(hrp: str, s: str) -> tuple[int, bytes] | None:
    """``(witness version, program)`` of a segwit address for ``hrp`` (BIP-173/350 rules), else None."""
    dec = bech32_decode(s)
    if dec is None or dec[0] != hrp or not dec[1]:
        return None
    _, data, const = dec
    version = data[0]
    prog = _convertbits(data[1:], 5, 8)
    if prog is None or version > 16 or not 2 <= len(prog) <= 40:
        return None
    if version == 0 and (len(prog) not in (20, 32) or const != _BECH32):
        return None
    if version > 0 and const != _BECH32M:
        return None
    return version, bytes(prog)


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
        data = [_CHARSET.index(c) for c in payload]
    except ValueError:
        return False
    if _cash_polymod([ord(c) & 31 for c in prefix] + [0] + data) != 0:
        return False
    raw = _convertbits(data[:-8], 5, 8)
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
