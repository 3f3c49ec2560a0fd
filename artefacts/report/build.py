"""Building the static report of a SQLite timeline (``artefacts report``).

What is read: ``events`` (streamed once, in conversation order, through a temporary table of row ids
so that SQLite sorts keys, not whole rows), ``events_fts`` (its own vocabulary, through
``fts5vocab``, gives the search index already tokenised and in term order), ``run``, ``sources``,
``warnings``, the ``indicator_devices`` view, and the derived case tables ``identities``,
``participants``, ``identity_links`` and ``conversations`` when the timeline has them (older
timelines do not: those parts of the report are then left out and the report says so). The
timeline is opened read-only; nothing is written beside it.

What is written (see ``docs/report.md``): ``index.html`` (the case header, printable without
scripts), ``assets/`` (the page's own script and style sheet, nothing fetched from elsewhere), and
``data/`` — scripts each holding one bounded piece of JSON: events in chunks of ``CHUNK_EVENTS``
in conversation order (their ``extra`` fields in a file beside each chunk, read when asked for),
conversation lists, sources, warnings, identities and indicators in pages of ``LIST_PAGE`` rows,
the activity per day, and the search index sharded by the first two characters of each token.
Memory does not grow with the number of events: the one per-event structure is the
row-id-to-position array of the search index (4 bytes an event).

Sources: the timeline's own schema (``artefacts/exporters/sqlite.py``, ``artefacts/indicators/index.py``);
the derived case tables as the issue #16 contract defines them (``participants``, ``identities``,
``identity_links``, ``conversations``); the ``fts5vocab`` virtual table and its ``instance`` form
(term, doc, col, offset; rows in term, then document order) from SQLite's FTS5 documentation
(sqlite.org/fts5.html, "The fts5vocab Virtual Table Module").
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import time
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import __version__
from ..conversations import key as conversation_key
from .datafiles import ReportFiles
from .page import render_index

#: events per data file (a transcript page of ``PAGE_EVENTS`` reads at most two of them)
CHUNK_EVENTS = 1000
#: events shown on one transcript page
PAGE_EVENTS = 500
#: rows per page of the conversation lists, sources, warnings, identities and indicators
LIST_PAGE = 500
#: identities per page (each carries its identifiers and links)
IDENTITY_PAGE = 100
#: positions kept per search token; a token found in more events says how many, and that the list stops
MAX_POSTINGS = 20_000
#: characters of a body, of a name or address, of the ``extra`` JSON kept per event (hostile data is capped)
BODY_CAP, NAME_CAP, EXTRA_CAP = 10_000, 500, 4_000
#: attachments and recipients kept per event
LIST_CAP = 50
#: search tokens longer than this are not indexed (hashes, base64 blobs); FTS5 still finds them
TOKEN_CAP = 64
#: FTS5 columns indexed for the report's search (a conversation's name is in its list, not in every message)
SEARCH_COLUMNS = ("body", "sender", "sender_name")

#: what each position of an event's array holds (data/events-*.js; case.js gives the page this list)
EVENT_FIELDS = ("c", "t", "ts", "r", "rd", "k", "d", "pf", "s", "sn", "rc", "b", "at", "st", "del", "rec", "p", "l", "id",
                "pa")
EVENT_COLUMNS = ("event_id", "timestamp", "timestamp_raw", "timestamp_desc", "app", "platform", "kind", "direction",
                 "conversation_id", "conversation_name", "sender", "sender_name", "recipients", "body", "attachments",
                 "status", "deleted", "recovered", "evidence_id", "source_path", "source_locator", "parser", "extra")


class ReportError(Exception):
    """The timeline cannot be reported (not a timeline, unreadable, output refused): one line for the user."""


@dataclass
class ReportResult:
    output: Path
    events: int
    conversations: int
    files: int
    bytes: int
    largest: tuple[str, int]
    seconds: float
    notes: list[str] = field(default_factory=list)


class Clock:
    """Times for display: UTC by default, or a named zone; each time carries its offset."""

    def __init__(self, zone: str | None):
        try:
            self.zone = ZoneInfo(zone) if zone else None
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ReportError(f"unknown time zone {zone!r} (an IANA name such as Europe/Berlin)") from exc
        self.name = zone or "UTC"

    def show(self, ts: str | None) -> tuple[str | None, str | None]:
        """``(display, day)`` of an ISO-8601 UTC time: ``2023-03-01 05:13:50.770000 +01:00`` and its local day."""
        if not ts:
            return None, None
        if self.zone is None and len(ts) == 27 and ts[-1] == "Z":
            return f"{ts[:10]} {ts[11:26]} +00:00", ts[:10]
        try:
            dt = datetime.fromisoformat(ts[:-1] + "+00:00" if ts.endswith("Z") else ts)
        except ValueError:
            return ts, ts[:10]
        if self.zone is not None:
            dt = dt.astimezone(self.zone)
        s = dt.isoformat(sep=" ", timespec="microseconds")
        return f"{s[:26]} {s[26:]}", s[:10]


def _cap(value, n: int):
    if value.__class__ is str and len(value) > n:
        return value[:n] + f" [… {len(value) - n:,} more characters in the timeline]"
    return value


def _json_list(text, cap: int = LIST_CAP) -> list:
    if not text:
        return []
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return [str(text)[:NAME_CAP]]
    return value[:cap] if isinstance(value, list) else [value]


def _attachments(text) -> list:
    return [{k: _cap(v, NAME_CAP) for k, v in a.items()} if isinstance(a, dict) else _cap(str(a), NAME_CAP)
            for a in _json_list(text)]


def _connect(timeline: Path) -> sqlite3.Connection:
    if not timeline.is_file():
        raise ReportError(f"{timeline}: no such file")
    try:
        con = sqlite3.connect(f"{timeline.resolve().as_uri()}?mode=ro", uri=True)
        names = {r[0]: r[1] for r in con.execute("SELECT name, type FROM sqlite_master")}
    except sqlite3.Error as exc:
        raise ReportError(f"{timeline}: not a readable SQLite timeline ({exc})") from exc
    if "events" not in names:
        con.close()
        raise ReportError(f"{timeline}: not an artefacts timeline (no events table)")
    con.row_factory = sqlite3.Row
    return con


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _columns(con, table: str) -> set[str]:
    return {r[1] for r in con.execute(f"PRAGMA table_info([{table}])")}


def _rows(con, sql: str, *params) -> list[dict]:
    return [dict(r) for r in con.execute(sql, params)]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _paged(files: ReportFiles, name: str, rows, page: int | None = None) -> int:
    """Write ``rows`` (any iterable) as ``data/<name>-<n>.js`` pages of ``page`` rows; returns the row count."""
    page = page or LIST_PAGE
    buf, n, total = [], 0, 0
    for row in rows:
        buf.append(row)
        total += 1
        if len(buf) == page:
            files.data(f"{name}-{n}", buf)
            buf, n = [], n + 1
    if buf or n == 0:
        files.data(f"{name}-{n}", buf)
    return total


class _Conversation:
    """Counts of one conversation (one ``(evidence_id, app, conversation_id)``) as its events stream by."""

    __slots__ = ("index", "evidence_id", "app", "conversation_id", "name", "start", "events", "messages",
                 "incoming", "outgoing", "calls", "deleted", "recovered", "first", "last", "kinds")

    def __init__(self, index, start, evidence_id, app, conversation_id):
        self.index, self.start = index, start
        self.evidence_id, self.app, self.conversation_id = evidence_id, app, conversation_id
        self.name = None
        self.events = self.messages = self.incoming = self.outgoing = self.calls = self.deleted = self.recovered = 0
        self.first = self.last = None
        self.kinds: dict[str, int] = {}

    def add(self, kind, direction, deleted, recovered, name, shown):
        self.events += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if kind == "message":
            self.messages += 1
        elif kind == "call":
            self.calls += 1
        if direction == "incoming":
            self.incoming += 1
        elif direction == "outgoing":
            self.outgoing += 1
        if deleted:
            self.deleted += 1
        if recovered:
            self.recovered += 1
        if name and not self.name:
            self.name = _cap(name, NAME_CAP)
        if shown:
            self.first = self.first or shown
            self.last = shown

    def head(self) -> dict:
        """Where the conversation's events are (``s``: first position, ``ev``: how many) and its names."""
        return {"e": self.evidence_id, "a": self.app, "id": _cap(self.conversation_id, NAME_CAP),
                "n": self.name, "s": self.start, "ev": self.events}

    def record(self, participants=None) -> dict:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.kinds.items(), key=lambda kv: -kv[1]))
        return {"i": self.index, **self.head(), "m": self.messages, "in": self.incoming, "out": self.outgoing,
                "calls": self.calls, "del": self.deleted, "rec": self.recovered, "f": self.first, "l": self.last,
                "k": kinds, "p": participants}


