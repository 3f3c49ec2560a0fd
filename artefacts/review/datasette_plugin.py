"""The Datasette plugin of artefacts (entry point ``artefacts`` in the ``datasette`` group).

* ``/-/artefacts/conversation?database=&evidence_id=&app=&conversation_id=[&tz=][&at=EVENT_ID]``: one
  conversation as the phone showed it: bubbles by direction (incoming left, outgoing right, calls
  and system lines in the middle), sender names, times in the chosen zone with the offset stated
  (UTC unless ``--timezone`` or ``tz=``), attachments named and linked to their row in
  ``sources`` (path, SHA-256), deleted and recovered events marked, and the raw stored time value
  one click away. Pages of :data:`PAGE` events; ``at`` opens the page that holds an event.
* ``/-/artefacts/activity`` (HTML with an inline SVG bar chart, no script, nothing loaded from
  elsewhere) and ``/-/artefacts/activity.json``: events per day in the chosen zone, for all
  devices or one device / app / kind.
* ``/-/artefacts/review.css``: the column descriptions above a table in a small scrolling box.
* ``render_cell``: a conversation's name or id in any table or query result that also has the
  event's evidence_id, app and conversation_id links to its transcript.
* a ``participant`` facet on ``events`` and the ``_participant=ID`` filter behind it, when the
  timeline has the case tables ``participants`` and ``event_participants`` (issue #16).

Every value reaches the page through Jinja's autoescaping (Datasette's environment has it on) or
``Markup.format``: message bodies, names and file names are attacker-controlled. Hook names and
signatures are those of Datasette 0.65 (``datasette/hookspecs.py``); the facet follows the shape
of Datasette's own facet classes (``datasette/facets.py``).
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from datasette import hookimpl
from datasette.facets import Facet
from datasette.filters import FilterArguments
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.utils.asgi import BadRequest, NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from .display import UnknownZone, local, local_day, zone, zone_name
from .metadata import PARTICIPANT_TABLES, PLUGIN

TEMPLATES = Path(__file__).with_name("templates")
#: events per transcript page, and how many earlier ones a page opened ``at`` an event shows first
PAGE = 500
CONTEXT_BEFORE = 20
#: a body longer than this is cut on the page (the event row has it whole)
BODY_CHARS = 20_000
#: attachments listed per event at most
ATTACHMENTS = 50
#: days drawn with their gaps at most; a wider span (e.g. a bogus 1970 time) draws only days with events
CHART_SPAN_DAYS = 3660
CHART_HEIGHT = 200
#: the chart's query reads every event once: allowed this long
CHART_TIME_LIMIT_MS = 30_000


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/artefacts/conversation$", conversation_view),
        (r"^/-/artefacts/activity(?P<as_json>\.json)?$", activity_view),
        (r"^/-/artefacts/review\.css$", css_view),
    ]


#: the column descriptions Datasette lists above a table (24 for events) in a small scrolling box, so
#: that the rows stay in view
CSS = "dl.column-descriptions { max-height: 9em; overflow-y: auto; border: 1px solid #ddd; padding: 0.3em 0.6em; }\n"


async def css_view(request, datasette):
    return Response(CSS, content_type="text/css; charset=utf-8")


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    if table is not None:
        return [datasette.urls.path("/-/artefacts/review.css")]


@hookimpl
def menu_links(datasette, actor, request):
    async def links():  # only where a timeline is served (the plugin is loaded by every Datasette)
        for name in datasette.databases:
            if not name.startswith("_") and await datasette.get_database(name).table_exists("events"):
                return [{"href": datasette.urls.path("/-/artefacts/activity"), "label": "Events per day"}]
        return []

    return links


# -- shared -----------------------------------------------------------------------------------

async def _timeline(datasette, request):
    """The database asked for (``database=``), else the first one with an ``events`` table."""
    name = request.args.get("database")
    names = [name] if name else [n for n in datasette.databases if not n.startswith("_")]
    for n in names:
        try:
            db = datasette.get_database(n)
        except KeyError:
            continue
        if await db.table_exists("events"):
            await datasette.ensure_permissions(
                request.actor, [("view-table", (n, "events")), ("view-database", n), "view-instance"])
            return db
    raise NotFound("no timeline (a database with an events table) " + (f"called {name!r}" if name else "is served"))


def _zone(datasette, request):
    config = datasette.plugin_config(PLUGIN) or {}
    try:
        return zone(request.args.get("tz") or config.get("timezone"))
    except UnknownZone as exc:
        raise BadRequest(str(exc))


def _href(datasette, path: str, **args) -> str:
    query = urllib.parse.urlencode({k: v for k, v in args.items() if v is not None})
    return datasette.urls.path(path) + ("?" + query if query else "")


def _table_href(datasette, database: str, table: str, **args) -> str:
    return datasette.urls.table(database, table) + "?" + urllib.parse.urlencode(args)


# -- the transcript ---------------------------------------------------------------------------

_CONVERSATION = "evidence_id = :evidence_id AND app = :app AND conversation_id = :conversation_id"
_KEY = "coalesce(timestamp, '')"
PAGE_SQL = (f"SELECT rowid AS _rowid, event_id, timestamp, timestamp_raw, timestamp_desc, kind, direction, sender, "
            f"sender_name, body, attachments, status, deleted, recovered, conversation_name, source_path, source_locator "
            f"FROM events "
            f"WHERE {_CONVERSATION} AND ({_KEY}, rowid) > (:after_ts, :after_rowid) ORDER BY {_KEY}, rowid LIMIT :limit")
SUMMARY_SQL = (f"SELECT count(*) AS events, min(timestamp) AS first, max(timestamp) AS last, "
               f"max(conversation_name) AS name FROM events WHERE {_CONVERSATION}")
AT_SQL = f"SELECT {_KEY} AS ts, rowid FROM events WHERE {_CONVERSATION} AND event_id = :at"
BEFORE_SQL = (f"SELECT {_KEY} AS ts, rowid FROM events WHERE {_CONVERSATION} AND ({_KEY}, rowid) < (:ts, :rowid) "
              f"ORDER BY {_KEY} DESC, rowid DESC LIMIT 1 OFFSET :n")


def _attachments(datasette, database: str, evidence_id: str, raw) -> tuple[list[dict], int]:
    """The event's attachments (a JSON list of objects) as ``(shown, not shown)``; anything else is skipped."""
    try:
        items = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        items = []
    if not isinstance(items, list):
        items = []
    items = [a for a in items if isinstance(a, dict)]
    shown = []
    for a in items[:ATTACHMENTS]:
        path = a.get("path") if isinstance(a.get("path"), str) else None
        name = a.get("name") if isinstance(a.get("name"), str) else None
        shown.append({
            "name": name or (path.rsplit("/", 1)[-1] if path else "(attachment without a name)"),
            "mime_type": a.get("mime_type"),
            "size": a.get("size"),
            "sha256": a.get("sha256"),
            "path": path,
            "href": _table_href(datasette, database, "sources", evidence_id=evidence_id, path=path) if path else None,
        })
    return shown, len(items) - len(shown)


