"""Decrypting an encrypted message store into a plain file: ``artefacts decrypt`` and its Python API.

A small registry of formats. Each format says whether a file is its own (``sniff``, by content;
the file name is at most a hint) and decrypts it with one piece of key material into an output
path. Today: WhatsApp Android backups (``msgstore*.db.crypt12/14/15``), SQLCipher databases
(versions 1-4, Signal, Threema, WeChat settings; with their ``-wal``) and matrix-rust-sdk stores
(Element X; the values of a plain SQLite file, with the store passphrase) and Samourai Wallet files (the
payload's JSON text, with the app's password or the backup's passphrase). Signal ``.backup`` files can
be added with :func:`register_format`.

Python::

    from artefacts.decrypt import decrypt_file
    outcome = decrypt_file("msgstore.db.crypt15", "6730a5...f017", "msgstore.db")
    outcome.plaintext_sha256, outcome.details["app_version"]

Command line (``register(cli)`` adds it to the ``artefacts`` group)::

    artefacts decrypt FILE --key KEY -o PLAIN [--force] [--json]
        [--sqlcipher-version N] [--page-size P] [--kdf-iter N] [--kdf-algorithm sha1|sha256|sha512]
        [--hmac-algorithm sha1|sha256|sha512|none] [--plaintext-header-size N] [--salt HEX] [--no-wal]

``KEY`` is a key file or 64 hex digits (WhatsApp), or a passphrase or ``x'<64 hex>'`` raw key
(SQLCipher), optionally as ``APP=KEY`` (``--key whatsapp=files/key``, ``--key sqlcipher=testkey``,
``--key signal=<64 hex>``: the form ``artefacts parse`` takes); ``--key`` may be repeated, and
each key is tried in turn.

SQLCipher: without settings options every known variant is tried on page 1 (see
:func:`artefacts.decoders.sqlcipher.variants`); ``--sqlcipher-version N`` picks one version's
settings and the other options change single parameters (of that version, or of every variant
tried when no version is given). The ``-wal`` next to ``FILE`` is replayed (committed frames only)
unless ``--no-wal``. Pages that fail their HMAC after page 1 are kept as decrypted and reported
as a warning (exit code still 0).

Exit codes: 0 decrypted; 1 failure (the message names the file and the reason; nothing is
written); 2 usage error (bad or missing key argument, output exists without ``--force``).
"""

from __future__ import annotations

import json
import os
import sys
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import click

