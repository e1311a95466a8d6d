// nhssim classroom: the page's script. Plain JavaScript, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};

// The page runs in one of two ways: served by 'nhssim serve', it asks the
// server's /api; exported as static files ('nhssim serve --export'), it
// runs the simulator in this browser, in a Web Worker (worker.js), and
// reads its setup from setup.json. The exporter marks the page so.
const STATIC = !!document.querySelector('meta[name="nhssim-mode"][content="static"]');

// link is a page's address: the server's path, or the exported file.
function link(path) {
  if (!STATIC) return path;
  const [p, hash] = path.split("#");
  const [base, query] = p.split("?");
  let f = base === "/" ? "index.html"
    : base.startsWith("/static/") ? base.slice(8)
    : base.startsWith("/stories/") ? "story-" + base.slice(9) + ".html"
    : base === "/api/setup" ? "setup.json"
    : base.slice(1) + ".html";
  if (query !== undefined) f += "?" + query;
  return hash !== undefined ? f + "#" + hash : f;
}

const state = {
  setup: null,
  sides: { a: { ref: "", yaml: "", info: null }, b: { ref: "", yaml: "", info: null } },
  sets: { a: {}, b: {} }, // levers changed on each side: path → value
  editing: "b",           // the side whose levers the controls show
  names: {},              // names for the charts (by an exercise)
  exercise: null,         // the exercise set up, if any
  controller: null,
};

// ---- scenarios -------------------------------------------------------------

function scenarioInfo(side) {
  const s = state.sides[side];
  if (s.yaml) return s.info;
  return state.setup.scenarios.find((x) => x.name === s.ref);
}

function fillSelect(side) {
  const sel = $("scenario-" + side);
  sel.replaceChildren();
  for (const sc of state.setup.scenarios) sel.append(el("option", { value: sc.name, text: sc.name }));
  const s = state.sides[side];
  if (s.yaml && s.info) sel.append(el("option", { value: "upload:", text: "uploaded: " + s.info.name }));
  sel.value = s.yaml ? "upload:" : s.ref;
}

function showDescription(side) {
  const info = scenarioInfo(side);
  const d = $("desc-" + side);
  d.replaceChildren();
  if (!info) return;
  d.append(info.description || "(no description)");
  if (info.story) d.append(" ", el("a", { href: link("/stories/" + info.name), text: "Read its story" }));
}

function pick(side, ref) {
  state.sides[side] = { ref, yaml: "", info: null };
  state.names = {};
  state.sets[side] = {};
  fillSelect(side);
  showDescription(side);
  $("errors-" + side).replaceChildren();
  showLevers();
}

async function upload(side, file) {
  const box = $("errors-" + side);
  box.replaceChildren();
  if (file.size > 64 * 1024) {
    box.append(el("p", { text: "The file is too large: a scenario file may be at most 64 KiB." }));
    return;
  }
  const text = await file.text();
  const { ok, body } = await checkUpload(file.name, text);
  if (!ok) {
    showProblem(box, body);
    return;
  }
  state.sides[side] = { ref: "", yaml: text, info: body };
  state.names = {};
  state.sets[side] = {};
  fillSelect(side);
  showDescription(side);
  showLevers();
}

// checkUpload checks a scenario file with the server, or the worker.
async function checkUpload(name, text) {
  if (STATIC) {
    const { event, data } = await worker.ask({ op: "upload", name, text });
    return { ok: event === "ok", body: JSON.parse(data) };
  }
  const resp = await fetch("/api/upload?name=" + encodeURIComponent(name), { method: "POST", body: text, headers: { "Content-Type": "application/yaml" } });
  return { ok: resp.ok, body: await resp.json() };
}

// showProblem lists a problem's issues, each with its line and field.
function showProblem(box, p) {
  box.replaceChildren();
  box.append(el("p", { text: p.message }));
  if (p.issues && p.issues.length) {
    const ul = el("ul");
    for (const is of p.issues) ul.append(el("li", { text: is.text }));
    box.append(ul);
  }
}

// ---- levers ----------------------------------------------------------------
//
// The controls show the levers of one side at a time (state.editing); each
// side's changes are kept in state.sets, and a run sends both.

function fmt(v) {
  const n = Number(v);
  if (!isFinite(n)) return String(v);
  if (Math.abs(n) >= 10000) return n.toLocaleString("en-GB");
  return String(Math.round(n * 1e6) / 1e6);
}