def _message(datasette, database: str, evidence_id: str, row, tz) -> dict:
    body = row["body"]
    cut = isinstance(body, str) and len(body) > BODY_CHARS
    attachments, more = _attachments(datasette, database, evidence_id, row["attachments"])
    return {
        "event_id": row["event_id"],
        "kind": row["kind"],
        "direction": row["direction"] if row["direction"] in ("incoming", "outgoing") else "other",
        "sender": row["sender_name"] or row["sender"],
        "sender_id": row["sender"] if row["sender_name"] and row["sender"] != row["sender_name"] else None,
        "body": body[:BODY_CHARS] if cut else body,
        "cut": cut,
        "attachments": attachments,
        "more_attachments": more,
        "status": row["status"],
        "deleted": bool(row["deleted"]),
        "recovered": bool(row["recovered"]),
        "timestamp": row["timestamp"],
        "local": local(row["timestamp"], tz),
        "raw": row["timestamp_raw"],
        "desc": row["timestamp_desc"],
        "event_href": _table_href(datasette, database, "events", event_id=row["event_id"]),
        "source": row["source_path"],
        "source_name": (row["source_path"] or "").rsplit("/", 1)[-1],
        "locator": row["source_locator"],
    }


async def conversation_view(request, datasette):
    db = await _timeline(datasette, request)
    tz = _zone(datasette, request)
    conv = {k: request.args.get(k) for k in ("evidence_id", "app", "conversation_id")}
    missing = [k for k, v in conv.items() if v is None]
    if missing:
        raise BadRequest(f"a conversation is named by evidence_id, app and conversation_id; missing: {', '.join(missing)}")
    summary = (await db.execute(SUMMARY_SQL, conv)).first()
    if not summary or not summary["events"]:
        raise NotFound("no events in this conversation (evidence_id, app, conversation_id)")
    after = (request.args.get("after_ts", ""), _int(request.args.get("after_rowid"), 0))
    at = request.args.get("at")
    if at:
        target = (await db.execute(AT_SQL, dict(conv, at=at))).first()
        if target:
            before = (await db.execute(BEFORE_SQL, dict(conv, ts=target["ts"], rowid=target["rowid"],
                                                         n=CONTEXT_BEFORE))).first()
            after = (before["ts"], before["rowid"]) if before else ("", 0)
    rows = list(await db.execute(PAGE_SQL, dict(conv, after_ts=after[0], after_rowid=after[1], limit=PAGE + 1)))
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    messages, day = [], None
    for row in rows:
        m = _message(datasette, db.name, conv["evidence_id"], row, tz)
        today = m["local"]["date"] if m["local"] else "(no time)"
        m["new_day"] = today if today != day else None
        day = today
        messages.append(m)
    base = dict(conv, database=db.name, tz=request.args.get("tz"))
    context = {
        "database": db.name,
        "conversation": conv,
        "name": summary["name"],
        "events": summary["events"],
        "first": local(summary["first"], tz),
        "last": local(summary["last"], tz),
        "zone": zone_name(tz),
        "messages": messages,
        "at": at,
        "next_href": _href(datasette, "/-/artefacts/conversation", **base, after_ts=rows[-1]["timestamp"] or "",
                           after_rowid=rows[-1]["_rowid"]) if more else None,
        "first_href": _href(datasette, "/-/artefacts/conversation", **base) if after != ("", 0) else None,
        "utc_href": _href(datasette, "/-/artefacts/conversation", **dict(base, tz="UTC")),
        "events_href": _table_href(datasette, db.name, "events", **conv),
    }
    return Response.html(await datasette.render_template("artefacts_conversation.html", context, request=request))


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# -- events per day ---------------------------------------------------------------------------

