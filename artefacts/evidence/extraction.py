"""Read-only access to an extraction: a folder, a zip, a tar (plain or compressed) or one file.

The file index is built once, in one pass. Matching happens on that index; only
the matched files (with their ``-wal``/``-shm``/``-journal`` siblings) are
copied into the private workspace, in archive order and in one sequential pass,
hashing each file while it is copied. Nothing in the evidence is ever opened for
writing; files in a folder are read with ``O_NOATIME`` where the system allows
it so that not even their access times change.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from . import caps
from .caps import ExpansionCapExceeded
from .globs import compile_glob, literal_basename
from .layouts import domain_folder_path

CHUNK = 1 << 20
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
#: read size of a streamed (compressed) tar: tarfile's default 10 KiB records cost Python calls
#: (measured on a 134 MB .tar.gz: 1.33 s -> 1.23 s to stream and hash its databases with 64 KiB)
STREAM_BUFSIZE = 1 << 16


class EvidenceError(Exception):
    """The extraction cannot be read at all (missing, unknown container, unreadable)."""


class EvidenceKeyError(EvidenceError):
    """Key material was given for an extraction and does not open it (a wrong password, a damaged
    keybag): the run stops with exit 1 and writes nothing, rather than deliver a timeline without it."""


class EntryReadError(EvidenceError):
    """One file of the extraction cannot be read (permissions, a damaged archive member ...)."""


#: what reading one member of an extraction can raise
READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, tarfile.TarError, RuntimeError)


@dataclass
class Entry:
    """One regular file of the extraction."""

    path: str
    size: int
    mtime: str | None
    order: int
    key: object = field(repr=False, default=None)


@dataclass
class FileRecord:
    """A file that the run used: where it is in the extraction and what it hashed to."""

    path: str
    size: int
    mtime: str | None
    sha256: str
    local_path: Path | None = None


def _utc_iso(ts: float | int | None) -> str | None:
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    except (OverflowError, OSError, ValueError):
        return None


def _open_noatime(path: str) -> BinaryIO:
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    noatime = getattr(os, "O_NOATIME", 0)
    try:
        fd = os.open(path, flags | noatime)
    except PermissionError:
        fd = os.open(path, flags)
    return os.fdopen(fd, "rb")


def copy_and_hash(src: BinaryIO, dest: Path | None, budget: caps.Budget | None = None,
                  member: str | None = None) -> tuple[str, int]:
    """Stream ``src`` into ``dest`` (or nowhere) and return its SHA-256 and size.

    ``budget``: the archive's unpacking budget (:mod:`.caps`); passing it raises
    :class:`ExpansionCapExceeded` naming ``member``, and a partial ``dest`` is removed.
    """
    digest = hashlib.sha256()
    size = 0
    out = open(dest, "wb") if dest is not None else None
    try:
        while True:
            chunk = src.read(CHUNK)
            if not chunk:
                break
            if budget is not None:
                budget.charge(len(chunk), member)
            digest.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    except ExpansionCapExceeded:
        if out is not None:
            out.close()
            out = None
            dest.unlink(missing_ok=True)
        raise
    finally:
        if out is not None:
            out.close()
    return digest.hexdigest(), size


#: control characters in a member name (a newline in a name could forge a line of a report)
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(32), 127]}


def clean_member_name(name: str) -> tuple[str, list[str]]:
    """``(path, reasons)``: a member name as the index keeps it, and why it differs from the stored one.

    Bytes that are not UTF-8 (kept by the archive readers as surrogate escapes) become ``\\xNN``,
    control characters too; a leading ``/`` or ``./`` is dropped. A name with ``..`` components is
    kept as it is (it is what the archive says) and reported: copies are written only inside the
    private workspace, whatever the name (see :mod:`.workspace`).
    """
    reasons = []
    if any("\ud800" <= ch <= "\udfff" for ch in name):
        try:
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            name = name.encode("utf-8", "backslashreplace").decode("utf-8")
        reasons.append("not valid UTF-8")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        name = name.translate(_CONTROL)
        reasons.append("control characters")
    if ".." in name.split("/"):
        reasons.append("'..' components (kept in the index; copies are written only inside the workspace)")
    name = name.lstrip("/")  # common in device tars (GNU tar strips it when it writes one): no reason
    while name.startswith("./"):
        name = name[2:].lstrip("/")
    return name, reasons


class Extraction:
    """An indexed, read-only view of one extraction. Use :func:`open_extraction`."""

    kind = "abstract"
    #: whether members can be read in any order without re-reading a compressed stream
    random_access = True
    #: index folders named after iOS backup domains (``AppDomainGroup-<group>/``) under the device
    #: folders they stand for (see :mod:`.layouts`); never for a backup's own virtual paths
    map_backup_domains = False

    def __init__(self, source: Path):
        self.source = source
        self.entries: list[Entry] = []
        self.problems: list[str] = []
        #: facts about the extraction that are no problem with it (what it cannot hold by design),
        #: written into the run record's input entry
        self.notes: list[str] = []
        self.container_sha256: str | None = None
        self._by_lower: dict[str, Entry] = {}
        self._by_basename: dict[str, list[Entry]] = {}
        self._hashes: dict[str, FileRecord] = {}
        #: key material found inside the extraction (``app -> [key]``, e.g. from an iTunes backup's
        #: keychain), offered to parsers through ``ctx.keys(app)`` after the ``--key`` values
        self.found_keys: dict[str, list[str]] = {}
        self._stored_as: dict[str, str] = {}
        #: the unpacking budget of an archive (:mod:`.caps`); None where nothing is unpacked
        self.budget: caps.Budget | None = None
        self._renamed: dict[str, list[str]] = {}  # reason -> stored names indexed under another path
        self._over_cap = 0

    # -- index -----------------------------------------------------------------------------
    def _add(self, path: str, size: int, mtime: str | None, key: object, report_unsafe: bool = True) -> Entry | None:
        """Index a member; returns its entry (None for a directory or a later duplicate)."""
        path, reasons = clean_member_name(path.replace("\\", "/"))
        if not path or path.endswith("/"):
            return None
        for reason in reasons:
            if report_unsafe or not reason.startswith("'..'"):
                self._renamed.setdefault(reason, []).append(path)
        if len(self.entries) >= caps.MAX_MEMBERS:
            self._over_cap += 1
            return None
        stored = path
        if self.map_backup_domains:
            path = domain_folder_path(path)
        lower = path.lower()
        if lower in self._by_lower:
            self.problems.append(f"duplicate member {path!r} (later copy ignored)")
            return None
        entry = Entry(path, size, mtime, len(self.entries), key)
        self.entries.append(entry)
        self._by_lower[lower] = entry
        self._by_basename.setdefault(lower.rsplit("/", 1)[-1], []).append(entry)
        if stored != path:  # still found by the name it is stored under (a streamed tar is read by it)
            self._stored_as[path] = stored
            self._by_lower.setdefault(stored.lower(), entry)
        return entry

    def report_index(self) -> None:
        """Turn what the index had to do to member names and counts into one problem each."""
        for reason, paths in self._renamed.items():
            shown = ", ".join(f"'{p}'" for p in paths[:3])  # cleaned names: no control characters left + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            self.problems.append(f"{len(paths)} member name(s) with {reason}: {shown}")
        self._renamed.clear()
        if self._over_cap:
            self.problems.append(f"{self._over_cap:,} members beyond the first {caps.MAX_MEMBERS:,} not indexed "
                                 "(member cap, see the README)")
            self._over_cap = 0

    def find(self, glob: str) -> list[Entry]:
        """Entries matching a glob (see :mod:`artefacts.evidence.globs`), in path order."""
        rx = compile_glob(glob)
        base = literal_basename(glob)
        pool = self._by_basename.get(base, []) if base is not None else self.entries
        return sorted((e for e in pool if rx.search(e.path)), key=lambda e: e.path)

    def lookup(self, path: str) -> Entry | None:
        """The entry at ``path`` (case-insensitive), if any."""
        return self._by_lower.get(path.replace("\\", "/").lstrip("/").lower())

    def find_by_suffix(self, device_path: str) -> Entry | None:
        """The entry whose path ends with ``device_path``'s components (an app's absolute path).

        ``/data/user_de/0/x/app_parts/PART_1.jpg`` finds ``Dump/data/user_de/0/x/app_parts/PART_1.jpg``;
        the longest candidate suffix wins, then the first in path order.
        """
        parts = [p for p in device_path.replace("\\", "/").split("/") if p and p not in (".", "~")]
        if not parts:
            return None
        candidates = self._by_basename.get(parts[-1].lower(), [])
        best, best_len = None, 0
        for cand in sorted(candidates, key=lambda e: e.path):
            cparts = cand.path.lower().split("/")
            n = 0
            for a, b in zip(reversed(cparts), reversed(parts)):
                if a != b.lower():
                    break
                n += 1
            if n > best_len:
                best, best_len = cand, n
        return best

    def origin(self, path: str) -> str | None:
        """Where an entry is physically stored when that differs from its path (backups)."""
        return self._stored_as.get(path)

    def check_source(self, path: str, sha256: str) -> tuple[list[str], str | None]:
        """Notes on a used file for the sources table, and a warning when it contradicts the extraction's own record."""
        return [], None

    def siblings(self, entry: Entry) -> list[Entry]:
        """The SQLite ``-wal``, ``-shm`` and ``-journal`` files next to ``entry``."""
        out = []
        for suffix in SIDECAR_SUFFIXES:
            sib = self._by_lower.get(entry.path.lower() + suffix)
            if sib is not None:
                out.append(sib)
        return out

    # -- reading ---------------------------------------------------------------------------
    def open_entry(self, entry: Entry) -> BinaryIO:  # pragma: no cover - abstract
        raise NotImplementedError

    def _stream_members(self, wanted: set[int]) -> Iterable[tuple[Entry, BinaryIO]]:
        """Yield (entry, file) for the wanted entry orders, in archive order ((entry, error) when it cannot be opened)."""
        for entry in sorted((self.entries[i] for i in wanted), key=lambda e: e.order):
            try:
                fh = self.open_entry(entry)
            except READ_ERRORS as exc:
                yield entry, exc
                continue
            with fh:
                yield entry, fh

    def materialize(self, copy: Iterable[Entry], hash_only: Iterable[Entry], dest_for) -> dict[str, FileRecord]:
        """Copy ``copy`` entries to ``dest_for(entry)`` and hash both sets, in one pass in archive order."""
        to_copy = {e.order for e in copy}
        wanted = to_copy | {e.order for e in hash_only}
        records: dict[str, FileRecord] = {}
        skipped = 0
        for entry, fh in self._stream_members(wanted):
            if self.budget is not None and self.budget.exhausted:
                skipped += 1
                continue
            if isinstance(fh, BaseException):
                self.problems.append(f"{entry.path}: cannot be read ({fh})")
                continue
            dest = None
            if entry.order in to_copy:
                dest = dest_for(entry)
                dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                digest, size = copy_and_hash(fh, dest, self.budget, entry.path)
            except ExpansionCapExceeded as exc:
                self.problems.append(str(exc))
                continue
            except READ_ERRORS as exc:
                self.problems.append(f"{entry.path}: cannot be read ({type(exc).__name__}: {exc})")
                if dest is not None:
                    dest.unlink(missing_ok=True)
                continue
            rec = FileRecord(entry.path, size, entry.mtime, digest, dest)
            records[entry.path] = rec
            self._hashes[entry.path] = rec
        if skipped:
            self.problems.append(f"{skipped} further member(s) not read: the archive's unpacking cap was reached")
        return records

    def hash_entry(self, entry: Entry) -> FileRecord | None:
        """SHA-256 of one entry: from the materialising pass, or read now when access is random."""
        rec = self._hashes.get(entry.path)
        if rec is None and self.random_access:
            if self.budget is not None and self.budget.exhausted:
                return None
            try:
                with self.open_entry(entry) as fh:
                    digest, size = copy_and_hash(fh, None, self.budget, entry.path)
            except ExpansionCapExceeded as exc:
                self.problems.append(str(exc))
                return None
            except READ_ERRORS as exc:
                raise EntryReadError(f"{entry.path}: cannot be read ({type(exc).__name__}: {exc})") from None
            rec = self._hashes[entry.path] = FileRecord(entry.path, size, entry.mtime, digest)
        return rec

    def close(self) -> None:
        pass


