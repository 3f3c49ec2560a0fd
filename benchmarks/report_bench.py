"""The static HTML report at scale: ``artefacts report`` of a generated 1,000,000-event case, and that
report opened in headless Chromium.

The case is two generated extractions on the real schemas, built with ``benchmarks/run.py``'s
builders (``artefacts.synthetic``): an Android one (WhatsApp ``msgstore.db`` + ``wa.db``,
``mmssms.db``, ``calllog.db``) and an iOS one (``sms.db``, WhatsApp ``ChatStorage.sqlite`` +
``ContactsV2.sqlite``), parsed by ``artefacts parse`` into one timeline (kept in ``--dir`` and
reused). It then measures, and prints:

(a) ``artefacts report`` of that timeline and of one ten times smaller: wall time and the report
    process's own peak memory (target: under 2 minutes; memory flat), the files written and the largest;
(b) in Chromium (``/usr/bin/chromium``, driven by Playwright; nothing is downloaded), the first
    page load of ``index.html`` from disk until the case overview is drawn, opening the largest
    conversation, and one search answer (target: under 3 s each).

    python benchmarks/report_bench.py                       # about 1,000,000 events
    python benchmarks/report_bench.py --android-whatsapp 70000 --android-sms 15000 --ios-sms 7500 --ios-whatsapp 7500

It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure  # noqa: E402
from run import EXE, build, build_ios  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def make_case(base: Path, args, scale: int = 1) -> Path:
    """The timeline of the generated two-device case, ``1 / scale`` of the sizes asked (built and parsed once, then reused)."""
    timeline = base / "case.sqlite"
    if timeline.exists():
        return timeline
    android, ios = base / "android", base / "ios"
    t0 = time.perf_counter()
    if not android.exists():
        build(android, args.android_whatsapp // scale, args.android_sms // scale)
    if not ios.exists():
        build_ios(ios, args.ios_sms // scale, args.ios_whatsapp // scale)
    print(f"built the extractions in {time.perf_counter() - t0:.1f} s", flush=True)
    wall, rss, code = measure([*EXE, "parse", str(android), str(ios), "-o", str(timeline), "-q", "--force",
                               "--workdir", str(base), "--case-number", "BENCH-1", "--examiner", "benchmark"])
    print(f"parsed into {timeline} in {wall:.1f} s (exit {code}, peak {rss:.0f} MiB)", flush=True)
    return timeline


def count(timeline: Path, sql: str) -> int:
    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def conversation_rows(out: Path):
    """Every conversation of the report's lists (``data/convs-G-N.js``, JSON inside a script call)."""
    for f in sorted((out / "data").glob("convs-*.js")):
        text = f.read_text(encoding="utf-8")
        yield from json.loads(text[text.index(",") + 1:text.rindex(");")])


