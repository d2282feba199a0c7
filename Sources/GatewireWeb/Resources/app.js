// Gatewire's web view: one page, no framework. Events arrive as server-sent events (/events), each the recording
// format's JSON with a sequence number and the line `gatewire inspect` prints; the diagnosis comes from /diagnosis.
// The message list renders only the rows on screen, so 100,000 events scroll as smoothly as 100.
"use strict";

const ROW_HEIGHT = 22;
const OVERSCAN = 12;
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
const FILTER_NAMES = ["route", "connection", "direction", "text", "severity", "interventions"];

// What Gatewire itself did to a message or a close (the event's `intervention`), in words for the badge's tooltip
// and the detail pane.
const INTERVENTIONS = {
  injected: "Gatewire sent this itself (the control API, the web view, a rule's copy, an edit or a fault); no peer sent it.",
  dropped: "A peer sent this, and Gatewire did not pass it on: the other side never got it.",
  delayed: "A peer sent this, and Gatewire passed it on later than it came.",
  rewritten: "A peer sent this; the other side got the injected message with the new payload that follows instead.",
  duplicated: "A peer sent this; the other side got it, then an injected copy.",
  held: "A peer sent this, and a breakpoint stopped it: a released event, an injected edit or a dropped event follows.",
  released: "The held message, sent on as it was (by a person or by the hold timeout).",
};

const state = {
  events: [],            // {seq, input, line, event}, in order of arrival
  filtered: [],          // indices into events that the filter shows
  connections: new Map(),// key "input/label" -> connection summary
  filter: readFilter(),
  paused: false,
  unseenWhilePaused: 0,
  selected: null,        // index into events
  skipped: 0,
  finished: false,
  live: false,
  inputNames: [],
  routeKeys: new Set(),
  diagnosis: null,
  diagnosisCovers: -1,   // the newest sequence number the shown diagnosis covers
  diagnosisTicket: 0,
  diagnosisApplied: 0,
  lastSeq: 0,
  maxEvents: 100000,     // the server's store limit: the page keeps no more, so memory stays bounded here too
};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else if (key === "title") node.title = value;
    else if (key === "onclick") node.addEventListener("click", value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};

// ---- Filters: the command line's --only-route, --connection, --direction, --grep, plus a minimum severity.

function readFilter() {
  const params = new URLSearchParams(location.search);
  const list = (name) => params.getAll(name).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  return {
    routes: list("route"),
    connections: list("connection"),
    direction: params.get("direction") || "",
    text: params.get("text") || "",
    severity: params.get("severity") || "",
    interventions: params.get("interventions") || "",
  };
}

function filterParams(filter) {
  const params = new URLSearchParams();
  for (const route of filter.routes) params.append("route", route);
  for (const connection of filter.connections) params.append("connection", connection);
  if (filter.direction) params.set("direction", filter.direction);
  if (filter.text) params.set("text", filter.text);
  if (filter.severity) params.set("severity", filter.severity);
  if (filter.interventions) params.set("interventions", filter.interventions);
  return params;
}

function directionOf(event) {
  return event.type === "message" || event.type === "control" || event.type === "close" ? event.from : undefined;
}

function worstSeverity(event) {
  if (event.type === "error") return "error";
  let worst;
  for (const finding of event.findings || []) {
    if (worst === undefined || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]) worst = finding.severity;
  }
  return worst;
}

function interventionOf(event) {
  return event.type === "message" || event.type === "close" ? event.intervention : undefined;
}

// Mirrors EventFilter.shows: errors about a connection always show unless another connection is chosen.
function shows(item, filter) {
  const event = item.event;
  if (event.type === "error") {
    return filter.connections.length === 0 || !event.connection || filter.connections.includes(event.connection);
  }
  if (filter.connections.length && !(event.connection && filter.connections.includes(event.connection))) return false;
  if (filter.direction) {
    const direction = directionOf(event);
    if (direction && direction !== filter.direction) return false;
  }
  if (filter.routes.length) {
    const key = event.type === "message" && event.resolution ? event.resolution.routeKey : undefined;
    if (!key || !filter.routes.includes(key)) return false;
  }
  if (filter.severity) {
    const worst = worstSeverity(event);
    if (!worst || SEVERITY_RANK[worst] < SEVERITY_RANK[filter.severity]) return false;
  }
  if (filter.interventions && (interventionOf(event) !== undefined) !== (filter.interventions === "only")) return false;
  if (filter.text && !item.line.includes(filter.text)) return false;
  return true;
}

function applyFilter(filter, { pushHistory = true } = {}) {
  state.filter = filter;
  $("filter-route").value = filter.routes.join(",");
  $("filter-connection").value = filter.connections.join(",");
  $("filter-direction").value = filter.direction;
  $("filter-text").value = filter.text;
  $("filter-severity").value = filter.severity;
  $("filter-interventions").value = filter.interventions;
  if (pushHistory) {
    const params = new URLSearchParams(location.search);
    for (const name of FILTER_NAMES) params.delete(name);
    for (const [name, value] of filterParams(filter)) params.append(name, value);
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }
  const query = filterParams(filter).toString();
  $("download-recording").href = "/recording.jsonl" + (query ? "?" + query : "");
  $("download-har").href = "/export.har" + (query ? "?" + query : "");
  // While paused, the list covers the events that had arrived when the pause began: a filter still narrows or
  // widens it, but what arrived since waits for Resume.
  state.filtered = [];
  const listed = state.events.length - (state.paused ? state.unseenWhilePaused : 0);
  for (let index = 0; index < listed; index++) {
    if (shows(state.events[index], filter)) state.filtered.push(index);
  }
  scheduleRender({ connections: true, soon: true });
}