// shown is a lever's value as the page writes it: a share as a percentage.
function shown(l, v) {
  if (l.kind === "bool") return v === "true" ? "on" : "off";
  if (l.kind === "enum") {
    const i = l.options.indexOf(v);
    return l.option_labels && i >= 0 ? l.option_labels[i] : v;
  }
  const unit = Number(v) === 1 && l.unit_one ? l.unit_one : l.unit;
  return (l.percent ? fmt(Math.round(Number(v) * 1000) / 10) + "%" : fmt(v)) + (unit ? " " + unit : "");
}

const leverId = (l) => "lever-" + l.path.replace(/[._]/g, "-");

function buildLevers() {
  const box = $("levers");
  box.replaceChildren();
  let section = null, group = null;
  for (const l of state.setup.levers) {
    if (l.section !== section) {
      section = l.section;
      group = el("details", { class: "lever-group", "data-section": section },
        el("summary", {}, el("span", { class: "section", text: section }), " ", el("span", { class: "count" })));
      box.append(group);
    }
    const id = leverId(l);
    const row = el("div", { class: "lever", "data-path": l.path });
    const described = id + "-doc " + id + "-idle";
    let input;
    if (l.kind === "bool") {
      input = el("input", { type: "checkbox", id, "aria-describedby": described });
      row.append(input, " ", el("label", { for: id, text: l.label }));
    } else if (l.kind === "enum") {
      input = el("select", { id, "aria-describedby": described });
      l.options.forEach((o, i) => input.append(el("option", { value: o, text: (l.option_labels || [])[i] || o })));
      row.append(el("label", { for: id, text: l.label }), " ", input);
    } else {
      input = el("input", { type: "range", id, min: l.min, max: l.max, step: l.step, "aria-describedby": described });
      const out = el("output", { for: id, id: id + "-out" });
      row.append(el("label", { for: id, class: "slider-label", text: l.label }), " ", el("span", { class: "slider" }, input, " ", out));
    }
    input.dataset.path = l.path;
    if (l.kind === "number") input.dataset.step = l.step;
    input.addEventListener("input", () => leverChanged(l, input));
    const doc = el("p", { class: "doc", id: id + "-doc" }, l.doc);
    const idle = el("p", { class: "idle", id: id + "-idle", hidden: "" });
    const details = el("details", { class: "lever-details" }, el("summary", { text: "Details" }),
      el("p", {}, "In the model: ", el("code", { text: l.path }), ". " + l.details + ". ",
        el("a", { href: link("/params#" + l.path), text: "Where the figure comes from" }), ": " + l.source + "."));
    row.append(el("span", { class: "changed-mark", hidden: "", text: "changed" }), doc, idle, details);
    group.append(row);
  }
}

function leverInput(path) { return document.querySelector(`#levers [data-path="${path}"] input, #levers [data-path="${path}"] select`); }

function inputValue(l, input) {
  if (l.kind === "bool") return input.checked ? "true" : "false";
  return input.value;
}

function setInput(l, input, v) {
  if (l.kind === "bool") input.checked = v === "true";
  else if (l.kind === "number") {
    const n = Number(v);
    if (n < Number(input.min)) input.min = n;
    if (n > Number(input.max)) input.max = n;
    input.step = input.dataset.step;
    input.value = n;
    if (Number(input.value) !== n) { input.step = "any"; input.value = n; } // off the slider's grid
  } else input.value = v;
  if (l.kind === "number") showNumber(l, input);
}

function showNumber(l, input) {
  $(input.id + "-out").textContent = shown(l, input.value);
  input.setAttribute("aria-valuetext", shown(l, input.value));
}

// own is a side's value of a parameter in its scenario; value, with the
// page's changes.
function own(side, path) {
  const info = scenarioInfo(side);
  return info ? info.values[path] : undefined;
}
function value(side, path) { return state.sets[side][path] ?? own(side, path); }

function same(l, x, y) { return l.kind === "number" ? Number(x) === Number(y) : x === y; }

function leverChanged(l, input) {
  if (l.kind === "number") showNumber(l, input);
  const side = state.editing, v = inputValue(l, input);
  if (same(l, v, own(side, l.path))) delete state.sets[side][l.path];
  else state.sets[side][l.path] = v;
  markLevers();
}

