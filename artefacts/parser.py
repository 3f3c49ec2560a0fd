"""What a parser is: declarations the host matches on, and a ``parse`` generator.

A parser is a class. Its class attributes say which files it wants; the host,
not the parser, walks the extraction, applies the declarations from cheapest to
dearest (path globs, then byte signatures, then required tables and columns) and
calls :meth:`Parser.parse` only on files that pass. ``parse`` yields event dicts;
row-level trouble goes to ``ctx.warn`` and the run goes on.

Keep the row-to-event mapping a plain module-level function of a row (by column
name) and the SQL that fetches rows separate: :meth:`ParseContext.map_rows`
feeds rows through the mapping with a per-row error boundary, and deleted-record
recovery will feed carved rows through the same mapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, ClassVar, Iterator, Mapping

from .timeconv import TimeUnit

if TYPE_CHECKING:  # pragma: no cover
    from .context import ParseContext

SQLITE_SIGNATURE = (0, b"SQLite format 3\x00")


class Parser:
    """Base class of every parser.

    Subclasses set:

    ``name``
        unique, lowercase (``android_sms``); with ``version`` it is written into every event.
    ``app``, ``platform``
        defaults for the events' ``app`` and ``platform`` fields.
    ``origin``
        the events' ``origin``: ``"device"`` (the default: a seized device's own stores),
        ``"provider"`` (a service provider's return or data export) or ``"export"`` (a user's own
        export, such as a WhatsApp chat export).
    ``path_globs``
        where the file lives in an extraction (``**/databases/mmssms.db``); case-insensitive,
        matched anywhere. When the input is a single file the globs are not applied and the
        other declarations decide.
    ``signatures``
        ``(offset, bytes)`` pairs; the file must start with one of them at that offset.
    ``attachment_globs``
        files the parser may reference as attachments; they are hashed in the same pass that
        copies the databases (important for compressed archives, which are read sequentially).
    ``related_globs``
        ``{name: (glob, ...)}``: companion files the parser also needs (``wa.db`` beside
        ``msgstore.db``, a key file); copied in the same pass, found with ``ctx.related(name)``.
    ``tables``
        for a store that is read after decryption or decoding (where the host cannot check
        ``required_tables`` before the parser opens it): the tables and columns it needs, listed
        by ``artefacts parsers``; the parser checks them itself once the store is open.
    ``time_units``
        ``{"table.column": unit}``: the declared unit of every time column it reads.
    ``references``
        where the schema facts come from.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1.0"
    app: ClassVar[str] = ""
    platform: ClassVar[str] = ""
    origin: ClassVar[str] = "device"
    description: ClassVar[str] = ""
    path_globs: ClassVar[tuple[str, ...]] = ()
    signatures: ClassVar[tuple[tuple[int, bytes], ...]] = ()
    attachment_globs: ClassVar[tuple[str, ...]] = ()
    related_globs: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    tables: ClassVar[Mapping[str, set]] = {}
    time_units: ClassVar[Mapping[str, TimeUnit]] = {}
    references: ClassVar[tuple[str, ...]] = ()
    #: for a container parser (an encrypted backup decrypted into the workspace), the parser
    #: class its plaintext goes through, returned by a function so that it is imported lazily
    parses_as: ClassVar["Callable[[], type[Parser]] | None"] = None

    def check_signature(self, head: bytes) -> str | None:
        """``None`` when the file's first bytes fit, else the reason it does not."""
        if not self.signatures:
            return None
        for offset, magic in self.signatures:
            if head[offset : offset + len(magic)] == magic:
                return None
        return "file signature does not match"

    def check_file(self, ctx: "ParseContext") -> str | None:
        """Further checks on the working copy; ``None`` when the parser applies."""
        return None

    def parse(self, ctx: "ParseContext") -> Iterator[dict]:  # pragma: no cover - abstract
        raise NotImplementedError

    def partitions(self, ctx: "ParseContext", jobs: int) -> list | None:
        """Split the work on one large file into ordered parts that worker processes run side by side.

        Return ``None`` (the default) to parse the file in one piece, or a list of partition
        specs (e.g. from :meth:`ParseContext.id_ranges`). ``parse`` then runs once per part with
        ``ctx.partition`` set, and must yield exactly the events of its part, so that the parts'
        events, concatenated in order, are the events of an unpartitioned run (``ctx.last_part``
        tells the part that also does the file's remaining tables). Only used with ``--jobs`` > 1.
        """
        return None

    @classmethod
    def describe(cls) -> dict:
        """What ``artefacts parsers`` prints for this parser (a container parser: its plaintext parser's time units)."""
        units = cls.time_units
        inner = None
        if cls.parses_as is not None:
            try:
                inner = cls.parses_as()
                units = {**inner.time_units, **units}
            except Exception:  # a broken delegate must not break the listing
                inner = None
        return {
            "name": cls.name,
            "version": cls.version,
            "app": cls.app,
            "platform": cls.platform,
            "origin": cls.origin,
            "description": cls.description,
            "path_globs": list(cls.path_globs),
            "signatures": [[off, magic.hex()] for off, magic in cls.signatures],
            "related_globs": {k: list(v) for k, v in cls.related_globs.items()},
            "required_tables": {t: sorted(c) for t, c in (getattr(cls, "required_tables", None) or cls.tables).items()},
            "time_units": {col: unit.name for col, unit in units.items()},
            "parses_as": inner.name if inner is not None else None,
            "references": list(cls.references),
        }


class SQLiteParser(Parser):
    """A parser of one SQLite database.

    ``required_tables`` maps each table the parser needs to the columns it cannot
    do without (plaso's ``REQUIRED_STRUCTURE``). A database that lacks them is
    not this parser's: it is recorded as skipped with the reason, not parsed.
    Optional columns are read with :meth:`ParseContext.columns` checks.
    """

    signatures = (SQLITE_SIGNATURE,)
    required_tables: ClassVar[Mapping[str, set[str] | frozenset[str]]] = {}

    def check_file(self, ctx: "ParseContext") -> str | None:
        schema = ctx.schema  # raises a database error for a damaged file
        for table, columns in self.required_tables.items():
            have = schema.get(table.lower())
            if have is None:
                return f"no table {table}"
            missing = sorted(c for c in columns if c.lower() not in have)
            if missing:
                return f"table {table} lacks {', '.join(missing)}"
        return None
