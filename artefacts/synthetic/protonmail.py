"""A small Proton Mail for Android ``MessagesDatabase.db`` on the real schema (``ddl/protonmail_android.sql``;
facts in ``plugins/protonmail_android.py``), with PGP-encrypted bodies.

Bodies are encrypted with :mod:`pgpy` to a generated key (RSA 2048, passphrase protected), as the app
stores them (an armored PGP message per ``messagev3.Body``). The recipients columns hold what
``MessagesTypesConverter`` reads: Base64 (Android ``Base64.DEFAULT``: lines of 76 characters) of a
Java serialisation stream of a ``java.util.ArrayList`` of ``ch.protonmail.android.api.models.MessageRecipient``
(fields and ``serialVersionUID`` of ``MessageRecipient.java``; ``ArrayList``'s layout and
``serialVersionUID`` 8683452581122892189 from OpenJDK's ``java.util.ArrayList``).

OpenPGP encryption is randomised (session key, padding): a fresh build gives other bytes in the ``Body``
column each time (everything else, and the decrypted bodies, are deterministic). To rebuild a committed
sample byte for byte, the key is kept beside the sample (``KEYS/``) and reused when it is there, and
``reuse_from`` (the previous database) gives back each ciphertext that still decrypts with that key to
the same body; a changed body is encrypted anew.
"""

from __future__ import annotations

import base64
import struct
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .ddl_loader import build_db, check_columns, load
from .messengers import iso_from_ms

DDL = "protonmail_android.sql"
DB = "data/data/ch.protonmail.android/databases/MessagesDatabase.db"
KEY_FILE = "KEYS/protonmail_private_key.asc"
PASSPHRASE = "correct horse battery staple"
MSG_COLS = ("_id", "ID", "ConversationID", "Subject", "Unread", "Type", "Time", "Size", "Location", "FolderLocation",
            "Starred", "NumAttachments", "IsEncrypted", "ExpirationTime", "Body", "IsDownloaded", "AddressID",
            "InlineResponse", "MIMEType", "SpamScore", "AccessTime", "Header", "LabelIDs", "ToList", "ReplyTos",
            "CCList", "BCCList", "Flags", "Sender_SenderName", "Sender_SenderSerialized", "Sender_IsProton")
CONV_COLS = ("ID", "Order", "UserID", "Subject", "Senders", "Recipients", "NumMessages", "NumUnread", "NumAttachments",
             "ExpirationTime", "Size", "Labels")
START = datetime(2024, 5, 10, 18, 0, tzinfo=timezone.utc)
ME = ("Kim Doe", "kim@proton.example")
ALEX = ("Alex Roe", "alex@example.net")
ANON = ("", "drop@anon.example.net")
#: (row id, API id, conversation, Type (0 inbox, 1 draft, 2 sent), sender, to, cc, subject, body, minutes, downloaded)
MESSAGES = [
    (1, "pmA1", "convA", 0, ALEX, [ME], [], "keys", "<div>The keys are under the mat.</div>", 0, True),
    (2, "pmA2", "convA", 2, ME, [ALEX], [ANON], "Re: keys", "<div>Got them. Meet at 9.</div>", 35, True),
    (3, "pmB1", "convB", 0, ANON, [ME], [], "wallet", "<div>Send 0.1 to the usual address.</div>", 600, True),
    (4, "pmB2", "convB", 1, ME, [ANON], [], "Re: wallet", "<div>Not before Friday</div>", 700, True),
    (5, "pmC1", "convC", 0, ALEX, [ME], [], "photos", None, 900, False),
]

# -- Java serialisation of ArrayList<MessageRecipient> ---------------------------------------------------------
_ARRAYLIST_SUID = 8683452581122892189
_RECIPIENT_CLASS = "ch.protonmail.android.api.models.MessageRecipient"
_RECIPIENT_SUID = -110723370017912622
# Serializable fields as ObjectStreamClass orders them: primitives first, then objects, each by name
_RECIPIENT_PRIMS = (("I", "groupColor"), ("I", "groupIcon"), ("I", "mDescription"), ("I", "mIcon"),
                    ("I", "mIconColor"), ("Z", "mIsPGP"), ("Z", "selected"))