function filterFromForm() {
  const split = (value) => value.split(",").map((v) => v.trim()).filter(Boolean);
  return {
    routes: split($("filter-route").value),
    connections: split($("filter-connection").value),
    direction: $("filter-direction").value,
    text: $("filter-text").value,
    severity: $("filter-severity").value,
    interventions: $("filter-interventions").value,
  };
}

// ---- Events.

function connectionKey(input, label) {
  return input + "/" + label;
}

function connectionName(input, label) {
  return state.inputNames.length > 1 && state.inputNames[input] ? state.inputNames[input] + ":" + label : label;
}

function track(item) {
  const event = item.event;
  if (event.type === "message" && event.resolution && event.resolution.routeKey) {
    if (!state.routeKeys.has(event.resolution.routeKey)) {
      state.routeKeys.add(event.resolution.routeKey);
      $("route-keys").append(el("option", { value: event.resolution.routeKey }));
    }
  }
  if (!event.connection) return;
  const key = connectionKey(item.input, event.connection);
  let connection = state.connections.get(key);
  if (!connection) {
    connection = {
      key, input: item.input, label: event.connection, connect: null, open: true, closed: false,
      start: event.time, last: event.time, client: 0, server: 0, worst: null, worstFinding: null, close: null,
    };
    state.connections.set(key, connection);
  }
  connection.last = event.time;
  const consider = (finding) => {
    connection.findingCount = (connection.findingCount || 0) + 1;
    if (!connection.worst || SEVERITY_RANK[finding.severity] > SEVERITY_RANK[connection.worst]) {
      connection.worst = finding.severity;
      connection.worstFinding = finding;
    }
  };
  switch (event.type) {
    case "connect":
      connection.connect = event;
      connection.connectIndex = state.events.length - 1;
      connection.start = event.time;
      connection.open = event.status === undefined || event.status === 101;
      connection.closed = !connection.open;
      (event.findings || []).forEach(consider);
      break;
    case "message":
      // A released message is the held one going on: it was counted when it was held.
      if (!event.intervention || event.intervention.kind !== "released") {
        connection[event.from === "client" ? "client" : "server"] += 1;
      }
      (event.findings || []).forEach(consider);
      break;
    case "close":
      connection.close = event;
      connection.open = false;
      connection.closed = true;
      break;
    case "error":
      consider({ severity: "error", code: event.code, message: event.message });
      break;
  }
}

function receive(item) {
  // A reconnecting stream resumes after the last id it got (Last-Event-ID); never show an event twice.
  if (item.seq <= state.lastSeq) return;
  state.lastSeq = item.seq;
  state.events.push(item);
  track(item);
  if (state.paused) {
    state.unseenWhilePaused += 1;
  } else if (shows(item, state.filter)) {
    state.filtered.push(state.events.length - 1);
  }
  state.connectionsDirty = true;
  eventsSinceRender += 1;
  if (state.events.length > state.maxEvents * 1.1) forgetOldest(state.events.length - state.maxEvents);
  scheduleRender();
}

// Drops the oldest events once the page holds a tenth more than the server keeps (so this runs once per many
// events, not on each); the connection summaries keep their counts.
function forgetOldest(count) {
  state.events.splice(0, count);
  state.unseenWhilePaused = Math.min(state.unseenWhilePaused, state.events.length);
  const shift = (index) => (index === null || index === undefined || index < count ? null : index - count);
  state.selected = shift(state.selected);
  for (const connection of state.connections.values()) {
    const index = shift(connection.connectIndex);
    if (index === null) delete connection.connectIndex;
    else connection.connectIndex = index;
  }
  applyFilter(state.filter, { pushHistory: false });
}

function connectStream() {
  const source = new EventSource("/events");
  source.addEventListener("hello", (message) => {
    state.maxEvents = JSON.parse(message.data).maxEvents || state.maxEvents;
    state.live = true;
    updateStatus();
  });
  // A message carries one event per line; JSON never holds a raw line break, so the lines join into one array.
  source.onmessage = (message) => {
    for (const item of JSON.parse("[" + message.data.replaceAll("\n", ",") + "]")) receive(item);
  };
  source.addEventListener("skipped", (message) => {
    // Drawn with the next redraw: a page far behind is told of skips many times a second.
    state.skipped += JSON.parse(message.data).count;
    scheduleRender();
  });
  source.addEventListener("end", () => {
    state.finished = true;
    source.close();
    updateStatus();
    refreshDiagnosis(true);
  });
  source.onerror = () => {
    if (!state.finished) {
      state.live = false;
      updateStatus();
    }
  };
}

// ---- Rendering, at most once a frame.

