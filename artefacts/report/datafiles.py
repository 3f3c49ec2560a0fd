"""The report's data files: JSON wrapped in a JavaScript call, loaded by ``<script>`` tags.

A report opens from disk (``file://``), where Chromium refuses ``fetch()`` and XHR; a data file is
therefore a script, ``ARTEFACTS_DATA("name", {...});``, that hands its JSON to the page. The JSON
is made safe for a script context: ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\uXXXX``
escapes, so no value (message bodies are attacker-controlled) can close the script, open a
comment or a tag, or end a line inside a string. The page only ever puts these values into the
document with ``textContent``.

Every file written is hashed as it is written; ``SHA256SUMS`` lists them for the case file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: characters that JSON leaves raw and a script must not see raw; outside strings JSON never has them
_UNSAFE = {c: "\\u%04x" % ord(c) for c in "<>&\u2028\u2029"}


def js_json(value) -> str:
    """``value`` as JSON that is also safe inside a script (no ``<``, ``>``, ``&``, U+2028/9 left raw)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for c, escaped in _UNSAFE.items():
        if c in text:
            text = text.replace(c, escaped)
    return text


class ReportFiles:
    """Writes the report's files under ``root`` and keeps each one's SHA-256 and size."""

    def __init__(self, root: Path):
        self.root = root
        self.digests: dict[str, str] = {}
        self.largest = ("", 0)
        self.bytes = 0

    def write_bytes(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.digests[rel] = hashlib.sha256(data).hexdigest()
        self.bytes += len(data)
        if len(data) > self.largest[1]:
            self.largest = (rel, len(data))

    def data(self, name: str, value) -> str:
        """Write ``data/<name>.js`` handing ``value`` to the page; returns its relative path."""
        rel = f"data/{name}.js"
        text = f'ARTEFACTS_DATA("{name}",{js_json(value)});\n'
        self.write_bytes(rel, text.encode("utf-8", "surrogatepass"))
        return rel

    def write_manifest(self) -> None:
        """``SHA256SUMS``: every file of the report with its hash (``sha256sum -c`` checks it)."""
        lines = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(self.digests.items()))
        (self.root / "SHA256SUMS").write_text(lines, encoding="utf-8")
