"""Finding indicators in text: cryptocurrency addresses, onion services, PGP keys and messages, e-mail
addresses, URLs and phone numbers, each normalised and, where the format has one, checked by its
checksum.

A candidate is found by a regular expression (word boundaries: an address inside a URL or after
punctuation is found; ``[A-Za-z0-9]`` on either side is not a boundary) and kept only when its
format's rule holds: Base58Check version byte and checksum, Bech32/Bech32m segwit rules, EIP-55
for mixed-case Ethereum addresses, Monero's Keccak checksum, CashAddr's BCH checksum, the Tor v3
checksum and version. A failed checksum is not reported: one changed character is not an
address. Ethereum addresses in one case carry no checksum: they are reported with
``validated`` false, as are v2 onion names, PGP fingerprints written out, e-mail addresses and URLs.

Apps split long addresses across lines; in text with line breaks, the word that ends a line and
the word that starts the next are also scanned joined, and what only that finds is reported at its
place in the original text.

Every scan is bounded: text longer than :data:`MAX_TEXT` is scanned in its first
:data:`MAX_TEXT` characters only, and a PGP block larger than :data:`MAX_PGP_BLOCK` is reported
without being parsed.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass, field

from . import codecs as C

MAX_TEXT = 1_000_000
MAX_PGP_BLOCK = 256 * 1024
#: phone-number windows whose answer is remembered (a few hundred bytes each)
PHONE_CACHE = 8192


@dataclass
class Found:
    kind: str
    value: str
    normalised: str
    start: int
    end: int
    validated: bool
    details: dict = field(default_factory=dict)


# Base58Check version bytes (Bitcoin chainparams.cpp; Litecoin, Dogecoin, Dash, Tron, Zcash chain
# parameters): version bytes -> kind
_B58_VERSIONS = {
    b"\x00": ("bitcoin", "P2PKH"), b"\x05": ("bitcoin", "P2SH"),
    b"\x30": ("litecoin", "P2PKH"), b"\x32": ("litecoin", "P2SH"),
    b"\x1e": ("dogecoin", "P2PKH"), b"\x16": ("dogecoin", "P2SH"),
    b"\x4c": ("dash", "P2PKH"), b"\x10": ("dash", "P2SH"),
    b"\x41": ("tron", "address"),
    b"\x1c\xb8": ("zcash", "t1 P2PKH"), b"\x1c\xbd": ("zcash", "t3 P2SH"),
}
_SEGWIT_HRPS = {"bc": "bitcoin", "ltc": "litecoin"}

_NB = r"(?<![A-Za-z0-9])"
_NA = r"(?![A-Za-z0-9])"
_B58 = "[1-9A-HJ-NP-Za-km-z]"

_PATTERNS = [
    ("base58", re.compile(_NB + rf"(?:[13LMDA9X7T]{_B58}{{25,34}}|t[13]{_B58}{{33}})" + _NA)),
    ("segwit", re.compile(_NB + r"(?:bc|BC|ltc|LTC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{8,87}" + _NA)),
    ("ethereum", re.compile(_NB + r"0x[0-9a-fA-F]{40}" + _NA)),
    ("monero", re.compile(_NB + rf"[48]{_B58}{{94}}(?:{_B58}{{11}})?" + _NA)),
    ("cashaddr", re.compile(r"(?<![A-Za-z0-9:])(?:bitcoincash:)?[qpQP][02-9ac-hj-np-zAC-HJ-NP-Z]{41}" + _NA)),
    ("onion", re.compile(_NB + r"((?:[a-z2-7]{56}|[a-z2-7]{16}))\.onion" + _NA, re.IGNORECASE)),
    ("pgp_block", re.compile(r"-----BEGIN PGP (PUBLIC KEY BLOCK|MESSAGE|SIGNATURE|SIGNED MESSAGE)-----"
                             r".{0,%d}?-----END PGP \1-----" % MAX_PGP_BLOCK, re.DOTALL)),
    ("pgp_fingerprint", re.compile(_NB + r"(?:[0-9A-Fa-f]{4} ?){5} ?(?:[0-9A-Fa-f]{4} ?){4}[0-9A-Fa-f]{4}" + _NA)),
    ("email", re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}" + _NA)),
    ("url", re.compile(r"\b(?:https?|ftp)://[^\s<>\"'\]\[(){}]{2,2048}", re.IGNORECASE)),
]

#: messenger addresses that look like e-mail addresses (WhatsApp JIDs, WeChat chat rooms ...): not e-mail
_MESSENGER_DOMAINS = r"(?:s\.whatsapp\.net|g\.us|lid|broadcast|c\.us|chatroom|newsletter)(?![A-Za-z0-9.-])"
#: byte maps for the cheap test: every letter or digit to ``a`` (any run); hex digits to ``h``, other
#: letters to ``a`` (a run with a letter beyond ``f``: every Base58, Bech32, Monero and CashAddr address
#: has one, message ids and hashes in hex do not); everything else to a space
_ANY_RUN = bytes.maketrans(bytes(range(256)), bytes(97 if chr(i).isalnum() and i < 128 else 32 for i in range(256)))
_HEX_RUN = bytes.maketrans(bytes(range(256)), bytes(
    (104 if chr(i) in "0123456789abcdefABCDEF" else 97) if chr(i).isalnum() and i < 128 else 32 for i in range(256)))
_A25 = b"a" * 25
_ETH_CANDIDATE = re.compile(r"0x[0-9A-Fa-f]{40}(?![0-9A-Za-z])")
#: two runs around a line break (an address an app wrapped)
_SPLIT_RUNS = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{4,})\r?\n([A-Za-z0-9]{4,})")
_AT = re.compile(rf"@(?!{_MESSENGER_DOMAINS})[A-Za-z0-9-]+\.[A-Za-z]")
_FPR = re.compile(r" [0-9A-Fa-f]{4} [0-9A-Fa-f]{4} ")
_HEX = re.compile(r"[0-9A-Fa-f]+")
#: a phone number phonenumbers can find without a default region starts with + or an international 00
_PHONE_INTERNATIONAL = re.compile(r"(?:\+|(?<![0-9])00)[1-9][0-9 ()./-]{5,}[0-9]")
#: an extension written after a number (``ext. 123``, ``x123``, ``#123`` ...): part of the matcher's window
_EXTENSION = re.compile(r"[ \t,;]*(?:extension|extensión|extn|ext|anexo|доб|int|[x#~;,])[.:]?[ \t,-]*[0-9]{1,7}#?",
                        re.IGNORECASE)
_PHONE_HINT = re.compile(r"(?:\+|\b00|\()?[0-9][0-9 ()./-]{6,}[0-9]")
#: JSON keys whose values are digests, ids or key material the app computed (a Base64 media hash looks
#: like a run of address characters): their values are not candidates
SKIP_KEY = re.compile(r"hash|sha1|sha256|md5|digest|key_id|token|fingerprint|thumbnail", re.IGNORECASE)


def _in_skipped_json_value(raw: bytes, at: int) -> bool:
    """Whether byte ``at`` of a JSON text lies in the string value of a key :data:`SKIP_KEY` names."""
    colon = raw.rfind(b'":"', 0, at)
    if colon < 0 or raw.find(b'"', colon + 3, at) >= 0:  # not inside that key's string value
        return False
    key_start = raw.rfind(b'"', 0, colon)
    return key_start >= 0 and SKIP_KEY.search(raw[key_start + 1:colon].decode("utf-8", "replace")) is not None


#: the literal markers of what the ``extra`` of a message is scanned for (see :func:`candidate` with
#: ``runs=False``): a URL, an onion name, a PGP block, an Ethereum address
EXTRA_MARKERS = ("://", ".onion", "BEGIN PGP", "0x")


def markers_sql(expr: str, markers: tuple[str, ...] = EXTRA_MARKERS) -> str:
    """SQL: 1 when the text ``expr`` holds one of ``markers`` (0 when it is NULL). Each ``instr`` reads the
    whole text: keep the list short."""
    tests = " OR ".join(f"instr({expr}, '{m}')" for m in markers)
    return f"coalesce(({tests}), 0)"


def has_marker(text: str) -> bool:
    """Python's :func:`markers_sql`: whether ``text`` holds one of :data:`EXTRA_MARKERS`."""
    return any(m in text for m in EXTRA_MARKERS)


