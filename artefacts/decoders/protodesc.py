"""Protobuf message classes from a ``.proto`` file, without ``protoc``.

The project keeps every protobuf schema it decodes as a ``.proto`` file in ``schemas/`` (the
single source of the field numbers). This module reads such a file with a small parser of the
protobuf language (proto2 and proto3: ``package``, messages nested to any depth, enums, ``oneof``,
``optional`` / ``required`` / ``repeated`` labels, proto3 ``optional`` with its synthetic oneof,
scalar / ``bytes`` / ``string`` / enum / message field types, ``[default = ...]``,
``[packed = ...]``, ``[json_name = ...]``; options, ``reserved`` and ``extensions`` are read and
ignored), turns it into a :class:`google.protobuf.descriptor_pb2.FileDescriptorProto`, builds it in
a private :class:`~google.protobuf.descriptor_pool.DescriptorPool` and hands out the message
classes made by :func:`google.protobuf.message_factory.GetMessageClass`.

Not supported (refused with :class:`ProtoSyntaxError`): ``import``, ``map<...>``, groups,
services, extensions definitions (``extend``) and ``edition = ...`` files. None of the schemas the
project decodes needs them.

Parsing with the resulting classes is plain protobuf: fields the schema does not know are kept
as unknown fields, so a newer app version that adds header fields does not break decoding.

Usage::

    from artefacts.decoders.protodesc import load_schema
    proto = load_schema("whatsapp_backup.proto")
    BackupPrefix = proto.message("BackupPrefix")
    prefix = BackupPrefix.FromString(data)
    proto.enum_name("Key_Type", prefix.key_type)      # "HSM_CONTROLLED"
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

__all__ = [
    "ProtoSyntaxError",
    "ProtoModule",
    "parse_proto",
    "load_proto",
    "load_schema",
    "schema_file",
]

FDP = descriptor_pb2.FieldDescriptorProto

SCALAR_TYPES = {
    "double": FDP.TYPE_DOUBLE,
    "float": FDP.TYPE_FLOAT,
    "int64": FDP.TYPE_INT64,
    "uint64": FDP.TYPE_UINT64,
    "int32": FDP.TYPE_INT32,
    "fixed64": FDP.TYPE_FIXED64,
    "fixed32": FDP.TYPE_FIXED32,
    "bool": FDP.TYPE_BOOL,
    "string": FDP.TYPE_STRING,
    "bytes": FDP.TYPE_BYTES,
    "uint32": FDP.TYPE_UINT32,
    "sfixed32": FDP.TYPE_SFIXED32,
    "sfixed64": FDP.TYPE_SFIXED64,
    "sint32": FDP.TYPE_SINT32,
    "sint64": FDP.TYPE_SINT64,
}
LABELS = {"optional": FDP.LABEL_OPTIONAL, "required": FDP.LABEL_REQUIRED, "repeated": FDP.LABEL_REPEATED}
MAX_FIELD_NUMBER = 536870911


class ProtoSyntaxError(ValueError):
    """The ``.proto`` text is not valid, or uses a construct this loader does not support."""


# ---------------------------------------------------------------------------------------------
# Tokenizer

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<number>[-+]?(?:0[xX][0-9a-fA-F]+|\d+\.\d*(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf\b|nan\b))
  | (?P<ident>\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<symbol>[{}\[\]();=<>,:.])
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass
class _Tok:
    kind: str
    text: str
    line: int


def _tokenize(text: str) -> list[_Tok]:
    toks = []
    pos = 0
    line = 1
    n = len(text)
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            raise ProtoSyntaxError(f"line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        s = m.group()
        if kind not in ("ws", "line_comment", "block_comment"):
            toks.append(_Tok(kind, s, line))
        line += s.count("\n")
        pos = m.end()
    return toks


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def _unquote(tok: _Tok) -> str:
    body = tok.text[1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        i += 1
        if i >= len(body):
            raise ProtoSyntaxError(f"line {tok.line}: bad escape at the end of a string")
        c = body[i]
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
            i += 1
        elif c in "xX":
            m = re.match(r"[0-9a-fA-F]{1,2}", body[i + 1 :])
            if not m:
                raise ProtoSyntaxError(f"line {tok.line}: bad \\x escape")
            out.append(chr(int(m.group(), 16)))
            i += 1 + len(m.group())
        elif c in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i:])
            out.append(chr(int(m.group(), 8)))
            i += len(m.group())
        else:
            raise ProtoSyntaxError(f"line {tok.line}: unknown escape \\{c}")
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Parse tree (just what the descriptor needs)


@dataclass
class _Field:
    name: str
    number: int
    label: str | None  # optional / required / repeated / None (proto3 singular)
    type_name: str
    line: int
    options: dict = field(default_factory=dict)
    oneof: str | None = None


@dataclass
class _Enum:
    name: str
    values: list[tuple[str, int]] = field(default_factory=list)
    allow_alias: bool = False


@dataclass
class _Message:
    name: str
    fields: list[_Field] = field(default_factory=list)
    oneofs: list[str] = field(default_factory=list)
    messages: list["_Message"] = field(default_factory=list)
    enums: list[_Enum] = field(default_factory=list)


@dataclass
class _File:
    syntax: str = "proto2"
    package: str = ""
    messages: list[_Message] = field(default_factory=list)
    enums: list[_Enum] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokenize(text)
        self.i = 0

    # -- token helpers ------------------------------------------------------------------------
    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def line(self) -> int:
        t = self.peek()
        return t.line if t else (self.toks[-1].line if self.toks else 1)

    def error(self, msg: str) -> ProtoSyntaxError:
        return ProtoSyntaxError(f"line {self.line()}: {msg}")

    def next(self) -> _Tok:
        t = self.peek()
        if t is None:
            raise self.error("unexpected end of file")
        self.i += 1
        return t

    def accept(self, text: str) -> bool:
        t = self.peek()
        if t is not None and t.text == text and t.kind in ("symbol", "ident"):
            self.i += 1
            return True
        return False

    def expect(self, text: str) -> _Tok:
        t = self.next()
        if t.text != text:
            self.i -= 1
            raise self.error(f"expected {text!r}, found {t.text!r}")
        return t

    def ident(self, what: str = "a name") -> str:
        t = self.next()
        if t.kind != "ident":
            self.i -= 1
            raise self.error(f"expected {what}, found {t.text!r}")
        return t.text

    def integer(self) -> int:
        t = self.next()
        if t.kind != "number":
            self.i -= 1
            raise self.error(f"expected a number, found {t.text!r}")
        try:
            return int(t.text, 0) if not re.fullmatch(r"[-+]?0[0-7]+", t.text) else int(t.text, 8)
        except ValueError:
            self.i -= 1
            raise self.error(f"expected an integer, found {t.text!r}") from None

    def constant(self):
        """An option value: identifier, number, string (adjacent strings concatenate) or an aggregate."""
        t = self.next()
        if t.kind == "string":
            s = _unquote(t)
            while self.peek() is not None and self.peek().kind == "string":
                s += _unquote(self.next())
            return s
        if t.kind in ("number", "ident"):
            return t.text
        if t.text == "{":  # aggregate option value: skip it
            depth = 1
            while depth:
                x = self.next()
                depth += {"{": 1, "}": -1}.get(x.text, 0)
            return None
        self.i -= 1
        raise self.error(f"expected a constant, found {t.text!r}")

    def option_name(self) -> str:
        parts = []
        if self.accept("("):
            parts.append("(" + self.ident("an option name") + ")")
            self.expect(")")
        else:
            parts.append(self.ident("an option name"))
        while self.peek() is not None and self.peek().kind == "ident" and self.peek().text.startswith("."):
            parts.append(self.next().text)
        return "".join(parts)

    def option_statement(self) -> tuple[str, object]:
        name = self.option_name()
        self.expect("=")
        value = self.constant()
        self.expect(";")
        return name, value

    def field_options(self) -> dict:
        opts = {}
        if self.accept("["):
            while True:
                name = self.option_name()
                self.expect("=")
                opts[name] = self.constant()
                if self.accept("]"):
                    break
                self.expect(",")
        return opts

    def skip_statement(self) -> None:
        """``reserved ...;`` / ``extensions ...;``."""
        while not self.accept(";"):
            self.next()

    # -- grammar ------------------------------------------------------------------------------
    def parse_file(self) -> _File:
        f = _File()
        first = True
        while self.peek() is not None:
            t = self.peek()
            if t.text == ";":
                self.next()
            elif t.text == "syntax":
                if not first:
                    raise self.error("'syntax' must be the first statement")
                self.next()
                self.expect("=")
                tok = self.next()
                if tok.kind != "string" or _unquote(tok) not in ("proto2", "proto3"):
                    raise ProtoSyntaxError(f"line {tok.line}: syntax must be \"proto2\" or \"proto3\"")
                f.syntax = _unquote(tok)
                self.expect(";")
            elif t.text == "edition":
                raise self.error("'edition' files are not supported; write the schema as proto2 or proto3")
            elif t.text == "package":
                self.next()
                f.package = self.ident("a package name").lstrip(".")
                self.expect(";")
            elif t.text == "import":
                raise self.error("'import' is not supported; keep the schema in one file")
            elif t.text == "option":
                self.next()
                self.option_statement()
            elif t.text == "message":
                f.messages.append(self.parse_message(f.syntax))
            elif t.text == "enum":
                f.enums.append(self.parse_enum())
            elif t.text in ("service", "extend"):
                raise self.error(f"'{t.text}' is not supported")
            else:
                raise self.error(f"unexpected {t.text!r} at the top level")
            first = False
        return f

    def parse_message(self, syntax: str) -> _Message:
        self.expect("message")
        msg = _Message(self.ident("a message name"))
        self.expect("{")
        while not self.accept("}"):
            t = self.peek()
            if t is None:
                raise self.error(f"message {msg.name}: missing '}}'")
            if t.text == ";":
                self.next()
            elif t.text == "message":
                msg.messages.append(self.parse_message(syntax))
            elif t.text == "enum":
                msg.enums.append(self.parse_enum())
            elif t.text == "option":
                self.next()
                self.option_statement()
            elif t.text in ("reserved", "extensions"):
                self.skip_statement()
            elif t.text == "oneof":
                self.next()
                name = self.ident("a oneof name")
                msg.oneofs.append(name)
                self.expect("{")
                while not self.accept("}"):
                    if self.accept(";"):
                        continue
                    if self.accept("option"):
                        self.option_statement()
                        continue
                    fld = self.parse_field(syntax, in_oneof=True)
                    fld.oneof = name
                    msg.fields.append(fld)
            elif t.text in ("extend", "map", "group") or (self.peek(1) is not None and self.peek(1).text == "group"):
                raise self.error(f"message {msg.name}: '{t.text}' fields are not supported")
            else:
                msg.fields.append(self.parse_field(syntax))
        return msg

    def parse_field(self, syntax: str, in_oneof: bool = False) -> _Field:
        line = self.line()
        label = None
        if self.peek() is not None and self.peek().text in LABELS and self.peek(1) is not None and self.peek(1).kind == "ident":
            label = self.next().text
            if in_oneof:
                raise self.error("fields inside a oneof take no label")
        if self.peek() is not None and self.peek().text == "map":
            raise self.error("'map' fields are not supported")
        type_name = self.ident("a field type")
        if type_name == "group":
            raise self.error("groups are not supported")
        name = self.ident("a field name")
        self.expect("=")
        number = self.integer()
        opts = self.field_options()
        self.expect(";")
        if not (1 <= number <= MAX_FIELD_NUMBER) or 19000 <= number <= 19999:
            raise ProtoSyntaxError(f"line {line}: field {name}: invalid field number {number}")
        if syntax == "proto2" and label is None and not in_oneof:
            raise ProtoSyntaxError(f"line {line}: field {name}: proto2 fields need a label (optional, required or repeated)")
        if syntax == "proto3" and label == "required":
            raise ProtoSyntaxError(f"line {line}: field {name}: 'required' is not allowed in proto3")
        return _Field(name, number, label, type_name, line, opts)

    def parse_enum(self) -> _Enum:
        self.expect("enum")
        enum = _Enum(self.ident("an enum name"))
        self.expect("{")
        while not self.accept("}"):
            t = self.peek()
            if t is None:
                raise self.error(f"enum {enum.name}: missing '}}'")
            if t.text == ";":
                self.next()
            elif t.text == "option":
                self.next()
                name, value = self.option_statement()
                if name == "allow_alias":
                    enum.allow_alias = value == "true"
            elif t.text == "reserved":
                self.skip_statement()
            else:
                vname = self.ident("an enum value name")
                self.expect("=")
                number = self.integer()
                self.field_options()
                self.expect(";")
                enum.values.append((vname, number))
        if not enum.values:
            raise self.error(f"enum {enum.name} has no values")
        return enum


# ---------------------------------------------------------------------------------------------
# Descriptor building


def _json_name(name: str) -> str:
    """protoc's default json_name: drop underscores, capitalise the letter after each."""
    out = []
    upper = False
    for c in name:
        if c == "_":
            upper = True
        elif upper:
            out.append(c.upper())
            upper = False
        else:
            out.append(c)
    return "".join(out)