class DirectoryExtraction(Extraction):
    kind = "directory"
    map_backup_domains = True

    def __init__(self, source: Path):
        super().__init__(source)
        self.skipped_links = 0
        root = str(source)
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                st = os.lstat(full)
                if not stat.S_ISREG(st.st_mode):
                    self.skipped_links += 1
                    continue
                rel = os.path.relpath(full, root).replace(os.sep, "/")
                self._add(rel, st.st_size, _utc_iso(st.st_mtime), full)
        if self.skipped_links:
            self.problems.append(f"{self.skipped_links} links or special files not followed")

    def open_entry(self, entry: Entry) -> BinaryIO:
        return _open_noatime(entry.key)


class SingleFileExtraction(Extraction):
    kind = "file"

    def __init__(self, source: Path):
        super().__init__(source)
        st = source.stat()
        self._add(source.name, st.st_size, _utc_iso(st.st_mtime), str(source))
        # the database's -wal/-shm/-journal beside it belong to it: without its WAL, a database
        # given by its path would lose the rows committed only there
        for suffix in SIDECAR_SUFFIXES:
            sidecar = source.with_name(source.name + suffix)
            if sidecar.is_file():
                st = sidecar.stat()
                self._add(sidecar.name, st.st_size, _utc_iso(st.st_mtime), str(sidecar))

    def open_entry(self, entry: Entry) -> BinaryIO:
        return _open_noatime(entry.key)


