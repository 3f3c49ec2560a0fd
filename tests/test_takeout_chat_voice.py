"""Google Takeout Google Chat and Google Voice (``plugins/takeout_google_chat.py``, ``plugins/takeout_voice.py``):
the committed sample against its manifest, pages published by other Voice readers with their expected values,
the English date text of Google Chat, hostile and broken input."""

from __future__ import annotations

import json

import pytest

from artefacts.synthetic.takeout import write_takeout
from artefacts.timeconv import TAKEOUT_TEXT, TimeValueError
from conftest import REPO, SAMPLE_DATA, assert_events_match

SAMPLE = SAMPLE_DATA / "takeout"
CHAT = ["takeout_google_chat"]
VOICE = ["takeout_voice", "takeout_voice_phones"]


def _manifest():
    return json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("section, parsers, app", [("google_chat", CHAT, "google_chat"),
                                                    ("voice", VOICE, "googlevoice")])
def test_sample_matches_its_manifest(parse, event_validator, section, parsers, app):
    m = _manifest()[section]
    tl = parse(SAMPLE / "export", parsers=parsers)
    assert tl.exit_code == 0 and tl.warnings == []
    got = assert_events_match(tl, m["events"], validator=event_validator)
    assert {(e["origin"], e["app"]) for e in got.values()} == {("provider", app)}


def test_chat_sample_details(parse):
    tl = parse(SAMPLE / "export", parsers=CHAT)
    dm = {e["source_locator"]: e for e in tl.events if "/DM " in e["source_path"]}
    link = dm["messages:index=1"]
    assert link["extra"]["links"] == ["https://maps.example.com/?q=harbour"]
    assert "\u202f" in link["timestamp_raw"]  # the newer exports' narrow no-break space, kept as written
    (att,) = dm["messages:index=2"]["attachments"]
    assert att["path"].endswith("File-4926929847130562072_account_id=3.png") and att["size"] > 0
    space = [e for e in tl.events if "/Space " in e["source_path"]]
    assert {e["conversation_name"] for e in space} == {"Project <b>Team</b>"}  # markup kept as text
    assert any(e["sender"] == "helper-bot@example.net" and e["extra"]["user_type"] == "Bot" for e in space)


def test_voice_sample_details(parse):
    tl = parse(SAMPLE / "export", parsers=VOICE)
    by_status = {e["status"]: e for e in tl.events if e["kind"] == "call"}
    assert set(by_status) == {"placed", "received", "missed", "voicemail"}
    assert by_status["placed"]["body"] == "Placed call, 24 s" and by_status["received"]["extra"]["duration"] == 285
    assert by_status["received"]["sender"] is None and by_status["received"]["conversation_id"] is None
    vm = by_status["voicemail"]
    assert vm["extra"]["voicemail"] is True and vm["extra"]["transcript"] == vm["body"]
    (audio,) = vm["attachments"]
    assert audio["name"].endswith(".mp3") and audio["sha256"]
    owned = [e for e in tl.events if e["kind"] == "contact"]
    assert [e["extra"]["role"] for e in owned] == ["google_voice_number", "linked_number"]


def test_generator_rebuilds_every_committed_file(tmp_path):
    assert write_takeout(tmp_path) == _manifest()
    committed = sorted(p.relative_to(SAMPLE / "export") for p in (SAMPLE / "export").rglob("*") if p.is_file())
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert built == committed
    for rel in committed:
        assert (tmp_path / rel).read_bytes() == (SAMPLE / "export" / rel).read_bytes(), rel
        assert (tmp_path / rel).stat().st_size < 60_000


# -- Google Chat's date text (artefacts.timeconv.TAKEOUT_TEXT) on the sources' examples ------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("Thursday, November 3, 2016 at 11:59:50 AM UTC", "2016-11-03T11:59:50.000000Z"),  # the schema notes' example
    ("Saturday, July 9, 2022 at 2:03:54\u202fPM UTC", "2022-07-09T14:03:54.000000Z"),  # the Node.js reader's
    ("Tuesday, November 22, 2016 at 9:46:26 PM UTC", "2016-11-22T21:46:26.000000Z"),
    ("Monday, January 1, 2024 at 12:00:01 AM UTC", "2024-01-01T00:00:01.000000Z"),
    ("Monday, January 1, 2024 at 12:30:00 PM UTC", "2024-01-01T12:30:00.000000Z"),
])
def test_chat_dates(text, iso):
    assert TAKEOUT_TEXT.iso(text) == iso