#: the start of what the URL pattern matches (a superset: no word boundary)
_URL_MARK = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)


def candidate(text: str, json_text: bool = False, runs: bool = True) -> bool:
    """Whether ``text`` can hold an indicator other than a phone number (a cheap test before the scan).

    Literal markers are found with ``in`` (C speed); a long run of letters and digits counts only
    when it is not all hexadecimal (a message id, a hash): every Base58, Bech32, Monero and
    CashAddr address has letters beyond ``f`` (Ethereum's ``0x`` + 40 hex digits is matched as
    such). ``json_text``: the text is JSON, and runs inside the values of digest and id keys
    (:data:`SKIP_KEY`) do not count. ``runs=False``: only URLs, onion names, PGP blocks and ``0x``
    addresses count (what the ``extra`` of a message is scanned for)."""
    # "://" alone is not enough: Android's content:// and file:// URIs fill the extra of every message of
    # some apps, and only http(s) and ftp URLs are indicators
    if ("://" in text and _URL_MARK.search(text)) or "BEGIN PGP" in text or ".onion" in text or (
            ("nion" in text or "NION" in text) and ".onion" in text.lower()):
        return True
    if "0x" in text:  # the only prefix the ethereum pattern takes
        if _ETH_CANDIDATE.search(text):
            return True
    if not runs:
        return False
    if "@" in text and _AT.search(text):
        return True
    if " " in text and _FPR.search(text):
        return True
    raw = text.encode("utf-8", "surrogatepass")
    if _A25 in raw.translate(_ANY_RUN):
        mapped = raw.translate(_HEX_RUN)
        for word in mapped.split():
            if len(word) >= 25 and b"a" in word:
                if json_text and _in_skipped_json_value(raw, mapped.find(word)):
                    continue
                return True
    if "\n" in text:
        for m in _SPLIT_RUNS.finditer(text):
            run = m.group(1) + m.group(2)
            if len(run) >= 25 and not _HEX.fullmatch(run):
                return True
    return False