CHART_FILTERS = ("evidence_id", "app", "kind")


async def activity(db, tz, filters: dict) -> list[dict]:
    """``[{"day", "events"}]`` in ``tz``, days without events left out, for the events matching ``filters``.

    UTC days are grouped in SQLite; for another zone events are counted per UTC quarter-hour (every
    zone's offset is a multiple of 15 minutes) and each quarter is put on its local day.
    """
    where = " AND ".join(["timestamp IS NOT NULL"] + [f"[{k}] = :{k}" for k in filters])
    if zone_name(tz) == "UTC":
        sql = f"SELECT substr(timestamp, 1, 10) AS bucket, count(*) AS n FROM events WHERE {where} GROUP BY bucket"
    else:
        sql = (f"SELECT substr(timestamp, 1, 14) || printf('%02d', cast(substr(timestamp, 15, 2) AS INTEGER) / 15 * 15) "
               f"AS bucket, count(*) AS n FROM events WHERE {where} GROUP BY bucket")
    result = await db.execute(sql, filters, custom_time_limit=CHART_TIME_LIMIT_MS)
    days: dict[str, int] = {}
    for row in result:
        bucket = row["bucket"]
        try:
            day = bucket if zone_name(tz) == "UTC" else local_day(bucket, tz)
        except (ValueError, OverflowError):  # not a timeline timestamp
            continue
        days[day] = days.get(day, 0) + row["n"]
    return [{"day": d, "events": days[d]} for d in sorted(days)]