@pytest.mark.parametrize("text", [
    "Donnerstag, 3. November 2016 um 11:59:50 UTC",  # another language: not guessed
    "Thursday, November 3, 2016 at 11:59:50 AM PST",  # a zone the sources do not show
    "Thursday, November 31, 2016 at 11:59:50 AM UTC",
    "Thursday, November 3, 2016 at 13:59:50 PM UTC",
])
def test_chat_dates_refused(text):
    with pytest.raises(TimeValueError):
        TAKEOUT_TEXT.iso(text)


def _chat_export(tmp_path, messages, *, raw: str | None = None):
    folder = tmp_path / "Takeout" / "Google Chat" / "Groups" / "DM abc"
    folder.mkdir(parents=True)
    (folder / "messages.json").write_text(raw if raw is not None else json.dumps({"messages": messages}),
                                          encoding="utf-8")
    return tmp_path / "Takeout"


def test_chat_bad_date_keeps_the_message(parse, tmp_path):
    root = _chat_export(tmp_path, [{"creator": {"name": "A", "email": "a@example.com"},
                                    "created_date": "gestern um 10 Uhr", "text": "hi"},
                                   {"creator": {"name": "A", "email": "a@example.com"},
                                    "created_date": "Thursday, November 3, 2016 at 11:59:50 AM UTC", "text": "ok"}])
    tl = parse(root)
    assert tl.exit_code == 3 and len(tl.warnings) == 1
    assert "gestern um 10 Uhr" in json.dumps(tl.warnings[0]) and "messages.json" in json.dumps(tl.warnings[0])
    first = tl.by_locator("messages:index=0")
    assert first["timestamp"] is None and first["timestamp_raw"] == "gestern um 10 Uhr" and first["body"] == "hi"
    assert first["direction"] is None  # no user_info.json: whose messages are whose is not known
    assert tl.by_locator("messages:index=1")["timestamp"] == "2016-11-03T11:59:50.000000Z"


def test_chat_huge_text_is_capped(parse, tmp_path):
    from artefacts.plugins.takeout_google_chat import MAX_BODY

    root = _chat_export(tmp_path, [{"creator": {"email": "a@example.com"}, "text": "x" * (MAX_BODY + 10),
                                    "created_date": "Thursday, November 3, 2016 at 11:59:50 AM UTC"}])
    tl = parse(root)
    (e,) = tl.events
    assert len(e["body"]) == MAX_BODY and e["extra"]["body_truncated_from"] == MAX_BODY + 10
    assert tl.exit_code == 3 and len(tl.warnings) == 1


def test_chat_truncated_file(parse, tmp_path):
    text = json.dumps({"messages": [{"creator": {"email": "a@example.com"}, "text": "one",
                                     "created_date": "Thursday, November 3, 2016 at 11:59:50 AM UTC"},
                                    {"creator": {"email": "b@example.com"}, "text": "two"}]})
    tl = parse(_chat_export(tmp_path, None, raw=text[: text.index('"two"')]))
    assert tl.exit_code == 3 and len(tl.warnings) == 1 and [e["body"] for e in tl.events] == ["one"]


# -- Google Voice pages -----------------------------------------------------------------------------

def _voice_page(tmp_path, name: str, html: str):
    calls = tmp_path / "Takeout" / "Voice" / "Calls"
    calls.mkdir(parents=True, exist_ok=True)
    (calls / name).write_text(html, encoding="utf-8")
    return tmp_path / "Takeout"


