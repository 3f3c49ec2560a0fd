"""The indicator scanner (``artefacts/indicators``): published test vectors and real addresses of every
kind found, normalised and checked; one changed character rejected; addresses inside URLs, after
punctuation and split across lines; no crypto or onion indicator in 100,000+ lines of ordinary text."""

from __future__ import annotations

import base64
import json
import hashlib
import random
import sqlite3
import string

import base58
import bech32 as bech32_ref
import pytest

from artefacts.indicators import CRYPTO_KINDS, INDICATOR_FIELDS, scan_event, scan_text
from artefacts.indicators import codecs as C
from conftest import CORPUS

# (text, kind, normalised, validated): published vectors and well-known real addresses
KNOWN = [
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bitcoin", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", True),  # genesis block
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", True),  # Bitcoin wiki P2SH
    ("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bitcoin", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", True),  # BIP-173
    ("BC1QRP33G0Q5C5TXSP9ARYSRX4K6ZDKFS4NCE4XJ0GDCCCEFVPYSXF3QCCFMV3", "bitcoin",
     "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", True),  # BIP-173, upper case
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bitcoin",
     "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", True),  # BIP-86 Taproot (Bech32m)
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", True),  # EIP-55
    ("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "ethereum", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", True),  # EIP-55
    ("0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "ethereum", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", False),
    ("44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "monero",
     "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", True),  # Monero general fund
    ("bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "bitcoin_cash",
     "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", True),  # CashAddr spec example
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", True),  # USDT on Tron
    ("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", "onion",
     "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", True),  # DuckDuckGo's v3 onion
    ("expyuzz4wqqyqhjn.onion", "onion", "expyuzz4wqqyqhjn.onion", False),  # a v2 name (no checksum exists)
]


def _hash160(r: random.Random) -> bytes:
    return bytes(r.randrange(256) for _ in range(20))


def generated_addresses(seed: int = 1) -> list[tuple[str, str]]:
    """Valid addresses of every kind, made with the maintained encoders (base58, the bech32 reference) and the
    published rules, independent of the scanner's decoders."""
    r = random.Random(seed)
    out = []
    for version, kind in ((b"\x00", "bitcoin"), (b"\x05", "bitcoin"), (b"\x30", "litecoin"), (b"\x32", "litecoin"),
                          (b"\x1e", "dogecoin"), (b"\x16", "dogecoin"), (b"\x4c", "dash"), (b"\x10", "dash"),
                          (b"\x41", "tron"), (b"\x1c\xb8", "zcash"), (b"\x1c\xbd", "zcash")):
        out.append((base58.b58encode_check(version + _hash160(r)).decode(), kind))
    for hrp, kind in (("bc", "bitcoin"), ("ltc", "litecoin")):
        out.append((bech32_ref.encode(hrp, 0, list(_hash160(r))), kind))
        out.append((bech32_ref.encode(hrp, 0, [r.randrange(256) for _ in range(32)]), kind))
    pub = bytes(r.randrange(256) for _ in range(32))
    check = hashlib.sha3_256(b".onion checksum" + pub + b"\x03").digest()[:2]
    out.append((base64.b32encode(pub + check + b"\x03").decode().lower() + ".onion", "onion"))
    return out


@pytest.mark.parametrize("text, kind, normalised, validated", KNOWN, ids=[k[1] + str(i) for i, k in enumerate(KNOWN)])
def test_known_addresses(text, kind, normalised, validated):
    [f] = [f for f in scan_text(f"see {text} now") if f.kind == kind]
    assert (f.value, f.normalised, f.validated) == (text, normalised, validated)
    assert f.start == 4 and f.end == 4 + len(text)


def _mutations(s: str, r: random.Random, n: int = 12) -> list[str]:
    out = []
    alphabet = string.ascii_letters + string.digits
    for _ in range(n):
        i = r.randrange(len(s))
        c = r.choice([a for a in alphabet if a != s[i]])
        out.append(s[:i] + c + s[i + 1:])
    return out


