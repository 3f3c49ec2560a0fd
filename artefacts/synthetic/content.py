"""Deterministic people, phone numbers, message texts and fake media for the synthetic builders.

Everything comes from ``random.Random`` seeded with a string derived from the caller's seed
(``rng(seed, stream)``): string seeds hash with SHA-512 inside ``random``, so they do not depend on
``PYTHONHASHSEED``, and separate streams keep e.g. the SMS texts unchanged when only the MMS count
changes. No wall-clock time is read anywhere.

Phone numbers come only from ranges regulators reserve for drama/fiction, so no real subscriber
is ever named: UK Ofcom 07700 900000-900999 (mobile); US NANP 555-0100..0199 (several area
codes); Germany Bundesnetzagentur 030 23125 000-999; France ARCEP 06 39 98 xx xx; Australia ACMA
0491 570 156-159 etc. E-mail addresses use the RFC 2606 ``example.*`` domains. Each number is
written in several real-world formats (E.164, national, spaced, 00-prefixed) because phone
databases store the address as typed or as received, not canonicalised.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Seeds and time


def rng(seed: int | str, stream: str) -> random.Random:
    """An independent, reproducible random stream for (seed, stream)."""
    return random.Random(f"artefacts.synthetic:{seed}:{stream}")


UNIX_TO_COCOA = 978307200  # seconds between 1970-01-01 and 2001-01-01 (Cocoa/Mac absolute time)
DAY = 86400

# ---------------------------------------------------------------------------------------------
# People

FIRST_NAMES = [
    "Zoë", "José", "Łukasz", "Søren", "Siobhán", "Anna", "Αλέξανδρος", "Анна", "美咲", "محمد",
    "Nguyễn", "Björk", "Jean-Luc", "O'Neil", "Amélie", "Chloé", "Mateo", "Aiyana", "Kwame",
    "Priya", "Ines", "Noah", "Emma", "Liam", "Olivia", "Yusuf", "Hana", "Lars", "Ana-María",
    "François", "Dmitrij", "Jürgen", "Saoirse", "Tomás", "Zsófia", "Çağla", "Ngozi", "Ömer",
]
LAST_NAMES = [
    "Müller", "Álvarez", "Żółć", "Ødegård", "O'Brien", "Smith", "Παπαδόπουλος", "Иванова", "佐藤",
    "العلي", "Thị Hoa", "Guðmundsdóttir", "Dupont", "Lefèvre", "García", "Mensah", "Patel",
    "Kowalski", "Schröder", "Nakamura", "Okafor", "Yılmaz", "Brown", "Ní Bhriain", "da Silva",
    "van der Berg", "Horváth", "Þórsson", "Nuñez", "Chen", "Kim", "Novák", "MacLeod",
]
NICKNAMES = ["Mum ❤️", "Dad", "Oma 👵", "🏠 Home", "Boss", "Dr. Who?", "Pizza 🍕", "Landlord"]

_EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]


def _fiction_numbers() -> list[tuple[str, str, list[str]]]:
    """All reserved fictional numbers as (iso country, E.164, [other written formats])."""
    out = []
    for n in range(1000):  # UK Ofcom drama mobile range 07700 900000-900999
        sub = f"{n:03d}"
        out.append(("gb", f"+447700900{sub}",
                    [f"07700 900{sub}", f"07700900{sub}", f"+44 7700 900{sub}", f"00447700900{sub}"]))
    for npa in ("201", "212", "312", "415", "617", "702", "808"):  # NANP 555-0100..0199
        for n in range(100, 200):
            line = f"01{n - 100:02d}"
            out.append(("us", f"+1{npa}555{line}",
                        [f"({npa}) 555-{line}", f"{npa}-555-{line}", f"1 {npa}-555-{line}", f"{npa}555{line}"]))
    for n in range(1000):  # Germany, Berlin film/TV range 030 23125 000-999
        sub = f"{n:03d}"
        out.append(("de", f"+493023125{sub}",
                    [f"030 23125{sub}", f"03023125{sub}", f"+49 30 23125{sub}", f"00493023125{sub}"]))
    for n in range(100, 1000, 7):  # France ARCEP fiction range 06 39 98 xx xx
        a, b = divmod(n, 100)
        out.append(("fr", f"+3363998{a:02d}{b:02d}",
                    [f"06 39 98 {a:02d} {b:02d}", f"063998{a:02d}{b:02d}", f"+33 6 39 98 {a:02d} {b:02d}"]))
    for n in range(156, 160):  # Australia ACMA 0491 570 156-159
        out.append(("au", f"+61491570{n}", [f"0491 570 {n}", f"0491570{n}", f"+61 491 570 {n}"]))
    return out


_NUMBERS = _fiction_numbers()

# Numbers reserved for the device owners and the SMS service centre, never handed to contacts.
ANDROID_OWNER = "+447700900000"
IOS_OWNER = "+447700900999"
IOS_OWNER_EMAIL = "owner@example.com"
SMSC = "+447700900500"
_RESERVED = {ANDROID_OWNER, IOS_OWNER, SMSC}

COUNTRY_NAMES = {"gb": "United Kingdom", "us": "United States", "de": "Germany", "fr": "France",
                 "au": "Australia"}
_US_AREAS = {"201": "New Jersey", "212": "New York, NY", "312": "Chicago, IL", "415": "San Francisco, CA",
             "617": "Boston, MA", "702": "Las Vegas, NV", "808": "Hawaii"}


def geocode(e164: str, country: str) -> str:
    """What a phone's offline geocoder shows for a number: US area / Berlin landline / country."""
    if country == "us":
        return _US_AREAS.get(e164[2:5], COUNTRY_NAMES["us"])
    if e164.startswith("+4930"):
        return "Berlin"
    return COUNTRY_NAMES[country]