__all__ = [
    "DecryptError",
    "DecryptUsageError",
    "DecryptFormat",
    "DecryptOutcome",
    "FORMATS",
    "register_format",
    "detect_format",
    "decrypt_file",
    "split_key",
    "register",
    "decrypt_command",
    "sqlcipher_settings",
]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class DecryptError(Exception):
    """The file could not be decrypted. ``str()`` names the file and the reason."""

    def __init__(self, path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DecryptUsageError(DecryptError):
    """The request itself is wrong (key argument, output path): exit code 2."""


@dataclass(frozen=True)
class DecryptFormat:
    """One decryptable format.

    ``sniff(path) -> bool``: the file is this format (by content).
    ``decrypt(path, key_material, out) -> dict``: write the plaintext to ``out`` and return details
    (must include ``plaintext_sha256`` and ``plaintext_size``); raise on failure.
    ``claims(name) -> bool``: the file name says it is this format (used to explain a refusal).
    ``explain(path) -> str``: why ``sniff`` refused a file that ``claims`` matched.
    ``key_problem(material) -> str | None``: a usage problem with the key argument itself.
    ``retry_errors``: exceptions after which the next key is tried (wrong key, unusable key).
    ``any_key``: every non-empty string is usable key material (a passphrase): a key argument is
    then judged only by the other formats when the file is of none of them.
    ``options``: names of keyword options ``decrypt`` accepts (``decrypt(path, key, out, **options)``).
    """

    name: str
    description: str
    apps: tuple[str, ...]
    sniff: Callable[[Path], bool]
    decrypt: Callable[[Path, str, Path], dict]
    claims: Callable[[str], bool] = lambda name: False
    explain: Callable[[Path], str] = lambda path: "not this format"
    key_problem: Callable[[str], "str | None"] = lambda material: None
    retry_errors: tuple[type[BaseException], ...] = ()
    errors: tuple[type[BaseException], ...] = ()
    any_key: bool = False
    options: tuple[str, ...] = ()


@dataclass
class DecryptOutcome:
    input: Path
    output: Path
    format: str
    key: str
    plaintext_sha256: str
    plaintext_size: int
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["input"] = str(self.input)
        d["output"] = str(self.output)
        return d


FORMATS: dict[str, DecryptFormat] = {}


def register_format(fmt: DecryptFormat) -> None:
    """Add (or replace) a format in the registry."""
    FORMATS[fmt.name] = fmt


def _known_apps() -> set[str]:
    return {a for f in FORMATS.values() for a in f.apps}


def split_key(value: str) -> tuple[str | None, str]:
    """``"whatsapp=/x/key"`` -> ``("whatsapp", "/x/key")``; a plain key (or a path containing ``=``) -> ``(None, value)``."""
    app, sep, material = value.partition("=")
    if sep and app.strip().lower() in _known_apps() and material and not Path(value).exists():
        return app.strip().lower(), material
    return None, value


def detect_format(path: str | os.PathLike) -> DecryptFormat | None:
    """The registered format whose ``sniff`` accepts the file's content, else None."""
    p = Path(path)
    for fmt in FORMATS.values():
        try:
            if fmt.sniff(p):
                return fmt
        except OSError:
            continue
    return None


def _choose(path: Path, name: str | None) -> DecryptFormat:
    if name is not None:
        if name not in FORMATS:
            raise DecryptUsageError(path, f"unknown format {name!r}; known: {', '.join(sorted(FORMATS))}")
        return FORMATS[name]
    fmt = detect_format(path)
    if fmt is not None:
        return fmt
    for f in FORMATS.values():
        if f.claims(path.name):
            raise DecryptError(path, f.explain(path))
    known = "; ".join(f.description for f in FORMATS.values())
    raise DecryptError(path, f"not an encrypted store this tool can decrypt (known: {known})")


def decrypt_file(
    path: str | os.PathLike,
    keys: str | os.PathLike | Sequence[str | os.PathLike],
    out: str | os.PathLike,
    *,
    force: bool = False,
    format: str | None = None,
    options: dict | None = None,
) -> DecryptOutcome:
    """Decrypt ``path`` into ``out`` with the first of ``keys`` that opens it.

    ``options``: format-specific keyword options (SQLCipher: ``settings``, ``wal``, ``salt`` ...);
    a format that does not take them is a usage error.

    Raises :class:`DecryptUsageError` for a bad request and :class:`DecryptError` for a file that
    cannot be decrypted (the original exception is its ``__cause__``). Nothing is written to
    ``out`` unless decryption and every integrity check succeed.
    """
    path = Path(path)
    out = Path(out)
    if isinstance(keys, (str, os.PathLike)):
        keys = [keys]
    keys = [os.fspath(k) for k in keys]
    if not path.is_file():
        raise DecryptUsageError(path, "no such file")
    if not keys:
        raise DecryptUsageError(path, "no key given (--key KEYFILE or 64 hex digits)")
    if out.exists() and not force:
        raise DecryptUsageError(out, "output exists (use --force to replace it)")
    if out.exists() and out.resolve() == path.resolve():
        raise DecryptUsageError(out, "the output would overwrite the encrypted file")
    for value in keys:  # a key argument no format can use is a usage error, whatever the file
        app, material = split_key(value)
        problems = [f.key_problem(material) for f in FORMATS.values() if app is None or app in f.apps]
        if problems and all(problems):
            raise DecryptUsageError(path, f"--key {_redact(value)}: {problems[0]}")
    try:
        fmt = _choose(path, format)
    except DecryptUsageError:
        raise
    except DecryptError as exc:
        # a file of no format, whose name no passphrase format claims either: a key argument that
        # only a passphrase would fit is judged by the formats with structured keys (usage error)
        if not any(f.any_key and f.claims(path.name) for f in FORMATS.values()):
            for value in keys:
                app, material = split_key(value)
                problems = [
                    f.key_problem(material) for f in FORMATS.values() if not f.any_key and (app is None or app in f.apps)
                ]
                if problems and all(problems):
                    raise DecryptUsageError(path, f"--key {_redact(value)}: {problems[0]}; and {exc.reason}") from None
        raise
    options = {k: v for k, v in (options or {}).items() if v is not None}
    unknown = sorted(set(options) - set(fmt.options))
    if unknown:
        raise DecryptUsageError(path, f"{', '.join(unknown)}: not an option of {fmt.description}")

    materials = []
    for value in keys:
        app, material = split_key(value)
        if app is not None and app not in fmt.apps:
            continue  # a key for another app
        problem = fmt.key_problem(material)
        if problem is not None:
            raise DecryptUsageError(path, f"--key {_redact(value)}: {problem}")
        materials.append(material)
    if not materials:
        raise DecryptUsageError(path, f"no key for {'/'.join(fmt.apps)} among the keys given")

    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    tried = []
    last: BaseException | None = None
    for material in materials:
        try:
            details = fmt.decrypt(path, material, out, **options) if options else fmt.decrypt(path, material, out)
        except fmt.retry_errors as exc:
            tried.append(f"{_describe_key(material)}: {exc}")
            last = exc
            continue
        except fmt.errors as exc:
            raise DecryptError(path, str(exc)) from exc
        except OSError as exc:
            raise DecryptError(path, f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}") from exc
        return DecryptOutcome(
            input=path,
            output=out,
            format=details.get("format", fmt.name),
            key=_describe_key(material),
            plaintext_sha256=details["plaintext_sha256"],
            plaintext_size=details["plaintext_size"],
            details=details,
        )
    reason = str(last) if len(tried) == 1 else f"no key opens it ({'; '.join(tried)})"
    raise DecryptError(path, reason) from last


def _describe_key(material: str) -> str:
    p = Path(material)
    if p.exists():
        return str(p)
    if " " not in material.strip() and _hexish(material):
        return "key given as hex digits"
    return "key given on the command line"


def _hexish(material: str) -> bool:
    s = "".join(material.split()).replace("-", "").replace(":", "")
    return bool(s) and all(c in "0123456789abcdefABCDEF" for c in s)


def _redact(value: str) -> str:
    app, material = split_key(value)
    if Path(material).exists():
        return value
    shown = "<key>"
    return f"{app}={shown}" if app else shown


# ---------------------------------------------------------------------------------------------
# WhatsApp Android backups


def _whatsapp_format() -> DecryptFormat:
    from .decoders import whatsapp_crypt as wc

    def sniff(path: Path) -> bool:
        return wc.sniff(path) is not None

    def decrypt(path: Path, material: str, out: Path) -> dict:
        return wc.decrypt_backup(path, material, out).as_dict()

    def explain(path: Path) -> str:
        try:
            wc.read_header(path)
        except wc.WhatsAppBackupError as exc:
            return str(exc)
        except OSError as exc:
            return str(exc)
        return "not a WhatsApp backup"

    def key_problem(material: str) -> str | None:
        if Path(material).exists():
            return None if Path(material).is_file() else "is a folder, not a key file"
        if wc.looks_like_hex_key(material):
            return None
        if _hexish(material):
            n = len("".join(material.split()).replace("-", "").replace(":", ""))
            return f"a hex key has 64 hex digits, this one has {n}"
        return "neither an existing key file nor 64 hex digits"

    return DecryptFormat(
        name="whatsapp",
        description="WhatsApp Android backup (msgstore.db.crypt12, .crypt14, .crypt15)",
        apps=("whatsapp",),
        sniff=sniff,
        decrypt=decrypt,
        claims=lambda name: wc.format_from_name(name) is not None,
        explain=explain,
        key_problem=key_problem,
        retry_errors=(wc.WrongKeyError, wc.KeyFileError),
        errors=(wc.WhatsAppBackupError,),
    )


register_format(_whatsapp_format())


# ---------------------------------------------------------------------------------------------
# SQLCipher databases

SQLCIPHER_OPTIONS = ("settings", "wal", "salt", "zero_failed_pages", "allow_truncated")
_HMAC_NONE = "none"


def sqlcipher_settings(
    version: int | None = None,
    *,
    page_size: int | None = None,
    kdf_iter: int | None = None,
    kdf_algorithm: str | None = None,
    hmac_algorithm: str | None = None,
    plaintext_header_size: int | None = None,
):
    """Settings from the command line's options: None (auto-detect), one settings, or candidates.

    ``version`` picks one version's settings; the other arguments change single parameters of it,
    or, without a version, of every variant tried. ``hmac_algorithm="none"``: no HMAC.
    Raises ``ValueError`` for impossible settings.
    """
    from dataclasses import replace

    from .decoders import sqlcipher as sq

    overrides: dict = {}
    if page_size is not None:
        overrides["page_size"] = page_size
    if kdf_iter is not None:
        overrides["kdf_iter"] = kdf_iter
    if kdf_algorithm is not None:
        overrides["kdf_algorithm"] = kdf_algorithm.lower()
    if hmac_algorithm is not None:
        overrides["hmac_algorithm"] = None if hmac_algorithm.lower() == _HMAC_NONE else hmac_algorithm.lower()
    if plaintext_header_size is not None:
        overrides["plaintext_header_size"] = plaintext_header_size
    if version is not None and version not in sq.VERSIONS:
        raise ValueError(f"SQLCipher versions are 1 to 4, not {version}")
    if version is None and not overrides:
        return None
    bases = [sq.VERSIONS[version]] if version is not None else sq.variants()
    if not overrides:
        return bases[0]
    label = ", ".join(f"{k.replace('_', ' ')} {'none' if v is None else v}" for k, v in overrides.items())
    out = []
    for b in bases:
        try:
            out.append(replace(b, **overrides, name=f"{b.name} with {label}"))
        except ValueError:
            if version is not None:
                raise
    if not out:
        raise ValueError(f"no SQLCipher settings can have {label}")
    return out[0] if version is not None else out


def _sqlcipher_format(
    name: str = "sqlcipher",
    description: str = "SQLCipher database (versions 1-4; Signal, Threema, WeChat settings)",
    apps: tuple[str, ...] = ("sqlcipher", "signal", "threema", "wechat", "session"),
    *,
    sniff: Callable[[Path], bool] | None = None,
    to_key: Callable[[str], object] | None = None,
    key_rule: str = "an empty key",
    settings=None,
) -> DecryptFormat:
    """The generic SQLCipher format, or (``to_key``, ``settings``) an app's: its key material turned into
    the key SQLCipher takes (``to_key`` returns None for material of the wrong form: ``key_rule``)."""
    from .decoders import sqlcipher as sq

    convert = to_key or (lambda material: material or None)

    def decrypt(path: Path, material: str, out: Path, **options) -> dict:
        if settings is not None:
            options.setdefault("settings", settings)
        return sq.decrypt_database(path, out, convert(material), **options).as_dict()

    def claims(name: str) -> bool:
        return to_key is None and name.lower().endswith((".db", ".sqlite", ".sqlite3", ".db3", ".sqlcipher"))

    def key_problem(material: str) -> str | None:
        return None if convert(material) is not None else key_rule

    return DecryptFormat(
        name=name,
        description=description,
        apps=apps,
        sniff=sniff or sq.sniff,
        decrypt=decrypt,
        claims=claims,
        explain=sq.explain,
        key_problem=key_problem,
        retry_errors=(sq.WrongKeyError,),
        errors=(sq.SQLCipherError, ValueError),
        any_key=to_key is None,
        options=SQLCIPHER_OPTIONS,
    )


def _wire_format() -> DecryptFormat:
    """Wire for Android (Kalium) user databases: SQLCipher 4 with the 32-byte secret as passphrase bytes.

    Registered before the generic SQLCipher format so that ``--key wire=<64 hex>`` is taken as those
    bytes (``plugins/wire_android.py``), not as the ASCII text of the hex digits.
    """
    from .decoders import sqlcipher as sq

    def to_key(material: str):
        from .plugins.wire_android import parse_secret, secret_key

        raw = parse_secret(material)
        return None if raw is None else secret_key(raw)

    def sniff(path: Path) -> bool:
        return path.name.startswith("user-db-") and not path.name.endswith(("-wal", "-shm", "-journal")) and sq.sniff(path)

    return _sqlcipher_format("wire", "Wire for Android user database (SQLCipher 4, 32-byte secret)", ("wire",),
                             sniff=sniff, to_key=to_key, key_rule="a Wire key is 64 hex digits (or the base64 of 32 bytes)",
                             settings=sq.VERSIONS[4])


def _key_and_salt_format(name: str, description: str, filename: str, key_rule: str, settings, match) -> DecryptFormat:
    """An iOS app store that is SQLCipher 4 with a 32-byte plaintext header, opened with a raw key and its salt
    (``x'<64 hex key><32 hex salt>'``): ``match(material)`` gives the 96 hex digits, or None for material of another
    form. Registered before the generic SQLCipher format so that the digits are taken as key + salt, not as a
    passphrase."""
    from .decoders import sqlcipher as sq

    def to_key(material: str):
        digits = match(material.strip())
        return None if digits is None else f"x'{digits.lower()}'"

    def sniff(path: Path) -> bool:
        return path.name == filename and sq.sniff(path)

    return _sqlcipher_format(name, description, (name,), sniff=sniff, to_key=to_key, key_rule=key_rule,
                             settings=settings)


def _session_ios_format() -> DecryptFormat:
    """Session for iOS ``Session.sqlite`` with the keychain's 96-digit key spec (``plugins/session_ios.py``)."""
    from dataclasses import replace

    from .decoders import sqlcipher as sq
    from .encrypted import KEY_SPEC, PLAINTEXT_HEADER_SIZE

    def match(material: str):
        m = KEY_SPEC.match(material)
        return m.group(1) if m and len(m.group(1)) == 96 else None

    return _key_and_salt_format("session_ios", "Session for iOS Session.sqlite (SQLCipher 4, 32-byte plaintext "
                                "header, 96-digit keychain key spec)", "Session.sqlite",
                                "a Session iOS key spec is 96 hex digits (32-byte key + 16-byte salt)",
                                replace(sq.VERSIONS[4], plaintext_header_size=PLAINTEXT_HEADER_SIZE,
                                        name="Session iOS"), match)


def _telegram_ios_format() -> DecryptFormat:
    """Telegram iOS Postbox ``db_sqlite``: SQLCipher 4 with a 32-byte plaintext header and a raw key + salt.

    ``--key telegram_ios=<96 hex>`` is the 48 bytes of ``telegram-data/.tempkey`` (``plugins/telegram_ios.py``).
    """
    from .decoders import sqlcipher as sq

    def match(material: str):
        from .plugins.telegram_ios import _HEX96

        m = _HEX96.match(material)
        return None if m is None else m.group(1)

    return _key_and_salt_format("telegram_ios", "Telegram iOS Postbox db_sqlite (SQLCipher 4, plaintext header, key + salt)",
                                "db_sqlite",
                                "a Telegram iOS key is the 96 hex digits of telegram-data/.tempkey (key and salt)",
                                sq.APP_SETTINGS["telegram-ios"], match)


def _session_android_format() -> DecryptFormat:
    """Session for Android ``session.db``: SQLCipher 4 with kdf_iter 1, the DatabaseSecret's 64 hex digits as the
    passphrase (``plugins/session_android.py``), so that the settings are named after the app."""
    import re

    from .decoders import sqlcipher as sq

    def to_key(material: str):
        value = material.strip()
        return value.lower() if re.fullmatch(r"[0-9A-Fa-f]{64}", value) else None

    def sniff(path: Path) -> bool:
        return path.name == "session.db" and sq.sniff(path)

    return _sqlcipher_format("session_android", "Session for Android session.db (SQLCipher 4, kdf_iter 1, 64-hex "
                             "DatabaseSecret)", ("session",), sniff=sniff, to_key=to_key,
                             key_rule="a Session Android key is the DatabaseSecret's 64 hex digits",
                             settings=sq.APP_SETTINGS["session-android"])


register_format(_wire_format())
register_format(_session_ios_format())
register_format(_session_android_format())
register_format(_telegram_ios_format())


def _matrix_store_format() -> DecryptFormat:
    """matrix-rust-sdk SQLite stores (Element X): plain SQLite, values encrypted with the passphrase's store cipher."""
    from .decoders import store_cipher as sc

    return DecryptFormat(
        name="matrix-sdk-store",
        description="matrix-rust-sdk SQLite store (Element X; values encrypted with the store cipher)",
        apps=("element",),
        sniff=sc.is_encrypted_store,
        decrypt=lambda path, material, out: sc.decrypt_store_file(path, material, out),
        claims=lambda name: name.startswith("matrix-sdk-") and name.endswith(".sqlite3"),
        explain=lambda path: "a matrix-rust-sdk store without a store cipher (kv 'cipher'): its values are not encrypted",
        retry_errors=(sc.WrongPassphrase,),
        errors=(sc.StoreCipherError,),
        any_key=True,
    )


register_format(_matrix_store_format())
register_format(_sqlcipher_format())


# ---------------------------------------------------------------------------------------------
# Signal Android .backup files


def _signal_backup_format() -> DecryptFormat:
    from .decoders import signal_backup as sb
    from .atomic import atomic_output
    from .evidence.extraction import copy_and_hash

    def decrypt(path: Path, material: str, out: Path) -> dict:
        media = out.with_name(out.name + ".attachments")
        media_existed = media.exists()
        try:
            with atomic_output(out) as part:
                result = sb.restore_backup(path, material, part, media)
                if not result.complete:
                    raise sb.TruncatedBackupError(f"{path.name}: the backup ends before its End frame")
                with open(part, "rb") as fh:
                    digest, size = copy_and_hash(fh, None)
        except BaseException:
            if not media_existed:
                shutil.rmtree(media, ignore_errors=True)  # only what this attempt wrote
            raise
        return {
            "plaintext_sha256": digest,
            "plaintext_size": size,
            "header_version": result.header_version,
            "database_version": result.database_version,
            "statements": result.statements,
            "attachments_dir": str(media),
            "attachments": len(result.attachments),
            "warnings": result.warnings,
        }

    def key_problem(material: str) -> str | None:
        try:
            sb.normalise_passphrase(material)
        except sb.InvalidPassphraseError as exc:
            return str(exc)
        return None

    return DecryptFormat(
        name="signal_backup",
        description="Signal Android .backup (30-digit passphrase): restored into a plain SQLite database, "
        "attachments into OUT.attachments/",
        apps=("signal",),
        sniff=sb.sniff,
        decrypt=decrypt,
        claims=lambda name: name.lower().endswith(".backup"),
        explain=lambda path: "not a Signal backup (no header frame)",
        key_problem=key_problem,
        retry_errors=(sb.WrongPassphraseError, sb.InvalidPassphraseError),
        errors=(sb.SignalBackupError,),
    )


register_format(_signal_backup_format())


def _samourai_format() -> DecryptFormat:
    """Samourai Wallet for Android: samourai.dat / .multi / .txt (JSON envelope, AES-256-CBC payload)."""
    from .decoders import samourai_payload as sp

    return DecryptFormat(
        name="samourai",
        description="Samourai Wallet file (samourai.dat, samourai.multi, samourai.txt): the payload's JSON text",
        apps=("samourai",),
        sniff=sp.sniff,
        decrypt=sp.decrypt_file,
        claims=lambda name: name.lower().startswith("samourai."),
        explain=lambda path: "not a Samourai Wallet file with an encrypted payload",
        retry_errors=(sp.WrongPassword,),
        errors=(sp.PayloadError, UnicodeDecodeError),
        any_key=True,
    )


register_format(_samourai_format())


# ---------------------------------------------------------------------------------------------
# Command line


@click.command("decrypt")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key", "keys", multiple=True, required=True, metavar="KEY",
    help="WhatsApp: key file or 64 hex digits; SQLCipher: passphrase or x'<64 hex>' raw key "
    "(also APP=KEY, e.g. whatsapp=files/key, sqlcipher=PASS, signal=HEX, wire=HEX, telegram_ios=HEX, element=PASS); "
    "repeat to try several.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where the plain file goes.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--sqlcipher-version", type=click.IntRange(1, 4), default=None, help="SQLCipher: the settings of this version (default: try every known variant).")
