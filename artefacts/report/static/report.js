/* artefacts static report: draws the report's views from data/*.js files loaded on demand.
 *
 * Every value from the timeline (message bodies, names, paths ...) is attacker-controlled: it only
 * ever reaches the document through textContent or createTextNode, never as markup or as a
 * string of HTML. Data files are scripts (file:// pages may not fetch()); each calls
 * ARTEFACTS_DATA(name, value) once. */
(function () {
  "use strict";

  // -- data files ------------------------------------------------------------------------------
  var cache = new Map(), waiting = {}, KEEP = 120;

  window.ARTEFACTS_DATA = function (name, value) {
    cache.set(name, value);
    if (cache.size > KEEP) {            // bounded memory: forget the oldest pages (never the case record)
      for (var key of cache.keys()) {
        if (key !== "case" && key !== "paths" && key !== name) { cache.delete(key); break; }
      }
    }
    var w = waiting[name];
    delete waiting[name];
    if (w) w.forEach(function (f) { f(value); });
  };

  function load(name) {
    return new Promise(function (resolve) {
      if (cache.has(name)) return resolve(cache.get(name));
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var s = document.createElement("script");
      s.src = "data/" + name + ".js";
      s.onload = function () { s.remove(); if (waiting[name]) window.ARTEFACTS_DATA(name, null); };
      s.onerror = function () { s.remove(); window.ARTEFACTS_DATA(name, null); };
      document.head.appendChild(s);
    });
  }

  // -- DOM helpers (text only) -----------------------------------------------------------------
  function el(tag, props) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null) return;
        if (k === "text") e.textContent = String(v);
        else if (k === "cls") e.className = v;
        else if (k === "onclick") e.addEventListener("click", v);
        else e.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(parent) {                  // add(parent, child, child ...): nodes, text, arrays of them
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      if (Array.isArray(child)) { child.forEach(function (c) { add(parent, c); }); continue; }
      parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function num(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }
  function table(head, rows, cls) {      // in a box that scrolls sideways rather than push the page wider
    return el("div", { cls: "table-wrap" }, el("table", { cls: cls || "grid" },
      el("thead", null, el("tr", null, head.map(function (h) { return el("th", { text: h }); }))),
      el("tbody", null, rows)));
  }
  function td(v, cls) { return el("td", { cls: cls }, v); }
  function shortTime(t) {                 // "2023-03-03 04:03" (+ offset outside UTC); the full value as its title
    if (!t) return el("td");
    var offset = CASE.timezone === "UTC" ? "" : " " + t.slice(27);
    return el("td", { cls: "time", title: t }, t.slice(0, 16) + offset);
  }
  function route(hash) { location.hash = hash; }
  function pager(page, pages, go) {
    if (pages <= 1) return null;
    var box = el("div", { cls: "pager" });
    add(box, el("button", { text: "‹ previous", onclick: function () { go(page - 1); } }));
    var prev = box.firstChild;
    var jump = el("input", { type: "number", min: 1, max: pages, cls: "page-input", "aria-label": "page" });
    jump.value = page + 1;
    jump.addEventListener("keydown", function (e) {
      var v = parseInt(jump.value, 10);
      if (e.key === "Enter" && v >= 1 && v <= pages) go(v - 1);
    });
    add(box, el("span", null, "page ", jump, " of " + num(pages)));
    var next = el("button", { text: "next ›", onclick: function () { go(page + 1); } });
    add(box, next);
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    return box;
  }

  var CASE = null, PATHS = null;
  var views = ["overview", "conversations", "conversation", "search", "sources", "warnings"];

  function show(view) {
    views.forEach(function (v) { document.getElementById("view-" + v).hidden = v !== view; });
    var tab = view === "conversation" ? "conversations" : view;
    document.querySelectorAll("nav.tabs a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-view") === tab);
    });
    return document.getElementById("view-" + view);
  }

  // -- overview: activity, identities and indicators in common ---------------------------------
  var PALETTE = ["#1f5f99", "#c2571a", "#2e8540", "#8e3b8e", "#b8860b", "#0f7c80", "#a83232", "#555f6e", "#6b8e23", "#d45087"];

  function dayNumber(day) { return Math.floor(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86400000); }
  function dayText(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  function activityChart(device, data) {
    var SVG = "http://www.w3.org/2000/svg";
    function s(tag, attrs) {
      var e = document.createElementNS(SVG, tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
      return e;
    }
    var apps = data.apps, days = data.days;
    if (!days.length) return el("p", { cls: "muted", text: "no dated events" });
    var lo = dayNumber(days[0][0]), hi = dayNumber(days[days.length - 1][0]);
    var span = hi - lo + 1, byMonth = span > 800;
    var buckets = new Map(), keys = [];
    function keyOf(day) { return byMonth ? day.slice(0, 7) : day; }
    if (byMonth) {
      for (var y = +days[0][0].slice(0, 4), m = +days[0][0].slice(5, 7); ; ) {
        var k = y + "-" + (m < 10 ? "0" : "") + m;
        keys.push(k);
        if (k >= days[days.length - 1][0].slice(0, 7) || keys.length > 2400) break;
        m++; if (m > 12) { m = 1; y++; }
      }
    } else {
      for (var d = lo; d <= hi; d++) keys.push(dayText(d));
    }
    keys.forEach(function (k) { buckets.set(k, apps.map(function () { return 0; })); });
    var totals = apps.map(function () { return 0; });
    days.forEach(function (row) {
      var b = buckets.get(keyOf(row[0]));
      if (!b) return;
      row[1].forEach(function (n, i) { b[i] += n; totals[i] += n; });
    });
    var max = 1;
    buckets.forEach(function (b) { var t = b.reduce(function (a, c) { return a + c; }, 0); if (t > max) max = t; });
    var W = 1000, H = 170, left = 50, bottom = 22, top = 8, plotW = W - left - 6, plotH = H - bottom - top;
    var bw = plotW / keys.length;
    var svg = s("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", role: "img" });
    var title = s("title"); title.textContent = "Events per " + (byMonth ? "month" : "day") + " on " + device; svg.appendChild(title);
    [0, 0.5, 1].forEach(function (f) {
      var yy = top + plotH - f * plotH;
      svg.appendChild(s("line", { x1: left, x2: W - 6, y1: yy, y2: yy, class: "gridline" }));
      var t = s("text", { x: left - 6, y: yy + 4, "text-anchor": "end", class: "axis" });
      t.textContent = num(Math.round(max * f)); svg.appendChild(t);
    });
    keys.forEach(function (k, i) {
      var y = top + plotH, b = buckets.get(k);
      b.forEach(function (n, a) {
        if (!n) return;
        var h = n / max * plotH;
        y -= h;
        var r = s("rect", { x: left + i * bw, y: y, width: Math.max(bw - (bw > 3 ? 1 : 0), 0.6), height: h, fill: PALETTE[a % PALETTE.length] });
        var tt = s("title"); tt.textContent = k + " · " + apps[a] + ": " + num(n) + " events"; r.appendChild(tt);
        svg.appendChild(r);
      });
    });
    var ticks = Math.min(8, keys.length);
    for (var t = 0; t < ticks; t++) {
      var i = Math.round(t * (keys.length - 1) / Math.max(ticks - 1, 1));
      var anchor = t === 0 ? "start" : t === ticks - 1 ? "end" : "middle";
      var lab = s("text", { x: anchor === "start" ? left + i * bw : anchor === "end" ? left + (i + 1) * bw : left + i * bw + bw / 2,
                            y: H - 6, "text-anchor": anchor, class: "axis" });
      lab.textContent = keys[i]; svg.appendChild(lab);
    }
    var legend = el("div", { cls: "legend" }, apps.map(function (a, i) {
      var swatch = el("i");
      swatch.style.background = PALETTE[i % PALETTE.length];   // CSSOM, allowed by the page's policy (no style attributes)
      return el("span", null, swatch, a + " (" + num(totals[i]) + ")");
    }));
    return el("div", { cls: "chart-box" }, el("h3", { text: device + " — events per " + (byMonth ? "month" : "day") + " (" + CASE.timezone + ")" }), svg, legend);
  }

  function pagedSection(box, name, pages, render, page) {
    page = page || 0;
    load(name + "-" + page).then(function (rows) {
      clear(box);
      add(box, render(rows || []));
      add(box, pager(page, pages, function (p) { pagedSection(box, name, pages, render, p); }));
    });
  }

  function identitiesTable(rows) {
    return table(["Identity", "Devices", "Identifiers (kind, value, name, apps, devices)", "How they are linked"],
      rows.map(function (r) {
        return el("tr", null,
          td(el("div", null, el("b", { text: r.label }),
            el("div", { cls: "muted small", text: num(r.events) + " events" }),
            el("div", { cls: "muted small", title: (r.first || "") + " – " + (r.last || ""),
                        text: (r.first || "").slice(0, 10) + " – " + (r.last || "").slice(0, 10) }))),
          td(el("ul", { cls: "plain" }, (r.evidence_ids || []).map(function (d) { return el("li", { text: d }); }))),
          td(el("ul", { cls: "plain" }, (r.participants || []).map(function (p) {
            return el("li", null, el("span", { cls: "tag", text: p.kind }), " ", el("code", { text: p.value }),
              p.display_name ? " “" + p.display_name + "”" : "", " · " + (p.apps || []).join(", ") + " · " + (p.evidence_ids || []).join(", "),
              (p.owner_of && p.owner_of.length) ? el("span", { cls: "badge owner", text: "owner of " + p.owner_of.join(", ") }) : null);
          }))),
          td(el("ul", { cls: "plain links" }, (r.links || []).map(function (l) {
            return el("li", null, el("span", { cls: "tag", text: l.reason }), " ", l.evidence || "",
              l.evidence_id ? el("div", { cls: "muted small path", text: l.evidence_id + (l.source_path ? " · " + l.source_path : "") }) : null);
          }))));
      }));
  }

  function betweenDevicesTable(rows) {
    return table(["Device", "App", "Conversation", "With", "Messages", "In", "Out", "Calls", "First", "Last"], rows.map(function (c) {
      return el("tr", { cls: "conv-row", tabindex: 0, onclick: function () { route("#conv/" + c.i + "/0"); } },
        td(c.e), td(c.a), td(el("b", { text: c.n || c.id || "(no conversation id)" })),
        td(c.owners.map(function (o) { return (o.who || "an identity") + " (owner of " + o.of + ")"; }).join("; ")),
        td(num(c.m), "n"), td(num(c.in), "n"), td(num(c.out), "n"), td(num(c.calls), "n"), shortTime(c.f), shortTime(c.l));
    }));
  }

  function indicatorsTable(rows) {
    return table(["Kind", "Value", "Devices", "Evidence ids", "Events", "First seen", "Last seen"], rows.map(function (r) {
      return el("tr", null, td(el("span", { cls: "tag", text: r.kind })), td(el("code", { text: r.value })), td(num(r.devices), "n"),
        td(r.evidence_ids), td(num(r.events), "n"), shortTime(r.first), shortTime(r.last));
    }));
  }

  function overview() {
    show("overview");
    var box = document.getElementById("overview-dynamic");
    if (box.getAttribute("data-drawn")) return;
    box.setAttribute("data-drawn", "1");
    clear(box);
    load("activity").then(function (activity) {
      var charts = el("section", null, el("h2", { text: "Activity per day, per device and app" }));
      Object.keys(activity || {}).forEach(function (dev) { add(charts, activityChart(dev, activity[dev])); });
      add(box, charts);
      var ids = el("section", null, el("h2", { text: "Identities in common (seen on two or more devices)" }));
      add(box, ids);
      if (!CASE.identities) {
        add(ids, el("p", { cls: "muted", text: "This timeline has no identities table: identities and contacts in common are not part of this report." }));
      } else {
        add(ids, el("p", { text: num(CASE.identities.identities) + " identities in the case; " + num(CASE.identities.in_common) + " on two or more devices." }));
        if (CASE.identities.owners.length) {
          add(ids, el("p", null, el("b", { text: "Device owners: " }), CASE.identities.owners.map(function (o) {
            return o.kind + " " + o.value + (o.display_name ? " (" + o.display_name + ")" : "") + " → " + o.owner_of.join(", ");
          }).join("; ")));
        }
        var idBox = el("div"); add(ids, idBox);
        if (CASE.identities.in_common) pagedSection(idBox, "identities", Math.ceil(CASE.identities.in_common / CASE.paging.identities), identitiesTable);
      }
      if (CASE.between_devices) {
        var oc = el("section", null, el("h2", { text: "Conversations between seized devices (with the owner of another device)" }));
        var ocBox = el("div");
        add(box, add(oc, ocBox));
        pagedSection(ocBox, "between-devices", Math.ceil(CASE.between_devices / CASE.paging.list), betweenDevicesTable);
      }
            var ind = el("section", null, el("h2", { text: "Indicators in common (the same value on two or more devices)" }));
      add(box, ind);
      if (CASE.indicators_in_common === null) add(ind, el("p", { cls: "muted", text: "This timeline has no indicators." }));
      else if (!CASE.indicators_in_common) add(ind, el("p", { cls: "muted", text: "No indicator value appears on more than one device." }));
      else {
        var indBox = el("div"); add(ind, indBox);
        pagedSection(indBox, "indicators", Math.ceil(CASE.indicators_in_common / CASE.paging.list), indicatorsTable);
      }
      add(box, el("span", { id: "overview-ready" }));
    });
  }

  // -- conversations ---------------------------------------------------------------------------
  function conversations(g, page) {
    var view = clear(show("conversations"));
    var groups = CASE.groups;
    if (!groups.length) { add(view, el("p", { text: "No events." })); return; }
    g = Math.min(Math.max(g || 0, 0), groups.length - 1);
    var side = el("ul", { cls: "groups" });
    var current = null;
    groups.forEach(function (gr) {
      if (current !== gr.evidence_id) { current = gr.evidence_id; add(side, el("li", { cls: "device", text: gr.evidence_id })); }
      add(side, el("li", { cls: gr.g === g ? "group active" : "group" },
        el("a", { href: "#conversations/" + gr.g, text: gr.app }), el("span", { cls: "count", text: num(gr.conversations) })));
    });
    var main = el("div", { cls: "conv-list" });
    add(view, el("div", { cls: "split" }, side, main));
    var gr = groups[g], pages = Math.ceil(gr.conversations / CASE.paging.list);
    page = Math.min(Math.max(page || 0, 0), pages - 1);
    load("convs-" + g + "-" + page).then(function (rows) {
      add(main, el("h2", { text: gr.evidence_id + " · " + gr.app }),
        el("p", { cls: "muted", text: num(gr.conversations) + " conversations, " + num(gr.events) + " events, " + num(gr.messages) + " messages; most recent first." }));
      rows = rows || [];
      var withParticipants = rows.some(function (c) { return c.p; });
      add(main, table(["Conversation"].concat(withParticipants ? ["Participants"] : [],
                       ["Events", "Messages", "In", "Out", "Calls", "Deleted", "Recovered", "First", "Last"]),
        rows.map(function (c) {
          var tr = el("tr", { cls: "conv-row", tabindex: 0, onclick: function () { route("#conv/" + c.i + "/0"); } },
            td(el("div", null, el("b", { text: c.n || c.id || "(no conversation id)" }), el("div", { cls: "muted small", text: c.id && c.n ? c.id : (c.id ? "" : c.k) }))),
            withParticipants ? td((c.p || []).join(", ")) : null, td(num(c.ev), "n events"), td(num(c.m), "n"), td(num(c.in), "n"), td(num(c.out), "n"),
            td(num(c.calls), "n"), td(c.del ? num(c.del) : "", "n"), td(c.rec ? num(c.rec) : "", "n"), shortTime(c.f), shortTime(c.l));
          tr.addEventListener("keydown", function (e) { if (e.key === "Enter") route("#conv/" + c.i + "/0"); });
          return tr;
        })));
      add(main, pager(page, pages, function (p) { route("#conversations/" + g + "/" + p); }));
    });
  }

  function convHead(i) {
    return load("conv-" + Math.floor(i / CASE.paging.list)).then(function (rows) { return rows ? rows[i % CASE.paging.list] : null; });
  }

  function toEvent(row) {                // an event is stored as an array in the order of CASE.event_fields
    if (!row) return null;
    var ev = {};
    CASE.event_fields.forEach(function (f, i) { ev[f] = row[i]; });
    return ev;
  }

  function eventsRange(a, b) {           // events at positions [a, b)
    var chunk = CASE.paging.chunk, names = [];
    for (var k = Math.floor(a / chunk); k <= Math.floor((b - 1) / chunk); k++) names.push("events-" + k);
    return Promise.all(names.map(load)).then(function (chunks) {
      var out = [];
      for (var p = a; p < b; p++) {
        var c = chunks[Math.floor(p / chunk) - Math.floor(a / chunk)];
        out.push(c ? toEvent(c[p % chunk]) : null);
      }
      return out;
    });
  }

  function rawDetails(ev, pos) {
    var d = el("details", { cls: "raw" }, el("summary", { text: "raw" }));
    d.addEventListener("toggle", function () {      // the app's own fields: their file is read when first opened
      if (!d.open || d.getAttribute("data-extra")) return;
      d.setAttribute("data-extra", "1");
      var chunk = CASE.paging.chunk;
      load("extra-" + Math.floor(pos / chunk)).then(function (extras) {
        var x = extras ? extras[pos % chunk] : null;
        if (x) add(d.querySelector("tbody"), el("tr", null, el("th", { text: "Extra" }), td(el("code", { cls: "wrap", text: x }))));
      });
    });
    var rows = [["Time (UTC)", ev.ts], ["Stored value", ev.r === null || ev.r === undefined ? "" : String(ev.r)], ["Meaning", ev.rd],
      ["Source file", PATHS ? PATHS[ev.p] : ev.p], ["Row", ev.l], ["Event id", ev.id], ["Parser", ev.pa], ["Kind", ev.k],
      ["Sender", ev.s], ["Recipients", (ev.rc || []).join(", ")], ["Status", ev.st], ["Position in report", pos]];
    add(d, table(["", ""], rows.filter(function (r) { return r[1] !== null && r[1] !== undefined && r[1] !== ""; }).map(function (r) {
      return el("tr", null, el("th", { text: r[0] }), td(r[1]));
    }), "kv small"));
    return d;
  }

  function bubble(ev, pos, target) {
    var side = ev.d === "outgoing" ? "out" : ev.d === "incoming" ? "in" : "mid";
    var b = el("div", { cls: "bubble " + side + (ev.k !== "message" ? " kind-" + ev.k : "") + (pos === target ? " target" : ""), "data-pos": pos });
    if (side !== "out" && (ev.sn || ev.s)) add(b, el("div", { cls: "who", text: ev.sn ? ev.sn + (ev.s && ev.s !== ev.sn ? " · " + ev.s : "") : ev.s }));
    if (ev.k !== "message") add(b, el("span", { cls: "tag", text: ev.k }));
    if (ev.b !== null && ev.b !== undefined && ev.b !== "") add(b, el("div", { cls: "body", text: ev.b }));
    if (ev.at && ev.at.length) {
      add(b, el("ul", { cls: "attachments" }, ev.at.map(function (a) {
        if (typeof a !== "object") return el("li", { text: "📎 " + a });
        var bits = [a.mime_type, a.size !== null && a.size !== undefined ? num(a.size) + " bytes" : null].filter(Boolean).join(", ");
        return el("li", null, "📎 ", el("b", { text: a.name || a.path || "(attachment)" }), bits ? " (" + bits + ")" : "",
          a.path ? el("div", { cls: "muted small path", text: a.path }) : null,
          a.sha256 ? el("div", { cls: "muted small", text: "SHA-256 " + a.sha256 }) : null);
      })));
    }
    var meta = el("div", { cls: "meta" }, el("span", { cls: "time", text: ev.t || "no time" }), ev.st ? " · " + ev.st : "");
    if (ev.del) add(meta, el("span", { cls: "badge deleted", text: "deleted" }));
    if (ev.rec) add(meta, el("span", { cls: "badge recovered", text: "recovered" }));
    add(b, meta, rawDetails(ev, pos));
    return b;
  }

  function conversation(i, page, target) {
    var view = clear(show("conversation"));
    convHead(i).then(function (c) {
      if (!c) { add(view, el("p", { text: "No such conversation." })); return; }
      var per = CASE.paging.page, pages = Math.max(1, Math.ceil(c.ev / per));
      if (target !== null && target >= c.s && target < c.s + c.ev) page = Math.floor((target - c.s) / per);
      page = Math.min(Math.max(page || 0, 0), pages - 1);
      var a = c.s + page * per, b = Math.min(c.s + c.ev, a + per);
      add(view, el("div", { cls: "conv-head" },
        el("a", { href: "#conversations", text: "‹ conversations" }),
        el("h2", { text: c.n || c.id || "(events without a conversation)" }),
        el("p", { cls: "muted", text: c.e + " · " + c.a + (c.id ? " · conversation id " + c.id : "") + " · " + num(c.ev) + " events; showing " + num(a - c.s + 1) + "–" + num(b - c.s) + " · times in " + CASE.timezone })));
      add(view, pager(page, pages, function (p) { route("#conv/" + i + "/" + p); }));
      var list = el("div", { cls: "transcript", "data-conv": i, "data-page": page });
      add(view, list);
      eventsRange(a, b).then(function (events) {
        var day = null;
        events.forEach(function (ev, k) {
          if (!ev) return;
          var d = ev.t ? ev.t.slice(0, 10) : "undated";
          if (d !== day) { day = d; add(list, el("div", { cls: "day", text: d })); }
          add(list, bubble(ev, a + k, target));
        });
        add(view, pager(page, pages, function (p) { route("#conv/" + i + "/" + p); }));
        var t = list.querySelector(".target");
        if (t) t.scrollIntoView({ block: "center" });
        list.setAttribute("data-ready", "1");
      });
    });
  }

  // -- search ------------------------------------------------------------------------------------
  function tokens(q) {
    return q.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}\p{Co}*]+/u)
      .map(function (t) { return t.replace(/\*(?!$)/g, ""); }).filter(function (t) { return t && t !== "*"; });
  }
  function shardName(token) {
    var bytes = new TextEncoder().encode(Array.from(token.replace(/\*$/, "")).slice(0, 2).join(""));
    return "search-" + Array.from(bytes).map(function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
  }
  function decode(list) {                 // [total, delta, delta ...] -> {total, positions}
    var out = new Array(list.length - 1), p = 0;
    for (var i = 1; i < list.length; i++) { p += list[i]; out[i - 1] = p; }
    return { total: list[0], positions: out };
  }
  function union(lists) {
    var set = new Set();
    lists.forEach(function (l) { l.forEach(function (p) { set.add(p); }); });
    return Array.from(set).sort(function (a, b) { return a - b; });
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function lookup(token) {                // -> {positions, capped}
    var prefix = /\*$/.test(token), word = token.replace(/\*$/, "");
    if (prefix && Array.from(word).length < 2) return Promise.resolve({ positions: [], capped: false, tooShort: true });
    return load(shardName(token)).then(function (shard) {
      if (!shard) return { positions: [], capped: false };
      if (!prefix) {
        if (!Object.prototype.hasOwnProperty.call(shard, word)) return { positions: [], capped: false };
        var d = decode(shard[word]);
        return { positions: d.positions, capped: d.total > d.positions.length };
      }
      var lists = [], capped = false;
      Object.keys(shard).forEach(function (t) {
        if (t.slice(0, word.length) === word) { var d = decode(shard[t]); lists.push(d.positions); capped = capped || d.total > d.positions.length; }
      });
      return { positions: union(lists), capped: capped };
    });
  }

  function highlight(text, words) {
    var frag = document.createDocumentFragment();
    if (!text) return frag;
    var lower = text.toLowerCase();    // marks what matches as typed; accents folded by the index are not marked
    if (lower.length !== text.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      words.forEach(function (w) {
        var k = lower.indexOf(w, i);
        if (k >= 0 && (best < 0 || k < best)) { best = k; len = w.length; }
      });
      if (best < 0) break;
      if (best > i) frag.appendChild(document.createTextNode(text.slice(i, best)));
      frag.appendChild(el("mark", { text: text.slice(best, best + len) }));
      i = best + len;
    }
    if (i < text.length) frag.appendChild(document.createTextNode(text.slice(i)));
    return frag;
  }

  function search(query, page) {
    var view = clear(show("search"));
    var input = el("input", { id: "search-input", type: "search", placeholder: "words in messages, senders' names or addresses; word* for a prefix", autocomplete: "off" });
    input.value = query || "";
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") route("#search/" + encodeURIComponent(input.value.trim()) + "/0");
    });
    add(view, el("h2", { text: "Search" }), el("div", { cls: "search-box" }, input,
      el("button", { text: "Search", onclick: function () { route("#search/" + encodeURIComponent(input.value.trim()) + "/0"); } })));
    var s = CASE.search;
    if (!s) { add(view, el("p", { cls: "muted", text: "This timeline has no full-text index: the report has no search." })); return; }
    add(view, el("p", { cls: "muted small", text: "Every word must appear (in the message text, the sender's name or address); letters are compared without case or accents. Index: " + num(s.tokens) + " words. A word found in more than " + num(s.max_postings) + " events keeps its first " + num(s.max_postings) + " (in report order)." }));
    var out = el("div", { id: "search-results" });
    add(view, out);
    input.focus();
    var words = tokens(query || "");
    if (!words.length) return;
    Promise.all(words.map(lookup)).then(function (found) {
      var hits = found[0].positions, capped = found[0].capped;
      for (var k = 1; k < found.length; k++) { hits = intersect(hits, found[k].positions); capped = capped || found[k].capped; }
      var per = 50, pages = Math.max(1, Math.ceil(hits.length / per));
      page = Math.min(Math.max(page || 0, 0), pages - 1);
      var countText = (capped ? "at least " : "") + num(hits.length) + " event" + (hits.length === 1 ? "" : "s");
      if (found.some(function (f) { return f.tooShort; })) countText += " (a prefix needs at least two letters)";
      add(out, el("p", { id: "search-count", text: countText }));
      if (capped) add(out, el("p", { cls: "muted small", text: "A word of this search is in more events than the index keeps for it: add a rarer word to see them all." }));
      var shown = hits.slice(page * per, page * per + per);
      var go = function (p) { route("#search/" + encodeURIComponent(query) + "/" + p); };
      add(out, pager(page, pages, go));
      var list = el("div", { cls: "hits" });
      add(out, list);
      var clean = words.map(function (w) { return w.replace(/\*$/, ""); });
      Promise.all(shown.map(function (p) {
        return eventsRange(p, p + 1).then(function (evs) { var ev = evs[0]; return ev ? convHead(ev.c).then(function (c) { return [p, ev, c]; }) : null; });
      })).then(function (rows) {
        rows.forEach(function (r) {
          if (!r) return;
          var p = r[0], ev = r[1], c = r[2] || {};
          var hit = el("div", { cls: "hit", tabindex: 0, onclick: function () { route("#conv/" + ev.c + "/0/" + p); } },
            el("div", { cls: "hit-head" }, el("span", { cls: "time", text: ev.t || "no time" }), " · " + (c.e || "") + " · " + (c.a || "") + " · ",
              el("b", { text: c.n || c.id || "(no conversation)" }), " · " + (ev.d || ev.k) + (ev.sn || ev.s ? " · " : ""),
              highlight(ev.sn || ev.s || "", clean)),
            el("div", { cls: "hit-body" }, highlight(ev.b || "", clean)),
            ev.del ? el("span", { cls: "badge deleted", text: "deleted" }) : null, ev.rec ? el("span", { cls: "badge recovered", text: "recovered" }) : null);
          add(list, hit);
        });
        add(out, pager(page, pages, go));
        out.setAttribute("data-query", query);
        out.setAttribute("data-ready", "1");
      });
    });
  }

  // -- sources and warnings --------------------------------------------------------------------
  function listView(view, name, total, page, title, head, row) {
    var box = clear(show(view)), pages = Math.max(1, Math.ceil(total / CASE.paging.list));
    page = Math.min(Math.max(page || 0, 0), pages - 1);
    add(box, el("h2", { text: title }), el("p", { cls: "muted", text: num(total) + " rows" }));
    load(name + "-" + page).then(function (rows) {
      add(box, table(head, (rows || []).map(row)));
      add(box, pager(page, pages, function (p) { route("#" + view + "/" + p); }));
    });
  }

  function sources(page) {
    listView("sources", "sources", CASE.sources, page, "Source files with SHA-256",
      ["Evidence id", "Path", "Role", "Size", "SHA-256", "Parsers", "Status", "Events", "Warnings", "Note"],
      function (s) {
        return el("tr", null, td(s.evidence_id), td(s.path, "path"), td(s.role), td(num(s.size), "n"), td(el("code", { cls: "hash", text: s.sha256 || "" })),
          td(s.parsers), td(s.status), td(num(s.events), "n"), td(num(s.warnings), "n"), td(s.note));
      });
  }

  function warnings(page) {
    listView("warnings", "warnings", CASE.warnings, page, "Warnings of the runs",
      ["Evidence id", "Source", "Parser", "Row", "Message"],
      function (w) { return el("tr", null, td(w.evidence_id), td(w.source_path, "path"), td(w.parser), td(w.locator), td(w.message)); });
  }

  // -- router --------------------------------------------------------------------------------------
  function decoded(text) {               // a hand-edited address may hold a broken %-escape
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function dispatch() {
    var parts = location.hash.replace(/^#/, "").split("/");
    var nav = document.querySelector("nav.tabs");
    if (window.scrollY > nav.offsetTop) window.scrollTo(0, nav.offsetTop);   // a new view starts under the tabs
    var n = function (i) { var v = parseInt(parts[i], 10); return isNaN(v) ? 0 : v; };
    switch (parts[0]) {
      case "conversations": return conversations(n(1), n(2));
      case "conv": return conversation(n(1), n(2), parts.length > 3 ? n(3) : null);
      case "search": return search(decoded(parts[1] || ""), n(2));
      case "sources": return sources(n(1));
      case "warnings": return warnings(n(1));
      default: return overview();
    }
  }

  Promise.all([load("case"), load("paths")]).then(function (r) {
    CASE = r[0]; PATHS = r[1];
    if (!CASE) { document.body.insertBefore(el("p", { cls: "error", text: "The report's data files are missing (data/case.js)." }), document.body.firstChild); return; }
    window.addEventListener("hashchange", dispatch);
    dispatch();
  });
})();
