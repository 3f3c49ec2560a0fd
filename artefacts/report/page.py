"""``index.html`` of the report: the case header, devices, inputs and databases with their hashes,
rendered here with every value escaped, so that the case file prints without running a script.

The rest (activity, identities, indicators, conversations, search, sources, warnings) is drawn by
``static/report.js`` from the data files, with ``textContent`` only.
"""

from __future__ import annotations

from html import escape


def _e(value) -> str:
    return "" if value is None else escape(str(value), quote=True)


def _kv(rows) -> str:
    return "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows if v not in (None, ""))


def _table(head, rows, cls="grid") -> str:
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _hash(value) -> str:
    return f'<code class="hash">{_e(value)}</code>' if value else '<span class="muted">not hashed (a folder)</span>'


def _zone_text(zone: str) -> str:
    if zone == "UTC":
        return "UTC (offset +00:00, written after each time)"
    return f"{_e(zone)} (local time; the UTC offset is written after each time, the UTC value is one click away)"


def render_index(case: dict, databases: list[dict], warnings: list[dict]) -> str:
    runs = case.get("runs") or []
    first = runs[0] if runs else {}
    case_numbers = sorted({r.get("case_number") for r in runs if r.get("case_number")})
    examiners = sorted({r.get("examiner") for r in runs if r.get("examiner")})
    notes = [r.get("notes") for r in runs if r.get("notes")]
    title = "Case " + ", ".join(case_numbers) if case_numbers else "Case report"
    tl = case["timeline"]
    header = _kv([
        ("Case number", _e(", ".join(case_numbers)) or '<span class="muted">not given</span>'),
        ("Examiner", _e(", ".join(examiners)) or '<span class="muted">not given</span>'),
        ("Notes", _e(" / ".join(notes))),
        ("Timeline", f"{_e(tl['name'])} ({tl['size']:,} bytes)<br>SHA-256 {_hash(tl['sha256'])}"),
        ("Events", f"{case['events']:,} in {case['conversations']:,} conversations on {len(case['devices'])} "
                   f"device(s); {case['sources']:,} source files; {case['warnings']:,} warnings"),
        ("Times shown in", _zone_text(case["timezone"])),
        ("Report", f"artefacts {_e(case['tool']['version'])}, built {_e(case['built'])}"),
    ])
    run_rows = [[_e(r.get("started")), _e(r.get("finished")), _e(r.get("tool")) + " " + _e(r.get("version")),
                 _e(r.get("status")) + (f" (exit {_e(r.get('exit_code'))})" if r.get("exit_code") is not None else ""),
                 f"<code>{_e(r.get('command'))}</code>"] for r in runs]
    parsers = sorted({f"{p.get('name')} {p.get('version')}" for r in runs for p in (r.get("parsers") or [])
                      if isinstance(p, dict)})
    plugins = sorted({f"{p.get('name')} {p.get('version')}" for r in runs for p in (r.get("plugins") or [])
                      if isinstance(p, dict) and p.get("status") == "loaded"})
    inputs = [[_e(i.get("evidence_id")), _e(i.get("kind")), _e(i.get("path")), _hash(i.get("sha256")),
               _e(i.get("files")), _e(i.get("layout_note") or i.get("layout"))]
              for r in runs for i in (r.get("inputs") or []) if isinstance(i, dict)]
    devices = [[f'<b>{_e(d["evidence_id"])}</b>', _e(", ".join(d["platforms"])), _e(", ".join(map(str, d["apps"]))),
                f'{d["events"]:,}', f'{d["conversations"]:,}', _e(d["first_day"]), _e(d["last_day"])]
               for d in case["devices"]]
    dbs = [[_e(s["evidence_id"]), f'<span class="path">{_e(s["path"])}</span>', _hash(s["sha256"]),
            _e(s.get("status")), _e(s.get("events"))] for s in databases]
    more_db = case["sources"] - len(databases)
    notes_html = "".join(f"<li>{_e(n)}</li>" for n in case["notes"])
    warning_rows = [[_e(w.get("evidence_id")), f'<span class="path">{_e(w.get("source_path"))}</span>', _e(w.get("parser")),
                     _e(w.get("locator")), _e(w.get("message"))] for w in warnings]
    if warning_rows:
        more = case["warnings"] - len(warning_rows)
        warnings_html = ("<h2>Warnings</h2>" + _table(["Evidence id", "Source", "Parser", "Row", "Message"], warning_rows)
                         + (f'<p class="muted">{more:,} further warnings: see Warnings.</p>' if more > 0 else ""))
    else:
        warnings_html = '<h2>Warnings</h2><p class="muted">The runs recorded no warnings.</p>'

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' file:; style-src 'self' file:; img-src 'self' file: data:; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} - artefacts report</title>
<link rel="stylesheet" href="assets/report.css">
</head>
<body>
<header class="case-header">
<div class="brand">artefacts · forensic timeline report</div>
<h1>{_e(title)}</h1>
<table class="kv">{header}</table>
</header>
<nav class="tabs" aria-label="report sections">
<a href="#overview" data-view="overview">Overview</a>
<a href="#conversations" data-view="conversations">Conversations</a>
<a href="#search" data-view="search">Search</a>
<a href="#sources" data-view="sources">Sources ({case['sources']:,})</a>
<a href="#warnings" data-view="warnings">Warnings ({case['warnings']:,})</a>
</nav>
<main>
<section id="view-overview" class="view">
<h2>Devices</h2>
{_table(["Evidence id", "Platform", "Apps", "Events", "Conversations", "First day", "Last day"], devices)}
<h2>Inputs</h2>
{_table(["Evidence id", "Kind", "Path", "SHA-256 of the container", "Files", "Layout"], inputs)}
<h2>Runs</h2>
{_table(["Started (UTC)", "Finished (UTC)", "Tool", "Status", "Command line"], run_rows)}
<p class="versions"><b>Parsers:</b> {_e(", ".join(parsers)) or "none recorded"}</p>
<p class="versions"><b>Plugins:</b> {_e(", ".join(plugins)) or "none recorded"}</p>
<h2>Databases read, with SHA-256</h2>
{_table(["Evidence id", "Path in the extraction", "SHA-256", "Status", "Events"], dbs)}
<p class="muted">{f"{more_db:,} further source files (attachments, WAL and journal files): see Sources." if more_db > 0 else ""}</p>
{warnings_html}
{f'<h2>Notes on this report</h2><ul class="notes">{notes_html}</ul>' if notes_html else ""}
<div id="overview-dynamic" class="no-print-empty"><noscript><p class="muted">Activity, identities, conversations and search need JavaScript.</p></noscript></div>
</section>
<section id="view-conversations" class="view" hidden></section>
<section id="view-conversation" class="view" hidden></section>
<section id="view-search" class="view" hidden></section>
<section id="view-sources" class="view" hidden></section>
<section id="view-warnings" class="view" hidden></section>
</main>
<footer>Generated by artefacts {_e(case['tool']['version'])} from {_e(tl['name'])} (SHA-256 {_e(tl['sha256'])}). Every file of this report is listed with its SHA-256 in SHA256SUMS.</footer>
<script src="assets/report.js"></script>
</body>
</html>
"""
