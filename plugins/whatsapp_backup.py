"""WhatsApp Android encrypted backups: ``msgstore*.db.crypt12`` / ``.crypt14`` / ``.crypt15``.

WhatsApp backs its message store up daily to ``/sdcard/WhatsApp/Databases/`` (``msgstore.db.cryptNN``
plus dated copies such as ``msgstore-2024-01-01.1.db.crypt14``), encrypted with AES-256-GCM. This
parser decrypts each backup into the private workspace with the host decoder
:mod:`artefacts.decoders.whatsapp_crypt` and hands the plain database to the WhatsApp Android
parser (``artefacts.plugins.whatsapp_android``), exactly as if it were ``msgstore.db``.

Keys are tried in this order:

1. ``--key whatsapp=KEY`` on the command line (``ctx.keys("whatsapp")``), each a key file or the
   64-digit crypt15 key as hex;
2. the key files found in the extraction: ``files/key`` (crypt12/14) or
   ``files/encrypted_backup.key`` (crypt15) of ``com.whatsapp``, the closest to the backup first.

A backup that no key opens, or that is damaged, gives one warning naming the reason (for each key
tried) and no events. Events of a decrypted backup keep the backup as their source (path and
SHA-256) and carry ``extra["decrypted_from"] = {"format", "backup_sha256", "plaintext_sha256"}``.

Formats: the project's reference notes, formats.md section 1 (verified on the
ElDavoo/wa-crypt-tools test vectors).
"""

from __future__ import annotations

import sqlite3

from artefacts import hookimpl
from artefacts.decoders import whatsapp_crypt as wc
from artefacts.encrypted import with_provenance
from artefacts.parser import Parser

__version__ = "1.0"

KEY_FILE_ROLE = {  # related_globs name of the key file each format opens with
    wc.CRYPT12: "key",
    wc.CRYPT14: "key",
    wc.CRYPT15: "backup_key",
}
RETRY_ERRORS = (wc.WrongKeyError, wc.KeyFileError, wc.UnsupportedBackupError)


def _delegate_class():
    """The WhatsApp Android ``msgstore.db`` parser (imported when needed, so this plugin loads without it)."""
    from artefacts.plugins.whatsapp_android import WhatsAppAndroidParser

    return WhatsAppAndroidParser


class WhatsAppBackupParser(Parser):
    name = "whatsapp_backup"
    version = __version__
    app = "whatsapp"
    platform = "android"
    description = (
        "WhatsApp Android encrypted backups (msgstore.db.crypt12/14/15), decrypted with the extraction's "
        "key files or --key whatsapp=KEY and parsed as msgstore.db"
    )
    path_globs = (
        "**/msgstore*.db.crypt12",
        "**/msgstore*.db.crypt14",
        "**/msgstore*.db.crypt15",
    )
    related_globs = {
        "key": ("**/com.whatsapp/files/key",),
        "backup_key": ("**/com.whatsapp/files/encrypted_backup.key",),
        "wa": ("**/com.whatsapp/databases/wa.db",),
    }
    references = (
        "ElDavoo/wa-crypt-tools src/wa_crypt_tools/lib/db/db12.py, db14.py, db15.py, key/key14.py, key15.py "
        "(layouts; project notes formats.md section 1, verified on its test vectors)",
        "schemas/whatsapp_backup.proto (crypt14/15 header field numbers)",
    )

    parses_as = staticmethod(_delegate_class)

    def check_file(self, ctx) -> str | None:
        if wc.format_from_name(ctx.source.path) in wc.FORMATS:
            return None  # named as a backup: parse() reports what is wrong with it, if anything
        if wc.sniff(ctx.source.local_path) is None:
            return "not a WhatsApp crypt12/14/15 backup"
        return None

    def parse(self, ctx):
        src = ctx.source.local_path
        try:
            header = wc.read_header(src, wc.format_from_name(ctx.source.path))
        except wc.WhatsAppBackupError as exc:
            ctx.warn(f"cannot decrypt: {exc}")
            return
        fmt = header.format
        plain = ctx.scratch("msgstore.db")
        result = None
        tried: list[str] = []
        candidates = self._keys(ctx, fmt, tried)
        if not candidates and not tried:
            ctx.warn(
                f"cannot decrypt this {fmt} backup: no key (give --key whatsapp=KEY_FILE_OR_64_HEX_DIGITS, "
                f"or include com.whatsapp/files/{'encrypted_backup.key' if fmt == wc.CRYPT15 else 'key'} in the extraction)"
            )
            return
        for label, key in candidates:
            try:
                result = wc.decrypt_backup(src, key, plain, header=header)
                break
            except RETRY_ERRORS as exc:
                tried.append(f"{label}: {exc}")
            except wc.WhatsAppBackupError as exc:  # the file itself: no other key would help
                ctx.warn(f"cannot decrypt this {fmt} backup: {exc}")
                return
        if result is None:
            ctx.warn(f"cannot decrypt this {fmt} backup: " + "; ".join(tried))
            return
        if result.multi_file:
            ctx.warn(f"decrypted the {fmt} backup, but it is a multi-file (ZIP) backup, not a message store")
            return
        yield from self._delegate(ctx, result)

    @staticmethod
    def _keys(ctx, fmt: str, tried: list[str]) -> list[tuple[str, wc.WhatsAppKey]]:
        """Command-line keys, then the extraction's key file for this format; loaded and deduplicated."""
        raw: list[tuple[str, object]] = []
        for n, material in enumerate(ctx.keys("whatsapp"), 1):
            raw.append((f"--key whatsapp #{n}", material))
        for sf in ctx.related(KEY_FILE_ROLE[fmt]):
            raw.append((sf.path, sf.local_path))
        keys = []
        seen = set()
        for label, material in raw:
            try:
                key = wc.load_key(material)
            except wc.KeyFileError as exc:
                tried.append(f"{label}: {exc}")
                continue
            fingerprint = (key.kind, key.aes_key)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            keys.append((label, key))
        return keys

    def _delegate(self, ctx, result: wc.DecryptResult):
        fmt = result.format
        try:
            delegate_cls = _delegate_class()
        except Exception as exc:
            ctx.warn(
                f"decrypted the {fmt} backup, but the WhatsApp Android parser is not available to read it "
                f"({type(exc).__name__}: {exc})"
            )
            return
        delegate = delegate_cls()
        child = ctx.derive(result.output, f"decrypted from {fmt} backup")
        try:
            try:
                reason = delegate.check_file(child)
            except sqlite3.DatabaseError as exc:
                ctx.warn(f"decrypted the {fmt} backup, but it cannot be opened as SQLite: {exc}")
                return
            if reason is not None:
                ctx.warn(f"decrypted the {fmt} backup, but it is not a message store the WhatsApp parser knows: {reason}")
                return
            provenance = {
                "format": fmt,
                "backup_sha256": ctx.source.sha256,
                "plaintext_sha256": result.plaintext_sha256,
            }

            def parse(c):
                return with_provenance(delegate.parse(c), provenance)

            yield from parse(child)
            # the decrypted database is the file the app wrote: its deleted records are carved too
            ctx.carve_derived(child, parse, getattr(delegate, "required_tables", None) or (), provenance)
        finally:
            child.close()


@hookimpl
def register_parsers(register):
    register(WhatsAppBackupParser)
