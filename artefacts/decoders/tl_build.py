"""Build the TL constructor table (:mod:`artefacts.decoders.tl_schema`) from the stored schema sources.

    python -m artefacts.decoders.tl_build                   # rewrite tl_schema.py from schemas/tl/*.tl
    python -m artefacts.decoders.tl_build --check           # exit 1 if tl_schema.py is not what it would write
    python -m artefacts.decoders.tl_build extract LABEL SOURCE_TEXT FILE [--json|--mtcute|--js-string] [--layer N]
                                                            # store a schema file as schemas/tl/LABEL.tl

Stored sources (``schemas/tl/``) are TL schema files, each cut down to the constructors reachable
from the types a ``cache4.db`` holds (:data:`ROOTS`), lines unchanged and in file order. Each file
starts with ``// source:`` lines (where it was taken from) and a ``// label:`` line: a layer number
for an API schema, ``secret`` for the secret-chat schema, ``android`` for the classes Telegram for
Android defines itself. In ``android.tl`` every line is preceded by its own ``// source:`` comment
and, when the app's class name carries one, ``// layer: N``.

Checks made while building (a failure stops the build):

* every line of an API or secret source has the constructor id Telegram's generators derive from
  it (:func:`artefacts.decoders.tl.infer_id`; TDLib's secret schema writes a layer suffix on some
  names, ``decryptedMessage46``, which is dropped for the check);
* an id listed by several sources has the same fields everywhere except ``flags.N?true`` fields
  (``bytes`` and ``string`` are one wire type);
* no id has two names (apart from TDLib's layer suffix).

The generated module holds every distinct line once with the labels of the sources that list it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from . import tl

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas" / "tl"
TABLE_MODULE = Path(__file__).resolve().with_name("tl_schema.py")

#: the types whose constructors (and everything reachable from their fields) are kept
ROOTS = (
    "Message", "MessageMedia", "MessageAction", "Peer", "MessageFwdHeader", "MessageReplyHeader",
    "User", "Chat", "EncryptedChat", "DecryptedMessage", "DecryptedMessageLayer", "Bool",
)
PRIMITIVES = {"int", "long", "double", "string", "bytes", "int128", "int256", "#", "true", "Type", "t"}

#: published lines whose id is the CRC32 of the line with one more field: id -> (field, after field).
#: Layers 82 and 91 list ``channel#c88974ac`` without ``feed_id:flags.18?int`` (the channel feeds
#: Telegram withdrew); the id is the CRC32 of the line with it, after ``participants_count``.
#: The line is kept as published (flag 18 is then never read); the build proves the explanation.
ID_EXCEPTIONS = {0xC88974AC: ("feed_id:flags.18?int", "participants_count:flags.17?int")}

_SUFFIX = re.compile(r"^(.*?[A-Za-z])(\d+)$")


# ---------------------------------------------------------------------------------------------
# Reading schema text


def constructor_lines(text: str) -> list[str]:
    """The constructor lines of a schema file (up to ``---functions---``), comments dropped."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("---functions---"):
            break
        if not line or line.startswith("//") or line.startswith("---"):
            continue
        if "//" in line:
            line = line.split("//", 1)[0].strip()
        head = line.split(None, 1)[0]
        if "#" not in head or head.startswith("vector#"):
            continue  # builtins ("int ? = Int;", "vector {t:Type} # [ t ] = Vector t;")
        out.append(line)
    return out


def json_lines(data: dict) -> list[str]:
    """TL lines of a JSON schema (core.telegram.org/schema/json form): predicate#id params = type;"""
    out = []
    for c in data["constructors"]:
        if c["predicate"] == "vector":
            continue  # the builtin
        cid = int(c["id"]) & 0xFFFFFFFF
        params = " ".join(f"{p['name']}:{p['type']}" for p in c["params"])
        out.append(f"{c['predicate']}#{cid:x} {params} = {c['type']};".replace("  ", " "))
    return out


def mtcute_lines(data: dict) -> list[str]:
    """TL lines of an ``@mtcute/tl`` ``api-schema.json`` (``{"l": layer, "e": [entries]}``).

    Each ``class`` entry becomes ``name#id args = type;``: an argument's ``typeModifiers``
    ``predicate`` is written ``flags.N?``, ``isVector`` as ``Vector<T>`` (``isBareVector``
    ``vector<T>``), and mtcute's ``int53`` (its marker for a ``long`` that holds an id) as
    ``long``. Every id is then proven by CRC32 on build, so the conversion cannot hide a change.
    """
    out = []
    for c in data["e"]:
        if c.get("kind") != "class":
            continue
        params = []
        for a in c.get("arguments", []):
            t = a["type"].replace("int53", "long")
            mods = a.get("typeModifiers") or {}
            if mods.get("isVector"):
                t = f"Vector<{t}>"
            if mods.get("isBareVector"):
                t = f"vector<{t}>"
            if mods.get("predicate"):
                t = f"{mods['predicate']}?{t}"
            params.append(f"{a['name']}:{t}")
        out.append(f"{c['name']}#{int(c['id']) & 0xFFFFFFFF:x} {' '.join(params)} = {c['type']};".replace("  ", " "))
    return out


