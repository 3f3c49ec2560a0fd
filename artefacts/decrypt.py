"""Decrypting an encrypted message store into a plain file: ``artefacts decrypt`` and its Python API.

A small registry of formats. Each format says whether a file is its own (``sniff``, by content;
the file name is at most a hint) and decrypts it with one piece of key material into an output
path. Today: WhatsApp Android backups (``msgstore*.db.crypt12/14/15``). SQLCipher databases and
Signal ``.backup`` files can be added with :func:`register_format`.

Python::

    from artefacts.decrypt import decrypt_file
    outcome = decrypt_file("msgstore.db.crypt15", "6730a5...f017", "msgstore.db")
    outcome.plaintext_sha256, outcome.details["app_version"]

Command line (``register(cli)`` adds it to the ``artefacts`` group)::

    artefacts decrypt FILE --key KEY -o PLAIN [--force] [--json]

``KEY`` is a key file or 64 hex digits, optionally as ``APP=KEY`` (``--key whatsapp=files/key``,
the form ``artefacts parse`` takes); ``--key`` may be repeated, and each key is tried in turn.
Exit codes: 0 decrypted; 1 failure (the message names the file and the reason; nothing is
written); 2 usage error (bad or missing key argument, output exists without ``--force``).
"""

from __future__ import annotations

import json
import os
import sys
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
) -> DecryptOutcome:
    """Decrypt ``path`` into ``out`` with the first of ``keys`` that opens it.

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
    fmt = _choose(path, format)

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
            details = fmt.decrypt(path, material, out)
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
    return str(p) if p.exists() else "key given as hex digits" if _hexish(material) else "key given on the command line"


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
# Command line


@click.command("decrypt")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key", "keys", multiple=True, required=True, metavar="KEY",
    help="Key file or 64 hex digits (also APP=KEY, e.g. whatsapp=files/key); repeat to try several.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where the plain file goes.")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def decrypt_command(file: Path, keys: tuple[str, ...], output: Path, force: bool, as_json: bool) -> None:
    """Decrypt FILE (a WhatsApp msgstore.db.crypt12/14/15 backup) into a plain file.

    Exit codes: 0 decrypted, 1 failure (nothing written), 2 usage error.
    """
    try:
        outcome = decrypt_file(file, list(keys), output, force=force)
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
    if as_json:
        click.echo(json.dumps(outcome.as_dict(), indent=2, default=str))
        return
    d = outcome.details
    extra = ", ".join(
        f"{k} {d[k]}" for k in ("app_version", "jid_suffix") if d.get(k)
    )
    click.echo(
        f"{outcome.input}: {outcome.format} decrypted with {outcome.key}"
        f"{f' ({extra})' if extra else ''} -> {outcome.output}: {outcome.plaintext_size} bytes, "
        f"sha256 {outcome.plaintext_sha256}"
    )


def register(cli: click.Group) -> None:
    """Add ``decrypt`` to a click group (the ``artefacts`` command line)."""
    cli.add_command(decrypt_command)