// showLevers sets the controls to the edited side's values.
function showLevers() {
  if (!scenarioInfo(state.editing)) return;
  for (const l of state.setup.levers) setInput(l, leverInput(l.path), value(state.editing, l.path));
  markLevers();
}

// localHospitals is the number of hospitals in each local system of a run
// at this size: what patients choose between. It is the server's
// localHospitals (levers.go), which a test checks it against.
function localHospitals(patients, v) {
  const catchment = Number(v["hospitals.practices_per_hospital"]) * Number(v["population.practice_size"]);
  const per = Number(v["market.hospitals_per_market"]);
  const systems = Math.round(patients / (catchment * per));
  const count = systems > 0 ? systems * per : Math.max(1, Math.round(patients / catchment));
  return Math.min(count, per);
}

// idleText says why a lever does nothing on a side at this size, or "".
function idleText(l, side) {
  const info = scenarioInfo(side);
  if (!info || !l.idle) return "";
  const v = { ...info.values, ...state.sets[side] };
  const patients = Number($("patients").value) || state.setup.size.patients;
  for (const r of l.idle) {
    const holds = r.when.every((c) => c.path === "local_hospitals" ? localHospitals(patients, v) < c.below : v[c.path] === c.is);
    if (!holds) continue;
    if (r.when.some((c) => c.path === "local_hospitals")) {
      const need = Math.ceil(Number(v["hospitals.practices_per_hospital"]) * Number(v["population.practice_size"]) * Number(v["market.hospitals_per_market"]) / 2);
      return r.says + ` At these practice sizes, a local area of ${v["market.hospitals_per_market"]} hospitals needs about ${need.toLocaleString("en-GB")} patients.`;
    }
    return r.says;
  }
  return "";
}

// markLevers marks the changed and the idle levers, counts the changes in
// each group (opening a group with a change), and sums up both sides.
function markLevers() {
  const side = state.editing;
  const counts = {};
  for (const l of state.setup.levers) {
    const row = document.querySelector(`#levers .lever[data-path="${l.path}"]`);
    const changed = l.path in state.sets[side];
    row.classList.toggle("changed", changed);
    row.querySelector(".changed-mark").hidden = !changed;
    const idle = idleText(l, side), p = row.querySelector(".idle");
    p.textContent = idle;
    p.hidden = !idle;
    row.classList.toggle("is-idle", !!idle);
    if (changed) counts[l.section] = (counts[l.section] || 0) + 1;
  }
  for (const g of document.querySelectorAll("#levers .lever-group")) {
    const n = counts[g.dataset.section] || 0;
    g.querySelector(".count").textContent = n ? `(${n} changed)` : "";
    if (n) g.open = true;
  }
  const byPath = Object.fromEntries(state.setup.levers.map((l) => [l.path, l]));
  const sum = (s) => {
    const ch = Object.entries(state.sets[s]).filter(([p]) => byPath[p]);
    const name = s.toUpperCase();
    if (!ch.length) return `${name}: no lever changed.`;
    return `${name}: ` + ch.map(([p, v]) => `${byPath[p].label}, ${shown(byPath[p], v)}` + (idleText(byPath[p], s) ? " (which does nothing here)" : "")).join("; ") + ".";
  };
  $("lever-summary").textContent = `Changed levers. ${sum("a")} ${sum("b")} The controls show ${side.toUpperCase()}'s levers.`;
}

function edit(side) {
  state.editing = side;
  $("editing-" + side).checked = true;
  showLevers();
}

function resetLevers() {
  state.sets[state.editing] = {};
  showLevers();
}

// ---- run -------------------------------------------------------------------

function status(text) { $("status").textContent = text; }

