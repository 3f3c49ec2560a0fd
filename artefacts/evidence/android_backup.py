"""Android backups made with ``adb backup`` (``.ab``): read as the tar they wrap, never unpacked.

Format (AOSP ``PerformAdbBackupTask`` / ``PerformAdbRestoreTask`` / ``BackupPasswordManager``,
android-backup-extractor): header lines ``ANDROID BACKUP``, the format version (1-5), ``1``/``0``
for a deflated body, and the encryption, ``none`` or ``AES-256``. An encrypted backup goes on with
five more lines: the user-password salt (hex), the master-key checksum salt (hex), the PBKDF2
rounds, the user IV (hex) and the master-key blob (hex). The blob is AES-256-CBC under
``PBKDF2-HMAC-SHA1(password, user salt, rounds, 32 bytes)`` and holds, each preceded by its
length byte, the master IV, the master key and the master key's checksum: PBKDF2-HMAC-SHA1 of the
master key under the checksum salt. From version 2 the key bytes go into that PBKDF2 as Java
``char``s (each byte sign-extended) encoded in UTF-8, so a byte >= 0x80 becomes three bytes
(``EF BE xx`` / ``EF BF xx``); version 1 used them as they are. A wrong password is told by that
checksum, before any of the body is read. The body (everything after the header) is
AES-256-CBC under the master key and IV (PKCS#7 padded) when encrypted, then zlib when
compressed, then a tar.

The body is decrypted and inflated as a stream and read as a tar in one forward pass, like a
compressed tar (:class:`~artefacts.evidence.extraction.TarExtraction`): members the run wants are
copied into the private workspace while the backup is listed, every member is hashed on the way,
and anything else wanted later is read in a second forward pass. Nothing is written next to the
evidence, and where a copy goes is chosen by the host's workspace (``Workspace.path_for``), never
by a member's name.

Members are named ``apps/<package>/<token>/<path>`` (``android.app.backup.FullBackup``). They are
indexed under the device path the token stands for, so the parsers' globs find them as in a file
system extraction; the member's name stays the file's origin in the sources
(``stored in the backup as apps/...``):

============  ===============================================  ==========================
token          device path                                       what
============  ===============================================  ==========================
``r``          ``data/data/<package>/``                          the app's data root
``f``          ``data/data/<package>/files/``                    files
``db``         ``data/data/<package>/databases/``                databases
``sp``         ``data/data/<package>/shared_prefs/``             shared preferences
``c``          ``data/data/<package>/cache/``                    cache
``nb``         ``data/data/<package>/no_backup/``                no-backup files
``d_r`` ...    ``data/user_de/0/<package>/`` (``d_f`` files,      device-protected storage
               ``d_db`` databases, ``d_sp``, ``d_c``, ``d_nb``)
``ef``         ``storage/emulated/0/Android/data/<package>/files/``  app-specific external files
============  ===============================================  ==========================

``adb backup`` backs up the calling user, user 0 unless ``--user`` was given; the backup does not
record the user, so ``0`` above is that assumption, not a stored fact. Other members (``a/`` APKs,
``obb/``, ``k/`` key/value data, ``_manifest``, ``shared/`` storage) and names that are absolute or
contain ``..`` keep their member name as path (an unsafe name is reported).

Decompression is capped (:mod:`.caps`: 100 x the backup's size, at least 1 GiB): a body that
inflates beyond it stops there with a warning naming the member being read; the members before it are kept, the one cut off is dropped.
"""

from __future__ import annotations

import hmac
import tarfile
import zlib
from pathlib import Path
from typing import BinaryIO

from . import caps
from .caps import ExpansionCapExceeded
from .extraction import (
    CHUNK,
    STREAM_BUFSIZE,
    Access,
    Entry,
    EvidenceError,
    EvidenceKeyError,
    FileRecord,
    Prefetch,
    TarExtraction,
    _HashingReader,
    _open_noatime,
    _utc_iso,
    copy_and_hash,
)

