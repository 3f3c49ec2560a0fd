"""X/Twitter iOS DM cache on the real ``com.atebits.tweetie.direct-message.cache/TDfir-725479270958694``
of iLEAPP's ``twitterX.josh_ios17_ffs`` case: the count, then specific entries (raw NSDate values read
from the archive with plistlib)."""

from __future__ import annotations

import pytest

from ileapp_social_real import kinds, near_cocoa, run_case

HOLDER, OTHER = "1068228364824178689", "1809677946439000064"
CONV = f"{HOLDER}-{OTHER}"


@pytest.fixture(scope="module")
def tl(tmp_path_factory):
    return run_case(tmp_path_factory, "twitterX")


def _entry(tl, entry_id: int):
    [e] = [e for e in tl.events if e["extra"].get("entry_id") == entry_id]
    return e


def test_counts(tl):
    assert kinds(tl) == {"message": 66, "reaction": 2, "call": 4, "contact": 5}


def test_first_message(tl):
    e = _entry(tl, 1809966299474252123)
    assert e["timestamp"] == "2024-07-07T15:02:48.000000Z" and e["timestamp_raw"] == 742057368.0
    assert e["body"] == "How\u2019s that new coffee I sent you?"
    assert (e["direction"], e["sender"], e["recipients"], e["conversation_id"]) == ("outgoing", HOLDER, [OTHER], CONV)
    assert e["extra"]["timeline"] == "trusted" and e["extra"]["account_id"] == "TDfir-725479270958694"


def test_reaction_and_call(tl):
    r = _entry(tl, 1809968059341537280)
    assert r["kind"] == "reaction" and r["body"] == "\u2764\ufe0f" and near_cocoa(r["timestamp"], 742057787.598)
    assert r["extra"]["reacted_to_message_id"] == 1809967773944303688 and r["sender"] == HOLDER
    c = _entry(tl, 1810011683982823424)
    assert c["kind"] == "call" and near_cocoa(c["timestamp"], 742068082.5139999)
    assert near_cocoa(c["extra"]["end_time"], 742068188.3989999) and near_cocoa(c["extra"]["entry_time"], 742068188.5090001)
    assert abs(c["extra"]["duration_s"] - 105.885) < 1e-6 and c["extra"]["call_type"] == 1
    assert sorted(c["recipients"]) == sorted([HOLDER, OTHER]) and c["direction"] is None


def test_users(tl):
    users = {e["sender"]: e for e in tl.events if e["kind"] == "contact"}
    assert users[HOLDER]["extra"]["account_holder"] is True and users[HOLDER]["extra"]["username"] == "TDfir"
    assert near_cocoa(users[HOLDER]["extra"]["updated_time"], 742069485.908835)
    assert users[OTHER]["sender_name"] == "ldehner505" and users[OTHER]["extra"]["following"] is True