@dataclass
class Person:
    index: int
    name: str
    country: str  # ISO 3166 alpha-2, lower case
    e164: str
    formats: list[str] = field(default_factory=list)  # formats[0] is the "usual" written form
    national: str = ""  # national format, e.g. "07700 900123"
    email: str | None = None
    saved: bool = True  # stored in the address book (has a display name on the phone)

    @property
    def first(self) -> str:
        return self.name.split(" ")[0]


@dataclass(frozen=True)
class Line:
    """One message of a planned one-to-one conversation (builders' ``lines=``): with ``peer``, written by the
    device owner when ``outgoing``, at ``ms`` (Unix milliseconds). A two-device case gives each device the
    same exchange, seen from its own side."""

    peer: Person
    outgoing: bool
    text: str
    ms: int


def make_people(seed: int | str, n: int) -> list[Person]:
    """``n`` deterministic contacts; ``make_people(s, k)`` is a prefix of ``make_people(s, n > k)``."""
    r = rng(seed, "people")
    pool = [num for num in _NUMBERS if num[1] not in _RESERVED]
    order = list(range(len(pool)))
    r.shuffle(order)
    if n > len(order):
        raise ValueError(f"at most {len(order)} synthetic contacts")
    people = []
    for i in range(n):
        country, e164, alts = pool[order[i]]
        if r.random() < 0.08:
            name = NICKNAMES[i % len(NICKNAMES)]
        else:
            name = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        # usual written form first: mostly E.164, otherwise a national/local form
        fmts = [e164] + alts if r.random() < 0.6 else [alts[0], e164] + alts[1:]
        email = None
        if r.random() < 0.35:
            email = f"{_email_local(name)}.{i}@{_EMAIL_DOMAINS[i % 3]}"
        people.append(Person(i, name, country, e164, fmts, alts[0], email, saved=r.random() < 0.85))
    return people


def _email_local(name: str) -> str:
    """ASCII e-mail local part from a display name: "Zoë O'Brien" -> "zoe.obrien"."""
    folded = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    words = ["".join(ch for ch in w if ch.isalnum()) for w in folded.split()]
    return ".".join(w for w in words if w) or "user"


def pick_format(r: random.Random, p: Person) -> str:
    """The way a number is written on one particular message: usually the person's usual form."""
    return p.formats[0] if r.random() < 0.75 else r.choice(p.formats)


# Senders that cannot be replied to (received-only SMS threads) and what they send.
SHORT_CODE_TEXTS = {
    "72975": ["Your verification code is 731 904. Do not share it.", "Your code: 118 402"],
    "DHL": ["DHL: Your parcel 00340434161234567890 will arrive today 10:00-14:00.",
            "DHL: Zustellung heute zwischen 10:00 und 14:00 Uhr."],
    "Amazon": ["Amazon: Your package was delivered. 📦"],
    "VERIFY": ["G-482913 is your verification code."],
    "BankAlert": ["Low balance alert: your account ending 1234 is below £20.00"],
    "61998": ["Thanks for your vote! Msg&data rates may apply. Reply STOP to opt out."],
}
SHORT_CODE_SENDERS = list(SHORT_CODE_TEXTS)