MAGIC = b"ANDROID BACKUP\n"
VERSIONS = range(1, 6)
#: the key name of ``--key android_backup=PASSWORD``
KEY_APP = "android_backup"
#: longest header line read (the master-key blob is 192 hex digits)
_MAX_LINE = 4096

_CE_TREES = {"r": "", "f": "files", "db": "databases", "sp": "shared_prefs", "c": "cache", "nb": "no_backup"}
_DE_TREES = {"d_r": "", "d_f": "files", "d_db": "databases", "d_sp": "shared_prefs", "d_c": "cache", "d_nb": "no_backup"}


def device_path(member: str) -> tuple[str, bool]:
    """``(index path, safe)`` of a member name: the device path its tree token stands for, else the name.

    ``safe`` is False for a name that is absolute or has ``..``/empty components: it is indexed under
    its own name (the host's workspace makes the copy's name safe).
    """
    name = member.replace("\\", "/")
    parts = name.split("/")
    unsafe = name.startswith("/") or any(p == ".." for p in parts)
    if unsafe:
        return name, False
    parts = [p for p in parts if p not in ("", ".")]
    if len(parts) >= 4 and parts[0] == "apps":
        package, token, rest = parts[1], parts[2], parts[3:]
        if token in _CE_TREES:
            base = ["data", "data", package, _CE_TREES[token]]
        elif token in _DE_TREES:
            base = ["data", "user_de", "0", package, _DE_TREES[token]]
        elif token == "ef":
            base = ["storage", "emulated", "0", "Android", "data", package, "files"]
        else:
            return "/".join(parts), True
        return "/".join(p for p in (*base, *rest) if p), True
    return "/".join(parts), True


# -- header and keys ---------------------------------------------------------------------------
def _line(fh: BinaryIO, source: Path, what: str) -> bytes:
    line = fh.readline(_MAX_LINE)
    if not line.endswith(b"\n"):
        raise EvidenceError(f"{source}: Android backup header ends early or is damaged (no {what} line)")
    return line[:-1]


def _java_utf8(key: bytes) -> bytes:
    """The UTF-8 of ``key``'s bytes taken as Java chars (sign-extended): the checksum quirk of versions >= 2."""
    return "".join(chr(b if b < 0x80 else 0xFF00 | b) for b in key).encode("utf-8")


def _pbkdf2(secret: bytes, salt: bytes, rounds: int) -> bytes:
    import hashlib

    return hashlib.pbkdf2_hmac("sha1", secret, salt, rounds, 32)


def _aes_cbc_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def unlock_master_key(password: str, version: int, user_salt: bytes, ck_salt: bytes, rounds: int,
                      user_iv: bytes, blob: bytes) -> tuple[bytes, bytes] | None:
    """``(master key, master IV)`` when ``password`` opens the blob (its checksum matches), else None."""
    # version 1 derived the user key from the password's chars cut to 8 bits ("PBKDF2WithHmacSHA1And8bit")
    secret = bytes(ord(c) & 0xFF for c in password) if version == 1 else password.encode("utf-8")
    try:
        plain = _aes_cbc_decrypt(_pbkdf2(secret, user_salt, rounds), user_iv, blob)
    except ValueError:
        return None
    fields, pos = [], 0
    for _ in range(3):
        if pos >= len(plain):
            return None
        n = plain[pos]
        fields.append(plain[pos + 1 : pos + 1 + n])
        pos += 1 + n
        if pos > len(plain):
            return None
    iv, key, checksum = fields
    if len(key) != 32 or len(iv) != 16:
        return None
    expected = _pbkdf2(_java_utf8(key) if version >= 2 else key, ck_salt, rounds)
    return (key, iv) if hmac.compare_digest(expected, checksum) else None


