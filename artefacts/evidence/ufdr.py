"""Cellebrite UFDR: a zip holding ``report.xml`` and the extracted files, indexed under device paths.

A UFDR stores the phone's files sorted by category (``files/Database/sms.db``,
``files/Image/...``), not under their paths on the device. ``report.xml`` at the top of the zip
lists every file with its device path and where it is stored in the zip. This module reads that
list once, streamed (the report of a whole phone runs to gigabytes), and indexes each stored
file under its device path, so that the parsers' globs match as in a full file system. Nothing
is unpacked: members are read from the zip as any zip member is.

What is read from ``report.xml`` and where each fact comes from (public readers and examples;
the format is not documented by its vendor):

* root ``<project>`` in namespace ``http://pa.cellebrite.com/report/2.0``, attributes ``id``,
  ``name``, ``reportVersion``, ``extractionType``: UFEDLib ``UFEDLib/MetaData/ProjectAttributes.cs``
  (github.com/SEilers/UFEDLib, commit 0adba0b5d070a918d1ea3d7b1e70563ae5c8e739) and ufdr-rs
  ``src/models/project.rs`` (github.com/onbernard/ufdr-rs, commit e0422218f0eff9a09693dbf1a823eeab60d58716);
  the member is ``report.xml`` (``Report.xml`` in some): IPED's ``UfedXmlReader`` (Java class
  ``iped.engine.datasource.UfedXmlReader``, github.com/sepinf-inc/IPED; commit not recorded).
* ``<sourceExtractions><extractionInfo id name type deviceName fullName .../>``: ufdr-rs
  ``src/models/source_extractions.rs`` (commit 335bad4779a4df8cceffed330c727aca4dac9c03); IPED maps
  ``extractionInfo`` ``id`` -> ``name``.
* ``<caseInformation><field name=... fieldType="CaseNumber|CaseName|EvidenceNumber|None">text``:
  ufdr-rs ``src/models/case_information.rs`` (commit 335bad4779a4df8cceffed330c727aca4dac9c03),
  UFEDLib ``UFEDLib/MetaData/CaseInformation.cs``.
* project-level ``<metadata section="Device Info" | "Extraction Data" | "Additional Fields">``
  with ``<item name=... [sourceExtraction=...]>text</item>``: UFEDLib ``ProjectAttributes.cs``,
  ``DeviceInfo.cs``, ``ExtractionData.cs``; ufdr-rs ``src/models/commons.rs`` (commit
  335bad4779a4df8cceffed330c727aca4dac9c03, whose tests also show ``Local Path``, an empty
  ``SHA256`` and ``MD5`` items as CDATA).
* ``<taggedFiles><file fs fsid path size id extractionId deleted embedded isrelated>`` holding
  ``<metadata section="File">`` items ``Local Path`` (backslash separated, ``files\\Database\\x``),
  ``SHA256`` (may be empty), ``MD5`` and ``Tags``: UFEDLib ``UFEDLib/MetaData/TaggedFiles.cs``
  (commit 6e16eba3d95eff92cea8a3d2af01d570da2ac016), ufdr-rs ``src/models/tagged_files.rs``
  (commit 2497029e52314cc3a91aa96dee81cd7dc1c26690) and ``src/models/file.rs``; a real entry from
  Josh Hickman's Android 12 image is quoted in DFIRScience's post "How to extract files from
  Cellebrite Reader UFDR for ALEAPP or iLEAPP" (2022-02-02), whose UFDR2DIR ``ufdr2dir.py``
  (github.com/DFIRScience/UFDR2DIR, commit 048bd6bd9c89c0567a71140dae8b25ded0095ae4) notes that
  the leading ``/`` of ``path`` is sometimes missing. IPED reads the ``MD5`` item of a file.

``report.xml`` is treated as hostile: it is parsed by ``defusedxml`` with DTDs, entities and
external references refused, element by element (finished elements are dropped, so memory does
not grow with the report). A listed file whose stored path is absolute or leaves the zip's tree
(``..``), or whose device path has a ``..`` component, is ignored with a warning. Members the
report does not list stay indexed under their zip path.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import caps
from .extraction import CHUNK, READ_ERRORS, EvidenceError, Extraction, ZipExtraction, _open_noatime, _zip_mtime, open_zip

try:  # a hard dependency (setup.cfg); the import error names it if it is missing
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse as _safe_iterparse
except ImportError as exc:  # pragma: no cover - installed with the package
    raise ImportError("reading a Cellebrite UFDR needs the 'defusedxml' package") from exc

from xml.etree.ElementTree import ParseError

REPORT_NAMES = ("report.xml", "Report.xml")
#: project-level metadata sections kept in the run record
_META_SECTIONS = {"Device Info": "device", "Extraction Data": "extraction", "Additional Fields": "additional"}
#: at most this many items per metadata section in the run record (a report is not a run record)
_MAX_ITEMS = 200
#: problems of one kind listed by name before they are only counted
_MAX_LISTED = 5
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class ReportFile:
    """One ``<file>`` of ``report.xml``'s ``taggedFiles``."""

    device_path: str
    local_path: str
    size: int | None
    sha256: str | None
    md5: str | None
    fs: str | None
    deleted: str | None


