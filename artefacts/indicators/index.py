"""Writing the indicators of a timeline: the ``indicators`` table and its summaries.

In SQLite output, each unit store (a worker's events) is scanned by the worker that filled it, when
it closes the store, so the scan runs on every core on rows still in the page cache; the writer
copies the findings in when it takes the store's events, and scans itself only the events written
outside stores. Events mapped inside SQLite (the bulk of WhatsApp and SMS) are scanned like the
others. A cheap test inside SQLite (``length`` and ``instr`` over the event's text columns) picks
the rows worth a Python test, and only rows passing both are decoded. JSON outputs are read back
line by line with the same test on the line.

``indicators`` (one row per finding: event, field, kind, value as found, normalised value, its
place in the text, whether a checksum validated it, details as JSON; in the order of the events) is
summarised by the views ``indicator_summary`` (each value per evidence item, app and conversation:
occurrences, events, first and last seen) and ``indicator_devices`` (each value with the evidence
items it appears in: the link between seized devices).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from . import EXTRA_ADDRESS_KINDS, INDICATOR_FIELDS, scan_event
from .scanner import EXTRA_MARKERS, candidate, has_marker, markers_sql, phone_candidate

SUMMARY_SQL = """
CREATE VIEW indicator_summary AS
SELECT kind, normalised, evidence_id, app, conversation_id,
       count(*) AS occurrences, count(DISTINCT event_id) AS events,
       min(timestamp) AS first_seen, max(timestamp) AS last_seen, max(validated) AS validated
FROM indicators GROUP BY kind, normalised, evidence_id, app, conversation_id
"""
DEVICES_SQL = """
CREATE VIEW indicator_devices AS
SELECT kind, normalised, count(DISTINCT evidence_id) AS devices, group_concat(DISTINCT evidence_id) AS evidence_ids,
       count(DISTINCT event_id) AS events, min(timestamp) AS first_seen, max(timestamp) AS last_seen
FROM indicators GROUP BY kind, normalised
"""
TABLE_SQL = ("CREATE TABLE indicators (event_id TEXT, evidence_id TEXT, app TEXT, conversation_id TEXT, timestamp TEXT, "
             "field TEXT, kind TEXT, value TEXT, normalised TEXT, start INTEGER, \"end\" INTEGER, validated INTEGER, "
             "details TEXT)")
SCAN_COLUMNS = ("event_id", "evidence_id", "app", "conversation_id", "timestamp", "kind", "body", "conversation_name",
                "sender_name", "sender", "attachments", "extra")
PREFILTER_FUNCTION = "artefacts_indicator_candidate"


@dataclass
class IndicatorOptions:
    """How ``parse`` scans: ``enabled`` (``--no-indicators`` turns it off), the default phone region,
    plugins' detectors (``register_indicators``)."""

    enabled: bool = True
    region: str | None = None
    detectors: dict = field(default_factory=dict)

    def scan(self, event: dict) -> list[dict]:
        return scan_event(event, region=self.region, detectors=tuple(self.detectors.values()))


def _markers_sql(col: str, emails: bool = True) -> str:
    """SQL: ``col`` holds a marker of a URL, onion, PGP block, ``0x`` address (or, ``emails``, an ``@``).

    Each ``instr`` reads the whole text (about 0.35 s per marker over the 350 MB of ``extra`` in the
    1.2 M-event benchmark), so there are no more than the scan needs: an Ethereum address is only
    ever reported with a lower-case ``0x`` (see the scanner's pattern), so ``0X`` is not looked for."""
    return markers_sql(col, EXTRA_MARKERS + (("@",) if emails else ()))


