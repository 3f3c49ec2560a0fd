"""Writing a file so that it appears only when complete."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_output(dst: str | os.PathLike) -> Iterator[Path]:
    """Yield ``dst.part`` to write to; rename it to ``dst`` when the block ends without an error.

    When the block raises, the partial file is removed and ``dst`` (if it existed) is untouched:
    a decryption that fails never leaves a half-written or stale plaintext behind.
    """
    dst = Path(dst)
    tmp = dst.with_name(dst.name + ".part")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