def is_ufdr(zf: zipfile.ZipFile) -> str | None:
    """The name of the report member when this zip is a UFDR (``report.xml`` at its top)."""
    names = set(zf.namelist())
    for name in REPORT_NAMES:
        if name in names:
            return name
    return None


def looks_like_ufdr(source: Path) -> bool:
    """Whether the zip at ``source`` is a UFDR (reads only its central directory)."""
    try:
        with open_zip(source)[0] as zf:
            return is_ufdr(zf) is not None
    except (zipfile.BadZipFile, OSError):
        return False  # the zip reader says what is wrong with it


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _clean_device_path(path: str) -> str | None:
    """The device path as an index path (no leading ``/``), or None when it climbs out (``..``)."""
    if "\x00" in path:
        return None
    parts = [p for p in path.replace("\\", "/").split("/") if p and p != "."]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _clean_local_path(path: str) -> str | None:
    """The stored path as a zip member name, or None when absolute or escaping the zip's tree."""
    path = path.strip().replace("\\", "/")
    if not path or "\x00" in path or path.startswith("/") or _DRIVE.match(path):
        return None
    parts = [p for p in path.split("/") if p and p != "."]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


class _Problems:
    """Problems of one kind: the first few named, the rest counted."""

    def __init__(self, what: str):
        self.what = what
        self.names: list[str] = []
        self.count = 0

    def add(self, name: str) -> None:
        self.count += 1
        if len(self.names) < _MAX_LISTED:
            self.names.append(name)

    def message(self) -> str | None:
        if not self.count:
            return None
        more = f" and {self.count - len(self.names)} more" if self.count > len(self.names) else ""
        return f"report.xml: {self.count} {self.what}: " + ", ".join(repr(n) for n in self.names) + more


def read_report(fh: BinaryIO) -> tuple[dict, list[ReportFile], list[str]]:
    """``(metadata, files, problems)`` of a ``report.xml`` stream, parsed incrementally and safely."""
    meta: dict = {}
    files: list[ReportFile] = []
    problems: list[str] = []
    stack: list = []
    in_tagged = 0
    section_stack: list[str | None] = []
    current: dict | None = None
    escaped = _Problems("listed files have a device path leaving the file system ('..') and were ignored")
    bad_local = _Problems("listed files are stored at an absolute path or outside the archive's tree and were ignored")
    try:
        for event, elem in _safe_iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = _local(elem.tag)
            if event == "start":
                stack.append(elem)
                if tag == "project" and len(stack) == 1:
                    meta["project"] = {k: elem.get(k) for k in ("id", "name", "reportVersion", "extractionType") if elem.get(k)}
                elif tag == "taggedFiles":
                    in_tagged += 1
                elif tag == "file" and in_tagged and current is None:
                    current = {"attrs": dict(elem.attrib), "items": {}, "depth": len(stack)}
                if tag == "metadata":
                    section_stack.append(elem.get("section"))
                continue
            # end of an element: read it, then drop it so that memory does not grow with the report
            stack.pop()
            depth = len(stack)
            if tag == "metadata" and section_stack:
                section_stack.pop()
            elif tag == "taggedFiles":
                in_tagged -= 1
            elif tag == "extractionInfo":
                meta.setdefault("extractions", []).append(
                    {k: elem.get(k) for k in ("id", "name", "type", "deviceName", "fullName") if elem.get(k) is not None})
            elif tag == "field" and stack and _local(stack[-1].tag) == "caseInformation":
                meta.setdefault("case", []).append(
                    {"name": elem.get("name"), "type": elem.get("fieldType"), "value": (elem.text or "").strip()})
            elif tag == "item":
                section = section_stack[-1] if section_stack else None
                if current is not None and section == "File":
                    current["items"].setdefault(elem.get("name"), (elem.text or "").strip())
                elif current is None and section in _META_SECTIONS and depth == 2:
                    items = meta.setdefault(_META_SECTIONS[section], [])
                    if len(items) < _MAX_ITEMS:
                        items.append([elem.get("name"), (elem.text or "").strip()])
            elif tag == "file" and current is not None and depth + 1 == current["depth"]:
                rf = _report_file(current, escaped, bad_local)
                if rf is not None:
                    files.append(rf)
                current = None
            if stack:
                stack[-1].remove(elem)
            else:
                elem.clear()
    except DefusedXmlException as exc:
        raise EvidenceError(f"report.xml refused: {type(exc).__name__} ({exc}); a Cellebrite report has no DTD or entities") from None
    except ParseError as exc:
        if not files and not meta:
            raise EvidenceError(f"report.xml is not well-formed XML ({exc})") from None
        problems.append(f"report.xml is damaged after {len(files)} listed files ({exc}); the rest of it is not used")
    for p in (escaped, bad_local):
        msg = p.message()
        if msg:
            problems.append(msg)
    return meta, files, problems