def phone_candidate(text: str, region: str | None) -> bool:
    """Whether ``text`` can hold a phone number the scan would report: a run of at least 7 digits (with
    separators), starting with ``+``/``00`` unless a default region is set."""
    return next(_phone_runs(text, region), None) is not None


def _phone_runs(text: str, region: str | None):
    """The runs of digits (with separators) where a number the scan reports can be: at least 7 digits,
    starting with ``+``/``00`` unless a default region is set."""
    if not region and "+" not in text and "00" not in text:  # what the pattern starts with (C-speed test first)
        return
    for m in (_PHONE_HINT if region else _PHONE_INTERNATIONAL).finditer(text):
        if sum(c.isdigit() for c in m.group(0)) >= 7:
            yield m


_NOT_EMAIL_DOMAINS = ("s.whatsapp.net", "g.us", "broadcast", "lid", "c.us", "chatroom")


def _base58(m: re.Match) -> Found | None:
    s = m.group(0)
    payload = C.base58check(s)
    if payload is None:
        return None
    for ver, (kind, fmt) in _B58_VERSIONS.items():
        if payload.startswith(ver) and len(payload) == len(ver) + 20:
            return Found(kind, s, s, m.start(), m.end(), True, {"format": fmt})
    return None


def _segwit(m: re.Match) -> Found | None:
    s = m.group(0)
    hrp = s.lower().split("1", 1)[0]
    dec = C.segwit_decode(hrp, s)
    if dec is None:
        return None
    version, prog = dec
    fmt = {0: "P2WPKH" if len(prog) == 20 else "P2WSH", 1: "P2TR"}.get(version, f"witness v{version}")
    return Found(_SEGWIT_HRPS[hrp], s, s.lower(), m.start(), m.end(), True, {"format": fmt})