class Header:
    """The parsed header; ``offset`` is where the body starts."""

    def __init__(self, fh: BinaryIO, source: Path):
        if fh.read(len(MAGIC)) != MAGIC:
            raise EvidenceError(f"{source}: not an Android backup (no 'ANDROID BACKUP' header)")
        version = _line(fh, source, "version")
        if not version.isdigit() or int(version) not in VERSIONS:
            raise EvidenceError(f"{source}: Android backup format version {version[:20]!r} is not known (1-5)")
        self.version = int(version)
        compressed = _line(fh, source, "compression")
        if compressed not in (b"0", b"1"):
            raise EvidenceError(f"{source}: Android backup compression flag {compressed[:20]!r} is not 0 or 1")
        self.compressed = compressed == b"1"
        self.encryption = _line(fh, source, "encryption").decode("ascii", "replace")
        self.crypto: tuple | None = None
        if self.encryption == "AES-256":
            try:
                user_salt = bytes.fromhex(_line(fh, source, "user salt").decode("ascii"))
                ck_salt = bytes.fromhex(_line(fh, source, "checksum salt").decode("ascii"))
                rounds = int(_line(fh, source, "PBKDF2 rounds"))
                user_iv = bytes.fromhex(_line(fh, source, "user IV").decode("ascii"))
                blob = bytes.fromhex(_line(fh, source, "master key").decode("ascii"))
            except (ValueError, UnicodeDecodeError):
                raise EvidenceError(f"{source}: Android backup encryption header is damaged") from None
            if not 0 < rounds <= 10_000_000 or len(user_iv) != 16 or not blob or len(blob) % 16:
                raise EvidenceError(f"{source}: Android backup encryption header is damaged")
            self.crypto = (user_salt, ck_salt, rounds, user_iv, blob)
        elif self.encryption != "none":
            raise EvidenceError(f"{source}: Android backup encryption {self.encryption[:40]!r} is not known "
                                "(only 'none' and 'AES-256' exist)")
        self.offset = fh.tell()

    def master_key(self, passwords: list[str], source: Path) -> tuple[bytes, bytes] | None:
        """The master key and IV (None when not encrypted).

        Without a password: :class:`EvidenceError` (the run warns and goes on). With passwords none of
        which opens it (its master-key checksum does not match): :class:`EvidenceKeyError` (the run stops).
        """
        if self.crypto is None:
            return None
        hint = f"give the backup password with --key {KEY_APP}=PASSWORD"
        if not passwords:
            raise EvidenceError(f"{source}: encrypted Android backup (AES-256): no password given; {hint}")
        for password in passwords:
            found = unlock_master_key(password, self.version, *self.crypto)
            if found is not None:
                return found
        n = len(passwords)  # a key that does not open it stops the run (the host's policy for wrong keys)
        raise EvidenceKeyError(f"{source}: encrypted Android backup (AES-256): the password given is wrong"
                            f"{'' if n == 1 else f' ({n} tried)'}; {hint}")