def _bars(days: list[dict]) -> dict:
    """The chart's geometry: one bar per day (gaps drawn as empty days when the span allows)."""
    from datetime import date, timedelta

    series = days
    gaps = False
    if days:
        first, last = date.fromisoformat(days[0]["day"]), date.fromisoformat(days[-1]["day"])
        span = (last - first).days + 1
        if span <= CHART_SPAN_DAYS:
            counts = {d["day"]: d["events"] for d in days}
            series = [{"day": (first + timedelta(days=i)).isoformat(),
                       "events": counts.get((first + timedelta(days=i)).isoformat(), 0)} for i in range(span)]
            gaps = True
    width = max(2, min(12, 900 // max(1, len(series))))
    top = max((d["events"] for d in series), default=0)
    bars = []
    for i, d in enumerate(series):
        h = round(CHART_HEIGHT * d["events"] / top) if top else 0
        bars.append(dict(d, x=i * width, y=CHART_HEIGHT - h, h=h))
    step = max(1, len(series) // 8)
    labels = [{"x": b["x"], "day": b["day"]} for b in bars[::step]]
    return {"bars": bars, "bar_width": max(1, width - 1), "width": len(series) * width, "height": CHART_HEIGHT,
            "max": top, "labels": labels, "gaps": gaps}


async def activity_view(request, datasette):
    db = await _timeline(datasette, request)
    tz = _zone(datasette, request)
    filters = {k: request.args.get(k) for k in CHART_FILTERS if request.args.get(k)}
    days = await activity(db, tz, filters)
    if request.url_vars.get("as_json"):
        return Response.json({"database": db.name, "timezone": zone_name(tz), "filters": filters, "days": days,
                              "events": sum(d["events"] for d in days)})
    choices = {}
    if await db.table_exists("sources"):
        choices["evidence_id"] = [r[0] for r in await db.execute(
            "SELECT DISTINCT evidence_id FROM sources WHERE evidence_id IS NOT NULL ORDER BY 1")]
    choices["app"] = [r[0] for r in await db.execute("SELECT DISTINCT app FROM events WHERE app IS NOT NULL ORDER BY 1")]
    context = {
        "database": db.name,
        "zone": zone_name(tz),
        "tz_arg": request.args.get("tz") or "",
        "filters": filters,
        "choices": choices,
        "chart": _bars(days),
        "days": days,
        "events": sum(d["events"] for d in days),
        "json_href": _href(datasette, "/-/artefacts/activity.json", database=db.name, tz=request.args.get("tz"),
                           **filters),
    }
    return Response.html(await datasette.render_template("artefacts_activity.html", context, request=request))


# -- links to the transcript ------------------------------------------------------------------

LINKED_COLUMNS = ("conversation_name", "conversation_id", "conversation_key")


#: columns holding timeline times (events, indicators, the case tables), shown in the configured zone
TIME_COLUMNS = ("timestamp", "first_seen", "last_seen", "first_message", "last_message")


def _local_cell(value, datasette):
    """A UTC time in the zone ``artefacts serve --timezone`` set, with its offset; the UTC value on hover.

    In UTC (the default) the value is left as stored: its ``Z`` states the zone."""
    if not isinstance(value, str):
        return None
    tz = zone((datasette.plugin_config(PLUGIN) or {}).get("timezone"))
    if zone_name(tz) == "UTC":
        return None
    shown = local(value, tz)
    if shown is None:
        return None
    return Markup('<span class="af-time" title="UTC {}">{}</span>').format(value, shown["full"])


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column in TIME_COLUMNS:
        return _local_cell(value, datasette)
    if column not in LINKED_COLUMNS:
        return None
    try:
        conv = {k: row[k] for k in ("evidence_id", "app", "conversation_id")}
    except (KeyError, IndexError):
        return None
    if any(v is None for v in conv.values()):
        return None
    event_id = None
    try:
        event_id = row["event_id"]
    except (KeyError, IndexError):
        pass
    href = _href(datasette, "/-/artefacts/conversation", database=database, **{k: str(v) for k, v in conv.items()},
                 at=event_id)
    if event_id:
        href += "#e-" + urllib.parse.quote(str(event_id))
    text = value if value not in (None, "") else "(no name)"
    return Markup('<a href="{}" title="conversation transcript">{}</a>').format(href, text)


# -- participants: facet and filter -----------------------------------------------------------

PARTICIPANT_ARG = "_participant"


async def _has_participants(datasette, database: str) -> bool:
    """Whether the timeline has ``participants`` and ``event_participants`` (a table or a view)."""
    db = datasette.get_database(database)
    found = await db.execute(f"SELECT count(DISTINCT name) FROM sqlite_master WHERE type IN ('table', 'view') AND "
                             f"name IN ({', '.join('?' for _ in PARTICIPANT_TABLES)})", PARTICIPANT_TABLES)
    return found.first()[0] == len(PARTICIPANT_TABLES)


class ParticipantFacet(Facet):
    """Events per participant (sender or recipient), through ``event_participants``; toggles ``_participant``."""

    type = "participant"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = [], []
        if self.table != "events" or not self.get_configs() or not await _has_participants(self.ds, self.database):
            return results, timed_out
        size = self.get_facet_size()
        # one pass over the view, the page's events as a set of ids (a join on the view made SQLite look up
        # each of its rows in the events: 21.7 -> 13.6 s on 1.2 M events, benchmarks/review.py)
        sql = (f"SELECT p.participant_id AS value, p.display_name AS name, p.kind AS kind, p.value AS identifier, "
               f"count(DISTINCT ep.event_id) AS count FROM event_participants ep "
               f"CROSS JOIN participants p ON p.participant_id = ep.participant_id "
               f"WHERE ep.event_id IN (SELECT event_id FROM ({self.sql})) "
               f"GROUP BY p.participant_id ORDER BY count DESC, p.participant_id LIMIT {size + 1}")
        from datasette.database import QueryInterrupted

        # asked for on the page (a large case, see metadata.PARTICIPANT_FACET_MAX_EVENTS): a query's time
        # limit, not a facet's; the view is read whole either way
        asked = any(c["source"] != "metadata" for c in self.get_configs())
        limit = self.ds.setting("sql_time_limit_ms" if asked else "facet_time_limit_ms")
        try:
            rows = await self.ds.execute(self.database, sql, self.params, truncate=False, custom_time_limit=limit)
        except QueryInterrupted:
            return results, ["participant"]
        pairs = self.get_querystring_pairs()
        values = []
        for row in list(rows)[:size]:
            value = str(row["value"])
            selected = (PARTICIPANT_ARG, value) in pairs
            change = path_with_removed_args if selected else path_with_added_args
            label = f"{row['name'] or row['identifier']} ({row['kind']} {row['identifier']})"
            values.append({"value": value, "label": label, "count": row["count"], "selected": selected,
                           "toggle_url": self.ds.absolute_url(self.request, change(self.request, {PARTICIPANT_ARG: value}))})
        results.append({"name": "participant", "type": self.type, "results": values, "hideable": asked,
                        "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_participant": "event_id"})),
                        "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [ParticipantFacet]


@hookimpl
def filters_from_request(request, database, table, datasette):
    wanted = request.args.getlist(PARTICIPANT_ARG)
    if table != "events" or not wanted:
        return None

    async def participant_filter():
        if not await _has_participants(datasette, database):
            return None
        ids = [_int(v, None) for v in wanted]
        if None in ids:
            raise BadRequest(f"{PARTICIPANT_ARG} takes a participant_id (a number)")
        params = {f"artefacts_participant_{i}": v for i, v in enumerate(ids)}
        return FilterArguments(
            [f"event_id IN (SELECT event_id FROM event_participants WHERE participant_id = :{k})" for k in params],
            params=params,
            human_descriptions=[f"participant {v} is sender or recipient" for v in ids],
        )

    return participant_filter