def _zip_mtime(info: zipfile.ZipInfo) -> str | None:
    extra = info.extra
    i = 0
    while i + 4 <= len(extra):
        tag = int.from_bytes(extra[i : i + 2], "little")
        ln = int.from_bytes(extra[i + 2 : i + 4], "little")
        body = extra[i + 4 : i + 4 + ln]
        if tag == 0x5455 and ln >= 5 and body[0] & 1:
            return _utc_iso(int.from_bytes(body[1:5], "little", signed=True))
        i += 4 + ln
    return None  # DOS times carry no zone: not stated as UTC


class ZipExtraction(Extraction):
    kind = "zip"
    map_backup_domains = True
    _tolerant = False  # set when a name flagged UTF-8 is not (see open_zip)
    _patched: set[int] = set()

    def __init__(self, source: Path):
        super().__init__(source)
        self.budget = caps.Budget(caps.expansion_cap(source.stat().st_size))
        try:
            self._zip = self._open_zip()
        except (zipfile.BadZipFile, OSError) as exc:
            raise EvidenceError(f"{source}: not a readable zip archive ({exc})") from None
        self._pid = os.getpid()
        infos = sorted(self._zip.infolist(), key=lambda i: i.header_offset)
        for info in infos:
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            if info.flag_bits & 0x1:
                self.problems.append(f"{info.filename}: encrypted zip member skipped")
                continue
            self._add(zip_member_name(info, self._patched), info.file_size, _zip_mtime(info), info)

    def _open_zip(self) -> zipfile.ZipFile:
        zf, patched = open_zip(self.source, self._tolerant)
        if patched:
            self._tolerant, self._patched = True, patched
        return zf

    def open_entry(self, entry: Entry) -> BinaryIO:
        if os.getpid() != self._pid:  # a forked worker must not share the parent's file offset
            self._zip = self._open_zip()
            self._pid = os.getpid()
        return self._zip.open(entry.key)

    def close(self) -> None:
        self._zip.close()