def _ethereum(m: re.Match) -> Found | None:
    s = m.group(0)
    body = s[2:]
    checksummed = "0x" + C.eip55(body)
    mixed = body.lower() != body and body.upper() != body
    if mixed and s != checksummed:
        return None
    return Found("ethereum", s, checksummed, m.start(), m.end(), mixed,
                 {"checksum": "EIP-55" if mixed else "none (one case)"})


def _monero(m: re.Match) -> Found | None:
    s = m.group(0)
    kind = C.monero_address(s)
    if kind is None:
        return None
    return Found("monero", s, s, m.start(), m.end(), True, {"format": kind})


def _cashaddr(m: re.Match) -> Found | None:
    s = m.group(0)
    payload = s.split(":", 1)[1] if ":" in s else s
    if not C.cashaddr_valid(payload):
        return None
    return Found("bitcoin_cash", s, "bitcoincash:" + payload.lower(), m.start(), m.end(), True, {"format": "CashAddr"})


def _onion(m: re.Match) -> Found | None:
    label = m.group(1).lower()
    if len(label) == 56:
        if not C.onion_v3_valid(label):
            return None
        return Found("onion", m.group(0), label + ".onion", m.start(), m.end(), True, {"version": 3})
    return Found("onion", m.group(0), label + ".onion", m.start(), m.end(), False, {"version": 2})


def _pgp_block(m: re.Match) -> Found | None:
    block = m.group(0)
    what = m.group(1)
    kind = {"PUBLIC KEY BLOCK": "pgp_public_key", "MESSAGE": "pgp_message"}.get(what, "pgp_signature")
    details: dict = {"armor": what}
    normalised = None
    validated = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgpy  # noqa: PLC0415 - optional: absent on Pythons without imghdr
        if kind == "pgp_public_key":
            key, _ = pgpy.PGPKey.from_blob(block)
            details.update(fingerprint=str(key.fingerprint).replace(" ", ""), key_id=key.fingerprint.keyid,
                           user_ids=[str(u) for u in key.userids][:20],
                           created=key.created.strftime("%Y-%m-%dT%H:%M:%SZ") if key.created else None)
            normalised = details["fingerprint"]
            validated = True
        elif kind == "pgp_message":
            msg = pgpy.PGPMessage.from_blob(block)
            details["encrypted_to"] = sorted(str(k) for k in msg.encrypters)[:20]
            validated = True
    except ImportError:
        details["note"] = "no OpenPGP library on this Python: the block is reported, not parsed"
    except Exception as exc:  # a damaged or crafted block is reported as text, never raised
        details["note"] = f"not parsed: {type(exc).__name__}"
    if normalised is None:
        import hashlib

        normalised = hashlib.sha256(block.encode("utf-8", "surrogatepass")).hexdigest()
    return Found(kind, block[:200], normalised, m.start(), m.end(), validated, details)


def _pgp_fingerprint(m: re.Match) -> Found | None:
    s = m.group(0).strip()
    hexs = s.replace(" ", "")
    if len(hexs) != 40 or " " not in s:  # written out in groups, as key listings show it
        return None
    return Found("pgp_fingerprint", s, hexs.upper(), m.start(), m.start() + len(s), False, {})


def _email(m: re.Match) -> Found | None:
    s = m.group(0)
    local, domain = s.rsplit("@", 1)
    d = domain.lower()
    if any(d == x or d.endswith("." + x) for x in _NOT_EMAIL_DOMAINS):
        return None
    return Found("email", s, f"{local}@{d}", m.start(), m.end(), False, {})


def _url(m: re.Match) -> Found | None:
    s = m.group(0).rstrip(".,;:!?")
    scheme, rest = s.split("://", 1)
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    norm = f"{scheme.lower()}://{host.lower()}{rest[len(host):]}"
    return Found("url", s, norm, m.start(), m.start() + len(s), False, {"host": host.lower()})


_CHECKS = {"base58": _base58, "segwit": _segwit, "ethereum": _ethereum, "monero": _monero, "cashaddr": _cashaddr,
           "onion": _onion, "pgp_block": _pgp_block, "pgp_fingerprint": _pgp_fingerprint, "email": _email,
           "url": _url}