async function run() {
  const errs = $("run-errors");
  errs.replaceChildren();
  const side = (s, sets, name) => ({ name: name || "", ref: state.sides[s].yaml ? "" : state.sides[s].ref, yaml: state.sides[s].yaml, sets });
  const req = {
    A: side("a", state.sets.a, state.names.a),
    B: side("b", state.sets.b, state.names.b),
    patients: Number($("patients").value), years: Number($("years").value), replicates: Number($("replicates").value),
  };
  const ex = state.exercise;
  state.controller = new AbortController();
  $("answer").hidden = true;
  $("charts").replaceChildren();
  $("run").disabled = true;
  $("cancel").disabled = false;
  const prog = $("progress");
  prog.hidden = false;
  prog.value = 0;
  status("Sending…");
  const warn = $("run-warnings");
  warn.hidden = true;
  try {
    await runComparison(req, state.controller.signal, (name, data) => {
      if (name === "problem") { showProblem(errs, data); status("Not run."); }
      else if (name === "queued") status(`Waiting: you are number ${data.position} in the queue.`);
      else if (name === "started") status(`Running ${data.what}…`);
      else if (name === "warnings") {
        warn.replaceChildren(el("strong", { text: "Not representative. " }), ...data.map((w) => w + " "));
        warn.hidden = false;
      }
      else if (name === "progress") { prog.value = data.done / data.runs; status(`Running: ${data.done} of ${data.runs} simulations done.`); }
      else if (name === "error") { showProblem(errs, data); status("Stopped."); }
      else if (name === "result") {
        showResult(data, ex);
        status(data.cached ? `Done: ${data.title}, cached: the same run was answered before (in ${data.seconds} s), so the answer is the same. The answer follows.`
          : `Done: ${data.title}, in ${data.seconds} s. The answer follows.`);
        $("answer").dataset.cached = data.cached ? "true" : "false";
        $("answer-h").focus();
      }
    });
  } catch (e) {
    if (e.name === "AbortError") status("Cancelled.");
    else { errs.replaceChildren(el("p", { text: "The run failed: " + e.message })); status("Stopped."); }
  } finally {
    $("run").disabled = false;
    $("cancel").disabled = true;
    prog.hidden = true;
    state.controller = null;
  }
}

// runComparison runs a request and calls on(name, data) with each event
// of the run: problem (a request not run), queued, started, warnings,
// progress, error, result. It asks the server, or the worker; it ends
// when the run does, or throws an AbortError when signal aborts.
async function runComparison(req, signal, on) {
  if (STATIC) return worker.run(req, signal, on);
  const resp = await fetch("/api/run", { method: "POST", body: JSON.stringify(req), headers: { "Content-Type": "application/json" }, signal });
  if (!(resp.headers.get("Content-Type") || "").startsWith("text/event-stream")) {
    on("problem", await resp.json());
    return;
  }
  await readEvents(resp.body, on);
}

// worker is the static page's simulator: a Web Worker that runs the
// WebAssembly build, started when the page loads so that the module
// downloads while the class picks. A cancelled run ends the worker and
// starts another.
const worker = {
  w: null, next: 0, pending: new Map(), zipURL: null,
  start() {
    this.w = new Worker("worker.js");
    this.w.onmessage = (ev) => {
      const p = this.pending.get(ev.data.id);
      if (p) p(ev.data);
    };
    this.w.onerror = (ev) => {
      for (const p of this.pending.values()) p({ event: "error", data: JSON.stringify({ message: "The simulator stopped: " + (ev.message || "unknown error") }) });
      ev.preventDefault();
    };
  },
  // ask sends a message and resolves with the first answer.
  ask(m) {
    return new Promise((resolve) => {
      const id = ++this.next;
      this.pending.set(id, (a) => { this.pending.delete(id); resolve(a); });
      this.w.postMessage({ id, ...m });
    });
  },
  run(req, signal, on) {
    return new Promise((resolve, reject) => {
      const id = ++this.next;
      let result = null;
      const end = () => { this.pending.delete(id); signal.removeEventListener("abort", abort); resolve(); };
      const abort = () => {
        this.pending.delete(id);
        this.w.terminate();
        this.start();
        reject(new DOMException("The run was cancelled.", "AbortError"));
      };
      signal.addEventListener("abort", abort);
      this.pending.set(id, ({ event, data }) => {
        if (event === "result") { result = JSON.parse(data); return; } // its zip follows
        if (event === "zip") {
          if (this.zipURL) URL.revokeObjectURL(this.zipURL);
          this.zipURL = URL.createObjectURL(new Blob([data], { type: "application/zip" }));
          result.download = this.zipURL;
          on("result", result);
          end();
          return;
        }
        if (event === "end") { end(); return; }
        on(event, JSON.parse(data));
        if (event === "error") end();
      });
      this.w.postMessage({ id, op: "run", request: JSON.stringify(req) });
    });
  },
};

// readEvents reads a stream of server-sent events.
async function readEvents(body, on) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let i;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      let name = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) name = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      on(name, JSON.parse(data));
    }
  }
}

