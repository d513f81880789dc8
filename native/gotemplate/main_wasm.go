//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"
)

// In WebAssembly: a global function the engine calls with a JSON request and gets a JSON response.
func main() {
	js.Global().Set("gitopsDeskGoTemplate", js.FuncOf(func(_ js.Value, args []js.Value) any {
		out, _ := json.Marshal(Render([]byte(args[0].String())))
		return string(out)
	}))
	js.Global().Set("gitopsDeskNotify", js.FuncOf(func(_ js.Value, args []js.Value) any {
		out, _ := json.Marshal(Notify([]byte(args[0].String())))
		return string(out)
	}))
	select {}
}
