// nhssim classroom: the Web Worker of the static classroom ('nhssim serve
// --export'). It runs the simulator, built for WebAssembly, in the
// student's browser: the page posts a request, the worker answers with the
// events of the server's /api/run stream. Plain JavaScript, no build step.
"use strict";

importScripts("wasm_exec.js");

// ready resolves when the module has started and set globalThis.nhssim.
const ready = (async () => {
  const go = new Go();
  const resp = fetch("nhssim.wasm");
  const { instance } = WebAssembly.instantiateStreaming
    ? await WebAssembly.instantiateStreaming(resp, go.importObject).catch(async () =>
      WebAssembly.instantiate(await (await fetch("nhssim.wasm")).arrayBuffer(), go.importObject)) // a host without application/wasm
    : await WebAssembly.instantiate(await (await resp).arrayBuffer(), go.importObject);
  go.run(instance); // returns when the module exits, which it does not
  return globalThis.nhssim;
})();

// Each message is {id, op, ...}; each answer is {id, event, data}, data
// being JSON text, except a run's "zip" (bytes).
onmessage = async (ev) => {
  const m = ev.data;
  const answer = (event, data) => postMessage({ id: m.id, event, data });
  let api;
  try {
    api = await ready;
  } catch (e) {
    answer("error", JSON.stringify({ message: "The simulator could not start in this browser: " + e.message }));
    return;
  }
  if (m.op === "upload") {
    const [status, body] = api.upload(m.name, m.text);
    answer(status === 200 ? "ok" : "problem", body);
  } else if (m.op === "run") {
    api.run(m.request, answer);
  } else if (m.op === "memory") {
    answer("memory", api.memory());
  }
};
