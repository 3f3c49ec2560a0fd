"""MeWe iOS on the real ``sgrouplesdb.sqlite`` (+ WAL) of iLEAPP's ``meWe.josh_ios17_ffs`` case: the
count, then specific rows (raw values read from the store with the sqlite3 shell)."""

from __future__ import annotations

import pytest

from ileapp_social_real import kinds, run_case

HOLDER = "5e2f8b72ae8d404b182c0d14"


@pytest.fixture(scope="module")
def tl(tmp_path_factory):
    return run_case(tmp_path_factory, "meWe")


def test_counts(tl):
    assert kinds(tl) == {"message": 53, "contact": 8}  # 7 users and 1 group


def test_shared_location(tl):
    e = tl.by_locator("ZCHATMESSAGE:Z_PK=1")
    assert e["timestamp"] == "2020-04-11T18:05:26.000000Z" and e["timestamp_raw"] == 608321126
    assert (e["direction"], e["sender"], e["recipients"]) == ("outgoing", HOLDER, ["5e31f09066af421385cb03b6"])
    assert (e["extra"]["latitude"], e["extra"]["longitude"]) == (35.66119068051331, -78.87970943783533)
    assert e["conversation_id"] == "5e38d9b343fb823093ef8488" and e["conversation_name"] == "John Hicks"


def test_incoming_and_photo(tl):
    e = tl.by_locator("ZCHATMESSAGE:Z_PK=9")
    assert e["timestamp"] == "2023-04-28T13:15:03.000000Z"
    assert (e["direction"], e["sender"], e["sender_name"]) == ("incoming", "6172162ca0c1ec13cbd9da0e", "ThisIs DFIRTwo")
    assert e["body"] == "I am!  This one is limited IIRC." and e["recipients"] == [HOLDER]
    photo = tl.by_locator("ZCHATMESSAGE:Z_PK=5")
    assert photo["timestamp"] == "2023-04-28T13:21:12.000000Z" and photo["body"] == ""
    assert [a["name"] for a in photo["attachments"]] == ["image.jpg"]
    assert photo["extra"]["attachments"][0]["url"].startswith("/api/v2/photo/")
    assert not any(e["deleted"] for e in tl.events)  # no row has ZDELETEDBYSENDER set


def test_holder(tl):
    [holder] = [e for e in tl.events if e["extra"].get("account_holder")]
    assert holder["sender"] == HOLDER and holder["extra"]["primaryphone"] == "+19195794674"
