"""Mastodon iOS on the real ``shared.sqlite`` (+ WAL) of iLEAPP's ``mastodon.josh_ios17_ffs`` case:
the count, then specific rows (raw values read from the store with the sqlite3 shell)."""

from __future__ import annotations

import pytest

from ileapp_social_real import kinds, near_cocoa, run_case


@pytest.fixture(scope="module")
def tl(tmp_path_factory):
    return run_case(tmp_path_factory, "mastodon")


def test_counts(tl):
    # 40 direct statuses of 114 live ones (74 public posts are not messages), 255 accounts
    assert kinds(tl) == {"message": 40, "contact": 255}


def test_first_direct_message(tl):
    e = tl.by_locator("ZSTATUS:Z_PK=53")
    assert near_cocoa(e["timestamp"], 691769268.011) and e["timestamp"].startswith("2022-12-03T14:07:48.01")
    assert e["timestamp_raw"] == pytest.approx(691769268.011, abs=1e-6)
    assert e["body"] == '@thisisdfirtwo here is our first "DM."'
    assert (e["direction"], e["sender"], e["recipients"]) == ("outgoing", "@thisisdfir", ["@thisisdfirtwo"])
    assert e["conversation_id"] == "@thisisdfir, @thisisdfirtwo" and e["extra"]["status_id"] == "109450131407355517"
    reply = tl.by_locator("ZSTATUS:Z_PK=63")
    assert (reply["direction"], reply["sender"], reply["extra"]["in_reply_to_id"]) == ("incoming", "@thisisdfirtwo", "109450131407355517")
    assert near_cocoa(reply["timestamp"], 691769428.096)


def test_picture_message(tl):
    e = tl.by_locator("ZSTATUS:Z_PK=23")
    assert near_cocoa(e["timestamp"], 691769974.375) and e["timestamp"] == "2022-12-03T14:19:34.375000Z"
    assert e["body"] == "@thisisdfirtwo Sure. Here ya go." and e["direction"] == "outgoing"
    assert [a["name"] for a in e["attachments"]] == ["0df6c2fd3cce401d.jpg"]
    [media] = e["extra"]["attachments"]
    assert media["kind"] == "image" and media["id"] == "109450174085745692" and "/small/" in media["previewURL"]
    assert sum(1 for m in tl.events if m["attachments"]) == 7


def test_holder_and_html_bodies(tl):
    [holder] = [e for e in tl.events if e["extra"].get("account_holder")]
    assert holder["sender"] == "@thisisdfir" and holder["extra"]["user_id"] == "109449926490356798"
    assert all("<" not in (e["body"] or "") for e in tl.events if e["kind"] == "message")
    assert all("<p>" in e["extra"]["html"] for e in tl.events if e["kind"] == "message")