def browser_figures(out: Path, timeline: Path, shot: Path) -> dict:
    """First page load, the largest conversation opened, one search answer: seconds in Chromium."""
    from playwright.sync_api import sync_playwright

    con = sqlite3.connect(f"file:{timeline}?mode=ro", uri=True)
    try:
        # a word of a message in the middle of the timeline: its search must find it among all the others
        body = con.execute("SELECT body FROM events WHERE kind = 'message' AND body IS NOT NULL "
                           "AND rowid >= (SELECT max(rowid) / 2 FROM events) LIMIT 1").fetchone()[0]
        # and the most common word of the case: the largest posting list (capped) to decode and intersect
        con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, events_fts, 'row')")
        common = con.execute("SELECT term FROM temp.v ORDER BY doc DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    word = max((w for w in body.split() if w.isalpha()), key=len, default=body.split()[0])
    figures = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        t0 = time.perf_counter()
        page.goto((out / "index.html").resolve().as_uri())
        page.wait_for_selector("#overview-ready", state="attached")
        figures["first page"] = time.perf_counter() - t0
        # the conversation with the most events (from the report's own conversation lists)
        biggest = max((c for c in conversation_rows(out)), key=lambda c: c["ev"])
        t0 = time.perf_counter()
        page.evaluate(f"location.hash = '#conv/{biggest['i']}/0'")
        page.wait_for_selector(f".transcript[data-conv='{biggest['i']}'][data-ready]")
        figures[f"open the largest conversation ({biggest['ev']:,} events), first page"] = time.perf_counter() - t0
        page.screenshot(path=str(shot))
        pager = page.locator("#view-conversation .pager .page-input")
        if pager.count():
            last = pager.first.get_attribute("max")
            pager.first.fill(last)
            t0 = time.perf_counter()
            pager.first.press("Enter")
            page.wait_for_selector(f".transcript[data-ready][data-page='{int(last) - 1}']")
            figures[f"its last page ({last})"] = time.perf_counter() - t0
        page.click("nav a[data-view=search]")
        page.fill("#search-input", word)
        t0 = time.perf_counter()
        page.press("#search-input", "Enter")
        page.wait_for_selector(".hit")
        figures[f"search '{word}'"] = time.perf_counter() - t0
        figures["hits"] = page.inner_text("#search-count")
        shot_search = shot.with_name(shot.stem + "-search.png")
        page.screenshot(path=str(shot_search))
        for query in (common, f"{common} {word}"):
            page.fill("#search-input", query)
            t0 = time.perf_counter()
            page.press("#search-input", "Enter")
            page.wait_for_function("q => { const r = document.querySelector('#search-results[data-ready]'); "
                                   "return r && r.getAttribute('data-query') === q; }", arg=query)
            figures[f"search '{query}'"] = time.perf_counter() - t0
            figures[f"hits of '{query}'"] = page.inner_text("#search-count")
        browser.close()
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description="artefacts report at 1,000,000 events, and that report in Chromium")
    ap.add_argument("--android-whatsapp", type=int, default=700_000)
    ap.add_argument("--android-sms", type=int, default=150_000)
    ap.add_argument("--ios-sms", type=int, default=70_000)
    ap.add_argument("--ios-whatsapp", type=int, default=70_000)
    ap.add_argument("--dir", type=Path, help="where to build (kept and reused); default: a temp folder")
    ap.add_argument("--build-only", action="store_true", help="build and parse the case, measure nothing")
    ap.add_argument("--no-small", action="store_true", help="skip the ten-times-smaller case (memory must stay flat)")
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    base = args.dir or Path(tempfile.mkdtemp(prefix="artefacts-report-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    timeline = make_case(base, args)
    small = None if args.no_small else make_case(base / "small", args, scale=10)
    if args.build_only:
        return
    for tl in filter(None, (small, timeline)):
        out = tl.parent / "report"
        shutil.rmtree(out, ignore_errors=True)
        wall, rss, code = measure([*EXE, "report", str(tl), "-o", str(out)])
        files = [f for f in out.rglob("*") if f.is_file()]
        largest = max(files, key=lambda f: f.stat().st_size)
        size = sum(f.stat().st_size for f in files)
        print(f"\n{count(tl, 'SELECT count(*) FROM events'):,} events, "
              f"{count(tl, 'SELECT count(DISTINCT evidence_id) FROM events')} devices")
        print(f"  artefacts report: {wall:.1f} s wall, peak {rss:.0f} MiB, exit {code}; {len(files):,} files, "
              f"{size / 2**20:.0f} MiB; largest {largest.relative_to(out)} {largest.stat().st_size / 2**10:.0f} KiB")
    out = timeline.parent / "report"
    if not Path(CHROMIUM).exists():
        print(f"  browser: skipped ({CHROMIUM} is absent; apt-get install chromium)")
        return
    for name, value in browser_figures(out, timeline, base / "report_bench.png").items():
        print(f"  browser {name}: {value:.2f} s" if isinstance(value, float) else f"  browser {name}: {value}")
    print(f"  screenshots: {base / 'report_bench.png'}, {base / 'report_bench-search.png'}")


if __name__ == "__main__":
    main()
