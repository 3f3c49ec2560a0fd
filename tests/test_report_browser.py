"""The static report in a real browser: headless Chromium (Debian's ``chromium`` package) driven by Playwright.

The report is opened from disk (``file://``, no server), a conversation is opened, a known message is
found by search, and the SMS whose body is hostile markup is shown as text without running. Nothing is
downloaded: Playwright drives ``/usr/bin/chromium`` (``.ci/run`` installs it with apt when it can); the
tests skip, saying why, when it is absent.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from artefacts.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent (Debian package 'chromium': apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the test extra) is not installed")


@pytest.fixture(scope="module")
def report(report_case, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    build_report(report_case["timeline"], out)
    return out


@pytest.fixture
def page(report):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.on("dialog", lambda d: (page.errors.append(f"dialog: {d.message}"), d.dismiss()))
        page.goto((report / "index.html").as_uri())
        page.wait_for_selector("#overview-ready", state="attached")
        yield page
        browser.close()


def fts_count(timeline: Path, word: str) -> int:
    con = sqlite3.connect(timeline)
    try:
        return con.execute("SELECT count(*) FROM events WHERE rowid IN (SELECT rowid FROM events_fts "
                           "WHERE events_fts MATCH ?)", ("{body sender sender_name}: " + word,)).fetchone()[0]
    finally:
        con.close()


def search(page, query: str) -> str:
    page.click("nav a[data-view=search]")
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-results[data-ready]")
    return page.inner_text("#search-count")


def test_opens_from_disk_with_the_case_header_and_overview(page, report_case):
    assert page.url.startswith("file://")
    assert page.inner_text("h1") == "Case 2026-0042 <b>"  # the case number as text, not markup
    assert page.locator("svg.chart").count() == 3  # one activity chart per device
    assert page.locator("#view-overview table.grid").first.is_visible()
    assert page.errors == []


def test_opens_a_conversation(page, report_case):
    page.click("nav a[data-view=conversations]")
    page.wait_for_selector(".conv-row")
    page.click(".conv-row >> nth=0")
    page.wait_for_selector(".transcript[data-ready]")
    head = page.inner_text(".conv-head p")
    evidence_id, app, rest = head.split(" · ", 2)
    conversation_id = re.match(r"conversation id (.+?) · ", rest).group(1)
    con = sqlite3.connect(report_case["timeline"])
    n = con.execute("SELECT count(*) FROM events WHERE evidence_id = ? AND app = ? AND conversation_id = ?",
                    (evidence_id, app, conversation_id)).fetchone()[0]
    con.close()
    assert page.locator(".transcript .bubble").count() == min(n, 500) > 0
    assert page.locator(".transcript .bubble.out").count() > 0 and page.locator(".transcript .bubble.in").count() > 0
    assert page.errors == []


def test_finds_a_known_message_by_search(page, report_case):
    expected = fts_count(report_case["timeline"], "verification")
    assert search(page, "Verification") == f"{expected} events"
    assert page.locator(".hit").count() == min(expected, 50)
    assert "verification" in page.inner_text(".hit .hit-body >> nth=0").lower()
    assert page.inner_text(".hit mark >> nth=0").lower() == "verification"
    assert page.errors == []


def test_script_body_is_shown_as_text_and_does_not_run(page, report_case, tmp_path):
    assert search(page, "zebrafinch") == "1 event"
    page.click(".hit")
    page.wait_for_selector(".transcript[data-ready] .bubble.target")
    body = page.locator(".bubble.target .body")
    assert body.evaluate("e => e.textContent") == report_case["hostile"]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == ["assets/report.js"]
    # the raw value and where it came from, one click away
    page.click(".bubble.target details.raw summary")
    raw = page.inner_text(".bubble.target details.raw")
    assert "mmssms.db" in raw and report_case["sms_locator"] in raw and "Received Time" in raw
    page.wait_for_selector(".bubble.target details.raw code.wrap")  # the app's own fields, from their own file
    assert '"service_center"' in page.inner_text(".bubble.target details.raw code.wrap")
    shot = tmp_path / "report-conversation.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert page.errors == []