class ReportBuilder:
    def __init__(self, timeline: Path, out: Path, timezone: str | None = None, on_progress=None):
        self.timeline, self.out = Path(timeline), Path(out)
        self.clock = Clock(timezone)
        self.progress = on_progress or (lambda msg: None)
        self.notes: list[str] = []

    # -- the parts ---------------------------------------------------------------------------------

    def _case(self, con, tables) -> dict:
        runs = _rows(con, "SELECT * FROM run ORDER BY rowid") if "run" in tables else []
        for r in runs:
            for k in ("inputs", "plugins", "parsers", "counts"):
                if isinstance(r.get(k), str):
                    try:
                        r[k] = json.loads(r[k])
                    except ValueError:
                        pass
        if not runs:
            self.notes.append("the timeline has no run record: case number, examiner and versions are unknown")
        return {"runs": runs}

    def _sources(self, con, files, tables) -> dict:
        if "sources" not in tables:
            self.notes.append("the timeline has no sources table")
            return {"sources": 0, "databases": []}
        cols = [c for c in ("evidence_id", "path", "role", "size", "mtime", "sha256", "parsers", "status", "rows",
                            "events", "warnings", "note") if c in _columns(con, "sources")]
        n = _paged(files, "sources", (dict(r) for r in con.execute(
            f"SELECT {', '.join(cols)} FROM sources ORDER BY evidence_id, rowid")))
        databases = _rows(con, "SELECT evidence_id, path, role, size, sha256, status, events FROM sources "
                               "WHERE role = 'database' ORDER BY evidence_id, rowid LIMIT 500") \
            if {"role", "sha256"} <= _columns(con, "sources") else []
        return {"sources": n, "databases": databases}

    def _warnings(self, con, files, tables) -> int:
        if "warnings" not in tables:
            return _paged(files, "warnings", [])
        return _paged(files, "warnings", (dict(r) for r in con.execute("SELECT * FROM warnings ORDER BY rowid")))

    def _indicators(self, con, files, tables) -> int | None:
        if "indicator_devices" not in tables:
            self.notes.append("the timeline has no indicators (parsed with --no-indicators, or an older timeline)")
            return None
        rows = ({"kind": r["kind"], "value": _cap(r["normalised"], NAME_CAP), "devices": r["devices"],
                 "evidence_ids": r["evidence_ids"], "events": r["events"],
                 "first": self.clock.show(r["first_seen"])[0], "last": self.clock.show(r["last_seen"])[0]}
                for r in con.execute("SELECT * FROM indicator_devices WHERE devices >= 2 "
                                     "ORDER BY devices DESC, events DESC, kind, normalised"))
        return _paged(files, "indicators", rows)

    def _identities(self, con, files, tables) -> dict | None:
        """Identities seen on two or more devices, each with its identifiers and the evidence of each link."""
        if not {"identities", "participants"} <= tables:
            self.notes.append("the timeline has no identities table (an older timeline: artefacts parse builds it "
                              "now): identities and contacts in common are not shown")
            return None
        links = "identity_links" in tables
        total = con.execute("SELECT count(*) FROM identities").fetchone()[0]
        cur = con.execute("SELECT * FROM identities WHERE devices >= 2 ORDER BY devices DESC, events DESC, identity_id")

        def rows():
            for ident in cur:
                ident = dict(ident)
                members = _rows(con, "SELECT participant_id, kind, value, display_name, apps, evidence_ids, events, owner_of "
                                     "FROM participants WHERE identity_id = ? ORDER BY participant_id LIMIT 200",
                                ident["identity_id"])
                for m in members:
                    for k in ("apps", "evidence_ids", "owner_of"):
                        m[k] = _json_list(m[k])
                    m["value"], m["display_name"] = _cap(m["value"], NAME_CAP), _cap(m["display_name"], NAME_CAP)
                evidence = _rows(con, "SELECT participant_a, participant_b, reason, evidence, evidence_id, source_path "
                                      "FROM identity_links WHERE identity_id = ? LIMIT 200", ident["identity_id"]) if links else []
                for e in evidence:
                    e["evidence"] = _cap(e["evidence"], NAME_CAP)
                yield {"id": ident["identity_id"], "label": _cap(ident["label"], NAME_CAP), "devices": ident["devices"],
                       "evidence_ids": _json_list(ident["evidence_ids"]), "apps": _json_list(ident["apps"]),
                       "events": ident["events"], "first": self.clock.show(ident["first_seen"])[0],
                       "last": self.clock.show(ident["last_seen"])[0], "participants": members, "links": evidence}

        common = _paged(files, "identities", rows(), page=IDENTITY_PAGE)
        owners = _rows(con, "SELECT participant_id, kind, value, display_name, owner_of FROM participants "
                            "WHERE owner_of IS NOT NULL AND owner_of NOT IN ('', '[]') ORDER BY participant_id LIMIT 1000")
        for o in owners:
            o["owner_of"] = _json_list(o["owner_of"])
        return {"identities": total, "in_common": common, "owners": owners}

    def _between_devices(self, con, files, tables, conversations) -> int | None:
        """Conversations on one device with a participant whose identity owns another seized device
        (the ``conversations_between_devices`` view of the case tables), one row per conversation."""
        if "conversations_between_devices" not in tables:
            return None
        index = {(c.evidence_id, c.app, c.conversation_id): c for c in conversations}
        labels = "identities" in tables

        def rows():
            current, others = None, []
            cur = con.execute(
                "SELECT b.evidence_id, b.app, b.conversation_id, b.other_device, "
                + ("(SELECT label FROM identities i WHERE i.identity_id = b.identity_id) " if labels else "NULL ")
                + "FROM conversations_between_devices b ORDER BY b.evidence_id, b.app, b.conversation_id, b.other_device")
            for evidence_id, app, conversation_id, other, label in cur:
                if (evidence_id, app, conversation_id) != current:
                    if current in index and others:
                        yield {**index[current].record(), "owners": others}
                    current, others = (evidence_id, app, conversation_id), []
                others.append({"who": _cap(label, NAME_CAP), "of": other})
            if current in index and others:
                yield {**index[current].record(), "owners": others}
        return _paged(files, "between-devices", rows())

    def _conversation_participants(self, con, tables):
        """``conversation_key`` -> display names of its participants, when the derived tables exist."""
        if not {"conversations", "participants"} <= tables:
            return None
        names = {r[0]: (r[1] or r[2]) for r in con.execute("SELECT participant_id, display_name, value FROM participants")}

        def of(key):
            row = con.execute("SELECT participants FROM conversations WHERE conversation_key = ?", (key,)).fetchone()
            return [_cap(names.get(p, str(p)), NAME_CAP) for p in _json_list(row[0], 100)] if row else None
        return of

    # -- events, conversations, activity ----------------------------------------------------------

    def _events(self, con, files):
        """Stream every event once in conversation order into chunks; conversations and activity on the way."""
        con.execute("DROP TABLE IF EXISTS temp.report_order")
        con.execute("CREATE TEMP TABLE report_order AS SELECT rowid AS r FROM events "
                    "ORDER BY evidence_id, app, conversation_id, timestamp, rowid")
        max_rowid = con.execute("SELECT max(rowid) FROM events").fetchone()[0] or 0
        position = array("I", bytes(4 * (max_rowid + 1)))  # events.rowid -> position in the report
        cols = ", ".join(f"e.[{c}]" for c in EVENT_COLUMNS)
        cur = con.cursor()
        cur.row_factory = None
        cur.execute(f"SELECT e.rowid, {cols} FROM temp.report_order o JOIN events e ON e.rowid = o.r ORDER BY o.rowid")
        paths: dict[str, int] = {}
        conversations: list[_Conversation] = []
        activity: dict[tuple, int] = {}
        try:
            self._stream(cur, files, position, paths, conversations, activity)
        finally:
            cur.close()  # also when a value stops the pass: the temporary table can then be dropped
        con.execute("DROP TABLE temp.report_order")
        files.data("paths", [p for p, _ in sorted(paths.items(), key=lambda kv: kv[1])])
        return sum(c.events for c in conversations), position, conversations, activity

    def _stream(self, cur, files, position, paths, conversations, activity):
        """The pass itself: chunks written, ``position``, ``paths``, ``conversations`` and ``activity`` filled."""
        conv, key = None, None
        chunk, extras, seq = [], [], 0
        show, chunk_events = self.clock.show, CHUNK_EVENTS
        for (rid, event_id, ts, raw, desc, app, platform, kind, direction, conversation_id, conversation_name, sender,
             sender_name, recipients, body, attachments, status, deleted, recovered, evidence_id, source_path,
             locator, parser, extra) in cur:
            if (evidence_id, app, conversation_id) != key:
                key = (evidence_id, app, conversation_id)
                conv = _Conversation(len(conversations), seq, evidence_id, app, conversation_id)
                conversations.append(conv)
            shown, day = show(ts)
            conv.add(kind, direction, deleted, recovered, conversation_name, shown)
            if day:
                k = (evidence_id, app, day)
                activity[k] = activity.get(k, 0) + 1
            position[rid] = seq
            p = paths.get(source_path)
            if p is None:
                p = paths[source_path] = len(paths)
            if raw is not None and not isinstance(raw, (int, float)):
                raw = _cap(str(raw), NAME_CAP)
            # one event = one array, in the order of EVENT_FIELDS (the page names them)
            chunk.append((
                conv.index, shown, ts, raw, desc, kind, direction, platform,
                _cap(sender, NAME_CAP), _cap(sender_name, NAME_CAP),
                [] if not recipients or recipients == "[]" else [_cap(str(x), NAME_CAP) for x in _json_list(recipients)],
                _cap(body, BODY_CAP),
                [] if not attachments or attachments == "[]" else _attachments(attachments),
                status, deleted, recovered, p, _cap(locator, NAME_CAP), event_id, parser))
            extras.append(_cap(extra, EXTRA_CAP))
            seq += 1
            if len(chunk) == chunk_events:
                self._chunk(files, seq, chunk, extras)
                chunk, extras = [], []
                self.progress(f"report: {seq:,} events")
        if chunk:
            self._chunk(files, seq, chunk, extras)

    @staticmethod
    def _chunk(files, seq, chunk, extras):
        """``events-<k>.js``, and beside it ``extra-<k>.js``: the app-specific fields, loaded when an event's raw view opens."""
        k = (seq - 1) // CHUNK_EVENTS
        files.data(f"events-{k}", chunk)
        files.data(f"extra-{k}", extras)

    def _conversations(self, con, files, tables, conversations) -> list[dict]:
        """Conversation lists per device and app, most recent first, in pages; their index for case.js."""
        # by position: what a transcript needs to page (data/conv-<index // LIST_PAGE>.js)
        _paged(files, "conv", (c.head() for c in conversations))
        participants = self._conversation_participants(con, tables)
        groups: dict[tuple, list[_Conversation]] = {}
        for c in conversations:
            groups.setdefault((c.evidence_id, c.app), []).append(c)
        out = []
        for g, ((evidence_id, app), convs) in enumerate(sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))):
            convs.sort(key=lambda c: (c.last or "", c.index), reverse=True)
            rows = (c.record(participants(conversation_key(c.evidence_id, c.app, c.conversation_id)) if participants else None)
                    for c in convs)
            _paged(files, f"convs-{g}", rows)
            out.append({"g": g, "evidence_id": evidence_id, "app": app, "conversations": len(convs),
                        "events": sum(c.events for c in convs), "messages": sum(c.messages for c in convs)})
        return out

    @staticmethod
    def _activity(activity) -> dict:
        """Per device: the apps and, for each day with events, the count per app."""
        per_device: dict[str, dict] = {}
        for (evidence_id, app, day), n in activity.items():
            d = per_device.setdefault(evidence_id or "", {})
            d.setdefault(day, {})[app] = n
        out = {}
        for evidence_id, days in sorted(per_device.items()):
            apps = sorted({a for counts in days.values() for a in counts}, key=str)
            out[evidence_id] = {"apps": apps, "days": [[day, [days[day].get(a, 0) for a in apps]]
                                                       for day in sorted(days)]}
        return out

    def _search(self, con, files, tables, position) -> dict | None:
        """Token -> event positions, from the timeline's own FTS5 vocabulary, in files by the token's first two characters."""
        if "events_fts" not in tables:
            self.notes.append("the timeline has no full-text index (events_fts): the report has no search")
            return None
        con.execute("DROP TABLE IF EXISTS temp.report_vocab")
        con.execute("CREATE VIRTUAL TABLE temp.report_vocab USING fts5vocab(main, events_fts, 'instance')")
        marks = ", ".join("?" * len(SEARCH_COLUMNS))
        cur = con.execute(f"SELECT term, doc FROM temp.report_vocab WHERE col IN ({marks})", SEARCH_COLUMNS)
        shard_key, shard, shards, tokens, capped = None, {}, 0, 0, 0
        term, total, kept = None, 0, []

        def flush_term():
            nonlocal tokens, capped
            if term is None or len(term) > TOKEN_CAP:
                return
            kept.sort()
            del kept[MAX_POSTINGS:]
            tokens += 1
            capped += total > len(kept)
            shard[term] = [total] + [b - a for a, b in zip([0] + kept[:-1], kept)]

        def flush_shard():
            nonlocal shards
            if shard:
                files.data("search-" + shard_key.encode("utf-8").hex(), shard)
                shards += 1

        last, bound = None, 2 * MAX_POSTINGS
        try:
            for t, doc in cur:  # in term order, then document order: one term's documents are contiguous
                if t != term:
                    flush_term()
                    term, total, kept, last = t, 0, [], None
                    if t[:2] != shard_key:
                        flush_shard()
                        shard_key, shard = t[:2], {}
                if doc != last:
                    last = doc
                    total += 1
                    kept.append(position[doc])
                    if len(kept) >= bound:  # memory bounded by the cap, not by how common the word is
                        kept.sort()
                        del kept[MAX_POSTINGS:]
        finally:
            cur.close()
        flush_term()
        flush_shard()
        con.execute("DROP TABLE temp.report_vocab")
        return {"tokens": tokens, "shards": shards, "capped": capped, "max_postings": MAX_POSTINGS,
                "columns": list(SEARCH_COLUMNS)}

    # -- the whole report ----------------------------------------------------------------------------

    def build(self) -> ReportResult:
        t0 = time.perf_counter()
        con = _connect(self.timeline)
        tmp = self.out.with_name(self.out.name + ".part")
        try:
            try:
                events, conversations, files = self._write(con, tmp)
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc):
                    raise
                # text that is not UTF-8 (a damaged or edited timeline): the report again, such text
                # shown with replacement characters (the decoding costs a Python call per value)
                self.notes[:] = ["the timeline holds text that is not valid UTF-8: it is shown with replacement characters"]
                con.text_factory = lambda b: b.decode("utf-8", "replace")
                events, conversations, files = self._write(con, tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            con.close()
        if self.out.exists():
            shutil.rmtree(self.out)
        os.replace(tmp, self.out)
        return ReportResult(self.out, events, len(conversations), len(files.digests) + 1, files.bytes, files.largest,
                            time.perf_counter() - t0, self.notes)

    def _write(self, con, tmp: Path):
        """Every file of the report into ``tmp``; ``(events, conversations, files)``."""
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        files = ReportFiles(tmp)
        tables = _tables(con)
        self.progress("report: case record, sources, warnings")
        case = self._case(con, tables)
        sources = self._sources(con, files, tables)
        warnings = self._warnings(con, files, tables)
        indicators = self._indicators(con, files, tables)
        identities = self._identities(con, files, tables)
        events, position, conversations, activity = self._events(con, files)
        self.progress("report: conversations, activity")
        groups = self._conversations(con, files, tables, conversations)
        between_devices = self._between_devices(con, files, tables, conversations)
        files.data("activity", self._activity(activity))
        self.progress("report: search index")
        search = self._search(con, files, tables, position)
        del position
        self.progress("report: timeline hash, pages")
        summary = {
            "tool": {"name": "artefacts", "version": __version__},
            "built": datetime.now().astimezone().isoformat(timespec="seconds"),
            "timeline": {"path": str(self.timeline.resolve()), "name": self.timeline.name,
                         "sha256": _sha256(self.timeline), "size": self.timeline.stat().st_size},
            "timezone": self.clock.name, "events": events, "conversations": len(conversations),
            "sources": sources["sources"], "warnings": warnings, "indicators_in_common": indicators,
            "identities": identities, "between_devices": between_devices, "groups": groups, "search": search,
            "event_fields": EVENT_FIELDS,
            "paging": {"chunk": CHUNK_EVENTS, "page": PAGE_EVENTS, "list": LIST_PAGE, "identities": IDENTITY_PAGE},
            "devices": self._devices(con, groups, activity),
            "notes": self.notes,
        }
        summary.update(case)
        files.data("case", summary)
        for name in ("report.js", "report.css"):
            files.write_bytes(f"assets/{name}", resources.files("artefacts.report").joinpath("static", name).read_bytes())
        first_warnings = _rows(con, "SELECT * FROM warnings ORDER BY rowid LIMIT 100") if "warnings" in tables else []
        files.write_bytes("index.html", render_index(summary, sources["databases"], first_warnings).encode("utf-8"))
        files.write_manifest()
        return events, conversations, files

    def _devices(self, con, groups, activity) -> list[dict]:
        """Each evidence item: its apps, events, first and last day with events, and its input record."""
        inputs = {}
        if "run" in _tables(con):
            for (text,) in con.execute("SELECT inputs FROM run ORDER BY rowid"):
                for i in _json_list(text, 10_000):
                    if isinstance(i, dict) and i.get("evidence_id") is not None:
                        inputs.setdefault(i["evidence_id"], i)
        platforms = {}
        for evidence_id, platform in con.execute("SELECT DISTINCT evidence_id, platform FROM events"):
            platforms.setdefault(evidence_id, set()).add(platform)
        days = {}
        for (evidence_id, _app, day) in activity:
            lo, hi = days.get(evidence_id, (day, day))
            days[evidence_id] = (min(lo, day), max(hi, day))
        out = []
        for evidence_id in sorted({g["evidence_id"] for g in groups} | set(inputs), key=str):
            mine = [g for g in groups if g["evidence_id"] == evidence_id]
            out.append({"evidence_id": evidence_id, "input": inputs.get(evidence_id),
                        "platforms": sorted(p for p in platforms.get(evidence_id, ()) if p),
                        "apps": [g["app"] for g in mine], "events": sum(g["events"] for g in mine),
                        "conversations": sum(g["conversations"] for g in mine),
                        "first_day": days.get(evidence_id, (None, None))[0],
                        "last_day": days.get(evidence_id, (None, None))[1]})
        return out


def build_report(timeline: Path, out: Path, timezone: str | None = None, force: bool = False,
                 on_progress=None) -> ReportResult:
    """Write the static report of ``timeline`` into the folder ``out`` (replaced only with ``force``)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise ReportError(f"{out} exists and is not empty (--force replaces it)")
    if out.exists() and not out.is_dir():
        raise ReportError(f"{out} is a file, not a folder")
    return ReportBuilder(Path(timeline), out, timezone, on_progress).build()