def test_one_changed_character_is_not_an_address():
    r = random.Random(3)
    checked = [t for t, _, _, v in KNOWN if v] + [a for a, _ in generated_addresses(2)]
    tried = 0
    for addr in checked:
        body = addr[: -len(".onion")] if addr.endswith(".onion") else addr
        for m in _mutations(body, r):
            text = f"to {m}{'.onion' if addr.endswith('.onion') else ''} pls"
            bad = [f for f in scan_text(text) if f.kind in CRYPTO_KINDS or (f.kind == "onion" and f.validated)]
            assert bad == [], (addr, m, bad)
            tried += 1
    assert tried > 250


def test_every_kind_in_generated_chat_text_in_urls_after_punctuation_and_split_across_lines():
    addrs = generated_addresses(5) + [(t, k) for t, k, _, v in KNOWN if v]
    templates = ["send to {a} asap", "addr:{a}", "({a})", "https://blockchair.com/x/address/{a}?from=chat",
                 "\"{a}\",", "{a}.", "ok->{a}<-"]
    for i, (a, kind) in enumerate(addrs):
        text = templates[i % len(templates)].format(a=a)
        got = [f for f in scan_text(text) if f.kind == kind]
        assert len(got) == 1 and got[0].validated, (text, got)
        assert text[got[0].start:got[0].end].lower() == a.lower() or kind == "onion"
    # split across a line break, as apps wrap long addresses
    for a, kind in addrs:
        if kind == "onion":
            continue
        cut = len(a) // 2
        text = f"here:\n{a[:cut]}\n{a[cut:]}\nthanks"
        got = [f for f in scan_text(text) if f.kind == kind]
        assert len(got) == 1 and got[0].details.get("split_across_lines"), (a, got)
        assert got[0].value.replace("\n", "") == a and got[0].start == 6


def test_event_fields_and_extra(tmp_path):
    event = {"event_id": "e1", "evidence_id": "phone", "app": "telegram", "conversation_id": "7", "timestamp": None,
             "kind": "message", "body": "pay 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, call +49 151 23456789",
             "conversation_name": "Vendor 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
             "attachments": '[{"name": "wallet_bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4.png"}]',
             "extra": '{"caption": "mirror duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", '
                      '"decrypted_from": {"key_source": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}, "n": "+49 151 23456789"}'}
    rows = scan_event(event, region="DE")
    got = {(r["field"], r["kind"]) for r in rows}
    assert got == {("body", "bitcoin"), ("body", "phone"), ("conversation_name", "ethereum"),
                   ("attachments[0].name", "bitcoin"), ("extra.caption", "onion")}, got
    assert all(r["event_id"] == "e1" and r["evidence_id"] == "phone" for r in rows)


def _ordinary_lines(n: int, seed: int = 9) -> list[str]:
    """Chat-like text full of numbers, hashes, base64, tracking numbers and random identifiers."""
    r = random.Random(seed)
    words = ("ok", "morgen", "Paket", "ist", "da", "wann", "kommst", "du", "price", "tomorrow", "the", "order",
             "tracking", "code", "Rechnung", "Nr", "id", "ref", "token", "hash", "build", "ticket", "meet", "at")
    b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    makers = [
        lambda: f"{r.randrange(10**6)} {r.randrange(10**9)} {r.random() * 1e6:.2f}",
        lambda: hashlib.md5(r.randbytes(8)).hexdigest(),
        lambda: hashlib.sha1(r.randbytes(8)).hexdigest(),
        lambda: hashlib.sha256(r.randbytes(8)).hexdigest(),
        lambda: "0x" + hashlib.sha256(r.randbytes(8)).hexdigest(),  # a transaction-hash-like value, not an address
        lambda: base64.b64encode(r.randbytes(r.randrange(16, 64))).decode(),
        lambda: base64.urlsafe_b64encode(r.randbytes(24)).decode().rstrip("="),
        lambda: "1Z" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16)),  # UPS
        lambda: "".join(r.choice(string.digits) for _ in range(r.choice((20, 22, 26)))),  # parcel / IBAN-like
        lambda: "".join(r.choice(string.ascii_letters + string.digits) for _ in range(r.randrange(20, 48))),
        lambda: r.choice("13LMDT4") + "".join(r.choice(b58) for _ in range(r.randrange(25, 34))),
        lambda: "bc1q" + "".join(r.choice("qpzry9x8gf2tvdw0s3jn54khce6mua7l") for _ in range(38)),
        lambda: "4" + "".join(r.choice(b58) for _ in range(94)),
        lambda: "".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(56)) + ".onion",
        lambda: str(__import__("uuid").UUID(int=r.getrandbits(128))),
        lambda: f"DE{r.randrange(10**20):020d}",
    ]
    out = []
    for _ in range(n):
        parts = [r.choice(words) for _ in range(r.randrange(2, 8))]
        for _ in range(r.randrange(1, 3)):
            parts.insert(r.randrange(len(parts) + 1), r.choice(makers)())
        out.append(" ".join(parts))
    return out


