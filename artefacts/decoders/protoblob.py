"""Protobuf blobs whose schema is private, decoded into a typed field tree with ``bbpb``.

Apps keep protobuf messages in database columns without publishing the ``.proto`` (Snapchat's
``message_content``, Google Messages' and Instagram's blobs, WhatsApp iOS push names ...). ``bbpb``
(the maintained packaging of ``blackboxprotobuf``, which ALEAPP and iLEAPP use) decodes such bytes
without a schema: each field by number, nested messages recursively, and a type guessed where the
wire format is ambiguous (a length-delimited value may be a string, bytes or a message). Where a
parser knows better, it says so with ``types`` (``{"2.1": "string"}``), and that field is never
guessed.

:func:`decode` returns a :class:`FieldTree` that parsers address by field path (``"3.1"``: field 1
of the message in field 3); :func:`decode_into` is the parser-side form: a malformed blob gives one
warning naming the column and the reason (never a traceback), the raw blob is kept in ``extra`` as
hex, and ``None`` is returned.

Attacker-controlled input: blobs larger than ``max_bytes`` are refused before decoding, and any
error of the decoder (including a recursion too deep for Python) becomes :class:`ProtoBlobError`.
For strict one-level reading with offsets, see :mod:`artefacts.decoders.protowire`.
"""

from __future__ import annotations

from typing import Any, Iterator

__all__ = ["ProtoBlobError", "FieldTree", "decode", "decode_into", "MAX_BYTES"]

#: the largest blob decoded (bytes); larger ones are refused with a warning
MAX_BYTES = 4 * 1024 * 1024


class ProtoBlobError(ValueError):
    """The bytes are not a protobuf message the decoder can read."""


def _typedef(types: dict[str, str]) -> dict:
    """``{"2.1": "string"}`` -> bbpb's nested typedef (message types along the path)."""
    root: dict = {}
    for path, kind in types.items():
        parts = path.split(".")
        level = root
        for number in parts[:-1]:
            entry = level.setdefault(number, {"type": "message", "message_typedef": {}})
            if entry.get("type") != "message":
                raise ValueError(f"field {number} of {path!r} is typed {entry['type']!r}, not a message")
            level = entry["message_typedef"]
        level[parts[-1]] = {"type": kind}
    return root


class FieldTree:
    """A decoded message: values by field number, nested messages as trees, repeated fields as lists."""

    __slots__ = ("fields", "typedef")

    def __init__(self, fields: dict, typedef: dict):
        self.fields = fields
        self.typedef = typedef

    def _walk(self, parts: list[str], node: Any) -> Iterator[Any]:
        if not parts:
            yield from (node if isinstance(node, list) else [node])
            return
        for item in node if isinstance(node, list) else [node]:
            if isinstance(item, dict) and parts[0] in item:
                yield from self._walk(parts[1:], item[parts[0]])

    def all(self, path: str) -> list:
        """Every value at ``path`` (repeated fields and repeated parents flattened, in order)."""
        return list(self._walk(path.split("."), self.fields))

    def get(self, path: str, default=None):
        """The first value at ``path``, or ``default``."""
        return next(self._walk(path.split("."), self.fields), default)

    def type_of(self, path: str) -> str | None:
        """The type bbpb used (or was told) for ``path``: ``int``, ``string``, ``bytes``, ``message`` ..."""
        level, entry = self.typedef, None
        for number in path.split("."):
            entry = level.get(number) if isinstance(level, dict) else None
            if entry is None:
                return None
            level = entry.get("message_typedef", {})
        return entry.get("type")

    def to_json(self) -> dict:
        """Plain JSON values (bytes as hex) for ``extra``."""
        def plain(v):
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, list):
                return [plain(x) for x in v]
            if isinstance(v, (bytes, bytearray)):
                return bytes(v).hex()
            return v
        return plain(self.fields)


def decode(blob, *, types: dict[str, str] | None = None, max_bytes: int = MAX_BYTES) -> FieldTree:
    """Decode ``blob`` without a schema (``types`` fixes the type of chosen field paths)."""
    import blackboxprotobuf

    if isinstance(blob, memoryview):
        blob = blob.tobytes()
    if not isinstance(blob, (bytes, bytearray)):
        raise ProtoBlobError(f"not bytes but {type(blob).__name__}")
    if len(blob) > max_bytes:
        raise ProtoBlobError(f"{len(blob):,} bytes, more than the {max_bytes:,} decoded")
    try:
        fields, typedef = blackboxprotobuf.decode_message(bytes(blob), _typedef(types) if types else None)
    except RecursionError:
        raise ProtoBlobError("messages nested too deeply") from None
    except Exception as exc:  # bbpb raises DecoderException, and others on odd bytes
        raise ProtoBlobError(str(exc) or type(exc).__name__) from None
    return FieldTree(fields, typedef)


def decode_into(ctx, blob, extra: dict, name: str, *, column: str, types: dict[str, str] | None = None) -> FieldTree | None:
    """:func:`decode` for a parser: on a malformed blob, one warning naming ``column`` and the reason,
    ``extra[name + "_raw"]`` the blob as hex, and ``None``."""
    if blob is None:
        return None
    try:
        return decode(blob, types=types)
    except ProtoBlobError as exc:
        ctx.warn(f"{column}: not a readable protobuf message ({exc}); kept raw in extra.{name}_raw")
        raw = blob if isinstance(blob, (bytes, bytearray, memoryview)) else str(blob).encode("utf-8", "backslashreplace")
        extra[f"{name}_raw"] = bytes(raw[:MAX_BYTES]).hex()
        return None