def _field_types(line: str) -> set[str]:
    _cid, _name, fields, _result = tl.parse_line(line)
    types = set()
    for f in fields:
        t = f.type
        while t[:7] in ("Vector<", "vector<"):
            t = t[7:-1]
        if t not in PRIMITIVES:
            types.add(t)
    return types


def reachable(lines: list[str], roots=ROOTS) -> list[str]:
    """The lines whose result type is reachable from ``roots`` through field types, in file order."""
    by_type: dict[str, list[str]] = {}
    for line in lines:
        by_type.setdefault(tl.parse_line(line)[3], []).append(line)
    wanted, todo = set(), list(roots)
    while todo:
        t = todo.pop()
        if t in wanted:
            continue
        wanted.add(t)
        for line in by_type.get(t, ()):
            todo.extend(_field_types(line) - wanted)
    return [line for line in lines if tl.parse_line(line)[3] in wanted]


def extract(label: str, source: str, text: str, *, is_json: bool = False, layer: int | None = None,
            is_mtcute: bool = False) -> str:
    """The stored form of one schema file: header, then the reachable constructor lines."""
    if is_mtcute:
        data = json.loads(text)
        lines = mtcute_lines(data)
        layer = int(data["l"]) if layer is None else layer
    else:
        lines = json_lines(json.loads(text)) if is_json else constructor_lines(text)
    if layer is None and not is_json:
        found = re.findall(r"//\s*LAYER:?\s*(\d+)", text)
        layer = int(found[-1]) if found else None
    kept = reachable(lines)
    head = [f"// source: {s.strip()}" for s in source.split("\n") if s.strip()]
    head.append(f"// kept: {len(kept)} of {len(lines)} constructor lines (those reachable from "
                f"{', '.join(ROOTS)}), unchanged and in file order")
    if is_json:
        head.append("// written from the JSON schema: predicate#id params = type; (each id checked by CRC32 on build)")
    if is_mtcute:
        head.append("// written from @mtcute/tl api-schema.json: name#id args = type; (predicate -> flags.N?, isVector -> "
                    "Vector<T>, int53 -> long; each id checked by CRC32 on build)")
    head.append(f"// label: {label if layer is None else layer}")
    return "\n".join(head) + "\n\n" + "\n".join(kept) + "\n"


# ---------------------------------------------------------------------------------------------
# Reading the stored sources


def _label(value: str):
    value = value.strip()
    return int(value) if value.isdigit() else value


def read_source(path: Path) -> tuple[object, list[str], list[tuple[str, object, str]]]:
    """``(label, source lines, [(line, label, note)])`` of one stored file.

    In ``android.tl`` each line's own ``// source:`` and ``// layer:`` comments give its note and
    label (the layer when the app's class names one, else the file's label).
    """
    label = None
    sources: list[str] = []
    entries: list[tuple[str, object, str]] = []
    note, line_layer = "", None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("// label:"):
            label = _label(line[9:])
        elif line.startswith("// source:"):
            if label is None:
                sources.append(line[10:].strip())
            else:
                note = line[10:].strip()
        elif line.startswith("// layer:"):
            line_layer = int(line[9:])
        elif line and not line.startswith("//"):
            if label is None:
                raise ValueError(f"{path.name}: a line before '// label:'")
            entries.append((line, line_layer if line_layer is not None else label, note))
            note, line_layer = "", None
    if label is None:
        raise ValueError(f"{path.name}: no '// label:' line")
    return label, sources, entries


def checked_form(line: str, label) -> str:
    """The form of ``line`` whose CRC32 must be its id: as published, except for TDLib's layer
    suffix on secret-schema names and the documented :data:`ID_EXCEPTIONS`."""
    cid, name, _f, _r = tl.parse_line(line)
    if tl.infer_id(line) == cid:
        return line
    m = _SUFFIX.match(name)
    if label == "secret" and m:
        return line.replace(name + "#", m.group(1) + "#", 1)  # decryptedMessage46: layer 46's decryptedMessage
    if cid in ID_EXCEPTIONS:
        extra, after = ID_EXCEPTIONS[cid]
        return line.replace(f" {after} ", f" {after} {extra} ", 1)
    return line


def _check_id(line: str, label, where: str) -> None:
    cid = tl.parse_line(line)[0]
    if tl.infer_id(checked_form(line, label)) != cid:
        raise ValueError(f"{where}: id 0x{cid:08x} is not the CRC32 of the line: {line}")


def _base_name(name: str) -> str:
    m = _SUFFIX.match(name)
    return m.group(1) if m else name