_RECIPIENT_OBJS = (("Address", "Ljava/lang/String;"), ("Group", "Ljava/lang/String;"), ("Name", "Ljava/lang/String;"),
                   ("groupRecipients", "Ljava/util/List;"))


def _utf(s: str) -> bytes:
    b = s.encode("utf-8")
    return struct.pack(">H", len(b)) + b


def serialize_recipients(people) -> bytes:
    """``ObjectOutputStream.writeObject(new ArrayList<MessageRecipient>(...))`` for ``(name, address)`` pairs."""
    out = bytearray(b"\xac\xed\x00\x05")
    handles: dict = {}

    def handle(key) -> None:
        handles[key] = 0x7E0000 + len(handles)

    def string(s: str) -> None:
        out.extend(b"\x74" + _utf(s))
        handle(("str", len(handles)))

    out += b"\x73\x72" + _utf("java.util.ArrayList") + struct.pack(">q", _ARRAYLIST_SUID)
    out += b"\x03" + struct.pack(">H", 1) + b"I" + _utf("size") + b"\x78\x70"
    handle("ArrayList desc")
    handle("list")
    out += struct.pack(">i", len(people))
    out += b"\x77\x04" + struct.pack(">i", len(people))  # writeObject: the capacity, as block data
    for name, address in people:
        out += b"\x73"
        if "MR desc" in handles:
            out += b"\x71" + struct.pack(">I", handles["MR desc"])
        else:
            out += b"\x72" + _utf(_RECIPIENT_CLASS) + struct.pack(">q", _RECIPIENT_SUID) + b"\x02"
            handle("MR desc")
            out += struct.pack(">H", len(_RECIPIENT_PRIMS) + len(_RECIPIENT_OBJS))
            for code, field in _RECIPIENT_PRIMS:
                out += code.encode() + _utf(field)
            for field, sig in _RECIPIENT_OBJS:
                out += b"L" + _utf(field)
                if ("sig", sig) in handles:
                    out += b"\x71" + struct.pack(">I", handles[("sig", sig)])
                else:
                    out += b"\x74" + _utf(sig)
                    handle(("sig", sig))
            out += b"\x78\x70"
        handle(("obj", len(handles)))
        out += struct.pack(">iiiiibb", 0, 0, 0, 0, 0, 0, 0)
        string(address)
        out += b"\x70"  # Group
        string(name)
        out += b"\x70"  # groupRecipients
    out += b"\x78"
    return bytes(out)


def recipients_column(people) -> str:
    """The column value: Android ``Base64.DEFAULT`` (76-character lines, each ending in a newline)."""
    b64 = base64.b64encode(serialize_recipients(people)).decode()
    return "".join(b64[i:i + 76] + "\n" for i in range(0, len(b64), 76))


# -- keys and bodies --------------------------------------------------------------------------------------------
def make_key(name: str = ME[0], email: str = ME[1], passphrase: str = PASSPHRASE):
    """A passphrase-protected RSA key with an encryption subkey (pgpy)."""
    import pgpy
    from pgpy.constants import CompressionAlgorithm, HashAlgorithm, KeyFlags, PubKeyAlgorithm, SymmetricKeyAlgorithm

    key = pgpy.PGPKey.new(PubKeyAlgorithm.RSAEncryptOrSign, 2048)
    uid = pgpy.PGPUID.new(name, email=email)
    key.add_uid(uid, usage={KeyFlags.Sign, KeyFlags.Certify}, hashes=[HashAlgorithm.SHA256],
                ciphers=[SymmetricKeyAlgorithm.AES256], compression=[CompressionAlgorithm.Uncompressed])
    sub = pgpy.PGPKey.new(PubKeyAlgorithm.RSAEncryptOrSign, 2048)
    key.add_subkey(sub, usage={KeyFlags.EncryptCommunications, KeyFlags.EncryptStorage})
    key.protect(passphrase, SymmetricKeyAlgorithm.AES256, HashAlgorithm.SHA256)
    return key


