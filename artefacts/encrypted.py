"""Opening an encrypted working copy with the keys a parser has gathered.

Every plugin of an app whose database is SQLCipher-encrypted (Signal Android, Desktop and iOS,
later WeChat, Threema, Session ...) does the same thing: try each candidate key on the working
copy, decrypt into the private workspace with the first that opens it (replaying the committed
WAL frames), and parse the plain copy through a derived context whose events keep the encrypted
file as their source. :func:`open_sqlcipher` is that one piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .context import ParseContext


@dataclass
class Opened:
    """A decrypted working copy: the context to parse it through and what to record about it."""

    ctx: ParseContext
    provenance: dict


def open_sqlcipher(
    ctx: ParseContext,
    candidates: list[tuple[str, object]],
    *,
    settings,
    scratch_name: str,
    hint: str,
    tried: list[str] | None = None,
) -> Opened | None:
    """Try ``candidates`` (``(label, key)``; key as :func:`artefacts.decoders.sqlcipher.decrypt_database`
    takes it) on ``ctx``'s working copy with ``settings``.

    Returns the derived context and a provenance record (settings, which key by its label, the
    plaintext hash, WAL frames applied), or ``None`` after ONE warning that names every key tried
    and ends with ``hint`` (what the examiner must supply). Key values never appear in warnings.
    """
    from .decoders import sqlcipher as sc

    src = ctx.source.local_path
    wal = src.with_name(src.name + "-wal")
    tried = list(tried or ())
    for label, key in candidates:
        out = ctx.scratch(scratch_name)
        try:
            result = sc.decrypt_database(src, out, key, settings=settings, wal=wal if wal.exists() else False)
        except sc.WrongKeyError:
            tried.append(f"{label}: wrong key")
            continue
        except sc.NotEncryptedError as exc:
            ctx.warn(f"not a SQLite database and not SQLCipher-encrypted either: {exc}")
            return None
        except sc.SQLCipherError as exc:
            ctx.warn(f"cannot decrypt the SQLCipher database ({label}): {exc}")
            return None
        for problem in result.warnings:
            ctx.warn(f"SQLCipher decryption: {problem}")
        name = getattr(result.settings, "name", None) or "custom"
        provenance = {
            "format": "sqlcipher",
            "settings": f"{name}: {result.settings.describe()}",
            "key_source": label,
            "database_sha256": ctx.source.sha256,
            "plaintext_sha256": result.plaintext_sha256,
            "wal_frames_applied": result.wal_frames_applied,
        }
        return Opened(ctx.derive(out, f"decrypted from SQLCipher ({name}) with {label}"), provenance)
    ctx.warn("cannot decrypt the SQLCipher database: " + ("; ".join(tried) + ". " if tried else "") + hint)
    return None


def is_plain(ctx: ParseContext) -> bool:
    """Whether the working copy is a plain SQLite file, not an encrypted store.

    The magic at byte 0 and a b-tree page after the header: a SQLCipher file with a plaintext
    header (Telegram iOS, Session iOS) starts with the magic too.
    """
    from .decoders.sqlcipher import looks_plain_sqlite

    return looks_plain_sqlite(ctx.source.local_path)


def check_encrypted_store(ctx: ParseContext, name: str, looks_like, what: str) -> str | None:
    """``check_file`` of an app store that is SQLCipher-encrypted on the device (see :class:`artefacts.parser.Parser`).

    A plain copy (already decrypted by an acquisition tool) is taken when it is named ``name`` or
    ``looks_like(ctx)`` (its tables); an encrypted file only by its name, since nothing else in it
    can be read before it is decrypted. Returns None to take the file, else why not.
    """
    named = ctx.source.path.rsplit("/", 1)[-1].lower() == name.lower()
    if is_plain(ctx):
        return None if named or looks_like(ctx) else f"a plain SQLite file that is not a {what} database"
    return None if named else f"not a plain SQLite file and not named {name}"


def parse_store(ctx: ParseContext, parser, *, keys_and_notes, settings, scratch_name: str, need: str, what: str,
                before=None):
    """``parse`` of an app store that is SQLCipher-encrypted on the device.

    A plain copy goes straight to ``parser.parse_plain(ctx)``. Otherwise the candidate keys
    (``keys_and_notes``: ``(keys, notes)`` as a parser gathers them) are tried with ``settings``;
    the decrypted copy is checked with ``parser.check_file`` and parsed through ``parse_plain``, its
    events carrying ``extra.decrypted_from``. Without any key, or when none opens it: ONE warning
    saying what is ``need``ed, with the notes. ``before(dctx, provenance)`` may prepare the derived
    context (e.g. a prefix for its warnings).
    """
    if is_plain(ctx):
        yield from parser.parse_plain(ctx)
        return
    keys, notes = keys_and_notes
    hint = "needed: " + need + ("; " + "; ".join(notes) if notes else "")
    if not keys:
        ctx.warn(f"cannot decrypt: {ctx.source.path.rsplit('/', 1)[-1]} is SQLCipher-encrypted and no key was given "
                 f"or found; {hint}")
        return
    opened = open_sqlcipher(ctx, keys, settings=settings, scratch_name=scratch_name, hint=hint)
    if opened is None:
        return

    def parse(dctx, provenance):
        if before is not None:
            before(dctx, provenance)
        yield from with_provenance(parser.parse_plain(dctx), provenance)

    yield from parse_opened(opened, parser, parse, what)


def with_provenance(events, provenance: dict, key: str = "decrypted_from"):
    """Yield ``events`` with ``extra[key] = provenance`` (a copy each)."""
    for ev in events:
        extra = dict(ev.get("extra") or {})
        extra[key] = dict(provenance)
        ev["extra"] = extra
        yield ev


def parse_opened(opened: Opened, parser, parse, what: str):
    """Check ``opened``'s decrypted copy with ``parser.check_file`` and yield ``parse(ctx, provenance)``; then
    hand the copy to the host for deleted-record recovery through the same ``parse``.

    A decrypted file that is not the parser's (the key opened some other database) is one
    warning on the encrypted file; the derived context is closed in every case.
    """
    try:
        reason = parser.check_file(opened.ctx)
        if reason is not None:
            opened.ctx.warn(f"decrypted the database, but it is not a {what} database: {reason}")
            return
        yield from parse(opened.ctx, opened.provenance)
        # its deleted records, once the live rows are written (the host carves the decrypted copy)
        opened.ctx.carve_derived(opened.ctx, lambda rctx: parse(rctx, opened.provenance),
                                 getattr(parser, "required_tables", None) or (), opened.provenance)
    finally:
        opened.ctx.close()


#: a GRDB/SQLCipher keychain key spec as ``--key`` takes it: 64 hex digits (raw key) or 96 (key + salt), ``x'…'`` accepted
KEY_SPEC = re.compile(r"(?i)^(?:x')?([0-9a-f]{64}|[0-9a-f]{96})'?$")
PLAINTEXT_HEADER_SIZE = 32


def header_layout(ctx: ParseContext) -> str:
    """``plain``, ``plaintext-header`` (SQLCipher with a 32-byte plaintext header) or ``encrypted``.

    A plain database has the SQLite magic and a b-tree page type (0x0D / 0x05) at byte 100 of
    page 1; with a plaintext header only the first 32 bytes are in the clear, byte 100 is not.
    """
    from .decoders.sqlcipher import SQLITE_MAGIC

    with open(ctx.source.local_path, "rb") as fh:
        head = fh.read(101)
    if head[:16] != SQLITE_MAGIC:
        return "encrypted"
    if len(head) > 100 and head[100] in (0x0D, 0x05):
        return "plain"
    return "plaintext-header"


def key_specs(ctx: ParseContext, apps: tuple[str, ...]) -> tuple[list[tuple[str, str]], list[str]]:
    """The ``--key`` values (and keys found in the extraction) of ``apps`` that are key specs, as
    ``(label, hex)``; and a note for each value of the first app that is not one."""
    keys, problems = [], []
    for app in apps:
        for n, material in enumerate(ctx.keys(app), 1):
            m = KEY_SPEC.match(material.strip())
            if m:
                keys.append((f"--key {app} #{n}", m.group(1).lower()))
            elif app == apps[0]:
                problems.append(f"--key {app} #{n} is not 64 or 96 hex digits")
    return keys, problems


def parse_keyspec_store(ctx: ParseContext, parser, parse, *, apps: tuple[str, ...], scratch_name: str, what: str):
    """``parse`` of a GRDB database encrypted as iOS apps keep it (Signal-iOS, Session): SQLCipher 4 opened
    with the keychain's 48-byte key spec ``x'<64 hex key><32 hex salt>'`` and, usually, a 32-byte plaintext
    header (so the salt is not in the file and only the 96-digit spec opens it).

    A plain copy goes straight to ``parse(ctx, None)``; otherwise the key specs of ``apps`` are tried
    and the decrypted copy goes through ``parse(dctx, provenance)``. Without a usable key, or when none
    opens it: ONE warning naming every key tried and how to give one (``--key apps[0]=``).
    """
    layout = header_layout(ctx)
    if layout == "plain":
        yield from parse(ctx, None)
        return
    keys, problems = key_specs(ctx, apps)
    if not keys:
        ctx.warn(
            "the database is encrypted (SQLCipher" + (", 32-byte plaintext header" if layout == "plaintext-header" else "")
            + f"): give the keychain key spec with --key {apps[0]}=<96 hex digits: 32-byte key + 16-byte salt>"
            + (f" ({'; '.join(problems)})" if problems else "")
        )
        return
    from dataclasses import replace

    from .decoders.sqlcipher import VERSIONS

    settings = VERSIONS[4]
    if layout == "plaintext-header":
        settings = replace(settings, plaintext_header_size=PLAINTEXT_HEADER_SIZE)
    tried = list(problems)
    candidates = []
    for label, spec in keys:
        if layout == "plaintext-header" and len(spec) != 96:
            tried.append(f"{label}: 64 hex digits, but this database keeps its salt out of the file (plaintext "
                         "header): the 96-digit key spec (key + salt) is needed")
            continue
        candidates.append((label, f"x'{spec}'"))
    opened = open_sqlcipher(ctx, candidates, settings=settings, scratch_name=scratch_name, tried=tried,
                            hint=f"Give the keychain key spec with --key {apps[0]}=<96 hex digits>")
    if opened is not None:
        yield from parse_opened(opened, parser, parse, what)
