"""Why a run stops before its end: a signal, or a full disk. Either way nothing is left half-written.

**Signals.** SIGINT, SIGTERM and SIGHUP end a run cleanly.
The command line installs :func:`install`; the handler raises :class:`Interrupted` (a
``BaseException``, so no parser's error boundary swallows it) and remembers the signal, so that
a SQLite query it cut short (which surfaces as ``OperationalError: interrupted``) is recognised as
the user's stop, not as a parser failure (:func:`check`). The engine's cleanup then runs: the
partial output is removed, the private working folder deleted, the workers stopped. Workers ignore
SIGINT (a terminal sends it to the whole process group; the parent stops them) and take SIGTERM's
default action (:func:`in_worker`).

**A full disk** (the output's, the working folder's or SQLite's temporary files') is no parser's
fault: :func:`is_disk_full` recognises it, and :class:`DiskFull` (a ``BaseException`` too) passes
through the parsers' error boundaries so that the run stops at once with one clear message.
"""

from __future__ import annotations

import errno
import signal
import sqlite3

__all__ = ["Interrupted", "DiskFull", "is_disk_full", "install", "check", "requested", "in_worker", "reset"]

_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_received: int | None = None


class Interrupted(BaseException):
    """The run was stopped by a signal."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def _handler(signum, frame):
    global _received
    if _received is None:
        _received = signum
        raise Interrupted(signum)


def install() -> None:
    """Stop the run on SIGINT, SIGTERM and SIGHUP (main thread only)."""
    reset()
    for sig in _SIGNALS:
        signal.signal(sig, _handler)


def requested() -> int | None:
    """The signal that asked the run to stop, if any."""
    return _received


def check() -> None:
    """Raise :class:`Interrupted` if a stop was asked for (after a query it cut short)."""
    if _received is not None:
        raise Interrupted(_received)


def reset() -> None:
    global _received
    _received = None


def in_worker() -> None:
    """Signal handling of a parser worker process: the parent decides when it stops."""
    reset()
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


class DiskFull(BaseException):
    """A write failed because the disk (or SQLite's temporary space) is full."""


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full (``ENOSPC``, ``EDQUOT``, SQLite's ``SQLITE_FULL``)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == 13 or "database or disk is full" in str(exc)  # 13 = SQLITE_FULL
    return False