function showResult(r, ex) {
  $("answer").hidden = false;
  $("answer-title").textContent = r.title;
  const caps = $("captions");
  caps.replaceChildren();
  for (const c of r.captions) caps.append(el("li", { class: c.clear ? "clear" : "unclear", text: c.text }));
  $("answer-note").textContent = r.note || "";
  $("answer-note").hidden = !r.note;
  // An uncertainty analysis of exactly this pair, if the server has one.
  const u = r.uncertainty;
  $("answer-uncertainty").hidden = !u;
  $("uncertainty-heading").textContent = u ? u.heading : "";
  $("uncertainty-lines").replaceChildren(...(u ? u.lines.map((t) => el("li", { text: t })) : []));
  $("uncertainty-command").textContent = u ? u.command : "";
  const asked = ex ? ex.metrics : [];
  // The exercise's measures: its sentences, then its rows in the table.
  $("exercise-answer").hidden = !ex;
  const ms = $("measures");
  ms.replaceChildren();
  // The table: the exercise's measures first, then the other headlines.
  const rows = r.table.filter((y) => !asked.includes(y.id));
  if (ex) {
    $("exercise-answer-title").textContent = ex.title;
    const first = [];
    for (const m of asked) {
      const x = r.measures.find((y) => y.id === m);
      if (!x) continue;
      ms.append(el("li", { class: x.caption.clear ? "clear" : "unclear", "data-metric": m, text: x.caption.text }));
      first.push(x);
    }
    rows.unshift(...first);
    $("exercise-discuss").replaceChildren(el("strong", { text: "To discuss. " }), ex.discuss);
    const h = $("exercise-answer-honesty");
    h.hidden = !ex.honesty;
    h.replaceChildren(el("strong", { text: "What the model cannot say here. " }), ex.honesty || "");
  }
  $("table-marks").textContent = ex ? " ◆ marks the exercise's measures." : "";
  const a = "A: " + r.A, b = "B: " + r.B;
  $("th-a").textContent = a;
  $("th-b").textContent = b;
  const tb = $("table").querySelector("tbody");
  tb.replaceChildren();
  for (const row of rows) {
    const mark = asked.includes(row.id);
    const th = el("th", { scope: "row" });
    if (mark) th.append(el("span", { class: "mark", "aria-hidden": "true", text: "◆ " }), el("span", { class: "visually-hidden", text: "The exercise's measure: " }));
    th.append(row.metric);
    tb.append(el("tr", { class: mark ? "measure" : "", "data-metric": row.id }, th,
      el("td", { "data-label": a, text: row.A }), el("td", { "data-label": b, text: row.B }), el("td", { "data-label": "B − A", text: row.Diff })));
  }
  $("download").href = r.download || "#";
  $("download").hidden = !r.download; // a run too large to keep has none
  $("command").textContent = r.command;
  const charts = $("charts");
  charts.replaceChildren();
  for (const c of r.charts) {
    if (c.name === "dashboard") continue; // the others show it, larger
    const title = c.alt.split(". Scenarios:")[0];
    const img = el("img", { src: c.src, alt: c.alt, "data-chart": c.name });
    const big = el("button", { type: "button", class: "enlarge", text: "Enlarge the chart" });
    const open = () => enlarge(c, title);
    img.addEventListener("click", open);
    big.addEventListener("click", open);
    charts.append(el("figure", { class: "chart" }, img, el("figcaption", {}, title + " ", big)));
  }
  $("answer-h").scrollIntoView(); // not smooth: some readers need less motion
}

// enlarge shows a chart at its own size in a dialog, to scroll around on a
// small screen.
function enlarge(c, title) {
  const d = $("chart-dialog");
  $("chart-dialog-h").textContent = title;
  $("chart-big").src = c.src;
  $("chart-big").alt = c.alt;
  d.showModal();
  $("chart-close").focus();
}

// ---- exercises and stories -------------------------------------------------