def _report_file(current: dict, escaped: _Problems, bad_local: _Problems) -> ReportFile | None:
    attrs, items = current["attrs"], current["items"]
    raw_path = attrs.get("path") or ""
    device = _clean_device_path(raw_path)
    if device is None:
        if raw_path:
            escaped.add(raw_path)
        return None
    raw_local = items.get("Local Path") or ""
    if not raw_local:
        return ReportFile(device, "", _int(attrs.get("size")), None, None, attrs.get("fs"), attrs.get("deleted"))
    local = _clean_local_path(raw_local)
    if local is None:
        bad_local.add(raw_local)
        return None
    return ReportFile(device, local, _int(attrs.get("size")), _hex(items.get("SHA256"), 64), _hex(items.get("MD5"), 32),
                      attrs.get("fs"), attrs.get("deleted"))


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value else None
    except ValueError:
        return None


def _hex(value: str | None, length: int) -> str | None:
    value = (value or "").strip().lower()
    return value if len(value) == length and all(c in "0123456789abcdef" for c in value) else None


class _Md5Tee:
    """A read-only wrapper that also computes the MD5 of what is read through it."""

    def __init__(self, fh: BinaryIO, digest):
        self._fh = fh
        self._digest = digest

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(n)
        self._digest.update(data)
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()

    def close(self) -> None:
        self._fh.close()


