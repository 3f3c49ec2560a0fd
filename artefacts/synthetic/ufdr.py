"""A synthetic Cellebrite UFDR: ``report.xml`` plus the files sorted by category, in one zip.

The report is written with only the elements and attributes that public UFDR readers and a
published real entry show (see :mod:`artefacts.evidence.ufdr` for the sources): ``<project>`` in
the ``http://pa.cellebrite.com/report/2.0`` namespace, ``sourceExtractions/extractionInfo``,
``caseInformation/field``, project ``metadata`` sections ``Additional Fields``, ``Extraction
Data`` and ``Device Info``, and ``taggedFiles/file`` with ``accessInfo`` and a ``File`` metadata
section (``Local Path``, ``SHA256``, ``MD5``, ``Tags``). Files are stored as ``files/<Tag>/<name>``
(``files\\Database\\sms.db`` in the report, as Cellebrite writes it); a name already taken gets
`` (n)`` before its extension.

Deterministic: the same tree and options give the same bytes (fixed ids, times and zip entries).
``tamper``, ``extra_files`` and ``raw_report`` build the broken reports the tests need.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from .archive import EXTRACTION_EPOCH, write_zip

NAMESPACE = "http://pa.cellebrite.com/report/2.0"
_TAGS = (
    ((".db", ".sqlite", ".sqlitedb", ".storedata", "-wal", "-shm", "-journal"), "Database"),
    ((".jpg", ".jpeg", ".png", ".heic", ".gif", ".webp"), "Image"),
    ((".mp4", ".mov", ".3gp"), "Video"),
    ((".opus", ".m4a", ".mp3", ".amr", ".aac", ".ogg"), "Audio"),
    ((".pdf", ".vcf", ".txt", ".doc", ".docx"), "Document"),
    ((".plist", ".xml", ".json"), "Configuration"),
)


def _tag(name: str) -> str:
    lower = name.lower()
    for suffixes, tag in _TAGS:
        if lower.endswith(suffixes):
            return tag
    return "Uncategorized"


def _id(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "artefacts-ufdr:" + "/".join(parts)))


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _item(name: str, value: str, **attrs: str) -> str:
    extra = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    return f"<item name={quoteattr(name)}{extra}>{_cdata(value)}</item>"


def tree_files(root: str | os.PathLike, device_root: str = "/") -> dict[str, Path]:
    """``device path -> file`` for every file under ``root`` (the device path is ``device_root`` + relative path)."""
    root = Path(root)
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            out[device_root.rstrip("/") + "/" + rel] = full
    return out


def write_ufdr(
    dest: str | os.PathLike,
    files: Mapping[str, str | os.PathLike | bytes],
    *,
    device_name: str = "Apple iPhone (synthetic)",
    case: Mapping[str, str] | None = None,
    tamper: Iterable[str] = (),
    md5_only: bool = False,
    extra_files: Iterable[tuple[str, str]] = (),
    raw_report: bytes | None = None,
) -> dict:
    """Write a UFDR of ``files`` (device path -> file path or bytes) to ``dest``.

    ``tamper``: device paths whose stored copy gets one byte changed after hashing (the report
    keeps the original hashes; a database's byte is one SQLite leaves unread). ``md5_only``: leave ``SHA256`` empty, as some reports do.
    ``extra_files``: ``(device path, local path)`` pairs listed in the report as given (hostile
    paths). ``raw_report``: write these bytes as ``report.xml`` instead. Returns
    ``{"report": text, "stored": {device path: member}, "sha256": {...}, "md5": {...}}``.
    """
    case = dict(case or {"Case Number": "CASE-2024-0042", "Case Name": "Synthetic test case", "Evidence Number": "EV-7",
                          "Examiner Name": "A. Examiner"})
    members: dict[str, bytes | str | os.PathLike] = {}
    stored: dict[str, str] = {}
    sha: dict[str, str] = {}
    md5: dict[str, str] = {}
    rows = []
    tamper = set(tamper)
    taken: set[str] = set()
    for device_path in sorted(files):
        value = files[device_path]
        data = bytes(value) if isinstance(value, (bytes, bytearray)) else Path(value).read_bytes()
        name = device_path.rsplit("/", 1)[-1]
        tag = _tag(name)
        member = f"files/{tag}/{name}"
        n = 1
        while member.lower() in taken:
            stem, dot, ext = name.rpartition(".") if "." in name.lstrip(".") else (name, "", "")
            member = f"files/{tag}/{stem} ({n}){dot}{ext}"
            n += 1
        taken.add(member.lower())
        sha[device_path] = hashlib.sha256(data).hexdigest()
        md5[device_path] = hashlib.md5(data).hexdigest()
        if device_path in tamper:  # in SQLite's reserved header bytes, so that the file still opens
            at = 80 if data.startswith(b"SQLite format 3\x00") and len(data) > 100 else max(len(data) - 1, 0)
            data = data[:at] + bytes([(data[at] ^ 0xFF) if data else 0]) + data[at + 1 :]
        members[member] = data
        stored[device_path] = member
        rows.append((device_path, member, len(data), "" if md5_only else sha[device_path], md5[device_path], tag))
    for device_path, local in extra_files:
        rows.append((device_path, local, 0, "", "", "Uncategorized"))
    if raw_report is not None:
        report = raw_report.decode("utf-8", "replace")
        members["report.xml"] = raw_report
    else:
        report = _report(rows, device_name, case)
        members["report.xml"] = report.encode("utf-8")
    write_zip(dest, members)
    return {"report": report, "stored": stored, "sha256": sha, "md5": md5}


def _report(rows, device_name: str, case: Mapping[str, str]) -> str:
    when = "2024-05-01T12:00:00.000+00:00"
    fs_id = _id("fs", device_name)
    types = {"Case Number": "CaseNumber", "Case Name": "CaseName", "Evidence Number": "EvidenceNumber"}
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<project id="{_id("project", device_name)}" name={quoteattr(device_name)} reportVersion="7.60.0.0" '
           f'licenseID="" containsGarbage="False" extractionType="FileSystem" NodeCount="{len(rows)}" ModelCount="0" '
           f'xmlns="{NAMESPACE}">',
           "  <sourceExtractions>",
           f'    <extractionInfo id="0" name="File System" isCustomName="False" type="FileSystem" '
           f'deviceName={quoteattr(device_name)} fullName={quoteattr(device_name)} index="0" IsPartialData="False" />',
           "  </sourceExtractions>",
           "  <caseInformation>"]
    for name, value in case.items():
        system = "True" if name in types else "False"
        out.append(f'    <field name={quoteattr(name)} isSystem="{system}" isRequired="False" '
                   f'fieldType="{types.get(name, "None")}" multipleLines="False">{escape(value)}</field>')
    out += ["  </caseInformation>",
            '  <metadata section="Additional Fields">',
            "    " + _item("UFED_PA_Version", "7.60.0.0"),
            "  </metadata>",
            '  <metadata section="Extraction Data">',
            "    " + _item("DeviceInfoExtractionStartDateTime", "01/05/2024 11:00:00", sourceExtraction="0"),
            "    " + _item("DeviceInfoExtractionEndDateTime", "01/05/2024 12:00:00", sourceExtraction="0"),
            "    " + _item("ExtractionType", "FileSystem", sourceExtraction="0"),
            "  </metadata>",
            '  <metadata section="Device Info">',
            "    " + _item("DeviceInfoSelectedManufacturer", "Apple", id=_id("di", "1"), group=device_name, sourceExtraction="0"),
            "    " + _item("DeviceInfoOSVersion", "17.4", id=_id("di", "2"), group=device_name, sourceExtraction="0"),
            "  </metadata>",
            "  <taggedFiles>"]
    for i, (device_path, local, size, sha256, md5, tag) in enumerate(rows):
        out.append(f'    <file fs={quoteattr(device_name)} fsid="{fs_id}" path={quoteattr(device_path)} size="{size}" '
                   f'id="{_id("file", device_path, str(i))}" extractionId="0" deleted="Intact" embedded="false" isrelated="False">')
        out.append(f'      <accessInfo><timestamp name="ModifyTime" format="TimeStampKnown" '
                   f'formattedTimestamp="2024-05-01T12:00:00+00:00">{when}</timestamp></accessInfo>')
        out.append('      <metadata section="File">')
        for name, value in (("Local Path", local.replace("/", "\\")), ("SHA256", sha256), ("MD5", md5), ("Tags", tag)):
            out.append(f'        <item name="{name}" systemtype="System.String">{_cdata(value)}</item>')
        out.append("      </metadata>")
        out.append("    </file>")
    out += ["  </taggedFiles>", "</project>", ""]
    return "\n".join(out)


__all__ = ["NAMESPACE", "tree_files", "write_ufdr", "EXTRACTION_EPOCH"]