def _corpus_texts(limit: int = 60_000) -> list[str]:
    texts: list[str] = []
    if not CORPUS.exists():
        return texts
    for p in sorted(CORPUS.rglob("*")):
        if len(texts) >= limit or not p.is_file() or p.stat().st_size > 50_000_000:
            continue
        with open(p, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                continue
        try:
            con = sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True)
            con.text_factory = lambda b: b.decode("utf-8", "replace")
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                try:
                    for row in con.execute(f'SELECT * FROM "{name}" LIMIT 3000'):
                        texts.extend(v for v in row if isinstance(v, str) and v)
                except sqlite3.Error:
                    continue
            con.close()
        except sqlite3.Error:
            continue
    return texts[:limit]


def test_ordinary_text_gives_no_crypto_or_onion_indicator():
    lines = _ordinary_lines(100_000) + _corpus_texts()
    assert len(lines) >= 100_000
    bad = []
    for line in lines:
        bad.extend((line, f.kind, f.value) for f in scan_text(line)
                   if f.kind in CRYPTO_KINDS or (f.kind == "onion" and f.validated))
    assert bad == []


def test_codecs_reject_what_their_specs_reject():
    assert C.segwit_decode("bc", "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du") is None  # BIP-350: v2 with Bech32 checksum
    assert C.segwit_decode("bc", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4") is not None
    assert C.segwit_decode("bc", "bc1QW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") is None  # mixed case
    assert C.segwit_decode("bc", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx") is None  # another network
    assert C.monero_address("4" * 95) is None and C.onion_v3_valid("a" * 56) is False
    assert C.cashaddr_valid("qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b") is False


def test_parse_writes_indicators_and_the_cli_lists_them(tmp_path):
    from click.testing import CliRunner

    from artefacts.cli import cli
    from conftest import SAMPLE_DATA

    out = tmp_path / "t.sqlite"
    r = CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "ios"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    n = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
    counts = json.loads(con.execute("SELECT counts FROM run").fetchone()[0])
    emails = con.execute("SELECT count(DISTINCT normalised) FROM indicators WHERE kind = 'email'").fetchone()[0]
    con.close()
    assert n == counts["indicators"] and emails >= 3
    r = CliRunner().invoke(cli, ["indicators", str(out), "--kind", "email", "--csv"])
    lines = r.output.splitlines()
    assert r.exit_code == 0 and lines[0].startswith("kind,normalised,occurrences") and len(lines) == emails + 1
    assert all(line.startswith("email,") and "@" in line for line in lines[1:])
    off = tmp_path / "off.sqlite"
    assert CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "ios"), "-o", str(off), "-q", "--no-indicators"]).exit_code == 0
    con = sqlite3.connect(off)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'indicators'").fetchone()[0] == 0
    con.close()


def test_a_plugin_adds_a_kind_through_the_hook(parse, tmp_path):
    from conftest import SAMPLE_DATA

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "case_ids.py").write_text(
        "import re\n"
        "from artefacts import hookimpl\n"
        "from artefacts.indicators import Found\n\n"
        "def find(text):\n"
        "    return [Found('case_number', m.group(0), m.group(0), m.start(), m.end(), False) for m in re.finditer(r'@', text)]\n\n"
        "@hookimpl\n"
        "def register_indicators(register):\n"
        "    register('at_signs', find)\n")
    tl = parse(SAMPLE_DATA / "ios", plugins_dirs=[plugins], format="jsonl")
    side = tl.path.with_name(tl.path.name + ".indicators.jsonl")
    kinds = {json.loads(l)["kind"] for l in side.read_text().splitlines()}
    assert "case_number" in kinds and "email" in kinds