def _where(options: IndicatorOptions, marked: str | None = None, extra: bool = True) -> str:
    """The rows worth scanning, tested inside SQLite first (``length``, ``instr``: no Python per row); only
    what passes those tests goes through the Python test of the text (:func:`~.scanner.candidate`).

    Addresses are at least 25 characters long, so a shorter text needs a marker (``://``, ``@``,
    ``.onion`` ...) or, in a body, a ``+``/``00`` of a phone number (any digit with ``--phone-region``).
    ``marked``: a table of the ``event_id`` of the events whose ``extra`` holds a marker (a unit store's
    :data:`MARKED_TABLE`), looked up instead of reading every ``extra``; ``extra=False``: ``extra`` is
    not read (rows an SQL mapping made: see ``SQLMapping.free_text``)."""
    if options.detectors:
        return "1"
    body_phone = "body GLOB '*[0-9]*'" if options.region else "(instr(body, '+') OR instr(body, '00'))"
    kinds = ", ".join(f"'{k}'" for k in sorted(EXTRA_ADDRESS_KINDS))
    return " OR ".join([
        f"kind IN ({kinds})",
        f"(length(body) >= 25 OR {_markers_sql('body')} OR {body_phone}) AND {PREFILTER_FUNCTION}(body, 1)",
        f"(length(conversation_name) >= 25 OR {_markers_sql('conversation_name')}) AND {PREFILTER_FUNCTION}(conversation_name, 0)",
        f"(length(sender_name) >= 25 OR {_markers_sql('sender_name')}) AND {PREFILTER_FUNCTION}(sender_name, 0)",
        f"attachments != '[]' AND {PREFILTER_FUNCTION}(attachments, 0)",
        ("0" if not extra else f"event_id IN (SELECT event_id FROM {marked})" if marked
         else _markers_sql("extra", emails=False)),
    ])


def row_test_sql(con: sqlite3.Connection, options: IndicatorOptions) -> str:
    """SQL over a query's event columns: 1 when an event an SQL mapping made is worth scanning (its
    ``extra`` not read); registers the function it calls on ``con``."""
    con.create_function(PREFILTER_FUNCTION, 2, _text_candidate(options), deterministic=True)
    return f"(CASE WHEN {_where(options, extra=False)} THEN 1 ELSE 0 END)"


def _text_candidate(options: IndicatorOptions):
    """The SQL function (text, phones) -> 1 when the text can hold an indicator."""
    region = options.region

    def test(text, phones) -> int:
        if not isinstance(text, str):
            return 0
        return 1 if candidate(text) or (phones and phone_candidate(text, region)) else 0

    return test


def _row(r: dict) -> tuple:
    return tuple(json.dumps(r[k], ensure_ascii=False, sort_keys=True) if k == "details" else
                 (int(r[k]) if k == "validated" else r[k]) for k in INDICATOR_FIELDS)


#: where a unit store (and the timeline, for the events written outside stores) keeps its findings until
#: the timeline's ``indicators`` table is written: each row is an indicator row after the events row id
FOUND_TABLE = "artefacts_indicators_found"
FOUND_COLUMNS = ("event_rowid", *INDICATOR_FIELDS)
#: a unit store's list of the events whose ``extra`` holds a marker (see ``RowStore``): the events
#: mapped in Python, tested as they are stored; an SQL mapping's rows hold none (see ``SQLMapping.free_text``)
MARKED_TABLE = "artefacts_extra_marked"
MARKED_SQL = f"CREATE TABLE IF NOT EXISTS {MARKED_TABLE} (event_id TEXT PRIMARY KEY) WITHOUT ROWID"