def _collect_types(f: _File) -> dict[str, str]:
    """Fully qualified name (leading dot) -> "message" / "enum"."""
    types: dict[str, str] = {}
    base = "." + f.package if f.package else ""

    def walk(msgs, enums, scope):
        for e in enums:
            types[f"{scope}.{e.name}"] = "enum"
        for m in msgs:
            full = f"{scope}.{m.name}"
            if full in types:
                raise ProtoSyntaxError(f"{full[1:]} is defined twice")
            types[full] = "message"
            walk(m.messages, m.enums, full)

    walk(f.messages, f.enums, base)
    return types


def _resolve(type_name: str, scope: str, types: dict[str, str], fld: _Field) -> str:
    if type_name.startswith("."):
        if type_name in types:
            return type_name
    else:
        parts = scope.split(".") if scope else [""]
        # innermost scope first: .pkg.Outer.Inner.X, .pkg.Outer.X, .pkg.X, .X
        for k in range(len(parts), 0, -1):
            cand = ".".join(parts[:k]) + "." + type_name
            if cand in types:
                return cand
    raise ProtoSyntaxError(f"line {fld.line}: field {fld.name}: unknown type {type_name!r}")


def _build_message(msg: _Message, scope: str, f: _File, types: dict[str, str]) -> descriptor_pb2.DescriptorProto:
    full = f"{scope}.{msg.name}"
    dp = descriptor_pb2.DescriptorProto(name=msg.name)
    for e in msg.enums:
        dp.enum_type.append(_build_enum(e, f))
    for m in msg.messages:
        dp.nested_type.append(_build_message(m, full, f, types))
    for name in msg.oneofs:
        dp.oneof_decl.add(name=name)
    real_oneofs = {name: i for i, name in enumerate(msg.oneofs)}
    numbers: dict[int, str] = {}
    names: set[str] = set()
    synthetic = []
    for fld in msg.fields:
        if fld.number in numbers:
            raise ProtoSyntaxError(f"line {fld.line}: {msg.name}.{fld.name} reuses field number {fld.number} of {numbers[fld.number]}")
        if fld.name in names:
            raise ProtoSyntaxError(f"line {fld.line}: {msg.name}.{fld.name} is defined twice")
        numbers[fld.number] = fld.name
        names.add(fld.name)
        fp = dp.field.add(name=fld.name, number=fld.number)
        fp.json_name = str(fld.options.get("json_name") or _json_name(fld.name))
        fp.label = LABELS.get(fld.label or "optional")
        if fld.type_name in SCALAR_TYPES:
            fp.type = SCALAR_TYPES[fld.type_name]
        else:
            target = _resolve(fld.type_name, full, types, fld)
            fp.type = FDP.TYPE_ENUM if types[target] == "enum" else FDP.TYPE_MESSAGE
            fp.type_name = target
        if fld.oneof is not None:
            fp.oneof_index = real_oneofs[fld.oneof]
        elif f.syntax == "proto3" and fld.label == "optional":
            fp.proto3_optional = True
            synthetic.append(fp)
        if "default" in fld.options:
            if f.syntax == "proto3":
                raise ProtoSyntaxError(f"line {fld.line}: {fld.name}: default values are not allowed in proto3")
            default = fld.options["default"]
            if fp.type == FDP.TYPE_BYTES:
                default = default.encode("latin-1").decode("unicode_escape") if isinstance(default, str) else default
            fp.default_value = str(default)
        if "packed" in fld.options:
            fp.options.packed = fld.options["packed"] == "true"
        if fld.options.get("deprecated") == "true":
            fp.options.deprecated = True
    # proto3 `optional`: one synthetic oneof per field, after every real oneof (protoc's order)
    taken = set(msg.oneofs) | names
    for fp in synthetic:
        oname = "_" + fp.name
        while oname in taken:
            oname = "X" + oname
        taken.add(oname)
        fp.oneof_index = len(dp.oneof_decl)
        dp.oneof_decl.add(name=oname)
    return dp