def test_an_address_paid_on_one_phone_and_pasted_on_another_links_the_two(tmp_path):
    """Phone A's MetaMask sends to an address; phone B's SMS holds that address (EIP-55 form, in a sentence):
    the indicator summary shows it on both devices, with both events."""
    from click.testing import CliRunner

    from artefacts.cli import cli
    from artefacts.indicators.codecs import eip55
    from artefacts.synthetic import build_mmssms
    from conftest import SAMPLE_DATA

    manifest = json.loads((SAMPLE_DATA / "wallets" / "metamask" / "MANIFEST.json").read_text(encoding="utf-8"))
    tx = next(t for t in manifest["transactions"] if t["direction"] == "outgoing" and t["to"])
    address = "0x" + eip55(tx["to"][2:])
    phone_b = tmp_path / "phone_b"
    db = phone_b / "data/data/com.android.providers.telephony/databases/mmssms.db"
    db.parent.mkdir(parents=True)
    build_mmssms(db, n_sms=10, n_mms=0, seed=4, index_words=False)
    con = sqlite3.connect(db)
    sms_id = con.execute("SELECT min(_id) FROM sms").fetchone()[0]
    con.execute("UPDATE sms SET body = ? WHERE _id = ?", (f"pay to {address}, thx", sms_id))
    con.commit()
    con.close()
    out = tmp_path / "case.sqlite"
    r = CliRunner().invoke(cli, ["parse", str(SAMPLE_DATA / "wallets" / "metamask" / "android"), str(phone_b),
                                 "--evidence-id", "phone_a", "--evidence-id", "phone_b", "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    [(devices, ids, events)] = con.execute(
        "SELECT devices, evidence_ids, events FROM indicator_devices WHERE kind = 'ethereum' AND normalised = ?",
        (address,)).fetchall()
    assert devices == 2 and sorted(ids.split(",")) == ["phone_a", "phone_b"] and events >= 2
    rows = con.execute("SELECT e.evidence_id, e.kind, e.app FROM indicators i JOIN events e USING (event_id) "
                       "WHERE i.normalised = ? ORDER BY e.evidence_id", (address,)).fetchall()
    con.close()
    assert ("phone_a", "transaction", "metamask") in rows and ("phone_b", "message", "sms") in rows
    r = CliRunner().invoke(cli, ["indicators", str(out), "--kind", "ethereum", "--csv"])
    line = next(l for l in r.output.splitlines() if address in l)
    assert "phone_a,phone_b" in line


def _indicator_rows(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM indicators").fetchall()
    finally:
        con.close()


def test_workers_scan_equals_a_scan_of_the_finished_timeline(tmp_path):
    """The unit stores are scanned by the workers that fill them and the rest by the writer: with one job
    and with two, the ``indicators`` table is the one a scan of the whole finished timeline writes, row for
    row and in the same order (the sample's indicators come from SQL-mapped and Python-mapped rows)."""
    from click.testing import CliRunner

    from artefacts.cli import cli
    from artefacts.indicators.index import IndicatorOptions, index_sqlite
    from conftest import SAMPLE_DATA

    inputs = [str(SAMPLE_DATA / "android.zip"), str(SAMPLE_DATA / "ios"), str(SAMPLE_DATA / "whatsapp" / "android"),
              str(SAMPLE_DATA / "wallets" / "metamask" / "android"), str(SAMPLE_DATA / "tor" / "android")]
    tables = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.sqlite"
        r = CliRunner().invoke(cli, ["parse", *inputs, "-o", str(out), "-q", "--jobs", jobs])
        assert r.exit_code == 0, r.output
        tables[jobs] = _indicator_rows(out)
    off = tmp_path / "off.sqlite"
    r = CliRunner().invoke(cli, ["parse", *inputs, "-o", str(off), "-q", "--no-indicators"])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(off)
    n = index_sqlite(con, IndicatorOptions())
    con.commit()
    con.close()
    whole = _indicator_rows(off)
    kinds = {row[6] for row in whole}
    assert n == len(whole) and {"email", "url", "ethereum", "onion", "bitcoin"} <= kinds, kinds
    assert tables["1"] == whole
    assert tables["2"] == whole
    # the JSON outputs: scanned as written (the workers' lines in the workers), the same rows in the same order
    for fmt, suffix in (("jsonl", ".jsonl"), ("json", ".json")):
        for jobs in ("1", "2"):
            out = tmp_path / f"{fmt}{jobs}{suffix}"
            r = CliRunner().invoke(cli, ["parse", *inputs, "-o", str(out), "-q", "--jobs", jobs])
            assert r.exit_code == 0, r.output
            if fmt == "jsonl":
                rows = [json.loads(line) for line in (tmp_path / f"{out.name}.indicators.jsonl").read_text().splitlines()]
            else:
                rows = json.loads(out.read_text())["indicators"]
            got = [tuple(json.dumps(r[k], ensure_ascii=False, sort_keys=True) if k == "details" else
                         (int(r[k]) if k == "validated" else r[k]) for k in INDICATOR_FIELDS) for r in rows]
            assert got == whole, (fmt, jobs)


PHONE_TEXTS = [
    "call +44 7700 900123 now", "ring me on +1 (650) 253-0000.", "0044 20 7946 0958 or +49 30 901820",
    "abc+14155550137def", "+33 1 42 68 53 00, +33 6 12 34 56 78", "tel:+14155550137", "order 0012345678901",
    "+1 415 555 0137 ext. 123", "+1 415 555 0137 x 12", "+1 415 555 0137 #12 ok", "+1 415 555 0137, ext 9",
    "x+1-415-555-0137x", "(+44) 20 7946 0958", "+44 20 7946 0958/+44 20 7946 0959", "+1 415 555 0137 extension 55",
    "number +4420 79460958 and 0049 30 901820", "£+44 20 7946 0958", "+44 20 7946 0958%", "1+44 20 7946 0958",
    "020 7946 0958 and (030) 901820 and 415-555-0137", "+49 (0)30 901820-0", "+7 495 123-45-67 / +86 10 6552 9988",
]


@pytest.mark.parametrize("region", [None, "GB", "US", "DE"])
def test_phone_numbers_found_in_windows_equal_the_library_on_the_whole_text(region):
    """Phone numbers are looked for in a window around each run of digits (and remembered per window); on
    texts with extensions, brackets, letters and currency signs around, and the same texts with line
    breaks and a sentence around, that finds what ``phonenumbers`` finds in the whole text."""
    import phonenumbers

    from artefacts.indicators.scanner import _phones

    r = random.Random(5)
    texts = PHONE_TEXTS + [t.replace(" ", "\n") for t in PHONE_TEXTS]
    texts += [f"{r.choice(['ok', 'Hi,', 'so'])} {a} then {b}." for a, b in zip(PHONE_TEXTS, reversed(PHONE_TEXTS))]
    found = 0
    for text in texts:
        whole = [(m.raw_string, m.start, m.end, phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164))
                 for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)]
        windows = [(f.value, f.start, f.end, f.normalised) for f in _phones(text, region)]
        assert windows == whole, text
        found += len(whole)
    assert found >= 40