def _encrypt(key, text: str) -> str:
    import pgpy

    from pgpy.constants import CompressionAlgorithm

    return str(key.pubkey.encrypt(pgpy.PGPMessage.new(text, compression=CompressionAlgorithm.Uncompressed)))


def _previous_ciphertexts(path: Path | None, key) -> dict[str, str]:
    """Body -> its armored ciphertext in a previous build at ``path``, for each that decrypts with ``key``."""
    import sqlite3

    import pgpy

    if path is None or not Path(path).exists():
        return {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        stored = [r[0] for r in con.execute("SELECT Body FROM messagev3 WHERE Body IS NOT NULL")]
    finally:
        con.close()
    found = {}
    with key.unlock(PASSPHRASE):
        for armored in stored:
            try:
                found[str(key.decrypt(pgpy.PGPMessage.from_blob(armored)).message)] = armored
            except Exception:  # not for this key, or damaged: encrypted anew
                continue
    return found


def write_sample(root: Path, key_file: Path | None = None, reuse_from: Path | None = None) -> dict:
    """Write the database under ``root`` (and the key to ``root/../KEYS`` unless ``key_file`` exists);
    the events it must give once decrypted with that key (the generic manifest form). ``reuse_from``: a
    previous build whose ciphertexts are kept where they still hold the same bodies (see above)."""
    import pgpy

    root = Path(root)
    check_columns(DDL, {"messagev3": MSG_COLS, "conversations": CONV_COLS})
    key_file = Path(key_file) if key_file else root.parent / KEY_FILE
    if key_file.exists():
        key, _ = pgpy.PGPKey.from_file(str(key_file))
    else:
        key = make_key()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(str(key) + "\n", encoding="ascii")
    previous = _previous_ciphertexts(reuse_from, key)
    rows, events = [], []
    for rid, api_id, conv, mtype, sender, to, cc, subject, body, minutes, downloaded in MESSAGES:
        t = int((START + timedelta(minutes=minutes)).timestamp())
        header = (f"From: {sender[0]} <{sender[1]}>\r\nTo: " + ", ".join(f"{n} <{a}>" for n, a in to)
                  + f"\r\nSubject: {subject}\r\nDate: {(START + timedelta(minutes=minutes)):%a, %d %b %Y %H:%M:%S +0000}"
                  + f"\r\nMessage-Id: <{api_id}@proton.example>\r\n")
        stored = (previous.get(body) or _encrypt(key, body)) if body is not None else None
        rows.append((rid, api_id, conv, subject, int(mtype == 0 and rid == 3), mtype, t, 1200 + rid, 0, None,
                     int(rid == 1), 0, 1, 0, stored, int(downloaded), "addr1", 0, "text/html", 0, t + 60, header,
                     "0;5" if mtype == 0 else ("1;8" if mtype == 1 else "2;7"), recipients_column(to),
                     recipients_column([]), recipients_column(cc), recipients_column([]), 0, sender[0] or None,
                     sender[1], int(sender[1].endswith("proton.example"))))
        events.append({
            "locator": f"messagev3:_id={rid}", "kind": "email", "timestamp": iso_from_ms(t * 1000),
            "direction": "incoming" if mtype == 0 else "outgoing", "conversation_id": conv, "sender": sender[1],
            "recipients": [a for _, a in (*to, *cc)], "body": body, "deleted": False, "attachments": [],
            "extra": {"subject": subject, "message_id": api_id,
                      **({"encrypted": False, "decrypted": True} if body is not None else {})},
        })
    with build_db(root / DB, DDL, page_size=1024) as con:
        load(con, "messagev3", MSG_COLS, rows)
        convs = sorted({m[2] for m in MESSAGES})
        load(con, "conversations", CONV_COLS,
             [(c, i, "user1", next(m[7] for m in MESSAGES if m[2] == c), "", "", sum(m[2] == c for m in MESSAGES), 0, 0,
               0, 0, "0") for i, c in enumerate(convs)])
        load(con, "android_metadata", ("locale",), [("en_US",)])
    return {"app": "protonmail", "path": DB, "key_file": KEY_FILE, "passphrase": PASSPHRASE, "events": events}