def _same_fields(a: str, b: str) -> bool:
    def key(line):
        return [(f.name, f.type.replace("bytes", "string"), f.flag, f.bit)
                for f in tl.parse_line(line)[2] if not f.is_true_flag]
    return key(a) == key(b)


def collect(schema_dir: Path = SCHEMA_DIR):
    """``(sources, entries)``: label -> source text, and id -> list of [line, labels, notes]."""
    sources: dict = {}
    by_id: dict[int, list] = {}
    for path in sorted(schema_dir.glob("*.tl")):
        label, src, entries = read_source(path)
        if label in sources:
            raise ValueError(f"{path.name}: label {label!r} used twice")
        sources[label] = " / ".join(src) if src else f"schemas/tl/{path.name}"
        for line, line_label, note in entries:
            if label != "android":
                _check_id(line, label, path.name)
            elif note and "api" in note.split(";")[0].lower():
                _check_id(line, label, path.name)
            cid, name = tl.parse_line(line)[:2]
            variants = by_id.setdefault(cid, [])
            if variants:
                first = variants[0][0]
                if _base_name(tl.parse_line(first)[1]) != _base_name(name):
                    raise ValueError(f"0x{cid:08x} is {tl.parse_line(first)[1]} and {name} ({path.name})")
                if not _same_fields(first, line):
                    raise ValueError(f"0x{cid:08x} ({name}) has other fields in {path.name}: {line}")
            for v in variants:
                if v[0] == line:
                    v[1].add(line_label)
                    if note:
                        v[2].add(note)
                    break
            else:
                variants.append([line, {line_label}, {note} if note else set()])
    return sources, by_id


def _sort_key(label):
    return (0, label, "") if isinstance(label, int) else (1, 0, str(label))


def render(schema_dir: Path = SCHEMA_DIR) -> str:
    """The text of the generated ``tl_schema.py``."""
    sources, by_id = collect(schema_dir)
    out = [
        '"""The TL constructor table used by :mod:`artefacts.decoders.tl`. GENERATED: do not edit.',
        "",
        "Written by ``python -m artefacts.decoders.tl_build`` from the schema sources stored in",
        "``schemas/tl/`` (see that module and ``docs/telegram.md``). ``tests/test_tl.py`` fails when this",
        "file differs from what the script writes.",
        "",
        "``SOURCES``: label -> where the lines were taken from (a label is a layer number, ``secret``",
        "or ``android``). ``LINES``: one schema line per row, a tab, then the labels listing it",
        "(``android`` rows end with the app's class and source after a second tab).",
        '"""',
        "",
        "SOURCES = {",
    ]
    for label in sorted(sources, key=_sort_key):
        out.append(f"    {label!r}: {sources[label]!r},")
    out.append("}")
    out.append("")
    out.append('LINES = r"""')
    for cid in sorted(by_id):
        for line, labels, notes in by_id[cid]:
            row = line + "\t" + ",".join(str(x) for x in sorted(labels, key=_sort_key))
            if notes:
                row += "\t" + " | ".join(sorted(notes))
            out.append(row)
    out.append('"""')
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m artefacts.decoders.tl_build", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare tl_schema.py with what would be written")
    sub = parser.add_subparsers(dest="cmd")
    ex = sub.add_parser("extract", help="store a downloaded schema file (reachable lines only) in schemas/tl/")
    ex.add_argument("name", help="file name in schemas/tl/ (without .tl)")
    ex.add_argument("source", help="where the file comes from (registry package and path, or repo/path/commit)")
    ex.add_argument("file")
    ex.add_argument("--json", action="store_true", help="the file is a JSON schema")
    ex.add_argument("--layer", type=int)
    ex.add_argument("--mtcute", action="store_true", help="the file is an @mtcute/tl api-schema.json")
    ex.add_argument("--js-string", action="store_true", help="the file is a JS module exporting the schema as a template string")
    args = parser.parse_args(argv)
    if args.cmd == "extract":
        text = Path(args.file).read_text(encoding="utf-8")
        if args.js_string:
            text = text[text.index("`") + 1 : text.rindex("`")]
        stored = extract(args.name, args.source, text, is_json=args.json, layer=args.layer, is_mtcute=args.mtcute)
        target = SCHEMA_DIR / f"{args.name}.tl"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stored, encoding="utf-8")
        print(f"{target}: {stored.count(chr(10))} lines")
        return 0
    text = render()
    if args.check:
        same = TABLE_MODULE.exists() and TABLE_MODULE.read_text(encoding="utf-8") == text
        print("tl_schema.py is up to date" if same else "tl_schema.py differs: run python -m artefacts.decoders.tl_build")
        return 0 if same else 1
    TABLE_MODULE.write_text(text, encoding="utf-8")
    print(f"{TABLE_MODULE}: {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