// Arriving events redraw the page about seven times a second; while they pour in (more than a hundred since the
// last redraw), once a second: a page redrawing a list that moves faster than anyone reads would take the CPU the
// relay needs. What the user does (scrolling, clicking, filtering) redraws on the next frame.
const STREAM_RENDER_MS = 150;
const BUSY_STREAM_RENDER_MS = 1000;
const BUSY_EVENTS = 100;
let eventsSinceRender = 0;
let busy = false; // whether more than BUSY_EVENTS arrived between the last two redraws
let framePending = false;
let timerPending = false;
let connectionsPending = false;
// Whether the user did something the list must show (a filter, a scroll, a selection) since it was last drawn: while
// paused, arriving events alone do not redraw it, so a row being read or clicked is not replaced under the pointer.
let timelineDirty = false;
function scheduleRender({ connections = false, soon = false } = {}) {
  if (connections) connectionsPending = true;
  if (soon) {
    timelineDirty = true;
    if (framePending) return;
    framePending = true;
    requestAnimationFrame(() => {
      framePending = false;
      render();
    });
    return;
  }
  if (timerPending) return;
  timerPending = true;
  setTimeout(() => {
    timerPending = false;
    render();
  }, busy ? BUSY_STREAM_RENDER_MS : STREAM_RENDER_MS);
}

function render() {
  busy = eventsSinceRender > BUSY_EVENTS;
  eventsSinceRender = 0;
  updateStatus();
  if (!state.paused || timelineDirty) renderTimeline();
  timelineDirty = false;
  // The connection table holds still while paused, as the list does.
  if (state.paused) return;
  if (connectionsPending || state.connectionsDirty) {
    // The connection table is rebuilt at most four times a second (once while events pour in): under a burst
    // every event touches it.
    const wait = lastConnectionsRender + (busy ? 1000 : 250) - performance.now();
    if (wait > 0 && !connectionsPending) {
      if (!connectionsTimer) {
        connectionsTimer = setTimeout(() => {
          connectionsTimer = null;
          scheduleRender();
        }, wait);
      }
      return;
    }
    connectionsPending = false;
    state.connectionsDirty = false;
    lastConnectionsRender = performance.now();
    renderConnections();
  }
}

let lastConnectionsRender = 0;
let connectionsTimer = null;

// Writes a node's text only when it changed: an unchanged write still costs the page a layout.
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function updateStatus() {
  const status = $("status");
  const className = "badge " + (state.paused ? "paused" : state.finished ? "ended" : state.live ? "live" : "");
  if (status.className !== className) status.className = className;
  setText(status, state.paused
    ? "paused (" + state.unseenWhilePaused.toLocaleString() + " new)"
    : state.finished ? "all events loaded" : state.live ? "live" : "disconnected");
  setText($("counts"),
    state.events.length.toLocaleString() + " events, " + state.connections.size.toLocaleString() + " connections");
  setText($("shown"), state.filtered.length.toLocaleString() + " shown");
  if (state.skipped > 0) {
    const notice = $("skipped");
    notice.hidden = false;
    setText(notice, state.skipped.toLocaleString() + " events skipped (this page fell behind)");
  }
}

const timeline = () => $("timeline");
// Whether renderTimeline just scrolled the list to follow new events, so that scroll is not taken for the user's.
let ownScroll = false;

