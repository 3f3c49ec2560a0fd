"""Differential test: iLEAPP's real iOS test cases (``../shared/corpus/ileapp/``) against iLEAPP's output.

Each case is a zip laid out as the phone's file system; ``expected/`` holds what iLEAPP produced
for it. Every expected artifact is either compared row by row with our events (``COMPARED``) or
listed with the reason we do not parse it (``NOT_PARSED``), and then our run must claim no file
of that case: nothing is skipped silently. Differences are explained in ``docs/differences.md``.
iLEAPP prints whole seconds (it truncates), so times are compared to the second, floored.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artefacts.testing import ileapp_rows, unix_seconds as _seconds
from conftest import CORPUS, corpus_file

ILEAPP = CORPUS / "ileapp"


def _expected(module: str, artifact: str, case: str) -> Path:
    found = sorted((ILEAPP / "expected").glob(f"{module}.{artifact}.{case}.*.json"))
    assert len(found) == 1, found
    return found[0]


def _rows(expected: Path) -> list[dict]:
    """iLEAPP's rows as dicts by header; the count must match its own metadata."""
    return ileapp_rows(expected)


def _hms(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@pytest.fixture(scope="module")
def whatsapp_case(tmp_path_factory):
    from artefacts.testing import make_runner

    case = corpus_file("ileapp", "cases", "whatsApp.josh_ios15_ffs.zip")
    return make_runner(tmp_path_factory.mktemp("ileapp-wa"))(case)


def test_whatsapp_case_runs_clean(whatsapp_case, event_validator):
    tl = whatsapp_case
    assert tl.exit_code == 0 and tl.warnings == []
    for e in tl.events:
        event_validator.validate(e)
    claimed = {Path(s["path"]).name: s["parsers"] for s in tl.sources if s["role"] == "database"}
    assert claimed == {"CallHistory.sqlite": ["whatsapp_ios_calls"], "ContactsV2.sqlite": ["whatsapp_ios_contacts"]}


def test_whatsapp_call_history_matches_ileapp(whatsapp_case):
    """iLEAPP whatsAppCallHistory: 4 calls; every row, every column iLEAPP prints."""
    expected = _rows(_expected("whatsApp", "whatsAppCallHistory", "josh_ios15_ffs"))
    calls = sorted((e for e in whatsapp_case.events if e["kind"] == "call"), key=lambda e: e["timestamp"])
    assert len(calls) == len(expected) == 4
    for ours, theirs in zip(calls, expected):
        [peer] = ours["extra"]["participants"]
        assert _seconds(ours["timestamp"]) == theirs["Starting Timestamp"]
        assert _seconds(ours["extra"]["end_time"]) == theirs["Ending Timestamp"]
        assert _hms(ours["extra"]["duration_s"]) == theirs["Duration H:M:S"]
        assert ours["direction"] == theirs["Direction"].lower()
        assert ours["status"] == theirs["Disconnected cause"].lower()
        assert ours["conversation_id"] == peer["jid"] == theirs["Contact ID"]
        assert ours["conversation_name"] == peer["name"] == theirs["Contact Fullname"]
        assert peer["phone"] == theirs["Phone Number"]
        # what iLEAPP drops: sub-second times, the raw Cocoa value, video, bytes (docs/differences.md)
        assert ours["timestamp_raw"] % 1 != 0 and "video" in ours["extra"] and "bytes_sent" in ours["extra"]
        if ours["direction"] == "incoming":
            assert ours["sender"] == theirs["Contact ID"] and ours["sender_name"] == theirs["Contact Fullname"]
        else:
            assert ours["recipients"] == [theirs["Contact ID"]]


def test_whatsapp_contacts_match_ileapp(whatsapp_case):
    """iLEAPP whatsAppContacts: 9 address-book rows of ContactsV2.sqlite, every column."""
    expected = _rows(_expected("whatsApp", "whatsAppContacts", "josh_ios15_ffs"))
    contacts = [e for e in whatsapp_case.events if e["kind"] == "contact"]
    assert [e["source_locator"] for e in contacts] == [f"ZWAADDRESSBOOKCONTACT:Z_PK={i}" for i in range(1, 10)]
    assert len(contacts) == len(expected) == 9
    for ours, theirs in zip(contacts, expected):
        x = ours["extra"]
        assert ours["sender_name"] == theirs["Fullname"]
        assert x.get("abouttext") == theirs["About Text"]
        assert _seconds(x.get("about_time")) == theirs["About Text Timestamp"]
        assert x.get("phonenumber") == theirs["Phone Number"]
        assert x.get("phonenumberlabel", "") == theirs["Phone Number Label"]
        assert ours["sender"] == x.get("whatsappid") == theirs["Whatsapp ID"]
        assert x["identifier"] == theirs["Identifier"]


#: iLEAPP artifacts of cases whose app this project does not parse (yet), with the reason
NOT_PARSED = {
    "clubhouse": "Clubhouse: a preferences plist of suggested invites and one conversation id; no parser (issue 18)",
    "mastodon": "Mastodon: shared.sqlite direct messages and users; no parser (issue 18)",
    "meWe": "MeWe: sgrouplesdb.sqlite messages, contacts, groups; no parser (issue 18)",
    "truthSocial": "Truth Social: ChatModel.sqlite chats; no parser (issue 18)",
    "twitterX": "X/Twitter: direct-message cache; no parser (issue 18)",
    "voicemail": "iOS voicemail.db: both real files hold 0 rows in voicemail (iLEAPP: 0 rows); no parser",
}
COMPARED = {("whatsApp", "whatsAppCallHistory"), ("whatsApp", "whatsAppContacts")}


def test_every_ileapp_artifact_is_compared_or_listed():
    expected = sorted((ILEAPP / "expected").glob("*.json")) if ILEAPP.exists() else []
    if not expected:
        pytest.skip("iLEAPP corpus not available")
    for path in expected:
        module, artifact = path.name.split(".")[:2]
        assert (module, artifact) in COMPARED or module in NOT_PARSED, f"{path.name} is neither compared nor listed"
    cases = {p.name.split(".")[0] for p in (ILEAPP / "cases").glob("*.zip")}
    assert cases == {m for m, _ in COMPARED} | set(NOT_PARSED)


@pytest.mark.parametrize("module", sorted(NOT_PARSED))
def test_cases_we_do_not_parse_are_claimed_by_no_parser(module, tmp_path):
    from artefacts.testing import make_runner

    cases = sorted((ILEAPP / "cases").glob(f"{module}.*.zip")) if ILEAPP.exists() else []
    if not cases:
        pytest.skip("iLEAPP corpus not available")
    for case in cases:
        tl = make_runner(tmp_path / case.stem)(case)
        assert tl.events == [] and tl.warnings == [] and tl.exit_code == 0, case.name
        assert all(s["status"] == "not applicable" for s in tl.sources), [(s["path"], s["status"]) for s in tl.sources]
        expected = [json.loads(p.read_text(encoding="utf-8"))["metadata"]["number_of_rows"]
                    for p in (ILEAPP / "expected").glob(f"{module}.*.{case.stem.split('.', 1)[1]}.*.json")]
        assert expected, case.name
        if module == "voicemail":
            assert expected == [0]