# tests/Takeout/Voice/Calls/ of Mutual-Aid-Medford-and-Somerville/google-voice-history, as published, and the
# rows its tests/takeout.csv expects for them
PLACED = """<?xml version="1.0" ?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">

<body>
  <div class="haudio">
    <div class="contributor vcard">
      Placed call to <a class="tel" href="tel:+17035551234"><span class="fn">Person C</span></a>
    </div>
    <abbr class="published" title="2020-08-19T14:01:58.000-04:00">Aug 19, 2020, 2:01:58 PM Eastern Time</abbr>
    <abbr class="duration" title="PT24S">(00:00:24)</abbr>
    <div class="tags">
      Labels:
      <a rel="tag" href="http://www.google.com/voice#placed">Placed</a>
    </div>
  </div>
</body>

</html>
"""
RECEIVED = PLACED.replace("Placed call to <a class=\"tel\" href=\"tel:+17035551234\"><span class=\"fn\">Person C",
                          "Received call from <a class=\"tel\" href=\"tel:\"><span class=\"fn\">").replace(
    "2020-08-19T14:01:58.000-04:00\">Aug 19, 2020, 2:01:58 PM", "2020-06-12T10:41:25.000-04:00\">Jun 12, 2020, 10:41:25 AM"
).replace('"PT24S">(00:00:24)', '"PT4M45S">(00:04:45)').replace("#placed\">Placed", "#received\">Received")


@pytest.mark.parametrize("name, html, iso, status, direction, duration, number", [
    ("Person C - Placed - 2020-08-19T18_01_58Z.html", PLACED, "2020-08-19T18:01:58.000000Z", "placed", "outgoing",
     24, "+17035551234"),
    (" - Received - 2020-06-12T14_41_25Z.html", RECEIVED, "2020-06-12T14:41:25.000000Z", "received", "incoming",
     285, None),
])
def test_published_call_pages_match_the_csv(parse, tmp_path, name, html, iso, status, direction, duration, number):
    tl = parse(_voice_page(tmp_path, name, html))
    assert tl.exit_code == 0 and tl.warnings == []
    (e,) = tl.events
    assert (e["timestamp"], e["status"], e["direction"], e["extra"]["duration"]) == (iso, status, direction, duration)
    assert e["conversation_id"] == number and e["origin"] == "provider"


def test_voice_hostile_page(parse, tmp_path):
    from artefacts.plugins.takeout_voice import MAX_TEXT

    big = "A" * (MAX_TEXT + 5)
    html = ('<html><body><div class="hChatLog hfeed">\n'
            '<div class="message"><abbr class="dt" title="yesterday">?</abbr>:\n'
            '<cite class="sender vcard"><a class="tel" href="tel:+1"><span class="fn">X</span></a></cite>:\n'
            '<q><script>alert(document.cookie)</script><img src="javascript:alert(1)" onerror="x()"></q></div>\n'
            '<div class="message"><abbr class="dt" title="2020-01-01T00:00:00.000+01:00">t</abbr>:\n'
            f'<cite class="sender vcard"><a class="tel" href="tel:+1"><span class="fn">X</span></a></cite>:\n<q>{big}</q>'
            '</div></div>' + "<div>" * 5000 + "</body></html>")
    tl = parse(_voice_page(tmp_path, "X - Text - 2020-01-01T00_00_00Z.html", html))
    assert tl.exit_code == 3 and len(tl.events) == 2
    text = json.dumps(tl.warnings)
    assert "line 2" in text and "yesterday" in text and "line 5" in text
    bad, huge = tl.by_locator("message:index=0"), tl.by_locator("message:index=1")
    assert bad["timestamp"] is None and bad["timestamp_raw"] == "yesterday"
    assert bad["body"] == "alert(document.cookie)"  # script text is data, never run
    assert [a["sha256"] for a in bad["attachments"]] == [None]
    assert huge["timestamp"] == "2019-12-31T23:00:00.000000Z" and len(huge["body"]) == MAX_TEXT


def test_not_a_voice_page_is_left_alone(parse, tmp_path):
    tl = parse(_voice_page(tmp_path, "notes.html", "<html><body><p>hello</p></body></html>"), parsers=["takeout_voice"])
    assert tl.events == [] and tl.warnings == []