# -- the cheap test before the scan must never hide a finding ------------------------------------

_FRAGMENTS = ["http://a.example.com/x", "HTTPS://B.example.org", "ftp://files.example.net/f", "content://sms/12",
              "file:///sdcard/x.jpg", "://", "0x52908400098527886E0F7030069857D2E4169EE7", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
              "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "duskgytldkxiuqc6.onion", "ONION", "-----BEGIN PGP MESSAGE-----",
              "kim@example.com", "a" * 30, "deadbeef" * 5, " ", "\n", '"', "{", "}", ":", ",", "tx_hash", "x"]


def test_candidate_is_a_superset_of_the_scan():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from artefacts.indicators.scanner import _MARKER_PATTERNS, _scan, candidate

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(_FRAGMENTS), max_size=8), st.booleans())
    def check(parts, runs):
        text = "".join(parts)
        # the patterns themselves, without the gate scan_text puts before them
        found = [f for f in _scan(text, None, False, (), **({} if runs else {"only": _MARKER_PATTERNS}))
                 if f.kind != "phone"]
        if found:
            assert candidate(text, runs=runs), (text, found)

    check()


def test_content_uris_in_extra_are_not_scanned_but_urls_are():
    from artefacts.indicators.scanner import candidate

    assert not candidate('{"sms_message_uri":"content://sms/1","x":"file:///a"}', json_text=True, runs=False)
    assert candidate('{"sms_message_uri":"content://sms/1","link":"https://a.example.com"}', json_text=True, runs=False)
