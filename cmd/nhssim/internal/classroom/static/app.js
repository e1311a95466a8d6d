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

const state = {
  setup: null,
  sides: { a: { ref: "", yaml: "", info: null }, b: { ref: "", yaml: "", info: null } },
  aSets: {},   // levers set on A (by an exercise)
  names: {},   // names for the charts (by an exercise)
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
  if (info.story) d.append(" ", el("a", { href: "/stories/" + info.name, text: "Read its story" }));
}

function pick(side, ref) {
  state.sides[side] = { ref, yaml: "", info: null };
  state.names = {};
  if (side === "a") state.aSets = {};
  fillSelect(side);
  showDescription(side);
  $("errors-" + side).replaceChildren();
  if (side === "b") resetLevers();
}

async function upload(side, file) {
  const box = $("errors-" + side);
  box.replaceChildren();
  if (file.size > 64 * 1024) {
    box.append(el("p", { text: "The file is too large: a scenario file may be at most 64 KiB." }));
    return;
  }
  const text = await file.text();
  const resp = await fetch("/api/upload?name=" + encodeURIComponent(file.name), { method: "POST", body: text, headers: { "Content-Type": "application/yaml" } });
  const body = await resp.json();
  if (!resp.ok) {
    showProblem(box, body);
    return;
  }
  state.sides[side] = { ref: "", yaml: text, info: body };
  state.names = {};
  if (side === "a") state.aSets = {};
  fillSelect(side);
  showDescription(side);
  if (side === "b") resetLevers();
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

function fmt(v) {
  const n = Number(v);
  if (!isFinite(n)) return String(v);
  if (Math.abs(n) >= 10000) return n.toLocaleString("en-GB");
  return String(Math.round(n * 1e6) / 1e6);
}

function buildLevers() {
  const box = $("levers");
  box.replaceChildren();
  let section = null, group = null;
  for (const l of state.setup.levers) {
    if (l.section !== section) {
      section = l.section;
      group = el("fieldset", { class: "lever-group" }, el("legend", { text: section }));
      box.append(group);
    }
    const id = "lever-" + l.path.replace(/[._]/g, "-");
    const row = el("div", { class: "lever", "data-path": l.path });
    let input;
    if (l.kind === "bool") {
      input = el("input", { type: "checkbox", id, "aria-describedby": id + "-doc" });
      row.append(input, " ", el("label", { for: id, text: l.label }));
    } else if (l.kind === "enum") {
      input = el("select", { id, "aria-describedby": id + "-doc" });
      for (const o of l.options) input.append(el("option", { value: o, text: o }));
      row.append(el("label", { for: id, text: l.label }), " ", input);
    } else {
      input = el("input", { type: "range", id, min: l.min, max: l.max, step: l.step, "aria-describedby": id + "-doc" });
      const out = el("output", { for: id, id: id + "-out" });
      row.append(el("label", { for: id, text: l.label }), " ", input, " ", out, " ", el("span", { class: "unit", text: l.unit }));
    }
    input.dataset.path = l.path;
    if (l.kind === "number") input.dataset.step = l.step;
    input.addEventListener("input", () => leverChanged(l, input));
    const doc = el("p", { class: "doc", id: id + "-doc" }, l.doc + ". ", el("a", { href: "/params#" + l.path, title: l.source, text: "Source" }));
    row.append(el("span", { class: "changed-mark", hidden: "", text: "changed" }), doc);
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
  if (l.kind === "number") $(input.id + "-out").textContent = fmt(input.value);
}

function leverChanged(l, input) {
  if (l.kind === "number") $(input.id + "-out").textContent = fmt(input.value);
  const info = scenarioInfo("b");
  const v = inputValue(l, input), own = info ? info.values[l.path] : v;
  const changed = l.kind === "number" ? Number(v) !== Number(own) : v !== own;
  const row = input.closest(".lever");
  row.classList.toggle("changed", !!changed);
  row.querySelector(".changed-mark").hidden = !changed;
}

function resetLevers(overrides = {}) {
  const info = scenarioInfo("b");
  if (!info) return;
  for (const l of state.setup.levers) {
    const input = leverInput(l.path);
    setInput(l, input, overrides[l.path] ?? info.values[l.path]);
    leverChanged(l, input);
  }
}

// changedLevers returns B's levers that differ from B's own values.
function changedLevers() {
  const sets = {};
  for (const l of state.setup.levers) {
    const input = leverInput(l.path);
    if (input.closest(".lever").classList.contains("changed")) sets[l.path] = inputValue(l, input);
  }
  return sets;
}

// ---- run -------------------------------------------------------------------

function status(text) { $("status").textContent = text; }

async function run() {
  const errs = $("run-errors");
  errs.replaceChildren();
  const side = (s, sets, name) => ({ name: name || "", ref: state.sides[s].yaml ? "" : state.sides[s].ref, yaml: state.sides[s].yaml, sets });
  const req = {
    A: side("a", state.aSets, state.names.a),
    B: side("b", changedLevers(), state.names.b),
    patients: Number($("patients").value), years: Number($("years").value), replicates: Number($("replicates").value),
  };
  state.controller = new AbortController();
  $("answer").hidden = true;
  $("charts").replaceChildren();
  $("run").disabled = true;
  $("cancel").disabled = false;
  const prog = $("progress");
  prog.hidden = false;
  prog.value = 0;
  status("Sending…");
  try {
    const resp = await fetch("/api/run", { method: "POST", body: JSON.stringify(req), headers: { "Content-Type": "application/json" }, signal: state.controller.signal });
    if (!(resp.headers.get("Content-Type") || "").startsWith("text/event-stream")) {
      showProblem(errs, await resp.json());
      status("Not run.");
      return;
    }
    await readEvents(resp.body, (name, data) => {
      if (name === "queued") status(`Waiting: you are number ${data.position} in the queue.`);
      else if (name === "started") status(`Running ${data.what}…`);
      else if (name === "progress") { prog.value = data.done / data.runs; status(`Running: ${data.done} of ${data.runs} simulations done.`); }
      else if (name === "error") { showProblem(errs, data); status("Stopped."); }
      else if (name === "result") { showResult(data); status(`Done: ${data.title}, in ${data.seconds} s.`); }
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

function showResult(r) {
  $("answer").hidden = false;
  $("answer-title").textContent = r.title;
  const caps = $("captions");
  caps.replaceChildren();
  for (const c of r.captions) caps.append(el("li", { class: c.clear ? "clear" : "unclear", text: c.text }));
  $("th-a").textContent = "A: " + r.A;
  $("th-b").textContent = "B: " + r.B;
  const tb = $("table").querySelector("tbody");
  tb.replaceChildren();
  for (const row of r.table) tb.append(el("tr", {}, el("th", { scope: "row", text: row.metric }), el("td", { text: row.A }), el("td", { text: row.B }), el("td", { text: row.Diff })));
  $("download").href = r.download || "#";
  $("download").hidden = !r.download; // a run too large to keep has none
  $("command").textContent = r.command;
  const charts = $("charts");
  charts.replaceChildren();
  for (const c of r.charts) {
    if (c.name === "dashboard") continue; // the others show it, larger
    charts.append(el("figure", { class: "chart" }, el("img", { src: c.src, alt: c.alt, "data-chart": c.name }), el("figcaption", { text: c.alt.split(". Scenarios:")[0] })));
  }
  $("answer-h").scrollIntoView(); // not smooth: some readers need less motion
}

// ---- exercises and stories -------------------------------------------------

function setUpExercise(e) {
  pick("a", e.a);
  pick("b", e.b);
  state.aSets = e.a_sets || {};
  state.names = { a: e.a_name, b: e.b_name };
  resetLevers(e.b_sets || {});
  const a = state.aSets;
  const desc = Object.keys(a).length ? " (with " + Object.entries(a).map(([k, v]) => k + " = " + v).join(", ") + ")" : "";
  $("desc-a").append(desc);
  status(`Exercise set up: ${e.title}. Press Run.`);
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
    ul.append(el("li", {}, el("a", { href: "/stories/" + s.name, text: s.name }), ": " + s.description));
  }
}

// ---- start -----------------------------------------------------------------

async function start() {
  state.setup = await (await fetch("/api/setup")).json();
  const z = state.setup.size;
  for (const [id, v, mx] of [["patients", z.patients, z.max_patients], ["years", z.years, z.max_years], ["replicates", z.replicates, z.max_replicates]]) {
    $(id).value = v;
    $(id).max = mx;
  }
  $("size-hint").textContent = `Teaching size: ${z.patients.toLocaleString("en-GB")} patients, ${z.years} years (statistics after a ${z.warmup_years}-year warm-up), ${z.replicates} replicates. This server allows up to ${z.max_patients.toLocaleString("en-GB")} patients, ${z.max_years} years and ${z.max_replicates} replicates.`;
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
  $("reset-levers").addEventListener("click", () => resetLevers());
  $("run").addEventListener("click", run);
  $("cancel").addEventListener("click", () => state.controller && state.controller.abort());
  document.body.dataset.ready = "true";
}

start();