def _phones(text: str, region: str | None) -> list[Found]:
    """The phone numbers ``phonenumbers`` finds (leniency VALID), looked for around each run of digits
    that :func:`phone_candidate` sees (the run and one character on each side, which is all the
    context the matcher's boundary rules read); each such window's answer is remembered, so a
    number that recurs across thousands of messages is parsed once."""
    out = []
    for m in _phone_runs(text, region):
        at, end = max(0, m.start() - 1), m.end()
        ext = _EXTENSION.match(text, end)
        if ext:
            end = ext.end()
        for raw, e164, start, stop, where in _window_phones(text[at:end + 1], region):
            out.append(Found("phone", raw, e164, at + start, at + stop, True, {"region": where}))
    return out


@functools.lru_cache(maxsize=PHONE_CACHE)
def _window_phones(window: str, region: str | None) -> tuple:
    import phonenumbers

    found = []
    try:
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.VALID):
            found.append((match.raw_string, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
                          match.start, match.end, phonenumbers.region_code_for_number(match.number)))
    except Exception:  # the library on hostile text: no phone numbers rather than a failed run
        pass
    return tuple(found)


#: the patterns of findings that are not runs of address characters (``runs=False``)
_MARKER_PATTERNS = ("ethereum", "onion", "pgp_block", "url")


def scan_text(text: str, *, region: str | None = None, phones: bool = True, extra_detectors=(),
              runs: bool = True) -> list[Found]:
    """Every indicator in ``text``, in order of position (``runs=False``: only those with markers, see
    :func:`candidate`)."""
    if not text:
        return []
    text = text[:MAX_TEXT]
    if not extra_detectors and not candidate(text, runs=runs):
        # no pattern but the phone numbers' can match (candidate() passes every text any other pattern
        # matches, split addresses included): only those are looked for
        return _phones(text, region) if phones and phone_candidate(text, region) else []
    if not runs:
        return sorted(_scan(text, region, phones, extra_detectors, only=_MARKER_PATTERNS), key=lambda f: (f.start, f.kind))
    found = _scan(text, region, phones, extra_detectors)
    if "\n" in text:
        seen = {(f.kind, f.normalised) for f in found}
        for joined, positions in _split_pairs(text):
            for f in _scan(joined, region, False, extra_detectors):
                if (f.kind, f.normalised) in seen or f.kind in ("url", "email", "pgp_block", "pgp_fingerprint"):
                    continue
                if positions[f.start] < positions[f.end - 1] - (f.end - f.start - 1):  # it spans the break
                    f.start, f.end = positions[f.start], positions[f.end - 1] + 1
                    f.value = text[f.start:f.end]
                    f.details["split_across_lines"] = True
                    found.append(f)
                    seen.add((f.kind, f.normalised))
    found.sort(key=lambda f: (f.start, f.kind))
    return found


def _scan(text: str, region, phones: bool, extra_detectors, only=None) -> list[Found]:
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for name, rx in _PATTERNS:
        if only is not None and name not in only:
            continue
        check = _CHECKS[name]
        for m in rx.finditer(text):
            f = check(m)
            if f is not None:
                out.append(f)
                if f.validated or name in ("pgp_block", "onion"):
                    taken.append((f.start, f.end))
    for detector in extra_detectors:
        out.extend(detector(text))
    if phones:
        for f in _phones(text, region):
            if not any(a <= f.start < b or a < f.end <= b for a, b in taken):  # digits inside an address
                out.append(f)
    return out


_SPLIT = re.compile(r"(?=(?<![A-Za-z0-9:])([A-Za-z0-9:]{4,})\r?\n([A-Za-z0-9]{4,}(?:\.onion)?)(?![A-Za-z0-9]))")


def _split_pairs(text: str):
    """Each word that ends a line joined with the word that starts the next: ``(joined, original index of
    each character)``. Only the two words around one break are joined, so no unrelated words merge."""
    for m in _SPLIT.finditer(text):
        a, b = m.group(1), m.group(2)
        a_start = m.start(1)
        b_start = m.start(2)
        positions = list(range(a_start, a_start + len(a))) + list(range(b_start, b_start + len(b)))
        yield a + b, positions
