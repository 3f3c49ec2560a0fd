"""Discord iOS on plaso's real message cache ``23AAD8D4-D632-4F99-8E44-152AAB8FA9D6``, row by row.

The file is given alone, as a user would. Counts first (plaso's test, plaso's run, the rows of
``expected.json``, ours), then every row of ``expected.json`` (time to the microsecond, body, author,
channel, the first attachment) and the values plaso's own test asserts; then specific rows read here
with :mod:`json` from the file itself. Differences: ``docs/differences.md`` ("Discord iOS").
"""

from __future__ import annotations

import json

import pytest

from conftest import corpus_file, iso_from_us
from test_real_plaso import _db, _plaso_iso, _run_clean

NAME = "23AAD8D4-D632-4F99-8E44-152AAB8FA9D6"


@pytest.fixture
def run(parse, event_validator):
    return _db(NAME), _run_clean(parse, event_validator, corpus_file("plaso", NAME), "discord_ios")


def test_counts_agree_with_plaso(run):
    db, tl = run
    rows = db["expected"]["messages"]
    assert db["plaso_test"]["asserted_event_data_count"] == db["plaso_run"]["event_data_containers"] == len(rows) == 26
    assert db["plaso_run"]["events_by_data_type_and_timestamp_desc"] == {"ios:discord:message": {"Sent Time": 26}}
    assert len(tl.events) == 26 and {e["kind"] for e in tl.events} == {"message"}
    assert [e["source_locator"] for e in tl.events] == [f"messages:id={m['message_id']}" for m in rows]


def test_every_row_as_plaso(run):
    db, tl = run
    for exp in db["expected"]["messages"]:
        event = tl.by_locator(f"messages:id={exp['message_id']}")
        assert event["app"] == "discord" and event["platform"] == "ios"
        assert event["timestamp"] == iso_from_us(exp["timestamp_us"]) == _plaso_iso(exp["timestamp_iso"])
        assert event["timestamp_raw"] == exp["timestamp_iso"] and event["timestamp_desc"] == "Sent Time"
        assert event["body"] == exp["body"]
        assert event["sender"] == exp["user_identifier"] and event["extra"]["author_username"] == exp["username"]
        assert event["conversation_id"] == exp["channel_identifier"]
        assert event["direction"] is None and event["recipients"] == [] and event["deleted"] is False
        first = event["attachments"][0] if event["attachments"] else {}
        assert first.get("name") == exp["attachment_name"]
        assert first.get("size") == exp["attachment_size"] and first.get("mime_type") == exp["attachment_type"]
        proxy = event["extra"]["attachments"][0]["proxy_url"] if event["attachments"] else None
        assert proxy == exp["attachment_proxy_url"]


def test_plaso_checked_event_data(run):
    db, tl = run
    checked = db["plaso_test"]["checked_event_data"]
    assert [c["event_data_index"] for c in checked] == [0, 10]
    for c in checked:
        event, values = tl.events[c["event_data_index"]], c["values"]
        if "content" in values:
            assert event["body"] == values["content"]
        if "sent_time" in values:
            assert event["timestamp"] == _plaso_iso(values["sent_time"])
        if "attachment_name" in values:
            assert event["attachments"][0]["name"] == values["attachment_name"]
            assert event["extra"]["attachments"][0]["proxy_url"] == values["attachment_proxy_url"]
        for key, field in (("channel_identifier", "conversation_id"), ("user_identifier", "sender")):
            if key in values:
                assert event[field] == values[key]


def test_specific_rows_from_the_file(run):
    _, tl = run
    raw = json.loads(corpus_file("plaso", NAME).read_text(encoding="utf-8"))
    first = tl.events[0]
    assert first["timestamp"] == "2023-04-24T18:17:21.655000Z" and first["body"] == "That was painful to watch."
    assert first["sender"] == "579257851646574644" and first["sender_name"] == "josh_hickman1"
    second = tl.by_locator("messages:id=1100123166526951425")
    assert second["body"] == "Still cracked. I still can\u2019t believe I dropped it like that."
    assert second["sender_name"] == "ThisIsDFIR" and second["extra"]["author_discriminator"] == "6767"
    # the two authors of the channel, each message's author as stored
    assert {e["sender"] for e in tl.events} == {m["author"]["id"] for m in raw} == {"579257851646574644", "672145484864815124"}
    with_files = [m for m in raw if m["attachments"]]
    assert [e["source_locator"] for e in tl.events if e["attachments"]] == [f"messages:id={m['id']}" for m in with_files]
    for m in with_files:
        event = tl.by_locator(f"messages:id={m['id']}")
        assert [a["name"] for a in event["attachments"]] == [a["filename"] for a in m["attachments"]]
        assert [a["url"] for a in event["extra"]["attachments"]] == [a["url"] for a in m["attachments"]]
    edited = [m for m in raw if m["edited_timestamp"]]
    for m in edited:
        assert tl.by_locator(f"messages:id={m['id']}")["extra"]["edited_raw"] == m["edited_timestamp"]
