"""Signal Android full backups: ``signal-YYYY-MM-DD-HH-MM-SS.backup`` (30-digit passphrase).

The app's local backup (Settings > Chats > Chat backups) writes the whole ``signal.db`` as SQL
statements plus preferences, attachments, avatars and stickers into one encrypted file, usually
under ``/sdcard/Signal/Backups/``. This parser decrypts and verifies it with
:mod:`artefacts.decoders.signal_backup` (every frame's MAC is checked before it is decrypted),
replays its ``CREATE`` / ``INSERT`` statements into a fresh SQLite file in the private workspace,
writes the attachments next to it, and parses that database with the ``signal_android`` parser,
so the events are the same as those of the app's own ``signal.db``.

* **Passphrase**: ``--key signal=<30 digits>`` (spaces allowed, as the app shows six groups of five);
  values that are not 30 digits (a 64-hex ``signal.db`` DatabaseSecret) are left to ``signal_android``.
* **Sources**: events keep the backup file as ``source_path`` / ``source_sha256`` and carry
  ``extra["restored_from"]`` (header version, database version, whether the End frame was reached).
* **Attachments** come from the backup itself: an event's attachment ``path`` is
  ``<backup path>#attachment/<attachment row id>`` and ``sha256`` the SHA-256 of the restored
  (decrypted) bytes; an attachment row whose data is not in the backup (never downloaded, or left
  out by the app) has ``path`` and ``sha256`` null.
* **Failures** give one warning naming the file and the reason: no or wrong passphrase, not a
  backup, a frame whose MAC does not match, a truncated file. Nothing is invented: when damage is
  found after some frames were restored (each of them verified), the events of those frames are
  reported and the warning says where the restore stopped.

Format facts: the project's reference notes, formats.md section 2, and the app's
``FullBackupExporter`` / ``FullBackupImporter`` / ``BackupRecordInputStream`` (see the decoder).
"""

from __future__ import annotations

import re

from artefacts import hookimpl
from artefacts.decoders import signal_backup as sb
from artefacts.events import attachment as make_attachment
from artefacts.parser import Parser

__version__ = "1.0"

_NAME = re.compile(r"^signal-.*\.backup$", re.I)
_PASSPHRASE = re.compile(r"^[0-9 ]+$")


def _delegate_class():
    from artefacts.plugins.signal_android import SignalAndroidParser

    return SignalAndroidParser


class SignalBackupParser(Parser):
    name = "signal_backup"
    version = __version__
    app = "signal"
    platform = "android"
    description = (
        "Signal Android full backups (signal-*.backup, 30-digit passphrase given with --key signal=...), "
        "restored into the workspace and parsed as signal.db"
    )
    path_globs = ("**/signal-*.backup",)
    references = (
        "project notes formats.md section 2 (key derivation, frames, Backups.proto)",
        "signalapp/Signal-Android FullBackupBase.java, BackupFrameOutputStream.java, BackupRecordInputStream.java, "
        "FullBackupImporter.java, FullBackupExporter.java, BackupVersions.kt",
        "schemas/signal_backups.proto",
    )

    parses_as = staticmethod(_delegate_class)

    def check_file(self, ctx) -> str | None:
        if _NAME.match(ctx.source.path.rsplit("/", 1)[-1]):
            return None  # named as a backup: parse() reports what is wrong with it, if anything
        if sb.sniff(ctx.source.local_path):
            return None
        return "not a Signal backup"

    @staticmethod
    def _passphrases(ctx) -> tuple[list[tuple[str, str]], list[str]]:
        out, notes = [], []
        for n, material in enumerate(ctx.keys("signal"), 1):
            value = material.strip()
            if _PASSPHRASE.match(value) and len(value.replace(" ", "")) == sb.PASSPHRASE_DIGITS:
                out.append((f"--key signal #{n}", value))
            else:
                notes.append(f"--key signal #{n} is not a 30-digit backup passphrase")
        return out, notes

    def parse(self, ctx):
        display = ctx.source.path
        try:
            header = sb.read_header(ctx.source.local_path, name=display)
        except sb.SignalBackupError as exc:
            ctx.warn(f"cannot restore this Signal backup: {exc.reason}")
            return
        passphrases, notes = self._passphrases(ctx)
        if not passphrases:
            ctx.warn("cannot restore this Signal backup: no passphrase; give the 30-digit backup passphrase with "
                     "--key signal=DIGITS" + ("; " + "; ".join(notes) if notes else ""))
            return
        result = None
        problem = None
        tried = []
        for label, passphrase in passphrases:
            out = ctx.scratch("signal.db")
            media = out.parent / "media"
            try:
                result = sb.restore_backup(ctx.source.local_path, passphrase, out, media, name=display)
                break
            except sb.WrongPassphraseError as exc:
                tried.append(f"{label}: {exc.reason}")
            except sb.SignalBackupError as exc:
                partial = getattr(exc, "partial", None)
                if partial is not None and partial.statements["executed"]:
                    result = partial
                    problem = (f"the backup is damaged: {exc.reason}; the {sum(partial.frames.values())} frames "
                               f"before it verified and were restored, and their events are reported")
                else:
                    ctx.warn(f"cannot restore this Signal backup: {exc.reason}")
                    return
                break
        if result is None:
            ctx.warn("cannot restore this Signal backup: wrong passphrase (" + "; ".join(tried) + ")")
            return
        failed = result.statements["failed"]
        unknown = result.frames.get("unknown", 0)
        if failed or unknown:
            what = []
            if failed:
                what.append(f"{failed} SQL statement(s) failed")
            if unknown:
                what.append(f"{unknown} frame(s) of an unknown kind were skipped")
            detail = "; ".join(result.warnings[:3])
            message = "restored with problems: " + ", ".join(what) + (f" (first: {detail})" if detail else "")
            problem = f"{problem}; {message}" if problem else message
        if problem:
            ctx.warn(problem)
        yield from self._delegate(ctx, result, header)

    def _delegate(self, ctx, result: sb.RestoreResult, header: sb.BackupHeader):
        try:
            delegate = _delegate_class()()
        except Exception as exc:
            ctx.warn(f"restored the backup, but the signal_android parser is not available to read it "
                     f"({type(exc).__name__}: {exc})")
            return
        files = {f.row_id: f for f in result.attachments if f.row_id is not None}
        source_path = ctx.source.path

        def resolve(a, _ctx):
            f = files.get(a["_id"])
            if f is not None and (f.attachment_id is None or a["unique_id"] is None or f.attachment_id == a["unique_id"]):
                return make_attachment(name=a["file_name"], mime_type=a["content_type"], size=f.size,
                                       path=f"{source_path}#attachment/{a['_id']}", sha256=f.sha256)
            return make_attachment(name=a["file_name"], mime_type=a["content_type"], size=a["data_size"],
                                   path=None, sha256=None)

        child = ctx.derive(result.database, f"restored from Signal backup (header version {header.version})")
        child.lookups["attachment_resolver"] = resolve
        provenance = {
            "format": "signal-backup",
            "header_version": header.version,
            "database_version": result.database_version,
            "complete": result.complete,
        }
        try:
            for ev in delegate.parse_plain(child):
                extra = dict(ev.get("extra") or {})
                extra["restored_from"] = dict(provenance)
                ev["extra"] = extra
                yield ev
        finally:
            child.lookups.pop("attachment_resolver", None)
            child.close()


@hookimpl
def register_parsers(register):
    register(SignalBackupParser)
