"""Path globs as parsers declare them, matched case-insensitively anywhere in an extraction.

A glob is a ``/``-separated pattern such as
``**/com.android.providers.telephony/databases/mmssms.db``. ``*`` and ``?``
stay inside one path component, ``[...]`` is a character class and ``**``
spans any number of components. A glob always matches a *suffix* of the path
that starts at a component boundary, so the same glob finds a file whether the
extraction root is ``/``, ``data/``, ``Dump/fs/`` or an iOS
``private/var/...`` tree. Matching ignores case: acquisition tools and file
systems disagree on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MAGIC = re.compile(r"[*?\[]")


def _component(part: str) -> str:
    out = []
    i = 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = part.find("]", i + 2 if part[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = part[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@lru_cache(maxsize=None)
def compile_glob(glob: str) -> re.Pattern:
    """The compiled, case-insensitive regular expression for a glob."""
    parts = [p for p in glob.strip("/").split("/") if p]
    if not parts:
        raise ValueError(f"empty glob: {glob!r}")
    rx = []
    for idx, part in enumerate(parts):
        last = idx == len(parts) - 1
        if part == "**":
            rx.append(".*" if last else "(?:[^/]+/)*")
        else:
            rx.append(_component(part) + ("" if last else "/"))
    return re.compile(r"(?:^|/)" + "".join(rx) + r"\Z", re.IGNORECASE | re.DOTALL)


def literal_basename(glob: str) -> str | None:
    """The glob's last component in lower case when it has no wildcard (for index look-ups)."""
    last = glob.rstrip("/").rsplit("/", 1)[-1]
    if last == "**" or _MAGIC.search(last):
        return None
    return last.lower()


def glob_matches(glob: str, path: str) -> bool:
    """Whether ``path`` (``/``-separated, relative to the extraction) matches ``glob``."""
    return compile_glob(glob).search(path) is not None