def open_zip(source: Path, tolerant: bool = False) -> tuple[zipfile.ZipFile, set[int]]:
    """``(archive, offsets)``: a zip, also when a name it flags as UTF-8 is not valid UTF-8.

    ``zipfile`` decodes such a name strictly and refuses the whole archive. Then the archive is
    read through :class:`_FlagPatch`, which clears the UTF-8 flag of exactly those entries (in the
    central directory and in their local headers, in memory only): their names load as cp437, and
    ``offsets`` (their local header offsets) says which names to turn back into their bytes.
    """
    if not tolerant:
        fh = _open_noatime(str(source))
        try:
            return zipfile.ZipFile(fh), set()
        except UnicodeDecodeError:
            fh.close()
        except BaseException:
            fh.close()
            raise
    fh = _open_noatime(str(source))
    try:
        patches, offsets = _bad_utf8_name_flags(fh)
        return zipfile.ZipFile(_FlagPatch(fh, patches)), offsets
    except BaseException:
        fh.close()
        raise


def zip_member_name(info: zipfile.ZipInfo, patched: set[int]) -> str:
    """The member name, with a patched name's bytes back as surrogate escapes (see :func:`open_zip`)."""
    if info.header_offset in patched:
        return info.filename.encode("cp437").decode("utf-8", "surrogateescape")
    return info.filename


