"""Clubhouse iOS on the real preferences plist of iLEAPP's ``clubhouse.josh_ios17_ffs`` case: the count,
then specific values (read from the plist with plistlib)."""

from __future__ import annotations

import pytest

from ileapp_social_real import kinds, near_cocoa, run_case


@pytest.fixture(scope="module")
def tl(tmp_path_factory):
    return run_case(tmp_path_factory, "clubhouse")


def test_counts(tl):
    assert kinds(tl) == {"contact": 8}  # the account and 7 suggested invites


def test_account_and_first_invite(tl):
    account = tl.by_locator("plist:account")
    assert (account["sender"], account["sender_name"]) == ("981982138", "ThisIs Deefer")
    x = account["extra"]
    assert x["phone_number"] == "+19195794674" and x["following_user_ids"] == ["660948054"]
    assert x["last_sync_time"] == "2024-07-07T18:31:16.576084Z"
    liz = tl.by_locator("suggestedInvites:index=0")
    assert (liz["sender"], liz["sender_name"]) == ("+19199282177", "Liz Dehner")
    assert near_cocoa(liz["extra"]["uploaded_time"], 742069876.576513) and liz["extra"]["on_clubhouse"] is False
    assert liz["extra"]["image_path"] == "6447E7DA-9B0B-414D-85E2-30FC5740AFD3.png"
