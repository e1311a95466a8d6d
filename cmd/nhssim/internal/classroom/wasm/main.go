//go:build js && wasm

// Command wasm is the classroom's simulator for the browser: built
// with GOOS=js GOARCH=wasm, it runs in a Web Worker (worker.js of the
// static classroom that 'nhssim serve --export' writes) and answers the
// page's setup, upload and run requests as the server's /api endpoints do,
// with the same checks and the same JSON.
//
// It sets globalThis.nhssim to an object of functions:
//
//	setup() string                      the body of GET /api/setup
//	upload(name, text) [status, body]   POST /api/upload?name=NAME
//	run(request, send)                  POST /api/run: send(event, data) for
//	                                    each event of the server's stream,
//	                                    then send("zip", bytes) or
//	                                    send("end", "") when it is over
//	memory() string                     the Go runtime's memory statistics
//	                                    (runtime.MemStats as JSON)
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"syscall/js"

	"github.com/nhssim/nhssim/cmd/nhssim/internal/classroom"
)

func main() {
	l, err := classroom.NewBrowser()
	if err != nil {
		fmt.Fprintln(os.Stderr, "nhssim:", err)
		os.Exit(1)
	}
	api := js.Global().Get("Object").New()
	api.Set("setup", js.FuncOf(func(js.Value, []js.Value) any { return string(l.Setup()) }))
	api.Set("upload", js.FuncOf(func(_ js.Value, args []js.Value) any {
		status, body := l.Upload(args[0].String(), []byte(args[1].String()))
		return []any{status, string(body)}
	}))
	api.Set("run", js.FuncOf(func(_ js.Value, args []js.Value) any {
		req, send := args[0].String(), args[1]
		// A callback must not block: the run goes on in a goroutine, and
		// the worker's thread is the simulation's until it ends.
		go func() {
			zip := l.Run(context.Background(), []byte(req), func(event string, data []byte) {
				send.Invoke(event, string(data))
			})
			if zip == nil {
				send.Invoke("end", "")
				return
			}
			b := js.Global().Get("Uint8Array").New(len(zip))
			js.CopyBytesToJS(b, zip)
			send.Invoke("zip", b)
		}()
		return nil
	}))
	api.Set("memory", js.FuncOf(func(js.Value, []js.Value) any {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		data, _ := json.Marshal(map[string]uint64{
			"sys": m.Sys, "heap_sys": m.HeapSys, "heap_inuse": m.HeapInuse, "heap_alloc": m.HeapAlloc,
			"total_alloc": m.TotalAlloc, "num_gc": uint64(m.NumGC),
		})
		return string(data)
	}))
	js.Global().Set("nhssim", api)
	select {} // the functions above answer the worker's calls
}