def _bad_utf8_name_flags(fh: BinaryIO) -> tuple[dict[int, int], set[int]]:
    """Byte patches (file offset -> new byte) clearing the UTF-8 flag of entries whose names are not UTF-8."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    tail_at = max(0, size - (1 << 16) - 22)
    fh.seek(tail_at)
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory record")
    cd_size, cd_offset = int.from_bytes(tail[at + 12:at + 16], "little"), int.from_bytes(tail[at + 16:at + 20], "little")
    if cd_offset == 0xFFFFFFFF or cd_offset + cd_size > size:
        raise zipfile.BadZipFile("central directory out of range (zip64 archives with such names are not read)")
    fh.seek(cd_offset)
    cd = fh.read(cd_size)
    patches: dict[int, int] = {}
    offsets: set[int] = set()
    pos = 0
    while pos + 46 <= len(cd) and cd[pos:pos + 4] == b"PK\x01\x02":
        flags = int.from_bytes(cd[pos + 8:pos + 10], "little")
        n, m, k = (int.from_bytes(cd[pos + o:pos + o + 2], "little") for o in (28, 30, 32))
        local = int.from_bytes(cd[pos + 42:pos + 46], "little")
        name = cd[pos + 46:pos + 46 + n]
        if flags & 0x800:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                patches[cd_offset + pos + 9] = (flags >> 8) & ~0x08 & 0xFF
                patches[local + 7] = (flags >> 8) & ~0x08 & 0xFF  # the local header repeats the flags
                offsets.add(local)
        pos += 46 + n + m + k
    return patches, offsets


class _FlagPatch:
    """A read-only file object that shows a few bytes of the underlying file changed (see :func:`open_zip`)."""

    def __init__(self, fh: BinaryIO, patches: dict[int, int]):
        self._fh = fh
        self._patches = patches

    def read(self, n: int = -1) -> bytes:
        start = self._fh.tell()
        data = self._fh.read(n)
        hits = [o for o in self._patches if start <= o < start + len(data)]
        if not hits:
            return data
        b = bytearray(data)
        for o in hits:
            b[o - start] = self._patches[o]
        return bytes(b)

    def seek(self, *args):
        return self._fh.seek(*args)

    def tell(self):
        return self._fh.tell()

    def seekable(self):
        return True

    def close(self):
        self._fh.close()


class _HashingReader:
    """A read-only file wrapper that hashes every byte read through it."""

    def __init__(self, fh: BinaryIO):
        self._fh = fh
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self.digest.update(data)
        return data

    def drain(self) -> None:
        while self.read(CHUNK):
            pass


_COMPRESSED_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


class Prefetch:
    """Which members a one-pass archive copies (or only hashes) while it is being listed.

    Decided per member path from globs, before the run's plan exists: ``copy_globs`` (the parsers'
    path and companion globs; a ``-wal``/``-shm``/``-journal`` file follows its database's glob)
    and ``hash_globs`` (attachment folders). It may take more than the plan needs, never less:
    whatever the plan wants and was not taken is read in a second pass.
    """

    def __init__(self, copy_globs: Iterable[str], hash_globs: Iterable[str], dest_for):
        self._copy = self._index(copy_globs)
        self._hash = self._index(hash_globs)
        self.dest_for = dest_for

    @staticmethod
    def _index(globs: Iterable[str]) -> tuple[dict, list]:
        by_base: dict[str, list] = {}
        anywhere = []
        for glob in dict.fromkeys(globs):
            base = literal_basename(glob)
            (by_base.setdefault(base, []) if base is not None else anywhere).append(compile_glob(glob))
        return by_base, anywhere

    @staticmethod
    def _matches(index, path: str) -> bool:
        by_base, anywhere = index
        return any(rx.search(path) for rx in by_base.get(path.rsplit("/", 1)[-1].lower(), ())) or any(
            rx.search(path) for rx in anywhere)

    def want(self, path: str) -> str | None:
        """``"copy"``, ``"hash"`` or None for the member at ``path``."""
        if self._matches(self._copy, path):
            return "copy"
        lower = path.lower()
        for suffix in SIDECAR_SUFFIXES:
            if lower.endswith(suffix) and self._matches(self._copy, path[: -len(suffix)]):
                return "copy"
        if self._matches(self._hash, path):
            return "hash"
        return None


class TarExtraction(Extraction):
    """A tar archive, plain or gzip/bzip2/xz compressed.

    The listing pass reads the archive once, sequentially, and hashes the whole
    container on the way. A compressed archive given a :class:`Prefetch` copies and hashes
    the members it wants in that same pass (measured on a 134 MB ``.tar.gz`` of 1.2 M
    messages: 1.0 s listing + 1.4 s second pass before, one pass now); anything else
    wanted later is read in a second sequential pass: never a backward seek in a compressed
    stream.
    """

    kind = "tar"
    map_backup_domains = True

    def __init__(self, source: Path, prefetch: Prefetch | None = None):
        super().__init__(source)
        self._prefetched: dict[str, FileRecord] = {}
        self.budget = caps.Budget(caps.expansion_cap(source.stat().st_size))
        links: list[str] = []
        with _open_noatime(str(source)) as raw:
            head = raw.read(6)
            raw.seek(0)
            self.compressed = any(head.startswith(m) for m in _COMPRESSED_MAGIC)
            self.random_access = not self.compressed
            reader = _HashingReader(raw)
            try:
                with tarfile.open(fileobj=reader, mode="r|*", bufsize=STREAM_BUFSIZE) as tf:
                    for m in tf:
                        if self.compressed and m.offset_data + m.size > self.budget.cap:
                            # streaming past this member would inflate beyond the cap just to skip it
                            self.budget.exhausted = True
                            self.problems.append(caps.describe(self.budget.cap, clean_member_name(m.name)[0]))
                            break
                        if m.issym() or m.islnk():
                            links.append(f"'{clean_member_name(m.name)[0]}' -> '{clean_member_name(m.linkname)[0]}'")
                        elif m.isreg():
                            entry = self._add(m.name, m.size, _utc_iso(m.mtime), m.offset_data)
                            if entry is not None and prefetch is not None and self.compressed and not self.budget.exhausted:
                                self._take(tf, m, entry, prefetch)
                reader.drain()
            except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
                if not self.entries:
                    raise EvidenceError(f"{source}: not a readable tar archive ({exc})") from None
                self.problems.append(f"archive truncated or damaged after {len(self.entries)} files ({exc})")
                try:
                    reader.drain()
                except OSError:
                    pass
            self.container_sha256 = reader.digest.hexdigest()
        if links:
            self.problems.append(f"{len(links)} link member(s) not followed (symbolic or hard links are never read "
                                 f"through): {', '.join(links[:3])}{' ...' if len(links) > 3 else ''}")

    def _take(self, tf: tarfile.TarFile, member: tarfile.TarInfo, entry: Entry, prefetch: Prefetch) -> None:
        """Copy (or hash) a member the prefetch wants while the stream is at it."""
        mode = prefetch.want(entry.path)
        if mode is None:
            return
        dest = prefetch.dest_for(entry) if mode == "copy" else None
        if dest is not None:
            dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest, size = copy_and_hash(tf.extractfile(member), dest, self.budget, entry.path)
        except ExpansionCapExceeded as exc:
            self.problems.append(str(exc))
            return
        except BaseException:  # a truncated stream: the listing reports it
            if dest is not None:
                dest.unlink(missing_ok=True)
            raise
        rec = FileRecord(entry.path, size, entry.mtime, digest, dest)
        self._prefetched[entry.path] = self._hashes[entry.path] = rec

    def materialize(self, copy: Iterable[Entry], hash_only: Iterable[Entry], dest_for) -> dict[str, FileRecord]:
        """As :meth:`Extraction.materialize`; members taken while listing are not read again."""
        if not self._prefetched:
            return super().materialize(copy, hash_only, dest_for)
        records: dict[str, FileRecord] = {}
        rest_copy, rest_hash = [], []
        for entry in copy:
            rec = self._prefetched.get(entry.path)
            if rec is not None and rec.local_path is not None and rec.local_path == dest_for(entry):
                records[entry.path] = rec
            else:
                rest_copy.append(entry)
        for entry in hash_only:
            rec = self._prefetched.get(entry.path)
            if rec is not None:
                records[entry.path] = rec
            else:
                rest_hash.append(entry)
        if rest_copy or rest_hash:
            records.update(super().materialize(rest_copy, rest_hash, dest_for))
        return records

    def open_entry(self, entry: Entry) -> BinaryIO:
        if self.compressed:
            raise EvidenceError("compressed tar members are read in one pass: use materialize()")
        fh = _open_noatime(str(self.source))
        fh.seek(entry.key)
        return io.BufferedReader(_Limited(fh, entry.size))

    def _stream_members(self, wanted: set[int]):
        if not self.compressed:
            yield from super()._stream_members(wanted)
            return
        wanted_paths = {self.entries[i].path for i in wanted}
        if not wanted_paths:
            return
        with _open_noatime(str(self.source)) as raw:
            try:
                with tarfile.open(fileobj=raw, mode="r|*", bufsize=STREAM_BUFSIZE) as tf:
                    for m in tf:
                        if not m.isreg():
                            continue
                        entry = self.lookup(m.name)
                        if entry is None or entry.path not in wanted_paths:
                            continue
                        fh = tf.extractfile(m)
                        yield entry, fh
                        wanted_paths.discard(entry.path)
                        if not wanted_paths:
                            break
            except (tarfile.TarError, EOFError, OSError) as exc:
                self.problems.append(f"archive read stopped early ({exc})")


class _Limited(io.RawIOBase):
    """A raw, read-only window of ``size`` bytes on an open file (for plain tar members)."""

    def __init__(self, fh: BinaryIO, size: int):
        super().__init__()
        self._fh = fh
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._left <= 0:
            return 0
        n = self._fh.readinto(memoryview(buf)[: min(len(buf), self._left)])
        self._left -= n
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()


def _hash_file(path: Path) -> str:
    with _open_noatime(str(path)) as fh:
        return copy_and_hash(fh, None)[0]


@dataclass
class Access:
    """What an extraction may need beyond its path: key material and private scratch space.

    ``keys``: ``app -> [key material]`` as given with ``--key APP=KEY`` (e.g. ``itunes``,
    ``android_backup``), lower-case app names. ``scratch(name)``: a fresh path in the private
    working folder (never next to the evidence) for what must be decrypted or unpacked before
    it can be listed, e.g. an encrypted backup's ``Manifest.db``.
    """

    keys: dict[str, list[str]] = field(default_factory=dict)
    scratch: Callable[[str], Path] | None = None


def open_extraction(path: str | os.PathLike, *, hash_container: bool = True, prefetch: Prefetch | None = None,
                    access: Access | None = None) -> Extraction:
    """Index an extraction: a directory, ``.zip``, ``.tar``/``.tar.gz``/``.tgz``, an Android ``.ab`` backup or one file.

    ``prefetch``: members a compressed archive copies or hashes while it is listed (see :class:`Prefetch`).
    ``access``: keys and scratch space for extractions that are encrypted or must be unpacked.
    """
    source = Path(path)
    if not source.exists():
        raise EvidenceError(f"{source}: no such file or directory")
    mode = source.stat().st_mode
    if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):  # a FIFO would block the run forever, a device read forever
        raise EvidenceError(f"{source}: not a regular file or folder (a pipe, socket or device is not read)")
    if source.is_dir():
        if (source / "Manifest.db").is_file() and (
            (source / "Info.plist").is_file() or (source / "Manifest.plist").is_file()
        ):
            from .itunes import ITunesBackupExtraction

            ext: Extraction = ITunesBackupExtraction(source, access)
        else:
            ext = DirectoryExtraction(source)
        ext.report_index()
        return ext
    with _open_noatime(str(source)) as fh:
        head = fh.read(512)
    name = source.name.lower()
    if head.startswith(b"ANDROID BACKUP\n"):  # adb backup (.ab): see android_backup
        from .android_backup import AndroidBackupExtraction

        ext = AndroidBackupExtraction(source, prefetch, access)
    elif head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06") or name.endswith((".zip", ".ufdr")):
        from .ufdr import UfdrExtraction, looks_like_ufdr

        ext = UfdrExtraction(source) if looks_like_ufdr(source) else ZipExtraction(source)
    elif (
        name.endswith((".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"))
        or head[257:262] == b"ustar"
    ):
        ext = TarExtraction(source, prefetch)
    else:
        ext = SingleFileExtraction(source)
    if hash_container and ext.container_sha256 is None:
        ext.container_sha256 = _hash_file(source)
    ext.report_index()
    return ext