function setUpExercise(e) {
  pick("a", e.a);
  pick("b", e.b);
  state.names = { a: e.a_name, b: e.b_name };
  for (const [side, sets] of [["a", e.a_sets || {}], ["b", e.b_sets || {}]]) {
    for (const [path, v] of Object.entries(sets)) {
      const l = state.setup.levers.find((x) => x.path === path);
      if (!same(l, v, own(side, path))) state.sets[side][path] = v;
    }
  }
  const z = state.setup.size;
  const patients = e.patients > z.patients ? Math.min(e.patients, z.max_patients) : z.patients;
  $("patients").value = patients;
  state.exercise = e;
  $("exercise-title").textContent = e.title;
  $("exercise-question").textContent = e.question;
  $("exercise-size").textContent = patients === z.patients ? `It runs at the teaching size (${z.patients.toLocaleString("en-GB")} patients).`
    : patients === e.patients ? `It runs at ${patients.toLocaleString("en-GB")} patients, not the teaching size: see below.`
    : `It needs ${e.patients.toLocaleString("en-GB")} patients, but ${STATIC ? "this page" : "this server"} allows at most ${z.max_patients.toLocaleString("en-GB")}: at this size the answer cannot show what the exercise asks about.`;
  $("exercise-measures").textContent = e.measure_names.join("; ");
  const h = $("exercise-honesty");
  h.hidden = !e.honesty;
  h.replaceChildren(el("strong", { text: "What the model cannot say here. " }), e.honesty || "");
  $("exercise-panel").hidden = false;
  showLevers();
  status(`Exercise set up: ${e.title}. Press Run.`);
  $("exercise-panel").scrollIntoView();
  $("run").focus();
}

function leaveExercise() {
  const e = state.exercise, z = state.setup.size;
  if (e && e.patients > z.patients && Number($("patients").value) === Math.min(e.patients, z.max_patients)) $("patients").value = z.patients;
  state.exercise = null;
  markLevers();
  $("exercise-panel").hidden = true;
  status("");
  $("run").focus();
}

function buildLists() {
  const ol = $("exercise-list");
  for (const e of state.setup.exercises) {
    const b = el("button", { type: "button", text: "Set it up" });
    b.addEventListener("click", () => setUpExercise(e));
    ol.append(el("li", {}, el("strong", { text: e.title + ". " }), e.question + " ", b));
  }
  const ul = $("story-list");
  for (const s of state.setup.scenarios) {
    if (!s.story) continue;
    ul.append(el("li", {}, el("a", { href: link("/stories/" + s.name), text: s.name }), ": " + s.description));
  }
}

// ---- start -----------------------------------------------------------------

async function start() {
  if (STATIC && location.protocol === "file:") { // browsers start no worker for a file:// page
    $("main").prepend(el("p", { class: "errors", role: "alert", text: "This page runs nhssim in your browser, which browsers allow only for a page served over http or https, not opened from a file. Serve its directory with any web server, for example: python3 -m http.server -d DIR 8000, then open http://127.0.0.1:8000/ (docs/teaching/publish.md)." }));
    return;
  }
  if (STATIC) worker.start();
  state.setup = await (await fetch(link("/api/setup"))).json();
  const z = state.setup.size;
  for (const [id, v, mx] of [["patients", z.patients, z.max_patients], ["years", z.years, z.max_years], ["replicates", z.replicates, z.max_replicates]]) {
    $(id).value = v;
    $(id).max = mx;
  }
  $("size-hint").textContent = `Teaching size: ${z.patients.toLocaleString("en-GB")} patients, ${z.years} years (statistics after a ${z.warmup_years}-year warm-up), ${z.replicates} replicates. ${STATIC ? "This page runs in your browser and allows" : "This server allows"} up to ${z.max_patients.toLocaleString("en-GB")} patients, ${z.max_years} years and ${z.max_replicates} replicates.`;
  buildLevers();
  buildLists();
  const q = new URLSearchParams(location.search);
  const [a, b] = state.setup.default_pair;
  state.sides.a.ref = q.get("a") || a;
  fillSelect("a");
  showDescription("a");
  pick("b", q.get("b") || b);
  for (const side of ["a", "b"]) {
    $("scenario-" + side).addEventListener("change", (ev) => { if (ev.target.value !== "upload:") pick(side, ev.target.value); });
    $("upload-" + side).addEventListener("change", (ev) => { if (ev.target.files.length) upload(side, ev.target.files[0]); });
  }
  $("reset-levers").addEventListener("click", resetLevers);
  for (const side of ["a", "b"]) $("editing-" + side).addEventListener("change", () => edit(side));
  $("patients").addEventListener("input", markLevers);
  $("exercise-close").addEventListener("click", leaveExercise);
  $("chart-close").addEventListener("click", () => $("chart-dialog").close());
  $("run").addEventListener("click", run);
  $("cancel").addEventListener("click", () => state.controller && state.controller.abort());
  document.body.dataset.ready = "true";
}

start();