# ---------------------------------------------------------------------------------------------
# Message texts: unicode, emoji (ZWJ sequences, skin tones, flags), RTL, combining marks,
# quotes and SQL/HTML metacharacters, line breaks, and texts over 127 and 160 bytes.

TEXTS = [
    "On my way 🚗", "Happy birthday!!! 🎂🎉🥳", "Can you pick up milk? 🥛", "👍", "😂😂😂",
    "Bin gleich da 🏃‍♀️", "¿Dónde estás?", "Ça va ? 😊", "Спасибо большое!", "ありがとう 🙏",
    "مرحبا، كيف حالك؟", "שלום! מה נשמע?", "Family dinner 👨‍👩‍👧‍👦 at 7", "Greetings from 🇩🇪 and 🇬🇧",
    "👋🏽 hi", "Cafe\u0301 or café?", "Line one\nLine two\nLine three", "She said \"ok\" and 'fine'",
    "Robert'); DROP TABLE sms;--", "<b>bold</b> & <i>italic</i> &amp;", "ok", "k", "Yes", "No 🙅",
    "Call me when you can", "Running 10 min late, sorry!", "Did you see the match? ⚽",
    "The code is 482913", "Meet at the station, platform 9¾", "Good night 🌙✨", "Love you ❤️",
    "Check this: https://example.com/a/b?c=d&e=f", "My number is +44 7700 900123",
    "Grüße aus Köln! Schöne Straße, übrigens.", "Ζήτω! Καλημέρα σας", "你好，明天见！",
    "Nǐ hǎo / नमस्ते / 안녕하세요", "🤷‍♂️", "💯🔥", "Tschüss 👋", "😀" * 12,
    "Reminder: dentist Tue 09:30 🦷", "Parcel delivered to your neighbour (No. 12)",
    "Zażółć gęślą jaźń", "Æ Ø Å æ ø å", "¡Feliz cumpleaños! 🎈",
    "Tab\tseparated\tvalues", "Semicolon; comma, pipe | percent 100% underscore_ backslash \\",
    ("This is a long message that goes well past one hundred and sixty characters, so a phone "
     "would send it as a concatenated multipart SMS. It also has an emoji 🐘 and an umlaut: ä."),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut "
     "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
     "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in "
     "voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat "
     "cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. 📜"),
]
GROUP_NAMES = ["Familie 👨‍👩‍👧", "Climbing crew 🧗", "Book club 📚", "Flat 3B", "Wedding planning 💍",
               "Team Ωmega", "Nachbarn", "Road trip 🚐🇫🇷"]
MMS_SUBJECTS = ["Photos", "Look!", "Urlaub ☀️", "Re: tomorrow"]


def text(r: random.Random) -> str:
    return TEXTS[int(r.random() * len(TEXTS))]


# ---------------------------------------------------------------------------------------------
# Fake media


def fake_jpeg(r: random.Random, label: str) -> bytes:
    """Small deterministic bytes that look like a JPEG/JFIF file to signature checks.

    SOI + a real JFIF APP0 segment (``FF D8 FF E0 00 10 'JFIF' 00 01 01 ...``), a COM segment
    naming the file as synthetic, random filler and EOI (``FF D9``). Not a decodable image.
    """
    app0 = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    comment = f"artefacts synthetic test image {label}".encode()
    com = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    filler = r.randbytes(200 + int(r.random() * 900)).replace(b"\xff", b"\xfe")
    return app0 + com + filler + b"\xff\xd9"


def vcard(p: Person) -> bytes:
    """A small vCard 3.0 (shared contact card)."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{p.name}", f"TEL;TYPE=CELL:{p.e164}"]
    if p.email:
        lines.append(f"EMAIL:{p.email}")
    lines.append("END:VCARD")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_files(folder, files: dict) -> None:
    """Write ``files`` (relative path -> bytes) below ``folder`` (None: nothing), making the folders."""
    if folder is None:
        return
    from pathlib import Path

    for rel, blob in files.items():
        target = Path(folder) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
