"""Which acquisition-tool layout an extraction has, said once per input, and logical iOS backup folders.

The parsers' globs match a suffix of a path at a component boundary (:mod:`.globs`), so a full
file system is found wherever its root starts: ``filesystem1/private/var/...``,
``private/var/...``, ``Dump/data/data/...``, ``extraction/data/...``. Recognising the layout adds
no file to what the globs find; it says in the run record (the input's ``layout`` and
``layout_note``) where the device's file system was found to start, so that an examiner can see
that the tool read the extraction as intended, and says so too when nothing was recognised (the
globs are then all there is).

One layout needs its paths changed: folders named after iTunes/Finder backup domains, as tools
write a logical iOS extraction unpacked (``AppDomainGroup-group.net.whatsapp.WhatsApp.shared/``,
``AppDomain-net.whatsapp.WhatsApp/``, ``HomeDomain/Library/SMS/sms.db``). Their files are indexed
under the device folder the domain stands for (:func:`domain_folder_path`), so that globs naming
container paths (``**/AppGroup/*/Attachments/**``, ``**/group.net.whatsapp.WhatsApp.shared/...``)
match; the folder stored on disk is kept for the sources table. The domain roots are Apple's
(``/private/var/mobile`` for ``HomeDomain``, ``.../Containers/Shared/AppGroup`` for app groups
...), as iOS backup unpacking tools tabulate them; the container's UUID folder is not in a
backup, so the group or bundle identifier stands in its place (as in :class:`ITunesBackupExtraction`'s
``AppDomainGroup/<group>/`` paths).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: backup domains that are one folder on the device (``Domain/relative/path``)
_PLAIN_DOMAINS = {
    "homedomain": "private/var/mobile",
    "mediadomain": "private/var/mobile",
    "camerarolldomain": "private/var/mobile",
    "keyboarddomain": "private/var/mobile",
    "tonesdomain": "private/var/mobile",
    "homekitdomain": "private/var/mobile",
    "healthdomain": "private/var/mobile/Library",
    "booksdomain": "private/var/mobile/Media/Books",
    "wirelessdomain": "private/var/wireless",
    "systempreferencesdomain": "private/var/preferences",
    "managedpreferencesdomain": "private/var/Managed Preferences",
    "rootdomain": "private/var/root",
    "databasedomain": "private/var/db",
    "keychaindomain": "private/var/Keychains",
    "mobiledevicedomain": "private/var/MobileDevice",
    "installdomain": "private/var/installd",
}
#: backup domains named ``Kind-identifier``: one container per identifier
_CONTAINER_DOMAINS = {
    "appdomain": "private/var/mobile/Containers/Data/Application",
    "appdomaingroup": "private/var/mobile/Containers/Shared/AppGroup",
    "appdomainplugin": "private/var/mobile/Containers/Data/PluginKitPlugin",
    "syscontainerdomain": "private/var/containers/Data/System",
    "syssharedcontainerdomain": "private/var/containers/Shared/SystemGroup",
}
_CONTAINER_RX = re.compile(r"^(AppDomain|AppDomainGroup|AppDomainPlugin|SysContainerDomain|SysSharedContainerDomain)-(.+)$",
                           re.IGNORECASE)


def _domain_root(component: str) -> str | None:
    m = _CONTAINER_RX.match(component)
    if m:
        return f"{_CONTAINER_DOMAINS[m.group(1).lower()]}/{m.group(2)}"
    return _PLAIN_DOMAINS.get(component.lower())


def domain_folder_path(path: str) -> str:
    """``AppDomainGroup-<group>/x`` -> ``private/var/mobile/Containers/Shared/AppGroup/<group>/x``.

    The first component that names a backup domain is replaced by the device folder it stands
    for; folders before it (the tool's own) are kept. Any other path is returned as it is.
    """
    parts = path.split("/")
    for i, part in enumerate(parts[:-1]):  # a domain is a folder, never the file itself
        root = _domain_root(part)
        if root is not None:
            return "/".join([*parts[:i], root, *parts[i + 1 :]])
    return path


@dataclass(frozen=True)
class Layout:
    """A recognised layout: a short name, where the device's file system starts, one line for the record."""

    name: str
    root: str | None
    note: str


_IOS_FFS = re.compile(r"(?:^|/)private/var/(?:mobile|containers|wireless|root|db|preferences)/", re.IGNORECASE)
_IOS_DATA = re.compile(r"(?:^|/)mobile/(?:Library|Containers|Media)/", re.IGNORECASE)
_ANDROID = re.compile(r"(?:^|/)data/(?:data|user|user_de|media|misc|system)/", re.IGNORECASE)
_ANDROID_SDCARD = re.compile(r"(?:^|/)(?:sdcard|storage/emulated/0)/", re.IGNORECASE)


def _root_of(path: str, rx: re.Pattern) -> str:
    m = rx.search(path)
    start = m.start() + (1 if m.group(0).startswith("/") else 0)
    return path[:start]


def _where(root: str) -> str:
    return f"under {root}" if root else "at the top"


def recognise(ext) -> Layout:
    """The layout of an indexed extraction (see the module docstring)."""
    kind = getattr(ext, "kind", "")
    if kind == "ufdr":
        return Layout("cellebrite-ufdr", None, ext.describe())
    if kind == "itunes":
        return Layout("itunes-backup", None, "iTunes/Finder backup: files found through Manifest.db, indexed as Domain/relative path")
    if kind == "file":
        return Layout("single-file", None, "a single file: parsers recognise it by its content")
    paths = [e.path for e in ext.entries]
    mapped = getattr(ext, "_stored_as", {})
    if kind in ("directory", "zip", "tar") and mapped:
        domains = sorted({_first_domain(stored) for stored in mapped.values()} - {None})
        shown = ", ".join(domains[:4]) + (f" and {len(domains) - 4} more" if len(domains) > 4 else "")
        return Layout("ios-backup-domain-folders", None,
                      f"logical iOS extraction in backup-domain folders ({shown}): {len(mapped)} files indexed under the "
                      "device folders their domains stand for")
    for rx, name, what in (
        (_IOS_FFS, "ios-full-file-system", "iOS full file system (private/var/...)"),
        (_ANDROID, "android-full-file-system", "Android full file system (data/...)"),
    ):
        hit = next((p for p in paths if rx.search(p)), None)
        if hit is not None:
            root = _root_of(hit, rx)
            tool = _tool_root(root)
            return Layout(name, root, f"{what} {_where(root)}{tool}")
    hit = next((p for p in paths if _IOS_DATA.search(p)), None)
    if hit is not None:
        root = _root_of(hit, _IOS_DATA)
        tool = _tool_root(root)
        return Layout("ios-data-partition", root, f"iOS data partition (/private/var as mobile/...) {_where(root)}{tool}")
    hit = next((p for p in paths if _ANDROID_SDCARD.search(p)), None)
    if hit is not None:
        root = _root_of(hit, _ANDROID_SDCARD)
        return Layout("android-shared-storage", root, f"Android shared storage (sdcard/...) {_where(root)}")
    return Layout("unrecognised", None, "no known layout recognised: files are found by the parsers' path globs alone")


def _first_domain(stored: str) -> str | None:
    for part in stored.split("/")[:-1]:
        if _domain_root(part) is not None:
            m = _CONTAINER_RX.match(part)
            return m.group(1) if m else part
    return None


#: top folders that acquisition tools are known to write (seen in real extractions and test corpora)
_TOOL_ROOTS = {
    "filesystem1": "Cellebrite full file system zip (filesystem1/)",
    "filesystem2": "Cellebrite full file system zip, data partition (filesystem2/)",
    "dump": "Dump/ folder",
}


def _tool_root(root: str) -> str:
    first = root.strip("/").split("/", 1)[0].lower()
    known = _TOOL_ROOTS.get(first)
    return f" ({known})" if known else ""
