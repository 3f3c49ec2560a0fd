"""Truth Social iOS on the real ``ChatModel.sqlite`` (+ 3.9 MB WAL) of iLEAPP's
``truthSocial.josh_ios17_ffs`` case: the count, then specific rows (raw values read from the store)."""

from __future__ import annotations

import pytest

from ileapp_social_real import kinds, near_cocoa, run_case

HOLDER, OTHER = "107848900006371409", "108809937055864312"


@pytest.fixture(scope="module")
def tl(tmp_path_factory):
    return run_case(tmp_path_factory, "truthSocial")


def test_counts(tl):
    # 13 messages; chatCreated x2, memberJoined x2, messageExpirationChanged; 2 accounts + the holder
    assert kinds(tl) == {"message": 13, "system": 5, "contact": 3}


def test_messages(tl):
    e = tl.by_locator("ZMANAGEDEVENTBASE:Z_PK=31")
    assert near_cocoa(e["timestamp"], 743361097.157) and e["timestamp"].startswith("2024-07-22T17:11:37.15")
    assert e["body"] == "What\u2019s up?!  Again. \U0001F923" and e["extra"]["html"] == "<p>What\u2019s up?! &nbsp;Again. \U0001F923</p>"
    assert (e["direction"], e["sender"], e["recipients"], e["conversation_id"]) == ("outgoing", HOLDER, [OTHER], "239")
    r = tl.by_locator("ZMANAGEDEVENTBASE:Z_PK=32")
    assert r["timestamp"] == "2024-07-22T17:13:28.500000Z" and (r["direction"], r["sender"]) == ("incoming", OTHER)
    assert r["extra"]["reactions"] == [{"reaction": "\U0001F44D", "count": 1, "mine": True}] and r["extra"]["unread"] is True
    pic = tl.by_locator("ZMANAGEDEVENTBASE:Z_PK=39")
    assert pic["body"] is None and [a["name"] for a in pic["attachments"]] == [
        pic["extra"]["attachments"][0]["url"].rsplit("/", 1)[-1]]


def test_system_events(tl):
    e = tl.by_locator("ZMANAGEDEVENTBASE:Z_PK=3")
    assert e["kind"] == "system" and e["body"] == "messageExpirationChanged" and e["extra"]["entity"] == "ManagedExpirationChanged"
    assert near_cocoa(e["timestamp"], 705012895.626)
    joined = tl.by_locator("ZMANAGEDEVENTBASE:Z_PK=4")
    assert joined["sender"] == joined["extra"]["member_account_id"] == OTHER and joined["extra"]["entity"] == "ManagedMembership"