# -- the body stream -------------------------------------------------------------------------
class _Body:
    """The tar inside a backup: ``read(n)`` decrypts and inflates the raw stream as it goes."""

    def __init__(self, raw: BinaryIO, master: tuple[bytes, bytes] | None, compressed: bool, cap: int):
        self._raw = raw
        self._dec = self._unpad = None
        if master is not None:
            from cryptography.hazmat.primitives import padding
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

            self._dec = Cipher(algorithms.AES(master[0]), modes.CBC(master[1])).decryptor()
            self._unpad = padding.PKCS7(128).unpadder()
        self._inflate = zlib.decompressobj() if compressed else None
        self._cap = cap
        self.produced = 0
        self._buf = b""
        self._pos = 0
        self._raw_eof = False
        self._eof = False

    def _plain(self) -> bytes:
        """The next decrypted chunk of the body (b"" at its end)."""
        chunk = self._raw.read(CHUNK)
        if self._dec is None:
            if not chunk:
                self._raw_eof = True
            return chunk
        if chunk:
            return self._unpad.update(self._dec.update(chunk))
        self._raw_eof = True
        try:
            return self._unpad.update(self._dec.finalize()) + self._unpad.finalize()
        except ValueError as exc:
            raise EOFError(f"encrypted body is truncated or damaged ({exc})") from None

    def _more(self) -> bytes:
        if self._inflate is None:
            return b"" if self._raw_eof else self._plain()
        d = self._inflate
        while True:
            if d.eof:
                return b""
            if d.unconsumed_tail:
                out = d.decompress(d.unconsumed_tail, CHUNK)
            elif self._raw_eof:
                raise EOFError("compressed body ends early (truncated backup)")
            else:
                data = self._plain()
                if not data and self._raw_eof:
                    continue
                out = d.decompress(data, CHUNK)
            if out:
                return out

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = 1 << 62
        if self._pos == len(self._buf) and not self._eof:  # the common case: one chunk serves many reads
            self._buf, self._pos = self._next(), 0
        if len(self._buf) - self._pos >= n or self._eof:
            out = self._buf[self._pos : self._pos + n]
            self._pos += len(out)
            return out
        parts = [self._buf[self._pos :]]
        have = len(parts[0])
        while have < n and not self._eof:
            more = self._next()
            parts.append(more)
            have += len(more)
        joined = b"".join(parts)
        self._buf, self._pos = joined, min(n, len(joined))
        return joined[:n]

    def _next(self) -> bytes:
        """The next inflated chunk, counted against the cap (b"" and end of body when none is left)."""
        more = self._more()
        if not more:
            self._eof = True
            return b""
        self.produced += len(more)
        if self.produced > self._cap:
            raise ExpansionCapExceeded(self._cap)
        return more

    def drain_raw(self) -> None:
        while self._raw.read(CHUNK):
            pass


def expansion_cap(size: int) -> int:
    """The most bytes the body of a backup of ``size`` bytes may inflate to (see :mod:`.caps`)."""
    return caps.expansion_cap(size)


