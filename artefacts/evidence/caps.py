"""Limits on what an archive from the evidence can make the tool unpack.

An extraction may be damaged or crafted: a zip or tar "bomb" inflates a small file into terabytes,
and an archive of millions of empty members exhausts memory in the index. Every archive kind
(zip, tar plain or compressed, Android ``.ab``) is held to the same two limits:

* what is unpacked from it (copied or only hashed) may total at most :func:`expansion_cap` of its
  size: :data:`MAX_EXPANSION_RATIO` times the archive's size, and never less than
  :data:`MIN_EXPANSION_CAP` (so small, ordinary archives of highly compressible databases are never
  cut). Real extractions compress 2-10 x; a ratio of 100 is far beyond them.
* at most :data:`MAX_MEMBERS` members are indexed.

Reaching a limit is one warning naming the member where it was reached; everything read before it
is kept and the run goes on (exit code 3). The README states both figures.
"""

from __future__ import annotations

MAX_EXPANSION_RATIO = 100
MIN_EXPANSION_CAP = 1 << 30  # 1 GiB
MAX_MEMBERS = 5_000_000


class ExpansionCapExceeded(Exception):
    """Unpacking would pass the archive's expansion cap."""

    def __init__(self, cap: int, member: str | None = None):
        self.cap = cap
        self.member = member
        super().__init__(describe(cap, member))


def expansion_cap(size: int) -> int:
    """The most bytes an archive of ``size`` bytes may unpack to."""
    return max(MIN_EXPANSION_CAP, MAX_EXPANSION_RATIO * size)


def describe(cap: int, member: str | None) -> str:
    where = f" at member {member!r}" if member is not None else ""
    return (f"unpacking stopped{where}: the archive would expand beyond {cap:,} bytes "
            f"({MAX_EXPANSION_RATIO} x its size, at least {MIN_EXPANSION_CAP:,}): a decompression bomb or a "
            "damaged archive; members after it are not read")


class Budget:
    """Bytes unpacked so far from one archive, against its cap."""

    def __init__(self, cap: int):
        self.cap = cap
        self.used = 0
        self.exhausted = False

    def charge(self, n: int, member: str | None) -> None:
        self.used += n
        if self.used > self.cap:
            self.exhausted = True
            raise ExpansionCapExceeded(self.cap, member)
