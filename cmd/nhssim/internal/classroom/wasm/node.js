// Runs the classroom's WebAssembly simulator under Node, as the static
// page's worker does, for tests and measurements:
//
//   node node.js WASM_EXEC_JS NHSSIM_WASM REQUEST_JSON OUT_ZIP
//
// It runs the request (the body of POST /api/run), writes the download's
// zip to OUT_ZIP and prints one line of JSON: the run's seconds, the
// events' names, the WebAssembly memory's size in bytes and the Go
// runtime's memory statistics. An error event's message goes to stderr
// and the exit status is 1.
"use strict";
const fs = require("fs");
const [wasmExec, wasmFile, reqFile, outFile] = process.argv.slice(2);
require(wasmExec); // sets globalThis.Go

(async () => {
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), go.importObject);
  go.run(instance);
  const api = globalThis.nhssim;
  const request = fs.readFileSync(reqFile, "utf8");
  const events = [];
  const start = performance.now();
  api.run(request, (event, data) => {
    events.push(event);
    if (event === "error") {
      process.stderr.write(JSON.parse(data).message + "\n");
    }
    if (event === "zip" || event === "end") {
      const seconds = (performance.now() - start) / 1000;
      if (event === "zip") fs.writeFileSync(outFile, data);
      const out = { seconds, events: [...new Set(events)], wasm_memory: instance.exports.mem.buffer.byteLength, go: JSON.parse(api.memory()) };
      process.stdout.write(JSON.stringify(out) + "\n");
      process.exit(event === "zip" ? 0 : 1);
    }
  });
})();