def test_phones_vcf_folded_and_labelled(parse, tmp_path):
    voice = tmp_path / "Takeout" / "Voice"
    voice.mkdir(parents=True)
    (voice / "Phones.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nN:;;;;\r\nitem1.TEL:+1702\r\n 6083638\r\n"
                                      "item1.X-ABLabel:Google Voice\r\nTEL;TYPE=CELL:+15753222266\r\nEND:VCARD\r\n",
                                      encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    assert tl.warnings == [] and [(e["sender"], e["extra"]["role"]) for e in tl.events] == [
        ("+17026083638", "google_voice_number"), ("+15753222266", "linked_number")]


# -- psanford/google-voice-takeout-parser's published pages and the values its main_test.go expects ----------

PUBLISHED = REPO / "tests" / "data" / "takeout_voice"
# (time as that test writes it, sender number, text, media names) for testdata/sms.html and mms.html
SMS = [("2022-06-30T18:06:39.894-07:00", "+2222", "doing just fine. I moved to Florida", []),
       ("2022-06-30T18:06:46.025-07:00", "+2222", "MMS Sent", ["Tony Smehrik - Text - 2022-07-01T01_06_39Z-2-1"]),
       ("2022-06-30T18:07:09.468-07:00", "+333", "\U0001f49a", []),
       ("2022-06-30T18:07:24.594-07:00", "+333", "all that space", []),
       ("2022-06-30T18:07:28.190-07:00", "+333", "Thank you \U0001f64f", [])]
MMS = [("2024-05-22T21:48:32.703-07:00", "+8888", None, ["Group Conversation - 2024-05-23T04_48_32Z-1-1",
                                                          "Group Conversation - 2024-05-23T04_48_32Z-1-2"]),
       ("2024-05-22T21:49:25.704-07:00", "+2222", None, ["Group Conversation - 2024-05-23T04_48_32Z-2-1"]),
       ("2024-05-22T21:49:33.853-07:00", "+2222", None, ["Group Conversation - 2024-05-23T04_48_32Z-3-1"]),
       ("2024-05-22T21:50:42.475-07:00", "+8888", "Hahahaha", []),
       ("2024-05-22T21:51:10.663-07:00", "+8888", "Maybe this is your sign to get a hornet-skyscraper Peter", []),
       ("2024-05-22T21:54:15.125-07:00", "+333", "Hahaha I love all of these", [])]


def _utc(text: str) -> str:
    from datetime import datetime, timezone

    return datetime.fromisoformat(text).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from artefacts.testing import make_runner

    tl = make_runner(tmp_path_factory.mktemp("published"))(PUBLISHED / "Takeout")
    assert tl.exit_code == 0 and tl.warnings == []
    return tl


@pytest.mark.parametrize("page, expected", [("sms.html", SMS), ("mms.html", MMS)])
def test_published_texts_match_their_tests(published, page, expected):
    got = sorted((e for e in published.events if e["source_path"].endswith("/" + page)),
                 key=lambda e: e["source_locator"])
    assert len(got) == len(expected)
    for i, (when, number, text, media) in enumerate(expected):
        e = got[i]
        assert e["source_locator"] == f"message:index={i}"
        assert (e["timestamp"], e["sender"], e["body"]) == (_utc(when), number, text)
        assert e["direction"] == ("outgoing" if number == "+2222" else "incoming")
        assert [a["path"].rsplit("/", 1)[-1] for a in e["attachments"]] == media  # files not published: not hashed
        assert all(a["sha256"] is None for a in e["attachments"])
        assert e["extra"]["time_text"].endswith("\u202fPM Pacific Time")  # the element's text, U+202F kept


def test_published_group_names_every_member(published):
    group = [e for e in published.events if e["source_path"].endswith("/mms.html")]
    assert {e["conversation_id"] for e in group} == {"+333,+8888"}
    mine = [e for e in group if e["direction"] == "outgoing"]
    assert mine and all(e["recipients"] == ["+8888", "+333"] for e in mine)
    theirs = next(e for e in group if e["sender"] == "+333")
    assert theirs["recipients"] == ["+2222", "+8888"]


def test_published_calls_match_their_tests(published):
    calls = {e["source_path"].rsplit("/", 1)[-1]: e for e in published.events if e["kind"] == "call"}
    assert sorted(calls) == ["missedcall.html", "voicemail.html"]
    missed, vm = calls["missedcall.html"], calls["voicemail.html"]
    assert (missed["status"], missed["timestamp"], missed["sender"], missed["sender_name"]) == (
        "missed", _utc("2009-09-17T17:26:41-07:00"), "+66666", "Dwigt Rortugal")
    assert missed["extra"]["duration"] is None and missed["extra"]["labels"] == ["Missed"]
    assert (vm["status"], vm["timestamp"], vm["sender"], vm["extra"]["duration"]) == (
        "voicemail", _utc("2018-07-23T09:23:31-07:00"), "+11111111111", 18)
    assert vm["body"] == ("Hi Peter, this is Sleve Mcdichael. I'm the manager. I believe you have internet. "
                          "I just have some quick questions for you. Thank you.")
    assert [a["name"] for a in vm["attachments"]] == ["Sleve Mcdichael - Voicemail - 2018-07-23T16_23_31Z.mp3"]


def test_the_export_as_a_zip(parse, tmp_path):
    # Takeout hands its archive over as a zip: the same events, companions and media read from inside it
    import zipfile

    archive = tmp_path / "takeout-20240304T000000Z-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted((SAMPLE / "export").rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(SAMPLE / "export").as_posix())
    m = _manifest()
    tl = parse(archive, parsers=CHAT + VOICE)
    assert tl.exit_code == 0 and tl.warnings == []
    assert_events_match(tl, m["google_chat"]["events"] + m["voice"]["events"])


def test_a_long_page_is_read_across_chunks(parse, tmp_path):
    # ~1.3 MB: many 64 KiB chunks, tags and entities cut at chunk borders; every message whole, in order
    from artefacts.plugins.takeout_voice import CHUNK

    block = ('<div class="message"><abbr class="dt" title="2021-02-03T04:05:{s:02d}.{ms:03d}+00:00">x</abbr>:\n'
             '<cite class="sender vcard"><a class="tel" href="tel:+1{i:04d}"><span class="fn">P&amp;{i}</span></a>'
             '</cite>:\n<q>message {i} &lt;b&gt; {pad}</q>\n</div>')
    n = 2000
    html = ('<html><body><div class="hChatLog hfeed">'
            + "".join(block.format(i=i, s=i % 60, ms=i % 1000, pad="y" * (i % 700)) for i in range(n)) + "</div></body></html>")
    assert len(html) > 15 * CHUNK
    tl = parse(_voice_page(tmp_path, "Many - Text - 2021-02-03T04_05_00Z.html", html))
    assert tl.warnings == [] and len(tl.events) == n
    for e in tl.events:
        i = int(e["source_locator"].split("=")[1])
        assert e["body"] == f"message {i} <b> {'y' * (i % 700)}".strip()
        assert e["sender"] == f"+1{i:04d}" and e["sender_name"] == f"P&{i}"
        assert e["timestamp"] == f"2021-02-03T04:05:{i % 60:02d}.{i % 1000:03d}000Z"


def test_spam_folder_and_deleted_status(parse, tmp_path):
    spam = tmp_path / "Takeout" / "Voice" / "Spam"
    spam.mkdir(parents=True)
    page = (PUBLISHED / "Takeout" / "Voice" / "Calls" / "missedcall.html").read_text(encoding="utf-8")
    (spam / "Dwigt Rortugal - Missed - 2009-09-18T00_26_41Z.html").write_text(
        page.replace("User Deleted:\nFalse", "User Deleted:\nTrue"), encoding="utf-8")
    tl = parse(tmp_path / "Takeout")
    (e,) = tl.events
    assert e["extra"]["spam"] is True and e["deleted"] is True and e["extra"]["deleted_status"] == "User Deleted: True"
