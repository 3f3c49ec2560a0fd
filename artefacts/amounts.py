"""Amounts of cryptocurrency as exact decimal text (the timeline schema's rule for a transaction).

Wallets store values in the asset's smallest unit as integers (wei for Ether: 10**18 wei = 1 ETH,
Ethereum Yellow Paper, section 2.1 "Value"; satoshi for Bitcoin: 10**8) or as hex quantities
(Ethereum JSON-RPC: ``0x``-prefixed, no leading zeros; ethereum/execution-apis ``src/schemas/base-types.yaml``
``uint``). The timeline writes them in the asset's unit as decimal text, computed with integers
only: never a float, which cannot hold 0.1 ETH exactly.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"0[xX][0-9a-fA-F]+\Z")
_DEC = re.compile(r"[0-9]+\Z")

#: decimals of Ether (1 ETH = 10**18 wei)
ETHER_DECIMALS = 18


def scaled(value: int, decimals: int) -> str:
    """``value`` smallest units as exact decimal text in the whole unit (``scaled(1500, 3) == "1.5"``).

    No exponent, no trailing zeros after the point, no point for a whole number, ``"0"`` for zero
    (never ``"-0"``).
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"an amount must be an integer of smallest units, not {type(value).__name__}")
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10 ** decimals)
    text = str(whole)
    if frac:
        text += "." + str(frac).rjust(decimals, "0").rstrip("0")
    return sign + text if (whole or frac) else "0"


def fixed(value: int, decimals: int) -> str:
    """``value`` smallest units as decimal text with exactly ``decimals`` places, the way Bitcoin
    wallets write amounts (``fixed(-12345, 8) == "-0.00012345"``, ``fixed(0, 8) == "0.00000000"``)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"an amount must be an integer of smallest units, not {type(value).__name__}")
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10 ** decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}" if decimals else f"{sign}{whole}"


def quantity(text) -> int:
    """An integer stored as a hex quantity (``"0x1bc16d674ec80000"``) or as decimal digits.

    Raises ``ValueError`` for anything else (a float, an empty string, ``"0x"``).
    """
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, str):
        s = text.strip()
        if _HEX.match(s):
            return int(s, 16)
        if _DEC.match(s):
            return int(s)
    raise ValueError(f"not an integer quantity: {text!r}")


def negated(text: str) -> str:
    """The negative of an amount text (``"0"`` stays ``"0"``)."""
    if text == "0":
        return text
    return text[1:] if text.startswith("-") else "-" + text