class AndroidBackupExtraction(TarExtraction):
    """An ``adb backup`` file, read as the tar it wraps (see the module's documentation)."""

    kind = "android_backup"
    random_access = False
    compressed = True  # members are read in forward passes only

    def __init__(self, source: Path, prefetch: Prefetch | None = None, access: Access | None = None):
        # TarExtraction.__init__ would read the file as a tar: set up its state here instead
        super(TarExtraction, self).__init__(source)
        self._prefetched: dict[str, FileRecord] = {}
        self._origin: dict[str, str] = {}
        self._by_member: dict[str, Entry] = {}
        passwords = list((access.keys if access is not None else {}).get(KEY_APP, ()))
        self._cap = expansion_cap(source.stat().st_size)
        with _open_noatime(str(source)) as raw:
            reader = _HashingReader(raw)
            self.header = Header(_Peek(reader), source)
            self._master = self.header.master_key(passwords, source)
            body = _Body(reader, self._master, self.header.compressed, self._cap)
            self._list(body, prefetch)
            reader.drain()
            self.container_sha256 = reader.digest.hexdigest()

    def _body(self, raw: BinaryIO) -> _Body:
        raw.seek(self.header.offset)
        return _Body(raw, self._master, self.header.compressed, self._cap)

    def _list(self, body: _Body, prefetch: Prefetch | None) -> None:
        member = current = None
        try:
            with tarfile.open(fileobj=body, mode="r|", bufsize=STREAM_BUFSIZE) as tf:
                for m in tf:
                    member, current = m.name, None
                    if not m.isreg():
                        continue
                    path, safe = device_path(m.name)
                    entry = self._add(path, m.size, _utc_iso(m.mtime), m.name, report_unsafe=False)  # reported below
                    if entry is None:
                        continue
                    if not safe:
                        self.problems.append(f"member {m.name!r} has an unsafe name (absolute or with '..'): "
                                             f"indexed as {entry.path!r}, copied only inside the workspace")
                    current = entry
                    if entry.path != m.name:
                        self._origin[entry.path] = m.name
                    self._by_member[m.name] = entry
                    self._read_member(tf, m, entry, prefetch)
                    current = None
        except ExpansionCapExceeded:
            where = f"while reading member {member!r}" if member is not None else "before the first member"
            self._stop(current, f"the backup inflates beyond the cap of {self._cap:,} bytes "
                                f"({caps.MAX_EXPANSION_RATIO} x its size, at least {caps.MIN_EXPANSION_CAP:,}) {where}; "
                                "reading stopped there (a decompression bomb, or a damaged backup)")
        except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
            where = f" in member {member!r}" if current is not None else (
                f" after member {member!r}" if member is not None else "")
            self._stop(current, f"backup truncated or damaged{where} ({type(exc).__name__}: {exc}); "
                                f"{len(self.entries) - (current is not None)} files read before it")

    def _read_member(self, tf: tarfile.TarFile, m: tarfile.TarInfo, entry: Entry, prefetch: Prefetch | None) -> None:
        """Hash every member on the way; copy the ones the prefetch wants."""
        mode = prefetch.want(entry.path) if prefetch is not None else None
        dest = prefetch.dest_for(entry) if mode == "copy" else None
        if dest is not None:
            dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest, size = copy_and_hash(tf.extractfile(m), dest)
        except BaseException:
            if dest is not None:
                dest.unlink(missing_ok=True)
            raise
        rec = FileRecord(entry.path, size, entry.mtime, digest, dest)
        self._hashes[entry.path] = rec
        if dest is not None:
            self._prefetched[entry.path] = rec

    def _stop(self, partial: Entry | None, message: str) -> None:
        """Record why the listing stopped; a member cut off is dropped from the index."""
        if partial is not None:
            self.entries.pop()
            del self._by_lower[partial.path.lower()]
            self._by_basename[partial.path.lower().rsplit("/", 1)[-1]].remove(partial)
            self._origin.pop(partial.path, None)
            self._by_member = {k: v for k, v in self._by_member.items() if v is not partial}
            self._hashes.pop(partial.path, None)
        if not self.entries:
            raise EvidenceError(f"{self.source}: Android backup: {message}")
        self.problems.append(message)

    def origin(self, path: str) -> str | None:
        return self._origin.get(path)

    def open_entry(self, entry: Entry) -> BinaryIO:
        raise EvidenceError("Android backup members are read in one pass: use materialize()")

    def materialize(self, copy, hash_only, dest_for) -> dict[str, FileRecord]:
        """As :meth:`TarExtraction.materialize`; every member was hashed while listing."""
        records = {e.path: self._hashes[e.path] for e in hash_only if e.path in self._hashes}
        rest_hash = [e for e in hash_only if e.path not in records]
        records.update(super().materialize(copy, rest_hash, dest_for))
        return records

    def _stream_members(self, wanted: set[int]):
        wanted_paths = {self.entries[i].path for i in wanted}
        if not wanted_paths:
            return
        with _open_noatime(str(self.source)) as raw:
            try:
                with tarfile.open(fileobj=self._body(raw), mode="r|", bufsize=STREAM_BUFSIZE) as tf:
                    for m in tf:
                        entry = self._by_member.get(m.name) if m.isreg() else None
                        if entry is None or entry.path not in wanted_paths:
                            continue
                        yield entry, tf.extractfile(m)
                        wanted_paths.discard(entry.path)
                        if not wanted_paths:
                            break
            except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error, ExpansionCapExceeded) as exc:
                self.problems.append(f"backup read stopped early ({type(exc).__name__}: {exc})")


class _Peek:
    """``read``/``readline``/``tell`` over a forward-only reader (the header is read through the hashing reader)."""

    def __init__(self, reader: _HashingReader):
        self._reader = reader
        self._pos = 0

    def read(self, n: int) -> bytes:
        data = self._reader.read(n)
        self._pos += len(data)
        return data

    def readline(self, limit: int) -> bytes:
        out = bytearray()
        while len(out) < limit:
            c = self._reader.read(1)
            if not c:
                break
            out += c
            if c == b"\n":
                break
        self._pos += len(out)
        return bytes(out)

    def tell(self) -> int:
        return self._pos


def is_android_backup(head: bytes) -> bool:
    return head.startswith(MAGIC)