function renderTimeline() {
  const container = timeline();
  const count = state.filtered.length;
  const atBottom = container.scrollTop + container.clientHeight >= container.scrollHeight - ROW_HEIGHT * 2;
  $("timeline-spacer").style.height = count * ROW_HEIGHT + "px";
  if (atBottom && state.follow !== false) {
    // The scroll event this fires is the page's own doing: it must not cost a second redraw.
    if (container.scrollHeight - container.clientHeight > container.scrollTop) {
      ownScroll = true;
      // The scroll event comes before the next frame's callbacks; if none came (nothing moved), forget the flag
      // there, so the user's next scroll is never taken for the page's own.
      requestAnimationFrame(() => { ownScroll = false; });
    }
    container.scrollTop = container.scrollHeight;
  }
  const first = Math.max(0, Math.floor(container.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((container.scrollTop + container.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const rows = $("timeline-rows");
  rows.style.top = first * ROW_HEIGHT + "px";
  const fragment = document.createDocumentFragment();
  for (let position = first; position < last; position++) fragment.append(timelineRow(state.filtered[position]));
  rows.replaceChildren(fragment);
}

function clock(time) {
  return time ? time.substring(11, 23) : "";
}

function size(bytes) {
  if (bytes === undefined) return "";
  if (bytes < 1024) return bytes + " B";
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + " KiB";
  return (bytes / 1024 / 1024).toFixed(1) + " MiB";
}

function routeCell(resolution) {
  if (!resolution) return ["", ""];
  switch (resolution.outcome) {
    case "matched": return [resolution.routeKey, "route-matched"];
    case "default": return ["$default", "route-default"];
    case "rejected": return ["Forbidden", "route-rejected"];
    case "closed": return ["closes " + (resolution.closeCode || ""), "route-closed"];
    default: return ["value " + JSON.stringify(resolution.value || ""), ""];
  }
}

function whyCell(resolution) {
  if (!resolution) return "";
  const hint = resolution.hints && resolution.hints.length ? ", did you mean " + resolution.hints[0].routeKey + "?" : "";
  return resolution.reason + hint;
}

function findingsCell(findings) {
  if (!findings || !findings.length) return null;
  const bySeverity = {};
  for (const finding of findings) bySeverity[finding.severity] = (bySeverity[finding.severity] || 0) + 1;
  const span = el("span", { title: findings.map((f) => f.severity + " " + f.code).join("\n") });
  for (const severity of ["error", "warning", "info"]) {
    if (bySeverity[severity]) span.append(el("span", { class: "sev-" + severity, text: bySeverity[severity] + " " + severity + " " }));
  }
  span.append(findings.map((f) => f.code).join(" "));
  return span;
}

function timelineRow(index) {
  const item = state.events[index];
  const event = item.event;
  const row = el("div", { class: "row kind-" + event.type, "data-seq": item.seq, "data-type": event.type });
  if (state.selected === index) row.classList.add("selected");
  const direction = directionOf(event);
  const cells = {
    time: clock(event.time), conn: connectionName(item.input, event.connection || ""),
    dir: direction === "client" ? "→" : direction === "server" ? "←" : "", op: "", size: "", frames: "",
    route: "", routeClass: "", why: "", findings: null,
  };
  switch (event.type) {
    case "connect": {
      cells.op = "connect";
      cells.route = event.status === undefined ? "no response" : String(event.status);
      cells.routeClass = event.status === 101 || event.status === undefined ? "route-matched" : "route-rejected";
      cells.why = event.path + (event.rawQuery ? "?" + event.rawQuery : "");
      cells.findings = findingsCell(event.findings);
      break;
    }
    case "message": {
      cells.op = event.opcode;
      cells.size = size(event.size);
      cells.frames = String(event.frames);
      [cells.route, cells.routeClass] = routeCell(event.resolution);
      cells.why = event.resolution ? whyCell(event.resolution) : preview(event);
      cells.findings = findingsCell(event.findings);
      if (event.resolution) {
        row.setAttribute("data-outcome", event.resolution.outcome);
        if (event.resolution.routeKey) row.setAttribute("data-route", event.resolution.routeKey);
      }
      break;
    }
    case "control":
      cells.op = event.opcode;
      cells.size = size(event.size);
      cells.why = event.text !== undefined ? JSON.stringify(event.text) : "";
      break;
    case "close":
      cells.op = "close";
      cells.route = event.code !== undefined ? String(event.code) : "no frame";
      cells.why = (event.reason ? JSON.stringify(event.reason) + " " : "") + (event.initiator ? "by " + event.initiator : "");
      break;
    case "error":
      cells.op = "error";
      cells.routeClass = "route-rejected";
      cells.route = event.closeCode !== undefined ? "close " + event.closeCode : "";
      cells.why = event.code + ": " + event.message;
      cells.findings = findingsCell([{ severity: "error", code: event.code }]);
      break;
  }
  const intervention = interventionOf(event);
  if (intervention) {
    row.classList.add("intervened");
    row.setAttribute("data-intervention", intervention.kind);
  }
  row.append(
    el("span", { class: "c-time", text: cells.time }),
    el("span", { class: "c-conn", text: cells.conn }),
    el("span", { class: "c-dir dir-" + (direction || "none"), text: cells.dir }),
    el("span", { class: "c-op", text: cells.op }),
    el("span", { class: "c-size", text: cells.size }),
    el("span", { class: "c-frames", text: cells.frames }),
    el("span", { class: "c-route " + cells.routeClass, text: cells.route }),
    el("span", { class: "c-why", title: cells.why }, intervention ? interventionBadge(intervention) : null, cells.why),
    el("span", { class: "c-find" }, cells.findings),
  );
  row.addEventListener("click", () => select(index));
  return row;
}

function interventionText(intervention) {
  return intervention.kind + " by " + intervention.by + (intervention.detail ? ": " + intervention.detail : "");
}

function interventionBadge(intervention) {
  return el("span", {
    class: "iv iv-" + intervention.kind, "data-kind": intervention.kind,
    title: interventionText(intervention) + "\n" + (INTERVENTIONS[intervention.kind] || ""),
    text: interventionText(intervention),
  });
}

function interventionBlock(intervention) {
  return el("div", { id: "intervention", "data-kind": intervention.kind },
    interventionBadge(intervention),
    definitionList([["kind", intervention.kind], ["by", intervention.by], ["detail", intervention.detail]]),
    el("p", { class: "explanation", text: INTERVENTIONS[intervention.kind] || "" }));
}

function preview(event) {
  if (event.text === undefined) return event.base64 !== undefined ? "(binary)" : "";
  return event.text.length > 120 ? event.text.substring(0, 120) + "…" : event.text;
}

function durationText(connection) {
  const start = Date.parse(connection.start);
  let end = Date.parse(connection.last);
  if (connection.open && !state.finished) end = Math.max(end, Date.now());
  const seconds = Math.max(0, (end - start) / 1000);
  if (seconds < 60) return seconds.toFixed(1) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.floor(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
}

// The table lists the newest connections (and those the filter names); a session with thousands of connections keeps
// a table the browser can rebuild four times a second.
const CONNECTION_ROWS = 500;

function listedConnections() {
  const all = Array.from(state.connections.values());
  if (all.length <= CONNECTION_ROWS) return { listed: all, hidden: 0 };
  const named = new Set(state.filter.connections);
  const newest = all.slice(-CONNECTION_ROWS);
  const extra = all.slice(0, -CONNECTION_ROWS).filter((connection) => named.has(connection.label));
  return { listed: extra.concat(newest), hidden: all.length - CONNECTION_ROWS - extra.length };
}

function renderConnections() {
  const body = document.querySelector("#connections tbody");
  const fragment = document.createDocumentFragment();
  const { listed, hidden } = listedConnections();
  if (hidden > 0) {
    fragment.append(el("tr", { class: "more" }, el("td", { colspan: "8",
      text: hidden.toLocaleString() + " earlier connections not listed; type a label in Connection to see one" })));
  }
  for (const connection of listed) {
    const connect = connection.connect;
    const query = connect ? connect.path + (connect.rawQuery ? "?" + connect.rawQuery : "") : "";
    const selected = state.filter.connections.length === 1 && state.filter.connections[0] === connection.label;
    const worst = connection.worstFinding;
    const row = el("tr", { "data-connection": connection.label, "data-key": connection.key, class: selected ? "selected" : "" },
      el("td", { text: connectionName(connection.input, connection.label), title: connect && connect.connectionId }),
      el("td", { class: "query", text: query, title: query + queryFindingsTitle(connect) }),
      el("td", { text: connect ? (connect.status === undefined ? "—" : String(connect.status)) : "" }),
      el("td", { class: connection.open ? "open" : "closed",
        text: connection.open ? "open" : connection.close && connection.close.code !== undefined ? "closed " + connection.close.code : "closed" }),
      el("td", { text: durationText(connection) }),
      el("td", { text: String(connection.client) }),
      el("td", { text: String(connection.server) }),
      el("td", { class: worst ? "sev-" + worst.severity : "", title: worst ? worst.message : undefined,
        text: worst ? worst.severity + " " + worst.code + (connection.findingCount > 1 ? " +" + (connection.findingCount - 1) : "") : "" }),
    );
    row.addEventListener("click", () => {
      const filter = { ...state.filter, connections: selected ? [] : [connection.label] };
      applyFilter(filter);
      if (!selected && connection.connectIndex !== undefined) select(connection.connectIndex);
    });
    fragment.append(row);
  }
  body.replaceChildren(fragment);
}

function queryFindingsTitle(connect) {
  if (!connect || !connect.findings || !connect.findings.length) return "";
  return "\n" + connect.findings.map((f) => f.severity + " " + f.code + ": " + f.message).join("\n");
}

// ---- Detail pane.

function select(index) {
  state.selected = index;
  renderDetail();
  scheduleRender({ soon: true });
}

function bytesOf(event) {
  if (event.base64 !== undefined) {
    const binary = atob(event.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  return new TextEncoder().encode(event.text || "");
}

function hexDump(bytes) {
  const limit = Math.min(bytes.length, 64 * 1024);
  const lines = [];
  for (let offset = 0; offset < limit; offset += 16) {
    const chunk = bytes.subarray(offset, Math.min(offset + 16, limit));
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(chunk, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
    lines.push(offset.toString(16).padStart(8, "0") + "  " + hex.padEnd(48) + "  " + ascii);
  }
  if (bytes.length > limit) lines.push("… " + (bytes.length - limit) + " more bytes");
  return lines.join("\n");
}

function definitionList(pairs) {
  const list = el("dl");
  for (const [name, value] of pairs) {
    if (value === undefined || value === null || value === "") continue;
    list.append(el("dt", { text: name }), el("dd", { text: String(value) }));
  }
  return list;
}

function findingsBlock(findings) {
  const block = el("div", { class: "findings" });
  for (const finding of findings || []) {
    const node = el("div", { class: "finding " + finding.severity, "data-code": finding.code },
      el("strong", { class: "sev-" + finding.severity, text: finding.severity + " " }),
      el("code", { text: finding.code }), " ", finding.message);
    if (finding.raw !== undefined) node.append(el("div", {}, "raw: ", el("code", { text: finding.raw })));
    if (finding.decoded !== undefined) node.append(el("div", {}, "backend gets: ", el("code", { text: finding.decoded })));
    if (finding.fix) node.append(el("div", { text: "fix: " + finding.fix }));
    if (finding.connections) node.append(el("div", { text: "connections: " + finding.connections.join(", ") }));
    block.append(node);
  }
  return block;
}

function payloadBlock(event) {
  const wrapper = el("div", { id: "payload" });
  let parsed;
  if (event.text !== undefined) {
    try { parsed = JSON.parse(event.text); } catch (error) { parsed = undefined; }
  }
  const views = {
    json: parsed !== undefined ? JSON.stringify(parsed, null, 2) : null,
    text: event.text !== undefined ? event.text : null,
    hex: hexDump(bytesOf(event)),
  };
  const pre = el("pre", { id: "payload-view" });
  const tabs = el("div", { class: "tabs" });
  const show = (name) => {
    pre.textContent = views[name];
    pre.setAttribute("data-view", name);
    for (const button of tabs.children) button.classList.toggle("active", button.dataset.view === name);
  };
  for (const name of ["json", "text", "hex"]) {
    if (views[name] === null) continue;
    tabs.append(el("button", { type: "button", "data-view": name, text: name.toUpperCase(), onclick: () => show(name) }));
  }
  wrapper.append(tabs, pre);
  show(views.json !== null ? "json" : views.text !== null ? "text" : "hex");
  return wrapper;
}

function resolutionBlock(resolution) {
  const block = el("div", { id: "resolution", "data-outcome": resolution.outcome });
  block.append(definitionList([
    ["expression", resolution.expression + (resolution.expressionAssumed ? " (assumed: no expression was given)" : "")],
    ["value", resolution.value !== undefined ? JSON.stringify(resolution.value) : "(none)"],
    ["outcome", resolution.outcome],
    ["route key", resolution.routeKey],
    ["reason", resolution.reason],
    ["gateway replies", resolution.reply],
    ["gateway closes", resolution.closeCode],
  ]));
  block.append(el("p", { class: "explanation", text: resolution.explanation }));
  for (const hint of resolution.hints || []) {
    block.append(el("div", { class: "finding warning hint-item", "data-kind": hint.kind },
      el("strong", { text: "did you mean " }), el("code", { text: hint.routeKey }), "? " + hint.message));
  }
  return block;
}

function queryBlock(connect) {
  const block = el("div", { id: "connect-query" });
  block.append(el("div", {}, "as sent: "), el("pre", { class: "raw-query", text: connect.rawQuery || "(no query)" }));
  const query = connect.query;
  if (query && query.multiValueQueryStringParameters) {
    const table = el("table", { class: "decoded-query" },
      el("thead", {}, el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "backend receives" }))));
    const body = el("tbody");
    for (const [name, values] of Object.entries(query.multiValueQueryStringParameters)) {
      for (const value of values) body.append(el("tr", {}, el("td", { text: name }), el("td", { text: JSON.stringify(value) })));
    }
    table.append(body);
    block.append(el("div", { text: "as the backend receives it (queryStringParameters):" }), table);
  }
  return block;
}

function renderDetail() {
  const detail = $("detail");
  const item = state.events[state.selected];
  if (!item) return;
  const event = item.event;
  const parts = [el("h3", { text: event.type + " #" + item.seq })];
  const connection = event.connection ? state.connections.get(connectionKey(item.input, event.connection)) : null;
  switch (event.type) {
    case "message":
      parts.push(definitionList([
        ["time", event.time], ["connection", connectionName(item.input, event.connection)],
        ["direction", event.from === "client" ? "client → server" : "server → client"], ["opcode", event.opcode],
        ["size", size(event.size)], ["frames", event.frames], ["largest frame", size(event.largestFrameSize)],
        ["compressed", event.compressed ? "yes" : undefined],
      ]));
      if (event.intervention) parts.push(el("h3", { text: "Gatewire's doing" }), interventionBlock(event.intervention));
      parts.push(el("h3", { text: "Payload" }), payloadBlock(event));
      if (event.resolution) parts.push(el("h3", { text: "Route selection" }), resolutionBlock(event.resolution));
      if (event.findings && event.findings.length) parts.push(el("h3", { text: "Findings" }), findingsBlock(event.findings));
      break;
    case "connect":
      parts.push(definitionList([
        ["time", event.time], ["connection", connectionName(item.input, event.connection)],
        ["connection id", event.connectionId], ["client", event.client], ["upstream", event.upstream],
        ["request", event.method + " " + event.path], ["status", event.status], ["subprotocol", event.subprotocol],
      ]));
      if (event.findings && event.findings.length) parts.push(el("h3", { text: "Findings" }), findingsBlock(event.findings));
      parts.push(el("h3", { text: "Headers" }), definitionList((event.headers || []).map((h) => [h.name, h.value])));
      break;
    case "control":
      parts.push(definitionList([["time", event.time], ["direction", event.from], ["opcode", event.opcode], ["size", size(event.size)]]));
      parts.push(el("h3", { text: "Payload" }), payloadBlock(event));
      break;
    case "close":
      parts.push(definitionList([
        ["time", event.time], ["from", event.from || "(no close frame)"], ["code", event.code],
        ["reason", event.reason], ["initiator", event.initiator],
      ]));
      if (event.intervention) parts.push(el("h3", { text: "Gatewire's doing" }), interventionBlock(event.intervention));
      break;
    case "error":
      parts.push(definitionList([
        ["time", event.time], ["side", event.side], ["code", event.code], ["message", event.message], ["close code", event.closeCode],
      ]));
      break;
  }
  if (connection && connection.connect) {
    parts.push(el("h3", { text: "$connect query" }), queryBlock(connection.connect));
  }
  detail.replaceChildren(...parts);
}

// ---- Diagnosis: recomputed by the server from the kept events, fetched as they change.

// Asks again while the last report covers fewer events than the page has; answers that arrive out of order are
// dropped, so an older report never replaces a newer one.
async function refreshDiagnosis(force = false) {
  if (!force && state.diagnosisCovers >= state.lastSeq) return;
  const ticket = ++state.diagnosisTicket;
  try {
    const response = await fetch("/diagnosis", { cache: "no-store" });
    if (!response.ok) return;
    const report = await response.json();
    if (ticket < state.diagnosisApplied) return;
    state.diagnosisApplied = ticket;
    state.diagnosis = report;
    state.diagnosisCovers = Number(response.headers.get("X-Gatewire-Covers") || 0);
    state.inputNames = state.diagnosis.inputs.map((input) => input.name);
    renderDiagnosis();
  } catch (error) {
    // The next tick tries again.
  }
}

function connectionLinks(connections) {
  const span = el("span", { class: "links" });
  const seen = new Set();
  for (const connection of connections || []) {
    const name = connection.name || connection.connection;
    if (seen.has(name)) continue;
    seen.add(name);
    span.append(el("a", {
      class: "conn-link", href: "#", "data-connection": connection.connection, text: name,
      onclick: (clickEvent) => {
        clickEvent.preventDefault();
        applyFilter({ ...state.filter, connections: [connection.connection] });
        const input = state.inputNames.indexOf(connection.input);
        const tracked = state.connections.get(connectionKey(Math.max(0, input), connection.connection));
        if (tracked && tracked.connectIndex !== undefined) select(tracked.connectIndex);
      },
    }));
  }
  return span;
}

// Each section lists its first items; the counts in the heading and the summary cover all of them.
const DIAGNOSIS_ITEMS = 200;

function moreItems(items) {
  return items.length > DIAGNOSIS_ITEMS
    ? [el("div", { class: "hint", text: (items.length - DIAGNOSIS_ITEMS).toLocaleString() + " more (gatewire diagnose lists all)" })]
    : [];
}

function renderDiagnosis() {
  const report = state.diagnosis;
  const summary = report.summary;
  const summaryNode = $("diagnosis-summary");
  summaryNode.textContent = "— " + summary.missingSubscriptions + " missing subscriptions, " + summary.routeProblems +
    " route problems (" + summary.unroutedMessages + " messages), " + summary.gatewayTrouble + " gateway trouble";
  summaryNode.setAttribute("data-summary", JSON.stringify(summary));
  const parts = [];
  parts.push(el("h4", { text: "Missing subscriptions (" + report.missingSubscriptions.length + ")" }));
  for (const group of report.missingSubscriptions.slice(0, DIAGNOSIS_ITEMS)) {
    const node = el("div", { class: "diag error", "data-section": "missingSubscriptions" },
      el("div", { text: group.message }));
    for (const member of group.members) {
      node.append(el("div", {}, connectionLinks([member.connection]), el("code", { text: member.rawQuery })));
    }
    node.append(el("div", { text: "fix: " + group.fix }));
    parts.push(node);
  }
  parts.push(...moreItems(report.missingSubscriptions));
  parts.push(el("h4", { text: "Route problems (" + report.routeProblems.length + ")" }));
  for (const problem of report.routeProblems.slice(0, DIAGNOSIS_ITEMS)) {
    const node = el("div", { class: "diag " + problem.severity, "data-section": "routeProblems", "data-value": problem.value,
      "data-outcome": problem.outcome },
      el("div", {}, el("strong", { text: problem.count + " × " + (problem.outcome === "rejected" ? "Forbidden" : problem.outcome) + " " }),
        el("code", { text: problem.value === undefined ? "(no value)" : JSON.stringify(problem.value) }), " — " + problem.explanation));
    for (const hint of problem.hints || []) node.append(el("div", { text: "did you mean " + hint.routeKey + "? " + hint.message }));
    node.append(el("div", { text: "fix: " + problem.fix }), connectionLinks(problem.connections));
    parts.push(node);
  }
  parts.push(...moreItems(report.routeProblems));
  parts.push(el("h4", { text: "Gateway trouble (" + report.gatewayTrouble.length + ")" }));
  for (const trouble of report.gatewayTrouble.slice(0, DIAGNOSIS_ITEMS)) {
    const node = el("div", { class: "diag " + trouble.severity, "data-section": "gatewayTrouble", "data-kind": trouble.kind },
      connectionLinks([trouble.connection]), el("span", { text: trouble.message }));
    if (trouble.fix) node.append(el("div", { text: "fix: " + trouble.fix }));
    parts.push(node);
  }
  parts.push(...moreItems(report.gatewayTrouble));
  if (report.notes.length) {
    parts.push(el("h4", { text: "Notes" }));
    for (const note of report.notes.slice(0, DIAGNOSIS_ITEMS)) parts.push(el("div", { class: "diag info", "data-section": "notes", text: note }));
  }
  $("diagnosis").replaceChildren(...parts);
  state.connectionsDirty = true;
  scheduleRender();
}

// Arrow keys (or j and k) move the selection through the listed rows, Home and End jump; typing in a field is left
// alone.
function moveSelection(keyEvent) {
  if (keyEvent.target.closest && keyEvent.target.closest("input, select, textarea")) return;
  const steps = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: 20, PageUp: -20 };
  const count = state.filtered.length;
  if (count === 0) return;
  let position = state.filtered.indexOf(state.selected);
  if (keyEvent.key in steps) {
    position = position < 0 ? 0 : Math.max(0, Math.min(count - 1, position + steps[keyEvent.key]));
  } else if (keyEvent.key === "Home") {
    position = 0;
  } else if (keyEvent.key === "End") {
    position = count - 1;
  } else {
    return;
  }
  keyEvent.preventDefault();
  const container = timeline();
  const top = position * ROW_HEIGHT;
  if (top < container.scrollTop) container.scrollTop = top;
  else if (top + ROW_HEIGHT > container.scrollTop + container.clientHeight) {
    container.scrollTop = top + ROW_HEIGHT - container.clientHeight;
  }
  select(state.filtered[position]);
}

// ---- Held panel: the messages the proxy's breakpoints hold, polled every second from /api/held (only a view inside
// `gatewire proxy` has it; elsewhere the endpoint answers 404 and the panel stays hidden). Rows are kept by id, so a
// payload being edited survives the refresh. Every request carries X-Gatewire-View, which the server requires.

const HELD_HEADERS = { "X-Gatewire-View": "1" };

function seconds(value) {
  return value < 10 ? value.toFixed(1) + " s" : Math.round(value) + " s";
}

function heldPayload(message) {
  if (message.text !== undefined) return message.text;
  return "(binary, " + size(message.size) + ")";
}

async function refreshHeld() {
  let response;
  try {
    response = await fetch("/api/held", { headers: HELD_HEADERS, cache: "no-store" });
  } catch (error) {
    return true; // the next tick tries again
  }
  if (response.status === 404) return false;
  if (!response.ok) return true;
  renderHeld((await response.json()).held);
  return true;
}

async function resolveHeld(id, action, body) {
  const status = $("held-status");
  try {
    const response = await fetch("/api/held/" + encodeURIComponent(id) + "/" + action,
      { method: "POST", headers: HELD_HEADERS, body: body === undefined ? "" : body, cache: "no-store" });
    status.textContent = response.ok ? "" : (await response.text()).trim();
  } catch (error) {
    status.textContent = "the view is unreachable";
  }
  refreshHeld();
}

function heldRow(message) {
  const editor = el("textarea", { class: "held-editor", rows: "3", spellcheck: "false" });
  editor.value = message.text !== undefined ? message.text : "";
  const editing = el("div", { class: "held-editing", hidden: "" }, editor,
    el("button", { type: "button", class: "held-send", text: "Send edit",
      title: "Send this payload on instead of the held one (recorded as injected)",
      onclick: () => resolveHeld(message.id, "release", editor.value) }),
    el("button", { type: "button", class: "held-cancel", text: "Cancel", onclick: () => { editing.hidden = true; } }));
  const editButton = el("button", { type: "button", class: "held-edit", text: "Edit & release",
    title: "Change the payload, then send it on", onclick: () => { editing.hidden = false; editor.focus(); } });
  if (message.text === undefined) editButton.disabled = true;
  const row = el("div", { class: "held-row", "data-id": message.id, "data-connection": message.connection },
    el("span", { class: "held-id", text: message.id }),
    el("span", { class: "held-conn", text: message.connection }),
    el("span", { class: "dir-" + message.from, text: message.from === "client" ? "→ upstream" : "← client",
      title: message.from === "client" ? "sent by the client" : "sent by the server" }),
    el("span", { class: "held-rule", text: message.rule, title: "the breakpoint's rule" }),
    el("span", { class: "held-age", title: "held for" }),
    el("span", { class: "held-left", title: "the hold timeout sends it on as it is after" }),
    el("span", { class: "held-preview", text: heldPayload(message), title: heldPayload(message) }),
    el("button", { type: "button", class: "held-release", text: "Release", title: "Send it on as it is",
      onclick: () => resolveHeld(message.id, "release") }),
    editButton,
    el("button", { type: "button", class: "held-drop", text: "Drop", title: "Neither peer gets it",
      onclick: () => resolveHeld(message.id, "drop") }),
    editing);
  return row;
}

function renderHeld(messages) {
  const pane = $("held-pane");
  pane.hidden = false;
  const list = $("held-list");
  const existing = new Map(Array.from(list.querySelectorAll(".held-row"), (row) => [row.dataset.id, row]));
  const rows = [];
  for (const message of messages) {
    const row = existing.get(message.id) || heldRow(message);
    row.querySelector(".held-age").textContent = "held " + seconds(message.ageSeconds);
    row.querySelector(".held-left").textContent = seconds(message.secondsLeft) + " left";
    rows.push(row);
  }
  // Rows are moved only when the list changed, so a payload being typed keeps its focus.
  const same = rows.length === list.children.length && rows.every((row, index) => list.children[index] === row);
  if (!same) list.replaceChildren(...rows);
  $("held-count").textContent = messages.length ? "(" + messages.length + ")" : "(none; gatewire proxy --break sets breakpoints)";
  pane.classList.toggle("holding", messages.length > 0);
}

function startHeld() {
  refreshHeld().then((available) => {
    if (!available) return;
    setInterval(refreshHeld, 1000);
  });
}

// ---- Wiring.

function start() {
  applyFilter(state.filter, { pushHistory: false });
  const form = $("filters");
  let typing;
  form.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => applyFilter(filterFromForm()), 150);
  });
  form.addEventListener("change", () => applyFilter(filterFromForm()));
  form.addEventListener("submit", (submitEvent) => submitEvent.preventDefault());
  $("filter-clear").addEventListener("click", () =>
    applyFilter({ routes: [], connections: [], direction: "", text: "", severity: "", interventions: "" }));
  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    if (!state.paused) {
      state.unseenWhilePaused = 0;
      applyFilter(state.filter, { pushHistory: false });
    }
    updateStatus();
  });
  timeline().addEventListener("scroll", () => {
    if (ownScroll) ownScroll = false;
    else scheduleRender({ soon: true });
  }, { passive: true });
  document.addEventListener("keydown", moveSelection);
  window.addEventListener("resize", () => scheduleRender({ soon: true }));
  connectStream();
  startHeld();
  // The diagnosis follows the events once a second; every five seconds while they pour in. The server brings it up
  // to date from the events it keeps, so asking less often under a flood is what saves the proxy work.
  let diagnosisTicks = 0;
  setInterval(() => {
    diagnosisTicks += 1;
    if (!state.paused && (!busy || diagnosisTicks % 5 === 0)) refreshDiagnosis();
  }, 1000);
  setInterval(() => {
    if (!state.paused && !state.finished) state.connectionsDirty = true, scheduleRender();
  }, 1000);
  refreshDiagnosis(true);
}

document.addEventListener("DOMContentLoaded", start);