@click.option("--page-size", type=int, default=None, help="SQLCipher: page size.")
@click.option("--kdf-iter", type=click.IntRange(min=1), default=None, help="SQLCipher: PBKDF2 iterations.")
@click.option("--kdf-algorithm", type=click.Choice(["sha1", "sha256", "sha512"], case_sensitive=False), default=None, help="SQLCipher: PBKDF2 hash.")
@click.option("--hmac-algorithm", type=click.Choice(["sha1", "sha256", "sha512", "none"], case_sensitive=False), default=None, help="SQLCipher: page HMAC (none: no HMAC).")
@click.option("--plaintext-header-size", type=click.IntRange(min=0), default=None, help="SQLCipher: bytes of page 1 left in the clear (needs --salt or an x'<key><salt>' key).")
@click.option("--salt", "salt_hex", default=None, metavar="HEX", help="SQLCipher: the 16-byte salt (32 hex digits) of a database with a plaintext header.")
@click.option("--no-wal", is_flag=True, help="SQLCipher: do not replay FILE-wal.")
def decrypt_command(
    file: Path,
    keys: tuple[str, ...],
    output: Path,
    force: bool,
    as_json: bool,
    sqlcipher_version: int | None = None,
    page_size: int | None = None,
    kdf_iter: int | None = None,
    kdf_algorithm: str | None = None,
    hmac_algorithm: str | None = None,
    plaintext_header_size: int | None = None,
    salt_hex: str | None = None,
    no_wal: bool = False,
) -> None:
    """Decrypt FILE (a WhatsApp msgstore.db.crypt12/14/15 backup or a SQLCipher database) into a plain file.

    Exit codes: 0 decrypted, 1 failure (nothing written), 2 usage error.
    """
    try:
        options: dict = {}
        try:
            settings = sqlcipher_settings(
                sqlcipher_version,
                page_size=page_size,
                kdf_iter=kdf_iter,
                kdf_algorithm=kdf_algorithm,
                hmac_algorithm=hmac_algorithm,
                plaintext_header_size=plaintext_header_size,
            )
            if settings is not None:
                options["settings"] = settings
            if salt_hex is not None:
                salt = bytes.fromhex(salt_hex.strip().removeprefix("0x").replace(" ", ""))
                if len(salt) != 16:
                    raise ValueError(f"--salt: a salt has 16 bytes (32 hex digits), this one has {len(salt)}")
                options["salt"] = salt
        except ValueError as exc:
            raise DecryptUsageError(file, str(exc)) from None
        if no_wal:
            options["wal"] = False
        fmt_name = None
        if options:  # SQLCipher options: the file is taken as SQLCipher unless it is plainly another format
            found = detect_format(file) if file.is_file() else None
            if found is not None and not set(options) <= set(found.options):
                raise DecryptUsageError(file, f"SQLCipher options given, but the file is a {found.description}")
            fmt_name = found.name if found is not None else "sqlcipher"
        outcome = decrypt_file(file, list(keys), output, force=force, format=fmt_name, options=options)
    except DecryptUsageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except DecryptError as exc:
        click.echo(f"error: cannot decrypt {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        click.echo("interrupted: nothing written", err=True)
        sys.exit(EXIT_FAILURE)
    except Exception as exc:  # no traceback for the examiner; the message names the file
        click.echo(f"error: cannot decrypt {file}: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    for warning in outcome.details.get("warnings") or ():
        click.echo(f"warning: {outcome.input}: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(outcome.as_dict(), indent=2, default=str))
        return
    d = outcome.details
    extra = ", ".join(
        f"{k} {d[k]}" for k in ("app_version", "jid_suffix") if d.get(k)
    )
    if outcome.format == "sqlcipher":
        extra = ", ".join(
            [f"settings {d['settings']}", f"{d['pages']} pages"]
            + ([f"{d['wal_frames_applied']} WAL frames applied"] if d.get("wal") else [])
            + ([f"{d['hmac_failures']} pages fail their HMAC"] if d.get("hmac_failures") else [])
        )
    click.echo(
        f"{outcome.input}: {outcome.format} decrypted with {outcome.key}"
        f"{f' ({extra})' if extra else ''} -> {outcome.output}: {outcome.plaintext_size} bytes, "
        f"sha256 {outcome.plaintext_sha256}"
    )


def register(cli: click.Group) -> None:
    """Add ``decrypt`` to a click group (the ``artefacts`` command line)."""
    cli.add_command(decrypt_command)