def _build_enum(e: _Enum, f: _File) -> descriptor_pb2.EnumDescriptorProto:
    ep = descriptor_pb2.EnumDescriptorProto(name=e.name)
    if f.syntax == "proto3" and e.values[0][1] != 0:
        raise ProtoSyntaxError(f"enum {e.name}: the first value of a proto3 enum must be 0")
    for name, number in e.values:
        ep.value.add(name=name, number=number)
    if e.allow_alias:
        ep.options.allow_alias = True
    return ep


def parse_proto(text: str, name: str = "schema.proto") -> descriptor_pb2.FileDescriptorProto:
    """The :class:`FileDescriptorProto` of a ``.proto`` source text."""
    tree = _Parser(text).parse_file()
    types = _collect_types(tree)
    fdp = descriptor_pb2.FileDescriptorProto(name=name, package=tree.package, syntax=tree.syntax)
    scope = "." + tree.package if tree.package else ""
    for e in tree.enums:
        fdp.enum_type.append(_build_enum(e, tree))
    for m in tree.messages:
        fdp.message_type.append(_build_message(m, scope, tree, types))
    return fdp


# ---------------------------------------------------------------------------------------------
# Loaded schemas


class ProtoModule:
    """The messages and enums of one ``.proto`` file, built in a private descriptor pool."""

    def __init__(self, fdp: descriptor_pb2.FileDescriptorProto, source: str | None = None):
        self.source = source or fdp.name
        self.pool = descriptor_pool.DescriptorPool()
        try:
            self.pool.Add(fdp)
            self.file = self.pool.FindFileByName(fdp.name)
        except Exception as exc:  # the pool validates names, numbers, enum rules ...
            raise ProtoSyntaxError(f"{self.source}: {exc}") from None
        self.package = fdp.package
        self._classes: dict[str, type] = {}

    def _full(self, name: str) -> str:
        name = name.lstrip(".")
        if self.package and not name.startswith(self.package + "."):
            return f"{self.package}.{name}"
        return name

    def message(self, name: str) -> type:
        """The message class of ``name`` (relative to the package, nested types as ``Outer.Inner``)."""
        full = self._full(name)
        cls = self._classes.get(full)
        if cls is None:
            try:
                desc = self.pool.FindMessageTypeByName(full)
            except KeyError:
                raise KeyError(f"{self.source} defines no message {name!r}") from None
            cls = self._classes[full] = message_factory.GetMessageClass(desc)
        return cls

    def enum(self, name: str):
        """The :class:`~google.protobuf.descriptor.EnumDescriptor` of ``name``."""
        try:
            return self.pool.FindEnumTypeByName(self._full(name))
        except KeyError:
            raise KeyError(f"{self.source} defines no enum {name!r}") from None

    def enum_value(self, enum: str, value_name: str) -> int:
        return self.enum(enum).values_by_name[value_name].number

    def enum_name(self, enum: str, number: int) -> str:
        """The value's name, or ``"<number>"`` for a value the schema does not list (open enums)."""
        v = self.enum(enum).values_by_number.get(number)
        return v.name if v is not None else str(number)

    @property
    def message_names(self) -> list[str]:
        out = []

        def walk(descs):
            for d in descs:
                out.append(d.full_name[len(self.package) + 1 :] if self.package else d.full_name)
                walk(d.nested_types)

        walk(self.file.message_types_by_name.values())
        return out


_cache: dict[tuple[str, int, int], ProtoModule] = {}
_lock = threading.Lock()


def load_proto(path: str | Path) -> ProtoModule:
    """Parse and build a ``.proto`` file (cached while the file is unchanged)."""
    p = Path(path).resolve()
    st = p.stat()
    key = (str(p), st.st_mtime_ns, st.st_size)
    with _lock:
        mod = _cache.get(key)
        if mod is None:
            try:
                fdp = parse_proto(p.read_text(encoding="utf-8"), name=p.name)
            except ProtoSyntaxError as exc:
                raise ProtoSyntaxError(f"{p.name}: {exc}") from None
            mod = _cache[key] = ProtoModule(fdp, source=p.name)
        return mod


def schema_file(name: str) -> Path:
    """A file of the project's ``schemas/`` folder (installed as ``artefacts.schemas``)."""
    from ..schema import schema_path

    return schema_path().parent / name


def load_schema(name: str) -> ProtoModule:
    """``load_proto`` of a ``.proto`` kept in ``schemas/``."""
    return load_proto(schema_file(name))