class UfdrExtraction(ZipExtraction):
    """A Cellebrite UFDR (a zip with ``report.xml``): files indexed under their device paths.

    Members are read as :class:`ZipExtraction` reads them; only the index differs.
    """

    kind = "ufdr"
    map_backup_domains = False  # the report gives device paths

    def __init__(self, source: Path):
        Extraction.__init__(self, source)  # not ZipExtraction's index: the report's
        import os

        self.budget = caps.Budget(caps.expansion_cap(source.stat().st_size))
        try:
            self._zip = self._open_zip()
        except (zipfile.BadZipFile, OSError) as exc:
            raise EvidenceError(f"{source}: not a readable zip archive ({exc})") from None
        self._pid = os.getpid()
        report_name = is_ufdr(self._zip)
        if report_name is None:
            raise EvidenceError(f"{source}: no report.xml at the top of the archive: not a UFDR")
        self.report_name = report_name
        members = {}
        members_lower: dict[str, zipfile.ZipInfo] = {}
        for info in sorted(self._zip.infolist(), key=lambda i: i.header_offset):
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            name = info.filename.replace("\\", "/").lstrip("/")
            members[name] = info
            members_lower.setdefault(name.lower(), info)
        try:
            with self._zip.open(members[report_name]) as fh:
                self.metadata, listed, problems = read_report(fh)
        except READ_ERRORS as exc:
            raise EvidenceError(f"{source}: report.xml cannot be read ({type(exc).__name__}: {exc})") from None
        self.problems.extend(problems)
        self._report: dict[str, ReportFile] = {}
        self._stored: dict[str, str] = {}
        self._md5: dict[str, object] = {}
        self._checked: dict[str, tuple[list[str], str | None]] = {}
        used: set[str] = set()
        missing = _Problems("listed files are not in the archive")
        twice = _Problems("device paths are listed more than once (the first is used)")
        no_content = 0
        for rf in listed:
            if not rf.local_path:
                no_content += 1
                continue
            info = members.get(rf.local_path) or members_lower.get(rf.local_path.lower())
            if info is None:
                missing.add(rf.local_path)
                continue
            if info.flag_bits & 0x1:
                self.problems.append(f"{info.filename}: encrypted zip member skipped")
                continue
            entry = self._add(rf.device_path, info.file_size, _zip_mtime(info), info, quiet=True)
            if entry is None:
                twice.add(rf.device_path)
                continue
            self._report[entry.path] = rf
            self._stored[entry.path] = info.filename
            used.add(info.filename)
        unlisted = 0
        for name, info in members.items():
            if info.filename in used or name == report_name:
                continue
            if info.flag_bits & 0x1:
                continue
            if self._add(name, info.file_size, _zip_mtime(info), info, quiet=True) is not None:
                unlisted += 1
        for p in (missing, twice):
            msg = p.message()
            if msg:
                self.problems.append(msg)
        self.listed = len(self._report)
        self.unlisted = unlisted
        self.without_content = no_content

    # Extraction._add reports every later duplicate; the report's duplicates are counted instead
    def _add(self, path, size, mtime, key, quiet=False):
        if quiet and self.lookup(path) is not None:
            return None
        return super()._add(path, size, mtime, key)

    def describe(self) -> str:
        """One line on what the report gave."""
        proj = self.metadata.get("project", {})
        version = f" (report version {proj['reportVersion']})" if proj.get("reportVersion") else ""
        parts = [f"Cellebrite UFDR{version}: {self.listed} files indexed under the device paths in {self.report_name}"]
        if self.unlisted:
            parts.append(f"{self.unlisted} archive members not listed there kept under their archive path")
        if self.without_content:
            parts.append(f"{self.without_content} listed files have no stored copy")
        return "; ".join(parts)

    def origin(self, path: str) -> str | None:
        return None  # said, with the report's hashes, by check_source

    def check_source(self, path: str, sha256: str) -> tuple[list[str], str | None]:
        """Notes for the sources table and, when the file differs from report.xml, a warning."""
        cached = self._checked.get(path)
        if cached is not None:
            return cached
        rf = self._report.get(path)
        if rf is None:
            result: tuple[list[str], str | None] = (["not listed in report.xml (indexed under its archive path)"], None)
        else:
            given = ", ".join(f"{k} {v}" for k, v in (("SHA-256", rf.sha256), ("MD5", rf.md5)) if v) or "no hash"
            note = f"UFDR: stored as {self._stored[path]}; report.xml gives {given}"
            if rf.deleted and rf.deleted.lower() != "intact":
                note += f"; marked {rf.deleted} in report.xml"
            problem = None
            if rf.sha256:
                if sha256.lower() == rf.sha256:
                    note += " (SHA-256 matches)"
                else:
                    problem = f"SHA-256 {sha256} differs from the {rf.sha256} that report.xml gives for this file (stored as {self._stored[path]})"
            elif rf.md5:
                md5 = self._md5_of(path)
                if md5 is None:
                    note += " (MD5 not checked: the file cannot be read)"
                elif md5 == rf.md5:
                    note += " (MD5 matches)"
                else:
                    problem = f"MD5 {md5} differs from the {rf.md5} that report.xml gives for this file (stored as {self._stored[path]})"
            if problem:
                note += " (HASH DIFFERS from report.xml)"
            result = ([note], problem)
        self._checked[path] = result
        return result

    def _md5_of(self, path: str) -> str | None:
        digest = self._md5.get(path)
        if digest is not None:
            return digest.hexdigest()
        entry = self.lookup(path)
        try:
            with self.open_entry(entry) as fh:
                digest = hashlib.md5()
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    digest.update(chunk)
        except READ_ERRORS:
            return None
        return digest.hexdigest()

    def _stream_members(self, wanted: set[int]):
        """As for any zip; files whose report gives only an MD5 have it computed on the same read."""
        for entry, fh in super()._stream_members(wanted):
            rf = self._report.get(entry.path)
            if isinstance(fh, BaseException) or rf is None or rf.sha256 or not rf.md5:
                yield entry, fh
                continue
            digest = hashlib.md5()
            yield entry, _Md5Tee(fh, digest)
            self._md5[entry.path] = digest
