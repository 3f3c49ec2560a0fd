"""Shared by the real-data tests of the iLEAPP ``josh_ios17_ffs`` social cases (``test_real_mastodon.py``,
``test_real_mewe.py``, ``test_real_truthsocial.py``, ``test_real_twitter_ios_dm.py``, ``test_real_clubhouse.py``)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from conftest import corpus_file

COCOA_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)


def run_case(tmp_path_factory, module: str):
    """The case zip run alone, recovery off (the live rows); clean, or the test fails."""
    from artefacts.testing import make_runner

    case = corpus_file("ileapp", "cases", f"{module}.josh_ios17_ffs.zip")
    tl = make_runner(tmp_path_factory.mktemp(module))(case)
    assert tl.exit_code == 0 and tl.warnings == []
    return tl


def near_cocoa(iso: str, cocoa: float) -> bool:
    """``iso`` is the Cocoa time ``cocoa`` to within 1 µs (a stored double is not exact at µs)."""
    ours = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return abs(ours - (COCOA_EPOCH + timedelta(seconds=cocoa))) <= timedelta(microseconds=1)


def kinds(tl) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in tl.events:
        out[e["kind"]] = out.get(e["kind"], 0) + 1
    return out