def scan_into(con: sqlite3.Connection, options: IndicatorOptions, table: str = FOUND_TABLE, rowids: tuple | None = None,
              batch: int = 2000, marked: str | None = None) -> int:
    """Scan the ``events`` of ``con`` (``rowids``: only those from ``first`` to ``last``) into ``table``
    (created if missing: :data:`FOUND_COLUMNS`), in row-id order; the number of findings. ``marked``:
    see :func:`_where`."""
    cols = ", ".join(f'"{c}"' for c in FOUND_COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({cols})")
    con.create_function(PREFILTER_FUNCTION, 2, _text_candidate(options), deterministic=True)
    where, params = _where(options, marked), ()
    if rowids is not None:
        where, params = f"rowid BETWEEN ? AND ? AND ({where})", rowids
    insert = f"INSERT INTO {table} VALUES ({', '.join('?' for _ in FOUND_COLUMNS)})"
    reader = con.cursor()
    reader.row_factory = None
    reader.execute(f"SELECT rowid, {', '.join(SCAN_COLUMNS)} FROM events WHERE {where} ORDER BY rowid", params)
    pending: list[tuple] = []
    n = 0
    while rows := reader.fetchmany(batch):
        for row in rows:
            for r in options.scan(dict(zip(SCAN_COLUMNS, row[1:]))):
                pending.append((row[0], *_row(r)))
        if len(pending) >= batch:
            con.executemany(insert, pending)
            n += len(pending)
            pending.clear()
    if pending:
        con.executemany(insert, pending)
        n += len(pending)
    return n


def write_indicators(con: sqlite3.Connection, found: str = FOUND_TABLE) -> int:
    """The timeline's ``indicators`` table (and its views and indexes) from the findings in ``found``,
    in the order of the events and, within one, of the scan; ``found`` is dropped. The count."""
    con.execute(TABLE_SQL)
    con.execute(SUMMARY_SQL)
    con.execute(DEVICES_SQL)
    fields = ", ".join(f'"{c}"' for c in INDICATOR_FIELDS)
    n = con.execute(f"INSERT INTO indicators SELECT {fields} FROM {found} ORDER BY event_rowid, rowid").rowcount
    con.execute(f"DROP TABLE {found}")
    con.execute("CREATE INDEX indicators_value ON indicators (kind, normalised)")
    con.execute("CREATE INDEX indicators_event ON indicators (event_id)")
    return n


def index_sqlite(con: sqlite3.Connection, options: IndicatorOptions, batch: int = 2000) -> int:
    """Scan the whole ``events`` table of ``con`` into ``indicators`` and create the summary views; the count."""
    scan_into(con, options, f"temp.{FOUND_TABLE}", batch=batch)
    return write_indicators(con, f"temp.{FOUND_TABLE}")


class _Tally:
    """One summarised value (at one place, or everywhere): occurrences, events, devices, apps, first and last seen."""

    __slots__ = ("occurrences", "events", "evidence_ids", "apps", "first_seen", "last_seen", "validated")

    def __init__(self):
        self.occurrences = 0
        self.events: set = set()
        self.evidence_ids: set = set()
        self.apps: set = set()
        self.first_seen = self.last_seen = None
        self.validated = False

    def add(self, r: dict) -> None:
        self.occurrences += 1
        self.events.add(r["event_id"])
        self.evidence_ids.add(r["evidence_id"])
        if r.get("app"):
            self.apps.add(r["app"])
        self.validated = self.validated or bool(r["validated"])
        ts = r.get("timestamp")
        if ts:
            self.first_seen = ts if self.first_seen is None else min(self.first_seen, ts)
            self.last_seen = ts if self.last_seen is None else max(self.last_seen, ts)


class Summary:
    """The summaries of indicator rows met one by one (JSON outputs, ``artefacts indicators``); memory
    grows with distinct values only."""

    def __init__(self):
        self._by_place: dict = {}
        self._by_value: dict = {}

    def add(self, r: dict) -> None:
        place = (r["kind"], r["normalised"], r["evidence_id"], r["app"], r["conversation_id"])
        self._by_place.setdefault(place, _Tally()).add(r)
        self._by_value.setdefault((r["kind"], r["normalised"]), _Tally()).add(r)

    def places(self) -> list[dict]:
        """Each value per evidence item, app and conversation (the ``indicator_summary`` view)."""
        return [{"kind": k[0], "normalised": k[1], "evidence_id": k[2], "app": k[3], "conversation_id": k[4],
                 "occurrences": t.occurrences, "events": len(t.events), "first_seen": t.first_seen,
                 "last_seen": t.last_seen, "validated": t.validated}
                for k, t in sorted(self._by_place.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]

    def devices(self) -> list[dict]:
        """Each value with the evidence items it appears in (the ``indicator_devices`` view)."""
        return [{"kind": k[0], "normalised": k[1], "devices": len(t.evidence_ids),
                 "evidence_ids": sorted(t.evidence_ids), "events": sorted(t.events)}
                for k, t in sorted(self._by_value.items())]

    def values(self) -> list[dict]:
        """Each value everywhere: occurrences, events, devices, apps, first and last seen; most devices first."""
        rows = [{"kind": k[0], "normalised": k[1], "occurrences": t.occurrences, "events": len(t.events),
                 "devices": ",".join(sorted(t.evidence_ids)), "apps": ",".join(sorted(t.apps)),
                 "first_seen": t.first_seen, "last_seen": t.last_seen, "validated": t.validated,
                 "_devices": len(t.evidence_ids)} for k, t in self._by_value.items()]
        rows.sort(key=lambda r: (-r["_devices"], r["kind"], r["normalised"]))
        for r in rows:
            del r["_devices"]
        return rows


#: where the text an investigator reads lies in an event's JSON line (the schema's field order)
_NAMES_AT, _RECIPIENTS_AT = '"conversation_name":', ',"recipients":'
_BODY_AT, _ATTACHMENTS_AT, _STATUS_AT = '"body":', ',"attachments":', ',"status":'
_EXTRA_AT, _KIND_AT = ',"extra":', '"kind":"'


def line_candidate(line: str, region: str | None) -> bool:
    """Whether an event's JSON line (as the JSON outputs write it) can hold an indicator: the tests of
    :func:`_where`, each on its field's part of the line (a quote inside a value is escaped, so the
    field names cut the line where they appear unescaped). A line of another shape counts."""
    k = line.find(_KIND_AT)
    names, recipients = line.find(_NAMES_AT), line.find(_RECIPIENTS_AT)
    body, attachments, status = line.find(_BODY_AT), line.find(_ATTACHMENTS_AT), line.find(_STATUS_AT)
    extra = line.rfind(_EXTRA_AT)
    if min(k, names, recipients, body, attachments, status, extra) < 0:
        return True
    k += len(_KIND_AT)
    if line[k:line.find('"', k)] in EXTRA_ADDRESS_KINDS:
        return True
    text = line[body + len(_BODY_AT):attachments]
    if "\\n" in text or candidate(text) or phone_candidate(text, region):  # an escaped line break: split addresses
        return True
    if candidate(line[names + len(_NAMES_AT):recipients]):
        return True
    atts = line[attachments + len(_ATTACHMENTS_AT):status]
    if atts != "[]" and candidate(atts):
        return True
    return has_marker(line[extra:])


def scan_line(line: str, options: IndicatorOptions) -> list[dict]:
    """The indicator rows of one event JSON line that :func:`line_candidate` passed ([] if not JSON)."""
    text = line.rstrip().rstrip(",")
    if not text:
        return []
    try:
        event = json.loads(text)
    except ValueError:
        return []
    return options.scan(event) if isinstance(event, dict) else []


def line_test(options: IndicatorOptions):
    """``test(line) -> bool``: whether an event JSON line is worth :func:`scan_line`."""
    region = options.region
    if options.detectors:
        return lambda line: True
    return lambda line: line_candidate(line, region)


class LineScanner:
    """The indicators of a JSON output, written as its events are: lines the writer writes itself are
    scanned here (:meth:`line`), lines of unit stores arrive scanned by their workers (:meth:`found`);
    both in the order of the output. ``out``: the JSON Lines file of indicator rows."""

    def __init__(self, options: IndicatorOptions, out: Path):
        self.options = options
        self.summary = Summary()
        self.count = 0
        self.path = Path(out)
        self._fh = open(self.path, "w", encoding="utf-8", newline="\n")
        self._test = line_test(options)

    def _write(self, row: dict) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.summary.add(row)
        self.count += 1

    def line(self, line: str) -> None:
        if self._test(line):
            for row in scan_line(line, self.options):
                self._write(row)

    def found(self, path: Path, lines: int) -> None:
        """Take a unit store's findings (:class:`StoreFindings`) for its first ``lines`` lines."""
        if not path.exists():
            return
        with open(path, encoding="utf-8") as fh:
            for entry in fh:
                at, _, row = entry.partition("\t")
                if not row.endswith("\n") or int(at) >= lines:  # a line the writer did not take
                    continue
                self._write(json.loads(row))

    def close(self) -> None:
        self._fh.close()


class StoreFindings:
    """A unit store's indicator rows, each after the number of its event's line in the store."""

    def __init__(self, options: IndicatorOptions, path: Path):
        self.options = options
        self._fh = open(path, "w", encoding="utf-8", newline="\n")
        self._test = line_test(options)

    def scan(self, at: int, line: str, tested: bool = False) -> None:
        """Scan line number ``at`` (``tested``: it passed the SQL test already)."""
        if tested or self._test(line):
            for row in scan_line(line, self.options):
                self._fh.write(f"{at}\t{json.dumps(row, ensure_ascii=False)}\n")

    def close(self) -> None:
        self._fh.close()
